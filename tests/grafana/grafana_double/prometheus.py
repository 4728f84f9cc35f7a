"""A Prometheus data source, as Grafana's promlib runs it: the step from intervalMs and
maxDataPoints (pkg/promlib/models/query.go calculatePrometheusInterval), the range aligned to
the step (AlignTimeRange), the answer turned into one frame per series."""

import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request

from . import frames

SAFE_RESOLUTION = 11000
TIMEOUT_SECONDS = 30

# pkg/tsdb/intervalv2 roundInterval: (upper bound in ms, rounded interval in ms)
ROUNDING = [
    (10, 1), (15, 10), (35, 20), (75, 50), (150, 100), (350, 200), (750, 500),
    (1500, 1000), (3500, 2000), (7500, 5000), (12500, 10000), (17500, 15000), (25000, 20000),
    (45000, 30000), (90000, 60000), (210000, 120000), (450000, 300000), (750000, 600000),
    (1050000, 900000), (1500000, 1200000), (2700000, 1800000), (5400000, 3600000),
    (9000000, 7200000), (16200000, 10800000), (32400000, 21600000), (86400000, 43200000),
    (172800000, 86400000), (604800000, 86400000), (1814400000, 604800000),
]


def round_interval(ms):
    for bound, rounded in ROUNDING:
        if ms <= bound:
            return rounded
    if ms < 3628800000:
        return 2592000000
    return 31536000000


DURATION = re.compile(r"^(\d+)(ms|s|m|h|d|w|y)$")
UNIT_MS = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000, "w": 604800000,
           "y": 31536000000}


def parse_duration_ms(text):
    match = DURATION.match(text.strip())
    if match is None:
        raise ValueError("invalid duration %r" % text)
    return int(match.group(1)) * UNIT_MS[match.group(2)]


