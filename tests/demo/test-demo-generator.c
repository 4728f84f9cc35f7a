#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bs-demo-generator.h"
#include "bs-demo-writer.h"
#include "demo-test-util.h"

/* The products that run low for the default seed, as bs-demo-generator.h names them. */
static const char * const default_low_stock[] = {
  "APP-18148", "GDN-12525", "GRO-20227", "HOM-17087", "TOY-15010", NULL,
};

#define STOCK_ROWS_PER_DAY 6000
#define SHARED_ROWS        100000

/* One dataset that the read-only checks share, generated on first use. */
static char *shared_dir;
static char *shared_path;

static const char *
shared_dataset (void)
{
  if (shared_path == NULL)
    {
      shared_dir = demo_test_make_dir ();
      shared_path = demo_test_generate (shared_dir, "shared.db", BS_DEMO_DEFAULT_SEED,
                                        SHARED_ROWS, DEMO_TEST_END);
    }
  return shared_path;
}

static gint64
fact_rows (sqlite3 *db)
{
  return demo_test_int (db, "SELECT (SELECT count(*) FROM inventory_snapshots)"
                            " + (SELECT count(*) FROM orders) + (SELECT count(*) FROM sales)");
}

static gint64
count_with_text (sqlite3    *db,
                 const char *sql,
                 const char *first,
                 const char *second)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* A digest of a table's rows in key order, exact to the bit for numbers. */
static char *
hash_table (sqlite3    *db,
            const char *table,
            const char *order)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", table, order);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          guint8 type = (guint8)sqlite3_column_type (stmt, i);
          gint64 integer = sqlite3_column_int64 (stmt, i);
          double real = sqlite3_column_double (stmt, i);

          g_checksum_update (checksum, &type, 1);
          if (type == SQLITE_INTEGER)
            g_checksum_update (checksum, (const guchar *)&integer, sizeof integer);
          else if (type == SQLITE_FLOAT)
            g_checksum_update (checksum, (const guchar *)&real, sizeof real);
          else if (type == SQLITE_TEXT)
            g_checksum_update (checksum, sqlite3_column_text (stmt, i),
                               sqlite3_column_bytes (stmt, i) + 1);
        }
      rows++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (rows, >, 0);
  return g_strdup (g_checksum_get_string (checksum));
}

static const struct
{
  const char *table;
  const char *order;
} content_tables[] = {
  { "regions", "id" },
  { "stores", "id" },
  { "categories", "id" },
  { "products", "id" },
  { "inventory", "product_id, store_id" },
  { "inventory_snapshots", "day, product_id, store_id" },
  { "orders", "id" },
  { "sales", "id" },
  /* generated_at is when, not what: the only value that may differ. */
  { "demo_info WHERE key <> 'generated_at'", "key" },
};

static void
test_determinism (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *a = demo_test_generate (dir, "a.db", 99, 30000, DEMO_TEST_END);
  g_autofree char *b = demo_test_generate (dir, "b.db", 99, 30000, DEMO_TEST_END);
  g_autofree char *c = demo_test_generate (dir, "c.db", 100, 30000, DEMO_TEST_END);
  g_autoptr(sqlite3) db_a = demo_test_open (a);
  g_autoptr(sqlite3) db_b = demo_test_open (b);
  g_autoptr(sqlite3) db_c = demo_test_open (c);
  guint differing = 0;

  for (guint i = 0; i < G_N_ELEMENTS (content_tables); i++)
    {
      g_autofree char *hash_a = hash_table (db_a, content_tables[i].table, content_tables[i].order);
      g_autofree char *hash_b = hash_table (db_b, content_tables[i].table, content_tables[i].order);
      g_autofree char *hash_c = hash_table (db_c, content_tables[i].table, content_tables[i].order);

      g_test_message ("%s: %s", content_tables[i].table, hash_a);
      g_assert_cmpstr (hash_a, ==, hash_b);
      differing += g_strcmp0 (hash_a, hash_c) != 0;
    }
  /* Another seed changes the products, stock, orders, lines, snapshots and demo_info. */
  g_assert_cmpuint (differing, >=, 6);

  g_clear_pointer (&db_a, sqlite3_close);
  g_clear_pointer (&db_b, sqlite3_close);
  g_clear_pointer (&db_c, sqlite3_close);
  demo_test_remove_dir (dir);
}

