/* The API of a real engine process, as the API contract describes it: authentication,
 * roles, errors, and the figures and tables of the demo data. One engine serves every
 * test of this program. */
#define G_LOG_DOMAIN "test-engine-api"

#include "config.h"

#include <sqlite3.h>

#include "bs-engine-test.h"
#include "bs-migrations.h"

static BsTestEngine *engine;

static void
test_health (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *object;

  response = bs_test_engine_expect (engine, "GET", "health", NULL, NULL, SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (object, "api"), ==, "v1");
  g_assert_cmpint (json_object_get_int_member (object, "uptime_seconds"), >=, 0);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
}

static void
assert_unauthorized (const char *token)
{
  g_autoptr(BsTestResponse) response = NULL;

  response = bs_test_engine_expect (engine, "GET", "workspace", token, NULL,
                                    SOUP_STATUS_UNAUTHORIZED);
  bs_test_response_assert_error (response, "unauthorized");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "WWW-Authenticate"), ==,
                   "Bearer realm=\"business-engine\"");
}

static void
test_unauthorized (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = g_strdup_printf ("%sapi/v1/home", engine->discovery->url);
  g_autoptr(GBytes) body = NULL;

  assert_unauthorized (NULL);
  assert_unauthorized ("bse_notarealtokennotarealtokennotarealtokennot");
  assert_unauthorized ("garbage");

  /* Another scheme is no token at all. */
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Basic YWRtaW46YWRtaW4=");
  body = soup_session_send_and_read (engine->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_UNAUTHORIZED);

  /* The admin token itself works. */
  response = bs_test_engine_expect (engine, "GET", "workspace", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
}

static void
test_unauthorized_revoked (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  secret = bs_test_engine_create_token (engine, "short-lived", "viewer", &id);
  response = bs_test_engine_expect (engine, "GET", "home", secret, NULL, SOUP_STATUS_OK);
  g_clear_pointer (&response, bs_test_response_free);

  path = g_strdup_printf ("tokens/%" G_GINT64_FORMAT, id);
  response = bs_test_engine_expect (engine, "DELETE", path, engine->admin_token, NULL,
                                    SOUP_STATUS_NO_CONTENT);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  assert_unauthorized (secret);
}

static void
test_unauthorized_expired (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_seconds (now, 2);
  g_autofree char *when = g_date_time_format (soon, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *body = g_strdup_printf ("{\"name\": \"ci\", \"role\": \"admin\", "
                                           "\"expires_at\": \"%s\"}", when);
  g_autofree char *secret = NULL;
  JsonObject *object;

  response = bs_test_engine_expect (engine, "POST", "tokens", engine->admin_token, body,
                                    SOUP_STATUS_CREATED);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "expires_at"), ==, when);
  secret = g_strdup (json_object_get_string_member (object, "token"));
  g_assert_true (g_str_has_prefix (secret, "bse_"));

  /* Wait until the expiry (whole seconds) has passed for sure. */
  g_usleep (3 * G_USEC_PER_SEC);
  assert_unauthorized (secret);
}

static void
assert_forbidden (const char *method,
                  const char *path,
                  const char *token,
                  const char *body,
                  const char *needed,
                  const char *held)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *expected = g_strdup_printf ("This needs the %s role; your token has the "
                                               "%s role", needed, held);

  response = bs_test_engine_expect (engine, method, path, token, body, SOUP_STATUS_FORBIDDEN);
  g_assert_cmpstr (bs_test_response_assert_error (response, "forbidden"), ==, expected);
}

static void
assert_ok (const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autoptr(BsTestResponse) response = NULL;

  response = bs_test_engine_expect (engine, method, path, token, body, SOUP_STATUS_OK);
}

static void
test_roles_viewer (void)
{
  g_autofree char *viewer = bs_test_engine_create_token (engine, "dashboard", "viewer", NULL);
  const char *reads[] = { "home", "workspace", "datasources", "preferences" };

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    assert_ok ("GET", reads[i], viewer, NULL);

  assert_forbidden ("PUT", "preferences/theme", viewer, "{\"value\": \"dark\"}",
                    "editor", "viewer");
  assert_forbidden ("GET", "tokens", viewer, NULL, "admin", "viewer");
  assert_forbidden ("POST", "tokens", viewer, "{\"name\": \"x\", \"role\": \"admin\"}",
                    "admin", "viewer");
  assert_forbidden ("DELETE", "tokens/1", viewer, NULL, "admin", "viewer");
  assert_forbidden ("GET", "events", viewer, NULL, "admin", "viewer");
}

