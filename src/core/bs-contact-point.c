#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-contact-point.h"
#include "bs-json-fields.h"
#include "bs-store.h"

G_DEFINE_QUARK (bs-contact-point-error-quark, bs_contact_point_error)

#define URL_MAX_BYTES       2048
#define SETTINGS_MAX        32
#define SETTING_MAX_BYTES   1024

static const char * const kinds[] = { "slack", "webhook", "desktop", NULL };

BsContactPoint *
bs_contact_point_new (const char *name,
                      const char *kind)
{
  BsContactPoint *self = g_new0 (BsContactPoint, 1);

  self->name = g_strdup (name);
  self->kind = g_strdup (kind);
  self->settings = json_object_new ();
  self->send_resolved = TRUE;
  return self;
}

static JsonNode *deep_copy (JsonNode *node);

/* json_node_copy() shares objects and arrays; a copied contact point must not. */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, deep_copy (member));
  return copy;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, copy_object (json_node_get_object (node)));
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *dup = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (dup, deep_copy (json_array_get_element (array, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, dup);
      return copy;
    }
  return json_node_copy (node);
}

BsContactPoint *
bs_contact_point_copy (const BsContactPoint *self)
{
  BsContactPoint *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_contact_point_new (self->name, self->kind);
  copy->id = self->id;
  json_object_unref (copy->settings);
  copy->settings = copy_object (self->settings);
  copy->send_resolved = self->send_resolved;
  copy->created_at = self->created_at != NULL ? g_date_time_ref (self->created_at) : NULL;
  copy->updated_at = self->updated_at != NULL ? g_date_time_ref (self->updated_at) : NULL;
  return copy;
}

void
bs_contact_point_free (BsContactPoint *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->kind);
  json_object_unref (self->settings);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self);
}

gboolean
bs_contact_point_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

gboolean
bs_contact_point_kind_needs_url (const char *kind)
{
  return g_strcmp0 (kind, "slack") == 0 || g_strcmp0 (kind, "webhook") == 0;
}

char *
bs_contact_point_secret_key (gint64 id)
{
  return g_strdup_printf ("contact-point-%" PRId64, id);
}

/* The messages never quote the URL: it is a secret, and they end up in logs and answers. */
char *
bs_contact_point_check_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    return g_strdup (_("The URL is empty"));
  if (strlen (url) > URL_MAX_BYTES)
    return g_strdup (_("The URL is longer than 2048 characters"));
  /* GUri accepts spaces and control characters; an HTTP request line cannot carry them. */
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return g_strdup (_("The URL must not contain spaces or characters outside ASCII; "
                         "copy it again from the service that gave it"));
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return g_strdup (_("The URL is not a web address; it should look like "
                       "https://example.com/hooks/…"));
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return g_strdup (_("The URL must start with http:// or https://"));
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup (_("The URL has no host name after http:// or https://"));
  return NULL;
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autofree char *text = time != NULL ? bs_store_format_iso8601 (time) : NULL;

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
bs_contact_point_to_json (const BsContactPoint *self,
                          gboolean              has_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *settings;

  g_return_val_if_fail (self != NULL, NULL);

  settings = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (settings, copy_object (self->settings));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, self->kind);
  json_builder_set_member_name (builder, "settings");
  json_builder_add_value (builder, settings);
  json_builder_set_member_name (builder, "has_url");
  json_builder_add_boolean_value (builder, has_url);
  json_builder_set_member_name (builder, "send_resolved");
  json_builder_add_boolean_value (builder, self->send_resolved);
  add_time (builder, "created_at", self->created_at);
  add_time (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* JSON in */

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  return bs_json_field_invalid (error, BS_CONTACT_POINT_ERROR, BS_CONTACT_POINT_ERROR_INVALID,
                                field, what);
}

static gboolean
check_kind (const char  *kind,
            GError     **error)
{
  if (kind == NULL)
    return invalid (error, "kind", _("is required"));
  if (!bs_contact_point_kind_is_valid (kind))
    return invalid (error, "kind", _("must be one of slack, webhook, desktop"));
  return TRUE;
}

