/* bs-dashboard-palette.h — the panel types a person can add (bs_panel_types), as a list
 * of rows with an icon, a name and a sentence. Each row is a drag source whose value is the
 * type name (a G_TYPE_STRING, what the canvas's drop target takes); activating a row
 * (click or Enter) emits ::add-panel with the type, so everything works from the keyboard.
 *
 * Above the types, a "Suggested for You" group lists the persona's panel suggestions
 * (bs-persona.h, built by bs_dashboard_template_suggested_panel), in the persona's order,
 * with their title, description and the icon of their panel type; it is hidden when there
 * are none. A suggestion row drags a BS_TYPE_DASHBOARD_SUGGESTION_ID value (the
 * suggestion's id), a type of its own so that the canvas's drop target for panel types
 * never takes it and the editor's does; activating it emits ::add-suggestion with the id.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_DASHBOARD_PALETTE (bs_dashboard_palette_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardPalette, bs_dashboard_palette, BS, DASHBOARD_PALETTE, GtkWidget)

/* A boxed string: the id of a suggestion being dragged. */
typedef char BsDashboardSuggestionId;
#define BS_TYPE_DASHBOARD_SUGGESTION_ID (bs_dashboard_suggestion_id_get_type ())
GType      bs_dashboard_suggestion_id_get_type     (void) G_GNUC_CONST;

GtkWidget *bs_dashboard_palette_new                (void);
/* The row of @type (for tests that drag it), or NULL. */
GtkWidget *bs_dashboard_palette_get_row            (BsDashboardPalette  *self,
                                                    const char          *type);
/* The persona's PANEL suggestion ids, in the order to list them (NULL-terminated; NULL or
 * empty hides the group). Ids that are not panel suggestions are left out. */
void       bs_dashboard_palette_set_suggestions    (BsDashboardPalette  *self,
                                                    const char * const  *suggestion_ids);
/* The row of suggestion @suggestion_id (for tests), or NULL. */
GtkWidget *bs_dashboard_palette_get_suggestion_row (BsDashboardPalette  *self,
                                                    const char          *suggestion_id);
/* The suggestions listed now, in order (NULL-terminated; free with g_strfreev). */
char     **bs_dashboard_palette_dup_suggestions    (BsDashboardPalette  *self);

/* Signals:
 *   ::add-panel (const char *type)
 *   ::add-suggestion (const char *suggestion_id)
 */

G_END_DECLS
