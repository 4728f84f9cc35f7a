/* Queries, schemas, row previews and health checks of data sources, against a real engine
 * process: results compared with SQL run directly on the files, errors that name the bad
 * field, hostile names refused, slow queries on worker threads (the main loop keeps
 * answering), clients that go away mid-query, and a real Prometheus server (with raw PromQL
 * and label values, as imported Grafana panels ask them). */
#define G_LOG_DOMAIN "test-engine-query"

#include "config.h"

#include <signal.h>

#include <sqlite3.h>

#include "bs-data-source.h"
#include "bs-engine-test.h"
#include "bs-prometheus-fixture.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* Rows of the table the slow queries read: enough for a grouped distinct count to take
 * about a second. */
#define BIG_ROWS 3000000

typedef struct
{
  BsTestEngine *engine;
  char         *viewer;
  gint64        demo_id;
  char         *demo_path;
} Fixture;

static char *big_dir;
static char *big_path;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BsTestResponse) response = NULL;
  JsonArray *items;

  fixture->engine = bs_test_engine_new ();
  bs_test_engine_start (fixture->engine, NULL);
  fixture->viewer = bs_test_engine_create_token (fixture->engine, "reader", "viewer", NULL);

  response = bs_test_engine_expect (fixture->engine, "GET", "datasources", fixture->viewer,
                                    NULL, SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (!json_object_get_boolean_member (item, "is_demo"))
        continue;
      fixture->demo_id = json_object_get_int_member (item, "id");
      fixture->demo_path = g_strdup (json_object_get_string_member (item, "path"));
    }
  g_assert_cmpint (fixture->demo_id, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_cmpint (bs_test_engine_stop (fixture->engine), ==, 0);
  g_clear_pointer (&fixture->engine, bs_test_engine_free);
  g_free (fixture->viewer);
  g_free (fixture->demo_path);
}

/* Adds a source to the engine's workspace directly: the store is a SQLite file, and the
 * engine reads each source when a request names it. */
static gint64
add_source (Fixture    *fixture,
            const char *name,
            const char *kind,
            const char *location)
{
  g_autofree char *path = g_build_filename (fixture->engine->data_dir, "workspace.db", NULL);
  g_autoptr(BsStore) store = NULL;
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(GError) error = NULL;

  store = bs_store_open (path, &error);
  g_assert_no_error (error);
  source = bs_data_source_add (store, name, kind, location, FALSE, &error);
  g_assert_no_error (error);
  return source->id;
}

static BsTestResponse *
post_query (Fixture    *fixture,
            const char *body,
            guint       status)
{
  return bs_test_engine_expect (fixture->engine, "POST", "query", fixture->viewer, body, status);
}

/* Asserts a 400 whose message contains @needle. */
static void
assert_bad_request (Fixture    *fixture,
                    const char *method,
                    const char *path,
                    const char *body,
                    const char *needle)
{
  g_autoptr(BsTestResponse) response = NULL;
  const char *message;

  response = bs_test_engine_expect (fixture->engine, method, path, fixture->viewer, body,
                                    SOUP_STATUS_BAD_REQUEST);
  message = bs_test_response_assert_error (response, "bad_request");
  g_test_message ("%s %s: %s", method, path, message);
  if (strstr (message, needle) == NULL)
    g_error ("“%s” does not name “%s”", message, needle);
}

static sqlite3 *
open_file (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

/* "product_id=value;…" from SQL returning (integer, integer) rows. */
static char *
sql_pairs (sqlite3    *db,
           const char *sql,
           const char *bound)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, bound, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (text, "%lld=%lld;", sqlite3_column_int64 (stmt, 0),
                            sqlite3_column_int64 (stmt, 1));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
frame_pairs (JsonObject *frame)
{
  JsonArray *rows = json_object_get_array_member (frame, "rows");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);

      g_assert_cmpuint (json_array_get_length (row), ==, 2);
      g_string_append_printf (text, "%" G_GINT64_FORMAT "=%.0f;",
                              json_array_get_int_element (row, 0),
                              json_array_get_double_element (row, 1));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
day_ago (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -1);

  return g_date_time_format (then, "%Y-%m-%d %H:%M:%S");
}

static void
test_demo_sum_per_product (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected_before = NULL;
  g_autofree char *expected_after = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  const char *sql = "SELECT product_id, sum(quantity) FROM sales WHERE sold_at >= ?1"
                    " GROUP BY product_id ORDER BY product_id";
  JsonObject *frame;
  JsonArray *columns;
  sqlite3 *db;

  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ", \"table\": \"sales\","
                          " \"measure\": \"value\", \"column\": \"quantity\","
                          " \"aggregation\": \"sum\", \"split\": [\"product_id\"],"
                          " \"time\": {\"column\": \"sold_at\", \"range\": \"last-days\","
                          " \"count\": 1}}}", fixture->demo_id);
  /* The window moves with the clock: the answer must match it at one of its two ends. */
  before = day_ago ();
  response = post_query (fixture, body, SOUP_STATUS_OK);
  after = day_ago ();

  frame = bs_test_response_get_object (response);
  g_test_message ("%s (%.1f ms)", json_object_get_string_member (frame, "query"),
                  json_object_get_double_member (frame, "elapsed_ms"));
  g_assert_cmpstr (json_object_get_string_member (frame, "language"), ==, "sql");
  g_assert_false (json_object_get_boolean_member (frame, "truncated"));
  columns = json_object_get_array_member (frame, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0),
                                                  "name"), ==, "product_id");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1),
                                                  "name"), ==, "value");

  db = open_file (fixture->demo_path);
  expected_before = sql_pairs (db, sql, before);
  expected_after = sql_pairs (db, sql, after);
  sqlite3_close (db);
  actual = frame_pairs (frame);
  g_assert_cmpuint (strlen (actual), >, 0);
  if (g_strcmp0 (actual, expected_after) != 0)
    g_assert_cmpstr (actual, ==, expected_before);
}

static JsonObject *
find_table (JsonArray  *tables,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_strcmp0 (json_object_get_string_member (table, "name"), name) == 0)
        return table;
    }
  return NULL;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* What the schema promises: an exact count below 10,000 rows, max(rowid) above. */
static gint64
sales_row_estimate (const char *path)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = open_file (path);
  gint64 count;
  gint64 max_rowid;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), max(rowid) FROM sales", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  max_rowid = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (count, >, 0);
  return count < 10000 ? count : max_rowid;
}

