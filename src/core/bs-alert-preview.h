/* bs-alert-preview.h — what a draft rule would say now and would have said over the last
 * days, for the builder's live preview (the engine's POST /api/v1/rules/preview).
 *
 * The answer:
 *   {"now": {"frame": <the rule's query run at @now>,
 *            "series": [{"series_key","labels":{…},"value":42|null,"fires":true}],
 *            "firing": 3, "total": 500},
 *    "chart": <frame: "bucket" (time), the split columns, "value"> | null,
 *    "backtest": <bs_alert_backtest_to_json ()> | null,
 *    "backtest_unavailable": "…" | null,
 *    "elapsed_ms": 12.3}
 * "series" lists every series, those that meet the condition first (the furthest past the
 * threshold first), then the others by their distance to the threshold, nearest first;
 * "fires" is the condition alone (the pending period is the backtest's business).
 * "chart" shows at most BS_ALERT_PREVIEW_CHART_SERIES series, the first of "series": the
 * values the backtest's evaluations saw (thinned to about one point an hour over 7 days
 * when there are more), or, when there is no backtest, the measure bucketed hourly over
 * the last 7 days; null when the query has no time column.
 * "backtest_unavailable" says for people why there is no backtest.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-alert-rule.h"
#include "bs-source-runner.h"

G_BEGIN_DECLS

#define BS_ALERT_PREVIEW_CHART_SERIES 8
#define BS_ALERT_PREVIEW_ROW_LIMIT    100000

/* Synchronous, for a worker thread; queries go through bs_source_runner_run_query (). NULL
 * with @error when the rule's query fails now (the backtest's failures only fill
 * "backtest_unavailable"), or G_IO_ERROR_CANCELLED. */
JsonNode *bs_alert_preview_run (const BsSourceSpec *spec,
                                const BsAlertRule  *rule,
                                GTimeZone          *tz,
                                GDateTime          *now,
                                GCancellable       *cancellable,
                                GError            **error);

G_END_DECLS
