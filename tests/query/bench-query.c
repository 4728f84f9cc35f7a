#define G_LOG_DOMAIN "bs-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bs-demo-generator.h"
#include "bs-query-sql.h"

/* Preview latency of typical dropdown queries on a generated demo, each rendered (schema
 * lookups included) and run as the engine would, on a read-only connection.
 * Usage: bench-query [ROWS [RUNS]] (default 10,000,000 rows, 20 runs per query). */

typedef struct
{
  const char *name;
  BsQuery    *query;
} Case;

static BsQuery *
make_query (const char         *table,
            const char         *measure,
            BsQueryAggregation  aggregation,
            const char         *split,
            BsQueryRange        range,
            guint               count,
            BsQueryBucket       bucket)
{
  BsQuery *query = bs_query_new (0, table);

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, measure);
  query->aggregation = aggregation;
  if (split != NULL)
    bs_query_add_split (query, split);
  bs_query_set_time (query, "sold_at", range, count);
  query->bucket = bucket;
  return query;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank: the smallest time at least @percent of the runs stayed within. */
static double
percentile (GArray *sorted,
            double  percent)
{
  guint rank = (guint) ((percent / 100.0) * sorted->len + 0.999999);

  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static gboolean
run_once (sqlite3        *db,
          const BsQuery  *query,
          GDateTime      *now,
          double         *ms,
          guint          *rows,
          char          **text,
          GError        **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(BsQuerySql) sql = NULL;
  g_autoptr(JsonNode) frame = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!bs_query_sql_render (query, db, utc, now, &sql, error)
      || (frame = bs_query_sql_execute (sql, db, 1000, error)) == NULL)
    return FALSE;
  *ms = (g_get_monotonic_time () - started) / 1000.0;
  *rows = json_array_get_length (json_object_get_array_member (json_node_get_object (frame),
                                                               "rows"));
  if (text != NULL)
    *text = g_strdup (bs_query_sql_get_text (sql));
  return TRUE;
}

static void
print_plan (sqlite3    *db,
            const char *text)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", text, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    printf ("  plan: %s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
}

static gboolean
bench_case (sqlite3     *db,
            const Case  *c,
            GDateTime   *now,
            guint        runs,
            GError     **error)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *text = NULL;
  double ms;
  guint rows = 0;

  /* One run to warm the page cache, as a preview after opening the builder would. */
  if (!run_once (db, c->query, now, &ms, &rows, &text, error))
    return FALSE;
  for (guint i = 0; i < runs; i++)
    {
      if (!run_once (db, c->query, now, &ms, &rows, NULL, error))
        return FALSE;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);
  printf ("%s: p50 %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms (%u runs, %u rows)\n",
          c->name, percentile (times, 50), percentile (times, 95),
          g_array_index (times, double, 0), g_array_index (times, double, times->len - 1),
          runs, rows);
  printf ("  sql: %s\n", text);
  print_plan (db, text);
  return TRUE;
}

static GDateTime *
demo_end (sqlite3 *db)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  sqlite3_stmt *stmt = NULL;
  GDateTime *end = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM demo_info WHERE key = 'end'", -1, &stmt,
                          NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    end = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), utc);
  sqlite3_finalize (stmt);
  return end;
}

static gboolean
bench (const char  *path,
       guint        runs,
       GError     **error)
{
  Case cases[] = {
    { "windowed sum of quantity per region, last 24 hours (sales_detail)",
      make_query ("sales_detail", "quantity", BS_QUERY_AGGREGATION_SUM, "region",
                  BS_QUERY_RANGE_LAST_HOURS, 24, BS_QUERY_BUCKET_NONE) },
    { "last quantity per product (sales)",
      make_query ("sales", "quantity", BS_QUERY_AGGREGATION_LAST, "product_id",
                  BS_QUERY_RANGE_NONE, 0, BS_QUERY_BUCKET_NONE) },
    { "hourly sum of quantity, last 7 days (sales)",
      make_query ("sales", "quantity", BS_QUERY_AGGREGATION_SUM, NULL,
                  BS_QUERY_RANGE_LAST_DAYS, 7, BS_QUERY_BUCKET_HOUR) },
    { "daily sum of quantity, last 90 days (sales)",
      make_query ("sales", "quantity", BS_QUERY_AGGREGATION_SUM, NULL,
                  BS_QUERY_RANGE_LAST_DAYS, 90, BS_QUERY_BUCKET_DAY) },
    { "full-table sum of amount per region (sales_detail)",
      make_query ("sales_detail", "amount", BS_QUERY_AGGREGATION_SUM, "region",
                  BS_QUERY_RANGE_NONE, 0, BS_QUERY_BUCKET_NONE) },
  };
  g_autoptr(GDateTime) now = NULL;
  sqlite3 *db = NULL;
  gboolean ok = TRUE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || !bs_query_sql_ensure_time_index (db, "sales", "sold_at", error))
    ok = FALSE;
  sqlite3_close (db);
  db = NULL;
  /* Then read-only, as the engine reads. */
  if (ok && sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot open %s", path);
      ok = FALSE;
    }
  if (ok && (now = demo_end (db)) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "no demo end in %s", path);
      ok = FALSE;
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (cases); i++)
    ok = bench_case (db, &cases[i], now, runs, error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    bs_query_free (cases[i].query);
  sqlite3_close (db);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  guint64 rows = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 10000000;
  guint runs = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 20;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bs-bench-query-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autoptr(BsDemoGenerator) generator = NULL;
  g_autoptr(GTimer) timer = NULL;
  gboolean ok;

  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  path = g_build_filename (dir, "demo.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  generator = bs_demo_generator_new (BS_DEMO_DEFAULT_SEED, rows, NULL);
  timer = g_timer_new ();
  ok = bs_demo_generator_write (generator, path, NULL, &error);
  if (ok)
    {
      printf ("demo rows: %" G_GUINT64_FORMAT " (generated in %.1f s)\n", rows,
              g_timer_elapsed (timer, NULL));
      fflush (stdout);
      ok = bench (path, runs, &error);
    }
  if (!ok)
    fprintf (stderr, "%s\n", error->message);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (dir);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
