#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-chart-frame.h"
#include "bs-frame-chart.h"
#include "bs-frame-view.h"

#define GRID_STEPS    4
#define GAP           6.0
#define BAR_HEIGHT    18.0
#define BAR_SPACING   6.0
#define BAR_RADIUS    3.0
#define SWATCH        10.0
#define LEGEND_GAP    16.0
#define X_TICKS       5
#define LINE_WIDTH    2.0
#define HOVER_RADIUS  12.0
#define DOT_MAX_POINTS 60
#define THRESHOLD_WIDTH 1.5
#define THRESHOLD_DASH  6.0

typedef struct
{
  char   *label;
  double  value;
} Bar;

struct _BsFrameChart
{
  GtkWidget         parent_instance;

  JsonObject       *frame;
  BsFrameChartKind  kind;
  char             *value_name;
  char             *value_label;  /* given by the embedder, or NULL */
  char             *summary;
  GPtrArray        *series;     /* of BsChartSeries*, drawn ones first */
  GArray           *bars;       /* of Bar, largest first */
  char             *number;     /* the single value, formatted */
  char             *caption;
  double            t_min, t_max;
  double            t_spacing;  /* the closest two times of a series: one bucket */
  double            v_min, v_max;
  GArray           *thresholds; /* double */
  GArray           *intervals;  /* BsFrameChartInterval */
  BsFrameChartHighlightFunc highlight;
  gpointer          highlight_data;
  GDestroyNotify    highlight_destroy;
};

G_DEFINE_FINAL_TYPE (BsFrameChart, bs_frame_chart, GTK_TYPE_WIDGET)

static const char *light_palette[BS_FRAME_CHART_MAX_SERIES] = {
  "#1c71d8", "#26a269", "#e5a50a", "#c64600", "#c01c28", "#813d9c", "#865e3c", "#1a8a9a",
};
static const char *dark_palette[BS_FRAME_CHART_MAX_SERIES] = {
  "#62a0ea", "#57e389", "#f8e45c", "#ffa348", "#f66151", "#dc8add", "#cdab8f", "#66d9e8",
};

static void
bar_clear (gpointer data)
{
  g_free (((Bar *) data)->label);
}

/* Reading the frame */

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const BsChartSeries *x = *(BsChartSeries **) a, *y = *(BsChartSeries **) b;

  return (y->total > x->total) - (y->total < x->total);
}

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  const Bar *x = a, *y = b;

  return (y->value > x->value) - (y->value < x->value);
}

/* Fills self->series from a frame whose first column is a time; returns the number of
 * distinct times seen. */
static guint
read_series (BsFrameChart *self,
             JsonArray    *columns,
             JsonArray    *rows)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint value_index = json_array_get_length (columns) - 1;

  self->t_min = self->v_min = INFINITY;
  self->t_max = self->v_max = -INFINITY;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonArray *row;
      g_autofree char *key = NULL;
      BsChartSeries *series;
      double t, v;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;
      row = json_node_get_array (node);
      if (!bs_chart_frame_time (bs_chart_frame_string (bs_chart_frame_cell (row, 0)), &t) ||
          !bs_chart_frame_number (bs_chart_frame_cell (row, value_index), &v))
        continue;

      key = bs_chart_frame_row_key (columns, row, 1, value_index, G_MAXUINT);
      series = bs_chart_series_find (self->series, by_name, key);
      g_array_append_val (series->times, t);
      g_array_append_val (series->values, v);
      series->total += fabs (v);
      g_hash_table_add (times, g_strdup_printf ("%.3f", t));
      self->t_min = MIN (self->t_min, t);
      self->t_max = MAX (self->t_max, t);
    }

  g_ptr_array_sort (self->series, compare_series);
  self->t_spacing = INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);

      for (guint j = 1; j < series->times->len; j++)
        {
          double dt = g_array_index (series->times, double, j) -
                      g_array_index (series->times, double, j - 1);

          if (dt > 0)
            self->t_spacing = MIN (self->t_spacing, dt);
        }
    }
  for (guint i = 0; i < MIN (self->series->len, BS_FRAME_CHART_MAX_SERIES); i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->values->len; j++)
        {
          self->v_min = MIN (self->v_min, g_array_index (series->values, double, j));
          self->v_max = MAX (self->v_max, g_array_index (series->values, double, j));
        }
    }

  return g_hash_table_size (times);
}

static void
read_bars (BsFrameChart *self,
           JsonArray    *columns,
           JsonArray    *rows)
{
  guint value_index = json_array_get_length (columns) - 1;

  self->v_min = 0;
  self->v_max = 0;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      Bar bar;

      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          !bs_chart_frame_number (bs_chart_frame_cell (json_node_get_array (node), value_index),
                                  &bar.value))
        continue;

      bar.label = bs_chart_frame_row_key (columns, json_node_get_array (node), 0, value_index,
                                         G_MAXUINT);
      if (bar.label[0] == '\0')
        {
          g_free (bar.label);
          bar.label = g_strdup (self->value_name);
        }
      g_array_append_val (self->bars, bar);
      self->v_min = MIN (self->v_min, bar.value);
      self->v_max = MAX (self->v_max, bar.value);
    }

  g_array_sort (self->bars, compare_bars);
}

