#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-grafana-instance.h"
#include "bs-json-fields.h"
#include "bs-store-private.h"

G_DEFINE_QUARK (bs-grafana-instance-error-quark, bs_grafana_instance_error)

#define COLUMNS \
  "SELECT id, name, url, org_id, folder_uid, folder_title, labels, tls_skip_verify, ca_file," \
  " created_at, updated_at FROM grafana_instances"

#define MAX_TEXT_BYTES 4096

BsGrafanaInstance *
bs_grafana_instance_new (void)
{
  BsGrafanaInstance *self = g_new0 (BsGrafanaInstance, 1);

  self->org_id = 1;
  self->labels = json_object_new ();
  return self;
}

void
bs_grafana_instance_free (BsGrafanaInstance *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->url);
  g_free (self->folder_uid);
  g_free (self->folder_title);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self->ca_file);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self);
}

char *
bs_grafana_instance_secret_key (gint64 id)
{
  return g_strdup_printf ("grafana-instance-%" G_GINT64_FORMAT, id);
}

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  return bs_json_field_invalid (error, BS_GRAFANA_INSTANCE_ERROR,
                                BS_GRAFANA_INSTANCE_ERROR_INVALID, field, what);
}

/* Checking */

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return invalid (error, "url", _("is required"));
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return invalid (error, "url", _("must be an http:// or https:// address with a host, such "
                                    "as https://grafana.example.com/"));
  /* A user name or password in the URL would land in the database: the token has its own
   * field. Grafana's API paths are appended to the URL, so a query cannot stay on it. */
  if (g_uri_get_userinfo (uri) != NULL)
    return invalid (error, "url", _("must not contain a user name or password; put the "
                                    "service-account token in the field “token”"));
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return invalid (error, "url", _("must not have a query (?…) or a fragment (#…); a path "
                                    "such as /grafana is allowed"));
  return TRUE;
}

static gboolean
is_uid_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

static gboolean
check_folder (const BsGrafanaInstance  *self,
              GError                  **error)
{
  if (self->folder_uid != NULL)
    {
      gsize length = strlen (self->folder_uid);

      if (length == 0 || length > BS_GRAFANA_INSTANCE_MAX_UID)
        return invalid (error, "folder_uid", _("must be 1 to 40 characters long"));
      for (const char *p = self->folder_uid; *p != '\0'; p++)
        if (!is_uid_char (*p))
          return invalid (error, "folder_uid", _("may only contain letters, digits, “-” and "
                                                 "“_”, as Grafana’s uids do"));
    }
  if (self->folder_title != NULL &&
      !bs_json_field_check_title (self->folder_title, "folder_title", BS_GRAFANA_INSTANCE_ERROR,
                                  BS_GRAFANA_INSTANCE_ERROR_INVALID, error))
    return FALSE;
  return TRUE;
}

