#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-alert-rule.h"
#include "bs-json-fields.h"
#include "bs-query-promql.h"
#include "bs-store.h"

G_DEFINE_QUARK (bs-alert-rule-error-quark, bs_alert_rule_error)
G_DEFINE_BOXED_TYPE (BsAlertRule, bs_alert_rule, bs_alert_rule_copy, bs_alert_rule_free)

#define UID_MAX_CHARS      40
#define INTERVAL_MIN       10
#define INTERVAL_MAX       (24 * 3600)
#define PERIOD_MAX         (7 * 24 * 3600)
#define REPEAT_MIN         60
#define LABEL_VALUE_MAX    1024
#define LABELS_MAX         32
#define TEMPLATE_MAX       4096

/* The JSON spellings, indexed by the enums. */
static const char * const condition_names[] = {
  "above", "below", "equal", "not-equal", "within-range", "outside-range", NULL,
};
static const char * const no_data_names[] = { "no-data", "normal", "alerting", "keep-last", NULL };
static const char * const on_error_names[] = { "error", "alerting", "keep-last", NULL };
static const char * const visibility_names[] = { "personal", "shared", NULL };

BsAlertRule *
bs_alert_rule_new (const char       *title,
                   const BsQuery    *query,
                   BsAlertCondition  condition,
                   double            threshold)
{
  BsAlertRule *self;

  g_return_val_if_fail (query != NULL, NULL);

  self = g_new0 (BsAlertRule, 1);
  self->title = g_strdup (title);
  self->query = bs_query_copy (query);
  self->condition = condition;
  self->threshold = threshold;
  self->threshold2 = NAN;
  self->interval_seconds = BS_ALERT_RULE_DEFAULT_INTERVAL;
  self->repeat_interval_seconds = BS_ALERT_RULE_DEFAULT_REPEAT_INTERVAL;
  self->no_data = BS_ALERT_NO_DATA_NO_DATA;
  self->on_error = BS_ALERT_ON_ERROR_ERROR;
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->summary = g_strdup ("");
  self->description = g_strdup ("");
  self->visibility = BS_ALERT_VISIBILITY_PERSONAL;
  return self;
}

BsAlertRule *
bs_alert_rule_copy (const BsAlertRule *self)
{
  BsAlertRule *copy;
  GHashTableIter iter;
  gpointer name, value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_alert_rule_new (self->title, self->query, self->condition, self->threshold);
  copy->id = self->id;
  copy->uid = g_strdup (self->uid);
  copy->threshold2 = self->threshold2;
  copy->interval_seconds = self->interval_seconds;
  copy->for_seconds = self->for_seconds;
  copy->keep_firing_seconds = self->keep_firing_seconds;
  copy->repeat_interval_seconds = self->repeat_interval_seconds;
  copy->no_data = self->no_data;
  copy->on_error = self->on_error;
  g_hash_table_iter_init (&iter, self->labels);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy->labels, g_strdup (name), g_strdup (value));
  g_free (copy->summary);
  copy->summary = g_strdup (self->summary);
  g_free (copy->description);
  copy->description = g_strdup (self->description);
  copy->contact_point_id = self->contact_point_id;
  copy->dashboard_uid = g_strdup (self->dashboard_uid);
  copy->panel_id = self->panel_id;
  copy->owner_token_id = self->owner_token_id;
  copy->owner_name = g_strdup (self->owner_name);
  copy->visibility = self->visibility;
  copy->paused = self->paused;
  copy->created_at = self->created_at != NULL ? g_date_time_ref (self->created_at) : NULL;
  copy->updated_at = self->updated_at != NULL ? g_date_time_ref (self->updated_at) : NULL;
  return copy;
}

void
bs_alert_rule_free (BsAlertRule *self)
{
  if (self == NULL)
    return;
  g_free (self->uid);
  g_free (self->title);
  bs_query_free (self->query);
  g_hash_table_unref (self->labels);
  g_free (self->summary);
  g_free (self->description);
  g_free (self->dashboard_uid);
  g_free (self->owner_name);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self);
}

