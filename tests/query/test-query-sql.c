#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bs-query-sql.h"
#include "query-test-util.h"

/* A Tuesday noon, UTC. */
#define NOW "2026-11-24T12:00:00Z"
#define N_EVENTS 240

static const char * const products[] = { "p0", "p1", "p2", "p3", "p4" };
static const char * const regions[] = { "north", "south", "east" };

typedef struct
{
  char    *dir;
  sqlite3 *db;
} Fixture;

/* Row i lies (29 i + 1) minutes before NOW, so every time is different. */
static char *
event_time (guint i)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, utc);
  g_autoptr(GDateTime) at = g_date_time_add_minutes (now, -(int) (i * 29 + 1));

  return g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
}

static gboolean
event_has_qty (guint i)
{
  return i % 17 != 5;
}

static gint64
event_qty (guint i)
{
  return (i * 7) % 13 + 1;
}

static const char *
event_note (guint    i,
            char    *buffer,
            gsize    size)
{
  switch (i % 10)
    {
    case 0:
      return NULL;
    case 1:
      return "";
    case 2:
      return "50% off";
    case 3:
      return "a_b";
    case 4:
      return "Mixed Case";
    default:
      g_snprintf (buffer, size, "plain %u", i);
      return buffer;
    }
}

static void
fill_events (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;

  query_test_exec (db, "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT);"
                       "INSERT INTO regions VALUES (0, 'North'), (1, 'South'), (2, 'East');"
                       "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT, product TEXT,"
                       " region TEXT, region_id INTEGER, qty INTEGER, price REAL, note TEXT);"
                       "CREATE VIEW events_view AS SELECT e.id, e.at, e.product,"
                       " r.name AS region_name, e.qty FROM events e"
                       " JOIN regions r ON r.id = e.region_id;"
                       "CREATE TABLE bs_secret (x TEXT);");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  query_test_exec (db, "BEGIN");
  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autofree char *at = event_time (i);
      char buffer[32];
      const char *note = event_note (i, buffer, sizeof buffer);

      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_text (stmt, 2, at, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, products[i % 5], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, regions[(i / 2) % 3], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, (int) ((i / 2) % 3));
      if (event_has_qty (i))
        sqlite3_bind_int64 (stmt, 6, event_qty (i));
      else
        sqlite3_bind_null (stmt, 6);
      sqlite3_bind_double (stmt, 7, 1.5 + (i % 4) * 0.25);
      if (note != NULL)
        sqlite3_bind_text (stmt, 8, note, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, 8);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  query_test_exec (db, "COMMIT");
  sqlite3_finalize (stmt);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = demo_test_make_dir ();
  fixture->db = query_test_create (fixture->dir, "events.db");
  fill_events (fixture->db);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sqlite3_close (fixture->db);
  demo_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static BsQuery *
value_query (const char         *column,
             BsQueryAggregation  aggregation)
{
  BsQuery *query = bs_query_new (1, "events");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, column);
  query->aggregation = aggregation;
  return query;
}

