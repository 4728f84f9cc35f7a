#define G_LOG_DOMAIN "bs-sqlite-tables"

#include "config.h"

#include <sqlite3.h>

#include "bs-sqlite-tables.h"

G_DEFINE_QUARK (bs-sqlite-tables-error-quark, bs_sqlite_tables_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static gboolean
set_query_error (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  int code = (sqlite3_errcode (db) & 0xff) == SQLITE_NOTADB ? BS_SQLITE_TABLES_ERROR_OPEN
                                                             : BS_SQLITE_TABLES_ERROR_QUERY;

  g_set_error (error, BS_SQLITE_TABLES_ERROR, code,
               "Could not read the tables of “%s”: %s", path, sqlite3_errmsg (db));
  return FALSE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         const char  *path,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_query_error (db, path, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

static gboolean
add_columns (JsonBuilder  *builder,
             sqlite3      *db,
             const char   *path,
             const char   *table,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "SELECT name, type FROM pragma_table_info (?1) ORDER BY cid",
                        path, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return rc == SQLITE_DONE || set_query_error (db, path, error);
}

static gboolean
add_row_count (JsonBuilder  *builder,
               sqlite3      *db,
               const char   *path,
               const char   *table,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *sql;

  /* %w doubles the quotes inside the name: the only safe way to name a table in SQL. */
  sql = sqlite3_mprintf ("SELECT count(*) FROM \"%w\"", table);
  stmt = prepare (db, sql, path, error);
  sqlite3_free (sql);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_query_error (db, path, error);

  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
  return TRUE;
}

static sqlite3 *
open_read_only (const char  *path,
                GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, BS_SQLITE_TABLES_ERROR, BS_SQLITE_TABLES_ERROR_OPEN,
                   "The database file “%s” does not exist", path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BS_SQLITE_TABLES_ERROR, BS_SQLITE_TABLES_ERROR_OPEN,
                   "Could not open the database “%s”: %s", path, sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);
  return g_steal_pointer (&db);
}

JsonNode *
bs_sqlite_tables_describe (const char  *path,
                           GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(db = open_read_only (path, error)) ||
      !(stmt = prepare (db,
                        "SELECT name FROM sqlite_schema"
                        " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                        " ORDER BY name",
                        path, error)))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *)sqlite3_column_text (stmt, 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, table);
      if (!add_row_count (builder, db, path, table, error) ||
          !add_columns (builder, db, path, table, error))
        return NULL;
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (rc != SQLITE_DONE)
    {
      set_query_error (db, path, error);
      return NULL;
    }

  return json_builder_get_root (builder);
}
