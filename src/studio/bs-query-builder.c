#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-dropdown.h"
#include "bs-explanation.h"
#include "bs-query-builder.h"
#include "bs-query-clause.h"

/* Prometheus needs no time column (the range applies to the samples), but the model
 * wants one named for a range; its renderer ignores it. */
#define METRIC_TIME_COLUMN "timestamp"
#define IDS_KEY "bs-ids"

typedef struct
{
  const char   *label;
  BsQueryRange  range;
  guint         count;
} RangeChoice;

static const RangeChoice range_choices[] = {
  { N_("all time"), BS_QUERY_RANGE_NONE, 0 },
  { N_("the last 15 minutes"), BS_QUERY_RANGE_LAST_MINUTES, 15 },
  { N_("the last hour"), BS_QUERY_RANGE_LAST_HOURS, 1 },
  { N_("the last 24 hours"), BS_QUERY_RANGE_LAST_HOURS, 24 },
  { N_("the last 7 days"), BS_QUERY_RANGE_LAST_DAYS, 7 },
  { N_("the last 30 days"), BS_QUERY_RANGE_LAST_DAYS, 30 },
  { N_("the last 90 days"), BS_QUERY_RANGE_LAST_DAYS, 90 },
  { N_("today"), BS_QUERY_RANGE_TODAY, 0 },
  { N_("this week"), BS_QUERY_RANGE_THIS_WEEK, 0 },
};

/* In the order of the enums of bs-query.h: the position is the value. */
static const char *measure_labels[] = {
  N_("the value of"), N_("the number of rows"), N_("the number of different"),
};
static const char *aggregation_labels[] = {
  N_("added up"), N_("on average"), N_("at the lowest"), N_("at the highest"),
  N_("counted"), N_("the latest"), N_("the median"),
};
static const char *bucket_labels[] = {
  N_("whole range"), N_("minute"), N_("hour"), N_("day"), N_("week"),
};
static const char *operator_labels[] = {
  N_("is"), N_("is not"), N_("is less than"), N_("is at most"), N_("is more than"),
  N_("is at least"), N_("contains"), N_("starts with"), N_("is empty"), N_("is not empty"),
};

typedef struct
{
  BsQueryBuilder *builder;
  GtkWidget      *box;      /* owned: its children outlive the row's signal handlers */
  GtkDropDown    *column;
  GtkDropDown    *op;
  GtkEntry       *entry;
  GtkWidget      *remove;
  GArray         *ops;     /* BsQueryOperator, one an item of @op */
} FilterRow;

struct _BsQueryBuilder
{
  GtkWidget        parent_instance;

  GtkWidget       *content;
  BsExplanation   *explanation;
  GtkLabel        *sentence_label;
  GtkStack        *stack;
  GtkGrid         *form;
  GtkSpinner      *spinner;
  GtkLabel        *loading_label;
  GtkLabel        *load_error_label;
  GtkDropDown     *source_dropdown;
  GtkDropDown     *table_dropdown;
  GtkDropDown     *measure_dropdown;
  GtkDropDown     *column_dropdown;
  GtkDropDown     *aggregation_dropdown;
  GtkDropDown     *split1_dropdown;
  GtkWidget       *split2_label;
  GtkDropDown     *split2_dropdown;
  GtkDropDown     *range_dropdown;
  GtkWidget       *time_column_label;
  GtkDropDown     *time_column_dropdown;
  GtkWidget       *no_time_label;
  GtkDropDown     *bucket_dropdown;
  GtkBox          *filters_box;
  GtkLabel        *filter_message;
  GtkWidget       *add_filter_button;

  BsEngineClient  *client;
  GCancellable    *cancellable;     /* sources and schema */
  GCancellable    *labels_cancellable;
  JsonObject      *schema;          /* of the chosen source */
  JsonArray       *columns;         /* of the chosen table: [{name, type}] */
  GPtrArray       *time_columns;    /* char* */
  gboolean         is_metrics;
  GPtrArray       *filters;         /* FilterRow* */

  char            *schema_source;   /* the id the schema is of */
  gint64           pending_source;
  char            *pending_table;
  BsQuery         *pending_query;   /* applied once its table's columns are known */

  BsQuery         *query;
  char            *query_json;
  char            *sentence;
  char            *error;
  gboolean         loading;
  gboolean         embedded;
  guint            filling;         /* > 0 while the code, not a person, sets dropdowns */
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_QUERY,
  PROP_ERROR,
  PROP_LOADING,
  N_PROPS
};

enum {
  QUERY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsQueryBuilder, bs_query_builder, GTK_TYPE_WIDGET)

static void load_schema (BsQueryBuilder *self);
static void table_changed (BsQueryBuilder *self);
static void update (BsQueryBuilder *self);

/* Dropdowns of names: a GtkStringList for the labels, the ids kept beside it */


/* @ids and @labels: char*; NULL in @ids stands for "none". Selects @keep if it is one of
 * @ids, else the first. */
static void
fill_named (GtkDropDown *dropdown,
            GPtrArray   *ids,
            GPtrArray   *labels,
            const char  *keep)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (labels, i));
      if (keep != NULL && g_strcmp0 (g_ptr_array_index (ids, i), keep) == 0)
        selected = i;
    }
  g_object_set_data_full (G_OBJECT (dropdown), IDS_KEY, g_ptr_array_ref (ids),
                          (GDestroyNotify) g_ptr_array_unref);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, labels->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
}

static const char *
selected_id (GtkDropDown *dropdown)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (dropdown), IDS_KEY);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (ids == NULL || selected >= ids->len)
    return NULL;
  return g_ptr_array_index (ids, selected);
}

