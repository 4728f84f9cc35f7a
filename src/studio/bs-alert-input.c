#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-alert-input.h"

gboolean
bs_alert_input_parse_number (const char *text,
                             double     *out)
{
  struct lconv *conv = localeconv ();
  const char *point = conv->decimal_point != NULL && *conv->decimal_point != '\0'
                      ? conv->decimal_point : ".";
  const char *group = conv->thousands_sep != NULL ? conv->thousands_sep : "";
  g_autoptr(GString) plain = g_string_new (NULL);
  char *end = NULL;
  double value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Digit groups: spaces of any kind, or the locale's own separator. */
      if (g_unichar_isspace (c) || c == 0x202F || c == 0xA0)
        continue;
      if (*group != '\0' && strcmp (group, point) != 0 &&
          strncmp (p, group, strlen (group)) == 0)
        {
          p += strlen (group) - 1;
          continue;
        }
      if (strncmp (p, point, strlen (point)) == 0)
        {
          g_string_append (plain, point);
          p += strlen (point) - 1;
          continue;
        }
      /* A point where the locale writes a comma: people type it on a number pad. */
      if (c == '.' && strcmp (group, ".") != 0)
        {
          g_string_append (plain, point);
          continue;
        }
      if (c == 0x2212)
        c = '-';
      if (!(g_ascii_isdigit (c) || c == '-' || c == '+' || c == 'e' || c == 'E'))
        return FALSE;
      g_string_append_unichar (plain, c);
    }
  if (plain->len == 0)
    return FALSE;

  /* strtod reads the locale's decimal separator (gtk_init () set LC_NUMERIC from the
   * environment), unlike g_ascii_strtod. */
  value = strtod (plain->str, &end);
  if (end == plain->str || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

char *
bs_alert_input_format_number (double value)
{
  /* Locale-aware, like what the person types; %.15g drops the binary noise of 0.1. */
  return g_strdup_printf ("%.15g", value);
}

static gboolean
is_label_name (const char *name)
{
  if (!(g_ascii_isalpha (name[0]) || name[0] == '_') || g_str_has_prefix (name, "__"))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

JsonObject *
bs_alert_input_parse_labels (const char  *text,
                             char       **message)
{
  g_auto(GStrv) pairs = NULL;
  g_autoptr(JsonObject) labels = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  pairs = g_strsplit_set (text, ",;\n", -1);
  labels = json_object_new ();
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *pair = g_strstrip (pairs[i]);
      char *equals = strchr (pair, '=');

      if (pair[0] == '\0')
        continue;
      if (equals != NULL)
        *equals = '\0';
      g_strstrip (pair);
      if (equals == NULL || !is_label_name (pair))
        {
          *message = g_strdup_printf (_("“%s” is not a label. Write labels as name=value, "
                                        "separated by commas; a name is letters, digits and _, "
                                        "starts with a letter or _ and not with __."), pairs[i]);
          return NULL;
        }
      json_object_set_string_member (labels, pair, g_strstrip (equals + 1));
    }

  return g_steal_pointer (&labels);
}

char *
bs_alert_input_labels_text (JsonObject *labels)
{
  g_autoptr(GList) members = labels != NULL ? json_object_get_members (labels) : NULL;
  GString *text = g_string_new (NULL);

  for (GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s=%s", text->len > 0 ? ", " : "", (char *) l->data,
                            json_object_get_string_member_with_default (labels, l->data, ""));
  return g_string_free (text, FALSE);
}
