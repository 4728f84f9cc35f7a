#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "bs-alert-evaluation.h"

/* 2026-11-24T10:00:00Z */
#define NOW ((gint64) 1795514400 * G_USEC_PER_SEC)
#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define HOUR (60 * MINUTE)

static BsAlertRule *
make_rule (gint64 contact_point_id)
{
  g_autoptr(BsQuery) query = bs_query_new (1, "stock");
  BsAlertRule *rule;

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "units");
  bs_query_add_split (query, "product");
  rule = bs_alert_rule_new ("Stock low", query, BS_ALERT_CONDITION_BELOW, 100);
  rule->id = 7;
  rule->uid = g_strdup ("stock-low");
  rule->contact_point_id = contact_point_id;
  g_hash_table_insert (rule->labels, g_strdup ("team"), g_strdup ("ops"));
  g_free (rule->summary);
  rule->summary = g_strdup ("{{ $labels.product }} has {{ $value }} units left");
  return rule;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* A frame of products and their units, as bs-query-sql gives it. */
static JsonNode *
stock_frame (const char *rows)
{
  g_autofree char *text = g_strdup_printf ("{\"columns\":[{\"name\":\"product\",\"type\":\"text\"},"
                                           "{\"name\":\"value\",\"type\":\"integer\"}],"
                                           "\"rows\":[%s],\"truncated\":false}", rows);

  return parse (text);
}

static GPtrArray *
no_instances (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_instance_free);
}

/* The instances an evaluation leaves, as the store would hand them back. */
static GPtrArray *
kept (const BsAlertEvaluation *evaluation)
{
  GPtrArray *copy = no_instances ();

  for (guint i = 0; i < evaluation->instances->len; i++)
    g_ptr_array_add (copy, bs_alert_instance_copy (g_ptr_array_index (evaluation->instances, i)));
  return copy;
}

static BsAlertEvaluation *
evaluate (const BsAlertRule *rule,
          GPtrArray        **instances,
          const char        *rows,
          GPtrArray         *silences,
          gint64             now)
{
  g_autoptr(JsonNode) frame = stock_frame (rows);
  BsAlertEvaluation *evaluation = bs_alert_evaluate (rule, *instances, frame, NULL, silences,
                                                     now);

  g_ptr_array_unref (*instances);
  *instances = kept (evaluation);
  return evaluation;
}

static BsAlertInstance *
find_instance (const BsAlertEvaluation *evaluation,
               const char              *key)
{
  for (guint i = 0; i < evaluation->instances->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (evaluation->instances, i);

      if (g_strcmp0 (instance->series_key, key) == 0)
        return instance;
    }
  return NULL;
}

static BsAlertNotification *
notification_of (const BsAlertEvaluation *evaluation,
                 BsNotificationKind       kind)
{
  BsAlertNotification *found = NULL;

  for (guint i = 0; i < evaluation->notifications->len; i++)
    {
      BsAlertNotification *notification = g_ptr_array_index (evaluation->notifications, i);

      if (notification->kind == kind)
        {
          g_assert_null (found);  /* one per kind and evaluation */
          found = notification;
        }
    }
  return found;
}

static JsonArray *
alerts_of (BsAlertNotification *notification)
{
  return json_object_get_array_member (json_node_get_object (notification->payload), "alerts");
}

static const char *
alert_label (JsonArray  *alerts,
             guint       index,
             const char *name)
{
  JsonObject *alert = json_array_get_object_element (alerts, index);

  return json_object_get_string_member (json_object_get_object_member (alert, "labels"), name);
}

static void
test_series_key (void)
{
  g_autoptr(JsonObject) labels = json_object_new ();
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(BsAlertRule) rule = make_rule (0);
  g_autoptr(JsonObject) full = NULL;
  g_autofree char *key = NULL;
  g_autofree char *none = NULL;

  json_object_set_string_member (labels, "region", "north \"east\"");
  json_object_set_int_member (labels, "product", 7);
  key = bs_alert_series_key (labels);
  g_assert_cmpstr (key, ==, "{\"product\":\"7\",\"region\":\"north \\\"east\\\"\"}");
  none = bs_alert_series_key (empty);
  g_assert_cmpstr (none, ==, "{}");

  json_object_set_string_member (labels, "team", "shop");
  full = bs_alert_full_labels (rule, labels);
  g_assert_cmpstr (json_object_get_string_member (full, "alertname"), ==, "Stock low");
  g_assert_cmpstr (json_object_get_string_member (full, "rule_uid"), ==, "stock-low");
  /* The series' labels win over the rule's. */
  g_assert_cmpstr (json_object_get_string_member (full, "team"), ==, "shop");
  g_assert_cmpstr (json_object_get_string_member (full, "product"), ==, "7");
}

