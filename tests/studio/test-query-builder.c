/* The query builder, its preview, the frame view and the frame chart, against a real engine
 * with the demo data: a query made through the dropdowns themselves gives the rows the
 * same SQL gives when run straight on the demo database.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the widgets are also drawn to PNG files there, wide and
 * narrow, for a person to look at.
 */
#define G_LOG_DOMAIN "bs-test-query-builder"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "bs-frame-chart.h"
#include "bs-frame-view.h"
#include "bs-prometheus-fixture.h"
#include "bs-query-builder.h"
#include "bs-query-preview.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

#define WAIT_MS 60000

static char *root;
static BsTestEngine *engine;
static gint64 demo_id;

/* Frames by hand, for the widgets on their own */

static JsonObject *
frame_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
test_frame_view_format (void)
{
  g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);
  g_autoptr(JsonNode) integer = json_node_init_int (json_node_alloc (), 1234567);
  g_autoptr(JsonNode) number = json_node_init_double (json_node_alloc (), -3.5);
  g_autoptr(JsonNode) small = json_node_init_double (json_node_alloc (), 0.01234);
  g_autoptr(JsonNode) nan = json_node_init_string (json_node_alloc (), "NaN");
  g_autoptr(JsonNode) inf = json_node_init_string (json_node_alloc (), "+Inf");
  g_autoptr(JsonNode) time = json_node_init_string (json_node_alloc (), "2026-11-24T10:05:00Z");
  g_autoptr(JsonNode) text = json_node_init_string (json_node_alloc (), "Oslo");
  g_autofree char *s1 = bs_frame_format_value (null, "integer");
  g_autofree char *s2 = bs_frame_format_value (integer, "integer");
  g_autofree char *s3 = bs_frame_format_value (number, "number");
  g_autofree char *s4 = bs_frame_format_value (small, "number");
  g_autofree char *s5 = bs_frame_format_value (nan, "number");
  g_autofree char *s6 = bs_frame_format_value (inf, "number");
  g_autofree char *s7 = bs_frame_format_value (time, "time");
  g_autofree char *s8 = bs_frame_format_value (text, "text");
  g_autofree char *s9 = bs_frame_format_value (NULL, "text");

  g_assert_cmpstr (s1, ==, "—");
  g_assert_cmpstr (s2, ==, "1,234,567");
  g_assert_cmpstr (s3, ==, "−3.5");
  g_assert_cmpstr (s4, ==, "0.0123");
  g_assert_cmpstr (s5, ==, "not a number");
  g_assert_cmpstr (s6, ==, "∞");
  /* main () sets TZ=UTC: local time is UTC here. */
  g_assert_cmpstr (s7, ==, "24 Nov 2026, 10:05");
  g_assert_cmpstr (s8, ==, "Oslo");
  g_assert_cmpstr (s9, ==, "—");
}

