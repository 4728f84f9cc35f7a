#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bs-json-fields.h"
#include "bs-query.h"

G_DEFINE_QUARK (bs-query-error-quark, bs_query_error)
G_DEFINE_BOXED_TYPE (BsQuery, bs_query, bs_query_copy, bs_query_free)

/* The JSON spellings, indexed by the enums. */
static const char * const measure_names[] = { "value", "count-rows", "distinct-count", NULL };
static const char * const aggregation_names[] = {
  "sum", "average", "minimum", "maximum", "count", "last", "median", NULL,
};
static const char * const operator_names[] = {
  "=", "!=", "<", "<=", ">", ">=", "contains", "starts-with", "is-empty", "is-not-empty", NULL,
};
static const char * const range_names[] = {
  "none", "last-minutes", "last-hours", "last-days", "today", "this-week", NULL,
};
static const char * const bucket_names[] = { "none", "minute", "hour", "day", "week", NULL };

static void
filter_free (gpointer data)
{
  BsQueryFilter *filter = data;

  g_free (filter->column);
  g_free (filter->text);
  g_free (filter);
}

BsQuery *
bs_query_new (gint64      source_id,
              const char *table)
{
  BsQuery *self = g_new0 (BsQuery, 1);

  self->source_id = source_id;
  self->table = g_strdup (table);
  self->measure = BS_QUERY_MEASURE_COUNT_ROWS;
  self->aggregation = BS_QUERY_AGGREGATION_SUM;
  self->filters = g_ptr_array_new_with_free_func (filter_free);
  return self;
}

BsQuery *
bs_query_copy (const BsQuery *self)
{
  BsQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bs_query_new (self->source_id, self->table);
  bs_query_set_measure (copy, self->measure, self->measure_column);
  copy->aggregation = self->aggregation;
  for (guint i = 0; self->splits[i] != NULL; i++)
    copy->splits[i] = g_strdup (self->splits[i]);
  for (guint i = 0; i < self->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (self->filters, i);
      BsQueryFilter *dup = g_memdup2 (filter, sizeof *filter);

      dup->column = g_strdup (filter->column);
      dup->text = g_strdup (filter->text);
      g_ptr_array_add (copy->filters, dup);
    }
  bs_query_set_time (copy, self->time_column, self->range, self->range_count);
  copy->bucket = self->bucket;
  return copy;
}

void
bs_query_free (BsQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->table);
  g_free (self->measure_column);
  for (guint i = 0; self->splits[i] != NULL; i++)
    g_free (self->splits[i]);
  g_ptr_array_unref (self->filters);
  g_free (self->time_column);
  g_free (self);
}

void
bs_query_set_measure (BsQuery        *self,
                      BsQueryMeasure  measure,
                      const char     *column)
{
  g_return_if_fail (self != NULL);

  self->measure = measure;
  g_free (self->measure_column);
  self->measure_column = g_strdup (column);
}

guint
bs_query_get_n_splits (const BsQuery *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  while (n < BS_QUERY_MAX_SPLITS && self->splits[n] != NULL)
    n++;
  return n;
}

gboolean
bs_query_add_split (BsQuery    *self,
                    const char *column)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  n = bs_query_get_n_splits (self);
  if (n == BS_QUERY_MAX_SPLITS)
    return FALSE;
  self->splits[n] = g_strdup (column);
  return TRUE;
}

static BsQueryFilter *
add_filter (BsQuery         *self,
            const char      *column,
            BsQueryOperator  op)
{
  BsQueryFilter *filter = g_new0 (BsQueryFilter, 1);

  filter->column = g_strdup (column);
  filter->op = op;
  g_ptr_array_add (self->filters, filter);
  return filter;
}

void
bs_query_add_filter_text (BsQuery         *self,
                          const char      *column,
                          BsQueryOperator  op,
                          const char      *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  add_filter (self, column, op)->text = g_strdup (value);
}

void
bs_query_add_filter_number (BsQuery         *self,
                            const char      *column,
                            BsQueryOperator  op,
                            double           value)
{
  BsQueryFilter *filter;

  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  filter = add_filter (self, column, op);
  filter->is_number = TRUE;
  filter->number = value;
}

void
bs_query_set_time (BsQuery      *self,
                   const char   *column,
                   BsQueryRange  range,
                   guint         count)
{
  g_return_if_fail (self != NULL);

  g_free (self->time_column);
  self->time_column = g_strdup (column);
  self->range = range;
  self->range_count = count;
}

