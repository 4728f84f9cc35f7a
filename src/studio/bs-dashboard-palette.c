#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-dashboard-palette.h"
#include "bs-dashboard-template.h"
#include "bs-panel-type.h"
#include "bs-persona.h"

#define TYPE_KEY       "bs-panel-type"
#define SUGGESTION_KEY "bs-suggestion-id"

struct _BsDashboardPalette
{
  GtkWidget   parent_instance;

  GtkWidget  *scrolled;
  GtkWidget  *suggested_group;
  GtkListBox *suggested_list;
  GtkWidget  *types_heading;
  GtkListBox *list;
};

enum
{
  SIGNAL_ADD_PANEL,
  SIGNAL_ADD_SUGGESTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsDashboardPalette, bs_dashboard_palette, GTK_TYPE_WIDGET)

static BsDashboardSuggestionId *
suggestion_id_copy (BsDashboardSuggestionId *id)
{
  return g_strdup (id);
}

G_DEFINE_BOXED_TYPE (BsDashboardSuggestionId, bs_dashboard_suggestion_id, suggestion_id_copy,
                     g_free)

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  const char *type = g_object_get_data (G_OBJECT (row), TYPE_KEY);
  const char *suggestion = g_object_get_data (G_OBJECT (row), SUGGESTION_KEY);

  g_object_set_data (G_OBJECT (source), "bs-hot-x", GINT_TO_POINTER ((int) x));
  g_object_set_data (G_OBJECT (source), "bs-hot-y", GINT_TO_POINTER ((int) y));
  if (suggestion != NULL)
    return gdk_content_provider_new_typed (BS_TYPE_DASHBOARD_SUGGESTION_ID, suggestion);
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

/* A row of an icon, a name and a sentence, dragged as its key's value says. */
static GtkWidget *
row_new (const char *icon_name,
         const char *title,
         const char *description,
         const char *key,
         const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *sentence = gtk_label_new (description);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "dashboard-palette-icon");
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 28);
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
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), key, g_strdup (value), g_free);

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
on_suggestion_activated (GtkListBox         *list,
                         GtkListBoxRow      *row,
                         BsDashboardPalette *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), SUGGESTION_KEY);

  g_signal_emit (self, signals[SIGNAL_ADD_SUGGESTION], 0, id);
}

/* The persona table's entry for @id, whichever persona suggests it. */
static const BsSuggestion *
find_suggestion (const char *id)
{
  gsize n_personas;
  const BsPersona *personas = bs_persona_get_all (&n_personas);

  for (gsize i = 0; i < n_personas; i++)
    for (guint j = 0; j < bs_persona_count_suggestions (&personas[i]); j++)
      if (g_str_equal (personas[i].suggestions[j].id, id))
        return &personas[i].suggestions[j];
  return NULL;
}

static GtkWidget *
suggestion_row_new (const char *id)
{
  const BsSuggestion *suggestion = find_suggestion (id);
  g_autoptr(BsDashboardPanel) panel = NULL;
  const BsPanelTypeInfo *info;

  if (suggestion == NULL || suggestion->kind != BS_SUGGESTION_PANEL)
    return NULL;
  /* The icon of the type the panel will be. */
  panel = bs_dashboard_template_suggested_panel (id, 0);
  info = panel != NULL ? bs_panel_type_lookup (panel->type) : NULL;
  if (info == NULL)
    return NULL;
  return row_new (info->icon_name, bs_persona_gettext (suggestion->title),
                  bs_persona_gettext (suggestion->description), SUGGESTION_KEY, id);
}

static GtkListBox *
list_new (const char *label)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return GTK_LIST_BOX (list);
}

static GtkWidget *
heading_new (const char *text)
{
  GtkWidget *heading = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "dashboard-palette-heading");
  return heading;
}

static void
bs_dashboard_palette_dispose (GObject *object)
{
  BsDashboardPalette *self = BS_DASHBOARD_PALETTE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->list = NULL;
  self->suggested_list = NULL;
  self->suggested_group = NULL;
  self->types_heading = NULL;

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
  signals[SIGNAL_ADD_SUGGESTION] =
    g_signal_new ("add-suggestion", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboardpalette");
}

static void
bs_dashboard_palette_init (BsDashboardPalette *self)
{
  guint n_types;
  const BsPanelTypeInfo *types = bs_panel_types (&n_types);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->suggested_group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->suggested_list = list_new (_("Suggested for You"));
  g_signal_connect (self->suggested_list, "row-activated",
                    G_CALLBACK (on_suggestion_activated), self);
  gtk_box_append (GTK_BOX (self->suggested_group), heading_new (_("Suggested for You")));
  gtk_box_append (GTK_BOX (self->suggested_group), GTK_WIDGET (self->suggested_list));
  gtk_widget_set_visible (self->suggested_group, FALSE);

  /* Named only beside the suggestions, where two groups need telling apart. */
  self->types_heading = heading_new (_("Panel Types"));
  gtk_widget_set_visible (self->types_heading, FALSE);

  self->list = list_new (_("Panel types"));
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  for (guint i = 0; i < n_types; i++)
    gtk_list_box_append (self->list, row_new (types[i].icon_name, _(types[i].name),
                                              _(types[i].description), TYPE_KEY,
                                              types[i].type));

  gtk_box_append (GTK_BOX (box), self->suggested_group);
  gtk_box_append (GTK_BOX (box), self->types_heading);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), box);
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

void
bs_dashboard_palette_set_suggestions (BsDashboardPalette *self,
                                      const char * const *suggestion_ids)
{
  GtkWidget *child;
  gboolean any = FALSE;

  g_return_if_fail (BS_IS_DASHBOARD_PALETTE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggested_list))) != NULL)
    gtk_list_box_remove (self->suggested_list, child);
  for (guint i = 0; suggestion_ids != NULL && suggestion_ids[i] != NULL; i++)
    {
      GtkWidget *row = suggestion_row_new (suggestion_ids[i]);

      if (row == NULL)
        continue;
      gtk_list_box_append (self->suggested_list, row);
      any = TRUE;
    }
  gtk_widget_set_visible (self->suggested_group, any);
  gtk_widget_set_visible (self->types_heading, any);
}

GtkWidget *
bs_dashboard_palette_get_suggestion_row (BsDashboardPalette *self,
                                         const char         *suggestion_id)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_PALETTE (self), NULL);
  g_return_val_if_fail (suggestion_id != NULL, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->suggested_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), SUGGESTION_KEY), suggestion_id) == 0)
      return row;
  return NULL;
}

char **
bs_dashboard_palette_dup_suggestions (BsDashboardPalette *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BS_IS_DASHBOARD_PALETTE (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->suggested_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), SUGGESTION_KEY));
  return g_strv_builder_end (builder);
}
