/* The engine as a process: its files, a clean stop on SIGTERM, what survives a restart,
 * the refusals at start, and the commands besides serve. */
#define G_LOG_DOMAIN "test-engine-lifecycle"

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "bs-engine-test.h"

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
assert_discovery_file (BsTestEngine *engine)
{
  g_autofree char *path = bs_test_engine_get_discovery_path (engine);
  g_autoptr(BsEngineDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;

  discovery = bs_engine_discovery_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (discovery->url, ==, engine->discovery->url);
  g_assert_cmpint (discovery->pid, ==, atoi (g_subprocess_get_identifier (engine->process)));
  g_assert_cmpstr (discovery->data_dir, ==, engine->data_dir);
  g_assert_cmpstr (discovery->token_store, ==, "file");
  g_assert_null (strstr (engine->ready_line, engine->admin_token));
  g_assert_cmpuint (file_mode (path), ==, 0600);
}

static gint64
bootstrap_token_id (BsTestEngine *engine)
{
  g_autoptr(BsTestResponse) response = NULL;
  JsonArray *items;
  gint64 id = 0;

  response = bs_test_engine_expect (engine, "GET", "tokens", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *token = json_array_get_object_element (items, i);

      if (!json_object_get_boolean_member (token, "bootstrap") ||
          !json_object_get_null_member (token, "revoked_at"))
        continue;
      g_assert_cmpint (id, ==, 0);   /* one live bootstrap token, never a pile of them */
      g_assert_cmpstr (json_object_get_string_member (token, "name"), ==, "Local Studio");
      g_assert_cmpstr (json_object_get_string_member (token, "role"), ==, "admin");
      id = json_object_get_int_member (token, "id");
    }

  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_stop_and_restart (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *discovery_path = bs_test_engine_get_discovery_path (engine);
  g_autofree char *first_token = NULL;
  g_autofree char *secrets = NULL;
  JsonObject *items;
  gint64 first_id;

  bs_test_engine_start (engine, NULL);
  secrets = g_build_filename (engine->runtime_dir, "business-studio", "secrets", NULL);
  g_assert_cmpstr (engine->discovery->token_file, ==, secrets);
  g_assert_cmpuint (file_mode (secrets), ==, 0600);
  g_assert_cmpuint (file_mode (engine->data_dir), ==, 0700);
  assert_discovery_file (engine);
  first_id = bootstrap_token_id (engine);
  first_token = g_strdup (engine->admin_token);

  response = bs_test_engine_expect (engine, "PUT", "preferences/theme", engine->admin_token,
                                    "{\"value\": \"dark\"}", SOUP_STATUS_OK);
  g_clear_pointer (&response, bs_test_response_free);

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  g_assert_false (g_file_test (discovery_path, G_FILE_TEST_EXISTS));

  /* Same data dir: the preference is there, the demo is not made again, the admin token
   * is the same. */
  bs_test_engine_start (engine, NULL);
  g_assert_cmpstr (engine->admin_token, ==, first_token);
  g_assert_cmpint (bootstrap_token_id (engine), ==, first_id);
  response = bs_test_engine_expect (engine, "GET", "preferences", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  items = json_object_get_object_member (bs_test_response_get_object (response), "items");
  g_assert_cmpstr (json_object_get_string_member (items, "theme"), ==, "dark");
  g_clear_pointer (&response, bs_test_response_free);

  response = bs_test_engine_expect (engine, "GET", "datasources", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      bs_test_response_get_object (response), "items")), ==, 1);

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
}

/* A secret that is gone (the runtime dir is a tmpfs, emptied at reboot) gets
 * the bootstrap token replaced, the old one revoked. */
static void
test_token_replaced_when_secret_lost (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autofree char *old_token = NULL;
  g_autofree char *secrets = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  gint64 old_id;

  bs_test_engine_start (engine, NULL);
  old_id = bootstrap_token_id (engine);
  old_token = g_strdup (engine->admin_token);
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);

  secrets = g_build_filename (engine->runtime_dir, "business-studio", "secrets", NULL);
  g_assert_cmpint (g_unlink (secrets), ==, 0);

  bs_test_engine_start (engine, NULL);
  g_assert_cmpstr (engine->admin_token, !=, old_token);
  g_assert_cmpint (bootstrap_token_id (engine), >, old_id);
  response = bs_test_engine_expect (engine, "GET", "home", old_token, NULL,
                                    SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
}

static void
test_port_in_use (void)
{
  g_autoptr(BsTestEngine) first = bs_test_engine_new ();
  g_autoptr(BsTestEngine) second = bs_test_engine_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *port = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GUri) uri = NULL;

  bs_test_engine_start (first, NULL);
  uri = g_uri_parse (first->discovery->url, G_URI_FLAGS_NONE, NULL);
  port = g_strdup_printf ("%d", g_uri_get_port (uri));

  {
    const char *args[] = { "serve", "--port", port, "--no-demo", "--data-dir",
                           second->data_dir, NULL };

    g_assert_cmpint (bs_test_engine_run_command (second, args, &out, &err), ==, 1);
  }

  expected = g_strdup_printf ("Port %s on 127.0.0.1 is already in use — is another engine "
                              "running? Choose another with --port", port);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, expected));
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpint (bs_test_engine_stop (first), ==, 0);
}

