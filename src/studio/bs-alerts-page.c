#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-alerts-page.h"
#include "bs-contact-points-window.h"
#include "bs-silence-dialog.h"
#include "bs-workbench.h"

struct _BsAlertsPage
{
  GtkWidget        parent_instance;

  GtkStack        *stack;
  BsAlertList     *list;
  BsAlertBuilder  *builder;
  GtkLabel        *builder_title;
  BsAlertRulePage *rule_page;

  BsEngineClient  *client;
  char            *builder_from;   /* the view to go back to when the builder is left */
};

static void workbench_iface_init (BsWorkbenchInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsAlertsPage, bs_alerts_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BS_TYPE_WORKBENCH, workbench_iface_init))

static GtkWindow *
parent_window (BsAlertsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_view (BsAlertsPage *self,
           const char   *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
}

void
bs_alerts_page_show_list (BsAlertsPage *self)
{
  g_return_if_fail (BS_IS_ALERTS_PAGE (self));

  bs_alert_list_refresh (self->list);
  show_view (self, "list");
}

void
bs_alerts_page_show_rule (BsAlertsPage *self,
                          gint64        id)
{
  g_return_if_fail (BS_IS_ALERTS_PAGE (self));
  g_return_if_fail (id > 0);

  bs_alert_rule_page_set_rule (self->rule_page, id);
  show_view (self, "rule");
}

static void
open_builder (BsAlertsPage *self,
              const char   *title)
{
  const char *from = gtk_stack_get_visible_child_name (self->stack);

  /* Back from the builder is where the person came from, but never the builder itself. */
  if (g_strcmp0 (from, "builder") != 0)
    {
      g_free (self->builder_from);
      self->builder_from = g_strdup (from);
    }
  gtk_label_set_label (self->builder_title, title);
  show_view (self, "builder");
}

void
bs_alerts_page_new_rule (BsAlertsPage *self)
{
  g_return_if_fail (BS_IS_ALERTS_PAGE (self));

  bs_alert_builder_reset (self->builder);
  open_builder (self, _("New Alert Rule"));
}

void
bs_alerts_page_new_rule_from_query (BsAlertsPage  *self,
                                    const BsQuery *query)
{
  g_return_if_fail (BS_IS_ALERTS_PAGE (self));
  g_return_if_fail (query != NULL);

  bs_alert_builder_reset (self->builder);
  bs_query_builder_set_query (bs_alert_builder_get_query_builder (self->builder), query);
  open_builder (self, _("New Alert Rule"));
}

void
bs_alerts_page_edit_rule (BsAlertsPage *self,
                          gint64        id)
{
  g_return_if_fail (BS_IS_ALERTS_PAGE (self));
  g_return_if_fail (id > 0);

  bs_alert_builder_edit_rule (self->builder, id);
  open_builder (self, _("Change Alert Rule"));
}

static void
rule_activated_cb (BsAlertsPage *self,
                   gint64        id)
{
  bs_alerts_page_show_rule (self, id);
}

static void
rule_back_cb (BsAlertsPage *self)
{
  bs_alerts_page_show_list (self);
}

static void
builder_saved_cb (BsAlertsPage *self,
                  gint64        id)
{
  bs_alert_list_refresh (self->list);
  bs_alerts_page_show_rule (self, id);
}

static void
builder_cancelled_cb (BsAlertsPage *self)
{
  if (g_strcmp0 (self->builder_from, "rule") == 0 &&
      bs_alert_rule_page_get_rule_id (self->rule_page) > 0)
    show_view (self, "rule");
  else
    bs_alerts_page_show_list (self);
}

static void
contact_points_closed_cb (BsAlertsPage *self)
{
  /* A point added or renamed there is one to pick here. */
  bs_alert_builder_refresh (self->builder);
}

GtkWindow *
bs_alerts_page_open_contact_points (BsAlertsPage *self)
{
  GtkWindow *window;

  g_return_val_if_fail (BS_IS_ALERTS_PAGE (self), NULL);

  if (self->client == NULL)
    return NULL;

  window = bs_contact_points_window_new (self->client, parent_window (self));
  g_signal_connect_object (window, "destroy", G_CALLBACK (contact_points_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (window);
  return window;
}

void
bs_alerts_page_set_suggestions (BsAlertsPage *self,
                                JsonArray    *suggestions)
{
  g_return_if_fail (BS_IS_ALERTS_PAGE (self));

  bs_alert_builder_set_suggestions (self->builder, suggestions);
}

const char *
bs_alerts_page_get_view (BsAlertsPage *self)
{
  g_return_val_if_fail (BS_IS_ALERTS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

BsAlertList *
bs_alerts_page_get_list (BsAlertsPage *self)
{
  g_return_val_if_fail (BS_IS_ALERTS_PAGE (self), NULL);

  return self->list;
}

BsAlertBuilder *
bs_alerts_page_get_builder (BsAlertsPage *self)
{
  g_return_val_if_fail (BS_IS_ALERTS_PAGE (self), NULL);

  return self->builder;
}

BsAlertRulePage *
bs_alerts_page_get_rule_page (BsAlertsPage *self)
{
  g_return_val_if_fail (BS_IS_ALERTS_PAGE (self), NULL);

  return self->rule_page;
}

/* BsWorkbench */

static void
bs_alerts_page_set_client (BsWorkbench    *workbench,
                           BsEngineClient *client)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (workbench);

  if (!g_set_object (&self->client, client))
    return;

  bs_alert_list_set_client (self->list, client);
  bs_alert_builder_set_client (self->builder, client);
  bs_alert_rule_page_set_client (self->rule_page, client);
  /* Another engine has other rules: the one on show may not exist there. */
  show_view (self, "list");
}

static void
bs_alerts_page_refresh (BsWorkbench *workbench)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (workbench);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "rule") == 0)
    bs_alert_rule_page_refresh (self->rule_page);
  else if (g_strcmp0 (view, "builder") == 0)
    bs_alert_builder_refresh (self->builder);
  else
    bs_alert_list_refresh (self->list);
}

static void
bs_alerts_page_set_verbosity (BsWorkbench        *workbench,
                              BsProfileVerbosity  verbosity)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (workbench);

  bs_alert_list_set_verbosity (self->list, verbosity);
  bs_alert_builder_set_verbosity (self->builder, verbosity);
  bs_alert_rule_page_set_verbosity (self->rule_page, verbosity);
}

