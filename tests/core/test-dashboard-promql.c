/* The PromQL panels of imported Grafana dashboards: which panels are PromQL, Grafana's time
 * spans and steps, variables interpolated and escaped as Grafana's Prometheus source does,
 * the answers merged into one frame, label_values() variables, the source chosen, and
 * every fixture dashboard's PromQL panels made into requests.
 */
#define G_LOG_DOMAIN "bs-test-dashboard-promql"

#include "config.h"

#include <string.h>

#include "bs-dashboard-promql.h"
#include "bs-query-promql.h"

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

/* Wednesday 25 November 2026, 10:30 UTC. */
#define NOW_MS G_GINT64_CONSTANT (1795602600000)

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_from_unix_utc (NOW_MS / 1000);
}

/* A dashboard of @panels (JSON text of a panel array) and @variables (of templating.list). */
static BsDashboard *
make_dashboard (const char *panels,
                const char *variables,
                const char *extra)
{
  g_autofree char *text = g_strdup_printf (
    "{\"title\": \"T\", \"time\": {\"from\": \"now-6h\", \"to\": \"now\"}, %s"
    "\"templating\": {\"list\": %s}, \"panels\": %s}",
    extra != NULL ? extra : "", variables != NULL ? variables : "[]", panels);
  g_autoptr(JsonNode) node = parse (text);
  g_autoptr(GError) error = NULL;
  BsDashboard *dashboard = bs_dashboard_from_json (node, &error);

  g_assert_no_error (error);
  return dashboard;
}

/* One panel 12 columns wide with @targets (a JSON array) and @members added. */
static char *
panel_text (const char *datasource,
            const char *targets,
            const char *members)
{
  return g_strdup_printf ("[{\"id\": 1, \"type\": \"timeseries\", \"title\": \"P\", "
                          "\"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8}, "
                          "\"datasource\": %s, \"targets\": %s %s}]",
                          datasource, targets, members != NULL ? members : "");
}

#define PROM "{\"type\": \"prometheus\", \"uid\": \"prom1\"}"

static gboolean
is_promql (const char *datasource,
           const char *targets,
           const char *variables,
           const char *extra)
{
  g_autofree char *panels = panel_text (datasource, targets, NULL);
  g_autoptr(BsDashboard) dashboard = make_dashboard (panels, variables, extra);

  return bs_dashboard_panel_is_promql (dashboard, g_ptr_array_index (dashboard->panels, 0));
}

static void
test_is_promql (void)
{
  const char *inputs = "\"__inputs\": [{\"name\": \"DS_PROM\", \"label\": \"Prom\", "
                       "\"pluginId\": \"prometheus\"}, {\"name\": \"DS_LOKI\", "
                       "\"label\": \"Logs\", \"pluginId\": \"loki\"}],";
  const char *ds_variable = "[{\"name\": \"datasource\", \"type\": \"datasource\", "
                            "\"query\": \"prometheus\"}]";

  g_assert_true (is_promql (PROM, "[{\"refId\": \"A\", \"expr\": \"up\"}]", NULL, NULL));
  /* The target's own source wins over the panel's. */
  g_assert_true (is_promql ("null", "[{\"expr\": \"up\", \"datasource\": " PROM "}]",
                            NULL, NULL));
  g_assert_true (is_promql ("\"${DS_PROM}\"", "[{\"expr\": \"up\"}]", NULL, inputs));
  g_assert_true (is_promql ("{\"uid\": \"${DS_PROM}\"}", "[{\"expr\": \"up\"}]",
                            NULL, inputs));
  g_assert_false (is_promql ("\"${DS_LOKI}\"", "[{\"expr\": \"up\"}]", NULL, inputs));
  g_assert_true (is_promql ("{\"uid\": \"${datasource}\"}", "[{\"expr\": \"up\"}]",
                            ds_variable, NULL));
  /* No source at all: Grafana's default source, which could be anything. */
  g_assert_false (is_promql ("null", "[{\"expr\": \"up\"}]", NULL, NULL));
  g_assert_false (is_promql ("\"${NOWHERE}\"", "[{\"expr\": \"up\"}]", NULL, NULL));
  /* A target of another source makes the whole panel not PromQL... */
  g_assert_false (is_promql (PROM, "[{\"expr\": \"up\"}, {\"expr\": \"{job=\\\"x\\\"}\", "
                                   "\"datasource\": {\"type\": \"loki\", \"uid\": \"l\"}}]",
                             NULL, NULL));
  g_assert_false (is_promql (PROM, "[{\"refId\": \"A\", \"datasource\": "
                                   "{\"type\": \"business-studio\", \"uid\": \"3\"}}]",
                             NULL, NULL));
  /* ...unless it is hidden. */
  g_assert_true (is_promql (PROM, "[{\"expr\": \"up\"}, {\"expr\": \"x\", \"hide\": true, "
                                  "\"datasource\": {\"type\": \"loki\", \"uid\": \"l\"}}]",
                            NULL, NULL));
  /* Empty and hidden expressions do not run: a panel with nothing else has nothing. */
  g_assert_false (is_promql (PROM, "[{\"refId\": \"A\"}, {\"expr\": \"\"}, "
                                   "{\"expr\": \"up\", \"hide\": true}]", NULL, NULL));
  g_assert_false (is_promql (PROM, "[]", NULL, NULL));
}

/* Time spans */

