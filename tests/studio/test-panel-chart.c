/* The dashboard's charts and text panels: each kind drawn from frames shaped as the engine
 * returns them (and from the engine itself, on the demo data), checked in the pixels: not
 * blank, the series' colours there, a stat over its threshold in the threshold's colour.
 * The Markdown subset is checked as markup and as widgets.
 *
 * With BS_TEST_SCREENSHOT_DIR set, a gallery of panels is also drawn there at scale 1 and
 * 2, light and dark, for a person to look at.
 */
#define G_LOG_DOMAIN "bs-test-panel-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "bs-markdown-view.h"
#include "bs-panel-chart.h"
#include "bs-panel-type.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

/* A frame at 60 per second is 16 ms for the whole dashboard; one chart redrawn (a panel
 * being resized) gets a good part of that. AddressSanitizer makes everything ~10× slower. */
#ifdef __SANITIZE_ADDRESS__
#define MAX_DRAW_MS 150
#else
#define MAX_DRAW_MS 16
#endif

static char *root;

/* Frames and panels */

static JsonObject *
frame_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

/* Revenue by day and channel over a fortnight, as the engine writes a bucketed query. */
static JsonObject *
series_frame (guint n_series,
              guint n_days)
{
  static const char *const channels[] = { "Online", "Store", "Phone", "Partner", "Kiosk" };
  GString *json = g_string_new ("{\"columns\":[{\"name\":\"bucket\",\"type\":\"time\"},"
                                "{\"name\":\"channel\",\"type\":\"text\"},"
                                "{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[");
  g_autofree char *text = NULL;

  for (guint d = 0; d < n_days; d++)
    {
      g_autoptr(GDateTime) first = g_date_time_new_utc (2026, 11, 10, 0, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (first, d);
      g_autofree char *when = g_date_time_format (day, "%Y-%m-%d %H:%M:%S");

      for (guint s = 0; s < n_series; s++)
        g_string_append_printf (json, "%s[\"%s\",\"%s\",%.2f]", d + s > 0 ? "," : "", when,
                                channels[s % 5],
                                4000.0 * (s + 1) + 900 * sin (d * 0.9 + s) + 60.0 * d);
    }
  g_string_append (json, "]}");
  text = g_string_free (json, FALSE);
  return frame_from (text);
}

static BsDashboardPanel *
panel_new (const char *type,
           const char *unit)
{
  BsDashboardPanel *panel = bs_dashboard_panel_new (1, type, "Panel");

  g_free (panel->unit);
  panel->unit = g_strdup (unit);
  return panel;
}

static void
add_thresholds (BsDashboardPanel *panel,
                double            red_from)
{
  panel->has_thresholds = TRUE;
  bs_dashboard_panel_add_threshold (panel, -INFINITY, "green");
  bs_dashboard_panel_add_threshold (panel, red_from, "red");
}

static void
set_option (BsDashboardPanel *panel,
            const char       *name,
            const char       *value)
{
  JsonNode *options = json_object_get_member (panel->json, "options");

  if (options == NULL)
    {
      json_object_set_object_member (panel->json, "options", json_object_new ());
      options = json_object_get_member (panel->json, "options");
    }
  json_object_set_string_member (json_node_get_object (options), name, value);
}

static BsPanelChart *
chart_new (const BsDashboardPanel *panel,
           JsonObject             *frame)
{
  BsPanelChart *chart = BS_PANEL_CHART (g_object_ref_sink (bs_panel_chart_new ()));

  bs_panel_chart_set_panel (chart, panel);
  bs_panel_chart_set_frame (chart, frame);
  return chart;
}

/* Drawing into pixels */

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

static GtkWidget *
card (GtkWidget  *child,
      const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 10);
  gtk_widget_set_margin_top (label, 8);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_start (child, 10);
  gtk_widget_set_margin_end (child, 10);
  gtk_widget_set_margin_bottom (child, 10);
  gtk_widget_set_vexpand (child, TRUE);
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

/* Shows @content in a window of @width × @height and draws it at @scale. */
static cairo_surface_t *
draw_window (GtkWidget *content,
             int        width,
             int        height,
             int        scale)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), content);
  gtk_window_present (GTK_WINDOW (window));
  bs_test_wait_until (never, NULL, 400);

  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                              gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        bs_test_wait_until (never, NULL, 100);
    }
  g_assert_nonnull (node);

  /* Under GDK_SCALE=2 the widgets are drawn at twice the pixels, as on the screen. */
  scale *= gtk_widget_get_scale_factor (window);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (window) * scale,
                                        gtk_widget_get_height (window) * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  gtk_window_destroy (GTK_WINDOW (window));
  cairo_surface_flush (surface);
  return surface;
}

static void
save (cairo_surface_t *surface,
      const char      *name)
{
  const char *dir = g_getenv ("BS_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("Saved %s", path);
}

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          guint8           rgb[3])
{
  guint32 pixel = *(guint32 *) (cairo_image_surface_get_data (surface) +
                                y * cairo_image_surface_get_stride (surface) + 4 * x);

  /* The window is opaque: premultiplied is plain here. */
  rgb[0] = (pixel >> 16) & 0xff;
  rgb[1] = (pixel >> 8) & 0xff;
  rgb[2] = pixel & 0xff;
}

