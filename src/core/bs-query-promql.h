/* bs-query-promql.h — a BsQuery rendered to PromQL for Prometheus.
 *
 * The mapping (a "row" of the SQL renderer is a sample here):
 *
 *   table            the metric name; it must match [a-zA-Z_:][a-zA-Z0-9_:]*, else
 *                    BS_QUERY_ERROR_UNKNOWN_TABLE. Written as `name{…}`, or as
 *                    `{__name__="name", …}` when the name is a PromQL keyword (sum, on, nan…).
 *   filters          label matchers; the label must match [a-zA-Z_][a-zA-Z0-9_]*, else
 *                    BS_QUERY_ERROR_UNKNOWN_COLUMN. Values are PromQL string literals with
 *                    every quote, backslash and control character escaped:
 *                      =  → label="v"          !=  → label!="v"
 *                      contains    → label=~"(?s:.*)v(?s:.*)"   (v regex-escaped)
 *                      starts-with → label=~"v(?s:.*)"
 *                      is-empty    → label=""   (Prometheus treats a missing label as "")
 *                      is-not-empty → label!=""
 *                    A number is matched as its shortest decimal text (17 → "17").
 *                    <, <=, >, >= give BS_QUERY_ERROR_UNSUPPORTED: label values are text.
 *   split            `by (a, b)`; "nan", "inf" and "without" cannot be grouping labels in
 *                    Prometheus 2.x (BS_QUERY_ERROR_UNSUPPORTED).
 *   time             the time column is not needed (it is ignored when set): the range applies
 *                    to the sample timestamps. last N minutes/hours/days, today (since
 *                    midnight in @now's time zone) and this week (since Monday 00:00 there).
 *   measure value    the sample values; the column must be NULL, "" or "value".
 *
 * With a time range and no bucket: one instant query at @now; each series is first
 * aggregated over the range, then the series of each split group are combined:
 *
 *   sum      sum by (s) (sum_over_time(m[R]))
 *   average  avg by (s) (avg_over_time(m[R]))       (the mean of the series' means)
 *   minimum  min by (s) (min_over_time(m[R]))
 *   maximum  max by (s) (max_over_time(m[R]))
 *   count    sum by (s) (count_over_time(m[R]))     (the number of samples)
 *   last     sum by (s) (last_over_time(m[R]))      (the newest value of each series, added up:
 *                                                    the current total of a gauge)
 *   median   quantile by (s) (0.5, quantile_over_time(0.5, m[R]))
 *
 * Without a time range: one instant query at @now on the newest value of each series
 * (Prometheus looks back 5 minutes): sum/avg/min/max/count/quantile(0.5) by (s) (m), and
 * "last" is sum by (s) (m).
 *
 *   measure count-rows      the "count" line above, whatever the aggregation.
 *   measure distinct-count  the number of distinct values of the label in the column:
 *                           count by (s) (count by (column, s) (count_over_time(m[R]))),
 *                           or (m) without a range. The column "value" is unsupported.
 *
 * With a bucket (a time range is then required, BS_QUERY_ERROR_INVALID otherwise): a range
 * query whose step is the bucket (minute, hour, day, week from Monday), buckets aligned in UTC
 * like the SQL renderer's. R is the bucket less one millisecond and each point is evaluated at
 * the bucket's end less one millisecond, so that a point holds exactly the samples of
 * [bucket start, bucket end) whether Prometheus closes its ranges on the left (2.x) or not
 * (3.x); the frame labels the point with the bucket start (time_shift_ms). The buckets are
 * whole: the first one starts at or before the range start. More than 11,000 points (the
 * limit of Prometheus) gives BS_QUERY_ERROR_UNSUPPORTED asking for a larger bucket.
 *
 * Counters are not turned into rates: "sum" of a counter adds its cumulative values.
 */
#pragma once

#include "bs-query.h"

G_BEGIN_DECLS

/* Prometheus refuses range queries with more points per series than this. */
#define BS_QUERY_PROMQL_MAX_POINTS 11000

typedef struct
{
  char      *expr;
  gboolean   is_range;      /* TRUE: /api/v1/query_range from start to end by step */
  GDateTime *start;         /* range: first evaluation time; instant: start of the time range,
                             * or NULL without one (informational) */
  GDateTime *end;           /* range: last evaluation time; instant: the evaluation time */
  guint      step_seconds;  /* range only */
  /* Additions to the issue contract, for turning the answer into a frame: */
  char      *labels[BS_QUERY_MAX_SPLITS + 1]; /* the split labels: the frame's text columns */
  gint64     time_shift_ms; /* added to each point's time: the start of its bucket */
} BsQueryPromql;

/* @now: the time the query is evaluated at and its range ends at (NULL: the current time);
 * its time zone decides where "today" and "this week" start. Errors are BS_QUERY_ERROR. */
gboolean  bs_query_promql_render (const BsQuery   *query,
                                  GDateTime       *now,
                                  BsQueryPromql  **out,
                                  GError         **error);
void      bs_query_promql_free   (BsQueryPromql   *self);

/* Whether @name may be written as a metric name, or as a label name, in PromQL. */
gboolean  bs_query_promql_is_metric_name (const char *name);
gboolean  bs_query_promql_is_label_name  (const char *name);

/* @value as a PromQL double-quoted string literal, quotes included; newly allocated. */
char     *bs_query_promql_quote          (const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsQueryPromql, bs_query_promql_free)

G_END_DECLS
