/* bs-query-sql.h — a BsQuery rendered to SQLite SQL, and run.
 *
 * Every identifier is looked up in the database's own schema first (sqlite_schema and
 * pragma_table_xinfo, through prepared statements with the name bound; tables and views,
 * matched without regard to ASCII case, never sqlite_* or bs_*) and then written in double
 * quotes with the schema's spelling; every value is a bound parameter (?1, ?2, …). An unknown
 * name is BS_QUERY_ERROR_UNKNOWN_TABLE or BS_QUERY_ERROR_UNKNOWN_COLUMN, naming it.
 *
 * Result columns: "bucket" (the start of the bucket, UTC) when there is a bucket, then each
 * split column under its schema name, then "value". Rows are ordered by those keys. Buckets
 * are UTC; time ranges are computed from @now in @tz (NULL: UTC) and run from the start up
 * to and including the second of @now.
 *
 * Meanings: "is not" keeps rows where the column is NULL; "contains" and "starts with"
 * compare the text as typed, ignoring the case of ASCII letters; "last" is the value of the
 * newest row that has both a value and a time; "median" is the middle value, or the mean of
 * the middle two. Sum, average, minimum, maximum, count, last and median skip NULL values.
 *
 * The time column may hold UTC text ("YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS",
 * "YYYY-MM-DD") or unix times (seconds, or milliseconds above 10^11); one non-NULL value is
 * sampled to tell which, and range bounds are bound in that same form, so that an index on
 * the column serves them. A date-only column counts a date as its midnight.
 *
 * Speed: when an index (of the table, or of the table under a view) serves the time column,
 * a series without a split seeks each bucket instead of sorting the rows; and the last value
 * per split seeks each group when an index leads with (split, time column).
 */
#pragma once

#include <sqlite3.h>

#include "bs-query.h"

G_BEGIN_DECLS

typedef struct _BsQuerySql BsQuerySql;

#define BS_TYPE_QUERY_SQL (bs_query_sql_get_type ())

GType          bs_query_sql_get_type      (void) G_GNUC_CONST;

gboolean       bs_query_sql_render        (const BsQuery  *query,
                                           sqlite3        *db,
                                           GTimeZone      *tz,
                                           GDateTime      *now,
                                           BsQuerySql    **out,
                                           GError        **error);
BsQuerySql    *bs_query_sql_copy          (const BsQuerySql *self);
void           bs_query_sql_free          (BsQuerySql     *self);

const char    *bs_query_sql_get_text      (const BsQuerySql *self);
guint          bs_query_sql_get_n_params  (const BsQuerySql *self);
/* Parameter ?(@index + 1): a GVariant of type "s", "x" or "d". */
GVariant      *bs_query_sql_get_param     (const BsQuerySql *self,
                                           guint            index);

/* Runs the statement, reading at most @row_limit rows (0: no limit), and returns
 * {"columns":[{"name","type"}…], "rows":[[…],…], "query":"<sql>", "language":"sql",
 *  "truncated":bool, "elapsed_ms":N} (the frame of the engine API: "bucket" as ISO 8601
 * UTC text ending in "Z", NaN and infinities as the strings "NaN", "+Inf", "-Inf").
 * Failures are BS_QUERY_ERROR_EXECUTE with SQLite's message. */
JsonNode      *bs_query_sql_execute       (const BsQuerySql *self,
                                           sqlite3        *db,
                                           guint           row_limit,
                                           GError        **error);

/* The tables and views a person may query (not sqlite_* nor bs_*), as
 * {"kind":"tables","tables":[{"name","type":"table"|"view","rows":N|null,
 *   "columns":[{"name","type":"time"|"integer"|"number"|"text","declared"}],
 *   "time_columns":[…]}]}, ordered by name. "rows" is max(rowid) for big tables (an
 * estimate: deleted rows still count), an exact count below 10,000 rows, null for views.
 * A column is "time" when its first non-NULL value reads as a date or a date and time. */
JsonNode      *bs_query_sql_describe      (sqlite3        *db,
                                           GError        **error);

/* Up to @limit rows (0: all) of @table from row @offset, in the frame format, the table's
 * own columns in order; time columns as ISO 8601 UTC. */
JsonNode      *bs_query_sql_preview_rows  (sqlite3        *db,
                                           const char     *table,
                                           guint           limit,
                                           guint           offset,
                                           GError        **error);

/* Makes sure an index leads with @column of @table, so that time ranges on it seek instead
 * of scanning: creates "bs_time_<digest>" unless an index already starts with that column.
 * Nothing to do for a view. Only for databases the caller owns: it writes to the file. */
gboolean       bs_query_sql_ensure_time_index (sqlite3    *db,
                                           const char     *table,
                                           const char     *column,
                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsQuerySql, bs_query_sql_free)

G_END_DECLS