static void
test_row_counts (void)
{
  static const guint64 counts[] = { BS_DEMO_MIN_ROWS, 10000, 13001, 100000, 250000 };
  g_autofree char *dir = demo_test_make_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *name = g_strdup_printf ("rows-%" G_GUINT64_FORMAT ".db", counts[i]);
      g_autofree char *path = demo_test_generate (dir, name, 7, counts[i], DEMO_TEST_END);
      g_autoptr(sqlite3) db = demo_test_open (path);
      g_autofree char *rows = demo_test_text (db, "SELECT value FROM demo_info WHERE key = 'rows'");
      guint64 days = MIN (counts[i] / 2 / STOCK_ROWS_PER_DAY, BS_DEMO_DAYS);

      g_assert_cmpint (fact_rows (db), ==, (gint64)counts[i]);
      g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory_snapshots"), ==,
                       (gint64)(days * STOCK_ROWS_PER_DAY));
      g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT day) FROM inventory_snapshots"),
                       ==, (gint64)days);
      g_assert_cmpint (g_ascii_strtoll (rows, NULL, 10), ==, (gint64)counts[i]);
    }
  demo_test_remove_dir (dir);
}

static void
test_invalid_rows (void)
{
  static const guint64 counts[] = { 0, BS_DEMO_MIN_ROWS - 1, (guint64)BS_DEMO_MAX_ROWS + 1 };
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(BsDemoGenerator) generator = bs_demo_generator_new (1, counts[i], NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (bs_demo_generator_write (generator, path, NULL, &error));
      g_assert_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpuint (demo_test_count_files (dir), ==, 0);
    }
  demo_test_remove_dir (dir);
}

typedef struct
{
  const char *table;
  const char *columns;   /* name type, … in declaration order */
} TableShape;

static const TableShape table_shapes[] = {
  { "categories", "id INTEGER,name TEXT" },
  { "demo_info", "key TEXT,value TEXT" },
  { "inventory", "product_id INTEGER,store_id INTEGER,units_on_hand INTEGER,"
                 "reorder_level INTEGER,updated_at TEXT" },
  { "inventory_snapshots", "day TEXT,product_id INTEGER,store_id INTEGER,units_on_hand INTEGER" },
  { "orders", "id INTEGER,placed_at TEXT,store_id INTEGER,channel TEXT,status TEXT,"
              "items INTEGER,total REAL" },
  { "products", "id INTEGER,sku TEXT,name TEXT,category_id INTEGER,unit_price REAL,"
                "unit_cost REAL,reorder_level INTEGER" },
  { "regions", "id INTEGER,name TEXT" },
  { "sales", "id INTEGER,order_id INTEGER,sold_at TEXT,store_id INTEGER,product_id INTEGER,"
             "quantity INTEGER,unit_price REAL,amount REAL" },
  { "stores", "id INTEGER,name TEXT,city TEXT,region_id INTEGER,opened_on TEXT,time_zone TEXT" },
};

static char *
describe_columns (sqlite3    *db,
                  const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (name || ' ' || type, ',')"
                                          " FROM (SELECT name, type FROM pragma_table_info ('%s')"
                                          " ORDER BY cid)", table);

  return demo_test_text (db, sql);
}

static void
assert_uses_index (sqlite3    *db,
                   const char *query,
                   const char *index)
{
  g_autofree char *sql = g_strdup_printf ("EXPLAIN QUERY PLAN %s", query);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    found |= strstr ((const char *)sqlite3_column_text (stmt, 3), index) != NULL;
  sqlite3_finalize (stmt);
  g_assert_true (found);
}

static void
test_schema (void)
{
  g_autoptr(sqlite3) db = demo_test_open (shared_dataset ());
  g_autofree char *tables = demo_test_text (db, "SELECT group_concat (name, ',') FROM"
                                                " (SELECT name FROM sqlite_master WHERE type ="
                                                " 'table' ORDER BY name)");
  g_autofree char *journal = demo_test_text (db, "PRAGMA journal_mode");

  g_assert_cmpstr (tables, ==, "categories,demo_info,inventory,inventory_snapshots,orders,"
                               "products,regions,sales,stores");
  for (guint i = 0; i < G_N_ELEMENTS (table_shapes); i++)
    {
      g_autofree char *columns = describe_columns (db, table_shapes[i].table);

      g_assert_cmpstr (columns, ==, table_shapes[i].columns);
    }

  g_assert_cmpstr (journal, ==, "wal");
  assert_uses_index (db, "SELECT sum(amount) FROM sales WHERE sold_at >= '2026-03-01'",
                     "sales_sold_at");
  assert_uses_index (db, "SELECT sum(quantity) FROM sales WHERE product_id = 3"
                         " AND sold_at >= '2026-03-01'", "sales_product_sold_at");
  assert_uses_index (db, "SELECT count(*) FROM orders WHERE placed_at >= '2026-03-01'",
                     "orders_placed_at");
  assert_uses_index (db, "SELECT sum(units_on_hand) FROM inventory_snapshots"
                         " WHERE day = '2026-03-01'", "inventory_snapshots_day");
  assert_uses_index (db, "SELECT sum(units_on_hand) FROM inventory WHERE product_id = 3",
                     "inventory_product_store");
}

