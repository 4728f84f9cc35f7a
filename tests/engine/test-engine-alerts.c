/* The alert routes of a real engine process: rules (list, filters, one, create, change,
 * delete, bulk, preview, history, notifications), alerts, contact points with their test
 * send, and silences; the messages that name the field at fault; who may do what with
 * viewer, editor and admin tokens made through the tokens API (404 for a rule the caller
 * may not see, 403 for one they may see but not change); and the webhook URL, which must
 * reach the secret store and nothing else (answers, events, the database bytes, the log).
 * One engine serves every test. */
#define G_LOG_DOMAIN "test-engine-alerts"

#include "config.h"

#include <string.h>

#include "bs-alert-store.h"
#include "bs-engine-test.h"

/* Long and unlikely, so that finding it anywhere means it leaked. */
#define WEBHOOK_URL     "https://hooks.example/services/T0LEAK/B9CHECK/q7tZ9pWmV3xK8rN2bH5cJ4"
#define WEBHOOK_URL_NEW "https://hooks.example/services/T0LEAK/B9CHECK/second-M4nB7vC2xZ9q"

static BsTestEngine *engine;
static char *log_path;
static char *editor_token;
static char *viewer_token;
static char *other_viewer_token;
static gint64 viewer_id;

/* The one engine every test here talks to. */
#define expect(...)       bs_test_engine_expect (engine, __VA_ARGS__)
#define expect_error(...) bs_test_engine_expect_error (engine, __VA_ARGS__)

static JsonObject *
object_of (BsTestResponse *response)
{
  return bs_test_response_get_object (response);
}

/* Two hours from now, as the API writes times: a silence ends within a year. */
static char *
soon (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);

  return g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
rule_body (const char *title,
           const char *visibility,
           const char *extra)
{
  return g_strdup_printf ("{\"title\":\"%s\",\"visibility\":\"%s\","
                          "\"query\":{\"source\":1,\"table\":\"inventory\",\"measure\":\"value\","
                          "\"column\":\"units_on_hand\",\"aggregation\":\"sum\","
                          "\"split\":[\"product_id\"]},"
                          "\"condition\":{\"type\":\"below\",\"threshold\":100},"
                          "\"labels\":{\"team\":\"ops\"}%s%s}",
                          title, visibility, extra != NULL ? "," : "", extra != NULL ? extra : "");
}

/* Creates a rule and returns its id. */
static gint64
create_rule (const char *token,
             const char *title,
             const char *visibility,
             const char *extra)
{
  g_autofree char *body = rule_body (title, visibility, extra);
  g_autoptr(BsTestResponse) response = expect ("POST", "rules", token, body, SOUP_STATUS_CREATED);

  return json_object_get_int_member (object_of (response), "id");
}

static char *
rule_path (gint64      id,
           const char *suffix)
{
  return g_strdup_printf ("rules/%" G_GINT64_FORMAT "%s", id, suffix != NULL ? suffix : "");
}

static JsonArray *
items_of (BsTestResponse *response)
{
  return json_object_get_array_member (object_of (response), "items");
}

static JsonObject *
find_item (JsonArray *items,
           gint64     id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, "id") == id)
        return item;
    }
  return NULL;
}

static gboolean
listed (const char *path,
        const char *token,
        gint64      id)
{
  g_autoptr(BsTestResponse) list = expect ("GET", path, token, NULL, SOUP_STATUS_OK);

  return find_item (items_of (list), id) != NULL;
}

/* The newest event of @kind whose detail has "id" @id, or NULL. */
static gboolean
has_event (const char *kind,
           gint64      id)
{
  g_autoptr(BsTestResponse) events = expect ("GET", "events?limit=500", engine->admin_token,
                                             NULL, SOUP_STATUS_OK);
  JsonArray *items = items_of (events);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *event = json_array_get_object_element (items, i);
      JsonObject *detail = json_object_get_object_member (event, "detail");

      if (g_str_equal (json_object_get_string_member (event, "kind"), kind) &&
          json_object_get_int_member (detail, "id") == id)
        return TRUE;
    }
  return FALSE;
}

