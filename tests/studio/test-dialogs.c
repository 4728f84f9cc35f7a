/* The Preferences window: the style, applied at once, and the engine the Studio is
 * connected to. Apart from test-window (and test-about) so that each program stays under
 * the 2,048 quarks after which GLib lets its first quark block go, by design, which
 * LeakSanitizer would then report now and then.
 */
#define G_LOG_DOMAIN "bs-test-dialogs"

#include "config.h"

#include <adwaita.h>

#include "bs-application.h"
#include "bs-preferences-window.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestStudio studio;

static const char *
row_subtitle (GtkWindow  *preferences,
              const char *row)
{
  return adw_action_row_get_subtitle (bs_test_template_child (preferences,
                                                              BS_TYPE_PREFERENCES_WINDOW, row));
}

static void
test_style_follows_setting (void)
{
  GSettings *settings = bs_application_get_settings (studio.application);
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_settings_set_string (settings, "style-variant", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));

  g_settings_set_string (settings, "style-variant", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  g_settings_set_string (settings, "style-variant", "follow");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_preferences_show_engine (void)
{
  GSettings *settings = bs_application_get_settings (studio.application);
  BsTestEngine *engine = studio.engine;
  GtkWindow *preferences;
  AdwComboRow *style_row;

  g_action_group_activate_action (G_ACTION_GROUP (studio.application), "preferences", NULL);
  preferences = bs_test_find_window (studio.application, BS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (studio.window));

  g_assert_cmpstr (row_subtitle (preferences, "address_row"), ==, engine->discovery->url);
  g_assert_cmpstr (row_subtitle (preferences, "data_dir_row"), ==, engine->data_dir);
  g_assert_cmpstr (row_subtitle (preferences, "version_row"), ==, engine->discovery->version);

  /* The Style row writes the setting, which the style manager follows at once. */
  style_row = bs_test_template_child (preferences, BS_TYPE_PREFERENCES_WINDOW, "style_row");
  adw_combo_row_set_selected (style_row, 2);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  adw_combo_row_set_selected (style_row, 0);
  g_assert_cmpint (g_settings_get_enum (settings, "style-variant"), ==, 0);

  gtk_window_destroy (preferences);
}

/* Runs last: it quits. Ctrl+Q is typed in the Preferences window, whose key press holds it
 * while the application closes every window; it must not outlive its main window's
 * finalization still pointing at it (a critical, fatal here). */
static void
test_quit_with_preferences_open (void)
{
  GtkWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (studio.application), "preferences", NULL);
  preferences = g_object_ref (bs_test_find_window (studio.application, BS_TYPE_PREFERENCES_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (studio.application), "quit", NULL);
  studio.window = NULL;
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (studio.application)));

  g_object_unref (preferences);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bs_test_studio_start (&studio, &argc, &argv, TRUE);
  g_assert_true (bs_test_wait_connected (studio.window));

  g_test_add_func ("/bs/dialogs/style-follows-setting", test_style_follows_setting);
  g_test_add_func ("/bs/dialogs/preferences-show-engine", test_preferences_show_engine);
  g_test_add_func ("/bs/dialogs/quit-with-preferences-open", test_quit_with_preferences_open);

  status = g_test_run ();

  bs_test_studio_stop (&studio);

  return status;
}
