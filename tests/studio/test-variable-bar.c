/* The dashboard's variable bar against a real engine with the demo data: a variable of
 * ours on sales_detail.region lists "All" and the regions the demo database has; choosing
 * one changes the dashboard's variable and emits ::changed; a variable from Grafana is
 * shown, insensitive, with the reason; an engine that cannot be reached leaves the chosen
 * value and says why; a dashboard without variables hides the bar.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the bar is drawn there.
 */
#define G_LOG_DOMAIN "bs-test-variable-bar"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "bs-dashboard-view-query.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-time-range-picker.h"
#include "bs-variable-bar.h"

#define WAIT_MS 60000

static char *root;
static BsTestEngine *engine;
static gint64 demo_id;

typedef struct
{
  GtkWidget     *window;
  BsVariableBar *bar;
  BsDashboard   *dashboard;
  guint          changed;
} Fixture;

static void
changed_cb (BsVariableBar *bar,
            Fixture       *fixture)
{
  fixture->changed++;
}

/* As the Sales by region template makes it, with a variable from Grafana beside it. */
static BsDashboard *
sales_dashboard (void)
{
  BsDashboard *dashboard = bs_dashboard_new ("Sales by region");
  BsDashboardVariable *grafana = bs_dashboard_variable_new ("instance", "query");
  BsDashboardVariable *hidden;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) current = json_from_string ("{\"text\": \"web-1:9100\","
                                                  " \"value\": \"web-1:9100\"}", &error);

  g_assert_no_error (error);
  dashboard->uid = g_strdup ("sales-by-region");
  g_ptr_array_add (dashboard->variables,
                   bs_dashboard_variable_new_column ("region", "Region", demo_id,
                                                     "sales_detail", "region"));
  grafana->label = g_strdup ("Instance");
  grafana->query = g_strdup ("label_values(node_uname_info, instance)");
  grafana->current = g_steal_pointer (&current);
  json_object_set_string_member (grafana->json, "query", grafana->query);
  g_ptr_array_add (dashboard->variables, grafana);
  /* One that Grafana keeps out of sight ("hide": 2). */
  hidden = bs_dashboard_variable_new_column ("channel", "Channel", demo_id, "sales_detail",
                                             "channel");
  json_object_set_int_member (hidden->json, "hide", 2);
  g_ptr_array_add (dashboard->variables, hidden);

  return dashboard;
}

static void
fixture_open (Fixture        *fixture,
              BsEngineClient *client,
              BsDashboard    *dashboard)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *body = adw_status_page_new ();

  memset (fixture, 0, sizeof *fixture);
  fixture->dashboard = dashboard;
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 360);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), bs_time_range_picker_new ());
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), gtk_label_new (dashboard->title));
  gtk_window_set_titlebar (GTK_WINDOW (fixture->window), header);

  fixture->bar = BS_VARIABLE_BAR (bs_variable_bar_new (client));
  g_signal_connect (fixture->bar, "changed", G_CALLBACK (changed_cb), fixture);
  bs_variable_bar_set_dashboard (fixture->bar, dashboard);
  adw_status_page_set_title (ADW_STATUS_PAGE (body), "The panels go here");
  gtk_widget_set_vexpand (body, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->bar));
  gtk_box_append (GTK_BOX (box), body);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  g_signal_handlers_disconnect_by_data (fixture->bar, fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->dashboard, bs_dashboard_free);
}

static char **
labels_of (GtkDropDown *dropdown)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **labels;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_strv_builder_add (builder, gtk_string_object_get_string (item));
    }
  labels = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return labels;
}