const char *
bs_alert_condition_to_string (BsAlertCondition condition)
{
  g_return_val_if_fail (condition <= BS_ALERT_CONDITION_OUTSIDE_RANGE, NULL);
  return condition_names[condition];
}

gboolean
bs_alert_condition_from_string (const char       *text,
                                BsAlertCondition *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; condition_names[i] != NULL; i++)
    if (g_str_equal (condition_names[i], text))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
bs_alert_no_data_to_string (BsAlertNoData no_data)
{
  g_return_val_if_fail (no_data <= BS_ALERT_NO_DATA_KEEP_LAST, NULL);
  return no_data_names[no_data];
}

const char *
bs_alert_on_error_to_string (BsAlertOnError on_error)
{
  g_return_val_if_fail (on_error <= BS_ALERT_ON_ERROR_KEEP_LAST, NULL);
  return on_error_names[on_error];
}

const char *
bs_alert_visibility_to_string (BsAlertVisibility visibility)
{
  g_return_val_if_fail (visibility <= BS_ALERT_VISIBILITY_SHARED, NULL);
  return visibility_names[visibility];
}

static gboolean
is_range (BsAlertCondition condition)
{
  return condition == BS_ALERT_CONDITION_WITHIN_RANGE
         || condition == BS_ALERT_CONDITION_OUTSIDE_RANGE;
}

gboolean
bs_alert_rule_matches (const BsAlertRule *self,
                       double             value)
{
  double t, t2;

  g_return_val_if_fail (self != NULL, FALSE);

  t = self->threshold;
  t2 = self->threshold2;
  /* A NaN threshold would make "not-equal" and "outside-range" true for every value. */
  if (isnan (value) || isnan (t) || (is_range (self->condition) && isnan (t2)))
    return FALSE;

  switch (self->condition)
    {
    case BS_ALERT_CONDITION_ABOVE:
      return value > t;
    case BS_ALERT_CONDITION_BELOW:
      return value < t;
    case BS_ALERT_CONDITION_EQUAL:
      return value == t;
    case BS_ALERT_CONDITION_NOT_EQUAL:
      return value != t;
    case BS_ALERT_CONDITION_WITHIN_RANGE:
      return t < value && value < t2;
    case BS_ALERT_CONDITION_OUTSIDE_RANGE:
      return value < t || value > t2;
    default:
      return FALSE;
    }
}

/* Validation */

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  return bs_json_field_invalid (error, BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID, field,
                                what);
}

static gboolean
refuse_range (const char  *field,
              gint64       min,
              gint64       max,
              GError     **error)
{
  g_autofree char *what = g_strdup_printf (_("must be a whole number from %" PRId64
                                             " to %" PRId64), min, max);

  return invalid (error, field, what);
}

static gboolean
check_whole_range (const char  *field,
                   gint64       value,
                   gint64       min,
                   gint64       max,
                   GError     **error)
{
  return (value >= min && value <= max) || refuse_range (field, min, max, error);
}

