#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bs-contact-point.h"

/* A distinctive piece of every URL the tests use, to look for where it must not be. */
#define SECRET "T000-secret-B111"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static BsContactPoint *
parse_point (const char  *text,
             char       **out_url,
             GError     **error)
{
  g_autoptr(JsonNode) node = parse_json (text);

  return bs_contact_point_from_json (node, out_url, error);
}

static void
assert_names_field (const GError *error,
                    const char   *field)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", field);

  g_assert_nonnull (error);
  if (strstr (error->message, quoted) == NULL)
    g_error ("“%s” does not name the field %s", error->message, quoted);
}

static void
assert_refused (const char *text,
                const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(BsContactPoint) point = parse_point (text, &url, &error);

  g_test_message ("%.100s → %s", text, error != NULL ? error->message : "(accepted)");
  g_assert_null (point);
  g_assert_null (url);
  g_assert_error (error, BS_CONTACT_POINT_ERROR, BS_CONTACT_POINT_ERROR_INVALID);
  assert_names_field (error, field);
  g_assert_null (strstr (error->message, SECRET));
}

static void
test_new_copy (void)
{
  g_autoptr(BsContactPoint) point = bs_contact_point_new ("Ops Slack", "slack");
  g_autoptr(BsContactPoint) copy = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 24, 10, 0, 0);
  JsonObject *nested = json_object_new ();

  g_assert_cmpint (point->id, ==, 0);
  g_assert_cmpstr (point->name, ==, "Ops Slack");
  g_assert_cmpstr (point->kind, ==, "slack");
  g_assert_nonnull (point->settings);
  g_assert_cmpuint (json_object_get_size (point->settings), ==, 0);
  g_assert_true (point->send_resolved);
  g_assert_null (point->created_at);

  json_object_set_string_member (point->settings, "channel", "#ops");
  json_object_set_object_member (point->settings, "extra", nested);
  point->id = 2;
  point->created_at = g_date_time_ref (created);
  copy = bs_contact_point_copy (point);

  /* Nothing is shared, down to nested objects. */
  json_object_set_string_member (point->settings, "channel", "#sales");
  json_object_set_string_member (nested, "added", "later");
  g_assert_cmpstr (json_object_get_string_member (copy->settings, "channel"), ==, "#ops");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (copy->settings,
                                                                         "extra")), ==, 0);
  g_assert_cmpint (copy->id, ==, 2);
  g_assert_true (g_date_time_equal (copy->created_at, created));
}

static void
test_kinds (void)
{
  g_autofree char *key = bs_contact_point_secret_key (2);
  g_autofree char *big = bs_contact_point_secret_key (G_MAXINT64);

  g_assert_true (bs_contact_point_kind_is_valid ("slack"));
  g_assert_true (bs_contact_point_kind_is_valid ("webhook"));
  g_assert_true (bs_contact_point_kind_is_valid ("desktop"));
  g_assert_false (bs_contact_point_kind_is_valid ("Slack"));
  g_assert_false (bs_contact_point_kind_is_valid ("email"));
  g_assert_false (bs_contact_point_kind_is_valid (""));
  g_assert_false (bs_contact_point_kind_is_valid (NULL));
  g_assert_true (bs_contact_point_kind_needs_url ("slack"));
  g_assert_true (bs_contact_point_kind_needs_url ("webhook"));
  g_assert_false (bs_contact_point_kind_needs_url ("desktop"));
  g_assert_false (bs_contact_point_kind_needs_url (NULL));
  g_assert_cmpstr (key, ==, "contact-point-2");
  g_assert_cmpstr (big, ==, "contact-point-9223372036854775807");
}

static void
test_check_url (void)
{
  const char *good[] = {
    "https://hooks.slack.com/services/" SECRET,
    "http://127.0.0.1:8080/hook/" SECRET,
    "HTTPS://Example.com/" SECRET,
    "http://[::1]:9/" SECRET,
    "https://example.com/" SECRET "?a=1&b=%20#frag",
    "https://user:" SECRET "@example.com/",
  };
  const char *bad[] = {
    NULL,
    "",
    "hooks.slack.com/services/" SECRET,
    "//hooks.slack.com/" SECRET,
    "ftp://example.com/" SECRET,
    "file:///etc/" SECRET,
    "mailto:" SECRET "@example.com",
    "javascript:alert('" SECRET "')",
    "http://",
    "https://",
    "http:///" SECRET,
    "http:/" SECRET,
    "https://exa mple.com/" SECRET,
    "https://example.com/" SECRET " x",
    " https://example.com/" SECRET,
    "https://example.com/" SECRET "\n",
    "https://example.com/" SECRET "\t",
    "https://example.com/" SECRET "\r\nX-Injected: 1",
    "https://example.com:99999/" SECRET,
    "https://example.com/" SECRET "%zz",
    "https://exämple.com/" SECRET,
    "https://example.com/\x7f" SECRET,
  };
  g_autoptr(GString) longest = g_string_new ("https://example.com/" SECRET);
  g_autofree char *problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *why = bs_contact_point_check_url (good[i]);

      if (why != NULL)
        g_error ("%s refused: %s", good[i], why);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *why = bs_contact_point_check_url (bad[i]);

      if (why == NULL)
        g_error ("bad URL %u accepted", i);
      g_test_message ("bad URL %u: %s", i, why);
      /* The reason goes into answers and logs: never the URL. */
      g_assert_null (strstr (why, SECRET));
    }

  while (longest->len < 2048)
    g_string_append_c (longest, 'x');
  g_assert_null (bs_contact_point_check_url (longest->str));
  g_string_append_c (longest, 'x');
  problem = bs_contact_point_check_url (longest->str);
  g_assert_nonnull (problem);
}

