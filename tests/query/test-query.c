#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>
#include <math.h>

#include "bs-query.h"

static char *
to_string (const BsQuery *query)
{
  g_autoptr(JsonNode) node = bs_query_to_json (query);

  return json_to_string (node, FALSE);
}

static BsQuery *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;

  json_parser_load_from_data (parser, text, -1, &parse_error);
  g_assert_no_error (parse_error);
  return bs_query_from_json (json_parser_get_root (parser), error);
}

static BsQuery *
full_query (void)
{
  BsQuery *query = bs_query_new (12, "sales");

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "quantity");
  query->aggregation = BS_QUERY_AGGREGATION_MEDIAN;
  g_assert_true (bs_query_add_split (query, "product_id"));
  g_assert_true (bs_query_add_split (query, "store_id"));
  bs_query_add_filter_text (query, "channel", BS_QUERY_OPERATOR_EQUAL, "online");
  bs_query_add_filter_number (query, "amount", BS_QUERY_OPERATOR_GREATER_OR_EQUAL, 12.5);
  bs_query_add_filter_text (query, "note", BS_QUERY_OPERATOR_IS_EMPTY, NULL);
  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_HOURS, 24);
  query->bucket = BS_QUERY_BUCKET_HOUR;
  return query;
}

static void
test_defaults (void)
{
  g_autoptr(BsQuery) query = bs_query_new (3, "orders");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (query->source_id, ==, 3);
  g_assert_cmpstr (query->table, ==, "orders");
  g_assert_cmpint (query->measure, ==, BS_QUERY_MEASURE_COUNT_ROWS);
  g_assert_cmpint (query->aggregation, ==, BS_QUERY_AGGREGATION_SUM);
  g_assert_cmpuint (bs_query_get_n_splits (query), ==, 0);
  g_assert_cmpuint (query->filters->len, ==, 0);
  g_assert_null (query->time_column);
  g_assert_cmpint (query->bucket, ==, BS_QUERY_BUCKET_NONE);
  g_assert_true (bs_query_validate (query, &error));
  g_assert_no_error (error);

  json = to_string (query);
  g_assert_cmpstr (json, ==, "{\"source\":3,\"table\":\"orders\",\"measure\":\"count-rows\","
                             "\"aggregation\":\"sum\",\"split\":[],\"filters\":[],"
                             "\"bucket\":\"none\"}");
}

static void
test_setters (void)
{
  g_autoptr(BsQuery) query = bs_query_new (0, "sales");
  const BsQueryFilter *filter;

  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "product_id");
  g_assert_cmpint (query->measure, ==, BS_QUERY_MEASURE_DISTINCT_COUNT);
  g_assert_cmpstr (query->measure_column, ==, "product_id");
  bs_query_set_measure (query, BS_QUERY_MEASURE_COUNT_ROWS, NULL);
  g_assert_null (query->measure_column);

  g_assert_true (bs_query_add_split (query, "a"));
  g_assert_true (bs_query_add_split (query, "b"));
  g_assert_false (bs_query_add_split (query, "c"));
  g_assert_cmpuint (bs_query_get_n_splits (query), ==, 2);
  g_assert_cmpstr (query->splits[1], ==, "b");
  g_assert_null (query->splits[2]);

  bs_query_add_filter_number (query, "qty", BS_QUERY_OPERATOR_LESS, 3);
  filter = g_ptr_array_index (query->filters, 0);
  g_assert_true (filter->is_number);
  g_assert_cmpfloat (filter->number, ==, 3);
  g_assert_null (filter->text);

  bs_query_set_time (query, "at", BS_QUERY_RANGE_TODAY, 0);
  bs_query_set_time (query, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 7);
  g_assert_cmpstr (query->time_column, ==, "sold_at");
  g_assert_cmpint (query->range, ==, BS_QUERY_RANGE_LAST_DAYS);
  g_assert_cmpuint (query->range_count, ==, 7);

  g_assert_cmpstr (bs_query_aggregation_to_string (BS_QUERY_AGGREGATION_MEDIAN), ==, "median");
  g_assert_cmpstr (bs_query_operator_to_string (BS_QUERY_OPERATOR_STARTS_WITH), ==,
                   "starts-with");
}

