#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-dashboard-promql.h"
#include "bs-json-fields.h"

/* bs_promql_panel_frame: the answers of a PromQL panel's targets as one frame. */

#define MS_PER_SECOND G_GINT64_CONSTANT (1000)

static gboolean
bad_frame (GError    **error,
           guint       index,
           const char *problem)
{
  g_set_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_BAD_FRAME,
               _("The answer to PromQL query %u is not a frame: %s"), index + 1, problem);
  return FALSE;
}

typedef struct
{
  JsonArray *columns;
  JsonArray *rows;
  int        time_column;   /* -1 when instant */
  int        value_column;
} FrameShape;

static gboolean
read_shape (JsonObject *frame,
            guint       index,
            FrameShape *shape,
            GError    **error)
{
  JsonNode *columns = json_object_get_member (frame, "columns");
  JsonNode *rows = json_object_get_member (frame, "rows");
  const char *language = bs_json_member_string (frame, "language");

  if (language != NULL && !g_str_equal (language, "promql"))
    return bad_frame (error, index, _("its language is not PromQL"));
  if (columns == NULL || !JSON_NODE_HOLDS_ARRAY (columns)
      || rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows))
    return bad_frame (error, index, _("it has no columns or rows"));
  shape->columns = json_node_get_array (columns);
  shape->rows = json_node_get_array (rows);
  shape->time_column = shape->value_column = -1;
  for (guint i = 0; i < json_array_get_length (shape->columns); i++)
    {
      JsonNode *node = json_array_get_element (shape->columns, i);
      JsonObject *column = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = bs_json_member_string (column, "name");
      const char *type = bs_json_member_string (column, "type");

      if (name == NULL || type == NULL)
        return bad_frame (error, index, _("a column has no name or type"));
      if (g_str_equal (type, "time"))
        shape->time_column = i;
      else if (g_str_equal (type, "number") && g_str_equal (name, "value"))
        shape->value_column = i;
      else if (!g_str_equal (type, "text"))
        return bad_frame (error, index, _("a label column is not text"));
    }
  if (shape->value_column < 0)
    return bad_frame (error, index, _("it has no “value” column"));
  return TRUE;
}

/* "{{ label }}" replaced by the label's value ("" when the series has none), as Grafana's
 * renderLegendFormat does. */
static char *
render_legend (const char *format,
               GHashTable *labels)
{
  GString *out = g_string_new (NULL);
  const char *p = format;

  while (*p != '\0')
    {
      const char *close = g_str_has_prefix (p, "{{") ? strstr (p + 2, "}}") : NULL;

      if (close != NULL)
        {
          g_autofree char *name = g_strstrip (g_strndup (p + 2, close - p - 2));
          const char *value = g_hash_table_lookup (labels, name);

          if (value != NULL)
            g_string_append (out, value);
          p = close + 2;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* Grafana's default name: metric{a="1", b="2"}, labels sorted; the expression without
 * labels. */
static char *
default_legend (const char *expr,
                GHashTable *labels)
{
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (labels),
                                        (GCompareFunc) strcmp);
  const char *metric = g_hash_table_lookup (labels, "__name__");
  GString *out = g_string_new (metric);
  gboolean first = TRUE;

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "__name__"))
        continue;
      g_string_append (out, first ? "{" : ", ");
      g_string_append_printf (out, "%s=\"%s\"", (char *) l->data,
                              (char *) g_hash_table_lookup (labels, l->data));
      first = FALSE;
    }
  if (!first)
    g_string_append_c (out, '}');
  if (out->len == 0)
    g_string_append (out, expr);
  return g_string_free (out, FALSE);
}

static char *
series_name (const BsPromqlTarget *target,
             const FrameShape     *shape,
             JsonArray            *row)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (shape->columns); i++)
    {
      JsonNode *cell = json_array_get_element (row, i);

      if ((int) i == shape->time_column || (int) i == shape->value_column
          || !JSON_NODE_HOLDS_VALUE (cell) || json_node_get_value_type (cell) != G_TYPE_STRING)
        continue;
      g_hash_table_insert (labels,
                           (gpointer) bs_json_member_string (json_node_get_object (
                             json_array_get_element (shape->columns, i)), "name"),
                           (gpointer) json_node_get_string (cell));
    }
  if (target->legend_format != NULL)
    return render_legend (target->legend_format, labels);
  return default_legend (target->expr, labels);
}

/* A time as the engine writes a frame's times (bs-prometheus-client.c). */
static char *
format_time (gint64 ms)
{
  gint64 milli = ((ms % MS_PER_SECOND) + MS_PER_SECOND) % MS_PER_SECOND;
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc ((ms - milli) / MS_PER_SECOND);
  g_autofree char *text = time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S")
                                       : NULL;

  if (text == NULL)
    return NULL;
  if (milli == 0)
    return g_strconcat (text, "Z", NULL);
  return g_strdup_printf ("%s.%03dZ", text, (int) milli);
}

