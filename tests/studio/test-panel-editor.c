/* The panel editor side sheet against a real engine with the demo data: each field a person
 * changes makes one ::changed and lands in the edited copy (title after a pause, type, unit,
 * decimals, thresholds, series colour); what the query builder makes becomes the panel's
 * target; "Create Alert From This Panel" hands over the panel's query, and is refused with a
 * reason for a panel without a query of ours; the close button and Escape ask to close.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the sheet is drawn to PNG files there.
 */
#define G_LOG_DOMAIN "bs-test-panel-editor"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "bs-panel-editor.h"
#include "bs-query-builder.h"
#include "bs-query-preview.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

#define WAIT_MS 60000
#define TYPING_PAUSE_MS 500

static char *root;
static BsTestEngine *engine;
static gint64 demo_id;

typedef struct
{
  GtkWidget     *window;
  BsPanelEditor *editor;
  guint          changed;
  guint          closes;
  BsQuery       *alert_query;
} Fixture;

static void
changed_cb (BsPanelEditor *editor,
            Fixture       *fixture)
{
  fixture->changed++;
  g_assert_nonnull (bs_panel_editor_get_change_label (editor));
}

static void
close_requested_cb (BsPanelEditor *editor,
                    Fixture       *fixture)
{
  fixture->closes++;
}

static void
create_alert_cb (BsPanelEditor *editor,
                 BsQuery       *query,
                 Fixture       *fixture)
{
  g_clear_pointer (&fixture->alert_query, bs_query_free);
  fixture->alert_query = bs_query_copy (query);
}

static void
fixture_open (Fixture *fixture)
{
  memset (fixture, 0, sizeof *fixture);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 380, 1000);
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Panel editor");
  fixture->editor = BS_PANEL_EDITOR (bs_panel_editor_new (engine->client));
  bs_panel_editor_set_default_source (fixture->editor, demo_id);
  bs_panel_editor_set_verbosity (fixture->editor, BS_PROFILE_VERBOSITY_MINIMAL);
  g_signal_connect (fixture->editor, "changed", G_CALLBACK (changed_cb), fixture);
  g_signal_connect (fixture->editor, "close-requested", G_CALLBACK (close_requested_cb),
                    fixture);
  g_signal_connect (fixture->editor, "create-alert", G_CALLBACK (create_alert_cb), fixture);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->editor));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  g_signal_handlers_disconnect_by_data (fixture->editor, fixture);
  g_clear_pointer (&fixture->alert_query, bs_query_free);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return bs_test_template_child (fixture->editor, BS_TYPE_PANEL_EDITOR, name);
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

static void
spin (guint ms)
{
  bs_test_wait_until (never, NULL, ms);
}

static gboolean
builder_ready (gpointer user_data)
{
  BsQueryBuilder *builder = user_data;

  return !bs_query_builder_get_loading (builder) && bs_query_builder_get_query (builder) != NULL;
}

/* The builder has read the schema and made its query, and the editor has seen it. */
static void
wait_settled (Fixture *fixture)
{
  BsQueryBuilder *builder = child (fixture, "query_builder");

  if (!bs_test_wait_until (builder_ready, builder, WAIT_MS))
    g_error ("The builder made no query: %s", bs_query_builder_get_error (builder));
  spin (300);
}

static guint
find_label (GListModel *model,
            const char *label)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        return i;
    }
  g_error ("No “%s” in the list", label);
  return GTK_INVALID_LIST_POSITION;
}

/* As a person picks an entry of a combo row: by what it says. */
static void
choose_row (AdwComboRow *row,
            const char  *label)
{
  adw_combo_row_set_selected (row, find_label (adw_combo_row_get_model (row), label));
}

static void
choose_dropdown (GtkDropDown *dropdown,
                 const char  *label)
{
  gtk_drop_down_set_selected (dropdown, find_label (gtk_drop_down_get_model (dropdown), label));
}