static void
test_rule_lifecycle (void)
{
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) one = NULL;
  g_autoptr(BsTestResponse) updated = NULL;
  g_autoptr(BsTestResponse) gone = NULL;
  JsonObject *rule;
  JsonObject *status;
  gint64 id;

  body = rule_body ("Inventory low", "shared", "\"uid\":\"inventory-low\"");
  created = expect ("POST", "rules", editor_token, body, SOUP_STATUS_CREATED);
  rule = object_of (created);
  id = json_object_get_int_member (rule, "id");
  g_assert_cmpstr (json_object_get_string_member (rule, "uid"), ==, "inventory-low");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rule, "owner"),
                                                  "name"), ==, "a-editor");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (rule, "created_at"), "Z"));
  status = json_object_get_object_member (rule, "status");
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "normal");
  g_assert_cmpint (json_object_get_int_member (status, "series"), ==, 0);
  g_assert_true (json_object_get_null_member (status, "last_evaluated_at"));

  path = rule_path (id, NULL);
  one = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (one),
                                                                         "instances")), ==, 0);
  g_assert_true (listed ("rules", viewer_token, id));
  g_assert_true (listed ("rules?label=team%3Dops&owner=a-editor&state=normal", viewer_token, id));
  g_assert_false (listed ("rules?label=team%3Dsales", viewer_token, id));
  g_assert_false (listed ("rules?state=firing", viewer_token, id));
  g_assert_false (listed ("rules?owner=nobody", viewer_token, id));

  /* A second rule may not take the uid. */
  expect_error ("POST", "rules", editor_token, body, SOUP_STATUS_CONFLICT, "conflict",
                "inventory-low", NULL);

  g_clear_pointer (&body, g_free);
  body = rule_body ("Inventory very low", "shared",
                    "\"condition\":{\"type\":\"below\",\"threshold\":10}");
  updated = expect ("PUT", path, editor_token, body, SOUP_STATUS_OK);
  rule = object_of (updated);
  g_assert_cmpstr (json_object_get_string_member (rule, "title"), ==, "Inventory very low");
  g_assert_cmpstr (json_object_get_string_member (rule, "uid"), ==, "inventory-low");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (rule,
                                                                                   "condition"),
                                                    "threshold"), ==, 10);

  gone = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&gone, bs_test_response_free);
  gone = expect ("GET", path, editor_token, NULL, SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (gone, "not_found");
  g_clear_pointer (&gone, bs_test_response_free);
  gone = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&gone, bs_test_response_free);
  gone = expect ("GET", "rules/abc", editor_token, NULL, SOUP_STATUS_NOT_FOUND);

  g_assert_true (has_event ("rule.created", id));
  g_assert_true (has_event ("rule.updated", id));
  g_assert_true (has_event ("rule.deleted", id));
}