/* Colours in the picture, rounded to 4 bits a channel. */
static guint
count_colors (cairo_surface_t *surface)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint8 rgb[3];

        pixel_at (surface, x, y, rgb);
        g_hash_table_add (seen, GUINT_TO_POINTER (1 + ((rgb[0] >> 4) << 8 | (rgb[1] >> 4) << 4 |
                                                       (rgb[2] >> 4))));
      }
  return g_hash_table_size (seen);
}

/* How many pixels are @color, give or take antialiasing. */
static guint
count_color (cairo_surface_t *surface,
             const char      *color,
             gboolean         dark)
{
  GdkRGBA rgba;
  guint count = 0;

  g_assert_true (bs_panel_chart_parse_color (color, dark, &rgba));
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint8 rgb[3];

        pixel_at (surface, x, y, rgb);
        if (fabs (rgb[0] - rgba.red * 255) <= 24 && fabs (rgb[1] - rgba.green * 255) <= 24 &&
            fabs (rgb[2] - rgba.blue * 255) <= 24)
          count++;
      }
  return count;
}

static cairo_surface_t *
draw_chart (BsPanelChart *chart,
            int           width,
            int           height)
{
  return draw_window (card (GTK_WIDGET (chart), "Chart"), width, height, 1);
}

/* Tests */

static void
test_parse_color (void)
{
  GdkRGBA rgba = { 0.5, 0.5, 0.5, 0.5 }, light;

  g_assert_true (bs_panel_chart_parse_color ("green", TRUE, &rgba));
  g_assert_cmpfloat_with_epsilon (rgba.red, 0x73 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (rgba.green, 0xBF / 255.0, 1e-6);
  g_assert_true (bs_panel_chart_parse_color ("green", FALSE, &light));
  g_assert_false (gdk_rgba_equal (&rgba, &light));
  g_assert_true (bs_panel_chart_parse_color ("semi-dark-red", TRUE, &rgba));
  g_assert_cmpfloat_with_epsilon (rgba.red, 0xE0 / 255.0, 1e-6);
  g_assert_true (bs_panel_chart_parse_color ("super-light-purple", TRUE, &rgba));
  g_assert_cmpfloat_with_epsilon (rgba.blue, 0xF2 / 255.0, 1e-6);
  g_assert_true (bs_panel_chart_parse_color ("#EAB839", FALSE, &rgba));
  g_assert_cmpfloat_with_epsilon (rgba.green, 0xB8 / 255.0, 1e-6);
  g_assert_true (bs_panel_chart_parse_color ("rgba(50, 172, 45, 0.97)", TRUE, &rgba));
  g_assert_cmpfloat_with_epsilon (rgba.alpha, 0.97, 1e-6);
  g_assert_true (bs_panel_chart_parse_color ("rgb(0, 0, 255)", TRUE, &rgba));
  g_assert_cmpfloat (rgba.blue, ==, 1);
  g_assert_true (bs_panel_chart_parse_color ("transparent", TRUE, &rgba));
  g_assert_cmpfloat (rgba.alpha, ==, 0);

  /* Not Grafana's: refused, and the colour left as it was. */
  rgba = (GdkRGBA) { 0.25, 0.5, 0.75, 1 };
  g_assert_false (bs_panel_chart_parse_color ("papayawhip", TRUE, &rgba));
  g_assert_false (bs_panel_chart_parse_color ("#zzzzzz", TRUE, &rgba));
  g_assert_false (bs_panel_chart_parse_color ("dark-greenish", TRUE, &rgba));
  g_assert_false (bs_panel_chart_parse_color ("", TRUE, &rgba));
  g_assert_false (bs_panel_chart_parse_color (NULL, TRUE, &rgba));
  g_assert_cmpfloat (rgba.green, ==, 0.5);
}

static void
test_kinds (void)
{
  g_autoptr(JsonObject) series = series_frame (3, 14);
  g_autoptr(JsonObject) by_region = frame_from (
    "{\"columns\":[{\"name\":\"region\",\"type\":\"text\"},"
    "            {\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"North\",1200.5],[\"South\",4800],[\"East\",null],[\"West\",\"NaN\"],"
    "          [\"Central\",-300]]}");
  g_autoptr(JsonObject) single = frame_from (
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[48211.5]]}");
  g_autoptr(BsDashboardPanel) timeseries = panel_new ("timeseries", "currencyUSD");
  g_autoptr(BsDashboardPanel) bars = panel_new ("barchart", "currencyUSD");
  g_autoptr(BsDashboardPanel) stat = panel_new ("singlestat", "currencyUSD");
  g_autoptr(BsDashboardPanel) pie = panel_new ("piechart", NULL);
  g_autoptr(BsDashboardPanel) table = panel_new ("table", NULL);
  BsPanelChart *chart = chart_new (timeseries, series);

  g_assert_cmpint (bs_panel_chart_get_kind (chart), ==, BS_PANEL_KIND_TIMESERIES);
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 3);
  g_assert_true (g_str_has_prefix (bs_panel_chart_get_summary (chart),
                                   "Time series of 3 series from 10 November 2026, 00:00 to "
                                   "23 November 2026, 00:00."));
  g_assert_nonnull (strstr (bs_panel_chart_get_summary (chart), "Online: latest $"));

  bs_panel_chart_set_panel (chart, bars);
  bs_panel_chart_set_frame (chart, by_region);
  g_assert_cmpint (bs_panel_chart_get_kind (chart), ==, BS_PANEL_KIND_BAR);
  /* East (null) and West (NaN) have no value to draw. */
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 3);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==,
                   "Bar chart of 3 values, largest first. South: $4.8K. North: $1.2K. "
                   "Central: −$300.");

  /* A time series of a frame without times: drawn as bars, and said so. */
  bs_panel_chart_set_panel (chart, timeseries);
  g_assert_true (g_str_has_prefix (bs_panel_chart_get_summary (chart), "Bar chart of 3 values"));

  bs_panel_chart_set_panel (chart, pie);
  g_assert_cmpint (bs_panel_chart_get_kind (chart), ==, BS_PANEL_KIND_PIE);
  /* A share has no negative part: Central is left out. */
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 2);
  g_assert_true (g_str_has_prefix (bs_panel_chart_get_summary (chart), "Pie chart of 2 slices."));
  g_assert_nonnull (strstr (bs_panel_chart_get_summary (chart), "South  4.8 K  80%"));

  bs_panel_chart_set_panel (chart, stat);
  bs_panel_chart_set_frame (chart, single);
  g_assert_cmpint (bs_panel_chart_get_kind (chart), ==, BS_PANEL_KIND_STAT);
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 1);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "value: $48.2K");

  bs_panel_chart_set_panel (chart, table);
  g_assert_cmpint (bs_panel_chart_get_kind (chart), ==, BS_PANEL_KIND_TABLE);
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 0);

  bs_panel_chart_set_frame (chart, NULL);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "No data yet");
  g_object_unref (chart);
}

