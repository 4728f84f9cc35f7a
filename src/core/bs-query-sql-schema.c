#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-query-sql-private.h"

/* Longest name quoted in full in a message; a name of a megabyte helps nobody there. */
#define MESSAGE_NAME_CHARS 80
/* Below this many rows a table is counted; above, max(rowid) is estimate enough. */
#define EXACT_COUNT_ROWS 10000

/* Our own tables (bs_*) and SQLite's (sqlite_*) are neither shown nor queried. */
#define VISIBLE_NAME \
  "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'bs\\_%' ESCAPE '\\'"

char *
bs_query_sql_quote (const char *name)
{
  GString *out = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

char *
bs_query_sql_shorten (const char *name)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (name, -1) <= MESSAGE_NAME_CHARS)
    return g_strdup (name);
  head = g_utf8_substring (name, 0, MESSAGE_NAME_CHARS);
  return g_strconcat (head, "…", NULL);
}

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, stmt, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
               _("The database could not read its schema: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
step_failed (sqlite3  *db,
             int       rc,
             GError  **error)
{
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return FALSE;
  g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
               _("The database failed to answer: %s"), sqlite3_errmsg (db));
  return TRUE;
}

static gboolean
is_rowid_table (sqlite3    *db,
                const char *table_name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT type = 'table' AND wr = 0 FROM pragma_table_list (?1)"
                          " WHERE schema = 'main'", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table_name, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_finalize (stmt);
  return found;
}

char *
bs_query_sql_rowid_name (sqlite3    *db,
                         const char *table_name)
{
  static const char * const names[] = { "rowid", "_rowid_", "oid" };
  sqlite3_stmt *stmt = NULL;
  gboolean taken[G_N_ELEMENTS (names)] = { FALSE };

  if (!is_rowid_table (db, table_name)
      || sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1)", -1, &stmt,
                             NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, table_name, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      taken[i] |= g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0),
                                      names[i]) == 0;
  sqlite3_finalize (stmt);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (!taken[i])
      return g_strdup (names[i]);
  return NULL;
}

gboolean
bs_query_sql_lookup_table (sqlite3     *db,
                           const char  *name,
                           char       **spelling,
                           gboolean    *is_view,
                           GError     **error)
{
  static const char sql[] =
    "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view')"
    " AND name = ?1 COLLATE NOCASE AND " VISIBLE_NAME;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *spelling = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (is_view != NULL)
        *is_view = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "view");
    }
  else if (!step_failed (db, rc, error))
    {
      g_autofree char *shown = bs_query_sql_shorten (name);

      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                   _("There is no table or view called “%s” in this database"), shown);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

