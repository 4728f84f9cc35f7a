#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-dashboard.h"

/* The fixtures are real dashboards from public projects (see their SOURCE files). */
static const char * const fixtures[] = {
  "dotdc/k8s-addons-prometheus.json",
  "dotdc/k8s-addons-trivy-operator.json",
  "dotdc/k8s-system-api-server.json",
  "dotdc/k8s-system-coredns.json",
  "dotdc/k8s-views-global.json",
  "dotdc/k8s-views-namespaces.json",
  "dotdc/k8s-views-nodes.json",
  "dotdc/k8s-views-pods.json",
  "rfmoz/apache-full.json",
  "rfmoz/node-exporter-full.json",
};

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "grafana-dashboards",
                                                 name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_mapped_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static BsDashboard *
import (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  BsDashboard *dashboard = bs_dashboard_from_json (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dashboard);
  return dashboard;
}

/* The document as we expect to export it untouched: the original itself. Even
 * "schemaVersion" is kept, so that Grafana migrates it on load as it would the original
 * (see bs-dashboard.c, write_header). */
static JsonNode *
normalised (const char *name)
{
  return load_fixture (name);
}

static void
assert_json_equal (JsonNode   *actual,
                   JsonNode   *expected,
                   const char *what)
{
  if (!json_node_equal (actual, expected))
    {
      g_autofree char *a = json_to_string (actual, TRUE);
      g_autofree char *e = json_to_string (expected, TRUE);

      g_test_message ("expected: %.2000s", e);
      g_test_message ("actual:   %.2000s", a);
      g_error ("%s: the exported JSON differs", what);
    }
}

static void
assert_panels_equal (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      BsDashboardPanel *pa = g_ptr_array_index (a, i);
      BsDashboardPanel *pb = g_ptr_array_index (b, i);

      g_assert_cmpint (pa->id, ==, pb->id);
      g_assert_cmpstr (pa->type, ==, pb->type);
      g_assert_cmpstr (pa->title, ==, pb->title);
      g_assert_cmpint (pa->x, ==, pb->x);
      g_assert_cmpint (pa->y, ==, pb->y);
      g_assert_cmpint (pa->w, ==, pb->w);
      g_assert_cmpint (pa->h, ==, pb->h);
      g_assert_cmpint (pa->collapsed, ==, pb->collapsed);
      g_assert_cmpstr (pa->unit, ==, pb->unit);
      g_assert_cmpint (pa->decimals, ==, pb->decimals);
      g_assert_cmpint (pa->has_thresholds, ==, pb->has_thresholds);
      g_assert_cmpint (pa->thresholds_mode, ==, pb->thresholds_mode);
      g_assert_cmpuint (pa->threshold_steps->len, ==, pb->threshold_steps->len);
      for (guint s = 0; s < pa->threshold_steps->len; s++)
        {
          BsDashboardThresholdStep *sa = &g_array_index (pa->threshold_steps, BsDashboardThresholdStep, s);
          BsDashboardThresholdStep *sb = &g_array_index (pb->threshold_steps, BsDashboardThresholdStep, s);

          g_assert_cmpfloat (sa->value, ==, sb->value);
          g_assert_cmpstr (sa->color, ==, sb->color);
        }
      g_assert_true ((pa->datasource == NULL) == (pb->datasource == NULL));
      g_assert_true (pa->datasource == NULL || json_node_equal (pa->datasource, pb->datasource));
      g_assert_true ((pa->targets == NULL) == (pb->targets == NULL));
      g_assert_true (pa->targets == NULL || json_node_equal (pa->targets, pb->targets));
      assert_panels_equal (pa->panels, pb->panels);
    }
}

