#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-panel-chart-private.h"

/* Reading the panel */

static JsonNode *
member_at (JsonObject *object,
           ...)
{
  JsonNode *node = NULL;
  const char *name;
  va_list args;

  va_start (args, object);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      node = object != NULL ? json_object_get_member (object, name) : NULL;
      object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                             : NULL;
    }
  va_end (args);
  return node;
}

static double
node_number (JsonNode *node,
             double    otherwise)
{
  double number;

  return bs_chart_frame_number (node, &number) ? number : otherwise;
}

/* The string at a member path of the panel's JSON, or NULL. */
#define option_string(...) bs_chart_frame_string (member_at (__VA_ARGS__, NULL))

void
bs_panel_chart_read_options (BsPanelChart *self,
                             JsonObject   *json)
{
  JsonNode *legend = member_at (json, "options", "legend", "showLegend", NULL);
  JsonNode *calcs = member_at (json, "options", "reduceOptions", "calcs", NULL);

  self->show_legend = TRUE;
  if (legend != NULL && JSON_NODE_HOLDS_VALUE (legend) &&
      json_node_get_value_type (legend) == G_TYPE_BOOLEAN)
    self->show_legend = json_node_get_boolean (legend);
  if (g_strcmp0 (option_string (json, "options", "legend", "displayMode"), "hidden") == 0)
    self->show_legend = FALSE;

  g_clear_pointer (&self->fixed_color, g_free);
  if (g_strcmp0 (option_string (json, "fieldConfig", "defaults", "color", "mode"), "fixed") == 0)
    self->fixed_color = g_strdup (option_string (json, "fieldConfig", "defaults", "color",
                                                 "fixedColor"));

  g_free (self->color_mode);
  self->color_mode = g_strdup (option_string (json, "options", "colorMode"));
  self->sparkline = g_strcmp0 (option_string (json, "options", "graphMode"), "none") != 0;
  self->donut = g_strcmp0 (option_string (json, "options", "pieType"), "donut") == 0;
  g_clear_pointer (&self->reducer, g_free);
  if (calcs != NULL && JSON_NODE_HOLDS_ARRAY (calcs))
    self->reducer = g_strdup (bs_chart_frame_string (
                                bs_chart_frame_cell (json_node_get_array (calcs), 0)));
  self->min = node_number (member_at (json, "fieldConfig", "defaults", "min", NULL), NAN);
  self->max = node_number (member_at (json, "fieldConfig", "defaults", "max", NULL), NAN);
  /* Grafana draws 1 px lines with no fill unless told; without a screen's subpixels a line
   * reads better a little thicker, and a faint fill under one or two lines (as most
   * published dashboards set) helps see where the values sit. */
  self->line_width = CLAMP (node_number (member_at (json, "fieldConfig", "defaults", "custom",
                                                    "lineWidth", NULL), 1.5), 0.5, 10);
  self->fill_opacity = CLAMP (node_number (member_at (json, "fieldConfig", "defaults", "custom",
                                                      "fillOpacity", NULL), 10), 0, 100) / 100;
}

/* Reading the frame */

/* Panels also read frames of other sources than the engine: times in numbers, and days
 * alone. */
static gboolean
time_to_seconds (JsonNode *node,
                 double   *out)
{
  const char *text = bs_chart_frame_string (node);
  double number;

  if (bs_chart_frame_number (node, &number))
    {
      /* Milliseconds since 1970 are above 10^11, seconds are not for a thousand years. */
      *out = fabs (number) > 1e11 ? number / 1000 : number;
      return fabs (*out) < 1e11;
    }
  if (text != NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      return bs_chart_frame_time (midnight, out);
    }
  return bs_chart_frame_time (text, out);
}

static gboolean
is_numeric (const char *type)
{
  return g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "number") == 0;
}

/* The engine's frames are long: a time (or not), the split columns, the value last. Each
 * distinct split is a series; without a time, each row is one. */
static void
read_rows (BsPanelChart *self)
{
  JsonNode *columns_node = self->frame != NULL ? json_object_get_member (self->frame, "columns")
                                               : NULL;
  JsonNode *rows_node = self->frame != NULL ? json_object_get_member (self->frame, "rows")
                                            : NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *columns, *rows;
  guint n_columns, value_index;
  int time_index = -1;

  if (columns_node == NULL || !JSON_NODE_HOLDS_ARRAY (columns_node) ||
      rows_node == NULL || !JSON_NODE_HOLDS_ARRAY (rows_node))
    return;
  columns = json_node_get_array (columns_node);
  rows = json_node_get_array (rows_node);
  n_columns = json_array_get_length (columns);
  for (value_index = n_columns; value_index > 0; value_index--)
    if (is_numeric (bs_chart_frame_column (columns, value_index - 1, "type")))
      break;
  if (value_index-- == 0)
    return;
  for (guint i = 0; i < n_columns; i++)
    if (g_strcmp0 (bs_chart_frame_column (columns, i, "type"), "time") == 0)
      {
        time_index = i;
        break;
      }

  self->value_name = g_strdup (bs_chart_frame_column (columns, value_index, "name"));
  self->has_time = time_index >= 0;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      g_autofree char *key = NULL;
      BsChartSeries *series;
      JsonArray *row;
      double t = 0, v;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;
      row = json_node_get_array (node);
      if (!bs_chart_frame_number (bs_chart_frame_cell (row, value_index), &v))
        continue;
      if (self->has_time && !time_to_seconds (bs_chart_frame_cell (row, time_index), &t))
        continue;

      key = bs_chart_frame_row_key (columns, row, 0, value_index, time_index);
      if (!self->has_time && key[0] == '\0')
        {
          g_free (key);
          key = g_strdup (self->value_name != NULL ? self->value_name : "");
        }
      if (!self->has_time && g_hash_table_contains (by_name, key))
        {
          /* Two rows alike without a time: kept apart, by their place. */
          g_autofree char *numbered = g_strdup_printf ("%s (%u)", key, i + 1);

          g_free (key);
          key = g_steal_pointer (&numbered);
        }
      series = bs_chart_series_find (self->series, by_name, key);
      g_array_append_val (series->times, t);
      g_array_append_val (series->values, v);
      series->last = v;
      self->v_min = MIN (self->v_min, v);
      self->v_max = MAX (self->v_max, v);
      if (self->has_time)
        {
          self->t_min = MIN (self->t_min, t);
          self->t_max = MAX (self->t_max, t);
        }
    }
}

