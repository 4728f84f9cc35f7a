#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-alert-scan-cache.h"
#include "bs-alert-shared-scan.h"
#include "bs-alert-shared-scan-private.h"
#include "bs-query-sql-private.h"

/* VM steps between two looks at the cancellable while a statement runs. */
#define CANCEL_CHECK_STEPS 10000
#define BUSY_TIMEOUT_MS    5000

typedef enum
{
  AGG_ROWS,    /* rows */
  AGG_COUNT,   /* non-NULL values */
  AGG_SUM,
  AGG_MIN,
  AGG_MAX,
} AggKind;

/* One partial result: an aggregate of one measure column of the statement. */
typedef struct
{
  AggKind  kind;
  int      column;   /* -1 for AGG_ROWS */
} Agg;

typedef union
{
  Sum     sum;
  gint64  count;
  Cell    best;      /* type SQLITE_NULL until a value came */
} Partial;

/* The rows of one value of the union of the splits that passed the same conditions (the
 * bits of @mask), with one partial result per Agg. */
typedef struct
{
  Cell     *keys;
  guint     n_keys;
  gint64    mask;
  guint     hash;
  guint     index;    /* in the order the groups were met */
  Partial  *parts;
} Group;

/* A resolved column of a table, cached for the run. */
typedef struct
{
  char       *spelling;
  char       *quoted;
  char       *declared;
  const char *type;       /* the frame type; NULL until asked for */
  gboolean    binary;     /* compared with the BINARY collation */
} Column;

/* A query answered by a shared statement. */
typedef struct
{
  guint        entry;
  guint        n_splits;
  guint        split_keys[BS_QUERY_MAX_SPLITS];   /* positions in the union of splits */
  char        *split_names[BS_QUERY_MAX_SPLITS];
  const char  *split_types[BS_QUERY_MAX_SPLITS];
  const char  *value_type;
  AggKind      kind;       /* AGG_SUM also for averages, AGG_ROWS for counted rows */
  gboolean     average;
  int          measure;    /* position in the measures; -1 when counting rows */
  int          agg;        /* index in Scan.aggs, once the statement is whole; -1 for a median
                            * or a last value */
  gint64       required;   /* the bits of its window and of its filters */
  /* Answered only from kept rows (see bs-alert-scan-cache.h), which hold every value: */
  gboolean     median;
  gboolean     last;
} Member;

/* A window of a statement: its bit, and where it starts (all end at the scan's "now"). */
typedef struct
{
  gint64    bit;
  GVariant *from;
} Window;

/* At most this many distinct windows and sets of filters share a statement: each is a bit
 * of one 64-bit mask. */
#define MAX_CONDITIONS 62

/* Splits with very many values (an order number) would make the groups of the statement a
 * copy of the table: past this many, its queries run on their own instead. */
#define MAX_GROUPS 200000

/* The statement shared by the queries of one table: the rows of the widest window are read
 * once, with a mask of the conditions (windows, sets of filters) each row passes. */
typedef struct
{
  char       *table;          /* quoted */
  char       *time_column;    /* quoted; NULL for the whole table */
  GVariant   *from;           /* the widest window */
  GVariant   *to;
  GPtrArray  *params;         /* GVariant */
  GPtrArray  *keys;           /* quoted split columns, the union */
  GPtrArray  *measures;       /* quoted measure columns */
  GPtrArray  *conditions;     /* SQL of each bit */
  GHashTable *condition_bits; /* canonical condition → its bit + 1 */
  GArray     *windows;        /* Window */
  /* The sets of filters again, for the cache's statement, which has no windows: */
  GPtrArray  *filter_canonicals;
  GPtrArray  *filter_conditions;  /* SQL, naming the values of filter_params */
  GPtrArray  *filter_params;      /* GVariant */
  GArray     *filter_bits;        /* gint64: the bit of each in this statement */
  char       *table_name;
  GArray     *aggs;           /* Agg */
  GArray     *members;        /* Member */
} Scan;

typedef struct
{
  BsQuery  *query;
  gboolean  context;   /* only for the shape of the statements: not answered */
  JsonNode *frame;
  GError   *error;
  double    elapsed_ms;
  gboolean  shared;
} Entry;

struct _BsAlertSharedScan
{
  BsSourceSpec *spec;
  GTimeZone    *tz;
  GDateTime    *now;
  GArray       *entries;       /* Entry */
  guint         n_statements;
  BsAlertScanCache *cache;

  /* during run () */
  sqlite3      *db;
  gboolean      any_collation;
  GHashTable   *columns;       /* "table\ncolumn as asked" → Column* */
  GHashTable   *scans;         /* "table\ntime column\nn" → Scan* */
  GPtrArray    *own;           /* guint entry indexes that run their own query */
};

/* "file\ntable\ncolumn" of the time indexes made or found since the process started. */
static GHashTable *indexed;
G_LOCK_DEFINE_STATIC (indexed);

static guint
group_hash (gconstpointer data)
{
  return ((const Group *) data)->hash;
}

static gboolean
group_equal (gconstpointer a,
             gconstpointer b)
{
  const Group *x = a;
  const Group *y = b;

  return x->mask == y->mask && bs_alert_scan_keys_equal (x->keys, y->keys, x->n_keys);
}

/* Scans */

static void
scan_free (Scan *scan)
{
  g_free (scan->table);
  g_free (scan->time_column);
  g_clear_pointer (&scan->from, g_variant_unref);
  g_clear_pointer (&scan->to, g_variant_unref);
  g_ptr_array_unref (scan->params);
  g_ptr_array_unref (scan->keys);
  g_ptr_array_unref (scan->measures);
  g_ptr_array_unref (scan->conditions);
  g_hash_table_unref (scan->condition_bits);
  g_array_unref (scan->windows);
  g_ptr_array_unref (scan->filter_canonicals);
  g_ptr_array_unref (scan->filter_conditions);
  g_ptr_array_unref (scan->filter_params);
  g_array_unref (scan->filter_bits);
  g_free (scan->table_name);
  g_array_unref (scan->aggs);
  for (guint i = 0; i < scan->members->len; i++)
    {
      Member *member = &g_array_index (scan->members, Member, i);

      for (guint j = 0; j < member->n_splits; j++)
        g_free (member->split_names[j]);
    }
  g_array_unref (scan->members);
  g_free (scan);
}

static void
window_clear (gpointer data)
{
  g_variant_unref (((Window *) data)->from);
}

static Scan *
scan_new (const char *table,
          const char *quoted_table,
          const char *quoted_time)
{
  Scan *scan = g_new0 (Scan, 1);

  scan->table_name = g_strdup (table);
  scan->windows = g_array_new (FALSE, FALSE, sizeof (Window));
  g_array_set_clear_func (scan->windows, window_clear);
  scan->filter_canonicals = g_ptr_array_new_with_free_func (g_free);
  scan->filter_conditions = g_ptr_array_new_with_free_func (g_free);
  scan->filter_params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  scan->filter_bits = g_array_new (FALSE, FALSE, sizeof (gint64));

  scan->table = g_strdup (quoted_table);
  scan->time_column = g_strdup (quoted_time);
  scan->params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  scan->keys = g_ptr_array_new_with_free_func (g_free);
  scan->measures = g_ptr_array_new_with_free_func (g_free);
  scan->conditions = g_ptr_array_new_with_free_func (g_free);
  scan->condition_bits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan->aggs = g_array_new (FALSE, FALSE, sizeof (Agg));
  scan->members = g_array_new (FALSE, TRUE, sizeof (Member));
  return scan;
}

static char *
add_param (Scan     *scan,
           GVariant *value)
{
  g_ptr_array_add (scan->params, g_variant_ref_sink (value));
  return g_strdup_printf ("?%u", scan->params->len);
}

static guint
intern (GPtrArray  *names,
        const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return i;
  g_ptr_array_add (names, g_strdup (name));
  return names->len - 1;
}