static void
set_reducer (BsDashboardPanel *panel,
             const char       *reducer)
{
  g_autofree char *json = g_strdup_printf ("{\"reduceOptions\": {\"calcs\": [\"%s\"]}}",
                                           reducer);
  g_autoptr(JsonNode) options = json_from_string (json, NULL);

  json_object_set_member (panel->json, "options", json_node_copy (options));
}

/* A stat reduces a series to one value as the panel says, the last one by default; last
 * and first in time, not in the order the rows came. */
static void
test_reducers (void)
{
  g_autoptr(JsonObject) frame = frame_from (
    "{\"columns\":[{\"name\":\"bucket\",\"type\":\"time\"},"
    "            {\"name\":\"orders\",\"type\":\"integer\"}],"
    " \"rows\":[[\"2026-11-24 12:00:00\",2.5],[\"2026-11-24 11:00:00\",null],"
    "          [\"2026-11-24 13:00:00\",4],[\"2026-11-24 10:00:00\",1]]}");
  g_autoptr(BsDashboardPanel) panel = panel_new ("stat", "none");
  const char *const cases[][2] = {
    { "lastNotNull", "orders: 4" }, { "sum", "orders: 7.5" }, { "mean", "orders: 2.5" },
    { "max", "orders: 4" }, { "min", "orders: 1" }, { "firstNotNull", "orders: 1" },
    { "count", "orders: 3" }, { "someday", "orders: 4" },
  };
  BsPanelChart *chart = chart_new (panel, frame);

  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "orders: 4");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      set_reducer (panel, cases[i][0]);
      bs_panel_chart_set_panel (chart, panel);
      g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, cases[i][1]);
    }
  g_object_unref (chart);
}

/* An hour without rows is 0 orders, so a count's line dips there; an average's breaks (its
 * value is unknown). */
static void
test_zero_fill (void)
{
  g_autoptr(JsonObject) frame = frame_from (
    "{\"columns\":[{\"name\":\"bucket\",\"type\":\"time\"},"
    "            {\"name\":\"orders\",\"type\":\"integer\"}],"
    " \"rows\":[[\"2026-11-24 10:00:00\",1],[\"2026-11-24 12:00:00\",3],"
    "          [\"2026-11-24 13:00:00\",4]]}");
  g_autoptr(BsDashboardPanel) panel = panel_new ("stat", "none");
  g_autoptr(BsQuery) query = bs_query_new (1, "orders");
  BsPanelChart *chart;

  bs_query_set_time (query, "ordered_at", BS_QUERY_RANGE_LAST_HOURS, 6);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  bs_dashboard_panel_set_query (panel, "A", query);
  set_reducer (panel, "min");
  chart = chart_new (panel, frame);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "orders: 0");
  set_reducer (panel, "count");
  bs_panel_chart_set_panel (chart, panel);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "orders: 4");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
  query->aggregation = BS_QUERY_AGGREGATION_AVERAGE;
  bs_dashboard_panel_set_query (panel, "A", query);
  bs_panel_chart_set_panel (chart, panel);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "orders: 3");
  set_reducer (panel, "min");
  bs_panel_chart_set_panel (chart, panel);
  g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "orders: 1");
  g_object_unref (chart);
}

/* Frames that are wrong or empty in every way we could think of: nothing to draw, no crash,
 * and words that say so. */
