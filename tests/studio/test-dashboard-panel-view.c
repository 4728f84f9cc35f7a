/* The panel view and the panel data under Xvfb, against a real engine with the demo data:
 * each kind of panel loads what the engine gives for the same query; Grafana panels whose
 * query is not ours say so in words; a new panel asks for data; an engine that stops
 * answering gives a clear error and "Try Again" works once it is back; panels asking the
 * same thing share one request, and at most three requests run at once.
 *
 * The engine is reached through a small proxy in this process, which counts the queries
 * it forwards and can stop listening as a stopped engine does.
 *
 * With BS_TEST_SCREENSHOT_DIR set, a gallery of panels is drawn to PNG files there.
 */
#define G_LOG_DOMAIN "bs-test-dashboard-panel-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "bs-dashboard-canvas.h"
#include "bs-dashboard-panel-view.h"
#include "bs-dashboard-view-query.h"
#include "bs-frame-view.h"
#include "bs-markdown-view.h"
#include "bs-panel-chart.h"
#include "bs-panel-data.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-value-format.h"

#define WAIT_MS 60000

static char *root;
static BsTestEngine *engine;
static gint64 demo_id;

/* The proxy */

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *url;
  guint        port;
  guint        n_queries;     /* POST query requests forwarded */
  guint        in_flight;
  guint        max_in_flight;
  guint        delay_ms;      /* before a query is forwarded: a slow engine */
} Proxy;

static Proxy proxy;

typedef struct
{
  SoupServerMessage *message;
  SoupMessage       *forward;
  gboolean           is_query;
} Forward;

static void
forwarded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (forward->is_query)
    proxy.in_flight--;
  if (bytes == NULL)
    soup_server_message_set_status (forward->message, SOUP_STATUS_BAD_GATEWAY, NULL);
  else
    {
      const char *type = soup_message_headers_get_content_type
                           (soup_message_get_response_headers (forward->forward), NULL);
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      soup_server_message_set_status (forward->message,
                                      soup_message_get_status (forward->forward), NULL);
      soup_server_message_set_response (forward->message,
                                        type != NULL ? type : "application/json",
                                        SOUP_MEMORY_COPY, data, size);
    }
  soup_server_message_unpause (forward->message);
  g_object_unref (forward->message);
  g_object_unref (forward->forward);
  g_free (forward);
}

static void
send_forward (gpointer user_data)
{
  Forward *forward = user_data;

  soup_session_send_and_read_async (proxy.session, forward->forward, G_PRIORITY_DEFAULT, NULL,
                                    forwarded_cb, forward);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *uri = g_strconcat (engine->discovery->url, path + 1, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", engine->token, NULL);
  Forward *forward = g_new0 (Forward, 1);

  forward->message = g_object_ref (message);
  forward->forward = soup_message_new (soup_server_message_get_method (message), uri);
  forward->is_query = g_str_has_suffix (path, "/query");
  soup_message_headers_replace (soup_message_get_request_headers (forward->forward),
                                "Authorization", bearer);
  if (g_bytes_get_size (bytes) > 0)
    soup_message_set_request_body_from_bytes (forward->forward, "application/json", bytes);
  if (forward->is_query)
    {
      proxy.n_queries++;
      proxy.in_flight++;
      proxy.max_in_flight = MAX (proxy.max_in_flight, proxy.in_flight);
    }
  soup_server_message_pause (message);
  if (forward->is_query && proxy.delay_ms > 0)
    g_timeout_add_once (proxy.delay_ms, send_forward, forward);
  else
    send_forward (forward);
}

static void
proxy_start (void)
{
  g_autoptr(GUri) uri = NULL;

  proxy.session = soup_session_new ();
  proxy.server = bs_test_http_server_new (proxy_cb, NULL, &proxy.url);
  uri = g_uri_parse (proxy.url, G_URI_FLAGS_NONE, NULL);
  proxy.port = g_uri_get_port (uri);
}

static void
proxy_down (void)
{
  soup_server_disconnect (proxy.server);
}

static void
proxy_up (void)
{
  g_autoptr(GError) error = NULL;

  soup_server_listen_local (proxy.server, proxy.port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
}

static void
proxy_stop (void)
{
  soup_server_disconnect (proxy.server);
  g_clear_object (&proxy.server);
  g_clear_object (&proxy.session);
  g_clear_pointer (&proxy.url, g_free);
}

static BsPanelData *
panel_data_new (void)
{
  g_autoptr(BsEngineClient) client = bs_engine_client_new (proxy.url, "proxied");

  proxy.max_in_flight = 0;
  proxy.n_queries = 0;
  return bs_panel_data_new (client);
}

/* Queries and dashboards */

static BsQuery *
revenue_query (void)
{
  BsQuery *query = bs_query_new (demo_id, "sales_detail");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 7);
  return query;
}

static BsDashboard *
dashboard_new (const char *from,
               const char *to)
{
  BsDashboard *dashboard = bs_dashboard_new ("Shop");

  g_free (dashboard->time_from);
  dashboard->time_from = g_strdup (from);
  g_free (dashboard->time_to);
  dashboard->time_to = g_strdup (to);
  return dashboard;
}

static BsDashboardPanel *
add_panel (BsDashboard   *dashboard,
           const char    *type,
           const char    *title,
           const BsQuery *query)
{
  BsDashboardPanel *panel = bs_dashboard_panel_new (bs_dashboard_next_panel_id (dashboard),
                                                    type, title);

  if (query != NULL)
    bs_dashboard_panel_set_query (panel, "A", query);
  g_ptr_array_add (dashboard->panels, panel);
  return panel;
}

static BsDashboardPanel *
panel_from_text (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  BsDashboardPanel *panel;

  g_assert_no_error (error);
  panel = bs_dashboard_panel_from_json (node, "Panel 1", &error);
  g_assert_no_error (error);
  return panel;
}

static JsonObject *
engine_frame (const BsQuery *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_value (builder, bs_query_to_json (query));
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, BS_PANEL_DATA_ROW_LIMIT);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = bs_test_request (engine->client, "POST", "query", body, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (answer));
}