static const char *
selected_label (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static BsDashboardPanel *
revenue_panel (void)
{
  BsDashboardPanel *panel = bs_dashboard_panel_new (4, "stat", "Revenue");
  g_autoptr(BsQuery) query = bs_query_new (demo_id, "sales");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 7);
  bs_dashboard_panel_set_query (panel, "A", query);
  panel->unit = g_strdup ("currencyUSD");
  return panel;
}

static BsQuery *
target_query (const BsDashboardPanel *panel)
{
  g_autoptr(GError) error = NULL;
  BsQuery *query = bs_dashboard_panel_get_query (panel, NULL, &error);

  g_assert_no_error (error);
  return query;
}

/* The fields of the Panel group, each one change */
static void
test_fields (void)
{
  Fixture fixture;
  g_autoptr(BsDashboardPanel) panel = revenue_panel ();
  const BsDashboardPanel *edited;
  guint changed;

  fixture_open (&fixture);
  bs_panel_editor_set_panel (fixture.editor, panel);
  wait_settled (&fixture);
  /* Showing a panel, and the builder reading its query, are not changes. */
  g_assert_cmpuint (fixture.changed, ==, 0);
  g_assert_null (bs_panel_editor_get_change_label (fixture.editor));
  g_assert_true (bs_panel_editor_get_panel (fixture.editor) != panel);
  g_assert_cmpstr (gtk_editable_get_text (child (&fixture, "title_row")), ==, "Revenue");
  g_assert_cmpstr (selected_label (child (&fixture, "type_row")), ==, "Stat");
  g_assert_cmpstr (selected_label (child (&fixture, "unit_row")), ==, "US dollars ($)");
  g_assert_cmpstr (selected_label (child (&fixture, "decimals_row")), ==, "Automatic");
  g_assert_cmpstr (bs_query_builder_get_table (child (&fixture, "query_builder")), ==, "sales");
  g_assert_true (gtk_widget_get_sensitive (child (&fixture, "create_alert_button")));

  /* A title typed key by key: one change, after the pause. */
  gtk_editable_set_text (child (&fixture, "title_row"), "Revenue, ");
  gtk_editable_set_text (child (&fixture, "title_row"), "Revenue, 7 days");
  g_assert_cmpuint (fixture.changed, ==, 0);
  spin (TYPING_PAUSE_MS + 300);
  g_assert_cmpuint (fixture.changed, ==, 1);
  edited = bs_panel_editor_get_panel (fixture.editor);
  g_assert_cmpstr (edited->title, ==, "Revenue, 7 days");
  g_assert_nonnull (strstr (bs_panel_editor_get_change_label (fixture.editor), "Revenue, 7 days"));
  g_assert_cmpstr (panel->title, ==, "Revenue");

  choose_row (child (&fixture, "type_row"), "Time series");
  g_assert_cmpuint (fixture.changed, ==, 2);
  g_assert_cmpstr (bs_panel_editor_get_panel (fixture.editor)->type, ==, "timeseries");
  g_assert_nonnull (strstr (bs_panel_editor_get_change_label (fixture.editor), "type"));

  choose_row (child (&fixture, "unit_row"), "Euros (€)");
  g_assert_cmpuint (fixture.changed, ==, 3);
  g_assert_cmpstr (bs_panel_editor_get_panel (fixture.editor)->unit, ==, "currencyEUR");
  g_assert_cmpstr (bs_panel_editor_get_change_label (fixture.editor), ==,
                   "Change the unit of “Revenue, 7 days”");
  choose_row (child (&fixture, "unit_row"), "Automatic");
  g_assert_cmpuint (fixture.changed, ==, 4);
  g_assert_null (bs_panel_editor_get_panel (fixture.editor)->unit);

  choose_row (child (&fixture, "decimals_row"), "2");
  g_assert_cmpuint (fixture.changed, ==, 5);
  g_assert_cmpint (bs_panel_editor_get_panel (fixture.editor)->decimals, ==, 2);
  choose_row (child (&fixture, "decimals_row"), "Automatic");
  g_assert_cmpint (bs_panel_editor_get_panel (fixture.editor)->decimals, ==, -1);

  /* After an undo the caller shows its copy again: the fields follow, nothing is emitted. */
  changed = fixture.changed;
  bs_panel_editor_set_panel (fixture.editor, panel);
  spin (TYPING_PAUSE_MS + 200);
  g_assert_cmpuint (fixture.changed, ==, changed);
  g_assert_cmpstr (gtk_editable_get_text (child (&fixture, "title_row")), ==, "Revenue");
  g_assert_cmpstr (selected_label (child (&fixture, "type_row")), ==, "Stat");
  g_assert_cmpstr (selected_label (child (&fixture, "unit_row")), ==, "US dollars ($)");
  g_assert_cmpstr (bs_panel_editor_get_panel (fixture.editor)->type, ==, "stat");

  fixture_close (&fixture);
}

