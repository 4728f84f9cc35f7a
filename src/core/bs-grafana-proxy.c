#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "bs-grafana-frame.h"
#include "bs-grafana-proxy.h"
#include "bs-prometheus-schema.h"
#include "bs-query-promql.h"

G_DEFINE_QUARK (bs-grafana-proxy-error-quark, bs_grafana_proxy_error)

#define REF_ID "A"

static gint timeout_seconds = BS_GRAFANA_PROXY_DEFAULT_TIMEOUT_SECONDS;

void
bs_grafana_proxy_set_timeout (guint seconds)
{
  g_return_if_fail (seconds > 0 && seconds <= G_MAXINT);

  g_atomic_int_set (&timeout_seconds, (gint) seconds);
}

guint
bs_grafana_proxy_get_timeout (void)
{
  return (guint) g_atomic_int_get (&timeout_seconds);
}

/* One public call: one session, one Grafana, one token. */
typedef struct
{
  SoupSession        *session;
  GUri               *base;         /* with a path ending in "/" */
  char               *display;      /* the base URL without credentials, for messages */
  const char         *token;        /* not owned; NULL for /api/health */
  GCancellable       *cancellable;
  const BsGrafanaTls *tls;          /* not owned; NULL: the system's trust store */
} Call;

static void
call_clear (Call *call)
{
  g_clear_object (&call->session);
  g_clear_pointer (&call->base, g_uri_unref);
  g_clear_pointer (&call->display, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Call, call_clear)

/* Whatever a server sends back may quote the token (a proxy echoing headers, a debug page):
 * no message built from an answer may carry it. */
static char *
scrub (const Call *call,
       const char *text)
{
  g_autoptr(GString) string = g_string_new (text);

  if (call->token != NULL && call->token[0] != '\0')
    g_string_replace (string, call->token, "…", 0);
  return g_string_free (g_steal_pointer (&string), FALSE);
}

static void G_GNUC_PRINTF (4, 5)
set_error (const Call *call,
           GError    **error,
           int         code,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  g_autofree char *scrubbed = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, BS_GRAFANA_PROXY_ERROR, code, scrubbed = scrub (call, message));
}

static gboolean
is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A client's Grafana may have its own CA: it alone is trusted for that instance. */
static gboolean
call_set_tls (Call    *call,
              GError **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  if (call->tls == NULL || call->tls->ca_file == NULL || call->tls->skip_verify)
    return TRUE;
  database = g_tls_file_database_new (call->tls->ca_file, &local_error);
  if (database == NULL)
    {
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_TLS,
                 _("Could not read the CA file %s to check the certificate of Grafana at %s: "
                   "%s"), call->tls->ca_file, call->display, local_error->message);
      return FALSE;
    }
  soup_session_set_tls_database (call->session, database);
  return TRUE;
}

static gboolean
call_init (Call         *call,
           const char   *base_url,
           const char   *token,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  g_autofree char *dir = NULL;
  const char *path;
  guint timeout = bs_grafana_proxy_get_timeout ();

  call->token = token;
  call->cancellable = cancellable;
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_INVALID_URL,
                 _("“%s” is not the address of a Grafana server: it must start with http:// "
                   "or https:// and name a host"), base_url);
      return FALSE;
    }

  path = g_uri_get_path (uri);
  dir = g_str_has_suffix (path, "/") ? g_strdup (path) : g_strconcat (path, "/", NULL);
  call->base = g_uri_build (G_URI_FLAGS_ENCODED, scheme, g_uri_get_userinfo (uri),
                            g_uri_get_host (uri), g_uri_get_port (uri), dir, NULL, NULL);
  call->display = g_uri_to_string_partial (call->base, G_URI_HIDE_USERINFO);
  call->session = soup_session_new_with_options ("timeout", timeout,
                                                 "idle-timeout", timeout,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
  /* A proxy set for the whole desktop must not see requests to a server on this machine. */
  if (is_loopback (call->base))
    soup_session_set_proxy_resolver (call->session, NULL);
  return call_set_tls (call, error);
}

static void connection_error (const Call *call,
                              GError     *cause,
                              GError    **error);

/* glib-networking resumes TLS sessions from a cache shared by the whole process, and a
 * resumed session is not checked again: a session that an instance with verification off
 * (or another CA) opened to the same address would be taken as verified. So the peer of
 * every answer is checked here against this instance's own trust; a check sends its token
 * only after the connection of its /api/health call (which carries none) passed. */
