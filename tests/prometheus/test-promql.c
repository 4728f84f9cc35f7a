#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-query-promql.h"

#define METRIC "shop_inventory_units"

/* 2026-11-24 10:30 UTC is a Tuesday. */
static GDateTime *
make_now (void)
{
  return g_date_time_new_utc (2026, 11, 24, 10, 30, 0);
}

static BsQuery *
make_query (BsQueryAggregation aggregation)
{
  BsQuery *query = bs_query_new (1, METRIC);

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "value");
  query->aggregation = aggregation;
  return query;
}

static BsQueryPromql *
render_ok (const BsQuery *query)
{
  g_autoptr(GDateTime) now = make_now ();
  g_autoptr(GError) error = NULL;
  BsQueryPromql *promql = NULL;

  g_assert_true (bs_query_promql_render (query, now, &promql, &error));
  g_assert_no_error (error);
  g_assert_nonnull (promql);
  return promql;
}

static char *
render_expr (const BsQuery *query)
{
  g_autoptr(BsQueryPromql) promql = render_ok (query);

  return g_strdup (promql->expr);
}

static void
assert_render_error (const BsQuery *query,
                     BsQueryError   code,
                     const char    *needle)
{
  g_autoptr(GDateTime) now = make_now ();
  g_autoptr(GError) error = NULL;
  BsQueryPromql *promql = NULL;

  g_assert_false (bs_query_promql_render (query, now, &promql, &error));
  g_assert_error (error, BS_QUERY_ERROR, (gint) code);
  g_assert_null (promql);
  g_assert_cmpuint (strlen (error->message), <, 400);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” not in the error “%s”", needle, error->message);
}

static void
assert_time (GDateTime  *time,
             const char *expected)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");

  g_assert_cmpstr (text, ==, expected);
}

static void
test_aggregations (void)
{
  static const struct {
    BsQueryAggregation aggregation;
    const char *with_range;
    const char *without_range;
  } cases[] = {
    { BS_QUERY_AGGREGATION_SUM, "sum by (product) (sum_over_time(" METRIC "[1d]))",
      "sum by (product) (" METRIC ")" },
    { BS_QUERY_AGGREGATION_AVERAGE, "avg by (product) (avg_over_time(" METRIC "[1d]))",
      "avg by (product) (" METRIC ")" },
    { BS_QUERY_AGGREGATION_MINIMUM, "min by (product) (min_over_time(" METRIC "[1d]))",
      "min by (product) (" METRIC ")" },
    { BS_QUERY_AGGREGATION_MAXIMUM, "max by (product) (max_over_time(" METRIC "[1d]))",
      "max by (product) (" METRIC ")" },
    { BS_QUERY_AGGREGATION_COUNT, "sum by (product) (count_over_time(" METRIC "[1d]))",
      "count by (product) (" METRIC ")" },
    { BS_QUERY_AGGREGATION_LAST, "sum by (product) (last_over_time(" METRIC "[1d]))",
      "sum by (product) (" METRIC ")" },
    { BS_QUERY_AGGREGATION_MEDIAN,
      "quantile by (product) (0.5, quantile_over_time(0.5, " METRIC "[1d]))",
      "quantile by (product) (0.5, " METRIC ")" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsQuery) query = make_query (cases[i].aggregation);
      g_autoptr(BsQueryPromql) promql = NULL;
      g_autofree char *instant = NULL;

      bs_query_add_split (query, "product");
      instant = render_expr (query);
      g_assert_cmpstr (instant, ==, cases[i].without_range);

      bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 24);
      promql = render_ok (query);
      g_assert_cmpstr (promql->expr, ==, cases[i].with_range);
      g_assert_false (promql->is_range);
      assert_time (promql->start, "2026-11-23T10:30:00.000000Z");
      assert_time (promql->end, "2026-11-24T10:30:00.000000Z");
      g_assert_cmpstr (promql->labels[0], ==, "product");
      g_assert_null (promql->labels[1]);
    }
}