/* The key as json-glib's generator writes the object (the key's own definition, which keys
 * already in the store were written by). */
static char *
generator_key (const char *name,
               const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "a");
  json_builder_add_string_value (builder, "first");
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Every byte in a name and in a value, and UTF-8, give the key json-glib writes. */
static void
test_series_key_bytes (void)
{
  static const char * const extra[] = { "Zürich", "東京", "tab\there", "a/b", "",
                                        "back\\slash", "quote\"", "del\x7f" };

  for (guint c = 1; c < 256 + G_N_ELEMENTS (extra); c++)
    {
      char one[2] = { (char) c, '\0' };
      const char *text = c < 256 ? one : extra[c - 256];
      g_autofree char *name = g_strconcat ("n", text, NULL);
      g_autofree char *value = g_strconcat ("v", text, "w", NULL);
      g_autoptr(JsonObject) labels = json_object_new ();
      g_autofree char *key = NULL;
      g_autofree char *expected = NULL;

      if (!g_utf8_validate (text, -1, NULL))
        continue;
      json_object_set_string_member (labels, name, value);
      json_object_set_string_member (labels, "a", "first");
      key = bs_alert_series_key (labels);
      expected = generator_key (name, value);
      g_assert_cmpstr (key, ==, expected);
    }
}

/* Splits are labels, the newest row of each series counts, a null value is NoData. */
static void
test_frame_to_series (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (0);
  g_autoptr(GPtrArray) previous = no_instances ();
  g_autoptr(JsonNode) frame = parse (
    "{\"columns\":[{\"name\":\"bucket\",\"type\":\"time\"},"
    "{\"name\":\"product\",\"type\":\"text\"},"
    "{\"name\":\"shop\",\"type\":\"integer\"},{\"name\":\"value\",\"type\":\"number\"}],"
    "\"rows\":[[\"2026-11-24T09:00:00Z\",\"apple\",1,50.0],"
    "[\"2026-11-24T08:00:00Z\",\"apple\",1,500.0],"
    "[\"2026-11-24T08:00:00Z\",\"pear\",1,20.0],"
    "[\"2026-11-24T09:00:00Z\",\"pear\",1,200.0],"
    "[\"2026-11-24T09:00:00Z\",\"plum\",2,null]]}");
  g_autoptr(BsAlertEvaluation) evaluation = bs_alert_evaluate (rule, previous, frame, NULL,
                                                               NULL, NOW);
  BsAlertInstance *apple, *pear, *plum;

  g_assert_cmpuint (evaluation->instances->len, ==, 3);
  apple = find_instance (evaluation, "{\"product\":\"apple\",\"shop\":\"1\"}");
  pear = find_instance (evaluation, "{\"product\":\"pear\",\"shop\":\"1\"}");
  plum = find_instance (evaluation, "{\"product\":\"plum\",\"shop\":\"2\"}");
  g_assert_nonnull (apple);
  g_assert_nonnull (pear);
  g_assert_nonnull (plum);
  g_assert_cmpfloat (apple->value, ==, 50.0);
  g_assert_cmpint (apple->info.state, ==, BS_ALERT_STATE_ALERTING);
  g_assert_cmpstr (json_object_get_string_member (apple->labels, "product"), ==, "apple");
  g_assert_cmpfloat (pear->value, ==, 200.0);
  g_assert_cmpint (pear->info.state, ==, BS_ALERT_STATE_NORMAL);
  g_assert_cmpint (plum->info.state, ==, BS_ALERT_STATE_NO_DATA);
  g_assert_true (isnan (plum->value));
  /* Normal → Alerting and Normal → NoData are changes; Normal → Normal is not. */
  g_assert_cmpuint (evaluation->transitions->len, ==, 2);
  g_assert_null (evaluation->error);
  g_assert_cmpint (evaluation->evaluated_at, ==, NOW);
  g_assert_cmpint (evaluation->rule_id, ==, 7);
}

