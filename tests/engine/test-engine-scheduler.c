/* The alert scheduler in a real engine process: a rule made through the API on a SQLite
 * file the test writes is evaluated at its interval; when the file's data cross the
 * threshold the series goes to pending, then firing once "for" has passed, and back to
 * normal when the data recover; every change is in the rule's history. A paused rule is
 * not evaluated. */
#define G_LOG_DOMAIN "test-engine-scheduler"

#include "config.h"

#include <sqlite3.h>

#include "bs-engine-test.h"
#include "bs-test-util.h"

#define INTERVAL_SECONDS 10
/* Each stage waits at most for two intervals and a little. */
#define STAGE_TIMEOUT_SECONDS (2 * INTERVAL_SECONDS + 10)

static BsTestEngine *engine;

static void
write_units (const char *data_path,
             const char *product,
             int         units)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE levels SET units = %d WHERE product = '%s'",
                                          units, product);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (data_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* A SQLite file of the test's own, and a data source of the engine for it. */
static gint64
create_source (const char  *name,
               char       **out_path)
{
  static const char sql[] =
    "CREATE TABLE levels (product TEXT NOT NULL, units INTEGER NOT NULL, at TEXT NOT NULL);"
    "INSERT INTO levels VALUES ('A', 150, '2026-11-24 10:00:00'),"
    " ('B', 400, '2026-11-24 10:00:00');";
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (engine->tmp_dir, file, NULL);
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  body = g_strdup_printf ("{\"name\":\"%s\",\"kind\":\"sqlite\",\"path\":\"%s\"}", name,
                          path);
  response = bs_test_engine_expect (engine, "POST", "datasources", engine->admin_token, body,
                                    SOUP_STATUS_CREATED);
  *out_path = g_steal_pointer (&path);
  return json_object_get_int_member (bs_test_response_get_object (response), "id");
}

static gint64
create_rule (gint64 source_id)
{
  g_autofree char *body = g_strdup_printf (
    "{\"title\":\"Units low\","
    " \"query\":{\"source\":%" G_GINT64_FORMAT ",\"table\":\"levels\",\"measure\":\"value\","
    "  \"column\":\"units\",\"aggregation\":\"sum\",\"split\":[\"product\"]},"
    " \"condition\":{\"type\":\"below\",\"threshold\":100},"
    " \"interval_seconds\":%d,\"for_seconds\":%d,\"visibility\":\"shared\"}",
    source_id, INTERVAL_SECONDS, INTERVAL_SECONDS);
  g_autoptr(BsTestResponse) response = bs_test_engine_expect (engine, "POST", "rules",
                                                              engine->admin_token, body,
                                                              SOUP_STATUS_CREATED);

  return json_object_get_int_member (bs_test_response_get_object (response), "id");
}

static BsTestResponse *
get_rule (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, id);

  return bs_test_engine_expect (engine, "GET", path, engine->admin_token, NULL, SOUP_STATUS_OK);
}

/* The state of the series of @product, or NULL when the rule has none. */
static char *
series_state (JsonObject *rule,
              const char *product)
{
  JsonArray *instances = json_object_get_array_member (rule, "instances");

  for (guint i = 0; i < json_array_get_length (instances); i++)
    {
      JsonObject *instance = json_array_get_object_element (instances, i);
      JsonObject *labels = json_object_get_object_member (instance, "labels");

      if (g_strcmp0 (json_object_get_string_member_with_default (labels, "product", NULL),
                     product) == 0)
        return g_strdup (json_object_get_string_member (instance, "state"));
    }
  return NULL;
}

/* Polls the rule until the series of @product is in @state. */
static void
wait_for_state (gint64      id,
                const char *product,
                const char *state)
{
  gint64 deadline = g_get_monotonic_time () + STAGE_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  g_autofree char *last = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(BsTestResponse) response = get_rule (id);

      g_free (last);
      last = series_state (bs_test_response_get_object (response), product);
      if (g_strcmp0 (last, state) == 0)
        {
          g_test_message ("%s is %s", product, state);
          return;
        }
      bs_test_spin (250);
    }
  g_error ("The series of %s stayed %s instead of becoming %s", product,
           last != NULL ? last : "absent", state);
}

