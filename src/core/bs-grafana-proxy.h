/* bs-grafana-proxy.h — a data source of a Grafana instance, queried through Grafana.
 *
 * Every call is synchronous and meant for a worker thread: it makes its own SoupSession, so
 * any thread will do, gives up after bs_grafana_proxy_get_timeout () seconds without an
 * answer, and stops early (G_IO_ERROR_CANCELLED) when @cancellable is cancelled from
 * another thread.
 *
 * @base_url is Grafana's address, e.g. "https://grafana.example.com/" or
 * "http://127.0.0.1:3000/grafana" (a sub-path is kept). @token is a service-account token,
 * sent as "Authorization: Bearer …"; it never appears in an error message or a log line.
 *
 * Queries run through POST /api/ds/query. Only Prometheus data sources are supported: the
 * query is rendered with bs_query_promql_render () and its answer has the same columns and
 * rows as bs_prometheus_client_run_query () gives for that Prometheus directly. Grafana
 * rounds the range of a range query down to a multiple of the step; so that its points
 * still fall where the renderer put them, each point is evaluated at its bucket's end
 * (utcOffsetSec moves Grafana's grid onto the bucket starts) and every range selector reads
 * `offset 1ms`, which selects exactly the samples the renderer's own evaluation time
 * (the bucket's end less 1 ms) would. The frame's "query" is the expression Grafana ran.
 *
 * Failures to reach or understand Grafana are BS_GRAFANA_PROXY_ERROR; Grafana's verdict on a
 * query is BS_GRAFANA_FRAME_ERROR_QUERY; the query model's own problems (and data source
 * types other than Prometheus: BS_QUERY_ERROR_UNSUPPORTED) are BS_QUERY_ERROR.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-query.h"

G_BEGIN_DECLS

#define BS_GRAFANA_PROXY_ERROR (bs_grafana_proxy_error_quark ())

typedef enum
{
  BS_GRAFANA_PROXY_ERROR_INVALID_URL,  /* not an http:// or https:// address */
  BS_GRAFANA_PROXY_ERROR_UNREACHABLE,  /* refused, unknown host, network down */
  BS_GRAFANA_PROXY_ERROR_TIMEOUT,      /* no answer in time */
  BS_GRAFANA_PROXY_ERROR_TLS,          /* certificate or TLS handshake problem */
  BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED, /* 401: the token is wrong, expired or missing */
  BS_GRAFANA_PROXY_ERROR_FORBIDDEN,    /* 403: the token lacks a permission */
  BS_GRAFANA_PROXY_ERROR_NOT_FOUND,    /* 404: no such data source (or not Grafana there) */
  BS_GRAFANA_PROXY_ERROR_BAD_REQUEST,  /* 400 and other refusals, with Grafana's message */
  BS_GRAFANA_PROXY_ERROR_SERVER,       /* 5xx, or Grafana reports its database failing */
  BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE, /* the answer is not what Grafana sends */
} BsGrafanaProxyError;

#define BS_GRAFANA_PROXY_DEFAULT_TIMEOUT_SECONDS 15
/* describe () lists at most this many values per label, the most a dropdown can show. */
#define BS_GRAFANA_PROXY_MAX_LABEL_VALUES 1000

GQuark     bs_grafana_proxy_error_quark       (void);

/* The timeout of every later call, in seconds (process-wide; tests shorten it). */
void       bs_grafana_proxy_set_timeout       (guint               seconds);
guint      bs_grafana_proxy_get_timeout       (void);

/* {"items": [{"uid": "…", "name": "…", "type": "prometheus"}]} from GET /api/datasources
 * (the token needs datasources:read, which Grafana gives admins). */
JsonNode  *bs_grafana_proxy_list_datasources  (const char         *base_url,
                                               const char         *token,
                                               GCancellable       *cancellable,
                                               GError            **error);

/* The result frame of ISSUE4 ("columns", "rows", "query", "language": "promql",
 * "truncated", "elapsed_ms"); at most @row_limit rows (0: all). */
JsonNode  *bs_grafana_proxy_run_query         (const char         *base_url,
                                               const char         *token,
                                               const char         *datasource_uid,
                                               const char         *datasource_type,
                                               const BsQuery      *query,
                                               GDateTime          *now,
                                               guint               row_limit,
                                               GCancellable       *cancellable,
                                               GError            **error);

/* Through Grafana's resource proxy of a Prometheus data source
 * (/api/datasources/uid/{uid}/resources/api/v1/…). @metric NULL:
 * {"kind":"metrics","metrics":[{"name","type","help"}]} sorted by name (type and help from
 * api/v1/metadata, null where Prometheus has none). Otherwise
 * {"kind":"labels","metric":M,"labels":[{"name","values":[…]}]} from the metric's
 * api/v1/series (names and values sorted, "__name__" left out); a metric without series is
 * BS_QUERY_ERROR_UNKNOWN_TABLE. */
JsonNode  *bs_grafana_proxy_describe          (const char         *base_url,
                                               const char         *token,
                                               const char         *datasource_uid,
                                               const char         *metric,
                                               GCancellable       *cancellable,
                                               GError            **error);

/* {"status": "ok", "version": "11.3.0" | null, "org": "Main Org."}: GET /api/health says it
 * is Grafana and its database works, GET /api/org that the token is valid. */
JsonNode  *bs_grafana_proxy_check             (const char         *base_url,
                                               const char         *token,
                                               GCancellable       *cancellable,
                                               GError            **error);

/* The TLS settings of one client's Grafana. */
typedef struct
{
  const char *ca_file;      /* a PEM file: its CAs alone are trusted; NULL: the system's */
  gboolean    skip_verify;  /* TRUE: any certificate is accepted (explicitly chosen) */
} BsGrafanaTls;

/* The same check for a client's Grafana with its own TLS settings (@tls may be NULL):
 * {"version": "11.3.0" | null, "org": {"id": 1, "name": "Main Org."}}. A TLS failure names
 * the CA file when there is one. */
JsonNode  *bs_grafana_proxy_check_instance    (const char         *base_url,
                                               const char         *token,
                                               const BsGrafanaTls *tls,
                                               GCancellable       *cancellable,
                                               GError            **error);

G_END_DECLS
