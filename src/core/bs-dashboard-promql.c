#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-dashboard-private.h"
#include "bs-dashboard-promql.h"
#include "bs-dashboard-view-query.h"
#include "bs-json-fields.h"
#include "bs-query-promql.h"

/* Grafana's value of a variable set to "All". */
#define ALL_VALUE "$__all"
/* Grafana's legend format for its own default legend. */
#define AUTO_LEGEND "__auto"

#define MS_PER_SECOND G_GINT64_CONSTANT (1000)
#define MS_PER_MINUTE (60 * MS_PER_SECOND)
#define MS_PER_HOUR   (60 * MS_PER_MINUTE)
#define MS_PER_DAY    (24 * MS_PER_HOUR)
#define MS_PER_WEEK   (7 * MS_PER_DAY)
#define MS_PER_YEAR   (365 * MS_PER_DAY)

G_DEFINE_QUARK (bs-promql-error-quark, bs_promql_error)

void
bs_promql_target_free (BsPromqlTarget *self)
{
  if (self == NULL)
    return;
  g_free (self->ref_id);
  g_free (self->expr);
  g_free (self->legend_format);
  g_free (self);
}

void
bs_promql_request_free (BsPromqlRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->datasource);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_free (self);
}

/* Variables and inputs */

static const BsDashboardVariable *
find_variable (const BsDashboard *dashboard,
               const char        *name)
{
  for (guint i = 0; i < dashboard->variables->len; i++)
    {
      const BsDashboardVariable *variable = g_ptr_array_index (dashboard->variables, i);

      if (g_strcmp0 (variable->name, name) == 0)
        return variable;
    }
  return NULL;
}

/* Data sources */

typedef enum
{
  SOURCE_NONE,        /* nothing stated: the target takes the panel's */
  SOURCE_PROMETHEUS,
  SOURCE_OTHER,
} SourceKind;

/* The name in "${name}" or "$name", or NULL when @text is not a reference. */
static char *
reference_name (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len > 3 && g_str_has_prefix (text, "${") && text[len - 1] == '}')
    return g_strndup (text + 2, strcspn (text + 2, ":}"));
  if (len > 1 && text[0] == '$' && text[1] != '{')
    return g_strdup (text + 1);
  return NULL;
}

static JsonObject *
find_input (const BsDashboard *dashboard,
            const char        *name)
{
  JsonNode *inputs = json_object_get_member (dashboard->json, "__inputs");

  if (inputs == NULL || !JSON_NODE_HOLDS_ARRAY (inputs))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (inputs)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (inputs), i);

      JsonObject *input = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                           : NULL;

      if (g_strcmp0 (bs_json_member_string (input, "name"), name) == 0)
        return input;
    }
  return NULL;
}

/* A variable's value list: @values' choice, else "current" (a string or an array). */
static GPtrArray *
variable_values (const BsDashboardVariable *variable,
                 GHashTable                *values)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  const char *chosen = values != NULL ? g_hash_table_lookup (values, variable->name) : NULL;
  JsonNode *node = NULL;

  if (chosen != NULL)
    {
      g_ptr_array_add (list, g_strdup (chosen));
      return list;
    }
  if (variable->current != NULL && JSON_NODE_HOLDS_OBJECT (variable->current))
    node = json_object_get_member (json_node_get_object (variable->current), "value");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (list, g_strdup (json_node_get_string (element)));
        }
    }
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
           && json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (list, g_strdup (json_node_get_string (node)));
  return list;
}

/* What a "${name}" reference stands for: an input of an exported dashboard, or a
 * "datasource" variable (the dashboards Grafana's community publishes use these: the
 * variable's "query" is the plug-in id). *@name gets the source's name when known. */
static SourceKind
reference_kind (const BsDashboard *dashboard,
                const char        *reference,
                GHashTable        *values,
                char             **name)
{
  g_autofree char *ref = reference_name (reference);
  const BsDashboardVariable *variable;
  JsonObject *input;

  if (ref == NULL)
    return SOURCE_OTHER;
  if ((input = find_input (dashboard, ref)) != NULL)
    {
      if (name != NULL)
        *name = g_strdup (bs_json_member_string (input, "label"));
      return g_strcmp0 (bs_json_member_string (input, "pluginId"), "prometheus") == 0
             ? SOURCE_PROMETHEUS : SOURCE_OTHER;
    }
  variable = find_variable (dashboard, ref);
  if (variable == NULL || g_strcmp0 (variable->type, "datasource") != 0)
    return SOURCE_OTHER;
  if (name != NULL)
    {
      g_autoptr(GPtrArray) list = variable_values (variable, values);

      if (list->len > 0 && *(char *) list->pdata[0] != '\0'
          && !g_str_equal (list->pdata[0], ALL_VALUE))
        *name = g_strdup (list->pdata[0]);
    }
  return g_strcmp0 (variable->query, "prometheus") == 0 ? SOURCE_PROMETHEUS : SOURCE_OTHER;
}

