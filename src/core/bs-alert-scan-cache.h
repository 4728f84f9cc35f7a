/* bs-alert-scan-cache.h — the rows a shared scan read, kept from one evaluation cycle to
 * the next, so that a cycle reads only what changed in the source instead of every row of
 * its widest window again.
 *
 * For each shared statement (a table, its time column, the split and measure columns and
 * the filters of its rules) the cache keeps, for every row of the widest window, the row's
 * time, its split values and the filters it passed (once per distinct combination) and its
 * measures. A cycle then works out which windows each row falls in from its time, in memory.
 *
 * The rows are brought up to date at the start of each cycle:
 * - the database has not changed since (SQLite's data_version): nothing is read;
 * - rows were added to a table: only the rows after the last rowid read are read;
 * - a view or a table without rowids changed: its rows are read again;
 * - every 10 minutes, and whenever the file is replaced, everything is read again, which is
 *   when a row corrected or deleted in place stops counting as it was.
 * Rows that fell out of the widest window are dropped.
 *
 * Only time columns whose values the cache can order exactly as SQLite compares them are
 * kept (text in the shape of the range bounds, with anything after it; whole numbers of
 * seconds or milliseconds), and only numeric or NULL measures; any other statement runs in
 * SQL every cycle, as without a cache.
 *
 * One cache serves one data source; it is used by one thread at a time (it locks itself
 * while a scan uses it). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BsAlertScanCache BsAlertScanCache;

BsAlertScanCache *bs_alert_scan_cache_new   (void);
BsAlertScanCache *bs_alert_scan_cache_ref   (BsAlertScanCache *self);
void              bs_alert_scan_cache_unref (BsAlertScanCache *self);

/* How many rows it keeps, over all its statements (for tests and the benchmark). */
guint             bs_alert_scan_cache_get_n_rows (BsAlertScanCache *self);
/* How many rows the last cycle read from the source. */
guint             bs_alert_scan_cache_get_n_read (BsAlertScanCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertScanCache, bs_alert_scan_cache_unref)

G_END_DECLS
