#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-grafana-frame.h"

G_DEFINE_QUARK (bs-grafana-frame-error-quark, bs_grafana_frame_error)

#define NO_TIME G_MININT64

typedef enum
{
  KIND_TIME,
  KIND_INTEGER,
  KIND_NUMBER,
  KIND_TEXT,     /* string, boolean and enum fields: split columns */
  KIND_IGNORED,  /* "other", nested frames …: nothing a table cell can show */
} FieldKind;

typedef struct
{
  char       *name;
  FieldKind   kind;
  JsonObject *labels;   /* nullable */
  GPtrArray  *cells;    /* JsonNode*, ready for the output (NULL for time fields) */
  gint64     *times;    /* milliseconds or NO_TIME, for time fields */
  gboolean    scaled;   /* bases or factors applied: the values are no longer integers */
} Field;

typedef struct
{
  GPtrArray *fields;    /* Field* */
  guint      n_rows;
} Frame;

typedef struct
{
  gint64     time_ms;
  char     **dims;      /* one per split column, each nullable */
  guint      n_dims;
  char      *field;     /* nullable */
  JsonNode  *value;     /* owned */
} Row;

typedef struct
{
  const BsGrafanaFrameOptions *options;
  GPtrArray *dims;             /* char*: the split columns */
  gboolean   has_time;
  gboolean   has_field_column;
  gboolean   all_integer;
  guint      n_dims;
} Shape;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->name);
  g_clear_pointer (&field->labels, json_object_unref);
  g_clear_pointer (&field->cells, g_ptr_array_unref);
  g_free (field->times);
  g_free (field);
}

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_ptr_array_unref (frame->fields);
  g_free (frame);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  for (guint d = 0; d < row->n_dims; d++)
    g_free (row->dims[d]);
  g_free (row->dims);
  g_free (row->field);
  json_node_unref (row->value);
  g_free (row);
}

static gboolean G_GNUC_PRINTF (3, 4)
set_malformed (GError    **error,
               const char *path,
               const char *format,
               ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s is a place in Grafana's answer such as
   * "results.A.frames[0].data.values[1]", the second what is wrong with it. */
  g_set_error (error, BS_GRAFANA_FRAME_ERROR, BS_GRAFANA_FRAME_ERROR_MALFORMED,
               _("Grafana's answer is not a valid data frame: %s %s"), path, detail);
  return FALSE;
}

/* The spec documents Go structs ("Frames", "Error") while the wire uses lower case; accept both. */
static JsonNode *
member_ci (JsonObject *object,
           const char *name)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, name) == 0)
      return value;

  return NULL;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static JsonNode *
number_node (double value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (isnan (value))
    json_node_set_string (node, "NaN");
  else if (isinf (value))
    json_node_set_string (node, value > 0 ? "+Inf" : "-Inf");
  else
    json_node_set_double (node, value);

  return node;
}

static FieldKind
kind_from_schema (JsonObject *schema_field)
{
  const char *type = NULL;
  const char *frame_type = NULL;
  JsonNode *node;

  node = json_object_get_member (schema_field, "type");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    type = json_node_get_string (node);
  node = json_object_get_member (schema_field, "typeInfo");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    frame_type = json_object_get_string_member_with_default (json_node_get_object (node),
                                                             "frame", NULL);

  if (g_strcmp0 (type, "time") == 0 || g_strcmp0 (frame_type, "time.Time") == 0)
    return KIND_TIME;
  if (g_strcmp0 (type, "number") == 0 || (type == NULL && frame_type != NULL &&
                                          (g_str_has_prefix (frame_type, "int") ||
                                           g_str_has_prefix (frame_type, "uint") ||
                                           g_str_has_prefix (frame_type, "float"))))
    {
      if (frame_type != NULL && !g_str_has_prefix (frame_type, "float"))
        return KIND_INTEGER;
      return KIND_NUMBER;
    }
  if (g_strcmp0 (type, "string") == 0 || g_strcmp0 (type, "boolean") == 0 ||
      g_strcmp0 (type, "enum") == 0 || g_strcmp0 (frame_type, "string") == 0 ||
      g_strcmp0 (frame_type, "bool") == 0 || g_strcmp0 (frame_type, "enum") == 0)
    return KIND_TEXT;

  return KIND_IGNORED;
}

