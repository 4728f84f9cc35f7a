#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-grafana-frame.h"

/* Frames written the way Grafana's Go SDK writes them (frame_json.go): what a Prometheus data
 * source answers for a range query with two series, one of them with NaN and +Inf. */
static const char prometheus_results[] =
  "{\"A\": {\"status\": 200, \"frames\": ["
  "  {\"schema\": {\"refId\": \"A\", \"meta\": {\"type\": \"timeseries-multi\", \"typeVersion\": [0, 1],"
  "               \"custom\": {\"resultType\": \"matrix\"}},"
  "              \"fields\": [{\"name\": \"Time\", \"type\": \"time\","
  "                            \"typeInfo\": {\"frame\": \"time.Time\"}, \"config\": {\"interval\": 60000}},"
  "                           {\"name\": \"Value\", \"type\": \"number\", \"typeInfo\": {\"frame\": \"float64\"},"
  "                            \"labels\": {\"__name__\": \"units\", \"region\": \"north\"}}]},"
  "   \"data\": {\"values\": [[1795169940000, 1795170000000, 1795170060000], [1.5, null, 0]],"
  "             \"entities\": [null, {\"NaN\": [1], \"Inf\": [2]}]}},"
  "  {\"schema\": {\"refId\": \"A\","
  "              \"fields\": [{\"name\": \"Time\", \"type\": \"time\", \"typeInfo\": {\"frame\": \"time.Time\"}},"
  "                           {\"name\": \"Value\", \"type\": \"number\", \"typeInfo\": {\"frame\": \"float64\"},"
  "                            \"labels\": {\"__name__\": \"units\", \"region\": \"east\"}}]},"
  "   \"data\": {\"values\": [[1795170000000, 1795169940000], [7, -2.25]],"
  "             \"entities\": [null, {\"NegInf\": [0]}]}}"
  "]}}";

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_json_equal (JsonNode   *actual,
                   const char *expected_text)
{
  g_autoptr(JsonNode) expected = parse (expected_text);

  if (!json_node_equal (actual, expected))
    {
      g_autofree char *actual_text = json_to_string (actual, FALSE);

      g_test_message ("expected %s", expected_text);
      g_test_message ("actual   %s", actual_text);
      g_test_fail ();
    }
}

static void
assert_column_types (JsonNode   *frame,
                     const char *expected)
{
  JsonArray *columns = json_object_get_array_member (json_node_get_object (frame), "columns");
  g_autoptr(GString) types = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_string_append_printf (types, "%s%s:%s", i > 0 ? " " : "",
                              json_object_get_string_member (column, "name"),
                              json_object_get_string_member (column, "type"));
    }
  g_assert_cmpstr (types->str, ==, expected);
}