static gboolean
select_id (GtkDropDown *dropdown,
           const char  *id)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (dropdown), IDS_KEY);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return TRUE;
      }

  return FALSE;
}

/* The schema */

static const char *
column_type (BsQueryBuilder *self,
             const char     *name)
{
  for (guint i = 0; self->columns != NULL && i < json_array_get_length (self->columns); i++)
    {
      JsonObject *column = json_array_get_object_element (self->columns, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (column, "name", NULL),
                     name) == 0)
        return json_object_get_string_member_with_default (column, "type", "text");
    }

  return NULL;
}

static gboolean
is_numeric (const char *type)
{
  return g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "number") == 0;
}

/* Column names of the chosen table: all of them, the numeric ones, or the time ones. */
typedef enum { COLUMNS_ALL, COLUMNS_NUMERIC, COLUMNS_TIME } ColumnKind;

static void
fill_columns (BsQueryBuilder *self,
              GtkDropDown    *dropdown,
              ColumnKind      kind,
              const char     *none_label)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = g_strdup (selected_id (dropdown));

  if (none_label != NULL)
    {
      g_ptr_array_add (ids, NULL);
      g_ptr_array_add (labels, g_strdup (none_label));
    }
  for (guint i = 0; self->columns != NULL && i < json_array_get_length (self->columns); i++)
    {
      JsonObject *column = json_array_get_object_element (self->columns, i);
      const char *name = json_object_get_string_member_with_default (column, "name", NULL);
      const char *type = json_object_get_string_member_with_default (column, "type", NULL);

      if (name == NULL ||
          (kind == COLUMNS_NUMERIC && !is_numeric (type)) ||
          (kind == COLUMNS_TIME && !g_ptr_array_find_with_equal_func (self->time_columns, name,
                                                                      g_str_equal, NULL)))
        continue;
      g_ptr_array_add (ids, g_strdup (name));
      g_ptr_array_add (labels, g_strdup (name));
    }

  fill_named (dropdown, ids, labels, keep);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Loading while a request for sources, a schema or labels is out: each callback clears
 * its cancellable when it is done, a cancelled one is replaced by the next request. */