/* uids and dashboard uids: what Grafana accepts, so a synced rule keeps its uid. */
static gboolean
check_uid (const char  *uid,
           const char  *field,
           GError     **error)
{
  gsize length = strlen (uid);

  if (length == 0 || length > UID_MAX_CHARS)
    return invalid (error, field, _("must be 1 to 40 characters long"));
  for (const char *p = uid; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return invalid (error, field,
                      _("may contain only letters A–Z and a–z, digits, “_” and “-”"));
  return TRUE;
}

/* Rewrites “table” as “query.table” in an error of bs_query_validate() or _from_json().
 * Its messages start as invalid()'s format does up to the field, in whatever language and
 * quotes the translation uses. */
static void
prefix_query_field (GError *error)
{
  const char *format = _("The field “%s” %s");
  const char *field = strstr (format, "%s");
  gsize head = field != NULL ? (gsize) (field - format) : 0;
  char *message;

  if (field != NULL && strncmp (error->message, format, head) == 0)
    message = g_strdup_printf ("%.*squery.%s", (int) head, error->message,
                               error->message + head);
  else
    message = g_strdup_printf ("query: %s", error->message);
  g_free (error->message);
  error->message = message;
}

static gboolean
check_query (const BsQuery  *query,
             GError        **error)
{
  GError *query_error = NULL;

  if (query == NULL)
    return invalid (error, "query", _("is required"));
  if (bs_query_validate (query, &query_error))
    return TRUE;
  prefix_query_field (query_error);
  g_propagate_error (error, query_error);
  return FALSE;
}

static gboolean
check_condition (const BsAlertRule  *self,
                 GError            **error)
{
  if (self->condition > BS_ALERT_CONDITION_OUTSIDE_RANGE)
    return invalid (error, "condition.type", _("is not a known condition"));
  if (!isfinite (self->threshold))
    return invalid (error, "condition.threshold", _("must be a finite number"));
  if (!is_range (self->condition))
    return TRUE;
  if (!isfinite (self->threshold2))
    return invalid (error, "condition.threshold2",
                    _("must be a finite number for a range condition"));
  if (!(self->threshold < self->threshold2))
    return invalid (error, "condition.threshold2",
                    _("must be greater than the field “condition.threshold”"));
  return TRUE;
}

static gboolean
check_periods (const BsAlertRule  *self,
               GError            **error)
{
  return check_whole_range ("interval_seconds", self->interval_seconds,
                            INTERVAL_MIN, INTERVAL_MAX, error)
         && check_whole_range ("for_seconds", self->for_seconds, 0, PERIOD_MAX, error)
         && check_whole_range ("keep_firing_seconds", self->keep_firing_seconds,
                               0, PERIOD_MAX, error)
         && check_whole_range ("repeat_interval_seconds", self->repeat_interval_seconds,
                               REPEAT_MIN, PERIOD_MAX, error);
}

/* Prometheus label names, less the "__" ones Prometheus keeps for itself. */
static gboolean
label_name_is_valid (const char *name)
{
  return bs_query_promql_is_label_name (name) && !g_str_has_prefix (name, "__");
}

/* Quotes the name so that a person finds it, made valid and short for the message. */
static gboolean
refuse_label_name (const char  *name,
                   GError     **error)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  g_autofree char *shown = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), 64));

  g_set_error (error, BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID,
               _("The field “labels” has the name “%s”: a label name is letters, digits "
                 "and “_”, starts with a letter or “_” and not with “__”"), shown);
  return FALSE;
}

static gboolean
check_label (const char  *name,
             const char  *value,
             GError     **error)
{
  g_autofree char *field = NULL;

  if (!label_name_is_valid (name))
    return refuse_label_name (name, error);
  field = g_strdup_printf ("labels.%s", name);
  return bs_json_field_check_text (value, field, LABEL_VALUE_MAX, BS_ALERT_RULE_ERROR,
                                   BS_ALERT_RULE_ERROR_INVALID, error);
}

static gboolean
check_labels (GHashTable  *labels,
              GError     **error)
{
  GHashTableIter iter;
  gpointer name, value;

  if (labels == NULL)
    return invalid (error, "labels", _("is required"));
  if (g_hash_table_size (labels) > LABELS_MAX)
    return invalid (error, "labels", _("may hold at most 32 labels"));
  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (!check_label (name, value, error))
      return FALSE;
  return TRUE;
}

static gboolean
check_links (const BsAlertRule  *self,
             GError            **error)
{
  if (self->contact_point_id < 0)
    return invalid (error, "contact_point_id", _("must be a positive whole number or null"));
  if (self->dashboard_uid == NULL)
    {
      if (self->panel_id != 0)
        return invalid (error, "dashboard_uid", _("is required with a panel"));
      return TRUE;
    }
  if (!check_uid (self->dashboard_uid, "dashboard_uid", error))
    return FALSE;
  if (self->panel_id <= 0)
    return invalid (error, "panel_id", _("must be a positive whole number with a dashboard"));
  return TRUE;
}

