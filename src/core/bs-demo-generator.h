/* bs-demo-generator.h — the demo retail dataset, generated deterministically from a seed.
 *
 * The same seed, row count and end time always give the same rows. The file it writes is a
 * standalone SQLite database (registered in the workspace as the "Demo retail" source):
 *
 *   regions(id, name)                                   4 regions: North America, Europe, APAC, LATAM
 *   stores(id, name, city, region_id, opened_on)        12 stores, 3 per region
 *   categories(id, name)
 *   products(id, sku, name, category_id, unit_price, unit_cost, reorder_level)   500 products
 *   inventory(product_id, store_id, units_on_hand, reorder_level, updated_at)    current level,
 *                                                       one row per product and store
 *   inventory_snapshots(day, product_id, store_id, units_on_hand)   end-of-day levels
 *   orders(id, placed_at, store_id, channel, status, items, total)   customer orders
 *   sales(id, order_id, sold_at, store_id, product_id, quantity, unit_price, amount)  order lines
 *   demo_info(key, value)                               seed, rows, end, generator version
 *
 * Times are UTC text "YYYY-MM-DD HH:MM:SS", days "YYYY-MM-DD", money in US dollars (REAL).
 * @rows is the number of fact rows (inventory_snapshots + orders + sales): snapshots take
 * up to half of it (whole days, most recent first, at most the 90 days), orders and their
 * lines the rest.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_DEMO_ERROR (bs_demo_error_quark ())

typedef enum
{
  BS_DEMO_ERROR_INVALID_ARGUMENT,
  BS_DEMO_ERROR_WRITE,
} BsDemoError;

#define BS_DEMO_DEFAULT_SEED  20261124u
#define BS_DEMO_DEFAULT_ROWS  750000u
#define BS_DEMO_DAYS          90
#define BS_DEMO_MIN_ROWS      1000u
#define BS_DEMO_MAX_ROWS      100000000u

typedef void (*BsDemoProgressFunc) (guint64  rows_written,
                                    guint64  rows_total,
                                    gpointer user_data);

#define BS_TYPE_DEMO_GENERATOR (bs_demo_generator_get_type ())
G_DECLARE_FINAL_TYPE (BsDemoGenerator, bs_demo_generator, BS, DEMO_GENERATOR, GObject)

GQuark           bs_demo_error_quark               (void);

/* @end: the last moment of the 90 days (NULL: now, rounded down to the minute). */
BsDemoGenerator *bs_demo_generator_new             (guint64             seed,
                                                    guint64             rows,
                                                    GDateTime          *end);
void             bs_demo_generator_set_progress_func (BsDemoGenerator   *self,
                                                    BsDemoProgressFunc  func,
                                                    gpointer            user_data,
                                                    GDestroyNotify      destroy);
/* Writes to a temporary file beside @path and renames it into place, so a crash or a full
 * disk never leaves a half-written demo behind. Runs in the calling thread. */
gboolean         bs_demo_generator_write           (BsDemoGenerator    *self,
                                                    const char         *path,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
void             bs_demo_generator_write_async     (BsDemoGenerator    *self,
                                                    const char         *path,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
gboolean         bs_demo_generator_write_finish    (BsDemoGenerator    *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
guint64          bs_demo_generator_get_rows_written (BsDemoGenerator   *self);

G_END_DECLS