/* The @n-th shown widget of @type under @top, in reading order. */
static GtkWidget *
descendant (GtkWidget *top,
            GType      type,
            guint      n)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, top);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autoptr(GPtrArray) children = g_ptr_array_new ();

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
        g_ptr_array_add (found, widget);
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (children, c);
      for (guint i = children->len; i > 0; i--)
        g_ptr_array_add (stack, g_ptr_array_index (children, i - 1));
    }
  g_ptr_array_unref (stack);
  g_assert_cmpuint (n, <, found->len);
  return g_ptr_array_index (found, n);
}

static GtkWidget *
threshold_widget (Fixture *fixture,
                  GType    type,
                  guint    n)
{
  return descendant (child (fixture, "thresholds_group"), type, n);
}

/* The @n-th "Remove This Threshold" button (other buttons sit in the group too: "Add",
 * and the button inside each colour button). */
static GtkWidget *
remove_button (Fixture *fixture,
               guint    n)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *button = threshold_widget (fixture, GTK_TYPE_BUTTON, i);

      if (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "user-trash-symbolic") == 0
          && n-- == 0)
        return button;
    }
}

static const BsDashboardThresholdStep *
step (Fixture *fixture,
      guint    i)
{
  const BsDashboardPanel *panel = bs_panel_editor_get_panel (fixture->editor);

  g_assert_cmpuint (i, <, panel->threshold_steps->len);
  return &g_array_index (panel->threshold_steps, BsDashboardThresholdStep, i);
}

static void
pick_colour (GtkWidget  *button,
             const char *colour)
{
  GdkRGBA rgba;

  g_assert_true (gdk_rgba_parse (&rgba, colour));
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  g_signal_emit_by_name (button, "color-set");
}

/* fieldConfig.defaults of a panel's JSON, where Grafana keeps colours and thresholds. */
static JsonObject *
field_defaults (JsonNode *json)
{
  return json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (json), "fieldConfig"), "defaults");
}

