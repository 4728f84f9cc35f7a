#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>

#include "bs-alert-backtest.h"
#include "bs-alert-evaluation-private.h"
#include "bs-alert-preview.h"

/* The backtest and the preview on a real SQLite file whose stock readings drop below the
 * threshold at known hours.
 *
 * Readings every 10 minutes, 30 seconds past (hh:m0:30), for the 8 days before NOW:
 *   apple: 40 units from NOW-50h to NOW-47h and from NOW-10h to NOW-9h30, else 150;
 *   pear:  40 units for the last 3 hours, else 150;
 *   plum:  always 500.
 * The rule: the minimum of units per product over the last 30 minutes is below 100, every
 * 10 minutes. A window [t-30m, t) holds a low reading r when t-30m <= r < t, so each low
 * stretch [L0, L1) fires from L0+10m and is over at L1+30m. */

#define NOW_ISO "2026-11-24T12:00:00Z"
#define HOUR_S 3600

typedef struct
{
  char         *dir;
  BsSourceSpec *spec;
  GDateTime    *now;
  GTimeZone    *utc;
} Fixture;

static int
units_at (const char *product,
          gint64      ago)     /* seconds before NOW */
{
  if (g_str_equal (product, "plum"))
    return 500;
  if (g_str_equal (product, "pear"))
    return ago <= 3 * HOUR_S ? 40 : 150;
  if ((ago <= 50 * HOUR_S && ago > 47 * HOUR_S) || (ago <= 10 * HOUR_S && ago > 9 * HOUR_S + 1800))
    return 40;
  return 150;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
write_stock (const char *path,
             GDateTime  *now)
{
  static const char * const products[] = { "apple", "pear", "plum" };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE stock (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
                " product TEXT NOT NULL, units INTEGER);"
                "CREATE TABLE shops (name TEXT, units INTEGER);"
                "INSERT INTO shops VALUES ('north', 10), ('south', 300);"
                "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO stock (at, product, units)"
                                           " VALUES (?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  /* Reading k is taken (k * 10 minutes - 30 s) before NOW: hh:m0:30. */
  for (gint64 k = 1; k <= 8 * 24 * 6; k++)
    for (guint p = 0; p < G_N_ELEMENTS (products); p++)
      {
        gint64 ago = k * 600 - 30;
        g_autoptr(GDateTime) at = g_date_time_add_seconds (now, (double) -ago);
        g_autofree char *text = g_date_time_format (at, "%Y-%m-%d %H:%M:%S");

        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, products[p], -1, SQLITE_STATIC);
        sqlite3_bind_int (stmt, 3, units_at (products[p], ago));
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
        sqlite3_reset (stmt);
      }
  sqlite3_finalize (stmt);
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("bs-backtest-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->utc = g_time_zone_new_utc ();
  fixture->now = g_date_time_new_from_iso8601 (NOW_ISO, fixture->utc);
  path = g_build_filename (fixture->dir, "stock.db", NULL);
  write_stock (path, fixture->now);
  fixture->spec = bs_source_spec_new (1, "Stock", "sqlite");
  fixture->spec->path = g_steal_pointer (&path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
  bs_source_spec_free (fixture->spec);
  g_date_time_unref (fixture->now);
  g_time_zone_unref (fixture->utc);
}

static BsAlertRule *
stock_rule (BsQueryAggregation aggregation,
            guint              for_seconds)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "stock");
  BsAlertRule *rule;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "units");
  query->aggregation = aggregation;
  bs_query_add_split (query, "product");
  bs_query_set_time (query, "at", BS_QUERY_RANGE_LAST_MINUTES, 30);
  rule = bs_alert_rule_new ("Stock low", query, BS_ALERT_CONDITION_BELOW, 100);
  rule->interval_seconds = 600;
  rule->for_seconds = for_seconds;
  return rule;
}

