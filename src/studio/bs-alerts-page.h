/* bs-alerts-page.h — the Alerts workbench: the list of rules (BsAlertList), the builder of a
 * new or changed rule with its live preview (BsAlertBuilder), and one rule's page
 * (BsAlertRulePage), one at a time; plus the contact points and silences windows.
 *
 * The list leads to a rule's page ("rule-activated") or to the builder ("new-rule", or the
 * window's New Rule button); the builder goes to the rule's page once saved, or back where
 * it came from when cancelled; a rule's page goes to the builder to edit it, or back.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "bs-alert-builder.h"
#include "bs-alert-list.h"
#include "bs-alert-rule-page.h"

G_BEGIN_DECLS

#define BS_TYPE_ALERTS_PAGE (bs_alerts_page_get_type ())
G_DECLARE_FINAL_TYPE (BsAlertsPage, bs_alerts_page, BS, ALERTS_PAGE, GtkWidget)

GtkWidget       *bs_alerts_page_new             (void);
/* What is on show: "list", "builder" or "rule". */
const char      *bs_alerts_page_get_view        (BsAlertsPage *self);
void             bs_alerts_page_show_list       (BsAlertsPage *self);
/* The builder, empty, for a new rule. */
void             bs_alerts_page_new_rule        (BsAlertsPage *self);
/* The builder, with rule @id in it. */
/* The builder for a new rule on @query (from a dashboard panel). */
void             bs_alerts_page_new_rule_from_query (BsAlertsPage  *self,
                                                     const BsQuery *query);
void             bs_alerts_page_edit_rule       (BsAlertsPage *self,
                                                 gint64        id);
void             bs_alerts_page_show_rule       (BsAlertsPage *self,
                                                 gint64        id);
/* The persona's suggestions (see bs_alert_builder_set_suggestions ()), or NULL. */
void             bs_alerts_page_set_suggestions (BsAlertsPage *self,
                                                 JsonArray    *suggestions);
/* Opens the contact points window (the alerts-page.contact-points action) and returns it. */
GtkWindow       *bs_alerts_page_open_contact_points (BsAlertsPage *self);

BsAlertList     *bs_alerts_page_get_list        (BsAlertsPage *self);
BsAlertBuilder  *bs_alerts_page_get_builder     (BsAlertsPage *self);
BsAlertRulePage *bs_alerts_page_get_rule_page   (BsAlertsPage *self);

G_END_DECLS
