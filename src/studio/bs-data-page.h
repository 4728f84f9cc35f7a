/* bs-data-page.h — the Data workbench: the engine's data sources, and for each its tables
 * with their row counts and columns.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_DATA_PAGE (bs_data_page_get_type ())
G_DECLARE_FINAL_TYPE (BsDataPage, bs_data_page, BS, DATA_PAGE, GtkWidget)

GtkWidget *bs_data_page_new           (void);
/* How many data sources are on show (-1 before they were loaded). */
int        bs_data_page_get_n_sources (BsDataPage *self);

G_END_DECLS
