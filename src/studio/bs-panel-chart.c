#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-panel-chart-private.h"
#include "bs-value-format.h"

G_DEFINE_FINAL_TYPE (BsPanelChart, bs_panel_chart, GTK_TYPE_WIDGET)

/* Grafana's classic palette, in its order: the first six are its primary hues. */
static const char *const palette[] = {
  "#73BF69", "#F2CC0C", "#5794F2", "#FF9830", "#F2495C", "#B877D9",
  "#37872D", "#E0B400", "#1F60C4", "#FA6400", "#C4162A", "#8F3BB8",
  "#96D98D", "#FFEE52", "#8AB8FF", "#FFB357", "#FF7383", "#CA95E5",
};

/* Grafana's named colours: five shades of six hues, lightest first. */
static const struct
{
  const char *hue;
  const char *shades[5];
} named_colors[] = {
  { "red", { "#FFA6B0", "#FF7383", "#F2495C", "#E02F44", "#C4162A" } },
  { "orange", { "#FFCB7D", "#FFB357", "#FF9830", "#FF780A", "#FA6400" } },
  { "yellow", { "#FFF899", "#FFEE52", "#FADE2A", "#F2CC0C", "#E0B400" } },
  { "green", { "#C8F2C2", "#96D98D", "#73BF69", "#56A64B", "#37872D" } },
  { "blue", { "#C0D8FF", "#8AB8FF", "#5794F2", "#3274D9", "#1F60C4" } },
  { "purple", { "#DEB6F2", "#CA95E5", "#B877D9", "#A352CC", "#8F3BB8" } },
};
static const char *const shade_prefixes[] = {
  "super-light-", "light-", "", "semi-dark-", "dark-",
};

/* Series and thresholds */

static void
threshold_clear (gpointer data)
{
  g_free (((BsChartThreshold *) data)->color);
}

gboolean
bs_panel_chart_parse_color (const char *color,
                            gboolean    dark,
                            GdkRGBA    *rgba)
{
  g_return_val_if_fail (rgba != NULL, FALSE);

  if (color == NULL)
    return FALSE;
  if (color[0] == '#' || g_str_has_prefix (color, "rgb(") || g_str_has_prefix (color, "rgba("))
    {
      GdkRGBA parsed;

      if (!gdk_rgba_parse (&parsed, color))
        return FALSE;
      *rgba = parsed;
      return TRUE;
    }
  if (strcmp (color, "transparent") == 0)
    {
      *rgba = (GdkRGBA) { 0, 0, 0, 0 };
      return TRUE;
    }
  if (strcmp (color, "text") == 0)
    return gdk_rgba_parse (rgba, dark ? "#D8D9DA" : "#24292E");

  for (guint s = 0; s < G_N_ELEMENTS (shade_prefixes); s++)
    for (guint h = 0; h < G_N_ELEMENTS (named_colors); h++)
      {
        gsize prefix = strlen (shade_prefixes[s]);
        /* On a light background the pale shades would vanish: one shade darker there. */
        guint shade = dark ? s : MIN (s + 1, G_N_ELEMENTS (shade_prefixes) - 1);

        if (strncmp (color, shade_prefixes[s], prefix) == 0 &&
            strcmp (color + prefix, named_colors[h].hue) == 0)
          return gdk_rgba_parse (rgba, named_colors[h].shades[shade]);
      }

  return FALSE;
}

void
bs_panel_chart_series_color (BsPanelChart       *self,
                             guint               index,
                             const BsChartStyle *style,
                             GdkRGBA            *color)
{
  if (self->fixed_color != NULL &&
      bs_panel_chart_parse_color (self->fixed_color, style->dark, color))
    return;
  gdk_rgba_parse (color, palette[index % G_N_ELEMENTS (palette)]);
}

double
bs_panel_chart_threshold_value (BsPanelChart *self,
                                guint         index,
                                double        low,
                                double        high)
{
  double value = g_array_index (self->thresholds, BsChartThreshold, index).value;

  if (!self->percent_thresholds || !isfinite (value))
    return value;
  return low + (high - low) * value / 100;
}