static void
test_odd_frames (void)
{
  const char *const frames[] = {
    "{}",
    "{\"columns\": 3, \"rows\": \"no\"}",
    "{\"columns\":[],\"rows\":[]}",
    "{\"columns\":[{\"name\":\"name\",\"type\":\"text\"}],\"rows\":[[\"x\"]]}",
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[]}",
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[null],[\"NaN\"],"
    "[\"+Inf\"],7,{\"a\":1},[]]}",
    "{\"columns\":[{\"name\":\"t\",\"type\":\"time\"},{\"name\":\"value\",\"type\":\"number\"}],"
    "\"rows\":[[\"yesterday\",1],[null,2],[\"2026-11-24 10:00:00\"]]}",
    "{\"columns\":[\"bucket\", {\"type\": 4}, {}],\"rows\":[[1,2,3]]}",
  };
  const char *const types[] = { "timeseries", "barchart", "stat", "gauge", "piechart" };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    for (guint f = 0; f < G_N_ELEMENTS (frames); f++)
      {
        g_autoptr(BsDashboardPanel) panel = panel_new (types[t], "short");
        g_autoptr(JsonObject) frame = frame_from (frames[f]);
        BsPanelChart *chart = chart_new (panel, frame);
        cairo_surface_t *surface;

        g_test_message ("%s: %s", types[t], frames[f]);
        g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 0);
        g_assert_cmpstr (bs_panel_chart_get_summary (chart), ==, "No values to show");
        if (f % 3 == 0)
          {
            surface = draw_chart (chart, 200, 120);
            cairo_surface_destroy (surface);
          }
        g_object_unref (chart);
      }
}

static void
test_draw_timeseries (void)
{
  g_autoptr(JsonObject) frame = series_frame (3, 14);
  g_autoptr(BsDashboardPanel) panel = panel_new ("timeseries", "currencyUSD");
  BsPanelChart *chart;
  cairo_surface_t *surface;

  add_thresholds (panel, 11000);
  chart = chart_new (panel, frame);
  surface = draw_chart (chart, 560, 300);
  save (surface, "panel-chart-timeseries.png");
  g_assert_cmpuint (count_colors (surface), >=, 12);
  /* The three series in Grafana's first three colours, their points drawn solid. */
  g_assert_cmpuint (count_color (surface, "#73BF69", FALSE), >=, 20);
  g_assert_cmpuint (count_color (surface, "#F2CC0C", FALSE), >=, 20);
  g_assert_cmpuint (count_color (surface, "#5794F2", FALSE), >=, 20);
  /* The threshold's dashed line. */
  g_assert_cmpuint (count_color (surface, "red", FALSE), >=, 40);
  cairo_surface_destroy (surface);
  g_object_unref (chart);
}

static void
test_draw_bar_and_pie (void)
{
  g_autoptr(JsonObject) frame = frame_from (
    "{\"columns\":[{\"name\":\"category\",\"type\":\"text\"},"
    "            {\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"Coffee\",1200.5],[\"Tea\",4800],[\"Pastries\",2300],[\"Merchandise\",640]]}");
  g_autoptr(BsDashboardPanel) bars = panel_new ("barchart", "currencyUSD");
  g_autoptr(BsDashboardPanel) pie = panel_new ("piechart", "currencyUSD");
  BsPanelChart *chart = chart_new (bars, frame);
  cairo_surface_t *surface = draw_chart (chart, 480, 220);

  save (surface, "panel-chart-bar.png");
  g_assert_cmpuint (count_color (surface, "#73BF69", FALSE), >=, 400);
  cairo_surface_destroy (surface);
  g_object_unref (chart);

  set_option (pie, "pieType", "donut");
  chart = chart_new (pie, frame);
  surface = draw_chart (chart, 480, 240);
  save (surface, "panel-chart-pie.png");
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (count_color (surface, (const char *[]) { "#73BF69", "#F2CC0C", "#5794F2",
                                                               "#FF9830" }[i], FALSE), >=, 200);
  cairo_surface_destroy (surface);
  g_object_unref (chart);
}

/* A stat in a panel of 6 × 4 cells: the threshold's colour shows over the threshold and
 * not under it. */
static void
test_draw_stat (void)
{
  g_autoptr(JsonObject) high = frame_from (
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[150]]}");
  g_autoptr(JsonObject) low = frame_from (
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[42]]}");
  g_autoptr(JsonObject) daily = series_frame (1, 14);
  g_autoptr(BsDashboardPanel) panel = panel_new ("stat", "none");
  BsPanelChart *chart;
  cairo_surface_t *surface;

  add_thresholds (panel, 100);
  chart = chart_new (panel, high);
  surface = draw_chart (chart, 220, 120);
  save (surface, "panel-chart-stat-over.png");
  g_assert_cmpuint (count_color (surface, "red", FALSE), >=, 100);
  g_assert_cmpuint (count_color (surface, "green", FALSE), ==, 0);
  cairo_surface_destroy (surface);

  /* The same in the dark style, in the dark style's red. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  surface = draw_chart (chart, 220, 120);
  save (surface, "panel-chart-stat-over-dark.png");
  g_assert_cmpuint (count_color (surface, "red", TRUE), >=, 100);
  cairo_surface_destroy (surface);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  bs_panel_chart_set_frame (chart, low);
  surface = draw_chart (chart, 220, 120);
  g_assert_cmpuint (count_color (surface, "green", FALSE), >=, 100);
  g_assert_cmpuint (count_color (surface, "red", FALSE), ==, 0);
  cairo_surface_destroy (surface);

  /* The background mode fills the panel with the colour; a sparkline with times. */
  set_option (panel, "colorMode", "background");
  bs_panel_chart_set_panel (chart, panel);
  bs_panel_chart_set_frame (chart, daily);
  surface = draw_chart (chart, 220, 120);
  save (surface, "panel-chart-stat-background.png");
  g_assert_cmpuint (count_color (surface, "red", FALSE), >=, 220 * 120 / 4);
  cairo_surface_destroy (surface);
  g_object_unref (chart);
}

