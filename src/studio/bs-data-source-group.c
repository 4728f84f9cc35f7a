#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "bs-data-source-group.h"
#include "bs-format.h"

/* A Prometheus server can have thousands of metrics; a list that long helps nobody: past
 * this many, the rest are found with the search entry. */
#define MAX_METRIC_ROWS 100
/* Fewer than this need no search entry. */
#define SEARCH_THRESHOLD 15

struct _BsDataSourceGroup
{
  AdwPreferencesGroup parent_instance;

  GtkLabel            *status_label;
  GtkMenuButton       *menu_button;
  AdwPreferencesRow   *search_row;
  GtkSearchEntry      *search_entry;
  AdwActionRow        *loading_row;
  AdwActionRow        *health_row;
  AdwActionRow        *error_row;

  BsEngineClient      *client;
  GCancellable        *cancellable;
  GPtrArray           *table_rows;
  JsonNode            *schema;
  JsonObject          *item;
  gint64              id;
  int                 n_tables;
  BsSourceStatus      status;
  char                *status_message;
  char                *schema_error;
};

enum {
  TABLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsDataSourceGroup, bs_data_source_group, ADW_TYPE_PREFERENCES_GROUP)

static const char *
describe_type (const char *type)
{
  if (g_strcmp0 (type, "time") == 0)
    return _("Date and time");
  if (g_strcmp0 (type, "integer") == 0)
    return _("Whole number");
  if (g_strcmp0 (type, "number") == 0)
    return _("Number");
  if (g_strcmp0 (type, "text") == 0)
    return _("Text");

  return type != NULL ? type : "";
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
update_rows (BsDataSourceGroup *self)
{
  gboolean health_failed = self->status == BS_SOURCE_STATUS_ERROR;

  gtk_widget_set_visible (GTK_WIDGET (self->loading_row),
                          self->n_tables < 0 && self->schema_error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->health_row), health_failed);
  if (health_failed)
    adw_action_row_set_subtitle (self->health_row, self->status_message);
  /* A source that does not answer cannot list its tables either: say it once. */
  gtk_widget_set_visible (GTK_WIDGET (self->error_row),
                          self->schema_error != NULL && !health_failed);
  if (self->schema_error != NULL)
    adw_action_row_set_subtitle (self->error_row, self->schema_error);
}

static void
clear_table_rows (BsDataSourceGroup *self)
{
  for (guint i = 0; i < self->table_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->table_rows, i));
  g_ptr_array_set_size (self->table_rows, 0);
}

/* --- health -------------------------------------------------------------------------------- */

static void
show_status (BsDataSourceGroup *self,
             BsSourceStatus     status,
             const char        *message)
{
  const char *text = _("Checking…");

  self->status = status;
  g_free (self->status_message);
  self->status_message = g_strdup (message);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (status == BS_SOURCE_STATUS_OK)
    {
      text = _("Available");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else if (status == BS_SOURCE_STATUS_ERROR)
    {
      text = _("Unavailable");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), message);
  update_rows (self);
}

static char *
describe_health (JsonObject *health)
{
  const char *version = NULL;
  gint64 elapsed = json_object_get_int_member_with_default (health, "elapsed_ms", 0);

  if (json_object_has_member (health, "version") &&
      !json_object_get_null_member (health, "version"))
    version = json_object_get_string_member (health, "version");

  if (version != NULL)
    /* Translators: “Version 2.42.0, answered in 12 ms”. */
    return g_strdup_printf (_("Version %s, answered in %" PRId64 " ms"), version,
                            elapsed);

  return g_strdup_printf (_("Answered in %" PRId64 " ms"), elapsed);
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsDataSourceGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *details = NULL;
  JsonObject *health;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      show_status (self, BS_SOURCE_STATUS_ERROR,
                   error != NULL ? error->message : _("The engine gave no answer."));
      return;
    }

  health = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (health, "status", ""), "ok") != 0)
    {
      show_status (self, BS_SOURCE_STATUS_ERROR,
                   json_object_get_string_member_with_default (health, "message",
                                                               _("The source does not answer.")));
      return;
    }

  details = describe_health (health);
  show_status (self, BS_SOURCE_STATUS_OK, details);
}

/* --- schema -------------------------------------------------------------------------------- */

static void
open_clicked_cb (GtkButton         *button,
                 BsDataSourceGroup *self)
{
  g_signal_emit (self, signals[TABLE_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (button), "bs-table"));
}

static GtkWidget *
open_button (BsDataSourceGroup *self,
             const char        *name)
{
  GtkWidget *button = gtk_button_new_with_label (_("Open"));
  g_autofree char *tooltip = g_strdup_printf (_("Show “%s”"), name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* “Open” alone does not say which of the many Open buttons this is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "bs-table", g_strdup (name), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), self);

  return button;
}

