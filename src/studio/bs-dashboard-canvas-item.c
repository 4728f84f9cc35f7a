#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include "bs-dashboard-canvas-private.h"

/* The canvas's holder of one panel widget. It takes the focus itself before its children
 * (GtkWidget's own behaviour, which boxes and most containers replace by passing the focus
 * straight on), so that Tab stops on every panel, the keys act on it, and it has an
 * accessible name the canvas keeps up to date. */
struct _BsDashboardCanvasItem
{
  GtkWidget  parent_instance;

  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (BsDashboardCanvasItem, bs_dashboard_canvas_item, GTK_TYPE_WIDGET)

static void
bs_dashboard_canvas_item_dispose (GObject *object)
{
  BsDashboardCanvasItem *self = BS_DASHBOARD_CANVAS_ITEM (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (bs_dashboard_canvas_item_parent_class)->dispose (object);
}

static void
bs_dashboard_canvas_item_class_init (BsDashboardCanvasItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_dashboard_canvas_item_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboardpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_dashboard_canvas_item_init (BsDashboardCanvasItem *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bs_dashboard_canvas_item_new (GtkWidget *child)
{
  BsDashboardCanvasItem *self = g_object_new (BS_TYPE_DASHBOARD_CANVAS_ITEM, NULL);

  self->child = child;
  gtk_widget_set_parent (child, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

GtkWidget *
bs_dashboard_canvas_item_get_child (BsDashboardCanvasItem *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_CANVAS_ITEM (self), NULL);

  return self->child;
}
