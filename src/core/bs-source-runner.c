#define G_LOG_DOMAIN "bs-source-runner"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "bs-grafana-proxy.h"
#include "bs-prometheus-client.h"
#include "bs-query-sql.h"
#include "bs-source-runner.h"

/* VM steps between two looks at the cancellable while SQLite runs a statement. */
#define CANCEL_CHECK_STEPS 10000
/* Another connection (an import, an index being built) may hold the write lock a while. */
#define BUSY_TIMEOUT_MS 5000

G_DEFINE_QUARK (bs-source-runner-error-quark, bs_source_runner_error)

/* "file\ntable\ncolumn" of the time indexes made (or found) since the engine started. */
static GHashTable *indexed;
G_LOCK_DEFINE_STATIC (indexed);

BsSourceSpec *
bs_source_spec_new (gint64      id,
                    const char *name,
                    const char *kind)
{
  BsSourceSpec *self;

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_new0 (BsSourceSpec, 1);
  self->id = id;
  self->name = g_strdup (name != NULL ? name : "");
  self->kind = g_strdup (kind);
  return self;
}

void
bs_source_spec_free (BsSourceSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->kind);
  g_free (self->path);
  g_free (self->table);
  g_free (self->url);
  g_free (self->datasource_uid);
  g_free (self->datasource_type);
  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_free (self->token);
  g_free (self);
}

static gboolean
is_sql_kind (const BsSourceSpec *spec)
{
  return g_strcmp0 (spec->kind, "sqlite") == 0 || g_strcmp0 (spec->kind, "csv") == 0;
}

static gboolean
require (const char  *value,
         const char  *what,
         const char  *name,
         GError     **error)
{
  if (value != NULL && value[0] != '\0')
    return TRUE;

  g_set_error (error, BS_SOURCE_RUNNER_ERROR, BS_SOURCE_RUNNER_ERROR_SETTINGS,
               "The data source “%s” has no %s; edit it and set one", name, what);
  return FALSE;
}

static gboolean
unsupported (const BsSourceSpec  *spec,
             const char          *what,
             GError             **error)
{
  g_set_error (error, BS_SOURCE_RUNNER_ERROR, BS_SOURCE_RUNNER_ERROR_UNSUPPORTED,
               "The data source “%s” is a %s source, which cannot %s",
               spec->name, spec->kind, what);
  return FALSE;
}

/* SQLite */

static int
progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static sqlite3 *
open_database (const BsSourceSpec  *spec,
               int                  flags,
               GCancellable        *cancellable,
               GError             **error)
{
  sqlite3 *db = NULL;
  int rc;

  if (!require (spec->path, "file", spec->name, error))
    return NULL;

  rc = sqlite3_open_v2 (spec->path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BS_SOURCE_RUNNER_ERROR, BS_SOURCE_RUNNER_ERROR_OPEN,
                   "Could not open the SQLite file %s of the data source “%s”: %s",
                   spec->path, spec->name,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, progress_cb, cancellable);
  return db;
}

