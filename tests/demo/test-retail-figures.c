#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bs-demo-generator.h"
#include "bs-retail-figures.h"
#include "demo-test-util.h"

#define FIXTURE_ROWS 120000

/* Enough of the demo schema for the figures: what a retail source must at least have. */
static const char minimal_schema[] =
  "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT);"
  "CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT, region_id INTEGER);"
  "CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT, name TEXT);"
  "CREATE TABLE inventory (product_id INTEGER, store_id INTEGER, units_on_hand INTEGER,"
  " reorder_level INTEGER);"
  "CREATE TABLE orders (id INTEGER PRIMARY KEY, placed_at TEXT, store_id INTEGER, status TEXT,"
  " total REAL);";

static char *fixture_dir;
static char *fixture_path;

static JsonObject *
query (const char *path,
       const char *zone)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  JsonNode *node;
  JsonObject *object;

  g_assert_nonnull (tz);
  node = bs_retail_figures_query (path, tz, &error);
  g_test_message ("figures in %s: %.1f ms", zone, g_timer_elapsed (timer, NULL) * 1000.0);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static void
parse_day (const char *text,
           GDate      *date)
{
  g_date_clear (date, 1);
  g_date_set_parse (date, text);
  g_assert_true (g_date_valid (date));
}

/* The UTC text of local midnight starting @date in @tz, as the dataset writes times. */
static char *
utc_start (GTimeZone   *tz,
           const GDate *date)
{
  g_autoptr(GDateTime) local = g_date_time_new (tz, g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");
}

/* Completed sales of one local day, summed from the order lines. */
static void
independent_day (sqlite3    *db,
                 GTimeZone  *tz,
                 const GDate *date,
                 const char *until,
                 double     *amount,
                 gint64     *orders)
{
  GDate next = *date;
  g_autofree char *from = utc_start (tz, date);
  g_autofree char *to = NULL;
  sqlite3_stmt *stmt = NULL;

  g_date_add_days (&next, 1);
  to = utc_start (tz, &next);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT total (s.amount), count (DISTINCT o.id)"
                                           " FROM sales s JOIN orders o ON o.id = s.order_id"
                                           " WHERE o.status = 'completed' AND s.sold_at >= ?1"
                                           " AND s.sold_at < ?2"
                                           " AND s.sold_at <= coalesce (?3, '9999')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, until, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *amount = sqlite3_column_double (stmt, 0);
  *orders = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
}

static char *
expected_day (sqlite3   *db,
              GTimeZone *tz)
{
  g_autofree char *latest = demo_test_text (db, "SELECT max (placed_at) FROM orders"
                                                " WHERE status = 'completed'");
  g_autofree char *iso = g_strdup_printf ("%.10sT%sZ", latest, latest + 11);
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* The latest completed sale moved back one local day, as UTC text: the day before is
 * compared only up to the same time of day. */
static char *
same_time_day_before (sqlite3   *db,
                      GTimeZone *tz)
{
  g_autofree char *latest = demo_test_text (db, "SELECT max (placed_at) FROM orders"
                                                " WHERE status = 'completed'");
  g_autofree char *iso = g_strdup_printf ("%.10sT%sZ", latest, latest + 11);
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) before = g_date_time_add_days (local, -1);
  g_autoptr(GDateTime) before_utc = g_date_time_to_utc (before);

  return g_date_time_format (before_utc, "%Y-%m-%d %H:%M:%S");
}

static double
member_double (JsonObject *object,
               const char *group,
               const char *member)
{
  return json_object_get_double_member (json_object_get_object_member (object, group), member);
}

static gint64
member_int (JsonObject *object,
            const char *group,
            const char *member)
{
  return json_object_get_int_member (json_object_get_object_member (object, group), member);
}

static const char * const zones[] = {
  "UTC", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo",
  "Australia/Sydney",
};

static void
test_day (void)
{
  g_autoptr(sqlite3) db = demo_test_open (fixture_path);

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[i]);
      g_autoptr(JsonObject) figures = query (fixture_path, zones[i]);
      g_autofree char *expected = expected_day (db, tz);

      g_assert_cmpstr (json_object_get_string_member (figures, "day"), ==, expected);
      g_assert_false (json_object_get_boolean_member (figures, "is_today"));
      g_assert_cmpstr (json_object_get_string_member (figures, "currency"), ==, "USD");
    }

  /* 15:30 UTC is already the next day in Tokyo, where online orders come in at night. */
  {
    g_autoptr(JsonObject) utc = query (fixture_path, "UTC");
    g_autoptr(JsonObject) tokyo = query (fixture_path, "Asia/Tokyo");

    g_assert_cmpstr (json_object_get_string_member (utc, "day"), ==, "2026-03-10");
    g_assert_cmpstr (json_object_get_string_member (tokyo, "day"), ==, "2026-03-11");
  }
}

