/* The datasources routes of a real engine process: adding, reading, changing and removing
 * each kind of source, the messages that name the field at fault, the audit events, and
 * the Grafana token, which must reach the secret store and nothing else (the database
 * files, the responses, the events, the engine's log). One engine serves every test. */
#define G_LOG_DOMAIN "test-engine-datasources"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bs-api-routes.h"
#include "bs-api-server.h"
#include "bs-engine-test.h"
#include "bs-test-util.h"

/* Long and unlikely, so that finding it anywhere means it leaked. */
#define GRAFANA_TOKEN     "glsa_E2leakcheck_Q7tZ9pWmV3xK8rN2bH5cJ4dF6gL1sA0e"
#define GRAFANA_TOKEN_NEW "glsa_E2leakcheck_second_M4nB7vC2xZ9qW5eR8tY1uI3oP6"

static BsTestEngine *engine;
static char *log_path;
static char *editor_token;
static char *viewer_token;

/* The one engine every test here talks to. */
#define expect(...) bs_test_engine_expect (engine, __VA_ARGS__)
/* Asserts a 400 whose message contains every one of the strings after @body
 * (NULL-terminated). */
#define expect_bad_request(method, path, body, ...) \
  bs_test_engine_expect_error (engine, method, path, editor_token, body, \
                               SOUP_STATUS_BAD_REQUEST, "bad_request", __VA_ARGS__)

static guint
count_sources (void)
{
  g_autoptr(BsTestResponse) response = NULL;

  response = expect ("GET", "datasources", viewer_token, NULL, SOUP_STATUS_OK);
  return json_array_get_length (json_object_get_array_member (
    bs_test_response_get_object (response), "items"));
}

static char *
make_sqlite_file (const char *name)
{
  g_autofree char *path = g_build_filename (engine->tmp_dir, name, NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE ledger (booked_at TEXT, amount REAL);"
                                 "INSERT INTO ledger VALUES ('2026-11-24 10:00:00', 12.5);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return g_steal_pointer (&path);
}

static JsonObject *
find_item (JsonObject *list,
           gint64      id)
{
  JsonArray *items = json_object_get_array_member (list, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, "id") == id)
        return item;
    }
  return NULL;
}

/* The newest event of @kind about the data source @id, or NULL. */
static JsonObject *
find_event (BsTestResponse *events,
            const char     *kind,
            gint64          id)
{
  JsonArray *items = json_object_get_array_member (bs_test_response_get_object (events),
                                                   "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *event = json_array_get_object_element (items, i);
      JsonObject *detail = json_object_get_object_member (event, "detail");

      if (g_str_equal (json_object_get_string_member (event, "kind"), kind) &&
          json_object_get_int_member (detail, "id") == id)
        return event;
    }
  return NULL;
}

static void
test_list_demo (void)
{
  g_autoptr(BsTestResponse) list = NULL;
  g_autoptr(BsTestResponse) one = NULL;
  g_autoptr(BsTestResponse) old = NULL;
  g_autoptr(BsTestResponse) tables = NULL;
  g_autofree char *demo_path = g_build_filename (engine->data_dir, "demo-retail.db", NULL);
  g_autofree char *path = NULL;
  JsonObject *demo;
  gint64 id;

  list = expect ("GET", "datasources", viewer_token, NULL, SOUP_STATUS_OK);
  demo = json_array_get_object_element (
    json_object_get_array_member (bs_test_response_get_object (list), "items"), 0);
  id = json_object_get_int_member (demo, "id");
  g_assert_cmpstr (json_object_get_string_member (demo, "kind"), ==, "sqlite");
  g_assert_true (json_object_get_boolean_member (demo, "is_demo"));
  g_assert_cmpstr (json_object_get_string_member (demo, "path"), ==, demo_path);
  g_assert_false (json_object_get_boolean_member (demo, "has_token"));
  g_assert_false (json_object_has_member (demo, "url"));
  g_assert_true (json_object_has_member (demo, "created_at"));

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  one = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_node_equal (one->json, json_array_get_element (
    json_object_get_array_member (bs_test_response_get_object (list), "items"), 0)));

  /* Its schema lists the demo tables. */
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", id);
  tables = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    bs_test_response_get_object (tables), "tables")), >, 3);

  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("GET", "datasources/4711", viewer_token, NULL, SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (one, "not_found");
}