static void
assert_models_equal (const BsDashboard *a,
                     const BsDashboard *b)
{
  g_assert_cmpstr (a->uid, ==, b->uid);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpuint (a->tags->len, ==, b->tags->len);
  for (guint i = 0; i < a->tags->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->tags, i), ==, g_ptr_array_index (b->tags, i));
  g_assert_cmpstr (a->time_from, ==, b->time_from);
  g_assert_cmpstr (a->time_to, ==, b->time_to);
  g_assert_cmpstr (a->refresh, ==, b->refresh);
  g_assert_cmpuint (a->variables->len, ==, b->variables->len);
  for (guint i = 0; i < a->variables->len; i++)
    {
      BsDashboardVariable *va = g_ptr_array_index (a->variables, i);
      BsDashboardVariable *vb = g_ptr_array_index (b->variables, i);

      g_assert_cmpstr (va->name, ==, vb->name);
      g_assert_cmpstr (va->type, ==, vb->type);
      g_assert_cmpstr (va->label, ==, vb->label);
      g_assert_cmpstr (va->query, ==, vb->query);
      g_assert_true ((va->current == NULL) == (vb->current == NULL));
      g_assert_true (va->current == NULL || json_node_equal (va->current, vb->current));
    }
  assert_panels_equal (a->panels, b->panels);
  g_assert_true (bs_dashboard_equal (a, b));
}

/* The members in the document's order, so that an exported file diffs cleanly. */
static void
assert_same_order (JsonObject *actual,
                   JsonObject *expected)
{
  JsonObjectIter ia, ie;
  const char *na, *ne;
  JsonNode *node;

  json_object_iter_init_ordered (&ia, actual);
  json_object_iter_init_ordered (&ie, expected);
  while (json_object_iter_next_ordered (&ie, &ne, &node))
    {
      g_assert_true (json_object_iter_next_ordered (&ia, &na, &node));
      g_assert_cmpstr (na, ==, ne);
    }
  g_assert_false (json_object_iter_next_ordered (&ia, &na, &node));
}

/* What the canvas will draw: the top-level panels inside the grid, none on another, and
 * no panel above the first row it follows. */
static void
assert_layout_drawable (const BsDashboard *dashboard)
{
  gsize n_items;
  g_autofree BsGridItem *items = bs_dashboard_get_grid_items (dashboard, &n_items);
  int row_y = -1;

  g_assert_false (bs_grid_layout_has_overlap (items, n_items));
  for (gsize i = 0; i < n_items; i++)
    {
      BsGridItem clamped = items[i];

      g_assert_false (bs_grid_item_clamp (&clamped));
      if (items[i].is_row)
        row_y = items[i].y;
      else
        g_assert_cmpint (items[i].y, >, row_y);
    }
}

static guint
count_panels (GPtrArray *panels)
{
  guint n = panels->len;

  for (guint i = 0; i < panels->len; i++)
    n += count_panels (((BsDashboardPanel *) g_ptr_array_index (panels, i))->panels);
  return n;
}

/* The same path in both documents: members by name, then array indices. */
static JsonObject *
panel_object (JsonNode *document,
              guint     index,
              int       child)
{
  JsonArray *panels = json_object_get_array_member (json_node_get_object (document), "panels");
  JsonObject *panel = json_array_get_object_element (panels, index);

  if (child < 0)
    return panel;
  return json_array_get_object_element (json_object_get_array_member (panel, "panels"), child);
}

static void
test_fixtures_round_trip (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autoptr(JsonNode) original = load_fixture (fixtures[f]);
      g_autoptr(JsonNode) expected = normalised (fixtures[f]);
      g_autoptr(BsDashboard) first = import (original);
      g_autoptr(JsonNode) exported = bs_dashboard_to_json (first);
      g_autofree char *text = json_to_string (exported, TRUE);
      g_autoptr(JsonNode) reparsed = parse (text);
      g_autoptr(BsDashboard) second = import (reparsed);
      g_autoptr(JsonNode) exported_again = bs_dashboard_to_json (second);

      g_test_message ("%s: %u panels, %u variables", fixtures[f],
                      count_panels (first->panels), first->variables->len);
      g_assert_cmpuint (first->panels->len, >, 0);
      g_assert_cmpuint (first->variables->len, >, 0);
      g_assert_cmpint (first->schema_version, <, BS_DASHBOARD_SCHEMA_VERSION + 1);
      assert_json_equal (exported, expected, fixtures[f]);
      assert_json_equal (exported_again, expected, fixtures[f]);
      assert_same_order (json_node_get_object (exported), json_node_get_object (original));
      assert_same_order (panel_object (exported, 0, -1), panel_object (original, 0, -1));
      g_assert_cmpint (second->schema_version, ==, first->schema_version);
      assert_layout_drawable (first);
      assert_models_equal (first, second);
    }
}