gboolean
bs_query_sql_lookup_column (sqlite3     *db,
                            const char  *table,
                            const char  *name,
                            char       **spelling,
                            char       **declared,
                            GError     **error)
{
  /* xinfo, not info: it lists generated columns, which SELECT sees too. */
  static const char sql[] =
    "SELECT name, type FROM pragma_table_xinfo (?1)"
    " WHERE hidden <> 1 AND name = ?2 COLLATE NOCASE";
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *spelling = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (declared != NULL)
        *declared = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else if (!step_failed (db, rc, error))
    {
      g_autofree char *shown = bs_query_sql_shorten (name);
      g_autofree char *shown_table = bs_query_sql_shorten (table);

      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN,
                   _("There is no column called “%s” in “%s”"), shown, shown_table);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* SQLite's own affinity rules (section 3.1 of its datatype page), in their order. */
const char *
bs_query_sql_declared_type (const char *declared)
{
  g_autofree char *upper = g_ascii_strup (declared != NULL ? declared : "", -1);

  if (strstr (upper, "INT") != NULL)
    return "integer";
  if (strstr (upper, "CHAR") != NULL || strstr (upper, "CLOB") != NULL
      || strstr (upper, "TEXT") != NULL)
    return "text";
  if (strstr (upper, "REAL") != NULL || strstr (upper, "FLOA") != NULL
      || strstr (upper, "DOUB") != NULL)
    return "number";
  return NULL;
}

static gboolean
is_digits (const char *text,
           guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

GDateTime *
bs_query_sql_parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = NULL;
  gsize length = strlen (text);

  /* GLib also reads week and ordinal dates; a time column holds calendar dates. */
  if (length < 10 || length > 40 || !is_digits (text, 4) || text[4] != '-'
      || !is_digits (text + 5, 2) || text[7] != '-' || !is_digits (text + 8, 2))
    return NULL;
  if (length == 10)
    iso = g_strconcat (text, "T00:00:00", NULL);
  else if (text[10] == ' ' || text[10] == 'T')
    {
      iso = g_strdup (text);
      iso[10] = 'T';
    }
  else
    return NULL;
  return g_date_time_new_from_iso8601 (iso, utc);
}

gboolean
bs_query_sql_time_format (sqlite3          *db,
                          const char       *quoted_table,
                          const char       *quoted_column,
                          const char       *column_name,
                          BsSqlTimeFormat  *format,
                          GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s IS NOT NULL LIMIT 1",
                                          quoted_column, quoted_table, quoted_column);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  if (!prepare (db, sql, &stmt, error))
    return FALSE;
  *format = BS_SQL_TIME_TEXT;
  rc = sqlite3_step (stmt);
  if (step_failed (db, rc, error))
    ok = FALSE;
  else if (rc == SQLITE_ROW && (sqlite3_column_type (stmt, 0) == SQLITE_INTEGER
                                || sqlite3_column_type (stmt, 0) == SQLITE_FLOAT))
    *format = fabs (sqlite3_column_double (stmt, 0)) > 1e11 ? BS_SQL_TIME_UNIX_MS
                                                              : BS_SQL_TIME_UNIX;
  else if (rc == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(GDateTime) parsed = text != NULL ? bs_query_sql_parse_time (text) : NULL;

      if (parsed == NULL)
        {
          g_autofree char *shown = bs_query_sql_shorten (column_name);

          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                       _("The column “%s” does not hold dates and times, so it cannot be "
                         "the time column"), shown);
          ok = FALSE;
        }
      else if (strlen (text) == 10)
        *format = BS_SQL_TIME_DATE;
      else if (text[10] == 'T')
        *format = BS_SQL_TIME_TEXT_T;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* The frame */

static void
add_cell (JsonBuilder  *builder,
          sqlite3_stmt *stmt,
          int           i,
          const char   *type)
{
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
      break;
    case SQLITE_FLOAT:
      {
        double value = sqlite3_column_double (stmt, i);

        /* JSON has no NaN or infinities: the strings Prometheus uses stand in. */
        if (isnan (value))
          json_builder_add_string_value (builder, "NaN");
        else if (isinf (value))
          json_builder_add_string_value (builder, value > 0 ? "+Inf" : "-Inf");
        else
          json_builder_add_double_value (builder, value);
      }
      break;
    case SQLITE_TEXT:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);
        g_autofree char *valid = g_utf8_make_valid (text, sqlite3_column_bytes (stmt, i));
        g_autoptr(GDateTime) time = NULL;

        if (g_strcmp0 (type, "time") == 0)
          time = bs_query_sql_parse_time (valid);
        if (time != NULL)
          {
            g_autofree char *iso = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

            json_builder_add_string_value (builder, iso);
          }
        else
          json_builder_add_string_value (builder, valid);
      }
      break;
    case SQLITE_BLOB:
      {
        g_autofree char *encoded = g_base64_encode (sqlite3_column_blob (stmt, i),
                                                    sqlite3_column_bytes (stmt, i));

        json_builder_add_string_value (builder, encoded);
      }
      break;
    case SQLITE_NULL:
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

static void
add_columns (JsonBuilder        *builder,
             sqlite3_stmt       *stmt,
             const char * const *types)
{
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, sqlite3_column_name (stmt, i));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, types[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
bs_query_sql_run_frame (sqlite3            *db,
                        sqlite3_stmt       *stmt,
                        const char * const *types,
                        guint               row_limit,
                        GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 started = g_get_monotonic_time ();
  gboolean truncated = FALSE;
  guint n_rows = 0;
  int rc;

  json_builder_begin_object (builder);
  add_columns (builder, stmt, types);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (row_limit > 0 && n_rows == row_limit)
        {
          truncated = TRUE;
          break;
        }
      json_builder_begin_array (builder);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        add_cell (builder, stmt, i, types[i]);
      json_builder_end_array (builder);
      n_rows++;
    }
  if (!truncated && rc != SQLITE_DONE)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
                   _("The database could not run the query: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, sqlite3_sql (stmt));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, "sql");
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, truncated);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, (g_get_monotonic_time () - started) / 1000.0);
  json_builder_end_object (builder);
  sqlite3_finalize (stmt);
  return json_builder_get_root (builder);
}

