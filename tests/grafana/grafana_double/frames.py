"""Data frames in Grafana's wire JSON (grafana-plugin-sdk-go data/frame_json.go).

Column-major values; NaN, +Inf and -Inf cannot be JSON, so their rows go to
data.entities[field] ({"NaN": [...], "Inf": [...], "NegInf": [...]}) and the value is null.
"""

import math


class Field:
    def __init__(self, name, simple_type, frame_type, values, labels=None, config=None,
                 enum_names=None):
        self.name = name
        self.simple_type = simple_type    # "time" | "number" | "string" | "boolean" | "enum"
        self.frame_type = frame_type      # "time.Time", "float64", "int64", "string", "bool", "enum"
        self.values = values
        self.labels = labels
        self.config = config
        self.enum_names = enum_names      # for enum fields: values are indexes into this


def _entity_name(value):
    if not isinstance(value, float):
        return None
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "NegInf"
    return None


def encode(ref_id, fields, meta=None, name=None):
    schema_fields = []
    values = []
    entities = []
    any_entity = False
    for field in fields:
        schema = {"name": field.name, "type": field.simple_type,
                  "typeInfo": {"frame": field.frame_type}}
        if any(v is None for v in field.values):
            schema["typeInfo"]["nullable"] = True
        if field.labels is not None:
            schema["labels"] = field.labels
        config = dict(field.config or {})
        if field.enum_names is not None:
            config.setdefault("type", {})["enum"] = {"text": field.enum_names}
        if config:
            schema["config"] = config
        schema_fields.append(schema)

        column = []
        lookup = {}
        for row, value in enumerate(field.values):
            entity = _entity_name(value)
            if entity is not None:
                lookup.setdefault(entity, []).append(row)
                column.append(None)
            else:
                column.append(value)
        values.append(column)
        entities.append(lookup or None)
        any_entity = any_entity or bool(lookup)

    schema = {}
    if name:
        schema["name"] = name
    schema["refId"] = ref_id
    if meta is not None:
        schema["meta"] = meta
    schema["fields"] = schema_fields
    data = {"values": values}
    if any_entity:
        data["entities"] = entities
    return {"schema": schema, "data": data}
