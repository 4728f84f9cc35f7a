#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-add-source-dialog.h"
#include "bs-alerts-page.h"
#include "bs-dashboards-page.h"
#include "bs-data-page.h"
#include "bs-engine-launcher.h"
#include "bs-home-page.h"
#include "bs-onboarding-page.h"
#include "bs-profile.h"
#include "bs-window.h"
#include "bs-workbench.h"

struct _BsWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *error_page;
  GtkButton            *try_again_button;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *home_row;
  GtkListBoxRow        *data_row;
  GtkListBoxRow        *alerts_row;
  GtkListBoxRow        *dashboards_row;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *workbench_stack;
  BsHomePage           *home_page;
  BsDataPage           *data_page;
  BsAlertsPage         *alerts_page;
  BsDashboardsPage     *dashboards_page;
  GtkWidget            *new_rule_button;
  BsOnboardingPage     *onboarding_page;

  GSettings            *settings;
  BsEngineLauncher     *launcher;
  BsProfile            *profile;
  GCancellable         *cancellable;
  gulong                state_handler;
  gulong                profile_handler;
  GStrv                 order;       /* the workbenches in sidebar order */
  gboolean              connecting;
  gboolean              restoring;
};

enum {
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BsWindow, bs_window, ADW_TYPE_APPLICATION_WINDOW)

/* The workbenches this build has, in the order used without a persona. Alt+1 shows the
 * first in the sidebar, whichever that is. */
static const char * const workbench_names[] = { "home", "dashboards", "data", "alerts", NULL };

static void
show_page (BsWindow   *self,
           const char *name)
{
  gboolean changed = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), name) != 0;

  gtk_stack_set_visible_child_name (self->main_stack, name);
  /* A spinner on a page nobody sees still costs a redraw per frame. */
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (name, "connecting"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 g_str_equal (name, "workbenches"));
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
for_each_workbench (BsWindow       *self,
                    BsEngineClient *client)
{
  bs_workbench_set_client (BS_WORKBENCH (self->home_page), client);
  bs_workbench_set_client (BS_WORKBENCH (self->data_page), client);
  bs_workbench_set_client (BS_WORKBENCH (self->alerts_page), client);
  bs_workbench_set_client (BS_WORKBENCH (self->dashboards_page), client);
}

/* --- the profile ------------------------------------------------------------------------- */

static int
sidebar_position (BsWindow   *self,
                  const char *name)
{
  for (guint i = 0; self->order != NULL && self->order[i] != NULL; i++)
    if (g_str_equal (self->order[i], name))
      return i;

  return G_MAXINT;
}

static int
sort_sidebar (GtkListBoxRow *row1,
              GtkListBoxRow *row2,
              gpointer       user_data)
{
  BsWindow *self = user_data;

  return sidebar_position (self, gtk_widget_get_name (GTK_WIDGET (row1))) -
         sidebar_position (self, gtk_widget_get_name (GTK_WIDGET (row2)));
}

/* Everything the persona and the skill level change, applied at once. */
static void
profile_changed_cb (BsWindow *self)
{
  g_autoptr(JsonArray) steps = bs_profile_get_next_steps (self->profile);
  BsProfileVerbosity verbosity = bs_profile_get_verbosity (self->profile);
  const char *persona = bs_profile_get_persona (self->profile);
  JsonObject *persona_info = persona != NULL ? bs_profile_find_persona (self->profile, persona)
                                             : NULL;
  JsonNode *suggestions = persona_info != NULL
                          ? json_object_get_member (persona_info, "suggestions") : NULL;

  g_strfreev (self->order);
  self->order = bs_profile_order_workbenches (self->profile, workbench_names);
  gtk_list_box_invalidate_sort (self->sidebar_list);

  bs_workbench_set_verbosity (BS_WORKBENCH (self->home_page), verbosity);
  bs_workbench_set_verbosity (BS_WORKBENCH (self->data_page), verbosity);
  bs_workbench_set_verbosity (BS_WORKBENCH (self->alerts_page), verbosity);
  bs_workbench_set_verbosity (BS_WORKBENCH (self->dashboards_page), verbosity);
  bs_dashboards_page_set_persona (self->dashboards_page, persona,
                                  persona_info != NULL
                                  ? json_object_get_string_member_with_default (persona_info,
                                                                                "chart_default",
                                                                                NULL)
                                  : NULL);
  bs_home_page_set_next_steps (self->home_page, steps);
  bs_alerts_page_set_suggestions (self->alerts_page,
                                  suggestions != NULL && JSON_NODE_HOLDS_ARRAY (suggestions)
                                  ? json_node_get_array (suggestions) : NULL);
}

