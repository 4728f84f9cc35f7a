#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "bs-prometheus-client.h"
#include "bs-prometheus-schema.h"

G_DEFINE_QUARK (bs-prometheus-client-error-quark, bs_prometheus_client_error)

/* Frames */

typedef struct
{
  gint64       time_ms;   /* only with a time column */
  char       **labels;    /* one per label column, NULL where the series lacks it; owned by
                           * the builder's label_sets, as every point of a series shares them */
  const char  *value;     /* Prometheus's text, owned by the answer */
} Row;

typedef struct
{
  GPtrArray  *labels;     /* column names (char*) */
  const char *time_name;  /* "time" or "bucket"; NULL for a vector or a scalar */
  gint64      time_shift_ms;
  GPtrArray  *label_sets; /* of char*[labels->len] */
  GPtrArray  *rows;       /* of Row* (g_free) */
} FrameBuilder;

static void
frame_builder_clear (FrameBuilder *builder)
{
  /* Not g_strfreev (): a missing label leaves a NULL in the middle of a set. */
  for (guint i = 0; builder->label_sets != NULL && i < builder->label_sets->len; i++)
    {
      char **labels = g_ptr_array_index (builder->label_sets, i);

      for (guint j = 0; j < builder->labels->len; j++)
        g_free (labels[j]);
      g_free (labels);
    }
  g_clear_pointer (&builder->label_sets, g_ptr_array_unref);
  g_clear_pointer (&builder->labels, g_ptr_array_unref);
  g_clear_pointer (&builder->rows, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FrameBuilder, frame_builder_clear)

/* Members of a type, or NULL: an answer may hold anything, and json-glib's own getters
 * complain (a critical) about a missing or mistyped member. */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
bad_answer (GError     **error,
            const char  *why)
{
  g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
               _("The answer is not Prometheus JSON (%s)"), why);
}

static gint
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  /* "__name__" first: the metric is the broadest key. */
  if (g_strcmp0 (x, "__name__") == 0 || g_strcmp0 (y, "__name__") == 0)
    return g_strcmp0 (x, "__name__") == 0 ? -1 : (g_strcmp0 (y, "__name__") == 0 ? 1 : 0);
  return strcmp (x, y);
}

/* Every label name of every series, for a frame of an arbitrary answer. */
static void
collect_labels (JsonArray *result,
                GPtrArray *labels)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (result); i++)
    {
      JsonNode *node = json_array_get_element (result, i);
      JsonObject *metric;
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      metric = member_object (json_node_get_object (node), "metric");
      if (metric == NULL)
        continue;
      names = json_object_get_members (metric);
      for (GList *l = names; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          g_ptr_array_add (labels, g_strdup (l->data));
    }
  g_ptr_array_sort (labels, compare_labels);
}

static gboolean
parse_point (FrameBuilder  *builder,
             JsonNode      *node,
             Row           *row,
             GError       **error)
{
  JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  JsonNode *ts;
  JsonNode *value;

  if (pair == NULL || json_array_get_length (pair) != 2)
    {
      bad_answer (error, "a sample is not a [time, value] pair");
      return FALSE;
    }
  ts = json_array_get_element (pair, 0);
  value = json_array_get_element (pair, 1);
  if (json_node_get_value_type (ts) != G_TYPE_DOUBLE
      && json_node_get_value_type (ts) != G_TYPE_INT64)
    {
      bad_answer (error, "a sample time is not a number");
      return FALSE;
    }
  if (json_node_get_value_type (value) != G_TYPE_STRING)
    {
      bad_answer (error, "a sample value is not a string");
      return FALSE;
    }
  row->time_ms = (gint64) llround (json_node_get_double (ts) * 1000.0) + builder->time_shift_ms;
  row->value = json_node_get_string (value);
  return TRUE;
}

