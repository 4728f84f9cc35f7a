#define G_LOG_DOMAIN "bs-engine"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bs-alert-scheduler.h"
#include "bs-api-routes.h"
#include "bs-api-server.h"
#include "bs-api-token.h"
#include "bs-data-source.h"
#include "bs-demo-generator.h"
#include "bs-demo-writer.h"
#include "bs-engine-change.h"
#include "bs-engine-json.h"
#include "bs-engine-meta.h"
#include "bs-engine-tokens.h"
#include "bs-engine.h"
#include "bs-notification-sender.h"
#include "bs-progress-printer.h"
#include "bs-secret-store.h"
#include "bs-store.h"

#define ENGINE_ACTOR            "engine"
#define BOOTSTRAP_TOKEN_NAME    "Local Studio"
#define DEMO_SOURCE_NAME        "Demo retail"
#define DEMO_FILE_NAME          "demo-retail.db"
#define WORKSPACE_FILE_NAME     "workspace.db"
#define KEYRING_PROBE_TIMEOUT_MS 3000
#define SHUTDOWN_TIMEOUT_MS     5000

struct _BsEngine
{
  GObject            parent_instance;

  char              *data_dir;
  char              *address;
  guint              port;
  gboolean           allow_remote;
  gboolean           no_demo;
  guint64            demo_rows;
  char              *secrets_file;

  GInetAddress      *inet_address;
  BsApiServer       *server;
  BsStore           *store;
  BsSecretStore     *secrets;
  BsEngineDiscovery *discovery;
  char              *discovery_path;
  BsAlertScheduler  *scheduler;
  BsNotificationSender *sender;
};

typedef struct
{
  char              *demo_path;
  gboolean           demo_registered;   /* only the file is missing: regenerate it */
  BsDemoGenerator   *generator;
  BsProgressPrinter *progress;
  gint64             demo_started_usec;

  char              *token_key;
  BsApiToken        *bootstrap;         /* the live bootstrap token found at start */
  BsApiToken        *new_token;
  char              *secret;            /* wiped before it is freed */
} StartState;

G_DEFINE_FINAL_TYPE (BsEngine, bs_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (bs-engine-error-quark, bs_engine_error)

static void
start_state_free (StartState *state)
{
  g_free (state->demo_path);
  g_clear_object (&state->generator);
  g_clear_pointer (&state->progress, bs_progress_printer_free);
  g_free (state->token_key);
  g_clear_pointer (&state->bootstrap, bs_api_token_free);
  g_clear_pointer (&state->new_token, bs_api_token_free);
  bs_engine_tokens_free_secret (state->secret);
  g_free (state);
}

/* Evaluating the rules and delivering their notifications. The API still serves when the
 * scheduler cannot start; the rules are then not evaluated, which the log says. */
static void
start_alerts (BsEngine *self)
{
  g_autoptr(GError) error = NULL;

  self->scheduler = bs_alert_scheduler_new (bs_store_get_path (self->store), self->data_dir,
                                            self->secrets);
  if (!bs_alert_scheduler_start (self->scheduler, &error))
    g_warning ("Could not start evaluating alert rules: %s", error->message);

  self->sender = bs_notification_sender_new (self->store, self->secrets);
  bs_notification_sender_start (self->sender);
}

static void
stop_alerts (BsEngine *self)
{
  if (self->scheduler != NULL)
    bs_alert_scheduler_stop (self->scheduler);
  g_clear_object (&self->scheduler);
  if (self->sender != NULL)
    bs_notification_sender_stop (self->sender);
  g_clear_object (&self->sender);
}

static void
bs_engine_dispose (GObject *object)
{
  BsEngine *self = (BsEngine *)object;

  stop_alerts (self);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (bs_engine_parent_class)->dispose (object);
}

static void
bs_engine_finalize (GObject *object)
{
  BsEngine *self = (BsEngine *)object;

  g_free (self->data_dir);
  g_free (self->address);
  g_free (self->secrets_file);
  g_clear_object (&self->inet_address);
  g_clear_pointer (&self->discovery, bs_engine_discovery_free);
  g_free (self->discovery_path);

  G_OBJECT_CLASS (bs_engine_parent_class)->finalize (object);
}

static void
bs_engine_class_init (BsEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_engine_dispose;
  object_class->finalize = bs_engine_finalize;
}

static void
bs_engine_init (BsEngine *self)
{
}

char *
bs_engine_get_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
}

