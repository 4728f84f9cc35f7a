#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "bs-retail-figures.h"

#define TREND_DAYS       14
#define LOW_STOCK_ITEMS  10
#define BUSY_TIMEOUT_MS  5000
#define TIME_TEXT_LENGTH 19   /* "YYYY-MM-DD HH:MM:SS" */

typedef struct
{
  const char *table;
  const char *columns[5];
} Requirement;

static const Requirement requirements[] = {
  { "orders", { "placed_at", "store_id", "status", "total", NULL } },
  { "stores", { "id", "name", "region_id", NULL } },
  { "regions", { "id", "name", NULL } },
  { "products", { "id", "sku", "name", NULL } },
  { "inventory", { "product_id", "store_id", "units_on_hand", "reorder_level", NULL } },
};

typedef struct
{
  gint64  id;
  char   *name;
  double  amount;
} Region;

typedef struct
{
  sqlite3    *db;
  const char *path;
  GTimeZone  *tz;
  GDate       day;                              /* the day the figures are about */
  char        bounds[TREND_DAYS + 1][TIME_TEXT_LENGTH + 1];  /* UTC starts of the days */
  double      amount[TREND_DAYS];
  gint64      count[TREND_DAYS];
  /* The day before, only up to the time of day of the latest sale, so that a day still
   * in progress is compared with the same hours of the day before, not with all of it. */
  char        previous_cutoff[TIME_TEXT_LENGTH + 1];
  double      previous_amount;
  gint64      previous_count;
  GArray     *regions;                          /* of Region */
  GHashTable *store_regions;                    /* store id -> index into regions + 1 */
} Figures;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_DEFINE_QUARK (bs-retail-figures-error-quark, bs_retail_figures_error)

static void
clear_region (gpointer data)
{
  Region *region = data;

  g_free (region->name);
}

static void
figures_clear (Figures *figures)
{
  g_clear_pointer (&figures->db, sqlite3_close);
  g_clear_pointer (&figures->tz, g_time_zone_unref);
  g_clear_pointer (&figures->regions, g_array_unref);
  g_clear_pointer (&figures->store_regions, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Figures, figures_clear)

static gboolean
set_sqlite_error (Figures     *figures,
                  int          rc,
                  const char  *what,
                  GError     **error)
{
  int primary = rc & 0xff;

  if (primary == SQLITE_CANTOPEN || primary == SQLITE_NOTADB)
    g_set_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_OPEN,
                 "Could not open the retail data “%s”: %s.", figures->path,
                 sqlite3_errstr (rc));
  else
    g_set_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_QUERY,
                 "Could not read %s from “%s”: %s.", what, figures->path,
                 figures->db != NULL ? sqlite3_errmsg (figures->db) : sqlite3_errstr (rc));
  return FALSE;
}

typedef void (*RowFunc) (Figures      *figures,
                         sqlite3_stmt *stmt,
                         gpointer      user_data);

/* Runs @sql with its text parameters (NULL-terminated, or NULL for none) and hands every row
 * to @func. @what names the data for an error message. */