/* -1 when @canonical has no bit yet. */
static int
find_bit (const Scan *scan,
          const char *canonical)
{
  gpointer found;

  if (canonical == NULL
      || !g_hash_table_lookup_extended (scan->condition_bits, canonical, NULL, &found))
    return -1;
  return (int) GPOINTER_TO_UINT (found) - 1;
}

static gint64
add_bit (Scan       *scan,
         const char *canonical,
         char       *condition)
{
  int bit = find_bit (scan, canonical);

  if (bit >= 0)
    {
      g_free (condition);
      return G_GINT64_CONSTANT (1) << bit;
    }
  g_ptr_array_add (scan->conditions, condition);
  g_hash_table_insert (scan->condition_bits, g_strdup (canonical),
                       GUINT_TO_POINTER (scan->conditions->len));
  return G_GINT64_CONSTANT (1) << (scan->conditions->len - 1);
}

static int
add_agg (Scan    *scan,
         AggKind  kind,
         int      column)
{
  Agg agg = { kind, column };

  for (guint i = 0; i < scan->aggs->len; i++)
    {
      const Agg *known = &g_array_index (scan->aggs, Agg, i);

      if (known->kind == kind && known->column == column)
        return (int) i;
    }
  g_array_append_val (scan->aggs, agg);
  return (int) scan->aggs->len - 1;
}

static int
compare_bounds (GVariant *a,
                GVariant *b)
{
  if (g_variant_is_of_type (a, G_VARIANT_TYPE_INT64))
    {
      gint64 x = g_variant_get_int64 (a);
      gint64 y = g_variant_get_int64 (b);

      return (x > y) - (x < y);
    }
  return strcmp (g_variant_get_string (a, NULL), g_variant_get_string (b, NULL));
}

/* Resolving a query */

static void
column_free (Column *column)
{
  g_free (column->spelling);
  g_free (column->quoted);
  g_free (column->declared);
  g_free (column);
}

/* Only a table's column can be asked for its collation; a view's column counts as BINARY
 * when no table or view of the file declares a collation at all. */
