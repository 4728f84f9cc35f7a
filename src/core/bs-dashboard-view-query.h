/* bs-dashboard-view-query.h — what a panel runs when the dashboard shows it: the panel's
 * own query (bs_dashboard_panel_get_query) with the dashboard's time range and its template
 * variables applied. One place, so that the canvas, the export and the "Create alert from
 * this panel" action run the same query.
 *
 * Time range: Grafana's relative ranges map onto the query's ranges: "now-15m" → last 15
 * minutes, "now-6h" → last 6 hours, "now-7d" → last 7 days, "now/d" → today, "now/w" →
 * this week (with "to" "now", or "now/d" / "now/w" for the last two). A panel's own relative
 * time (Grafana's "timeFrom": "24h", "now-7d", "now/d") wins over the dashboard's. A panel whose query
 * has no time column is left as it is; a time series panel whose query has one gets a
 * bucket that gives at most about 400 points (bs_dashboard_pick_bucket).
 *
 * Variables of ours ("query" variables whose datasource is ours) list the values of one
 * column: their "query" member is {"table": …, "column": …}. A filter of a panel's query
 * whose text value is "$name" or "${name}" takes the variable's chosen value; when the
 * variable is on "All" (Grafana's "$__all") or has no value, the filter is dropped.
 */
#pragma once

#include "bs-dashboard.h"
#include "bs-query.h"

G_BEGIN_DECLS

/* The range a dashboard's "from"/"to" mean; FALSE for ranges the query model cannot say
 * (absolute times, "now-6h" to "now-1h"): the panels then keep their own ranges. */
gboolean        bs_dashboard_time_to_range     (const char            *from,
                                                const char            *to,
                                                BsQueryRange          *range,
                                                guint                 *count);
/* The bucket for a time series over @range × @count: the smallest of minute, hour, day,
 * week that gives at most 400 points. */
BsQueryBucket   bs_dashboard_pick_bucket       (BsQueryRange           range,
                                                guint                  count);

/* The query @panel runs on @dashboard with @values (variable name → chosen value, NULL or
 * absent: all). NULL without an error when the panel has no query of ours; NULL with an
 * error when its query is malformed. */
BsQuery        *bs_dashboard_view_query        (const BsDashboard      *dashboard,
                                                const BsDashboardPanel *panel,
                                                GHashTable             *values,
                                                GError                **error);

/* A variable of ours listing the values of @column of @table in source @source_id, on
 * "All" (includeAll true). */
BsDashboardVariable *bs_dashboard_variable_new_column (const char     *name,
                                                       const char     *label,
                                                       gint64          source_id,
                                                       const char     *table,
                                                       const char     *column);
/* TRUE if @variable is one of ours, with where its values come from. */
gboolean        bs_dashboard_variable_get_column (const BsDashboardVariable *variable,
                                                  gint64                    *source_id,
                                                  const char               **table,
                                                  const char               **column);
/* The query whose result lists the variable's values (a row count split by the column,
 * over the table's whole history); NULL if the variable is not ours. */
BsQuery        *bs_dashboard_variable_values_query (const BsDashboardVariable *variable);
/* The chosen value of @variable ("current"), or NULL for "All" or none. */
const char     *bs_dashboard_variable_get_value  (const BsDashboardVariable *variable);
/* Sets "current" to @value (NULL: "All"), as Grafana writes it. */
void            bs_dashboard_variable_set_value  (BsDashboardVariable       *variable,
                                                  const char                *value);

G_END_DECLS
