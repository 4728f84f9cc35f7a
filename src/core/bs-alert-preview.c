#define G_LOG_DOMAIN "bs-alert-preview"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-alert-backtest.h"
#include "bs-alert-evaluation-private.h"
#include "bs-alert-preview.h"

/* About one point an hour over the backtest's days. */
#define CHART_POINTS (BS_ALERT_BACKTEST_DAYS * 24)

typedef struct
{
  BsAlertSeriesValue *series;
  gboolean            fires;
  double              score;    /* firing: how far past; else: how far from firing */
} Ranked;

static double
distance_to_threshold (const BsAlertRule *rule,
                       double             value)
{
  switch (rule->condition)
    {
    case BS_ALERT_CONDITION_WITHIN_RANGE:
    case BS_ALERT_CONDITION_OUTSIDE_RANGE:
      return MIN (fabs (value - rule->threshold), fabs (value - rule->threshold2));
    case BS_ALERT_CONDITION_ABOVE:
    case BS_ALERT_CONDITION_BELOW:
    case BS_ALERT_CONDITION_EQUAL:
    case BS_ALERT_CONDITION_NOT_EQUAL:
    default:
      return fabs (value - rule->threshold);
    }
}

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a;
  const Ranked *y = b;

  if (x->fires != y->fires)
    return x->fires ? -1 : 1;
  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return strcmp (x->series->key, y->series->key);
}

static GArray *
rank_series (const BsAlertRule *rule,
             GPtrArray         *series,
             guint             *out_firing)
{
  GArray *ranked = g_array_sized_new (FALSE, TRUE, sizeof (Ranked), series->len);

  *out_firing = 0;
  for (guint i = 0; i < series->len; i++)
    {
      Ranked r = { g_ptr_array_index (series, i), FALSE, INFINITY };

      if (r.series->has_value && !isnan (r.series->value))
        {
          r.fires = bs_alert_rule_matches (rule, r.series->value);
          r.score = distance_to_threshold (rule, r.series->value);
          /* Among firing series, the furthest past the threshold leads. */
          if (r.fires)
            r.score = -r.score;
        }
      *out_firing += r.fires ? 1 : 0;
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);
  return ranked;
}

static void
add_number_or_null (JsonBuilder *builder,
                    double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_now (JsonBuilder       *builder,
         JsonNode          *frame,
         GArray            *ranked,
         guint              firing)
{
  json_builder_set_member_name (builder, "now");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "frame");
  json_builder_add_value (builder, json_node_ref (frame));
  json_builder_set_member_name (builder, "series");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ranked->len; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "series_key");
      json_builder_add_string_value (builder, r->series->key);
      json_builder_set_member_name (builder, "labels");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                              r->series->labels));
      json_builder_set_member_name (builder, "value");
      add_number_or_null (builder, r->series->has_value ? r->series->value : NAN);
      json_builder_set_member_name (builder, "fires");
      json_builder_add_boolean_value (builder, r->fires);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "firing");
  json_builder_add_int_value (builder, firing);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, ranked->len);
  json_builder_end_object (builder);
}

/* The chart */

static void
begin_chart (JsonBuilder *builder,
             GStrv        label_columns)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "bucket");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "time");
  json_builder_end_object (builder);
  for (guint i = 0; label_columns != NULL && label_columns[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, label_columns[i]);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text");
      json_builder_end_object (builder);
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "value");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "number");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
}

static JsonNode *
end_chart (JsonBuilder *builder)
{
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
add_chart_row (JsonBuilder *builder,
               gint64       at,
               JsonObject  *labels,
               GStrv        label_columns,
               double       value)
{
  g_autofree char *time = bs_alert_format_time (at);

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, time);
  for (guint i = 0; label_columns != NULL && label_columns[i] != NULL; i++)
    json_builder_add_string_value (builder,
                                   json_object_get_string_member_with_default (labels,
                                                                               label_columns[i],
                                                                               ""));
  add_number_or_null (builder, value);
  json_builder_end_array (builder);
}

static GHashTable *
chart_keys (GArray *ranked)
{
  GHashTable *keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ranked->len && i < BS_ALERT_PREVIEW_CHART_SERIES; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);

      g_hash_table_insert (keys, r->series->key, GUINT_TO_POINTER (i + 1));
    }
  return keys;
}