static void
read_number (BsFrameChart *self,
             JsonArray    *columns,
             JsonArray    *row)
{
  guint value_index = json_array_get_length (columns) - 1;
  g_autofree char *key = bs_chart_frame_row_key (columns, row, 0, value_index, G_MAXUINT);

  self->number = bs_frame_format_value (json_array_get_element (row, value_index),
                                        bs_chart_frame_column (columns, value_index, "type"));
  self->caption = key[0] != '\0' ? g_steal_pointer (&key) : g_strdup (self->value_name);
}

static BsFrameChartKind
read_frame (BsFrameChart *self)
{
  JsonArray *columns = member_array (self->frame, "columns");
  JsonArray *rows = member_array (self->frame, "rows");
  const char *value_type;
  guint n_columns;

  if (columns == NULL || rows == NULL || json_array_get_length (rows) == 0)
    return BS_FRAME_CHART_KIND_NONE;

  n_columns = json_array_get_length (columns);
  value_type = bs_chart_frame_column (columns, n_columns - 1, "type");
  if (g_strcmp0 (value_type, "integer") != 0 && g_strcmp0 (value_type, "number") != 0)
    return BS_FRAME_CHART_KIND_NONE;
  self->value_name = g_strdup (self->value_label != NULL
                               ? self->value_label
                               : bs_chart_frame_column (columns, n_columns - 1, "name"));

  if (n_columns >= 2 && g_strcmp0 (bs_chart_frame_column (columns, 0, "type"), "time") == 0 &&
      read_series (self, columns, rows) >= 2)
    return BS_FRAME_CHART_KIND_LINES;
  g_ptr_array_set_size (self->series, 0);

  if (json_array_get_length (rows) == 1 &&
      JSON_NODE_HOLDS_ARRAY (json_array_get_element (rows, 0)))
    {
      read_number (self, columns, json_array_get_array_element (rows, 0));
      return BS_FRAME_CHART_KIND_NUMBER;
    }

  read_bars (self, columns, rows);
  return self->bars->len > 0 ? BS_FRAME_CHART_KIND_BARS : BS_FRAME_CHART_KIND_NONE;
}

/* Words */

static char *
format_value (double value)
{
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);

  return bs_frame_format_value (node, "number");
}

static char *
format_time (double      seconds,
             const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) seconds);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

static char *
summarize_lines (BsFrameChart *self)
{
  /* Translators: a date and time in a chart's description, see g_date_time_format(). */
  g_autofree char *from = format_time (self->t_min, _("%-d %B %Y, %H:%M"));
  g_autofree char *to = format_time (self->t_max, _("%-d %B %Y, %H:%M"));
  guint drawn = MIN (self->series->len, BS_FRAME_CHART_MAX_SERIES);
  GString *text = g_string_new (NULL);

  /* Translators: the start of a line chart's description for screen readers. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Line chart of %u series from %s to %s.",
                                             "Line chart of %u series from %s to %s.",
                                             self->series->len),
                          self->series->len, from, to);
  for (guint i = 0; i < drawn; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      g_autofree char *last = format_value (g_array_index (series->values, double,
                                                           series->values->len - 1));

      g_string_append_c (text, ' ');
      /* Translators: one series in a chart's description: its name and latest value. */
      g_string_append_printf (text, _("%s: latest %s."),
                              series->name[0] != '\0' ? series->name : self->value_name, last);
    }
  if (self->series->len > drawn)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u smaller series is not drawn.",
                                                 "%u smaller series are not drawn.",
                                                 self->series->len - drawn),
                              self->series->len - drawn);
    }

  return g_string_free (text, FALSE);
}

