/* bs-api-routes-dashboards-private.h — the dashboard routes (bs-api-routes-dashboards.c),
 * gathered into the route table by bs-api-routes.c.
 *
 * A dashboard is answered as
 *   {"uid","title","version","published","owner","created_at","updated_at","panel_count",
 *    "dashboard": <Grafana JSON>}   (no "dashboard" in lists)
 * and a version as {"version","title","saved_at","saved_by","message","dashboard"}.
 * Bodies: POST {"dashboard": {…}, "message"?}; PUT {"dashboard": {…}, "version": <the
 * version last loaded>, "message"?}; PUT …/published {"published": bool}.
 */
#pragma once

#include "bs-api-request.h"

G_BEGIN_DECLS

void bs_api_routes_list_dashboards           (BsApiRequest *request);
void bs_api_routes_create_dashboard          (BsApiRequest *request);
void bs_api_routes_get_dashboard             (BsApiRequest *request);
void bs_api_routes_update_dashboard          (BsApiRequest *request);
void bs_api_routes_delete_dashboard          (BsApiRequest *request);
void bs_api_routes_list_dashboard_versions   (BsApiRequest *request);
void bs_api_routes_get_dashboard_version     (BsApiRequest *request);
void bs_api_routes_restore_dashboard_version (BsApiRequest *request);
void bs_api_routes_publish_dashboard         (BsApiRequest *request);

G_END_DECLS
