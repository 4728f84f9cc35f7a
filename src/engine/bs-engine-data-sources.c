#define G_LOG_DOMAIN "bs-engine-data-sources"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bs-engine-change.h"
#include "bs-engine-data-sources.h"
#include "bs-engine-json.h"

void
bs_engine_data_source_begin (JsonBuilder        *builder,
                             const BsDataSource *source)
{
  g_autoptr(GList) members = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, source->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, source->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, source->kind);
  json_builder_set_member_name (builder, "is_demo");
  json_builder_add_boolean_value (builder, source->is_demo);
  bs_engine_json_add_time (builder, "created_at", source->created_at);

  /* The settings hold no secret (bs_data_source_check_settings() lets none in), so all of
   * them may be shown. */
  members = json_object_get_members (source->settings);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = bs_data_source_get_setting (source, l->data);

      if (value != NULL)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_string_value (builder, value);
        }
    }
}

JsonNode *
bs_engine_data_source_to_json (const BsDataSource *source,
                               gboolean            has_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (source != NULL, NULL);

  bs_engine_data_source_begin (builder, source);
  json_builder_set_member_name (builder, "has_token");
  json_builder_add_boolean_value (builder, has_token);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
event_detail (const BsDataSource *source,
              const char * const *changed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  bs_engine_data_source_begin (builder, source);
  if (changed != NULL)
    {
      json_builder_set_member_name (builder, "changed");
      json_builder_begin_array (builder);
      for (guint i = 0; changed[i] != NULL; i++)
        json_builder_add_string_value (builder, changed[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

typedef struct
{
  gint64              id;
  const char         *name;
  const char         *kind;
  JsonObject         *settings;
  const char * const *changed;
  BsDataSource       *result;
} Change;

static JsonNode *
create_source (BsStore   *store,
               gpointer   user_data,
               GError   **error)
{
  Change *change = user_data;

  change->result = bs_data_source_add_with_settings (store, change->name, change->kind,
                                                     change->settings, FALSE, error);
  return change->result != NULL ? event_detail (change->result, NULL) : NULL;
}

BsDataSource *
bs_engine_data_source_create (BsStore     *store,
                              const char  *actor,
                              const char  *name,
                              const char  *kind,
                              JsonObject  *settings,
                              GError     **error)
{
  Change change = { 0, name, kind, settings, NULL, NULL };

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!bs_engine_change_commit (store, actor, "datasource.created", create_source, &change,
                                error))
    {
      /* Rolled back: the row it read does not exist. */
      g_clear_pointer (&change.result, bs_data_source_free);
      return NULL;
    }

  return change.result;
}

static JsonNode *
update_source (BsStore   *store,
               gpointer   user_data,
               GError   **error)
{
  Change *change = user_data;

  change->result = bs_data_source_update (store, change->id, change->name, change->settings,
                                          error);
  return change->result != NULL ? event_detail (change->result, change->changed) : NULL;
}

BsDataSource *
bs_engine_data_source_update (BsStore            *store,
                              const char         *actor,
                              gint64              id,
                              const char         *name,
                              JsonObject         *settings,
                              const char * const *changed,
                              GError            **error)
{
  Change change = { id, name, NULL, settings, changed, NULL };

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!bs_engine_change_commit (store, actor, "datasource.updated", update_source, &change,
                                error))
    {
      g_clear_pointer (&change.result, bs_data_source_free);
      return NULL;
    }

  return change.result;
}

static JsonNode *
remove_source (BsStore   *store,
               gpointer   user_data,
               GError   **error)
{
  const BsDataSource *source = user_data;

  if (!bs_data_source_remove (store, source->id, error))
    return NULL;
  return event_detail (source, NULL);
}

gboolean
bs_engine_data_source_remove (BsStore             *store,
                              const char          *actor,
                              const BsDataSource  *source,
                              GError             **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  return bs_engine_change_commit (store, actor, "datasource.deleted", remove_source,
                                  (gpointer) source, error);
}

char *
bs_engine_imports_get_database (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, BS_ENGINE_IMPORTS_FILE_NAME, NULL);
}

gboolean
bs_engine_imports_owns_source (const char         *data_dir,
                               const BsDataSource *source)
{
  g_autofree char *imports = NULL;
  g_autofree char *database = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  if (g_strcmp0 (source->kind, "csv") != 0 || bs_data_source_get_database (source) == NULL ||
      bs_data_source_get_table (source) == NULL)
    return FALSE;

  imports = bs_engine_imports_get_database (data_dir);
  database = g_canonicalize_filename (bs_data_source_get_database (source), NULL);
  return g_str_equal (imports, database);
}

static gboolean
name_is_taken (GPtrArray  *sources,
               const char *name)
{
  for (guint i = 0; i < sources->len; i++)
    if (g_str_equal (((BsDataSource *) g_ptr_array_index (sources, i))->name, name))
      return TRUE;
  return FALSE;
}

char *
bs_engine_imports_pick_name (BsStore     *store,
                             const char  *wanted,
                             const char  *csv_path,
                             GError     **error)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *base = NULL;
  char *name;
  char *dot;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (wanted != NULL || csv_path != NULL, NULL);

  if (!(sources = bs_data_source_list (store, error)))
    return NULL;

  if (wanted != NULL)
    base = g_strdup (wanted);
  else
    {
      base = g_path_get_basename (csv_path);
      /* "sales.csv" is "sales"; ".csv" alone keeps its name rather than none. */
      if ((dot = strrchr (base, '.')) != NULL && dot != base)
        *dot = '\0';
    }

  name = g_strdup (base);
  for (guint n = 2; name_is_taken (sources, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s (%u)", base, n);
    }
  return name;
}

static gboolean
set_sqlite_error (sqlite3     *db,
                  int          rc,
                  const char  *db_path,
                  const char  *table,
                  GError     **error)
{
  g_set_error (error, BS_STORE_ERROR,
               rc == SQLITE_FULL ? BS_STORE_ERROR_FULL :
               rc == SQLITE_BUSY ? BS_STORE_ERROR_BUSY : BS_STORE_ERROR_QUERY,
               "Could not remove the imported table “%s” from %s: %s", table, db_path,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
drop_table_in (sqlite3     *db,
               const char  *table,
               GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  quoted = g_strdup_printf ("\"%s\"", table);
  sql = g_strdup_printf ("DROP TABLE IF EXISTS %s", quoted);
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  /* The header texts of the table go with it; the table of them exists only once a
   * first import finished. */
  if (rc == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "DELETE FROM " BS_CSV_IMPORT_COLUMNS_TABLE
                          " WHERE table_name = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, sqlite3_db_filename (db, "main"), table, error);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_engine_imports_drop_table (const char  *db_path,
                              const char  *table,
                              GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  /* Never create the file just to find the table missing. */
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;

  /* A table name with a double quote cannot be one an import made. */
  if (strchr (table, '"') != NULL)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "“%s” is not the name of an imported table", table);
      return FALSE;
    }

  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, db_path, table, error);
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_busy_timeout (db, 10000);
  ok = drop_table_in (db, table, error);
  sqlite3_close (db);
  return ok;
}

const char *
bs_engine_imports_delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t':
      return "tab";
    case ',':
      return ",";
    case ';':
      return ";";
    case '|':
      return "|";
    default:
      return NULL;
    }
}

