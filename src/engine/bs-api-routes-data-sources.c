#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "bs-alert-store.h"
#include "bs-api-routes-alerts-private.h"
#include "bs-api-routes-private.h"
#include "bs-api-secrets.h"
#include "bs-data-source.h"
#include "bs-engine-data-sources.h"
#include "bs-engine-json.h"

#define MAX_NAME_LENGTH  100
#define MAX_TOKEN_LENGTH 4096

/* Answers 404 (or the store's failure) and returns NULL when there is no such source. */
static BsDataSource *
lookup_source (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  BsDataSource *source;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "data source", &id))
    return NULL;

  if (!(source = bs_data_source_lookup (bs_api_request_get_store (request), id, &error)))
    bs_api_request_respond_gerror (request, error);
  return source;
}

static gint64
source_secret_id (gconstpointer item)
{
  const BsDataSource *source = item;

  return g_strcmp0 (source->kind, "grafana") == 0 ? source->id : 0;
}

static JsonNode *
source_to_json (gconstpointer item,
                gboolean      has_token)
{
  return bs_engine_data_source_to_json (item, has_token);
}

/* The token of a Grafana source is its secret. */
static const BsApiSecretKind source_kind = {
  "data source", "a token", bs_data_source_secret_key, source_secret_id, source_to_json,
};

static void
respond_source (BsApiRequest *request,
                BsDataSource *source,
                guint         status)
{
  g_autoptr(GPtrArray) sources = NULL;

  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_data_source_free);

  g_ptr_array_add (sources, source);
  bs_api_secrets_respond_items (request, &source_kind, sources, TRUE, status);
}

void
bs_api_routes_list_datasources (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = bs_data_source_list (bs_api_request_get_store (request),
                                                      &error);

  if (sources == NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  bs_api_secrets_respond_items (request, &source_kind, sources, FALSE, SOUP_STATUS_OK);
}

void
bs_api_routes_get_datasource (BsApiRequest *request)
{
  BsDataSource *source;

  if ((source = lookup_source (request)) != NULL)
    respond_source (request, source, SOUP_STATUS_OK);
}

/* Reading and checking the body */

/* The fields the body may have for a source of @kind. */
static gboolean
field_is_known (const char *kind,
                const char *field)
{
  const char * const sqlite_fields[] = { "path", NULL };
  const char * const prometheus_fields[] = { "url", NULL };
  const char * const grafana_fields[] = { "url", "token", "datasource_uid", "datasource_type",
                                          NULL };

  if (g_str_equal (field, "name") || g_str_equal (field, "kind"))
    return TRUE;
  if (g_str_equal (kind, "sqlite"))
    return g_strv_contains (sqlite_fields, field);
  if (g_str_equal (kind, "prometheus"))
    return g_strv_contains (prometheus_fields, field);
  if (g_str_equal (kind, "grafana"))
    return g_strv_contains (grafana_fields, field);
  return FALSE;
}

static const char *
fields_text (const char *kind)
{
  if (g_str_equal (kind, "sqlite"))
    return "name, path";
  if (g_str_equal (kind, "prometheus"))
    return "name, url";
  if (g_str_equal (kind, "grafana"))
    return "name, url, token, datasource_uid, datasource_type";
  return "name";
}

static gboolean
check_fields (BsApiRequest *request,
              const char   *kind)
{
  g_autoptr(GList) members = json_object_get_members (bs_api_request_get_body (request));

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!field_is_known (kind, l->data))
        {
          bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                        "A %s data source has no field “%s”; it takes %s",
                                        kind, (const char *) l->data, fields_text (kind));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A string field that, when present, is not empty. */
static gboolean
read_text (BsApiRequest  *request,
           const char    *field,
           gboolean       required,
           const char   **out_value)
{
  if (!bs_api_request_get_string_field (request, field, required, out_value))
    return FALSE;

  if (*out_value != NULL && is_blank (*out_value))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “%s” must not be empty", field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_name (BsApiRequest  *request,
           gboolean       required,
           const char   **out_name)
{
  if (!read_text (request, "name", required, out_name))
    return FALSE;

  if (*out_name != NULL && g_utf8_strlen (*out_name, -1) > MAX_NAME_LENGTH)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “name” must be 1 to %d characters long",
                                    MAX_NAME_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_kind (BsApiRequest  *request,
           const char   **out_kind)
{
  if (!bs_api_request_get_string_field (request, "kind", TRUE, out_kind))
    return FALSE;

  if (!bs_data_source_kind_is_valid (*out_kind))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “kind” must be one of sqlite, csv, "
                                    "prometheus or grafana, not “%s”", *out_kind);
      return FALSE;
    }

  if (g_str_equal (*out_kind, "csv"))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "A csv data source is made by importing the file: use "
                                    "POST imports with {\"path\": \"/path/to/file.csv\"}");
      return FALSE;
    }
  return TRUE;
}

