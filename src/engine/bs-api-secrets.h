/* bs-api-secrets.h — the secret store as the routes use it: answering items with whether
 * each keeps a secret ("has_url", "has_token"; never the secret itself), keeping one, and
 * reading a Grafana source's token before work on the source starts.
 *
 * The secret store answers asynchronously on the main thread, so every call here defers
 * the request it is given.
 */
#pragma once

#include "bs-api-request.h"
#include "bs-data-source.h"
#include "bs-secret-store.h"
#include "bs-source-runner.h"

G_BEGIN_DECLS

/* A kind of item that may keep a secret under its id. */
typedef struct
{
  const char *item;                                  /* "contact point": logs and labels */
  const char *secret;                                /* "a URL": logs */
  char     *(*secret_key) (gint64         id);
  /* The id whose secret @item would keep, or 0 when it keeps none. */
  gint64    (*secret_id)  (gconstpointer  item);
  /* The item as the API shows it. */
  JsonNode *(*to_json)    (gconstpointer  item,
                           gboolean       has_secret);
} BsApiSecretKind;

/* The engine's secret store, or NULL when it has none. */
BsSecretStore *bs_api_secrets_get           (BsApiRequest           *request);
/* Overwrites @secret before freeing it. */
void           bs_api_secrets_wipe_free     (char                   *secret);

/* Answers @status with the item of the one item in @items (@single) or with
 * {"items": […]}, once the secret store has said which of them keep a secret. */
void           bs_api_secrets_respond_items (BsApiRequest           *request,
                                             const BsApiSecretKind  *kind,
                                             GPtrArray              *items,
                                             gboolean                single,
                                             guint                  status);

typedef void (*BsApiSecretStepFunc) (gpointer user_data);

/* Keeps @secret for the item @id named @name ("Business Studio <item> “<name>”" labels it
 * in the keyring), then calls @then (@user_data), which changes the row and answers. When
 * the store refuses it, calls @undo (@user_data; may be NULL) and answers 503 "@failure in
 * <store>: <why>". Either way @destroy frees @user_data afterwards. */
void           bs_api_secrets_store_then    (BsApiRequest           *request,
                                             const BsApiSecretKind  *kind,
                                             gint64                  id,
                                             const char             *name,
                                             const char             *secret,
                                             const char             *failure,
                                             BsApiSecretStepFunc     then,
                                             BsApiSecretStepFunc     undo,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy);
/* Clears the secret of @id, if the engine has a secret store, without waiting. */
void           bs_api_secrets_forget        (BsApiRequest           *request,
                                             const BsApiSecretKind  *kind,
                                             gint64                  id);
/* Answers a failure of the secret store: 503 "@what in <store>: <why>" (or 503 for a
 * cancelled call, as for any work the stopping engine cancels). */
void           bs_api_secrets_respond_error (BsApiRequest           *request,
                                             BsSecretStore          *secrets,
                                             const char             *what,
                                             const GError           *error);

/* Called with the spec of the source, which it owns. */
typedef void (*BsApiSourceSpecFunc) (BsApiRequest *request,
                                     BsSourceSpec *spec,
                                     gpointer      user_data);

/* Makes what a worker thread needs to read @source and hands it to @ready; a Grafana
 * source's token is read from the secret store first. When it cannot be read, answers
 * 503 and frees @user_data with @destroy instead; a cancelled read still calls @ready
 * (without the token), so that the work stops at once and answers like the rest. */
void           bs_api_secrets_source_spec   (BsApiRequest           *request,
                                             const BsDataSource     *source,
                                             BsApiSourceSpecFunc     ready,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy);

G_END_DECLS
