/* The dashboard templates: each builds, round-trips through Grafana JSON, lays its panels out
 * without overlap on the 24-column grid, and every panel's query runs on a real demo
 * workspace and gives rows, both as the panel says it and as the dashboard shows it (the
 * dashboard's time range and variables applied).
 */
#define G_LOG_DOMAIN "bs-test-dashboard-template"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-dashboard-template.h"
#include "bs-dashboard-view-query.h"
#include "bs-demo-generator.h"
#include "bs-panel-type.h"
#include "bs-persona.h"
#include "bs-source-runner.h"
#include "bs-test-util.h"
#include "bs-value-format.h"

/* Snapshots take whole days of 6,000 rows, up to half the rows (bs-demo-generator.h):
 * 150,000 rows give 12 days of stock levels, so that "by day" draws a line, not a point. */
#define DEMO_ROWS 150000
#define DEMO_SOURCE_ID 7

static char *demo_dir;
static BsSourceSpec *demo_spec;
static GDateTime *demo_end;

static void
make_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDemoGenerator) generator = NULL;
  g_autofree char *path = NULL;

  demo_dir = bs_test_make_tmp_dir ();
  path = g_build_filename (demo_dir, "demo-retail.db", NULL);
  demo_end = g_date_time_new_now_utc ();
  generator = bs_demo_generator_new (BS_DEMO_DEFAULT_SEED, DEMO_ROWS, demo_end);
  g_assert_true (bs_demo_generator_write (generator, path, NULL, &error));
  g_assert_no_error (error);
  demo_spec = bs_source_spec_new (DEMO_SOURCE_ID, "Demo retail", "sqlite");
  demo_spec->path = g_strdup (path);
  demo_spec->owned = TRUE;
}

static void
test_list (void)
{
  const BsDashboardTemplate *templates;
  guint n = 0;
  const char * const expected[] = {
    "executive-kpis", "inventory-watch", "sales-by-region", "data-freshness",
  };

  templates = bs_dashboard_templates (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (templates[i].id, ==, expected[i]);
      g_assert_true (bs_dashboard_template_lookup (expected[i]) == &templates[i]);
      g_assert_nonnull (templates[i].title);
      g_assert_nonnull (templates[i].description);
      g_assert_true (g_str_has_suffix (templates[i].description, "."));
      g_assert_true (g_str_has_suffix (templates[i].icon_name, "-symbolic"));
    }
  g_assert_null (bs_dashboard_template_lookup ("grafana-home"));
  g_assert_null (bs_dashboard_template_lookup (NULL));
  g_assert_null (bs_dashboard_template_build ("grafana-home", 1));
}

static void
assert_all_templates (const char * const *order)
{
  guint n = 0;

  bs_dashboard_templates (&n);
  g_assert_cmpuint (g_strv_length ((char **) order), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (bs_dashboard_template_lookup (order[i]));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (order[i], !=, order[j]);
    }
}

static void
test_personas (void)
{
  const BsPersona *personas;
  gsize n = 0;

  personas = bs_persona_get_all (&n);
  for (gsize i = 0; i < n; i++)
    assert_all_templates (bs_dashboard_templates_for_persona (personas[i].id));
  assert_all_templates (bs_dashboard_templates_for_persona (NULL));
  assert_all_templates (bs_dashboard_templates_for_persona ("astronaut"));

  g_assert_cmpstr (bs_dashboard_templates_for_persona ("executive")[0], ==, "executive-kpis");
  g_assert_cmpstr (bs_dashboard_templates_for_persona ("data-engineer")[0], ==,
                   "data-freshness");
  g_assert_cmpstr (bs_dashboard_templates_for_persona ("data-analyst")[0], ==,
                   "sales-by-region");
  g_assert_cmpstr (bs_dashboard_templates_for_persona (NULL)[0], ==, "executive-kpis");
}

static void
assert_layout (const BsDashboard *dashboard)
{
  gsize n_items = 0;
  g_autofree BsGridItem *items = bs_dashboard_get_grid_items (dashboard, &n_items);
  guint n_stats = 0;

  g_assert_cmpuint (n_items, >=, 6);
  g_assert_cmpuint (n_items, <=, 10);
  g_assert_false (bs_grid_layout_has_overlap (items, n_items));
  for (gsize i = 0; i < n_items; i++)
    {
      const BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);

      g_assert_cmpint (items[i].x, >=, 0);
      g_assert_cmpint (items[i].w, >=, 4);
      g_assert_cmpint (items[i].x + items[i].w, <=, BS_GRID_COLUMNS);
      g_assert_cmpint (items[i].h, >=, 4);
      g_assert_nonnull (bs_panel_type_lookup (panel->type));
      g_assert_cmpint (bs_panel_kind_from_type (panel->type), !=, BS_PANEL_KIND_OTHER);
      g_assert_cmpstr (panel->title, !=, "");
      /* Stats across the top, 4 to 6 columns each, as a business dashboard opens. */
      if (bs_panel_kind_from_type (panel->type) == BS_PANEL_KIND_STAT)
        {
          n_stats++;
          g_assert_cmpint (items[i].y, ==, 0);
          g_assert_cmpint (items[i].w, >=, 4);
          g_assert_cmpint (items[i].w, <=, 6);
        }
    }
  g_assert_cmpuint (n_stats, >=, 3);
}

