/* bs-dashboard-promql.h — the Prometheus queries of imported Grafana panels, made ready to
 * run on a Prometheus source of the workspace, the way Grafana itself would run them.
 *
 * A panel's target is PromQL when it has a non-empty "expr", is not hidden ("hide": true),
 * and the data source it asks (its own "datasource", else the panel's) is of type
 * "prometheus": an object {"type": "prometheus", "uid": …}, or a "${DS_NAME}" reference (as
 * a string or as the object's uid) whose entry in the dashboard's "__inputs" has pluginId
 * "prometheus", or that names a "datasource" variable whose query is "prometheus" (as the
 * community dashboards write it: "${datasource}"). A target of another kind makes the whole
 * panel not PromQL (a panel mixing sources cannot be drawn half); a target with no source
 * anywhere asks Grafana's default one, which could be anything, and is of another kind.
 *
 * The time span: Grafana's "from"/"to" ("now", "now-6h", "now-7d/d", "now/d", "now/w", epoch
 * milliseconds, ISO 8601 times); a panel's "timeFrom" ("24h", "now-7d") replaces the
 * dashboard's "from" (with "to" "now") and its "timeShift" ("1h") moves both ends back.
 *
 * The step (Grafana's $__interval): (end − start) / max data points, rounded as Grafana's
 * kbn.roundInterval does (to 10, 20, 50, 100, 200, 500 ms, 1 s, 2 s, 5 s, 10 s, 15 s, 20 s,
 * 30 s, 1 m, 2 m, 5 m, 10 m, 15 m, 20 m, 30 m, 1 h, 2 h, 3 h, 6 h, 12 h, 1 d, 1 w, 30 d,
 * 1 y), then raised to at least the target's "interval" (else the panel's "interval", else
 * 15 s, Prometheus's default scrape interval; variables in it replaced, a leading ">"
 * allowed), as Grafana's calculateInterval does, and large enough that no series gets more
 * than BS_QUERY_PROMQL_MAX_POINTS points (whole seconds then, as Grafana). The panel's
 * targets share one step: the largest of their minimums. Max data points:
 * the panel's "maxDataPoints", else its width in pixels (BS_PROMQL_PIXELS_PER_COLUMN per grid
 * column).
 *
 * Variables replaced in the expression and in label_values() matches, as Grafana's
 * Prometheus data source does:
 *   $__interval, ${__interval}     the step, as "30s", "5m", "1h" (Grafana's duration text)
 *   $__interval_ms                 the step in milliseconds
 *   $__rate_interval               max (step + 15 s, 4 × 15 s), as a duration text
 *   $__range, $__range_s, $__range_ms   the span as "3600s", 3600, 3600000
 *   $__from, $__to                 the span's ends in epoch milliseconds
 *   $name, ${name}, [[name]], ${name:raw|regex|pipe|csv}   the dashboard's variables
 * A variable's value: the one in @values (the variable bar's choice), else the variable's
 * "current". A variable that is neither multi-value nor includeAll gets its value as it
 * is; a multi-value or "All" one gets each value regex-escaped and joined as (a|b|c) (one
 * value alone, without the parentheses, as Grafana). Inside a PromQL string the result is
 * then escaped for that string: backslashes, the string's own quote (' or "; PromQL refuses
 * \' inside "…") and control characters (\n, \t, \xNN); a `raw` string takes no escapes
 * and loses any backquote. "All" ($__all) is the variable's "allValue" when set (written as
 * it is: it is a pattern), else its "options" (all but "All") joined, else ".*". The formats
 * raw and csv join values with ",", pipe with "|", regex as above, none of them escaped but
 * regex. Unknown variables are left as written, as Grafana leaves them.
 *
 * The frame: every target's answer (a frame of POST /datasources/{id}/promql) merged into
 * one frame the panel charts read: columns "time" (type "time", left out when every target
 * is instant), "series" (text) and "value" (number); one row per point. A series is named by
 * its target's "legendFormat" (its variables replaced, unescaped) with each {{label}}
 * replaced by the label's value ("" when the series lacks it); without a legend format (or
 * "__auto") by Grafana's default: `metric{label="value", …}` (labels sorted, "__name__" as
 * the metric), or the expression itself for a series without labels. Times are kept as the
 * engine writes them (ISO 8601 UTC, "2026-11-24T10:00:00Z"); an instant target beside range
 * ones is drawn at the span's end. Values are numbers, or Prometheus's "NaN", "+Inf", "-Inf"
 * kept as those strings (the charts leave them out).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-dashboard.h"

G_BEGIN_DECLS

#define BS_PROMQL_PIXELS_PER_COLUMN   80
#define BS_PROMQL_DEFAULT_INTERVAL_MS 15000

#define BS_PROMQL_ERROR (bs_promql_error_quark ())

typedef enum
{
  BS_PROMQL_ERROR_TIME_RANGE,   /* "from"/"to"/"timeFrom" that cannot be read: names it */
  BS_PROMQL_ERROR_BAD_FRAME,    /* an answer that is not a frame of a PromQL query */
} BsPromqlError;

