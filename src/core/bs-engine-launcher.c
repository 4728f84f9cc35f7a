#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "bs-engine-launcher.h"
#include "bs-secret-store.h"

#define ENGINE_PROGRAM_NAME        "business-engine"
#define DEFAULT_READY_TIMEOUT_S    300
/* A plain start answers in well under a second; longer means it is creating a workspace. */
#define PREPARING_AFTER_MS         2000
#define PROBE_TIMEOUT_S            5
#define WAITING_POLL_MS            500
/* gnome-keyring can wait forever on a password prompt nobody sees. */
#define TOKEN_LOOKUP_TIMEOUT_S     20

struct _BsEngineLauncher
{
  GObject                parent_instance;

  char                  *discovery_path;
  GStrv                  extra_arguments;
  guint                  ready_timeout;
  BsEngineLauncherState  state;
  GTask                 *pending;

  /* Results of the last successful connection. */
  BsEngineClient        *client;
  BsEngineDiscovery     *discovery;
  JsonObject            *workspace;
  char                  *token_location;

  /* The engine this launcher started. */
  GSubprocess           *subprocess;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_CLIENT,
  PROP_DISCOVERY_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BsEngineLauncher, bs_engine_launcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (bs-engine-launcher-error-quark, bs_engine_launcher_error)

G_DEFINE_ENUM_TYPE (BsEngineLauncherState, bs_engine_launcher_state,
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_LOOKING, "looking"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_PREPARING, "preparing"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_AUTHENTICATING, "authenticating"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (BS_ENGINE_LAUNCHER_STATE_FAILED, "failed"))

/* One connection attempt. */
typedef struct
{
  BsEngineDiscovery *discovery;
  BsEngineClient    *client;
  char              *program;
  GSubprocess       *subprocess;
  GDataInputStream  *engine_output;
  BsSecretStore     *store;
  GCancellable      *lookup_cancellable;
  gulong             cancelled_id;
  gint64             deadline;
  guint              ready_timeout_id;
  guint              preparing_id;
  guint              poll_id;
  guint              lookup_timeout_id;
  gboolean           timed_out;
} Attempt;

static void start_engine  (GTask *task);
static void look_up_token (GTask *task);
static void probe_health  (GTask *task);

static void
attempt_free (gpointer data)
{
  Attempt *attempt = data;
  GCancellable *cancellable = NULL;

  g_clear_handle_id (&attempt->ready_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->preparing_id, g_source_remove);
  g_clear_handle_id (&attempt->poll_id, g_source_remove);
  g_clear_handle_id (&attempt->lookup_timeout_id, g_source_remove);
  if (attempt->cancelled_id != 0)
    {
      cancellable = g_object_get_data (G_OBJECT (attempt->lookup_cancellable), "parent");
      g_cancellable_disconnect (cancellable, attempt->cancelled_id);
    }
  g_clear_object (&attempt->lookup_cancellable);
  g_clear_pointer (&attempt->discovery, bs_engine_discovery_free);
  g_clear_object (&attempt->client);
  g_clear_pointer (&attempt->program, g_free);
  g_clear_object (&attempt->subprocess);
  g_clear_object (&attempt->engine_output);
  g_clear_object (&attempt->store);
  g_free (attempt);
}

static void
set_state (BsEngineLauncher      *self,
           BsEngineLauncherState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
attempt_fail (GTask  *task,
              GError *error)
{
  BsEngineLauncher *self = g_task_get_source_object (task);

  g_clear_object (&self->pending);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, BS_ENGINE_LAUNCHER_STATE_IDLE);
  else
    set_state (self, BS_ENGINE_LAUNCHER_STATE_FAILED);
  g_task_return_error (task, error);
}

static gboolean
attempt_fail_if_cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;

  attempt_fail (task, error);
  return TRUE;
}

static void
attempt_fail_literal (GTask                 *task,
                      BsEngineLauncherError  code,
                      const char            *message)
{
  attempt_fail (task, g_error_new_literal (BS_ENGINE_LAUNCHER_ERROR, code, message));
}

