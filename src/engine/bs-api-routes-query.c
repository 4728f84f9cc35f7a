#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-api-routes-private.h"
#include "bs-api-secrets.h"
#include "bs-data-source.h"
#include "bs-grafana-frame.h"
#include "bs-grafana-proxy.h"
#include "bs-prometheus-client.h"
#include "bs-query-promql.h"
#include "bs-query.h"
#include "bs-source-runner.h"

#define DEFAULT_QUERY_LIMIT   1000
#define DEFAULT_PREVIEW_LIMIT 100
#define MAX_ROW_LIMIT         100000
#define DEFAULT_PROMQL_LIMIT  10000
#define MAX_EXPR_BYTES        (64 * 1024)
/* Unix seconds of 0001-01-01 and 9999-12-31 23:59:59: the times a GDateTime can hold. */
#define MIN_UNIX_SECONDS      (-62135596800.0)
#define MAX_UNIX_SECONDS      253402300799.0

typedef enum
{
  JOB_QUERY,
  JOB_DESCRIBE,
  JOB_ROWS,
  JOB_CHECK,
  JOB_PROMQL,
  JOB_LABEL_VALUES,
} JobKind;

/* What a worker thread needs, copied on the main thread. */
typedef struct
{
  JobKind       kind;
  BsSourceSpec *spec;
  BsQuery      *query;
  char         *metric;
  char         *table;
  guint         limit;
  guint         offset;
  char         *expr;      /* PromQL; the selector of label values */
  char         *label;
  gboolean      is_range;
  double        start;     /* unix seconds; an instant query's time */
  double        end;
  double        step;
} SourceJob;

static void
source_job_free (gpointer data)
{
  SourceJob *job = data;

  bs_source_spec_free (job->spec);
  g_clear_pointer (&job->query, bs_query_free);
  g_free (job->metric);
  g_free (job->table);
  g_free (job->expr);
  g_free (job->label);
  g_free (job);
}

static gboolean
is_remote (const BsSourceSpec *spec)
{
  return g_strcmp0 (spec->kind, "prometheus") == 0 || g_strcmp0 (spec->kind, "grafana") == 0;
}

/* The status of a failure on a data source: the caller's mistake (400), a remote source
 * that failed (502), a file that cannot be read (503), or the engine's own fault. */
static guint
status_for_source_error (const GError       *error,
                         const BsSourceSpec *spec)
{
  if (error->domain == BS_QUERY_ERROR)
    {
      if (error->code != BS_QUERY_ERROR_EXECUTE)
        return SOUP_STATUS_BAD_REQUEST;
      return spec != NULL && is_remote (spec) ? SOUP_STATUS_BAD_GATEWAY
                                              : SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
  if (error->domain == BS_SOURCE_RUNNER_ERROR)
    return error->code == BS_SOURCE_RUNNER_ERROR_OPEN ? SOUP_STATUS_SERVICE_UNAVAILABLE
                                                      : SOUP_STATUS_BAD_REQUEST;
  if (error->domain == BS_PROMETHEUS_CLIENT_ERROR ||
      error->domain == BS_GRAFANA_PROXY_ERROR ||
      error->domain == BS_GRAFANA_FRAME_ERROR)
    return SOUP_STATUS_BAD_GATEWAY;
  return bs_api_status_for_error (error);
}

static void
respond_source_error (BsApiRequest       *request,
                      const GError       *error,
                      const BsSourceSpec *spec)
{
  guint status = status_for_source_error (error, spec);

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }
  bs_api_request_respond_error (request, status, "%s", error->message);
}

