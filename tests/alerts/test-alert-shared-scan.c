#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "bs-alert-shared-scan.h"
#include "bs-demo-generator.h"
#include "bs-source-runner.h"
#include "bs-test-util.h"

/* The shared scan must give each query the frame its own query gives: the same columns and
 * types, the same series in the same order, the same values (sums of REAL values to the
 * last few bits). Every comparison is against bs_source_runner_run_query () on the same
 * file, the path the scheduler takes for a query that cannot be shared. */

#define DEMO_ROWS 200000

typedef struct
{
  char         *dir;
  char         *path;
  BsSourceSpec *spec;
  GDateTime    *now;
  GTimeZone    *tz;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(BsDemoGenerator) generator = NULL;

  fixture->dir = bs_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "demo.db", NULL);
  /* A Tuesday 14:37, so that "today" and "this week" are neither empty nor the window. */
  fixture->now = g_date_time_new (utc, 2026, 11, 24, 14, 37, 0);
  fixture->tz = g_time_zone_new_identifier ("America/New_York");
  g_assert_nonnull (fixture->tz);
  generator = bs_demo_generator_new (BS_DEMO_DEFAULT_SEED, DEMO_ROWS, fixture->now);
  g_assert_true (bs_demo_generator_write (generator, fixture->path, NULL, &error));
  g_assert_no_error (error);

  fixture->spec = bs_source_spec_new (1, "Demo retail", "sqlite");
  fixture->spec->path = g_strdup (fixture->path);
  fixture->spec->owned = TRUE;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bs_source_spec_free (fixture->spec);
  g_date_time_unref (fixture->now);
  g_time_zone_unref (fixture->tz);
  bs_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static BsQuery *
make_query (const char         *table,
            BsQueryMeasure      measure,
            const char         *column,
            BsQueryAggregation  aggregation,
            const char * const *splits,
            BsQueryRange        range,
            guint               count)
{
  BsQuery *query = bs_query_new (1, table);

  bs_query_set_measure (query, measure, column);
  query->aggregation = aggregation;
  for (guint i = 0; splits != NULL && splits[i] != NULL; i++)
    g_assert_true (bs_query_add_split (query, splits[i]));
  if (range != BS_QUERY_RANGE_NONE)
    bs_query_set_time (query, "sold_at", range, count);
  return query;
}

static void
assert_cells_equal (JsonNode   *a,
                    JsonNode   *b,
                    const char *what)
{
  GType type_a = JSON_NODE_HOLDS_VALUE (a) ? json_node_get_value_type (a) : G_TYPE_NONE;
  GType type_b = JSON_NODE_HOLDS_VALUE (b) ? json_node_get_value_type (b) : G_TYPE_NONE;

  /* 1 and 1.0 are one group (and equal to min () and max ()): which of them SQLite shows
   * depends on the order it happened to read the rows in. */
  if ((type_a == G_TYPE_INT64 && type_b == G_TYPE_DOUBLE)
      || (type_a == G_TYPE_DOUBLE && type_b == G_TYPE_INT64))
    {
      if (json_node_get_double (a) != json_node_get_double (b))
        g_error ("%s: %s against %s", what, json_to_string (a, FALSE),
                 json_to_string (b, FALSE));
      return;
    }
  if (type_a != type_b)
    g_error ("%s: %s against %s", what, json_to_string (a, FALSE), json_to_string (b, FALSE));
  if (type_a == G_TYPE_DOUBLE)
    {
      double x = json_node_get_double (a);
      double y = json_node_get_double (b);

      if (fabs (x - y) > 1e-9 * MAX (1.0, MAX (fabs (x), fabs (y))))
        g_error ("%s: %.17g against %.17g", what, x, y);
    }
  else if (!json_node_equal (a, b))
    g_error ("%s: %s against %s", what, json_to_string (a, FALSE), json_to_string (b, FALSE));
}

