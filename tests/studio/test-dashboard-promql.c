/* Imported Grafana panels whose queries are PromQL, under Xvfb, against a real engine and a
 * real Prometheus (Debian's package, tests/common/bs-prometheus-fixture.h):
 *
 * - without a Prometheus source they say they need one;
 * - with one they run through the engine and draw what Prometheus answers: the values are
 *   checked against the fixture's known history, series named by Grafana's legend format;
 * - a label_values () variable lists the fixture's regions (one has quotes and a backslash
 *   in its name) and choosing one runs the panel on that region alone;
 * - an expression Prometheus refuses is shown with Prometheus's words;
 * - every PromQL panel of every fixture dashboard settles (no data here: no node exporter).
 *
 * With BS_TEST_SCREENSHOT_DIR set, the time series and the variable's panel are saved there.
 */
#define G_LOG_DOMAIN "bs-test-dashboard-promql"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bs-dashboard-panel-view.h"
#include "bs-dashboard-promql.h"
#include "bs-panel-chart.h"
#include "bs-panel-data.h"
#include "bs-prometheus-fixture.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-variable-bar.h"

#define WAIT_MS 60000

static char *root;
static BsTestEngine *engine;
static BsPanelData *data;

/* Dashboards */

static BsDashboard *
parse_dashboard (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  BsDashboard *dashboard;

  g_assert_no_error (error);
  dashboard = bs_dashboard_from_json (node, &error);
  g_assert_no_error (error);
  return dashboard;
}

/* A dashboard as Grafana exports it: the data source is an input, "${DS_PROM}". */
static BsDashboard *
shop_dashboard (const char *type,
                const char *target,
                const char *variables)
{
  g_autofree char *json = g_strdup_printf (
    "{\"title\": \"Shop\", \"schemaVersion\": 39,"
    " \"__inputs\": [{\"name\": \"DS_PROM\", \"label\": \"Shop metrics\","
    "                 \"type\": \"datasource\", \"pluginId\": \"prometheus\","
    "                 \"pluginName\": \"Prometheus\"}],"
    " \"time\": {\"from\": \"now-1h\", \"to\": \"now\"},"
    " \"templating\": {\"list\": [%s]},"
    " \"panels\": [{\"id\": 1, \"type\": \"%s\", \"title\": \"Stock\","
    "   \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8},"
    "   \"datasource\": {\"type\": \"prometheus\", \"uid\": \"${DS_PROM}\"},"
    "   \"targets\": [%s]}]}",
    variables != NULL ? variables : "", type, target);

  return parse_dashboard (json);
}

static gint64
add_prometheus_source (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"name\": \"Shop metrics\", "
                                           "\"kind\": \"prometheus\", \"url\": \"%s\"}", url);
  g_autoptr(JsonNode) body = json_from_string (json, &error);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  answer = bs_test_request (engine->client, "POST", "datasources", body, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (answer), "id");
}

/* Views */

static GtkWidget *
show_view (GtkWidget *view)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 320);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
view_settled (gpointer user_data)
{
  return bs_dashboard_panel_view_get_state (user_data) != BS_DASHBOARD_PANEL_VIEW_LOADING;
}

static void
wait_view (GtkWidget *view)
{
  g_assert_true (bs_test_wait_until (view_settled, view, WAIT_MS));
  g_test_message ("State %d: “%s”",
                  bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)),
                  bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)));
}

#define assert_view_state(view, expected) \
  g_assert_cmpint (bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)), ==, \
                   (expected))

/* The view of @dashboard's first panel, settled. */
static GtkWidget *
view_panel (const BsDashboard *dashboard,
            GtkWidget        **out_window)
{
  GtkWidget *view = bs_dashboard_panel_view_new (data);

  *out_window = show_view (view);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard,
                                     g_ptr_array_index (dashboard->panels, 0), NULL);
  wait_view (view);
  return view;
}

/* The fixture's answer */

static guint
column_index (JsonObject *frame,
              const char *name)
{
  JsonArray *columns = json_object_get_array_member (frame, "columns");

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if (g_strcmp0 (json_object_get_string_member (column, "name"), name) == 0)
        return i;
    }
  g_error ("The frame has no column “%s”", name);
}