static void
assert_round_trip (const BsDashboard *dashboard)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = bs_dashboard_to_json (dashboard);
  g_autofree char *text = json_to_string (json, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, &error);
  g_autoptr(BsDashboard) back = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  back = bs_dashboard_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_true (bs_dashboard_equal (dashboard, back));
  again = bs_dashboard_to_json (back);
  text_again = json_to_string (again, FALSE);
  g_assert_cmpstr (text, ==, text_again);
  g_assert_cmpstr (back->title, ==, dashboard->title);
  g_assert_cmpuint (back->panels->len, ==, dashboard->panels->len);
  g_assert_cmpuint (back->variables->len, ==, dashboard->variables->len);
}

static JsonNode *
run (const BsQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  JsonNode *frame;

  frame = bs_source_runner_run_query (demo_spec, query, utc, demo_end, 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frame);
  return frame;
}

static guint
n_rows (JsonNode *frame)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (frame),
                                                              "rows"));
}

/* A value column that is not only nulls: an answer a panel can draw. */
static gboolean
has_value (JsonNode *frame)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (frame), "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      JsonNode *value = json_array_get_element (row, json_array_get_length (row) - 1);

      if (!JSON_NODE_HOLDS_NULL (value))
        return TRUE;
    }
  return FALSE;
}

/* The panel's own query, with the value of the dashboard's variables filled in by hand. */
static BsQuery *
own_query (const BsDashboardPanel *panel,
           const char             *region)
{
  g_autoptr(GError) error = NULL;
  BsQuery *query = bs_dashboard_panel_get_query (panel, "A", &error);

  g_assert_no_error (error);
  g_assert_nonnull (query);
  for (guint i = 0; i < query->filters->len; i++)
    {
      BsQueryFilter *filter = g_ptr_array_index (query->filters, i);

      if (g_strcmp0 (filter->text, "$region") == 0)
        {
          g_free (filter->text);
          filter->text = g_strdup (region);
        }
    }
  return query;
}

static void
assert_panel_runs (const BsDashboard      *dashboard,
                   const BsDashboardPanel *panel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) query = own_query (panel, "Europe");
  g_autoptr(BsQuery) shown = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonNode) shown_frame = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *sentence = bs_query_describe (query);

  g_test_message ("%s: %s", panel->title, sentence);
  g_assert_true (bs_query_validate (query, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query->source_id, ==, DEMO_SOURCE_ID);
  frame = run (query);
  g_assert_cmpuint (n_rows (frame), >=, 1);
  /* The last hour, and "today" just after midnight, may still be empty. */
  if (!(query->range == BS_QUERY_RANGE_LAST_HOURS && query->range_count == 1)
      && query->range != BS_QUERY_RANGE_TODAY)
    g_assert_true (has_value (frame));
  if (bs_panel_kind_from_type (panel->type) == BS_PANEL_KIND_TIMESERIES)
    {
      g_assert_cmpint (query->bucket, !=, BS_QUERY_BUCKET_NONE);
      g_assert_cmpuint (n_rows (frame), >=, 2);
    }
  if (bs_panel_kind_from_type (panel->type) == BS_PANEL_KIND_BAR
      || bs_panel_kind_from_type (panel->type) == BS_PANEL_KIND_PIE)
    {
      g_assert_nonnull (query->splits[0]);
      g_assert_cmpuint (n_rows (frame), >=, 2);
    }

  /* As the canvas runs it: on "All" of every variable, then on one region. */
  shown = bs_dashboard_view_query (dashboard, panel, values, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shown);
  shown_frame = run (shown);
  g_assert_cmpuint (n_rows (shown_frame), >=, 1);
  g_clear_pointer (&shown, bs_query_free);
  g_clear_pointer (&shown_frame, json_node_unref);
  g_hash_table_insert (values, (gpointer) "region", (gpointer) "APAC");
  shown = bs_dashboard_view_query (dashboard, panel, values, &error);
  g_assert_no_error (error);
  shown_frame = run (shown);
  g_assert_cmpuint (n_rows (shown_frame), >=, 1);
}

