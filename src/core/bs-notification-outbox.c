#define G_LOG_DOMAIN "bs-notification-outbox"

#include "config.h"

#include <string.h>

#include "bs-notification-outbox.h"
#include "bs-store-private.h"

#define SELECT_COLUMNS \
  "SELECT id, idempotency_key, rule_id, contact_point_id, kind, payload, status, attempts, " \
  "created_at, next_attempt_at, delivered_at, last_http_status, last_error FROM notifications"

/* What is kept of a failed attempt's message: enough to say why, never a whole page. */
#define MAX_ERROR_LENGTH 1000

void
bs_outbox_entry_free (BsOutboxEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->idempotency_key);
  g_clear_pointer (&self->payload, json_node_unref);
  g_free (self->status);
  g_free (self->last_error);
  g_free (self);
}

static JsonNode *
payload_from_text (const char *text)
{
  JsonNode *node = text != NULL ? json_from_string (text, NULL) : NULL;

  /* The column is checked with json_valid (), so only a NULL text ends up here. */
  return node != NULL ? node : json_node_init_object (json_node_alloc (), json_object_new ());
}

static gpointer
entry_from_row (sqlite3_stmt *stmt)
{
  BsOutboxEntry *entry = g_new0 (BsOutboxEntry, 1);
  g_autofree char *kind = NULL;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->idempotency_key = bs_store_column_dup (stmt, 1);
  entry->rule_id = sqlite3_column_int64 (stmt, 2);
  entry->contact_point_id = sqlite3_column_int64 (stmt, 3);
  kind = bs_store_column_dup (stmt, 4);
  if (!bs_notification_kind_from_string (kind, &entry->kind))
    entry->kind = BS_NOTIFICATION_TEST;
  entry->payload = payload_from_text ((const char *) sqlite3_column_text (stmt, 5));
  entry->status = bs_store_column_dup (stmt, 6);
  entry->attempts = sqlite3_column_int (stmt, 7);
  entry->created_at = sqlite3_column_int64 (stmt, 8);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  entry->delivered_at = sqlite3_column_int64 (stmt, 10);
  entry->last_http_status = sqlite3_column_int (stmt, 11);
  entry->last_error = bs_store_column_dup (stmt, 12);
  return entry;
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_error_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *message)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (message == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  /* A receiver's body is untrusted: cut it on a character boundary and keep it UTF-8. */
  valid = g_utf8_make_valid (message, -1);
  if (strlen (valid) > MAX_ERROR_LENGTH)
    {
      end = g_utf8_find_prev_char (valid, valid + MAX_ERROR_LENGTH + 1);
      valid[end - valid] = '\0';
    }
  sqlite3_bind_text (stmt, index, valid, -1, SQLITE_TRANSIENT);
}