static void
bs_engine_launcher_dispose (GObject *object)
{
  BsEngineLauncher *self = BS_ENGINE_LAUNCHER (object);

  g_clear_object (&self->subprocess);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (bs_engine_launcher_parent_class)->dispose (object);
}

static void
bs_engine_launcher_finalize (GObject *object)
{
  BsEngineLauncher *self = BS_ENGINE_LAUNCHER (object);

  g_clear_pointer (&self->discovery_path, g_free);
  g_clear_pointer (&self->extra_arguments, g_strfreev);
  g_clear_pointer (&self->discovery, bs_engine_discovery_free);
  g_clear_pointer (&self->workspace, json_object_unref);
  g_clear_pointer (&self->token_location, g_free);

  G_OBJECT_CLASS (bs_engine_launcher_parent_class)->finalize (object);
}

static void
bs_engine_launcher_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BsEngineLauncher *self = BS_ENGINE_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_DISCOVERY_PATH:
      g_value_set_string (value, bs_engine_launcher_get_discovery_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_engine_launcher_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BsEngineLauncher *self = BS_ENGINE_LAUNCHER (object);

  switch (prop_id)
    {
    case PROP_DISCOVERY_PATH:
      bs_engine_launcher_set_discovery_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_engine_launcher_class_init (BsEngineLauncherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_engine_launcher_dispose;
  object_class->finalize = bs_engine_launcher_finalize;
  object_class->get_property = bs_engine_launcher_get_property;
  object_class->set_property = bs_engine_launcher_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BS_TYPE_ENGINE_LAUNCHER_STATE,
                       BS_ENGINE_LAUNCHER_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         BS_TYPE_ENGINE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISCOVERY_PATH] =
    g_param_spec_string ("discovery-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_engine_launcher_init (BsEngineLauncher *self)
{
  self->ready_timeout = DEFAULT_READY_TIMEOUT_S;
}

BsEngineLauncher *
bs_engine_launcher_new (void)
{
  return g_object_new (BS_TYPE_ENGINE_LAUNCHER, NULL);
}

void
bs_engine_launcher_set_discovery_path (BsEngineLauncher *self,
                                       const char       *path)
{
  g_return_if_fail (BS_IS_ENGINE_LAUNCHER (self));

  if (g_strcmp0 (self->discovery_path, path) == 0)
    return;

  g_free (self->discovery_path);
  self->discovery_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERY_PATH]);
}

const char *
bs_engine_launcher_get_discovery_path (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);

  if (self->discovery_path == NULL)
    self->discovery_path = bs_engine_discovery_default_path ();

  return self->discovery_path;
}

void
bs_engine_launcher_set_extra_arguments (BsEngineLauncher   *self,
                                        const char * const *arguments)
{
  g_return_if_fail (BS_IS_ENGINE_LAUNCHER (self));

  g_clear_pointer (&self->extra_arguments, g_strfreev);
  self->extra_arguments = g_strdupv ((char **) arguments);
}

void
bs_engine_launcher_set_ready_timeout (BsEngineLauncher *self,
                                      guint             seconds)
{
  g_return_if_fail (BS_IS_ENGINE_LAUNCHER (self));
  g_return_if_fail (seconds > 0);

  self->ready_timeout = seconds;
}

BsEngineLauncherState
bs_engine_launcher_get_state (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), BS_ENGINE_LAUNCHER_STATE_IDLE);

  return self->state;
}

BsEngineClient *
bs_engine_launcher_get_client (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);

  return self->client;
}

const BsEngineDiscovery *
bs_engine_launcher_get_discovery (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);

  return self->discovery;
}

JsonObject *
bs_engine_launcher_get_workspace (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);

  return self->workspace;
}

const char *
bs_engine_launcher_get_token_location (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);

  return self->token_location;
}

GSubprocess *
bs_engine_launcher_get_subprocess (BsEngineLauncher *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);

  return self->subprocess;
}

static gboolean
is_program (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) &&
         !g_file_test (path, G_FILE_TEST_IS_DIR);
}