char *
bs_engine_get_token_key (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_strconcat ("engine-token:", data_dir, NULL);
}

BsEngine *
bs_engine_new (const BsEngineOptions *options)
{
  BsEngine *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (BS_TYPE_ENGINE, NULL);
  if (options->data_dir != NULL)
    self->data_dir = g_canonicalize_filename (options->data_dir, NULL);
  else
    self->data_dir = bs_engine_get_default_data_dir ();
  self->address = g_strdup (options->address != NULL ? options->address
                                                     : BS_ENGINE_DEFAULT_ADDRESS);
  self->port = options->port;
  self->allow_remote = options->allow_remote;
  self->no_demo = options->no_demo;
  self->demo_rows = options->demo_rows > 0 ? options->demo_rows : BS_DEMO_DEFAULT_ROWS;
  self->secrets_file = g_strdup (options->secrets_file);
  return self;
}

const char *
bs_engine_get_data_dir (BsEngine *self)
{
  g_return_val_if_fail (BS_IS_ENGINE (self), NULL);

  return self->data_dir;
}

const BsEngineDiscovery *
bs_engine_get_discovery (BsEngine *self)
{
  g_return_val_if_fail (BS_IS_ENGINE (self), NULL);

  return self->discovery;
}

static gboolean
resolve_address (BsEngine  *self,
                 GError   **error)
{
  const char *text = self->address;

  if (g_ascii_strcasecmp (text, "localhost") == 0)
    text = BS_ENGINE_DEFAULT_ADDRESS;

  self->inet_address = g_inet_address_new_from_string (text);
  if (self->inet_address == NULL)
    {
      g_set_error (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_ADDRESS,
                   "“%s” is not an IP address; give one such as 127.0.0.1 or ::1",
                   self->address);
      return FALSE;
    }

  if (!g_inet_address_get_is_loopback (self->inet_address) && !self->allow_remote)
    {
      g_set_error (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_ADDRESS,
                   "Refusing to listen on %s: other machines could reach the API there, and "
                   "it speaks plain HTTP, so API tokens would cross the network unencrypted. "
                   "Add --allow-remote if that is what you want (ideally behind a TLS proxy)",
                   self->address);
      return FALSE;
    }

  return TRUE;
}

static gboolean
prepare_data_dir (BsEngine  *self,
                  GError   **error)
{
  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_DATA_DIR,
                   "Could not create the data directory “%s”: %s; choose another with "
                   "--data-dir", self->data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_access (self->data_dir, W_OK | X_OK) != 0)
    {
      g_set_error (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_DATA_DIR,
                   "The data directory “%s” is not writable; choose another with --data-dir",
                   self->data_dir);
      return FALSE;
    }

  return TRUE;
}

static gboolean
start_listening (BsEngine  *self,
                 GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  const BsApiRoute *routes;
  gsize n_routes;

  routes = bs_api_routes_get (&n_routes);
  self->server = bs_api_server_new (routes, n_routes);
  if (bs_api_server_listen (self->server, self->inet_address, self->port, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_PORT_IN_USE,
                 "Port %u on %s is already in use — is another engine running? "
                 "Choose another with --port", self->port, self->address);
  else
    g_set_error (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_LISTEN,
                 "Could not listen on %s port %u: %s",
                 self->address, self->port, local_error->message);
  return FALSE;
}

static gboolean
open_store (BsEngine  *self,
            GError   **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, WORKSPACE_FILE_NAME, NULL);

  self->store = bs_store_open (path, error);
  return self->store != NULL;
}