/* A frame without rows is NoData for "{}"; the other series are missing. */
static void
test_empty_frame (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (0);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(BsAlertEvaluation) first = evaluate (rule, &instances, "[\"apple\",50]", NULL, NOW);
  g_autoptr(BsAlertEvaluation) second = evaluate (rule, &instances, "", NULL, NOW + MINUTE);
  BsAlertInstance *none = find_instance (second, "{}");
  BsAlertInstance *apple = find_instance (second, "{\"product\":\"apple\"}");

  g_assert_nonnull (none);
  g_assert_cmpint (none->info.state, ==, BS_ALERT_STATE_NO_DATA);
  g_assert_nonnull (apple);
  g_assert_cmpint (apple->info.state, ==, BS_ALERT_STATE_ALERTING);
  g_assert_cmpuint (apple->info.missing_evals, ==, 1);
}

/* A query error is an Error result for every known series, or for "{}". */
static void
test_query_error (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (0);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(GPtrArray) none = no_instances ();
  g_autoptr(GError) error = g_error_new_literal (BS_QUERY_ERROR, BS_QUERY_ERROR_EXECUTE,
                                                 "database is locked");
  g_autoptr(BsAlertEvaluation) first = evaluate (rule, &instances,
                                                 "[\"apple\",50],[\"pear\",500]", NULL, NOW);
  g_autoptr(BsAlertEvaluation) failed = bs_alert_evaluate (rule, instances, NULL, error, NULL,
                                                           NOW + MINUTE);
  g_autoptr(BsAlertEvaluation) failed_first = bs_alert_evaluate (rule, none, NULL, error, NULL,
                                                                 NOW);
  BsAlertInstance *instance;

  g_assert_cmpstr (failed->error, ==, "database is locked");
  g_assert_cmpuint (failed->instances->len, ==, 2);
  for (guint i = 0; i < failed->instances->len; i++)
    {
      instance = g_ptr_array_index (failed->instances, i);
      g_assert_cmpint (instance->info.state, ==, BS_ALERT_STATE_ERROR);
      g_assert_cmpstr (instance->error, ==, "database is locked");
    }
  g_assert_cmpuint (failed->transitions->len, ==, 2);

  g_assert_cmpuint (failed_first->instances->len, ==, 1);
  instance = find_instance (failed_first, "{}");
  g_assert_nonnull (instance);
  g_assert_cmpint (instance->info.state, ==, BS_ALERT_STATE_ERROR);

  /* on_error alerting keeps the error text too, with the reason Error. */
  rule->on_error = BS_ALERT_ON_ERROR_ALERTING;
  {
    g_autoptr(BsAlertEvaluation) alerting = bs_alert_evaluate (rule, none, NULL, error, NULL,
                                                               NOW);

    instance = find_instance (alerting, "{}");
    g_assert_cmpint (instance->info.state, ==, BS_ALERT_STATE_ALERTING);
    g_assert_cmpint (instance->info.reason, ==, BS_ALERT_REASON_ERROR);
  }
}

static void
check_payload (BsAlertNotification *notification,
               const char          *kind,
               const char          *status)
{
  JsonObject *payload = json_node_get_object (notification->payload);
  JsonObject *rule = json_object_get_object_member (payload, "rule");

  g_assert_cmpstr (json_object_get_string_member (payload, "kind"), ==, kind);
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, status);
  g_assert_cmpint (json_object_get_int_member (rule, "id"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (rule, "uid"), ==, "stock-low");
  g_assert_cmpstr (json_object_get_string_member (rule, "title"), ==, "Stock low");
  g_assert_nonnull (strstr (json_object_get_string_member (rule, "description"), "100"));
  g_assert_true (json_object_get_null_member (payload, "dashboard_uid"));
  g_assert_true (json_object_get_null_member (payload, "panel_id"));
  g_assert_cmpint (notification->rule_id, ==, 7);
  g_assert_cmpint (notification->contact_point_id, ==, 2);
}

