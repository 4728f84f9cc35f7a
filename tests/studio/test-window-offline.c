/* The main window when no engine answers and none can be started: it says why within a few
 * seconds, and it never stops answering while it finds out.
 */
#define G_LOG_DOMAIN "bs-test-window-offline"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bs-application.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

/* The launcher gives an engine that does not answer 5 seconds. */
#define ERROR_WITHIN_MS 10000
#define TICK_MS 10

static char *missing_engine;
static BsApplication *application;

typedef struct
{
  BsWindow *window;
  guint     ticks;
} Watch;

static gboolean
tick_cb (gpointer user_data)
{
  Watch *watch = user_data;

  watch->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
window_shows_error (gpointer user_data)
{
  Watch *watch = user_data;

  return g_strcmp0 (bs_window_get_page (watch->window), "error") == 0;
}

static void
expect_error_page (Watch *watch)
{
  gint64 started = g_get_monotonic_time ();
  guint tick_id = g_timeout_add (TICK_MS, tick_cb, watch);
  const char *message;

  watch->ticks = 0;
  g_assert_true (bs_test_wait_until (window_shows_error, watch, ERROR_WITHIN_MS));
  g_source_remove (tick_id);
  g_test_message ("error page after %" G_GINT64_FORMAT " ms, %u ticks",
                  (g_get_monotonic_time () - started) / 1000, watch->ticks);

  message = bs_window_get_error_message (watch->window);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  /* It names the problem: the program that is not there, and how it was chosen. */
  g_assert_nonnull (strstr (message, missing_engine));
  g_assert_nonnull (strstr (message, "BUSINESS_ENGINE"));
}

static void
test_error_page_then_try_again (void)
{
  GtkWidget *try_again;
  Watch watch = { NULL, 0 };

  watch.window = bs_test_open_window (application);
  expect_error_page (&watch);

  /* Try Again looks again (showing the connecting page meanwhile) and fails the same way. */
  try_again = bs_test_template_child (watch.window, BS_TYPE_WINDOW, "try_again_button");
  g_assert_true (gtk_widget_get_visible (try_again));
  g_signal_emit_by_name (try_again, "clicked");
  g_assert_cmpstr (bs_window_get_page (watch.window), ==, "connecting");
  expect_error_page (&watch);

  /* Refreshing a workbench without an engine is disabled, and does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (watch.window), "win.refresh", NULL);
  g_assert_cmpstr (bs_window_get_page (watch.window), ==, "error");

  gtk_window_destroy (GTK_WINDOW (watch.window));
}

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray *connections = user_data;
  GSocketConnection *connection;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection != NULL)
    g_ptr_array_add (connections, connection);
}

/* An engine that was left hanging: it takes the connection and never answers. The window
 * keeps drawing and handling events while the launcher waits for it. */
static void
test_unresponsive_engine (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *url = NULL;
  g_autofree char *path = bs_engine_discovery_default_path ();
  g_autoptr(GError) error = NULL;
  Watch watch = { NULL, 0 };
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_accept_async (listener, NULL, accepted_cb, connections);

  url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  bs_test_write_discovery (path, url);

  watch.window = bs_test_open_window (application);
  expect_error_page (&watch);
  g_assert_cmpuint (connections->len, ==, 1);
  /* Waiting on the engine took seconds, during which the loop ran every tick or so. */
  g_assert_cmpuint (watch.ticks, >, 1000 / TICK_MS);

  gtk_window_destroy (GTK_WINDOW (watch.window));
  g_socket_listener_close (listener);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = bs_test_init_studio (&argc, &argv);
  int status;

  missing_engine = g_build_filename (root, "no-such-dir", "business-engine", NULL);
  g_setenv ("BUSINESS_ENGINE", missing_engine, TRUE);

  g_test_add_func ("/bs/window-offline/error-page-then-try-again", test_error_page_then_try_again);
  g_test_add_func ("/bs/window-offline/unresponsive-engine", test_unresponsive_engine);

  application = bs_application_new ();
  status = g_test_run ();
  g_clear_object (&application);

  bs_test_remove_tree (root);
  g_free (missing_engine);

  return status;
}
