/* bs-data-table-pane.h — the right-hand side of the Data workbench: one table (or metric)
 * of one source, as its rows (GET datasources/{id}/tables/{table}/rows, a page at a time,
 * in a BsFrameView) and as a summary built from dropdowns (BsQueryBuilder + BsQueryPreview).
 * A metric has no rows to page through, only the summary.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"
#include "bs-frame-view.h"
#include "bs-profile.h"
#include "bs-query-builder.h"
#include "bs-query-preview.h"

G_BEGIN_DECLS

/* Rows asked for at a time. */
#define BS_DATA_TABLE_PANE_PAGE_SIZE 100

#define BS_TYPE_DATA_TABLE_PANE (bs_data_table_pane_get_type ())
G_DECLARE_FINAL_TYPE (BsDataTablePane, bs_data_table_pane, BS, DATA_TABLE_PANE, GtkWidget)

GtkWidget   *bs_data_table_pane_new           (void);
void         bs_data_table_pane_set_client    (BsDataTablePane    *self,
                                               BsEngineClient     *client);
void         bs_data_table_pane_set_verbosity (BsDataTablePane    *self,
                                               BsProfileVerbosity  verbosity);
/* Shows @table (its schema entry: "name", "rows", "columns"; or a metric's) of source
 * @source_id, and loads its first rows unless @is_metric. */
void         bs_data_table_pane_show_table    (BsDataTablePane    *self,
                                               gint64              source_id,
                                               const char         *source_name,
                                               JsonObject         *table,
                                               gboolean            is_metric);
/* Back to "no table open" (the source went away). */
void         bs_data_table_pane_clear         (BsDataTablePane    *self);
gint64       bs_data_table_pane_get_source_id (BsDataTablePane    *self);
/* The table shown, or NULL. */
const char  *bs_data_table_pane_get_table     (BsDataTablePane    *self);
/* Asks for the next page of rows, as the Load More button does; FALSE if there is none. */
gboolean     bs_data_table_pane_load_more     (BsDataTablePane    *self);
/* TRUE while rows are being fetched. */
gboolean     bs_data_table_pane_get_loading   (BsDataTablePane    *self);
/* Why the rows could not be shown, or NULL. */
const char  *bs_data_table_pane_get_error     (BsDataTablePane    *self);
BsFrameView *bs_data_table_pane_get_frame_view (BsDataTablePane   *self);
/* The Summarize view's widgets, or NULL before it was first shown. */
BsQueryBuilder *bs_data_table_pane_get_builder (BsDataTablePane   *self);
BsQueryPreview *bs_data_table_pane_get_preview (BsDataTablePane   *self);
/* Shows a Back button (the page is folded and shows only this pane). */
void         bs_data_table_pane_set_show_back (BsDataTablePane    *self,
                                               gboolean            show_back);

G_END_DECLS