static GtkWidget *
detail_row (const char *title,
            const char *subtitle,
            const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  return row;
}

static char *
describe_table (JsonObject *table,
                guint       n_columns)
{
  g_autofree char *columns_part = NULL;
  g_autofree char *rows_part = NULL;
  JsonNode *rows = json_object_get_member (table, "rows");

  columns_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column", "%u columns",
                                               n_columns),
                                  n_columns);
  if (rows == NULL || JSON_NODE_HOLDS_NULL (rows))
    rows_part = g_strdup (_("View"));
  else
    {
      gint64 n_rows = json_node_get_int (rows);
      g_autofree char *count = bs_format_count (n_rows);

      rows_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", n_rows),
                                   count);
    }

  /* Translators: “123,456 rows · 8 columns”. */
  return g_strdup_printf (_("%s · %s"), rows_part, columns_part);
}

static GtkWidget *
table_row (BsDataSourceGroup *self,
           JsonObject        *table)
{
  GtkWidget *row = adw_expander_row_new ();
  const char *name = json_object_get_string_member_with_default (table, "name", "?");
  JsonArray *columns = array_member (table, "columns");
  guint n_columns = columns != NULL ? json_array_get_length (columns) : 0;
  g_autofree char *subtitle = describe_table (table, n_columns);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), open_button (self, name));

  for (guint i = 0; i < n_columns; i++)
    {
      JsonNode *node = json_array_get_element (columns, i);
      JsonObject *column;
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      column = json_node_get_object (node);
      type = json_object_get_string_member_with_default (column, "type", NULL);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                detail_row (json_object_get_string_member_with_default (column,
                                                                                        "name",
                                                                                        "?"),
                                            json_object_get_string_member_with_default (column,
                                                                                        "declared",
                                                                                        NULL),
                                            describe_type (type)));
    }

  return row;
}

static void
show_labels (AdwExpanderRow *row,
             JsonArray      *labels)
{
  guint n = labels != NULL ? json_array_get_length (labels) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *label = json_array_get_object_element (labels, i);
      JsonArray *values = array_member (label, "values");
      guint n_values = values != NULL ? json_array_get_length (values) : 0;
      g_autoptr(GString) shown = g_string_new (NULL);

      for (guint v = 0; v < n_values && v < 8; v++)
        g_string_append_printf (shown, "%s%s", v > 0 ? ", " : "",
                                json_array_get_string_element (values, v));
      if (n_values > 8)
        g_string_append (shown, ", …");
      adw_expander_row_add_row (row,
                                detail_row (json_object_get_string_member_with_default (label,
                                                                                        "name",
                                                                                        "?"),
                                            shown->str, _("Label")));
    }

  if (n == 0)
    adw_expander_row_add_row (row, detail_row (_("This metric has no labels"), NULL, NULL));
}

static void
labels_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwExpanderRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      adw_expander_row_add_row (row, detail_row (_("Could not list the labels"),
                                                 error != NULL ? error->message : NULL, NULL));
      return;
    }

  show_labels (row, array_member (json_node_get_object (root), "labels"));
}

/* Labels come one metric at a time, and only when someone looks at them. */
static void
metric_expanded_cb (AdwExpanderRow    *row,
                    GParamSpec        *pspec,
                    BsDataSourceGroup *self)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (!adw_expander_row_get_expanded (row) ||
      g_object_get_data (G_OBJECT (row), "bs-labels-asked") != NULL)
    return;

  g_object_set_data (G_OBJECT (row), "bs-labels-asked", GINT_TO_POINTER (TRUE));
  escaped = g_uri_escape_string (g_object_get_data (G_OBJECT (row), "bs-metric"), NULL, FALSE);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema?metric=%s", self->id,
                          escaped);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  labels_cb, g_object_ref (row));
}

static GtkWidget *
metric_row (BsDataSourceGroup *self,
            JsonObject        *metric)
{
  GtkWidget *row = adw_expander_row_new ();
  const char *name = json_object_get_string_member_with_default (metric, "name", "?");
  const char *type = NULL;
  const char *help = NULL;
  g_autofree char *subtitle = NULL;

  if (json_object_has_member (metric, "type") && !json_object_get_null_member (metric, "type"))
    type = json_object_get_string_member (metric, "type");
  if (json_object_has_member (metric, "help") && !json_object_get_null_member (metric, "help"))
    help = json_object_get_string_member (metric, "help");
  if (type != NULL && help != NULL)
    /* Translators: a metric's type and its help text: “gauge · Temperature of the room”. */
    subtitle = g_strdup_printf (_("%s · %s"), type, help);
  else
    subtitle = g_strdup (type != NULL ? type : help);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), open_button (self, name));
  /* Not the widget's name: GTK keeps those as quarks for ever, one per metric. */
  g_object_set_data_full (G_OBJECT (row), "bs-metric", g_strdup (name), g_free);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (metric_expanded_cb), self);

  return row;
}