/* The kind of the source @datasource (a target's, panel's or variable's) names, and its
 * name or uid in *@name (may be NULL). */
static SourceKind
source_kind (const BsDashboard *dashboard,
             JsonNode          *datasource,
             GHashTable        *values,
             char             **name)
{
  const char *type, *uid;
  JsonObject *object;

  if (datasource == NULL || JSON_NODE_HOLDS_NULL (datasource))
    return SOURCE_NONE;
  if (JSON_NODE_HOLDS_VALUE (datasource)
      && json_node_get_value_type (datasource) == G_TYPE_STRING)
    {
      uid = json_node_get_string (datasource);
      if (*uid == '\0')
        return SOURCE_NONE;
      return reference_kind (dashboard, uid, values, name);
    }
  if (!JSON_NODE_HOLDS_OBJECT (datasource))
    return SOURCE_OTHER;
  object = json_node_get_object (datasource);
  type = bs_json_member_string (object, "type");
  uid = bs_json_member_string (object, "uid");
  if (uid != NULL && *uid == '$')
    {
      SourceKind kind = reference_kind (dashboard, uid, values, name);

      /* The object's own type wins over what the reference says, as in Grafana. */
      if (type != NULL)
        return g_str_equal (type, "prometheus") ? SOURCE_PROMETHEUS : SOURCE_OTHER;
      return kind;
    }
  if (name != NULL && uid != NULL && *uid != '\0')
    *name = g_strdup (uid);
  if (type == NULL)
    return uid == NULL ? SOURCE_NONE : SOURCE_OTHER;
  return g_str_equal (type, "prometheus") ? SOURCE_PROMETHEUS : SOURCE_OTHER;
}

static JsonArray *
panel_targets (const BsDashboardPanel *panel)
{
  if (panel->targets == NULL || !JSON_NODE_HOLDS_ARRAY (panel->targets))
    return NULL;
  return json_node_get_array (panel->targets);
}

/* A target to run: an object with a non-empty "expr" that is not hidden. Grafana's
 * Prometheus source skips the others (filterQuery). */
static JsonObject *
runnable_target (JsonArray *targets,
                 guint      index)
{
  JsonNode *node = json_array_get_element (targets, index);
  JsonObject *target;
  const char *expr;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  target = json_node_get_object (node);
  expr = bs_json_member_string (target, "expr");
  if (expr == NULL || *expr == '\0' || bs_json_member_is_true (target, "hide"))
    return NULL;
  return target;
}

static SourceKind
target_kind (const BsDashboard      *dashboard,
             const BsDashboardPanel *panel,
             JsonObject             *target,
             GHashTable             *values,
             char                  **name)
{
  SourceKind kind = source_kind (dashboard, json_object_get_member (target, "datasource"),
                                 values, name);

  if (kind == SOURCE_NONE)
    kind = source_kind (dashboard, panel->datasource, values, name);
  return kind;
}