static gboolean
run_query (Figures            *figures,
           const char         *sql,
           const char         *what,
           const char * const *params,
           RowFunc             func,
           gpointer            user_data,
           GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (figures->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (figures, rc, what, error);
  for (int i = 0; params != NULL && params[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (figures, stmt, user_data);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (figures, rc, what, error);
  return TRUE;
}

static void
keep_int64 (Figures      *figures,
            sqlite3_stmt *stmt,
            gpointer      user_data)
{
  *(gint64 *)user_data = sqlite3_column_int64 (stmt, 0);
}

static void
add_column (Figures      *figures,
            sqlite3_stmt *stmt,
            gpointer      user_data)
{
  g_hash_table_add (user_data, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
}

static gboolean
check_table (Figures            *figures,
             const Requirement  *requirement,
             GError            **error)
{
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const params[] = { requirement->table, NULL };

  if (!run_query (figures, "SELECT name FROM pragma_table_info (?)", "the tables", params,
                  add_column, columns, error))
    return FALSE;

  if (g_hash_table_size (columns) == 0)
    {
      g_set_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_SCHEMA,
                   "The retail data “%s” has no table “%s”, which the Home figures need.",
                   figures->path, requirement->table);
      return FALSE;
    }
  for (guint i = 0; requirement->columns[i] != NULL; i++)
    {
      if (g_hash_table_contains (columns, requirement->columns[i]))
        continue;
      g_set_error (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_SCHEMA,
                   "Table “%s” in “%s” has no column “%s”, which the Home figures need.",
                   requirement->table, figures->path, requirement->columns[i]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_database (Figures     *figures,
               GError     **error)
{
  int rc = sqlite3_open_v2 (figures->path, &figures->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (figures, rc, "the data", error);
  sqlite3_extended_result_codes (figures->db, TRUE);
  sqlite3_busy_timeout (figures->db, BUSY_TIMEOUT_MS);

  for (guint i = 0; i < G_N_ELEMENTS (requirements); i++)
    {
      if (!check_table (figures, &requirements[i], error))
        return FALSE;
    }

  /* One read transaction: every figure comes from the same state of the file. */
  rc = sqlite3_exec (figures->db, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (figures, rc, "the data", error);
  return TRUE;
}

static void
date_from_time (GDateTime *time,
                GDate     *date)
{
  int year, month, day;

  g_date_time_get_ymd (time, &year, &month, &day);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

/* The UTC text of the first moment of @date in the figures' time zone: comparing text
 * against the indexed timestamp column keeps the lookups on the index. */
static void
day_start_text (Figures     *figures,
                const GDate *date,
                char         out[TIME_TEXT_LENGTH + 1])
{
  g_autoptr(GDateTime) local = g_date_time_new (figures->tz, g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");

  g_strlcpy (out, text, TIME_TEXT_LENGTH + 1);
}

static GDateTime *
parse_time (const char *text)
{
  int year, month, day, hour, minute, second;

  if (text == NULL ||
      sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) != 6)
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

static void
keep_time (Figures      *figures,
           sqlite3_stmt *stmt,
           gpointer      user_data)
{
  GDateTime **time = user_data;

  g_clear_pointer (time, g_date_time_unref);
  *time = parse_time ((const char *)sqlite3_column_text (stmt, 0));
}

static void
set_previous_cutoff (Figures   *figures,
                     GDateTime *latest)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (latest, figures->tz);
  g_autoptr(GDateTime) day_before = g_date_time_add_days (local, -1);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (day_before);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");

  g_strlcpy (figures->previous_cutoff, text, TIME_TEXT_LENGTH + 1);
}

/* The latest day with a completed order, in the figures' time zone; today if none. */
static gboolean
find_day (Figures     *figures,
          GError     **error)
{
  g_autoptr(GDateTime) latest = NULL;
  g_autoptr(GDateTime) local = NULL;

  /* The always-true range steers SQLite onto the placed_at index, walked from the end;
   * without statistics it would rather scan the whole table for the status. */
  if (!run_query (figures, "SELECT placed_at FROM orders WHERE placed_at > ''"
                           " AND status = 'completed' ORDER BY placed_at DESC LIMIT 1",
                  "the latest sale", NULL, keep_time, &latest, error))
    return FALSE;

  if (latest == NULL)
    latest = g_date_time_new_now_utc ();
  set_previous_cutoff (figures, latest);
  local = g_date_time_to_timezone (latest, figures->tz);
  date_from_time (local, &figures->day);

  for (guint i = 0; i <= TREND_DAYS; i++)
    {
      GDate date = figures->day;

      if (i < TREND_DAYS - 1)
        g_date_subtract_days (&date, TREND_DAYS - 1 - i);
      else
        g_date_add_days (&date, i - (TREND_DAYS - 1));
      day_start_text (figures, &date, figures->bounds[i]);
    }
  return TRUE;
}

static void
add_region (Figures      *figures,
            sqlite3_stmt *stmt,
            gpointer      user_data)
{
  Region region = {
    .id = sqlite3_column_int64 (stmt, 0),
    .name = g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
  };

  g_array_append_val (figures->regions, region);
}

static void
add_store (Figures      *figures,
           sqlite3_stmt *stmt,
           gpointer      user_data)
{
  gint64 region_id = sqlite3_column_int64 (stmt, 1);

  for (guint i = 0; i < figures->regions->len; i++)
    {
      if (g_array_index (figures->regions, Region, i).id == region_id)
        g_hash_table_insert (figures->store_regions,
                             GSIZE_TO_POINTER ((gsize)sqlite3_column_int64 (stmt, 0)),
                             GUINT_TO_POINTER (i + 1));
    }
}

static gboolean
load_regions (Figures     *figures,
              GError     **error)
{
  figures->regions = g_array_new (FALSE, TRUE, sizeof (Region));
  g_array_set_clear_func (figures->regions, clear_region);
  figures->store_regions = g_hash_table_new (NULL, NULL);

  return run_query (figures, "SELECT id, name FROM regions ORDER BY id", "the regions", NULL,
                    add_region, NULL, error) &&
         run_query (figures, "SELECT id, region_id FROM stores", "the stores", NULL,
                    add_store, NULL, error);
}

/* The day of the trend a UTC timestamp falls in, by its position among the day starts. */
static guint
bucket_of (const Figures *figures,
           const char    *placed_at)
{
  guint low = 0;
  guint high = TREND_DAYS;

  while (high - low > 1)
    {
      guint mid = (low + high) / 2;

      if (strcmp (placed_at, figures->bounds[mid]) >= 0)
        low = mid;
      else
        high = mid;
    }
  return low;
}

static void
add_sale (Figures      *figures,
          sqlite3_stmt *stmt,
          gpointer      user_data)
{
  const char *placed_at = (const char *)sqlite3_column_text (stmt, 0);
  guint bucket = bucket_of (figures, placed_at);
  double total = sqlite3_column_double (stmt, 1);
  gint64 store_id = sqlite3_column_int64 (stmt, 2);
  guint region;

  figures->amount[bucket] += total;
  figures->count[bucket]++;
  if (bucket == TREND_DAYS - 2 && strcmp (placed_at, figures->previous_cutoff) <= 0)
    {
      figures->previous_amount += total;
      figures->previous_count++;
    }
  if (bucket != TREND_DAYS - 1)
    return;
  region = GPOINTER_TO_UINT (g_hash_table_lookup (figures->store_regions,
                                                  GSIZE_TO_POINTER ((gsize)store_id)));
  if (region > 0)
    g_array_index (figures->regions, Region, region - 1).amount += total;
}

/* Completed orders of the last TREND_DAYS days in one pass over the placed_at index. */
static gboolean
sum_sales (Figures     *figures,
           GError     **error)
{
  const char * const params[] = { figures->bounds[0], figures->bounds[TREND_DAYS], NULL };

  return run_query (figures, "SELECT placed_at, total, store_id FROM orders"
                             " WHERE placed_at >= ?1 AND placed_at < ?2"
                             " AND status = 'completed'",
                    "the sales", params, add_sale, NULL, error);
}

static double
round_money (double amount)
{
  return round (amount * 100.0) / 100.0;
}

static void
add_pair (JsonBuilder *builder,
          const char  *name,
          const char  *value_name,
          double       value,
          double       previous)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, value_name);
  json_builder_add_double_value (builder, value);
  json_builder_set_member_name (builder, "previous");
  json_builder_add_double_value (builder, previous);
  json_builder_end_object (builder);
}

static void
add_headline (Figures     *figures,
              JsonBuilder *builder)
{
  guint today = TREND_DAYS - 1;
  double average = figures->count[today] > 0 ? figures->amount[today] / figures->count[today] : 0;
  double average_before = figures->previous_count > 0
                          ? figures->previous_amount / figures->previous_count : 0;

  add_pair (builder, "sales", "amount", round_money (figures->amount[today]),
            round_money (figures->previous_amount));
  json_builder_set_member_name (builder, "orders");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, figures->count[today]);
  json_builder_set_member_name (builder, "previous");
  json_builder_add_int_value (builder, figures->previous_count);
  json_builder_end_object (builder);
  add_pair (builder, "average_order", "amount", round_money (average),
            round_money (average_before));
}

static void
add_day_member (JsonBuilder *builder,
                const char  *name,
                const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static gboolean
add_count (Figures      *figures,
           JsonBuilder  *builder,
           const char   *member,
           const char   *sql,
           GError      **error)
{
  gint64 count = 0;

  if (!run_query (figures, sql, member, NULL, keep_int64, &count, error))
    return FALSE;

  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, count);
  return TRUE;
}

static void
add_low_stock_item (Figures      *figures,
                    sqlite3_stmt *stmt,
                    gpointer      user_data)
{
  static const char * const names[] = { "product", "sku", "store" };
  JsonBuilder *builder = user_data;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, (int)i));
    }
  json_builder_set_member_name (builder, "units");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
  json_builder_set_member_name (builder, "reorder_level");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 4));
  json_builder_end_object (builder);
}

static gboolean
add_low_stock (Figures      *figures,
               JsonBuilder  *builder,
               GError      **error)
{
  json_builder_set_member_name (builder, "low_stock");
  json_builder_begin_object (builder);
  if (!add_count (figures, builder, "count",
                  "SELECT count(*) FROM inventory WHERE units_on_hand < reorder_level", error))
    return FALSE;

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  /* Lowest cover first: 2 of 40 is more urgent than 3 of 5. */
  if (!run_query (figures, "SELECT p.name, p.sku, s.name, i.units_on_hand, i.reorder_level"
                           " FROM inventory i JOIN products p ON p.id = i.product_id"
                           " JOIN stores s ON s.id = i.store_id"
                           " WHERE i.units_on_hand < i.reorder_level"
                           " ORDER BY CAST (i.units_on_hand AS REAL) / i.reorder_level,"
                           " i.units_on_hand, p.sku, s.name"
                           " LIMIT " G_STRINGIFY (LOW_STOCK_ITEMS),
                  "the low stock", NULL, add_low_stock_item, builder, error))
    return FALSE;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

static void
add_sales_by_day (Figures     *figures,
                  JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "sales_by_day");
  json_builder_begin_array (builder);
  for (guint i = 0; i < TREND_DAYS; i++)
    {
      GDate date = figures->day;

      g_date_subtract_days (&date, TREND_DAYS - 1 - i);
      json_builder_begin_object (builder);
      add_day_member (builder, "day", &date);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_double_value (builder, round_money (figures->amount[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
compare_regions (gconstpointer a,
                 gconstpointer b)
{
  const Region *x = a;
  const Region *y = b;

  if (x->amount != y->amount)
    return x->amount > y->amount ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

static void
add_sales_by_region (Figures     *figures,
                     JsonBuilder *builder)
{
  g_array_sort (figures->regions, compare_regions);

  json_builder_set_member_name (builder, "sales_by_region");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figures->regions->len; i++)
    {
      const Region *region = &g_array_index (figures->regions, Region, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "region");
      json_builder_add_string_value (builder, region->name);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_double_value (builder, round_money (region->amount));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static gboolean
build (Figures      *figures,
       JsonBuilder  *builder,
       GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (figures->tz);
  GDate today;

  date_from_time (now, &today);

  json_builder_begin_object (builder);
  add_day_member (builder, "day", &figures->day);
  json_builder_set_member_name (builder, "is_today");
  json_builder_add_boolean_value (builder, g_date_compare (&figures->day, &today) == 0);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, "USD");
  add_headline (figures, builder);
  if (!add_low_stock (figures, builder, error) ||
      !add_count (figures, builder, "stores", "SELECT count(*) FROM stores", error) ||
      !add_count (figures, builder, "regions", "SELECT count(*) FROM regions", error) ||
      !add_count (figures, builder, "products", "SELECT count(*) FROM products", error))
    return FALSE;
  add_sales_by_day (figures, builder);
  add_sales_by_region (figures, builder);
  json_builder_end_object (builder);
  return TRUE;
}

JsonNode *
bs_retail_figures_query (const char  *db_path,
                         GTimeZone   *tz,
                         GError     **error)
{
  g_auto(Figures) figures = { .path = db_path };
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  figures.tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  if (!open_database (&figures, error) ||
      !find_day (&figures, error) ||
      !load_regions (&figures, error) ||
      !sum_sales (&figures, error))
    return NULL;

  builder = json_builder_new ();
  if (!build (&figures, builder, error))
    return NULL;
  return json_builder_get_root (builder);
}
