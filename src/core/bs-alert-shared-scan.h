/* bs-alert-shared-scan.h — the queries of many alert rules on one data source, answered
 * together: the rules that read the same table of the same SQLite source share ONE
 * statement, which reads the rows of their widest time window once.
 *
 * That statement reads, for every row, the union of the rules' split columns, their measure
 * columns, and a mask with one bit per distinct window and per distinct set of filters
 * (CASE WHEN <filters> THEN <bit> ELSE 0 END); identifiers are checked and quoted and values
 * bound as bs-query-sql.h does. The rows are grouped by the union of the splits and the mask,
 * each distinct (aggregation, measure) is accumulated per group the way SQLite's own sum (),
 * count (), min () and max () do, and each rule's series are rolled up from the groups whose
 * mask has its window's and its filters' bits. Sum, count, minimum, maximum, average (as a
 * sum and a count) and counted rows roll up exactly; last, median and distinct counts cannot
 * be rolled up from partial results, so those rules (and bucketed series) run their own
 * query, as do rules on Prometheus and Grafana sources, one query per rule. With a cache
 * (bs_alert_shared_scan_set_cache ()), the rows come from the cache instead of the
 * statement, and medians over a window are answered from them as well.
 *
 * Why a mask and grouping in C rather than GROUP BY with one CASE aggregate per (aggregation,
 * measure, filters) and one statement per window, as first planned (measured with the
 * benchmark's 490 shareable rules on 10 million sales): GROUP BY sorts every row of each
 * window, and its cost grows with each aggregate (0.5 s for a dozen over one 7-day window);
 * a 0/1 column per set of filters with a partial result per (aggregation, measure, filters)
 * still took 4.0 s in 8 statements; the mask, with partial results per (aggregation,
 * measure) only, takes 1.3 to 1.5 s in 2, the narrower windows coming with the widest.
 *
 * The frame of each rule is the one bs_source_runner_run_query () would give (columns,
 * types, rows in key order), except for "query" (the statement that was run) and
 * "elapsed_ms" (that statement's time). Sums of REAL values may differ from the per-rule
 * query in the last bits, since they are added in another order; and where a column holds
 * both 1 and 1.0 (one group to SQLite), either may name the group.
 *
 * Synchronous, for a worker thread; one scan is used from one thread at a time.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-alert-scan-cache.h"
#include "bs-query.h"
#include "bs-source-runner.h"

G_BEGIN_DECLS

typedef struct _BsAlertSharedScan BsAlertSharedScan;

/* @tz: the zone of "today" and "this week" (NULL: UTC); @now: the reference time of every
 * range. Takes copies. */
BsAlertSharedScan *bs_alert_shared_scan_new           (const BsSourceSpec *spec,
                                                       GTimeZone          *tz,
                                                       GDateTime          *now);
void               bs_alert_shared_scan_free          (BsAlertSharedScan  *self);

/* Keeps the rows read in @cache, and reads only what changed since the last run that used
 * it (see bs-alert-scan-cache.h); a median is then answered from the kept rows too. */
void               bs_alert_shared_scan_set_cache     (BsAlertSharedScan  *self,
                                                       BsAlertScanCache   *cache);

/* Adds a copy of @query (of the scan's source); returns its index, from 0. */
guint              bs_alert_shared_scan_add           (BsAlertSharedScan  *self,
                                                       const BsQuery      *query);

/* Adds a copy of @query for the shape of the statements only: it is not answered. When
 * only some rules of a table are due, the others added this way, in the same order each
 * run, keep the statements (and the rows a cache keeps for them) the same from run to run. */
void               bs_alert_shared_scan_add_context   (BsAlertSharedScan  *self,
                                                       const BsQuery      *query);

/* Runs every query added. A query that fails keeps its own error (see get_frame); the
 * others are answered all the same. FALSE only when @cancellable was cancelled
 * (G_IO_ERROR_CANCELLED). */
gboolean           bs_alert_shared_scan_run           (BsAlertSharedScan  *self,
                                                       GCancellable       *cancellable,
                                                       GError            **error);

/* After run: the frame of query @index (a new reference), or NULL with its error. */
JsonNode          *bs_alert_shared_scan_get_frame     (BsAlertSharedScan  *self,
                                                       guint               index,
                                                       GError            **error);
/* After run: the time of the statement that answered query @index, in ms. */
double             bs_alert_shared_scan_get_elapsed_ms (BsAlertSharedScan *self,
                                                       guint               index);
/* After run: whether query @index was answered by a shared statement. */
gboolean           bs_alert_shared_scan_is_shared     (BsAlertSharedScan  *self,
                                                       guint               index);
/* After run: how many statements were run (shared ones and queries run on their own). */
guint              bs_alert_shared_scan_get_n_statements (BsAlertSharedScan *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertSharedScan, bs_alert_shared_scan_free)

G_END_DECLS
