#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bs-demo-catalog.h"

#define MAX_BRANDS   6
#define MAX_ITEMS    12
#define MAX_VARIANTS 8

/* The products that run low are drawn from this band of the popularity ranking: popular
 * enough to sell out within a few weeks once deliveries stop, not the few best sellers. */
#define LOW_STOCK_FIRST_RANK 12
#define LOW_STOCK_RANKS      90

/* How much a higher price pushes a product down the popularity ranking. */
#define PRICE_WEIGHT 0.15

typedef struct
{
  const char *name;
  double      min_price;
  double      max_price;
} ItemInfo;

typedef struct
{
  const char *name;
  const char *code;
  guint       n_products;
  const char *brands[MAX_BRANDS];
  ItemInfo    items[MAX_ITEMS];
  const char *variants[MAX_VARIANTS];
} CategoryInfo;

static const char * const region_names[BS_DEMO_N_REGIONS] = {
  "North America", "Europe", "APAC", "LATAM",
};

static const BsDemoStoreInfo store_infos[BS_DEMO_N_STORES] = {
  { "New York Fifth Avenue", "New York", "America/New_York", -5 * 3600, 0, "2015-04-18", 1.5, 0 },
  { "Chicago Michigan Avenue", "Chicago", "America/Chicago", -6 * 3600, 0, "2017-09-09", 1.0, 0 },
  { "San Francisco Union Square", "San Francisco", "America/Los_Angeles", -8 * 3600, 0,
    "2019-03-23", 1.1, 0 },
  { "London Covent Garden", "London", "Europe/London", 0, 1, "2016-06-11", 1.3, 0 },
  { "Berlin Hackescher Markt", "Berlin", "Europe/Berlin", 3600, 1, "2018-10-06", 0.9, 0 },
  { "Madrid Gran Vía", "Madrid", "Europe/Madrid", 3600, 1, "2020-02-15", 0.8, 0 },
  { "Tokyo Shibuya", "Tokyo", "Asia/Tokyo", 9 * 3600, 2, "2017-11-03", 1.3, 1 },
  { "Sydney George Street", "Sydney", "Australia/Sydney", 10 * 3600, 2, "2018-05-19", 0.9, 1 },
  { "Singapore Orchard Road", "Singapore", "Asia/Singapore", 8 * 3600, 2, "2019-08-24", 1.0, 1 },
  { "São Paulo Avenida Paulista", "São Paulo", "America/Sao_Paulo", -3 * 3600, 3, "2018-03-10",
    1.0, 1 },
  { "Mexico City Polanco", "Mexico City", "America/Mexico_City", -6 * 3600, 3, "2019-11-16",
    0.85, 1 },
  { "Buenos Aires Palermo", "Buenos Aires", "America/Argentina/Buenos_Aires", -3 * 3600, 3,
    "2021-04-24", 0.7, 1 },
};