static JsonArray *
frame_rows (JsonObject *frame)
{
  return json_object_get_array_member (frame, "rows");
}

/* Views in a window */

static GtkWidget *
show_view (GtkWidget *view,
           int        width,
           int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_widget_set_margin_start (view, 12);
  gtk_widget_set_margin_end (view, 12);
  gtk_widget_set_margin_top (view, 12);
  gtk_widget_set_margin_bottom (view, 12);
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
wait_view (BsDashboardPanelView *view)
{
  g_assert_true (bs_test_wait_until (view_settled, view, WAIT_MS));
  g_test_message ("Panel %" G_GINT64_FORMAT ": state %d, “%s”",
                  bs_dashboard_panel_view_get_panel_id (view),
                  bs_dashboard_panel_view_get_state (view),
                  bs_dashboard_panel_view_get_message (view));
}

/* A macro, so that a failure names the line of the test. */
#define assert_view_state(view, expected) \
  g_assert_cmpint (bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)), ==, \
                   (expected))

static void
count_cb (gpointer  view,
          guint    *counter)
{
  (*counter)++;
}

/* The first button below @widget whose label is @label, or NULL. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL && gtk_widget_is_visible (found))
        return found;
    }
  return NULL;
}

/* Panel data */

typedef struct
{
  guint       answered;
  guint       cancelled;
  guint       failed;
  JsonObject *frames[16];
  char       *message;
} Answers;

typedef struct
{
  Answers *answers;
  guint    index;
} Slot;

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *frame;

  frame = bs_panel_data_run_finish (BS_PANEL_DATA (source), result, &error);
  slot->answers->answered++;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    slot->answers->cancelled++;
  else if (error != NULL)
    {
      slot->answers->failed++;
      g_free (slot->answers->message);
      slot->answers->message = g_strdup (error->message);
    }
  slot->answers->frames[slot->index] = frame;
  g_free (slot);
}

static void
run (BsPanelData   *data,
     const BsQuery *query,
     GCancellable  *cancellable,
     Answers       *answers,
     guint          index)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->answers = answers;
  slot->index = index;
  bs_panel_data_run_async (data, query, cancellable, answered_cb, slot);
}

typedef struct
{
  Answers *answers;
  guint    expected;
} Expect;

static gboolean
expect_reached (gpointer user_data)
{
  Expect *expect = user_data;

  return expect->answers->answered >= expect->expected;
}

static void
wait_answers (Answers *answers,
              guint    expected)
{
  Expect expect = { answers, expected };

  g_assert_true (bs_test_wait_until (expect_reached, &expect, WAIT_MS));
}

static void
answers_clear (Answers *answers)
{
  for (guint i = 0; i < G_N_ELEMENTS (answers->frames); i++)
    g_clear_pointer (&answers->frames[i], json_object_unref);
  g_clear_pointer (&answers->message, g_free);
  memset (answers, 0, sizeof *answers);
}

static void
test_data_queue (void)
{
  static const char *const splits[] = { "region", "store", "channel", "category",
                                        "product_name", NULL };
  g_autoptr(BsPanelData) data = panel_data_new ();
  Answers answers = { 0 };
  guint n = 0;

  for (guint i = 0; splits[i] != NULL; i++, n++)
    {
      g_autoptr(BsQuery) query = revenue_query ();

      bs_query_add_split (query, splits[i]);
      run (data, query, NULL, &answers, n);
    }
  {
    g_autoptr(BsQuery) query = revenue_query ();

    run (data, query, NULL, &answers, n++);
  }

  /* Three sent at once, the rest waiting for a free slot. */
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, BS_PANEL_DATA_MAX_RUNNING);
  wait_answers (&answers, n);
  g_assert_cmpuint (answers.failed, ==, 0);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, n);
  g_assert_cmpuint (proxy.n_queries, ==, n);
  g_assert_cmpuint (proxy.max_in_flight, <=, BS_PANEL_DATA_MAX_RUNNING);
  g_test_message ("At most %u queries at the engine at once", proxy.max_in_flight);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (answers.frames[i]);
      g_assert_cmpuint (json_array_get_length (frame_rows (answers.frames[i])), >, 0);
    }
  /* Four regions in the demo. */
  g_assert_cmpuint (json_array_get_length (frame_rows (answers.frames[0])), ==, 4);
  answers_clear (&answers);
}

static void
test_data_shared (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsQuery) query = revenue_query ();
  Answers answers = { 0 };

  bs_query_add_split (query, "region");
  for (guint i = 0; i < 10; i++)
    {
      /* Equal, not the same: shared by content. */
      g_autoptr(BsQuery) copy = bs_query_copy (query);

      run (data, copy, NULL, &answers, i);
    }
  wait_answers (&answers, 10);
  g_assert_cmpuint (answers.failed, ==, 0);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 1);
  g_assert_cmpuint (proxy.n_queries, ==, 1);
  for (guint i = 1; i < 10; i++)
    g_assert_true (answers.frames[i] == answers.frames[0]);

  /* Asked again after the answer: a new request. */
  run (data, query, NULL, &answers, 10);
  wait_answers (&answers, 11);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 2);
  answers_clear (&answers);
}