static void
test_copy (void)
{
  g_autoptr(BsQuery) query = full_query ();
  g_autoptr(BsQuery) copy = bs_query_copy (query);
  g_autofree char *before = to_string (query);
  g_autofree char *copied = to_string (copy);
  g_autofree char *after = NULL;
  BsQueryFilter *filter;

  g_assert_cmpstr (copied, ==, before);
  g_assert_true (copy->splits[0] != query->splits[0]);

  /* Changing the copy leaves the original alone. */
  filter = g_ptr_array_index (copy->filters, 0);
  g_free (filter->text);
  filter->text = g_strdup ("in_store");
  bs_query_set_measure (copy, BS_QUERY_MEASURE_COUNT_ROWS, NULL);
  after = to_string (query);
  g_assert_cmpstr (after, ==, before);
}

static void
test_round_trip (void)
{
  g_autoptr(BsQuery) query = full_query ();
  g_autofree char *json = to_string (query);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) back = parse (json, &error);
  g_autofree char *again = NULL;
  const BsQueryFilter *filter;

  g_assert_no_error (error);
  again = to_string (back);
  g_assert_cmpstr (again, ==, json);
  g_assert_cmpint (back->source_id, ==, 12);
  g_assert_cmpint (back->aggregation, ==, BS_QUERY_AGGREGATION_MEDIAN);
  g_assert_cmpuint (back->filters->len, ==, 3);
  filter = g_ptr_array_index (back->filters, 1);
  g_assert_true (filter->is_number);
  g_assert_cmpfloat (filter->number, ==, 12.5);
  g_assert_cmpint (filter->op, ==, BS_QUERY_OPERATOR_GREATER_OR_EQUAL);
  filter = g_ptr_array_index (back->filters, 2);
  g_assert_cmpint (filter->op, ==, BS_QUERY_OPERATOR_IS_EMPTY);
  g_assert_null (filter->text);
  g_assert_cmpint (back->range, ==, BS_QUERY_RANGE_LAST_HOURS);
  g_assert_cmpuint (back->range_count, ==, 24);
  g_assert_cmpint (back->bucket, ==, BS_QUERY_BUCKET_HOUR);
}

static void
test_json_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) query = parse ("{\"table\": \"sales\", \"filters\": null, \"time\": null}",
                                    &error);

  g_assert_no_error (error);
  g_assert_cmpstr (query->table, ==, "sales");
  g_assert_cmpint (query->source_id, ==, 0);
  g_assert_cmpint (query->measure, ==, BS_QUERY_MEASURE_COUNT_ROWS);
  g_assert_cmpint (query->aggregation, ==, BS_QUERY_AGGREGATION_SUM);
  g_assert_null (query->time_column);
}

