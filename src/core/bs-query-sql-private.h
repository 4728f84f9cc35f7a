/* bs-query-sql-private.h — what the SQL renderer and the schema reader share. */
#pragma once

#include "bs-query-sql.h"

G_BEGIN_DECLS

/* How a time column stores its moments, told from one sampled value. */
typedef enum
{
  BS_SQL_TIME_TEXT,       /* "YYYY-MM-DD HH:MM:SS…": ordered as text, cut with substr () */
  BS_SQL_TIME_TEXT_T,     /* "YYYY-MM-DDTHH:MM:SS…" */
  BS_SQL_TIME_DATE,       /* "YYYY-MM-DD" */
  BS_SQL_TIME_UNIX,       /* seconds since 1970 */
  BS_SQL_TIME_UNIX_MS,    /* milliseconds since 1970 */
} BsSqlTimeFormat;

char         *bs_query_sql_quote            (const char        *name);
/* A name cut to a length that fits in a message. */
char         *bs_query_sql_shorten          (const char        *name);

gboolean      bs_query_sql_lookup_table     (sqlite3           *db,
                                             const char        *name,
                                             char             **spelling,
                                             gboolean          *is_view,
                                             GError           **error);
/* The name by which a table (as the schema spells it) answers its rowid: NULL for a view,
 * a table WITHOUT ROWID, or one whose own columns take rowid, _rowid_ and oid. */
char         *bs_query_sql_rowid_name       (sqlite3           *db,
                                             const char        *table_name);
gboolean      bs_query_sql_lookup_column    (sqlite3           *db,
                                             const char        *table,
                                             const char        *name,
                                             char             **spelling,
                                             char             **declared,
                                             GError           **error);
/* "integer", "number" or "text" from a declared type; NULL when only a value can tell. */
const char   *bs_query_sql_declared_type    (const char        *declared);
/* The frame type of a column: declared, or told by one sampled value. NULL on error. */
const char   *bs_query_sql_column_type      (sqlite3           *db,
                                             const char        *quoted_table,
                                             const char        *name,
                                             const char        *declared,
                                             GError           **error);
/* Parses the date and time formats a time column may hold (UTC unless it says otherwise). */
GDateTime    *bs_query_sql_parse_time       (const char        *text);
/* Samples one non-NULL value of @column (both quoted) to tell how it stores time. */
gboolean      bs_query_sql_time_format      (sqlite3           *db,
                                             const char        *quoted_table,
                                             const char        *quoted_column,
                                             const char        *column_name,
                                             BsSqlTimeFormat   *format,
                                             GError           **error);
/* The condition of @filter on @column (quoted); its values are added to @params (of
 * GVariant) and named by their parameter markers ?N. */
char         *bs_query_sql_filter_condition (GPtrArray          *params,
                                             const char         *column,
                                             const BsQueryFilter *filter);
/* Where the query's range starts, counting calendar days in @tz, ending at @now. */
GDateTime    *bs_query_sql_range_start      (const BsQuery      *query,
                                             GTimeZone          *tz,
                                             GDateTime          *now);
/* A moment in the time column's own format; @is_end: the exclusive end just after it. */
GVariant     *bs_query_sql_time_bound       (BsSqlTimeFormat     format,
                                             GDateTime          *time,
                                             gboolean            is_end);
/* Steps @stmt into a frame; @types gives each column's frame type. Takes @stmt. */
JsonNode     *bs_query_sql_run_frame        (sqlite3           *db,
                                             sqlite3_stmt      *stmt,
                                             const char * const *types,
                                             guint              row_limit,
                                             GError           **error);

G_END_DECLS