static char **
series_labels (FrameBuilder *builder,
               JsonObject   *metric)
{
  char **labels = g_new0 (char *, builder->labels->len + 1);

  g_ptr_array_add (builder->label_sets, labels);

  for (guint i = 0; i < builder->labels->len; i++)
    {
      const char *name = g_ptr_array_index (builder->labels, i);
      JsonNode *node = metric != NULL ? json_object_get_member (metric, name) : NULL;

      /* A split label the series lacks stays NULL (a JSON null in the frame). */
      if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
        labels[i] = g_strdup (json_node_get_string (node));
    }
  return labels;
}

static gboolean
add_series (FrameBuilder  *builder,
            JsonNode      *node,
            gboolean       is_matrix,
            GError       **error)
{
  JsonObject *series = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *metric = member_object (series, "metric");
  const char *member = is_matrix ? "values" : "value";
  JsonNode *points;
  char **labels;
  guint n_points;

  if (series == NULL)
    {
      bad_answer (error, "a series is not an object");
      return FALSE;
    }
  /* Native histograms ("histogram", "histograms") have no single value: left out. */
  points = json_object_get_member (series, member);
  if (points == NULL && json_object_has_member (series, is_matrix ? "histograms" : "histogram"))
    return TRUE;
  if (points == NULL || (is_matrix && !JSON_NODE_HOLDS_ARRAY (points)))
    {
      bad_answer (error, "a series has no values");
      return FALSE;
    }

  labels = series_labels (builder, metric);
  n_points = is_matrix ? json_array_get_length (json_node_get_array (points)) : 1;
  for (guint i = 0; i < n_points; i++)
    {
      g_autofree Row *row = g_new0 (Row, 1);
      JsonNode *point = is_matrix ? json_array_get_element (json_node_get_array (points), i)
                                  : points;

      if (!parse_point (builder, point, row, error))
        return FALSE;
      row->labels = labels;
      g_ptr_array_add (builder->rows, g_steal_pointer (&row));
    }
  return TRUE;
}

static gint
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Row *x = *(const Row * const *) a;
  const Row *y = *(const Row * const *) b;
  guint n_labels = GPOINTER_TO_UINT (user_data);

  if (x->time_ms != y->time_ms)
    return x->time_ms < y->time_ms ? -1 : 1;
  for (guint i = 0; i < n_labels; i++)
    {
      int c = g_strcmp0 (x->labels[i], y->labels[i]);

      if (c != 0)
        return c;
    }
  return 0;
}

static void
add_time_value (JsonBuilder *json,
                gint64       time_ms)
{
  gint64 ms = time_ms % 1000 < 0 ? time_ms % 1000 + 1000 : time_ms % 1000;
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc ((time_ms - ms) / 1000);
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;

  if (seconds == NULL)
    {
      json_builder_add_null_value (json);
      return;
    }
  text = g_date_time_format (seconds, "%Y-%m-%dT%H:%M:%S");
  if (ms == 0)
    full = g_strconcat (text, "Z", NULL);
  else
    full = g_strdup_printf ("%s.%03dZ", text, (int) ms);
  json_builder_add_string_value (json, full);
}

static gboolean
add_number_value (JsonBuilder  *json,
                  const char   *text,
                  GError      **error)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0')
    {
      bad_answer (error, "a sample value is not a number");
      return FALSE;
    }
  /* JSON has no NaN or infinities: the strings Prometheus itself writes stand for them. */
  if (isnan (value))
    json_builder_add_string_value (json, "NaN");
  else if (isinf (value))
    json_builder_add_string_value (json, value > 0 ? "+Inf" : "-Inf");
  else
    json_builder_add_double_value (json, value);
  return TRUE;
}

static void
add_column (JsonBuilder *json,
            const char  *name,
            const char  *type)
{
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "name");
  json_builder_add_string_value (json, name);
  json_builder_set_member_name (json, "type");
  json_builder_add_string_value (json, type);
  json_builder_end_object (json);
}