/* A panel whose range is not the dashboard's says its own to Grafana ("timeFrom"), and so
 * does one whose title names a range, so that the title stays true. */
static void
assert_own_range (const BsDashboard      *dashboard,
                  const BsDashboardPanel *panel)
{
  g_autoptr(BsQuery) query = bs_dashboard_panel_get_query (panel, NULL, NULL);
  BsQueryRange range;
  guint count;

  g_assert_true (bs_dashboard_time_to_range (dashboard->time_from, dashboard->time_to,
                                             &range, &count));
  if (query->time_column == NULL)
    return;
  if (query->range != range || (range != BS_QUERY_RANGE_TODAY && query->range_count != count))
    g_assert_true (json_object_has_member (panel->json, "timeFrom"));
  /* A title that names a range keeps to it even when the dashboard shows another. */
  if (strstr (panel->title, "Today") != NULL || strstr (panel->title, "Hour") != NULL
      || strstr (panel->title, "Day") != NULL)
    g_assert_true (json_object_has_member (panel->json, "timeFrom"));
}

static void
test_template (gconstpointer data)
{
  const char *id = data;
  g_autoptr(BsDashboard) dashboard = bs_dashboard_template_build (id, DEMO_SOURCE_ID);
  g_autoptr(BsDashboard) other = bs_dashboard_template_build (id, DEMO_SOURCE_ID);

  g_assert_nonnull (dashboard);
  g_assert_cmpstr (dashboard->title, ==, bs_dashboard_template_lookup (id)->title);
  g_assert_nonnull (dashboard->uid);
  g_assert_cmpstr (dashboard->uid, !=, other->uid);
  g_assert_cmpint (dashboard->schema_version, ==, BS_DASHBOARD_SCHEMA_VERSION);

  assert_layout (dashboard);
  assert_round_trip (dashboard);
  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      const BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);

      g_autoptr(BsQuery) query = bs_dashboard_panel_get_query (panel, "A", NULL);

      /* Every unit is one the panel editor offers, so that it reads back in the menu. */
      g_assert_nonnull (bs_value_unit_lookup (panel->unit));
      /* "Today" may be empty just after midnight: a template opens with figures. */
      g_assert_cmpint (query->range, !=, BS_QUERY_RANGE_TODAY);
      assert_own_range (dashboard, panel);
      assert_panel_runs (dashboard, panel);
    }
}

/* Added to a dashboard of another range (the default "now-6h"), a suggested panel keeps its
 * own, which its title and description name. */
static void
assert_keeps_range (const BsDashboard      *dashboard,
                    const BsDashboardPanel *panel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) own = bs_dashboard_panel_get_query (panel, "A", &error);
  g_autoptr(BsQuery) shown = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (own->time_column);
  g_assert_true (json_object_has_member (panel->json, "timeFrom"));
  shown = bs_dashboard_view_query (dashboard, panel, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (shown->range, ==, own->range);
  if (own->range != BS_QUERY_RANGE_TODAY)
    g_assert_cmpuint (shown->range_count, ==, own->range_count);
  if (own->bucket != BS_QUERY_BUCKET_NONE)
    g_assert_cmpint (shown->bucket, ==, own->bucket);
}

static void
assert_suggested_panel (const BsSuggestion *suggestion)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_new ("Suggestions");
  BsDashboardPanel *panel = bs_dashboard_template_suggested_panel (suggestion->id,
                                                                   DEMO_SOURCE_ID);
  const BsPanelTypeInfo *info;

  g_test_message ("suggestion %s", suggestion->id);
  g_assert_nonnull (panel);
  g_ptr_array_add (dashboard->panels, panel);
  panel->id = 1;
  info = bs_panel_type_lookup (panel->type);
  g_assert_nonnull (info);
  g_assert_cmpint (bs_panel_kind_from_type (panel->type), !=, BS_PANEL_KIND_OTHER);
  /* What the palette lists is what the canvas shows. */
  g_assert_cmpstr (panel->title, ==, bs_persona_gettext (suggestion->title));
  g_assert_cmpstr (json_object_get_string_member (panel->json, "description"), !=, "");
  g_assert_nonnull (bs_value_unit_lookup (panel->unit));
  g_assert_cmpint (panel->w, ==, info->default_w);
  g_assert_cmpint (panel->h, ==, info->default_h);
  assert_keeps_range (dashboard, panel);
  assert_panel_runs (dashboard, panel);
  assert_round_trip (dashboard);
}