/* Enum names come from data.enums[field] (DataFrameJSON.ts) or from the field's
 * config.type.enum.text (the Go SDK's enum fields). */
static JsonArray *
enum_names (JsonObject *schema_field,
            JsonObject *data,
            guint       index)
{
  JsonNode *node = data != NULL ? json_object_get_member (data, "enums") : NULL;
  JsonObject *config;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      index < json_array_get_length (json_node_get_array (node)))
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (node), index);

      if (JSON_NODE_HOLDS_ARRAY (entry))
        return json_node_get_array (entry);
    }

  node = json_object_get_member (schema_field, "config");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  config = json_node_get_object (node);
  node = json_object_get_member (config, "type");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), "enum");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), "text");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static gboolean
per_field_number (JsonObject *data,
                  const char *member,
                  guint       index,
                  double     *out,
                  const char *path,
                  GError    **error)
{
  JsonNode *node = data != NULL ? json_object_get_member (data, member) : NULL;
  JsonArray *array;
  JsonNode *entry;

  *out = NAN;
  if (node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_malformed (error, path, _("data.%s is not a list"), member);
  array = json_node_get_array (node);
  if (index >= json_array_get_length (array))
    return TRUE;
  entry = json_array_get_element (array, index);
  if (node_is_null (entry))
    return TRUE;
  if (!node_is_number (entry))
    return set_malformed (error, path, _("data.%s[%u] is not a number"), member, index);
  *out = json_node_get_double (entry);
  return TRUE;
}

static gboolean
convert_cell (Field      *field,
              JsonNode   *value,
              JsonArray  *names,
              double      base,
              double      factor,
              const char *path,
              guint       row,
              GError    **error)
{
  if (node_is_null (value))
    {
      if (field->kind == KIND_TIME)
        field->times[row] = NO_TIME;
      else
        g_ptr_array_add (field->cells, json_node_new (JSON_NODE_NULL));
      return TRUE;
    }

  switch (field->kind)
    {
    case KIND_TIME:
      if (!node_is_number (value))
        return set_malformed (error, path, _("value %u is not a time in epoch milliseconds"), row);
      field->times[row] = node_is_integer (value) ? json_node_get_int (value)
                                                  : (gint64) floor (json_node_get_double (value));
      return TRUE;

    case KIND_INTEGER:
    case KIND_NUMBER:
      if (!node_is_number (value))
        return set_malformed (error, path, _("value %u is not a number"), row);
      if (!isnan (base) || !isnan (factor))
        {
          double scaled = json_node_get_double (value) * (isnan (factor) ? 1.0 : factor) +
                          (isnan (base) ? 0.0 : base);

          field->scaled = TRUE;
          g_ptr_array_add (field->cells, number_node (scaled));
        }
      else if (field->kind == KIND_INTEGER && node_is_integer (value))
        {
          JsonNode *node = json_node_new (JSON_NODE_VALUE);

          json_node_set_int (node, json_node_get_int (value));
          g_ptr_array_add (field->cells, node);
        }
      else
        g_ptr_array_add (field->cells, number_node (json_node_get_double (value)));
      return TRUE;

    case KIND_TEXT:
      if (names != NULL)
        {
          gint64 index;

          if (!node_is_integer (value) || (index = json_node_get_int (value)) < 0 ||
              index >= json_array_get_length (names) ||
              !JSON_NODE_HOLDS_VALUE (json_array_get_element (names, index)))
            return set_malformed (error, path, _("value %u is not an index into the field’s "
                                                 "%u enum names"),
                                  row, json_array_get_length (names));
          g_ptr_array_add (field->cells,
                           json_node_copy (json_array_get_element (names, index)));
          return TRUE;
        }
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        {
          g_ptr_array_add (field->cells,
                           json_node_init_string (json_node_alloc (),
                                                  json_node_get_boolean (value) ? "true"
                                                                                : "false"));
          return TRUE;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return set_malformed (error, path, _("value %u is not text"), row);
      g_ptr_array_add (field->cells, json_node_copy (value));
      return TRUE;

    case KIND_IGNORED:
    default:
      g_ptr_array_add (field->cells, json_node_new (JSON_NODE_NULL));
      return TRUE;
    }
}

static gboolean
apply_entity_list (Field      *field,
                   JsonObject *entities,
                   const char *key,
                   guint       n_rows,
                   const char *path,
                   GError    **error)
{
  JsonNode *node = json_object_get_member (entities, key);
  JsonArray *indexes;
  gboolean undefined = g_str_equal (key, "Undef");

  if (node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_malformed (error, path, _("%s is not a list of row numbers"), key);
  indexes = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (indexes); i++)
    {
      JsonNode *entry = json_array_get_element (indexes, i);
      gint64 row;

      if (!node_is_integer (entry) || (row = json_node_get_int (entry)) < 0 || row >= n_rows)
        return set_malformed (error, path, _("%s[%u] is not a row number below %u"),
                              key, i, n_rows);

      if (field->kind == KIND_TIME)
        {
          if (!undefined)
            return set_malformed (error, path, _("%s marks a time value"), key);
          field->times[row] = NO_TIME;
        }
      else if (undefined)
        {
          json_node_unref (field->cells->pdata[row]);
          field->cells->pdata[row] = json_node_new (JSON_NODE_NULL);
        }
      else if (field->kind == KIND_INTEGER || field->kind == KIND_NUMBER)
        {
          double special = g_str_equal (key, "NaN") ? NAN
                           : g_str_equal (key, "Inf") ? INFINITY : -INFINITY;

          json_node_unref (field->cells->pdata[row]);
          field->cells->pdata[row] = number_node (special);
          /* an integer column cannot hold NaN: the whole field becomes "number" */
          field->scaled = TRUE;
        }
      else
        return set_malformed (error, path, _("%s marks a value of a field that is not a number"),
                              key);
    }

  return TRUE;
}

static gboolean
apply_entities (Field      *field,
                JsonObject *data,
                guint       index,
                guint       n_rows,
                const char *frame_path,
                GError    **error)
{
  static const char * const keys[] = { "NaN", "Inf", "NegInf", "Undef", NULL };
  JsonNode *node = data != NULL ? json_object_get_member (data, "entities") : NULL;
  g_autofree char *path = NULL;
  JsonArray *array;
  JsonNode *entry;
  JsonObjectIter iter;
  const char *key;

  if (node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      path = g_strdup_printf ("%s.data.entities", frame_path);
      return set_malformed (error, path, _("is not a list"));
    }
  array = json_node_get_array (node);
  if (index >= json_array_get_length (array))
    return TRUE;
  entry = json_array_get_element (array, index);
  if (node_is_null (entry))
    return TRUE;

  path = g_strdup_printf ("%s.data.entities[%u]", frame_path, index);
  if (!JSON_NODE_HOLDS_OBJECT (entry))
    return set_malformed (error, path, _("is neither null nor an object"));

  json_object_iter_init (&iter, json_node_get_object (entry));
  while (json_object_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (keys, key))
      return set_malformed (error, path, _("has the unknown entity “%s”"), key);

  for (guint i = 0; keys[i] != NULL; i++)
    if (!apply_entity_list (field, json_node_get_object (entry), keys[i], n_rows, path, error))
      return FALSE;

  return TRUE;
}

static Field *
decode_field (JsonObject *schema_field,
              JsonArray  *values,
              JsonObject *data,
              guint       index,
              const char *frame_path,
              GError    **error)
{
  g_autoptr(GPtrArray) owner = g_ptr_array_new_with_free_func (field_free);
  g_autofree char *path = g_strdup_printf ("%s.data.values[%u]", frame_path, index);
  Field *field = g_new0 (Field, 1);
  guint n_rows = json_array_get_length (values);
  JsonArray *names = NULL;
  JsonNode *node;
  double base, factor;

  g_ptr_array_add (owner, field);
  node = json_object_get_member (schema_field, "name");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    field->name = g_strdup (json_node_get_string (node));
  else
    field->name = g_strdup_printf ("Field %u", index + 1);

  field->kind = kind_from_schema (schema_field);
  node = json_object_get_member (schema_field, "labels");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    field->labels = json_object_ref (json_node_get_object (node));

  if (field->kind == KIND_TEXT)
    names = enum_names (schema_field, data, index);
  if (!per_field_number (data, "bases", index, &base, frame_path, error) ||
      !per_field_number (data, "factors", index, &factor, frame_path, error))
    return NULL;

  if (field->kind == KIND_TIME)
    field->times = g_new0 (gint64, MAX (n_rows, 1));
  else
    field->cells = g_ptr_array_new_full (n_rows, (GDestroyNotify) json_node_unref);

  for (guint row = 0; row < n_rows; row++)
    if (!convert_cell (field, json_array_get_element (values, row), names, base, factor, path,
                       row, error))
      return NULL;

  if (!apply_entities (field, data, index, n_rows, frame_path, error))
    return NULL;

  return g_ptr_array_steal_index (owner, 0);
}

static Frame *
decode_frame (JsonNode   *node,
              const char *frame_path,
              GError    **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (field_free);
  JsonObject *object, *schema, *data = NULL;
  JsonArray *schema_fields, *values = NULL;
  JsonNode *member;
  guint n_fields, n_rows = 0;
  Frame *frame;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_malformed (error, frame_path, _("is not an object")), NULL;
  object = json_node_get_object (node);

  member = json_object_get_member (object, "schema");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return set_malformed (error, frame_path, _("has no schema object")), NULL;
  schema = json_node_get_object (member);
  member = json_object_get_member (schema, "fields");
  if (node_is_null (member))
    schema_fields = NULL;
  else if (!JSON_NODE_HOLDS_ARRAY (member))
    return set_malformed (error, frame_path, _("schema.fields is not a list")), NULL;
  else
    schema_fields = json_node_get_array (member);
  n_fields = schema_fields != NULL ? json_array_get_length (schema_fields) : 0;

  member = json_object_get_member (object, "data");
  if (!node_is_null (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return set_malformed (error, frame_path, _("data is not an object")), NULL;
      data = json_node_get_object (member);
      member = json_object_get_member (data, "values");
      if (!node_is_null (member) && !JSON_NODE_HOLDS_ARRAY (member))
        return set_malformed (error, frame_path, _("data.values is not a list")), NULL;
      if (!node_is_null (member))
        values = json_node_get_array (member);
    }

  if (n_fields > 0 && (values == NULL || json_array_get_length (values) != n_fields))
    return set_malformed (error, frame_path,
                          _("data.values has %u columns, but schema.fields has %u fields"),
                          values != NULL ? json_array_get_length (values) : 0, n_fields),
           NULL;

  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *schema_field = json_array_get_element (schema_fields, i);
      JsonNode *column = json_array_get_element (values, i);
      g_autofree char *path = g_strdup_printf ("%s.data.values[%u]", frame_path, i);
      Field *field;

      if (!JSON_NODE_HOLDS_OBJECT (schema_field))
        {
          g_autofree char *field_path = g_strdup_printf ("%s.schema.fields[%u]", frame_path, i);

          return set_malformed (error, field_path, _("is not an object")), NULL;
        }
      if (!JSON_NODE_HOLDS_ARRAY (column))
        return set_malformed (error, path, _("is not a list")), NULL;
      if (i == 0)
        n_rows = json_array_get_length (json_node_get_array (column));
      else if (json_array_get_length (json_node_get_array (column)) != n_rows)
        return set_malformed (error, path, _("has %u values, but data.values[0] has %u"),
                              json_array_get_length (json_node_get_array (column)), n_rows),
               NULL;

      field = decode_field (json_node_get_object (schema_field), json_node_get_array (column),
                            data, i, frame_path, error);
      if (field == NULL)
        return NULL;
      g_ptr_array_add (fields, field);
    }

  frame = g_new0 (Frame, 1);
  frame->fields = g_steal_pointer (&fields);
  frame->n_rows = n_rows;
  return frame;
}

static gboolean
check_result_status (JsonObject *result,
                     const char *ref_id,
                     GError    **error)
{
  JsonNode *error_node = member_ci (result, "error");
  JsonNode *status_node = member_ci (result, "status");
  JsonNode *source_node = member_ci (result, "errorSource");
  const char *message = NULL;
  gint64 status = 0;

  if (error_node != NULL && JSON_NODE_HOLDS_VALUE (error_node) &&
      json_node_get_value_type (error_node) == G_TYPE_STRING)
    message = json_node_get_string (error_node);
  if (status_node != NULL && node_is_integer (status_node))
    status = json_node_get_int (status_node);

  if ((message == NULL || message[0] == '\0') && status < 400)
    return TRUE;

  if (source_node != NULL && JSON_NODE_HOLDS_VALUE (source_node) &&
      g_strcmp0 (json_node_get_string (source_node), "downstream") == 0)
    /* Translators: %s is a query's name, then the data source's own message. */
    g_set_error (error, BS_GRAFANA_FRAME_ERROR, BS_GRAFANA_FRAME_ERROR_QUERY,
                 _("The data source behind Grafana failed query %s: %s"), ref_id,
                 message != NULL && message[0] != '\0' ? message : _("no reason given"));
  else if (message != NULL && message[0] != '\0')
    g_set_error (error, BS_GRAFANA_FRAME_ERROR, BS_GRAFANA_FRAME_ERROR_QUERY,
                 _("Grafana could not run query %s: %s"), ref_id, message);
  else
    g_set_error (error, BS_GRAFANA_FRAME_ERROR, BS_GRAFANA_FRAME_ERROR_QUERY,
                 _("Grafana could not run query %s (status %" PRId64 ")"),
                 ref_id, status);
  return FALSE;
}

static GPtrArray *
decode_frames (JsonNode   *results,
               const char *ref_id,
               GError    **error)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (frame_free);
  g_autofree char *path = g_strdup_printf ("results.%s", ref_id);
  JsonNode *result_node, *frames_node;
  JsonObject *result;
  JsonArray *array;

  if (results == NULL || !JSON_NODE_HOLDS_OBJECT (results))
    return set_malformed (error, "results", _("is not an object")), NULL;
  result_node = json_object_get_member (json_node_get_object (results), ref_id);
  if (result_node == NULL)
    return set_malformed (error, "results", _("has no answer for query %s"), ref_id), NULL;
  if (!JSON_NODE_HOLDS_OBJECT (result_node))
    return set_malformed (error, path, _("is not an object")), NULL;
  result = json_node_get_object (result_node);

  if (!check_result_status (result, ref_id, error))
    return NULL;

  frames_node = member_ci (result, "frames");
  if (node_is_null (frames_node))
    return g_steal_pointer (&frames);
  if (!JSON_NODE_HOLDS_ARRAY (frames_node))
    return set_malformed (error, path, _("frames is not a list")), NULL;
  array = json_node_get_array (frames_node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *frame_path = g_strdup_printf ("results.%s.frames[%u]", ref_id, i);
      Frame *frame = decode_frame (json_array_get_element (array, i), frame_path, error);

      if (frame == NULL)
        return NULL;
      g_ptr_array_add (frames, frame);
    }

  return g_steal_pointer (&frames);
}

static gboolean
is_value_field (Field *field)
{
  return field->kind == KIND_INTEGER || field->kind == KIND_NUMBER;
}

static int
compare_label_names (gconstpointer a,
                     gconstpointer b)
{
  const char *name_a = *(const char * const *) a;
  const char *name_b = *(const char * const *) b;

  /* Prometheus lists the metric name first */
  if (g_str_equal (name_a, "__name__") != g_str_equal (name_b, "__name__"))
    return g_str_equal (name_a, "__name__") ? -1 : 1;
  return strcmp (name_a, name_b);
}

static void
add_unique (GPtrArray  *names,
            const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return;
  g_ptr_array_add (names, g_strdup (name));
}

static void
shape_collect (Shape     *shape,
               GPtrArray *frames)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean any_value_field = FALSE;
  gboolean integer = TRUE;

  for (guint f = 0; f < frames->len; f++)
    {
      Frame *frame = frames->pdata[f];
      guint n_values = 0;

      for (guint i = 0; i < frame->fields->len; i++)
        {
          Field *field = frame->fields->pdata[i];

          if (field->kind == KIND_TIME)
            shape->has_time = TRUE;
          else if (field->kind == KIND_TEXT)
            add_unique (texts, field->name);
          else if (is_value_field (field))
            {
              JsonObjectIter iter;
              const char *key;

              n_values++;
              any_value_field = TRUE;
              if (field->kind != KIND_INTEGER || field->scaled)
                integer = FALSE;
              if (field->labels == NULL)
                continue;
              json_object_iter_init (&iter, field->labels);
              while (json_object_iter_next (&iter, &key, NULL))
                add_unique (labels, key);
            }
        }
      if (n_values > 1)
        shape->has_field_column = TRUE;
      if (n_values == 0 && frame->n_rows > 0)
        integer = FALSE;
    }
  /* with no numbers at all, nothing says the (empty) column holds integers */
  shape->all_integer = any_value_field && integer;
  if (shape->options->no_time)
    shape->has_time = FALSE;
  else if (shape->options->time_column != NULL)
    shape->has_time = TRUE;

  shape->dims = g_ptr_array_new_with_free_func (g_free);
  if (shape->options->labels != NULL)
    {
      for (guint i = 0; shape->options->labels[i] != NULL; i++)
        add_unique (shape->dims, shape->options->labels[i]);
    }
  else
    {
      g_ptr_array_sort (labels, compare_label_names);
      for (guint i = 0; i < labels->len; i++)
        add_unique (shape->dims, labels->pdata[i]);
      for (guint i = 0; i < texts->len; i++)
        add_unique (shape->dims, texts->pdata[i]);
    }
  shape->n_dims = shape->dims->len;
}