gboolean
bs_notification_outbox_add (BsStore                   *store,
                            const BsAlertNotification *notification,
                            gint64                     now,
                            GError                   **error)
{
  static const char *what = "Could not queue the notification";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (notification != NULL, FALSE);
  g_return_val_if_fail (notification->idempotency_key != NULL, FALSE);
  g_return_val_if_fail (notification->payload != NULL, FALSE);

  /* A key seen before is the same notification again (a retried evaluation or test):
   * the row already queued is the one that counts. */
  stmt = bs_store_prepare (store,
                           "INSERT INTO notifications (idempotency_key, rule_id, "
                           "contact_point_id, kind, payload, status, created_at, "
                           "next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
                           "ON CONFLICT (idempotency_key) DO NOTHING",
                           what, error);
  if (stmt == NULL)
    return FALSE;

  payload = json_to_string (notification->payload, FALSE);
  sqlite3_bind_text (stmt, 1, notification->idempotency_key, -1, SQLITE_STATIC);
  bind_id_or_null (stmt, 2, notification->rule_id);
  bind_id_or_null (stmt, 3, notification->contact_point_id);
  sqlite3_bind_text (stmt, 4, bs_notification_kind_to_string (notification->kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, notification->silenced ? "silenced" : "pending", -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  return bs_store_step_done (store, stmt, what, error);
}

GPtrArray *
bs_notification_outbox_take_due (BsStore  *store,
                                 gint64    now,
                                 guint     limit,
                                 GError  **error)
{
  static const char *what = "Could not read the notifications to send";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  stmt = bs_store_prepare (store,
                           SELECT_COLUMNS " WHERE status = 'pending' AND next_attempt_at <= ?1 "
                           "ORDER BY next_attempt_at, id LIMIT ?2",
                           what, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);
  return bs_store_fetch_all (store, stmt, entry_from_row,
                             (GDestroyNotify) bs_outbox_entry_free, what, error);
}

static gboolean
query_int64 (BsStore     *store,
             const char  *sql,
             const char  *what,
             gint64      *out_value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = bs_store_prepare (store, sql, what, error);
  gboolean has_row = FALSE;

  *out_value = 0;
  if (stmt == NULL || !bs_store_step (store, stmt, &has_row, what, error))
    return FALSE;
  if (has_row)
    *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gint64
bs_notification_outbox_next_due (BsStore  *store,
                                 GError  **error)
{
  gint64 next = 0;

  g_return_val_if_fail (BS_IS_STORE (store), 0);

  /* MIN over the (status, next_attempt_at) index is one seek. NULL (none) reads as 0. */
  query_int64 (store,
               "SELECT MIN (next_attempt_at) FROM notifications WHERE status = 'pending'",
               "Could not read when the next notification is due", &next, error);
  return next;
}

gint64
bs_notification_outbox_count_pending (BsStore  *store,
                                      GError  **error)
{
  gint64 count = 0;

  g_return_val_if_fail (BS_IS_STORE (store), 0);

  query_int64 (store, "SELECT COUNT (*) FROM notifications WHERE status = 'pending'",
               "Could not count the notifications waiting to be sent", &count, error);
  return count;
}

/* Runs @sql, one UPDATE of a pending entry, with ?1 the id, ?2 @moment (a time the
 * statement may use), ?3 the HTTP status (NULL for 0) and ?4 the error message. An entry
 * that is no longer pending (already marked by an earlier attempt) or does not exist is
 * BS_STORE_ERROR_NOT_FOUND. */
static gboolean
update_pending (BsStore     *store,
                const char  *sql,
                gint64       id,
                gint64       moment,
                guint        http_status,
                const char  *error_message,
                const char  *what,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = bs_store_prepare (store, sql, what, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, moment);
  if (http_status > 0)
    sqlite3_bind_int (stmt, 3, http_status);
  else
    sqlite3_bind_null (stmt, 3);
  bind_error_text (stmt, 4, error_message);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (bs_store_get_db (store)) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                   "%s: there is no pending notification with id %" G_GINT64_FORMAT,
                   what, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_notification_outbox_delivered (BsStore  *store,
                                  gint64    id,
                                  guint     http_status,
                                  gint64    now,
                                  GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  return update_pending (store,
                         "UPDATE notifications SET status = 'delivered', "
                         "attempts = attempts + 1, delivered_at = ?2, "
                         "last_http_status = ?3, last_error = ?4 "
                         "WHERE id = ?1 AND status = 'pending'",
                         id, now, http_status, NULL,
                         "Could not record a delivered notification", error);
}

gboolean
bs_notification_outbox_retry (BsStore     *store,
                              gint64       id,
                              guint        http_status,
                              const char  *error_message,
                              gint64       next_attempt_at,
                              GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  return update_pending (store,
                         "UPDATE notifications SET attempts = attempts + 1, "
                         "next_attempt_at = ?2, last_http_status = ?3, last_error = ?4 "
                         "WHERE id = ?1 AND status = 'pending'",
                         id, next_attempt_at, http_status, error_message,
                         "Could not record a notification to retry", error);
}

/* Done, not due again: ?2 is not used. */
gboolean
bs_notification_outbox_failed (BsStore     *store,
                               gint64       id,
                               guint        http_status,
                               const char  *error_message,
                               GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  return update_pending (store,
                         "UPDATE notifications SET status = 'failed', "
                         "attempts = attempts + 1, last_http_status = ?3, last_error = ?4 "
                         "WHERE id = ?1 AND status = 'pending'",
                         id, 0, http_status, error_message,
                         "Could not record a notification that failed", error);
}

/* Not an attempt, so the count stays. */
gboolean
bs_notification_outbox_silence (BsStore     *store,
                                gint64       id,
                                const char  *reason,
                                GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  return update_pending (store,
                         "UPDATE notifications SET status = 'silenced', "
                         "last_http_status = ?3, last_error = ?4 "
                         "WHERE id = ?1 AND status = 'pending'",
                         id, 0, 0, reason,
                         "Could not record a notification that is not sent", error);
}

GPtrArray *
bs_notification_outbox_list (BsStore  *store,
                             gint64    rule_id,
                             gint64    contact_point_id,
                             guint     limit,
                             GError  **error)
{
  static const char *what = "Could not read the notifications";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (rule_id > 0 || contact_point_id > 0, NULL);

  /* Each form has its own index order: rule_id by (rule_id, id); contact points are few
   * rows each, and id order is creation order. */
  if (rule_id > 0)
    sql = SELECT_COLUMNS " WHERE rule_id = ?1 ORDER BY id DESC LIMIT ?2";
  else
    sql = SELECT_COLUMNS " WHERE contact_point_id = ?1 ORDER BY id DESC LIMIT ?2";

  stmt = bs_store_prepare (store, sql, what, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, rule_id > 0 ? rule_id : contact_point_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  return bs_store_fetch_all (store, stmt, entry_from_row,
                             (GDestroyNotify) bs_outbox_entry_free, what, error);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       usec)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, member);
  if (usec <= 0 || (time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC)) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  text = bs_store_format_iso8601 (time);
  json_builder_add_string_value (builder, text);
}

static void
add_id_or_null (JsonBuilder *builder,
                const char  *member,
                gint64       id)
{
  json_builder_set_member_name (builder, member);
  if (id > 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

static gint64
count_alerts (JsonNode *payload)
{
  JsonObject *object;
  JsonNode *alerts;

  if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
    return 0;

  object = json_node_get_object (payload);
  alerts = json_object_get_member (object, "alerts");
  if (alerts == NULL || !JSON_NODE_HOLDS_ARRAY (alerts))
    return 0;
  return json_array_get_length (json_node_get_array (alerts));
}

JsonNode *
bs_outbox_entry_to_json (const BsOutboxEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, self->idempotency_key);
  add_id_or_null (builder, "rule_id", self->rule_id);
  add_id_or_null (builder, "contact_point_id", self->contact_point_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, bs_notification_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, self->status);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, self->attempts);
  add_time (builder, "created_at", self->created_at);
  add_time (builder, "next_attempt_at", self->next_attempt_at);
  add_time (builder, "delivered_at", self->delivered_at);
  add_id_or_null (builder, "last_http_status", self->last_http_status);
  json_builder_set_member_name (builder, "last_error");
  if (self->last_error != NULL)
    json_builder_add_string_value (builder, self->last_error);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "alerts");
  json_builder_add_int_value (builder, count_alerts (self->payload));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