static const char *
selected_label (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
choose (GtkDropDown *dropdown,
        const char  *label)
{
  g_auto(GStrv) labels = labels_of (dropdown);

  for (guint i = 0; labels[i] != NULL; i++)
    if (g_strcmp0 (labels[i], label) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }

  g_error ("No “%s” in the dropdown", label);
}

static gboolean
values_loaded (gpointer user_data)
{
  GtkWidget *dropdown = user_data;
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  return gtk_widget_get_sensitive (dropdown) && model != NULL &&
         g_list_model_get_n_items (model) > 1;
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* "All" and the regions of the demo database, in the locale's order. */
static char *
expected_regions (void)
{
  g_autofree char *path = g_build_filename (engine->data_dir, "demo-retail.db", NULL);
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  GString *out = g_string_new ("All");

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT DISTINCT region FROM sales_detail"
                                       " WHERE region IS NOT NULL", -1, &statement, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (regions, g_strdup ((const char *) sqlite3_column_text (statement, 0)));
  sqlite3_finalize (statement);
  sqlite3_close (db);

  g_ptr_array_sort (regions, compare_texts);
  for (guint i = 0; i < regions->len; i++)
    g_string_append_printf (out, ", %s", (const char *) g_ptr_array_index (regions, i));
  return g_string_free (out, FALSE);
}

static BsDashboardVariable *
variable_named (BsDashboard *dashboard,
                const char  *name)
{
  for (guint i = 0; i < dashboard->variables->len; i++)
    {
      BsDashboardVariable *variable = g_ptr_array_index (dashboard->variables, i);

      if (g_str_equal (variable->name, name))
        return variable;
    }
  g_error ("No variable “%s”", name);
}

static void
test_regions (void)
{
  Fixture fixture;
  GtkDropDown *region;
  GtkDropDown *instance;
  g_auto(GStrv) labels = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = expected_regions ();
  g_autoptr(GHashTable) values = NULL;
  BsDashboardVariable *variable;

  fixture_open (&fixture, engine->client, sales_dashboard ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.bar)));
  region = GTK_DROP_DOWN (bs_variable_bar_get_dropdown (fixture.bar, "region"));
  instance = GTK_DROP_DOWN (bs_variable_bar_get_dropdown (fixture.bar, "instance"));
  g_assert_nonnull (region);
  g_assert_nonnull (instance);
  g_assert_null (bs_variable_bar_get_dropdown (fixture.bar, "nothing"));
  g_assert_null (bs_variable_bar_get_dropdown (fixture.bar, "channel"));

  g_assert_true (bs_test_wait_until (values_loaded, region, WAIT_MS));
  labels = labels_of (region);
  shown = g_strjoinv (", ", labels);
  g_test_message ("Regions: %s", shown);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpuint (g_strv_length (labels), ==, 5);
  g_assert_cmpstr (selected_label (region), ==, "All");
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (region)));

  /* Grafana's variable: its value shown, not something to change here. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (instance)));
  g_assert_cmpstr (selected_label (instance), ==, "web-1:9100");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (gtk_widget_get_parent (
                              GTK_WIDGET (instance))), "Grafana"));

  values = bs_variable_bar_dup_values (fixture.bar);
  g_assert_cmpuint (g_hash_table_size (values), ==, 0);
  g_clear_pointer (&values, g_hash_table_unref);

  /* A person picks the second region. */
  choose (region, labels[2]);
  g_assert_cmpuint (fixture.changed, ==, 1);
  variable = variable_named (fixture.dashboard, "region");
  g_assert_cmpstr (bs_dashboard_variable_get_value (variable), ==, labels[2]);
  values = bs_variable_bar_dup_values (fixture.bar);
  g_assert_cmpuint (g_hash_table_size (values), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (values, "region"), ==, labels[2]);
  g_clear_pointer (&values, g_hash_table_unref);
  bs_test_save_screenshot (fixture.window, "variable-bar.png");

  /* Shown again (an undo puts back a copy): the choice is there. */
  bs_variable_bar_set_dashboard (fixture.bar, fixture.dashboard);
  region = GTK_DROP_DOWN (bs_variable_bar_get_dropdown (fixture.bar, "region"));
  g_assert_cmpstr (selected_label (region), ==, labels[2]);
  g_assert_true (bs_test_wait_until (values_loaded, region, WAIT_MS));
  g_assert_cmpstr (selected_label (region), ==, labels[2]);
  g_assert_cmpuint (fixture.changed, ==, 1);

  /* Back to "All". */
  choose (region, "All");
  g_assert_cmpuint (fixture.changed, ==, 2);
  g_assert_null (bs_dashboard_variable_get_value (variable));
  values = bs_variable_bar_dup_values (fixture.bar);
  g_assert_cmpuint (g_hash_table_size (values), ==, 0);

  fixture_close (&fixture);
}

static void
test_unreachable (void)
{
  Fixture fixture;
  g_autofree char *url = bs_test_closed_url ();
  g_autoptr(BsEngineClient) client = bs_engine_client_new (url, "no-token");
  BsDashboard *dashboard = sales_dashboard ();
  GtkDropDown *region;
  g_auto(GStrv) labels = NULL;

  bs_dashboard_variable_set_value (variable_named (dashboard, "region"), "North");
  fixture_open (&fixture, client, dashboard);
  region = GTK_DROP_DOWN (bs_variable_bar_get_dropdown (fixture.bar, "region"));
  g_assert_true (bs_test_wait_until (values_loaded, region, WAIT_MS));

  /* The chosen value kept, and the reason at hand. */
  labels = labels_of (region);
  g_assert_cmpuint (g_strv_length (labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, "All");
  g_assert_cmpstr (labels[1], ==, "North");
  g_assert_cmpstr (selected_label (region), ==, "North");
  g_test_message ("%s", gtk_widget_get_tooltip_text (GTK_WIDGET (region)));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (region)),
                                   "The values could not be read"));
  g_assert_cmpuint (fixture.changed, ==, 0);

  fixture_close (&fixture);
}

static void
test_no_variables (void)
{
  Fixture fixture;
  g_autoptr(GHashTable) values = NULL;

  fixture_open (&fixture, engine->client, bs_dashboard_new ("Plain"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture.bar)));
  values = bs_variable_bar_dup_values (fixture.bar);
  g_assert_cmpuint (g_hash_table_size (values), ==, 0);

  /* Nothing shown at all, also after a dashboard with variables went away. */
  bs_variable_bar_set_dashboard (fixture.bar, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture.bar)));
  fixture_close (&fixture);
}

/* The Studio's own style sheet, which AdwApplication loads for the real windows. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();
  load_style ();
  engine = bs_test_engine_start_in (root);
  demo_id = bs_test_find_demo_source (engine->client);

  g_test_add_func ("/bs/variable-bar/regions", test_regions);
  g_test_add_func ("/bs/variable-bar/unreachable", test_unreachable);
  g_test_add_func ("/bs/variable-bar/no-variables", test_no_variables);

  status = g_test_run ();
  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);
  g_free (root);

  return status;
}
