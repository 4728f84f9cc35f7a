/* The About window and the keyboard shortcuts window, from the application's actions.
 * No engine is needed: the main window only has to exist, so BUSINESS_ENGINE names no
 * program and no engine is started (it would keep running, being a service).
 */
#define G_LOG_DOMAIN "bs-test-about"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bs-application.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestStudio studio;

static void
test_about_and_shortcuts (void)
{
  GtkShortcutsWindow *overlay;
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (studio.application), "about", NULL);
  about = bs_test_find_window (studio.application, ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  /* What a bug report needs, here without an engine. */
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)),
                            "Business Engine: not connected"));
  gtk_window_destroy (about);

  /* GtkApplication loads gtk/help-overlay.ui from the resources and adds this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.show-help-overlay",
                                             NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (studio.window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bs_test_studio_start (&studio, &argc, &argv, FALSE);

  g_test_add_func ("/bs/about/about-and-shortcuts", test_about_and_shortcuts);

  status = g_test_run ();

  bs_test_studio_stop (&studio);

  return status;
}
