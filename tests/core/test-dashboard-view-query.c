/* The query a dashboard's panel runs: Grafana's time ranges mapped onto the query model's,
 * the bucket picked for a time series, template variables of ours substituted into
 * filters or dropped on "All", and those variables through Grafana JSON and back.
 */
#define G_LOG_DOMAIN "bs-test-dashboard-view-query"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-dashboard-view-query.h"

#define SOURCE_ID 12

/* Time ranges */

static void
assert_maps (const char   *from,
             const char   *to,
             BsQueryRange  expected_range,
             guint         expected_count)
{
  BsQueryRange range = BS_QUERY_RANGE_NONE;
  guint count = 0;

  g_test_message ("%s to %s", from, to);
  g_assert_true (bs_dashboard_time_to_range (from, to, &range, &count));
  g_assert_cmpint (range, ==, expected_range);
  if (expected_range >= BS_QUERY_RANGE_LAST_MINUTES && expected_range <= BS_QUERY_RANGE_LAST_DAYS)
    g_assert_cmpuint (count, ==, expected_count);
}

static void
assert_does_not_map (const char *from,
                     const char *to)
{
  BsQueryRange range = BS_QUERY_RANGE_NONE;
  guint count = 0;

  g_test_message ("%s to %s (no mapping)", from, to);
  g_assert_false (bs_dashboard_time_to_range (from, to, &range, &count));
}

static void
test_time_ranges (void)
{
  assert_maps ("now-15m", "now", BS_QUERY_RANGE_LAST_MINUTES, 15);
  assert_maps ("now-5m", "now", BS_QUERY_RANGE_LAST_MINUTES, 5);
  assert_maps ("now-6h", "now", BS_QUERY_RANGE_LAST_HOURS, 6);
  assert_maps ("now-24h", "now", BS_QUERY_RANGE_LAST_HOURS, 24);
  assert_maps ("now-7d", "now", BS_QUERY_RANGE_LAST_DAYS, 7);
  assert_maps ("now-90d", "now", BS_QUERY_RANGE_LAST_DAYS, 90);
  assert_maps ("now/d", "now/d", BS_QUERY_RANGE_TODAY, 0);
  assert_maps ("now/d", "now", BS_QUERY_RANGE_TODAY, 0);
  assert_maps ("now/w", "now/w", BS_QUERY_RANGE_THIS_WEEK, 0);
  assert_maps ("now/w", "now", BS_QUERY_RANGE_THIS_WEEK, 0);
  /* Weeks are whole days and whole minutes of seconds: said exactly. */
  assert_maps ("now-2w", "now", BS_QUERY_RANGE_LAST_DAYS, 14);
  assert_maps ("now-300s", "now", BS_QUERY_RANGE_LAST_MINUTES, 5);

  /* Absolute times, ranges that end before now, lengths that vary, and nonsense. */
  assert_does_not_map ("2024-01-01T00:00:00.000Z", "2024-01-02T00:00:00.000Z");
  assert_does_not_map ("1700000000000", "1700003600000");
  assert_does_not_map ("now-6h", "now-1h");
  assert_does_not_map ("now-1d/d", "now-1d/d");
  assert_does_not_map ("now/d", "now/w");
  assert_does_not_map ("now/M", "now/M");
  assert_does_not_map ("now-1M", "now");
  assert_does_not_map ("now-1y", "now");
  assert_does_not_map ("now-90s", "now");
  assert_does_not_map ("now-0h", "now");
  assert_does_not_map ("now-h", "now");
  assert_does_not_map ("now-6hx", "now");
  assert_does_not_map ("now--6h", "now");
  assert_does_not_map ("now-200000d", "now");
  assert_does_not_map ("now-99999999999999999999999h", "now");
  assert_does_not_map ("now", "now");
  assert_does_not_map ("", "");
  assert_does_not_map (NULL, "now");
  assert_does_not_map ("now-6h", NULL);
}

