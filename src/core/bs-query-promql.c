#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bs-query-promql.h"

/* Monday 1970-01-05 00:00 UTC: weeks are aligned on it, like the SQL renderer's. */
#define WEEK_ORIGIN_SECONDS (4 * 86400)

/* Words the PromQL 2.x lexer takes for keywords, numbers or operators: a metric named so
 * cannot be written bare. Compared without case, as the lexer does. */
static const char * const reserved_metric_names[] = {
  "and", "or", "unless", "atan2", "bool", "on", "ignoring", "group_left", "group_right",
  "offset", "by", "without", "start", "end", "inf", "nan",
  "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk",
  "count_values", "quantile",
  NULL,
};

/* The grouping clause of Prometheus 2.x refuses these as label names. */
static const char * const reserved_grouping_labels[] = { "without", "inf", "nan", NULL };

typedef struct
{
  const char *over_time;   /* with a range: the function over each series' samples */
  const char *across;      /* then across the series of a split group */
  const char *instant;     /* without a range: across the newest values */
} Aggregator;

static const Aggregator aggregators[] = {
  [BS_QUERY_AGGREGATION_SUM]     = { "sum_over_time",   "sum",      "sum" },
  [BS_QUERY_AGGREGATION_AVERAGE] = { "avg_over_time",   "avg",      "avg" },
  [BS_QUERY_AGGREGATION_MINIMUM] = { "min_over_time",   "min",      "min" },
  [BS_QUERY_AGGREGATION_MAXIMUM] = { "max_over_time",   "max",      "max" },
  [BS_QUERY_AGGREGATION_COUNT]   = { "count_over_time", "sum",      "count" },
  [BS_QUERY_AGGREGATION_LAST]    = { "last_over_time",  "sum",      "sum" },
  [BS_QUERY_AGGREGATION_MEDIAN]  = { "quantile_over_time", "quantile", "quantile" },
};

static const guint bucket_seconds[] = {
  [BS_QUERY_BUCKET_NONE]   = 0,
  [BS_QUERY_BUCKET_MINUTE] = 60,
  [BS_QUERY_BUCKET_HOUR]   = 3600,
  [BS_QUERY_BUCKET_DAY]    = 86400,
  [BS_QUERY_BUCKET_WEEK]   = 7 * 86400,
};

void
bs_query_promql_free (BsQueryPromql *self)
{
  if (self == NULL)
    return;
  g_free (self->expr);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  for (guint i = 0; self->labels[i] != NULL; i++)
    g_free (self->labels[i]);
  g_free (self);
}

gboolean
bs_query_promql_is_metric_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_' || name[0] == ':'))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == ':'))
      return FALSE;
  return TRUE;
}

gboolean
bs_query_promql_is_label_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static void
append_quoted (GString    *out,
               const char *value)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          /* Other control bytes would end or corrupt the literal for some lexers; the
           * escape gives back the same byte. */
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\x%02x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

char *
bs_query_promql_quote (const char *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (strlen (value) + 2);
  append_quoted (out, value);
  return g_string_free (out, FALSE);
}

