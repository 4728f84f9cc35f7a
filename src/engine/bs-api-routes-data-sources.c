#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-private.h"
#include "bs-data-source.h"
#include "bs-engine-json.h"
#include "bs-sqlite-tables.h"

static void
add_data_source (JsonBuilder   *builder,
                 gconstpointer  item)
{
  const BsDataSource *source = item;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, source->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, source->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, source->kind);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, source->location);
  json_builder_set_member_name (builder, "is_demo");
  json_builder_add_boolean_value (builder, source->is_demo);
  bs_engine_json_add_time (builder, "created_at", source->created_at);
  json_builder_end_object (builder);
}

void
bs_api_routes_list_data_sources (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = bs_data_source_list (bs_api_request_get_store (request),
                                                      &error);

  bs_api_request_respond_items (request, sources, error, add_data_source);
}

void
bs_api_routes_list_tables (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(JsonNode) tables = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "data source", &id))
    return;

  if (!(source = bs_data_source_lookup (store, id, &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  if (g_strcmp0 (source->kind, "sqlite") != 0)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The data source “%s” is a %s source; only SQLite sources "
                                    "have tables to list", source->name, source->kind);
      return;
    }

  if (!(tables = bs_sqlite_tables_describe (source->location, &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  bs_api_request_respond_json (request, SOUP_STATUS_OK, tables);
}
