/* The launcher: starts a real engine when none answers, finds it again through the
 * discovery file, and says what is wrong when it cannot.
 */
#define G_LOG_DOMAIN "bs-test-engine-launcher"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bs-engine-launcher.h"
#include "bs-studio-test-util.h"

static char *root;
static char *engine_program;

static BsEngineClient *
connect_launcher (BsEngineLauncher  *launcher,
                  GCancellable      *cancellable,
                  GError           **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_engine_launcher_connect_async (launcher, cancellable, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);

  return bs_engine_launcher_connect_finish (launcher, result, error);
}

static void
record_state (BsEngineLauncher *launcher,
              GParamSpec       *pspec,
              GArray           *states)
{
  BsEngineLauncherState state = bs_engine_launcher_get_state (launcher);

  g_array_append_val (states, state);
}

static gboolean
array_contains (GArray                *states,
                BsEngineLauncherState  state)
{
  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, BsEngineLauncherState, i) == state)
      return TRUE;

  return FALSE;
}

static void
test_starts_and_finds_engine (void)
{
  g_autofree char *data_dir = g_build_filename (root, "started", NULL);
  const char *arguments[] = { "--data-dir", data_dir, "--demo-rows", BS_TEST_DEMO_ROWS, NULL };
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autoptr(BsEngineLauncher) second = bs_engine_launcher_new ();
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (BsEngineLauncherState));
  g_autoptr(BsEngineClient) client = NULL;
  g_autoptr(BsEngineClient) found = NULL;
  g_autoptr(JsonNode) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) engine = NULL;
  const BsEngineDiscovery *discovery;

  g_assert_false (g_file_test (bs_engine_launcher_get_discovery_path (launcher),
                               G_FILE_TEST_EXISTS));
  bs_engine_launcher_set_extra_arguments (launcher, arguments);
  g_signal_connect (launcher, "notify::state", G_CALLBACK (record_state), states);

  client = connect_launcher (launcher, NULL, &error);
  engine = bs_engine_launcher_get_subprocess (launcher)
           ? g_object_ref (bs_engine_launcher_get_subprocess (launcher)) : NULL;
  if (engine != NULL)
    bs_test_kill_on_abort (bs_test_subprocess_pid (engine));
  g_assert_no_error (error);
  g_assert_nonnull (engine);

  g_assert_true (array_contains (states, BS_ENGINE_LAUNCHER_STATE_LOOKING));
  g_assert_true (array_contains (states, BS_ENGINE_LAUNCHER_STATE_STARTING));
  g_assert_true (array_contains (states, BS_ENGINE_LAUNCHER_STATE_AUTHENTICATING));
  g_assert_cmpint (bs_engine_launcher_get_state (launcher), ==, BS_ENGINE_LAUNCHER_STATE_CONNECTED);
  g_assert_true (bs_engine_launcher_get_client (launcher) == client);

  discovery = bs_engine_launcher_get_discovery (launcher);
  g_assert_cmpstr (bs_engine_client_get_base_url (client), ==, discovery->url);
  g_assert_cmpint (discovery->pid, ==, bs_test_subprocess_pid (engine));
  g_assert_nonnull (bs_engine_launcher_get_token_location (launcher));
  g_assert_cmpstr (json_object_get_string_member (bs_engine_launcher_get_workspace (launcher),
                                                  "data_dir"), ==, data_dir);

  /* The token works: an authenticated request answers. */
  workspace = bs_test_request (client, "GET", "workspace", NULL, &error);
  g_assert_no_error (error);

  /* A second launcher finds the running engine instead of starting another. */
  g_assert_true (g_file_test (bs_engine_launcher_get_discovery_path (second), G_FILE_TEST_EXISTS));
  found = connect_launcher (second, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (bs_engine_launcher_get_subprocess (second));
  g_assert_cmpstr (bs_engine_client_get_base_url (found), ==, discovery->url);

  /* The launcher does not stop the engine it started: it is a service. */
  g_clear_object (&launcher);
  g_assert_cmpint (kill (bs_test_subprocess_pid (engine), 0), ==, 0);

  bs_test_stop_subprocess (engine);
}