typedef struct
{
  double t;
  double v;
} Point;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *x = a, *y = b;

  return (x->t > y->t) - (x->t < y->t);
}

/* Lines are drawn in the order of time, whatever order the rows came in. */
static void
sort_by_time (BsChartSeries *series)
{
  g_autoptr(GArray) points = NULL;
  gboolean sorted = TRUE;

  for (guint j = 1; j < series->times->len && sorted; j++)
    sorted = g_array_index (series->times, double, j - 1) <=
             g_array_index (series->times, double, j);
  if (sorted)
    return;

  points = g_array_sized_new (FALSE, FALSE, sizeof (Point), series->times->len);
  for (guint j = 0; j < series->times->len; j++)
    {
      Point point = { g_array_index (series->times, double, j),
                      g_array_index (series->values, double, j) };

      g_array_append_val (points, point);
    }
  g_array_sort (points, compare_points);
  for (guint j = 0; j < points->len; j++)
    {
      g_array_index (series->times, double, j) = g_array_index (points, Point, j).t;
      g_array_index (series->values, double, j) = g_array_index (points, Point, j).v;
    }
}

/* The closest two times of a series: one bucket. A longer gap means nothing was there: the
 * line breaks rather than bridging it, or dips to 0 for a count or a sum. */
double
bs_panel_chart_bucket_spacing (BsChartSeries *series)
{
  double spacing = INFINITY;

  for (guint j = 1; j < series->times->len; j++)
    {
      double dt = g_array_index (series->times, double, j) -
                  g_array_index (series->times, double, j - 1);

      if (dt > 0)
        spacing = MIN (spacing, dt);
    }
  return spacing;
}

/* More points than a chart can show apart: a series whose gaps would need more is left
 * with its gaps. */
#define MAX_FILLED_POINTS 20000

/* A count or a sum over a bucket without rows is 0, not unknown: the buckets missing
 * between two answered ones (a sorted series) get a 0. */
static void
fill_missing_buckets (BsChartSeries *series)
{
  double spacing = bs_panel_chart_bucket_spacing (series);
  g_autoptr(GArray) times = NULL;
  g_autoptr(GArray) values = NULL;
  double first, last;

  if (!isfinite (spacing))
    return;
  first = g_array_index (series->times, double, 0);
  last = g_array_index (series->times, double, series->times->len - 1);
  if ((last - first) / spacing > MAX_FILLED_POINTS)
    return;

  times = g_array_new (FALSE, FALSE, sizeof (double));
  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint j = 0; j < series->times->len; j++)
    {
      double t = g_array_index (series->times, double, j);
      double zero = 0;

      g_array_append_val (times, t);
      g_array_append_val (values, g_array_index (series->values, double, j));
      if (j + 1 == series->times->len)
        break;
      /* Half a bucket of slack: a day bucket across a change of summer time is 23 or 25
       * hours long. */
      for (double gap = t + spacing; gap < g_array_index (series->times, double, j + 1)
                                           - spacing / 2; gap += spacing)
        {
          g_array_append_val (times, gap);
          g_array_append_val (values, zero);
        }
    }
  g_array_unref (series->times);
  series->times = g_steal_pointer (&times);
  g_array_unref (series->values);
  series->values = g_steal_pointer (&values);
}

/* Grafana's reductions of a series to the one value a stat shows; the last value for the
 * ones we do not know. */
static double
reduce (BsChartSeries *series,
        const char    *reducer)
{
  GArray *values = series->values;
  double result;

  if (values->len == 0)
    return NAN;
  if (g_strcmp0 (reducer, "first") == 0 || g_strcmp0 (reducer, "firstNotNull") == 0)
    return g_array_index (values, double, 0);
  if (g_strcmp0 (reducer, "count") == 0)
    return values->len;

  result = g_strcmp0 (reducer, "sum") == 0 || g_strcmp0 (reducer, "mean") == 0
           ? 0 : g_array_index (values, double, 0);
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);

      if (g_strcmp0 (reducer, "sum") == 0 || g_strcmp0 (reducer, "mean") == 0)
        result += v;
      else if (g_strcmp0 (reducer, "max") == 0)
        result = MAX (result, v);
      else if (g_strcmp0 (reducer, "min") == 0)
        result = MIN (result, v);
      else
        result = v;
    }
  return g_strcmp0 (reducer, "mean") == 0 ? result / values->len : result;
}

void
bs_panel_chart_read_frame (BsPanelChart *self)
{
  read_rows (self);
  for (guint i = 0; i < self->series->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);

      if (self->has_time)
        sort_by_time (series);
      if (self->has_time && self->zero_fill)
        fill_missing_buckets (series);
      series->last = reduce (series, self->reducer);
    }
}
