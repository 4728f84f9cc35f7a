#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bs-json-fields.h"

#define TITLE_MAX_CHARS 190

gboolean
bs_json_field_invalid (GError     **error,
                       GQuark       domain,
                       int          code,
                       const char  *field,
                       const char  *what)
{
  g_set_error (error, domain, code, _("The field “%s” %s"), field, what);
  return FALSE;
}

gboolean
bs_json_field_get_string (JsonObject  *object,
                          const char  *member,
                          const char  *field,
                          const char **out,
                          GQuark       domain,
                          int          code,
                          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bs_json_field_invalid (error, domain, code, field, _("must be a string"));
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
bs_json_field_get_required_string (JsonObject  *object,
                                   const char  *member,
                                   const char  *field,
                                   const char **out,
                                   GQuark       domain,
                                   int          code,
                                   GError     **error)
{
  if (!bs_json_field_get_string (object, member, field, out, domain, code, error))
    return FALSE;
  return *out != NULL || bs_json_field_invalid (error, domain, code, field, _("is required"));
}

gboolean
bs_json_field_get_boolean (JsonObject  *object,
                           const char  *member,
                           gboolean    *out,
                           GQuark       domain,
                           int          code,
                           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bs_json_field_invalid (error, domain, code, member, _("must be true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
bs_json_field_check_text (const char  *text,
                          const char  *field,
                          gsize        max_bytes,
                          GQuark       domain,
                          int          code,
                          GError     **error)
{
  g_autofree char *what = NULL;

  if (text == NULL)
    return bs_json_field_invalid (error, domain, code, field, _("is required"));
  if (!g_utf8_validate (text, -1, NULL))
    return bs_json_field_invalid (error, domain, code, field, _("is not valid UTF-8 text"));
  if (strlen (text) <= max_bytes)
    return TRUE;
  what = g_strdup_printf (_("must be at most %u bytes long"), (guint) max_bytes);
  return bs_json_field_invalid (error, domain, code, field, what);
}

/* A title of spaces alone shows as nothing in a list. */
static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
bs_json_field_check_title (const char  *title,
                           const char  *field,
                           GQuark       domain,
                           int          code,
                           GError     **error)
{
  glong length;

  if (title == NULL)
    return bs_json_field_invalid (error, domain, code, field, _("is required"));
  if (!g_utf8_validate (title, -1, NULL))
    return bs_json_field_invalid (error, domain, code, field, _("is not valid UTF-8 text"));
  length = g_utf8_strlen (title, -1);
  if (length == 0 || is_blank (title))
    return bs_json_field_invalid (error, domain, code, field, _("must not be empty"));
  if (length > TITLE_MAX_CHARS)
    return bs_json_field_invalid (error, domain, code, field,
                                  _("must be at most 190 characters long"));
  return TRUE;
}

/* Lenient reads */

const char *
bs_json_member_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
bs_json_member_object (JsonObject *object,
                       const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
bs_json_member_is_true (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}