static void
test_frame_view_sort (void)
{
  GtkWidget *view = g_object_ref_sink (bs_frame_view_new ());
  g_autoptr(JsonObject) frame = frame_from (
    "{\"columns\":[{\"name\":\"city\",\"type\":\"text\"},{\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"Oslo\",12.5],[\"Bergen\",null],[\"Ålesund\",3],[\"Tromsø\",1500]]}");
  g_autoptr(JsonObject) more = frame_from (
    "{\"columns\":[{\"name\":\"city\",\"type\":\"text\"},{\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"Bodø\",7]]}");
  g_autoptr(JsonObject) empty = frame_from (
    "{\"columns\":[{\"name\":\"city\",\"type\":\"text\"}],\"rows\":[]}");
  GtkWidget *column_view;
  GtkStack *stack;
  g_autoptr(GtkColumnViewColumn) value_column = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *top = NULL;

  bs_frame_view_set_frame (BS_FRAME_VIEW (view), frame);
  g_assert_cmpuint (bs_frame_view_get_n_rows (BS_FRAME_VIEW (view)), ==, 4);
  g_assert_cmpuint (bs_frame_view_get_n_columns (BS_FRAME_VIEW (view)), ==, 2);
  first = bs_frame_view_dup_cell_text (BS_FRAME_VIEW (view), 0, 1);
  g_assert_cmpstr (first, ==, "12.5");
  g_assert_null (bs_frame_view_dup_cell_text (BS_FRAME_VIEW (view), 9, 0));

  /* Sorting by value, the way a click on the header does: nulls count as the lowest. */
  stack = GTK_STACK (gtk_widget_get_first_child (view));
  column_view = gtk_scrolled_window_get_child (
    GTK_SCROLLED_WINDOW (gtk_stack_get_child_by_name (stack, "table")));
  g_assert_true (GTK_IS_COLUMN_VIEW (column_view));
  value_column = g_list_model_get_item (
    gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view)), 1);
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), value_column,
                                  GTK_SORT_DESCENDING);
  top = bs_frame_view_dup_cell_text (BS_FRAME_VIEW (view), 0, 1);
  g_assert_cmpstr (top, ==, "1,500");
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), value_column,
                                  GTK_SORT_ASCENDING);
  g_free (top);
  top = bs_frame_view_dup_cell_text (BS_FRAME_VIEW (view), 0, 1);
  g_assert_cmpstr (top, ==, "—");
  last = bs_frame_view_dup_cell_text (BS_FRAME_VIEW (view), 1, 0);
  g_assert_cmpstr (last, ==, "Ålesund");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "table");

  /* A next page: appended, the caller's frame left as it was. */
  g_assert_true (bs_frame_view_append_rows (BS_FRAME_VIEW (view), more));
  g_assert_cmpuint (bs_frame_view_get_n_rows (BS_FRAME_VIEW (view)), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (frame, "rows")), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      bs_frame_view_get_frame (BS_FRAME_VIEW (view)), "rows")), ==, 5);
  g_assert_false (bs_frame_view_append_rows (BS_FRAME_VIEW (view), empty));
  bs_frame_view_set_frame (BS_FRAME_VIEW (view), empty);
  g_assert_cmpuint (bs_frame_view_get_n_rows (BS_FRAME_VIEW (view)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  g_object_unref (view);
}

static void
test_frame_chart_kinds (void)
{
  GtkWidget *chart = g_object_ref_sink (bs_frame_chart_new ());
  g_autoptr(JsonObject) series = frame_from (
    "{\"columns\":[{\"name\":\"bucket\",\"type\":\"time\"},{\"name\":\"region\",\"type\":\"text\"},"
    "{\"name\":\"value\",\"type\":\"number\"}],"
    " \"rows\":[[\"2026-11-24T10:00:00Z\",\"North\",1],[\"2026-11-24T10:00:00Z\",\"South\",4],"
    "          [\"2026-11-24T11:00:00Z\",\"North\",2],[\"2026-11-24T11:00:00Z\",\"South\",\"NaN\"],"
    "          [\"2026-11-24T12:00:00Z\",\"West\",7]]}");
  g_autoptr(JsonObject) bars = frame_from (
    "{\"columns\":[{\"name\":\"product\",\"type\":\"text\"},"
    "            {\"name\":\"value\",\"type\":\"integer\"}],"
    " \"rows\":[[\"Tea\",3],[\"Coffee\",9],[\"Cocoa\",null]]}");
  g_autoptr(JsonObject) number = frame_from (
    "{\"columns\":[{\"name\":\"value\",\"type\":\"number\"}],\"rows\":[[48211.5]]}");
  g_autoptr(JsonObject) raw = frame_from (
    "{\"columns\":[{\"name\":\"name\",\"type\":\"text\"}],\"rows\":[[\"x\"]]}");

  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), series);
  g_assert_cmpint (bs_frame_chart_get_kind (BS_FRAME_CHART (chart)), ==,
                   BS_FRAME_CHART_KIND_LINES);
  g_assert_cmpuint (bs_frame_chart_get_n_series (BS_FRAME_CHART (chart)), ==, 3);
  g_assert_nonnull (strstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)),
                            "Line chart of 3 series"));
  /* Drawn largest first: West (7), then South (4), then North (3). */
  g_assert_nonnull (strstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)),
                            "West: latest 7. South: latest 4. North: latest 2."));

  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), bars);
  g_assert_cmpint (bs_frame_chart_get_kind (BS_FRAME_CHART (chart)), ==,
                   BS_FRAME_CHART_KIND_BARS);
  g_assert_cmpuint (bs_frame_chart_get_n_series (BS_FRAME_CHART (chart)), ==, 2);
  g_assert_cmpstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)), ==,
                   "Bar chart of 2 values, largest first: the highest is Coffee at 9, the "
                   "lowest Tea at 3.");

  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), number);
  g_assert_cmpint (bs_frame_chart_get_kind (BS_FRAME_CHART (chart)), ==,
                   BS_FRAME_CHART_KIND_NUMBER);
  g_assert_cmpstr (bs_frame_chart_get_summary (BS_FRAME_CHART (chart)), ==, "value: 48,211.5");

  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), raw);
  g_assert_cmpint (bs_frame_chart_get_kind (BS_FRAME_CHART (chart)), ==,
                   BS_FRAME_CHART_KIND_NONE);
  bs_frame_chart_set_frame (BS_FRAME_CHART (chart), NULL);
  g_assert_cmpint (bs_frame_chart_get_kind (BS_FRAME_CHART (chart)), ==,
                   BS_FRAME_CHART_KIND_NONE);

  g_object_unref (chart);
}