static void
test_measures (void)
{
  g_autoptr(BsQuery) query = bs_query_new (1, METRIC);
  g_autofree char *rows_instant = NULL;
  g_autofree char *rows_range = NULL;
  g_autofree char *distinct_instant = NULL;
  g_autofree char *distinct_range = NULL;
  g_autofree char *distinct_split = NULL;
  g_autofree char *distinct_alone = NULL;

  /* Counting rows ignores the aggregation. */
  query->aggregation = BS_QUERY_AGGREGATION_MAXIMUM;
  bs_query_add_split (query, "product");
  rows_instant = render_expr (query);
  g_assert_cmpstr (rows_instant, ==, "count by (product) (" METRIC ")");
  bs_query_set_time (query, NULL, BS_QUERY_RANGE_LAST_MINUTES, 90);
  rows_range = render_expr (query);
  g_assert_cmpstr (rows_range, ==, "sum by (product) (count_over_time(" METRIC "[90m]))");

  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "region");
  distinct_range = render_expr (query);
  g_assert_cmpstr (distinct_range, ==,
                   "count by (product) (count by (region, product) (count_over_time(" METRIC
                   "[90m])))");
  bs_query_set_time (query, NULL, BS_QUERY_RANGE_NONE, 0);
  distinct_instant = render_expr (query);
  g_assert_cmpstr (distinct_instant, ==,
                   "count by (product) (count by (region, product) (" METRIC "))");

  /* Counting the distinct values of a split label: each group has one. */
  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "product");
  distinct_split = render_expr (query);
  g_assert_cmpstr (distinct_split, ==, "count by (product) (count by (product) (" METRIC "))");

  g_clear_pointer (&query->splits[0], g_free);
  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "region");
  distinct_alone = render_expr (query);
  g_assert_cmpstr (distinct_alone, ==, "count(count by (region) (" METRIC "))");

  /* A sample value has no distinct count in PromQL; a label is not a measure. */
  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "value");
  assert_render_error (query, BS_QUERY_ERROR_UNSUPPORTED, "distinct sample values");
  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "region");
  assert_render_error (query, BS_QUERY_ERROR_UNSUPPORTED, "region");
  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, NULL);
  g_clear_pointer (&distinct_alone, g_free);
  distinct_alone = render_expr (query);
  g_assert_cmpstr (distinct_alone, ==, "max(" METRIC ")");
}

static void
test_splits (void)
{
  g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQueryPromql) promql = NULL;
  g_autofree char *none = render_expr (query);

  g_assert_cmpstr (none, ==, "sum(" METRIC ")");
  g_assert_true (bs_query_add_split (query, "region"));
  g_assert_true (bs_query_add_split (query, "product"));
  promql = render_ok (query);
  g_assert_cmpstr (promql->expr, ==, "sum by (region, product) (" METRIC ")");
  g_assert_cmpstr (promql->labels[0], ==, "region");
  g_assert_cmpstr (promql->labels[1], ==, "product");
  g_assert_null (promql->labels[2]);
  g_assert_null (promql->start);
  g_assert_nonnull (promql->end);

  /* A label named twice is grouped by once. */
  g_free (query->splits[1]);
  query->splits[1] = g_strdup ("region");
  g_clear_pointer (&promql, bs_query_promql_free);
  promql = render_ok (query);
  g_assert_cmpstr (promql->expr, ==, "sum by (region) (" METRIC ")");

  /* Prometheus 2.x cannot group by these label names. */
  g_free (query->splits[1]);
  query->splits[1] = g_strdup ("NaN");
  assert_render_error (query, BS_QUERY_ERROR_UNSUPPORTED, "NaN");
  g_free (query->splits[1]);
  query->splits[1] = g_strdup ("without");
  assert_render_error (query, BS_QUERY_ERROR_UNSUPPORTED, "without");
  g_free (query->splits[1]);
  query->splits[1] = g_strdup ("with:colon");
  assert_render_error (query, BS_QUERY_ERROR_UNKNOWN_COLUMN, "with:colon");
}