/* RE2's QuoteMeta: every character with a meaning in a pattern gets a backslash. */
static char *
regex_escape (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));

  for (const char *p = value; *p != '\0'; p++)
    {
      if (strchr ("\\.+*?()|[]{}^$", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The shortest text that reads back as the same double: 17 → "17", 0.1 → "0.1". */
static char *
number_to_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  return g_strdup (buffer);
}

static gboolean
name_in (const char         *name,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Names come from the query, maybe hostile: a message repeats one only when it is short,
 * printable UTF-8 text. */
static gboolean
can_echo (const char *name)
{
  if (name == NULL || strlen (name) > 64 || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
check_label (const char  *name,
             const char  *field,
             GError     **error)
{
  if (bs_query_promql_is_label_name (name))
    return TRUE;
  if (can_echo (name))
    g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN,
                 _("“%s” (%s) is not a Prometheus label name: use letters, digits and _, "
                   "not starting with a digit"), name, field);
  else
    g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN,
                 _("The field “%s” is not a Prometheus label name: use letters, digits and _, "
                   "not starting with a digit"), field);
  return FALSE;
}

static gboolean
check_metric (const char  *name,
              GError     **error)
{
  if (bs_query_promql_is_metric_name (name))
    return TRUE;
  if (can_echo (name))
    g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                 _("“%s” is not a Prometheus metric name: use letters, digits, _ and :, "
                   "not starting with a digit"), name);
  else
    g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                         _("The field “table” is not a Prometheus metric name: use letters, "
                           "digits, _ and :, not starting with a digit"));
  return FALSE;
}

static gboolean
check_splits (const BsQuery  *query,
              GError        **error)
{
  for (guint i = 0; i < BS_QUERY_MAX_SPLITS && query->splits[i] != NULL; i++)
    {
      g_autofree char *field = g_strdup_printf ("split[%u]", i);

      if (!check_label (query->splits[i], field, error))
        return FALSE;
      if (name_in (query->splits[i], reserved_grouping_labels))
        {
          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                       _("Prometheus cannot split by a label called “%s”"), query->splits[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_measure (const BsQuery  *query,
               GError        **error)
{
  const char *column = query->measure_column;

  if (query->measure > BS_QUERY_MEASURE_DISTINCT_COUNT
      || query->aggregation > BS_QUERY_AGGREGATION_MEDIAN)
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The field “measure” or “aggregation” is out of range"));
      return FALSE;
    }
  if (query->measure == BS_QUERY_MEASURE_VALUE
      && column != NULL && *column != '\0' && g_strcmp0 (column, "value") != 0)
    {
      if (!check_label (column, "column", error))
        return FALSE;
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                   _("A Prometheus metric has one value per sample: measure “value”, or count "
                     "the distinct values of the label “%s”"), column);
      return FALSE;
    }
  if (query->measure == BS_QUERY_MEASURE_DISTINCT_COUNT)
    {
      if (g_strcmp0 (column, "value") == 0)
        {
          g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                               _("Prometheus cannot count distinct sample values: pick a "
                                 "label to count the distinct values of"));
          return FALSE;
        }
      if (!check_label (column, "column", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_time (const BsQuery  *query,
            GError        **error)
{
  gboolean counted = query->range >= BS_QUERY_RANGE_LAST_MINUTES
                     && query->range <= BS_QUERY_RANGE_LAST_DAYS;

  if (query->range > BS_QUERY_RANGE_THIS_WEEK || query->bucket > BS_QUERY_BUCKET_WEEK)
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The field “time.range” or “bucket” is out of range"));
      return FALSE;
    }
  if (counted && (query->range_count == 0 || query->range_count > 100000))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The field “time.count” must be a whole number from 1 to 100000"));
      return FALSE;
    }
  if (query->bucket != BS_QUERY_BUCKET_NONE && query->range == BS_QUERY_RANGE_NONE)
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("A series by bucket needs a time range (the field “time.range”)"));
      return FALSE;
    }
  return TRUE;
}

/* Appends `, label="v"` style matchers for every filter. */
static gboolean
append_filters (GString        *out,
                const BsQuery  *query,
                gboolean        first,
                GError        **error)
{
  for (guint i = 0; i < query->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (query->filters, i);
      g_autofree char *field = g_strdup_printf ("filters[%u].column", i);
      g_autofree char *text = NULL;
      g_autofree char *pattern = NULL;
      const char *op;

      if (!check_label (filter->column, field, error))
        return FALSE;

      switch (filter->op)
        {
        case BS_QUERY_OPERATOR_EQUAL:
        case BS_QUERY_OPERATOR_NOT_EQUAL:
        case BS_QUERY_OPERATOR_CONTAINS:
        case BS_QUERY_OPERATOR_STARTS_WITH:
          if (filter->is_number ? !isfinite (filter->number) : filter->text == NULL)
            {
              g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The field “filters[%u].value” must be a string or a finite "
                             "number"), i);
              return FALSE;
            }
          if (!filter->is_number && !g_utf8_validate (filter->text, -1, NULL))
            {
              g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The field “filters[%u].value” is not valid UTF-8 text"), i);
              return FALSE;
            }
          text = filter->is_number ? number_to_text (filter->number) : g_strdup (filter->text);
          break;
        case BS_QUERY_OPERATOR_IS_EMPTY:
        case BS_QUERY_OPERATOR_IS_NOT_EMPTY:
          text = g_strdup ("");
          break;
        case BS_QUERY_OPERATOR_LESS:
        case BS_QUERY_OPERATOR_LESS_OR_EQUAL:
        case BS_QUERY_OPERATOR_GREATER:
        case BS_QUERY_OPERATOR_GREATER_OR_EQUAL:
          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                       _("Prometheus labels are text: the label “%s” cannot be compared with "
                         "“%s”; use =, !=, contains or starts with"),
                       filter->column, bs_query_operator_to_string (filter->op));
          return FALSE;
        default:
          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                       _("The field “filters[%u].operator” is not a known operator"), i);
          return FALSE;
        }

      if (filter->op == BS_QUERY_OPERATOR_CONTAINS || filter->op == BS_QUERY_OPERATOR_STARTS_WITH)
        {
          g_autofree char *escaped = regex_escape (text);

          /* (?s:…) lets the wildcard cross newlines inside a label value. */
          pattern = g_strconcat (filter->op == BS_QUERY_OPERATOR_CONTAINS ? "(?s:.*)" : "",
                                 escaped, "(?s:.*)", NULL);
          op = "=~";
        }
      else
        {
          pattern = g_steal_pointer (&text);
          op = (filter->op == BS_QUERY_OPERATOR_NOT_EQUAL
                || filter->op == BS_QUERY_OPERATOR_IS_NOT_EMPTY) ? "!=" : "=";
        }

      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      g_string_append_printf (out, "%s%s", filter->column, op);
      append_quoted (out, pattern);
    }
  return TRUE;
}