/* Thresholds: added, typed, coloured, removed; and the series colour. */
static void
test_thresholds_and_colour (void)
{
  Fixture fixture;
  g_autoptr(BsDashboardPanel) panel = revenue_panel ();
  g_autoptr(JsonNode) json = NULL;
  JsonObject *colour;
  GtkWidget *entry;

  fixture_open (&fixture);
  bs_panel_editor_set_panel (fixture.editor, panel);
  wait_settled (&fixture);
  g_assert_false (bs_panel_editor_get_panel (fixture.editor)->has_thresholds);

  /* The first "Add" gives Grafana's defaults: base green, red from 80. */
  g_signal_emit_by_name (child (&fixture, "add_threshold_button"), "clicked");
  g_assert_cmpuint (fixture.changed, ==, 1);
  g_assert_true (bs_panel_editor_get_panel (fixture.editor)->has_thresholds);
  g_assert_true (isinf (step (&fixture, 0)->value) && step (&fixture, 0)->value < 0);
  g_assert_cmpfloat (step (&fixture, 1)->value, ==, 80);
  g_signal_emit_by_name (child (&fixture, "add_threshold_button"), "clicked");
  g_assert_cmpuint (fixture.changed, ==, 2);
  g_assert_cmpfloat (step (&fixture, 2)->value, ==, 90);

  /* A word is refused; a number lands after the pause, and the steps stay in order. */
  entry = threshold_widget (&fixture, GTK_TYPE_ENTRY, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "lots");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  spin (TYPING_PAUSE_MS + 200);
  g_assert_cmpuint (fixture.changed, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (entry), "50");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  spin (TYPING_PAUSE_MS + 200);
  g_assert_cmpuint (fixture.changed, ==, 3);
  g_assert_cmpfloat (step (&fixture, 1)->value, ==, 50);
  g_assert_cmpfloat (step (&fixture, 2)->value, ==, 80);
  g_assert_nonnull (strstr (bs_panel_editor_get_change_label (fixture.editor), "thresholds"));

  /* Colours are written as Grafana writes a picked one. */
  pick_colour (threshold_widget (&fixture, GTK_TYPE_COLOR_BUTTON, 0), "#3274D9");
  g_assert_cmpuint (fixture.changed, ==, 4);
  g_assert_cmpstr (step (&fixture, 0)->color, ==, "#3274D9");
  pick_colour (threshold_widget (&fixture, GTK_TYPE_COLOR_BUTTON, 2), "rgb(255,0,0)");
  g_assert_cmpstr (step (&fixture, 2)->color, ==, "#FF0000");

  /* Removing the step from 50. */
  g_signal_emit_by_name (remove_button (&fixture, 0), "clicked");
  g_assert_cmpuint (fixture.changed, ==, 6);
  g_assert_cmpuint (bs_panel_editor_get_panel (fixture.editor)->threshold_steps->len, ==, 2);
  g_assert_cmpfloat (step (&fixture, 1)->value, ==, 80);
  g_assert_cmpstr (step (&fixture, 1)->color, ==, "#FF0000");

  bs_test_save_screenshot (fixture.window, "panel-editor-thresholds.png");

  /* The series colour: one colour, then another, then automatic again. */
  choose_row (child (&fixture, "colour_row"), "One colour");
  g_assert_cmpuint (fixture.changed, ==, 7);
  json = bs_dashboard_panel_to_json (bs_panel_editor_get_panel (fixture.editor));
  colour = json_object_get_object_member (field_defaults (json), "color");
  g_assert_cmpstr (json_object_get_string_member (colour, "mode"), ==, "fixed");
  g_assert_cmpstr (json_object_get_string_member (colour, "fixedColor"), ==, "#73BF69");
  g_assert_true (json_object_has_member (field_defaults (json), "thresholds"));
  g_clear_pointer (&json, json_node_unref);

  pick_colour (descendant (child (&fixture, "colour_row"), GTK_TYPE_COLOR_BUTTON, 0),
               "#B877D9");
  g_assert_cmpuint (fixture.changed, ==, 8);
  json = bs_dashboard_panel_to_json (bs_panel_editor_get_panel (fixture.editor));
  colour = json_object_get_object_member (field_defaults (json), "color");
  g_assert_cmpstr (json_object_get_string_member (colour, "fixedColor"), ==, "#B877D9");
  g_clear_pointer (&json, json_node_unref);

  choose_row (child (&fixture, "colour_row"), "Automatic");
  g_assert_cmpuint (fixture.changed, ==, 9);
  json = bs_dashboard_panel_to_json (bs_panel_editor_get_panel (fixture.editor));
  g_assert_false (json_object_has_member (field_defaults (json), "color"));

  fixture_close (&fixture);
}

