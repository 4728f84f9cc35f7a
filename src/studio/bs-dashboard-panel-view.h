/* bs-dashboard-panel-view.h — one panel on the canvas: a title bar (the canvas's drag
 * handle, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT tall) with a menu, and the panel's content:
 *
 *   a chart (BsPanelChart) for time series, bar, stat, gauge and pie panels;
 *   a sortable table (BsFrameView) for table panels;
 *   Markdown (BsMarkdownView) for text panels (options.content);
 *   a frame naming the type for a plugin we do not draw (it is kept and exported as is).
 *
 * The content's data comes from the panel's own query (bs_dashboard_panel_get_query) made
 * for the dashboard (bs_dashboard_view_query: its time range and variables), run through
 * the dashboard's BsPanelData. It runs again only when that query changes, or on refresh.
 *
 * States, each with words a person can act on and never a crash:
 *   LOADING       a spinner (after 300 ms, so quick answers do not flash);
 *   READY         the content;
 *   EMPTY         "No data in this time range";
 *   ERROR         the engine's message, and "Try Again";
 *   NEEDS_SOURCE  the panel's query is not ours (a PromQL query from Grafana, another data
 *                 source): says which query and data source, and "Choose Data" (editable);
 *   NO_QUERY      a new panel: "Choose Data" (editable) or "No data chosen";
 *   UNSUPPORTED   a plugin panel: its type named; kept and exported unchanged.
 * Text panels are READY without a query.
 *
 * The menu: Edit, Duplicate, Delete (when editable), Create Alert From This Panel (when the
 * panel has a query of ours; also for viewers), and Refresh.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-dashboard.h"
#include "bs-panel-data.h"

G_BEGIN_DECLS

typedef enum
{
  BS_DASHBOARD_PANEL_VIEW_LOADING,
  BS_DASHBOARD_PANEL_VIEW_READY,
  BS_DASHBOARD_PANEL_VIEW_EMPTY,
  BS_DASHBOARD_PANEL_VIEW_ERROR,
  BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE,
  BS_DASHBOARD_PANEL_VIEW_NO_QUERY,
  BS_DASHBOARD_PANEL_VIEW_UNSUPPORTED,
} BsDashboardPanelViewState;

#define BS_TYPE_DASHBOARD_PANEL_VIEW (bs_dashboard_panel_view_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardPanelView, bs_dashboard_panel_view, BS, DASHBOARD_PANEL_VIEW,
                      GtkWidget)

/* @data may be NULL: queries are not run (the state stays LOADING until one is set). */
GtkWidget                 *bs_dashboard_panel_view_new        (BsPanelData *data);
void                       bs_dashboard_panel_view_set_data   (BsDashboardPanelView *self,
                                                               BsPanelData          *data);

/* Shows @panel of @dashboard with the variables' @values (name → value; absent or NULL:
 * all values); copies what it needs. */
void                       bs_dashboard_panel_view_set_panel  (BsDashboardPanelView   *self,
                                                               const BsDashboard      *dashboard,
                                                               const BsDashboardPanel *panel,
                                                               GHashTable             *values);
gint64                     bs_dashboard_panel_view_get_panel_id (BsDashboardPanelView *self);
void                       bs_dashboard_panel_view_refresh    (BsDashboardPanelView   *self);

/* Property "editable" (default TRUE): the Edit, Duplicate and Delete items and the
 * "Choose Data" buttons. */
void                       bs_dashboard_panel_view_set_editable (BsDashboardPanelView *self,
                                                                 gboolean              editable);

BsDashboardPanelViewState  bs_dashboard_panel_view_get_state  (BsDashboardPanelView   *self);
/* The words the state shows (NULL when READY). */
const char                *bs_dashboard_panel_view_get_message (BsDashboardPanelView  *self);
/* The content widget (BsPanelChart, BsFrameView, BsMarkdownView) or NULL. */
GtkWidget                 *bs_dashboard_panel_view_get_content (BsDashboardPanelView  *self);
/* The answer shown (a result frame), or NULL. */
JsonObject                *bs_dashboard_panel_view_get_frame   (BsDashboardPanelView  *self);

/* Signals:
 *   ::loaded                 the state left LOADING (also after a refresh)
 *   ::edit-requested         Edit or Choose Data
 *   ::duplicate-requested
 *   ::delete-requested
 *   ::create-alert-requested (BsQuery *query: the panel's query as the dashboard runs it)
 */

G_END_DECLS
