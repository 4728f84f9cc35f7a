/* bs-panel-editor.h — the side sheet that edits one panel: the shared query builder
 * (BsQueryBuilder) with its live preview (BsQueryPreview), then title, panel type, unit
 * (bs_value_units: currency, percent, count, bytes, duration), decimals, thresholds (a list
 * of value and colour, the base one first), the series colour, and "Create Alert From This
 * Panel".
 *
 * It edits a copy of the panel. Each change a person makes (a dropdown chosen, a title
 * typed and paused for 500 ms) emits ::changed once; the caller then reads the copy with
 * get_panel, puts it into the dashboard and records the change for undo. set_panel with the
 * same panel id after an undo updates the fields without emitting ::changed.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-dashboard-panel.h"
#include "bs-engine-client.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_PANEL_EDITOR (bs_panel_editor_get_type ())
G_DECLARE_FINAL_TYPE (BsPanelEditor, bs_panel_editor, BS, PANEL_EDITOR, GtkWidget)

GtkWidget              *bs_panel_editor_new           (BsEngineClient         *client);
void                    bs_panel_editor_set_client    (BsPanelEditor          *self,
                                                       BsEngineClient         *client);
void                    bs_panel_editor_set_verbosity (BsPanelEditor          *self,
                                                       BsProfileVerbosity      verbosity);
/* The source a panel without a query starts on (the demo source's id), 0: the first. */
void                    bs_panel_editor_set_default_source (BsPanelEditor     *self,
                                                            gint64             source_id);

/* Copies @panel; NULL clears. */
void                    bs_panel_editor_set_panel     (BsPanelEditor          *self,
                                                       const BsDashboardPanel *panel);
/* The edited copy, or NULL. */
const BsDashboardPanel *bs_panel_editor_get_panel     (BsPanelEditor          *self);
/* A short description of the last change for the undo history ("Change unit of
 * “Revenue”"); NULL before any. */
const char             *bs_panel_editor_get_change_label (BsPanelEditor       *self);

/* Signals:
 *   ::changed
 *   ::create-alert (BsQuery *query)  the panel's query, for the alert builder
 *   ::close-requested                the sheet's close button or Escape
 */

G_END_DECLS