static void
assert_span (const char *from,
             const char *to,
             GDateTime  *now,
             gint64      expected_start,
             gint64      expected_end)
{
  g_autoptr(GError) error = NULL;
  gint64 start = 0, end = 0;

  g_test_message ("%s to %s", from, to);
  g_assert_true (bs_promql_time_span (from, to, now, &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, expected_start);
  g_assert_cmpint (end, ==, expected_end);
}

static void
assert_bad_span (const char *from,
                 const char *to,
                 const char *named)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  gint64 start = 0, end = 0;

  g_assert_false (bs_promql_time_span (from, to, now, &start, &end, &error));
  g_assert_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_TIME_RANGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, named));
}

#define HOUR_MS G_GINT64_CONSTANT (3600000)
#define DAY_MS (24 * HOUR_MS)

static void
test_time_span (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) now_plus_two = g_date_time_to_timezone (now, plus_two);
  gint64 midnight = NOW_MS - 10 * HOUR_MS - 30 * 60000;

  assert_span ("now-6h", "now", now, NOW_MS - 6 * HOUR_MS, NOW_MS);
  assert_span ("now-30m", "now", now, NOW_MS - 30 * 60000, NOW_MS);
  assert_span ("now-7d", "now", now, NOW_MS - 7 * DAY_MS, NOW_MS);
  /* Months and years are calendar ones: 25 October, 25 November 2025. */
  assert_span ("now-1M", "now", now, NOW_MS - 31 * DAY_MS, NOW_MS);
  assert_span ("now-1y", "now", now, NOW_MS - 365 * DAY_MS, NOW_MS);
  assert_span ("now/d", "now/d", now, midnight, midnight + DAY_MS - 1);
  assert_span ("now/d", "now", now, midnight, NOW_MS);
  assert_span ("now-1d/d", "now-1d/d", now, midnight - DAY_MS, midnight - 1);
  /* Weeks start on Monday, the 23rd. */
  assert_span ("now/w", "now", now, midnight - 2 * DAY_MS, NOW_MS);
  assert_span ("now/w", "now/w", now, midnight - 2 * DAY_MS, midnight + 5 * DAY_MS - 1);
  /* Days are @now's: midnight at +02:00 is 22:00 UTC the day before. */
  assert_span ("now/d", "now", now_plus_two, midnight - 2 * HOUR_MS, NOW_MS);
  assert_span ("1795500000000", "1795600000000", now, 1795500000000, 1795600000000);
  assert_span ("2026-11-24T10:00:00Z", "2026-11-24T12:00:00.500Z", now,
               NOW_MS - DAY_MS - 30 * 60000, NOW_MS - DAY_MS + 90 * 60000 + 500);
  assert_span ("2026-11-24 10:00:00", "now", now_plus_two,
               NOW_MS - DAY_MS - 150 * 60000, NOW_MS);

  assert_bad_span ("yesterday", "now", "yesterday");
  assert_bad_span ("now-6x", "now", "now-6x");
  assert_bad_span ("now", "now-6h", "now-6h");
  assert_bad_span ("now-6h", "", "now");
  assert_bad_span ("1795600000000", "1795500000000", "1795500000000");
}

/* Steps and built-in variables */