/* One firing, one resolved and one repeat notification per rule and evaluation. */
static void
test_grouping (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (2);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(BsAlertEvaluation) first = NULL;
  g_autoptr(BsAlertEvaluation) second = NULL;
  g_autoptr(BsAlertEvaluation) third = NULL;
  g_autoptr(BsAlertEvaluation) fourth = NULL;
  g_autofree char *key = NULL;
  BsAlertNotification *firing, *resolved, *repeat;
  JsonObject *alert, *annotations;
  JsonArray *alerts;

  first = evaluate (rule, &instances, "[\"apple\",50],[\"pear\",40],[\"plum\",150]", NULL, NOW);
  g_assert_cmpuint (first->notifications->len, ==, 1);
  firing = notification_of (first, BS_NOTIFICATION_FIRING);
  g_assert_nonnull (firing);
  g_assert_false (firing->silenced);
  key = g_strdup_printf ("stock-low:firing:%" G_GINT64_FORMAT, NOW);
  g_assert_cmpstr (firing->idempotency_key, ==, key);
  check_payload (firing, "firing", "firing");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (firing->payload),
                                                  "evaluated_at"), ==, "2026-11-24T10:00:00Z");
  alerts = alerts_of (firing);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 2);
  alert = json_array_get_object_element (alerts, 0);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "firing");
  g_assert_cmpstr (alert_label (alerts, 0, "product"), ==, "apple");
  g_assert_cmpstr (alert_label (alerts, 0, "alertname"), ==, "Stock low");
  g_assert_cmpstr (alert_label (alerts, 0, "rule_uid"), ==, "stock-low");
  g_assert_cmpstr (alert_label (alerts, 0, "team"), ==, "ops");
  g_assert_cmpstr (alert_label (alerts, 1, "product"), ==, "pear");
  annotations = json_object_get_object_member (alert, "annotations");
  g_assert_cmpstr (json_object_get_string_member (annotations, "summary"), ==,
                   "apple has 50 units left");
  g_assert_cmpstr (json_object_get_string_member (annotations, "description"), ==, "");
  g_assert_cmpfloat (json_object_get_double_member (alert, "value"), ==, 50.0);
  g_assert_cmpstr (json_object_get_string_member (alert, "starts_at"), ==,
                   "2026-11-24T10:00:00Z");
  g_assert_true (json_object_get_null_member (alert, "ends_at"));
  g_assert_cmpint (find_instance (first, "{\"product\":\"apple\"}")->last_sent_at, ==, NOW);
  g_assert_cmpint (find_instance (first, "{\"product\":\"plum\"}")->last_sent_at, ==, 0);

  /* A minute later apple is restocked: one resolved notification, no repeat yet. */
  second = evaluate (rule, &instances, "[\"apple\",500],[\"pear\",40],[\"plum\",150]", NULL,
                     NOW + MINUTE);
  g_assert_cmpuint (second->notifications->len, ==, 1);
  resolved = notification_of (second, BS_NOTIFICATION_RESOLVED);
  g_assert_nonnull (resolved);
  check_payload (resolved, "resolved", "resolved");
  alerts = alerts_of (resolved);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  alert = json_array_get_object_element (alerts, 0);
  g_assert_cmpstr (json_object_get_string_member (alert, "status"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (alert, "starts_at"), ==,
                   "2026-11-24T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (alert, "ends_at"), ==,
                   "2026-11-24T10:01:00Z");
  g_assert_cmpfloat (json_object_get_double_member (alert, "value"), ==, 500.0);

  /* Four hours after it was sent, pear (still firing) is repeated, once. */
  third = evaluate (rule, &instances, "[\"apple\",500],[\"pear\",30],[\"plum\",150]", NULL,
                    NOW + 4 * HOUR);
  g_assert_cmpuint (third->notifications->len, ==, 1);
  repeat = notification_of (third, BS_NOTIFICATION_REPEAT);
  g_assert_nonnull (repeat);
  check_payload (repeat, "repeat", "firing");
  alerts = alerts_of (repeat);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  g_assert_cmpstr (alert_label (alerts, 0, "product"), ==, "pear");
  g_assert_nonnull (strstr (repeat->idempotency_key, ":repeat:"));
  fourth = evaluate (rule, &instances, "[\"apple\",500],[\"pear\",30],[\"plum\",150]", NULL,
                     NOW + 4 * HOUR + MINUTE);
  g_assert_cmpuint (fourth->notifications->len, ==, 0);
}

