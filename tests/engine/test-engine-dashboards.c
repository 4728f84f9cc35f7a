/* The dashboard routes of a real engine process: create, read, list, save (with the version
 * last loaded: a stale one is 409), versions, restore, publish and delete, each with its
 * audit event; the messages that say what is wrong and where; and who may do what with
 * viewer and editor tokens made through the tokens API (a viewer reads only published
 * dashboards, gets 404 for the others and 403 when changing a published one). Members the
 * engine does not know come back exactly as they were sent. One engine serves every test. */
#define G_LOG_DOMAIN "test-engine-dashboards"

#include "config.h"

#include <string.h>

#include "bs-engine-test.h"

static BsTestEngine *engine;
static char *editor_token;
static char *other_editor_token;
static char *viewer_token;

#define expect(...)       bs_test_engine_expect (engine, __VA_ARGS__)
#define expect_error(...) bs_test_engine_expect_error (engine, __VA_ARGS__)

/* A Grafana dashboard with what the engine does not read: links, annotations, templating,
 * a plugin panel with its options, field overrides, a collapsed row. */
#define GRAFANA_EXTRAS \
  "\"schemaVersion\":39,\"editable\":true,\"graphTooltip\":1," \
  "\"time\":{\"from\":\"now-6h\",\"to\":\"now\"},\"refresh\":\"30s\"," \
  "\"links\":[{\"title\":\"Runbook\",\"type\":\"link\",\"url\":\"https://example.org/rb\"}]," \
  "\"annotations\":{\"list\":[{\"builtIn\":1,\"enable\":true,\"name\":\"Annotations\"}]}," \
  "\"templating\":{\"list\":[{\"name\":\"region\",\"type\":\"custom\"," \
  "\"query\":\"north,south\",\"current\":{\"text\":\"north\",\"value\":\"north\"}}]}," \
  "\"panels\":[" \
  "{\"id\":1,\"type\":\"timeseries\",\"title\":\"Sales\"," \
  "\"gridPos\":{\"x\":0,\"y\":0,\"w\":12,\"h\":8}," \
  "\"fieldConfig\":{\"defaults\":{\"unit\":\"currencyEUR\",\"decimals\":2}," \
  "\"overrides\":[{\"matcher\":{\"id\":\"byName\",\"options\":\"north\"}," \
  "\"properties\":[{\"id\":\"color\",\"value\":{\"mode\":\"fixed\",\"fixedColor\":\"red\"}}]}]}," \
  "\"transformations\":[{\"id\":\"organize\",\"options\":{}}]}," \
  "{\"id\":2,\"type\":\"grafana-worldmap-panel\",\"title\":\"Map\"," \
  "\"gridPos\":{\"x\":12,\"y\":0,\"w\":12,\"h\":8},\"options\":{\"zoom\":3.5,\"center\":[1,2]}}," \
  "{\"id\":3,\"type\":\"row\",\"title\":\"More\",\"collapsed\":true," \
  "\"gridPos\":{\"x\":0,\"y\":8,\"w\":24,\"h\":1}," \
  "\"panels\":[{\"id\":4,\"type\":\"stat\",\"title\":\"Stock\"," \
  "\"gridPos\":{\"x\":0,\"y\":9,\"w\":6,\"h\":4}}]}]"

static JsonObject *
object_of (BsTestResponse *response)
{
  return bs_test_response_get_object (response);
}

static JsonArray *
items_of (BsTestResponse *response)
{
  return json_object_get_array_member (object_of (response), "items");
}

static char *
document (const char *title,
          const char *uid)
{
  if (uid != NULL)
    return g_strdup_printf ("{\"uid\":\"%s\",\"title\":\"%s\"," GRAFANA_EXTRAS "}", uid, title);
  return g_strdup_printf ("{\"title\":\"%s\"," GRAFANA_EXTRAS "}", title);
}

static char *
create_body (const char *title,
             const char *uid)
{
  g_autofree char *dashboard = document (title, uid);

  return g_strdup_printf ("{\"dashboard\":%s,\"message\":\"first\"}", dashboard);
}

static char *
update_body (const char *title,
             gint64      version)
{
  g_autofree char *dashboard = document (title, NULL);

  return g_strdup_printf ("{\"dashboard\":%s,\"version\":%" G_GINT64_FORMAT "}", dashboard,
                          version);
}