static GtkDropDown *
builder_dropdown (Fixture    *fixture,
                  const char *name)
{
  return bs_test_template_child (child (fixture, "query_builder"), BS_TYPE_QUERY_BUILDER, name);
}

/* A new panel has no data: the builder starts on the demo source, nothing is written until
 * a person chooses, and then the choice is the panel's target; the alert takes it. */
static void
test_query (void)
{
  Fixture fixture;
  g_autoptr(BsDashboardPanel) panel = bs_dashboard_panel_new (9, "timeseries", "Orders");
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *target;
  GtkLabel *reason;

  fixture_open (&fixture);
  bs_panel_editor_set_panel (fixture.editor, panel);
  wait_settled (&fixture);
  g_assert_cmpuint (fixture.changed, ==, 0);
  g_assert_null (bs_dashboard_panel_get_query (bs_panel_editor_get_panel (fixture.editor), NULL,
                                               NULL));
  g_assert_cmpint (bs_query_builder_get_source_id (child (&fixture, "query_builder")), ==,
                   demo_id);
  g_assert_true (gtk_widget_get_visible (child (&fixture, "no_query_box")));
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "create_alert_button")));
  reason = child (&fixture, "alert_reason_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reason)));
  g_assert_nonnull (strstr (gtk_label_get_label (reason), "choose it above"));
  bs_test_save_screenshot (fixture.window, "panel-editor-new.png");

  /* A person picks the orders table and the hour buckets: each a change of the target. */
  choose_dropdown (builder_dropdown (&fixture, "table_dropdown"), "orders");
  wait_settled (&fixture);
  g_assert_cmpuint (fixture.changed, ==, 1);
  g_assert_nonnull (strstr (bs_panel_editor_get_change_label (fixture.editor), "data"));
  query = target_query (bs_panel_editor_get_panel (fixture.editor));
  g_assert_nonnull (query);
  g_assert_cmpstr (query->table, ==, "orders");
  g_assert_cmpint (query->source_id, ==, demo_id);
  g_clear_pointer (&query, bs_query_free);
  choose_dropdown (builder_dropdown (&fixture, "bucket_dropdown"), "hour");
  g_assert_cmpuint (fixture.changed, ==, 2);
  query = target_query (bs_panel_editor_get_panel (fixture.editor));
  g_assert_cmpint (query->bucket, ==, BS_QUERY_BUCKET_HOUR);
  g_assert_false (gtk_widget_get_visible (child (&fixture, "no_query_box")));

  /* Our own target, as the dashboard JSON carries it. */
  json = bs_dashboard_panel_to_json (bs_panel_editor_get_panel (fixture.editor));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json), "targets")), ==, 1);
  target = json_array_get_object_element (json_object_get_array_member (
                                            json_node_get_object (json), "targets"), 0);
  g_assert_cmpstr (json_object_get_string_member (target, "refId"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     target, "businessStudioQuery"), "table"), ==, "orders");

  /* The alert gets exactly the panel's query. */
  g_assert_true (gtk_widget_get_sensitive (child (&fixture, "create_alert_button")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (reason)));
  g_signal_emit_by_name (child (&fixture, "create_alert_button"), "clicked");
  g_assert_nonnull (fixture.alert_query);
  g_assert_cmpstr (fixture.alert_query->table, ==, "orders");
  g_assert_cmpint (fixture.alert_query->bucket, ==, BS_QUERY_BUCKET_HOUR);

  fixture_close (&fixture);
}

/* A Grafana panel asking Prometheus: no alert from here, and a reason that says why. Its
 * target stays as it is until a person chooses data of ours. */