static void
test_sqlite_lifecycle (void)
{
  g_autofree char *file = make_sqlite_file ("ledger.db");
  g_autofree char *other = make_sqlite_file ("ledger-2025.db");
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) updated = NULL;
  g_autoptr(BsTestResponse) gone = NULL;
  g_autoptr(BsTestResponse) events = NULL;
  g_autoptr(BsTestResponse) list = NULL;
  JsonObject *item;
  JsonObject *event;
  gint64 id;

  body = g_strdup_printf ("{\"name\":\"Ledger\",\"kind\":\"sqlite\",\"path\":\"%s\"}", file);
  created = expect ("POST", "datasources", editor_token, body, SOUP_STATUS_CREATED);
  item = bs_test_response_get_object (created);
  id = json_object_get_int_member (item, "id");
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "Ledger");
  g_assert_cmpstr (json_object_get_string_member (item, "path"), ==, file);
  g_assert_false (json_object_get_boolean_member (item, "is_demo"));

  list = expect ("GET", "datasources", viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_nonnull (find_item (bs_test_response_get_object (list), id));

  /* A partial change keeps what it does not name. */
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  updated = expect ("PUT", path, editor_token, "{\"name\":\"Ledger 2026\"}", SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (updated),
                                                  "path"), ==, file);
  g_clear_pointer (&updated, bs_test_response_free);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"path\":\"%s\"}", other);
  updated = expect ("PUT", path, editor_token, body, SOUP_STATUS_OK);
  item = bs_test_response_get_object (updated);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "Ledger 2026");
  g_assert_cmpstr (json_object_get_string_member (item, "path"), ==, other);

  expect_bad_request ("PUT", path, "{\"path\":\"/no/such/ledger.db\"}",
                      "“path”", "/no/such/ledger.db", "no such file", NULL);
  expect_bad_request ("PUT", path, "{\"kind\":\"prometheus\"}", "“kind”", NULL);
  expect_bad_request ("PUT", path, "{\"url\":\"http://127.0.0.1:9090/\"}", "“url”", NULL);
  expect_bad_request ("PUT", path, "{\"name\":\"Demo retail\"}", "already exists", NULL);

  gone = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&gone, bs_test_response_free);
  gone = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&gone, bs_test_response_free);
  gone = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NOT_FOUND);
  /* A source is a pointer to a file: removing it leaves the file alone. */
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));

  events = expect ("GET", "events?limit=50", engine->admin_token, NULL, SOUP_STATUS_OK);
  g_assert_nonnull (find_event (events, "datasource.created", id));
  g_assert_nonnull (find_event (events, "datasource.deleted", id));
  event = find_event (events, "datasource.updated", id);
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event, "actor"), ==, "e2-editor");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event,
                                                                                 "detail"),
                                                  "path"), ==, other);
}

