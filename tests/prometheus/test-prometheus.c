#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "bs-prometheus-client.h"
#include "bs-prometheus-fixture.h"

#define INVENTORY "shop_inventory_units"
#define UNITS_SOLD "shop_units_sold_total"
#define N_PRODUCTS BS_PROMETHEUS_FIXTURE_N_PRODUCTS
#define N_REGIONS BS_PROMETHEUS_FIXTURE_N_REGIONS

/* Frames */

static JsonArray *
frame_rows (JsonNode *frame)
{
  return json_object_get_array_member (json_node_get_object (frame), "rows");
}

static JsonArray *
frame_row (JsonNode *frame,
           guint     index)
{
  return json_array_get_array_element (frame_rows (frame), index);
}

/* @spec: "product:text,value:number" */
static void
assert_columns (JsonNode   *frame,
                const char *spec)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (frame), "columns");
  g_autoptr(GString) found = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_string_append_printf (found, "%s%s:%s", i > 0 ? "," : "",
                              json_object_get_string_member (column, "name"),
                              json_object_get_string_member (column, "type"));
    }
  g_assert_cmpstr (found->str, ==, spec);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (frame), "language"), ==,
                   "promql");
}

static gboolean
frame_truncated (JsonNode *frame)
{
  return json_object_get_boolean_member (json_node_get_object (frame), "truncated");
}

static char *
iso_time (gint64 t)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Expected values, from the fixture's formula */

static gint64
first_sample_from (BsPrometheusFixture *fixture,
                   gint64               from)
{
  gint64 first = bs_prometheus_fixture_get_first_sample (fixture);

  if (from <= first)
    return first;
  return from + (BS_PROMETHEUS_FIXTURE_STEP - from % BS_PROMETHEUS_FIXTURE_STEP)
                % BS_PROMETHEUS_FIXTURE_STEP;
}

/* The inventory samples of one series with @from ≤ t ≤ @to, in time order. */
static GArray *
inventory_samples (BsPrometheusFixture *fixture,
                   guint                product,
                   guint                region,
                   gint64               from,
                   gint64               to)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 last = MIN (to, bs_prometheus_fixture_get_last_sample (fixture));

  for (gint64 t = first_sample_from (fixture, from); t <= last; t += BS_PROMETHEUS_FIXTURE_STEP)
    {
      double value = bs_prometheus_fixture_inventory (product, region, t);

      g_array_append_val (values, value);
    }
  return values;
}

static double
inventory_sum (BsPrometheusFixture *fixture,
               guint                product,
               guint                region,
               gint64               from,
               gint64               to)
{
  g_autoptr(GArray) values = inventory_samples (fixture, product, region, from, to);
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static JsonNode *
run_ok (BsPrometheusFixture *fixture,
        const BsQuery       *query,
        guint                row_limit)
{
  g_autoptr(GError) error = NULL;
  JsonNode *frame;

  frame = bs_prometheus_client_run_query (bs_prometheus_fixture_get_url (fixture), query,
                                          bs_prometheus_fixture_get_now (fixture), row_limit,
                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frame);
  g_test_message ("%s: %u rows in %.1f ms",
                  json_object_get_string_member (json_node_get_object (frame), "query"),
                  json_array_get_length (frame_rows (frame)),
                  json_object_get_double_member (json_node_get_object (frame), "elapsed_ms"));
  return frame;
}

static BsQuery *
value_query (const char         *metric,
             BsQueryAggregation  aggregation)
{
  BsQuery *query = bs_query_new (1, metric);

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "value");
  query->aggregation = aggregation;
  return query;
}

/* Schema and health */

static void
test_check (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture == NULL)
    return;
  health = bs_prometheus_client_check (bs_prometheus_fixture_get_url (fixture), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"), ==,
                   "ok");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (health),
                                                                  "version"), "2."));
}

static JsonObject *
find_metric (JsonNode   *schema,
             const char *name)
{
  JsonArray *metrics = json_object_get_array_member (json_node_get_object (schema), "metrics");

  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonObject *metric = json_array_get_object_element (metrics, i);

      if (g_strcmp0 (json_object_get_string_member (metric, "name"), name) == 0)
        return metric;
    }
  return NULL;
}

static void
test_describe_metrics (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autoptr(JsonNode) schema = NULL;
  JsonObject *build_info = NULL;
  JsonArray *metrics;

  if (fixture == NULL)
    return;

  /* Types and help come from scrapes: wait for the server's scrape of itself. */
  while (build_info == NULL || json_object_get_null_member (build_info, "type"))
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_clear_pointer (&schema, json_node_unref);
      schema = bs_prometheus_client_describe (bs_prometheus_fixture_get_url (fixture), NULL,
                                              NULL, &error);
      g_assert_no_error (error);
      build_info = find_metric (schema, "prometheus_build_info");
      if (build_info == NULL || json_object_get_null_member (build_info, "type"))
        g_usleep (200 * 1000);
    }

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (schema), "kind"), ==,
                   "metrics");
  g_assert_cmpstr (json_object_get_string_member (build_info, "type"), ==, "gauge");
  g_assert_nonnull (json_object_get_string_member (build_info, "help"));

  /* Backfilled history carries no metadata: the type is unknown, not guessed. */
  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { INVENTORY, UNITS_SOLD, "shop_margin_ratio" }[i];
      JsonObject *metric = find_metric (schema, name);

      g_assert_nonnull (metric);
      g_assert_true (json_object_get_null_member (metric, "type"));
    }

  metrics = json_object_get_array_member (json_node_get_object (schema), "metrics");
  for (guint i = 1; i < json_array_get_length (metrics); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (metrics, i - 1),
                                                    "name"), <,
                     json_object_get_string_member (json_array_get_object_element (metrics, i),
                                                    "name"));
}

