#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <string.h>

#include "bs-markdown-view.h"

struct _BsMarkdownView
{
  GtkWidget  parent_instance;

  GtkWidget *scrolled;
  GtkWidget *box;
};

G_DEFINE_FINAL_TYPE (BsMarkdownView, bs_markdown_view, GTK_TYPE_WIDGET)

/* Inline rules */

static void append_inline (GString    *out,
                           const char *text,
                           gsize       length,
                           guint       depth);

static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  g_autofree char *escaped = g_markup_escape_text (text, length);

  g_string_append (out, escaped);
}

static gboolean
is_safe_link (const char *url,
              gsize       length)
{
  static const char *const schemes[] = { "https://", "http://", "mailto:" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (length > strlen (schemes[i]) &&
        g_ascii_strncasecmp (url, schemes[i], strlen (schemes[i])) == 0)
      return memchr (url, ' ', length) == NULL;
  return FALSE;
}

/* The end of an emphasis that opens at @text with @marker: the next @marker not escaped
 * and with something inside; NULL if there is none. */
static const char *
find_closing (const char *text,
              const char *end,
              const char *marker)
{
  gsize n = strlen (marker);

  for (const char *p = text + n + 1; p + n <= end; p++)
    {
      if (p[-1] == '\\')
        continue;
      if (strncmp (p, marker, n) == 0 && !g_ascii_isspace (p[-1]))
        {
          /* "*a**b*": a single marker is not half of a double one. */
          if (n == 1 && p + 1 < end && p[1] == marker[0])
            {
              p++;
              continue;
            }
          return p;
        }
    }
  return NULL;
}

static gboolean
try_emphasis (GString     *out,
              const char **p,
              const char  *start,
              const char  *end,
              guint        depth)
{
  const char *text = *p;
  gboolean strong = text + 1 < end && text[1] == text[0];
  const char *marker = strong ? (text[0] == '*' ? "**" : "__") : (text[0] == '*' ? "*" : "_");
  gsize n = strlen (marker);
  const char *close;

  /* "snake_case" and "2 * 3" are not emphasis. */
  if (text + n >= end || g_ascii_isspace (text[n]) ||
      (text[0] == '_' && text > start && g_ascii_isalnum (text[-1])))
    return FALSE;
  close = find_closing (text, end, marker);
  if (close == NULL ||
      (text[0] == '_' && close + n < end && g_ascii_isalnum (close[n])))
    return FALSE;

  g_string_append (out, strong ? "<b>" : "<i>");
  append_inline (out, text + n, close - text - n, depth + 1);
  g_string_append (out, strong ? "</b>" : "</i>");
  *p = close + n;
  return TRUE;
}

static gboolean
try_code (GString     *out,
          const char **p,
          const char  *end)
{
  const char *close = memchr (*p + 1, '`', end - *p - 1);

  if (close == NULL || close == *p + 1)
    return FALSE;
  g_string_append (out, "<tt>");
  append_escaped (out, *p + 1, close - *p - 1);
  g_string_append (out, "</tt>");
  *p = close + 1;
  return TRUE;
}

static gboolean
try_link (GString     *out,
          const char **p,
          const char  *end,
          guint        depth)
{
  const char *label_end = memchr (*p, ']', end - *p);
  const char *url, *url_end;

  if (label_end == NULL || label_end + 1 >= end || label_end[1] != '(')
    return FALSE;
  url = label_end + 2;
  url_end = memchr (url, ')', end - url);
  if (url_end == NULL || !is_safe_link (url, url_end - url))
    return FALSE;

  g_string_append (out, "<a href=\"");
  append_escaped (out, url, url_end - url);
  g_string_append (out, "\">");
  append_inline (out, *p + 1, label_end - *p - 1, depth + 1);
  g_string_append (out, "</a>");
  *p = url_end + 1;
  return TRUE;
}

static void
append_inline (GString    *out,
               const char *text,
               gsize       length,
               guint       depth)
{
  const char *end = text + length;
  const char *run = text;
  const char *p = text;

  while (p < end)
    {
      gsize mark = out->len;
      gboolean taken = FALSE;

      if (*p == '\\' && p + 1 < end && g_ascii_ispunct (p[1]))
        {
          append_escaped (out, run, p - run);
          append_escaped (out, p + 1, 1);
          p += 2;
          run = p;
          continue;
        }

      /* Nesting deeper than people write is left as text: no stack to exhaust. */
      if (depth >= 8 || *p == '\0' || strchr ("`*_[", *p) == NULL)
        {
          p++;
          continue;
        }

      append_escaped (out, run, p - run);
      if (*p == '`')
        taken = try_code (out, &p, end);
      else if (*p == '[')
        taken = try_link (out, &p, end, depth);
      else
        taken = try_emphasis (out, &p, text, end, depth);
      if (taken)
        run = p;
      else
        {
          /* Not markup after all: the text so far goes out with the rest of the run. */
          g_string_truncate (out, mark);
          p++;
        }
    }
  append_escaped (out, run, end - run);
}

char *
bs_markdown_inline_to_markup (const char *text)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  append_inline (out, text, strlen (text), 0);
  return g_string_free (out, FALSE);
}

/* Blocks */

