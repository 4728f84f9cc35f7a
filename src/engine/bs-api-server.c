#define G_LOG_DOMAIN "bs-api-server"

#include "config.h"

#include <string.h>

#include "bs-api-server.h"

#define API_PREFIX "/api/v1/"
#define IN_FLIGHT_KEY "bs-api-server-in-flight"

struct _BsApiServer
{
  GObject           parent_instance;

  SoupServer       *soup;
  const BsApiRoute *routes;
  gsize             n_routes;
  GInetAddress     *address;
  guint             port;
  gint64            started_usec;

  BsStore          *store;
  char             *data_dir;
  BsSecretStore    *secrets;

  /* Requests whose body has been read and whose answer is not written yet. */
  guint             in_flight;
  /* BsApiRequest* taken over by their handlers and not freed yet (not owned). */
  GHashTable       *deferred;
  GThreadPool      *workers;
  gboolean          stopping;
  gboolean          shutdown_timed_out;
  GTask            *shutdown_task;
  guint             shutdown_timeout_id;
  guint             shutdown_idle_id;
};

G_DEFINE_FINAL_TYPE (BsApiServer, bs_api_server, G_TYPE_OBJECT)

static void
bs_api_server_dispose (GObject *object)
{
  BsApiServer *self = (BsApiServer *)object;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  g_clear_handle_id (&self->shutdown_idle_id, g_source_remove);
  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->shutdown_task);
  /* Work still queued holds a reference to its request, which holds one to the server:
   * by now there is none, and this only joins idle threads. */
  if (self->workers != NULL)
    {
      g_thread_pool_free (self->workers, FALSE, TRUE);
      self->workers = NULL;
    }

  G_OBJECT_CLASS (bs_api_server_parent_class)->dispose (object);
}

static void
bs_api_server_finalize (GObject *object)
{
  BsApiServer *self = (BsApiServer *)object;

  g_assert (g_hash_table_size (self->deferred) == 0);
  g_clear_pointer (&self->deferred, g_hash_table_unref);
  g_clear_object (&self->address);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (bs_api_server_parent_class)->finalize (object);
}

static void
bs_api_server_class_init (BsApiServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_api_server_dispose;
  object_class->finalize = bs_api_server_finalize;
}

typedef struct
{
  BsApiThreadFunc func;
  gpointer        data;
} ThreadItem;

static void
run_thread_item (gpointer data,
                 gpointer user_data)
{
  ThreadItem *item = data;

  item->func (item->data);
  g_free (item);
}

static void
bs_api_server_init (BsApiServer *self)
{
  self->started_usec = g_get_monotonic_time ();
  self->deferred = g_hash_table_new (NULL, NULL);
  /* Not exclusive: the threads are GLib's shared ones, at most this many of them ours. */
  self->workers = g_thread_pool_new (run_thread_item, NULL, BS_API_WORKER_THREADS,
                                     FALSE, NULL);
}

static void
set_connection_close (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
}

static void
refuse_too_large (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  /* Whatever the client still sends is read and dropped, never kept. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  set_connection_close (msg);
  bs_api_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                        "The request body is larger than 1 MiB, the most the engine accepts");
}

/* Bodies without a Content-Length (chunked) are measured as they arrive. */
static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (soup_server_message_get_request_body (msg)->length > BS_API_MAX_BODY_SIZE)
    refuse_too_large (msg);
}

static void
on_early_request (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > BS_API_MAX_BODY_SIZE)
    {
      refuse_too_large (msg);
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

/* Fills @request's parameters when it is given and the path matches. */
static gboolean
route_matches_path (const BsApiRoute  *route,
                    char             **segments,
                    BsApiRequest      *request)
{
  g_auto(GStrv) pattern = g_strsplit (route->path, "/", -1);

  if (g_strv_length (pattern) != g_strv_length (segments))
    return FALSE;

  for (guint i = 0; pattern[i] != NULL; i++)
    {
      gsize len = strlen (pattern[i]);
      g_autofree char *value = NULL;
      g_autofree char *name = NULL;

      if (len < 3 || pattern[i][0] != '{' || pattern[i][len - 1] != '}')
        {
          if (strcmp (pattern[i], segments[i]) != 0)
            return FALSE;
          continue;
        }

      value = g_uri_unescape_string (segments[i], NULL);
      if (value == NULL || value[0] == '\0')
        return FALSE;
      if (request != NULL)
        {
          name = g_strndup (pattern[i] + 1, len - 2);
          bs_api_request_set_param (request, name, value);
        }
    }

  return TRUE;
}

/* The route for @method and @segments; when only the method differs, @allow lists the
 * methods the path does accept. */
static const BsApiRoute *
find_route (BsApiServer  *self,
            const char   *method,
            char        **segments,
            GString      *allow)
{
  for (gsize i = 0; i < self->n_routes; i++)
    {
      const BsApiRoute *route = &self->routes[i];

      if (!route_matches_path (route, segments, NULL))
        continue;
      if (strcmp (route->method, method) == 0)
        return route;
      if (allow->len > 0)
        g_string_append (allow, ", ");
      g_string_append (allow, route->method);
    }

  return NULL;
}

static void
respond_unauthorized (SoupServerMessage *msg,
                      const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"business-engine\"");
  bs_api_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, message);
}