static char *
summarize_bars (BsFrameChart *self)
{
  Bar *first = &g_array_index (self->bars, Bar, 0);
  Bar *last = &g_array_index (self->bars, Bar, self->bars->len - 1);
  g_autofree char *high = format_value (first->value);
  g_autofree char *low = format_value (last->value);

  if (self->bars->len == 1)
    /* Translators: a bar chart of one bar, for screen readers. */
    return g_strdup_printf (_("Bar chart of one value: %s is %s."), first->label, high);

  /* Translators: a bar chart's description for screen readers. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Bar chart of %u value, largest first: the highest "
                                       "is %s at %s, the lowest %s at %s.",
                                       "Bar chart of %u values, largest first: the highest "
                                       "is %s at %s, the lowest %s at %s.",
                                       self->bars->len),
                          self->bars->len, first->label, high, last->label, low);
}

static char *summarize_kind (BsFrameChart *self);

/* The thresholds and shaded stretches are part of what the chart says. */
static char *
summarize (BsFrameChart *self)
{
  g_autofree char *text = summarize_kind (self);
  GString *out;

  if (self->kind == BS_FRAME_CHART_KIND_NONE || self->kind == BS_FRAME_CHART_KIND_NUMBER ||
      (self->thresholds->len == 0 && self->intervals->len == 0))
    return g_steal_pointer (&text);

  out = g_string_new (text);
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      g_autofree char *value = format_value (g_array_index (self->thresholds, double, i));

      g_string_append_c (out, ' ');
      /* Translators: part of a chart's description for screen readers. */
      g_string_append_printf (out, _("A dashed line marks %s."), value);
    }
  if (self->kind == BS_FRAME_CHART_KIND_LINES && self->intervals->len > 0)
    {
      g_string_append_c (out, ' ');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "%u stretch of time is shaded.",
                                                "%u stretches of time are shaded.",
                                                self->intervals->len),
                              self->intervals->len);
    }

  return g_string_free (out, FALSE);
}

static char *
summarize_kind (BsFrameChart *self)
{
  switch (self->kind)
    {
    case BS_FRAME_CHART_KIND_NUMBER:
      /* Translators: a single figure, “quantity: 1,204”. */
      return g_strdup_printf (_("%s: %s"), self->caption, self->number);
    case BS_FRAME_CHART_KIND_BARS:
      return summarize_bars (self);
    case BS_FRAME_CHART_KIND_LINES:
      return summarize_lines (self);
    case BS_FRAME_CHART_KIND_NONE:
    default:
      return g_strdup (_("Nothing to chart"));
    }
}

/* Drawing */

/* Every label of this chart is written small. */
static PangoLayout *
small_layout (BsFrameChart *self,
              const char   *text)
{
  return bs_chart_layout (GTK_WIDGET (self), text, PANGO_SCALE_SMALL);
}

static void
series_color (GdkRGBA *foreground,
              guint    index,
              GdkRGBA *color)
{
  const char **palette = bs_chart_is_dark (foreground) ? dark_palette : light_palette;

  gdk_rgba_parse (color, palette[index % BS_FRAME_CHART_MAX_SERIES]);
}

static double
nice_step (double span)
{
  double raw = span / GRID_STEPS;
  double magnitude, residual;

  if (raw <= 0 || !isfinite (raw))
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  residual = raw / magnitude;
  if (residual <= 1)
    return magnitude;
  if (residual <= 2)
    return 2 * magnitude;
  if (residual <= 2.5)
    return 2.5 * magnitude;
  if (residual <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

typedef struct
{
  graphene_rect_t plot;
  double          bottom_value, top_value, step;
  double          legend_top;
} LineGeometry;

static double
legend_height (BsFrameChart *self,
               double        width,
               int           line_height)
{
  double x = 0;
  int lines = 1;

  for (guint i = 0; i < MIN (self->series->len, BS_FRAME_CHART_MAX_SERIES); i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      g_autoptr(PangoLayout) layout = small_layout (self, series->name);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      if (x > 0 && x + SWATCH + GAP + w > width)
        {
          lines++;
          x = 0;
        }
      x += SWATCH + GAP + w + LEGEND_GAP;
    }

  return lines * (line_height + 2);
}

/* The values the axis must show: the data's and the thresholds'. */
static void
value_bounds (BsFrameChart *self,
              double       *low,
              double       *high)
{
  *low = self->v_min;
  *high = self->v_max;
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      double t = g_array_index (self->thresholds, double, i);

      *low = MIN (*low, t);
      *high = MAX (*high, t);
    }
}

static void
line_geometry (BsFrameChart *self,
               int           width,
               int           height,
               LineGeometry *g)
{
  g_autoptr(PangoLayout) probe = small_layout (self, "0");
  gboolean has_legend = self->series->len > 1 ||
                        (self->series->len == 1 &&
                         ((BsChartSeries *) g_ptr_array_index (self->series, 0))->name[0] != '\0');
  int line_height, axis_width = 0;
  double legend = 0, low, high;

  value_bounds (self, &low, &high);
  pango_layout_get_pixel_size (probe, NULL, &line_height);
  g->bottom_value = low >= 0 ? 0 : low;
  g->step = nice_step (high - g->bottom_value);
  g->bottom_value = g->step * floor (g->bottom_value / g->step);
  g->top_value = MAX (g->bottom_value + g->step,
                      g->step * ceil (high / g->step));

  for (double v = g->bottom_value; v <= g->top_value + g->step / 2; v += g->step)
    {
      g_autofree char *text = format_value (v);
      g_autoptr(PangoLayout) layout = small_layout (self, text);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      axis_width = MAX (axis_width, w);
    }

  if (has_legend)
    legend = legend_height (self, width - axis_width - 2 * GAP, line_height) + GAP;
  graphene_rect_init (&g->plot, axis_width + 2 * GAP, line_height / 2.0,
                      MAX (1, width - axis_width - 3 * GAP),
                      MAX (1, height - legend - 1.5 * line_height - GAP));
  g->legend_top = height - legend + GAP;
}

static double
x_for (BsFrameChart       *self,
       const LineGeometry *g,
       double              t)
{
  double span = self->t_max - self->t_min;

  return g->plot.origin.x + (span > 0 ? (t - self->t_min) / span : 0.5) * g->plot.size.width;
}

static double
y_for (const LineGeometry *g,
       double              v)
{
  return g->plot.origin.y +
         g->plot.size.height * (1 - (v - g->bottom_value) / (g->top_value - g->bottom_value));
}

static void
draw_value_grid (BsFrameChart       *self,
                 GtkSnapshot        *snapshot,
                 const LineGeometry *g,
                 const GdkRGBA      *foreground)
{
  GdkRGBA line = *foreground, text = *foreground;

  line.alpha *= 0.15;
  text.alpha *= 0.7;
  for (double v = g->bottom_value; v <= g->top_value + g->step / 2; v += g->step)
    {
      double y = round (y_for (g, v));
      g_autofree char *label = format_value (v);
      g_autoptr(PangoLayout) layout = small_layout (self, label);
      int w, h;

      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (g->plot.origin.x, y - 0.5,
                                                      g->plot.size.width, 1));
      pango_layout_get_pixel_size (layout, &w, &h);
      bs_chart_draw_layout (snapshot, layout, g->plot.origin.x - GAP - w, y - h / 2.0,
                            &text);
    }
}

