/* bs-dashboard-canvas.h — the designer's canvas: Grafana's 24-column grid
 * (bs-dashboard-layout.h), zoomed to the width of the widget, with one child widget per
 * panel placed by this widget's own layout.
 *
 * Columns share the width; grid rows are BS_DASHBOARD_CANVAS_ROW_HEIGHT pixels with
 * BS_DASHBOARD_CANVAS_GAP between panels, as in Grafana. Narrower than
 * BS_DASHBOARD_CANVAS_NARROW_WIDTH, every panel is shown full width, stacked in layout
 * order (Grafana's small-screen layout), and editing by pointer is off.
 *
 * The canvas shows a dashboard it does not own and edits it in place: moving, resizing,
 * dropping a panel type from the palette, deleting, duplicating, collapsing a row. After
 * each finished change it emits ::edited with a description for the undo history. While a
 * panel is dragged, a tinted landing cell shows where it will go and the others move out of
 * its way as they will (bs_grid_layout_place), but the dashboard changes only on release.
 *
 * Panels are widgets the caller makes (BsDashboardPanelView in the Studio): the create
 * function makes one for a panel, the update function gives an existing one the panel's
 * new state after set_dashboard (). Widgets are kept by panel id, so undo does not rebuild
 * them. Rows are drawn by the canvas itself: a header with the title and an expander.
 *
 * Pointer: the top BS_DASHBOARD_CANVAS_HANDLE_HEIGHT pixels of a panel drag it; the
 * bottom-right corner (BS_DASHBOARD_CANVAS_CORNER pixels square) resizes it; elsewhere the
 * panel's own widgets get the events (a table's sortable headers). Keyboard, on the
 * focused panel: arrows move it a cell, Shift+arrows resize it, Delete removes it,
 * Ctrl+D duplicates it, Enter emits ::panel-activated. Tab goes from panel to panel in
 * layout order. None of these act when the canvas is not editable, but for Enter.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-dashboard.h"

G_BEGIN_DECLS

#define BS_DASHBOARD_CANVAS_ROW_HEIGHT    30
#define BS_DASHBOARD_CANVAS_GAP           8
#define BS_DASHBOARD_CANVAS_HANDLE_HEIGHT 32
#define BS_DASHBOARD_CANVAS_CORNER        16
#define BS_DASHBOARD_CANVAS_NARROW_WIDTH  600

#define BS_TYPE_DASHBOARD_CANVAS (bs_dashboard_canvas_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardCanvas, bs_dashboard_canvas, BS, DASHBOARD_CANVAS, GtkWidget)

typedef GtkWidget *(*BsDashboardCanvasCreateFunc) (BsDashboardCanvas      *canvas,
                                                    const BsDashboardPanel *panel,
                                                    gpointer                user_data);
typedef void       (*BsDashboardCanvasUpdateFunc) (BsDashboardCanvas      *canvas,
                                                    GtkWidget              *widget,
                                                    const BsDashboardPanel *panel,
                                                    gpointer                user_data);

GtkWidget     *bs_dashboard_canvas_new              (void);

/* Without them (the default), each panel is a plain frame with its title. */
void           bs_dashboard_canvas_set_panel_funcs  (BsDashboardCanvas           *self,
                                                     BsDashboardCanvasCreateFunc  create,
                                                     BsDashboardCanvasUpdateFunc  update,
                                                     gpointer                     user_data,
                                                     GDestroyNotify               destroy);

/* Shows @dashboard (borrowed: keep it alive while shown, and call this again after
 * replacing it or changing it other than through the canvas). NULL shows nothing. */
void           bs_dashboard_canvas_set_dashboard    (BsDashboardCanvas *self,
                                                     BsDashboard       *dashboard);
BsDashboard   *bs_dashboard_canvas_get_dashboard    (BsDashboardCanvas *self);

/* Property "editable" (default TRUE). */
void           bs_dashboard_canvas_set_editable     (BsDashboardCanvas *self,
                                                     gboolean           editable);
gboolean       bs_dashboard_canvas_get_editable     (BsDashboardCanvas *self);

/* Property "selected": the id of the panel with the focus, 0 for none. Selecting focuses. */
gint64         bs_dashboard_canvas_get_selected     (BsDashboardCanvas *self);
void           bs_dashboard_canvas_select_panel     (BsDashboardCanvas *self,
                                                     gint64             id);
GtkWidget     *bs_dashboard_canvas_get_panel_widget (BsDashboardCanvas *self,
                                                     gint64             id);

/* The edits, as the pointer and the keyboard make them; each emits ::edited once.
 * add_panel makes a panel of @type (bs-panel-type.h) at its default size at column @x,
 * row @y (x < 0: the first free place below the others), emits ::panel-added and returns
 * its id (0 if @type is not one we add). */
gint64         bs_dashboard_canvas_add_panel        (BsDashboardCanvas *self,
                                                     const char        *type,
                                                     int                x,
                                                     int                y);
/* Adds @panel (taken; it gets the next free id, which is returned) where add_panel would,
 * as an edit named "Add “title”", without ::panel-added: a panel made elsewhere (a
 * suggestion) has its data already. */
gint64         bs_dashboard_canvas_insert_panel     (BsDashboardCanvas *self,
                                                     BsDashboardPanel  *panel,
                                                     int                x,
                                                     int                y);
gboolean       bs_dashboard_canvas_place_panel      (BsDashboardCanvas *self,
                                                     gint64             id,
                                                     int                x,
                                                     int                y,
                                                     int                w,
                                                     int                h);
gboolean       bs_dashboard_canvas_delete_panel     (BsDashboardCanvas *self,
                                                     gint64             id);
gint64         bs_dashboard_canvas_duplicate_panel  (BsDashboardCanvas *self,
                                                     gint64             id);

/* Where a panel is drawn, in the canvas's coordinates (for tests and export); FALSE if
 * it is not shown (no such panel, or inside a collapsed row). */
gboolean       bs_dashboard_canvas_get_panel_bounds (BsDashboardCanvas *self,
                                                     gint64             id,
                                                     graphene_rect_t   *bounds);
/* The width of a grid column and the height of a grid row as drawn, gaps included. */
void           bs_dashboard_canvas_get_cell_size    (BsDashboardCanvas *self,
                                                     double            *column_width,
                                                     double            *row_height);

/* The pointer drag of panel @id as the gesture does it, for the benchmark: begin at a
 * point in the panel's handle, update with offsets from there, end (TRUE: drop; FALSE:
 * cancel). Each update lays the panels out again as a pointer motion does. */
gboolean       bs_dashboard_canvas_drag_begin       (BsDashboardCanvas *self,
                                                     gint64             id,
                                                     double             x,
                                                     double             y);
void           bs_dashboard_canvas_drag_update      (BsDashboardCanvas *self,
                                                     double             offset_x,
                                                     double             offset_y);
void           bs_dashboard_canvas_drag_end         (BsDashboardCanvas *self,
                                                     gboolean           drop);

/* Signals:
 *   ::edited (const char *label)       the dashboard changed; label for the undo history
 *   ::panel-added (gint64 id)          after a drop from the palette or add_panel ()
 *   ::panel-activated (gint64 id)      double click or Enter on a panel
 */

G_END_DECLS