/* Settings show in lists; a URL or anything else secret sent here would be stored in plain
 * text, so "url" is refused and only short scalars are taken. */
static gboolean
check_setting (const char  *name,
               JsonNode    *value,
               GError     **error)
{
  g_autofree char *field = g_strdup_printf ("settings.%s", name);
  GType type;

  if (g_ascii_strcasecmp (name, "url") == 0)
    return invalid (error, field,
                    _("must not be set: give the URL as the field “url”, which is kept in "
                      "the secret store"));
  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (value))
    return invalid (error, field, _("must be a string, a number or true or false"));
  type = json_node_get_value_type (value);
  if (type == G_TYPE_STRING && strlen (json_node_get_string (value)) > SETTING_MAX_BYTES)
    return invalid (error, field, _("must be at most 1024 bytes long"));
  return TRUE;
}

static gboolean
read_settings (BsContactPoint  *self,
               JsonObject      *object,
               GError         **error)
{
  JsonNode *node = json_object_get_member (object, "settings");
  JsonObject *settings;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "settings", _("must be an object"));
  settings = json_node_get_object (node);
  if (json_object_get_size (settings) > SETTINGS_MAX)
    return invalid (error, "settings", _("may hold at most 32 settings"));
  json_object_iter_init (&iter, settings);
  while (json_object_iter_next (&iter, &name, &value))
    if (!check_setting (name, value, error))
      return FALSE;
  json_object_unref (self->settings);
  self->settings = copy_object (settings);
  return TRUE;
}

static gboolean
read_url (const char  *kind,
          JsonObject  *object,
          char       **out_url,
          GError     **error)
{
  g_autofree char *problem = NULL;
  const char *url;

  if (!bs_json_field_get_string (object, "url", "url", &url, BS_CONTACT_POINT_ERROR,
                                 BS_CONTACT_POINT_ERROR_INVALID, error))
    return FALSE;
  if (url == NULL)
    return TRUE;
  if (!bs_contact_point_kind_needs_url (kind))
    return invalid (error, "url", _("is not used by desktop notifications; leave it out"));
  problem = bs_contact_point_check_url (url);
  if (problem != NULL)
    {
      g_set_error (error, BS_CONTACT_POINT_ERROR, BS_CONTACT_POINT_ERROR_INVALID,
                   /* Translators: %s says what is wrong, e.g. “The URL is empty”. */
                   _("The field “url” is not usable: %s"), problem);
      return FALSE;
    }
  if (out_url != NULL)
    *out_url = g_strdup (url);
  return TRUE;
}

BsContactPoint *
bs_contact_point_from_json (JsonNode  *node,
                            char     **out_url,
                            GError   **error)
{
  g_autoptr(BsContactPoint) self = NULL;
  g_autofree char *url = NULL;
  JsonObject *object;
  const char *name, *kind;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (out_url == NULL || *out_url == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BS_CONTACT_POINT_ERROR, BS_CONTACT_POINT_ERROR_INVALID,
                           _("A contact point must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!bs_json_field_get_string (object, "name", "name", &name, BS_CONTACT_POINT_ERROR,
                                 BS_CONTACT_POINT_ERROR_INVALID, error)
      || !bs_json_field_check_title (name, "name", BS_CONTACT_POINT_ERROR,
                                     BS_CONTACT_POINT_ERROR_INVALID, error)
      || !bs_json_field_get_string (object, "kind", "kind", &kind, BS_CONTACT_POINT_ERROR,
                                    BS_CONTACT_POINT_ERROR_INVALID, error)
      || !check_kind (kind, error))
    return NULL;
  self = bs_contact_point_new (name, kind);
  if (!read_settings (self, object, error) || !read_url (kind, object, &url, error))
    return NULL;
  if (!bs_json_field_get_boolean (object, "send_resolved", &self->send_resolved,
                                  BS_CONTACT_POINT_ERROR, BS_CONTACT_POINT_ERROR_INVALID, error))
    return NULL;
  if (out_url != NULL)
    *out_url = g_steal_pointer (&url);
  return g_steal_pointer (&self);
}
