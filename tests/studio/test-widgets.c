/* The Studio's own widgets on their own: a KPI card tells a change in words, an arrow and a
 * colour; the sales chart draws, and tells its trend to assistive technologies.
 */
#define G_LOG_DOMAIN "bs-test-widgets"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bs-kpi-card.h"
#include "bs-sales-chart.h"
#include "bs-studio-test-util.h"
#include "bs-tile-grid.h"

static GtkWidget *
change_box_of (BsKpiCard *card)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (card), BS_TYPE_KPI_CARD,
                                                    "change_box"));
}

static void
test_kpi_card_change (void)
{
  GtkWidget *card = g_object_ref_sink (bs_kpi_card_new ());
  GtkWidget *box = change_box_of (BS_KPI_CARD (card));
  GtkWidget *icon = GTK_WIDGET (gtk_widget_get_template_child (card, BS_TYPE_KPI_CARD,
                                                               "change_icon"));

  bs_kpi_card_set_title (BS_KPI_CARD (card), "Sales");
  bs_kpi_card_set_value (BS_KPI_CARD (card), "$110.00");
  g_assert_cmpstr (bs_kpi_card_get_value (BS_KPI_CARD (card)), ==, "$110.00");

  bs_kpi_card_set_change (BS_KPI_CARD (card), 110, 100, "Monday");
  g_assert_cmpstr (bs_kpi_card_get_detail (BS_KPI_CARD (card)), ==, "Up 10.0% from Monday");
  g_assert_true (gtk_widget_has_css_class (box, "success"));
  g_assert_true (gtk_widget_get_visible (icon));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "pan-up-symbolic");

  bs_kpi_card_set_change (BS_KPI_CARD (card), 90, 100, "Monday");
  g_assert_cmpstr (bs_kpi_card_get_detail (BS_KPI_CARD (card)), ==, "Down 10.0% from Monday");
  g_assert_true (gtk_widget_has_css_class (box, "error"));
  g_assert_false (gtk_widget_has_css_class (box, "success"));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "pan-down-symbolic");

  /* For stock running out, a rise is bad news. */
  bs_kpi_card_set_higher_is_better (BS_KPI_CARD (card), FALSE);
  bs_kpi_card_set_change (BS_KPI_CARD (card), 12, 10, "Monday");
  g_assert_true (gtk_widget_has_css_class (box, "error"));

  bs_kpi_card_set_change (BS_KPI_CARD (card), 100, 100, "Monday");
  g_assert_cmpstr (bs_kpi_card_get_detail (BS_KPI_CARD (card)), ==, "Same as Monday");
  g_assert_false (gtk_widget_get_visible (icon));

  bs_kpi_card_set_change (BS_KPI_CARD (card), 100, 0, "Monday");
  g_assert_cmpstr (bs_kpi_card_get_detail (BS_KPI_CARD (card)), ==,
                   "Nothing on Monday to compare with");

  g_object_unref (card);
}

static const char *days[] = {
  "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-14", "2026-11-15", "2026-11-16",
  "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22",
  "2026-11-23", "2026-11-24",
};

static void
test_sales_chart_summary (void)
{
  GtkWidget *chart = g_object_ref_sink (bs_sales_chart_new ());
  double rising[G_N_ELEMENTS (days)];
  double falling[G_N_ELEMENTS (days)];
  const char *summary;

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      rising[i] = 40000 + 1000 * i + (i % 3) * 500;
      falling[i] = 60000 - 1500 * i;
    }

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chart)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);

  bs_sales_chart_set_sales (BS_SALES_CHART (chart), days, rising, G_N_ELEMENTS (days), "USD");
  summary = bs_sales_chart_get_summary (BS_SALES_CHART (chart));
  g_test_message ("%s", summary);
  g_assert_cmpuint (bs_sales_chart_get_n_days (BS_SALES_CHART (chart)), ==, 14);
  g_assert_nonnull (strstr (summary, "14 days"));
  g_assert_nonnull (strstr (summary, "rising"));
  g_assert_nonnull (strstr (summary, "Tuesday 24 November"));
  /* The last day is the highest: 40,000 + 13,000 + 500. */
  g_assert_nonnull (strstr (summary, "Highest $53,500.00 on Tuesday 24 November"));

  bs_sales_chart_set_sales (BS_SALES_CHART (chart), days, falling, G_N_ELEMENTS (days), "USD");
  g_assert_nonnull (strstr (bs_sales_chart_get_summary (BS_SALES_CHART (chart)), "falling"));

  bs_sales_chart_set_sales (BS_SALES_CHART (chart), NULL, NULL, 0, "USD");
  g_assert_cmpuint (bs_sales_chart_get_n_days (BS_SALES_CHART (chart)), ==, 0);

  g_object_unref (chart);
}

static gboolean
has_size (gpointer user_data)
{
  return gtk_widget_get_width (GTK_WIDGET (user_data)) > 0;
}

/* Renders the chart in a window and looks at the pixels: bars in the accent colour. */
static void
test_sales_chart_draws (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = bs_sales_chart_new ();
  double amounts[G_N_ELEMENTS (days)];
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width, height;
  guint accent_pixels = 0;
  GMainContext *context = g_main_context_default ();

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    amounts[i] = 30000 + 2000 * i;

  bs_sales_chart_set_sales (BS_SALES_CHART (chart), days, amounts, G_N_ELEMENTS (days), "USD");
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 240);
  gtk_window_present (GTK_WINDOW (window));
  while (!has_size (chart))
    g_main_context_iteration (context, TRUE);

  width = gtk_widget_get_width (chart);
  height = gtk_widget_get_height (chart);
  paintable = gtk_widget_paintable_new (chart);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  pixels = g_malloc (width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i++)
    {
      /* Cairo's ARGB32 in memory: B, G, R, A. Adwaita's accent is blue. */
      guchar b = pixels[i * 4], g = pixels[i * 4 + 1], r = pixels[i * 4 + 2];

      if (b > 150 && b > r + 60 && b > g + 20)
        accent_pixels++;
    }
  g_test_message ("%u of %d pixels in the accent colour", accent_pixels, width * height);
  g_assert_cmpuint (accent_pixels, >, (guint) (width * height) / 50);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_tile_grid_columns (void)
{
  GtkWidget *grid = g_object_ref_sink (bs_tile_grid_new ());

  bs_tile_grid_set_spacing (BS_TILE_GRID (grid), 10);
  bs_tile_grid_set_min_tile_width (BS_TILE_GRID (grid), 100);
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *tile = gtk_label_new ("x");

      gtk_widget_set_size_request (tile, 50, 40);
      gtk_widget_set_parent (tile, grid);
    }

  /* Four tiles: four, two or one a row, never three. */
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 430), ==, 4);
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 429), ==, 2);
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 330), ==, 2);
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 210), ==, 2);
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 209), ==, 1);

  /* A tile that needs more room than the minimum gets it. */
  gtk_widget_set_size_request (gtk_widget_get_first_child (grid), 150, 40);
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 430), ==, 2);
  g_assert_cmpuint (bs_tile_grid_get_columns (BS_TILE_GRID (grid), 630), ==, 4);

  g_object_unref (grid);
}

int
main (int   argc,
      char *argv[])
{
  bs_test_disable_gl ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/bs/kpi-card/change", test_kpi_card_change);
  g_test_add_func ("/bs/sales-chart/summary", test_sales_chart_summary);
  g_test_add_func ("/bs/sales-chart/draws", test_sales_chart_draws);
  g_test_add_func ("/bs/tile-grid/columns", test_tile_grid_columns);

  return g_test_run ();
}