static JsonNode *
build_frame (FrameBuilder  *builder,
             const char    *expr,
             guint          row_limit,
             GError       **error)
{
  g_autoptr(JsonBuilder) json = json_builder_new ();
  guint n_rows = builder->rows->len;

  g_ptr_array_sort_with_data (builder->rows, compare_rows,
                              GUINT_TO_POINTER (builder->labels->len));
  if (row_limit > 0)
    n_rows = MIN (n_rows, row_limit);

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "columns");
  json_builder_begin_array (json);
  if (builder->time_name != NULL)
    add_column (json, builder->time_name, "time");
  for (guint i = 0; i < builder->labels->len; i++)
    add_column (json, g_ptr_array_index (builder->labels, i), "text");
  add_column (json, "value", "number");
  json_builder_end_array (json);

  json_builder_set_member_name (json, "rows");
  json_builder_begin_array (json);
  for (guint r = 0; r < n_rows; r++)
    {
      const Row *row = g_ptr_array_index (builder->rows, r);

      json_builder_begin_array (json);
      if (builder->time_name != NULL)
        add_time_value (json, row->time_ms);
      for (guint i = 0; i < builder->labels->len; i++)
        {
          if (row->labels[i] != NULL)
            json_builder_add_string_value (json, row->labels[i]);
          else
            json_builder_add_null_value (json);
        }
      if (!add_number_value (json, row->value, error))
        return NULL;
      json_builder_end_array (json);
    }
  json_builder_end_array (json);

  json_builder_set_member_name (json, "query");
  json_builder_add_string_value (json, expr);
  json_builder_set_member_name (json, "language");
  json_builder_add_string_value (json, "promql");
  json_builder_set_member_name (json, "truncated");
  json_builder_add_boolean_value (json, n_rows < builder->rows->len);
  json_builder_set_member_name (json, "elapsed_ms");
  json_builder_add_double_value (json, 0.0);
  json_builder_end_object (json);
  return json_builder_get_root (json);
}

static JsonNode *
frame_from_data (JsonObject         *data,
                 const char         *expr,
                 const char * const *labels,
                 const char         *time_name,
                 gint64              time_shift_ms,
                 guint               row_limit,
                 GError            **error)
{
  g_auto(FrameBuilder) builder = { 0 };
  const char *type = member_string (data, "resultType");
  JsonNode *result = json_object_get_member (data, "result");
  GPtrArray *label_columns;
  GPtrArray *rows;

  builder.labels = label_columns = g_ptr_array_new_with_free_func (g_free);
  builder.label_sets = g_ptr_array_new ();
  builder.rows = rows = g_ptr_array_new_with_free_func (g_free);
  builder.time_shift_ms = time_shift_ms;

  if (g_strcmp0 (type, "scalar") == 0 && result != NULL)
    {
      g_autofree Row *row = g_new0 (Row, 1);

      if (!parse_point (&builder, result, row, error))
        return NULL;
      row->labels = series_labels (&builder, NULL);
      g_ptr_array_add (rows, g_steal_pointer (&row));
      return build_frame (&builder, expr, row_limit, error);
    }
  if ((g_strcmp0 (type, "vector") != 0 && g_strcmp0 (type, "matrix") != 0)
      || result == NULL || !JSON_NODE_HOLDS_ARRAY (result))
    {
      bad_answer (error, "no vector, matrix or scalar result");
      return NULL;
    }

  /* Without splits a rendered query's series carry no labels, so collecting them changes
   * nothing there, and shows what a hand-written expression returns. */
  if (labels != NULL && labels[0] != NULL)
    for (guint i = 0; labels[i] != NULL; i++)
      g_ptr_array_add (label_columns, g_strdup (labels[i]));
  else
    collect_labels (json_node_get_array (result), label_columns);
  if (g_strcmp0 (type, "matrix") == 0)
    builder.time_name = time_name;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (result)); i++)
    if (!add_series (&builder, json_array_get_element (json_node_get_array (result), i),
                     builder.time_name != NULL, error))
      return NULL;
  return build_frame (&builder, expr, row_limit, error);
}