static void
test_validation (void)
{
  g_autofree char *range = NULL;
  g_autofree char *no_source = NULL;
  g_autofree char *no_point = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *path = NULL;
  gint64 id = create_rule (editor_token, "Validation", "shared", NULL);

  range = rule_body ("Range", "shared",
                     "\"condition\":{\"type\":\"within-range\",\"threshold\":5,"
                     "\"threshold2\":1}");
  expect_error ("POST", "rules", editor_token, range, SOUP_STATUS_BAD_REQUEST, "bad_request",
                "condition.threshold2", NULL);
  expect_error ("POST", "rules", editor_token,
                "{\"query\":{\"source\":1,\"table\":\"sales\",\"measure\":\"count-rows\"},"
                "\"condition\":{\"type\":\"above\",\"threshold\":1}}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "title", NULL);
  expect_error ("POST", "rules", editor_token,
                "{\"title\":\"X\",\"query\":{\"source\":1,\"table\":\"sales\","
                "\"measure\":\"count-rows\"},\"condition\":{\"type\":\"sideways\","
                "\"threshold\":1}}", SOUP_STATUS_BAD_REQUEST, "bad_request", "condition.type",
                NULL);
  expect_error ("POST", "rules", editor_token,
                "{\"title\":\"X\",\"query\":{\"source\":1,\"table\":\"sales\","
                "\"measure\":\"count-rows\"},\"condition\":{\"type\":\"above\","
                "\"threshold\":1},\"interval_seconds\":1}", SOUP_STATUS_BAD_REQUEST,
                "bad_request", "interval_seconds", NULL);
  no_source = g_strdup_printf ("{\"title\":\"X\",\"query\":{\"source\":4711,\"table\":\"sales\","
                               "\"measure\":\"count-rows\"},\"condition\":{\"type\":\"above\","
                               "\"threshold\":1}}");
  expect_error ("POST", "rules", editor_token, no_source, SOUP_STATUS_BAD_REQUEST,
                "bad_request", "query.source", NULL);
  no_point = rule_body ("X", "shared", "\"contact_point_id\":4711");
  expect_error ("POST", "rules", editor_token, no_point, SOUP_STATUS_BAD_REQUEST,
                "bad_request", "contact_point_id", NULL);

  preview = g_strdup_printf ("{\"rule\":%s}", range);
  expect_error ("POST", "rules/preview", viewer_token, preview, SOUP_STATUS_BAD_REQUEST,
                "bad_request", "rule.condition.threshold2", NULL);
  expect_error ("POST", "rules/preview", viewer_token, "{}", SOUP_STATUS_BAD_REQUEST,
                "bad_request", "rule", NULL);

  path = rule_path (id, "/history?limit=0");
  expect_error ("GET", path, viewer_token, NULL, SOUP_STATUS_BAD_REQUEST, "bad_request",
                "limit", NULL);
  g_free (path);
  path = rule_path (id, "/history?limit=1001");
  expect_error ("GET", path, viewer_token, NULL, SOUP_STATUS_BAD_REQUEST, "bad_request",
                "limit", NULL);
  expect_error ("GET", "rules?state=sleepy", viewer_token, NULL, SOUP_STATUS_BAD_REQUEST,
                "bad_request", "state", NULL);
  expect_error ("GET", "alerts?state=normal", viewer_token, NULL, SOUP_STATUS_BAD_REQUEST,
                "bad_request", "state", NULL);
  expect_error ("POST", "rules/bulk", editor_token, "{\"action\":\"pause\"}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "ids", NULL);
  expect_error ("POST", "rules/bulk", editor_token, "{\"action\":\"explode\",\"ids\":[1]}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "action", NULL);
  expect_error ("POST", "rules/bulk", editor_token, "{\"action\":\"pause\",\"ids\":[\"x\"]}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "ids[0]", NULL);
  expect_error ("POST", "rules/bulk", editor_token, "{\"action\":\"set-label\",\"ids\":[1]}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "label.name", NULL);
  expect_error ("POST", "rules/bulk", editor_token,
                "{\"action\":\"set-contact-point\",\"ids\":[1],\"contact_point_id\":\"x\"}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "contact_point_id", NULL);
  expect_error ("GET", "silences?include_expired=maybe", viewer_token, NULL,
                SOUP_STATUS_BAD_REQUEST, "bad_request", "include_expired", NULL);
  expect_error ("POST", "silences", editor_token, "{\"matchers\":[],\"ends_at\":"
                "\"2099-01-01T00:00:00Z\"}", SOUP_STATUS_BAD_REQUEST, "bad_request", "matchers",
                NULL);
}

/* Viewers: shared rules and their own; they change only their own personal ones. */
static void
test_rbac (void)
{
  g_autofree char *shared_body = rule_body ("Shared by a viewer", "shared", NULL);
  g_autofree char *own_path = NULL;
  g_autofree char *shared_path = NULL;
  g_autofree char *own_body = NULL;
  g_autoptr(BsTestResponse) one = NULL;
  g_autofree char *twin_a = NULL;
  g_autofree char *twin_b = NULL;
  gint64 own;
  gint64 shared;

  expect_error ("POST", "rules", viewer_token, shared_body, SOUP_STATUS_FORBIDDEN, "forbidden",
                "visibility", NULL);

  own = create_rule (viewer_token, "Mine", "personal", NULL);
  own_path = rule_path (own, NULL);
  one = expect ("GET", own_path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object_of (one),
                                                                              "owner"),
                                               "token_id"), ==, viewer_id);

  /* Another viewer is not told it exists. */
  expect_error ("GET", own_path, other_viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);
  expect_error ("PUT", own_path, other_viewer_token, shared_body, SOUP_STATUS_NOT_FOUND,
                "not_found", NULL);
  expect_error ("DELETE", own_path, other_viewer_token, NULL, SOUP_STATUS_NOT_FOUND,
                "not_found", NULL);
  g_assert_false (listed ("rules", other_viewer_token, own));
  g_assert_true (listed ("rules", viewer_token, own));
  g_assert_true (listed ("rules", editor_token, own));
  g_assert_true (listed ("rules", engine->admin_token, own));

  /* A shared rule: every viewer sees it, none changes it. */
  shared = create_rule (editor_token, "Shared by an editor", "shared", NULL);
  shared_path = rule_path (shared, NULL);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("GET", shared_path, other_viewer_token, NULL, SOUP_STATUS_OK);
  expect_error ("PUT", shared_path, viewer_token, shared_body, SOUP_STATUS_FORBIDDEN,
                "forbidden", NULL);
  expect_error ("DELETE", shared_path, viewer_token, NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                NULL);

  /* The owner changes their rule but cannot share it; an admin may. */
  own_body = rule_body ("Mine, renamed", "personal", NULL);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("PUT", own_path, viewer_token, own_body, SOUP_STATUS_OK);
  expect_error ("PUT", own_path, viewer_token, shared_body, SOUP_STATUS_FORBIDDEN, "forbidden",
                "visibility", NULL);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("PUT", own_path, engine->admin_token, shared_body, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (one), "visibility"), ==, "shared");
  /* Shared now, so no longer the viewer's to change. */
  expect_error ("DELETE", own_path, viewer_token, NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                NULL);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("DELETE", own_path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("DELETE", shared_path, engine->admin_token, NULL, SOUP_STATUS_NO_CONTENT);

  /* Ownership goes by token, not name: of two viewer tokens with one name, the second
   * can neither see nor change the first one's personal rule. */
  twin_a = bs_test_engine_create_token (engine, "a-twin", "viewer", NULL);
  twin_b = bs_test_engine_create_token (engine, "a-twin", "viewer", NULL);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("POST", "rules", twin_a, own_body, SOUP_STATUS_CREATED);
  g_clear_pointer (&own_path, g_free);
  own_path = rule_path (json_object_get_int_member (object_of (one), "id"), NULL);
  expect_error ("GET", own_path, twin_b, NULL, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  expect_error ("DELETE", own_path, twin_b, NULL, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("DELETE", own_path, twin_a, NULL, SOUP_STATUS_NO_CONTENT);

  /* Contact points and silences: viewers read, editors change. */
  g_clear_pointer (&one, bs_test_response_free);
  one = expect ("GET", "contact-points", viewer_token, NULL, SOUP_STATUS_OK);
  expect_error ("POST", "contact-points", viewer_token,
                "{\"name\":\"Desk\",\"kind\":\"desktop\"}", SOUP_STATUS_FORBIDDEN, "forbidden",
                "editor", NULL);
  expect_error ("POST", "silences", viewer_token,
                "{\"matchers\":[{\"label\":\"team\",\"op\":\"=\",\"value\":\"ops\"}],"
                "\"ends_at\":\"2099-01-01T00:00:00Z\"}", SOUP_STATUS_FORBIDDEN, "forbidden",
                NULL);
}

static JsonObject *
result_for (JsonArray *results,
            gint64     id)
{
  return find_item (results, id);
}

static void
test_bulk (void)
{
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) point = NULL;
  g_autoptr(BsTestResponse) one = NULL;
  JsonArray *results;
  JsonObject *result;
  gint64 own = create_rule (viewer_token, "Bulk mine", "personal", NULL);
  gint64 first = create_rule (editor_token, "Bulk one", "shared", NULL);
  gint64 second = create_rule (editor_token, "Bulk two", "shared", NULL);
  gint64 point_id;

  /* One refused rule does not stop the others. */
  body = g_strdup_printf ("{\"action\":\"pause\",\"ids\":[%" G_GINT64_FORMAT ",%"
                          G_GINT64_FORMAT ",4711]}", own, first);
  response = expect ("POST", "rules/bulk", viewer_token, body, SOUP_STATUS_OK);
  results = json_object_get_array_member (object_of (response), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  g_assert_true (json_object_get_boolean_member (result_for (results, own), "ok"));
  result = result_for (results, first);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                 "error"),
                                                  "code"), ==, "forbidden");
  result = result_for (results, 4711);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                 "error"),
                                                  "code"), ==, "not_found");
  g_assert_true (listed ("rules?state=paused", viewer_token, own));
  g_assert_false (listed ("rules?state=paused", viewer_token, first));
  g_assert_true (has_event ("rule.paused", own));

  point = expect ("POST", "contact-points", editor_token,
                  "{\"name\":\"Bulk desk\",\"kind\":\"desktop\"}", SOUP_STATUS_CREATED);
  point_id = json_object_get_int_member (object_of (point), "id");

  /* An editor changes many at once. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"action\":\"set-label\",\"label\":{\"name\":\"tier\",\"value\":"
                          "\"gold\"},\"ids\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%"
                          G_GINT64_FORMAT "]}", own, first, second);
  response = expect ("POST", "rules/bulk", editor_token, body, SOUP_STATUS_OK);
  g_assert_true (listed ("rules?label=tier%3Dgold", editor_token, own));
  g_assert_true (listed ("rules?label=tier%3Dgold", editor_token, first));
  g_assert_true (listed ("rules?label=tier", editor_token, second));

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"action\":\"remove-label\",\"label\":{\"name\":\"tier\"},"
                          "\"ids\":[%" G_GINT64_FORMAT "]}", first);
  response = expect ("POST", "rules/bulk", editor_token, body, SOUP_STATUS_OK);
  g_assert_false (listed ("rules?label=tier", editor_token, first));
  g_assert_true (listed ("rules?label=tier", editor_token, second));

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"action\":\"set-contact-point\",\"contact_point_id\":%"
                          G_GINT64_FORMAT ",\"ids\":[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                          "]}", point_id, first, second);
  response = expect ("POST", "rules/bulk", editor_token, body, SOUP_STATUS_OK);
  path = rule_path (second, NULL);
  one = expect ("GET", path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (object_of (one), "contact_point_id"), ==,
                   point_id);

  /* A contact point that does not exist is this request's mistake, per rule. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"action\":\"set-contact-point\",\"contact_point_id\":4711,"
                          "\"ids\":[%" G_GINT64_FORMAT "]}", first);
  response = expect ("POST", "rules/bulk", editor_token, body, SOUP_STATUS_OK);
  result = result_for (json_object_get_array_member (object_of (response), "results"), first);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                 "error"),
                                                  "code"), ==, "bad_request");

  /* The contact point is in use now. */
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT, point_id);
  expect_error ("DELETE", path, editor_token, NULL, SOUP_STATUS_CONFLICT, "conflict",
                "Bulk one", "Bulk two", NULL);

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"action\":\"delete\",\"ids\":[%" G_GINT64_FORMAT ",%"
                          G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]}", own, first, second);
  response = expect ("POST", "rules/bulk", editor_token, body, SOUP_STATUS_OK);
  results = json_object_get_array_member (object_of (response), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (results, i),
                                                   "ok"));
  g_assert_false (listed ("rules", editor_token, own));
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
}

