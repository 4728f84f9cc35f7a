/* bs-data-source-group.h — one data source on the Data workbench: its name, kind and place,
 * whether it answers (GET datasources/{id}/health, checked in the background), and its
 * schema (GET datasources/{id}/schema): tables that expand into their columns, or metrics
 * that expand into their labels. Each table or metric has an Open button that emits
 * ::table-activated.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

typedef enum
{
  BS_SOURCE_STATUS_CHECKING,
  BS_SOURCE_STATUS_OK,
  BS_SOURCE_STATUS_ERROR,
} BsSourceStatus;

#define BS_TYPE_DATA_SOURCE_GROUP (bs_data_source_group_get_type ())
G_DECLARE_FINAL_TYPE (BsDataSourceGroup, bs_data_source_group, BS, DATA_SOURCE_GROUP,
                      AdwPreferencesGroup)

/* @source is one item of GET datasources. */
GtkWidget      *bs_data_source_group_new                (BsEngineClient    *client,
                                                         JsonObject        *source);
gint64          bs_data_source_group_get_id             (BsDataSourceGroup *self);
const char     *bs_data_source_group_get_name           (BsDataSourceGroup *self);
/* "sqlite", "csv", "prometheus" or "grafana". */
const char     *bs_data_source_group_get_kind           (BsDataSourceGroup *self);
/* TRUE for Prometheus and Grafana sources, whose schema lists metrics, not tables. */
gboolean        bs_data_source_group_has_metrics        (BsDataSourceGroup *self);
/* How many tables or metrics are listed (-1 while they load or after an error). */
int             bs_data_source_group_get_n_tables       (BsDataSourceGroup *self);
/* The schema entry of table or metric @name ({"name","columns",…}), or NULL. */
JsonObject     *bs_data_source_group_get_table          (BsDataSourceGroup *self,
                                                         const char        *name);
BsSourceStatus  bs_data_source_group_get_status         (BsDataSourceGroup *self);
/* What the health check said (the engine's words), or NULL while checking. */
const char     *bs_data_source_group_get_status_message (BsDataSourceGroup *self);
/* Why the tables or metrics could not be listed, or NULL. */
const char     *bs_data_source_group_get_schema_error   (BsDataSourceGroup *self);
/* Checks the health and loads the schema again. */
void            bs_data_source_group_reload             (BsDataSourceGroup *self);

G_END_DECLS
