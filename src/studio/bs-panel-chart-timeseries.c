#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-chart-ticks.h"
#include "bs-panel-chart-private.h"

#define LEGEND_SWATCH    10.0
#define LEGEND_SPACING   16.0
#define LABEL_SPACING    20.0
#define POINT_SPACING    12.0
#define MAX_LEGEND_SHARE 0.3
#define THRESHOLD_DASH   5.0

typedef struct
{
  graphene_rect_t  plot;
  BsChartTicks    *values;
  BsChartTicks    *times;
  double           legend_top;
  guint            legend_items;   /* how many series the legend names */
  gboolean         compact;        /* no axes, no legend: too small for them */
  int              line_height;
} Geometry;

static void
geometry_clear (Geometry *g)
{
  g_clear_pointer (&g->values, bs_chart_ticks_free);
  g_clear_pointer (&g->times, bs_chart_ticks_free);
}

static gboolean
has_legend (BsPanelChart *self)
{
  return self->show_legend &&
         (self->series->len > 1 ||
          ((BsChartSeries *) g_ptr_array_index (self->series, 0))->name[0] != '\0');
}

static const char *
series_label (BsPanelChart  *self,
              BsChartSeries *series)
{
  return series->name[0] != '\0' ? series->name
                                 : (self->value_name != NULL ? self->value_name : "");
}

/* Lays the legend out in rows under the plot: returns the rows used for @n_items items,
 * and whether @n_items of them fit in @max_rows with room for a "+N" note. */
static guint
legend_rows (BsPanelChart *self,
             double        width,
             guint         n_items,
             gboolean      note)
{
  double x = 0;
  guint rows = 1;

  for (guint i = 0; i < n_items + (note ? 1 : 0); i++)
    {
      g_autofree char *more = NULL;
      const char *text;
      g_autoptr(PangoLayout) layout = NULL;
      int w;

      if (i < n_items)
        text = series_label (self, g_ptr_array_index (self->series, i));
      else
        text = more = g_strdup_printf (_("+%u more"), self->series->len - n_items);
      layout = bs_chart_layout (GTK_WIDGET (self), text, PANGO_SCALE_SMALL);
      pango_layout_get_pixel_size (layout, &w, NULL);
      w = MIN (w, width - LEGEND_SWATCH - BS_PANEL_CHART_GAP);
      if (x > 0 && x + LEGEND_SWATCH + BS_PANEL_CHART_GAP + w > width)
        {
          rows++;
          x = 0;
        }
      x += LEGEND_SWATCH + BS_PANEL_CHART_GAP + w + LEGEND_SPACING;
    }
  return rows;
}

/* As many series as fit in the legend's share of the height, the rest counted. */
static void
layout_legend (BsPanelChart *self,
               int           width,
               int           height,
               Geometry     *g,
               double       *legend_height)
{
  guint max_rows = MAX (1, (guint) (height * MAX_LEGEND_SHARE / (g->line_height + 2)));
  guint n = self->series->len;

  *legend_height = 0;
  g->legend_items = 0;
  if (!has_legend (self) || height < 4 * g->line_height)
    return;

  while (n > 0 && legend_rows (self, width, n, n < self->series->len) > max_rows)
    n--;
  g->legend_items = n;
  *legend_height = legend_rows (self, width, n, n < self->series->len) * (g->line_height + 2);
}

static void
value_range (BsPanelChart *self,
             double       *low,
             double       *high)
{
  *low = self->v_min;
  *high = self->v_max;
  /* Amounts read best from zero, unless they sit far above it (a temperature). */
  if (*low >= 0 && *low <= *high * 0.6)
    *low = 0;
  for (guint i = 1; i < self->thresholds->len; i++)
    {
      double t = bs_panel_chart_threshold_value (self, i, *low, *high);

      /* A threshold near the values stretches the axis to show; a far one would squash them. */
      if (isfinite (t) && t <= *high + (*high - *low) && t >= *low - (*high - *low))
        {
          *low = MIN (*low, t);
          *high = MAX (*high, t);
        }
    }
  if (isfinite (self->min))
    *low = self->min;
  if (isfinite (self->max))
    *high = self->max;
}

