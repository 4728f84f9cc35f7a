#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bs-secret-store.h"

#define FILE_GROUP "secrets"
/* A secrets file is a few keys; anything much larger is not one of ours. */
#define FILE_MAX_BYTES (1024 * 1024)

struct _BsSecretStore
{
  GObject          parent_instance;

  BsSecretBackend  backend;
  char            *file;
  char            *description;
  char            *fallback_reason;
  /* Serialises the read-modify-write cycles of the file between worker threads. */
  GMutex           file_lock;
};

G_DEFINE_FINAL_TYPE (BsSecretStore, bs_secret_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (bs-secret-store-error-quark, bs_secret_store_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.businessstudio.Secret", SECRET_SCHEMA_NONE,
    {
      { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
bs_secret_store_finalize (GObject *object)
{
  BsSecretStore *self = (BsSecretStore *)object;

  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->fallback_reason, g_free);
  g_mutex_clear (&self->file_lock);

  G_OBJECT_CLASS (bs_secret_store_parent_class)->finalize (object);
}

static void
bs_secret_store_class_init (BsSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_secret_store_finalize;
}

static void
bs_secret_store_init (BsSecretStore *self)
{
  g_mutex_init (&self->file_lock);
}

BsSecretStore *
bs_secret_store_new_for_file (const char *path)
{
  BsSecretStore *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  self = g_object_new (BS_TYPE_SECRET_STORE, NULL);
  self->backend = BS_SECRET_BACKEND_FILE;
  self->file = g_strdup (path);
  /* Translators: where a secret is kept; it follows "in" or "from", as in
   * "Kept in the file /run/user/1000/business-studio/secrets". */
  self->description = g_strdup_printf (_("the file %s"), path);
  return self;
}

BsSecretStore *
bs_secret_store_new_for_keyring (void)
{
  BsSecretStore *self;

  self = g_object_new (BS_TYPE_SECRET_STORE, NULL);
  self->backend = BS_SECRET_BACKEND_KEYRING;
  /* Translators: where a secret is kept; it follows "in" or "from", as in
   * "Kept in the keyring". */
  self->description = g_strdup (_("the keyring"));
  return self;
}

BsSecretBackend
bs_secret_store_get_backend (BsSecretStore *self)
{
  g_return_val_if_fail (BS_IS_SECRET_STORE (self), BS_SECRET_BACKEND_KEYRING);

  return self->backend;
}

const char *
bs_secret_store_describe (BsSecretStore *self)
{
  g_return_val_if_fail (BS_IS_SECRET_STORE (self), NULL);

  return self->description;
}

const char *
bs_secret_store_get_file (BsSecretStore *self)
{
  g_return_val_if_fail (BS_IS_SECRET_STORE (self), NULL);

  return self->file;
}

const char *
bs_secret_store_get_fallback_reason (BsSecretStore *self)
{
  g_return_val_if_fail (BS_IS_SECRET_STORE (self), NULL);

  return self->fallback_reason;
}

/* Probing the secret service ------------------------------------------------------------ */

typedef struct
{
  char         *fallback_file;
  guint         timeout_ms;
  /* Ours, so that the timeout can cancel what libsecret is doing without touching the
   * caller's; the caller's cancels it too. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *timeout_source;
  SecretService *service;
  gboolean      done;
} Probe;

static void
probe_free (Probe *probe)
{
  if (probe->timeout_source != NULL)
    {
      g_source_destroy (probe->timeout_source);
      g_source_unref (probe->timeout_source);
    }
  if (probe->caller_cancellable != NULL)
    g_cancellable_disconnect (probe->caller_cancellable, probe->caller_handler);
  g_clear_object (&probe->caller_cancellable);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->service);
  g_free (probe->fallback_file);
  g_free (probe);
}

/* TRUE if the probe already reported (timed out): late answers are dropped. */
static gboolean
probe_is_done (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);

  return probe->done;
}

static void
probe_return_store (GTask         *task,
                    BsSecretStore *store)
{
  Probe *probe = g_task_get_task_data (task);

  probe->done = TRUE;
  g_task_return_pointer (task, store, g_object_unref);
}

static void
probe_return_error (GTask  *task,
                    GError *error)
{
  Probe *probe = g_task_get_task_data (task);

  probe->done = TRUE;
  g_task_return_error (task, error);
}

/* The keyring cannot be used: fall back to the file if allowed, else say why. */
static void
probe_unusable (GTask              *task,
                BsSecretStoreError  code,
                const char         *reason)
{
  Probe *probe = g_task_get_task_data (task);
  BsSecretStore *store;

  if (probe->fallback_file == NULL)
    {
      probe_return_error (task,
                          g_error_new (BS_SECRET_STORE_ERROR, code,
                                       "No keyring can keep secrets here (%s), and no secrets "
                                       "file was allowed as a fallback", reason));
      return;
    }

  g_debug ("Keeping secrets in %s: %s", probe->fallback_file, reason);
  store = bs_secret_store_new_for_file (probe->fallback_file);
  store->fallback_reason = g_strdup (reason);
  probe_return_store (task, store);
}

/* Passes cancellation and timeouts on; returns TRUE if @error was one of them (reported). */
static gboolean
probe_handle_cancelled (GTask  *task,
                        GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  if (!probe_is_done (task))
    probe_return_error (task, g_error_copy (error));
  return TRUE;
}

static gboolean
probe_timed_out (gpointer user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);

  g_clear_pointer (&probe->timeout_source, g_source_unref);
  if (!probe->done)
    {
      probe_return_error (task,
                          g_error_new (BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_TIMED_OUT,
                                       "The secret service did not answer within %u ms",
                                       probe->timeout_ms));
      g_cancellable_cancel (probe->cancellable);
    }

  return G_SOURCE_REMOVE;
}

static void
on_unlock_called (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **unlocked = NULL;
  const char *prompt = "/";

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);
  if (probe_is_done (task) || (error != NULL && probe_handle_cancelled (task, error)))
    return;

  if (reply != NULL)
    g_variant_get (reply, "(^a&o&o)", &unlocked, &prompt);

  /* A prompt means a person would have to type the keyring's password. We do not show it
   * (there may be nobody to answer it), so we give the prompt back to the service. */
  if (g_strcmp0 (prompt, "/") != 0)
    g_dbus_connection_call (g_dbus_proxy_get_connection (G_DBUS_PROXY (object)),
                            g_dbus_proxy_get_name (G_DBUS_PROXY (object)), prompt,
                            "org.freedesktop.Secret.Prompt", "Dismiss", NULL, NULL,
                            G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);

  if (unlocked != NULL && unlocked[0] != NULL)
    probe_return_store (task, bs_secret_store_new_for_keyring ());
  else
    probe_unusable (task, BS_SECRET_STORE_ERROR_LOCKED,
                    error != NULL ? error->message
                                  : "the default keyring is locked and only its password, "
                                    "typed at a prompt, would unlock it");
}

/* Asks the service to unlock without a prompt: gnome-keyring does so when the login
 * password is already known to it; otherwise it answers with a prompt we do not run. */
static void
probe_try_unlock (GTask            *task,
                  SecretService    *service,
                  SecretCollection *collection)
{
  Probe *probe = g_task_get_task_data (task);
  const char *paths[] = { g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)), NULL };

  g_dbus_proxy_call (G_DBUS_PROXY (service), "Unlock",
                     g_variant_new ("(^ao)", paths),
                     G_DBUS_CALL_FLAGS_NONE, -1, probe->cancellable,
                     on_unlock_called, g_object_ref (task));
}

