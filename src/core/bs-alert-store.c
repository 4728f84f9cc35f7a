#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-alert-store.h"
#include "bs-json-plain.h"
#include "bs-store-private.h"

#define RULE_COLUMNS \
  "SELECT id, uid, definition, contact_point_id, owner_token_id, owner_name, visibility," \
  " paused, created_at, updated_at FROM alert_rules"
#define POINT_COLUMNS \
  "SELECT id, name, kind, settings, send_resolved, created_at, updated_at FROM contact_points"
#define SILENCE_COLUMNS \
  "SELECT id, matchers, starts_at, ends_at, comment, created_by, created_at FROM silences"

/* A uid picked for a new rule collides only by bad luck; a few tries make that vanishing. */
#define UID_ATTEMPTS 8
#define UID_SLUG_LENGTH 30

void
bs_alert_rule_run_free (BsAlertRuleRun *self)
{
  if (self == NULL)
    return;

  g_free (self->last_error);
  g_free (self);
}

/* JSON text helpers */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The columns are checked with json_valid() and this module writes only objects there. */
static JsonObject *
column_object (sqlite3_stmt *stmt,
               int           column)
{
  JsonObject *plain = bs_json_plain_read ((const char *) sqlite3_column_text (stmt, column));
  g_autoptr(JsonNode) node = NULL;

  /* Labels, read for every series of every evaluation: see bs-json-plain.h. */
  if (plain != NULL)
    return plain;
  node = parse_json ((const char *) sqlite3_column_text (stmt, column));
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;
  char *plain = bs_json_plain_write_object (object);

  if (plain != NULL)
    return plain;
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static double
column_double_or_nan (sqlite3_stmt *stmt,
                      int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}

static gboolean
exec_with_id (BsStore     *store,
              const char  *sql,
              gint64       id,
              const char  *what,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store, sql, what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return bs_store_step_done (store, stmt, what, error);
}

/* The engine wraps a change and its audit event in one transaction
 * (bs_engine_change_commit), so a call that needs its own nests as a savepoint inside
 * that one; alone (the scheduler) it takes the write lock at once with BEGIN IMMEDIATE. */
static gboolean
begin (BsStore   *store,
       gboolean  *out_nested,
       GError   **error)
{
  return bs_store_begin_part (store, "alert_store", out_nested, error);
}

static gboolean
commit (BsStore   *store,
        gboolean   nested,
        GError   **error)
{
  return bs_store_commit_part (store, "alert_store", nested, error);
}

/* Returns FALSE for convenience. */
static gboolean
rollback (BsStore  *store,
          gboolean  nested)
{
  bs_store_rollback_part (store, "alert_store", nested);
  return FALSE;
}

/* FALSE with BS_STORE_ERROR_NOT_FOUND when the last statement changed no row. */
static gboolean
check_changed (BsStore     *store,
               const char  *thing,
               gint64       id,
               GError     **error)
{
  if (sqlite3_changes (bs_store_get_db (store)) > 0)
    return TRUE;
  g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
               "There is no %s with id %" G_GINT64_FORMAT " in this workspace", thing, id);
  return FALSE;
}

/* Rules */

/* What the definition column keeps: the rule as JSON minus what has columns of its own
 * and what the store gives (id, uid, owner, times). */
static char *
rule_definition (const BsAlertRule *rule)
{
  g_autoptr(JsonNode) node = bs_alert_rule_to_json (rule);
  JsonObject *object = json_node_get_object (node);
  const char *given[] = { "id", "uid", "owner", "created_at", "updated_at", "status",
                          "instances" };

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    json_object_remove_member (object, given[i]);
  return json_to_string (node, FALSE);
}

static BsAlertRule *
rule_from_row (sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(JsonNode) definition = NULL;
  g_autoptr(GError) local_error = NULL;
  BsAlertRule *rule;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  definition = parse_json ((const char *) sqlite3_column_text (stmt, 2));
  if (definition == NULL ||
      !(rule = bs_alert_rule_from_json (definition, &local_error)))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_QUERY,
                   "The alert rule %" G_GINT64_FORMAT " in this workspace cannot be read (%s); "
                   "delete it and make it again", id,
                   local_error != NULL ? local_error->message : "its definition is not JSON");
      return NULL;
    }

  rule->id = id;
  g_free (rule->uid);
  rule->uid = bs_store_column_dup (stmt, 1);
  rule->contact_point_id = sqlite3_column_int64 (stmt, 3);
  rule->owner_token_id = sqlite3_column_int64 (stmt, 4);
  g_free (rule->owner_name);
  rule->owner_name = bs_store_column_dup (stmt, 5);
  rule->visibility = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "shared") == 0
                     ? BS_ALERT_VISIBILITY_SHARED : BS_ALERT_VISIBILITY_PERSONAL;
  rule->paused = sqlite3_column_int (stmt, 7) != 0;
  g_clear_pointer (&rule->created_at, g_date_time_unref);
  g_clear_pointer (&rule->updated_at, g_date_time_unref);
  rule->created_at = bs_store_column_time (stmt, 8);
  rule->updated_at = bs_store_column_time (stmt, 9);
  return rule;
}

/* Steps @stmt to the end; BsAlertRule* of every row. */
static GPtrArray *
fetch_rules (BsStore       *store,
             sqlite3_stmt  *stmt,
             const char    *what,
             GError       **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_rule_free);
  gboolean has_row;

  while (bs_store_step (store, stmt, &has_row, what, error))
    {
      BsAlertRule *rule;

      if (!has_row)
        return g_steal_pointer (&rules);
      if (!(rule = rule_from_row (stmt, error)))
        return NULL;
      g_ptr_array_add (rules, rule);
    }
  return NULL;
}

