#define G_LOG_DOMAIN "bs-alert-evaluation"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bs-alert-evaluation-private.h"
#include "bs-json-plain.h"
#include "bs-alert-template.h"

static const char * const kind_names[] = {
  [BS_NOTIFICATION_FIRING] = "firing",
  [BS_NOTIFICATION_RESOLVED] = "resolved",
  [BS_NOTIFICATION_REPEAT] = "repeat",
  [BS_NOTIFICATION_TEST] = "test",
};

/* Instances, transitions, notifications */

BsAlertInstance *
bs_alert_instance_new_keyed (JsonObject             *labels,
                             const char             *series_key,
                             const BsAlertStateInfo *info)
{
  BsAlertInstance *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_new0 (BsAlertInstance, 1);
  self->labels = labels != NULL ? json_object_ref (labels) : json_object_new ();
  self->series_key = series_key != NULL ? g_strdup (series_key)
                                        : bs_alert_series_key (self->labels);
  self->info = *info;
  self->value = NAN;
  return self;
}

BsAlertInstance *
bs_alert_instance_new (JsonObject             *labels,
                       const BsAlertStateInfo *info)
{
  return bs_alert_instance_new_keyed (labels, NULL, info);
}

JsonObject *
bs_alert_instance_dup_labels (const BsAlertInstance *self)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *plain;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->labels != NULL)
    return json_object_ref (self->labels);
  /* The key is the labels as JSON. */
  if ((plain = bs_json_plain_read (self->series_key)) != NULL)
    return plain;
  node = json_from_string (self->series_key, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

BsAlertInstance *
bs_alert_instance_copy (const BsAlertInstance *self)
{
  BsAlertInstance *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BsAlertInstance, 1);
  copy->series_key = g_strdup (self->series_key);
  copy->labels = bs_alert_instance_dup_labels (self);
  copy->info = self->info;
  copy->value = self->value;
  copy->error = g_strdup (self->error);
  copy->last_sent_at = self->last_sent_at;
  return copy;
}

void
bs_alert_instance_free (BsAlertInstance *self)
{
  if (self == NULL)
    return;
  g_free (self->series_key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self->error);
  g_free (self);
}

void
bs_alert_transition_free (BsAlertTransition *self)
{
  if (self == NULL)
    return;
  g_free (self->series_key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self->error);
  g_free (self);
}

void
bs_alert_notification_free (BsAlertNotification *self)
{
  if (self == NULL)
    return;
  g_free (self->idempotency_key);
  g_clear_pointer (&self->payload, json_node_unref);
  g_free (self);
}

const char *
bs_notification_kind_to_string (BsNotificationKind kind)
{
  g_return_val_if_fail (kind <= BS_NOTIFICATION_TEST, NULL);

  return kind_names[kind];
}

gboolean
bs_notification_kind_from_string (const char         *text,
                                  BsNotificationKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = (BsNotificationKind) i;
        return TRUE;
      }
  return FALSE;
}

void
bs_alert_evaluation_free (BsAlertEvaluation *self)
{
  if (self == NULL)
    return;
  g_free (self->error);
  g_clear_pointer (&self->instances, g_ptr_array_unref);
  g_clear_pointer (&self->transitions, g_ptr_array_unref);
  g_clear_pointer (&self->notifications, g_ptr_array_unref);
  g_clear_pointer (&self->gone_keys, g_ptr_array_unref);
  g_free (self);
}

/* Labels and keys */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Label values are text, whatever the column held, so that a key does not depend on
 * whether a source said 7 or "7". */
static char *
cell_text (JsonNode *cell)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (cell == NULL || JSON_NODE_HOLDS_NULL (cell) || !JSON_NODE_HOLDS_VALUE (cell))
    return g_strdup ("");
  switch (json_node_get_value_type (cell))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (cell));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g",
                                        json_node_get_double (cell)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (cell) ? "true" : "false");
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (cell));
    default:
      return g_strdup ("");
    }
}