static void
on_collection_got (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  Probe *probe = g_task_get_task_data (task);

  collection = secret_collection_for_alias_finish (result, &error);
  if (probe_is_done (task) || (error != NULL && probe_handle_cancelled (task, error)))
    return;

  /* gnome-keyring with no login keyring yet names one that does not exist
   * ("Object does not exist at path …/collection/login"): it would have to prompt to
   * create it, so this counts as no keyring. */
  if (error != NULL)
    probe_unusable (task, BS_SECRET_STORE_ERROR_UNAVAILABLE, error->message);
  else if (collection == NULL)
    probe_unusable (task, BS_SECRET_STORE_ERROR_UNAVAILABLE,
                    "the secret service has no default keyring");
  else if (secret_collection_get_locked (collection))
    probe_try_unlock (task, probe->service, collection);
  else
    probe_return_store (task, bs_secret_store_new_for_keyring ());
}

static void
on_service_got (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Probe *probe = g_task_get_task_data (task);

  probe->service = secret_service_get_finish (result, &error);
  if (probe_is_done (task) || (error != NULL && probe_handle_cancelled (task, error)))
    return;

  if (probe->service == NULL)
    {
      probe_unusable (task, BS_SECRET_STORE_ERROR_UNAVAILABLE, error->message);
      return;
    }

  secret_collection_for_alias (probe->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               probe->cancellable, on_collection_got, g_object_ref (task));
}