static void
test_today (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = demo_test_generate (dir, "now.db", 11, 20000, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* A zone where it is mid-afternoon now, so that today certainly has sales. */
  gint32 offset = (14 - g_date_time_get_hour (now)) * 3600;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (offset);
  g_autoptr(GDateTime) local_now = g_date_time_to_timezone (now, tz);
  g_autofree char *today = g_date_time_format (local_now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bs_retail_figures_query (path, tz, &error);
  JsonObject *figures;

  g_assert_no_error (error);
  figures = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (figures, "day"), ==, today);
  g_assert_true (json_object_get_boolean_member (figures, "is_today"));
  g_assert_cmpint (member_int (figures, "orders", "count"), >, 0);
  demo_test_remove_dir (dir);
}

static void
test_sales (void)
{
  g_autoptr(sqlite3) db = demo_test_open (fixture_path);

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[i]);
      g_autoptr(JsonObject) figures = query (fixture_path, zones[i]);
      GDate day, before;
      double amount, previous;
      gint64 orders, previous_orders;

      parse_day (json_object_get_string_member (figures, "day"), &day);
      before = day;
      g_date_subtract_days (&before, 1);
      g_autofree char *until = same_time_day_before (db, tz);

      independent_day (db, tz, &day, NULL, &amount, &orders);
      independent_day (db, tz, &before, until, &previous, &previous_orders);

      g_test_message ("%s: %.2f from %" G_GINT64_FORMAT " orders", zones[i], amount, orders);
      g_assert_cmpint (orders, >, 0);
      g_assert_cmpfloat_with_epsilon (member_double (figures, "sales", "amount"), amount, 0.01);
      g_assert_cmpfloat_with_epsilon (member_double (figures, "sales", "previous"), previous, 0.01);
      g_assert_cmpint (member_int (figures, "orders", "count"), ==, orders);
      g_assert_cmpint (member_int (figures, "orders", "previous"), ==, previous_orders);
      g_assert_cmpfloat_with_epsilon (member_double (figures, "average_order", "amount"),
                                      amount / orders, 0.01);
      g_assert_cmpfloat_with_epsilon (member_double (figures, "average_order", "previous"),
                                      previous / previous_orders, 0.01);
    }
}

static void
test_trend (void)
{
  g_autoptr(sqlite3) db = demo_test_open (fixture_path);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(JsonObject) figures = query (fixture_path, "Europe/Berlin");
  JsonArray *by_day = json_object_get_array_member (figures, "sales_by_day");
  JsonArray *by_region = json_object_get_array_member (figures, "sales_by_region");
  GDate day;
  double region_total = 0.0;
  double last = G_MAXDOUBLE;

  parse_day (json_object_get_string_member (figures, "day"), &day);
  g_assert_cmpuint (json_array_get_length (by_day), ==, 14);
  for (guint i = 0; i < 14; i++)
    {
      JsonObject *entry = json_array_get_object_element (by_day, i);
      GDate date = day;
      char text[16];
      double amount;
      gint64 orders;

      g_date_subtract_days (&date, 13 - i);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
      independent_day (db, tz, &date, NULL, &amount, &orders);
      g_assert_cmpstr (json_object_get_string_member (entry, "day"), ==, text);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "amount"), amount,
                                      0.01);
    }

  g_assert_cmpuint (json_array_get_length (by_region), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *entry = json_array_get_object_element (by_region, i);
      double amount = json_object_get_double_member (entry, "amount");

      g_assert_nonnull (json_object_get_string_member (entry, "region"));
      g_assert_cmpfloat (amount, <=, last);
      last = amount;
      region_total += amount;
    }
  g_assert_cmpfloat_with_epsilon (region_total, member_double (figures, "sales", "amount"), 0.05);
}