static gboolean
column_is_binary (BsAlertSharedScan *self,
                  const char        *table,
                  const char        *column)
{
  const char *collation = NULL;

  if (!self->any_collation)
    return TRUE;
  if (sqlite3_table_column_metadata (self->db, NULL, table, column, NULL, &collation,
                                     NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  return collation == NULL || g_ascii_strcasecmp (collation, "BINARY") == 0;
}

static Column *
lookup_column (BsAlertSharedScan *self,
               const char        *table,
               const char        *quoted_table,
               const char        *name,
               gboolean           want_type)
{
  g_autofree char *key = g_strconcat (table, "\n", name, NULL);
  Column *column = g_hash_table_lookup (self->columns, key);

  if (column == NULL)
    {
      column = g_new0 (Column, 1);
      if (!bs_query_sql_lookup_column (self->db, table, name, &column->spelling,
                                       &column->declared, NULL))
        {
          column_free (column);
          return NULL;
        }
      column->quoted = bs_query_sql_quote (column->spelling);
      column->binary = column_is_binary (self, table, column->spelling);
      g_hash_table_insert (self->columns, g_steal_pointer (&key), column);
    }
  if (want_type && column->type == NULL)
    column->type = bs_query_sql_column_type (self->db, quoted_table, column->spelling,
                                             column->declared, NULL);
  return want_type && column->type == NULL ? NULL : column;
}

/* Last, median and distinct counts need every value of a series, not partial results;
 * a bucketed series is grouped by time as well. These run their own query, but for a
 * median or a last value over a window when rows are kept between runs: they hold every
 * value. */
static gboolean
can_share (BsAlertSharedScan *self,
           const BsQuery     *query)
{
  if (!bs_query_validate (query, NULL) || query->bucket != BS_QUERY_BUCKET_NONE
      || query->measure == BS_QUERY_MEASURE_DISTINCT_COUNT)
    return FALSE;
  if (query->measure == BS_QUERY_MEASURE_VALUE
      && (query->aggregation == BS_QUERY_AGGREGATION_LAST
          || query->aggregation == BS_QUERY_AGGREGATION_MEDIAN)
      && (self->cache == NULL || query->range == BS_QUERY_RANGE_NONE))
    return FALSE;
  /* A CSV source shows its own table only: the runner says so. */
  if (g_strcmp0 (self->spec->kind, "csv") == 0 && g_strcmp0 (query->table, self->spec->table) != 0)
    return FALSE;
  return TRUE;
}

static const char *
value_type (const BsQuery *query,
            const char    *measure_type)
{
  if (query->measure != BS_QUERY_MEASURE_VALUE)
    return "integer";
  switch (query->aggregation)
    {
    case BS_QUERY_AGGREGATION_COUNT:
      return "integer";
    case BS_QUERY_AGGREGATION_AVERAGE:
    case BS_QUERY_AGGREGATION_MEDIAN:
      return "number";
    case BS_QUERY_AGGREGATION_SUM:
      return g_str_equal (measure_type, "integer") ? "integer" : "number";
    case BS_QUERY_AGGREGATION_MINIMUM:
    case BS_QUERY_AGGREGATION_MAXIMUM:
    case BS_QUERY_AGGREGATION_LAST:
    default:
      return measure_type;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Equal sets of filters, in any order, are one condition: @out_order lists @query's
 * filters in the order of their canonical form. */
static gboolean
describe_filters (BsAlertSharedScan  *self,
                  const char         *table,
                  const char         *quoted_table,
                  const BsQuery      *query,
                  char              **out_canonical,
                  GArray            **out_order)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) canonical = g_string_new ("f");
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  *out_canonical = NULL;
  *out_order = NULL;
  if (query->filters->len == 0)
    return TRUE;

  for (guint i = 0; i < query->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (query->filters, i);
      Column *column = lookup_column (self, table, quoted_table, filter->column, FALSE);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (column == NULL)
        return FALSE;
      /* The filter's position comes last in each part, so that sorting ignores it. */
      g_ptr_array_add (parts, g_strdup_printf ("%s\x1f%d\x1f%c%s\x1f%u", column->quoted,
                                               filter->op, filter->is_number ? 'n' : 't',
                                               filter->is_number
                                               ? g_ascii_dtostr (number, sizeof number,
                                                                 filter->number)
                                               : filter->text != NULL ? filter->text : "",
                                               i));
    }
  g_ptr_array_sort (parts, compare_strings);
  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      const char *position = strrchr (part, '\x1f');
      guint index = (guint) g_ascii_strtoull (position + 1, NULL, 10);

      g_string_append_c (canonical, '\x1e');
      g_string_append_len (canonical, part, position - part);
      g_array_append_val (order, index);
    }
  *out_canonical = g_string_free (g_steal_pointer (&canonical), FALSE);
  *out_order = g_steal_pointer (&order);
  return TRUE;
}

static gint64
filters_bit (BsAlertSharedScan *self,
             Scan              *scan,
             const char        *table,
             const BsQuery     *query,
             const char        *canonical,
             GArray            *order)
{
  g_autoptr(GString) condition = g_string_new (NULL);
  g_autoptr(GString) cache_condition = g_string_new (NULL);
  int bit = find_bit (scan, canonical);
  gint64 new_bit;

  if (bit >= 0)
    return G_GINT64_CONSTANT (1) << bit;
  for (guint i = 0; i < order->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (query->filters,
                                                       g_array_index (order, guint, i));
      Column *column = lookup_column (self, table, scan->table, filter->column, FALSE);
      g_autofree char *text = bs_query_sql_filter_condition (scan->params, column->quoted, filter);
      g_autofree char *cache_text = bs_query_sql_filter_condition (scan->filter_params,
                                                                   column->quoted, filter);

      g_string_append_printf (condition, "%s%s", i > 0 ? " AND " : "", text);
      g_string_append_printf (cache_condition, "%s%s", i > 0 ? " AND " : "", cache_text);
    }
  new_bit = add_bit (scan, canonical, g_string_free (g_steal_pointer (&condition), FALSE));
  g_ptr_array_add (scan->filter_canonicals, g_strdup (canonical));
  g_ptr_array_add (scan->filter_conditions, g_string_free (g_steal_pointer (&cache_condition),
                                                           FALSE));
  g_array_append_val (scan->filter_bits, new_bit);
  return new_bit;
}

static gint64
window_bit (Scan       *scan,
            const char *canonical,
            GVariant   *from,
            GVariant   *to)
{
  g_autofree char *p_from = NULL;
  g_autofree char *p_to = NULL;
  int bit = find_bit (scan, canonical);
  Window window;

  if (bit >= 0)
    return G_GINT64_CONSTANT (1) << bit;
  p_from = add_param (scan, g_variant_ref (from));
  p_to = add_param (scan, g_variant_ref (to));
  window.bit = add_bit (scan, canonical, g_strdup_printf ("%s >= %s AND %s < %s",
                                                          scan->time_column, p_from,
                                                          scan->time_column, p_to));
  window.from = g_variant_ref (from);
  g_array_append_val (scan->windows, window);
  return window.bit;
}

/* The statement of @table (and its time column, when the query has a window) with room for
 * the conditions given; a full one is followed by another. */
static Scan *
find_scan (BsAlertSharedScan *self,
           const char        *table,
           const char        *quoted_table,
           const Column      *time,
           const char        *window,
           const char        *filters)
{
  for (guint n = 0;; n++)
    {
      g_autofree char *key = g_strdup_printf ("%s\n%s\n%u", table,
                                              time != NULL ? time->spelling : "", n);
      Scan *scan = g_hash_table_lookup (self->scans, key);
      guint needed;

      if (scan == NULL)
        {
          scan = scan_new (table, quoted_table, time != NULL ? time->quoted : NULL);
          g_hash_table_insert (self->scans, g_steal_pointer (&key), scan);
        }
      needed = (window != NULL && find_bit (scan, window) < 0)
               + (filters != NULL && find_bit (scan, filters) < 0);
      if (scan->conditions->len + needed <= MAX_CONDITIONS)
        return scan;
    }
}

/* The bounds of @query's window, in the time column's own format; FALSE when the column
 * does not hold times. */
static gboolean
window_bounds (BsAlertSharedScan  *self,
               const BsQuery      *query,
               const char         *quoted_table,
               const Column       *time,
               GVariant          **from,
               GVariant          **to,
               char              **canonical)
{
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  BsSqlTimeFormat format;

  if (!bs_query_sql_time_format (self->db, quoted_table, time->quoted, query->time_column,
                                 &format, NULL))
    return FALSE;
  start = bs_query_sql_range_start (query, self->tz, self->now);
  *from = g_variant_ref_sink (bs_query_sql_time_bound (format, start, FALSE));
  *to = g_variant_ref_sink (bs_query_sql_time_bound (format, self->now, TRUE));
  from_text = g_variant_print (*from, TRUE);
  to_text = g_variant_print (*to, TRUE);
  *canonical = g_strconcat ("w", from_text, "\x1f", to_text, NULL);
  return TRUE;
}

static void
widen (Scan     *scan,
       GVariant *from,
       GVariant *to)
{
  if (scan->from == NULL || compare_bounds (from, scan->from) < 0)
    {
      g_clear_pointer (&scan->from, g_variant_unref);
      scan->from = g_variant_ref (from);
    }
  if (scan->to == NULL || compare_bounds (to, scan->to) > 0)
    {
      g_clear_pointer (&scan->to, g_variant_unref);
      scan->to = g_variant_ref (to);
    }
}

static AggKind
member_kind (const BsQuery *query)
{
  if (query->measure == BS_QUERY_MEASURE_COUNT_ROWS)
    return AGG_ROWS;
  switch (query->aggregation)
    {
    case BS_QUERY_AGGREGATION_COUNT:
      return AGG_COUNT;
    case BS_QUERY_AGGREGATION_MINIMUM:
      return AGG_MIN;
    case BS_QUERY_AGGREGATION_MAXIMUM:
    case BS_QUERY_AGGREGATION_LAST:     /* its value is kept as a maximum's is */
      return AGG_MAX;
    case BS_QUERY_AGGREGATION_SUM:
    case BS_QUERY_AGGREGATION_AVERAGE:
    default:
      return AGG_SUM;
    }
}

/* Plans @query into a shared statement; FALSE when it has to run on its own. */
static gboolean
plan_query (BsAlertSharedScan *self,
            guint              index)
{
  const BsQuery *query = g_array_index (self->entries, Entry, index).query;
  g_autofree char *table = NULL;
  g_autofree char *quoted_table = NULL;
  g_autofree char *window = NULL;
  g_autofree char *filters = NULL;
  g_autoptr(GArray) order = NULL;
  g_autoptr(GVariant) from = NULL;
  g_autoptr(GVariant) to = NULL;
  Member member = { 0 };
  Column *measure = NULL;
  Column *time = NULL;
  Column *splits[BS_QUERY_MAX_SPLITS] = { NULL };
  Scan *scan;

  if (!can_share (self, query)
      || !bs_query_sql_lookup_table (self->db, query->table, &table, NULL, NULL))
    return FALSE;
  quoted_table = bs_query_sql_quote (table);

  for (guint i = 0; query->splits[i] != NULL; i++)
    if ((splits[i] = lookup_column (self, table, quoted_table, query->splits[i], TRUE)) == NULL
        || !splits[i]->binary)
      return FALSE;
  if (query->measure == BS_QUERY_MEASURE_VALUE
      && ((measure = lookup_column (self, table, quoted_table, query->measure_column, TRUE))
          == NULL || !measure->binary))
    return FALSE;
  if (query->time_column != NULL
      && (time = lookup_column (self, table, quoted_table, query->time_column, FALSE)) == NULL)
    return FALSE;
  if (query->range == BS_QUERY_RANGE_NONE)
    time = NULL;
  else if (!window_bounds (self, query, quoted_table, time, &from, &to, &window))
    return FALSE;
  if (!describe_filters (self, table, quoted_table, query, &filters, &order))
    return FALSE;

  scan = find_scan (self, table, quoted_table, time, window, filters);
  if (window != NULL)
    {
      member.required |= window_bit (scan, window, from, to);
      widen (scan, from, to);
    }
  if (filters != NULL)
    member.required |= filters_bit (self, scan, table, query, filters, order);

  member.entry = index;
  for (guint i = 0; query->splits[i] != NULL; i++)
    {
      member.split_keys[i] = intern (scan->keys, splits[i]->quoted);
      member.split_names[i] = g_strdup (splits[i]->spelling);
      member.split_types[i] = splits[i]->type;
      member.n_splits++;
    }
  member.value_type = value_type (query, measure != NULL ? measure->type : NULL);
  member.kind = member_kind (query);
  member.median = measure != NULL && query->aggregation == BS_QUERY_AGGREGATION_MEDIAN;
  member.last = measure != NULL && query->aggregation == BS_QUERY_AGGREGATION_LAST;
  /* A median is the average of the middle value or two. */
  member.average = measure != NULL && (query->aggregation == BS_QUERY_AGGREGATION_AVERAGE
                                       || member.median);
  member.measure = measure != NULL ? (int) intern (scan->measures, measure->quoted) : -1;
  g_array_append_val (scan->members, member);
  g_array_index (self->entries, Entry, index).shared = TRUE;
  return TRUE;
}

/* Statement columns: the keys, then the measures, then the mask. */
static void
finish_scan (Scan *scan)
{
  for (guint i = 0; i < scan->members->len; i++)
    {
      Member *member = &g_array_index (scan->members, Member, i);

      member->agg = member->median || member->last ? -1
                                   : add_agg (scan, member->kind,
                                              member->measure < 0 ? -1
                                                                  : (int) (scan->keys->len
                                                                           + member->measure));
    }
}

static char *
scan_sql (Scan *scan)
{
  GString *sql = g_string_new ("SELECT ");
  guint n = 0;

  for (guint i = 0; i < scan->keys->len; i++, n++)
    g_string_append_printf (sql, "%s%s", n > 0 ? ", " : "",
                            (char *) g_ptr_array_index (scan->keys, i));
  for (guint i = 0; i < scan->measures->len; i++, n++)
    g_string_append_printf (sql, "%s%s", n > 0 ? ", " : "",
                            (char *) g_ptr_array_index (scan->measures, i));
  for (guint i = 0; i < scan->conditions->len; i++, n++)
    g_string_append_printf (sql, "%s(CASE WHEN %s THEN %" G_GINT64_FORMAT " ELSE 0 END)",
                            i == 0 ? (n > 0 ? ", " : "") : " | ",
                            (char *) g_ptr_array_index (scan->conditions, i),
                            G_GINT64_CONSTANT (1) << i);
  if (n == 0)
    g_string_append (sql, "1");
  g_string_append_printf (sql, " FROM %s", scan->table);
  if (scan->from != NULL)
    {
      g_autofree char *p_from = add_param (scan, g_variant_ref (scan->from));
      g_autofree char *p_to = add_param (scan, g_variant_ref (scan->to));

      g_string_append_printf (sql, " WHERE %s >= %s AND %s < %s", scan->time_column, p_from,
                              scan->time_column, p_to);
    }
  return g_string_free (sql, FALSE);
}

/* Running a shared statement */

static void
group_free (gpointer data,
            gpointer user_data)
{
  Group *group = data;
  const Scan *scan = user_data;

  for (guint i = 0; i < group->n_keys; i++)
    bs_alert_scan_cell_clear (&group->keys[i]);
  for (guint i = 0; i < scan->aggs->len; i++)
    {
      AggKind kind = g_array_index (scan->aggs, Agg, i).kind;

      if (kind == AGG_MIN || kind == AGG_MAX)
        bs_alert_scan_cell_clear (&group->parts[i].best);
    }
  g_free (group->keys);
  g_free (group->parts);
  g_free (group);
}

static Group *
group_new (const Scan  *scan,
           const Group *probe)
{
  Group *group = g_new0 (Group, 1);

  group->n_keys = probe->n_keys;
  group->mask = probe->mask;
  group->hash = probe->hash;
  group->keys = g_new0 (Cell, MAX (group->n_keys, 1));
  for (guint i = 0; i < group->n_keys; i++)
    bs_alert_scan_cell_copy (&group->keys[i], &probe->keys[i]);
  group->parts = g_new0 (Partial, MAX (scan->aggs->len, 1));
  for (guint i = 0; i < scan->aggs->len; i++)
    {
      AggKind kind = g_array_index (scan->aggs, Agg, i).kind;

      if (kind == AGG_MIN || kind == AGG_MAX)
        group->parts[i].best.type = SQLITE_NULL;
    }
  return group;
}

/* Each column of a row is read once, whatever number of aggregates use it. */
static void
accumulate (const Scan   *scan,
            Cell         *cells,
            Group        *group,
            sqlite3_stmt *stmt)
{
  for (guint i = 0; i < scan->aggs->len; i++)
    {
      const Agg *agg = &g_array_index (scan->aggs, Agg, i);
      Partial *part = &group->parts[i];

      switch (agg->kind)
        {
        case AGG_ROWS:
          part->count++;
          break;
        case AGG_COUNT:
          part->count += cells[agg->column].type != SQLITE_NULL;
          break;
        case AGG_MIN:
        case AGG_MAX:
          bs_alert_scan_best_offer (&part->best, &cells[agg->column], agg->kind == AGG_MAX);
          break;
        case AGG_SUM:
        default:
          break;
        }
    }

  /* Sums last: reading text as a number may change the statement's copy of it, which the
   * cells above borrowed. */
  for (guint i = 0; i < scan->aggs->len; i++)
    {
      const Agg *agg = &g_array_index (scan->aggs, Agg, i);
      Number number;

      if (agg->kind != AGG_SUM)
        continue;
      bs_alert_scan_read_number (&number, &cells[agg->column], stmt, agg->column);
      bs_alert_scan_sum_add (&group->parts[i].sum, &number);
    }
}

static gboolean
step_rows (const Scan   *scan,
           sqlite3_stmt *stmt,
           GHashTable   *groups,
           GPtrArray    *order)
{
  guint n_keys = scan->keys->len;
  guint n_values = n_keys + scan->measures->len;
  g_autofree Cell *cells = g_new0 (Cell, MAX (n_values, 1));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Group probe = { cells, n_keys, 0, 0, 0, NULL };

      if (order->len > MAX_GROUPS)
        return FALSE;
      Group *group;

      for (guint c = 0; c < n_values; c++)
        bs_alert_scan_cell_read (&cells[c], stmt, (int) c);
      if (scan->conditions->len > 0)
        probe.mask = sqlite3_column_int64 (stmt, (int) n_values);
      probe.hash = bs_alert_scan_keys_hash (cells, n_keys) * 31 + (guint) probe.mask;
      group = g_hash_table_lookup (groups, &probe);
      if (group == NULL)
        {
          group = group_new (scan, &probe);
          group->index = order->len;
          g_hash_table_add (groups, group);
          g_ptr_array_add (order, group);
        }
      accumulate (scan, cells, group, stmt);
    }
  return rc == SQLITE_DONE;
}

