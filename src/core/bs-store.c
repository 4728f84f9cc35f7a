#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "bs-migrations.h"
#include "bs-store-private.h"

struct _BsStore
{
  GObject   parent_instance;

  char       *path;
  sqlite3    *db;
  guint       schema_version;
  gboolean    ready;
  GHashTable *cached;   /* SQL → sqlite3_stmt* (bs_store_prepare_cached) */
};

G_DEFINE_FINAL_TYPE (BsStore, bs_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (bs-store-error-quark, bs_store_error)
G_DEFINE_BOXED_TYPE (BsStoreEvent, bs_store_event, bs_store_event_copy, bs_store_event_free)

static void
bs_store_finalize (GObject *object)
{
  BsStore *self = (BsStore *)object;

  g_clear_pointer (&self->cached, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Lets SQLite refresh the statistics its query planner relies on; it is cheap when
       * nothing changed, and only worth doing on a workspace that opened fine. */
      if (self->ready)
        sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bs_store_parent_class)->finalize (object);
}

static void
bs_store_class_init (BsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_store_finalize;
}

static void
bs_store_init (BsStore *self)
{
}

gboolean
bs_store_set_error_from_sqlite (BsStore    *self,
                                int         sqlite_rc,
                                const char *what_failed,
                                GError    **error)
{
  const char *reason = sqlite3_errstr (sqlite_rc);

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (what_failed != NULL, FALSE);

  /* The connection's message names the table or constraint, but only when it is about
   * this failure and not an older one. */
  if (self->db != NULL && (sqlite3_errcode (self->db) & 0xff) == (sqlite_rc & 0xff))
    reason = sqlite3_errmsg (self->db);

  switch (sqlite_rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_FULL,
                   "%s: the disk is full", what_failed);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_BUSY,
                   "%s: the workspace is busy (another program kept it locked for too long); "
                   "try again in a moment", what_failed);
      break;

    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_READ_ONLY,
                   "%s: the workspace “%s” cannot be written (the file or its folder is "
                   "read-only)", what_failed, self->path);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: %s", what_failed, reason);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN,
                   "%s: “%s” is not a workspace database (%s)",
                   what_failed, self->path, reason);
      break;

    default:
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_QUERY,
                   "%s: %s", what_failed, reason);
      break;
    }

  return FALSE;
}

