#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "bs-grafana-frame.h"
#include "bs-grafana-proxy.h"
#include "bs-prometheus-client.h"
#include "bs-prometheus-fixture.h"

/* Service-account tokens in Grafana's format (glsa_ + secret + _ + checksum). */
#define ADMIN_TOKEN  "glsa_Adm1nT0kenSecretSecretSecret12_4f1c2a9b"
#define VIEWER_TOKEN "glsa_V1ewerT0kenSecretSecretSecre34_0a1b2c3d"
#define NOROLE_TOKEN "glsa_N0R0leT0kenSecretSecretSecre56_99aa88bb"
#define WRONG_TOKEN  "glsa_Wr0ngT0kenSecretSecretSecret78_deadbeef"

static const char * const all_tokens[] = {
  ADMIN_TOKEN, VIEWER_TOKEN, NOROLE_TOKEN, WRONG_TOKEN, NULL,
};

typedef struct
{
  char        *dir;
  GSubprocess *process;
  char        *url;
  gboolean     has_prometheus;
} Double;

/* A port on which nothing listens: bound, then closed again. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
state_json (const char *prometheus_url,
            gboolean    multi_status)
{
  g_autofree char *dead = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());

  return g_strdup_printf (
    "{\"version\": \"11.3.0\", \"org\": {\"id\": 1, \"name\": \"Retail Org\"},"
    " \"multi_status\": %s,"
    " \"tokens\": [{\"token\": \"" ADMIN_TOKEN "\", \"role\": \"Admin\"},"
    "            {\"token\": \"" VIEWER_TOKEN "\", \"role\": \"Viewer\"},"
    "            {\"token\": \"" NOROLE_TOKEN "\", \"role\": \"None\"}],"
    " \"datasources\": ["
    "  {\"uid\": \"prom-main\", \"name\": \"Shop Prometheus\", \"type\": \"prometheus\", \"url\": \"%s\"},"
    "  {\"uid\": \"prom-dead\", \"name\": \"Old Prometheus\", \"type\": \"prometheus\", \"url\": \"%s\"},"
    "  {\"uid\": \"testdata\", \"name\": \"TestData\", \"type\": \"grafana-testdata-datasource\"},"
    "  {\"uid\": \"pg-sales\", \"name\": \"Sales DB\", \"type\": \"grafana-postgresql-datasource\"}]}",
    multi_status ? "true" : "false", prometheus_url != NULL ? prometheus_url : dead, dead);
}

static Double *
double_start (gboolean with_prometheus,
              gboolean multi_status)
{
  Double *self = g_new0 (Double, 1);
  BsPrometheusFixture *fixture = with_prometheus ? bs_prometheus_fixture_get_shared () : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *state = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  const char *python = g_getenv ("GRAFANA_DOUBLE_PYTHON");
  const char *script = g_getenv ("GRAFANA_DOUBLE");

  g_assert_nonnull (python);
  g_assert_nonnull (script);
  self->has_prometheus = fixture != NULL;
  self->dir = g_dir_make_tmp ("bs-grafana-XXXXXX", &error);
  g_assert_no_error (error);
  state_path = g_build_filename (self->dir, "state.json", NULL);
  state = state_json (fixture != NULL ? bs_prometheus_fixture_get_url (fixture) : NULL,
                      multi_status);
  g_assert_true (g_file_set_contents (state_path, state, -1, &error));

  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                    &error, python, script, "--state", state_path, "--port", "0",
                                    "--watch-stdin", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  self->url = g_strdup_printf ("http://127.0.0.1:%s/", line);
  return self;
}

static void
double_stop (Double *self)
{
  g_autofree char *state_path = g_build_filename (self->dir, "state.json", NULL);

  g_subprocess_send_signal (self->process, SIGTERM);
  g_assert_true (g_subprocess_wait (self->process, NULL, NULL));
  g_object_unref (self->process);
  g_unlink (state_path);
  g_rmdir (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Double, double_stop)

/* Every error a person may read: it must name the problem and never carry a token. */
static void
assert_error (GError     *error,
              GQuark      domain,
              int         code,
              const char *expected_part)
{
  g_assert_error (error, domain, code);
  g_test_message ("error: %s", error->message);
  for (guint i = 0; all_tokens[i] != NULL; i++)
    g_assert_null (strstr (error->message, all_tokens[i]));
  if (expected_part != NULL && strstr (error->message, expected_part) == NULL)
    {
      g_test_message ("“%s” does not contain “%s”", error->message, expected_part);
      g_test_fail ();
    }
}