/* Rolling a member's series up from the groups */

typedef struct
{
  Cell     keys[BS_QUERY_MAX_SPLITS];   /* borrowed from a group */
  guint    n_keys;
  guint    hash;
  guint    id;
  Partial  part;
  gboolean any;
} Series;

static guint
series_hash (gconstpointer data)
{
  return ((const Series *) data)->hash;
}

static gboolean
series_equal (gconstpointer a,
              gconstpointer b)
{
  const Series *x = a;
  const Series *y = b;

  return bs_alert_scan_keys_equal (x->keys, y->keys, x->n_keys);
}

static int
series_order (gconstpointer a,
              gconstpointer b)
{
  const Series *x = *(Series * const *) a;
  const Series *y = *(Series * const *) b;

  for (guint i = 0; i < x->n_keys; i++)
    {
      int order = bs_alert_scan_cell_compare (&x->keys[i], &y->keys[i]);

      if (order != 0)
        return order;
    }
  return 0;
}

static void
series_merge (Series        *series,
              AggKind        kind,
              const Partial *part)
{
  switch (kind)
    {
    case AGG_ROWS:
    case AGG_COUNT:
      series->part.count += part->count;
      break;
    case AGG_SUM:
      bs_alert_scan_sum_merge (&series->part.sum, &part->sum);
      break;
    case AGG_MIN:
    case AGG_MAX:
    default:
      /* Borrowed, like the keys: the groups outlive the series. */
      if (part->best.type != SQLITE_NULL
          && (series->part.best.type == SQLITE_NULL
              || (kind == AGG_MAX ? bs_alert_scan_cell_compare (&series->part.best, &part->best) < 0
                                  : bs_alert_scan_cell_compare (&series->part.best, &part->best) > 0)))
        series->part.best = part->best;
      break;
    }
  series->any = TRUE;
}

/* The value of a series as the query's aggregate gives it; FALSE on an integer overflow,
 * which only the query itself reports as SQLite does. */
static gboolean
series_value (const Member *member,
              const Series *series,
              Cell         *value)
{
  const Sum *sum = &series->part.sum;

  memset (value, 0, sizeof *value);
  value->type = SQLITE_NULL;
  switch (member->kind)
    {
    case AGG_ROWS:
    case AGG_COUNT:
      value->type = SQLITE_INTEGER;
      value->i = series->part.count;
      return TRUE;
    case AGG_SUM:
      if (sum->cnt == 0)
        return TRUE;
      if (member->average)
        {
          value->type = SQLITE_FLOAT;
          value->d = sum->rsum / (double) sum->cnt;
          return TRUE;
        }
      if (sum->overflow)
        return FALSE;
      value->type = sum->approx ? SQLITE_FLOAT : SQLITE_INTEGER;
      value->d = sum->rsum;
      value->i = sum->isum;
      return TRUE;
    case AGG_MIN:
    case AGG_MAX:
    default:
      *value = series->part.best;
      return TRUE;
    }
}

