/* The dashboard store on real SQLite files: documents checked before they are written,
 * versions numbered from 1 and kept on every save, a stale save refused, restoring an old
 * version as a new one, the versions going with a deleted dashboard, and everything still
 * there when the file is opened again. */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-dashboard-store.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* Members the store does not know, which must come back as they went in. */
#define EXTRAS \
  "\"links\":[{\"title\":\"Runbook\",\"url\":\"https://example.org\"}]," \
  "\"annotations\":{\"list\":[{\"builtIn\":1,\"name\":\"Annotations\"}]}," \
  "\"templating\":{\"list\":[{\"name\":\"region\",\"type\":\"custom\"}]}"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
make_document (const char *title,
               const char *uid)
{
  g_autofree char *uid_member = uid != NULL ? g_strdup_printf ("\"uid\":\"%s\",", uid)
                                            : g_strdup ("");
  g_autofree char *text = g_strdup_printf (
    "{%s\"title\":\"%s\",\"schemaVersion\":39," EXTRAS ","
    "\"panels\":["
    "{\"id\":1,\"type\":\"timeseries\",\"title\":\"Sales\","
    "\"gridPos\":{\"x\":0,\"y\":0,\"w\":12,\"h\":8}},"
    "{\"id\":2,\"type\":\"row\",\"title\":\"Details\",\"collapsed\":true,"
    "\"gridPos\":{\"x\":0,\"y\":8,\"w\":24,\"h\":1},"
    "\"panels\":[{\"id\":3,\"type\":\"stat\",\"title\":\"Stock\"},"
    "{\"id\":4,\"type\":\"some-plugin-panel\",\"title\":\"Plugin\"}]},"
    "{\"id\":5,\"type\":\"row\",\"title\":\"Open\",\"collapsed\":false,\"panels\":[]}"
    "]}", uid_member, title);

  return parse (text);
}

