#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-action-dialog.h"
#include "bs-alert-format.h"
#include "bs-alert-rule-page.h"
#include "bs-explanation.h"
#include "bs-frame-view.h"
#include "bs-silence-dialog.h"

/* The page follows the engine's evaluations this often while it is on show. */
#define REFRESH_INTERVAL_S 10
#define HISTORY_LIMIT 50
#define NOTIFICATIONS_LIMIT 20

typedef enum
{
  PART_RULE,
  PART_HISTORY,
  PART_NOTIFICATIONS,
  PART_CONTACT_POINTS,
  N_PARTS
} Part;

struct _BsAlertRulePage
{
  GtkWidget            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *title_label;
  GtkBox              *badge_box;
  GtkLabel            *sentence_label;
  GtkLabel            *status_label;
  GtkLabel            *error_label;
  AdwButtonContent    *pause_content;
  BsExplanation       *explanation;
  AdwActionRow        *contact_row;
  AdwActionRow        *timing_row;
  AdwActionRow        *labels_row;
  AdwActionRow        *owner_row;
  AdwPreferencesGroup *series_group;
  AdwPreferencesGroup *history_group;
  AdwPreferencesGroup *notifications_group;

  BsEngineClient      *client;
  GCancellable        *cancellable;   /* loads of the rule on show */
  GCancellable        *actions;       /* pause, delete: only cancelled when the page goes */
  gint64              id;
  JsonNode            *rule;
  JsonNode            *contact_points;
  GPtrArray           *parts[3];      /* rows added to series, history, notifications */
  int                 n_rows[3];
  GPtrArray           *delivery_texts;
  char                *error;
  guint               loading;
  guint               acting;
  guint               refresh_id;
  GtkWidget           *badge;
};

enum {
  BACK,
  EDIT_RULE,
  RULE_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsAlertRulePage, bs_alert_rule_page, GTK_TYPE_WIDGET)

enum { SERIES, HISTORY, NOTIFICATIONS };

static JsonObject *
rule_object (BsAlertRulePage *self)
{
  return self->rule != NULL ? json_node_get_object (self->rule) : NULL;
}

static AdwPreferencesGroup *
part_group (BsAlertRulePage *self,
            guint            part)
{
  AdwPreferencesGroup *groups[] = {
    self->series_group, self->history_group, self->notifications_group
  };

  return groups[part];
}

