/* bs-action-dialog.h — the message dialogs around an action on the engine: asking before
 * one that cannot be undone, and saying why one did not happen.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks @heading over the window of @near, with @body, "Cancel" (the default, and what
 * closing the dialog answers) and @response, destructive, labelled @label. The dialog is
 * presented: connect to its "response". */
GtkWidget *bs_action_dialog_confirm      (GtkWidget  *near,
                                          const char *heading,
                                          const char *body,
                                          const char *response,
                                          const char *label);

/* Says over the window of @near that an action failed: @heading, @body and "Close". */
void       bs_action_dialog_show_failure (GtkWidget  *near,
                                          const char *heading,
                                          const char *body);

G_END_DECLS