static BsPromqlRequest *
request_for (const char *targets,
             const char *members,
             const char *variables,
             const char *from,
             GHashTable *values)
{
  g_autofree char *panels = panel_text (PROM, targets, members);
  g_autoptr(BsDashboard) dashboard = make_dashboard (panels, variables, NULL);
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  BsPromqlRequest *request;

  g_free (dashboard->time_from);
  dashboard->time_from = g_strdup (from);
  request = bs_promql_request_new (dashboard, g_ptr_array_index (dashboard->panels, 0),
                                   values, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  return request;
}

static const char *
target_expr (const BsPromqlRequest *request,
             guint                  index)
{
  g_assert_cmpuint (index, <, request->targets->len);
  return ((BsPromqlTarget *) g_ptr_array_index (request->targets, index))->expr;
}

static void
assert_step (const char *from,
             const char *members,
             const char *interval,
             gint64      expected_step,
             const char *expected_interval,
             const char *expected_rate)
{
  g_autofree char *targets = g_strdup_printf (
    "[{\"refId\": \"A\", \"expr\": \"$__interval|${__interval}|$__rate_interval\", "
    "\"interval\": \"%s\"}]", interval);
  g_autofree char *expected = g_strdup_printf ("%s|%s|%s", expected_interval,
                                               expected_interval, expected_rate);
  BsPromqlRequest *request = request_for (targets, members, NULL, from, NULL);

  g_test_message ("%s %s interval “%s”: step %" G_GINT64_FORMAT, from,
                  members != NULL ? members : "", interval, request->step_ms);
  g_assert_cmpint (request->step_ms, ==, expected_step);
  g_assert_cmpstr (target_expr (request, 0), ==, expected);
  g_assert_cmpint ((request->end_ms - request->start_ms) / request->step_ms + 1, <=,
                   BS_QUERY_PROMQL_MAX_POINTS);
  bs_promql_request_free (request);
}

static void
test_interval (void)
{
  /* 6 h over 960 pixels is 22.5 s: rounded to 20 s; the rate window max (35 s, 60 s). */
  assert_step ("now-6h", NULL, "", 20000, "20s", "1m");
  /* The target's minimum wins, a variable in it read first. */
  assert_step ("now-6h", NULL, "1m", 60000, "1m", "75s");
  assert_step ("now-6h", NULL, ">2m", 120000, "2m", "135s");
  /* 7 d over 960 pixels: 630 s, rounded to 10 m. */
  assert_step ("now-7d", NULL, "", 600000, "10m", "615s");
  /* maxDataPoints instead of the width: 6 h / 100 = 216 s, rounded to 5 m. */
  assert_step ("now-6h", ", \"maxDataPoints\": 100", "", 300000, "5m", "315s");
  /* A panel's own minimum, used when the target has none. */
  assert_step ("now-6h", ", \"interval\": \"1h\"", "", 3600000, "1h", "3615s");
  /* Short spans: the default minimum of 15 s, or a target's in milliseconds. */
  assert_step ("now-1m", NULL, "", 15000, "15s", "1m");
  assert_step ("now-1m", NULL, "100ms", 100, "100ms", "1m");
  /* A day per step and more. */
  assert_step ("now-1y", ", \"maxDataPoints\": 100", "", 86400000, "1d", "86415s");
  assert_step ("now-1y", ", \"maxDataPoints\": 30", "", 604800000, "1w", "604815s");
  assert_step ("now-5y", ", \"maxDataPoints\": 10", "", 31536000000, "1y", "31536015s");
  /* Prometheus's 11,000 points: 30 days at 30 s would be 86,400; whole seconds. */
  assert_step ("now-30d", ", \"maxDataPoints\": 100000", "", 236000, "236s", "251s");
}

static void
test_builtins (void)
{
  g_autoptr(BsDashboard) dashboard = make_dashboard ("[]", NULL, NULL);
  g_autofree char *text = bs_promql_interpolate (
    "$__range $__range_s $__range_ms $__from $__to $__interval_ms $__unknown ${__interval}",
    dashboard, NULL, 1000000, 4600000, 30000);

  g_assert_cmpstr (text, ==, "3600s 3600 3600000 1000000 4600000 30000 $__unknown 30s");
}

/* Variables and escaping */

static const char *escape_variables =
  "[{\"name\": \"one\", \"type\": \"custom\", \"current\": {\"value\": \"x\"}},"
  " {\"name\": \"multi\", \"type\": \"custom\", \"multi\": true,"
  "  \"current\": {\"value\": [\"a.b\", \"c|d\"]}},"
  " {\"name\": \"single\", \"type\": \"custom\", \"multi\": true,"
  "  \"current\": {\"value\": [\"x+y\"]}},"
  " {\"name\": \"custom_all\", \"type\": \"query\", \"includeAll\": true,"
  "  \"allValue\": \"[^\\\\\\\\.]+\", \"current\": {\"value\": \"$__all\"}},"
  " {\"name\": \"listed_all\", \"type\": \"custom\", \"includeAll\": true,"
  "  \"current\": {\"value\": [\"$__all\"]}, \"options\": [{\"value\": \"$__all\"},"
  "  {\"value\": \"p\"}, {\"value\": \"q.r\"}]},"
  " {\"name\": \"bare_all\", \"type\": \"query\", \"includeAll\": true,"
  "  \"current\": {\"value\": \"$__all\"}},"
  " {\"name\": \"n\", \"type\": \"custom\", \"current\": {\"value\": \"5\"}}]";

static char *
interpolate (const char *expr,
             GHashTable *values)
{
  g_autoptr(BsDashboard) dashboard = make_dashboard ("[]", escape_variables, NULL);

  return bs_promql_interpolate (expr, dashboard, values, 0, 3600000, 15000);
}

static void
assert_interpolates (const char *expr,
                     GHashTable *values,
                     const char *expected)
{
  g_autofree char *text = interpolate (expr, values);

  g_test_message ("%s → %s", expr, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_escaping (void)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

  assert_interpolates ("up{a=\"$one\", b=\"${one}\", c=\"[[one]]\"}", NULL,
                       "up{a=\"x\", b=\"x\", c=\"x\"}");
  /* The variable bar's choice wins over "current"; hostile text stays one string. */
  g_hash_table_insert (values, "one", "q\"u'o\\te\nline");
  assert_interpolates ("up{a=\"$one\"}", values, "up{a=\"q\\\"u'o\\\\te\\nline\"}");
  assert_interpolates ("up{a='$one'}", values, "up{a='q\"u\\'o\\\\te\\nline'}");
  assert_interpolates ("up{a=`$one`}", values, "up{a=`q\"u'o\\te\nline`}");
  /* An escaped quote inside the string does not end it. */
  assert_interpolates ("up{a=\"\\\"$one\"}", values, "up{a=\"\\\"q\\\"u'o\\\\te\\nline\"}");
  /* Multiple values: each regex-escaped, joined as (a|b); one value alone. */
  assert_interpolates ("up{a=~\"$multi\"}", NULL, "up{a=~\"(a\\\\.b|c\\\\|d)\"}");
  assert_interpolates ("up{a=~\"$single\"}", NULL, "up{a=~\"x\\\\+y\"}");
  g_hash_table_insert (values, "multi", "(x)\\[y]\"");
  assert_interpolates ("up{a=~\"$multi\"}", values,
                       "up{a=~\"\\\\(x\\\\)\\\\\\\\\\\\[y\\\\]\\\"\"}");
  /* "All": the custom value as written, else the options, else everything. */
  assert_interpolates ("up{a=~\"$custom_all\"}", NULL, "up{a=~\"[^\\\\.]+\"}");
  assert_interpolates ("up{a=~\"$listed_all\"}", NULL, "up{a=~\"(p|q\\\\.r)\"}");
  assert_interpolates ("up{a=~\"$bare_all\"}", NULL, "up{a=~\".*\"}");
  g_hash_table_insert (values, "bare_all", "$__all");
  assert_interpolates ("up{a=~\"$bare_all\"}", values, "up{a=~\".*\"}");
  /* Formats. */
  assert_interpolates ("${multi:raw} ${multi:csv} ${multi:pipe} ${multi:regex}", NULL,
                       "a.b,c|d a.b,c|d a.b|c|d (a\\.b|c\\|d)");
  assert_interpolates ("[[multi:pipe]]", NULL, "a.b|c|d");
  /* Outside strings a value is written as it is. */
  assert_interpolates ("topk($n, up) # $n", NULL, "topk(5, up) # 5");
  /* Unknown variables stay as Grafana leaves them, and so does broken syntax. */
  assert_interpolates ("up{a=\"$nope\", b=\"${nope}\", c=\"[[nope]]\"} $ ${one [[one",
                       NULL, "up{a=\"$nope\", b=\"${nope}\", c=\"[[nope]]\"} $ ${one [[one");
  /* A longer name is another variable: $one_more is not $one. */
  assert_interpolates ("$one_more $one", NULL, "$one_more x");
}

/* Requests */

static void
test_request (void)
{
  const char *variables = "[{\"name\": \"res\", \"type\": \"custom\", "
                          "\"current\": {\"value\": \"1m\"}},"
                          "{\"name\": \"job\", \"type\": \"custom\", "
                          "\"current\": {\"value\": \"node\"}}]";
  g_autoptr(BsPromqlRequest) request = NULL;
  g_autoptr(BsPromqlRequest) same = NULL;
  g_autoptr(BsPromqlRequest) other = NULL;
  g_autoptr(JsonNode) range_body = NULL;
  g_autoptr(JsonNode) instant_body = NULL;
  g_autofree char *range_text = NULL;
  g_autofree char *instant_text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *same_key = NULL;
  g_autofree char *other_key = NULL;
  const char *targets =
    "[{\"refId\": \"A\", \"expr\": \"rate(x{job=\\\"$job\\\"}[$__rate_interval])\", "
    "  \"interval\": \"$res\", \"legendFormat\": \"{{instance}} $job\"},"
    " {\"expr\": \"up\", \"instant\": true, \"legendFormat\": \"__auto\"},"
    " {\"refId\": \"C\", \"expr\": \"down\", \"instant\": true, \"range\": true}]";
  BsPromqlTarget *target;

  request = request_for (targets, NULL, variables, "now-6h", NULL);
  g_assert_cmpstr (request->datasource, ==, "prom1");
  g_assert_cmpint (request->start_ms, ==, NOW_MS - 6 * HOUR_MS);
  g_assert_cmpint (request->end_ms, ==, NOW_MS);
  g_assert_cmpint (request->step_ms, ==, 60000);
  g_assert_cmpuint (request->targets->len, ==, 3);
  target = g_ptr_array_index (request->targets, 0);
  g_assert_cmpstr (target->ref_id, ==, "A");
  g_assert_cmpstr (target->expr, ==, "rate(x{job=\"node\"}[75s])");
  g_assert_cmpstr (target->legend_format, ==, "{{instance}} node");
  g_assert_false (target->instant);
  target = g_ptr_array_index (request->targets, 1);
  g_assert_cmpstr (target->ref_id, ==, "");
  g_assert_null (target->legend_format);
  g_assert_true (target->instant);
  target = g_ptr_array_index (request->targets, 2);
  g_assert_false (target->instant);

  range_body = bs_promql_request_body (request, 0);
  range_text = json_to_string (range_body, FALSE);
  g_assert_cmpstr (range_text, ==,
                   "{\"expr\":\"rate(x{job=\\\"node\\\"}[75s])\",\"start\":1795581000,"
                   "\"end\":1795602600,\"step\":60}");
  instant_body = bs_promql_request_body (request, 1);
  instant_text = json_to_string (instant_body, FALSE);
  g_assert_cmpstr (instant_text, ==, "{\"expr\":\"up\",\"time\":1795602600}");

  same = request_for (targets, NULL, variables, "now-6h", NULL);
  other = request_for (targets, NULL, variables, "now-7h", NULL);
  key = bs_promql_request_key (request);
  same_key = bs_promql_request_key (same);
  other_key = bs_promql_request_key (other);
  g_assert_cmpstr (key, ==, same_key);
  g_assert_cmpstr (key, !=, other_key);
}

static void
test_panel_time (void)
{
  g_autoptr(BsPromqlRequest) request = NULL;
  g_autofree char *panels = NULL;
  g_autoptr(BsDashboard) dashboard = NULL;
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  const char *targets = "[{\"expr\": \"up\"}]";

  /* timeFrom replaces the dashboard's range; timeShift moves it back. */
  request = request_for (targets, ", \"timeFrom\": \"24h\", \"timeShift\": \"1h\"", NULL,
                         "now-6h", NULL);
  g_assert_cmpint (request->start_ms, ==, NOW_MS - 25 * HOUR_MS);
  g_assert_cmpint (request->end_ms, ==, NOW_MS - HOUR_MS);
  g_clear_pointer (&request, bs_promql_request_free);
  request = request_for (targets, ", \"timeFrom\": \"now-7d\"", NULL, "now-6h", NULL);
  g_assert_cmpint (request->start_ms, ==, NOW_MS - 7 * DAY_MS);
  g_clear_pointer (&request, bs_promql_request_free);

  panels = panel_text (PROM, targets, ", \"timeFrom\": \"lately\"");
  dashboard = make_dashboard (panels, NULL, NULL);
  request = bs_promql_request_new (dashboard, g_ptr_array_index (dashboard->panels, 0),
                                   NULL, now, &error);
  g_assert_null (request);
  g_assert_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_TIME_RANGE);
  g_assert_nonnull (strstr (error->message, "“lately”"));
  g_clear_error (&error);
  g_clear_pointer (&panels, g_free);
  g_clear_pointer (&dashboard, bs_dashboard_free);
  panels = panel_text (PROM, targets, ", \"timeShift\": \"a while\"");
  dashboard = make_dashboard (panels, NULL, NULL);
  request = bs_promql_request_new (dashboard, g_ptr_array_index (dashboard->panels, 0),
                                   NULL, now, &error);
  g_assert_null (request);
  g_assert_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_TIME_RANGE);
  g_assert_nonnull (strstr (error->message, "“a while”"));
  g_clear_error (&error);

  /* A panel that is not PromQL has no request, and no error. */
  g_clear_pointer (&panels, g_free);
  g_clear_pointer (&dashboard, bs_dashboard_free);
  panels = panel_text ("null", targets, NULL);
  dashboard = make_dashboard (panels, NULL, NULL);
  g_assert_null (bs_promql_request_new (dashboard, g_ptr_array_index (dashboard->panels, 0),
                                        NULL, now, &error));
  g_assert_no_error (error);
}