static const struct
{
  const char *json;
  const char *field;
} invalid_cases[] = {
  { "{}", "“table”" },
  { "{\"table\": 5}", "“table”" },
  { "{\"table\": \"\"}", "“table”" },
  { "{\"table\": \"t\", \"source\": \"x\"}", "“source”" },
  { "{\"table\": \"t\", \"source\": -1}", "“source”" },
  { "{\"table\": \"t\", \"measure\": \"avg\"}", "“measure”" },
  { "{\"table\": \"t\", \"measure\": \"value\"}", "“column”" },
  { "{\"table\": \"t\", \"measure\": \"value\", \"column\": 7}", "“column”" },
  { "{\"table\": \"t\", \"measure\": \"distinct-count\", \"column\": \"\"}", "“column”" },
  { "{\"table\": \"t\", \"aggregation\": \"mode\"}", "“aggregation”" },
  { "{\"table\": \"t\", \"split\": \"a\"}", "“split”" },
  { "{\"table\": \"t\", \"split\": [\"a\", \"b\", \"c\"]}", "“split”" },
  { "{\"table\": \"t\", \"split\": [\"a\", 3]}", "“split[1]”" },
  { "{\"table\": \"t\", \"split\": [\"a\", \"\"]}", "“split[1]”" },
  { "{\"table\": \"t\", \"filters\": {}}", "“filters”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": 1}, 5]}",
    "“filters[1]”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": 1},"
    " {\"operator\": \"=\", \"value\": 1}]}", "“filters[1].column”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": 1},"
    " {\"column\": \"\", \"operator\": \"=\", \"value\": 1}]}", "“filters[1].column”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": 1},"
    " {\"column\": \"b\", \"operator\": \"like\", \"value\": 1}]}", "“filters[1].operator”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": 1},"
    " {\"column\": \"b\", \"value\": 1}]}", "“filters[1].operator”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": 3, \"value\": 1}]}",
    "“filters[0].operator”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"<\"}]}",
    "“filters[0].value”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"<\", \"value\": [1]}]}",
    "“filters[0].value”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": true}]}",
    "“filters[0].value”" },
  { "{\"table\": \"t\", \"filters\": [{\"column\": \"a\", \"operator\": \"=\", \"value\": null}]}",
    "“filters[0].value”" },
  { "{\"table\": \"t\", \"time\": \"x\"}", "“time”" },
  { "{\"table\": \"t\", \"time\": {\"range\": \"today\"}}", "“time.column”" },
  { "{\"table\": \"t\", \"time\": {\"column\": 1, \"range\": \"today\"}}", "“time.column”" },
  { "{\"table\": \"t\", \"time\": {\"column\": \"at\", \"range\": \"yesterday\"}}",
    "“time.range”" },
  { "{\"table\": \"t\", \"time\": {\"column\": \"at\", \"range\": \"last-hours\"}}",
    "“time.count”" },
  { "{\"table\": \"t\", \"time\": {\"column\": \"at\", \"range\": \"last-hours\", \"count\": 0}}",
    "“time.count”" },
  { "{\"table\": \"t\", \"time\": {\"column\": \"at\", \"range\": \"last-days\", \"count\": 1.5}}",
    "“time.count”" },
  { "{\"table\": \"t\", \"time\": {\"column\": \"at\", \"range\": \"last-days\","
    " \"count\": 100001}}", "“time.count”" },
  { "{\"table\": \"t\", \"bucket\": \"month\"}", "“bucket”" },
  { "{\"table\": \"t\", \"bucket\": \"hour\"}", "“time.column”" },
  { "{\"table\": \"t\", \"measure\": \"value\", \"column\": \"q\", \"aggregation\": \"last\"}",
    "“time.column”" },
};

static void
test_json_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsQuery) query = parse (invalid_cases[i].json, &error);

      g_test_message ("%s", invalid_cases[i].json);
      g_assert_null (query);
      g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
      if (!g_strrstr (error->message, invalid_cases[i].field))
        g_error ("“%s” does not name %s: %s", invalid_cases[i].json, invalid_cases[i].field,
                 error->message);
    }
}

static void
test_json_not_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsQuery) query = parse ("[\"sales\"]", &error);

  g_assert_null (query);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
}

static void
assert_invalid (BsQuery    *query,
                const char *field)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bs_query_validate (query, &error));
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
  g_assert_nonnull (g_strrstr (error->message, field));
}

static void
test_validate (void)
{
  g_autoptr(BsQuery) bad_table = bs_query_new (0, "sa\xff\xfeles");
  g_autoptr(BsQuery) no_column = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_split = bs_query_new (0, "sales");
  g_autoptr(BsQuery) nan_filter = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_text = bs_query_new (0, "sales");
  g_autoptr(BsQuery) no_value = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_operator = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_range = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_bucket = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_time = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_measure = bs_query_new (0, "sales");
  g_autoptr(BsQuery) bad_aggregation = bs_query_new (0, "sales");
  g_autoptr(BsQuery) fine = bs_query_new (0, "sales");
  g_autoptr(GError) error = NULL;

  assert_invalid (bad_table, "“table”");
  bs_query_set_measure (no_column, BS_QUERY_MEASURE_VALUE, NULL);
  assert_invalid (no_column, "“column”");
  bs_query_add_split (bad_split, "ok");
  bs_query_add_split (bad_split, "\xc3");
  assert_invalid (bad_split, "“split[1]”");
  bs_query_add_filter_number (nan_filter, "a", BS_QUERY_OPERATOR_EQUAL, NAN);
  assert_invalid (nan_filter, "“filters[0].value”");
  bs_query_add_filter_text (bad_text, "a", BS_QUERY_OPERATOR_EQUAL, "x");
  bs_query_add_filter_text (bad_text, "a", BS_QUERY_OPERATOR_EQUAL, "\xed\xa0\x80");
  assert_invalid (bad_text, "“filters[1].value”");
  bs_query_add_filter_text (no_value, "a", BS_QUERY_OPERATOR_CONTAINS, NULL);
  assert_invalid (no_value, "“filters[0].value”");
  bs_query_add_filter_text (bad_operator, "a", (BsQueryOperator) 99, "x");
  assert_invalid (bad_operator, "“filters[0].operator”");
  bs_query_set_time (bad_range, "at", (BsQueryRange) 42, 1);
  assert_invalid (bad_range, "“time.range”");
  bs_query_set_time (bad_bucket, "at", BS_QUERY_RANGE_NONE, 0);
  bad_bucket->bucket = (BsQueryBucket) 9;
  assert_invalid (bad_bucket, "“bucket”");
  bs_query_set_time (bad_time, "at", BS_QUERY_RANGE_LAST_MINUTES, 0);
  assert_invalid (bad_time, "“time.count”");

  bad_measure->measure = (BsQueryMeasure) 3;
  assert_invalid (bad_measure, "“measure”");
  bad_aggregation->aggregation = (BsQueryAggregation) 7;
  assert_invalid (bad_aggregation, "“aggregation”");

  /* The aggregation does not apply to a count of rows, so "last" needs no time there. */
  fine->aggregation = BS_QUERY_AGGREGATION_LAST;
  g_assert_true (bs_query_validate (fine, &error));
  g_assert_no_error (error);
}