static void
assert_json (JsonNode   *actual,
             const char *expected_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected = json_from_string (expected_text, &error);

  g_assert_no_error (error);
  if (!json_node_equal (actual, expected))
    {
      g_autofree char *actual_text = json_to_string (actual, FALSE);

      g_test_message ("expected %s", expected_text);
      g_test_message ("actual   %s", actual_text);
      g_test_fail ();
    }
}

static char *
get_recorded_requests (Double *grafana)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (grafana->url, "_double/requests", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
test_check (void)
{
  g_autoptr(Double) grafana = double_start (FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autofree char *subpath = NULL;
  g_autofree char *requests = NULL;
  JsonObject *object;

  ok = bs_grafana_proxy_check (grafana->url, VIEWER_TOKEN, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (ok);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "11.3.0");
  g_assert_cmpstr (json_object_get_string_member (object, "org"), ==, "Retail Org");

  failed = bs_grafana_proxy_check (grafana->url, WRONG_TOKEN, NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED,
                "did not accept the token (Invalid API key)");
  g_clear_error (&error);

  failed = bs_grafana_proxy_check (grafana->url, "", NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  failed = bs_grafana_proxy_check (grafana->url, NOROLE_TOKEN, NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_FORBIDDEN, "orgs:read");
  g_clear_error (&error);

  /* what the double saw: the token checked on /api/org, tokens themselves never kept */
  requests = get_recorded_requests (grafana);
  g_assert_nonnull (strstr (requests, "{\"method\": \"GET\", \"path\": \"/api/org\", "
                                      "\"authenticated\": true}"));
  g_assert_null (strstr (requests, "glsa_"));

  /* the double answers 404 below a path Grafana does not serve: not a Grafana there */
  subpath = g_strconcat (grafana->url, "not-grafana", NULL);
  failed = bs_grafana_proxy_check (subpath, VIEWER_TOKEN, NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_NOT_FOUND,
                "Is this the address of Grafana?");
}

static void
test_list_datasources (void)
{
  g_autoptr(Double) grafana = double_start (FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) refused = NULL;

  list = bs_grafana_proxy_list_datasources (grafana->url, ADMIN_TOKEN, NULL, &error);
  g_assert_no_error (error);
  assert_json (list,
    "{\"items\": [{\"uid\": \"prom-main\", \"name\": \"Shop Prometheus\", \"type\": \"prometheus\"},"
    "  {\"uid\": \"prom-dead\", \"name\": \"Old Prometheus\", \"type\": \"prometheus\"},"
    "  {\"uid\": \"testdata\", \"name\": \"TestData\", \"type\": \"grafana-testdata-datasource\"},"
    "  {\"uid\": \"pg-sales\", \"name\": \"Sales DB\", \"type\": \"grafana-postgresql-datasource\"}]}");

  /* Grafana's viewers may query data sources but not list them */
  refused = bs_grafana_proxy_list_datasources (grafana->url, VIEWER_TOKEN, NULL, &error);
  g_assert_null (refused);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_FORBIDDEN,
                "datasources:read");
  g_clear_error (&error);

  refused = bs_grafana_proxy_list_datasources (grafana->url, WRONG_TOKEN, NULL, &error);
  g_assert_null (refused);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED, NULL);
}

static BsQuery *
make_query (const char         *metric,
            BsQueryAggregation  aggregation,
            const char         *split1,
            const char         *split2,
            BsQueryRange        range,
            guint               count,
            BsQueryBucket       bucket)
{
  BsQuery *query = bs_query_new (1, metric);

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "value");
  query->aggregation = aggregation;
  if (split1 != NULL)
    bs_query_add_split (query, split1);
  if (split2 != NULL)
    bs_query_add_split (query, split2);
  if (range != BS_QUERY_RANGE_NONE)
    bs_query_set_time (query, "timestamp", range, count);
  query->bucket = bucket;
  return query;
}

