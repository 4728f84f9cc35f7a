#define G_LOG_DOMAIN "bs-engine-tokens"

#include "config.h"

#include <string.h>

#include "bs-engine-change.h"
#include "bs-engine-json.h"
#include "bs-engine-tokens.h"

typedef struct
{
  const BsEngineTokenSpec *spec;
  BsApiToken              *token;
  char                    *secret;
} Creation;

static JsonNode *
create_token (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  Creation *creation = user_data;
  const BsEngineTokenSpec *spec = creation->spec;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (spec->replaces != NULL && !bs_api_token_revoke (store, spec->replaces->id, error))
    return NULL;

  creation->token = bs_api_token_create (store, spec->name, spec->role, spec->expires_at,
                                         spec->bootstrap, &creation->secret, error);
  if (creation->token == NULL)
    return NULL;

  bs_engine_json_begin_token (builder, creation->token);
  if (spec->replaces != NULL)
    {
      json_builder_set_member_name (builder, "replaces");
      json_builder_add_int_value (builder, spec->replaces->id);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

BsApiToken *
bs_engine_tokens_create (BsStore                 *store,
                         const char              *actor,
                         const BsEngineTokenSpec *spec,
                         char                   **out_secret,
                         GError                 **error)
{
  Creation creation = { spec, NULL, NULL };

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (out_secret != NULL, NULL);

  if (!bs_engine_change_commit (store, actor, "token.created", create_token, &creation, error))
    {
      /* The transaction was rolled back: this token and its secret do not exist. */
      g_clear_pointer (&creation.token, bs_api_token_free);
      g_clear_pointer (&creation.secret, bs_engine_tokens_free_secret);
      return NULL;
    }

  *out_secret = creation.secret;
  return creation.token;
}

static JsonNode *
revoke_token (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  const BsApiToken *token = user_data;

  if (!bs_api_token_revoke (store, token->id, error))
    return NULL;

  return bs_engine_json_token (token);
}

gboolean
bs_engine_tokens_revoke (BsStore           *store,
                         const char        *actor,
                         const BsApiToken  *token,
                         GError           **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  return bs_engine_change_commit (store, actor, "token.revoked", revoke_token,
                                  (gpointer) token, error);
}

void
bs_engine_tokens_free_secret (char *secret)
{
  if (secret == NULL)
    return;

  memset (secret, 0, strlen (secret));
  g_free (secret);
}
