#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-query-sql-private.h"

/* Beyond this many buckets, seeking each costs more than sorting the rows once. */
#define MAX_SEEK_BUCKETS 5000

struct _BsQuerySql
{
  char      *text;
  GPtrArray *params;  /* of GVariant */
  GStrv      types;   /* the frame type of each result column */
};

G_DEFINE_BOXED_TYPE (BsQuerySql, bs_query_sql, bs_query_sql_copy, bs_query_sql_free)

/* One result key: the bucket or a split column. */
typedef struct
{
  char       *expr;   /* SQL over the table's columns */
  char       *alias;  /* quoted output name */
  const char *type;
} Key;

typedef struct
{
  sqlite3         *db;
  const BsQuery   *query;
  char            *table_name;
  char            *table;         /* quoted */
  char            *time_column;   /* quoted; NULL without one */
  BsSqlTimeFormat  time_format;
  char            *measure;       /* quoted; NULL when counting rows */
  char            *rowid;         /* for "last": what orders rows added at the same time */
  const char      *measure_type;
  char            *split_name;    /* schema spelling of the first split */
  Key              keys[BS_QUERY_MAX_SPLITS + 1];
  guint            n_keys;
  char            *range_from;    /* markers (?N) of the range's ends; NULL without one */
  char            *range_to;
  gint64           range_seconds;
  GPtrArray       *conditions;    /* of char *, joined with AND */
  GPtrArray       *params;
} Render;

static void
render_clear (Render *r)
{
  g_free (r->table_name);
  g_free (r->table);
  g_free (r->time_column);
  g_free (r->measure);
  g_free (r->rowid);
  g_free (r->split_name);
  g_free (r->range_from);
  g_free (r->range_to);
  for (guint i = 0; i < r->n_keys; i++)
    {
      g_free (r->keys[i].expr);
      g_free (r->keys[i].alias);
    }
  g_clear_pointer (&r->conditions, g_ptr_array_unref);
  g_clear_pointer (&r->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Render, render_clear)

/* Binds @value (floating or not) as the next parameter and returns its marker (?N). */
static char *
add_param (GPtrArray *params,
           GVariant  *value)
{
  g_ptr_array_add (params, g_variant_ref_sink (value));
  return g_strdup_printf ("?%u", params->len);
}

static GVariant *
number_variant (double value)
{
  /* Whole numbers stay whole, so that an INTEGER column compares without rounding. */
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    return g_variant_new_int64 ((gint64) value);
  return g_variant_new_double (value);
}

/* Names */

static gboolean
resolve_column (Render      *r,
                const char  *name,
                char       **quoted,
                char       **spelling,
                const char **type,
                GError     **error)
{
  g_autofree char *found = NULL;
  g_autofree char *declared = NULL;

  if (!bs_query_sql_lookup_column (r->db, r->table_name, name, &found, &declared, error))
    return FALSE;
  if (type != NULL
      && (*type = bs_query_sql_column_type (r->db, r->table, found, declared, error)) == NULL)
    return FALSE;
  *quoted = bs_query_sql_quote (found);
  if (spelling != NULL)
    *spelling = g_steal_pointer (&found);
  return TRUE;
}

/* Filters */

/* Contains and starts-with compare text as typed, ignoring the case of ASCII letters as
 * LIKE would, but through instr () and substr (): no character is special, and a long value
 * meets no pattern length limit. */
static GVariant *
text_variant (const BsQueryFilter *filter)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!filter->is_number)
    return g_variant_new_string (filter->text);
  if (filter->number == floor (filter->number) && fabs (filter->number) < 9007199254740992.0)
    return g_variant_new_take_string (g_strdup_printf ("%" G_GINT64_FORMAT,
                                                       (gint64) filter->number));
  return g_variant_new_string (g_ascii_dtostr (buffer, sizeof buffer, filter->number));
}