static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *schema;
  JsonArray *tables;
  JsonObject *sales;
  JsonObject *detail;

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", fixture->demo_id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  schema = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (schema, "kind"), ==, "tables");
  tables = json_object_get_array_member (schema, "tables");

  sales = find_table (tables, "sales");
  g_assert_nonnull (sales);
  g_assert_cmpstr (json_object_get_string_member (sales, "type"), ==, "table");
  g_assert_cmpint (json_object_get_int_member (sales, "rows"), ==,
                   sales_row_estimate (fixture->demo_path));
  g_assert_true (array_has_string (json_object_get_array_member (sales, "time_columns"),
                                   "sold_at"));
  g_assert_false (array_has_string (json_object_get_array_member (sales, "time_columns"),
                                    "quantity"));

  detail = find_table (tables, "sales_detail");
  g_assert_nonnull (detail);
  g_assert_cmpstr (json_object_get_string_member (detail, "type"), ==, "view");
  g_assert_true (json_object_get_null_member (detail, "rows"));
  g_assert_true (array_has_string (json_object_get_array_member (detail, "time_columns"),
                                   "sold_at"));

  for (guint i = 0; i < json_array_get_length (tables); i++)
    g_assert_false (g_str_has_prefix (json_object_get_string_member (
                      json_array_get_object_element (tables, i), "name"), "sqlite_"));

  /* Tables have no metrics. */
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema?metric=up",
                          fixture->demo_id);
  assert_bad_request (fixture, "GET", path, NULL, "metric");

  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "GET", "datasources/999/schema",
                                    fixture->viewer, NULL, SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
}

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *frame;
  JsonArray *rows;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  base = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables", fixture->demo_id);
  path = g_strdup_printf ("%s/sales/rows?limit=5&offset=10", base);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  frame = bs_test_response_get_object (response);
  rows = json_object_get_array_member (frame, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  g_assert_true (json_object_get_boolean_member (frame, "truncated"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (frame, "columns"), 0), "name"), ==, "id");

  db = open_file (fixture->demo_path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM sales ORDER BY rowid LIMIT 5"
                                       " OFFSET 10", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (rows, i), 0),
                       ==, sqlite3_column_int64 (stmt, 0));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* The default limit is 100. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = g_strdup_printf ("%s/sales_detail/rows", base);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      bs_test_response_get_object (response), "rows")), ==, 100);

  g_free (path);
  path = g_strdup_printf ("%s/sales/rows?limit=0", base);
  assert_bad_request (fixture, "GET", path, NULL, "limit");
  g_free (path);
  path = g_strdup_printf ("%s/sales/rows?limit=100001", base);
  assert_bad_request (fixture, "GET", path, NULL, "limit");
  g_free (path);
  path = g_strdup_printf ("%s/sales/rows?offset=-1", base);
  assert_bad_request (fixture, "GET", path, NULL, "offset");
  g_free (path);
  path = g_strdup_printf ("%s/no_such_table/rows", base);
  assert_bad_request (fixture, "GET", path, NULL, "no_such_table");

  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "GET", "datasources/999/tables/sales/rows",
                                    fixture->viewer, NULL, SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
}

static void
test_invalid_queries (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *prefix = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                                             " \"table\": \"sales\"", fixture->demo_id);
  struct
  {
    const char *rest;   /* after the query's "source" and "table" */
    const char *needle;
  } cases[] = {
    { ", \"aggregation\": \"total\"}}", "aggregation" },
    { ", \"measure\": \"value\"}}", "column" },
    { ", \"filters\": [{\"column\": \"quantity\", \"operator\": \"~\", \"value\": 1}]}}",
      "filters[0].operator" },
    { ", \"time\": {\"column\": \"sold_at\", \"range\": \"yesterday\"}}}", "time.range" },
    { ", \"split\": [\"no_such_column\"]}}", "no_such_column" },
    { ", \"measure\": \"value\", \"column\": \"qty\"}}", "qty" },
    { "}, \"limit\": 0}", "limit" },
    { "}, \"limit\": 100001}", "limit" },
    { "}, \"limit\": \"ten\"}", "limit" },
    { "}, \"limit\": 2.5}", "limit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strconcat (prefix, cases[i].rest, NULL);

      assert_bad_request (fixture, "POST", "query", body, cases[i].needle);
    }

  assert_bad_request (fixture, "POST", "query", "{}", "query");
  assert_bad_request (fixture, "POST", "query", "{\"query\": 3}", "query");
  assert_bad_request (fixture, "POST", "query", "{\"query\": {\"table\": \"sales\"}}",
                      "source");
  assert_bad_request (fixture, "POST", "query",
                      "{\"query\": {\"source\": 1, \"table\": \"no_such_table\"}}",
                      "no_such_table");

  response = post_query (fixture, "{\"query\": {\"source\": 999, \"table\": \"sales\"}}",
                         SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "POST", "query", NULL,
                                    "{\"query\": {\"source\": 1, \"table\": \"sales\"}}",
                                    SOUP_STATUS_UNAUTHORIZED);
  bs_test_response_assert_error (response, "unauthorized");
}

/* Everything in the schema, to show that nothing was added, dropped or changed. */
static char *
dump_schema (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = open_file (path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql,"
                                       " (SELECT count(*) FROM sales)"
                                       " + (SELECT count(*) FROM products) FROM sqlite_schema"
                                       " ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s %s %s %lld\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_int64 (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_hostile_name_refused (Fixture    *fixture,
                             const char *name)
{
  g_autofree char *as_table = NULL;
  g_autofree char *as_column = NULL;
  g_autofree char *as_split = NULL;
  g_autofree char *as_filter = NULL;

  as_table = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                              " \"table\": %s}}", fixture->demo_id, name);
  assert_bad_request (fixture, "POST", "query", as_table, "");
  as_column = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                               " \"table\": \"sales\", \"measure\": \"value\","
                               " \"column\": %s}}", fixture->demo_id, name);
  assert_bad_request (fixture, "POST", "query", as_column, "");
  as_split = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                              " \"table\": \"sales\", \"split\": [%s]}}",
                              fixture->demo_id, name);
  assert_bad_request (fixture, "POST", "query", as_split, "");
  as_filter = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                               " \"table\": \"sales\", \"filters\": [{\"column\": %s,"
                               " \"operator\": \"=\", \"value\": 1}]}}",
                               fixture->demo_id, name);
  assert_bad_request (fixture, "POST", "query", as_filter, "");
}

