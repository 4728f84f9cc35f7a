#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-data-source.h"
#include "bs-store-private.h"

#define SELECT_COLUMNS \
  "SELECT id, name, kind, location, is_demo, created_at, settings FROM data_sources"

G_DEFINE_BOXED_TYPE (BsDataSource, bs_data_source, bs_data_source_copy, bs_data_source_free)

static const char * const kinds[] = { "sqlite", "csv", "prometheus", "grafana", NULL };

/* Per kind: the keys it may have, and (a prefix of them) the keys it cannot do without.
 * A closed list, so that nothing secret can slip into the database as a "setting". */
static const struct
{
  const char *kind;
  const char *keys[4];
  guint       n_required;
} settings_by_kind[] = {
  { "sqlite", { "path", NULL }, 1 },
  { "csv", { "database", "table", "file", NULL }, 2 },
  { "prometheus", { "url", NULL }, 1 },
  { "grafana", { "url", "datasource_uid", "datasource_type", NULL }, 2 },
};

BsDataSource *
bs_data_source_copy (const BsDataSource *source)
{
  BsDataSource *copy;

  g_return_val_if_fail (source != NULL, NULL);

  copy = g_new0 (BsDataSource, 1);
  copy->id = source->id;
  copy->name = g_strdup (source->name);
  copy->kind = g_strdup (source->kind);
  copy->location = g_strdup (source->location);
  copy->is_demo = source->is_demo;
  copy->created_at = source->created_at != NULL ? g_date_time_ref (source->created_at) : NULL;
  copy->settings = source->settings != NULL ? json_object_ref (source->settings)
                                            : json_object_new ();
  return copy;
}

void
bs_data_source_free (BsDataSource *source)
{
  if (source == NULL)
    return;

  g_free (source->name);
  g_free (source->kind);
  g_free (source->location);
  g_clear_pointer (&source->created_at, g_date_time_unref);
  g_clear_pointer (&source->settings, json_object_unref);
  g_free (source);
}

gboolean
bs_data_source_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

const char * const *
bs_data_source_kinds (void)
{
  return kinds;
}

const char *
bs_data_source_get_setting (const BsDataSource *source,
                            const char         *key)
{
  JsonNode *node;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (source->settings == NULL)
    return NULL;

  node = json_object_get_member (source->settings, key);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

const char *
bs_data_source_get_path (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "path");
}

const char *
bs_data_source_get_database (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "database");
}

const char *
bs_data_source_get_table (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "table");
}

const char *
bs_data_source_get_file (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "file");
}

const char *
bs_data_source_get_url (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "url");
}

const char *
bs_data_source_get_datasource_uid (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "datasource_uid");
}

const char *
bs_data_source_get_datasource_type (const BsDataSource *source)
{
  return bs_data_source_get_setting (source, "datasource_type");
}

const char *
bs_data_source_get_sqlite_file (const BsDataSource *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  if (g_strcmp0 (source->kind, "sqlite") == 0)
    return bs_data_source_get_path (source);
  if (g_strcmp0 (source->kind, "csv") == 0)
    return bs_data_source_get_database (source);
  return NULL;
}

char *
bs_data_source_secret_key (gint64 id)
{
  return g_strdup_printf ("datasource-%" G_GINT64_FORMAT, id);
}

static gint
kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings_by_kind); i++)
    if (g_strcmp0 (settings_by_kind[i].kind, kind) == 0)
      return i;
  return -1;
}

static gboolean
check_setting_value (const char  *kind,
                     const char  *key,
                     JsonNode    *node,
                     GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "The setting “%s” of a %s data source must be a string", key, kind);
      return FALSE;
    }

  if (json_node_get_string (node)[0] == '\0')
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "The setting “%s” of a %s data source must not be empty", key, kind);
      return FALSE;
    }

  return TRUE;
}

