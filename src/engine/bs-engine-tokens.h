/* bs-engine-tokens.h — changes to API tokens, each committed together with its audit
 * event. The API, the command line and the engine's own bootstrap all go through here, so
 * a token made one way is recorded like a token made another.
 */
#pragma once

#include "bs-api-token.h"

G_BEGIN_DECLS

typedef struct
{
  const char       *name;
  BsRole            role;
  GDateTime        *expires_at;   /* nullable: never */
  gboolean          bootstrap;    /* the admin token of the local Studio */
  const BsApiToken *replaces;     /* nullable: a token revoked in the same transaction */
} BsEngineTokenSpec;

/* Creates the token (event "token.created" by @actor) and returns it; its secret is
 * returned once through @out_secret. */
BsApiToken *bs_engine_tokens_create (BsStore                 *store,
                                     const char              *actor,
                                     const BsEngineTokenSpec *spec,
                                     char                   **out_secret,
                                     GError                 **error);
/* Revokes @token (event "token.revoked" by @actor). */
gboolean    bs_engine_tokens_revoke (BsStore                 *store,
                                     const char              *actor,
                                     const BsApiToken        *token,
                                     GError                 **error);
/* Overwrites @secret in memory before freeing it. */
void        bs_engine_tokens_free_secret (char               *secret);

/* A token secret that is wiped when it goes out of scope: g_autoptr(BsEngineSecret). */
typedef char BsEngineSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsEngineSecret, bs_engine_tokens_free_secret)

G_END_DECLS