/* The builder and the preview in a window, as a page embeds them */

typedef struct
{
  GtkWidget      *window;
  BsQueryBuilder *builder;
  BsQueryPreview *preview;
  guint           started;
  guint           finished;
} Fixture;

static void
counted_started_cb (BsQueryPreview *preview,
                    Fixture        *fixture)
{
  fixture->started++;
}

static void
counted_finished_cb (BsQueryPreview *preview,
                     Fixture        *fixture)
{
  fixture->finished++;
}

static void
fixture_open (Fixture *fixture,
              int      width,
              int      height)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  memset (fixture, 0, sizeof *fixture);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Query builder");
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  fixture->builder = BS_QUERY_BUILDER (bs_query_builder_new (engine->client));
  fixture->preview = BS_QUERY_PREVIEW (bs_query_preview_new (engine->client));
  bs_query_preview_follow (fixture->preview, fixture->builder);
  g_signal_connect (fixture->preview, "started", G_CALLBACK (counted_started_cb), fixture);
  g_signal_connect (fixture->preview, "finished", G_CALLBACK (counted_finished_cb), fixture);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->builder));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->preview));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (fixture->window), scrolled);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  g_signal_handlers_disconnect_by_data (fixture->preview, fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static gboolean
builder_ready (gpointer user_data)
{
  BsQueryBuilder *builder = user_data;

  return !bs_query_builder_get_loading (builder) && bs_query_builder_get_query (builder) != NULL;
}

static void
wait_builder (BsQueryBuilder *builder)
{
  if (!bs_test_wait_until (builder_ready, builder, WAIT_MS))
    g_error ("The builder made no query: %s", bs_query_builder_get_error (builder));
}

static gboolean
preview_idle (gpointer user_data)
{
  return !bs_query_preview_get_busy (BS_QUERY_PREVIEW (user_data));
}

static void
wait_preview (BsQueryPreview *preview)
{
  g_assert_true (bs_test_wait_until (preview_idle, preview, WAIT_MS));
}

static GtkDropDown *
dropdown (Fixture    *fixture,
          const char *name)
{
  return bs_test_template_child (fixture->builder, BS_TYPE_QUERY_BUILDER, name);
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

/* As a person picks an entry from the list: by what it says. */
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

static char *
demo_path (void)
{
  return g_build_filename (engine->data_dir, "demo-retail.db", NULL);
}

static sqlite3 *
open_demo (void)
{
  g_autofree char *path = demo_path ();
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static char *
hours_ago (GDateTime *now,
           int        hours)
{
  g_autoptr(GDateTime) then = g_date_time_add_hours (now, -hours);

  /* The demo writes sold_at as UTC "YYYY-MM-DD HH:MM:SS": text compares as time. */
  return g_date_time_format (then, "%Y-%m-%d %H:%M:%S");
}

/* "product_id=value;…" for the rows of @sql with @since bound to ?1. */
static char *
expected_rows (sqlite3    *db,
               const char *sql,
               const char *since)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, since, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_string_append_printf (out, "%lld=%g;", (long long) sqlite3_column_int64 (statement, 0),
                            sqlite3_column_double (statement, 1));
  sqlite3_finalize (statement);

  return g_string_free (out, FALSE);
}

static char *
frame_rows (JsonObject *frame)
{
  JsonArray *rows = json_object_get_array_member (frame, "rows");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "=%g;",
                              json_array_get_int_element (row, 0),
                              json_array_get_double_element (row, 1));
    }

  return g_string_free (out, FALSE);
}

/* The rows of @sql over the last 24 hours, as the preview shows them: the engine took its
 * "now" between @before and @after, and a sale can only fall in between rarely; then
 * either answer is right. */
static void
assert_rows_match (BsQueryPreview *preview,
                   const char     *sql,
                   GDateTime      *before,
                   GDateTime      *after)
{
  sqlite3 *db = open_demo ();
  g_autofree char *since_before = hours_ago (before, 24);
  g_autofree char *since_after = hours_ago (after, 24);
  g_autofree char *early = expected_rows (db, sql, since_before);
  g_autofree char *late = expected_rows (db, sql, since_after);
  g_autofree char *shown = frame_rows (bs_query_preview_get_frame (preview));

  sqlite3_close (db);
  g_assert_cmpstr (early, !=, "");
  if (g_strcmp0 (early, late) != 0)
    {
      g_test_message ("A sale fell between the two moments; either answer will do");
      if (g_strcmp0 (shown, late) == 0)
        return;
    }
  g_assert_cmpstr (shown, ==, early);
}

