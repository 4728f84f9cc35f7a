#define G_LOG_DOMAIN "bs-studio-test"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "bs-secret-store.h"
#include "bs-studio-test-util.h"

#define MAX_PIDS 16
#define STOP_GRACE_MS 10000

static volatile GPid pids_to_kill[MAX_PIDS];

static void
kill_remembered (int signum)
{
  /* Only async-signal-safe calls from here on. */
  for (guint i = 0; i < MAX_PIDS; i++)
    if (pids_to_kill[i] > 0)
      kill (pids_to_kill[i], SIGKILL);

  signal (signum, SIG_DFL);
  raise (signum);
}

static void
install_handlers (void)
{
  static gsize installed = 0;
  const int signals[] = { SIGABRT, SIGTRAP, SIGSEGV, SIGBUS, SIGTERM, SIGINT };

  if (!g_once_init_enter (&installed))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], kill_remembered);

  g_once_init_leave (&installed, 1);
}

void
bs_test_kill_on_abort (GPid pid)
{
  install_handlers ();

  for (guint i = 0; i < MAX_PIDS; i++)
    if (pids_to_kill[i] == 0)
      {
        pids_to_kill[i] = pid;
        return;
      }

  g_error ("More than %d engines at once in one test", MAX_PIDS);
}

void
bs_test_forget_pid (GPid pid)
{
  for (guint i = 0; i < MAX_PIDS; i++)
    if (pids_to_kill[i] == pid)
      pids_to_kill[i] = 0;
}

GPid
bs_test_subprocess_pid (GSubprocess *subprocess)
{
  const char *identifier = g_subprocess_get_identifier (subprocess);

  return identifier != NULL ? atoi (identifier) : 0;
}

char *
bs_test_init_runtime_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("bs-studio-test-XXXXXX", &error);
  g_autofree char *run = NULL;

  g_assert_no_error (error);
  run = g_build_filename (root, "run", NULL);
  g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);
  g_setenv ("XDG_RUNTIME_DIR", run, TRUE);

  return g_steal_pointer (&root);
}

void
bs_test_disable_gl (void)
{
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}

void
bs_test_remove_tree (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  remove_tree (file);
}

static gboolean
subprocess_ended (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
subprocess_waited_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
bs_test_stop_subprocess (GSubprocess *subprocess)
{
  gboolean ended = FALSE;

  g_subprocess_send_signal (subprocess, SIGTERM);
  g_subprocess_wait_async (subprocess, NULL, subprocess_waited_cb, &ended);
  if (!bs_test_wait_until (subprocess_ended, &ended, STOP_GRACE_MS))
    {
      g_test_message ("The engine did not stop on SIGTERM; killing it");
      g_subprocess_force_exit (subprocess);
      bs_test_wait_until (subprocess_ended, &ended, STOP_GRACE_MS);
    }

  bs_test_forget_pid (bs_test_subprocess_pid (subprocess));
}

typedef struct
{
  GMainContext *context;
  gboolean      timed_out;
} Wait;

static gboolean
wait_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_context_wakeup (wait->context);

  return G_SOURCE_REMOVE;
}

gboolean
bs_test_wait_until (BsTestCondition condition,
                    gpointer        user_data,
                    guint           timeout_ms)
{
  Wait wait = { g_main_context_get_thread_default (), FALSE };
  guint timeout_id;
  gboolean done;

  if (wait.context == NULL)
    wait.context = g_main_context_default ();

  timeout_id = g_timeout_add (timeout_ms, wait_timeout_cb, &wait);
  while (!(done = condition (user_data)) && !wait.timed_out)
    g_main_context_iteration (wait.context, TRUE);

  if (!wait.timed_out)
    g_source_remove (timeout_id);

  return done;
}

void
bs_test_store_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

GAsyncResult *
bs_test_wait_result (GAsyncResult **result)
{
  if (!bs_test_wait_until (has_result, result, BS_TEST_ENGINE_TIMEOUT_MS))
    g_error ("No answer within %d seconds", BS_TEST_ENGINE_TIMEOUT_MS / 1000);

  return g_steal_pointer (result);
}

JsonNode *
bs_test_request (BsEngineClient  *client,
                 const char      *method,
                 const char      *path,
                 JsonNode        *body,
                 GError         **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_engine_client_request_async (client, method, path, body, NULL,
                                  bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);

  return bs_engine_client_request_finish (client, result, error);
}

char *
bs_test_closed_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u/", port);
}

