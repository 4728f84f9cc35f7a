/* bs-dashboard-history.h — undo and redo for the designer: a list of whole dashboard states
 * (bs_dashboard_copy), so that every change, whatever made it (a drag, the panel editor, a
 * template, a row collapsed), undoes the same way. A 50-panel dashboard is a few hundred
 * kilobytes; the history keeps at most BS_DASHBOARD_HISTORY_LIMIT states and forgets the
 * oldest.
 *
 * It also knows which state was last saved, for the unsaved-change indicator: undoing back
 * to the saved state makes the dashboard clean again.
 */
#pragma once

#include <glib-object.h>

#include "bs-dashboard.h"

G_BEGIN_DECLS

#define BS_DASHBOARD_HISTORY_LIMIT 200

#define BS_TYPE_DASHBOARD_HISTORY (bs_dashboard_history_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardHistory, bs_dashboard_history, BS, DASHBOARD_HISTORY, GObject)

/* Starts with a copy of @initial as the current and saved state. Properties (notify):
 * "can-undo", "can-redo", "dirty". */
BsDashboardHistory *bs_dashboard_history_new         (const BsDashboard  *initial);

/* The current state; owned by the history, valid until the next call that changes it. */
const BsDashboard  *bs_dashboard_history_get_current (BsDashboardHistory *self);

/* Records a copy of @state as the new current state after a change described by @label
 * ("Move “Revenue”"); drops what could be redone. A state equal to the current one
 * (bs_dashboard_equal) is not recorded; returns FALSE then. */
gboolean            bs_dashboard_history_push        (BsDashboardHistory *self,
                                                      const BsDashboard  *state,
                                                      const char         *label);

/* Step back or forward; return the new current state, or NULL when there is nothing to
 * undo or redo. */
const BsDashboard  *bs_dashboard_history_undo        (BsDashboardHistory *self);
const BsDashboard  *bs_dashboard_history_redo        (BsDashboardHistory *self);

gboolean            bs_dashboard_history_can_undo    (BsDashboardHistory *self);
gboolean            bs_dashboard_history_can_redo    (BsDashboardHistory *self);
/* What undo and redo would do, for tooltips ("Undo Move “Revenue”"); NULL when nothing. */
const char         *bs_dashboard_history_get_undo_label (BsDashboardHistory *self);
const char         *bs_dashboard_history_get_redo_label (BsDashboardHistory *self);

/* The current state is now the saved one. */
void                bs_dashboard_history_mark_saved  (BsDashboardHistory *self);
/* TRUE when the current state is not the saved one. */
gboolean            bs_dashboard_history_is_dirty    (BsDashboardHistory *self);

G_END_DECLS