static void
assert_frame_columns (JsonObject *frame,
                      const char *first,
                      const char *second)
{
  JsonArray *columns = json_object_get_array_member (frame, "columns");

  g_assert_cmpuint (json_array_get_length (columns), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0),
                                                  "name"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1),
                                                  "name"), ==, second);
}

static const char sum_per_product_sql[] =
  "SELECT product_id, SUM (quantity) FROM sales WHERE sold_at >= ?1"
  " GROUP BY product_id ORDER BY product_id";

/* Sum of units (quantity) per product over the last day, from the dropdowns. */
static void
build_sum_per_product (Fixture *fixture)
{
  bs_query_builder_set_source (fixture->builder, demo_id, NULL);
  wait_builder (fixture->builder);

  choose (dropdown (fixture, "table_dropdown"), "sales");
  choose (dropdown (fixture, "measure_dropdown"), "the value of");
  choose (dropdown (fixture, "column_dropdown"), "quantity");
  choose (dropdown (fixture, "aggregation_dropdown"), "added up");
  choose (dropdown (fixture, "split1_dropdown"), "product_id");
  choose (dropdown (fixture, "range_dropdown"), "the last 24 hours");
}


/* Tab goes from one dropdown of the sentence to the next, in reading order. */
static void
assert_tab_order (Fixture *fixture)
{
  const char *order[] = {
    "source_dropdown", "table_dropdown", "measure_dropdown", "column_dropdown",
    "aggregation_dropdown", "split1_dropdown", "split2_dropdown", "range_dropdown",
    "bucket_dropdown", "add_filter_button",
  };

  gtk_widget_grab_focus (GTK_WIDGET (dropdown (fixture, order[0])));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      GtkWidget *expected = bs_test_template_child (fixture->builder, BS_TYPE_QUERY_BUILDER,
                                                    order[i]);

      g_assert_nonnull (focus);
      if (focus != expected && !gtk_widget_is_ancestor (focus, expected))
        g_error ("Tab reached a %s, not the %s", G_OBJECT_TYPE_NAME (focus), order[i]);
      g_assert_true (gtk_widget_child_focus (fixture->window, GTK_DIR_TAB_FORWARD));
    }
}

