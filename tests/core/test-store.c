#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "bs-migrations.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* The first column of the first row of @sql, as text. */
static char *
query_text (BsStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (bs_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
test_open_creates (BsTestStoreFixture *fixture,
                   gconstpointer       data)
{
  g_autofree char *created_at = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (bs_store_get_path (fixture->store), ==, fixture->path);
  g_assert_cmpuint (bs_store_get_schema_version (fixture->store), ==,
                    bs_migrations_latest_version ());

  created_at = bs_store_get_meta (fixture->store, "created_at");
  g_assert_nonnull (created_at);
  g_assert_true (g_str_has_suffix (created_at, "Z"));
  created = bs_store_parse_iso8601 (created_at);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_difference (now, created), <, 60 * G_TIME_SPAN_SECOND);
}

static void
test_wal_and_foreign_keys (BsTestStoreFixture *fixture,
                           gconstpointer       data)
{
  g_autofree char *journal_mode = query_text (fixture->store, "PRAGMA journal_mode");
  g_autofree char *foreign_keys = query_text (fixture->store, "PRAGMA foreign_keys");
  g_autofree char *busy_timeout = query_text (fixture->store, "PRAGMA busy_timeout");
  g_autofree char *synchronous = query_text (fixture->store, "PRAGMA synchronous");
  g_autofree char *wal_path = g_strconcat (fixture->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpstr (foreign_keys, ==, "1");
  g_assert_cmpstr (busy_timeout, ==, "5000");
  g_assert_cmpstr (synchronous, ==, "1");  /* NORMAL */

  /* The pragmas could lie about a connection that ignores them; the behaviour cannot. */
  bs_store_set_preference (fixture->store, "theme", "dark", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal_path, G_FILE_TEST_EXISTS));

  bs_store_exec (fixture->store,
                 "CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);"
                 "CREATE TEMP TABLE child (parent_id INTEGER REFERENCES parent (id));",
                 &error);
  g_assert_no_error (error);
  g_assert_false (bs_store_exec (fixture->store, "INSERT INTO child VALUES (42)", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
}

static void
test_preferences (BsTestStoreFixture *fixture,
                  gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) all = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;
  g_autofree char *long_key = g_strnfill (200, 'k');
  g_autofree char *too_long_key = g_strnfill (201, 'k');

  missing = bs_store_get_preference (fixture->store, "persona", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (bs_store_set_preference (fixture->store, "persona", "operations", &error));
  g_assert_true (bs_store_set_preference (fixture->store, "persona", "executive", &error));
  g_assert_true (bs_store_set_preference (fixture->store, "currency", "€ (EUR)", &error));
  g_assert_true (bs_store_set_preference (fixture->store, long_key, "x", &error));
  g_assert_no_error (error);

  value = bs_store_get_preference (fixture->store, "persona", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "executive");

  all = bs_store_list_preferences (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (all, "currency"), ==, "€ (EUR)");
  g_assert_cmpstr (g_hash_table_lookup (all, long_key), ==, "x");

  g_assert_false (bs_store_set_preference (fixture->store, "", "x", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (bs_store_set_preference (fixture->store, too_long_key, "x", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "1 to 200"));
}

static void
test_meta (BsTestStoreFixture *fixture,
           gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_null (bs_store_get_meta (fixture->store, "demo_path"));

  g_assert_true (bs_store_set_meta (fixture->store, "demo_path", "/tmp/a.db", &error));
  g_assert_no_error (error);
  first = bs_store_get_meta (fixture->store, "demo_path");
  g_assert_cmpstr (first, ==, "/tmp/a.db");

  g_assert_true (bs_store_set_meta (fixture->store, "demo_path", "/tmp/b.db", &error));
  second = bs_store_get_meta (fixture->store, "demo_path");
  g_assert_cmpstr (second, ==, "/tmp/b.db");
}

static void
test_events (BsTestStoreFixture *fixture,
             gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  BsStoreEvent *event;

  g_assert_true (bs_store_add_event (fixture->store, "token.created", "studio",
                                     "{\"id\":1}", &error));
  g_assert_true (bs_store_add_event (fixture->store, "preference.changed", "ci", NULL, &error));
  g_assert_true (bs_store_add_event (fixture->store, "token.revoked", "studio",
                                     "{\"id\":1,\"why\":\"leaked\"}", &error));
  g_assert_no_error (error);

  g_assert_false (bs_store_add_event (fixture->store, "broken", "ci", "{not json", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_clear_error (&error);

  events = bs_store_list_events (fixture->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);

  /* Newest first: the same second, so the order of insertion decides. */
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->kind, ==, "token.revoked");
  g_assert_cmpstr (event->detail_json, ==, "{\"id\":1,\"why\":\"leaked\"}");
  g_assert_nonnull (event->at);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (event->kind, ==, "preference.changed");
  g_assert_cmpstr (event->actor, ==, "ci");
  g_assert_cmpstr (event->detail_json, ==, "{}");

  latest = bs_store_list_events (fixture->store, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 2);
}

static void
test_transactions (BsTestStoreFixture *fixture,
                   gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rolled_back = NULL;
  g_autofree char *committed = NULL;

  g_assert_true (bs_store_begin (fixture->store, &error));
  g_assert_true (bs_store_set_preference (fixture->store, "a", "1", &error));
  bs_store_rollback (fixture->store);
  rolled_back = bs_store_get_preference (fixture->store, "a", &error);
  g_assert_no_error (error);
  g_assert_null (rolled_back);

  g_assert_true (bs_store_begin (fixture->store, &error));
  g_assert_true (bs_store_set_preference (fixture->store, "a", "2", &error));
  g_assert_true (bs_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  committed = bs_store_get_preference (fixture->store, "a", &error);
  g_assert_cmpstr (committed, ==, "2");

  /* Rolling back with no transaction open is harmless. */
  bs_store_rollback (fixture->store);
}

static void
test_reopen_keeps_data (BsTestStoreFixture *fixture,
                        gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *created_at = bs_store_get_meta (fixture->store, "created_at");
  g_autofree char *created_again = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) events = NULL;

  bs_store_set_preference (fixture->store, "persona", "engineer", &error);
  bs_store_add_event (fixture->store, "preference.changed", "test", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  fixture->store = bs_store_open (fixture->path, &error);
  g_assert_no_error (error);
  value = bs_store_get_preference (fixture->store, "persona", &error);
  g_assert_cmpstr (value, ==, "engineer");
  events = bs_store_list_events (fixture->store, NULL, 0, &error);
  g_assert_cmpuint (events->len, ==, 1);
  created_again = bs_store_get_meta (fixture->store, "created_at");
  g_assert_cmpstr (created_again, ==, created_at);
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  g_file_set_contents (path, "These are not the tables you are looking for.\n"
                       "They are not tables at all, and this is long enough to be a page.\n",
                       -1, &error);
  g_assert_no_error (error);

  store = bs_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, path));

  /* Refusing must not have touched the file. */
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_true (g_str_has_prefix (contents, "These are not"));
  bs_test_remove_tree (dir);
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "not-yet", "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  store = bs_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  bs_test_remove_tree (dir);
}

static void
test_foreign_database (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "sales.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE sales (id INTEGER)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  store = bs_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a"));
  bs_test_remove_tree (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *newer = g_strdup_printf ("%u", bs_migrations_latest_version () + 1);
  g_autofree char *known = g_strdup_printf ("%u", bs_migrations_latest_version ());
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %s", newer);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  store = bs_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, set_version, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = bs_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, newer));
  g_assert_nonnull (strstr (error->message, known));
  g_assert_nonnull (strstr (error->message, path));

  /* The newer file keeps its version: nothing was downgraded. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, bs_migrations_latest_version () + 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  bs_test_remove_tree (dir);
}

/* Permission bits do not stop root, so as root the check runs as "nobody". */
static gboolean
drop_root (void)
{
  if (geteuid () != 0)
    return TRUE;

  return setgid (65534) == 0 && setuid (65534) == 0;
}

static void
read_only_dir_child (const char *dir)
{
  g_autofree char *new_path = g_build_filename (dir, "ro", "new.db", NULL);
  g_autofree char *old_path = g_build_filename (dir, "ro", "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  g_assert_true (drop_root ());

  store = bs_store_open (new_path, &error);
  g_assert_null (store);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, new_path));
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* An existing workspace there either refuses to open or refuses to change, and says
   * that it is read-only either way. */
  store = bs_store_open (old_path, &error);
  if (store != NULL)
    bs_store_set_preference (store, "theme", "light", &error);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_READ_ONLY);
  /* The parent captures a child's stdout, and checks it to know the child got here. */
  g_print ("Existing read-only workspace: %s\n", error->message);
}

static void
test_read_only_dir (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *ro = NULL;
  g_autofree char *old_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  if (g_test_subprocess ())
    {
      read_only_dir_child (g_getenv ("BS_TEST_DIR"));
      return;
    }

  dir = bs_test_make_tmp_dir ();
  ro = g_build_filename (dir, "ro", NULL);
  old_path = g_build_filename (ro, "old.db", NULL);
  g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
  store = bs_store_open (old_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (old_path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  g_setenv ("BS_TEST_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  /* The child got to the end, instead of skipping. */
  g_test_trap_assert_stdout ("*Existing read-only workspace:*read-only*");
  bs_test_remove_tree (dir);
}

static void
test_disk_full (BsTestStoreFixture *fixture,
                gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  g_autofree char *value = NULL;

  /* A page limit is a full disk as SQLite sees it: the same SQLITE_FULL. */
  bs_store_exec (fixture->store, "PRAGMA max_page_count = 1", &error);
  g_assert_no_error (error);

  g_assert_false (bs_store_set_preference (fixture->store, "notes", big, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_clear_error (&error);

  value = bs_store_get_preference (fixture->store, "notes", &error);
  g_assert_no_error (error);
  g_assert_null (value);
}

static void
test_busy (BsTestStoreFixture *fixture,
           gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) other = bs_store_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_true (bs_store_begin (fixture->store, &error));

  /* Five seconds is right for people and too long for a test. */
  sqlite3_busy_timeout (bs_store_get_db (other), 50);
  g_assert_false (bs_store_set_preference (other, "theme", "dark", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_BUSY);
  g_clear_error (&error);

  bs_store_rollback (fixture->store);
  g_assert_true (bs_store_set_preference (other, "theme", "dark", &error));
  g_assert_no_error (error);
}

static void
test_iso8601 (void)
{
  g_autoptr(GDateTime) parsed = bs_store_parse_iso8601 ("2026-11-24T14:05:00+01:00");
  g_autoptr(GDateTime) no_zone = bs_store_parse_iso8601 ("2026-11-24T13:05:00");
  g_autofree char *formatted = NULL;
  g_autofree char *formatted_no_zone = NULL;
  g_autofree char *now = bs_store_now_iso8601 ();

  g_assert_nonnull (parsed);
  formatted = bs_store_format_iso8601 (parsed);
  g_assert_cmpstr (formatted, ==, "2026-11-24T13:05:00Z");
  formatted_no_zone = bs_store_format_iso8601 (no_zone);
  g_assert_cmpstr (formatted_no_zone, ==, "2026-11-24T13:05:00Z");

  g_assert_cmpuint (strlen (now), ==, strlen ("2026-11-24T13:05:00Z"));
  g_assert_true (g_str_has_suffix (now, "Z"));
  g_assert_null (bs_store_parse_iso8601 ("next tuesday"));
  g_assert_null (bs_store_parse_iso8601 (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) BS_TEST_ADD_STORE_TEST ("/bs/store/" path, func)
  ADD ("open-creates", test_open_creates);
  ADD ("wal-and-foreign-keys", test_wal_and_foreign_keys);
  ADD ("preferences", test_preferences);
  ADD ("meta", test_meta);
  ADD ("events", test_events);
  ADD ("transactions", test_transactions);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);
  ADD ("disk-full", test_disk_full);
  ADD ("busy", test_busy);
#undef ADD
  g_test_add_func ("/bs/store/not-a-database", test_not_a_database);
  g_test_add_func ("/bs/store/missing-folder", test_missing_folder);
  g_test_add_func ("/bs/store/foreign-database", test_foreign_database);
  g_test_add_func ("/bs/store/too-new", test_too_new);
  g_test_add_func ("/bs/store/read-only-dir", test_read_only_dir);
  g_test_add_func ("/bs/store/iso8601", test_iso8601);

  return g_test_run ();
}