static void
test_low_stock (void)
{
  g_autoptr(sqlite3) db = demo_test_open (fixture_path);
  g_autoptr(JsonObject) figures = query (fixture_path, "UTC");
  JsonObject *low_stock = json_object_get_object_member (figures, "low_stock");
  JsonArray *items = json_object_get_array_member (low_stock, "items");
  double lowest_cover = demo_test_double (db, "SELECT min (units_on_hand * 1.0 / reorder_level)"
                                              " FROM inventory");
  double previous_cover = 0.0;

  g_assert_cmpint (json_object_get_int_member (low_stock, "count"), ==,
                   demo_test_int (db, "SELECT count(*) FROM inventory"
                                      " WHERE units_on_hand < reorder_level"));
  g_assert_cmpint (json_object_get_int_member (low_stock, "count"), >, 10);
  g_assert_cmpuint (json_array_get_length (items), ==, 10);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 units = json_object_get_int_member (item, "units");
      gint64 reorder_level = json_object_get_int_member (item, "reorder_level");
      double cover = (double)units / (double)reorder_level;

      g_assert_cmpint (units, <, reorder_level);
      g_assert_cmpfloat (cover, >=, previous_cover);
      if (i == 0)
        g_assert_cmpfloat (cover, ==, lowest_cover);
      previous_cover = cover;
      g_assert_nonnull (strchr (json_object_get_string_member (item, "sku"), '-'));
      g_assert_cmpstr (json_object_get_string_member (item, "product"), !=, "");
      g_assert_cmpstr (json_object_get_string_member (item, "store"), !=, "");
    }
}

static void
test_dimensions (void)
{
  g_autoptr(JsonObject) figures = query (fixture_path, "UTC");

  g_assert_cmpint (json_object_get_int_member (figures, "stores"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (figures, "regions"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (figures, "products"), ==, 500);
}

static char *
make_minimal (const char *dir,
              const char *name,
              const char *extra_sql)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(sqlite3) db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, minimal_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  if (extra_sql != NULL)
    g_assert_cmpint (sqlite3_exec (db, extra_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return path;
}

static void
assert_schema_error (const char *path,
                     const char *missing)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", missing);
  JsonNode *node = bs_retail_figures_query (path, tz, &error);

  g_assert_null (node);
  g_assert_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_SCHEMA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, quoted));
}

static void
test_schema_errors (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *no_inventory = make_minimal (dir, "no-inventory.db", "DROP TABLE inventory");
  g_autofree char *no_status = make_minimal (dir, "no-status.db",
                                             "ALTER TABLE orders DROP COLUMN status");
  g_autofree char *no_sku = make_minimal (dir, "no-sku.db", "ALTER TABLE products DROP COLUMN sku");
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);

  assert_schema_error (no_inventory, "inventory");
  assert_schema_error (no_status, "status");
  assert_schema_error (no_sku, "sku");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_schema_error (empty, "orders");
  demo_test_remove_dir (dir);
}

static void
test_open_errors (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;

  g_assert_null (bs_retail_figures_query (missing, tz, &error));
  g_assert_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (garbage, "this is not a database, only some text that is"
                                               " long enough to fill a header", -1, NULL));
  g_assert_null (bs_retail_figures_query (garbage, tz, &error));
  g_assert_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_OPEN);
  demo_test_remove_dir (dir);
}

/* A source with the tables but no rows yet: today, all zeros, no failure. */
static void
test_no_sales (void)
{
  g_autofree char *dir = demo_test_make_dir ();
  g_autofree char *path = make_minimal (dir, "fresh.db", NULL);
  g_autoptr(JsonObject) figures = query (path, "UTC");
  JsonArray *by_day = json_object_get_array_member (figures, "sales_by_day");

  g_assert_true (json_object_get_boolean_member (figures, "is_today"));
  g_assert_cmpfloat (member_double (figures, "sales", "amount"), ==, 0.0);
  g_assert_cmpint (member_int (figures, "orders", "count"), ==, 0);
  g_assert_cmpfloat (member_double (figures, "average_order", "amount"), ==, 0.0);
  g_assert_cmpint (member_int (figures, "low_stock", "count"), ==, 0);
  g_assert_cmpuint (json_array_get_length (by_day), ==, 14);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (figures,
                                                                         "sales_by_region")),
                    ==, 0);
  demo_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  fixture_dir = demo_test_make_dir ();
  fixture_path = demo_test_generate (fixture_dir, "retail.db", BS_DEMO_DEFAULT_SEED,
                                     FIXTURE_ROWS, DEMO_TEST_END);

  g_test_add_func ("/bs/retail-figures/day", test_day);
  g_test_add_func ("/bs/retail-figures/today", test_today);
  g_test_add_func ("/bs/retail-figures/sales", test_sales);
  g_test_add_func ("/bs/retail-figures/trend", test_trend);
  g_test_add_func ("/bs/retail-figures/low-stock", test_low_stock);
  g_test_add_func ("/bs/retail-figures/dimensions", test_dimensions);
  g_test_add_func ("/bs/retail-figures/schema-errors", test_schema_errors);
  g_test_add_func ("/bs/retail-figures/open-errors", test_open_errors);
  g_test_add_func ("/bs/retail-figures/no-sales", test_no_sales);

  status = g_test_run ();

  demo_test_remove_dir (fixture_dir);
  g_free (fixture_path);
  g_free (fixture_dir);
  return status;
}
