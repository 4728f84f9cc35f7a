#define G_LOG_DOMAIN "bs-api-request"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "bs-api-request.h"
#include "bs-api-server.h"
#include "bs-engine-json.h"
#include "bs-retail-figures.h"

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

struct _BsApiRequest
{
  grefcount          ref_count;
  BsApiServer       *server;
  /* NULL once a deferred request is answered or its client went away. */
  SoupServerMessage *msg;
  GHashTable        *query;
  GHashTable        *params;
  BsApiToken        *token;
  JsonNode          *body;

  gboolean           deferred;
  GCancellable      *cancellable;
  GSource           *hangup_source;
  gulong             finished_id;
};

typedef struct
{
  BsApiRequest      *request;
  GCancellable      *cancellable;
  GMainContext      *context;
  BsApiWorkFunc      func;
  BsApiWorkDoneFunc  done;
  gpointer           data;
  GDestroyNotify     destroy;
  JsonNode          *result;
  GError            *error;
} Work;

static void release_message (BsApiRequest *self);

const char *
bs_api_error_code_for_status (guint status)
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
    case SOUP_STATUS_CONFLICT:
      return "conflict";
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return "payload_too_large";
    case SOUP_STATUS_BAD_GATEWAY:
      return "bad_gateway";
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
  json_builder_add_string_value (builder, bs_api_error_code_for_status (status));
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
  /* Work is only cancelled under a live request when the engine stops. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SOUP_STATUS_SERVICE_UNAVAILABLE;
  if (error->domain == BS_API_TOKEN_ERROR)
    return error->code == BS_API_TOKEN_ERROR_BAD_ROLE ? SOUP_STATUS_BAD_REQUEST
                                                      : SOUP_STATUS_UNAUTHORIZED;
  /* A data file was removed or is unreadable: the engine is fine, its data is not. */
  if (g_error_matches (error, BS_RETAIL_FIGURES_ERROR, BS_RETAIL_FIGURES_ERROR_OPEN))
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
  g_ref_count_init (&self->ref_count);
  self->server = g_object_ref (server);
  self->msg = g_object_ref (msg);
  self->query = query != NULL ? g_hash_table_ref (query) : NULL;
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

BsApiRequest *
bs_api_request_ref (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
bs_api_request_unref (BsApiRequest *self)
{
  if (self == NULL || !g_ref_count_dec (&self->ref_count))
    return;

  if (self->deferred)
    {
      if (self->msg != NULL)
        {
          /* Let go without an answer: a bug in the handler, but the client must not hang. */
          g_critical ("A deferred request was let go without an answer");
          bs_api_respond_error (self->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                "The engine gave no answer to this request");
          release_message (self);
        }
      bs_api_server_remove_deferred (self->server, self);
    }

  g_clear_object (&self->msg);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->server);
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

/* The caller's token, or NULL when the route needs none. */
const BsApiToken *
bs_api_request_get_token (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->token;
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

/* FALSE when the answer has nowhere to go: the client left, or it was answered already. */
static gboolean
can_answer (BsApiRequest *self)
{
  if (self->msg != NULL)
    return TRUE;

  g_debug ("Dropping the answer to a request whose client went away");
  return FALSE;
}

/* After an answer is set: a deferred message goes on to write it. */
static void
answered (BsApiRequest *self)
{
  if (self->deferred)
    release_message (self);
}

void
bs_api_request_respond_json (BsApiRequest *self,
                             guint         status,
                             JsonNode     *node)
{
  g_return_if_fail (self != NULL);

  if (!can_answer (self))
    return;
  bs_api_respond_json (self->msg, status, node);
  answered (self);
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

  if (!can_answer (self))
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  bs_api_respond_error (self->msg, status, message);
  answered (self);
}

void
bs_api_request_respond_gerror (BsApiRequest *self,
                               const GError *error)
{
  guint status;

  g_return_if_fail (self != NULL);
  g_return_if_fail (error != NULL);

  if (!can_answer (self))
    return;

  status = bs_api_status_for_error (error);
  if (status >= 500 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s %s failed: %s",
               soup_server_message_get_method (self->msg),
               g_uri_get_path (soup_server_message_get_uri (self->msg)),
               error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    bs_api_respond_error (self->msg, status, "The engine is shutting down");
  else
    bs_api_respond_error (self->msg, status, error->message);
  answered (self);
}

void
bs_api_request_respond_no_content (BsApiRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!can_answer (self))
    return;
  soup_server_message_set_status (self->msg, SOUP_STATUS_NO_CONTENT, NULL);
  answered (self);
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

/* Deferred requests */

static void
stop_watching (BsApiRequest *self)
{
  if (self->hangup_source != NULL)
    {
      g_source_destroy (self->hangup_source);
      g_clear_pointer (&self->hangup_source, g_source_unref);
    }
  if (self->msg != NULL)
    g_clear_signal_handler (&self->finished_id, self->msg);
}

/* Lets libsoup write the answer that was set (or finish a message it gave up on). */
static void
release_message (BsApiRequest *self)
{
  g_autoptr(SoupServerMessage) msg = NULL;

  stop_watching (self);
  msg = g_steal_pointer (&self->msg);
  soup_server_message_unpause (msg);
}

/* libsoup finished the message on its own: the engine closed every connection. */
static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  BsApiRequest *self = user_data;

  stop_watching (self);
  g_clear_object (&self->msg);
  g_cancellable_cancel (self->cancellable);
}

static void
client_went_away (BsApiRequest *self)
{
  g_debug ("The client of %s %s closed its connection; cancelling the work",
           soup_server_message_get_method (self->msg),
           g_uri_get_path (soup_server_message_get_uri (self->msg)));
  g_cancellable_cancel (self->cancellable);

  /* libsoup still owns the connection: give it an answer to fail writing, so that it
   * closes the connection now instead of keeping it until the engine stops. */
  soup_message_headers_replace (soup_server_message_get_response_headers (self->msg),
                                "Connection", "close");
  bs_api_respond_error (self->msg, SOUP_STATUS_BAD_REQUEST,
                        "The client closed the connection before the answer was ready");
  release_message (self);
}

/* A paused message is not read by libsoup, so nothing else notices a client that hangs
 * up; an end of file on a peek says it did. */
static gboolean
on_socket_event (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  BsApiRequest *self = user_data;
  char byte;
  gssize n;

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->hangup_source, g_source_unref);
  /* More bytes (a pipelined request) say nothing about a hang-up; stop looking rather
   * than spin on them. */
  if (n > 0)
    return G_SOURCE_REMOVE;

  client_went_away (self);
  return G_SOURCE_REMOVE;
}

static void
watch_connection (BsApiRequest *self)
{
  GSocket *socket = soup_server_message_get_socket (self->msg);

  self->finished_id = g_signal_connect (self->msg, "finished",
                                        G_CALLBACK (on_message_finished), self);
  if (socket == NULL)
    return;

  self->hangup_source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (self->hangup_source, G_SOURCE_FUNC (on_socket_event), self, NULL);
  g_source_set_static_name (self->hangup_source, "[business-engine] client hang-up");
  g_source_attach (self->hangup_source, g_main_context_get_thread_default ());
}

BsApiRequest *
bs_api_request_defer (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->deferred || bs_api_request_is_open (self), NULL);

  if (!self->deferred)
    {
      self->deferred = TRUE;
      self->cancellable = g_cancellable_new ();
      soup_server_message_pause (self->msg);
      watch_connection (self);
      bs_api_server_add_deferred (self->server, self);
    }

  return bs_api_request_ref (self);
}

