/* bs-markdown-view.h — a text panel: the Markdown subset Grafana's text panels use, drawn
 * with GTK labels and Pango markup: headings (#, ##, ###), paragraphs, **bold**, *italic*,
 * `code`, [links](https://…) (opened with the desktop's handler), lists ("- " and "1. "),
 * and horizontal rules (---). Everything else is shown as the text it is: no HTML is
 * interpreted, every character is escaped before markup is added.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_MARKDOWN_VIEW (bs_markdown_view_get_type ())
G_DECLARE_FINAL_TYPE (BsMarkdownView, bs_markdown_view, BS, MARKDOWN_VIEW, GtkWidget)

GtkWidget  *bs_markdown_view_new       (void);
void        bs_markdown_view_set_text  (BsMarkdownView *self,
                                        const char     *markdown);
/* The Pango markup of one block of text (a paragraph or heading), for tests; inline rules
 * only. */
char       *bs_markdown_inline_to_markup (const char   *text);

G_END_DECLS