static const CategoryInfo categories[BS_DEMO_N_CATEGORIES] = {
  { "Electronics", "ELE", 62,
    { "Voltix", "Auralis", "Kestrel", "Nimbus", "Polarion", "Zentek" },
    { { "Wireless Earbuds", 39, 149 }, { "Bluetooth Speaker", 29, 199 },
      { "USB-C Charger", 15, 49 }, { "Power Bank", 19, 79 }, { "Smart Watch", 99, 349 },
      { "Noise-Cancelling Headphones", 89, 349 }, { "HDMI Cable", 9, 29 },
      { "HD Webcam", 39, 129 }, { "Mechanical Keyboard", 59, 179 },
      { "Wireless Mouse", 19, 79 }, { "Tablet Stand", 15, 45 }, { "Fitness Tracker", 39, 129 } },
    { "Black", "White", "Graphite", "Silver", "Midnight Blue", "Rose Gold", "Pro", "Mini" } },
  { "Home & Kitchen", "HOM", 48,
    { "Hearthwell", "Copperleaf", "Casa Nova", "Oakmere", "Lumen & Co" },
    { { "Chef's Knife", 29, 119 }, { "Cast Iron Skillet", 25, 79 }, { "French Press", 19, 49 },
      { "Nonstick Frying Pan", 22, 69 }, { "Bamboo Cutting Board", 15, 45 },
      { "Bath Towel Set", 25, 79 }, { "Scented Candle", 9, 29 }, { "Ceramic Mug Set", 15, 39 },
      { "Glass Storage Jars", 12, 35 }, { "Table Lamp", 29, 99 }, { "Throw Blanket", 25, 89 },
      { "Stand Mixer", 149, 399 } },
    { "Charcoal", "Sage", "Ivory", "Terracotta", "Slate", "Natural", "Navy" } },
  { "Apparel", "APP", 58,
    { "Northline", "Harbor & Pine", "Vela", "Urbanist", "Kinfolk Supply" },
    { { "Merino Crew Sweater", 59, 129 }, { "Organic Cotton T-Shirt", 15, 35 },
      { "Slim Chino", 39, 79 }, { "Denim Jacket", 69, 149 }, { "Hooded Sweatshirt", 39, 79 },
      { "Linen Shirt", 35, 79 }, { "Rain Jacket", 79, 199 }, { "Wool Scarf", 25, 59 },
      { "High-Rise Leggings", 25, 69 }, { "Puffer Vest", 59, 129 }, { "Oxford Shirt", 39, 89 } },
    { "XS", "S", "M", "L", "XL", "XXL" } },
  { "Footwear", "FTW", 40,
    { "Stridewell", "Trailcraft", "Cobble & Co", "Aerostep", "Pavo" },
    { { "Running Shoe", 69, 169 }, { "Leather Sneaker", 59, 139 }, { "Hiking Boot", 89, 219 },
      { "Chelsea Boot", 99, 199 }, { "Canvas Slip-On", 29, 59 }, { "Trail Runner", 79, 169 },
      { "Sport Sandal", 25, 69 }, { "Suede Loafer", 69, 149 }, { "Wool Socks 3-Pack", 14, 29 } },
    { "US 6", "US 7", "US 8", "US 9", "US 10", "US 11", "US 12" } },
  { "Beauty", "BEA", 52,
    { "Lumiere", "Solea", "Botanica Lab", "Velvet Fig", "Purely" },
    { { "Hydrating Face Serum", 19, 69 }, { "Daily Moisturizer SPF 30", 15, 45 },
      { "Clay Face Mask", 12, 35 }, { "Vitamin C Cream", 22, 59 }, { "Lip Balm", 4, 12 },
      { "Repair Shampoo", 8, 24 }, { "Silk Conditioner", 8, 24 }, { "Body Lotion", 9, 29 },
      { "Eau de Parfum", 39, 129 }, { "Micellar Water", 7, 19 }, { "Hand Cream", 6, 18 } },
    { "50 ml", "100 ml", "200 ml", "Travel Size", "Unscented", "Lavender", "Citrus" } },
  { "Sports & Outdoors", "SPO", 45,
    { "Summitline", "Ridgeback", "Apex Trail", "Tidewater", "Fjellmark" },
    { { "Yoga Mat", 19, 79 }, { "Insulated Water Bottle", 15, 45 }, { "Daypack 25 L", 39, 119 },
      { "Trekking Poles", 35, 99 }, { "Resistance Band Set", 12, 35 },
      { "Camping Lantern", 19, 59 }, { "Sleeping Bag", 49, 189 },
      { "Dumbbell Pair 5 kg", 25, 59 }, { "Speed Jump Rope", 8, 25 },
      { "Cycling Gloves", 15, 45 }, { "Two-Person Tent", 99, 349 } },
    { "Forest Green", "Alpine Blue", "Ember Red", "Stone Grey", "Black", "Sand" } },
  { "Toys & Games", "TOY", 44,
    { "Brightbox", "Tinker Town", "Puzzlewood", "Meeple House", "Little Orbit" },
    { { "Building Blocks Set", 19, 99 }, { "Jigsaw Puzzle 1000 Pieces", 14, 29 },
      { "Strategy Board Game", 29, 59 }, { "Party Card Game", 9, 19 }, { "Plush Bear", 12, 35 },
      { "Remote Control Car", 29, 89 }, { "Wooden Train Set", 35, 89 },
      { "Junior Science Kit", 19, 49 }, { "Art Supplies Kit", 15, 39 },
      { "Wooden Dollhouse", 59, 149 } },
    { "Classic", "Deluxe", "Travel Edition", "Junior", "Family Edition", "Collector's Edition" } },
  { "Grocery", "GRO", 60,
    { "Green Valley", "Golden Harvest", "Maison Verde", "Oak & Honey", "Coastline" },
    { { "Arabica Coffee Beans 1 kg", 14, 29 }, { "Extra Virgin Olive Oil 750 ml", 9, 24 },
      { "Dark Chocolate Bar", 2, 6 }, { "Crunchy Granola", 5, 12 }, { "Green Tea 50 Bags", 4, 11 },
      { "Sparkling Water 12-Pack", 5, 12 }, { "Basmati Rice 2 kg", 5, 12 },
      { "Bronze-Cut Pasta 500 g", 2, 5 }, { "Almond Butter", 6, 14 },
      { "Maple Syrup", 8, 18 }, { "Trail Mix", 4, 10 }, { "Sea Salt Crackers", 3, 7 } },
    { "Original", "Organic", "Family Size", "Fair Trade", "Reserve" } },
  { "Books & Stationery", "BKS", 47,
    { "Papercraft", "Inkwell", "Quillon", "Folio & Finch", "Marginalia" },
    { { "Dotted Notebook A5", 9, 24 }, { "Fountain Pen", 19, 89 }, { "Gel Pens 10-Pack", 6, 14 },
      { "Weekly Desk Planner", 12, 29 }, { "Sketchbook", 9, 25 }, { "Watercolor Set", 15, 49 },
      { "Hardcover Journal", 14, 35 }, { "Sticky Notes Pack", 3, 9 },
      { "Leather Bookmark", 5, 15 }, { "Letter Writing Set", 12, 29 } },
    { "Black", "Kraft", "Sage", "Blush", "Navy", "Classic" } },
  { "Garden", "GDN", 44,
    { "Greenhaven", "Rootsy", "Bloomfield", "Terrace & Twig", "Verdigris" },
    { { "Terracotta Planter", 9, 39 }, { "Pruning Shears", 15, 45 },
      { "Garden Hose 15 m", 25, 59 }, { "Raised Garden Bed", 49, 149 },
      { "Potting Soil 20 L", 7, 15 }, { "Solar Path Lights 6-Pack", 25, 59 },
      { "Watering Can", 12, 35 }, { "Bird Feeder", 15, 45 }, { "Seed Starter Kit", 12, 29 },
      { "Outdoor String Lights", 19, 49 } },
    { "Small", "Medium", "Large", "Green", "Charcoal", "Natural" } },
};

