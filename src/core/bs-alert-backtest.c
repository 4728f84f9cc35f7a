#define G_LOG_DOMAIN "bs-alert-backtest"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-alert-backtest.h"
#include "bs-alert-evaluation-private.h"
#include "bs-alert-state.h"

#define DAY_SECONDS 86400

G_DEFINE_QUARK (bs-alert-backtest-error-quark, bs_alert_backtest_error)

/* Results */

static void
interval_free (BsAlertInterval *self)
{
  g_free (self->series_key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self);
}

static void
backtest_series_free (BsAlertBacktestSeries *self)
{
  g_free (self->series_key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self->values);
  g_free (self);
}

void
bs_alert_backtest_free (BsAlertBacktest *self)
{
  if (self == NULL)
    return;
  g_free (self->note);
  g_clear_pointer (&self->intervals, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_free (self);
}

static char *
format_duration (guint seconds)
{
  if (seconds % 3600 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", seconds / 3600),
                            seconds / 3600);
  if (seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes",
                                         seconds / 60), seconds / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                          seconds);
}

/* The replay: every evaluation through the engine's state machine */

typedef struct
{
  char             *key;
  JsonObject       *labels;
  BsAlertStateInfo  info;
  gboolean          known;     /* FALSE: never seen, or evicted as a missing series */
  BsAlertInterval  *open;      /* the interval still firing, owned by the result */
  double           *values;
} Track;

typedef struct
{
  const BsAlertRule *rule;
  BsAlertBacktest   *result;
  GHashTable        *tracks;   /* key → Track* */
  guint              step;
  gint64             at;       /* µs of the evaluation being replayed */
} Replay;

/* One series' outcome of one window; borrowed strings. */
typedef struct
{
  const char *key;
  JsonObject *labels;
  double      value;
  gboolean    has_value;
} StepValue;

static void
track_free (Track *self)
{
  g_free (self->key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self->values);
  g_free (self);
}

static Track *
track_get (Replay     *replay,
           const char *key,
           JsonObject *labels)
{
  Track *track = g_hash_table_lookup (replay->tracks, key);

  if (track != NULL)
    return track;
  track = g_new0 (Track, 1);
  track->key = g_strdup (key);
  track->labels = json_object_ref (labels);
  track->values = g_new (double, replay->result->n_steps);
  for (guint i = 0; i < replay->result->n_steps; i++)
    track->values[i] = NAN;
  g_hash_table_insert (replay->tracks, track->key, track);
  return track;
}

static void
track_move (Replay           *replay,
            Track            *track,
            BsAlertStateInfo  info)
{
  gboolean was_firing = track->known && bs_alert_state_is_firing (track->info.state);
  BsAlertBacktest *result = replay->result;

  if (info.state == BS_ALERT_STATE_ALERTING && !was_firing)
    {
      track->open = g_new0 (BsAlertInterval, 1);
      track->open->series_key = g_strdup (track->key);
      track->open->labels = json_object_ref (track->labels);
      track->open->start = replay->at;
      g_ptr_array_add (result->intervals, track->open);
      result->firings++;
    }
  else if (was_firing && !bs_alert_state_is_firing (info.state) && track->open != NULL)
    {
      track->open->end = replay->at;
      result->firing_seconds += (track->open->end - track->open->start) / G_USEC_PER_SEC;
      track->open = NULL;
    }
  track->info = info;
  track->known = TRUE;
}

