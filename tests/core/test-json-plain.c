#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include "bs-json-plain.h"

/* What json-glib's generator writes for the object: the definition the fast path keeps. */
static char *
generated (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* Every printable byte in a name and a value is written as json-glib writes it, and read
 * back; every other byte is left to json-glib. */
static void
test_write_bytes (void)
{
  for (guint c = 1; c < 128; c++)
    {
      char one[2] = { (char) c, '\0' };
      g_autofree char *name = g_strconcat ("n", one, NULL);
      g_autofree char *value = g_strconcat ("v", one, "w", NULL);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonObject) back = NULL;
      g_autofree char *plain = NULL;
      g_autofree char *expected = NULL;

      json_object_set_string_member (object, "first", "1");
      json_object_set_string_member (object, name, value);
      plain = bs_json_plain_write_object (object);
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f)
        {
          g_assert_null (plain);
          continue;
        }
      expected = generated (object);
      g_assert_cmpstr (plain, ==, expected);
      back = bs_json_plain_read (plain);
      g_assert_nonnull (back);
      g_assert_true (json_object_equal (back, object));
    }
}

static void
test_write_kinds (void)
{
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonObject) number = json_object_new ();
  g_autoptr(JsonObject) utf8 = json_object_new ();
  g_autofree char *empty_text = bs_json_plain_write_object (empty);

  g_assert_cmpstr (empty_text, ==, "{}");
  json_object_set_int_member (number, "n", 7);
  g_assert_null (bs_json_plain_write_object (number));
  json_object_set_string_member (utf8, "city", "Zürich");
  g_assert_null (bs_json_plain_write_object (utf8));
}

/* Anything but exactly the plain form is not read, and json-glib parses it instead. */
static void
test_read_rejects (void)
{
  static const char * const texts[] = {
    "", "{", "}", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\":\"b\"}x", "{\"a\":\"b\\\"c\"}",
    "{\"a\":\"b\",\"a\":\"c\"}", "{ \"a\":\"b\"}", "{\"a\" :\"b\"}", "{\"a\":\"b\",}",
    "{\"Z\xc3\xbcrich\":\"b\"}", "[\"a\"]", "{\"a\":null}", "{}}",
  };
  g_autoptr(JsonObject) empty = bs_json_plain_read ("{}");
  g_autoptr(JsonObject) two = bs_json_plain_read ("{\"b\":\"\",\"a\":\"x y\"}");
  g_autoptr(GList) members = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (bs_json_plain_read (texts[i]) != NULL)
      g_error ("read %s", texts[i]);
  g_assert_null (bs_json_plain_read (NULL));

  g_assert_nonnull (empty);
  g_assert_cmpuint (json_object_get_size (empty), ==, 0);
  g_assert_nonnull (two);
  g_assert_cmpstr (json_object_get_string_member (two, "b"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (two, "a"), ==, "x y");
  /* In the order written. */
  members = json_object_get_members (two);
  g_assert_cmpstr (members->data, ==, "b");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/json-plain/write-bytes", test_write_bytes);
  g_test_add_func ("/bs/json-plain/write-kinds", test_write_kinds);
  g_test_add_func ("/bs/json-plain/read-rejects", test_read_rejects);

  return g_test_run ();
}