const char *
bs_demo_region_name (guint region)
{
  g_assert (region < BS_DEMO_N_REGIONS);

  return region_names[region];
}

const char *
bs_demo_category_name (guint category)
{
  g_assert (category < BS_DEMO_N_CATEGORIES);

  return categories[category].name;
}

static guint
count_names (const char * const *names,
             guint                max)
{
  guint n = 0;

  while (n < max && names[n] != NULL)
    n++;
  return n;
}

static guint
count_items (const CategoryInfo *category)
{
  guint n = 0;

  while (n < MAX_ITEMS && category->items[n].name != NULL)
    n++;
  return n;
}

static GTimeZone *
store_time_zone (const BsDemoStoreInfo *info)
{
  GTimeZone *tz = g_time_zone_new_identifier (info->time_zone);

  /* Without the zone database the hour-of-day shape still holds, only DST is lost. */
  if (tz == NULL)
    tz = g_time_zone_new_offset (info->standard_offset);
  return tz;
}

static void
init_stores (BsDemoCatalog *catalog,
             guint64        seed)
{
  static const double weekday_base[5] = { 0.92, 0.95, 0.97, 1.0, 1.1 };
  BsDemoRandom random;

  bs_demo_random_init (&random, seed, BS_DEMO_STREAM_STORES);
  for (guint i = 0; i < BS_DEMO_N_STORES; i++)
    {
      BsDemoStore *store = &catalog->stores[i];

      store->info = &store_infos[i];
      store->tz = store_time_zone (store->info);
      store->size = store->info->base_size * bs_demo_random_between (&random, 0.85, 1.15);
      store->online_share = bs_demo_random_between (&random, 0.15, 0.3);
      for (guint day = 0; day < 5; day++)
        store->weekday[day] = weekday_base[day] * bs_demo_random_between (&random, 0.97, 1.03);
      store->weekday[5] = 1.0 + bs_demo_random_between (&random, 0.25, 0.6);
      store->weekday[6] = 1.0 + bs_demo_random_between (&random, 0.1, 0.45);
    }
}