/* @shared against @own, which bs_source_runner_run_query () gave. */
static void
assert_frames_equal (JsonNode   *shared,
                     JsonNode   *own,
                     const char *what)
{
  JsonObject *s = json_node_get_object (shared);
  JsonObject *o = json_node_get_object (own);
  JsonArray *s_rows = json_object_get_array_member (s, "rows");
  JsonArray *o_rows = json_object_get_array_member (o, "rows");

  if (!json_node_equal (json_object_get_member (s, "columns"),
                        json_object_get_member (o, "columns")))
    g_error ("%s: columns %s against %s", what,
             json_to_string (json_object_get_member (s, "columns"), FALSE),
             json_to_string (json_object_get_member (o, "columns"), FALSE));
  if (json_array_get_length (s_rows) != json_array_get_length (o_rows))
    g_error ("%s: %u rows against %u", what, json_array_get_length (s_rows),
             json_array_get_length (o_rows));
  for (guint r = 0; r < json_array_get_length (o_rows); r++)
    {
      JsonArray *s_row = json_array_get_array_element (s_rows, r);
      JsonArray *o_row = json_array_get_array_element (o_rows, r);

      g_assert_cmpuint (json_array_get_length (s_row), ==, json_array_get_length (o_row));
      for (guint c = 0; c < json_array_get_length (o_row); c++)
        assert_cells_equal (json_array_get_element (s_row, c),
                            json_array_get_element (o_row, c), what);
    }
  g_assert_false (json_object_get_boolean_member (s, "truncated"));
}

/* Runs @queries shared (keeping rows in @cache, when given) and one by one, and compares
 * each; returns the statements run. */
static guint
compare_kept (const BsSourceSpec *spec,
              GPtrArray          *queries,
              GTimeZone          *tz,
              GDateTime          *now,
              BsAlertScanCache   *cache,
              guint              *out_n_shared)
{
  g_autoptr(BsAlertSharedScan) scan = bs_alert_shared_scan_new (spec, tz, now);
  g_autoptr(GError) error = NULL;
  guint n_shared = 0;

  bs_alert_shared_scan_set_cache (scan, cache);
  for (guint i = 0; i < queries->len; i++)
    g_assert_cmpuint (bs_alert_shared_scan_add (scan, g_ptr_array_index (queries, i)), ==, i);
  g_assert_true (bs_alert_shared_scan_run (scan, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < queries->len; i++)
    {
      const BsQuery *query = g_ptr_array_index (queries, i);
      g_autoptr(JsonNode) own = NULL;
      g_autoptr(JsonNode) shared = NULL;
      g_autoptr(GError) own_error = NULL;
      g_autoptr(GError) shared_error = NULL;
      g_autoptr(JsonNode) query_json = bs_query_to_json (query);
      g_autofree char *what = json_to_string (query_json, FALSE);

      own = bs_source_runner_run_query (spec, query, tz, now, 0, NULL, &own_error);
      shared = bs_alert_shared_scan_get_frame (scan, i, &shared_error);
      if (own_error != NULL)
        {
          g_assert_null (shared);
          g_assert_error (shared_error, own_error->domain, own_error->code);
          g_assert_cmpstr (shared_error->message, ==, own_error->message);
          continue;
        }
      g_assert_no_error (shared_error);
      assert_frames_equal (shared, own, what);
      g_assert_cmpfloat (bs_alert_shared_scan_get_elapsed_ms (scan, i), >=, 0);
      n_shared += bs_alert_shared_scan_is_shared (scan, i);
    }
  if (out_n_shared != NULL)
    *out_n_shared = n_shared;
  return bs_alert_shared_scan_get_n_statements (scan);
}

static guint
compare_all (const BsSourceSpec *spec,
             GPtrArray          *queries,
             GTimeZone          *tz,
             GDateTime          *now,
             guint              *out_n_shared)
{
  return compare_kept (spec, queries, tz, now, NULL, out_n_shared);
}

static void
add_filters (BsQuery *query,
             guint    kind)
{
  switch (kind)
    {
    case 0:
      break;
    case 1:
      bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_GREATER, 2);
      break;
    case 2:
      bs_query_add_filter_number (query, "unit_price", BS_QUERY_OPERATOR_LESS_OR_EQUAL, 12.5);
      bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_NOT_EQUAL, 1);
      break;
    case 3:
      /* The same set as 2 in the other order: one flag serves both. */
      bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_NOT_EQUAL, 1);
      bs_query_add_filter_number (query, "unit_price", BS_QUERY_OPERATOR_LESS_OR_EQUAL, 12.5);
      break;
    default:
      bs_query_add_filter_number (query, "amount", BS_QUERY_OPERATOR_GREATER_OR_EQUAL, 1e9);
      break;
    }
}

