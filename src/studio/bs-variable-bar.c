/* bs-variable-bar.c — the dashboard's template variables as labelled dropdowns. */
#define G_LOG_DOMAIN "bs-variable-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-dashboard-promql.h"
#include "bs-dashboard-view-query.h"
#include "bs-dropdown.h"
#include "bs-variable-bar.h"

/* More values than a dropdown can usefully list; the engine returns the first ones. */
#define VALUES_LIMIT 1000
/* From this many values on, typing filters the list. */
#define SEARCH_FROM 12

/* Where a variable's values come from. */
typedef enum
{
  SOURCE_COLUMN,            /* one of ours: a column of a table */
  SOURCE_PROMETHEUS,        /* Grafana's label_values () on the workspace's Prometheus */
  SOURCE_ELSEWHERE,         /* only Grafana can list them */
} ValueSource;

typedef struct
{
  BsVariableBar *bar;       /* not a reference: the bar owns the item */
  char          *name;
  ValueSource    source;
  GtkWidget     *box;
  GtkDropDown   *dropdown;
  GPtrArray     *values;    /* char*, parallel to the dropdown's rows; NULL is "All" */
} Item;

struct _BsVariableBar
{
  GtkWidget       parent_instance;

  BsEngineClient *client;
  BsPanelData    *data;        /* for label_values (); NULL: not asked */
  BsDashboard    *dashboard;   /* borrowed */
  GPtrArray      *items;       /* Item* */
  GCancellable   *cancellable;
  gboolean        updating;    /* the bar, not a person, is changing a dropdown */
};

G_DEFINE_FINAL_TYPE (BsVariableBar, bs_variable_bar, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  g_free (item->name);
  g_clear_pointer (&item->values, g_ptr_array_unref);
  g_free (item);
}

static BsDashboardVariable *
find_variable (BsVariableBar *self,
               const char    *name)
{
  if (self->dashboard == NULL)
    return NULL;

  for (guint i = 0; i < self->dashboard->variables->len; i++)
    {
      BsDashboardVariable *variable = g_ptr_array_index (self->dashboard->variables, i);

      if (g_strcmp0 (variable->name, name) == 0)
        return variable;
    }

  return NULL;
}

static Item *
find_item (BsVariableBar *self,
           const char    *name)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->name, name) == 0)
        return item;
    }

  return NULL;
}

/* Filling a dropdown */

/* Shows @values ("All" first) and selects the variable's chosen value; a chosen value the
 * engine no longer lists is kept in the list, so that it is not silently changed. */
static void
item_show_values (Item       *item,
                  GPtrArray  *values,
                  const char *chosen)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (item->values, 0);
  g_ptr_array_add (item->values, NULL);
  gtk_string_list_append (list, _("All"));
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      if (g_strcmp0 (value, chosen) == 0)
        selected = item->values->len;
      g_ptr_array_add (item->values, g_strdup (value));
      gtk_string_list_append (list, value);
    }
  if (chosen != NULL && selected == 0)
    {
      selected = item->values->len;
      g_ptr_array_add (item->values, g_strdup (chosen));
      gtk_string_list_append (list, chosen);
    }

  item->bar->updating = TRUE;
  gtk_drop_down_set_model (item->dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (item->dropdown, selected);
  gtk_drop_down_set_enable_search (item->dropdown, item->values->len >= SEARCH_FROM);
  item->bar->updating = FALSE;
}

/* A cell of the values frame as the filter compares it: text as it is, numbers written
 * out; NULL for an empty cell, which no "=" filter can match. */