static void
test_filters (void)
{
  static const struct {
    BsQueryOperator op;
    const char *value;
    const char *expected;
  } cases[] = {
    { BS_QUERY_OPERATOR_EQUAL, "north", METRIC "{region=\"north\"}" },
    { BS_QUERY_OPERATOR_NOT_EQUAL, "north", METRIC "{region!=\"north\"}" },
    { BS_QUERY_OPERATOR_CONTAINS, "a.b", METRIC "{region=~\"(?s:.*)a\\\\.b(?s:.*)\"}" },
    { BS_QUERY_OPERATOR_STARTS_WITH, "(x)", METRIC "{region=~\"\\\\(x\\\\)(?s:.*)\"}" },
    { BS_QUERY_OPERATOR_IS_EMPTY, NULL, METRIC "{region=\"\"}" },
    { BS_QUERY_OPERATOR_IS_NOT_EMPTY, NULL, METRIC "{region!=\"\"}" },
  };
  static const BsQueryOperator comparisons[] = {
    BS_QUERY_OPERATOR_LESS, BS_QUERY_OPERATOR_LESS_OR_EQUAL,
    BS_QUERY_OPERATOR_GREATER, BS_QUERY_OPERATOR_GREATER_OR_EQUAL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_LAST);
      g_autofree char *expected = g_strdup_printf ("sum(%s)", cases[i].expected);
      g_autofree char *expr = NULL;

      bs_query_add_filter_text (query, "region", cases[i].op, cases[i].value);
      expr = render_expr (query);
      g_assert_cmpstr (expr, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (comparisons); i++)
    {
      g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);

      bs_query_add_filter_number (query, "product_id", comparisons[i], 3);
      assert_render_error (query, BS_QUERY_ERROR_UNSUPPORTED, "“product_id”");
    }

  {
    g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);
    g_autofree char *expr = NULL;

    /* Numbers match the text Prometheus stores; several filters are all applied. */
    bs_query_add_filter_number (query, "product_id", BS_QUERY_OPERATOR_EQUAL, 17);
    bs_query_add_filter_number (query, "ratio", BS_QUERY_OPERATOR_NOT_EQUAL, 0.1);
    bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_STARTS_WITH, "no");
    expr = render_expr (query);
    g_assert_cmpstr (expr, ==,
                     "sum(" METRIC "{product_id=\"17\", ratio!=\"0.1\", region=~\"no(?s:.*)\"})");
  }
}