static void
test_hostile_names (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Raw names, sent as JSON strings and in the path of the rows route. */
  const char *names[] = {
    "sales\"; DROP TABLE sales; --",
    "sales) UNION SELECT name, sql FROM sqlite_schema --",
    "sales' OR '1'='1",
    "quantity\"), (\"x",
    "sales]; DELETE FROM products; [",
  };
  g_autofree char *schema_before = dump_schema (fixture->demo_path);
  g_autofree char *schema_after = NULL;
  g_autofree char *long_name = g_strnfill (100000, 'x');
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) response = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), names[i]);
      g_autofree char *literal = json_to_string (node, FALSE);
      g_autofree char *escaped = g_uri_escape_string (names[i], NULL, FALSE);
      g_autofree char *path = NULL;

      assert_hostile_name_refused (fixture, literal);
      path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/%s/rows",
                              fixture->demo_id, escaped);
      assert_bad_request (fixture, "GET", path, NULL, "");
    }
  /* A NUL byte inside a name, which C strings would cut short into "sales". */
  assert_hostile_name_refused (fixture, "\"sales\\u0000; DROP TABLE sales\"");
  g_free (body);
  body = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/sales%%00x/rows",
                          fixture->demo_id);
  g_clear_pointer (&response, bs_test_response_free);
  /* libsoup refuses such a path itself, before any handler sees it. */
  response = bs_test_engine_expect (fixture->engine, "GET", body, fixture->viewer, NULL,
                                    SOUP_STATUS_BAD_REQUEST);
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("\"%s\"", long_name);
  assert_hostile_name_refused (fixture, body);

  /* A hostile value is only a value: it matches nothing and widens nothing. */
  g_free (body);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ", \"table\": \"sales\","
                          " \"filters\": [{\"column\": \"sold_at\", \"operator\": \"=\","
                          " \"value\": \"x' OR '1'='1\"}]}}", fixture->demo_id);
  response = post_query (fixture, body, SOUP_STATUS_OK);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (
                     json_object_get_array_member (bs_test_response_get_object (response),
                                                   "rows"), 0), 0), ==, 0);

  schema_after = dump_schema (fixture->demo_path);
  g_assert_cmpstr (schema_after, ==, schema_before);
}

/* Time indexes: made in the files the engine owns, never in a person's own file */

static gboolean
has_index_on (const char *path,
              const char *table,
              const char *column)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = open_file (path);
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_index_list(?1) AS l,"
                                       " pragma_index_info(l.name) AS i"
                                       " WHERE i.seqno = 0 AND i.name = ?2", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_time_index (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *own_path = g_build_filename (fixture->engine->tmp_dir, "own.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  sqlite3 *db = NULL;
  gint64 own_id;

  /* The demo file is the engine's: the first query on a time column indexes it. */
  g_assert_false (has_index_on (fixture->demo_path, "inventory", "updated_at"));
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"inventory\", \"time\": {\"column\": \"updated_at\","
                          " \"range\": \"last-days\", \"count\": 7}}}", fixture->demo_id);
  response = post_query (fixture, body, SOUP_STATUS_OK);
  g_assert_true (has_index_on (fixture->demo_path, "inventory", "updated_at"));

  /* A person's own file is only read. */
  g_assert_cmpint (sqlite3_open (own_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE events (at TEXT, amount INTEGER);"
                                 "INSERT INTO events VALUES (datetime('now', '-1 hour'), 5),"
                                 " (datetime('now', '-3 days'), 7);", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (own_path);
  own_id = add_source (fixture, "Own", "sqlite", own_path);

  g_free (body);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"events\", \"measure\": \"value\","
                          " \"column\": \"amount\", \"time\": {\"column\": \"at\","
                          " \"range\": \"last-days\", \"count\": 1}}}", own_id);
  g_clear_pointer (&response, bs_test_response_free);
  response = post_query (fixture, body, SOUP_STATUS_OK);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (
                     json_object_get_array_member (bs_test_response_get_object (response),
                                                   "rows"), 0), 0), ==, 5);
  g_assert_false (has_index_on (own_path, "events", "at"));
  after = file_checksum (own_path);
  g_assert_cmpstr (after, ==, before);
}

/* CSV: imported by the engine into its imports database */

/* Imports @csv through the API and returns the id of the source it made. */
static gint64
import_csv (Fixture    *fixture,
            const char *csv_path)
{
  g_autofree char *editor = bs_test_engine_create_token (fixture->engine, "importer", "editor",
                                                         NULL);
  g_autofree char *body = g_strdup_printf ("{\"path\": \"%s\"}", csv_path);
  g_autofree char *path = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *object;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  response = bs_test_engine_expect (fixture->engine, "POST", "imports", editor, body,
                                    SOUP_STATUS_ACCEPTED);
  path = g_strdup_printf ("imports/%" G_GINT64_FORMAT,
                          json_object_get_int_member (bs_test_response_get_object (response),
                                                      "id"));
  for (;;)
    {
      g_clear_pointer (&response, bs_test_response_free);
      response = bs_test_engine_expect (fixture->engine, "GET", path, editor, NULL,
                                        SOUP_STATUS_OK);
      object = bs_test_response_get_object (response);
      if (g_strcmp0 (json_object_get_string_member (object, "state"), "running") != 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "done");
  return json_object_get_int_member (json_object_get_object_member (object, "source"), "id");
}

static void
test_csv_source (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (fixture->engine->tmp_dir, "units.csv", NULL);
  g_autofree char *imports = g_build_filename (fixture->engine->data_dir, "imports.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GString) csv = g_string_new ("day,region,units\n");
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *table = NULL;
  JsonObject *object;
  JsonArray *tables;
  JsonArray *rows;
  gint64 id;

  /* Two weeks of units in two regions; the last 7 days hold 7 rows each. */
  for (int day = 0; day < 14; day++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_days (now, -day);
      g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");

      g_string_append_printf (csv, "%s,North,%d\n%s,South,%d\n", text, day + 1, text,
                              10 * (day + 1));
    }
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, NULL));
  id = import_csv (fixture, csv_path);

  /* The schema shows the source's own table, with its time column. */
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  tables = json_object_get_array_member (bs_test_response_get_object (response), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 1);
  object = json_array_get_object_element (tables, 0);
  table = g_strdup (json_object_get_string_member (object, "name"));
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 28);
  g_assert_true (array_has_string (json_object_get_array_member (object, "time_columns"),
                                   "day"));

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/%s/rows?limit=3", id, table);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      bs_test_response_get_object (response), "rows")), ==, 3);

  /* Units per region over the last week (days 0 to 6, today's row is the newest). */
  g_assert_false (has_index_on (imports, table, "day"));
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ", \"table\": \"%s\","
                          " \"measure\": \"value\", \"column\": \"units\","
                          " \"aggregation\": \"sum\", \"split\": [\"region\"],"
                          " \"time\": {\"column\": \"day\", \"range\": \"last-hours\","
                          " \"count\": 156}}}", id, table);
  response = post_query (fixture, body, SOUP_STATUS_OK);
  rows = json_object_get_array_member (bs_test_response_get_object (response), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 0), 0),
                   ==, "North");
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (rows, 0), 1),
                   ==, 1 + 2 + 3 + 4 + 5 + 6 + 7);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (rows, 1), 1),
                   ==, 10 * (1 + 2 + 3 + 4 + 5 + 6 + 7));
  /* The imports database is the engine's: the time column got its index. */
  g_assert_true (has_index_on (imports, table, "day"));

  /* Through a CSV source, other tables of the imports database do not exist. */
  g_free (body);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"sqlite_schema\"}}", id);
  assert_bad_request (fixture, "POST", "query", body, "sqlite_schema");
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/sqlite_schema/rows", id);
  assert_bad_request (fixture, "GET", path, NULL, "sqlite_schema");
}

