/* The alert builder and its preview against a real engine with the demo data: the rule
 * "inventory units below 100 for each product" made from the dropdowns alone, its preview
 * compared with SQL run straight on the demo database, saved, fired by the running engine
 * and delivered to a webhook receiver served here, in this process.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the builder is also drawn to PNG files there, wide and
 * narrow, for a person to look at.
 */
#define G_LOG_DOMAIN "bs-test-alert-builder"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "bs-alert-builder.h"
#include "bs-alert-input.h"
#include "bs-alert-preview-pane.h"
#include "bs-alerts-page.h"
#include "bs-frame-chart.h"
#include "bs-frame-view.h"
#include "bs-query-builder.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

#define WAIT_MS 60000
/* The engine checks the rule every minute; the first check may wait one interval. */
#define DELIVERY_WAIT_MS (200 * 1000)

static BsTestStudio studio;
static BsTestEngine *engine;
static gint64 demo_id;

/* Parsing numbers */

static void
assert_number (const char *text,
               double      expected)
{
  double value = NAN;

  if (!bs_alert_input_parse_number (text, &value))
    g_error ("“%s” was not read as a number", text);
  g_assert_cmpfloat_with_epsilon (value, expected, 1e-9);
}

static void
assert_not_number (const char *text)
{
  double value = 42;

  if (bs_alert_input_parse_number (text, &value))
    g_error ("“%s” was read as %g", text, value);
  g_assert_cmpfloat (value, ==, 42);
}

/* A German LC_NUMERIC, made with localedef in the test's own directory when the system has
 * none installed (a minimal Debian has only C.UTF-8). */
static gboolean
use_german_numbers (void)
{
  g_autofree char *dir = g_build_filename (studio.root, "locales", NULL);
  g_autofree char *target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int status = 0;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    return TRUE;
  if (!g_file_test (target, G_FILE_TEST_IS_DIR))
    {
      g_mkdir_with_parents (dir, 0700);
      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
          !g_file_test (target, G_FILE_TEST_IS_DIR))
        return FALSE;
    }
  g_setenv ("LOCPATH", dir, TRUE);
  return setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL;
}

static void
test_parse_number (void)
{
  g_autofree char *previous = g_strdup (setlocale (LC_NUMERIC, NULL));

  setlocale (LC_NUMERIC, "C.UTF-8");
  assert_number ("100", 100);
  assert_number (" 2.5 ", 2.5);
  assert_number ("1 000", 1000);
  assert_number ("1\u202f000\u00a0000", 1000000);
  assert_number ("\u22125", -5);
  assert_number ("-0.25", -0.25);
  assert_number ("1e3", 1000);
  assert_not_number ("");
  assert_not_number ("   ");
  assert_not_number ("12abc");
  assert_not_number ("lots");
  assert_not_number ("1e999");
  assert_not_number ("nan");
  assert_not_number ("inf");
  assert_not_number ("0x10");

  /* Where the locale writes "1.234,5", that is what a person types. */
  if (use_german_numbers ())
    {
      assert_number ("1.234,5", 1234.5);
      assert_number ("2,5", 2.5);
      assert_number ("100", 100);
      assert_number ("1.000.000", 1000000);
      assert_not_number ("1,2,3");
      assert_not_number ("zwei");
    }
  else
    g_test_message ("No German locale could be made here: only the C locale was tried");

  setlocale (LC_NUMERIC, previous);
}

static void
test_parse_labels (void)
{
  g_autoptr(JsonObject) labels = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  labels = bs_alert_input_parse_labels (" team = ops ; site=oslo,\n,_x=", &message);
  g_assert_null (message);
  g_assert_cmpuint (json_object_get_size (labels), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (labels, "team"), ==, "ops");
  g_assert_cmpstr (json_object_get_string_member (labels, "site"), ==, "oslo");
  g_assert_cmpstr (json_object_get_string_member (labels, "_x"), ==, "");
  text = bs_alert_input_labels_text (labels);
  g_assert_cmpstr (text, ==, "team=ops, site=oslo, _x=");
  g_clear_pointer (&labels, json_object_unref);

  labels = bs_alert_input_parse_labels ("", &message);
  g_assert_cmpuint (json_object_get_size (labels), ==, 0);
  g_clear_pointer (&labels, json_object_unref);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "team", "9x=1", "__name=1", "a-b=c" };

      labels = bs_alert_input_parse_labels (bad[i], &message);
      g_assert_null (labels);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, "is not a label"));
      g_clear_pointer (&message, g_free);
    }
}

/* The chart's thresholds and shaded intervals */

static JsonObject *
frame_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
settle (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (100 * 1000);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* How many pixels of @widget are the threshold's red (light style: #c01c28): opaque (the
 * line) or @faint (the shading). The chart draws on a transparent background. */
static guint
count_red_pixels (GtkWidget *widget,
                  gboolean   faint)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  guint count = 0;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i++)
    {
      /* Cairo's ARGB32, little-endian and premultiplied: B, G, R, A. */
      int a = pixels[4 * i + 3], r, g, b;

      if (a == 0 || (faint != (a < 128)))
        continue;
      b = pixels[4 * i] * 255 / a;
      g = pixels[4 * i + 1] * 255 / a;
      r = pixels[4 * i + 2] * 255 / a;
      if (r > 150 && g < 80 && b < 80)
        count++;
    }

  return count;
}