static Field *
frame_find_text (Frame      *frame,
                 const char *name)
{
  for (guint i = 0; i < frame->fields->len; i++)
    {
      Field *field = frame->fields->pdata[i];

      if (field->kind == KIND_TEXT && g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

static Field *
frame_find_time (Frame *frame)
{
  for (guint i = 0; i < frame->fields->len; i++)
    {
      Field *field = frame->fields->pdata[i];

      if (field->kind == KIND_TIME)
        return field;
    }
  return NULL;
}

static Row *
make_row (Shape *shape,
          Frame *frame,
          Field *value_field,
          Field *time_field,
          guint  r)
{
  Row *row = g_new0 (Row, 1);

  row->time_ms = time_field != NULL ? time_field->times[r] : NO_TIME;
  if (row->time_ms != NO_TIME)
    row->time_ms += shape->options->time_shift_ms;
  row->dims = g_new0 (char *, shape->n_dims + 1);
  row->n_dims = shape->n_dims;
  for (guint d = 0; d < shape->n_dims; d++)
    {
      const char *name = shape->dims->pdata[d];
      Field *text;

      if (value_field != NULL && value_field->labels != NULL &&
          json_object_has_member (value_field->labels, name))
        row->dims[d] = g_strdup (json_object_get_string_member_with_default (value_field->labels,
                                                                             name, NULL));
      else if ((text = frame_find_text (frame, name)) != NULL &&
               JSON_NODE_HOLDS_VALUE ((JsonNode *) text->cells->pdata[r]))
        row->dims[d] = g_strdup (json_node_get_string (text->cells->pdata[r]));
    }
  row->field = value_field != NULL && shape->has_field_column ? g_strdup (value_field->name)
                                                               : NULL;
  if (value_field == NULL)
    row->value = json_node_new (JSON_NODE_NULL);
  else if (!shape->all_integer && JSON_NODE_HOLDS_VALUE ((JsonNode *) value_field->cells->pdata[r]) &&
           json_node_get_value_type (value_field->cells->pdata[r]) == G_TYPE_INT64)
    row->value = number_node ((double) json_node_get_int (value_field->cells->pdata[r]));
  else
    row->value = json_node_copy (value_field->cells->pdata[r]);

  return row;
}

static int
compare_nullable (const char *a,
                  const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Row *row_a = *(const Row * const *) a;
  const Row *row_b = *(const Row * const *) b;
  const Shape *shape = user_data;
  int cmp;

  if (row_a->time_ms != row_b->time_ms)
    return row_a->time_ms < row_b->time_ms ? -1 : 1;
  for (guint d = 0; d < shape->n_dims; d++)
    if ((cmp = compare_nullable (row_a->dims[d], row_b->dims[d])) != 0)
      return cmp;
  return compare_nullable (row_a->field, row_b->field);
}

static GPtrArray *
collect_rows (Shape     *shape,
              GPtrArray *frames)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  for (guint f = 0; f < frames->len; f++)
    {
      Frame *frame = frames->pdata[f];
      Field *time_field = frame_find_time (frame);
      gboolean any_value = FALSE;

      for (guint i = 0; i < frame->fields->len; i++)
        {
          Field *field = frame->fields->pdata[i];

          if (!is_value_field (field))
            continue;
          any_value = TRUE;
          for (guint r = 0; r < frame->n_rows; r++)
            g_ptr_array_add (rows, make_row (shape, frame, field, time_field, r));
        }
      if (!any_value)
        for (guint r = 0; r < frame->n_rows; r++)
          g_ptr_array_add (rows, make_row (shape, frame, NULL, time_field, r));
    }

  g_ptr_array_sort_with_data (rows, compare_rows, shape);
  return rows;
}

static JsonNode *
time_node (gint64 ms)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  gint64 seconds, millis;

  /* beyond any calendar: GDateTime refuses years after 9999 long before this */
  if (ms == NO_TIME || ms < -G_GINT64_CONSTANT (1000000000000000) ||
      ms > G_GINT64_CONSTANT (1000000000000000))
    return json_node_new (JSON_NODE_NULL);
  seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  millis = ms - seconds * 1000;
  if ((time = g_date_time_new_from_unix_utc (seconds)) == NULL)
    return json_node_new (JSON_NODE_NULL);

  date = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  if (millis != 0)
    text = g_strdup_printf ("%s.%03" G_GINT64_FORMAT "Z", date, millis);
  else
    text = g_strconcat (date, "Z", NULL);
  return json_node_init_string (json_node_alloc (), text);
}

static void
add_column (JsonBuilder *builder,
            const char  *name,
            const char  *type)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_end_object (builder);
}

