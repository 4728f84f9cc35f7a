#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-action-dialog.h"
#include "bs-add-source-dialog.h"
#include "bs-data-page.h"
#include "bs-data-source-group.h"
#include "bs-data-table-pane.h"
#include "bs-explanation.h"
#include "bs-workbench.h"

struct _BsDataPage
{
  GtkWidget       parent_instance;

  GtkStack        *stack;
  AdwStatusPage   *error_page;
  AdwLeaflet      *leaflet;
  GtkWidget       *sources_pane;
  GtkBox          *sources_box;
  AdwStatusPage   *empty_page;
  BsExplanation   *explanation;
  BsDataTablePane *table_pane;

  BsEngineClient  *client;
  GCancellable    *cancellable;
  GCancellable    *removals;    /* not cancelled by a refresh, only when the page goes */
  GPtrArray       *groups;
  int             n_sources;
  gint64          reveal_id;   /* a source just added, to scroll to once listed */
  guint           reveal_tick;
  guint           reveal_frames;
  gboolean        reveal_ready;
};

enum {
  PROP_0,
  PROP_N_SOURCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void workbench_iface_init (BsWorkbenchInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsDataPage, bs_data_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BS_TYPE_WORKBENCH, workbench_iface_init))

static void
set_n_sources (BsDataPage *self,
               int         n_sources)
{
  if (self->n_sources == n_sources)
    return;

  self->n_sources = n_sources;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SOURCES]);
}

static void
clear_groups (BsDataPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->sources_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

static void
table_activated_cb (BsDataSourceGroup *group,
                    const char        *table,
                    BsDataPage        *self)
{
  bs_data_page_open_table (self, bs_data_source_group_get_id (group), table);
}

/* Whether every group has its rows, so that the list has its final height. */
static gboolean
groups_settled (BsDataPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    {
      BsDataSourceGroup *group = g_ptr_array_index (self->groups, i);

      if (bs_data_source_group_get_n_tables (group) < 0 &&
          bs_data_source_group_get_schema_error (group) == NULL &&
          bs_data_source_group_get_status (group) != BS_SOURCE_STATUS_ERROR)
        return FALSE;
    }

  return TRUE;
}

/* A new source goes to the end of the list, often below the demo's long list of tables:
 * bring it into view once the list above it has its final height (or after a few
 * seconds, if a source is slow to answer). */
static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  BsDataPage *self = BS_DATA_PAGE (widget);
  BsDataSourceGroup *group = bs_data_page_find_group (self, self->reveal_id);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  if (group != NULL && ++self->reveal_frames < 300 &&
      (!groups_settled (self) || !gtk_widget_get_child_visible (GTK_WIDGET (group)) ||
       gtk_widget_get_height (GTK_WIDGET (group)) == 0))
    return G_SOURCE_CONTINUE;

  /* One more frame, so that the rows just added have been laid out. */
  if (group != NULL && !self->reveal_ready)
    {
      self->reveal_ready = TRUE;
      return G_SOURCE_CONTINUE;
    }

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->sources_pane));
  if (group != NULL &&
      gtk_widget_compute_point (GTK_WIDGET (group), GTK_WIDGET (self->sources_box),
                                &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      /* Focus too: when the Add Source window closes, the focus goes back to where it
       * was, and the list scrolls to it; it must be here, not on the Add button. */
      gtk_widget_child_focus (GTK_WIDGET (group), GTK_DIR_TAB_FORWARD);
      gtk_adjustment_set_value (adjustment, point.y - 12);
    }

  self->reveal_id = 0;
  self->reveal_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
show_sources (BsDataPage *self,
              JsonArray  *items)
{
  guint n = json_array_get_length (items);
  gint64 open_source = bs_data_table_pane_get_source_id (self->table_pane);
  gboolean open_source_listed = FALSE;

  clear_groups (self);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      GtkWidget *group;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      group = bs_data_source_group_new (self->client, json_node_get_object (node));
      g_signal_connect (group, "table-activated", G_CALLBACK (table_activated_cb), self);
      gtk_box_append (self->sources_box, group);
      g_ptr_array_add (self->groups, group);
      if (bs_data_source_group_get_id (BS_DATA_SOURCE_GROUP (group)) == open_source)
        open_source_listed = TRUE;
    }

  /* The table on show stays open across a refresh, unless its source is gone. */
  if (!open_source_listed)
    {
      bs_data_table_pane_clear (self->table_pane);
      adw_leaflet_set_visible_child (self->leaflet, self->sources_pane);
    }

  set_n_sources (self, self->groups->len);
  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "sources" : "empty");
  if (self->reveal_id != 0 && self->reveal_tick == 0)
    {
      self->reveal_frames = 0;
      self->reveal_ready = FALSE;
      self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL,
                                                        NULL);
    }
}