/* Each aggregation against SQL written out by hand. */
static void
test_aggregations (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct
  {
    BsQueryAggregation aggregation;
    const char *function;
    const char *type;
  } cases[] = {
    { BS_QUERY_AGGREGATION_SUM, "sum(qty)", "integer" },
    { BS_QUERY_AGGREGATION_AVERAGE, "avg(qty)", "number" },
    { BS_QUERY_AGGREGATION_MINIMUM, "min(qty)", "integer" },
    { BS_QUERY_AGGREGATION_MAXIMUM, "max(qty)", "integer" },
    { BS_QUERY_AGGREGATION_COUNT, "count(qty)", "integer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsQuery) query = value_query ("qty", cases[i].aggregation);
      g_autoptr(JsonNode) frame = NULL;
      g_autofree char *columns = NULL;
      g_autofree char *expected_columns = NULL;
      g_autofree char *sql = NULL;

      bs_query_add_split (query, "product");
      bs_query_set_time (query, "at", BS_QUERY_RANGE_LAST_HOURS, 24);
      frame = query_test_run (fixture->db, query, NOW, NULL, 0);
      sql = g_strdup_printf ("SELECT product, %s FROM events WHERE at >= '2026-11-23 12:00:00'"
                             " AND at <= '2026-11-24 12:00:00' GROUP BY product ORDER BY product",
                             cases[i].function);
      query_test_assert_rows (fixture->db, frame, sql);
      g_assert_cmpuint (query_test_n_rows (frame), ==, 5);
      columns = query_test_columns (frame);
      expected_columns = g_strdup_printf ("product:text,value:%s", cases[i].type);
      g_assert_cmpstr (columns, ==, expected_columns);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static void
test_median (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BsQuery) split = value_query ("qty", BS_QUERY_AGGREGATION_MEDIAN);
  g_autoptr(BsQuery) whole = value_query ("qty", BS_QUERY_AGGREGATION_MEDIAN);
  g_autoptr(BsQuery) empty = value_query ("qty", BS_QUERY_AGGREGATION_MEDIAN);
  g_autoptr(JsonNode) split_frame = NULL;
  g_autoptr(JsonNode) whole_frame = NULL;
  g_autoptr(JsonNode) empty_frame = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  guint odd = 0;
  guint even = 0;

  bs_query_add_split (split, "product");
  split_frame = query_test_run (fixture->db, split, NOW, NULL, 0);
  g_assert_cmpuint (query_test_n_rows (split_frame), ==, 5);
  for (guint p = 0; p < 5; p++)
    {
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      JsonArray *row = query_test_row (split_frame, p);

      for (guint i = p; i < N_EVENTS; i += 5)
        if (event_has_qty (i))
          {
            double qty = (double) event_qty (i);

            g_array_append_val (values, qty);
            g_array_append_val (all, qty);
          }
      if (values->len % 2 == 0)
        even++;
      else
        odd++;
      g_assert_cmpstr (json_array_get_string_element (row, 0), ==, products[p]);
      g_assert_cmpfloat (json_array_get_double_element (row, 1), ==, median_of (values));
    }
  /* Both ways of finding the middle were exercised. */
  g_assert_cmpuint (odd, >, 0);
  g_assert_cmpuint (even, >, 0);

  whole_frame = query_test_run (fixture->db, whole, NOW, NULL, 0);
  g_assert_cmpuint (query_test_n_rows (whole_frame), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (query_test_row (whole_frame, 0), 0), ==,
                     median_of (all));

  bs_query_add_filter_text (empty, "product", BS_QUERY_OPERATOR_EQUAL, "nothing");
  empty_frame = query_test_run (fixture->db, empty, NOW, NULL, 0);
  g_assert_cmpuint (query_test_n_rows (empty_frame), ==, 1);
  g_assert_true (json_array_get_null_element (query_test_row (empty_frame, 0), 0));
}

/* The newest row with a quantity within the last 24 hours, per product, found by hand. */
static void
assert_last_rows (JsonNode *frame)
{
  g_assert_cmpuint (query_test_n_rows (frame), ==, 5);
  for (guint p = 0; p < 5; p++)
    {
      JsonArray *row = query_test_row (frame, p);
      guint i = p;

      while (!event_has_qty (i))
        i += 5;
      g_assert_cmpstr (json_array_get_string_element (row, 0), ==, products[p]);
      g_assert_cmpint (json_array_get_int_element (row, 1), ==, event_qty (i));
    }
}

static void
test_last (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(BsQuery) split = value_query ("qty", BS_QUERY_AGGREGATION_LAST);
  g_autoptr(BsQuery) whole = value_query ("qty", BS_QUERY_AGGREGATION_LAST);
  g_autoptr(BsQuery) filtered = value_query ("qty", BS_QUERY_AGGREGATION_LAST);
  g_autoptr(JsonNode) general = NULL;
  g_autoptr(JsonNode) seek = NULL;
  g_autoptr(JsonNode) whole_frame = NULL;
  g_autoptr(JsonNode) filtered_general = NULL;
  g_autoptr(JsonNode) filtered_seek = NULL;
  const char *text;

  bs_query_add_split (split, "product");
  bs_query_set_time (split, "at", BS_QUERY_RANGE_LAST_HOURS, 24);
  general = query_test_run (fixture->db, split, NOW, NULL, 0);
  text = json_object_get_string_member (json_node_get_object (general), "query");
  g_assert_null (strstr (text, "bs_keys"));
  assert_last_rows (general);

  /* An index on (split, time) lets every group be found by seeking: same answer. */
  query_test_exec (fixture->db, "CREATE INDEX events_product_at ON events (product, at)");
  seek = query_test_run (fixture->db, split, NOW, NULL, 0);
  text = json_object_get_string_member (json_node_get_object (seek), "query");
  g_assert_nonnull (strstr (text, "bs_keys"));
  assert_last_rows (seek);

  /* Rows 0 and 1 are the newest; row 5 has no quantity, so the newest value is row 0's. */
  bs_query_set_time (whole, "at", BS_QUERY_RANGE_NONE, 0);
  whole_frame = query_test_run (fixture->db, whole, NOW, NULL, 0);
  g_assert_cmpint (json_array_get_int_element (query_test_row (whole_frame, 0), 0), ==,
                   event_qty (0));

  /* Filters and groups without a row agree between the two shapes (NULL qty in p0 only). */
  bs_query_add_split (filtered, "region");
  bs_query_add_filter_text (filtered, "product", BS_QUERY_OPERATOR_EQUAL, "p0");
  bs_query_set_time (filtered, "at", BS_QUERY_RANGE_LAST_HOURS, 3);
  filtered_seek = query_test_run (fixture->db, filtered, NOW, NULL, 0);
  query_test_exec (fixture->db, "DROP INDEX events_product_at");
  filtered_general = query_test_run (fixture->db, filtered, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, filtered_general,
                          "SELECT region, (SELECT qty FROM events f WHERE f.region = e.region"
                          " AND product = 'p0' AND qty IS NOT NULL AND at >= '2026-11-24 09:00:00'"
                          " ORDER BY at DESC LIMIT 1) AS v FROM events e GROUP BY region"
                          " HAVING v IS NOT NULL ORDER BY region");
  query_test_assert_rows (fixture->db, filtered_seek,
                          "SELECT region, (SELECT qty FROM events f WHERE f.region = e.region"
                          " AND product = 'p0' AND qty IS NOT NULL AND at >= '2026-11-24 09:00:00'"
                          " ORDER BY at DESC LIMIT 1) AS v FROM events e GROUP BY region"
                          " HAVING v IS NOT NULL ORDER BY region");
}

static void
test_measures (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BsQuery) rows = bs_query_new (0, "events");
  g_autoptr(BsQuery) distinct = bs_query_new (0, "events");
  g_autoptr(BsQuery) value = value_query ("price", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(JsonNode) rows_frame = NULL;
  g_autoptr(JsonNode) distinct_frame = NULL;
  g_autoptr(JsonNode) value_frame = NULL;
  g_autofree char *columns = NULL;

  bs_query_add_split (rows, "region");
  /* The aggregation does not apply to a count of rows. */
  rows->aggregation = BS_QUERY_AGGREGATION_MAXIMUM;
  rows_frame = query_test_run (fixture->db, rows, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, rows_frame,
                          "SELECT region, count(*) FROM events GROUP BY region ORDER BY region");

  bs_query_set_measure (distinct, BS_QUERY_MEASURE_DISTINCT_COUNT, "region");
  bs_query_add_split (distinct, "product");
  distinct_frame = query_test_run (fixture->db, distinct, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, distinct_frame,
                          "SELECT product, count(DISTINCT region) FROM events GROUP BY product"
                          " ORDER BY product");
  columns = query_test_columns (distinct_frame);
  g_assert_cmpstr (columns, ==, "product:text,value:integer");

  value_frame = query_test_run (fixture->db, value, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, value_frame, "SELECT sum(price) FROM events");
  g_clear_pointer (&columns, g_free);
  columns = query_test_columns (value_frame);
  g_assert_cmpstr (columns, ==, "value:number");
}

static void
test_splits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BsQuery) none = value_query ("qty", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQuery) one = value_query ("qty", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQuery) two = value_query ("qty", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(JsonNode) none_frame = query_test_run (fixture->db, none, NOW, NULL, 0);
  g_autoptr(JsonNode) one_frame = NULL;
  g_autoptr(JsonNode) two_frame = NULL;
  g_autofree char *columns = NULL;

  query_test_assert_rows (fixture->db, none_frame, "SELECT sum(qty) FROM events");

  /* Names take the schema's spelling whatever the case asked for. */
  bs_query_add_split (one, "REGION");
  one_frame = query_test_run (fixture->db, one, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, one_frame,
                          "SELECT region, sum(qty) FROM events GROUP BY 1 ORDER BY 1");
  columns = query_test_columns (one_frame);
  g_assert_cmpstr (columns, ==, "region:text,value:integer");

  bs_query_add_split (two, "region");
  bs_query_add_split (two, "product");
  two_frame = query_test_run (fixture->db, two, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, two_frame,
                          "SELECT region, product, sum(qty) FROM events GROUP BY 1, 2"
                          " ORDER BY 1, 2");
  g_assert_cmpuint (query_test_n_rows (two_frame), ==, 15);
  g_clear_pointer (&columns, g_free);
  columns = query_test_columns (two_frame);
  g_assert_cmpstr (columns, ==, "region:text,product:text,value:integer");
}

static void
assert_filter_text (sqlite3         *db,
                    BsQueryOperator  op,
                    const char      *column,
                    const char      *value,
                    const char      *where)
{
  g_autoptr(BsQuery) query = bs_query_new (0, "events");
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE %s", where);

  bs_query_add_filter_text (query, column, op, value);
  frame = query_test_run (db, query, NOW, NULL, 0);
  g_test_message ("%s %s %s: expecting %" G_GINT64_FORMAT, column,
                  bs_query_operator_to_string (op), value, demo_test_int (db, sql));
  query_test_assert_rows (db, frame, sql);
  /* Every filter here keeps some rows and drops some: none is a no-op. */
  g_assert_cmpint (demo_test_int (db, sql), >, 0);
  g_assert_cmpint (demo_test_int (db, sql), <, N_EVENTS);
}

static void
assert_filter_number (sqlite3         *db,
                      BsQueryOperator  op,
                      double           value,
                      const char      *where)
{
  g_autoptr(BsQuery) query = bs_query_new (0, "events");
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE %s", where);

  bs_query_add_filter_number (query, "qty", op, value);
  frame = query_test_run (db, query, NOW, NULL, 0);
  query_test_assert_rows (db, frame, sql);
  g_assert_cmpint (demo_test_int (db, sql), >, 0);
  g_assert_cmpint (demo_test_int (db, sql), <, N_EVENTS);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  sqlite3 *db = fixture->db;
  g_autoptr(BsQuery) both = bs_query_new (0, "events");
  g_autoptr(JsonNode) both_frame = NULL;

  assert_filter_text (db, BS_QUERY_OPERATOR_EQUAL, "product", "p2", "product = 'p2'");
  /* "is not" keeps the rows that have no value at all. */
  assert_filter_text (db, BS_QUERY_OPERATOR_NOT_EQUAL, "note", "a_b",
                      "note <> 'a_b' OR note IS NULL");
  assert_filter_text (db, BS_QUERY_OPERATOR_LESS, "product", "p2", "product IN ('p0', 'p1')");
  assert_filter_text (db, BS_QUERY_OPERATOR_LESS_OR_EQUAL, "product", "p2",
                      "product IN ('p0', 'p1', 'p2')");
  assert_filter_text (db, BS_QUERY_OPERATOR_GREATER, "at", "2026-11-24 00:00:00",
                      "at > '2026-11-24 00:00:00'");
  assert_filter_text (db, BS_QUERY_OPERATOR_GREATER_OR_EQUAL, "product", "p3",
                      "product IN ('p3', 'p4')");
  /* Text typed by a person: % and _ match themselves, letters in any case. */
  assert_filter_text (db, BS_QUERY_OPERATOR_CONTAINS, "note", "0% O", "note = '50% off'");
  assert_filter_text (db, BS_QUERY_OPERATOR_CONTAINS, "note", "_", "note = 'a_b'");
  assert_filter_text (db, BS_QUERY_OPERATOR_CONTAINS, "note", "mixed c", "note = 'Mixed Case'");
  assert_filter_text (db, BS_QUERY_OPERATOR_STARTS_WITH, "note", "plain 1",
                      "substr (note, 1, 7) = 'plain 1'");
  assert_filter_text (db, BS_QUERY_OPERATOR_STARTS_WITH, "note", "50%", "note = '50% off'");
  assert_filter_text (db, BS_QUERY_OPERATOR_IS_EMPTY, "note", NULL, "note IS NULL OR note = ''");
  assert_filter_text (db, BS_QUERY_OPERATOR_IS_NOT_EMPTY, "note", NULL, "length (note) > 0");

  assert_filter_number (db, BS_QUERY_OPERATOR_EQUAL, 4, "qty = 4");
  assert_filter_number (db, BS_QUERY_OPERATOR_NOT_EQUAL, 4, "qty <> 4 OR qty IS NULL");
  assert_filter_number (db, BS_QUERY_OPERATOR_LESS, 4, "qty < 4");
  assert_filter_number (db, BS_QUERY_OPERATOR_LESS_OR_EQUAL, 4, "qty <= 4");
  assert_filter_number (db, BS_QUERY_OPERATOR_GREATER, 4.5, "qty > 4");
  assert_filter_number (db, BS_QUERY_OPERATOR_GREATER_OR_EQUAL, 12, "qty >= 12");
  assert_filter_number (db, BS_QUERY_OPERATOR_CONTAINS, 1, "CAST (qty AS TEXT) LIKE '%1%'");
  assert_filter_number (db, BS_QUERY_OPERATOR_STARTS_WITH, 1, "CAST (qty AS TEXT) LIKE '1%'");

  /* Filters add up. */
  bs_query_add_filter_text (both, "product", BS_QUERY_OPERATOR_EQUAL, "p1");
  bs_query_add_filter_number (both, "price", BS_QUERY_OPERATOR_GREATER, 1.6);
  both_frame = query_test_run (db, both, NOW, NULL, 0);
  query_test_assert_rows (db, both_frame,
                          "SELECT count(*) FROM events WHERE product = 'p1' AND price > 1.6");
}

static void
assert_range (sqlite3      *db,
              BsQueryRange  range,
              guint         count,
              GTimeZone    *tz,
              const char   *start)
{
  g_autoptr(BsQuery) query = bs_query_new (0, "events");
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE at >= '%s'"
                                          " AND at <= '2026-11-24 12:00:00'", start);

  bs_query_set_time (query, "at", range, count);
  frame = query_test_run (db, query, NOW, tz, 0);
  query_test_assert_rows (db, frame, sql);
}