static JsonNode *
decode_ok (const char                  *results_text,
           const BsGrafanaFrameOptions *options)
{
  g_autoptr(JsonNode) results = parse (results_text);
  g_autoptr(GError) error = NULL;
  JsonNode *frame = bs_grafana_frame_decode_with_options (results, "A", options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (frame);
  return frame;
}

static void
test_prometheus_series (void)
{
  g_autoptr(JsonNode) frame = decode_ok (prometheus_results, NULL);

  assert_column_types (frame, "time:time __name__:text region:text value:number");
  assert_json_equal (json_object_get_member (json_node_get_object (frame), "rows"),
                     "[[\"2026-11-20T10:19:00Z\", \"units\", \"east\", -2.25],"
                     " [\"2026-11-20T10:19:00Z\", \"units\", \"north\", 1.5],"
                     " [\"2026-11-20T10:20:00Z\", \"units\", \"east\", \"-Inf\"],"
                     " [\"2026-11-20T10:20:00Z\", \"units\", \"north\", \"NaN\"],"
                     " [\"2026-11-20T10:21:00Z\", \"units\", \"north\", \"+Inf\"]]");
  g_assert_false (json_object_get_boolean_member (json_node_get_object (frame), "truncated"));
}

static void
test_field_types (void)
{
  /* One wide frame as a SQL data source or TestData answers it: every field type at once. */
  g_autoptr(JsonNode) frame = decode_ok (
    "{\"A\": {\"frames\": [{\"schema\": {\"fields\": ["
    "  {\"name\": \"time\", \"type\": \"time\", \"typeInfo\": {\"frame\": \"time.Time\", \"nullable\": true}},"
    "  {\"name\": \"store\", \"type\": \"string\", \"typeInfo\": {\"frame\": \"string\"}},"
    "  {\"name\": \"open\", \"type\": \"boolean\", \"typeInfo\": {\"frame\": \"bool\"}},"
    "  {\"name\": \"channel\", \"type\": \"enum\", \"typeInfo\": {\"frame\": \"enum\"},"
    "   \"config\": {\"type\": {\"enum\": {\"text\": [\"online\", \"shop\"]}}}},"
    "  {\"name\": \"tier\", \"type\": \"string\"},"
    "  {\"name\": \"units\", \"type\": \"number\", \"typeInfo\": {\"frame\": \"int64\", \"nullable\": true}},"
    "  {\"name\": \"revenue\", \"type\": \"number\", \"typeInfo\": {\"frame\": \"float64\"}},"
    "  {\"name\": \"raw\", \"type\": \"other\", \"typeInfo\": {\"frame\": \"json.RawMessage\"}}]},"
    " \"data\": {\"values\": ["
    "  [1795176000123, null],"
    "  [\"Köln \\\"Süd\\\"\", null],"
    "  [true, false],"
    "  [1, 0],"
    "  [0, 1],"
    "  [3, 4],"
    "  [10.5, 0],"
    "  [{\"a\": 1}, [2]]],"
    "  \"enums\": [null, null, null, null, [\"gold\", \"silver\"]],"
    "  \"entities\": [null, null, null, null, null, {\"Undef\": [1]}, {\"NaN\": [1]}, null]}}]}}",
    NULL);

  assert_column_types (frame, "time:time store:text open:text channel:text tier:text "
                              "field:text value:number");
  assert_json_equal (json_object_get_member (json_node_get_object (frame), "rows"),
                     "[[null, null, \"false\", \"online\", \"silver\", \"revenue\", \"NaN\"],"
                     " [null, null, \"false\", \"online\", \"silver\", \"units\", null],"
                     " [\"2026-11-20T12:00:00.123Z\", \"Köln \\\"Süd\\\"\", \"true\", \"shop\","
                     "  \"gold\", \"revenue\", 10.5],"
                     " [\"2026-11-20T12:00:00.123Z\", \"Köln \\\"Süd\\\"\", \"true\", \"shop\","
                     "  \"gold\", \"units\", 3]]");
}

static void
test_integers_and_scaling (void)
{
  g_autoptr(JsonNode) integers = decode_ok (
    "{\"A\": {\"frames\": [{\"schema\": {\"fields\": ["
    "  {\"name\": \"n\", \"type\": \"number\", \"typeInfo\": {\"frame\": \"uint32\"}}]},"
    " \"data\": {\"values\": [[2, 1, 3]]}}]}}", NULL);
  g_autoptr(JsonNode) scaled = decode_ok (
    "{\"A\": {\"frames\": [{\"schema\": {\"fields\": ["
    "  {\"name\": \"n\", \"type\": \"number\", \"typeInfo\": {\"frame\": \"int64\"}}]},"
    " \"data\": {\"values\": [[0, 1, 2]], \"bases\": [1612900958], \"factors\": [1000]}}]}}", NULL);
  g_autoptr(JsonNode) negative_time = decode_ok (
    "{\"A\": {\"frames\": [{\"schema\": {\"fields\": ["
    "  {\"name\": \"t\", \"type\": \"time\"}, {\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[-1500, 0], [1, 2]]}}]}}", NULL);

  assert_column_types (integers, "value:integer");
  /* no time and no labels: every row's key is equal, so the frame's order stays */
  assert_json_equal (json_object_get_member (json_node_get_object (integers), "rows"),
                     "[[2], [1], [3]]");
  assert_column_types (scaled, "value:number");
  assert_json_equal (json_object_get_member (json_node_get_object (scaled), "rows"),
                     "[[1612900958.0], [1612901958.0], [1612902958.0]]");
  assert_json_equal (json_object_get_member (json_node_get_object (negative_time), "rows"),
                     "[[\"1969-12-31T23:59:58.500Z\", 1], [\"1970-01-01T00:00:00Z\", 2]]");
}

static void
test_options (void)
{
  static const char * const labels[] = { "region", "channel", NULL };
  BsGrafanaFrameOptions options = {
    .time_column = "bucket",
    .time_shift_ms = -60000,
    .labels = labels,
    .row_limit = 3,
  };
  g_autoptr(JsonNode) frame = decode_ok (prometheus_results, &options);

  assert_column_types (frame, "bucket:time region:text channel:text value:number");
  assert_json_equal (json_object_get_member (json_node_get_object (frame), "rows"),
                     "[[\"2026-11-20T10:18:00Z\", \"east\", null, -2.25],"
                     " [\"2026-11-20T10:18:00Z\", \"north\", null, 1.5],"
                     " [\"2026-11-20T10:19:00Z\", \"east\", null, \"-Inf\"]]");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (frame), "truncated"));
}