static void
sources_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsDataPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE))
    {
      bs_workbench_engine_lost (BS_WORKBENCH (self), error);
      return;
    }

  if (error == NULL)
    items = bs_engine_client_get_items (root, _("data sources"), &error);
  if (items == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  show_sources (self, items);
}

static void
bs_data_page_refresh (BsWorkbench *workbench)
{
  BsDataPage *self = BS_DATA_PAGE (workbench);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client == NULL)
    return;

  if (self->n_sources < 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  bs_engine_client_request_async (self->client, "GET", "datasources", NULL, self->cancellable,
                                  sources_loaded_cb, g_object_ref (self));
}

static void
bs_data_page_set_client (BsWorkbench    *workbench,
                         BsEngineClient *client)
{
  BsDataPage *self = BS_DATA_PAGE (workbench);

  if (!g_set_object (&self->client, client))
    return;

  clear_groups (self);
  bs_data_table_pane_set_client (self->table_pane, client);
  set_n_sources (self, -1);
  bs_data_page_refresh (workbench);
}

static void
bs_data_page_set_verbosity (BsWorkbench        *workbench,
                            BsProfileVerbosity  verbosity)
{
  BsDataPage *self = BS_DATA_PAGE (workbench);
  const char *empty = NULL;

  bs_explanation_set_verbosity (self->explanation, verbosity);
  bs_data_table_pane_set_verbosity (self->table_pane, verbosity);

  if (verbosity == BS_PROFILE_VERBOSITY_STEP_BY_STEP)
    empty = _("The engine has no data sources yet. A data source is a place the engine reads "
              "figures from, such as a database or a spreadsheet saved as CSV; add one and "
              "its tables appear here.");
  else if (verbosity == BS_PROFILE_VERBOSITY_BALANCED)
    empty = _("The engine has no data sources yet. Add a database, a CSV file, a Prometheus "
              "server or a Grafana data source.");
  adw_status_page_set_description (self->empty_page, empty);
}

static void
workbench_iface_init (BsWorkbenchInterface *iface)
{
  iface->set_client = bs_data_page_set_client;
  iface->refresh = bs_data_page_refresh;
  iface->set_verbosity = bs_data_page_set_verbosity;
}

static void
explain (BsDataPage *self)
{
  const char *steps[] = {
    _("A data source is a place the engine reads figures from. The demo shop is one: a "
      "database of its sales, orders, stores and stock."),
    _("Add your own with Add Source: a database file, a spreadsheet saved as CSV, a "
      "Prometheus server, or a data source your Grafana already has."),
    _("Beside each source, Available means the engine can read it now."),
    _("Each source lists its tables. A table is like a spreadsheet: one record a row, with "
      "named columns. Expand one to see its columns and the kind of value each holds."),
    _("Press Open beside a table to see its rows, or to sum them up with a few choices "
      "under Summarize."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("The data the engine reads. Open a table to see its rows."),
                            _("How to Use This Page"),
                            steps);
}

/* --- adding and removing --------------------------------------------------------------- */

static void
source_added_cb (BsAddSourceDialog *dialog,
                 JsonObject        *item,
                 BsDataPage        *self)
{
  self->reveal_id = json_object_get_int_member_with_default (item, "id", 0);
  bs_data_page_refresh (BS_WORKBENCH (self));
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsDataPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  bs_data_page_refresh (BS_WORKBENCH (self));
  if (error == NULL || g_error_matches (error, BS_ENGINE_CLIENT_ERROR,
                                        BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    return;

  bs_action_dialog_show_failure (GTK_WIDGET (self), _("Could Not Remove the Source"),
                                 error->message);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BsDataPage       *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "bs-source-id");
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "remove") || self->client == NULL)
    return;

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  if (bs_data_table_pane_get_source_id (self->table_pane) == id)
    bs_data_table_pane_clear (self->table_pane);
  bs_engine_client_request_async (self->client, "DELETE", path, NULL, self->removals,
                                  removed_cb, g_object_ref (self));
}

static const char *
removal_consequence (const char *kind)
{
  if (g_strcmp0 (kind, "csv") == 0)
    return _("The rows imported from the CSV file are deleted from the workspace. The file "
             "itself stays where it is.");
  if (g_strcmp0 (kind, "sqlite") == 0)
    return _("The database file is not changed or deleted; the engine just stops reading it.");
  if (g_strcmp0 (kind, "grafana") == 0)
    return _("Nothing changes in Grafana. The access token kept for it is forgotten.");

  return _("Nothing changes on the server; the engine just stops reading it.");
}