static JsonNode *
member_frame (const Member *member,
              GPtrArray    *rows,
              const char   *sql,
              double        elapsed_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i <= member->n_splits; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, i < member->n_splits ? member->split_names[i]
                                                                   : "value");
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, i < member->n_splits ? member->split_types[i]
                                                                   : member->value_type);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < rows->len; r++)
    {
      const Series *series = g_ptr_array_index (rows, r);
      Cell value;

      if (!series_value (member, series, &value))
        return NULL;
      json_builder_begin_array (builder);
      for (guint i = 0; i < member->n_splits; i++)
        bs_alert_scan_cell_to_json (builder, &series->keys[i], member->split_types[i]);
      bs_alert_scan_cell_to_json (builder, &value, member->value_type);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, sql);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, "sql");
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, elapsed_ms);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The groups of one mask: a member looks only at the masks that have its bits. */
typedef struct
{
  gint64     mask;
  GPtrArray *groups;
} MaskGroups;

static void
mask_groups_clear (gpointer data)
{
  g_ptr_array_unref (((MaskGroups *) data)->groups);
}

static GArray *
index_masks (GPtrArray *order)
{
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           NULL);
  GArray *masks = g_array_new (FALSE, FALSE, sizeof (MaskGroups));

  g_array_set_clear_func (masks, mask_groups_clear);
  for (guint i = 0; i < order->len; i++)
    {
      Group *group = g_ptr_array_index (order, i);
      gpointer position;

      if (!g_hash_table_lookup_extended (positions, &group->mask, NULL, &position))
        {
          MaskGroups same = { group->mask, g_ptr_array_new () };

          g_array_append_val (masks, same);
          position = GUINT_TO_POINTER (masks->len);
          g_hash_table_insert (positions, g_memdup2 (&group->mask, sizeof group->mask),
                               position);
        }
      g_ptr_array_add (g_array_index (masks, MaskGroups, GPOINTER_TO_UINT (position) - 1).groups,
                       group);
    }
  return masks;
}

/* The series of one choice of splits, worked out once for all the members that split
 * that way: the series of each group, and the series in key order. */
typedef struct
{
  guint     *ids;       /* by Group.index */
  GPtrArray *series;    /* Series*, keys borrowed from the groups */
  guint     *sorted;    /* series ids in the order of their keys */
} Projection;

static void
projection_free (Projection *projection)
{
  g_free (projection->ids);
  g_ptr_array_unref (projection->series);
  g_free (projection->sorted);
  g_free (projection);
}

static Projection *
projection_new (const Member *member,
                GPtrArray    *order)
{
  g_autoptr(GHashTable) index = g_hash_table_new (series_hash, series_equal);
  g_autoptr(GPtrArray) sorted = NULL;
  Projection *projection = g_new0 (Projection, 1);

  projection->ids = g_new0 (guint, MAX (order->len, 1));
  projection->series = g_ptr_array_new_with_free_func (g_free);
  for (guint g = 0; g < order->len; g++)
    {
      const Group *group = g_ptr_array_index (order, g);
      Series probe = { .n_keys = member->n_splits };
      Series *series;

      for (guint i = 0; i < member->n_splits; i++)
        probe.keys[i] = group->keys[member->split_keys[i]];
      probe.hash = bs_alert_scan_keys_hash (probe.keys, probe.n_keys);
      series = g_hash_table_lookup (index, &probe);
      if (series == NULL)
        {
          probe.id = projection->series->len;
          series = g_memdup2 (&probe, sizeof probe);
          g_hash_table_add (index, series);
          g_ptr_array_add (projection->series, series);
        }
      projection->ids[g] = series->id;
    }

  sorted = g_ptr_array_copy (projection->series, NULL, NULL);
  /* The copy would free the series with the original's function. */
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, series_order);
  projection->sorted = g_new0 (guint, MAX (sorted->len, 1));
  for (guint i = 0; i < sorted->len; i++)
    projection->sorted[i] = ((Series *) g_ptr_array_index (sorted, i))->id;
  return projection;
}

static Projection *
get_projection (GHashTable   *projections,
                const Member *member,
                GPtrArray    *order)
{
  g_autofree char *key = g_strdup_printf ("%u:%u:%u", member->n_splits, member->split_keys[0],
                                          member->split_keys[1]);
  Projection *projection = g_hash_table_lookup (projections, key);

  if (projection == NULL)
    {
      projection = projection_new (member, order);
      g_hash_table_insert (projections, g_steal_pointer (&key), projection);
    }
  return projection;
}

/* A member's series from the groups: NULL when it must run its own query instead. */
static JsonNode *
roll_up (const Scan   *scan,
         const Member *member,
         GArray       *masks,
         Projection   *projection,
         const char   *sql,
         double        elapsed_ms)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree Series *series = g_new0 (Series, MAX (projection->series->len, 1));
  AggKind kind = g_array_index (scan->aggs, Agg, member->agg).kind;
  Series empty = { 0 };

  for (guint i = 0; i < projection->series->len; i++)
    {
      series[i] = *(Series *) g_ptr_array_index (projection->series, i);
      if (kind == AGG_MIN || kind == AGG_MAX)
        series[i].part.best.type = SQLITE_NULL;
    }

  for (guint m = 0; m < masks->len; m++)
    {
      const MaskGroups *same = &g_array_index (masks, MaskGroups, m);

      /* Only rows in the member's window that passed its filters make a series, as in
       * its own query. */
      if ((same->mask & member->required) != member->required)
        continue;
      for (guint g = 0; g < same->groups->len; g++)
        {
          const Group *group = g_ptr_array_index (same->groups, g);

          series_merge (&series[projection->ids[group->index]], kind,
                        &group->parts[member->agg]);
        }
    }

  for (guint i = 0; i < projection->series->len; i++)
    if (series[projection->sorted[i]].any)
      g_ptr_array_add (rows, &series[projection->sorted[i]]);
  /* Without a split, SQL answers one row even when no row passed. */
  if (member->n_splits == 0 && rows->len == 0)
    {
      if (kind == AGG_MIN || kind == AGG_MAX)
        empty.part.best.type = SQLITE_NULL;
      g_ptr_array_add (rows, &empty);
    }
  return member_frame (member, rows, sql, elapsed_ms);
}


/* Kept rows */

/* The statement's rows as the cache keeps them: read without windows (their bits are
 * worked out from each row's time), with only the bits of the sets of filters. */
static const BsScanRows *
update_kept_rows (BsAlertSharedScan *self,
                  Scan              *scan,
                  GCancellable      *cancellable)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) columns = g_string_new (NULL);
  BsScanShape shape = { 0 };

  g_string_append_printf (key, "%s\n%s\n", scan->table, scan->time_column);
  for (guint i = 0; i < scan->keys->len; i++)
    {
      g_string_append_printf (key, "%s\x1f", (char *) g_ptr_array_index (scan->keys, i));
      g_string_append_printf (columns, "%s, ", (char *) g_ptr_array_index (scan->keys, i));
    }
  g_string_append_c (key, '\n');
  for (guint i = 0; i < scan->measures->len; i++)
    {
      g_string_append_printf (key, "%s\x1f", (char *) g_ptr_array_index (scan->measures, i));
      g_string_append_printf (columns, "%s, ", (char *) g_ptr_array_index (scan->measures, i));
    }
  for (guint i = 0; i < scan->filter_conditions->len; i++)
    {
      g_string_append_printf (key, "\n%s", (char *) g_ptr_array_index (scan->filter_canonicals, i));
      g_string_append_printf (columns, "%s(CASE WHEN %s THEN %" G_GINT64_FORMAT " ELSE 0 END)",
                              i > 0 ? " | " : "",
                              (char *) g_ptr_array_index (scan->filter_conditions, i),
                              G_GINT64_CONSTANT (1) << i);
    }
  if (scan->filter_conditions->len == 0)
    g_string_append (columns, "0");

  shape.key = key->str;
  shape.table_name = scan->table_name;
  shape.table = scan->table;
  shape.time_column = scan->time_column;
  shape.columns = columns->str;
  shape.params = scan->filter_params;
  shape.n_keys = scan->keys->len;
  shape.n_measures = scan->measures->len;
  shape.from = scan->from;
  return bs_alert_scan_cache_update (self->cache, &shape, cancellable);
}