/* The persona's workbench right after onboarding, and at a start before the person has
 * picked one themselves; after that, the one they were on wins: they chose it more
 * recently, and more precisely, than the persona did. */
static void
open_first_workbench (BsWindow *self,
                      gboolean  after_onboarding)
{
  g_autoptr(GVariant) remembered = g_settings_get_user_value (self->settings, "last-workbench");
  const char *name = NULL;

  if (remembered != NULL && !after_onboarding)
    name = g_variant_get_string (remembered, NULL);
  if (name == NULL || !g_strv_contains (workbench_names, name))
    name = bs_profile_pick_workbench (self->profile, workbench_names);
  if (name == NULL)
    name = self->order != NULL ? self->order[0] : workbench_names[0];

  bs_window_set_workbench (self, name);
}

static void
show_workbenches (BsWindow *self,
                  gboolean  after_onboarding)
{
  open_first_workbench (self, after_onboarding);
  show_page (self, "workbenches");
}

/* A next step chosen at the end of onboarding or on Home. The demo data is already in
 * use everywhere, so from onboarding it needs nothing more than the persona's workbench. */
static void
take_step (BsWindow   *self,
           const char *step,
           gboolean    after_onboarding)
{
  GtkWidget *dialog;

  if (g_str_equal (step, "demo-data"))
    {
      if (!after_onboarding)
        bs_window_set_workbench (self, "data");
      return;
    }
  if (!g_str_equal (step, "import-file") && !g_str_equal (step, "connect-prometheus"))
    return;

  bs_window_set_workbench (self, "data");
  dialog = bs_data_page_add_source (self->data_page);
  if (dialog != NULL && g_str_equal (step, "connect-prometheus"))
    bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "prometheus");
}

static void
onboarding_finished_cb (BsWindow   *self,
                        const char *step)
{
  show_workbenches (self, TRUE);
  if (step != NULL)
    take_step (self, step, TRUE);
}

/* --- connecting -------------------------------------------------------------------------- */

static void
describe_state (BsWindow              *self,
                BsEngineLauncherState  state)
{
  const char *title = _("Connecting to the Business Engine");
  const char *description = NULL;

  switch (state)
    {
    case BS_ENGINE_LAUNCHER_STATE_LOOKING:
      description = _("Looking for the engine on this computer…");
      break;

    case BS_ENGINE_LAUNCHER_STATE_WAITING:
      title = _("Waiting for the Business Engine");
      description = _("The engine is running but still opening its workspace.");
      break;

    case BS_ENGINE_LAUNCHER_STATE_STARTING:
      title = _("Starting the Business Engine");
      description = _("No engine was running on this computer, so Business Studio is "
                      "starting one.");
      break;

    case BS_ENGINE_LAUNCHER_STATE_PREPARING:
      title = _("Preparing the Demo Workspace…");
      description = _("On its first start the engine creates a demo shop with 90 days of sales, "
                      "so that every page has real figures to show. This takes a little while.");
      break;

    case BS_ENGINE_LAUNCHER_STATE_AUTHENTICATING:
      description = _("Reading the engine’s access key…");
      break;

    case BS_ENGINE_LAUNCHER_STATE_IDLE:
    case BS_ENGINE_LAUNCHER_STATE_CONNECTED:
    case BS_ENGINE_LAUNCHER_STATE_FAILED:
    default:
      return;
    }

  adw_status_page_set_title (self->connecting_page, title);
  adw_status_page_set_description (self->connecting_page, description);
}

static void
launcher_state_cb (BsWindow         *self,
                   GParamSpec       *pspec,
                   BsEngineLauncher *launcher)
{
  describe_state (self, bs_engine_launcher_get_state (launcher));
}

static const char *
error_title (const GError *error)
{
  if (g_error_matches (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND))
    return _("Business Engine Not Found");
  if (g_error_matches (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_SPAWN) ||
      g_error_matches (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_EXITED) ||
      g_error_matches (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_TIMED_OUT))
    return _("The Business Engine Could Not Start");
  if (g_error_matches (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_TOKEN) ||
      g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNAUTHORIZED))
    return _("The Business Engine Refused Access");

  return _("Cannot Reach the Business Engine");
}

