"""A TestData data source's "csv_content" scenario: the CSV text of the query as one frame.

Types are inferred per column like TestData does: numbers (int64 when every value is an
integer, float64 otherwise, "NaN"/"+Inf"/"-Inf" allowed), ISO 8601 times or a numeric column
named "time" (epoch milliseconds) as time, true/false as boolean, anything else as string; an
empty cell is null. Columns listed in the query's "enumColumns" are sent as enum fields.
"""

import csv
import datetime
import io
import math

from . import frames

SPECIAL = {"nan": math.nan, "+inf": math.inf, "inf": math.inf, "-inf": -math.inf}


def _number(text):
    lowered = text.lower()
    if lowered in SPECIAL:
        return SPECIAL[lowered]
    try:
        return int(text)
    except ValueError:
        return float(text)


def _time(text):
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return int(value.timestamp() * 1000)


def _try_all(convert, cells):
    try:
        return [None if c == "" else convert(c) for c in cells]
    except (ValueError, OverflowError):
        return None


def _column_field(name, cells, as_enum):
    present = [c for c in cells if c != ""]
    numbers = _try_all(_number, cells) if present else None
    if name.lower() == "time" and numbers is not None:
        return frames.Field(name, "time", "time.Time", numbers)
    if numbers is not None:
        integer = all(v is None or isinstance(v, int) for v in numbers)
        if not integer:
            numbers = [None if v is None else float(v) for v in numbers]
        return frames.Field(name, "number", "int64" if integer else "float64", numbers)
    times = _try_all(_time, cells) if present else None
    if times is not None:
        return frames.Field(name, "time", "time.Time", times)
    if present and all(c.lower() in ("true", "false") for c in present):
        return frames.Field(name, "boolean", "bool",
                            [None if c == "" else c.lower() == "true" for c in cells])
    if as_enum:
        names = sorted(set(present))
        return frames.Field(name, "enum", "enum",
                            [None if c == "" else names.index(c) for c in cells],
                            enum_names=names)
    return frames.Field(name, "string", "string", [None if c == "" else c for c in cells])


def run(source, query, from_ms, to_ms):
    scenario = query.get("scenarioId", "random_walk")
    if scenario != "csv_content":
        return {"error": "scenario %r is not available in the test double" % scenario,
                "status": 400}
    content = query.get("csvContent", "")
    rows = list(csv.reader(io.StringIO(content)))
    if not rows:
        return {"status": 200, "frames": []}
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            return {"error": "csv line %d has %d fields, the header has %d"
                             % (number, len(row), len(header)), "status": 400}
    enums = set(query.get("enumColumns", []))
    fields = [_column_field(name, [row[i] for row in body], name in enums)
              for i, name in enumerate(header)]
    return {"status": 200, "frames": [frames.encode(query.get("refId", "A"), fields)]}
