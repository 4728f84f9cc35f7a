#define G_LOG_DOMAIN "bs-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bs-alert-evaluation.h"
#include "bs-alert-rule.h"
#include "bs-alert-shared-scan.h"
#include "bs-alert-state-memory.h"
#include "bs-alert-store.h"
#include "bs-data-source.h"
#include "bs-demo-generator.h"
#include "bs-source-runner.h"
#include "bs-store.h"

/* One evaluation cycle of 500 alert rules of mixed shapes on a demo whose sales table has
 * over 10,000,000 rows: the shared scan (what the scheduler does), then the same rules one
 * query per rule, the ratio, and the resident memory. It reports and never judges.
 *
 * Usage: bench-alert-cycle [ROWS] (the demo's fact rows; the default gives 10.05M sales).
 * The demo is generated once, by a child process so that its memory does not count, into
 * $BS_BENCH_CACHE_DIR (default: the user cache dir/business-studio-bench) and reused. */

#define DEFAULT_ROWS 14700000
#define N_RULES      500
#define N_STEADY     8     /* cycles a minute apart, the first filling the cache */

typedef struct
{
  double queries_ms;
  double own_ms;        /* of the queries that could not be shared */
  double evaluate_ms;   /* reading the previous states, evaluating, saving */
  double queries_cpu_ms;
  double total_cpu_ms;
  double list_ms;       /* of evaluate_ms: reading each rule's previous states */
  double save_ms;       /* of evaluate_ms: saving */
  guint  statements;
  guint  read;          /* rows the cache read from the source */
  guint  series;        /* the previous states read */
  guint  shared;
  guint  failed;
} Cycle;

/* CPU time of this process, ms: the machine may be shared, and CPU time is less disturbed
 * by others than wall-clock time. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0
         + usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

/* The demo */

static char *
demo_path (guint64 rows)
{
  const char *dir = g_getenv ("BS_BENCH_CACHE_DIR");
  g_autofree char *default_dir = g_build_filename (g_get_user_cache_dir (),
                                                   "business-studio-bench", NULL);
  g_autofree char *name = g_strdup_printf ("demo-%u-%" G_GUINT64_FORMAT ".db",
                                           BS_DEMO_DEFAULT_SEED, rows);

  return g_build_filename (dir != NULL ? dir : default_dir, name, NULL);
}

static gboolean
generate (const char  *path,
          guint64      rows,
          GError     **error)
{
  g_autoptr(BsDemoGenerator) generator = bs_demo_generator_new (BS_DEMO_DEFAULT_SEED, rows,
                                                                NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot create %s", dir);
      return FALSE;
    }
  return bs_demo_generator_write (generator, path, NULL, error);
}

static gboolean
ensure_demo (const char  *self,
             const char  *path,
             guint64      rows,
             GError     **error)
{
  g_autofree char *rows_text = g_strdup_printf ("%" G_GUINT64_FORMAT, rows);
  const char *argv[] = { self, "--generate", path, rows_text, NULL };
  g_autoptr(GTimer) timer = g_timer_new ();
  int status;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("demo: %s (cached)\n", path);
      return TRUE;
    }
  printf ("demo: generating %s rows into %s …\n", rows_text, path);
  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, error)
      || !g_spawn_check_wait_status (status, error))
    return FALSE;
  printf ("demo: generated in %.1f s\n", g_timer_elapsed (timer, NULL));
  return TRUE;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* The rules */

static void
add_filters (BsQuery  *query,
             gboolean  detail,
             guint     kind,
             guint     i)
{
  static const char * const regions[] = { "Europe", "APAC", "North America", "LATAM" };

  switch (kind)
    {
    case 1:
      bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_GREATER, 1);
      break;
    case 2:
      bs_query_add_filter_number (query, "unit_price", BS_QUERY_OPERATOR_LESS_OR_EQUAL, 20);
      break;
    case 3:
      if (detail)
        bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_EQUAL, regions[i % 4]);
      else
        bs_query_add_filter_number (query, "store_id", BS_QUERY_OPERATOR_EQUAL, 1 + i % 12);
      break;
    case 4:
      if (detail)
        bs_query_add_filter_text (query, "channel", BS_QUERY_OPERATOR_EQUAL, "online");
      else
        bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_GREATER_OR_EQUAL, 3);
      break;
    case 5:
      bs_query_add_filter_number (query, "quantity", BS_QUERY_OPERATOR_GREATER, 1);
      bs_query_add_filter_number (query, "unit_price", BS_QUERY_OPERATOR_GREATER, 5);
      break;
    default:
      break;
    }
}