gboolean
bs_panel_chart_threshold_color (BsPanelChart       *self,
                                double              value,
                                double              low,
                                double              high,
                                const BsChartStyle *style,
                                GdkRGBA            *color)
{
  gboolean found = FALSE;

  for (guint i = 0; i < self->thresholds->len; i++)
    {
      BsChartThreshold *step = &g_array_index (self->thresholds, BsChartThreshold, i);

      if (i == 0 || value >= bs_panel_chart_threshold_value (self, i, low, high))
        found = bs_panel_chart_parse_color (step->color, style->dark, color) || found;
    }
  return found;
}

char *
bs_panel_chart_format (BsPanelChart *self,
                       double        value)
{
  return bs_value_format (value, self->unit, self->decimals);
}

char *
bs_panel_chart_format_time (double seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (seconds));
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  /* Translators: a date and time in a chart's description, see g_date_time_format(). */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

const char *
bs_panel_chart_caption (BsPanelChart  *self,
                        BsChartSeries *series)
{
  if (series->name[0] == '\0' || g_strcmp0 (series->name, self->value_name) == 0)
    return NULL;
  return series->name;
}

static int
compare_last (gconstpointer a,
              gconstpointer b)
{
  const BsChartSeries *x = *(BsChartSeries **) a, *y = *(BsChartSeries **) b;

  return (y->last > x->last) - (y->last < x->last);
}

GPtrArray *
bs_panel_chart_sorted_series (BsPanelChart *self)
{
  GPtrArray *sorted = g_ptr_array_new ();

  for (guint i = 0; i < self->series->len; i++)
    {
      BsChartSeries *series = g_ptr_array_index (self->series, i);

      if (isfinite (series->last))
        g_ptr_array_add (sorted, series);
    }
  g_ptr_array_sort (sorted, compare_last);
  return sorted;
}

/* Text */

