/* The alert store on a real workspace file: rules with their uid, owner and foreign keys,
 * states and history written by a real evaluation (bs_alert_evaluate), the one
 * transaction of save_evaluation (a failing outbox insert leaves nothing behind), contact
 * points that cannot go while rules use them, and silences. */
#define G_LOG_DOMAIN "test-alert-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-alert-store.h"
#include "bs-data-source.h"
#include "bs-test-util.h"

static gint64
add_source (BsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDataSource) source = NULL;

  source = bs_data_source_add (store, "Shop", "sqlite", "/nowhere/shop.db", FALSE, &error);
  g_assert_no_error (error);
  return source->id;
}

static gint64
add_point (BsStore    *store,
           const char *name)
{
  g_autoptr(BsContactPoint) point = bs_contact_point_new (name, "webhook");
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_alert_store_insert_contact_point (store, point, &error));
  g_assert_no_error (error);
  return point->id;
}

/* "Inventory low": the sum of units for each product below @threshold. */
static BsAlertRule *
make_rule (gint64      source_id,
           const char *title,
           double      threshold)
{
  g_autoptr(BsQuery) query = bs_query_new (source_id, "inventory");
  BsAlertRule *rule;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "units");
  query->aggregation = BS_QUERY_AGGREGATION_SUM;
  bs_query_add_split (query, "product_id");
  rule = bs_alert_rule_new (title, query, BS_ALERT_CONDITION_BELOW, threshold);
  g_hash_table_replace (rule->labels, g_strdup ("team"), g_strdup ("ops"));
  rule->owner_token_id = 7;
  rule->owner_name = g_strdup ("ann");
  return rule;
}