/* Rule @i: the table, split, aggregation, filters and window turn at different rates, so
 * that the 500 rules mix every shape. */
static BsAlertRule *
make_rule (gint64 source_id,
           guint  i)
{
  static const char * const sales_splits[] = { NULL, "product_id", "store_id" };
  static const char * const detail_splits[] = { NULL, "region", "store", "product" };
  static const struct { BsQueryRange range; guint count; } windows[] = {
    { BS_QUERY_RANGE_LAST_MINUTES, 15 }, { BS_QUERY_RANGE_LAST_HOURS, 1 },
    { BS_QUERY_RANGE_LAST_HOURS, 24 }, { BS_QUERY_RANGE_LAST_DAYS, 7 },
  };
  gboolean detail = i % 2 == 1;
  g_autoptr(BsQuery) query = bs_query_new (source_id, detail ? "sales_detail" : "sales");
  g_autofree char *title = NULL;
  const char *split;
  guint shape = i % 50;

  if (shape < 14)
    bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, shape % 2 ? "amount" : "quantity");
  else if (shape < 24)
    {
      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, shape % 2 ? "amount" : "unit_price");
      query->aggregation = BS_QUERY_AGGREGATION_AVERAGE;
    }
  else if (shape < 29)
    {
      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
      query->aggregation = BS_QUERY_AGGREGATION_COUNT;
    }
  else if (shape < 36)
    bs_query_set_measure (query, BS_QUERY_MEASURE_COUNT_ROWS, NULL);
  else if (shape < 42)
    {
      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "unit_price");
      query->aggregation = BS_QUERY_AGGREGATION_MINIMUM;
    }
  else if (shape < 48)
    {
      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "quantity");
      query->aggregation = BS_QUERY_AGGREGATION_MAXIMUM;
    }
  else if (shape == 48)
    {
      /* A few that no partial result can answer: they run their own query either way. */
      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
      query->aggregation = (i / 50) % 2 ? BS_QUERY_AGGREGATION_MEDIAN
                                        : BS_QUERY_AGGREGATION_LAST;
    }
  else
    bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");

  split = detail ? detail_splits[(i / 3) % 4] : sales_splits[(i / 3) % 3];
  if (split != NULL)
    bs_query_add_split (query, split);
  add_filters (query, detail, (i / 7) % 6, i);
  bs_query_set_time (query, "sold_at", windows[(i / 2) % 4].range, windows[(i / 2) % 4].count);

  title = g_strdup_printf ("Rule %u", i);
  return bs_alert_rule_new (title, query, i % 3 ? BS_ALERT_CONDITION_BELOW
                                                 : BS_ALERT_CONDITION_ABOVE, 100 + i);
}

static const char *
window_name (const BsQuery *query)
{
  switch (query->range)
    {
    case BS_QUERY_RANGE_LAST_MINUTES:
      return "15 min";
    case BS_QUERY_RANGE_LAST_HOURS:
      return query->range_count == 1 ? "1 h" : "24 h";
    case BS_QUERY_RANGE_LAST_DAYS:
    default:
      return "7 d";
    }
}

static void
print_mix (GPtrArray *rules)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) keys = NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      const BsAlertRule *rule = g_ptr_array_index (rules, i);
      const BsQuery *q = rule->query;
      const char *what[] = {
        q->table,
        q->measure == BS_QUERY_MEASURE_COUNT_ROWS ? "count-rows"
                                                  : bs_query_aggregation_to_string (q->aggregation),
        q->splits[0] != NULL ? q->splits[0] : "no split",
        window_name (q),
        q->filters->len > 0 ? "filtered" : "unfiltered",
      };

      for (guint k = 0; k < G_N_ELEMENTS (what); k++)
        {
          char *key = g_strdup_printf ("%u %s", k, what[k]);

          g_hash_table_insert (counts, key,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                        key)) + 1));
        }
    }
  keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) strcmp);
  printf ("rules: %u —", rules->len);
  for (GList *l = keys; l != NULL; l = l->next)
    printf (" %s: %u;", (char *) l->data + 2,
            GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));
  printf ("\n");
}