/* Every aggregation, split, filter and window of the sales table; @n_own: how many cannot
 * be shared, @n_medians: how many of those are medians or last values over a window, which
 * kept rows answer. */
static GPtrArray *
sales_shapes (guint *n_own,
              guint *n_medians)
{
  static const char * const none[] = { NULL };
  static const char * const product[] = { "product_id", NULL };
  static const char * const store[] = { "STORE_ID", NULL };   /* any case, as SQL */
  static const char * const both[] = { "store_id", "product_id", NULL };
  const char * const *splits[] = { none, product, store, both };
  static const struct { BsQueryRange range; guint count; } windows[] = {
    { BS_QUERY_RANGE_LAST_MINUTES, 15 }, { BS_QUERY_RANGE_LAST_HOURS, 1 },
    { BS_QUERY_RANGE_LAST_HOURS, 24 }, { BS_QUERY_RANGE_LAST_DAYS, 7 },
    { BS_QUERY_RANGE_TODAY, 0 }, { BS_QUERY_RANGE_THIS_WEEK, 0 }, { BS_QUERY_RANGE_NONE, 0 },
  };
  static const struct { BsQueryMeasure measure; const char *column; BsQueryAggregation agg; }
  measures[] = {
    { BS_QUERY_MEASURE_VALUE, "quantity", BS_QUERY_AGGREGATION_SUM },
    { BS_QUERY_MEASURE_VALUE, "amount", BS_QUERY_AGGREGATION_SUM },
    { BS_QUERY_MEASURE_VALUE, "amount", BS_QUERY_AGGREGATION_AVERAGE },
    { BS_QUERY_MEASURE_VALUE, "quantity", BS_QUERY_AGGREGATION_AVERAGE },
    { BS_QUERY_MEASURE_VALUE, "unit_price", BS_QUERY_AGGREGATION_MINIMUM },
    { BS_QUERY_MEASURE_VALUE, "quantity", BS_QUERY_AGGREGATION_MAXIMUM },
    { BS_QUERY_MEASURE_VALUE, "amount", BS_QUERY_AGGREGATION_COUNT },
    { BS_QUERY_MEASURE_COUNT_ROWS, NULL, BS_QUERY_AGGREGATION_SUM },
    { BS_QUERY_MEASURE_VALUE, "quantity", BS_QUERY_AGGREGATION_LAST },
    { BS_QUERY_MEASURE_VALUE, "amount", BS_QUERY_AGGREGATION_MEDIAN },
    { BS_QUERY_MEASURE_DISTINCT_COUNT, "product_id", BS_QUERY_AGGREGATION_SUM },
  };
  GPtrArray *queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);

  *n_own = *n_medians = 0;
  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
      for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
        {
          /* Every filter with every shape would be slow for nothing: they turn with w. */
          BsQuery *query = make_query ("sales", measures[m].measure, measures[m].column,
                                       measures[m].agg, splits[s], windows[w].range,
                                       windows[w].count);

          add_filters (query, (m + s + w) % 5);
          g_ptr_array_add (queries, query);
          if (measures[m].agg == BS_QUERY_AGGREGATION_LAST
              || measures[m].agg == BS_QUERY_AGGREGATION_MEDIAN
              || measures[m].measure == BS_QUERY_MEASURE_DISTINCT_COUNT)
            (*n_own)++;
          if ((measures[m].agg == BS_QUERY_AGGREGATION_MEDIAN
               || measures[m].agg == BS_QUERY_AGGREGATION_LAST)
              && windows[w].range != BS_QUERY_RANGE_NONE)
            (*n_medians)++;
        }
  return queries;
}