static gboolean
check_owner (const BsAlertRule  *self,
             GError            **error)
{
  if (self->owner_token_id < 0)
    return invalid (error, "owner.token_id", _("must be a positive whole number or null"));
  if (self->owner_name != NULL && !g_utf8_validate (self->owner_name, -1, NULL))
    return invalid (error, "owner.name", _("is not valid UTF-8 text"));
  return TRUE;
}

gboolean
bs_alert_rule_validate (const BsAlertRule  *self,
                        GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->uid != NULL && !check_uid (self->uid, "uid", error))
    return FALSE;
  if (!bs_json_field_check_title (self->title, "title", BS_ALERT_RULE_ERROR,
                                  BS_ALERT_RULE_ERROR_INVALID, error)
      || !check_query (self->query, error)
      || !check_condition (self, error)
      || !check_periods (self, error))
    return FALSE;
  if (self->no_data > BS_ALERT_NO_DATA_KEEP_LAST)
    return invalid (error, "no_data", _("is not a known choice"));
  if (self->on_error > BS_ALERT_ON_ERROR_KEEP_LAST)
    return invalid (error, "on_error", _("is not a known choice"));
  if (self->visibility > BS_ALERT_VISIBILITY_SHARED)
    return invalid (error, "visibility", _("is not a known choice"));
  return check_labels (self->labels, error)
         && bs_json_field_check_text (self->summary, "summary", TEMPLATE_MAX,
                                      BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID, error)
         && bs_json_field_check_text (self->description, "description", TEMPLATE_MAX,
                                      BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID, error)
         && check_links (self, error)
         && check_owner (self, error);
}

/* JSON out */

static void
add_optional_int (JsonBuilder *builder,
                  const char  *member,
                  gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (value != 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autofree char *text = time != NULL ? bs_store_format_iso8601 (time) : NULL;

  add_optional_string (builder, member, text);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_labels (JsonBuilder *builder,
            GHashTable  *labels)
{
  g_autofree gpointer *names = NULL;
  guint n;

  /* Sorted, so that the same rule always gives the same text (the store compares them). */
  names = g_hash_table_get_keys_as_array (labels, &n);
  qsort (names, n, sizeof (gpointer), compare_names);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, g_hash_table_lookup (labels, names[i]));
    }
  json_builder_end_object (builder);
}

