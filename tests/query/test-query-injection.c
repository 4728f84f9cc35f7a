#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-query-sql.h"
#include "query-test-util.h"

#define NOW "2026-11-24T12:00:00Z"

/* A name that reads as SQL at every quoting level a careless renderer might use. */
#define WEIRD_TABLE "we\"ird'; DROP TABLE victim; --) UNION SELECT * FROM victim --"
#define WEIRD_COLUMN "col\"; DELETE FROM victim; --"
#define WEIRD_TIME "at') UNION SELECT secret FROM victim --"

static const char * const hostile[] = {
  "events\"; DROP TABLE victim; --",
  "events' OR '1'='1",
  "events) UNION SELECT secret FROM victim --",
  "events;",
  "\"events\"",
  "events --",
  "events\" UNION SELECT secret, secret FROM victim WHERE \"1\"=\"1",
  "*",
  "1) OR (1=1",
  "victim\"--",
  "sqlite_schema",
  "bs_hidden",
  "",
};

typedef struct
{
  char    *dir;
  sqlite3 *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = demo_test_make_dir ();
  fixture->db = query_test_create (fixture->dir, "hostile.db");
  query_test_exec (fixture->db,
                   "CREATE TABLE victim (secret TEXT);"
                   "INSERT INTO victim VALUES ('one'), ('two'), ('three');"
                   "CREATE TABLE bs_hidden (secret TEXT);"
                   "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT, product TEXT,"
                   " qty INTEGER, note TEXT);"
                   "INSERT INTO events VALUES"
                   " (1, '2026-11-24 11:00:00', 'p1', 5, 'plain'),"
                   " (2, '2026-11-24 10:00:00', 'p2', 7, ''' OR ''1''=''1'),"
                   " (3, '2026-11-23 10:00:00', 'p1', 11, 'x\"); DROP TABLE victim; --'),"
                   " (4, '2026-11-22 10:00:00', 'p3', 13, '50%');"
                   "CREATE TABLE \"we\"\"ird'; DROP TABLE victim; --) UNION SELECT * FROM victim"
                   " --\" (id INTEGER PRIMARY KEY, \"col\"\"; DELETE FROM victim; --\" TEXT,"
                   " \"at') UNION SELECT secret FROM victim --\" TEXT, v INTEGER);"
                   "INSERT INTO \"we\"\"ird'; DROP TABLE victim; --) UNION SELECT * FROM victim"
                   " --\" VALUES (1, 'a', '2026-11-24 11:30:00', 2),"
                   " (2, 'a', '2026-11-24 09:30:00', 3), (3, 'b', '2026-11-20 09:30:00', 100);");
}

static void
assert_intact (sqlite3 *db)
{
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM victim"), ==, 3);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM events"), ==, 4);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 4);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_intact (fixture->db);
  sqlite3_close (fixture->db);
  demo_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static void
assert_refused (sqlite3    *db,
                BsQuery    *query,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = query_test_try (db, query, NOW, &error);

  g_assert_null (frame);
  g_assert_error (error, BS_QUERY_ERROR, code);
  /* A message names what was asked for, cut to a readable length. */
  g_assert_cmpuint (strlen (error->message), <, 1000);
  assert_intact (db);
}

static void
test_unknown_tables (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (1 << 20, 'e');

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(BsQuery) query = bs_query_new (0, hostile[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) rows = NULL;

      g_test_message ("table %s", hostile[i]);
      assert_refused (fixture->db, query,
                      *hostile[i] == '\0' ? BS_QUERY_ERROR_INVALID
                                          : BS_QUERY_ERROR_UNKNOWN_TABLE);
      if (*hostile[i] == '\0')
        continue;
      rows = bs_query_sql_preview_rows (fixture->db, hostile[i], 10, 0, &error);
      g_assert_null (rows);
      g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
      g_clear_error (&error);
      g_assert_false (bs_query_sql_ensure_time_index (fixture->db, hostile[i], "at", &error));
      g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
    }

  {
    g_autoptr(BsQuery) query = bs_query_new (0, long_name);

    assert_refused (fixture->db, query, BS_QUERY_ERROR_UNKNOWN_TABLE);
  }
}

static void
test_unknown_columns (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (1 << 20, 'q');

  for (guint i = 0; i <= G_N_ELEMENTS (hostile); i++)
    {
      const char *name = i < G_N_ELEMENTS (hostile) ? hostile[i] : long_name;
      g_autoptr(BsQuery) measure = bs_query_new (0, "events");
      g_autoptr(BsQuery) split = bs_query_new (0, "events");
      g_autoptr(BsQuery) filter = bs_query_new (0, "events");
      g_autoptr(BsQuery) time = bs_query_new (0, "events");
      int code = *name == '\0' ? BS_QUERY_ERROR_INVALID : BS_QUERY_ERROR_UNKNOWN_COLUMN;
      g_autoptr(GError) error = NULL;

      bs_query_set_measure (measure, BS_QUERY_MEASURE_VALUE, name);
      assert_refused (fixture->db, measure, code);
      bs_query_add_split (split, "product");
      bs_query_add_split (split, name);
      assert_refused (fixture->db, split, code);
      bs_query_add_filter_text (filter, name, BS_QUERY_OPERATOR_EQUAL, "p1");
      assert_refused (fixture->db, filter, code);
      bs_query_set_time (time, name, BS_QUERY_RANGE_LAST_DAYS, 1);
      assert_refused (fixture->db, time, code);
      if (*name != '\0')
        {
          g_assert_false (bs_query_sql_ensure_time_index (fixture->db, "events", name, &error));
          g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN);
        }
    }
}