static int
region_index (const char *name)
{
  for (guint r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
    if (g_strcmp0 (bs_prometheus_fixture_regions[r], name) == 0)
      return r;
  return -1;
}

/* The stock of region @r at the sample Prometheus uses for a point at @t: the newest one
 * at or before it (one a minute, whole minutes, up to the fixture's last). */
static double
expected_stock (BsPrometheusFixture *prometheus,
                guint                r,
                gint64               t)
{
  gint64 sample = MIN (t - t % BS_PROMETHEUS_FIXTURE_STEP,
                       bs_prometheus_fixture_get_last_sample (prometheus));
  double total = 0;

  for (guint p = 0; p < BS_PROMETHEUS_FIXTURE_N_PRODUCTS; p++)
    total += bs_prometheus_fixture_inventory (p, r, sample);
  return total;
}

/* Every point of every series is the fixture's stock of the region the series names;
 * returns the number of series. */
static guint
assert_stock_frame (BsPrometheusFixture *prometheus,
                    JsonObject          *frame)
{
  JsonArray *rows = json_object_get_array_member (frame, "rows");
  guint time = column_index (frame, "time");
  guint series = column_index (frame, "series");
  guint value = column_index (frame, "value");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      const char *name = json_array_get_string_element (row, series);
      g_autoptr(GDateTime) at = NULL;
      int r = region_index (name);

      g_assert_cmpint (r, >=, 0);
      at = g_date_time_new_from_iso8601 (json_array_get_string_element (row, time), NULL);
      g_assert_nonnull (at);
      g_assert_cmpfloat (json_array_get_double_element (row, value), ==,
                         expected_stock (prometheus, r, g_date_time_to_unix (at)));
      g_hash_table_add (seen, (gpointer) name);
    }
  return g_hash_table_size (seen);
}

/* Cases */

static const char *const stock_by_region =
  "{\"refId\": \"A\", \"expr\": \"sum by (region) (shop_inventory_units)\","
  " \"legendFormat\": \"{{region}}\","
  " \"datasource\": {\"type\": \"prometheus\", \"uid\": \"${DS_PROM}\"}}";

/* Before any Prometheus source is added: said in words, as before. */
static void
test_without_source (void)
{
  g_autoptr(BsDashboard) dashboard = shop_dashboard ("timeseries", stock_by_region, NULL);
  GtkWidget *window;
  GtkWidget *view = view_panel (dashboard, &window);
  const char *message = bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view));

  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE);
  g_assert_nonnull (strstr (message, "Needs a data source"));
  g_assert_nonnull (strstr (message, "Prometheus"));
  g_assert_nonnull (strstr (message, "sum by (region) (shop_inventory_units)"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_time_series (void)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsDashboard) dashboard = NULL;
  GtkWidget *window, *view, *chart;
  JsonObject *frame;

  if (prometheus == NULL)
    return;
  add_prometheus_source (bs_prometheus_fixture_get_url (prometheus));
  dashboard = shop_dashboard ("timeseries", stock_by_region, NULL);
  view = view_panel (dashboard, &window);

  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  chart = bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_true (BS_IS_PANEL_CHART (chart));
  g_assert_cmpuint (bs_panel_chart_get_n_series (BS_PANEL_CHART (chart)), ==,
                    BS_PROMETHEUS_FIXTURE_N_REGIONS);
  frame = bs_dashboard_panel_view_get_frame (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_cmpuint (assert_stock_frame (prometheus, frame), ==,
                    BS_PROMETHEUS_FIXTURE_N_REGIONS);
  g_test_message ("%u points", json_array_get_length (json_object_get_array_member (frame,
                                                                                    "rows")));
  bs_test_save_screenshot (window, "promql-time-series.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

/* A variable of Grafana's Prometheus data source lists the regions; choosing the hostile
 * one (quotes, a backslash) runs the panel on it alone. */
static void
test_variable (void)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsDashboard) dashboard = NULL;
  GtkWidget *window, *view, *bar, *box, *dropdown;
  GListModel *model;
  const char *hostile = NULL;
  guint hostile_row = 0;

  if (prometheus == NULL)
    return;
  dashboard = shop_dashboard (
    "timeseries",
    "{\"refId\": \"A\", \"expr\": \"sum by (region) (shop_inventory_units{region=\\\"$region\\\"})\","
    " \"legendFormat\": \"{{region}}\"}",
    "{\"name\": \"region\", \"type\": \"query\", \"label\": \"Region\","
    " \"datasource\": {\"type\": \"prometheus\", \"uid\": \"${DS_PROM}\"},"
    " \"query\": {\"query\": \"label_values(shop_inventory_units, region)\", \"refId\": \"r\"},"
    " \"current\": {\"text\": \"All\", \"value\": \"$__all\"}, \"includeAll\": false}");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  bar = bs_variable_bar_new (engine->client);
  bs_variable_bar_set_data (BS_VARIABLE_BAR (bar), data);
  bs_variable_bar_set_dashboard (BS_VARIABLE_BAR (bar), dashboard);
  view = bs_dashboard_panel_view_new (data);
  gtk_widget_set_size_request (view, 600, 260);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), view);
  window = show_view (box);

  dropdown = bs_variable_bar_get_dropdown (BS_VARIABLE_BAR (bar), "region");
  g_assert_nonnull (dropdown);
  g_assert_true (bs_test_wait_until (is_sensitive, dropdown, WAIT_MS));
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  /* "All", then the three regions. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, BS_PROMETHEUS_FIXTURE_N_REGIONS + 1);
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      g_assert_cmpint (region_index (name), >=, 0);
      if (strchr (name, '"') != NULL)
        hostile = name, hostile_row = i;
    }
  g_assert_nonnull (hostile);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), hostile_row);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard,
                                     g_ptr_array_index (dashboard->panels, 0), NULL);
  wait_view (view);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_cmpuint (assert_stock_frame (prometheus,
                                        bs_dashboard_panel_view_get_frame
                                          (BS_DASHBOARD_PANEL_VIEW (view))), ==, 1);
  bs_test_save_screenshot (window, "promql-variable.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* An expression Prometheus refuses: its words, not a crash nor "no data". */