static gboolean
call_check_peer (Call         *call,
                 SoupMessage  *message,
                 GError      **error)
{
  GTlsCertificate *peer = soup_message_get_tls_peer_certificate (message);
  GTlsDatabase *database = soup_session_get_tls_database (call->session);
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) cause = NULL;
  GTlsCertificateFlags flags = G_TLS_CERTIFICATE_GENERIC_ERROR;

  if (call->tls == NULL || call->tls->skip_verify ||
      g_ascii_strcasecmp (g_uri_get_scheme (call->base), "https") != 0)
    return TRUE;
  identity = g_network_address_new (g_uri_get_host (call->base),
                                    g_uri_get_port (call->base) > 0 ? g_uri_get_port (call->base)
                                                                    : 443);
  if (peer != NULL && database != NULL)
    flags = g_tls_database_verify_chain (database, peer,
                                         G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                         NULL, G_TLS_DATABASE_VERIFY_NONE, call->cancellable,
                                         &cause);
  if (cause != NULL && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&cause));
      return FALSE;
    }
  if (cause == NULL && flags == 0)
    return TRUE;
  if (cause == NULL)
    cause = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                 _("Unacceptable TLS certificate"));
  connection_error (call, cause, error);
  return FALSE;
}

static void
connection_error (const Call *call,
                  GError     *cause,
                  GError    **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_TIMEOUT,
               _("Grafana at %s did not answer within %u seconds"), call->display,
               bs_grafana_proxy_get_timeout ());
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_UNREACHABLE,
               _("Could not connect to Grafana at %s: the connection was refused. Is Grafana "
                 "running, and are the address and port right?"), call->display);
  else if (cause->domain == G_RESOLVER_ERROR)
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_UNREACHABLE,
               _("Could not find the host of %s: %s. Is the address right?"), call->display,
               cause->message);
  else if (cause->domain == G_TLS_ERROR && call->tls != NULL && call->tls->ca_file != NULL)
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_TLS,
               _("Could not make a secure (TLS) connection to Grafana at %s: %s. Its "
                 "certificate is not signed by the CA file %s, or does not name this host; "
                 "check that the file holds the CA that signed Grafana’s certificate."),
               call->display, cause->message, call->tls->ca_file);
  else if (cause->domain == G_TLS_ERROR && call->tls != NULL)
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_TLS,
               _("Could not make a secure (TLS) connection to Grafana at %s: %s. If it uses "
                 "a self-signed certificate or a private CA, give that CA’s file (ca_file); "
                 "check that the address should be https://."),
               call->display, cause->message);
  else if (cause->domain == G_TLS_ERROR)
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_TLS,
               _("Could not make a secure (TLS) connection to Grafana at %s: %s. Check that "
                 "the address should be https:// and that its certificate is trusted."),
               call->display, cause->message);
  else
    set_error (call, error, BS_GRAFANA_PROXY_ERROR_UNREACHABLE,
               _("Could not reach Grafana at %s: %s"), call->display, cause->message);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Grafana's words from any of its three error bodies ({"message"[, "error"]},
 * {"messageId", "message"}) or Prometheus's ({"error"}) behind the resource proxy. */
static char *
grafana_message (JsonNode *root)
{
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root)
                                                                     : NULL;
  const char *message = member_string (object, "message");
  const char *detail = member_string (object, "error");

  if (message != NULL && message[0] != '\0' && detail != NULL && detail[0] != '\0' &&
      g_strcmp0 (message, detail) != 0)
    return g_strdup_printf ("%s (%s)", message, detail);
  if (message != NULL && message[0] != '\0')
    return g_strdup (message);
  if (detail != NULL && detail[0] != '\0')
    return g_strdup (detail);
  return NULL;
}