typedef struct
{
  char     *ref_id;          /* "A"; never NULL ("" when the target has none) */
  char     *expr;            /* as the engine is to run it: variables replaced */
  char     *legend_format;   /* NULL for Grafana's default */
  gboolean  instant;         /* "instant": true without "range": true */
} BsPromqlTarget;

typedef struct
{
  char      *datasource;     /* the uid or name the panel's targets ask for, "${DS_…}"
                              * resolved to the input's label; NULL when they name none */
  gint64     start_ms;
  gint64     end_ms;
  gint64     step_ms;
  GPtrArray *targets;        /* BsPromqlTarget*, at least one */
} BsPromqlRequest;

GQuark           bs_promql_error_quark        (void);

void             bs_promql_target_free        (BsPromqlTarget        *self);
void             bs_promql_request_free       (BsPromqlRequest       *self);

/* TRUE if @panel's targets are PromQL (above); the panel has no query of ours then. */
gboolean         bs_dashboard_panel_is_promql (const BsDashboard     *dashboard,
                                               const BsDashboardPanel *panel);

/* The request @panel makes at @now with @values (variable name → chosen value; may be NULL),
 * or NULL with BS_PROMQL_ERROR_TIME_RANGE; NULL without an error when the panel is not
 * PromQL. */
BsPromqlRequest *bs_promql_request_new        (const BsDashboard     *dashboard,
                                               const BsDashboardPanel *panel,
                                               GHashTable            *values,
                                               GDateTime             *now,
                                               GError               **error);
/* The request as the body of POST /datasources/{id}/promql for target @index:
 * {"expr", "start", "end", "step"} (seconds, as numbers) or, instant, {"expr", "time"}. */
JsonNode        *bs_promql_request_body       (const BsPromqlRequest *self,
                                               guint                  index);
/* A text that is equal for equal requests (to share runs). */
char            *bs_promql_request_key        (const BsPromqlRequest *self);

/* Grafana's time span of @from/@to at @now (rounding "/d", "/w" in @now's zone). */
gboolean         bs_promql_time_span          (const char            *from,
                                               const char            *to,
                                               GDateTime             *now,
                                               gint64                *start_ms,
                                               gint64                *end_ms,
                                               GError               **error);

/* @expr with the variables above replaced: a new string. */
char            *bs_promql_interpolate        (const char            *expr,
                                               const BsDashboard     *dashboard,
                                               GHashTable            *values,
                                               gint64                 start_ms,
                                               gint64                 end_ms,
                                               gint64                 step_ms);

/* The panel frame (above) of @frames (JsonObject*, one per target of @request, in order). */
JsonObject      *bs_promql_panel_frame        (const BsPromqlRequest *request,
                                               GPtrArray             *frames,
                                               GError               **error);

/* A variable that lists Prometheus label values: a "query" variable whose data source is
 * Prometheus (as for targets) and whose query (a string, or the object's "query") is
 * label_values(label) or label_values(selector, label). TRUE with both parts (the selector
 * NULL for the first form, variables in it replaced with @values). */
gboolean         bs_promql_variable_label_values (const BsDashboard         *dashboard,
                                                  const BsDashboardVariable *variable,
                                                  GHashTable                *values,
                                                  char                     **selector,
                                                  char                     **label);

/* Which of the workspace's sources (the items of GET /datasources) runs a request naming
 * @datasource: the Prometheus source of that name (case-insensitive) if there is one, else
 * the Prometheus source with the smallest id; 0 when there is none. */
gint64           bs_promql_choose_source      (JsonArray             *sources,
                                               const char            *datasource);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsPromqlTarget, bs_promql_target_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsPromqlRequest, bs_promql_request_free)

G_END_DECLS