static int
widest_label (BsPanelChart *self,
              BsChartTicks *ticks)
{
  int widest = 0;

  for (guint i = 0; i < ticks->ticks->len; i++)
    {
      g_autoptr(PangoLayout) layout =
        bs_chart_layout (GTK_WIDGET (self), g_array_index (ticks->ticks, BsChartTick, i).label,
                         PANGO_SCALE_SMALL);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
layout_chart (BsPanelChart *self,
              int           width,
              int           height,
              Geometry     *g)
{
  g_autoptr(PangoLayout) probe = bs_chart_layout (GTK_WIDGET (self), "30 Sep", PANGO_SCALE_SMALL);
  double legend, low, high, plot_height, top;
  int label_width, axis_width;
  guint max_value_ticks, max_time_ticks;

  pango_layout_get_pixel_size (probe, &label_width, &g->line_height);
  layout_legend (self, width, height, g, &legend);
  top = g->line_height / 2.0;
  plot_height = MAX (1, height - top - legend - g->line_height - BS_PANEL_CHART_GAP / 2 -
                        (legend > 0 ? BS_PANEL_CHART_GAP : 0));

  value_range (self, &low, &high);
  max_value_ticks = MAX (2, (guint) (plot_height / (g->line_height * 2.2)) + 1);
  g->values = bs_chart_ticks_new_linear (low, high, MIN (max_value_ticks, 8), self->unit,
                                         self->decimals);
  if (isfinite (self->min))
    g->values->low = self->min;
  if (isfinite (self->max))
    g->values->high = self->max;
  axis_width = widest_label (self, g->values);

  graphene_rect_init (&g->plot, axis_width + BS_PANEL_CHART_GAP, top,
                      MAX (1, width - axis_width - BS_PANEL_CHART_GAP - label_width / 2.0),
                      plot_height);
  max_time_ticks = MAX (2, (guint) (g->plot.size.width / (label_width + LABEL_SPACING)));
  g->times = bs_chart_ticks_new_time (self->t_min, self->t_max, max_time_ticks, NULL);
  g->legend_top = height - legend;

  /* Too small for axes to be read: the lines alone, over the whole area, as a sparkline. */
  if (plot_height < 2 * g->line_height || g->plot.size.width < 4 * label_width)
    {
      g->compact = TRUE;
      g->legend_items = 0;
      g_array_set_size (g->times->ticks, 0);
      graphene_rect_init (&g->plot, 2, 2, MAX (1, width - 4), MAX (1, height - 4));
    }
}

static double
x_for (BsPanelChart   *self,
       const Geometry *g,
       double          t)
{
  double span = self->t_max - self->t_min;

  return g->plot.origin.x + (span > 0 ? (t - self->t_min) / span : 0.5) * g->plot.size.width;
}

static double
y_for (const Geometry *g,
       double          v)
{
  double span = g->values->high - g->values->low;

  return g->plot.origin.y +
         g->plot.size.height * (1 - (span > 0 ? (v - g->values->low) / span : 0.5));
}

static void
draw_grid (BsPanelChart       *self,
           GtkSnapshot        *snapshot,
           const BsChartStyle *style,
           const Geometry     *g)
{
  double right_edge = -INFINITY;

  for (guint i = 0; i < g->values->ticks->len; i++)
    {
      BsChartTick *tick = &g_array_index (g->values->ticks, BsChartTick, i);
      double y = round (y_for (g, tick->value));
      g_autoptr(PangoLayout) layout = NULL;
      int w, h;

      if (y < g->plot.origin.y - 0.5 || y > g->plot.origin.y + g->plot.size.height + 0.5)
        continue;
      gtk_snapshot_append_color (snapshot, &style->grid,
                                 &GRAPHENE_RECT_INIT (g->plot.origin.x, y - 0.5,
                                                      g->plot.size.width, 1));
      layout = bs_chart_layout (GTK_WIDGET (self), tick->label, PANGO_SCALE_SMALL);
      pango_layout_get_pixel_size (layout, &w, &h);
      bs_chart_draw_layout (snapshot, layout, g->plot.origin.x - BS_PANEL_CHART_GAP - w,
                            y - h / 2.0, &style->dim);
    }

  for (guint i = 0; i < g->times->ticks->len; i++)
    {
      BsChartTick *tick = &g_array_index (g->times->ticks, BsChartTick, i);
      double x = round (x_for (self, g, tick->value));
      g_autoptr(PangoLayout) layout = bs_chart_layout (GTK_WIDGET (self), tick->label,
                                                       PANGO_SCALE_SMALL);
      double left;
      int w;

      gtk_snapshot_append_color (snapshot, &style->grid,
                                 &GRAPHENE_RECT_INIT (x - 0.5, g->plot.origin.y, 1,
                                                      g->plot.size.height));
      pango_layout_get_pixel_size (layout, &w, NULL);
      left = x - w / 2.0;
      /* A label that would run into its neighbour or off the edge is left out. */
      if (left < right_edge + BS_PANEL_CHART_GAP || left < 0 ||
          left + w > gtk_widget_get_width (GTK_WIDGET (self)))
        continue;
      bs_chart_draw_layout (snapshot, layout, left,
                            g->plot.origin.y + g->plot.size.height + BS_PANEL_CHART_GAP / 2,
                            &style->dim);
      right_edge = left + w;
    }
}

static void
trace_series (BsPanelChart   *self,
              cairo_t        *cr,
              const Geometry *g,
              BsChartSeries  *series,
              double          spacing)
{
  for (guint j = 0; j < series->times->len; j++)
    {
      double t = g_array_index (series->times, double, j);
      double x = x_for (self, g, t);
      double y = y_for (g, g_array_index (series->values, double, j));

      if (j == 0 || t - g_array_index (series->times, double, j - 1) > 1.5 * spacing)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
}

/* Under the line, fading down: Grafana's "opacity" gradient. */
static void
fill_series (BsPanelChart   *self,
             cairo_t        *cr,
             const Geometry *g,
             BsChartSeries  *series,
             double          spacing,
             const GdkRGBA  *color)
{
  double base = y_for (g, CLAMP (0, g->values->low, g->values->high));
  cairo_pattern_t *gradient;
  guint start = 0;

  gradient = cairo_pattern_create_linear (0, g->plot.origin.y, 0,
                                          g->plot.origin.y + g->plot.size.height);
  cairo_pattern_add_color_stop_rgba (gradient, 0, color->red, color->green, color->blue,
                                     self->fill_opacity * 1.6);
  cairo_pattern_add_color_stop_rgba (gradient, 1, color->red, color->green, color->blue,
                                     self->fill_opacity * 0.2);
  cairo_set_source (cr, gradient);
  cairo_pattern_destroy (gradient);
  for (guint j = 1; j <= series->times->len; j++)
    {
      double t0 = g_array_index (series->times, double, start);
      double t1 = g_array_index (series->times, double, j - 1);

      if (j < series->times->len &&
          g_array_index (series->times, double, j) - t1 <= 1.5 * spacing)
        continue;
      /* One stretch without gaps: down to the base and back. */
      cairo_move_to (cr, x_for (self, g, t0), base);
      for (guint k = start; k < j; k++)
        cairo_line_to (cr, x_for (self, g, g_array_index (series->times, double, k)),
                       y_for (g, g_array_index (series->values, double, k)));
      cairo_line_to (cr, x_for (self, g, t1), base);
      cairo_close_path (cr);
      start = j;
    }
  cairo_fill (cr);
}

static void
draw_series (BsPanelChart       *self,
             GtkSnapshot        *snapshot,
             const BsChartStyle *style,
             const Geometry     *g)
{
  graphene_rect_t bounds;
  cairo_t *cr;

  graphene_rect_inset_r (&g->plot, -4, -4, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < self->series->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      double spacing = bs_panel_chart_bucket_spacing (series);
      GdkRGBA color;

      bs_panel_chart_series_color (self, i, style, &color);
      /* Fills of many series would pile up into a muddy band. */
      if (self->fill_opacity > 0 && self->series->len <= 2)
        fill_series (self, cr, g, series, spacing, &color);

      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, self->line_width);
      trace_series (self, cr, g, series, spacing);
      cairo_stroke (cr);

      /* Points where there is room for them, so that a lone value shows too. */
      if (series->times->len * POINT_SPACING <= g->plot.size.width || series->times->len == 1)
        {
          for (guint j = 0; j < series->times->len; j++)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, x_for (self, g, g_array_index (series->times, double, j)),
                         y_for (g, g_array_index (series->values, double, j)),
                         self->line_width + 1, 0, 2 * G_PI);
            }
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);
}

static void
draw_thresholds (BsPanelChart       *self,
                 GtkSnapshot        *snapshot,
                 const BsChartStyle *style,
                 const Geometry     *g)
{
  static const double dash[] = { THRESHOLD_DASH, THRESHOLD_DASH };
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->thresholds->len < 2)
    return;

  graphene_rect_inset_r (&g->plot, -1, -1, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  for (guint i = 1; i < self->thresholds->len; i++)
    {
      BsChartThreshold *step = &g_array_index (self->thresholds, BsChartThreshold, i);
      double value = bs_panel_chart_threshold_value (self, i, g->values->low, g->values->high);
      double y = round (y_for (g, value)) + 0.5;
      GdkRGBA color;

      if (!isfinite (value) || value < g->values->low || value > g->values->high ||
          !bs_panel_chart_parse_color (step->color, style->dark, &color))
        continue;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, g->plot.origin.x, y);
      cairo_line_to (cr, g->plot.origin.x + g->plot.size.width, y);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
draw_legend (BsPanelChart       *self,
             GtkSnapshot        *snapshot,
             const BsChartStyle *style,
             const Geometry     *g,
             int                 width)
{
  double x = 0, y = g->legend_top;
  guint n = g->legend_items;

  for (guint i = 0; i < n + (n < self->series->len ? 1 : 0); i++)
    {
      g_autofree char *more = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      GdkRGBA color;
      int w, h;

      if (i < n)
        layout = bs_chart_layout (GTK_WIDGET (self),
                                  series_label (self, g_ptr_array_index (self->series, i)),
                                  PANGO_SCALE_SMALL);
      else
        {
          more = g_strdup_printf (_("+%u more"), self->series->len - n);
          layout = bs_chart_layout (GTK_WIDGET (self), more, PANGO_SCALE_SMALL);
        }
      pango_layout_set_width (layout, MAX (1, width - LEGEND_SWATCH - BS_PANEL_CHART_GAP) *
                                      PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &w, &h);
      if (x > 0 && x + LEGEND_SWATCH + BS_PANEL_CHART_GAP + w > width)
        {
          x = 0;
          y += h + 2;
        }
      if (i < n)
        {
          bs_panel_chart_series_color (self, i, style, &color);
          /* A short thick line, as Grafana's legend draws a series. */
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (x, y + h / 2.0 - 2, LEGEND_SWATCH, 4));
        }
      bs_chart_draw_layout (snapshot, layout, x + LEGEND_SWATCH + BS_PANEL_CHART_GAP, y,
                            i < n ? &style->foreground : &style->dim);
      x += LEGEND_SWATCH + BS_PANEL_CHART_GAP + w + LEGEND_SPACING;
    }
}

void
bs_panel_chart_snapshot_timeseries (BsPanelChart       *self,
                                    GtkSnapshot        *snapshot,
                                    const BsChartStyle *style,
                                    int                 width,
                                    int                 height)
{
  Geometry g = { 0, };

  layout_chart (self, width, height, &g);
  if (!g.compact)
    draw_grid (self, snapshot, style, &g);
  draw_series (self, snapshot, style, &g);
  draw_thresholds (self, snapshot, style, &g);
  if (g.legend_items > 0)
    draw_legend (self, snapshot, style, &g, width);
  geometry_clear (&g);
}

char *
bs_panel_chart_describe_timeseries (BsPanelChart *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GString *text;

  if (!self->has_time)
    return bs_panel_chart_describe_bar (self);

  from = bs_panel_chart_format_time (self->t_min);
  to = bs_panel_chart_format_time (self->t_max);
  text = g_string_new (NULL);

  /* Translators: the start of a time series chart's description for screen readers. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Time series of %u series from %s to %s.",
                                             "Time series of %u series from %s to %s.",
                                             self->series->len),
                          self->series->len, from, to);
  for (guint i = 0; i < MIN (self->series->len, 10); i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      g_autofree char *last = bs_panel_chart_format (self, series->last);

      g_string_append_c (text, ' ');
      /* Translators: one series in a chart's description: its name and latest value. */
      g_string_append_printf (text, _("%s: latest %s."), series_label (self, series), last);
    }
  return g_string_free (text, FALSE);
}

