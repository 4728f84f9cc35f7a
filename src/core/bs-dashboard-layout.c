#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-dashboard-layout.h"

gboolean
bs_grid_item_clamp (BsGridItem *item)
{
  BsGridItem before;

  g_return_val_if_fail (item != NULL, FALSE);

  before = *item;
  if (item->is_row)
    {
      item->x = 0;
      item->w = BS_GRID_COLUMNS;
    }
  item->w = CLAMP (item->w, 1, BS_GRID_COLUMNS);
  item->x = CLAMP (item->x, 0, BS_GRID_COLUMNS - item->w);
  /* Far beyond any real dashboard, and keeps y + h from overflowing. */
  item->h = CLAMP (item->h, 1, BS_GRID_MAX_ROWS);
  item->y = CLAMP (item->y, 0, BS_GRID_MAX_ROWS);
  return item->x != before.x || item->y != before.y
         || item->w != before.w || item->h != before.h;
}

gboolean
bs_grid_items_collide (const BsGridItem *a,
                       const BsGridItem *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->x < b->x + b->w && b->x < a->x + a->w
         && a->y < b->y + b->h && b->y < a->y + a->h;
}

gssize
bs_grid_layout_find_collision (const BsGridItem *items,
                               gsize             n_items,
                               const BsGridItem *item,
                               gssize            skip)
{
  g_return_val_if_fail (items != NULL || n_items == 0, -1);
  g_return_val_if_fail (item != NULL, -1);

  for (gsize i = 0; i < n_items; i++)
    if ((gssize) i != skip && bs_grid_items_collide (&items[i], item))
      return (gssize) i;
  return -1;
}

gboolean
bs_grid_layout_has_overlap (const BsGridItem *items,
                            gsize             n_items)
{
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);

  for (gsize i = 0; i < n_items; i++)
    for (gsize j = i + 1; j < n_items; j++)
      if (bs_grid_items_collide (&items[i], &items[j]))
        return TRUE;
  return FALSE;
}

int
bs_grid_layout_bottom (const BsGridItem *items,
                       gsize             n_items)
{
  int bottom = 0;

  g_return_val_if_fail (items != NULL || n_items == 0, 0);

  for (gsize i = 0; i < n_items; i++)
    bottom = MAX (bottom, items[i].y + items[i].h);
  return bottom;
}

/* Row-major order, as react-grid-layout's sortLayoutItemsByRowCol; the array index breaks
 * ties so the order never depends on qsort's stability. */
static int
compare_row_col (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const BsGridItem *items = user_data;
  gsize ia = *(const gsize *) a;
  gsize ib = *(const gsize *) b;
  const BsGridItem *ra = &items[ia];
  const BsGridItem *rb = &items[ib];

  if (ra->y != rb->y)
    return ra->y < rb->y ? -1 : 1;
  if (ra->x != rb->x)
    return ra->x < rb->x ? -1 : 1;
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

static gsize *
sorted_indices (const BsGridItem *items,
                gsize             n_items)
{
  gsize *order = g_new (gsize, MAX (n_items, 1));

  for (gsize i = 0; i < n_items; i++)
    order[i] = i;
  g_qsort_with_data (order, (int) n_items, sizeof (gsize), compare_row_col,
                     (gpointer) items);
  return order;
}

/* The first already-placed item (placed[k] TRUE) that @item overlaps, or -1. */
static gssize
find_placed_collision (const BsGridItem *items,
                       gsize             n_items,
                       const gboolean   *placed,
                       const BsGridItem *item)
{
  for (gsize i = 0; i < n_items; i++)
    if (placed[i] && bs_grid_items_collide (&items[i], item))
      return (gssize) i;
  return -1;
}

/* How far up @item can rise: stepping up a row at a time until it would overlap a placed
 * item ends at the lowest bottom of the placed items above it in its columns. An item that
 * overlaps one already stays where it is (and is then moved down below it). */
static int
highest_free_y (const BsGridItem *items,
                gsize             n_items,
                const gboolean   *placed,
                const BsGridItem *item)
{
  int y = 0;

  if (find_placed_collision (items, n_items, placed, item) >= 0)
    return item->y;
  for (gsize i = 0; i < n_items; i++)
    {
      const BsGridItem *other = &items[i];

      if (placed[i] && other->x < item->x + item->w && item->x < other->x + other->w
          && other->y + other->h <= item->y)
        y = MAX (y, other->y + other->h);
    }
  return y;
}

void
bs_grid_layout_compact (BsGridItem *items,
                        gsize       n_items)
{
  g_autofree gsize *order = NULL;
  g_autofree gboolean *placed = NULL;

  g_return_if_fail (items != NULL || n_items == 0);

  for (gsize i = 0; i < n_items; i++)
    bs_grid_item_clamp (&items[i]);
  order = sorted_indices (items, n_items);
  placed = g_new0 (gboolean, MAX (n_items, 1));
  for (gsize k = 0; k < n_items; k++)
    {
      BsGridItem *item = &items[order[k]];
      gssize hit;

      item->y = highest_free_y (items, n_items, placed, item);
      while ((hit = find_placed_collision (items, n_items, placed, item)) >= 0)
        item->y = items[hit].y + items[hit].h;
      placed[order[k]] = TRUE;
    }
}

/* Moves every item that overlaps items[@pusher] down to just below it, and what those now
 * overlap in turn. Items only ever move down and the placed item (@fixed) never moves, so
 * the cascade ends. */
static void
push_down (BsGridItem *items,
           gsize       n_items,
           gsize       pusher,
           gsize       fixed)
{
  g_autofree gsize *order = sorted_indices (items, n_items);

  for (gsize k = 0; k < n_items; k++)
    {
      gsize i = order[k];

      if (i == pusher || i == fixed || !bs_grid_items_collide (&items[i], &items[pusher]))
        continue;
      items[i].y = items[pusher].y + items[pusher].h;
      push_down (items, n_items, i, fixed);
    }
}

gboolean
bs_grid_layout_place (BsGridItem *items,
                      gsize       n_items,
                      gsize       index,
                      int         x,
                      int         y,
                      int         w,
                      int         h)
{
  BsGridItem *item;

  g_return_val_if_fail (items != NULL, FALSE);

  if (index >= n_items)
    return FALSE;
  item = &items[index];
  item->x = x;
  item->y = y;
  item->w = w;
  item->h = h;
  bs_grid_item_clamp (item);
  push_down (items, n_items, index, index);
  bs_grid_layout_compact (items, n_items);
  return TRUE;
}