/* A cycle */

/* As the scheduler does: the states of the last saved evaluations stay in memory. */
static BsAlertStateMemory *states;

static void
evaluate_and_save (BsStore           *store,
                   const BsAlertRule *rule,
                   JsonNode          *frame,
                   const GError      *query_error,
                   double             query_ms,
                   gint64             now_usec,
                   Cycle             *cycle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GPtrArray) silences = g_ptr_array_new ();
  g_autoptr(BsAlertEvaluation) evaluation = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 evaluated;

  previous = bs_alert_state_memory_get (states, store, rule->id, &error);
  if (previous == NULL)
    g_error ("Could not read the states of rule %" G_GINT64_FORMAT ": %s", rule->id,
             error->message);
  cycle->list_ms += (g_get_monotonic_time () - started) / 1000.0;
  cycle->series += previous->len;
  evaluation = bs_alert_evaluate (rule, previous, frame, query_error, silences, now_usec);
  evaluation->duration_ms = query_ms;
  evaluated = g_get_monotonic_time ();
  if (!bs_alert_store_save_evaluation (store, evaluation, &error))
    g_error ("Could not save the evaluation of rule %" G_GINT64_FORMAT ": %s", rule->id,
             error->message);
  bs_alert_state_memory_remember (states, evaluation);
  cycle->save_ms += (g_get_monotonic_time () - evaluated) / 1000.0;
}

/* @cache: NULL for a cycle that reads every row of its windows; @frames: NULL, or gets
 * each rule's frame. */
static void
cycle_shared (const BsSourceSpec *spec,
              GPtrArray          *rules,
              GArray             *shareable,
              BsStore            *store,
              GDateTime          *now,
              BsAlertScanCache   *cache,
              GPtrArray          *frames,
              Cycle              *cycle)
{
  g_autoptr(BsAlertSharedScan) scan = bs_alert_shared_scan_new (spec, NULL, now);
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double cpu_started = cpu_ms ();
  gint64 queried;

  memset (cycle, 0, sizeof *cycle);
  bs_alert_shared_scan_set_cache (scan, cache);
  bs_alert_state_memory_check (states, bs_store_get_data_version (store));
  for (guint i = 0; i < rules->len; i++)
    bs_alert_shared_scan_add (scan, ((BsAlertRule *) g_ptr_array_index (rules, i))->query);
  if (!bs_alert_shared_scan_run (scan, NULL, &error))
    g_error ("%s", error->message);
  queried = g_get_monotonic_time ();
  cycle->queries_cpu_ms = cpu_ms () - cpu_started;

  for (guint i = 0; i < rules->len; i++)
    {
      g_autoptr(JsonNode) frame = NULL;
      g_autoptr(GError) query_error = NULL;

      gboolean shared = bs_alert_shared_scan_is_shared (scan, i);

      frame = bs_alert_shared_scan_get_frame (scan, i, &query_error);
      cycle->failed += frame == NULL;
      if (frames != NULL)
        g_ptr_array_add (frames, frame != NULL ? json_node_ref (frame) : NULL);
      g_array_index (shareable, gboolean, i) = shared;
      if (shared)
        cycle->shared++;
      else
        cycle->own_ms += bs_alert_shared_scan_get_elapsed_ms (scan, i);
      evaluate_and_save (store, g_ptr_array_index (rules, i), frame, query_error,
                         bs_alert_shared_scan_get_elapsed_ms (scan, i),
                         g_date_time_to_unix (now) * G_USEC_PER_SEC, cycle);
    }
  cycle->statements = bs_alert_shared_scan_get_n_statements (scan);
  cycle->read = cache != NULL ? bs_alert_scan_cache_get_n_read (cache) : 0;
  cycle->total_cpu_ms = cpu_ms () - cpu_started;
  cycle->queries_ms = (queried - started) / 1000.0;
  cycle->evaluate_ms = (g_get_monotonic_time () - queried) / 1000.0;
}