/* A round step between time labels (a minute … a month) that gives at most X_TICKS. */
static double
time_step (double span)
{
  static const double steps[] = {
    60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600,
    86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400,
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= X_TICKS)
      return steps[i];
  return steps[G_N_ELEMENTS (steps) - 1];
}

static void
draw_time_axis (BsFrameChart       *self,
                GtkSnapshot        *snapshot,
                const LineGeometry *g,
                const GdkRGBA      *foreground)
{
  double span = self->t_max - self->t_min;
  double step = time_step (span);
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_local ((gint64) self->t_min);
  /* Labels fall on round local times: midnight, the hour, the quarter hour. */
  double offset = g_date_time_get_utc_offset (first) / (double) G_USEC_PER_SEC;
  double t = ceil ((self->t_min + offset) / step) * step - offset;
  /* Translators: time labels under a chart, by the hour, and by the day. */
  const char *format = step < 86400 ? _("%H:%M") : _("%-d %b");
  GdkRGBA text = *foreground, tick = *foreground;
  double right_edge = -INFINITY;

  text.alpha *= 0.7;
  tick.alpha *= 0.15;
  for (; t <= self->t_max + 0.5; t += step)
    {
      g_autofree char *label = format_time (t, format);
      g_autoptr(PangoLayout) layout = small_layout (self, label);
      double x = x_for (self, g, t);
      double left;
      int w;

      gtk_snapshot_append_color (snapshot, &tick,
                                 &GRAPHENE_RECT_INIT (round (x) - 0.5, g->plot.origin.y,
                                                      1, g->plot.size.height));
      pango_layout_get_pixel_size (layout, &w, NULL);
      left = CLAMP (x - w / 2.0, g->plot.origin.x - GAP,
                    g->plot.origin.x + g->plot.size.width - w);
      if (left < right_edge + GAP)
        continue;
      bs_chart_draw_layout (snapshot, layout, left,
                            g->plot.origin.y + g->plot.size.height + GAP / 2, &text);
      right_edge = left + w;
    }
}

