#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-alert-template.h"

/* Whole numbers print exactly (a stock of 1234567 is not "1.23457e+06"); the others with
 * six significant digits, so 0.1 + 0.2 reads 0.3. Locale-independent, like Grafana's. */
static char *
format_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup (_("no value"));
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value == 0 ? 0.0 : value);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

/* Prometheus's humanize, which Grafana uses: SI prefixes ("u" for micro, as there) with
 * four significant digits. */
static char *
humanize (double value)
{
  static const char * const big[] = { "k", "M", "G", "T", "P", "E", "Z", "Y" };
  static const char * const small[] = { "m", "u", "n", "p", "f", "a", "z", "y" };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *prefix = "";

  if (isnan (value))
    return g_strdup (_("no value"));
  if (value != 0 && isfinite (value) && fabs (value) >= 1)
    {
      for (guint i = 0; i < G_N_ELEMENTS (big) && fabs (value) >= 1000; i++)
        {
          prefix = big[i];
          value /= 1000;
        }
    }
  else if (value != 0 && isfinite (value))
    {
      for (guint i = 0; i < G_N_ELEMENTS (small) && fabs (value) < 1; i++)
        {
          prefix = small[i];
          value *= 1000;
        }
    }
  g_ascii_formatd (buffer, sizeof buffer, "%.4g", value);
  return g_strconcat (buffer, prefix, NULL);
}

static gboolean
is_label_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static const char *
label_value (JsonObject *labels,
             const char *name)
{
  JsonNode *node;

  if (labels == NULL)
    return "";
  node = json_object_get_member (labels, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* The text between "{{" and "}}", spaces trimmed; NULL when it is none of the forms. */
static char *
expand (const char *action,
        JsonObject *labels,
        double      value)
{
  g_auto(GStrv) words = NULL;
  guint n;

  words = g_strsplit_set (action, " \t\r\n", -1);
  n = 0;
  /* Drop the empty words that runs of spaces leave. */
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        char *word = words[i];

        words[i] = words[n];
        words[n++] = word;
      }

  if (n == 1 && g_str_equal (words[0], "$value"))
    return format_value (value);
  if (n == 1 && g_str_has_prefix (words[0], "$labels.") && is_label_name (words[0] + 8))
    return g_strdup (label_value (labels, words[0] + 8));
  if (n == 2 && g_str_equal (words[0], "humanize") && g_str_equal (words[1], "$value"))
    return humanize (value);
  if (n == 3 && g_str_equal (words[0], "$value") && g_str_equal (words[1], "|")
      && g_str_equal (words[2], "humanize"))
    return humanize (value);
  return NULL;
}

char *
bs_alert_template_render (const char *template_text,
                          JsonObject *labels,
                          double      value)
{
  GString *out;
  const char *p;

  if (template_text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (template_text));
  p = template_text;
  for (;;)
    {
      const char *open = strstr (p, "{{");
      const char *close = open != NULL ? strstr (open + 2, "}}") : NULL;
      g_autofree char *action = NULL;
      g_autofree char *expanded = NULL;

      if (close == NULL)
        break;
      action = g_strndup (open + 2, close - open - 2);
      expanded = expand (action, labels, value);
      g_string_append_len (out, p, open - p);
      if (expanded != NULL)
        g_string_append (out, expanded);
      else
        g_string_append_len (out, open, close + 2 - open);
      p = close + 2;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}
