/* The Studio's main window against a real engine, found through the discovery file the way
 * the application finds it: the sidebar, switching workbenches, the figures on Home, the
 * tables on Data, the style and the preferences.
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
#include "bs-preferences-window.h"
#include "bs-sales-chart.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestEngine  *engine;
static BsApplication *application;
static BsWindow      *window;

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
window_on_workbenches (gpointer user_data)
{
  return g_strcmp0 (bs_window_get_page (window), "workbenches") == 0;
}

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

  *keep = bs_test_request (engine->client, "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*keep));

  return json_node_get_object (*keep);
}

static void
test_opens_connected (void)
{
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (bs_test_wait_until (window_on_workbenches, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_null (bs_window_get_error_message (window));
}

static void
test_sidebar_lists_home_and_data (void)
{
  GtkWidget *list = child (window, BS_TYPE_WINDOW, "sidebar_list");
  const char *expected[] = { "home", "data" };
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
  GtkListBoxRow *data_row = child (window, BS_TYPE_WINDOW, "data_row");
  GtkListBoxRow *home_row = child (window, BS_TYPE_WINDOW, "home_row");
  GtkStack *stack = child (window, BS_TYPE_WINDOW, "workbench_stack");
  GtkListBox *list = child (window, BS_TYPE_WINDOW, "sidebar_list");
  GSettings *settings = bs_application_get_settings (application);
  g_autofree char *remembered = NULL;

  bs_window_set_workbench (window, "home");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "home");

  g_signal_emit_by_name (list, "row-activated", data_row);
  g_assert_cmpstr (bs_window_get_workbench (window), ==, "data");
  g_assert_true (BS_IS_DATA_PAGE (gtk_stack_get_visible_child (stack)));
  remembered = g_settings_get_string (settings, "last-workbench");
  g_assert_cmpstr (remembered, ==, "data");
  g_clear_pointer (&remembered, g_free);

  /* Alt+1 and Alt+2 are bindings of this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-workbench", "s", "home"));
  g_assert_cmpstr (bs_window_get_workbench (window), ==, "home");
  g_assert_true (gtk_list_box_get_selected_row (list) == home_row);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-workbench", "s", "data"));
  g_assert_cmpstr (bs_window_get_workbench (window), ==, "data");
  g_assert_true (gtk_list_box_get_selected_row (list) == data_row);
  remembered = g_settings_get_string (settings, "last-workbench");
  g_assert_cmpstr (remembered, ==, "data");

  bs_window_set_workbench (window, "home");
}

static void
test_home_shows_engine_figures (void)
{
  BsHomePage *home = child (window, BS_TYPE_WINDOW, "home_page");
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *figures;
  const char *currency;
  g_autofree char *sales = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *average = NULL;
  g_autofree char *low_stock = NULL;
  g_autofree char *day_title = NULL;
  GtkLabel *day_label;

  g_assert_true (bs_test_wait_until (home_has_figures, home, BS_TEST_ENGINE_TIMEOUT_MS));

  figures = fetch_object ("home", &keep);
  currency = json_object_get_string_member (figures, "currency");
  sales = bs_format_money (json_object_get_double_member (json_object_get_object_member (figures, "sales"),
                                                          "amount"), currency);
  orders = bs_format_count (json_object_get_int_member (json_object_get_object_member (figures, "orders"),
                                                        "count"));
  average = bs_format_money (json_object_get_double_member (json_object_get_object_member (figures,
                                                                                          "average_order"),
                                                            "amount"), currency);
  low_stock = bs_format_count (json_object_get_int_member (json_object_get_object_member (figures,
                                                                                         "low_stock"),
                                                           "count"));

  g_assert_cmpstr (bs_home_page_get_day (home), ==, json_object_get_string_member (figures, "day"));
  g_assert_cmpstr (bs_kpi_card_get_value (child (home, BS_TYPE_HOME_PAGE, "sales_card")), ==, sales);
  g_assert_cmpstr (bs_kpi_card_get_value (child (home, BS_TYPE_HOME_PAGE, "orders_card")), ==, orders);
  g_assert_cmpstr (bs_kpi_card_get_value (child (home, BS_TYPE_HOME_PAGE, "average_card")), ==, average);
  g_assert_cmpstr (bs_kpi_card_get_value (child (home, BS_TYPE_HOME_PAGE, "low_stock_card")), ==,
                   low_stock);
  g_assert_cmpuint (bs_sales_chart_get_n_days (child (home, BS_TYPE_HOME_PAGE, "sales_chart")), ==,
                    json_array_get_length (json_object_get_array_member (figures, "sales_by_day")));
  g_assert_nonnull (bs_sales_chart_get_summary (child (home, BS_TYPE_HOME_PAGE, "sales_chart")));

  /* The page says which day the figures are for. */
  day_label = child (home, BS_TYPE_HOME_PAGE, "day_label");
  day_title = json_object_get_boolean_member (figures, "is_today")
              ? g_strdup ("Today")
              : bs_format_day (json_object_get_string_member (figures, "day"));
  g_assert_cmpstr (gtk_label_get_label (day_label), ==, day_title);

  /* Refresh (F5) asks again and lands on the same figures. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (bs_test_wait_until (home_has_figures, home, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (bs_kpi_card_get_value (child (home, BS_TYPE_HOME_PAGE, "sales_card")), ==, sales);
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
  GtkBox *box = child (wait->page, BS_TYPE_DATA_PAGE, "sources_box");

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
  DataWait wait = { child (window, BS_TYPE_WINDOW, "data_page"), 0 };
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *sources;
  GtkBox *box;
  guint checked = 0;

  sources = json_object_get_array_member (fetch_object ("data-sources", &keep), "items");
  wait.n_sources = json_array_get_length (sources);
  g_assert_cmpint (wait.n_sources, >, 0);

  bs_window_set_workbench (window, "data");
  g_assert_true (bs_test_wait_until (data_loaded, &wait, BS_TEST_ENGINE_TIMEOUT_MS));

  box = child (wait.page, BS_TYPE_DATA_PAGE, "sources_box");
  for (GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (box)); group != NULL;
       group = gtk_widget_get_next_sibling (group))
    {
      g_autoptr(JsonNode) tables_keep = NULL;
      g_autofree char *path = NULL;
      JsonArray *tables;

      if (!BS_IS_DATA_SOURCE_GROUP (group))
        continue;
      path = g_strdup_printf ("data-sources/%" G_GINT64_FORMAT "/tables",
                              bs_data_source_group_get_id (BS_DATA_SOURCE_GROUP (group)));
      tables = json_object_get_array_member (fetch_object (path, &tables_keep), "items");
      g_assert_cmpint (bs_data_source_group_get_n_tables (BS_DATA_SOURCE_GROUP (group)), ==,
                       json_array_get_length (tables));
      checked++;
    }
  g_assert_cmpuint (checked, ==, wait.n_sources);

  bs_window_set_workbench (window, "home");
}

static void
test_style_follows_setting (void)
{
  GSettings *settings = bs_application_get_settings (application);
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_settings_set_string (settings, "style-variant", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));

  g_settings_set_string (settings, "style-variant", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  g_settings_set_string (settings, "style-variant", "follow");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static GtkWindow *
find_window (GType type)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static void
test_preferences_show_engine (void)
{
  GSettings *settings = bs_application_get_settings (application);
  GtkWindow *preferences;
  AdwComboRow *style_row;

  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  preferences = find_window (BS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));

  g_assert_cmpstr (adw_action_row_get_subtitle (child (preferences, BS_TYPE_PREFERENCES_WINDOW,
                                                       "address_row")),
                   ==, engine->discovery->url);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (preferences, BS_TYPE_PREFERENCES_WINDOW,
                                                       "data_dir_row")),
                   ==, engine->data_dir);

  /* The Style row writes the setting, which the style manager follows at once. */
  style_row = child (preferences, BS_TYPE_PREFERENCES_WINDOW, "style_row");
  adw_combo_row_set_selected (style_row, 2);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  adw_combo_row_set_selected (style_row, 0);
  g_assert_cmpint (g_settings_get_enum (settings, "style-variant"), ==, 0);

  gtk_window_destroy (preferences);
}