gboolean
bs_dashboard_panel_is_promql (const BsDashboard      *dashboard,
                              const BsDashboardPanel *panel)
{
  JsonArray *targets;
  guint n_promql = 0;

  g_return_val_if_fail (dashboard != NULL, FALSE);
  g_return_val_if_fail (panel != NULL, FALSE);

  if ((targets = panel_targets (panel)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonNode *node = json_array_get_element (targets, i);
      JsonObject *target = runnable_target (targets, i);
      SourceKind kind;

      if (!JSON_NODE_HOLDS_OBJECT (node)
          || bs_json_member_is_true (json_node_get_object (node), "hide"))
        continue;
      kind = target_kind (dashboard, panel, json_node_get_object (node), NULL, NULL);
      if (kind != SOURCE_PROMETHEUS)
        return FALSE;
      if (target != NULL)
        n_promql++;
    }
  return n_promql > 0;
}

/* Durations ("30s", "5m", "100ms") */

typedef struct
{
  const char *suffix;
  gint64      ms;
} Unit;

/* Smallest first: duration_text looks for the largest exact unit from the end. */
static const Unit duration_units[] = {
  { "ms", 1 },
  { "s", MS_PER_SECOND },
  { "m", MS_PER_MINUTE },
  { "h", MS_PER_HOUR },
  { "d", MS_PER_DAY },
  { "w", MS_PER_WEEK },
  { "y", MS_PER_YEAR },
};

/* Grafana's interval text: a count and a unit, a leading ">" (a minimum) allowed. */
static gboolean
parse_duration (const char *text,
                gint64     *out_ms)
{
  char *end = NULL;
  guint64 n;

  if (text == NULL)
    return FALSE;
  text += strspn (text, " ");
  if (*text == '>')
    text++;
  if (!g_ascii_isdigit (*text))
    return FALSE;
  n = g_ascii_strtoull (text, &end, 10);
  for (guint i = 0; i < G_N_ELEMENTS (duration_units); i++)
    {
      if (g_str_equal (end, duration_units[i].suffix)
          && n <= (guint64) (G_MAXINT64 / duration_units[i].ms))
        {
          *out_ms = (gint64) n * duration_units[i].ms;
          return TRUE;
        }
    }
  return FALSE;
}

/* The duration as PromQL and Grafana write it: the largest unit that says it exactly. */
static char *
duration_text (gint64 ms)
{
  guint i = G_N_ELEMENTS (duration_units) - 1;

  while (i > 0 && (ms <= 0 || ms % duration_units[i].ms != 0))
    i--;
  return g_strdup_printf ("%" G_GINT64_FORMAT "%s", ms / duration_units[i].ms,
                          duration_units[i].suffix);
}

/* Grafana's kbn.roundInterval: the step a span divided by the data points is rounded to. */
static gint64
round_interval (gint64 ms)
{
  static const struct
  {
    gint64 below;
    gint64 step;
  } table[] = {
    { 15, 10 }, { 35, 20 }, { 75, 50 }, { 150, 100 }, { 350, 200 }, { 750, 500 },
    { 1500, 1000 }, { 3500, 2000 }, { 7500, 5000 }, { 12500, 10000 }, { 17500, 15000 },
    { 25000, 20000 }, { 45000, 30000 }, { 90000, 60000 }, { 210000, 120000 },
    { 450000, 300000 }, { 750000, 600000 }, { 1050000, 900000 }, { 1500000, 1200000 },
    { 2700000, 1800000 }, { 5400000, 3600000 }, { 9000000, 7200000 },
    { 16200000, 10800000 }, { 32400000, 21600000 }, { 86400000, 43200000 },
    { 604800000, 86400000 }, { 1814400000, 604800000 }, { 3628800000, 2592000000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (ms < table[i].below)
        return table[i].step;
    }
  return MS_PER_YEAR;
}

/* Time spans */

static gboolean
time_error (GError    **error,
            const char *text)
{
  g_set_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_TIME_RANGE,
               _("“%s” is not a time Grafana understands: use “now”, “now-6h”, “now/d”, "
                 "epoch milliseconds or an ISO 8601 time"), text);
  return FALSE;
}

static GDateTime *
add_units (GDateTime *time,
           char       unit,
           int        n)
{
  switch (unit)
    {
    case 's':
      return g_date_time_add_seconds (time, n);
    case 'm':
      return g_date_time_add_minutes (time, n);
    case 'h':
      return g_date_time_add_hours (time, n);
    case 'd':
      return g_date_time_add_days (time, n);
    case 'w':
      return g_date_time_add_weeks (time, n);
    case 'M':
      return g_date_time_add_months (time, n);
    case 'y':
      return g_date_time_add_years (time, n);
    default:
      return NULL;
    }
}

/* The start of @time's @unit in its own zone; weeks start on Monday (Grafana's default). */
static GDateTime *
start_of (GDateTime *time,
          char       unit)
{
  g_autoptr(GDateTime) start = NULL;
  int y, mo, d, h, mi, s;

  g_date_time_get_ymd (time, &y, &mo, &d);
  h = g_date_time_get_hour (time);
  mi = g_date_time_get_minute (time);
  s = g_date_time_get_second (time);
  switch (unit)
    {
    case 'y':
      mo = 1;
      G_GNUC_FALLTHROUGH;
    case 'M':
      d = 1;
      G_GNUC_FALLTHROUGH;
    case 'w':
    case 'd':
      h = 0;
      G_GNUC_FALLTHROUGH;
    case 'h':
      mi = 0;
      G_GNUC_FALLTHROUGH;
    case 'm':
      s = 0;
      G_GNUC_FALLTHROUGH;
    case 's':
      break;
    default:
      return NULL;
    }
  start = g_date_time_new (g_date_time_get_timezone (time), y, mo, d, h, mi, s);
  if (start != NULL && unit == 'w')
    return g_date_time_add_days (start, 1 - g_date_time_get_day_of_week (start));
  return g_steal_pointer (&start);
}

static gint64
to_ms (GDateTime *time)
{
  return g_date_time_to_unix (time) * MS_PER_SECOND + g_date_time_get_microsecond (time) / 1000;
}

/* Grafana's datemath: "now", then "+N<unit>" / "-N<unit>" steps and "/<unit>" roundings;
 * at the end of a span (@round_up) a rounding goes to the last millisecond of the unit. */
static gboolean
parse_relative (const char *text,
                GDateTime  *now,
                gboolean    round_up,
                gint64     *out_ms)
{
  g_autoptr(GDateTime) time = g_date_time_ref (now);
  const char *p = text + strlen ("now");

  while (*p != '\0')
    {
      GDateTime *next;
      char op = *p++;

      if (op == '/')
        {
          next = start_of (time, *p);
          if (next != NULL && round_up)
            {
              GDateTime *later = add_units (next, *p, 1);

              g_date_time_unref (next);
              next = later != NULL ? g_date_time_add (later, -1000) : NULL;
              g_clear_pointer (&later, g_date_time_unref);
            }
          p++;
        }
      else if (op == '+' || op == '-')
        {
          char *end = NULL;
          guint64 n = g_ascii_isdigit (*p) ? g_ascii_strtoull (p, &end, 10) : 1;

          if (end != NULL)
            p = end;
          if (n > 100000)
            return FALSE;
          next = add_units (time, *p, op == '-' ? -(int) n : (int) n);
          p++;
        }
      else
        return FALSE;
      if (next == NULL)
        return FALSE;
      g_date_time_unref (time);
      time = next;
    }
  *out_ms = to_ms (time);
  return TRUE;
}

static gboolean
parse_time (const char *text,
            GDateTime  *now,
            gboolean    round_up,
            gint64     *out_ms,
            GError    **error)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) time = NULL;
  guint64 epoch;

  if (text == NULL || *text == '\0')
    return time_error (error, text != NULL ? text : "");
  if (g_str_has_prefix (text, "now"))
    {
      if (!parse_relative (text, now, round_up, out_ms))
        return time_error (error, text);
      return TRUE;
    }
  if (strspn (text, "0123456789") == strlen (text))
    {
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64 / 1000, &epoch, NULL))
        return time_error (error, text);
      *out_ms = (gint64) epoch;
      return TRUE;
    }
  iso = g_strdup (text);
  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';
  time = g_date_time_new_from_iso8601 (iso, g_date_time_get_timezone (now));
  if (time == NULL)
    return time_error (error, text);
  *out_ms = to_ms (time);
  return TRUE;
}