JsonNode *
bs_prometheus_frame_from_data (JsonObject  *data,
                               const char  *expr,
                               guint        row_limit,
                               GError     **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return frame_from_data (data, expr, NULL, "time", 0, row_limit, error);
}

JsonNode *
bs_prometheus_frame_from_promql (JsonObject          *data,
                                 const BsQueryPromql *promql,
                                 guint                row_limit,
                                 GError             **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (promql != NULL && promql->expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return frame_from_data (data, promql->expr, (const char * const *) promql->labels,
                          "bucket", promql->time_shift_ms, row_limit, error);
}

/* HTTP */

typedef struct
{
  char *display;   /* the base URL without credentials, for messages */
  GUri *base;      /* with a path ending in "/" */
} Server;

static void
server_clear (Server *server)
{
  g_clear_pointer (&server->display, g_free);
  g_clear_pointer (&server->base, g_uri_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Server, server_clear)

static gboolean
server_init (Server      *server,
             const char  *base_url,
             GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *path;
  g_autofree char *dir = NULL;

  if (uri == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not the address of a Prometheus server: it must start with "
                     "http:// or https:// and name a host"), base_url);
      return FALSE;
    }

  path = g_uri_get_path (uri);
  dir = g_str_has_suffix (path, "/") ? g_strdup (path) : g_strconcat (path, "/", NULL);
  server->base = g_uri_build (G_URI_FLAGS_ENCODED, scheme, g_uri_get_userinfo (uri),
                              g_uri_get_host (uri), g_uri_get_port (uri), dir, NULL, NULL);
  server->display = g_uri_to_string_partial (server->base, G_URI_HIDE_USERINFO);
  return TRUE;
}

/* A proxy set for the whole desktop must not see requests to a server on this machine. */
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

static void
connection_error (const Server  *server,
                  GError        *cause,
                  GError       **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_TIMEOUT,
                 _("Prometheus at %s did not answer within %d seconds"),
                 server->display, BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT,
                 _("Could not connect to Prometheus at %s: the connection was refused. Is the "
                   "server running, and is the port right?"), server->display);
  else if (cause->domain == G_RESOLVER_ERROR)
    g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT,
                 _("Could not find the host of %s: %s"), server->display, cause->message);
  else if (cause->domain == G_TLS_ERROR)
    g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT,
                 _("Could not make a secure connection to %s: %s"), server->display,
                 cause->message);
  else
    g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_CONNECT,
                 _("Could not reach Prometheus at %s: %s"), server->display, cause->message);
}

/* The "data" member of Prometheus's answer, or its own error text. */
static JsonNode *
read_answer (const Server  *server,
             SoupMessage   *message,
             GBytes        *body,
             GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = soup_message_get_status (message);
  JsonNode *root = NULL;
  JsonObject *object = NULL;
  const char *state = NULL;
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);

  if (size > 0 && json_parser_load_from_data (parser, text, size, NULL))
    root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (object != NULL)
    state = member_string (object, "status");

  if (g_strcmp0 (state, "error") == 0)
    {
      const char *why = member_string (object, "error");
      /* "bad_data" is the request's fault (a syntax error, a bad step); "execution",
       * "timeout" or "internal" are the server's. */
      gboolean bad_data = g_strcmp0 (member_string (object, "errorType"), "bad_data") == 0;

      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR,
                   bad_data ? BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA
                            : BS_PROMETHEUS_CLIENT_ERROR_QUERY,
                   _("Prometheus at %s refused the request: %s"), server->display,
                   why != NULL ? why : _("no reason given"));
      return NULL;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_HTTP,
                   _("Prometheus at %s answered HTTP %u %s"), server->display, status,
                   soup_message_get_reason_phrase (message) != NULL
                   ? soup_message_get_reason_phrase (message) : "");
      return NULL;
    }
  if (g_strcmp0 (state, "success") != 0 || !json_object_has_member (object, "data"))
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server at %s did not answer like Prometheus: its answer is not "
                     "Prometheus JSON. Is this the address of the Prometheus server itself?"),
                   server->display);
      return NULL;
    }
  return json_node_copy (json_object_get_member (object, "data"));
}