static char *
time_text (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* "product start end" lines, "-" for an open end. */
static char *
describe_intervals (const BsAlertBacktest *backtest)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < backtest->intervals->len; i++)
    {
      BsAlertInterval *interval = g_ptr_array_index (backtest->intervals, i);
      g_autofree char *start = time_text (interval->start);
      g_autofree char *end = interval->end != 0 ? time_text (interval->end) : g_strdup ("-");

      g_string_append_printf (text, "%s %s %s\n",
                              json_object_get_string_member (interval->labels, "product"),
                              start, end);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static BsAlertBacktest *
run_backtest (Fixture           *fixture,
              const BsAlertRule *rule,
              guint              expected_series)
{
  g_autoptr(GError) error = NULL;
  BsAlertBacktest *backtest = bs_alert_backtest_run (fixture->spec, rule, fixture->utc,
                                                     fixture->now, expected_series, NULL,
                                                     &error);

  g_assert_no_error (error);
  g_assert_nonnull (backtest);
  return backtest;
}

static void
test_intervals (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MINIMUM, 0);
  g_autoptr(BsAlertBacktest) backtest = run_backtest (fixture, rule, 3);
  g_autofree char *intervals = describe_intervals (backtest);

  g_assert_cmpstr (intervals, ==,
                   "apple 2026-11-22T10:10:00Z 2026-11-22T13:30:00Z\n"
                   "apple 2026-11-24T02:10:00Z 2026-11-24T03:00:00Z\n"
                   "pear 2026-11-24T09:10:00Z -\n");
  g_assert_cmpuint (backtest->firings, ==, 3);
  g_assert_cmpint (backtest->firing_seconds, ==, 12000 + 3000 + 10200);
  g_assert_cmpuint (backtest->days, ==, 7);
  g_assert_cmpuint (backtest->step_seconds, ==, 600);
  g_assert_true (backtest->exact);
  g_assert_null (backtest->note);
  g_assert_cmpuint (backtest->n_steps, ==, 7 * 24 * 6 + 1);
  g_assert_cmpuint (backtest->series->len, ==, 3);
}

/* "for" 20 minutes: each firing starts 20 minutes later, ends as before. */
static void
test_for (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MINIMUM, 1200);
  g_autoptr(BsAlertBacktest) backtest = run_backtest (fixture, rule, 3);
  g_autofree char *intervals = describe_intervals (backtest);

  g_assert_cmpstr (intervals, ==,
                   "apple 2026-11-22T10:30:00Z 2026-11-22T13:30:00Z\n"
                   "apple 2026-11-24T02:30:00Z 2026-11-24T03:00:00Z\n"
                   "pear 2026-11-24T09:30:00Z -\n");
  g_assert_cmpint (backtest->firing_seconds, ==, 10800 + 1800 + 9000);
  g_assert_true (backtest->exact);

  /* A pending period longer than a dip: the short one never fires. */
  rule->for_seconds = 3600;
  {
    g_autoptr(BsAlertBacktest) longer = run_backtest (fixture, rule, 3);

    g_assert_cmpuint (longer->firings, ==, 2);
  }
}

/* An average needs two bucket queries (sums and counts): fires when two of the three
 * readings in the window are low. */
static void
test_average (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_AVERAGE, 0);
  g_autoptr(BsAlertBacktest) backtest = run_backtest (fixture, rule, 3);
  g_autofree char *intervals = describe_intervals (backtest);

  g_assert_cmpstr (intervals, ==,
                   "apple 2026-11-22T10:20:00Z 2026-11-22T13:20:00Z\n"
                   "apple 2026-11-24T02:20:00Z 2026-11-24T02:50:00Z\n"
                   "pear 2026-11-24T09:20:00Z -\n");
  g_assert_true (backtest->exact);
}

/* Too many series for minute buckets within 100,000 rows: hourly, and says so. */
static void
test_coarser (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MINIMUM, 0);
  g_autoptr(BsAlertBacktest) backtest = run_backtest (fixture, rule, 50);
  g_autofree char *intervals = describe_intervals (backtest);

  g_assert_cmpuint (backtest->step_seconds, ==, 3600);
  g_assert_false (backtest->exact);
  g_assert_nonnull (backtest->note);
  g_test_message ("note: %s", backtest->note);
  /* Hourly windows [t-1h, t): the same stretches, on the hour. */
  g_assert_cmpstr (intervals, ==,
                   "apple 2026-11-22T11:00:00Z 2026-11-22T14:00:00Z\n"
                   "apple 2026-11-24T03:00:00Z 2026-11-24T04:00:00Z\n"
                   "pear 2026-11-24T10:00:00Z -\n");
}

/* A median does not roll up: the rule's own query every hour, not exact. */
static void
test_median (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MEDIAN, 0);
  g_autoptr(BsAlertBacktest) backtest = run_backtest (fixture, rule, 3);
  g_autofree char *intervals = describe_intervals (backtest);

  g_assert_cmpuint (backtest->step_seconds, ==, 3600);
  g_assert_false (backtest->exact);
  g_assert_nonnull (backtest->note);
  g_assert_cmpstr (intervals, ==,
                   "apple 2026-11-22T11:00:00Z 2026-11-22T14:00:00Z\n"
                   "pear 2026-11-24T10:00:00Z -\n");
}

static BsAlertBacktestSeries *
find_series (const BsAlertBacktest *backtest,
             const char            *key)
{
  for (guint i = 0; i < backtest->series->len; i++)
    {
      BsAlertBacktestSeries *series = g_ptr_array_index (backtest->series, i);

      if (g_str_equal (series->series_key, key))
        return series;
    }
  return NULL;
}

/* The values the backtest rolled up from buckets are those the engine's own query gives at
 * the same moments, for every aggregation that rolls up, with and without the rule's own
 * bucket and for a calendar range. */