/* Creates a dashboard as the editor and returns its uid. */
static char *
create_dashboard (const char *title,
                  const char *uid)
{
  g_autofree char *body = create_body (title, uid);
  g_autoptr(BsTestResponse) created = expect ("POST", "dashboards", editor_token, body,
                                              SOUP_STATUS_CREATED);

  return g_strdup (json_object_get_string_member (object_of (created), "uid"));
}

static void
set_published (const char *uid,
               gboolean    published)
{
  g_autofree char *path = g_strdup_printf ("dashboards/%s/published", uid);
  g_autoptr(BsTestResponse) answer = NULL;

  answer = expect ("PUT", path, editor_token,
                   published ? "{\"published\":true}" : "{\"published\":false}", SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (answer), "published") == published);
}

static gboolean
listed (const char *token,
        const char *uid)
{
  g_autoptr(BsTestResponse) list = expect ("GET", "dashboards", token, NULL, SOUP_STATUS_OK);
  JsonArray *items = items_of (list);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "uid"), uid))
        {
          /* A list is summaries: no documents. */
          g_assert_false (json_object_has_member (item, "dashboard"));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_event (const char *kind,
           const char *uid,
           gint64      version)
{
  g_autoptr(BsTestResponse) events = expect ("GET", "events?limit=500", engine->admin_token,
                                             NULL, SOUP_STATUS_OK);
  JsonArray *items = items_of (events);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *event = json_array_get_object_element (items, i);
      JsonObject *detail = json_object_get_object_member (event, "detail");
      const char *event_uid = json_object_get_string_member_with_default (detail, "uid", NULL);
      gint64 event_version = json_object_get_int_member_with_default (detail, "version", 0);

      if (g_str_equal (json_object_get_string_member (event, "kind"), kind) &&
          g_strcmp0 (event_uid, uid) == 0 && (version == 0 || event_version == version))
        return TRUE;
    }
  return FALSE;
}

