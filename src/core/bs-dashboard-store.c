#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <string.h>

#include "bs-dashboard-store.h"
#include "bs-store-private.h"

#define RECORD_COLUMNS \
  "id, uid, title, version, published, owner_token_id, owner_name, created_at, updated_at," \
  " panel_count"

/* Grafana's own uids are 14 characters of this alphabet; a collision is bad luck, and a
 * few tries make it vanish. */
#define UID_LENGTH   14
#define UID_ATTEMPTS 8
#define UID_MIN      8
#define UID_MAX      40

G_DEFINE_QUARK (bs-dashboard-store-error-quark, bs_dashboard_store_error)

void
bs_dashboard_record_free (BsDashboardRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->title);
  g_free (self->owner_name);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->document, json_node_unref);
  g_free (self);
}

void
bs_dashboard_version_free (BsDashboardVersion *self)
{
  if (self == NULL)
    return;

  g_free (self->title);
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_free (self->saved_by);
  g_free (self->message);
  g_clear_pointer (&self->document, json_node_unref);
  g_free (self);
}

/* Validation */

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_INVALID,
                       message);
  return FALSE;
}

static gboolean
uid_is_valid (const char *uid)
{
  gsize length = strlen (uid);

  if (length < UID_MIN || length > UID_MAX)
    return FALSE;
  for (const char *p = uid; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
check_title (JsonObject  *object,
             GError     **error)
{
  JsonNode *title = json_object_get_member (object, "title");
  g_autofree char *stripped = NULL;
  const char *text;

  if (title == NULL || JSON_NODE_HOLDS_NULL (title))
    return set_invalid (error, "The dashboard has no “title”; give it one");
  if (json_node_get_value_type (title) != G_TYPE_STRING)
    return set_invalid (error, "The dashboard's “title” must be a string");
  text = json_node_get_string (title);
  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    return set_invalid (error, "The dashboard's “title” is empty; give it a name");
  if (g_utf8_strlen (text, -1) > BS_DASHBOARD_TITLE_MAX)
    return set_invalid (error, "The dashboard's “title” has %ld characters; the most is %d",
                        g_utf8_strlen (text, -1), BS_DASHBOARD_TITLE_MAX);
  return TRUE;
}

static gboolean
check_uid (JsonObject  *object,
           GError     **error)
{
  JsonNode *uid = json_object_get_member (object, "uid");

  if (uid == NULL || JSON_NODE_HOLDS_NULL (uid))
    return TRUE;
  if (json_node_get_value_type (uid) != G_TYPE_STRING)
    return set_invalid (error, "The dashboard's “uid” must be a string (or left out to get "
                        "one made)");
  if (!uid_is_valid (json_node_get_string (uid)))
    return set_invalid (error, "The dashboard's “uid” “%s” must be %d to %d characters of "
                        "letters, digits, “-” and “_”; leave it out to get one made",
                        json_node_get_string (uid), UID_MIN, UID_MAX);
  return TRUE;
}

static gboolean
check_panels (JsonObject  *object,
              GError     **error)
{
  JsonNode *panels = json_object_get_member (object, "panels");
  JsonArray *array;

  if (panels == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (panels))
    return set_invalid (error, "The dashboard's “panels” must be an array of panels");
  array = json_node_get_array (panels);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      return set_invalid (error, "Panel %u of the dashboard (“panels[%u]”) must be an object",
                          i + 1, i);
  return TRUE;
}

gboolean
bs_dashboard_store_validate (JsonNode  *document,
                             GError   **error)
{
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return set_invalid (error, "A dashboard must be a JSON object (Grafana's dashboard JSON)");
  object = json_node_get_object (document);
  return check_title (object, error) && check_uid (object, error) &&
         check_panels (object, error);
}

static guint
count_in (JsonArray *panels)
{
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (panels); i++)
    {
      JsonNode *node = json_array_get_element (panels, i);
      JsonObject *panel;
      JsonNode *children;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      panel = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (panel, "type", ""),
                     "row") != 0)
        {
          count++;
          continue;
        }
      /* A collapsed row holds its panels; an open one has none of its own. */
      children = json_object_get_member (panel, "panels");
      if (children != NULL && JSON_NODE_HOLDS_ARRAY (children))
        count += count_in (json_node_get_array (children));
    }
  return count;
}