static void
draw_lines (BsFrameChart       *self,
            GtkSnapshot        *snapshot,
            const LineGeometry *g,
            GdkRGBA            *foreground)
{
  graphene_rect_t bounds;
  cairo_t *cr;

  /* Room for the dots and line caps on the plot's edges. */
  graphene_rect_inset_r (&g->plot, -2 * LINE_WIDTH, -2 * LINE_WIDTH, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);

  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* The biggest series first, so that smaller ones stay visible on top. */
  for (guint i = 0; i < MIN (self->series->len, BS_FRAME_CHART_MAX_SERIES); i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      GdkRGBA color;

      series_color (foreground, i, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      /* A missing bucket breaks the line rather than bridging it: nothing was there. */
      for (guint j = 0; j < series->times->len; j++)
        {
          double t = g_array_index (series->times, double, j);
          double x = x_for (self, g, t);
          double y = y_for (g, g_array_index (series->values, double, j));

          if (j == 0 || t - g_array_index (series->times, double, j - 1) > 1.5 * self->t_spacing)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      /* Dots where there are few points, so that a lone one shows too. */
      if (series->times->len <= DOT_MAX_POINTS)
        for (guint j = 0; j < series->times->len; j++)
          {
            double x = x_for (self, g, g_array_index (series->times, double, j));
            double y = y_for (g, g_array_index (series->values, double, j));

            cairo_new_sub_path (cr);
            cairo_arc (cr, x, y, LINE_WIDTH * 1.25, 0, 2 * G_PI);
          }
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
draw_legend (BsFrameChart       *self,
             GtkSnapshot        *snapshot,
             const LineGeometry *g,
             GdkRGBA            *foreground,
             int                 width)
{
  double x = g->plot.origin.x, y = g->legend_top;

  if (g->legend_top >= gtk_widget_get_height (GTK_WIDGET (self)))
    return;

  for (guint i = 0; i < MIN (self->series->len, BS_FRAME_CHART_MAX_SERIES); i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      g_autoptr(PangoLayout) layout = small_layout (self, series->name);
      GskRoundedRect swatch;
      GdkRGBA color;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      if (x > g->plot.origin.x && x + SWATCH + GAP + w > width)
        {
          x = g->plot.origin.x;
          y += h + 2;
        }
      series_color (foreground, i, &color);
      gsk_rounded_rect_init_from_rect (&swatch,
                                       &GRAPHENE_RECT_INIT (x, y + (h - SWATCH) / 2,
                                                            SWATCH, SWATCH), 2);
      gtk_snapshot_push_rounded_clip (snapshot, &swatch);
      gtk_snapshot_append_color (snapshot, &color, &swatch.bounds);
      gtk_snapshot_pop (snapshot);
      bs_chart_draw_layout (snapshot, layout, x + SWATCH + GAP, y, foreground);
      x += SWATCH + GAP + w + LEGEND_GAP;
    }
}

static void
alert_color (GdkRGBA *foreground,
             GdkRGBA *color)
{
  gdk_rgba_parse (color, bs_chart_is_dark (foreground) ? "#ff7b63" : "#c01c28");
}

/* Behind the lines: when the alert fired. */
static void
draw_intervals (BsFrameChart       *self,
                GtkSnapshot        *snapshot,
                const LineGeometry *g,
                GdkRGBA            *foreground)
{
  GdkRGBA color;

  alert_color (foreground, &color);
  color.alpha = bs_chart_is_dark (foreground) ? 0.22 : 0.14;
  for (guint i = 0; i < self->intervals->len; i++)
    {
      BsFrameChartInterval *interval = &g_array_index (self->intervals, BsFrameChartInterval, i);
      double start = MAX (interval->start, self->t_min);
      double end = MIN (interval->end, self->t_max);
      double x0, x1;

      if (!(end >= start))
        continue;
      x0 = x_for (self, g, start);
      x1 = x_for (self, g, end);
      /* A firing shorter than a pixel still shows. */
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (x0, g->plot.origin.y, MAX (2, x1 - x0),
                                                      g->plot.size.height));
    }
}

static void
draw_dashed (GtkSnapshot     *snapshot,
             const GdkRGBA   *color,
             graphene_rect_t *bounds,
             double           x0,
             double           y0,
             double           x1,
             double           y1)
{
  static const double dash[] = { THRESHOLD_DASH, THRESHOLD_DASH / 2 };
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, bounds);

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, THRESHOLD_WIDTH);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* Above the lines, so that a series crossing it is seen to cross. */
static void
draw_line_thresholds (BsFrameChart       *self,
                      GtkSnapshot        *snapshot,
                      const LineGeometry *g,
                      GdkRGBA            *foreground)
{
  GdkRGBA color;
  graphene_rect_t bounds;

  alert_color (foreground, &color);
  graphene_rect_inset_r (&g->plot, -THRESHOLD_WIDTH, -THRESHOLD_WIDTH, &bounds);
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      double y = round (y_for (g, g_array_index (self->thresholds, double, i))) + 0.5;

      draw_dashed (snapshot, &color, &bounds, g->plot.origin.x, y,
                   g->plot.origin.x + g->plot.size.width, y);
    }
}

static void
snapshot_lines (BsFrameChart *self,
                GtkSnapshot  *snapshot,
                GdkRGBA      *foreground)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  LineGeometry g;

  line_geometry (self, width, gtk_widget_get_height (GTK_WIDGET (self)), &g);
  draw_value_grid (self, snapshot, &g, foreground);
  draw_intervals (self, snapshot, &g, foreground);
  draw_time_axis (self, snapshot, &g, foreground);
  draw_lines (self, snapshot, &g, foreground);
  draw_line_thresholds (self, snapshot, &g, foreground);
  draw_legend (self, snapshot, &g, foreground, width);
}