static BsAlertRule *
fetch_one_rule (BsStore       *store,
                sqlite3_stmt  *stmt,
                const char    *missing,
                GError       **error)
{
  g_autoptr(GPtrArray) rules = fetch_rules (store, stmt, "Could not read the alert rule", error);

  if (rules == NULL)
    return NULL;
  if (rules->len == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "%s", missing);
      return NULL;
    }
  return g_ptr_array_steal_index (rules, 0);
}

BsAlertRule *
bs_alert_store_get_rule (BsStore  *store,
                         gint64    id,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *missing = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!(stmt = bs_store_prepare (store, RULE_COLUMNS " WHERE id = ?1",
                                 "Could not read the alert rule", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  missing = g_strdup_printf ("There is no alert rule with id %" G_GINT64_FORMAT
                             " in this workspace", id);
  return fetch_one_rule (store, stmt, missing, error);
}

BsAlertRule *
bs_alert_store_get_rule_by_uid (BsStore     *store,
                                const char  *uid,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *missing = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (!(stmt = bs_store_prepare (store, RULE_COLUMNS " WHERE uid = ?1",
                                 "Could not read the alert rule", error)))
    return NULL;
  bind_text (stmt, 1, uid);
  missing = g_strdup_printf ("There is no alert rule with the uid “%s” in this workspace", uid);
  return fetch_one_rule (store, stmt, missing, error);
}

GPtrArray *
bs_alert_store_list_rules (BsStore  *store,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *what = "Could not read the alert rules";

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!(stmt = bs_store_prepare (store, RULE_COLUMNS " ORDER BY id", what, error)))
    return NULL;
  return fetch_rules (store, stmt, what, error);
}

/* "Inventory low" → "inventory-low-3f9a": readable in a URL and a Grafana export. */
static char *
make_uid (const char *title)
{
  GString *uid = g_string_new (NULL);

  for (const char *p = title; *p != '\0' && uid->len < UID_SLUG_LENGTH; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (uid, g_ascii_tolower (*p));
      else if (uid->len > 0 && uid->str[uid->len - 1] != '-')
        g_string_append_c (uid, '-');
    }
  if (uid->len > 0 && uid->str[uid->len - 1] != '-')
    g_string_append_c (uid, '-');
  if (uid->len == 0)
    g_string_append (uid, "rule-");
  g_string_append_printf (uid, "%04x", g_random_int_range (0, 0x10000));
  return g_string_free (uid, FALSE);
}

static gboolean
uid_is_taken (BsStore     *store,
              const char  *uid,
              gint64       except_id,
              gboolean    *out_taken,
              GError     **error)
{
  const char *what = "Could not check the uid of the alert rule";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store, "SELECT 1 FROM alert_rules WHERE uid = ?1 AND id != ?2",
                                 what, error)))
    return FALSE;
  bind_text (stmt, 1, uid);
  sqlite3_bind_int64 (stmt, 2, except_id);
  return bs_store_step (store, stmt, out_taken, what, error);
}

static gboolean
set_uid_taken (GError     **error,
               const char  *what,
               const char  *uid)
{
  g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
               "%s: another alert rule has the uid “%s”; pick another uid or leave it out",
               what, uid);
  return FALSE;
}

/* Names what a foreign key refused: a data source or a contact point that is not there. */
static gboolean
check_rule_targets (BsStore            *store,
                    const BsAlertRule  *rule,
                    const char         *what,
                    GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  if (!(stmt = bs_store_prepare (store,
                                 "SELECT (SELECT count(*) FROM data_sources WHERE id = ?1),"
                                 " (SELECT count(*) FROM contact_points WHERE id = ?2)",
                                 what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rule->query->source_id);
  sqlite3_bind_int64 (stmt, 2, rule->contact_point_id);
  if (!bs_store_step (store, stmt, &has_row, what, error))
    return FALSE;

  if (sqlite3_column_int (stmt, 0) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                   "%s: there is no data source with id %" G_GINT64_FORMAT " (query.source)",
                   what, rule->query->source_id);
      return FALSE;
    }
  if (rule->contact_point_id != 0 && sqlite3_column_int (stmt, 1) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                   "%s: there is no contact point with id %" G_GINT64_FORMAT
                   " (contact_point_id)", what, rule->contact_point_id);
      return FALSE;
    }
  return TRUE;
}

static void
bind_rule_columns (sqlite3_stmt      *stmt,
                   const BsAlertRule *rule,
                   const char        *definition)
{
  /* ?1 id/uid and the owner are bound by the caller. */
  bind_text (stmt, 2, rule->title);
  bind_text (stmt, 3, definition);
  sqlite3_bind_int64 (stmt, 4, rule->query->source_id);
  if (rule->contact_point_id != 0)
    sqlite3_bind_int64 (stmt, 5, rule->contact_point_id);
  else
    sqlite3_bind_null (stmt, 5);
  bind_text (stmt, 6, bs_alert_visibility_to_string (rule->visibility));
  sqlite3_bind_int (stmt, 7, rule->paused ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, rule->interval_seconds);
  bs_store_bind_now (stmt, 9);
}

