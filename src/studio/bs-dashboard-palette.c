#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-dashboard-palette.h"
#include "bs-panel-type.h"

#define TYPE_KEY "bs-panel-type"

struct _BsDashboardPalette
{
  GtkWidget   parent_instance;

  GtkWidget  *scrolled;
  GtkListBox *list;
};

enum
{
  SIGNAL_ADD_PANEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsDashboardPalette, bs_dashboard_palette, GTK_TYPE_WIDGET)

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  const char *type = g_object_get_data (G_OBJECT (row), TYPE_KEY);

  g_object_set_data (G_OBJECT (source), "bs-hot-x", GINT_TO_POINTER ((int) x));
  g_object_set_data (G_OBJECT (source), "bs-hot-y", GINT_TO_POINTER ((int) y));
  return gdk_content_provider_new_typed (G_TYPE_STRING, type);
}

/* The drag icon is the row itself, held where it was picked up. */
static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable,
                            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (source), "bs-hot-x")),
                            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (source), "bs-hot-y")));
}

static GtkWidget *
row_new (const BsPanelTypeInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (info->icon_name);
  GtkWidget *name = gtk_label_new (_(info->name));
  GtkWidget *sentence = gtk_label_new (_(info->description));
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "dashboard-palette-icon");
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (sentence), 0.0);
  gtk_label_set_wrap (GTK_LABEL (sentence), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (sentence), 28);
  gtk_widget_add_css_class (sentence, "dim-label");
  gtk_widget_add_css_class (sentence, "caption");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), sentence);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row,
                               _("Drag onto the dashboard, or press Enter to add it at the end"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->name),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(info->description),
                                  -1);
  g_object_set_data_full (G_OBJECT (row), TYPE_KEY, g_strdup (info->type), g_free);

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  return row;
}

static void
on_row_activated (GtkListBox         *list,
                  GtkListBoxRow      *row,
                  BsDashboardPalette *self)
{
  const char *type = g_object_get_data (G_OBJECT (row), TYPE_KEY);

  g_signal_emit (self, signals[SIGNAL_ADD_PANEL], 0, type);
}

static void
bs_dashboard_palette_dispose (GObject *object)
{
  BsDashboardPalette *self = BS_DASHBOARD_PALETTE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->list = NULL;

  G_OBJECT_CLASS (bs_dashboard_palette_parent_class)->dispose (object);
}

static void
bs_dashboard_palette_class_init (BsDashboardPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_dashboard_palette_dispose;

  signals[SIGNAL_ADD_PANEL] =
    g_signal_new ("add-panel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboardpalette");
}

static void
bs_dashboard_palette_init (BsDashboardPalette *self)
{
  guint n_types;
  const BsPanelTypeInfo *types = bs_panel_types (&n_types);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Panel types"),
                                  -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  for (guint i = 0; i < n_types; i++)
    gtk_list_box_append (self->list, row_new (&types[i]));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list));
}

GtkWidget *
bs_dashboard_palette_new (void)
{
  return g_object_new (BS_TYPE_DASHBOARD_PALETTE, NULL);
}

GtkWidget *
bs_dashboard_palette_get_row (BsDashboardPalette *self,
                              const char         *type)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PALETTE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), TYPE_KEY), type) == 0)
      return row;
  return NULL;
}