const char *
bs_query_aggregation_to_string (BsQueryAggregation aggregation)
{
  g_return_val_if_fail (aggregation <= BS_QUERY_AGGREGATION_MEDIAN, NULL);
  return aggregation_names[aggregation];
}

const char *
bs_query_operator_to_string (BsQueryOperator op)
{
  g_return_val_if_fail (op <= BS_QUERY_OPERATOR_IS_NOT_EMPTY, NULL);
  return operator_names[op];
}

static gboolean
operator_takes_value (BsQueryOperator op)
{
  return op != BS_QUERY_OPERATOR_IS_EMPTY && op != BS_QUERY_OPERATOR_IS_NOT_EMPTY;
}

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  return bs_json_field_invalid (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID, field, what);
}

static gboolean
check_name (const char  *name,
            const char  *field,
            GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                   _("The field “%s” must not be empty"), field);
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                   _("The field “%s” is not valid UTF-8 text"), field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_filters (const BsQuery  *self,
                  GError        **error)
{
  for (guint i = 0; i < self->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (self->filters, i);
      g_autofree char *column = g_strdup_printf ("filters[%u].column", i);
      g_autofree char *value = g_strdup_printf ("filters[%u].value", i);

      if (!check_name (filter->column, column, error))
        return FALSE;
      if (filter->op > BS_QUERY_OPERATOR_IS_NOT_EMPTY)
        {
          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                       _("The field “filters[%u].operator” is not a known operator"), i);
          return FALSE;
        }
      if (!operator_takes_value (filter->op))
        continue;
      if (filter->is_number ? !isfinite (filter->number) : filter->text == NULL)
        {
          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                       _("The field “%s” must be a string or a finite number"), value);
          return FALSE;
        }
      if (!filter->is_number && !g_utf8_validate (filter->text, -1, NULL))
        {
          g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                       _("The field “%s” is not valid UTF-8 text"), value);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
validate_time (const BsQuery  *self,
               GError        **error)
{
  gboolean counted = self->range >= BS_QUERY_RANGE_LAST_MINUTES
                     && self->range <= BS_QUERY_RANGE_LAST_DAYS;
  gboolean last = self->measure == BS_QUERY_MEASURE_VALUE
                  && self->aggregation == BS_QUERY_AGGREGATION_LAST;

  if (self->range > BS_QUERY_RANGE_THIS_WEEK)
    return invalid (error, "time.range", _("is not a known time range"));
  if (self->bucket > BS_QUERY_BUCKET_WEEK)
    return invalid (error, "bucket", _("is not a known bucket"));
  if (self->time_column == NULL
      && (self->range != BS_QUERY_RANGE_NONE || self->bucket != BS_QUERY_BUCKET_NONE || last))
    return invalid (error, "time.column",
                    _("is needed for a time range, a bucket or the aggregation “last”"));
  if (self->time_column != NULL && !check_name (self->time_column, "time.column", error))
    return FALSE;
  if (counted && (self->range_count == 0 || self->range_count > 100000))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("The field “time.count” must be a whole number from 1 to 100000"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_query_is_additive (const BsQuery *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->measure != BS_QUERY_MEASURE_VALUE)
    return TRUE;
  return self->aggregation == BS_QUERY_AGGREGATION_SUM
         || self->aggregation == BS_QUERY_AGGREGATION_COUNT;
}

gboolean
bs_query_validate (const BsQuery  *self,
                   GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_name (self->table, "table", error))
    return FALSE;
  if (self->measure > BS_QUERY_MEASURE_DISTINCT_COUNT)
    return invalid (error, "measure", _("is not a known measure"));
  if (self->aggregation > BS_QUERY_AGGREGATION_MEDIAN)
    return invalid (error, "aggregation", _("is not a known aggregation"));
  if (self->measure != BS_QUERY_MEASURE_COUNT_ROWS
      && !check_name (self->measure_column, "column", error))
    return FALSE;
  for (guint i = 0; self->splits[i] != NULL; i++)
    {
      g_autofree char *field = g_strdup_printf ("split[%u]", i);

      if (!check_name (self->splits[i], field, error))
        return FALSE;
    }
  return validate_filters (self, error) && validate_time (self, error);
}

/* JSON out */