static void
replay_step (Replay    *replay,
             StepValue *values,
             guint      n_values)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) none = json_object_new ();
  StepValue no_rows = { "{}", none, NAN, FALSE };
  GHashTableIter iter;
  gpointer value;

  /* As bs_alert_evaluate () reads a frame without rows. */
  if (n_values == 0)
    {
      values = &no_rows;
      n_values = 1;
    }
  for (guint i = 0; i < n_values; i++)
    {
      Track *track = track_get (replay, values[i].key, values[i].labels);
      BsAlertResult result = BS_ALERT_RESULT_NO_DATA;

      if (values[i].has_value)
        result = bs_alert_rule_matches (replay->rule, values[i].value) ? BS_ALERT_RESULT_ALERTING
                                                                       : BS_ALERT_RESULT_NORMAL;
      track_move (replay, track,
                  bs_alert_state_next (track->known ? &track->info : NULL, result, replay->rule,
                                       replay->at, NULL));
      track->values[replay->step] = values[i].has_value ? values[i].value : NAN;
      g_hash_table_add (seen, track->key);
    }

  g_hash_table_iter_init (&iter, replay->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Track *track = value;
      gboolean evict = FALSE;

      if (!track->known || g_hash_table_contains (seen, track->key))
        continue;
      track_move (replay, track,
                  bs_alert_state_missing (&track->info, replay->rule, replay->at, NULL, &evict));
      if (evict)
        track->known = FALSE;
    }
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const BsAlertInterval *x = *(BsAlertInterval * const *) a;
  const BsAlertInterval *y = *(BsAlertInterval * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return strcmp (x->series_key, y->series_key);
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const BsAlertBacktestSeries *x = *(BsAlertBacktestSeries * const *) a;
  const BsAlertBacktestSeries *y = *(BsAlertBacktestSeries * const *) b;

  return strcmp (x->series_key, y->series_key);
}

static void
replay_finish (Replay *replay)
{
  BsAlertBacktest *result = replay->result;
  gint64 last = result->first_at
                + (gint64) (result->n_steps - 1) * result->step_seconds * G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, replay->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Track *track = value;
      BsAlertBacktestSeries *series = g_new0 (BsAlertBacktestSeries, 1);

      if (track->open != NULL)
        result->firing_seconds += (last - track->open->start) / G_USEC_PER_SEC;
      series->series_key = g_strdup (track->key);
      series->labels = json_object_ref (track->labels);
      series->values = g_steal_pointer (&track->values);
      g_ptr_array_add (result->series, series);
    }
  g_ptr_array_sort (result->intervals, compare_intervals);
  g_ptr_array_sort (result->series, compare_series);
}

/* Time */

typedef struct
{
  guint   step;      /* seconds */
  gint64  first;     /* seconds since the epoch */
  gint64  last;
  guint   n_steps;
} Grid;

static Grid
grid_make (GDateTime *now,
           guint      step)
{
  Grid grid;
  gint64 seconds = g_date_time_to_unix (now);

  grid.step = step;
  grid.last = seconds - seconds % step;
  grid.n_steps = BS_ALERT_BACKTEST_DAYS * DAY_SECONDS / step + 1;
  grid.first = grid.last - (gint64) (grid.n_steps - 1) * step;
  return grid;
}

static GDateTime *
local_midnight (GDateTime *local)
{
  return g_date_time_new (g_date_time_get_timezone (local), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                          0, 0, 0);
}

/* Where the rule's window ending at @at (seconds) starts: bs-query-sql.c's ranges. */
static gint64
window_start (const BsQuery *query,
              GTimeZone     *tz,
              gint64         at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) monday = NULL;
  g_autoptr(GDateTime) start = NULL;
  gint64 n = query->range_count;

  switch (query->range)
    {
    case BS_QUERY_RANGE_LAST_MINUTES:
      return at - n * 60;
    case BS_QUERY_RANGE_LAST_HOURS:
      return at - n * 3600;
    case BS_QUERY_RANGE_LAST_DAYS:
      start = g_date_time_add_days (local, (int) -n);
      break;
    case BS_QUERY_RANGE_TODAY:
      start = local_midnight (local);
      break;
    case BS_QUERY_RANGE_THIS_WEEK:
    case BS_QUERY_RANGE_NONE:
    default:
      monday = g_date_time_add_days (local, 1 - g_date_time_get_day_of_week (local));
      start = local_midnight (monday);
      break;
    }
  return g_date_time_to_unix (start);
}