static guint
bars_that_fit (BsFrameChart *self,
               int           height)
{
  guint fit = MAX (1, (guint) ((height + BAR_SPACING) / (BAR_HEIGHT + BAR_SPACING)));

  /* When some are left out, the last line says how many. */
  if (fit < self->bars->len && fit > 1)
    fit--;
  return MIN (fit, self->bars->len);
}

static void
snapshot_bars (BsFrameChart *self,
               GtkSnapshot  *snapshot,
               GdkRGBA      *foreground)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint n = bars_that_fit (self, gtk_widget_get_height (GTK_WIDGET (self)));
  double label_width = 0, value_width = 0, zero_x, scale, span, low, high;
  GdkRGBA color, alert, text = *foreground;

  series_color (foreground, 0, &color);
  alert_color (foreground, &alert);
  text.alpha *= 0.8;
  for (guint i = 0; i < n; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      g_autofree char *value = format_value (bar->value);
      g_autoptr(PangoLayout) label = small_layout (self, bar->label);
      g_autoptr(PangoLayout) number = small_layout (self, value);
      int w;

      pango_layout_get_pixel_size (label, &w, NULL);
      label_width = MAX (label_width, w);
      pango_layout_get_pixel_size (number, &w, NULL);
      value_width = MAX (value_width, w);
    }
  /* Long labels get a third of the width at most; the rest is for the bars. */
  label_width = MIN (label_width, width / 3.0);

  value_bounds (self, &low, &high);
  span = high - low;
  scale = span > 0 ? (width - label_width - value_width - 3 * GAP) / span : 0;
  zero_x = label_width + GAP + (-low) * scale;
  for (guint i = 0; i < n; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      double y = i * (BAR_HEIGHT + BAR_SPACING);
      double x0 = bar->value >= 0 ? zero_x : zero_x + bar->value * scale;
      double w = fabs (bar->value) * scale;
      g_autofree char *value = format_value (bar->value);
      g_autoptr(PangoLayout) label = small_layout (self, bar->label);
      g_autoptr(PangoLayout) number = small_layout (self, value);
      GskRoundedRect rect;
      int h;

      pango_layout_set_width (label, label_width * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, NULL, &h);
      bs_chart_draw_layout (snapshot, label, 0, y + (BAR_HEIGHT - h) / 2, &text);

      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x0, y, MAX (1, w),
                                                                   BAR_HEIGHT), BAR_RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &rect);
      gtk_snapshot_append_color (snapshot,
                                 self->highlight != NULL &&
                                 self->highlight (bar->value, self->highlight_data)
                                 ? &alert : &color, &rect.bounds);
      gtk_snapshot_pop (snapshot);
      bs_chart_draw_layout (snapshot, number, MAX (x0 + w, zero_x) + GAP,
                            y + (BAR_HEIGHT - h) / 2, foreground);
    }

  if (n < self->bars->len)
    {
      guint rest = self->bars->len - n;
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "and %u smaller one, in the table below",
                                      "and %u smaller ones, in the table below", rest), rest);
      g_autoptr(PangoLayout) layout = small_layout (self, note);
      GdkRGBA dim = *foreground;

      dim.alpha *= 0.6;
      bs_chart_draw_layout (snapshot, layout, label_width + GAP,
                            n * (BAR_HEIGHT + BAR_SPACING), &dim);
    }

  /* A threshold crosses the bars where its value is: those beyond it stand out. */
  alert_color (foreground, &color);
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      double x = round (zero_x + g_array_index (self->thresholds, double, i) * scale) + 0.5;
      double bottom = n * (BAR_HEIGHT + BAR_SPACING) - BAR_SPACING;

      draw_dashed (snapshot, &color, &GRAPHENE_RECT_INIT (x - 2, -2, 4, bottom + 4),
                   x, 0, x, bottom);
    }
}

static void
snapshot_number (BsFrameChart *self,
                 GtkSnapshot  *snapshot,
                 GdkRGBA      *foreground)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr(PangoLayout) number = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                  self->number);
  g_autoptr(PangoLayout) caption = small_layout (self, self->caption);
  PangoAttrList *attrs = pango_attr_list_new ();
  GdkRGBA dim = *foreground;
  int nw, nh, cw, ch;

  pango_attr_list_insert (attrs, pango_attr_scale_new (3.0));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (number, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (caption, width * PANGO_SCALE);
  pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (caption, PANGO_ALIGN_CENTER);

  dim.alpha *= 0.7;
  pango_layout_get_pixel_size (number, &nw, &nh);
  pango_layout_get_pixel_size (caption, &cw, &ch);
  bs_chart_draw_layout (snapshot, number, (width - nw) / 2.0, (height - nh - ch) / 2.0,
                        foreground);
  bs_chart_draw_layout (snapshot, caption, 0, (height + nh - ch) / 2.0, &dim);
}