static void
test_ranges (Fixture       *fixture,
             gconstpointer  data)
{
  sqlite3 *db = fixture->db;
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_assert_nonnull (berlin);
  /* Rows sit at minute 59 and every 29 minutes before: 90 minutes hold rows 0 to 3. */
  assert_range (db, BS_QUERY_RANGE_LAST_MINUTES, 90, utc, "2026-11-24 10:30:00");
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM events WHERE at >= "
                                      "'2026-11-24 10:30:00'"), ==, 4);
  assert_range (db, BS_QUERY_RANGE_LAST_HOURS, 24, utc, "2026-11-23 12:00:00");
  assert_range (db, BS_QUERY_RANGE_LAST_DAYS, 2, utc, "2026-11-22 12:00:00");
  assert_range (db, BS_QUERY_RANGE_LAST_DAYS, 2, berlin, "2026-11-22 12:00:00");
  assert_range (db, BS_QUERY_RANGE_TODAY, 0, utc, "2026-11-24 00:00:00");
  /* Midnight in Berlin (UTC+1 in November) is 23:00 UTC the day before. */
  assert_range (db, BS_QUERY_RANGE_TODAY, 0, berlin, "2026-11-23 23:00:00");
  assert_range (db, BS_QUERY_RANGE_THIS_WEEK, 0, utc, "2026-11-23 00:00:00");
  assert_range (db, BS_QUERY_RANGE_THIS_WEEK, 0, berlin, "2026-11-22 23:00:00");
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM events WHERE at >= "
                                      "'2026-11-22 23:00:00' AND at < '2026-11-23 00:00:00'"),
                   >, 0);
}