static JsonNode *
run_source_job (gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  SourceJob *job = data;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;

  switch (job->kind)
    {
    case JOB_QUERY:
      tz = g_time_zone_new_local ();
      now = g_date_time_new_now_utc ();
      return bs_source_runner_run_query (job->spec, job->query, tz, now, job->limit,
                                         cancellable, error);
    case JOB_DESCRIBE:
      return bs_source_runner_describe (job->spec, job->metric, cancellable, error);
    case JOB_ROWS:
      return bs_source_runner_preview_rows (job->spec, job->table, job->limit, job->offset,
                                            cancellable, error);
    case JOB_PROMQL:
      if (job->is_range)
        return bs_prometheus_client_query_range (job->spec->url, job->expr, job->start,
                                                 job->end, job->step, job->limit, cancellable,
                                                 error);
      return bs_prometheus_client_query_instant (job->spec->url, job->expr, job->start,
                                                 job->limit, cancellable, error);
    case JOB_LABEL_VALUES:
      return bs_prometheus_client_label_values (job->spec->url, job->label, job->expr,
                                                cancellable, error);
    case JOB_CHECK:
    default:
      g_assert_not_reached ();
    }
}

static void
source_job_done (BsApiRequest *request,
                 JsonNode     *result,
                 const GError *error,
                 gpointer      data)
{
  SourceJob *job = data;
  gboolean is_raw = job->kind == JOB_PROMQL || job->kind == JOB_LABEL_VALUES;

  /* A hand-written expression or selector that Prometheus refuses is the caller's
   * mistake; a rendered one would be ours, so only raw requests answer 400 for it. */
  if (is_raw && g_error_matches (error, BS_PROMETHEUS_CLIENT_ERROR,
                                 BS_PROMETHEUS_CLIENT_ERROR_BAD_DATA))
    bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  else if (error != NULL)
    respond_source_error (request, error, job->spec);
  else
    bs_api_request_respond_json (request, SOUP_STATUS_OK, result);
}

/* A health check always answers 200: "error" is a finding about the source. */
static JsonNode *
run_check_job (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  SourceJob *job = data;
  g_autoptr(GError) local_error = NULL;
  gint64 started = g_get_monotonic_time ();
  JsonNode *check;
  JsonObject *object;

  check = bs_source_runner_check (job->spec, cancellable, &local_error);
  if (check == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      check = json_node_init_object (json_node_alloc (), json_object_new ());
      object = json_node_get_object (check);
      json_object_set_string_member (object, "status", "error");
      json_object_set_string_member (object, "message", local_error->message);
    }

  object = json_node_get_object (check);
  if (!json_object_has_member (object, "version"))
    json_object_set_null_member (object, "version");
  json_object_set_double_member (object, "elapsed_ms",
                                 (g_get_monotonic_time () - started) / 1000.0);
  return check;
}

/* Reading the data source */

/* Answers 404 (or the store's failure) and returns NULL when there is no such source. */
static BsDataSource *
lookup_source (BsApiRequest *request,
               gint64        id)
{
  g_autoptr(GError) error = NULL;
  BsDataSource *source;

  source = bs_data_source_lookup (bs_api_request_get_store (request), id, &error);
  if (source == NULL && g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    bs_api_request_respond_error (request, SOUP_STATUS_NOT_FOUND,
                                  "There is no data source with id %" G_GINT64_FORMAT, id);
  else if (source == NULL)
    bs_api_request_respond_gerror (request, error);
  return source;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SourceJob, source_job_free)

static SourceJob *
source_job_new (JobKind kind)
{
  SourceJob *job = g_new0 (SourceJob, 1);

  job->kind = kind;
  return job;
}

static void
run_job (BsApiRequest *request,
         SourceJob    *job)
{
  if (job->kind == JOB_CHECK)
    bs_api_request_run_in_thread (request, run_check_job, NULL, job, source_job_free);
  else
    bs_api_request_run_in_thread (request, run_source_job, source_job_done, job,
                                  source_job_free);
}

static void
on_spec_ready (BsApiRequest *request,
               BsSourceSpec *spec,
               gpointer      user_data)
{
  SourceJob *job = user_data;

  job->spec = spec;
  run_job (request, job);
}

/* The secret store answers asynchronously on the main thread, so the token of a Grafana
 * source is read before the work goes to a worker thread. */
static void
start_job (BsApiRequest       *request,
           SourceJob          *job,
           const BsDataSource *source)
{
  bs_api_secrets_source_spec (request, source, on_spec_ready, job, source_job_free);
}

/* Parameters */

/* Reads a whole number from @text into @out_value, or answers 400 naming @name. */
static gboolean
parse_count (BsApiRequest *request,
             const char   *name,
             const char   *text,
             guint         min,
             guint         max,
             guint        *out_value)
{
  guint64 value;

  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“%s” must be a whole number from %u to %u", name, min, max);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

static gboolean
get_body_limit (BsApiRequest *request,
                guint         default_limit,
                guint        *out_limit)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), "limit");
  double value;

  *out_limit = default_limit;
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;

  value = JSON_NODE_HOLDS_VALUE (member) &&
          (json_node_get_value_type (member) == G_TYPE_INT64 ||
           json_node_get_value_type (member) == G_TYPE_DOUBLE) ? json_node_get_double (member)
                                                               : -1;
  if (value < 1 || value > MAX_ROW_LIMIT || value != (guint) value)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“limit” must be a whole number from 1 to %u",
                                    MAX_ROW_LIMIT);
      return FALSE;
    }

  *out_limit = (guint) value;
  return TRUE;
}