/* The start of the rule's own bucket holding @at (seconds): UTC, weeks from Monday. */
static gint64
rule_bucket_start (BsQueryBucket bucket,
                   gint64        at)
{
  gint64 days = at / DAY_SECONDS;

  switch (bucket)
    {
    case BS_QUERY_BUCKET_MINUTE:
      return at - at % 60;
    case BS_QUERY_BUCKET_HOUR:
      return at - at % 3600;
    case BS_QUERY_BUCKET_DAY:
      return days * DAY_SECONDS;
    case BS_QUERY_BUCKET_WEEK:
      /* 1 January 1970 was a Thursday: three days after a Monday. */
      return (days - (days + 3) % 7) * DAY_SECONDS;
    case BS_QUERY_BUCKET_NONE:
    default:
      return at;
    }
}

/* Replaying with the rule's own query at every step */

static gboolean
replay_with_queries (Replay              *replay,
                     const BsSourceSpec  *spec,
                     GTimeZone           *tz,
                     const Grid          *grid,
                     GCancellable        *cancellable,
                     GError             **error)
{
  for (guint i = 0; i < grid->n_steps; i++)
    {
      gint64 at = grid->first + (gint64) i * grid->step;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (at);
      g_autoptr(JsonNode) frame = NULL;
      g_autoptr(GPtrArray) series = NULL;
      g_autofree StepValue *values = NULL;

      frame = bs_source_runner_run_query (spec, replay->rule->query, tz, when,
                                          BS_ALERT_BACKTEST_MAX_ROWS, cancellable, error);
      if (frame == NULL)
        return FALSE;
      series = bs_alert_frame_read_series (frame, NULL);
      values = g_new0 (StepValue, series->len + 1);
      for (guint j = 0; j < series->len; j++)
        {
          BsAlertSeriesValue *s = g_ptr_array_index (series, j);

          values[j] = (StepValue) { s->key, s->labels, s->value, s->has_value };
        }
      replay->step = i;
      replay->at = at * G_USEC_PER_SEC;
      replay_step (replay, values, series->len);
    }
  return TRUE;
}

/* Replaying from buckets */

typedef enum
{
  ROLL_SUM,
  ROLL_COUNT,      /* a sum that is 0, not null, over no rows */
  ROLL_MINIMUM,
  ROLL_MAXIMUM,
  ROLL_AVERAGE,    /* the sums over the counts */
  ROLL_LAST,
} Roll;

typedef struct
{
  char         *key;
  JsonObject   *labels;
  double       *a;          /* the bucket's value (the sum for an average); NAN: null */
  double       *b;          /* an average's counts */
  guint8       *present;    /* the bucket has a row */
  long double  *sum_a;      /* prefix sums, n + 1 */
  long double  *sum_b;
  guint        *n_present;
  double      **table;      /* minimum or maximum of [i, i + 2^k), for the two rolls */
  guint         levels;
} Buckets;

typedef struct
{
  GHashTable *series;       /* key → Buckets* */
  gint64      origin;       /* seconds: the start of bucket 0 */
  gint64      size;         /* seconds */
  guint       n;
  int         field;        /* 0: a, 1: b, while loading */
} BucketSet;

static void
buckets_free (Buckets *self)
{
  g_free (self->key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self->a);
  g_free (self->b);
  g_free (self->present);
  g_free (self->sum_a);
  g_free (self->sum_b);
  g_free (self->n_present);
  for (guint k = 0; k < self->levels; k++)
    g_free (self->table[k]);
  g_free (self->table);
  g_free (self);
}

static Buckets *
buckets_new (const BucketSet    *set,
             BsAlertSeriesValue *row)
{
  Buckets *self = g_new0 (Buckets, 1);

  self->key = g_strdup (row->key);
  self->labels = json_object_ref (row->labels);
  self->a = g_new (double, set->n);
  self->b = g_new (double, set->n);
  for (guint i = 0; i < set->n; i++)
    self->a[i] = self->b[i] = NAN;
  self->present = g_new0 (guint8, set->n);
  return self;
}