static void
test_to_json (void)
{
  g_autoptr(BsContactPoint) point = bs_contact_point_new ("Ops Slack", "slack");
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 24, 10, 0, 0);
  g_autoptr(JsonNode) with_url = NULL;
  g_autoptr(JsonNode) without_url = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  point->id = 2;
  point->send_resolved = FALSE;
  json_object_set_string_member (point->settings, "channel", "#ops");
  point->created_at = g_date_time_ref (created);
  point->updated_at = g_date_time_ref (created);

  with_url = bs_contact_point_to_json (point, TRUE);
  text = json_to_string (with_url, FALSE);
  g_test_message ("%s", text);
  object = json_node_get_object (with_url);
  g_assert_false (json_object_has_member (object, "url"));
  g_assert_true (json_object_get_boolean_member (object, "has_url"));
  g_assert_false (json_object_get_boolean_member (object, "send_resolved"));
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Ops Slack");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "slack");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                "settings"),
                                                  "channel"), ==, "#ops");
  g_assert_cmpstr (json_object_get_string_member (object, "created_at"), ==,
                   "2026-11-24T10:00:00Z");
  /* The answer is a copy: changing it does not change the contact point. */
  json_object_set_string_member (json_object_get_object_member (object, "settings"),
                                 "channel", "#changed");
  g_assert_cmpstr (json_object_get_string_member (point->settings, "channel"), ==, "#ops");

  without_url = bs_contact_point_to_json (point, FALSE);
  object = json_node_get_object (without_url);
  g_assert_false (json_object_get_boolean_member (object, "has_url"));
  g_assert_false (json_object_has_member (object, "url"));
}