static void
add_row (BsDataSourceGroup *self,
         GtkWidget         *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->table_rows, row);
}

static gboolean
matches (JsonObject *entry,
         const char *needle)
{
  g_autofree char *name = NULL;

  if (needle == NULL || *needle == '\0')
    return TRUE;

  name = g_utf8_casefold (json_object_get_string_member_with_default (entry, "name", ""), -1);
  return strstr (name, needle) != NULL;
}

static void
show_schema (BsDataSourceGroup *self)
{
  JsonObject *schema = json_node_get_object (self->schema);
  gboolean metrics = bs_data_source_group_has_metrics (self);
  JsonArray *entries = array_member (schema, metrics ? "metrics" : "tables");
  guint n = entries != NULL ? json_array_get_length (entries) : 0;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (search, -1);
  guint n_matches = 0;
  guint shown = 0;

  clear_table_rows (self);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) || !matches (json_node_get_object (node), needle))
        continue;
      n_matches++;
      if (shown >= MAX_METRIC_ROWS)
        continue;
      add_row (self, metrics ? metric_row (self, json_node_get_object (node))
                             : table_row (self, json_node_get_object (node)));
      shown++;
    }

  if (n_matches > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more is not listed",
                                                            "%u more are not listed",
                                                            n_matches - shown),
                                               n_matches - shown);

      add_row (self, detail_row (more, _("Type a part of the name above to find it."), NULL));
    }
  else if (n_matches == 0 && n > 0)
    add_row (self, detail_row (_("Nothing has that name"), NULL, NULL));
  else if (n == 0)
    add_row (self, detail_row (metrics ? _("This source has no metrics")
                                       : _("This source has no tables"), NULL, NULL));

  gtk_widget_set_visible (GTK_WIDGET (self->search_row), n >= SEARCH_THRESHOLD);
  self->n_tables = n;
}

static void
search_changed_cb (BsDataSourceGroup *self)
{
  if (self->schema != NULL)
    show_schema (self);
}

static void
schema_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsDataSourceGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error (&error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                 _("The engine did not describe the tables of this source."));
  if (error != NULL)
    {
      g_free (self->schema_error);
      self->schema_error = g_strdup (error->message);
      update_rows (self);
      return;
    }

  g_clear_pointer (&self->schema, json_node_unref);
  self->schema = g_steal_pointer (&root);
  show_schema (self);
  update_rows (self);
}