static void
test_builder_sum_per_product (void)
{
  Fixture fixture;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  const BsQuery *query;
  BsFrameView *view;
  g_autofree char *first_product = NULL;
  JsonObject *frame;

  fixture_open (&fixture, 1280, 800);
  bs_query_builder_set_verbosity (fixture.builder, BS_PROFILE_VERBOSITY_BALANCED);
  build_sum_per_product (&fixture);

  before = g_date_time_new_now_utc ();
  wait_preview (fixture.preview);
  after = g_date_time_new_now_utc ();

  query = bs_query_builder_get_query (fixture.builder);
  g_assert_cmpstr (query->table, ==, "sales");
  g_assert_cmpint (query->measure, ==, BS_QUERY_MEASURE_VALUE);
  g_assert_cmpstr (query->measure_column, ==, "quantity");
  g_assert_cmpint (query->aggregation, ==, BS_QUERY_AGGREGATION_SUM);
  g_assert_cmpstr (query->splits[0], ==, "product_id");
  g_assert_null (query->splits[1]);
  g_assert_cmpstr (query->time_column, ==, "sold_at");
  g_assert_cmpint (query->range, ==, BS_QUERY_RANGE_LAST_HOURS);
  g_assert_cmpuint (query->range_count, ==, 24);
  g_assert_cmpstr (bs_query_builder_get_sentence (fixture.builder), !=, NULL);
  g_assert_null (bs_query_builder_get_error (fixture.builder));
  g_test_message ("Sentence: %s", bs_query_builder_get_sentence (fixture.builder));

  g_assert_null (bs_query_preview_get_error (fixture.preview));
  frame = bs_query_preview_get_frame (fixture.preview);
  g_assert_nonnull (frame);
  assert_frame_columns (frame, "product_id", "value");
  assert_rows_match (fixture.preview, sum_per_product_sql, before, after);
  g_assert_nonnull (strstr (json_object_get_string_member (frame, "query"), "\"quantity\""));

  /* The table and the chart show the same rows. */
  view = bs_query_preview_get_frame_view (fixture.preview);
  g_assert_cmpuint (bs_frame_view_get_n_rows (view), ==,
                    json_array_get_length (json_object_get_array_member (frame, "rows")));
  first_product = bs_frame_view_dup_cell_text (view, 0, 0);
  g_assert_cmpint (atoi (first_product), ==,
                   json_array_get_int_element (json_array_get_array_element (
                     json_object_get_array_member (frame, "rows"), 0), 0));
  g_assert_cmpint (bs_frame_chart_get_kind (bs_query_preview_get_chart (fixture.preview)), ==,
                   BS_FRAME_CHART_KIND_BARS);
  g_assert_nonnull (strstr (bs_query_preview_get_status (fixture.preview), " rows in "));

  bs_test_save_screenshot (fixture.window, "query-builder-1280.png");
  assert_tab_order (&fixture);

  /* A time series: one value an hour, for each of two channels (the view sales_detail). */
  choose (dropdown (&fixture, "table_dropdown"), "sales_detail");
  wait_builder (fixture.builder);
  choose (dropdown (&fixture, "split1_dropdown"), "channel");
  choose (dropdown (&fixture, "bucket_dropdown"), "hour");
  wait_preview (fixture.preview);
  g_assert_null (bs_query_preview_get_error (fixture.preview));
  g_assert_cmpint (bs_frame_chart_get_kind (bs_query_preview_get_chart (fixture.preview)), ==,
                   BS_FRAME_CHART_KIND_LINES);
  g_assert_cmpuint (bs_frame_chart_get_n_series (bs_query_preview_get_chart (fixture.preview)),
                    ==, 2);
  bs_test_save_screenshot (fixture.window, "query-builder-series-1280.png");
  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") != NULL)
    {
      AdwStyleManager *style = adw_style_manager_get_default ();

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      bs_test_save_screenshot (fixture.window, "query-builder-series-dark-1280.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    }

  fixture_close (&fixture);
}

static void
test_builder_narrow (void)
{
  Fixture fixture;
  GtkScrolledWindow *scrolled;

  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Only draws for a person to look at (set BS_TEST_SCREENSHOT_DIR)");
      return;
    }

  fixture_open (&fixture, 480, 900);
  bs_query_builder_set_verbosity (fixture.builder, BS_PROFILE_VERBOSITY_STEP_BY_STEP);
  build_sum_per_product (&fixture);
  bs_query_builder_add_filter (fixture.builder);
  wait_preview (fixture.preview);
  bs_test_save_screenshot (fixture.window, "query-builder-480.png");

  /* Scrolled down to the query text, opened. */
  gtk_expander_set_expanded (bs_test_template_child (fixture.preview, BS_TYPE_QUERY_PREVIEW,
                                                     "query_expander"), TRUE);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  scrolled = GTK_SCROLLED_WINDOW (gtk_window_get_child (GTK_WINDOW (fixture.window)));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), G_MAXDOUBLE);
  bs_test_save_screenshot (fixture.window, "query-builder-480-query-text.png");
  fixture_close (&fixture);
}

static GtkWidget *
nth_child (GtkWidget *widget,
           guint      n)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  for (guint i = 0; child != NULL && i < n; i++)
    child = gtk_widget_get_next_sibling (child);
  g_assert_nonnull (child);

  return child;
}

