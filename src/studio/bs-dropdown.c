#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-dropdown.h"

void
bs_dropdown_set_labels (GtkDropDown        *dropdown,
                        const char * const *labels,
                        guint               n)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(labels[i]));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

void
bs_dropdown_set_name (GtkDropDown *dropdown,
                      const char  *name)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (gtk_drop_down_get_expression (dropdown) == NULL)
    gtk_drop_down_set_expression (dropdown,
                                  gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                               "string"));
}