static void
clear_part (BsAlertRulePage *self,
            guint            part)
{
  GPtrArray *rows = self->parts[part];

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (part_group (self, part), g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
  self->n_rows[part] = -1;
  if (part == NOTIFICATIONS)
    g_ptr_array_set_size (self->delivery_texts, 0);
}

static GtkWidget *
add_row (BsAlertRulePage *self,
         guint            part,
         const char      *title,
         const char      *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (part_group (self, part), row);
  g_ptr_array_add (self->parts[part], row);

  return row;
}

static void
add_empty_row (BsAlertRulePage *self,
               guint            part,
               const char      *title,
               const char      *subtitle)
{
  GtkWidget *row = add_row (self, part, title, subtitle);

  gtk_widget_add_css_class (row, "dim-label");
}

static char *
format_value (JsonObject *object)
{
  JsonNode *value = json_object_get_member (object, "value");

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  return bs_frame_format_value (value, "number");
}

static char *
series_title (JsonObject *item)
{
  return bs_alert_format_labels (bs_alert_get_object (item, "labels"),
                                 _("The whole result (no split)"));
}

static void
set_busy_part (BsAlertRulePage *self,
               gboolean         busy)
{
  if (busy)
    self->loading++;
  else if (self->loading > 0)
    self->loading--;
}

/* --- the rule -------------------------------------------------------------------------- */

static char *
describe_status (JsonObject *rule)
{
  JsonObject *status = bs_alert_get_object (rule, "status");
  g_autofree char *when = bs_alert_format_member_time (status, "last_evaluated_at");
  JsonNode *duration = status != NULL ? json_object_get_member (status, "last_duration_ms")
                                      : NULL;
  gint64 series = json_object_get_int_member_with_default (status, "series", 0);
  gint64 firing = json_object_get_int_member_with_default (status, "firing", 0);
  gint64 pending = json_object_get_int_member_with_default (status, "pending", 0);
  g_autoptr(GString) text = g_string_new (NULL);

  if (json_object_get_boolean_member_with_default (rule, "paused", FALSE))
    g_string_append (text, _("Paused: the engine does not check this rule until it is "
                             "resumed."));
  else if (when == NULL)
    g_string_append (text, _("Not checked yet."));
  else if (duration != NULL && JSON_NODE_HOLDS_VALUE (duration))
    /* Translators: “Last checked 10:42, in 12 ms.” */
    g_string_append_printf (text, _("Last checked %s, in %.0f ms."), when,
                            json_node_get_double (duration));
  else
    g_string_append_printf (text, _("Last checked %s."), when);

  if (series > 0)
    {
      g_string_append_c (text, ' ');
      /* Translators: “12 series: 3 firing, 1 pending.” */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d series: %d firing, "
                                                 "%d pending.", "%d series: %d firing, "
                                                 "%d pending.", series),
                              (int) series, (int) firing, (int) pending);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_timing (JsonObject *rule)
{
  gint64 interval = json_object_get_int_member_with_default (rule, "interval_seconds", 60);
  gint64 pending = json_object_get_int_member_with_default (rule, "for_seconds", 0);
  gint64 repeat = json_object_get_int_member_with_default (rule, "repeat_interval_seconds",
                                                           4 * 3600);
  g_autofree char *every = bs_alert_format_duration (interval);
  g_autofree char *after = bs_alert_format_duration (pending);
  g_autofree char *again = bs_alert_format_duration (repeat);

  if (pending == 0)
    /* Translators: “Every 1 minute; it fires at once; a reminder every 4 hours while
     * it fires.” */
    return g_strdup_printf (_("Every %s; it fires as soon as the condition holds; a reminder "
                              "every %s while it fires."), every, again);
  /* Translators: “Every 1 minute; it fires once the condition held for 10 minutes; a
   * reminder every 4 hours while it fires.” */
  return g_strdup_printf (_("Every %s; it fires once the condition held for %s; a reminder "
                            "every %s while it fires."), every, after, again);
}

static const char *
contact_point_name (BsAlertRulePage *self,
                    gint64           id)
{
  JsonArray *items = self->contact_points != NULL
                     ? bs_alert_get_array (json_node_get_object (self->contact_points), "items")
                     : NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *point = json_array_get_object_element (items, i);

      if (point != NULL && json_object_get_int_member_with_default (point, "id", 0) == id)
        return bs_alert_get_string (point, "name");
    }

  return NULL;
}

static void
show_contact_point (BsAlertRulePage *self)
{
  JsonObject *rule = rule_object (self);
  JsonNode *node = rule != NULL ? json_object_get_member (rule, "contact_point_id") : NULL;
  gint64 id = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
  const char *name = id > 0 ? contact_point_name (self, id) : NULL;
  g_autofree char *text = NULL;

  if (rule == NULL)
    return;
  if (id == 0)
    text = g_strdup (_("Nobody: this rule has no contact point, so it only shows its state "
                       "here."));
  else if (name != NULL)
    text = g_strdup (name);
  else
    /* Translators: a contact point not (yet) known by name. */
    text = g_strdup_printf (_("Contact point %" PRId64), id);
  adw_action_row_set_subtitle (self->contact_row, text);
}

static void
show_series (BsAlertRulePage *self,
             JsonObject      *rule)
{
  JsonArray *instances = bs_alert_get_array (rule, "instances");
  guint n = instances != NULL ? json_array_get_length (instances) : 0;

  clear_part (self, SERIES);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (instances, i);
      g_autofree char *title = NULL;
      g_autofree char *value = NULL;
      g_autofree char *since = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *error;
      GtkWidget *row;

      if (item == NULL)
        continue;
      title = series_title (item);
      value = format_value (item);
      since = bs_alert_format_member_time (item, "started_at");
      error = bs_alert_get_string (item, "error");
      /* Translators: the value of a series of a rule, “Value 87”. */
      g_string_append_printf (subtitle, _("Value %s"), value != NULL ? value : "—");
      if (since != NULL)
        /* Translators: when a series entered its state, “ · since 10:12”. */
        g_string_append_printf (subtitle, _(" · since %s"), since);
      if (error != NULL)
        g_string_append_printf (subtitle, "\n%s", error);
      row = add_row (self, SERIES, title, subtitle->str);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 bs_alert_badge_new (bs_alert_get_string (item, "state")));
    }

  if (n == 0)
    add_empty_row (self, SERIES,
                   json_object_get_boolean_member_with_default (rule, "paused", FALSE)
                   ? _("No series: the rule is paused")
                   : _("No series yet"),
                   _("A series is one line the rule watches, such as one product. They "
                     "appear after the engine checks the rule."));
  self->n_rows[SERIES] = n;
}

