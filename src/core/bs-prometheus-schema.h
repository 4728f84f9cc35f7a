/* bs-prometheus-schema.h — Prometheus API answers as the "schema" JSON of describe.
 *
 * Prometheus is reached directly (bs-prometheus-client) or through a Grafana data source
 * (bs-grafana-proxy); both ask the same API, so both describe a server with these. Each
 * caller fetches the answers, checks their shape and reports its own errors; what comes in
 * here is the "data" member of a successful answer.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* {"kind":"metrics","metrics":[{"name","type","help"}]} sorted by name, from the data of
 * /api/v1/label/__name__/values (@names; members that are not strings are skipped) and of
 * /api/v1/metadata (@metadata, or NULL when the server gave none). "type" and "help" are
 * null when the metadata has none, e.g. for backfilled data; a type "unknown" counts as
 * none. */
JsonNode *bs_prometheus_schema_metrics (JsonArray  *names,
                                        JsonObject *metadata);

/* {"kind":"labels","metric":@metric,"labels":[{"name","values":[…]}]} from the data of
 * /api/v1/series (@series): every label of every series but "__name__", names and values
 * sorted, at most @max_values values per label. */
JsonNode *bs_prometheus_schema_labels  (const char *metric,
                                        JsonArray  *series,
                                        guint       max_values);

G_END_DECLS
