/* bs-dashboard-canvas-private.h — what the canvas's layout (bs-dashboard-canvas.c) and its
 * pointer and keyboard handling (bs-dashboard-canvas-input.c) share. */
#pragma once

#include "bs-dashboard-canvas.h"
#include "bs-panel-type.h"

G_BEGIN_DECLS

/* One shown top-level panel or row, in the dashboard's order (items[i] is slots[i]). */
typedef struct
{
  gint64     id;
  guint      occurrence;  /* imported dashboards may repeat an id: the how-manyth */
  gboolean   is_row;
  GtkWidget *widget;      /* the canvas's child: a BsDashboardCanvasItem holding the
                           * panel's widget, or the row's header */
  GtkWidget *content;     /* the caller's panel widget, or the row's header */
  graphene_rect_t bounds; /* where it was last allocated, in the canvas */
} BsCanvasSlot;

#define BS_TYPE_DASHBOARD_CANVAS_ITEM (bs_dashboard_canvas_item_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardCanvasItem, bs_dashboard_canvas_item, BS, DASHBOARD_CANVAS_ITEM,
                      GtkWidget)

/* In bs-dashboard-canvas-item.c: a focusable holder for one panel widget. */
GtkWidget     *bs_dashboard_canvas_item_new        (GtkWidget             *child);
GtkWidget     *bs_dashboard_canvas_item_get_child  (BsDashboardCanvasItem *self);

typedef enum
{
  BS_CANVAS_DRAG_NONE,
  BS_CANVAS_DRAG_MOVE,
  BS_CANVAS_DRAG_RESIZE,
  BS_CANVAS_DRAG_DROP,     /* a panel type from the palette hovering over the canvas */
} BsCanvasDragMode;

struct _BsDashboardCanvas
{
  GtkWidget                    parent_instance;

  BsDashboard                 *dashboard;   /* borrowed */
  gboolean                     editable;
  gint64                       selected;
  gint64                       hovered;     /* the panel under the pointer, for its corner */

  BsDashboardCanvasCreateFunc  create;
  BsDashboardCanvasUpdateFunc  update;
  gpointer                     funcs_data;
  GDestroyNotify               funcs_destroy;

  GPtrArray                   *slots;       /* BsCanvasSlot* */
  BsGridItem                  *items;       /* the dashboard's top-level panels */
  gsize                        n_items;

  /* While dragging: where everything would land (@preview, one item more while dropping
   * from the palette), the dragged item's index in it, and the rectangle the dragged
   * panel is drawn in, following the pointer. */
  BsCanvasDragMode             drag_mode;
  BsGridItem                  *preview;
  gsize                        n_preview;
  gsize                        drag_index;
  graphene_rect_t              drag_start_rect;
  graphene_rect_t              drag_rect;
  int                          target_x;    /* the cell last asked for, in grid cells */
  int                          target_y;
  int                          target_w;
  int                          target_h;
  gssize                       pending;     /* pressed in this panel's handle: a move once
                                             * the pointer passes the drag threshold */
  const char                  *cursor;
  int                          shown_rows;  /* the height asked for, in grid rows */

  /* Scrolling the scrolled window around the canvas while the pointer waits near its top
   * or bottom edge during a drag: the pointer, the last offsets a motion gave, and how far
   * it has scrolled since (the canvas moved under a pointer that did not). */
  guint                        autoscroll_id;
  gint64                       autoscroll_time;  /* of the last frame it scrolled in */
  double                       pointer_x;
  double                       pointer_y;
  double                       offset_x;
  double                       offset_y;
  double                       scrolled_since;

  GtkGesture                  *drag_gesture;
  GtkDropTarget               *drop_target;
};

/* Layout, in bs-dashboard-canvas.c. */
gboolean       bs_dashboard_canvas_is_narrow       (BsDashboardCanvas *self);
/* The pixel rectangle of a grid rectangle at the current width. */
void           bs_dashboard_canvas_cell_rect       (BsDashboardCanvas *self,
                                                    const BsGridItem  *item,
                                                    graphene_rect_t   *rect);
/* The index in @slots of the panel @id, or -1. */
gssize         bs_dashboard_canvas_find_slot       (BsDashboardCanvas *self,
                                                    gint64             id);
/* The index in @slots of the panel shown by @widget, or -1. */
gssize         bs_dashboard_canvas_find_widget     (BsDashboardCanvas *self,
                                                    GtkWidget         *widget);
/* The shown panel (not a row) at @x, @y, or -1. */
gssize         bs_dashboard_canvas_slot_at         (BsDashboardCanvas *self,
                                                    double             x,
                                                    double             y);
/* Moves and sizes the dashboard's panels as @items (one per top-level panel) say, keeps
 * the panels in layout order, and emits ::edited with @label. */
void           bs_dashboard_canvas_commit          (BsDashboardCanvas *self,
                                                    const BsGridItem  *items,
                                                    const char        *label);
/* The panel's title, or its type's name, for the undo history's labels. */
const char    *bs_dashboard_canvas_panel_name      (BsDashboardCanvas *self,
                                                    gint64             id);
/* A panel (not a type from the palette) is being moved or resized. */
gboolean       bs_dashboard_canvas_dragging_panel  (BsDashboardCanvas *self);
/* Whether the two layouts put every item in the same place. */
gboolean       bs_dashboard_canvas_items_equal     (const BsGridItem  *a,
                                                    const BsGridItem  *b,
                                                    gsize              n_items);
/* "Move “Revenue”" or "Resize “Revenue”", for the undo history. */
char          *bs_dashboard_canvas_placement_label (BsDashboardCanvas *self,
                                                    gint64             id,
                                                    gboolean           resized);
/* The entry of bs_panel_types () for @type, or NULL if it is not one a person adds. */
const BsPanelTypeInfo *bs_dashboard_canvas_addable_type (const char *type);
gint64         bs_dashboard_canvas_add_panel_at    (BsDashboardCanvas *self,
                                                    const char        *type,
                                                    int                x,
                                                    int                y);

void           bs_dashboard_canvas_emit_activated  (BsDashboardCanvas *self,
                                                    gint64             id);

/* Input, in bs-dashboard-canvas-input.c. */
void           bs_dashboard_canvas_init_input      (BsDashboardCanvas *self);
/* Ends a drag or a hovering drop without changing anything. */
void           bs_dashboard_canvas_cancel_drag     (BsDashboardCanvas *self);

G_END_DECLS