/* Panels that are not rows in a valid @document, those in rows' "panels" included. */
static guint
count_panels (JsonNode *document)
{
  JsonNode *panels = json_object_get_member (json_node_get_object (document), "panels");

  if (panels == NULL || !JSON_NODE_HOLDS_ARRAY (panels))
    return 0;
  return count_in (json_node_get_array (panels));
}

/* Transactions: see bs-alert-store.c. The engine wraps a change and its audit event in one
 * transaction, so a save nested in it is a savepoint; alone it takes the write lock. */

static gboolean
begin (BsStore   *store,
       gboolean  *out_nested,
       GError   **error)
{
  return bs_store_begin_part (store, "dashboard_store", out_nested, error);
}

static gboolean
commit (BsStore   *store,
        gboolean   nested,
        GError   **error)
{
  return bs_store_commit_part (store, "dashboard_store", nested, error);
}

/* Returns NULL for convenience. */
static gpointer
rollback (BsStore  *store,
          gboolean  nested)
{
  bs_store_rollback_part (store, "dashboard_store", nested);
  return NULL;
}

/* Rows */

static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static gpointer
record_from_row (sqlite3_stmt *stmt)
{
  BsDashboardRecord *record = g_new0 (BsDashboardRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->uid = bs_store_column_dup (stmt, 1);
  record->title = bs_store_column_dup (stmt, 2);
  record->version = sqlite3_column_int64 (stmt, 3);
  record->published = sqlite3_column_int (stmt, 4) != 0;
  record->owner_token_id = sqlite3_column_int64 (stmt, 5);
  record->owner_name = bs_store_column_dup (stmt, 6);
  record->created_at = bs_store_column_time (stmt, 7);
  record->updated_at = bs_store_column_time (stmt, 8);
  record->panel_count = sqlite3_column_int (stmt, 9);
  if (sqlite3_column_count (stmt) > 10)
    record->document = column_json (stmt, 10);
  return record;
}

static gpointer
version_from_row (sqlite3_stmt *stmt)
{
  BsDashboardVersion *version = g_new0 (BsDashboardVersion, 1);

  version->version = sqlite3_column_int64 (stmt, 0);
  version->title = bs_store_column_dup (stmt, 1);
  version->saved_at = bs_store_column_time (stmt, 2);
  version->saved_by = bs_store_column_dup (stmt, 3);
  version->message = bs_store_column_dup (stmt, 4);
  if (sqlite3_column_count (stmt) > 5)
    version->document = column_json (stmt, 5);
  return version;
}

static gboolean
set_not_found (GError     **error,
               const char  *uid)
{
  g_set_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND,
               "There is no dashboard with the uid “%s” in this workspace", uid);
  return FALSE;
}

BsDashboardRecord *
bs_dashboard_store_get (BsStore     *store,
                        const char  *uid,
                        GError     **error)
{
  const char *what = "Could not read the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gpointer record = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (!(stmt = bs_store_prepare (store, "SELECT " RECORD_COLUMNS ", document FROM dashboards"
                                 " WHERE uid = ?1", what, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (!bs_store_fetch_one (store, stmt, record_from_row, &record, what, error))
    return NULL;
  if (record == NULL)
    set_not_found (error, uid);
  return record;
}

GPtrArray *
bs_dashboard_store_list (BsStore  *store,
                         GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_all (store,
                             "SELECT " RECORD_COLUMNS " FROM dashboards"
                             " ORDER BY title COLLATE NOCASE, uid",
                             record_from_row, (GDestroyNotify) bs_dashboard_record_free,
                             "Could not read the dashboards", error);
}