static gboolean
is_label_key (const char *key)
{
  if (!(g_ascii_isalpha (key[0]) || key[0] == '_'))
    return FALSE;
  for (const char *p = key + 1; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static gboolean
check_labels (JsonObject  *labels,
              GError     **error)
{
  g_autoptr(GList) keys = json_object_get_members (labels);

  if (json_object_get_size (labels) > BS_GRAFANA_INSTANCE_MAX_LABELS)
    return invalid (error, "labels", _("may have at most 32 labels"));
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (labels, l->data);
      g_autofree char *field = g_strdup_printf ("labels.%s", (const char *) l->data);

      if (!is_label_key (l->data))
        {
          g_set_error (error, BS_GRAFANA_INSTANCE_ERROR, BS_GRAFANA_INSTANCE_ERROR_INVALID,
                       _("The field “labels” has the key “%s”: a label key starts with a "
                         "letter or “_” and has only letters, digits and “_”"),
                       (const char *) l->data);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return invalid (error, field, _("must be a string"));
      if (!bs_json_field_check_text (json_node_get_string (value), field, MAX_TEXT_BYTES,
                                     BS_GRAFANA_INSTANCE_ERROR,
                                     BS_GRAFANA_INSTANCE_ERROR_INVALID, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_ca_file (const char  *ca_file,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *certificates;

  if (ca_file == NULL)
    return TRUE;
  if (!g_path_is_absolute (ca_file))
    {
      g_set_error (error, BS_GRAFANA_INSTANCE_ERROR, BS_GRAFANA_INSTANCE_ERROR_INVALID,
                   _("The field “ca_file” must be an absolute path, not “%s”"), ca_file);
      return FALSE;
    }
  certificates = g_tls_certificate_list_new_from_file (ca_file, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, BS_GRAFANA_INSTANCE_ERROR, BS_GRAFANA_INSTANCE_ERROR_INVALID,
                   _("The field “ca_file” names %s, which cannot be read as PEM certificates: "
                     "%s"), ca_file,
                   local_error != NULL ? local_error->message : _("it holds no certificate"));
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);
  return TRUE;
}

gboolean
bs_grafana_instance_validate (const BsGrafanaInstance  *self,
                              GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bs_json_field_check_title (self->name, "name", BS_GRAFANA_INSTANCE_ERROR,
                                  BS_GRAFANA_INSTANCE_ERROR_INVALID, error) ||
      !check_url (self->url, error))
    return FALSE;
  if (self->org_id < 1)
    return invalid (error, "org_id", _("must be a whole number of at least 1"));
  return check_folder (self, error) &&
         check_labels (self->labels, error) &&
         check_ca_file (self->ca_file, error);
}

/* JSON in */

static const char * const known_fields[] = {
  "name", "url", "org_id", "folder_uid", "folder_title", "labels", "tls_skip_verify",
  "ca_file", "token", NULL
};

static gboolean
check_known (JsonObject  *object,
             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known_fields, l->data))
      {
        g_set_error (error, BS_GRAFANA_INSTANCE_ERROR, BS_GRAFANA_INSTANCE_ERROR_INVALID,
                     _("A Grafana instance has no field “%s”; it takes name, url, org_id, "
                       "folder_uid, folder_title, labels, tls_skip_verify, ca_file and token"),
                     (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

/* Sets *@field to the string member @member when present; JSON null clears it when
 * @nullable. */
static gboolean
take_string (JsonObject  *object,
             const char  *member,
             gboolean     nullable,
             char       **field,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node) && nullable)
    {
      g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return invalid (error, member, _("must be a string"));
  if (!bs_json_field_get_string (object, member, member, &value, BS_GRAFANA_INSTANCE_ERROR,
                                 BS_GRAFANA_INSTANCE_ERROR_INVALID, error) ||
      !bs_json_field_check_text (value, member, MAX_TEXT_BYTES, BS_GRAFANA_INSTANCE_ERROR,
                                 BS_GRAFANA_INSTANCE_ERROR_INVALID, error))
    return FALSE;
  g_free (*field);
  /* An empty optional text means "none", as a cleared entry in a form does. */
  *field = nullable && value[0] == '\0' ? NULL : g_strdup (value);
  return TRUE;
}

static gboolean
take_org_id (BsGrafanaInstance  *self,
             JsonObject         *object,
             GError            **error)
{
  JsonNode *node = json_object_get_member (object, "org_id");

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, "org_id", _("must be a whole number of at least 1"));
  self->org_id = json_node_get_int (node);
  return TRUE;
}

static gboolean
take_labels (BsGrafanaInstance  *self,
             JsonObject         *object,
             GError            **error)
{
  JsonNode *node = json_object_get_member (object, "labels");
  g_autoptr(JsonNode) copy = NULL;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      json_object_unref (self->labels);
      self->labels = json_object_new ();
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "labels", _("must be an object of names to text, such as "
                                       "{\"client\": \"acme\"}"));
  copy = json_node_copy (node);
  json_object_unref (self->labels);
  self->labels = json_object_ref (json_node_get_object (copy));
  return TRUE;
}

static gboolean
take_token (JsonObject   *object,
            const char  **out_token,
            GError      **error)
{
  const char *token;

  if (!bs_json_field_get_string (object, "token", "token", &token, BS_GRAFANA_INSTANCE_ERROR,
                                 BS_GRAFANA_INSTANCE_ERROR_INVALID, error))
    return FALSE;
  if (token != NULL && token[0] == '\0')
    return invalid (error, "token", _("must not be empty"));
  if (token != NULL && strlen (token) > BS_GRAFANA_INSTANCE_MAX_TOKEN)
    return invalid (error, "token", _("is longer than 4096 characters; paste the "
                                      "service-account token alone"));
  /* The token goes into an HTTP header: no line breaks or other control characters. */
  for (const char *p = token; p != NULL && *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) || *p == ' ')
      return invalid (error, "token", _("must not contain spaces or line breaks"));
  if (out_token != NULL)
    *out_token = token;
  return TRUE;
}

gboolean
bs_grafana_instance_apply_json (BsGrafanaInstance  *self,
                                JsonObject         *object,
                                const char        **out_token,
                                GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_token != NULL)
    *out_token = NULL;
  if (!check_known (object, error) ||
      !take_string (object, "name", FALSE, &self->name, error) ||
      !take_string (object, "url", FALSE, &self->url, error) ||
      !take_org_id (self, object, error) ||
      !take_string (object, "folder_uid", TRUE, &self->folder_uid, error) ||
      !take_string (object, "folder_title", TRUE, &self->folder_title, error) ||
      !take_labels (self, object, error) ||
      !bs_json_field_get_boolean (object, "tls_skip_verify", &self->tls_skip_verify,
                                  BS_GRAFANA_INSTANCE_ERROR, BS_GRAFANA_INSTANCE_ERROR_INVALID,
                                  error) ||
      !take_string (object, "ca_file", TRUE, &self->ca_file, error) ||
      !take_token (object, out_token, error))
    return FALSE;
  return bs_grafana_instance_validate (self, error);
}

/* JSON out */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autofree char *text = time != NULL ? bs_store_format_iso8601 (time) : NULL;

  add_string_or_null (builder, member, text);
}

