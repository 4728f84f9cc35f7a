#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <sqlite3.h>

#include "bs-demo-generator.h"
#include "bs-demo-writer.h"

/* VM steps between two looks at the cancellable while SQLite works on its own (indexes). */
#define CANCEL_CHECK_STEPS 20000

static const char schema_sql[] =
  "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL,"
  " region_id INTEGER NOT NULL REFERENCES regions (id), opened_on TEXT NOT NULL,"
  " time_zone TEXT NOT NULL);"
  "CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
  " category_id INTEGER NOT NULL REFERENCES categories (id), unit_price REAL NOT NULL,"
  " unit_cost REAL NOT NULL, reorder_level INTEGER NOT NULL);"
  "CREATE TABLE inventory (product_id INTEGER NOT NULL REFERENCES products (id),"
  " store_id INTEGER NOT NULL REFERENCES stores (id),"
  " units_on_hand INTEGER NOT NULL CHECK (units_on_hand >= 0),"
  " reorder_level INTEGER NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE inventory_snapshots (day TEXT NOT NULL,"
  " product_id INTEGER NOT NULL REFERENCES products (id),"
  " store_id INTEGER NOT NULL REFERENCES stores (id),"
  " units_on_hand INTEGER NOT NULL CHECK (units_on_hand >= 0));"
  "CREATE TABLE orders (id INTEGER PRIMARY KEY, placed_at TEXT NOT NULL,"
  " store_id INTEGER NOT NULL REFERENCES stores (id),"
  " channel TEXT NOT NULL CHECK (channel IN ('in_store', 'online')),"
  " status TEXT NOT NULL CHECK (status IN ('completed', 'cancelled', 'returned')),"
  " items INTEGER NOT NULL, total REAL NOT NULL);"
  "CREATE TABLE sales (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders (id),"
  " sold_at TEXT NOT NULL, store_id INTEGER NOT NULL REFERENCES stores (id),"
  " product_id INTEGER NOT NULL REFERENCES products (id), quantity INTEGER NOT NULL,"
  " unit_price REAL NOT NULL, amount REAL NOT NULL);"
  "CREATE TABLE demo_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

/* Built once the rows are in: far cheaper than keeping them up to date row by row. */
static const char index_sql[] =
  "CREATE INDEX sales_sold_at ON sales (sold_at);"
  "CREATE INDEX sales_product_sold_at ON sales (product_id, sold_at);"
  "CREATE INDEX orders_placed_at ON orders (placed_at);"
  "CREATE INDEX inventory_snapshots_day ON inventory_snapshots (day);"
  /* Leads with product_id, so it serves lookups by product, and keeps one row per pair. */
  "CREATE UNIQUE INDEX inventory_product_store ON inventory (product_id, store_id);";

/* The query builder reads one table or view and never joins: views give the dropdowns
 * names to split by instead of ids. "IF NOT EXISTS", so that bs_demo_add_views () can add
 * them to a demo written before they existed. */
static const char views_sql[] =
  /* Sales by region, store, channel, category or product name. Every sale has its order,
   * store and product, so each lookup finds exactly one row. SQLite leaves out an unused
   * join only outside aggregates, and a query over the view is always one: so the columns
   * seldom used in a split are subqueries, computed only when a query names them, and
   * "amount per region" over 6.7M sales skips orders and products. */
  "CREATE VIEW IF NOT EXISTS sales_detail AS SELECT s.id, s.sold_at, r.name AS region,"
  " st.name AS store,"
  " (SELECT o.channel FROM orders o WHERE o.id = s.order_id) AS channel,"
  " (SELECT c.name FROM products p JOIN categories c ON c.id = p.category_id"
  " WHERE p.id = s.product_id) AS category,"
  " (SELECT p.sku FROM products p WHERE p.id = s.product_id) AS product,"
  " (SELECT p.name FROM products p WHERE p.id = s.product_id) AS product_name,"
  " s.quantity, s.unit_price, s.amount FROM sales s"
  " JOIN stores st ON st.id = s.store_id JOIN regions r ON r.id = st.region_id;"
  /* The stock of each product in each store, named as in sales_detail ("product" is the
   * SKU): a few thousand rows, so plain joins. */
  "CREATE VIEW IF NOT EXISTS inventory_detail AS SELECT p.sku AS product,"
  " p.name AS product_name,"
  " c.name AS category, st.name AS store, r.name AS region, i.units_on_hand,"
  " i.reorder_level, i.updated_at FROM inventory i"
  " JOIN products p ON p.id = i.product_id JOIN categories c ON c.id = p.category_id"
  " JOIN stores st ON st.id = i.store_id JOIN regions r ON r.id = st.region_id;";

