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

  GSettings            *settings;
  BsEngineLauncher     *launcher;
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

  if (self->launcher != NULL)
    g_signal_handlers_disconnect_by_data (self->launcher, self);
  g_clear_object (&self->launcher);
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

  gtk_widget_class_install_action (widget_class, "prefs.reconnect", NULL, reconnect_action);
}

static void
bs_preferences_window_init (BsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bs_preferences_window_new (GSettings        *settings,
                           BsEngineLauncher *launcher)
{
  BsPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (launcher), NULL);

  self = g_object_new (BS_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  self->launcher = g_object_ref (launcher);

  g_settings_bind_with_mapping (settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_row, row_to_style,
                                NULL, NULL);
  g_signal_connect_object (launcher, "notify::state",
                           G_CALLBACK (update_engine), self, G_CONNECT_SWAPPED);
  update_engine (self);

  return GTK_WIDGET (self);
}