static void
test_data_cancel (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsQuery) query = revenue_query ();
  g_autoptr(GCancellable) first = g_cancellable_new ();
  g_autoptr(GCancellable) alone = g_cancellable_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  Answers answers = { 0 };

  /* Two wait for one request; the first leaves, the other still gets its answer. */
  run (data, query, first, &answers, 0);
  run (data, query, NULL, &answers, 1);
  g_cancellable_cancel (first);
  wait_answers (&answers, 2);
  g_assert_cmpuint (answers.cancelled, ==, 1);
  g_assert_null (answers.frames[0]);
  g_assert_nonnull (answers.frames[1]);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 1);

  /* The only one waiting leaves: the request is dropped, and the same query asked again
   * is sent anew instead of joining the cancelled one. */
  run (data, query, alone, &answers, 2);
  g_cancellable_cancel (alone);
  wait_answers (&answers, 3);
  g_assert_cmpuint (answers.cancelled, ==, 2);
  run (data, query, NULL, &answers, 3);
  wait_answers (&answers, 4);
  g_assert_cmpuint (answers.cancelled, ==, 2);
  g_assert_nonnull (answers.frames[3]);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 3);

  /* Cancelled before it was asked: never sent. */
  g_cancellable_cancel (early);
  for (guint i = 0; i < BS_PANEL_DATA_MAX_RUNNING; i++)
    {
      g_autoptr(BsQuery) busy = revenue_query ();

      bs_query_add_split (busy, i == 0 ? "store" : i == 1 ? "channel" : "category");
      run (data, busy, NULL, &answers, 4 + i);
    }
  run (data, query, early, &answers, 4 + BS_PANEL_DATA_MAX_RUNNING);
  wait_answers (&answers, 5 + BS_PANEL_DATA_MAX_RUNNING);
  g_assert_cmpuint (answers.cancelled, ==, 3);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 3 + BS_PANEL_DATA_MAX_RUNNING);
  answers_clear (&answers);
}

static void
test_data_error (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsQuery) query = bs_query_new (demo_id, "no_such_table");
  Answers answers = { 0 };

  run (data, query, NULL, &answers, 0);
  wait_answers (&answers, 1);
  g_assert_cmpuint (answers.failed, ==, 1);
  g_test_message ("%s", answers.message);
  g_assert_nonnull (strstr (answers.message, "no_such_table"));
  answers_clear (&answers);
}

/* Panel views */

static void
test_view_stat (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now/d", "now/d");
  g_autoptr(BsQuery) query = revenue_query ();
  g_autoptr(BsQuery) viewed = NULL;
  g_autoptr(JsonObject) frame = NULL;
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 360, 220);
  BsDashboardPanel *panel;
  GtkWidget *chart;
  guint loaded = 0;
  double value = NAN;

  panel = add_panel (dashboard, "stat", "Revenue today", query);
  panel->unit = g_strdup ("currencyUSD");
  panel->decimals = 0;
  g_signal_connect (view, "loaded", G_CALLBACK (count_cb), &loaded);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_LOADING);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_cmpuint (loaded, ==, 1);
  g_assert_cmpint (bs_dashboard_panel_view_get_panel_id (BS_DASHBOARD_PANEL_VIEW (view)), ==,
                   panel->id);

  /* What the engine gives for the same query, today. */
  viewed = bs_dashboard_view_query (dashboard, panel, NULL, NULL);
  g_assert_cmpint (viewed->range, ==, BS_QUERY_RANGE_TODAY);
  frame = engine_frame (viewed);
  g_assert_cmpuint (json_array_get_length (frame_rows (frame)), <=, 1);
  if (json_array_get_length (frame_rows (frame)) == 1)
    {
      JsonArray *row = json_array_get_array_element (frame_rows (frame), 0);
      JsonNode *cell = json_array_get_element (row, json_array_get_length (row) - 1);

      if (!JSON_NODE_HOLDS_NULL (cell))
        value = json_node_get_double (cell);
    }
  if (isnan (value))
    {
      /* Just after midnight there may be no sale yet: said in words, not as a zero. */
      assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_EMPTY);
      g_assert_cmpstr (bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)),
                       ==, "No data in this time range\nNothing matches this panel’s query "
                       "in the dashboard’s time range.");
    }
  else
    {
      g_autofree char *text = bs_value_format (value, "currencyUSD", 0);
      const char *summary;

      assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
      g_assert_null (bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)));
      chart = bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view));
      g_assert_true (BS_IS_PANEL_CHART (chart));
      g_assert_cmpint (bs_panel_chart_get_kind (BS_PANEL_CHART (chart)), ==,
                       BS_PANEL_KIND_STAT);
      summary = bs_panel_chart_get_summary (BS_PANEL_CHART (chart));
      g_test_message ("Engine: %s; chart: %s", text, summary);
      g_assert_nonnull (strstr (summary, text));
    }

  /* The same query again (a title change): nothing is sent. */
  g_free (panel->title);
  panel->title = g_strdup ("Takings today");
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  g_assert_cmpint (bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)), !=,
                   BS_DASHBOARD_PANEL_VIEW_LOADING);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 1);

  /* A refresh runs it again. */
  bs_dashboard_panel_view_refresh (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_LOADING);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_cmpuint (loaded, ==, 2);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
allocated (gpointer user_data)
{
  return gtk_widget_get_height (user_data) > 0;
}