static gboolean
below_five (double   value,
            gpointer user_data)
{
  return value < 5;
}

static void
test_chart_thresholds (void)
{
  g_autoptr(JsonObject) series = frame_from (
    "{\"columns\":[{\"name\":\"time\",\"type\":\"time\"},{\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"2026-11-24T10:00:00Z\",10],[\"2026-11-24T11:00:00Z\",20],"
    "          [\"2026-11-24T12:00:00Z\",30],[\"2026-11-24T13:00:00Z\",15]]}");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = bs_frame_chart_new ();
  g_autoptr(JsonObject) bars = frame_from (
    "{\"columns\":[{\"name\":\"product\",\"type\":\"text\"},"
    "            {\"name\":\"value\",\"type\":\"integer\"}],"
    " \"rows\":[[\"Tea\",3],[\"Coffee\",9]]}");
  double thresholds[] = { 25, NAN };
  double thresholds_bars[] = { 5 };
  BsFrameChartInterval interval = { 1795519200 /* 2026-11-24T11:20Z */, 1795522800 };
  BsFrameChartInterval overlapping[] = {
    { 1795522000, 1795526000 }, { 1795519200, 1795522800 }, { 1795530000, INFINITY },
    { 1795540000, 1795530000 /* ends before it starts: left out */ },
  };
  guint bare, lined, faint_bare, faint_shaded, highlighted;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 240);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), series);
  settle ();
  bare = count_red_pixels (chart, FALSE);
  faint_bare = count_red_pixels (chart, TRUE);

  /* A NaN is not a threshold: it is left out. */
  bs_frame_chart_set_thresholds (BS_FRAME_CHART (chart), thresholds, 2);
  g_assert_cmpuint (bs_frame_chart_get_n_thresholds (BS_FRAME_CHART (chart)), ==, 1);
  g_assert_nonnull (strstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)),
                            "A dashed line marks 25."));
  settle ();
  lined = count_red_pixels (chart, FALSE);
  g_test_message ("Red pixels: %u without the threshold, %u with it", bare, lined);
  g_assert_cmpuint (lined, >, bare + 100);

  /* Overlapping stretches (two series firing at once) are shaded as one. */
  bs_frame_chart_set_intervals (BS_FRAME_CHART (chart), overlapping, G_N_ELEMENTS (overlapping));
  g_assert_cmpuint (bs_frame_chart_get_n_intervals (BS_FRAME_CHART (chart)), ==, 2);
  bs_frame_chart_set_intervals (BS_FRAME_CHART (chart), &interval, 1);
  g_assert_cmpuint (bs_frame_chart_get_n_intervals (BS_FRAME_CHART (chart)), ==, 1);
  g_assert_nonnull (strstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)),
                            "1 stretch of time is shaded."));
  settle ();
  faint_shaded = count_red_pixels (chart, TRUE);
  g_test_message ("Reddish pixels: %u unshaded, %u shaded", faint_bare, faint_shaded);
  g_assert_cmpuint (faint_shaded, >, faint_bare + 1000);

  bs_frame_chart_set_thresholds (BS_FRAME_CHART (chart), NULL, 0);
  bs_frame_chart_set_intervals (BS_FRAME_CHART (chart), NULL, 0);
  g_assert_null (strstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)), "dashed"));

  /* Bars: the threshold crosses them, and those that would fire take the alert colour. */
  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), bars);
  g_assert_cmpint (bs_frame_chart_get_kind (BS_FRAME_CHART (chart)), ==,
                   BS_FRAME_CHART_KIND_BARS);
  bs_frame_chart_set_thresholds (BS_FRAME_CHART (chart), thresholds_bars, 1);
  settle ();
  lined = count_red_pixels (chart, FALSE);
  bs_frame_chart_set_highlight_func (BS_FRAME_CHART (chart), below_five, NULL, NULL);
  settle ();
  highlighted = count_red_pixels (chart, FALSE);
  g_test_message ("Red pixels of the bars: %u with the threshold, %u highlighted", lined,
                  highlighted);
  g_assert_cmpuint (lined, >, 10);
  /* Tea's bar (3 of 9, on a chart as wide as the window) is far more than a line. */
  g_assert_cmpuint (highlighted, >, lined + 300);
  bs_frame_chart_set_highlight_func (BS_FRAME_CHART (chart), NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The builder in a window, as the Alerts page embeds it */

typedef struct
{
  GtkWidget      *window;
  BsAlertBuilder *builder;
  gint64          saved_id;
  guint           cancelled;
  guint           started;
} Fixture;

static void
saved_cb (BsAlertBuilder *builder,
          gint64          id,
          Fixture        *fixture)
{
  fixture->saved_id = id;
}

static void
cancelled_cb (BsAlertBuilder *builder,
              Fixture        *fixture)
{
  fixture->cancelled++;
}

static void
started_cb (BsAlertPreviewPane *preview,
            Fixture        *fixture)
{
  fixture->started++;
}

static void
fixture_open (Fixture *fixture,
              int      width,
              int      height)
{
  memset (fixture, 0, sizeof *fixture);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Alert builder");
  fixture->builder = BS_ALERT_BUILDER (bs_alert_builder_new (engine->client));
  g_signal_connect (fixture->builder, "saved", G_CALLBACK (saved_cb), fixture);
  g_signal_connect (fixture->builder, "cancelled", G_CALLBACK (cancelled_cb), fixture);
  g_signal_connect (bs_alert_builder_get_preview (fixture->builder), "started",
                    G_CALLBACK (started_cb), fixture);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->builder));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  g_signal_handlers_disconnect_by_data (bs_alert_builder_get_preview (fixture->builder),
                                        fixture);
  g_signal_handlers_disconnect_by_data (fixture->builder, fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static gboolean
query_ready (gpointer user_data)
{
  BsAlertBuilder *builder = user_data;
  BsQueryBuilder *query_builder = bs_alert_builder_get_query_builder (builder);

  return !bs_alert_builder_get_busy (builder) &&
         !bs_query_builder_get_loading (query_builder) &&
         bs_query_builder_get_query (query_builder) != NULL;
}

static void
wait_ready (BsAlertBuilder *builder)
{
  if (!bs_test_wait_until (query_ready, builder, WAIT_MS))
    g_error ("The builder made no query: %s",
             bs_query_builder_get_error (bs_alert_builder_get_query_builder (builder)));
}

static gboolean
preview_idle (gpointer user_data)
{
  return !bs_alert_preview_pane_get_busy (BS_ALERT_PREVIEW_PANE (user_data));
}

static void
wait_preview (BsAlertBuilder *builder)
{
  g_assert_true (bs_test_wait_until (preview_idle, bs_alert_builder_get_preview (builder),
                                     WAIT_MS));
}

static GtkDropDown *
query_dropdown (Fixture    *fixture,
                const char *name)
{
  return bs_test_template_child (bs_alert_builder_get_query_builder (fixture->builder),
                                 BS_TYPE_QUERY_BUILDER, name);
}

static gpointer
builder_child (Fixture    *fixture,
               const char *name)
{
  return bs_test_template_child (fixture->builder, BS_TYPE_ALERT_BUILDER, name);
}

/* As a person picks an entry from the list: by what it says. */
static void
choose (GtkDropDown *dropdown,
        const char  *label)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }

  g_error ("No “%s” in the dropdown", label);
}