static void
assert_buckets (sqlite3       *db,
                BsQueryBucket  bucket,
                BsQueryRange   range,
                guint          count,
                const char    *expected_sql)
{
  g_autoptr(BsQuery) query = value_query ("qty", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *columns = NULL;

  bs_query_add_split (query, "product");
  bs_query_set_time (query, "at", range, count);
  query->bucket = bucket;
  frame = query_test_run (db, query, NOW, NULL, 0);
  query_test_assert_rows (db, frame, expected_sql);
  g_assert_cmpuint (query_test_n_rows (frame), >, 1);
  columns = query_test_columns (frame);
  g_assert_cmpstr (columns, ==, "bucket:time,product:text,value:integer");
}

static void
test_buckets (Fixture       *fixture,
              gconstpointer  data)
{
  sqlite3 *db = fixture->db;

  assert_buckets (db, BS_QUERY_BUCKET_MINUTE, BS_QUERY_RANGE_LAST_MINUTES, 120,
                  "SELECT replace (substr (at, 1, 16), ' ', 'T') || ':00Z', product, sum(qty)"
                  " FROM events WHERE at >= '2026-11-24 10:00:00' GROUP BY 1, 2 ORDER BY 1, 2");
  assert_buckets (db, BS_QUERY_BUCKET_HOUR, BS_QUERY_RANGE_LAST_HOURS, 24,
                  "SELECT strftime ('%Y-%m-%dT%H:00:00Z', at), product, sum(qty) FROM events"
                  " WHERE at >= '2026-11-23 12:00:00' GROUP BY 1, 2 ORDER BY 1, 2");
  assert_buckets (db, BS_QUERY_BUCKET_DAY, BS_QUERY_RANGE_NONE, 0,
                  "SELECT date (at) || 'T00:00:00Z', product, sum(qty) FROM events"
                  " GROUP BY 1, 2 ORDER BY 1, 2");
  /* Monday is (weekday + 6) % 7 days back. */
  assert_buckets (db, BS_QUERY_BUCKET_WEEK, BS_QUERY_RANGE_LAST_DAYS, 30,
                  "SELECT date (at, '-' || ((CAST (strftime ('%w', at) AS INTEGER) + 6) % 7)"
                  " || ' days') || 'T00:00:00Z', product, sum(qty) FROM events"
                  " GROUP BY 1, 2 ORDER BY 1, 2");
  g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT date (at, 'weekday 1')) FROM events"),
                   ==, 2);
}