static void
test_view_header (void)
{
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 240, 200);
  GtkWidget *header, *title;
  BsDashboardPanel *panel;

  panel = add_panel (dashboard, "timeseries",
                     "A title far too long to fit in a small panel of a dashboard", NULL);
  json_object_set_string_member (panel->json, "description", "Takings per hour");
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  header = gtk_widget_get_first_child (view);
  g_assert_true (bs_test_wait_until (allocated, header, WAIT_MS));

  g_assert_true (gtk_widget_has_css_class (view, "card"));
  g_assert_cmpint (gtk_widget_get_height (header), ==, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT);
  title = gtk_widget_get_first_child (header);
  g_assert_true (GTK_IS_LABEL (title));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, panel->title);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (title)), ==, PANGO_ELLIPSIZE_END);
  g_assert_cmpint (gtk_widget_get_width (title), <, 240);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (title), ==, "Takings per hour");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_timeseries (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 640, 300);
  BsDashboardPanel *panel;
  GtkWidget *chart;

  bs_query_add_split (query, "region");
  panel = add_panel (dashboard, "timeseries", "Revenue by region", query);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));

  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  chart = bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_true (BS_IS_PANEL_CHART (chart));
  g_assert_cmpint (bs_panel_chart_get_kind (BS_PANEL_CHART (chart)), ==,
                   BS_PANEL_KIND_TIMESERIES);
  g_assert_cmpuint (bs_panel_chart_get_n_series (BS_PANEL_CHART (chart)), ==, 4);
  g_test_message ("%s", bs_panel_chart_get_summary (BS_PANEL_CHART (chart)));

  /* A bar chart has no time buckets: its own query, one more request. */
  g_free (panel->type);
  panel->type = g_strdup ("barchart");
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_true (bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view)) == chart);
  g_assert_cmpint (bs_panel_chart_get_kind (BS_PANEL_CHART (chart)), ==, BS_PANEL_KIND_BAR);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 2);

  /* A pie of the same query keeps the data: ready at once, nothing sent. */
  g_free (panel->type);
  panel->type = g_strdup ("piechart");
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_cmpint (bs_panel_chart_get_kind (BS_PANEL_CHART (chart)), ==, BS_PANEL_KIND_PIE);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_table (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-30d", "now");
  g_autoptr(BsQuery) query = bs_query_new (demo_id, "sales_detail");
  g_autoptr(BsQuery) viewed = NULL;
  g_autoptr(JsonObject) frame = NULL;
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 480, 360);
  BsDashboardPanel *panel;
  BsFrameView *table;
  guint n_rows;

  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 1);
  bs_query_add_split (query, "category");
  panel = add_panel (dashboard, "table", "Sales by category", query);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));

  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  table = BS_FRAME_VIEW (bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view)));
  g_assert_true (BS_IS_FRAME_VIEW (table));
  viewed = bs_dashboard_view_query (dashboard, panel, NULL, NULL);
  g_assert_cmpuint (viewed->range_count, ==, 30);
  frame = engine_frame (viewed);
  n_rows = json_array_get_length (frame_rows (frame));
  g_assert_cmpuint (n_rows, >, 1);
  g_assert_cmpuint (bs_frame_view_get_n_rows (table), ==, n_rows);
  g_assert_cmpuint (bs_frame_view_get_n_columns (table), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_text (void)
{
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsDashboardPanel) panel = NULL;
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 420, 260);
  GtkWidget *content;
  guint loaded = 0;

  panel = panel_from_text ("{\"id\": 3, \"type\": \"text\", \"title\": \"Read me\","
                           " \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 8, \"h\": 6},"
                           " \"options\": {\"mode\": \"markdown\","
                           "   \"content\": \"# Weekly numbers\\nRevenue is **up**.\"}}");
  g_signal_connect (view, "loaded", G_CALLBACK (count_cb), &loaded);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);

  /* Ready at once, with no data to wait for. */
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_cmpuint (loaded, ==, 1);
  content = bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_true (BS_IS_MARKDOWN_VIEW (content));
  /* Nothing to refresh nor to alert on: only the editing items. */
  g_assert_true (gtk_widget_activate_action (view, "panel.refresh", NULL));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  gtk_window_destroy (GTK_WINDOW (window));
}

static BsDashboard *
load_fixture (const char *folder,
              const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "grafana-dashboards",
                                                 folder, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  BsDashboard *dashboard;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  dashboard = bs_dashboard_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return dashboard;
}

/* The first top-level panel of @type in @dashboard. */
static BsDashboardPanel *
first_panel_of_type (const BsDashboard *dashboard,
                     const char        *type)
{
  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);

      if (g_strcmp0 (panel->type, type) == 0)
        return panel;
    }
  g_assert_not_reached ();
}

