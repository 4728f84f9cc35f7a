#define G_LOG_DOMAIN "test-notification-format"

#include "config.h"

#include <string.h>

#include "bs-notification-format.h"

/* Slack Block Kit, webhook JSON and desktop texts made from evaluation payloads. */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* A firing payload with @n_alerts alerts (products p0, p1, …, values 0, 1, …). */
static JsonNode *
make_payload (const char *kind,
              guint       n_alerts,
              const char *extra_members)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *status = g_str_equal (kind, "resolved") ? "resolved" : "firing";

  g_string_append_printf (text,
                          "{\"kind\": \"%s\", \"status\": \"%s\", "
                          "\"rule\": {\"id\": 3, \"uid\": \"low-stock\", \"title\": "
                          "\"Low stock\", \"description\": \"When the sum of units is "
                          "below 100\"}, \"evaluated_at\": \"2026-11-24T10:00:00Z\", "
                          "\"alerts\": [", kind, status);
  for (guint i = 0; i < n_alerts; i++)
    g_string_append_printf (text,
                            "%s{\"status\": \"%s\", \"labels\": {\"alertname\": \"Low stock\", "
                            "\"rule_uid\": \"low-stock\", \"product\": \"p%u\"}, "
                            "\"annotations\": {\"summary\": \"p%u is low\", "
                            "\"description\": \"\"}, \"value\": %u, "
                            "\"starts_at\": \"2026-11-24T09:50:00Z\", \"ends_at\": null}",
                            i > 0 ? ", " : "", status, i, i, i);
  g_string_append (text, "]");
  if (extra_members != NULL)
    g_string_append_printf (text, ", %s", extra_members);
  g_string_append (text, "}");
  return parse (text->str);
}

static JsonArray *
blocks_of (JsonNode *message)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (message));
  return json_object_get_array_member (json_node_get_object (message), "blocks");
}

static const char *
block_type (JsonArray *blocks,
            guint      index)
{
  return json_object_get_string_member (json_array_get_object_element (blocks, index), "type");
}

static const char *
block_text (JsonArray *blocks,
            guint      index)
{
  JsonObject *block = json_array_get_object_element (blocks, index);

  return json_object_get_string_member (json_object_get_object_member (block, "text"), "text");
}

static guint
count_type (JsonArray  *blocks,
            const char *type)
{
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (blocks); i++)
    count += g_str_equal (block_type (blocks, i), type);
  return count;
}

static void
test_slack_firing (void)
{
  g_autoptr(JsonNode) payload = make_payload ("firing", 2, NULL);
  g_autoptr(JsonNode) message = bs_notification_format_slack (payload, NULL);
  JsonArray *blocks = blocks_of (message);
  JsonObject *context;
  const char *context_text;
  guint n = json_array_get_length (blocks);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (message), "text"), ==,
                   "Firing: Low stock (2 alerts)");
  /* header, description, two alerts, context; no button without a dashboard */
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (block_type (blocks, 0), ==, "header");
  g_assert_cmpstr (block_text (blocks, 0), ==, "Firing: Low stock");
  g_assert_cmpstr (block_text (blocks, 1), ==, "When the sum of units is below 100");
  g_assert_cmpstr (block_text (blocks, 2), ==,
                   "🔥 *p0 is low*\n`product`: p0, `rule_uid`: low-stock\nValue: 0");
  g_assert_cmpstr (block_text (blocks, 3), ==,
                   "🔥 *p1 is low*\n`product`: p1, `rule_uid`: low-stock\nValue: 1");
  g_assert_cmpuint (count_type (blocks, "actions"), ==, 0);

  g_assert_cmpstr (block_type (blocks, n - 1), ==, "context");
  context = json_array_get_object_element (blocks, n - 1);
  context_text = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (context, "elements"), 0),
    "text");
  /* 2026-11-24T10:00:00Z is 1795514400 */
  g_assert_cmpstr (context_text, ==,
                   "Evaluated <!date^1795514400^{date_short_pretty} {time}|"
                   "2026-11-24T10:00:00Z>");
}