static void
add_rejected (JsonBuilder       *builder,
              BsCsvImportReport *report)
{
  guint n = report != NULL ? bs_csv_import_report_get_n_details (report) : 0;

  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const char *reason = NULL;
      guint64 line = bs_csv_import_report_get_detail (report, i, &reason);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, (gint64) line);
      bs_engine_json_add_string_or_null (builder, "reason", reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_columns (JsonBuilder       *builder,
             BsCsvImportReport *report)
{
  guint n = report != NULL ? bs_csv_import_report_get_n_columns (report) : 0;

  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < n; c++)
    {
      BsCsvColumnType type = bs_csv_import_report_get_column_type (report, c);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, bs_csv_import_report_get_column_name (report, c));
      bs_engine_json_add_string_or_null (builder, "header",
                                         bs_csv_import_report_get_column_header (report, c));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, bs_csv_column_type_to_string (type));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
bs_engine_imports_add_report (JsonBuilder       *builder,
                              BsCsvImportReport *report)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "rows_imported");
  json_builder_add_int_value (builder, report != NULL
                              ? (gint64) bs_csv_import_report_get_rows_imported (report) : 0);
  json_builder_set_member_name (builder, "rows_rejected");
  json_builder_add_int_value (builder, report != NULL
                              ? (gint64) bs_csv_import_report_get_rows_rejected (report) : 0);
  add_rejected (builder, report);
  add_columns (builder, report);

  bs_engine_json_add_string_or_null (builder, "delimiter", report != NULL
                                     ? bs_engine_imports_delimiter_name (
                                         bs_csv_import_report_get_delimiter (report))
                                     : NULL);
  bs_engine_json_add_string_or_null (builder, "encoding", report != NULL
                                     ? bs_csv_import_report_get_encoding (report) : NULL);
  json_builder_set_member_name (builder, "has_header");
  if (report != NULL)
    json_builder_add_boolean_value (builder, bs_csv_import_report_get_has_header (report));
  else
    json_builder_add_null_value (builder);
}

