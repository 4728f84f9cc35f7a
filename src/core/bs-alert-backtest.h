/* bs-alert-backtest.h — a rule replayed over the last days of its data: when would it have
 * fired, and for how long?
 *
 * Evaluations run every step (at least the rule's interval) from @now back
 * BS_ALERT_BACKTEST_DAYS days, on a grid of whole steps since the epoch; each one measures
 * the rule's window (its time range, ending at the evaluation) and goes through the same
 * bs_alert_state_next () as the engine, so "for", keep_firing, no_data and missing series
 * count as they would have. A firing is a series entering Alerting; its interval lasts
 * until the series stops firing (Recovering still fires).
 *
 * How the windows are measured:
 *   SQLite and CSV sources, with sum, count, minimum, maximum, average, last or a count of
 *   rows: ONE query of the measure in buckets (minute, hour or day: the finest that keeps
 *   within BS_ALERT_BACKTEST_MAX_ROWS rows), each window then rolled up from its buckets in
 *   memory. The replay is "exact" when the step is the rule's interval and every window
 *   starts and ends on a bucket edge; else a note says how it was approximated.
 *   Median and distinct counts (which do not roll up) and remote sources: the rule's own
 *   query once per step, with a step of at least an hour (BS_ALERT_BACKTEST_MAX_QUERIES
 *   queries at most); exact only when that is the rule's interval.
 *   From buckets a window covers [start, evaluation): a row stamped on the very second of
 *   an evaluation counts for the next one (the engine's query would count it in both).
 * A query without a time column, or without a time range, cannot be replayed
 * (BS_ALERT_BACKTEST_ERROR_UNAVAILABLE, with a message for people).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-alert-rule.h"
#include "bs-source-runner.h"

G_BEGIN_DECLS

#define BS_ALERT_BACKTEST_ERROR (bs_alert_backtest_error_quark ())

typedef enum
{
  BS_ALERT_BACKTEST_ERROR_UNAVAILABLE,  /* this rule cannot be replayed; the message says why */
} BsAlertBacktestError;

#define BS_ALERT_BACKTEST_DAYS        7
#define BS_ALERT_BACKTEST_MAX_ROWS    100000
#define BS_ALERT_BACKTEST_MAX_QUERIES (BS_ALERT_BACKTEST_DAYS * 24 + 1)

/* One stretch of firing of one series. */
typedef struct
{
  char       *series_key;
  JsonObject *labels;
  gint64      start;       /* µs: the evaluation that entered Alerting */
  gint64      end;         /* µs: the first evaluation that no longer fired; 0: still firing */
} BsAlertInterval;

/* The value the rule saw for one series at each evaluation. */
typedef struct
{
  char       *series_key;
  JsonObject *labels;
  double     *values;      /* n_steps of them; NAN: no value (absent, or null) */
} BsAlertBacktestSeries;

typedef struct
{
  guint       days;
  guint       step_seconds;
  gboolean    exact;
  char       *note;           /* how it was approximated, for people; NULL when exact */
  gint64      first_at;       /* µs of the first evaluation; the others follow every step */
  guint       n_steps;
  guint       firings;
  gint64      firing_seconds; /* an interval still open counts up to the last evaluation */
  GPtrArray  *intervals;      /* BsAlertInterval*, by start, then series key */
  GPtrArray  *series;         /* BsAlertBacktestSeries*, by series key */
} BsAlertBacktest;

GQuark           bs_alert_backtest_error_quark (void);

/* Synchronous, for a worker thread; queries go through bs_source_runner_run_query ().
 * @expected_series: how many series the rule has now (a guess of the rows each bucket
 * adds; 0 if unknown). */
BsAlertBacktest *bs_alert_backtest_run     (const BsSourceSpec    *spec,
                                            const BsAlertRule     *rule,
                                            GTimeZone             *tz,
                                            GDateTime             *now,
                                            guint                  expected_series,
                                            GCancellable          *cancellable,
                                            GError               **error);
void             bs_alert_backtest_free    (BsAlertBacktest       *self);

/* {"days","step_seconds","exact","firings","firing_seconds",
 *  "intervals":[{"series_key","labels","start","end"|null}],"note"|null}, times ISO 8601. */
JsonNode        *bs_alert_backtest_to_json (const BsAlertBacktest *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertBacktest, bs_alert_backtest_free)

G_END_DECLS