static void
test_fixture_contents (void)
{
  g_autoptr(JsonNode) node = load_fixture ("rfmoz/node-exporter-full.json");
  g_autoptr(BsDashboard) dashboard = import (node);
  BsDashboardPanel *row = NULL;
  BsDashboardPanel *gauge;
  BsDashboardThresholdStep *step;
  BsDashboardVariable *variable;

  g_assert_cmpstr (dashboard->title, ==, "Node Exporter Full");
  g_assert_cmpstr (dashboard->uid, ==, "rYdddlPWk");
  g_assert_cmpstr (dashboard->time_from, ==, "now-24h");
  g_assert_cmpstr (dashboard->refresh, ==, "1m");
  g_assert_cmpint (dashboard->schema_version, ==, 41);
  g_assert_cmpuint (count_panels (dashboard->panels), ==, 141);
  for (guint i = 0; i < dashboard->panels->len && row == NULL; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);

      if (bs_dashboard_panel_is_row (panel) && panel->collapsed)
        row = panel;
    }
  g_assert_nonnull (row);
  g_assert_cmpuint (row->panels->len, >, 0);
  g_assert_cmpint (row->w, ==, 24);
  g_assert_true (bs_dashboard_find_panel (dashboard,
                                          ((BsDashboardPanel *) g_ptr_array_index (row->panels, 0))->id)
                 == g_ptr_array_index (row->panels, 0));

  /* Panel 20 is the CPU busy gauge: percent, thresholds from null. */
  gauge = bs_dashboard_find_panel (dashboard, 20);
  g_assert_nonnull (gauge);
  g_assert_cmpstr (gauge->type, ==, "gauge");
  g_assert_cmpstr (gauge->unit, ==, "percent");
  g_assert_true (gauge->has_thresholds);
  g_assert_cmpuint (gauge->threshold_steps->len, >=, 2);
  step = &g_array_index (gauge->threshold_steps, BsDashboardThresholdStep, 0);
  g_assert_true (isinf (step->value) && step->value < 0);
  g_assert_nonnull (gauge->targets);

  variable = g_ptr_array_index (dashboard->variables, 1);
  g_assert_cmpstr (variable->name, ==, "job");
  g_assert_cmpstr (variable->type, ==, "query");
  g_assert_nonnull (variable->query);
  g_assert_cmpint (bs_dashboard_next_panel_id (dashboard), >, 20);
}

static void
test_edit_title (void)
{
  g_autoptr(JsonNode) original = load_fixture ("dotdc/k8s-views-pods.json");
  g_autoptr(JsonNode) expected = normalised ("dotdc/k8s-views-pods.json");
  g_autoptr(BsDashboard) dashboard = import (original);
  g_autoptr(JsonNode) exported = NULL;

  g_free (dashboard->title);
  dashboard->title = g_strdup ("Pods, renamed");
  json_object_set_string_member (json_node_get_object (expected), "title", "Pods, renamed");
  exported = bs_dashboard_to_json (dashboard);
  assert_json_equal (exported, expected, "title edited");
}

