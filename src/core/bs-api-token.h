/* bs-api-token.h — API tokens of the engine, with their role.
 *
 * The secret is shown once when created and only its SHA-256 is stored. Secrets look like
 * "bse_" followed by 43 base64url characters (32 random bytes from getrandom).
 */
#pragma once

#include <glib-object.h>

#include "bs-store.h"

G_BEGIN_DECLS

#define BS_API_TOKEN_ERROR (bs_api_token_error_quark ())

typedef enum
{
  BS_API_TOKEN_ERROR_INVALID,   /* unknown or malformed secret */
  BS_API_TOKEN_ERROR_EXPIRED,
  BS_API_TOKEN_ERROR_REVOKED,
  BS_API_TOKEN_ERROR_BAD_ROLE,
} BsApiTokenError;

/* Ordered: a higher role can do everything a lower one can. */
typedef enum
{
  BS_ROLE_VIEWER = 1,
  BS_ROLE_EDITOR = 2,
  BS_ROLE_ADMIN  = 3,
} BsRole;

typedef struct
{
  gint64     id;
  char      *name;
  BsRole     role;
  gboolean   bootstrap;      /* the first admin token, made for the local Studio */
  GDateTime *created_at;
  GDateTime *expires_at;     /* nullable */
  GDateTime *last_used_at;   /* nullable */
  GDateTime *revoked_at;     /* nullable */
} BsApiToken;

#define BS_TYPE_API_TOKEN (bs_api_token_get_type ())

GType        bs_api_token_get_type        (void) G_GNUC_CONST;
GQuark       bs_api_token_error_quark     (void);
BsApiToken  *bs_api_token_copy            (const BsApiToken *token);
void         bs_api_token_free            (BsApiToken       *token);

const char  *bs_role_to_string            (BsRole            role);
gboolean     bs_role_from_string          (const char       *str,
                                           BsRole           *out_role);

char        *bs_api_token_generate_secret (void);
char        *bs_api_token_hash_secret     (const char       *secret);

/* Creates a token and returns it; the secret is returned once through @out_secret. */
BsApiToken  *bs_api_token_create          (BsStore          *store,
                                           const char       *name,
                                           BsRole            role,
                                           GDateTime        *expires_at,
                                           gboolean          bootstrap,
                                           char            **out_secret,
                                           GError          **error);
/* Checks a presented secret; on success updates last_used_at (at most once a minute). */
BsApiToken  *bs_api_token_authenticate    (BsStore          *store,
                                           const char       *secret,
                                           GError          **error);
/* Array of BsApiToken*, newest first, revoked ones included. */
GPtrArray   *bs_api_token_list            (BsStore          *store,
                                           GError          **error);
BsApiToken  *bs_api_token_lookup          (BsStore          *store,
                                           gint64            id,
                                           GError          **error);
gboolean     bs_api_token_revoke          (BsStore          *store,
                                           gint64            id,
                                           GError          **error);
/* The live (not revoked, not expired) bootstrap token, or NULL. */
BsApiToken  *bs_api_token_find_bootstrap  (BsStore          *store,
                                           GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsApiToken, bs_api_token_free)

G_END_DECLS