char *
bs_query_sql_filter_condition (GPtrArray           *params,
                               const char          *column,
                               const BsQueryFilter *filter)
{
  static const char * const comparisons[] = {
    [BS_QUERY_OPERATOR_EQUAL] = "=",
    [BS_QUERY_OPERATOR_NOT_EQUAL] = "IS NOT",
    [BS_QUERY_OPERATOR_LESS] = "<",
    [BS_QUERY_OPERATOR_LESS_OR_EQUAL] = "<=",
    [BS_QUERY_OPERATOR_GREATER] = ">",
    [BS_QUERY_OPERATOR_GREATER_OR_EQUAL] = ">=",
  };
  g_autofree char *param = NULL;

  switch (filter->op)
    {
    case BS_QUERY_OPERATOR_IS_EMPTY:
      return g_strdup_printf ("(%s IS NULL OR %s = '')", column, column);
    case BS_QUERY_OPERATOR_IS_NOT_EMPTY:
      return g_strdup_printf ("(%s IS NOT NULL AND %s <> '')", column, column);
    case BS_QUERY_OPERATOR_CONTAINS:
      param = add_param (params, text_variant (filter));
      return g_strdup_printf ("instr (lower (%s), lower (%s)) > 0", column, param);
    case BS_QUERY_OPERATOR_STARTS_WITH:
      param = add_param (params, text_variant (filter));
      return g_strdup_printf ("lower (substr (%s, 1, length (%s))) = lower (%s)", column, param,
                              param);
    case BS_QUERY_OPERATOR_EQUAL:
    case BS_QUERY_OPERATOR_NOT_EQUAL:
    case BS_QUERY_OPERATOR_LESS:
    case BS_QUERY_OPERATOR_LESS_OR_EQUAL:
    case BS_QUERY_OPERATOR_GREATER:
    case BS_QUERY_OPERATOR_GREATER_OR_EQUAL:
    default:
      param = add_param (params, filter->is_number ? number_variant (filter->number)
                                                   : g_variant_new_string (filter->text));
      return g_strdup_printf ("%s %s %s", column, comparisons[filter->op], param);
    }
}

static gboolean
add_filters (Render  *r,
             GError **error)
{
  for (guint i = 0; i < r->query->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (r->query->filters, i);
      g_autofree char *column = NULL;

      if (!resolve_column (r, filter->column, &column, NULL, NULL, error))
        return FALSE;
      g_ptr_array_add (r->conditions, bs_query_sql_filter_condition (r->params, column, filter));
    }
  return TRUE;
}

/* Time */

static GDateTime *
local_midnight (GDateTime *local)
{
  return g_date_time_new (g_date_time_get_timezone (local), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                          0, 0, 0);
}

GDateTime *
bs_query_sql_range_start (const BsQuery *query,
                          GTimeZone     *tz,
                          GDateTime     *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);
  g_autoptr(GDateTime) monday = NULL;
  int n = (int) query->range_count;

  switch (query->range)
    {
    case BS_QUERY_RANGE_LAST_MINUTES:
      return g_date_time_add_minutes (now, -n);
    case BS_QUERY_RANGE_LAST_HOURS:
      return g_date_time_add_hours (now, -n);
    case BS_QUERY_RANGE_LAST_DAYS:
      /* Calendar days where the person lives: across a DST change a day is 23 or 25 h. */
      return g_date_time_add_days (local, -n);
    case BS_QUERY_RANGE_TODAY:
      return local_midnight (local);
    case BS_QUERY_RANGE_THIS_WEEK:
      monday = g_date_time_add_days (local, 1 - g_date_time_get_day_of_week (local));
      return local_midnight (monday);
    case BS_QUERY_RANGE_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* The bound a moment gives in the column's own format, so that the comparison is plain
 * and an index on the column serves it. @is_end: the exclusive end just after @time. */
GVariant *
bs_query_sql_time_bound (BsSqlTimeFormat  format,
                         GDateTime       *time,
                         gboolean         is_end)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autoptr(GDateTime) second = g_date_time_add (utc, (is_end ? G_USEC_PER_SEC : 0)
                                                      - g_date_time_get_microsecond (utc));
  g_autoptr(GDateTime) day = NULL;
  gboolean midnight = g_date_time_get_hour (utc) == 0 && g_date_time_get_minute (utc) == 0
                      && g_date_time_get_second (utc) == 0
                      && g_date_time_get_microsecond (utc) == 0;
  gint64 ms = g_date_time_to_unix (utc) * 1000 + g_date_time_get_microsecond (utc) / 1000;

  switch (format)
    {
    case BS_SQL_TIME_TEXT:
      return g_variant_new_take_string (g_date_time_format (second, "%Y-%m-%d %H:%M:%S"));
    case BS_SQL_TIME_TEXT_T:
      return g_variant_new_take_string (g_date_time_format (second, "%Y-%m-%dT%H:%M:%S"));
    case BS_SQL_TIME_DATE:
      /* A date stands for its midnight: the first midnight at or after the start, and
       * (exclusive) the first one after the end. */
      day = g_date_time_add_days (utc, is_end || !midnight ? 1 : 0);
      return g_variant_new_take_string (g_date_time_format (day, "%Y-%m-%d"));
    case BS_SQL_TIME_UNIX:
      return g_variant_new_int64 (g_date_time_to_unix (second));
    case BS_SQL_TIME_UNIX_MS:
    default:
      return g_variant_new_int64 (ms + (is_end ? 1 : 0));
    }
}