static void
sync_loading (BsQueryBuilder *self,
              const char     *what)
{
  gboolean loading = self->cancellable != NULL || self->labels_cancellable != NULL;

  gtk_spinner_set_spinning (self->spinner, loading);
  if (what != NULL)
    gtk_label_set_label (self->loading_label, what);
  if (loading && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  if (loading == self->loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (BsQueryBuilder *self,
           const char     *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
show_load_error (BsQueryBuilder *self,
                 const char     *message)
{
  gtk_label_set_label (self->load_error_label, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_error (self, message);
}

/* Filters */

static void
filter_row_free (gpointer data)
{
  FilterRow *row = data;

  g_signal_handlers_disconnect_by_data (row->column, row);
  g_signal_handlers_disconnect_by_data (row->op, row);
  g_signal_handlers_disconnect_by_data (row->entry, row);
  g_signal_handlers_disconnect_by_data (row->remove, row);
  g_object_unref (row->box);
  g_array_unref (row->ops);
  g_free (row);
}

static void
fill_operators (FilterRow  *row,
                const char *type)
{
  static const BsQueryOperator for_text[] = {
    BS_QUERY_OPERATOR_EQUAL, BS_QUERY_OPERATOR_NOT_EQUAL, BS_QUERY_OPERATOR_CONTAINS,
    BS_QUERY_OPERATOR_STARTS_WITH, BS_QUERY_OPERATOR_IS_EMPTY, BS_QUERY_OPERATOR_IS_NOT_EMPTY,
  };
  static const BsQueryOperator for_numbers[] = {
    BS_QUERY_OPERATOR_EQUAL, BS_QUERY_OPERATOR_NOT_EQUAL, BS_QUERY_OPERATOR_LESS,
    BS_QUERY_OPERATOR_LESS_OR_EQUAL, BS_QUERY_OPERATOR_GREATER,
    BS_QUERY_OPERATOR_GREATER_OR_EQUAL, BS_QUERY_OPERATOR_IS_EMPTY,
    BS_QUERY_OPERATOR_IS_NOT_EMPTY,
  };
  /* A day compares with the stored text as "before" and "from … on". */
  static const BsQueryOperator for_times[] = {
    BS_QUERY_OPERATOR_LESS, BS_QUERY_OPERATOR_GREATER_OR_EQUAL,
    BS_QUERY_OPERATOR_IS_EMPTY, BS_QUERY_OPERATOR_IS_NOT_EMPTY,
  };
  const BsQueryOperator *ops = for_text;
  guint n = G_N_ELEMENTS (for_text);
  BsQueryOperator keep = BS_QUERY_OPERATOR_EQUAL;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  if (gtk_drop_down_get_selected (row->op) < row->ops->len)
    keep = g_array_index (row->ops, BsQueryOperator, gtk_drop_down_get_selected (row->op));
  if (is_numeric (type))
    ops = for_numbers, n = G_N_ELEMENTS (for_numbers);
  else if (g_strcmp0 (type, "time") == 0)
    ops = for_times, n = G_N_ELEMENTS (for_times);

  g_array_set_size (row->ops, 0);
  for (guint i = 0; i < n; i++)
    {
      const char *label = _(operator_labels[ops[i]]);

      if (g_strcmp0 (type, "time") == 0 && ops[i] == BS_QUERY_OPERATOR_LESS)
        label = _("is before");
      else if (g_strcmp0 (type, "time") == 0 && ops[i] == BS_QUERY_OPERATOR_GREATER_OR_EQUAL)
        label = _("is on or after");
      gtk_string_list_append (list, label);
      g_array_append_val (row->ops, ops[i]);
      if (ops[i] == keep)
        selected = i;
    }
  gtk_drop_down_set_model (row->op, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (row->op, selected);
}

static BsQueryOperator
row_operator (FilterRow *row)
{
  guint selected = gtk_drop_down_get_selected (row->op);

  return selected < row->ops->len ? g_array_index (row->ops, BsQueryOperator, selected)
                                  : BS_QUERY_OPERATOR_EQUAL;
}

static gboolean
operator_takes_value (BsQueryOperator op)
{
  return op != BS_QUERY_OPERATOR_IS_EMPTY && op != BS_QUERY_OPERATOR_IS_NOT_EMPTY;
}

static void
update_row_widgets (FilterRow *row)
{
  const char *type = column_type (row->builder, selected_id (row->column));
  gboolean takes_value = operator_takes_value (row_operator (row));

  gtk_widget_set_visible (GTK_WIDGET (row->entry), takes_value);
  if (is_numeric (type))
    gtk_entry_set_placeholder_text (row->entry, _("a number"));
  else if (g_strcmp0 (type, "time") == 0)
    gtk_entry_set_placeholder_text (row->entry, _("a day, like 2026-11-24"));
  else
    gtk_entry_set_placeholder_text (row->entry, _("some text"));
  gtk_entry_set_input_purpose (row->entry, is_numeric (type) ? GTK_INPUT_PURPOSE_NUMBER
                                                             : GTK_INPUT_PURPOSE_FREE_FORM);
}

static void
filter_column_changed_cb (FilterRow *row)
{
  BsQueryBuilder *self = row->builder;

  self->filling++;
  fill_operators (row, column_type (self, selected_id (row->column)));
  self->filling--;
  update_row_widgets (row);
  update (self);
}

static void
filter_operator_changed_cb (FilterRow *row)
{
  update_row_widgets (row);
  update (row->builder);
}

static void
filter_text_changed_cb (FilterRow *row)
{
  update (row->builder);
}

static void
remove_filter_clicked_cb (FilterRow *row)
{
  BsQueryBuilder *self = row->builder;
  GtkWidget *focus_next = self->add_filter_button;

  gtk_box_remove (self->filters_box, row->box);
  g_ptr_array_remove (self->filters, row);
  gtk_widget_set_visible (GTK_WIDGET (self->filters_box), self->filters->len > 0);
  /* The removed row had the focus: give it to something that is still there. */
  gtk_widget_grab_focus (focus_next);
  update (self);
}

static GtkExpression *
string_expression (void)
{
  return gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
}

static FilterRow *
filter_row_new (BsQueryBuilder *self)
{
  FilterRow *row = g_new0 (FilterRow, 1);
  guint number = self->filters->len + 1;
  g_autofree char *column_label = g_strdup_printf (_("Column of filter %u"), number);
  g_autofree char *op_label = g_strdup_printf (_("Comparison of filter %u"), number);
  g_autofree char *value_label = g_strdup_printf (_("Value of filter %u"), number);
  g_autofree char *remove_label = g_strdup_printf (_("Remove filter %u"), number);

  row->builder = self;
  row->ops = g_array_new (FALSE, FALSE, sizeof (BsQueryOperator));
  row->box = g_object_ref_sink (bs_query_clause_new ());
  gtk_widget_add_css_class (row->box, "query-filter");

  row->column = GTK_DROP_DOWN (gtk_drop_down_new (NULL, string_expression ()));
  gtk_drop_down_set_enable_search (row->column, TRUE);
  row->op = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  row->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (row->entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (row->entry), 8);
  row->remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_add_css_class (row->remove, "flat");
  gtk_widget_set_tooltip_text (row->remove, remove_label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row->column),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, column_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->op),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, op_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, value_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);

  bs_query_clause_append (BS_QUERY_CLAUSE (row->box), GTK_WIDGET (row->column));
  bs_query_clause_append (BS_QUERY_CLAUSE (row->box), GTK_WIDGET (row->op));
  bs_query_clause_append (BS_QUERY_CLAUSE (row->box), GTK_WIDGET (row->entry));
  bs_query_clause_append (BS_QUERY_CLAUSE (row->box), row->remove);

  self->filling++;
  fill_columns (self, row->column, COLUMNS_ALL, NULL);
  fill_operators (row, column_type (self, selected_id (row->column)));
  self->filling--;
  update_row_widgets (row);

  g_signal_connect_swapped (row->column, "notify::selected",
                            G_CALLBACK (filter_column_changed_cb), row);
  g_signal_connect_swapped (row->op, "notify::selected",
                            G_CALLBACK (filter_operator_changed_cb), row);
  g_signal_connect_swapped (row->entry, "changed", G_CALLBACK (filter_text_changed_cb), row);
  g_signal_connect_swapped (row->entry, "activate", G_CALLBACK (filter_text_changed_cb), row);
  g_signal_connect_swapped (row->remove, "clicked", G_CALLBACK (remove_filter_clicked_cb), row);

  return row;
}

guint
bs_query_builder_add_filter (BsQueryBuilder *self)
{
  FilterRow *row;

  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), 0);

  row = filter_row_new (self);
  g_ptr_array_add (self->filters, row);
  gtk_box_append (self->filters_box, row->box);
  gtk_widget_set_visible (GTK_WIDGET (self->filters_box), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (row->column));
  update (self);

  return self->filters->len - 1;
}

guint
bs_query_builder_get_n_filters (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), 0);

  return self->filters->len;
}

static void
add_filter_clicked_cb (BsQueryBuilder *self)
{
  bs_query_builder_add_filter (self);
}