/* One request to "api/v1/@endpoint"; @form (owned) is url-encoded: the body of a POST, the
 * query of a GET. */
static JsonNode *
api_call (const Server  *server,
          const char    *method,
          const char    *endpoint,
          char          *form,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *relative = g_strconcat ("api/v1/", endpoint, NULL);
  g_autoptr(GUri) uri = g_uri_parse_relative (server->base, relative, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *url = g_uri_to_string (uri);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;

  session = soup_session_new_with_options ("timeout", BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS,
                                           "idle-timeout", BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS,
                                           "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                           NULL);
  if (is_loopback (uri))
    soup_session_set_proxy_resolver (session, NULL);

  if (form != NULL && strcmp (method, "GET") == 0)
    {
      /* Not soup_message_new_from_encoded_form (): libsoup 3.2 leaks a GET's form. */
      g_autofree char *query = form;
      g_autoptr(GUri) with_query = soup_uri_copy (uri, SOUP_URI_QUERY, query, SOUP_URI_NONE);

      message = soup_message_new_from_uri (method, with_query);
    }
  else if (form != NULL)
    message = soup_message_new_from_encoded_form (method, url, form);
  else
    message = soup_message_new_from_uri (method, uri);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");

  body = soup_session_send_and_read (session, message, cancellable, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        connection_error (server, local_error, error);
      return NULL;
    }
  return read_answer (server, message, body, error);
}

static char *
format_time (GDateTime *time)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", g_date_time_to_unix (time),
                          g_date_time_get_microsecond (time) / 1000);
}

/* Posts @form (owned) to "query" or "query_range" and returns the answer as @promql's frame,
 * or, without @promql, as a frame of every label of the hand-written @expr. */
static JsonNode *
query_frame (const Server         *server,
             gboolean              is_range,
             char                 *form,
             const char           *expr,
             const BsQueryPromql  *promql,
             guint                 row_limit,
             GCancellable         *cancellable,
             GError              **error)
{
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 started = g_get_monotonic_time ();

  data = api_call (server, "POST", is_range ? "query_range" : "query", form, cancellable,
                   error);
  if (data == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (data))
    bad_answer (&local_error, "the data is not an object");
  else if (promql != NULL)
    frame = bs_prometheus_frame_from_promql (json_node_get_object (data), promql, row_limit,
                                             &local_error);
  else
    frame = bs_prometheus_frame_from_data (json_node_get_object (data), expr, row_limit,
                                           &local_error);
  if (frame == NULL)
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server at %s: %s"), server->display, local_error->message);
      return NULL;
    }

  json_object_set_double_member (json_node_get_object (frame), "elapsed_ms",
                                 (g_get_monotonic_time () - started) / 1000.0);
  return g_steal_pointer (&frame);
}

static char *
query_timeout (void)
{
  return g_strdup_printf ("%ds", BS_PROMETHEUS_CLIENT_TIMEOUT_SECONDS);
}

JsonNode *
bs_prometheus_client_run_promql (const char          *base_url,
                                 const BsQueryPromql *promql,
                                 guint                row_limit,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_auto(Server) server = { 0 };
  g_autofree char *end = NULL;
  g_autofree char *timeout = query_timeout ();
  char *form;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (promql != NULL && promql->expr != NULL && promql->end != NULL, NULL);
  g_return_val_if_fail (!promql->is_range || (promql->start != NULL && promql->step_seconds > 0),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!server_init (&server, base_url, error))
    return NULL;

  end = format_time (promql->end);
  if (promql->is_range)
    {
      g_autofree char *start = format_time (promql->start);
      g_autofree char *step = g_strdup_printf ("%u", promql->step_seconds);

      form = soup_form_encode ("query", promql->expr, "start", start, "end", end, "step", step,
                               "timeout", timeout, NULL);
    }
  else
    form = soup_form_encode ("query", promql->expr, "time", end, "timeout", timeout, NULL);

  return query_frame (&server, promql->is_range, form, promql->expr, promql, row_limit,
                      cancellable, error);
}