JsonNode *
bs_grafana_instance_to_json (const BsGrafanaInstance *self,
                             gboolean                 has_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *labels;

  g_return_val_if_fail (self != NULL, NULL);

  labels = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (labels, self->labels);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  add_string_or_null (builder, "name", self->name);
  add_string_or_null (builder, "url", self->url);
  json_builder_set_member_name (builder, "org_id");
  json_builder_add_int_value (builder, self->org_id);
  add_string_or_null (builder, "folder_uid", self->folder_uid);
  add_string_or_null (builder, "folder_title", self->folder_title);
  json_builder_set_member_name (builder, "labels");
  json_builder_add_value (builder, labels);
  json_builder_set_member_name (builder, "tls_skip_verify");
  json_builder_add_boolean_value (builder, self->tls_skip_verify);
  add_string_or_null (builder, "ca_file", self->ca_file);
  json_builder_set_member_name (builder, "has_token");
  json_builder_add_boolean_value (builder, has_token);
  add_time (builder, "created_at", self->created_at);
  add_time (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The store */

static JsonObject *
labels_from_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));
  return json_object_new ();
}

static gpointer
instance_from_row (sqlite3_stmt *stmt)
{
  BsGrafanaInstance *self = bs_grafana_instance_new ();

  self->id = sqlite3_column_int64 (stmt, 0);
  self->name = bs_store_column_dup (stmt, 1);
  self->url = bs_store_column_dup (stmt, 2);
  self->org_id = sqlite3_column_int64 (stmt, 3);
  self->folder_uid = bs_store_column_dup (stmt, 4);
  self->folder_title = bs_store_column_dup (stmt, 5);
  json_object_unref (self->labels);
  self->labels = labels_from_text ((const char *) sqlite3_column_text (stmt, 6));
  self->tls_skip_verify = sqlite3_column_int (stmt, 7) != 0;
  self->ca_file = bs_store_column_dup (stmt, 8);
  self->created_at = bs_store_column_time (stmt, 9);
  self->updated_at = bs_store_column_time (stmt, 10);
  return self;
}

BsGrafanaInstance *
bs_grafana_instance_lookup (BsStore  *store,
                            gint64    id,
                            GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_by_id (store, COLUMNS " WHERE id = ?1", id, instance_from_row,
                               "Grafana instance", error);
}

