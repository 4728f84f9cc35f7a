#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "bs-alert-rule.h"

/* The smallest valid rule; a test appends members after it, and JSON's last member wins. */
#define BASE "{\"title\": \"Low stock\", \"query\": {\"table\": \"inventory\"}, " \
             "\"condition\": {\"type\": \"below\", \"threshold\": 100}"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static BsAlertRule *
parse_rule (const char  *text,
            GError     **error)
{
  g_autoptr(JsonNode) node = parse_json (text);

  return bs_alert_rule_from_json (node, error);
}

/* BASE plus @members ("" for none). */
static BsAlertRule *
parse_with (const char  *members,
            GError     **error)
{
  g_autofree char *text = g_strconcat (BASE, *members != '\0' ? ", " : "", members, "}", NULL);

  return parse_rule (text, error);
}

static char *
rule_to_string (const BsAlertRule *rule)
{
  g_autoptr(JsonNode) node = bs_alert_rule_to_json (rule);

  return json_to_string (node, FALSE);
}

static void
assert_names_field (const GError *error,
                    const char   *field)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", field);

  g_assert_nonnull (error);
  if (strstr (error->message, quoted) == NULL)
    g_error ("“%s” does not name the field %s", error->message, quoted);
}

static void
assert_refused_with (const char *members,
                     const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAlertRule) rule = parse_with (members, &error);

  g_test_message ("%.80s → %.200s", members, error != NULL ? error->message : "(accepted)");
  g_assert_null (rule);
  g_assert_error (error, BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID);
  assert_names_field (error, field);
}

static void
assert_accepted_with (const char *members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAlertRule) rule = parse_with (members, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rule);
}

static BsAlertRule *
full_rule (void)
{
  g_autoptr(BsQuery) query = bs_query_new (12, "inventory");
  BsAlertRule *rule;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "units");
  g_assert_true (bs_query_add_split (query, "product_id"));
  bs_query_add_filter_text (query, "store", BS_QUERY_OPERATOR_EQUAL, "Lyon");
  bs_query_set_time (query, "counted_at", BS_QUERY_RANGE_LAST_MINUTES, 15);

  rule = bs_alert_rule_new ("Inventory low — “Lyon”", query,
                            BS_ALERT_CONDITION_OUTSIDE_RANGE, -2.5);
  rule->threshold2 = 1e6;
  rule->uid = g_strdup ("inventory-low_3f9a");
  rule->interval_seconds = 300;
  rule->for_seconds = 600;
  rule->keep_firing_seconds = 120;
  rule->repeat_interval_seconds = 3600;
  rule->no_data = BS_ALERT_NO_DATA_KEEP_LAST;
  rule->on_error = BS_ALERT_ON_ERROR_ALERTING;
  g_hash_table_insert (rule->labels, g_strdup ("team"), g_strdup ("ops"));
  g_hash_table_insert (rule->labels, g_strdup ("severity"), g_strdup ("pagé"));
  g_free (rule->summary);
  rule->summary = g_strdup ("{{ $labels.product_id }} has {{ $value }} units left");
  g_free (rule->description);
  rule->description = g_strdup ("Count again.");
  rule->contact_point_id = 2;
  rule->dashboard_uid = g_strdup ("stock-dash");
  rule->panel_id = 4;
  rule->visibility = BS_ALERT_VISIBILITY_SHARED;
  rule->paused = TRUE;
  return rule;
}

