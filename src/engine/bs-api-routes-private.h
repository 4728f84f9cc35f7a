/* bs-api-routes-private.h — the route handlers, one group per file, gathered into the
 * table by bs-api-routes.c.
 */
#pragma once

#include "bs-api-routes.h"

G_BEGIN_DECLS

/* bs-api-routes.c */
void bs_api_routes_health              (BsApiRequest *request);
void bs_api_routes_workspace           (BsApiRequest *request);
void bs_api_routes_home                (BsApiRequest *request);

/* bs-api-routes-preferences.c */
void bs_api_routes_list_preferences    (BsApiRequest *request);
void bs_api_routes_set_preference      (BsApiRequest *request);

/* bs-api-routes-tokens.c */
void bs_api_routes_list_tokens         (BsApiRequest *request);
void bs_api_routes_create_token        (BsApiRequest *request);
void bs_api_routes_revoke_token        (BsApiRequest *request);

/* bs-api-routes-profile.c */
void bs_api_routes_list_personas       (BsApiRequest *request);
void bs_api_routes_get_profile         (BsApiRequest *request);
void bs_api_routes_set_profile         (BsApiRequest *request);
void bs_api_routes_record_event        (BsApiRequest *request);
void bs_api_routes_read_events         (BsApiRequest *request);
void bs_api_routes_clear_events        (BsApiRequest *request);

/* bs-api-routes-query.c */
void bs_api_routes_run_query           (BsApiRequest *request);
void bs_api_routes_get_schema          (BsApiRequest *request);
void bs_api_routes_preview_rows        (BsApiRequest *request);
void bs_api_routes_check_source        (BsApiRequest *request);
void bs_api_routes_list_grafana_datasources (BsApiRequest *request);
void bs_api_routes_run_promql          (BsApiRequest *request);
void bs_api_routes_label_values        (BsApiRequest *request);

/* bs-api-routes-data-sources.c, bs-api-routes-imports.c */
void bs_api_routes_list_datasources   (BsApiRequest *request);
void bs_api_routes_create_datasource  (BsApiRequest *request);
void bs_api_routes_get_datasource     (BsApiRequest *request);
void bs_api_routes_update_datasource  (BsApiRequest *request);
void bs_api_routes_delete_datasource  (BsApiRequest *request);
void bs_api_routes_list_imports       (BsApiRequest *request);
void bs_api_routes_create_import      (BsApiRequest *request);
void bs_api_routes_get_import         (BsApiRequest *request);
void bs_api_routes_cancel_import      (BsApiRequest *request);
/* bs-api-routes-alerts.c, bs-api-routes-contact-points.c */
void bs_api_routes_list_rules          (BsApiRequest *request);
void bs_api_routes_create_rule         (BsApiRequest *request);
void bs_api_routes_get_rule            (BsApiRequest *request);
void bs_api_routes_update_rule         (BsApiRequest *request);
void bs_api_routes_delete_rule         (BsApiRequest *request);
void bs_api_routes_bulk_rules          (BsApiRequest *request);
void bs_api_routes_preview_rule        (BsApiRequest *request);
void bs_api_routes_rule_history        (BsApiRequest *request);
void bs_api_routes_rule_notifications  (BsApiRequest *request);
void bs_api_routes_list_alerts         (BsApiRequest *request);
void bs_api_routes_list_contact_points (BsApiRequest *request);
void bs_api_routes_create_contact_point (BsApiRequest *request);
void bs_api_routes_get_contact_point   (BsApiRequest *request);
void bs_api_routes_update_contact_point (BsApiRequest *request);
void bs_api_routes_delete_contact_point (BsApiRequest *request);
void bs_api_routes_test_contact_point  (BsApiRequest *request);
void bs_api_routes_contact_point_notifications (BsApiRequest *request);
void bs_api_routes_list_silences       (BsApiRequest *request);
void bs_api_routes_create_silence      (BsApiRequest *request);
void bs_api_routes_expire_silence      (BsApiRequest *request);

/* bs-api-routes-instances.c (issue 7: client Grafana instances) */
void bs_api_routes_list_instances      (BsApiRequest *request);
void bs_api_routes_create_instance     (BsApiRequest *request);
void bs_api_routes_get_instance        (BsApiRequest *request);
void bs_api_routes_update_instance     (BsApiRequest *request);
void bs_api_routes_delete_instance     (BsApiRequest *request);
void bs_api_routes_test_instance       (BsApiRequest *request);

G_END_DECLS