/* Shop prices end in .99 (.49 below ten dollars, where .99 is too large a step). */
static gint64
shop_price_cents (double price)
{
  gint64 dollars = (gint64)floor (price);

  if (price < 10.0)
    return dollars * 100 + (price - (double)dollars < 0.5 ? 49 : 99);
  return dollars * 100 + 99;
}

static void
name_product (BsDemoProduct      *product,
              const CategoryInfo *category,
              guint               combination)
{
  guint n_items = count_items (category);
  guint n_variants = count_names (category->variants, MAX_VARIANTS);
  guint variant = combination % n_variants;
  guint item = (combination / n_variants) % n_items;
  guint brand = combination / (n_variants * n_items);

  g_snprintf (product->name, sizeof product->name, "%s %s, %s",
              category->brands[brand], category->items[item].name, category->variants[variant]);
}

static void
init_category_products (BsDemoCatalog *catalog,
                        BsDemoRandom  *random,
                        guint          category_index,
                        guint          first)
{
  const CategoryInfo *category = &categories[category_index];
  guint n_items = count_items (category);
  guint n_combinations = count_names (category->brands, MAX_BRANDS) * n_items *
                         count_names (category->variants, MAX_VARIANTS);
  g_autofree gboolean *used = g_new0 (gboolean, n_combinations);

  g_assert (category->n_products <= n_combinations / 2);

  for (guint k = 0; k < category->n_products; k++)
    {
      BsDemoProduct *product = &catalog->products[first + k];
      const ItemInfo *item;
      guint combination;
      double price;

      do
        combination = bs_demo_random_below (random, n_combinations);
      while (used[combination]);
      used[combination] = TRUE;

      name_product (product, category, combination);
      item = &category->items[(combination / count_names (category->variants, MAX_VARIANTS))
                              % n_items];
      /* Blocks of 173 numbers per product keep SKUs unique within the category. */
      g_snprintf (product->sku, sizeof product->sku, "%s-%05u", category->code,
                  10000 + k * 173 + bs_demo_random_below (random, 173));
      product->category = category_index;
      price = bs_demo_random_between (random, item->min_price, item->max_price);
      product->price_cents = shop_price_cents (price);
      product->cost_cents = (gint64)llround ((double)product->price_cents *
                                             bs_demo_random_between (random, 0.38, 0.68));
      product->lead_days = 2 + bs_demo_random_below (random, 4);
    }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const double *keys = user_data;
  guint i = *(const guint *)a;
  guint j = *(const guint *)b;

  if (keys[i] != keys[j])
    return keys[i] < keys[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

static void
init_popularity (BsDemoCatalog *catalog,
                 BsDemoRandom  *random)
{
  double exponent = bs_demo_random_between (random, 0.85, 1.0);
  double keys[BS_DEMO_N_PRODUCTS];
  double total = 0.0;
  double running = 0.0;

  /* Cheap things sell more often than dear ones, with plenty of exceptions. */
  for (guint i = 0; i < BS_DEMO_N_PRODUCTS; i++)
    {
      keys[i] = log ((double)catalog->products[i].price_cents / 100.0) * PRICE_WEIGHT +
                bs_demo_random_double (random);
      catalog->by_rank[i] = i;
    }
  g_qsort_with_data (catalog->by_rank, BS_DEMO_N_PRODUCTS, sizeof (guint), compare_keys, keys);

  for (guint rank = 0; rank < BS_DEMO_N_PRODUCTS; rank++)
    total += pow (rank + 1, -exponent);
  for (guint rank = 0; rank < BS_DEMO_N_PRODUCTS; rank++)
    {
      double share = pow (rank + 1, -exponent) / total;

      catalog->products[catalog->by_rank[rank]].popularity = share;
      running += share;
      catalog->rank_cdf[rank] = running;
    }
  catalog->rank_cdf[BS_DEMO_N_PRODUCTS - 1] = 1.0;
}

static void
init_low_stock (BsDemoCatalog *catalog,
                BsDemoRandom  *random)
{
  gboolean category_used[BS_DEMO_N_CATEGORIES] = { FALSE };
  guint chosen = 0;

  /* One per category at most, so that the shortage is not one supplier's problem. */
  while (chosen < BS_DEMO_N_LOW_STOCK)
    {
      guint rank = LOW_STOCK_FIRST_RANK + bs_demo_random_below (random, LOW_STOCK_RANKS);
      BsDemoProduct *product = &catalog->products[catalog->by_rank[rank]];

      if (category_used[product->category])
        continue;
      category_used[product->category] = TRUE;
      product->runs_low = TRUE;
      catalog->low_stock[chosen++] = catalog->by_rank[rank];
    }
}

void
bs_demo_catalog_init (BsDemoCatalog *catalog,
                      guint64        seed)
{
  BsDemoRandom random;
  guint first = 0;

  g_assert (catalog != NULL);

  memset (catalog, 0, sizeof *catalog);
  init_stores (catalog, seed);

  bs_demo_random_init (&random, seed, BS_DEMO_STREAM_CATALOG);
  for (guint c = 0; c < BS_DEMO_N_CATEGORIES; c++)
    {
      init_category_products (catalog, &random, c, first);
      first += categories[c].n_products;
    }
  g_assert (first == BS_DEMO_N_PRODUCTS);

  init_popularity (catalog, &random);
  init_low_stock (catalog, &random);
}

void
bs_demo_catalog_clear (BsDemoCatalog *catalog)
{
  for (guint i = 0; i < BS_DEMO_N_STORES; i++)
    g_clear_pointer (&catalog->stores[i].tz, g_time_zone_unref);
}

guint
bs_demo_catalog_pick_product (const BsDemoCatalog *catalog,
                              BsDemoRandom        *random)
{
  return catalog->by_rank[bs_demo_random_pick (random, catalog->rank_cdf, BS_DEMO_N_PRODUCTS)];
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

char **
bs_demo_catalog_low_stock_skus (const BsDemoCatalog *catalog)
{
  char **skus = g_new0 (char *, BS_DEMO_N_LOW_STOCK + 1);

  for (guint i = 0; i < BS_DEMO_N_LOW_STOCK; i++)
    skus[i] = g_strdup (catalog->products[catalog->low_stock[i]].sku);
  qsort (skus, BS_DEMO_N_LOW_STOCK, sizeof (char *), compare_strings);
  return skus;
}
