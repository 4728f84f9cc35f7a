#define G_LOG_DOMAIN "bs-engine-test"

#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bs-engine-test.h"
#include "bs-test-util.h"

#define READY_TIMEOUT_SECONDS 120
#define EXIT_TIMEOUT_SECONDS  60

BsTestEngine *
bs_test_engine_new (void)
{
  BsTestEngine *self = g_new0 (BsTestEngine, 1);

  self->tmp_dir = bs_test_make_tmp_dir ();
  self->data_dir = g_build_filename (self->tmp_dir, "data", NULL);
  self->runtime_dir = g_build_filename (self->tmp_dir, "run", NULL);
  g_assert_cmpint (g_mkdir (self->runtime_dir, 0700), ==, 0);
  self->session = soup_session_new_with_options ("timeout", 60, NULL);
  return self;
}

static void
clear_process (BsTestEngine *self)
{
  if (self->process != NULL && g_subprocess_get_identifier (self->process) != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }

  g_clear_object (&self->process);
  g_clear_object (&self->stdout_lines);
  g_clear_pointer (&self->ready_line, g_free);
  g_clear_pointer (&self->discovery, bs_engine_discovery_free);
  g_clear_pointer (&self->admin_token, g_free);
}

void
bs_test_engine_free (BsTestEngine *self)
{
  if (self == NULL)
    return;

  clear_process (self);
  g_clear_object (&self->session);
  bs_test_remove_tree (self->tmp_dir);
  g_free (self->tmp_dir);
  g_free (self->data_dir);
  g_free (self->runtime_dir);
  if (self->transcript != NULL)
    g_string_free (self->transcript, TRUE);
  g_free (self);
}

/* Runs in the child between fork and exec: the engine must not outlive a test that
 * aborts on a failed assertion. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
bs_test_engine_launcher (BsTestEngine     *self,
                         GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *xdg_data = g_build_filename (self->tmp_dir, "xdg-data", NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", self->runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_data, TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  if (!self->use_session_bus)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static GPtrArray *
engine_argv (const char * const *args)
{
  const char *engine = g_getenv ("BUSINESS_ENGINE");
  GPtrArray *argv = g_ptr_array_new ();

  g_assert_nonnull (engine);
  g_ptr_array_add (argv, (gpointer) engine);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return argv;
}

int
bs_test_engine_run_command (BsTestEngine        *self,
                            const char * const  *args,
                            char               **out_stdout,
                            char               **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = engine_argv (args);
  g_autoptr(GError) error = NULL;

  launcher = bs_test_engine_launcher (self, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static char *
read_ready_line (BsTestEngine *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;
  char *line;

  timeout_id = g_timeout_add_seconds (READY_TIMEOUT_SECONDS, cancel_cb, cancellable);
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, cancellable,
                                       bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  line = g_data_input_stream_read_line_finish_utf8 (self->stdout_lines, result, NULL, &error);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout_id);

  g_assert_no_error (error);
  g_assert_nonnull (line);   /* NULL: the engine exited before it was ready */
  return line;
}

char *
bs_test_lookup_secret (BsSecretStore *store,
                       const char    *key)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  bs_secret_store_lookup_async (store, key, NULL, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  secret = bs_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  return secret;
}

static char *
read_admin_token (BsTestEngine *self)
{
  g_autoptr(BsSecretStore) store = NULL;

  if (g_strcmp0 (self->discovery->token_store, "keyring") == 0)
    store = bs_secret_store_new_for_keyring ();
  else
    store = bs_secret_store_new_for_file (self->discovery->token_file);

  return bs_test_lookup_secret (store, self->discovery->token_key);
}

void
bs_test_engine_start (BsTestEngine       *self,
                      const char * const *extra_args)
{
  bs_test_engine_start_full (self, extra_args, NULL, NULL);
}

void
bs_test_engine_start_full (BsTestEngine       *self,
                           const char * const *extra_args,
                           const char * const *env,
                           const char         *stderr_path)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  const char * const serve_args[] = {
    "serve", "--port", "0", "--print-ready", "--demo-rows", "20000",
    "--data-dir", self->data_dir, NULL,
  };

  clear_process (self);
  g_strv_builder_addv (builder, (const char **) serve_args);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  args = g_strv_builder_end (builder);
  argv = engine_argv ((const char * const *) args);

  launcher = bs_test_engine_launcher (self, flags);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  if (stderr_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  self->ready_line = read_ready_line (self);
  self->discovery = bs_engine_discovery_parse (self->ready_line, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->discovery->url);
  self->admin_token = read_admin_token (self);
  g_assert_nonnull (self->admin_token);
}

void
bs_test_engine_kill (BsTestEngine *self)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGKILL);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_term_sig (self->process), ==, SIGKILL);
}

