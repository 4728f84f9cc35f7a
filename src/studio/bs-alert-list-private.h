/* bs-alert-list-private.h — the dialogs of the rule list's bulk bar
 * (bs-alert-list-dialogs.c): their answers go to bs_alert_list_set_label_picked () and
 * bs_alert_list_set_contact_point_picked ().
 */
#pragma once

#include "bs-alert-list.h"

G_BEGIN_DECLS

/* Asks for a label name and value to set on (or remove from) the picked rules. */
GtkWidget *bs_alert_list_ask_label         (BsAlertList    *self);
/* Asks which contact point the picked rules send to; lists them with @client. */
GtkWidget *bs_alert_list_ask_contact_point (BsAlertList    *self,
                                            BsEngineClient *client,
                                            GCancellable   *cancellable);

G_END_DECLS