static gboolean
is_starting (gpointer user_data)
{
  return bs_engine_launcher_get_state (user_data) == BS_ENGINE_LAUNCHER_STATE_STARTING;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

static gboolean
discovery_written (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

/* Closing the Studio while the engine it started is still getting ready leaves the engine
 * running: it finishes, says it is ready, and answers. */
static void
test_cancelled_start_keeps_engine (void)
{
  g_autofree char *data_dir = g_build_filename (root, "cancelled", NULL);
  const char *arguments[] = { "--data-dir", data_dir, "--demo-rows", BS_TEST_DEMO_ROWS, NULL };
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSubprocess) engine = NULL;
  g_autoptr(BsEngineDiscovery) discovery = NULL;
  g_autoptr(BsEngineClient) probe = NULL;
  g_autoptr(BsEngineClient) client = NULL;
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *pending = NULL;
  const char *path = bs_engine_launcher_get_discovery_path (launcher);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  bs_engine_launcher_set_extra_arguments (launcher, arguments);
  bs_engine_launcher_connect_async (launcher, cancellable, bs_test_store_result, &pending);
  g_assert_true (bs_test_wait_until (is_starting, launcher, BS_TEST_ENGINE_TIMEOUT_MS));
  engine = g_object_ref (bs_engine_launcher_get_subprocess (launcher));
  bs_test_kill_on_abort (bs_test_subprocess_pid (engine));

  g_cancellable_cancel (cancellable);
  result = bs_test_wait_result (&pending);
  client = bs_engine_launcher_connect_finish (launcher, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (client);
  g_clear_error (&error);

  g_assert_true (bs_test_wait_until (discovery_written, (gpointer) path,
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  discovery = bs_engine_discovery_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (discovery->pid, ==, bs_test_subprocess_pid (engine));

  /* It prints its ready line, which nobody waits for any more, after writing the file:
   * give it the time to, then it must still answer. */
  bs_test_wait_until (never, NULL, 500);
  probe = bs_engine_client_new (discovery->url, NULL);
  bs_engine_client_set_timeout (probe, 5);
  health = bs_test_request (probe, "GET", "health", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (health);

  bs_test_stop_subprocess (engine);
}

static void
expect_failure (BsEngineLauncher     *launcher,
                BsEngineLauncherError code,
                const char           *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsEngineClient) client = NULL;
  gint64 started = g_get_monotonic_time ();

  client = connect_launcher (launcher, NULL, &error);
  g_assert_null (client);
  g_assert_error (error, BS_ENGINE_LAUNCHER_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, in_message));
  g_assert_cmpint (bs_engine_launcher_get_state (launcher), ==, BS_ENGINE_LAUNCHER_STATE_FAILED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

static void
test_program_not_found (void)
{
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autofree char *missing = g_build_filename (root, "no-such-engine", NULL);

  g_setenv ("BUSINESS_ENGINE", missing, TRUE);
  expect_failure (launcher, BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND, missing);
  g_setenv ("BUSINESS_ENGINE", engine_program, TRUE);
}

static void
test_engine_exits (void)
{
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autofree char *false_program = g_find_program_in_path ("false");

  g_assert_nonnull (false_program);
  g_setenv ("BUSINESS_ENGINE", false_program, TRUE);
  expect_failure (launcher, BS_ENGINE_LAUNCHER_ERROR_EXITED, "exit status 1");
  g_setenv ("BUSINESS_ENGINE", engine_program, TRUE);
}

/* A discovery file left behind by an engine that is gone is not trusted: the launcher goes
 * on to start one (and here says that it cannot). */
static void
test_stale_discovery (void)
{
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autofree char *path = g_build_filename (root, "stale.json", NULL);
  g_autofree char *missing = g_build_filename (root, "no-such-engine", NULL);
  g_autofree char *url = bs_test_closed_url ();

  bs_test_write_discovery (path, url);
  bs_engine_launcher_set_discovery_path (launcher, path);
  g_setenv ("BUSINESS_ENGINE", missing, TRUE);
  expect_failure (launcher, BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND, missing);
  g_setenv ("BUSINESS_ENGINE", engine_program, TRUE);
}

static void
test_cancelled (void)
{
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsEngineClient) client = NULL;

  g_cancellable_cancel (cancellable);
  client = connect_launcher (launcher, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (client);
  g_assert_cmpint (bs_engine_launcher_get_state (launcher), ==, BS_ENGINE_LAUNCHER_STATE_IDLE);
}

static void
test_one_attempt_at_a_time (void)
{
  g_autoptr(BsEngineLauncher) launcher = bs_engine_launcher_new ();
  g_autofree char *missing = g_build_filename (root, "no-such-engine", NULL);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  GAsyncResult *pending_first = NULL;
  GAsyncResult *pending_second = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("BUSINESS_ENGINE", missing, TRUE);
  bs_engine_launcher_connect_async (launcher, NULL, bs_test_store_result, &pending_first);
  bs_engine_launcher_connect_async (launcher, NULL, bs_test_store_result, &pending_second);
  second = bs_test_wait_result (&pending_second);
  g_assert_null (bs_engine_launcher_connect_finish (launcher, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  first = bs_test_wait_result (&pending_first);
  g_assert_null (bs_engine_launcher_connect_finish (launcher, first, &error));
  g_assert_error (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND);
  g_setenv ("BUSINESS_ENGINE", engine_program, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  root = bs_test_init_runtime_dir ();
  g_test_init (&argc, &argv, NULL);

  engine_program = g_strdup (g_getenv ("BUSINESS_ENGINE"));
  g_assert_nonnull (engine_program);

  /* Runs first: it needs the runtime directory without a discovery file. */
  g_test_add_func ("/bs/engine-launcher/starts-and-finds-engine", test_starts_and_finds_engine);
  g_test_add_func ("/bs/engine-launcher/cancelled-start-keeps-engine",
                   test_cancelled_start_keeps_engine);
  g_test_add_func ("/bs/engine-launcher/program-not-found", test_program_not_found);
  g_test_add_func ("/bs/engine-launcher/engine-exits", test_engine_exits);
  g_test_add_func ("/bs/engine-launcher/stale-discovery", test_stale_discovery);
  g_test_add_func ("/bs/engine-launcher/cancelled", test_cancelled);
  g_test_add_func ("/bs/engine-launcher/one-attempt-at-a-time", test_one_attempt_at_a_time);

  status = g_test_run ();

  bs_test_remove_tree (root);
  g_free (root);
  g_free (engine_program);

  return status;
}