/* Slow queries */

static void
make_big_database (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;
  gint64 started = g_get_monotonic_time ();

  big_dir = bs_test_make_tmp_dir ();
  big_path = g_build_filename (big_dir, "big.db", NULL);
  g_assert_cmpint (sqlite3_open (big_path, &db), ==, SQLITE_OK);
  /* Pseudo-random text keys in many groups, so that grouping must sort every row. */
  sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE big (id INTEGER PRIMARY KEY, k TEXT, t TEXT, v REAL);"
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                " WHERE x < " G_STRINGIFY (BIG_ROWS) ")"
                " INSERT INTO big SELECT x, printf('k%07d', (x * 7919) % 400000),"
                " printf('t%08d', (x * 104729) % 1000003), x / 7.0 FROM c;",
                NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);
  g_test_message ("Made %d rows in %.0f ms", BIG_ROWS,
                  (g_get_monotonic_time () - started) / 1000.0);
}

static const char *
get_big_path (void)
{
  if (big_path == NULL)
    make_big_database ();
  return big_path;
}

static char *
slow_query_body (gint64 source_id)
{
  return g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ", \"table\": \"big\","
                          " \"measure\": \"distinct-count\", \"column\": \"t\","
                          " \"split\": [\"k\"]}}", source_id);
}

typedef struct
{
  SoupMessage *msg;
  gboolean     written;
  gboolean     done;
  gint64       sent_usec;
  gint64       done_usec;
  GBytes      *body;
} Pending;

static void
on_wrote_body (SoupMessage *msg,
               gpointer     user_data)
{
  Pending *pending = user_data;

  pending->written = TRUE;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  pending->done_usec = g_get_monotonic_time ();
  pending->done = TRUE;
}

static void
send_async (SoupSession *session,
            Fixture     *fixture,
            const char  *method,
            const char  *path,
            const char  *body,
            Pending     *pending)
{
  g_autofree char *url = g_strdup_printf ("%sapi/v1/%s", fixture->engine->discovery->url, path);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", fixture->viewer);

  pending->msg = soup_message_new (method, url);
  soup_message_headers_replace (soup_message_get_request_headers (pending->msg),
                                "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (pending->msg, "application/json", bytes);
    }
  g_signal_connect (pending->msg, "wrote-body", G_CALLBACK (on_wrote_body), pending);
  pending->sent_usec = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, pending->msg, G_PRIORITY_DEFAULT, NULL,
                                    on_sent, pending);
}

static void
pending_clear (Pending *pending)
{
  g_clear_object (&pending->msg);
  g_clear_pointer (&pending->body, g_bytes_unref);
}

static void
iterate_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the slow query to its end and returns how long it took, in microseconds. */
static gint64
time_slow_query (Fixture *fixture,
                 gint64   source_id)
{
  g_autofree char *body = slow_query_body (source_id);
  g_autoptr(BsTestResponse) response = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed;

  response = post_query (fixture, body, SOUP_STATUS_OK);
  elapsed = g_get_monotonic_time () - started;
  g_assert_true (json_object_get_boolean_member (bs_test_response_get_object (response),
                                                 "truncated"));
  g_test_message ("The slow query took %.0f ms", elapsed / 1000.0);
  return elapsed;
}

static void
test_slow_query_does_not_block (Fixture       *fixture,
                                gconstpointer  data)
{
  gint64 source_id = add_source (fixture, "Big", "sqlite", get_big_path ());
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *body = slow_query_body (source_id);
  Pending slow = { 0 };
  Pending health = { 0 };

  send_async (session, fixture, "POST", "query", body, &slow);
  iterate_until (&slow.written);
  /* Let the work reach its worker thread. */
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  send_async (session, fixture, "GET", "health", NULL, &health);
  iterate_until (&health.done);

  g_assert_cmpuint (soup_message_get_status (health.msg), ==, SOUP_STATUS_OK);
  g_test_message ("/health answered in %.1f ms while a full-table query ran",
                  (health.done_usec - health.sent_usec) / 1000.0);
  g_assert_false (slow.done);

  iterate_until (&slow.done);
  g_assert_cmpuint (soup_message_get_status (slow.msg), ==, SOUP_STATUS_OK);
  g_test_message ("The slow query answered after %.0f ms",
                  (slow.done_usec - slow.sent_usec) / 1000.0);
  g_assert_cmpint (health.done_usec, <, slow.done_usec);
  pending_clear (&slow);
  pending_clear (&health);
}

/* Sends @body as a POST to the query route on a raw connection, and hangs up. */
static GIOStream *
send_and_keep (Fixture    *fixture,
               const char *body)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (fixture->engine->discovery->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("POST /api/v1/query HTTP/1.1\r\nHost: %s\r\n"
                             "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\n\r\n%s",
                             g_uri_get_host (uri), fixture->viewer, strlen (body), body);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  return G_IO_STREAM (connection);
}