static void
test_edit_grid_pos (void)
{
  g_autoptr(JsonNode) original = load_fixture ("rfmoz/apache-full.json");
  g_autoptr(JsonNode) expected = normalised ("rfmoz/apache-full.json");
  g_autoptr(BsDashboard) dashboard = import (original);
  g_autoptr(JsonNode) exported = NULL;
  BsDashboardPanel *top = NULL;
  guint top_index = 0, row_index = 0;
  BsDashboardPanel *row = NULL;
  BsDashboardPanel *child;
  JsonObject *grid;

  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);

      if (top == NULL && !bs_dashboard_panel_is_row (panel))
        top = panel, top_index = i;
      if (row == NULL && bs_dashboard_panel_is_row (panel) && panel->panels->len > 1)
        row = panel, row_index = i;
    }
  g_assert_nonnull (top);
  g_assert_nonnull (row);
  child = g_ptr_array_index (row->panels, 1);

  top->x = 3;
  top->w = 7;
  grid = json_object_get_object_member (panel_object (expected, top_index, -1), "gridPos");
  json_object_set_int_member (grid, "x", 3);
  json_object_set_int_member (grid, "w", 7);
  child->h = 11;
  grid = json_object_get_object_member (panel_object (expected, row_index, 1), "gridPos");
  json_object_set_int_member (grid, "h", 11);
  exported = bs_dashboard_to_json (dashboard);
  assert_json_equal (exported, expected, "gridPos edited");
}

static void
test_edit_field_defaults (void)
{
  g_autoptr(JsonNode) original = load_fixture ("dotdc/k8s-system-api-server.json");
  g_autoptr(JsonNode) expected = normalised ("dotdc/k8s-system-api-server.json");
  g_autoptr(BsDashboard) dashboard = import (original);
  g_autoptr(JsonNode) exported = NULL;
  BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, 0);
  JsonObject *defaults;
  JsonObject *thresholds;
  JsonArray *steps;
  JsonObject *step;

  g_free (panel->unit);
  panel->unit = g_strdup ("currencyUSD");
  panel->decimals = 2;
  g_array_set_size (panel->threshold_steps, 0);
  panel->thresholds_mode = BS_DASHBOARD_THRESHOLDS_PERCENTAGE;
  bs_dashboard_panel_add_threshold (panel, -INFINITY, "green");
  bs_dashboard_panel_add_threshold (panel, 80.5, "red");

  defaults = json_object_get_object_member (
    json_object_get_object_member (panel_object (expected, 0, -1), "fieldConfig"), "defaults");
  json_object_set_string_member (defaults, "unit", "currencyUSD");
  json_object_set_int_member (defaults, "decimals", 2);
  thresholds = json_object_new ();
  json_object_set_string_member (thresholds, "mode", "percentage");
  steps = json_array_new ();
  step = json_object_new ();
  json_object_set_string_member (step, "color", "green");
  json_object_set_null_member (step, "value");
  json_array_add_object_element (steps, step);
  step = json_object_new ();
  json_object_set_string_member (step, "color", "red");
  json_object_set_double_member (step, "value", 80.5);
  json_array_add_object_element (steps, step);
  json_object_set_array_member (thresholds, "steps", steps);
  json_object_set_object_member (defaults, "thresholds", thresholds);

  exported = bs_dashboard_to_json (dashboard);
  assert_json_equal (exported, expected, "unit, decimals and thresholds edited");
}

static void
test_defaults (void)
{
  g_autoptr(JsonNode) node = parse ("{\"title\": \"Small\", \"refresh\": false,"
                                    " \"panels\": [{\"type\": \"stat\", \"id\": 1, \"gridPos\": {\"x\": 4}}]}");
  g_autoptr(BsDashboard) dashboard = import (node);
  g_autoptr(JsonNode) exported = bs_dashboard_to_json (dashboard);
  BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, 0);
  JsonObject *object = json_node_get_object (exported);

  g_assert_null (dashboard->uid);
  g_assert_cmpstr (dashboard->time_from, ==, "now-6h");
  g_assert_cmpstr (dashboard->time_to, ==, "now");
  g_assert_null (dashboard->refresh);
  g_assert_cmpuint (dashboard->tags->len, ==, 0);
  g_assert_cmpuint (dashboard->variables->len, ==, 0);
  g_assert_cmpint (dashboard->schema_version, ==, 0);
  g_assert_cmpstr (panel->title, ==, "");
  g_assert_cmpint (panel->x, ==, 4);
  g_assert_cmpint (panel->y, ==, 0);
  g_assert_cmpint (panel->w, ==, 12);
  g_assert_cmpint (panel->h, ==, 9);
  g_assert_cmpint (panel->decimals, ==, -1);
  g_assert_null (panel->unit);
  g_assert_false (panel->has_thresholds);
  g_assert_null (panel->targets);

  /* Untouched defaults are not written: the document stays as small as it came. */
  g_assert_false (json_object_get_boolean_member (object, "refresh"));
  g_assert_false (json_object_has_member (object, "time"));
  g_assert_false (json_object_has_member (object, "tags"));
  /* No schemaVersion stays none: Grafana then migrates it from the start, as the original. */
  g_assert_false (json_object_has_member (object, "schemaVersion"));

  /* Turning refresh off again after setting it writes what current Grafana writes. */
  dashboard->refresh = g_strdup ("5m");
  g_clear_pointer (&exported, json_node_unref);
  exported = bs_dashboard_to_json (dashboard);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (exported), "refresh"), ==, "5m");
}