/* One evaluation that fires, resolves and repeats: three notifications, three keys. */
static void
test_all_kinds (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (2);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(BsAlertEvaluation) first = evaluate (rule, &instances, "[\"apple\",10],[\"pear\",10]",
                                                 NULL, NOW);
  g_autoptr(BsAlertEvaluation) later = evaluate (rule, &instances,
                                                 "[\"apple\",500],[\"pear\",10],[\"plum\",5]",
                                                 NULL, NOW + 5 * HOUR);
  static const char * const kinds[] = { "firing", "resolved", "repeat" };
  static const char * const products[] = { "plum", "apple", "pear" };

  g_assert_cmpuint (later->notifications->len, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      BsAlertNotification *notification = notification_of (later, (BsNotificationKind) i);
      g_autofree char *key = g_strdup_printf ("stock-low:%s:%" G_GINT64_FORMAT, kinds[i],
                                              NOW + 5 * HOUR);
      JsonArray *alerts = alerts_of (notification);

      g_assert_cmpstr (notification->idempotency_key, ==, key);
      g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
      g_assert_cmpstr (alert_label (alerts, 0, "product"), ==, products[i]);
    }
}

/* A repeat is due only once repeat_interval_seconds have passed since the last one. */
static void
test_repeat_interval (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (2);
  g_autoptr(GPtrArray) instances = no_instances ();
  guint repeats = 0;

  rule->repeat_interval_seconds = 600;
  for (guint i = 0; i <= 30; i++)
    {
      g_autoptr(BsAlertEvaluation) evaluation = evaluate (rule, &instances, "[\"apple\",10]",
                                                          NULL, NOW + i * MINUTE);

      repeats += notification_of (evaluation, BS_NOTIFICATION_REPEAT) != NULL ? 1 : 0;
      if (i == 0)
        g_assert_nonnull (notification_of (evaluation, BS_NOTIFICATION_FIRING));
      else
        g_assert_cmpint (notification_of (evaluation, BS_NOTIFICATION_REPEAT) != NULL, ==,
                         i % 10 == 0);
    }
  g_assert_cmpuint (repeats, ==, 3);
}

static void
test_no_contact_point (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (0);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(BsAlertEvaluation) first = evaluate (rule, &instances, "[\"apple\",10]", NULL, NOW);
  g_autoptr(BsAlertEvaluation) second = evaluate (rule, &instances, "[\"apple\",1000]", NULL,
                                                  NOW + MINUTE);

  g_assert_cmpuint (first->transitions->len, ==, 1);
  g_assert_cmpuint (first->notifications->len, ==, 0);
  g_assert_cmpuint (second->transitions->len, ==, 1);
  g_assert_cmpuint (second->notifications->len, ==, 0);
  g_assert_cmpint (find_instance (second, "{\"product\":\"apple\"}")->last_sent_at, ==, 0);
}

static void
test_silences (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (2);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(GPtrArray) silences =
    g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_silence_free);
  g_autoptr(BsAlertEvaluation) partly = NULL;
  g_autoptr(BsAlertEvaluation) wholly = NULL;
  g_autoptr(BsAlertEvaluation) later = NULL;
  BsAlertSilence *apple = bs_alert_silence_new (NOW - HOUR, NOW + HOUR);
  BsAlertSilence *rule_wide = bs_alert_silence_new (NOW + 2 * HOUR, NOW + 3 * HOUR);
  BsAlertNotification *notification;
  JsonArray *alerts;

  bs_alert_silence_add_matcher (apple, "product", FALSE, "apple");
  bs_alert_silence_add_matcher (rule_wide, "rule_uid", FALSE, "stock-low");
  g_ptr_array_add (silences, apple);
  g_ptr_array_add (silences, rule_wide);

  /* Partly silenced: apple is left out, pear is told. */
  partly = evaluate (rule, &instances, "[\"apple\",10],[\"pear\",10]", silences, NOW);
  notification = notification_of (partly, BS_NOTIFICATION_FIRING);
  g_assert_false (notification->silenced);
  alerts = alerts_of (notification);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  g_assert_cmpstr (alert_label (alerts, 0, "product"), ==, "pear");

  /* Wholly silenced (the rule-wide silence is active by then): made, silenced, with all. */
  wholly = evaluate (rule, &instances, "[\"apple\",1000],[\"pear\",1000]", silences,
                     NOW + 2 * HOUR + MINUTE);
  notification = notification_of (wholly, BS_NOTIFICATION_RESOLVED);
  g_assert_nonnull (notification);
  g_assert_true (notification->silenced);
  g_assert_cmpuint (json_array_get_length (alerts_of (notification)), ==, 2);

  /* Once the silences are over, a new firing is told. */
  later = evaluate (rule, &instances, "[\"apple\",10]", silences, NOW + 4 * HOUR);
  notification = notification_of (later, BS_NOTIFICATION_FIRING);
  g_assert_false (notification->silenced);
}