static void
add_range (Render    *r,
           GTimeZone *tz,
           GDateTime *now)
{
  g_autoptr(GDateTime) start = NULL;

  if (r->query->range == BS_QUERY_RANGE_NONE)
    return;
  start = bs_query_sql_range_start (r->query, tz, now);
  r->range_seconds = g_date_time_difference (now, start) / G_USEC_PER_SEC;
  r->range_from = add_param (r->params, bs_query_sql_time_bound (r->time_format, start, FALSE));
  r->range_to = add_param (r->params, bs_query_sql_time_bound (r->time_format, now, TRUE));
}

static char *
range_condition (const Render *r)
{
  return g_strdup_printf ("%s >= %s AND %s < %s", r->time_column, r->range_from,
                          r->time_column, r->range_to);
}

static char *
bucket_of (const Render *r,
           const char   *column)
{
  static const char * const text_cuts[] = {
    [BS_QUERY_BUCKET_MINUTE] = "1, 16) || ':00'",
    [BS_QUERY_BUCKET_HOUR] = "1, 13) || ':00:00'",
    [BS_QUERY_BUCKET_DAY] = "1, 10) || ' 00:00:00'",
  };
  static const char * const formats[] = {
    [BS_QUERY_BUCKET_MINUTE] = "%Y-%m-%d %H:%M:00",
    [BS_QUERY_BUCKET_HOUR] = "%Y-%m-%d %H:00:00",
    [BS_QUERY_BUCKET_DAY] = "%Y-%m-%d 00:00:00",
  };
  g_autofree char *moment = NULL;

  /* Cutting canonical text costs far less than parsing it, row after row. */
  if (r->time_format == BS_SQL_TIME_TEXT && r->query->bucket != BS_QUERY_BUCKET_WEEK)
    return g_strdup_printf ("substr (%s, %s", column, text_cuts[r->query->bucket]);

  if (r->time_format == BS_SQL_TIME_UNIX)
    moment = g_strdup_printf ("%s, 'unixepoch'", column);
  else if (r->time_format == BS_SQL_TIME_UNIX_MS)
    moment = g_strdup_printf ("%s / 1000, 'unixepoch'", column);
  else
    moment = g_strdup (column);

  /* 'weekday 0' moves on to Sunday (or stays there); six days back is its Monday. */
  if (r->query->bucket == BS_QUERY_BUCKET_WEEK)
    return g_strdup_printf ("date (%s, 'weekday 0', '-6 days') || ' 00:00:00'", moment);
  return g_strdup_printf ("strftime ('%s', %s)", formats[r->query->bucket], moment);
}

/* The pieces of the statement */

static gboolean
resolve_names (Render  *r,
               GError **error)
{
  const BsQuery *q = r->query;

  if (!bs_query_sql_lookup_table (r->db, q->table, &r->table_name, NULL, error))
    return FALSE;
  r->table = bs_query_sql_quote (r->table_name);
  /* Of the rows with the newest time, "last" is the one added last (a table's highest
   * rowid), the same every time; a view has no such order. */
  if (q->measure == BS_QUERY_MEASURE_VALUE && q->aggregation == BS_QUERY_AGGREGATION_LAST)
    r->rowid = bs_query_sql_rowid_name (r->db, r->table_name);

  if (q->measure != BS_QUERY_MEASURE_COUNT_ROWS
      && !resolve_column (r, q->measure_column, &r->measure, NULL, &r->measure_type, error))
    return FALSE;
  if (q->time_column != NULL
      && (!resolve_column (r, q->time_column, &r->time_column, NULL, NULL, error)
          || !bs_query_sql_time_format (r->db, r->table, r->time_column, q->time_column,
                                        &r->time_format, error)))
    return FALSE;

  if (q->bucket != BS_QUERY_BUCKET_NONE)
    {
      r->keys[r->n_keys].expr = bucket_of (r, r->time_column);
      r->keys[r->n_keys].alias = g_strdup ("\"bucket\"");
      r->keys[r->n_keys++].type = "time";
    }
  for (guint i = 0; q->splits[i] != NULL; i++)
    {
      Key *key = &r->keys[r->n_keys];
      g_autofree char *spelling = NULL;

      if (!resolve_column (r, q->splits[i], &key->expr, &spelling, &key->type, error))
        return FALSE;
      key->alias = bs_query_sql_quote (spelling);
      r->n_keys++;
      if (i == 0)
        r->split_name = g_steal_pointer (&spelling);
    }
  return TRUE;
}