static void
test_roles_editor (void)
{
  g_autofree char *editor = bs_test_engine_create_token (engine, "ops", "editor", NULL);
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *items;

  response = bs_test_engine_expect (engine, "PUT", "preferences/persona", editor,
                                    "{\"value\": \"operations manager\"}", SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (response),
                                                  "value"), ==, "operations manager");
  g_clear_pointer (&response, bs_test_response_free);

  response = bs_test_engine_expect (engine, "GET", "preferences", editor, NULL, SOUP_STATUS_OK);
  items = json_object_get_object_member (bs_test_response_get_object (response), "items");
  g_assert_cmpstr (json_object_get_string_member (items, "persona"), ==, "operations manager");

  assert_forbidden ("GET", "tokens", editor, NULL, "admin", "editor");
  assert_forbidden ("POST", "tokens", editor, "{\"name\": \"x\", \"role\": \"viewer\"}",
                    "admin", "editor");
}

static JsonObject *
find_item (JsonArray  *items,
           gint64      id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, "id") == id)
        return item;
    }

  return NULL;
}

static void
test_roles_admin (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *viewer = NULL;
  g_autofree char *path = NULL;
  JsonObject *item;
  JsonArray *items;
  gint64 id;

  viewer = bs_test_engine_create_token (engine, "wall screen", "viewer", &id);
  assert_ok ("GET", "home", viewer, NULL);

  response = bs_test_engine_expect (engine, "GET", "tokens", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "items");
  item = find_item (items, id);
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (item, "role"), ==, "viewer");
  g_assert_false (json_object_get_boolean_member (item, "bootstrap"));
  g_assert_nonnull (json_object_get_string_member (item, "last_used_at"));
  g_assert_true (json_object_get_null_member (item, "revoked_at"));
  g_assert_false (json_object_has_member (item, "token"));
  g_assert_null (strstr (g_bytes_get_data (response->body, NULL), viewer));
  g_clear_pointer (&response, bs_test_response_free);

  path = g_strdup_printf ("tokens/%" G_GINT64_FORMAT, id);
  response = bs_test_engine_expect (engine, "DELETE", path, engine->admin_token, NULL,
                                    SOUP_STATUS_NO_CONTENT);
  assert_unauthorized (viewer);
  g_clear_pointer (&response, bs_test_response_free);

  /* The audit trail names who did it. */
  response = bs_test_engine_expect (engine, "GET", "events?limit=1", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "token.revoked");
  g_assert_cmpstr (json_object_get_string_member (item, "actor"), ==, "Local Studio");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (item, "detail"),
                                               "id"), ==, id);
}

static void
test_not_found (void)
{
  const char *paths[] = { "nothing", "/", "/api/v2/home", "home/extra", "datasources/999/schema",
                          "datasources/abc/schema" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(BsTestResponse) response = NULL;

      response = bs_test_engine_expect (engine, "GET", paths[i], engine->admin_token, NULL,
                                        SOUP_STATUS_NOT_FOUND);
      bs_test_response_assert_error (response, "not_found");
    }

  {
    g_autoptr(BsTestResponse) response = NULL;

    response = bs_test_engine_expect (engine, "DELETE", "tokens/4242", engine->admin_token,
                                      NULL, SOUP_STATUS_NOT_FOUND);
    g_assert_nonnull (strstr (bs_test_response_assert_error (response, "not_found"), "4242"));
  }
}

/* Asserts a 400 whose message contains @expected. */
static void
assert_bad_request (const char *method,
                    const char *path,
                    const char *body,
                    const char *expected)
{
  g_autoptr(BsTestResponse) response = NULL;
  const char *message;

  response = bs_test_engine_expect (engine, method, path, engine->admin_token, body,
                                    SOUP_STATUS_BAD_REQUEST);
  message = bs_test_response_assert_error (response, "bad_request");
  g_test_message ("%s %s: %s", method, path, message);
  g_assert_nonnull (strstr (message, expected));
}