static void
check_error (const char *json,
             const char *expected_message)
{
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDashboard) dashboard = bs_dashboard_from_json (node, &error);

  g_assert_null (dashboard);
  g_assert_error (error, BS_DASHBOARD_ERROR, BS_DASHBOARD_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, expected_message);
}

static void
test_errors (void)
{
  check_error ("[1, 2]", "The dashboard is not a JSON object");
  check_error ("{\"panels\": []}", "The dashboard has no title");
  check_error ("{\"title\": 3}", "The dashboard has a title that is not text");
  check_error ("{\"title\": \"T\", \"tags\": [\"a\", 2]}", "Tag 2 of the dashboard is not text");
  check_error ("{\"title\": \"T\", \"panels\": {}}", "The dashboard's “panels” are not a list");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 1, \"gridPos\": {}},"
               " 4]}", "Panel number 2 is not a JSON object");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 1, \"gridPos\": {}},"
               " {\"type\": \"stat\", \"id\": 2, \"gridPos\": {}},"
               " {\"type\": \"timeseries\", \"id\": 3, \"title\": \"CPU\"}]}",
               "Panel 3 (“CPU”) has no gridPos");
  check_error ("{\"title\": \"T\", \"panels\": [{\"gridPos\": {}, \"title\": \"Orders\"}]}",
               "Panel number 1 (“Orders”) has no type");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 7,"
               " \"gridPos\": {\"w\": 0, \"h\": 3}}]}",
               "Panel 7 has a size of 0 × 3 cells in gridPos; both must be at least 1");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 7,"
               " \"gridPos\": {\"x\": 1.5}}]}",
               "Panel 7 has a gridPos.x that is not a whole number");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 7, \"gridPos\": {},"
               " \"targets\": {}}]}", "Panel 7 has “targets” that are not a list");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 7, \"gridPos\": {},"
               " \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"relative\"}}}}]}",
               "Panel 7 has thresholds mode “relative”; it must be “absolute” or “percentage”");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"stat\", \"id\": 7, \"gridPos\": {},"
               " \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"steps\": [{\"value\": null},"
               " {\"value\": \"80\"}]}}}}]}",
               "Panel 7 has a thresholds step 2 whose value is not a number");
  check_error ("{\"title\": \"T\", \"panels\": [{\"type\": \"row\", \"id\": 9, \"title\": \"Disk\","
               " \"collapsed\": true, \"gridPos\": {}, \"panels\": [{\"type\": \"stat\"}]}]}",
               "Panel 1 of row Panel 9 (“Disk”) has no gridPos");
  check_error ("{\"title\": \"T\", \"templating\": {\"list\": [{\"type\": \"query\"}]}}",
               "Template variable 1 has no name");
  check_error ("{\"title\": \"T\", \"templating\": {\"list\": [{\"name\": \"job\"}]}}",
               "Template variable 1 (“job”) has no type");
  check_error ("{\"title\": \"T\", \"refresh\": 30}",
               "The dashboard's refresh interval is neither text nor false");
}