static void
test_matches_engine (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct
  {
    BsQueryMeasure      measure;
    BsQueryAggregation  aggregation;
    BsQueryRange        range;
    guint               count;
    BsQueryBucket       bucket;
  } shapes[] = {
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_MINIMUM, BS_QUERY_RANGE_LAST_MINUTES, 30, 0 },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_MAXIMUM, BS_QUERY_RANGE_LAST_HOURS, 5, 0 },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_SUM, BS_QUERY_RANGE_LAST_MINUTES, 45, 0 },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_AVERAGE, BS_QUERY_RANGE_LAST_HOURS, 2, 0 },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_COUNT, BS_QUERY_RANGE_LAST_MINUTES, 30, 0 },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_LAST, BS_QUERY_RANGE_LAST_DAYS, 1, 0 },
    { BS_QUERY_MEASURE_COUNT_ROWS, 0, BS_QUERY_RANGE_TODAY, 0, 0 },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_MINIMUM, BS_QUERY_RANGE_LAST_HOURS, 2,
      BS_QUERY_BUCKET_HOUR },
    { BS_QUERY_MEASURE_VALUE, BS_QUERY_AGGREGATION_SUM, BS_QUERY_RANGE_LAST_HOURS, 30,
      BS_QUERY_BUCKET_DAY },
  };
  guint compared = 0;

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr(BsAlertRule) rule = stock_rule (shapes[s].aggregation, 0);
      g_autoptr(BsAlertBacktest) backtest = NULL;

      bs_query_set_measure (rule->query, shapes[s].measure,
                            shapes[s].measure == BS_QUERY_MEASURE_VALUE ? "units" : NULL);
      rule->query->range = shapes[s].range;
      rule->query->range_count = shapes[s].count;
      rule->query->bucket = shapes[s].bucket;
      backtest = run_backtest (fixture, rule, 3);
      g_assert_true (backtest->exact);
      for (guint i = 0; i < backtest->n_steps; i += 37)
        {
          gint64 at = backtest->first_at + (gint64) i * backtest->step_seconds * G_USEC_PER_SEC;
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) frame = bs_source_runner_run_query (fixture->spec, rule->query,
                                                                  fixture->utc, when, 0, NULL,
                                                                  &error);
          g_autoptr(GPtrArray) series = NULL;
          guint with_value = 0;

          g_assert_no_error (error);
          series = bs_alert_frame_read_series (frame, NULL);
          for (guint j = 0; j < series->len; j++)
            {
              BsAlertSeriesValue *engine = g_ptr_array_index (series, j);
              BsAlertBacktestSeries *replayed = find_series (backtest, engine->key);

              g_assert_nonnull (replayed);
              g_assert_true (engine->has_value);
              g_assert_cmpfloat_with_epsilon (replayed->values[i], engine->value, 1e-9);
              compared++;
            }
          for (guint j = 0; j < backtest->series->len; j++)
            {
              BsAlertBacktestSeries *replayed = g_ptr_array_index (backtest->series, j);

              with_value += isnan (replayed->values[i]) ? 0 : 1;
            }
          g_assert_cmpuint (with_value, ==, series->len);
        }
    }
  g_test_message ("%u values compared with the engine's query", compared);
  g_assert_cmpuint (compared, >, 500);
}

static void
test_unavailable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MINIMUM, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAlertBacktest) backtest = NULL;

  rule->query->range = BS_QUERY_RANGE_NONE;
  backtest = bs_alert_backtest_run (fixture->spec, rule, NULL, fixture->now, 3, NULL, &error);
  g_assert_null (backtest);
  g_assert_error (error, BS_ALERT_BACKTEST_ERROR, BS_ALERT_BACKTEST_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  bs_query_set_time (rule->query, NULL, BS_QUERY_RANGE_NONE, 0);
  backtest = bs_alert_backtest_run (fixture->spec, rule, NULL, fixture->now, 3, NULL, &error);
  g_assert_null (backtest);
  g_assert_error (error, BS_ALERT_BACKTEST_ERROR, BS_ALERT_BACKTEST_ERROR_UNAVAILABLE);
}

static JsonNode *
run_preview (Fixture           *fixture,
             const BsAlertRule *rule)
{
  g_autoptr(GError) error = NULL;
  JsonNode *preview = bs_alert_preview_run (fixture->spec, rule, fixture->utc, fixture->now,
                                            NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  return preview;
}

static JsonObject *
series_at (JsonObject *now,
           guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (now, "series"), index);
}