typedef enum
{
  STMT_REGION,
  STMT_STORE,
  STMT_CATEGORY,
  STMT_PRODUCT,
  STMT_ORDER,
  STMT_SALE,
  STMT_SNAPSHOT,
  STMT_INVENTORY,
  STMT_INFO,
  N_STMTS
} Stmt;

static const char * const stmt_sql[N_STMTS] = {
  [STMT_REGION] = "INSERT INTO regions (id, name) VALUES (?, ?)",
  [STMT_STORE] = "INSERT INTO stores (id, name, city, region_id, opened_on, time_zone)"
                 " VALUES (?, ?, ?, ?, ?, ?)",
  [STMT_CATEGORY] = "INSERT INTO categories (id, name) VALUES (?, ?)",
  [STMT_PRODUCT] = "INSERT INTO products (id, sku, name, category_id, unit_price, unit_cost,"
                   " reorder_level) VALUES (?, ?, ?, ?, ?, ?, ?)",
  [STMT_ORDER] = "INSERT INTO orders (id, placed_at, store_id, channel, status, items, total)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)",
  [STMT_SALE] = "INSERT INTO sales (id, order_id, sold_at, store_id, product_id, quantity,"
                " unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_SNAPSHOT] = "INSERT INTO inventory_snapshots (day, product_id, store_id, units_on_hand)"
                    " VALUES (?, ?, ?, ?)",
  [STMT_INVENTORY] = "INSERT INTO inventory (product_id, store_id, units_on_hand, reorder_level,"
                     " updated_at) VALUES (?, ?, ?, ?, ?)",
  [STMT_INFO] = "INSERT INTO demo_info (key, value) VALUES (?, ?)",
};

static const char * const status_names[] = {
  [BS_DEMO_STATUS_COMPLETED] = "completed",
  [BS_DEMO_STATUS_CANCELLED] = "cancelled",
  [BS_DEMO_STATUS_RETURNED] = "returned",
};

struct _BsDemoWriter
{
  sqlite3          *db;
  sqlite3_stmt     *stmts[N_STMTS];
  char             *target_path;
  GCancellable     *cancellable;
  BsDemoWriterTick  tick;
  gpointer          tick_data;
  guint64           rows;
  guint64           next_tick;
  guint64           tick_step;
  guint64           last_sale_id;
  char              time_text[20];
};

static void
put_digits (char    *out,
            guint64  value,
            guint    width)
{
  for (guint i = width; i > 0; i--)
    {
      out[i - 1] = (char)('0' + value % 10);
      value /= 10;
    }
}

/* Proleptic Gregorian date of a day number (days since 1970-01-01), after H. Hinnant's
 * days_from_civil inverse: formatting millions of timestamps through GDateTime would cost
 * more than writing them. */
static void
format_day (gint64 day,
            char   out[11])
{
  gint64 z = day + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint64 doe = (guint64)(z - era * 146097);
  guint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint64 mp = (5 * doy + 2) / 153;
  guint64 d = doy - (153 * mp + 2) / 5 + 1;
  guint64 m = mp < 10 ? mp + 3 : mp - 9;
  gint64 y = (gint64)yoe + era * 400 + (m <= 2);

  put_digits (out, (guint64)y, 4);
  out[4] = '-';
  put_digits (out + 5, m, 2);
  out[7] = '-';
  put_digits (out + 8, d, 2);
  out[10] = '\0';
}