JsonNode *
bs_query_to_json (const BsQuery *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_int_value (builder, self->source_id);
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, self->table);
  json_builder_set_member_name (builder, "measure");
  json_builder_add_string_value (builder, measure_names[self->measure]);
  if (self->measure_column != NULL)
    {
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, self->measure_column);
    }
  json_builder_set_member_name (builder, "aggregation");
  json_builder_add_string_value (builder, aggregation_names[self->aggregation]);

  json_builder_set_member_name (builder, "split");
  json_builder_begin_array (builder);
  for (guint i = 0; self->splits[i] != NULL; i++)
    json_builder_add_string_value (builder, self->splits[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "filters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->filters->len; i++)
    {
      const BsQueryFilter *filter = g_ptr_array_index (self->filters, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, filter->column);
      json_builder_set_member_name (builder, "operator");
      json_builder_add_string_value (builder, operator_names[filter->op]);
      if (operator_takes_value (filter->op))
        {
          json_builder_set_member_name (builder, "value");
          if (filter->is_number)
            json_builder_add_double_value (builder, filter->number);
          else
            json_builder_add_string_value (builder, filter->text);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (self->time_column != NULL)
    {
      json_builder_set_member_name (builder, "time");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, self->time_column);
      json_builder_set_member_name (builder, "range");
      json_builder_add_string_value (builder, range_names[self->range]);
      if (self->range >= BS_QUERY_RANGE_LAST_MINUTES && self->range <= BS_QUERY_RANGE_LAST_DAYS)
        {
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, self->range_count);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "bucket");
  json_builder_add_string_value (builder, bucket_names[self->bucket]);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* JSON in */

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

  if (!bs_json_field_get_string (object, member, field, &text, BS_QUERY_ERROR,
                                 BS_QUERY_ERROR_INVALID, error))
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
  g_set_error (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
               _("The field “%s” must be one of %s"), field, list);
  return FALSE;
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         const char *field,
         gint64      min,
         gint64      max,
         gint64     *out,
         GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *what = NULL;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
      && json_node_get_int (node) >= min && json_node_get_int (node) <= max)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  what = g_strdup_printf (_("must be a whole number from %" PRId64 " to %"
                            PRId64), min, max);
  return invalid (error, field, what);
}

static gboolean
read_splits (BsQuery     *self,
             JsonObject  *object,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "split");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "split", _("must be an array of column names"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > BS_QUERY_MAX_SPLITS)
    return invalid (error, "split", _("may name at most two columns"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("split[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return invalid (error, field, _("must be a string"));
      bs_query_add_split (self, json_node_get_string (item));
    }
  return TRUE;
}

static gboolean
read_filter (BsQuery     *self,
             JsonNode    *node,
             guint        i,
             GError     **error)
{
  g_autofree char *field = g_strdup_printf ("filters[%u]", i);
  g_autofree char *column_field = g_strdup_printf ("filters[%u].column", i);
  g_autofree char *op_field = g_strdup_printf ("filters[%u].operator", i);
  g_autofree char *value_field = g_strdup_printf ("filters[%u].value", i);
  JsonObject *object;
  JsonNode *value;
  const char *column;
  guint op = G_MAXUINT;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, field, _("must be an object"));
  object = json_node_get_object (node);
  if (!bs_json_field_get_string (object, "column", column_field, &column, BS_QUERY_ERROR,
                                 BS_QUERY_ERROR_INVALID, error)
      || !get_enum (object, "operator", op_field, operator_names, &op, error))
    return FALSE;
  if (column == NULL)
    return invalid (error, column_field, _("is required"));
  if (op == G_MAXUINT)
    return invalid (error, op_field, _("is required"));

  value = json_object_get_member (object, "value");
  if (!operator_takes_value (op))
    bs_query_add_filter_text (self, column, op, NULL);
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
           && json_node_get_value_type (value) == G_TYPE_STRING)
    bs_query_add_filter_text (self, column, op, json_node_get_string (value));
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value)
           && (json_node_get_value_type (value) == G_TYPE_INT64
               || json_node_get_value_type (value) == G_TYPE_DOUBLE))
    bs_query_add_filter_number (self, column, op, json_node_get_double (value));
  else
    return invalid (error, value_field, _("must be a string or a number"));
  return TRUE;
}

static gboolean
read_filters (BsQuery     *self,
              JsonObject  *object,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "filters");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "filters", _("must be an array of filters"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_filter (self, json_array_get_element (array, i), i, error))
      return FALSE;
  return TRUE;
}

