#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-data-page.h"
#include "bs-data-source-group.h"
#include "bs-explanation.h"
#include "bs-workbench.h"

struct _BsDataPage
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkBox         *sources_box;
  AdwStatusPage  *empty_page;
  BsExplanation  *explanation;

  BsEngineClient *client;
  GCancellable   *cancellable;
  GPtrArray      *groups;
  int             n_sources;
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
show_sources (BsDataPage *self,
              JsonArray  *items)
{
  guint n = json_array_get_length (items);

  clear_groups (self);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      GtkWidget *group;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      group = bs_data_source_group_new (self->client, json_node_get_object (node));
      gtk_box_append (self->sources_box, group);
      g_ptr_array_add (self->groups, group);
    }

  set_n_sources (self, self->groups->len);
  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "sources" : "empty");
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
  bs_engine_client_request_async (self->client, "GET", "data-sources", NULL, self->cancellable,
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

  if (verbosity == BS_PROFILE_VERBOSITY_STEP_BY_STEP)
    empty = _("The engine has no data sources yet. A data source is a place the engine reads "
              "figures from, such as a database; once the engine has one, its tables appear "
              "here.");
  else if (verbosity == BS_PROFILE_VERBOSITY_BALANCED)
    empty = _("The engine has no data sources yet.");
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
    _("Each source lists its tables. A table is like a spreadsheet: one record a row, with "
      "named columns."),
    _("Under each table’s name, the number of rows says how many records it holds now."),
    _("Open a table to see its columns and the kind of value each one holds, such as text, "
      "a number or a date."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("The data the engine reads. Open a table to see its columns."),
                            _("How to Use This Page"),
                            steps);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bs_data_page_refresh (BS_WORKBENCH (widget));
}

static void
bs_data_page_dispose (GObject *object)
{
  BsDataPage *self = BS_DATA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, sources_box);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BsDataPage, explanation);

  gtk_widget_class_install_action (widget_class, "data.refresh", NULL, refresh_action);
  gtk_widget_class_set_css_name (widget_class, "datapage");
}

static void
bs_data_page_init (BsDataPage *self)
{
  self->groups = g_ptr_array_new ();
  self->n_sources = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  explain (self);
  bs_data_page_set_verbosity (BS_WORKBENCH (self), BS_PROFILE_VERBOSITY_BALANCED);
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