static void
test_defaults (void)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "inventory");
  g_autoptr(BsAlertRule) made = bs_alert_rule_new ("Low stock", query,
                                                   BS_ALERT_CONDITION_BELOW, 100);
  g_autoptr(BsAlertRule) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made_json = NULL;
  g_autofree char *parsed_json = NULL;

  g_assert_cmpint (made->id, ==, 0);
  g_assert_null (made->uid);
  g_assert_cmpstr (made->title, ==, "Low stock");
  g_assert_true (made->query != query);
  g_assert_cmpstr (made->query->table, ==, "inventory");
  g_assert_cmpint (made->condition, ==, BS_ALERT_CONDITION_BELOW);
  g_assert_cmpfloat (made->threshold, ==, 100);
  g_assert_true (isnan (made->threshold2));
  g_assert_cmpuint (made->interval_seconds, ==, 60);
  g_assert_cmpuint (made->for_seconds, ==, 0);
  g_assert_cmpuint (made->keep_firing_seconds, ==, 0);
  g_assert_cmpuint (made->repeat_interval_seconds, ==, 4 * 3600);
  g_assert_cmpint (made->no_data, ==, BS_ALERT_NO_DATA_NO_DATA);
  g_assert_cmpint (made->on_error, ==, BS_ALERT_ON_ERROR_ERROR);
  g_assert_nonnull (made->labels);
  g_assert_cmpuint (g_hash_table_size (made->labels), ==, 0);
  g_assert_cmpstr (made->summary, ==, "");
  g_assert_cmpstr (made->description, ==, "");
  g_assert_cmpint (made->contact_point_id, ==, 0);
  g_assert_null (made->dashboard_uid);
  g_assert_cmpint (made->panel_id, ==, 0);
  g_assert_cmpint (made->visibility, ==, BS_ALERT_VISIBILITY_PERSONAL);
  g_assert_false (made->paused);
  g_assert_null (made->created_at);
  g_assert_true (bs_alert_rule_validate (made, &error));
  g_assert_no_error (error);

  /* The same defaults for members missing from JSON. */
  parsed = parse_rule ("{\"title\": \"Low stock\", \"query\": {\"table\": \"inventory\", "
                       "\"source\": 1}, \"condition\": {\"type\": \"below\", "
                       "\"threshold\": 100}}", &error);
  g_assert_no_error (error);
  made_json = rule_to_string (made);
  parsed_json = rule_to_string (parsed);
  g_assert_cmpstr (made_json, ==, parsed_json);
  g_assert_nonnull (strstr (made_json, "\"threshold2\":null"));
  g_assert_nonnull (strstr (made_json, "\"visibility\":\"personal\""));
  g_assert_nonnull (strstr (made_json, "\"contact_point_id\":null"));
}

static void
test_copy (void)
{
  g_autoptr(BsAlertRule) rule = full_rule ();
  g_autoptr(BsAlertRule) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 24, 10, 0, 0);

  rule->id = 7;
  rule->owner_token_id = 3;
  rule->owner_name = g_strdup ("Local Studio");
  rule->created_at = g_date_time_ref (created);
  rule->updated_at = g_date_time_ref (created);
  copy = g_boxed_copy (BS_TYPE_ALERT_RULE, rule);
  before = rule_to_string (rule);
  g_assert_cmpstr (before, ==, (after = rule_to_string (copy)));

  /* Nothing is shared: changing the original leaves the copy alone. */
  g_hash_table_insert (rule->labels, g_strdup ("team"), g_strdup ("sales"));
  g_free (rule->query->table);
  rule->query->table = g_strdup ("orders");
  g_free (rule->title);
  rule->title = g_strdup ("Changed");
  g_clear_pointer (&after, g_free);
  after = rule_to_string (copy);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (g_hash_table_lookup (copy->labels, "team"), ==, "ops");
}

static void
test_round_trip (void)
{
  g_autoptr(BsAlertRule) rule = full_rule ();
  g_autoptr(BsAlertRule) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  g_assert_true (bs_alert_rule_validate (rule, &error));
  g_assert_no_error (error);
  text = rule_to_string (rule);
  g_test_message ("%s", text);
  parsed = parse_rule (text, &error);
  g_assert_no_error (error);
  again = rule_to_string (parsed);
  g_assert_cmpstr (text, ==, again);

  g_assert_cmpstr (parsed->uid, ==, "inventory-low_3f9a");
  g_assert_cmpstr (parsed->title, ==, "Inventory low — “Lyon”");
  g_assert_cmpint (parsed->condition, ==, BS_ALERT_CONDITION_OUTSIDE_RANGE);
  g_assert_cmpfloat (parsed->threshold, ==, -2.5);
  g_assert_cmpfloat (parsed->threshold2, ==, 1e6);
  g_assert_cmpuint (parsed->keep_firing_seconds, ==, 120);
  g_assert_cmpint (parsed->no_data, ==, BS_ALERT_NO_DATA_KEEP_LAST);
  g_assert_cmpint (parsed->on_error, ==, BS_ALERT_ON_ERROR_ALERTING);
  g_assert_cmpstr (g_hash_table_lookup (parsed->labels, "severity"), ==, "pagé");
  g_assert_cmpint (parsed->panel_id, ==, 4);
  g_assert_cmpstr (parsed->query->splits[0], ==, "product_id");
  g_assert_true (parsed->paused);
}

