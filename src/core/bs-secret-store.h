/* bs-secret-store.h — where secrets live: the keyring through libsecret, or, only where
 * no secret service answers and the caller allows it, a file readable by the user alone
 * (mode 0600 in a 0700 directory).
 *
 * Every call is asynchronous with a cancellable: with gnome-keyring asking for a new
 * keyring password on a display, libsecret can wait forever, so probing also has a timeout.
 * A secret is named by a key (e.g. "engine-token:/home/ann/.local/share/business-studio").
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_SECRET_STORE_ERROR (bs_secret_store_error_quark ())

typedef enum
{
  BS_SECRET_STORE_ERROR_UNAVAILABLE,  /* no secret service and no file store allowed */
  BS_SECRET_STORE_ERROR_LOCKED,       /* the keyring is locked and cannot be unlocked here */
  BS_SECRET_STORE_ERROR_TIMED_OUT,
  BS_SECRET_STORE_ERROR_FILE,         /* the file store cannot be read or written */
  BS_SECRET_STORE_ERROR_INSECURE,     /* the file store is readable by others: refused */
} BsSecretStoreError;

typedef enum
{
  BS_SECRET_BACKEND_KEYRING,
  BS_SECRET_BACKEND_FILE,
} BsSecretBackend;

#define BS_TYPE_SECRET_STORE (bs_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (BsSecretStore, bs_secret_store, BS, SECRET_STORE, GObject)

GQuark          bs_secret_store_error_quark (void);

/* Probes the secret service (within @timeout_ms; 0: no limit). If it is usable the store
 * uses the keyring; otherwise, if @fallback_file is not NULL, a file store at that path;
 * otherwise fails with BS_SECRET_STORE_ERROR_UNAVAILABLE (or _LOCKED) and says why.
 * A service that does not answer in time gives BS_SECRET_STORE_ERROR_TIMED_OUT. */
void            bs_secret_store_new_async     (const char           *fallback_file,
                                               guint                 timeout_ms,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
BsSecretStore  *bs_secret_store_new_finish    (GAsyncResult         *result,
                                               GError              **error);
/* An explicit file store, without probing (engine --secrets-file, tests). */
BsSecretStore  *bs_secret_store_new_for_file  (const char           *path);
/* The keyring, without probing (the Studio, when the engine said it used the keyring). */
BsSecretStore  *bs_secret_store_new_for_keyring (void);

BsSecretBackend bs_secret_store_get_backend   (BsSecretStore        *self);
/* For messages: "the keyring" or "the file /run/user/1000/business-studio/secrets". */
const char     *bs_secret_store_describe      (BsSecretStore        *self);
/* NULL for the keyring. */
const char     *bs_secret_store_get_file      (BsSecretStore        *self);
/* Why probing fell back to the file (for the log), or NULL if it did not. */
const char     *bs_secret_store_get_fallback_reason (BsSecretStore  *self);

void            bs_secret_store_store_async   (BsSecretStore        *self,
                                               const char           *key,
                                               const char           *label,
                                               const char           *secret,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean        bs_secret_store_store_finish  (BsSecretStore        *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Returns NULL without an error when nothing is stored under @key. */
void            bs_secret_store_lookup_async  (BsSecretStore        *self,
                                               const char           *key,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char           *bs_secret_store_lookup_finish (BsSecretStore        *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void            bs_secret_store_clear_async   (BsSecretStore        *self,
                                               const char           *key,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean        bs_secret_store_clear_finish  (BsSecretStore        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