char *
bs_engine_describe_unreadable_file (const char *path,
                                    guint64    *out_size)
{
  GStatBuf buf;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_path_is_absolute (path))
    return g_strdup ("it is not an absolute path (one starting with /)");
  if (g_stat (path, &buf) != 0)
    return g_strdup (errno == ENOENT ? "there is no such file" : g_strerror (errno));
  if (S_ISDIR (buf.st_mode))
    return g_strdup ("it is a folder, not a file");
  if (!S_ISREG (buf.st_mode))
    return g_strdup ("it is not a regular file");
  if (g_access (path, R_OK) != 0)
    return g_strdup_printf ("it cannot be read (%s)", g_strerror (errno));

  if (out_size != NULL)
    *out_size = (guint64) buf.st_size;
  return NULL;
}

static gboolean
same_file (const GStatBuf *a,
           const char     *other)
{
  GStatBuf b;

  return other != NULL && g_stat (other, &b) == 0 && a->st_dev == b.st_dev &&
         a->st_ino == b.st_ino;
}

gboolean
bs_engine_is_private_file (const char *path,
                           const char *data_dir,
                           const char *secrets_file)
{
  g_autofree char *workspace = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *in_data_dir = NULL;
  const char *runtime_dir;
  GStatBuf buf;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);

  /* By device and inode, so that neither a symbolic nor a hard link gets around it. */
  if (g_stat (path, &buf) != 0)
    return FALSE;
  workspace = g_build_filename (data_dir, "workspace.db", NULL);
  if (same_file (&buf, workspace) || same_file (&buf, secrets_file))
    return TRUE;

  /* Where the engine keeps its secrets when no keyring answers (bs-engine.c), in case
   * the caller does not know which store is in use. */
  runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  if (runtime_dir != NULL && runtime_dir[0] != '\0')
    fallback = g_build_filename (runtime_dir, PACKAGE_NAME, "secrets", NULL);
  in_data_dir = g_build_filename (data_dir, "secrets", NULL);
  return same_file (&buf, fallback) || same_file (&buf, in_data_dir);
}

static void
add_count (JsonBuilder *builder,
           const char  *member,
           guint64      count)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, (gint64) count);
}

static JsonNode *
finished_detail (gint64              import_id,
                 const char         *state,
                 const char         *csv_path,
                 BsCsvImportReport  *report,
                 const BsDataSource *source,
                 const char         *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (import_id > 0)
    json_builder_add_int_value (builder, import_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, csv_path);
  add_count (builder, "rows_imported",
             report != NULL ? bs_csv_import_report_get_rows_imported (report) : 0);
  add_count (builder, "rows_rejected",
             report != NULL ? bs_csv_import_report_get_rows_rejected (report) : 0);
  json_builder_set_member_name (builder, "source_id");
  if (source != NULL)
    json_builder_add_int_value (builder, source->id);
  else
    json_builder_add_null_value (builder);
  bs_engine_json_add_string_or_null (builder, "error", message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
pass_detail (BsStore   *store,
             gpointer   user_data,
             GError   **error)
{
  return json_node_copy (user_data);
}

gboolean
bs_engine_imports_record_finished (BsStore             *store,
                                   const char          *actor,
                                   gint64               import_id,
                                   const char          *state,
                                   const char          *csv_path,
                                   BsCsvImportReport   *report,
                                   const BsDataSource  *source,
                                   const char          *message,
                                   GError             **error)
{
  g_autoptr(JsonNode) detail = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (csv_path != NULL, FALSE);

  detail = finished_detail (import_id, state, csv_path, report, source, message);
  return bs_engine_change_commit (store, actor, "import.finished", pass_detail, detail, error);
}