typedef struct
{
  guint     status;
  JsonNode *root;      /* NULL when the body is not JSON */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->root, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static gboolean
accept_any_certificate (SoupMessage          *message,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

/* Sends one request; FALSE only when no HTTP answer came back. */
static gboolean
call_send (Call        *call,
           const char  *method,
           const char  *relative,
           JsonNode    *body,
           Answer      *answer,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (call->base, relative, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers;
  gsize size = 0;
  const char *data;

  if (uri == NULL)
    {
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_INVALID_URL,
                 _("Could not make an address from %s and “%s”"), call->display, relative);
      return FALSE;
    }
  message = soup_message_new_from_uri (method, uri);
  /* Turned off explicitly, for this instance only. */
  if (call->tls != NULL && call->tls->skip_verify)
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (call->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", call->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) request = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (call->session, message, call->cancellable, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        connection_error (call, local_error, error);
      return FALSE;
    }

  if (!call_check_peer (call, message, error))
    return FALSE;
  answer->status = soup_message_get_status (message);
  data = g_bytes_get_data (bytes, &size);
  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    answer->root = json_parser_steal_root (parser);
  return TRUE;
}

static gboolean
says_no_data_source (const char *words)
{
  g_autofree char *lower = g_ascii_strdown (words, -1);

  return strstr (lower, "data source not found") != NULL ||
         strstr (lower, "datasource not found") != NULL;
}

/* An error for an answer that is not a success; @what says what was asked ("the list of
 * data sources"), @uid names the data source when there is one. */
static void
status_error (const Call   *call,
              const Answer *answer,
              const char   *what,
              const char   *uid,
              GError      **error)
{
  g_autofree char *words = grafana_message (answer->root);
  const char *said = words != NULL ? words : _("no reason given");

  switch (answer->status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED,
                 _("Grafana at %s did not accept the token (%s). Check that it is a valid "
                   "service-account token of this Grafana and has not expired."),
                 call->display, said);
      break;

    case SOUP_STATUS_FORBIDDEN:
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_FORBIDDEN,
                 _("The token may not read %s on Grafana at %s: %s. Give the service account "
                   "a role with that permission."), what, call->display, said);
      break;

    case SOUP_STATUS_NOT_FOUND:
      if (uid != NULL && words != NULL && says_no_data_source (words))
        set_error (call, error, BS_GRAFANA_PROXY_ERROR_NOT_FOUND,
                   _("Grafana at %s has no data source with the uid “%s”"), call->display, uid);
      else if (uid != NULL)
        set_error (call, error, BS_GRAFANA_PROXY_ERROR_NOT_FOUND,
                   _("Grafana at %s could not find %s for the data source “%s” (%s): it may "
                     "not be a Prometheus data source"), call->display, what, uid, said);
      else
        set_error (call, error, BS_GRAFANA_PROXY_ERROR_NOT_FOUND,
                   _("The server at %s answered “not found” (404) when asked for %s. Is this "
                     "the address of Grafana?"), call->display, what);
      break;

    default:
      if (answer->status >= 500)
        set_error (call, error, BS_GRAFANA_PROXY_ERROR_SERVER,
                   _("Grafana at %s failed while reading %s (HTTP %u): %s"), call->display,
                   what, answer->status, said);
      else if (answer->status >= 400)
        set_error (call, error, BS_GRAFANA_PROXY_ERROR_BAD_REQUEST,
                   _("Grafana at %s refused the request for %s (HTTP %u): %s"), call->display,
                   what, answer->status, said);
      else
        set_error (call, error, BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE,
                   _("Grafana at %s answered the request for %s with HTTP %u"), call->display,
                   what, answer->status);
      break;
    }
}

static void
not_grafana_json (const Call *call,
                  const char *what,
                  GError    **error)
{
  set_error (call, error, BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE,
             _("The server at %s did not answer like Grafana when asked for %s. Is this the "
               "address of Grafana itself?"), call->display, what);
}

/* GET @relative: its JSON on success, an error in plain words otherwise. */
static JsonNode *
call_get_json (Call        *call,
               const char  *relative,
               const char  *what,
               const char  *uid,
               GError     **error)
{
  g_auto(Answer) answer = { 0 };

  if (!call_send (call, "GET", relative, NULL, &answer, error))
    return NULL;
  if (!SOUP_STATUS_IS_SUCCESSFUL (answer.status))
    {
      status_error (call, &answer, what, uid, error);
      return NULL;
    }
  if (answer.root == NULL)
    {
      not_grafana_json (call, what, error);
      return NULL;
    }
  return g_steal_pointer (&answer.root);
}

/* Data sources */