static char *
generated_key (GPtrArray *names,
               GPtrArray *texts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < names->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (names, i));
      json_builder_add_string_value (builder, g_ptr_array_index (texts, i));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The key is made for every series of every evaluation: see bs-json-plain.h. */
char *
bs_alert_series_key (JsonObject *labels)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  char *key;

  if (labels != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (labels);

      for (GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (names, l->data);
    }
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_ptr_array_add (texts, cell_text (json_object_get_member (labels, name)));
    }
  key = bs_json_plain_write ((const char * const *) names->pdata,
                             (const char * const *) texts->pdata, names->len);
  return key != NULL ? key : generated_key (names, texts);
}

static void
copy_members (JsonObject *to,
              JsonObject *from)
{
  g_autoptr(GList) members = NULL;

  if (from == NULL)
    return;
  members = json_object_get_members (from);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *text = cell_text (json_object_get_member (from, l->data));

      json_object_set_string_member (to, l->data, text);
    }
}

JsonObject *
bs_alert_full_labels (const BsAlertRule *rule,
                      JsonObject        *series_labels)
{
  JsonObject *labels;
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  labels = json_object_new ();
  json_object_set_string_member (labels, "alertname", rule->title != NULL ? rule->title : "");
  if (rule->uid != NULL)
    json_object_set_string_member (labels, "rule_uid", rule->uid);
  if (rule->labels != NULL)
    {
      names = g_list_sort (g_hash_table_get_keys (rule->labels), (GCompareFunc) strcmp);
      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_string_member (labels, l->data,
                                       g_hash_table_lookup (rule->labels, l->data));
    }
  copy_members (labels, series_labels);
  return labels;
}

char *
bs_alert_format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Reading frames */

void
bs_alert_series_value_free (BsAlertSeriesValue *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_clear_pointer (&self->labels, json_object_unref);
  g_free (self);
}

double
bs_alert_frame_cell_number (JsonNode *cell,
                            gboolean *out_ok)
{
  const char *text;
  char *end = NULL;
  double value;

  *out_ok = FALSE;
  if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell))
    return NAN;
  *out_ok = TRUE;
  switch (json_node_get_value_type (cell))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (cell);
    case G_TYPE_DOUBLE:
      return json_node_get_double (cell);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (cell) ? 1.0 : 0.0;
    case G_TYPE_STRING:
      text = json_node_get_string (cell);
      if (g_strcmp0 (text, "+Inf") == 0)
        return INFINITY;
      if (g_strcmp0 (text, "-Inf") == 0)
        return -INFINITY;
      value = g_ascii_strtod (text, &end);
      return end != text && *end == '\0' ? value : NAN;
    default:
      return NAN;
    }
}

gboolean
bs_alert_frame_cell_time (JsonNode *cell,
                          gint64   *out_usec)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  gboolean ok;
  double number;

  if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell))
    return FALSE;
  if (json_node_get_value_type (cell) == G_TYPE_STRING)
    {
      utc = g_time_zone_new_utc ();
      time = g_date_time_new_from_iso8601 (json_node_get_string (cell), utc);
      if (time == NULL)
        return FALSE;
      *out_usec = g_date_time_to_unix (time) * G_USEC_PER_SEC
                  + g_date_time_get_microsecond (time);
      return TRUE;
    }
  number = bs_alert_frame_cell_number (cell, &ok);
  if (!ok || !isfinite (number))
    return FALSE;
  /* The same cut as the SQL renderer's: above 10^11 a unix time is in milliseconds. */
  *out_usec = (gint64) (fabs (number) > 1e11 ? number * 1000 : number * G_USEC_PER_SEC);
  return TRUE;
}

typedef struct
{
  int    time_column;
  int    value_column;
  GStrv  label_columns;
  int   *label_indexes;
  guint  n_labels;
} FrameShape;

