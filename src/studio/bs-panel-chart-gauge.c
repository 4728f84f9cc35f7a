#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-chart-ticks.h"
#include "bs-panel-chart-private.h"

/* The arc runs over 240°, open at the bottom, as Grafana's gauge. */
#define START_ANGLE   (G_PI * 5 / 6)
#define SWEEP         (G_PI * 4 / 3)
#define BAND_SHARE    0.06
#define TRACK_SHARE   0.2

void
bs_panel_chart_gauge_range (BsPanelChart *self,
                            double        value,
                            double       *low,
                            double       *high)
{
  double top = isfinite (value) ? value : 0;
  g_autoptr(BsChartTicks) ticks = NULL;

  *low = isfinite (self->min) ? self->min : MIN (0, top);
  if (isfinite (self->max) && self->max > *low)
    {
      *high = self->max;
      return;
    }
  /* Percentages run to 100 whatever the value; absolute steps are places on the scale. */
  if (self->percent_thresholds || g_strcmp0 (self->unit, "percent") == 0)
    top = MAX (top, 100);
  else if (g_strcmp0 (self->unit, "percentunit") == 0)
    top = MAX (top, 1);
  else
    for (guint i = 1; i < self->thresholds->len; i++)
      {
        double t = g_array_index (self->thresholds, BsChartThreshold, i).value;

        if (isfinite (t))
          top = MAX (top, t);
      }
  ticks = bs_chart_ticks_new_linear (*low, top, 6, self->unit, -1);
  *high = ticks->high > *low ? ticks->high : *low + 1;
}

static double
angle_for (double value,
           double low,
           double high)
{
  return START_ANGLE + SWEEP * CLAMP ((value - low) / (high - low), 0, 1);
}

static void
draw_arc (cairo_t       *cr,
          double         cx,
          double         cy,
          double         radius,
          double         width,
          double         from,
          double         to,
          const GdkRGBA *color)
{
  if (to <= from)
    return;
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, radius, from, to);
  cairo_stroke (cr);
}

/* The thin outer band: each threshold step over its stretch of the scale. */
static void
draw_bands (BsPanelChart       *self,
            cairo_t            *cr,
            const BsChartStyle *style,
            double              cx,
            double              cy,
            double              radius,
            double              low,
            double              high)
{
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      double from = i == 0 ? low : bs_panel_chart_threshold_value (self, i, low, high);
      double to = i + 1 < self->thresholds->len
                  ? bs_panel_chart_threshold_value (self, i + 1, low, high) : high;
      GdkRGBA color;

      if (!bs_panel_chart_parse_color (g_array_index (self->thresholds, BsChartThreshold,
                                                      i).color, style->dark, &color))
        continue;
      draw_arc (cr, cx, cy, radius, radius * BAND_SHARE, angle_for (from, low, high),
                angle_for (to, low, high), &color);
    }
}

void
bs_panel_chart_snapshot_gauge (BsPanelChart       *self,
                               GtkSnapshot        *snapshot,
                               const BsChartStyle *style,
                               int                 width,
                               int                 height)
{
  BsChartSeries *series = g_ptr_array_index (self->series, 0);
  g_autofree char *text = bs_panel_chart_format (self, series->last);
  g_autoptr(PangoLayout) number = NULL;
  g_autoptr(PangoLayout) caption = NULL;
  double low, high, radius, cx, cy, track, caption_height = 0;
  GdkRGBA color, empty = style->grid;
  cairo_t *cr;
  int nw, nh;

  if (bs_panel_chart_caption (self, series) != NULL && height >= 80)
    {
      caption = bs_chart_layout (GTK_WIDGET (self), bs_panel_chart_caption (self, series),
                                 PANGO_SCALE_SMALL);
      pango_layout_set_width (caption, width * PANGO_SCALE);
      pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (caption, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (caption, NULL, &nh);
      caption_height = nh + BS_PANEL_CHART_GAP / 2;
    }

  bs_panel_chart_gauge_range (self, series->last, &low, &high);
  /* Open at the bottom over 120°: the arc is 1.5 radii tall. */
  radius = MAX (4, MIN (width / 2.0 - 4, (height - caption_height - 4) / 1.5));
  cx = width / 2.0;
  cy = (height - caption_height - radius * 1.5) / 2 + radius;
  track = radius * TRACK_SHARE;

  if (!bs_panel_chart_threshold_color (self, series->last, low, high, style, &color) ||
      self->fixed_color != NULL)
    bs_panel_chart_series_color (self, 0, style, &color);
  empty.alpha = style->dark ? 0.15 : 0.12;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  draw_bands (self, cr, style, cx, cy, radius - radius * BAND_SHARE / 2, low, high);
  draw_arc (cr, cx, cy, radius * 0.8, track, START_ANGLE, START_ANGLE + SWEEP, &empty);
  draw_arc (cr, cx, cy, radius * 0.8, track, START_ANGLE,
            angle_for (series->last, low, high), &color);
  cairo_destroy (cr);

  number = bs_panel_chart_fitted_layout (self, text, radius * 1.1, radius * 0.45, TRUE);
  pango_layout_set_alignment (number, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (number, &nw, &nh);
  bs_chart_draw_layout (snapshot, number, cx - radius * 0.55, cy - nh / 2.0, &color);
  if (caption != NULL)
    bs_chart_draw_layout (snapshot, caption, 0, height - caption_height + 2, &style->dim);
}

char *
bs_panel_chart_describe_gauge (BsPanelChart *self)
{
  BsChartSeries *series = g_ptr_array_index (self->series, 0);
  g_autofree char *value = bs_panel_chart_format (self, series->last);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  double low, high;

  bs_panel_chart_gauge_range (self, series->last, &low, &high);
  from = bs_panel_chart_format (self, low);
  to = bs_panel_chart_format (self, high);
  /* Translators: a gauge's description for screen readers: name, value, scale. */
  return g_strdup_printf (_("Gauge of %s: %s on a scale from %s to %s."),
                          series->name[0] != '\0' ? series->name : self->value_name,
                          value, from, to);
}