static void
test_describe_labels (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) invalid = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *labels;
  JsonObject *product;
  JsonObject *region;

  if (fixture == NULL)
    return;
  schema = bs_prometheus_client_describe (bs_prometheus_fixture_get_url (fixture), INVENTORY,
                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (schema), "kind"), ==,
                   "labels");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (schema), "metric"), ==,
                   INVENTORY);
  labels = json_object_get_array_member (json_node_get_object (schema), "labels");
  g_assert_cmpuint (json_array_get_length (labels), ==, 2);
  product = json_array_get_object_element (labels, 0);
  region = json_array_get_object_element (labels, 1);
  g_assert_cmpstr (json_object_get_string_member (product, "name"), ==, "product");
  g_assert_cmpstr (json_object_get_string_member (region, "name"), ==, "region");
  for (guint i = 0; i < N_PRODUCTS; i++)
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (product,
                                                                                  "values"), i),
                     ==, bs_prometheus_fixture_products[i]);
  for (guint i = 0; i < N_REGIONS; i++)
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (region,
                                                                                  "values"), i),
                     ==, bs_prometheus_fixture_regions[i]);

  missing = bs_prometheus_client_describe (bs_prometheus_fixture_get_url (fixture),
                                           "shop_no_such_metric", NULL, &error);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
  g_assert_nonnull (strstr (error->message, "shop_no_such_metric"));
  g_assert_null (missing);
  g_clear_error (&error);

  invalid = bs_prometheus_client_describe (bs_prometheus_fixture_get_url (fixture),
                                           "up\"} or vector(1)", NULL, &error);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
  g_assert_null (invalid);
}

/* Queries, checked against the formula */

static void
test_instant_split (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonNode) frame = NULL;
  gint64 now;

  if (fixture == NULL)
    return;
  now = bs_prometheus_fixture_get_last_sample (fixture);

  /* "Sum of stock for each product, over the last 24 hours": every sample of the day. */
  query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  bs_query_add_split (query, "product");
  bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 24);
  frame = run_ok (fixture, query, 1000);
  assert_columns (frame, "product:text,value:number");
  g_assert_false (frame_truncated (frame));
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, N_PRODUCTS);
  for (guint p = 0; p < N_PRODUCTS; p++)
    {
      double expected = 0;

      for (guint r = 0; r < N_REGIONS; r++)
        expected += inventory_sum (fixture, p, r, now - 86400, now);
      g_assert_cmpstr (json_array_get_string_element (frame_row (frame, p), 0), ==,
                       bs_prometheus_fixture_products[p]);
      g_assert_cmpfloat (json_array_get_double_element (frame_row (frame, p), 1), ==, expected);
    }
}

static void
test_latest_values (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsQuery) stock = NULL;
  g_autoptr(BsQuery) sold = NULL;
  g_autoptr(JsonNode) stock_frame = NULL;
  g_autoptr(JsonNode) sold_frame = NULL;
  gint64 now;

  if (fixture == NULL)
    return;
  now = bs_prometheus_fixture_get_last_sample (fixture);

  /* No range: the newest value of each series, added up per region. */
  stock = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  bs_query_add_split (stock, "region");
  stock_frame = run_ok (fixture, stock, 0);
  assert_columns (stock_frame, "region:text,value:number");
  for (guint r = 0; r < N_REGIONS; r++)
    {
      double expected = 0;

      for (guint p = 0; p < N_PRODUCTS; p++)
        expected += bs_prometheus_fixture_inventory (p, r, now);
      g_assert_cmpstr (json_array_get_string_element (frame_row (stock_frame, r), 0), ==,
                       bs_prometheus_fixture_regions[r]);
      g_assert_cmpfloat (json_array_get_double_element (frame_row (stock_frame, r), 1), ==,
                         expected);
    }

  /* The counter's last value in the last hour, per product and region. */
  sold = value_query (UNITS_SOLD, BS_QUERY_AGGREGATION_LAST);
  bs_query_add_split (sold, "product");
  bs_query_add_split (sold, "region");
  bs_query_set_time (sold, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 1);
  sold_frame = run_ok (fixture, sold, 0);
  assert_columns (sold_frame, "product:text,region:text,value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (sold_frame)), ==, N_PRODUCTS * N_REGIONS);
  for (guint p = 0; p < N_PRODUCTS; p++)
    for (guint r = 0; r < N_REGIONS; r++)
      {
        JsonArray *row = frame_row (sold_frame, p * N_REGIONS + r);

        g_assert_cmpstr (json_array_get_string_element (row, 0), ==,
                         bs_prometheus_fixture_products[p]);
        g_assert_cmpstr (json_array_get_string_element (row, 1), ==,
                         bs_prometheus_fixture_regions[r]);
        g_assert_cmpfloat (json_array_get_double_element (row, 2), ==,
                           bs_prometheus_fixture_units_sold (p, r, now));
      }
}

static double
single_series_value (BsPrometheusFixture *fixture,
                     BsQueryAggregation   aggregation,
                     BsQueryMeasure       measure)
{
  g_autoptr(BsQuery) query = value_query (INVENTORY, aggregation);
  g_autoptr(JsonNode) frame = NULL;

  bs_query_set_measure (query, measure, measure == BS_QUERY_MEASURE_VALUE ? "value" : NULL);
  bs_query_add_filter_text (query, "product", BS_QUERY_OPERATOR_EQUAL, "apple");
  bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_EQUAL, "north");
  bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 1);
  frame = run_ok (fixture, query, 0);
  assert_columns (frame, "value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, 1);
  return json_array_get_double_element (frame_row (frame, 0), 0);
}