static void
test_preview (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MINIMUM, 0);
  g_autoptr(JsonNode) preview = run_preview (fixture, rule);
  JsonObject *root = json_node_get_object (preview);
  JsonObject *now = json_object_get_object_member (root, "now");
  JsonObject *chart = json_object_get_object_member (root, "chart");
  JsonObject *backtest = json_object_get_object_member (root, "backtest");
  JsonArray *rows, *columns, *intervals;
  guint pear_now = 0;

  /* Now: pear fires (40), then the others nearest first. */
  g_assert_cmpint (json_object_get_int_member (now, "firing"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (now, "total"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (series_at (now, 0), "series_key"), ==,
                   "{\"product\":\"pear\"}");
  g_assert_true (json_object_get_boolean_member (series_at (now, 0), "fires"));
  g_assert_cmpfloat (json_object_get_double_member (series_at (now, 0), "value"), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (series_at (now, 1), "labels"), "product"),
                   ==, "apple");
  g_assert_false (json_object_get_boolean_member (series_at (now, 1), "fires"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (series_at (now, 2), "labels"), "product"),
                   ==, "plum");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (now, "frame"), "rows")), ==, 3);

  /* The chart: the values the evaluations saw, thinned to about one an hour. */
  columns = json_object_get_array_member (chart, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0),
                                                  "type"), ==, "time");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1),
                                                  "name"), ==, "product");
  rows = json_object_get_array_member (chart, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3 * 145);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);

      if (g_str_equal (json_array_get_string_element (row, 0), NOW_ISO)
          && g_str_equal (json_array_get_string_element (row, 1), "pear"))
        {
          g_assert_cmpfloat (json_array_get_double_element (row, 2), ==, 40);
          pear_now++;
        }
    }
  g_assert_cmpuint (pear_now, ==, 1);

  g_assert_cmpint (json_object_get_int_member (backtest, "firings"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (backtest, "firing_seconds"), ==, 25200);
  g_assert_cmpint (json_object_get_int_member (backtest, "step_seconds"), ==, 600);
  g_assert_cmpint (json_object_get_int_member (backtest, "days"), ==, 7);
  g_assert_true (json_object_get_boolean_member (backtest, "exact"));
  g_assert_true (json_object_get_null_member (backtest, "note"));
  intervals = json_object_get_array_member (backtest, "intervals");
  g_assert_cmpuint (json_array_get_length (intervals), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (intervals, 0),
                                                  "start"), ==, "2026-11-22T10:10:00Z");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (intervals, 2),
                                              "end"));
  g_assert_true (json_object_get_null_member (root, "backtest_unavailable"));
  g_assert_cmpfloat (json_object_get_double_member (root, "elapsed_ms"), >, 0);
}

/* Without a time column: the series now, no chart, no backtest, and why. */
static void
test_preview_no_time (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "shops");
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(JsonNode) preview = NULL;
  JsonObject *root, *now;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "units");
  bs_query_add_split (query, "name");
  rule = bs_alert_rule_new ("Shop low", query, BS_ALERT_CONDITION_BELOW, 100);
  preview = run_preview (fixture, rule);
  root = json_node_get_object (preview);
  now = json_object_get_object_member (root, "now");
  g_assert_cmpint (json_object_get_int_member (now, "firing"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (now, "total"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (series_at (now, 0), "series_key"), ==,
                   "{\"name\":\"north\"}");
  g_assert_true (json_object_get_null_member (root, "chart"));
  g_assert_true (json_object_get_null_member (root, "backtest"));
  g_assert_nonnull (json_object_get_string_member (root, "backtest_unavailable"));
  g_test_message ("backtest_unavailable: %s",
                  json_object_get_string_member (root, "backtest_unavailable"));
}

/* A query that fails now fails the preview, naming the column. */
static void
test_preview_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BsAlertRule) rule = stock_rule (BS_QUERY_AGGREGATION_MINIMUM, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) preview = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  bs_query_set_measure (rule->query, BS_QUERY_MEASURE_VALUE, "quantity");
  preview = bs_alert_preview_run (fixture->spec, rule, NULL, fixture->now, NULL, &error);
  g_assert_null (preview);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  preview = bs_alert_preview_run (fixture->spec, rule, NULL, fixture->now, cancellable, &error);
  g_assert_null (preview);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bs/alert-backtest/intervals", test_intervals);
  ADD ("/bs/alert-backtest/for", test_for);
  ADD ("/bs/alert-backtest/average", test_average);
  ADD ("/bs/alert-backtest/coarser", test_coarser);
  ADD ("/bs/alert-backtest/median", test_median);
  ADD ("/bs/alert-backtest/matches-engine", test_matches_engine);
  ADD ("/bs/alert-backtest/unavailable", test_unavailable);
  ADD ("/bs/alert-preview/run", test_preview);
  ADD ("/bs/alert-preview/no-time-column", test_preview_no_time);
  ADD ("/bs/alert-preview/query-error", test_preview_error);
#undef ADD
  return g_test_run ();
}
