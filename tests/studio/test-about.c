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

static BsApplication *application;
static BsWindow      *window;

static void
test_about_and_shortcuts (void)
{
  GtkShortcutsWindow *overlay;
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  about = bs_test_find_window (application, ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  /* What a bug report needs, here without an engine. */
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)),
                            "Business Engine: not connected"));
  gtk_window_destroy (about);

  /* GtkApplication loads gtk/help-overlay.ui from the resources and adds this action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = bs_test_init_studio (&argc, &argv);
  g_autofree char *missing = g_build_filename (root, "no-engine", NULL);
  int status;

  g_setenv ("BUSINESS_ENGINE", missing, TRUE);

  application = bs_application_new ();
  window = bs_test_open_window (application);

  g_test_add_func ("/bs/about/about-and-shortcuts", test_about_and_shortcuts);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&application);
  bs_test_remove_tree (root);

  return status;
}
