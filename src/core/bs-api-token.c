#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "bs-api-token.h"
#include "bs-store-private.h"

#define SECRET_PREFIX      "bse_"
#define SECRET_BYTES       32
/* base64url of 32 bytes without the padding: 43 characters */
#define SECRET_BODY_LENGTH 43
/* Using a token is recorded at most this often, so that reads do not all become writes. */
#define LAST_USED_RESOLUTION_SECONDS 60

#define SELECT_COLUMNS \
  "SELECT id, name, role, bootstrap, created_at, expires_at, last_used_at, revoked_at," \
  " secret_hash FROM api_tokens"

G_DEFINE_QUARK (bs-api-token-error-quark, bs_api_token_error)
G_DEFINE_BOXED_TYPE (BsApiToken, bs_api_token, bs_api_token_copy, bs_api_token_free)

static const char * const role_names[] = { NULL, "viewer", "editor", "admin" };

static GDateTime *
date_time_ref0 (GDateTime *time)
{
  return time != NULL ? g_date_time_ref (time) : NULL;
}

BsApiToken *
bs_api_token_copy (const BsApiToken *token)
{
  BsApiToken *copy;

  g_return_val_if_fail (token != NULL, NULL);

  copy = g_new0 (BsApiToken, 1);
  copy->id = token->id;
  copy->name = g_strdup (token->name);
  copy->role = token->role;
  copy->bootstrap = token->bootstrap;
  copy->created_at = date_time_ref0 (token->created_at);
  copy->expires_at = date_time_ref0 (token->expires_at);
  copy->last_used_at = date_time_ref0 (token->last_used_at);
  copy->revoked_at = date_time_ref0 (token->revoked_at);
  return copy;
}

void
bs_api_token_free (BsApiToken *token)
{
  if (token == NULL)
    return;

  g_free (token->name);
  g_clear_pointer (&token->created_at, g_date_time_unref);
  g_clear_pointer (&token->expires_at, g_date_time_unref);
  g_clear_pointer (&token->last_used_at, g_date_time_unref);
  g_clear_pointer (&token->revoked_at, g_date_time_unref);
  g_free (token);
}

const char *
bs_role_to_string (BsRole role)
{
  g_return_val_if_fail (role >= BS_ROLE_VIEWER && role <= BS_ROLE_ADMIN, NULL);

  return role_names[role];
}

gboolean
bs_role_from_string (const char *str,
                     BsRole     *out_role)
{
  g_return_val_if_fail (out_role != NULL, FALSE);

  for (BsRole role = BS_ROLE_VIEWER; str != NULL && role <= BS_ROLE_ADMIN; role++)
    {
      if (g_strcmp0 (str, role_names[role]) == 0)
        {
          *out_role = role;
          return TRUE;
        }
    }

  return FALSE;
}

static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      /* getrandom only fails before the kernel's pool is ready (it blocks instead, without
       * GRND_NONBLOCK) or on a signal: both are worth retrying, nothing else is expected. */
      if (n < 0 && errno != EINTR)
        g_error ("Could not read random bytes for an API token: %s", g_strerror (errno));
      if (n > 0)
        done += (gsize)n;
    }
}

char *
bs_api_token_generate_secret (void)
{
  guint8 bytes[SECRET_BYTES];
  g_autofree char *body = NULL;
  char *secret;

  fill_random (bytes, sizeof bytes);
  body = g_base64_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);

  g_strdelimit (body, "+", '-');
  g_strdelimit (body, "/", '_');
  body[SECRET_BODY_LENGTH] = '\0';

  secret = g_strconcat (SECRET_PREFIX, body, NULL);
  memset (body, 0, strlen (body));
  return secret;
}

char *
bs_api_token_hash_secret (const char *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

static gboolean
secret_is_well_formed (const char *secret)
{
  const char *body;

  if (!g_str_has_prefix (secret, SECRET_PREFIX))
    return FALSE;

  body = secret + strlen (SECRET_PREFIX);
  if (strlen (body) != SECRET_BODY_LENGTH)
    return FALSE;

  for (const char *c = body; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
        return FALSE;
    }

  return TRUE;
}

/* Compares two hex digests in time that depends only on their length. */
static gboolean
hashes_equal (const char *a,
              const char *b)
{
  gsize length = strlen (a);
  guint8 difference = 0;

  if (length != strlen (b))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    difference |= (guint8)a[i] ^ (guint8)b[i];

  return difference == 0;
}

static gpointer
token_from_row (sqlite3_stmt *stmt)
{
  BsApiToken *token = g_new0 (BsApiToken, 1);

  token->id = sqlite3_column_int64 (stmt, 0);
  token->name = bs_store_column_dup (stmt, 1);
  if (!bs_role_from_string ((const char *)sqlite3_column_text (stmt, 2), &token->role))
    token->role = BS_ROLE_VIEWER;
  token->bootstrap = sqlite3_column_int (stmt, 3) != 0;
  token->created_at = bs_store_column_time (stmt, 4);
  token->expires_at = bs_store_column_time (stmt, 5);
  token->last_used_at = bs_store_column_time (stmt, 6);
  token->revoked_at = bs_store_column_time (stmt, 7);
  return token;
}

BsApiToken *
bs_api_token_create (BsStore     *store,
                     const char  *name,
                     BsRole       role,
                     GDateTime   *expires_at,
                     gboolean     bootstrap,
                     char       **out_secret,
                     GError     **error)
{
  g_autofree char *what = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BsApiToken *token;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (out_secret != NULL, NULL);

  if (role < BS_ROLE_VIEWER || role > BS_ROLE_ADMIN)
    {
      g_set_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_BAD_ROLE,
                   "Could not create the API token “%s”: its role must be viewer, editor or "
                   "admin", name);
      return NULL;
    }

  what = g_strdup_printf ("Could not create the API token “%s”", name);
  if (!(stmt = bs_store_prepare (store,
                                 "INSERT INTO api_tokens"
                                 " (name, role, secret_hash, bootstrap, created_at, expires_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 what, error)))
    return NULL;

  secret = bs_api_token_generate_secret ();
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, bs_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, bs_api_token_hash_secret (secret), -1, g_free);
  sqlite3_bind_int (stmt, 4, bootstrap ? 1 : 0);
  bs_store_bind_now (stmt, 5);
  bs_store_bind_time (stmt, 6, expires_at);

  if (!bs_store_step_done (store, stmt, what, error))
    return NULL;

  token = bs_api_token_lookup (store, sqlite3_last_insert_rowid (bs_store_get_db (store)),
                               error);
  if (token != NULL)
    *out_secret = g_steal_pointer (&secret);
  return token;
}

static gboolean
token_check_usable (BsApiToken  *token,
                    GDateTime   *now,
                    GError     **error)
{
  g_autofree char *when = NULL;

  if (token->revoked_at != NULL)
    {
      when = bs_store_format_iso8601 (token->revoked_at);
      g_set_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_REVOKED,
                   "This API token was revoked on %s; ask an administrator for a new one",
                   when);
      return FALSE;
    }

  if (token->expires_at != NULL && g_date_time_compare (token->expires_at, now) <= 0)
    {
      when = bs_store_format_iso8601 (token->expires_at);
      g_set_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_EXPIRED,
                   "This API token expired on %s; ask an administrator for a new one", when);
      return FALSE;
    }

  return TRUE;
}

