/* bs-dashboard-layout.h — Grafana's 24-column dashboard grid as pure functions on arrays of
 * rectangles, so that the canvas, the keyboard actions and the tests share one behaviour.
 *
 * It follows react-grid-layout as Grafana configures it (vertical compaction, collisions
 * allowed while placing): an item placed (moved, resized, or dropped from the palette)
 * pushes the items it overlaps down below it, which push the ones they overlap in turn;
 * then every item moves up as far as it can, in order of y then x, without overlapping.
 * Rows are full-width items; since nothing can pass them, the panels below a row stay
 * below it through every push and compaction.
 *
 * Units are grid cells: x and w in columns (0–24), y and h in rows of Grafana's 30 px.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BS_GRID_COLUMNS  24
#define BS_GRID_MAX_ROWS (1 << 20)

typedef struct
{
  gint64    id;       /* the caller's (a panel id); the functions never read it */
  int       x;
  int       y;
  int       w;
  int       h;
  gboolean  is_row;   /* a row: always x 0 and the full width */
} BsGridItem;

/* Brings @item inside the grid: 1 ≤ w ≤ 24, 0 ≤ x ≤ 24 − w, y ≥ 0, h ≥ 1; a row spans the
 * full width; y and h at most BS_GRID_MAX_ROWS. Returns TRUE if anything changed. */
gboolean  bs_grid_item_clamp          (BsGridItem        *item);

/* TRUE if the two rectangles share at least one cell (touching edges do not). */
gboolean  bs_grid_items_collide       (const BsGridItem  *a,
                                       const BsGridItem  *b);

/* The index of the first item (in array order) other than @skip that @item overlaps, or
 * -1. Pass @skip = -1 to test every item. */
gssize    bs_grid_layout_find_collision (const BsGridItem *items,
                                         gsize             n_items,
                                         const BsGridItem *item,
                                         gssize            skip);

/* TRUE if any two items overlap. */
gboolean  bs_grid_layout_has_overlap  (const BsGridItem  *items,
                                       gsize              n_items);

/* Vertical compaction: each item, in order of y then x, moves up as far as it can without
 * overlapping the ones already placed (and down below them if it overlaps one). Items are
 * clamped first. The array keeps its order; only x, y, w, h change. */
void      bs_grid_layout_compact      (BsGridItem        *items,
                                       gsize              n_items);

/* Puts items[@index] at @x, @y with size @w × @h (clamped), pushes down every item it
 * overlaps (cascading), then compacts. To drop a new panel, append it to the array and
 * place it. Returns FALSE (and changes nothing) if @index is out of range. */
gboolean  bs_grid_layout_place        (BsGridItem        *items,
                                       gsize              n_items,
                                       gsize              index,
                                       int                x,
                                       int                y,
                                       int                w,
                                       int                h);

/* The first y below every item (the height of the layout in grid rows). */
int       bs_grid_layout_bottom       (const BsGridItem  *items,
                                       gsize              n_items);

G_END_DECLS