static void
test_foreign_query (void)
{
  Fixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{\"id\":3,\"type\":\"timeseries\",\"title\":\"CPU\","
    " \"gridPos\":{\"x\":0,\"y\":0,\"w\":12,\"h\":8},"
    " \"datasource\":{\"type\":\"prometheus\",\"uid\":\"${DS_PROMETHEUS}\"},"
    " \"targets\":[{\"refId\":\"A\",\"expr\":\"rate(node_cpu_seconds_total[5m])\"}],"
    " \"fieldConfig\":{\"defaults\":{\"unit\":\"reqps\",\"decimals\":9},\"overrides\":[]}}",
    &error);
  g_autoptr(BsDashboardPanel) panel = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(BsQuery) query = NULL;

  g_assert_no_error (error);
  panel = bs_dashboard_panel_from_json (node, "Panel 1", &error);
  g_assert_no_error (error);
  fixture_open (&fixture);
  bs_panel_editor_set_panel (fixture.editor, panel);
  wait_settled (&fixture);
  g_assert_cmpuint (fixture.changed, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (child (&fixture, "create_alert_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (child (&fixture, "alert_reason_label")),
                            "another source"));
  g_assert_true (gtk_widget_get_visible (child (&fixture, "no_query_box")));
  g_assert_nonnull (strstr (gtk_label_get_label (child (&fixture, "no_query_label")),
                            "PromQL: rate(node_cpu_seconds_total[5m])"));
  /* Values the lists do not offer are shown as they are, not replaced. */
  g_assert_cmpstr (selected_label (child (&fixture, "unit_row")), ==, "reqps");
  g_assert_cmpstr (selected_label (child (&fixture, "decimals_row")), ==, "9");
  before = bs_dashboard_panel_to_json (panel);
  after = bs_dashboard_panel_to_json (bs_panel_editor_get_panel (fixture.editor));
  g_assert_true (json_node_equal (before, after));
  bs_test_save_screenshot (fixture.window, "panel-editor-promql.png");

  /* Choosing our data replaces the Prometheus target. */
  choose_dropdown (builder_dropdown (&fixture, "table_dropdown"), "sales");
  wait_settled (&fixture);
  g_assert_cmpuint (fixture.changed, ==, 1);
  query = target_query (bs_panel_editor_get_panel (fixture.editor));
  g_assert_cmpstr (query->table, ==, "sales");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      bs_panel_editor_get_panel (fixture.editor)->targets)), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (child (&fixture, "create_alert_button")));

  fixture_close (&fixture);
}

/* A text panel: only its Markdown, typed and kept after a pause as Grafana's
 * options.content; its data, unit and colours are not asked for. */
static void
test_text (void)
{
  Fixture fixture;
  g_autoptr(BsDashboardPanel) panel = bs_dashboard_panel_new (12, "text", "Notes");
  GtkTextBuffer *buffer;
  JsonObject *options;

  json_object_set_object_member (panel->json, "options", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (panel->json, "options"),
                                 "content", "# Targets");
  fixture_open (&fixture);
  bs_panel_editor_set_panel (fixture.editor, panel);
  wait_settled (&fixture);
  g_assert_cmpuint (fixture.changed, ==, 0);
  g_assert_true (gtk_widget_get_visible (child (&fixture, "text_group")));
  g_assert_false (gtk_widget_get_visible (child (&fixture, "data_group")));
  g_assert_false (gtk_widget_get_visible (child (&fixture, "thresholds_group")));
  g_assert_false (gtk_widget_get_visible (child (&fixture, "alert_box")));
  buffer = gtk_text_view_get_buffer (child (&fixture, "content_view"));
  {
    GtkTextIter end;

    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_insert (buffer, &end, "\n\n**Revenue** above $40,000 a day.", -1);
  }
  g_assert_cmpuint (fixture.changed, ==, 0);
  spin (TYPING_PAUSE_MS + 300);
  g_assert_cmpuint (fixture.changed, ==, 1);
  options = json_object_get_object_member (bs_panel_editor_get_panel (fixture.editor)->json,
                                           "options");
  g_assert_cmpstr (json_object_get_string_member (options, "content"), ==,
                   "# Targets\n\n**Revenue** above $40,000 a day.");
  bs_test_save_screenshot (fixture.window, "panel-editor-text.png");

  /* Made a stat, it asks for data again. */
  choose_row (child (&fixture, "type_row"), "Stat");
  g_assert_cmpuint (fixture.changed, ==, 2);
  g_assert_true (gtk_widget_get_visible (child (&fixture, "data_group")));
  g_assert_false (gtk_widget_get_visible (child (&fixture, "text_group")));
  fixture_close (&fixture);
}