char *
bs_engine_launcher_find_program (GError **error)
{
  const char *from_env = g_getenv ("BUSINESS_ENGINE");
  g_autofree char *installed = g_build_filename (BINDIR, ENGINE_PROGRAM_NAME, NULL);
  char *in_path;

  /* An explicit choice is never silently replaced by another engine. */
  if (from_env != NULL && from_env[0] != '\0')
    {
      if (is_program (from_env))
        return g_strdup (from_env);

      g_set_error (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND,
                   /* Translators: %s is a file path; BUSINESS_ENGINE is an environment
                    * variable and must not be translated. */
                   _("The engine program “%s” named by BUSINESS_ENGINE does not exist or "
                     "cannot be run. Point BUSINESS_ENGINE to the business-engine program, "
                     "or unset it."),
                   from_env);
      return NULL;
    }

  if (is_program (installed))
    return g_steal_pointer (&installed);

  in_path = g_find_program_in_path (ENGINE_PROGRAM_NAME);
  if (in_path != NULL)
    return in_path;

  g_set_error (error, BS_ENGINE_LAUNCHER_ERROR, BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND,
               /* Translators: the first %s is a file path, the second the list of folders
                * in PATH. */
               _("The Business Engine program was not found. Looked for “%s” and for "
                 "business-engine in the folders of PATH (%s). Reinstall Business Studio, "
                 "or set BUSINESS_ENGINE to the path of business-engine."),
               installed, g_getenv ("PATH") ? g_getenv ("PATH") : "");
  return NULL;
}

/* --- 3. the token ---------------------------------------------------------------------- */

static void
workspace_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngineLauncher *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNAUTHORIZED))
    {
      g_autofree char *message =
        /* Translators: “%s” are an address, a place like “the keyring”, and the engine's
         * own explanation. */
        g_strdup_printf (_("The Business Engine at %s refused the admin token kept in %s: %s "
                           "Restart the engine so that it stores a valid token, then try again."),
                         attempt->discovery->url, bs_secret_store_describe (attempt->store),
                         error->message);

      attempt_fail_literal (task, BS_ENGINE_LAUNCHER_ERROR_TOKEN, message);
      return;
    }
  if (error != NULL)
    {
      attempt_fail (task, g_steal_pointer (&error));
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *message =
        g_strdup_printf (_("The Business Engine at %s did not describe its workspace."),
                         attempt->discovery->url);

      attempt_fail_literal (task, BS_ENGINE_LAUNCHER_ERROR_PROTOCOL, message);
      return;
    }

  g_clear_pointer (&self->workspace, json_object_unref);
  self->workspace = json_object_ref (json_node_get_object (root));
  g_clear_pointer (&self->discovery, bs_engine_discovery_free);
  self->discovery = g_steal_pointer (&attempt->discovery);
  g_free (self->token_location);
  self->token_location = g_strdup (bs_secret_store_describe (attempt->store));
  g_set_object (&self->client, attempt->client);
  g_clear_object (&self->pending);

  set_state (self, BS_ENGINE_LAUNCHER_STATE_CONNECTED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_task_return_pointer (task, g_object_ref (self->client), g_object_unref);
}

static void
token_looked_up_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  BsSecretStore *store = BS_SECRET_STORE (source);
  const BsEngineDiscovery *discovery = attempt->discovery;
  /* Read before the task is handed on: argument order is unspecified. */
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *message = NULL;

  g_clear_handle_id (&attempt->lookup_timeout_id, g_source_remove);
  token = bs_secret_store_lookup_finish (store, result, &error);

  if (attempt_fail_if_cancelled (task))
    return;

  if (attempt->timed_out)
    message = g_strdup_printf (_("Reading the engine's admin token from %s took longer "
                                 "than %u seconds. Unlock the keyring, then try again."),
                               bs_secret_store_describe (store), TOKEN_LOOKUP_TIMEOUT_S);
  else if (error != NULL)
    message = g_strdup_printf (_("Could not read the engine's admin token from %s: %s"),
                               bs_secret_store_describe (store), error->message);
  else if (token == NULL || token[0] == '\0')
    message = g_strdup_printf (_("The Business Engine at %s keeps its admin token in %s "
                                 "under “%s”, but nothing is stored there. Restart the engine "
                                 "(process %d) so that it stores its token again, then try "
                                 "again."),
                               discovery->url, bs_secret_store_describe (store),
                               discovery->token_key, (int) discovery->pid);
  if (message != NULL)
    {
      attempt_fail_literal (task, BS_ENGINE_LAUNCHER_ERROR_TOKEN, message);
      return;
    }

  attempt->client = bs_engine_client_new (discovery->url, token);
  bs_engine_client_request_async (attempt->client, "GET", "workspace", NULL, cancellable,
                                  workspace_cb, g_steal_pointer (&task));
}