static void
test_our_query (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Sales");
  g_autoptr(BsQuery) query = bs_query_new (12, "sales");
  g_autoptr(BsQuery) back = NULL;
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(BsDashboard) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) expected_query = NULL;
  g_autoptr(JsonNode) back_query = NULL;
  BsDashboardPanel *panel = bs_dashboard_panel_new (1, "timeseries", "Units sold");
  BsDashboardPanel *prometheus;
  JsonObject *target;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "quantity");
  bs_query_add_split (query, "product_id");
  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_HOURS, 24);
  g_ptr_array_add (dashboard->panels, panel);
  g_assert_null (bs_dashboard_panel_get_query (panel, NULL, &error));
  g_assert_no_error (error);
  bs_dashboard_panel_set_query (panel, "A", query);
  bs_dashboard_panel_set_query (panel, "A", query);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (panel->targets)), ==, 1);

  exported = bs_dashboard_to_json (dashboard);
  text = json_to_string (exported, FALSE);
  g_clear_pointer (&exported, json_node_unref);
  exported = parse (text);
  imported = import (exported);
  panel = g_ptr_array_index (imported->panels, 0);
  target = json_array_get_object_element (json_node_get_array (panel->targets), 0);
  g_assert_cmpstr (json_object_get_string_member (target, "refId"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (target, "datasource"),
                                                  "uid"), ==, "12");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (target, "datasource"),
                                                  "type"), ==, "business-studio");
  back = bs_dashboard_panel_get_query (panel, "A", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  expected_query = bs_query_to_json (query);
  back_query = bs_query_to_json (back);
  g_assert_true (json_node_equal (expected_query, back_query));
  g_assert_null (bs_dashboard_panel_get_query (panel, "B", &error));
  g_assert_no_error (error);

  /* A target whose data source is not ours is not a query of ours. */
  prometheus = bs_dashboard_panel_from_json (
    parse ("{\"type\": \"stat\", \"id\": 2, \"gridPos\": {}, \"targets\": [{\"refId\": \"A\","
           " \"datasource\": {\"type\": \"prometheus\", \"uid\": \"p\"}, \"expr\": \"up\"}]}"),
    NULL, &error);
  g_assert_no_error (error);
  g_assert_null (bs_dashboard_panel_get_query (prometheus, NULL, &error));
  g_assert_no_error (error);
  bs_dashboard_panel_free (prometheus);

  /* Ours, but naming another source than its query: an error that says so. */
  json_object_set_string_member (json_object_get_object_member (target, "datasource"), "uid", "13");
  g_clear_pointer (&back, bs_query_free);
  back = bs_dashboard_panel_get_query (panel, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, BS_DASHBOARD_ERROR, BS_DASHBOARD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Units sold"));
  g_clear_error (&error);

  /* And a malformed query of ours. */
  json_object_set_string_member (json_object_get_object_member (target, "datasource"), "uid", "12");
  json_object_set_int_member (target, "businessStudioQuery", 5);
  back = bs_dashboard_panel_get_query (panel, "A", &error);
  g_assert_null (back);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "query A"));
}

static void
test_new_dashboard (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Inventory watch");
  g_autoptr(BsDashboard) copy = NULL;
  g_autoptr(BsDashboard) imported = NULL;
  g_autoptr(JsonNode) exported = NULL;
  BsDashboardVariable *variable = bs_dashboard_variable_new ("store", "custom");
  BsDashboardPanel *row = bs_dashboard_panel_new (1, "row", "Stock");
  BsDashboardPanel *child = bs_dashboard_panel_new (2, "stat", "Units");
  BsDashboardPanel *imported_row;

  dashboard->uid = g_strdup ("inventory-watch");
  g_ptr_array_add (dashboard->tags, g_strdup ("retail"));
  dashboard->refresh = g_strdup ("1m");
  variable->query = g_strdup ("north,south");
  g_ptr_array_add (dashboard->variables, variable);
  row->collapsed = TRUE;
  child->y = 1;
  child->unit = g_strdup ("short");
  g_ptr_array_add (row->panels, child);
  g_ptr_array_add (dashboard->panels, row);
  g_assert_cmpint (bs_dashboard_next_panel_id (dashboard), ==, 3);

  copy = bs_dashboard_copy (dashboard);
  g_assert_true (bs_dashboard_equal (dashboard, copy));
  g_free (copy->title);
  copy->title = g_strdup ("Other");
  g_assert_false (bs_dashboard_equal (dashboard, copy));

  exported = bs_dashboard_to_json (dashboard);
  imported = import (exported);
  g_assert_cmpint (imported->schema_version, ==, BS_DASHBOARD_SCHEMA_VERSION);
  assert_models_equal (dashboard, imported);
  imported_row = g_ptr_array_index (imported->panels, 0);
  g_assert_cmpint (imported_row->w, ==, 24);
  g_assert_cmpint (imported_row->h, ==, 1);
  g_assert_true (imported_row->collapsed);
  g_assert_cmpstr (((BsDashboardPanel *) g_ptr_array_index (imported_row->panels, 0))->unit,
                   ==, "short");
}