/* The stock by name: one row per row of the inventory, each product and store named as in
 * sales_detail; and a demo written before the view existed gets it at the next start. */
static void
test_inventory_detail (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = demo_test_generate (dir, "old.db", BS_DEMO_DEFAULT_SEED, 2000,
                                              DEMO_TEST_END);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(sqlite3) db = demo_test_open (path);

    g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory_detail"), ==,
                     demo_test_int (db, "SELECT count(*) FROM inventory"));
    g_assert_cmpint (demo_test_int (db, "SELECT sum(units_on_hand) FROM inventory_detail"), ==,
                     demo_test_int (db, "SELECT sum(units_on_hand) FROM inventory"));
    /* Names as sales_detail gives them, so a filter means the same on both. */
    g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory_detail d"
                                        " JOIN products p ON p.sku = d.product"
                                        " AND p.name = d.product_name"), ==,
                     demo_test_int (db, "SELECT count(*) FROM inventory"));
    g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT region) FROM inventory_detail"),
                     ==, 4);
    g_assert_cmpint (sqlite3_exec (db, "DROP VIEW inventory_detail", NULL, NULL, NULL), ==,
                     SQLITE_OK);
  }

  g_assert_true (bs_demo_add_views (path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(sqlite3) db = demo_test_open (path);

    g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory_detail"), ==,
                     demo_test_int (db, "SELECT count(*) FROM inventory"));
  }
  /* Nothing to add the second time; a file that is not a demo is refused, in words. */
  g_assert_true (bs_demo_add_views (path, &error));
  g_assert_false (bs_demo_add_views ("/nonexistent/demo.db", &error));
  g_assert_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/demo.db"));
  demo_test_remove_dir (dir);
}

static void
test_dimensions (void)
{
  g_autoptr(sqlite3) db = demo_test_open (shared_dataset ());
  g_autofree char *regions = demo_test_text (db, "SELECT group_concat (name, ',') FROM"
                                                 " (SELECT name FROM regions ORDER BY name)");

  g_assert_cmpstr (regions, ==, "APAC,Europe,LATAM,North America");
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM stores"), ==, 12);
  g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT city) FROM stores"), ==, 12);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM (SELECT region_id FROM stores"
                                      " GROUP BY region_id HAVING count(*) = 3)"), ==, 4);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM categories"), ==, 10);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM products"), ==, 500);
  g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT sku) FROM products"), ==, 500);
  g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT name) FROM products"), ==, 500);
  /* Every category is stocked, and every product sells above its cost. */
  g_assert_cmpint (demo_test_int (db, "SELECT count(DISTINCT category_id) FROM products"), ==, 10);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM products WHERE unit_cost <= 0"
                                      " OR unit_price <= unit_cost OR reorder_level <= 0"), ==, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM products WHERE sku NOT GLOB"
                                      " '[A-Z][A-Z][A-Z]-[0-9][0-9][0-9][0-9][0-9]'"), ==, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory"), ==, 6000);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM (SELECT DISTINCT product_id, store_id"
                                      " FROM inventory)"), ==, 6000);
}

