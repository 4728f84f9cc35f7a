#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <string.h>

#include "bs-dashboard-private.h"
#include "bs-json-fields.h"
#include "bs-dashboard-view-query.h"
#include "bs-panel-type.h"

/* The most points a time series is given before its bucket grows. */
#define MAX_POINTS 400
/* The largest count the query model takes for its "last N" ranges (bs_query_validate). */
#define MAX_RANGE_COUNT 100000

/* Grafana's value of a variable set to "All". */
#define ALL_VALUE "$__all"

/* Time ranges */

/* Reads "now-<N><unit>" with a unit of minutes, hours, days or weeks; weeks become days
 * and seconds whole minutes, since the query model counts in those. Months and years are
 * left out: their length varies, so no count of days says them exactly. */
static gboolean
parse_relative (const char   *from,
                BsQueryRange *range,
                guint        *count)
{
  const char *digits;
  char *end = NULL;
  guint64 n;

  if (!g_str_has_prefix (from, "now-"))
    return FALSE;
  digits = from + strlen ("now-");
  if (!g_ascii_isdigit (*digits))
    return FALSE;
  n = g_ascii_strtoull (digits, &end, 10);
  if (end == NULL || end[0] == '\0' || end[1] != '\0' || n == 0)
    return FALSE;

  switch (end[0])
    {
    case 's':
      if (n % 60 != 0)
        return FALSE;
      *range = BS_QUERY_RANGE_LAST_MINUTES;
      n /= 60;
      break;
    case 'm':
      *range = BS_QUERY_RANGE_LAST_MINUTES;
      break;
    case 'h':
      *range = BS_QUERY_RANGE_LAST_HOURS;
      break;
    case 'd':
      *range = BS_QUERY_RANGE_LAST_DAYS;
      break;
    case 'w':
      *range = BS_QUERY_RANGE_LAST_DAYS;
      n = n <= MAX_RANGE_COUNT ? n * 7 : n;
      break;
    default:
      return FALSE;
    }
  if (n > MAX_RANGE_COUNT)
    return FALSE;
  *count = (guint) n;
  return TRUE;
}

gboolean
bs_dashboard_time_to_range (const char   *from,
                            const char   *to,
                            BsQueryRange *range,
                            guint        *count)
{
  BsQueryRange parsed = BS_QUERY_RANGE_NONE;
  guint n = 0;

  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  if (from == NULL || to == NULL)
    return FALSE;

  /* Grafana's "Today" is now/d → now/d, "Today so far" now/d → now; both end at the
   * query's "now", since no row lies in the future. Likewise for weeks. */
  if (g_str_equal (from, "now/d") && (g_str_equal (to, "now") || g_str_equal (to, "now/d")))
    parsed = BS_QUERY_RANGE_TODAY;
  else if (g_str_equal (from, "now/w")
           && (g_str_equal (to, "now") || g_str_equal (to, "now/w")))
    parsed = BS_QUERY_RANGE_THIS_WEEK;
  else if (!g_str_equal (to, "now") || !parse_relative (from, &parsed, &n))
    return FALSE;

  *range = parsed;
  *count = n;
  return TRUE;
}

static guint64
range_minutes (BsQueryRange range,
               guint        count)
{
  switch (range)
    {
    case BS_QUERY_RANGE_LAST_MINUTES:
      return count;
    case BS_QUERY_RANGE_LAST_HOURS:
      return (guint64) count * 60;
    case BS_QUERY_RANGE_LAST_DAYS:
      return (guint64) count * 60 * 24;
    case BS_QUERY_RANGE_TODAY:
      return 60 * 24;
    case BS_QUERY_RANGE_THIS_WEEK:
      return 60 * 24 * 7;
    case BS_QUERY_RANGE_NONE:
    default:
      return 0;
    }
}

BsQueryBucket
bs_dashboard_pick_bucket (BsQueryRange range,
                          guint        count)
{
  static const struct
  {
    BsQueryBucket bucket;
    guint64       minutes;
  } buckets[] = {
    { BS_QUERY_BUCKET_MINUTE, 1 },
    { BS_QUERY_BUCKET_HOUR, 60 },
    { BS_QUERY_BUCKET_DAY, 60 * 24 },
  };
  guint64 span = range_minutes (range, count);

  /* A whole history has no known span: days suit the months of rows a business keeps. */
  if (span == 0)
    return BS_QUERY_BUCKET_DAY;
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      if (span <= buckets[i].minutes * MAX_POINTS)
        return buckets[i].bucket;
    }
  return BS_QUERY_BUCKET_WEEK;
}