sqlite3_stmt *
bs_store_prepare (BsStore     *self,
                  const char  *sql,
                  const char  *what_failed,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      bs_store_set_error_from_sqlite (self, rc, what_failed, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

gboolean
bs_store_begin_part (BsStore     *self,
                     const char  *name,
                     gboolean    *out_nested,
                     GError     **error)
{
  g_autofree char *savepoint = NULL;

  *out_nested = !sqlite3_get_autocommit (self->db);
  if (!*out_nested)
    return bs_store_begin (self, error);
  savepoint = g_strdup_printf ("SAVEPOINT %s", name);
  return bs_store_exec (self, savepoint, error);
}

gboolean
bs_store_commit_part (BsStore     *self,
                      const char  *name,
                      gboolean     nested,
                      GError     **error)
{
  g_autofree char *release = NULL;

  if (!nested)
    return bs_store_commit (self, error);
  release = g_strdup_printf ("RELEASE %s", name);
  return bs_store_exec (self, release, error);
}

void
bs_store_rollback_part (BsStore    *self,
                        const char *name,
                        gboolean    nested)
{
  g_autofree char *rollback = NULL;

  if (!nested)
    {
      bs_store_rollback (self);
      return;
    }
  rollback = g_strdup_printf ("ROLLBACK TO %s; RELEASE %s", name, name);
  sqlite3_exec (self->db, rollback, NULL, NULL, NULL);
}

gint64
bs_store_get_data_version (BsStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  g_return_val_if_fail (BS_IS_STORE (self), -1);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

BsStoreCachedStmt *
bs_store_prepare_cached (BsStore     *self,
                         const char  *sql,
                         const char  *what_failed,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (self->cached == NULL)
    self->cached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sqlite3_finalize);
  stmt = g_hash_table_lookup (self->cached, sql);
  if (stmt == NULL)
    {
      if ((stmt = bs_store_prepare (self, sql, what_failed, error)) == NULL)
        return NULL;
      g_hash_table_insert (self->cached, g_strdup (sql), stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

void
bs_store_reset_cached (BsStoreCachedStmt *stmt)
{
  sqlite3_reset (stmt);
}

gboolean
bs_store_step (BsStore       *self,
               sqlite3_stmt  *stmt,
               gboolean      *has_row,
               const char    *what_failed,
               GError       **error)
{
  int rc;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (has_row != NULL, FALSE);

  rc = sqlite3_step (stmt);
  *has_row = (rc == SQLITE_ROW);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  return bs_store_set_error_from_sqlite (self, rc, what_failed, error);
}

gboolean
bs_store_step_done (BsStore       *self,
                    sqlite3_stmt  *stmt,
                    const char    *what_failed,
                    GError       **error)
{
  gboolean has_row;

  return bs_store_step (self, stmt, &has_row, what_failed, error);
}

gboolean
bs_store_fetch_one (BsStore         *self,
                    sqlite3_stmt    *stmt,
                    BsStoreRowFunc   row_func,
                    gpointer        *out_row,
                    const char      *what_failed,
                    GError         **error)
{
  gboolean has_row;

  g_return_val_if_fail (row_func != NULL, FALSE);
  g_return_val_if_fail (out_row != NULL, FALSE);

  *out_row = NULL;
  if (!bs_store_step (self, stmt, &has_row, what_failed, error))
    return FALSE;

  if (has_row)
    *out_row = row_func (stmt);
  return TRUE;
}

GPtrArray *
bs_store_fetch_all (BsStore         *self,
                    sqlite3_stmt    *stmt,
                    BsStoreRowFunc   row_func,
                    GDestroyNotify   free_func,
                    const char      *what_failed,
                    GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  gpointer row;

  while (bs_store_fetch_one (self, stmt, row_func, &row, what_failed, error))
    {
      if (row == NULL)
        return g_steal_pointer (&rows);

      g_ptr_array_add (rows, row);
    }

  return NULL;
}

GPtrArray *
bs_store_query_all (BsStore         *self,
                    const char      *sql,
                    BsStoreRowFunc   row_func,
                    GDestroyNotify   free_func,
                    const char      *what_failed,
                    GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (self, sql, what_failed, error)))
    return NULL;

  return bs_store_fetch_all (self, stmt, row_func, free_func, what_failed, error);
}

gpointer
bs_store_query_by_id (BsStore         *self,
                      const char      *sql,
                      gint64           id,
                      BsStoreRowFunc   row_func,
                      const char      *thing,
                      GError         **error)
{
  g_autofree char *what = g_strdup_printf ("Could not read the %s", thing);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gpointer row;

  if (!(stmt = bs_store_prepare (self, sql, what, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_store_fetch_one (self, stmt, row_func, &row, what, error))
    return NULL;

  if (row == NULL)
    g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                 "There is no %s with id %" G_GINT64_FORMAT " in this workspace", thing, id);
  return row;
}

void
bs_store_bind_time (sqlite3_stmt *stmt,
                    int           index,
                    GDateTime    *time)
{
  if (time == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, bs_store_format_iso8601 (time), -1, g_free);
}

void
bs_store_bind_now (sqlite3_stmt *stmt,
                   int           index)
{
  sqlite3_bind_text (stmt, index, bs_store_now_iso8601 (), -1, g_free);
}

char *
bs_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

GDateTime *
bs_store_column_time (sqlite3_stmt *stmt,
                      int           column)
{
  return bs_store_parse_iso8601 ((const char *)sqlite3_column_text (stmt, column));
}

char *
bs_store_format_iso8601 (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
bs_store_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return bs_store_format_iso8601 (now);
}

GDateTime *
bs_store_parse_iso8601 (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (text, utc);
  return parsed != NULL ? g_date_time_to_utc (parsed) : NULL;
}

static gboolean
store_exec (BsStore     *self,
            const char  *sql,
            const char  *what_failed,
            GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return bs_store_set_error_from_sqlite (self, rc, what_failed, error);

  return TRUE;
}

gboolean
bs_store_exec (BsStore     *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  return store_exec (self, sql, "A query on the workspace failed", error);
}

gboolean
bs_store_begin (BsStore  *self,
                GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  /* IMMEDIATE takes the write lock now (waiting up to busy_timeout), instead of failing
   * with SQLITE_BUSY half-way through when a read turns into a write. */
  return store_exec (self, "BEGIN IMMEDIATE", "Could not start a change to the workspace", error);
}

gboolean
bs_store_commit (BsStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return store_exec (self, "COMMIT", "Could not save the changes to the workspace", error);
}

void
bs_store_rollback (BsStore *self)
{
  g_return_if_fail (BS_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
query_uint (BsStore     *self,
            const char  *sql,
            const char  *what_failed,
            guint       *out_value,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  if (!(stmt = bs_store_prepare (self, sql, what_failed, error)) ||
      !bs_store_step (self, stmt, &has_row, what_failed, error))
    return FALSE;

  *out_value = has_row ? (guint)sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

static gboolean
open_connection (BsStore  *self,
                 GError  **error)
{
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, TRUE);
      return TRUE;
    }

  if ((rc & 0xff) == SQLITE_CANTOPEN && !g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN,
                       "Could not create the workspace “%s”: the folder “%s” does not exist",
                       self->path, dir);
          return FALSE;
        }

      if (g_access (dir, W_OK) != 0)
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_READ_ONLY,
                       "Could not create the workspace “%s”: the folder “%s” is not writable",
                       self->path, dir);
          return FALSE;
        }
    }

  g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN,
               "Could not open the workspace “%s”: %s", self->path, sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
configure_connection (BsStore  *self,
                      GError  **error)
{
  g_autofree char *what = g_strdup_printf ("Could not open the workspace “%s”", self->path);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  if (!store_exec (self,
                   "PRAGMA busy_timeout = 5000;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA synchronous = NORMAL;",
                   what, error))
    return FALSE;

  /* The first statement that reads the file: a file that is not a database fails here. */
  if (!(stmt = bs_store_prepare (self, "PRAGMA journal_mode = WAL", what, error)) ||
      !bs_store_step (self, stmt, &has_row, what, error))
    return FALSE;

  if (has_row && g_ascii_strcasecmp ((const char *)sqlite3_column_text (stmt, 0), "wal") != 0)
    g_debug ("The workspace %s keeps journal mode %s", self->path, sqlite3_column_text (stmt, 0));

  return TRUE;
}

static gboolean
check_schema_version (BsStore  *self,
                      guint     known_version,
                      GError  **error)
{
  g_autofree char *what = g_strdup_printf ("Could not open the workspace “%s”", self->path);
  guint n_tables;

  if (!query_uint (self, "PRAGMA user_version", what, &self->schema_version, error))
    return FALSE;

  if (self->schema_version > known_version)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_TOO_NEW,
                   "The workspace “%s” has schema version %u, but this build of %s knows "
                   "versions up to %u only; open it with a newer version of %s",
                   self->path, self->schema_version, PACKAGE_NAME, known_version, PACKAGE_NAME);
      return FALSE;
    }

  /* Version 0 with tables is somebody else's database (a data source picked by mistake):
   * migrating it would add our tables to it. */
  if (self->schema_version == 0)
    {
      if (!query_uint (self, "SELECT count(*) FROM sqlite_schema", what, &n_tables, error))
        return FALSE;

      if (n_tables > 0)
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN,
                       "Could not open the workspace “%s”: it is a database, but not a %s "
                       "workspace", self->path, PACKAGE_NAME);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
apply_migration (BsStore            *self,
                 const BsMigration  *migration,
                 GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Could not upgrade the workspace “%s” to version %u "
                                           "(%s)", self->path, migration->version,
                                           migration->description);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u",
                                                  migration->version);
  g_autoptr(GError) local_error = NULL;

  if (!store_exec (self, "BEGIN IMMEDIATE", what, &local_error) ||
      !store_exec (self, migration->sql, what, &local_error) ||
      !store_exec (self, set_version, what, &local_error) ||
      !store_exec (self, "COMMIT", what, &local_error))
    {
      bs_store_rollback (self);

      /* Busy, full and read-only keep their code: they say what to do about it. */
      if (local_error->code == BS_STORE_ERROR_QUERY ||
          local_error->code == BS_STORE_ERROR_CONSTRAINT)
        local_error->code = BS_STORE_ERROR_MIGRATION;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("Upgraded workspace %s to version %u", self->path, migration->version);
  self->schema_version = migration->version;
  return TRUE;
}

