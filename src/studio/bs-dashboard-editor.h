/* bs-dashboard-editor.h — one dashboard open in the designer: a toolbar (back, title,
 * unsaved indicator, undo and redo, time range, refresh, add panel, save, and a menu with
 * export and publishing), the template variables, the palette on the left, the canvas, and
 * the panel editor sheet on the right.
 *
 * It works on a copy of the dashboard; every change goes through the undo history
 * (bs-dashboard-history.h) and, two seconds after the last one, into an autosaved draft
 * (bs-dashboard-drafts.h), so a crash loses nothing. Saving writes a new version to the
 * engine (a stale version is refused by the engine and said so, the draft kept). A
 * dashboard the engine says the person may not change opens read-only: no palette, no
 * saving, panels that cannot be moved; alerts can still be made from its panels.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-dashboard.h"
#include "bs-engine-client.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_DASHBOARD_EDITOR (bs_dashboard_editor_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardEditor, bs_dashboard_editor, BS, DASHBOARD_EDITOR, GtkWidget)

GtkWidget         *bs_dashboard_editor_new              (void);
void               bs_dashboard_editor_set_client       (BsDashboardEditor  *self,
                                                         BsEngineClient     *client);
void               bs_dashboard_editor_set_verbosity    (BsDashboardEditor  *self,
                                                         BsProfileVerbosity  verbosity);
/* The source new panels start on (the demo's), and the type "Add Panel" makes (the
 * persona's chart default). */
void               bs_dashboard_editor_set_defaults     (BsDashboardEditor  *self,
                                                         gint64              source_id,
                                                         const char         *panel_type);

/* The persona's panel suggestions (bs-persona.h ids, NULL-terminated; NULL: none), listed
 * first in the palette when there is a demo source (set_defaults). Adding one, from the
 * palette or by dropping it on the canvas, adds the panel bs_dashboard_template_suggested_panel
 * builds on the demo source, in one step of the undo history. */
void               bs_dashboard_editor_set_suggestions  (BsDashboardEditor  *self,
                                                         const char * const *suggestion_ids);
/* Adds suggestion @suggestion_id at column @x, row @y (x < 0: below the other panels) and
 * selects it; returns its id, 0 if it cannot be added (read-only, no demo source, not a
 * panel suggestion). */
gint64             bs_dashboard_editor_add_suggestion   (BsDashboardEditor  *self,
                                                         const char         *suggestion_id,
                                                         int                 x,
                                                         int                 y);

/* Opens @dashboard (copied): @version is the engine's version it is based on (0: not in
 * the engine yet); @can_edit FALSE opens it read-only. @dirty TRUE for a restored draft or
 * an import, which are unsaved from the start. */
void               bs_dashboard_editor_open             (BsDashboardEditor  *self,
                                                         const BsDashboard  *dashboard,
                                                         gint64              version,
                                                         gboolean            can_edit,
                                                         gboolean            published,
                                                         gboolean            dirty);
/* Reads dashboard @uid from the engine and opens it (::load-failed if it cannot). */
void               bs_dashboard_editor_load             (BsDashboardEditor  *self,
                                                         const char         *uid);

/* The dashboard as it is now (NULL before one is opened). */
const BsDashboard *bs_dashboard_editor_get_dashboard    (BsDashboardEditor  *self);
gint64             bs_dashboard_editor_get_version      (BsDashboardEditor  *self);
gboolean           bs_dashboard_editor_get_dirty        (BsDashboardEditor  *self);
gboolean           bs_dashboard_editor_get_can_edit     (BsDashboardEditor  *self);
GtkWidget         *bs_dashboard_editor_get_canvas       (BsDashboardEditor  *self);
GtkWidget         *bs_dashboard_editor_get_palette      (BsDashboardEditor  *self);
GtkWidget         *bs_dashboard_editor_get_panel_editor (BsDashboardEditor  *self);

void               bs_dashboard_editor_undo             (BsDashboardEditor  *self);
void               bs_dashboard_editor_redo             (BsDashboardEditor  *self);
/* Saves a new version to the engine; ::saved when it is in. */
void               bs_dashboard_editor_save             (BsDashboardEditor  *self);
/* Opens the panel editor sheet on panel @id. */
void               bs_dashboard_editor_edit_panel       (BsDashboardEditor  *self,
                                                         gint64              id);

/* Signals:
 *   ::back                          the back button: the page shows its list
 *   ::saved (const char *uid)       a version was saved
 *   ::load-failed (const char *message)
 *   ::create-alert (BsQuery *query) "Create Alert From This Panel"
 */

G_END_DECLS
