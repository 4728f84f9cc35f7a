/* bs-dashboard-versions-dialog.h — the saved versions of a dashboard, newest first, each
 * with when and by whom it was saved; restoring one saves its document again as the newest
 * version (the engine's restore), so nothing is ever lost.
 */
#pragma once

#include <adwaita.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

#define BS_TYPE_DASHBOARD_VERSIONS_DIALOG (bs_dashboard_versions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardVersionsDialog, bs_dashboard_versions_dialog, BS,
                      DASHBOARD_VERSIONS_DIALOG, AdwWindow)

BsDashboardVersionsDialog *bs_dashboard_versions_dialog_new (GtkWindow      *parent,
                                                             BsEngineClient *client,
                                                             const char     *uid,
                                                             gboolean        unsaved);
/* How many versions it lists (0 until they are read). */
guint     bs_dashboard_versions_dialog_get_n_versions (BsDashboardVersionsDialog *self);
/* Restores @version, as its button does. */
void      bs_dashboard_versions_dialog_restore        (BsDashboardVersionsDialog *self,
                                                       gint64                     version);

/* Signals:
 *   ::restored (gint64 version)   the new version the restore saved; the dialog closes
 */

G_END_DECLS