static gboolean
token_touch (BsStore     *store,
             BsApiToken  *token,
             GDateTime   *now,
             GError     **error)
{
  const char *what = "Could not record the use of an API token";
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (token->last_used_at != NULL &&
      g_date_time_difference (now, token->last_used_at) <
      LAST_USED_RESOLUTION_SECONDS * G_TIME_SPAN_SECOND)
    return TRUE;

  if (!(stmt = bs_store_prepare (store, "UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2",
                                 what, error)))
    return FALSE;

  bs_store_bind_time (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, token->id);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;

  g_clear_pointer (&token->last_used_at, g_date_time_unref);
  token->last_used_at = g_date_time_ref (now);
  return TRUE;
}

static void
set_unknown_error (GError **error)
{
  g_set_error_literal (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_INVALID,
                       "This API token is not known to this engine");
}

BsApiToken *
bs_api_token_authenticate (BsStore     *store,
                           const char  *secret,
                           GError     **error)
{
  const char *what = "Could not check the API token";
  g_autofree char *hash = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  if (secret == NULL || !secret_is_well_formed (secret))
    {
      set_unknown_error (error);
      return NULL;
    }

  if (!(stmt = bs_store_prepare (store, SELECT_COLUMNS " WHERE secret_hash = ?1", what, error)))
    return NULL;

  hash = bs_api_token_hash_secret (secret);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  if (!bs_store_fetch_one (store, stmt, token_from_row, (gpointer *)&token, what, error))
    return NULL;

  /* The index finds the row by hash; the comparison that decides is the constant-time one,
   * so that whatever the lookup does, the decision leaks nothing through timing. */
  if (token == NULL || !hashes_equal (hash, (const char *)sqlite3_column_text (stmt, 8)))
    {
      set_unknown_error (error);
      return NULL;
    }

  /* To the second, as the store keeps it, so that the token returned is the one stored. */
  now = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
  if (!token_check_usable (token, now, error) ||
      !token_touch (store, token, now, error))
    return NULL;

  return g_steal_pointer (&token);
}

GPtrArray *
bs_api_token_list (BsStore  *store,
                   GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_all (store, SELECT_COLUMNS " ORDER BY id DESC", token_from_row,
                             (GDestroyNotify)bs_api_token_free,
                             "Could not read the API tokens", error);
}

BsApiToken *
bs_api_token_lookup (BsStore  *store,
                     gint64    id,
                     GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  return bs_store_query_by_id (store, SELECT_COLUMNS " WHERE id = ?1", id, token_from_row,
                               "API token", error);
}

gboolean
bs_api_token_revoke (BsStore  *store,
                     gint64    id,
                     GError  **error)
{
  const char *what = "Could not revoke the API token";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(BsApiToken) token = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);

  /* Revoking twice keeps the first time: that is when access really ended. */
  if (!(stmt = bs_store_prepare (store,
                                 "UPDATE api_tokens SET revoked_at = ?1"
                                 " WHERE id = ?2 AND revoked_at IS NULL",
                                 what, error)))
    return FALSE;

  bs_store_bind_now (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!bs_store_step_done (store, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (bs_store_get_db (store)) > 0)
    return TRUE;

  /* Nothing changed: either it was revoked already (fine) or it does not exist. */
  token = bs_api_token_lookup (store, id, error);
  return token != NULL;
}

BsApiToken *
bs_api_token_find_bootstrap (BsStore  *store,
                             GError  **error)
{
  const char *what = "Could not look for the bootstrap API token";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BsApiToken *token;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);

  /* Store times are fixed-width UTC text, so comparing the text compares the times. */
  if (!(stmt = bs_store_prepare (store,
                                 SELECT_COLUMNS
                                 " WHERE bootstrap AND revoked_at IS NULL"
                                 " AND (expires_at IS NULL OR expires_at > ?1)"
                                 " ORDER BY id DESC LIMIT 1",
                                 what, error)))
    return NULL;

  bs_store_bind_now (stmt, 1);
  bs_store_fetch_one (store, stmt, token_from_row, (gpointer *)&token, what, error);
  return token;
}