static void
frame_shape_clear (FrameShape *shape)
{
  g_strfreev (shape->label_columns);
  g_free (shape->label_indexes);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FrameShape, frame_shape_clear)

static void
read_shape (JsonArray  *columns,
            FrameShape *shape)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  guint n = columns != NULL ? json_array_get_length (columns) : 0;

  shape->time_column = -1;
  shape->value_column = -1;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *name = json_object_get_string_member_with_default (column, "name", "");
      const char *type = json_object_get_string_member_with_default (column, "type", "");

      if (strcmp (name, "value") == 0)
        shape->value_column = (int) i;
      else if (shape->time_column < 0 && strcmp (type, "time") == 0)
        shape->time_column = (int) i;
    }
  /* A frame without a "value" column measures with its last one. */
  if (shape->value_column < 0 && n > 0 && shape->time_column != (int) n - 1)
    shape->value_column = (int) n - 1;

  shape->label_indexes = g_new0 (int, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      if ((int) i == shape->time_column || (int) i == shape->value_column)
        continue;
      shape->label_indexes[shape->n_labels++] = (int) i;
      g_strv_builder_add (names, json_object_get_string_member_with_default (column, "name",
                                                                             ""));
    }
  shape->label_columns = g_strv_builder_end (names);
}

static JsonNode *
row_cell (JsonArray *row,
          int        index)
{
  if (index < 0 || (guint) index >= json_array_get_length (row))
    return NULL;
  return json_array_get_element (row, (guint) index);
}

static BsAlertSeriesValue *
read_row (JsonArray        *row,
          const FrameShape *shape)
{
  BsAlertSeriesValue *series = g_new0 (BsAlertSeriesValue, 1);
  JsonNode *value = row_cell (row, shape->value_column);

  series->labels = json_object_new ();
  for (guint i = 0; i < shape->n_labels; i++)
    {
      g_autofree char *text = cell_text (row_cell (row, shape->label_indexes[i]));

      json_object_set_string_member (series->labels, shape->label_columns[i], text);
    }
  series->key = bs_alert_series_key (series->labels);
  series->value = bs_alert_frame_cell_number (value, &series->has_value);
  series->time = G_MININT64;
  if (shape->time_column >= 0
      && !bs_alert_frame_cell_time (row_cell (row, shape->time_column), &series->time))
    series->time = G_MININT64;
  return series;
}

static int
compare_series_values (gconstpointer a,
                       gconstpointer b)
{
  const BsAlertSeriesValue *x = *(BsAlertSeriesValue * const *) a;
  const BsAlertSeriesValue *y = *(BsAlertSeriesValue * const *) b;

  return strcmp (x->key, y->key);
}

void
bs_alert_frame_foreach_row (JsonNode           *frame,
                            BsAlertFrameRowFunc func,
                            gpointer            user_data,
                            GStrv              *out_label_columns)
{
  g_auto(FrameShape) shape = { 0 };
  JsonObject *object = frame != NULL && JSON_NODE_HOLDS_OBJECT (frame)
                       ? json_node_get_object (frame) : NULL;
  JsonArray *columns = NULL;
  JsonArray *rows = NULL;

  if (object != NULL && json_object_has_member (object, "columns"))
    columns = json_object_get_array_member (object, "columns");
  if (object != NULL && json_object_has_member (object, "rows"))
    rows = json_object_get_array_member (object, "rows");
  read_shape (columns, &shape);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonNode *row_node = json_array_get_element (rows, i);

      if (JSON_NODE_HOLDS_ARRAY (row_node))
        func (read_row (json_node_get_array (row_node), &shape), user_data);
    }
  if (out_label_columns != NULL)
    *out_label_columns = g_steal_pointer (&shape.label_columns);
}

static void
keep_newest (BsAlertSeriesValue *series,
             gpointer            user_data)
{
  GHashTable *by_key = user_data;
  BsAlertSeriesValue *known = g_hash_table_lookup (by_key, series->key);

  /* The newest row counts; later rows win ties, as in a frame without a time column. */
  if (known != NULL && known->time > series->time)
    bs_alert_series_value_free (series);
  else
    g_hash_table_replace (by_key, series->key, series);
}

