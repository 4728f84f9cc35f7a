/* bs-preview-status.h — what the query preview and the alert preview share in showing how a
 * run of the engine stands: that it is busy, and how long the engine took.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @spinner spinning, or hides it, and tells screen readers that @preview is busy.
 * The last answer in @result_box stays readable, faded, until the new one replaces it.
 * Returns TRUE when @busy is a change (the caller then notifies its "busy"). */
gboolean  bs_preview_show_busy      (GtkWidget  *preview,
                                     GtkSpinner *spinner,
                                     GtkWidget  *result_box,
                                     gboolean    busy);

/* The time the engine took, in milliseconds, for reading: "3.4" below ten, else "12". */
char     *bs_preview_format_elapsed (double      ms);

G_END_DECLS
