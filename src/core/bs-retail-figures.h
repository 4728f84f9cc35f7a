/* bs-retail-figures.h — the headline figures of a retail dataset (the demo schema, see
 * bs-demo-generator.h): what an executive wants to see first on Home.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_RETAIL_FIGURES_ERROR (bs_retail_figures_error_quark ())

typedef enum
{
  BS_RETAIL_FIGURES_ERROR_OPEN,
  BS_RETAIL_FIGURES_ERROR_SCHEMA,   /* a table or column the figures need is missing */
  BS_RETAIL_FIGURES_ERROR_QUERY,
} BsRetailFiguresError;

GQuark    bs_retail_figures_error_quark (void);

/* Opens @db_path read-only and returns a JSON object (the body of GET /api/v1/home):
 *
 * {
 *   "day": "2026-11-24",          the latest day that has sales, in @tz
 *   "is_today": true,             whether "day" is today in @tz
 *   "currency": "USD",
 *   "sales":  { "amount": 48211.5, "previous": 45170.0 },   that day and the day before up to the same time of day
 *   "orders": { "count": 1422, "previous": 1391 },
 *   "average_order": { "amount": 33.9, "previous": 32.5 },
 *   "low_stock": { "count": 17, "items": [ { "product": "…", "sku": "…", "store": "…",
 *                  "units": 3, "reorder_level": 40 } … up to 10, lowest cover first ] },
 *   "stores": 12, "regions": 4, "products": 500,
 *   "sales_by_day": [ { "day": "2026-11-11", "amount": 45012.3 } … the last 14 days ],
 *   "sales_by_region": [ { "region": "Europe", "amount": 12000.0 } … for "day" ]
 * }
 *
 * Sales, orders and averages count completed orders only (not cancelled or returned ones),
 * by when they were placed; amounts are rounded to cents. Days run from midnight to midnight
 * in @tz (NULL: the local time zone); with no completed order at all, "day" is today and the
 * amounts are 0. sales_by_day runs oldest first and ends with "day"; sales_by_region lists
 * every region, largest amount first. low_stock counts the product/store pairs whose
 * units_on_hand is below their reorder_level; its items are the ones with the smallest
 * units_on_hand / reorder_level.
 *
 * Needs the tables and columns orders(placed_at, store_id, status, total),
 * stores(id, name, region_id), regions(id, name), products(id, sku, name) and
 * inventory(product_id, store_id, units_on_hand, reorder_level): without them it fails with
 * BS_RETAIL_FIGURES_ERROR_SCHEMA naming what is missing. A file that is not there or not a
 * database gives BS_RETAIL_FIGURES_ERROR_OPEN. The file is only read. Blocks: call it from a
 * worker thread. About 4 ms on the default demo dataset, 60 ms on 10,000,000 rows.
 */
JsonNode *bs_retail_figures_query (const char  *db_path,
                                   GTimeZone   *tz,
                                   GError     **error);

G_END_DECLS