/* "When the sum of units_on_hand for each product_id is below 100": dropdowns only, but for
 * the threshold, which is typed. */
static void
build_inventory_rule (Fixture    *fixture,
                      const char *contact)
{
  BsQueryBuilder *query_builder = bs_alert_builder_get_query_builder (fixture->builder);

  bs_query_builder_set_source (query_builder, demo_id, NULL);
  wait_ready (fixture->builder);

  choose (query_dropdown (fixture, "table_dropdown"), "inventory");
  choose (query_dropdown (fixture, "measure_dropdown"), "the value of");
  choose (query_dropdown (fixture, "column_dropdown"), "units_on_hand");
  choose (query_dropdown (fixture, "aggregation_dropdown"), "added up");
  choose (query_dropdown (fixture, "split1_dropdown"), "product_id");
  choose (query_dropdown (fixture, "range_dropdown"), "all time");
  choose (builder_child (fixture, "condition_dropdown"), "below");
  gtk_editable_set_text (GTK_EDITABLE (builder_child (fixture, "threshold_entry")), "100");
  choose (builder_child (fixture, "for_dropdown"), "a moment (tell at once)");
  choose (builder_child (fixture, "interval_dropdown"), "every minute");
  if (contact != NULL)
    choose (builder_child (fixture, "contact_dropdown"), contact);
}

/* Threshold typing */