static BsSecretStore *
open_engine_secrets (void)
{
  g_assert_cmpstr (engine->discovery->token_store, ==, "file");
  return bs_secret_store_new_for_file (engine->discovery->token_file);
}

static void
test_contact_points (void)
{
  g_autofree char *sent_path = NULL;
  g_autoptr(BsTestResponse) sent = NULL;
  JsonArray *sent_items;
  g_autoptr(BsSecretStore) secrets = open_engine_secrets ();
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) tested = NULL;
  g_autofree char *path = NULL;
  g_autofree char *test_path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *rule_extra = NULL;
  JsonObject *item;
  JsonObject *notification;
  gint64 id;
  gint64 rule;

  expect_error ("POST", "contact-points", editor_token,
                "{\"name\":\"Ops hook\",\"kind\":\"webhook\"}", SOUP_STATUS_BAD_REQUEST,
                "bad_request", "url", NULL);
  expect_error ("POST", "contact-points", editor_token,
                "{\"name\":\"Ops hook\",\"kind\":\"webhook\",\"url\":\"ftp://x/\"}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "url", NULL);
  expect_error ("POST", "contact-points", editor_token,
                "{\"name\":\"Ops hook\",\"kind\":\"pager\"}", SOUP_STATUS_BAD_REQUEST,
                "bad_request", "kind", NULL);

  created = expect ("POST", "contact-points", editor_token,
                    "{\"name\":\"Ops hook\",\"kind\":\"webhook\",\"url\":\"" WEBHOOK_URL "\","
                    "\"settings\":{\"channel\":\"#ops\"}}", SOUP_STATUS_CREATED);
  item = object_of (created);
  id = json_object_get_int_member (item, "id");
  g_assert_true (json_object_get_boolean_member (item, "has_url"));
  g_assert_false (json_object_has_member (item, "url"));
  key = g_strdup_printf ("contact-point-%" G_GINT64_FORMAT, id);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_cmpstr (stored, ==, WEBHOOK_URL);

  expect_error ("POST", "contact-points", editor_token,
                "{\"name\":\"Ops hook\",\"kind\":\"desktop\"}", SOUP_STATUS_CONFLICT,
                "conflict", "Ops hook", NULL);

  path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT, id);
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (response), "has_url"));
  g_assert_true (listed ("contact-points", viewer_token, id));

  /* Without "url" the stored one stays; with one it is replaced. */
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, editor_token, "{\"name\":\"Ops webhook\"}", SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (response), "name"), ==,
                   "Ops webhook");
  g_assert_true (json_object_get_boolean_member (object_of (response), "has_url"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
    object_of (response), "settings"), "channel"), ==, "#ops");
  g_clear_pointer (&stored, g_free);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_cmpstr (stored, ==, WEBHOOK_URL);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, editor_token, "{\"url\":\"" WEBHOOK_URL_NEW "\"}",
                     SOUP_STATUS_OK);
  g_clear_pointer (&stored, g_free);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_cmpstr (stored, ==, WEBHOOK_URL_NEW);

  /* Send test: a "test" entry in the outbox. */
  test_path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT "/test", id);
  tested = expect ("POST", test_path, editor_token, NULL, SOUP_STATUS_ACCEPTED);
  notification = json_object_get_object_member (object_of (tested), "notification");
  g_assert_cmpstr (json_object_get_string_member (notification, "kind"), ==, "test");
  g_assert_cmpint (json_object_get_int_member (notification, "contact_point_id"), ==, id);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (notification,
                                                                  "idempotency_key"),
                                   "test:"));
  expect_error ("POST", "contact-points/4711/test", editor_token, "{}", SOUP_STATUS_NOT_FOUND,
                "not_found", NULL);
  g_assert_true (has_event ("contact_point.tested", id));

  /* …and it is listed with the point's notifications, for anyone who may read the point. */
  sent_path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT "/notifications", id);
  sent = expect ("GET", sent_path, viewer_token, NULL, SOUP_STATUS_OK);
  sent_items = json_object_get_array_member (object_of (sent), "items");
  g_assert_cmpuint (json_array_get_length (sent_items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent_items, 0),
                                                  "idempotency_key"), ==,
                   json_object_get_string_member (notification, "idempotency_key"));
  expect_error ("GET", "contact-points/4711/notifications", viewer_token, NULL,
                SOUP_STATUS_NOT_FOUND, "not_found", NULL);

  /* In use by a rule: refused, and the URL stays. */
  rule_extra = g_strdup_printf ("\"contact_point_id\":%" G_GINT64_FORMAT, id);
  rule = create_rule (editor_token, "Uses the hook", "shared", rule_extra);
  expect_error ("DELETE", path, editor_token, NULL, SOUP_STATUS_CONFLICT, "conflict",
                "Uses the hook", NULL);
  g_clear_pointer (&stored, g_free);
  stored = bs_test_lookup_secret (secrets, key);
  g_assert_nonnull (stored);

  g_clear_pointer (&response, bs_test_response_free);
  g_clear_pointer (&test_path, g_free);
  test_path = rule_path (rule, NULL);
  response = expect ("DELETE", test_path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND);
  /* The URL goes with it (the secret store is cleared right after the answer). */
  for (guint i = 0; i < 50; i++)
    {
      g_clear_pointer (&stored, g_free);
      if (!(stored = bs_test_lookup_secret (secrets, key)))
        break;
      g_usleep (20000);
    }
  g_assert_null (stored);

  g_assert_true (has_event ("contact_point.created", id));
  g_assert_true (has_event ("contact_point.updated", id));
  g_assert_true (has_event ("contact_point.deleted", id));
}