static char *
cell_text (JsonNode *cell)
{
  if (cell == NULL || !JSON_NODE_HOLDS_VALUE (cell))
    return NULL;

  switch (json_node_get_value_type (cell))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (cell));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (cell));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (cell)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (cell) ? "1" : "0");
    default:
      return NULL;
    }
}

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The first column of each row of the engine's answer, in the locale's order. */
static GPtrArray *
frame_values (JsonNode *root)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  JsonNode *member;
  JsonArray *rows;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  member = json_object_get_member (json_node_get_object (root), "rows");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;
  rows = json_node_get_array (member);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      char *text;

      if (!JSON_NODE_HOLDS_ARRAY (row) || json_array_get_length (json_node_get_array (row)) == 0)
        continue;
      text = cell_text (json_array_get_element (json_node_get_array (row), 0));
      if (text != NULL)
        g_ptr_array_add (values, text);
    }
  g_ptr_array_sort (values, compare_values);

  return g_steal_pointer (&values);
}

typedef struct
{
  BsVariableBar *self;
  char          *name;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_free (request->name);
  g_free (request);
}

/* Shows the values (NULL: they could not be read, for @error) in the item of @request. */
static void
show_answer (Request      *request,
             GPtrArray    *values,
             const GError *error)
{
  BsVariableBar *self = request->self;
  BsDashboardVariable *variable;
  Item *item;

  item = find_item (self, request->name);
  variable = find_variable (self, request->name);
  if (item != NULL && variable != NULL)
    {
      item_show_values (item, values, bs_dashboard_variable_get_value (variable));
      gtk_widget_set_sensitive (GTK_WIDGET (item->dropdown), TRUE);
      if (values == NULL)
        {
          g_autofree char *tooltip =
            g_strdup_printf (_("The values could not be read, so only “All” and the chosen "
                               "value are listed: %s"),
                             error != NULL ? error->message : _("the engine’s answer was "
                                                                "not a list of values"));

          gtk_widget_set_tooltip_text (GTK_WIDGET (item->dropdown), tooltip);
        }
      else
        gtk_widget_set_tooltip_text (GTK_WIDGET (item->dropdown), NULL);
    }
}

static void
values_answered_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) values = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      values = error == NULL ? frame_values (root) : NULL;
      show_answer (request, values, error);
    }
  request_free (request);
}

/* A Prometheus variable in a workspace without Prometheus: as Grafana's other variables. */
static void
show_without_source (Request *request)
{
  Item *item = find_item (request->self, request->name);

  if (item == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (item->dropdown), FALSE);
  gtk_widget_set_tooltip_text (item->box,
                               _("This variable lists values from Prometheus: add a "
                                 "Prometheus data source to choose one here."));
}

static void
label_values_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(GPtrArray) values = NULL;

  array = bs_panel_data_label_values_finish (BS_PANEL_DATA (source), result, &error);
  if (array != NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (values, g_strdup (json_node_get_string (element)));
        }
    }
  if (g_error_matches (error, BS_PANEL_DATA_ERROR, BS_PANEL_DATA_ERROR_NO_SOURCE))
    show_without_source (request);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_answer (request, values, error);
  request_free (request);
}

static Request *
request_new (BsVariableBar             *self,
             const BsDashboardVariable *variable)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->name = g_strdup (variable->name);
  return request;
}

/* Asks Prometheus for the values of label_values (); the selector may name other
 * variables, whose chosen values ("current", set in place by the bar) it takes. */
static void
request_label_values (BsVariableBar             *self,
                      const BsDashboardVariable *variable)
{
  g_autofree char *selector = NULL;
  g_autofree char *label = NULL;

  if (self->data == NULL
      || !bs_promql_variable_label_values (self->dashboard, variable, NULL, &selector,
                                           &label))
    return;
  bs_panel_data_label_values_async (self->data, NULL, selector, label, self->cancellable,
                                    label_values_cb, request_new (self, variable));
}

static void
request_values (BsVariableBar             *self,
                const BsDashboardVariable *variable)
{
  g_autoptr(BsQuery) query = bs_dashboard_variable_values_query (variable);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  if (query == NULL || self->client == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_value (builder, bs_query_to_json (query));
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, VALUES_LIMIT);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  bs_engine_client_request_async (self->client, "POST", "query", body, self->cancellable,
                                  values_answered_cb, request_new (self, variable));
}