static void
test_builder_invalid_filter (void)
{
  Fixture fixture;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *json_after = NULL;
  g_autoptr(JsonNode) node = NULL;
  GtkWidget *filters_box;
  GtkWidget *row;
  GtkEntry *entry;
  const BsQuery *query;
  GtkLabel *message;
  guint finished;

  fixture_open (&fixture, 1280, 800);
  build_sum_per_product (&fixture);
  wait_preview (fixture.preview);
  node = bs_query_to_json (bs_query_builder_get_query (fixture.builder));
  json_before = json_to_string (node, FALSE);
  g_clear_pointer (&node, json_node_unref);

  g_assert_cmpuint (bs_query_builder_add_filter (fixture.builder), ==, 0);
  filters_box = bs_test_template_child (fixture.builder, BS_TYPE_QUERY_BUILDER, "filters_box");
  row = gtk_widget_get_first_child (filters_box);
  choose (GTK_DROP_DOWN (nth_child (row, 0)), "quantity");
  choose (GTK_DROP_DOWN (nth_child (row, 1)), "is more than");
  entry = GTK_ENTRY (nth_child (row, 2));

  /* A word where a number belongs: refused, said why, and nothing sent. */
  finished = fixture.finished;
  gtk_editable_set_text (GTK_EDITABLE (entry), "lots");
  g_assert_nonnull (bs_query_builder_get_error (fixture.builder));
  g_assert_nonnull (strstr (bs_query_builder_get_error (fixture.builder), "not a number"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  message = bs_test_template_child (fixture.builder, BS_TYPE_QUERY_BUILDER, "filter_message");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpstr (gtk_label_get_label (message), ==,
                   bs_query_builder_get_error (fixture.builder));
  node = bs_query_to_json (bs_query_builder_get_query (fixture.builder));
  json_after = json_to_string (node, FALSE);
  g_assert_cmpstr (json_after, ==, json_before);
  g_assert_false (bs_query_preview_get_busy (fixture.preview));
  wait_preview (fixture.preview);
  g_assert_cmpuint (fixture.finished, ==, finished);

  /* Fixed: the filter applies, and the rows are those of the SQL with it. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "2");
  g_assert_null (bs_query_builder_get_error (fixture.builder));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  query = bs_query_builder_get_query (fixture.builder);
  g_assert_cmpuint (query->filters->len, ==, 1);
  g_assert_true (((BsQueryFilter *) g_ptr_array_index (query->filters, 0))->is_number);
  g_assert_cmpfloat (((BsQueryFilter *) g_ptr_array_index (query->filters, 0))->number, ==, 2);
  before = g_date_time_new_now_utc ();
  wait_preview (fixture.preview);
  after = g_date_time_new_now_utc ();
  g_assert_null (bs_query_preview_get_error (fixture.preview));
  assert_rows_match (fixture.preview,
                     "SELECT product_id, SUM (quantity) FROM sales WHERE sold_at >= ?1"
                     " AND quantity > 2 GROUP BY product_id ORDER BY product_id",
                     before, after);

  /* Removing the filter brings back the first answer. */
  g_signal_emit_by_name (nth_child (row, 3), "clicked");
  g_assert_cmpuint (bs_query_builder_get_n_filters (fixture.builder), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  g_free (json_after);
  node = bs_query_to_json (bs_query_builder_get_query (fixture.builder));
  json_after = json_to_string (node, FALSE);
  g_assert_cmpstr (json_after, ==, json_before);
  wait_preview (fixture.preview);

  fixture_close (&fixture);
}

static char **
table_columns (const char *table,
               gboolean    numeric_only)
{
  sqlite3 *db = open_demo ();
  sqlite3_stmt *statement = NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  char **columns;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, type FROM pragma_table_info (?1)", -1,
                                       &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (statement, 1);

      if (!numeric_only || g_ascii_strcasecmp (type, "INTEGER") == 0 ||
          g_ascii_strcasecmp (type, "REAL") == 0)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (statement, 0));
    }
  sqlite3_finalize (statement);
  sqlite3_close (db);
  columns = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return columns;
}

static void
test_builder_table_change (void)
{
  Fixture fixture;
  g_auto(GStrv) numeric = table_columns ("orders", TRUE);
  g_auto(GStrv) all = table_columns ("orders", FALSE);
  g_auto(GStrv) column_labels = NULL;
  g_auto(GStrv) split_labels = NULL;
  g_auto(GStrv) time_labels = NULL;
  g_auto(GStrv) tables = NULL;

  fixture_open (&fixture, 1280, 800);
  build_sum_per_product (&fixture);
  bs_query_builder_add_filter (fixture.builder);
  wait_preview (fixture.preview);

  tables = labels_of (dropdown (&fixture, "table_dropdown"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "orders"));
  g_assert_true (g_strv_contains ((const char * const *) tables, "sales_detail"));
  g_assert_false (g_strv_contains ((const char * const *) tables, "sqlite_sequence"));

  choose (dropdown (&fixture, "table_dropdown"), "orders");
  wait_builder (fixture.builder);
  g_assert_cmpstr (bs_query_builder_get_table (fixture.builder), ==, "orders");
  g_assert_cmpint (bs_query_builder_get_source_id (fixture.builder), ==, demo_id);

  /* "The value of" offers the numeric columns of orders, the splits all of them. */
  column_labels = labels_of (dropdown (&fixture, "column_dropdown"));
  g_assert_true (g_strv_equal ((const char * const *) column_labels,
                               (const char * const *) numeric));
  split_labels = labels_of (dropdown (&fixture, "split1_dropdown"));
  g_assert_cmpstr (split_labels[0], ==, "nothing (one total)");
  g_assert_true (g_strv_equal ((const char * const *) split_labels + 1,
                               (const char * const *) all));
  time_labels = labels_of (dropdown (&fixture, "time_column_dropdown"));
  g_assert_cmpstr (time_labels[0], ==, "placed_at");
  g_assert_null (time_labels[1]);
  g_assert_cmpuint (bs_query_builder_get_n_filters (fixture.builder), ==, 0);

  /* What sales had and orders lacks is gone from the query, and the preview follows. */
  g_assert_cmpstr (bs_query_builder_get_query (fixture.builder)->table, ==, "orders");
  g_assert_cmpstr (bs_query_builder_get_query (fixture.builder)->time_column, ==, "placed_at");
  g_assert_null (bs_query_builder_get_query (fixture.builder)->splits[0]);
  wait_preview (fixture.preview);
  g_assert_null (bs_query_preview_get_error (fixture.preview));
  g_assert_cmpstr (bs_query_preview_get_query (fixture.preview)->table, ==, "orders");

  fixture_close (&fixture);
}

typedef struct
{
  Fixture  *fixture;
  BsQuery  *second;
  BsQuery  *last;
  gboolean  done;
} Burst;

/* While the first request is on its way, two more changes come. */
static void
burst_started_cb (BsQueryPreview *preview,
                  Burst          *burst)
{
  if (burst->done)
    return;

  burst->done = TRUE;
  bs_query_preview_set_query (preview, burst->second);
  bs_query_preview_set_query (preview, burst->last);
}

static void
test_preview_cancels (void)
{
  Fixture fixture;
  g_autoptr(BsQuery) first = bs_query_new (demo_id, "sales");
  g_autoptr(BsQuery) second = bs_query_new (demo_id, "sales");
  g_autoptr(BsQuery) last = bs_query_new (demo_id, "sales");
  Burst burst = { &fixture, second, last, FALSE };
  sqlite3 *db;
  sqlite3_stmt *statement = NULL;
  gint64 expected;
  JsonObject *frame;

  bs_query_add_split (second, "store_id");
  bs_query_add_split (last, "product_id");
  bs_query_set_measure (last, BS_QUERY_MEASURE_DISTINCT_COUNT, "store_id");

  fixture_open (&fixture, 1280, 800);
  bs_query_preview_follow (fixture.preview, NULL);
  g_signal_connect (fixture.preview, "started", G_CALLBACK (burst_started_cb), &burst);
  bs_query_preview_set_query (fixture.preview, first);
  wait_preview (fixture.preview);

  /* The first was cancelled in flight, the second never sent: one answer, the last. */
  g_assert_true (burst.done);
  g_assert_cmpuint (fixture.started, ==, 2);
  g_assert_cmpuint (fixture.finished, ==, 1);
  g_assert_null (bs_query_preview_get_error (fixture.preview));
  frame = bs_query_preview_get_frame (fixture.preview);
  assert_frame_columns (frame, "product_id", "value");

  db = open_demo ();
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (DISTINCT product_id) FROM sales", -1,
                                       &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  expected = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (frame, "rows")), ==,
                   MIN (expected, BS_QUERY_PREVIEW_DEFAULT_LIMIT));

  /* Nothing late arrives to replace it. */
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_cmpuint (fixture.finished, ==, 1);
  g_assert_true (bs_query_preview_get_frame (fixture.preview) == frame);

  g_signal_handlers_disconnect_by_data (fixture.preview, &burst);
  fixture_close (&fixture);
}