static void
show_error (BsWindow   *self,
            const char *title,
            const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  show_page (self, "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->try_again_button));
}

static void
profile_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_profile_load_finish (BS_PROFILE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Could not read the profile: %s", error->message);
      show_error (self, error_title (error), error->message);
      return;
    }

  if (bs_profile_is_available (self->profile) && bs_profile_get_persona (self->profile) == NULL)
    {
      show_page (self, "onboarding");
      bs_onboarding_page_start (self->onboarding_page);
      return;
    }

  show_workbenches (self, FALSE);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(BsEngineClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = bs_engine_launcher_connect_finish (BS_ENGINE_LAUNCHER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->connecting = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect", TRUE);
  if (client == NULL)
    {
      g_message ("Could not connect to the engine: %s", error->message);
      show_error (self, error_title (error), error->message);
      return;
    }

  for_each_workbench (self, client);
  bs_profile_load_async (self->profile, client, self->cancellable, profile_loaded_cb,
                         g_object_ref (self));
}

void
bs_window_reconnect (BsWindow *self)
{
  g_return_if_fail (BS_IS_WINDOW (self));

  if (self->connecting)
    return;

  self->connecting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect", FALSE);
  describe_state (self, BS_ENGINE_LAUNCHER_STATE_LOOKING);
  show_page (self, "connecting");
  bs_engine_launcher_connect_async (self->launcher, self->cancellable,
                                    connected_cb, g_object_ref (self));
}

static void
engine_lost_cb (BsWindow    *self,
                const char  *message,
                BsWorkbench *workbench)
{
  g_autofree char *text = NULL;

  /* One message for the window, not one per workbench that noticed. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "workbenches") != 0)
    return;

  text = g_strdup_printf ("%s\n\n%s", message,
                          _("Try Again looks for the engine, and starts it again if it has "
                            "stopped."));
  show_error (self, _("Lost the Connection to the Business Engine"), text);
}

/* --- workbenches ------------------------------------------------------------------------- */

static gboolean
is_workbench_name (const char *name)
{
  return g_strv_contains (workbench_names, name);
}

static GtkListBoxRow *
sidebar_row (BsWindow   *self,
             const char *name)
{
  if (g_str_equal (name, "data"))
    return self->data_row;
  if (g_str_equal (name, "alerts"))
    return self->alerts_row;
  if (g_str_equal (name, "dashboards"))
    return self->dashboards_row;
  return self->home_row;
}

static void
workbench_changed_cb (BsWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->workbench_stack);
  GtkStackPage *page;

  /* Also called while the template is being built, before there is anything to update. */
  if (self->settings == NULL || name == NULL)
    return;

  page = gtk_stack_get_page (self->workbench_stack,
                             gtk_stack_get_visible_child (self->workbench_stack));
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  gtk_list_box_select_row (self->sidebar_list, sidebar_row (self, name));
  gtk_widget_set_visible (self->new_rule_button, g_str_equal (name, "alerts"));
  if (!self->restoring)
    g_settings_set_string (self->settings, "last-workbench", name);
}

void
bs_window_set_workbench (BsWindow   *self,
                         const char *name)
{
  g_return_if_fail (BS_IS_WINDOW (self));
  g_return_if_fail (is_workbench_name (name));

  gtk_stack_set_visible_child_name (self->workbench_stack, name);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

const char *
bs_window_get_workbench (BsWindow *self)
{
  g_return_val_if_fail (BS_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->workbench_stack);
}

static void
sidebar_row_activated_cb (BsWindow      *self,
                          GtkListBoxRow *row)
{
  bs_window_set_workbench (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

const char *
bs_window_get_page (BsWindow *self)
{
  g_return_val_if_fail (BS_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
bs_window_get_error_message (BsWindow *self)
{
  g_return_val_if_fail (BS_IS_WINDOW (self), NULL);

  if (g_strcmp0 (bs_window_get_page (self), "error") != 0)
    return NULL;

  return adw_status_page_get_description (self->error_page);
}

void
bs_window_add_toast (BsWindow   *self,
                     const char *message)
{
  g_return_if_fail (BS_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* --- actions ----------------------------------------------------------------------------- */

static void
show_workbench_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (is_workbench_name (name))
    bs_window_set_workbench (self, name);
}

static void
show_position_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list,
                                                      g_variant_get_uint32 (parameter));

  if (row != NULL && g_str_equal (bs_window_get_page (self), "workbenches"))
    bs_window_set_workbench (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
take_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  take_step (BS_WINDOW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  bs_workbench_refresh (BS_WORKBENCH (gtk_stack_get_visible_child (self->workbench_stack)));
}

/* "Create Alert From This Panel": the alert builder, on the panel's query. */
static void
create_alert_cb (BsWindow *self,
                 BsQuery  *query)
{
  bs_window_set_workbench (self, "alerts");
  bs_alerts_page_new_rule_from_query (self->alerts_page, query);
}

static void
new_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  bs_window_set_workbench (self, "alerts");
  bs_alerts_page_new_rule (self->alerts_page);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  bs_window_reconnect (BS_WINDOW (widget));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  adw_leaflet_navigate (BS_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* --- life -------------------------------------------------------------------------------- */

static void
restore_geometry (BsWindow *self)
{
  g_autofree char *workbench = g_settings_get_string (self->settings, "last-workbench");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Only shown once connected, by then on the persona's workbench unless the person chose
   * one before: opening here does not count as choosing. */
  self->restoring = TRUE;
  gtk_stack_set_visible_child_name (self->workbench_stack,
                                    is_workbench_name (workbench) ? workbench : "home");
  workbench_changed_cb (self);
  self->restoring = FALSE;
  /* On a narrow window, open on the figures; the back button leads to the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static gboolean
bs_window_close_request (GtkWindow *window)
{
  BsWindow *self = BS_WINDOW (window);
  gboolean maximized = gtk_window_is_maximized (window);
  int width, height;

  g_cancellable_cancel (self->cancellable);

  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (bs_window_parent_class)->close_request (window);
}

static void
bs_window_dispose (GObject *object)
{
  BsWindow *self = BS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->state_handler, self->launcher);
  g_clear_signal_handler (&self->profile_handler, self->profile);
  g_clear_object (&self->profile);
  g_clear_object (&self->launcher);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_WINDOW);

  G_OBJECT_CLASS (bs_window_parent_class)->dispose (object);
}

static void
bs_window_finalize (GObject *object)
{
  BsWindow *self = BS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->order, g_strfreev);

  G_OBJECT_CLASS (bs_window_parent_class)->finalize (object);
}

static void
bs_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BsWindow *self = BS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, bs_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_workbench_shortcuts (GtkWidgetClass *widget_class)
{
  for (guint i = 0; workbench_names[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-position", "u", i);
}

static void
bs_window_class_init (BsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bs_window_dispose;
  object_class->finalize = bs_window_finalize;
  object_class->get_property = bs_window_get_property;
  window_class->close_request = bs_window_close_request;

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BS_TYPE_HOME_PAGE);
  g_type_ensure (BS_TYPE_DATA_PAGE);
  g_type_ensure (BS_TYPE_ALERTS_PAGE);
  g_type_ensure (BS_TYPE_ONBOARDING_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, try_again_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, home_row);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, data_row);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, alerts_row);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, workbench_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, data_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, alerts_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, dashboards_row);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, dashboards_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, new_rule_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, onboarding_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, workbench_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, engine_lost_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_alert_cb);
  gtk_widget_class_bind_template_callback (widget_class, onboarding_finished_cb);

  gtk_widget_class_install_action (widget_class, "win.show-workbench", "s",
                                   show_workbench_action);
  gtk_widget_class_install_action (widget_class, "win.show-position", "u",
                                   show_position_action);
  gtk_widget_class_install_action (widget_class, "win.take-step", "s", take_step_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.new-rule", NULL, new_rule_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);

  bind_workbench_shortcuts (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
}

static void
bs_window_init (BsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
  gtk_list_box_set_sort_func (self->sidebar_list, sort_sidebar, self, NULL);
}

BsWindow *
bs_window_new (BsApplication *application)
{
  BsWindow *self;

  g_return_val_if_fail (BS_IS_APPLICATION (application), NULL);

  self = g_object_new (BS_TYPE_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (bs_application_get_settings (application));
  self->launcher = g_object_ref (bs_application_get_launcher (application));
  self->state_handler = g_signal_connect_object (self->launcher, "notify::state",
                                                 G_CALLBACK (launcher_state_cb), self,
                                                 G_CONNECT_SWAPPED);
  self->profile = g_object_ref (bs_application_get_profile (application));
  self->profile_handler = g_signal_connect_object (self->profile, "changed",
                                                   G_CALLBACK (profile_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  bs_onboarding_page_set_profile (self->onboarding_page, self->profile);
  profile_changed_cb (self);
  restore_geometry (self);
  bs_window_reconnect (self);

  return self;
}