static double
cycle_ms (const Cycle *cycle)
{
  return cycle->queries_ms + cycle->evaluate_ms;
}

static void
print_cycle (const char  *what,
             const Cycle *cycle,
             guint        n_rules)
{
  printf ("shared cycle, %s: queries %.0f ms (%u statements for %u rules: %u shared in "
          "%.0f ms, %u on their own in %.0f ms; %u rows read), evaluate and save %.0f ms "
          "(reading the %u previous states %.0f ms, saving %.0f ms), total %.0f ms (CPU: queries "
          "%.0f ms, total %.0f ms), %u failed\n",
          what, cycle->queries_ms, cycle->statements, n_rules, cycle->shared,
          cycle->queries_ms - cycle->own_ms, n_rules - cycle->shared, cycle->own_ms,
          cycle->read, cycle->evaluate_ms, cycle->series, cycle->list_ms, cycle->save_ms, cycle_ms (cycle),
          cycle->queries_cpu_ms, cycle->total_cpu_ms, cycle->failed);
  fflush (stdout);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
frame_unref (gpointer frame)
{
  if (frame != NULL)
    json_node_unref (frame);
}

/* Equal but for the last bits of real sums, which are added in another order. */
static gboolean
same_cell (JsonNode *a,
           JsonNode *b)
{
  double x, y;

  if (JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b)
      && json_node_get_value_type (a) != G_TYPE_STRING
      && json_node_get_value_type (b) != G_TYPE_STRING)
    {
      x = json_node_get_double (a);
      y = json_node_get_double (b);
      return fabs (x - y) <= 1e-9 * MAX (1.0, MAX (fabs (x), fabs (y)));
    }
  return json_node_equal (a, b);
}

static gboolean
same_rows (JsonNode *a,
           JsonNode *b)
{
  JsonArray *x, *y;

  if (a == NULL || b == NULL)
    return a == b;
  x = json_object_get_array_member (json_node_get_object (a), "rows");
  y = json_object_get_array_member (json_node_get_object (b), "rows");
  if (json_array_get_length (x) != json_array_get_length (y))
    return FALSE;
  for (guint r = 0; r < json_array_get_length (x); r++)
    {
      JsonArray *row_x = json_array_get_array_element (x, r);
      JsonArray *row_y = json_array_get_array_element (y, r);

      if (json_array_get_length (row_x) != json_array_get_length (row_y))
        return FALSE;
      for (guint c = 0; c < json_array_get_length (row_x); c++)
        if (!same_cell (json_array_get_element (row_x, c), json_array_get_element (row_y, c)))
          return FALSE;
    }
  return TRUE;
}

static guint
count_differences (GPtrArray *rules,
                   GPtrArray *shared,
                   GPtrArray *own)
{
  guint n = 0;

  for (guint i = 0; i < rules->len; i++)
    if (!same_rows (g_ptr_array_index (shared, i), g_ptr_array_index (own, i)))
      {
        if (n++ < 5)
          printf ("  differs: %s\n", ((BsAlertRule *) g_ptr_array_index (rules, i))->title);
      }
  return n;
}

/* @shareable: whether the shared cycle shared each rule; the time of the others goes to
 * own_ms, to tell what sharing changes from what it cannot. */
