#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-alert-silence.h"
#include "bs-json-fields.h"
#include "bs-query-promql.h"
#include "bs-store.h"

G_DEFINE_QUARK (bs-alert-silence-error-quark, bs_alert_silence_error)

/* 366 days, so that "one year from now" fits in a leap year too. */
#define LONGEST_SILENCE   (366 * G_TIME_SPAN_DAY)
#define MATCHERS_MAX      32
#define VALUE_MAX         1024
#define COMMENT_MAX       4096

static void
matcher_free (gpointer data)
{
  BsAlertMatcher *matcher = data;

  g_free (matcher->label);
  g_free (matcher->value);
  g_free (matcher);
}

BsAlertSilence *
bs_alert_silence_new (gint64 starts_at,
                      gint64 ends_at)
{
  BsAlertSilence *self = g_new0 (BsAlertSilence, 1);

  self->matchers = g_ptr_array_new_with_free_func (matcher_free);
  self->starts_at = starts_at;
  self->ends_at = ends_at;
  self->comment = g_strdup ("");
  return self;
}

void
bs_alert_silence_add_matcher (BsAlertSilence *self,
                              const char     *label,
                              gboolean        negative,
                              const char     *value)
{
  BsAlertMatcher *matcher;

  g_return_if_fail (self != NULL);
  g_return_if_fail (label != NULL);

  matcher = g_new0 (BsAlertMatcher, 1);
  matcher->label = g_strdup (label);
  matcher->negative = negative;
  matcher->value = g_strdup (value != NULL ? value : "");
  g_ptr_array_add (self->matchers, matcher);
}

BsAlertSilence *
bs_alert_silence_copy (const BsAlertSilence *self)
{
  BsAlertSilence *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_alert_silence_new (self->starts_at, self->ends_at);
  copy->id = self->id;
  for (guint i = 0; i < self->matchers->len; i++)
    {
      const BsAlertMatcher *matcher = g_ptr_array_index (self->matchers, i);

      bs_alert_silence_add_matcher (copy, matcher->label, matcher->negative, matcher->value);
    }
  g_free (copy->comment);
  copy->comment = g_strdup (self->comment);
  copy->created_by = g_strdup (self->created_by);
  copy->created_at = self->created_at;
  return copy;
}

void
bs_alert_silence_free (BsAlertSilence *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->matchers);
  g_free (self->comment);
  g_free (self->created_by);
  g_free (self);
}

/* Validation */

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  return bs_json_field_invalid (error, BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID,
                                field, what);
}

/* The rule label names (bs-alert-rule.h); "alertname" and "rule_uid" already fit them. */
static gboolean
label_name_is_valid (const char *name)
{
  return bs_query_promql_is_label_name (name) && !g_str_has_prefix (name, "__");
}

static gboolean
check_matcher (const BsAlertMatcher  *matcher,
               guint                  i,
               GError               **error)
{
  g_autofree char *label = g_strdup_printf ("matchers[%u].label", i);
  g_autofree char *value = g_strdup_printf ("matchers[%u].value", i);

  if (matcher->label == NULL || !label_name_is_valid (matcher->label))
    return invalid (error, label,
                    _("must be a label name: letters, digits and “_”, starting with a "
                      "letter or “_” (and not with “__”)"));
  return bs_json_field_check_text (matcher->value, value, VALUE_MAX, BS_ALERT_SILENCE_ERROR,
                                   BS_ALERT_SILENCE_ERROR_INVALID, error);
}

gboolean
bs_alert_silence_validate (const BsAlertSilence  *self,
                           GError               **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->matchers->len == 0)
    return invalid (error, "matchers", _("must hold at least one matcher"));
  if (self->matchers->len > MATCHERS_MAX)
    return invalid (error, "matchers", _("may hold at most 32 matchers"));
  for (guint i = 0; i < self->matchers->len; i++)
    if (!check_matcher (g_ptr_array_index (self->matchers, i), i, error))
      return FALSE;
  if (self->starts_at < 0)
    return invalid (error, "starts_at", _("must not be before 1970"));
  if (self->ends_at <= self->starts_at)
    return invalid (error, "ends_at", _("must be after the field “starts_at”"));
  if (self->ends_at - self->starts_at > LONGEST_SILENCE)
    return invalid (error, "ends_at", _("must be at most one year after the field “starts_at”"));
  if (!bs_json_field_check_text (self->comment, "comment", COMMENT_MAX, BS_ALERT_SILENCE_ERROR,
                                 BS_ALERT_SILENCE_ERROR_INVALID, error))
    return FALSE;
  if (self->created_by != NULL && !g_utf8_validate (self->created_by, -1, NULL))
    return invalid (error, "created_by", _("is not valid UTF-8 text"));
  return TRUE;
}