/* Every enum value goes out and comes back. */
static void
test_round_trip_enums (void)
{
  for (guint c = 0; c <= BS_ALERT_CONDITION_OUTSIDE_RANGE; c++)
    for (guint n = 0; n <= BS_ALERT_NO_DATA_KEEP_LAST; n++)
      for (guint e = 0; e <= BS_ALERT_ON_ERROR_KEEP_LAST; e++)
        {
          g_autoptr(BsAlertRule) rule = full_rule ();
          g_autoptr(BsAlertRule) parsed = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *text = NULL;

          rule->condition = c;
          rule->no_data = n;
          rule->on_error = e;
          rule->visibility = (c + n + e) % 2;
          text = rule_to_string (rule);
          parsed = parse_rule (text, &error);
          g_assert_no_error (error);
          g_assert_cmpint (parsed->condition, ==, c);
          g_assert_cmpint (parsed->no_data, ==, n);
          g_assert_cmpint (parsed->on_error, ==, e);
          g_assert_cmpint (parsed->visibility, ==, (c + n + e) % 2);
          /* Only the ranges keep their second threshold. */
          if (c >= BS_ALERT_CONDITION_WITHIN_RANGE)
            g_assert_cmpfloat (parsed->threshold2, ==, 1e6);
          else
            g_assert_true (isnan (parsed->threshold2));
        }
}

static void
test_engine_members_ignored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAlertRule) rule = parse_with ("\"id\": 99, \"owner\": {\"token_id\": 5, "
                                            "\"name\": \"Mallory\"}, "
                                            "\"created_at\": \"2020-01-01T00:00:00Z\", "
                                            "\"updated_at\": \"2020-01-01T00:00:00Z\", "
                                            "\"status\": {\"state\": \"firing\"}, "
                                            "\"uid\": \"chosen-uid\"", &error);

  g_assert_no_error (error);
  g_assert_cmpint (rule->id, ==, 0);
  g_assert_cmpint (rule->owner_token_id, ==, 0);
  g_assert_null (rule->owner_name);
  g_assert_null (rule->created_at);
  g_assert_null (rule->updated_at);
  g_assert_cmpstr (rule->uid, ==, "chosen-uid");
}

static void
test_limits_title_uid (void)
{
  g_autofree char *longest = g_strnfill (190, 'x');
  g_autofree char *too_long = g_strnfill (191, 'x');
  g_autoptr(GString) accented = g_string_new (NULL);
  g_autofree char *member = NULL;
  g_autofree char *uid40 = g_strnfill (40, 'u');
  g_autofree char *uid41 = g_strnfill (41, 'u');

  /* 190 characters of two bytes each are still 190 characters. */
  for (guint i = 0; i < 190; i++)
    g_string_append (accented, "é");
  member = g_strdup_printf ("\"title\": \"%s\"", accented->str);
  assert_accepted_with (member);
  g_free (member);
  member = g_strdup_printf ("\"title\": \"%s\"", longest);
  assert_accepted_with (member);
  g_free (member);
  member = g_strdup_printf ("\"title\": \"%s\"", too_long);
  assert_refused_with (member, "title");
  assert_refused_with ("\"title\": \"\"", "title");
  assert_refused_with ("\"title\": \" \\t\\n \"", "title");
  assert_refused_with ("\"title\": null", "title");
  assert_refused_with ("\"title\": 5", "title");
  assert_refused_with ("\"title\": [\"a\"]", "title");
  /* json-glib ends a string at a NUL; a title that is only one is empty. */
  assert_refused_with ("\"title\": \"\\u0000Low\"", "title");

  g_free (member);
  member = g_strdup_printf ("\"uid\": \"%s\"", uid40);
  assert_accepted_with (member);
  g_free (member);
  member = g_strdup_printf ("\"uid\": \"%s\"", uid41);
  assert_refused_with (member, "uid");
  assert_refused_with ("\"uid\": \"\"", "uid");
  assert_refused_with ("\"uid\": \"a b\"", "uid");
  assert_refused_with ("\"uid\": \"ünïcode\"", "uid");
  assert_refused_with ("\"uid\": \"a/../b\"", "uid");
  assert_refused_with ("\"uid\": 12", "uid");
  assert_accepted_with ("\"uid\": null");
}

static void
test_limits_query (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAlertRule) rule = NULL;

  assert_refused_with ("\"query\": \"sales\"", "query");
  assert_refused_with ("\"query\": null", "query");

  /* The query's own errors keep their domain and get the prefix. */
  rule = parse_with ("\"query\": {}", &error);
  g_assert_null (rule);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
  assert_names_field (error, "query.table");
  g_clear_error (&error);
  rule = parse_with ("\"query\": {\"table\": \"s\", \"filters\": [{\"column\": \"c\", "
                     "\"operator\": \"~\", \"value\": 1}]}", &error);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
  assert_names_field (error, "query.filters[0].operator");
  g_clear_error (&error);
  rule = parse_with ("\"query\": {\"table\": \"s\", \"measure\": \"value\"}", &error);
  g_assert_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID);
  assert_names_field (error, "query.column");
}

