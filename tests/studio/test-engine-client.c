/* The engine client against a real engine process: statuses become the error enum with the
 * engine's own message; a port nobody listens on becomes UNREACHABLE naming the address.
 */
#define G_LOG_DOMAIN "bs-test-engine-client"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "bs-studio-test-util.h"

static BsTestEngine *engine;

/* The engine's answer to @path with @token, read past the client: what the client must
 * report. */
static char *
raw_error_message (const char *path,
                   const char *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (engine->discovery->url, "api/v1/", path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *error_object;

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", bearer);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), &error));
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  error_object = json_object_get_object_member (root, "error");
  return g_strdup (json_object_get_string_member (error_object, "message"));
}

static void
test_health_without_token (void)
{
  g_autoptr(BsEngineClient) client = bs_engine_client_new (engine->discovery->url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_false (bs_engine_client_has_token (client));
  root = bs_test_request (client, "GET", "health", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "api"), ==, "v1");
}

static void
test_home (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *home;

  root = bs_test_request (engine->client, "GET", "home", NULL, &error);
  g_assert_no_error (error);
  home = json_node_get_object (root);
  g_assert_nonnull (json_object_get_string_member (home, "day"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (home, "sales_by_day")),
                    ==, 14);
}

static void
test_unauthorized (void)
{
  g_autoptr(BsEngineClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expected = NULL;
  const char *wrong = "bse_this-is-not-a-token-this-is-not-a-token-xx";

  client = bs_engine_client_new (engine->discovery->url, wrong);
  root = bs_test_request (client, "GET", "workspace", NULL, &error);
  g_assert_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (root);

  expected = raw_error_message ("workspace", wrong);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expected = NULL;

  root = bs_test_request (engine->client, "GET", "datasources/999999/schema", NULL, &error);
  g_assert_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (root);

  expected = raw_error_message ("datasources/999999/schema", engine->token);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_bad_request (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"value\": 42}", NULL);

  /* "value" must be a string. */
  root = bs_test_request (engine->client, "PUT", "preferences/test.key", body, &error);
  g_assert_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "value"));
}

static void
test_round_trip_and_no_content (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"name\": \"studio-test\", \"role\": \"viewer\"}",
                                               NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autofree char *path = NULL;
  JsonObject *token;

  created = bs_test_request (engine->client, "POST", "tokens", body, &error);
  g_assert_no_error (error);
  token = json_node_get_object (created);
  g_assert_cmpstr (json_object_get_string_member (token, "name"), ==, "studio-test");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (token, "token"), "bse_"));

  path = g_strdup_printf ("tokens/%" G_GINT64_FORMAT, json_object_get_int_member (token, "id"));
  deleted = bs_test_request (engine->client, "DELETE", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (deleted);
}

static void
test_unreachable (void)
{
  g_autofree char *url = bs_test_closed_url ();
  g_autoptr(BsEngineClient) client = bs_engine_client_new (url, "bse_whatever");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_test_request (client, "GET", "home", NULL, &error);
  g_assert_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_null (root);
}

static void
test_not_an_address (void)
{
  g_autoptr(BsEngineClient) client = bs_engine_client_new ("not an address", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_test_request (client, "GET", "health", NULL, &error);
  g_assert_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "not an address"));
  g_assert_null (root);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GAsyncResult *pending = NULL;

  bs_engine_client_request_async (engine->client, "GET", "home", NULL, cancellable,
                                  bs_test_store_result, &pending);
  g_cancellable_cancel (cancellable);
  result = bs_test_wait_result (&pending);
  root = bs_engine_client_request_finish (engine->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (root);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = bs_test_init_runtime_dir ();
  int status;

  g_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_start_in (root);

  g_test_add_func ("/bs/engine-client/health-without-token", test_health_without_token);
  g_test_add_func ("/bs/engine-client/home", test_home);
  g_test_add_func ("/bs/engine-client/unauthorized", test_unauthorized);
  g_test_add_func ("/bs/engine-client/not-found", test_not_found);
  g_test_add_func ("/bs/engine-client/bad-request", test_bad_request);
  g_test_add_func ("/bs/engine-client/round-trip-and-no-content", test_round_trip_and_no_content);
  g_test_add_func ("/bs/engine-client/unreachable", test_unreachable);
  g_test_add_func ("/bs/engine-client/not-an-address", test_not_an_address);
  g_test_add_func ("/bs/engine-client/cancelled", test_cancelled);

  status = g_test_run ();

  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);

  return status;
}
