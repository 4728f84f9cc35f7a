#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bs-prometheus-schema.h"

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of a set of strings, sorted; g_free () the array, not the strings. */
static const char **
sorted_keys (GHashTable *set,
             guint      *n_keys)
{
  gpointer *keys = g_hash_table_get_keys_as_array (set, n_keys);

  qsort (keys, *n_keys, sizeof (gpointer), compare_strings);
  return (const char **) keys;
}

/* Prometheus keeps one metadata entry per target exporting the metric; they rarely
 * disagree, so the first one speaks for all. The answer may hold anything there, and
 * json-glib's own getters complain (a critical) about a missing or mistyped member. */
static const char *
metadata_member (JsonObject *metadata,
                 const char *metric,
                 const char *member)
{
  JsonNode *entries = metadata != NULL ? json_object_get_member (metadata, metric) : NULL;
  JsonNode *first;
  JsonNode *value;

  if (entries == NULL || !JSON_NODE_HOLDS_ARRAY (entries) ||
      json_array_get_length (json_node_get_array (entries)) == 0)
    return NULL;
  first = json_array_get_element (json_node_get_array (entries), 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  value = json_object_get_member (json_node_get_object (first), member);
  if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING ||
      json_node_get_string (value)[0] == '\0')
    return NULL;
  return json_node_get_string (value);
}

static const char *
metadata_type (JsonObject *metadata,
               const char *metric)
{
  const char *type = metadata_member (metadata, metric, "type");

  /* "unknown" is Prometheus's word for "no type given": the same as none. */
  return g_strcmp0 (type, "unknown") != 0 ? type : NULL;
}

static void
add_nullable_string (JsonBuilder *json,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (json, name);
  if (value != NULL)
    json_builder_add_string_value (json, value);
  else
    json_builder_add_null_value (json);
}

static void
add_metric (JsonBuilder *json,
            const char  *name,
            JsonObject  *metadata)
{
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, name);
  add_nullable_string (json, "type", metadata_type (metadata, name));
  add_nullable_string (json, "help", metadata_member (metadata, name, "help"));
  json_builder_end_object (json);
}

JsonNode *
bs_prometheus_schema_metrics (JsonArray  *names,
                              JsonObject *metadata)
{
  g_autoptr(JsonBuilder) json = json_builder_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  g_return_val_if_fail (names != NULL, NULL);

  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonNode *name = json_array_get_element (names, i);

      if (json_node_get_value_type (name) == G_TYPE_STRING)
        g_ptr_array_add (sorted, (gpointer) json_node_get_string (name));
    }
  g_ptr_array_sort (sorted, compare_strings);

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "kind");
  json_builder_add_string_value (json, "metrics");
  json_builder_set_member_name (json, "metrics");
  json_builder_begin_array (json);
  for (guint i = 0; i < sorted->len; i++)
    add_metric (json, g_ptr_array_index (sorted, i), metadata);
  json_builder_end_array (json);
  json_builder_end_object (json);
  return json_builder_get_root (json);
}

/* label name → set of its values, over every series; the strings are @series's own. */
static GHashTable *
collect_label_values (JsonArray *series)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonNode *node = json_array_get_element (series, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        {
          GHashTable *values;

          /* The metric itself, named by the caller already. */
          if (strcmp (name, "__name__") == 0 || json_node_get_value_type (value) != G_TYPE_STRING)
            continue;
          values = g_hash_table_lookup (labels, name);
          if (values == NULL)
            {
              values = g_hash_table_new (g_str_hash, g_str_equal);
              g_hash_table_insert (labels, (gpointer) name, values);
            }
          g_hash_table_add (values, (gpointer) json_node_get_string (value));
        }
    }
  return labels;
}

static void
add_label (JsonBuilder *json,
           const char  *name,
           GHashTable  *values,
           guint        max_values)
{
  guint n_values = 0;
  g_autofree const char **sorted = sorted_keys (values, &n_values);

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, name);
  json_builder_set_member_name (json, "values");
  json_builder_begin_array (json);
  for (guint i = 0; i < MIN (n_values, max_values); i++)
    json_builder_add_string_value (json, sorted[i]);
  json_builder_end_array (json);
  json_builder_end_object (json);
}

JsonNode *
bs_prometheus_schema_labels (const char *metric,
                             JsonArray  *series,
                             guint       max_values)
{
  g_autoptr(JsonBuilder) json = json_builder_new ();
  g_autoptr(GHashTable) labels = NULL;
  g_autofree const char **names = NULL;
  guint n_names = 0;

  g_return_val_if_fail (metric != NULL, NULL);
  g_return_val_if_fail (series != NULL, NULL);

  labels = collect_label_values (series);
  names = sorted_keys (labels, &n_names);

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "kind");
  json_builder_add_string_value (json, "labels");
  json_builder_set_member_name (json, "metric");
  json_builder_add_string_value (json, metric);
  json_builder_set_member_name (json, "labels");
  json_builder_begin_array (json);
  for (guint i = 0; i < n_names; i++)
    add_label (json, names[i], g_hash_table_lookup (labels, names[i]), max_values);
  json_builder_end_array (json);
  json_builder_end_object (json);
  return json_builder_get_root (json);
}