/* A window's start as a time key, and the bits of every window that starts at or before
 * it: the windows all end at "now", so a row is in each window that starts by its time. */
typedef struct
{
  gint64 key;
  gint64 bits;
} WindowStart;

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  const WindowStart *x = a;
  const WindowStart *y = b;

  return x->key < y->key ? -1 : x->key > y->key;
}

static GArray *
window_starts (const Scan       *scan,
               const BsScanRows *rows)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (WindowStart));

  for (guint i = 0; i < scan->windows->len; i++)
    {
      const Window *window = &g_array_index (scan->windows, Window, i);
      WindowStart start = { 0, window->bit };

      if (!bs_alert_scan_rows_time_key (rows, window->from, &start.key))
        return NULL;
      g_array_append_val (starts, start);
    }
  g_array_sort (starts, compare_starts);
  for (guint i = 1; i < starts->len; i++)
    g_array_index (starts, WindowStart, i).bits |= g_array_index (starts, WindowStart, i - 1).bits;
  return g_steal_pointer (&starts);
}

/* The bits of this statement's sets of filters that each kept key passed. */
static gint64 *
key_masks (const Scan       *scan,
           const BsScanRows *rows)
{
  gint64 *masks = g_new0 (gint64, MAX (rows->keys->len, 1));

  for (guint k = 0; k < rows->keys->len; k++)
    {
      const BsScanKey *key = g_ptr_array_index (rows->keys, k);

      for (guint j = 0; j < scan->filter_bits->len; j++)
        if (key->filters & (G_GINT64_CONSTANT (1) << j))
          masks[k] |= g_array_index (scan->filter_bits, gint64, j);
    }
  return masks;
}

/* The window a row of time @key falls in last (an index in @starts), or -1. */
static int
find_start (const GArray *starts,
            gint64        key,
            gint64        to)
{
  int i;

  if (key >= to)
    return -1;
  for (i = (int) starts->len - 1; i >= 0; i--)
    if (g_array_index (starts, WindowStart, i).key <= key)
      break;
  return i;
}

#define NO_GROUP G_MAXUINT32

/* Groups the kept rows as run_scan () groups the rows of the statement; @row_groups gets
 * each row's group (NO_GROUP outside every window). FALSE when the bounds have no time
 * key or the groups are too many. */
static gboolean
group_kept_rows (const Scan       *scan,
                 const BsScanRows *rows,
                 GPtrArray        *order,
                 GArray           *row_groups)
{
  g_autoptr(GArray) starts = window_starts (scan, rows);
  g_autofree gint64 *masks = NULL;
  g_autofree Group **slots = NULL;
  g_autofree Cell *cells = g_new0 (Cell, scan->keys->len + scan->measures->len + 1);
  guint n_keys = scan->keys->len;
  gint64 to;

  if (starts == NULL || starts->len == 0 || !bs_alert_scan_rows_time_key (rows, scan->to, &to))
    return FALSE;
  masks = key_masks (scan, rows);
  slots = g_new0 (Group *, MAX (rows->keys->len * starts->len, 1));
  g_array_set_size (row_groups, rows->n_rows);
  for (guint r = 0; r < rows->n_rows; r++)
    {
      guint32 id = rows->key_ids[r];
      int start = find_start (starts, rows->times[r], to);
      Group **slot = &slots[id * starts->len + (guint) MAX (start, 0)];

      g_array_index (row_groups, guint32, r) = NO_GROUP;
      if (start < 0)
        continue;
      if (*slot == NULL)
        {
          const BsScanKey *key = g_ptr_array_index (rows->keys, id);
          Group probe = { key->keys, n_keys,
                          masks[id] | g_array_index (starts, WindowStart, start).bits, 0, 0,
                          NULL };

          if (order->len >= MAX_GROUPS)
            return FALSE;
          *slot = group_new (scan, &probe);
          (*slot)->index = order->len;
          g_ptr_array_add (order, *slot);
        }
      for (guint m = 0; m < rows->n_measures; m++)
        bs_alert_scan_rows_value (rows, r, m, &cells[n_keys + m]);
      /* Kept values are numbers or NULL: no statement is needed to read them as sum () does. */
      accumulate (scan, cells, *slot, NULL);
      g_array_index (row_groups, guint32, r) = (*slot)->index;
    }
  return TRUE;
}

/* The kept rows of each group, for the medians: a member reads the rows of the groups
 * that have its bits only. */
typedef struct
{
  guint   *offsets;   /* by Group.index, and one past the last */
  guint32 *rows;
} GroupRows;

static void
group_rows_clear (GroupRows *group_rows)
{
  g_clear_pointer (&group_rows->offsets, g_free);
  g_clear_pointer (&group_rows->rows, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GroupRows, group_rows_clear)

/* A counting sort of the rows by their group. */
static void
group_rows_init (GroupRows *group_rows,
                 GArray    *row_groups,
                 guint      n_groups)
{
  g_autofree guint *next = g_new0 (guint, n_groups + 1);
  guint total = 0;

  group_rows->offsets = g_new0 (guint, n_groups + 1);
  for (guint r = 0; r < row_groups->len; r++)
    {
      guint32 g = g_array_index (row_groups, guint32, r);

      if (g != NO_GROUP)
        group_rows->offsets[g + 1]++;
    }
  for (guint g = 0; g < n_groups; g++)
    {
      group_rows->offsets[g + 1] += group_rows->offsets[g];
      next[g] = group_rows->offsets[g];
    }
  total = group_rows->offsets[n_groups];
  group_rows->rows = g_new (guint32, MAX (total, 1));
  for (guint r = 0; r < row_groups->len; r++)
    {
      guint32 g = g_array_index (row_groups, guint32, r);

      if (g != NO_GROUP)
        group_rows->rows[next[g]++] = r;
    }
}

/* Moves the @k-th smallest of @values to @values[k], the smaller ones before it: the
 * middle of hundreds of thousands of values without sorting them all. */
static void
select_nth (double *values,
            guint   n,
            guint   k)
{
  guint left = 0;
  guint right = n - 1;

  while (left < right)
    {
      double pivot = values[left + (right - left) / 2];
      guint i = left;
      guint j = right;

      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              double swap = values[i];

              values[i++] = values[j];
              values[j] = swap;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        right = j;
      else if (k >= i)
        left = i;
      else
        return;
    }
}

/* The middle value or two of @values (reordered), added up as avg () would. */
static void
add_middle (GArray *values,
            Sum    *sum)
{
  double *v = (double *) (gpointer) values->data;
  guint upper = values->len / 2;
  Number lower_value = { SQLITE_FLOAT, 0, 0 };
  Number upper_value = { SQLITE_FLOAT, 0, 0 };

  select_nth (v, values->len, upper);
  upper_value.d = v[upper];
  if (values->len % 2 == 0)
    {
      lower_value.d = v[0];
      for (guint i = 1; i < upper; i++)
        lower_value.d = MAX (lower_value.d, v[i]);
      bs_alert_scan_sum_add (sum, &lower_value);
    }
  bs_alert_scan_sum_add (sum, &upper_value);
}

typedef void (*MemberRowFunc) (guint     series,
                               guint     row,
                               gpointer  user_data);

/* Calls @func for each kept row in the member's window that passed its filters. */
static void
foreach_member_row (const Member    *member,
                    const GroupRows *group_rows,
                    GArray          *masks,
                    Projection      *projection,
                    MemberRowFunc    func,
                    gpointer         user_data)
{
  for (guint m = 0; m < masks->len; m++)
    {
      const MaskGroups *same = &g_array_index (masks, MaskGroups, m);

      if ((same->mask & member->required) != member->required)
        continue;
      for (guint g = 0; g < same->groups->len; g++)
        {
          guint index = ((const Group *) g_ptr_array_index (same->groups, g))->index;

          for (guint i = group_rows->offsets[index]; i < group_rows->offsets[index + 1]; i++)
            func (projection->ids[index], group_rows->rows[i], user_data);
        }
    }
}

/* The series of @projection, for a member to fill. */
static Series *
new_series (Projection *projection)
{
  Series *series = g_new0 (Series, MAX (projection->series->len, 1));

  for (guint i = 0; i < projection->series->len; i++)
    series[i] = *(Series *) g_ptr_array_index (projection->series, i);
  return series;
}

/* The rows of the series that have a value, in key order, as a member's frame. */
static JsonNode *
series_frame (const Member *member,
              Projection   *projection,
              Series       *series,
              const char   *sql,
              double        elapsed_ms)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  Series empty = { 0 };

  for (guint i = 0; i < projection->series->len; i++)
    if (series[projection->sorted[i]].any)
      g_ptr_array_add (rows, &series[projection->sorted[i]]);
  /* Without a split, SQL answers one row even when no row passed. */
  if (member->n_splits == 0 && rows->len == 0)
    {
      if (member->kind == AGG_MAX)
        empty.part.best.type = SQLITE_NULL;
      g_ptr_array_add (rows, &empty);
    }
  return member_frame (member, rows, sql, elapsed_ms);
}