static JsonNode *
run_series (sqlite3       *db,
            BsQueryBucket  bucket,
            guint          days,
            gboolean       filtered)
{
  g_autoptr(BsQuery) query = value_query ("qty", BS_QUERY_AGGREGATION_AVERAGE);

  if (filtered)
    bs_query_add_filter_text (query, "product", BS_QUERY_OPERATOR_NOT_EQUAL, "p3");
  bs_query_set_time (query, "at", BS_QUERY_RANGE_LAST_DAYS, days);
  query->bucket = bucket;
  return query_test_run (db, query, NOW, NULL, 0);
}

/* With an index on the time column, a series without a split seeks bucket by bucket:
 * the same rows as grouping, empty buckets left out alike. */
static void
test_bucket_seek (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct
  {
    BsQueryBucket bucket;
    guint days;
    gboolean filtered;
    const char *expected;
  } cases[] = {
    { BS_QUERY_BUCKET_HOUR, 1, FALSE,
      "SELECT strftime ('%Y-%m-%dT%H:00:00Z', at), avg(qty) FROM events"
      " WHERE at >= '2026-11-23 12:00:00' GROUP BY 1 ORDER BY 1" },
    { BS_QUERY_BUCKET_MINUTE, 1, TRUE,
      "SELECT strftime ('%Y-%m-%dT%H:%M:00Z', at), avg(qty) FROM events"
      " WHERE at >= '2026-11-23 12:00:00' AND product <> 'p3' GROUP BY 1 ORDER BY 1" },
    { BS_QUERY_BUCKET_DAY, 3, TRUE,
      "SELECT date (at) || 'T00:00:00Z', avg(qty) FROM events"
      " WHERE at >= '2026-11-21 12:00:00' AND product <> 'p3' GROUP BY 1 ORDER BY 1" },
    { BS_QUERY_BUCKET_WEEK, 30, FALSE,
      "SELECT date (at, '-' || ((CAST (strftime ('%w', at) AS INTEGER) + 6) % 7) || ' days')"
      " || 'T00:00:00Z', avg(qty) FROM events GROUP BY 1 ORDER BY 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) grouped = run_series (fixture->db, cases[i].bucket, cases[i].days,
                                                cases[i].filtered);
      const char *text = json_object_get_string_member (json_node_get_object (grouped),
                                                        "query");

      g_assert_null (strstr (text, "bs_buckets"));
      query_test_assert_rows (fixture->db, grouped, cases[i].expected);
    }

  query_test_exec (fixture->db, "CREATE INDEX events_at ON events (at)");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) seek = run_series (fixture->db, cases[i].bucket, cases[i].days,
                                             cases[i].filtered);
      const char *text = json_object_get_string_member (json_node_get_object (seek), "query");

      g_assert_nonnull (strstr (text, "bs_buckets"));
      query_test_assert_rows (fixture->db, seek, cases[i].expected);
      g_assert_cmpuint (query_test_n_rows (seek), >, 1);
    }
}

/* The same 100 moments, 50 minutes apart, stored four ways. */
static void
fill_moments (sqlite3 *db)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, utc);

  query_test_exec (db, "CREATE TABLE moments (t_unix INTEGER, t_ms INTEGER, t_iso TEXT,"
                       " t_date TEXT, v INTEGER)");
  for (guint k = 0; k < 100; k++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (now, -(int) k * 50);
      g_autofree char *iso = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
      g_autofree char *date = g_date_time_format (at, "%Y-%m-%d");
      g_autofree char *sql = g_strdup_printf ("INSERT INTO moments VALUES (%" G_GINT64_FORMAT
                                              ", %" G_GINT64_FORMAT "500, '%s', '%s', %u)",
                                              g_date_time_to_unix (at),
                                              g_date_time_to_unix (at), iso, date, k);

      query_test_exec (db, sql);
    }
}

static void
assert_moments (sqlite3    *db,
                const char *column,
                guint       expected_rows,
                const char *expected_days_sql)
{
  g_autoptr(BsQuery) count = bs_query_new (0, "moments");
  g_autoptr(BsQuery) days = value_query ("v", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(JsonNode) count_frame = NULL;
  g_autoptr(JsonNode) days_frame = NULL;

  bs_query_set_time (count, column, BS_QUERY_RANGE_LAST_HOURS, 24);
  count_frame = query_test_run (db, count, NOW, NULL, 0);
  g_assert_cmpint (json_array_get_int_element (query_test_row (count_frame, 0), 0), ==,
                   expected_rows);

  g_free (days->table);
  days->table = g_strdup ("moments");
  bs_query_set_time (days, column, BS_QUERY_RANGE_NONE, 0);
  days->bucket = BS_QUERY_BUCKET_DAY;
  days_frame = query_test_run (db, days, NOW, NULL, 0);
  query_test_assert_rows (db, days_frame, expected_days_sql);
}

static void
test_time_formats (Fixture       *fixture,
                   gconstpointer  data)
{
  sqlite3 *db = fixture->db;
  const char *days = "SELECT t_date || 'T00:00:00Z', sum(v) FROM moments GROUP BY 1 ORDER BY 1";

  fill_moments (db);
  /* 24 hours back from noon reach k = 28 (23 h 20 min). */
  assert_moments (db, "t_unix", 29, days);
  assert_moments (db, "t_iso", 29, days);
  /* Milliseconds: the last moment lies 0.5 s after NOW and is left out. */
  assert_moments (db, "t_ms", 28, days);
  /* A date stands for its midnight: only today's midnight is within the last 24 hours. */
  assert_moments (db, "t_date", 15, days);
}

static void
test_row_limit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BsQuery) query = bs_query_new (0, "events");
  g_autoptr(JsonNode) cut = NULL;
  g_autoptr(JsonNode) exact = NULL;
  g_autoptr(JsonNode) all = NULL;

  bs_query_add_split (query, "region");
  bs_query_add_split (query, "product");
  cut = query_test_run (fixture->db, query, NOW, NULL, 10);
  g_assert_cmpuint (query_test_n_rows (cut), ==, 10);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (cut), "truncated"));
  exact = query_test_run (fixture->db, query, NOW, NULL, 15);
  g_assert_cmpuint (query_test_n_rows (exact), ==, 15);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (exact), "truncated"));
  all = query_test_run (fixture->db, query, NOW, NULL, 0);
  g_assert_cmpuint (query_test_n_rows (all), ==, 15);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (all), "truncated"));
}