static void
test_datasource_names (void)
{
  const char *inputs = "\"__inputs\": [{\"name\": \"DS_PROM\", \"label\": \"Prom\", "
                       "\"pluginId\": \"prometheus\"}],";
  const char *ds_variable = "[{\"name\": \"datasource\", \"type\": \"datasource\", "
                            "\"query\": \"prometheus\", \"current\": {\"value\": \"Main\"}}]";
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  struct
  {
    const char *datasource;
    const char *variables;
    const char *extra;
    GHashTable *values;
    const char *expected;
  } cases[] = {
    { "\"${DS_PROM}\"", NULL, inputs, NULL, "Prom" },
    { "{\"type\": \"prometheus\", \"uid\": \"${DS_PROM}\"}", NULL, inputs, NULL, "Prom" },
    { "{\"uid\": \"${datasource}\"}", ds_variable, NULL, NULL, "Main" },
    { "{\"uid\": \"${datasource}\"}", ds_variable, NULL, values, "Backup" },
    { "{\"type\": \"prometheus\"}", NULL, NULL, NULL, NULL },
  };

  g_hash_table_insert (values, "datasource", "Backup");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *panels = panel_text (cases[i].datasource, "[{\"expr\": \"up\"}]", NULL);
      g_autoptr(BsDashboard) dashboard = make_dashboard (panels, cases[i].variables,
                                                         cases[i].extra);
      g_autoptr(BsPromqlRequest) request = NULL;
      g_autoptr(GError) error = NULL;

      request = bs_promql_request_new (dashboard, g_ptr_array_index (dashboard->panels, 0),
                                       cases[i].values, now, &error);
      g_assert_no_error (error);
      g_assert_nonnull (request);
      g_assert_cmpstr (request->datasource, ==, cases[i].expected);
    }
}

