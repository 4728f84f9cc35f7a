/* bs-demo-writer.h — writes the demo dataset into a fresh SQLite file (private).
 *
 * Tuned for bulk loading: one transaction, no journal, prepared statements, indexes built
 * after the rows are in. Counts the fact rows it writes, reports them through @tick at
 * least every 1% of @rows_total, and stops with G_IO_ERROR_CANCELLED when @cancellable is
 * cancelled (also while an index is being built).
 */
#pragma once

#include <gio/gio.h>

#include "bs-demo-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  BS_DEMO_STATUS_COMPLETED,
  BS_DEMO_STATUS_CANCELLED,
  BS_DEMO_STATUS_RETURNED,
} BsDemoStatus;

typedef struct
{
  guint64      id;
  gint64       placed_at;     /* seconds since the epoch, UTC */
  guint        store;         /* index into the catalogue's stores */
  gboolean     online;
  BsDemoStatus status;
  guint        n_lines;
  gint64       total_cents;
} BsDemoOrder;

typedef struct
{
  guint  product;             /* index into the catalogue's products */
  guint  quantity;
  gint64 unit_cents;
  gint64 amount_cents;
} BsDemoLine;

/* Stock per product and store, indexed product * BS_DEMO_N_STORES + store. */
typedef struct
{
  const gint32 *units;
  const gint32 *reorder_level;
  const gint64 *updated_at;
} BsDemoStock;

typedef struct _BsDemoWriter BsDemoWriter;

typedef void (*BsDemoWriterTick) (guint64  rows_written,
                                  gpointer user_data);

/* @path: the (temporary) file to write; @target_path: the name the user knows, for errors. */
BsDemoWriter *bs_demo_writer_open          (const char          *path,
                                            const char          *target_path,
                                            guint64              rows_total,
                                            GCancellable        *cancellable,
                                            BsDemoWriterTick     tick,
                                            gpointer             tick_data,
                                            GError             **error);
gboolean      bs_demo_writer_add_catalog   (BsDemoWriter        *writer,
                                            const BsDemoCatalog *catalog,
                                            GError             **error);
gboolean      bs_demo_writer_add_order     (BsDemoWriter        *writer,
                                            const BsDemoOrder   *order,
                                            const BsDemoLine    *lines,
                                            GError             **error);
/* The end-of-day level of every product in every store on @day (days since the epoch). */
gboolean      bs_demo_writer_add_snapshot  (BsDemoWriter        *writer,
                                            gint64               day,
                                            const gint32        *units,
                                            GError             **error);
gboolean      bs_demo_writer_add_inventory (BsDemoWriter        *writer,
                                            const BsDemoStock   *stock,
                                            GError             **error);
gboolean      bs_demo_writer_add_info      (BsDemoWriter        *writer,
                                            const char * const  *keys,
                                            const char * const  *values,
                                            GError             **error);
/* Builds the indexes, commits, switches the file to WAL and closes it. */
gboolean      bs_demo_writer_finish        (BsDemoWriter        *writer,
                                            GError             **error);
guint64       bs_demo_writer_get_rows      (BsDemoWriter        *writer);
/* Closes the file if bs_demo_writer_finish() was not reached; the caller removes it. */
void          bs_demo_writer_free          (BsDemoWriter        *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDemoWriter, bs_demo_writer_free)

/* Adds the views of the current demo (sales_detail, inventory_detail) to the demo at
 * @path, written by an earlier version, where they are missing. */
gboolean      bs_demo_add_views            (const char          *path,
                                            GError             **error);

G_END_DECLS
