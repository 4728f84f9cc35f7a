/* bs-data-source-group.h — one data source on the Data workbench: its kind and place, and
 * its tables (loaded from GET data-sources/{id}/tables), each a row that expands into its
 * columns.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

#define BS_TYPE_DATA_SOURCE_GROUP (bs_data_source_group_get_type ())
G_DECLARE_FINAL_TYPE (BsDataSourceGroup, bs_data_source_group, BS, DATA_SOURCE_GROUP,
                      AdwPreferencesGroup)

/* @source is one item of GET data-sources. */
GtkWidget *bs_data_source_group_new          (BsEngineClient    *client,
                                              JsonObject        *source);
gint64     bs_data_source_group_get_id       (BsDataSourceGroup *self);
/* How many tables are listed (-1 while they load or after an error). */
int        bs_data_source_group_get_n_tables (BsDataSourceGroup *self);

G_END_DECLS