/* The secret of "Authorization: Bearer <secret>", or NULL. */
static char *
get_bearer_secret (SoupServerMessage *msg)
{
  const char *value;
  const char *secret;

  value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                        "Authorization");
  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  secret = value + 7;
  while (*secret == ' ')
    secret++;
  return *secret != '\0' ? g_strstrip (g_strdup (secret)) : NULL;
}

/* Answers 401 (or 5xx when the store fails) and returns NULL when the caller has no
 * usable token. */
static BsApiToken *
authenticate (BsApiServer       *self,
              SoupServerMessage *msg)
{
  g_autofree char *secret = get_bearer_secret (msg);
  g_autoptr(GError) error = NULL;
  BsApiToken *token;

  if (secret == NULL)
    {
      respond_unauthorized (msg,
                            "This call needs an API token, sent as the header "
                            "“Authorization: Bearer <token>”");
      return NULL;
    }

  token = bs_api_token_authenticate (self->store, secret, &error);
  if (token != NULL)
    return token;

  if (error->domain == BS_API_TOKEN_ERROR)
    respond_unauthorized (msg, error->message);
  else
    bs_api_respond_error (msg, bs_api_status_for_error (error), error->message);
  return NULL;
}

static gboolean
check_role (const BsApiRoute  *route,
            const BsApiToken  *token,
            SoupServerMessage *msg)
{
  g_autofree char *message = NULL;

  if (token->role >= route->role)
    return TRUE;

  message = g_strdup_printf ("This needs the %s role; your token has the %s role",
                             bs_role_to_string (route->role),
                             bs_role_to_string (token->role));
  bs_api_respond_error (msg, SOUP_STATUS_FORBIDDEN, message);
  return FALSE;
}

/* json-glib says "<data>:1:9: Parse error: unexpected character"; a person wants to
 * read "Malformed JSON at line 1, column 9: unexpected character". */
static char *
describe_parse_error (const GError *error)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *line = NULL;
  g_autofree char *column = NULL;
  g_autofree char *detail = NULL;

  regex = g_regex_new ("^<data>:(\\d+):(\\d+): (?:Parse error: )?(.*)$",
                       G_REGEX_DOTALL, 0, NULL);
  if (!g_regex_match (regex, error->message, 0, &match))
    return g_strdup_printf ("Malformed JSON: %s", error->message);

  line = g_match_info_fetch (match, 1);
  column = g_match_info_fetch (match, 2);
  detail = g_match_info_fetch (match, 3);
  return g_strdup_printf ("Malformed JSON at line %s, column %s: %s", line, column, detail);
}

/* JSON may carry a NUL character as \u0000, but a C string ends there: "sales\u0000x"
 * would reach a handler as "sales". Such text is refused rather than cut short. */
static gboolean
has_escaped_nul (const char *data,
                 gsize       size)
{
  for (gsize i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\\')
        continue;
      if (data[i + 1] == 'u' && i + 6 <= size && memcmp (data + i + 2, "0000", 4) == 0)
        return TRUE;
      /* Skips the escaped character, which may itself be a backslash. */
      i++;
    }
  return FALSE;
}

/* Answers 400 or 413 and returns NULL when the body is not one JSON object. */
static JsonNode *
parse_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  if (size > BS_API_MAX_BODY_SIZE)
    {
      refuse_too_large (msg);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &error))
    {
      message = describe_parse_error (error);
      bs_api_respond_error (msg, SOUP_STATUS_BAD_REQUEST, message);
      return NULL;
    }

  if (has_escaped_nul (data, size))
    {
      bs_api_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                            "The request body holds a NUL character (\\u0000) in a string; "
                            "names and values cannot contain one");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bs_api_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                            root == NULL ? "The request needs a JSON object as its body"
                                         : "The request body must be a JSON object");
      return NULL;
    }

  return json_node_ref (root);
}