static gboolean
add_datasource_item (JsonBuilder *builder,
                     JsonNode    *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *uid = member_string (object, "uid");
  const char *name = member_string (object, "name");
  const char *type = member_string (object, "type");

  if (uid == NULL || name == NULL || type == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uid");
  json_builder_add_string_value (builder, uid);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_end_object (builder);
  return TRUE;
}

JsonNode *
bs_grafana_proxy_list_datasources (const char    *base_url,
                                   const char    *token,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_auto(Call) call = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *what = _("the list of data sources");
  JsonArray *array;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!call_init (&call, base_url, token, cancellable, error))
    return NULL;
  root = call_get_json (&call, "api/datasources", what, NULL, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      not_grafana_json (&call, what, error);
      return NULL;
    }

  array = json_node_get_array (root);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!add_datasource_item (builder, json_array_get_element (array, i)))
      {
        not_grafana_json (&call, what, error);
        return NULL;
      }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Check */

/* GET /api/health (before authentication: the token is not sent there), then GET /api/org
 * with the token. */
static gboolean
check_health_and_org (Call        *call,
                      const char  *token,
                      char       **out_version,
                      JsonNode   **out_org,
                      GError     **error)
{
  g_auto(Answer) answer = { 0 };
  g_autoptr(JsonNode) health = NULL;
  JsonObject *object;
  const char *database;

  call->token = NULL;
  if (!call_send (call, "GET", "api/health", NULL, &answer, error))
    return FALSE;
  health = g_steal_pointer (&answer.root);
  object = health != NULL && JSON_NODE_HOLDS_OBJECT (health) ? json_node_get_object (health)
                                                             : NULL;
  database = member_string (object, "database");
  if (database == NULL || (!SOUP_STATUS_IS_SUCCESSFUL (answer.status) &&
                           g_strcmp0 (database, "ok") == 0))
    {
      answer.root = g_steal_pointer (&health);
      if (SOUP_STATUS_IS_SUCCESSFUL (answer.status))
        not_grafana_json (call, _("its health"), error);
      else
        status_error (call, &answer, _("its health"), NULL, error);
      return FALSE;
    }
  if (g_strcmp0 (database, "ok") != 0)
    {
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_SERVER,
                 _("Grafana at %s is running, but reports that its database is “%s”: see "
                   "Grafana’s own log"), call->display, database);
      return FALSE;
    }

  call->token = token;
  *out_org = call_get_json (call, "api/org", _("its organisation"), NULL, error);
  if (*out_org == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (*out_org))
    {
      g_clear_pointer (out_org, json_node_unref);
      not_grafana_json (call, _("its organisation"), error);
      return FALSE;
    }
  *out_version = g_strdup (member_string (object, "version"));
  return TRUE;
}