static void
test_builder_threshold (void)
{
  Fixture fixture;
  GtkEntry *entry, *entry2;
  g_autoptr(JsonNode) rule = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *previous_locale = NULL;
  JsonObject *condition;
  guint started;

  fixture_open (&fixture, 1180, 780);
  build_inventory_rule (&fixture, NULL);
  entry = builder_child (&fixture, "threshold_entry");
  entry2 = builder_child (&fixture, "threshold2_entry");

  rule = bs_alert_builder_dup_rule (fixture.builder, &reason);
  g_assert_nonnull (rule);
  g_assert_null (reason);
  g_assert_null (bs_alert_builder_get_threshold_error (fixture.builder));
  g_assert_true (gtk_widget_get_sensitive (builder_child (&fixture, "save_button")));
  g_assert_nonnull (strstr (bs_alert_builder_get_sentence (fixture.builder), "below 100"));
  g_test_message ("Sentence: %s", bs_alert_builder_get_sentence (fixture.builder));
  g_clear_pointer (&rule, json_node_unref);

  /* Typing a number key by key asks the engine once, after the pause. */
  wait_preview (fixture.builder);
  started = fixture.started;
  gtk_editable_set_text (GTK_EDITABLE (entry), "2");
  gtk_editable_set_text (GTK_EDITABLE (entry), "25");
  gtk_editable_set_text (GTK_EDITABLE (entry), "250");
  g_assert_true (bs_alert_preview_pane_get_busy (bs_alert_builder_get_preview (fixture.builder)));
  wait_preview (fixture.builder);
  g_assert_cmpuint (fixture.started, ==, started + 1);
  g_assert_null (bs_alert_preview_pane_get_error (bs_alert_builder_get_preview (fixture.builder)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "100");

  /* Not a number: said beside the entry, no rule, nothing to save. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "12abc");
  g_assert_nonnull (bs_alert_builder_get_threshold_error (fixture.builder));
  g_assert_nonnull (strstr (bs_alert_builder_get_threshold_error (fixture.builder),
                            "is not a number"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (gtk_widget_get_visible (builder_child (&fixture, "threshold_message")));
  g_assert_false (gtk_widget_get_sensitive (builder_child (&fixture, "save_button")));
  rule = bs_alert_builder_dup_rule (fixture.builder, &reason);
  g_assert_null (rule);
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);
  bs_test_save_screenshot (fixture.window, "alert-builder-threshold-error-1180.png");

  /* Digit groups as people write them. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "1 000");
  g_assert_null (bs_alert_builder_get_threshold_error (fixture.builder));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  rule = bs_alert_builder_dup_rule (fixture.builder, NULL);
  condition = json_object_get_object_member (json_node_get_object (rule), "condition");
  g_assert_cmpfloat (json_object_get_double_member (condition, "threshold"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (condition, "type"), ==, "below");
  g_assert_true (json_object_get_null_member (condition, "threshold2"));
  g_clear_pointer (&rule, json_node_unref);

  /* A range needs a second number, larger than the first. */
  choose (builder_child (&fixture, "condition_dropdown"), "between");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (entry2)));
  g_assert_null (bs_alert_builder_dup_rule (fixture.builder, NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), "20");
  gtk_editable_set_text (GTK_EDITABLE (entry2), "10");
  g_assert_nonnull (strstr (bs_alert_builder_get_threshold_error (fixture.builder), "smaller"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry2), "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry2), "30.5");
  g_assert_null (bs_alert_builder_get_threshold_error (fixture.builder));
  rule = bs_alert_builder_dup_rule (fixture.builder, NULL);
  condition = json_object_get_object_member (json_node_get_object (rule), "condition");
  g_assert_cmpstr (json_object_get_string_member (condition, "type"), ==, "within-range");
  g_assert_cmpfloat (json_object_get_double_member (condition, "threshold2"), ==, 30.5);
  g_clear_pointer (&rule, json_node_unref);

  /* Labels: name=value pairs, a bad one said where it is. */
  gtk_editable_set_text (GTK_EDITABLE (builder_child (&fixture, "labels_row")), "team=ops, 9x=1");
  g_assert_null (bs_alert_builder_dup_rule (fixture.builder, NULL));
  g_assert_true (gtk_widget_get_visible (builder_child (&fixture, "about_message")));
  gtk_editable_set_text (GTK_EDITABLE (builder_child (&fixture, "labels_row")),
                         "team = ops, site=oslo");
  rule = bs_alert_builder_dup_rule (fixture.builder, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (rule), "labels"), "team"), ==, "ops");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (rule), "labels"), "site"), ==, "oslo");

  /* Typed the German way where that is the locale; the mistake is explained the same way. */
  previous_locale = g_strdup (setlocale (LC_NUMERIC, NULL));
  if (use_german_numbers ())
    {
      choose (builder_child (&fixture, "condition_dropdown"), "below");
      gtk_editable_set_text (GTK_EDITABLE (entry), "1.234,5");
      g_clear_pointer (&rule, json_node_unref);
      rule = bs_alert_builder_dup_rule (fixture.builder, NULL);
      condition = json_object_get_object_member (json_node_get_object (rule), "condition");
      g_assert_cmpfloat (json_object_get_double_member (condition, "threshold"), ==, 1234.5);
      gtk_editable_set_text (GTK_EDITABLE (entry), "1,2,3");
      g_assert_nonnull (strstr (bs_alert_builder_get_threshold_error (fixture.builder), "2,5"));
    }
  setlocale (LC_NUMERIC, previous_locale);

  /* Cancel says so and nothing else. */
  g_signal_emit_by_name (builder_child (&fixture, "cancel_button"), "clicked");
  g_assert_cmpuint (fixture.cancelled, ==, 1);
  g_assert_cmpint (fixture.saved_id, ==, 0);
  fixture_close (&fixture);
}

/* Persona suggestions */

static JsonArray *
persona_suggestions (const char *persona)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = bs_test_request (engine->client, "GET", "personas", NULL, &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (answer), "personas");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), persona) == 0)
        return json_array_ref (json_object_get_array_member (item, "suggestions"));
    }

  g_error ("No persona “%s”", persona);
}