static void
add_condition (JsonBuilder       *builder,
               const BsAlertRule *self)
{
  json_builder_set_member_name (builder, "condition");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, condition_names[self->condition]);
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_double_value (builder, self->threshold);
  json_builder_set_member_name (builder, "threshold2");
  if (is_range (self->condition) && isfinite (self->threshold2))
    json_builder_add_double_value (builder, self->threshold2);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_uint (JsonBuilder *builder,
          const char  *member,
          guint        value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_owner (JsonBuilder       *builder,
           const BsAlertRule *self)
{
  json_builder_set_member_name (builder, "owner");
  if (self->owner_name == NULL && self->owner_token_id == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_optional_int (builder, "token_id", self->owner_token_id);
  add_optional_string (builder, "name", self->owner_name);
  json_builder_end_object (builder);
}

JsonNode *
bs_alert_rule_to_json (const BsAlertRule *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->query != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  add_optional_string (builder, "uid", self->uid);
  add_optional_string (builder, "title", self->title);
  json_builder_set_member_name (builder, "query");
  json_builder_add_value (builder, bs_query_to_json (self->query));
  add_condition (builder, self);
  add_uint (builder, "interval_seconds", self->interval_seconds);
  add_uint (builder, "for_seconds", self->for_seconds);
  add_uint (builder, "keep_firing_seconds", self->keep_firing_seconds);
  add_uint (builder, "repeat_interval_seconds", self->repeat_interval_seconds);
  add_optional_string (builder, "no_data", bs_alert_no_data_to_string (self->no_data));
  add_optional_string (builder, "on_error", bs_alert_on_error_to_string (self->on_error));
  add_labels (builder, self->labels);
  add_optional_string (builder, "summary", self->summary);
  add_optional_string (builder, "description", self->description);
  add_optional_int (builder, "contact_point_id", self->contact_point_id);
  add_optional_string (builder, "dashboard_uid", self->dashboard_uid);
  add_optional_int (builder, "panel_id", self->panel_id);
  add_optional_string (builder, "visibility", bs_alert_visibility_to_string (self->visibility));
  json_builder_set_member_name (builder, "paused");
  json_builder_add_boolean_value (builder, self->paused);
  add_owner (builder, self);
  add_time (builder, "created_at", self->created_at);
  add_time (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* JSON in */

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
get_enum (JsonObject         *object,
          const char         *member,
          const char         *field,
          const char * const *names,
          guint              *out,
          GError            **error)
{
  const char *text;
  g_autofree char *list = NULL;
  g_autofree char *what = NULL;

  if (!bs_json_field_get_string (object, member, field, &text, BS_ALERT_RULE_ERROR,
                                 BS_ALERT_RULE_ERROR_INVALID, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], text))
      {
        *out = i;
        return TRUE;
      }
  list = g_strjoinv (", ", (char **) names);
  what = g_strdup_printf (_("must be one of %s"), list);
  return invalid (error, field, what);
}

/* An optional whole number; null reads as 0 where @null_is_zero. The range is checked with
 * the same message as bs_alert_rule_validate() gives. */
static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64      min,
         gint64      max,
         gboolean    null_is_zero,
         gint64     *out,
         GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || (null_is_zero && JSON_NODE_HOLDS_NULL (node)))
    {
      if (node != NULL)
        *out = 0;
      return TRUE;
    }
  /* json-glib reads integers past 2^63 as negative numbers: the range check refuses them. */
  if (max == G_MAXINT64
      && (!holds_type (node, G_TYPE_INT64) || json_node_get_int (node) < min))
    return invalid (error, member, _("must be a positive whole number or null"));
  if (!holds_type (node, G_TYPE_INT64))
    return refuse_range (member, min, max, error);
  if (!check_whole_range (member, json_node_get_int (node), min, max, error))
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_period (JsonObject *object,
            const char *member,
            gint64      min,
            gint64      max,
            guint      *out,
            GError    **error)
{
  gint64 value = *out;

  if (!get_int (object, member, min, max, FALSE, &value, error))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *field,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!holds_type (node, G_TYPE_INT64) && !holds_type (node, G_TYPE_DOUBLE))
    return invalid (error, field, _("must be a number"));
  if (!isfinite (json_node_get_double (node)))
    return invalid (error, field, _("must be a finite number"));
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
get_text (JsonObject  *object,
          const char  *member,
          char       **out,
          GError     **error)
{
  const char *text;

  if (!bs_json_field_get_string (object, member, member, &text, BS_ALERT_RULE_ERROR,
                                 BS_ALERT_RULE_ERROR_INVALID, error))
    return FALSE;
  if (text != NULL)
    {
      g_free (*out);
      *out = g_strdup (text);
    }
  return TRUE;
}

static gboolean
read_condition (BsAlertRule  *self,
                JsonObject   *object,
                GError      **error)
{
  JsonNode *node = json_object_get_member (object, "condition");
  JsonObject *condition;
  guint type = G_MAXUINT;
  double threshold = NAN;
  double threshold2 = NAN;

  if (node == NULL)
    return invalid (error, "condition", _("is required"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "condition", _("must be an object"));
  condition = json_node_get_object (node);
  if (!get_enum (condition, "type", "condition.type", condition_names, &type, error)
      || !get_number (condition, "threshold", "condition.threshold", &threshold, error)
      || !get_number (condition, "threshold2", "condition.threshold2", &threshold2, error))
    return FALSE;
  if (type == G_MAXUINT)
    return invalid (error, "condition.type", _("is required"));
  if (isnan (threshold))
    return invalid (error, "condition.threshold", _("is required"));
  self->condition = type;
  self->threshold = threshold;
  /* Only the ranges have a second threshold; anything else sent there means nothing. */
  self->threshold2 = is_range (type) ? threshold2 : NAN;
  if (is_range (type) && isnan (threshold2))
    return invalid (error, "condition.threshold2", _("is required for a range condition"));
  return TRUE;
}

static gboolean
read_query (BsAlertRule  *self,
            JsonObject   *object,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, "query");
  GError *query_error = NULL;
  BsQuery *query;

  if (node == NULL)
    return invalid (error, "query", _("is required"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "query", _("must be an object"));
  query = bs_query_from_json (node, &query_error);
  if (query == NULL)
    {
      prefix_query_field (query_error);
      g_propagate_error (error, query_error);
      return FALSE;
    }
  bs_query_free (self->query);
  self->query = query;
  return TRUE;
}

static gboolean
read_labels (BsAlertRule  *self,
             JsonObject   *object,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, "labels");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "labels", _("must be an object of names and texts"));
  if (json_object_get_size (json_node_get_object (node)) > LABELS_MAX)
    return invalid (error, "labels", _("may hold at most 32 labels"));
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *field = NULL;

      if (!label_name_is_valid (name))
        return refuse_label_name (name, error);
      if (!holds_type (value, G_TYPE_STRING))
        {
          field = g_strdup_printf ("labels.%s", name);
          return invalid (error, field, _("must be a string"));
        }
      g_hash_table_insert (self->labels, g_strdup (name), g_strdup (json_node_get_string (value)));
    }
  return TRUE;
}