static const char *
value_type (const Render *r)
{
  if (r->query->measure != BS_QUERY_MEASURE_VALUE)
    return "integer";
  switch (r->query->aggregation)
    {
    case BS_QUERY_AGGREGATION_COUNT:
      return "integer";
    case BS_QUERY_AGGREGATION_AVERAGE:
    case BS_QUERY_AGGREGATION_MEDIAN:
      return "number";
    case BS_QUERY_AGGREGATION_SUM:
      return g_str_equal (r->measure_type, "integer") ? "integer" : "number";
    case BS_QUERY_AGGREGATION_MINIMUM:
    case BS_QUERY_AGGREGATION_MAXIMUM:
    case BS_QUERY_AGGREGATION_LAST:
    default:
      return r->measure_type;
    }
}

static char *
where_clause (const Render *r)
{
  g_autofree char *joined = NULL;

  if (r->conditions->len == 0)
    return g_strdup ("");
  g_ptr_array_add (r->conditions, NULL);
  joined = g_strjoinv (" AND ", (char **) r->conditions->pdata);
  g_ptr_array_remove_index (r->conditions, r->conditions->len - 1);
  return g_strconcat (" WHERE ", joined, NULL);
}

/* "1, 2, 3" for GROUP BY and ORDER BY: positions, so that no alias meets a column. */
static char *
key_positions (const Render *r)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < r->n_keys; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? ", " : "", i + 1);
  return g_string_free (out, FALSE);
}

static void
append_group_order (GString      *sql,
                    const Render *r,
                    gboolean      group)
{
  g_autofree char *positions = key_positions (r);

  if (r->n_keys == 0)
    return;
  if (group)
    g_string_append_printf (sql, " GROUP BY %s", positions);
  g_string_append_printf (sql, " ORDER BY %s", positions);
}

static char *
plain_aggregate (const Render *r)
{
  static const char * const functions[] = {
    [BS_QUERY_AGGREGATION_SUM] = "sum",
    [BS_QUERY_AGGREGATION_AVERAGE] = "avg",
    [BS_QUERY_AGGREGATION_MINIMUM] = "min",
    [BS_QUERY_AGGREGATION_MAXIMUM] = "max",
    [BS_QUERY_AGGREGATION_COUNT] = "count",
  };

  if (r->query->measure == BS_QUERY_MEASURE_COUNT_ROWS)
    return g_strdup ("count(*)");
  if (r->query->measure == BS_QUERY_MEASURE_DISTINCT_COUNT)
    return g_strdup_printf ("count(DISTINCT %s)", r->measure);
  return g_strdup_printf ("%s(%s)", functions[r->query->aggregation], r->measure);
}

static char *
render_plain (const Render *r,
              const char   *where)
{
  GString *sql = g_string_new ("SELECT ");
  g_autofree char *aggregate = plain_aggregate (r);

  for (guint i = 0; i < r->n_keys; i++)
    g_string_append_printf (sql, "%s AS %s, ", r->keys[i].expr, r->keys[i].alias);
  g_string_append_printf (sql, "%s AS \"value\" FROM %s%s", aggregate, r->table, where);
  append_group_order (sql, r, TRUE);
  return g_string_free (sql, FALSE);
}

/* The inner select of median and last: keys as "bs_k0"…, the measure as "bs_m", and a
 * row number within each group in the given order. bs_* names are safe: no table of the
 * user's may have them, and each is qualified by the subquery it comes from. */
