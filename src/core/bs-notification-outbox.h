/* bs-notification-outbox.h — the notifications table as a queue that never loses an entry.
 *
 * A notification is written in the same transaction as the state change that caused it
 * (bs_alert_store_save_evaluation), then delivered at least once: the sender takes the due
 * ones, and marks each delivered, failed for good (a 4xx other than 429) or to be retried
 * at a later time. Nothing is deleted by delivery; a row that was being sent when the engine
 * died is simply still pending (its next_attempt_at is in the past) and is sent again with
 * the same idempotency key.
 *
 * Status: "pending" → "delivered" | "failed"; "silenced" from the start (never sent).
 * Errors are BS_STORE_ERROR.
 */
#pragma once

#include "bs-alert-evaluation.h"
#include "bs-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64              id;
  char               *idempotency_key;
  gint64              rule_id;            /* 0: a test, or the rule was deleted */
  gint64              contact_point_id;   /* 0: the contact point was deleted */
  BsNotificationKind  kind;
  JsonNode           *payload;
  char               *status;             /* "pending", "delivered", "failed", "silenced" */
  guint               attempts;
  gint64              created_at;         /* µs */
  gint64              next_attempt_at;
  gint64              delivered_at;       /* 0 until delivered */
  guint               last_http_status;   /* 0: none (not HTTP, or no answer) */
  char               *last_error;         /* NULL, or why the last attempt failed */
} BsOutboxEntry;

void          bs_outbox_entry_free              (BsOutboxEntry       *self);

/* Adds one notification (a "test", or one made outside an evaluation); sets nothing on
 * @notification. A duplicate idempotency key is not an error: the first one stays. */
gboolean      bs_notification_outbox_add        (BsStore             *store,
                                                 const BsAlertNotification *notification,
                                                 gint64               now,
                                                 GError             **error);
/* Up to @limit pending entries whose next_attempt_at <= @now, oldest first. */
GPtrArray    *bs_notification_outbox_take_due   (BsStore             *store,
                                                 gint64               now,
                                                 guint                limit,
                                                 GError             **error);
/* The earliest next_attempt_at of a pending entry, or 0 when none is pending. */
gint64        bs_notification_outbox_next_due   (BsStore             *store,
                                                 GError             **error);
gboolean      bs_notification_outbox_delivered  (BsStore             *store,
                                                 gint64               id,
                                                 guint                http_status,
                                                 gint64               now,
                                                 GError             **error);
gboolean      bs_notification_outbox_retry      (BsStore             *store,
                                                 gint64               id,
                                                 guint                http_status,
                                                 const char          *error_message,
                                                 gint64               next_attempt_at,
                                                 GError             **error);
gboolean      bs_notification_outbox_failed     (BsStore             *store,
                                                 gint64               id,
                                                 guint                http_status,
                                                 const char          *error_message,
                                                 GError             **error);
/* Not to be sent after all, e.g. a resolved message for a contact point that does not
 * send them: status "silenced" with @reason as last_error; attempts are not counted. */
gboolean      bs_notification_outbox_silence    (BsStore             *store,
                                                 gint64               id,
                                                 const char          *reason,
                                                 GError             **error);
/* Entries of a rule (@rule_id > 0) or of a contact point (@contact_point_id > 0), newest
 * first, at most @limit. */
GPtrArray    *bs_notification_outbox_list       (BsStore             *store,
                                                 gint64               rule_id,
                                                 gint64               contact_point_id,
                                                 guint                limit,
                                                 GError             **error);
/* How many are pending (for the engine's status). */
gint64        bs_notification_outbox_count_pending (BsStore          *store,
                                                    GError          **error);
/* {"id","idempotency_key","rule_id"|null,"contact_point_id"|null,"kind","status",
 *  "attempts","created_at","next_attempt_at","delivered_at"|null,"last_http_status"|null,
 *  "last_error"|null,"alerts": <the payload's number of alerts>} — never a secret. */
JsonNode     *bs_outbox_entry_to_json           (const BsOutboxEntry *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsOutboxEntry, bs_outbox_entry_free)

G_END_DECLS
