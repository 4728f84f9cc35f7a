/* bs-dashboards-page.h — the Dashboards workbench: the dashboards in the engine, unsaved
 * drafts to restore, templates that build a working dashboard on the demo data in one click
 * (the persona's first), importing Grafana JSON, and the designer (BsDashboardEditor) for the
 * one opened.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-dashboard-editor.h"

G_BEGIN_DECLS

#define BS_TYPE_DASHBOARDS_PAGE (bs_dashboards_page_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardsPage, bs_dashboards_page, BS, DASHBOARDS_PAGE, GtkWidget)

GtkWidget         *bs_dashboards_page_new          (void);

/* The persona (bs-persona.h id, NULL: none) orders the templates, gives new panels their
 * type (@chart_default) and the designer's palette its suggested panels; a change shows at
 * once. */
void               bs_dashboards_page_set_persona  (BsDashboardsPage *self,
                                                    const char       *persona_id,
                                                    const char       *chart_default);

/* "list" or "editor". */
const char        *bs_dashboards_page_get_view     (BsDashboardsPage *self);
void               bs_dashboards_page_show_list    (BsDashboardsPage *self);
void               bs_dashboards_page_open         (BsDashboardsPage *self,
                                                    const char       *uid);
/* Builds template @id on the demo data and opens it unsaved. FALSE if the demo source is
 * not known yet or @id is not a template. */
gboolean           bs_dashboards_page_use_template (BsDashboardsPage *self,
                                                    const char       *id);
/* Reads @file (Grafana dashboard JSON) and opens it unsaved, or says what is wrong. */
void               bs_dashboards_page_import       (BsDashboardsPage *self,
                                                    GFile            *file);
/* How many dashboards the list shows (after a refresh). */
guint              bs_dashboards_page_get_n_dashboards (BsDashboardsPage *self);
BsDashboardEditor *bs_dashboards_page_get_editor   (BsDashboardsPage *self);

/* Signals:
 *   ::create-alert (BsQuery *query)   "Create Alert From This Panel"
 *   ::listed                          the list was read (for tests)
 */

G_END_DECLS