gboolean
bs_promql_time_span (const char *from,
                     const char *to,
                     GDateTime  *now,
                     gint64     *start_ms,
                     gint64     *end_ms,
                     GError    **error)
{
  gint64 start, end;

  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_time (from, now, FALSE, &start, error)
      || !parse_time (to, now, TRUE, &end, error))
    return FALSE;
  if (end < start)
    {
      g_set_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_TIME_RANGE,
                   _("The time range “%s” to “%s” ends before it starts"), from, to);
      return FALSE;
    }
  if (start_ms != NULL)
    *start_ms = start;
  if (end_ms != NULL)
    *end_ms = end;
  return TRUE;
}

/* The panel's span: its "timeFrom" replaces the dashboard's range, its "timeShift" moves
 * it back. */
static gboolean
panel_span (const BsDashboard      *dashboard,
            const BsDashboardPanel *panel,
            GDateTime              *now,
            gint64                 *start_ms,
            gint64                 *end_ms,
            GError                **error)
{
  const char *time_from = bs_json_member_string (panel->json, "timeFrom");
  const char *time_shift = bs_json_member_string (panel->json, "timeShift");
  gint64 shift = 0;

  if (time_from != NULL && *time_from != '\0')
    {
      g_autofree char *from = g_str_has_prefix (time_from, "now")
                              ? g_strdup (time_from) : g_strconcat ("now-", time_from, NULL);

      /* The error names the panel's text, not the one made of it. */
      if (!bs_promql_time_span (from, "now", now, start_ms, end_ms, NULL))
        return time_error (error, time_from);
    }
  else if (!bs_promql_time_span (dashboard->time_from, dashboard->time_to, now,
                                 start_ms, end_ms, error))
    return FALSE;

  if (time_shift != NULL && *time_shift != '\0')
    {
      const char *text = g_str_has_prefix (time_shift, "now-")
                         ? time_shift + strlen ("now-") : time_shift;

      if (*text == '>' || !parse_duration (text, &shift))
        return time_error (error, time_shift);
    }
  *start_ms -= shift;
  *end_ms -= shift;
  return TRUE;
}

/* Escaping */

typedef enum
{
  QUOTE_NONE = 0,
  QUOTE_DOUBLE = '"',
  QUOTE_SINGLE = '\'',
  QUOTE_RAW = '`',
} Quote;