static void
test_view_needs_source (void)
{
  g_autoptr(BsDashboard) dashboard = load_fixture ("rfmoz", "node-exporter-full.json");
  BsDashboardPanel *panel = first_panel_of_type (dashboard, "timeseries");
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 480, 270);
  const char *message;
  guint edits = 0;

  g_signal_connect (view, "edit-requested", G_CALLBACK (count_cb), &edits);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);

  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE);
  message = bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view));
  g_test_message ("“%s”: %s", panel->title, message);
  g_assert_nonnull (strstr (message, "Needs a data source"));
  g_assert_nonnull (strstr (message, "Prometheus"));
  g_assert_nonnull (strstr (message, "${ds_prometheus}"));
  g_assert_nonnull (strstr (message, " for: "));
  g_assert_nonnull (strstr (message, "node_"));
  g_assert_null (bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view)));

  /* "Choose Data" when editable, gone when not. */
  g_signal_emit_by_name (find_button (view, "_Choose Data"), "clicked");
  g_assert_cmpuint (edits, ==, 1);
  bs_dashboard_panel_view_set_editable (BS_DASHBOARD_PANEL_VIEW (view), FALSE);
  g_assert_null (find_button (view, "_Choose Data"));
  bs_dashboard_panel_view_set_editable (BS_DASHBOARD_PANEL_VIEW (view), TRUE);
  g_assert_nonnull (find_button (view, "_Choose Data"));
  /* No query of ours: no alert to make from it. */
  gtk_widget_activate_action (view, "panel.create-alert", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
show_every_panel (BsDashboardPanelView *view,
                  const BsDashboard    *dashboard,
                  GPtrArray            *panels,
                  guint                *counts)
{
  for (guint i = 0; i < panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (panels, i);
      BsDashboardPanelViewState state;

      if (bs_dashboard_panel_is_row (panel))
        {
          show_every_panel (view, dashboard, panel->panels, counts);
          continue;
        }
      bs_dashboard_panel_view_set_panel (view, dashboard, panel, NULL);
      state = bs_dashboard_panel_view_get_state (view);
      g_assert_true (state == BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE
                     || state == BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED
                     || state == BS_DASHBOARD_PANEL_VIEW_NO_QUERY
                     || (state == BS_DASHBOARD_PANEL_VIEW_READY
                         && g_strcmp0 (panel->type, "text") == 0));
      g_assert_true (state == BS_DASHBOARD_PANEL_VIEW_READY
                     || bs_dashboard_panel_view_get_message (view) != NULL);
      counts[state]++;
    }
}

static void
test_view_every_fixture (void)
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
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 480, 270);
  guint counts[BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED + 1] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(BsDashboard) dashboard = load_fixture (fixtures[i][0], fixtures[i][1]);

      show_every_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, dashboard->panels, counts);
    }
  g_test_message ("Needs a data source: %u, plug-ins: %u, text: %u, no query: %u",
                  counts[BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE],
                  counts[BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED],
                  counts[BS_DASHBOARD_PANEL_VIEW_READY],
                  counts[BS_DASHBOARD_PANEL_VIEW_NO_QUERY]);
  g_assert_cmpuint (counts[BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE], >, 100);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_state (BsDashboardPanelView      *view,
              const BsDashboard         *dashboard,
              const char                *json,
              BsDashboardPanelViewState  expected,
              const char                *words)
{
  g_autoptr(BsDashboardPanel) panel = panel_from_text (json);
  const char *message;

  bs_dashboard_panel_view_set_panel (view, dashboard, panel, NULL);
  message = bs_dashboard_panel_view_get_message (view);
  g_test_message ("%s: %s", panel->title, message);
  g_assert_cmpint (bs_dashboard_panel_view_get_state (view), ==, expected);
  g_assert_nonnull (message);
  if (words != NULL)
    g_assert_nonnull (strstr (message, words));
}

#define GRID "\"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 8, \"h\": 6}, "

static void
test_view_odd_targets (void)
{
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsDashboardPanel) not_array = NULL;
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 420, 260);
  BsDashboardPanelView *panel_view = BS_DASHBOARD_PANEL_VIEW (view);

  assert_state (panel_view, dashboard,
                "{\"id\": 1, \"type\": \"stat\", \"title\": \"No targets\", " GRID
                "\"options\": {}}",
                BS_DASHBOARD_PANEL_VIEW_NO_QUERY, "Choose what this panel shows");
  assert_state (panel_view, dashboard,
                "{\"id\": 2, \"type\": \"stat\", \"title\": \"Empty\", " GRID
                "\"targets\": []}", BS_DASHBOARD_PANEL_VIEW_NO_QUERY, NULL);
  assert_state (panel_view, dashboard,
                "{\"id\": 3, \"type\": \"stat\", \"title\": \"Odd elements\", " GRID
                "\"targets\": [1, null, \"x\", {\"refId\": \"A\"}]}",
                BS_DASHBOARD_PANEL_VIEW_NO_QUERY, NULL);
  assert_state (panel_view, dashboard,
                "{\"id\": 4, \"type\": \"stat\", \"title\": \"Number expr\", " GRID
                "\"datasource\": \"Prometheus\","
                "\"targets\": [{\"refId\": \"A\", \"expr\": 42}]}",
                BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE, "Prometheus");
  assert_state (panel_view, dashboard,
                "{\"id\": 5, \"type\": \"graph\", \"title\": \"Long\", " GRID
                "\"targets\": [{\"refId\": \"A\", \"datasource\": {\"type\": \"loki\"},"
                " \"expr\": \"sum by (level) (\\n  count_over_time({job=\\\"varlogs\\\"}"
                " |= \\\"error\\\" [5m])\\n) / on() group_left() sum(count_over_time("
                "{job=\\\"varlogs\\\"} [5m]))\"}]}",
                BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE, "Loki for: sum by (level) ( count");
  g_assert_nonnull (strstr (bs_dashboard_panel_view_get_message (panel_view), "…"));
  assert_state (panel_view, dashboard,
                "{\"id\": 6, \"type\": \"stat\", \"title\": \"Ours, broken\", " GRID
                "\"targets\": [{\"refId\": \"A\","
                " \"datasource\": {\"type\": \"business-studio\", \"uid\": \"1\"},"
                " \"businessStudioQuery\": {\"measure\": \"count-rows\"}}]}",
                BS_DASHBOARD_PANEL_VIEW_ERROR, "table");
  assert_state (panel_view, dashboard,
                "{\"id\": 7, \"type\": \"stat\", \"title\": \"Ours, not an object\", " GRID
                "\"targets\": [{\"refId\": \"A\","
                " \"datasource\": {\"type\": \"business-studio\", \"uid\": \"1\"},"
                " \"businessStudioQuery\": \"sales\"}]}",
                BS_DASHBOARD_PANEL_VIEW_ERROR, NULL);
  assert_state (panel_view, dashboard,
                "{\"id\": 8, \"type\": \"grafana-worldmap-panel\", \"title\": \"Map\", " GRID
                "\"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}",
                BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED, "grafana-worldmap-panel");
  assert_state (panel_view, dashboard,
                "{\"id\": 9, \"type\": \"stat\", \"title\": \"Panel source only\", " GRID
                "\"datasource\": {\"type\": \"influxdb\", \"uid\": \"abc\"}}",
                BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE, "InfluxDB (“abc”)");

  /* Targets that are not an array, as a hand-written file may have them. */
  not_array = bs_dashboard_panel_new (10, "stat", "Targets object");
  not_array->targets = json_from_string ("{\"expr\": \"up\"}", NULL);
  bs_dashboard_panel_view_set_panel (panel_view, dashboard, not_array, NULL);
  g_assert_cmpint (bs_dashboard_panel_view_get_state (panel_view), ==,
                   BS_DASHBOARD_PANEL_VIEW_NO_QUERY);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_no_query (void)
{
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 420, 260);
  BsDashboardPanel *panel = add_panel (dashboard, "timeseries", "New panel", NULL);
  guint edits = 0, loaded = 0;

  g_signal_connect (view, "edit-requested", G_CALLBACK (count_cb), &edits);
  g_signal_connect (view, "loaded", G_CALLBACK (count_cb), &loaded);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_NO_QUERY);
  g_assert_cmpuint (loaded, ==, 1);
  g_assert_nonnull (strstr (bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)),
                            "No data chosen yet"));
  g_signal_emit_by_name (find_button (view, "_Choose Data"), "clicked");
  g_assert_cmpuint (edits, ==, 1);

  bs_dashboard_panel_view_set_editable (BS_DASHBOARD_PANEL_VIEW (view), FALSE);
  g_assert_cmpstr (bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)), ==,
                   "No data chosen");
  g_assert_null (find_button (view, "_Choose Data"));
  gtk_widget_activate_action (view, "panel.edit", NULL);
  g_assert_cmpuint (edits, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_engine_down (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 420, 260);
  BsDashboardPanel *panel;
  GtkWidget *button;
  const char *message;

  panel = add_panel (dashboard, "stat", "Revenue", query);
  proxy_down ();
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_ERROR);
  message = bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view));
  g_assert_nonnull (strstr (message, "The Business Engine did not answer"));
  g_assert_null (bs_dashboard_panel_view_get_content (BS_DASHBOARD_PANEL_VIEW (view)));

  /* Back: "Try Again" loads it. */
  proxy_up ();
  button = find_button (view, "_Try Again");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_true (BS_IS_PANEL_CHART (bs_dashboard_panel_view_get_content
                                      (BS_DASHBOARD_PANEL_VIEW (view))));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether a spinner below @widget is shown and spinning. */