static gboolean
read_time (BsQuery     *self,
           JsonObject  *object,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, "time");
  JsonObject *time;
  const char *column;
  guint range = BS_QUERY_RANGE_NONE;
  gint64 count = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "time", _("must be an object"));
  time = json_node_get_object (node);
  if (!bs_json_field_get_string (time, "column", "time.column", &column, BS_QUERY_ERROR,
                                 BS_QUERY_ERROR_INVALID, error)
      || !get_enum (time, "range", "time.range", range_names, &range, error)
      || !get_int (time, "count", "time.count", 1, 100000, &count, error))
    return FALSE;
  if (column == NULL)
    return invalid (error, "time.column", _("is required"));
  if (range >= BS_QUERY_RANGE_LAST_MINUTES && range <= BS_QUERY_RANGE_LAST_DAYS && count == 0)
    return invalid (error, "time.count", _("is required for this range"));
  bs_query_set_time (self, column, range, count);
  return TRUE;
}

static gboolean
read_query (BsQuery     *self,
            JsonObject  *object,
            GError     **error)
{
  const char *column;
  guint measure = self->measure;
  guint aggregation = self->aggregation;
  guint bucket = BS_QUERY_BUCKET_NONE;

  if (!get_int (object, "source", "source", 0, G_MAXINT64, &self->source_id, error)
      || !get_enum (object, "measure", "measure", measure_names, &measure, error)
      || !bs_json_field_get_string (object, "column", "column", &column, BS_QUERY_ERROR,
                                    BS_QUERY_ERROR_INVALID, error)
      || !get_enum (object, "aggregation", "aggregation", aggregation_names, &aggregation, error)
      || !get_enum (object, "bucket", "bucket", bucket_names, &bucket, error)
      || !read_splits (self, object, error)
      || !read_filters (self, object, error)
      || !read_time (self, object, error))
    return FALSE;
  bs_query_set_measure (self, measure, column);
  self->aggregation = aggregation;
  self->bucket = bucket;
  return bs_query_validate (self, error);
}