static gboolean
migrate (BsStore  *self,
         guint     target_version,
         GError  **error)
{
  const BsMigration *migrations;
  guint n_migrations;

  migrations = bs_migrations_get (&n_migrations);
  for (guint i = 0; i < n_migrations; i++)
    {
      if (migrations[i].version <= self->schema_version ||
          migrations[i].version > target_version)
        continue;

      if (!apply_migration (self, &migrations[i], error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
record_created_at (BsStore  *self,
                   GError  **error)
{
  g_autofree char *created_at = NULL;
  g_autofree char *now = NULL;

  if (self->schema_version < 1)
    return TRUE;

  if ((created_at = bs_store_get_meta (self, "created_at")) != NULL)
    return TRUE;

  now = bs_store_now_iso8601 ();
  return bs_store_set_meta (self, "created_at", now, error);
}

BsStore *
bs_store_open_at_version (const char  *path,
                          guint        target_version,
                          GError     **error)
{
  g_autoptr(BsStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (target_version <= bs_migrations_latest_version (), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BS_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!open_connection (self, error) ||
      !configure_connection (self, error) ||
      !check_schema_version (self, target_version, error) ||
      !migrate (self, target_version, error) ||
      !record_created_at (self, error))
    return NULL;

  self->ready = TRUE;
  return g_steal_pointer (&self);
}

BsStore *
bs_store_open (const char  *path,
               GError     **error)
{
  return bs_store_open_at_version (path, bs_migrations_latest_version (), error);
}

const char *
bs_store_get_path (BsStore *self)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return self->path;
}

guint
bs_store_get_schema_version (BsStore *self)
{
  g_return_val_if_fail (BS_IS_STORE (self), 0);

  return self->schema_version;
}

sqlite3 *
bs_store_get_db (BsStore *self)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return self->db;
}

/* The value column of the row with @key, NULL without an error if there is none. */
static char *
get_value (BsStore     *self,
           const char  *sql,
           const char  *key,
           const char  *what_failed,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  if (!(stmt = bs_store_prepare (self, sql, what_failed, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (!bs_store_step (self, stmt, &has_row, what_failed, error) || !has_row)
    return NULL;

  return bs_store_column_dup (stmt, 0);
}

char *
bs_store_get_preference (BsStore     *self,
                         const char  *key,
                         GError     **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  what = g_strdup_printf ("Could not read the preference “%s”", key);
  return get_value (self, "SELECT value FROM preferences WHERE key = ?1", key, what, error);
}

gboolean
bs_store_set_preference (BsStore     *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  g_autofree char *what = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  glong length;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  length = g_utf8_strlen (key, -1);
  if (length < 1 || length > 200)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "Could not save the preference: its name must be 1 to 200 characters long, "
                   "not %ld", length);
      return FALSE;
    }

  what = g_strdup_printf ("Could not save the preference “%s”", key);
  if (!(stmt = bs_store_prepare (self,
                                 "INSERT INTO preferences (key, value, updated_at)"
                                 " VALUES (?1, ?2, ?3)"
                                 " ON CONFLICT (key) DO UPDATE"
                                 " SET value = excluded.value, updated_at = excluded.updated_at",
                                 what, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  bs_store_bind_now (stmt, 3);
  return bs_store_step_done (self, stmt, what, error);
}

GHashTable *
bs_store_list_preferences (BsStore  *self,
                           GError  **error)
{
  const char *what = "Could not read the preferences";
  g_autoptr(GHashTable) preferences = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  if (!(stmt = bs_store_prepare (self, "SELECT key, value FROM preferences", what, error)))
    return NULL;

  preferences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (bs_store_step (self, stmt, &has_row, what, error))
    {
      if (!has_row)
        return g_steal_pointer (&preferences);

      g_hash_table_insert (preferences,
                           bs_store_column_dup (stmt, 0),
                           bs_store_column_dup (stmt, 1));
    }

  return NULL;
}

char *
bs_store_get_meta (BsStore    *self,
                   const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = get_value (self, "SELECT value FROM meta WHERE key = ?1", key,
                     "Could not read the workspace metadata", &error);
  if (error != NULL)
    g_debug ("%s", error->message);
  return value;
}

gboolean
bs_store_set_meta (BsStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  const char *what = "Could not save the workspace metadata";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!(stmt = bs_store_prepare (self,
                                 "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 what, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return bs_store_step_done (self, stmt, what, error);
}

gboolean
bs_store_add_event (BsStore     *self,
                    const char  *kind,
                    const char  *actor,
                    const char  *detail_json,
                    GError     **error)
{
  g_autofree char *what = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  what = g_strdup_printf ("Could not record the event “%s”", kind);
  if (!(stmt = bs_store_prepare (self,
                                 "INSERT INTO events (at, kind, actor, detail)"
                                 " VALUES (?1, ?2, ?3, ?4)",
                                 what, error)))
    return FALSE;

  bs_store_bind_now (stmt, 1);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, detail_json != NULL ? detail_json : "{}", -1, SQLITE_TRANSIENT);
  if (bs_store_step_done (self, stmt, what, &local_error))
    return TRUE;

  /* The only rule on an event is that its detail is JSON: say so plainly. */
  if (g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: its detail is not valid JSON", what);
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

BsStoreEvent *
bs_store_event_copy (const BsStoreEvent *event)
{
  BsStoreEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new0 (BsStoreEvent, 1);
  copy->id = event->id;
  copy->at = event->at != NULL ? g_date_time_ref (event->at) : NULL;
  copy->kind = g_strdup (event->kind);
  copy->actor = g_strdup (event->actor);
  copy->detail_json = g_strdup (event->detail_json);
  return copy;
}

void
bs_store_event_free (BsStoreEvent *event)
{
  if (event == NULL)
    return;

  g_clear_pointer (&event->at, g_date_time_unref);
  g_free (event->kind);
  g_free (event->actor);
  g_free (event->detail_json);
  g_free (event);
}

static gpointer
event_from_row (sqlite3_stmt *stmt)
{
  BsStoreEvent *event = g_new0 (BsStoreEvent, 1);

  event->id = sqlite3_column_int64 (stmt, 0);
  event->at = bs_store_column_time (stmt, 1);
  event->kind = bs_store_column_dup (stmt, 2);
  event->actor = bs_store_column_dup (stmt, 3);
  event->detail_json = bs_store_column_dup (stmt, 4);
  return event;
}

GPtrArray *
bs_store_list_events (BsStore     *self,
                      const char  *kind_prefix,
                      guint        limit,
                      GError     **error)
{
  const char *what = "Could not read the events";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  if (!(stmt = bs_store_prepare (self,
                                 /* substr() rather than LIKE: "_" and "%" are literal */
                                 "SELECT id, at, kind, actor, detail FROM events"
                                 " WHERE ?2 IS NULL OR substr (kind, 1, length (?2)) = ?2"
                                 " ORDER BY at DESC, id DESC LIMIT ?1",
                                 what, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64)limit : -1);
  sqlite3_bind_text (stmt, 2, kind_prefix, -1, SQLITE_TRANSIENT);
  return bs_store_fetch_all (self, stmt, event_from_row,
                             (GDestroyNotify)bs_store_event_free, what, error);
}
