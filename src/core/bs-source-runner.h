/* bs-source-runner.h — one entry point for running a query, reading a schema, previewing
 * rows and checking the connection, whatever the kind of data source.
 *
 * It dispatches on the kind: SQLite files and imported CSV tables to the SQL renderer
 * (bs-query-sql.h), Prometheus to bs-prometheus-client.h, Grafana to the data-source proxy
 * (bs-grafana-proxy.h). Every call is synchronous and meant for a worker thread: it opens
 * its own read-only SQLite connection (or HTTP session) and stops early, with
 * G_IO_ERROR_CANCELLED, when @cancellable is cancelled from another thread.
 *
 * A BsSourceSpec is a plain copy of what the calls need, taken on the main thread from the
 * workspace (and the secret store, for a Grafana token), so that a worker touches neither.
 *
 * Errors keep the domain of the module that failed: BS_QUERY_ERROR for a query that is
 * invalid or names an unknown table or column, BS_PROMETHEUS_CLIENT_ERROR and
 * BS_GRAFANA_PROXY_ERROR (or BS_GRAFANA_FRAME_ERROR) for a remote source that failed, and
 * BS_SOURCE_RUNNER_ERROR for the rest.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-query.h"

G_BEGIN_DECLS

#define BS_SOURCE_RUNNER_ERROR (bs_source_runner_error_quark ())

typedef enum
{
  BS_SOURCE_RUNNER_ERROR_OPEN,        /* the SQLite file cannot be opened or read */
  BS_SOURCE_RUNNER_ERROR_UNSUPPORTED, /* the kind of source cannot do this (rows of a metric) */
  BS_SOURCE_RUNNER_ERROR_SETTINGS,    /* the source lacks what it needs (a path, a URL, a token) */
} BsSourceRunnerError;

typedef struct
{
  gint64    id;
  char     *name;
  char     *kind;             /* "sqlite", "csv", "prometheus" or "grafana" */
  char     *path;             /* sqlite: the file; csv: the database it was imported into */
  char     *table;            /* csv: the imported table, the only one the source shows */
  char     *url;              /* prometheus, grafana */
  char     *datasource_uid;   /* grafana: the data source behind the proxy */
  char     *datasource_type;
  char     *token;            /* grafana: the service-account token; never logged */
  gboolean  owned;            /* the engine made the database (demo, imports), so it may
                               * add indexes to it; a person's own file stays read-only */
} BsSourceSpec;

GQuark        bs_source_runner_error_quark  (void);

BsSourceSpec *bs_source_spec_new            (gint64               id,
                                             const char          *name,
                                             const char          *kind);
void          bs_source_spec_free           (BsSourceSpec        *self);

/* The result frame. @now is the reference time of the ranges, @tz the zone of "today" and
 * "this week". For a database the spec owns, the first query that uses a time column
 * makes sure an index leads with it (once per file, table and column). */
JsonNode     *bs_source_runner_run_query    (const BsSourceSpec  *spec,
                                             const BsQuery       *query,
                                             GTimeZone           *tz,
                                             GDateTime           *now,
                                             guint                row_limit,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* {"kind":"tables",…} for SQLite and CSV (@metric must be NULL), {"kind":"metrics",…} or,
 * with @metric, {"kind":"labels",…} for Prometheus and Grafana. */
JsonNode     *bs_source_runner_describe     (const BsSourceSpec  *spec,
                                             const char          *metric,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* A frame of @table's own rows: SQLite and CSV only (BS_SOURCE_RUNNER_ERROR_UNSUPPORTED). */
JsonNode     *bs_source_runner_preview_rows (const BsSourceSpec  *spec,
                                             const char          *table,
                                             guint                limit,
                                             guint                offset,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* {"status":"ok","message":"…","version":"…"|null} when the source answers. */
JsonNode     *bs_source_runner_check        (const BsSourceSpec  *spec,
                                             GCancellable        *cancellable,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsSourceSpec, bs_source_spec_free)

G_END_DECLS