/* Answers 400 naming the field and returns NULL when the body has no valid query. */
static BsQuery *
get_body_query (BsApiRequest *request)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), "query");
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    member == NULL ? "The field “query” is missing from the "
                                                     "request body"
                                                   : "The field “query” must be an object");
      return NULL;
    }

  query = bs_query_from_json (member, &error);
  if (query != NULL && !bs_query_validate (query, &error))
    g_clear_pointer (&query, bs_query_free);
  if (query == NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return NULL;
    }

  if (query->source_id <= 0)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “query.source” must be the id of a data source");
      return NULL;
    }

  return g_steal_pointer (&query);
}

/* Routes */

void
bs_api_routes_run_query (BsApiRequest *request)
{
  g_autoptr(BsQuery) query = NULL;
  g_autoptr(BsDataSource) source = NULL;
  SourceJob *job;
  guint limit;

  if (!get_body_limit (request, DEFAULT_QUERY_LIMIT, &limit) ||
      !(query = get_body_query (request)) ||
      !(source = lookup_source (request, query->source_id)))
    return;

  job = source_job_new (JOB_QUERY);
  job->query = g_steal_pointer (&query);
  job->limit = limit;
  start_job (request, job, source);
}

void
bs_api_routes_get_schema (BsApiRequest *request)
{
  g_autoptr(BsDataSource) source = NULL;
  const char *metric = bs_api_request_get_query (request, "metric");
  SourceJob *job;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "data source", &id) ||
      !(source = lookup_source (request, id)))
    return;

  if (metric != NULL && metric[0] == '\0')
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“metric” must name a metric when it is given");
      return;
    }

  job = source_job_new (JOB_DESCRIBE);
  job->metric = g_strdup (metric);
  start_job (request, job, source);
}

void
bs_api_routes_preview_rows (BsApiRequest *request)
{
  g_autoptr(BsDataSource) source = NULL;
  guint limit = DEFAULT_PREVIEW_LIMIT;
  guint offset = 0;
  SourceJob *job;
  gint64 id;

  if (!parse_count (request, "limit", bs_api_request_get_query (request, "limit"),
                    1, MAX_ROW_LIMIT, &limit) ||
      !parse_count (request, "offset", bs_api_request_get_query (request, "offset"),
                    0, G_MAXINT32, &offset) ||
      !bs_api_request_get_id_param (request, "id", "data source", &id) ||
      !(source = lookup_source (request, id)))
    return;

  job = source_job_new (JOB_ROWS);
  job->table = g_strdup (bs_api_request_get_param (request, "table"));
  job->limit = limit;
  job->offset = offset;
  start_job (request, job, source);
}