/* Unix seconds as Prometheus reads them, to the millisecond (its resolution). */
static char *
format_seconds (double seconds)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", seconds));
}

JsonNode *
bs_prometheus_client_query_instant (const char    *base_url,
                                    const char    *expr,
                                    double         time,
                                    guint          row_limit,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_auto(Server) server = { 0 };
  g_autofree char *at = NULL;
  g_autofree char *timeout = query_timeout ();

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (isfinite (time), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!server_init (&server, base_url, error))
    return NULL;
  at = format_seconds (time);
  return query_frame (&server, FALSE,
                      soup_form_encode ("query", expr, "time", at, "timeout", timeout, NULL),
                      expr, NULL, row_limit, cancellable, error);
}

JsonNode *
bs_prometheus_client_query_range (const char    *base_url,
                                  const char    *expr,
                                  double         start,
                                  double         end,
                                  double         step,
                                  guint          row_limit,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_auto(Server) server = { 0 };
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *timeout = query_timeout ();
  char by[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (isfinite (start) && isfinite (end) && start <= end, NULL);
  g_return_val_if_fail (isfinite (step) && step > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!server_init (&server, base_url, error))
    return NULL;
  from = format_seconds (start);
  to = format_seconds (end);
  g_ascii_dtostr (by, sizeof by, step);
  return query_frame (&server, TRUE,
                      soup_form_encode ("query", expr, "start", from, "end", to, "step", by,
                                        "timeout", timeout, NULL),
                      expr, NULL, row_limit, cancellable, error);
}

JsonNode *
bs_prometheus_client_run_query (const char     *base_url,
                                const BsQuery  *query,
                                GDateTime      *now,
                                guint           row_limit,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(BsQueryPromql) promql = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bs_query_promql_render (query, now, &promql, error))
    return NULL;
  return bs_prometheus_client_run_promql (base_url, promql, row_limit, cancellable, error);
}

/* Schema */

static JsonNode *
describe_metrics (const Server  *server,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(JsonNode) names = NULL;
  g_autoptr(JsonNode) metadata = NULL;
  g_autoptr(GError) metadata_error = NULL;
  JsonObject *types = NULL;

  names = api_call (server, "GET", "label/__name__/values", NULL, cancellable, error);
  if (names == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (names))
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server at %s did not answer like Prometheus: the metric names are "
                     "not a list"), server->display);
      return NULL;
    }

  /* Types and help are a nicety (a server may keep none, e.g. for backfilled data), so
   * only cancellation of their request stops the listing. */
  metadata = api_call (server, "GET", "metadata", NULL, cancellable, &metadata_error);
  if (g_error_matches (metadata_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&metadata_error));
      return NULL;
    }
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    types = json_node_get_object (metadata);
  return bs_prometheus_schema_metrics (json_node_get_array (names), types);
}

static JsonNode *
describe_labels (const Server  *server,
                 const char    *metric,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *quoted = bs_query_promql_quote (metric);
  g_autofree char *selector = g_strdup_printf ("{__name__=%s}", quoted);
  g_autoptr(JsonNode) series = NULL;

  series = api_call (server, "POST", "series", soup_form_encode ("match[]", selector, NULL),
                     cancellable, error);
  if (series == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (series))
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server at %s did not answer like Prometheus: the series are not a "
                     "list"), server->display);
      return NULL;
    }
  if (json_array_get_length (json_node_get_array (series)) == 0)
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                   _("Prometheus at %s has no metric called “%s”"), server->display, metric);
      return NULL;
    }
  return bs_prometheus_schema_labels (metric, json_node_get_array (series),
                                      BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES);
}