static void
clear_filters (BsQueryBuilder *self)
{
  for (guint i = 0; i < self->filters->len; i++)
    gtk_box_remove (self->filters_box, ((FilterRow *) g_ptr_array_index (self->filters, i))->box);
  g_ptr_array_set_size (self->filters, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->filters_box), FALSE);
}

/* Accepts the locale's decimal separator as well as a point, and spaces between digit
 * groups, as a person types them. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  const char *point = localeconv ()->decimal_point;
  g_autoptr(GString) plain = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x202F || c == 0xA0)
        continue;
      if (point != NULL && *point != '\0' && strncmp (p, point, strlen (point)) == 0)
        {
          g_string_append_c (plain, '.');
          p += strlen (point) - 1;
          continue;
        }
      if (c == 0x2212)   /* a typographic minus */
        c = '-';
      g_string_append_unichar (plain, c);
    }
  if (plain->len == 0)
    return FALSE;

  *out = g_ascii_strtod (plain->str, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

static gboolean
parse_day (const char *text)
{
  int year, month, day;
  char rest;

  return sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &rest) == 3 &&
         strlen (text) == 10 && g_date_valid_dmy (day, month, year);
}

/* Adds @row's filter to @query; FALSE with @message when its value does not fit. A row
 * whose value is still empty is left out, not refused: it is being written. */
static gboolean
add_row_filter (BsQueryBuilder  *self,
                FilterRow       *row,
                BsQuery         *query,
                char           **message)
{
  const char *column = selected_id (row->column);
  const char *type = column_type (self, column);
  BsQueryOperator op = row_operator (row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->entry))));
  double number;

  gtk_widget_remove_css_class (GTK_WIDGET (row->entry), "error");
  if (column == NULL)
    return TRUE;
  if (!operator_takes_value (op))
    {
      bs_query_add_filter_text (query, column, op, NULL);
      return TRUE;
    }
  if (text[0] == '\0')
    return TRUE;

  if (is_numeric (type))
    {
      if (!parse_number (text, &number))
        {
          *message = g_strdup_printf (_("“%s” is not a number, and “%s” holds numbers. "
                                        "Type a number such as 12 or 3.5."), text, column);
          gtk_widget_add_css_class (GTK_WIDGET (row->entry), "error");
          return FALSE;
        }
      bs_query_add_filter_number (query, column, op, number);
      return TRUE;
    }
  if (g_strcmp0 (type, "time") == 0 && !parse_day (text))
    {
      *message = g_strdup_printf (_("“%s” is not a day. Type one as year-month-day, such as "
                                    "2026-11-24."), text);
      gtk_widget_add_css_class (GTK_WIDGET (row->entry), "error");
      return FALSE;
    }

  bs_query_add_filter_text (query, column, op, text);
  return TRUE;
}

/* The query the dropdowns make */

static BsQuery *
build_query (BsQueryBuilder  *self,
             char           **message)
{
  const char *table = selected_id (self->table_dropdown);
  const char *source = selected_id (self->source_dropdown);
  guint range_index = gtk_drop_down_get_selected (self->range_dropdown);
  const RangeChoice *range = &range_choices[range_index < G_N_ELEMENTS (range_choices)
                                            ? range_index : 0];
  const char *time_column = self->is_metrics ? METRIC_TIME_COLUMN
                                             : selected_id (self->time_column_dropdown);
  g_autoptr(BsQuery) query = NULL;
  const char *split;

  if (table == NULL || source == NULL || self->columns == NULL)
    return NULL;

  query = bs_query_new (g_ascii_strtoll (source, NULL, 10), table);
  bs_query_set_measure (query, gtk_drop_down_get_selected (self->measure_dropdown),
                        self->is_metrics && gtk_drop_down_get_selected (self->measure_dropdown)
                                            == BS_QUERY_MEASURE_VALUE
                        ? "value" : selected_id (self->column_dropdown));
  if (query->measure == BS_QUERY_MEASURE_COUNT_ROWS)
    g_clear_pointer (&query->measure_column, g_free);
  query->aggregation = gtk_drop_down_get_selected (self->aggregation_dropdown);
  if ((split = selected_id (self->split1_dropdown)) != NULL)
    bs_query_add_split (query, split);
  if ((split = selected_id (self->split2_dropdown)) != NULL &&
      g_strcmp0 (split, query->splits[0]) != 0)
    bs_query_add_split (query, split);
  query->bucket = time_column != NULL ? gtk_drop_down_get_selected (self->bucket_dropdown)
                                      : BS_QUERY_BUCKET_NONE;
  if (time_column != NULL &&
      (range->range != BS_QUERY_RANGE_NONE || query->bucket != BS_QUERY_BUCKET_NONE ||
       (query->measure == BS_QUERY_MEASURE_VALUE &&
        query->aggregation == BS_QUERY_AGGREGATION_LAST)))
    bs_query_set_time (query, time_column, range->range, range->count);

  for (guint i = 0; i < self->filters->len; i++)
    if (!add_row_filter (self, g_ptr_array_index (self->filters, i), query, message))
      return NULL;

  if (query->time_column == NULL && query->measure == BS_QUERY_MEASURE_VALUE &&
      query->aggregation == BS_QUERY_AGGREGATION_LAST)
    {
      *message = g_strdup (_("“The latest” needs a date or time column, and this table has "
                             "none. Choose another way to combine the values."));
      return NULL;
    }
  if (self->is_metrics && query->bucket != BS_QUERY_BUCKET_NONE &&
      query->range == BS_QUERY_RANGE_NONE)
    {
      *message = g_strdup (_("A value per minute, hour, day or week needs a time range. "
                             "Choose one under “Over”."));
      return NULL;
    }

  return g_steal_pointer (&query);
}

