#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-data-source.h"
#include "bs-migrations.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* What each version adds, so that a test notices a table that appears too early or not
 * at all. Kept by hand on purpose: it is the schema as released. */
static const struct
{
  guint       version;
  const char *objects[10];
} schema_by_version[] = {
  { 1, { "meta", "preferences", "data_sources", NULL } },
  { 2, { "api_tokens", NULL } },
  { 3, { "events", "events_at", NULL } },
  { 4, { NULL } },   /* data_sources.settings: see has_settings_column () */
  { 5, { "contact_points", "alert_rules", "alert_instances", "alert_history",
         "alert_history_rule", "notifications", "notifications_due", "notifications_rule",
         "silences", NULL } },
  { 6, { "dashboards", "dashboard_versions", NULL } },
  { 7, { "grafana_instances", NULL } },
};

static gboolean
has_schema_object (BsStore    *store,
                   const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  sqlite3_prepare_v2 (bs_store_get_db (store),
                      "SELECT 1 FROM sqlite_schema WHERE name = ?1", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
has_settings_column (BsStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  sqlite3_prepare_v2 (bs_store_get_db (store),
                      "SELECT 1 FROM pragma_table_info ('data_sources') WHERE name = 'settings'",
                      -1, &stmt, NULL);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static int
count_rows (BsStore    *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_prepare_v2 (bs_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static void
exec_ok (BsStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  bs_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
assert_schema_is (BsStore *store,
                  guint    version)
{
  g_assert_cmpuint (bs_store_get_schema_version (store), ==, version);

  for (guint i = 0; i < G_N_ELEMENTS (schema_by_version); i++)
    {
      for (guint j = 0; schema_by_version[i].objects[j] != NULL; j++)
        {
          const char *name = schema_by_version[i].objects[j];

          if (schema_by_version[i].version <= version)
            g_assert_true (has_schema_object (store, name));
          else
            g_assert_false (has_schema_object (store, name));
        }
    }

  g_assert_true (has_settings_column (store) == (version >= 4));
}

/* Rows that are valid at @version, one set per table that version has. */
static void
insert_rows_at (BsStore *store,
                guint    version)
{
  if (version >= 1)
    exec_ok (store,
             "INSERT INTO meta VALUES ('origin', 'migration test');"
             "INSERT INTO preferences VALUES ('persona', 'executive', '2026-11-24T13:05:00Z');"
             "INSERT INTO data_sources (name, kind, location, is_demo, created_at)"
             " VALUES ('Demo retail', 'sqlite', '/tmp/demo.db', 1, '2026-11-24T13:05:00Z');");
  if (version >= 2)
    exec_ok (store,
             "INSERT INTO api_tokens (name, role, secret_hash, created_at)"
             " VALUES ('ci', 'viewer', 'abc123', '2026-11-24T13:05:00Z');");
  if (version >= 3)
    exec_ok (store,
             "INSERT INTO events (at, kind, actor, detail)"
             " VALUES ('2026-11-24T13:05:00Z', 'token.created', 'ci', '{\"id\":1}');");
  if (version >= 4)
    exec_ok (store,
             "INSERT INTO data_sources (name, kind, location, created_at, settings)"
             " VALUES ('Metrics', 'prometheus', 'http://127.0.0.1:9090',"
             " '2026-11-24T13:05:00Z', '{\"url\":\"http://127.0.0.1:9090\"}');");
  if (version >= 5)
    exec_ok (store,
             "INSERT INTO contact_points (name, kind, created_at, updated_at)"
             " VALUES ('Ops', 'webhook', '2026-11-24T13:05:00Z', '2026-11-24T13:05:00Z');"
             "INSERT INTO alert_rules (uid, title, definition, source_id, contact_point_id,"
             "  owner_name, visibility, interval_seconds, created_at, updated_at)"
             " VALUES ('low-stock', 'Low stock', '{}', 1, 1, 'ci', 'shared', 60,"
             "  '2026-11-24T13:05:00Z', '2026-11-24T13:05:00Z');"
             "INSERT INTO alert_instances (rule_id, series_key, labels, state, started_at,"
             "  last_eval_at) VALUES (1, '{}', '{}', 'alerting', 1, 1);"
             "INSERT INTO alert_history (rule_id, at, series_key, labels, from_state, to_state)"
             " VALUES (1, 1, '{}', '{}', 'normal', 'alerting');"
             "INSERT INTO notifications (idempotency_key, rule_id, contact_point_id, kind,"
             "  payload, created_at, next_attempt_at) VALUES ('low-stock:firing:1', 1, 1,"
             "  'firing', '{}', 1, 1);"
             "INSERT INTO silences (matchers, starts_at, ends_at, created_by, created_at)"
             " VALUES ('[]', 1, 2, 'ci', 1);");
}

static void
assert_rows_from (BsStore *store,
                  guint    version)
{
  g_autofree char *persona = NULL;
  g_autofree char *origin = NULL;

  if (version >= 1)
    {
      persona = bs_store_get_preference (store, "persona", NULL);
      origin = bs_store_get_meta (store, "origin");
      g_assert_cmpstr (persona, ==, "executive");
      g_assert_cmpstr (origin, ==, "migration test");
      g_assert_cmpint (count_rows (store, "data_sources"), ==, version >= 4 ? 2 : 1);
    }
  if (version >= 2)
    g_assert_cmpint (count_rows (store, "api_tokens"), ==, 1);
  if (version >= 3)
    g_assert_cmpint (count_rows (store, "events"), ==, 1);
  if (version >= 5)
    {
      const char *tables[] = { "contact_points", "alert_rules", "alert_instances",
                               "alert_history", "notifications", "silences" };

      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        g_assert_cmpint (count_rows (store, tables[i]), ==, 1);
    }
}

static void
test_versions (void)
{
  const BsMigration *migrations;
  guint n_migrations = 0;

  migrations = bs_migrations_get (&n_migrations);
  g_assert_cmpuint (n_migrations, ==, G_N_ELEMENTS (schema_by_version));
  g_assert_cmpuint (bs_migrations_latest_version (), ==, n_migrations);

  for (guint i = 0; i < n_migrations; i++)
    {
      g_assert_cmpuint (migrations[i].version, ==, i + 1);
      g_assert_cmpuint (strlen (migrations[i].description), >, 0);
      g_assert_cmpuint (strlen (migrations[i].sql), >, 0);
      g_assert_true (sqlite3_complete (migrations[i].sql));
    }
}

static void
test_each_from_empty (void)
{
  for (guint version = 1; version <= bs_migrations_latest_version (); version++)
    {
      g_autofree char *dir = bs_test_make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BsStore) store = NULL;

      g_test_message ("Empty file to version %u", version);
      store = bs_store_open_at_version (path, version, &error);
      g_assert_no_error (error);
      assert_schema_is (store, version);
      insert_rows_at (store, version);
      assert_rows_from (store, version);

      g_clear_object (&store);
      bs_test_remove_tree (dir);
    }
}

static void
test_each_from_previous (void)
{
  for (guint version = 1; version <= bs_migrations_latest_version (); version++)
    {
      g_autofree char *dir = bs_test_make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BsStore) store = NULL;

      g_test_message ("Version %u to version %u", version - 1, version);
      store = bs_store_open_at_version (path, version - 1, &error);
      g_assert_no_error (error);
      assert_schema_is (store, version - 1);
      insert_rows_at (store, version - 1);
      g_clear_object (&store);

      store = bs_store_open_at_version (path, version, &error);
      g_assert_no_error (error);
      assert_schema_is (store, version);
      assert_rows_from (store, version - 1);
      g_clear_object (&store);

      /* And on to the latest, as a real upgrade does. */
      store = bs_store_open (path, &error);
      g_assert_no_error (error);
      assert_schema_is (store, bs_migrations_latest_version ());
      assert_rows_from (store, version - 1);

      g_clear_object (&store);
      bs_test_remove_tree (dir);
    }
}

static void
test_failed_migration_keeps_last_version (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  store = bs_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  insert_rows_at (store, 1);
  /* Something in the way of version 2 makes its migration fail half-way. */
  exec_ok (store, "CREATE TABLE api_tokens (anything TEXT)");
  g_clear_object (&store);

  store = bs_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "version 2"));
  g_assert_nonnull (strstr (error->message, "API tokens"));
  g_clear_error (&error);

  store = bs_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_store_get_schema_version (store), ==, 1);
  assert_rows_from (store, 1);
  g_assert_cmpint (count_rows (store, "api_tokens"), ==, 0);
  g_assert_false (has_schema_object (store, "events"));

  g_clear_object (&store);
  bs_test_remove_tree (dir);
}

/* Version 4 moves the location of every existing source into its settings. */
static void
test_settings_from_location (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  BsDataSource *source;

  store = bs_store_open_at_version (path, 3, &error);
  g_assert_no_error (error);
  insert_rows_at (store, 3);
  exec_ok (store,
           "INSERT INTO data_sources (name, kind, location, created_at) VALUES"
           " ('Exports', 'csv', '/tmp/exports.csv', '2026-11-24T13:05:00Z'),"
           " ('Metrics', 'prometheus', 'http://127.0.0.1:9090/', '2026-11-24T13:05:00Z'),"
           " ('Grafana', 'grafana', 'https://grafana.example/', '2026-11-24T13:05:00Z');");
  g_clear_object (&store);

  store = bs_store_open (path, &error);
  g_assert_no_error (error);
  sources = bs_data_source_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 4);

  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (source->name, ==, "Demo retail");
  g_assert_true (source->is_demo);
  g_assert_cmpstr (bs_data_source_get_path (source), ==, "/tmp/demo.db");
  g_assert_cmpstr (bs_data_source_get_sqlite_file (source), ==, "/tmp/demo.db");
  g_assert_null (bs_data_source_get_url (source));
  g_assert_cmpuint (json_object_get_size (source->settings), ==, 1);

  source = g_ptr_array_index (sources, 1);
  g_assert_cmpstr (bs_data_source_get_file (source), ==, "/tmp/exports.csv");
  g_assert_null (bs_data_source_get_path (source));

  source = g_ptr_array_index (sources, 2);
  g_assert_cmpstr (bs_data_source_get_url (source), ==, "http://127.0.0.1:9090/");

  source = g_ptr_array_index (sources, 3);
  g_assert_cmpstr (bs_data_source_get_url (source), ==, "https://grafana.example/");
  g_assert_cmpstr (source->location, ==, "https://grafana.example/");

  g_clear_object (&store);
  bs_test_remove_tree (dir);
}