static void
test_ranges (void)
{
  static const struct {
    BsQueryRange range;
    guint count;
    const char *window;
    const char *start;
  } cases[] = {
    { BS_QUERY_RANGE_LAST_MINUTES, 15, "15m", "2026-11-24T10:15:00.000000Z" },
    { BS_QUERY_RANGE_LAST_MINUTES, 90, "90m", "2026-11-24T09:00:00.000000Z" },
    { BS_QUERY_RANGE_LAST_HOURS, 5, "5h", "2026-11-24T05:30:00.000000Z" },
    { BS_QUERY_RANGE_LAST_HOURS, 48, "2d", "2026-11-22T10:30:00.000000Z" },
    { BS_QUERY_RANGE_LAST_DAYS, 7, "7d", "2026-11-17T10:30:00.000000Z" },
    { BS_QUERY_RANGE_TODAY, 0, "630m", "2026-11-24T00:00:00.000000Z" },
    { BS_QUERY_RANGE_THIS_WEEK, 0, "2070m", "2026-11-23T00:00:00.000000Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_MAXIMUM);
      g_autoptr(BsQueryPromql) promql = NULL;
      g_autofree char *expected = NULL;

      /* No time column: the range applies to the samples' own times. */
      bs_query_set_time (query, NULL, cases[i].range, cases[i].count);
      promql = render_ok (query);
      expected = g_strdup_printf ("max(max_over_time(" METRIC "[%s]))", cases[i].window);
      g_assert_cmpstr (promql->expr, ==, expected);
      assert_time (promql->start, cases[i].start);
    }
}

static void
test_ranges_local_time (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2026, 11, 23, 20, 0, 0);
  g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQueryPromql) today = NULL;
  g_autoptr(BsQueryPromql) midnight = NULL;
  g_autoptr(GDateTime) at_midnight = g_date_time_new (zone, 2026, 11, 23, 0, 0, 0);
  g_autoptr(GError) error = NULL;

  /* 20:00 at UTC−5 is 01:00 UTC the next day: "today" is the local one, 20 hours long. */
  bs_query_set_time (query, NULL, BS_QUERY_RANGE_TODAY, 0);
  g_assert_true (bs_query_promql_render (query, now, &today, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (today->expr, ==, "sum(sum_over_time(" METRIC "[20h]))");
  assert_time (today->start, "2026-11-23T05:00:00.000000Z");

  /* PromQL has no empty range: at midnight sharp the window is one millisecond. */
  g_assert_true (bs_query_promql_render (query, at_midnight, &midnight, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (midnight->expr, ==, "sum(sum_over_time(" METRIC "[1ms]))");
}

static void
test_buckets (void)
{
  g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);
  g_autoptr(BsQueryPromql) hourly = NULL;
  g_autoptr(BsQueryPromql) weekly = NULL;
  g_autoptr(BsQueryPromql) minutes = NULL;

  bs_query_add_split (query, "product");
  bs_query_set_time (query, "timestamp", BS_QUERY_RANGE_LAST_HOURS, 24);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  hourly = render_ok (query);
  g_assert_true (hourly->is_range);
  g_assert_cmpstr (hourly->expr, ==, "sum by (product) (sum_over_time(" METRIC "[3599999ms]))");
  g_assert_cmpuint (hourly->step_seconds, ==, 3600);
  /* Whole hours from the one holding now − 24 h, each point at its hour's last millisecond. */
  assert_time (hourly->start, "2026-11-23T10:59:59.999000Z");
  assert_time (hourly->end, "2026-11-24T10:59:59.999000Z");
  g_assert_cmpint (hourly->time_shift_ms, ==, -3599999);

  query->bucket = BS_QUERY_BUCKET_WEEK;
  bs_query_set_time (query, NULL, BS_QUERY_RANGE_LAST_DAYS, 30);
  weekly = render_ok (query);
  g_assert_cmpuint (weekly->step_seconds, ==, 7 * 86400);
  /* Weeks start on Monday: 2026-10-19 and 2026-11-23 are Mondays. */
  assert_time (weekly->start, "2026-10-25T23:59:59.999000Z");
  assert_time (weekly->end, "2026-11-29T23:59:59.999000Z");
  g_assert_cmpstr (weekly->expr, ==, "sum by (product) (sum_over_time(" METRIC "[604799999ms]))");

  query->bucket = BS_QUERY_BUCKET_MINUTE;
  query->aggregation = BS_QUERY_AGGREGATION_MEDIAN;
  bs_query_set_time (query, NULL, BS_QUERY_RANGE_LAST_MINUTES, 10);
  minutes = render_ok (query);
  g_assert_cmpstr (minutes->expr, ==,
                   "quantile by (product) (0.5, quantile_over_time(0.5, " METRIC "[59999ms]))");
  assert_time (minutes->start, "2026-11-24T10:20:59.999000Z");
  assert_time (minutes->end, "2026-11-24T10:30:59.999000Z");

  /* 30 days of minutes is 43,201 points, more than Prometheus answers. */
  bs_query_set_time (query, NULL, BS_QUERY_RANGE_LAST_DAYS, 30);
  assert_render_error (query, BS_QUERY_ERROR_UNSUPPORTED, "43201 points");

  bs_query_set_time (query, NULL, BS_QUERY_RANGE_NONE, 0);
  assert_render_error (query, BS_QUERY_ERROR_INVALID, "time range");
}

static void
test_names (void)
{
  static const char * const bad_metrics[] = {
    "", "1abc", "a-b", "a b", "sum(x)", "a{b}", "m\"} or vector(1) #", "ä", "a\nb",
  };
  static const char * const bad_labels[] = { "", "1x", "a-b", "a:b", "a b", "x\"}" };
  static const char * const reserved[] = { "sum", "NaN", "Inf", "on", "bool", "without" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_metrics); i++)
    {
      g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);

      g_free (query->table);
      query->table = g_strdup (bad_metrics[i]);
      g_assert_false (bs_query_promql_is_metric_name (bad_metrics[i]));
      assert_render_error (query, BS_QUERY_ERROR_UNKNOWN_TABLE, "metric name");
    }
  g_assert_true (bs_query_promql_is_metric_name ("job:requests:rate5m"));
  g_assert_true (bs_query_promql_is_metric_name ("_x9"));

  for (guint i = 0; i < G_N_ELEMENTS (bad_labels); i++)
    {
      g_autoptr(BsQuery) split = make_query (BS_QUERY_AGGREGATION_SUM);
      g_autoptr(BsQuery) filter = make_query (BS_QUERY_AGGREGATION_SUM);
      g_autoptr(BsQuery) distinct = make_query (BS_QUERY_AGGREGATION_SUM);

      g_assert_false (bs_query_promql_is_label_name (bad_labels[i]));
      split->splits[0] = g_strdup (bad_labels[i]);
      assert_render_error (split, BS_QUERY_ERROR_UNKNOWN_COLUMN, "label name");
      bs_query_add_filter_text (filter, bad_labels[i], BS_QUERY_OPERATOR_EQUAL, "x");
      assert_render_error (filter, BS_QUERY_ERROR_UNKNOWN_COLUMN, "filters[0].column");
      bs_query_set_measure (distinct, BS_QUERY_MEASURE_DISTINCT_COUNT, bad_labels[i]);
      assert_render_error (distinct, BS_QUERY_ERROR_UNKNOWN_COLUMN, "label name");
    }
  g_assert_true (bs_query_promql_is_label_name ("__name__"));

  /* Names the lexer would read as keywords are selected through __name__. */
  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    {
      g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_MAXIMUM);
      g_autofree char *expected = NULL;
      g_autofree char *expr = NULL;

      g_free (query->table);
      query->table = g_strdup (reserved[i]);
      bs_query_add_filter_text (query, "job", BS_QUERY_OPERATOR_EQUAL, "a");
      expr = render_expr (query);
      expected = g_strdup_printf ("max({__name__=\"%s\", job=\"a\"})", reserved[i]);
      g_assert_cmpstr (expr, ==, expected);
    }

  {
    /* A 1 MB name is refused without being repeated in the message. */
    g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_SUM);

    g_free (query->table);
    query->table = g_strnfill (1024 * 1024, '-');
    assert_render_error (query, BS_QUERY_ERROR_UNKNOWN_TABLE, "“table”");
  }
}