static gboolean
suggestions_ready (gpointer user_data)
{
  g_auto(GStrv) ids = bs_alert_builder_dup_suggestion_ids (BS_ALERT_BUILDER (user_data));

  return !bs_alert_builder_get_busy (BS_ALERT_BUILDER (user_data)) && ids[0] != NULL;
}

static void
test_builder_suggestions (void)
{
  Fixture fixture;
  g_autoptr(JsonArray) suggestions = persona_suggestions ("executive");
  g_autoptr(JsonArray) engineer = persona_suggestions ("data-engineer");
  g_autoptr(JsonNode) rule = NULL;
  g_auto(GStrv) ids = NULL;
  BsAlertPreviewPane *preview;
  JsonObject *query;

  fixture_open (&fixture, 1180, 780);
  bs_alert_builder_set_suggestions (fixture.builder, suggestions);
  g_assert_true (bs_test_wait_until (suggestions_ready, fixture.builder, WAIT_MS));
  ids = bs_alert_builder_dup_suggestion_ids (fixture.builder);
  /* The executive's two alerts both fit the demo shop. */
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) ids, "revenue-today-below-target"));
  g_assert_true (g_strv_contains ((const char * const *) ids, "daily-sales-region-below"));
  g_assert_true (gtk_widget_get_visible (builder_child (&fixture, "suggestions_box")));
  g_assert_false (bs_alert_builder_apply_suggestion (fixture.builder, "kpi-below-last-week"));

  g_assert_true (bs_alert_builder_apply_suggestion (fixture.builder, "daily-sales-region-below"));
  wait_ready (fixture.builder);
  rule = bs_alert_builder_dup_rule (fixture.builder, NULL);
  g_assert_nonnull (rule);
  query = json_object_get_object_member (json_node_get_object (rule), "query");
  g_assert_cmpstr (json_object_get_string_member (query, "table"), ==, "sales_detail");
  g_assert_cmpstr (json_object_get_string_member (query, "column"), ==, "amount");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (query, "split"),
                                                  0), ==, "region");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (query, "time"),
                                                  "range"), ==, "today");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                       json_node_get_object (rule), "condition"), "threshold"), ==, 5000);
  wait_preview (fixture.builder);
  bs_test_save_screenshot (fixture.window, "alert-builder-suggestion-1180.png");

  /* A time column: the chart has a week of history, and the backtest says how often the
   * rule would have fired in it, with those stretches shaded. */
  gtk_editable_set_text (GTK_EDITABLE (builder_child (&fixture, "threshold_entry")), "1500");
  wait_preview (fixture.builder);
  preview = bs_alert_builder_get_preview (fixture.builder);
  g_assert_null (bs_alert_preview_pane_get_error (preview));
  g_assert_nonnull (json_object_get_member (bs_alert_preview_pane_get_result (preview), "backtest"));
  g_assert_true (g_str_has_prefix (bs_alert_preview_pane_get_backtest_text (preview),
                                   "Over the last 7 days this rule would"));
  g_test_message ("Backtest: %s", bs_alert_preview_pane_get_backtest_text (preview));
  g_assert_cmpint (bs_frame_chart_get_kind (bs_alert_preview_pane_get_chart (preview)), ==,
                   BS_FRAME_CHART_KIND_LINES);
  g_assert_cmpuint (bs_frame_chart_get_n_thresholds (bs_alert_preview_pane_get_chart (preview)), ==, 1);
  bs_test_save_screenshot (fixture.window, "alert-builder-backtest-1180.png");

  /* The data engineer's comparisons with yesterday cannot be built on the demo data; only
   * what can is offered. */
  bs_alert_builder_set_suggestions (fixture.builder, engineer);
  g_strfreev (ids);
  ids = bs_alert_builder_dup_suggestion_ids (fixture.builder);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, "table-not-updated");

  bs_alert_builder_set_suggestions (fixture.builder, NULL);
  g_assert_false (gtk_widget_get_visible (builder_child (&fixture, "suggestions_box")));
  fixture_close (&fixture);
}

/* The whole way: dropdowns → preview → save → the engine fires → the receiver gets it */

typedef struct
{
  GPtrArray *bodies;   /* char* */
} Receiver;

static void
receiver_cb (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Receiver *receiver = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  g_ptr_array_add (receiver->bodies, g_strndup (g_bytes_get_data (bytes, NULL),
                                                g_bytes_get_size (bytes)));
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

/* The product ids under "product_id" anywhere in @node. */
static void
collect_products (JsonNode   *node,
                  GHashTable *found)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_products (json_array_get_element (array, i), found);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (g_str_equal (l->data, "product_id") && JSON_NODE_HOLDS_VALUE (member))
            g_hash_table_add (found, json_node_get_value_type (member) == G_TYPE_STRING
                                     ? g_strdup (json_node_get_string (member))
                                     : g_strdup_printf ("%" G_GINT64_FORMAT,
                                                        json_node_get_int (member)));
          else
            collect_products (member, found);
        }
    }
}

typedef struct
{
  Receiver   *receiver;
  const char *title;
} Delivery;

static gboolean
delivered (gpointer user_data)
{
  Delivery *delivery = user_data;

  for (guint i = 0; i < delivery->receiver->bodies->len; i++)
    if (strstr (g_ptr_array_index (delivery->receiver->bodies, i), delivery->title) != NULL)
      return TRUE;
  return FALSE;
}