static void
test_draw_gauge (void)
{
  g_autoptr(JsonObject) frame = frame_from (
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[72.5]]}");
  g_autoptr(BsDashboardPanel) panel = panel_new ("gauge", "percent");
  BsPanelChart *chart;
  cairo_surface_t *surface;

  panel->has_thresholds = TRUE;
  bs_dashboard_panel_add_threshold (panel, -INFINITY, "green");
  bs_dashboard_panel_add_threshold (panel, 60, "#EAB839");
  bs_dashboard_panel_add_threshold (panel, 90, "red");
  chart = chart_new (panel, frame);
  surface = draw_chart (chart, 260, 220);
  save (surface, "panel-chart-gauge.png");
  /* The arc in the colour of the step the value is in, and the bands of all three. */
  g_assert_cmpuint (count_color (surface, "#EAB839", FALSE), >=, 300);
  g_assert_cmpuint (count_color (surface, "green", FALSE), >=, 20);
  g_assert_cmpuint (count_color (surface, "red", FALSE), >=, 10);
  g_assert_nonnull (strstr (bs_panel_chart_get_summary (chart),
                            "72.5% on a scale from 0% to 100%"));
  cairo_surface_destroy (surface);
  g_object_unref (chart);
}

/* Every kind from the smallest panel to a wall screen: drawn, and something drawn. */
static void
test_sizes (void)
{
  g_autoptr(JsonObject) many = series_frame (5, 20);
  const char *const types[] = { "timeseries", "barchart", "stat", "gauge", "piechart" };
  const int sizes[][2] = { { 60, 40 }, { 150, 90 }, { 300, 160 }, { 1400, 800 } };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
      {
        g_autoptr(BsDashboardPanel) panel = panel_new (types[t], "currencyUSD");
        BsPanelChart *chart = chart_new (panel, many);
        g_autofree char *name = g_strdup_printf ("panel-chart-size-%s-%d.png", types[t],
                                                 sizes[z][0]);
        cairo_surface_t *surface;

        add_thresholds (panel, 9000);
        bs_panel_chart_set_panel (chart, panel);
        surface = draw_chart (chart, sizes[z][0], sizes[z][1]);
        save (surface, name);
        /* The card and its title are 3 or 4 colours; a chart adds its own. */
        if (sizes[z][1] >= 90)
          {
            g_assert_cmpuint (count_colors (surface), >=, 8);
            /* The series' colour, or for a stat and a gauge that of its threshold step. */
            g_assert_cmpuint (count_color (surface, t == 2 || t == 3 ? "green" : "#73BF69",
                                           FALSE), >, 0);
          }
        cairo_surface_destroy (surface);
        g_object_unref (chart);
      }
}

static double
snapshot_ms (BsPanelChart *chart)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gint64 start = g_get_monotonic_time ();
  GskRenderNode *node;

  cairo_surface_t *surface;
  cairo_t *cr;
  double elapsed;

  /* Built and drawn, as the cairo renderer does. */
  GTK_WIDGET_GET_CLASS (chart)->snapshot (GTK_WIDGET (chart), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        gtk_widget_get_width (GTK_WIDGET (chart)),
                                        gtk_widget_get_height (GTK_WIDGET (chart)));
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  cairo_surface_destroy (surface);
  gsk_render_node_unref (node);
  return elapsed;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  return (*(double *) a > *(double *) b) - (*(double *) a < *(double *) b);
}

/* Many series in a small panel: the legend counts what it cannot show. And a dashboard
 * redraws its charts when a panel is resized: a big one must not take a frame's time. */
static void
test_many_series (void)
{
  g_autoptr(JsonObject) frame = series_frame (5, 90);
  g_autoptr(BsDashboardPanel) panel = panel_new ("timeseries", "currencyUSD");
  BsPanelChart *chart = chart_new (panel, frame);
  cairo_surface_t *surface;
  double times[21];
  GtkWidget *window;

  surface = draw_chart (chart, 260, 190);
  save (surface, "panel-chart-timeseries-small.png");
  g_assert_cmpuint (count_color (surface, "#73BF69", FALSE), >, 0);
  cairo_surface_destroy (surface);

  /* Drawn again and again at the size of half a dashboard. */
  window = gtk_window_new ();
  gtk_widget_set_size_request (GTK_WIDGET (chart), 900, 400);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  bs_test_wait_until (never, NULL, 300);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    times[i] = snapshot_ms (chart);
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  g_test_message ("A 900 × 400 time series of 5 × 90 points: median %.2f ms to draw",
                  times[G_N_ELEMENTS (times) / 2]);
  g_assert_cmpfloat (times[G_N_ELEMENTS (times) / 2], <, MAX_DRAW_MS);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (chart);
}