typedef struct
{
  const BsScanRows *rows;
  int               measure;
  GPtrArray        *values;    /* GArray of double, by series */
} MedianRows;

static void
add_median_value (guint    series,
                  guint    row,
                  gpointer user_data)
{
  MedianRows *median = user_data;
  Cell cell;

  bs_alert_scan_rows_value (median->rows, row, (guint) median->measure, &cell);
  if (cell.type != SQLITE_NULL)
    g_array_append_val (g_ptr_array_index (median->values, series), cell.d);
}

/* A median member's series from the kept rows: the average of the middle value or two of
 * each series' values in order, as render_median () in bs-query-sql.c. */
static JsonNode *
median_frame (const Member      *member,
              const BsScanRows  *rows,
              const GroupRows   *group_rows,
              GArray            *masks,
              Projection        *projection,
              const char        *sql,
              double             elapsed_ms)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree Series *series = new_series (projection);
  MedianRows median = { rows, member->measure, values };

  for (guint i = 0; i < projection->series->len; i++)
    g_ptr_array_add (values, g_array_new (FALSE, FALSE, sizeof (double)));
  foreach_member_row (member, group_rows, masks, projection, add_median_value, &median);
  for (guint i = 0; i < projection->series->len; i++)
    {
      GArray *series_values = g_ptr_array_index (values, i);

      if (series_values->len == 0)
        continue;
      add_middle (series_values, &series[i].part.sum);
      series[i].any = TRUE;
    }
  return series_frame (member, projection, series, sql, elapsed_ms);
}

typedef struct
{
  const BsScanRows *rows;
  int               measure;
  Series           *series;
  gint64           *times;     /* of the row kept in each series */
  guint            *at;
} LastRows;

/* Keeps the newest row with a value; of rows at the same time, the one read later, which
 * for a table's rows is the one added later (see render_last_general ()). */
static void
offer_last_value (guint    series,
                  guint    row,
                  gpointer user_data)
{
  LastRows *last = user_data;
  gint64 time = last->rows->times[row];
  Series *one = &last->series[series];
  Cell cell;

  if (one->any && (time < last->times[series]
                   || (time == last->times[series] && row < last->at[series])))
    return;
  bs_alert_scan_rows_value (last->rows, row, (guint) last->measure, &cell);
  if (cell.type == SQLITE_NULL)
    return;
  one->part.best = cell;
  one->any = TRUE;
  last->times[series] = time;
  last->at[series] = row;
}

/* A last value's series from the kept rows; NULL when their order does not tell which
 * row SQLite would take (a view, or times the keys cannot order among themselves). */
static JsonNode *
last_frame (const Member      *member,
            const BsScanRows  *rows,
            const GroupRows   *group_rows,
            GArray            *masks,
            Projection        *projection,
            const char        *sql,
            double             elapsed_ms)
{
  guint n_series = MAX (projection->series->len, 1);
  g_autofree Series *series = new_series (projection);
  g_autofree gint64 *times = g_new0 (gint64, n_series);
  g_autofree guint *at = g_new0 (guint, n_series);
  LastRows last = { rows, member->measure, series, times, at };

  if (!rows->in_rowid_order || !rows->times_ordered)
    return NULL;
  foreach_member_row (member, group_rows, masks, projection, offer_last_value, &last);
  return series_frame (member, projection, series, sql, elapsed_ms);
}

/* Runs one shared statement and hands each member its frame; a member that cannot take
 * it from there goes to @own. With a cache, the statement's rows are the kept ones. */
static void
run_scan (BsAlertSharedScan *self,
          Scan              *scan,
          GCancellable      *cancellable)
{
  g_autofree char *sql = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new (group_hash, group_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GArray) masks = NULL;
  g_autoptr(GHashTable) projections = NULL;
  g_autoptr(GArray) row_groups = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_auto(GroupRows) group_rows = { NULL, NULL };
  g_autofree char *failure = NULL;
  gint64 started = g_get_monotonic_time ();
  const BsScanRows *kept = NULL;
  sqlite3_stmt *stmt = NULL;
  double elapsed_ms;

  finish_scan (scan);
  sql = scan_sql (scan);
  self->n_statements++;
  if (self->cache != NULL && scan->time_column != NULL
      && (kept = update_kept_rows (self, scan, cancellable)) != NULL
      && !group_kept_rows (scan, kept, order, row_groups))
    {
      g_ptr_array_foreach (order, group_free, scan);
      g_ptr_array_set_size (order, 0);
      kept = NULL;
    }
  if (kept != NULL)
    ;
  else if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    failure = g_strdup (sqlite3_errmsg (self->db));
  else
    {
      bs_alert_scan_bind_params (stmt, scan->params);
      if (!step_rows (scan, stmt, groups, order))
        failure = g_strdup (order->len > MAX_GROUPS ? "too many groups"
                                                    : sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);
  if (failure != NULL && !g_cancellable_is_cancelled (cancellable))
    g_debug ("A shared statement failed (%s); its %u queries run on their own", failure,
             scan->members->len);

  elapsed_ms = (g_get_monotonic_time () - started) / 1000.0;
  masks = index_masks (order);
  projections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) projection_free);
  for (guint i = 0; i < scan->members->len; i++)
    {
      const Member *member = &g_array_index (scan->members, Member, i);
      Entry *entry = &g_array_index (self->entries, Entry, member->entry);

      entry->elapsed_ms = elapsed_ms;
      if (entry->context || g_cancellable_is_cancelled (cancellable))
        continue;
      if (failure == NULL && (member->median || member->last) && kept != NULL
          && group_rows.offsets == NULL)
        group_rows_init (&group_rows, row_groups, order->len);
      if (failure != NULL || ((member->median || member->last) && kept == NULL))
        ;
      else if (member->median)
        entry->frame = median_frame (member, kept, &group_rows, masks,
                                     get_projection (projections, member, order), sql,
                                     elapsed_ms);
      else if (member->last)
        entry->frame = last_frame (member, kept, &group_rows, masks,
                                   get_projection (projections, member, order), sql, elapsed_ms);
      else
        entry->frame = roll_up (scan, member, masks, get_projection (projections, member, order),
                                sql, elapsed_ms);
      /* A failed statement (a view whose table is gone…) and an integer overflow are
       * reported by each query's own statement, in its own words; a median or a last
       * value without kept rows runs its own query. */
      if (entry->frame == NULL)
        {
          entry->shared = FALSE;
          g_ptr_array_add (self->own, GUINT_TO_POINTER (member->entry));
        }
    }
  g_debug ("%u queries shared %u groups of %u masks read in %.0f ms, rolled up in %.0f ms",
           scan->members->len, order->len, masks->len, elapsed_ms,
           (g_get_monotonic_time () - started) / 1000.0 - elapsed_ms);
  g_ptr_array_foreach (order, group_free, scan);
}

/* Setting up */