static GtkWidget *
text_label (const char *markup,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_paragraph (BsMarkdownView *self,
               GString        *paragraph)
{
  g_autofree char *markup = NULL;

  if (paragraph->len == 0)
    return;
  markup = bs_markdown_inline_to_markup (paragraph->str);
  gtk_box_append (GTK_BOX (self->box), text_label (markup, NULL));
  g_string_truncate (paragraph, 0);
}

static int
heading_level (const char *line)
{
  int level = 0;

  while (line[level] == '#')
    level++;
  return level >= 1 && level <= 6 && line[level] == ' ' ? level : 0;
}

static gboolean
is_rule (const char *line)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (line));
  gsize n = strlen (trimmed);

  if (n < 3 || (trimmed[0] != '-' && trimmed[0] != '*' && trimmed[0] != '_'))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (trimmed[i] != trimmed[0] && trimmed[i] != ' ')
      return FALSE;
  return TRUE;
}

/* "- item", "* item", "+ item" or "12. item": the marker to show and where the text
 * starts; NULL for a line that is no list item. */
static char *
list_marker (const char  *line,
             const char **text)
{
  const char *p = line;

  while (*p == ' ')
    p++;
  if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ')
    {
      *text = p + 2;
      return g_strdup ("•");
    }
  if (g_ascii_isdigit (*p))
    {
      const char *digits = p;

      while (g_ascii_isdigit (*p))
        p++;
      if ((*p == '.' || *p == ')') && p[1] == ' ' && p - digits <= 9)
        {
          *text = p + 2;
          return g_strndup (digits, p - digits + 1);
        }
    }
  return NULL;
}

static void
add_list_item (BsMarkdownView *self,
               const char     *marker,
               const char     *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *markup = bs_markdown_inline_to_markup (text);
  GtkWidget *bullet = gtk_label_new (marker);

  gtk_label_set_yalign (GTK_LABEL (bullet), 0);
  gtk_widget_set_margin_start (row, 6);
  gtk_box_append (GTK_BOX (row), bullet);
  gtk_box_append (GTK_BOX (row), text_label (markup, NULL));
  gtk_box_append (GTK_BOX (self->box), row);
}

static void
add_code_block (BsMarkdownView *self,
                GString        *code)
{
  g_autofree char *escaped = g_markup_escape_text (code->str, -1);
  g_autofree char *markup = g_strconcat ("<tt>", escaped, "</tt>", NULL);
  GtkWidget *label = text_label (markup, "monospace");

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_box_append (GTK_BOX (self->box), label);
  g_string_truncate (code, 0);
}

static void
clear_blocks (BsMarkdownView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
}

void
bs_markdown_view_set_text (BsMarkdownView *self,
                           const char     *markdown)
{
  static const char *const heading_classes[] = { "title-2", "title-3", "heading" };
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autoptr(GString) code = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  gboolean in_code = FALSE;

  g_return_if_fail (BS_IS_MARKDOWN_VIEW (self));

  clear_blocks (self);
  lines = g_strsplit (markdown != NULL ? markdown : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      g_autofree char *marker = NULL;
      const char *item_text;
      int level;

      g_strchomp (line);
      if (in_code || strncmp (line, "```", 3) == 0)
        {
          if (strncmp (line, "```", 3) == 0)
            {
              if (in_code)
                add_code_block (self, code);
              else
                add_paragraph (self, paragraph);
              in_code = !in_code;
            }
          else
            g_string_append_printf (code, "%s%s", code->len > 0 ? "\n" : "", line);
          continue;
        }
      if (line[0] == '\0')
        {
          add_paragraph (self, paragraph);
          continue;
        }
      if ((level = heading_level (line)) > 0)
        {
          g_autofree char *markup = bs_markdown_inline_to_markup (g_strstrip (line + level));

          add_paragraph (self, paragraph);
          gtk_box_append (GTK_BOX (self->box),
                          text_label (markup, heading_classes[MIN (level, 3) - 1]));
          continue;
        }
      if (is_rule (line))
        {
          add_paragraph (self, paragraph);
          gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
          continue;
        }
      if ((marker = list_marker (line, &item_text)) != NULL)
        {
          add_paragraph (self, paragraph);
          add_list_item (self, marker, item_text);
          continue;
        }
      if (paragraph->len > 0)
        g_string_append_c (paragraph, ' ');
      g_string_append (paragraph, g_strstrip (line));
    }
  /* An open fence runs to the end, as in other Markdown readers. */
  if (in_code)
    add_code_block (self, code);
  add_paragraph (self, paragraph);
}

/* The widget */

static void
bs_markdown_view_dispose (GObject *object)
{
  BsMarkdownView *self = BS_MARKDOWN_VIEW (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (bs_markdown_view_parent_class)->dispose (object);
}

static void
bs_markdown_view_class_init (BsMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_markdown_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdownview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_markdown_view_init (BsMarkdownView *self)
{
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scrolled), TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (self->box, 4);
  gtk_widget_set_margin_end (self->box, 4);
  gtk_widget_set_margin_top (self->box, 2);
  gtk_widget_set_margin_bottom (self->box, 4);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->box);
}

GtkWidget *
bs_markdown_view_new (void)
{
  return g_object_new (BS_TYPE_MARKDOWN_VIEW, NULL);
}