/* The proxy's frame must be the frame Prometheus itself gives for the same query. */
static void
assert_same_as_prometheus (Double        *grafana,
                           const BsQuery *query,
                           guint          row_limit)
{
  BsPrometheusFixture *fixture = bs_prometheus_fixture_get_shared ();
  GDateTime *now = bs_prometheus_fixture_get_now (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) direct = NULL;
  g_autoptr(JsonNode) proxied = NULL;
  JsonObject *direct_object, *proxied_object;
  g_autofree char *description = bs_query_describe (query);

  g_test_message ("query: %s", description);
  direct = bs_prometheus_client_run_query (bs_prometheus_fixture_get_url (fixture), query, now,
                                           row_limit, NULL, &error);
  g_assert_no_error (error);
  proxied = bs_grafana_proxy_run_query (grafana->url, VIEWER_TOKEN, "prom-main", "prometheus",
                                        query, now, row_limit, NULL, &error);
  g_assert_no_error (error);

  direct_object = json_node_get_object (direct);
  proxied_object = json_node_get_object (proxied);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (direct_object, "rows")),
                    >, 0);
  if (!json_node_equal (json_object_get_member (direct_object, "columns"),
                        json_object_get_member (proxied_object, "columns")) ||
      !json_node_equal (json_object_get_member (direct_object, "rows"),
                        json_object_get_member (proxied_object, "rows")))
    {
      g_autofree char *a = json_to_string (direct, FALSE);
      g_autofree char *b = json_to_string (proxied, FALSE);

      g_test_message ("Prometheus: %s", a);
      g_test_message ("Grafana:    %s", b);
      g_test_fail ();
    }
  g_assert_cmpint (json_object_get_boolean_member (direct_object, "truncated"), ==,
                   json_object_get_boolean_member (proxied_object, "truncated"));
  g_assert_cmpstr (json_object_get_string_member (proxied_object, "language"), ==, "promql");
  g_assert_true (json_object_get_double_member (proxied_object, "elapsed_ms") > 0);
}

static void
test_run_query_matches_prometheus (void)
{
  g_autoptr(Double) grafana = double_start (TRUE, FALSE);
  g_autoptr(BsQuery) hourly = NULL;
  g_autoptr(BsQuery) minutes = NULL;
  g_autoptr(BsQuery) daily = NULL;
  g_autoptr(BsQuery) over_day = NULL;
  g_autoptr(BsQuery) latest = NULL;
  g_autoptr(BsQuery) limited = NULL;

  if (!grafana->has_prometheus)
    return;

  hourly = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_SUM, "region", NULL,
                       BS_QUERY_RANGE_LAST_HOURS, 6, BS_QUERY_BUCKET_HOUR);
  assert_same_as_prometheus (grafana, hourly, 0);

  /* two splits in the query's order, a filter whose value needs escaping, minute buckets */
  minutes = make_query ("shop_units_sold_total", BS_QUERY_AGGREGATION_MAXIMUM, "region",
                        "product", BS_QUERY_RANGE_LAST_MINUTES, 30, BS_QUERY_BUCKET_MINUTE);
  bs_query_add_filter_text (minutes, "region", BS_QUERY_OPERATOR_NOT_EQUAL,
                            "a \"quoted\" \\ one] [x]");
  assert_same_as_prometheus (grafana, minutes, 0);

  daily = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_AVERAGE, "product", NULL,
                      BS_QUERY_RANGE_LAST_DAYS, 2, BS_QUERY_BUCKET_DAY);
  assert_same_as_prometheus (grafana, daily, 0);

  over_day = make_query ("shop_units_sold_total", BS_QUERY_AGGREGATION_MEDIAN, "product", NULL,
                         BS_QUERY_RANGE_LAST_HOURS, 24, BS_QUERY_BUCKET_NONE);
  assert_same_as_prometheus (grafana, over_day, 0);

  latest = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_LAST, "region", NULL,
                       BS_QUERY_RANGE_NONE, 0, BS_QUERY_BUCKET_NONE);
  assert_same_as_prometheus (grafana, latest, 0);

  limited = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_SUM, "product", "region",
                        BS_QUERY_RANGE_LAST_HOURS, 3, BS_QUERY_BUCKET_HOUR);
  assert_same_as_prometheus (grafana, limited, 5);
}