static void
test_preview_error (void)
{
  Fixture fixture;
  g_autoptr(BsQuery) query = bs_query_new (demo_id, "sales");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "no_such_column");
  fixture_open (&fixture, 1280, 800);
  bs_query_preview_follow (fixture.preview, NULL);
  bs_query_preview_set_query (fixture.preview, query);
  wait_preview (fixture.preview);

  /* Said in words that name the column, and no stale rows beside it. */
  g_assert_nonnull (bs_query_preview_get_error (fixture.preview));
  g_test_message ("Error shown: %s", bs_query_preview_get_error (fixture.preview));
  g_assert_nonnull (strstr (bs_query_preview_get_error (fixture.preview), "no_such_column"));
  g_assert_null (bs_query_preview_get_frame (fixture.preview));
  g_assert_null (bs_query_preview_get_status (fixture.preview));
  g_assert_cmpuint (fixture.finished, ==, 1);

  fixture_close (&fixture);
}

static gint64
add_prometheus_source (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"name\": \"Shop metrics\", \"kind\": \"prometheus\","
                                           " \"url\": \"%s\"}", url);
  g_autoptr(JsonNode) body = json_from_string (json, &error);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  answer = bs_test_request (engine->client, "POST", "datasources", body, &error);
  g_assert_no_error (error);

  return json_object_get_int_member (json_node_get_object (answer), "id");
}

