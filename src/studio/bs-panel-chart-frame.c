#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-frame-view.h"
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

static const char *
node_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static double
node_number (JsonNode *node,
             double    otherwise)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return otherwise;
  if (json_node_get_value_type (node) == G_TYPE_INT64 ||
      json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return otherwise;
}

void
bs_panel_chart_read_options (BsPanelChart *self,
                             JsonObject   *json)
{
  JsonNode *legend = member_at (json, "options", "legend", "showLegend", NULL);
  const char *color_mode = node_string (member_at (json, "fieldConfig", "defaults", "color",
                                                   "mode", NULL));
  JsonNode *calcs;

  self->show_legend = TRUE;
  if (legend != NULL && JSON_NODE_HOLDS_VALUE (legend) &&
      json_node_get_value_type (legend) == G_TYPE_BOOLEAN)
    self->show_legend = json_node_get_boolean (legend);
  if (g_strcmp0 (node_string (member_at (json, "options", "legend", "displayMode", NULL)),
                 "hidden") == 0)
    self->show_legend = FALSE;

  g_clear_pointer (&self->fixed_color, g_free);
  if (g_strcmp0 (color_mode, "fixed") == 0)
    self->fixed_color = g_strdup (node_string (member_at (json, "fieldConfig", "defaults",
                                                          "color", "fixedColor", NULL)));

  g_free (self->color_mode);
  self->color_mode = g_strdup (node_string (member_at (json, "options", "colorMode", NULL)));
  self->sparkline = g_strcmp0 (node_string (member_at (json, "options", "graphMode", NULL)),
                               "none") != 0;
  self->donut = g_strcmp0 (node_string (member_at (json, "options", "pieType", NULL)),
                           "donut") == 0;
  g_clear_pointer (&self->reducer, g_free);
  calcs = member_at (json, "options", "reduceOptions", "calcs", NULL);
  if (calcs != NULL && JSON_NODE_HOLDS_ARRAY (calcs) &&
      json_array_get_length (json_node_get_array (calcs)) > 0)
    self->reducer = g_strdup (node_string (json_array_get_element (json_node_get_array (calcs),
                                                                   0)));
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

static gboolean
value_to_double (JsonNode *node,
                 double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *out = json_node_get_double (node);
      return isfinite (*out);
    }
  return FALSE;
}

static gboolean
time_to_seconds (JsonNode *node,
                 double   *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;
  double number;

  if (value_to_double (node, &number))
    {
      /* Milliseconds since 1970 are above 10^11, seconds are not for a thousand years. */
      *out = fabs (number) > 1e11 ? number / 1000 : number;
      return fabs (*out) < 1e11;
    }
  if (node_string (node) == NULL)
    return FALSE;

  text = g_strdup (node_string (node));
  if (strlen (text) == 10)
    {
      g_autofree char *day = g_steal_pointer (&text);

      text = g_strconcat (day, "T00:00:00", NULL);
    }
  else if (strlen (text) > 10 && text[10] == ' ')
    text[10] = 'T';
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time) + g_date_time_get_microsecond (time) / 1e6;
  return TRUE;
}

/* A cell of a row that may be shorter than the columns say. */
static JsonNode *
cell (JsonArray *row,
      int        index)
{
  return index >= 0 && (guint) index < json_array_get_length (row)
         ? json_array_get_element (row, index) : NULL;
}

static const char *
column_member (JsonArray  *columns,
               guint       index,
               const char *member)
{
  JsonNode *node = cell (columns, index);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return node_string (json_object_get_member (json_node_get_object (node), member));
}

static gboolean
is_numeric (const char *type)
{
  return g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "number") == 0;
}

static char *
row_key (JsonArray *columns,
         JsonArray *row,
         guint      first,
         guint      last,
         guint      skip)
{
  GString *key = g_string_new (NULL);

  for (guint i = first; i < last && i < json_array_get_length (row); i++)
    {
      g_autofree char *text = NULL;

      if (i == skip)
        continue;
      text = bs_frame_format_value (cell (row, i),
                                    column_member (columns, i, "type"));
      if (key->len > 0)
        g_string_append (key, " · ");
      g_string_append (key, text);
    }
  return g_string_free (key, FALSE);
}

static BsChartSeries *
find_series (BsPanelChart *self,
             GHashTable   *by_name,
             const char   *name)
{
  BsChartSeries *series = g_hash_table_lookup (by_name, name);

  if (series == NULL)
    {
      series = g_new0 (BsChartSeries, 1);
      series->name = g_strdup (name);
      series->times = g_array_new (FALSE, FALSE, sizeof (double));
      series->values = g_array_new (FALSE, FALSE, sizeof (double));
      series->last = NAN;
      g_ptr_array_add (self->series, series);
      g_hash_table_insert (by_name, series->name, series);
    }
  return series;
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
    if (is_numeric (column_member (columns, value_index - 1, "type")))
      break;
  if (value_index-- == 0)
    return;
  for (guint i = 0; i < n_columns; i++)
    if (g_strcmp0 (column_member (columns, i, "type"), "time") == 0)
      {
        time_index = i;
        break;
      }

  self->value_name = g_strdup (column_member (columns, value_index, "name"));
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
      if (!value_to_double (cell (row, value_index), &v))
        continue;
      if (self->has_time && !time_to_seconds (cell (row, time_index), &t))
        continue;

      key = row_key (columns, row, 0, value_index, time_index);
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
      series = find_series (self, by_name, key);
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
      series->last = reduce (series, self->reducer);
    }
}
