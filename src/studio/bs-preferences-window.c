#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-preferences-window.h"
#include "bs-window.h"

struct _BsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwActionRow         *address_row;
  AdwActionRow         *version_row;
  AdwActionRow         *process_row;
  AdwActionRow         *data_dir_row;
  AdwActionRow         *token_row;
  AdwPreferencesPage   *profile_page;
  AdwPreferencesGroup  *profile_group;
  AdwComboRow          *persona_row;
  AdwComboRow          *sub_persona_row;
  AdwComboRow          *skill_row;
  AdwPreferencesGroup  *events_group;
  GtkSwitch            *record_switch;

  GSettings            *settings;
  BsEngineLauncher     *launcher;
  BsProfile            *profile;
  GCancellable         *cancellable;
  /* The ids behind the items of the three rows; [0] of the last two is "" for “not
   * specified”. */
  GStrv                 persona_ids;
  GStrv                 sub_persona_ids;
  GStrv                 skill_ids;
  gboolean              filling;
};

G_DEFINE_FINAL_TYPE (BsPreferencesWindow, bs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* In the order of the Style row's items. */
static const char * const style_variants[] = { "follow", "light", "dark", NULL };

static gboolean
style_to_row (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; style_variants[i] != NULL; i++)
    if (g_str_equal (style_variants[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
row_to_style (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) style_variants))
    return NULL;

  return g_variant_new_string (style_variants[selected]);
}

static const char *
or_unknown (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : _("Unknown");
}

static void
show_connected (BsPreferencesWindow *self)
{
  const BsEngineDiscovery *discovery = bs_engine_launcher_get_discovery (self->launcher);
  JsonObject *workspace = bs_engine_launcher_get_workspace (self->launcher);
  const char *data_dir = NULL;
  g_autofree char *process = NULL;
  g_autofree char *token = NULL;

  if (workspace != NULL)
    data_dir = json_object_get_string_member_with_default (workspace, "data_dir", NULL);
  if (data_dir == NULL)
    data_dir = discovery->data_dir;

  if (bs_engine_launcher_get_subprocess (self->launcher) != NULL)
    /* Translators: %d is a process number. */
    process = g_strdup_printf (_("Started by Business Studio, process %d"), (int) discovery->pid);
  else
    /* Translators: %d is a process number. */
    process = g_strdup_printf (_("Was already running, process %d"), (int) discovery->pid);

  /* Translators: %s is “the keyring” or “the file /run/user/1000/…/secrets”. */
  token = g_strdup_printf (_("Kept in %s"), bs_engine_launcher_get_token_location (self->launcher));

  adw_action_row_set_subtitle (self->address_row, or_unknown (discovery->url));
  adw_action_row_set_subtitle (self->version_row, or_unknown (discovery->version));
  adw_action_row_set_subtitle (self->process_row, process);
  adw_action_row_set_subtitle (self->data_dir_row, or_unknown (data_dir));
  adw_action_row_set_subtitle (self->token_row, token);
}

static void
show_disconnected (BsPreferencesWindow *self,
                   const char          *why)
{
  AdwActionRow *rows[] = { self->address_row, self->version_row, self->process_row,
                           self->data_dir_row, self->token_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    adw_action_row_set_subtitle (rows[i], why);
}

static void
update_engine (BsPreferencesWindow *self)
{
  BsEngineLauncherState state = bs_engine_launcher_get_state (self->launcher);
  gboolean busy = state != BS_ENGINE_LAUNCHER_STATE_IDLE &&
                  state != BS_ENGINE_LAUNCHER_STATE_CONNECTED &&
                  state != BS_ENGINE_LAUNCHER_STATE_FAILED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.reconnect", !busy);

  if (state == BS_ENGINE_LAUNCHER_STATE_CONNECTED)
    show_connected (self);
  else if (busy)
    show_disconnected (self, _("Connecting…"));
  else
    show_disconnected (self, _("Not connected"));
}

/* --- profile ---------------------------------------------------------------------------- */

/* Fills @row with the "name"s of @items (objects with an "id"), after @none if not NULL;
 * returns the ids in the same order. */
static GStrv
fill_row (AdwComboRow *row,
          JsonArray   *items,
          const char  *none,
          const char  *selected_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  guint n = items ? json_array_get_length (items) : 0;
  guint selected = GTK_INVALID_LIST_POSITION;
  guint position = 0;

  if (none != NULL)
    {
      gtk_string_list_append (names, none);
      g_strv_builder_add (ids, "");
      selected = 0;
      position++;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *id = json_object_get_string_member_with_default (item, "id", "");

      gtk_string_list_append (names, json_object_get_string_member_with_default (item, "name", id));
      g_strv_builder_add (ids, id);
      if (g_strcmp0 (id, selected_id) == 0)
        selected = position;
      position++;
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, selected);

  return g_strv_builder_end (ids);
}

static JsonArray *
sub_personas (JsonObject *persona)
{
  JsonNode *node = persona ? json_object_get_member (persona, "sub_personas") : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
show_profile (BsPreferencesWindow *self)
{
  BsProfile *profile = self->profile;
  gboolean available = bs_profile_is_available (profile);
  const char *persona = bs_profile_get_persona (profile);

  self->filling = TRUE;
  g_clear_pointer (&self->persona_ids, g_strfreev);
  self->persona_ids = fill_row (self->persona_row, bs_profile_get_personas (profile), NULL,
                                persona);
  g_clear_pointer (&self->sub_persona_ids, g_strfreev);
  self->sub_persona_ids = fill_row (self->sub_persona_row,
                                    sub_personas (bs_profile_find_persona (profile, persona)),
                                    _("Not Specified"), bs_profile_get_sub_persona (profile));
  g_clear_pointer (&self->skill_ids, g_strfreev);
  self->skill_ids = fill_row (self->skill_row, bs_profile_get_skill_levels (profile),
                              _("Not Specified"), bs_profile_get_skill_level (profile));
  gtk_switch_set_active (self->record_switch, bs_profile_get_record_events (profile));
  self->filling = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_group), available);
  gtk_widget_set_sensitive (GTK_WIDGET (self->events_group), available);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sub_persona_row), persona != NULL);
}