/* "product_id=units;…" of the products with fewer than 100 units in all stores. */
static char *
low_products_sql (void)
{
  g_autofree char *path = g_build_filename (engine->data_dir, "demo-retail.db", NULL);
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT product_id, SUM (units_on_hand) AS units"
                                           " FROM inventory GROUP BY product_id"
                                           " HAVING units < 100 ORDER BY product_id",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_string_append_printf (out, "%lld=%lld;", (long long) sqlite3_column_int64 (statement, 0),
                            (long long) sqlite3_column_int64 (statement, 1));
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* The same from the preview's table of series that would fire now, sorted by product. */
static char *
low_products_shown (BsFrameView *view)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);
  GString *out = g_string_new (NULL);
  guint n_columns = bs_frame_view_get_n_columns (view);

  g_assert_cmpuint (n_columns, ==, 2);
  for (guint i = 0; i < bs_frame_view_get_n_rows (view); i++)
    {
      g_autofree char *product = bs_frame_view_dup_cell_text (view, i, 0);
      gint64 id = g_ascii_strtoll (product, NULL, 10);

      g_array_append_val (ids, id);
      g_hash_table_insert (units, g_memdup2 (&id, sizeof id),
                           bs_frame_view_dup_cell_text (view, i, 1));
    }
  for (guint i = 0; i < ids->len; i++)
    for (guint j = i + 1; j < ids->len; j++)
      if (g_array_index (ids, gint64, j) < g_array_index (ids, gint64, i))
        {
          gint64 t = g_array_index (ids, gint64, i);

          g_array_index (ids, gint64, i) = g_array_index (ids, gint64, j);
          g_array_index (ids, gint64, j) = t;
        }
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "=%s;", g_array_index (ids, gint64, i),
                            (char *) g_hash_table_lookup (units, &g_array_index (ids, gint64, i)));

  return g_string_free (out, FALSE);
}

static guint
count_char (const char *text,
            char        c)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == c;
  return n;
}

static gboolean
save_done (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->saved_id != 0 ||
         (!bs_alert_builder_get_busy (fixture->builder) &&
          bs_alert_builder_get_save_error (fixture->builder) != NULL);
}

static gboolean
edit_loaded (gpointer user_data)
{
  BsAlertBuilder *builder = user_data;
  g_autoptr(JsonNode) rule = NULL;

  if (!query_ready (builder) ||
      g_strcmp0 (bs_query_builder_get_table (bs_alert_builder_get_query_builder (builder)),
                 "inventory") != 0)
    return FALSE;
  rule = bs_alert_builder_dup_rule (builder, NULL);
  return rule != NULL;
}

static gboolean
engine_has_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = bs_test_request (engine->client, "GET", "rules", NULL, &error);

  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    return FALSE;
  g_assert_no_error (error);
  return TRUE;
}

static gint64
make_contact_point (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *json = g_strdup_printf ("{\"name\": \"Local receiver\", \"kind\": \"webhook\","
                                           " \"url\": \"%s\"}", url);

  body = json_from_string (json, &error);
  g_assert_no_error (error);
  answer = bs_test_request (engine->client, "POST", "contact-points", body, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (answer), "id");
}