/* What a person picks */

/* Prometheus variables may list the values of series that another one selects
 * (label_values (up{job="$job"}, instance)): after a choice, they are asked again. */
static void
reload_prometheus_values (BsVariableBar *self,
                          Item          *chosen)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      BsDashboardVariable *variable = find_variable (self, item->name);

      if (item != chosen && item->source == SOURCE_PROMETHEUS && variable != NULL)
        request_label_values (self, variable);
    }
}

static void
selected_cb (GtkDropDown *dropdown,
             GParamSpec  *pspec,
             Item        *item)
{
  BsVariableBar *self = item->bar;
  BsDashboardVariable *variable;
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char *value;

  if (self->updating || item->source == SOURCE_ELSEWHERE || selected >= item->values->len)
    return;
  variable = find_variable (self, item->name);
  if (variable == NULL)
    return;
  value = g_ptr_array_index (item->values, selected);
  if (g_strcmp0 (value, bs_dashboard_variable_get_value (variable)) == 0)
    return;

  bs_dashboard_variable_set_value (variable, value);
  reload_prometheus_values (self, item);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Building the bar */

/* Grafana's "hide": 0 shows the variable, 1 its dropdown without the label, 2 nothing
 * (a variable the panels use that the reader is not meant to change). */
enum
{
  HIDE_NOTHING,
  HIDE_LABEL,
  HIDE_VARIABLE,
};

static gint64
variable_hide (const BsDashboardVariable *variable)
{
  JsonNode *hide = json_object_get_member (variable->json, "hide");

  if (hide == NULL || json_node_get_value_type (hide) != G_TYPE_INT64)
    return HIDE_NOTHING;
  return json_node_get_int (hide);
}

static ValueSource
value_source (BsVariableBar             *self,
              const BsDashboardVariable *variable)
{
  g_autofree char *selector = NULL;
  g_autofree char *label = NULL;

  if (bs_dashboard_variable_get_column (variable, NULL, NULL, NULL))
    return SOURCE_COLUMN;
  if (self->data != NULL
      && bs_promql_variable_label_values (self->dashboard, variable, NULL, &selector, &label))
    return SOURCE_PROMETHEUS;
  return SOURCE_ELSEWHERE;
}

static Item *
item_new (BsVariableBar             *self,
          const BsDashboardVariable *variable)
{
  Item *item = g_new0 (Item, 1);
  const char *label = variable->label != NULL && variable->label[0] != '\0'
                      ? variable->label : variable->name;
  GtkWidget *title = gtk_label_new (label);

  item->bar = self;
  item->name = g_strdup (variable->name);
  item->source = value_source (self, variable);
  item->values = g_ptr_array_new_with_free_func (g_free);
  item->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  bs_dropdown_set_name (item->dropdown, label);
  gtk_widget_add_css_class (title, "variable-label");
  gtk_widget_set_visible (title, variable_hide (variable) != HIDE_LABEL);

  item->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (item->box), title);
  gtk_box_append (GTK_BOX (item->box), GTK_WIDGET (item->dropdown));
  gtk_widget_set_parent (item->box, GTK_WIDGET (self));
  g_signal_connect (item->dropdown, "notify::selected", G_CALLBACK (selected_cb), item);

  return item;
}

static void
add_variable (BsVariableBar             *self,
              const BsDashboardVariable *variable)
{
  Item *item = item_new (self, variable);
  const char *chosen = bs_dashboard_variable_get_value (variable);

  g_ptr_array_add (self->items, item);
  item_show_values (item, NULL, chosen);
  if (item->source == SOURCE_ELSEWHERE)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (item->dropdown), FALSE);
      gtk_widget_set_tooltip_text (item->box,
                                   _("This variable takes its values from a Grafana data "
                                     "source: it works once the dashboard is published to "
                                     "Grafana."));
      return;
    }
  /* Until the values arrive, only the chosen one can be shown. */
  if (item->source == SOURCE_PROMETHEUS)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (item->dropdown), FALSE);
      request_label_values (self, variable);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (item->dropdown), self->client == NULL);
      request_values (self, variable);
    }
}