/* POST /api/ds/query straight to the double, for what the proxy's own requests never ask. */
static JsonNode *
post_query (Double     *grafana,
            const char *body,
            guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (grafana->url, "api/ds/query", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                "Bearer " VIEWER_TOKEN);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), &error));
  g_assert_no_error (error);
  root = json_parser_steal_root (parser);
  return root;
}

static void
test_special_values (void)
{
  g_autoptr(Double) grafana = double_start (TRUE, FALSE);
  g_autoptr(BsQuery) ratio = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw_text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GString) values = g_string_new (NULL);
  JsonArray *rows;
  guint status = 0;

  if (!grafana->has_prometheus)
    return;

  /* NaN and ±Inf cross Grafana as entities and come out as Prometheus's own strings */
  ratio = make_query ("shop_margin_ratio", BS_QUERY_AGGREGATION_LAST, "kind", NULL,
                      BS_QUERY_RANGE_NONE, 0, BS_QUERY_BUCKET_NONE);
  assert_same_as_prometheus (grafana, ratio, 0);

  body = g_strdup_printf ("{\"from\": \"now-1h\", \"to\": \"%" G_GINT64_FORMAT "000\","
                          " \"queries\": [{\"refId\": \"A\", \"datasource\": {\"uid\": \"prom-main\"},"
                          " \"expr\": \"shop_margin_ratio\", \"instant\": true}]}",
                          g_date_time_to_unix (bs_prometheus_fixture_get_now (
                                                 bs_prometheus_fixture_get_shared ())));
  raw = post_query (grafana, body, &status);
  g_assert_cmpuint (status, ==, 200);
  raw_text = json_to_string (raw, FALSE);
  g_assert_nonnull (strstr (raw_text, "\"entities\""));
  g_assert_nonnull (strstr (raw_text, "\"NegInf\""));

  frame = bs_grafana_frame_decode (json_object_get_member (json_node_get_object (raw), "results"),
                                   "A", &error);
  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (frame), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);

      /* time, __name__, kind, value */
      g_string_append_printf (values, "%s=%s ", json_array_get_string_element (row, 2),
                              json_array_get_string_element (row, 3));
    }
  g_assert_cmpstr (values->str, ==, "minus_inf=-Inf nan=NaN plus_inf=+Inf ");
}

static void
test_testdata_frames (void)
{
  g_autoptr(Double) grafana = double_start (FALSE, FALSE);
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  raw = post_query (grafana,
    "{\"from\": \"now-6h\", \"to\": \"now\", \"queries\": [{\"refId\": \"A\","
    " \"datasource\": {\"uid\": \"testdata\", \"type\": \"grafana-testdata-datasource\"},"
    " \"scenarioId\": \"csv_content\", \"enumColumns\": [\"channel\"],"
    " \"csvContent\": \"time,channel,store,units\\n"
    "2026-11-20T10:00:00Z,online,Köln,4\\n"
    "2026-11-20T09:00:00Z,shop,Bonn,NaN\\n"
    "2026-11-20T09:00:00Z,online,,+Inf\\n\"}]}", &status);
  g_assert_cmpuint (status, ==, 200);
  frame = bs_grafana_frame_decode (json_object_get_member (json_node_get_object (raw), "results"),
                                   "A", &error);
  g_assert_no_error (error);
  assert_json (frame,
    "{\"columns\": [{\"name\": \"time\", \"type\": \"time\"},"
    "  {\"name\": \"channel\", \"type\": \"text\"}, {\"name\": \"store\", \"type\": \"text\"},"
    "  {\"name\": \"value\", \"type\": \"number\"}],"
    " \"rows\": [[\"2026-11-20T09:00:00Z\", \"online\", null, \"+Inf\"],"
    "          [\"2026-11-20T09:00:00Z\", \"shop\", \"Bonn\", \"NaN\"],"
    "          [\"2026-11-20T10:00:00Z\", \"online\", \"Köln\", 4]],"
    " \"truncated\": false}");
}