static void
test_source_in_use (void)
{
  g_autofree char *db_path = g_build_filename (engine->tmp_dir, "shop.db", NULL);
  g_autofree char *body = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *source_path = NULL;
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) refused = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  sqlite3 *db = NULL;
  gint64 source;
  gint64 id;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE stock (sku TEXT, units INTEGER);"
                                 "INSERT INTO stock VALUES ('A', 5);", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  body = g_strdup_printf ("{\"name\":\"Shop\",\"kind\":\"sqlite\",\"path\":\"%s\"}", db_path);
  created = expect ("POST", "datasources", editor_token, body, SOUP_STATUS_CREATED);
  source = json_object_get_int_member (object_of (created), "id");

  rule = g_strdup_printf ("{\"title\":\"Shop stock\",\"visibility\":\"shared\",\"query\":"
                          "{\"source\":%" G_GINT64_FORMAT ",\"table\":\"stock\",\"measure\":"
                          "\"value\",\"column\":\"units\",\"aggregation\":\"sum\"},"
                          "\"condition\":{\"type\":\"below\",\"threshold\":10}}", source);
  g_clear_pointer (&created, bs_test_response_free);
  created = expect ("POST", "rules", editor_token, rule, SOUP_STATUS_CREATED);
  id = json_object_get_int_member (object_of (created), "id");

  /* The source stays while a rule reads it. */
  source_path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, source);
  refused = expect ("DELETE", source_path, editor_token, NULL, SOUP_STATUS_CONFLICT);
  g_assert_nonnull (strstr (json_object_get_string_member (
                      json_object_get_object_member (object_of (refused), "error"), "message"),
                    "Shop stock"));
  response = expect ("GET", source_path, viewer_token, NULL, SOUP_STATUS_OK);

  g_clear_pointer (&rule, g_free);
  rule = rule_path (id, NULL);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", rule, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", source_path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
}

