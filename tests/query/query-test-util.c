#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <math.h>

#include "query-test-util.h"

sqlite3 *
query_test_create (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                    NULL), ==, SQLITE_OK);
  return db;
}

void
query_test_exec (sqlite3    *db,
                 const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

JsonNode *
query_test_try (sqlite3        *db,
                const BsQuery  *query,
                const char     *now_iso,
                GError        **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, utc);
  g_autoptr(BsQuerySql) sql = NULL;

  g_assert_nonnull (now);
  if (!bs_query_sql_render (query, db, utc, now, &sql, error))
    return NULL;
  return bs_query_sql_execute (sql, db, 0, error);
}

JsonNode *
query_test_run (sqlite3       *db,
                const BsQuery *query,
                const char    *now_iso,
                GTimeZone     *tz,
                guint          row_limit)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, utc);
  g_autoptr(BsQuerySql) sql = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *frame;

  g_assert_nonnull (now);
  bs_query_sql_render (query, db, tz != NULL ? tz : utc, now, &sql, &error);
  g_assert_no_error (error);
  frame = bs_query_sql_execute (sql, db, row_limit, &error);
  g_assert_no_error (error);
  g_test_message ("%s", bs_query_sql_get_text (sql));
  return frame;
}

guint
query_test_n_rows (JsonNode *frame)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (frame),
                                                              "rows"));
}

JsonArray *
query_test_row (JsonNode *frame,
                guint     i)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (frame), "rows");

  return json_array_get_array_element (rows, i);
}

char *
query_test_columns (JsonNode *frame)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (frame), "columns");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_string_append_printf (out, "%s%s:%s", i > 0 ? "," : "",
                              json_object_get_string_member (column, "name"),
                              json_object_get_string_member (column, "type"));
    }
  return g_string_free (out, FALSE);
}

char *
query_test_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
assert_cell (JsonNode     *cell,
             sqlite3_stmt *stmt,
             int           i,
             guint         row)
{
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_NULL:
      if (!JSON_NODE_HOLDS_NULL (cell))
        g_error ("row %u column %d: expected null", row, i);
      break;
    case SQLITE_INTEGER:
      g_assert_true (JSON_NODE_HOLDS_VALUE (cell));
      g_assert_cmpint (json_node_get_value_type (cell), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (cell), ==, sqlite3_column_int64 (stmt, i));
      break;
    case SQLITE_FLOAT:
      {
        double expected = sqlite3_column_double (stmt, i);

        g_assert_true (JSON_NODE_HOLDS_VALUE (cell));
        g_assert_cmpfloat_with_epsilon (json_node_get_double (cell), expected,
                                        1e-9 * MAX (1.0, fabs (expected)));
      }
      break;
    case SQLITE_TEXT:
    default:
      g_assert_true (JSON_NODE_HOLDS_VALUE (cell));
      g_assert_cmpstr (json_node_get_string (cell), ==,
                       (const char *) sqlite3_column_text (stmt, i));
      break;
    }
}

void
query_test_assert_rows (sqlite3    *db,
                        JsonNode   *frame,
                        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonArray *row;

      g_assert_cmpuint (n, <, query_test_n_rows (frame));
      row = query_test_row (frame, n);
      g_assert_cmpint (json_array_get_length (row), ==, sqlite3_column_count (stmt));
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        assert_cell (json_array_get_element (row, i), stmt, i, n);
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, query_test_n_rows (frame));
}
