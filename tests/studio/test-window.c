/* The Studio's main window against a real engine, found through the discovery file the way
 * the application finds it: the sidebar, switching workbenches, the figures on Home, the
 * tables on Data.
 */
#define G_LOG_DOMAIN "bs-test-window"

#include "config.h"

#include <adwaita.h>

#include "bs-application.h"
#include "bs-data-page.h"
#include "bs-data-source-group.h"
#include "bs-format.h"
#include "bs-home-page.h"
#include "bs-kpi-card.h"
#include "bs-sales-chart.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestStudio studio;

static gboolean
home_has_figures (gpointer user_data)
{
  return bs_home_page_get_day (BS_HOME_PAGE (user_data)) != NULL;
}

static JsonObject *
fetch_object (const char *path,
              JsonNode  **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = bs_test_request (studio.engine->client, "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*keep));

  return json_node_get_object (*keep);
}

static void
test_opens_connected (void)
{
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (studio.window)));
  g_assert_true (bs_test_wait_connected (studio.window));
  g_assert_null (bs_window_get_error_message (studio.window));
}

static void
test_sidebar_lists_workbenches (void)
{
  GtkWidget *list = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "sidebar_list");
  const char *expected[] = { "home", "dashboards", "alerts", "data" };
  guint n = 0;

  g_assert_true (gtk_widget_has_css_class (list, "navigation-sidebar"));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row) || !gtk_widget_get_visible (row))
        continue;
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (gtk_widget_get_name (row), ==, expected[n]);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
}

