#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-panel-chart-private.h"

#define RADIUS          4.0
#define SPARK_SHARE     0.38
#define NUMBER_SHARE    0.7
#define CAPTION_SCALE   PANGO_SCALE_SMALL

static BsChartSeries *
stat_series (BsPanelChart *self)
{
  return g_ptr_array_index (self->series, 0);
}

/* The colour the value is drawn in: its threshold's, the fixed one, or Grafana's green. */
static void
value_color (BsPanelChart       *self,
             double              value,
             double              low,
             double              high,
             const BsChartStyle *style,
             GdkRGBA            *color)
{
  if (self->fixed_color != NULL &&
      bs_panel_chart_parse_color (self->fixed_color, style->dark, color))
    return;
  if (!bs_panel_chart_threshold_color (self, value, low, high, style, color))
    bs_panel_chart_series_color (self, 0, style, color);
}

/* White or near-black, whichever reads better on @background. */
static void
text_on (const GdkRGBA *background,
         GdkRGBA       *text)
{
  double luminance = 0.2126 * background->red + 0.7152 * background->green +
                     0.0722 * background->blue;

  *text = luminance > 0.6 ? (GdkRGBA) { 0.09, 0.09, 0.1, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
}

static void
draw_sparkline (BsPanelChart    *self,
                GtkSnapshot     *snapshot,
                BsChartSeries   *series,
                graphene_rect_t *area,
                const GdkRGBA   *color)
{
  double low = INFINITY, high = -INFINITY, t0, t1;
  cairo_t *cr;

  if (series->times->len < 2)
    return;
  for (guint i = 0; i < series->values->len; i++)
    {
      low = MIN (low, g_array_index (series->values, double, i));
      high = MAX (high, g_array_index (series->values, double, i));
    }
  if (low >= 0 && low <= high * 0.6)
    low = 0;
  if (high <= low)
    high = low + 1;
  t0 = g_array_index (series->times, double, 0);
  t1 = g_array_index (series->times, double, series->times->len - 1);
  if (t1 <= t0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, area);
  cairo_move_to (cr, area->origin.x, area->origin.y + area->size.height);
  for (guint i = 0; i < series->times->len; i++)
    cairo_line_to (cr, area->origin.x + area->size.width *
                         (g_array_index (series->times, double, i) - t0) / (t1 - t0),
                   area->origin.y + area->size.height *
                   (1 - (g_array_index (series->values, double, i) - low) / (high - low)));
  cairo_line_to (cr, area->origin.x + area->size.width, area->origin.y + area->size.height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * 0.2);
  cairo_fill_preserve (cr);
  /* The outline again without the closing edges along the bottom. */
  cairo_new_path (cr);
  for (guint i = 0; i < series->times->len; i++)
    cairo_line_to (cr, area->origin.x + area->size.width *
                         (g_array_index (series->times, double, i) - t0) / (t1 - t0),
                   area->origin.y + area->size.height *
                   (1 - (g_array_index (series->values, double, i) - low) / (high - low)));
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
bs_panel_chart_snapshot_stat (BsPanelChart       *self,
                              GtkSnapshot        *snapshot,
                              const BsChartStyle *style,
                              int                 width,
                              int                 height)
{
  BsChartSeries *series = stat_series (self);
  g_autofree char *text = bs_panel_chart_format (self, series->last);
  gboolean background = g_str_has_prefix (self->color_mode != NULL ? self->color_mode : "",
                                          "background");
  gboolean colored = g_strcmp0 (self->color_mode, "none") != 0;
  gboolean spark = self->sparkline && self->has_time && series->times->len > 1 &&
                   height >= 72;
  double pad = MIN (8, MIN (width, height) / 10.0);
  double caption_height = 0, number_y;
  g_autoptr(PangoLayout) number = NULL;
  g_autoptr(PangoLayout) caption = NULL;
  GdkRGBA color, ink;
  int nw, nh;

  value_color (self, series->last, 0, self->v_max, style, &color);
  ink = colored ? color : style->foreground;
  if (background)
    {
      GskRoundedRect rect;

      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (0, 0, width, height), RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &rect);
      gtk_snapshot_append_color (snapshot, &color, &rect.bounds);
      gtk_snapshot_pop (snapshot);
      text_on (&color, &ink);
    }
  if (spark)
    draw_sparkline (self, snapshot, series,
                    &GRAPHENE_RECT_INIT (0, height * (1 - SPARK_SHARE), width,
                                         height * SPARK_SHARE),
                    background ? &ink : &color);

  /* The series' name above the number when the frame has names at all. */
  if (bs_panel_chart_caption (self, series) != NULL && height >= 90)
    {
      caption = bs_chart_layout (GTK_WIDGET (self), bs_panel_chart_caption (self, series),
                                 CAPTION_SCALE);
      pango_layout_set_width (caption, MAX (1, (int) (width - 2 * pad)) * PANGO_SCALE);
      pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (caption, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (caption, NULL, &nh);
      caption_height = nh;
    }

  /* As Grafana: the number as big as the panel allows, over the top of the sparkline. */
  number = bs_panel_chart_fitted_layout (self, text, width - 2 * pad,
                                         MIN ((height - caption_height - 2 * pad) *
                                              (spark ? NUMBER_SHARE : 0.85), 160), TRUE);
  pango_layout_set_alignment (number, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (number, &nw, &nh);
  number_y = spark ? pad + caption_height +
                     MAX (0, (height * (1 - SPARK_SHARE) - caption_height - pad - nh) / 2)
                   : (height - nh + caption_height) / 2;
  if (caption != NULL)
    {
      GdkRGBA dim = background ? ink : style->dim;

      dim.alpha *= background ? 0.85 : 1;
      bs_chart_draw_layout (snapshot, caption, pad, number_y - caption_height, &dim);
    }
  bs_chart_draw_layout (snapshot, number, pad, number_y, &ink);
}

char *
bs_panel_chart_describe_stat (BsPanelChart *self)
{
  BsChartSeries *series = stat_series (self);
  g_autofree char *value = bs_panel_chart_format (self, series->last);

  /* Translators: a single figure: “revenue: $48.2K”. */
  return g_strdup_printf (_("%s: %s"), series->name[0] != '\0' ? series->name
                                                               : self->value_name, value);
}