/* A metric and its labels come from the real Prometheus; the latest stock per region. */
static void
test_builder_prometheus (void)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  Fixture fixture;
  g_auto(GStrv) metrics = NULL;
  g_auto(GStrv) splits = NULL;
  gint64 source_id, last;
  JsonObject *frame;
  JsonArray *rows;

  if (prometheus == NULL)
    return;

  source_id = add_prometheus_source (bs_prometheus_fixture_get_url (prometheus));
  fixture_open (&fixture, 1280, 800);
  bs_query_builder_set_source (fixture.builder, source_id, "shop_inventory_units");
  wait_builder (fixture.builder);

  metrics = labels_of (dropdown (&fixture, "table_dropdown"));
  g_assert_true (g_strv_contains ((const char * const *) metrics, "shop_inventory_units"));
  g_assert_true (g_strv_contains ((const char * const *) metrics, "shop_units_sold_total"));
  g_assert_cmpstr (bs_query_builder_get_table (fixture.builder), ==, "shop_inventory_units");
  splits = labels_of (dropdown (&fixture, "split1_dropdown"));
  g_assert_true (g_strv_contains ((const char * const *) splits, "product"));
  g_assert_true (g_strv_contains ((const char * const *) splits, "region"));
  /* A metric has no time column to pick: the range applies to its samples. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dropdown (&fixture,
                                                                "time_column_dropdown"))));

  choose (dropdown (&fixture, "measure_dropdown"), "the value of");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dropdown (&fixture, "column_dropdown"))));
  choose (dropdown (&fixture, "aggregation_dropdown"), "the latest");
  choose (dropdown (&fixture, "split1_dropdown"), "region");
  choose (dropdown (&fixture, "range_dropdown"), "the last hour");
  wait_preview (fixture.preview);

  g_assert_null (bs_query_preview_get_error (fixture.preview));
  frame = bs_query_preview_get_frame (fixture.preview);
  g_assert_cmpstr (json_object_get_string_member (frame, "language"), ==, "promql");
  assert_frame_columns (frame, "region", "value");
  rows = json_object_get_array_member (frame, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, BS_PROMETHEUS_FIXTURE_N_REGIONS);

  /* Each region's value: the stock of every product at the newest sample, added up. */
  last = bs_prometheus_fixture_get_last_sample (prometheus);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      const char *region = json_array_get_string_element (row, 0);
      double expected = 0;
      guint r;

      for (r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
        if (g_strcmp0 (bs_prometheus_fixture_regions[r], region) == 0)
          break;
      g_assert_cmpuint (r, <, BS_PROMETHEUS_FIXTURE_N_REGIONS);
      for (guint p = 0; p < BS_PROMETHEUS_FIXTURE_N_PRODUCTS; p++)
        expected += bs_prometheus_fixture_inventory (p, r, last);
      g_assert_cmpfloat (json_array_get_double_element (row, 1), ==, expected);
    }

  fixture_close (&fixture);
}

/* The application's own style sheet, which AdwApplication loads for the Studio. */
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

  /* Times on show are in local time; make that UTC, for the engine too. */
  g_setenv ("TZ", "UTC", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();
  load_style ();

  g_test_add_func ("/bs/frame-view/format", test_frame_view_format);
  g_test_add_func ("/bs/frame-view/sort", test_frame_view_sort);
  g_test_add_func ("/bs/frame-chart/kinds", test_frame_chart_kinds);
  g_test_add_func ("/bs/query-builder/sum-per-product", test_builder_sum_per_product);
  g_test_add_func ("/bs/query-builder/invalid-filter", test_builder_invalid_filter);
  g_test_add_func ("/bs/query-builder/table-change", test_builder_table_change);
  g_test_add_func ("/bs/query-builder/narrow", test_builder_narrow);
  g_test_add_func ("/bs/query-builder/prometheus", test_builder_prometheus);
  g_test_add_func ("/bs/query-preview/cancels", test_preview_cancels);
  g_test_add_func ("/bs/query-preview/error", test_preview_error);

  engine = bs_test_engine_start_in (root);
  demo_id = bs_test_find_demo_source (engine->client);
  status = g_test_run ();

  bs_prometheus_fixture_free_shared ();
  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);
  g_free (root);

  return status;
}