void
bs_data_source_group_reload (BsDataSourceGroup *self)
{
  g_autofree char *schema_path = NULL;
  g_autofree char *health_path = NULL;

  g_return_if_fail (BS_IS_DATA_SOURCE_GROUP (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_table_rows (self);
  g_clear_pointer (&self->schema, json_node_unref);
  g_clear_pointer (&self->schema_error, g_free);
  self->n_tables = -1;
  show_status (self, BS_SOURCE_STATUS_CHECKING, NULL);

  /* Both at once: a slow remote server should not hold up the list of tables. */
  health_path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/health", self->id);
  bs_engine_client_request_async (self->client, "GET", health_path, NULL, self->cancellable,
                                  health_cb, g_object_ref (self));
  schema_path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", self->id);
  bs_engine_client_request_async (self->client, "GET", schema_path, NULL, self->cancellable,
                                  schema_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  bs_data_source_group_reload (BS_DATA_SOURCE_GROUP (widget));
}

/* --- construction -------------------------------------------------------------------------- */

static char *
describe_place (JsonObject *source)
{
  const char *kind = json_object_get_string_member_with_default (source, "kind", "");
  const char *path = json_object_get_string_member_with_default (source, "path", NULL);
  const char *url = json_object_get_string_member_with_default (source, "url", NULL);
  const char *file = json_object_get_string_member_with_default (source, "file", NULL);
  const char *table = json_object_get_string_member_with_default (source, "table", NULL);

  if (json_object_get_boolean_member_with_default (source, "is_demo", FALSE))
    return g_strdup (_("Demo shop · built into the workspace"));
  if (g_str_equal (kind, "sqlite"))
    /* Translators: “SQLite database · /home/ann/shop.db”. */
    return g_strdup_printf (_("SQLite database · %s"), path != NULL ? path : "");
  if (g_str_equal (kind, "csv"))
    {
      g_autofree char *base = file != NULL ? g_path_get_basename (file) : NULL;

      /* Translators: “Imported from sales.csv · table sales”. */
      return g_strdup_printf (_("Imported from %s · table %s"), base != NULL ? base : "?",
                              table != NULL ? table : "?");
    }
  if (g_str_equal (kind, "prometheus"))
    /* Translators: “Prometheus · http://127.0.0.1:9090”. */
    return g_strdup_printf (_("Prometheus · %s"), url != NULL ? url : "");
  if (g_str_equal (kind, "grafana"))
    /* Translators: “Grafana · https://grafana.example.com”. */
    return g_strdup_printf (_("Grafana · %s"), url != NULL ? url : "");

  return g_strdup (kind);
}

static void
set_up_menu (BsDataSourceGroup *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) remove = NULL;

  g_menu_append (menu, _("_Check Again"), "source.reload");
  /* The demo shop feeds Home; without it the workspace would have nothing to show. */
  if (!json_object_get_boolean_member_with_default (self->item, "is_demo", FALSE))
    {
      remove = g_menu_item_new (_("_Remove…"), NULL);
      g_menu_item_set_action_and_target_value (remove, "data.remove-source",
                                               g_variant_new_int64 (self->id));
      g_menu_append_item (menu, remove);
    }
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
bs_data_source_group_dispose (GObject *object)
{
  BsDataSourceGroup *self = BS_DATA_SOURCE_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->table_rows, g_ptr_array_unref);
  g_clear_pointer (&self->schema, json_node_unref);
  g_clear_pointer (&self->item, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_DATA_SOURCE_GROUP);

  G_OBJECT_CLASS (bs_data_source_group_parent_class)->dispose (object);
}

static void
bs_data_source_group_finalize (GObject *object)
{
  BsDataSourceGroup *self = BS_DATA_SOURCE_GROUP (object);

  g_clear_pointer (&self->status_message, g_free);
  g_clear_pointer (&self->schema_error, g_free);

  G_OBJECT_CLASS (bs_data_source_group_parent_class)->finalize (object);
}

static void
bs_data_source_group_class_init (BsDataSourceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_data_source_group_dispose;
  object_class->finalize = bs_data_source_group_finalize;

  /* The name of the table or metric whose Open button was pressed. */
  signals[TABLE_ACTIVATED] =
    g_signal_new ("table-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-data-source-group.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, search_row);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, loading_row);
  gtk_widget_class_bind_template_child (widget_class, BsDataSourceGroup, health_row);
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

GtkWidget *
bs_data_source_group_new (BsEngineClient *client,
                          JsonObject     *source)
{
  BsDataSourceGroup *self;
  g_autofree char *place = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  place = describe_place (source);
  /* The description is markup; a path may hold “&”. */
  escaped = g_markup_escape_text (place, -1);
  self = g_object_new (BS_TYPE_DATA_SOURCE_GROUP,
                       "title", json_object_get_string_member_with_default (source, "name", "?"),
                       "description", escaped,
                       NULL);
  self->client = g_object_ref (client);
  self->item = json_object_ref (source);
  self->id = json_object_get_int_member_with_default (source, "id", 0);
  if (bs_data_source_group_has_metrics (self))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->loading_row),
                                   _("Loading the metrics…"));
  else
    {
      g_object_set (self->search_entry, "placeholder-text", _("Find a table"), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find a table"), -1);
    }
  set_up_menu (self);
  bs_data_source_group_reload (self);

  return GTK_WIDGET (self);
}

gint64
bs_data_source_group_get_id (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), 0);

  return self->id;
}

const char *
bs_data_source_group_get_name (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), NULL);

  return json_object_get_string_member_with_default (self->item, "name", "");
}

const char *
bs_data_source_group_get_kind (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), NULL);

  return json_object_get_string_member_with_default (self->item, "kind", "");
}

gboolean
bs_data_source_group_has_metrics (BsDataSourceGroup *self)
{
  const char *kind;

  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), FALSE);

  kind = bs_data_source_group_get_kind (self);
  return g_strcmp0 (kind, "prometheus") == 0 || g_strcmp0 (kind, "grafana") == 0;
}

int
bs_data_source_group_get_n_tables (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), -1);

  return self->n_tables;
}

JsonObject *
bs_data_source_group_get_table (BsDataSourceGroup *self,
                                const char        *name)
{
  JsonArray *entries;

  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->schema == NULL)
    return NULL;

  entries = array_member (json_node_get_object (self->schema),
                          bs_data_source_group_has_metrics (self) ? "metrics" : "tables");
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (entry != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "name", NULL), name) == 0)
        return entry;
    }

  return NULL;
}

BsSourceStatus
bs_data_source_group_get_status (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), BS_SOURCE_STATUS_ERROR);

  return self->status;
}

const char *
bs_data_source_group_get_status_message (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), NULL);

  return self->status_message;
}

const char *
bs_data_source_group_get_schema_error (BsDataSourceGroup *self)
{
  g_return_val_if_fail (BS_IS_DATA_SOURCE_GROUP (self), NULL);

  return self->schema_error;
}