gboolean
bs_data_source_check_settings (const char  *kind,
                               JsonObject  *settings,
                               GError     **error)
{
  g_autoptr(GList) members = NULL;
  gint index;

  g_return_val_if_fail (settings != NULL, FALSE);

  if ((index = kind_index (kind)) < 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "“%s” is not a kind of data source this version knows "
                   "(sqlite, csv, prometheus or grafana)", kind != NULL ? kind : "");
      return FALSE;
    }

  members = json_object_get_members (settings);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (!g_strv_contains (settings_by_kind[index].keys, key))
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                       "A %s data source has no setting “%s”", kind, key);
          return FALSE;
        }
      if (!check_setting_value (kind, key, json_object_get_member (settings, key), error))
        return FALSE;
    }

  for (guint i = 0; i < settings_by_kind[index].n_required; i++)
    {
      const char *key = settings_by_kind[index].keys[i];

      if (!json_object_has_member (settings, key))
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                       "A %s data source needs the setting “%s”", kind, key);
          return FALSE;
        }
    }

  return TRUE;
}

static JsonObject *
settings_from_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  /* The column is checked with json_valid(); an object is all this module ever writes. */
  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();

  return json_object_ref (json_node_get_object (root));
}

static char *
settings_to_text (JsonObject *settings)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), settings);

  return json_to_string (node, FALSE);
}

/* The kind's main setting, as the location column has always held it. */
static const char *
location_from_settings (JsonObject *settings)
{
  const char *keys[] = { "path", "database", "url", "file" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (settings, keys[i]))
      return json_object_get_string_member (settings, keys[i]);
  return "";
}

static JsonObject *
settings_from_location (const char *kind,
                        const char *location)
{
  JsonObject *settings = json_object_new ();
  const char *key = "url";

  if (g_strcmp0 (kind, "sqlite") == 0)
    key = "path";
  else if (g_strcmp0 (kind, "csv") == 0)
    key = "file";
  if (location[0] != '\0')
    json_object_set_string_member (settings, key, location);
  return settings;
}

static gpointer
source_from_row (sqlite3_stmt *stmt)
{
  BsDataSource *source = g_new0 (BsDataSource, 1);

  source->id = sqlite3_column_int64 (stmt, 0);
  source->name = bs_store_column_dup (stmt, 1);
  source->kind = bs_store_column_dup (stmt, 2);
  source->location = bs_store_column_dup (stmt, 3);
  source->is_demo = sqlite3_column_int (stmt, 4) != 0;
  source->created_at = bs_store_column_time (stmt, 5);
  source->settings = settings_from_text ((const char *)sqlite3_column_text (stmt, 6));
  return source;
}

static gboolean
check_new_source (const char  *name,
                  const char  *kind,
                  GError     **error)
{
  if (name[0] == '\0')
    {
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                           "Could not add the data source: it needs a name");
      return FALSE;
    }

  if (!bs_data_source_kind_is_valid (kind))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "Could not add the data source “%s”: “%s” is not a kind of data source "
                   "this version knows (sqlite, csv, prometheus or grafana)", name, kind);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_name_error (GError     **error,
                GError      *local_error,
                const char  *what)
{
  /* With the kind and settings checked before, the one rule left to break is the unique
   * name. */
  if (g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: a data source with that name already exists; pick another name",
                   what);
      g_error_free (local_error);
    }
  else
    g_propagate_error (error, local_error);
  return FALSE;
}

static BsDataSource *
insert_source (BsStore     *store,
               const char  *name,
               const char  *kind,
               JsonObject  *settings,
               gboolean     is_demo,
               GError     **error)
{
  g_autofree char *what = NULL;
  g_autofree char *settings_text = settings_to_text (settings);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;

  what = g_strdup_printf ("Could not add the data source “%s”", name);
  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO data_sources"
                                 " (name, kind, location, is_demo, created_at, settings)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 what, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, location_from_settings (settings), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, is_demo ? 1 : 0);
  bs_store_bind_now (stmt, 5);
  sqlite3_bind_text (stmt, 6, settings_text, -1, SQLITE_TRANSIENT);

  if (!bs_store_step_done (store, stmt, what, &local_error))
    {
      set_name_error (error, local_error, what);
      return NULL;
    }

  return bs_data_source_lookup (store, sqlite3_last_insert_rowid (bs_store_get_db (store)),
                                error);
}