static gboolean
read_links (BsAlertRule  *self,
            JsonObject   *object,
            GError      **error)
{
  const char *dashboard_uid;

  if (!get_int (object, "contact_point_id", 1, G_MAXINT64, TRUE, &self->contact_point_id, error)
      || !bs_json_field_get_string (object, "dashboard_uid", "dashboard_uid", &dashboard_uid,
                                    BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID, error)
      || !get_int (object, "panel_id", 1, G_MAXINT64, TRUE, &self->panel_id, error))
    return FALSE;
  self->dashboard_uid = g_strdup (dashboard_uid);
  return TRUE;
}

static gboolean
read_rule (BsAlertRule  *self,
           JsonObject   *object,
           GError      **error)
{
  const char *uid;
  guint no_data = self->no_data;
  guint on_error = self->on_error;
  guint visibility = self->visibility;

  if (!bs_json_field_get_string (object, "uid", "uid", &uid, BS_ALERT_RULE_ERROR,
                                 BS_ALERT_RULE_ERROR_INVALID, error)
      || !read_query (self, object, error)
      || !read_condition (self, object, error)
      || !get_period (object, "interval_seconds", INTERVAL_MIN, INTERVAL_MAX,
                      &self->interval_seconds, error)
      || !get_period (object, "for_seconds", 0, PERIOD_MAX, &self->for_seconds, error)
      || !get_period (object, "keep_firing_seconds", 0, PERIOD_MAX,
                      &self->keep_firing_seconds, error)
      || !get_period (object, "repeat_interval_seconds", REPEAT_MIN, PERIOD_MAX,
                      &self->repeat_interval_seconds, error)
      || !get_enum (object, "no_data", "no_data", no_data_names, &no_data, error)
      || !get_enum (object, "on_error", "on_error", on_error_names, &on_error, error)
      || !read_labels (self, object, error)
      || !get_text (object, "summary", &self->summary, error)
      || !get_text (object, "description", &self->description, error)
      || !read_links (self, object, error)
      || !get_enum (object, "visibility", "visibility", visibility_names, &visibility, error)
      || !bs_json_field_get_boolean (object, "paused", &self->paused, BS_ALERT_RULE_ERROR,
                                     BS_ALERT_RULE_ERROR_INVALID, error))
    return FALSE;
  self->uid = g_strdup (uid);
  self->no_data = no_data;
  self->on_error = on_error;
  self->visibility = visibility;
  return bs_alert_rule_validate (self, error);
}

