#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <string.h>

#include "bs-json-plain.h"

static gboolean
is_plain_byte (guchar c)
{
  return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
}

gboolean
bs_json_plain_is_plain (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (!is_plain_byte (*p))
      return FALSE;
  return TRUE;
}

char *
bs_json_plain_write (const char * const *names,
                     const char * const *values,
                     guint               n_members)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; i < n_members; i++)
    {
      if (!bs_json_plain_is_plain (names[i]) || !bs_json_plain_is_plain (values[i]))
        {
          g_string_free (text, TRUE);
          return NULL;
        }
      g_string_append_printf (text, "%s\"%s\":\"%s\"", i > 0 ? "," : "", names[i], values[i]);
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

char *
bs_json_plain_write_object (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return NULL;
      g_ptr_array_add (names, l->data);
      g_ptr_array_add (values, (gpointer) json_node_get_string (node));
    }
  return bs_json_plain_write ((const char * const *) names->pdata,
                              (const char * const *) values->pdata, names->len);
}

/* A plain string at *@p, after its opening quote; moves past its closing quote. */
static char *
read_string (const char **p)
{
  const char *start;

  if (**p != '"')
    return NULL;
  start = ++(*p);
  while (is_plain_byte ((guchar) **p))
    (*p)++;
  if (**p != '"')
    return NULL;
  return g_strndup (start, (gsize) ((*p)++ - start));
}

JsonObject *
bs_json_plain_read (const char *text)
{
  g_autoptr(JsonObject) object = json_object_new ();
  const char *p = text;

  if (text == NULL || *p++ != '{')
    return NULL;
  if (*p == '}')
    return p[1] == '\0' ? g_steal_pointer (&object) : NULL;
  for (;;)
    {
      g_autofree char *name = read_string (&p);
      g_autofree char *value = NULL;

      if (name == NULL || *p++ != ':' || (value = read_string (&p)) == NULL
          || json_object_has_member (object, name))
        return NULL;
      json_object_set_string_member (object, name, value);
      if (*p == '}')
        return p[1] == '\0' ? g_steal_pointer (&object) : NULL;
      if (*p++ != ',')
        return NULL;
    }
}