/* The steps of starting each take over the reference to @task they are given. */
static void
start_failed (GTask  *task,
              GError *error)
{
  StartState *state = g_task_get_task_data (task);

  if (state->progress != NULL)
    bs_progress_printer_finish (state->progress);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static const char *
describe_token_store (BsSecretStore *secrets)
{
  if (bs_secret_store_get_backend (secrets) == BS_SECRET_BACKEND_KEYRING)
    return "keyring";
  return "file";
}

static void
write_discovery (BsEngine *self,
                 GTask    *task)
{
  StartState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  BsEngineDiscovery *discovery = bs_engine_discovery_new ();
  g_autofree char *path = bs_engine_discovery_default_path ();

  discovery->url = bs_api_server_get_url (self->server);
  discovery->pid = getpid ();
  discovery->version = g_strdup (PACKAGE_VERSION);
  discovery->data_dir = g_strdup (self->data_dir);
  discovery->token_store = g_strdup (describe_token_store (self->secrets));
  discovery->token_file = g_strdup (bs_secret_store_get_file (self->secrets));
  discovery->token_key = g_strdup (state->token_key);
  self->discovery = discovery;

  if (!bs_engine_discovery_write (discovery, path, &error))
    {
      g_warning ("Could not write the discovery file: %s; the Studio will not find this "
                 "engine by itself", error->message);
      return;
    }

  self->discovery_path = g_steal_pointer (&path);
}

static void
finish_start (GTask *task)
{
  BsEngine *self = g_task_get_source_object (task);

  write_discovery (self, task);
  bs_api_server_set_secret_store (self->server, self->secrets);
  bs_api_server_set_workspace (self->server, self->store, self->data_dir);
  start_alerts (self);
  g_message ("Listening on %s (data in %s)", self->discovery->url, self->data_dir);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
log_token_store (BsEngine *self)
{
  if (bs_secret_store_get_backend (self->secrets) == BS_SECRET_BACKEND_KEYRING)
    g_message ("The admin token is kept in the keyring");
  else
    g_message ("The admin token is kept in %s, readable only by you",
               bs_secret_store_get_file (self->secrets));
}

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngine *self = g_task_get_source_object (task);
  StartState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!bs_secret_store_store_finish (BS_SECRET_STORE (object), result, &error))
    {
      start_failed (g_steal_pointer (&task),
                    g_error_new (BS_ENGINE_ERROR, BS_ENGINE_ERROR_SECRETS,
                                 "Could not keep the admin token in %s: %s",
                                 bs_secret_store_describe (self->secrets), error->message));
      return;
    }

  g_message ("Created a new admin token “%s” (id %" G_GINT64_FORMAT ")",
             state->new_token->name, state->new_token->id);
  log_token_store (self);
  finish_start (g_steal_pointer (&task));
}

static void
replace_admin_token (GTask *task)
{
  BsEngine *self = g_task_get_source_object (task);
  StartState *state = g_task_get_task_data (task);
  g_autofree char *label = NULL;
  GError *error = NULL;
  BsEngineTokenSpec spec = {
    .name = BOOTSTRAP_TOKEN_NAME,
    .role = BS_ROLE_ADMIN,
    .bootstrap = TRUE,
    .replaces = state->bootstrap,
  };

  state->new_token = bs_engine_tokens_create (self->store, ENGINE_ACTOR, &spec,
                                              &state->secret, &error);
  if (state->new_token == NULL)
    {
      start_failed (task, error);
      return;
    }

  label = g_strdup_printf ("Business Engine admin token (%s)", self->data_dir);
  bs_secret_store_store_async (self->secrets, state->token_key, label, state->secret,
                               g_task_get_cancellable (task), on_secret_stored, task);
}

/* The stored secret is the bootstrap token's only if it authenticates as that token. */
static gboolean
secret_matches_bootstrap (BsEngine   *self,
                          StartState *state,
                          const char *secret)
{
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(GError) error = NULL;

  if (secret == NULL)
    return FALSE;

  token = bs_api_token_authenticate (self->store, secret, &error);
  if (token == NULL)
    g_debug ("The stored admin token is not usable: %s", error->message);
  return token != NULL && token->id == state->bootstrap->id;
}

static void
on_secret_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngine *self = g_task_get_source_object (task);
  StartState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsEngineSecret) secret = NULL;

  secret = bs_secret_store_lookup_finish (BS_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      start_failed (g_steal_pointer (&task),
                    g_error_new (BS_ENGINE_ERROR, BS_ENGINE_ERROR_SECRETS,
                                 "Could not read the admin token from %s: %s",
                                 bs_secret_store_describe (self->secrets), error->message));
      return;
    }

  if (secret_matches_bootstrap (self, state, secret))
    {
      g_message ("Using the existing admin token “%s” (id %" G_GINT64_FORMAT ")",
                 state->bootstrap->name, state->bootstrap->id);
      log_token_store (self);
      finish_start (g_steal_pointer (&task));
      return;
    }

  g_message ("The admin token %" G_GINT64_FORMAT " has no usable secret in %s; replacing it",
             state->bootstrap->id, bs_secret_store_describe (self->secrets));
  replace_admin_token (g_steal_pointer (&task));
}