static void
assert_sentence (BsQuery    *query,
                 const char *expected)
{
  g_autofree char *sentence = bs_query_describe (query);

  g_assert_cmpstr (sentence, ==, expected);
}

static void
test_describe (void)
{
  g_autoptr(BsQuery) sum = bs_query_new (0, "sales");
  g_autoptr(BsQuery) count = bs_query_new (0, "orders");
  g_autoptr(BsQuery) distinct = bs_query_new (0, "sales");
  g_autoptr(BsQuery) median = full_query ();
  g_autoptr(BsQuery) last = bs_query_new (0, "sales");

  bs_query_set_measure (sum, BS_QUERY_MEASURE_VALUE, "quantity");
  bs_query_add_split (sum, "product_id");
  bs_query_set_time (sum, "sold_at", BS_QUERY_RANGE_LAST_HOURS, 24);
  assert_sentence (sum, "Sum of quantity for each product_id, over the last 24 hours");
  bs_query_set_time (sum, "sold_at", BS_QUERY_RANGE_LAST_HOURS, 1);
  assert_sentence (sum, "Sum of quantity for each product_id, over the last hour");

  assert_sentence (count, "Number of rows in orders");
  bs_query_set_time (count, "placed_at", BS_QUERY_RANGE_TODAY, 0);
  count->bucket = BS_QUERY_BUCKET_HOUR;
  assert_sentence (count, "Number of rows in orders, hour by hour, today");

  bs_query_set_measure (distinct, BS_QUERY_MEASURE_DISTINCT_COUNT, "product_id");
  bs_query_add_split (distinct, "store_id");
  bs_query_add_split (distinct, "channel");
  bs_query_set_time (distinct, "sold_at", BS_QUERY_RANGE_THIS_WEEK, 0);
  assert_sentence (distinct, "Number of distinct values of product_id for each store_id and "
                             "channel, this week");

  assert_sentence (median, "Median of quantity for each product_id and store_id, hour by hour,"
                           " where channel is online and amount is at least 12.5 and note is"
                           " empty, over the last 24 hours");

  bs_query_set_measure (last, BS_QUERY_MEASURE_VALUE, "quantity");
  last->aggregation = BS_QUERY_AGGREGATION_LAST;
  bs_query_add_filter_text (last, "sku", BS_QUERY_OPERATOR_STARTS_WITH, "APP");
  bs_query_set_time (last, "sold_at", BS_QUERY_RANGE_LAST_DAYS, 7);
  assert_sentence (last, "Latest value of quantity, where sku starts with “APP”, over the last"
                         " 7 days");
}

int
main (int   argc,
      char *argv[])
{
  /* The sentences are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/query/defaults", test_defaults);
  g_test_add_func ("/bs/query/setters", test_setters);
  g_test_add_func ("/bs/query/copy", test_copy);
  g_test_add_func ("/bs/query/json-round-trip", test_round_trip);
  g_test_add_func ("/bs/query/json-defaults", test_json_defaults);
  g_test_add_func ("/bs/query/json-invalid", test_json_invalid);
  g_test_add_func ("/bs/query/json-not-object", test_json_not_object);
  g_test_add_func ("/bs/query/validate", test_validate);
  g_test_add_func ("/bs/query/describe", test_describe);
  return g_test_run ();
}