static void
test_silences (void)
{
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) expired = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  JsonObject *silence;
  gint64 id;

  g_autofree char *ends_at = soon ();
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"matchers\":[{\"label\":\"rule_uid\",\"op\":\"=\",\"value\":"
                          "\"stock\"}],\"ends_at\":\"%s\",\"comment\":\"Stock-take\"}", ends_at);
  created = expect ("POST", "silences", editor_token, body, SOUP_STATUS_CREATED);
  silence = object_of (created);
  id = json_object_get_int_member (silence, "id");
  g_assert_cmpstr (json_object_get_string_member (silence, "state"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (silence, "created_by"), ==, "a-editor");
  g_assert_true (listed ("silences", viewer_token, id));

  path = g_strdup_printf ("silences/%" G_GINT64_FORMAT, id);
  expect_error ("DELETE", path, viewer_token, NULL, SOUP_STATUS_FORBIDDEN, "forbidden", NULL);
  expired = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (expired), "state"), ==, "expired");
  g_assert_false (listed ("silences", viewer_token, id));
  g_assert_true (listed ("silences?include_expired=true", viewer_token, id));
  expect_error ("DELETE", "silences/4711", editor_token, NULL, SOUP_STATUS_NOT_FOUND,
                "not_found", NULL);
  g_assert_true (has_event ("silence.created", id));
  g_assert_true (has_event ("silence.expired", id));
}