/* Columns and their types */

typedef struct
{
  char       *name;
  char       *declared;
  const char *type;
} Column;

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->name);
  g_free (column->declared);
}

/* What one non-NULL value says when the declared type leaves it open. */
static gboolean
sample_type (sqlite3     *db,
             const char  *quoted_table,
             const char  *name,
             const char  *declared_type,
             const char **type,
             GError     **error)
{
  g_autofree char *quoted = bs_query_sql_quote (name);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s IS NOT NULL LIMIT 1",
                                          quoted, quoted_table, quoted);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (db, sql, &stmt, error))
    return FALSE;
  *type = declared_type != NULL ? declared_type : "text";
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    {
      g_autoptr(GDateTime) time =
        bs_query_sql_parse_time ((const char *) sqlite3_column_text (stmt, 0));

      if (time != NULL)
        *type = "time";
    }
  else if (rc == SQLITE_ROW && declared_type == NULL)
    *type = sqlite3_column_type (stmt, 0) == SQLITE_INTEGER ? "integer"
            : sqlite3_column_type (stmt, 0) == SQLITE_FLOAT ? "number" : "text";
  sqlite3_finalize (stmt);
  return !step_failed (db, rc, error);
}

static GArray *
list_columns (sqlite3     *db,
              const char  *table,
              GError     **error)
{
  static const char sql[] =
    "SELECT name, type FROM pragma_table_xinfo (?1) WHERE hidden <> 1 ORDER BY cid";
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_autofree char *quoted_table = bs_query_sql_quote (table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_array_set_clear_func (columns, column_clear);
  if (!prepare (db, sql, &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Column column = { 0 };

      column.name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      column.declared = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      column.type = bs_query_sql_declared_type (column.declared);
      g_array_append_val (columns, column);
    }
  sqlite3_finalize (stmt);
  if (step_failed (db, rc, error))
    return NULL;

  for (guint i = 0; i < columns->len; i++)
    {
      Column *column = &g_array_index (columns, Column, i);

      /* Dates hide in TEXT and in declared types like DATETIME that give no affinity. */
      if ((column->type == NULL || g_str_equal (column->type, "text"))
          && !sample_type (db, quoted_table, column->name, column->type, &column->type, error))
        return NULL;
    }
  return g_steal_pointer (&columns);
}

const char *
bs_query_sql_column_type (sqlite3     *db,
                          const char  *quoted_table,
                          const char  *name,
                          const char  *declared,
                          GError     **error)
{
  const char *type = bs_query_sql_declared_type (declared);

  if ((type == NULL || g_str_equal (type, "text"))
      && !sample_type (db, quoted_table, name, type, &type, error))
    return NULL;
  return type;
}

/* Describe */

static gboolean
count_rows (sqlite3     *db,
            const char  *table,
            gint64      *rows,
            GError     **error)
{
  g_autofree char *quoted = bs_query_sql_quote (table);
  g_autofree char *max_sql = g_strdup_printf ("SELECT max(rowid) FROM %s", quoted);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s", quoted);
  sqlite3_stmt *stmt = NULL;
  int rc;

  *rows = -1;
  /* A WITHOUT ROWID table has no rowid to ask about; it gets counted. */
  if (sqlite3_prepare_v2 (db, max_sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *rows = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  if (*rows > EXACT_COUNT_ROWS)
    return TRUE;
  if (!prepare (db, count_sql, &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  *rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return !step_failed (db, rc, error);
}

static gboolean
describe_table (sqlite3     *db,
                const char  *name,
                gboolean     is_view,
                JsonBuilder *builder,
                GError     **error)
{
  g_autoptr(GArray) columns = list_columns (db, name, error);
  gint64 rows = -1;

  if (columns == NULL || (!is_view && !count_rows (db, name, &rows, error)))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, is_view ? "view" : "table");
  json_builder_set_member_name (builder, "rows");
  if (is_view)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *column = &g_array_index (columns, Column, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, column->name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, column->type);
      json_builder_set_member_name (builder, "declared");
      json_builder_add_string_value (builder, column->declared);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "time_columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < columns->len; i++)
    if (g_str_equal (g_array_index (columns, Column, i).type, "time"))
      json_builder_add_string_value (builder, g_array_index (columns, Column, i).name);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

JsonNode *
bs_query_sql_describe (sqlite3  *db,
                       GError  **error)
{
  static const char sql[] =
    "SELECT name, type = 'view' FROM sqlite_schema WHERE type IN ('table', 'view') AND "
    VISIBLE_NAME " ORDER BY name";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!prepare (db, sql, &stmt, error))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "tables");
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!describe_table (db, (const char *) sqlite3_column_text (stmt, 0),
                         sqlite3_column_int (stmt, 1), builder, error))
      {
        sqlite3_finalize (stmt);
        return NULL;
      }
  sqlite3_finalize (stmt);
  if (step_failed (db, rc, error))
    return NULL;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Preview */

JsonNode *
bs_query_sql_preview_rows (sqlite3     *db,
                           const char  *table,
                           guint        limit,
                           guint        offset,
                           GError     **error)
{
  g_autofree char *spelling = NULL;
  g_autofree char *quoted_table = NULL;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (table, -1, NULL))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                           _("A table name must be valid UTF-8 text"));
      return NULL;
    }
  if (!bs_query_sql_lookup_table (db, table, &spelling, NULL, error)
      || (columns = list_columns (db, spelling, error)) == NULL)
    return NULL;

  quoted_table = bs_query_sql_quote (spelling);
  for (guint i = 0; i < columns->len; i++)
    {
      g_autofree char *quoted = bs_query_sql_quote (g_array_index (columns, Column, i).name);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", quoted);
      g_ptr_array_add (types, (gpointer) g_array_index (columns, Column, i).type);
    }
  /* One row past the limit tells whether there are more. */
  g_string_append_printf (sql, " FROM %s LIMIT ?1 OFFSET ?2", quoted_table);
  if (!prepare (db, sql->str, &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit + 1 : -1);
  sqlite3_bind_int64 (stmt, 2, offset);
  return bs_query_sql_run_frame (db, stmt, (const char * const *) types->pdata, limit, error);
}

/* Index */

static gboolean
has_leading_index (sqlite3     *db,
                   const char  *table,
                   const char  *column,
                   gboolean    *found,
                   GError     **error)
{
  static const char sql[] =
    "SELECT 1 FROM pragma_index_list (?1) AS l, pragma_index_info (l.name) AS i"
    " WHERE l.partial = 0 AND i.seqno = 0 AND i.name = ?2 COLLATE NOCASE";
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (db, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return !step_failed (db, rc, error);
}

gboolean
bs_query_sql_ensure_time_index (sqlite3     *db,
                                const char  *table,
                                const char  *column,
                                GError     **error)
{
  g_autofree char *table_name = NULL;
  g_autofree char *column_name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *index_name = NULL;
  g_autofree char *quoted_index = NULL;
  g_autofree char *quoted_table = NULL;
  g_autofree char *quoted_column = NULL;
  g_autofree char *sql = NULL;
  gboolean is_view = FALSE;
  gboolean found = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (table, -1, NULL) || !g_utf8_validate (column, -1, NULL))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("Table and column names must be valid UTF-8 text"));
      return FALSE;
    }
  if (!bs_query_sql_lookup_table (db, table, &table_name, &is_view, error)
      || !bs_query_sql_lookup_column (db, table_name, column, &column_name, NULL, error))
    return FALSE;
  /* A view has no index of its own; those of its tables serve it. */
  if (is_view)
    return TRUE;
  if (!has_leading_index (db, table_name, column_name, &found, error))
    return FALSE;
  if (found)
    return TRUE;

  /* Names may be anything, even a megabyte long: a digest keeps the index name short. */
  key = g_strconcat (table_name, "\n", column_name, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  index_name = g_strdup_printf ("bs_time_%.16s", digest);
  quoted_index = bs_query_sql_quote (index_name);
  quoted_table = bs_query_sql_quote (table_name);
  quoted_column = bs_query_sql_quote (column_name);
  sql = g_strdup_printf ("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
                         quoted_index, quoted_table, quoted_column);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_autofree char *shown = bs_query_sql_shorten (table_name);

      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
                   _("Could not index the time column of “%s”: %s"), shown,
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}