def step_ms(query, source, from_ms, to_ms):
    interval = query.get("interval") or ""
    if interval in ("0s", "$__interval", "${__interval}", "$__interval_ms", "${__interval_ms}",
                    "$__rate_interval", "${__rate_interval}"):
        interval = ""
    interval_ms = int(query.get("intervalMs", 1000) or 0)
    if interval == "" and interval_ms != 0:
        minimum = interval_ms
    else:
        if interval == "":
            interval = source.get("jsonData", {}).get("timeInterval", "")
        minimum = parse_duration_ms(interval) if interval else 15000
    max_points = int(query.get("maxDataPoints", 100) or 1500)
    span = to_ms - from_ms
    calculated = span // max_points
    calculated = minimum if calculated < minimum else round_interval(calculated)
    safe = round_interval(span // SAFE_RESOLUTION)
    return max(calculated, safe) * int(query.get("intervalFactor", 1) or 1)


def align(ms, step, offset_seconds):
    offset = offset_seconds * 1000
    return math.floor((ms + offset) / step) * step - offset


def format_seconds(ms):
    text = "%.3f" % (ms / 1000.0)
    return text.rstrip("0").rstrip(".")


def _request(source, path, params, method="POST", body=None, content_type=None):
    base = source["url"].rstrip("/") + "/"
    url = urllib.parse.urljoin(base, path.lstrip("/"))
    data = None
    headers = {}
    if method == "POST":
        data = body if body is not None else urllib.parse.urlencode(params, doseq=True).encode()
        headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
    elif params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _error_result(status, message):
    return {"error": message, "errorSource": "downstream", "status": status}


def _float(text):
    # Prometheus writes "NaN", "+Inf", "-Inf"; Python's float() reads all three.
    return float(text)


def _series_frame(ref_id, metric, points, result_type, step, expr):
    meta = {"type": "timeseries-multi" if result_type == "matrix" else "numeric-multi",
            "typeVersion": [0, 1],
            "custom": {"resultType": result_type},
            "executedQueryString": "Expr: %s\nStep: %s" % (expr, format_step(step))}
    times = [int(round(float(t) * 1000)) for t, _ in points]
    values = [_float(v) for _, v in points]
    fields = [frames.Field("Time", "time", "time.Time", times,
                           config={"interval": step} if result_type == "matrix" else None),
              frames.Field("Value", "number", "float64", values, labels=dict(metric))]
    return frames.encode(ref_id, fields, meta=meta)


def format_step(ms):
    seconds, millis = divmod(ms, 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = ""
    if hours:
        text += "%dh" % hours
    if hours or minutes:
        text += "%dm" % minutes
    text += ("%d.%03ds" % (secs, millis)).replace(".000s", "s")
    return text


def to_frames(ref_id, data, step, expr):
    result_type = data.get("resultType")
    result = data.get("result")
    if result_type == "matrix":
        out = [_series_frame(ref_id, s.get("metric", {}), s.get("values", []), "matrix", step,
                             expr) for s in result]
    elif result_type == "vector":
        out = [_series_frame(ref_id, s.get("metric", {}), [s["value"]], "vector", step, expr)
               for s in result]
    elif result_type == "scalar":
        out = [_series_frame(ref_id, {}, [result], "scalar", step, expr)]
    elif result_type == "string":
        fields = [frames.Field("Time", "time", "time.Time", [int(float(result[0]) * 1000)]),
                  frames.Field("Value", "string", "string", [result[1]])]
        out = [frames.encode(ref_id, fields)]
    else:
        raise ValueError("unknown resultType %r" % result_type)
    if not out:
        meta = {"type": "timeseries-multi" if result_type == "matrix" else "numeric-multi",
                "typeVersion": [0, 1], "custom": {"resultType": result_type}}
        out = [{"schema": {"refId": ref_id, "meta": meta, "fields": []},
                "data": {"values": []}}]
    return out


def run(source, query, from_ms, to_ms):
    """One query of POST /api/ds/query: a DataResponse ({"frames"} or an error)."""
    ref_id = query.get("refId", "A")
    expr = query.get("expr")
    if not isinstance(expr, str) or expr.strip() == "":
        return _error_result(400, "query model has no expr")
    instant = bool(query.get("instant", False))
    is_range = bool(query.get("range", False)) or not instant
    try:
        step = step_ms(query, source, from_ms, to_ms)
    except ValueError as error:
        return _error_result(400, str(error))
    offset = int(query.get("utcOffsetSec", 0) or 0)

    if is_range:
        path = "api/v1/query_range"
        params = {"query": expr, "start": format_seconds(align(from_ms, step, offset)),
                  "end": format_seconds(align(to_ms, step, offset)),
                  "step": format_seconds(step)}
    else:
        # Instant queries are not aligned (grafana/grafana#69516): evaluated at "to".
        path = "api/v1/query"
        params = {"query": expr, "time": format_seconds(to_ms)}

    try:
        status, body = _request(source, path, params)
    except (urllib.error.URLError, OSError) as error:
        return _error_result(500, 'Post "%s": %s' % (source["url"], error))
    try:
        answer = json.loads(body)
    except ValueError:
        return _error_result(500, "unexpected response from Prometheus (status %d)" % status)
    if answer.get("status") != "success":
        return _error_result(status if status >= 400 else 500,
                             "%s: %s" % (answer.get("errorType", "error"), answer.get("error", "")))
    return {"status": 200, "frames": to_frames(ref_id, answer.get("data", {}), step, expr)}


def forward_resource(source, path, query, method, body, content_type):
    """The resource proxy: Prometheus's own status and JSON, as Grafana passes them on."""
    if not path.startswith("api/v1/"):
        return 404, {"message": "Not found"}
    try:
        if method == "POST":
            status, data = _request(source, path, query, "POST", body, content_type)
        else:
            status, data = _request(source, path, query, "GET")
    except (urllib.error.URLError, OSError):
        return 500, {"message": "Failed to call resource"}
    try:
        return status, json.loads(data)
    except ValueError:
        return 500, {"message": "Failed to call resource"}