static void
test_client_disconnects (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 source_id = add_source (fixture, "Big", "sqlite", get_big_path ());
  g_autofree char *body = slow_query_body (source_id);
  g_autofree char *quick = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  GIOStream *streams[6];
  gint64 slow_usec;
  gint64 started;
  gint64 quick_usec;

  slow_usec = time_slow_query (fixture, source_id);

  /* More hung-up queries than worker threads: if their work went on, the next query
   * would wait for a thread as long as a slow query takes. */
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    streams[i] = send_and_keep (fixture, body);
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      g_io_stream_close (streams[i], NULL, NULL);
      g_object_unref (streams[i]);
    }

  quick = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                           " \"table\": \"products\"}}", fixture->demo_id);
  started = g_get_monotonic_time ();
  response = post_query (fixture, quick, SOUP_STATUS_OK);
  quick_usec = g_get_monotonic_time () - started;
  g_test_message ("After %u hang-ups a quick query took %.1f ms (a slow one %.0f ms)",
                  (guint) G_N_ELEMENTS (streams), quick_usec / 1000.0, slow_usec / 1000.0);
  g_assert_cmpint (quick_usec, <, slow_usec / 2);
}

static void
test_shutdown_cancels_work (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 source_id = add_source (fixture, "Big", "sqlite", get_big_path ());
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *body = slow_query_body (source_id);
  Pending slow = { 0 };
  gint64 slow_usec;
  gint64 started;
  int status;

  slow_usec = time_slow_query (fixture, source_id);
  send_async (session, fixture, "POST", "query", body, &slow);
  iterate_until (&slow.written);
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);

  started = g_get_monotonic_time ();
  status = bs_test_engine_stop (fixture->engine);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("Stopped in %.0f ms during a slow query",
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - started, <, slow_usec);

  iterate_until (&slow.done);
  g_test_message ("The slow query got %u", soup_message_get_status (slow.msg));
  g_assert_cmpuint (soup_message_get_status (slow.msg), !=, SOUP_STATUS_OK);
  pending_clear (&slow);

  /* The tear-down stops it again. */
  bs_test_engine_start (fixture->engine, NULL);
}

static void
test_health_of_sources (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *missing_path = g_build_filename (fixture->engine->tmp_dir, "gone.db", NULL);
  gint64 missing = add_source (fixture, "Gone", "sqlite", missing_path);
  g_autofree char *path = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *object;

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/health", fixture->demo_id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_nonnull (json_object_get_string_member (object, "message"));
  g_assert_cmpfloat (json_object_get_double_member (object, "elapsed_ms"), >=, 0);

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/health", missing);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_test_message ("%s", json_object_get_string_member (object, "message"));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "error");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "gone.db"));
  g_assert_true (json_object_get_null_member (object, "version"));
  /* Nothing was created by looking. */
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));

  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "GET", "datasources/999/health",
                                    fixture->viewer, NULL, SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
}

/* Prometheus */

/* Rows of (product, sum of the newest inventory over the regions): the fixture's figures. */
static void
assert_inventory_rows (BsPrometheusFixture *prometheus,
                       JsonArray           *rows)
{
  gint64 last = bs_prometheus_fixture_get_last_sample (prometheus);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      double expected = 0;
      guint p;

      for (p = 0; p < BS_PROMETHEUS_FIXTURE_N_PRODUCTS; p++)
        if (g_strcmp0 (bs_prometheus_fixture_products[p],
                       json_array_get_string_element (row, 0)) == 0)
          break;
      g_assert_cmpuint (p, <, BS_PROMETHEUS_FIXTURE_N_PRODUCTS);
      for (guint r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
        expected += bs_prometheus_fixture_inventory (p, r, last);
      g_assert_cmpfloat (json_array_get_double_element (row, 1), ==, expected);
    }
}

static void
test_prometheus (Fixture       *fixture,
                 gconstpointer  data)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;
  JsonArray *rows;
  gint64 id;
  gint64 refused_id;

  if (prometheus == NULL)
    return;

  id = add_source (fixture, "Shop metrics", "prometheus",
                   bs_prometheus_fixture_get_url (prometheus));

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/health", id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "version"), "2."));

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "metrics");

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema?metric=shop_inventory_units",
                          id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "labels");

  /* The newest value of each series, summed per product: the fixture's own figures. */
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"shop_inventory_units\", \"measure\": \"value\","
                          " \"column\": \"value\", \"aggregation\": \"sum\","
                          " \"split\": [\"product\"]}}", id);
  response = post_query (fixture, body, SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_test_message ("%s", json_object_get_string_member (object, "query"));
  g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "promql");
  rows = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, BS_PROMETHEUS_FIXTURE_N_PRODUCTS);
  assert_inventory_rows (prometheus, rows);

  /* Rows of a metric do not exist. */
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/shop_inventory_units/rows",
                          id);
  assert_bad_request (fixture, "GET", path, NULL, "prometheus");

  /* A server that is not there: 502 with a plain message. */
  refused_id = add_source (fixture, "Nobody", "prometheus", "http://127.0.0.1:9");
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"up\"}}", refused_id);
  response = post_query (fixture, body, SOUP_STATUS_BAD_GATEWAY);
  g_test_message ("%s", bs_test_response_assert_error (response, "bad_gateway"));
}

/* Raw PromQL and label values (what imported Grafana panels and variables ask) */

static char *
promql_path (gint64 id)
{
  return g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/promql", id);
}

static char *
label_values_path (gint64      id,
                   const char *label,
                   const char *match)
{
  g_autofree char *escaped_label = g_uri_escape_string (label, NULL, FALSE);
  g_autofree char *escaped_match = match != NULL ? g_uri_escape_string (match, NULL, FALSE)
                                                 : NULL;

  return g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/label-values?label=%s%s%s", id,
                          escaped_label, match != NULL ? "&match=" : "",
                          match != NULL ? escaped_match : "");
}

