#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-data-source-group.h"
#include "bs-format.h"

struct _BsDataSourceGroup
{
  AdwPreferencesGroup  parent_instance;

  GtkLabel            *kind_label;
  AdwActionRow        *loading_row;
  AdwActionRow        *error_row;

  BsEngineClient      *client;
  GCancellable        *cancellable;
  GPtrArray           *table_rows;
  gint64               id;
  int                  n_tables;
};

G_DEFINE_FINAL_TYPE (BsDataSourceGroup, bs_data_source_group, ADW_TYPE_PREFERENCES_GROUP)

static void
clear_table_rows (BsDataSourceGroup *self)
{
  for (guint i = 0; i < self->table_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->table_rows, i));
  g_ptr_array_set_size (self->table_rows, 0);
}

static GtkWidget *
column_row (JsonObject *column)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *type = gtk_label_new (json_object_get_string_member_with_default (column, "type",
                                                                               ""));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member_with_default (column, "name", "?"));
  gtk_widget_add_css_class (type, "dim-label");
  gtk_widget_add_css_class (type, "monospace");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), type);

  return row;
}

static GtkWidget *
table_row (JsonObject *table)
{
  GtkWidget *row = adw_expander_row_new ();
  JsonNode *columns_node = json_object_get_member (table, "columns");
  JsonArray *columns = columns_node && JSON_NODE_HOLDS_ARRAY (columns_node)
                       ? json_node_get_array (columns_node) : NULL;
  guint n_columns = columns ? json_array_get_length (columns) : 0;
  gint64 n_rows = json_object_get_int_member_with_default (table, "rows", 0);
  g_autofree char *rows_text = bs_format_count (n_rows);
  g_autofree char *rows_part = NULL;
  g_autofree char *columns_part = NULL;
  g_autofree char *subtitle = NULL;

  rows_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", n_rows),
                               rows_text);
  columns_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column", "%u columns",
                                               n_columns),
                                  n_columns);
  /* Translators: “123,456 rows · 8 columns”. */
  subtitle = g_strdup_printf (_("%s · %s"), rows_part, columns_part);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member_with_default (table, "name", "?"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  for (guint i = 0; i < n_columns; i++)
    {
      JsonNode *node = json_array_get_element (columns, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), column_row (json_node_get_object (node)));
    }

  return row;
}

static void
show_state (BsDataSourceGroup *self,
            gboolean           loading,
            const char        *error_message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->loading_row), loading);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), error_message != NULL);
  if (error_message != NULL)
    adw_action_row_set_subtitle (self->error_row, error_message);
}

static void
show_tables (BsDataSourceGroup *self,
             JsonArray         *items)
{
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      row = table_row (json_node_get_object (node));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->table_rows, row);
    }

  if (self->table_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("This source has no tables"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->table_rows, row);
      self->n_tables = 0;
    }
  else
    {
      self->n_tables = self->table_rows->len;
    }
}

static void
tables_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsDataSourceGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL)
    items = bs_engine_client_get_items (root, _("tables"), &error);
  if (items == NULL)
    {
      show_state (self, FALSE, error->message);
      return;
    }

  show_state (self, FALSE, NULL);
  show_tables (self, items);
}

static void
load_tables (BsDataSourceGroup *self)
{
  g_autofree char *path = g_strdup_printf ("data-sources/%" G_GINT64_FORMAT "/tables", self->id);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_table_rows (self);
  self->n_tables = -1;
  show_state (self, TRUE, NULL);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  tables_loaded_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load_tables (BS_DATA_SOURCE_GROUP (widget));
}

static void
bs_data_source_group_dispose (GObject *object)
{
  BsDataSourceGroup *self = BS_DATA_SOURCE_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->table_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_DATA_SOURCE_GROUP);

  G_OBJECT_CLASS (bs_data_source_group_parent_class)->dispose (object);
}

static void
bs_data_source_group_class_init (BsDataSourceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_data_source_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-data-source-group.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, kind_label);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, loading_row);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, error_row);

  gtk_widget_class_install_action (widget_class, "source.reload", NULL, reload_action);
}

static void
bs_data_source_group_init (BsDataSourceGroup *self)
{
  self->table_rows = g_ptr_array_new ();
  self->n_tables = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
describe_kind (JsonObject *source)
{
  const char *kind = json_object_get_string_member_with_default (source, "kind", "");
  gboolean is_demo = json_object_get_boolean_member_with_default (source, "is_demo", FALSE);
  const char *kind_name = g_strcmp0 (kind, "sqlite") == 0 ? _("SQLite database") : kind;

  if (is_demo)
    /* Translators: “Demo data · SQLite database”. */
    return g_strdup_printf (_("Demo data · %s"), kind_name);

  return g_strdup (kind_name);
}

GtkWidget *
bs_data_source_group_new (BsEngineClient *client,
                          JsonObject     *source)
{
  BsDataSourceGroup *self;
  g_autofree char *kind = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  kind = describe_kind (source);
  /* The description is markup; a path may hold “&”. */
  path = g_markup_escape_text (json_object_get_string_member_with_default (source, "path", ""),
                               -1);
  self = g_object_new (BS_TYPE_DATA_SOURCE_GROUP,
                       "title", json_object_get_string_member_with_default (source, "name", "?"),
                       "description", path,
                       NULL);
  self->client = g_object_ref (client);
  self->id = json_object_get_int_member_with_default (source, "id", 0);
  gtk_label_set_label (self->kind_label, kind);
  load_tables (self);

  return GTK_WIDGET (self);
}

gint64
bs_data_source_group_get_id (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), 0);

  return self->id;
}

int
bs_data_source_group_get_n_tables (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), -1);

  return self->n_tables;
}