static void
respond_no_route (SoupServerMessage *msg,
                  const char        *method,
                  const char        *path,
                  GString           *allow)
{
  g_autofree char *message = NULL;

  if (allow->len == 0)
    {
      if (g_str_has_prefix (path, API_PREFIX))
        message = g_strdup_printf ("There is no API route %s", path);
      else
        message = g_strdup_printf ("There is nothing at %s; the API is under %s",
                                   path, API_PREFIX);
      bs_api_respond_error (msg, SOUP_STATUS_NOT_FOUND, message);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", allow->str);
  message = g_strdup_printf ("%s is not allowed on %s; use %s", method, path, allow->str);
  bs_api_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, message);
}

/* Everything a route needs before its handler runs; answers and returns FALSE when the
 * request stops here. */
static gboolean
prepare_request (BsApiServer       *self,
                 const BsApiRoute  *route,
                 SoupServerMessage *msg,
                 BsApiRequest      *request)
{
  if (self->store == NULL)
    {
      bs_api_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                            "The engine is still starting; try again in a moment");
      return FALSE;
    }

  if (route->role != BS_API_PUBLIC)
    {
      BsApiToken *token = authenticate (self, msg);

      if (token == NULL)
        return FALSE;
      bs_api_request_set_token (request, token);
      if (!check_role (route, token, msg))
        return FALSE;
    }

  if (route->takes_body)
    {
      JsonNode *body = parse_body (msg);

      if (body == NULL)
        return FALSE;
      bs_api_request_set_body (request, body);
    }

  return TRUE;
}

static void
on_request (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  BsApiServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autoptr(BsApiRequest) request = NULL;
  g_auto(GStrv) segments = NULL;
  const BsApiRoute *route = NULL;

  if (self->stopping)
    {
      set_connection_close (msg);
      bs_api_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                            "The engine is shutting down");
      return;
    }

  if (g_str_has_prefix (path, API_PREFIX))
    {
      segments = g_strsplit (path + strlen (API_PREFIX), "/", -1);
      route = find_route (self, method, segments, allow);
    }

  if (route == NULL)
    {
      respond_no_route (msg, method, path, allow);
      return;
    }

  request = bs_api_request_new (self, msg, query);
  route_matches_path (route, segments, request);
  if (!prepare_request (self, route, msg, request))
    return;

  route->handler (request);

  if (!bs_api_request_is_deferred (request) && soup_server_message_get_status (msg) == 0)
    {
      g_critical ("The handler of %s %s gave no answer", method, route->path);
      bs_api_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                            "The engine gave no answer to this request");
    }
}

static gboolean
finish_shutdown_cb (gpointer user_data)
{
  BsApiServer *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->shutdown_idle_id = 0;
  soup_server_disconnect (self->soup);
  if (g_hash_table_size (self->deferred) > 0)
    {
      /* Their connections are gone now; bs_api_server_remove_deferred() comes back here. */
      g_message ("Waiting for the work of %u request(s) to stop",
                 g_hash_table_size (self->deferred));
      return G_SOURCE_REMOVE;
    }

  task = g_steal_pointer (&self->shutdown_task);
  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  /* No request can come any more: let the owner close the workspace. */
  g_clear_object (&self->store);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

/* Disconnecting from inside a SoupServer signal would pull the connection from under
 * libsoup, so the last step always runs from an idle. It waits for the deferred requests
 * even past the timeout: their worker threads must be done before the engine exits. */
static void
schedule_finish_shutdown (BsApiServer *self)
{
  if (self->shutdown_task == NULL || self->shutdown_idle_id != 0)
    return;
  if (self->in_flight > 0 && !self->shutdown_timed_out)
    return;

  self->shutdown_idle_id = g_idle_add (finish_shutdown_cb, self);
}

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  BsApiServer *self = user_data;

  self->shutdown_timeout_id = 0;
  self->shutdown_timed_out = TRUE;
  g_message ("%u request(s) were still being answered; closing their connections",
             self->in_flight);
  schedule_finish_shutdown (self);
  return G_SOURCE_REMOVE;
}

static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  BsApiServer *self = user_data;

  self->in_flight++;
  g_object_set_data (G_OBJECT (msg), IN_FLIGHT_KEY, GINT_TO_POINTER (TRUE));
}

static void
on_request_done (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  BsApiServer *self = user_data;

  g_debug ("%s %s: %u",
           soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)),
           soup_server_message_get_status (msg));

  /* A request refused before its body was read (Expect: 100-continue) was never counted. */
  if (!g_object_get_data (G_OBJECT (msg), IN_FLIGHT_KEY))
    return;
  g_assert (self->in_flight > 0);
  self->in_flight--;
  if (self->stopping)
    schedule_finish_shutdown (self);
}