/* Every body the route refuses before it looks at the source, with a word of its message. */
static void
test_promql_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = promql_path (fixture->demo_id);
  g_autofree char *long_expr = g_strnfill (64 * 1024 + 1, 'a');
  g_autofree char *long_body = g_strdup_printf ("{\"expr\": \"%s\"}", long_expr);
  static const struct
  {
    const char *body;
    const char *needle;
  } cases[] = {
    { "{}", "“expr” is missing" },
    { "{\"expr\": 3}", "“expr” must be a string" },
    { "{\"expr\": null}", "“expr” must be a string" },
    { "{\"expr\": \" \\n \"}", "“expr” is empty" },
    { "{\"expr\": \"up\", \"time\": \"now\"}", "“time” must be a number" },
    { "{\"expr\": \"up\", \"time\": 1e20}", "“time” must be a unix time" },
    { "{\"expr\": \"up\", \"start\": \"0\", \"end\": 60, \"step\": 15}",
      "“start” must be a number" },
    { "{\"expr\": \"up\", \"start\": 0, \"end\": true, \"step\": 15}",
      "“end” must be a number" },
    { "{\"expr\": \"up\", \"start\": 0, \"end\": 60, \"step\": \"15s\"}",
      "“step” must be a number" },
    { "{\"expr\": \"up\", \"start\": 0, \"step\": 15}", "“end” is missing" },
    { "{\"expr\": \"up\", \"end\": 60, \"step\": 15}", "“start” is missing" },
    { "{\"expr\": \"up\", \"start\": 0, \"end\": 60}", "“step” is missing" },
    { "{\"expr\": \"up\", \"start\": 60, \"end\": 0, \"step\": 15}",
      "“end” must not be before “start”" },
    { "{\"expr\": \"up\", \"start\": 0, \"end\": 60, \"step\": 0}",
      "“step” must be a number of seconds greater than 0" },
    { "{\"expr\": \"up\", \"start\": 0, \"end\": 60, \"step\": -15}",
      "“step” must be a number of seconds greater than 0" },
    /* 11,001 points; 11,000 are allowed (below, on a real server). */
    { "{\"expr\": \"up\", \"start\": 0, \"end\": 11000, \"step\": 1}",
      "larger “step” (at least 2 seconds)" },
    { "{\"expr\": \"up\", \"time\": 5, \"start\": 0, \"end\": 60, \"step\": 15}",
      "either “time”" },
    { "{\"expr\": \"up\", \"limit\": 0}", "“limit”" },
    { "{\"expr\": \"up\", \"limit\": 100001}", "“limit”" },
    { "{\"expr\": \"up\", \"limit\": 2.5}", "“limit”" },
  };
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *csv_dir = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_bad_request (fixture, "POST", path, cases[i].body, cases[i].needle);
  assert_bad_request (fixture, "POST", path, long_body, "64 KiB");

  /* The demo is a SQLite file: PromQL does not run there. */
  assert_bad_request (fixture, "POST", path, "{\"expr\": \"up\"}",
                      "is not Prometheus: PromQL runs only on a Prometheus source");

  response = bs_test_engine_expect (fixture->engine, "POST", "datasources/999/promql",
                                    fixture->viewer, "{\"expr\": \"up\"}",
                                    SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "POST", path, NULL, "{\"expr\": \"up\"}",
                                    SOUP_STATUS_UNAUTHORIZED);
  bs_test_response_assert_error (response, "unauthorized");
}

static void
test_label_values_invalid (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *missing = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/label-values",
                                              fixture->demo_id);
  static const char * const bad_labels[] = { "", "1st", "a-b", "../status", "région" };
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *unknown = label_values_path (999, "region", NULL);
  g_autofree char *demo = label_values_path (fixture->demo_id, "region", NULL);

  assert_bad_request (fixture, "GET", missing, NULL, "“label” is missing");
  for (guint i = 0; i < G_N_ELEMENTS (bad_labels); i++)
    {
      g_autofree char *path = label_values_path (fixture->demo_id, bad_labels[i], NULL);

      assert_bad_request (fixture, "GET", path, NULL, "“label” must be a label name");
    }
  assert_bad_request (fixture, "GET", demo, NULL,
                      "is not Prometheus: label values come only from a Prometheus source");

  response = bs_test_engine_expect (fixture->engine, "GET", unknown, fixture->viewer, NULL,
                                    SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
}

static double
inventory_total (BsPrometheusFixture *prometheus,
                 guint                region,
                 gint64               t)
{
  double total = 0;

  for (guint p = 0; p < BS_PROMETHEUS_FIXTURE_N_PRODUCTS; p++)
    for (guint r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
      if (region == G_MAXUINT || region == r)
        total += bs_prometheus_fixture_inventory (p, r, t);
  return total;
}

static char *
frame_columns (JsonObject *frame)
{
  JsonArray *columns = json_object_get_array_member (frame, "columns");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_string_append_printf (text, "%s%s:%s", i > 0 ? "," : "",
                              json_object_get_string_member (column, "name"),
                              json_object_get_string_member (column, "type"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_promql_frame (JsonObject *frame,
                     const char *expr,
                     const char *columns,
                     guint       n_rows,
                     gboolean    truncated)
{
  g_autofree char *found = frame_columns (frame);

  g_assert_cmpstr (found, ==, columns);
  g_assert_cmpstr (json_object_get_string_member (frame, "query"), ==, expr);
  g_assert_cmpstr (json_object_get_string_member (frame, "language"), ==, "promql");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (frame, "rows")), ==,
                    n_rows);
  g_assert_cmpint (json_object_get_boolean_member (frame, "truncated"), ==, truncated);
  g_assert_cmpfloat (json_object_get_double_member (frame, "elapsed_ms"), >, 0);
}

static void
test_promql (Fixture       *fixture,
             gconstpointer  data)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dead_path = NULL;
  g_autofree char *body = NULL;
  JsonObject *frame;
  JsonArray *rows;
  gint64 last;

  if (prometheus == NULL)
    return;
  last = bs_prometheus_fixture_get_last_sample (prometheus);
  path = promql_path (add_source (fixture, "Shop metrics", "prometheus",
                                  bs_prometheus_fixture_get_url (prometheus)));

  /* A range: every minute of the last ten, each point the fixture's sum at that minute. */
  body = g_strdup_printf ("{\"expr\": \"sum(shop_inventory_units)\", \"start\": %"
                          G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT ", \"step\": 60}",
                          last - 600, last);
  response = bs_test_engine_expect (fixture->engine, "POST", path, fixture->viewer, body,
                                    SOUP_STATUS_OK);
  frame = bs_test_response_get_object (response);
  assert_promql_frame (frame, "sum(shop_inventory_units)", "time:time,value:number", 11, FALSE);
  rows = json_object_get_array_member (frame, "rows");
  for (guint i = 0; i < 11; i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (last - 600 + 60 * i);
      g_autofree char *expected = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

      g_assert_cmpstr (json_array_get_string_element (row, 0), ==, expected);
      g_assert_cmpfloat (json_array_get_double_element (row, 1), ==,
                         inventory_total (prometheus, G_MAXUINT, last - 600 + 60 * i));
    }

  /* An instant: one row per region, the hostile one as written. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"expr\": \"sum by (region) (shop_inventory_units)\", \"time\": %"
                          G_GINT64_FORMAT "}", last - 60);
  response = bs_test_engine_expect (fixture->engine, "POST", path, fixture->viewer, body,
                                    SOUP_STATUS_OK);
  frame = bs_test_response_get_object (response);
  assert_promql_frame (frame, "sum by (region) (shop_inventory_units)",
                       "region:text,value:number", BS_PROMETHEUS_FIXTURE_N_REGIONS, FALSE);
  rows = json_object_get_array_member (frame, "rows");
  for (guint r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      g_assert_cmpstr (json_array_get_string_element (row, 0), ==,
                       bs_prometheus_fixture_regions[r]);
      g_assert_cmpfloat (json_array_get_double_element (row, 1), ==,
                         inventory_total (prometheus, r, last - 60));
    }

  /* Without "time": now, which is the newest sample's minute. */
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "POST", path, fixture->viewer,
                                    "{\"expr\": \"sum(shop_inventory_units)\"}", SOUP_STATUS_OK);
  frame = bs_test_response_get_object (response);
  assert_promql_frame (frame, "sum(shop_inventory_units)", "value:number", 1, FALSE);
  rows = json_object_get_array_member (frame, "rows");
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (rows, 0), 0),
                     ==, inventory_total (prometheus, G_MAXUINT, last));

  /* The most points Prometheus takes, cut to the default limit of 10,000 rows. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"expr\": \"sum(shop_inventory_units)\", \"start\": %"
                          G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT ", \"step\": 1}",
                          last - 10999, last);
  response = bs_test_engine_expect (fixture->engine, "POST", path, fixture->viewer, body,
                                    SOUP_STATUS_OK);
  assert_promql_frame (bs_test_response_get_object (response), "sum(shop_inventory_units)",
                       "time:time,value:number", 10000, TRUE);

  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"expr\": \"shop_inventory_units\", \"time\": %" G_GINT64_FORMAT
                          ", \"limit\": 2}", last);
  response = bs_test_engine_expect (fixture->engine, "POST", path, fixture->viewer, body,
                                    SOUP_STATUS_OK);
  assert_promql_frame (bs_test_response_get_object (response), "shop_inventory_units",
                       "__name__:text,product:text,region:text,value:number", 2, TRUE);

  /* Prometheus's own words for an expression it cannot parse. */
  assert_bad_request (fixture, "POST", path, "{\"expr\": \"sum(rate(up[5m])\"}",
                      "unclosed left parenthesis");

  dead_path = promql_path (add_source (fixture, "Nobody", "prometheus", "http://127.0.0.1:9"));
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "POST", dead_path, fixture->viewer,
                                    "{\"expr\": \"up\"}", SOUP_STATUS_BAD_GATEWAY);
  g_test_message ("%s", bs_test_response_assert_error (response, "bad_gateway"));
}