static void
test_buckets (void)
{
  /* At most 400 points: the smallest bucket that keeps under it. */
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_MINUTES, 15), ==,
                   BS_QUERY_BUCKET_MINUTE);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_MINUTES, 400), ==,
                   BS_QUERY_BUCKET_MINUTE);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_MINUTES, 401), ==,
                   BS_QUERY_BUCKET_HOUR);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_HOURS, 6), ==,
                   BS_QUERY_BUCKET_MINUTE);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_HOURS, 7), ==,
                   BS_QUERY_BUCKET_HOUR);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_HOURS, 24), ==,
                   BS_QUERY_BUCKET_HOUR);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_TODAY, 0), ==,
                   BS_QUERY_BUCKET_HOUR);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_THIS_WEEK, 0), ==,
                   BS_QUERY_BUCKET_HOUR);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_DAYS, 16), ==,
                   BS_QUERY_BUCKET_HOUR);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_DAYS, 17), ==,
                   BS_QUERY_BUCKET_DAY);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_DAYS, 90), ==,
                   BS_QUERY_BUCKET_DAY);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_DAYS, 400), ==,
                   BS_QUERY_BUCKET_DAY);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_DAYS, 401), ==,
                   BS_QUERY_BUCKET_WEEK);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_LAST_DAYS, 100000), ==,
                   BS_QUERY_BUCKET_WEEK);
  g_assert_cmpint (bs_dashboard_pick_bucket (BS_QUERY_RANGE_NONE, 0), ==,
                   BS_QUERY_BUCKET_DAY);
}

/* Panels and their queries */

static BsQuery *
revenue_query (void)
{
  BsQuery *query = bs_query_new (SOURCE_ID, "sales_detail");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 7);
  query->bucket = BS_QUERY_BUCKET_DAY;
  return query;
}

static BsDashboardPanel *
add_panel (BsDashboard   *dashboard,
           const char    *type,
           const BsQuery *query)
{
  BsDashboardPanel *panel = bs_dashboard_panel_new (bs_dashboard_next_panel_id (dashboard),
                                                    type, "Revenue");

  if (query != NULL)
    bs_dashboard_panel_set_query (panel, "A", query);
  g_ptr_array_add (dashboard->panels, panel);
  return panel;
}

static char *
query_string (const BsQuery *query)
{
  g_autoptr(JsonNode) node = bs_query_to_json (query);

  return json_to_string (node, FALSE);
}

static void
set_time (BsDashboard *dashboard,
          const char  *from,
          const char  *to)
{
  g_free (dashboard->time_from);
  dashboard->time_from = g_strdup (from);
  g_free (dashboard->time_to);
  dashboard->time_to = g_strdup (to);
}

/* A panel's own relative time (Grafana's timeFrom) wins over the dashboard's range. */
static void
test_panel_relative_time (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Sales");
  g_autoptr(BsQuery) query = revenue_query ();
  BsDashboardPanel *panel;
  static const struct
  {
    const char   *time_from;
    BsQueryRange  range;
    guint         count;
  } cases[] = {
    { "24h", BS_QUERY_RANGE_LAST_HOURS, 24 },
    { "now-7d", BS_QUERY_RANGE_LAST_DAYS, 7 },
    { "now/d", BS_QUERY_RANGE_TODAY, 0 },
    { "30m", BS_QUERY_RANGE_LAST_MINUTES, 30 },
    /* Not a range the model can say: the dashboard's applies. */
    { "1M", BS_QUERY_RANGE_LAST_HOURS, 6 },
  };

  set_time (dashboard, "now-6h", "now");
  panel = add_panel (dashboard, "stat", query);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsQuery) shown = NULL;

      json_object_set_string_member (panel->json, "timeFrom", cases[i].time_from);
      shown = bs_dashboard_view_query (dashboard, panel, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (shown->range, ==, cases[i].range);
      if (cases[i].range != BS_QUERY_RANGE_TODAY)
        g_assert_cmpuint (shown->range_count, ==, cases[i].count);
    }

  /* Not text: ignored. */
  json_object_set_int_member (panel->json, "timeFrom", 3);
  {
    g_autoptr(BsQuery) shown = bs_dashboard_view_query (dashboard, panel, NULL, NULL);

    g_assert_cmpint (shown->range, ==, BS_QUERY_RANGE_LAST_HOURS);
    g_assert_cmpuint (shown->range_count, ==, 6);
  }
}

