/* bs-variable-dialog.c — adding and removing a dashboard's template variables. */
#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-dashboard-view-query.h"
#include "bs-variable-dialog.h"

struct _BsVariableDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *list_group;
  GPtrArray           *rows;          /* the rows of list_group */
  AdwEntryRow         *name_row;
  AdwEntryRow         *label_row;
  AdwComboRow         *source_row;
  AdwComboRow         *table_row;
  AdwComboRow         *column_row;
  GtkLabel            *error_label;

  BsEngineClient      *client;
  BsDashboard         *dashboard;
  GCancellable        *cancellable;
  GCancellable        *schema_cancellable; /* the schema asked for last */
  GArray              *source_ids;    /* gint64, in the order of source_row */
  JsonArray           *tables;        /* the chosen source's schema */
  gboolean             ready;
  gint64               wanted_source; /* set_form before the lists are read */
  char                *wanted_table;
  char                *wanted_column;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsVariableDialog, bs_variable_dialog, ADW_TYPE_WINDOW)

/* --- the list ---------------------------------------------------------------------------- */

static void show_variables (BsVariableDialog *self);

static void
remove_clicked_cb (GtkButton        *button,
                   BsVariableDialog *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "variable");
  g_autofree char *label = g_strdup_printf (_("Remove Variable “%s”"), name);

  for (guint i = 0; i < self->dashboard->variables->len; i++)
    {
      BsDashboardVariable *variable = g_ptr_array_index (self->dashboard->variables, i);

      if (g_str_equal (variable->name, name))
        {
          g_ptr_array_remove_index (self->dashboard->variables, i);
          show_variables (self);
          g_signal_emit (self, signals[CHANGED], 0, label);
          return;
        }
    }
}

static char *
describe_variable (const BsDashboardVariable *variable)
{
  gint64 source_id;
  const char *table, *column;

  if (bs_dashboard_variable_get_column (variable, &source_id, &table, &column))
    return g_strdup_printf (_("The values of %s in %s; use it in a filter as $%s"), column,
                            table, variable->name);
  return g_strdup (_("From Grafana: it works there, and is kept as it is"));
}

static void
show_variables (BsVariableDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < self->dashboard->variables->len; i++)
    {
      BsDashboardVariable *variable = g_ptr_array_index (self->dashboard->variables, i);
      g_autofree char *subtitle = describe_variable (variable);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_name = g_strdup_printf (_("Remove “%s”"), variable->name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     variable->label != NULL ? variable->label : variable->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_name, -1);
      g_object_set_data_full (G_OBJECT (remove), "variable", g_strdup (variable->name), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
  if (self->rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No variables yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

/* --- the form's lists ------------------------------------------------------------------- */

static void
set_strings (AdwComboRow *row,
             GPtrArray   *strings)
{
  g_ptr_array_add (strings, NULL);
  adw_combo_row_set_model (row, G_LIST_MODEL (gtk_string_list_new ((const char * const *) strings->pdata)));
}

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
select_string (AdwComboRow *row,
               const char  *wanted)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; wanted != NULL && model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), wanted))
        adw_combo_row_set_selected (row, i);
    }
}

static JsonObject *
selected_table (BsVariableDialog *self)
{
  const char *name = selected_string (self->table_row);

  for (guint i = 0; name != NULL && self->tables != NULL && i < json_array_get_length (self->tables); i++)
    {
      JsonObject *table = json_array_get_object_element (self->tables, i);

      if (table != NULL && g_strcmp0 (json_object_get_string_member_with_default (table, "name", NULL),
                                      name) == 0)
        return table;
    }
  return NULL;
}

static void
table_chosen_cb (BsVariableDialog *self)
{
  JsonObject *table = selected_table (self);
  JsonArray *columns = table != NULL && json_object_has_member (table, "columns")
                       ? json_object_get_array_member (table, "columns") : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      /* A dropdown of times or amounts helps nobody: offer the text columns and whole
       * numbers (ids, codes). */
      if (column != NULL && (g_strcmp0 (json_object_get_string_member_with_default (column, "type", ""), "text") == 0 ||
                             g_strcmp0 (json_object_get_string_member_with_default (column, "type", ""), "integer") == 0))
        g_ptr_array_add (names, (gpointer) json_object_get_string_member (column, "name"));
    }
  set_strings (self->column_row, names);
  select_string (self->column_row, self->wanted_column);
}