static void
test_aggregations (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(GArray) values = NULL;
  g_autoptr(GArray) sorted = NULL;
  double sum = 0;
  double min = G_MAXDOUBLE;
  double max = -G_MAXDOUBLE;
  gint64 now;

  if (fixture == NULL)
    return;
  now = bs_prometheus_fixture_get_last_sample (fixture);

  /* One series over the last hour: 61 samples, both ends included (Prometheus 2.x). */
  values = inventory_samples (fixture, 0, 0, now - 3600, now);
  g_assert_cmpuint (values->len, ==, 61);
  for (guint i = 0; i < values->len; i++)
    {
      double value = g_array_index (values, double, i);

      sum += value;
      min = MIN (min, value);
      max = MAX (max, value);
    }
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);

  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_SUM,
                                          BS_QUERY_MEASURE_VALUE), ==, sum);
  g_assert_cmpfloat_with_epsilon (single_series_value (fixture, BS_QUERY_AGGREGATION_AVERAGE,
                                                       BS_QUERY_MEASURE_VALUE),
                                  sum / values->len, 1e-9);
  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_MINIMUM,
                                          BS_QUERY_MEASURE_VALUE), ==, min);
  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_MAXIMUM,
                                          BS_QUERY_MEASURE_VALUE), ==, max);
  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_COUNT,
                                          BS_QUERY_MEASURE_VALUE), ==, 61);
  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_LAST,
                                          BS_QUERY_MEASURE_VALUE), ==,
                     bs_prometheus_fixture_inventory (0, 0, now));
  /* 61 values: the median is the 31st, with no interpolation. */
  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_MEDIAN,
                                          BS_QUERY_MEASURE_VALUE), ==,
                     g_array_index (sorted, double, 30));
  g_assert_cmpfloat (single_series_value (fixture, BS_QUERY_AGGREGATION_MAXIMUM,
                                          BS_QUERY_MEASURE_COUNT_ROWS), ==, 61);
}

static void
test_distinct_and_count_rows (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsQuery) distinct = NULL;
  g_autoptr(BsQuery) rows = NULL;
  g_autoptr(JsonNode) distinct_frame = NULL;
  g_autoptr(JsonNode) rows_frame = NULL;

  if (fixture == NULL)
    return;

  distinct = bs_query_new (1, INVENTORY);
  bs_query_set_measure (distinct, BS_QUERY_MEASURE_DISTINCT_COUNT, "region");
  bs_query_add_split (distinct, "product");
  bs_query_set_time (distinct, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 1);
  distinct_frame = run_ok (fixture, distinct, 0);
  assert_columns (distinct_frame, "product:text,value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (distinct_frame)), ==, N_PRODUCTS);
  for (guint p = 0; p < N_PRODUCTS; p++)
    g_assert_cmpfloat (json_array_get_double_element (frame_row (distinct_frame, p), 1), ==,
                       N_REGIONS);

  rows = bs_query_new (1, INVENTORY);
  bs_query_add_filter_text (rows, "product", BS_QUERY_OPERATOR_EQUAL, "apple");
  bs_query_set_time (rows, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 1);
  rows_frame = run_ok (fixture, rows, 0);
  g_assert_cmpfloat (json_array_get_double_element (frame_row (rows_frame, 0), 0), ==,
                     61 * N_REGIONS);
}

static void
test_range_bucket (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonNode) frame = NULL;
  gint64 now;
  gint64 first_bucket;
  guint row = 0;

  if (fixture == NULL)
    return;
  now = bs_prometheus_fixture_get_last_sample (fixture);
  first_bucket = (now - 6 * 3600) - (now - 6 * 3600) % 3600;

  query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  bs_query_add_split (query, "region");
  bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 6);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  frame = run_ok (fixture, query, 0);
  assert_columns (frame, "bucket:time,region:text,value:number");

  /* Seven hours from the one holding now − 6 h; each sums exactly its hour's samples. */
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, 7 * N_REGIONS);
  for (gint64 b = first_bucket; b <= now; b += 3600)
    for (guint r = 0; r < N_REGIONS; r++)
      {
        JsonArray *cells = frame_row (frame, row++);
        g_autofree char *time = iso_time (b);
        double expected = 0;

        for (guint p = 0; p < N_PRODUCTS; p++)
          expected += inventory_sum (fixture, p, r, b, b + 3600 - 1);
        g_assert_cmpstr (json_array_get_string_element (cells, 0), ==, time);
        g_assert_cmpstr (json_array_get_string_element (cells, 1), ==,
                         bs_prometheus_fixture_regions[r]);
        g_assert_cmpfloat (json_array_get_double_element (cells, 2), ==, expected);
      }
}