/* Reads the PromQL string literal at *@pos (which must be a '"') the way the Prometheus lexer
 * does for the escapes the renderer writes; fails the test on anything else (a raw control
 * character, an unknown escape, no closing quote). */
static char *
read_literal (const char  *expr,
              gsize       *pos)
{
  GString *out = g_string_new (NULL);
  gsize i = *pos;

  g_assert_cmpint (expr[i], ==, '"');
  for (i++; expr[i] != '"'; i++)
    {
      g_assert_cmpint (expr[i], !=, '\0');
      g_assert_false ((guchar) expr[i] < 0x20 || expr[i] == 0x7f);
      if (expr[i] != '\\')
        {
          g_string_append_c (out, expr[i]);
          continue;
        }
      i++;
      switch (expr[i])
        {
        case '\\': g_string_append_c (out, '\\'); break;
        case '"': g_string_append_c (out, '"'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'x':
          g_assert_true (g_ascii_isxdigit (expr[i + 1]) && g_ascii_isxdigit (expr[i + 2]));
          g_string_append_c (out, (char) (g_ascii_xdigit_value (expr[i + 1]) * 16
                                          + g_ascii_xdigit_value (expr[i + 2])));
          i += 2;
          break;
        default:
          g_error ("unexpected escape \\%c in a literal", expr[i]);
        }
    }
  *pos = i + 1;
  return g_string_free (out, FALSE);
}

/* RE2's QuoteMeta, written independently of the renderer's. */
static char *
quote_meta (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_ispunct (*p) && strchr ("\\.+*?()|[]{}^$", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Renders a filter on @value and proves the expression is exactly the selector with one
 * matcher whose literal reads back as @expected_literal. */
static char *
render_single_matcher (BsQueryOperator  op,
                       const char      *value,
                       const char      *expected_op)
{
  g_autoptr(BsQuery) query = make_query (BS_QUERY_AGGREGATION_LAST);
  g_autofree char *expr = NULL;
  g_autofree char *prefix = g_strdup_printf ("sum(" METRIC "{region%s", expected_op);
  char *literal;
  gsize pos;

  bs_query_add_filter_text (query, "region", op, value);
  expr = render_expr (query);
  g_assert_true (g_str_has_prefix (expr, prefix));
  pos = strlen (prefix);
  literal = read_literal (expr, &pos);
  g_assert_cmpstr (expr + pos, ==, "})");
  return literal;
}

static void
test_hostile_values (void)
{
  const char *values[] = {
    "\"}) or vector(1)",
    "\"} or vector(1) #",
    "\\",
    "abc\\",
    "\\\"",
    "line\nbreak\r\ttab",
    "\x01\x1f\x7f control",
    "}[5m]) offset 1d",
    "(?s:.*)",
    ".*",
    "$^|[]{}+?",
    "Zürich ✓",
    "",
    NULL, /* 1 MB */
  };
  g_autofree char *big = NULL;
  GString *builder = g_string_new (NULL);

  while (builder->len < 1024 * 1024)
    g_string_append (builder, "\"}\\\n) or vector(1) .* ");
  big = g_string_free (builder, FALSE);
  values[G_N_ELEMENTS (values) - 1] = big;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *equal = render_single_matcher (BS_QUERY_OPERATOR_EQUAL, values[i], "=");
      g_autofree char *not_equal = render_single_matcher (BS_QUERY_OPERATOR_NOT_EQUAL, values[i],
                                                          "!=");
      g_autofree char *contains = render_single_matcher (BS_QUERY_OPERATOR_CONTAINS, values[i],
                                                         "=~");
      g_autofree char *starts = render_single_matcher (BS_QUERY_OPERATOR_STARTS_WITH, values[i],
                                                       "=~");
      g_autofree char *meta = quote_meta (values[i]);
      g_autofree char *expected_contains = g_strconcat ("(?s:.*)", meta, "(?s:.*)", NULL);
      g_autofree char *expected_starts = g_strconcat (meta, "(?s:.*)", NULL);
      g_autofree char *around = g_strconcat ("before ", values[i], " after", NULL);
      g_autofree char *behind = g_strconcat (values[i], " after", NULL);
      g_autoptr(GRegex) contains_re = NULL;
      g_autoptr(GRegex) starts_re = NULL;
      g_autofree char *anchored_contains = g_strconcat ("^(?:", contains, ")$", NULL);
      g_autofree char *anchored_starts = g_strconcat ("^(?:", starts, ")$", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (equal, ==, values[i]);
      g_assert_cmpstr (not_equal, ==, values[i]);
      g_assert_cmpstr (contains, ==, expected_contains);
      g_assert_cmpstr (starts, ==, expected_starts);

      /* PCRE cannot compile a megabyte pattern; the shorter ones also prove that the
       * patterns match the value literally, anchored as Prometheus anchors them. */
      if (strlen (values[i]) > 4096)
        continue;
      contains_re = g_regex_new (anchored_contains, G_REGEX_OPTIMIZE, 0, &error);
      g_assert_no_error (error);
      starts_re = g_regex_new (anchored_starts, G_REGEX_OPTIMIZE, 0, &error);
      g_assert_no_error (error);
      g_assert_true (g_regex_match (contains_re, around, 0, NULL));
      g_assert_true (g_regex_match (contains_re, values[i], 0, NULL));
      g_assert_true (g_regex_match (starts_re, behind, 0, NULL));
      if (*values[i] != '\0')
        {
          g_autofree char *other = g_strdup (values[i]);

          other[0] = other[0] == 'Q' ? 'R' : 'Q';
          g_assert_false (g_regex_match (starts_re, other, 0, NULL));
          g_assert_false (g_regex_match (starts_re, "before", 0, NULL));
        }
    }
}

static void
test_nul_and_invalid_text (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(BsQuery) latin1 = make_query (BS_QUERY_AGGREGATION_SUM);
  const char *json = "{\"table\":\"" METRIC "\",\"measure\":\"value\",\"column\":\"value\","
                     "\"filters\":[{\"column\":\"region\",\"operator\":\"=\","
                     "\"value\":\"a\\u0000\\\"} or vector(1)\"}]}";

  /* A NUL from JSON either stops the query or cuts the text; it never reaches PromQL. */
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  query = bs_query_from_json (json_parser_get_root (parser), &error);
  if (query == NULL)
    {
      g_test_message ("the query model refused the NUL: %s", error->message);
      g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
    }
  else
    {
      const BsQueryFilter *filter = g_ptr_array_index (query->filters, 0);
      g_autofree char *expr = render_expr (query);
      g_autofree char *literal = NULL;
      gsize pos = strlen ("sum(" METRIC "{region=");

      g_assert_no_error (error);
      literal = read_literal (expr, &pos);
      g_test_message ("the NUL cut the value to “%s”", literal);
      g_assert_cmpstr (literal, ==, filter->text);
      g_assert_cmpstr (expr + pos, ==, "})");
    }

  bs_query_add_filter_text (latin1, "region", BS_QUERY_OPERATOR_EQUAL, "Z\xfcrich");
  assert_render_error (latin1, BS_QUERY_ERROR_INVALID, "UTF-8");
}

static void
test_quote (void)
{
  g_autofree char *plain = bs_query_promql_quote ("abc");
  g_autofree char *hostile = bs_query_promql_quote ("a\"b\\c\nd\x02");

  g_assert_cmpstr (plain, ==, "\"abc\"");
  g_assert_cmpstr (hostile, ==, "\"a\\\"b\\\\c\\nd\\x02\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/promql/aggregations", test_aggregations);
  g_test_add_func ("/bs/promql/measures", test_measures);
  g_test_add_func ("/bs/promql/splits", test_splits);
  g_test_add_func ("/bs/promql/filters", test_filters);
  g_test_add_func ("/bs/promql/ranges", test_ranges);
  g_test_add_func ("/bs/promql/ranges-local-time", test_ranges_local_time);
  g_test_add_func ("/bs/promql/buckets", test_buckets);
  g_test_add_func ("/bs/promql/names", test_names);
  g_test_add_func ("/bs/promql/hostile-values", test_hostile_values);
  g_test_add_func ("/bs/promql/nul-and-invalid-text", test_nul_and_invalid_text);
  g_test_add_func ("/bs/promql/quote", test_quote);

  return g_test_run ();
}