void
bs_api_routes_check_source (BsApiRequest *request)
{
  g_autoptr(BsDataSource) source = NULL;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "data source", &id) ||
      !(source = lookup_source (request, id)))
    return;

  start_job (request, source_job_new (JOB_CHECK), source);
}

/* Raw PromQL and label values on a Prometheus source */

/* Answers 400 and returns FALSE unless @source is a Prometheus server; @what says what
 * only such a source gives. */
static gboolean
require_prometheus (BsApiRequest       *request,
                    const BsDataSource *source,
                    const char         *what)
{
  if (g_strcmp0 (source->kind, "prometheus") == 0)
    return TRUE;

  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "Data source “%s” is not Prometheus: %s", source->name, what);
  return FALSE;
}

/* Reads the number @name of the body, in unix seconds unless @is_time is FALSE. Answers
 * 400 naming it when it is there but is not one; *out_present says whether it is there. */
static gboolean
get_body_number (BsApiRequest *request,
                 const char   *name,
                 gboolean      is_time,
                 gboolean     *out_present,
                 double       *out_value)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), name);
  GType type = member != NULL ? json_node_get_value_type (member) : G_TYPE_INVALID;

  *out_present = member != NULL;
  if (member == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (member) || (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    is_time ? "“%s” must be a number: a unix time in seconds"
                                            : "“%s” must be a number of seconds", name);
      return FALSE;
    }

  *out_value = json_node_get_double (member);
  if (is_time && (*out_value < MIN_UNIX_SECONDS || *out_value > MAX_UNIX_SECONDS))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“%s” must be a unix time in seconds between the years "
                                    "1 and 9999", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_body_expr (BsApiRequest  *request,
               const char   **out_expr)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), "expr");
  const char *expr;

  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    member == NULL ? "The field “expr” is missing from the "
                                                     "request body: give a PromQL expression"
                                                   : "“expr” must be a string: a PromQL "
                                                     "expression");
      return FALSE;
    }

  expr = json_node_get_string (member);
  if (strlen (expr) > MAX_EXPR_BYTES)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“expr” is %zu bytes long: a PromQL expression may have at "
                                    "most 64 KiB", strlen (expr));
      return FALSE;
    }
  for (const char *p = expr; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      {
        *out_expr = expr;
        return TRUE;
      }

  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "“expr” is empty: give a PromQL expression");
  return FALSE;
}

/* The range of a range query, checked as Prometheus would but with words that say which
 * member to change. */
static gboolean
check_range (BsApiRequest *request,
             SourceJob    *job)
{
  double points;

  if (job->end < job->start)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“end” must not be before “start”");
      return FALSE;
    }
  if (job->step <= 0)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“step” must be a number of seconds greater than 0");
      return FALSE;
    }

  points = floor ((job->end - job->start) / job->step) + 1;
  if (points > BS_QUERY_PROMQL_MAX_POINTS)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“step” is too small: from “start” to “end” it gives %.0f "
                                    "points, more than the %d Prometheus allows. Use a larger "
                                    "“step” (at least %.0f seconds)", points,
                                    BS_QUERY_PROMQL_MAX_POINTS,
                                    ceil ((job->end - job->start)
                                          / (BS_QUERY_PROMQL_MAX_POINTS - 1)));
      return FALSE;
    }
  return TRUE;
}

/* Fills @job's times from the body: "time" (instant, now when absent) or "start", "end" and
 * "step" (range). Answers 400 naming the member that is wrong. */
