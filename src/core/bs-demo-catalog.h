/* bs-demo-catalog.h — the dimensions of the demo retail dataset (private).
 *
 * Regions, stores and their traffic traits, categories and the 500 products with their
 * names, SKUs, prices, costs, popularity and supply traits, all drawn from the seed.
 */
#pragma once

#include <glib.h>

#include "bs-demo-random.h"

G_BEGIN_DECLS

#define BS_DEMO_N_REGIONS     4
#define BS_DEMO_N_STORES      12
#define BS_DEMO_N_CATEGORIES  10
#define BS_DEMO_N_PRODUCTS    500
#define BS_DEMO_N_LOW_STOCK   5

typedef struct
{
  const char *name;
  const char *city;
  const char *time_zone;
  gint32      standard_offset;   /* seconds east of UTC, if the zone database lacks the zone */
  guint       region;            /* index into the regions */
  const char *opened_on;
  double      base_size;
  guint       import_days;       /* extra delivery days for stores far from the warehouses */
} BsDemoStoreInfo;

typedef struct
{
  const BsDemoStoreInfo *info;
  GTimeZone             *tz;
  double                 size;          /* relative traffic */
  double                 online_share;  /* fraction of orders placed online */
  double                 weekday[7];    /* traffic factor, Monday first */
} BsDemoStore;

typedef struct
{
  char    sku[16];
  char    name[96];
  guint   category;
  gint64  price_cents;
  gint64  cost_cents;
  double  popularity;         /* share of order lines */
  guint   lead_days;          /* from a reorder to the delivery */
  guint   reorder_level;      /* for a store of average size, set by the simulation */
  gboolean runs_low;          /* its supplier stops delivering before the end */
} BsDemoProduct;

typedef struct
{
  BsDemoStore   stores[BS_DEMO_N_STORES];
  BsDemoProduct products[BS_DEMO_N_PRODUCTS];
  guint         by_rank[BS_DEMO_N_PRODUCTS];    /* product index by popularity, most first */
  double        rank_cdf[BS_DEMO_N_PRODUCTS];
  guint         low_stock[BS_DEMO_N_LOW_STOCK]; /* product indices */
} BsDemoCatalog;

const char *bs_demo_region_name          (guint          region);
const char *bs_demo_category_name        (guint          category);

void        bs_demo_catalog_init         (BsDemoCatalog *catalog,
                                          guint64        seed);
void        bs_demo_catalog_clear        (BsDemoCatalog *catalog);
/* A product index drawn by popularity (Zipf-like). */
guint       bs_demo_catalog_pick_product (const BsDemoCatalog *catalog,
                                          BsDemoRandom        *random);
/* The SKUs of the products that run low, sorted; for tests and for demo_info. */
char      **bs_demo_catalog_low_stock_skus (const BsDemoCatalog *catalog);

G_END_DECLS