static void
test_frame (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, utc);
  g_autoptr(BsQuery) query = value_query ("qty", BS_QUERY_AGGREGATION_AVERAGE);
  g_autoptr(BsQuerySql) sql = NULL;
  g_autoptr(BsQuerySql) copy = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *first;

  bs_query_add_split (query, "region");
  bs_query_add_filter_text (query, "product", BS_QUERY_OPERATOR_NOT_EQUAL, "p1");
  bs_query_set_time (query, "at", BS_QUERY_RANGE_LAST_HOURS, 6);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  g_assert_true (bs_query_sql_render (query, fixture->db, utc, now, &sql, &error));
  g_assert_no_error (error);

  /* Every value is a parameter: the filter and both ends of the range. */
  g_assert_cmpuint (bs_query_sql_get_n_params (sql), ==, 3);
  g_assert_cmpstr (g_variant_get_string (bs_query_sql_get_param (sql, 0), NULL), ==, "p1");
  g_assert_cmpstr (g_variant_get_string (bs_query_sql_get_param (sql, 1), NULL), ==,
                   "2026-11-24 06:00:00");
  g_assert_cmpstr (g_variant_get_string (bs_query_sql_get_param (sql, 2), NULL), ==,
                   "2026-11-24 12:00:01");
  g_assert_null (strstr (bs_query_sql_get_text (sql), "p1"));
  g_assert_null (strstr (bs_query_sql_get_text (sql), "2026"));

  copy = bs_query_sql_copy (sql);
  g_assert_cmpstr (bs_query_sql_get_text (copy), ==, bs_query_sql_get_text (sql));
  frame = bs_query_sql_execute (copy, fixture->db, 0, &error);
  g_assert_no_error (error);
  object = json_node_get_object (frame);
  g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "sql");
  g_assert_cmpstr (json_object_get_string_member (object, "query"), ==,
                   bs_query_sql_get_text (sql));
  g_assert_cmpfloat (json_object_get_double_member (object, "elapsed_ms"), >=, 0);
  g_assert_false (json_object_get_boolean_member (object, "truncated"));
  first = query_test_row (frame, 0);
  g_assert_cmpstr (json_array_get_string_element (first, 0), ==, "2026-11-24T06:00:00Z");
  query_test_assert_rows (fixture->db, frame,
                          "SELECT strftime ('%Y-%m-%dT%H:00:00Z', at), region, avg(qty)"
                          " FROM events WHERE product <> 'p1' AND at >= '2026-11-24 06:00:00'"
                          " GROUP BY 1, 2 ORDER BY 1, 2");
}

static void
assert_render_error (sqlite3    *db,
                     BsQuery    *query,
                     int         code,
                     const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = query_test_try (db, query, NOW, &error);

  g_assert_null (frame);
  g_assert_error (error, BS_QUERY_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BsQuery) table = bs_query_new (0, "evens");
  g_autoptr(BsQuery) hidden = bs_query_new (0, "bs_secret");
  g_autoptr(BsQuery) internal = bs_query_new (0, "sqlite_schema");
  g_autoptr(BsQuery) measure = value_query ("quantity", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQuery) split = bs_query_new (0, "events");
  g_autoptr(BsQuery) filter = bs_query_new (0, "events");
  g_autoptr(BsQuery) time = bs_query_new (0, "events");
  g_autoptr(BsQuery) not_time = bs_query_new (0, "events");
  g_autoptr(BsQuery) invalid = value_query (NULL, BS_QUERY_AGGREGATION_SUM);

  assert_render_error (fixture->db, table, BS_QUERY_ERROR_UNKNOWN_TABLE, "“evens”");
  assert_render_error (fixture->db, hidden, BS_QUERY_ERROR_UNKNOWN_TABLE, "“bs_secret”");
  assert_render_error (fixture->db, internal, BS_QUERY_ERROR_UNKNOWN_TABLE, "“sqlite_schema”");
  assert_render_error (fixture->db, measure, BS_QUERY_ERROR_UNKNOWN_COLUMN, "“quantity”");
  bs_query_add_split (split, "store");
  assert_render_error (fixture->db, split, BS_QUERY_ERROR_UNKNOWN_COLUMN, "“store”");
  bs_query_add_filter_text (filter, "channel", BS_QUERY_OPERATOR_EQUAL, "online");
  assert_render_error (fixture->db, filter, BS_QUERY_ERROR_UNKNOWN_COLUMN, "“channel”");
  bs_query_set_time (time, "sold_at", BS_QUERY_RANGE_TODAY, 0);
  assert_render_error (fixture->db, time, BS_QUERY_ERROR_UNKNOWN_COLUMN, "“sold_at”");
  bs_query_set_time (not_time, "product", BS_QUERY_RANGE_TODAY, 0);
  assert_render_error (fixture->db, not_time, BS_QUERY_ERROR_UNSUPPORTED, "“product”");
  assert_render_error (fixture->db, invalid, BS_QUERY_ERROR_INVALID, "“column”");
}