static gboolean
value_at (BsChartSeries *series,
          double         t,
          double        *value)
{
  for (guint j = 0; j < series->times->len; j++)
    if (g_array_index (series->times, double, j) == t)
      {
        *value = g_array_index (series->values, double, j);
        return TRUE;
      }
  return FALSE;
}

/* As Grafana's "all series" tooltip: the time nearest the pointer, and each series' value
 * then. */
gboolean
bs_panel_chart_timeseries_tooltip (BsPanelChart *self,
                                   double        x,
                                   double        y,
                                   GtkTooltip   *tooltip)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  Geometry g = { 0, };
  double best = INFINITY, nearest = NAN;
  g_autofree char *when = NULL;
  GString *text;

  layout_chart (self, width, height, &g);
  if (x < g.plot.origin.x - 8 || x > g.plot.origin.x + g.plot.size.width + 8 ||
      y < g.plot.origin.y || y > g.plot.origin.y + g.plot.size.height)
    {
      geometry_clear (&g);
      return FALSE;
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->times->len; j++)
        {
          double t = g_array_index (series->times, double, j);

          if (fabs (x_for (self, &g, t) - x) < best)
            {
              best = fabs (x_for (self, &g, t) - x);
              nearest = t;
            }
        }
    }
  geometry_clear (&g);
  if (isnan (nearest))
    return FALSE;

  when = bs_panel_chart_format_time (nearest);
  text = g_string_new (when);
  for (guint i = 0; i < self->series->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);
      g_autofree char *formatted = NULL;
      double value;

      if (!value_at (series, nearest, &value))
        continue;
      formatted = bs_panel_chart_format (self, value);
      g_string_append_c (text, '\n');
      /* Translators: one series' value in a chart's tooltip. */
      g_string_append_printf (text, _("%s: %s"), series_label (self, series), formatted);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}