static void
schema_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BsVariableDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->tables, json_array_unref);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
      json_object_has_member (json_node_get_object (answer), "tables"))
    self->tables = json_array_ref (json_object_get_array_member (json_node_get_object (answer),
                                                                 "tables"));
  else
    gtk_label_set_label (self->error_label, error != NULL ? error->message
                                                          : _("This source has no tables"));

  for (guint i = 0; self->tables != NULL && i < json_array_get_length (self->tables); i++)
    {
      JsonObject *table = json_array_get_object_element (self->tables, i);

      if (table != NULL)
        g_ptr_array_add (names, (gpointer) json_object_get_string_member (table, "name"));
    }
  set_strings (self->table_row, names);
  select_string (self->table_row, self->wanted_table);
  table_chosen_cb (self);
  self->ready = TRUE;
}

static void
source_chosen_cb (BsVariableDialog *self)
{
  guint index = adw_combo_row_get_selected (self->source_row);
  g_autofree char *path = NULL;

  if (self->source_ids == NULL || index >= self->source_ids->len)
    return;
  self->ready = FALSE;
  /* Only the source chosen last counts: an earlier answer must not fill the lists. */
  g_cancellable_cancel (self->schema_cancellable);
  g_clear_object (&self->schema_cancellable);
  self->schema_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->schema_cancellable, G_CONNECT_SWAPPED);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema",
                          g_array_index (self->source_ids, gint64, index));
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->schema_cancellable,
                                  schema_read_cb, g_object_ref (self));
}

static void
sources_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsVariableDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *items = NULL;
  guint wanted = 0;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer != NULL)
    items = bs_engine_client_get_items (answer, _("data sources"), &error);
  if (items == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *kind = item != NULL ? json_object_get_string_member_with_default (item, "kind", "") : "";
      gint64 id;

      /* Metrics have labels, not tables: those variables are for a later version. */
      if (item == NULL || g_str_equal (kind, "prometheus") || g_str_equal (kind, "grafana"))
        continue;
      id = json_object_get_int_member_with_default (item, "id", 0);
      if (id == self->wanted_source)
        wanted = self->source_ids->len;
      g_array_append_val (self->source_ids, id);
      g_ptr_array_add (names, (gpointer) json_object_get_string_member_with_default (item, "name", "?"));
    }
  set_strings (self->source_row, names);
  adw_combo_row_set_selected (self->source_row, wanted);
  source_chosen_cb (self);
}

/* --- adding -------------------------------------------------------------------------------- */

static gboolean
is_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
name_taken (BsVariableDialog *self,
            const char       *name)
{
  for (guint i = 0; i < self->dashboard->variables->len; i++)
    if (g_str_equal (((BsDashboardVariable *) g_ptr_array_index (self->dashboard->variables, i))->name,
                     name))
      return TRUE;
  return FALSE;
}

gboolean
bs_variable_dialog_add (BsVariableDialog *self)
{
  g_autofree char *name = NULL;
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));
  const char *table = selected_string (self->table_row);
  const char *column = selected_string (self->column_row);
  guint source = adw_combo_row_get_selected (self->source_row);
  g_autofree char *undo_label = NULL;
  BsDashboardVariable *variable;

  g_return_val_if_fail (BS_IS_VARIABLE_DIALOG (self), FALSE);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (!is_name (name))
    {
      gtk_label_set_label (self->error_label,
                           _("A name starts with a letter and has only letters, digits and _, "
                             "such as “region”"));
      return FALSE;
    }
  if (name_taken (self, name))
    {
      g_autofree char *message = g_strdup_printf (_("There is a variable “%s” already"), name);

      gtk_label_set_label (self->error_label, message);
      return FALSE;
    }
  if (table == NULL || column == NULL || self->source_ids == NULL || source >= self->source_ids->len)
    {
      gtk_label_set_label (self->error_label, _("Choose the table and the column whose values to offer"));
      return FALSE;
    }

  variable = bs_dashboard_variable_new_column (name, *label != '\0' ? label : NULL,
                                               g_array_index (self->source_ids, gint64, source),
                                               table, column);
  g_ptr_array_add (self->dashboard->variables, variable);
  gtk_label_set_label (self->error_label, "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), "");
  show_variables (self);
  undo_label = g_strdup_printf (_("Add Variable “%s”"), name);
  g_signal_emit (self, signals[CHANGED], 0, undo_label);
  return TRUE;
}

