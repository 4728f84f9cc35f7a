/* bs-alert-evaluation.h — one evaluation of one rule, as a pure function: the rule, its
 * series as stored, the query's result frame (or its error), the silences and the time in;
 * the new series, the state changes for the history and the notifications for the outbox
 * out. The engine stores all three in one transaction (bs_alert_store_save_evaluation), so
 * a notification exists if and only if its state change does.
 *
 * From the frame (bs-query-sql.h's long format): every column other than the time column
 * and "value" is a label of the series (the splits); when there is a time column, the row
 * with the newest time of each series counts. A series whose value meets the condition is
 * Alerting, else Normal; a null value is NoData for that series. A frame with no rows is one
 * NoData result for the series without labels (key "{}"), and the rule's other series count
 * as missing. A query error is an Error result for every known series (or for "{}" when
 * there is none). A paused rule is not evaluated at all.
 *
 * Notifications, grouped per rule and evaluation (Grafana groups by alert rule too): one
 * "firing" notification with every series that started firing, one "resolved" with every
 * series that was resolved, and one "repeat" with the series that still fire and whose last
 * notification is at least repeat_interval_seconds old. None when the rule has no contact
 * point. A notification whose alerts are all silenced is still made, with silenced TRUE
 * (the history shows it, nobody is told); silenced alerts are left out of a group that
 * still has others.
 *
 * Idempotency key: "<rule uid>:<kind>:<evaluated_at in µs>", unique per rule, kind and
 * evaluation, so a delivery retried after a crash is recognised by the receiver.
 *
 * Payload (what bs-notification-format.h turns into a Slack or webhook message):
 *   { "kind": "firing"|"resolved"|"repeat"|"test",
 *     "status": "firing"|"resolved",
 *     "rule": { "id": 3, "uid": "…", "title": "…", "description": "When the sum of … is below 100" },
 *     "evaluated_at": "2026-11-24T10:00:00Z",
 *     "alerts": [ { "status": "firing"|"resolved",
 *                   "labels": { "alertname": "<title>", "rule_uid": "<uid>", …rule labels…, …series labels… },
 *                   "annotations": { "summary": "<rendered>", "description": "<rendered>" },
 *                   "value": 42.0 | null,
 *                   "starts_at": "…Z", "ends_at": "…Z" | null } ],
 *     "dashboard_uid": null | "…", "panel_id": null | 4 }
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-alert-rule.h"
#include "bs-alert-silence.h"
#include "bs-alert-state.h"

G_BEGIN_DECLS

/* One series of a rule as the store keeps it (alert_instances). */
typedef struct
{
  char             *series_key;   /* the labels as canonical JSON: keys sorted, "{}" */
  JsonObject       *labels;       /* the series' own labels (the split values as text);
                                   * NULL when remembered (bs-alert-state-memory.h): the
                                   * key holds them, see bs_alert_instance_dup_labels () */
  BsAlertStateInfo  info;
  double            value;        /* NAN when there was none */
  char             *error;        /* the query's error for an Error state, else NULL */
  gint64            last_sent_at; /* µs; 0: never in a notification */
  gboolean          stored;       /* the store holds it as it is (but for last_eval_at,
                                   * which is the rule's last evaluation for every series) */
} BsAlertInstance;

/* A row of alert_history. */
typedef struct
{
  char          *series_key;
  JsonObject    *labels;
  BsAlertState   from;
  BsAlertState   to;
  BsAlertReason  reason;
  double         value;           /* NAN when there was none */
  char          *error;
  gint64         at;              /* µs */
} BsAlertTransition;

typedef enum
{
  BS_NOTIFICATION_FIRING,
  BS_NOTIFICATION_RESOLVED,
  BS_NOTIFICATION_REPEAT,
  BS_NOTIFICATION_TEST,           /* "Send test" of a contact point */
} BsNotificationKind;

/* A row to add to the outbox (notifications). */
typedef struct
{
  char               *idempotency_key;
  gint64              rule_id;
  gint64              contact_point_id;
  BsNotificationKind  kind;
  JsonNode           *payload;    /* the object described at the top */
  gboolean            silenced;
} BsAlertNotification;

typedef struct
{
  gint64      rule_id;
  gint64      evaluated_at;       /* µs */
  double      duration_ms;        /* of the query; set by the caller */
  char       *error;              /* the query's error message, or NULL */
  GPtrArray  *instances;          /* BsAlertInstance*: every series the rule keeps now */
  GPtrArray  *transitions;        /* BsAlertTransition*: only real state changes */
  GPtrArray  *notifications;      /* BsAlertNotification* */
  GPtrArray  *gone_keys;          /* char*: the series the rule no longer keeps; NULL when
                                   * not known, and the store replaces all of them */
} BsAlertEvaluation;

BsAlertInstance     *bs_alert_instance_new        (JsonObject          *labels,
                                                   const BsAlertStateInfo *info);
/* With @series_key, the key of @labels, already known (NULL: worked out). */
BsAlertInstance     *bs_alert_instance_new_keyed  (JsonObject          *labels,
                                                   const char          *series_key,
                                                   const BsAlertStateInfo *info);
BsAlertInstance     *bs_alert_instance_copy       (const BsAlertInstance *self);
/* The series' labels (a new reference), read back from its key when it has none. */
JsonObject          *bs_alert_instance_dup_labels (const BsAlertInstance *self);
void                 bs_alert_instance_free       (BsAlertInstance     *self);
/* Canonical JSON of @labels (keys sorted, values as strings): the series key. */
char                *bs_alert_series_key          (JsonObject          *labels);

void                 bs_alert_transition_free     (BsAlertTransition   *self);
void                 bs_alert_notification_free   (BsAlertNotification *self);
const char          *bs_notification_kind_to_string   (BsNotificationKind  kind);
gboolean             bs_notification_kind_from_string (const char         *text,
                                                       BsNotificationKind *out);

/* @previous: BsAlertInstance* as stored (may be empty, never NULL). @frame: the result
 * frame, or NULL when @query_error is set. @silences: BsAlertSilence*, the ones active
 * now or later (each is checked against @now). @now: µs since the epoch. */
BsAlertEvaluation   *bs_alert_evaluate            (const BsAlertRule   *rule,
                                                   GPtrArray           *previous,
                                                   JsonNode            *frame,
                                                   const GError        *query_error,
                                                   GPtrArray           *silences,
                                                   gint64               now);
void                 bs_alert_evaluation_free     (BsAlertEvaluation   *self);

/* The labels a notification and a silence see for @instance of @rule: alertname (the
 * title), rule_uid, the rule's labels, then the series' labels (which win). */
JsonObject          *bs_alert_full_labels         (const BsAlertRule   *rule,
                                                   JsonObject          *series_labels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertInstance, bs_alert_instance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertEvaluation, bs_alert_evaluation_free)

G_END_DECLS
