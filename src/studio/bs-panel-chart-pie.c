#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-panel-chart-private.h"

#define SWATCH        10.0
#define DONUT_SHARE   0.58
#define SLICE_GAP     1.5
#define LEGEND_MIN_W  120.0

typedef struct
{
  GPtrArray *slices;   /* borrowed BsChartSeries*, largest first, positive only */
  double     total;
} Pie;

static void
pie_init (BsPanelChart *self,
          Pie          *pie)
{
  g_autoptr(GPtrArray) sorted = bs_panel_chart_sorted_series (self);

  pie->slices = g_ptr_array_new ();
  pie->total = 0;
  for (guint i = 0; i < sorted->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (sorted, i);

      /* A share of a whole has no negative or empty part. */
      if (series->last > 0)
        {
          g_ptr_array_add (pie->slices, series);
          pie->total += series->last;
        }
    }
}

static char *
legend_text (BsPanelChart  *self,
             BsChartSeries *series,
             double         total)
{
  g_autofree char *value = bs_panel_chart_format (self, series->last);

  /* Translators: a pie chart's legend entry: name, value, share. */
  return g_strdup_printf (_("%s  %s  %.0f%%"), series->name, value, 100 * series->last / total);
}

static void
draw_slices (BsPanelChart       *self,
             GtkSnapshot        *snapshot,
             const BsChartStyle *style,
             const Pie          *pie,
             double              cx,
             double              cy,
             double              radius)
{
  double angle = -G_PI / 2;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                           &GRAPHENE_RECT_INIT (cx - radius - 1, cy - radius - 1,
                                                                2 * radius + 2, 2 * radius + 2));

  for (guint i = 0; i < pie->slices->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (pie->slices, i);
      double sweep = 2 * G_PI * series->last / pie->total;
      GdkRGBA color;

      bs_panel_chart_series_color (self, i, style, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, cx, cy);
      cairo_arc (cr, cx, cy, radius, angle, angle + sweep);
      cairo_close_path (cr);
      cairo_fill (cr);
      angle += sweep;
    }

  /* Gaps between slices and the donut's hole let the card show through. */
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  if (pie->slices->len > 1)
    {
      angle = -G_PI / 2;
      cairo_set_line_width (cr, SLICE_GAP);
      for (guint i = 0; i < pie->slices->len; i++)
        {
          cairo_move_to (cr, cx, cy);
          cairo_line_to (cr, cx + radius * 1.01 * cos (angle), cy + radius * 1.01 * sin (angle));
          angle += 2 * G_PI * ((BsChartSeries *) g_ptr_array_index (pie->slices, i))->last /
                   pie->total;
        }
      cairo_stroke (cr);
    }
  if (self->donut)
    {
      cairo_arc (cr, cx, cy, radius * DONUT_SHARE, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static char *
share_text (BsPanelChart  *self,
            BsChartSeries *series,
            double         total,
            gboolean       with_value)
{
  g_autofree char *value = NULL;

  if (!with_value)
    return g_strdup_printf ("%.0f%%", 100 * series->last / total);
  value = bs_panel_chart_format (self, series->last);
  /* Translators: a pie slice's value and share in its legend: “$4.8K  52%”. */
  return g_strdup_printf (_("%s  %.0f%%"), value, 100 * series->last / total);
}

static int
widest_share (BsPanelChart *self,
              const Pie    *pie,
              guint         n,
              gboolean      with_value)
{
  int widest = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *share = share_text (self, g_ptr_array_index (pie->slices, i), pie->total,
                                           with_value);
      g_autoptr(PangoLayout) layout = bs_chart_layout (GTK_WIDGET (self), share, PANGO_SCALE_SMALL);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

/* Entries one a line: the name, cut short if need be, then the value and share lined up
 * on the right; those that do not fit are counted on the last line. */
static void
draw_legend (BsPanelChart       *self,
             GtkSnapshot        *snapshot,
             const BsChartStyle *style,
             const Pie          *pie,
             graphene_rect_t    *area)
{
  g_autoptr(PangoLayout) probe = bs_chart_layout (GTK_WIDGET (self), "0", PANGO_SCALE_SMALL);
  double name_width, right = area->origin.x + area->size.width;
  int line_height, share_width;
  gboolean with_value = TRUE;
  guint fit, n;

  pango_layout_get_pixel_size (probe, NULL, &line_height);
  fit = MAX (1, (guint) (area->size.height / (line_height + 4)));
  n = pie->slices->len <= fit ? pie->slices->len : MAX (1, fit - 1);

  /* The value and the share, or the share alone, or nothing: the names matter more. */
  share_width = widest_share (self, pie, n, TRUE);
  name_width = area->size.width - SWATCH - 2 * BS_PANEL_CHART_GAP - share_width;
  if (name_width < 60)
    {
      with_value = FALSE;
      share_width = widest_share (self, pie, n, FALSE);
      name_width = area->size.width - SWATCH - 2 * BS_PANEL_CHART_GAP - share_width;
    }
  if (name_width < 40)
    {
      share_width = 0;
      name_width = area->size.width - SWATCH - BS_PANEL_CHART_GAP;
    }

  for (guint i = 0; i < n + (n < pie->slices->len ? 1 : 0); i++)
    {
      double y = area->origin.y + i * (line_height + 4);
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) name = NULL;
      GdkRGBA color;

      if (y + line_height > area->origin.y + area->size.height + 1)
        break;
      if (i >= n)
        text = g_strdup_printf (_("+%u more"), pie->slices->len - n);
      name = bs_chart_layout (GTK_WIDGET (self),
                              text != NULL ? text
                                           : ((BsChartSeries *) g_ptr_array_index (pie->slices,
                                                                                   i))->name,
                              PANGO_SCALE_SMALL);
      pango_layout_set_width (name, MAX (1, (int) name_width) * PANGO_SCALE);
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      bs_chart_draw_layout (snapshot, name, area->origin.x + SWATCH + BS_PANEL_CHART_GAP,
                            y, i < n ? &style->foreground : &style->dim);
      if (i >= n)
        break;

      bs_panel_chart_series_color (self, i, style, &color);
      bs_panel_chart_draw_swatch (snapshot, area->origin.x, y + (line_height - SWATCH) / 2,
                                  SWATCH, &color);
      if (share_width > 0)
        {
          g_autofree char *share = share_text (self, g_ptr_array_index (pie->slices, i),
                                               pie->total, with_value);
          g_autoptr(PangoLayout) layout = bs_chart_layout (GTK_WIDGET (self), share,
                                                           PANGO_SCALE_SMALL);
          int w;

          pango_layout_get_pixel_size (layout, &w, NULL);
          bs_chart_draw_layout (snapshot, layout, right - w, y, &style->dim);
        }
    }
}

void
bs_panel_chart_snapshot_pie (BsPanelChart       *self,
                             GtkSnapshot        *snapshot,
                             const BsChartStyle *style,
                             int                 width,
                             int                 height)
{
  Pie pie;
  graphene_rect_t legend = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  double radius, cx, cy;

  pie_init (self, &pie);
  if (pie.slices->len == 0)
    {
      g_ptr_array_unref (pie.slices);
      return;
    }

  /* The legend beside a wide pie, under a tall one, and none when there is no room. */
  if (self->show_legend && width >= height * 1.3 && width / 2.0 >= LEGEND_MIN_W * 0.8)
    {
      double legend_width = MIN (width * 0.5, MAX (LEGEND_MIN_W, width - height));

      graphene_rect_init (&legend, width - legend_width, 4, legend_width, height - 8);
      radius = MIN (width - legend_width - 2 * BS_PANEL_CHART_GAP, height) / 2 - 4;
      cx = (width - legend_width) / 2;
      cy = height / 2.0;
    }
  else if (self->show_legend && height >= 140)
    {
      double legend_height = MIN (height * 0.35, pie.slices->len * 20.0 + 4);

      graphene_rect_init (&legend, 4, height - legend_height, width - 8, legend_height);
      radius = MIN (width, height - legend_height - BS_PANEL_CHART_GAP) / 2 - 4;
      cx = width / 2.0;
      cy = (height - legend_height) / 2;
    }
  else
    {
      radius = MIN (width, height) / 2.0 - 4;
      cx = width / 2.0;
      cy = height / 2.0;
    }

  if (radius >= 4)
    draw_slices (self, snapshot, style, &pie, cx, cy, radius);
  if (legend.size.width > 0)
    draw_legend (self, snapshot, style, &pie, &legend);
  g_ptr_array_unref (pie.slices);
}

char *
bs_panel_chart_describe_pie (BsPanelChart *self)
{
  Pie pie;
  GString *text = g_string_new (NULL);

  pie_init (self, &pie);
  /* Translators: the start of a pie chart's description for screen readers. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Pie chart of %u slice.",
                                             "Pie chart of %u slices.",
                                             pie.slices->len), pie.slices->len);
  for (guint i = 0; i < MIN (pie.slices->len, 10); i++)
    {
      g_autofree char *entry = legend_text (self, g_ptr_array_index (pie.slices, i), pie.total);

      g_string_append_c (text, ' ');
      g_string_append (text, entry);
      g_string_append_c (text, '.');
    }
  g_ptr_array_unref (pie.slices);
  return g_string_free (text, FALSE);
}