/* JSON out */

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *text = time != NULL ? bs_store_format_iso8601 (time) : NULL;

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_matchers (JsonBuilder    *builder,
              GPtrArray      *matchers)
{
  json_builder_set_member_name (builder, "matchers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < matchers->len; i++)
    {
      const BsAlertMatcher *matcher = g_ptr_array_index (matchers, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, matcher->label);
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, matcher->negative ? "!=" : "=");
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, matcher->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
bs_alert_silence_to_json (const BsAlertSilence *self,
                          gint64                now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  add_matchers (builder, self->matchers);
  add_time (builder, "starts_at", self->starts_at);
  add_time (builder, "ends_at", self->ends_at);
  json_builder_set_member_name (builder, "comment");
  json_builder_add_string_value (builder, self->comment);
  json_builder_set_member_name (builder, "created_by");
  if (self->created_by != NULL)
    json_builder_add_string_value (builder, self->created_by);
  else
    json_builder_add_null_value (builder);
  if (self->created_at != 0)
    add_time (builder, "created_at", self->created_at);
  else
    {
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, bs_alert_silence_get_state (self, now));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* JSON in */

/* FALSE (with an error) when the member is there but not a time; *@out untouched when absent. */
static gboolean
get_time (JsonObject  *object,
          const char  *member,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GDateTime) time = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    time = bs_store_parse_iso8601 (json_node_get_string (node));
  if (time == NULL)
    return invalid (error, member,
                    _("must be a time such as 2026-11-24T10:00:00Z (ISO 8601)"));
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static gboolean
read_matcher (BsAlertSilence  *self,
              JsonNode        *node,
              guint            i,
              GError         **error)
{
  g_autofree char *field = g_strdup_printf ("matchers[%u]", i);
  g_autofree char *label_field = g_strdup_printf ("matchers[%u].label", i);
  g_autofree char *op_field = g_strdup_printf ("matchers[%u].op", i);
  g_autofree char *value_field = g_strdup_printf ("matchers[%u].value", i);
  JsonObject *object;
  const char *label, *op, *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, field, _("must be an object"));
  object = json_node_get_object (node);
  if (!bs_json_field_get_string (object, "label", label_field, &label, BS_ALERT_SILENCE_ERROR,
                                 BS_ALERT_SILENCE_ERROR_INVALID, error)
      || !bs_json_field_get_string (object, "op", op_field, &op, BS_ALERT_SILENCE_ERROR,
                                    BS_ALERT_SILENCE_ERROR_INVALID, error)
      || !bs_json_field_get_string (object, "value", value_field, &value,
                                    BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID,
                                    error))
    return FALSE;
  if (label == NULL)
    return invalid (error, label_field, _("is required"));
  if (op == NULL || (!g_str_equal (op, "=") && !g_str_equal (op, "!=")))
    return invalid (error, op_field, _("must be “=” or “!=”"));
  if (value == NULL)
    return invalid (error, value_field, _("is required"));
  bs_alert_silence_add_matcher (self, label, g_str_equal (op, "!="), value);
  return TRUE;
}

static gboolean
read_matchers (BsAlertSilence  *self,
               JsonObject      *object,
               GError         **error)
{
  JsonNode *node = json_object_get_member (object, "matchers");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, "matchers", _("is required"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "matchers", _("must be an array of matchers"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MATCHERS_MAX)
    return invalid (error, "matchers", _("may hold at most 32 matchers"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_matcher (self, json_array_get_element (array, i), i, error))
      return FALSE;
  return TRUE;
}

BsAlertSilence *
bs_alert_silence_from_json (JsonNode  *node,
                            gint64     now,
                            GError   **error)
{
  g_autoptr(BsAlertSilence) self = NULL;
  JsonObject *object;
  const char *comment;
  gint64 ends_at = G_MININT64;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID,
                           _("A silence must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  self = bs_alert_silence_new (now, 0);
  if (!read_matchers (self, object, error)
      || !get_time (object, "starts_at", &self->starts_at, error)
      || !get_time (object, "ends_at", &ends_at, error)
      || !bs_json_field_get_string (object, "comment", "comment", &comment,
                                    BS_ALERT_SILENCE_ERROR, BS_ALERT_SILENCE_ERROR_INVALID,
                                    error))
    return NULL;
  if (ends_at == G_MININT64)
    {
      invalid (error, "ends_at", _("is required"));
      return NULL;
    }
  self->ends_at = ends_at;
  if (comment != NULL)
    {
      g_free (self->comment);
      self->comment = g_strdup (comment);
    }
  if (!bs_alert_silence_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Matching */

static const char *
label_value (JsonObject *labels,
             const char *name)
{
  JsonNode *node = labels != NULL ? json_object_get_member (labels, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

gboolean
bs_alert_silence_matches (const BsAlertSilence *self,
                          JsonObject           *labels,
                          gint64                now)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (now < self->starts_at || now >= self->ends_at || self->matchers->len == 0)
    return FALSE;
  for (guint i = 0; i < self->matchers->len; i++)
    {
      const BsAlertMatcher *matcher = g_ptr_array_index (self->matchers, i);
      gboolean equal = g_strcmp0 (label_value (labels, matcher->label), matcher->value) == 0;

      if (equal == matcher->negative)
        return FALSE;
    }
  return TRUE;
}

const char *
bs_alert_silence_get_state (const BsAlertSilence *self,
                            gint64                now)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (now < self->starts_at)
    return "pending";
  if (now >= self->ends_at)
    return "expired";
  return "active";
}