static void
test_consistency (void)
{
  g_autoptr(sqlite3) db = demo_test_open (shared_dataset ());
  const char *start = "2025-12-10 15:30:00";
  const char *end = "2026-03-10 15:30:00";

  /* Orders are the sum of their lines; items counts the lines. */
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM orders o JOIN (SELECT order_id,"
                                      " total(amount) AS amount, count(*) AS n FROM sales GROUP BY"
                                      " order_id) l ON l.order_id = o.id WHERE"
                                      " abs(o.total - l.amount) > 0.005 OR o.items <> l.n"), ==, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM orders WHERE id NOT IN"
                                      " (SELECT order_id FROM sales)"), ==, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM sales WHERE quantity < 1 OR"
                                      " abs(amount - quantity * unit_price) > 0.005"), ==, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM sales s JOIN orders o ON"
                                      " o.id = s.order_id WHERE s.sold_at <> o.placed_at"
                                      " OR s.store_id <> o.store_id"), ==, 0);

  /* Everything lies in the 90 days before the end, and nothing after it. */
  g_assert_cmpint (count_with_text (db, "SELECT count(*) FROM orders WHERE placed_at < ?1"
                                        " OR placed_at >= ?2", start, end), ==, 0);
  g_assert_cmpint (count_with_text (db, "SELECT count(*) FROM sales WHERE sold_at < ?1"
                                        " OR sold_at >= ?2", start, end), ==, 0);
  g_assert_cmpint (count_with_text (db, "SELECT count(*) FROM inventory WHERE updated_at < ?1"
                                        " OR updated_at >= ?2", start, end), ==, 0);
  g_assert_cmpint (count_with_text (db, "SELECT count(*) FROM orders WHERE placed_at >= ?1",
                                    "2026-03-10 14:30:00", NULL), >, 0);

  /* Stock is never negative, and the last snapshot is the final level. */
  g_assert_cmpint (demo_test_int (db, "SELECT min(units_on_hand) FROM inventory"), >=, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT min(units_on_hand) FROM inventory_snapshots"), >=, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory i JOIN inventory_snapshots s"
                                      " ON s.product_id = i.product_id AND s.store_id = i.store_id"
                                      " AND s.day = '2026-03-10'"
                                      " WHERE s.units_on_hand = i.units_on_hand"), ==, 6000);
}

/* From one end-of-day snapshot to the next, stock falls by exactly what was sold, unless a
 * delivery came in: it never falls by more. */
static void
test_snapshots_follow_sales (void)
{
  g_autoptr(sqlite3) db = demo_test_open (shared_dataset ());
  const char *sql =
    "WITH sold AS (SELECT substr (s.sold_at, 1, 10) AS day, s.product_id, s.store_id,"
    " sum (s.quantity) AS units FROM sales s JOIN orders o ON o.id = s.order_id"
    " WHERE o.status <> 'cancelled' GROUP BY 1, 2, 3),"
    " steps AS (SELECT b.units_on_hand - (a.units_on_hand - coalesce (sold.units, 0)) AS delivered"
    " FROM inventory_snapshots a JOIN inventory_snapshots b ON b.product_id = a.product_id"
    " AND b.store_id = a.store_id AND b.day = date (a.day, '+1 day')"
    " LEFT JOIN sold ON sold.day = b.day AND sold.product_id = b.product_id"
    " AND sold.store_id = b.store_id)"
    " SELECT count(*), sum (delivered < 0), sum (delivered = 0) FROM steps";
  sqlite3_stmt *stmt = NULL;
  gint64 steps, shrunk, unchanged;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  steps = sqlite3_column_int64 (stmt, 0);
  shrunk = sqlite3_column_int64 (stmt, 1);
  unchanged = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);

  g_test_message ("%" G_GINT64_FORMAT " day steps, %" G_GINT64_FORMAT " without a delivery",
                  steps, unchanged);
  g_assert_cmpint (steps, ==, 7 * STOCK_ROWS_PER_DAY);
  g_assert_cmpint (shrunk, ==, 0);
  g_assert_cmpint (unchanged, >, steps / 2);
}

typedef struct
{
  gint64 hours[24];
  GHashTable *days;          /* local date (julian) -> orders */
} StoreTraffic;

static void
count_local (StoreTraffic *traffic,
             GTimeZone    *tz,
             const char   *placed_at)
{
  int y, mo, d, h, mi, s;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;
  gpointer key;

  g_assert_cmpint (sscanf (placed_at, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s), ==, 6);
  utc = g_date_time_new_utc (y, mo, d, h, mi, s);
  local = g_date_time_to_timezone (utc, tz);
  traffic->hours[g_date_time_get_hour (local)]++;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)g_date_time_get_day_of_month (local),
                  (GDateMonth)g_date_time_get_month (local),
                  (GDateYear)g_date_time_get_year (local));
  key = GUINT_TO_POINTER (g_date_get_julian (&date));
  g_hash_table_insert (traffic->days, key,
                       GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (traffic->days,
                                                                                key)) + 1));
}