static JsonNode *
chart_from_backtest (const BsAlertBacktest *backtest,
                     GArray                *ranked,
                     GStrv                  label_columns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) keys = chart_keys (ranked);
  guint stride = backtest->n_steps > CHART_POINTS * 2
                 ? (backtest->n_steps + CHART_POINTS - 1) / CHART_POINTS : 1;
  gint64 step = (gint64) backtest->step_seconds * G_USEC_PER_SEC;

  begin_chart (builder, label_columns);
  for (guint i = 0; i < backtest->series->len; i++)
    {
      BsAlertBacktestSeries *series = g_ptr_array_index (backtest->series, i);

      /* With no series now, the first ones of the past stand in. */
      if (g_hash_table_size (keys) > 0 ? !g_hash_table_contains (keys, series->series_key)
                                       : i >= BS_ALERT_PREVIEW_CHART_SERIES)
        continue;
      /* Counted back from the last evaluation, so that "now" is always a point. */
      for (guint j = (backtest->n_steps - 1) % stride; j < backtest->n_steps; j += stride)
        add_chart_row (builder, backtest->first_at + j * step, series->labels, label_columns,
                       series->values[j]);
    }
  return end_chart (builder);
}

typedef struct
{
  JsonBuilder *builder;
  GHashTable  *keys;
  GStrv        label_columns;
} ChartRows;

static void
add_bucket_row (BsAlertSeriesValue *row,
                gpointer            user_data)
{
  g_autoptr(BsAlertSeriesValue) owned = row;
  ChartRows *rows = user_data;

  if (row->time != G_MININT64 && g_hash_table_contains (rows->keys, row->key))
    add_chart_row (rows->builder, row->time, row->labels, rows->label_columns,
                   row->has_value ? row->value : NAN);
}

/* Without a backtest: the measure hour by hour, which at least shows the data's shape. */
static JsonNode *
chart_from_buckets (const BsSourceSpec  *spec,
                    const BsAlertRule   *rule,
                    GTimeZone           *tz,
                    GDateTime           *now,
                    GArray              *ranked,
                    GStrv                label_columns,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(BsQuery) query = bs_query_copy (rule->query);
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) keys = chart_keys (ranked);
  ChartRows rows = { builder, keys, label_columns };

  query->bucket = BS_QUERY_BUCKET_HOUR;
  query->range = BS_QUERY_RANGE_LAST_HOURS;
  query->range_count = BS_ALERT_BACKTEST_DAYS * 24;
  frame = bs_source_runner_run_query (spec, query, tz, now, BS_ALERT_PREVIEW_ROW_LIMIT,
                                      cancellable, error);
  if (frame == NULL)
    return NULL;
  begin_chart (builder, label_columns);
  bs_alert_frame_foreach_row (frame, add_bucket_row, &rows, NULL);
  return end_chart (builder);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

JsonNode *
bs_alert_preview_run (const BsSourceSpec *spec,
                      const BsAlertRule  *rule,
                      GTimeZone          *tz,
                      GDateTime          *now,
                      GCancellable       *cancellable,
                      GError            **error)
{
  gint64 started = g_get_monotonic_time ();
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_auto(GStrv) label_columns = NULL;
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(BsAlertBacktest) backtest = NULL;
  g_autoptr(GError) backtest_error = NULL;
  g_autoptr(GError) chart_error = NULL;
  g_autoptr(JsonNode) chart = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint firing;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (rule != NULL && rule->query != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  frame = bs_source_runner_run_query (spec, rule->query, tz, now, BS_ALERT_PREVIEW_ROW_LIMIT,
                                      cancellable, error);
  if (frame == NULL)
    return NULL;
  series = bs_alert_frame_read_series (frame, &label_columns);
  ranked = rank_series (rule, series, &firing);

  backtest = bs_alert_backtest_run (spec, rule, tz, now, series->len, cancellable,
                                    &backtest_error);
  if (backtest != NULL)
    chart = chart_from_backtest (backtest, ranked, label_columns);
  else if (!is_cancelled (backtest_error) && rule->query->time_column != NULL)
    chart = chart_from_buckets (spec, rule, tz, now, ranked, label_columns, cancellable,
                                &chart_error);
  if (is_cancelled (backtest_error) || is_cancelled (chart_error))
    {
      if (is_cancelled (backtest_error))
        g_propagate_error (error, g_steal_pointer (&backtest_error));
      else
        g_propagate_error (error, g_steal_pointer (&chart_error));
      return NULL;
    }
  if (chart_error != NULL)
    g_debug ("No chart for the preview of “%s”: %s", rule->title, chart_error->message);

  json_builder_begin_object (builder);
  add_now (builder, frame, ranked, firing);
  json_builder_set_member_name (builder, "chart");
  if (chart != NULL)
    json_builder_add_value (builder, g_steal_pointer (&chart));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "backtest");
  if (backtest != NULL)
    json_builder_add_value (builder, bs_alert_backtest_to_json (backtest));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "backtest_unavailable");
  if (backtest_error != NULL)
    json_builder_add_string_value (builder, backtest_error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, (g_get_monotonic_time () - started) / 1000.0);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