/* SQLite says "interrupted" when the progress handler stopped it: say why instead. */
static void
prefer_cancelled (GError       **error,
                  GCancellable  *cancellable)
{
  if (error == NULL || *error == NULL || !g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_error (error);
  g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* A CSV source shows its own table only, though its database holds every import. */
static gboolean
check_csv_table (const BsSourceSpec  *spec,
                 const char          *table,
                 GError             **error)
{
  if (g_strcmp0 (spec->kind, "csv") != 0 || g_strcmp0 (table, spec->table) == 0)
    return TRUE;

  g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
               "The data source “%s” has no table “%s”; its table is “%s”",
               spec->name, table, spec->table != NULL ? spec->table : "");
  return FALSE;
}

/* Only an optimisation: a failure is logged, and the query runs without the index. */
static void
ensure_time_index (const BsSourceSpec *spec,
                   const char         *table,
                   const char         *column,
                   GCancellable       *cancellable)
{
  g_autofree char *key = g_strjoin ("\n", spec->path, table, column, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* Held while the index is built, so that two queries do not both build it. */
  G_LOCK (indexed);
  if (indexed == NULL)
    indexed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (indexed, key))
    {
      G_UNLOCK (indexed);
      return;
    }

  db = open_database (spec, SQLITE_OPEN_READWRITE, cancellable, &error);
  if (db != NULL && bs_query_sql_ensure_time_index (db, table, column, &error))
    g_hash_table_add (indexed, g_steal_pointer (&key));
  G_UNLOCK (indexed);
  sqlite3_close (db);

  prefer_cancelled (&error, cancellable);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not index %s.%s in %s: %s", table, column, spec->path, error->message);
}

static JsonNode *
run_sql_query (const BsSourceSpec  *spec,
               const BsQuery       *query,
               GTimeZone           *tz,
               GDateTime           *now,
               guint                row_limit,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(BsQuerySql) sql = NULL;
  JsonNode *frame = NULL;
  sqlite3 *db;

  if (!check_csv_table (spec, query->table, error))
    return NULL;

  if (spec->owned && query->time_column != NULL)
    ensure_time_index (spec, query->table, query->time_column, cancellable);

  db = open_database (spec, SQLITE_OPEN_READONLY, cancellable, error);
  if (db == NULL)
    return NULL;

  if (bs_query_sql_render (query, db, tz, now, &sql, error))
    frame = bs_query_sql_execute (sql, db, row_limit, error);
  sqlite3_close (db);
  prefer_cancelled (error, cancellable);
  return frame;
}

/* Keeps the CSV source's own table. */
static void
keep_table (JsonNode   *schema,
            const char *table)
{
  JsonArray *tables = json_object_get_array_member (json_node_get_object (schema), "tables");

  for (guint i = json_array_get_length (tables); i > 0; i--)
    {
      JsonObject *item = json_array_get_object_element (tables, i - 1);

      if (g_strcmp0 (json_object_get_string_member (item, "name"), table) != 0)
        json_array_remove_element (tables, i - 1);
    }
}

static JsonNode *
describe_sql (const BsSourceSpec  *spec,
              const char          *metric,
              GCancellable        *cancellable,
              GError             **error)
{
  JsonNode *schema;
  sqlite3 *db;

  if (metric != NULL)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                   "The data source “%s” has tables, not metrics; leave out “metric”",
                   spec->name);
      return NULL;
    }

  db = open_database (spec, SQLITE_OPEN_READONLY, cancellable, error);
  if (db == NULL)
    return NULL;

  schema = bs_query_sql_describe (db, error);
  sqlite3_close (db);
  prefer_cancelled (error, cancellable);
  if (schema != NULL && g_strcmp0 (spec->kind, "csv") == 0)
    keep_table (schema, spec->table);
  return schema;
}