static void
assert_values (JsonObject         *answer,
               const char         *label,
               const char * const *expected,
               guint               n)
{
  JsonArray *values = json_object_get_array_member (answer, "values");

  g_assert_cmpstr (json_object_get_string_member (answer, "label"), ==, label);
  g_assert_false (json_object_get_boolean_member (answer, "truncated"));
  g_assert_cmpuint (json_array_get_length (values), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (values, i), ==, expected[i]);
}

static void
test_label_values (Fixture       *fixture,
                   gconstpointer  data)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  static const char * const cheese[] = { "cheese" };
  const char *hostile = "shop_inventory_units{region=\"west \\\"old\\\" \\\\ town\","
                        "product=\"cheese\"}";
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  if (prometheus == NULL)
    return;
  id = add_source (fixture, "Shop metrics", "prometheus",
                   bs_prometheus_fixture_get_url (prometheus));

  path = label_values_path (id, "region", NULL);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  assert_values (bs_test_response_get_object (response), "region",
                 bs_prometheus_fixture_regions, BS_PROMETHEUS_FIXTURE_N_REGIONS);

  /* The selector goes to Prometheus as written: its escaped quotes and backslash match. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = label_values_path (id, "product", hostile);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  assert_values (bs_test_response_get_object (response), "product", cheese, 1);

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = label_values_path (id, "region", hostile);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  assert_values (bs_test_response_get_object (response), "region",
                 &bs_prometheus_fixture_regions[2], 1);

  /* An empty match is no match, as a variable that is not set leaves it. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = label_values_path (id, "region", "");
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  assert_values (bs_test_response_get_object (response), "region",
                 bs_prometheus_fixture_regions, BS_PROMETHEUS_FIXTURE_N_REGIONS);

  g_free (path);
  path = label_values_path (id, "region", "{region=}");
  assert_bad_request (fixture, "GET", path, NULL, "parse error");

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = label_values_path (add_source (fixture, "Nobody", "prometheus", "http://127.0.0.1:9"),
                            "region", NULL);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_BAD_GATEWAY);
  g_test_message ("%s", bs_test_response_assert_error (response, "bad_gateway"));
}

/* Grafana, through the test double with the Prometheus fixture behind it */

#define GRAFANA_ADMIN_TOKEN "glsa_Adm1nT0kenSecretSecretSecret12_4f1c2a9b"
#define GRAFANA_WRONG_TOKEN "glsa_Wr0ngT0kenSecretSecretSecret78_deadbeef"

typedef struct
{
  char        *dir;
  GSubprocess *process;
  char        *url;
} GrafanaDouble;

static void
grafana_double_stop (GrafanaDouble *self)
{
  g_subprocess_send_signal (self->process, SIGTERM);
  g_assert_true (g_subprocess_wait (self->process, NULL, NULL));
  g_object_unref (self->process);
  bs_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GrafanaDouble, grafana_double_stop)