static void
ensure_admin_token (GTask *task)
{
  BsEngine *self = g_task_get_source_object (task);
  StartState *state = g_task_get_task_data (task);
  GError *error = NULL;

  state->token_key = bs_engine_get_token_key (self->data_dir);
  state->bootstrap = bs_api_token_find_bootstrap (self->store, &error);
  if (error != NULL)
    {
      start_failed (task, error);
      return;
    }

  if (state->bootstrap == NULL)
    {
      replace_admin_token (task);
      return;
    }

  bs_secret_store_lookup_async (self->secrets, state->token_key,
                                g_task_get_cancellable (task), on_secret_looked_up, task);
}

static void
on_secret_store_ready (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngine *self = g_task_get_source_object (task);
  GError *error = NULL;
  const char *reason;

  self->secrets = bs_secret_store_new_finish (result, &error);
  if (self->secrets == NULL)
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }

  if ((reason = bs_secret_store_get_fallback_reason (self->secrets)) != NULL)
    g_message ("No usable keyring (%s); secrets go to %s",
               reason, bs_secret_store_get_file (self->secrets));
  ensure_admin_token (g_steal_pointer (&task));
}

static char *
get_fallback_secrets_file (BsEngine *self)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");

  if (runtime_dir != NULL && runtime_dir[0] != '\0')
    return g_build_filename (runtime_dir, PACKAGE_NAME, "secrets", NULL);
  return g_build_filename (self->data_dir, "secrets", NULL);
}

static void
open_secret_store (GTask *task)
{
  BsEngine *self = g_task_get_source_object (task);
  g_autofree char *fallback = NULL;

  if (self->secrets_file != NULL)
    {
      self->secrets = bs_secret_store_new_for_file (self->secrets_file);
      ensure_admin_token (task);
      return;
    }

  fallback = get_fallback_secrets_file (self);
  bs_secret_store_new_async (fallback, KEYRING_PROBE_TIMEOUT_MS,
                             g_task_get_cancellable (task), on_secret_store_ready, task);
}

static JsonNode *
record_demo (BsStore   *store,
             gpointer   user_data,
             GError   **error)
{
  StartState *state = user_data;
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *seed = g_strdup_printf ("%u", BS_DEMO_DEFAULT_SEED);
  g_autofree char *rows = NULL;
  g_autofree char *now = bs_store_now_iso8601 ();
  guint64 n_rows = bs_demo_generator_get_rows_written (state->generator);

  if (!state->demo_registered &&
      !(source = bs_data_source_add (store, DEMO_SOURCE_NAME, "sqlite", state->demo_path,
                                     TRUE, error)))
    return NULL;

  rows = g_strdup_printf ("%" G_GUINT64_FORMAT, n_rows);
  if (!bs_store_set_meta (store, BS_ENGINE_META_DEMO_PATH, state->demo_path, error) ||
      !bs_store_set_meta (store, BS_ENGINE_META_DEMO_SEED, seed, error) ||
      !bs_store_set_meta (store, BS_ENGINE_META_DEMO_ROWS, rows, error) ||
      !bs_store_set_meta (store, BS_ENGINE_META_DEMO_GENERATED_AT, now, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, state->demo_path);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, BS_DEMO_DEFAULT_SEED);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) n_rows);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_demo_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngine *self = g_task_get_source_object (task);
  StartState *state = g_task_get_task_data (task);
  GError *error = NULL;
  double seconds;

  if (!bs_demo_generator_write_finish (BS_DEMO_GENERATOR (object), result, &error) ||
      !bs_engine_change_commit (self->store, ENGINE_ACTOR, "demo.generated",
                                record_demo, state, &error))
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }

  bs_progress_printer_finish (state->progress);
  seconds = (g_get_monotonic_time () - state->demo_started_usec) / (double) G_USEC_PER_SEC;
  g_message ("Generated the demo data (%" G_GUINT64_FORMAT " rows) in %.1f s",
             bs_demo_generator_get_rows_written (state->generator), seconds);
  open_secret_store (g_steal_pointer (&task));
}

static void
on_demo_progress (guint64  rows_written,
                  guint64  rows_total,
                  gpointer user_data)
{
  bs_progress_printer_update (user_data, rows_written, rows_total);
}

