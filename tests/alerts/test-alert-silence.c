#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bs-alert-silence.h"

#define SECOND G_GINT64_CONSTANT (1000000)
/* 2026-11-24T10:00:00Z */
#define T0 (G_GINT64_CONSTANT (1795514400) * SECOND)
#define HOUR (3600 * SECOND)

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static BsAlertSilence *
parse_silence (const char  *text,
               GError     **error)
{
  g_autoptr(JsonNode) node = parse_json (text);

  return bs_alert_silence_from_json (node, T0, error);
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
assert_refused (const char *text,
                const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAlertSilence) silence = parse_silence (text, &error);

  g_test_message ("%.100s → %s", text, error != NULL ? error->message : "(accepted)");
  g_assert_null (silence);
  g_assert_error (error, BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID);
  assert_names_field (error, field);
}

static BsAlertSilence *
accepted (const char *text)
{
  g_autoptr(GError) error = NULL;
  BsAlertSilence *silence = parse_silence (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (silence);
  return silence;
}

/* One matcher on rule_uid, ending at @ends_at (text), plus @more members. */
static char *
with_end (const char *ends_at,
          const char *more)
{
  return g_strdup_printf ("{\"matchers\": [{\"label\": \"rule_uid\", \"op\": \"=\", "
                          "\"value\": \"inv\"}], \"ends_at\": %s%s}", ends_at, more);
}

static void
test_new_copy (void)
{
  g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + HOUR);
  g_autoptr(BsAlertSilence) copy = NULL;
  const BsAlertMatcher *matcher;

  g_assert_cmpstr (silence->comment, ==, "");
  g_assert_null (silence->created_by);
  g_assert_cmpint (silence->created_at, ==, 0);
  g_assert_cmpuint (silence->matchers->len, ==, 0);
  bs_alert_silence_add_matcher (silence, "team", TRUE, "sales");
  bs_alert_silence_add_matcher (silence, "store", FALSE, NULL);
  silence->created_by = g_strdup ("Local Studio");
  silence->id = 4;

  copy = bs_alert_silence_copy (silence);
  bs_alert_silence_add_matcher (silence, "extra", FALSE, "x");
  g_free (((BsAlertMatcher *) g_ptr_array_index (silence->matchers, 0))->value);
  ((BsAlertMatcher *) g_ptr_array_index (silence->matchers, 0))->value = g_strdup ("changed");

  g_assert_cmpuint (copy->matchers->len, ==, 2);
  matcher = g_ptr_array_index (copy->matchers, 0);
  g_assert_cmpstr (matcher->label, ==, "team");
  g_assert_true (matcher->negative);
  g_assert_cmpstr (matcher->value, ==, "sales");
  matcher = g_ptr_array_index (copy->matchers, 1);
  g_assert_cmpstr (matcher->value, ==, "");
  g_assert_cmpstr (copy->created_by, ==, "Local Studio");
  g_assert_cmpint (copy->id, ==, 4);
  g_assert_cmpint (copy->ends_at, ==, T0 + HOUR);
}

static void
test_round_trip (void)
{
  g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + 2 * HOUR);
  g_autoptr(BsAlertSilence) parsed = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again_text = NULL;
  JsonObject *object;

  bs_alert_silence_add_matcher (silence, "rule_uid", FALSE, "inventory-low");
  bs_alert_silence_add_matcher (silence, "team", TRUE, "sales “east”");
  g_free (silence->comment);
  silence->comment = g_strdup ("Stock-take this morning");
  silence->created_by = g_strdup ("Local Studio");
  silence->created_at = T0 - HOUR;
  silence->id = 4;

  node = bs_alert_silence_to_json (silence, T0 + HOUR);
  text = json_to_string (node, FALSE);
  g_test_message ("%s", text);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "starts_at"), ==,
                   "2026-11-24T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "ends_at"), ==,
                   "2026-11-24T12:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "created_at"), ==,
                   "2026-11-24T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "created_by"), ==, "Local Studio");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "active");

  parsed = bs_alert_silence_from_json (node, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed->starts_at, ==, T0);
  g_assert_cmpint (parsed->ends_at, ==, T0 + 2 * HOUR);
  g_assert_cmpstr (parsed->comment, ==, "Stock-take this morning");
  /* Given by the engine, not by the caller. */
  g_assert_cmpint (parsed->id, ==, 0);
  g_assert_null (parsed->created_by);
  g_assert_cmpint (parsed->created_at, ==, 0);
  parsed->id = 4;
  parsed->created_by = g_strdup ("Local Studio");
  parsed->created_at = T0 - HOUR;
  again = bs_alert_silence_to_json (parsed, T0 + HOUR);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (text, ==, again_text);
}