static void
update_visibility (BsQueryBuilder *self)
{
  BsQueryMeasure measure = gtk_drop_down_get_selected (self->measure_dropdown);
  gboolean has_time = self->is_metrics || self->time_columns->len > 0;
  gboolean many_times = !self->is_metrics && self->time_columns->len > 1;

  gtk_widget_set_visible (GTK_WIDGET (self->column_dropdown),
                          measure != BS_QUERY_MEASURE_COUNT_ROWS &&
                          !(self->is_metrics && measure == BS_QUERY_MEASURE_VALUE));
  gtk_widget_set_visible (GTK_WIDGET (self->aggregation_dropdown),
                          measure == BS_QUERY_MEASURE_VALUE);
  gtk_widget_set_visible (self->split2_label, selected_id (self->split1_dropdown) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->split2_dropdown),
                          selected_id (self->split1_dropdown) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->range_dropdown), has_time);
  /* With one time column there is nothing to choose: the sentence names it. */
  gtk_widget_set_visible (self->time_column_label, many_times);
  gtk_widget_set_visible (GTK_WIDGET (self->time_column_dropdown), many_times);
  gtk_widget_set_visible (self->no_time_label, !has_time);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bucket_dropdown), has_time);
}

static void
update (BsQueryBuilder *self)
{
  g_autofree char *message = NULL;
  g_autoptr(BsQuery) query = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (self->filling > 0)
    return;

  update_visibility (self);
  query = build_query (self, &message);
  gtk_label_set_label (self->filter_message, message);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_message), message != NULL);
  set_error (self, message);
  if (query == NULL)
    return;

  node = bs_query_to_json (query);
  json = json_to_string (node, FALSE);
  if (g_strcmp0 (json, self->query_json) == 0)
    return;

  g_clear_pointer (&self->query, bs_query_free);
  self->query = g_steal_pointer (&query);
  g_free (self->query_json);
  self->query_json = g_steal_pointer (&json);
  g_free (self->sentence);
  self->sentence = bs_query_describe (self->query);
  gtk_label_set_label (self->sentence_label, self->sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label), !self->embedded);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  g_signal_emit (self, signals[QUERY_CHANGED], 0, self->query);
}

/* Applies the choices of a query given to set_query, once its table's columns are in. */
static void
apply_pending_query (BsQueryBuilder *self)
{
  g_autoptr(BsQuery) query = g_steal_pointer (&self->pending_query);

  if (query == NULL || g_strcmp0 (query->table, selected_id (self->table_dropdown)) != 0)
    return;

  self->filling++;
  gtk_drop_down_set_selected (self->measure_dropdown, query->measure);
  if (query->measure_column != NULL)
    select_id (self->column_dropdown, query->measure_column);
  gtk_drop_down_set_selected (self->aggregation_dropdown, query->aggregation);
  select_id (self->split1_dropdown, query->splits[0]);
  select_id (self->split2_dropdown, query->splits[0] != NULL ? query->splits[1] : NULL);
  if (query->time_column != NULL && !self->is_metrics)
    select_id (self->time_column_dropdown, query->time_column);
  for (guint i = 0; i < G_N_ELEMENTS (range_choices); i++)
    if (range_choices[i].range == query->range &&
        (range_choices[i].count == query->range_count || range_choices[i].count == 0))
      gtk_drop_down_set_selected (self->range_dropdown, i);
  gtk_drop_down_set_selected (self->bucket_dropdown, query->bucket);
  clear_filters (self);
  for (guint i = 0; query->filters != NULL && i < query->filters->len; i++)
    {
      BsQueryFilter *filter = g_ptr_array_index (query->filters, i);
      FilterRow *row = filter_row_new (self);
      g_autofree char *value = NULL;

      g_ptr_array_add (self->filters, row);
      gtk_box_append (self->filters_box, row->box);
      select_id (row->column, filter->column);
      fill_operators (row, column_type (self, filter->column));
      for (guint j = 0; j < row->ops->len; j++)
        if (g_array_index (row->ops, BsQueryOperator, j) == filter->op)
          gtk_drop_down_set_selected (row->op, j);
      if (filter->is_number)
        value = g_strdup_printf ("%g", filter->number);
      gtk_editable_set_text (GTK_EDITABLE (row->entry),
                             filter->is_number ? value : filter->text ? filter->text : "");
      update_row_widgets (row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filters_box), self->filters->len > 0);
  self->filling--;
}

static void
fill_table_columns (BsQueryBuilder *self)
{
  self->filling++;
  if (self->is_metrics)
    fill_columns (self, self->column_dropdown, COLUMNS_ALL, NULL);
  else
    {
      BsQueryMeasure measure = gtk_drop_down_get_selected (self->measure_dropdown);

      fill_columns (self, self->column_dropdown,
                    measure == BS_QUERY_MEASURE_VALUE ? COLUMNS_NUMERIC : COLUMNS_ALL, NULL);
    }
  fill_columns (self, self->split1_dropdown, COLUMNS_ALL, _("nothing (one total)"));
  fill_columns (self, self->split2_dropdown, COLUMNS_ALL, _("nothing else"));
  fill_columns (self, self->time_column_dropdown, COLUMNS_TIME, NULL);
  clear_filters (self);
  self->filling--;

  apply_pending_query (self);
  gtk_stack_set_visible_child_name (self->stack, "form");
  update (self);
}