static void
test_remote_address_refused (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  const char *args[] = { "serve", "--address", "0.0.0.0", "--port", "0", "--no-demo",
                         "--data-dir", engine->data_dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (bs_test_engine_run_command (engine, args, &out, &err), ==, 2);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, "Refusing to listen on 0.0.0.0"));
  g_assert_nonnull (strstr (err, "--allow-remote"));
}

static void
assert_serve_fails (BsTestEngine *engine,
                    const char   *data_dir,
                    const char   *expected)
{
  const char *args[] = { "serve", "--port", "0", "--no-demo", "--data-dir", data_dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (bs_test_engine_run_command (engine, args, &out, &err), ==, 1);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, expected));
}

static void
test_data_dir_refused (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autofree char *file = g_build_filename (engine->tmp_dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "data", NULL);
  g_autofree char *expected = g_strdup_printf ("Could not create the data directory “%s”",
                                               under_file);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "not a directory", -1, &error);
  g_assert_no_error (error);
  assert_serve_fails (engine, under_file, expected);
}

/* A workspace written by a newer version is refused, not touched. */
static void
test_newer_workspace_refused (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autofree char *path = g_build_filename (engine->data_dir, "workspace.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir (engine->data_dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE later (x); PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_serve_fails (engine, engine->data_dir, "has schema version 99");
}

static void
test_demo_command (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autofree char *file = g_build_filename (engine->tmp_dir, "demo.db", NULL);
  const char *args[] = { "demo", "--rows", "10000", "--out", file,
                         "--end", "2026-11-24 18:00", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("Wrote 10000 rows to %s in ", file);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (bs_test_engine_run_command (engine, args, &out, &err), ==, 0);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, "100%"));
  g_assert_cmpstr (out, ==, "");

  g_assert_cmpint (sqlite3_open_v2 (file, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count(*) FROM inventory_snapshots)"
                                       " + (SELECT count(*) FROM orders)"
                                       " + (SELECT count(*) FROM sales),"
                                       " (SELECT max(sold_at) FROM sales)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 10000);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), <=, "2026-11-24 18:00:00");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_help (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  const char *help[] = { "--help", NULL };
  const char *none[] = { NULL };
  const char *serve_help[] = { "serve", "--help", NULL };
  const char *token_help[] = { "token", "create", "--help", NULL };
  const char *version[] = { "--version", NULL };
  const char *commands[] = { "serve", "demo", "token" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (bs_test_engine_run_command (engine, help, &out, &err), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (out, commands[i]));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bs_test_engine_run_command (engine, none, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "serve"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bs_test_engine_run_command (engine, serve_help, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--port"));
  g_assert_nonnull (strstr (out, "XDG_RUNTIME_DIR"));
  g_assert_nonnull (strstr (out, "Exit status"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bs_test_engine_run_command (engine, token_help, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--role"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (bs_test_engine_run_command (engine, version, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "business-engine " PACKAGE_VERSION "\n");
}

/* Tokens made on the command line work against the running engine on the same data. */
static void
test_token_commands (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *newest;
  gint64 id;

  bs_test_engine_start (engine, NULL);
  {
    const char *args[] = { "token", "create", "--name", "nightly report", "--role", "viewer",
                           "--data-dir", engine->data_dir, NULL };

    g_assert_cmpint (bs_test_engine_run_command (engine, args, &out, &err), ==, 0);
  }
  g_strchomp (out);
  g_assert_true (g_str_has_prefix (out, "bse_"));
  response = bs_test_engine_expect (engine, "GET", "home", out, NULL, SOUP_STATUS_OK);
  g_clear_pointer (&response, bs_test_response_free);
  g_clear_pointer (&err, g_free);

  {
    const char *args[] = { "token", "list", "--json", "--data-dir", engine->data_dir, NULL };
    g_autofree char *json = NULL;

    g_assert_cmpint (bs_test_engine_run_command (engine, args, &json, &err), ==, 0);
    list = json_from_string (json, NULL);
    g_assert_null (strstr (json, out));
  }
  newest = json_array_get_object_element (json_object_get_array_member (
                                            json_node_get_object (list), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "name"), ==, "nightly report");
  id = json_object_get_int_member (newest, "id");
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    const char *args[] = { "token", "revoke", id_text, "--data-dir", engine->data_dir, NULL };
    g_autofree char *revoke_out = NULL;

    g_assert_cmpint (bs_test_engine_run_command (engine, args, &revoke_out, &err), ==, 0);
  }
  response = bs_test_engine_expect (engine, "GET", "home", out, NULL, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/engine-lifecycle/stop-and-restart", test_stop_and_restart);
  g_test_add_func ("/bs/engine-lifecycle/token-replaced-when-secret-lost",
                   test_token_replaced_when_secret_lost);
  g_test_add_func ("/bs/engine-lifecycle/port-in-use", test_port_in_use);
  g_test_add_func ("/bs/engine-lifecycle/remote-address-refused", test_remote_address_refused);
  g_test_add_func ("/bs/engine-lifecycle/data-dir-refused", test_data_dir_refused);
  g_test_add_func ("/bs/engine-lifecycle/newer-workspace-refused", test_newer_workspace_refused);
  g_test_add_func ("/bs/engine-cli/demo", test_demo_command);
  g_test_add_func ("/bs/engine-cli/help", test_help);
  g_test_add_func ("/bs/engine-cli/token", test_token_commands);

  return g_test_run ();
}