/* The id and current version of @uid, or NOT_FOUND. */
static gboolean
lookup_row (BsStore     *store,
            const char  *uid,
            gint64      *out_id,
            gint64      *out_version,
            GError     **error)
{
  const char *what = "Could not read the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row = FALSE;

  if (!(stmt = bs_store_prepare (store, "SELECT id, version FROM dashboards WHERE uid = ?1",
                                 what, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (!bs_store_step (store, stmt, &has_row, what, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, uid);
  *out_id = sqlite3_column_int64 (stmt, 0);
  *out_version = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* Writing */

/* A copy of @document that says which dashboard and version it is. */
static char *
document_text (JsonNode    *document,
               const char  *uid,
               gint64       version)
{
  g_autoptr(JsonNode) copy = json_node_copy (document);
  JsonObject *object = json_node_get_object (copy);

  json_object_set_string_member (object, "uid", uid);
  json_object_set_int_member (object, "version", version);
  return json_to_string (copy, FALSE);
}

static const char *
document_title (JsonNode *document)
{
  return json_object_get_string_member (json_node_get_object (document), "title");
}

static gboolean
insert_version_row (BsStore     *store,
                    gint64       id,
                    gint64       version,
                    const char  *text,
                    const char  *saved_by,
                    const char  *message,
                    GError     **error)
{
  const char *what = "Could not keep the version of the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO dashboard_versions (dashboard_id, version,"
                                 " document, saved_at, saved_by, message)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  bs_store_bind_now (stmt, 4);
  sqlite3_bind_text (stmt, 5, saved_by != NULL ? saved_by : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, message != NULL ? message : "", -1, SQLITE_TRANSIENT);
  return bs_store_step_done (store, stmt, what, error);
}

static gboolean
uid_is_taken (BsStore     *store,
              const char  *uid,
              gboolean    *out_taken,
              GError     **error)
{
  const char *what = "Could not check the uid of the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store, "SELECT 1 FROM dashboards WHERE uid = ?1", what, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  return bs_store_step (store, stmt, out_taken, what, error);
}

static char *
make_uid (void)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *uid = g_new0 (char, UID_LENGTH + 1);

  for (guint i = 0; i < UID_LENGTH; i++)
    uid[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  return uid;
}

/* The document's uid, or a new one; CONFLICT when the document's is taken. */
static char *
pick_uid (BsStore     *store,
          JsonNode    *document,
          GError     **error)
{
  JsonNode *member = json_object_get_member (json_node_get_object (document), "uid");
  g_autofree char *uid = NULL;
  gboolean taken = TRUE;

  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      uid = g_strdup (json_node_get_string (member));
      if (!uid_is_taken (store, uid, &taken, error))
        return NULL;
      if (taken)
        {
          g_set_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT,
                       "Another dashboard has the uid “%s”; change the uid or leave it out "
                       "to get a new one", uid);
          return NULL;
        }
      return g_steal_pointer (&uid);
    }

  for (guint i = 0; i < UID_ATTEMPTS && taken; i++)
    {
      g_free (uid);
      uid = make_uid ();
      if (!uid_is_taken (store, uid, &taken, error))
        return NULL;
    }
  if (taken)
    {
      g_set_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT,
                   "Could not find a free uid for the dashboard; try again");
      return NULL;
    }
  return g_steal_pointer (&uid);
}

static gboolean
insert_dashboard_row (BsStore     *store,
                      JsonNode    *document,
                      const char  *uid,
                      const char  *text,
                      gint64       owner_token_id,
                      const char  *owner_name,
                      gint64      *out_id,
                      GError     **error)
{
  const char *what = "Could not add the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO dashboards (uid, title, document, version,"
                                 " panel_count, owner_token_id, owner_name, published,"
                                 " created_at, updated_at)"
                                 " VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, 0, ?7, ?7)", what, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document_title (document), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, count_panels (document));
  if (owner_token_id != 0)
    sqlite3_bind_int64 (stmt, 5, owner_token_id);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, owner_name != NULL ? owner_name : "", -1, SQLITE_TRANSIENT);
  bs_store_bind_now (stmt, 7);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (bs_store_get_db (store));
  return TRUE;
}