/* Why @path is not a file a data source may read, or NULL. */
static char *
describe_forbidden_file (BsApiRequest *request,
                         const char   *path)
{
  BsApiServer *server = bs_api_request_get_server (request);
  BsSecretStore *secrets = bs_api_server_get_secret_store (server);
  char *why;

  if ((why = bs_engine_describe_unreadable_file (path, NULL)) != NULL)
    return why;
  if (bs_engine_is_private_file (path, bs_api_server_get_data_dir (server),
                                 secrets != NULL ? bs_secret_store_get_file (secrets) : NULL))
    return g_strdup ("it is one of the engine's own private files");
  return NULL;
}

/* Why @path is not a SQLite database a source may read, or NULL if it is one. */
static char *
describe_unreadable_sqlite (BsApiRequest *request,
                            const char   *path)
{
  sqlite3 *db = NULL;
  char *why;
  int rc;

  if ((why = describe_forbidden_file (request, path)) != NULL)
    return why;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc == SQLITE_NOTADB)
    why = g_strdup ("the file is not a SQLite database");
  else if (rc != SQLITE_OK)
    why = g_strdup_printf ("SQLite cannot read it (%s)",
                           db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close (db);
  return why;
}

static gboolean
read_path (BsApiRequest *request,
           gboolean      required,
           JsonObject   *settings)
{
  g_autofree char *why = NULL;
  const char *path;

  if (!read_text (request, "path", required, &path))
    return FALSE;
  if (path == NULL)
    return TRUE;

  if ((why = describe_unreadable_sqlite (request, path)) != NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “path” must name a readable SQLite database, "
                                    "and %s is not one: %s", path, why);
      return FALSE;
    }

  json_object_set_string_member (settings, "path", path);
  return TRUE;
}

static gboolean
url_is_web (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL &&
         (g_str_equal (g_uri_get_scheme (uri), "http") ||
          g_str_equal (g_uri_get_scheme (uri), "https")) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0' &&
         g_uri_get_user (uri) == NULL;
}

static gboolean
read_url (BsApiRequest *request,
          gboolean      required,
          JsonObject   *settings)
{
  const char *url;

  if (!read_text (request, "url", required, &url))
    return FALSE;
  if (url == NULL)
    return TRUE;

  /* Credentials in a URL would land in the database; a token has its own field. */
  if (!url_is_web (url))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “url” must be an http:// or https:// address "
                                    "with a host and no user name, such as "
                                    "http://127.0.0.1:9090/, not “%s”", url);
      return FALSE;
    }

  json_object_set_string_member (settings, "url", url);
  return TRUE;
}

static gboolean
read_setting (BsApiRequest *request,
              const char   *field,
              gboolean      required,
              JsonObject   *settings)
{
  const char *value;

  if (!read_text (request, field, required, &value))
    return FALSE;
  if (value != NULL)
    json_object_set_string_member (settings, field, value);
  return TRUE;
}

/* Reads the settings of @kind into @settings; all required when @creating. */
static gboolean
read_settings (BsApiRequest *request,
               const char   *kind,
               gboolean      creating,
               JsonObject   *settings)
{
  if (g_str_equal (kind, "sqlite"))
    return read_path (request, creating, settings);
  if (g_str_equal (kind, "prometheus"))
    return read_url (request, creating, settings);
  if (g_str_equal (kind, "grafana"))
    return read_url (request, creating, settings) &&
           read_setting (request, "datasource_uid", creating, settings) &&
           read_setting (request, "datasource_type", creating, settings);
  return TRUE;
}

static gboolean
read_token (BsApiRequest  *request,
            const char    *kind,
            gboolean       required,
            const char   **out_token)
{
  *out_token = NULL;
  if (!g_str_equal (kind, "grafana"))
    return TRUE;

  if (!read_text (request, "token", required, out_token))
    return FALSE;
  if (*out_token != NULL && strlen (*out_token) > MAX_TOKEN_LENGTH)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “token” is longer than %d characters; paste "
                                    "the service-account token alone", MAX_TOKEN_LENGTH);
      return FALSE;
    }
  if (*out_token != NULL &&
      bs_api_secrets_get (request) == NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                    "The engine has no secret store to keep the token in; "
                                    "restart it once the keyring is available");
      return FALSE;
    }
  return TRUE;
}