static void
cycle_per_rule (const BsSourceSpec *spec,
                GPtrArray          *rules,
                GArray             *shareable,
                BsStore            *store,
                GDateTime          *now,
                GPtrArray          *frames,
                Cycle              *cycle)
{
  double cpu_started = cpu_ms ();

  memset (cycle, 0, sizeof *cycle);
  bs_alert_state_memory_check (states, bs_store_get_data_version (store));
  for (guint i = 0; i < rules->len; i++)
    {
      const BsAlertRule *rule = g_ptr_array_index (rules, i);
      double cpu_query = cpu_ms ();
      g_autoptr(JsonNode) frame = NULL;
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();
      double query_ms;

      frame = bs_source_runner_run_query (spec, rule->query, NULL, now, 0, NULL, &error);
      query_ms = (g_get_monotonic_time () - started) / 1000.0;
      g_ptr_array_add (frames, frame != NULL ? json_node_ref (frame) : NULL);
      cycle->queries_ms += query_ms;
      cycle->queries_cpu_ms += cpu_ms () - cpu_query;
      if (!g_array_index (shareable, gboolean, i))
        cycle->own_ms += query_ms;
      cycle->failed += frame == NULL;
      cycle->statements++;
      started = g_get_monotonic_time ();
      evaluate_and_save (store, rule, frame, error, query_ms,
                         g_date_time_to_unix (now) * G_USEC_PER_SEC, cycle);
      cycle->evaluate_ms += (g_get_monotonic_time () - started) / 1000.0;
    }
  cycle->total_cpu_ms = cpu_ms () - cpu_started;
}

static void
print_memory (const char *when)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  printf ("memory %s:", when);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "VmRSS:") || g_str_has_prefix (lines[i], "VmHWM:"))
      {
        g_autofree char *value = g_strstrip (g_strdup (strchr (lines[i], ':') + 1));

        printf (" %.5s %s;", lines[i], value);
      }
  printf ("\n");
}

static GPtrArray *
load_rules (BsStore     *store,
            gint64       source_id,
            GError     **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_rule_free);

  if (!bs_store_begin (store, error))
    return NULL;
  for (guint i = 0; i < N_RULES; i++)
    {
      BsAlertRule *rule = make_rule (source_id, i);

      g_ptr_array_add (rules, rule);
      if (!bs_alert_store_insert_rule (store, rule, error))
        {
          bs_store_rollback (store);
          return NULL;
        }
    }
  if (!bs_store_commit (store, error))
    return NULL;
  /* The scheduler works from the rules as stored. */
  return bs_alert_store_list_rules (store, error);
}