static void
test_time_column_options (void)
{
  static const char * const labels[] = { "region", NULL };
  BsGrafanaFrameOptions instant = { .no_time = TRUE, .labels = labels };
  BsGrafanaFrameOptions range = { .time_column = "bucket", .labels = labels };
  g_autoptr(JsonNode) without_time = decode_ok (prometheus_results, &instant);
  g_autoptr(JsonNode) empty_range = decode_ok ("{\"A\": {\"frames\": []}}", &range);

  assert_column_types (without_time, "region:text value:number");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (without_time), "rows")), ==, 5);
  /* an empty range answer keeps its time column, so that a chart knows its axis */
  assert_column_types (empty_range, "bucket:time region:text value:number");
}

static void
test_empty (void)
{
  g_autoptr(JsonNode) no_frames = decode_ok ("{\"A\": {\"frames\": []}}", NULL);
  g_autoptr(JsonNode) no_member = decode_ok ("{\"A\": {\"status\": 200}}", NULL);
  g_autoptr(JsonNode) no_fields = decode_ok (
    "{\"A\": {\"frames\": [{\"schema\": {\"refId\": \"A\", \"fields\": []}, \"data\": {\"values\": []}}]}}",
    NULL);
  g_autoptr(JsonNode) capitalised = decode_ok (
    "{\"A\": {\"Frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[]]}}]}}", NULL);

  assert_json_equal (no_frames, "{\"columns\": [{\"name\": \"value\", \"type\": \"number\"}],"
                                " \"rows\": [], \"truncated\": false}");
  assert_json_equal (no_member, "{\"columns\": [{\"name\": \"value\", \"type\": \"number\"}],"
                                " \"rows\": [], \"truncated\": false}");
  assert_json_equal (json_object_get_member (json_node_get_object (no_fields), "rows"), "[]");
  assert_column_types (capitalised, "value:number");
  assert_json_equal (json_object_get_member (json_node_get_object (capitalised), "rows"), "[]");
}

