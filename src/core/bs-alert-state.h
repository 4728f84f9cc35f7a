/* bs-alert-state.h — the state of one series of a rule, and how one evaluation moves it.
 *
 * A pure function of the previous state, the evaluation's result, the rule and the time:
 * no I/O, no clock, so that every transition can be tested. It follows Grafana's state
 * machine (../shared/grafana/CONTRACT.md §9) state by state:
 *
 *   result Alerting: Alerting stays; Pending becomes Alerting once now - started_at >= for,
 *     else stays; Recovering goes straight back to Alerting; anything else becomes Pending
 *     when for > 0, else Alerting.
 *   result Normal: Normal stays; Alerting becomes Recovering when keep_firing > 0, else
 *     Normal; Recovering becomes Normal once now - started_at >= keep_firing, else stays;
 *     anything else becomes Normal.
 *   result NoData, by the rule's no_data: alerting → handled as Alerting (reason NoData);
 *     no-data → the state NoData; normal → handled as Normal (reason NoData); keep-last →
 *     the last state is kept (a Pending one still matures; reason "NoData, KeepLast").
 *   result Error, by on_error: alerting → as Alerting (reason Error); error → the state
 *     Error; keep-last → kept (reason "Error, KeepLast").
 *   A reason is set only when the new state differs from the result and the result is
 *   not Normal or Alerting.
 *   A series missing from a result: after BS_ALERT_MISSING_EVALS_TO_RESOLVE evaluations
 *   without it, it becomes Normal with the reason MissingSeries and is dropped.
 *
 * started_at is when the current state began (Grafana's StartsAt); it is kept while the
 * state stays the same.
 */
#pragma once

#include <glib.h>

#include "bs-alert-rule.h"

G_BEGIN_DECLS

#define BS_ALERT_MISSING_EVALS_TO_RESOLVE 2

typedef enum
{
  BS_ALERT_STATE_NORMAL,
  BS_ALERT_STATE_PENDING,
  BS_ALERT_STATE_ALERTING,
  BS_ALERT_STATE_RECOVERING,
  BS_ALERT_STATE_NO_DATA,
  BS_ALERT_STATE_ERROR,
} BsAlertState;

/* What one evaluation found for one series. */
typedef enum
{
  BS_ALERT_RESULT_NORMAL,
  BS_ALERT_RESULT_ALERTING,
  BS_ALERT_RESULT_NO_DATA,
  BS_ALERT_RESULT_ERROR,
} BsAlertResult;

typedef enum
{
  BS_ALERT_REASON_NONE,
  BS_ALERT_REASON_NO_DATA,              /* "NoData" */
  BS_ALERT_REASON_ERROR,                /* "Error" */
  BS_ALERT_REASON_NO_DATA_KEEP_LAST,    /* "NoData, KeepLast" */
  BS_ALERT_REASON_ERROR_KEEP_LAST,      /* "Error, KeepLast" */
  BS_ALERT_REASON_MISSING_SERIES,       /* "MissingSeries" */
  BS_ALERT_REASON_PAUSED,               /* "Paused" */
  BS_ALERT_REASON_UPDATED,              /* "Updated" */
} BsAlertReason;

typedef struct
{
  BsAlertState   state;
  BsAlertReason  reason;
  gint64         started_at;      /* µs since the epoch, UTC */
  gint64         last_eval_at;
  guint          missing_evals;   /* evaluations in a row without this series */
} BsAlertStateInfo;

/* What changed, for notifications: a series starts firing when it enters Alerting from a
 * state that does not fire, and is resolved when it goes from Alerting or Recovering to
 * Normal. Pending is never sent. */
typedef enum
{
  BS_ALERT_CHANGE_NONE,
  BS_ALERT_CHANGE_FIRING,
  BS_ALERT_CHANGE_RESOLVED,
} BsAlertChange;

/* @previous NULL: a series seen for the first time (as if Normal since @now). */
BsAlertStateInfo bs_alert_state_next     (const BsAlertStateInfo *previous,
                                          BsAlertResult           result,
                                          const BsAlertRule      *rule,
                                          gint64                  now,
                                          BsAlertChange          *out_change);
/* A series absent from this evaluation's result. *@out_evict is set once it is resolved
 * and should be forgotten. */
BsAlertStateInfo bs_alert_state_missing  (const BsAlertStateInfo *previous,
                                          const BsAlertRule      *rule,
                                          gint64                  now,
                                          BsAlertChange          *out_change,
                                          gboolean               *out_evict);

/* Alerting and Recovering: what Grafana sends to the Alertmanager as firing. */
gboolean     bs_alert_state_is_firing    (BsAlertState   state);

/* "normal", "pending", "alerting", "recovering", "no-data", "error" (the API's words). */
const char  *bs_alert_state_to_string    (BsAlertState   state);
gboolean     bs_alert_state_from_string  (const char    *text,
                                          BsAlertState  *out);
/* Grafana's words: "Normal", "Pending", "Alerting", "Recovering", "NoData", "Error". */
const char  *bs_alert_state_to_grafana   (BsAlertState   state);
/* NULL for BS_ALERT_REASON_NONE, else Grafana's text as in the enum above. */
const char  *bs_alert_reason_to_string   (BsAlertReason  reason);
gboolean     bs_alert_reason_from_string (const char    *text,
                                          BsAlertReason *out);
/* The state for people, translated: "Normal", "Pending", "Firing", "Recovering",
 * "No Data", "Error". */
const char  *bs_alert_state_get_label    (BsAlertState   state);

G_END_DECLS