static gboolean
insert_rule_row (BsStore            *store,
                 const BsAlertRule  *rule,
                 const char         *uid,
                 const char         *definition,
                 const char         *what,
                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO alert_rules (uid, title, definition, source_id,"
                                 " contact_point_id, visibility, paused, interval_seconds,"
                                 " created_at, updated_at, owner_token_id, owner_name)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
                                 what, error)))
    return FALSE;

  bind_text (stmt, 1, uid);
  bind_rule_columns (stmt, rule, definition);
  if (rule->owner_token_id != 0)
    sqlite3_bind_int64 (stmt, 10, rule->owner_token_id);
  else
    sqlite3_bind_null (stmt, 10);
  bind_text (stmt, 11, rule->owner_name != NULL ? rule->owner_name : "");
  return bs_store_step_done (store, stmt, what, error);
}

/* Copies what the store gave (uid, owner, times) from the stored row into @rule. */
static gboolean
refresh_rule (BsStore      *store,
              BsAlertRule  *rule,
              GError      **error)
{
  g_autoptr(BsAlertRule) stored = bs_alert_store_get_rule (store, rule->id, error);

  if (stored == NULL)
    return FALSE;

  g_free (rule->uid);
  rule->uid = g_strdup (stored->uid);
  rule->owner_token_id = stored->owner_token_id;
  g_free (rule->owner_name);
  rule->owner_name = g_strdup (stored->owner_name);
  g_clear_pointer (&rule->created_at, g_date_time_unref);
  g_clear_pointer (&rule->updated_at, g_date_time_unref);
  rule->created_at = g_date_time_ref (stored->created_at);
  rule->updated_at = g_date_time_ref (stored->updated_at);
  return TRUE;
}

static gboolean
pick_uid (BsStore      *store,
          BsAlertRule  *rule,
          const char   *what,
          char        **out_uid,
          GError      **error)
{
  gboolean taken = TRUE;

  if (rule->uid != NULL)
    {
      if (!uid_is_taken (store, rule->uid, 0, &taken, error))
        return FALSE;
      if (taken)
        return set_uid_taken (error, what, rule->uid);
      *out_uid = g_strdup (rule->uid);
      return TRUE;
    }

  for (guint i = 0; i < UID_ATTEMPTS && taken; i++)
    {
      g_free (*out_uid);
      *out_uid = make_uid (rule->title);
      if (!uid_is_taken (store, *out_uid, 0, &taken, error))
        return FALSE;
    }
  if (taken)
    return set_uid_taken (error, what, *out_uid);
  return TRUE;
}

gboolean
bs_alert_store_insert_rule (BsStore      *store,
                            BsAlertRule  *rule,
                            GError      **error)
{
  gboolean nested = FALSE;
  g_autofree char *what = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *uid = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (rule != NULL && rule->query != NULL, FALSE);

  what = g_strdup_printf ("Could not add the alert rule “%s”", rule->title);
  if (!bs_alert_rule_validate (rule, error) ||
      !begin (store, &nested, error))
    return FALSE;

  definition = rule_definition (rule);
  if (!check_rule_targets (store, rule, what, error) ||
      !pick_uid (store, rule, what, &uid, error) ||
      !insert_rule_row (store, rule, uid, definition, what, error))
    return rollback (store, nested);

  rule->id = sqlite3_last_insert_rowid (bs_store_get_db (store));
  if (!refresh_rule (store, rule, error) || !commit (store, nested, error))
    {
      rule->id = 0;
      return rollback (store, nested);
    }
  return TRUE;
}

