#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-dashboards-private.h"
#include "bs-api-routes-private.h"
#include "bs-data-source.h"
#include "bs-engine-json.h"
#include "bs-engine-meta.h"
#include "bs-retail-figures.h"

static const BsApiRoute routes[] = {
  { "GET",    "health",                   BS_API_PUBLIC,  FALSE, bs_api_routes_health },
  { "GET",    "workspace",                BS_ROLE_VIEWER, FALSE, bs_api_routes_workspace },
  { "GET",    "home",                     BS_ROLE_VIEWER, FALSE, bs_api_routes_home },
  { "GET",    "preferences",              BS_ROLE_VIEWER, FALSE, bs_api_routes_list_preferences },
  { "PUT",    "preferences/{key}",        BS_ROLE_EDITOR, TRUE,  bs_api_routes_set_preference },
  { "GET",    "tokens",                   BS_ROLE_ADMIN,  FALSE, bs_api_routes_list_tokens },
  { "POST",   "tokens",                   BS_ROLE_ADMIN,  TRUE,  bs_api_routes_create_token },
  { "DELETE", "tokens/{id}",              BS_ROLE_ADMIN,  FALSE, bs_api_routes_revoke_token },
  /* Viewers may read and clear onboarding events only; the handler asks admin for the rest. */
  { "GET",    "events",                   BS_ROLE_VIEWER, FALSE, bs_api_routes_read_events },
  { "POST",   "events",                   BS_ROLE_VIEWER, TRUE,  bs_api_routes_record_event },
  { "DELETE", "events",                   BS_ROLE_VIEWER, FALSE, bs_api_routes_clear_events },
  { "GET",    "personas",                 BS_ROLE_VIEWER, FALSE, bs_api_routes_list_personas },
  /* Viewer: it is the caller's own profile. */
  { "GET",    "users/me/preferences",     BS_ROLE_VIEWER, FALSE, bs_api_routes_get_profile },
  { "PUT",    "users/me/preferences",     BS_ROLE_VIEWER, TRUE,  bs_api_routes_set_profile },
  /* queries and schemas */
  { "POST",   "query",                    BS_ROLE_VIEWER, TRUE,  bs_api_routes_run_query },
  { "GET",    "datasources/{id}/schema",  BS_ROLE_VIEWER, FALSE, bs_api_routes_get_schema },
  { "GET",    "datasources/{id}/tables/{table}/rows", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_preview_rows },
  { "GET",    "datasources/{id}/health",  BS_ROLE_VIEWER, FALSE, bs_api_routes_check_source },
  { "POST",   "datasources/{id}/promql",  BS_ROLE_VIEWER, TRUE,  bs_api_routes_run_promql },
  { "GET",    "datasources/{id}/label-values", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_label_values },
  { "POST",   "grafana/datasources",      BS_ROLE_EDITOR, TRUE,
    bs_api_routes_list_grafana_datasources },
  /* data sources and imports */
  { "GET",    "datasources",              BS_ROLE_VIEWER, FALSE, bs_api_routes_list_datasources },
  { "POST",   "datasources",              BS_ROLE_EDITOR, TRUE,  bs_api_routes_create_datasource },
  { "GET",    "datasources/{id}",         BS_ROLE_VIEWER, FALSE, bs_api_routes_get_datasource },
  { "PUT",    "datasources/{id}",         BS_ROLE_EDITOR, TRUE,  bs_api_routes_update_datasource },
  { "DELETE", "datasources/{id}",         BS_ROLE_EDITOR, FALSE, bs_api_routes_delete_datasource },
  { "GET",    "imports",                  BS_ROLE_VIEWER, FALSE, bs_api_routes_list_imports },
  { "POST",   "imports",                  BS_ROLE_EDITOR, TRUE,  bs_api_routes_create_import },
  { "GET",    "imports/{id}",             BS_ROLE_VIEWER, FALSE, bs_api_routes_get_import },
  { "DELETE", "imports/{id}",             BS_ROLE_EDITOR, FALSE, bs_api_routes_cancel_import },
  /* dashboards (issue 6, helper B) */
  { "GET",    "dashboards",               BS_ROLE_VIEWER, FALSE, bs_api_routes_list_dashboards },
  { "POST",   "dashboards",               BS_ROLE_EDITOR, TRUE,  bs_api_routes_create_dashboard },
  /* Viewer: the handlers answer 404 for a dashboard a viewer may not read, 403 for a
   * published one they try to change. */
  { "GET",    "dashboards/{uid}",         BS_ROLE_VIEWER, FALSE, bs_api_routes_get_dashboard },
  { "PUT",    "dashboards/{uid}",         BS_ROLE_VIEWER, TRUE,  bs_api_routes_update_dashboard },
  { "DELETE", "dashboards/{uid}",         BS_ROLE_VIEWER, FALSE, bs_api_routes_delete_dashboard },
  { "PUT",    "dashboards/{uid}/published", BS_ROLE_VIEWER, TRUE,
    bs_api_routes_publish_dashboard },
  { "GET",    "dashboards/{uid}/versions", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_list_dashboard_versions },
  { "GET",    "dashboards/{uid}/versions/{version}", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_get_dashboard_version },
  { "POST",   "dashboards/{uid}/versions/{version}/restore", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_restore_dashboard_version },
  /* alerts: rules, preview, history, alerts */
  { "GET",    "rules",                    BS_ROLE_VIEWER, FALSE, bs_api_routes_list_rules },
  { "POST",   "rules",                    BS_ROLE_VIEWER, TRUE,  bs_api_routes_create_rule },
  { "POST",   "rules/bulk",               BS_ROLE_VIEWER, TRUE,  bs_api_routes_bulk_rules },
  { "POST",   "rules/preview",            BS_ROLE_VIEWER, TRUE,  bs_api_routes_preview_rule },
  { "GET",    "rules/{id}",               BS_ROLE_VIEWER, FALSE, bs_api_routes_get_rule },
  { "PUT",    "rules/{id}",               BS_ROLE_VIEWER, TRUE,  bs_api_routes_update_rule },
  { "DELETE", "rules/{id}",               BS_ROLE_VIEWER, FALSE, bs_api_routes_delete_rule },
  { "GET",    "rules/{id}/history",       BS_ROLE_VIEWER, FALSE, bs_api_routes_rule_history },
  { "GET",    "rules/{id}/notifications", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_rule_notifications },
  { "GET",    "alerts",                   BS_ROLE_VIEWER, FALSE, bs_api_routes_list_alerts },
  /* alerts: contact points and silences */
  { "GET",    "contact-points",           BS_ROLE_VIEWER, FALSE,
    bs_api_routes_list_contact_points },
  { "POST",   "contact-points",           BS_ROLE_EDITOR, TRUE,
    bs_api_routes_create_contact_point },
  { "GET",    "contact-points/{id}",      BS_ROLE_VIEWER, FALSE,
    bs_api_routes_get_contact_point },
  { "PUT",    "contact-points/{id}",      BS_ROLE_EDITOR, TRUE,
    bs_api_routes_update_contact_point },
  { "DELETE", "contact-points/{id}",      BS_ROLE_EDITOR, FALSE,
    bs_api_routes_delete_contact_point },
  /* "Send test" needs no body; one that is sent is ignored. */
  { "GET",    "contact-points/{id}/notifications", BS_ROLE_VIEWER, FALSE,
    bs_api_routes_contact_point_notifications },
  { "POST",   "contact-points/{id}/test", BS_ROLE_EDITOR, FALSE,
    bs_api_routes_test_contact_point },
  { "GET",    "silences",                 BS_ROLE_VIEWER, FALSE, bs_api_routes_list_silences },
  { "POST",   "silences",                 BS_ROLE_EDITOR, TRUE,  bs_api_routes_create_silence },
  { "DELETE", "silences/{id}",            BS_ROLE_EDITOR, FALSE, bs_api_routes_expire_silence },
  /* client Grafana instances (issue 7); "test" needs no body */
  { "GET",    "instances",                BS_ROLE_VIEWER, FALSE, bs_api_routes_list_instances },
  { "POST",   "instances",                BS_ROLE_EDITOR, TRUE,  bs_api_routes_create_instance },
  { "GET",    "instances/{id}",           BS_ROLE_VIEWER, FALSE, bs_api_routes_get_instance },
  { "PUT",    "instances/{id}",           BS_ROLE_EDITOR, TRUE,  bs_api_routes_update_instance },
  { "DELETE", "instances/{id}",           BS_ROLE_EDITOR, FALSE, bs_api_routes_delete_instance },
  { "POST",   "instances/{id}/test",      BS_ROLE_EDITOR, FALSE, bs_api_routes_test_instance },
};

