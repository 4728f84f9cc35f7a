/* bs-prometheus-client.h — Prometheus's HTTP API as a data source.
 *
 * Every call is synchronous and meant for a worker thread: it makes its own SoupSession, so
 * any thread will do, gives up after BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS without an answer,
 * and stops early (G_IO_ERROR_CANCELLED) when @cancellable is cancelled from another thread.
 *
 * @base_url is the server's address, e.g. "http://127.0.0.1:9090" or
 * "https://example.com/prometheus/" (a path prefix is kept); the API is below "api/v1/".
 *
 * Failures to reach or understand the server are BS_PROMETHEUS_CLIENT_ERROR and name it
 * (BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA when Prometheus says the request itself is wrong);
 * problems with the query itself are BS_QUERY_ERROR (from the renderer, or
 * BS_QUERY_ERROR_UNKNOWN_TABLE from describe when the metric has no series).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-query-promql.h"
#include "bs-query.h"

G_BEGIN_DECLS

#define BS_PROMETHEUS_CLIENT_ERROR (bs_prometheus_client_error_quark ())

typedef enum
{
  BS_PROMETHEUS_CLIENT_ERROR_INVALID_URL,  /* not an http:// or https:// address */
  BS_PROMETHEUS_CLIENT_ERROR_CONNECT,      /* refused, unreachable, unknown host, TLS */
  BS_PROMETHEUS_CLIENT_ERROR_TIMEOUT,      /* no answer in time */
  BS_PROMETHEUS_CLIENT_ERROR_HTTP,         /* an HTTP error status without Prometheus's words */
  BS_PROMETHEUS_CLIENT_ERROR_QUERY,        /* Prometheus refused or failed: its own message */
  BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE, /* the answer is not Prometheus JSON */
  BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA,     /* Prometheus refused the expression, selector or
                                            * parameters (its errorType "bad_data"): the
                                            * caller's mistake, in Prometheus's words */
} BsPrometheusClientError;

#define BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS 10
/* describe () lists at most this many values per label, the most a dropdown can show. */
#define BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES 1000

GQuark     bs_prometheus_client_error_quark (void);

/* Renders @query (bs_query_promql_render), runs it with /api/v1/query or /api/v1/query_range
 * and returns the result frame (see ISSUE4: "columns", "rows", "query", "language":"promql",
 * "truncated", "elapsed_ms"): a "bucket" time column for a bucketed query, one text column
 * per split label, then "value". At most @row_limit rows (0: all). */
JsonNode  *bs_prometheus_client_run_query   (const char          *base_url,
                                             const BsQuery       *query,
                                             GDateTime           *now,
                                             guint                row_limit,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Runs an already rendered (or hand-written) expression: an instant query at promql->end,
 * or a range query from promql->start to promql->end by promql->step_seconds. The frame is
 * bs_prometheus_frame_from_promql ()'s. */
JsonNode  *bs_prometheus_client_run_promql  (const char          *base_url,
                                             const BsQueryPromql *promql,
                                             guint                row_limit,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* A hand-written expression (e.g. a Grafana panel's "expr"): an instant query at @time, or a
 * range query from @start to @end by @step (all in unix seconds, @step > 0). The frame is
 * bs_prometheus_frame_from_data ()'s ("time" for a range, every label, "value") with
 * "elapsed_ms" set. At most @row_limit rows (0: all). */
JsonNode  *bs_prometheus_client_query_instant (const char        *base_url,
                                               const char        *expr,
                                               double             time,
                                               guint              row_limit,
                                               GCancellable      *cancellable,
                                               GError           **error);
JsonNode  *bs_prometheus_client_query_range   (const char        *base_url,
                                               const char        *expr,
                                               double             start,
                                               double             end,
                                               double             step,
                                               guint              row_limit,
                                               GCancellable      *cancellable,
                                               GError           **error);

/* {"label": @label, "values": [sorted strings], "truncated": bool}: the values of @label
 * (of the series matching the selector @match when it is not NULL) from
 * /api/v1/label/@label/values, at most BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES of them.
 * @label must be a label name ([a-zA-Z_][a-zA-Z0-9_]*), else BS_QUERY_ERROR_UNKNOWN_COLUMN. */
JsonNode  *bs_prometheus_client_label_values (const char        *base_url,
                                               const char        *label,
                                               const char        *match,
                                               GCancellable      *cancellable,
                                               GError           **error);

/* @metric NULL: {"kind":"metrics","metrics":[{"name","type","help"}]} sorted by name, type
 * and help from /api/v1/metadata (null when the server has none, e.g. for backfilled data).
 * Otherwise {"kind":"labels","metric":M,"labels":[{"name","values":[…]}]} from the series of
 * the metric (label names and values sorted, "__name__" left out). */
JsonNode  *bs_prometheus_client_describe    (const char          *base_url,
                                             const char          *metric,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* {"status":"ok","version":"2.42.0+ds"} from /api/v1/status/buildinfo. */
JsonNode  *bs_prometheus_client_check       (const char          *base_url,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* The "data" object of a Prometheus query answer ({"resultType":"vector"|"matrix"|"scalar",
 * "result":…}) as a frame whose "query" is @expr and "elapsed_ms" 0 (callers that time the
 * request set it). Columns: "time" for a matrix, every label found (sorted, "__name__"
 * first), "value". NaN and ±Inf become the strings "NaN", "+Inf", "-Inf". Errors are
 * BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE. For the Grafana proxy. */
JsonNode  *bs_prometheus_frame_from_data    (JsonObject          *data,
                                             const char          *expr,
                                             guint                row_limit,
                                             GError             **error);

/* The same for the answer to @promql: its split labels as columns (in order, even when no
 * series carries them; every label found when it has none) and, for a matrix, a "bucket"
 * column with each point's time plus promql->time_shift_ms (its bucket's start). */
JsonNode  *bs_prometheus_frame_from_promql  (JsonObject          *data,
                                             const BsQueryPromql *promql,
                                             guint                row_limit,
                                             GError             **error);

G_END_DECLS