GPtrArray *
bs_alert_frame_read_series (JsonNode *frame,
                            GStrv    *out_label_columns)
{
  GDestroyNotify free_value = (GDestroyNotify) bs_alert_series_value_free;
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        free_value);
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_series_value_free);
  GHashTableIter iter;
  gpointer value;

  bs_alert_frame_foreach_row (frame, keep_newest, by_key, out_label_columns);
  g_hash_table_iter_init (&iter, by_key);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (result, value);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (result, compare_series_values);
  return result;
}

/* Evaluation */

/* What one evaluation did to one series, for the notifications. */
typedef struct
{
  BsAlertInstance *instance;   /* kept in the evaluation, or owned here when evicted */
  gboolean         evicted;
  BsAlertChange    change;
  gint64           starts_at;  /* when it started firing, for the payload */
} Outcome;

static void
outcome_free (Outcome *self)
{
  if (self->evicted)
    bs_alert_instance_free (self->instance);
  g_free (self);
}

static int
compare_outcomes (gconstpointer a,
                  gconstpointer b)
{
  const Outcome *x = *(Outcome * const *) a;
  const Outcome *y = *(Outcome * const *) b;

  return strcmp (x->instance->series_key, y->instance->series_key);
}

static int
compare_instances (gconstpointer a,
                   gconstpointer b)
{
  const BsAlertInstance *x = *(BsAlertInstance * const *) a;
  const BsAlertInstance *y = *(BsAlertInstance * const *) b;

  return strcmp (x->series_key, y->series_key);
}

static void
add_transition (BsAlertEvaluation     *evaluation,
                const BsAlertInstance *instance,
                BsAlertState           from)
{
  BsAlertTransition *transition;

  if (instance->info.state == from)
    return;
  transition = g_new0 (BsAlertTransition, 1);
  transition->series_key = g_strdup (instance->series_key);
  transition->labels = json_object_ref (instance->labels);
  transition->from = from;
  transition->to = instance->info.state;
  transition->reason = instance->info.reason;
  transition->value = instance->value;
  transition->error = g_strdup (instance->error);
  transition->at = evaluation->evaluated_at;
  g_ptr_array_add (evaluation->transitions, transition);
}

/* @series_key: the key of @labels, known to the caller. */
static void
apply_result (BsAlertEvaluation     *evaluation,
              const BsAlertRule     *rule,
              const BsAlertInstance *previous,
              JsonObject            *labels,
              const char            *series_key,
              BsAlertResult          result,
              double                 value,
              const char            *error,
              GPtrArray             *outcomes)
{
  gint64 now = evaluation->evaluated_at;
  Outcome *outcome = g_new0 (Outcome, 1);
  BsAlertStateInfo info;
  BsAlertInstance *instance;

  info = bs_alert_state_next (previous != NULL ? &previous->info : NULL, result, rule, now,
                              &outcome->change);
  instance = bs_alert_instance_new_keyed (labels, series_key, &info);
  instance->value = value;
  instance->error = result == BS_ALERT_RESULT_ERROR ? g_strdup (error) : NULL;
  instance->last_sent_at = previous != NULL ? previous->last_sent_at : 0;
  g_ptr_array_add (evaluation->instances, instance);
  add_transition (evaluation, instance,
                  previous != NULL ? previous->info.state : BS_ALERT_STATE_NORMAL);

  outcome->instance = instance;
  outcome->starts_at = outcome->change == BS_ALERT_CHANGE_RESOLVED && previous != NULL
                       ? previous->info.started_at : info.started_at;
  g_ptr_array_add (outcomes, outcome);
}