static void
on_caller_cancelled (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

void
bs_secret_store_new_async (const char          *fallback_file,
                           guint                timeout_ms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Probe *probe;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_secret_store_new_async);

  probe = g_new0 (Probe, 1);
  probe->fallback_file = g_strdup (fallback_file);
  probe->timeout_ms = timeout_ms;
  probe->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, probe, (GDestroyNotify)probe_free);

  if (cancellable != NULL)
    {
      probe->caller_cancellable = g_object_ref (cancellable);
      probe->caller_handler = g_cancellable_connect (cancellable,
                                                     G_CALLBACK (on_caller_cancelled),
                                                     probe->cancellable, NULL);
    }

  if (timeout_ms > 0)
    {
      /* The source holds no reference on the task: probe_free destroys it with the task. */
      probe->timeout_source = g_timeout_source_new (timeout_ms);
      g_source_set_callback (probe->timeout_source, probe_timed_out, task, NULL);
      g_source_attach (probe->timeout_source, g_main_context_get_thread_default ());
    }

  /* No SECRET_SERVICE_LOAD_COLLECTIONS: on a bus where no secret service can be started it
   * trips a critical inside libsecret; asking for the default alias fails cleanly instead. */
  secret_service_get (SECRET_SERVICE_NONE, probe->cancellable,
                      on_service_got, g_object_ref (task));
}

BsSecretStore *
bs_secret_store_new_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bs_secret_store_new_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Operations ------------------------------------------------------------------------- */

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

typedef struct
{
  OpKind  kind;
  char   *key;
  char   *label;
  char   *secret;
} Op;

static void
op_free (Op *op)
{
  if (op->secret != NULL)
    {
      memset (op->secret, 0, strlen (op->secret));
      g_free (op->secret);
    }
  g_free (op->key);
  g_free (op->label);
  g_free (op);
}

static const char *
op_describe (const Op *op)
{
  switch (op->kind)
    {
    case OP_STORE:
      return "store";
    case OP_LOOKUP:
      return "read";
    case OP_CLEAR:
      return "remove";
    default:
      g_assert_not_reached ();
    }
}

/* The file store ----------------------------------------------------------------------- */

static gboolean
check_file_is_private (const char         *path,
                       const struct stat  *st,
                       GError            **error)
{
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                   "The secrets file “%s” is not a regular file", path);
      return FALSE;
    }

  if (st->st_uid != geteuid ())
    {
      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_INSECURE,
                   "The secrets file “%s” belongs to another user; refusing to use it", path);
      return FALSE;
    }

  if ((st->st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_INSECURE,
                   "The secrets file “%s” can be read or changed by other users; refusing to "
                   "use it. Make it private with “chmod 600 %s”, and replace the secrets it "
                   "holds if others may have read them", path, path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_fd (int          fd,
         const char  *path,
         GString     *contents,
         GError     **error)
{
  char buffer[4096];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;

      if (n < 0 || contents->len + n > FILE_MAX_BYTES)
        {
          g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                       "Could not read the secrets file “%s”: %s", path,
                       n < 0 ? g_strerror (errno) : "it is too large to be one");
          memset (buffer, 0, sizeof buffer);
          return FALSE;
        }

      g_string_append_len (contents, buffer, n);
    }

  memset (buffer, 0, sizeof buffer);
  return TRUE;
}

/* Reads the file through one descriptor, so that the file checked is the file read.
 * *@out_contents is NULL if there is no file yet. */
static gboolean
read_private_file (const char  *path,
                   GString    **out_contents,
                   GError     **error)
{
  g_autoptr(GString) contents = NULL;
  struct stat st;
  gboolean ok;
  int fd;

  *out_contents = NULL;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;

      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                   "Could not open the secrets file “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  contents = g_string_new (NULL);
  ok = fstat (fd, &st) == 0 &&
       check_file_is_private (path, &st, error) &&
       read_fd (fd, path, contents, error);
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                 "Could not read the secrets file “%s”: %s", path, g_strerror (errno));
  close (fd);

  if (ok)
    *out_contents = g_steal_pointer (&contents);
  return ok;
}

static GKeyFile *
read_secrets_file (const char  *path,
                   GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GString) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean loaded;

  if (!read_private_file (path, &contents, error))
    return NULL;

  if (contents == NULL)
    return g_steal_pointer (&key_file);

  loaded = g_key_file_load_from_data (key_file, contents->str, contents->len,
                                      G_KEY_FILE_KEEP_COMMENTS, &local_error);
  memset (contents->str, 0, contents->len);
  if (!loaded)
    {
      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                   "The secrets file “%s” is damaged (%s); move it away to start a new one",
                   path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&key_file);
}