static void
load_row (BsAlertSeriesValue *row,
          gpointer            user_data)
{
  g_autoptr(BsAlertSeriesValue) owned = row;
  BucketSet *set = user_data;
  Buckets *buckets;
  gint64 index;

  if (row->time == G_MININT64)
    return;
  index = (row->time / G_USEC_PER_SEC - set->origin) / set->size;
  if (row->time < set->origin * G_USEC_PER_SEC || index >= set->n)
    return;
  buckets = g_hash_table_lookup (set->series, row->key);
  if (buckets == NULL)
    {
      buckets = buckets_new (set, row);
      g_hash_table_insert (set->series, buckets->key, buckets);
    }
  buckets->present[index] = 1;
  if (row->has_value)
    (set->field == 0 ? buckets->a : buckets->b)[index] = row->value;
}

static void
buckets_index (Buckets *self,
               guint    n,
               Roll     roll)
{
  self->sum_a = g_new0 (long double, n + 1);
  self->sum_b = g_new0 (long double, n + 1);
  self->n_present = g_new0 (guint, n + 1);
  for (guint i = 0; i < n; i++)
    {
      self->sum_a[i + 1] = self->sum_a[i] + (isnan (self->a[i]) ? 0 : self->a[i]);
      self->sum_b[i + 1] = self->sum_b[i] + (isnan (self->b[i]) ? 0 : self->b[i]);
      self->n_present[i + 1] = self->n_present[i] + self->present[i];
    }
  if (roll != ROLL_MINIMUM && roll != ROLL_MAXIMUM)
    return;

  /* A sparse table answers each window's minimum or maximum at once, however long. */
  self->levels = (guint) g_bit_storage (n);
  self->table = g_new0 (double *, self->levels);
  self->table[0] = g_memdup2 (self->a, n * sizeof (double));
  for (guint k = 1; k < self->levels; k++)
    {
      guint half = 1u << (k - 1);

      self->table[k] = g_new (double, n);
      for (guint i = 0; i + (1u << k) <= n; i++)
        self->table[k][i] = roll == ROLL_MINIMUM
                            ? fmin (self->table[k - 1][i], self->table[k - 1][i + half])
                            : fmax (self->table[k - 1][i], self->table[k - 1][i + half]);
    }
}

static double
buckets_extreme (const Buckets *self,
                 Roll           roll,
                 guint          i0,
                 guint          i1)
{
  guint k = (guint) g_bit_storage (i1 - i0) - 1;
  double x = self->table[k][i0];
  double y = self->table[k][i1 - (1u << k)];

  return roll == ROLL_MINIMUM ? fmin (x, y) : fmax (x, y);
}

/* The window's value from buckets [i0, i1); FALSE when the series has no row there. */
static gboolean
buckets_window (const Buckets *self,
                Roll           roll,
                guint          i0,
                guint          i1,
                double        *out_value)
{
  double count;

  if (i1 <= i0 || self->n_present[i1] == self->n_present[i0])
    return FALSE;
  switch (roll)
    {
    case ROLL_SUM:
    case ROLL_COUNT:
      *out_value = (double) (self->sum_a[i1] - self->sum_a[i0]);
      /* A sum over nothing but nulls is null, as SQL's is. */
      if (roll == ROLL_SUM)
        {
          gboolean any = FALSE;

          for (guint i = i1; i > i0 && !any; i--)
            any = !isnan (self->a[i - 1]);
          if (!any)
            *out_value = NAN;
        }
      break;
    case ROLL_MINIMUM:
    case ROLL_MAXIMUM:
      *out_value = buckets_extreme (self, roll, i0, i1);
      break;
    case ROLL_AVERAGE:
      count = (double) (self->sum_b[i1] - self->sum_b[i0]);
      *out_value = count > 0 ? (double) (self->sum_a[i1] - self->sum_a[i0]) / count : NAN;
      break;
    case ROLL_LAST:
    default:
      *out_value = NAN;
      for (guint i = i1; i > i0 && isnan (*out_value); i--)
        *out_value = self->a[i - 1];
      break;
    }
  return TRUE;
}

