/* bs-alert-rule-page.h — one alert rule: its sentence and state, its series with their
 * values and states, the history of its state changes, the notifications it sent and how
 * each delivery went ("Delivered 10:42", "Failed: the server answered 404 Not Found",
 * "Retrying at 10:45"), and buttons to edit, pause or resume, silence and delete it.
 *
 * Signals: "back" when the person leaves the page (also after the rule was deleted),
 * "edit-rule" (gint64 id) for the Edit button, "rule-deleted" (gint64 id).
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_ALERT_RULE_PAGE (bs_alert_rule_page_get_type ())
G_DECLARE_FINAL_TYPE (BsAlertRulePage, bs_alert_rule_page, BS, ALERT_RULE_PAGE, GtkWidget)

GtkWidget  *bs_alert_rule_page_new              (BsEngineClient     *client);
void        bs_alert_rule_page_set_client       (BsAlertRulePage    *self,
                                                 BsEngineClient     *client);
/* Shows rule @id: loads it, its history and its notifications. */
void        bs_alert_rule_page_set_rule         (BsAlertRulePage    *self,
                                                 gint64              id);
gint64      bs_alert_rule_page_get_rule_id      (BsAlertRulePage    *self);
/* Loads the rule on show again. */
void        bs_alert_rule_page_refresh          (BsAlertRulePage    *self);
void        bs_alert_rule_page_set_verbosity    (BsAlertRulePage    *self,
                                                 BsProfileVerbosity  verbosity);

/* The rule as GET rules/{id} gave it (with "instances"), or NULL before it was loaded. */
JsonObject *bs_alert_rule_page_get_rule         (BsAlertRulePage    *self);
/* Rows on show in each part; -1 while it loads. */
int         bs_alert_rule_page_get_n_series        (BsAlertRulePage *self);
int         bs_alert_rule_page_get_n_history       (BsAlertRulePage *self);
int         bs_alert_rule_page_get_n_notifications (BsAlertRulePage *self);
/* The delivery status the notifications part shows for its @index-th entry (newest
 * first), or NULL. */
const char *bs_alert_rule_page_get_delivery_text (BsAlertRulePage *self,
                                                  guint            index);
/* TRUE while something is loading or being changed. */
gboolean    bs_alert_rule_page_get_busy         (BsAlertRulePage    *self);
/* The error on show, or NULL. */
const char *bs_alert_rule_page_get_error        (BsAlertRulePage    *self);

/* What the buttons do: pause or resume (whichever applies), delete after asking (returns
 * the AdwMessageDialog; its "delete" response deletes), silence (returns the window). */
void        bs_alert_rule_page_toggle_paused    (BsAlertRulePage    *self);
GtkWidget  *bs_alert_rule_page_delete           (BsAlertRulePage    *self);
GtkWindow  *bs_alert_rule_page_silence          (BsAlertRulePage    *self);

G_END_DECLS