static void
append_regex_escaped (GString    *out,
                      const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (strchr ("\\.+*?()|[]{}^$", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* @text written inside a PromQL string opened by @quote: in "…" and '…' backslashes, the
 * quote and control characters are escaped; a raw `…` string takes everything but a
 * backquote, which has no escape there and is dropped. */
static void
append_in_string (GString    *out,
                  const char *text,
                  Quote       quote)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (quote == QUOTE_RAW)
        {
          if (c != '`')
            g_string_append_c (out, c);
        }
      else if (quote == QUOTE_NONE)
        g_string_append_c (out, c);
      else if (c == '\\' || c == quote)
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, c);
    }
}

/* Interpolation */

typedef struct
{
  const BsDashboard *dashboard;
  GHashTable        *values;
  gboolean           has_span;   /* FALSE: the $__ variables are left as written */
  gint64             start_ms;
  gint64             end_ms;
  gint64             step_ms;
  gboolean           escape;     /* FALSE for legends: values as they are */
} Scope;

static char *
builtin_value (const Scope *scope,
               const char  *name)
{
  gint64 range_ms = scope->end_ms - scope->start_ms;

  if (!scope->has_span)
    return NULL;
  if (g_str_equal (name, "__interval"))
    return duration_text (scope->step_ms);
  if (g_str_equal (name, "__interval_ms"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, scope->step_ms);
  if (g_str_equal (name, "__rate_interval"))
    return duration_text (MAX (scope->step_ms + BS_PROMQL_DEFAULT_INTERVAL_MS,
                               4 * BS_PROMQL_DEFAULT_INTERVAL_MS));
  if (g_str_equal (name, "__range"))
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", range_ms / MS_PER_SECOND);
  if (g_str_equal (name, "__range_s"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, range_ms / MS_PER_SECOND);
  if (g_str_equal (name, "__range_ms"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, range_ms);
  if (g_str_equal (name, "__from"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, scope->start_ms);
  if (g_str_equal (name, "__to"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, scope->end_ms);
  return NULL;
}

/* The values "All" stands for: the variable's options but "All" itself. */
static GPtrArray *
all_options (const BsDashboardVariable *variable)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  JsonNode *options = json_object_get_member (variable->json, "options");

  if (options == NULL || !JSON_NODE_HOLDS_ARRAY (options))
    return list;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (options)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (options), i);
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      value = bs_json_member_string (json_node_get_object (element), "value");
      if (value != NULL && !g_str_equal (value, ALL_VALUE))
        g_ptr_array_add (list, g_strdup (value));
    }
  return list;
}

static gboolean
list_has_all (GPtrArray *list)
{
  for (guint i = 0; i < list->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (list, i), ALL_VALUE))
        return TRUE;
    }
  return FALSE;
}

static void
append_joined (GString   *out,
               GPtrArray *list,
               const char *separator,
               gboolean   regex)
{
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      if (regex)
        append_regex_escaped (out, g_ptr_array_index (list, i));
      else
        g_string_append (out, g_ptr_array_index (list, i));
    }
}

/* The text a variable is replaced by, before string escaping: Grafana's formats, and by
 * default its Prometheus interpolateQueryExpr. */
static char *
format_variable (const Scope               *scope,
                 const BsDashboardVariable *variable,
                 const char                *format,
                 gboolean                  *verbatim)
{
  g_autoptr(GPtrArray) list = variable_values (variable, scope->values);
  GString *out = g_string_new (NULL);
  gboolean multi = bs_json_member_is_true (variable->json, "multi")
                   || bs_json_member_is_true (variable->json, "includeAll");
  gboolean regex;

  if (list_has_all (list))
    {
      const char *all_value = bs_json_member_string (variable->json, "allValue");

      /* A custom "All" value is query text of the author's: Grafana writes it as it is,
       * even inside a string. */
      if (all_value != NULL && *all_value != '\0')
        {
          *verbatim = TRUE;
          g_string_append (out, all_value);
          return g_string_free (out, FALSE);
        }
      g_ptr_array_unref (list);
      list = all_options (variable);
      if (list->len == 0)
        {
          g_string_append (out, ".*");
          return g_string_free (out, FALSE);
        }
      multi = TRUE;
    }

  if (format == NULL)
    regex = multi && scope->escape;
  else if (g_str_equal (format, "regex"))
    regex = TRUE;
  else
    regex = FALSE;

  if (format != NULL && g_str_equal (format, "pipe"))
    append_joined (out, list, "|", FALSE);
  else if (format != NULL && !g_str_equal (format, "regex"))
    append_joined (out, list, ",", FALSE);
  else if (regex && list->len > 1)
    {
      g_string_append_c (out, '(');
      append_joined (out, list, "|", TRUE);
      g_string_append_c (out, ')');
    }
  else
    append_joined (out, list, ",", regex);
  return g_string_free (out, FALSE);
}

static gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Reads a reference at @p ("$name", "${name}", "${name:format}", "[[name]]",
 * "[[name:format]]"): its length, or 0 when there is none. */
static gsize
read_reference (const char *p,
                char      **name,
                char      **format)
{
  const char *close;
  gsize n;

  if (p[0] == '$' && p[1] == '{')
    close = "}";
  else if (p[0] == '[' && p[1] == '[')
    close = "]]";
  else if (p[0] == '$')
    {
      for (n = 1; is_word (p[n]); n++)
        ;
      if (n == 1)
        return 0;
      *name = g_strndup (p + 1, n - 1);
      return n;
    }
  else
    return 0;

  for (n = 2; is_word (p[n]); n++)
    ;
  if (n == 2)
    return 0;
  *name = g_strndup (p + 2, n - 2);
  if (p[n] == ':')
    {
      gsize f = n + 1;

      while (p[f] != '\0' && p[f] != close[0])
        f++;
      *format = g_strndup (p + n + 1, f - n - 1);
      n = f;
    }
  if (!g_str_has_prefix (p + n, close))
    {
      g_clear_pointer (name, g_free);
      g_clear_pointer (format, g_free);
      return 0;
    }
  return n + strlen (close);
}

/* The replacement of one reference, or NULL to leave it as written. */
static char *
replacement (const Scope *scope,
             const char  *name,
             const char  *format,
             Quote        quote)
{
  const BsDashboardVariable *variable;
  g_autofree char *text = NULL;
  gboolean verbatim = FALSE;
  GString *out;

  if (g_str_has_prefix (name, "__"))
    return builtin_value (scope, name);
  variable = find_variable (scope->dashboard, name);
  if (variable == NULL)
    return NULL;
  text = format_variable (scope, variable, format, &verbatim);
  if (verbatim)
    return g_steal_pointer (&text);
  out = g_string_new (NULL);
  append_in_string (out, text, scope->escape ? quote : QUOTE_NONE);
  return g_string_free (out, FALSE);
}

/* Copies the character at @p, following which PromQL string (if any) it opens or closes. */
static const char *
copy_char (GString    *out,
           const char *p,
           Quote      *quote,
           gboolean   *comment)
{
  char c = *p;

  g_string_append_c (out, c);
  if (*comment)
    *comment = c != '\n';
  else if (*quote == QUOTE_NONE && c == '#')
    *comment = TRUE;
  else if (*quote == QUOTE_NONE && (c == '"' || c == '\'' || c == '`'))
    *quote = (Quote) c;
  else if (*quote != QUOTE_NONE && c == (char) *quote)
    *quote = QUOTE_NONE;
  else if (*quote != QUOTE_NONE && *quote != QUOTE_RAW && c == '\\' && p[1] != '\0')
    {
      g_string_append_c (out, p[1]);
      return p + 2;
    }
  return p + 1;
}

static char *
interpolate (const Scope *scope,
             const char  *text)
{
  GString *out = g_string_new (NULL);
  Quote quote = QUOTE_NONE;
  gboolean comment = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      g_autofree char *name = NULL;
      g_autofree char *format = NULL;
      g_autofree char *value = NULL;
      gsize len = read_reference (p, &name, &format);

      if (len > 0 && (value = replacement (scope, name, format, quote)) != NULL)
        {
          g_string_append (out, value);
          p += len;
        }
      else if (len > 0)
        {
          g_string_append_len (out, p, len);
          p += len;
        }
      else
        p = copy_char (out, p, &quote, &comment);
    }
  return g_string_free (out, FALSE);
}

char *
bs_promql_interpolate (const char        *expr,
                       const BsDashboard *dashboard,
                       GHashTable        *values,
                       gint64             start_ms,
                       gint64             end_ms,
                       gint64             step_ms)
{
  Scope scope = { dashboard, values, TRUE, start_ms, end_ms, step_ms, TRUE };

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (dashboard != NULL, NULL);

  return interpolate (&scope, expr);
}

/* Requests */

/* The smallest step a target allows: its "interval", else the panel's, else Prometheus's
 * default scrape interval. Intervals may be variables ("$resolution"). */
static gint64
min_interval (const Scope            *scope,
              const BsDashboardPanel *panel,
              JsonObject             *target)
{
  const char *texts[] = { bs_json_member_string (target, "interval"),
                          bs_json_member_string (panel->json, "interval") };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = NULL;
      gint64 ms;

      if (texts[i] == NULL || *texts[i] == '\0')
        continue;
      text = interpolate (scope, texts[i]);
      if (parse_duration (text, &ms) && ms > 0)
        return ms;
    }
  return BS_PROMQL_DEFAULT_INTERVAL_MS;
}