static void
test_builder_inventory (void)
{
  Receiver receiver = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) stored = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) ids = NULL;
  BsAlertPreviewPane *preview;
  JsonObject *rule, *query, *status;
  Delivery delivery;
  Fixture fixture;
  gint64 contact_id;

  if (!engine_has_rules ())
    {
      g_test_skip ("This engine has no rules API (GET rules answers 404)");
      g_ptr_array_unref (receiver.bodies);
      return;
    }

  server = bs_test_http_server_new (receiver_cb, &receiver, &base_url);
  url = g_strconcat (base_url, "hook", NULL);
  contact_id = make_contact_point (url);

  fixture_open (&fixture, 1180, 780);
  build_inventory_rule (&fixture, "Local receiver");
  gtk_editable_set_text (GTK_EDITABLE (builder_child (&fixture, "title_row")),
                         "Inventory low (widget test)");
  wait_preview (fixture.builder);

  /* The preview lists exactly the products that are low, with their units. */
  preview = bs_alert_builder_get_preview (fixture.builder);
  g_assert_null (bs_alert_preview_pane_get_error (preview));
  expected = low_products_sql ();
  g_assert_cmpstr (expected, !=, "");
  shown = low_products_shown (bs_alert_preview_pane_get_series_view (preview));
  g_test_message ("Low products: %s", expected);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpuint (bs_alert_preview_pane_get_n_firing (preview), ==, count_char (expected, ';'));
  g_assert_nonnull (bs_alert_preview_pane_get_backtest_text (preview));
  bs_test_save_screenshot (fixture.window, "alert-builder-inventory-1180.png");

  /* Saved as the dropdowns say. */
  bs_alert_builder_save (fixture.builder);
  g_assert_true (bs_test_wait_until (save_done, &fixture, WAIT_MS));
  g_assert_null (bs_alert_builder_get_save_error (fixture.builder));
  g_assert_cmpint (fixture.saved_id, >, 0);
  path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, fixture.saved_id);
  stored = bs_test_request (engine->client, "GET", path, NULL, &error);
  g_assert_no_error (error);
  rule = json_node_get_object (stored);
  query = json_object_get_object_member (rule, "query");
  g_assert_cmpstr (json_object_get_string_member (rule, "title"), ==,
                   "Inventory low (widget test)");
  g_assert_cmpstr (json_object_get_string_member (query, "table"), ==, "inventory");
  g_assert_cmpstr (json_object_get_string_member (query, "column"), ==, "units_on_hand");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (query, "split"),
                                                  0), ==, "product_id");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rule,
                                                                                 "condition"),
                                                  "type"), ==, "below");
  g_assert_cmpint (json_object_get_int_member (rule, "contact_point_id"), ==, contact_id);
  g_assert_cmpint (json_object_get_int_member (rule, "for_seconds"), ==, 0);

  /* The running engine fires it and tells the receiver which products are low. */
  delivery.receiver = &receiver;
  delivery.title = "Inventory low (widget test)";
  if (!bs_test_wait_until (delivered, &delivery, DELIVERY_WAIT_MS))
    g_error ("Nothing reached the receiver in %d s (%u requests)", DELIVERY_WAIT_MS / 1000,
             receiver.bodies->len);
  for (guint i = 0; i < receiver.bodies->len; i++)
    {
      g_autoptr(JsonNode) body = json_from_string (g_ptr_array_index (receiver.bodies, i), NULL);

      if (body != NULL && strstr (g_ptr_array_index (receiver.bodies, i), delivery.title))
        collect_products (body, products);
    }
  g_assert_cmpuint (g_hash_table_size (products), >, 0);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, products);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *needle = g_strdup_printf ("%s=", (char *) key);

        if (!g_str_has_prefix (expected, needle) && strstr (expected, needle) == NULL)
          g_error ("Product %s was notified but is not low", (char *) key);
      }
  }
  g_clear_pointer (&stored, json_node_unref);
  stored = bs_test_request (engine->client, "GET", path, NULL, &error);
  g_assert_no_error (error);
  status = json_object_get_object_member (json_node_get_object (stored), "status");
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "firing");

  /* Opened again to change it: the dropdowns show the rule as saved; a new threshold is
   * saved to the same rule. */
  bs_alert_builder_edit_rule (fixture.builder, fixture.saved_id);
  g_assert_true (bs_test_wait_until (edit_loaded, fixture.builder, WAIT_MS));
  g_assert_cmpint (bs_alert_builder_get_rule_id (fixture.builder), ==, fixture.saved_id);
  g_assert_cmpstr (gtk_editable_get_text (builder_child (&fixture, "threshold_entry")), ==,
                   "100");
  g_assert_cmpstr (gtk_editable_get_text (builder_child (&fixture, "title_row")), ==,
                   "Inventory low (widget test)");
  g_assert_cmpuint (gtk_drop_down_get_selected (builder_child (&fixture, "condition_dropdown")),
                    ==, 1);
  g_assert_cmpstr (bs_query_builder_get_table (bs_alert_builder_get_query_builder (
                     fixture.builder)), ==, "inventory");
  g_strfreev (ids);
  ids = bs_alert_builder_dup_suggestion_ids (fixture.builder);
  g_assert_null (ids[0]);
  gtk_editable_set_text (GTK_EDITABLE (builder_child (&fixture, "threshold_entry")), "50");
  fixture.saved_id = 0;
  bs_alert_builder_save (fixture.builder);
  g_assert_true (bs_test_wait_until (save_done, &fixture, WAIT_MS));
  g_assert_null (bs_alert_builder_get_save_error (fixture.builder));
  g_clear_pointer (&stored, json_node_unref);
  stored = bs_test_request (engine->client, "GET", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                       json_node_get_object (stored), "condition"), "threshold"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stored),
                                               "contact_point_id"), ==, contact_id);

  fixture_close (&fixture);
  soup_server_disconnect (server);
  g_ptr_array_unref (receiver.bodies);
}

static void
test_builder_narrow (void)
{
  Fixture fixture;

  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Only draws for a person to look at (set BS_TEST_SCREENSHOT_DIR)");
      return;
    }

  fixture_open (&fixture, 560, 780);
  bs_alert_builder_set_verbosity (fixture.builder, BS_PROFILE_VERBOSITY_STEP_BY_STEP);
  build_inventory_rule (&fixture, NULL);
  wait_preview (fixture.builder);
  bs_test_save_screenshot (fixture.window, "alert-builder-560.png");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              builder_child (&fixture, "form_scroll")), G_MAXDOUBLE);
  bs_test_save_screenshot (fixture.window, "alert-builder-560-end.png");
  gtk_toggle_button_set_active (builder_child (&fixture, "preview_button"), TRUE);
  wait_preview (fixture.builder);
  bs_test_save_screenshot (fixture.window, "alert-builder-560-preview.png");
  fixture_close (&fixture);
}