static void
test_query_errors (void)
{
  g_autoptr(Double) grafana = double_start (FALSE, FALSE);
  g_autoptr(Double) multi = double_start (FALSE, TRUE);
  g_autoptr(BsQuery) query = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_SUM,
                                         "region", NULL, BS_QUERY_RANGE_LAST_HOURS, 1,
                                         BS_QUERY_BUCKET_MINUTE);
  g_autoptr(BsQuery) bad_label = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_SUM,
                                             "no-such-label", NULL, BS_QUERY_RANGE_NONE, 0,
                                             BS_QUERY_BUCKET_NONE);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  JsonNode *frame;

  frame = bs_grafana_proxy_run_query (grafana->url, VIEWER_TOKEN, "no-such-uid", "prometheus",
                                      query, now, 0, NULL, &error);
  g_assert_null (frame);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_NOT_FOUND,
                "no data source with the uid “no-such-uid”");
  g_clear_error (&error);

  frame = bs_grafana_proxy_run_query (grafana->url, VIEWER_TOKEN, "pg-sales",
                                      "grafana-postgresql-datasource", query, now, 0, NULL,
                                      &error);
  g_assert_null (frame);
  assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                "“grafana-postgresql-datasource”");
  g_clear_error (&error);

  frame = bs_grafana_proxy_run_query (grafana->url, WRONG_TOKEN, "prom-main", "prometheus",
                                      query, now, 0, NULL, &error);
  g_assert_null (frame);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED, NULL);
  g_clear_error (&error);

  frame = bs_grafana_proxy_run_query (grafana->url, NOROLE_TOKEN, "prom-main", "prometheus",
                                      query, now, 0, NULL, &error);
  g_assert_null (frame);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_FORBIDDEN,
                "datasources:query");
  g_clear_error (&error);

  /* the renderer's verdict comes before any request */
  frame = bs_grafana_proxy_run_query (grafana->url, VIEWER_TOKEN, "prom-main", "prometheus",
                                      bad_label, now, 0, NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN);
  g_clear_error (&error);

  /* Grafana's per-query error, in a 400 answer and in a 207 (multi-status) one */
  frame = bs_grafana_proxy_run_query (grafana->url, VIEWER_TOKEN, "prom-dead", "prometheus",
                                      query, now, 0, NULL, &error);
  g_assert_null (frame);
  assert_error (error, BS_GRAFANA_FRAME_ERROR, BS_GRAFANA_FRAME_ERROR_QUERY,
                "The data source behind Grafana failed query A: ");
  g_assert_nonnull (strstr (error->message, "Connection refused"));
  g_clear_error (&error);

  frame = bs_grafana_proxy_run_query (multi->url, VIEWER_TOKEN, "prom-dead", "prometheus",
                                      query, now, 0, NULL, &error);
  g_assert_null (frame);
  assert_error (error, BS_GRAFANA_FRAME_ERROR, BS_GRAFANA_FRAME_ERROR_QUERY,
                "Connection refused");
}

static JsonNode *
typed_node (JsonNode   *metrics,
            const char *name)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (metrics), "metrics");

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "name"), name))
      return json_array_get_element (list, i);
  return NULL;
}

static JsonObject *
first_typed_metric (JsonNode *metrics)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (metrics), "metrics");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *metric = json_array_get_object_element (list, i);

      if (!json_object_get_null_member (metric, "type"))
        return metric;
    }
  return NULL;
}

