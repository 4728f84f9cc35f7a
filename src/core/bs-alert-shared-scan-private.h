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
/* What min () (@maximum FALSE) or max () keeps of @best and @value. */
void      bs_alert_scan_best_offer      (Cell               *best,
                                         const Cell         *value,
                                         gboolean            maximum);

G_END_DECLS