static void
test_row_limit (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonNode) limited = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *first_time = NULL;
  gint64 now;

  if (fixture == NULL)
    return;
  now = bs_prometheus_fixture_get_last_sample (fixture);

  query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  bs_query_add_split (query, "product");
  bs_query_add_split (query, "region");
  bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 1);
  query->bucket = BS_QUERY_BUCKET_MINUTE;

  all = run_ok (fixture, query, 0);
  g_assert_cmpuint (json_array_get_length (frame_rows (all)), ==, 61 * N_PRODUCTS * N_REGIONS);
  g_assert_false (frame_truncated (all));

  limited = run_ok (fixture, query, 10);
  g_assert_cmpuint (json_array_get_length (frame_rows (limited)), ==, 10);
  g_assert_true (frame_truncated (limited));
  /* The first rows in (bucket, product, region) order. */
  first_time = iso_time (now - 3600);
  for (guint i = 0; i < 10; i++)
    {
      JsonArray *cells = frame_row (limited, i);
      guint p = i / N_REGIONS;
      guint r = i % N_REGIONS;
      gint64 t = now - 3600 + (p >= N_PRODUCTS ? 60 : 0);

      if (p >= N_PRODUCTS)
        p -= N_PRODUCTS;
      g_assert_cmpstr (json_array_get_string_element (cells, 1), ==,
                       bs_prometheus_fixture_products[p]);
      g_assert_cmpstr (json_array_get_string_element (cells, 2), ==,
                       bs_prometheus_fixture_regions[r]);
      g_assert_cmpfloat (json_array_get_double_element (cells, 3), ==,
                         bs_prometheus_fixture_inventory (p, r, t));
    }
  g_assert_cmpstr (json_array_get_string_element (frame_row (limited, 0), 0), ==, first_time);
}

static JsonNode *
run_region_filter (BsPrometheusFixture *fixture,
                   BsQueryOperator      op,
                   const char          *value)
{
  g_autoptr(BsQuery) query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);

  bs_query_add_split (query, "region");
  bs_query_add_filter_text (query, "region", op, value);
  return run_ok (fixture, query, 0);
}

static void
test_hostile_filters (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  const char *west;
  struct { BsQueryOperator op; const char *value; guint n_rows; } cases[] = {
    { BS_QUERY_OPERATOR_EQUAL, NULL, 1 },
    { BS_QUERY_OPERATOR_CONTAINS, "\"old\" \\", 1 },
    { BS_QUERY_OPERATOR_STARTS_WITH, "west \"", 1 },
    { BS_QUERY_OPERATOR_NOT_EQUAL, NULL, 2 },
    { BS_QUERY_OPERATOR_IS_NOT_EMPTY, NULL, 3 },
    { BS_QUERY_OPERATOR_IS_EMPTY, NULL, 0 },
    { BS_QUERY_OPERATOR_EQUAL, "north\"} or vector(1) or up{job=\"", 0 },
    { BS_QUERY_OPERATOR_CONTAINS, ".*", 0 },
  };

  if (fixture == NULL)
    return;
  west = bs_prometheus_fixture_regions[2];
  cases[0].value = west;
  cases[3].value = west;

  /* Values with quotes and backslashes match the real label exactly, and an injection
   * attempt is just a value that no series has. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) frame = run_region_filter (fixture, cases[i].op, cases[i].value);

      g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, cases[i].n_rows);
      if (cases[i].n_rows == 1)
        g_assert_cmpstr (json_array_get_string_element (frame_row (frame, 0), 0), ==, west);
      if (cases[i].n_rows == 2)
        g_assert_cmpstr (json_array_get_string_element (frame_row (frame, 1), 0), ==, "south");
    }
}

static void
test_nan_and_infinities (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  static const char * const expected[][2] = {
    { "minus_inf", "-Inf" }, { "nan", "NaN" }, { "plus_inf", "+Inf" },
  };
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonNode) frame = NULL;

  if (fixture == NULL)
    return;
  query = value_query ("shop_margin_ratio", BS_QUERY_AGGREGATION_MAXIMUM);
  bs_query_add_split (query, "kind");
  frame = run_ok (fixture, query, 0);
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonArray *cells = frame_row (frame, i);

      g_assert_cmpstr (json_array_get_string_element (cells, 0), ==, expected[i][0]);
      g_assert_cmpstr (json_array_get_string_element (cells, 1), ==, expected[i][1]);
    }
}

static void
test_hand_written (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  BsQueryPromql raw = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;

  if (fixture == NULL)
    return;

  /* A hand-written expression has no split labels: every label becomes a column. */
  raw.expr = (char *) "shop_margin_ratio{kind=\"nan\"}";
  raw.end = bs_prometheus_fixture_get_now (fixture);
  frame = bs_prometheus_client_run_promql (bs_prometheus_fixture_get_url (fixture), &raw, 0,
                                           NULL, &error);
  g_assert_no_error (error);
  assert_columns (frame, "__name__:text,kind:text,value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (frame_row (frame, 0), 0), ==,
                   "shop_margin_ratio");
  g_assert_cmpstr (json_array_get_string_element (frame_row (frame, 0), 2), ==, "NaN");
}

/* The conversion the Grafana proxy reuses, on an answer written here. */
static void
test_frame_from_data (void)
{
  const char *answer =
    "{\"resultType\":\"matrix\",\"result\":["
    "{\"metric\":{\"zone\":\"b\",\"__name__\":\"m\"},"
    "\"values\":[[1795000000,\"1.5\"],[1795000060.25,\"+Inf\"]]},"
    "{\"metric\":{\"__name__\":\"m\",\"job\":\"x\"},"
    "\"values\":[[1795000000,\"-Inf\"],[1795000060.25,\"NaN\"]]}]}";
  /* Sorted by time, then labels with a missing one first. */
  static const char * const expected[] = {
    "[\"2026-11-18T11:06:40Z\",\"m\",null,\"b\",1.5]",
    "[\"2026-11-18T11:06:40Z\",\"m\",\"x\",null,\"-Inf\"]",
    "[\"2026-11-18T11:07:40.250Z\",\"m\",null,\"b\",\"+Inf\"]",
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) scalar_frame = NULL;
  g_autoptr(JsonParser) scalar = json_parser_new ();
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, answer, -1, &error));
  frame = bs_prometheus_frame_from_data (json_node_get_object (json_parser_get_root (parser)),
                                         "m", 3, &error);
  g_assert_no_error (error);
  assert_columns (frame, "time:time,__name__:text,job:text,zone:text,value:number");
  g_assert_true (frame_truncated (frame));
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonNode) row = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      json_node_set_array (row, frame_row (frame, i));
      text = json_to_string (row, FALSE);
      g_assert_cmpstr (text, ==, expected[i]);
    }

  g_assert_true (json_parser_load_from_data (scalar, "{\"resultType\":\"scalar\","
                                             "\"result\":[1795000000,\"42\"]}", -1, &error));
  root = json_parser_get_root (scalar);
  scalar_frame = bs_prometheus_frame_from_data (json_node_get_object (root), "42", 0, &error);
  g_assert_no_error (error);
  assert_columns (scalar_frame, "value:number");
  g_assert_cmpfloat (json_array_get_double_element (frame_row (scalar_frame, 0), 0), ==, 42);
}