static void
bs_frame_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  BsFrameChart *self = BS_FRAME_CHART (widget);
  GdkRGBA foreground;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  switch (self->kind)
    {
    case BS_FRAME_CHART_KIND_LINES:
      snapshot_lines (self, snapshot, &foreground);
      break;
    case BS_FRAME_CHART_KIND_BARS:
      snapshot_bars (self, snapshot, &foreground);
      break;
    case BS_FRAME_CHART_KIND_NUMBER:
      snapshot_number (self, snapshot, &foreground);
      break;
    case BS_FRAME_CHART_KIND_NONE:
    default:
      break;
    }
}

static void
bs_frame_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  BsFrameChart *self = BS_FRAME_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else if (self->kind == BS_FRAME_CHART_KIND_BARS)
    {
      guint n = MIN (self->bars->len, 10);

      *minimum = MIN (n, 5) * (BAR_HEIGHT + BAR_SPACING);
      *natural = n * (BAR_HEIGHT + BAR_SPACING);
    }
  else if (self->kind == BS_FRAME_CHART_KIND_NUMBER)
    {
      *minimum = 80;
      *natural = 100;
    }
  else
    {
      *minimum = 140;
      *natural = 220;
    }
}

static gboolean
tooltip_for_bar (BsFrameChart *self,
                 int           y,
                 GtkTooltip   *tooltip)
{
  int i = floor (y / (BAR_HEIGHT + BAR_SPACING));
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  Bar *bar;

  if (i < 0 || i >= (int) bars_that_fit (self, gtk_widget_get_height (GTK_WIDGET (self))))
    return FALSE;

  bar = &g_array_index (self->bars, Bar, i);
  value = format_value (bar->value);
  text = g_strdup_printf (_("%s: %s"), bar->label, value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
tooltip_for_point (BsFrameChart *self,
                   int           x,
                   int           y,
                   GtkTooltip   *tooltip)
{
  LineGeometry g;
  double best = HOVER_RADIUS * HOVER_RADIUS;
  BsChartSeries *found = NULL;
  guint found_index = 0;
  g_autofree char *when = NULL;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;

  line_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                 gtk_widget_get_height (GTK_WIDGET (self)), &g);
  for (guint i = 0; i < MIN (self->series->len, BS_FRAME_CHART_MAX_SERIES); i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->times->len; j++)
        {
          double dx = x_for (self, &g, g_array_index (series->times, double, j)) - x;
          double dy = y_for (&g, g_array_index (series->values, double, j)) - y;

          if (dx * dx + dy * dy < best)
            {
              best = dx * dx + dy * dy;
              found = series;
              found_index = j;
            }
        }
    }
  if (found == NULL)
    return FALSE;

  when = format_time (g_array_index (found->times, double, found_index), _("%-d %b %Y, %H:%M"));
  value = format_value (g_array_index (found->values, double, found_index));
  /* Translators: a point's tooltip: series, time, value. */
  text = found->name[0] != '\0' ? g_strdup_printf (_("%s, %s: %s"), found->name, when, value)
                                : g_strdup_printf (_("%s: %s"), when, value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
bs_frame_chart_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  BsFrameChart *self = BS_FRAME_CHART (widget);

  if (self->kind == BS_FRAME_CHART_KIND_NONE)
    return FALSE;
  if (keyboard_mode || self->kind == BS_FRAME_CHART_KIND_NUMBER)
    {
      gtk_tooltip_set_text (tooltip, self->summary);
      return TRUE;
    }
  if (self->kind == BS_FRAME_CHART_KIND_BARS)
    return tooltip_for_bar (self, y, tooltip);
  return tooltip_for_point (self, x, y, tooltip);
}

static void
bs_frame_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_frame_chart_parent_class)->css_changed (widget, change);

  /* The palette follows the style (light or dark), which may just have changed. */
  gtk_widget_queue_draw (widget);
}

static void
clear_data (BsFrameChart *self)
{
  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->bars, 0);
  g_clear_pointer (&self->value_name, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->caption, g_free);
}

static void
bs_frame_chart_finalize (GObject *object)
{
  BsFrameChart *self = BS_FRAME_CHART (object);

  clear_data (self);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->frame, json_object_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->value_label, g_free);
  g_clear_pointer (&self->thresholds, g_array_unref);
  g_clear_pointer (&self->intervals, g_array_unref);
  if (self->highlight_destroy != NULL)
    self->highlight_destroy (self->highlight_data);

  G_OBJECT_CLASS (bs_frame_chart_parent_class)->finalize (object);
}

