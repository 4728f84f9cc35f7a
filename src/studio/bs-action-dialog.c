#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-action-dialog.h"

static GtkWindow *
window_of (GtkWidget *near)
{
  GtkRoot *root = gtk_widget_get_root (near);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

GtkWidget *
bs_action_dialog_confirm (GtkWidget  *near,
                          const char *heading,
                          const char *body,
                          const char *response,
                          const char *label)
{
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WIDGET (near), NULL);
  g_return_val_if_fail (response != NULL && label != NULL, NULL);

  dialog = adw_message_dialog_new (window_of (near), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

void
bs_action_dialog_show_failure (GtkWidget  *near,
                               const char *heading,
                               const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (near));

  dialog = adw_message_dialog_new (window_of (near), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