static void
test_json_times (void)
{
  g_autoptr(BsAlertSilence) defaulted = NULL;
  g_autoptr(BsAlertSilence) zoned = NULL;
  g_autoptr(BsAlertSilence) fraction = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* starts_at defaults to now. */
  text = with_end ("\"2026-11-24T11:00:00Z\"", "");
  defaulted = accepted (text);
  g_assert_cmpint (defaulted->starts_at, ==, T0);
  g_assert_cmpint (defaulted->ends_at, ==, T0 + HOUR);
  g_clear_pointer (&text, g_free);

  /* Any zone is read; the output is UTC. */
  text = with_end ("\"2026-11-24T13:30:00+02:00\"",
                   ", \"starts_at\": \"2026-11-24T11:00:00+02:00\"");
  zoned = accepted (text);
  g_assert_cmpint (zoned->starts_at, ==, T0 - HOUR);
  g_assert_cmpint (zoned->ends_at, ==, T0 + HOUR + HOUR / 2);
  node = bs_alert_silence_to_json (zoned, T0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "ends_at"), ==,
                   "2026-11-24T11:30:00Z");
  g_assert_null (json_object_get_string_member (json_node_get_object (node), "created_by"));
  g_clear_pointer (&text, g_free);

  text = with_end ("\"2026-11-24T10:00:00.250Z\"", "");
  fraction = accepted (text);
  g_assert_cmpint (fraction->ends_at, ==, T0 + SECOND / 4);
}

static void
test_states (void)
{
  g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + HOUR);

  g_assert_cmpstr (bs_alert_silence_get_state (silence, T0 - 1), ==, "pending");
  g_assert_cmpstr (bs_alert_silence_get_state (silence, T0), ==, "active");
  g_assert_cmpstr (bs_alert_silence_get_state (silence, T0 + HOUR - 1), ==, "active");
  g_assert_cmpstr (bs_alert_silence_get_state (silence, T0 + HOUR), ==, "expired");
  g_assert_cmpstr (bs_alert_silence_get_state (silence, G_MAXINT64), ==, "expired");
}

static void
test_limits (void)
{
  g_autoptr(GString) many = g_string_new ("{\"ends_at\": \"2026-11-24T11:00:00Z\", "
                                          "\"matchers\": [");
  g_autofree char *value1024 = g_strnfill (1024, 'v');
  g_autofree char *value1025 = g_strnfill (1025, 'v');
  g_autofree char *comment4097 = g_strnfill (4097, 'c');
  g_autofree char *text = NULL;
  BsAlertSilence *silence;

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (many, "%s{\"label\": \"l%u\", \"op\": \"=\", \"value\": \"\"}",
                            i > 0 ? ", " : "", i);
  text = g_strconcat (many->str, "]}", NULL);
  bs_alert_silence_free (accepted (text));
  g_free (text);
  text = g_strconcat (many->str, ", {\"label\": \"x\", \"op\": \"=\", \"value\": \"\"}]}", NULL);
  assert_refused (text, "matchers");
  g_free (text);

  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\"}", "matchers");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": []}", "matchers");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": {}}", "matchers");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": [\"team=ops\"]}",
                  "matchers[0]");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"op\": \"=\", \"value\": \"x\"}]}", "matchers[0].label");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"team\", \"op\": \"=\", \"value\": \"x\"}, "
                  "{\"label\": \"__name__\", \"op\": \"=\", \"value\": \"x\"}]}",
                  "matchers[1].label");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"a-b\", \"op\": \"=\", \"value\": \"x\"}]}", "matchers[0].label");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"\", \"op\": \"=\", \"value\": \"x\"}]}", "matchers[0].label");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": 5, \"op\": \"=\", \"value\": \"x\"}]}", "matchers[0].label");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"team\", \"value\": \"x\"}]}", "matchers[0].op");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"team\", \"op\": \"=~\", \"value\": \"x\"}]}", "matchers[0].op");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"team\", \"op\": \"==\", \"value\": \"x\"}]}", "matchers[0].op");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"team\", \"op\": \"=\"}]}", "matchers[0].value");
  assert_refused ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                  "[{\"label\": \"team\", \"op\": \"=\", \"value\": 5}]}", "matchers[0].value");

  text = g_strdup_printf ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                          "[{\"label\": \"team\", \"op\": \"!=\", \"value\": \"%s\"}]}",
                          value1024);
  silence = accepted (text);
  bs_alert_silence_free (silence);
  g_free (text);
  text = g_strdup_printf ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                          "[{\"label\": \"team\", \"op\": \"!=\", \"value\": \"%s\"}]}",
                          value1025);
  assert_refused (text, "matchers[0].value");
  g_free (text);

  /* alertname and rule_uid are what a silence made from a rule page uses. */
  silence = accepted ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"matchers\": "
                      "[{\"label\": \"alertname\", \"op\": \"=\", \"value\": \"Low\"}, "
                      "{\"label\": \"rule_uid\", \"op\": \"!=\", \"value\": \"x\"}]}");
  bs_alert_silence_free (silence);

  text = g_strdup_printf ("{\"ends_at\": \"2026-11-24T11:00:00Z\", \"comment\": \"%s\", "
                          "\"matchers\": [{\"label\": \"a\", \"op\": \"=\", \"value\": \"\"}]}",
                          comment4097);
  assert_refused (text, "comment");
  g_free (text);
  text = with_end ("\"2026-11-24T11:00:00Z\"", ", \"comment\": 5");
  assert_refused (text, "comment");
}

