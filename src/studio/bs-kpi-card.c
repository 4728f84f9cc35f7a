#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-format.h"
#include "bs-kpi-card.h"

struct _BsKpiCard
{
  GtkWidget  parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *value_label;
  GtkBox    *change_box;
  GtkImage  *change_icon;
  GtkLabel  *change_label;

  gboolean   higher_is_better;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_HIGHER_IS_BETTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BsKpiCard, bs_kpi_card, GTK_TYPE_WIDGET)

static void
bs_kpi_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_KPI_CARD);

  G_OBJECT_CLASS (bs_kpi_card_parent_class)->dispose (object);
}

static void
bs_kpi_card_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BsKpiCard *self = BS_KPI_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, bs_kpi_card_get_title (self));
      break;

    case PROP_VALUE:
      g_value_set_string (value, bs_kpi_card_get_value (self));
      break;

    case PROP_HIGHER_IS_BETTER:
      g_value_set_boolean (value, self->higher_is_better);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_kpi_card_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BsKpiCard *self = BS_KPI_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      bs_kpi_card_set_title (self, g_value_get_string (value));
      break;

    case PROP_VALUE:
      bs_kpi_card_set_value (self, g_value_get_string (value));
      break;

    case PROP_HIGHER_IS_BETTER:
      bs_kpi_card_set_higher_is_better (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_kpi_card_class_init (BsKpiCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_kpi_card_dispose;
  object_class->get_property = bs_kpi_card_get_property;
  object_class->set_property = bs_kpi_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HIGHER_IS_BETTER] =
    g_param_spec_boolean ("higher-is-better", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-kpi-card.ui");
  gtk_widget_class_bind_template_child (widget_class, BsKpiCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsKpiCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, BsKpiCard, change_box);
  gtk_widget_class_bind_template_child (widget_class, BsKpiCard, change_icon);
  gtk_widget_class_bind_template_child (widget_class, BsKpiCard, change_label);
  gtk_widget_class_set_css_name (widget_class, "kpicard");
}

static void
bs_kpi_card_init (BsKpiCard *self)
{
  self->higher_is_better = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  -1);
}

GtkWidget *
bs_kpi_card_new (void)
{
  return g_object_new (BS_TYPE_KPI_CARD, NULL);
}

const char *
bs_kpi_card_get_title (BsKpiCard *self)
{
  g_return_val_if_fail (BS_IS_KPI_CARD (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
bs_kpi_card_set_title (BsKpiCard  *self,
                       const char *title)
{
  g_return_if_fail (BS_IS_KPI_CARD (self));

  if (g_strcmp0 (title, bs_kpi_card_get_title (self)) == 0)
    return;

  gtk_label_set_label (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
bs_kpi_card_get_value (BsKpiCard *self)
{
  g_return_val_if_fail (BS_IS_KPI_CARD (self), NULL);

  return gtk_label_get_label (self->value_label);
}

void
bs_kpi_card_set_value (BsKpiCard  *self,
                       const char *value)
{
  g_return_if_fail (BS_IS_KPI_CARD (self));

  if (g_strcmp0 (value, bs_kpi_card_get_value (self)) == 0)
    return;

  gtk_label_set_label (self->value_label, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

gboolean
bs_kpi_card_get_higher_is_better (BsKpiCard *self)
{
  g_return_val_if_fail (BS_IS_KPI_CARD (self), TRUE);

  return self->higher_is_better;
}

void
bs_kpi_card_set_higher_is_better (BsKpiCard *self,
                                  gboolean   higher_is_better)
{
  g_return_if_fail (BS_IS_KPI_CARD (self));

  higher_is_better = !!higher_is_better;
  if (self->higher_is_better == higher_is_better)
    return;

  self->higher_is_better = higher_is_better;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHER_IS_BETTER]);
}

static void
show_change (BsKpiCard  *self,
             const char *icon_name,
             const char *style_class,
             const char *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->change_box), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->change_box), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->change_box), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->change_box), style_class);

  gtk_image_set_from_icon_name (self->change_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->change_icon), icon_name != NULL);
  gtk_label_set_label (self->change_label, text);
}

void
bs_kpi_card_set_change (BsKpiCard  *self,
                        double      current,
                        double      previous,
                        const char *previous_day)
{
  g_autofree char *text = NULL;
  g_autofree char *percent = NULL;
  gboolean rose;

  g_return_if_fail (BS_IS_KPI_CARD (self));
  g_return_if_fail (previous_day != NULL);

  if (previous <= 0)
    {
      /* Translators: %s is a weekday, “Monday”. */
      text = g_strdup_printf (_("Nothing on %s to compare with"), previous_day);
      show_change (self, NULL, "dim-label", text);
      return;
    }

  percent = bs_format_percent (fabs (current - previous) / previous);
  if (fabs (current - previous) / previous < 0.0005)
    {
      /* Translators: %s is a weekday, “Monday”. */
      text = g_strdup_printf (_("Same as %s"), previous_day);
      show_change (self, NULL, "dim-label", text);
      return;
    }

  rose = current > previous;
  if (rose)
    /* Translators: “Up 6.7% from Monday”. */
    text = g_strdup_printf (_("Up %s from %s"), percent, previous_day);
  else
    /* Translators: “Down 6.7% from Monday”. */
    text = g_strdup_printf (_("Down %s from %s"), percent, previous_day);

  show_change (self,
               rose ? "pan-up-symbolic" : "pan-down-symbolic",
               rose == self->higher_is_better ? "success" : "error",
               text);
}

void
bs_kpi_card_set_detail (BsKpiCard  *self,
                        const char *detail)
{
  g_return_if_fail (BS_IS_KPI_CARD (self));

  show_change (self, NULL, "dim-label", detail);
}

const char *
bs_kpi_card_get_detail (BsKpiCard *self)
{
  g_return_val_if_fail (BS_IS_KPI_CARD (self), NULL);

  return gtk_label_get_label (self->change_label);
}