static void
test_slack_kinds (void)
{
  const struct { const char *kind; const char *header; } cases[] = {
    { "resolved", "Resolved: Low stock" },
    { "repeat", "Still firing: Low stock" },
    { "test", "Test notification from Business Studio" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) payload = make_payload (cases[i].kind, 1, NULL);
      g_autoptr(JsonNode) message = bs_notification_format_slack (payload, NULL);

      g_assert_cmpstr (block_text (blocks_of (message), 0), ==, cases[i].header);
    }

  {
    g_autoptr(JsonNode) payload = make_payload ("resolved", 1, NULL);
    g_autoptr(JsonNode) message = bs_notification_format_slack (payload, NULL);

    g_assert_true (g_str_has_prefix (block_text (blocks_of (message), 2), "✅ *p0 is low*"));
  }
}

static void
test_slack_dashboard (void)
{
  g_autoptr(JsonNode) with_panel = make_payload ("firing", 1,
                                                 "\"dashboard_uid\": \"sales ops\", "
                                                 "\"panel_id\": 4");
  g_autoptr(JsonNode) without_panel = make_payload ("firing", 1,
                                                    "\"dashboard_uid\": \"abc\", "
                                                    "\"panel_id\": null");
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(JsonNode) no_base = NULL;
  JsonArray *blocks;
  JsonObject *button;

  message = bs_notification_format_slack (with_panel, "https://grafana.example.com/");
  blocks = blocks_of (message);
  g_assert_cmpstr (block_type (blocks, json_array_get_length (blocks) - 1), ==, "actions");
  button = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (
      blocks, json_array_get_length (blocks) - 1), "elements"), 0);
  g_assert_cmpstr (json_object_get_string_member (button, "type"), ==, "button");
  g_assert_cmpstr (json_object_get_string_member (button, "url"), ==,
                   "https://grafana.example.com/d/sales%20ops?viewPanel=4");
  g_clear_pointer (&message, json_node_unref);

  message = bs_notification_format_slack (without_panel, "https://g.example");
  blocks = blocks_of (message);
  button = json_array_get_object_element (
    json_object_get_array_member (json_array_get_object_element (
      blocks, json_array_get_length (blocks) - 1), "elements"), 0);
  g_assert_cmpstr (json_object_get_string_member (button, "url"), ==, "https://g.example/d/abc");

  /* A dashboard but no base URL to open it at: no button. */
  no_base = bs_notification_format_slack (with_panel, NULL);
  g_assert_cmpuint (count_type (blocks_of (no_base), "actions"), ==, 0);
}

static void
test_slack_many_alerts (void)
{
  g_autoptr(JsonNode) payload = make_payload ("firing", 25, NULL);
  g_autoptr(JsonNode) message = bs_notification_format_slack (payload, NULL);
  JsonArray *blocks = blocks_of (message);
  guint n = json_array_get_length (blocks);

  /* header + description + 20 alerts + "and 5 more" + context, within Slack's 50 */
  g_assert_cmpuint (n, ==, 1 + 1 + BS_NOTIFICATION_FORMAT_MAX_ALERTS + 1 + 1);
  g_assert_cmpstr (block_text (blocks, n - 2), ==, "…and 5 more alerts");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (message), "text"), ==,
                   "Firing: Low stock (25 alerts)");
}

static void
test_slack_escaping (void)
{
  g_autoptr(JsonNode) payload = parse (
    "{\"kind\": \"firing\", \"rule\": {\"title\": \"<!channel> & co\"},"
    " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"who\": \"<@U123> <http://x|y>\"},"
    "               \"annotations\": {\"summary\": \"a > b & c < d\"}, \"value\": null}]}");
  g_autoptr(JsonNode) message = bs_notification_format_slack (payload, NULL);
  JsonArray *blocks = blocks_of (message);

  /* The header is plain text (Slack does not parse it); sections are mrkdwn, escaped. */
  g_assert_cmpstr (block_text (blocks, 0), ==, "Firing: <!channel> & co");
  g_assert_cmpstr (block_text (blocks, 1), ==,
                   "🔥 *a &gt; b &amp; c &lt; d*\n`who`: &lt;@U123&gt; &lt;http://x|y&gt;");
}

static void
test_slack_limits (void)
{
  g_autofree char *title = g_strnfill (400, 'T');
  g_autofree char *summary = g_strnfill (5000, 's');
  g_autofree char *text = g_strdup_printf (
    "{\"kind\": \"firing\", \"rule\": {\"title\": \"%s\"}, \"alerts\": [{\"status\": "
    "\"firing\", \"annotations\": {\"summary\": \"%s\"}, \"value\": 1.5}]}", title, summary);
  g_autoptr(JsonNode) payload = parse (text);
  g_autoptr(JsonNode) message = bs_notification_format_slack (payload, NULL);
  JsonArray *blocks = blocks_of (message);

  g_assert_cmpint (g_utf8_strlen (block_text (blocks, 0), -1), ==, 150);
  g_assert_true (g_str_has_suffix (block_text (blocks, 0), "…"));
  g_assert_cmpint (g_utf8_strlen (block_text (blocks, 1), -1), ==, 3000);
}