static void
test_limits_condition (void)
{
  assert_refused_with ("\"condition\": null", "condition");
  assert_refused_with ("\"condition\": \"below\"", "condition");
  assert_refused_with ("\"condition\": {\"threshold\": 1}", "condition.type");
  assert_refused_with ("\"condition\": {\"type\": \"bigger\", \"threshold\": 1}", "condition.type");
  assert_refused_with ("\"condition\": {\"type\": \"ABOVE\", \"threshold\": 1}", "condition.type");
  assert_refused_with ("\"condition\": {\"type\": 1, \"threshold\": 1}", "condition.type");
  assert_refused_with ("\"condition\": {\"type\": \"above\"}", "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": null}",
                       "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": \"NaN\"}",
                       "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": \"100\"}",
                       "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": \"Infinity\"}",
                       "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": true}",
                       "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": 1e999}",
                       "condition.threshold");
  assert_refused_with ("\"condition\": {\"type\": \"above\", \"threshold\": -1e999}",
                       "condition.threshold");
  assert_accepted_with ("\"condition\": {\"type\": \"above\", \"threshold\": 1.7e308}");
  assert_accepted_with ("\"condition\": {\"type\": \"above\", \"threshold\": -42}");
  assert_refused_with ("\"condition\": {\"type\": \"within-range\", \"threshold\": 1}",
                       "condition.threshold2");
  assert_refused_with ("\"condition\": {\"type\": \"outside-range\", \"threshold\": 1, "
                       "\"threshold2\": null}", "condition.threshold2");
  assert_refused_with ("\"condition\": {\"type\": \"within-range\", \"threshold\": 5, "
                       "\"threshold2\": 5}", "condition.threshold2");
  assert_refused_with ("\"condition\": {\"type\": \"within-range\", \"threshold\": 5, "
                       "\"threshold2\": 4.999}", "condition.threshold2");
  assert_refused_with ("\"condition\": {\"type\": \"within-range\", \"threshold\": 5, "
                       "\"threshold2\": 1e999}", "condition.threshold2");
  assert_refused_with ("\"condition\": {\"type\": \"within-range\", \"threshold\": 5, "
                       "\"threshold2\": \"6\"}", "condition.threshold2");
  assert_accepted_with ("\"condition\": {\"type\": \"within-range\", \"threshold\": 5, "
                        "\"threshold2\": 5.001}");
  /* A second threshold means nothing to "above"; a valid one is dropped, not refused. */
  assert_accepted_with ("\"condition\": {\"type\": \"above\", \"threshold\": 5, "
                        "\"threshold2\": 1}");
}

typedef struct
{
  const char *member;
  gint64      min;
  gint64      max;
} PeriodLimit;