static void
show_rule (BsAlertRulePage *self)
{
  JsonObject *rule = rule_object (self);
  JsonObject *status = bs_alert_get_object (rule, "status");
  JsonObject *owner = bs_alert_get_object (rule, "owner");
  gboolean paused = json_object_get_boolean_member_with_default (rule, "paused", FALSE);
  g_autofree char *sentence = bs_alert_rule_sentence (rule);
  g_autofree char *state_text = describe_status (rule);
  g_autofree char *timing = describe_timing (rule);
  g_autofree char *labels = bs_alert_format_labels (bs_alert_get_object (rule, "labels"),
                                                    _("None"));
  g_autofree char *owner_text = NULL;
  const char *error = bs_alert_get_string (status, "last_error");
  g_autofree char *error_text = NULL;

  gtk_label_set_label (self->title_label, bs_alert_get_string (rule, "title"));
  gtk_label_set_label (self->sentence_label, sentence != NULL ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label), sentence != NULL);
  gtk_label_set_label (self->status_label, state_text);
  bs_alert_badge_set_state (self->badge, bs_alert_rule_badge_state (rule));
  if (error != NULL)
    /* Translators: why the last evaluation of a rule failed. */
    error_text = g_strdup_printf (_("The last check failed: %s"), error);
  gtk_label_set_label (self->error_label, error_text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  adw_button_content_set_label (self->pause_content, paused ? _("_Resume") : _("_Pause"));
  adw_button_content_set_icon_name (self->pause_content,
                                    paused ? "media-playback-start-symbolic"
                                           : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (self->pause_content)),
                               paused ? _("Check this rule again at its interval")
                                      : _("Stop checking this rule until it is resumed"));

  adw_action_row_set_subtitle (self->timing_row, timing);
  adw_action_row_set_subtitle (self->labels_row, labels);
  if (g_strcmp0 (bs_alert_get_string (rule, "visibility"), "shared") == 0)
    /* Translators: “Ann · shared with everyone on this engine”. */
    owner_text = g_strdup_printf (_("%s · shared with everyone on this engine"),
                                  bs_alert_get_string (owner, "name") ?: "?");
  else
    /* Translators: “Ann · personal: only Ann and the editors see it”. */
    owner_text = g_strdup_printf (_("%s · personal: only they and the editors see it"),
                                  bs_alert_get_string (owner, "name") ?: "?");
  adw_action_row_set_subtitle (self->owner_row, owner_text);
  show_contact_point (self);
  show_series (self, rule);
  gtk_stack_set_visible_child_name (self->stack, "rule");
}