/* Frames */

static GPtrArray *
parse_frames (const char * const *texts)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = parse (texts[i]);

      g_ptr_array_add (frames, json_object_ref (json_node_get_object (node)));
    }
  return frames;
}

static const char *range_frame =
  "{\"columns\": [{\"name\": \"time\", \"type\": \"time\"}, "
  "{\"name\": \"__name__\", \"type\": \"text\"}, {\"name\": \"instance\", \"type\": \"text\"}, "
  "{\"name\": \"job\", \"type\": \"text\"}, {\"name\": \"value\", \"type\": \"number\"}], "
  "\"rows\": [[\"2026-11-25T10:00:00Z\", \"up\", \"a:9100\", \"node\", 1], "
  "[\"2026-11-25T10:00:00Z\", \"up\", \"b:9100\", null, \"NaN\"], "
  "[\"2026-11-25T10:01:00.250Z\", \"up\", \"a:9100\", \"node\", \"+Inf\"]], "
  "\"query\": \"up\", \"language\": \"promql\", \"truncated\": false, \"elapsed_ms\": 3}";

static const char *bare_frame =
  "{\"columns\": [{\"name\": \"time\", \"type\": \"time\"}, "
  "{\"name\": \"value\", \"type\": \"number\"}], "
  "\"rows\": [[\"2026-11-25T10:00:00Z\", 2.5]], \"language\": \"promql\", \"truncated\": true}";

static const char *instant_frame =
  "{\"columns\": [{\"name\": \"code\", \"type\": \"text\"}, "
  "{\"name\": \"value\", \"type\": \"number\"}], "
  "\"rows\": [[\"200\", 7], [\"500\", \"-Inf\"]], \"language\": \"promql\"}";

static JsonObject *
merge (BsPromqlRequest    *request,
       const char * const *texts,
       GError            **error)
{
  g_autoptr(GPtrArray) frames = parse_frames (texts);

  return bs_promql_panel_frame (request, frames, error);
}