BsAlertRule *
bs_alert_rule_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(BsQuery) empty = NULL;
  g_autoptr(BsAlertRule) self = NULL;
  JsonObject *object;
  const char *title;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BS_ALERT_RULE_ERROR, BS_ALERT_RULE_ERROR_INVALID,
                           _("An alert rule must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!bs_json_field_get_required_string (object, "title", "title", &title, BS_ALERT_RULE_ERROR,
                                          BS_ALERT_RULE_ERROR_INVALID, error))
    return NULL;
  empty = bs_query_new (0, NULL);
  self = bs_alert_rule_new (title, empty, BS_ALERT_CONDITION_ABOVE, NAN);
  if (!read_rule (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The sentence */

static char *
format_number (double value)
{
  return g_strdup_printf ("%.15g", value);
}

static char *
describe_condition (const BsAlertRule *self)
{
  g_autofree char *t = format_number (self->threshold);
  g_autofree char *t2 = format_number (self->threshold2);

  /* Translators: each %s is a number; these follow “When the sum of units”. */
  switch (self->condition)
    {
    case BS_ALERT_CONDITION_BELOW:
      return g_strdup_printf (_("is below %s"), t);
    case BS_ALERT_CONDITION_EQUAL:
      return g_strdup_printf (_("is equal to %s"), t);
    case BS_ALERT_CONDITION_NOT_EQUAL:
      return g_strdup_printf (_("is not equal to %s"), t);
    case BS_ALERT_CONDITION_WITHIN_RANGE:
      return g_strdup_printf (_("is between %s and %s"), t, t2);
    case BS_ALERT_CONDITION_OUTSIDE_RANGE:
      return g_strdup_printf (_("is below %s or above %s"), t, t2);
    case BS_ALERT_CONDITION_ABOVE:
    default:
      return g_strdup_printf (_("is above %s"), t);
    }
}

/* "10 minutes", "2 hours", "90 seconds": the largest unit that divides the period, so the
 * sentence states it exactly. */
static char *
describe_period (guint seconds)
{
  guint n;

  if (seconds % 86400 == 0)
    {
      n = seconds / 86400;
      return g_strdup_printf (ngettext ("%u day", "%u days", n), n);
    }
  if (seconds % 3600 == 0)
    {
      n = seconds / 3600;
      return g_strdup_printf (ngettext ("%u hour", "%u hours", n), n);
    }
  if (seconds % 60 == 0)
    {
      n = seconds / 60;
      return g_strdup_printf (ngettext ("%u minute", "%u minutes", n), n);
    }
  return g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);
}

/* bs_query_describe() starts a sentence ("Sum of units"); here it follows "When the". */
static char *
describe_query (const BsQuery *query)
{
  g_autofree char *sentence = bs_query_describe (query);
  const char *rest = g_utf8_next_char (sentence);
  g_autofree char *first = NULL;
  /* Translators: translate as “lowercase” only if your language writes the start of
   * “Sum of units…” in lower case inside “When the sum of units… is below 100” (English
   * does; German, where it is a noun, does not: write anything else, e.g. “keep”). */
  gboolean lower = g_str_equal (C_("alert rule sentence", "lowercase"), "lowercase");

  if (*sentence == '\0')
    return g_steal_pointer (&sentence);
  if (lower)
    first = g_utf8_strdown (sentence, rest - sentence);
  else
    first = g_strndup (sentence, rest - sentence);
  /* A query sentence with a clause (", over the last hour") needs the clause closed. */
  return g_strconcat (first, rest, strstr (sentence, ", ") != NULL ? "," : "", NULL);
}

char *
bs_alert_rule_describe (const BsAlertRule *self)
{
  g_autofree char *query = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *period = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->query != NULL, NULL);

  query = describe_query (self->query);
  condition = describe_condition (self);
  if (self->for_seconds == 0)
    /* Translators: the first %s is what is measured, starting in lower case ("sum of
     * units for each product_id"), the second the condition ("is below 100"). */
    return g_strdup_printf (_("When the %s %s"), query, condition);
  period = describe_period (self->for_seconds);
  /* Translators: as “When the %s %s”; the third %s is a period such as “10 minutes”. */
  return g_strdup_printf (_("When the %s %s for at least %s"), query, condition, period);
}