static gint64
count_where (sqlite3         *db,
             BsQueryOperator  op,
             const char      *value)
{
  g_autoptr(BsQuery) query = bs_query_new (0, "events");
  g_autoptr(JsonNode) frame = NULL;
  const char *text;

  bs_query_add_filter_text (query, "note", op, value);
  frame = query_test_run (db, query, NOW, NULL, 0);
  /* The value went in as a parameter, never into the statement. */
  text = json_object_get_string_member (json_node_get_object (frame), "query");
  if (strlen (value) > 3)
    g_assert_null (strstr (text, value));
  g_assert_cmpuint (query_test_n_rows (frame), ==, 1);
  return json_array_get_int_element (query_test_row (frame, 0), 0);
}

static void
test_hostile_values (Fixture       *fixture,
                     gconstpointer  data)
{
  sqlite3 *db = fixture->db;
  g_autofree char *long_value = g_strnfill (1 << 20, 'x');

  /* Each matches exactly the rows that hold it, and no more. */
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_EQUAL, "' OR '1'='1"), ==, 1);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_EQUAL, "x\"); DROP TABLE victim; --"), ==,
                   1);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_EQUAL, "' OR 1=1 --"), ==, 0);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_EQUAL, "plain') UNION SELECT secret FROM"
                                                             " victim --"), ==, 0);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_NOT_EQUAL, "' OR '1'='1"), ==, 3);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_LESS, "'; SELECT 1; --"), ==, 1);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_CONTAINS, "%"), ==, 1);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_CONTAINS, "' OR '"), ==, 1);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_STARTS_WITH, "%'; --"), ==, 0);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_EQUAL, long_value), ==, 0);
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_CONTAINS, long_value), ==, 0);
  query_test_exec (db, "UPDATE events SET note = printf ('%.*c', 1048576, 'x') WHERE id = 1");
  g_assert_cmpint (count_where (db, BS_QUERY_OPERATOR_EQUAL, long_value), ==, 1);
  query_test_exec (db, "UPDATE events SET note = 'plain' WHERE id = 1");
}

/* A table and columns whose real names are made of quotes, semicolons and SQL still work,
 * and read only their own rows. */
static void
test_weird_names_work (Fixture       *fixture,
                       gconstpointer  data)
{
  sqlite3 *db = fixture->db;
  g_autoptr(BsQuery) query = bs_query_new (0, WEIRD_TABLE);
  g_autoptr(BsQuery) last = bs_query_new (0, WEIRD_TABLE);
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) last_frame = NULL;
  g_autoptr(JsonNode) preview = NULL;
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *schema_text = NULL;
  JsonArray *row;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "v");
  bs_query_add_split (query, WEIRD_COLUMN);
  bs_query_add_filter_text (query, WEIRD_COLUMN, BS_QUERY_OPERATOR_NOT_EQUAL, "zzz");
  bs_query_set_time (query, WEIRD_TIME, BS_QUERY_RANGE_LAST_HOURS, 24);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  frame = query_test_run (db, query, NOW, NULL, 0);
  columns = query_test_columns (frame);
  g_assert_cmpstr (columns, ==, "bucket:time," WEIRD_COLUMN ":text,value:integer");
  g_assert_cmpuint (query_test_n_rows (frame), ==, 2);
  row = query_test_row (frame, 0);
  g_assert_cmpstr (json_array_get_string_element (row, 0), ==, "2026-11-24T09:00:00Z");
  g_assert_cmpstr (json_array_get_string_element (row, 1), ==, "a");
  g_assert_cmpint (json_array_get_int_element (row, 2), ==, 3);
  row = query_test_row (frame, 1);
  g_assert_cmpstr (json_array_get_string_element (row, 0), ==, "2026-11-24T11:00:00Z");
  g_assert_cmpint (json_array_get_int_element (row, 2), ==, 2);

  bs_query_set_measure (last, BS_QUERY_MEASURE_VALUE, "V");
  last->aggregation = BS_QUERY_AGGREGATION_LAST;
  bs_query_add_split (last, WEIRD_COLUMN);
  bs_query_set_time (last, WEIRD_TIME, BS_QUERY_RANGE_NONE, 0);
  g_assert_true (bs_query_sql_ensure_time_index (db, WEIRD_TABLE, WEIRD_TIME, &error));
  g_assert_no_error (error);
  last_frame = query_test_run (db, last, NOW, NULL, 0);
  g_assert_cmpuint (query_test_n_rows (last_frame), ==, 2);
  g_assert_cmpint (json_array_get_int_element (query_test_row (last_frame, 0), 1), ==, 2);
  g_assert_cmpint (json_array_get_int_element (query_test_row (last_frame, 1), 1), ==, 100);

  /* With an index on (split, time) the seeking shape runs, on the same names. */
  query_test_exec (db, "CREATE INDEX bs_weird_split ON \"we\"\"ird'; DROP TABLE victim; --)"
                       " UNION SELECT * FROM victim --\" (\"col\"\"; DELETE FROM victim; --\","
                       " \"at') UNION SELECT secret FROM victim --\")");
  g_clear_pointer (&last_frame, json_node_unref);
  last_frame = query_test_run (db, last, NOW, NULL, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (last_frame),
                                                           "query"), "bs_keys"));
  g_assert_cmpuint (query_test_n_rows (last_frame), ==, 2);
  g_assert_cmpint (json_array_get_int_element (query_test_row (last_frame, 0), 1), ==, 2);
  g_assert_cmpint (json_array_get_int_element (query_test_row (last_frame, 1), 1), ==, 100);
  query_test_exec (db, "DROP INDEX bs_weird_split");

  preview = bs_query_sql_preview_rows (db, WEIRD_TABLE, 10, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (query_test_n_rows (preview), ==, 3);

  schema = bs_query_sql_describe (db, &error);
  g_assert_no_error (error);
  schema_text = query_test_to_string (schema);
  g_assert_nonnull (strstr (schema_text, "DROP TABLE victim"));
  g_assert_null (strstr (schema_text, "bs_hidden"));

  /* The time index counts in the schema that assert_intact () checks: drop it again. */
  {
    g_autofree char *name = demo_test_text (db, "SELECT name FROM sqlite_schema WHERE"
                                                " type = 'index' AND name LIKE 'bs\\_time\\_%'"
                                                " ESCAPE '\\'");
    g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", name);

    query_test_exec (db, drop);
  }
}