static gboolean
ask_tooltip (BsPanelChart *chart,
             int           x,
             int           y)
{
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (chart, "query-tooltip", x, y, FALSE, tooltip, &shown);
  g_object_unref (tooltip);
  return shown;
}

/* Pointing at a time gives its values, at a bar its value; the margins, nothing. */
static void
test_tooltips (void)
{
  g_autoptr(JsonObject) series = series_frame (3, 14);
  g_autoptr(JsonObject) bars = frame_from (
    "{\"columns\":[{\"name\":\"category\",\"type\":\"text\"},"
    "            {\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"Coffee\",1200.5],[\"Tea\",4800]]}");
  g_autoptr(BsDashboardPanel) timeseries = panel_new ("timeseries", "currencyUSD");
  g_autoptr(BsDashboardPanel) bar = panel_new ("barchart", "currencyUSD");
  BsPanelChart *chart = chart_new (timeseries, series);
  GtkWidget *window = gtk_window_new ();

  gtk_widget_set_size_request (GTK_WIDGET (chart), 600, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  bs_test_wait_until (never, NULL, 300);

  g_assert_true (ask_tooltip (chart, 300, 150));
  g_assert_false (ask_tooltip (chart, 2, 150));
  g_assert_false (ask_tooltip (chart, 300, 299));

  bs_panel_chart_set_panel (chart, bar);
  bs_panel_chart_set_frame (chart, bars);
  g_assert_true (ask_tooltip (chart, 300, 10));
  g_assert_false (ask_tooltip (chart, 300, 290));

  bs_panel_chart_set_frame (chart, NULL);
  g_assert_false (ask_tooltip (chart, 300, 10));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (chart);
}

/* Frames from a real engine on the demo data. */
static JsonObject *
run_query (BsTestEngine  *engine,
           BsQuery       *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_value (builder, bs_query_to_json (query));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = bs_test_request (engine->client, "POST", "query", body, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (answer));
}

static void
test_engine_frames (void)
{
  BsTestEngine *engine = bs_test_engine_start_in (root);
  gint64 source = bs_test_find_demo_source (engine->client);
  g_autoptr(BsQuery) by_day = bs_query_new (source, "sales_detail");
  g_autoptr(BsQuery) by_region = bs_query_new (source, "sales_detail");
  g_autoptr(JsonObject) days = NULL;
  g_autoptr(JsonObject) regions = NULL;
  g_autoptr(BsDashboardPanel) timeseries = panel_new ("timeseries", "currencyUSD");
  g_autoptr(BsDashboardPanel) pie = panel_new ("piechart", "currencyUSD");
  BsPanelChart *chart;
  cairo_surface_t *surface;

  bs_query_set_measure (by_day, BS_QUERY_MEASURE_VALUE, "amount");
  bs_query_add_split (by_day, "region");
  bs_query_set_time (by_day, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 30);
  by_day->bucket = BS_QUERY_BUCKET_DAY;
  days = run_query (engine, by_day);
  bs_query_set_measure (by_region, BS_QUERY_MEASURE_VALUE, "amount");
  bs_query_add_split (by_region, "category");
  regions = run_query (engine, by_region);

  chart = chart_new (timeseries, days);
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), ==, 4);
  surface = draw_chart (chart, 640, 320);
  save (surface, "panel-chart-engine-timeseries.png");
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (count_color (surface, (const char *[]) { "#73BF69", "#F2CC0C", "#5794F2",
                                                               "#FF9830" }[i], FALSE), >=, 10);
  cairo_surface_destroy (surface);
  g_object_unref (chart);

  chart = chart_new (pie, regions);
  g_assert_cmpuint (bs_panel_chart_get_n_series (chart), >=, 3);
  surface = draw_chart (chart, 480, 260);
  save (surface, "panel-chart-engine-pie.png");
  g_assert_cmpuint (count_color (surface, "#5794F2", FALSE), >=, 100);
  cairo_surface_destroy (surface);
  g_object_unref (chart);

  bs_test_engine_stop (engine);
}

/* Markdown */

/* GtkLabel reads links itself and gives Pango the rest: a span in their place. */
static gboolean
is_label_markup (const char  *markup,
                 GError     **error)
{
  g_autoptr(GRegex) open = g_regex_new ("<a href=\"[^\"<>]*\">", 0, 0, NULL);
  g_autofree char *spans = g_regex_replace_literal (open, markup, -1, 0, "<span>", 0, NULL);
  g_auto(GStrv) parts = g_strsplit (spans, "</a>", -1);
  g_autofree char *plain = g_strjoinv ("</span>", parts);

  return pango_parse_markup (plain, -1, 0, NULL, NULL, NULL, error);
}

static void
assert_markup (const char *markdown,
               const char *expected)
{
  g_autofree char *markup = bs_markdown_inline_to_markup (markdown);

  g_assert_cmpstr (markup, ==, expected);
  g_assert_true (is_label_markup (markup, NULL));
}