/* Average orders on local weekend days and on weekdays, whole days only. */
static void
weekly_averages (StoreTraffic *traffic,
                 double       *weekend,
                 double       *weekday)
{
  guint first = G_MAXUINT, last = 0;
  double sums[2] = { 0, 0 };
  guint n[2] = { 0, 0 };
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, traffic->days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      first = MIN (first, GPOINTER_TO_UINT (key));
      last = MAX (last, GPOINTER_TO_UINT (key));
    }
  g_hash_table_iter_init (&iter, traffic->days);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GDate date;
      gboolean is_weekend;

      if (GPOINTER_TO_UINT (key) == first || GPOINTER_TO_UINT (key) == last)
        continue;
      g_date_clear (&date, 1);
      g_date_set_julian (&date, GPOINTER_TO_UINT (key));
      is_weekend = g_date_get_weekday (&date) >= G_DATE_SATURDAY;
      sums[is_weekend] += (double)GPOINTER_TO_SIZE (value);
      n[is_weekend]++;
    }
  *weekday = sums[0] / n[0];
  *weekend = sums[1] / n[1];
}

static void
test_daily_and_weekly_patterns (void)
{
  g_autoptr(sqlite3) db = demo_test_open (shared_dataset ());
  GTimeZone *zones[12] = { NULL };
  StoreTraffic traffic[12];
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, time_zone FROM stores", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int id = sqlite3_column_int (stmt, 0);

      g_assert_cmpint (id, >=, 1);
      g_assert_cmpint (id, <=, 12);
      zones[id - 1] = g_time_zone_new_identifier ((const char *)sqlite3_column_text (stmt, 1));
      g_assert_nonnull (zones[id - 1]);
    }
  sqlite3_finalize (stmt);

  memset (traffic, 0, sizeof traffic);
  for (guint i = 0; i < 12; i++)
    traffic[i].days = g_hash_table_new (NULL, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT store_id, placed_at FROM orders", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int store = sqlite3_column_int (stmt, 0) - 1;

      count_local (&traffic[store], zones[store], (const char *)sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < 12; i++)
    {
      double weekend, weekday;

      weekly_averages (&traffic[i], &weekend, &weekday);
      g_test_message ("store %u: 3 a.m. %" G_GINT64_FORMAT ", noon %" G_GINT64_FORMAT
                      ", weekend %.1f, weekday %.1f orders a day", i + 1, traffic[i].hours[3],
                      traffic[i].hours[12], weekend, weekday);
      g_assert_cmpint (traffic[i].hours[3] * 10, <, traffic[i].hours[12]);
      g_assert_cmpint (traffic[i].hours[12], >, traffic[i].hours[15]);
      g_assert_cmpfloat (weekend, >, weekday);
      g_hash_table_unref (traffic[i].days);
      g_time_zone_unref (zones[i]);
    }
}

static void
test_mix (void)
{
  g_autoptr(sqlite3) db = demo_test_open (shared_dataset ());
  double orders = (double)demo_test_int (db, "SELECT count(*) FROM orders");
  double cancelled = demo_test_int (db, "SELECT count(*) FROM orders WHERE status = 'cancelled'");
  double returned = demo_test_int (db, "SELECT count(*) FROM orders WHERE status = 'returned'");
  double online = demo_test_int (db, "SELECT count(*) FROM orders WHERE channel = 'online'");
  double lines = (double)demo_test_int (db, "SELECT count(*) FROM sales");
  double top_lines = (double)demo_test_int (db, "SELECT sum(n) FROM (SELECT count(*) AS n"
                                                " FROM sales GROUP BY product_id"
                                                " ORDER BY n DESC LIMIT 50)");
  gint64 discounted = demo_test_int (db, "SELECT count(*) FROM sales s JOIN products p ON"
                                         " p.id = s.product_id WHERE s.unit_price < p.unit_price");
  double deepest = demo_test_double (db, "SELECT min(s.unit_price / p.unit_price) FROM sales s"
                                         " JOIN products p ON p.id = s.product_id");
  double first_month = (double)demo_test_int (db, "SELECT count(*) FROM orders"
                                                  " WHERE placed_at < '2026-01-09 15:30:00'");
  double last_month = (double)demo_test_int (db, "SELECT count(*) FROM orders"
                                                 " WHERE placed_at >= '2026-02-08 15:30:00'");

  g_assert_cmpfloat (cancelled / orders, >, 0.01);
  g_assert_cmpfloat (cancelled / orders, <, 0.05);
  g_assert_cmpfloat (returned / orders, >, 0.005);
  g_assert_cmpfloat (returned / orders, <, 0.04);
  g_assert_cmpfloat (online / orders, >, 0.1);
  g_assert_cmpfloat (online / orders, <, 0.4);
  /* Zipf-like: the top 10% of products make far more than 10% of the lines. */
  g_assert_cmpfloat (top_lines / lines, >, 0.35);
  /* Promotions: some lines sold below list price, never by more than 30%. */
  g_assert_cmpint (discounted, >, 0);
  g_assert_cmpfloat (deepest, >=, 0.69);
  /* A mild upward trend. */
  g_assert_cmpfloat (last_month, >, first_month);
  g_assert_cmpfloat (last_month, <, first_month * 1.3);
}