static gboolean
write_secrets_file (const char  *path,
                    GKeyFile    *key_file,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  gboolean written;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                   "Could not create the folder “%s” for the secrets file: %s",
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  g_key_file_set_comment (key_file, NULL, NULL,
                          " Secrets of " PACKAGE_NAME ". Keep this file private (mode 600).",
                          NULL);
  data = g_key_file_to_data (key_file, &length, NULL);
  /* CONSISTENT writes a new file and renames it over the old one: a crash leaves either
   * the old secrets or the new ones, never half a file. */
  written = g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                      0600, &local_error);
  memset (data, 0, length);
  if (!written)
    {
      g_set_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE,
                   "Could not write the secrets file “%s”: %s", path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* A key becomes a key file key: everything that GKeyFile would read differently
 * ('=', '[', '#', spaces, new lines …) is percent-escaped. */
static char *
escape_key (const char *key)
{
  return g_uri_escape_string (key, ":/@", FALSE);
}

/* Applies @op to @key_file; returns TRUE if the file has to be written back. */
static gboolean
file_op_apply (GTask    *task,
               Op       *op,
               GKeyFile *key_file)
{
  g_autofree char *name = escape_key (op->key);

  switch (op->kind)
    {
    case OP_LOOKUP:
      /* A missing key gives NULL, which is "not stored" and not an error. */
      g_task_return_pointer (task, g_key_file_get_string (key_file, FILE_GROUP, name, NULL),
                             g_free);
      return FALSE;

    case OP_STORE:
      g_key_file_set_string (key_file, FILE_GROUP, name, op->secret);
      if (op->label != NULL)
        g_key_file_set_comment (key_file, FILE_GROUP, name, op->label, NULL);
      return TRUE;

    case OP_CLEAR:
      if (g_key_file_remove_key (key_file, FILE_GROUP, name, NULL))
        return TRUE;
      g_task_return_boolean (task, TRUE);
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

static void
file_op_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BsSecretStore *self = source_object;
  Op *op = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->file_lock);
  g_autoptr(GKeyFile) key_file = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(key_file = read_secrets_file (self->file, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!file_op_apply (task, op, key_file))
    return;

  if (write_secrets_file (self->file, key_file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The keyring ----------------------------------------------------------------------------- */

static void
on_keyring_op_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret = NULL;

  switch (op->kind)
    {
    case OP_STORE:
      secret_password_store_finish (result, &error);
      break;
    case OP_LOOKUP:
      secret = secret_password_lookup_finish (result, &error);
      break;
    case OP_CLEAR:
      /* FALSE without an error means nothing was stored under the key: already clear. */
      secret_password_clear_finish (result, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *wrapped = g_error_new (BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_UNAVAILABLE,
                                     "Could not %s the secret “%s” in the keyring: %s",
                                     op_describe (op), op->key, error->message);
      g_error_free (error);
      error = wrapped;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else if (op->kind == OP_LOOKUP)
    g_task_return_pointer (task, secret, (GDestroyNotify)secret_password_free);
  else
    g_task_return_boolean (task, TRUE);
}

static void
keyring_op_start (GTask *task,
                  Op    *op)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (op->kind)
    {
    case OP_STORE:
      secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, op->label, op->secret,
                             cancellable, on_keyring_op_done, g_object_ref (task),
                             "key", op->key, NULL);
      break;
    case OP_LOOKUP:
      secret_password_lookup (get_schema (), cancellable, on_keyring_op_done,
                              g_object_ref (task), "key", op->key, NULL);
      break;
    case OP_CLEAR:
      secret_password_clear (get_schema (), cancellable, on_keyring_op_done,
                             g_object_ref (task), "key", op->key, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
op_start (BsSecretStore       *self,
          Op                  *op,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);

  if (self->backend == BS_SECRET_BACKEND_FILE)
    g_task_run_in_thread (task, file_op_thread);
  else
    keyring_op_start (task, op);
}

static Op *
op_new (OpKind      kind,
        const char *key)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->key = g_strdup (key);
  return op;
}

void
bs_secret_store_store_async (BsSecretStore       *self,
                             const char          *key,
                             const char          *label,
                             const char          *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;

  g_return_if_fail (BS_IS_SECRET_STORE (self));
  g_return_if_fail (key != NULL && *key != '\0');
  g_return_if_fail (label != NULL);
  g_return_if_fail (secret != NULL);

  op = op_new (OP_STORE, key);
  op->label = g_strdup (label);
  op->secret = g_strdup (secret);
  op_start (self, op, bs_secret_store_store_async, cancellable, callback, user_data);
}

gboolean
bs_secret_store_store_finish (BsSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bs_secret_store_lookup_async (BsSecretStore       *self,
                              const char          *key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (BS_IS_SECRET_STORE (self));
  g_return_if_fail (key != NULL && *key != '\0');

  op_start (self, op_new (OP_LOOKUP, key), bs_secret_store_lookup_async,
            cancellable, callback, user_data);
}

char *
bs_secret_store_lookup_finish (BsSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bs_secret_store_clear_async (BsSecretStore       *self,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (BS_IS_SECRET_STORE (self));
  g_return_if_fail (key != NULL && *key != '\0');

  op_start (self, op_new (OP_CLEAR, key), bs_secret_store_clear_async,
            cancellable, callback, user_data);
}

gboolean
bs_secret_store_clear_finish (BsSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