void
bs_variable_dialog_set_form (BsVariableDialog *self,
                             const char       *name,
                             const char       *label,
                             gint64            source_id,
                             const char       *table,
                             const char       *column)
{
  g_return_if_fail (BS_IS_VARIABLE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), label != NULL ? label : "");
  self->wanted_source = source_id;
  g_free (self->wanted_table);
  self->wanted_table = g_strdup (table);
  g_free (self->wanted_column);
  self->wanted_column = g_strdup (column);
  for (guint i = 0; self->source_ids != NULL && i < self->source_ids->len; i++)
    if (g_array_index (self->source_ids, gint64, i) == source_id &&
        adw_combo_row_get_selected (self->source_row) != i)
      {
        adw_combo_row_set_selected (self->source_row, i);
        return;
      }
  select_string (self->table_row, table);
  select_string (self->column_row, column);
}

gboolean
bs_variable_dialog_get_ready (BsVariableDialog *self)
{
  g_return_val_if_fail (BS_IS_VARIABLE_DIALOG (self), FALSE);

  return self->ready;
}

/* --- building ------------------------------------------------------------------------------ */

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static void
build (BsVariableDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *form = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Variable"));

  self->list_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->list_group, _("Variables"));
  adw_preferences_group_set_description (self->list_group,
                                         _("Each one is a dropdown above the panels. A panel "
                                           "follows it when one of its filters has the value "
                                           "$name."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->list_group);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (form), _("New Variable"));
  self->name_row = entry_row (ADW_PREFERENCES_GROUP (form), _("Name, such as region"));
  self->label_row = entry_row (ADW_PREFERENCES_GROUP (form), _("Label shown, such as Region"));
  self->source_row = combo_row (ADW_PREFERENCES_GROUP (form), _("Source"));
  self->table_row = combo_row (ADW_PREFERENCES_GROUP (form), _("Table"));
  self->column_row = combo_row (ADW_PREFERENCES_GROUP (form), _("Values of the column"));
  g_signal_connect_swapped (self->source_row, "notify::selected", G_CALLBACK (source_chosen_cb), self);
  g_signal_connect_swapped (self->table_row, "notify::selected", G_CALLBACK (table_chosen_cb), self);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_halign (add, GTK_ALIGN_END);
  gtk_widget_set_margin_top (add, 12);
  gtk_widget_add_css_class (add, "suggested-action");
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (bs_variable_dialog_add), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form), GTK_WIDGET (self->error_label));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (form), add);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (form));

  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}

BsVariableDialog *
bs_variable_dialog_new (GtkWindow      *parent,
                        BsEngineClient *client,
                        BsDashboard    *dashboard)
{
  BsVariableDialog *self;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);
  g_return_val_if_fail (dashboard != NULL, NULL);

  self = g_object_new (BS_TYPE_VARIABLE_DIALOG,
                       "title", _("Dashboard Variables"),
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 480,
                       "default-height", 640,
                       NULL);
  self->client = g_object_ref (client);
  self->dashboard = dashboard;
  show_variables (self);
  bs_engine_client_request_async (client, "GET", "datasources", NULL, self->cancellable,
                                  sources_read_cb, g_object_ref (self));
  return self;
}

static void
bs_variable_dialog_dispose (GObject *object)
{
  BsVariableDialog *self = BS_VARIABLE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->schema_cancellable);

  G_OBJECT_CLASS (bs_variable_dialog_parent_class)->dispose (object);
}

static void
bs_variable_dialog_finalize (GObject *object)
{
  BsVariableDialog *self = BS_VARIABLE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->schema_cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->source_ids, g_array_unref);
  g_clear_pointer (&self->tables, json_array_unref);
  g_free (self->wanted_table);
  g_free (self->wanted_column);

  G_OBJECT_CLASS (bs_variable_dialog_parent_class)->finalize (object);
}

static void
bs_variable_dialog_class_init (BsVariableDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_variable_dialog_dispose;
  object_class->finalize = bs_variable_dialog_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_variable_dialog_init (BsVariableDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->source_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  build (self);
}
