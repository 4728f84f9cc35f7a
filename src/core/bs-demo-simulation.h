/* bs-demo-simulation.h — 90 days of a retail chain, simulated (private).
 *
 * Walks the UTC days from @end - 90 days to @end. Each day gets a share of the order rows
 * in proportion to its expected traffic (store size, local hour and weekday, a mild trend
 * and day-to-day noise); orders are placed at random moments along that curve, processed
 * in time order against the stock of their store, and written with their lines. At the end
 * of each day restocks are ordered for what fell below its reorder level (they arrive
 * after the product's lead time) and, for the last @snapshot_days days, every level is
 * written to inventory_snapshots.
 */
#pragma once

#include <gio/gio.h>

#include "bs-demo-catalog.h"
#include "bs-demo-writer.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 seed;
  gint64  end;            /* seconds since the epoch, on a whole minute */
  guint   days;
  guint64 order_rows;     /* orders + sales rows to write, exactly */
  guint   snapshot_days;
} BsDemoPlan;

/* Sets the catalogue's reorder levels, writes the catalogue, the orders, their lines, the
 * snapshots and the final inventory. */
gboolean bs_demo_simulation_run (BsDemoCatalog     *catalog,
                                 const BsDemoPlan  *plan,
                                 BsDemoWriter      *writer,
                                 GError           **error);

G_END_DECLS