static gboolean
lookup_timeout_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  attempt->lookup_timeout_id = 0;
  attempt->timed_out = TRUE;
  g_cancellable_cancel (attempt->lookup_cancellable);

  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void
look_up_token (GTask *task)
{
  BsEngineLauncher *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  const BsEngineDiscovery *discovery = attempt->discovery;
  GCancellable *cancellable = g_task_get_cancellable (task);

  set_state (self, BS_ENGINE_LAUNCHER_STATE_AUTHENTICATING);

  if (discovery->token_key == NULL || discovery->token_key[0] == '\0' ||
      (g_strcmp0 (discovery->token_store, "file") == 0 && discovery->token_file == NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("The Business Engine at %s did not say where its admin token is kept. "
                           "Update the engine to the version of Business Studio (%s)."),
                         discovery->url, PACKAGE_VERSION);

      attempt_fail_literal (task, BS_ENGINE_LAUNCHER_ERROR_PROTOCOL, message);
      return;
    }

  if (g_strcmp0 (discovery->token_store, "file") == 0)
    attempt->store = bs_secret_store_new_for_file (discovery->token_file);
  else
    attempt->store = bs_secret_store_new_for_keyring ();

  attempt->lookup_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      g_object_set_data_full (G_OBJECT (attempt->lookup_cancellable), "parent",
                              g_object_ref (cancellable), g_object_unref);
      attempt->cancelled_id = g_cancellable_connect (cancellable,
                                                     G_CALLBACK (parent_cancelled_cb),
                                                     attempt->lookup_cancellable, NULL);
    }
  attempt->lookup_timeout_id = g_timeout_add_seconds (TOKEN_LOOKUP_TIMEOUT_S,
                                                      lookup_timeout_cb, attempt);

  bs_secret_store_lookup_async (attempt->store, discovery->token_key,
                                attempt->lookup_cancellable,
                                token_looked_up_cb, g_object_ref (task));
}

/* --- 2. starting an engine ------------------------------------------------------------- */

static void
drain_line_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, NULL);
  if (line == NULL)
    return;

  g_debug ("business-engine: %s", line);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_LOW, NULL,
                                       drain_line_cb, NULL);
}

/* Reads what the engine still writes on its standard output (its log, with
 * G_MESSAGES_DEBUG) until it exits, whatever becomes of the launcher: a full pipe would
 * block it, a closed one would kill it with SIGPIPE. The pending read keeps the stream. */
static void
keep_reading_output (Attempt *attempt)
{
  g_data_input_stream_read_line_async (attempt->engine_output, G_PRIORITY_LOW, NULL,
                                       drain_line_cb, NULL);
}

static void
engine_exited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngineLauncher *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  GSubprocess *subprocess = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_subprocess_wait_finish (subprocess, result, &error))
    {
      attempt_fail (task, g_steal_pointer (&error));
      return;
    }

  if (self->subprocess == subprocess)
    g_clear_object (&self->subprocess);

  if (attempt->timed_out)
    message = g_strdup_printf (_("The Business Engine did not become ready within %u "
                                 "seconds and was stopped. Run “%s serve” in a terminal to "
                                 "see what it is doing."),
                               self->ready_timeout, attempt->program);
  else if (g_subprocess_get_if_signaled (subprocess))
    message = g_strdup_printf (_("The Business Engine was stopped by signal %d before it was "
                                 "ready. Run “%s serve” in a terminal to see its messages."),
                               g_subprocess_get_term_sig (subprocess), attempt->program);
  else
    message = g_strdup_printf (_("The Business Engine stopped with exit status %d before it "
                                 "was ready. Run “%s serve” in a terminal to see its "
                                 "messages."),
                               g_subprocess_get_exit_status (subprocess), attempt->program);

  attempt_fail_literal (task,
                        attempt->timed_out ? BS_ENGINE_LAUNCHER_ERROR_TIMED_OUT
                                           : BS_ENGINE_LAUNCHER_ERROR_EXITED,
                        message);
}