static int
count_rows (BsStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_prepare_v2 (bs_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static JsonObject *
document_object (BsDashboardRecord *record)
{
  g_assert_nonnull (record->document);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (record->document));
  return json_node_get_object (record->document);
}

static BsDashboardRecord *
insert_ok (BsStore    *store,
           const char *title,
           const char *uid)
{
  g_autoptr(JsonNode) document = make_document (title, uid);
  g_autoptr(GError) error = NULL;
  BsDashboardRecord *record;

  record = bs_dashboard_store_insert (store, document, 7, "ana", "first save", &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static BsDashboardRecord *
update_ok (BsStore    *store,
           const char *uid,
           const char *title,
           gint64      base_version,
           const char *message)
{
  g_autoptr(JsonNode) document = make_document (title, NULL);
  g_autoptr(GError) error = NULL;
  BsDashboardRecord *record;

  record = bs_dashboard_store_update (store, uid, document, base_version, "ben", message,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
test_insert_and_get (BsTestStoreFixture *fixture,
                     gconstpointer       data)
{
  g_autoptr(JsonNode) original = make_document ("Shop floor", NULL);
  g_autoptr(BsDashboardRecord) record = insert_ok (fixture->store, "Shop floor", NULL);
  g_autoptr(BsDashboardRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = document_object (record);
  const char *members[] = { "links", "annotations", "templating", "panels", "schemaVersion" };

  g_assert_cmpuint (strlen (record->uid), ==, 14);
  for (const char *p = record->uid; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p));
  g_assert_cmpstr (record->title, ==, "Shop floor");
  g_assert_cmpint (record->version, ==, 1);
  g_assert_false (record->published);
  g_assert_cmpint (record->owner_token_id, ==, 7);
  g_assert_cmpstr (record->owner_name, ==, "ana");
  g_assert_nonnull (record->created_at);
  g_assert_true (g_date_time_equal (record->created_at, record->updated_at));
  /* Sales, Stock and Plugin: the rows are not panels, a collapsed row's children are. */
  g_assert_cmpuint (record->panel_count, ==, 3);

  /* The stored document says which dashboard and version it is... */
  g_assert_cmpstr (json_object_get_string_member (object, "uid"), ==, record->uid);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  /* ...and keeps everything else untouched. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_node_equal (json_object_get_member (object, members[i]),
                                    json_object_get_member (json_node_get_object (original),
                                                            members[i])));

  again = bs_dashboard_store_get (fixture->store, record->uid, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (again->document, record->document));
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboard_versions"), ==, 1);
}

static void
test_own_uid (BsTestStoreFixture *fixture,
              gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) record = insert_ok (fixture->store, "Stock", "stock_watch-01");
  g_autoptr(JsonNode) duplicate = make_document ("Other", "stock_watch-01");
  g_autoptr(BsDashboardRecord) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (record->uid, ==, "stock_watch-01");

  refused = bs_dashboard_store_insert (fixture->store, duplicate, 0, "ben", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "stock_watch-01"));
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboards"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboard_versions"), ==, 1);
}

static void
test_validation (BsTestStoreFixture *fixture,
                 gconstpointer       data)
{
  g_autofree char *long_title = g_strnfill (BS_DASHBOARD_TITLE_MAX + 1, 'x');
  g_autofree char *long_document = g_strdup_printf ("{\"title\":\"%s\"}", long_title);
  g_autofree char *longest_title = g_strnfill (BS_DASHBOARD_TITLE_MAX, 'x');
  g_autofree char *longest_document = g_strdup_printf ("{\"title\":\"%s\"}", longest_title);
  const struct
  {
    const char *document;
    const char *message;
  } bad[] = {
    { "[1, 2]", "JSON object" },
    { "\"Sales\"", "JSON object" },
    { "{}", "no “title”" },
    { "{\"title\":null}", "no “title”" },
    { "{\"title\":42}", "“title” must be a string" },
    { "{\"title\":\"  \"}", "“title” is empty" },
    { long_document, "5001 characters" },
    { "{\"title\":\"T\",\"uid\":7}", "“uid” must be a string" },
    { "{\"title\":\"T\",\"uid\":\"short\"}", "“uid” “short” must be 8 to 40" },
    { "{\"title\":\"T\",\"uid\":\"has space in it\"}", "“uid” “has space in it”" },
    { "{\"title\":\"T\",\"uid\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", "8 to 40" },
    { "{\"title\":\"T\",\"panels\":{}}", "“panels” must be an array" },
    { "{\"title\":\"T\",\"panels\":[{\"id\":1},3]}", "Panel 2 of the dashboard (“panels[1]”)" },
  };
  const char *good[] = {
    longest_document,
    "{\"title\":\"Minimal\"}",
    "{\"title\":\"Null uid\",\"uid\":null}",
    "{\"title\":\"Forty\",\"uid\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
    "{\"title\":\"Eight\",\"uid\":\"a-b_c-d_\"}",
    "{\"title\":\"Ünïcödé “dashboard”\",\"panels\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) document = parse (bad[i].document);
      g_autoptr(BsDashboardRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("bad document %u", i);
      record = bs_dashboard_store_insert (fixture->store, document, 0, "ana", NULL, &error);
      g_assert_null (record);
      g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_INVALID);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, bad[i].message);
    }
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboards"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(JsonNode) document = parse (good[i]);
      g_autoptr(BsDashboardRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("good document %u", i);
      record = bs_dashboard_store_insert (fixture->store, document, 0, "ana", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (record->panel_count, ==, 0);
    }
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboards"), ==,
                   G_N_ELEMENTS (good));
}

static void
test_versions (BsTestStoreFixture *fixture,
               gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) first = insert_ok (fixture->store, "Sales v1", NULL);
  g_autoptr(BsDashboardRecord) second = update_ok (fixture->store, first->uid, "Sales v2", 1,
                                                    "renamed");
  g_autoptr(BsDashboardRecord) third = update_ok (fixture->store, first->uid, "Sales v3", 2,
                                                   NULL);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(BsDashboardVersion) old = NULL;
  g_autoptr(BsDashboardVersion) missing = NULL;
  g_autoptr(GError) error = NULL;
  BsDashboardVersion *newest;

  g_assert_cmpint (second->version, ==, 2);
  g_assert_cmpint (third->version, ==, 3);
  g_assert_cmpstr (third->title, ==, "Sales v3");
  g_assert_cmpstr (third->uid, ==, first->uid);
  /* The owner is who made it, not who saved last. */
  g_assert_cmpstr (third->owner_name, ==, "ana");
  g_assert_cmpint (json_object_get_int_member (document_object (third), "version"), ==, 3);

  versions = bs_dashboard_store_list_versions (fixture->store, first->uid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 3);
  newest = g_ptr_array_index (versions, 0);
  g_assert_cmpint (newest->version, ==, 3);
  g_assert_cmpstr (newest->title, ==, "Sales v3");
  g_assert_cmpstr (newest->saved_by, ==, "ben");
  g_assert_cmpstr (newest->message, ==, "");
  g_assert_null (newest->document);
  g_assert_cmpstr (((BsDashboardVersion *) g_ptr_array_index (versions, 1))->message, ==,
                   "renamed");
  g_assert_cmpstr (((BsDashboardVersion *) g_ptr_array_index (versions, 2))->saved_by, ==,
                   "ana");
  g_assert_cmpstr (((BsDashboardVersion *) g_ptr_array_index (versions, 2))->message, ==,
                   "first save");

  old = bs_dashboard_store_get_version (fixture->store, first->uid, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (old->version, ==, 1);
  g_assert_true (json_node_equal (old->document, first->document));

  missing = bs_dashboard_store_get_version (fixture->store, first->uid, 4, &error);
  g_assert_null (missing);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "1 to 3"));
}

static void
test_conflict (BsTestStoreFixture *fixture,
               gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) first = insert_ok (fixture->store, "Stock", NULL);
  g_autoptr(BsDashboardRecord) theirs = update_ok (fixture->store, first->uid, "Theirs", 1, NULL);
  g_autoptr(JsonNode) mine = make_document ("Mine", NULL);
  g_autoptr(BsDashboardRecord) refused = NULL;
  g_autoptr(BsDashboardRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* I opened version 1; they saved version 2 since. */
  refused = bs_dashboard_store_update (fixture->store, first->uid, mine, 1, "ana", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Someone else saved"));
  g_assert_nonnull (strstr (error->message, "current version is 2"));
  g_clear_error (&error);

  /* A version from the future is no better. */
  refused = bs_dashboard_store_update (fixture->store, first->uid, mine, 5, "ana", NULL, &error);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  stored = bs_dashboard_store_get (fixture->store, first->uid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->title, ==, "Theirs");
  g_assert_cmpint (stored->version, ==, 2);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboard_versions"), ==, 2);

  refused = bs_dashboard_store_update (fixture->store, "no-such-dashboard", mine, 1, "ana", NULL,
                                       &error);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
}

static void
test_uid_cannot_change (BsTestStoreFixture *fixture,
                        gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) first = insert_ok (fixture->store, "Stock", "stock-dashboard");
  g_autoptr(JsonNode) renamed = make_document ("Stock", "another-uid");
  g_autoptr(JsonNode) same = make_document ("Stock again", "stock-dashboard");
  g_autoptr(BsDashboardRecord) refused = NULL;
  g_autoptr(BsDashboardRecord) saved = NULL;
  g_autoptr(GError) error = NULL;

  refused = bs_dashboard_store_update (fixture->store, first->uid, renamed, 1, "ana", NULL,
                                       &error);
  g_assert_null (refused);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“another-uid”"));
  g_clear_error (&error);

  saved = bs_dashboard_store_update (fixture->store, first->uid, same, 1, "ana", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->version, ==, 2);
}

static void
test_restore (BsTestStoreFixture *fixture,
              gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) first = insert_ok (fixture->store, "Original", NULL);
  g_autoptr(BsDashboardRecord) second = update_ok (fixture->store, first->uid, "Edited", 1, NULL);
  g_autoptr(BsDashboardRecord) restored = NULL;
  g_autoptr(BsDashboardRecord) refused = NULL;
  g_autoptr(BsDashboardVersion) kept = NULL;
  g_autoptr(JsonNode) expected = json_node_copy (first->document);
  g_autoptr(GError) error = NULL;

  restored = bs_dashboard_store_restore (fixture->store, first->uid, 1, "ben", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (restored->version, ==, 3);
  g_assert_cmpstr (restored->title, ==, "Original");
  /* The old document, saying it is version 3 now. */
  json_object_set_int_member (json_node_get_object (expected), "version", 3);
  g_assert_true (json_node_equal (restored->document, expected));

  /* Nothing lost: the edited version is still there. */
  kept = bs_dashboard_store_get_version (fixture->store, first->uid, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->title, ==, "Edited");
  g_clear_pointer (&kept, bs_dashboard_version_free);
  kept = bs_dashboard_store_get_version (fixture->store, first->uid, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->message, ==, "Restored version 1");
  g_assert_cmpstr (kept->saved_by, ==, "ben");

  refused = bs_dashboard_store_restore (fixture->store, first->uid, 9, "ben", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (fixture->store, "SELECT max(version) FROM dashboards"), ==, 3);
}

static void
test_delete_cascades (BsTestStoreFixture *fixture,
                      gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) gone = insert_ok (fixture->store, "Gone", NULL);
  g_autoptr(BsDashboardRecord) kept = insert_ok (fixture->store, "Kept", NULL);
  g_autoptr(BsDashboardRecord) second = update_ok (fixture->store, gone->uid, "Gone 2", 1, NULL);
  g_autoptr(BsDashboardRecord) missing = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboard_versions"), ==, 3);
  g_assert_true (bs_dashboard_store_delete (fixture->store, gone->uid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboard_versions"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboards"), ==, 1);

  missing = bs_dashboard_store_get (fixture->store, gone->uid, &error);
  g_assert_null (missing);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, gone->uid));
  g_clear_error (&error);

  versions = bs_dashboard_store_list_versions (fixture->store, gone->uid, &error);
  g_assert_null (versions);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (bs_dashboard_store_delete (fixture->store, gone->uid, &error));
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
}

static void
test_list_and_publish (BsTestStoreFixture *fixture,
                       gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) b = insert_ok (fixture->store, "beta", "dash-beta");
  g_autoptr(BsDashboardRecord) a = insert_ok (fixture->store, "Alpha", "dash-alpha");
  g_autoptr(BsDashboardRecord) published = NULL;
  g_autoptr(BsDashboardRecord) missing = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  BsDashboardRecord *first;

  published = bs_dashboard_store_set_published (fixture->store, "dash-beta", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (published->published);
  /* Publishing is not a new version of what the dashboard shows. */
  g_assert_cmpint (published->version, ==, 1);

  list = bs_dashboard_store_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpstr (first->uid, ==, "dash-alpha");
  g_assert_false (first->published);
  g_assert_null (first->document);
  g_assert_cmpuint (first->panel_count, ==, 3);
  g_assert_cmpstr (((BsDashboardRecord *) g_ptr_array_index (list, 1))->uid, ==, "dash-beta");
  g_assert_true (((BsDashboardRecord *) g_ptr_array_index (list, 1))->published);

  missing = bs_dashboard_store_set_published (fixture->store, "dash-gamma", TRUE, &error);
  g_assert_null (missing);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_NOT_FOUND);
}