static void
test_validation (void)
{
  g_autofree char *text_file = g_build_filename (engine->tmp_dir, "notes.txt", NULL);
  g_autofree char *workspace = g_build_filename (engine->data_dir, "workspace.db", NULL);
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  guint n_sources = count_sources ();

  g_assert_true (g_file_set_contents (text_file, "not a database, just words\n", -1, NULL));

  expect_bad_request ("POST", "datasources", "{\"name\":\"X\",\"kind\":\"oracle\"}",
                      "“kind”", "sqlite", "csv", "prometheus", "grafana", "oracle", NULL);
  expect_bad_request ("POST", "datasources", "{\"name\":\"X\"}", "“kind”", NULL);
  expect_bad_request ("POST", "datasources", "{\"kind\":\"sqlite\",\"path\":\"/x.db\"}",
                      "“name”", NULL);
  expect_bad_request ("POST", "datasources", "{\"name\":\"  \",\"kind\":\"prometheus\","
                      "\"url\":\"http://127.0.0.1:9090/\"}", "“name”", NULL);
  expect_bad_request ("POST", "datasources", "{\"name\":\"X\",\"kind\":\"sqlite\"}",
                      "“path”", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"sqlite\",\"path\":\"/nowhere/x.db\"}",
                      "“path”", "/nowhere/x.db", "no such file", NULL);
  body = g_strdup_printf ("{\"name\":\"X\",\"kind\":\"sqlite\",\"path\":\"%s\"}", text_file);
  expect_bad_request ("POST", "datasources", body,
                      "“path”", text_file, "not a SQLite database", NULL);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"name\":\"X\",\"kind\":\"sqlite\",\"path\":\"%s\"}",
                          engine->tmp_dir);
  expect_bad_request ("POST", "datasources", body, "“path”", "folder", NULL);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"name\":\"X\",\"kind\":\"sqlite\",\"path\":\"%s\"}", workspace);
  expect_bad_request ("POST", "datasources", body, "“path”", workspace, "private", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"sqlite\",\"path\":\"relative.db\"}",
                      "“path”", "absolute", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"prometheus\",\"url\":\"ftp://h/\"}",
                      "“url”", "http", "ftp://h/", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"prometheus\",\"url\":\"http://ann:pw@h/\"}",
                      "“url”", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"prometheus\",\"url\":\"localhost:9090\"}",
                      "“url”", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"prometheus\",\"url\":42}", "“url”", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"prometheus\",\"url\":\"http://h/\","
                      "\"path\":\"/x.db\"}", "“path”", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"csv\",\"path\":\"/x.csv\"}", "imports", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"grafana\",\"url\":\"http://g/\","
                      "\"datasource_uid\":\"a\",\"datasource_type\":\"prometheus\"}",
                      "“token”", NULL);
  expect_bad_request ("POST", "datasources",
                      "{\"name\":\"X\",\"kind\":\"grafana\",\"url\":\"http://g/\","
                      "\"token\":\"t\",\"datasource_type\":\"prometheus\"}",
                      "“datasource_uid”", NULL);
  expect_bad_request ("POST", "datasources", "{\"name\":\"Demo retail\",\"kind\":\"prometheus\","
                      "\"url\":\"http://127.0.0.1:9090/\"}", "Demo retail", "already exists",
                      NULL);

  /* Viewers read; editors change. */
  response = expect ("POST", "datasources", viewer_token,
                     "{\"name\":\"X\",\"kind\":\"prometheus\",\"url\":\"http://h/\"}",
                     SOUP_STATUS_FORBIDDEN);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", "datasources/1", viewer_token, NULL, SOUP_STATUS_FORBIDDEN);
  g_clear_pointer (&response, bs_test_response_free);

  /* Nothing above was added. */
  g_assert_cmpuint (count_sources (), ==, n_sources);
}

static void
test_prometheus (void)
{
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) updated = NULL;
  g_autoptr(BsTestResponse) gone = NULL;
  g_autofree char *path = NULL;
  JsonObject *item;

  created = expect ("POST", "datasources", editor_token,
                    "{\"name\":\"Metrics\",\"kind\":\"prometheus\","
                    "\"url\":\"http://127.0.0.1:9090/\"}", SOUP_STATUS_CREATED);
  item = bs_test_response_get_object (created);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "prometheus");
  g_assert_cmpstr (json_object_get_string_member (item, "url"), ==, "http://127.0.0.1:9090/");
  g_assert_false (json_object_has_member (item, "path"));

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, json_object_get_int_member (item,
                                                                                      "id"));
  updated = expect ("PUT", path, editor_token, "{\"url\":\"https://prom.example:9443/\"}",
                    SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (updated), "url"),
                   ==, "https://prom.example:9443/");
  expect_bad_request ("PUT", path, "{\"url\":\"file:///etc/passwd\"}", "“url”", NULL);
  expect_bad_request ("PUT", path, "{\"token\":\"x\"}", "“token”", NULL);

  gone = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
}

static BsSecretStore *
open_engine_secrets (void)
{
  g_assert_cmpstr (engine->discovery->token_store, ==, "file");
  return bs_secret_store_new_for_file (engine->discovery->token_file);
}

