#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include "bs-next-step-row.h"

GtkWidget *
bs_next_step_row_new (JsonObject *step,
                      const char *action_name)
{
  const char *id = json_object_get_string_member_with_default (step, "id", "");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "go-next-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  g_return_val_if_fail (action_name != NULL, NULL);

  gtk_widget_set_name (row, id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member_with_default (step, "title", ""));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               json_object_get_string_member_with_default (step, "description",
                                                                           ""));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}