static void
test_reopen (BsTestStoreFixture *fixture,
             gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) first = insert_ok (fixture->store, "Kept on disk", NULL);
  g_autoptr(BsDashboardRecord) second = update_ok (fixture->store, first->uid, "Still kept", 1,
                                                    NULL);
  g_autoptr(BsStore) reopened = NULL;
  g_autoptr(BsDashboardRecord) read = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  reopened = bs_store_open (fixture->path, &error);
  g_assert_no_error (error);
  read = bs_dashboard_store_get (reopened, first->uid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->version, ==, 2);
  g_assert_true (json_node_equal (read->document, second->document));
  versions = bs_dashboard_store_list_versions (reopened, first->uid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
}

/* Inside the engine's transaction a failed save takes back only its own part. */
static void
test_nested (BsTestStoreFixture *fixture,
             gconstpointer       data)
{
  g_autoptr(BsDashboardRecord) first = NULL;
  g_autoptr(BsDashboardRecord) refused = NULL;
  g_autoptr(JsonNode) duplicate = make_document ("Twice", "nested-uid");
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_store_begin (fixture->store, &error));
  first = insert_ok (fixture->store, "Once", "nested-uid");
  refused = bs_dashboard_store_insert (fixture->store, duplicate, 0, "ana", NULL, &error);
  g_assert_error (error, BS_DASHBOARD_STORE_ERROR, BS_DASHBOARD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (bs_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboards"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM dashboard_versions"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/insert-and-get", test_insert_and_get);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/own-uid", test_own_uid);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/validation", test_validation);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/versions", test_versions);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/conflict", test_conflict);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/uid-cannot-change", test_uid_cannot_change);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/restore", test_restore);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/delete-cascades", test_delete_cascades);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/list-and-publish", test_list_and_publish);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/reopen", test_reopen);
  BS_TEST_ADD_STORE_TEST ("/bs/dashboard-store/nested", test_nested);

  return g_test_run ();
}