static void
generate_demo (GTask *task)
{
  BsEngine *self = g_task_get_source_object (task);
  StartState *state = g_task_get_task_data (task);

  if (state->demo_registered)
    g_message ("The demo data %s is missing; generating it again", state->demo_path);
  else
    g_message ("First start: generating the demo retail data (%" G_GUINT64_FORMAT " rows) "
               "in %s", self->demo_rows, state->demo_path);

  state->generator = bs_demo_generator_new (BS_DEMO_DEFAULT_SEED, self->demo_rows, NULL);
  state->progress = bs_progress_printer_new ("Generating the demo data");
  state->demo_started_usec = g_get_monotonic_time ();
  bs_demo_generator_set_progress_func (state->generator, on_demo_progress,
                                       state->progress, NULL);
  bs_demo_generator_write_async (state->generator, state->demo_path,
                                 g_task_get_cancellable (task), on_demo_written, task);
}

/* A demo written by an earlier version lacks the views added since: the templates and
 * suggestions read them. A demo that cannot take them still works for the rest. */
static void
add_demo_views (const char *path)
{
  g_autoptr(GError) error = NULL;

  if (!bs_demo_add_views (path, &error))
    g_warning ("%s", error->message);
}

/* Whether the demo has to be generated: on the first start, and when its file was
 * removed since (the source stays registered, so its id does not change). */
static gboolean
demo_needed (BsEngine    *self,
             StartState  *state,
             GError     **error)
{
  g_autoptr(BsDataSource) demo = NULL;
  GError *local_error = NULL;

  if (self->no_demo)
    return FALSE;

  demo = bs_data_source_find_demo (self->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (demo == NULL)
    {
      state->demo_path = g_build_filename (self->data_dir, DEMO_FILE_NAME, NULL);
      return TRUE;
    }

  state->demo_registered = TRUE;
  state->demo_path = g_strdup (demo->location);
  if (!g_file_test (demo->location, G_FILE_TEST_EXISTS))
    return TRUE;
  add_demo_views (demo->location);
  return FALSE;
}

void
bs_engine_start_async (BsEngine            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  StartState *state;

  g_return_if_fail (BS_IS_ENGINE (self));
  g_return_if_fail (self->server == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_engine_start_async);
  state = g_new0 (StartState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) start_state_free);

  if (!resolve_address (self, &error) ||
      !prepare_data_dir (self, &error) ||
      !start_listening (self, &error) ||
      !open_store (self, &error))
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }

  if (demo_needed (self, state, &error))
    generate_demo (g_steal_pointer (&task));
  else if (error != NULL)
    start_failed (g_steal_pointer (&task), error);
  else
    open_secret_store (g_steal_pointer (&task));
}

gboolean
bs_engine_start_finish (BsEngine      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (BS_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Removes the discovery file unless another engine has written its own since. */
static void
remove_discovery_file (BsEngine *self)
{
  g_autoptr(BsEngineDiscovery) current = NULL;

  if (self->discovery_path == NULL)
    return;

  current = bs_engine_discovery_read (self->discovery_path, NULL);
  if (current != NULL && current->pid == getpid () && g_unlink (self->discovery_path) != 0)
    g_warning ("Could not remove the discovery file %s: %s",
               self->discovery_path, g_strerror (errno));
  g_clear_pointer (&self->discovery_path, g_free);
}

static void
close_store (BsEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  /* Folds the write-ahead log into the database, so the file is whole on its own. */
  if (!bs_store_exec (self->store, "PRAGMA wal_checkpoint(TRUNCATE)", &error))
    g_warning ("%s", error->message);
  g_clear_object (&self->store);
}

static void
on_server_shut_down (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngine *self = g_task_get_source_object (task);

  bs_api_server_shutdown_finish (BS_API_SERVER (object), result, NULL);
  close_store (self);
  remove_discovery_file (self);
  g_task_return_boolean (task, TRUE);
}

void
bs_engine_stop_async (BsEngine            *self,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BS_IS_ENGINE (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, bs_engine_stop_async);

  stop_alerts (self);

  if (self->server == NULL)
    {
      close_store (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  bs_api_server_shutdown_async (self->server, SHUTDOWN_TIMEOUT_MS,
                                on_server_shut_down, g_steal_pointer (&task));
}

gboolean
bs_engine_stop_finish (BsEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (BS_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