static void
test_from_json (void)
{
  g_autoptr(BsContactPoint) point = NULL;
  g_autoptr(BsContactPoint) again = NULL;
  g_autoptr(BsContactPoint) desktop = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;

  point = parse_point ("{\"name\": \"Ops Slack\", \"kind\": \"slack\", "
                       "\"settings\": {\"channel\": \"#ops\", \"mention\": null, \"n\": 2, "
                       "\"b\": true}, \"url\": \"https://hooks.slack.com/" SECRET "\", "
                       "\"send_resolved\": false, \"id\": 99, \"has_url\": false, "
                       "\"created_at\": \"2020-01-01T00:00:00Z\"}", &url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://hooks.slack.com/" SECRET);
  g_assert_cmpstr (point->name, ==, "Ops Slack");
  g_assert_cmpstr (point->kind, ==, "slack");
  g_assert_false (point->send_resolved);
  g_assert_cmpstr (json_object_get_string_member (point->settings, "channel"), ==, "#ops");
  /* Given by the engine, not by the caller. */
  g_assert_cmpint (point->id, ==, 0);
  g_assert_null (point->created_at);

  /* Out and back in: the same, and the URL is nowhere in the text. */
  node = bs_contact_point_to_json (point, TRUE);
  text = json_to_string (node, FALSE);
  g_assert_null (strstr (text, SECRET));
  again = bs_contact_point_from_json (node, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->name, ==, point->name);
  g_assert_false (again->send_resolved);
  g_assert_cmpint (json_object_get_int_member (again->settings, "n"), ==, 2);

  /* No URL: fine for any kind here (the store asks for one when a slack point is made). */
  desktop = parse_point ("{\"name\": \"This computer\", \"kind\": \"desktop\"}", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (desktop->send_resolved);
  g_assert_cmpuint (json_object_get_size (desktop->settings), ==, 0);
  g_clear_pointer (&desktop, bs_contact_point_free);
  g_clear_pointer (&url, g_free);
  desktop = parse_point ("{\"name\": \"Hook\", \"kind\": \"webhook\", \"url\": null}", &url,
                         &error);
  g_assert_no_error (error);
  g_assert_null (url);
}

static void
test_limits (void)
{
  g_autoptr(GString) accented = g_string_new (NULL);
  g_autoptr(GString) many = g_string_new ("{\"name\": \"n\", \"kind\": \"desktop\", \"settings\": {");
  g_autofree char *name191 = g_strnfill (191, 'n');
  g_autofree char *setting1025 = g_strnfill (1025, 's');
  g_autofree char *text = NULL;
  BsContactPoint *point;

  for (guint i = 0; i < 190; i++)
    g_string_append (accented, "é");
  text = g_strdup_printf ("{\"name\": \"%s\", \"kind\": \"desktop\"}", accented->str);
  point = parse_point (text, NULL, NULL);
  g_assert_nonnull (point);
  bs_contact_point_free (point);
  g_free (text);
  text = g_strdup_printf ("{\"name\": \"%s\", \"kind\": \"desktop\"}", name191);
  assert_refused (text, "name");
  g_free (text);

  assert_refused ("{\"kind\": \"desktop\"}", "name");
  assert_refused ("{\"name\": \"\", \"kind\": \"desktop\"}", "name");
  assert_refused ("{\"name\": \"   \", \"kind\": \"desktop\"}", "name");
  assert_refused ("{\"name\": \"\\u0000Ops\", \"kind\": \"desktop\"}", "name");
  assert_refused ("{\"name\": 5, \"kind\": \"desktop\"}", "name");
  assert_refused ("{\"name\": \"Ops\"}", "kind");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"email\"}", "kind");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"SLACK\"}", "kind");
  assert_refused ("{\"name\": \"Ops\", \"kind\": [\"slack\"]}", "kind");

  /* A URL in the wrong place would be stored in plain text. */
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"slack\", \"settings\": "
                  "{\"url\": \"https://hooks.slack.com/" SECRET "\"}}", "settings.url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"slack\", \"settings\": "
                  "{\"URL\": \"https://hooks.slack.com/" SECRET "\"}}", "settings.URL");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"slack\", \"settings\": \"#ops\"}", "settings");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"slack\", \"settings\": "
                  "{\"deep\": {\"a\": 1}}}", "settings.deep");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"slack\", \"settings\": "
                  "{\"list\": [1]}}", "settings.list");
  text = g_strdup_printf ("{\"name\": \"Ops\", \"kind\": \"slack\", \"settings\": "
                          "{\"channel\": \"%s\"}}", setting1025);
  assert_refused (text, "settings.channel");
  for (guint i = 0; i < 33; i++)
    g_string_append_printf (many, "%s\"s%u\": 1", i > 0 ? ", " : "", i);
  g_string_append (many, "}}");
  assert_refused (many->str, "settings");

  assert_refused ("{\"name\": \"Ops\", \"kind\": \"desktop\", \"send_resolved\": \"yes\"}",
                  "send_resolved");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"desktop\", \"send_resolved\": 1}",
                  "send_resolved");
}

static void
test_url_field (void)
{
  assert_refused ("{\"name\": \"Me\", \"kind\": \"desktop\", "
                  "\"url\": \"https://example.com/" SECRET "\"}", "url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"slack\", "
                  "\"url\": \"hooks.slack.com/" SECRET "\"}", "url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"webhook\", "
                  "\"url\": \"ftp://example.com/" SECRET "\"}", "url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"webhook\", "
                  "\"url\": \"https:///" SECRET "\"}", "url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"webhook\", "
                  "\"url\": \"https://example.com/" SECRET " x\"}", "url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"webhook\", \"url\": \"\"}", "url");
  assert_refused ("{\"name\": \"Ops\", \"kind\": \"webhook\", \"url\": 5}", "url");
}

static void
test_not_object (void)
{
  const char *texts[] = { "[]", "\"slack\"", "3", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsContactPoint) point = parse_point (texts[i], NULL, &error);

      g_assert_null (point);
      g_assert_error (error, BS_CONTACT_POINT_ERROR, BS_CONTACT_POINT_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/contact-point/new-copy", test_new_copy);
  g_test_add_func ("/bs/contact-point/kinds", test_kinds);
  g_test_add_func ("/bs/contact-point/check-url", test_check_url);
  g_test_add_func ("/bs/contact-point/to-json", test_to_json);
  g_test_add_func ("/bs/contact-point/from-json", test_from_json);
  g_test_add_func ("/bs/contact-point/limits", test_limits);
  g_test_add_func ("/bs/contact-point/url-field", test_url_field);
  g_test_add_func ("/bs/contact-point/json-not-object", test_not_object);
  return g_test_run ();
}
