#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-private.h"
#include "bs-engine-change.h"

typedef struct
{
  const char *key;
  const char *value;
} PreferenceChange;

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

void
bs_api_routes_list_preferences (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) preferences = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **keys = NULL;
  guint n_keys;

  if (!(preferences = bs_store_list_preferences (store, &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  /* Sorted, so that the same preferences always give the same bytes. */
  keys = (const char **) g_hash_table_get_keys_as_array (preferences, &n_keys);
  g_qsort_with_data (keys, n_keys, sizeof (char *), compare_keys, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_keys; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_string_value (builder, g_hash_table_lookup (preferences, keys[i]));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

static JsonNode *
build_preference (const PreferenceChange *change)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, change->key);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, change->value);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
set_preference (BsStore   *store,
                gpointer   user_data,
                GError   **error)
{
  const PreferenceChange *change = user_data;

  if (!bs_store_set_preference (store, change->key, change->value, error))
    return NULL;

  return build_preference (change);
}

void
bs_api_routes_set_preference (BsApiRequest *request)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  PreferenceChange change;

  change.key = bs_api_request_get_param (request, "key");
  if (!bs_api_request_get_string_field (request, "value", TRUE, &change.value))
    return;

  if (!bs_engine_change_commit (bs_api_request_get_store (request),
                                bs_api_request_get_actor (request),
                                "preference.set", set_preference, &change, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  answer = build_preference (&change);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, answer);
}