static void
test_describe (void)
{
  g_autoptr(Double) grafana = double_start (TRUE, FALSE);
  BsPrometheusFixture *fixture;
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(JsonNode) direct_labels = NULL;
  g_autoptr(JsonNode) labels = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  JsonNode *failed;
  g_autoptr(JsonNode) direct_metrics = NULL;
  JsonObject *typed = NULL;
  guint shop_metrics = 0;
  gboolean found_typed = FALSE;

  if (!grafana->has_prometheus)
    return;
  fixture = bs_prometheus_fixture_get_shared ();

  /* Prometheus's own metrics get metadata from the fixture's self-scrape, a moment after
   * start: wait until the direct answer has some, then Grafana's must carry the same. */
  for (guint attempt = 0; attempt < 50 && typed == NULL; attempt++)
    {
      g_clear_pointer (&direct_metrics, json_node_unref);
      direct_metrics = bs_prometheus_client_describe (bs_prometheus_fixture_get_url (fixture),
                                                      NULL, NULL, &error);
      g_assert_no_error (error);
      typed = first_typed_metric (direct_metrics);
      if (typed == NULL)
        g_usleep (100 * 1000);
    }
  g_assert_nonnull (typed);

  metrics = bs_grafana_proxy_describe (grafana->url, VIEWER_TOKEN, "prom-main", NULL, NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (metrics), "kind"), ==,
                   "metrics");
  list = json_object_get_array_member (json_node_get_object (metrics), "metrics");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *metric = json_array_get_object_element (list, i);
      const char *name = json_object_get_string_member (metric, "name");

      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i - 1),
                                                        "name"), <, name);
      if (g_str_has_prefix (name, "shop_"))
        {
          shop_metrics++;
          /* backfilled history carries no metadata */
          g_assert_true (json_object_get_null_member (metric, "type"));
        }
      if (g_str_equal (name, json_object_get_string_member (typed, "name")))
        {
          found_typed = TRUE;
          g_assert_true (json_node_equal (json_array_get_element (list, i),
                                          typed_node (direct_metrics, name)));
        }
    }
  g_assert_cmpuint (shop_metrics, ==, 3);
  g_assert_true (found_typed);

  labels = bs_grafana_proxy_describe (grafana->url, VIEWER_TOKEN, "prom-main",
                                      "shop_inventory_units", NULL, &error);
  g_assert_no_error (error);
  direct_labels = bs_prometheus_client_describe (bs_prometheus_fixture_get_url (fixture),
                                                 "shop_inventory_units", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (labels, direct_labels));

  failed = bs_grafana_proxy_describe (grafana->url, VIEWER_TOKEN, "prom-main", "no_such_metric",
                                      NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE, "“no_such_metric”");
  g_clear_error (&error);

  failed = bs_grafana_proxy_describe (grafana->url, VIEWER_TOKEN, "prom-main", "up\"} or vector(1)",
                                      NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE, NULL);
  g_clear_error (&error);

  failed = bs_grafana_proxy_describe (grafana->url, VIEWER_TOKEN, "no-such-uid", NULL, NULL,
                                      &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_NOT_FOUND, "“no-such-uid”");
  g_clear_error (&error);

  failed = bs_grafana_proxy_describe (grafana->url, VIEWER_TOKEN, "testdata", NULL, NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_NOT_FOUND,
                "not be a Prometheus data source");
  g_clear_error (&error);

  failed = bs_grafana_proxy_describe (grafana->url, WRONG_TOKEN, "prom-main", NULL, NULL, &error);
  g_assert_null (failed);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED, NULL);
}

/* Answers a Grafana would rarely give, from an in-process server: each path its status and
 * body. The proxy is synchronous, so it runs in a thread while this one serves. */
typedef struct
{
  const char *path;
  guint       status;
  const char *body;   /* "%s" is replaced by the request's Authorization header */
} Canned;