/* A series that disappears resolves after two evaluations without it, and is dropped. */
static void
test_missing_series (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (2);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(BsAlertEvaluation) first = evaluate (rule, &instances,
                                                 "[\"apple\",10],[\"pear\",500]", NULL, NOW);
  g_autoptr(BsAlertEvaluation) second = evaluate (rule, &instances, "[\"pear\",500]", NULL,
                                                  NOW + MINUTE);
  g_autoptr(BsAlertEvaluation) third = evaluate (rule, &instances, "[\"pear\",500]", NULL,
                                                 NOW + 2 * MINUTE);
  BsAlertTransition *transition;
  BsAlertNotification *resolved;

  g_assert_nonnull (find_instance (second, "{\"product\":\"apple\"}"));
  g_assert_cmpuint (second->transitions->len, ==, 0);
  g_assert_cmpuint (second->notifications->len, ==, 0);

  g_assert_null (find_instance (third, "{\"product\":\"apple\"}"));
  g_assert_cmpuint (third->instances->len, ==, 1);
  g_assert_cmpuint (third->transitions->len, ==, 1);
  transition = g_ptr_array_index (third->transitions, 0);
  g_assert_cmpstr (transition->series_key, ==, "{\"product\":\"apple\"}");
  g_assert_cmpint (transition->from, ==, BS_ALERT_STATE_ALERTING);
  g_assert_cmpint (transition->to, ==, BS_ALERT_STATE_NORMAL);
  g_assert_cmpint (transition->reason, ==, BS_ALERT_REASON_MISSING_SERIES);
  g_assert_cmpint (transition->at, ==, NOW + 2 * MINUTE);
  resolved = notification_of (third, BS_NOTIFICATION_RESOLVED);
  g_assert_nonnull (resolved);
  g_assert_cmpstr (alert_label (alerts_of (resolved), 0, "product"), ==, "apple");
}

static void
test_paused (void)
{
  g_autoptr(BsAlertRule) rule = make_rule (2);
  g_autoptr(GPtrArray) instances = no_instances ();
  g_autoptr(BsAlertEvaluation) first = evaluate (rule, &instances, "[\"apple\",10]", NULL, NOW);
  g_autoptr(BsAlertEvaluation) paused = NULL;

  rule->paused = TRUE;
  paused = evaluate (rule, &instances, "[\"apple\",1000]", NULL, NOW + 5 * HOUR);
  g_assert_cmpuint (paused->instances->len, ==, 1);
  g_assert_cmpint (find_instance (paused, "{\"product\":\"apple\"}")->info.state, ==,
                   BS_ALERT_STATE_ALERTING);
  g_assert_cmpuint (paused->transitions->len, ==, 0);
  g_assert_cmpuint (paused->notifications->len, ==, 0);
}

static void
test_kind_strings (void)
{
  static const char * const names[] = { "firing", "resolved", "repeat", "test" };
  BsNotificationKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (bs_notification_kind_to_string (i), ==, names[i]);
      g_assert_true (bs_notification_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_false (bs_notification_kind_from_string ("Firing", &kind));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/alert-evaluation/series-key", test_series_key);
  g_test_add_func ("/bs/alert-evaluation/series-key-bytes", test_series_key_bytes);
  g_test_add_func ("/bs/alert-evaluation/frame-to-series", test_frame_to_series);
  g_test_add_func ("/bs/alert-evaluation/empty-frame", test_empty_frame);
  g_test_add_func ("/bs/alert-evaluation/query-error", test_query_error);
  g_test_add_func ("/bs/alert-evaluation/grouping", test_grouping);
  g_test_add_func ("/bs/alert-evaluation/all-kinds", test_all_kinds);
  g_test_add_func ("/bs/alert-evaluation/repeat-interval", test_repeat_interval);
  g_test_add_func ("/bs/alert-evaluation/no-contact-point", test_no_contact_point);
  g_test_add_func ("/bs/alert-evaluation/silences", test_silences);
  g_test_add_func ("/bs/alert-evaluation/missing-series", test_missing_series);
  g_test_add_func ("/bs/alert-evaluation/paused", test_paused);
  g_test_add_func ("/bs/alert-evaluation/kind-strings", test_kind_strings);
  return g_test_run ();
}