static gboolean
spinning (GtkWidget *widget)
{
  if (GTK_IS_SPINNER (widget) && gtk_widget_is_drawable (widget))
    return gtk_spinner_get_spinning (GTK_SPINNER (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (spinning (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
spinning_cb (gpointer user_data)
{
  return spinning (user_data);
}

static void
test_view_spinner (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 420, 260);
  BsDashboardPanel *panel;
  gint64 started, elapsed_ms;

  proxy.delay_ms = 1500;
  panel = add_panel (dashboard, "stat", "Revenue", query);
  started = g_get_monotonic_time ();
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);

  /* A quick answer would not flash a spinner; a slow one shows it, 300 ms on. */
  g_assert_false (spinning (view));
  g_assert_true (bs_test_wait_until (spinning_cb, view, 1400));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("Spinner after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 300);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_LOADING);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_false (spinning (view));
  proxy.delay_ms = 0;
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

static void
test_view_data_later (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  GtkWidget *view = bs_dashboard_panel_view_new (NULL);
  GtkWidget *window = show_view (view, 420, 260);
  BsDashboardPanel *panel = add_panel (dashboard, "stat", "Revenue", query);

  /* No data yet: nothing is asked, and the panel waits. */
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  bs_test_wait_until (never, NULL, 300);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_LOADING);
  g_assert_cmpuint (proxy.n_queries, ==, 0);

  bs_dashboard_panel_view_set_data (BS_DASHBOARD_PANEL_VIEW (view), data);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_unrooted (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 420, 260);
  BsDashboardPanel *panel;
  guint loaded = 0;

  bs_query_add_split (query, "store");
  panel = add_panel (dashboard, "barchart", "Revenue by store", query);
  g_signal_connect (view, "loaded", G_CALLBACK (count_cb), &loaded);
  bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel, NULL);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 1);

  /* Taken off the window while it loads: the request is dropped, nothing is shown. */
  g_object_ref (view);
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  bs_test_wait_until (never, NULL, 500);
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_LOADING);
  g_assert_cmpuint (loaded, ==, 0);

  /* Back on it: asked again, and shown. */
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_object_unref (view);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_READY);
  g_assert_cmpuint (loaded, ==, 1);
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_view_shared (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-24h", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *views[10];

  bs_query_add_split (query, "channel");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    add_panel (dashboard, "timeseries", "Revenue by channel", query);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 500);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      views[i] = bs_dashboard_panel_view_new (data);
      gtk_widget_set_size_request (views[i], 180, 200);
      gtk_grid_attach (GTK_GRID (grid), views[i], i % 5, i / 5, 1, 1);
      bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (views[i]), dashboard,
                                         g_ptr_array_index (dashboard->panels, i), NULL);
    }
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      wait_view (BS_DASHBOARD_PANEL_VIEW (views[i]));
      assert_view_state (views[i], BS_DASHBOARD_PANEL_VIEW_READY);
    }
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), ==, 1);
  g_assert_cmpuint (proxy.n_queries, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
alert_cb (BsDashboardPanelView  *view,
          BsQuery               *query,
          BsQuery              **out)
{
  g_clear_pointer (out, bs_query_free);
  *out = bs_query_copy (query);
}

static void
test_view_menu (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-6h", "now");
  g_autoptr(BsQuery) query = revenue_query ();
  g_autoptr(BsQuery) alert = NULL;
  GtkWidget *view = bs_dashboard_panel_view_new (data);
  GtkWidget *window = show_view (view, 420, 260);
  guint edits = 0, duplicates = 0, deletes = 0;
  BsDashboardPanel *panel;

  g_ptr_array_add (dashboard->variables,
                   bs_dashboard_variable_new_column ("region", "Region", demo_id,
                                                     "sales_detail", "region"));
  bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_EQUAL, "$region");
  panel = add_panel (dashboard, "stat", "Revenue", query);
  g_signal_connect (view, "edit-requested", G_CALLBACK (count_cb), &edits);
  g_signal_connect (view, "duplicate-requested", G_CALLBACK (count_cb), &duplicates);
  g_signal_connect (view, "delete-requested", G_CALLBACK (count_cb), &deletes);
  g_signal_connect (view, "create-alert-requested", G_CALLBACK (alert_cb), &alert);
  {
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (values, "region", "Europe");
    bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), dashboard, panel,
                                       values);
  }
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));

  g_assert_true (gtk_widget_activate_action (view, "panel.edit", NULL));
  g_assert_true (gtk_widget_activate_action (view, "panel.duplicate", NULL));
  g_assert_true (gtk_widget_activate_action (view, "panel.delete", NULL));
  g_assert_true (gtk_widget_activate_action (view, "panel.create-alert", NULL));
  g_assert_cmpuint (edits, ==, 1);
  g_assert_cmpuint (duplicates, ==, 1);
  g_assert_cmpuint (deletes, ==, 1);
  /* The query as the dashboard runs it: its time range and the variable's value. */
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->range, ==, BS_QUERY_RANGE_LAST_HOURS);
  g_assert_cmpuint (alert->range_count, ==, 6);
  g_assert_cmpuint (alert->filters->len, ==, 1);
  g_assert_cmpstr (((BsQueryFilter *) g_ptr_array_index (alert->filters, 0))->text, ==,
                   "Europe");

  /* A viewer: no editing, but alerts and refresh. */
  bs_dashboard_panel_view_set_editable (BS_DASHBOARD_PANEL_VIEW (view), FALSE);
  gtk_widget_activate_action (view, "panel.edit", NULL);
  gtk_widget_activate_action (view, "panel.duplicate", NULL);
  gtk_widget_activate_action (view, "panel.delete", NULL);
  g_assert_cmpuint (edits + duplicates + deletes, ==, 3);
  g_clear_pointer (&alert, bs_query_free);
  gtk_widget_activate_action (view, "panel.create-alert", NULL);
  g_assert_nonnull (alert);
  g_assert_true (gtk_widget_activate_action (view, "panel.refresh", NULL));
  assert_view_state (view, BS_DASHBOARD_PANEL_VIEW_LOADING);
  wait_view (BS_DASHBOARD_PANEL_VIEW (view));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A gallery for a person to look at */

