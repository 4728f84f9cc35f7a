#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-panel-chart-private.h"

#define MIN_SLOT     14.0
#define MAX_SLOT     40.0
#define BAR_SHARE    0.72
#define BAR_RADIUS   2.0
#define LABEL_SHARE  0.35
#define DASH         5.0

static const char *
bar_name (BsPanelChart  *self,
          BsChartSeries *bar)
{
  return bar->name[0] != '\0' || self->value_name == NULL ? bar->name : self->value_name;
}

/* Bar gauges colour each bar by its threshold, as Grafana does; bar charts use one colour. */
static void
bar_color (BsPanelChart       *self,
           double              value,
           double              high,
           const BsChartStyle *style,
           GdkRGBA            *color)
{
  if (g_strcmp0 (self->type, "bargauge") == 0 && self->fixed_color == NULL &&
      bs_panel_chart_threshold_color (self, value, 0, high, style, color))
    return;
  bs_panel_chart_series_color (self, 0, style, color);
}

static void
draw_threshold_lines (BsPanelChart       *self,
                      GtkSnapshot        *snapshot,
                      const BsChartStyle *style,
                      double              zero_x,
                      double              scale,
                      double              high,
                      double              bottom)
{
  static const double dash[] = { DASH, DASH };
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  cairo_t *cr;

  if (self->thresholds->len < 2 || bottom <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, bottom));
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  for (guint i = 1; i < self->thresholds->len; i++)
    {
      double value = bs_panel_chart_threshold_value (self, i, 0, high);
      double x = round (zero_x + value * scale) + 0.5;
      GdkRGBA color;

      if (!isfinite (value) || value > high ||
          !bs_panel_chart_parse_color (g_array_index (self->thresholds, BsChartThreshold,
                                                      i).color, style->dark, &color))
        continue;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

/* The height of a bar's line, and how many lines fit: when some are left out, the last line
 * says how many. */
static guint
bars_that_fit (guint   n_bars,
               int     height,
               int     line_height,
               double *slot)
{
  guint n;

  *slot = CLAMP (height / (double) n_bars, MIN_SLOT, MAX_SLOT);
  *slot = MAX (*slot, line_height + 2);
  n = MIN (n_bars, (guint) (height / *slot));
  if (n < n_bars && n > 1)
    n--;
  return MAX (n, 1);
}

/* Horizontal bars, largest first: labels of any length read well beside them, and as many
 * as fit are drawn, the rest counted on the last line. */
void
bs_panel_chart_snapshot_bar (BsPanelChart       *self,
                             GtkSnapshot        *snapshot,
                             const BsChartStyle *style,
                             int                 width,
                             int                 height)
{
  g_autoptr(GPtrArray) bars = bs_panel_chart_sorted_series (self);
  g_autoptr(PangoLayout) probe = bs_chart_layout (GTK_WIDGET (self), "0", PANGO_SCALE_SMALL);
  /* Each bar's name and value, measured for the widths and then drawn. */
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_object_unref);
  double label_width = 0, value_width = 0, low = 0, high = 0, slot, zero_x, scale;
  int line_height;
  guint n;

  if (bars->len == 0)
    return;
  pango_layout_get_pixel_size (probe, NULL, &line_height);
  n = bars_that_fit (bars->len, height, line_height, &slot);

  for (guint i = 0; i < n; i++)
    {
      BsChartSeries *bar = g_ptr_array_index (bars, i);
      g_autofree char *value = bs_panel_chart_format (self, bar->last);
      PangoLayout *label = bs_chart_layout (GTK_WIDGET (self), bar_name (self, bar),
                                            PANGO_SCALE_SMALL);
      PangoLayout *number = bs_chart_layout (GTK_WIDGET (self), value, PANGO_SCALE_SMALL);
      int w;

      g_ptr_array_add (labels, label);
      g_ptr_array_add (numbers, number);
      pango_layout_get_pixel_size (label, &w, NULL);
      label_width = MAX (label_width, w);
      pango_layout_get_pixel_size (number, &w, NULL);
      value_width = MAX (value_width, w);
      low = MIN (low, bar->last);
      high = MAX (high, bar->last);
    }
  label_width = MIN (label_width, width * LABEL_SHARE);
  for (guint i = 1; i < self->thresholds->len; i++)
    {
      double t = bs_panel_chart_threshold_value (self, i, 0, high);

      if (isfinite (t) && t <= high * 1.5)
        high = MAX (high, t);
    }
  if (isfinite (self->max) && self->max > 0)
    high = self->max;

  scale = high > low ? MAX (0, width - label_width - value_width - 3 * BS_PANEL_CHART_GAP) /
                       (high - low) : 0;
  zero_x = label_width + BS_PANEL_CHART_GAP - low * scale;
  for (guint i = 0; i < n; i++)
    {
      BsChartSeries *bar = g_ptr_array_index (bars, i);
      PangoLayout *label = g_ptr_array_index (labels, i);
      PangoLayout *number = g_ptr_array_index (numbers, i);
      double thickness = MAX (4, slot * BAR_SHARE);
      double y = i * slot + (slot - thickness) / 2;
      double length = fabs (MIN (bar->last, high)) * scale;
      double x0 = bar->last >= 0 ? zero_x : zero_x - length;
      GskRoundedRect rect;
      GdkRGBA color;
      int h;

      pango_layout_set_width (label, MAX (1, (int) label_width) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, NULL, &h);
      bs_chart_draw_layout (snapshot, label, 0, i * slot + (slot - h) / 2, &style->dim);

      bar_color (self, bar->last, high, style, &color);
      color.alpha *= 0.85;
      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x0, y, MAX (1, length),
                                                                   thickness), BAR_RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &rect);
      gtk_snapshot_append_color (snapshot, &color, &rect.bounds);
      gtk_snapshot_pop (snapshot);
      bs_chart_draw_layout (snapshot, number,
                            MAX (x0 + length, zero_x) + BS_PANEL_CHART_GAP,
                            i * slot + (slot - h) / 2, &style->foreground);
    }

  if (n < bars->len)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "+%u more, smaller",
                                                            "+%u more, smaller",
                                                            bars->len - n), bars->len - n);
      g_autoptr(PangoLayout) layout = bs_chart_layout (GTK_WIDGET (self), note, PANGO_SCALE_SMALL);

      pango_layout_set_width (layout, MAX (1, width - (int) zero_x) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (n * slot + line_height <= height)
        bs_chart_draw_layout (snapshot, layout, zero_x, n * slot + (slot - line_height) / 2,
                              &style->dim);
    }

  draw_threshold_lines (self, snapshot, style, zero_x, scale, high, n * slot);
}