JsonNode *
bs_grafana_proxy_check (const char    *base_url,
                        const char    *token,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_auto(Call) call = { 0 };
  g_autoptr(JsonNode) org = NULL;
  g_autofree char *version = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!call_init (&call, base_url, NULL, cancellable, error) ||
      !check_health_and_org (&call, token, &version, &org, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  if (version != NULL)
    json_builder_add_string_value (builder, version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "org");
  name = member_string (json_node_get_object (org), "name");
  if (name != NULL)
    json_builder_add_string_value (builder, name);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
bs_grafana_proxy_check_instance (const char          *base_url,
                                 const char          *token,
                                 const BsGrafanaTls  *tls,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_auto(Call) call = { 0 };
  g_autoptr(JsonNode) org = NULL;
  g_autofree char *version = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *object;
  JsonNode *id;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call.tls = tls;
  if (!call_init (&call, base_url, NULL, cancellable, error) ||
      !check_health_and_org (&call, token, &version, &org, error))
    return NULL;
  object = json_node_get_object (org);
  id = json_object_get_member (object, "id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64)
    {
      not_grafana_json (&call, _("its organisation"), error);
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  if (version != NULL)
    json_builder_add_string_value (builder, version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "org");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, json_node_get_int (id));
  json_builder_set_member_name (builder, "name");
  if (member_string (object, "name") != NULL)
    json_builder_add_string_value (builder, member_string (object, "name"));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Queries */

/* " offset 1ms" after every range selector and subquery ("[…]" outside string literals) of
 * @expr; see the header for why. */
static char *
offset_range_selectors (const char *expr)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char quote = 0;

  for (const char *p = expr; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (quote != 0)
        {
          if (*p == '\\' && quote != '`' && p[1] != '\0')
            g_string_append_c (out, *++p);
          else if (*p == quote)
            quote = 0;
        }
      else if (*p == '"' || *p == '\'' || *p == '`')
        quote = *p;
      else if (*p == ']')
        g_string_append (out, " offset 1ms");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
to_ms (GDateTime *time)
{
  return g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
}

typedef struct
{
  char   *expr;          /* what Grafana runs */
  gint64  time_shift_ms;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->expr, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static void
add_member_int (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
build_request (const BsQueryPromql *promql,
               const char          *uid,
               const char          *type,
               Plan                *plan)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 end_ms = to_ms (promql->end);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "queries");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refId");
  json_builder_add_string_value (builder, REF_ID);
  json_builder_set_member_name (builder, "datasource");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uid");
  json_builder_add_string_value (builder, uid);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_end_object (builder);

  if (promql->is_range)
    {
      gint64 step_ms = (gint64) promql->step_seconds * 1000;
      gint64 start_ms = to_ms (promql->start) + 1;
      gint64 step_s = promql->step_seconds;
      gint64 start_s = start_ms / 1000;

      /* Grafana floors start and end to (t + utcOffsetSec) / step: pick the offset that
       * makes the bucket ends, which are whole seconds, the grid. */
      plan->expr = offset_range_selectors (promql->expr);
      plan->time_shift_ms = promql->time_shift_ms - 1;
      end_ms += 1;
      from = g_strdup_printf ("%" G_GINT64_FORMAT, start_ms);
      add_member_int (builder, "intervalMs", step_ms);
      /* enough points that Grafana's own interval from maxDataPoints stays below the step */
      add_member_int (builder, "maxDataPoints", (end_ms - start_ms) / step_ms + 2);
      add_member_int (builder, "utcOffsetSec", ((step_s - start_s % step_s) % step_s));
      json_builder_set_member_name (builder, "range");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "instant");
      json_builder_add_boolean_value (builder, FALSE);
    }
  else
    {
      plan->expr = g_strdup (promql->expr);
      from = g_strdup_printf ("%" G_GINT64_FORMAT,
                              promql->start != NULL ? to_ms (promql->start) : end_ms);
      add_member_int (builder, "intervalMs", 1000);
      add_member_int (builder, "maxDataPoints", 1);
      json_builder_set_member_name (builder, "range");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "instant");
      json_builder_add_boolean_value (builder, TRUE);
    }
  to = g_strdup_printf ("%" G_GINT64_FORMAT, end_ms);
  json_builder_set_member_name (builder, "expr");
  json_builder_add_string_value (builder, plan->expr);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "time_series");
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
results_of (JsonNode *root)
{
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root)
                                                                     : NULL;
  JsonNode *results = object != NULL ? json_object_get_member (object, "results") : NULL;

  return results != NULL && JSON_NODE_HOLDS_OBJECT (results) ? results : NULL;
}

static void
finish_frame (JsonNode   *frame,
              const char *expr,
              gint64      started)
{
  JsonObject *object = json_node_get_object (frame);

  json_object_set_string_member (object, "query", expr);
  json_object_set_string_member (object, "language", "promql");
  json_object_set_double_member (object, "elapsed_ms",
                                 (g_get_monotonic_time () - started) / 1000.0);
}

JsonNode *
bs_grafana_proxy_run_query (const char     *base_url,
                            const char     *token,
                            const char     *datasource_uid,
                            const char     *datasource_type,
                            const BsQuery  *query,
                            GDateTime      *now,
                            guint           row_limit,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_auto(Call) call = { 0 };
  g_auto(Answer) answer = { 0 };
  g_auto(Plan) plan = { 0 };
  g_autoptr(BsQueryPromql) promql = NULL;
  g_autoptr(JsonNode) request = NULL;
  BsGrafanaFrameOptions options = { 0 };
  const char *what = _("query results");
  gint64 started = g_get_monotonic_time ();
  JsonNode *results;
  JsonNode *frame;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (datasource_uid != NULL, NULL);
  g_return_val_if_fail (datasource_type != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (datasource_type, "prometheus") != 0)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNSUPPORTED,
                   _("Grafana data sources of the type “%s” cannot be queried here yet: only "
                     "Prometheus data sources can"), datasource_type);
      return NULL;
    }
  if (!bs_query_promql_render (query, now, &promql, error))
    return NULL;
  if (!call_init (&call, base_url, token, cancellable, error))
    return NULL;

  request = build_request (promql, datasource_uid, datasource_type, &plan);
  if (!call_send (&call, "POST", "api/ds/query", request, &answer, error))
    return NULL;

  results = results_of (answer.root);
  /* Failed queries come back as 400 (or 207 with multi-status) with the reason per query. */
  if (results != NULL && (SOUP_STATUS_IS_SUCCESSFUL (answer.status) || answer.status == 400))
    {
      options.time_column = promql->is_range ? "bucket" : NULL;
      options.no_time = !promql->is_range;
      options.time_shift_ms = plan.time_shift_ms;
      options.labels = (const char * const *) promql->labels;
      options.row_limit = row_limit;
      frame = bs_grafana_frame_decode_with_options (results, REF_ID, &options, error);
      if (frame == NULL)
        return NULL;
      if (!SOUP_STATUS_IS_SUCCESSFUL (answer.status))
        {
          json_node_unref (frame);
          status_error (&call, &answer, what, datasource_uid, error);
          return NULL;
        }
      finish_frame (frame, plan.expr, started);
      return frame;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (answer.status))
    not_grafana_json (&call, what, error);
  else
    status_error (&call, &answer, what, datasource_uid, error);
  return NULL;
}