static JsonNode *
check_sql (const BsSourceSpec  *spec,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *message = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  db = open_database (spec, SQLITE_OPEN_READONLY, cancellable, error);
  if (db == NULL)
    return NULL;

  /* Opening is lazy: reading the schema is what shows a missing or foreign file. */
  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema WHERE name = ?1 OR"
                           " (?1 IS NULL AND type IN ('table', 'view'))", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, spec->table, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int count = sqlite3_column_int (stmt, 0);

      if (spec->table != NULL && count == 0)
        g_set_error (error, BS_SOURCE_RUNNER_ERROR, BS_SOURCE_RUNNER_ERROR_OPEN,
                     "The table “%s” of the data source “%s” is missing from %s",
                     spec->table, spec->name, spec->path);
      else if (spec->table != NULL)
        message = g_strdup_printf ("The table “%s” can be read", spec->table);
      else
        message = g_strdup_printf ("The file can be read: %d tables and views", count);
    }
  else
    g_set_error (error, BS_SOURCE_RUNNER_ERROR, BS_SOURCE_RUNNER_ERROR_OPEN,
                 "Could not read the SQLite file %s of the data source “%s”: %s",
                 spec->path, spec->name, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (message == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, sqlite3_libversion ());
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Prometheus's and Grafana's checks say nothing for a person to read. */
static JsonNode *
add_check_message (JsonNode   *check,
                   const char *what)
{
  JsonObject *object;

  if (check == NULL)
    return NULL;

  object = json_node_get_object (check);
  if (!json_object_has_member (object, "message"))
    json_object_set_string_member (object, "message", what);
  return check;
}

/* Public entry points */

JsonNode *
bs_source_runner_run_query (const BsSourceSpec  *spec,
                            const BsQuery       *query,
                            GTimeZone           *tz,
                            GDateTime           *now,
                            guint                row_limit,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (is_sql_kind (spec))
    return run_sql_query (spec, query, tz, now, row_limit, cancellable, error);

  if (!require (spec->url, "URL", spec->name, error))
    return NULL;
  if (g_strcmp0 (spec->kind, "prometheus") == 0)
    return bs_prometheus_client_run_query (spec->url, query, now, row_limit,
                                           cancellable, error);
  if (g_strcmp0 (spec->kind, "grafana") == 0)
    {
      if (!require (spec->token, "token", spec->name, error) ||
          !require (spec->datasource_uid, "Grafana data source", spec->name, error))
        return NULL;
      return bs_grafana_proxy_run_query (spec->url, spec->token, spec->datasource_uid,
                                         spec->datasource_type, query, now, row_limit,
                                         cancellable, error);
    }

  unsupported (spec, "run queries", error);
  return NULL;
}

JsonNode *
bs_source_runner_describe (const BsSourceSpec  *spec,
                           const char          *metric,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (is_sql_kind (spec))
    return describe_sql (spec, metric, cancellable, error);

  if (!require (spec->url, "URL", spec->name, error))
    return NULL;
  if (g_strcmp0 (spec->kind, "prometheus") == 0)
    return bs_prometheus_client_describe (spec->url, metric, cancellable, error);
  if (g_strcmp0 (spec->kind, "grafana") == 0)
    {
      if (!require (spec->token, "token", spec->name, error) ||
          !require (spec->datasource_uid, "Grafana data source", spec->name, error))
        return NULL;
      return bs_grafana_proxy_describe (spec->url, spec->token, spec->datasource_uid,
                                        metric, cancellable, error);
    }

  unsupported (spec, "describe its contents", error);
  return NULL;
}

JsonNode *
bs_source_runner_preview_rows (const BsSourceSpec  *spec,
                               const char          *table,
                               guint                limit,
                               guint                offset,
                               GCancellable        *cancellable,
                               GError             **error)
{
  JsonNode *frame;
  sqlite3 *db;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!is_sql_kind (spec))
    {
      unsupported (spec, "show the rows of a table; it has metrics", error);
      return NULL;
    }

  if (!check_csv_table (spec, table, error))
    return NULL;

  db = open_database (spec, SQLITE_OPEN_READONLY, cancellable, error);
  if (db == NULL)
    return NULL;

  frame = bs_query_sql_preview_rows (db, table, limit, offset, error);
  sqlite3_close (db);
  prefer_cancelled (error, cancellable);
  return frame;
}

JsonNode *
bs_source_runner_check (const BsSourceSpec  *spec,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (is_sql_kind (spec))
    return check_sql (spec, cancellable, error);

  if (!require (spec->url, "URL", spec->name, error))
    return NULL;
  if (g_strcmp0 (spec->kind, "prometheus") == 0)
    return add_check_message (bs_prometheus_client_check (spec->url, cancellable, error),
                              "Prometheus answers");
  if (g_strcmp0 (spec->kind, "grafana") == 0)
    {
      if (!require (spec->token, "token", spec->name, error))
        return NULL;
      return add_check_message (bs_grafana_proxy_check (spec->url, spec->token,
                                                        cancellable, error),
                                "Grafana answers");
    }

  unsupported (spec, "be checked", error);
  return NULL;
}