char *
bs_panel_chart_describe_bar (BsPanelChart *self)
{
  g_autoptr(GPtrArray) bars = bs_panel_chart_sorted_series (self);
  GString *text = g_string_new (NULL);

  /* Translators: the start of a bar chart's description for screen readers. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Bar chart of %u value, largest first.",
                                             "Bar chart of %u values, largest first.",
                                             bars->len), bars->len);
  for (guint i = 0; i < MIN (bars->len, 10); i++)
    {
      BsChartSeries *bar = g_ptr_array_index (bars, i);
      g_autofree char *value = bs_panel_chart_format (self, bar->last);

      g_string_append_c (text, ' ');
      /* Translators: one bar in a chart's description: its name and value. */
      g_string_append_printf (text, _("%s: %s."), bar_name (self, bar), value);
    }
  return g_string_free (text, FALSE);
}

gboolean
bs_panel_chart_bar_tooltip (BsPanelChart *self,
                            double        x,
                            double        y,
                            GtkTooltip   *tooltip)
{
  g_autoptr(GPtrArray) bars = bs_panel_chart_sorted_series (self);
  g_autoptr(PangoLayout) probe = bs_chart_layout (GTK_WIDGET (self), "0", PANGO_SCALE_SMALL);
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  BsChartSeries *bar;
  int line_height;
  double slot;
  guint n, index;

  if (bars->len == 0 || y < 0)
    return FALSE;
  pango_layout_get_pixel_size (probe, NULL, &line_height);
  n = bars_that_fit (bars->len, gtk_widget_get_height (GTK_WIDGET (self)), line_height, &slot);
  index = (guint) (y / slot);
  if (index >= n)
    return FALSE;

  bar = g_ptr_array_index (bars, index);
  value = bs_panel_chart_format (self, bar->last);
  /* Translators: a bar's tooltip: its name and value. */
  text = g_strdup_printf (_("%s: %s"), bar_name (self, bar), value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}