static gboolean
same_threshold (double a,
                double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* TRUE when @a and @b ask another question: its old answers (the series' states) do not
 * describe the new one. */
static gboolean
question_changed (const BsAlertRule *a,
                  const BsAlertRule *b)
{
  g_autoptr(JsonNode) query_a = bs_query_to_json (a->query);
  g_autoptr(JsonNode) query_b = bs_query_to_json (b->query);

  return a->condition != b->condition ||
         !same_threshold (a->threshold, b->threshold) ||
         !same_threshold (a->threshold2, b->threshold2) ||
         !json_node_equal (query_a, query_b);
}

/* Grafana's "Updated": every series that was not Normal says why it went back to Normal. */
static gboolean
forget_instances (BsStore     *store,
                  gint64       rule_id,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO alert_history (rule_id, at, series_key, labels,"
                                 " from_state, to_state, reason)"
                                 " SELECT rule_id, ?2, series_key, labels, state, 'normal',"
                                 " 'Updated' FROM alert_instances"
                                 " WHERE rule_id = ?1 AND state != 'normal'",
                                 what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rule_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;

  return exec_with_id (store, "DELETE FROM alert_instances WHERE rule_id = ?1", rule_id,
                       what, error);
}

static gboolean
update_rule_row (BsStore            *store,
                 const BsAlertRule  *rule,
                 const char         *uid,
                 const char         *what,
                 GError            **error)
{
  g_autofree char *definition = rule_definition (rule);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE alert_rules SET title = ?2, definition = ?3,"
                                 " source_id = ?4, contact_point_id = ?5, visibility = ?6,"
                                 " paused = ?7, interval_seconds = ?8, updated_at = ?9,"
                                 " uid = ?10 WHERE id = ?1",
                                 what, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rule->id);
  bind_rule_columns (stmt, rule, definition);
  bind_text (stmt, 10, uid);
  return bs_store_step_done (store, stmt, what, error);
}

gboolean
bs_alert_store_update_rule (BsStore      *store,
                            BsAlertRule  *rule,
                            GError      **error)
{
  gboolean nested = FALSE;
  g_autoptr(BsAlertRule) old = NULL;
  g_autofree char *what = NULL;
  const char *uid;
  gboolean taken = FALSE;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (rule != NULL && rule->query != NULL, FALSE);

  what = g_strdup_printf ("Could not change the alert rule “%s”", rule->title);
  if (!bs_alert_rule_validate (rule, error) ||
      !begin (store, &nested, error))
    return FALSE;

  if (!(old = bs_alert_store_get_rule (store, rule->id, error)))
    return rollback (store, nested);
  uid = rule->uid != NULL ? rule->uid : old->uid;
  if (!uid_is_taken (store, uid, rule->id, &taken, error))
    return rollback (store, nested);
  if (taken)
    {
      set_uid_taken (error, what, uid);
      return rollback (store, nested);
    }

  if (!check_rule_targets (store, rule, what, error) ||
      !update_rule_row (store, rule, uid, what, error) ||
      (question_changed (old, rule) && !forget_instances (store, rule->id, what, error)) ||
      !refresh_rule (store, rule, error) ||
      !commit (store, nested, error))
    return rollback (store, nested);
  return TRUE;
}

gboolean
bs_alert_store_delete_rule (BsStore  *store,
                            gint64    id,
                            GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  /* The outbox's foreign key sets rule_id to NULL: queued notifications stay. */
  return exec_with_id (store, "DELETE FROM alert_rules WHERE id = ?1", id,
                       "Could not delete the alert rule", error)
         && check_changed (store, "alert rule", id, error);
}

gboolean
bs_alert_store_set_paused (BsStore   *store,
                           gint64     id,
                           gboolean   paused,
                           GError   **error)
{
  const char *what = paused ? "Could not pause the alert rule" : "Could not resume the alert rule";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE alert_rules SET paused = ?2, updated_at = ?3,"
                                 " definition = json_set (definition, '$.paused', json (?4))"
                                 " WHERE id = ?1",
                                 what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, paused ? 1 : 0);
  bs_store_bind_now (stmt, 3);
  bind_text (stmt, 4, paused ? "true" : "false");
  return bs_store_step_done (store, stmt, what, error)
         && check_changed (store, "alert rule", id, error);
}

static gpointer
run_from_row (sqlite3_stmt *stmt)
{
  BsAlertRuleRun *run = g_new0 (BsAlertRuleRun, 1);

  run->rule_id = sqlite3_column_int64 (stmt, 0);
  run->last_evaluated_at = sqlite3_column_int64 (stmt, 1);
  run->last_duration_ms = sqlite3_column_double (stmt, 2);
  run->last_error = bs_store_column_dup (stmt, 3);
  return run;
}

GPtrArray *
bs_alert_store_list_runs (BsStore  *store,
                          GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_all (store,
                             "SELECT id, last_evaluated_at, coalesce (last_duration_ms, 0),"
                             " last_error FROM alert_rules"
                             " WHERE last_evaluated_at IS NOT NULL ORDER BY id",
                             run_from_row, (GDestroyNotify) bs_alert_rule_run_free,
                             "Could not read when the alert rules last ran", error);
}

/* States */

static BsAlertInstance *
instance_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(JsonObject) labels = column_object (stmt, 2);
  BsAlertStateInfo info = { 0, };
  BsAlertInstance *instance;

  /* Unknown words (a newer engine's) read as Normal: the next evaluation sets them. */
  if (!bs_alert_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &info.state))
    info.state = BS_ALERT_STATE_NORMAL;
  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL ||
      !bs_alert_reason_from_string ((const char *) sqlite3_column_text (stmt, 4), &info.reason))
    info.reason = BS_ALERT_REASON_NONE;
  info.started_at = sqlite3_column_int64 (stmt, 7);
  info.last_eval_at = sqlite3_column_int64 (stmt, 8);
  info.missing_evals = sqlite3_column_int (stmt, 9);

  instance = bs_alert_instance_new_keyed (labels, (const char *) sqlite3_column_text (stmt, 1),
                                         &info);
  instance->value = column_double_or_nan (stmt, 5);
  g_free (instance->error);
  instance->error = bs_store_column_dup (stmt, 6);
  instance->last_sent_at = sqlite3_column_int64 (stmt, 10);
  return instance;
}

/* Every series kept was in the rule's last evaluation, and an unchanged one is not written
 * again: its last evaluation is the rule's. */
#define SELECT_INSTANCES \
  "SELECT i.rule_id, i.series_key, i.labels, i.state, i.reason, i.value, i.error," \
  " i.started_at, max(i.last_eval_at, coalesce(r.last_evaluated_at, 0)), i.missing_evals," \
  " i.last_sent_at FROM alert_instances AS i JOIN alert_rules AS r ON r.id = i.rule_id"

GPtrArray *
bs_alert_store_list_instances (BsStore   *store,
                               gint64     rule_id,
                               GArray   **out_rule_ids,
                               GError   **error)
{
  const char *what = "Could not read the states of the alert rules";
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GArray) rule_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(BsStoreCachedStmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  /* Two statements rather than "?1 = 0 OR rule_id = ?1", which keeps SQLite from using the
   * primary key: the scheduler asks rule by rule, and each would scan every series. */
  if (!(stmt = bs_store_prepare_cached (store,
                                 rule_id > 0 ? SELECT_INSTANCES " WHERE i.rule_id = ?1"
                                               " ORDER BY i.series_key"
                                             : SELECT_INSTANCES
                                               " ORDER BY i.rule_id, i.series_key",
                                 what, error)))
    return NULL;
  if (rule_id > 0)
    sqlite3_bind_int64 (stmt, 1, rule_id);

  instances = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_instance_free);
  while (bs_store_step (store, stmt, &has_row, what, error))
    {
      gint64 id;

      if (!has_row)
        {
          if (out_rule_ids != NULL)
            *out_rule_ids = g_steal_pointer (&rule_ids);
          return g_steal_pointer (&instances);
        }
      id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rule_ids, id);
      g_ptr_array_add (instances, instance_from_row (stmt));
    }
  return NULL;
}

