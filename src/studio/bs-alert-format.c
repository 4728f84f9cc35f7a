#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "bs-alert-format.h"
#include "bs-alert-rule.h"

typedef struct
{
  const char *state;
  const char *word;
  const char *icon;
  const char *css;
} StateLook;

/* Series states ("alerting", "recovering") and rule states ("firing", "paused") share one
 * table: the words a person reads are the same either way. */
static const StateLook looks[] = {
  { "firing", N_("Firing"), "dialog-warning-symbolic", "firing" },
  { "alerting", N_("Firing"), "dialog-warning-symbolic", "firing" },
  { "recovering", N_("Recovering"), "emblem-synchronizing-symbolic", "pending" },
  { "pending", N_("Pending"), "alarm-symbolic", "pending" },
  { "normal", N_("Normal"), "emblem-ok-symbolic", "normal" },
  { "no-data", N_("No Data"), "dialog-question-symbolic", "muted" },
  { "error", N_("Error"), "dialog-error-symbolic", "firing" },
  { "paused", N_("Paused"), "media-playback-pause-symbolic", "muted" },
  /* Not a word of the API: a rule the engine has not checked yet. */
  { "unchecked", N_("New"), "content-loading-symbolic", "muted" },
};

static const StateLook *
find_look (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    if (g_strcmp0 (looks[i].state, state) == 0)
      return &looks[i];

  return NULL;
}

const char *
bs_alert_state_word (const char *state)
{
  const StateLook *look = find_look (state);

  if (look == NULL)
    return state != NULL ? state : _("Unknown");
  return _(look->word);
}

/* Grafana's reasons, as the engine gives them, in words. */
static const struct
{
  const char *reason;
  const char *words;
} reason_words[] = {
  { "NoData", N_("there was no data") },
  { "Error", N_("the query failed") },
  { "NoData, KeepLast", N_("there was no data, so the last state was kept") },
  { "Error, KeepLast", N_("the query failed, so the last state was kept") },
  { "MissingSeries", N_("the series was no longer in the answer") },
  { "Paused", N_("the rule was paused") },
  { "Updated", N_("the rule was changed") },
};

const char *
bs_alert_reason_words (const char *reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reason_words); i++)
    if (g_strcmp0 (reason, reason_words[i].reason) == 0)
      return _(reason_words[i].words);
  return reason;
}

GtkWidget *
bs_alert_icon_new (const char *icon_name)
{
  return g_object_new (GTK_TYPE_IMAGE,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       "icon-name", icon_name,
                       NULL);
}

GtkWidget *
bs_alert_badge_new (const char *state)
{
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = bs_alert_icon_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (badge, GTK_ALIGN_END);
  gtk_widget_add_css_class (badge, "alert-state");
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (badge), icon);
  gtk_box_append (GTK_BOX (badge), label);
  bs_alert_badge_set_state (badge, state);

  return badge;
}

void
bs_alert_badge_set_state (GtkWidget  *badge,
                          const char *state)
{
  const StateLook *look = find_look (state);
  GtkWidget *icon;
  GtkWidget *label;

  g_return_if_fail (GTK_IS_BOX (badge));

  icon = gtk_widget_get_first_child (badge);
  label = gtk_widget_get_last_child (badge);

  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    gtk_widget_remove_css_class (badge, looks[i].css);
  if (look != NULL)
    gtk_widget_add_css_class (badge, look->css);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                look != NULL ? look->icon : "dialog-question-symbolic");
  gtk_label_set_label (GTK_LABEL (label), bs_alert_state_word (state));
}

const char *
bs_alert_rule_badge_state (JsonObject *rule)
{
  JsonObject *status = bs_alert_get_object (rule, "status");
  const char *state = bs_alert_get_string (status, "state");
  JsonNode *evaluated = status != NULL ? json_object_get_member (status, "last_evaluated_at")
                                       : NULL;

  if (g_strcmp0 (state, "normal") == 0 &&
      (evaluated == NULL || JSON_NODE_HOLDS_NULL (evaluated)))
    return "unchecked";
  return state;
}

/* --- times ------------------------------------------------------------------------------ */

GDateTime *
bs_alert_parse_time (JsonNode *node)
{
  g_autoptr(GTimeZone) utc = NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      gint64 value = json_node_get_int (node);

      return value > 0 ? g_date_time_new_from_unix_utc (value / G_USEC_PER_SEC) : NULL;
    }
  if (type != G_TYPE_STRING)
    return NULL;

  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (json_node_get_string (node), utc);
}

