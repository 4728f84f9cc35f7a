#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-data-source.h"
#include "bs-store-private.h"

#define SELECT_COLUMNS "SELECT id, name, kind, location, is_demo, created_at FROM data_sources"

G_DEFINE_BOXED_TYPE (BsDataSource, bs_data_source, bs_data_source_copy, bs_data_source_free)

static const char * const kinds[] = { "sqlite", "csv", "prometheus", "grafana", NULL };

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
  g_free (source);
}

gboolean
bs_data_source_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
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

BsDataSource *
bs_data_source_add (BsStore     *store,
                    const char  *name,
                    const char  *kind,
                    const char  *location,
                    gboolean     is_demo,
                    GError     **error)
{
  g_autofree char *what = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (location != NULL, NULL);

  if (!check_new_source (name, kind, error))
    return NULL;

  what = g_strdup_printf ("Could not add the data source “%s”", name);
  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO data_sources"
                                 " (name, kind, location, is_demo, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5)",
                                 what, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, location, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, is_demo ? 1 : 0);
  bs_store_bind_now (stmt, 5);

  if (!bs_store_step_done (store, stmt, what, &local_error))
    {
      /* With the kind checked above, the one rule left to break is the unique name. */
      if (g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
        g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                     "%s: a data source with that name already exists; pick another name",
                     what);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return bs_data_source_lookup (store, sqlite3_last_insert_rowid (bs_store_get_db (store)),
                                error);
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