static void
test_lifecycle (void)
{
  g_autofree char *body = create_body ("Shop floor", NULL);
  g_autoptr(BsTestResponse) created = NULL;
  g_autoptr(BsTestResponse) one = NULL;
  g_autoptr(BsTestResponse) saved = NULL;
  g_autoptr(BsTestResponse) versions = NULL;
  g_autoptr(BsTestResponse) first = NULL;
  g_autoptr(BsTestResponse) restored = NULL;
  g_autoptr(BsTestResponse) gone = NULL;
  g_autofree char *path = NULL;
  g_autofree char *update = NULL;
  g_autofree char *versions_path = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *restore_path = NULL;
  JsonObject *object;
  JsonObject *dashboard;
  const char *uid;

  created = expect ("POST", "dashboards", editor_token, body, SOUP_STATUS_CREATED);
  object = object_of (created);
  uid = json_object_get_string_member (object, "uid");
  g_assert_cmpuint (strlen (uid), ==, 14);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Shop floor");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (object, "published"));
  g_assert_cmpstr (json_object_get_string_member (object, "owner"), ==, "d-editor");
  g_assert_cmpint (json_object_get_int_member (object, "panel_count"), ==, 3);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "created_at"), "Z"));
  dashboard = json_object_get_object_member (object, "dashboard");
  g_assert_cmpstr (json_object_get_string_member (dashboard, "uid"), ==, uid);
  g_assert_cmpint (json_object_get_int_member (dashboard, "version"), ==, 1);
  g_assert_true (has_event ("dashboard.created", uid, 1));

  path = g_strdup_printf ("dashboards/%s", uid);
  /* Not published yet: not there for a viewer. */
  expect_error ("GET", path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  one = expect ("GET", path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_node_equal (json_object_get_member (object_of (one), "dashboard"),
                                  json_object_get_member (object, "dashboard")));
  g_assert_true (listed (editor_token, uid));

  update = update_body ("Shop floor, edited", 1);
  saved = expect ("PUT", path, other_editor_token, update, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (object_of (saved), "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object_of (saved), "title"), ==,
                   "Shop floor, edited");
  /* Owner stays who created it. */
  g_assert_cmpstr (json_object_get_string_member (object_of (saved), "owner"), ==, "d-editor");
  g_assert_true (has_event ("dashboard.updated", uid, 2));

  versions_path = g_strdup_printf ("dashboards/%s/versions", uid);
  versions = expect ("GET", versions_path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (items_of (versions)), ==, 2);
  object = json_array_get_object_element (items_of (versions), 0);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "saved_by"), ==, "d-other-editor");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Shop floor, edited");
  object = json_array_get_object_element (items_of (versions), 1);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "first");

  first_path = g_strdup_printf ("dashboards/%s/versions/1", uid);
  first = expect ("GET", first_path, editor_token, NULL, SOUP_STATUS_OK);
  dashboard = json_object_get_object_member (object_of (first), "dashboard");
  g_assert_cmpstr (json_object_get_string_member (dashboard, "title"), ==, "Shop floor");

  restore_path = g_strdup_printf ("dashboards/%s/versions/1/restore", uid);
  restored = expect ("POST", restore_path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (object_of (restored), "version"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object_of (restored), "title"), ==,
                   "Shop floor");
  g_assert_true (has_event ("dashboard.restored", uid, 3));

  gone = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
  g_assert_true (has_event ("dashboard.deleted", uid, 0));
  g_clear_pointer (&gone, bs_test_response_free);
  expect_error ("GET", path, editor_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found", uid, NULL);
  expect_error ("GET", versions_path, editor_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);
  expect_error ("DELETE", path, editor_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  g_assert_false (listed (editor_token, uid));
}

/* What the engine does not understand is written back untouched. */
static void
test_unknown_members_kept (void)
{
  g_autofree char *sent = document ("Kept as sent", "kept-as-sent");
  g_autofree char *body = g_strdup_printf ("{\"dashboard\":%s}", sent);
  g_autoptr(BsTestResponse) created = expect ("POST", "dashboards", editor_token, body,
                                              SOUP_STATUS_CREATED);
  g_autoptr(BsTestResponse) read = expect ("GET", "dashboards/kept-as-sent", editor_token, NULL,
                                           SOUP_STATUS_OK);
  g_autoptr(JsonNode) expected = json_from_string (sent, NULL);
  JsonNode *got = json_object_get_member (object_of (read), "dashboard");

  /* Only the version is the engine's to say. */
  json_object_set_int_member (json_node_get_object (expected), "version", 1);
  g_assert_true (json_node_equal (got, expected));
}

static void
test_stale_put (void)
{
  g_autofree char *uid = create_dashboard ("Stock", NULL);
  g_autofree char *path = g_strdup_printf ("dashboards/%s", uid);
  g_autofree char *mine = update_body ("Mine", 1);
  g_autofree char *theirs = update_body ("Theirs", 1);
  g_autoptr(BsTestResponse) saved = NULL;
  g_autoptr(BsTestResponse) read = NULL;

  /* Both opened version 1; the other editor saves first. */
  saved = expect ("PUT", path, other_editor_token, theirs, SOUP_STATUS_OK);
  expect_error ("PUT", path, editor_token, mine, SOUP_STATUS_CONFLICT, "conflict",
                "Someone else saved", "version 1", "the current version is 2", NULL);

  read = expect ("GET", path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (object_of (read), "title"), ==, "Theirs");
  g_assert_cmpint (json_object_get_int_member (object_of (read), "version"), ==, 2);
}

static void
test_validation (void)
{
  g_autofree char *uid = create_dashboard ("Checked", "checked-dashboard");
  g_autofree char *taken = create_body ("Same uid", "checked-dashboard");
  const char *no_version = "{\"dashboard\":{\"title\":\"T\"}}";
  const char *path = "dashboards/checked-dashboard";

  expect_error ("POST", "dashboards", editor_token, "{\"dashboard\": {\"title\": ",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "Malformed JSON", NULL);
  expect_error ("POST", "dashboards", editor_token, "{\"title\":\"Bare\"}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“dashboard”", "has none", NULL);
  expect_error ("POST", "dashboards", editor_token, "{\"dashboard\":[]}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“dashboard”", "an object", NULL);
  expect_error ("POST", "dashboards", editor_token, "{\"dashboard\":{\"panels\":[]}}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "In the field “dashboard”",
                "no “title”", NULL);
  expect_error ("POST", "dashboards", editor_token, "{\"dashboard\":{\"title\":\"\"}}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“title” is empty", NULL);
  expect_error ("POST", "dashboards", editor_token,
                "{\"dashboard\":{\"title\":\"T\",\"uid\":\"a/b\"}}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“uid” “a/b”", "8 to 40", NULL);
  expect_error ("POST", "dashboards", editor_token,
                "{\"dashboard\":{\"title\":\"T\",\"panels\":{\"a\":1}}}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“panels” must be an array", NULL);
  expect_error ("POST", "dashboards", editor_token,
                "{\"dashboard\":{\"title\":\"T\",\"panels\":[{},null]}}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“panels[1]”", NULL);
  expect_error ("POST", "dashboards", editor_token,
                "{\"dashboard\":{\"title\":\"T\"},\"message\":5}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "message", NULL);
  expect_error ("POST", "dashboards", editor_token, taken, SOUP_STATUS_CONFLICT, "conflict",
                "“checked-dashboard”", NULL);

  expect_error ("PUT", path, editor_token, no_version, SOUP_STATUS_BAD_REQUEST, "bad_request",
                "“version”", NULL);
  expect_error ("PUT", path, editor_token, "{\"dashboard\":{\"title\":\"T\"},\"version\":\"1\"}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "“version”", NULL);
  expect_error ("PUT", path, editor_token,
                "{\"dashboard\":{\"title\":\"T\",\"uid\":\"other-uid-1\"},\"version\":1}",
                SOUP_STATUS_BAD_REQUEST, "bad_request", "cannot change", NULL);
  expect_error ("PUT", "dashboards/checked-dashboard/published", editor_token,
                "{\"published\":\"yes\"}", SOUP_STATUS_BAD_REQUEST, "bad_request",
                "“published”", NULL);
  expect_error ("GET", "dashboards/checked-dashboard/versions/abc", editor_token, NULL,
                SOUP_STATUS_NOT_FOUND, "not_found", "no version “abc”", NULL);
  expect_error ("GET", "dashboards/checked-dashboard/versions/0", editor_token, NULL,
                SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  expect_error ("GET", "dashboards/checked-dashboard/versions/9", editor_token, NULL,
                SOUP_STATUS_NOT_FOUND, "not_found", "no version 9", "1 to 1", NULL);
  expect_error ("POST", "dashboards/checked-dashboard/versions/9/restore", editor_token, NULL,
                SOUP_STATUS_NOT_FOUND, "not_found", "no version 9", NULL);
  expect_error ("GET", "dashboards/no-such-dashboard", editor_token, NULL,
                SOUP_STATUS_NOT_FOUND, "not_found", "“no-such-dashboard”", NULL);
  g_assert_cmpstr (uid, ==, "checked-dashboard");
}

static void
test_rbac (void)
{
  g_autofree char *hidden = create_dashboard ("Draft", NULL);
  g_autofree char *shown = create_dashboard ("Published", NULL);
  g_autofree char *hidden_path = g_strdup_printf ("dashboards/%s", hidden);
  g_autofree char *shown_path = g_strdup_printf ("dashboards/%s", shown);
  g_autofree char *hidden_versions = g_strdup_printf ("dashboards/%s/versions", hidden);
  g_autofree char *shown_versions = g_strdup_printf ("dashboards/%s/versions", shown);
  g_autofree char *shown_version = g_strdup_printf ("dashboards/%s/versions/1", shown);
  g_autofree char *shown_restore = g_strdup_printf ("dashboards/%s/versions/1/restore", shown);
  g_autofree char *hidden_restore = g_strdup_printf ("dashboards/%s/versions/1/restore", hidden);
  g_autofree char *shown_publish = g_strdup_printf ("dashboards/%s/published", shown);
  g_autofree char *hidden_publish = g_strdup_printf ("dashboards/%s/published", hidden);
  g_autofree char *update = update_body ("Changed by a viewer", 2);
  g_autofree char *create = create_body ("By a viewer", NULL);
  g_autoptr(BsTestResponse) read = NULL;

  set_published (shown, TRUE);

  /* Reading: only the published one, the other is not there for a viewer. */
  g_assert_true (listed (viewer_token, shown));
  g_assert_false (listed (viewer_token, hidden));
  g_assert_true (listed (editor_token, hidden));
  read = expect ("GET", shown_path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (read), "published"));
  g_assert_false (json_object_get_boolean_member (object_of (read), "can_edit"));
  g_clear_pointer (&read, bs_test_response_free);
  read = expect ("GET", shown_path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (object_of (read), "can_edit"));
  g_clear_pointer (&read, bs_test_response_free);
  read = expect ("GET", shown_versions, viewer_token, NULL, SOUP_STATUS_OK);
  g_clear_pointer (&read, bs_test_response_free);
  read = expect ("GET", shown_version, viewer_token, NULL, SOUP_STATUS_OK);
  g_clear_pointer (&read, bs_test_response_free);
  expect_error ("GET", hidden_path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);
  expect_error ("GET", hidden_versions, viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);

  /* Writing: 403 on the published one, 404 on the one a viewer cannot see. */
  expect_error ("POST", "dashboards", viewer_token, create, SOUP_STATUS_FORBIDDEN, "forbidden",
                "editor role", NULL);
  expect_error ("PUT", shown_path, viewer_token, update, SOUP_STATUS_FORBIDDEN, "forbidden",
                "published read-only", "viewer role", NULL);
  expect_error ("DELETE", shown_path, viewer_token, NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                NULL);
  expect_error ("PUT", shown_publish, viewer_token, "{\"published\":false}",
                SOUP_STATUS_FORBIDDEN, "forbidden", NULL);
  expect_error ("POST", shown_restore, viewer_token, NULL, SOUP_STATUS_FORBIDDEN, "forbidden",
                NULL);
  expect_error ("PUT", hidden_path, viewer_token, update, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);
  expect_error ("DELETE", hidden_path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);
  expect_error ("PUT", hidden_publish, viewer_token, "{\"published\":true}",
                SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  expect_error ("POST", hidden_restore, viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found",
                NULL);

  /* Nothing the viewer tried changed anything. */
  read = expect ("GET", shown_path, editor_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (object_of (read), "version"), ==, 1);
  g_assert_true (json_object_get_boolean_member (object_of (read), "published"));
  g_clear_pointer (&read, bs_test_response_free);

  /* Unpublished again, it is gone for viewers. */
  set_published (shown, FALSE);
  g_assert_true (has_event ("dashboard.unpublished", shown, 0));
  g_assert_false (listed (viewer_token, shown));
  expect_error ("GET", shown_path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  expect_error ("GET", "dashboards", NULL, NULL, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL);
}

/* The real dashboards of tests/fixtures (public projects', see their SOURCE files): each
 * is stored and read back exactly as sent, but for the version the engine gives it. */
static void
test_real_dashboards (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "fixtures", "grafana-dashboards",
                                                 NULL);
  g_autoptr(GDir) projects = g_dir_open (root, 0, NULL);
  const char *project;
  guint stored = 0;

  g_assert_nonnull (projects);
  while ((project = g_dir_read_name (projects)) != NULL)
    {
      g_autofree char *folder = g_build_filename (root, project, NULL);
      g_autoptr(GDir) files = g_dir_open (folder, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autofree char *contents = NULL;
          g_autofree char *body = NULL;
          g_autofree char *one = NULL;
          g_autoptr(JsonNode) expected = NULL;
          g_autoptr(BsTestResponse) created = NULL;
          g_autoptr(BsTestResponse) read = NULL;
          g_autoptr(BsTestResponse) gone = NULL;
          g_autoptr(GError) error = NULL;
          JsonObject *object;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          g_test_message ("%s/%s", project, name);
          g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
          g_assert_no_error (error);
          expected = json_from_string (contents, &error);
          g_assert_no_error (error);
          body = g_strdup_printf ("{\"dashboard\":%s}", contents);

          created = expect ("POST", "dashboards", editor_token, body, SOUP_STATUS_CREATED);
          object = object_of (created);
          g_assert_cmpint (json_object_get_int_member (object, "panel_count"), >, 0);
          one = g_strdup_printf ("dashboards/%s", json_object_get_string_member (object, "uid"));
          read = expect ("GET", one, editor_token, NULL, SOUP_STATUS_OK);
          json_object_set_int_member (json_node_get_object (expected), "version", 1);
          g_assert_true (json_node_equal (json_object_get_member (object_of (read), "dashboard"),
                                          expected));
          gone = expect ("DELETE", one, editor_token, NULL, SOUP_STATUS_NO_CONTENT);
          stored++;
        }
    }
  g_assert_cmpuint (stored, >=, 10);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_new ();
  bs_test_engine_start (engine, NULL);
  editor_token = bs_test_engine_create_token (engine, "d-editor", "editor", NULL);
  other_editor_token = bs_test_engine_create_token (engine, "d-other-editor", "editor", NULL);
  viewer_token = bs_test_engine_create_token (engine, "d-viewer", "viewer", NULL);

  g_test_add_func ("/bs/engine/dashboards/lifecycle", test_lifecycle);
  g_test_add_func ("/bs/engine/dashboards/unknown-members-kept", test_unknown_members_kept);
  g_test_add_func ("/bs/engine/dashboards/stale-put", test_stale_put);
  g_test_add_func ("/bs/engine/dashboards/validation", test_validation);
  g_test_add_func ("/bs/engine/dashboards/rbac", test_rbac);
  g_test_add_func ("/bs/engine/dashboards/real-dashboards", test_real_dashboards);

  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  g_free (editor_token);
  g_free (other_editor_token);
  g_free (viewer_token);
  bs_test_engine_free (engine);
  return status;
}