/* Every panel a persona suggests builds, and its query gives rows on a real demo. */
static void
test_suggested_panels (void)
{
  gsize n_personas = 0;
  const BsPersona *personas = bs_persona_get_all (&n_personas);
  guint n_panels = 0;

  for (gsize i = 0; i < n_personas; i++)
    for (guint j = 0; j < bs_persona_count_suggestions (&personas[i]); j++)
      {
        const BsSuggestion *suggestion = &personas[i].suggestions[j];

        if (suggestion->kind != BS_SUGGESTION_PANEL)
          {
            g_assert_null (bs_dashboard_template_suggested_panel (suggestion->id, 1));
            continue;
          }
        assert_suggested_panel (suggestion);
        n_panels++;
      }
  g_assert_cmpuint (n_panels, ==, 2 * n_personas);
  g_assert_null (bs_dashboard_template_suggested_panel ("no-such-panel", 1));
  g_assert_null (bs_dashboard_template_suggested_panel ("executive-kpis", 1));
  g_assert_null (bs_dashboard_template_suggested_panel (NULL, 1));
}

/* The region variable of ours, used by every panel's filter. */
static void
test_sales_by_region_variable (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_template_build ("sales-by-region", 3);
  BsDashboardVariable *variable;
  gint64 source_id = 0;
  const char *table = NULL;
  const char *column = NULL;
  g_autoptr(BsQuery) values = NULL;

  g_assert_cmpuint (dashboard->variables->len, ==, 1);
  variable = g_ptr_array_index (dashboard->variables, 0);
  g_assert_cmpstr (variable->name, ==, "region");
  g_assert_true (bs_dashboard_variable_get_column (variable, &source_id, &table, &column));
  g_assert_cmpint (source_id, ==, 3);
  g_assert_cmpstr (table, ==, "sales_detail");
  g_assert_cmpstr (column, ==, "region");
  g_assert_null (bs_dashboard_variable_get_value (variable));
  values = bs_dashboard_variable_values_query (variable);
  g_assert_nonnull (values);

  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      const BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      g_autoptr(BsQuery) query = bs_dashboard_panel_get_query (panel, NULL, NULL);
      gboolean uses = FALSE;

      for (guint j = 0; j < query->filters->len; j++)
        uses |= g_strcmp0 (((BsQueryFilter *) g_ptr_array_index (query->filters, j))->text,
                           "$region") == 0;
      g_assert_true (uses);
    }
}

/* What the thresholds say: red when no row came in, as a person reads the stat. */
static void
test_freshness_thresholds (void)
{
  g_autoptr(BsDashboard) dashboard = bs_dashboard_template_build ("data-freshness", 1);
  guint n_stats = 0;

  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      const BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      const BsDashboardThresholdStep *base, *next;

      if (bs_panel_kind_from_type (panel->type) != BS_PANEL_KIND_STAT)
        continue;
      n_stats++;
      g_assert_true (panel->has_thresholds);
      g_assert_cmpuint (panel->threshold_steps->len, ==, 2);
      base = &g_array_index (panel->threshold_steps, BsDashboardThresholdStep, 0);
      next = &g_array_index (panel->threshold_steps, BsDashboardThresholdStep, 1);
      g_assert_true (isinf (base->value) && base->value < 0);
      g_assert_cmpstr (base->color, ==, "#F2495C");
      g_assert_cmpfloat (next->value, ==, 1);
      g_assert_cmpstr (next->color, ==, "#73BF69");
    }
  g_assert_cmpuint (n_stats, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;
  const BsDashboardTemplate *templates;
  int status;

  g_test_init (&argc, &argv, NULL);
  make_demo ();

  g_test_add_func ("/bs/dashboard-template/list", test_list);
  g_test_add_func ("/bs/dashboard-template/personas", test_personas);
  templates = bs_dashboard_templates (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bs/dashboard-template/build/%s",
                                               templates[i].id);

      g_test_add_data_func (path, templates[i].id, test_template);
    }
  g_test_add_func ("/bs/dashboard-template/sales-by-region-variable",
                   test_sales_by_region_variable);
  g_test_add_func ("/bs/dashboard-template/freshness-thresholds", test_freshness_thresholds);
  g_test_add_func ("/bs/dashboard-template/suggested-panels", test_suggested_panels);

  status = g_test_run ();
  bs_source_spec_free (demo_spec);
  g_date_time_unref (demo_end);
  bs_test_remove_tree (demo_dir);
  g_free (demo_dir);
  return status;
}