static void
test_grafana_token (void)
{
  g_autoptr(BsSecretStore) secrets = open_engine_secrets ();
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) events = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  JsonObject *item;
  gint64 id;

  response = bs_test_engine_request (engine, "POST", "datasources", editor_token,
                                     "{\"name\":\"Ops Grafana\",\"kind\":\"grafana\","
                                     "\"url\":\"https://grafana.example/\",\"token\":\""
                                     GRAFANA_TOKEN "\","
                                     "\"datasource_uid\":\"PBFA97CFB590B2093\","
                                     "\"datasource_type\":\"prometheus\"}");
  if (response->status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_test_skip (bs_test_response_assert_error (response, "unavailable"));
      return;
    }
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  created = g_steal_pointer (&response);
  item = bs_test_response_get_object (created);
  id = json_object_get_int_member (item, "id");
  g_assert_true (json_object_get_boolean_member (item, "has_token"));
  g_assert_cmpstr (json_object_get_string_member (item, "url"), ==, "https://grafana.example/");
  g_assert_cmpstr (json_object_get_string_member (item, "datasource_uid"), ==,
                   "PBFA97CFB590B2093");
  g_assert_cmpstr (json_object_get_string_member (item, "datasource_type"), ==, "prometheus");
  g_assert_false (json_object_has_member (item, "token"));

  key = g_strdup_printf ("datasource-%" G_GINT64_FORMAT, id);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_cmpstr (stored, ==, GRAFANA_TOKEN);
  g_clear_pointer (&stored, g_free);

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (bs_test_response_get_object (response),
                                                 "has_token"));
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "datasources", viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (
    find_item (bs_test_response_get_object (response), id), "has_token"));
  g_clear_pointer (&response, bs_test_response_free);

  /* A new token replaces the old one, in the secret store only. */
  response = expect ("PUT", path, editor_token,
                     "{\"token\":\"" GRAFANA_TOKEN_NEW "\",\"datasource_uid\":\"other\"}",
                     SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (response),
                                                  "datasource_uid"), ==, "other");
  g_clear_pointer (&response, bs_test_response_free);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_cmpstr (stored, ==, GRAFANA_TOKEN_NEW);
  g_clear_pointer (&stored, g_free);

  events = expect ("GET", "events?limit=100", engine->admin_token, NULL, SOUP_STATUS_OK);
  g_assert_nonnull (find_event (events, "datasource.created", id));
  g_assert_nonnull (find_event (events, "datasource.updated", id));

  response = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&response, bs_test_response_free);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_null (stored);

  g_clear_pointer (&events, bs_test_response_free);
  events = expect ("GET", "events?limit=100", engine->admin_token, NULL, SOUP_STATUS_OK);
  g_assert_nonnull (find_event (events, "datasource.deleted", id));

  /* Everything the engine wrote or said so far, searched byte by byte. */
  bs_test_engine_assert_secret_nowhere (engine, log_path, GRAFANA_TOKEN);
  bs_test_engine_assert_secret_nowhere (engine, log_path, GRAFANA_TOKEN_NEW);
}

/* The same, with the API server in this process and its own file secret store, so that
 * the routes are tested whatever the engine around them does, and every log line they
 * write is caught. */