static void
test_bad_request (void)
{
  assert_bad_request ("PUT", "preferences/theme", "{\"value\": }",
                      "Malformed JSON at line 1, column 11: ");
  assert_bad_request ("PUT", "preferences/theme", "{\n  \"value\": \"dark\",\n  \"x\": tru\n}",
                      "Malformed JSON at line 3, column ");
  assert_bad_request ("PUT", "preferences/theme", "", "needs a JSON object");
  assert_bad_request ("PUT", "preferences/theme", "[1, 2]", "must be a JSON object");
  assert_bad_request ("PUT", "preferences/theme", "{\"value\": 3}", "“value”");
  assert_bad_request ("PUT", "preferences/theme", "{\"colour\": \"dark\"}", "“value”");
  assert_bad_request ("POST", "tokens", "{\"name\": \"x\", \"role\": \"owner\"}", "“role”");
  assert_bad_request ("POST", "tokens", "{\"name\": \"\", \"role\": \"viewer\"}", "“name”");
  assert_bad_request ("POST", "tokens",
                      "{\"name\": \"x\", \"role\": \"viewer\", \"expires_at\": \"soon\"}",
                      "“expires_at”");
  assert_bad_request ("POST", "tokens",
                      "{\"name\": \"x\", \"role\": \"viewer\", "
                      "\"expires_at\": \"2001-01-01T00:00:00Z\"}", "in the past");
  assert_bad_request ("GET", "events?limit=0", NULL, "“limit”");
}

static void
test_method_not_allowed (void)
{
  g_autoptr(BsTestResponse) response = NULL;

  response = bs_test_engine_expect (engine, "POST", "home", engine->admin_token, "{}",
                                    SOUP_STATUS_METHOD_NOT_ALLOWED);
  bs_test_response_assert_error (response, "method_not_allowed");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==, "GET");
  g_clear_pointer (&response, bs_test_response_free);

  response = bs_test_engine_expect (engine, "PATCH", "tokens", engine->admin_token, "{}",
                                    SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Allow"), ==, "GET, POST");
}

static char *
make_big_body (gsize size)
{
  GString *body = g_string_new ("{\"value\": \"");

  while (body->len < size)
    g_string_append_c (body, 'x');
  g_string_append (body, "\"}");
  return g_string_free (body, FALSE);
}

static void
test_payload_too_large (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *body = make_big_body (2 * 1024 * 1024);
  g_autofree char *just_fits = make_big_body (1024 * 1024 - 100);

  response = bs_test_engine_expect (engine, "PUT", "preferences/big", engine->admin_token, body,
                                    SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  bs_test_response_assert_error (response, "payload_too_large");
  g_clear_pointer (&response, bs_test_response_free);

  /* The limit is the limit, not less. */
  response = bs_test_engine_expect (engine, "PUT", "preferences/big", engine->admin_token,
                                    just_fits, SOUP_STATUS_OK);
}

/* With "Expect: 100-continue" the client waits for a go-ahead before sending the body:
 * the engine must refuse from the headers alone, without reading a byte of it. */
static void
test_payload_too_large_before_reading (void)
{
  g_autofree char *request = NULL;
  g_autofree char *answer = NULL;

  request = g_strdup_printf ("PUT /api/v1/preferences/big HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 104857600\r\n"
                             "Expect: 100-continue\r\n"
                             "\r\n", engine->admin_token);
  answer = bs_test_engine_raw_request (engine, request, strlen (request));
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (answer, "payload_too_large"));
}

/* Without a Content-Length, the body is measured as it arrives. */
static void
test_payload_too_large_chunked (void)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *chunk = g_strnfill (64 * 1024, 'x');
  g_autofree char *answer = NULL;

  g_string_append_printf (request, "PUT /api/v1/preferences/big HTTP/1.1\r\n"
                                   "Host: 127.0.0.1\r\n"
                                   "Authorization: Bearer %s\r\n"
                                   "Transfer-Encoding: chunked\r\n"
                                   "\r\n", engine->admin_token);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (request, "%x\r\n%s\r\n", (guint) strlen (chunk), chunk);
  g_string_append (request, "0\r\n\r\n");

  answer = bs_test_engine_raw_request (engine, request->str, request->len);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (answer, "payload_too_large"));
}