static void
test_time_applied (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Sales");
  g_autoptr(BsQuery) query = revenue_query ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) series = NULL, stat = NULL, kept = NULL, own = NULL, today = NULL;
  BsDashboardPanel *series_panel, *stat_panel;

  set_time (dashboard, "now-24h", "now");
  series_panel = add_panel (dashboard, "timeseries", query);
  stat_panel = add_panel (dashboard, "stat", query);

  series = bs_dashboard_view_query (dashboard, series_panel, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);
  g_assert_cmpint (series->range, ==, BS_QUERY_RANGE_LAST_HOURS);
  g_assert_cmpuint (series->range_count, ==, 24);
  g_assert_cmpint (series->bucket, ==, BS_QUERY_BUCKET_HOUR);
  g_assert_cmpstr (series->time_column, ==, "sold_at");
  g_assert_true (bs_query_validate (series, NULL));

  /* Not a time series: the range applies, the bucket is the panel's own. */
  stat = bs_dashboard_view_query (dashboard, stat_panel, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stat->range, ==, BS_QUERY_RANGE_LAST_HOURS);
  g_assert_cmpuint (stat->range_count, ==, 24);
  g_assert_cmpint (stat->bucket, ==, BS_QUERY_BUCKET_DAY);

  /* "Today": the old "graph" type is a time series too. */
  set_time (dashboard, "now/d", "now/d");
  g_free (series_panel->type);
  series_panel->type = g_strdup ("graph");
  today = bs_dashboard_view_query (dashboard, series_panel, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (today->range, ==, BS_QUERY_RANGE_TODAY);
  g_assert_cmpint (today->bucket, ==, BS_QUERY_BUCKET_HOUR);

  /* A range the model cannot say: the panel keeps its own, the stat is unchanged. */
  set_time (dashboard, "now-6h", "now-1h");
  kept = bs_dashboard_view_query (dashboard, stat_panel, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *before = query_string (query);
    g_autofree char *after = query_string (kept);

    g_assert_cmpstr (after, ==, before);
  }
  own = bs_dashboard_view_query (dashboard, series_panel, NULL, &error);
  g_assert_cmpint (own->range, ==, BS_QUERY_RANGE_LAST_DAYS);
  g_assert_cmpuint (own->range_count, ==, 7);
  g_assert_cmpint (own->bucket, ==, BS_QUERY_BUCKET_HOUR);
}

static void
test_no_time_column (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Stock");
  g_autoptr(BsQuery) query = bs_query_new (SOURCE_ID, "inventory");
  g_autoptr(BsQuery) viewed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  BsDashboardPanel *panel;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "quantity");
  bs_query_add_split (query, "product_id");
  set_time (dashboard, "now-15m", "now");
  panel = add_panel (dashboard, "timeseries", query);

  viewed = bs_dashboard_view_query (dashboard, panel, NULL, &error);
  g_assert_no_error (error);
  before = query_string (query);
  after = query_string (viewed);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (viewed->range, ==, BS_QUERY_RANGE_NONE);
  g_assert_cmpint (viewed->bucket, ==, BS_QUERY_BUCKET_NONE);
}