static char *
skus_below_100 (sqlite3 *db)
{
  return demo_test_text (db, "SELECT group_concat (sku, ',') FROM (SELECT p.sku FROM inventory i"
                             " JOIN products p ON p.id = i.product_id GROUP BY p.id"
                             " HAVING sum (i.units_on_hand) < 100 ORDER BY p.sku)");
}

static void
test_low_stock (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = demo_test_generate (dir, "default.db", BS_DEMO_DEFAULT_SEED,
                                              BS_DEMO_DEFAULT_ROWS, DEMO_TEST_END);
  g_autofree char *other_path = demo_test_generate (dir, "other.db", 42, SHARED_ROWS, NULL);
  g_autoptr(sqlite3) db = demo_test_open (path);
  g_autoptr(sqlite3) other = demo_test_open (other_path);
  g_autofree char *expected = g_strjoinv (",", (char **)default_low_stock);
  g_autofree char *low = skus_below_100 (db);
  g_autofree char *info = demo_test_text (db, "SELECT value FROM demo_info"
                                              " WHERE key = 'low_stock_skus'");
  g_autofree char *other_low = skus_below_100 (other);
  g_autofree char *other_info = demo_test_text (other, "SELECT value FROM demo_info"
                                                       " WHERE key = 'low_stock_skus'");

  g_assert_cmpstr (low, ==, expected);
  g_assert_cmpstr (info, ==, expected);
  g_assert_cmpstr (other_low, ==, other_info);

  /* Each of them is short in several stores; everything else is well stocked. */
  g_assert_cmpint (demo_test_int (db, "SELECT min(n) FROM (SELECT count(*) AS n FROM inventory i"
                                      " JOIN products p ON p.id = i.product_id WHERE"
                                      " instr ((SELECT value FROM demo_info WHERE key ="
                                      " 'low_stock_skus'), p.sku) > 0 AND i.units_on_hand <"
                                      " i.reorder_level GROUP BY p.id)"), >=, 3);
  g_assert_cmpint (demo_test_int (db, "SELECT min(total) FROM (SELECT sum (units_on_hand) AS total"
                                      " FROM inventory GROUP BY product_id) WHERE total >= 100"),
                   >=, 150);

  g_clear_pointer (&db, sqlite3_close);
  g_clear_pointer (&other, sqlite3_close);
  demo_test_remove_dir (dir);
}

static void
test_end_rounding (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = demo_test_generate (dir, "end.db", 3, 20000, "2026-03-10T15:30:42Z");
  g_autofree char *now_path = NULL;
  g_autoptr(sqlite3) db = demo_test_open (path);
  g_autoptr(sqlite3) now_db = NULL;
  g_autofree char *end = demo_test_text (db, "SELECT value FROM demo_info WHERE key = 'end'");
  g_autofree char *now_end = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpstr (end, ==, "2026-03-10T15:30:00Z");
  g_assert_cmpint (count_with_text (db, "SELECT count(*) FROM orders WHERE placed_at >= ?1",
                                    "2026-03-10 15:30:00", NULL), ==, 0);

  /* Without an end, the data ends now, on the minute. */
  now_path = demo_test_generate (dir, "now.db", 3, 20000, NULL);
  now_db = demo_test_open (now_path);
  now_end = demo_test_text (now_db, "SELECT value FROM demo_info WHERE key = 'end'");
  parsed = g_date_time_new_from_iso8601 (now_end, NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_get_second (parsed), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (parsed), <=, now);
  g_assert_cmpint (g_date_time_to_unix (parsed), >, now - 120);

  g_clear_pointer (&db, sqlite3_close);
  g_clear_pointer (&now_db, sqlite3_close);
  demo_test_remove_dir (dir);
}