static GString *captured_log;

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (captured_log, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct
{
  char          *dir;
  char          *data_dir;
  BsStore       *store;
  BsSecretStore *secrets;
  BsApiServer   *server;
  char          *url;
  char          *token;
  SoupSession   *session;
  GString       *responses;
} LocalApi;

/* @secrets_mode: the mode of a secrets file made before the server starts, or 0 for none
 * (the store makes a private one when it first keeps a secret). */
static void
local_api_start (LocalApi *api,
                 int       secrets_mode)
{
  g_autofree char *run_dir = NULL;
  g_autofree char *secrets_file = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(GError) error = NULL;
  const BsApiRoute *routes;
  gsize n_routes;

  api->dir = bs_test_make_tmp_dir ();
  api->data_dir = g_build_filename (api->dir, "data", NULL);
  run_dir = g_build_filename (api->dir, "run", NULL);
  g_assert_cmpint (g_mkdir (api->data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (run_dir, 0700), ==, 0);
  secrets_file = g_build_filename (run_dir, "secrets", NULL);
  if (secrets_mode != 0)
    {
      g_assert_true (g_file_set_contents (secrets_file, "[secrets]\n", -1, NULL));
      g_assert_cmpint (g_chmod (secrets_file, secrets_mode), ==, 0);
    }
  store_path = g_build_filename (api->data_dir, "workspace.db", NULL);

  api->store = bs_store_open (store_path, &error);
  g_assert_no_error (error);
  token = bs_api_token_create (api->store, "local-editor", BS_ROLE_EDITOR, NULL, FALSE,
                               &api->token, &error);
  g_assert_no_error (error);
  api->secrets = bs_secret_store_new_for_file (secrets_file);

  routes = bs_api_routes_get (&n_routes);
  api->server = bs_api_server_new (routes, n_routes);
  bs_api_server_listen (api->server, loopback, 0, &error);
  g_assert_no_error (error);
  bs_api_server_set_secret_store (api->server, api->secrets);
  bs_api_server_set_workspace (api->server, api->store, api->data_dir);
  api->url = bs_api_server_get_url (api->server);
  api->session = soup_session_new ();
  api->responses = g_string_new (NULL);
}

static void
local_api_stop (LocalApi *api)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bs_api_server_shutdown_async (api->server, 5000, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  g_assert_true (bs_api_server_shutdown_finish (api->server, result, &error));
  g_assert_no_error (error);

  g_clear_object (&api->server);
  g_clear_object (&api->session);
  g_clear_object (&api->secrets);
  g_clear_object (&api->store);
  bs_test_remove_tree (api->dir);
  g_free (api->dir);
  g_free (api->data_dir);
  g_free (api->url);
  g_free (api->token);
  g_string_free (api->responses, TRUE);
}

/* Sends a request and runs the main loop (where the server lives) until it is answered. */
static JsonNode *
local_request (LocalApi   *api,
               const char *method,
               const char *path,
               const char *body,
               guint       status)
{
  g_autofree char *url = g_strdup_printf ("%sapi/v1/%s", api->url, path);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", api->token);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (api->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  reply = soup_session_send_and_read_finish (api->session, result, &error);
  g_assert_no_error (error);
  g_string_append_len (api->responses, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  if (soup_message_get_status (msg) != status)
    g_test_message ("%s %s answered %u: %.*s", method, path, soup_message_get_status (msg),
                    (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);

  return g_bytes_get_size (reply) > 0
         ? json_from_string (g_bytes_get_data (reply, NULL), NULL) : NULL;
}

static void
test_grafana_token_in_process (void)
{
  LocalApi api = { 0 };
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  JsonObject *item;
  gint64 id;

  local_api_start (&api, 0);

  created = local_request (&api, "POST", "datasources",
                           "{\"name\":\"Grafana\",\"kind\":\"grafana\","
                           "\"url\":\"http://127.0.0.1:3000/\",\"token\":\"" GRAFANA_TOKEN "\","
                           "\"datasource_uid\":\"prom1\",\"datasource_type\":\"prometheus\"}",
                           SOUP_STATUS_CREATED);
  item = json_node_get_object (created);
  id = json_object_get_int_member (item, "id");
  g_assert_true (json_object_get_boolean_member (item, "has_token"));
  key = g_strdup_printf ("datasource-%" G_GINT64_FORMAT, id);
  stored = bs_test_lookup_secret (api.secrets, key);
  g_assert_cmpstr (stored, ==, GRAFANA_TOKEN);
  g_clear_pointer (&stored, g_free);

  listed = local_request (&api, "GET", "datasources", NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (find_item (json_node_get_object (listed), id),
                                                 "has_token"));

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  updated = local_request (&api, "PUT", path, "{\"token\":\"" GRAFANA_TOKEN_NEW "\"}",
                           SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (updated), "url"), ==,
                   "http://127.0.0.1:3000/");
  stored = bs_test_lookup_secret (api.secrets, key);
  g_assert_cmpstr (stored, ==, GRAFANA_TOKEN_NEW);
  g_clear_pointer (&stored, g_free);

  g_assert_null (local_request (&api, "DELETE", path, NULL, SOUP_STATUS_NO_CONTENT));
  stored = bs_test_lookup_secret (api.secrets, key);
  g_assert_null (stored);

  /* Neither token is in the database, a response, an event or a log line. */
  db_path = g_build_filename (api.data_dir, "workspace.db", NULL);
  wal_path = g_build_filename (api.data_dir, "workspace.db-wal", NULL);
  g_assert_true (bs_test_file_contains (db_path, "datasource.deleted") ||
                 bs_test_file_contains (wal_path, "datasource.deleted"));
  for (guint i = 0; i < 2; i++)
    {
      const char *token = i == 0 ? GRAFANA_TOKEN : GRAFANA_TOKEN_NEW;

      g_assert_false (bs_test_file_contains (db_path, token));
      g_assert_false (g_file_test (wal_path, G_FILE_TEST_EXISTS) &&
                      bs_test_file_contains (wal_path, token));
      g_assert_null (strstr (api.responses->str, token));
      g_assert_null (strstr (captured_log->str, token));
    }

  local_api_stop (&api);
}

/* When the secret store refuses the token, the source is taken back: a Grafana source
 * without its token would only fail later, further from the cause. */
static void
test_grafana_token_refused (void)
{
  LocalApi api = { 0 };
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) events = NULL;
  JsonObject *error;
  JsonArray *items;
  gboolean taken_back = FALSE;

  local_api_start (&api, 0644);

  refused = local_request (&api, "POST", "datasources",
                           "{\"name\":\"Grafana\",\"kind\":\"grafana\","
                           "\"url\":\"http://127.0.0.1:3000/\",\"token\":\"" GRAFANA_TOKEN "\","
                           "\"datasource_uid\":\"prom1\",\"datasource_type\":\"prometheus\"}",
                           SOUP_STATUS_SERVICE_UNAVAILABLE);
  error = json_object_get_object_member (json_node_get_object (refused), "error");
  g_test_message ("%s", json_object_get_string_member (error, "message"));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "token"));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "chmod 600"));

  listed = local_request (&api, "GET", "datasources", NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (listed), "items")), ==, 0);

  /* The audit trail says what happened: added, then taken back. */
  g_clear_pointer (&api.token, g_free);
  {
    g_autoptr(BsApiToken) admin = NULL;
    g_autoptr(GError) local_error = NULL;

    admin = bs_api_token_create (api.store, "local-admin", BS_ROLE_ADMIN, NULL, FALSE,
                                 &api.token, &local_error);
    g_assert_no_error (local_error);
  }
  events = local_request (&api, "GET", "events", NULL, SOUP_STATUS_OK);
  items = json_object_get_array_member (json_node_get_object (events), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "kind"), "datasource.deleted"))
      taken_back = TRUE;
  g_assert_true (taken_back);
  g_assert_null (strstr (api.responses->str, GRAFANA_TOKEN));

  local_api_stop (&api);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);

  engine = bs_test_engine_new ();
  log_path = g_build_filename (engine->tmp_dir, "engine.log", NULL);
  engine->transcript = g_string_new (NULL);
  /* The engine's stderr is its log, searched for secrets. */
  bs_test_engine_start_full (engine, NULL, NULL, log_path);
  editor_token = bs_test_engine_create_token (engine, "e2-editor", "editor", NULL);
  viewer_token = bs_test_engine_create_token (engine, "e2-viewer", "viewer", NULL);

  g_test_add_func ("/bs/engine/datasources/list-demo", test_list_demo);
  g_test_add_func ("/bs/engine/datasources/validation", test_validation);
  g_test_add_func ("/bs/engine/datasources/sqlite-lifecycle", test_sqlite_lifecycle);
  g_test_add_func ("/bs/engine/datasources/prometheus", test_prometheus);
  g_test_add_func ("/bs/engine/datasources/grafana-token", test_grafana_token);
  g_test_add_func ("/bs/engine/datasources/grafana-token-in-process",
                   test_grafana_token_in_process);
  g_test_add_func ("/bs/engine/datasources/grafana-token-refused", test_grafana_token_refused);

  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  g_string_free (captured_log, TRUE);
  g_free (editor_token);
  g_free (viewer_token);
  g_free (log_path);
  bs_test_engine_free (engine);
  return status;
}
