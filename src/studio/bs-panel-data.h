/* bs-panel-data.h — runs the queries of a dashboard's panels against the engine
 * (POST /api/v1/query, and the PromQL of imported Grafana panels), shared by all the panels
 * of one dashboard: at most BS_PANEL_DATA_MAX_RUNNING requests at once (the rest wait in
 * order, so 50 panels do not open 50 connections), and panels asking for the same query at
 * the same time share one request. Every run is cancellable; a cancelled one that others
 * still wait for keeps running for them.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-dashboard-promql.h"
#include "bs-engine-client.h"
#include "bs-query.h"

G_BEGIN_DECLS

#define BS_PANEL_DATA_MAX_RUNNING 3
/* Rows asked for per panel: enough for a week of hours for 20 series. */
#define BS_PANEL_DATA_ROW_LIMIT   5000

#define BS_PANEL_DATA_ERROR (bs_panel_data_error_quark ())

typedef enum
{
  BS_PANEL_DATA_ERROR_NO_SOURCE,  /* a Prometheus panel, and no Prometheus source here */
} BsPanelDataError;

#define BS_TYPE_PANEL_DATA (bs_panel_data_get_type ())
G_DECLARE_FINAL_TYPE (BsPanelData, bs_panel_data, BS, PANEL_DATA, GObject)

GQuark       bs_panel_data_error_quark (void);

BsPanelData *bs_panel_data_new         (BsEngineClient      *client);

void         bs_panel_data_run_async   (BsPanelData         *self,
                                        const BsQuery       *query,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* The result frame ("columns", "rows", …) of either run; the engine's message on error. */
JsonObject  *bs_panel_data_run_finish  (BsPanelData         *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Runs every target of @request (taken) on the workspace's Prometheus source
 * (POST /datasources/{id}/promql, the source chosen by bs_promql_choose_source from a fresh
 * GET /datasources) and merges the answers into one frame (bs_promql_panel_frame).
 * BS_PANEL_DATA_ERROR_NO_SOURCE when the workspace has no Prometheus source. Finish it with
 * bs_panel_data_run_finish (). */
void         bs_panel_data_run_promql_async  (BsPanelData         *self,
                                              BsPromqlRequest     *request,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* The values of Prometheus label @label (of the series @selector matches; NULL: all), from
 * the source chosen as above for @datasource (may be NULL): a JsonArray of strings. */
void         bs_panel_data_label_values_async  (BsPanelData         *self,
                                                const char          *datasource,
                                                const char          *selector,
                                                const char          *label,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonArray   *bs_panel_data_label_values_finish (BsPanelData         *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Requests sent to the engine so far (shared runs count once), for tests. */
guint        bs_panel_data_get_n_requests (BsPanelData      *self);

G_END_DECLS