static void
test_limits_times (void)
{
  struct {
    const char *ends_at;
    const char *more;
    const char *field;     /* NULL: accepted */
  } cases[] = {
    { NULL, "", "ends_at" },
    { "null", "", "ends_at" },
    { "\"2026-11-24T10:00:00Z\"", "", "ends_at" },            /* == starts_at (now) */
    { "\"2026-11-24T09:59:59Z\"", "", "ends_at" },
    { "\"2026-11-24T10:00:01Z\"", "", NULL },
    { "\"2027-11-25T10:00:00Z\"", "", NULL },                  /* 366 days */
    { "\"2027-11-25T10:00:01Z\"", "", "ends_at" },
    { "\"2099-01-01T00:00:00Z\"", "", "ends_at" },
    { "\"tomorrow\"", "", "ends_at" },
    { "\"\"", "", "ends_at" },
    { "1795518000", "", "ends_at" },
    { "\"NaN\"", "", "ends_at" },
    { "\"2026-11-24T11:00:00Z\"", ", \"starts_at\": \"now\"", "starts_at" },
    { "\"2026-11-24T11:00:00Z\"", ", \"starts_at\": 0", "starts_at" },
    { "\"2026-11-24T11:00:00Z\"", ", \"starts_at\": \"1969-12-31T00:00:00Z\"", "starts_at" },
    { "\"2026-11-24T11:00:00Z\"", ", \"starts_at\": \"2026-11-24T11:00:00Z\"", "ends_at" },
    { "\"2026-11-24T11:00:00Z\"", ", \"starts_at\": \"2026-11-24T08:00:00Z\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      if (cases[i].ends_at == NULL)
        text = g_strdup ("{\"matchers\": [{\"label\": \"rule_uid\", \"op\": \"=\", "
                         "\"value\": \"inv\"}]}");
      else
        text = with_end (cases[i].ends_at, cases[i].more);
      if (cases[i].field != NULL)
        assert_refused (text, cases[i].field);
      else
        bs_alert_silence_free (accepted (text));
    }
}

static void
test_not_object (void)
{
  const char *texts[] = { "[]", "\"silence\"", "1", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsAlertSilence) silence = parse_silence (texts[i], &error);

      g_assert_null (silence);
      g_assert_error (error, BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID);
    }
}

static void
test_validate_struct (void)
{
  g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + HOUR);
  g_autoptr(GError) error = NULL;
  BsAlertMatcher *matcher;

  g_assert_false (bs_alert_silence_validate (silence, &error));
  assert_names_field (error, "matchers");
  g_clear_error (&error);

  bs_alert_silence_add_matcher (silence, "team", FALSE, "ops");
  g_assert_true (bs_alert_silence_validate (silence, &error));
  g_assert_no_error (error);

  matcher = g_ptr_array_index (silence->matchers, 0);
  g_free (matcher->value);
  matcher->value = g_strdup ("bad \xff text");
  g_assert_false (bs_alert_silence_validate (silence, &error));
  assert_names_field (error, "matchers[0].value");
  g_clear_error (&error);
  g_free (matcher->value);
  matcher->value = g_strdup ("ops");

  g_free (silence->comment);
  silence->comment = NULL;
  g_assert_false (bs_alert_silence_validate (silence, &error));
  assert_names_field (error, "comment");
  g_clear_error (&error);
  silence->comment = g_strdup ("\xc3");
  g_assert_false (bs_alert_silence_validate (silence, &error));
  assert_names_field (error, "comment");
  g_clear_error (&error);
  g_free (silence->comment);
  silence->comment = g_strdup ("");

  silence->starts_at = -SECOND;
  silence->ends_at = SECOND;
  g_assert_false (bs_alert_silence_validate (silence, &error));
  assert_names_field (error, "starts_at");
  g_clear_error (&error);
  silence->starts_at = 0;
  silence->ends_at = G_MAXINT64;
  g_assert_false (bs_alert_silence_validate (silence, &error));
  assert_names_field (error, "ends_at");
}

