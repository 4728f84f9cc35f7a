/* bs-variable-bar.h — the dashboard's template variables as a row of labelled dropdowns
 * under the header ("Region: All ▾"), as in Grafana. The values of a variable of ours
 * (bs_dashboard_variable_get_column) are read from the engine (the values query of
 * bs-dashboard-view-query.h, asynchronously, cancellable) with "All" first; so are those
 * of Grafana's Prometheus variables (label_values (), bs-dashboard-promql.h), from the
 * workspace's Prometheus source when it has one. Other variables (from Grafana) show their
 * current value, insensitive, with a tooltip saying they work in Grafana. Hidden when the
 * dashboard has no variables.
 *
 * Choosing a value sets the variable's "current" in the dashboard's copy the bar was given
 * and emits ::changed; the caller records it for undo and shows the panels again.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-dashboard.h"
#include "bs-engine-client.h"
#include "bs-panel-data.h"

G_BEGIN_DECLS

#define BS_TYPE_VARIABLE_BAR (bs_variable_bar_get_type ())
G_DECLARE_FINAL_TYPE (BsVariableBar, bs_variable_bar, BS, VARIABLE_BAR, GtkWidget)

GtkWidget  *bs_variable_bar_new         (BsEngineClient *client);
void        bs_variable_bar_set_client  (BsVariableBar  *self,
                                         BsEngineClient *client);
/* Where Prometheus variables ask for their values; NULL: they are not asked. */
void        bs_variable_bar_set_data    (BsVariableBar  *self,
                                         BsPanelData    *data);
/* Shows the variables of @dashboard (borrowed, like the canvas: call again after replacing
 * it); choosing a value changes it in place. */
void        bs_variable_bar_set_dashboard (BsVariableBar *self,
                                           BsDashboard   *dashboard);
/* name → chosen value (absent: All), for bs_dashboard_view_query; a new reference. */
GHashTable *bs_variable_bar_dup_values  (BsVariableBar  *self);
/* The dropdown of @name (for tests), or NULL. */
GtkWidget  *bs_variable_bar_get_dropdown (BsVariableBar *self,
                                          const char    *name);

/* Signals:
 *   ::changed
 */

G_END_DECLS
