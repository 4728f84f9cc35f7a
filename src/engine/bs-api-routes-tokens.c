#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include <string.h>

#include "bs-api-routes-private.h"
#include "bs-engine-change.h"
#include "bs-engine-json.h"

#define MAX_TOKEN_NAME_LENGTH 100
#define DEFAULT_EVENT_LIMIT   100
#define MAX_EVENT_LIMIT       1000

typedef struct
{
  const char  *name;
  BsRole       role;
  GDateTime   *expires_at;
  BsApiToken  *token;
  char        *secret;
} TokenCreation;

void
bs_api_routes_list_tokens (BsApiRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!(tokens = bs_api_token_list (bs_api_request_get_store (request), &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tokens->len; i++)
    {
      bs_engine_json_begin_token (builder, g_ptr_array_index (tokens, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

static JsonNode *
token_event_detail (const BsApiToken *token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, token->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, token->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, bs_role_to_string (token->role));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
create_token (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  TokenCreation *creation = user_data;

  creation->token = bs_api_token_create (store, creation->name, creation->role,
                                         creation->expires_at, FALSE, &creation->secret, error);
  if (creation->token == NULL)
    return NULL;

  return token_event_detail (creation->token);
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
respond_created_token (BsApiRequest        *request,
                       const TokenCreation *creation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  bs_engine_json_begin_token (builder, creation->token);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, creation->secret);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_CREATED, root);
}

void
bs_api_routes_create_token (BsApiRequest *request)
{
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GError) error = NULL;
  TokenCreation creation = { 0 };

  if (!read_token_name (request, &creation.name) ||
      !read_token_role (request, &creation.role) ||
      !read_token_expiry (request, &expires_at))
    return;

  creation.expires_at = expires_at;
  if (bs_engine_change_commit (bs_api_request_get_store (request),
                               bs_api_request_get_actor (request),
                               "token.created", create_token, &creation, &error))
    respond_created_token (request, &creation);
  else
    bs_api_request_respond_gerror (request, error);

  g_clear_pointer (&creation.token, bs_api_token_free);
  if (creation.secret != NULL)
    memset (creation.secret, 0, strlen (creation.secret));
  g_clear_pointer (&creation.secret, g_free);
}

static JsonNode *
revoke_token (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  const BsApiToken *token = user_data;

  if (!bs_api_token_revoke (store, token->id, error))
    return NULL;

  return token_event_detail (token);
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

  if (!(token = bs_api_token_lookup (store, id, &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  if (!bs_engine_change_commit (store, bs_api_request_get_actor (request),
                                "token.revoked", revoke_token, token, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  bs_api_request_respond_no_content (request);
}

static gboolean
read_event_limit (BsApiRequest *request,
                  guint        *out_limit)
{
  const char *text = bs_api_request_get_query (request, "limit");
  guint64 limit = DEFAULT_EVENT_LIMIT;

  if (text != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, MAX_EVENT_LIMIT, &limit, NULL))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The parameter “limit” must be a whole number from 1 to %d, "
                                    "not “%s”", MAX_EVENT_LIMIT, text);
      return FALSE;
    }

  *out_limit = (guint) limit;
  return TRUE;
}

static void
add_event (JsonBuilder        *builder,
           const BsStoreEvent *event)
{
  g_autoptr(JsonNode) detail = json_from_string (event->detail_json, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, event->id);
  bs_engine_json_add_time (builder, "at", event->at);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, event->kind);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, event->actor);
  json_builder_set_member_name (builder, "detail");
  if (detail != NULL)
    json_builder_add_value (builder, g_steal_pointer (&detail));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

void
bs_api_routes_list_events (BsApiRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  guint limit;

  if (!read_event_limit (request, &limit))
    return;

  if (!(events = bs_store_list_events (bs_api_request_get_store (request), limit, &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    add_event (builder, g_ptr_array_index (events, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}