/* Variables */

static const char *
reference_name (const char *text,
                char      **out_name)
{
  gsize len;

  if (text == NULL || text[0] != '$')
    return NULL;
  len = strlen (text);
  /* "${name:csv}" names a format Grafana applies to multiple values; one value has none. */
  if (len > 3 && text[1] == '{' && text[len - 1] == '}')
    *out_name = g_strndup (text + 2, strcspn (text + 2, ":}"));
  else if (len > 1 && text[1] != '{')
    *out_name = g_strdup (text + 1);
  else
    return NULL;
  return *out_name;
}

static const BsDashboardVariable *
find_variable (const BsDashboard *dashboard,
               const char        *name)
{
  for (guint i = 0; i < dashboard->variables->len; i++)
    {
      const BsDashboardVariable *variable = g_ptr_array_index (dashboard->variables, i);

      if (g_strcmp0 (variable->name, name) == 0)
        return variable;
    }
  return NULL;
}

/* Replaces each filter naming a variable of ours by its value, or drops it for "All". */
static void
apply_variables (BsQuery           *query,
                 const BsDashboard *dashboard,
                 GHashTable        *values)
{
  guint i = 0;

  while (i < query->filters->len)
    {
      BsQueryFilter *filter = g_ptr_array_index (query->filters, i);
      g_autofree char *name = NULL;
      const BsDashboardVariable *variable;
      const char *value = NULL;

      if (filter->is_number
          || reference_name (filter->text, &name) == NULL
          || (variable = find_variable (dashboard, name)) == NULL
          || !bs_dashboard_variable_get_column (variable, NULL, NULL, NULL))
        {
          i++;
          continue;
        }
      if (values != NULL)
        value = g_hash_table_lookup (values, name);
      if (value == NULL || g_str_equal (value, ALL_VALUE))
        {
          g_ptr_array_remove_index (query->filters, i);
          continue;
        }
      g_free (filter->text);
      filter->text = g_strdup (value);
      i++;
    }
}

/* A panel's own "Relative time" (Grafana's timeFrom: "24h", "now-7d", "now/d") wins over
 * the dashboard's range, as in Grafana: a "Revenue today" stat stays today whatever range
 * the dashboard shows. */
static gboolean
panel_time_to_range (const BsDashboardPanel *panel,
                     BsQueryRange           *range,
                     guint                  *count)
{
  JsonNode *node = json_object_get_member (panel->json, "timeFrom");
  g_autofree char *from = NULL;
  const char *text;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  from = g_str_has_prefix (text, "now") ? g_strdup (text) : g_strconcat ("now-", text, NULL);
  return bs_dashboard_time_to_range (from, "now", range, count);
}

