/* bs-alert-shared-scan-private.h — the values a shared scan reads and adds up as SQLite
 * does, and the SQL it writes as bs-query-sql.c does. */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "bs-query-sql-private.h"

G_BEGIN_DECLS

/* A value as SQLite gave it: its storage class and, for text and blobs, its bytes. */
typedef struct
{
  int     type;       /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
  gint64  i;
  double  d;
  char   *bytes;
  int     len;
} Cell;

/* The state of SQLite's sum () and avg () (SumCtx in its func.c), so that partial sums add
 * up to what one sum () over all the rows gives: an exact integer sum until a non-integer
 * comes or the integer sum overflows, a double sum beside it for the rest. */
typedef struct
{
  double    rsum;
  gint64    isum;
  gint64    cnt;
  gboolean  approx;
  gboolean  overflow;
} Sum;

/* A measure as sum () reads it. */
typedef struct
{
  int     type;
  gint64  i;
  double  d;
} Number;

void      bs_alert_scan_cell_clear      (Cell               *cell);
void      bs_alert_scan_cell_copy       (Cell               *to,
                                         const Cell         *from);
/* Borrows the statement's bytes: valid until the next step. */
void      bs_alert_scan_cell_read       (Cell               *cell,
                                         sqlite3_stmt       *stmt,
                                         int                 column);
/* SQLite's order of values under the BINARY collation. */
int       bs_alert_scan_cell_compare    (const Cell         *a,
                                         const Cell         *b);
guint     bs_alert_scan_cell_hash       (const Cell         *cell);
guint     bs_alert_scan_keys_hash       (const Cell         *keys,
                                         guint               n_keys);
gboolean  bs_alert_scan_keys_equal      (const Cell         *a,
                                         const Cell         *b,
                                         guint               n_keys);
/* A cell of a frame, as bs_query_sql_run_frame () writes it. */
void      bs_alert_scan_cell_to_json    (JsonBuilder        *builder,
                                         const Cell         *cell,
                                         const char         *type);

void      bs_alert_scan_read_number     (Number             *number,
                                         const Cell         *cell,
                                         sqlite3_stmt       *stmt,
                                         int                 column);
void      bs_alert_scan_sum_add         (Sum                *sum,
                                         const Number       *number);
void      bs_alert_scan_sum_merge       (Sum                *into,
                                         const Sum          *from);
/* Binds @params (GVariant: int64, double or string) to ?1, ?2… */
void      bs_alert_scan_bind_params     (sqlite3_stmt       *stmt,
                                         GPtrArray          *params);
/* What min () (@maximum FALSE) or max () keeps of @best and @value. */
void      bs_alert_scan_best_offer      (Cell               *best,
                                         const Cell         *value,
                                         gboolean            maximum);

/* What a shared statement reads, for the cache to keep between cycles. */
typedef struct
{
  const char *key;          /* what identifies the statement: table, columns, filters */
  const char *table_name;   /* as the schema spells it */
  const char *table;        /* quoted */
  const char *time_column;  /* quoted */
  const char *columns;      /* SQL of the keys, the measures and the mask of filters */
  GPtrArray  *params;       /* GVariant: the values that @columns names as ?1… */
  guint       n_keys;
  guint       n_measures;
  GVariant   *from;         /* the start of the widest window */
} BsScanShape;

/* One distinct combination of split values and filters passed among the kept rows. */
typedef struct
{
  Cell    *keys;      /* owned */
  guint    n_keys;
  gint64   filters;   /* the mask the statement gave */
  guint    hash;
  guint32  id;        /* its position in BsScanRows.keys */
} BsScanKey;

/* The kept rows of one statement, in the order they were read: arrays of n_rows. */
typedef struct
{
  GPtrArray  *keys;       /* BsScanKey* */
  gint64     *times;      /* the time of each row, as bs_alert_scan_rows_time_key () */
  guint32    *key_ids;    /* its BsScanKey */
  gint64     *values;     /* n_measures per row (the bits of a double for SQLITE_FLOAT) */
  guint8     *types;      /* the storage class of each value */
  guint       n_rows;
  guint       capacity;
  guint       n_measures;
  gboolean    numeric_time;  /* times are numbers; otherwise text shaped like @pattern */
  char       *pattern;       /* a range bound: its digits stand for any digit */
  gboolean    times_ordered; /* the keys order the rows' times among themselves, too (no
                              * text after the shape, no fractions of a second) */
  gboolean    in_rowid_order; /* rows at the same time are in the order they were added */
} BsScanRows;

typedef struct _BsAlertScanCache BsAlertScanCache;

/* The cache's own connection to @path (kept open, to learn what changed), reopened when
 * the file was replaced; NULL when it cannot be opened. Locks the cache until end_run. */
sqlite3  *bs_alert_scan_cache_begin_run  (BsAlertScanCache  *cache,
                                          const char        *path);
/* Forgets the statements this run did not use, and unlocks. */
void      bs_alert_scan_cache_end_run    (BsAlertScanCache  *cache);
/* The rows of @shape, brought up to date; NULL when they cannot be kept (see the header)
 * or could not be read, and the statement runs in SQL as without a cache. */
const BsScanRows *bs_alert_scan_cache_update (BsAlertScanCache  *cache,
                                              const BsScanShape *shape,
                                              GCancellable      *cancellable);
/* A bound of a window as a time key of @rows; FALSE when it has no such key. */
gboolean  bs_alert_scan_rows_time_key    (const BsScanRows  *rows,
                                          GVariant          *bound,
                                          gint64            *key);
void      bs_alert_scan_rows_value       (const BsScanRows  *rows,
                                          guint              row,
                                          guint              measure,
                                          Cell              *cell);

G_END_DECLS