static void
test_shapes_sales (Fixture       *fixture,
                   gconstpointer  data)
{
  guint n_own, n_medians;
  g_autoptr(GPtrArray) queries = sales_shapes (&n_own, &n_medians);
  guint n_shared = 0;
  guint statements;

  statements = compare_all (fixture->spec, queries, fixture->tz, fixture->now, &n_shared);
  g_test_message ("%u queries, %u shared, %u statements", queries->len, n_shared, statements);
  g_assert_cmpuint (n_shared, ==, queries->len - n_own);
  /* One statement reads the widest window for all six windows, one the whole table for
   * the queries without a window, and each query that cannot be shared has its own. */
  g_assert_cmpuint (statements, ==, 2 + n_own);
}

/* A view with text splits, and filters on text. */
static void
test_shapes_view (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const none[] = { NULL };
  static const char * const region[] = { "region", NULL };
  static const char * const store[] = { "store", NULL };
  static const char * const region_store[] = { "region", "store", NULL };
  static const char * const product[] = { "product", NULL };
  const char * const *splits[] = { none, region, store, region_store, product };
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);
  guint n_shared = 0;
  guint statements;

  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    for (guint f = 0; f < 6; f++)
      {
        BsQuery *query = make_query ("sales_detail", BS_QUERY_MEASURE_VALUE,
                                     f % 2 ? "amount" : "quantity",
                                     f % 3 ? BS_QUERY_AGGREGATION_SUM
                                           : BS_QUERY_AGGREGATION_MAXIMUM,
                                     splits[s], BS_QUERY_RANGE_LAST_HOURS, 24);

        switch (f)
          {
          case 1:
            bs_query_add_filter_text (query, "channel", BS_QUERY_OPERATOR_CONTAINS, "LINE");
            break;
          case 2:
            bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_STARTS_WITH, "a");
            break;
          case 3:
            bs_query_add_filter_text (query, "store", BS_QUERY_OPERATOR_NOT_EQUAL, "nowhere");
            bs_query_add_filter_text (query, "category", BS_QUERY_OPERATOR_IS_NOT_EMPTY, NULL);
            break;
          case 4:
            bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_EQUAL, "Europe");
            break;
          case 5:
            bs_query_add_filter_text (query, "product", BS_QUERY_OPERATOR_IS_EMPTY, NULL);
            break;
          default:
            break;
          }
        g_ptr_array_add (queries, query);
      }

  statements = compare_all (fixture->spec, queries, fixture->tz, fixture->now, &n_shared);
  g_assert_cmpuint (n_shared, ==, queries->len);
  g_assert_cmpuint (statements, ==, 1);
}

/* A query naming something that does not exist fails on its own, with the message its own
 * query gives; the others are answered. */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const product[] = { "product_id", NULL };
  static const char * const nowhere[] = { "nowhere", NULL };
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);
  g_autoptr(BsAlertSharedScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  BsQuery *query;

  g_ptr_array_add (queries, make_query ("sales", BS_QUERY_MEASURE_VALUE, "quantity",
                                        BS_QUERY_AGGREGATION_SUM, product,
                                        BS_QUERY_RANGE_LAST_HOURS, 24));
  g_ptr_array_add (queries, make_query ("sales", BS_QUERY_MEASURE_VALUE, "quantity",
                                        BS_QUERY_AGGREGATION_SUM, nowhere,
                                        BS_QUERY_RANGE_LAST_HOURS, 24));
  g_ptr_array_add (queries, make_query ("no_such_table", BS_QUERY_MEASURE_COUNT_ROWS, NULL,
                                        BS_QUERY_AGGREGATION_SUM, NULL,
                                        BS_QUERY_RANGE_NONE, 0));
  query = make_query ("sales", BS_QUERY_MEASURE_VALUE, "amount", BS_QUERY_AGGREGATION_SUM,
                      product, BS_QUERY_RANGE_LAST_HOURS, 24);
  bs_query_add_filter_text (query, "colour", BS_QUERY_OPERATOR_EQUAL, "red");
  g_ptr_array_add (queries, query);
  query = make_query ("sales", BS_QUERY_MEASURE_VALUE, "amount", BS_QUERY_AGGREGATION_SUM,
                      product, BS_QUERY_RANGE_NONE, 0);
  bs_query_set_time (query, "store_id", BS_QUERY_RANGE_LAST_HOURS, 1);   /* not a time */
  g_ptr_array_add (queries, query);

  /* compare_all checks the errors are the per-query ones, word for word. */
  g_assert_cmpuint (compare_all (fixture->spec, queries, fixture->tz, fixture->now, NULL), ==,
                    1 + 4);

  scan = bs_alert_shared_scan_new (fixture->spec, fixture->tz, fixture->now);
  for (guint i = 0; i < queries->len; i++)
    bs_alert_shared_scan_add (scan, g_ptr_array_index (queries, i));
  g_assert_true (bs_alert_shared_scan_run (scan, NULL, &error));
  frame = bs_alert_shared_scan_get_frame (scan, 1, &error);
  g_assert_null (frame);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);
  frame = bs_alert_shared_scan_get_frame (scan, 2, &error);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
  g_clear_error (&error);
  frame = bs_alert_shared_scan_get_frame (scan, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (frame), "rows")), >, 10);
}