/* A value: a number, or Prometheus's "NaN", "+Inf", "-Inf", which are kept (JSON has no
 * such numbers; the charts read these strings). */
static gboolean
valid_value (JsonNode *cell)
{
  const char *text;

  if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell))
    return cell != NULL && JSON_NODE_HOLDS_NULL (cell);
  switch (json_node_get_value_type (cell))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return TRUE;
    case G_TYPE_STRING:
      text = json_node_get_string (cell);
      return g_str_equal (text, "NaN") || g_str_equal (text, "+Inf")
             || g_str_equal (text, "-Inf");
    default:
      return FALSE;
    }
}

static gboolean
valid_time (JsonNode *cell)
{
  g_autoptr(GDateTime) time = NULL;

  if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell)
      || json_node_get_value_type (cell) != G_TYPE_STRING)
    return FALSE;
  time = g_date_time_new_from_iso8601 (json_node_get_string (cell), NULL);
  return time != NULL;
}

static gboolean
add_frame_rows (JsonArray            *out_rows,
                const BsPromqlTarget *target,
                const FrameShape     *shape,
                gboolean              with_time,
                const char           *instant_time,
                guint                 index,
                GError              **error)
{
  guint n_columns = json_array_get_length (shape->columns);
  char *name = NULL;

  for (guint r = 0; r < json_array_get_length (shape->rows); r++)
    {
      JsonNode *node = json_array_get_element (shape->rows, r);
      JsonArray *row = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonArray *out;
      JsonNode *value;

      if (row == NULL || json_array_get_length (row) != n_columns)
        return bad_frame (error, index, _("a row does not match its columns"));
      value = json_array_get_element (row, shape->value_column);
      if (!valid_value (value))
        return bad_frame (error, index, _("a value is not a number"));
      if (shape->time_column >= 0
          && !valid_time (json_array_get_element (row, shape->time_column)))
        return bad_frame (error, index, _("a time is not an ISO 8601 time"));

      out = json_array_new ();
      if (with_time && shape->time_column >= 0)
        json_array_add_element (out, json_node_copy (json_array_get_element (row,
                                                                        shape->time_column)));
      else if (with_time && instant_time != NULL)
        json_array_add_string_element (out, instant_time);
      else if (with_time)
        json_array_add_null_element (out);
      json_array_add_string_element (out, name = series_name (target, shape, row));
      g_clear_pointer (&name, g_free);
      json_array_add_element (out, json_node_copy (value));
      json_array_add_array_element (out_rows, out);
    }
  return TRUE;
}

static void
add_column (JsonArray  *columns,
            const char *name,
            const char *type)
{
  JsonObject *column = json_object_new ();

  json_object_set_string_member (column, "name", name);
  json_object_set_string_member (column, "type", type);
  json_array_add_object_element (columns, column);
}

JsonObject *
bs_promql_panel_frame (const BsPromqlRequest *request,
                       GPtrArray             *frames,
                       GError               **error)
{
  g_autoptr(JsonObject) frame = NULL;
  g_autofree char *instant_time = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  JsonArray *columns, *rows;
  gboolean with_time = FALSE;
  gboolean truncated = FALSE;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (frames != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (frames->len != request->targets->len)
    {
      g_set_error (error, BS_PROMQL_ERROR, BS_PROMQL_ERROR_BAD_FRAME,
                   _("The panel has %u PromQL queries but %u answers"),
                   request->targets->len, frames->len);
      return NULL;
    }
  for (guint i = 0; i < request->targets->len; i++)
    with_time |= !((BsPromqlTarget *) g_ptr_array_index (request->targets, i))->instant;

  frame = json_object_new ();
  columns = json_array_new ();
  rows = json_array_new ();
  json_object_set_array_member (frame, "columns", columns);
  json_object_set_array_member (frame, "rows", rows);
  if (with_time)
    add_column (columns, "time", "time");
  add_column (columns, "series", "text");
  add_column (columns, "value", "number");
  /* An instant target beside range ones is drawn at the time it was evaluated. */
  instant_time = format_time (request->end_ms);

  for (guint i = 0; i < frames->len; i++)
    {
      const BsPromqlTarget *target = g_ptr_array_index (request->targets, i);
      JsonObject *answer = g_ptr_array_index (frames, i);
      FrameShape shape;

      if (answer == NULL)
        return (bad_frame (error, i, _("there is none")), NULL);
      if (!read_shape (answer, i, &shape, error)
          || !add_frame_rows (rows, target, &shape, with_time, instant_time, i, error))
        return NULL;
      truncated |= bs_json_member_is_true (answer, "truncated");
      if (query->len > 0)
        g_string_append (query, "\n");
      g_string_append (query, target->expr);
    }
  json_object_set_string_member (frame, "query", query->str);
  json_object_set_string_member (frame, "language", "promql");
  json_object_set_boolean_member (frame, "truncated", truncated);
  return g_steal_pointer (&frame);
}