static void
clear_items (BsVariableBar *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      g_signal_handlers_disconnect_by_data (item->dropdown, item);
      gtk_widget_unparent (item->box);
    }
  g_ptr_array_set_size (self->items, 0);
}

static void
rebuild (BsVariableBar *self)
{
  clear_items (self);
  self->cancellable = g_cancellable_new ();

  if (self->dashboard != NULL)
    for (guint i = 0; i < self->dashboard->variables->len; i++)
      {
        BsDashboardVariable *variable = g_ptr_array_index (self->dashboard->variables, i);

        if (variable_hide (variable) != HIDE_VARIABLE)
          add_variable (self, variable);
      }

  gtk_widget_set_visible (GTK_WIDGET (self), self->items->len > 0);
}

static void
bs_variable_bar_dispose (GObject *object)
{
  BsVariableBar *self = BS_VARIABLE_BAR (object);

  clear_items (self);
  g_clear_object (&self->client);
  g_clear_object (&self->data);
  self->dashboard = NULL;

  G_OBJECT_CLASS (bs_variable_bar_parent_class)->dispose (object);
}

static void
bs_variable_bar_finalize (GObject *object)
{
  BsVariableBar *self = BS_VARIABLE_BAR (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_variable_bar_parent_class)->finalize (object);
}

static void
bs_variable_bar_class_init (BsVariableBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_variable_bar_dispose;
  object_class->finalize = bs_variable_bar_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "variablebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
bs_variable_bar_init (BsVariableBar *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dashboard variables"), -1);
}

GtkWidget *
bs_variable_bar_new (BsEngineClient *client)
{
  BsVariableBar *self;

  g_return_val_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client), NULL);

  self = g_object_new (BS_TYPE_VARIABLE_BAR, NULL);
  self->client = client != NULL ? g_object_ref (client) : NULL;

  return GTK_WIDGET (self);
}

void
bs_variable_bar_set_client (BsVariableBar  *self,
                            BsEngineClient *client)
{
  g_return_if_fail (BS_IS_VARIABLE_BAR (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;
  rebuild (self);
}

void
bs_variable_bar_set_data (BsVariableBar *self,
                          BsPanelData   *data)
{
  g_return_if_fail (BS_IS_VARIABLE_BAR (self));
  g_return_if_fail (data == NULL || BS_IS_PANEL_DATA (data));

  if (!g_set_object (&self->data, data))
    return;
  rebuild (self);
}

void
bs_variable_bar_set_dashboard (BsVariableBar *self,
                               BsDashboard   *dashboard)
{
  g_return_if_fail (BS_IS_VARIABLE_BAR (self));

  self->dashboard = dashboard;
  rebuild (self);
}

GHashTable *
bs_variable_bar_dup_values (BsVariableBar *self)
{
  GHashTable *values;

  g_return_val_if_fail (BS_IS_VARIABLE_BAR (self), NULL);

  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (self->dashboard == NULL)
    return values;

  for (guint i = 0; i < self->dashboard->variables->len; i++)
    {
      BsDashboardVariable *variable = g_ptr_array_index (self->dashboard->variables, i);
      const char *value = bs_dashboard_variable_get_value (variable);

      if (value != NULL && bs_dashboard_variable_get_column (variable, NULL, NULL, NULL))
        g_hash_table_insert (values, g_strdup (variable->name), g_strdup (value));
    }

  return values;
}

GtkWidget *
bs_variable_bar_get_dropdown (BsVariableBar *self,
                              const char    *name)
{
  Item *item;

  g_return_val_if_fail (BS_IS_VARIABLE_BAR (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  item = find_item (self, name);

  return item != NULL ? GTK_WIDGET (item->dropdown) : NULL;
}