static void
labels_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsQueryBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *labels;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->labels_cancellable);
  sync_loading (self, NULL);

  labels = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
           ? array_member (json_node_get_object (root), "labels") : NULL;
  if (labels == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not read the labels of this metric: %s"),
                         error != NULL ? error->message
                                       : _("the engine’s answer was not understood"));
      show_load_error (self, message);
      return;
    }

  /* Labels behave as text columns: split by them, filter on them. */
  g_clear_pointer (&self->columns, json_array_unref);
  self->columns = json_array_new ();
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);
      JsonObject *column = json_object_new ();

      json_object_set_string_member (column, "name",
                                     json_object_get_string_member_with_default (label, "name",
                                                                                 ""));
      json_object_set_string_member (column, "type", "text");
      json_array_add_object_element (self->columns, column);
    }
  fill_table_columns (self);
}

static void
table_changed (BsQueryBuilder *self)
{
  const char *table = selected_id (self->table_dropdown);
  JsonArray *tables = array_member (self->schema, "tables");

  g_cancellable_cancel (self->labels_cancellable);
  g_clear_object (&self->labels_cancellable);
  g_clear_pointer (&self->columns, json_array_unref);
  g_ptr_array_set_size (self->time_columns, 0);
  sync_loading (self, NULL);
  if (table == NULL)
    {
      update (self);
      return;
    }

  if (self->is_metrics)
    {
      g_autofree char *escaped = g_uri_escape_string (table, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("datasources/%s/schema?metric=%s",
                                               selected_id (self->source_dropdown), escaped);

      self->labels_cancellable = g_cancellable_new ();
      sync_loading (self, _("Reading the labels of the metric…"));
      bs_engine_client_request_async (self->client, "GET", path, NULL, self->labels_cancellable,
                                      labels_loaded_cb, g_object_ref (self));
      return;
    }

  for (guint i = 0; tables != NULL && i < json_array_get_length (tables); i++)
    {
      JsonObject *info = json_array_get_object_element (tables, i);
      JsonArray *times;

      if (g_strcmp0 (json_object_get_string_member_with_default (info, "name", NULL), table) != 0)
        continue;
      self->columns = json_array_ref (array_member (info, "columns"));
      times = array_member (info, "time_columns");
      for (guint j = 0; times != NULL && j < json_array_get_length (times); j++)
        g_ptr_array_add (self->time_columns, g_strdup (json_array_get_string_element (times, j)));
    }
  if (self->columns == NULL)
    self->columns = json_array_new ();
  fill_table_columns (self);
}

static void
table_selected_cb (BsQueryBuilder *self)
{
  if (self->filling == 0)
    table_changed (self);
}

static void
schema_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsQueryBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = NULL;
  JsonArray *items;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  sync_loading (self, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not read the tables of this source: %s"),
                         error != NULL ? error->message
                                       : _("the engine’s answer was not understood"));
      show_load_error (self, message);
      return;
    }

  g_clear_pointer (&self->schema, json_object_unref);
  self->schema = json_object_ref (json_node_get_object (root));
  g_free (self->schema_source);
  self->schema_source = g_strdup (selected_id (self->source_dropdown));
  self->is_metrics = g_strcmp0 (json_object_get_string_member_with_default (self->schema, "kind",
                                                                            ""), "metrics") == 0;
  items = array_member (self->schema, self->is_metrics ? "metrics" : "tables");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *name = json_object_get_string_member_with_default (item, "name", NULL);

      if (name != NULL)
        g_ptr_array_add (ids, g_strdup (name));
    }

  keep = self->pending_table != NULL ? g_steal_pointer (&self->pending_table)
                                     : g_strdup (selected_id (self->table_dropdown));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->table_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->is_metrics ? _("Metric") : _("Table"), -1);
  self->filling++;
  fill_named (self->table_dropdown, ids, ids, keep);
  self->filling--;

  if (ids->len == 0)
    {
      show_load_error (self, self->is_metrics ? _("This source has no metrics yet.")
                                              : _("This source has no tables."));
      return;
    }
  table_changed (self);
}

static void
load_schema (BsQueryBuilder *self)
{
  const char *source = selected_id (self->source_dropdown);
  g_autofree char *path = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->labels_cancellable);
  g_clear_object (&self->labels_cancellable);
  sync_loading (self, NULL);
  if (source == NULL || self->client == NULL)
    return;

  path = g_strdup_printf ("datasources/%s/schema", source);
  self->cancellable = g_cancellable_new ();
  sync_loading (self, _("Reading the tables of the source…"));
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  schema_loaded_cb, g_object_ref (self));
}

static void
source_selected_cb (BsQueryBuilder *self)
{
  if (self->filling == 0)
    load_schema (self);
}

static void
sources_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsQueryBuilder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = NULL;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  sync_loading (self, NULL);
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("data sources"), &error);
  if (items == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the data sources: %s"),
                                                  error->message);
      show_load_error (self, message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (item == NULL || !json_object_has_member (item, "id"))
        continue;
      g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (item, "id")));
      g_ptr_array_add (names, g_strdup (json_object_get_string_member_with_default (item, "name",
                                                                                    "")));
    }
  if (ids->len == 0)
    {
      show_load_error (self, _("The engine has no data sources yet. Add one on the Data page."));
      return;
    }

  if (self->pending_source > 0)
    keep = g_strdup_printf ("%" G_GINT64_FORMAT, self->pending_source);
  else
    keep = g_strdup (selected_id (self->source_dropdown));
  self->pending_source = 0;
  self->filling++;
  fill_named (self->source_dropdown, ids, names, keep);
  self->filling--;
  load_schema (self);
}