static const Canned canned_health_ok[] = {
  { "/api/health", 200, "{\"database\": \"ok\", \"commit\": \"abc\"}" },
  { "/api/org", 200, "{\"id\": 3, \"name\": \"Hidden Version Org\"}" },
  /* a proxy in front of Grafana that quotes the request back */
  { "/api/datasources", 400, "{\"message\": \"bad request data\", \"error\": \"header %s\"}" },
  { "/api/ds/query", 200, "<html>login</html>" },
  { NULL, 0, NULL },
};

static const Canned canned_failing[] = {
  { "/api/health", 503, "{\"database\": \"failing\", \"version\": \"11.3.0\"}" },
  { "/api/datasources", 500, "{\"messageId\": \"datasources.read\", \"statusCode\": 500,"
                             " \"message\": \"Failed to query datasources\"}" },
  { "/api/datasources/uid/prom-main/resources/api/v1/label/__name__/values", 200,
    "{\"status\": \"success\", \"data\": {}}" },
  { NULL, 0, NULL },
};

static void
canned_handler (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const Canned *canned = user_data;
  const char *authorization = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "Authorization");

  for (guint i = 0; canned[i].path != NULL; i++)
    if (g_str_equal (canned[i].path, path))
      {
        g_autoptr(GString) body = g_string_new (canned[i].body);

        g_string_replace (body, "%s", authorization != NULL ? authorization : "", 0);
        soup_server_message_set_status (message, canned[i].status, NULL);
        soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                          body->str, body->len);
        return;
      }
  soup_server_message_set_status (message, 404, NULL);
}

typedef struct
{
  char         *url;
  const char   *metric;
  int           call;     /* 0 check, 1 list, 2 run_query, 3 describe */
  JsonNode     *result;
  GError       *error;
  gboolean      done;
} ProxyCall;

static gpointer
proxy_call_thread (gpointer data)
{
  ProxyCall *call = data;
  g_autoptr(BsQuery) query = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_SUM, NULL,
                                         NULL, BS_QUERY_RANGE_NONE, 0, BS_QUERY_BUCKET_NONE);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);

  if (call->call == 0)
    call->result = bs_grafana_proxy_check (call->url, ADMIN_TOKEN, NULL, &call->error);
  else if (call->call == 1)
    call->result = bs_grafana_proxy_list_datasources (call->url, ADMIN_TOKEN, NULL, &call->error);
  else if (call->call == 2)
    call->result = bs_grafana_proxy_run_query (call->url, ADMIN_TOKEN, "prom-main", "prometheus",
                                               query, now, 0, NULL, &call->error);
  else
    call->result = bs_grafana_proxy_describe (call->url, ADMIN_TOKEN, "prom-main", call->metric,
                                              NULL, &call->error);
  g_atomic_int_set (&call->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static JsonNode *
call_canned (const Canned  *canned,
             int            which,
             GError       **error)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) local_error = NULL;
  ProxyCall call = { 0 };
  GSList *uris;
  GThread *thread;

  soup_server_add_handler (server, NULL, canned_handler, (gpointer) canned, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error));
  g_assert_no_error (local_error);
  uris = soup_server_get_uris (server);
  call.url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  call.call = which;

  thread = g_thread_new ("proxy-call", proxy_call_thread, &call);
  while (!g_atomic_int_get (&call.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_free (call.url);

  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.result;
}

static void
test_grafana_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = NULL;
  JsonNode *node;

  /* anonymous.hide_version: no version, still healthy */
  ok = call_canned (canned_health_ok, 0, &error);
  g_assert_no_error (error);
  assert_json (ok, "{\"status\": \"ok\", \"version\": null, \"org\": \"Hidden Version Org\"}");

  /* Grafana's words (both of them) and never the token, even when the server quotes it */
  node = call_canned (canned_health_ok, 1, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_BAD_REQUEST,
                "(HTTP 400): bad request data (header Bearer …)");
  g_clear_error (&error);

  node = call_canned (canned_health_ok, 2, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE,
                "did not answer like Grafana");
  g_clear_error (&error);

  node = call_canned (canned_failing, 0, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_SERVER,
                "reports that its database is “failing”");
  g_clear_error (&error);

  node = call_canned (canned_failing, 1, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_SERVER,
                "Failed to query datasources");
  g_clear_error (&error);

  node = call_canned (canned_failing, 3, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE,
                "its metric names");
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dead = g_strdup_printf ("http://127.0.0.1:%u/", closed_port ());
  JsonNode *node;

  node = bs_grafana_proxy_check (dead, ADMIN_TOKEN, NULL, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNREACHABLE, "refused");
  g_clear_error (&error);

  node = bs_grafana_proxy_list_datasources (dead, ADMIN_TOKEN, NULL, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_UNREACHABLE, dead);
  g_clear_error (&error);

  node = bs_grafana_proxy_check ("ftp://grafana.example.com/", ADMIN_TOKEN, NULL, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_INVALID_URL, "http://");
  g_clear_error (&error);

  node = bs_grafana_proxy_list_datasources ("grafana at work", ADMIN_TOKEN, NULL, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_INVALID_URL,
                "“grafana at work”");
}