int
bs_test_engine_stop (BsTestEngine *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;

  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGTERM);

  timeout_id = g_timeout_add_seconds (EXIT_TIMEOUT_SECONDS, cancel_cb, cancellable);
  g_subprocess_wait_async (self->process, cancellable, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  g_subprocess_wait_finish (self->process, result, &error);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout_id);
  g_assert_no_error (error);   /* cancelled: it did not stop in time */

  g_assert_true (g_subprocess_get_if_exited (self->process));
  return g_subprocess_get_exit_status (self->process);
}

char *
bs_test_engine_get_discovery_path (BsTestEngine *self)
{
  return g_build_filename (self->runtime_dir, "business-studio", "engine.json", NULL);
}

static JsonNode *
parse_json (GBytes *body)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  g_autofree char *text = NULL;

  if (size == 0)
    return NULL;

  text = g_strndup (data, size);
  return json_from_string (text, NULL);
}

BsTestResponse *
bs_test_engine_request (BsTestEngine *self,
                        const char   *method,
                        const char   *path,
                        const char   *token,
                        const char   *body)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  BsTestResponse *response;

  g_assert_nonnull (self->discovery);
  if (path[0] == '/')
    url = g_strdup_printf ("%s%s", self->discovery->url, path + 1);
  else
    url = g_strdup_printf ("%sapi/v1/%s", self->discovery->url, path);

  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response = g_new0 (BsTestResponse, 1);
  response->body = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->json = parse_json (response->body);
  if (self->transcript != NULL && response->body != NULL)
    g_string_append_len (self->transcript, g_bytes_get_data (response->body, NULL),
                         g_bytes_get_size (response->body));
  return response;
}

BsTestResponse *
bs_test_engine_expect (BsTestEngine *self,
                       const char   *method,
                       const char   *path,
                       const char   *token,
                       const char   *body,
                       guint         status)
{
  BsTestResponse *response = bs_test_engine_request (self, method, path, token, body);

  if (response->status != status)
    g_test_message ("%s %s answered %u: %.*s", method, path, response->status,
                    (int) g_bytes_get_size (response->body),
                    (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, status);
  return response;
}

void
bs_test_engine_expect_error (BsTestEngine *self,
                             const char   *method,
                             const char   *path,
                             const char   *token,
                             const char   *body,
                             guint         status,
                             const char   *code,
                             ...)
{
  g_autoptr(BsTestResponse) response = NULL;
  const char *message;
  const char *part;
  va_list args;

  response = bs_test_engine_expect (self, method, path, token, body, status);
  message = bs_test_response_assert_error (response, code);
  g_test_message ("%s %s: %s", method, path, message);
  va_start (args, code);
  while ((part = va_arg (args, const char *)) != NULL)
    g_assert_nonnull (strstr (message, part));
  va_end (args);
}

/* Asserts that @needle appears nowhere in the file at @path (if there is one). */
static void
assert_not_in_file (const char *path,
                    const char *needle)
{
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  g_test_message ("Searching %s", path);
  g_assert_false (bs_test_file_contains (path, needle));
}

void
bs_test_engine_assert_secret_nowhere (BsTestEngine *self,
                                      const char   *log_path,
                                      const char   *secret)
{
  const char *files[] = { "workspace.db", "workspace.db-wal", "workspace.db-shm", "imports.db",
                          "imports.db-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (self->data_dir, files[i], NULL);

      assert_not_in_file (path, secret);
    }
  assert_not_in_file (log_path, secret);
  if (self->transcript != NULL)
    g_assert_null (strstr (self->transcript->str, secret));
}

char *
bs_test_engine_create_token (BsTestEngine *self,
                             const char   *name,
                             const char   *role,
                             gint64       *out_id)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"role\": \"%s\"}", name, role);
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *object;

  response = bs_test_engine_expect (self, "POST", "tokens", self->admin_token, body,
                                    SOUP_STATUS_CREATED);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, role);
  if (out_id != NULL)
    *out_id = json_object_get_int_member (object, "id");
  return g_strdup (json_object_get_string_member (object, "token"));
}

char *
bs_test_engine_raw_request (BsTestEngine *self,
                            const char   *request,
                            gsize         length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) uri = g_uri_parse (self->discovery->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GInputStream *input;
  guint8 buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, length, NULL, NULL, &error);
  g_assert_no_error (error);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_assert_no_error (error);

  return g_strndup ((const char *) answer->data, answer->len);
}

JsonObject *
bs_test_response_get_object (BsTestResponse *self)
{
  g_assert_nonnull (self->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (self->json));
  return json_node_get_object (self->json);
}

const char *
bs_test_response_assert_error (BsTestResponse *self,
                               const char     *code)
{
  JsonObject *error;
  const char *message;

  g_assert_cmpstr (soup_message_headers_get_content_type (self->headers, NULL), ==,
                   "application/json");
  error = json_object_get_object_member (bs_test_response_get_object (self), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  message = json_object_get_string_member (error, "message");
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), >, 10);
  return message;
}

void
bs_test_response_free (BsTestResponse *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_free (self);
}