static char *
render_selector (const BsQuery  *query,
                 GError        **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean bare = !name_in (query->table, reserved_metric_names);

  if (bare)
    g_string_append (out, query->table);
  g_string_append_c (out, '{');
  if (!bare)
    {
      g_string_append (out, "__name__=");
      append_quoted (out, query->table);
    }
  if (!append_filters (out, query, bare, error))
    return NULL;
  g_string_append_c (out, '}');

  if (bare && query->filters->len == 0)
    g_string_truncate (out, out->len - 2);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "3599999ms", "24h", "7d": the largest unit that divides the duration. */
static char *
format_duration (gint64 ms)
{
  static const struct { gint64 ms; const char *unit; } units[] = {
    { 86400000, "d" }, { 3600000, "h" }, { 60000, "m" }, { 1000, "s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (ms % units[i].ms == 0)
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s", ms / units[i].ms, units[i].unit);
  return g_strdup_printf ("%" G_GINT64_FORMAT "ms", ms);
}

/* "by (a, b)" for the splits plus @extra (may be NULL), or "" when there is none. */
static char *
grouping (const BsQuery *query,
          const char    *extra)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (extra != NULL)
    g_ptr_array_add (labels, (gpointer) extra);
  for (guint i = 0; i < BS_QUERY_MAX_SPLITS && query->splits[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (labels, query->splits[i], g_str_equal, NULL))
      g_ptr_array_add (labels, query->splits[i]);
  if (labels->len == 0)
    return g_strdup ("");

  g_string_append (out, "by (");
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", (char *) labels->pdata[i]);
  g_string_append_c (out, ')');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "sum by (a) (args)", or "sum(args)" without a grouping. */
static char *
aggregate (const char *op,
           const char *by,
           const char *args)
{
  if (*by == '\0')
    return g_strdup_printf ("%s(%s)", op, args);
  return g_strdup_printf ("%s %s (%s)", op, by, args);
}

static char *
render_expr (const BsQuery *query,
             const char    *selector,
             const char    *window)
{
  g_autofree char *by = grouping (query, NULL);
  g_autofree char *inner = NULL;
  BsQueryAggregation aggregation = query->aggregation;
  const Aggregator *agg;

  if (query->measure == BS_QUERY_MEASURE_DISTINCT_COUNT)
    {
      g_autofree char *by_column = grouping (query, query->measure_column);
      g_autofree char *per_value = NULL;

      inner = window != NULL ? g_strdup_printf ("count_over_time(%s[%s])", selector, window)
                             : g_strdup (selector);
      per_value = aggregate ("count", by_column, inner);
      return aggregate ("count", by, per_value);
    }
  if (query->measure == BS_QUERY_MEASURE_COUNT_ROWS)
    aggregation = BS_QUERY_AGGREGATION_COUNT;

  agg = &aggregators[aggregation];
  if (window == NULL)
    inner = g_strdup (selector);
  else if (aggregation == BS_QUERY_AGGREGATION_MEDIAN)
    inner = g_strdup_printf ("%s(0.5, %s[%s])", agg->over_time, selector, window);
  else
    inner = g_strdup_printf ("%s(%s[%s])", agg->over_time, selector, window);

  if (aggregation == BS_QUERY_AGGREGATION_MEDIAN)
    {
      g_autofree char *args = g_strconcat ("0.5, ", inner, NULL);

      return aggregate (agg->across, by, args);
    }
  return aggregate (window != NULL ? agg->across : agg->instant, by, inner);
}

/* The start of the time range in @now's time zone, or NULL without a range. */
static GDateTime *
range_start (const BsQuery *query,
             GDateTime     *now)
{
  g_autoptr(GDateTime) midnight = NULL;

  switch (query->range)
    {
    case BS_QUERY_RANGE_LAST_MINUTES:
      return g_date_time_add_seconds (now, -60.0 * query->range_count);
    case BS_QUERY_RANGE_LAST_HOURS:
      return g_date_time_add_seconds (now, -3600.0 * query->range_count);
    case BS_QUERY_RANGE_LAST_DAYS:
      return g_date_time_add_seconds (now, -86400.0 * query->range_count);
    case BS_QUERY_RANGE_TODAY:
    case BS_QUERY_RANGE_THIS_WEEK:
      midnight = g_date_time_new (g_date_time_get_timezone (now),
                                  g_date_time_get_year (now), g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now), 0, 0, 0);
      if (query->range == BS_QUERY_RANGE_TODAY)
        return g_steal_pointer (&midnight);
      return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (now));
    case BS_QUERY_RANGE_NONE:
    default:
      return NULL;
    }
}

static gint64
align_down (gint64 t,
            guint  step)
{
  gint64 origin = step == bucket_seconds[BS_QUERY_BUCKET_WEEK] ? WEEK_ORIGIN_SECONDS : 0;
  gint64 offset = t - origin;
  gint64 floored = offset / (gint64) step;

  if (offset % (gint64) step < 0)
    floored--;
  return floored * step + origin;
}

static gboolean
render_bucketed (const BsQuery  *query,
                 GDateTime      *now,
                 GDateTime      *from,
                 const char     *selector,
                 BsQueryPromql  *out,
                 GError        **error)
{
  guint step = bucket_seconds[query->bucket];
  gint64 first = align_down (g_date_time_to_unix (from), step);
  gint64 last = align_down (g_date_time_to_unix (now), step);
  gint64 points = (last - first) / step + 1;
  g_autofree char *window = NULL;
  g_autoptr(GDateTime) first_end = NULL;
  g_autoptr(GDateTime) last_end = NULL;

  if (points > BS_QUERY_PROMQL_MAX_POINTS)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                   _("This series would have %" PRId64 " points and Prometheus "
                     "allows %d: pick a larger bucket or a shorter time range"),
                   points, BS_QUERY_PROMQL_MAX_POINTS);
      return FALSE;
    }

  window = format_duration ((gint64) step * 1000 - 1);
  first_end = g_date_time_new_from_unix_utc (first + step);
  last_end = g_date_time_new_from_unix_utc (last + step);
  out->expr = render_expr (query, selector, window);
  out->is_range = TRUE;
  out->start = g_date_time_add (first_end, -1000);
  out->end = g_date_time_add (last_end, -1000);
  out->step_seconds = step;
  out->time_shift_ms = 1 - (gint64) step * 1000;
  return TRUE;
}