JsonNode *
bs_prometheus_client_describe (const char    *base_url,
                               const char    *metric,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_auto(Server) server = { 0 };

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (metric != NULL && !bs_query_promql_is_metric_name (metric))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_TABLE,
                           _("The metric name is not valid in Prometheus: use letters, digits, "
                             "_ and :, not starting with a digit"));
      return NULL;
    }
  if (!server_init (&server, base_url, error))
    return NULL;
  if (metric == NULL)
    return describe_metrics (&server, cancellable, error);
  return describe_labels (&server, metric, cancellable, error);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonNode *
label_values_node (const char *label,
                   GPtrArray  *values)
{
  g_autoptr(JsonBuilder) json = json_builder_new ();
  guint n = MIN (values->len, BS_PROMETHEUS_CLIENT_MAX_LABEL_VALUES);

  g_ptr_array_sort (values, compare_strings);
  json_builder_begin_object (json);
  json_builder_set_member_name (json, "label");
  json_builder_add_string_value (json, label);
  json_builder_set_member_name (json, "values");
  json_builder_begin_array (json);
  for (guint i = 0; i < n; i++)
    json_builder_add_string_value (json, g_ptr_array_index (values, i));
  json_builder_end_array (json);
  json_builder_set_member_name (json, "truncated");
  json_builder_add_boolean_value (json, n < values->len);
  json_builder_end_object (json);
  return json_builder_get_root (json);
}

JsonNode *
bs_prometheus_client_label_values (const char    *base_url,
                                   const char    *label,
                                   const char    *match,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_auto(Server) server = { 0 };
  g_autofree char *endpoint = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GPtrArray) values = NULL;
  JsonArray *array;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The name goes into the path: only a real label name can, unescaped. */
  if (!bs_query_promql_is_label_name (label))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_UNKNOWN_COLUMN,
                           _("The label name is not valid in Prometheus: use letters, digits "
                             "and _, not starting with a digit"));
      return NULL;
    }
  if (!server_init (&server, base_url, error))
    return NULL;

  endpoint = g_strdup_printf ("label/%s/values", label);
  data = api_call (&server, "GET", endpoint,
                   match != NULL ? soup_form_encode ("match[]", match, NULL) : NULL,
                   cancellable, error);
  if (data == NULL)
    return NULL;

  array = JSON_NODE_HOLDS_ARRAY (data) ? json_node_get_array (data) : NULL;
  values = g_ptr_array_new ();
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        {
          array = NULL;
          break;
        }
      g_ptr_array_add (values, (gpointer) json_node_get_string (node));
    }
  if (array == NULL)
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server at %s did not answer like Prometheus: the values of “%s” "
                     "are not a list of strings"), server.display, label);
      return NULL;
    }
  return label_values_node (label, values);
}

JsonNode *
bs_prometheus_client_check (const char    *base_url,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_auto(Server) server = { 0 };
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonBuilder) json = json_builder_new ();
  const char *version = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!server_init (&server, base_url, error))
    return NULL;
  data = api_call (&server, "GET", "status/buildinfo", NULL, cancellable, error);
  if (data == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (data))
    version = member_string (json_node_get_object (data), "version");
  if (version == NULL)
    {
      g_set_error (error, BS_PROMETHEUS_CLIENT_ERROR, BS_PROMETHEUS_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server at %s did not answer like Prometheus: it gives no version"),
                   server.display);
      return NULL;
    }

  json_builder_begin_object (json);
  json_builder_set_member_name (json, "status");
  json_builder_add_string_value (json, "ok");
  json_builder_set_member_name (json, "version");
  json_builder_add_string_value (json, version);
  json_builder_end_object (json);
  return json_builder_get_root (json);
}