typedef struct
{
  const char *type;
  const char *title;
  int         x, y, w, h;
} Cell;

static void
test_gallery (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-7d", "now");
  g_autoptr(BsDashboard) grafana = load_fixture ("rfmoz", "node-exporter-full.json");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *fixed = gtk_fixed_new ();
  GPtrArray *views = g_ptr_array_new ();
  BsDashboardPanel *panel;
  double column = (1280.0 - 16) / 24;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), fixed);
  gtk_widget_add_css_class (window, "view");

  {
    g_autoptr(BsQuery) revenue = revenue_query ();
    g_autoptr(BsQuery) by_region = revenue_query ();
    g_autoptr(BsQuery) by_category = revenue_query ();

    bs_query_add_split (by_region, "region");
    bs_query_add_split (by_category, "category");

    panel = add_panel (dashboard, "stat", "Revenue", revenue);
    panel->unit = g_strdup ("currencyUSD");
    panel->x = 0, panel->y = 0, panel->w = 6, panel->h = 5;
    bs_dashboard_panel_add_threshold (panel, -INFINITY, "green");
    panel = add_panel (dashboard, "gauge", "Revenue against target", revenue);
    panel->unit = g_strdup ("currencyUSD");
    panel->x = 6, panel->y = 0, panel->w = 6, panel->h = 5;
    panel = add_panel (dashboard, "timeseries", "Revenue by region", by_region);
    panel->unit = g_strdup ("currencyUSD");
    panel->x = 12, panel->y = 0, panel->w = 12, panel->h = 9;
    panel = add_panel (dashboard, "table", "Revenue by category", by_category);
    panel->x = 0, panel->y = 5, panel->w = 12, panel->h = 8;
    panel = add_panel (dashboard, "piechart", "Share by category", by_category);
    panel->x = 12, panel->y = 9, panel->w = 6, panel->h = 8;
    panel = add_panel (dashboard, "timeseries", "New panel", NULL);
    panel->x = 18, panel->y = 9, panel->w = 6, panel->h = 8;
    panel = add_panel (dashboard, "text", "Notes", NULL);
    json_object_set_object_member (panel->json, "options", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (panel->json, "options"),
                                   "content", "## This week\nRevenue by **region** and "
                                   "*category*; see the `orders` table for details.");
    panel->x = 0, panel->y = 13, panel->w = 6, panel->h = 8;
    panel = add_panel (dashboard, "stat", "Broken query", NULL);
    panel->targets = json_from_string ("[{\"refId\": \"A\", \"datasource\": {\"type\": "
                                       "\"business-studio\", \"uid\": \"1\"}, "
                                       "\"businessStudioQuery\": {\"table\": \"sales\", "
                                       "\"measure\": \"weight\"}}]", NULL);
    panel->x = 6, panel->y = 13, panel->w = 6, panel->h = 8;
  }

  for (guint i = 0; i < dashboard->panels->len + 1; i++)
    {
      const BsDashboard *owner = i < dashboard->panels->len ? dashboard : grafana;
      BsDashboardPanel *shown;
      GtkWidget *view = bs_dashboard_panel_view_new (data);

      if (i < dashboard->panels->len)
        shown = g_ptr_array_index (dashboard->panels, i);
      else
        {
          shown = first_panel_of_type (grafana, "timeseries");
          shown->x = 12, shown->y = 17, shown->w = 12, shown->h = 8;
        }
      gtk_widget_set_size_request (view, shown->w * column - 8,
                                   shown->h * BS_DASHBOARD_CANVAS_ROW_HEIGHT - 8);
      gtk_fixed_put (GTK_FIXED (fixed), view, 8 + shown->x * column,
                     8 + shown->y * BS_DASHBOARD_CANVAS_ROW_HEIGHT);
      bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (view), owner, shown, NULL);
      g_ptr_array_add (views, view);
    }
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < views->len; i++)
    wait_view (g_ptr_array_index (views, i));
  /* The four queries of the seven panels with one: the table and the pie share theirs. */
  g_assert_cmpuint (bs_panel_data_get_n_requests (data), <=, 5);

  bs_test_save_screenshot (window, "dashboard-panel-views.png");
  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") != NULL)
    {
      AdwStyleManager *style = adw_style_manager_get_default ();

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      bs_test_save_screenshot (window, "dashboard-panel-views-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    }
  g_ptr_array_unref (views);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Small panels (6 × 4 cells, as a row of stats) in each state that has words. */
static void
test_gallery_small (void)
{
  g_autoptr(BsPanelData) data = panel_data_new ();
  g_autoptr(BsDashboard) dashboard = dashboard_new ("now-15m", "now");
  g_autoptr(BsDashboard) grafana = load_fixture ("rfmoz", "node-exporter-full.json");
  g_autoptr(BsQuery) nothing = revenue_query ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *views[4];
  BsDashboardPanel *panels[4];
  double column = (1280.0 - 16) / 24;

  bs_query_add_filter_text (nothing, "region", BS_QUERY_OPERATOR_EQUAL, "Atlantis");
  panels[0] = add_panel (dashboard, "stat", "Revenue in Atlantis", nothing);
  panels[1] = add_panel (dashboard, "stat", "New panel", NULL);
  panels[2] = add_panel (dashboard, "stat", "Broken", NULL);
  panels[2]->targets = json_from_string ("[{\"refId\": \"A\", \"datasource\": {\"type\": "
                                         "\"business-studio\", \"uid\": \"1\"}, "
                                         "\"businessStudioQuery\": {\"measure\": \"sum\"}}]",
                                         NULL);
  panels[3] = first_panel_of_type (grafana, "stat");

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 140);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_top (box, 8);
  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      views[i] = bs_dashboard_panel_view_new (data);
      gtk_widget_set_size_request (views[i], 6 * column - 8,
                                   4 * BS_DASHBOARD_CANVAS_ROW_HEIGHT - 8);
      gtk_widget_set_valign (views[i], GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), views[i]);
      bs_dashboard_panel_view_set_panel (BS_DASHBOARD_PANEL_VIEW (views[i]),
                                         i < 3 ? dashboard : grafana, panels[i], NULL);
    }
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    wait_view (BS_DASHBOARD_PANEL_VIEW (views[i]));
  assert_view_state (views[0], BS_DASHBOARD_PANEL_VIEW_EMPTY);
  assert_view_state (views[1], BS_DASHBOARD_PANEL_VIEW_NO_QUERY);
  assert_view_state (views[2], BS_DASHBOARD_PANEL_VIEW_ERROR);
  assert_view_state (views[3], BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE);
  /* Small panels keep their size: the words do not push them taller. */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    g_assert_true (bs_test_wait_until (allocated, views[i], WAIT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    g_assert_cmpint (gtk_widget_get_height (views[i]), ==,
                     4 * BS_DASHBOARD_CANVAS_ROW_HEIGHT - 8);
  bs_test_save_screenshot (window, "dashboard-panel-views-small.png");
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/bs/panel-data/queue", test_data_queue);
  g_test_add_func ("/bs/panel-data/shared", test_data_shared);
  g_test_add_func ("/bs/panel-data/cancel", test_data_cancel);
  g_test_add_func ("/bs/panel-data/error", test_data_error);
  g_test_add_func ("/bs/dashboard-panel-view/header", test_view_header);
  g_test_add_func ("/bs/dashboard-panel-view/stat", test_view_stat);
  g_test_add_func ("/bs/dashboard-panel-view/timeseries", test_view_timeseries);
  g_test_add_func ("/bs/dashboard-panel-view/table", test_view_table);
  g_test_add_func ("/bs/dashboard-panel-view/text", test_view_text);
  g_test_add_func ("/bs/dashboard-panel-view/needs-source", test_view_needs_source);
  g_test_add_func ("/bs/dashboard-panel-view/every-fixture", test_view_every_fixture);
  g_test_add_func ("/bs/dashboard-panel-view/odd-targets", test_view_odd_targets);
  g_test_add_func ("/bs/dashboard-panel-view/no-query", test_view_no_query);
  g_test_add_func ("/bs/dashboard-panel-view/engine-down", test_view_engine_down);
  g_test_add_func ("/bs/dashboard-panel-view/spinner", test_view_spinner);
  g_test_add_func ("/bs/dashboard-panel-view/data-later", test_view_data_later);
  g_test_add_func ("/bs/dashboard-panel-view/unrooted", test_view_unrooted);
  g_test_add_func ("/bs/dashboard-panel-view/shared", test_view_shared);
  g_test_add_func ("/bs/dashboard-panel-view/menu", test_view_menu);
  g_test_add_func ("/bs/dashboard-panel-view/gallery", test_gallery);
  g_test_add_func ("/bs/dashboard-panel-view/gallery-small", test_gallery_small);

  engine = bs_test_engine_start_in (root);
  demo_id = bs_test_find_demo_source (engine->client);
  proxy_start ();
  status = g_test_run ();

  proxy_stop ();
  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);
  g_free (root);

  return status;
}