static void
test_view (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(BsQuery) query = value_query ("qty", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQuery) last = value_query ("qty", BS_QUERY_AGGREGATION_LAST);
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) last_frame = NULL;

  g_free (query->table);
  query->table = g_strdup ("EVENTS_VIEW");
  bs_query_add_split (query, "region_name");
  bs_query_set_time (query, "at", BS_QUERY_RANGE_LAST_DAYS, 1);
  frame = query_test_run (fixture->db, query, NOW, NULL, 0);
  query_test_assert_rows (fixture->db, frame,
                          "SELECT r.name, sum(e.qty) FROM events e JOIN regions r"
                          " ON r.id = e.region_id WHERE e.at >= '2026-11-23 12:00:00'"
                          " GROUP BY 1 ORDER BY 1");
  g_assert_cmpuint (query_test_n_rows (frame), ==, 3);

  g_free (last->table);
  last->table = g_strdup ("events_view");
  bs_query_add_split (last, "product");
  bs_query_set_time (last, "at", BS_QUERY_RANGE_LAST_HOURS, 24);
  last_frame = query_test_run (fixture->db, last, NOW, NULL, 0);
  assert_last_rows (last_frame);
}

static void
test_preview_rows (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = bs_query_sql_preview_rows (fixture->db, "events", 10, 0, &error);
  g_autoptr(JsonNode) last = NULL;
  g_autoptr(JsonNode) view = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) extremes = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *view_columns = NULL;

  g_assert_no_error (error);
  columns = query_test_columns (first);
  g_assert_cmpstr (columns, ==, "id:integer,at:time,product:text,region:text,region_id:integer,"
                                "qty:integer,price:number,note:text");
  g_assert_cmpuint (query_test_n_rows (first), ==, 10);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (first), "truncated"));
  g_assert_cmpstr (json_array_get_string_element (query_test_row (first, 0), 1), ==,
                   "2026-11-24T11:59:00Z");
  query_test_assert_rows (fixture->db, first,
                          "SELECT id, replace (at, ' ', 'T') || 'Z', product, region, region_id,"
                          " qty, price, note FROM events ORDER BY id LIMIT 10");

  last = bs_query_sql_preview_rows (fixture->db, "events", 100, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (query_test_n_rows (last), ==, N_EVENTS - 200);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (last), "truncated"));
  g_assert_cmpint (json_array_get_int_element (query_test_row (last, 0), 0), ==, 200);

  view = bs_query_sql_preview_rows (fixture->db, "events_view", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (query_test_n_rows (view), ==, N_EVENTS);
  view_columns = query_test_columns (view);
  g_assert_cmpstr (view_columns, ==, "id:integer,at:time,product:text,region_name:text,"
                                     "qty:integer");

  /* JSON has no infinities: the strings Prometheus uses stand in for them. */
  query_test_exec (fixture->db, "CREATE TABLE extremes (x REAL, b BLOB);"
                                "INSERT INTO extremes VALUES (9e999, x'00ff'), (-9e999, NULL);");
  extremes = bs_query_sql_preview_rows (fixture->db, "extremes", 10, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (query_test_row (extremes, 0), 0), ==, "+Inf");
  g_assert_cmpstr (json_array_get_string_element (query_test_row (extremes, 0), 1), ==, "AP8=");
  g_assert_cmpstr (json_array_get_string_element (query_test_row (extremes, 1), 0), ==, "-Inf");
  g_assert_true (json_array_get_null_element (query_test_row (extremes, 1), 1));

  missing = bs_query_sql_preview_rows (fixture->db, "bs_secret", 10, 0, &error);
  g_assert_null (missing);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
}

static JsonObject *
find_table (JsonNode   *schema,
            const char *name)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (schema), "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_str_equal (json_object_get_string_member (table, "name"), name))
        return table;
    }
  return NULL;
}

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) schema = NULL;
  g_autofree char *text = NULL;
  JsonObject *events;
  JsonObject *view;
  JsonObject *column;
  JsonArray *tables;

  query_test_exec (fixture->db, "CREATE TABLE few (d DATETIME, n NUMERIC, b, s TEXT);"
                                "INSERT INTO few VALUES ('2026-01-02', 1.5, 7, NULL);"
                                "CREATE TABLE keyed (k TEXT PRIMARY KEY, v INT) WITHOUT ROWID;"
                                "INSERT INTO keyed VALUES ('a', 1), ('b', 2);");
  schema = bs_query_sql_describe (fixture->db, &error);
  g_assert_no_error (error);
  text = query_test_to_string (schema);
  g_test_message ("%s", text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (schema), "kind"), ==,
                   "tables");
  tables = json_object_get_array_member (json_node_get_object (schema), "tables");
  /* Ordered by name, ours and SQLite's hidden. */
  g_assert_cmpuint (json_array_get_length (tables), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tables, 0),
                                                  "name"), ==, "events");
  g_assert_null (find_table (schema, "bs_secret"));

  events = find_table (schema, "events");
  g_assert_cmpstr (json_object_get_string_member (events, "type"), ==, "table");
  g_assert_cmpint (json_object_get_int_member (events, "rows"), ==, N_EVENTS);
  column = json_array_get_object_element (json_object_get_array_member (events, "columns"), 1);
  g_assert_cmpstr (json_object_get_string_member (column, "name"), ==, "at");
  g_assert_cmpstr (json_object_get_string_member (column, "type"), ==, "time");
  g_assert_cmpstr (json_object_get_string_member (column, "declared"), ==, "TEXT");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (events,
                                                                         "time_columns")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (events,
                                                                                "time_columns"),
                                                  0), ==, "at");

  view = find_table (schema, "events_view");
  g_assert_cmpstr (json_object_get_string_member (view, "type"), ==, "view");
  g_assert_true (json_object_get_null_member (view, "rows"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (view, "columns")), ==,
                    5);

  g_assert_cmpint (json_object_get_int_member (find_table (schema, "keyed"), "rows"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (find_table (schema, "few"), "rows"), ==, 1);
  {
    JsonArray *few = json_object_get_array_member (find_table (schema, "few"), "columns");
    const char *types[] = { "time", "number", "integer", "text" };

    for (guint i = 0; i < G_N_ELEMENTS (types); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (few, i),
                                                      "type"), ==, types[i]);
  }
}

static gint64
count_indexes (sqlite3 *db)
{
  return demo_test_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                            " AND tbl_name = 'events'");
}