/* Calls from worker threads, as the engine makes them */

typedef struct
{
  char         *url;
  BsQuery      *query;
  GDateTime    *now;
  GCancellable *cancellable;
  JsonNode     *frame;
  GError       *error;
  gint64        elapsed_us;
  gint          done;
  GThread      *thread;
} Job;

static gpointer
job_run (gpointer data)
{
  Job *job = data;
  gint64 started = g_get_monotonic_time ();

  job->frame = bs_prometheus_client_run_query (job->url, job->query, job->now, 0,
                                               job->cancellable, &job->error);
  job->elapsed_us = g_get_monotonic_time () - started;
  g_atomic_int_set (&job->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static Job *
job_start (const char    *url,
           const BsQuery *query,
           GDateTime     *now)
{
  Job *job = g_new0 (Job, 1);

  job->url = g_strdup (url);
  job->query = bs_query_copy (query);
  job->now = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  job->cancellable = g_cancellable_new ();
  job->thread = g_thread_new ("prometheus-query", job_run, job);
  return job;
}

/* Runs the main context (an in-process server may need it) until the job is done. */
static void
job_wait (Job *job)
{
  while (!g_atomic_int_get (&job->done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (job->thread);
}

static void
job_free (Job *job)
{
  g_free (job->url);
  bs_query_free (job->query);
  g_date_time_unref (job->now);
  g_object_unref (job->cancellable);
  g_clear_pointer (&job->frame, json_node_unref);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
test_threads (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autofree char *expected_rows = NULL;
  Job *jobs[4];

  if (fixture == NULL)
    return;
  query = value_query (INVENTORY, BS_QUERY_AGGREGATION_AVERAGE);
  bs_query_add_split (query, "product");
  bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 6);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  expected = run_ok (fixture, query, 0);
  expected_rows = json_to_string (json_object_get_member (json_node_get_object (expected),
                                                          "rows"), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    jobs[i] = job_start (bs_prometheus_fixture_get_url (fixture), query,
                         bs_prometheus_fixture_get_now (fixture));
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(Job) job = jobs[i];
      g_autofree char *rows = NULL;

      job_wait (job);
      g_assert_no_error (job->error);
      rows = json_to_string (json_object_get_member (json_node_get_object (job->frame), "rows"),
                             FALSE);
      g_assert_cmpstr (rows, ==, expected_rows);
    }
}

/* Failures, each in plain words naming the server */

static void
assert_message_has (const GError *error,
                    const char   *needle)
{
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” not in the error “%s”", needle, error->message);
}

static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(BsQuery) query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(JsonNode) schema = NULL;

  frame = bs_prometheus_client_run_query (url, query, NULL, 0, NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT);
  assert_message_has (error, url);
  assert_message_has (error, "refused");
  g_clear_error (&error);

  health = bs_prometheus_client_check (url, NULL, &error);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT);
  g_assert_null (health);
  g_clear_error (&error);

  schema = bs_prometheus_client_describe (url, NULL, NULL, &error);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT);
  g_assert_null (schema);
}

static void
test_invalid_url (void)
{
  static const char * const urls[] = { "ftp://example.com", "not an address", "http://", "" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) health = bs_prometheus_client_check (urls[i], NULL, &error);

      g_assert_null (health);
      g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_INVALID_URL);
    }
}

static void
test_server_errors (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  BsQueryPromql broken = { 0 };
  BsQueryPromql too_fine = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) fine_frame = NULL;
  g_autoptr(GDateTime) day_ago = NULL;

  if (fixture == NULL)
    return;

  broken.expr = (char *) "sum(" INVENTORY;
  broken.end = bs_prometheus_fixture_get_now (fixture);
  frame = bs_prometheus_client_run_promql (bs_prometheus_fixture_get_url (fixture), &broken, 0,
                                           NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA);
  assert_message_has (error, bs_prometheus_fixture_get_url (fixture));
  assert_message_has (error, "unclosed left parenthesis");
  g_clear_error (&error);

  /* Prometheus's own limit, in its own words. */
  day_ago = g_date_time_add_days (bs_prometheus_fixture_get_now (fixture), -1);
  too_fine.expr = (char *) INVENTORY;
  too_fine.is_range = TRUE;
  too_fine.start = day_ago;
  too_fine.end = bs_prometheus_fixture_get_now (fixture);
  too_fine.step_seconds = 1;
  fine_frame = bs_prometheus_client_run_promql (bs_prometheus_fixture_get_url (fixture),
                                                &too_fine, 0, NULL, &error);
  g_assert_null (fine_frame);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA);
  assert_message_has (error, "exceeded maximum resolution");
}

