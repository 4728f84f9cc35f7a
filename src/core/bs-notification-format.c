#define G_LOG_DOMAIN "bs-notification-format"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-notification-format.h"

/* Slack's limits: a header's text is at most 150 characters, a section's 3,000. */
#define SLACK_HEADER_MAX   150
#define SLACK_SECTION_MAX  3000

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
get_alerts (JsonObject *payload)
{
  JsonNode *node = payload != NULL ? json_object_get_member (payload, "alerts") : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
payload_object (JsonNode *payload)
{
  return payload != NULL && JSON_NODE_HOLDS_OBJECT (payload) ? json_node_get_object (payload)
                                                             : NULL;
}

/* The value as text, or NULL when there is none (null, or not a number). */
static char *
format_value (JsonObject *alert)
{
  JsonNode *node = json_object_get_member (alert, "value");
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return NULL;
  return g_strdup_printf ("%.10g", json_node_get_double (node));
}

static const char *
rule_title (JsonObject *payload)
{
  const char *title = get_string (get_object (payload, "rule"), "title");

  return title != NULL ? title : _("Alert rule");
}

static char *
headline (JsonObject *payload)
{
  const char *kind = get_string (payload, "kind");
  const char *title = rule_title (payload);

  if (g_strcmp0 (kind, "test") == 0)
    return g_strdup (_("Test notification from Business Studio"));
  if (g_strcmp0 (kind, "resolved") == 0)
    /* Translators: the headline of a message about an alert rule that stopped firing */
    return g_strdup_printf (_("Resolved: %s"), title);
  if (g_strcmp0 (kind, "repeat") == 0)
    /* Translators: the headline of a reminder about an alert rule that still fires */
    return g_strdup_printf (_("Still firing: %s"), title);
  /* Translators: the headline of a message about an alert rule that started firing */
  return g_strdup_printf (_("Firing: %s"), title);
}

/* Cuts @text to at most @max characters, ending with "…" when it was longer. */
static char *
truncate_chars (const char *text,
                glong       max)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);

  head = g_utf8_substring (text, 0, max - 1);
  return g_strconcat (head, "…", NULL);
}

/* Slack's mrkdwn gives &, < and > a meaning (links, mentions): escape them so that a label
 * value cannot ping @channel or hide a link. */
static void
append_mrkdwn_escaped (GString    *out,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '&')
        g_string_append (out, "&amp;");
      else if (*p == '<')
        g_string_append (out, "&lt;");
      else if (*p == '>')
        g_string_append (out, "&gt;");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_labels (GString    *out,
               JsonObject *labels)
{
  g_autoptr(GList) names = labels != NULL ? json_object_get_members (labels) : NULL;
  gboolean first = TRUE;

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *value = get_string (labels, name);

      /* The header already names the rule. */
      if (value == NULL || g_str_equal (name, "alertname"))
        continue;

      g_string_append (out, first ? "\n" : ", ");
      g_string_append (out, "`");
      append_mrkdwn_escaped (out, name);
      g_string_append (out, "`: ");
      append_mrkdwn_escaped (out, value);
      first = FALSE;
    }
}

static char *
alert_text (JsonObject *alert)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *annotations = get_object (alert, "annotations");
  JsonObject *labels = get_object (alert, "labels");
  const char *summary = get_string (annotations, "summary");
  const char *status = get_string (alert, "status");
  g_autofree char *value = format_value (alert);

  g_string_append (out, g_strcmp0 (status, "resolved") == 0 ? "✅ " : "🔥 ");
  g_string_append (out, "*");
  if (summary != NULL && summary[0] != '\0')
    append_mrkdwn_escaped (out, summary);
  else
    append_mrkdwn_escaped (out, g_strcmp0 (status, "resolved") == 0 ? _("Resolved")
                                                                     : _("Firing"));
  g_string_append (out, "*");
  append_labels (out, labels);
  if (value != NULL)
    {
      g_string_append (out, "\n");
      /* Translators: the value an alert rule measured, e.g. "Value: 42" */
      g_string_append_printf (out, _("Value: %s"), value);
    }

  return truncate_chars (out->str, SLACK_SECTION_MAX);
}

static void
add_text_object (JsonBuilder *builder,
                 const char  *type,
                 const char  *text)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
}

static void
add_header_block (JsonBuilder *builder,
                  const char  *text)
{
  g_autofree char *cut = truncate_chars (text, SLACK_HEADER_MAX);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "header");
  json_builder_set_member_name (builder, "text");
  add_text_object (builder, "plain_text", cut);
  json_builder_end_object (builder);
}

static void
add_section_block (JsonBuilder *builder,
                   const char  *mrkdwn)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "section");
  json_builder_set_member_name (builder, "text");
  add_text_object (builder, "mrkdwn", mrkdwn);
  json_builder_end_object (builder);
}

static void
add_alert_blocks (JsonBuilder *builder,
                  JsonObject  *payload)
{
  JsonArray *alerts = get_alerts (payload);
  guint n_alerts = alerts != NULL ? json_array_get_length (alerts) : 0;
  guint shown = MIN (n_alerts, BS_NOTIFICATION_FORMAT_MAX_ALERTS);
  const char *description = get_string (get_object (payload, "rule"), "description");

  if (description != NULL && description[0] != '\0')
    {
      g_autoptr(GString) text = g_string_new (NULL);

      append_mrkdwn_escaped (text, description);
      add_section_block (builder, text->str);
    }

  for (guint i = 0; i < shown; i++)
    {
      JsonNode *node = json_array_get_element (alerts, i);
      g_autofree char *text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      text = alert_text (json_node_get_object (node));
      add_section_block (builder, text);
    }

  if (n_alerts > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more alert",
                                                            "…and %u more alerts",
                                                            n_alerts - shown),
                                               n_alerts - shown);
      add_section_block (builder, more);
    }
}