static void
workbench_iface_init (BsWorkbenchInterface *iface)
{
  iface->set_client = bs_alerts_page_set_client;
  iface->refresh = bs_alerts_page_refresh;
  iface->set_verbosity = bs_alerts_page_set_verbosity;
}

/* Actions */

static void
contact_points_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  bs_alerts_page_open_contact_points (BS_ALERTS_PAGE (widget));
}

static void
silences_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (widget);

  if (self->client != NULL)
    gtk_window_present (bs_silence_dialog_new (self->client, parent_window (self), NULL));
}

static void
new_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  bs_alerts_page_new_rule (BS_ALERTS_PAGE (widget));
}

/* GObject */

static void
bs_alerts_page_map (GtkWidget *widget)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (widget);

  GTK_WIDGET_CLASS (bs_alerts_page_parent_class)->map (widget);
  /* Rules fire and resolve while the person is elsewhere: coming back shows them as now. */
  if (self->client != NULL && g_strcmp0 (bs_alerts_page_get_view (self), "list") == 0)
    bs_alert_list_refresh (self->list);
}

static void
bs_alerts_page_dispose (GObject *object)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (object);

  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ALERTS_PAGE);

  G_OBJECT_CLASS (bs_alerts_page_parent_class)->dispose (object);
}

static void
bs_alerts_page_finalize (GObject *object)
{
  BsAlertsPage *self = BS_ALERTS_PAGE (object);

  g_clear_pointer (&self->builder_from, g_free);

  G_OBJECT_CLASS (bs_alerts_page_parent_class)->finalize (object);
}

static void
bs_alerts_page_class_init (BsAlertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_alerts_page_dispose;
  object_class->finalize = bs_alerts_page_finalize;
  widget_class->map = bs_alerts_page_map;

  g_type_ensure (BS_TYPE_ALERT_LIST);
  g_type_ensure (BS_TYPE_ALERT_BUILDER);
  g_type_ensure (BS_TYPE_ALERT_RULE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-alerts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsAlertsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsAlertsPage, list);
  gtk_widget_class_bind_template_child (widget_class, BsAlertsPage, builder);
  gtk_widget_class_bind_template_child (widget_class, BsAlertsPage, builder_title);
  gtk_widget_class_bind_template_child (widget_class, BsAlertsPage, rule_page);
  gtk_widget_class_bind_template_callback (widget_class, rule_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, rule_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, builder_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, builder_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, bs_alerts_page_new_rule);
  gtk_widget_class_bind_template_callback (widget_class, bs_alerts_page_edit_rule);
  gtk_widget_class_bind_template_callback (widget_class, bs_alerts_page_open_contact_points);

  gtk_widget_class_install_action (widget_class, "alerts-page.new-rule", NULL,
                                   new_rule_action);
  gtk_widget_class_install_action (widget_class, "alerts-page.contact-points", NULL,
                                   contact_points_action);
  gtk_widget_class_install_action (widget_class, "alerts-page.silences", NULL,
                                   silences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "alerts-page.new-rule", NULL);
  gtk_widget_class_set_css_name (widget_class, "alertspage");
}

static void
bs_alerts_page_init (BsAlertsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_view (self, "list");
}

GtkWidget *
bs_alerts_page_new (void)
{
  return g_object_new (BS_TYPE_ALERTS_PAGE, NULL);
}