gboolean
bs_api_request_is_deferred (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->deferred;
}

gboolean
bs_api_request_is_open (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->msg != NULL && soup_server_message_get_status (self->msg) == 0;
}

GCancellable *
bs_api_request_get_cancellable (BsApiRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cancellable;
}

void
bs_api_request_cancel (BsApiRequest *self)
{
  g_return_if_fail (self != NULL);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
work_free (Work *work)
{
  if (work->destroy != NULL)
    work->destroy (work->data);
  g_clear_pointer (&work->result, json_node_unref);
  g_clear_error (&work->error);
  g_clear_object (&work->cancellable);
  g_main_context_unref (work->context);
  bs_api_request_unref (work->request);
  g_free (work);
}

static void
answer_work (Work *work)
{
  BsApiRequest *request = work->request;

  /* A closed request drops the result: its client went away. */
  if (!bs_api_request_is_open (request))
    return;

  if (g_error_matches (work->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    bs_api_request_respond_gerror (request, work->error);
  else if (work->done != NULL)
    work->done (request, work->result, work->error, work->data);
  else if (work->error != NULL)
    bs_api_request_respond_gerror (request, work->error);
  else
    bs_api_request_respond_json (request, SOUP_STATUS_OK, work->result);
}

static gboolean
work_done_cb (gpointer user_data)
{
  Work *work = user_data;

  answer_work (work);
  work_free (work);
  return G_SOURCE_REMOVE;
}

/* On a worker thread: touches nothing but @work's own fields. */
static void
work_run (gpointer data)
{
  Work *work = data;
  g_autoptr(GSource) source = NULL;

  if (!g_cancellable_set_error_if_cancelled (work->cancellable, &work->error))
    {
      work->result = work->func (work->data, work->cancellable, &work->error);
      g_assert ((work->result == NULL) != (work->error == NULL));
    }

  source = g_idle_source_new ();
  g_source_set_callback (source, work_done_cb, work, NULL);
  g_source_set_static_name (source, "[business-engine] work done");
  g_source_attach (source, work->context);
}

void
bs_api_request_run_in_thread (BsApiRequest      *self,
                              BsApiWorkFunc      func,
                              BsApiWorkDoneFunc  done,
                              gpointer           data,
                              GDestroyNotify     destroy)
{
  Work *work;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  work = g_new0 (Work, 1);
  work->request = bs_api_request_defer (self);
  work->cancellable = g_object_ref (self->cancellable);
  work->context = g_main_context_ref_thread_default ();
  work->func = func;
  work->done = done;
  work->data = data;
  work->destroy = destroy;
  bs_api_server_run_in_thread (self->server, work_run, work);
}
