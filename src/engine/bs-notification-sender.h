/* bs-notification-sender.h — delivers the outbox (bs-notification-outbox.h), at least once.
 *
 * Runs on the engine's main loop and never blocks it: HTTP through libsoup's async calls,
 * the contact point's URL through the secret store's async lookup. Each second (and as soon
 * as a delivery ends) it takes the due entries, at most BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT
 * at a time, and for each:
 *   - slack / webhook: POSTs the Block Kit message or the payload JSON to the URL kept under
 *     bs_contact_point_secret_key(), with the header Idempotency-Key; 2xx → delivered;
 *     429 and 503 → again after Retry-After (seconds or an HTTP date) or the backoff; any
 *     other 4xx → failed for good with the status and the first 200 bytes of the body;
 *     5xx, a timeout or a refused connection → again after the backoff;
 *   - desktop: a GNotification through a GApplication with the id ENGINE_ID on the session
 *     bus; with no session bus the entry fails, saying so;
 *   - a resolved message for a contact point with send_resolved off is not sent (silenced).
 * Backoff: 5 s doubling up to 1 h, each ±20 % at random so that many retries spread out.
 * The URL is a secret: it is never logged and never in an entry's last_error.
 *
 * Stopping cancels what is in flight; those entries stay pending and are sent again (with
 * the same idempotency key) the next time, as after a crash.
 *
 * For tests and troubleshooting, BS_SENDER_RETRY_BASE_MS, BS_SENDER_RETRY_MAX_MS and
 * BS_SENDER_TIMEOUT_SECONDS in the environment replace 5 s, 1 h and 10 s.
 */
#pragma once

#include "bs-secret-store.h"
#include "bs-store.h"

G_BEGIN_DECLS

#define BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT     4
#define BS_NOTIFICATION_SENDER_RETRY_BASE_USEC   (G_GINT64_CONSTANT (5) * G_USEC_PER_SEC)
#define BS_NOTIFICATION_SENDER_RETRY_MAX_USEC    (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define BS_NOTIFICATION_SENDER_TIMEOUT_SECONDS   10
#define BS_NOTIFICATION_SENDER_JITTER            0.2
/* What is kept of a refusing receiver's answer. */
#define BS_NOTIFICATION_SENDER_BODY_EXCERPT      200

#define BS_TYPE_NOTIFICATION_SENDER (bs_notification_sender_get_type ())
G_DECLARE_FINAL_TYPE (BsNotificationSender, bs_notification_sender, BS, NOTIFICATION_SENDER,
                      GObject)

/* @store: the engine's (main-thread) connection. */
BsNotificationSender *bs_notification_sender_new   (BsStore              *store,
                                                    BsSecretStore        *secrets);
void                  bs_notification_sender_start (BsNotificationSender *self);
void                  bs_notification_sender_stop  (BsNotificationSender *self);
/* Looks for due entries now instead of at the next second. */
void                  bs_notification_sender_wake  (BsNotificationSender *self);
/* Entries being sent right now. */
guint                 bs_notification_sender_get_in_flight (BsNotificationSender *self);

/* The delay before attempt @attempts + 1 after @attempts failed ones (≥ 1): @base_usec ×
 * 2^(@attempts − 1), at most @max_usec, times (1 + BS_NOTIFICATION_SENDER_JITTER × @jitter)
 * with @jitter in [−1, 1]. */
gint64   bs_notification_sender_backoff          (guint        attempts,
                                                  gint64       base_usec,
                                                  gint64       max_usec,
                                                  double       jitter);
/* Parses a Retry-After value (delay-seconds or an HTTP date) into a delay from @now (µs,
 * never negative). FALSE when @value is neither. */
gboolean bs_notification_sender_parse_retry_after (const char  *value,
                                                   gint64       now,
                                                   gint64      *out_delay_usec);

G_END_DECLS