gboolean
bs_query_promql_render (const BsQuery   *query,
                        GDateTime       *now,
                        BsQueryPromql  **out,
                        GError         **error)
{
  g_autoptr(BsQueryPromql) promql = NULL;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autofree char *selector = NULL;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_metric (query->table, error)
      || !check_measure (query, error)
      || !check_splits (query, error)
      || !check_time (query, error))
    return FALSE;
  selector = render_selector (query, error);
  if (selector == NULL)
    return FALSE;

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();
  from = range_start (query, now);
  if (from == NULL && query->range != BS_QUERY_RANGE_NONE)
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The start of the time range does not exist in this time zone"));
      return FALSE;
    }

  promql = g_new0 (BsQueryPromql, 1);
  for (guint i = 0; i < BS_QUERY_MAX_SPLITS && query->splits[i] != NULL; i++)
    promql->labels[i] = g_strdup (query->splits[i]);

  if (query->bucket != BS_QUERY_BUCKET_NONE)
    {
      if (!render_bucketed (query, now, from, selector, promql, error))
        return FALSE;
    }
  else
    {
      g_autofree char *window = NULL;

      if (from != NULL)
        {
          /* PromQL refuses an empty range, which "today" is at midnight sharp. */
          gint64 ms = MAX (g_date_time_difference (now, from) / 1000, 1);

          window = format_duration (ms);
        }
      promql->expr = render_expr (query, selector, window);
      promql->start = from != NULL ? g_date_time_ref (from) : NULL;
      promql->end = g_date_time_ref (now);
    }

  *out = g_steal_pointer (&promql);
  return TRUE;
}