static void
format_time (gint64 unix_time,
             char   out[20])
{
  gint64 day = unix_time >= 0 ? unix_time / 86400 : (unix_time - 86399) / 86400;
  gint64 second = unix_time - day * 86400;

  format_day (day, out);
  out[10] = ' ';
  put_digits (out + 11, (guint64)(second / 3600), 2);
  out[13] = ':';
  put_digits (out + 14, (guint64)(second / 60 % 60), 2);
  out[16] = ':';
  put_digits (out + 17, (guint64)(second % 60), 2);
  out[19] = '\0';
}

static gboolean
set_sqlite_error (BsDemoWriter  *writer,
                  int            rc,
                  GError       **error)
{
  const char *reason = writer->db != NULL ? sqlite3_errmsg (writer->db) : sqlite3_errstr (rc);

  if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
    return FALSE;

  g_set_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_WRITE,
               "Could not write the demo dataset “%s”: %s. Check that the disk has free space "
               "and that the folder can be written to.",
               writer->target_path, reason);
  return FALSE;
}

static gboolean
exec (BsDemoWriter  *writer,
      const char    *sql,
      GError       **error)
{
  int rc = sqlite3_exec (writer->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (writer, rc, error);
  return TRUE;
}

/* Runs a statement whose values are bound, and makes it ready for the next row. */
static gboolean
step (BsDemoWriter  *writer,
      Stmt           which,
      GError       **error)
{
  sqlite3_stmt *stmt = writer->stmts[which];
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (G_UNLIKELY (rc != SQLITE_DONE))
    return set_sqlite_error (writer, rc, error);
  return TRUE;
}

static gboolean
tick (BsDemoWriter  *writer,
      GError       **error)
{
  writer->next_tick = writer->rows + writer->tick_step;
  if (writer->tick != NULL)
    writer->tick (writer->rows, writer->tick_data);
  return !g_cancellable_set_error_if_cancelled (writer->cancellable, error);
}

static inline gboolean
count_row (BsDemoWriter  *writer,
           GError       **error)
{
  if (G_LIKELY (++writer->rows < writer->next_tick))
    return TRUE;
  return tick (writer, error);
}

static int
check_cancelled (void *user_data)
{
  BsDemoWriter *writer = user_data;

  return g_cancellable_is_cancelled (writer->cancellable);
}

static gboolean
prepare_statements (BsDemoWriter  *writer,
                    GError       **error)
{
  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (writer->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &writer->stmts[i], NULL);

      if (rc != SQLITE_OK)
        return set_sqlite_error (writer, rc, error);
    }
  return TRUE;
}