static void
test_switches_workbench (void)
{
  GtkListBoxRow *data_row = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "data_row");
  GtkListBoxRow *home_row = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_row");
  GtkStack *stack = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "workbench_stack");
  GtkListBox *list = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "sidebar_list");
  GSettings *settings = bs_application_get_settings (studio.application);
  g_autofree char *remembered = NULL;

  bs_window_set_workbench (studio.window, "home");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "home");

  g_signal_emit_by_name (list, "row-activated", data_row);
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "data");
  g_assert_true (BS_IS_DATA_PAGE (gtk_stack_get_visible_child (stack)));
  remembered = g_settings_get_string (settings, "last-workbench");
  g_assert_cmpstr (remembered, ==, "data");
  g_clear_pointer (&remembered, g_free);

  /* Alt+1 and Alt+2 are bindings of this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.show-workbench",
                                             "s", "home"));
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "home");
  g_assert_true (gtk_list_box_get_selected_row (list) == home_row);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.show-workbench",
                                             "s", "data"));
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "data");
  g_assert_true (gtk_list_box_get_selected_row (list) == data_row);
  remembered = g_settings_get_string (settings, "last-workbench");
  g_assert_cmpstr (remembered, ==, "data");

  bs_window_set_workbench (studio.window, "home");
}

static const char *
card_value (BsHomePage *home,
            const char *card)
{
  return bs_kpi_card_get_value (bs_test_template_child (home, BS_TYPE_HOME_PAGE, card));
}

static double
figure (JsonObject *figures,
        const char *name,
        const char *member)
{
  return json_object_get_double_member (json_object_get_object_member (figures, name), member);
}

static void
test_home_shows_engine_figures (void)
{
  BsHomePage *home = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_page");
  BsSalesChart *chart = bs_test_template_child (home, BS_TYPE_HOME_PAGE, "sales_chart");
  GtkLabel *day_label = bs_test_template_child (home, BS_TYPE_HOME_PAGE, "day_label");
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *figures;
  const char *currency;
  g_autofree char *sales = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *average = NULL;
  g_autofree char *low_stock = NULL;
  g_autofree char *day_title = NULL;

  g_assert_true (bs_test_wait_until (home_has_figures, home, BS_TEST_ENGINE_TIMEOUT_MS));

  figures = fetch_object ("home", &keep);
  currency = json_object_get_string_member (figures, "currency");
  sales = bs_format_money (figure (figures, "sales", "amount"), currency);
  orders = bs_format_count (figure (figures, "orders", "count"));
  average = bs_format_money (figure (figures, "average_order", "amount"), currency);
  low_stock = bs_format_count (figure (figures, "low_stock", "count"));

  g_assert_cmpstr (bs_home_page_get_day (home), ==, json_object_get_string_member (figures, "day"));
  g_assert_cmpstr (card_value (home, "sales_card"), ==, sales);
  g_assert_cmpstr (card_value (home, "orders_card"), ==, orders);
  g_assert_cmpstr (card_value (home, "average_card"), ==, average);
  g_assert_cmpstr (card_value (home, "low_stock_card"), ==, low_stock);
  g_assert_cmpuint (bs_sales_chart_get_n_days (chart), ==,
                    json_array_get_length (json_object_get_array_member (figures, "sales_by_day")));
  g_assert_nonnull (bs_sales_chart_get_summary (chart));

  /* The page says which day the figures are for. */
  day_title = json_object_get_boolean_member (figures, "is_today")
              ? g_strdup ("Today")
              : bs_format_day (json_object_get_string_member (figures, "day"));
  g_assert_cmpstr (gtk_label_get_label (day_label), ==, day_title);

  /* Refresh (F5) asks again and lands on the same figures. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.refresh", NULL));
  g_assert_true (bs_test_wait_until (home_has_figures, home, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (card_value (home, "sales_card"), ==, sales);
}

typedef struct
{
  BsDataPage *page;
  int         n_sources;
} DataWait;

static gboolean
data_loaded (gpointer user_data)
{
  DataWait *wait = user_data;
  GtkBox *box = bs_test_template_child (wait->page, BS_TYPE_DATA_PAGE, "sources_box");

  if (bs_data_page_get_n_sources (wait->page) != wait->n_sources)
    return FALSE;

  for (GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (box)); group != NULL;
       group = gtk_widget_get_next_sibling (group))
    if (BS_IS_DATA_SOURCE_GROUP (group) &&
        bs_data_source_group_get_n_tables (BS_DATA_SOURCE_GROUP (group)) < 0)
      return FALSE;

  return TRUE;
}

static void
test_data_lists_sources_and_tables (void)
{
  DataWait wait = { bs_test_template_child (studio.window, BS_TYPE_WINDOW, "data_page"), 0 };
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *sources;
  GtkBox *box;
  guint checked = 0;

  sources = json_object_get_array_member (fetch_object ("datasources", &keep), "items");
  wait.n_sources = json_array_get_length (sources);
  g_assert_cmpint (wait.n_sources, >, 0);

  bs_window_set_workbench (studio.window, "data");
  g_assert_true (bs_test_wait_until (data_loaded, &wait, BS_TEST_ENGINE_TIMEOUT_MS));

  box = bs_test_template_child (wait.page, BS_TYPE_DATA_PAGE, "sources_box");
  for (GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (box)); group != NULL;
       group = gtk_widget_get_next_sibling (group))
    {
      g_autoptr(JsonNode) schema_keep = NULL;
      g_autofree char *path = NULL;
      JsonArray *tables;

      if (!BS_IS_DATA_SOURCE_GROUP (group))
        continue;
      path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema",
                              bs_data_source_group_get_id (BS_DATA_SOURCE_GROUP (group)));
      tables = json_object_get_array_member (fetch_object (path, &schema_keep), "tables");
      g_assert_cmpint (bs_data_source_group_get_n_tables (BS_DATA_SOURCE_GROUP (group)), ==,
                       json_array_get_length (tables));
      checked++;
    }
  g_assert_cmpuint (checked, ==, wait.n_sources);

  bs_window_set_workbench (studio.window, "home");
}

/* Runs last: it closes the window. */
static void
test_remembers_size_on_close (void)
{
  GSettings *settings = bs_application_get_settings (studio.application);

  gtk_window_set_default_size (GTK_WINDOW (studio.window), 640, 480);
  bs_window_set_workbench (studio.window, "data");
  gtk_window_close (GTK_WINDOW (studio.window));
  studio.window = NULL;

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at that size, on that workbench. */
  studio.window = bs_test_open_window (studio.application);
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "data");
  g_assert_true (bs_test_wait_connected (studio.window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bs_test_studio_start (&studio, &argc, &argv, TRUE);

  g_test_add_func ("/bs/window/opens-connected", test_opens_connected);
  g_test_add_func ("/bs/window/sidebar-lists-workbenches", test_sidebar_lists_workbenches);
  g_test_add_func ("/bs/window/switches-workbench", test_switches_workbench);
  g_test_add_func ("/bs/window/home-shows-engine-figures", test_home_shows_engine_figures);
  g_test_add_func ("/bs/window/data-lists-sources-and-tables", test_data_lists_sources_and_tables);
  g_test_add_func ("/bs/window/remembers-size-on-close", test_remembers_size_on_close);

  status = g_test_run ();

  bs_test_studio_stop (&studio);

  return status;
}