static gboolean
history_has (JsonArray  *items,
             const char *product,
             const char *from,
             const char *to)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *labels = json_object_get_object_member (item, "labels");

      if (g_strcmp0 (json_object_get_string_member_with_default (labels, "product", NULL),
                     product) == 0
          && g_strcmp0 (json_object_get_string_member (item, "from"), from) == 0
          && g_strcmp0 (json_object_get_string_member (item, "to"), to) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_pending_firing_normal (void)
{
  g_autoptr(BsTestResponse) history = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *b_state = NULL;
  g_autofree char *data_path = NULL;
  JsonArray *items;
  gint64 id;

  id = create_rule (create_source ("Levels", &data_path));

  /* The first evaluation comes within a tick or two of the rule's creation. */
  wait_for_state (id, "A", "normal");
  response = get_rule (id);
  b_state = series_state (bs_test_response_get_object (response), "B");
  g_assert_cmpstr (b_state, ==, "normal");
  g_assert_false (json_node_is_null (json_object_get_member (
    json_object_get_object_member (bs_test_response_get_object (response), "status"),
    "last_evaluated_at")));

  write_units (data_path, "A", 40);
  wait_for_state (id, "A", "pending");
  wait_for_state (id, "A", "alerting");
  g_clear_pointer (&response, bs_test_response_free);
  response = get_rule (id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     bs_test_response_get_object (response), "status"), "state"), ==, "firing");

  write_units (data_path, "A", 160);
  wait_for_state (id, "A", "normal");

  path = g_strdup_printf ("rules/%" G_GINT64_FORMAT "/history", id);
  history = bs_test_engine_expect (engine, "GET", path, engine->admin_token, NULL,
                                   SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (history), "items");
  g_assert_true (history_has (items, "A", "normal", "pending"));
  g_assert_true (history_has (items, "A", "pending", "alerting"));
  g_assert_true (history_has (items, "A", "alerting", "normal"));
  /* B never crossed the threshold. */
  g_assert_false (history_has (items, "B", "normal", "pending"));
}

static char *
last_evaluated_at (gint64 id)
{
  g_autoptr(BsTestResponse) response = get_rule (id);
  JsonObject *status = json_object_get_object_member (bs_test_response_get_object (response),
                                                      "status");

  return g_strdup (json_object_get_string_member_with_default (status, "last_evaluated_at",
                                                               NULL));
}

static void
test_paused_rule_is_skipped (void)
{
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *resumed = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *data_path = NULL;
  gint64 id;
  gint64 deadline;

  id = create_rule (create_source ("Paused levels", &data_path));
  wait_for_state (id, "A", "normal");

  body = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT "],\"action\":\"pause\"}", id);
  response = bs_test_engine_expect (engine, "POST", "rules/bulk", engine->admin_token, body,
                                    SOUP_STATUS_OK);
  /* An evaluation that had begun before the pause may still land. */
  bs_test_spin (2000);
  before = last_evaluated_at (id);
  g_assert_nonnull (before);
  bs_test_spin ((INTERVAL_SECONDS + 3) * 1000);
  after = last_evaluated_at (id);
  g_assert_cmpstr (after, ==, before);

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&response, bs_test_response_free);
  body = g_strdup_printf ("{\"ids\":[%" G_GINT64_FORMAT "],\"action\":\"resume\"}", id);
  response = bs_test_engine_expect (engine, "POST", "rules/bulk", engine->admin_token, body,
                                    SOUP_STATUS_OK);
  deadline = g_get_monotonic_time () + STAGE_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  do
    {
      bs_test_spin (250);
      g_free (resumed);
      resumed = last_evaluated_at (id);
    }
  while (g_strcmp0 (resumed, before) == 0 && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (resumed, !=, before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_new ();
  bs_test_engine_start (engine, NULL);

  g_test_add_func ("/bs/engine-scheduler/pending-firing-normal", test_pending_firing_normal);
  g_test_add_func ("/bs/engine-scheduler/paused-rule-is-skipped", test_paused_rule_is_skipped);
  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  bs_test_engine_free (engine);
  return status;
}