static GrafanaDouble *
grafana_double_start (BsTestEngine *engine,
                      const char   *prometheus_url)
{
  GrafanaDouble *self = g_new0 (GrafanaDouble, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *state = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *python = g_getenv ("GRAFANA_DOUBLE_PYTHON");
  const char *script = g_getenv ("GRAFANA_DOUBLE");

  g_assert_nonnull (python);
  g_assert_nonnull (script);
  self->dir = bs_test_make_tmp_dir ();
  state_path = g_build_filename (self->dir, "state.json", NULL);
  state = g_strdup_printf ("{\"version\": \"11.3.0\", \"org\": {\"id\": 1, \"name\": \"Shop\"},"
                           " \"tokens\": [{\"token\": \"" GRAFANA_ADMIN_TOKEN "\","
                           " \"role\": \"Admin\"}],"
                           " \"datasources\": [{\"uid\": \"prom-main\", \"name\": \"Shop"
                           " Prometheus\", \"type\": \"prometheus\", \"url\": \"%s\"}]}",
                           prometheus_url);
  g_assert_true (g_file_set_contents (state_path, state, -1, &error));

  /* The engine's launcher: the double dies with this test, even on a failed assertion. */
  launcher = bs_test_engine_launcher (engine, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process = g_subprocess_launcher_spawn (launcher, &error, python, script,
                                               "--state", state_path, "--port", "0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  self->url = g_strdup_printf ("http://127.0.0.1:%s/", line);
  return self;
}

static void
test_grafana_listing (Fixture       *fixture,
                      gconstpointer  data)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autoptr(GrafanaDouble) grafana = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *editor = NULL;
  g_autofree char *body = NULL;
  const char *message;
  JsonArray *items;
  JsonObject *item;

  if (prometheus == NULL)
    return;
  grafana = grafana_double_start (fixture->engine, bs_prometheus_fixture_get_url (prometheus));
  editor = bs_test_engine_create_token (fixture->engine, "editor", "editor", NULL);

  body = g_strdup_printf ("{\"url\": \"%s\", \"token\": \"" GRAFANA_ADMIN_TOKEN "\"}",
                          grafana->url);
  response = bs_test_engine_expect (fixture->engine, "POST", "grafana/datasources", editor,
                                    body, SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "uid"), ==, "prom-main");
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "Shop Prometheus");
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "prometheus");

  /* Listing is for editors, who add sources. */
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "POST", "grafana/datasources",
                                    fixture->viewer, body, SOUP_STATUS_FORBIDDEN);
  bs_test_response_assert_error (response, "forbidden");

  /* A token Grafana refuses: 502, in plain words, without the token. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"url\": \"%s\", \"token\": \"" GRAFANA_WRONG_TOKEN "\"}",
                          grafana->url);
  response = bs_test_engine_expect (fixture->engine, "POST", "grafana/datasources", editor,
                                    body, SOUP_STATUS_BAD_GATEWAY);
  message = bs_test_response_assert_error (response, "bad_gateway");
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "token"));
  g_assert_null (strstr (message, GRAFANA_WRONG_TOKEN));

  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (fixture->engine, "POST", "grafana/datasources", editor,
                                    "{\"url\": \"ftp://example.com\", \"token\": \"x\"}",
                                    SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (bs_test_response_assert_error (response, "bad_request"), "url"));
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"url\": \"%s\"}", grafana->url);
  response = bs_test_engine_expect (fixture->engine, "POST", "grafana/datasources", editor,
                                    body, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (bs_test_response_assert_error (response, "bad_request"), "token"));
}

static void
test_grafana_source (Fixture       *fixture,
                     gconstpointer  data)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autofree char *workspace = g_build_filename (fixture->engine->data_dir, "workspace.db", NULL);
  g_autoptr(GrafanaDouble) grafana = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(BsDataSource) tokenless = NULL;
  g_autoptr(BsSecretStore) secrets = NULL;
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;
  JsonArray *rows;

  if (prometheus == NULL)
    return;
  grafana = grafana_double_start (fixture->engine, bs_prometheus_fixture_get_url (prometheus));

  json_object_set_string_member (settings, "url", grafana->url);
  json_object_set_string_member (settings, "datasource_uid", "prom-main");
  json_object_set_string_member (settings, "datasource_type", "prometheus");
  store = bs_store_open (workspace, &error);
  g_assert_no_error (error);
  source = bs_data_source_add_with_settings (store, "Shop Grafana", "grafana", settings, FALSE,
                                             &error);
  g_assert_no_error (error);
  tokenless = bs_data_source_add_with_settings (store, "No token", "grafana", settings, FALSE,
                                                &error);
  g_assert_no_error (error);
  /* The token goes where the engine keeps secrets (its file store, in these tests). */
  secrets = bs_secret_store_new_for_file (fixture->engine->discovery->token_file);
  key = bs_data_source_secret_key (source->id);
  g_assert_true (bs_test_secret_store (secrets, key, GRAFANA_ADMIN_TOKEN, &error));
  g_assert_no_error (error);

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/health", source->id);
  response = bs_test_engine_request (fixture->engine, "GET", path, fixture->viewer, NULL);
  if (response->status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_test_skip (bs_test_response_assert_error (response, "unavailable"));
      return;
    }
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "11.3.0");

  g_clear_pointer (&response, bs_test_response_free);
  g_free (path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", source->id);
  response = bs_test_engine_expect (fixture->engine, "GET", path, fixture->viewer, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (response),
                                                  "kind"), ==, "metrics");

  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"shop_inventory_units\", \"measure\": \"value\","
                          " \"column\": \"value\", \"aggregation\": \"sum\","
                          " \"split\": [\"product\"]}}", source->id);
  response = post_query (fixture, body, SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "promql");
  rows = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, BS_PROMETHEUS_FIXTURE_N_PRODUCTS);
  assert_inventory_rows (prometheus, rows);

  /* Without its token, the source says what to fix. */
  g_clear_pointer (&response, bs_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"shop_inventory_units\"}}", tokenless->id);
  assert_bad_request (fixture, "POST", "query", body, "token");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/bs/engine-query/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("demo-sum-per-product", test_demo_sum_per_product);
  ADD ("schema", test_schema);
  ADD ("rows", test_rows);
  ADD ("invalid-queries", test_invalid_queries);
  ADD ("hostile-names", test_hostile_names);
  ADD ("health-of-sources", test_health_of_sources);
  ADD ("time-index", test_time_index);
  ADD ("csv-source", test_csv_source);
  ADD ("slow-query-does-not-block", test_slow_query_does_not_block);
  ADD ("client-disconnects", test_client_disconnects);
  ADD ("shutdown-cancels-work", test_shutdown_cancels_work);
  ADD ("prometheus", test_prometheus);
  ADD ("promql-invalid", test_promql_invalid);
  ADD ("label-values-invalid", test_label_values_invalid);
  ADD ("promql", test_promql);
  ADD ("label-values", test_label_values);
  ADD ("grafana-listing", test_grafana_listing);
  ADD ("grafana-source", test_grafana_source);
#undef ADD

  status = g_test_run ();
  bs_prometheus_fixture_free_shared ();
  if (big_dir != NULL)
    bs_test_remove_tree (big_dir);
  g_free (big_dir);
  g_free (big_path);
  return status;
}
