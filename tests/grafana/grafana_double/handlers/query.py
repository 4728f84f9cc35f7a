"""POST /api/ds/query (pkg/api/metrics.go QueryMetricsV2 and pkg/services/query)."""

import re
import time

from .. import errors, prometheus, testdata

RUNNERS = {
    "prometheus": prometheus.run,
    "testdata": testdata.run,
    "grafana-testdata-datasource": testdata.run,
}

RELATIVE = re.compile(r"^now(?:-(\d+)(s|m|h|d|w))?$")
UNIT_MS = {"s": 1000, "m": 60000, "h": 3600000, "d": 86400000, "w": 604800000}


def parse_time(value, name):
    """Epoch milliseconds (string or number) or "now" / "now-<n><unit>"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if not isinstance(value, str) or value == "":
        raise errors.legacy(400, "bad request data", error="%s is required" % name)
    if value.isdigit():
        return int(value)
    match = RELATIVE.match(value)
    if match is None:
        raise errors.legacy(400, "bad request data",
                            error="%s: cannot parse %r as a time" % (name, value))
    now = int(time.time() * 1000)
    if match.group(1) is None:
        return now
    return now - int(match.group(1)) * UNIT_MS[match.group(2)]


def datasource_uid(query):
    source = query.get("datasource")
    if isinstance(source, dict) and isinstance(source.get("uid"), str) and source["uid"]:
        return source["uid"]
    if isinstance(source, str) and source:
        return source
    raise errors.public(400, "query.invalidDatasourceId",
                        "Query does not contain a valid data source identifier")


def run_queries(ctx):
    request = ctx.json()
    if not isinstance(request, dict):
        raise errors.legacy(400, "bad request data")
    queries = request.get("queries")
    if not isinstance(queries, list) or not queries:
        raise errors.public(400, "query.noQueries", "No queries found")
    from_ms = parse_time(request.get("from"), "from")
    to_ms = parse_time(request.get("to"), "to")
    if from_ms > to_ms:
        raise errors.legacy(400, "bad request data", error="from is after to")

    plan = []
    for query in queries:
        if not isinstance(query, dict):
            raise errors.legacy(400, "bad request data")
        uid = datasource_uid(query)
        if uid == "__expr__":
            raise errors.legacy(400, "server-side expressions are not implemented by the double")
        source = ctx.state.datasource_by_uid(uid)
        if source is None:
            raise errors.legacy(404, "Data source not found")
        plan.append((query, source))

    results = {}
    failed = False
    for query, source in plan:
        ref_id = query.get("refId") or "A"
        query = dict(query, refId=ref_id)
        runner = RUNNERS.get(source["type"])
        if runner is None:
            result = {"error": "plugin %s is not installed in the test double" % source["type"],
                      "errorSource": "plugin", "status": 500}
        else:
            result = runner(source, query, from_ms, to_ms)
        failed = failed or "error" in result
        results[ref_id] = result

    status = 200
    if failed:
        status = 207 if ctx.state.multi_status else 400
    return status, {"results": results}


def register(router):
    router.add("POST", r"/api/ds/query", run_queries, permission="datasources:query")