static gint64
demo_source_id (char **out_path)
{
  g_autoptr(BsTestResponse) response = NULL;
  JsonArray *items;
  JsonObject *demo;

  response = bs_test_engine_expect (engine, "GET", "datasources", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  demo = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (demo, "name"), ==, "Demo retail");
  g_assert_cmpstr (json_object_get_string_member (demo, "kind"), ==, "sqlite");
  g_assert_true (json_object_get_boolean_member (demo, "is_demo"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (demo, "created_at"), "Z"));
  *out_path = g_strdup (json_object_get_string_member (demo, "path"));
  return json_object_get_int_member (demo, "id");
}

static sqlite3 *
open_demo (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static double
query_double (sqlite3    *db,
              const char *sql,
              const char *day,
              const char *until)
{
  sqlite3_stmt *stmt = NULL;
  double value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, until, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

#define COMPLETED_ON_DAY "FROM orders WHERE status = 'completed' AND substr (placed_at, 1, 10) = ?1" \
                         " AND placed_at <= coalesce (?2, '9999')"

/* The engine runs with TZ=UTC, so a day of the figures is a day of the stored UTC times.
 * @until (inclusive, or NULL for the whole day) bounds the day before to the same hours. */
static void
assert_day_figures (sqlite3    *db,
                    JsonObject *home,
                    const char *sales_member,
                    const char *orders_member,
                    const char *day,
                    const char *until)
{
  JsonObject *sales = json_object_get_object_member (home, "sales");
  JsonObject *orders = json_object_get_object_member (home, "orders");
  double amount = query_double (db, "SELECT total (total) " COMPLETED_ON_DAY, day, until);
  double count = query_double (db, "SELECT count (*) " COMPLETED_ON_DAY, day, until);

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (sales, sales_member), amount,
                                  0.01);
  g_assert_cmpint (json_object_get_int_member (orders, orders_member), ==, (gint64) count);
  /* The day before, up to the same hour, may have none: just after midnight the shops of the
   * day before were still closed at that hour. */
  if (until == NULL)
    g_assert_cmpint ((gint64) count, >, 0);
}

static void
test_home (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *demo_path = NULL;
  g_autofree char *day = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *previous_until = NULL;
  JsonObject *home;
  JsonArray *by_day;
  JsonArray *by_region;
  double region_total = 0;
  sqlite3 *db;

  demo_source_id (&demo_path);
  response = bs_test_engine_expect (engine, "GET", "home", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  home = bs_test_response_get_object (response);
  db = open_demo (demo_path);

  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT substr (max (placed_at), 1, 10),"
                                         " date (max (placed_at), '-1 day'),"
                                         " datetime (max (placed_at), '-1 day')"
                                         " FROM orders WHERE status = 'completed'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    previous = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    previous_until = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    sqlite3_finalize (stmt);
  }

  g_assert_cmpstr (json_object_get_string_member (home, "day"), ==, day);
  g_assert_cmpstr (json_object_get_string_member (home, "currency"), ==, "USD");
  assert_day_figures (db, home, "amount", "count", day, NULL);
  assert_day_figures (db, home, "previous", "previous", previous, previous_until);
  g_assert_cmpint (json_object_get_int_member (home, "stores"), ==,
                   query_int (db, "SELECT count(*) FROM stores"));
  g_assert_cmpint (json_object_get_int_member (home, "regions"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (home, "products"), ==,
                   query_int (db, "SELECT count(*) FROM products"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (home, "low_stock"),
                                               "count"), ==,
                   query_int (db, "SELECT count(*) FROM inventory"
                                  " WHERE units_on_hand < reorder_level"));

  by_day = json_object_get_array_member (home, "sales_by_day");
  g_assert_cmpuint (json_array_get_length (by_day), ==, 14);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (by_day, 13),
                                                  "day"), ==, day);

  by_region = json_object_get_array_member (home, "sales_by_region");
  g_assert_cmpuint (json_array_get_length (by_region), ==, 4);
  for (guint i = 0; i < json_array_get_length (by_region); i++)
    region_total += json_object_get_double_member (json_array_get_object_element (by_region, i),
                                                   "amount");
  g_assert_cmpfloat_with_epsilon (region_total,
                                  json_object_get_double_member (
                                    json_object_get_object_member (home, "sales"), "amount"),
                                  0.05);
  sqlite3_close (db);
}