static void
set_font_size (PangoLayout *layout,
               double       size,
               gboolean     bold)
{
  /* A new list each time: Pango keeps its measurements when handed the list it has. */
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));
  pango_attr_list_insert (attrs, pango_attr_size_new_absolute (size * PANGO_SCALE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

PangoLayout *
bs_panel_chart_fitted_layout (BsPanelChart *self,
                              const char   *text,
                              double        width,
                              double        height,
                              gboolean      bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  const double probe = 40;
  double size;
  int w, h;

  width = MAX (width, 1);
  height = MAX (height, 1);
  set_font_size (layout, probe, bold);
  pango_layout_get_pixel_size (layout, &w, &h);

  /* Text scales in proportion to its font size, near enough: measure again to be sure. */
  size = probe * MIN (width / MAX (w, 1), height / MAX (h, 1));
  for (guint i = 0; i < 4; i++)
    {
      size = CLAMP (size, 7, 400);
      set_font_size (layout, size, bold);
      pango_layout_get_pixel_size (layout, &w, &h);
      if ((w <= width && h <= height) || size <= 7)
        break;
      size *= 0.98 * MIN (width / MAX (w, 1), height / MAX (h, 1));
    }
  /* The smallest size can still be too wide: then it is cut short rather than clipped. */
  pango_layout_set_width (layout, MAX (1, (int) ceil (width)) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

void
bs_panel_chart_draw_swatch (GtkSnapshot   *snapshot,
                            double         x,
                            double         y,
                            double         size,
                            const GdkRGBA *color)
{
  GskRoundedRect swatch;

  gsk_rounded_rect_init_from_rect (&swatch, &GRAPHENE_RECT_INIT (x, y, size, size), 2);
  gtk_snapshot_push_rounded_clip (snapshot, &swatch);
  gtk_snapshot_append_color (snapshot, color, &swatch.bounds);
  gtk_snapshot_pop (snapshot);
}

/* Words */

static char *
describe (BsPanelChart *self)
{
  if (self->series->len == 0)
    return g_strdup (self->frame == NULL ? _("No data yet") : _("No values to show"));

  switch (self->kind)
    {
    case BS_PANEL_KIND_TIMESERIES:
      return bs_panel_chart_describe_timeseries (self);
    case BS_PANEL_KIND_BAR:
      return bs_panel_chart_describe_bar (self);
    case BS_PANEL_KIND_STAT:
      return bs_panel_chart_describe_stat (self);
    case BS_PANEL_KIND_GAUGE:
      return bs_panel_chart_describe_gauge (self);
    case BS_PANEL_KIND_PIE:
      return bs_panel_chart_describe_pie (self);
    case BS_PANEL_KIND_TABLE:
    case BS_PANEL_KIND_TEXT:
    case BS_PANEL_KIND_ROW:
    case BS_PANEL_KIND_OTHER:
    default:
      return g_strdup (_("Not a chart"));
    }
}

static void
update (BsPanelChart *self)
{
  g_ptr_array_set_size (self->series, 0);
  g_clear_pointer (&self->value_name, g_free);
  self->has_time = FALSE;
  self->t_min = self->v_min = INFINITY;
  self->t_max = self->v_max = -INFINITY;
  bs_panel_chart_read_frame (self);

  g_free (self->summary);
  self->summary = describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The widget */

static void
bs_panel_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  BsPanelChart *self = BS_PANEL_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  BsChartStyle style;

  if (self->series->len == 0 || width < 8 || height < 8)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &style.foreground);
  style.dark = bs_chart_is_dark (&style.foreground);
  style.dim = style.foreground;
  style.dim.alpha *= 0.7;
  style.grid = style.foreground;
  style.grid.alpha *= style.dark ? 0.12 : 0.1;

  switch (self->kind)
    {
    case BS_PANEL_KIND_TIMESERIES:
      if (self->has_time)
        bs_panel_chart_snapshot_timeseries (self, snapshot, &style, width, height);
      else
        bs_panel_chart_snapshot_bar (self, snapshot, &style, width, height);
      break;
    case BS_PANEL_KIND_BAR:
      bs_panel_chart_snapshot_bar (self, snapshot, &style, width, height);
      break;
    case BS_PANEL_KIND_STAT:
      bs_panel_chart_snapshot_stat (self, snapshot, &style, width, height);
      break;
    case BS_PANEL_KIND_GAUGE:
      bs_panel_chart_snapshot_gauge (self, snapshot, &style, width, height);
      break;
    case BS_PANEL_KIND_PIE:
      bs_panel_chart_snapshot_pie (self, snapshot, &style, width, height);
      break;
    case BS_PANEL_KIND_TABLE:
    case BS_PANEL_KIND_TEXT:
    case BS_PANEL_KIND_ROW:
    case BS_PANEL_KIND_OTHER:
    default:
      break;
    }
}

static void
bs_panel_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  /* A panel of the smallest grid size still gets a chart: it adapts to what it is given. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 40 : 24;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 200;
}

static gboolean
bs_panel_chart_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  BsPanelChart *self = BS_PANEL_CHART (widget);

  if (self->series->len == 0)
    return FALSE;
  if (!keyboard_mode && self->kind == BS_PANEL_KIND_TIMESERIES && self->has_time)
    return bs_panel_chart_timeseries_tooltip (self, x, y, tooltip);
  if (!keyboard_mode && (self->kind == BS_PANEL_KIND_BAR ||
                         self->kind == BS_PANEL_KIND_TIMESERIES))
    return bs_panel_chart_bar_tooltip (self, x, y, tooltip);
  gtk_tooltip_set_text (tooltip, self->summary);
  return TRUE;
}

static void
bs_panel_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bs_panel_chart_parent_class)->css_changed (widget, change);

  /* Colours follow the style (light or dark), which may just have changed. */
  gtk_widget_queue_draw (widget);
}

static void
bs_panel_chart_finalize (GObject *object)
{
  BsPanelChart *self = BS_PANEL_CHART (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->thresholds, g_array_unref);
  g_clear_pointer (&self->frame, json_object_unref);
  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->fixed_color, g_free);
  g_clear_pointer (&self->color_mode, g_free);
  g_clear_pointer (&self->reducer, g_free);
  g_clear_pointer (&self->value_name, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (bs_panel_chart_parent_class)->finalize (object);
}

static void
bs_panel_chart_class_init (BsPanelChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bs_panel_chart_finalize;

  widget_class->snapshot = bs_panel_chart_snapshot;
  widget_class->measure = bs_panel_chart_measure;
  widget_class->query_tooltip = bs_panel_chart_query_tooltip;
  widget_class->css_changed = bs_panel_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "panelchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bs_panel_chart_init (BsPanelChart *self)
{
  self->kind = BS_PANEL_KIND_TIMESERIES;
  self->type = g_strdup ("timeseries");
  self->decimals = -1;
  self->series = g_ptr_array_new_with_free_func (bs_chart_series_free);
  self->thresholds = g_array_new (FALSE, FALSE, sizeof (BsChartThreshold));
  g_array_set_clear_func (self->thresholds, threshold_clear);
  self->show_legend = TRUE;
  self->sparkline = TRUE;
  self->min = self->max = NAN;
  self->line_width = 1.5;
  self->fill_opacity = 0.1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  update (self);
}

GtkWidget *
bs_panel_chart_new (void)
{
  return g_object_new (BS_TYPE_PANEL_CHART, NULL);
}

void
bs_panel_chart_set_panel (BsPanelChart           *self,
                          const BsDashboardPanel *panel)
{
  g_autoptr(BsQuery) query = NULL;

  g_return_if_fail (BS_IS_PANEL_CHART (self));
  g_return_if_fail (panel != NULL);

  g_free (self->type);
  self->type = g_strdup (panel->type);
  self->kind = bs_panel_kind_from_type (panel->type);
  g_free (self->unit);
  self->unit = g_strdup (panel->unit);
  self->decimals = panel->decimals;
  self->percent_thresholds = panel->thresholds_mode == BS_DASHBOARD_THRESHOLDS_PERCENTAGE;
  g_array_set_size (self->thresholds, 0);
  for (guint i = 0; panel->has_thresholds && i < panel->threshold_steps->len; i++)
    {
      BsDashboardThresholdStep *step = &g_array_index (panel->threshold_steps,
                                                       BsDashboardThresholdStep, i);
      BsChartThreshold copy = { i == 0 ? -INFINITY : step->value, g_strdup (step->color) };

      g_array_append_val (self->thresholds, copy);
    }
  query = bs_dashboard_panel_get_query (panel, NULL, NULL);
  self->zero_fill = query != NULL && bs_query_is_additive (query);
  bs_panel_chart_read_options (self, panel->json);
  update (self);
}

void
bs_panel_chart_set_frame (BsPanelChart *self,
                          JsonObject   *frame)
{
  g_return_if_fail (BS_IS_PANEL_CHART (self));

  if (frame != NULL)
    json_object_ref (frame);
  g_clear_pointer (&self->frame, json_object_unref);
  self->frame = frame;
  update (self);
}

BsPanelKind
bs_panel_chart_get_kind (BsPanelChart *self)
{
  g_return_val_if_fail (BS_IS_PANEL_CHART (self), BS_PANEL_KIND_OTHER);

  return self->kind;
}

guint
bs_panel_chart_get_n_series (BsPanelChart *self)
{
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_val_if_fail (BS_IS_PANEL_CHART (self), 0);

  switch (self->kind)
    {
    case BS_PANEL_KIND_TIMESERIES:
    case BS_PANEL_KIND_BAR:
      return self->series->len;
    case BS_PANEL_KIND_STAT:
    case BS_PANEL_KIND_GAUGE:
      return self->series->len > 0 ? 1 : 0;
    case BS_PANEL_KIND_PIE:
      sorted = bs_panel_chart_sorted_series (self);
      for (guint i = 0; i < sorted->len; i++)
        if (((BsChartSeries *) g_ptr_array_index (sorted, i))->last <= 0)
          return i;
      return sorted->len;
    case BS_PANEL_KIND_TABLE:
    case BS_PANEL_KIND_TEXT:
    case BS_PANEL_KIND_ROW:
    case BS_PANEL_KIND_OTHER:
    default:
      return 0;
    }
}

const char *
bs_panel_chart_get_summary (BsPanelChart *self)
{
  g_return_val_if_fail (BS_IS_PANEL_CHART (self), NULL);

  return self->summary;
}
