#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-format.h"
#include "bs-sales-chart.h"

#define GRID_STEPS      4
#define BAR_FILL        0.62   /* share of a day's slot taken by its bar */
#define BAR_MAX_WIDTH   48.0
#define BAR_RADIUS      4.0
#define LABEL_GAP       6.0
#define TREND_THRESHOLD 0.05   /* change over the period, relative to the mean */

struct _BsSalesChart
{
  GtkWidget  parent_instance;

  GPtrArray *days;      /* "YYYY-MM-DD" */
  GArray    *amounts;   /* double */
  char      *currency;
  char      *summary;
};

G_DEFINE_FINAL_TYPE (BsSalesChart, bs_sales_chart, GTK_TYPE_WIDGET)

typedef struct
{
  graphene_rect_t plot;
  double          top;    /* the amount at the top of the plot */
  double          step;   /* between grid lines */
  double          slot;   /* width given to one day */
} Geometry;

static double
amount_at (BsSalesChart *self,
           guint         i)
{
  return g_array_index (self->amounts, double, i);
}

/* A round step (1, 2, 2.5 or 5 times a power of ten) so that GRID_STEPS of them cover
 * @max. */
static double
nice_step (double max)
{
  double raw = max / GRID_STEPS;
  double magnitude;
  double residual;

  if (raw <= 0)
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

static PangoLayout *
create_small_layout (GtkWidget  *widget,
                     const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static void
layout_size (PangoLayout *layout,
             int         *width,
             int         *height)
{
  pango_layout_get_pixel_size (layout, width, height);
}

static int
axis_label_width (BsSalesChart *self,
                  double        top,
                  double        step)
{
  int widest = 0;

  for (double value = 0; value <= top + step / 2; value += step)
    {
      g_autofree char *text = bs_format_money_compact (value, self->currency);
      g_autoptr(PangoLayout) layout = create_small_layout (GTK_WIDGET (self), text);
      int width;

      layout_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }

  return widest;
}

static int
small_line_height (BsSalesChart *self)
{
  g_autoptr(PangoLayout) layout = create_small_layout (GTK_WIDGET (self), "0");
  int height;

  layout_size (layout, NULL, &height);
  return height;
}

static void
compute_geometry (BsSalesChart *self,
                  int           width,
                  int           height,
                  Geometry     *geometry)
{
  double max = 0;
  int line_height = small_line_height (self);
  int axis_width;
  double left;
  double bottom;

  for (guint i = 0; i < self->amounts->len; i++)
    max = MAX (max, amount_at (self, i));

  geometry->step = nice_step (max);
  geometry->top = MAX (geometry->step, geometry->step * ceil (max / geometry->step));
  axis_width = axis_label_width (self, geometry->top, geometry->step);

  left = axis_width + LABEL_GAP * 2;
  bottom = line_height + LABEL_GAP;
  graphene_rect_init (&geometry->plot,
                      left, line_height / 2.0,
                      MAX (1, width - left - LABEL_GAP),
                      MAX (1, height - bottom - line_height / 2.0));
  geometry->slot = self->days->len > 0 ? geometry->plot.size.width / self->days->len : 0;
}

static double
y_for (const Geometry *geometry,
       double          amount)
{
  return geometry->plot.origin.y +
         geometry->plot.size.height * (1.0 - amount / geometry->top);
}

static void
lookup_colors (BsSalesChart *self,
               GdkRGBA      *foreground,
               GdkRGBA      *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, foreground);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static void
draw_layout_at (GtkSnapshot   *snapshot,
                PangoLayout   *layout,
                double         x,
                double         y,
                const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
draw_grid (BsSalesChart   *self,
           GtkSnapshot    *snapshot,
           const Geometry *geometry,
           const GdkRGBA  *foreground)
{
  GdkRGBA line = *foreground;
  GdkRGBA text = *foreground;

  line.alpha *= 0.15;
  text.alpha *= 0.7;

  for (double value = 0; value <= geometry->top + geometry->step / 2; value += geometry->step)
    {
      double y = round (y_for (geometry, value));
      g_autofree char *label = bs_format_money_compact (value, self->currency);
      g_autoptr(PangoLayout) layout = create_small_layout (GTK_WIDGET (self), label);
      int width, height;

      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (geometry->plot.origin.x, y - 0.5,
                                                      geometry->plot.size.width, 1));
      layout_size (layout, &width, &height);
      draw_layout_at (snapshot, layout,
                      geometry->plot.origin.x - LABEL_GAP - width, y - height / 2.0, &text);
    }
}

static void
draw_bars (BsSalesChart   *self,
           GtkSnapshot    *snapshot,
           const Geometry *geometry,
           const GdkRGBA  *accent)
{
  double bar_width = MIN (geometry->slot * BAR_FILL, BAR_MAX_WIDTH);
  double base = y_for (geometry, 0);
  GdkRGBA earlier = *accent;

  /* The latest day is the one the rest of Home talks about. */
  earlier.alpha *= 0.45;

  for (guint i = 0; i < self->amounts->len; i++)
    {
      double top = y_for (geometry, MAX (0, amount_at (self, i)));
      double x = geometry->plot.origin.x + i * geometry->slot + (geometry->slot - bar_width) / 2;
      graphene_size_t round_corner = GRAPHENE_SIZE_INIT (BAR_RADIUS, BAR_RADIUS);
      graphene_size_t square = GRAPHENE_SIZE_INIT (0, 0);
      GskRoundedRect bar;

      if (base - top < 0.5)
        continue;

      gsk_rounded_rect_init (&bar,
                             &GRAPHENE_RECT_INIT (x, top, bar_width, base - top),
                             &round_corner, &round_corner, &square, &square);
      gsk_rounded_rect_normalize (&bar);
      gtk_snapshot_push_rounded_clip (snapshot, &bar);
      gtk_snapshot_append_color (snapshot, i + 1 == self->amounts->len ? accent : &earlier,
                                 &bar.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

/* Day labels under the bars: "24 Nov" where they fit, else the day of the month, else
 * every other one, counted back from the latest day. */
static void
draw_day_labels (BsSalesChart   *self,
                 GtkSnapshot    *snapshot,
                 const Geometry *geometry,
                 const GdkRGBA  *foreground)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_object_unref);
  GdkRGBA text = *foreground;
  double y = geometry->plot.origin.y + geometry->plot.size.height + LABEL_GAP / 2;
  int widest = 0;
  guint every = 1;

  text.alpha *= 0.7;

  for (int pass = 0; pass < 2; pass++)
    {
      g_ptr_array_set_size (labels, 0);
      widest = 0;
      for (guint i = 0; i < self->days->len; i++)
        {
          const char *day = g_ptr_array_index (self->days, i);
          g_autofree char *label = NULL;
          PangoLayout *layout;
          int width;

          if (pass == 0 || strlen (day) != 10)
            label = bs_format_day_short (day);
          else
            label = g_strdup_printf ("%d", atoi (day + 8));
          layout = create_small_layout (GTK_WIDGET (self), label ? label : day);
          layout_size (layout, &width, NULL);
          widest = MAX (widest, width);
          g_ptr_array_add (labels, layout);
        }
      if (widest + LABEL_GAP <= geometry->slot)
        break;
    }

  while (widest + LABEL_GAP > geometry->slot * every && every < self->days->len)
    every++;

  for (guint i = 0; i < labels->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (labels, i);
      double center = geometry->plot.origin.x + (i + 0.5) * geometry->slot;
      int width;

      if ((labels->len - 1 - i) % every != 0)
        continue;

      layout_size (layout, &width, NULL);
      draw_layout_at (snapshot, layout, center - width / 2.0, y, &text);
    }

  g_ptr_array_unref (labels);
}

static void
bs_sales_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  BsSalesChart *self = BS_SALES_CHART (widget);
  Geometry geometry;
  GdkRGBA foreground;
  GdkRGBA accent;

  if (self->days->len == 0)
    return;

  lookup_colors (self, &foreground, &accent);
  compute_geometry (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                    &geometry);
  draw_grid (self, snapshot, &geometry, &foreground);
  draw_bars (self, snapshot, &geometry, &accent);
  draw_day_labels (self, snapshot, &geometry, &foreground);
}

static void
bs_sales_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 160;
      *natural = 220;
    }
}