static void
assert_decode_error (const char *results_text,
                     int         code,
                     const char *expected_part)
{
  g_autoptr(JsonNode) results = parse (results_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = bs_grafana_frame_decode (results, "A", &error);

  g_assert_null (frame);
  g_assert_error (error, BS_GRAFANA_FRAME_ERROR, code);
  if (strstr (error->message, expected_part) == NULL)
    {
      g_test_message ("“%s” does not contain “%s”", error->message, expected_part);
      g_test_fail ();
    }
}

static void
test_query_errors (void)
{
  assert_decode_error ("{\"A\": {\"error\": \"bad_data: 1:6: parse error: unexpected \\\"}\\\"\","
                       " \"errorSource\": \"downstream\", \"status\": 400}}",
                       BS_GRAFANA_FRAME_ERROR_QUERY,
                       "The data source behind Grafana failed query A: bad_data: 1:6: parse error");
  assert_decode_error ("{\"A\": {\"Error\": \"plugin unavailable\", \"Status\": 500}}",
                       BS_GRAFANA_FRAME_ERROR_QUERY,
                       "Grafana could not run query A: plugin unavailable");
  assert_decode_error ("{\"A\": {\"status\": 502, \"frames\": []}}",
                       BS_GRAFANA_FRAME_ERROR_QUERY, "(status 502)");
}

typedef struct
{
  const char *results;
  const char *message;
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "[]", "results is not an object" },
  { "{\"B\": {}}", "results has no answer for query A" },
  { "{\"A\": []}", "results.A is not an object" },
  { "{\"A\": {\"frames\": {}}}", "results.A frames is not a list" },
  { "{\"A\": {\"frames\": [3]}}", "results.A.frames[0] is not an object" },
  { "{\"A\": {\"frames\": [{\"data\": {\"values\": []}}]}}", "results.A.frames[0] has no schema" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": 1}}]}}",
    "results.A.frames[0] schema.fields is not a list" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\"}]}, \"data\": 5}]}}",
    "results.A.frames[0] data is not an object" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\"}]}}]}}",
    "data.values has 0 columns, but schema.fields has 1 fields" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\"}, {\"name\": \"w\"}]},"
    " \"data\": {\"values\": [[1]]}}]}}",
    "data.values has 1 columns, but schema.fields has 2 fields" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [7]}, \"data\": {\"values\": [[1]]}}]}}",
    "results.A.frames[0].schema.fields[0] is not an object" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\"}]}, \"data\": {\"values\": [{}]}}]}}",
    "results.A.frames[0].data.values[0] is not a list" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"t\", \"type\": \"time\"},"
    " {\"name\": \"v\", \"type\": \"number\"}]}, \"data\": {\"values\": [[1, 2, 3, 4], [1, 2, 3]]}}]}}",
    "results.A.frames[0].data.values[1] has 3 values, but data.values[0] has 4" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"t\", \"type\": \"time\"}]},"
    " \"data\": {\"values\": [[\"yesterday\"]]}}]}}",
    "results.A.frames[0].data.values[0] value 0 is not a time in epoch milliseconds" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1, \"2\"]]}}]}}",
    "results.A.frames[0].data.values[0] value 1 is not a number" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"s\", \"type\": \"string\"}]},"
    " \"data\": {\"values\": [[[1]]]}}]}}",
    "results.A.frames[0].data.values[0] value 0 is not text" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"e\", \"type\": \"enum\"}]},"
    " \"data\": {\"values\": [[0, 2]], \"enums\": [[\"a\", \"b\"]]}}]}}",
    "results.A.frames[0].data.values[0] value 1 is not an index into the field’s 2 enum names" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1]], \"entities\": {}}}]}}",
    "results.A.frames[0].data.entities is not a list" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1]], \"entities\": [[0]]}}]}}",
    "results.A.frames[0].data.entities[0] is neither null nor an object" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1]], \"entities\": [{\"Nan\": [0]}]}}]}}",
    "results.A.frames[0].data.entities[0] has the unknown entity “Nan”" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1, 2, 3]], \"entities\": [{\"NaN\": [3]}]}}]}}",
    "results.A.frames[0].data.entities[0] NaN[0] is not a row number below 3" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1]], \"entities\": [{\"Inf\": 0}]}}]}}",
    "results.A.frames[0].data.entities[0] Inf is not a list of row numbers" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"s\", \"type\": \"string\"}]},"
    " \"data\": {\"values\": [[\"x\"]], \"entities\": [{\"NaN\": [0]}]}}]}}",
    "NaN marks a value of a field that is not a number" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"t\", \"type\": \"time\"}]},"
    " \"data\": {\"values\": [[1]], \"entities\": [{\"Inf\": [0]}]}}]}}",
    "Inf marks a time value" },
  { "{\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"v\", \"type\": \"number\"}]},"
    " \"data\": {\"values\": [[1]], \"bases\": [\"x\"]}}]}}",
    "results.A.frames[0] data.bases[0] is not a number" },
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      g_test_message ("case %u: %s", i, malformed_cases[i].results);
      assert_decode_error (malformed_cases[i].results, BS_GRAFANA_FRAME_ERROR_MALFORMED,
                           malformed_cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/grafana-frame/prometheus-series", test_prometheus_series);
  g_test_add_func ("/bs/grafana-frame/field-types", test_field_types);
  g_test_add_func ("/bs/grafana-frame/integers-and-scaling", test_integers_and_scaling);
  g_test_add_func ("/bs/grafana-frame/options", test_options);
  g_test_add_func ("/bs/grafana-frame/time-column-options", test_time_column_options);
  g_test_add_func ("/bs/grafana-frame/empty", test_empty);
  g_test_add_func ("/bs/grafana-frame/query-errors", test_query_errors);
  g_test_add_func ("/bs/grafana-frame/malformed", test_malformed);

  return g_test_run ();
}