static void
show_error (BsAlertRulePage *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  /* A rule already on show stays; a failed refresh is only worth a toast. */
  if (self->rule != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

typedef struct
{
  BsAlertRulePage *self;
  Part             part;
  gint64           id;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
show_history (BsAlertRulePage *self,
              JsonArray       *items)
{
  guint n = json_array_get_length (items);

  clear_part (self, HISTORY);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *title = NULL;
      g_autofree char *when = NULL;
      g_autofree char *labels = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *reason;
      const char *error;
      GtkWidget *row;

      if (item == NULL)
        continue;
      /* Translators: a change of state, “Pending → Firing”. */
      title = g_strdup_printf (_("%s → %s"),
                               bs_alert_state_word (bs_alert_get_string (item, "from")),
                               bs_alert_state_word (bs_alert_get_string (item, "to")));
      when = bs_alert_format_member_time (item, "at");
      labels = series_title (item);
      value = format_value (item);
      reason = bs_alert_get_string (item, "reason");
      error = bs_alert_get_string (item, "error");
      g_string_append_printf (subtitle, "%s · %s", when != NULL ? when : "?", labels);
      if (value != NULL)
        /* Translators: the value that caused a change of state, “value 87”. */
        g_string_append_printf (subtitle, _(" · value %s"), value);
      if (reason != NULL)
        /* Translators: why the state changed, “because: there was no data”. */
        g_string_append_printf (subtitle, _(" · because: %s"), bs_alert_reason_words (reason));
      if (error != NULL)
        g_string_append_printf (subtitle, "\n%s", error);
      row = add_row (self, HISTORY, title, subtitle->str);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 bs_alert_badge_new (bs_alert_get_string (item, "to")));
    }

  if (n == 0)
    add_empty_row (self, HISTORY, _("No state changes yet"),
                   _("Each time a series starts or stops firing, it is written here."));
  self->n_rows[HISTORY] = n;
}

static const char *
describe_kind (const char *kind)
{
  if (g_strcmp0 (kind, "firing") == 0)
    return _("Started firing");
  if (g_strcmp0 (kind, "resolved") == 0)
    return _("Resolved");
  if (g_strcmp0 (kind, "repeat") == 0)
    return _("Reminder: still firing");
  if (g_strcmp0 (kind, "test") == 0)
    return _("Test");
  return kind != NULL ? kind : "?";
}

static void
show_notifications (BsAlertRulePage *self,
                    JsonArray       *items)
{
  guint n = json_array_get_length (items);

  clear_part (self, NOTIFICATIONS);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 alerts = json_object_get_int_member_with_default (item, "alerts", 0);
      g_autofree char *title = NULL;
      g_autofree char *delivery = NULL;
      g_autofree char *made = NULL;
      g_autofree char *subtitle = NULL;
      const char *status;
      GtkWidget *icon;
      GtkWidget *row;

      if (item == NULL)
        continue;
      /* Translators: a notification and how many alerts it holds, “Resolved · 3 alerts”. */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d alert", "%s · %d alerts",
                                            alerts),
                               describe_kind (bs_alert_get_string (item, "kind")), (int) alerts);
      delivery = bs_alert_describe_delivery (item);
      made = bs_alert_format_member_time (item, "created_at");
      /* Translators: a delivery's status, then when the notification was made:
       * “Delivered 10:42 · made 10:41”. */
      subtitle = g_strdup_printf (_("%s · made %s"), delivery, made != NULL ? made : "?");
      row = add_row (self, NOTIFICATIONS, title, subtitle);

      status = bs_alert_get_string (item, "status");
      icon = gtk_image_new_from_icon_name (bs_alert_delivery_icon (item));
      gtk_widget_add_css_class (icon, "delivery-icon");
      if (g_strcmp0 (status, "delivered") == 0)
        gtk_widget_add_css_class (icon, "success");
      else if (g_strcmp0 (status, "failed") == 0)
        gtk_widget_add_css_class (icon, "error");
      else if (g_strcmp0 (status, "pending") == 0)
        gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      delivery, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      g_ptr_array_add (self->delivery_texts, g_steal_pointer (&delivery));
    }

  if (n == 0)
    add_empty_row (self, NOTIFICATIONS, _("Nothing sent yet"),
                   _("When the rule starts or stops firing, the message sent to its contact "
                     "point appears here with whether it arrived."));
  self->n_rows[NOTIFICATIONS] = n;
}