static void
test_markdown_inline (void)
{
  assert_markup ("plain text", "plain text");
  assert_markup ("**bold** and *italic* and __also bold__ and _also italic_",
                 "<b>bold</b> and <i>italic</i> and <b>also bold</b> and <i>also italic</i>");
  assert_markup ("**bold with *italic* inside**", "<b>bold with <i>italic</i> inside</b>");
  assert_markup ("run `make <all> && test`", "run <tt>make &lt;all&gt; &amp;&amp; test</tt>");
  assert_markup ("[Docs](https://example.com/a?b=1&c=2)",
                 "<a href=\"https://example.com/a?b=1&amp;c=2\">Docs</a>");
  assert_markup ("[**Bold** link](http://x.org)", "<a href=\"http://x.org\"><b>Bold</b> link</a>");
  /* Only web and mail links: anything else is the text it is. */
  assert_markup ("[x](javascript:alert(1))", "[x](javascript:alert(1))");
  assert_markup ("[x](file:///etc/passwd)", "[x](file:///etc/passwd)");
  /* No HTML: escaped, every character. */
  assert_markup ("<b>not bold</b> & <script>", "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;");
  assert_markup ("snake_case_name and 2 * 3 * 4", "snake_case_name and 2 * 3 * 4");
  assert_markup ("**unclosed and *also", "**unclosed and *also");
  assert_markup ("\\*not italic\\*", "*not italic*");
  assert_markup ("`", "`");
  assert_markup ("", "");
  assert_markup ("Ünïcödé **ß**", "Ünïcödé <b>ß</b>");
}

/* Whatever is typed, the markup is valid Pango markup. */
static void
test_markdown_fuzz (void)
{
  const char alphabet[] = "ab *_`[]()#-\\<>&\"'\n:/.é";

  for (guint c = 0; c < 3000; c++)
    {
      guint length = g_test_rand_int_range (0, 40);
      GString *text = g_string_new (NULL);
      g_autofree char *markup = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < length; i++)
        {
          guint k = g_test_rand_int_range (0, sizeof alphabet - 1);

          /* "é" is two bytes: take both, or a space. */
          if ((guchar) alphabet[k] >= 0x80)
            g_string_append (text, "é");
          else
            g_string_append_c (text, alphabet[k]);
        }
      if (g_test_rand_bit ())
        g_string_append (text, "[a](https://b.c)");
      markup = bs_markdown_inline_to_markup (text->str);
      if (!is_label_markup (markup, &error))
        g_error ("“%s” gave “%s”: %s", text->str, markup, error->message);
      g_string_free (text, TRUE);
    }
}

static guint
count_children (GtkWidget *box,
                GType      type,
                const char *css_class)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
        (css_class == NULL || gtk_widget_has_css_class (child, css_class)))
      n++;
  return n;
}

static GtkWidget *
markdown_box (GtkWidget *view)
{
  GtkWidget *scrolled = gtk_widget_get_first_child (view);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  return gtk_viewport_get_child (GTK_VIEWPORT (viewport));
}

static const char sample_markdown[] =
  "# Sales this week\n"
  "Revenue is **up 12%** on last week, see the [sales guide](https://example.com/guide).\n"
  "Second line of the same paragraph.\n"
  "\n"
  "## What to watch\n"
  "- Stock of *oat milk* in `North`\n"
  "- Weekend staffing\n"
  "1. Call suppliers\n"
  "2. Check the <b>tags</b>\n"
  "\n"
  "---\n"
  "### Notes\n"
  "```\n"
  "SELECT * FROM sales;\n"
  "```\n";

static void
test_markdown_blocks (void)
{
  GtkWidget *view = g_object_ref_sink (bs_markdown_view_new ());
  GtkWidget *box = markdown_box (view);
  GtkWidget *first;

  bs_markdown_view_set_text (BS_MARKDOWN_VIEW (view), sample_markdown);
  g_assert_cmpuint (count_children (box, GTK_TYPE_LABEL, "title-2"), ==, 1);
  g_assert_cmpuint (count_children (box, GTK_TYPE_LABEL, "title-3"), ==, 1);
  g_assert_cmpuint (count_children (box, GTK_TYPE_LABEL, "heading"), ==, 1);
  g_assert_cmpuint (count_children (box, GTK_TYPE_LABEL, "monospace"), ==, 1);
  g_assert_cmpuint (count_children (box, GTK_TYPE_SEPARATOR, NULL), ==, 1);
  /* Four list items, each a row of its marker and text. */
  g_assert_cmpuint (count_children (box, GTK_TYPE_BOX, NULL), ==, 4);
  first = gtk_widget_get_first_child (box);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (first)), ==, "Sales this week");
  first = gtk_widget_get_next_sibling (first);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (first)), ==,
                   "Revenue is up 12% on last week, see the sales guide. "
                   "Second line of the same paragraph.");
  /* 11 blocks in all: 3 headings, 1 paragraph, 4 items, the rule, the code. */
  g_assert_cmpuint (count_children (box, GTK_TYPE_WIDGET, NULL), ==, 10);

  /* Set again: the old blocks go. */
  bs_markdown_view_set_text (BS_MARKDOWN_VIEW (view), "Just *this*.");
  g_assert_cmpuint (count_children (box, GTK_TYPE_WIDGET, NULL), ==, 1);
  bs_markdown_view_set_text (BS_MARKDOWN_VIEW (view), NULL);
  g_assert_cmpuint (count_children (box, GTK_TYPE_WIDGET, NULL), ==, 0);
  g_object_unref (view);
}

