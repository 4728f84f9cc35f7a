#define G_LOG_DOMAIN "bs-api-request"

#include "config.h"

#include <string.h>

#include "bs-api-request.h"
#include "bs-api-server.h"
#include "bs-engine-json.h"
#include "bs-retail-figures.h"
#include "bs-sqlite-tables.h"

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

struct _BsApiRequest
{
  BsApiServer       *server;
  SoupServerMessage *msg;
  GHashTable        *query;
  GHashTable        *params;
  BsApiToken        *token;
  JsonNode          *body;
};

static const char *
error_code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return "bad_request";
    case SOUP_STATUS_UNAUTHORIZED:
      return "unauthorized";
    case SOUP_STATUS_FORBIDDEN:
      return "forbidden";
    case SOUP_STATUS_NOT_FOUND:
      return "not_found";
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
      return "method_not_allowed";
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return "payload_too_large";
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return "unavailable";
    default:
      return "internal";
    }
}

void
bs_api_respond_json (SoupServerMessage *msg,
                     guint              status,
                     JsonNode          *node)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (node != NULL);

  text = bs_engine_json_to_string (node, FALSE);
  length = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

void
bs_api_respond_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (message != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, error_code_for_status (status));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  bs_api_respond_json (msg, status, root);
}

static guint
status_for_store_error (int code)
{
  switch (code)
    {
    case BS_STORE_ERROR_NOT_FOUND:
      return SOUP_STATUS_NOT_FOUND;
    case BS_STORE_ERROR_CONSTRAINT:
      return SOUP_STATUS_BAD_REQUEST;
    case BS_STORE_ERROR_FULL:
    case BS_STORE_ERROR_BUSY:
    case BS_STORE_ERROR_READ_ONLY:
      return SOUP_STATUS_SERVICE_UNAVAILABLE;
    default:
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

guint
bs_api_status_for_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, SOUP_STATUS_INTERNAL_SERVER_ERROR);

  if (error->domain == BS_STORE_ERROR)
    return status_for_store_error (error->code);
  if (error->domain == BS_API_TOKEN_ERROR)
    return error->code == BS_API_TOKEN_ERROR_BAD_ROLE ? SOUP_STATUS_BAD_REQUEST
                                                      : SOUP_STATUS_UNAUTHORIZED;
  /* A data file was removed or is unreadable: the engine is fine, its data is not. */
  if (g_error_matches (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_OPEN) ||
      g_error_matches (error, BS_SQLITE_TABLES_ERROR, BS_SQLITE_TABLES_ERROR_OPEN))
    return SOUP_STATUS_SERVICE_UNAVAILABLE;
  return SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

BsApiRequest *
bs_api_request_new (BsApiServer       *server,
                    SoupServerMessage *msg,
                    GHashTable        *query)
{
  BsApiRequest *self;

  g_return_val_if_fail (BS_IS_API_SERVER (server), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  self = g_new0 (BsApiRequest, 1);
  self->server = server;
  self->msg = msg;
  self->query = query != NULL ? g_hash_table_ref (query) : NULL;
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
bs_api_request_free (BsApiRequest *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->token, bs_api_token_free);
  g_clear_pointer (&self->body, json_node_unref);
  g_free (self);
}

BsApiServer *
bs_api_request_get_server (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->server;
}

BsStore *
bs_api_request_get_store (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return bs_api_server_get_store (self->server);
}

void
bs_api_request_set_token (BsApiRequest *self,
                          BsApiToken   *token)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->token, bs_api_token_free);
  self->token = token;
}

BsRole
bs_api_request_get_role (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, BS_ROLE_VIEWER);

  return self->token != NULL ? self->token->role : BS_ROLE_VIEWER;
}

const char *
bs_api_request_get_actor (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->token != NULL ? self->token->name : "anonymous";
}

void
bs_api_request_set_param (BsApiRequest *self,
                          const char   *name,
                          const char   *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_hash_table_replace (self->params, g_strdup (name), g_strdup (value));
}

const char *
bs_api_request_get_param (BsApiRequest *self,
                          const char   *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->params, name);
}

gboolean
bs_api_request_get_id_param (BsApiRequest *self,
                             const char   *name,
                             const char   *what,
                             gint64       *out_id)
{
  const char *text;
  guint64 value = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out_id != NULL, FALSE);

  text = bs_api_request_get_param (self, name);
  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      bs_api_request_respond_error (self, SOUP_STATUS_NOT_FOUND,
                                    "There is no %s with id “%s”; ids are whole numbers from 1",
                                    what, text != NULL ? text : "");
      return FALSE;
    }

  *out_id = (gint64) value;
  return TRUE;
}

const char *
bs_api_request_get_query (BsApiRequest *self,
                          const char   *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->query == NULL)
    return NULL;
  return g_hash_table_lookup (self->query, name);
}

void
bs_api_request_set_body (BsApiRequest *self,
                         JsonNode     *body)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (body == NULL || JSON_NODE_HOLDS_OBJECT (body));

  g_clear_pointer (&self->body, json_node_unref);
  self->body = body;
}

JsonObject *
bs_api_request_get_body (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body != NULL ? json_node_get_object (self->body) : NULL;
}

gboolean
bs_api_request_get_string_field (BsApiRequest  *self,
                                 const char    *name,
                                 gboolean       required,
                                 const char   **out_value)
{
  JsonObject *body;
  JsonNode *member;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = NULL;
  body = bs_api_request_get_body (self);
  member = body != NULL ? json_object_get_member (body, name) : NULL;

  if (member == NULL || (!required && JSON_NODE_HOLDS_NULL (member)))
    {
      if (!required)
        return TRUE;
      bs_api_request_respond_error (self, SOUP_STATUS_BAD_REQUEST,
                                    "The field “%s” is missing from the request body", name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      bs_api_request_respond_error (self, SOUP_STATUS_BAD_REQUEST,
                                    "The field “%s” must be a string", name);
      return FALSE;
    }

  *out_value = json_node_get_string (member);
  return TRUE;
}

void
bs_api_request_respond_json (BsApiRequest *self,
                             guint         status,
                             JsonNode     *node)
{
  g_return_if_fail (self != NULL);

  bs_api_respond_json (self->msg, status, node);
}

void
bs_api_request_respond_error (BsApiRequest *self,
                              guint         status,
                              const char   *format,
                              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (self != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  bs_api_respond_error (self->msg, status, message);
}

void
bs_api_request_respond_gerror (BsApiRequest *self,
                               const GError *error)
{
  guint status;

  g_return_if_fail (self != NULL);
  g_return_if_fail (error != NULL);

  status = bs_api_status_for_error (error);
  if (status >= 500)
    g_warning ("%s %s failed: %s",
               soup_server_message_get_method (self->msg),
               g_uri_get_path (soup_server_message_get_uri (self->msg)),
               error->message);
  bs_api_respond_error (self->msg, status, error->message);
}

void
bs_api_request_respond_no_content (BsApiRequest *self)
{
  g_return_if_fail (self != NULL);

  soup_server_message_set_status (self->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
bs_api_request_respond_items (BsApiRequest         *self,
                              GPtrArray            *items,
                              const GError         *error,
                              BsEngineJsonItemFunc  add_item)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (items != NULL || error != NULL);

  if (items == NULL)
    {
      bs_api_request_respond_gerror (self, error);
      return;
    }

  root = bs_engine_json_items (items, add_item);
  bs_api_request_respond_json (self, SOUP_STATUS_OK, root);
}