/* Slack shows <!date^…> in the reader's own time zone; the ISO text is the fallback. */
static void
add_context_block (JsonBuilder *builder,
                   JsonObject  *payload)
{
  const char *evaluated_at = get_string (payload, "evaluated_at");
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (evaluated_at == NULL
      || (time = g_date_time_new_from_iso8601 (evaluated_at, NULL)) == NULL)
    return;

  date = g_strdup_printf ("<!date^%" G_GINT64_FORMAT "^{date_short_pretty} {time}|%s>",
                          g_date_time_to_unix (time), evaluated_at);
  /* Translators: %s is a date and time that Slack shows, e.g. "Nov 24th 10:00" */
  text = g_strdup_printf (_("Evaluated %s"), date);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "context");
  json_builder_set_member_name (builder, "elements");
  json_builder_begin_array (builder);
  add_text_object (builder, "mrkdwn", text);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static char *
dashboard_url (JsonObject *payload,
               const char *base_url)
{
  const char *uid = get_string (payload, "dashboard_uid");
  JsonNode *panel = json_object_get_member (payload, "panel_id");
  g_autofree char *escaped = NULL;
  g_autofree char *base = NULL;

  if (base_url == NULL || base_url[0] == '\0' || uid == NULL || uid[0] == '\0')
    return NULL;

  base = g_strdup (base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  escaped = g_uri_escape_string (uid, NULL, FALSE);
  if (panel != NULL && JSON_NODE_HOLDS_VALUE (panel)
      && json_node_get_value_type (panel) == G_TYPE_INT64)
    return g_strdup_printf ("%s/d/%s?viewPanel=%" G_GINT64_FORMAT, base, escaped,
                            json_node_get_int (panel));
  return g_strdup_printf ("%s/d/%s", base, escaped);
}

static void
add_dashboard_block (JsonBuilder *builder,
                     const char  *url)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "actions");
  json_builder_set_member_name (builder, "elements");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "button");
  json_builder_set_member_name (builder, "text");
  add_text_object (builder, "plain_text", _("Open the dashboard"));
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static char *
fallback_text (JsonObject *payload)
{
  g_autofree char *head = headline (payload);
  JsonArray *alerts = get_alerts (payload);
  guint n_alerts = alerts != NULL ? json_array_get_length (alerts) : 0;

  if (n_alerts == 0)
    return g_steal_pointer (&head);
  /* Translators: the one-line form of a message: "Firing: Low stock (3 alerts)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u alert)", "%s (%u alerts)",
                                       n_alerts),
                          head, n_alerts);
}

JsonNode *
bs_notification_format_slack (JsonNode   *payload,
                              const char *dashboard_base_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *object = payload_object (payload);
  g_autofree char *head = headline (object);
  g_autofree char *text = fallback_text (object);
  g_autofree char *url = object != NULL ? dashboard_url (object, dashboard_base_url) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  add_header_block (builder, head);
  add_alert_blocks (builder, object);
  add_context_block (builder, object);
  if (url != NULL)
    add_dashboard_block (builder, url);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
bs_notification_format_webhook (JsonNode   *payload,
                                const char *idempotency_key)
{
  JsonObject *copy = json_object_new ();
  JsonObject *object = payload_object (payload);
  g_autoptr(GList) members = object != NULL ? json_object_get_members (object) : NULL;

  g_return_val_if_fail (idempotency_key != NULL, NULL);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (object, l->data)));
  json_object_set_string_member (copy, "idempotency_key", idempotency_key);
  return json_node_init_object (json_node_alloc (), copy);
}

static char *
desktop_body (JsonObject *payload)
{
  g_autoptr(GString) body = g_string_new (NULL);
  JsonArray *alerts = get_alerts (payload);
  guint n_alerts = alerts != NULL ? json_array_get_length (alerts) : 0;
  guint shown = MIN (n_alerts, 3);

  for (guint i = 0; i < shown; i++)
    {
      JsonNode *node = json_array_get_element (alerts, i);
      JsonObject *alert = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *summary = get_string (get_object (alert, "annotations"), "summary");
      g_autofree char *value = alert != NULL ? format_value (alert) : NULL;

      if (body->len > 0)
        g_string_append_c (body, '\n');
      if (summary != NULL && summary[0] != '\0')
        g_string_append (body, summary);
      else if (value != NULL)
        /* Translators: the value an alert rule measured, e.g. "Value: 42" */
        g_string_append_printf (body, _("Value: %s"), value);
    }

  if (n_alerts > shown)
    {
      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more alert",
                                                 "…and %u more alerts", n_alerts - shown),
                              n_alerts - shown);
    }

  if (body->len == 0)
    {
      const char *description = get_string (get_object (payload, "rule"), "description");

      g_string_append (body, description != NULL ? description
                                                 : _("This is how alerts will reach you."));
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}

void
bs_notification_format_desktop (JsonNode  *payload,
                                char     **out_title,
                                char     **out_body)
{
  JsonObject *object = payload_object (payload);

  g_return_if_fail (out_title != NULL);
  g_return_if_fail (out_body != NULL);

  *out_title = headline (object);
  *out_body = desktop_body (object);
}