static void
test_limits_periods (void)
{
  static const PeriodLimit limits[] = {
    { "interval_seconds", 10, 86400 },
    { "for_seconds", 0, 604800 },
    { "keep_firing_seconds", 0, 604800 },
    { "repeat_interval_seconds", 60, 604800 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      const char *m = limits[i].member;
      g_autofree char *at_min = g_strdup_printf ("\"%s\": %" G_GINT64_FORMAT, m, limits[i].min);
      g_autofree char *at_max = g_strdup_printf ("\"%s\": %" G_GINT64_FORMAT, m, limits[i].max);
      g_autofree char *below = g_strdup_printf ("\"%s\": %" G_GINT64_FORMAT, m, limits[i].min - 1);
      g_autofree char *above = g_strdup_printf ("\"%s\": %" G_GINT64_FORMAT, m, limits[i].max + 1);
      g_autofree char *text = g_strdup_printf ("\"%s\": \"60\"", m);
      g_autofree char *fraction = g_strdup_printf ("\"%s\": 60.5", m);
      g_autofree char *huge = g_strdup_printf ("\"%s\": 99999999999999999999999", m);
      /* 2^64 + 60: a reader that wraps around would see 60. */
      g_autofree char *wrapped = g_strdup_printf ("\"%s\": 18446744073709551676", m);
      g_autofree char *negative = g_strdup_printf ("\"%s\": -9223372036854775808", m);
      g_autofree char *nan = g_strdup_printf ("\"%s\": \"NaN\"", m);
      g_autofree char *null = g_strdup_printf ("\"%s\": null", m);
      g_autofree char *infinite = g_strdup_printf ("\"%s\": 1e999", m);

      assert_accepted_with (at_min);
      assert_accepted_with (at_max);
      assert_refused_with (below, m);
      assert_refused_with (above, m);
      assert_refused_with (text, m);
      assert_refused_with (fraction, m);
      assert_refused_with (huge, m);
      assert_refused_with (wrapped, m);
      assert_refused_with (negative, m);
      assert_refused_with (nan, m);
      assert_refused_with (null, m);
      assert_refused_with (infinite, m);
    }
}

static void
test_limits_choices (void)
{
  assert_refused_with ("\"no_data\": \"ok\"", "no_data");
  assert_refused_with ("\"no_data\": \"error\"", "no_data");
  assert_refused_with ("\"no_data\": 0", "no_data");
  assert_refused_with ("\"on_error\": \"no-data\"", "on_error");
  assert_refused_with ("\"on_error\": \"normal\"", "on_error");
  assert_refused_with ("\"visibility\": \"public\"", "visibility");
  assert_refused_with ("\"visibility\": \"Shared\"", "visibility");
  assert_refused_with ("\"paused\": \"yes\"", "paused");
  assert_refused_with ("\"paused\": 1", "paused");
  assert_accepted_with ("\"no_data\": \"alerting\", \"on_error\": \"keep-last\", "
                        "\"visibility\": \"shared\", \"paused\": true");
}

static void
test_limits_labels (void)
{
  g_autoptr(GString) many = g_string_new ("\"labels\": {");
  g_autofree char *value1024 = g_strnfill (1024, 'v');
  g_autofree char *value1025 = g_strnfill (1025, 'v');
  g_autofree char *member = NULL;

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (many, "%s\"l%u\": \"v\"", i > 0 ? ", " : "", i);
  g_string_append (many, "}");
  assert_accepted_with (many->str);
  g_string_truncate (many, many->len - 1);
  g_string_append (many, ", \"l32\": \"v\"}");
  assert_refused_with (many->str, "labels");

  assert_refused_with ("\"labels\": [\"team\"]", "labels");
  assert_refused_with ("\"labels\": \"team=ops\"", "labels");
  assert_refused_with ("\"labels\": {\"__name__\": \"x\"}", "labels");
  assert_refused_with ("\"labels\": {\"1team\": \"x\"}", "labels");
  assert_refused_with ("\"labels\": {\"team-a\": \"x\"}", "labels");
  assert_refused_with ("\"labels\": {\"\": \"x\"}", "labels");
  assert_refused_with ("\"labels\": {\"équipe\": \"x\"}", "labels");
  assert_refused_with ("\"labels\": {\"a b\": \"x\"}", "labels");
  assert_refused_with ("\"labels\": {\"team\": 5}", "labels.team");
  assert_refused_with ("\"labels\": {\"team\": null}", "labels.team");
  assert_accepted_with ("\"labels\": {\"_team\": \"x\", \"Team_2\": \"\"}");

  member = g_strdup_printf ("\"labels\": {\"team\": \"%s\"}", value1024);
  assert_accepted_with (member);
  g_free (member);
  member = g_strdup_printf ("\"labels\": {\"team\": \"%s\"}", value1025);
  assert_refused_with (member, "labels.team");
}

static void
test_limits_templates_links (void)
{
  const char *fields[] = { "summary", "description" };
  g_autofree char *text4096 = g_strnfill (4096, 's');
  g_autofree char *text4097 = g_strnfill (4097, 's');

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *ok = g_strdup_printf ("\"%s\": \"%s\"", fields[i], text4096);
      g_autofree char *too_long = g_strdup_printf ("\"%s\": \"%s\"", fields[i], text4097);
      g_autofree char *number = g_strdup_printf ("\"%s\": 5", fields[i]);

      assert_accepted_with (ok);
      assert_refused_with (too_long, fields[i]);
      assert_refused_with (number, fields[i]);
    }

  assert_refused_with ("\"contact_point_id\": 0", "contact_point_id");
  assert_refused_with ("\"contact_point_id\": -3", "contact_point_id");
  assert_refused_with ("\"contact_point_id\": \"2\"", "contact_point_id");
  assert_refused_with ("\"contact_point_id\": 2.5", "contact_point_id");
  assert_accepted_with ("\"contact_point_id\": null");
  assert_accepted_with ("\"contact_point_id\": 9223372036854775807");
  assert_refused_with ("\"dashboard_uid\": \"dash\"", "panel_id");
  assert_refused_with ("\"panel_id\": 3", "dashboard_uid");
  assert_refused_with ("\"dashboard_uid\": \"a b\", \"panel_id\": 3", "dashboard_uid");
  assert_refused_with ("\"dashboard_uid\": \"\", \"panel_id\": 3", "dashboard_uid");
  assert_refused_with ("\"dashboard_uid\": \"dash\", \"panel_id\": 0", "panel_id");
  assert_refused_with ("\"dashboard_uid\": 4, \"panel_id\": 3", "dashboard_uid");
  assert_accepted_with ("\"dashboard_uid\": \"dash\", \"panel_id\": 3");
}

