#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-application.h"
#include "bs-preferences-window.h"
#include "bs-window.h"

#define HELP_URI "help:" PACKAGE_NAME

struct _BsApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  BsEngineLauncher *launcher;
  BsProfile        *profile;
};

G_DEFINE_FINAL_TYPE (BsApplication, bs_application, ADW_TYPE_APPLICATION)

/* The values of the style-variant enum in the schema. */
enum {
  STYLE_FOLLOW,
  STYLE_LIGHT,
  STYLE_DARK,
};

static void
apply_style (BsApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  switch (g_settings_get_enum (self->settings, "style-variant"))
    {
    case STYLE_LIGHT:
      adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
      break;

    case STYLE_DARK:
      adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
      break;

    case STYLE_FOLLOW:
    default:
      adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
      break;
    }
}

static GtkWindow *
main_window (BsApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static char *
debug_info (BsApplication *self)
{
  const BsEngineDiscovery *engine = bs_engine_launcher_get_discovery (self->launcher);
  GString *info = g_string_new (NULL);

  g_string_append_printf (info, "Business Studio %s\n", PACKAGE_VERSION);
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n", gtk_get_major_version (),
                          gtk_get_minor_version (), gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n", adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version ());
  if (engine != NULL)
    g_string_append_printf (info, "Business Engine %s at %s\n",
                            engine->version ? engine->version : "?", engine->url);
  else
    g_string_append (info, "Business Engine: not connected\n");

  return g_string_free (info, FALSE);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  BsApplication *self = user_data;
  g_autofree char *info = debug_info (self);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application", self,
                        "transient-for", main_window (self),
                        "modal", TRUE,
                        "destroy-with-parent", TRUE,
                        "application-name", _("Business Studio"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Business Studio authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Dashboards and alerts on your business data, "
                                      "for people who do not write queries."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your name and e-mail, one translator a line. */
                        "translator-credits", _("translator-credits"),
                        "debug-info", info,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkWidget *preferences = bs_preferences_window_new (self->settings, self->launcher,
                                                      self->profile);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), main_window (self));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  /* Outliving its parent would leave it pointing at a window that is gone. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (preferences), TRUE);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
help_shown_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = NULL;

      g_warning ("Could not show the help: %s", error->message);
      /* Translators: %s says why, as the system put it. */
      message = g_strdup_printf (_("Could not open the help: %s"), error->message);
      if (BS_IS_WINDOW (source))
        bs_window_add_toast (BS_WINDOW (source), message);
    }
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  BsApplication *self = user_data;
  GtkWindow *window = main_window (self);

  gtk_show_uri_full (window, HELP_URI, GDK_CURRENT_TIME, NULL, help_shown_cb, NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  BsApplication *self = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     (GCopyFunc) g_object_ref, NULL);

  /* Preferences and About first, let go of their main window: the key press that quits
   * still holds the dialog it was typed in, and GTK 4.8 would otherwise finalize it after
   * the main window and disconnect from a window that is gone. Closing (not destroying)
   * lets each main window save its size and stop its requests. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (!BS_IS_WINDOW (l->data))
      {
        gtk_window_set_transient_for (GTK_WINDOW (l->data), NULL);
        gtk_window_close (GTK_WINDOW (l->data));
      }
  for (GList *l = windows; l != NULL; l = l->next)
    if (BS_IS_WINDOW (l->data))
      gtk_window_close (GTK_WINDOW (l->data));

  g_list_free_full (windows, g_object_unref);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "help", help_action },
  { "quit", quit_action },
};

typedef struct
{
  const char *action;
  const char *accels[3];
} Accelerator;

static const Accelerator accelerators[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.help", { "F1", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

static void
bs_application_startup (GApplication *application)
{
  BsApplication *self = BS_APPLICATION (application);

  G_APPLICATION_CLASS (bs_application_parent_class)->startup (application);

  g_set_application_name (_("Business Studio"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (apply_style), self, G_CONNECT_SWAPPED);
  apply_style (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);
}

static void
bs_application_activate (GApplication *application)
{
  BsApplication *self = BS_APPLICATION (application);
  GtkWindow *window = main_window (self);

  if (window == NULL)
    window = GTK_WINDOW (bs_window_new (self));

  gtk_window_present (window);
}

static void
bs_application_dispose (GObject *object)
{
  BsApplication *self = BS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->launcher);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (bs_application_parent_class)->dispose (object);
}

static void
bs_application_class_init (BsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bs_application_dispose;
  application_class->startup = bs_application_startup;
  application_class->activate = bs_application_activate;
}

static void
bs_application_init (BsApplication *self)
{
  self->launcher = bs_engine_launcher_new ();
  self->profile = bs_profile_new ();
}

BsApplication *
bs_application_new (void)
{
  return g_object_new (BS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
bs_application_get_settings (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), NULL);

  return self->settings;
}

BsEngineLauncher *
bs_application_get_launcher (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), NULL);

  return self->launcher;
}

BsProfile *
bs_application_get_profile (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), NULL);

  return self->profile;
}
