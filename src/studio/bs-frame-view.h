/* bs-frame-view.h — a result frame (see the issue 4 contract: "columns", "rows", …) as a
 * table: a GtkColumnView whose columns sort when their header is clicked, numbers
 * right-aligned and written in the user's locale, times in local time, missing values as
 * an em dash, and an empty state when there is nothing to show.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_TYPE_FRAME_VIEW (bs_frame_view_get_type ())
G_DECLARE_FINAL_TYPE (BsFrameView, bs_frame_view, BS, FRAME_VIEW, GtkWidget)

GtkWidget  *bs_frame_view_new            (void);

/* Shows @frame (a result frame; only "columns" and "rows" are read) instead of what was
 * shown. NULL, or a frame without rows, shows the empty state. The frame is referenced,
 * not copied: do not change it afterwards. */
void        bs_frame_view_set_frame      (BsFrameView *self,
                                          JsonObject  *frame);
/* The frame last given to set_frame (rows appended since included), or NULL. */
JsonObject *bs_frame_view_get_frame      (BsFrameView *self);

/* Adds the rows of @frame, which must have the same columns as the one shown (a next page
 * of the same table). Returns FALSE, and changes nothing, when the columns differ. */
gboolean    bs_frame_view_append_rows    (BsFrameView *self,
                                          JsonObject  *frame);

guint       bs_frame_view_get_n_rows     (BsFrameView *self);
guint       bs_frame_view_get_n_columns  (BsFrameView *self);

/* The text the cell at @row (in the order shown, after sorting) and @column shows, or NULL
 * when out of range. */
char       *bs_frame_view_dup_cell_text  (BsFrameView *self,
                                          guint        row,
                                          guint        column);

/* What the empty state says, e.g. _("No rows") and _("Nothing matches these filters."). */
void        bs_frame_view_set_empty_text (BsFrameView *self,
                                          const char  *title,
                                          const char  *description);

/* One value of a frame as the view writes it: @type is the column's "time", "integer",
 * "number" or "text"; a NULL or null @value gives "—". */
char       *bs_frame_format_value        (JsonNode    *value,
                                          const char  *type);

G_END_DECLS