static void
apply_missing (BsAlertEvaluation     *evaluation,
               const BsAlertRule     *rule,
               const BsAlertInstance *previous,
               GPtrArray             *outcomes)
{
  Outcome *outcome = g_new0 (Outcome, 1);
  BsAlertInstance *instance = bs_alert_instance_copy (previous);

  instance->info = bs_alert_state_missing (&previous->info, rule, evaluation->evaluated_at,
                                           &outcome->change, &outcome->evicted);
  add_transition (evaluation, instance, previous->info.state);
  outcome->instance = instance;
  outcome->starts_at = previous->info.started_at;
  if (!outcome->evicted)
    g_ptr_array_add (evaluation->instances, instance);
  g_ptr_array_add (outcomes, outcome);
}

static void
apply_frame (BsAlertEvaluation *evaluation,
             const BsAlertRule *rule,
             JsonNode          *frame,
             GHashTable        *known,
             GHashTable        *seen,
             GPtrArray         *outcomes)
{
  g_autoptr(GPtrArray) series = bs_alert_frame_read_series (frame, NULL);

  if (series->len == 0)
    {
      g_autoptr(JsonObject) none = json_object_new ();

      g_hash_table_add (seen, (gpointer) "{}");
      apply_result (evaluation, rule, g_hash_table_lookup (known, "{}"), none, "{}",
                    BS_ALERT_RESULT_NO_DATA, NAN, NULL, outcomes);
      return;
    }
  for (guint i = 0; i < series->len; i++)
    {
      BsAlertSeriesValue *s = g_ptr_array_index (series, i);
      BsAlertResult result = BS_ALERT_RESULT_NO_DATA;
      BsAlertInstance *previous = g_hash_table_lookup (known, s->key);

      if (s->has_value)
        result = bs_alert_rule_matches (rule, s->value) ? BS_ALERT_RESULT_ALERTING
                                                        : BS_ALERT_RESULT_NORMAL;
      if (previous != NULL)
        g_hash_table_add (seen, previous->series_key);
      apply_result (evaluation, rule, previous, s->labels, s->key, result, s->value, NULL,
                    outcomes);
    }
}

static void
apply_error (BsAlertEvaluation *evaluation,
             const BsAlertRule *rule,
             GPtrArray         *previous,
             GHashTable        *seen,
             GPtrArray         *outcomes)
{
  g_autoptr(JsonObject) none = NULL;

  for (guint i = 0; i < previous->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (previous, i);
      g_autoptr(JsonObject) labels = bs_alert_instance_dup_labels (instance);

      g_hash_table_add (seen, instance->series_key);
      apply_result (evaluation, rule, instance, labels, instance->series_key,
                    BS_ALERT_RESULT_ERROR, NAN, evaluation->error, outcomes);
    }
  if (previous->len > 0)
    return;
  none = json_object_new ();
  apply_result (evaluation, rule, NULL, none, "{}", BS_ALERT_RESULT_ERROR, NAN,
                evaluation->error, outcomes);
}

/* Notifications */

static void
add_time_or_null (JsonBuilder *builder,
                  const char  *name,
                  gint64       usec,
                  gboolean     is_set)
{
  g_autofree char *text = is_set ? bs_alert_format_time (usec) : NULL;

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_alert (JsonBuilder       *builder,
           const BsAlertRule *rule,
           const Outcome     *outcome,
           JsonObject        *labels,
           gint64             now)
{
  const BsAlertInstance *instance = outcome->instance;
  gboolean resolved = outcome->change == BS_ALERT_CHANGE_RESOLVED;
  g_autofree char *summary = bs_alert_template_render (rule->summary, labels, instance->value);
  g_autofree char *description = bs_alert_template_render (rule->description, labels,
                                                           instance->value);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, resolved ? "resolved" : "firing");
  json_builder_set_member_name (builder, "labels");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), labels));
  json_builder_set_member_name (builder, "annotations");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  add_number_or_null (builder, "value", instance->value);
  add_time_or_null (builder, "starts_at", outcome->starts_at, TRUE);
  add_time_or_null (builder, "ends_at", now, resolved);
  json_builder_end_object (builder);
}