static void
test_workspace (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *object;
  JsonObject *demo;

  response = bs_test_engine_expect (engine, "GET", "workspace", engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==,
                   bs_migrations_latest_version ());
  g_assert_cmpstr (json_object_get_string_member (object, "data_dir"), ==, engine->data_dir);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "created_at"), "Z"));
  demo = json_object_get_object_member (object, "demo");
  g_assert_nonnull (demo);
  g_assert_true (g_file_test (json_object_get_string_member (demo, "path"),
                              G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (json_object_get_int_member (demo, "seed"), ==, 20261124);
  g_assert_cmpint (json_object_get_int_member (demo, "rows"), ==, 20000);
  g_assert_nonnull (json_object_get_string_member (demo, "generated_at"));
}

static void
test_tables (void)
{
  const char *expected[] = { "categories", "demo_info", "inventory", "inventory_detail",
                             "inventory_snapshots", "orders", "products", "regions", "sales",
                             "sales_detail", "stores" };
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *demo_path = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db;
  JsonArray *items;
  gint64 id;

  id = demo_source_id (&demo_path);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", id);
  response = bs_test_engine_expect (engine, "GET", path, engine->admin_token, NULL,
                                    SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (response), "tables");
  g_assert_cmpuint (json_array_get_length (items), ==, G_N_ELEMENTS (expected));

  db = open_demo (demo_path);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *table = json_array_get_object_element (items, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", expected[i]);
      JsonArray *columns = json_object_get_array_member (table, "columns");

      g_assert_cmpstr (json_object_get_string_member (table, "name"), ==, expected[i]);
      /* A view has no row estimate; the demo's tables were written once, in rowid order. */
      if (g_str_equal (json_object_get_string_member (table, "type"), "view"))
        g_assert_true (json_object_get_null_member (table, "rows"));
      else
        g_assert_cmpint (json_object_get_int_member (table, "rows"), ==, query_int (db, sql));
      g_assert_cmpuint (json_array_get_length (columns), >, 1);
      if (g_str_equal (expected[i], "sales"))
        {
          JsonObject *first = json_array_get_object_element (columns, 0);

          g_assert_cmpint (json_object_get_int_member (table, "rows"), >, 0);
          g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "id");
        }
    }
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_new ();
  bs_test_engine_start (engine, NULL);

  g_test_add_func ("/bs/engine-api/health", test_health);
  g_test_add_func ("/bs/engine-api/unauthorized", test_unauthorized);
  g_test_add_func ("/bs/engine-api/unauthorized/revoked", test_unauthorized_revoked);
  g_test_add_func ("/bs/engine-api/unauthorized/expired", test_unauthorized_expired);
  g_test_add_func ("/bs/engine-api/roles/viewer", test_roles_viewer);
  g_test_add_func ("/bs/engine-api/roles/editor", test_roles_editor);
  g_test_add_func ("/bs/engine-api/roles/admin", test_roles_admin);
  g_test_add_func ("/bs/engine-api/errors/not-found", test_not_found);
  g_test_add_func ("/bs/engine-api/errors/bad-request", test_bad_request);
  g_test_add_func ("/bs/engine-api/errors/method-not-allowed", test_method_not_allowed);
  g_test_add_func ("/bs/engine-api/errors/too-large", test_payload_too_large);
  g_test_add_func ("/bs/engine-api/errors/too-large-before-reading",
                   test_payload_too_large_before_reading);
  g_test_add_func ("/bs/engine-api/errors/too-large-chunked", test_payload_too_large_chunked);
  g_test_add_func ("/bs/engine-api/workspace", test_workspace);
  g_test_add_func ("/bs/engine-api/tables", test_tables);
  g_test_add_func ("/bs/engine-api/home", test_home);

  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  bs_test_engine_free (engine);
  return status;
}