static void
load_sources (BsQueryBuilder *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  sync_loading (self, NULL);
  if (self->client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  sync_loading (self, _("Reading the data sources…"));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  bs_engine_client_request_async (self->client, "GET", "datasources", NULL, self->cancellable,
                                  sources_loaded_cb, g_object_ref (self));
}

static void
retry_clicked_cb (BsQueryBuilder *self)
{
  if (selected_id (self->source_dropdown) != NULL)
    load_schema (self);
  else
    load_sources (self);
}

static void
measure_selected_cb (BsQueryBuilder *self)
{
  if (self->filling > 0)
    return;

  /* "The value of" lists the numeric columns, the distinct count all of them. */
  if (self->columns != NULL)
    {
      self->filling++;
      if (!self->is_metrics)
        fill_columns (self, self->column_dropdown,
                      gtk_drop_down_get_selected (self->measure_dropdown) == BS_QUERY_MEASURE_VALUE
                      ? COLUMNS_NUMERIC : COLUMNS_ALL, NULL);
      self->filling--;
    }
  update (self);
}

/* Public API */

void
bs_query_builder_set_client (BsQueryBuilder *self,
                             BsEngineClient *client)
{
  g_return_if_fail (BS_IS_QUERY_BUILDER (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  load_sources (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

BsEngineClient *
bs_query_builder_get_client (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), NULL);

  return self->client;
}

void
bs_query_builder_set_source (BsQueryBuilder *self,
                             gint64          source_id,
                             const char     *table)
{
  g_autofree char *id = NULL;

  g_return_if_fail (BS_IS_QUERY_BUILDER (self));

  id = g_strdup_printf ("%" G_GINT64_FORMAT, source_id);
  g_free (self->pending_table);
  self->pending_table = g_strdup (table);

  /* Same source, its schema in: only the table changes. */
  if (self->schema != NULL && g_strcmp0 (self->schema_source, id) == 0 &&
      g_strcmp0 (selected_id (self->source_dropdown), id) == 0)
    {
      g_autofree char *wanted = g_steal_pointer (&self->pending_table);

      if (wanted == NULL || g_strcmp0 (selected_id (self->table_dropdown), wanted) == 0)
        table_changed (self);
      else if (!select_id (self->table_dropdown, wanted))
        show_load_error (self, _("This table is not in the source any more."));
      return;
    }

  self->filling++;
  if (select_id (self->source_dropdown, id))
    {
      self->filling--;
      load_schema (self);
      return;
    }
  self->filling--;

  /* Not among the sources read so far: maybe one just added. */
  self->pending_source = source_id;
  load_sources (self);
}

gint64
bs_query_builder_get_source_id (BsQueryBuilder *self)
{
  const char *id;

  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), 0);

  id = selected_id (self->source_dropdown);
  return id != NULL && selected_id (self->table_dropdown) != NULL
         ? g_ascii_strtoll (id, NULL, 10) : 0;
}

const char *
bs_query_builder_get_table (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), NULL);

  return selected_id (self->table_dropdown);
}

void
bs_query_builder_set_query (BsQueryBuilder *self,
                            const BsQuery  *query)
{
  g_return_if_fail (BS_IS_QUERY_BUILDER (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->pending_query, bs_query_free);
  self->pending_query = bs_query_copy (query);
  bs_query_builder_set_source (self, query->source_id, query->table);
}

const BsQuery *
bs_query_builder_get_query (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), NULL);

  return self->query;
}

const char *
bs_query_builder_get_error (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), NULL);

  return self->error;
}

gboolean
bs_query_builder_get_loading (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), FALSE);

  return self->loading;
}

const char *
bs_query_builder_get_sentence (BsQueryBuilder *self)
{
  g_return_val_if_fail (BS_IS_QUERY_BUILDER (self), NULL);

  return self->sentence;
}

void
bs_query_builder_set_verbosity (BsQueryBuilder     *self,
                                BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_QUERY_BUILDER (self));

  bs_explanation_set_verbosity (self->explanation, verbosity);
}

void
bs_query_builder_set_embedded (BsQueryBuilder *self,
                               gboolean        embedded)
{
  GtkWidget *bucket_clause;
  int bucket_row;

  g_return_if_fail (BS_IS_QUERY_BUILDER (self));

  self->embedded = !!embedded;
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label),
                          !self->embedded && self->sentence != NULL);

  bucket_clause = gtk_widget_get_parent (GTK_WIDGET (self->bucket_dropdown));
  gtk_grid_query_child (self->form, bucket_clause, NULL, &bucket_row, NULL, NULL);
  gtk_widget_set_visible (bucket_clause, !self->embedded);
  gtk_widget_set_visible (gtk_grid_get_child_at (self->form, 0, bucket_row), !self->embedded);
}

void
bs_query_builder_add_labels_to (BsQueryBuilder *self,
                                GtkSizeGroup   *group)
{
  g_return_if_fail (BS_IS_QUERY_BUILDER (self));
  g_return_if_fail (GTK_IS_SIZE_GROUP (group));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->form));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int column;

      gtk_grid_query_child (self->form, child, &column, NULL, NULL, NULL);
      if (column == 0)
        gtk_size_group_add_widget (group, child);
    }
}

/* GObject */

static void
explain (BsQueryBuilder *self)
{
  const char *steps[] = {
    _("Under “From”, pick where the figures come from and which table (or metric) to read."),
    _("Under “Show”, pick what to measure: the number of rows, or the values of a column "
      "added up, averaged or taken at their lowest or highest."),
    _("Under “For each”, pick a column to get one figure for each of its values, such as "
      "one a product."),
    _("Under “Over”, limit the figures to a recent stretch of time, and under “One value "
      "per”, split that time into hours or days to see how the figure moved."),
    _("Add a filter to keep only some rows, such as the online orders."),
    _("The sentence at the top says what you asked for; the preview shows the result at "
      "once."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("Pick from the lists to say what you want to know; the preview "
                              "below shows the answer at once."),
                            _("How to Ask a Question of Your Data"),
                            steps);
}


static void
bs_query_builder_dispose (GObject *object)
{
  BsQueryBuilder *self = BS_QUERY_BUILDER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->labels_cancellable);
  g_clear_object (&self->labels_cancellable);
  g_clear_object (&self->client);
  /* Before the template goes: the rows disconnect from their widgets. */
  g_clear_pointer (&self->filters, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_QUERY_BUILDER);

  G_OBJECT_CLASS (bs_query_builder_parent_class)->dispose (object);
}

