/* bs-demo-generator.h — the demo retail dataset, generated deterministically from a seed.
 *
 * The same seed, row count and end time always give the same rows. The file it writes is a
 * standalone SQLite database (registered in the workspace as the "Demo retail" source):
 *
 *   regions(id, name)                        4 regions: North America, Europe, APAC, LATAM
 *   stores(id, name, city, region_id, opened_on, time_zone)   12 stores, 3 per region;
 *                                            time_zone is the IANA name of its local time
 *   categories(id, name)                     10 categories
 *   products(id, sku, name, category_id, unit_price, unit_cost, reorder_level)   500 products;
 *                                            reorder_level is for a store of average size
 *   inventory(product_id, store_id, units_on_hand, reorder_level, updated_at)   current
 *                                            level, one row per product and store
 *   inventory_snapshots(day, product_id, store_id, units_on_hand)   end-of-day levels
 *   orders(id, placed_at, store_id, channel, status, items, total)   customer orders
 *   sales(id, order_id, sold_at, store_id, product_id, quantity, unit_price, amount)
 *                                            order lines
 *   demo_info(key, value)                    seed, rows, end, generated_at, generator_version,
 *                                            days, snapshot_days, low_stock_skus
 *
 * Times are UTC text "YYYY-MM-DD HH:MM:SS", days "YYYY-MM-DD" (UTC days), money in US dollars
 * (REAL, whole cents). demo_info's end and generated_at are ISO 8601 with "Z".
 *
 * Time span: every order lies in [end - 90 days, end); @end is rounded down to the minute and
 * nothing is generated at or after it. The ids of orders and sales grow with time.
 *
 * Rows: @rows is the number of fact rows (inventory_snapshots + orders + sales), exactly.
 * Snapshots take up to half of it in whole days of 6,000 rows (500 products × 12 stores),
 * most recent first, at most the 90 days: days = MIN (rows / 2 / 6000, 90) (62 days for the
 * default). Orders and their lines make up the rest, exactly, split over the days by
 * expected traffic. @rows must lie between BS_DEMO_MIN_ROWS and BS_DEMO_MAX_ROWS.
 *
 * Consistency: a sale row is one line of an order, with the order's time and store.
 * orders.items is the number of lines; orders.total is the sum of their amounts;
 * amount = quantity × unit_price (the list price less a promotion discount, if any).
 * status is 'completed', 'cancelled' (about 2.5%, plus orders whose products were all out of
 * stock) or 'returned' (about 1.8%, never in the last 3 days); channel is 'in_store' or
 * 'online'. Completed and returned orders take their units off the store's stock,
 * cancelled ones do not. Restocks arrive at 00:00 UTC, a product's lead time after the level
 * fell below its reorder level. A snapshot is the level at the end of its UTC day (at @end
 * for the last day), so the last day's snapshot equals inventory. No level is ever negative.
 *
 * Patterns: traffic follows each store's local hour (shut at night, peaks at lunch and early
 * evening; online orders trickle in all night) and weekday (weekends busier, by how much
 * depends on the store), a mild upward trend, store sizes, day-to-day noise, Zipf-like
 * product popularity (cheaper products tend to sell more) and ~30 promotions of 10–30% off.
 *
 * Low stock: five products (one per category at most; their SKUs are in demo_info
 * low_stock_skus) are stocked lean and their supplier stops delivering some weeks before
 * the end, so that at the end each has fewer than 100 units across all stores and several
 * stores below their reorder level or empty; every other product keeps well over 100 (at
 * least 150 in the tested sizes). For the default seed they are:
 *   APP-18148 Kinfolk Supply Hooded Sweatshirt, L
 *   GDN-12525 Rootsy Seed Starter Kit, Large
 *   GRO-20227 Green Valley Bronze-Cut Pasta 500 g, Reserve
 *   HOM-17087 Hearthwell Ceramic Mug Set, Navy
 *   TOY-15010 Meeple House Plush Bear, Travel Edition
 * Below about 100,000 rows sales are too thin to empty their shelves, though their totals
 * still stay under 100.
 *
 * Determinism: the same seed, rows and end give the same content in every table, except
 * demo_info's generated_at (the generator draws from its own xoshiro256** streams, not from
 * rand () or g_random_*). Store local times come from the system's zone database, so a
 * different tzdata release could move orders near a changed DST rule. Different seeds give
 * different products, prices, stock, orders and low-stock products.
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
/* Writes to a temporary file "<path>.tmp-XXXXXX" beside @path and renames it into place,
 * so a crash or a full disk never leaves a half-written demo behind (a file already at @path
 * is replaced). The file ends in WAL mode. Runs in the calling thread.
 *
 * The progress func is called in the thread that writes (a worker thread for
 * bs_demo_generator_write_async()) at least every 1% of the rows, the last time with all of
 * them. @cancellable is looked at as often, and while the indexes are built; a cancelled write
 * fails with G_IO_ERROR_CANCELLED. Errors: BS_DEMO_ERROR_INVALID_ARGUMENT for a row count
 * out of range, BS_DEMO_ERROR_WRITE (naming @path) when the file cannot be written. Either
 * way nothing is left behind. */
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
/* Rows written so far (as of the last progress report) or by the last write; any thread. */
guint64          bs_demo_generator_get_rows_written (BsDemoGenerator   *self);

G_END_DECLS
