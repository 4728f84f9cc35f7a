#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bs-engine-discovery.h"
#include "bs-test-util.h"

static BsEngineDiscovery *
make_discovery (void)
{
  BsEngineDiscovery *discovery = bs_engine_discovery_new ();

  discovery->url = g_strdup ("http://127.0.0.1:8737/");
  discovery->pid = 4242;
  discovery->version = g_strdup ("0.1.0");
  discovery->data_dir = g_strdup ("/home/ann/.local/share/business-studio");
  discovery->token_store = g_strdup ("file");
  discovery->token_file = g_strdup ("/run/user/1000/business-studio/secrets");
  discovery->token_key = g_strdup ("engine-token:/home/ann/.local/share/business-studio");
  return discovery;
}

static void
assert_same (const BsEngineDiscovery *a,
             const BsEngineDiscovery *b)
{
  g_assert_cmpstr (a->url, ==, b->url);
  g_assert_cmpint (a->pid, ==, b->pid);
  g_assert_cmpstr (a->version, ==, b->version);
  g_assert_cmpstr (a->data_dir, ==, b->data_dir);
  g_assert_cmpstr (a->token_store, ==, b->token_store);
  g_assert_cmpstr (a->token_file, ==, b->token_file);
  g_assert_cmpstr (a->token_key, ==, b->token_key);
}

static void
test_json_round_trip (void)
{
  g_autoptr(BsEngineDiscovery) discovery = make_discovery ();
  g_autoptr(BsEngineDiscovery) parsed = NULL;
  g_autoptr(BsEngineDiscovery) keyring_parsed = NULL;
  g_autoptr(BsEngineDiscovery) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = bs_engine_discovery_to_json (discovery);
  g_autofree char *keyring_json = NULL;

  /* One line: the engine prints it on stdout with --print-ready. */
  g_assert_null (strchr (json, '\n'));
  g_assert_nonnull (strstr (json, "\"pid\":4242"));

  parsed = bs_engine_discovery_parse (json, &error);
  g_assert_no_error (error);
  assert_same (parsed, discovery);

  copy = bs_engine_discovery_copy (parsed);
  assert_same (copy, discovery);

  g_free (discovery->token_store);
  discovery->token_store = g_strdup ("keyring");
  g_clear_pointer (&discovery->token_file, g_free);
  keyring_json = bs_engine_discovery_to_json (discovery);
  g_assert_nonnull (strstr (keyring_json, "\"token_file\":null"));
  keyring_parsed = bs_engine_discovery_parse (keyring_json, &error);
  g_assert_no_error (error);
  assert_same (keyring_parsed, discovery);
}

static void
assert_invalid (const char *json,
                const char *expected_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsEngineDiscovery) discovery = NULL;

  discovery = bs_engine_discovery_parse (json, &error);
  g_assert_null (discovery);
  g_assert_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID);
  g_test_message ("%s -> %s", json, error->message);
  g_assert_nonnull (strstr (error->message, expected_in_message));
}

static void
test_parse_invalid (void)
{
  const char *valid_tail = "\"version\":\"0.1.0\",\"data_dir\":\"/d\","
                           "\"token_store\":\"keyring\",\"token_key\":\"k\"}";
  g_autofree char *no_url = g_strconcat ("{\"pid\":1,", valid_tail, NULL);
  g_autofree char *ftp_url = g_strconcat ("{\"url\":\"ftp://x/\",\"pid\":1,", valid_tail, NULL);
  g_autofree char *text_pid = g_strconcat ("{\"url\":\"http://127.0.0.1:1/\",\"pid\":\"1\",",
                                           valid_tail, NULL);
  g_autofree char *no_pid = g_strconcat ("{\"url\":\"http://127.0.0.1:1/\",", valid_tail, NULL);

  assert_invalid ("{\"url\": ", "not valid JSON");
  assert_invalid ("[1, 2]", "not a JSON object");
  assert_invalid (no_url, "url");
  assert_invalid (ftp_url, "url");
  assert_invalid (text_pid, "pid");
  assert_invalid (no_pid, "pid");
  assert_invalid ("{\"url\":\"http://127.0.0.1:1/\",\"pid\":1,\"version\":\"0.1.0\","
                  "\"data_dir\":\"/d\",\"token_store\":\"vault\",\"token_key\":\"k\"}",
                  "token_store");
  assert_invalid ("{\"url\":\"http://127.0.0.1:1/\",\"pid\":1,\"version\":\"0.1.0\","
                  "\"data_dir\":\"/d\",\"token_store\":\"file\",\"token_key\":\"k\"}",
                  "token_file");
  assert_invalid ("{\"url\":\"http://127.0.0.1:1/\",\"pid\":1,\"version\":\"0.1.0\","
                  "\"data_dir\":\"/d\",\"token_store\":\"keyring\"}",
                  "token_key");
  assert_invalid ("{\"url\":\"http://127.0.0.1:1/\",\"pid\":1,\"version\":7,"
                  "\"data_dir\":\"/d\",\"token_store\":\"keyring\",\"token_key\":\"k\"}",
                  "version");
}

static void
test_write_and_read (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *runtime = g_build_filename (dir, "business-studio", NULL);
  g_autofree char *path = g_build_filename (runtime, "engine.json", NULL);
  g_autoptr(BsEngineDiscovery) discovery = make_discovery ();
  g_autoptr(BsEngineDiscovery) read_back = NULL;
  g_autoptr(BsEngineDiscovery) second_read = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (bs_engine_discovery_write (discovery, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (runtime, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);

  read_back = bs_engine_discovery_read (path, &error);
  g_assert_no_error (error);
  assert_same (read_back, discovery);

  /* A second engine start replaces the file as a whole. */
  discovery->pid = 5151;
  g_free (discovery->url);
  discovery->url = g_strdup ("http://127.0.0.1:40123/");
  g_assert_true (bs_engine_discovery_write (discovery, path, &error));
  second_read = bs_engine_discovery_read (path, &error);
  g_assert_no_error (error);
  assert_same (second_read, discovery);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  bs_test_remove_tree (dir);
}

static void
test_write_refuses_invalid (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "engine.json", NULL);
  g_autoptr(BsEngineDiscovery) discovery = make_discovery ();
  g_autoptr(GError) error = NULL;

  discovery->pid = 0;
  g_assert_false (bs_engine_discovery_write (discovery, path, &error));
  g_assert_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  bs_test_remove_tree (dir);
}

static void
test_read_missing_and_damaged (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "engine.json", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (bs_engine_discovery_read (missing, &error));
  g_assert_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_file_set_contents (damaged, "{\"url\": \"http://127.0.0.1:1/\", ", -1, &error);
  g_assert_no_error (error);
  g_assert_null (bs_engine_discovery_read (damaged, &error));
  g_assert_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, damaged));

  bs_test_remove_tree (dir);
}

static void
test_default_path (void)
{
  g_autofree char *path = bs_engine_discovery_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_runtime_dir (), "business-studio",
                                                "engine.json", NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/engine-discovery/json-round-trip", test_json_round_trip);
  g_test_add_func ("/bs/engine-discovery/parse-invalid", test_parse_invalid);
  g_test_add_func ("/bs/engine-discovery/write-and-read", test_write_and_read);
  g_test_add_func ("/bs/engine-discovery/write-refuses-invalid", test_write_refuses_invalid);
  g_test_add_func ("/bs/engine-discovery/read-missing-and-damaged",
                   test_read_missing_and_damaged);
  g_test_add_func ("/bs/engine-discovery/default-path", test_default_path);

  return g_test_run ();
}
