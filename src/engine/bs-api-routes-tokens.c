#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-private.h"
#include "bs-engine-json.h"
#include "bs-engine-tokens.h"

#define MAX_TOKEN_NAME_LENGTH 100

void
bs_api_routes_list_tokens (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = bs_api_token_list (bs_api_request_get_store (request), &error);

  bs_api_request_respond_items (request, tokens, error, bs_engine_json_add_token);
}

static gboolean
read_token_name (BsApiRequest  *request,
                 const char   **out_name)
{
  glong length;

  if (!bs_api_request_get_string_field (request, "name", TRUE, out_name))
    return FALSE;

  length = g_utf8_strlen (*out_name, -1);
  if (length == 0 || length > MAX_TOKEN_NAME_LENGTH)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “name” must be 1 to %d characters long",
                                    MAX_TOKEN_NAME_LENGTH);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_token_role (BsApiRequest *request,
                 BsRole       *out_role)
{
  const char *text;

  if (!bs_api_request_get_string_field (request, "role", TRUE, &text))
    return FALSE;

  if (!bs_role_from_string (text, out_role))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “role” must be “viewer”, “editor” or “admin”, "
                                    "not “%s”", text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_token_expiry (BsApiRequest  *request,
                   GDateTime    **out_expires_at)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires_at = NULL;
  const char *text;

  *out_expires_at = NULL;
  if (!bs_api_request_get_string_field (request, "expires_at", FALSE, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!(expires_at = g_date_time_new_from_iso8601 (text, utc)))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “expires_at” must be an ISO 8601 time such as "
                                    "“2030-01-31T12:00:00Z”, not “%s”", text);
      return FALSE;
    }

  if (g_date_time_compare (expires_at, now) <= 0)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “expires_at” (%s) is in the past", text);
      return FALSE;
    }

  *out_expires_at = g_steal_pointer (&expires_at);
  return TRUE;
}

static void
respond_created_token (BsApiRequest     *request,
                       const BsApiToken *token,
                       const char       *secret)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  bs_engine_json_begin_token (builder, token);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, secret);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_CREATED, root);
}

void
bs_api_routes_create_token (BsApiRequest *request)
{
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsEngineSecret) secret = NULL;
  BsEngineTokenSpec spec = { 0 };

  if (!read_token_name (request, &spec.name) ||
      !read_token_role (request, &spec.role) ||
      !read_token_expiry (request, &expires_at))
    return;

  spec.expires_at = expires_at;
  token = bs_engine_tokens_create (bs_api_request_get_store (request),
                                   bs_api_request_get_actor (request), &spec, &secret, &error);
  if (token == NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  respond_created_token (request, token, secret);
}

void
bs_api_routes_revoke_token (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "token", &id))
    return;

  if (!(token = bs_api_token_lookup (store, id, &error)) ||
      !bs_engine_tokens_revoke (store, bs_api_request_get_actor (request), token, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  bs_api_request_respond_no_content (request);
}