static void
test_no_query (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Imported");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BsDashboardPanel) promql = NULL;
  BsDashboardPanel *fresh;

  fresh = add_panel (dashboard, "stat", NULL);
  g_assert_null (bs_dashboard_view_query (dashboard, fresh, NULL, &error));
  g_assert_no_error (error);

  node = json_from_string ("{\"id\": 4, \"type\": \"timeseries\", \"title\": \"CPU\","
                           " \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8},"
                           " \"datasource\": {\"type\": \"prometheus\", \"uid\": \"${DS}\"},"
                           " \"targets\": [{\"refId\": \"A\", \"expr\": \"rate(x[5m])\"}]}",
                           &error);
  g_assert_no_error (error);
  promql = bs_dashboard_panel_from_json (node, "Panel 1", &error);
  g_assert_no_error (error);
  g_assert_null (bs_dashboard_view_query (dashboard, promql, NULL, &error));
  g_assert_no_error (error);
}

static void
test_malformed_query (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Broken");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BsDashboardPanel) panel = NULL;

  node = json_from_string ("{\"id\": 7, \"type\": \"stat\", \"title\": \"Broken\","
                           " \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 6, \"h\": 4},"
                           " \"targets\": [{\"refId\": \"A\","
                           "   \"datasource\": {\"type\": \"business-studio\", \"uid\": \"12\"},"
                           "   \"businessStudioQuery\": {\"table\": \"sales\","
                           "                             \"measure\": \"weight\"}}]}",
                           &error);
  g_assert_no_error (error);
  panel = bs_dashboard_panel_from_json (node, "Panel 1", &error);
  g_assert_no_error (error);

  g_assert_null (bs_dashboard_view_query (dashboard, panel, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "measure"));
}

/* Variables */

static BsDashboard *
region_dashboard (BsQuery **out_query)
{
  BsDashboard *dashboard = bs_dashboard_new ("Sales by region");
  BsDashboardVariable *custom = bs_dashboard_variable_new ("env", "custom");
  BsQuery *query = revenue_query ();

  g_ptr_array_add (dashboard->variables,
                   bs_dashboard_variable_new_column ("region", "Region", SOURCE_ID,
                                                     "sales_detail", "region"));
  g_ptr_array_add (dashboard->variables,
                   bs_dashboard_variable_new_column ("channel", "Channel", SOURCE_ID,
                                                     "sales_detail", "channel"));
  custom->query = g_strdup ("prod,staging");
  g_ptr_array_add (dashboard->variables, custom);

  bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_EQUAL, "$region");
  bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_GREATER, 2);
  bs_query_add_filter_text (query, "channel", BS_QUERY_OPERATOR_NOT_EQUAL, "${channel}");
  bs_query_add_filter_text (query, "store", BS_QUERY_OPERATOR_EQUAL, "$env");
  bs_query_add_filter_text (query, "category", BS_QUERY_OPERATOR_EQUAL, "$undefined");
  bs_query_add_filter_text (query, "product_name", BS_QUERY_OPERATOR_CONTAINS, "region");
  add_panel (dashboard, "barchart", query);
  *out_query = query;
  return dashboard;
}

static const BsQueryFilter *
filter_on (const BsQuery *query,
           const char    *column)
{
  for (guint i = 0; i < query->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (query->filters, i);

      if (g_strcmp0 (filter->column, column) == 0)
        return filter;
    }
  return NULL;
}