BsQuery *
bs_query_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(BsQuery) self = NULL;
  JsonObject *object;
  const char *table;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BS_QUERY_ERROR, BS_QUERY_ERROR_INVALID,
                           _("A query must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!bs_json_field_get_required_string (object, "table", "table", &table, BS_QUERY_ERROR,
                                          BS_QUERY_ERROR_INVALID, error))
    return NULL;
  self = bs_query_new (0, table);
  if (!read_query (self, object, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The sentence. Names stay as the schema spells them: they are what the dropdowns show. */

static char *
describe_value (const BsQuery *self)
{
  const char *column = self->measure_column;

  if (self->measure == BS_QUERY_MEASURE_COUNT_ROWS)
    /* Translators: %s is a table name. */
    return g_strdup_printf (_("Number of rows in %s"), self->table);
  if (self->measure == BS_QUERY_MEASURE_DISTINCT_COUNT)
    /* Translators: %s is a column name. */
    return g_strdup_printf (_("Number of distinct values of %s"), column);

  /* Translators: in each of these, %s is the name of the column being measured. */
  switch (self->aggregation)
    {
    case BS_QUERY_AGGREGATION_AVERAGE:
      return g_strdup_printf (_("Average of %s"), column);
    case BS_QUERY_AGGREGATION_MINIMUM:
      return g_strdup_printf (_("Minimum of %s"), column);
    case BS_QUERY_AGGREGATION_MAXIMUM:
      return g_strdup_printf (_("Maximum of %s"), column);
    case BS_QUERY_AGGREGATION_COUNT:
      return g_strdup_printf (_("Number of values of %s"), column);
    case BS_QUERY_AGGREGATION_LAST:
      return g_strdup_printf (_("Latest value of %s"), column);
    case BS_QUERY_AGGREGATION_MEDIAN:
      return g_strdup_printf (_("Median of %s"), column);
    case BS_QUERY_AGGREGATION_SUM:
    default:
      return g_strdup_printf (_("Sum of %s"), column);
    }
}

static void
describe_splits (const BsQuery *self,
                 GString       *out)
{
  if (self->splits[0] == NULL)
    return;
  if (self->splits[1] == NULL)
    /* Translators: follows "Sum of quantity"; %s is a column name. */
    g_string_append_printf (out, _(" for each %s"), self->splits[0]);
  else
    /* Translators: follows "Sum of quantity"; each %s is a column name. */
    g_string_append_printf (out, _(" for each %s and %s"), self->splits[0], self->splits[1]);
}

static void
describe_bucket (const BsQuery *self,
                 GString       *out)
{
  switch (self->bucket)
    {
    case BS_QUERY_BUCKET_MINUTE:
      g_string_append (out, _(", minute by minute"));
      break;
    case BS_QUERY_BUCKET_HOUR:
      g_string_append (out, _(", hour by hour"));
      break;
    case BS_QUERY_BUCKET_DAY:
      g_string_append (out, _(", day by day"));
      break;
    case BS_QUERY_BUCKET_WEEK:
      g_string_append (out, _(", week by week"));
      break;
    case BS_QUERY_BUCKET_NONE:
    default:
      break;
    }
}

static char *
describe_filter (const BsQueryFilter *filter)
{
  const char *column = filter->column;
  g_autofree char *value = NULL;

  if (filter->is_number)
    value = g_strdup_printf ("%g", filter->number);
  else
    value = g_strdup (filter->text != NULL ? filter->text : "");

  /* Translators: in each of these, the first %s is a column name, the second a value. */
  switch (filter->op)
    {
    case BS_QUERY_OPERATOR_NOT_EQUAL:
      return g_strdup_printf (_("%s is not %s"), column, value);
    case BS_QUERY_OPERATOR_LESS:
      return g_strdup_printf (_("%s is less than %s"), column, value);
    case BS_QUERY_OPERATOR_LESS_OR_EQUAL:
      return g_strdup_printf (_("%s is at most %s"), column, value);
    case BS_QUERY_OPERATOR_GREATER:
      return g_strdup_printf (_("%s is greater than %s"), column, value);
    case BS_QUERY_OPERATOR_GREATER_OR_EQUAL:
      return g_strdup_printf (_("%s is at least %s"), column, value);
    case BS_QUERY_OPERATOR_CONTAINS:
      return g_strdup_printf (_("%s contains “%s”"), column, value);
    case BS_QUERY_OPERATOR_STARTS_WITH:
      return g_strdup_printf (_("%s starts with “%s”"), column, value);
    case BS_QUERY_OPERATOR_IS_EMPTY:
      return g_strdup_printf (_("%s is empty"), column);
    case BS_QUERY_OPERATOR_IS_NOT_EMPTY:
      return g_strdup_printf (_("%s is not empty"), column);
    case BS_QUERY_OPERATOR_EQUAL:
    default:
      return g_strdup_printf (_("%s is %s"), column, value);
    }
}

static void
describe_filters (const BsQuery *self,
                  GString       *out)
{
  for (guint i = 0; i < self->filters->len; i++)
    {
      g_autofree char *condition = describe_filter (g_ptr_array_index (self->filters, i));

      g_string_append (out, i == 0 ? _(", where ") : _(" and "));
      g_string_append (out, condition);
    }
}

static void
describe_range (const BsQuery *self,
                GString       *out)
{
  guint n = self->range_count;

  switch (self->range)
    {
    case BS_QUERY_RANGE_LAST_MINUTES:
      if (n == 1)
        g_string_append (out, _(", over the last minute"));
      else
        g_string_append_printf (out, ngettext (", over the last %u minute",
                                               ", over the last %u minutes", n), n);
      break;
    case BS_QUERY_RANGE_LAST_HOURS:
      if (n == 1)
        g_string_append (out, _(", over the last hour"));
      else
        g_string_append_printf (out, ngettext (", over the last %u hour",
                                               ", over the last %u hours", n), n);
      break;
    case BS_QUERY_RANGE_LAST_DAYS:
      if (n == 1)
        g_string_append (out, _(", over the last day"));
      else
        g_string_append_printf (out, ngettext (", over the last %u day",
                                               ", over the last %u days", n), n);
      break;
    case BS_QUERY_RANGE_TODAY:
      g_string_append (out, _(", today"));
      break;
    case BS_QUERY_RANGE_THIS_WEEK:
      g_string_append (out, _(", this week"));
      break;
    case BS_QUERY_RANGE_NONE:
    default:
      break;
    }
}

char *
bs_query_describe (const BsQuery *self)
{
  g_autofree char *value = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  value = describe_value (self);
  out = g_string_new (value);
  describe_splits (self, out);
  describe_bucket (self, out);
  describe_filters (self, out);
  describe_range (self, out);
  return g_string_free (out, FALSE);
}