/* A gallery for a person to look at */

static GtkWidget *
gallery_chart (const char *type,
               const char *unit,
               JsonObject *frame,
               double      red_from,
               const char *color_mode)
{
  g_autoptr(BsDashboardPanel) panel = panel_new (type, unit);
  GtkWidget *chart = bs_panel_chart_new ();

  if (isfinite (red_from))
    add_thresholds (panel, red_from);
  if (color_mode != NULL)
    set_option (panel, "colorMode", color_mode);
  bs_panel_chart_set_panel (BS_PANEL_CHART (chart), panel);
  bs_panel_chart_set_frame (BS_PANEL_CHART (chart), frame);
  return chart;
}

static GtkWidget *
gallery (void)
{
  g_autoptr(JsonObject) series = series_frame (4, 30);
  g_autoptr(JsonObject) one = series_frame (1, 30);
  g_autoptr(JsonObject) categories = frame_from (
    "{\"columns\":[{\"name\":\"category\",\"type\":\"text\"},"
    "            {\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"Coffee\",1200.5],[\"Tea\",4800],[\"Pastries\",2300],[\"Merchandise\",640],"
    "          [\"Gift cards and other very long category names\",310]]}");
  g_autoptr(JsonObject) percent = frame_from (
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[72.5]]}");
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *markdown = bs_markdown_view_new ();
  GtkWidget *icons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  guint n_types;
  const BsPanelTypeInfo *types = bs_panel_types (&n_types);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  g_object_set (grid, "margin-start", 12, "margin-end", 12, "margin-top", 12,
                "margin-bottom", 12, NULL);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("stat", "currencyUSD", one, 9000,
                                                         NULL), "Revenue today"), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("stat", "short", percent, 50,
                                                         "background"), "Orders"), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("gauge", "percent", percent, 90,
                                                         NULL), "Capacity"), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("timeseries", "currencyUSD", series,
                                                         NAN, NULL), "Revenue by channel"),
                   0, 1, 2, 2);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("barchart", "currencyUSD", categories,
                                                         NAN, NULL), "Top categories"),
                   2, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("timeseries", "short", one, NAN,
                                                         NULL), "Small series"), 3, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), card (gallery_chart ("piechart", "currencyUSD", categories,
                                                         NAN, NULL), "Share by category"),
                   2, 2, 1, 1);
  bs_markdown_view_set_text (BS_MARKDOWN_VIEW (markdown), sample_markdown);
  gtk_grid_attach (GTK_GRID (grid), card (markdown, "Notes"), 3, 2, 1, 1);

  for (guint i = 0; i < n_types; i++)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (types[i].icon_name);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 16);
      gtk_box_append (GTK_BOX (icons), image);
    }
  gtk_widget_set_valign (icons, GTK_ALIGN_CENTER);
  gtk_grid_attach (GTK_GRID (grid), card (icons, "Panel types"), 3, 0, 1, 1);
  return grid;
}

static void
test_gallery (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  cairo_surface_t *surface;

  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Only draws for a person to look at (set BS_TEST_SCREENSHOT_DIR)");
      return;
    }
  for (int scale = 1; scale <= 2; scale++)
    for (int dark = 0; dark <= 1; dark++)
      {
        g_autofree char *name = g_strdup_printf ("panel-chart-gallery-%s-%dx.png",
                                                 dark ? "dark" : "light", scale);

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        surface = draw_window (gallery (), 1200, 700, scale);
        g_assert_cmpuint (count_colors (surface), >=, 40);
        save (surface, name);
        cairo_surface_destroy (surface);
      }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Times on show are in local time; make that UTC, for the engine too. */
  g_setenv ("TZ", "UTC", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PATH "/icons");

  g_test_add_func ("/bs/panel-chart/parse-color", test_parse_color);
  g_test_add_func ("/bs/panel-chart/kinds", test_kinds);
  g_test_add_func ("/bs/panel-chart/reducers", test_reducers);
  g_test_add_func ("/bs/panel-chart/zero-fill", test_zero_fill);
  g_test_add_func ("/bs/panel-chart/odd-frames", test_odd_frames);
  g_test_add_func ("/bs/panel-chart/timeseries", test_draw_timeseries);
  g_test_add_func ("/bs/panel-chart/bar-and-pie", test_draw_bar_and_pie);
  g_test_add_func ("/bs/panel-chart/stat", test_draw_stat);
  g_test_add_func ("/bs/panel-chart/gauge", test_draw_gauge);
  g_test_add_func ("/bs/panel-chart/sizes", test_sizes);
  g_test_add_func ("/bs/panel-chart/many-series", test_many_series);
  g_test_add_func ("/bs/panel-chart/tooltips", test_tooltips);
  g_test_add_func ("/bs/panel-chart/engine", test_engine_frames);
  g_test_add_func ("/bs/markdown/inline", test_markdown_inline);
  g_test_add_func ("/bs/markdown/fuzz", test_markdown_fuzz);
  g_test_add_func ("/bs/markdown/blocks", test_markdown_blocks);
  g_test_add_func ("/bs/panel-chart/gallery", test_gallery);

  status = g_test_run ();
  bs_test_remove_tree (root);
  g_free (root);
  return status;
}