static void
begin_payload (JsonBuilder        *builder,
               const BsAlertRule  *rule,
               BsNotificationKind  kind,
               gint64              now)
{
  g_autofree char *describe = bs_alert_rule_describe (rule);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[kind]);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, kind == BS_NOTIFICATION_RESOLVED ? "resolved"
                                                                           : "firing");
  json_builder_set_member_name (builder, "rule");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, rule->id);
  add_string_or_null (builder, "uid", rule->uid);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, rule->title);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, describe);
  json_builder_end_object (builder);
  add_time_or_null (builder, "evaluated_at", now, TRUE);
}

static void
end_payload (JsonBuilder       *builder,
             const BsAlertRule *rule)
{
  add_string_or_null (builder, "dashboard_uid", rule->dashboard_uid);
  json_builder_set_member_name (builder, "panel_id");
  if (rule->dashboard_uid != NULL)
    json_builder_add_int_value (builder, rule->panel_id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static gboolean
is_silenced (JsonObject *labels,
             GPtrArray  *silences,
             gint64      now)
{
  for (guint i = 0; silences != NULL && i < silences->len; i++)
    if (bs_alert_silence_matches (g_ptr_array_index (silences, i), labels, now))
      return TRUE;
  return FALSE;
}

static void
add_notification (BsAlertEvaluation  *evaluation,
                  const BsAlertRule  *rule,
                  BsNotificationKind  kind,
                  GPtrArray          *group,
                  GPtrArray          *silences)
{
  gint64 now = evaluation->evaluated_at;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree gboolean *silenced = g_new0 (gboolean, group->len + 1);
  BsAlertNotification *notification;
  guint n_silenced = 0;

  if (group->len == 0)
    return;
  for (guint i = 0; i < group->len; i++)
    {
      Outcome *outcome = g_ptr_array_index (group, i);
      JsonObject *full = bs_alert_full_labels (rule, outcome->instance->labels);

      g_ptr_array_add (labels, full);
      silenced[i] = is_silenced (full, silences, now);
      n_silenced += silenced[i] ? 1 : 0;
      /* Counted as told even when silenced, so a silence is not followed by a repeat at
       * every evaluation. */
      outcome->instance->last_sent_at = now;
    }

  begin_payload (builder, rule, kind, now);
  json_builder_set_member_name (builder, "alerts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < group->len; i++)
    if (!silenced[i] || n_silenced == group->len)
      add_alert (builder, rule, g_ptr_array_index (group, i), g_ptr_array_index (labels, i),
                 now);
  json_builder_end_array (builder);
  end_payload (builder, rule);

  notification = g_new0 (BsAlertNotification, 1);
  notification->idempotency_key = g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT,
                                                   rule->uid != NULL ? rule->uid : "",
                                                   kind_names[kind], now);
  notification->rule_id = rule->id;
  notification->contact_point_id = rule->contact_point_id;
  notification->kind = kind;
  notification->payload = json_builder_get_root (builder);
  notification->silenced = n_silenced == group->len;
  g_ptr_array_add (evaluation->notifications, notification);
}

static gboolean
repeat_is_due (const BsAlertRule     *rule,
               const BsAlertInstance *instance,
               gint64                 now)
{
  return bs_alert_state_is_firing (instance->info.state)
         && now - instance->last_sent_at
            >= (gint64) rule->repeat_interval_seconds * G_USEC_PER_SEC;
}

static void
add_notifications (BsAlertEvaluation *evaluation,
                   const BsAlertRule *rule,
                   GPtrArray         *outcomes,
                   GPtrArray         *silences)
{
  g_autoptr(GPtrArray) firing = g_ptr_array_new ();
  g_autoptr(GPtrArray) resolved = g_ptr_array_new ();
  g_autoptr(GPtrArray) repeat = g_ptr_array_new ();

  if (rule->contact_point_id == 0)
    return;
  for (guint i = 0; i < outcomes->len; i++)
    {
      Outcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->change == BS_ALERT_CHANGE_FIRING)
        g_ptr_array_add (firing, outcome);
      else if (outcome->change == BS_ALERT_CHANGE_RESOLVED)
        g_ptr_array_add (resolved, outcome);
      else if (repeat_is_due (rule, outcome->instance, evaluation->evaluated_at))
        g_ptr_array_add (repeat, outcome);
    }
  add_notification (evaluation, rule, BS_NOTIFICATION_FIRING, firing, silences);
  add_notification (evaluation, rule, BS_NOTIFICATION_RESOLVED, resolved, silences);
  add_notification (evaluation, rule, BS_NOTIFICATION_REPEAT, repeat, silences);
}

static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
same_as_stored (const BsAlertInstance *instance,
                const BsAlertInstance *stored)
{
  return instance->info.state == stored->info.state
         && instance->info.reason == stored->info.reason
         && instance->info.started_at == stored->info.started_at
         && instance->info.missing_evals == stored->info.missing_evals
         && same_value (instance->value, stored->value)
         && g_strcmp0 (instance->error, stored->error) == 0
         && instance->last_sent_at == stored->last_sent_at;
}

/* Which series the store holds as they are now, and which it no longer needs: most series
 * of a cycle are unchanged, and writing only the others takes most of the saving's cost
 * away. @known: the series as stored, by key. */
static void
compare_with_stored (BsAlertEvaluation *evaluation,
                     GHashTable        *known)
{
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < evaluation->instances->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (evaluation->instances, i);
      const BsAlertInstance *stored = g_hash_table_lookup (known, instance->series_key);

      instance->stored = stored != NULL && same_as_stored (instance, stored);
      g_hash_table_add (kept, instance->series_key);
    }
  evaluation->gone_keys = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (kept, key))
      g_ptr_array_add (evaluation->gone_keys, g_strdup (key));
}