static void
assert_frame (JsonObject *frame,
              const char *expected_columns,
              const char *expected_rows)
{
  g_autoptr(JsonNode) columns = json_node_init_array (json_node_alloc (),
                                   json_object_get_array_member (frame, "columns"));
  g_autoptr(JsonNode) rows = json_node_init_array (json_node_alloc (),
                                json_object_get_array_member (frame, "rows"));
  g_autofree char *columns_text = json_to_string (columns, FALSE);
  g_autofree char *rows_text = json_to_string (rows, FALSE);

  g_test_message ("%s %s", columns_text, rows_text);
  g_assert_cmpstr (columns_text, ==, expected_columns);
  g_assert_cmpstr (rows_text, ==, expected_rows);
}

static void
test_frame_merge (void)
{
  g_autoptr(BsPromqlRequest) request = NULL;
  g_autoptr(JsonObject) frame = NULL;
  g_autoptr(GError) error = NULL;
  const char *two[] = { range_frame, bare_frame, NULL };

  request = request_for ("[{\"expr\": \"up\", \"legendFormat\": \"{{ instance }}/{{job}}\"},"
                         " {\"expr\": \"sum(up)\"}]", NULL, NULL, "now-6h", NULL);
  frame = merge (request, two, &error);
  g_assert_no_error (error);
  assert_frame (frame,
                "[{\"name\":\"time\",\"type\":\"time\"},{\"name\":\"series\",\"type\":\"text\"},"
                "{\"name\":\"value\",\"type\":\"number\"}]",
                "[[\"2026-11-25T10:00:00Z\",\"a:9100/node\",1],"
                "[\"2026-11-25T10:00:00Z\",\"b:9100/\",\"NaN\"],"
                "[\"2026-11-25T10:01:00.250Z\",\"a:9100/node\",\"+Inf\"],"
                "[\"2026-11-25T10:00:00Z\",\"sum(up)\",2.5]]");
  g_assert_true (json_object_get_boolean_member (frame, "truncated"));
  g_assert_cmpstr (json_object_get_string_member (frame, "language"), ==, "promql");
  g_clear_pointer (&frame, json_object_unref);
  g_clear_pointer (&request, bs_promql_request_free);

  /* Grafana's default names. */
  request = request_for ("[{\"expr\": \"up\"}]", NULL, NULL, "now-6h", NULL);
  frame = merge (request, (const char *[]) { range_frame, NULL }, &error);
  g_assert_no_error (error);
  assert_frame (frame,
                "[{\"name\":\"time\",\"type\":\"time\"},{\"name\":\"series\",\"type\":\"text\"},"
                "{\"name\":\"value\",\"type\":\"number\"}]",
                "[[\"2026-11-25T10:00:00Z\",\"up{instance=\\\"a:9100\\\", job=\\\"node\\\"}\",1],"
                "[\"2026-11-25T10:00:00Z\",\"up{instance=\\\"b:9100\\\"}\",\"NaN\"],"
                "[\"2026-11-25T10:01:00.250Z\",\"up{instance=\\\"a:9100\\\", "
                "job=\\\"node\\\"}\",\"+Inf\"]]");
  g_clear_pointer (&frame, json_object_unref);
  g_clear_pointer (&request, bs_promql_request_free);

  /* Every target instant: no time column. */
  request = request_for ("[{\"expr\": \"sum by (code) (x)\", \"instant\": true}]", NULL, NULL,
                         "now-6h", NULL);
  frame = merge (request, (const char *[]) { instant_frame, NULL }, &error);
  g_assert_no_error (error);
  assert_frame (frame,
                "[{\"name\":\"series\",\"type\":\"text\"},"
                "{\"name\":\"value\",\"type\":\"number\"}]",
                "[[\"{code=\\\"200\\\"}\",7],[\"{code=\\\"500\\\"}\",\"-Inf\"]]");
  g_assert_false (json_object_get_boolean_member (frame, "truncated"));
  g_clear_pointer (&frame, json_object_unref);
  g_clear_pointer (&request, bs_promql_request_free);

  /* An instant target beside a range one is drawn at the span's end. */
  request = request_for ("[{\"expr\": \"sum(up)\"}, {\"expr\": \"x\", \"instant\": true, "
                         "\"legendFormat\": \"{{code}}\"}]", NULL, NULL, "now-6h", NULL);
  frame = merge (request, (const char *[]) { bare_frame, instant_frame, NULL }, &error);
  g_assert_no_error (error);
  assert_frame (frame,
                "[{\"name\":\"time\",\"type\":\"time\"},{\"name\":\"series\",\"type\":\"text\"},"
                "{\"name\":\"value\",\"type\":\"number\"}]",
                "[[\"2026-11-25T10:00:00Z\",\"sum(up)\",2.5],"
                "[\"2026-11-25T10:30:00Z\",\"200\",7],"
                "[\"2026-11-25T10:30:00Z\",\"500\",\"-Inf\"]]");
}

static void
assert_bad_frame (const char *text,
                  const char *mentions)
{
  g_autoptr(BsPromqlRequest) request = request_for ("[{\"expr\": \"up\"}]", NULL, NULL,
                                                    "now-6h", NULL);
  g_autoptr(JsonObject) frame = NULL;
  g_autoptr(GError) error = NULL;

  frame = merge (request, (const char *[]) { text, NULL }, &error);
  g_assert_null (frame);
  g_assert_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_BAD_FRAME);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, mentions));
}

