#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bs-engine-client.h"

#define DEFAULT_TIMEOUT_SECONDS 60

struct _BsEngineClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *api_root;   /* <base_url>api/v1/ */
  char        *base_url;
  char        *token;
};

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BsEngineClient, bs_engine_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (bs-engine-client-error-quark, bs_engine_client_error)

typedef struct
{
  SoupMessage *message;
  char        *what;   /* "GET home", for messages */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->message);
  g_clear_pointer (&request->what, g_free);
  g_free (request);
}

/* A proxy set for the whole desktop must not see requests to the local engine: it would
 * answer for 127.0.0.1 itself, or not at all. */
static gboolean
host_is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
bs_engine_client_constructed (GObject *object)
{
  BsEngineClient *self = BS_ENGINE_CLIENT (object);
  g_autofree char *root = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (bs_engine_client_parent_class)->constructed (object);

  if (self->base_url == NULL)
    self->base_url = g_strdup ("");
  if (!g_str_has_suffix (self->base_url, "/"))
    {
      char *slashed = g_strconcat (self->base_url, "/", NULL);

      g_free (self->base_url);
      self->base_url = slashed;
    }

  root = g_strconcat (self->base_url, "api/v1/", NULL);
  self->api_root = g_uri_parse (root, G_URI_FLAGS_ENCODED, &error);
  /* Every request then fails saying so, which is where a person sees it. */
  if (self->api_root == NULL)
    g_debug ("Engine address “%s” is not a URL: %s", self->base_url, error->message);

  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
  if (self->api_root != NULL && host_is_loopback (self->api_root))
    soup_session_set_proxy_resolver (self->session, NULL);
}

static void
bs_engine_client_finalize (GObject *object)
{
  BsEngineClient *self = BS_ENGINE_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->api_root, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (bs_engine_client_parent_class)->finalize (object);
}

static void
bs_engine_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BsEngineClient *self = BS_ENGINE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_engine_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BsEngineClient *self = BS_ENGINE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_TOKEN:
      self->token = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_engine_client_class_init (BsEngineClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bs_engine_client_constructed;
  object_class->finalize = bs_engine_client_finalize;
  object_class->get_property = bs_engine_client_get_property;
  object_class->set_property = bs_engine_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Write-only: nothing needs to read the secret back out of a client. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_engine_client_init (BsEngineClient *self)
{
}

BsEngineClient *
bs_engine_client_new (const char *base_url,
                      const char *token)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (BS_TYPE_ENGINE_CLIENT,
                       "base-url", base_url,
                       "token", token,
                       NULL);
}

const char *
bs_engine_client_get_base_url (BsEngineClient *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
bs_engine_client_has_token (BsEngineClient *self)
{
  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (self), FALSE);

  return self->token != NULL && self->token[0] != '\0';
}

void
bs_engine_client_set_timeout (BsEngineClient *self,
                              guint           seconds)
{
  g_return_if_fail (BS_IS_ENGINE_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

static int
error_code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return BS_ENGINE_CLIENT_ERROR_UNAUTHORIZED;

    case SOUP_STATUS_FORBIDDEN:
      return BS_ENGINE_CLIENT_ERROR_FORBIDDEN;

    case SOUP_STATUS_NOT_FOUND:
      return BS_ENGINE_CLIENT_ERROR_NOT_FOUND;

    default:
      if (status >= 500)
        return BS_ENGINE_CLIENT_ERROR_SERVER;
      if (status >= 400)
        return BS_ENGINE_CLIENT_ERROR_BAD_REQUEST;
      return BS_ENGINE_CLIENT_ERROR_PROTOCOL;
    }
}

/* The engine explains every error in {"error":{"message":…}}; anything else in front of it
 * (a proxy, another program on the port) gets described by its status line. */
static char *
error_message_from_body (JsonNode *root)
{
  JsonObject *object;
  JsonObject *error;
  const char *message;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;
  error = json_object_get_object_member (object, "error");
  message = json_object_get_string_member_with_default (error, "message", NULL);
  if (message == NULL || message[0] == '\0')
    return NULL;

  return g_strdup (message);
}

static JsonNode *
parse_body (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  return json_parser_steal_root (parser);
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsEngineClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, BS_ENGINE_CLIENT_ERROR,
                                 BS_ENGINE_CLIENT_ERROR_UNREACHABLE,
                                 /* Translators: the first %s is an address like
                                  * http://127.0.0.1:8737/, the second the system's reason. */
                                 _("Could not reach the Business Engine at %s: %s"),
                                 self->base_url, error->message);
      return;
    }

  status = soup_message_get_status (request->message);
  if (status == SOUP_STATUS_NO_CONTENT || g_bytes_get_size (bytes) == 0)
    root = NULL;
  else
    root = parse_body (bytes, &parse_error);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (parse_error != NULL)
        g_task_return_new_error (task, BS_ENGINE_CLIENT_ERROR,
                                 BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                                 /* Translators: “%s” is a request such as “GET home”. */
                                 _("The engine at %s answered “%s” with something that "
                                   "is not JSON: %s"),
                                 self->base_url, request->what, parse_error->message);
      else
        g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
    }
  else
    {
      g_autofree char *message = error_message_from_body (root);

      if (message == NULL)
        message = g_strdup_printf (_("The engine at %s answered “%s” with status %u (%s)"),
                                   self->base_url, request->what, status,
                                   soup_message_get_reason_phrase (request->message));
      g_task_return_error (task, g_error_new_literal (BS_ENGINE_CLIENT_ERROR,
                                                      error_code_for_status (status),
                                                      message));
    }
}

void
bs_engine_client_request_async (BsEngineClient      *self,
                                const char          *method,
                                const char          *path,
                                JsonNode            *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  Request *request;

  g_return_if_fail (BS_IS_ENGINE_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] != '/');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_engine_client_request_async);

  if (self->api_root == NULL ||
      (uri = g_uri_parse_relative (self->api_root, path, G_URI_FLAGS_ENCODED, &error)) == NULL)
    {
      g_task_return_new_error (task, BS_ENGINE_CLIENT_ERROR,
                               BS_ENGINE_CLIENT_ERROR_UNREACHABLE,
                               _("“%s” is not a valid engine address"), self->base_url);
      return;
    }

  request = g_new0 (Request, 1);
  request->what = g_strdup_printf ("%s %s", method, path);
  request->message = soup_message_new_from_uri (method, uri);
  g_task_set_task_data (task, request, request_free);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (bs_engine_client_has_token (self))
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (request->message,
                                                "application/json; charset=utf-8", bytes);
    }

  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, request_sent_cb, g_steal_pointer (&task));
}

JsonNode *
bs_engine_client_request_finish (BsEngineClient  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bs_engine_client_request_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonArray *
bs_engine_client_get_items (JsonNode    *root,
                            const char  *what,
                            GError     **error)
{
  JsonNode *items = NULL;

  g_return_val_if_fail (what != NULL, NULL);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    items = json_object_get_member (json_node_get_object (root), "items");

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_set_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                   /* Translators: %s is what was asked for, such as “data sources”. */
                   _("The engine did not send a list of %s."), what);
      return NULL;
    }

  return json_node_get_array (items);
}

gint64
bs_engine_client_find_demo_source (JsonArray *sources)
{
  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonObject *item = json_array_get_object_element (sources, i);

      if (item != NULL && json_object_get_boolean_member_with_default (item, "is_demo", FALSE))
        return json_object_get_int_member_with_default (item, "id", 0);
    }
  return 0;
}