static gboolean
get_body_times (BsApiRequest *request,
                SourceJob    *job)
{
  static const char * const range_names[] = { "start", "end", "step" };
  double *range_values[] = { &job->start, &job->end, &job->step };
  gboolean present[G_N_ELEMENTS (range_names)];
  gboolean has_time;

  if (!get_body_number (request, "time", TRUE, &has_time, &job->start))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (range_names); i++)
    {
      if (!get_body_number (request, range_names[i], i < 2, &present[i], range_values[i]))
        return FALSE;
      job->is_range |= present[i];
    }

  if (has_time && job->is_range)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "Give either “time” (an instant query) or “start”, “end” "
                                    "and “step” (a range query), not both");
      return FALSE;
    }
  if (!job->is_range)
    {
      if (!has_time)
        job->start = g_get_real_time () / (double) G_USEC_PER_SEC;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (range_names); i++)
    if (!present[i])
      {
        bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                      "The field “%s” is missing: a range query needs "
                                      "“start”, “end” and “step”", range_names[i]);
        return FALSE;
      }
  return check_range (request, job);
}

void
bs_api_routes_run_promql (BsApiRequest *request)
{
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(SourceJob) job = source_job_new (JOB_PROMQL);
  const char *expr;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "data source", &id) ||
      !get_body_expr (request, &expr) ||
      !get_body_times (request, job) ||
      !get_body_limit (request, DEFAULT_PROMQL_LIMIT, &job->limit) ||
      !(source = lookup_source (request, id)) ||
      !require_prometheus (request, source, "PromQL runs only on a Prometheus source"))
    return;

  job->expr = g_strdup (expr);
  start_job (request, g_steal_pointer (&job), source);
}

void
bs_api_routes_label_values (BsApiRequest *request)
{
  g_autoptr(BsDataSource) source = NULL;
  const char *label = bs_api_request_get_query (request, "label");
  const char *match = bs_api_request_get_query (request, "match");
  SourceJob *job;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "data source", &id))
    return;
  if (label == NULL || !bs_query_promql_is_label_name (label))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    label == NULL ? "The query parameter “label” is missing: "
                                                    "name the label whose values to list"
                                                  : "“label” must be a label name: letters, "
                                                    "digits and _, not starting with a digit");
      return;
    }
  if (match != NULL && strlen (match) > MAX_EXPR_BYTES)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“match” may have at most 64 KiB");
      return;
    }
  if (!(source = lookup_source (request, id)) ||
      !require_prometheus (request, source, "label values come only from a Prometheus "
                                            "source"))
    return;

  job = source_job_new (JOB_LABEL_VALUES);
  job->label = g_strdup (label);
  /* An empty selector means none, as an unset variable leaves it. */
  job->expr = match != NULL && match[0] != '\0' ? g_strdup (match) : NULL;
  start_job (request, job, source);
}

/* Grafana: listing an instance's data sources before one is added */

typedef struct
{
  char *url;
  char *token;
} GrafanaListing;

static void
grafana_listing_free (gpointer data)
{
  GrafanaListing *listing = data;

  g_free (listing->url);
  if (listing->token != NULL)
    explicit_bzero (listing->token, strlen (listing->token));
  g_free (listing->token);
  g_free (listing);
}

static JsonNode *
run_grafana_listing (gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GrafanaListing *listing = data;

  return bs_grafana_proxy_list_datasources (listing->url, listing->token, cancellable, error);
}

static void
grafana_listing_done (BsApiRequest *request,
                      JsonNode     *result,
                      const GError *error,
                      gpointer      data)
{
  if (error != NULL)
    respond_source_error (request, error, NULL);
  else
    bs_api_request_respond_json (request, SOUP_STATUS_OK, result);
}

void
bs_api_routes_list_grafana_datasources (BsApiRequest *request)
{
  const char *url;
  const char *token;
  GrafanaListing *listing;

  if (!bs_api_request_get_string_field (request, "url", TRUE, &url) ||
      !bs_api_request_get_string_field (request, "token", TRUE, &token))
    return;

  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“url” must be an http:// or https:// address");
      return;
    }

  listing = g_new0 (GrafanaListing, 1);
  listing->url = g_strdup (url);
  listing->token = g_strdup (token);
  bs_api_request_run_in_thread (request, run_grafana_listing, grafana_listing_done,
                                listing, grafana_listing_free);
}