static void
test_variables_substituted (void)
{
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(BsDashboard) dashboard = region_dashboard (&query);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BsQuery) viewed = NULL;
  g_autoptr(GError) error = NULL;
  BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, 0);

  g_hash_table_insert (values, "region", "North");
  g_hash_table_insert (values, "channel", "online");
  g_hash_table_insert (values, "env", "prod");
  viewed = bs_dashboard_view_query (dashboard, panel, values, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (viewed->filters->len, ==, 6);
  g_assert_cmpstr (filter_on (viewed, "region")->text, ==, "North");
  g_assert_cmpint (filter_on (viewed, "region")->op, ==, BS_QUERY_OPERATOR_EQUAL);
  g_assert_cmpstr (filter_on (viewed, "channel")->text, ==, "online");
  g_assert_cmpint (filter_on (viewed, "channel")->op, ==, BS_QUERY_OPERATOR_NOT_EQUAL);
  /* Not ours (a Grafana custom variable), not defined, a number, a plain word: kept. */
  g_assert_cmpstr (filter_on (viewed, "store")->text, ==, "$env");
  g_assert_cmpstr (filter_on (viewed, "category")->text, ==, "$undefined");
  g_assert_true (filter_on (viewed, "quantity")->is_number);
  g_assert_cmpfloat (filter_on (viewed, "quantity")->number, ==, 2);
  g_assert_cmpstr (filter_on (viewed, "product_name")->text, ==, "region");
  /* In the order they were given. */
  g_assert_cmpstr (((BsQueryFilter *) g_ptr_array_index (viewed->filters, 0))->column, ==,
                   "region");
  g_assert_cmpstr (((BsQueryFilter *) g_ptr_array_index (viewed->filters, 5))->column, ==,
                   "product_name");
  g_assert_true (bs_query_validate (viewed, NULL));

  /* The panel's own query still names the variables. */
  {
    g_autoptr(BsQuery) own = bs_dashboard_panel_get_query (panel, NULL, &error);

    g_assert_cmpstr (filter_on (own, "region")->text, ==, "$region");
  }
}

static void
test_variables_dropped (void)
{
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(BsDashboard) dashboard = region_dashboard (&query);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BsQuery) none = NULL, all = NULL;
  g_autoptr(GError) error = NULL;
  BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, 0);

  /* No values at all: every variable of ours is on "All". */
  none = bs_dashboard_view_query (dashboard, panel, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->filters->len, ==, 4);
  g_assert_null (filter_on (none, "region"));
  g_assert_null (filter_on (none, "channel"));
  g_assert_nonnull (filter_on (none, "store"));

  /* Grafana's "$__all", and a name with a NULL value. */
  g_hash_table_insert (values, "region", "$__all");
  g_hash_table_insert (values, "channel", NULL);
  all = bs_dashboard_view_query (dashboard, panel, values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->filters->len, ==, 4);
  g_assert_null (filter_on (all, "region"));
  g_assert_null (filter_on (all, "channel"));
}

static void
test_variable_model (void)
{
  g_autoptr(BsDashboardVariable) variable = NULL;
  g_autoptr(BsQuery) values = NULL;
  const char *table = NULL, *column = NULL;
  gint64 source_id = 0;
  JsonObject *datasource, *query;

  variable = bs_dashboard_variable_new_column ("region", "Region", SOURCE_ID, "sales_detail",
                                               "region");
  g_assert_cmpstr (variable->name, ==, "region");
  g_assert_cmpstr (variable->label, ==, "Region");
  g_assert_cmpstr (variable->type, ==, "query");
  g_assert_true (bs_dashboard_variable_get_column (variable, &source_id, &table, &column));
  g_assert_cmpint (source_id, ==, SOURCE_ID);
  g_assert_cmpstr (table, ==, "sales_detail");
  g_assert_cmpstr (column, ==, "region");
  g_assert_null (bs_dashboard_variable_get_value (variable));

  /* As Grafana keeps it: our data source, the column, on "All". */
  datasource = json_object_get_object_member (variable->json, "datasource");
  g_assert_cmpstr (json_object_get_string_member (datasource, "type"), ==, "business-studio");
  g_assert_cmpstr (json_object_get_string_member (datasource, "uid"), ==, "12");
  query = json_object_get_object_member (variable->json, "query");
  g_assert_cmpstr (json_object_get_string_member (query, "table"), ==, "sales_detail");
  g_assert_cmpstr (json_object_get_string_member (query, "column"), ==, "region");
  g_assert_true (json_object_get_boolean_member (variable->json, "includeAll"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (variable->current),
                                                  "value"), ==, "$__all");

  values = bs_dashboard_variable_values_query (variable);
  g_assert_nonnull (values);
  g_assert_cmpint (values->source_id, ==, SOURCE_ID);
  g_assert_cmpstr (values->table, ==, "sales_detail");
  g_assert_cmpint (values->measure, ==, BS_QUERY_MEASURE_COUNT_ROWS);
  g_assert_cmpuint (bs_query_get_n_splits (values), ==, 1);
  g_assert_cmpstr (values->splits[0], ==, "region");
  g_assert_null (values->time_column);
  g_assert_cmpuint (values->filters->len, ==, 0);
  g_assert_true (bs_query_validate (values, NULL));

  bs_dashboard_variable_set_value (variable, "South");
  g_assert_cmpstr (bs_dashboard_variable_get_value (variable), ==, "South");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (variable->current),
                                                  "text"), ==, "South");
  bs_dashboard_variable_set_value (variable, NULL);
  g_assert_null (bs_dashboard_variable_get_value (variable));
}