static gint64
max_data_points (const BsDashboardPanel *panel)
{
  JsonNode *node = json_object_get_member (panel->json, "maxDataPoints");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && (json_node_get_value_type (node) == G_TYPE_INT64
          || json_node_get_value_type (node) == G_TYPE_DOUBLE)
      && json_node_get_double (node) >= 1)
    return (gint64) MIN (json_node_get_double (node), (double) G_MAXINT32);
  return (gint64) MAX (panel->w, 1) * BS_PROMQL_PIXELS_PER_COLUMN;
}

/* Grafana's step: the span over the data points, rounded, at least @min_ms, and large
 * enough for Prometheus's limit of points per series. */
static gint64
pick_step (gint64 span_ms,
           gint64 points,
           gint64 min_ms)
{
  gint64 step = MAX (round_interval (span_ms / points), min_ms);
  gint64 safe = (span_ms + BS_QUERY_PROMQL_MAX_POINTS - 2) / (BS_QUERY_PROMQL_MAX_POINTS - 1);

  /* Grafana takes whole seconds once the limit needs more than one. */
  if (safe > MS_PER_SECOND)
    safe = (safe + MS_PER_SECOND - 1) / MS_PER_SECOND * MS_PER_SECOND;
  return MAX (step, safe);
}

static BsPromqlTarget *
target_new (const Scope *scope,
            JsonObject  *object)
{
  BsPromqlTarget *target = g_new0 (BsPromqlTarget, 1);
  const char *ref_id = bs_json_member_string (object, "refId");
  const char *legend = bs_json_member_string (object, "legendFormat");

  target->ref_id = g_strdup (ref_id != NULL ? ref_id : "");
  target->expr = interpolate (scope, bs_json_member_string (object, "expr"));
  if (legend != NULL && *legend != '\0' && !g_str_equal (legend, AUTO_LEGEND))
    {
      Scope plain = *scope;

      plain.escape = FALSE;
      target->legend_format = interpolate (&plain, legend);
    }
  target->instant = bs_json_member_is_true (object, "instant")
                    && !bs_json_member_is_true (object, "range");
  return target;
}

BsPromqlRequest *
bs_promql_request_new (const BsDashboard      *dashboard,
                       const BsDashboardPanel *panel,
                       GHashTable             *values,
                       GDateTime              *now,
                       GError                **error)
{
  g_autoptr(BsPromqlRequest) request = NULL;
  Scope scope = { dashboard, values, FALSE, 0, 0, 0, TRUE };
  JsonArray *targets;
  gint64 min_ms = 0;

  g_return_val_if_fail (dashboard != NULL, NULL);
  g_return_val_if_fail (panel != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bs_dashboard_panel_is_promql (dashboard, panel))
    return NULL;
  targets = panel_targets (panel);
  request = g_new0 (BsPromqlRequest, 1);
  request->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_promql_target_free);
  if (!panel_span (dashboard, panel, now, &request->start_ms, &request->end_ms, error))
    return NULL;

  /* One step serves every target of the panel: the largest of their minimums. */
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = runnable_target (targets, i);

      if (target != NULL)
        min_ms = MAX (min_ms, min_interval (&scope, panel, target));
    }
  request->step_ms = pick_step (request->end_ms - request->start_ms, max_data_points (panel),
                                min_ms);

  scope.has_span = TRUE;
  scope.start_ms = request->start_ms;
  scope.end_ms = request->end_ms;
  scope.step_ms = request->step_ms;
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = runnable_target (targets, i);

      if (target == NULL)
        continue;
      if (request->datasource == NULL)
        target_kind (dashboard, panel, target, values, &request->datasource);
      g_ptr_array_add (request->targets, target_new (&scope, target));
    }
  return g_steal_pointer (&request);
}

JsonNode *
bs_promql_request_body (const BsPromqlRequest *self,
                        guint                  index)
{
  const BsPromqlTarget *target;
  JsonObject *body;
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->targets->len, NULL);

  target = g_ptr_array_index (self->targets, index);
  body = json_object_new ();
  json_object_set_string_member (body, "expr", target->expr);
  if (target->instant)
    bs_dashboard_json_set_number (body, "time", self->end_ms / 1000.0);
  else
    {
      bs_dashboard_json_set_number (body, "start", self->start_ms / 1000.0);
      bs_dashboard_json_set_number (body, "end", self->end_ms / 1000.0);
      bs_dashboard_json_set_number (body, "step", self->step_ms / 1000.0);
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, body);
  return node;
}