BsApiServer *
bs_api_server_new (const BsApiRoute *routes,
                   gsize             n_routes)
{
  BsApiServer *self;

  g_return_val_if_fail (routes != NULL || n_routes == 0, NULL);

  self = g_object_new (BS_TYPE_API_SERVER, NULL);
  self->routes = routes;
  self->n_routes = n_routes;
  self->soup = soup_server_new ("server-header", "business-engine/" PACKAGE_VERSION, NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (on_request_read), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_done), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_done), self);
  return self;
}

gboolean
bs_api_server_listen (BsApiServer   *self,
                      GInetAddress  *address,
                      guint          port,
                      GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  GSList *uris;

  g_return_val_if_fail (BS_IS_API_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_set_object (&self->address, address);
  return TRUE;
}

guint
bs_api_server_get_port (BsApiServer *self)
{
  g_return_val_if_fail (BS_IS_API_SERVER (self), 0);

  return self->port;
}

char *
bs_api_server_get_url (BsApiServer *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (BS_IS_API_SERVER (self), NULL);
  g_return_val_if_fail (self->address != NULL, NULL);

  host = g_inet_address_to_string (self->address);
  if (g_inet_address_get_family (self->address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/", host, self->port);
  return g_strdup_printf ("http://%s:%u/", host, self->port);
}

void
bs_api_server_set_workspace (BsApiServer *self,
                             BsStore     *store,
                             const char  *data_dir)
{
  g_return_if_fail (BS_IS_API_SERVER (self));
  g_return_if_fail (BS_IS_STORE (store));
  g_return_if_fail (data_dir != NULL);

  g_set_object (&self->store, store);
  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

BsStore *
bs_api_server_get_store (BsApiServer *self)
{
  g_return_val_if_fail (BS_IS_API_SERVER (self), NULL);

  return self->store;
}

const char *
bs_api_server_get_data_dir (BsApiServer *self)
{
  g_return_val_if_fail (BS_IS_API_SERVER (self), NULL);

  return self->data_dir;
}

void
bs_api_server_set_secret_store (BsApiServer   *self,
                                BsSecretStore *secrets)
{
  g_return_if_fail (BS_IS_API_SERVER (self));
  g_return_if_fail (secrets == NULL || BS_IS_SECRET_STORE (secrets));

  g_set_object (&self->secrets, secrets);
}

BsSecretStore *
bs_api_server_get_secret_store (BsApiServer *self)
{
  g_return_val_if_fail (BS_IS_API_SERVER (self), NULL);

  return self->secrets;
}

gint64
bs_api_server_get_uptime_seconds (BsApiServer *self)
{
  g_return_val_if_fail (BS_IS_API_SERVER (self), 0);

  return (g_get_monotonic_time () - self->started_usec) / G_USEC_PER_SEC;
}

static void
cancel_deferred (BsApiServer *self)
{
  GHashTableIter iter;
  gpointer request;

  g_hash_table_iter_init (&iter, self->deferred);
  while (g_hash_table_iter_next (&iter, &request, NULL))
    bs_api_request_cancel (request);
}

void
bs_api_server_shutdown_async (BsApiServer         *self,
                              guint                timeout_ms,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BS_IS_API_SERVER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, bs_api_server_shutdown_async);

  if (self->shutdown_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The server is already shutting down");
      return;
    }

  self->stopping = TRUE;
  self->shutdown_task = g_steal_pointer (&task);
  cancel_deferred (self);
  if (self->in_flight == 0)
    {
      schedule_finish_shutdown (self);
      return;
    }

  self->shutdown_timeout_id = g_timeout_add (timeout_ms, shutdown_timeout_cb, self);
}

gboolean
bs_api_server_shutdown_finish (BsApiServer   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (BS_IS_API_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bs_api_server_run_in_thread (BsApiServer     *self,
                             BsApiThreadFunc  func,
                             gpointer         data)
{
  ThreadItem *item;

  g_return_if_fail (BS_IS_API_SERVER (self));
  g_return_if_fail (func != NULL);

  item = g_new (ThreadItem, 1);
  item->func = func;
  item->data = data;
  /* Fails only when no thread can be made at all, which GLib treats as fatal anyway. */
  g_thread_pool_push (self->workers, item, NULL);
}

void
bs_api_server_add_deferred (BsApiServer  *self,
                            BsApiRequest *request)
{
  g_return_if_fail (BS_IS_API_SERVER (self));
  g_return_if_fail (request != NULL);

  g_hash_table_add (self->deferred, request);
  if (self->stopping)
    bs_api_request_cancel (request);
}

void
bs_api_server_remove_deferred (BsApiServer  *self,
                               BsApiRequest *request)
{
  g_return_if_fail (BS_IS_API_SERVER (self));

  g_hash_table_remove (self->deferred, request);
  if (self->stopping && g_hash_table_size (self->deferred) == 0)
    schedule_finish_shutdown (self);
}