static gint64
panel_id_at (GPtrArray *panels,
             guint      index)
{
  return ((BsDashboardPanel *) g_ptr_array_index (panels, index))->id;
}

static void
test_toggle_row (void)
{
  g_autoptr(JsonNode) node = parse (
    "{\"title\": \"Rows\", \"panels\": ["
    " {\"type\": \"row\", \"id\": 1, \"collapsed\": true, \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 1},"
    "  \"panels\": [{\"type\": \"stat\", \"id\": 2, \"gridPos\": {\"x\": 0, \"y\": 5, \"w\": 12, \"h\": 4}},"
    "              {\"type\": \"gauge\", \"id\": 3, \"gridPos\": {\"x\": 12, \"y\": 5, \"w\": 12, \"h\": 2}}]},"
    " {\"type\": \"row\", \"id\": 4, \"collapsed\": false, \"gridPos\": {\"x\": 0, \"y\": 1, \"w\": 24, \"h\": 1},"
    "  \"panels\": []},"
    " {\"type\": \"text\", \"id\": 5, \"gridPos\": {\"x\": 0, \"y\": 2, \"w\": 24, \"h\": 3}}]}");
  g_autoptr(BsDashboard) dashboard = import (node);
  BsDashboardPanel *first = g_ptr_array_index (dashboard->panels, 0);
  BsDashboardPanel *second = g_ptr_array_index (dashboard->panels, 1);
  BsDashboardPanel *stray = bs_dashboard_panel_new (9, "row", "Not in the dashboard");
  g_autofree BsGridItem *items = NULL;
  gsize n_items;

  g_assert_false (bs_dashboard_set_row_collapsed (dashboard, stray, TRUE));
  g_assert_false (bs_dashboard_set_row_collapsed (dashboard, bs_dashboard_find_panel (dashboard, 5),
                                                  TRUE));
  bs_dashboard_panel_free (stray);

  /* Expanding: the children follow the row, just below it, and the rest moves down. */
  g_assert_true (bs_dashboard_set_row_collapsed (dashboard, first, FALSE));
  g_assert_false (first->collapsed);
  g_assert_cmpuint (first->panels->len, ==, 0);
  g_assert_cmpuint (dashboard->panels->len, ==, 5);
  g_assert_cmpint (panel_id_at (dashboard->panels, 1), ==, 2);
  g_assert_cmpint (panel_id_at (dashboard->panels, 2), ==, 3);
  g_assert_cmpint (bs_dashboard_find_panel (dashboard, 2)->y, ==, 1);
  g_assert_cmpint (bs_dashboard_find_panel (dashboard, 3)->y, ==, 1);
  g_assert_cmpint (second->y, ==, 5);
  g_assert_cmpint (bs_dashboard_find_panel (dashboard, 5)->y, ==, 6);
  items = bs_dashboard_get_grid_items (dashboard, &n_items);
  g_assert_cmpuint (n_items, ==, 5);
  g_assert_false (bs_grid_layout_has_overlap (items, n_items));

  /* Collapsing the second row takes the text panel in; collapsing the first takes its two
   * back and lets the second row rise to just below it. */
  g_assert_true (bs_dashboard_set_row_collapsed (dashboard, second, TRUE));
  g_assert_cmpuint (second->panels->len, ==, 1);
  g_assert_true (bs_dashboard_set_row_collapsed (dashboard, first, TRUE));
  g_assert_cmpuint (dashboard->panels->len, ==, 2);
  g_assert_cmpuint (first->panels->len, ==, 2);
  g_assert_cmpint (second->y, ==, 1);
  g_assert_true (bs_dashboard_set_row_collapsed (dashboard, first, TRUE));
  g_assert_cmpuint (dashboard->panels->len, ==, 2);
}

