#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-persona-card.h"

struct _BsPersonaCard
{
  GtkFlowBoxChild  parent_instance;

  GtkImage        *icon;
  GtkLabel        *name_label;
  GtkLabel        *recommended_label;
  GtkLabel        *description_label;
  GtkBox          *capabilities_box;

  char            *persona_id;
};

G_DEFINE_FINAL_TYPE (BsPersonaCard, bs_persona_card, GTK_TYPE_FLOW_BOX_CHILD)

static void
bs_persona_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_PERSONA_CARD);

  G_OBJECT_CLASS (bs_persona_card_parent_class)->dispose (object);
}

static void
bs_persona_card_finalize (GObject *object)
{
  BsPersonaCard *self = BS_PERSONA_CARD (object);

  g_clear_pointer (&self->persona_id, g_free);

  G_OBJECT_CLASS (bs_persona_card_parent_class)->finalize (object);
}

static void
bs_persona_card_class_init (BsPersonaCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_persona_card_dispose;
  object_class->finalize = bs_persona_card_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-persona-card.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPersonaCard, icon);
  gtk_widget_class_bind_template_child (widget_class, BsPersonaCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, BsPersonaCard, recommended_label);
  gtk_widget_class_bind_template_child (widget_class, BsPersonaCard, description_label);
  gtk_widget_class_bind_template_child (widget_class, BsPersonaCard, capabilities_box);
}

static void
bs_persona_card_init (BsPersonaCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
capability_row (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "object-select-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (check, GTK_ALIGN_START);
  gtk_widget_add_css_class (check, "accent");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* The natural width of a wrapping label is its longest line: keep it short enough for
   * three cards on a row of a laptop screen. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

/* What a screen reader says after the name: everything the card shows. */
static char *
describe (JsonObject *persona,
          GPtrArray  *capabilities)
{
  g_autofree char *list = NULL;

  g_ptr_array_add (capabilities, NULL);
  list = g_strjoinv ("; ", (char **) capabilities->pdata);
  /* Translators: read out for a persona card: its description, “Recommended for …”, and
   * its capabilities separated by semicolons. */
  return g_strdup_printf (_("%s %s. You can: %s."),
                          string_member (persona, "description"),
                          string_member (persona, "recommended_for"),
                          list);
}

static void
show_capabilities (BsPersonaCard *self,
                   JsonObject    *persona,
                   GPtrArray     *texts)
{
  JsonNode *node = json_object_get_member (persona, "capabilities");
  JsonArray *capabilities = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                 : NULL;
  guint n = capabilities ? json_array_get_length (capabilities) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *text = json_array_get_string_element (capabilities, i);

      if (text == NULL)
        continue;
      gtk_box_append (self->capabilities_box, capability_row (text));
      g_ptr_array_add (texts, (gpointer) text);
    }
}

GtkWidget *
bs_persona_card_new (JsonObject *persona)
{
  BsPersonaCard *self;
  g_autoptr(GPtrArray) capabilities = g_ptr_array_new ();
  g_autofree char *description = NULL;

  g_return_val_if_fail (persona != NULL, NULL);

  self = g_object_new (BS_TYPE_PERSONA_CARD, NULL);
  self->persona_id = g_strdup (string_member (persona, "id"));
  gtk_widget_set_name (GTK_WIDGET (self), self->persona_id);

  gtk_image_set_from_icon_name (self->icon, string_member (persona, "icon"));
  gtk_label_set_label (self->name_label, string_member (persona, "name"));
  gtk_label_set_label (self->description_label, string_member (persona, "description"));
  gtk_label_set_label (self->recommended_label, string_member (persona, "recommended_for"));
  show_capabilities (self, persona, capabilities);

  description = describe (persona, capabilities);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, string_member (persona, "name"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return GTK_WIDGET (self);
}

const char *
bs_persona_card_get_persona_id (BsPersonaCard *self)
{
  g_return_val_if_fail (BS_IS_PERSONA_CARD (self), NULL);

  return self->persona_id;
}

const char *
bs_persona_card_get_name (BsPersonaCard *self)
{
  g_return_val_if_fail (BS_IS_PERSONA_CARD (self), NULL);

  return gtk_label_get_label (self->name_label);
}