const BsApiRoute *
bs_api_routes_get (gsize *n_routes)
{
  g_return_val_if_fail (n_routes != NULL, NULL);

  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

void
bs_api_routes_health (BsApiRequest *request)
{
  BsApiServer *server = bs_api_request_get_server (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "api");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "uptime_seconds");
  json_builder_add_int_value (builder, bs_api_server_get_uptime_seconds (server));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
add_meta_string (JsonBuilder *builder,
                 BsStore     *store,
                 const char  *member,
                 const char  *key)
{
  g_autofree char *value = bs_store_get_meta (store, key);

  bs_engine_json_add_string_or_null (builder, member, value);
}

static void
add_meta_int (JsonBuilder *builder,
              BsStore     *store,
              const char  *member,
              const char  *key)
{
  g_autofree char *value = bs_store_get_meta (store, key);
  gint64 number = 0;

  json_builder_set_member_name (builder, member);
  if (value != NULL && g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &number, NULL))
    json_builder_add_int_value (builder, number);
  else
    json_builder_add_null_value (builder);
}

static void
add_demo (JsonBuilder *builder,
          BsStore     *store)
{
  g_autofree char *path = bs_store_get_meta (store, BS_ENGINE_META_DEMO_PATH);

  json_builder_set_member_name (builder, "demo");
  if (path == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  add_meta_int (builder, store, "seed", BS_ENGINE_META_DEMO_SEED);
  add_meta_int (builder, store, "rows", BS_ENGINE_META_DEMO_ROWS);
  add_meta_string (builder, store, "generated_at", BS_ENGINE_META_DEMO_GENERATED_AT);
  json_builder_end_object (builder);
}

void
bs_api_routes_workspace (BsApiRequest *request)
{
  BsApiServer *server = bs_api_request_get_server (request);
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, bs_store_get_schema_version (store));
  add_meta_string (builder, store, "created_at", "created_at");
  json_builder_set_member_name (builder, "data_dir");
  json_builder_add_string_value (builder, bs_api_server_get_data_dir (server));
  add_demo (builder, store);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

void
bs_api_routes_home (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(BsDataSource) demo = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(JsonNode) figures = NULL;
  g_autoptr(GError) error = NULL;

  demo = bs_data_source_find_demo (store, &error);
  if (demo == NULL && error != NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }
  if (demo == NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_NOT_FOUND,
                                    "This workspace has no demo data source, so Home has "
                                    "nothing to show; it was created with --no-demo");
      return;
    }

  figures = bs_retail_figures_query (demo->location, tz, &error);
  if (figures == NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  bs_api_request_respond_json (request, SOUP_STATUS_OK, figures);
}