/* Keeping the token */

typedef struct
{
  BsApiRequest *request;   /* deferred */
  BsDataSource *source;    /* as it is (created) or as it was (update, delete) */
  char         *name;      /* update: the new name, or NULL */
  JsonObject   *settings;  /* update: the new settings, or NULL */
  GPtrArray    *changed;   /* update: what changed, NULL-terminated */
} SecretChange;

static void
secret_change_free (SecretChange *change)
{
  bs_api_request_unref (change->request);
  bs_data_source_free (change->source);
  g_free (change->name);
  g_clear_pointer (&change->settings, json_object_unref);
  g_clear_pointer (&change->changed, g_ptr_array_unref);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretChange, secret_change_free)

static SecretChange *
secret_change_new (BsApiRequest *request,
                   BsDataSource *source)
{
  SecretChange *change = g_new0 (SecretChange, 1);

  change->request = bs_api_request_defer (request);
  change->source = source;
  return change;
}

/* POST datasources */

static void
respond_created (gpointer user_data)
{
  SecretChange *change = user_data;

  respond_source (change->request, g_steal_pointer (&change->source), SOUP_STATUS_CREATED);
}

/* A Grafana source without its token cannot work: take it back, and whatever part of the
 * token may have been kept, since a later source may get the same id. */
static void
take_back_source (gpointer user_data)
{
  SecretChange *change = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_engine_data_source_remove (bs_api_request_get_store (change->request),
                                     bs_api_request_get_actor (change->request),
                                     change->source, &error))
    g_warning ("Could not take back the data source %" G_GINT64_FORMAT " whose token could "
               "not be kept: %s", change->source->id, error->message);
  bs_api_secrets_forget (change->request, &source_kind, change->source->id);
}

void
bs_api_routes_create_datasource (BsApiRequest *request)
{
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(GError) error = NULL;
  BsDataSource *source;
  const char *name;
  const char *kind;
  const char *token;

  if (!read_kind (request, &kind) ||
      !check_fields (request, kind) ||
      !read_name (request, TRUE, &name) ||
      !read_settings (request, kind, TRUE, settings) ||
      !read_token (request, kind, TRUE, &token))
    return;

  source = bs_engine_data_source_create (bs_api_request_get_store (request),
                                         bs_api_request_get_actor (request), name, kind,
                                         settings, &error);
  if (source == NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  if (token != NULL)
    bs_api_secrets_store_then (request, &source_kind, source->id, source->name, token,
                               "Could not keep the token", respond_created, take_back_source,
                               secret_change_new (request, source),
                               (GDestroyNotify) secret_change_free);
  else
    respond_source (request, source, SOUP_STATUS_CREATED);
}

/* PUT datasources/{id} */

static void
apply_update (gpointer user_data)
{
  SecretChange *change = user_data;
  BsApiRequest *request = change->request;
  g_autoptr(GError) error = NULL;
  BsDataSource *updated;

  g_ptr_array_add (change->changed, NULL);
  updated = bs_engine_data_source_update (bs_api_request_get_store (request),
                                          bs_api_request_get_actor (request),
                                          change->source->id, change->name, change->settings,
                                          (const char * const *) change->changed->pdata,
                                          &error);
  if (updated == NULL)
    bs_api_request_respond_gerror (request, error);
  else
    respond_source (request, updated, SOUP_STATUS_OK);
}

static gboolean
check_same_kind (BsApiRequest       *request,
                 const BsDataSource *source)
{
  const char *kind;

  if (!bs_api_request_get_string_field (request, "kind", FALSE, &kind))
    return FALSE;

  if (kind != NULL && !g_str_equal (kind, source->kind))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “kind” cannot change: “%s” is a %s source; add "
                                    "a new data source instead", source->name, source->kind);
      return FALSE;
    }
  return TRUE;
}

static void
note_changes (SecretChange *change,
              JsonObject   *read,
              const char   *token)
{
  g_autoptr(GList) members = json_object_get_members (read);

  if (change->name != NULL)
    g_ptr_array_add (change->changed, g_strdup ("name"));
  for (GList *l = members; l != NULL; l = l->next)
    {
      json_object_set_member (change->settings, l->data,
                              json_node_copy (json_object_get_member (read, l->data)));
      g_ptr_array_add (change->changed, g_strdup (l->data));
    }
  if (token != NULL)
    g_ptr_array_add (change->changed, g_strdup ("token"));
}

