#define G_LOG_DOMAIN "test-engine-json"

#include "config.h"

#include <math.h>

#include "bs-engine-json.h"

/* Writes @value through the engine's serialiser and reads it back with json-glib. */
static JsonNode *
round_trip (double value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  json_array_add_double_element (array, value);
  json_node_set_array (node, array);
  text = bs_engine_json_to_string (node, FALSE);
  g_test_message ("%.17g → %s", value, text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_array_get_element (json_node_get_array (json_parser_get_root (parser)), 0));
}

static void
test_large_whole_numbers (void)
{
  const double fits[] = { 1e17, -1e17, 1e18 };
  const double ordinary[] = { 0.5, 123.0, 1e16, 123456789012345678.0, 1.5e300, 1e-7, -2.25 };

  for (gsize i = 0; i < G_N_ELEMENTS (fits); i++)
    {
      g_autoptr(JsonNode) back = round_trip (fits[i]);

      g_assert_cmpint (json_node_get_value_type (back), ==, G_TYPE_INT64);
      g_assert_cmpfloat (json_node_get_int (back), ==, fits[i]);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (ordinary); i++)
    {
      g_autoptr(JsonNode) back = round_trip (ordinary[i]);

      g_assert_cmpfloat (json_node_get_double (back), ==, ordinary[i]);
    }

  {
    g_autoptr(JsonNode) back = round_trip (1e20);

    g_assert_cmpstr (json_node_get_string (back), ==, "1e+20");
    g_assert_cmpfloat (g_ascii_strtod (json_node_get_string (back), NULL), ==, 1e20);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bs/engine-json/large-whole-numbers", test_large_whole_numbers);
  return g_test_run ();
}