/* The close button, and Escape through the widget's own key binding. */
static void
test_close (void)
{
  Fixture fixture;
  g_autoptr(GListModel) controllers = NULL;
  gboolean escaped = FALSE;

  fixture_open (&fixture);
  g_signal_emit_by_name (child (&fixture, "close_button"), "clicked");
  g_assert_cmpuint (fixture.closes, ==, 1);

  /* The class's key bindings live in a shortcut controller of the widget's own. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture.editor));
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            escaped = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                    GTK_WIDGET (fixture.editor), NULL);
        }
    }
  g_assert_true (escaped);
  g_assert_cmpuint (fixture.closes, ==, 2);

  /* With no panel the sheet says how to get one. */
  bs_panel_editor_set_panel (fixture.editor, NULL);
  g_assert_null (bs_panel_editor_get_panel (fixture.editor));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "stack")), ==, "empty");
  fixture_close (&fixture);
}

/* For a person to look at: a stat with thresholds and a colour, light and dark. */
static void
test_screenshots (void)
{
  Fixture fixture;
  g_autoptr(BsDashboardPanel) panel = revenue_panel ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkScrolledWindow *scrolled;
  GtkWidget *popover;

  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Only draws for a person to look at (set BS_TEST_SCREENSHOT_DIR)");
      return;
    }
  panel->decimals = 0;
  panel->has_thresholds = TRUE;
  bs_dashboard_panel_add_threshold (panel, -INFINITY, "green");
  bs_dashboard_panel_add_threshold (panel, 10000, "#FF9830");
  bs_dashboard_panel_add_threshold (panel, 50000, "red");
  fixture_open (&fixture);
  bs_panel_editor_set_panel (fixture.editor, panel);
  wait_settled (&fixture);
  bs_test_save_screenshot (fixture.window, "panel-editor.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  bs_test_save_screenshot (fixture.window, "panel-editor-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  scrolled = GTK_SCROLLED_WINDOW (descendant (GTK_WIDGET (fixture.editor),
                                              GTK_TYPE_SCROLLED_WINDOW, 0));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), G_MAXDOUBLE);
  bs_test_save_screenshot (fixture.window, "panel-editor-bottom.png");

  /* The unit list, with its group headings. */
  gtk_widget_activate (child (&fixture, "unit_row"));
  spin (300);
  popover = descendant (child (&fixture, "unit_row"), GTK_TYPE_POPOVER, 0);
  bs_test_save_screenshot (popover, "panel-editor-units.png");
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_cmpuint (fixture.changed, ==, 0);
  fixture_close (&fixture);
}

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

  g_setenv ("TZ", "UTC", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();
  load_style ();

  g_test_add_func ("/bs/panel-editor/fields", test_fields);
  g_test_add_func ("/bs/panel-editor/thresholds-and-colour", test_thresholds_and_colour);
  g_test_add_func ("/bs/panel-editor/query", test_query);
  g_test_add_func ("/bs/panel-editor/foreign-query", test_foreign_query);
  g_test_add_func ("/bs/panel-editor/text", test_text);
  g_test_add_func ("/bs/panel-editor/close", test_close);
  g_test_add_func ("/bs/panel-editor/screenshots", test_screenshots);

  engine = bs_test_engine_start_in (root);
  demo_id = bs_test_find_demo_source (engine->client);
  status = g_test_run ();

  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);
  g_free (root);

  return status;
}