BsDataSource *
bs_data_source_add (BsStore     *store,
                    const char  *name,
                    const char  *kind,
                    const char  *location,
                    gboolean     is_demo,
                    GError     **error)
{
  g_autoptr(JsonObject) settings = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (location != NULL, NULL);

  if (!check_new_source (name, kind, error))
    return NULL;

  settings = settings_from_location (kind, location);
  return insert_source (store, name, kind, settings, is_demo, error);
}

BsDataSource *
bs_data_source_add_with_settings (BsStore     *store,
                                  const char  *name,
                                  const char  *kind,
                                  JsonObject  *settings,
                                  gboolean     is_demo,
                                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  if (!check_new_source (name, kind, error))
    return NULL;

  if (!bs_data_source_check_settings (kind, settings, &local_error))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "Could not add the data source “%s”: %s", name, local_error->message);
      return NULL;
    }

  return insert_source (store, name, kind, settings, is_demo, error);
}

static gboolean
run_update (BsStore     *store,
            gint64       id,
            const char  *name,
            JsonObject  *settings,
            const char  *what,
            GError     **error)
{
  g_autofree char *settings_text = settings != NULL ? settings_to_text (settings) : NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE data_sources SET"
                                 " name = coalesce (?2, name),"
                                 " settings = coalesce (?3, settings),"
                                 " location = coalesce (?4, location)"
                                 " WHERE id = ?1",
                                 what, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, settings_text, -1, SQLITE_TRANSIENT);
  if (settings != NULL)
    sqlite3_bind_text (stmt, 4, location_from_settings (settings), -1, SQLITE_TRANSIENT);

  if (!bs_store_step_done (store, stmt, what, &local_error))
    return set_name_error (error, local_error, what);

  return TRUE;
}

BsDataSource *
bs_data_source_update (BsStore     *store,
                       gint64       id,
                       const char  *name,
                       JsonObject  *settings,
                       GError     **error)
{
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!(source = bs_data_source_lookup (store, id, error)))
    return NULL;

  what = g_strdup_printf ("Could not change the data source “%s”", source->name);
  if (name != NULL && name[0] == '\0')
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: it needs a name", what);
      return NULL;
    }
  if (settings != NULL && !bs_data_source_check_settings (source->kind, settings, &local_error))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: %s", what, local_error->message);
      return NULL;
    }

  if (!run_update (store, id, name, settings, what, error))
    return NULL;

  return bs_data_source_lookup (store, id, error);
}

gboolean
bs_data_source_remove (BsStore  *store,
                       gint64    id,
                       GError  **error)
{
  const char *what = "Could not remove the data source";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  if (!(stmt = bs_store_prepare (store, "DELETE FROM data_sources WHERE id = ?1", what, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (bs_store_get_db (store)) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                   "There is no data source with id %" G_GINT64_FORMAT " in this workspace", id);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
bs_data_source_list (BsStore  *store,
                     GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_all (store, SELECT_COLUMNS " ORDER BY id", source_from_row,
                             (GDestroyNotify)bs_data_source_free,
                             "Could not read the data sources", error);
}

BsDataSource *
bs_data_source_lookup (BsStore  *store,
                       gint64    id,
                       GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_by_id (store, SELECT_COLUMNS " WHERE id = ?1", id, source_from_row,
                               "data source", error);
}

BsDataSource *
bs_data_source_find_demo (BsStore  *store,
                          GError  **error)
{
  const char *what = "Could not look for the demo data source";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BsDataSource *source;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!(stmt = bs_store_prepare (store, SELECT_COLUMNS " WHERE is_demo ORDER BY id LIMIT 1",
                                 what, error)))
    return NULL;

  bs_store_fetch_one (store, stmt, source_from_row, (gpointer *)&source, what, error);
  return source;
}