static void
impostor_handler (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  static const struct { const char *prefix; guint status; const char *type; const char *body; }
  answers[] = {
    { "/html/", SOUP_STATUS_OK, "text/html", "<html><body>Welcome</body></html>" },
    { "/missing/", SOUP_STATUS_NOT_FOUND, "text/plain", "404 page not found" },
    { "/short-pair/", SOUP_STATUS_OK, "application/json",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
      "[{\"metric\":{},\"value\":[\"x\"]}]}}" },
    { "/odd-shapes/", SOUP_STATUS_OK, "application/json",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
      "[{\"metric\":[1,2],\"values\":{\"a\":1}}]}}" },
    { "/text-value/", SOUP_STATUS_OK, "application/json",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
      "[{\"metric\":{\"a\":\"b\"},\"value\":[1,\"twelve\"]}]}}" },
    { "/no-data/", SOUP_STATUS_OK, "application/json", "{\"status\":\"success\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    if (g_str_has_prefix (path, answers[i].prefix))
      {
        soup_server_message_set_status (message, answers[i].status, NULL);
        soup_server_message_set_response (message, answers[i].type, SOUP_MEMORY_STATIC,
                                          answers[i].body, strlen (answers[i].body));
        return;
      }
  soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
}

static void
test_not_prometheus (void)
{
  static const struct { const char *prefix; gint code; const char *needle; } cases[] = {
    { "html", BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE, "not Prometheus JSON" },
    { "missing", BS_PROMETHEUS_CLIENT_ERROR_HTTP, "HTTP 404" },
    { "short-pair", BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE, "not Prometheus JSON" },
    { "odd-shapes", BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE, "not Prometheus JSON" },
    { "text-value", BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE, "not a number" },
    { "no-data", BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE, "not Prometheus JSON" },
  };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(BsQuery) query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  guint port;

  soup_server_add_handler (server, NULL, impostor_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_foreach (uris, (GFunc) g_uri_unref, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/%s", port, cases[i].prefix);
      g_autoptr(Job) job = job_start (url, query, NULL);

      job_wait (job);
      g_assert_null (job->frame);
      g_assert_error (job->error, BS_PROMETHEUS_CLIENT_ERROR, cases[i].code);
      assert_message_has (job->error, url);
      assert_message_has (job->error, cases[i].needle);
    }
}

/* A server that takes connections (the kernel completes them) but never answers. */
static GSocket *
silent_server (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  guint16 port;
  g_autoptr(GSocket) socket = silent_server (&port);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(BsQuery) query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  g_autoptr(Job) job = job_start (url, query, NULL);

  g_timeout_add (300, cancel_cb, job->cancellable);
  job_wait (job);
  g_assert_null (job->frame);
  g_assert_error (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (job->elapsed_us, >=, 250 * 1000);
  g_assert_cmpint (job->elapsed_us, <, 3 * G_USEC_PER_SEC);
}

static void
test_timeout (void)
{
  guint16 port;
  g_autoptr(GSocket) socket = silent_server (&port);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(BsQuery) query = value_query (INVENTORY, BS_QUERY_AGGREGATION_SUM);
  g_autoptr(Job) job = job_start (url, query, NULL);

  job_wait (job);
  g_assert_null (job->frame);
  g_assert_error (job->error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_TIMEOUT);
  assert_message_has (job->error, url);
  assert_message_has (job->error, "10 seconds");
  g_assert_cmpint (job->elapsed_us, >=,
                   (BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS - 1) * G_USEC_PER_SEC);
  g_assert_cmpint (job->elapsed_us, <,
                   (BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS + 5) * G_USEC_PER_SEC);
}

/* Raw PromQL and label values, as the engine's routes run them */

static double
inventory_total (gint64 t)
{
  double total = 0;

  for (guint p = 0; p < N_PRODUCTS; p++)
    for (guint r = 0; r < N_REGIONS; r++)
      total += bs_prometheus_fixture_inventory (p, r, t);
  return total;
}

static void
test_raw_instant (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) total = NULL;
  g_autoptr(JsonNode) series = NULL;
  g_autoptr(JsonNode) limited = NULL;
  gint64 last;

  if (fixture == NULL)
    return;
  last = bs_prometheus_fixture_get_last_sample (fixture);

  /* An hour before the newest sample, so that the time given is the one used. */
  total = bs_prometheus_client_query_instant (bs_prometheus_fixture_get_url (fixture),
                                              "sum(" INVENTORY ")", last - 3600, 0, NULL,
                                              &error);
  g_assert_no_error (error);
  assert_columns (total, "value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (total)), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (frame_row (total, 0), 0), ==,
                     inventory_total (last - 3600));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (total), "query"), ==,
                   "sum(" INVENTORY ")");
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (total),
                                                    "elapsed_ms"), >, 0);
  g_assert_false (frame_truncated (total));

  /* Every label is a column; the hostile region comes back as written. */
  series = bs_prometheus_client_query_instant (bs_prometheus_fixture_get_url (fixture),
                                               INVENTORY "{product=\"cheese\"}", last, 0,
                                               NULL, &error);
  g_assert_no_error (error);
  assert_columns (series, "__name__:text,product:text,region:text,value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (series)), ==, N_REGIONS);
  for (guint r = 0; r < N_REGIONS; r++)
    {
      JsonArray *row = frame_row (series, r);

      g_assert_cmpstr (json_array_get_string_element (row, 0), ==, INVENTORY);
      g_assert_cmpstr (json_array_get_string_element (row, 1), ==, "cheese");
      g_assert_cmpstr (json_array_get_string_element (row, 2), ==,
                       bs_prometheus_fixture_regions[r]);
      g_assert_cmpfloat (json_array_get_double_element (row, 3), ==,
                         bs_prometheus_fixture_inventory (2, r, last));
    }

  limited = bs_prometheus_client_query_instant (bs_prometheus_fixture_get_url (fixture),
                                                INVENTORY, last, 4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (frame_rows (limited)), ==, 4);
  g_assert_true (frame_truncated (limited));
}