static BsAlertRule *
insert_rule (BsStore *store,
             gint64   source_id,
             gint64   point_id)
{
  g_autoptr(GError) error = NULL;
  BsAlertRule *rule = make_rule (source_id, "Inventory low", 100);

  rule->contact_point_id = point_id;
  g_assert_true (bs_alert_store_insert_rule (store, rule, &error));
  g_assert_no_error (error);
  return rule;
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

/* A frame as the SQL renderer gives it: units per product. */
static JsonNode *
make_frame (const char * const *products,
            const double       *units,
            guint               n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "product_id");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "string");
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "value");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "number");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, products[i]);
      json_builder_add_double_value (builder, units[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Evaluates @rule on the frame against its stored series, as the scheduler does. */
static BsAlertEvaluation *
evaluate (BsStore           *store,
          const BsAlertRule *rule,
          JsonNode          *frame,
          gint64             now)
{
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GPtrArray) silences = NULL;
  g_autoptr(GError) error = NULL;
  BsAlertEvaluation *evaluation;

  previous = bs_alert_store_list_instances (store, rule->id, NULL, &error);
  g_assert_no_error (error);
  silences = bs_alert_store_list_silences (store, FALSE, now, &error);
  g_assert_no_error (error);
  evaluation = bs_alert_evaluate (rule, previous, frame, NULL, silences, now);
  evaluation->duration_ms = 12.5;
  return evaluation;
}

static BsAlertEvaluation *
evaluate_low_stock (BsStore           *store,
                    const BsAlertRule *rule,
                    gint64             now)
{
  const char * const products[] = { "P-1", "P-2", "P-3" };
  const double units[] = { 40, 250, 99 };
  g_autoptr(JsonNode) frame = make_frame (products, units, 3);

  return evaluate (store, rule, frame, now);
}

static void
test_rules (BsTestStoreFixture *fixture,
            gconstpointer       data)
{
  BsStore *store = fixture->store;
  gint64 source_id = add_source (store);
  g_autoptr(BsAlertRule) rule = make_rule (source_id, "Inventory low!", 100);
  g_autoptr(BsAlertRule) copy = NULL;
  g_autoptr(BsAlertRule) read = NULL;
  g_autoptr(BsAlertRule) by_uid = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_alert_store_insert_rule (store, rule, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rule->id, >, 0);
  g_assert_true (g_str_has_prefix (rule->uid, "inventory-low-"));
  g_assert_cmpuint (strlen (rule->uid), ==, strlen ("inventory-low-") + 4);
  g_assert_nonnull (rule->created_at);

  read = bs_alert_store_get_rule (store, rule->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->title, ==, "Inventory low!");
  g_assert_cmpstr (read->uid, ==, rule->uid);
  g_assert_cmpfloat (read->threshold, ==, 100);
  g_assert_cmpint (read->condition, ==, BS_ALERT_CONDITION_BELOW);
  g_assert_cmpstr (g_hash_table_lookup (read->labels, "team"), ==, "ops");
  g_assert_cmpint (read->owner_token_id, ==, 7);
  g_assert_cmpstr (read->owner_name, ==, "ann");
  g_assert_cmpint (read->visibility, ==, BS_ALERT_VISIBILITY_PERSONAL);
  g_assert_cmpint (read->query->source_id, ==, source_id);
  g_assert_cmpstr (read->query->splits[0], ==, "product_id");

  by_uid = bs_alert_store_get_rule_by_uid (store, rule->uid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_uid->id, ==, rule->id);
  g_assert_null (bs_alert_store_get_rule_by_uid (store, "nope", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (bs_alert_store_get_rule (store, 4711, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A chosen uid that is taken, and a source that does not exist, are refused. */
  copy = make_rule (source_id, "Copy", 5);
  copy->uid = g_strdup (rule->uid);
  g_assert_false (bs_alert_store_insert_rule (store, copy, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, rule->uid));
  g_clear_error (&error);
  g_clear_pointer (&copy->uid, g_free);
  copy->query->source_id = 999;
  g_assert_false (bs_alert_store_insert_rule (store, copy, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "query.source"));
  g_clear_error (&error);
  copy->query->source_id = source_id;
  copy->contact_point_id = 999;
  g_assert_false (bs_alert_store_insert_rule (store, copy, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "contact_point_id"));
  g_clear_error (&error);

  rules = bs_alert_store_list_rules (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 1);

  /* The data source cannot go while the rule reads it, and the store says so by name. */
  g_assert_false (bs_data_source_remove (store, source_id, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (bs_alert_store_check_source_unused (store, source_id, "Shop", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "“Inventory low!”"));
  g_assert_nonnull (strstr (error->message, "“Shop”"));
  g_clear_error (&error);

  g_assert_true (bs_alert_store_set_paused (store, rule->id, TRUE, &error));
  g_clear_pointer (&read, bs_alert_rule_free);
  read = bs_alert_store_get_rule (store, rule->id, &error);
  g_assert_true (read->paused);
  g_assert_false (bs_alert_store_set_paused (store, 4711, TRUE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (bs_alert_store_delete_rule (store, rule->id, &error));
  g_assert_no_error (error);
  g_assert_false (bs_alert_store_delete_rule (store, rule->id, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (bs_alert_store_check_source_unused (store, source_id, "Shop", &error));
  g_assert_no_error (error);
  g_assert_true (bs_data_source_remove (store, source_id, &error));
  g_assert_no_error (error);
}

static void
test_save_evaluation (BsTestStoreFixture *fixture,
                      gconstpointer       data)
{
  BsStore *store = fixture->store;
  gint64 point_id = add_point (store, "Ops");
  g_autoptr(BsAlertRule) rule = insert_rule (store, add_source (store), point_id);
  g_autoptr(BsAlertEvaluation) evaluation = NULL;
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GArray) rule_ids = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  BsAlertRuleRun *run;
  JsonArray *items;
  JsonObject *newest;
  gint64 newest_id;

  evaluation = evaluate_low_stock (store, rule, now);
  g_assert_cmpuint (evaluation->notifications->len, ==, 1);
  g_assert_true (bs_alert_store_save_evaluation (store, evaluation, &error));
  g_assert_no_error (error);

  instances = bs_alert_store_list_instances (store, 0, &rule_ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, ==, 3);
  g_assert_cmpuint (rule_ids->len, ==, 3);
  for (guint i = 0; i < instances->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (instances, i);
      const char *product = json_object_get_string_member (instance->labels, "product_id");

      g_assert_cmpint (g_array_index (rule_ids, gint64, i), ==, rule->id);
      g_assert_cmpint (instance->info.state, ==, g_str_equal (product, "P-2")
                                                 ? BS_ALERT_STATE_NORMAL
                                                 : BS_ALERT_STATE_ALERTING);
      g_assert_cmpint (instance->info.last_eval_at, ==, now);
      g_assert_false (isnan (instance->value));
    }

  history = bs_alert_store_list_history (store, rule->id, 0, 100, &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (history), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, evaluation->transitions->len);
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  newest = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "to"), ==, "alerting");
  g_assert_true (json_object_has_member (newest, "labels"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (newest, "at"), "Z"));

  /* Paging back from the newest skips it. */
  newest_id = json_object_get_int_member (newest, "id");
  g_clear_pointer (&history, json_node_unref);
  history = bs_alert_store_list_history (store, rule->id, newest_id, 1, &error);
  items = json_object_get_array_member (json_node_get_object (history), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"),
                   <, newest_id);

  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM notifications"
                               " WHERE status = 'pending' AND kind = 'firing'"), ==, 1);

  runs = bs_alert_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpint (run->rule_id, ==, rule->id);
  g_assert_cmpint (run->last_evaluated_at, ==, now);
  g_assert_cmpfloat (run->last_duration_ms, ==, 12.5);
  g_assert_null (run->last_error);

  /* A rule deleted while it was evaluated: nothing is written, and that is no error. */
  g_assert_true (bs_alert_store_delete_rule (store, rule->id, &error));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_history"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM notifications"
                               " WHERE rule_id IS NULL"), ==, 1);
  g_assert_true (bs_alert_store_save_evaluation (store, evaluation, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_instances"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM notifications"), ==, 1);
}

static void
test_save_evaluation_is_atomic (BsTestStoreFixture *fixture,
                                gconstpointer       data)
{
  BsStore *store = fixture->store;
  g_autoptr(BsAlertRule) rule = insert_rule (store, add_source (store), add_point (store, "Ops"));
  g_autoptr(BsAlertEvaluation) first = NULL;
  g_autoptr(BsAlertEvaluation) evaluation = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  BsAlertNotification *notification;
  g_autofree char *sql = NULL;
  gint64 now = g_get_real_time ();

  evaluation = evaluate_low_stock (store, rule, now);
  g_assert_cmpuint (evaluation->instances->len, ==, 3);
  g_assert_cmpuint (evaluation->transitions->len, >=, 2);
  g_assert_cmpuint (evaluation->notifications->len, ==, 1);

  /* Somebody already queued that key: the outbox insert, the third of four steps, fails. */
  notification = g_ptr_array_index (evaluation->notifications, 0);
  sql = g_strdup_printf ("INSERT INTO notifications (idempotency_key, kind, payload,"
                         " created_at, next_attempt_at) VALUES ('%s', 'test', '{}', 1, 1)",
                         notification->idempotency_key);
  g_assert_true (bs_store_exec (store, sql, &error));
  g_assert_no_error (error);

  g_assert_false (bs_alert_store_save_evaluation (store, evaluation, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_test_message ("Refused: %s", error->message);
  g_clear_error (&error);

  /* Nothing of it was written: not the states, not the history, not the run. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_instances"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_history"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM notifications"), ==, 1);
  runs = bs_alert_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 0);
  g_assert_true (sqlite3_get_autocommit (bs_store_get_db (store)));

  /* Without the obstacle the same evaluation goes through whole. */
  g_assert_true (bs_store_exec (store, "DELETE FROM notifications", &error));
  g_assert_true (bs_alert_store_save_evaluation (store, evaluation, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_instances"), ==, 3);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_history"), ==,
                   (int) evaluation->transitions->len);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM notifications"), ==, 1);
}

/* A change of the question forgets the series (Grafana's "Updated"); a new title does not. */
static void
test_update_forgets_states (BsTestStoreFixture *fixture,
                            gconstpointer       data)
{
  BsStore *store = fixture->store;
  g_autoptr(BsAlertRule) rule = insert_rule (store, add_source (store), 0);
  g_autoptr(BsAlertEvaluation) evaluation = NULL;
  g_autoptr(BsAlertRule) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) created = NULL;
  int n_history;

  evaluation = evaluate_low_stock (store, rule, g_get_real_time ());
  g_assert_cmpuint (evaluation->notifications->len, ==, 0);
  g_assert_true (bs_alert_store_save_evaluation (store, evaluation, &error));
  g_assert_no_error (error);
  n_history = count_rows (store, "SELECT count(*) FROM alert_history");

  created = g_date_time_ref (rule->created_at);
  g_free (rule->title);
  rule->title = g_strdup ("Stock is low");
  g_clear_pointer (&rule->owner_name, g_free);
  rule->owner_name = g_strdup ("someone else");
  g_assert_true (bs_alert_store_update_rule (store, rule, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rule->owner_name, ==, "ann");
  g_assert_true (g_date_time_equal (rule->created_at, created));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_instances"), ==, 3);

  rule->threshold = 50;
  g_assert_true (bs_alert_store_update_rule (store, rule, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_instances"), ==, 0);
  /* The two firing series went back to Normal, saying why. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_history"
                               " WHERE reason = 'Updated' AND to_state = 'normal'"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_history"), ==, n_history + 2);

  /* Another rule may not take its uid. */
  other = make_rule (rule->query->source_id, "Other", 1);
  g_assert_true (bs_alert_store_insert_rule (store, other, &error));
  g_free (other->uid);
  other->uid = g_strdup (rule->uid);
  g_assert_false (bs_alert_store_update_rule (store, other, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  other->id = 4711;
  g_clear_pointer (&other->uid, g_free);
  g_assert_false (bs_alert_store_update_rule (store, other, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

/* Inside the engine's transaction (a change with its event) the store nests, and the
 * outer rollback takes its rows back. */
static void
test_nested_in_transaction (BsTestStoreFixture *fixture,
                            gconstpointer       data)
{
  BsStore *store = fixture->store;
  gint64 source_id = add_source (store);
  g_autoptr(BsAlertRule) rule = make_rule (source_id, "Nested", 10);
  g_autoptr(BsAlertRule) bad = make_rule (source_id, "Nested", 10);
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_store_begin (store, &error));
  g_assert_true (bs_alert_store_insert_rule (store, rule, &error));
  g_assert_no_error (error);
  bad->query->source_id = 999;
  g_assert_false (bs_alert_store_insert_rule (store, bad, &error));
  g_clear_error (&error);
  /* The failed one took back only its own part. */
  g_assert_false (sqlite3_get_autocommit (bs_store_get_db (store)));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_rules"), ==, 1);
  bs_store_rollback (store);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM alert_rules"), ==, 0);
}

static void
test_contact_points (BsTestStoreFixture *fixture,
                     gconstpointer       data)
{
  BsStore *store = fixture->store;
  g_autoptr(BsContactPoint) point = bs_contact_point_new ("Ops Slack", "slack");
  g_autoptr(BsContactPoint) twin = bs_contact_point_new ("Ops Slack", "webhook");
  g_autoptr(BsContactPoint) chosen = bs_contact_point_new ("Desk", "desktop");
  g_autoptr(BsContactPoint) read = NULL;
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (point->settings, "channel", "#ops");
  point->send_resolved = FALSE;
  g_assert_true (bs_alert_store_insert_contact_point (store, point, &error));
  g_assert_no_error (error);
  g_assert_cmpint (point->id, >, 0);
  g_assert_nonnull (point->created_at);

  read = bs_alert_store_get_contact_point (store, point->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->name, ==, "Ops Slack");
  g_assert_cmpstr (read->kind, ==, "slack");
  g_assert_cmpstr (json_object_get_string_member (read->settings, "channel"), ==, "#ops");
  g_assert_false (read->send_resolved);

  g_assert_false (bs_alert_store_insert_contact_point (store, twin, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  /* The API picks the id before the row exists (the URL is stored under it first). */
  chosen->id = point->id + 10;
  g_assert_true (bs_alert_store_insert_contact_point (store, chosen, &error));
  g_assert_cmpint (chosen->id, ==, point->id + 10);

  g_free (point->name);
  point->name = g_strdup ("Ops channel");
  g_assert_true (bs_alert_store_update_contact_point (store, point, &error));
  g_assert_no_error (error);
  points = bs_alert_store_list_contact_points (store, &error);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpstr (((BsContactPoint *) g_ptr_array_index (points, 0))->name, ==, "Desk");
  g_assert_cmpstr (((BsContactPoint *) g_ptr_array_index (points, 1))->name, ==, "Ops channel");

  /* In use: refused, naming the rule. */
  rule = insert_rule (store, add_source (store), point->id);
  g_assert_false (bs_alert_store_delete_contact_point (store, point->id, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "Inventory low"));
  g_clear_error (&error);

  rule->contact_point_id = 0;
  g_assert_true (bs_alert_store_update_rule (store, rule, &error));
  g_assert_true (bs_alert_store_delete_contact_point (store, point->id, &error));
  g_assert_no_error (error);
  g_assert_false (bs_alert_store_delete_contact_point (store, point->id, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  point->id = 4711;
  g_assert_false (bs_alert_store_update_contact_point (store, point, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

static void
test_silences (BsTestStoreFixture *fixture,
               gconstpointer       data)
{
  BsStore *store = fixture->store;
  gint64 now = g_get_real_time ();
  gint64 hour = (gint64) G_USEC_PER_SEC * 3600;
  g_autoptr(BsAlertSilence) active = bs_alert_silence_new (now - hour, now + hour);
  g_autoptr(BsAlertSilence) later = bs_alert_silence_new (now + hour, now + 2 * hour);
  g_autoptr(BsAlertSilence) invalid = bs_alert_silence_new (now, now + hour);
  g_autoptr(GPtrArray) silences = NULL;
  g_autoptr(GError) error = NULL;
  BsAlertSilence *read;

  bs_alert_silence_add_matcher (active, "rule_uid", FALSE, "inventory-low");
  bs_alert_silence_add_matcher (active, "team", TRUE, "sales");
  g_free (active->comment);
  active->comment = g_strdup ("Stock-take");
  active->created_by = g_strdup ("ann");
  bs_alert_silence_add_matcher (later, "alertname", FALSE, "Late orders");

  g_assert_true (bs_alert_store_insert_silence (store, active, &error));
  g_assert_no_error (error);
  g_assert_true (bs_alert_store_insert_silence (store, later, &error));
  g_assert_cmpint (active->id, >, 0);
  g_assert_cmpint (active->created_at, >=, now);
  /* No matcher: invalid, nothing stored. */
  g_assert_false (bs_alert_store_insert_silence (store, invalid, &error));
  g_assert_error (error, BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID);
  g_clear_error (&error);

  silences = bs_alert_store_list_silences (store, FALSE, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (silences->len, ==, 2);
  read = g_ptr_array_index (silences, 0);
  g_assert_cmpint (read->id, ==, active->id);
  g_assert_cmpuint (read->matchers->len, ==, 2);
  g_assert_true (((BsAlertMatcher *) g_ptr_array_index (read->matchers, 1))->negative);
  g_assert_cmpstr (read->comment, ==, "Stock-take");
  g_assert_cmpstr (read->created_by, ==, "ann");
  g_assert_cmpstr (bs_alert_silence_get_state (read, now), ==, "active");

  g_assert_true (bs_alert_store_expire_silence (store, active->id, now, &error));
  g_assert_true (bs_alert_store_expire_silence (store, later->id, now, &error));
  g_clear_pointer (&silences, g_ptr_array_unref);
  silences = bs_alert_store_list_silences (store, FALSE, now, &error);
  g_assert_cmpuint (silences->len, ==, 0);
  g_clear_pointer (&silences, g_ptr_array_unref);
  silences = bs_alert_store_list_silences (store, TRUE, now, &error);
  g_assert_cmpuint (silences->len, ==, 2);
  for (guint i = 0; i < silences->len; i++)
    {
      read = g_ptr_array_index (silences, i);
      g_assert_cmpint (read->ends_at, ==, now);
      g_assert_cmpint (read->starts_at, <=, read->ends_at);
      g_assert_cmpstr (bs_alert_silence_get_state (read, now), ==, "expired");
    }

  g_assert_true (bs_alert_store_delete_silence (store, active->id, &error));
  g_assert_false (bs_alert_store_delete_silence (store, active->id, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_alert_store_expire_silence (store, active->id, now, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/rules", test_rules);
  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/save-evaluation", test_save_evaluation);
  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/save-evaluation-is-atomic",
                          test_save_evaluation_is_atomic);
  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/update-forgets-states", test_update_forgets_states);
  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/nested-in-transaction", test_nested_in_transaction);
  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/contact-points", test_contact_points);
  BS_TEST_ADD_STORE_TEST ("/bs/alert-store/silences", test_silences);

  return g_test_run ();
}