/* Ending at midnight UTC: the last day is the one before, and its snapshot is the end. */
static void
test_end_at_midnight (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = demo_test_generate (dir, "midnight.db", 3, 20000,
                                              "2026-03-10T00:00:30Z");
  g_autoptr(sqlite3) db = demo_test_open (path);
  g_autofree char *last_day = demo_test_text (db, "SELECT max (day) FROM inventory_snapshots");

  g_assert_cmpstr (last_day, ==, "2026-03-09");
  g_assert_cmpint (count_with_text (db, "SELECT count(*) FROM orders WHERE placed_at >= ?1",
                                    "2026-03-10", NULL), ==, 0);
  g_assert_cmpint (demo_test_int (db, "SELECT count(*) FROM inventory i JOIN inventory_snapshots s"
                                      " USING (product_id, store_id) WHERE s.day = '2026-03-09'"
                                      " AND s.units_on_hand = i.units_on_hand"), ==, 6000);
  g_clear_pointer (&db, sqlite3_close);
  demo_test_remove_dir (dir);
}

typedef struct
{
  GArray       *written;
  guint64       total;
  guint64       cancel_at;     /* 0: never */
  GCancellable *cancellable;
} Progress;

static void
on_progress (guint64  rows_written,
             guint64  rows_total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_array_append_val (progress->written, rows_written);
  progress->total = rows_total;
  if (progress->cancel_at > 0 && rows_written >= progress->cancel_at)
    g_cancellable_cancel (progress->cancellable);
}