static void
test_grid_items (void)
{
  g_autoptr(JsonNode) original = load_fixture ("dotdc/k8s-system-coredns.json");
  g_autoptr(JsonNode) expected = normalised ("dotdc/k8s-system-coredns.json");
  g_autoptr(BsDashboard) dashboard = import (original);
  g_autoptr(JsonNode) exported = NULL;
  g_autofree BsGridItem *items = NULL;
  g_autofree BsGridItem *before = NULL;
  gsize n_items;
  JsonArray *panels = json_object_get_array_member (json_node_get_object (expected), "panels");

  items = bs_dashboard_get_grid_items (dashboard, &n_items);
  g_assert_cmpuint (n_items, ==, dashboard->panels->len);
  /* The fixture's layout is already as Grafana shows it: compact, nothing overlaps. */
  g_assert_false (bs_grid_layout_has_overlap (items, n_items));
  before = g_memdup2 (items, n_items * sizeof (BsGridItem));
  bs_grid_layout_compact (items, n_items);
  g_assert_cmpmem (items, n_items * sizeof (BsGridItem), before, n_items * sizeof (BsGridItem));

  /* Drag the last panel to the top left: every panel it lands on moves down, and the
   * export says so for exactly the panels that moved. */
  g_assert_true (bs_grid_layout_place (items, n_items, n_items - 1, 0, 0, 12, 6));
  bs_dashboard_apply_grid_items (dashboard, items, n_items);
  for (gsize i = 0; i < n_items; i++)
    {
      JsonObject *grid = json_object_get_object_member (json_array_get_object_element (panels, (guint) i),
                                                        "gridPos");

      if (items[i].x != before[i].x)
        json_object_set_int_member (grid, "x", items[i].x);
      if (items[i].y != before[i].y)
        json_object_set_int_member (grid, "y", items[i].y);
      if (items[i].w != before[i].w)
        json_object_set_int_member (grid, "w", items[i].w);
      if (items[i].h != before[i].h)
        json_object_set_int_member (grid, "h", items[i].h);
    }
  g_assert_cmpint (items[n_items - 1].y, ==, 0);
  g_assert_cmpint (before[0].y, ==, 0);
  g_assert_cmpint (items[0].y, >, 0);
  exported = bs_dashboard_to_json (dashboard);
  assert_json_equal (exported, expected, "panels moved on the grid");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/dashboard/fixtures-round-trip", test_fixtures_round_trip);
  g_test_add_func ("/bs/dashboard/fixture-contents", test_fixture_contents);
  g_test_add_func ("/bs/dashboard/edit-title", test_edit_title);
  g_test_add_func ("/bs/dashboard/edit-grid-pos", test_edit_grid_pos);
  g_test_add_func ("/bs/dashboard/edit-field-defaults", test_edit_field_defaults);
  g_test_add_func ("/bs/dashboard/defaults", test_defaults);
  g_test_add_func ("/bs/dashboard/errors", test_errors);
  g_test_add_func ("/bs/dashboard/our-query", test_our_query);
  g_test_add_func ("/bs/dashboard/new-dashboard", test_new_dashboard);
  g_test_add_func ("/bs/dashboard/toggle-row", test_toggle_row);
  g_test_add_func ("/bs/dashboard/grid-items", test_grid_items);
  return g_test_run ();
}