static void
test_tls (void)
{
  g_autoptr(Double) grafana = double_start (FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *https = NULL;
  JsonNode *node;

  /* TLS spoken to a server that only speaks plain HTTP */
  https = g_strconcat ("https://", grafana->url + strlen ("http://"), NULL);
  node = bs_grafana_proxy_check (https, ADMIN_TOKEN, NULL, &error);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_TLS, "secure (TLS)");
}

/* A server that accepts connections (the kernel's backlog does) and never answers. */
static GSocket *
silent_server (char **url)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  *url = g_strdup_printf ("http://127.0.0.1:%u/",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return socket;
}

static void
test_timeout (void)
{
  g_autofree char *url = NULL;
  g_autoptr(GSocket) socket = silent_server (&url);
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  JsonNode *node;

  bs_grafana_proxy_set_timeout (1);
  node = bs_grafana_proxy_list_datasources (url, ADMIN_TOKEN, NULL, &error);
  bs_grafana_proxy_set_timeout (BS_GRAFANA_PROXY_DEFAULT_TIMEOUT_SECONDS);
  g_assert_null (node);
  assert_error (error, BS_GRAFANA_PROXY_ERROR, BS_GRAFANA_PROXY_ERROR_TIMEOUT,
                "did not answer within 1 seconds");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (200 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  g_autofree char *url = NULL;
  g_autoptr(GSocket) socket = silent_server (&url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) query = make_query ("shop_inventory_units", BS_QUERY_AGGREGATION_SUM, NULL,
                                         NULL, BS_QUERY_RANGE_LAST_HOURS, 1, BS_QUERY_BUCKET_NONE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 started = g_get_monotonic_time ();
  GThread *thread = g_thread_new ("cancel", cancel_later, cancellable);
  JsonNode *node;

  node = bs_grafana_proxy_run_query (url, ADMIN_TOKEN, "prom-main", "prometheus", query, now, 0,
                                     cancellable, &error);
  g_thread_join (thread);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/grafana-proxy/check", test_check);
  g_test_add_func ("/bs/grafana-proxy/list-datasources", test_list_datasources);
  g_test_add_func ("/bs/grafana-proxy/run-query-matches-prometheus",
                   test_run_query_matches_prometheus);
  g_test_add_func ("/bs/grafana-proxy/special-values", test_special_values);
  g_test_add_func ("/bs/grafana-proxy/testdata-frames", test_testdata_frames);
  g_test_add_func ("/bs/grafana-proxy/query-errors", test_query_errors);
  g_test_add_func ("/bs/grafana-proxy/describe", test_describe);
  g_test_add_func ("/bs/grafana-proxy/grafana-answers", test_grafana_answers);
  g_test_add_func ("/bs/grafana-proxy/unreachable", test_unreachable);
  g_test_add_func ("/bs/grafana-proxy/tls", test_tls);
  g_test_add_func ("/bs/grafana-proxy/timeout", test_timeout);
  g_test_add_func ("/bs/grafana-proxy/cancel", test_cancel);

  status = g_test_run ();
  bs_prometheus_fixture_free_shared ();
  return status;
}