static BsDashboardVariable *
variable_from_text (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = g_strdup_printf ("{\"title\": \"V\", \"templating\": "
                                               "{\"list\": [%s]}}", json);
  g_autoptr(JsonNode) node = json_from_string (document, &error);
  g_autoptr(BsDashboard) dashboard = NULL;

  g_assert_no_error (error);
  dashboard = bs_dashboard_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dashboard->variables->len, ==, 1);
  return bs_dashboard_variable_copy (g_ptr_array_index (dashboard->variables, 0));
}

static void
test_variables_not_ours (void)
{
  g_autoptr(BsDashboardVariable) prometheus = NULL, custom = NULL, other_source = NULL;
  g_autoptr(BsDashboardVariable) arrays = NULL, all_array = NULL, bad_uid = NULL;

  prometheus = variable_from_text ("{\"name\": \"job\", \"type\": \"query\","
                                   " \"datasource\": {\"type\": \"prometheus\", \"uid\": \"p\"},"
                                   " \"query\": {\"query\": \"label_values(up, job)\","
                                   "             \"refId\": \"V\"},"
                                   " \"current\": {\"text\": \"node\", \"value\": \"node\"}}");
  g_assert_false (bs_dashboard_variable_get_column (prometheus, NULL, NULL, NULL));
  g_assert_null (bs_dashboard_variable_values_query (prometheus));
  g_assert_cmpstr (bs_dashboard_variable_get_value (prometheus), ==, "node");

  custom = variable_from_text ("{\"name\": \"env\", \"type\": \"custom\","
                               " \"query\": \"prod,staging\"}");
  g_assert_false (bs_dashboard_variable_get_column (custom, NULL, NULL, NULL));
  g_assert_null (bs_dashboard_variable_get_value (custom));

  /* Ours by its data source, but with no column: not a variable we can list. */
  other_source = variable_from_text ("{\"name\": \"r\", \"type\": \"query\","
                                     " \"datasource\": {\"type\": \"business-studio\","
                                     "                  \"uid\": \"3\"},"
                                     " \"query\": {\"table\": \"sales\"}}");
  g_assert_false (bs_dashboard_variable_get_column (other_source, NULL, NULL, NULL));
  bad_uid = variable_from_text ("{\"name\": \"r\", \"type\": \"query\","
                                " \"datasource\": {\"type\": \"business-studio\","
                                "                  \"uid\": \"${DS}\"},"
                                " \"query\": {\"table\": \"sales\", \"column\": \"region\"}}");
  g_assert_false (bs_dashboard_variable_get_column (bad_uid, NULL, NULL, NULL));

  /* Newer Grafana writes arrays, even for one value. */
  arrays = variable_from_text ("{\"name\": \"r\", \"type\": \"query\","
                               " \"current\": {\"text\": [\"East\"], \"value\": [\"East\"]}}");
  g_assert_cmpstr (bs_dashboard_variable_get_value (arrays), ==, "East");
  all_array = variable_from_text ("{\"name\": \"r\", \"type\": \"query\","
                                  " \"current\": {\"text\": [\"All\"],"
                                  "               \"value\": [\"$__all\"]}}");
  g_assert_null (bs_dashboard_variable_get_value (all_array));
}