char *
bs_promql_request_key (const BsPromqlRequest *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_array (builder);
  if (self->datasource != NULL)
    json_builder_add_string_value (builder, self->datasource);
  else
    json_builder_add_null_value (builder);
  json_builder_add_int_value (builder, self->start_ms);
  json_builder_add_int_value (builder, self->end_ms);
  json_builder_add_int_value (builder, self->step_ms);
  for (guint i = 0; i < self->targets->len; i++)
    {
      const BsPromqlTarget *target = g_ptr_array_index (self->targets, i);

      json_builder_add_string_value (builder, target->ref_id);
      json_builder_add_string_value (builder, target->expr);
      if (target->legend_format != NULL)
        json_builder_add_string_value (builder, target->legend_format);
      else
        json_builder_add_null_value (builder);
      json_builder_add_boolean_value (builder, target->instant);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Variables listing label values */

static gboolean
is_label_name (const char *text)
{
  if (text == NULL || !(g_ascii_isalpha (*text) || *text == '_'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!is_word (*p))
        return FALSE;
    }
  return TRUE;
}

/* The last comma of @args outside braces, brackets, parentheses and strings, or NULL. */
static const char *
last_top_level_comma (const char *args)
{
  const char *comma = NULL;
  Quote quote = QUOTE_NONE;
  int depth = 0;

  for (const char *p = args; *p != '\0'; p++)
    {
      if (quote != QUOTE_NONE)
        {
          if (*p == '\\' && quote != QUOTE_RAW && p[1] != '\0')
            p++;
          else if (*p == (char) quote)
            quote = QUOTE_NONE;
        }
      else if (*p == '"' || *p == '\'' || *p == '`')
        quote = (Quote) *p;
      else if (strchr ("{[(", *p) != NULL)
        depth++;
      else if (strchr ("}])", *p) != NULL)
        depth--;
      else if (*p == ',' && depth == 0)
        comma = p;
    }
  return comma;
}

gboolean
bs_promql_variable_label_values (const BsDashboard         *dashboard,
                                 const BsDashboardVariable *variable,
                                 GHashTable                *values,
                                 char                     **selector,
                                 char                     **label)
{
  Scope scope = { dashboard, values, FALSE, 0, 0, 0, TRUE };
  g_autofree char *text = NULL;
  g_autofree char *args = NULL;
  g_autofree char *name = NULL;
  const char *comma;
  gsize len;

  g_return_val_if_fail (dashboard != NULL, FALSE);
  g_return_val_if_fail (variable != NULL, FALSE);

  if (g_strcmp0 (variable->type, "query") != 0 || variable->query == NULL
      || source_kind (dashboard, json_object_get_member (variable->json, "datasource"),
                      values, NULL) != SOURCE_PROMETHEUS)
    return FALSE;
  text = g_strstrip (g_strdup (variable->query));
  len = strlen (text);
  if (!g_str_has_prefix (text, "label_values") || len == 0 || text[len - 1] != ')')
    return FALSE;
  args = g_strstrip (g_strdup (text + strlen ("label_values")));
  if (args[0] != '(')
    return FALSE;
  args[strlen (args) - 1] = '\0';
  comma = last_top_level_comma (args + 1);
  name = g_strstrip (g_strdup (comma != NULL ? comma + 1 : args + 1));
  if (!is_label_name (name))
    return FALSE;

  if (selector != NULL && comma != NULL)
    {
      g_autofree char *raw = g_strstrip (g_strndup (args + 1, comma - args - 1));

      if (*raw == '\0')
        return FALSE;
      *selector = interpolate (&scope, raw);
    }
  else if (selector != NULL)
    *selector = NULL;
  if (label != NULL)
    *label = g_steal_pointer (&name);
  return TRUE;
}

/* Sources */

gint64
bs_promql_choose_source (JsonArray  *sources,
                         const char *datasource)
{
  g_autofree char *wanted = datasource != NULL ? g_utf8_casefold (datasource, -1) : NULL;
  gint64 by_name = 0, smallest = 0;

  g_return_val_if_fail (sources != NULL, 0);

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonNode *node = json_array_get_element (sources, i);
      JsonObject *source = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *id_node = source != NULL ? json_object_get_member (source, "id") : NULL;
      const char *name = bs_json_member_string (source, "name");
      gint64 id;

      if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node)
          || json_node_get_value_type (id_node) != G_TYPE_INT64
          || g_strcmp0 (bs_json_member_string (source, "kind"), "prometheus") != 0)
        continue;
      id = json_node_get_int (id_node);
      if (id <= 0)
        continue;
      if (smallest == 0 || id < smallest)
        smallest = id;
      if (wanted != NULL && name != NULL && (by_name == 0 || id < by_name))
        {
          g_autofree char *folded = g_utf8_casefold (name, -1);

          if (g_str_equal (folded, wanted))
            by_name = id;
        }
    }
  return by_name != 0 ? by_name : smallest;
}