static void
remove_source_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  bs_data_page_remove_source (BS_DATA_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
add_source_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  bs_data_page_add_source (BS_DATA_PAGE (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bs_data_page_refresh (BS_WORKBENCH (widget));
}

static void
show_sources_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BsDataPage *self = BS_DATA_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sources_pane);
}

static void
folded_cb (BsDataPage *self)
{
  bs_data_table_pane_set_show_back (self->table_pane, adw_leaflet_get_folded (self->leaflet));
}

static void
bs_data_page_dispose (GObject *object)
{
  BsDataPage *self = BS_DATA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->removals);
  g_clear_object (&self->removals);
  if (self->reveal_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (object), self->reveal_tick);
  self->reveal_tick = 0;
  g_clear_object (&self->client);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_DATA_PAGE);

  G_OBJECT_CLASS (bs_data_page_parent_class)->dispose (object);
}

static void
bs_data_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsDataPage *self = BS_DATA_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_SOURCES:
      g_value_set_int (value, self->n_sources);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_data_page_class_init (BsDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_data_page_dispose;
  object_class->get_property = bs_data_page_get_property;

  properties[PROP_N_SOURCES] =
    g_param_spec_int ("n-sources", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BS_TYPE_EXPLANATION);
  g_type_ensure (BS_TYPE_DATA_TABLE_PANE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, sources_pane);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, sources_box);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, explanation);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, table_pane);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);

  gtk_widget_class_install_action (widget_class, "data.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "data.add-source", NULL, add_source_action);
  gtk_widget_class_install_action (widget_class, "data.remove-source", "x",
                                   remove_source_action);
  gtk_widget_class_install_action (widget_class, "data.show-sources", NULL,
                                   show_sources_action);
  gtk_widget_class_set_css_name (widget_class, "datapage");
}

static void
bs_data_page_init (BsDataPage *self)
{
  self->groups = g_ptr_array_new ();
  self->removals = g_cancellable_new ();
  self->n_sources = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  explain (self);
  bs_data_page_set_verbosity (BS_WORKBENCH (self), BS_PROFILE_VERBOSITY_BALANCED);
  folded_cb (self);
}

GtkWidget *
bs_data_page_new (void)
{
  return g_object_new (BS_TYPE_DATA_PAGE, NULL);
}

int
bs_data_page_get_n_sources (BsDataPage *self)
{
  g_return_val_if_fail (BS_IS_DATA_PAGE (self), -1);

  return self->n_sources;
}

BsDataSourceGroup *
bs_data_page_find_group (BsDataPage *self,
                         gint64      id)
{
  g_return_val_if_fail (BS_IS_DATA_PAGE (self), NULL);

  for (guint i = 0; i < self->groups->len; i++)
    {
      BsDataSourceGroup *group = g_ptr_array_index (self->groups, i);

      if (bs_data_source_group_get_id (group) == id)
        return group;
    }

  return NULL;
}

BsDataTablePane *
bs_data_page_get_table_pane (BsDataPage *self)
{
  g_return_val_if_fail (BS_IS_DATA_PAGE (self), NULL);

  return self->table_pane;
}

gboolean
bs_data_page_open_table (BsDataPage *self,
                         gint64      id,
                         const char *table)
{
  BsDataSourceGroup *group;
  JsonObject *entry;

  g_return_val_if_fail (BS_IS_DATA_PAGE (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  group = bs_data_page_find_group (self, id);
  entry = group != NULL ? bs_data_source_group_get_table (group, table) : NULL;
  if (entry == NULL)
    return FALSE;

  bs_data_table_pane_show_table (self->table_pane, id, bs_data_source_group_get_name (group),
                                 entry, bs_data_source_group_has_metrics (group));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->table_pane));

  return TRUE;
}

GtkWidget *
bs_data_page_add_source (BsDataPage *self)
{
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_val_if_fail (BS_IS_DATA_PAGE (self), NULL);

  if (self->client == NULL)
    return NULL;

  dialog = bs_add_source_dialog_new (self->client);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "source-added", G_CALLBACK (source_added_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

GtkWidget *
bs_data_page_remove_source (BsDataPage *self,
                            gint64      id)
{
  BsDataSourceGroup *group;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (BS_IS_DATA_PAGE (self), NULL);

  group = bs_data_page_find_group (self, id);
  if (group == NULL)
    return NULL;

  heading = g_strdup_printf (_("Remove “%s”?"), bs_data_source_group_get_name (group));
  dialog = bs_action_dialog_confirm (GTK_WIDGET (self), heading,
                                     removal_consequence (bs_data_source_group_get_kind (group)),
                                     "remove", _("_Remove"));
  g_object_set_data_full (G_OBJECT (dialog), "bs-source-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);

  return dialog;
}