SoupServer *
bs_test_http_server_new (SoupServerCallback   callback,
                         gpointer             user_data,
                         char               **out_base_url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  soup_server_add_handler (server, NULL, callback, user_data, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_base_url = g_uri_to_string (uris->data);
  return server;
}

void
bs_test_write_discovery (const char *path,
                         const char *url)
{
  g_autoptr(BsEngineDiscovery) discovery = bs_engine_discovery_new ();
  g_autoptr(GError) error = NULL;

  discovery->url = g_strdup (url);
  discovery->pid = 1;
  discovery->version = g_strdup (PACKAGE_VERSION);
  discovery->data_dir = g_strdup ("/nonexistent");
  discovery->token_store = g_strdup ("keyring");
  discovery->token_key = g_strdup ("engine-token:/nonexistent");

  g_assert_true (bs_engine_discovery_write (discovery, path, &error));
  g_assert_no_error (error);
}

static void
die_with_parent (gpointer user_data)
{
  /* An engine must not outlive a test that crashed or was killed. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
read_ready_line (GSubprocess  *process,
                 GError      **error)
{
  g_autoptr(GDataInputStream) output =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  for (;;)
    {
      GAsyncResult *pending = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *line = NULL;

      g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL,
                                           bs_test_store_result, &pending);
      result = bs_test_wait_result (&pending);
      line = g_data_input_stream_read_line_finish_utf8 (output, result, NULL, error);
      if (line == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "The engine ended its output without a ready line");
          return NULL;
        }
      if (line[0] == '{')
        return g_steal_pointer (&line);
      g_test_message ("engine: %s", line);
    }
}

static char *
look_up_token (const BsEngineDiscovery  *discovery,
               GError                  **error)
{
  g_autoptr(BsSecretStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *pending = NULL;

  if (g_strcmp0 (discovery->token_store, "file") == 0)
    store = bs_secret_store_new_for_file (discovery->token_file);
  else
    store = bs_secret_store_new_for_keyring ();

  bs_secret_store_lookup_async (store, discovery->token_key, NULL,
                                bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);

  return bs_secret_store_lookup_finish (store, result, error);
}

BsTestEngine *
bs_test_engine_start (const char  *data_dir,
                      GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  BsTestEngine *engine;
  const char *program = g_getenv ("BUSINESS_ENGINE");

  g_assert_nonnull (program);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  engine = g_new0 (BsTestEngine, 1);
  engine->data_dir = g_strdup (data_dir);
  engine->process = g_subprocess_launcher_spawn (launcher, error, program, "serve",
                                                 "--port", "0", "--print-ready",
                                                 "--demo-rows", BS_TEST_DEMO_ROWS,
                                                 "--data-dir", data_dir, NULL);
  if (engine->process == NULL)
    goto failed;
  bs_test_kill_on_abort (bs_test_subprocess_pid (engine->process));

  line = read_ready_line (engine->process, error);
  if (line == NULL ||
      (engine->discovery = bs_engine_discovery_parse (line, error)) == NULL ||
      (engine->token = look_up_token (engine->discovery, error)) == NULL)
    goto failed;

  engine->client = bs_engine_client_new (engine->discovery->url, engine->token);
  return engine;

failed:
  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The engine's token was not found");
  bs_test_engine_stop (engine);
  return NULL;
}

BsTestEngine *
bs_test_engine_start_in (const char *root)
{
  g_autofree char *data_dir = g_build_filename (root, "data", NULL);
  g_autoptr(GError) error = NULL;
  BsTestEngine *engine;

  engine = bs_test_engine_start (data_dir, &error);
  g_assert_no_error (error);

  return engine;
}

void
bs_test_engine_stop (BsTestEngine *engine)
{
  if (engine == NULL)
    return;

  if (engine->process != NULL)
    bs_test_stop_subprocess (engine->process);

  g_clear_object (&engine->client);
  g_clear_object (&engine->process);
  g_clear_pointer (&engine->discovery, bs_engine_discovery_free);
  g_clear_pointer (&engine->token, g_free);
  g_clear_pointer (&engine->data_dir, g_free);
  g_free (engine);
}

gint64
bs_test_find_demo_source (BsEngineClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = bs_test_request (client, "GET", "datasources", NULL, &error);
  JsonArray *items;
  gint64 id;

  g_assert_no_error (error);
  items = bs_engine_client_get_items (answer, "data sources", &error);
  g_assert_no_error (error);
  id = bs_engine_client_find_demo_source (items);
  if (id <= 0)
    g_error ("The engine has no demo source");
  return id;
}
