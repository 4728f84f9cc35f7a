#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-data-table-pane.h"
#include "bs-format.h"
#include "bs-query-builder.h"
#include "bs-query-preview.h"

struct _BsDataTablePane
{
  GtkWidget          parent_instance;

  GtkStack           *pane_stack;
  AdwStatusPage      *none_page;
  GtkButton          *back_button;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkStackSwitcher   *view_switcher;
  GtkStack           *view_stack;
  GtkStackPage       *rows_page;
  GtkStack           *rows_stack;
  GtkSpinner         *rows_spinner;
  BsFrameView        *frame_view;
  AdwStatusPage      *rows_error_page;
  GtkLabel           *rows_label;
  GtkSpinner         *more_spinner;
  GtkButton          *load_more_button;
  GtkBox             *summarize_box;
  BsQueryBuilder     *builder;
  BsQueryPreview     *preview;

  BsEngineClient     *client;
  GCancellable       *cancellable;
  BsProfileVerbosity verbosity;
  gint64             source_id;
  char               *table;
  gint64             estimate;      /* the schema's row estimate; -1 when it has none */
  guint              n_loaded;
  gboolean           has_more;
  gboolean           loading;
  char               *error;
};

G_DEFINE_FINAL_TYPE (BsDataTablePane, bs_data_table_pane, GTK_TYPE_WIDGET)

static void
update_footer (BsDataTablePane *self)
{
  g_autofree char *loaded = bs_format_count (self->n_loaded);
  g_autofree char *text = NULL;

  if (self->estimate >= 0 && self->has_more)
    {
      g_autofree char *estimate = bs_format_count (self->estimate);

      /* Translators: “Showing the first 100 of about 20,000 rows”. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Showing the first %s of about %s row",
                                           "Showing the first %s of about %s rows",
                                           self->estimate),
                              loaded, estimate);
    }
  else if (self->has_more)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing the first %s row",
                                         "Showing the first %s rows", self->n_loaded),
                            loaded);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "All %s row", "All %s rows",
                                         self->n_loaded),
                            loaded);

  gtk_label_set_label (self->rows_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->load_more_button), self->has_more);
  gtk_widget_set_sensitive (GTK_WIDGET (self->load_more_button), !self->loading);
  gtk_widget_set_visible (GTK_WIDGET (self->more_spinner), self->loading && self->n_loaded > 0);
  gtk_spinner_set_spinning (self->more_spinner, self->loading && self->n_loaded > 0);
}

static void
set_loading (BsDataTablePane *self,
             gboolean         loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->rows_spinner, loading && self->n_loaded == 0);
  if (loading && self->n_loaded == 0)
    gtk_stack_set_visible_child_name (self->rows_stack, "loading");
  update_footer (self);
}

static void
show_error (BsDataTablePane *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (self->rows_error_page, message);
  if (self->n_loaded == 0)
    gtk_stack_set_visible_child_name (self->rows_stack, "error");
  else
    gtk_label_set_label (self->rows_label, message);
}

static guint
frame_n_rows (JsonObject *frame)
{
  JsonNode *rows = json_object_get_member (frame, "rows");

  return rows != NULL && JSON_NODE_HOLDS_ARRAY (rows)
         ? json_array_get_length (json_node_get_array (rows)) : 0;
}

static void
rows_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BsDataTablePane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *frame;
  guint n;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error (&error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                 _("The engine did not send the rows of this table."));
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }

  frame = json_node_get_object (root);
  n = frame_n_rows (frame);
  if (self->n_loaded == 0)
    bs_frame_view_set_frame (self->frame_view, frame);
  else if (!bs_frame_view_append_rows (self->frame_view, frame))
    {
      /* The table changed under us (an import replaced it): start again from the top. */
      show_error (self, _("The table’s columns changed while its rows were shown. Open it "
                          "again to see it as it is now."));
      return;
    }

  self->n_loaded += n;
  self->has_more = json_object_get_boolean_member_with_default (frame, "truncated",
                                                                n == BS_DATA_TABLE_PANE_PAGE_SIZE);
  gtk_stack_set_visible_child_name (self->rows_stack, "grid");
  update_footer (self);
}