static void
test_ensure_time_index (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;

  g_assert_cmpint (count_indexes (fixture->db), ==, 0);
  g_assert_true (bs_query_sql_ensure_time_index (fixture->db, "Events", "AT", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_indexes (fixture->db), ==, 1);
  {
    sqlite3_stmt *stmt = NULL;
    GString *details = g_string_new (NULL);

    g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, "EXPLAIN QUERY PLAN SELECT count(*)"
                                         " FROM events WHERE at >= '2026-11-24'", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append (details, (const char *) sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);
    plan = g_string_free (details, FALSE);
  }
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "USING COVERING INDEX bs_time_"));

  /* Twice is once; an index that already leads with the column will do. */
  g_assert_true (bs_query_sql_ensure_time_index (fixture->db, "events", "at", &error));
  g_assert_cmpint (count_indexes (fixture->db), ==, 1);
  query_test_exec (fixture->db, "CREATE INDEX events_region ON events (region, at)");
  g_assert_true (bs_query_sql_ensure_time_index (fixture->db, "events", "region", &error));
  g_assert_cmpint (count_indexes (fixture->db), ==, 2);
  g_assert_no_error (error);

  /* A view has nothing to index. */
  g_assert_true (bs_query_sql_ensure_time_index (fixture->db, "events_view", "at", &error));
  g_assert_no_error (error);

  g_assert_false (bs_query_sql_ensure_time_index (fixture->db, "events", "nope", &error));
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);
  g_assert_false (bs_query_sql_ensure_time_index (fixture->db, "nope", "at", &error));
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
}

/* The demo's sales_detail view and its indexes, on a small real demo. */
static void
test_demo (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = demo_test_generate (dir, "demo.db", 7, 40000, DEMO_TEST_END);
  g_autoptr(sqlite3) db = demo_test_open (path);
  g_autoptr(BsQuery) regions_query = value_query ("amount", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQuery) last = value_query ("quantity", BS_QUERY_AGGREGATION_LAST);
  g_autoptr(BsQuery) daily = value_query ("quantity", BS_QUERY_AGGREGATION_SUM);
  g_autoptr(JsonNode) regions_frame = NULL;
  g_autoptr(JsonNode) last_frame = NULL;
  g_autoptr(JsonNode) daily_frame = NULL;
  g_autoptr(JsonNode) preview = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  g_free (regions_query->table);
  regions_query->table = g_strdup ("sales_detail");
  bs_query_add_split (regions_query, "region");
  bs_query_set_time (regions_query, "sold_at", BS_QUERY_RANGE_LAST_HOURS, 24);
  regions_frame = query_test_run (db, regions_query, DEMO_TEST_END, NULL, 0);
  query_test_assert_rows (db, regions_frame,
                          "SELECT r.name, sum(s.amount) FROM sales s JOIN stores st"
                          " ON st.id = s.store_id JOIN regions r ON r.id = st.region_id"
                          " WHERE s.sold_at >= '2026-03-09 15:30:00' GROUP BY r.name"
                          " ORDER BY r.name");
  g_assert_cmpuint (query_test_n_rows (regions_frame), ==, 4);

  /* The last quantity sold of each product: the newest row's (any of them on a tie). */
  g_free (last->table);
  last->table = g_strdup ("sales");
  bs_query_add_split (last, "product_id");
  bs_query_set_time (last, "sold_at", BS_QUERY_RANGE_NONE, 0);
  last_frame = query_test_run (db, last, DEMO_TEST_END, NULL, 0);
  g_assert_cmpint (query_test_n_rows (last_frame), ==,
                   demo_test_int (db, "SELECT count(DISTINCT product_id) FROM sales"));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sales WHERE product_id = ?1"
                                       " AND quantity = ?2 AND sold_at = (SELECT max(sold_at)"
                                       " FROM sales WHERE product_id = ?1)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < query_test_n_rows (last_frame); i++)
    {
      JsonArray *row = query_test_row (last_frame, i);

      sqlite3_bind_int64 (stmt, 1, json_array_get_int_element (row, 0));
      sqlite3_bind_int64 (stmt, 2, json_array_get_int_element (row, 1));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 1);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  g_free (daily->table);
  daily->table = g_strdup ("sales");
  bs_query_set_time (daily, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 90);
  daily->bucket = BS_QUERY_BUCKET_DAY;
  daily_frame = query_test_run (db, daily, DEMO_TEST_END, NULL, 0);
  query_test_assert_rows (db, daily_frame,
                          "SELECT date (sold_at) || 'T00:00:00Z', sum(quantity) FROM sales"
                          " WHERE sold_at >= '2025-12-10 15:30:00' GROUP BY 1 ORDER BY 1");
  g_assert_cmpuint (query_test_n_rows (daily_frame), ==, 91);

  preview = bs_query_sql_preview_rows (db, "sales_detail", 5, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (query_test_n_rows (preview), ==, 5);

  sqlite3_close (g_steal_pointer (&db));
  demo_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/bs/query-sql/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("aggregations", test_aggregations);
  ADD ("median", test_median);
  ADD ("last", test_last);
  ADD ("measures", test_measures);
  ADD ("splits", test_splits);
  ADD ("filters", test_filters);
  ADD ("ranges", test_ranges);
  ADD ("buckets", test_buckets);
  ADD ("bucket-seek", test_bucket_seek);
  ADD ("time-formats", test_time_formats);
  ADD ("row-limit", test_row_limit);
  ADD ("frame", test_frame);
  ADD ("errors", test_errors);
  ADD ("view", test_view);
  ADD ("preview-rows", test_preview_rows);
  ADD ("describe", test_describe);
  ADD ("ensure-time-index", test_ensure_time_index);
#undef ADD
  g_test_add_func ("/bs/query-sql/demo", test_demo);
  return g_test_run ();
}