BsAlertEvaluation *
bs_alert_evaluate (const BsAlertRule *rule,
                   GPtrArray         *previous,
                   JsonNode          *frame,
                   const GError      *query_error,
                   GPtrArray         *silences,
                   gint64             now)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) outcome_free);
  BsAlertEvaluation *evaluation;

  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (previous != NULL, NULL);
  g_return_val_if_fail (frame != NULL || query_error != NULL, NULL);

  evaluation = g_new0 (BsAlertEvaluation, 1);
  evaluation->rule_id = rule->id;
  evaluation->evaluated_at = now;
  evaluation->error = query_error != NULL ? g_strdup (query_error->message) : NULL;
  evaluation->instances =
    g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_instance_free);
  evaluation->transitions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_transition_free);
  evaluation->notifications =
    g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_notification_free);

  for (guint i = 0; i < previous->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (previous, i);

      g_hash_table_insert (known, instance->series_key, instance);
    }
  if (rule->paused)
    {
      for (guint i = 0; i < previous->len; i++)
        g_ptr_array_add (evaluation->instances,
                         bs_alert_instance_copy (g_ptr_array_index (previous, i)));
      compare_with_stored (evaluation, known);
      return evaluation;
    }

  if (query_error != NULL)
    apply_error (evaluation, rule, previous, seen, outcomes);
  else
    apply_frame (evaluation, rule, frame, known, seen, outcomes);
  for (guint i = 0; i < previous->len; i++)
    {
      BsAlertInstance *instance = g_ptr_array_index (previous, i);

      if (!g_hash_table_contains (seen, instance->series_key))
        apply_missing (evaluation, rule, instance, outcomes);
    }

  g_ptr_array_sort (outcomes, compare_outcomes);
  g_ptr_array_sort (evaluation->instances, compare_instances);
  add_notifications (evaluation, rule, outcomes, silences);
  compare_with_stored (evaluation, known);
  return evaluation;
}