/* Describe */

/* The "data" of a Prometheus answer passed on by the resource proxy. */
static JsonNode *
resource_data (Call        *call,
               const char  *uid,
               const char  *relative_api,
               const char  *what,
               GError     **error)
{
  g_autofree char *escaped_uid = g_uri_escape_string (uid, NULL, FALSE);
  g_autofree char *relative = g_strdup_printf ("api/datasources/uid/%s/resources/api/v1/%s",
                                               escaped_uid, relative_api);
  g_autoptr(JsonNode) root = call_get_json (call, relative, what, uid, error);
  JsonObject *object;

  if (root == NULL)
    return NULL;
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (g_strcmp0 (member_string (object, "status"), "success") != 0 ||
      !json_object_has_member (object, "data"))
    {
      set_error (call, error, BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE,
                 _("The data source “%s” of Grafana at %s did not answer like Prometheus when "
                   "asked for %s"), uid, call->display, what);
      return NULL;
    }
  return json_node_copy (json_object_get_member (object, "data"));
}

static JsonNode *
describe_metrics (Call        *call,
                  const char  *uid,
                  GError     **error)
{
  g_autoptr(JsonNode) names = NULL;
  g_autoptr(JsonNode) metadata = NULL;
  JsonObject *by_name = NULL;

  names = resource_data (call, uid, "label/__name__/values", _("its metric names"), error);
  if (names == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (names))
    {
      not_grafana_json (call, _("its metric names"), error);
      return NULL;
    }
  /* Types and help only help: a Prometheus without metadata (backfilled data) still lists. */
  metadata = resource_data (call, uid, "metadata", _("metric metadata"), NULL);
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    by_name = json_node_get_object (metadata);
  return bs_prometheus_schema_metrics (json_node_get_array (names), by_name);
}

static JsonNode *
describe_labels (Call        *call,
                 const char  *uid,
                 const char  *metric,
                 GError     **error)
{
  g_autofree char *quoted = bs_query_promql_quote (metric);
  g_autofree char *selector = g_strdup_printf ("{__name__=%s}", quoted);
  g_autofree char *match = g_uri_escape_string (selector, NULL, FALSE);
  g_autofree char *series_api = g_strconcat ("series?match%5B%5D=", match, NULL);
  g_autoptr(JsonNode) series = NULL;

  series = resource_data (call, uid, series_api, _("the series of a metric"), error);
  if (series == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (series))
    {
      not_grafana_json (call, _("the series of a metric"), error);
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (series)) == 0)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                   _("The data source “%s” has no metric “%s”"), uid, metric);
      return NULL;
    }
  return bs_prometheus_schema_labels (metric, json_node_get_array (series),
                                      BS_GRAFANA_PROXY_MAX_LABEL_VALUES);
}

JsonNode *
bs_grafana_proxy_describe (const char    *base_url,
                           const char    *token,
                           const char    *datasource_uid,
                           const char    *metric,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_auto(Call) call = { 0 };

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (datasource_uid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (metric != NULL && !bs_query_promql_is_metric_name (metric))
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                   _("“%s” is not a Prometheus metric name"), metric);
      return NULL;
    }
  if (!call_init (&call, base_url, token, cancellable, error))
    return NULL;
  if (metric == NULL)
    return describe_metrics (&call, datasource_uid, error);
  return describe_labels (&call, datasource_uid, metric, error);
}