BsQuery *
bs_dashboard_view_query (const BsDashboard      *dashboard,
                         const BsDashboardPanel *panel,
                         GHashTable             *values,
                         GError                **error)
{
  g_autoptr(BsQuery) query = NULL;
  BsQueryRange range;
  guint count;

  g_return_val_if_fail (dashboard != NULL, NULL);
  g_return_val_if_fail (panel != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  query = bs_dashboard_panel_get_query (panel, NULL, error);
  if (query == NULL)
    return NULL;

  apply_variables (query, dashboard, values);
  if (query->time_column == NULL)
    return g_steal_pointer (&query);

  if (panel_time_to_range (panel, &range, &count) ||
      bs_dashboard_time_to_range (dashboard->time_from, dashboard->time_to, &range, &count))
    {
      query->range = range;
      query->range_count = count;
    }
  if (bs_panel_kind_from_type (panel->type) == BS_PANEL_KIND_TIMESERIES)
    query->bucket = bs_dashboard_pick_bucket (query->range, query->range_count);
  return g_steal_pointer (&query);
}

/* Variables of ours */

BsDashboardVariable *
bs_dashboard_variable_new_column (const char *name,
                                  const char *label,
                                  gint64      source_id,
                                  const char *table,
                                  const char *column)
{
  BsDashboardVariable *variable;
  JsonObject *query;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  variable = bs_dashboard_variable_new (name, "query");
  variable->label = g_strdup (label);
  json_object_set_member (variable->json, "datasource",
                          bs_dashboard_json_our_datasource (source_id));
  query = json_object_new ();
  json_object_set_string_member (query, "table", table);
  json_object_set_string_member (query, "column", column);
  json_object_set_object_member (variable->json, "query", query);
  json_object_set_boolean_member (variable->json, "includeAll", TRUE);
  json_object_set_boolean_member (variable->json, "multi", FALSE);
  /* Grafana's "On dashboard load": the values are read again each time it opens. */
  json_object_set_int_member (variable->json, "refresh", 1);
  json_object_set_array_member (variable->json, "options", json_array_new ());
  bs_dashboard_variable_set_value (variable, NULL);
  return variable;
}

gboolean
bs_dashboard_variable_get_column (const BsDashboardVariable  *variable,
                                  gint64                     *source_id,
                                  const char                **table,
                                  const char                **column)
{
  JsonObject *datasource, *query;
  const char *uid = NULL, *table_name = NULL, *column_name = NULL;
  guint64 id = 0;

  g_return_val_if_fail (variable != NULL, FALSE);

  if (g_strcmp0 (variable->type, "query") != 0)
    return FALSE;
  datasource = bs_json_member_object (variable->json, "datasource");
  query = bs_json_member_object (variable->json, "query");
  if (!bs_dashboard_json_is_our_datasource (datasource) || query == NULL
      || !bs_dashboard_json_get_string (datasource, "uid", "", "", &uid, NULL)
      || uid == NULL
      || !g_ascii_string_to_unsigned (uid, 10, 1, G_MAXINT64, &id, NULL)
      || !bs_dashboard_json_get_string (query, "table", "", "", &table_name, NULL)
      || !bs_dashboard_json_get_string (query, "column", "", "", &column_name, NULL)
      || table_name == NULL || *table_name == '\0'
      || column_name == NULL || *column_name == '\0')
    return FALSE;

  if (source_id != NULL)
    *source_id = (gint64) id;
  if (table != NULL)
    *table = table_name;
  if (column != NULL)
    *column = column_name;
  return TRUE;
}

BsQuery *
bs_dashboard_variable_values_query (const BsDashboardVariable *variable)
{
  BsQuery *query;
  const char *table, *column;
  gint64 source_id;

  g_return_val_if_fail (variable != NULL, NULL);

  if (!bs_dashboard_variable_get_column (variable, &source_id, &table, &column))
    return NULL;
  query = bs_query_new (source_id, table);
  bs_query_set_measure (query, BS_QUERY_MEASURE_COUNT_ROWS, NULL);
  bs_query_add_split (query, column);
  return query;
}

/* One value of "current": a string, or the first of an array (newer Grafana writes
 * arrays even for single values; a filter takes one value, so a multi-value choice of
 * Grafana's is read as its first). */
static const char *
current_member (JsonObject *current,
                const char *member)
{
  JsonNode *node = json_object_get_member (current, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      node = json_array_get_length (array) > 0 ? json_array_get_element (array, 0) : NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
bs_dashboard_variable_get_value (const BsDashboardVariable *variable)
{
  const char *value;

  g_return_val_if_fail (variable != NULL, NULL);

  if (variable->current == NULL || !JSON_NODE_HOLDS_OBJECT (variable->current))
    return NULL;
  value = current_member (json_node_get_object (variable->current), "value");
  if (value == NULL || g_str_equal (value, ALL_VALUE))
    return NULL;
  return value;
}

void
bs_dashboard_variable_set_value (BsDashboardVariable *variable,
                                 const char          *value)
{
  JsonObject *current;

  g_return_if_fail (variable != NULL);

  current = json_object_new ();
  /* Grafana marks a chosen value "selected" and the default "All" not. */
  json_object_set_boolean_member (current, "selected", value != NULL);
  json_object_set_string_member (current, "text", value != NULL ? value : "All");
  json_object_set_string_member (current, "value", value != NULL ? value : ALL_VALUE);
  g_clear_pointer (&variable->current, json_node_unref);
  variable->current = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (variable->current, current);
}