static void
test_bad_frames (void)
{
  g_autoptr(BsPromqlRequest) request = request_for ("[{\"expr\": \"up\"}, {\"expr\": \"x\"}]",
                                                    NULL, NULL, "now-6h", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = NULL;

  frame = merge (request, (const char *[]) { bare_frame, NULL }, &error);
  g_assert_null (frame);
  g_assert_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_BAD_FRAME);

  assert_bad_frame ("{\"rows\": []}", "columns");
  assert_bad_frame ("{\"columns\": [{\"name\": \"n\", \"type\": \"text\"}], \"rows\": []}",
                    "value");
  assert_bad_frame ("{\"columns\": [{\"name\": \"value\", \"type\": \"number\"}], "
                    "\"rows\": [], \"language\": \"sql\"}", "PromQL");
  assert_bad_frame ("{\"columns\": [{\"name\": \"value\", \"type\": \"number\"}], "
                    "\"rows\": [[1, 2]]}", "row");
  assert_bad_frame ("{\"columns\": [{\"name\": \"value\", \"type\": \"number\"}], "
                    "\"rows\": [[\"many\"]]}", "number");
  assert_bad_frame ("{\"columns\": [{\"name\": \"time\", \"type\": \"time\"}, "
                    "{\"name\": \"value\", \"type\": \"number\"}], "
                    "\"rows\": [[\"yesterday\", 1]]}", "time");
}

/* Label values and sources */

static void
test_label_values (void)
{
  const char *variables =
    "[{\"name\": \"ds\", \"type\": \"datasource\", \"query\": \"prometheus\"},"
    " {\"name\": \"job\", \"type\": \"query\", \"datasource\": {\"uid\": \"${ds}\"},"
    "  \"query\": \"label_values(up, job)\", \"current\": {\"value\": \"no\\\"de\"}},"
    " {\"name\": \"instance\", \"type\": \"query\", \"datasource\": \"${ds}\","
    "  \"query\": {\"query\": \" label_values(up{job=\\\"$job\\\", a=~\\\"x,y\\\"}, instance) \"}},"
    " {\"name\": \"cluster\", \"type\": \"query\", \"datasource\": " PROM ","
    "  \"query\": \"label_values(cluster)\"},"
    " {\"name\": \"metric\", \"type\": \"query\", \"datasource\": " PROM ","
    "  \"query\": \"metrics(up)\"},"
    " {\"name\": \"bad\", \"type\": \"query\", \"datasource\": " PROM ","
    "  \"query\": \"label_values(up, 9x)\"},"
    " {\"name\": \"logs\", \"type\": \"query\", \"datasource\": {\"type\": \"loki\"},"
    "  \"query\": \"label_values(up, job)\"},"
    " {\"name\": \"mode\", \"type\": \"custom\", \"query\": \"label_values(up, job)\"}]";
  g_autoptr(BsDashboard) dashboard = make_dashboard ("[]", variables, NULL);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  struct
  {
    const char *selector;
    const char *label;
  } expected[] = {
    { NULL, NULL }, { "up", "job" }, { "up{job=\"no\\\"de\", a=~\"x,y\"}", "instance" },
    { NULL, "cluster" }, { NULL, NULL }, { NULL, NULL }, { NULL, NULL }, { NULL, NULL },
  };

  g_assert_cmpuint (dashboard->variables->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const BsDashboardVariable *variable = g_ptr_array_index (dashboard->variables, i);
      g_autofree char *selector = NULL;
      g_autofree char *label = NULL;
      gboolean found = bs_promql_variable_label_values (dashboard, variable, NULL,
                                                        &selector, &label);

      g_test_message ("%s: %s, %s", variable->name, selector, label);
      g_assert_cmpint (found, ==, expected[i].label != NULL);
      g_assert_cmpstr (selector, ==, expected[i].selector);
      g_assert_cmpstr (label, ==, expected[i].label);
    }

  /* The variable bar's choice is used in the selector. */
  {
    g_autofree char *selector = NULL;
    g_autofree char *label = NULL;

    g_hash_table_insert (values, "job", "api");
    g_assert_true (bs_promql_variable_label_values (dashboard,
                                                    g_ptr_array_index (dashboard->variables, 2),
                                                    values, &selector, &label));
    g_assert_cmpstr (selector, ==, "up{job=\"api\", a=~\"x,y\"}");
  }
}

static void
test_choose_source (void)
{
  g_autoptr(JsonNode) node = parse (
    "[{\"id\": 1, \"name\": \"Shop\", \"kind\": \"sqlite\"},"
    " {\"id\": 7, \"name\": \"Backup\", \"kind\": \"prometheus\"},"
    " {\"id\": 4, \"name\": \"Main\", \"kind\": \"prometheus\"},"
    " {\"id\": 9, \"name\": \"prometheus\", \"kind\": \"sqlite\"},"
    " {\"name\": \"No id\", \"kind\": \"prometheus\"}]");
  g_autoptr(JsonNode) none = parse ("[{\"id\": 1, \"name\": \"Prometheus\", \"kind\": \"csv\"}]");
  JsonArray *sources = json_node_get_array (node);

  g_assert_cmpint (bs_promql_choose_source (sources, "backup"), ==, 7);
  g_assert_cmpint (bs_promql_choose_source (sources, "MAIN"), ==, 4);
  /* No Prometheus source of that name: the first one. */
  g_assert_cmpint (bs_promql_choose_source (sources, "Prometheus"), ==, 4);
  g_assert_cmpint (bs_promql_choose_source (sources, "Shop"), ==, 4);
  g_assert_cmpint (bs_promql_choose_source (sources, NULL), ==, 4);
  g_assert_cmpint (bs_promql_choose_source (json_node_get_array (none), "Prometheus"), ==, 0);
}