/* What only C callers can build: invalid UTF-8, out-of-range enums and numbers. */
static void
test_validate_struct (void)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "inventory");
  const char *bad = "bad \xff\xfe text";
  g_autoptr(GError) error = NULL;
  BsAlertRule *rule;

#define CHECK(field, statement) \
  G_STMT_START { \
    rule = bs_alert_rule_new ("Low stock", query, BS_ALERT_CONDITION_BELOW, 100); \
    statement; \
    g_assert_false (bs_alert_rule_validate (rule, &error)); \
    g_test_message ("%s", error->message); \
    assert_names_field (error, field); \
    g_clear_error (&error); \
    bs_alert_rule_free (rule); \
  } G_STMT_END

  CHECK ("title", g_free (rule->title); rule->title = g_strdup (bad));
  CHECK ("title", g_free (rule->title); rule->title = NULL);
  CHECK ("uid", rule->uid = g_strdup (bad));
  CHECK ("query.table", g_free (rule->query->table); rule->query->table = g_strdup (bad));
  CHECK ("query", bs_query_free (rule->query); rule->query = NULL);
  CHECK ("condition.type", rule->condition = 99);
  CHECK ("condition.threshold", rule->threshold = NAN);
  CHECK ("condition.threshold", rule->threshold = INFINITY);
  CHECK ("condition.threshold2", rule->condition = BS_ALERT_CONDITION_WITHIN_RANGE);
  CHECK ("interval_seconds", rule->interval_seconds = 0);
  CHECK ("interval_seconds", rule->interval_seconds = G_MAXUINT);
  CHECK ("for_seconds", rule->for_seconds = 604801);
  CHECK ("keep_firing_seconds", rule->keep_firing_seconds = G_MAXUINT);
  CHECK ("repeat_interval_seconds", rule->repeat_interval_seconds = 0);
  CHECK ("no_data", rule->no_data = 4);
  CHECK ("on_error", rule->on_error = 3);
  CHECK ("visibility", rule->visibility = 2);
  CHECK ("labels.team", g_hash_table_insert (rule->labels, g_strdup ("team"), g_strdup (bad)));
  CHECK ("labels.team", g_hash_table_insert (rule->labels, g_strdup ("team"), NULL));
  CHECK ("labels", g_hash_table_insert (rule->labels, g_strdup (bad), g_strdup ("x")));
  CHECK ("summary", g_free (rule->summary); rule->summary = g_strdup (bad));
  CHECK ("description", g_free (rule->description); rule->description = NULL);
  CHECK ("contact_point_id", rule->contact_point_id = -1);
  CHECK ("owner.name", rule->owner_name = g_strdup (bad));
#undef CHECK
}

static void
test_not_object (void)
{
  const char *texts[] = { "[]", "\"rule\"", "42", "null", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsAlertRule) rule = parse_rule (texts[i], &error);

      g_assert_null (rule);
      g_assert_error (error, BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID);
    }
}

static BsAlertRule *
condition_rule (BsAlertCondition condition,
                double           threshold,
                double           threshold2)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "inventory");
  BsAlertRule *rule = bs_alert_rule_new ("t", query, condition, threshold);

  rule->threshold2 = threshold2;
  return rule;
}

typedef struct
{
  BsAlertCondition condition;
  double           threshold;
  double           threshold2;
  double           value;
  gboolean         matches;
} MatchCase;