char *
bs_alert_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  int year, month, day;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_local (time);
  g_date_time_get_ymd (local, &year, &month, &day);
  if (g_date_time_get_year (now) == year && g_date_time_get_month (now) == month &&
      g_date_time_get_day_of_month (now) == day)
    /* Translators: a time today, see g_date_time_format(). */
    return g_date_time_format (local, _("%H:%M"));
  if (g_date_time_get_year (yesterday) == year &&
      g_date_time_get_month (yesterday) == month &&
      g_date_time_get_day_of_month (yesterday) == day)
    /* Translators: a time yesterday, see g_date_time_format(). */
    return g_date_time_format (local, _("Yesterday %H:%M"));
  if (g_date_time_get_year (now) == year)
    /* Translators: a day of this year and a time, see g_date_time_format(). */
    return g_date_time_format (local, _("%-d %b, %H:%M"));
  /* Translators: a day and a time, see g_date_time_format(). */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
bs_alert_format_member_time (JsonObject *object,
                             const char *name)
{
  g_autoptr(GDateTime) time = NULL;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  time = bs_alert_parse_time (json_object_get_member (object, name));
  return time != NULL ? bs_alert_format_time (time) : NULL;
}

char *
bs_alert_format_duration (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds",
                                         (int) seconds), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                         (int) (seconds / 60)), (int) (seconds / 60));
  if (seconds < 86400 || seconds % 86400 != 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours",
                                         (int) (seconds / 3600)), (int) (seconds / 3600));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                       (int) (seconds / 86400)), (int) (seconds / 86400));
}

/* --- deliveries ------------------------------------------------------------------------- */

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) == G_TYPE_STRING)
    return 0;
  return json_node_get_int (node);
}

static char *
describe_failure (JsonObject *entry)
{
  gint64 status = int_member (entry, "last_http_status");
  const char *error = bs_alert_get_string (entry, "last_error");

  if (status > 0)
    {
      const char *phrase = soup_status_get_phrase ((guint) status);

      /* Translators: “the server answered 404 Not Found”. */
      return g_strdup_printf (_("the server answered %d %s"), (int) status,
                              phrase != NULL ? phrase : "");
    }
  if (error != NULL && *error != '\0')
    return g_strdup (error);

  return g_strdup (_("no answer"));
}

char *
bs_alert_describe_delivery (JsonObject *entry)
{
  const char *status;
  g_autofree char *failure = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  status = bs_alert_get_string (entry, "status");
  if (g_strcmp0 (status, "delivered") == 0)
    {
      when = bs_alert_format_member_time (entry, "delivered_at");
      /* Translators: “Delivered 10:42”. */
      return when != NULL ? g_strdup_printf (_("Delivered %s"), when) : g_strdup (_("Delivered"));
    }
  if (g_strcmp0 (status, "failed") == 0)
    {
      failure = describe_failure (entry);
      /* Translators: “Failed: the server answered 404 Not Found”. */
      return g_strdup_printf (_("Failed: %s"), failure);
    }
  if (g_strcmp0 (status, "silenced") == 0)
    return g_strdup (_("Silenced: not sent"));

  if (int_member (entry, "attempts") > 0)
    {
      failure = describe_failure (entry);
      when = bs_alert_format_member_time (entry, "next_attempt_at");
      /* Translators: “Retrying at 10:45 (the server answered 503 Service Unavailable)”. */
      return when != NULL ? g_strdup_printf (_("Retrying at %s (%s)"), when, failure)
                          : g_strdup_printf (_("Retrying soon (%s)"), failure);
    }

  return g_strdup (_("Waiting to be sent"));
}

const char *
bs_alert_delivery_icon (JsonObject *entry)
{
  const char *status = bs_alert_get_string (entry, "status");

  if (g_strcmp0 (status, "delivered") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (status, "failed") == 0)
    return "dialog-error-symbolic";
  if (g_strcmp0 (status, "silenced") == 0)
    return "notifications-disabled-symbolic";
  return "content-loading-symbolic";
}

/* --- rules ------------------------------------------------------------------------------ */

char *
bs_alert_rule_sentence (JsonObject *rule)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BsAlertRule) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), rule);
  parsed = bs_alert_rule_from_json (node, &error);
  if (parsed == NULL)
    {
      g_debug ("Cannot describe rule %s: %s", bs_alert_get_string (rule, "uid"),
               error->message);
      return NULL;
    }

  return bs_alert_rule_describe (parsed);
}

char *
bs_alert_format_labels (JsonObject *labels,
                        const char *empty)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) names = NULL;

  if (labels != NULL)
    names = g_list_sort (json_object_get_members (labels), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (labels, l->data);
      g_autofree char *shown = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        shown = g_strdup (json_node_get_string (value));
      else
        shown = json_to_string (value, FALSE);
      if (text->len > 0)
        g_string_append (text, ", ");
      /* Translators: a label and its value, “product_id = 12”. */
      g_string_append_printf (text, _("%s = %s"), (const char *) l->data, shown);
    }

  if (text->len == 0)
    return g_strdup (empty);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
bs_alert_get_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
bs_alert_get_object (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
bs_alert_get_array (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}