static int
progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* The cache keeps its connection open between runs, to learn what changed. */
static void
close_database (BsAlertSharedScan *self)
{
  if (self->cache != NULL && self->spec->path != NULL)
    {
      bs_alert_scan_cache_end_run (self->cache);
      self->db = NULL;
    }
  else
    g_clear_pointer (&self->db, sqlite3_close);
}

static gboolean
open_database (BsAlertSharedScan  *self,
               GCancellable       *cancellable)
{
  sqlite3_stmt *stmt = NULL;

  if (self->spec->path == NULL)
    return FALSE;
  if (self->cache != NULL)
    {
      if ((self->db = bs_alert_scan_cache_begin_run (self->cache, self->spec->path)) == NULL)
        return FALSE;
    }
  /* One thread uses the connection: no need for SQLite to lock it on every call. */
  else if (sqlite3_open_v2 (self->spec->path, &self->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      close_database (self);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, CANCEL_CHECK_STEPS, progress_cb, cancellable);

  /* Opening is lazy: reading the schema is what shows a missing or foreign file. */
  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view')"
                          " AND sql LIKE '%collate%' LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      close_database (self);
      return FALSE;
    }
  self->any_collation = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return TRUE;
}

/* As the runner does for a database the engine owns: an index on the time column lets
 * each window be read by seeking to it. Only an optimisation: failures are logged. */
static void
ensure_time_index (const BsSourceSpec *spec,
                   const BsQuery      *query)
{
  g_autofree char *key = g_strjoin ("\n", spec->path, query->table, query->time_column, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  G_LOCK (indexed);
  if (indexed == NULL)
    indexed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_contains (indexed, key))
    {
      if (sqlite3_open_v2 (spec->path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
        {
          sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
          if (bs_query_sql_ensure_time_index (db, query->table, query->time_column, &error))
            g_hash_table_add (indexed, g_steal_pointer (&key));
        }
      else
        g_set_error (&error, BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE, "%s",
                     db != NULL ? sqlite3_errmsg (db) : "out of memory");
    }
  G_UNLOCK (indexed);
  sqlite3_close (db);
  if (error != NULL)
    g_warning ("Could not index %s.%s in %s: %s", query->table, query->time_column,
               spec->path, error->message);
}

static void
run_own (BsAlertSharedScan *self,
         guint              index,
         GCancellable      *cancellable)
{
  Entry *entry = &g_array_index (self->entries, Entry, index);
  gint64 started = g_get_monotonic_time ();

  g_clear_error (&entry->error);
  entry->shared = FALSE;
  self->n_statements++;
  entry->frame = bs_source_runner_run_query (self->spec, entry->query, self->tz, self->now, 0,
                                             cancellable, &entry->error);
  entry->elapsed_ms = (g_get_monotonic_time () - started) / 1000.0;
}

static gboolean
is_sql_kind (const BsSourceSpec *spec)
{
  return g_strcmp0 (spec->kind, "sqlite") == 0 || g_strcmp0 (spec->kind, "csv") == 0;
}

static void
ensure_time_indexes (BsAlertSharedScan *self)
{
  for (guint i = 0; self->spec->owned && i < self->entries->len; i++)
    {
      const BsQuery *query = g_array_index (self->entries, Entry, i).query;

      if (query->time_column != NULL && can_share (self, query))
        ensure_time_index (self->spec, query);
    }
}

static void
plan_all (BsAlertSharedScan *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    if ((self->db == NULL || !plan_query (self, i))
        && !g_array_index (self->entries, Entry, i).context)
      g_ptr_array_add (self->own, GUINT_TO_POINTER (i));
}

/* Public */

BsAlertSharedScan *
bs_alert_shared_scan_new (const BsSourceSpec *spec,
                          GTimeZone          *tz,
                          GDateTime          *now)
{
  BsAlertSharedScan *self;
  BsSourceSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  copy = bs_source_spec_new (spec->id, spec->name, spec->kind);
  copy->path = g_strdup (spec->path);
  copy->table = g_strdup (spec->table);
  copy->url = g_strdup (spec->url);
  copy->datasource_uid = g_strdup (spec->datasource_uid);
  copy->datasource_type = g_strdup (spec->datasource_type);
  copy->token = g_strdup (spec->token);
  copy->owned = spec->owned;

  self = g_new0 (BsAlertSharedScan, 1);
  self->spec = copy;
  self->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_utc ();
  self->now = g_date_time_ref (now);
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  return self;
}

void
bs_alert_shared_scan_free (BsAlertSharedScan *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      bs_query_free (entry->query);
      g_clear_pointer (&entry->frame, json_node_unref);
      g_clear_error (&entry->error);
    }
  g_array_unref (self->entries);
  g_clear_pointer (&self->cache, bs_alert_scan_cache_unref);
  bs_source_spec_free (self->spec);
  g_time_zone_unref (self->tz);
  g_date_time_unref (self->now);
  g_free (self);
}

void
bs_alert_shared_scan_set_cache (BsAlertSharedScan *self,
                                BsAlertScanCache  *cache)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->cache, bs_alert_scan_cache_unref);
  self->cache = cache != NULL ? bs_alert_scan_cache_ref (cache) : NULL;
}

guint
bs_alert_shared_scan_add (BsAlertSharedScan *self,
                          const BsQuery     *query)
{
  Entry entry = { 0 };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (query != NULL, 0);

  entry.query = bs_query_copy (query);
  g_array_append_val (self->entries, entry);
  return self->entries->len - 1;
}

void
bs_alert_shared_scan_add_context (BsAlertSharedScan *self,
                                  const BsQuery     *query)
{
  guint index;

  g_return_if_fail (self != NULL);
  g_return_if_fail (query != NULL);

  /* Added first: adding may move the entries. */
  index = bs_alert_shared_scan_add (self, query);
  g_array_index (self->entries, Entry, index).context = TRUE;
}

gboolean
bs_alert_shared_scan_run (BsAlertSharedScan  *self,
                          GCancellable       *cancellable,
                          GError            **error)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->own = g_ptr_array_new ();
  if (is_sql_kind (self->spec))
    {
      self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) column_free);
      self->scans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) scan_free);
      ensure_time_indexes (self);
      /* A file that cannot be opened: each query says so itself, through the runner. */
      open_database (self, cancellable);
      plan_all (self);
      g_hash_table_iter_init (&iter, self->scans);
      while (g_hash_table_iter_next (&iter, NULL, &value)
             && !g_cancellable_is_cancelled (cancellable))
        run_scan (self, value, cancellable);
      g_clear_pointer (&self->scans, g_hash_table_unref);
      g_clear_pointer (&self->columns, g_hash_table_unref);
      close_database (self);
    }
  else
    for (guint i = 0; i < self->entries->len; i++)
      g_ptr_array_add (self->own, GUINT_TO_POINTER (i));

  for (guint i = 0; i < self->own->len && !g_cancellable_is_cancelled (cancellable); i++)
    run_own (self, GPOINTER_TO_UINT (g_ptr_array_index (self->own, i)), cancellable);
  g_clear_pointer (&self->own, g_ptr_array_unref);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

JsonNode *
bs_alert_shared_scan_get_frame (BsAlertSharedScan  *self,
                                guint               index,
                                GError            **error)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  entry = &g_array_index (self->entries, Entry, index);
  if (entry->frame != NULL)
    return json_node_ref (entry->frame);
  if (entry->error != NULL)
    g_propagate_error (error, g_error_copy (entry->error));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The evaluation was stopped before this query ran"));
  return NULL;
}

double
bs_alert_shared_scan_get_elapsed_ms (BsAlertSharedScan *self,
                                     guint              index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->entries->len, 0);

  return g_array_index (self->entries, Entry, index).elapsed_ms;
}

gboolean
bs_alert_shared_scan_is_shared (BsAlertSharedScan *self,
                                guint              index)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index < self->entries->len, FALSE);

  return g_array_index (self->entries, Entry, index).shared;
}

guint
bs_alert_shared_scan_get_n_statements (BsAlertSharedScan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_statements;
}