/* A table of awkward values: NULL measures and splits, numbers stored as text, 1 and 1.0 as
 * one key, a unix-seconds time column, a text that is not a number in a sum. */
static void
test_awkward_values (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const kind[] = { "kind", NULL };
  static const char * const both[] = { "kind", "n", NULL };
  static const char * const n[] = { "n", NULL };
  const char * const *splits[] = { NULL, kind, both, n };
  static const char sql[] =
    "CREATE TABLE t (at INTEGER, kind TEXT, n, v);"
    "INSERT INTO t VALUES (1795530000, 'a', 1, 5), (1795530100, 'a', 1.0, 2.5),"
    " (1795530200, NULL, 2, NULL), (1795530300, 'b', '3', '7'), (1795530400, 'b', 3, 'x'),"
    " (1795530500, 'B', NULL, -4), (1795530600, 'c', 'three', 9223372036854775800),"
    " (1795530700, 'c', 4, 10), (1795530800, 'a', 1, NULL), (1700000000, 'old', 1, 1);";
  g_autofree char *path = g_build_filename (fixture->dir, "awkward.db", NULL);
  g_autoptr(BsSourceSpec) spec = bs_source_spec_new (2, "Awkward", "sqlite");
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1795531000);
  BsQueryAggregation aggregations[] = {
    BS_QUERY_AGGREGATION_SUM, BS_QUERY_AGGREGATION_AVERAGE, BS_QUERY_AGGREGATION_MINIMUM,
    BS_QUERY_AGGREGATION_MAXIMUM, BS_QUERY_AGGREGATION_COUNT,
  };
  sqlite3 *db = NULL;
  guint n_shared = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  spec->path = g_strdup (path);

  for (guint a = 0; a < G_N_ELEMENTS (aggregations); a++)
    for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
      for (guint w = 0; w < 2; w++)
        {
          BsQuery *query = bs_query_new (2, "t");

          bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "v");
          query->aggregation = aggregations[a];
          for (guint i = 0; splits[s] != NULL && splits[s][i] != NULL; i++)
            bs_query_add_split (query, splits[s][i]);
          bs_query_set_time (query, "at", w ? BS_QUERY_RANGE_LAST_HOURS : BS_QUERY_RANGE_NONE,
                             w ? 1 : 0);
          if (a == 4)
            bs_query_add_filter_text (query, "kind", BS_QUERY_OPERATOR_NOT_EQUAL, "a");
          g_ptr_array_add (queries, query);
        }
  /* The sum of kind 'c' overflows: that query reports it as SQLite does. */
  compare_all (spec, queries, utc, now, &n_shared);
  g_assert_cmpuint (n_shared, <, queries->len);
  g_assert_cmpuint (n_shared, >=, queries->len - 4);
}