static gboolean
roll_of (const BsQuery *query,
         Roll          *out)
{
  if (query->measure == BS_QUERY_MEASURE_COUNT_ROWS)
    {
      *out = ROLL_COUNT;
      return TRUE;
    }
  if (query->measure != BS_QUERY_MEASURE_VALUE)
    return FALSE;
  switch (query->aggregation)
    {
    case BS_QUERY_AGGREGATION_SUM:
      *out = ROLL_SUM;
      return TRUE;
    case BS_QUERY_AGGREGATION_COUNT:
      *out = ROLL_COUNT;
      return TRUE;
    case BS_QUERY_AGGREGATION_MINIMUM:
      *out = ROLL_MINIMUM;
      return TRUE;
    case BS_QUERY_AGGREGATION_MAXIMUM:
      *out = ROLL_MAXIMUM;
      return TRUE;
    case BS_QUERY_AGGREGATION_AVERAGE:
      *out = ROLL_AVERAGE;
      return TRUE;
    case BS_QUERY_AGGREGATION_LAST:
      *out = ROLL_LAST;
      return TRUE;
    case BS_QUERY_AGGREGATION_MEDIAN:
    default:
      return FALSE;
    }
}

/* Fetches the buckets with @aggregation into @set's @field. FALSE with no error when the
 * frame was cut at the row limit. */
static gboolean
fetch_buckets (BucketSet           *set,
               const BsSourceSpec  *spec,
               const BsQuery       *rule_query,
               BsQueryBucket        bucket,
               BsQueryAggregation   aggregation,
               int                  field,
               GTimeZone           *tz,
               gint64               end,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(BsQuery) query = bs_query_copy (rule_query);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (end - 1);
  g_autoptr(JsonNode) frame = NULL;
  gint64 span = end - set->origin;

  query->bucket = bucket;
  query->aggregation = aggregation;
  /* Hours for day buckets too: "last N days" would follow the local calendar. */
  query->range = bucket == BS_QUERY_BUCKET_MINUTE ? BS_QUERY_RANGE_LAST_MINUTES
                                                  : BS_QUERY_RANGE_LAST_HOURS;
  query->range_count = (guint) (span / (bucket == BS_QUERY_BUCKET_MINUTE ? 60 : 3600));
  frame = bs_source_runner_run_query (spec, query, tz, when, BS_ALERT_BACKTEST_MAX_ROWS,
                                      cancellable, error);
  if (frame == NULL)
    return FALSE;
  if (json_object_get_boolean_member_with_default (json_node_get_object (frame), "truncated",
                                                   FALSE))
    return FALSE;
  set->field = field;
  bs_alert_frame_foreach_row (frame, load_row, set, NULL);
  return TRUE;
}

typedef struct
{
  Roll     roll;
  gboolean has_splits;
  gboolean aligned;         /* every window began on a bucket edge */
  gboolean rule_bucket_fits; /* the rule's own bucket is made of whole buckets */
} BucketReplay;

static guint
bucket_index (const BucketSet *set,
              gint64           at,
              gboolean         round_up)
{
  gint64 offset = MAX (at - set->origin, 0);
  gint64 index = offset / set->size + (round_up && offset % set->size != 0 ? 1 : 0);

  return (guint) MIN (index, (gint64) set->n);
}

/* The rule's own bucket: its value is the newest bucket's, so the window shrinks to it. */
static guint
rule_bucket_first (const BucketSet *set,
                   const Buckets   *buckets,
                   BsQueryBucket    rule_bucket,
                   guint            i0,
                   guint            i1)
{
  guint newest = i1;
  gint64 newest_start;

  while (newest > i0 && !buckets->present[newest - 1])
    newest--;
  if (newest == i0)
    return i0;
  newest_start = set->origin + (gint64) (newest - 1) * set->size;
  return MAX (i0, bucket_index (set, rule_bucket_start (rule_bucket, newest_start), TRUE));
}