static void
test_variables_round_trip (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Sales by region");
  g_autoptr(BsDashboard) back = NULL, again = NULL;
  g_autoptr(JsonNode) node = NULL, node_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BsDashboardVariable *region, *read;
  const char *table = NULL, *column = NULL;
  gint64 source_id = 0;

  region = bs_dashboard_variable_new_column ("region", "Region", SOURCE_ID, "sales_detail",
                                             "region");
  bs_dashboard_variable_set_value (region, "West");
  g_ptr_array_add (dashboard->variables, region);
  g_ptr_array_add (dashboard->variables,
                   bs_dashboard_variable_new_column ("channel", NULL, SOURCE_ID, "sales_detail",
                                                     "channel"));

  node = bs_dashboard_to_json (dashboard);
  text = json_to_string (node, FALSE);
  g_test_message ("%s", text);
  back = bs_dashboard_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (bs_dashboard_equal (dashboard, back));
  g_assert_cmpuint (back->variables->len, ==, 2);

  read = g_ptr_array_index (back->variables, 0);
  g_assert_cmpstr (read->name, ==, "region");
  g_assert_cmpstr (read->label, ==, "Region");
  g_assert_true (bs_dashboard_variable_get_column (read, &source_id, &table, &column));
  g_assert_cmpint (source_id, ==, SOURCE_ID);
  g_assert_cmpstr (table, ==, "sales_detail");
  g_assert_cmpstr (column, ==, "region");
  g_assert_cmpstr (bs_dashboard_variable_get_value (read), ==, "West");
  read = g_ptr_array_index (back->variables, 1);
  g_assert_null (read->label);
  g_assert_null (bs_dashboard_variable_get_value (read));

  /* Changed after import, written back; unchanged ones stay as they were. */
  bs_dashboard_variable_set_value (g_ptr_array_index (back->variables, 1), "online");
  node_again = bs_dashboard_to_json (back);
  again = bs_dashboard_from_json (node_again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_dashboard_variable_get_value (g_ptr_array_index (again->variables, 1)),
                   ==, "online");
  g_assert_cmpstr (bs_dashboard_variable_get_value (g_ptr_array_index (again->variables, 0)),
                   ==, "West");
  g_assert_true (bs_dashboard_variable_get_column (g_ptr_array_index (again->variables, 1),
                                                   NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/dashboard-view-query/time-ranges", test_time_ranges);
  g_test_add_func ("/bs/dashboard-view-query/buckets", test_buckets);
  g_test_add_func ("/bs/dashboard-view-query/time-applied", test_time_applied);
  g_test_add_func ("/bs/dashboard-view-query/panel-relative-time", test_panel_relative_time);
  g_test_add_func ("/bs/dashboard-view-query/no-time-column", test_no_time_column);
  g_test_add_func ("/bs/dashboard-view-query/no-query", test_no_query);
  g_test_add_func ("/bs/dashboard-view-query/malformed", test_malformed_query);
  g_test_add_func ("/bs/dashboard-view-query/variables-substituted",
                   test_variables_substituted);
  g_test_add_func ("/bs/dashboard-view-query/variables-dropped", test_variables_dropped);
  g_test_add_func ("/bs/dashboard-view-query/variable-model", test_variable_model);
  g_test_add_func ("/bs/dashboard-view-query/variables-not-ours", test_variables_not_ours);
  g_test_add_func ("/bs/dashboard-view-query/variables-round-trip", test_variables_round_trip);

  return g_test_run ();
}