static void
test_raw_range (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) by_product = NULL;
  gint64 last;
  gint64 from;

  if (fixture == NULL)
    return;
  last = bs_prometheus_fixture_get_last_sample (fixture);
  from = last - 30 * 60;

  /* Every 5 minutes over half an hour: 7 points, each the sum of that minute's samples. */
  frame = bs_prometheus_client_query_range (bs_prometheus_fixture_get_url (fixture),
                                            "sum(" INVENTORY ")", from, last, 300, 0, NULL,
                                            &error);
  g_assert_no_error (error);
  assert_columns (frame, "time:time,value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      gint64 t = from + 300 * i;
      g_autofree char *expected_time = iso_time (t);

      g_assert_cmpstr (json_array_get_string_element (frame_row (frame, i), 0), ==,
                       expected_time);
      g_assert_cmpfloat (json_array_get_double_element (frame_row (frame, i), 1), ==,
                         inventory_total (t));
    }

  /* A fractional step is passed as it is: 90 s gives a point at every minute and a half. */
  by_product = bs_prometheus_client_query_range (bs_prometheus_fixture_get_url (fixture),
                                                 "sum by (product) (" INVENTORY ")",
                                                 from, from + 180, 90, 0, NULL, &error);
  g_assert_no_error (error);
  assert_columns (by_product, "time:time,product:text,value:number");
  g_assert_cmpuint (json_array_get_length (frame_rows (by_product)), ==, 3 * N_PRODUCTS);
  for (guint i = 0; i < 3 * N_PRODUCTS; i++)
    {
      JsonArray *row = frame_row (by_product, i);
      /* At t + 90 s the newest sample is the one of t + 60 s. */
      gint64 t = from + 90 * (i / N_PRODUCTS);
      gint64 sample = t - t % BS_PROMETHEUS_FIXTURE_STEP;
      guint p = i % N_PRODUCTS;
      double expected = 0;

      for (guint r = 0; r < N_REGIONS; r++)
        expected += bs_prometheus_fixture_inventory (p, r, sample);
      g_assert_cmpstr (json_array_get_string_element (row, 1), ==,
                       bs_prometheus_fixture_products[p]);
      g_assert_cmpfloat (json_array_get_double_element (row, 2), ==, expected);
    }
}

static void
assert_label_values (JsonNode            *answer,
                     const char          *label,
                     const char * const  *expected,
                     guint                n)
{
  JsonObject *object = json_node_get_object (answer);
  JsonArray *values = json_object_get_array_member (object, "values");

  g_assert_cmpstr (json_object_get_string_member (object, "label"), ==, label);
  g_assert_false (json_object_get_boolean_member (object, "truncated"));
  g_assert_cmpuint (json_array_get_length (values), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (values, i), ==, expected[i]);
}

static void
test_label_values (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  static const char * const kinds[] = { "minus_inf", "nan", "plus_inf" };
  static const char * const cheese[] = { "cheese" };
  static const char * const shop[] = { INVENTORY, "shop_margin_ratio", UNITS_SOLD };
  g_autoptr(GError) error = NULL;
  g_autofree char *hostile = NULL;
  const char *url;

  if (fixture == NULL)
    return;
  url = bs_prometheus_fixture_get_url (fixture);

  {
    g_autoptr(JsonNode) regions = bs_prometheus_client_label_values (url, "region", NULL, NULL,
                                                                     &error);

    g_assert_no_error (error);
    assert_label_values (regions, "region", bs_prometheus_fixture_regions, N_REGIONS);
  }
  {
    g_autoptr(JsonNode) answer = bs_prometheus_client_label_values (url, "kind",
                                                                    "shop_margin_ratio",
                                                                    NULL, &error);

    g_assert_no_error (error);
    assert_label_values (answer, "kind", kinds, G_N_ELEMENTS (kinds));
  }
  {
    g_autoptr(JsonNode) answer = bs_prometheus_client_label_values (url, "__name__",
                                                                    "{__name__=~\"shop_.*\"}",
                                                                    NULL, &error);

    g_assert_no_error (error);
    assert_label_values (answer, "__name__", shop, G_N_ELEMENTS (shop));
  }
  {
    g_autoptr(JsonNode) answer = bs_prometheus_client_label_values (url, "no_such_label",
                                                                    NULL, NULL, &error);

    g_assert_no_error (error);
    assert_label_values (answer, "no_such_label", NULL, 0);
  }

  /* The hostile region in a selector, escaped as PromQL wants: only its cheese series. */
  hostile = g_strdup (INVENTORY "{region=\"west \\\"old\\\" \\\\ town\","
                       "product=\"cheese\"}");
  {
    g_autoptr(JsonNode) answer = bs_prometheus_client_label_values (url, "product", hostile,
                                                                    NULL, &error);

    g_assert_no_error (error);
    assert_label_values (answer, "product", cheese, G_N_ELEMENTS (cheese));
  }
  {
    g_autoptr(JsonNode) answer = bs_prometheus_client_label_values (url, "region", hostile,
                                                                    NULL, &error);
    g_assert_no_error (error);
    assert_label_values (answer, "region", &bs_prometheus_fixture_regions[2], 1);
  }
}