static void
stop_waiting_for_ready (Attempt *attempt)
{
  g_clear_handle_id (&attempt->ready_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->preparing_id, g_source_remove);
}

static gboolean
handle_ready_line (GTask      *task,
                   const char *line)
{
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(BsEngineDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;

  if (line[0] != '{')
    return FALSE;

  discovery = bs_engine_discovery_parse (line, &error);
  if (discovery == NULL || discovery->url == NULL)
    {
      g_debug ("Not a ready line (%s): %s", error ? error->message : "no url", line);
      return FALSE;
    }

  stop_waiting_for_ready (attempt);
  attempt->discovery = g_steal_pointer (&discovery);
  keep_reading_output (attempt);
  look_up_token (task);
  return TRUE;
}

static void
ready_line_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The engine goes on getting ready without us (a service); what it writes from now
       * on must still find a reader. */
      stop_waiting_for_ready (attempt);
      keep_reading_output (attempt);
      attempt_fail (task, g_steal_pointer (&error));
      return;
    }

  if (line == NULL)
    {
      /* End of output (or unreadable output): the engine is gone or going; its exit
       * status says more than the read error would. */
      if (error != NULL)
        g_debug ("Reading the engine's output failed: %s", error->message);
      stop_waiting_for_ready (attempt);
      g_subprocess_wait_async (attempt->subprocess, cancellable,
                               engine_exited_cb, g_steal_pointer (&task));
      return;
    }

  g_strchomp (line);
  if (handle_ready_line (task, line))
    return;

  if (line[0] != '\0')
    g_debug ("business-engine: %s", line);
  g_data_input_stream_read_line_async (attempt->engine_output, G_PRIORITY_DEFAULT,
                                       cancellable, ready_line_cb, g_steal_pointer (&task));
}

static gboolean
ready_timeout_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  attempt->ready_timeout_id = 0;
  attempt->timed_out = TRUE;
  /* Ends its output, which ends the wait with a message saying why. */
  g_subprocess_force_exit (attempt->subprocess);

  return G_SOURCE_REMOVE;
}

static gboolean
preparing_cb (gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);

  attempt->preparing_id = 0;
  set_state (g_task_get_source_object (task), BS_ENGINE_LAUNCHER_STATE_PREPARING);

  return G_SOURCE_REMOVE;
}

static void
child_setup (gpointer user_data)
{
  /* Its own session: a Ctrl+C or a closed terminal that stops the Studio leaves the
   * service running. */
  setsid ();
}

static GStrv
engine_argv (BsEngineLauncher *self,
             const char       *program)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add_many (builder, program, "serve", "--port", "0", "--print-ready", NULL);
  if (self->extra_arguments != NULL)
    g_strv_builder_addv (builder, (const char **) self->extra_arguments);

  return g_strv_builder_end (builder);
}

static void
start_engine (GTask *task)
{
  BsEngineLauncher *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  attempt->program = bs_engine_launcher_find_program (&error);
  if (attempt->program == NULL)
    {
      attempt_fail (task, g_steal_pointer (&error));
      return;
    }

  set_state (self, BS_ENGINE_LAUNCHER_STATE_STARTING);

  argv = engine_argv (self, attempt->program);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  attempt->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv,
                                                      &error);
  if (attempt->subprocess == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not start the Business Engine (%s): %s"),
                         attempt->program, error->message);

      attempt_fail_literal (task, BS_ENGINE_LAUNCHER_ERROR_SPAWN, message);
      return;
    }

  g_set_object (&self->subprocess, attempt->subprocess);
  attempt->engine_output =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (attempt->subprocess));
  attempt->ready_timeout_id = g_timeout_add_seconds (self->ready_timeout,
                                                     ready_timeout_cb, attempt);
  attempt->preparing_id = g_timeout_add (PREPARING_AFTER_MS, preparing_cb, task);

  g_data_input_stream_read_line_async (attempt->engine_output, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       ready_line_cb, g_object_ref (task));
}