static void
replay_buckets_step (Replay          *replay,
                     const BucketSet *set,
                     BucketReplay    *how,
                     GPtrArray       *all,
                     GTimeZone       *tz,
                     gint64           at)
{
  const BsQuery *query = replay->rule->query;
  g_autofree StepValue *values = g_new0 (StepValue, all->len + 1);
  g_autoptr(JsonObject) none = json_object_new ();
  gint64 start = window_start (query, tz, at);
  /* A window that does not start on a bucket edge is widened to the whole bucket: cut to
   * the next edge, a short window would hold nothing at all. */
  guint i0 = bucket_index (set, start, FALSE);
  guint i1 = bucket_index (set, at, FALSE);
  guint n = 0;

  if ((start - set->origin) % set->size != 0)
    how->aligned = FALSE;
  for (guint j = 0; j < all->len; j++)
    {
      Buckets *buckets = g_ptr_array_index (all, j);
      guint first = i0;
      double value;

      if (query->bucket != BS_QUERY_BUCKET_NONE)
        first = rule_bucket_first (set, buckets, query->bucket, i0, i1);
      if (!buckets_window (buckets, how->roll, first, i1, &value))
        continue;
      values[n++] = (StepValue) { buckets->key, buckets->labels, value, !isnan (value) };
    }
  /* SQL counts nothing as 0, where the other aggregates give null. */
  if (n == 0 && !how->has_splits && how->roll == ROLL_COUNT)
    values[n++] = (StepValue) { "{}", none, 0, TRUE };
  replay_step (replay, values, n);
}

static gboolean
replay_with_buckets (Replay              *replay,
                     BucketSet           *set,
                     BucketReplay        *how,
                     GTimeZone           *tz,
                     const Grid          *grid)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, set->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      buckets_index (value, set->n, how->roll);
      g_ptr_array_add (all, value);
    }
  for (guint i = 0; i < grid->n_steps; i++)
    {
      gint64 at = grid->first + (gint64) i * grid->step;

      replay->step = i;
      replay->at = at * G_USEC_PER_SEC;
      replay_buckets_step (replay, set, how, all, tz, at);
    }
  return TRUE;
}

static const gint64 bucket_seconds[] = {
  [BS_QUERY_BUCKET_MINUTE] = 60,
  [BS_QUERY_BUCKET_HOUR] = 3600,
  [BS_QUERY_BUCKET_DAY] = DAY_SECONDS,
};

/* Whole sentences, so that translators never assemble one from pieces. */
static char *
step_sentence (BsQueryBucket  bucket,
               const char    *step,
               const char    *interval)
{
  switch (bucket)
    {
    case BS_QUERY_BUCKET_MINUTE:
      return g_strdup_printf (_("Replayed every %s instead of every %s, since the data is "
                                "read minute by minute."), step, interval);
    case BS_QUERY_BUCKET_HOUR:
      return g_strdup_printf (_("Replayed every %s instead of every %s, from the data hour "
                                "by hour, to stay within %d rows."), step, interval,
                              BS_ALERT_BACKTEST_MAX_ROWS);
    case BS_QUERY_BUCKET_DAY:
    default:
      return g_strdup_printf (_("Replayed every %s instead of every %s, from the data day "
                                "by day, to stay within %d rows."), step, interval,
                              BS_ALERT_BACKTEST_MAX_ROWS);
    }
}

static const char *
window_sentence (BsQueryBucket bucket)
{
  switch (bucket)
    {
    case BS_QUERY_BUCKET_MINUTE:
      return _("Each window was widened to whole minutes.");
    case BS_QUERY_BUCKET_HOUR:
      return _("Each window was widened to whole hours.");
    case BS_QUERY_BUCKET_DAY:
    default:
      return _("Each window was widened to whole days.");
    }
}

static char *
bucket_note (const BsAlertRule  *rule,
             const Grid         *grid,
             BsQueryBucket       bucket,
             const BucketReplay *how)
{
  g_autoptr(GString) note = g_string_new (NULL);
  g_autofree char *step = format_duration (grid->step);
  g_autofree char *interval = format_duration (rule->interval_seconds);

  if (grid->step != rule->interval_seconds)
    {
      g_autofree char *sentence = step_sentence (bucket, step, interval);

      g_string_append (note, sentence);
    }
  if (!how->aligned || !how->rule_bucket_fits)
    {
      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append (note, window_sentence (bucket));
    }
  return note->len > 0 ? g_string_free (g_steal_pointer (&note), FALSE) : NULL;
}