static JsonNode *
build_frame (Shape     *shape,
             GPtrArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint limit = shape->options->row_limit;
  guint n_rows = limit > 0 ? MIN (limit, rows->len) : rows->len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  if (shape->has_time)
    add_column (builder, shape->options->time_column != NULL ? shape->options->time_column
                                                             : "time", "time");
  for (guint d = 0; d < shape->n_dims; d++)
    add_column (builder, shape->dims->pdata[d], "text");
  if (shape->has_field_column)
    add_column (builder, "field", "text");
  add_column (builder, "value", shape->all_integer ? "integer" : "number");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_rows; i++)
    {
      Row *row = rows->pdata[i];

      json_builder_begin_array (builder);
      if (shape->has_time)
        json_builder_add_value (builder, time_node (row->time_ms));
      for (guint d = 0; d < shape->n_dims; d++)
        if (row->dims[d] != NULL)
          json_builder_add_string_value (builder, row->dims[d]);
        else
          json_builder_add_null_value (builder);
      if (shape->has_field_column)
        json_builder_add_string_value (builder, row->field);
      json_builder_add_value (builder, json_node_copy (row->value));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, n_rows < rows->len);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
bs_grafana_frame_decode_with_options (JsonNode                    *results,
                                      const char                  *ref_id,
                                      const BsGrafanaFrameOptions *options,
                                      GError                     **error)
{
  static const BsGrafanaFrameOptions defaults = { 0 };
  g_autoptr(GPtrArray) frames = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Shape shape = { 0 };
  JsonNode *frame;

  g_return_val_if_fail (ref_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  frames = decode_frames (results, ref_id, error);
  if (frames == NULL)
    return NULL;

  shape.options = options != NULL ? options : &defaults;
  shape_collect (&shape, frames);
  rows = collect_rows (&shape, frames);
  frame = build_frame (&shape, rows);
  g_ptr_array_unref (shape.dims);

  return frame;
}

JsonNode *
bs_grafana_frame_decode (JsonNode   *results,
                         const char *ref_id,
                         GError    **error)
{
  return bs_grafana_frame_decode_with_options (results, ref_id, NULL, error);
}