/* No rows in the window: a query without a split still answers one row. */
static void
test_empty_window (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const product[] = { "product_id", NULL };
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);
  g_autoptr(GDateTime) later = g_date_time_add_days (fixture->now, 30);

  g_ptr_array_add (queries, make_query ("sales", BS_QUERY_MEASURE_VALUE, "quantity",
                                        BS_QUERY_AGGREGATION_SUM, NULL,
                                        BS_QUERY_RANGE_LAST_HOURS, 1));
  g_ptr_array_add (queries, make_query ("sales", BS_QUERY_MEASURE_COUNT_ROWS, NULL,
                                        BS_QUERY_AGGREGATION_SUM, NULL,
                                        BS_QUERY_RANGE_LAST_HOURS, 1));
  g_ptr_array_add (queries, make_query ("sales", BS_QUERY_MEASURE_VALUE, "quantity",
                                        BS_QUERY_AGGREGATION_MINIMUM, product,
                                        BS_QUERY_RANGE_LAST_HOURS, 1));
  g_assert_cmpuint (compare_all (fixture->spec, queries, NULL, later, NULL), ==, 1);
}

/* A split with a value per row would copy the table into memory: past a limit, the shared
 * statement gives up and its queries run on their own, with the same answers. */
static void
test_too_many_groups (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char sql[] =
    "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT);"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 210000)"
    " INSERT INTO events SELECT i, CASE i % 3 WHEN 0 THEN 'a' ELSE 'b' END FROM n;";
  g_autofree char *path = g_build_filename (fixture->dir, "events.db", NULL);
  g_autoptr(BsSourceSpec) spec = bs_source_spec_new (4, "Events", "sqlite");
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);
  BsQuery *query;
  sqlite3 *db = NULL;
  guint n_shared = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  spec->path = g_strdup (path);

  query = bs_query_new (4, "events");
  bs_query_add_split (query, "id");
  g_ptr_array_add (queries, query);
  query = bs_query_new (4, "events");
  bs_query_add_split (query, "kind");
  g_ptr_array_add (queries, query);

  /* The shared statement, then each query on its own. */
  g_assert_cmpuint (compare_all (spec, queries, NULL, fixture->now, &n_shared), ==, 3);
  g_assert_cmpuint (n_shared, ==, 0);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BsAlertSharedScan) scan = bs_alert_shared_scan_new (fixture->spec, NULL,
                                                                fixture->now);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BsQuery) query = make_query ("sales", BS_QUERY_MEASURE_VALUE, "quantity",
                                         BS_QUERY_AGGREGATION_SUM, NULL,
                                         BS_QUERY_RANGE_NONE, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;

  bs_alert_shared_scan_add (scan, query);
  g_cancellable_cancel (cancellable);
  g_assert_false (bs_alert_shared_scan_run (scan, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  frame = bs_alert_shared_scan_get_frame (scan, 0, &error);
  g_assert_null (frame);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A remote source: one query per rule, each failing on its own when nobody answers. */
static void
test_remote_source (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BsSourceSpec) spec = bs_source_spec_new (3, "Prometheus", "prometheus");
  g_autoptr(BsAlertSharedScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = NULL;

  /* A port that was free a moment ago: connections to it are refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  spec->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  scan = bs_alert_shared_scan_new (spec, NULL, fixture->now);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BsQuery) query = bs_query_new (3, "up");

      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "value");
      bs_alert_shared_scan_add (scan, query);
    }
  g_assert_true (bs_alert_shared_scan_run (scan, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bs_alert_shared_scan_get_n_statements (scan), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) frame = bs_alert_shared_scan_get_frame (scan, i, &error);

      g_assert_null (frame);
      g_assert_nonnull (error);
      g_assert_false (bs_alert_shared_scan_is_shared (scan, i));
      g_clear_error (&error);
    }
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Kept rows answer as the queries do, minute after minute, as rows are added to the table
 * (and so to the view on it), and when "now" goes back; only what changed is read. */
static void
test_kept_rows (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const region[] = { "region", NULL };
  guint n_own, n_medians;
  g_autoptr(GPtrArray) queries = sales_shapes (&n_own, &n_medians);
  g_autoptr(BsAlertScanCache) cache = bs_alert_scan_cache_new ();
  g_autoptr(GDateTime) later = g_date_time_add_minutes (fixture->now, 1);
  g_autoptr(GDateTime) after_insert = g_date_time_add_minutes (fixture->now, 2);
  g_autoptr(GDateTime) earlier = g_date_time_add_days (fixture->now, -1);
  g_autofree char *insert = NULL;
  guint n_table_rows;
  guint n_shared = 0;

  g_ptr_array_add (queries, make_query ("sales_detail", BS_QUERY_MEASURE_VALUE, "amount",
                                        BS_QUERY_AGGREGATION_SUM, region,
                                        BS_QUERY_RANGE_LAST_HOURS, 1));
  g_ptr_array_add (queries, make_query ("sales_detail", BS_QUERY_MEASURE_VALUE, "amount",
                                        BS_QUERY_AGGREGATION_MEDIAN, region,
                                        BS_QUERY_RANGE_LAST_HOURS, 1));

  compare_kept (fixture->spec, queries, fixture->tz, fixture->now, cache, &n_shared);
  /* Medians and last values over a window are answered from the kept rows too (but for the
   * view's: a view has no order of rows added at the same time). */
  g_assert_cmpuint (n_shared, ==, queries->len - n_own + n_medians);
  g_assert_cmpuint (bs_alert_scan_cache_get_n_read (cache), >, 0);
  g_assert_cmpuint (bs_alert_scan_cache_get_n_rows (cache), >, 0);

  /* Nothing changed in the file: nothing is read. */
  compare_kept (fixture->spec, queries, fixture->tz, later, cache, NULL);
  g_assert_cmpuint (bs_alert_scan_cache_get_n_read (cache), ==, 0);

  /* Three new sales a minute ago: the table reads them alone, the view reads again. */
  n_table_rows = bs_alert_scan_cache_get_n_rows (cache);
  insert = g_strdup_printf ("INSERT INTO sales (order_id, sold_at, store_id, product_id, quantity,"
                            " unit_price, amount) VALUES"
                            " (1, '2026-11-24 14:38:10', 1, 1, 7, 2.5, 17.5),"
                            " (1, '2026-11-24 14:38:20', 2, 3, 900, 1000.25, 900225),"
                            " (1, '2026-11-24 14:38:30', 3, 1, 1, 0.5, 0.5)");
  exec_sql (fixture->path, insert);
  compare_kept (fixture->spec, queries, fixture->tz, after_insert, cache, NULL);
  g_assert_cmpuint (bs_alert_scan_cache_get_n_read (cache), >=, 3);
  g_assert_cmpuint (bs_alert_scan_cache_get_n_rows (cache), >, n_table_rows);

  /* Back in time: the windows start before the kept rows, which are read again. */
  compare_kept (fixture->spec, queries, fixture->tz, earlier, cache, NULL);
  g_assert_cmpuint (bs_alert_scan_cache_get_n_read (cache), >, 3);
}

/* Times the cache orders as SQLite compares them (text with a zone or fractions after the
 * shape of the bounds, seconds and milliseconds), times it cannot (those run in SQL every
 * run), and text measures, which it does not keep; last values at times the keys order
 * only against the bounds (text after the shape) run in SQL too. */
static void
test_kept_rows_formats (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const tag[] = { "tag", NULL };
  static const char * const time_columns[] = { "iso", "secs", "millis", "odd" };
  static const char * const measures[] = { "v", "v", "v", "v" };
  g_autoptr(BsAlertScanCache) cache = bs_alert_scan_cache_new ();
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_query_free);
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE events (iso TEXT, secs INTEGER,"
                                         " millis INTEGER, odd TEXT, tag TEXT, v REAL, txt TEXT);"
                                         "INSERT INTO events VALUES");
  gint64 base = g_date_time_to_unix (fixture->now);

  for (guint i = 0; i < 200; i++)
    {
      gint64 at = base - 7200 + (gint64) i * 41;
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (at);
      g_autofree char *iso = g_date_time_format (time, i % 3 ? "%Y-%m-%dT%H:%M:%SZ"
                                                             : "%Y-%m-%dT%H:%M:%S.250");
      g_autofree char *odd = g_date_time_format (time, i == 7 ? "%d/%m/%Y %H:%M"
                                                              : "%Y-%m-%d %H:%M:%S");

      g_string_append_printf (sql, "%s ('%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s',"
                              " 'tag%u', %u.5, '%u')", i > 0 ? "," : "", iso, at,
                              at * 1000 + i % 1000, odd, i % 4, i % 17, i % 9);
    }
  exec_sql (fixture->path, sql->str);

  for (guint t = 0; t < G_N_ELEMENTS (time_columns); t++)
    for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
      {
        BsQuery *query = bs_query_new (1, "events");

        /* A text measure keeps its statement from being kept: only the odd one has it. */
        bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE,
                              t == 3 && m == 0 ? "txt" : measures[m]);
        query->aggregation = m == 1 ? BS_QUERY_AGGREGATION_MEDIAN
                             : m == 2 ? BS_QUERY_AGGREGATION_LAST : BS_QUERY_AGGREGATION_SUM;
        g_assert_true (bs_query_add_split (query, tag[0]));
        bs_query_set_time (query, time_columns[t], BS_QUERY_RANGE_LAST_MINUTES, 45 + m);
        g_ptr_array_add (queries, query);
      }

  for (guint minute = 0; minute < 3; minute++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (fixture->now, minute);

      compare_kept (fixture->spec, queries, fixture->tz, at, cache, NULL);
    }
  /* The ISO text, seconds and milliseconds are kept; the odd text and the text measure not. */
  g_assert_cmpuint (bs_alert_scan_cache_get_n_rows (cache), >, 0);
}

/* Queries added for the shape only are planned with the others but not answered. */
static void
test_context (Fixture       *fixture,
              gconstpointer  data)
{
  guint n_own, n_medians;
  g_autoptr(GPtrArray) queries = sales_shapes (&n_own, &n_medians);
  g_autoptr(BsAlertScanCache) cache = bs_alert_scan_cache_new ();
  g_autoptr(BsAlertSharedScan) scan = bs_alert_shared_scan_new (fixture->spec, fixture->tz,
                                                                fixture->now);
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;

  bs_alert_shared_scan_set_cache (scan, cache);
  for (guint i = 0; i < queries->len; i++)
    {
      guint index = G_MAXUINT;

      if (i % 3 == 0)
        index = bs_alert_shared_scan_add (scan, g_ptr_array_index (queries, i));
      else
        bs_alert_shared_scan_add_context (scan, g_ptr_array_index (queries, i));
      g_array_append_val (indexes, index);
    }
  g_assert_true (bs_alert_shared_scan_run (scan, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < queries->len; i++)
    {
      guint index = g_array_index (indexes, guint, i);
      g_autoptr(JsonNode) own = NULL;
      g_autoptr(JsonNode) shared = NULL;

      if (index == G_MAXUINT)
        continue;
      own = bs_source_runner_run_query (fixture->spec, g_ptr_array_index (queries, i),
                                        fixture->tz, fixture->now, 0, NULL, NULL);
      shared = bs_alert_shared_scan_get_frame (scan, index, NULL);
      g_assert_true ((own == NULL) == (shared == NULL));
      if (own != NULL)
        assert_frames_equal (shared, own, "a query beside context");
    }
  /* A query added for the shape only has no frame. */
  g_assert_null (bs_alert_shared_scan_get_frame (scan, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bs/alert-shared-scan/shapes-sales", Fixture, NULL, fixture_set_up,
              test_shapes_sales, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/shapes-view", Fixture, NULL, fixture_set_up,
              test_shapes_view, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/errors", Fixture, NULL, fixture_set_up,
              test_errors, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/awkward-values", Fixture, NULL, fixture_set_up,
              test_awkward_values, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/empty-window", Fixture, NULL, fixture_set_up,
              test_empty_window, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/too-many-groups", Fixture, NULL, fixture_set_up,
              test_too_many_groups, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/cancelled", Fixture, NULL, fixture_set_up,
              test_cancelled, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/remote-source", Fixture, NULL, fixture_set_up,
              test_remote_source, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/kept-rows", Fixture, NULL, fixture_set_up,
              test_kept_rows, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/kept-rows-formats", Fixture, NULL, fixture_set_up,
              test_kept_rows_formats, fixture_tear_down);
  g_test_add ("/bs/alert-shared-scan/context", Fixture, NULL, fixture_set_up,
              test_context, fixture_tear_down);

  return g_test_run ();
}