BsDemoWriter *
bs_demo_writer_open (const char        *path,
                     const char        *target_path,
                     guint64            rows_total,
                     GCancellable      *cancellable,
                     BsDemoWriterTick   tick_func,
                     gpointer           tick_data,
                     GError           **error)
{
  g_autoptr(BsDemoWriter) writer = g_new0 (BsDemoWriter, 1);
  int rc;

  g_assert (path != NULL && target_path != NULL);

  writer->target_path = g_strdup (target_path);
  writer->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  writer->tick = tick_func;
  writer->tick_data = tick_data;
  /* 1/128 of the rows keeps the gap between two reports under 1%. */
  writer->tick_step = MAX (rows_total / 128, 1);
  writer->next_tick = writer->tick_step;

  rc = sqlite3_open_v2 (path, &writer->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (writer, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (writer->db, TRUE);
  sqlite3_progress_handler (writer->db, CANCEL_CHECK_STEPS, check_cancelled, writer);

  /* A crash half way leaves a temporary file that is thrown away anyway, so the journal
   * and fsyncs that would protect it buy nothing. Worker threads sort for CREATE INDEX. */
  if (!exec (writer, "PRAGMA page_size = 8192; PRAGMA journal_mode = OFF;"
                     " PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
                     " PRAGMA cache_size = -262144; PRAGMA threads = 2; BEGIN;", error) ||
      !exec (writer, schema_sql, error) ||
      !prepare_statements (writer, error))
    return NULL;

  return g_steal_pointer (&writer);
}

/* A row of a table of names: regions, categories. */
static gboolean
add_named (BsDemoWriter  *writer,
           Stmt           which,
           guint          index,
           const char    *name,
           GError       **error)
{
  sqlite3_bind_int (writer->stmts[which], 1, (int)index + 1);
  sqlite3_bind_text (writer->stmts[which], 2, name, -1, SQLITE_STATIC);
  return step (writer, which, error);
}

gboolean
bs_demo_writer_add_catalog (BsDemoWriter         *writer,
                            const BsDemoCatalog  *catalog,
                            GError              **error)
{
  sqlite3_stmt **stmts = writer->stmts;

  for (guint i = 0; i < BS_DEMO_N_REGIONS; i++)
    {
      if (!add_named (writer, STMT_REGION, i, bs_demo_region_name (i), error))
        return FALSE;
    }

  for (guint i = 0; i < BS_DEMO_N_STORES; i++)
    {
      const BsDemoStoreInfo *info = catalog->stores[i].info;

      sqlite3_bind_int (stmts[STMT_STORE], 1, (int)i + 1);
      sqlite3_bind_text (stmts[STMT_STORE], 2, info->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmts[STMT_STORE], 3, info->city, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmts[STMT_STORE], 4, (int)info->region + 1);
      sqlite3_bind_text (stmts[STMT_STORE], 5, info->opened_on, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmts[STMT_STORE], 6, info->time_zone, -1, SQLITE_STATIC);
      if (!step (writer, STMT_STORE, error))
        return FALSE;
    }

  for (guint i = 0; i < BS_DEMO_N_CATEGORIES; i++)
    {
      if (!add_named (writer, STMT_CATEGORY, i, bs_demo_category_name (i), error))
        return FALSE;
    }

  for (guint i = 0; i < BS_DEMO_N_PRODUCTS; i++)
    {
      const BsDemoProduct *product = &catalog->products[i];
      sqlite3_stmt *stmt = stmts[STMT_PRODUCT];

      sqlite3_bind_int (stmt, 1, (int)i + 1);
      sqlite3_bind_text (stmt, 2, product->sku, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, product->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, (int)product->category + 1);
      sqlite3_bind_double (stmt, 5, (double)product->price_cents / 100.0);
      sqlite3_bind_double (stmt, 6, (double)product->cost_cents / 100.0);
      sqlite3_bind_int (stmt, 7, (int)product->reorder_level);
      if (!step (writer, STMT_PRODUCT, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
bs_demo_writer_add_order (BsDemoWriter       *writer,
                          const BsDemoOrder  *order,
                          const BsDemoLine   *lines,
                          GError            **error)
{
  sqlite3_stmt *stmt = writer->stmts[STMT_ORDER];
  sqlite3_stmt *sale = writer->stmts[STMT_SALE];
  int store_id = (int)order->store + 1;

  format_time (order->placed_at, writer->time_text);

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64)order->id);
  sqlite3_bind_text (stmt, 2, writer->time_text, 19, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, store_id);
  sqlite3_bind_text (stmt, 4, order->online ? "online" : "in_store", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, status_names[order->status], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, (int)order->n_lines);
  sqlite3_bind_double (stmt, 7, (double)order->total_cents / 100.0);
  if (!step (writer, STMT_ORDER, error) || !count_row (writer, error))
    return FALSE;

  for (guint i = 0; i < order->n_lines; i++)
    {
      sqlite3_bind_int64 (sale, 1, (sqlite3_int64)++writer->last_sale_id);
      sqlite3_bind_int64 (sale, 2, (sqlite3_int64)order->id);
      sqlite3_bind_text (sale, 3, writer->time_text, 19, SQLITE_STATIC);
      sqlite3_bind_int (sale, 4, store_id);
      sqlite3_bind_int (sale, 5, (int)lines[i].product + 1);
      sqlite3_bind_int (sale, 6, (int)lines[i].quantity);
      sqlite3_bind_double (sale, 7, (double)lines[i].unit_cents / 100.0);
      sqlite3_bind_double (sale, 8, (double)lines[i].amount_cents / 100.0);
      if (!step (writer, STMT_SALE, error) || !count_row (writer, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
bs_demo_writer_add_snapshot (BsDemoWriter  *writer,
                             gint64         day,
                             const gint32  *units,
                             GError       **error)
{
  sqlite3_stmt *stmt = writer->stmts[STMT_SNAPSHOT];
  char day_text[11];

  format_day (day, day_text);
  for (guint p = 0; p < BS_DEMO_N_PRODUCTS; p++)
    {
      for (guint s = 0; s < BS_DEMO_N_STORES; s++)
        {
          sqlite3_bind_text (stmt, 1, day_text, 10, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, (int)p + 1);
          sqlite3_bind_int (stmt, 3, (int)s + 1);
          sqlite3_bind_int (stmt, 4, units[p * BS_DEMO_N_STORES + s]);
          if (!step (writer, STMT_SNAPSHOT, error) || !count_row (writer, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
bs_demo_writer_add_inventory (BsDemoWriter       *writer,
                              const BsDemoStock  *stock,
                              GError            **error)
{
  sqlite3_stmt *stmt = writer->stmts[STMT_INVENTORY];

  for (guint p = 0; p < BS_DEMO_N_PRODUCTS; p++)
    {
      for (guint s = 0; s < BS_DEMO_N_STORES; s++)
        {
          guint cell = p * BS_DEMO_N_STORES + s;
          char updated_at[20];

          format_time (stock->updated_at[cell], updated_at);
          sqlite3_bind_int (stmt, 1, (int)p + 1);
          sqlite3_bind_int (stmt, 2, (int)s + 1);
          sqlite3_bind_int (stmt, 3, stock->units[cell]);
          sqlite3_bind_int (stmt, 4, stock->reorder_level[cell]);
          sqlite3_bind_text (stmt, 5, updated_at, 19, SQLITE_TRANSIENT);
          if (!step (writer, STMT_INVENTORY, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
bs_demo_writer_add_info (BsDemoWriter        *writer,
                         const char * const  *keys,
                         const char * const  *values,
                         GError             **error)
{
  sqlite3_stmt *stmt = writer->stmts[STMT_INFO];

  for (guint i = 0; keys[i] != NULL; i++)
    {
      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, values[i], -1, SQLITE_STATIC);
      if (!step (writer, STMT_INFO, error))
        return FALSE;
    }
  return TRUE;
}

static void
finalize_statements (BsDemoWriter *writer)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&writer->stmts[i], sqlite3_finalize);
}

gboolean
bs_demo_writer_finish (BsDemoWriter  *writer,
                       GError       **error)
{
  int rc;

  /* The last report says that every row is in, whatever the step. */
  if (writer->next_tick != writer->rows + writer->tick_step && !tick (writer, error))
    return FALSE;

  if (!exec (writer, index_sql, error) || !exec (writer, views_sql, error) ||
      !exec (writer, "COMMIT", error))
    return FALSE;
  finalize_statements (writer);

  /* Readers (the engine, alert previews) come while the engine writes elsewhere: WAL lets
   * them read without blocking. Normal locking first, or WAL would stay exclusive. */
  if (!exec (writer, "PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;", error))
    return FALSE;

  rc = sqlite3_close (writer->db);
  writer->db = NULL;
  if (rc != SQLITE_OK)
    return set_sqlite_error (writer, rc, error);
  return TRUE;
}

guint64
bs_demo_writer_get_rows (BsDemoWriter *writer)
{
  return writer->rows;
}

void
bs_demo_writer_free (BsDemoWriter *writer)
{
  if (writer == NULL)
    return;

  finalize_statements (writer);
  g_clear_pointer (&writer->db, sqlite3_close);
  g_clear_object (&writer->cancellable);
  g_free (writer->target_path);
  g_free (writer);
}

gboolean
bs_demo_add_views (const char  *path,
                   GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      rc = sqlite3_exec (db, views_sql, NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    g_set_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_WRITE,
                 "Could not add the views to the demo dataset “%s”: %s", path,
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close (db);
  return rc == SQLITE_OK;
}