/* The Studio's own window on the Alerts workbench: the sidebar row, the New Rule button, the
 * builder inside the page, at the size people use. */
static gboolean
window_shows_alerts (gpointer user_data)
{
  return g_strcmp0 (bs_window_get_workbench (studio.window), "alerts") == 0;
}

static gboolean
list_idle (gpointer user_data)
{
  return !bs_alert_list_get_busy (BS_ALERT_LIST (user_data)) &&
         bs_alert_list_get_n_rules (BS_ALERT_LIST (user_data)) >= 0;
}

static gboolean
page_shows_rule (gpointer user_data)
{
  return g_strcmp0 (bs_alerts_page_get_view (BS_ALERTS_PAGE (user_data)), "rule") == 0;
}

static void
test_window_alerts (void)
{
  BsAlertsPage *page = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "alerts_page");
  GtkWidget *new_rule = bs_test_template_child (studio.window, BS_TYPE_WINDOW,
                                                "new_rule_button");
  Fixture fixture = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (studio.window), 1180, 780);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.show-workbench",
                                             "s", "alerts"));
  g_assert_true (bs_test_wait_until (window_shows_alerts, NULL, WAIT_MS));
  g_assert_true (gtk_widget_get_visible (new_rule));
  g_assert_cmpstr (bs_alerts_page_get_view (page), ==, "list");
  g_assert_true (bs_test_wait_until (list_idle, bs_alerts_page_get_list (page), WAIT_MS));
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "alerts-list-1180.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.new-rule", NULL));
  g_assert_cmpstr (bs_alerts_page_get_view (page), ==, "builder");
  fixture.window = GTK_WIDGET (studio.window);
  fixture.builder = bs_alerts_page_get_builder (page);
  build_inventory_rule (&fixture, NULL);
  wait_preview (fixture.builder);
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "alerts-builder-window-1180.png");
  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") != NULL)
    {
      GtkScrolledWindow *scroll = builder_child (&fixture, "form_scroll");
      AdwStyleManager *style = adw_style_manager_get_default ();

      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroll), G_MAXDOUBLE);
      bs_test_save_screenshot (GTK_WIDGET (studio.window), "alerts-builder-window-1180-end.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      bs_test_save_screenshot (GTK_WIDGET (studio.window), "alerts-builder-window-1180-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    }

  /* Saved: the rule's own page follows. */
  gtk_editable_set_text (GTK_EDITABLE (builder_child (&fixture, "title_row")),
                         "Inventory low (window test)");
  g_signal_emit_by_name (builder_child (&fixture, "save_button"), "clicked");
  g_assert_true (bs_test_wait_until (page_shows_rule, page, WAIT_MS));
  g_assert_cmpint (bs_alert_rule_page_get_rule_id (bs_alerts_page_get_rule_page (page)), ==,
                   bs_alert_builder_get_rule_id (fixture.builder));
  g_assert_cmpint (bs_alert_builder_get_rule_id (fixture.builder), >, 0);

  /* Cancel goes back where the builder was opened from: here, that rule's page; from
   * there, Back leads to the list, which has the rule. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.new-rule", NULL));
  g_assert_cmpstr (bs_alerts_page_get_view (page), ==, "builder");
  g_assert_cmpint (bs_alert_builder_get_rule_id (fixture.builder), ==, 0);
  g_signal_emit_by_name (builder_child (&fixture, "cancel_button"), "clicked");
  g_assert_cmpstr (bs_alerts_page_get_view (page), ==, "rule");
  bs_alerts_page_show_list (page);
  g_assert_cmpstr (bs_alerts_page_get_view (page), ==, "list");
  g_assert_true (bs_test_wait_until (list_idle, bs_alerts_page_get_list (page), WAIT_MS));
  g_assert_cmpint (bs_alert_list_get_n_rules (bs_alerts_page_get_list (page)), >=, 1);

  /* Other workbenches hide the New Rule button. */
  bs_window_set_workbench (studio.window, "data");
  g_assert_false (gtk_widget_get_visible (new_rule));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Times on show are in local time; make that UTC, for the engine too. */
  g_setenv ("TZ", "UTC", TRUE);
  bs_test_studio_start (&studio, &argc, &argv, TRUE);
  engine = studio.engine;
  g_assert_true (bs_test_wait_connected (studio.window));

  g_test_add_func ("/bs/alert-builder/parse-number", test_parse_number);
  g_test_add_func ("/bs/alert-builder/parse-labels", test_parse_labels);
  g_test_add_func ("/bs/frame-chart/thresholds", test_chart_thresholds);
  g_test_add_func ("/bs/alert-builder/threshold", test_builder_threshold);
  g_test_add_func ("/bs/alert-builder/suggestions", test_builder_suggestions);
  g_test_add_func ("/bs/alert-builder/inventory-below-100", test_builder_inventory);
  g_test_add_func ("/bs/alert-builder/narrow", test_builder_narrow);
  g_test_add_func ("/bs/alerts-page/window", test_window_alerts);

  demo_id = bs_test_find_demo_source (engine->client);
  status = g_test_run ();

  bs_test_studio_stop (&studio);

  return status;
}