static void
assert_refused (BsStore    *store,
                const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bs_store_exec (store, sql, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
}

static void
test_constraints (void)
{
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *long_key = g_strnfill (201, 'k');
  g_autofree char *long_key_sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  store = bs_store_open (path, &error);
  g_assert_no_error (error);
  insert_rows_at (store, bs_migrations_latest_version ());

  long_key_sql = g_strdup_printf ("INSERT INTO preferences VALUES ('%s', 'v', 'now')", long_key);
  assert_refused (store, "INSERT INTO preferences VALUES ('', 'v', 'now')");
  assert_refused (store, long_key_sql);
  assert_refused (store, "INSERT INTO preferences VALUES ('k', NULL, 'now')");
  assert_refused (store,
                  "INSERT INTO data_sources (name, kind, location, created_at)"
                  " VALUES ('Oracle', 'oracle', 'db://x', 'now')");
  assert_refused (store,
                  "INSERT INTO data_sources (name, kind, location, created_at)"
                  " VALUES ('Demo retail', 'csv', '/tmp/x.csv', 'now')");
  assert_refused (store,
                  "INSERT INTO api_tokens (name, role, secret_hash, created_at)"
                  " VALUES ('root', 'root', 'def', 'now')");
  assert_refused (store,
                  "INSERT INTO api_tokens (name, role, secret_hash, created_at)"
                  " VALUES ('copy', 'admin', 'abc123', 'now')");
  assert_refused (store,
                  "INSERT INTO data_sources (name, kind, location, created_at, settings)"
                  " VALUES ('Broken', 'sqlite', '/tmp/x.db', 'now', '{path')");
  assert_refused (store,
                  "INSERT INTO events (at, kind, actor, detail)"
                  " VALUES ('now', 'x', 'y', 'not json')");

  exec_ok (store, "INSERT INTO events (at, kind, actor) VALUES ('now', 'x', 'y')");
  g_assert_cmpint (count_rows (store, "events"), ==, 2);

  /* Version 5: a source or contact point in use cannot go; a rule takes its rows along,
   * except the outbox's, which only forget it. */
  assert_refused (store, "DELETE FROM data_sources WHERE id = 1");
  assert_refused (store, "DELETE FROM contact_points WHERE id = 1");
  assert_refused (store,
                  "INSERT INTO contact_points (name, kind, created_at, updated_at)"
                  " VALUES ('Pager', 'pager', 'now', 'now')");
  assert_refused (store,
                  "INSERT INTO notifications (idempotency_key, kind, payload, created_at,"
                  " next_attempt_at) VALUES ('low-stock:firing:1', 'test', '{}', 1, 1)");
  assert_refused (store,
                  "INSERT INTO notifications (idempotency_key, kind, payload, status,"
                  " created_at, next_attempt_at) VALUES ('k2', 'test', '{}', 'lost', 1, 1)");
  assert_refused (store,
                  "INSERT INTO alert_rules (uid, title, definition, source_id, owner_name,"
                  " visibility, interval_seconds, created_at, updated_at)"
                  " VALUES ('x', 'X', '{', 1, 'ci', 'shared', 60, 'now', 'now')");
  assert_refused (store,
                  "INSERT INTO alert_rules (uid, title, definition, source_id, owner_name,"
                  " visibility, interval_seconds, created_at, updated_at)"
                  " VALUES ('x', 'X', '{}', 42, 'ci', 'team', 60, 'now', 'now')");
  exec_ok (store, "DELETE FROM alert_rules WHERE id = 1");
  g_assert_cmpint (count_rows (store, "alert_instances"), ==, 0);
  g_assert_cmpint (count_rows (store, "alert_history"), ==, 0);
  g_assert_cmpint (count_rows (store, "notifications"), ==, 1);
  exec_ok (store, "DELETE FROM contact_points WHERE id = 1");
  exec_ok (store, "DELETE FROM data_sources WHERE id = 1");

  g_clear_object (&store);
  bs_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/migrations/versions", test_versions);
  g_test_add_func ("/bs/migrations/each-from-empty", test_each_from_empty);
  g_test_add_func ("/bs/migrations/each-from-previous", test_each_from_previous);
  g_test_add_func ("/bs/migrations/settings-from-location", test_settings_from_location);
  g_test_add_func ("/bs/migrations/failed-keeps-last-version",
                   test_failed_migration_keeps_last_version);
  g_test_add_func ("/bs/migrations/constraints", test_constraints);

  return g_test_run ();
}