static void
test_about_and_shortcuts (void)
{
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  about = find_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);

  /* GtkApplication loads gtk/help-overlay.ui from the resources and adds this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_widget_set_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))),
                          FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = bs_test_init_runtime_dir ();
  g_autoptr(GError) error = NULL;
  int status;

  bs_test_disable_gl ();
  gtk_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_start_in (root);

  application = bs_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  window = BS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);

  g_test_add_func ("/bs/window/opens-connected", test_opens_connected);
  g_test_add_func ("/bs/window/sidebar-lists-home-and-data", test_sidebar_lists_home_and_data);
  g_test_add_func ("/bs/window/switches-workbench", test_switches_workbench);
  g_test_add_func ("/bs/window/home-shows-engine-figures", test_home_shows_engine_figures);
  g_test_add_func ("/bs/window/data-lists-sources-and-tables", test_data_lists_sources_and_tables);
  g_test_add_func ("/bs/window/style-follows-setting", test_style_follows_setting);
  g_test_add_func ("/bs/window/preferences-show-engine", test_preferences_show_engine);
  g_test_add_func ("/bs/window/about-and-shortcuts", test_about_and_shortcuts);

  status = g_test_run ();
  g_printerr ("QUARKS %u\n", g_quark_from_string ("bs-quark-count-probe"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&application);
  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);

  return status;
}