/* One bucket size: FALSE without an error when it would read too many rows. */
static gboolean
try_buckets (Replay              *replay,
             const BsSourceSpec  *spec,
             GTimeZone           *tz,
             GDateTime           *now,
             BsQueryBucket        bucket,
             guint                expected_series,
             Roll                 roll,
             GCancellable        *cancellable,
             GError             **error)
{
  const BsAlertRule *rule = replay->rule;
  gint64 size = bucket_seconds[bucket];
  guint step = (guint) ((rule->interval_seconds + size - 1) / size * size);
  Grid grid = grid_make (now, step);
  gint64 first_start = window_start (rule->query, tz, grid.first);
  g_autoptr(GHashTable) series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) buckets_free);
  BucketSet set = { series, first_start - first_start % size, size, 0, 0 };
  BucketReplay how = { roll, bs_query_get_n_splits (rule->query) > 0, TRUE, TRUE };
  BsAlertBacktest *result = replay->result;

  set.n = (guint) ((grid.last - set.origin) / size);
  if (bucket != BS_QUERY_BUCKET_DAY
      && (guint64) MAX (expected_series, 1) * set.n > BS_ALERT_BACKTEST_MAX_ROWS)
    return FALSE;
  if ((grid.last - set.origin) / (size == 60 ? 60 : 3600) > 100000)
    return FALSE;
  /* Weeks are whole days; a rule's bucket finer than ours cannot be cut out of it. */
  if (rule->query->bucket != BS_QUERY_BUCKET_NONE && rule->query->bucket < bucket)
    how.rule_bucket_fits = FALSE;

  if (!fetch_buckets (&set, spec, rule->query, bucket,
                      roll == ROLL_AVERAGE ? BS_QUERY_AGGREGATION_SUM : rule->query->aggregation,
                      0, tz, grid.last, cancellable, error))
    return FALSE;
  if (roll == ROLL_AVERAGE
      && !fetch_buckets (&set, spec, rule->query, bucket, BS_QUERY_AGGREGATION_COUNT, 1, tz,
                         grid.last, cancellable, error))
    return FALSE;

  result->step_seconds = step;
  result->n_steps = grid.n_steps;
  result->first_at = grid.first * G_USEC_PER_SEC;
  replay_with_buckets (replay, &set, &how, tz, &grid);
  result->exact = step == rule->interval_seconds && how.aligned && how.rule_bucket_fits;
  result->note = bucket_note (rule, &grid, bucket, &how);
  return TRUE;
}