/* States written the way the scheduler writes them (a real evaluation saved through a
 * second connection to the workspace), then read through the API. */
static guint
count_alerts_of_rule (JsonArray *alerts,
                      gint64     rule_id)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (alerts); i++)
    if (json_object_get_int_member (json_array_get_object_element (alerts, i),
                                    "rule_id") == rule_id)
      n++;
  return n;
}

static void
test_states_history_alerts (void)
{
  g_autofree char *workspace = g_build_filename (engine->data_dir, "workspace.db", NULL);
  g_autofree char *extra = NULL;
  g_autofree char *path = NULL;
  g_autofree char *silence = NULL;
  g_autofree char *ends_at = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(BsAlertEvaluation) evaluation = NULL;
  g_autoptr(GPtrArray) previous = g_ptr_array_new ();
  g_autoptr(GPtrArray) silences = g_ptr_array_new ();
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsTestResponse) point = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  JsonArray *items;
  JsonObject *status;
  gint64 point_id;
  gint64 id;

  point = expect ("POST", "contact-points", editor_token,
                  "{\"name\":\"States desk\",\"kind\":\"desktop\"}", SOUP_STATUS_CREATED);
  point_id = json_object_get_int_member (object_of (point), "id");
  /* Paused, so that a running scheduler leaves the states this test writes alone. */
  extra = g_strdup_printf ("\"uid\":\"stock-states\",\"paused\":true,"
                           "\"contact_point_id\":%" G_GINT64_FORMAT, point_id);
  id = create_rule (viewer_token, "States", "personal", extra);

  store = bs_store_open (workspace, &error);
  g_assert_no_error (error);
  rule = bs_alert_store_get_rule (store, id, &error);
  g_assert_no_error (error);
  frame = json_from_string ("{\"columns\":[{\"name\":\"product_id\",\"type\":\"string\"},"
                            "{\"name\":\"value\",\"type\":\"number\"}],"
                            "\"rows\":[[\"1\",5],[\"2\",500],[\"3\",50]]}", &error);
  g_assert_no_error (error);
  /* As evaluated just before it was paused. */
  rule->paused = FALSE;
  evaluation = bs_alert_evaluate (rule, previous, frame, NULL, silences, g_get_real_time ());
  evaluation->duration_ms = 3.5;
  g_assert_true (bs_alert_store_save_evaluation (store, evaluation, &error));
  g_assert_no_error (error);

  path = rule_path (id, NULL);
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  status = json_object_get_object_member (object_of (response), "status");
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "paused");
  g_assert_cmpint (json_object_get_int_member (status, "firing"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (status, "series"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (status, "last_duration_ms"), ==, 3.5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (response),
                                                                         "instances")), ==, 3);

  g_clear_pointer (&path, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  path = rule_path (id, "/history?limit=1");
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  items = items_of (response);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "to"), ==, "alerting");

  g_clear_pointer (&path, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  path = rule_path (id, "/notifications");
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  items = items_of (response);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "kind"), ==, "firing");

  /* The alerts: the two firing series, with the rule's labels, not silenced yet. */
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "alerts?state=firing", viewer_token, NULL, SOUP_STATUS_OK);
  items = items_of (response);
  /* The engine's scheduler may meanwhile have fired the other tests' rules: count ours. */
  g_assert_cmpuint (count_alerts_of_rule (items, id), ==, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *alert = json_array_get_object_element (items, i);
      JsonObject *labels = json_object_get_object_member (alert, "labels");

      if (json_object_get_int_member (alert, "rule_id") != id)
        continue;
      g_assert_cmpstr (json_object_get_string_member (alert, "rule_uid"), ==, "stock-states");
      g_assert_cmpstr (json_object_get_string_member (labels, "team"), ==, "ops");
      g_assert_cmpstr (json_object_get_string_member (labels, "alertname"), ==, "States");
      g_assert_false (json_object_get_boolean_member (alert, "silenced"));
    }
  /* Another viewer does not see the alerts of a personal rule that is not theirs. */
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "alerts", other_viewer_token, NULL, SOUP_STATUS_OK);
  for (guint i = 0; i < json_array_get_length (items_of (response)); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
      items_of (response), i), "rule_id"), !=, id);

  ends_at = soon ();
  silence = g_strdup_printf ("{\"matchers\":[{\"label\":\"rule_uid\",\"op\":\"=\",\"value\":"
                             "\"stock-states\"},{\"label\":\"product_id\",\"op\":\"=\","
                             "\"value\":\"1\"}],\"ends_at\":\"%s\"}", ends_at);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("POST", "silences", editor_token, silence, SOUP_STATUS_CREATED);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "alerts", viewer_token, NULL, SOUP_STATUS_OK);
  items = items_of (response);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *alert = json_array_get_object_element (items, i);
      const char *product = json_object_get_string_member (
        json_object_get_object_member (alert, "labels"), "product_id");

      if (json_object_get_int_member (alert, "rule_id") == id)
        g_assert_true (json_object_get_boolean_member (alert, "silenced") ==
                       g_str_equal (product, "1"));
    }

  /* The rule goes with its states; its notification stays in the outbox. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  path = rule_path (id, NULL);
  response = expect ("DELETE", path, viewer_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "alerts", viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (count_alerts_of_rule (items_of (response), id), ==, 0);
}

static void
test_preview (void)
{
  g_autofree char *draft = rule_body ("Preview", "personal", NULL);
  g_autofree char *body = g_strdup_printf ("{\"rule\":%s}", draft);
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *now;
  JsonObject *backtest;
  JsonArray *series;
  guint firing = 0;

  response = expect ("POST", "rules/preview", viewer_token, body, SOUP_STATUS_OK);
  now = json_object_get_object_member (object_of (response), "now");
  series = json_object_get_array_member (now, "series");
  g_assert_cmpuint (json_array_get_length (series), >, 0);
  g_assert_cmpint (json_object_get_int_member (now, "total"), ==,
                   json_array_get_length (series));
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *one = json_array_get_object_element (series, i);

      if (json_object_get_boolean_member (one, "fires"))
        {
          firing++;
          g_assert_cmpfloat (json_object_get_double_member (one, "value"), <, 100);
        }
    }
  g_assert_cmpint (json_object_get_int_member (now, "firing"), ==, firing);
  /* No time column: no backtest, and a sentence saying why. */
  g_assert_true (json_object_get_null_member (object_of (response), "backtest"));
  g_assert_nonnull (json_object_get_string_member (object_of (response),
                                                   "backtest_unavailable"));

  /* Sales of the last hour per store: replayed over the last 7 days. */
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("POST", "rules/preview", viewer_token,
                     "{\"rule\":{\"title\":\"Quiet store\",\"query\":{\"source\":1,"
                     "\"table\":\"sales\",\"measure\":\"count-rows\",\"split\":[\"store_id\"],"
                     "\"time\":{\"column\":\"sold_at\",\"range\":\"last-hours\",\"count\":1}},"
                     "\"condition\":{\"type\":\"below\",\"threshold\":5}}}", SOUP_STATUS_OK);
  backtest = json_object_get_object_member (object_of (response), "backtest");
  g_assert_nonnull (backtest);
  g_assert_cmpint (json_object_get_int_member (backtest, "days"), ==, 7);
  g_assert_true (json_object_has_member (backtest, "intervals"));
  g_assert_true (json_object_get_double_member (object_of (response), "elapsed_ms") > 0);
}