static void
test_progress (void)
{
  const guint64 rows = 20000;
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(BsDemoGenerator) generator = bs_demo_generator_new (5, rows, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (guint64));
  Progress progress = { .written = written };
  guint64 previous = 0;

  bs_demo_generator_set_progress_func (generator, on_progress, &progress, NULL);
  g_assert_true (bs_demo_generator_write (generator, path, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (progress.total, ==, rows);
  g_assert_cmpuint (written->len, >=, 100);
  for (guint i = 0; i < written->len; i++)
    {
      guint64 now = g_array_index (written, guint64, i);

      g_assert_cmpuint (now, >=, previous);
      g_assert_cmpuint (now - previous, <=, rows / 100);
      previous = now;
    }
  g_assert_cmpuint (previous, ==, rows);
  demo_test_remove_dir (dir);
}

/* Cancels once @cancel_at rows are written (0: before the write starts). */
static void
assert_cancelled_at (guint64 cancel_at)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(BsDemoGenerator) generator = bs_demo_generator_new (5, 50000, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (guint64));
  Progress progress = { .written = written, .cancel_at = cancel_at, .cancellable = cancellable };
  g_autoptr(GError) error = NULL;

  if (cancel_at == 0)
    g_cancellable_cancel (cancellable);
  bs_demo_generator_set_progress_func (generator, on_progress, &progress, NULL);
  g_assert_false (bs_demo_generator_write (generator, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped at the next look at the cancellable, not after writing everything. */
  if (cancel_at == 0)
    g_assert_cmpuint (written->len, ==, 0);
  else
    g_assert_cmpuint (g_array_index (written, guint64, written->len - 1), <=,
                      cancel_at + 50000 / 100);
  g_assert_cmpuint (demo_test_count_files (dir), ==, 0);
  demo_test_remove_dir (dir);
}

static void
test_cancel (void)
{
  assert_cancelled_at (0);
  assert_cancelled_at (15000);
  /* At the last row: before the indexes are built. */
  assert_cancelled_at (50000);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} AsyncResult;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *outcome = user_data;

  outcome->ok = bs_demo_generator_write_finish (BS_DEMO_GENERATOR (source), result,
                                                &outcome->error);
  g_main_loop_quit (outcome->loop);
}

static void
run_async (BsDemoGenerator *generator,
           const char      *path,
           GCancellable    *cancellable,
           AsyncResult     *outcome)
{
  outcome->loop = g_main_loop_new (NULL, FALSE);
  bs_demo_generator_write_async (generator, path, cancellable, on_written, outcome);
  g_main_loop_run (outcome->loop);
  g_main_loop_unref (outcome->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(BsDemoGenerator) generator = bs_demo_generator_new (5, 30000, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (guint64));
  Progress progress = { .written = written, .cancel_at = 10000, .cancellable = cancellable };
  AsyncResult outcome = { 0 };
  g_autoptr(sqlite3) db = NULL;

  run_async (generator, path, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  db = demo_test_open (path);
  g_assert_cmpint (fact_rows (db), ==, 30000);
  g_clear_pointer (&db, sqlite3_close);
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* The progress func runs in the worker thread; cancelling from there stops the write. */
  bs_demo_generator_set_progress_func (generator, on_progress, &progress, NULL);
  run_async (generator, path, cancellable, &outcome);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  g_assert_cmpuint (demo_test_count_files (dir), ==, 0);
  demo_test_remove_dir (dir);
}

static void
assert_write_fails (const char *path,
                    const char *dir,
                    guint       files_before)
{
  g_autoptr(BsDemoGenerator) generator = bs_demo_generator_new (5, 50000, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (bs_demo_generator_write (generator, path, NULL, &error));
  g_assert_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (demo_test_count_files (dir), ==, files_before);
}

static void
test_unwritable (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing", "demo.db", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain", NULL);
  g_autofree char *under_file = g_build_filename (plain, "demo.db", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "demo.db", NULL);

  assert_write_fails (missing, dir, 0);

  g_assert_true (g_file_set_contents (plain, "not a folder", -1, NULL));
  assert_write_fails (under_file, dir, 1);
  g_assert_cmpint (g_unlink (plain), ==, 0);

  /* Permissions do not stop root, so this part only means something for other users. */
  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  if (geteuid () != 0)
    assert_write_fails (in_locked, locked, 0);
  else
    g_test_message ("running as root: a read-only folder is writable, not checked");
  g_assert_cmpint (g_rmdir (locked), ==, 0);
  demo_test_remove_dir (dir);
}

static void
test_disk_full (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  struct rlimit saved, limited;
  void (*saved_handler) (int);

  /* A file size limit fails writes the way a full disk does (EFBIG instead of ENOSPC). */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 512 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  assert_write_fails (path, dir, 0);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);
  demo_test_remove_dir (dir);
}

static void
test_replace (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *first = demo_test_generate (dir, "demo.db", 1, 10000, NULL);
  g_autofree char *stale_wal = g_strconcat (first, "-wal", NULL);
  g_autofree char *second = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *seed = NULL;

  /* A log left behind by a crashed reader of the old file must not touch the new one. */
  g_assert_true (g_file_set_contents (stale_wal, "stale write-ahead log", -1, NULL));
  second = demo_test_generate (dir, "demo.db", 2, 10000, NULL);
  g_assert_false (g_file_test (stale_wal, G_FILE_TEST_EXISTS));

  db = demo_test_open (second);
  seed = demo_test_text (db, "SELECT value FROM demo_info WHERE key = 'seed'");
  g_assert_cmpstr (seed, ==, "2");
  g_assert_cmpint (fact_rows (db), ==, 10000);
  g_clear_pointer (&db, sqlite3_close);
  g_assert_cmpuint (demo_test_count_files (dir), ==, 1);
  demo_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/demo-generator/determinism", test_determinism);
  g_test_add_func ("/bs/demo-generator/row-counts", test_row_counts);
  g_test_add_func ("/bs/demo-generator/invalid-rows", test_invalid_rows);
  g_test_add_func ("/bs/demo-generator/schema", test_schema);
  g_test_add_func ("/bs/demo-generator/dimensions", test_dimensions);
  g_test_add_func ("/bs/demo-generator/inventory-detail", test_inventory_detail);
  g_test_add_func ("/bs/demo-generator/consistency", test_consistency);
  g_test_add_func ("/bs/demo-generator/snapshots-follow-sales", test_snapshots_follow_sales);
  g_test_add_func ("/bs/demo-generator/patterns", test_daily_and_weekly_patterns);
  g_test_add_func ("/bs/demo-generator/mix", test_mix);
  g_test_add_func ("/bs/demo-generator/low-stock", test_low_stock);
  g_test_add_func ("/bs/demo-generator/end", test_end_rounding);
  g_test_add_func ("/bs/demo-generator/end-at-midnight", test_end_at_midnight);
  g_test_add_func ("/bs/demo-generator/progress", test_progress);
  g_test_add_func ("/bs/demo-generator/cancel", test_cancel);
  g_test_add_func ("/bs/demo-generator/async", test_async);
  g_test_add_func ("/bs/demo-generator/unwritable", test_unwritable);
  g_test_add_func ("/bs/demo-generator/disk-full", test_disk_full);
  g_test_add_func ("/bs/demo-generator/replace", test_replace);

  status = g_test_run ();

  if (shared_dir != NULL)
    demo_test_remove_dir (shared_dir);
  g_free (shared_path);
  g_free (shared_dir);
  return status;
}