static void
part_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  BsAlertRulePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy_part (self, FALSE);
  if (data->id != self->id)
    return;

  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error (&error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                 _("The engine’s answer could not be understood."));
  if (error == NULL && data->part != PART_RULE)
    items = bs_engine_client_get_items (root, data->part == PART_HISTORY ? _("state changes")
                                        : data->part == PART_NOTIFICATIONS ? _("notifications")
                                        : _("contact points"), &error);
  if (error != NULL)
    {
      if (data->part == PART_CONTACT_POINTS)
        g_debug ("No contact point names: %s", error->message);
      else if (data->part == PART_RULE)
        show_error (self, error->message);
      else
        {
          guint part = data->part == PART_HISTORY ? HISTORY : NOTIFICATIONS;

          clear_part (self, part);
          add_empty_row (self, part, _("Could not load this part"), error->message);
        }
      return;
    }

  switch (data->part)
    {
    case PART_RULE:
      g_clear_pointer (&self->error, g_free);
      g_clear_pointer (&self->rule, json_node_unref);
      self->rule = g_steal_pointer (&root);
      show_rule (self);
      break;
    case PART_HISTORY:
      show_history (self, items);
      break;
    case PART_NOTIFICATIONS:
      show_notifications (self, items);
      break;
    case PART_CONTACT_POINTS:
      g_clear_pointer (&self->contact_points, json_node_unref);
      self->contact_points = g_steal_pointer (&root);
      show_contact_point (self);
      break;
    case N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static void
load_part (BsAlertRulePage *self,
           Part             part,
           const char      *path)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->part = part;
  data->id = self->id;
  set_busy_part (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  part_loaded_cb, data);
}

/* --- actions --------------------------------------------------------------------------- */

static GtkWindow *
parent_window (BsAlertRulePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
paused_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsAlertRulePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results = NULL;
  JsonObject *first = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->acting--;

  if (error == NULL && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    results = bs_alert_get_array (json_node_get_object (root), "results");
  if (results != NULL && json_array_get_length (results) > 0)
    first = json_array_get_object_element (results, 0);
  if (first != NULL && !json_object_get_boolean_member_with_default (first, "ok", FALSE))
    g_set_error_literal (&error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_FORBIDDEN,
                         bs_alert_get_string (bs_alert_get_object (first, "error"), "message")
                         ?: _("The engine refused the change."));
  if (error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));

  bs_alert_rule_page_refresh (self);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsAlertRulePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->acting--;

  if (error == NULL ||
      g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    {
      gint64 deleted = self->id;

      g_signal_emit (self, signals[RULE_DELETED], 0, deleted);
      g_signal_emit (self, signals[BACK], 0);
      return;
    }

  bs_action_dialog_show_failure (GTK_WIDGET (self), _("Could Not Delete the Rule"),
                                 error->message);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BsAlertRulePage  *self)
{
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "delete") || self->client == NULL || self->id == 0)
    return;

  path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, self->id);
  self->acting++;
  bs_engine_client_request_async (self->client, "DELETE", path, NULL, self->actions,
                                  deleted_cb, g_object_ref (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsAlertRulePage *self = BS_ALERT_RULE_PAGE (widget);

  if (g_str_equal (action_name, "rule.refresh"))
    bs_alert_rule_page_refresh (self);
  else if (g_str_equal (action_name, "rule.edit") && self->id != 0)
    g_signal_emit (self, signals[EDIT_RULE], 0, self->id);
  else if (g_str_equal (action_name, "rule.toggle-paused"))
    bs_alert_rule_page_toggle_paused (self);
  else if (g_str_equal (action_name, "rule.delete"))
    bs_alert_rule_page_delete (self);
  else if (g_str_equal (action_name, "rule.silence"))
    bs_alert_rule_page_silence (self);
}

static gboolean
refresh_tick (gpointer user_data)
{
  BsAlertRulePage *self = user_data;

  if (self->loading == 0 && self->acting == 0 && self->id != 0)
    bs_alert_rule_page_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
bs_alert_rule_page_map (GtkWidget *widget)
{
  BsAlertRulePage *self = BS_ALERT_RULE_PAGE (widget);

  GTK_WIDGET_CLASS (bs_alert_rule_page_parent_class)->map (widget);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_INTERVAL_S, refresh_tick, self);
}

static void
bs_alert_rule_page_unmap (GtkWidget *widget)
{
  BsAlertRulePage *self = BS_ALERT_RULE_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (bs_alert_rule_page_parent_class)->unmap (widget);
}

static void
explain (BsAlertRulePage *self)
{
  const char *steps[] = {
    _("The badge says how the rule stands now. A rule split “for each product” watches "
      "one series a product; Series lists them with their last values."),
    _("History lists every change of state: Pending means the line is crossed but not yet "
      "for long enough, Firing that it is and you were told."),
    _("Notifications shows each message sent to the contact point and whether it arrived. "
      "The engine retries on its own when a server does not answer."),
    _("Silence mutes the messages for a while, for example during a stock-take, without "
      "stopping the checks."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("What this rule found, and whom it told."),
                            _("How to Read This Page"),
                            steps);
}

static void
bs_alert_rule_page_dispose (GObject *object)
{
  BsAlertRulePage *self = BS_ALERT_RULE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->actions);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_pointer (&self->rule, json_node_unref);
  g_clear_pointer (&self->contact_points, json_node_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->parts); i++)
    g_clear_pointer (&self->parts[i], g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ALERT_RULE_PAGE);

  G_OBJECT_CLASS (bs_alert_rule_page_parent_class)->dispose (object);
}