static gboolean
bench (const char  *path,
       const char  *work_dir,
       GError     **error)
{
  g_autofree char *workspace = g_build_filename (work_dir, "workspace.db", NULL);
  g_autoptr(BsStore) store = NULL;
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(BsSourceSpec) spec = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *end = NULL;
  g_autofree char *sales = NULL;
  g_autoptr(GArray) shareable = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_autoptr(BsAlertScanCache) cache = bs_alert_scan_cache_new ();
  g_autoptr(GPtrArray) shared_frames = g_ptr_array_new_with_free_func (frame_unref);
  g_autoptr(GPtrArray) own_frames = g_ptr_array_new_with_free_func (frame_unref);
  g_autoptr(GDateTime) first = NULL;
  double steady_ms[N_STEADY - 1];
  double median;
  Cycle cold;
  Cycle steady[N_STEADY];
  Cycle compared;
  Cycle own;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot open %s", path);
      sqlite3_close (db);
      return FALSE;
    }
  end = query_text (db, "SELECT value FROM demo_info WHERE key = 'end'");
  sales = query_text (db, "SELECT max(id) FROM sales");
  sqlite3_close (db);
  if (end == NULL || (now = g_date_time_new_from_iso8601 (end, NULL)) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "no demo end in %s", path);
      return FALSE;
    }
  printf ("sales rows: %s; evaluated at the demo's end, %s\n", sales, end);
  first = g_date_time_add_minutes (now, -N_STEADY);

  if ((store = bs_store_open (workspace, error)) == NULL
      || (source = bs_data_source_add (store, "Demo retail", "sqlite", path, TRUE,
                                       error)) == NULL
      || (rules = load_rules (store, source->id, error)) == NULL)
    return FALSE;
  spec = bs_source_spec_new (source->id, source->name, source->kind);
  spec->path = g_strdup (path);
  spec->owned = TRUE;
  print_mix (rules);
  print_memory ("with 500 rules loaded");

  /* The first cycle reads the file into the page cache (and makes sure of the indexes)
   * and reads every row of its windows, as a cycle without kept rows does; the next ones
   * are what the scheduler does every minute: "now" moves on, and only what changed is
   * read. */
  g_array_set_size (shareable, rules->len);
  cycle_shared (spec, rules, shareable, store, first, NULL, NULL, &cold);
  print_cycle ("without kept rows", &cold, rules->len);
  print_memory ("after a cycle without kept rows");
  for (guint i = 0; i < N_STEADY; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (first, i);

      cycle_shared (spec, rules, shareable, store, at, cache, NULL, &steady[i]);
      print_cycle (i == 0 ? "keeping rows, first" : "keeping rows, a minute later", &steady[i],
                   rules->len);
      if (i > 0)
        steady_ms[i - 1] = cycle_ms (&steady[i]);
    }
  printf ("kept rows: %u\n", bs_alert_scan_cache_get_n_rows (cache));
  /* What the engine holds: the kept rows, the states, a cycle's frames at its peak. */
  print_memory ("of the shared cycles (target VmHWM <= 150 MB)");

  /* One more minute, keeping every frame to compare with the queries one by one (the
   * frames take memory the engine does not keep, so this comes after the figure above). */
  cycle_shared (spec, rules, shareable, store, now, cache, shared_frames, &compared);
  print_cycle ("keeping rows, compared", &compared, rules->len);

  cycle_per_rule (spec, rules, shareable, store, now, own_frames, &own);
  printf ("one query per rule: queries %.0f ms (%u statements; the %u rules that are shared "
          "above took %.0f ms), evaluate and save %.0f ms, total %.0f ms "
          "(CPU: queries %.0f ms, total %.0f ms), %u failed\n",
          own.queries_ms, own.statements, steady[N_STEADY - 1].shared,
          own.queries_ms - own.own_ms, own.evaluate_ms, cycle_ms (&own), own.queries_cpu_ms,
          own.total_cpu_ms, own.failed);
  printf ("frames that differ between the last shared cycle and one query per rule: %u of %u\n",
          count_differences (rules, shared_frames, own_frames), rules->len);

  qsort (steady_ms, N_STEADY - 1, sizeof (double), compare_doubles);
  median = steady_ms[(N_STEADY - 1) / 2];
  printf ("RESULT shared cycle, reading every row of its windows: %.0f ms (target <= 3000 ms)\n",
          cycle_ms (&cold));
  printf ("RESULT shared cycle, steady (median of %u, a minute apart): %.0f ms\n",
          N_STEADY - 1, median);
  printf ("RESULT one query per rule: %.0f ms, CPU %.0f ms\n", cycle_ms (&own),
          own.total_cpu_ms);
  printf ("RESULT ratio: %.1fx steady, %.1fx reading every row (target >= 50x)\n",
          cycle_ms (&own) / median, cycle_ms (&own) / cycle_ms (&cold));
  print_memory ("at the end, with the frames compared");
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *work_dir = NULL;
  guint64 rows;
  gboolean ok;

  if (argc == 4 && g_str_equal (argv[1], "--generate"))
    {
      if (generate (argv[2], g_ascii_strtoull (argv[3], NULL, 10), &error))
        return EXIT_SUCCESS;
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }

  rows = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : DEFAULT_ROWS;
  states = bs_alert_state_memory_new ();
  path = demo_path (rows);
  work_dir = g_dir_make_tmp ("bs-bench-alerts-XXXXXX", &error);
  ok = work_dir != NULL && ensure_demo (argv[0], path, rows, &error)
       && bench (path, work_dir, &error);
  if (!ok)
    fprintf (stderr, "%s\n", error->message);

  if (work_dir != NULL)
    {
      g_autofree char *workspace = g_build_filename (work_dir, "workspace.db", NULL);
      g_autofree char *wal = g_strconcat (workspace, "-wal", NULL);
      g_autofree char *shm = g_strconcat (workspace, "-shm", NULL);

      g_unlink (wal);
      g_unlink (shm);
      g_unlink (workspace);
      g_rmdir (work_dir);
    }
  g_clear_pointer (&states, bs_alert_state_memory_free);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
