/* bs-dashboard-palette.h — the panel types a person can add (bs_panel_types), as a list
 * of rows with an icon, a name and a sentence. Each row is a drag source whose value is the
 * type name (a G_TYPE_STRING, what the canvas's drop target takes); activating a row
 * (click or Enter) emits ::add-panel with the type, so everything works from the keyboard.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_DASHBOARD_PALETTE (bs_dashboard_palette_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardPalette, bs_dashboard_palette, BS, DASHBOARD_PALETTE, GtkWidget)

GtkWidget *bs_dashboard_palette_new          (void);
/* The row of @type (for tests that drag it), or NULL. */
GtkWidget *bs_dashboard_palette_get_row      (BsDashboardPalette *self,
                                              const char         *type);

/* Signals:
 *   ::add-panel (const char *type)
 */

G_END_DECLS