/* FALSE when the save failed: says why and shows what the engine has instead. */
static gboolean
finish_save (BsPreferencesWindow *self,
             GObject             *source,
             GAsyncResult        *result)
{
  g_autoptr(GError) error = NULL;

  if (bs_profile_update_finish (BS_PROFILE (source), result, &error))
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
  show_profile (self);
  return FALSE;
}

static void
profile_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsPreferencesWindow) self = user_data;

  finish_save (self, source, result);
}

static void
persona_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsPreferencesWindow) self = user_data;

  if (finish_save (self, source, result))
    bs_profile_record_event (self->profile, "onboarding.persona.change",
                             bs_profile_get_persona (self->profile));
}

static void
save (BsPreferencesWindow *self,
      JsonObject          *changes)
{
  bs_profile_update_async (self->profile, changes, self->cancellable, profile_saved_cb,
                           g_object_ref (self));
}

static const char *
selected_id (AdwComboRow *row,
             GStrv        ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (ids))
    return NULL;

  return ids[selected][0] != '\0' ? ids[selected] : NULL;
}

static void
set_or_clear (JsonObject *changes,
              const char *member,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (changes, member, value);
  else
    json_object_set_null_member (changes, member);
}

static void
persona_selected_cb (BsPreferencesWindow *self)
{
  g_autoptr(JsonObject) changes = NULL;
  const char *persona;

  /* While filling, the ids are being replaced. */
  if (self->filling)
    return;

  persona = selected_id (self->persona_row, self->persona_ids);
  if (persona == NULL || g_strcmp0 (persona, bs_profile_get_persona (self->profile)) == 0)
    return;

  changes = json_object_new ();

  json_object_set_string_member (changes, "persona", persona);
  /* The roles belong to the persona. */
  json_object_set_null_member (changes, "sub_persona");
  bs_profile_update_async (self->profile, changes, self->cancellable, persona_saved_cb,
                           g_object_ref (self));
}

static void
choice_selected_cb (BsPreferencesWindow *self,
                    GParamSpec          *pspec,
                    AdwComboRow         *row)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  if (self->filling)
    return;

  if (row == self->skill_row)
    set_or_clear (changes, "skill_level", selected_id (row, self->skill_ids));
  else
    set_or_clear (changes, "sub_persona", selected_id (row, self->sub_persona_ids));
  save (self, changes);
}

static void
record_switched_cb (BsPreferencesWindow *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  if (self->filling)
    return;

  json_object_set_boolean_member (changes, "record_events",
                                  gtk_switch_get_active (self->record_switch));
  save (self, changes);
}

static void
events_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 deleted = 0;

  if (!bs_profile_clear_events_finish (BS_PROFILE (source), result, &deleted, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup (error->message);
    }
  else
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Cleared %d recorded event",
                                              "Cleared %d recorded events",
                                              deleted),
                                 (int) deleted);
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
clear_response_cb (BsPreferencesWindow *self,
                   const char          *response)
{
  if (g_strcmp0 (response, "clear") != 0)
    return;

  bs_profile_clear_events_async (self->profile, self->cancellable, events_cleared_cb,
                                 g_object_ref (self));
}

static void
clear_events_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Clear Recorded Events?"),
                                   _("The onboarding events recorded so far are deleted from "
                                     "the workspace. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- engine ------------------------------------------------------------------------------ */

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (BS_IS_WINDOW (parent))
    bs_window_reconnect (BS_WINDOW (parent));
}

static void
bs_preferences_window_dispose (GObject *object)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->launcher, self);
  g_clear_object (&self->launcher);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->persona_ids, g_strfreev);
  g_clear_pointer (&self->sub_persona_ids, g_strfreev);
  g_clear_pointer (&self->skill_ids, g_strfreev);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (bs_preferences_window_parent_class)->dispose (object);
}

static void
bs_preferences_window_class_init (BsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, version_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, process_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, data_dir_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, profile_page);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, profile_group);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, persona_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, sub_persona_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, skill_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, events_group);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, record_switch);

  gtk_widget_class_install_action (widget_class, "prefs.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-events", NULL,
                                   clear_events_action);
}

static void
bs_preferences_window_init (BsPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bs_preferences_window_new (GSettings        *settings,
                           BsEngineLauncher *launcher,
                           BsProfile        *profile)
{
  BsPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (launcher), NULL);
  g_return_val_if_fail (BS_IS_PROFILE (profile), NULL);

  self = g_object_new (BS_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  self->launcher = g_object_ref (launcher);

  g_settings_bind_with_mapping (settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_row, row_to_style,
                                NULL, NULL);
  g_signal_connect_object (launcher, "notify::state",
                           G_CALLBACK (update_engine), self, G_CONNECT_SWAPPED);
  update_engine (self);

  self->profile = g_object_ref (profile);
  show_profile (self);
  g_signal_connect_object (profile, "changed", G_CALLBACK (show_profile), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->persona_row, "notify::selected",
                           G_CALLBACK (persona_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sub_persona_row, "notify::selected",
                           G_CALLBACK (choice_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skill_row, "notify::selected",
                           G_CALLBACK (choice_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->record_switch, "notify::active",
                           G_CALLBACK (record_switched_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