static void
append_numbered_rows (GString      *sql,
                      const Render *r,
                      const char   *order,
                      const char   *where)
{
  g_autoptr(GString) partition = g_string_new (NULL);

  for (guint i = 0; i < r->n_keys; i++)
    {
      g_string_append_printf (sql, "%s AS \"bs_k%u\", ", r->keys[i].expr, i);
      g_string_append_printf (partition, "%s%s", i == 0 ? "PARTITION BY " : ", ",
                              r->keys[i].expr);
    }
  g_string_append_printf (sql, "%s AS \"bs_m\", row_number () OVER (%s ORDER BY %s)"
                          " AS \"bs_r\", count(*) OVER (%s) AS \"bs_n\" FROM %s%s",
                          r->measure, partition->str, order, partition->str, r->table, where);
}

static void
append_outer_keys (GString      *sql,
                   const Render *r)
{
  for (guint i = 0; i < r->n_keys; i++)
    g_string_append_printf (sql, "\"bs_k%u\" AS %s, ", i, r->keys[i].alias);
}

/* SQLite 3.40 has no median (): number the rows of each group by value and average the
 * middle one (odd count) or two (even count). */
static char *
render_median (const Render *r,
               const char   *where)
{
  GString *sql = g_string_new ("SELECT ");

  append_outer_keys (sql, r);
  g_string_append (sql, "avg(\"bs_m\") AS \"value\" FROM (SELECT ");
  append_numbered_rows (sql, r, r->measure, where);
  g_string_append (sql, ") WHERE \"bs_r\" BETWEEN (\"bs_n\" + 1) / 2 AND \"bs_n\" / 2 + 1");
  append_group_order (sql, r, TRUE);
  return g_string_free (sql, FALSE);
}

/* "time DESC, rowid DESC": the newest row first, and of rows at the same time the one
 * added last. */
static char *
newest_first (const Render *r)
{
  if (r->rowid == NULL)
    return g_strdup_printf ("%s DESC", r->time_column);
  return g_strdup_printf ("%s DESC, %s DESC", r->time_column, r->rowid);
}

static char *
render_last_general (const Render *r,
                     const char   *where)
{
  GString *sql = g_string_new ("SELECT ");
  g_autofree char *order = newest_first (r);

  if (r->n_keys == 0)
    {
      g_string_append_printf (sql, "(SELECT %s FROM %s%s ORDER BY %s LIMIT 1) AS \"value\"",
                              r->measure, r->table, where, order);
      return g_string_free (sql, FALSE);
    }
  append_outer_keys (sql, r);
  g_string_append (sql, "\"bs_m\" AS \"value\" FROM (SELECT ");
  append_numbered_rows (sql, r, order, where);
  g_string_append (sql, ") WHERE \"bs_r\" = 1");
  append_group_order (sql, r, FALSE);
  return g_string_free (sql, FALSE);
}

/* With an index on (split, time), the last value of each group is one seek: walk the
 * distinct split values by seeking past each (a loose index scan that SQLite 3.40 does
 * not do on its own) and take each group's newest row, instead of numbering every row.
 * Ordering by split and time, not time alone, steers the planner to that index even for
 * "split IS NULL", where a time index alone would scan the whole table backwards. */
static char *
render_last_seek (const Render *r,
                  const char   *where)
{
  const char *split = r->keys[0].expr;
  g_autofree char *and_where = *where != '\0' ? g_strconcat (" AND", where + strlen (" WHERE"),
                                                             NULL)
                                              : g_strdup ("");
  g_autofree char *time_order = newest_first (r);

  return g_strdup_printf (
    "WITH RECURSIVE \"bs_keys\" (\"bs_k\") AS ("
    "SELECT min(%s) FROM %s UNION ALL "
    "SELECT (SELECT min(%s) FROM %s WHERE %s > \"bs_keys\".\"bs_k\") FROM \"bs_keys\""
    " WHERE \"bs_keys\".\"bs_k\" IS NOT NULL), "
    "\"bs_last\" (\"bs_k\", \"bs_v\") AS ("
    "SELECT NULL, (SELECT %s FROM %s WHERE %s IS NULL%s ORDER BY %s DESC, %s LIMIT 1)"
    " UNION ALL "
    "SELECT \"bs_keys\".\"bs_k\", (SELECT %s FROM %s WHERE %s = \"bs_keys\".\"bs_k\"%s"
    " ORDER BY %s DESC, %s LIMIT 1) FROM \"bs_keys\""
    " WHERE \"bs_keys\".\"bs_k\" IS NOT NULL) "
    "SELECT \"bs_k\" AS %s, \"bs_v\" AS \"value\" FROM \"bs_last\" WHERE \"bs_v\" IS NOT NULL"
    " ORDER BY 1",
    split, r->table, split, r->table, split,
    r->measure, r->table, split, and_where, split, time_order,
    r->measure, r->table, split, and_where, split, time_order,
    r->keys[0].alias);
}