static gboolean
rule_exists (BsStore   *store,
             gint64     rule_id,
             gboolean  *out_exists,
             GError   **error)
{
  const char *what = "Could not save the evaluation of the alert rule";
  g_autoptr(BsStoreCachedStmt) stmt = NULL;

  if (!(stmt = bs_store_prepare_cached (store, "SELECT 1 FROM alert_rules WHERE id = ?1", what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rule_id);
  return bs_store_step (store, stmt, out_exists, what, error);
}

/* Binds @item, a row of @evaluation, to @stmt. */
typedef void (*BindRow) (sqlite3_stmt            *stmt,
                         const BsAlertEvaluation *evaluation,
                         gpointer                 item);

/* Runs @sql once for each of @items (NULL: none). */
static gboolean
insert_rows (BsStore                  *store,
             const char               *sql,
             const BsAlertEvaluation  *evaluation,
             GPtrArray                *items,
             BindRow                   bind,
             const char               *what,
             GError                  **error)
{
  g_autoptr(BsStoreCachedStmt) stmt = NULL;

  if (!(stmt = bs_store_prepare_cached (store, sql, what, error)))
    return FALSE;
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      sqlite3_reset (stmt);
      bind (stmt, evaluation, g_ptr_array_index (items, i));
      if (!bs_store_step_done (store, stmt, what, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_instance (sqlite3_stmt            *stmt,
               const BsAlertEvaluation *evaluation,
               gpointer                 item)
{
  BsAlertInstance *instance = item;
  g_autofree char *labels = object_to_text (instance->labels);

  sqlite3_bind_int64 (stmt, 1, evaluation->rule_id);
  bind_text (stmt, 2, instance->series_key);
  bind_text (stmt, 3, labels);
  bind_text (stmt, 4, bs_alert_state_to_string (instance->info.state));
  bind_text (stmt, 5, bs_alert_reason_to_string (instance->info.reason));
  bind_double_or_null (stmt, 6, instance->value);
  bind_text (stmt, 7, instance->error);
  sqlite3_bind_int64 (stmt, 8, instance->info.started_at);
  sqlite3_bind_int64 (stmt, 9, instance->info.last_eval_at);
  sqlite3_bind_int (stmt, 10, instance->info.missing_evals);
  sqlite3_bind_int64 (stmt, 11, instance->last_sent_at);
}

#define INSERT_INSTANCE \
  " INTO alert_instances (rule_id, series_key, labels, state, reason, value, error," \
  " started_at, last_eval_at, missing_evals, last_sent_at)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"

/* Only what changed, when the evaluation knows what the store holds: the series gone, and
 * those whose state or value moved (see BsAlertInstance.stored). */
static gboolean
update_instances (BsStore                  *store,
                  const BsAlertEvaluation  *evaluation,
                  const char               *what,
                  GError                  **error)
{
  g_autoptr(BsStoreCachedStmt) delete = NULL;
  g_autoptr(BsStoreCachedStmt) insert = NULL;

  if (!(delete = bs_store_prepare_cached (store, "DELETE FROM alert_instances"
                                   " WHERE rule_id = ?1 AND series_key = ?2", what, error))
      || !(insert = bs_store_prepare_cached (store, "INSERT OR REPLACE" INSERT_INSTANCE, what, error)))
    return FALSE;
  for (guint i = 0; i < evaluation->gone_keys->len; i++)
    {
      sqlite3_reset (delete);
      sqlite3_bind_int64 (delete, 1, evaluation->rule_id);
      bind_text (delete, 2, g_ptr_array_index (evaluation->gone_keys, i));
      if (!bs_store_step_done (store, delete, what, error))
        return FALSE;
    }
  for (guint i = 0; i < evaluation->instances->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (evaluation->instances, i);

      if (instance->stored)
        continue;
      sqlite3_reset (insert);
      bind_instance (insert, evaluation, instance);
      if (!bs_store_step_done (store, insert, what, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_instances (BsStore                  *store,
                  const BsAlertEvaluation  *evaluation,
                  const char               *what,
                  GError                  **error)
{
  if (evaluation->gone_keys != NULL)
    return update_instances (store, evaluation, what, error);
  return exec_with_id (store, "DELETE FROM alert_instances WHERE rule_id = ?1",
                       evaluation->rule_id, what, error)
         && insert_rows (store, "INSERT" INSERT_INSTANCE, evaluation, evaluation->instances,
                         bind_instance, what, error);
}

static void
bind_transition (sqlite3_stmt            *stmt,
                 const BsAlertEvaluation *evaluation,
                 gpointer                 item)
{
  BsAlertTransition *transition = item;
  g_autofree char *labels = object_to_text (transition->labels);

  sqlite3_bind_int64 (stmt, 1, evaluation->rule_id);
  sqlite3_bind_int64 (stmt, 2, transition->at);
  bind_text (stmt, 3, transition->series_key);
  bind_text (stmt, 4, labels);
  bind_text (stmt, 5, bs_alert_state_to_string (transition->from));
  bind_text (stmt, 6, bs_alert_state_to_string (transition->to));
  bind_text (stmt, 7, bs_alert_reason_to_string (transition->reason));
  bind_double_or_null (stmt, 8, transition->value);
  bind_text (stmt, 9, transition->error);
}

static gboolean
insert_transitions (BsStore                  *store,
                    const BsAlertEvaluation  *evaluation,
                    const char               *what,
                    GError                  **error)
{
  return insert_rows (store,
                      "INSERT INTO alert_history (rule_id, at, series_key, labels,"
                      " from_state, to_state, reason, value, error)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      evaluation, evaluation->transitions, bind_transition, what, error);
}

static void
bind_notification (sqlite3_stmt            *stmt,
                   const BsAlertEvaluation *evaluation,
                   gpointer                 item)
{
  BsAlertNotification *notification = item;
  g_autofree char *payload = json_to_string (notification->payload, FALSE);

  bind_text (stmt, 1, notification->idempotency_key);
  sqlite3_bind_int64 (stmt, 2, evaluation->rule_id);
  if (notification->contact_point_id != 0)
    sqlite3_bind_int64 (stmt, 3, notification->contact_point_id);
  else
    sqlite3_bind_null (stmt, 3);
  bind_text (stmt, 4, bs_notification_kind_to_string (notification->kind));
  bind_text (stmt, 5, payload);
  bind_text (stmt, 6, notification->silenced ? "silenced" : "pending");
  sqlite3_bind_int64 (stmt, 7, evaluation->evaluated_at);
}

/* A plain INSERT, not the outbox's INSERT OR IGNORE: the keys of one evaluation are new by
 * construction, so a duplicate means this evaluation was saved already and none of it may
 * be written twice. */
static gboolean
insert_notifications (BsStore                  *store,
                      const BsAlertEvaluation  *evaluation,
                      const char               *what,
                      GError                  **error)
{
  return insert_rows (store,
                      "INSERT INTO notifications (idempotency_key, rule_id,"
                      " contact_point_id, kind, payload, status, created_at,"
                      " next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                      evaluation, evaluation->notifications, bind_notification, what, error);
}

static gboolean
record_run (BsStore                  *store,
            const BsAlertEvaluation  *evaluation,
            const char               *what,
            GError                  **error)
{
  g_autoptr(BsStoreCachedStmt) stmt = NULL;

  if (!(stmt = bs_store_prepare_cached (store,
                                 "UPDATE alert_rules SET last_evaluated_at = ?2,"
                                 " last_duration_ms = ?3, last_error = ?4 WHERE id = ?1",
                                 what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, evaluation->rule_id);
  sqlite3_bind_int64 (stmt, 2, evaluation->evaluated_at);
  sqlite3_bind_double (stmt, 3, evaluation->duration_ms);
  bind_text (stmt, 4, evaluation->error);
  return bs_store_step_done (store, stmt, what, error);
}

gboolean
bs_alert_store_save_evaluation (BsStore                  *store,
                                const BsAlertEvaluation  *evaluation,
                                GError                  **error)
{
  gboolean nested = FALSE;
  g_autofree char *what = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (evaluation != NULL, FALSE);

  what = g_strdup_printf ("Could not save the evaluation of the alert rule %" G_GINT64_FORMAT,
                          evaluation->rule_id);
  if (!begin (store, &nested, error))
    return FALSE;
  if (!rule_exists (store, evaluation->rule_id, &exists, error))
    return rollback (store, nested);
  if (!exists)
    {
      /* Deleted while it was being evaluated: its states went with it. */
      rollback (store, nested);
      return TRUE;
    }

  if (!insert_instances (store, evaluation, what, error) ||
      !insert_transitions (store, evaluation, what, error) ||
      !insert_notifications (store, evaluation, what, error) ||
      !record_run (store, evaluation, what, error) ||
      !commit (store, nested, error))
    return rollback (store, nested);
  return TRUE;
}

/* History */

static char *
format_usec (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return bs_store_format_iso8601 (time);
}

static void
add_double_or_null (JsonBuilder  *builder,
                    const char   *member,
                    sqlite3_stmt *stmt,
                    int           column)
{
  json_builder_set_member_name (builder, member);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
}

static void
add_text_or_null (JsonBuilder  *builder,
                  const char   *member,
                  sqlite3_stmt *stmt,
                  int           column)
{
  json_builder_set_member_name (builder, member);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

static void
add_history_item (JsonBuilder  *builder,
                  sqlite3_stmt *stmt)
{
  g_autofree char *at = format_usec (sqlite3_column_int64 (stmt, 1));
  JsonObject *labels = column_object (stmt, 3);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "series_key");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 2));
  json_builder_set_member_name (builder, "labels");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), labels));
  json_object_unref (labels);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 4));
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 5));
  add_text_or_null (builder, "reason", stmt, 6);
  add_double_or_null (builder, "value", stmt, 7);
  add_text_or_null (builder, "error", stmt, 8);
  json_builder_end_object (builder);
}

JsonNode *
bs_alert_store_list_history (BsStore  *store,
                             gint64    rule_id,
                             gint64    before_id,
                             guint     limit,
                             GError  **error)
{
  const char *what = "Could not read the history of the alert rule";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!(stmt = bs_store_prepare (store,
                                 "SELECT id, at, series_key, labels, from_state, to_state,"
                                 " reason, value, error FROM alert_history"
                                 " WHERE rule_id = ?1 AND (?2 <= 0 OR id < ?2)"
                                 " ORDER BY id DESC LIMIT ?3",
                                 what, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rule_id);
  sqlite3_bind_int64 (stmt, 2, before_id);
  sqlite3_bind_int64 (stmt, 3, limit);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while (bs_store_step (store, stmt, &has_row, what, error))
    {
      if (!has_row)
        {
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          return json_builder_get_root (builder);
        }
      add_history_item (builder, stmt);
    }
  return NULL;
}

/* Contact points */

static gpointer
point_from_row (sqlite3_stmt *stmt)
{
  BsContactPoint *point = bs_contact_point_new ((const char *) sqlite3_column_text (stmt, 1),
                                                (const char *) sqlite3_column_text (stmt, 2));

  point->id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&point->settings, json_object_unref);
  point->settings = column_object (stmt, 3);
  point->send_resolved = sqlite3_column_int (stmt, 4) != 0;
  g_clear_pointer (&point->created_at, g_date_time_unref);
  g_clear_pointer (&point->updated_at, g_date_time_unref);
  point->created_at = bs_store_column_time (stmt, 5);
  point->updated_at = bs_store_column_time (stmt, 6);
  return point;
}

BsContactPoint *
bs_alert_store_get_contact_point (BsStore  *store,
                                  gint64    id,
                                  GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_by_id (store, POINT_COLUMNS " WHERE id = ?1", id, point_from_row,
                               "contact point", error);
}

GPtrArray *
bs_alert_store_list_contact_points (BsStore  *store,
                                    GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_all (store, POINT_COLUMNS " ORDER BY name COLLATE NOCASE, id",
                             point_from_row, (GDestroyNotify) bs_contact_point_free,
                             "Could not read the contact points", error);
}

/* With the kind checked before, the one rule left to break is the unique name. */
static gboolean
set_point_error (GError     **error,
                 GError      *local_error,
                 const char  *what)
{
  if (g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: a contact point with that name already exists; pick another name",
                   what);
      g_error_free (local_error);
    }
  else
    g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
check_point_kind (const BsContactPoint  *point,
                  const char            *what,
                  GError               **error)
{
  if (point->name == NULL || point->name[0] == '\0' ||
      !bs_contact_point_kind_is_valid (point->kind))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "%s: it needs a name and a kind (slack, webhook or desktop)", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
reread_point (BsStore         *store,
              BsContactPoint  *point,
              GError         **error)
{
  g_autoptr(BsContactPoint) stored = bs_alert_store_get_contact_point (store, point->id, error);

  if (stored == NULL)
    return FALSE;
  g_clear_pointer (&point->created_at, g_date_time_unref);
  g_clear_pointer (&point->updated_at, g_date_time_unref);
  point->created_at = g_date_time_ref (stored->created_at);
  point->updated_at = g_date_time_ref (stored->updated_at);
  return TRUE;
}

/* Runs @sql, an INSERT or UPDATE whose ?1 is the id (NULL for a new one) and ?2 to ?6 the
 * point's columns and the time of the change. */
static gboolean
write_point (BsStore               *store,
             const BsContactPoint  *point,
             const char            *sql,
             const char            *what,
             GError               **error)
{
  g_autofree char *settings = object_to_text (point->settings);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;

  if (!check_point_kind (point, what, error) ||
      !(stmt = bs_store_prepare (store, sql, what, error)))
    return FALSE;
  if (point->id > 0)
    sqlite3_bind_int64 (stmt, 1, point->id);
  else
    sqlite3_bind_null (stmt, 1);
  bind_text (stmt, 2, point->name);
  bind_text (stmt, 3, point->kind);
  bind_text (stmt, 4, settings);
  sqlite3_bind_int (stmt, 5, point->send_resolved ? 1 : 0);
  bs_store_bind_now (stmt, 6);
  if (!bs_store_step_done (store, stmt, what, &local_error))
    return set_point_error (error, local_error, what);
  return TRUE;
}

gboolean
bs_alert_store_insert_contact_point (BsStore         *store,
                                     BsContactPoint  *point,
                                     GError         **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  what = g_strdup_printf ("Could not add the contact point “%s”", point->name);
  if (!write_point (store, point,
                    "INSERT INTO contact_points (id, name, kind, settings,"
                    " send_resolved, created_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    what, error))
    return FALSE;
  point->id = sqlite3_last_insert_rowid (bs_store_get_db (store));
  return reread_point (store, point, error);
}

gboolean
bs_alert_store_update_contact_point (BsStore         *store,
                                     BsContactPoint  *point,
                                     GError         **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  what = g_strdup_printf ("Could not change the contact point “%s”", point->name);
  if (!write_point (store, point,
                    "UPDATE contact_points SET name = ?2, kind = ?3, settings = ?4,"
                    " send_resolved = ?5, updated_at = ?6 WHERE id = ?1",
                    what, error)
      || !check_changed (store, "contact point", point->id, error))
    return FALSE;
  return reread_point (store, point, error);
}

/* "“Low stock”, “Late orders”": the titles of the rules whose @column is @id, or NULL
 * when there are none. */
static gboolean
rules_using (BsStore     *store,
             const char  *column,
             gint64       id,
             char       **out_titles,
             GError     **error)
{
  const char *what = "Could not check which alert rules use it";
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);
  gboolean has_row;

  *out_titles = NULL;
  /* @column is one of two literals of this file, never input. */
  sql = g_strdup_printf ("SELECT title FROM alert_rules WHERE %s = ?1 ORDER BY title", column);
  if (!(stmt = bs_store_prepare (store, sql, what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while (bs_store_step (store, stmt, &has_row, what, error))
    {
      if (!has_row)
        {
          if (titles->len > 0)
            *out_titles = g_string_free (g_steal_pointer (&titles), FALSE);
          return TRUE;
        }
      g_string_append_printf (titles, "%s“%s”", titles->len > 0 ? ", " : "",
                              sqlite3_column_text (stmt, 0));
    }
  return FALSE;
}

gboolean
bs_alert_store_check_source_unused (BsStore     *store,
                                    gint64       source_id,
                                    const char  *source_name,
                                    GError     **error)
{
  g_autofree char *titles = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);

  if (!rules_using (store, "source_id", source_id, &titles, error))
    return FALSE;
  if (titles != NULL)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "Could not remove the data source “%s”: the alert rules %s read it; delete "
                   "them or give them another source first", source_name, titles);
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_alert_store_delete_contact_point (BsStore  *store,
                                     gint64    id,
                                     GError  **error)
{
  g_autoptr(BsContactPoint) point = NULL;
  g_autofree char *titles = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  if (!(point = bs_alert_store_get_contact_point (store, id, error)) ||
      !rules_using (store, "contact_point_id", id, &titles, error))
    return FALSE;
  if (titles != NULL)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT,
                   "Could not delete the contact point “%s”: the alert rules %s send to it; "
                   "give them another contact point first", point->name, titles);
      return FALSE;
    }

  /* Its queued notifications stay in the outbox (contact_point_id set to NULL). */
  return exec_with_id (store, "DELETE FROM contact_points WHERE id = ?1", id,
                       "Could not delete the contact point", error);
}

/* Silences */

/* The array the silence's JSON has, so that the column and the API spell matchers alike. */
static char *
matchers_to_text (const BsAlertSilence *silence)
{
  g_autoptr(JsonNode) json = bs_alert_silence_to_json (silence, 0);

  return json_to_string (json_object_get_member (json_node_get_object (json), "matchers"),
                         FALSE);
}

static void
add_matchers_from_text (BsAlertSilence *silence,
                        const char     *text)
{
  g_autoptr(JsonNode) node = parse_json (text);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *matcher = json_array_get_object_element (array, i);

      if (matcher == NULL)
        continue;
      bs_alert_silence_add_matcher (silence,
                                    json_object_get_string_member_with_default (matcher,
                                                                                "label", ""),
                                    g_strcmp0 (json_object_get_string_member_with_default (
                                      matcher, "op", "="), "!=") == 0,
                                    json_object_get_string_member_with_default (matcher,
                                                                                "value", ""));
    }
}

static gpointer
silence_from_row (sqlite3_stmt *stmt)
{
  BsAlertSilence *silence = bs_alert_silence_new (sqlite3_column_int64 (stmt, 2),
                                                  sqlite3_column_int64 (stmt, 3));

  silence->id = sqlite3_column_int64 (stmt, 0);
  add_matchers_from_text (silence, (const char *) sqlite3_column_text (stmt, 1));
  g_free (silence->comment);
  silence->comment = bs_store_column_dup (stmt, 4);
  g_free (silence->created_by);
  silence->created_by = bs_store_column_dup (stmt, 5);
  silence->created_at = sqlite3_column_int64 (stmt, 6);
  return silence;
}

gboolean
bs_alert_store_insert_silence (BsStore         *store,
                               BsAlertSilence  *silence,
                               GError         **error)
{
  const char *what = "Could not add the silence";
  g_autofree char *matchers = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (silence != NULL, FALSE);

  if (!bs_alert_silence_validate (silence, error) ||
      !(stmt = bs_store_prepare (store,
                                 "INSERT INTO silences (matchers, starts_at, ends_at, comment,"
                                 " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 what, error)))
    return FALSE;

  matchers = matchers_to_text (silence);
  bind_text (stmt, 1, matchers);
  sqlite3_bind_int64 (stmt, 2, silence->starts_at);
  sqlite3_bind_int64 (stmt, 3, silence->ends_at);
  bind_text (stmt, 4, silence->comment != NULL ? silence->comment : "");
  bind_text (stmt, 5, silence->created_by != NULL ? silence->created_by : PACKAGE_NAME);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;

  silence->id = sqlite3_last_insert_rowid (bs_store_get_db (store));
  silence->created_at = now;
  if (silence->created_by == NULL)
    silence->created_by = g_strdup (PACKAGE_NAME);
  return TRUE;
}

gboolean
bs_alert_store_delete_silence (BsStore  *store,
                               gint64    id,
                               GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  return exec_with_id (store, "DELETE FROM silences WHERE id = ?1", id,
                       "Could not delete the silence", error)
         && check_changed (store, "silence", id, error);
}

gboolean
bs_alert_store_expire_silence (BsStore  *store,
                               gint64    id,
                               gint64    now,
                               GError  **error)
{
  const char *what = "Could not expire the silence";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  /* One that ended already keeps its end; one that had not begun ends before it began,
   * so that starts_at <= ends_at still holds. */
  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE silences SET ends_at = min (ends_at, ?2),"
                                 " starts_at = min (starts_at, ?2) WHERE id = ?1",
                                 what, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  return bs_store_step_done (store, stmt, what, error)
         && check_changed (store, "silence", id, error);
}

GPtrArray *
bs_alert_store_list_silences (BsStore   *store,
                              gboolean   include_expired,
                              gint64     now,
                              GError   **error)
{
  const char *what = "Could not read the silences";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (!(stmt = bs_store_prepare (store,
                                 SILENCE_COLUMNS " WHERE ?1 OR ends_at > ?2"
                                 " ORDER BY starts_at, id",
                                 what, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, include_expired ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, now);
  return bs_store_fetch_all (store, stmt, silence_from_row,
                             (GDestroyNotify) bs_alert_silence_free, what, error);
}