static BsQuery *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  return bs_query_from_json (json_parser_get_root (parser), error);
}

/* JSON cannot carry a NUL into a C string: json-glib ends the string there. What is left
 * is an ordinary name, looked up like any other. */
static void
test_nul_bytes (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) cut = parse ("{\"table\": \"ev\\u0000ents\"}", &error);
  g_autoptr(BsQuery) tail = NULL;
  g_autoptr(BsQuery) column = NULL;
  g_autoptr(JsonNode) frame = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (cut->table), ==, 2);
  assert_refused (fixture->db, cut, BS_QUERY_ERROR_UNKNOWN_TABLE);

  tail = parse ("{\"table\": \"events\\u0000\\\" UNION SELECT secret FROM victim --\"}", &error);
  g_assert_no_error (error);
  frame = query_test_run (fixture->db, tail, NOW, NULL, 0);
  g_assert_cmpuint (query_test_n_rows (frame), ==, 1);
  g_assert_cmpint (json_array_get_int_element (query_test_row (frame, 0), 0), ==, 4);

  column = parse ("{\"table\": \"events\", \"split\": [\"pro\\u0000duct\"]}", &error);
  g_assert_no_error (error);
  assert_refused (fixture->db, column, BS_QUERY_ERROR_UNKNOWN_COLUMN);
}

static void
test_invalid_utf8 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) from_text = parse ("{\"table\": \"ev\xff\xfe\"}", &error);
  g_autoptr(BsQuery) table = bs_query_new (0, "events\xc0\xaf");
  g_autoptr(BsQuery) value = bs_query_new (0, "events");
  g_autoptr(BsQuery) split = bs_query_new (0, "events");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(BsQuery) from_node = NULL;

  /* The JSON parser refuses it before a query exists. */
  g_assert_null (from_text);
  g_assert_nonnull (error);
  g_clear_error (&error);

  assert_refused (fixture->db, table, BS_QUERY_ERROR_INVALID);
  bs_query_add_filter_text (value, "note", BS_QUERY_OPERATOR_EQUAL, "plain\xed\xa0\x80");
  assert_refused (fixture->db, value, BS_QUERY_ERROR_INVALID);
  bs_query_add_split (split, "product\x80");
  assert_refused (fixture->db, split, BS_QUERY_ERROR_INVALID);

  /* A node built in code may hold any bytes; from_json still checks them. */
  json_object_set_string_member (object, "table", "events\xff");
  json_node_set_object (node, object);
  from_node = bs_query_from_json (node, &error);
  g_assert_null (from_node);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (bs_query_sql_preview_rows (fixture->db, "events\xff", 1, 0, &error));
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE);
  g_clear_error (&error);
  g_assert_false (bs_query_sql_ensure_time_index (fixture->db, "events", "at\xff", &error));
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/bs/query-injection/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("unknown-tables", test_unknown_tables);
  ADD ("unknown-columns", test_unknown_columns);
  ADD ("hostile-values", test_hostile_values);
  ADD ("weird-names-work", test_weird_names_work);
  ADD ("nul-bytes", test_nul_bytes);
  ADD ("invalid-utf8", test_invalid_utf8);
#undef ADD
  return g_test_run ();
}