static void
test_refused (void)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  g_autoptr(BsDashboard) dashboard = NULL;
  GtkWidget *window, *view;

  if (prometheus == NULL)
    return;
  dashboard = shop_dashboard ("stat", "{\"refId\": \"A\", \"expr\": \"sum(shop_inventory_units\"}",
                              NULL);
  view = view_panel (dashboard, &window);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_ERROR);
  g_assert_nonnull (strstr (bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)),
                            "parse error"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every PromQL panel of every fixture runs on the real server and settles. */
static void
test_every_fixture (void)
{
  static const char *const fixtures[][2] = {
    { "rfmoz", "node-exporter-full.json" },
    { "rfmoz", "apache-full.json" },
    { "dotdc", "k8s-addons-prometheus.json" },
    { "dotdc", "k8s-addons-trivy-operator.json" },
    { "dotdc", "k8s-system-api-server.json" },
    { "dotdc", "k8s-system-coredns.json" },
    { "dotdc", "k8s-views-global.json" },
    { "dotdc", "k8s-views-namespaces.json" },
    { "dotdc", "k8s-views-nodes.json" },
    { "dotdc", "k8s-views-pods.json" },
  };
  guint counts[BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED + 1] = { 0 };
  guint n_promql = 0;

  if (bs_prometheus_fixture_get_shared () == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures",
                                                     "grafana-dashboards", fixtures[i][0],
                                                     fixtures[i][1], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(BsDashboard) dashboard = NULL;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      dashboard = bs_dashboard_from_json (json_parser_get_root (parser), &error);
      g_assert_no_error (error);

      for (guint p = 0; p < dashboard->panels->len; p++)
        {
          BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, p);
          GtkWidget *view, *window;
          BsDashboardPanelViewState state;

          if (!bs_dashboard_panel_is_promql (dashboard, panel))
            continue;
          n_promql++;
          view = bs_dashboard_panel_view_new (data);
          window = show_view (view);
          bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel,
                                             NULL);
          wait_view (view);
          state = bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view));
          counts[state]++;
          /* Run, not merely labelled: the server answered something. */
          g_assert_cmpint (state, !=, BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE);
          if (state == BS_DASHBOARD_PANEL_VIEW_ERROR)
            g_test_message ("%s, “%s”: %s", fixtures[i][1], panel->title,
                            bs_dashboard_panel_view_get_message
                              (BS_DASHBOARD_PANEL_VIEW (view)));
          gtk_window_destroy (GTK_WINDOW (window));
        }
    }
  g_test_message ("%u PromQL panels: %u ready, %u empty, %u errors", n_promql,
                  counts[BS_DASHBOARD_PANEL_VIEW_READY], counts[BS_DASHBOARD_PANEL_VIEW_EMPTY],
                  counts[BS_DASHBOARD_PANEL_VIEW_ERROR]);
  g_assert_cmpuint (n_promql, >, 100);
  /* The fixtures' metrics are not on this server: they find nothing, and say so. */
  g_assert_cmpuint (counts[BS_DASHBOARD_PANEL_VIEW_EMPTY], >, n_promql * 9 / 10);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();

  /* In this order: the first case runs before a Prometheus source exists. */
  g_test_add_func ("/bs/dashboard-promql/without-source", test_without_source);
  g_test_add_func ("/bs/dashboard-promql/time-series", test_time_series);
  g_test_add_func ("/bs/dashboard-promql/variable", test_variable);
  g_test_add_func ("/bs/dashboard-promql/refused", test_refused);
  g_test_add_func ("/bs/dashboard-promql/every-fixture", test_every_fixture);

  engine = bs_test_engine_start_in (root);
  data = bs_panel_data_new (engine->client);
  status = g_test_run ();

  g_clear_object (&data);
  bs_prometheus_fixture_free_shared ();
  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);
  g_free (root);
  return status;
}