static void
bs_query_builder_finalize (GObject *object)
{
  BsQueryBuilder *self = BS_QUERY_BUILDER (object);

  g_clear_pointer (&self->schema, json_object_unref);
  g_clear_pointer (&self->schema_source, g_free);
  g_clear_pointer (&self->columns, json_array_unref);
  g_clear_pointer (&self->time_columns, g_ptr_array_unref);
  g_clear_pointer (&self->pending_table, g_free);
  g_clear_pointer (&self->pending_query, bs_query_free);
  g_clear_pointer (&self->query, bs_query_free);
  g_clear_pointer (&self->query_json, g_free);
  g_clear_pointer (&self->sentence, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bs_query_builder_parent_class)->finalize (object);
}

static void
bs_query_builder_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BsQueryBuilder *self = BS_QUERY_BUILDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_query_builder_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BsQueryBuilder *self = BS_QUERY_BUILDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      bs_query_builder_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_query_builder_class_init (BsQueryBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_query_builder_dispose;
  object_class->finalize = bs_query_builder_finalize;
  object_class->get_property = bs_query_builder_get_property;
  object_class->set_property = bs_query_builder_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BS_TYPE_ENGINE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, BS_TYPE_QUERY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The query is the builder's own: copy it to keep it. */
  signals[QUERY_CHANGED] =
    g_signal_new ("query-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BS_TYPE_QUERY | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_type_ensure (BS_TYPE_EXPLANATION);
  g_type_ensure (BS_TYPE_QUERY_CLAUSE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-query-builder.ui");
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, content);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, explanation);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, stack);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, form);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, loading_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, load_error_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, table_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, measure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, column_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, aggregation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, split1_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, split2_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, split2_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, time_column_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, time_column_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, no_time_label);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, bucket_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, filters_box);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, filter_message);
  gtk_widget_class_bind_template_child (widget_class, BsQueryBuilder, add_filter_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_filter_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "querybuilder");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_query_builder_init (BsQueryBuilder *self)
{
  g_autoptr(GPtrArray) range_labels = g_ptr_array_new ();

  self->filters = g_ptr_array_new_with_free_func (filter_row_free);
  self->time_columns = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  bs_dropdown_set_name (self->source_dropdown, _("Data source"));
  bs_dropdown_set_name (self->table_dropdown, _("Table"));
  bs_dropdown_set_name (self->measure_dropdown, _("What to measure"));
  bs_dropdown_set_name (self->column_dropdown, _("Column to measure"));
  bs_dropdown_set_name (self->aggregation_dropdown, _("How to combine the values"));
  bs_dropdown_set_name (self->split1_dropdown, _("Split by"));
  bs_dropdown_set_name (self->split2_dropdown, _("Then split by"));
  bs_dropdown_set_name (self->range_dropdown, _("Time range"));
  bs_dropdown_set_name (self->time_column_dropdown, _("Time column"));
  bs_dropdown_set_name (self->bucket_dropdown, _("One value per"));

  bs_dropdown_set_labels (self->measure_dropdown, measure_labels, G_N_ELEMENTS (measure_labels));
  gtk_drop_down_set_selected (self->measure_dropdown, BS_QUERY_MEASURE_COUNT_ROWS);
  bs_dropdown_set_labels (self->aggregation_dropdown, aggregation_labels,
              G_N_ELEMENTS (aggregation_labels));
  bs_dropdown_set_labels (self->bucket_dropdown, bucket_labels, G_N_ELEMENTS (bucket_labels));
  for (guint i = 0; i < G_N_ELEMENTS (range_choices); i++)
    g_ptr_array_add (range_labels, (gpointer) range_choices[i].label);
  bs_dropdown_set_labels (self->range_dropdown, (const char * const *) range_labels->pdata,
              range_labels->len);

  g_signal_connect_swapped (self->source_dropdown, "notify::selected",
                            G_CALLBACK (source_selected_cb), self);
  g_signal_connect_swapped (self->table_dropdown, "notify::selected",
                            G_CALLBACK (table_selected_cb), self);
  g_signal_connect_swapped (self->measure_dropdown, "notify::selected",
                            G_CALLBACK (measure_selected_cb), self);
  g_signal_connect_swapped (self->column_dropdown, "notify::selected",
                            G_CALLBACK (update), self);
  g_signal_connect_swapped (self->split1_dropdown, "notify::selected",
                            G_CALLBACK (update), self);
  g_signal_connect_swapped (self->aggregation_dropdown, "notify::selected",
                            G_CALLBACK (update), self);
  g_signal_connect_swapped (self->split2_dropdown, "notify::selected",
                            G_CALLBACK (update), self);
  g_signal_connect_swapped (self->range_dropdown, "notify::selected",
                            G_CALLBACK (update), self);
  g_signal_connect_swapped (self->time_column_dropdown, "notify::selected",
                            G_CALLBACK (update), self);
  g_signal_connect_swapped (self->bucket_dropdown, "notify::selected",
                            G_CALLBACK (update), self);

  explain (self);
  bs_explanation_set_verbosity (self->explanation, BS_PROFILE_VERBOSITY_BALANCED);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

GtkWidget *
bs_query_builder_new (BsEngineClient *client)
{
  return g_object_new (BS_TYPE_QUERY_BUILDER, "client", client, NULL);
}