static void
bs_alert_rule_page_finalize (GObject *object)
{
  BsAlertRulePage *self = BS_ALERT_RULE_PAGE (object);

  g_clear_pointer (&self->delivery_texts, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bs_alert_rule_page_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BsAlertRulePage, name)

static void
bs_alert_rule_page_class_init (BsAlertRulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *actions[] = {
    "rule.refresh", "rule.edit", "rule.toggle-paused", "rule.delete", "rule.silence",
  };

  object_class->dispose = bs_alert_rule_page_dispose;
  object_class->finalize = bs_alert_rule_page_finalize;
  widget_class->map = bs_alert_rule_page_map;
  widget_class->unmap = bs_alert_rule_page_unmap;

  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EDIT_RULE] =
    g_signal_new ("edit-rule", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[RULE_DELETED] =
    g_signal_new ("rule-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (BS_TYPE_EXPLANATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-alert-rule-page.ui");
  BIND (toast_overlay);
  BIND (stack);
  BIND (error_page);
  BIND (title_label);
  BIND (badge_box);
  BIND (sentence_label);
  BIND (status_label);
  BIND (error_label);
  BIND (pause_content);
  BIND (explanation);
  BIND (contact_row);
  BIND (timing_row);
  BIND (labels_row);
  BIND (owner_row);
  BIND (series_group);
  BIND (history_group);
  BIND (notifications_group);

  gtk_widget_class_install_action (widget_class, "rule.back", NULL, back_action);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "rule.back",
                                       NULL);
  gtk_widget_class_set_css_name (widget_class, "alertrulepage");
}

#undef BIND

static void
bs_alert_rule_page_init (BsAlertRulePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->parts); i++)
    {
      self->parts[i] = g_ptr_array_new ();
      self->n_rows[i] = -1;
    }
  self->delivery_texts = g_ptr_array_new_with_free_func (g_free);
  self->actions = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->badge = bs_alert_badge_new (NULL);
  gtk_box_append (self->badge_box, self->badge);
  explain (self);
  bs_alert_rule_page_set_verbosity (self, BS_PROFILE_VERBOSITY_BALANCED);
}

GtkWidget *
bs_alert_rule_page_new (BsEngineClient *client)
{
  BsAlertRulePage *self;

  g_return_val_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client), NULL);

  self = g_object_new (BS_TYPE_ALERT_RULE_PAGE, NULL);
  if (client != NULL)
    self->client = g_object_ref (client);

  return GTK_WIDGET (self);
}

void
bs_alert_rule_page_set_client (BsAlertRulePage *self,
                               BsEngineClient  *client)
{
  g_return_if_fail (BS_IS_ALERT_RULE_PAGE (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (g_set_object (&self->client, client) && self->id != 0)
    bs_alert_rule_page_refresh (self);
}

void
bs_alert_rule_page_set_rule (BsAlertRulePage *self,
                             gint64           id)
{
  g_return_if_fail (BS_IS_ALERT_RULE_PAGE (self));

  if (self->id != id)
    {
      g_clear_pointer (&self->rule, json_node_unref);
      for (guint i = 0; i < G_N_ELEMENTS (self->parts); i++)
        clear_part (self, i);
    }
  self->id = id;
  bs_alert_rule_page_refresh (self);
}

gint64
bs_alert_rule_page_get_rule_id (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), 0);

  return self->id;
}