static void
fetch_rows (BsDataTablePane *self)
{
  g_autofree char *escaped = g_uri_escape_string (self->table, NULL, FALSE);
  g_autofree char *path = NULL;

  g_clear_pointer (&self->error, g_free);
  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/%s/rows?limit=%u&offset=%u",
                          self->source_id, escaped, BS_DATA_TABLE_PANE_PAGE_SIZE,
                          self->n_loaded);
  set_loading (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  rows_cb, g_object_ref (self));
}

static void
reset (BsDataTablePane *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_loaded = 0;
  self->has_more = FALSE;
  self->loading = FALSE;
  g_clear_pointer (&self->error, g_free);
  bs_frame_view_set_frame (self->frame_view, NULL);
}

/* Built the first time Summarize is shown: most visits only look at the rows. */
static void
ensure_summary (BsDataTablePane *self)
{
  if (self->builder != NULL || self->client == NULL)
    return;

  self->builder = BS_QUERY_BUILDER (bs_query_builder_new (self->client));
  self->preview = BS_QUERY_PREVIEW (bs_query_preview_new (self->client));
  bs_query_builder_set_verbosity (self->builder, self->verbosity);
  bs_query_preview_follow (self->preview, self->builder);
  gtk_widget_set_vexpand (GTK_WIDGET (self->preview), TRUE);
  gtk_box_append (self->summarize_box, GTK_WIDGET (self->builder));
  gtk_box_append (self->summarize_box, GTK_WIDGET (self->preview));
}

static void
view_changed_cb (BsDataTablePane *self)
{
  if (self->table == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "summarize") != 0)
    return;

  if (self->builder == NULL)
    {
      ensure_summary (self);
      if (self->builder != NULL)
        bs_query_builder_set_source (self->builder, self->source_id, self->table);
    }
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BsDataTablePane *self = BS_DATA_TABLE_PANE (widget);

  if (self->table == NULL || self->client == NULL)
    return;
  reset (self);
  fetch_rows (self);
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  bs_data_table_pane_load_more (BS_DATA_TABLE_PANE (widget));
}

static void
bs_data_table_pane_dispose (GObject *object)
{
  BsDataTablePane *self = BS_DATA_TABLE_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_DATA_TABLE_PANE);

  G_OBJECT_CLASS (bs_data_table_pane_parent_class)->dispose (object);
}

static void
bs_data_table_pane_finalize (GObject *object)
{
  BsDataTablePane *self = BS_DATA_TABLE_PANE (object);

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bs_data_table_pane_parent_class)->finalize (object);
}

static void
bs_data_table_pane_class_init (BsDataTablePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_data_table_pane_dispose;
  object_class->finalize = bs_data_table_pane_finalize;

  g_type_ensure (BS_TYPE_FRAME_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-data-table-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, none_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, back_button);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, rows_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, rows_stack);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, rows_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, frame_view);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, rows_error_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, rows_label);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, load_more_button);
  gtk_widget_class_bind_template_child (widget_class, BsDataTablePane, summarize_box);

  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "pane.load-more", NULL, load_more_action);
  gtk_widget_class_set_css_name (widget_class, "datatablepane");
}

static void
bs_data_table_pane_init (BsDataTablePane *self)
{
  self->estimate = -1;
  self->verbosity = BS_PROFILE_VERBOSITY_BALANCED;
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_frame_view_set_empty_text (self->frame_view, _("No Rows"),
                                _("This table is empty."));
}

GtkWidget *
bs_data_table_pane_new (void)
{
  return g_object_new (BS_TYPE_DATA_TABLE_PANE, NULL);
}