void
bs_api_routes_update_datasource (BsApiRequest *request)
{
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(JsonObject) read = json_object_new ();
  g_autoptr(SecretChange) change = NULL;
  SecretChange *stored;
  const char *name;
  const char *token;

  if (!(source = lookup_source (request)))
    return;

  if (!check_same_kind (request, source) ||
      !check_fields (request, source->kind) ||
      !read_name (request, FALSE, &name) ||
      !read_settings (request, source->kind, FALSE, read) ||
      !read_token (request, source->kind, FALSE, &token))
    return;

  change = secret_change_new (request, g_steal_pointer (&source));
  change->name = g_strdup (name);
  change->settings = json_object_new ();
  change->changed = g_ptr_array_new_with_free_func (g_free);
  /* Start from the settings as they are, so that a partial update keeps the rest. */
  {
    g_autoptr(GList) old = json_object_get_members (change->source->settings);

    for (GList *l = old; l != NULL; l = l->next)
      json_object_set_member (change->settings, l->data,
                              json_node_copy (json_object_get_member (change->source->settings,
                                                                      l->data)));
  }
  note_changes (change, read, token);

  /* The token first: if the keyring refuses it, nothing has changed. */
  if (token == NULL)
    {
      apply_update (change);
      return;
    }
  stored = g_steal_pointer (&change);
  bs_api_secrets_store_then (request, &source_kind, stored->source->id, stored->source->name,
                             token, "Could not keep the new token; nothing was changed",
                             apply_update, NULL, stored, (GDestroyNotify) secret_change_free);
}

/* DELETE datasources/{id} */

static void
remove_row (SecretChange *change)
{
  g_autoptr(GError) error = NULL;

  if (!bs_engine_data_source_remove (bs_api_request_get_store (change->request),
                                     bs_api_request_get_actor (change->request),
                                     change->source, &error))
    bs_api_request_respond_gerror (change->request, error);
  else
    bs_api_request_respond_no_content (change->request);
}

static void
on_token_cleared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SecretChange) change = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_secret_store_clear_finish (BS_SECRET_STORE (object), result, &error))
    bs_api_secrets_respond_error (change->request, BS_SECRET_STORE (object),
                          "Could not remove the token, so the data source is kept", error);
  else
    remove_row (change);
}

typedef struct
{
  char *db_path;
  char *table;
} DropWork;

static void
drop_work_free (gpointer data)
{
  DropWork *work = data;

  g_free (work->db_path);
  g_free (work->table);
  g_free (work);
}

static JsonNode *
drop_table (gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  DropWork *work = data;

  if (!bs_engine_imports_drop_table (work->db_path, work->table, error))
    return NULL;
  return json_node_new (JSON_NODE_NULL);
}

static void
on_table_dropped (BsApiRequest *request,
                  JsonNode     *result,
                  const GError *error,
                  gpointer      data)
{
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(SecretChange) change = NULL;

  if (error != NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  /* The source was looked up before the table went; look again, it may be gone. */
  if (!(source = lookup_source (request)))
    return;
  change = secret_change_new (request, g_steal_pointer (&source));
  remove_row (change);
}

void
bs_api_routes_delete_datasource (BsApiRequest *request)
{
  const char *data_dir = bs_api_server_get_data_dir (bs_api_request_get_server (request));
  BsSecretStore *secrets = bs_api_secrets_get (request);
  g_autoptr(BsDataSource) source = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  SecretChange *change;
  DropWork *work;

  if (!(source = lookup_source (request)))
    return;

  /* Before anything is dropped or cleared: a source that rules read stays (409). */
  if (!bs_alert_store_check_source_unused (bs_api_request_get_store (request), source->id,
                                           source->name, &error))
    {
      bs_api_alerts_respond_gerror (request, error);
      return;
    }

  /* The table first, on a worker thread (a large one takes a while): if it cannot go,
   * the source stays and says where its data is. */
  if (bs_engine_imports_owns_source (data_dir, source))
    {
      work = g_new0 (DropWork, 1);
      work->db_path = g_strdup (bs_data_source_get_database (source));
      work->table = g_strdup (bs_data_source_get_table (source));
      bs_api_request_run_in_thread (request, drop_table, on_table_dropped, work,
                                    drop_work_free);
      return;
    }

  change = secret_change_new (request, g_steal_pointer (&source));
  if (g_str_equal (change->source->kind, "grafana") && secrets != NULL)
    {
      key = bs_data_source_secret_key (change->source->id);
      bs_secret_store_clear_async (secrets, key, bs_api_request_get_cancellable (request),
                                   on_token_cleared, change);
      return;
    }

  remove_row (change);
  secret_change_free (change);
}