static gboolean
bs_sales_chart_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  BsSalesChart *self = BS_SALES_CHART (widget);
  g_autofree char *day = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;
  Geometry geometry;
  int i;

  if (self->days->len == 0)
    return FALSE;

  compute_geometry (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                    &geometry);
  if (keyboard_mode)
    {
      gtk_tooltip_set_text (tooltip, self->summary);
      return TRUE;
    }

  i = floor ((x - geometry.plot.origin.x) / geometry.slot);
  if (i < 0 || i >= (int) self->days->len)
    return FALSE;

  day = bs_format_day (g_ptr_array_index (self->days, i));
  amount = bs_format_money (amount_at (self, i), self->currency);
  /* Translators: a bar's tooltip, “Tuesday 24 November: $48,211.50”. */
  text = g_strdup_printf (_("%s: %s"), day, amount);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
bs_sales_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_sales_chart_parent_class)->css_changed (widget, change);

  /* Colours come from the style (light or dark), which just changed. */
  gtk_widget_queue_draw (widget);
}

static void
bs_sales_chart_finalize (GObject *object)
{
  BsSalesChart *self = BS_SALES_CHART (object);

  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->amounts, g_array_unref);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (bs_sales_chart_parent_class)->finalize (object);
}

static void
bs_sales_chart_class_init (BsSalesChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bs_sales_chart_finalize;

  widget_class->snapshot = bs_sales_chart_snapshot;
  widget_class->measure = bs_sales_chart_measure;
  widget_class->query_tooltip = bs_sales_chart_query_tooltip;
  widget_class->css_changed = bs_sales_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "saleschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_sales_chart_init (BsSalesChart *self)
{
  self->days = g_ptr_array_new_with_free_func (g_free);
  self->amounts = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bs_sales_chart_new (void)
{
  return g_object_new (BS_TYPE_SALES_CHART, NULL);
}

guint
bs_sales_chart_get_n_days (BsSalesChart *self)
{
  g_return_val_if_fail (BS_IS_SALES_CHART (self), 0);

  return self->days->len;
}

const char *
bs_sales_chart_get_summary (BsSalesChart *self)
{
  g_return_val_if_fail (BS_IS_SALES_CHART (self), NULL);

  return self->summary;
}

/* Least-squares slope over the days, as a change over the whole period relative to the
 * mean: a few good or bad days do not turn the trend around. */
static const char *
describe_trend (BsSalesChart *self)
{
  guint n = self->amounts->len;
  double mean_x = (n - 1) / 2.0;
  double mean_y = 0, covariance = 0, variance = 0;
  double change;

  for (guint i = 0; i < n; i++)
    mean_y += amount_at (self, i) / n;
  for (guint i = 0; i < n; i++)
    {
      covariance += (i - mean_x) * (amount_at (self, i) - mean_y);
      variance += (i - mean_x) * (i - mean_x);
    }
  if (variance == 0 || mean_y <= 0)
    return _("level");

  change = covariance / variance * (n - 1) / mean_y;
  if (change > TREND_THRESHOLD)
    return _("rising");
  if (change < -TREND_THRESHOLD)
    return _("falling");
  return _("about level");
}

static char *
summarize (BsSalesChart *self)
{
  guint n = self->amounts->len;
  guint highest = 0, lowest = 0;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *high_day = NULL;
  g_autofree char *high = NULL;
  g_autofree char *low_day = NULL;
  g_autofree char *low = NULL;
  g_autofree char *latest = NULL;

  if (n == 0)
    return g_strdup (_("No sales to show"));

  for (guint i = 1; i < n; i++)
    {
      if (amount_at (self, i) > amount_at (self, highest))
        highest = i;
      if (amount_at (self, i) < amount_at (self, lowest))
        lowest = i;
    }

  first = bs_format_day (g_ptr_array_index (self->days, 0));
  last = bs_format_day (g_ptr_array_index (self->days, n - 1));
  high_day = bs_format_day (g_ptr_array_index (self->days, highest));
  high = bs_format_money (amount_at (self, highest), self->currency);
  low_day = bs_format_day (g_ptr_array_index (self->days, lowest));
  low = bs_format_money (amount_at (self, lowest), self->currency);
  latest = bs_format_money (amount_at (self, n - 1), self->currency);

  /* Translators: the chart for screen readers. The trend is “rising”, “falling” or
   * “about level”. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Bar chart of sales on %u day, %s to %s: the "
                                       "trend is %s. Highest %s on %s, lowest %s on %s, "
                                       "latest %s.",
                                       "Bar chart of sales on %u days, %s to %s: the "
                                       "trend is %s. Highest %s on %s, lowest %s on %s, "
                                       "latest %s.",
                                       n),
                          n, first, last, describe_trend (self),
                          high, high_day, low, low_day, latest);
}

void
bs_sales_chart_set_sales (BsSalesChart       *self,
                          const char * const *days,
                          const double       *amounts,
                          guint               n_days,
                          const char         *currency)
{
  g_return_if_fail (BS_IS_SALES_CHART (self));
  g_return_if_fail (n_days == 0 || (days != NULL && amounts != NULL));

  g_ptr_array_set_size (self->days, 0);
  g_array_set_size (self->amounts, 0);
  for (guint i = 0; i < n_days; i++)
    g_ptr_array_add (self->days, g_strdup (days[i]));
  g_array_append_vals (self->amounts, amounts, n_days);
  g_free (self->currency);
  self->currency = g_strdup (currency);

  g_free (self->summary);
  self->summary = summarize (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