static gboolean
has_split_time_index (const Render *r,
                      gboolean     *found,
                      GError      **error)
{
  static const char sql[] =
    "SELECT 1 FROM pragma_index_list (?1) AS l, pragma_index_info (l.name) AS a,"
    " pragma_index_info (l.name) AS b WHERE l.partial = 0 AND a.seqno = 0 AND b.seqno = 1"
    " AND a.name = ?2 COLLATE NOCASE AND b.name = ?3 COLLATE NOCASE";
  g_autofree char *time_name = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  *found = FALSE;
  if (r->query->bucket != BS_QUERY_BUCKET_NONE || r->n_keys != 1)
    return TRUE;
  if (!bs_query_sql_lookup_column (r->db, r->table_name, r->query->time_column, &time_name,
                                   NULL, error))
    return FALSE;
  if (sqlite3_prepare_v2 (r->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
                   _("The database could not read its indexes: %s"), sqlite3_errmsg (r->db));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, r->table_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, r->split_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, time_name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Whether SQLite would seek to a time range rather than scan: asked of the planner itself,
 * so that an index on a view's underlying table counts too. */
static gboolean
time_range_seeks (const Render *r,
                  gboolean     *seeks,
                  GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("EXPLAIN QUERY PLAN SELECT 1 FROM %s WHERE %s >= ?1"
                                          " AND %s < ?2", r->table, r->time_column,
                                          r->time_column);
  sqlite3_stmt *stmt = NULL;

  *seeks = FALSE;
  if (sqlite3_prepare_v2 (r->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
                   _("The database could not plan the query: %s"), sqlite3_errmsg (r->db));
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *seeks = g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 3), "SEARCH");
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
can_seek_buckets (const Render *r,
                  gboolean     *seek,
                  GError      **error)
{
  static const gint64 bucket_seconds[] = { 0, 60, 3600, 86400, 7 * 86400 };

  *seek = FALSE;
  if ((r->query->measure == BS_QUERY_MEASURE_VALUE
       && (r->query->aggregation == BS_QUERY_AGGREGATION_LAST
           || r->query->aggregation == BS_QUERY_AGGREGATION_MEDIAN))
      || r->time_format != BS_SQL_TIME_TEXT || r->query->bucket == BS_QUERY_BUCKET_NONE
      || r->n_keys != 1 || r->range_from == NULL
      || r->range_seconds / bucket_seconds[r->query->bucket] > MAX_SEEK_BUCKETS)
    return TRUE;
  return time_range_seeks (r, seek, error);
}

/* A time series without a split, where an index serves the time column: one index range
 * per bucket, walked in order, instead of sorting every row of the range by its bucket
 * (SQLite groups by sorting, and for millions of rows the sort costs three times the
 * reading). Each bucket's range is clipped to the query's, so no seek starts early. */
static char *
render_bucket_seek (const Render *r,
                    const char   *where)
{
  static const char * const steps[] = { NULL, "+1 minute", "+1 hour", "+1 day", "+7 days" };
  const char *step = steps[r->query->bucket];
  const char *column = r->time_column;
  g_autofree char *first = bucket_of (r, r->range_from);
  g_autofree char *aggregate = plain_aggregate (r);
  g_autofree char *and_where = *where != '\0' ? g_strconcat (" AND", where + strlen (" WHERE"),
                                                             NULL)
                                              : g_strdup ("");
  g_autofree char *bounds =
    g_strdup_printf ("%s >= max (\"bs_buckets\".\"bs_b\", %s) AND %s < min (datetime"
                     " (\"bs_buckets\".\"bs_b\", '%s'), %s)%s",
                     column, r->range_from, column, step, r->range_to, and_where);

  return g_strdup_printf (
    "WITH RECURSIVE \"bs_buckets\" (\"bs_b\") AS (SELECT %s UNION ALL"
    " SELECT datetime (\"bs_b\", '%s') FROM \"bs_buckets\""
    " WHERE datetime (\"bs_b\", '%s') < %s) "
    "SELECT \"bs_b\" AS \"bucket\", (SELECT %s FROM %s WHERE %s) AS \"value\""
    " FROM \"bs_buckets\" WHERE EXISTS (SELECT 1 FROM %s WHERE %s) ORDER BY 1",
    first, step, step, r->range_to,
    aggregate, r->table, bounds, r->table, bounds);
}

static char *
render_statement (Render  *r,
                  GError **error)
{
  g_autofree char *where = NULL;
  gboolean seek = FALSE;

  if (!can_seek_buckets (r, &seek, error))
    return NULL;
  if (r->range_from != NULL && !seek)
    g_ptr_array_add (r->conditions, range_condition (r));

  if (r->query->measure == BS_QUERY_MEASURE_VALUE
      && r->query->aggregation == BS_QUERY_AGGREGATION_LAST)
    {
      /* The newest row that has a value and a time. */
      g_ptr_array_add (r->conditions, g_strdup_printf ("%s IS NOT NULL AND %s IS NOT NULL",
                                                       r->measure, r->time_column));
      where = where_clause (r);
      if (!has_split_time_index (r, &seek, error))
        return NULL;
      return seek ? render_last_seek (r, where) : render_last_general (r, where);
    }
  if (r->query->measure == BS_QUERY_MEASURE_VALUE
      && r->query->aggregation == BS_QUERY_AGGREGATION_MEDIAN)
    {
      g_ptr_array_add (r->conditions, g_strdup_printf ("%s IS NOT NULL", r->measure));
      where = where_clause (r);
      return render_median (r, where);
    }
  where = where_clause (r);
  return seek ? render_bucket_seek (r, where) : render_plain (r, where);
}

gboolean
bs_query_sql_render (const BsQuery  *query,
                     sqlite3        *db,
                     GTimeZone      *tz,
                     GDateTime      *now,
                     BsQuerySql    **out,
                     GError        **error)
{
  g_auto(Render) r = { 0 };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GStrvBuilder) types = g_strv_builder_new ();
  g_autofree char *text = NULL;
  BsQuerySql *self;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bs_query_validate (query, error))
    return FALSE;
  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  r.db = db;
  r.query = query;
  r.conditions = g_ptr_array_new_with_free_func (g_free);
  r.params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  if (!resolve_names (&r, error) || !add_filters (&r, error))
    return FALSE;
  if (r.time_column != NULL)
    add_range (&r, tz != NULL ? tz : utc, current);
  if ((text = render_statement (&r, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < r.n_keys; i++)
    g_strv_builder_add (types, r.keys[i].type);
  g_strv_builder_add (types, value_type (&r));

  self = g_new0 (BsQuerySql, 1);
  self->text = g_steal_pointer (&text);
  self->params = g_steal_pointer (&r.params);
  self->types = g_strv_builder_end (types);
  *out = self;
  return TRUE;
}

BsQuerySql *
bs_query_sql_copy (const BsQuerySql *self)
{
  BsQuerySql *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BsQuerySql, 1);
  copy->text = g_strdup (self->text);
  copy->params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  for (guint i = 0; i < self->params->len; i++)
    g_ptr_array_add (copy->params, g_variant_ref (g_ptr_array_index (self->params, i)));
  copy->types = g_strdupv (self->types);
  return copy;
}

void
bs_query_sql_free (BsQuerySql *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_ptr_array_unref (self->params);
  g_strfreev (self->types);
  g_free (self);
}

const char *
bs_query_sql_get_text (const BsQuerySql *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

guint
bs_query_sql_get_n_params (const BsQuerySql *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->params->len;
}

GVariant *
bs_query_sql_get_param (const BsQuerySql *self,
                        guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->params->len, NULL);
  return g_ptr_array_index (self->params, index);
}

static void
bind_param (sqlite3_stmt *stmt,
            int           i,
            GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, i, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, i, g_variant_get_double (value));
  else
    sqlite3_bind_text (stmt, i, g_variant_get_string (value, NULL), -1, SQLITE_STATIC);
}

JsonNode *
bs_query_sql_execute (const BsQuerySql  *self,
                      sqlite3           *db,
                      guint              row_limit,
                      GError           **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sqlite3_prepare_v2 (db, self->text, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
                   _("The database could not run the query: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  for (guint i = 0; i < self->params->len; i++)
    bind_param (stmt, (int) i + 1, g_ptr_array_index (self->params, i));
  return bs_query_sql_run_frame (db, stmt, (const char * const *) self->types, row_limit,
                                 error);
}