/* --- 1. an engine that is already running ---------------------------------------------- */

static gboolean
poll_health_cb (gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);

  attempt->poll_id = 0;
  probe_health (task);

  return G_SOURCE_REMOVE;
}

static gboolean
health_is_ok (JsonNode *root)
{
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
         g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                "status", NULL), "ok") == 0;
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngineLauncher *self = g_task_get_source_object (task);
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attempt_fail (task, g_steal_pointer (&error));
      return;
    }

  if (error == NULL && health_is_ok (root))
    {
      look_up_token (task);
      return;
    }

  /* 503: it is there but still opening its workspace (maybe creating the demo). */
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_SERVER))
    {
      if (g_get_monotonic_time () < attempt->deadline)
        {
          set_state (self, BS_ENGINE_LAUNCHER_STATE_WAITING);
          attempt->poll_id = g_timeout_add_full (G_PRIORITY_DEFAULT, WAITING_POLL_MS,
                                                 poll_health_cb, g_steal_pointer (&task),
                                                 g_object_unref);
          return;
        }
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("The Business Engine at %s (process %d) has not become "
                               "ready within %u seconds: %s"),
                             attempt->discovery->url, (int) attempt->discovery->pid,
                             self->ready_timeout, error->message);

          attempt_fail_literal (task, BS_ENGINE_LAUNCHER_ERROR_TIMED_OUT, message);
          return;
        }
    }

  /* Nobody, or something else, answers there: the file is left over from an engine that
   * is gone. */
  g_debug ("No engine answers at %s (%s); starting one",
           attempt->discovery->url, error ? error->message : "unexpected health answer");
  g_clear_pointer (&attempt->discovery, bs_engine_discovery_free);
  g_clear_object (&attempt->client);
  start_engine (task);
}

static void
probe_health (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);

  if (attempt->client == NULL)
    {
      attempt->client = bs_engine_client_new (attempt->discovery->url, NULL);
      bs_engine_client_set_timeout (attempt->client, PROBE_TIMEOUT_S);
    }

  bs_engine_client_request_async (attempt->client, "GET", "health", NULL,
                                  g_task_get_cancellable (task),
                                  health_cb, g_object_ref (task));
}

static void
read_discovery_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  BsEngineDiscovery *discovery;

  discovery = bs_engine_discovery_read (path, &error);
  if (discovery == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, discovery, (GDestroyNotify) bs_engine_discovery_free);
}

static void
discovery_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  attempt->discovery = g_task_propagate_pointer (G_TASK (result), &error);
  if (attempt_fail_if_cancelled (task))
    return;

  if (attempt->discovery == NULL || attempt->discovery->url == NULL)
    {
      g_debug ("No running engine found: %s", error ? error->message : "no address");
      g_clear_pointer (&attempt->discovery, bs_engine_discovery_free);
      start_engine (task);
      return;
    }

  probe_health (task);
}

void
bs_engine_launcher_connect_async (BsEngineLauncher    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read_task = NULL;
  Attempt *attempt;

  g_return_if_fail (BS_IS_ENGINE_LAUNCHER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_engine_launcher_connect_async);

  if (self->pending != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Already connecting to the Business Engine"));
      return;
    }

  attempt = g_new0 (Attempt, 1);
  attempt->deadline = g_get_monotonic_time () + (gint64) self->ready_timeout * G_USEC_PER_SEC;
  g_task_set_task_data (task, attempt, attempt_free);
  self->pending = g_object_ref (task);

  set_state (self, BS_ENGINE_LAUNCHER_STATE_LOOKING);

  read_task = g_task_new (self, cancellable, discovery_read_cb, g_object_ref (task));
  g_task_set_source_tag (read_task, read_discovery_thread);
  g_task_set_task_data (read_task, g_strdup (bs_engine_launcher_get_discovery_path (self)),
                        g_free);
  g_task_run_in_thread (read_task, read_discovery_thread);
}

BsEngineClient *
bs_engine_launcher_connect_finish (BsEngineLauncher  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (BS_IS_ENGINE_LAUNCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