static gboolean
run_with_buckets (Replay              *replay,
                  const BsSourceSpec  *spec,
                  GTimeZone           *tz,
                  GDateTime           *now,
                  guint                expected_series,
                  Roll                 roll,
                  GCancellable        *cancellable,
                  GError             **error)
{
  static const BsQueryBucket sizes[] = {
    BS_QUERY_BUCKET_MINUTE, BS_QUERY_BUCKET_HOUR, BS_QUERY_BUCKET_DAY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (try_buckets (replay, spec, tz, now, sizes[i], expected_series, roll, cancellable,
                       &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  g_set_error (error, BS_ALERT_BACKTEST_ERROR, BS_ALERT_BACKTEST_ERROR_UNAVAILABLE,
               _("The rule has too many series to replay its last %d days, even day by day"),
               BS_ALERT_BACKTEST_DAYS);
  return FALSE;
}

static gboolean
run_with_queries (Replay              *replay,
                  const BsSourceSpec  *spec,
                  GTimeZone           *tz,
                  GDateTime           *now,
                  GCancellable        *cancellable,
                  GError             **error)
{
  const BsAlertRule *rule = replay->rule;
  guint step = MAX (rule->interval_seconds,
                    BS_ALERT_BACKTEST_DAYS * DAY_SECONDS / (BS_ALERT_BACKTEST_MAX_QUERIES - 1));
  Grid grid = grid_make (now, step);
  BsAlertBacktest *result = replay->result;

  result->step_seconds = step;
  result->n_steps = grid.n_steps;
  result->first_at = grid.first * G_USEC_PER_SEC;
  if (!replay_with_queries (replay, spec, tz, &grid, cancellable, error))
    return FALSE;
  result->exact = step == rule->interval_seconds;
  if (!result->exact)
    {
      g_autofree char *every = format_duration (step);
      g_autofree char *interval = format_duration (rule->interval_seconds);

      result->note = g_strdup_printf (_("Replayed every %s instead of every %s, running the "
                                        "rule's own query each time, since its value cannot "
                                        "be added up from smaller periods."),
                                      every, interval);
    }
  return TRUE;
}

static gboolean
check_replayable (const BsAlertRule  *rule,
                  GError            **error)
{
  if (rule->query->time_column == NULL)
    {
      g_set_error_literal (error, BS_ALERT_BACKTEST_ERROR, BS_ALERT_BACKTEST_ERROR_UNAVAILABLE,
                           _("The rule does not read a time column, so its past values "
                             "cannot be replayed"));
      return FALSE;
    }
  if (rule->query->range == BS_QUERY_RANGE_NONE)
    {
      g_set_error_literal (error, BS_ALERT_BACKTEST_ERROR, BS_ALERT_BACKTEST_ERROR_UNAVAILABLE,
                           _("The rule reads all of its data at once, without a time range, "
                             "so its past values cannot be replayed; choose a time range"));
      return FALSE;
    }
  return TRUE;
}

BsAlertBacktest *
bs_alert_backtest_run (const BsSourceSpec  *spec,
                       const BsAlertRule   *rule,
                       GTimeZone           *tz,
                       GDateTime           *now,
                       guint                expected_series,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(BsAlertBacktest) result = NULL;
  g_autoptr(GHashTable) tracks = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gboolean is_sql;
  gboolean ok;
  Replay replay;
  Roll roll;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (rule != NULL && rule->query != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_replayable (rule, error))
    return NULL;

  result = g_new0 (BsAlertBacktest, 1);
  result->days = BS_ALERT_BACKTEST_DAYS;
  result->intervals = g_ptr_array_new_with_free_func ((GDestroyNotify) interval_free);
  result->series = g_ptr_array_new_with_free_func ((GDestroyNotify) backtest_series_free);
  tracks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) track_free);
  replay = (Replay) { rule, result, tracks, 0, 0 };

  is_sql = g_strcmp0 (spec->kind, "sqlite") == 0 || g_strcmp0 (spec->kind, "csv") == 0;
  if (is_sql && roll_of (rule->query, &roll))
    ok = run_with_buckets (&replay, spec, tz != NULL ? tz : utc, now, expected_series, roll,
                           cancellable, error);
  else
    ok = run_with_queries (&replay, spec, tz != NULL ? tz : utc, now, cancellable, error);
  if (!ok)
    return NULL;
  replay_finish (&replay);
  return g_steal_pointer (&result);
}

JsonNode *
bs_alert_backtest_to_json (const BsAlertBacktest *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "days");
  json_builder_add_int_value (builder, self->days);
  json_builder_set_member_name (builder, "step_seconds");
  json_builder_add_int_value (builder, self->step_seconds);
  json_builder_set_member_name (builder, "exact");
  json_builder_add_boolean_value (builder, self->exact);
  json_builder_set_member_name (builder, "firings");
  json_builder_add_int_value (builder, self->firings);
  json_builder_set_member_name (builder, "firing_seconds");
  json_builder_add_int_value (builder, self->firing_seconds);
  json_builder_set_member_name (builder, "intervals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->intervals->len; i++)
    {
      BsAlertInterval *interval = g_ptr_array_index (self->intervals, i);
      g_autofree char *start = bs_alert_format_time (interval->start);
      g_autofree char *end = interval->end != 0 ? bs_alert_format_time (interval->end) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "series_key");
      json_builder_add_string_value (builder, interval->series_key);
      json_builder_set_member_name (builder, "labels");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                              interval->labels));
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "end");
      if (end != NULL)
        json_builder_add_string_value (builder, end);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "note");
  if (self->note != NULL)
    json_builder_add_string_value (builder, self->note);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