static void
test_raw_errors (void)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) broken = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) bad_selector = NULL;
  g_autoptr(JsonNode) bad_label = NULL;
  const char *url;
  gint64 last;

  if (fixture == NULL)
    return;
  url = bs_prometheus_fixture_get_url (fixture);
  last = bs_prometheus_fixture_get_last_sample (fixture);

  broken = bs_prometheus_client_query_range (url, "sum(rate(" UNITS_SOLD "[5m])", last - 600,
                                             last, 60, 0, NULL, &error);
  g_assert_null (broken);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA);
  assert_message_has (error, url);
  assert_message_has (error, "unclosed left parenthesis");
  g_clear_error (&error);

  /* A valid expression that fails while it runs is the server's answer, not bad data. */
  failed = bs_prometheus_client_query_instant (url, INVENTORY " + on (product) " INVENTORY,
                                               last, 0, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_QUERY);
  assert_message_has (error, "duplicate series");
  g_clear_error (&error);

  bad_selector = bs_prometheus_client_label_values (url, "region", "{region=}", NULL, &error);
  g_assert_null (bad_selector);
  g_assert_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA);
  assert_message_has (error, "parse error");
  g_clear_error (&error);

  bad_label = bs_prometheus_client_label_values (url, "../status", NULL, NULL, &error);
  g_assert_null (bad_label);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN);
}

/* More values than a dropdown shows, from a server written here, in reverse order. */
static void
many_values_handler (SoupServer        *server,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  GString *body = g_string_new ("{\"status\":\"success\",\"data\":[");

  g_assert_cmpstr (path, ==, "/api/v1/label/code/values");
  for (guint i = 0; i < BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES + 500; i++)
    g_string_append_printf (body, "%s\"v%04u\"", i > 0 ? "," : "",
                            BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES + 499 - i);
  g_string_append (body, "]}");
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    body->str, body->len);
  g_string_free (body, FALSE);
}

typedef struct
{
  char     *url;
  JsonNode *answer;
  GError   *error;
  gint      done;
} ValuesJob;

static gpointer
values_job_run (gpointer data)
{
  ValuesJob *job = data;

  job->answer = bs_prometheus_client_label_values (job->url, "code", NULL, NULL, &job->error);
  g_atomic_int_set (&job->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
test_label_values_truncated (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  ValuesJob job = { 0 };
  GThread *thread;
  JsonObject *object;
  JsonArray *values;

  soup_server_add_handler (server, NULL, many_values_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  job.url = g_strdup_printf ("http://127.0.0.1:%u", g_uri_get_port (uris->data));
  g_slist_foreach (uris, (GFunc) g_uri_unref, NULL);

  thread = g_thread_new ("label-values", values_job_run, &job);
  while (!g_atomic_int_get (&job.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  g_assert_no_error (job.error);
  object = json_node_get_object (job.answer);
  values = json_object_get_array_member (object, "values");
  g_assert_true (json_object_get_boolean_member (object, "truncated"));
  g_assert_cmpuint (json_array_get_length (values), ==, BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES);
  /* Sorted, so the first ones are kept whatever order the server gives. */
  g_assert_cmpstr (json_array_get_string_element (values, 0), ==, "v0000");
  g_assert_cmpstr (json_array_get_string_element (values, 999), ==, "v0999");
  json_node_unref (job.answer);
  g_free (job.url);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/prometheus/check", test_check);
  g_test_add_func ("/bs/prometheus/describe-metrics", test_describe_metrics);
  g_test_add_func ("/bs/prometheus/describe-labels", test_describe_labels);
  g_test_add_func ("/bs/prometheus/instant-split", test_instant_split);
  g_test_add_func ("/bs/prometheus/latest-values", test_latest_values);
  g_test_add_func ("/bs/prometheus/aggregations", test_aggregations);
  g_test_add_func ("/bs/prometheus/distinct-and-count-rows", test_distinct_and_count_rows);
  g_test_add_func ("/bs/prometheus/range-bucket", test_range_bucket);
  g_test_add_func ("/bs/prometheus/row-limit", test_row_limit);
  g_test_add_func ("/bs/prometheus/hostile-filters", test_hostile_filters);
  g_test_add_func ("/bs/prometheus/nan-and-infinities", test_nan_and_infinities);
  g_test_add_func ("/bs/prometheus/hand-written", test_hand_written);
  g_test_add_func ("/bs/prometheus/raw-instant", test_raw_instant);
  g_test_add_func ("/bs/prometheus/raw-range", test_raw_range);
  g_test_add_func ("/bs/prometheus/label-values", test_label_values);
  g_test_add_func ("/bs/prometheus/raw-errors", test_raw_errors);
  g_test_add_func ("/bs/prometheus/label-values-truncated", test_label_values_truncated);
  g_test_add_func ("/bs/prometheus/frame-from-data", test_frame_from_data);
  g_test_add_func ("/bs/prometheus/threads", test_threads);
  g_test_add_func ("/bs/prometheus/refused", test_refused);
  g_test_add_func ("/bs/prometheus/invalid-url", test_invalid_url);
  g_test_add_func ("/bs/prometheus/server-errors", test_server_errors);
  g_test_add_func ("/bs/prometheus/not-prometheus", test_not_prometheus);
  g_test_add_func ("/bs/prometheus/cancel", test_cancel);
  g_test_add_func ("/bs/prometheus/timeout", test_timeout);

  status = g_test_run ();
  bs_prometheus_fixture_free_shared ();
  return status;
}