void
bs_data_table_pane_set_client (BsDataTablePane *self,
                               BsEngineClient  *client)
{
  g_return_if_fail (BS_IS_DATA_TABLE_PANE (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  if (self->builder != NULL)
    {
      bs_query_preview_follow (self->preview, NULL);
      bs_query_preview_set_client (self->preview, client);
      bs_query_builder_set_client (self->builder, client);
      bs_query_preview_follow (self->preview, self->builder);
    }
  bs_data_table_pane_clear (self);
}

void
bs_data_table_pane_set_verbosity (BsDataTablePane    *self,
                                  BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_DATA_TABLE_PANE (self));

  self->verbosity = verbosity;
  if (self->builder != NULL)
    bs_query_builder_set_verbosity (self->builder, verbosity);
  adw_status_page_set_description (self->none_page,
                                   verbosity == BS_PROFILE_VERBOSITY_MINIMAL
                                   ? NULL
                                   : _("Press Open beside a table to see its rows and sum "
                                       "them up."));
}

static char *
describe_source (const char *source_name,
                 JsonObject *table,
                 gboolean    is_metric)
{
  JsonNode *rows = json_object_get_member (table, "rows");

  if (is_metric)
    /* Translators: “Metric of Shop Prometheus”. */
    return g_strdup_printf (_("Metric of %s"), source_name);
  if (rows == NULL || JSON_NODE_HOLDS_NULL (rows))
    /* Translators: “View in Demo shop”. */
    return g_strdup_printf (_("View in %s"), source_name);

  /* Translators: “Table in Demo shop”. */
  return g_strdup_printf (_("Table in %s"), source_name);
}

void
bs_data_table_pane_show_table (BsDataTablePane *self,
                               gint64           source_id,
                               const char      *source_name,
                               JsonObject      *table,
                               gboolean         is_metric)
{
  JsonNode *rows;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (BS_IS_DATA_TABLE_PANE (self));
  g_return_if_fail (source_name != NULL);
  g_return_if_fail (table != NULL);

  reset (self);
  self->source_id = source_id;
  g_free (self->table);
  self->table = g_strdup (json_object_get_string_member_with_default (table, "name", ""));
  rows = json_object_get_member (table, "rows");
  self->estimate = rows != NULL && JSON_NODE_HOLDS_VALUE (rows) ? json_node_get_int (rows) : -1;

  subtitle = describe_source (source_name, table, is_metric);
  gtk_label_set_label (self->title_label, self->table);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_stack_page_set_visible (self->rows_page, !is_metric);
  /* One view only: a switcher with a single button would be a button that does nothing. */
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), !is_metric);
  gtk_stack_set_visible_child_name (self->view_stack, is_metric ? "summarize" : "rows");
  gtk_stack_set_visible_child_name (self->pane_stack, "table");

  if (self->client == NULL)
    return;

  if (self->builder != NULL)
    bs_query_builder_set_source (self->builder, source_id, self->table);
  else
    view_changed_cb (self);
  if (!is_metric)
    fetch_rows (self);
}

void
bs_data_table_pane_clear (BsDataTablePane *self)
{
  g_return_if_fail (BS_IS_DATA_TABLE_PANE (self));

  reset (self);
  self->source_id = 0;
  g_clear_pointer (&self->table, g_free);
  gtk_stack_set_visible_child_name (self->pane_stack, "none");
}

gint64
bs_data_table_pane_get_source_id (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), 0);

  return self->source_id;
}

const char *
bs_data_table_pane_get_table (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), NULL);

  return self->table;
}

gboolean
bs_data_table_pane_load_more (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), FALSE);

  if (!self->has_more || self->loading || self->client == NULL || self->table == NULL)
    return FALSE;

  fetch_rows (self);
  return TRUE;
}

gboolean
bs_data_table_pane_get_loading (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), FALSE);

  return self->loading;
}

const char *
bs_data_table_pane_get_error (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), NULL);

  return self->error;
}

BsQueryBuilder *
bs_data_table_pane_get_builder (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), NULL);

  return self->builder;
}

BsQueryPreview *
bs_data_table_pane_get_preview (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), NULL);

  return self->preview;
}

BsFrameView *
bs_data_table_pane_get_frame_view (BsDataTablePane *self)
{
  g_return_val_if_fail (BS_IS_DATA_TABLE_PANE (self), NULL);

  return self->frame_view;
}

void
bs_data_table_pane_set_show_back (BsDataTablePane *self,
                                  gboolean         show_back)
{
  g_return_if_fail (BS_IS_DATA_TABLE_PANE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), show_back);
}