static void
test_slack_hostile (void)
{
  const char *payloads[] = {
    "{}",
    "[]",
    "42",
    "{\"kind\": 7, \"rule\": [], \"alerts\": {\"a\": 1}, \"evaluated_at\": \"yesterday\"}",
    "{\"alerts\": [1, null, \"x\", {\"labels\": [], \"annotations\": 3, \"value\": \"NaN\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(JsonNode) payload = parse (payloads[i]);
      g_autoptr(JsonNode) slack = bs_notification_format_slack (payload, "https://g.example");
      g_autoptr(JsonNode) webhook = bs_notification_format_webhook (payload, "k");
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      JsonArray *blocks = blocks_of (slack);

      g_assert_cmpstr (block_type (blocks, 0), ==, "header");
      g_assert_cmpstr (block_text (blocks, 0), ==, "Firing: Alert rule");
      g_assert_cmpuint (count_type (blocks, "context"), ==, 0);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (webhook),
                                                      "idempotency_key"), ==, "k");
      bs_notification_format_desktop (payload, &title, &body);
      g_assert_cmpstr (title, ==, "Firing: Alert rule");
      g_assert_nonnull (body);
    }
}

static void
test_webhook (void)
{
  g_autoptr(JsonNode) payload = make_payload ("firing", 2, "\"dashboard_uid\": null");
  g_autofree char *before = json_to_string (payload, FALSE);
  g_autoptr(JsonNode) message = bs_notification_format_webhook (payload, "low-stock:firing:1");
  g_autofree char *after = json_to_string (payload, FALSE);
  JsonObject *object = json_node_get_object (message);
  JsonObject *original = json_node_get_object (payload);
  g_autoptr(GList) members = json_object_get_members (original);

  /* Every member of the payload, unchanged, plus the key; the payload itself untouched. */
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (json_object_get_size (object), ==, json_object_get_size (original) + 1);
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_true (json_node_equal (json_object_get_member (object, l->data),
                                    json_object_get_member (original, l->data)));
  g_assert_cmpstr (json_object_get_string_member (object, "idempotency_key"), ==,
                   "low-stock:firing:1");
  g_assert_true (json_object_get_null_member (object, "dashboard_uid"));
}

static void
test_desktop (void)
{
  g_autoptr(JsonNode) two = make_payload ("firing", 2, NULL);
  g_autoptr(JsonNode) five = make_payload ("repeat", 5, NULL);
  g_autoptr(JsonNode) test = parse ("{\"kind\": \"test\", \"alerts\": []}");
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  bs_notification_format_desktop (two, &title, &body);
  g_assert_cmpstr (title, ==, "Firing: Low stock");
  g_assert_cmpstr (body, ==, "p0 is low\np1 is low");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&body, g_free);

  bs_notification_format_desktop (five, &title, &body);
  g_assert_cmpstr (title, ==, "Still firing: Low stock");
  g_assert_cmpstr (body, ==, "p0 is low\np1 is low\np2 is low\n…and 2 more alerts");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&body, g_free);

  bs_notification_format_desktop (test, &title, &body);
  g_assert_cmpstr (title, ==, "Test notification from Business Studio");
  g_assert_cmpstr (body, ==, "This is how alerts will reach you.");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/notification-format/slack-firing", test_slack_firing);
  g_test_add_func ("/bs/notification-format/slack-kinds", test_slack_kinds);
  g_test_add_func ("/bs/notification-format/slack-dashboard", test_slack_dashboard);
  g_test_add_func ("/bs/notification-format/slack-many-alerts", test_slack_many_alerts);
  g_test_add_func ("/bs/notification-format/slack-escaping", test_slack_escaping);
  g_test_add_func ("/bs/notification-format/slack-limits", test_slack_limits);
  g_test_add_func ("/bs/notification-format/hostile", test_slack_hostile);
  g_test_add_func ("/bs/notification-format/webhook", test_webhook);
  g_test_add_func ("/bs/notification-format/desktop", test_desktop);

  return g_test_run ();
}