static void
test_matches (void)
{
  const double up = nextafter (100, INFINITY);
  const double down = nextafter (100, -INFINITY);
  const MatchCase cases[] = {
    { BS_ALERT_CONDITION_ABOVE, 100, NAN, 100, FALSE },
    { BS_ALERT_CONDITION_ABOVE, 100, NAN, up, TRUE },
    { BS_ALERT_CONDITION_ABOVE, 100, NAN, down, FALSE },
    { BS_ALERT_CONDITION_ABOVE, 100, NAN, INFINITY, TRUE },
    { BS_ALERT_CONDITION_ABOVE, 100, NAN, -INFINITY, FALSE },
    { BS_ALERT_CONDITION_ABOVE, 100, NAN, NAN, FALSE },
    { BS_ALERT_CONDITION_ABOVE, -5, NAN, 0, TRUE },
    { BS_ALERT_CONDITION_BELOW, 100, NAN, 100, FALSE },
    { BS_ALERT_CONDITION_BELOW, 100, NAN, down, TRUE },
    { BS_ALERT_CONDITION_BELOW, 100, NAN, up, FALSE },
    { BS_ALERT_CONDITION_BELOW, 100, NAN, 0, TRUE },
    { BS_ALERT_CONDITION_BELOW, 100, NAN, -INFINITY, TRUE },
    { BS_ALERT_CONDITION_BELOW, 100, NAN, NAN, FALSE },
    { BS_ALERT_CONDITION_EQUAL, 100, NAN, 100, TRUE },
    { BS_ALERT_CONDITION_EQUAL, 100, NAN, up, FALSE },
    { BS_ALERT_CONDITION_EQUAL, 100, NAN, down, FALSE },
    { BS_ALERT_CONDITION_EQUAL, 0, NAN, -0.0, TRUE },
    { BS_ALERT_CONDITION_EQUAL, 100, NAN, NAN, FALSE },
    { BS_ALERT_CONDITION_NOT_EQUAL, 100, NAN, 100, FALSE },
    { BS_ALERT_CONDITION_NOT_EQUAL, 100, NAN, up, TRUE },
    { BS_ALERT_CONDITION_NOT_EQUAL, 100, NAN, down, TRUE },
    { BS_ALERT_CONDITION_NOT_EQUAL, 100, NAN, NAN, FALSE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, 10, FALSE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, nextafter (10, 11), TRUE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, 15, TRUE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, nextafter (20, 19), TRUE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, 20, FALSE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, 9, FALSE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, 21, FALSE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, 10, 20, NAN, FALSE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, 10, FALSE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, nextafter (10, 9), TRUE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, 15, FALSE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, 20, FALSE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, nextafter (20, 21), TRUE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, INFINITY, TRUE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, -INFINITY, TRUE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, 20, NAN, FALSE },
    /* A rule that was never validated: a NaN threshold matches nothing, not everything. */
    { BS_ALERT_CONDITION_NOT_EQUAL, NAN, NAN, 1, FALSE },
    { BS_ALERT_CONDITION_OUTSIDE_RANGE, 10, NAN, 5, FALSE },
    { BS_ALERT_CONDITION_WITHIN_RANGE, NAN, 20, 5, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MatchCase *c = &cases[i];
      g_autoptr(BsAlertRule) rule = condition_rule (c->condition, c->threshold, c->threshold2);

      if (bs_alert_rule_matches (rule, c->value) != c->matches)
        g_error ("case %u: %s %g %g with %.17g should give %d", i,
                 bs_alert_condition_to_string (c->condition), c->threshold, c->threshold2,
                 c->value, c->matches);
    }
}

static void
assert_describes (BsAlertRule *rule,
                  const char  *expected)
{
  g_autofree char *sentence = bs_alert_rule_describe (rule);

  g_assert_cmpstr (sentence, ==, expected);
}

static void
test_describe (void)
{
  g_autoptr(BsQuery) units = bs_query_new (1, "inventory");
  g_autoptr(BsQuery) rows = bs_query_new (1, "orders");
  g_autoptr(BsQuery) cpu = bs_query_new (1, "hosts");
  g_autoptr(BsAlertRule) rule = NULL;

  bs_query_set_measure (units, BS_QUERY_MEASURE_VALUE, "units");
  g_assert_true (bs_query_add_split (units, "product_id"));
  bs_query_set_time (units, "counted_at", BS_QUERY_RANGE_LAST_MINUTES, 15);

  rule = bs_alert_rule_new ("Low", units, BS_ALERT_CONDITION_BELOW, 100);
  rule->for_seconds = 600;
  assert_describes (rule, "When the sum of units for each product_id, over the last "
                          "15 minutes, is below 100 for at least 10 minutes");
  g_clear_pointer (&rule, bs_alert_rule_free);

  rule = bs_alert_rule_new ("Busy", rows, BS_ALERT_CONDITION_ABOVE, 5);
  assert_describes (rule, "When the number of rows in orders is above 5");
  rule->condition = BS_ALERT_CONDITION_EQUAL;
  rule->threshold = 0;
  assert_describes (rule, "When the number of rows in orders is equal to 0");
  rule->condition = BS_ALERT_CONDITION_NOT_EQUAL;
  rule->threshold = 0.25;
  assert_describes (rule, "When the number of rows in orders is not equal to 0.25");
  rule->condition = BS_ALERT_CONDITION_WITHIN_RANGE;
  rule->threshold = 10;
  rule->threshold2 = 20.5;
  rule->for_seconds = 3600;
  assert_describes (rule, "When the number of rows in orders is between 10 and 20.5 "
                          "for at least 1 hour");
  rule->condition = BS_ALERT_CONDITION_OUTSIDE_RANGE;
  rule->threshold = -1;
  rule->threshold2 = 1000000;
  rule->for_seconds = 90;
  assert_describes (rule, "When the number of rows in orders is below -1 or above 1000000 "
                          "for at least 90 seconds");
  rule->for_seconds = 5400;
  assert_describes (rule, "When the number of rows in orders is below -1 or above 1000000 "
                          "for at least 90 minutes");
  rule->for_seconds = 2 * 86400;
  assert_describes (rule, "When the number of rows in orders is below -1 or above 1000000 "
                          "for at least 2 days");
  rule->for_seconds = 60;
  assert_describes (rule, "When the number of rows in orders is below -1 or above 1000000 "
                          "for at least 1 minute");
  g_clear_pointer (&rule, bs_alert_rule_free);

  bs_query_set_measure (cpu, BS_QUERY_MEASURE_DISTINCT_COUNT, "host");
  rule = bs_alert_rule_new ("Hosts", cpu, BS_ALERT_CONDITION_BELOW, 3);
  assert_describes (rule, "When the number of distinct values of host is below 3");
}

static void
test_enum_strings (void)
{
  BsAlertCondition condition = 0;

  for (guint c = 0; c <= BS_ALERT_CONDITION_OUTSIDE_RANGE; c++)
    {
      BsAlertCondition back = 99;

      g_assert_true (bs_alert_condition_from_string (bs_alert_condition_to_string (c), &back));
      g_assert_cmpint (back, ==, c);
    }
  g_assert_cmpstr (bs_alert_condition_to_string (BS_ALERT_CONDITION_NOT_EQUAL), ==, "not-equal");
  g_assert_false (bs_alert_condition_from_string ("Above", &condition));
  g_assert_false (bs_alert_condition_from_string ("", &condition));
  g_assert_false (bs_alert_condition_from_string (NULL, &condition));
  g_assert_cmpstr (bs_alert_no_data_to_string (BS_ALERT_NO_DATA_KEEP_LAST), ==, "keep-last");
  g_assert_cmpstr (bs_alert_no_data_to_string (BS_ALERT_NO_DATA_NO_DATA), ==, "no-data");
  g_assert_cmpstr (bs_alert_on_error_to_string (BS_ALERT_ON_ERROR_ERROR), ==, "error");
  g_assert_cmpstr (bs_alert_visibility_to_string (BS_ALERT_VISIBILITY_SHARED), ==, "shared");
}

int
main (int   argc,
      char *argv[])
{
  /* The sentences and messages are checked in English. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/alert-rule/defaults", test_defaults);
  g_test_add_func ("/bs/alert-rule/copy", test_copy);
  g_test_add_func ("/bs/alert-rule/json-round-trip", test_round_trip);
  g_test_add_func ("/bs/alert-rule/json-round-trip-enums", test_round_trip_enums);
  g_test_add_func ("/bs/alert-rule/json-engine-members-ignored", test_engine_members_ignored);
  g_test_add_func ("/bs/alert-rule/json-not-object", test_not_object);
  g_test_add_func ("/bs/alert-rule/limits/title-uid", test_limits_title_uid);
  g_test_add_func ("/bs/alert-rule/limits/query", test_limits_query);
  g_test_add_func ("/bs/alert-rule/limits/condition", test_limits_condition);
  g_test_add_func ("/bs/alert-rule/limits/periods", test_limits_periods);
  g_test_add_func ("/bs/alert-rule/limits/choices", test_limits_choices);
  g_test_add_func ("/bs/alert-rule/limits/labels", test_limits_labels);
  g_test_add_func ("/bs/alert-rule/limits/templates-links", test_limits_templates_links);
  g_test_add_func ("/bs/alert-rule/validate", test_validate_struct);
  g_test_add_func ("/bs/alert-rule/matches", test_matches);
  g_test_add_func ("/bs/alert-rule/describe", test_describe);
  g_test_add_func ("/bs/alert-rule/enum-strings", test_enum_strings);
  return g_test_run ();
}