BsDashboardRecord *
bs_dashboard_store_insert (BsStore     *store,
                           JsonNode    *document,
                           gint64       owner_token_id,
                           const char  *owner_name,
                           const char  *message,
                           GError     **error)
{
  g_autofree char *uid = NULL;
  g_autofree char *text = NULL;
  gboolean nested = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (document != NULL, NULL);

  if (!bs_dashboard_store_validate (document, error) || !begin (store, &nested, error))
    return NULL;
  if (!(uid = pick_uid (store, document, error)))
    return rollback (store, nested);
  text = document_text (document, uid, 1);
  if (!insert_dashboard_row (store, document, uid, text, owner_token_id, owner_name, &id,
                             error) ||
      !insert_version_row (store, id, 1, text, owner_name, message, error) ||
      !commit (store, nested, error))
    return rollback (store, nested);
  return bs_dashboard_store_get (store, uid, error);
}

/* Makes @document version @version + 1 of the dashboard @id. */
static gboolean
save_next_version (BsStore     *store,
                   gint64       id,
                   const char  *uid,
                   gint64       version,
                   JsonNode    *document,
                   const char  *saved_by,
                   const char  *message,
                   GError     **error)
{
  const char *what = "Could not save the dashboard";
  g_autofree char *text = document_text (document, uid, version + 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE dashboards SET title = ?2, document = ?3,"
                                 " version = ?4, panel_count = ?5, updated_at = ?6"
                                 " WHERE id = ?1", what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, document_title (document), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, version + 1);
  sqlite3_bind_int (stmt, 5, count_panels (document));
  bs_store_bind_now (stmt, 6);
  return bs_store_step_done (store, stmt, what, error) &&
         insert_version_row (store, id, version + 1, text, saved_by, message, error);
}

static gboolean
check_same_uid (JsonNode    *document,
                const char  *uid,
                GError     **error)
{
  JsonNode *member = json_object_get_member (json_node_get_object (document), "uid");

  if (member == NULL || JSON_NODE_HOLDS_NULL (member) ||
      g_str_equal (json_node_get_string (member), uid))
    return TRUE;
  return set_invalid (error, "The dashboard's “uid” “%s” is not the one being saved (“%s”); "
                      "a dashboard's uid cannot change, so leave it out or import the "
                      "document as a new dashboard", json_node_get_string (member), uid);
}

BsDashboardRecord *
bs_dashboard_store_update (BsStore     *store,
                           const char  *uid,
                           JsonNode    *document,
                           gint64       base_version,
                           const char  *saved_by,
                           const char  *message,
                           GError     **error)
{
  gboolean nested = FALSE;
  gint64 id = 0;
  gint64 current = 0;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  g_return_val_if_fail (document != NULL, NULL);

  if (!bs_dashboard_store_validate (document, error) ||
      !check_same_uid (document, uid, error) ||
      !begin (store, &nested, error))
    return NULL;
  /* Read and written in one transaction, so no save can come between the check and ours. */
  if (!lookup_row (store, uid, &id, &current, error))
    return rollback (store, nested);
  if (current != base_version)
    {
      g_set_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT,
                   "Someone else saved the dashboard “%s” since you opened version %"
                   G_GINT64_FORMAT "; the current version is %" G_GINT64_FORMAT ". Load it "
                   "again and make your change there, so that theirs is not lost",
                   uid, base_version, current);
      return rollback (store, nested);
    }
  if (!save_next_version (store, id, uid, current, document, saved_by, message, error) ||
      !commit (store, nested, error))
    return rollback (store, nested);
  return bs_dashboard_store_get (store, uid, error);
}