void
bs_alert_rule_page_refresh (BsAlertRulePage *self)
{
  g_autofree char *rule_path = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *notifications_path = NULL;

  g_return_if_fail (BS_IS_ALERT_RULE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = 0;
  if (self->client == NULL || self->id == 0)
    return;

  if (self->rule == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  rule_path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, self->id);
  history_path = g_strdup_printf ("rules/%" G_GINT64_FORMAT "/history?limit=%d", self->id,
                                  HISTORY_LIMIT);
  notifications_path = g_strdup_printf ("rules/%" G_GINT64_FORMAT "/notifications?limit=%d",
                                        self->id, NOTIFICATIONS_LIMIT);
  load_part (self, PART_RULE, rule_path);
  load_part (self, PART_HISTORY, history_path);
  load_part (self, PART_NOTIFICATIONS, notifications_path);
  load_part (self, PART_CONTACT_POINTS, "contact-points");
}

void
bs_alert_rule_page_set_verbosity (BsAlertRulePage    *self,
                                  BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_ALERT_RULE_PAGE (self));

  bs_explanation_set_verbosity (self->explanation, verbosity);
}

JsonObject *
bs_alert_rule_page_get_rule (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), NULL);

  return rule_object (self);
}

int
bs_alert_rule_page_get_n_series (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), -1);

  return self->n_rows[SERIES];
}

int
bs_alert_rule_page_get_n_history (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), -1);

  return self->n_rows[HISTORY];
}

int
bs_alert_rule_page_get_n_notifications (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), -1);

  return self->n_rows[NOTIFICATIONS];
}

const char *
bs_alert_rule_page_get_delivery_text (BsAlertRulePage *self,
                                      guint            index)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), NULL);

  if (index >= self->delivery_texts->len)
    return NULL;
  return g_ptr_array_index (self->delivery_texts, index);
}

gboolean
bs_alert_rule_page_get_busy (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), FALSE);

  return self->loading > 0 || self->acting > 0;
}

const char *
bs_alert_rule_page_get_error (BsAlertRulePage *self)
{
  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), NULL);

  return self->error;
}

void
bs_alert_rule_page_toggle_paused (BsAlertRulePage *self)
{
  JsonObject *rule;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  gboolean paused;

  g_return_if_fail (BS_IS_ALERT_RULE_PAGE (self));

  rule = rule_object (self);
  if (rule == NULL || self->client == NULL || self->acting > 0)
    return;

  paused = json_object_get_boolean_member_with_default (rule, "paused", FALSE);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, self->id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, paused ? "resume" : "pause");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->acting++;
  bs_engine_client_request_async (self->client, "POST", "rules/bulk", body, self->actions,
                                  paused_cb, g_object_ref (self));
}

GtkWidget *
bs_alert_rule_page_delete (BsAlertRulePage *self)
{
  JsonObject *rule;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), NULL);

  rule = rule_object (self);
  if (rule == NULL)
    return NULL;

  heading = g_strdup_printf (_("Delete “%s”?"), bs_alert_get_string (rule, "title"));
  dialog = bs_action_dialog_confirm (GTK_WIDGET (self), heading,
                                     _("Its history goes with it, and nobody is notified by "
                                       "it any more. This cannot be undone."),
                                     "delete", _("_Delete Rule"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);

  return dialog;
}

static void
silence_window_destroyed_cb (BsAlertRulePage *self)
{
  if (self->id != 0)
    bs_alert_rule_page_refresh (self);
}

GtkWindow *
bs_alert_rule_page_silence (BsAlertRulePage *self)
{
  JsonObject *rule;
  GtkWindow *window;

  g_return_val_if_fail (BS_IS_ALERT_RULE_PAGE (self), NULL);

  rule = rule_object (self);
  if (rule == NULL || self->client == NULL)
    return NULL;

  window = bs_silence_dialog_new (self->client, parent_window (self),
                                  bs_alert_get_string (rule, "uid"));
  g_signal_connect_object (window, "destroy", G_CALLBACK (silence_window_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (window);

  return window;
}