GPtrArray *
bs_grafana_instance_list (BsStore  *store,
                          GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_all (store, COLUMNS " ORDER BY name, id", instance_from_row,
                             (GDestroyNotify) bs_grafana_instance_free,
                             "Could not read the Grafana instances", error);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Runs @sql, whose ?1 is the id (NULL for a new row), ?2 to ?9 the columns and ?10 now. */
static gboolean
write_row (BsStore                  *store,
           const BsGrafanaInstance  *self,
           const char               *sql,
           const char               *what,
           GError                  **error)
{
  g_autoptr(JsonNode) labels = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *labels_text = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!bs_grafana_instance_validate (self, error) ||
      !(stmt = bs_store_prepare (store, sql, what, error)))
    return FALSE;
  json_node_set_object (labels, self->labels);
  labels_text = json_to_string (labels, FALSE);
  if (self->id > 0)
    sqlite3_bind_int64 (stmt, 1, self->id);
  else
    sqlite3_bind_null (stmt, 1);
  bind_text_or_null (stmt, 2, self->name);
  bind_text_or_null (stmt, 3, self->url);
  sqlite3_bind_int64 (stmt, 4, self->org_id);
  bind_text_or_null (stmt, 5, self->folder_uid);
  bind_text_or_null (stmt, 6, self->folder_title);
  bind_text_or_null (stmt, 7, labels_text);
  sqlite3_bind_int (stmt, 8, self->tls_skip_verify ? 1 : 0);
  bind_text_or_null (stmt, 9, self->ca_file);
  bs_store_bind_now (stmt, 10);
  if (bs_store_step_done (store, stmt, what, &local_error))
    return TRUE;
  /* With every field checked before, the one rule left to break is the unique name. */
  if (g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
    g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                 _("%s: a Grafana instance named “%s” already exists; pick another name"),
                 what, self->name);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
reread (BsStore            *store,
        BsGrafanaInstance  *self,
        GError            **error)
{
  g_autoptr(BsGrafanaInstance) stored = bs_grafana_instance_lookup (store, self->id, error);

  if (stored == NULL)
    return FALSE;
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->created_at = g_date_time_ref (stored->created_at);
  self->updated_at = g_date_time_ref (stored->updated_at);
  return TRUE;
}

gboolean
bs_grafana_instance_insert (BsStore            *store,
                            BsGrafanaInstance  *self,
                            GError            **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->id == 0, FALSE);

  what = g_strdup_printf (_("Could not add the Grafana instance “%s”"), self->name);
  if (!write_row (store, self,
                  "INSERT INTO grafana_instances (id, name, url, org_id, folder_uid,"
                  " folder_title, labels, tls_skip_verify, ca_file, created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                  what, error))
    return FALSE;
  self->id = sqlite3_last_insert_rowid (bs_store_get_db (store));
  return reread (store, self, error);
}

static gboolean
check_changed (BsStore  *store,
               gint64    id,
               GError  **error)
{
  g_autofree char *id_text = NULL;

  if (sqlite3_changes (bs_store_get_db (store)) > 0)
    return TRUE;
  /* As text: gettext cannot read a G_GINT64_FORMAT inside a message. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
               _("There is no Grafana instance with id %s in this workspace"), id_text);
  return FALSE;
}

gboolean
bs_grafana_instance_update (BsStore            *store,
                            BsGrafanaInstance  *self,
                            GError            **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);

  what = g_strdup_printf (_("Could not change the Grafana instance “%s”"), self->name);
  if (!write_row (store, self,
                  "UPDATE grafana_instances SET name = ?2, url = ?3, org_id = ?4,"
                  " folder_uid = ?5, folder_title = ?6, labels = ?7, tls_skip_verify = ?8,"
                  " ca_file = ?9, updated_at = ?10 WHERE id = ?1",
                  what, error) ||
      !check_changed (store, self->id, error))
    return FALSE;
  return reread (store, self, error);
}

gboolean
bs_grafana_instance_delete (BsStore  *store,
                            gint64    id,
                            GError  **error)
{
  const char *what = _("Could not delete the Grafana instance");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  if (!(stmt = bs_store_prepare (store, "DELETE FROM grafana_instances WHERE id = ?1", what,
                                 error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return bs_store_step_done (store, stmt, what, error) && check_changed (store, id, error);
}