gboolean
bs_dashboard_store_delete (BsStore     *store,
                           const char  *uid,
                           GError     **error)
{
  const char *what = "Could not delete the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);

  /* The versions go with it: ON DELETE CASCADE (the store turns foreign keys on). */
  if (!(stmt = bs_store_prepare (store, "DELETE FROM dashboards WHERE uid = ?1", what, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (bs_store_get_db (store)) == 0)
    return set_not_found (error, uid);
  return TRUE;
}

BsDashboardRecord *
bs_dashboard_store_set_published (BsStore     *store,
                                  const char  *uid,
                                  gboolean     published,
                                  GError     **error)
{
  const char *what = "Could not change who may read the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE dashboards SET published = ?2, updated_at = ?3"
                                 " WHERE uid = ?1", what, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, published ? 1 : 0);
  bs_store_bind_now (stmt, 3);
  if (!bs_store_step_done (store, stmt, what, error))
    return NULL;
  if (sqlite3_changes (bs_store_get_db (store)) == 0)
    {
      set_not_found (error, uid);
      return NULL;
    }
  return bs_dashboard_store_get (store, uid, error);
}

/* Versions */

#define VERSION_COLUMNS \
  "version, json_extract (document, '$.title'), saved_at, saved_by, message"

GPtrArray *
bs_dashboard_store_list_versions (BsStore     *store,
                                  const char  *uid,
                                  GError     **error)
{
  const char *what = "Could not read the versions of the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;
  gint64 current = 0;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (!lookup_row (store, uid, &id, &current, error) ||
      !(stmt = bs_store_prepare (store, "SELECT " VERSION_COLUMNS " FROM dashboard_versions"
                                 " WHERE dashboard_id = ?1 ORDER BY version DESC",
                                 what, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return bs_store_fetch_all (store, stmt, version_from_row,
                             (GDestroyNotify) bs_dashboard_version_free, what, error);
}

BsDashboardVersion *
bs_dashboard_store_get_version (BsStore     *store,
                                const char  *uid,
                                gint64       version,
                                GError     **error)
{
  const char *what = "Could not read the version of the dashboard";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gpointer found = NULL;
  gint64 id = 0;
  gint64 current = 0;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (!lookup_row (store, uid, &id, &current, error) ||
      !(stmt = bs_store_prepare (store, "SELECT " VERSION_COLUMNS ", document"
                                 " FROM dashboard_versions"
                                 " WHERE dashboard_id = ?1 AND version = ?2", what, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, version);
  if (!bs_store_fetch_one (store, stmt, version_from_row, &found, what, error))
    return NULL;
  if (found == NULL)
    g_set_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND,
                 "The dashboard “%s” has no version %" G_GINT64_FORMAT "; its versions are "
                 "1 to %" G_GINT64_FORMAT, uid, version, current);
  return found;
}

BsDashboardRecord *
bs_dashboard_store_restore (BsStore     *store,
                            const char  *uid,
                            gint64       version,
                            const char  *saved_by,
                            const char  *message,
                            GError     **error)
{
  g_autoptr(BsDashboardVersion) old = NULL;
  g_autofree char *default_message = NULL;
  gboolean nested = FALSE;
  gint64 id = 0;
  gint64 current = 0;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (!begin (store, &nested, error))
    return NULL;
  if (!(old = bs_dashboard_store_get_version (store, uid, version, error)) ||
      !lookup_row (store, uid, &id, &current, error))
    return rollback (store, nested);
  if (old->document == NULL || !JSON_NODE_HOLDS_OBJECT (old->document))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_QUERY,
                   "Version %" G_GINT64_FORMAT " of the dashboard “%s” cannot be read",
                   version, uid);
      return rollback (store, nested);
    }
  if (message == NULL)
    message = default_message = g_strdup_printf ("Restored version %" G_GINT64_FORMAT, version);
  if (!save_next_version (store, id, uid, current, old->document, saved_by, message, error) ||
      !commit (store, nested, error))
    return rollback (store, nested);
  return bs_dashboard_store_get (store, uid, error);
}