static void
test_url_nowhere (void)
{
  const char *urls[] = { WEBHOOK_URL, WEBHOOK_URL_NEW, "T0LEAK" };
  g_autoptr(BsTestResponse) events = NULL;

  /* Its body joins the answers searched below. */
  events = expect ("GET", "events?limit=1000", engine->admin_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (items_of (events)), >, 0);
  for (guint u = 0; u < G_N_ELEMENTS (urls); u++)
    bs_test_engine_assert_secret_nowhere (engine, log_path, urls[u]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_new ();
  log_path = g_build_filename (engine->tmp_dir, "engine.log", NULL);
  engine->transcript = g_string_new (NULL);
  /* The engine's stderr is its log, searched for secrets. */
  bs_test_engine_start_full (engine, NULL, NULL, log_path);
  editor_token = bs_test_engine_create_token (engine, "a-editor", "editor", NULL);
  viewer_token = bs_test_engine_create_token (engine, "a-viewer", "viewer", &viewer_id);
  other_viewer_token = bs_test_engine_create_token (engine, "a-other-viewer", "viewer", NULL);

  g_test_add_func ("/bs/engine/alerts/rule-lifecycle", test_rule_lifecycle);
  g_test_add_func ("/bs/engine/alerts/validation", test_validation);
  g_test_add_func ("/bs/engine/alerts/rbac", test_rbac);
  g_test_add_func ("/bs/engine/alerts/bulk", test_bulk);
  g_test_add_func ("/bs/engine/alerts/contact-points", test_contact_points);
  g_test_add_func ("/bs/engine/alerts/source-in-use", test_source_in_use);
  g_test_add_func ("/bs/engine/alerts/silences", test_silences);
  g_test_add_func ("/bs/engine/alerts/states-history-alerts", test_states_history_alerts);
  g_test_add_func ("/bs/engine/alerts/preview", test_preview);
  g_test_add_func ("/bs/engine/alerts/url-nowhere", test_url_nowhere);

  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  g_free (editor_token);
  g_free (viewer_token);
  g_free (other_viewer_token);
  g_free (log_path);
  bs_test_engine_free (engine);
  return status;
}
