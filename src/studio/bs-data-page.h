/* bs-data-page.h — the Data workbench: the engine's data sources, each with whether it
 * answers, its tables or metrics and their columns; a way to add a source (a SQLite or CSV
 * file, a Prometheus server, a data source of a Grafana instance) or remove one; and, for
 * the table opened, its rows and a summary built from dropdowns.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-data-source-group.h"
#include "bs-data-table-pane.h"

G_BEGIN_DECLS

#define BS_TYPE_DATA_PAGE (bs_data_page_get_type ())
G_DECLARE_FINAL_TYPE (BsDataPage, bs_data_page, BS, DATA_PAGE, GtkWidget)

GtkWidget         *bs_data_page_new            (void);
/* How many data sources are on show (-1 before they were loaded). */
int                bs_data_page_get_n_sources  (BsDataPage *self);
/* The group showing source @id, or NULL. */
BsDataSourceGroup *bs_data_page_find_group     (BsDataPage *self,
                                                gint64      id);
BsDataTablePane   *bs_data_page_get_table_pane (BsDataPage *self);
/* Opens @table of source @id in the table pane, as its Open button does; FALSE if that
 * source or table is not listed (yet). */
gboolean           bs_data_page_open_table     (BsDataPage *self,
                                                gint64      id,
                                                const char *table);
/* Opens the Add Source dialog (the data.add-source action) and returns it. */
GtkWidget         *bs_data_page_add_source     (BsDataPage *self);
/* Asks whether to remove source @id (the data.remove-source action) and returns the
 * AdwMessageDialog asking; its "remove" response removes it. NULL if it is not listed. */
GtkWidget         *bs_data_page_remove_source  (BsDataPage *self,
                                                gint64      id);

G_END_DECLS
