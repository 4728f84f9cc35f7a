/* bs-tile-grid.h — lays its children out as equal tiles in rows, with a number of columns
 * that divides the number of tiles (4 tiles: 4, 2 or 1 a row), so that no row is left
 * with a lonely tile. Children are added as <child> elements in a template.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_TILE_GRID (bs_tile_grid_get_type ())
G_DECLARE_FINAL_TYPE (BsTileGrid, bs_tile_grid, BS, TILE_GRID, GtkWidget)

GtkWidget *bs_tile_grid_new                (void);
/* The narrowest a column of tiles may be before there are fewer columns (default 200);
 * the tiles' natural widths can ask for more. */
void       bs_tile_grid_set_min_tile_width (BsTileGrid *self,
                                            int         width);
void       bs_tile_grid_set_spacing        (BsTileGrid *self,
                                            int         spacing);
/* The columns used at @width. */
guint      bs_tile_grid_get_columns        (BsTileGrid *self,
                                            int         width);

G_END_DECLS
