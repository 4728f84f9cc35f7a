/* bs-panel-data.h — runs the queries of a dashboard's panels against the engine
 * (POST /api/v1/query), shared by all the panels of one dashboard: at most
 * BS_PANEL_DATA_MAX_RUNNING requests at once (the rest wait in order, so 50 panels do not
 * open 50 connections), and panels asking for the same query at the same time share one
 * request. Every run is cancellable; a cancelled one that others still wait for keeps
 * running for them.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"
#include "bs-query.h"

G_BEGIN_DECLS

#define BS_PANEL_DATA_MAX_RUNNING 3
/* Rows asked for per panel: enough for a week of hours for 20 series. */
#define BS_PANEL_DATA_ROW_LIMIT   5000

#define BS_TYPE_PANEL_DATA (bs_panel_data_get_type ())
G_DECLARE_FINAL_TYPE (BsPanelData, bs_panel_data, BS, PANEL_DATA, GObject)

BsPanelData *bs_panel_data_new         (BsEngineClient      *client);
BsEngineClient *bs_panel_data_get_client (BsPanelData       *self);

void         bs_panel_data_run_async   (BsPanelData         *self,
                                        const BsQuery       *query,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* The result frame ("columns", "rows", …); the engine's message on error. */
JsonObject  *bs_panel_data_run_finish  (BsPanelData         *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Requests sent to the engine so far (shared runs count once), for tests. */
guint        bs_panel_data_get_n_requests (BsPanelData      *self);

G_END_DECLS