static void
bs_frame_chart_class_init (BsFrameChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bs_frame_chart_finalize;

  widget_class->snapshot = bs_frame_chart_snapshot;
  widget_class->measure = bs_frame_chart_measure;
  widget_class->query_tooltip = bs_frame_chart_query_tooltip;
  widget_class->css_changed = bs_frame_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "framechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_frame_chart_init (BsFrameChart *self)
{
  self->series = g_ptr_array_new_with_free_func (bs_chart_series_free);
  self->bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
  self->thresholds = g_array_new (FALSE, FALSE, sizeof (double));
  self->intervals = g_array_new (FALSE, FALSE, sizeof (BsFrameChartInterval));
  self->summary = summarize (self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bs_frame_chart_new (void)
{
  return g_object_new (BS_TYPE_FRAME_CHART, NULL);
}

static void
update_summary (BsFrameChart *self)
{
  g_free (self->summary);
  self->summary = summarize (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
}

void
bs_frame_chart_set_frame (BsFrameChart *self,
                          JsonObject   *frame)
{
  g_return_if_fail (BS_IS_FRAME_CHART (self));

  if (frame != NULL)
    json_object_ref (frame);
  g_clear_pointer (&self->frame, json_object_unref);
  self->frame = frame;

  clear_data (self);
  self->kind = read_frame (self);
  update_summary (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
bs_frame_chart_set_thresholds (BsFrameChart *self,
                               const double *values,
                               guint         n_values)
{
  g_return_if_fail (BS_IS_FRAME_CHART (self));
  g_return_if_fail (values != NULL || n_values == 0);

  g_array_set_size (self->thresholds, 0);
  for (guint i = 0; i < n_values; i++)
    if (isfinite (values[i]))
      g_array_append_val (self->thresholds, values[i]);
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const BsFrameChartInterval *x = a, *y = b;

  return (x->start > y->start) - (x->start < y->start);
}

/* Several series firing at once would stack their shades into a darker patchwork; the
 * stretches when any fired read better as one even shade. */
static void
merge_intervals (GArray *intervals)
{
  guint kept = 0;

  g_array_sort (intervals, compare_intervals);
  for (guint i = 0; i < intervals->len; i++)
    {
      BsFrameChartInterval *next = &g_array_index (intervals, BsFrameChartInterval, i);
      BsFrameChartInterval *last = kept > 0
                                   ? &g_array_index (intervals, BsFrameChartInterval, kept - 1)
                                   : NULL;

      if (isnan (next->start) || isnan (next->end) || next->end < next->start)
        continue;
      if (last != NULL && next->start <= last->end)
        last->end = MAX (last->end, next->end);
      else
        g_array_index (intervals, BsFrameChartInterval, kept++) = *next;
    }
  g_array_set_size (intervals, kept);
}

void
bs_frame_chart_set_intervals (BsFrameChart               *self,
                              const BsFrameChartInterval *intervals,
                              guint                       n_intervals)
{
  g_return_if_fail (BS_IS_FRAME_CHART (self));
  g_return_if_fail (intervals != NULL || n_intervals == 0);

  g_array_set_size (self->intervals, 0);
  if (n_intervals > 0)
    g_array_append_vals (self->intervals, intervals, n_intervals);
  merge_intervals (self->intervals);
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bs_frame_chart_set_highlight_func (BsFrameChart              *self,
                                   BsFrameChartHighlightFunc  func,
                                   gpointer                   user_data,
                                   GDestroyNotify             destroy)
{
  g_return_if_fail (BS_IS_FRAME_CHART (self));

  if (self->highlight_destroy != NULL)
    self->highlight_destroy (self->highlight_data);
  self->highlight = func;
  self->highlight_data = user_data;
  self->highlight_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
bs_frame_chart_get_n_thresholds (BsFrameChart *self)
{
  g_return_val_if_fail (BS_IS_FRAME_CHART (self), 0);

  return self->thresholds->len;
}

guint
bs_frame_chart_get_n_intervals (BsFrameChart *self)
{
  g_return_val_if_fail (BS_IS_FRAME_CHART (self), 0);

  return self->intervals->len;
}

void
bs_frame_chart_set_value_label (BsFrameChart *self,
                                const char   *label)
{
  g_return_if_fail (BS_IS_FRAME_CHART (self));

  g_free (self->value_label);
  self->value_label = g_strdup (label);
}

BsFrameChartKind
bs_frame_chart_get_kind (BsFrameChart *self)
{
  g_return_val_if_fail (BS_IS_FRAME_CHART (self), BS_FRAME_CHART_KIND_NONE);

  return self->kind;
}

guint
bs_frame_chart_get_n_series (BsFrameChart *self)
{
  g_return_val_if_fail (BS_IS_FRAME_CHART (self), 0);

  switch (self->kind)
    {
    case BS_FRAME_CHART_KIND_LINES:
      return self->series->len;
    case BS_FRAME_CHART_KIND_BARS:
      return self->bars->len;
    case BS_FRAME_CHART_KIND_NUMBER:
      return 1;
    case BS_FRAME_CHART_KIND_NONE:
    default:
      return 0;
    }
}

const char *
bs_frame_chart_get_summary (BsFrameChart *self)
{
  g_return_val_if_fail (BS_IS_FRAME_CHART (self), NULL);

  return self->summary;
}