static JsonObject *
alert_labels (void)
{
  JsonObject *labels = json_object_new ();

  json_object_set_string_member (labels, "alertname", "Inventory low");
  json_object_set_string_member (labels, "rule_uid", "inv");
  json_object_set_string_member (labels, "team", "ops");
  json_object_set_string_member (labels, "empty", "");
  json_object_set_int_member (labels, "count", 3);
  return labels;
}

typedef struct
{
  const char *label;
  gboolean    negative;
  const char *value;
  gboolean    matches;
} MatcherCase;

static void
test_matches_matchers (void)
{
  const MatcherCase cases[] = {
    { "team", FALSE, "ops", TRUE },
    { "team", FALSE, "Ops", FALSE },
    { "team", FALSE, "ops ", FALSE },
    { "team", TRUE, "sales", TRUE },
    { "team", TRUE, "ops", FALSE },
    { "rule_uid", FALSE, "inv", TRUE },
    { "alertname", FALSE, "Inventory low", TRUE },
    /* An absent label reads as "". */
    { "store", FALSE, "", TRUE },
    { "store", FALSE, "Lyon", FALSE },
    { "store", TRUE, "Lyon", TRUE },
    { "store", TRUE, "", FALSE },
    { "empty", FALSE, "", TRUE },
    { "empty", TRUE, "", FALSE },
    /* Labels are text: a number is not one, so it reads as absent. */
    { "count", FALSE, "3", FALSE },
    { "count", FALSE, "", TRUE },
  };
  g_autoptr(JsonObject) labels = alert_labels ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + HOUR);

      bs_alert_silence_add_matcher (silence, cases[i].label, cases[i].negative, cases[i].value);
      if (bs_alert_silence_matches (silence, labels, T0) != cases[i].matches)
        g_error ("case %u: %s %s “%s” should give %d", i, cases[i].label,
                 cases[i].negative ? "!=" : "=", cases[i].value, cases[i].matches);
    }
}

static void
test_matches_all (void)
{
  g_autoptr(JsonObject) labels = alert_labels ();
  g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + HOUR);
  g_autoptr(BsAlertSilence) empty = bs_alert_silence_new (T0, T0 + HOUR);

  bs_alert_silence_add_matcher (silence, "rule_uid", FALSE, "inv");
  bs_alert_silence_add_matcher (silence, "team", TRUE, "sales");
  g_assert_true (bs_alert_silence_matches (silence, labels, T0));
  /* Every matcher must match, not one. */
  bs_alert_silence_add_matcher (silence, "team", FALSE, "sales");
  g_assert_false (bs_alert_silence_matches (silence, labels, T0));

  /* No labels at all: everything is absent. */
  g_assert_false (bs_alert_silence_matches (silence, NULL, T0));
  bs_alert_silence_add_matcher (empty, "store", FALSE, "");
  g_assert_true (bs_alert_silence_matches (empty, NULL, T0));
  /* A silence without matchers (never valid) mutes nothing rather than everything. */
  g_ptr_array_set_size (empty->matchers, 0);
  g_assert_false (bs_alert_silence_matches (empty, labels, T0));
}

static void
test_matches_time (void)
{
  g_autoptr(JsonObject) labels = alert_labels ();
  g_autoptr(BsAlertSilence) silence = bs_alert_silence_new (T0, T0 + HOUR);

  bs_alert_silence_add_matcher (silence, "team", FALSE, "ops");
  g_assert_false (bs_alert_silence_matches (silence, labels, T0 - 1));
  g_assert_true (bs_alert_silence_matches (silence, labels, T0));
  g_assert_true (bs_alert_silence_matches (silence, labels, T0 + HOUR - 1));
  g_assert_false (bs_alert_silence_matches (silence, labels, T0 + HOUR));
  g_assert_false (bs_alert_silence_matches (silence, labels, G_MININT64));
  g_assert_false (bs_alert_silence_matches (silence, labels, G_MAXINT64));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/alert-silence/new-copy", test_new_copy);
  g_test_add_func ("/bs/alert-silence/json-round-trip", test_round_trip);
  g_test_add_func ("/bs/alert-silence/json-times", test_json_times);
  g_test_add_func ("/bs/alert-silence/json-not-object", test_not_object);
  g_test_add_func ("/bs/alert-silence/states", test_states);
  g_test_add_func ("/bs/alert-silence/limits", test_limits);
  g_test_add_func ("/bs/alert-silence/limits-times", test_limits_times);
  g_test_add_func ("/bs/alert-silence/validate", test_validate_struct);
  g_test_add_func ("/bs/alert-silence/matches/matchers", test_matches_matchers);
  g_test_add_func ("/bs/alert-silence/matches/all", test_matches_all);
  g_test_add_func ("/bs/alert-silence/matches/time", test_matches_time);
  return g_test_run ();
}