/* The fixtures */

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

/* Each "$name" left in @expr must be one the dashboard does not define. */
static void
assert_only_unknown_left (const BsDashboard *dashboard,
                          const char        *expr)
{
  for (const char *p = strchr (expr, '$'); p != NULL; p = strchr (p + 1, '$'))
    {
      const char *start = p[1] == '{' ? p + 2 : p + 1;
      gsize len = 0;

      while (g_ascii_isalnum (start[len]) || start[len] == '_')
        len++;
      for (guint i = 0; i < dashboard->variables->len; i++)
        {
          const BsDashboardVariable *variable = g_ptr_array_index (dashboard->variables, i);

          if (len > 0 && strlen (variable->name) == len
              && strncmp (variable->name, start, len) == 0)
            g_error ("“%s” still has $%s", expr, variable->name);
        }
    }
}

static void
check_fixture_panel (const BsDashboard      *dashboard,
                     const BsDashboardPanel *panel,
                     GDateTime              *now,
                     guint                  *n_promql)
{
  g_autoptr(BsPromqlRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gboolean promql = bs_dashboard_panel_is_promql (dashboard, panel);

  for (guint i = 0; i < panel->panels->len; i++)
    check_fixture_panel (dashboard, g_ptr_array_index (panel->panels, i), now, n_promql);
  g_test_message ("  panel %" G_GINT64_FORMAT " “%s” (%s): %s", panel->id, panel->title,
                  panel->type, promql ? "PromQL" : "not PromQL");
  request = bs_promql_request_new (dashboard, panel, NULL, now, &error);
  g_assert_no_error (error);
  g_assert_true ((request != NULL) == promql);
  if (request == NULL)
    {
      g_autofree char *targets = panel->targets != NULL
                                 ? json_to_string (panel->targets, FALSE) : NULL;

      /* Every fixture panel with an expression asks Prometheus: only rows and text
       * panels are left. */
      g_assert_true (targets == NULL || strstr (targets, "\"expr\"") == NULL);
      return;
    }
  (*n_promql)++;
  g_assert_cmpuint (request->targets->len, >, 0);
  g_assert_cmpint (request->step_ms, >=, BS_PROMQL_DEFAULT_INTERVAL_MS);
  g_assert_cmpint (request->end_ms, ==, g_date_time_to_unix (now) * 1000);
  for (guint i = 0; i < request->targets->len; i++)
    {
      const BsPromqlTarget *target = g_ptr_array_index (request->targets, i);

      g_test_message ("    %s: %s", target->ref_id, target->expr);
      g_assert_null (strstr (target->expr, "$__"));
      g_assert_null (strstr (target->expr, "[[__"));
      assert_only_unknown_left (dashboard, target->expr);
    }
}

static void
test_fixtures (void)
{
  g_autoptr(GDateTime) now = fixed_now ();

  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autoptr(JsonNode) node = load_fixture (fixtures[f]);
      g_autoptr(GError) error = NULL;
      g_autoptr(BsDashboard) dashboard = bs_dashboard_from_json (node, &error);
      guint n_promql = 0;

      g_assert_no_error (error);
      g_test_message ("%s", fixtures[f]);
      for (guint i = 0; i < dashboard->panels->len; i++)
        check_fixture_panel (dashboard, g_ptr_array_index (dashboard->panels, i), now,
                             &n_promql);
      g_test_message ("%s: %u PromQL panels", fixtures[f], n_promql);
      g_assert_cmpuint (n_promql, >, 0);

      for (guint i = 0; i < dashboard->variables->len; i++)
        {
          const BsDashboardVariable *variable = g_ptr_array_index (dashboard->variables, i);
          g_autofree char *selector = NULL;
          g_autofree char *label = NULL;

          if (bs_promql_variable_label_values (dashboard, variable, NULL, &selector, &label))
            g_test_message ("  variable %s: label_values(%s, %s)", variable->name,
                            selector != NULL ? selector : "", label);
          else
            g_assert_false (g_strcmp0 (variable->type, "query") == 0
                            && variable->query != NULL
                            && g_str_has_prefix (variable->query, "label_values("));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/dashboard-promql/is-promql", test_is_promql);
  g_test_add_func ("/bs/dashboard-promql/time-span", test_time_span);
  g_test_add_func ("/bs/dashboard-promql/interval", test_interval);
  g_test_add_func ("/bs/dashboard-promql/builtins", test_builtins);
  g_test_add_func ("/bs/dashboard-promql/escaping", test_escaping);
  g_test_add_func ("/bs/dashboard-promql/request", test_request);
  g_test_add_func ("/bs/dashboard-promql/panel-time", test_panel_time);
  g_test_add_func ("/bs/dashboard-promql/datasource-names", test_datasource_names);
  g_test_add_func ("/bs/dashboard-promql/frame-merge", test_frame_merge);
  g_test_add_func ("/bs/dashboard-promql/bad-frames", test_bad_frames);
  g_test_add_func ("/bs/dashboard-promql/label-values", test_label_values);
  g_test_add_func ("/bs/dashboard-promql/choose-source", test_choose_source);
  g_test_add_func ("/bs/dashboard-promql/fixtures", test_fixtures);

  return g_test_run ();
}
