#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-dashboard-layout.h"

#define ITEM(id_, x_, y_, w_, h_) { .id = (id_), .x = (x_), .y = (y_), .w = (w_), .h = (h_) }
#define ROW(id_, y_) { .id = (id_), .x = 0, .y = (y_), .w = BS_GRID_COLUMNS, .h = 1, .is_row = TRUE }

static void
assert_at (const BsGridItem *item,
           int               x,
           int               y,
           int               w,
           int               h)
{
  if (item->x != x || item->y != y || item->w != w || item->h != h)
    g_error ("item %" G_GINT64_FORMAT " is at %d,%d %d×%d; expected %d,%d %d×%d",
             item->id, item->x, item->y, item->w, item->h, x, y, w, h);
}

static void
test_collision (void)
{
  BsGridItem a = ITEM (1, 0, 0, 6, 4);
  BsGridItem touching_right = ITEM (2, 6, 0, 6, 4);
  BsGridItem touching_below = ITEM (3, 0, 4, 6, 4);
  BsGridItem corner = ITEM (4, 4, 2, 2, 2);
  BsGridItem inside = ITEM (5, 1, 1, 1, 1);
  BsGridItem items[] = { a, touching_right, touching_below };

  g_assert_false (bs_grid_items_collide (&a, &touching_right));
  g_assert_false (bs_grid_items_collide (&a, &touching_below));
  g_assert_true (bs_grid_items_collide (&a, &corner));
  g_assert_true (bs_grid_items_collide (&corner, &a));
  g_assert_true (bs_grid_items_collide (&a, &inside));
  g_assert_true (bs_grid_items_collide (&a, &a));

  g_assert_cmpint (bs_grid_layout_find_collision (items, 3, &corner, -1), ==, 0);
  g_assert_cmpint (bs_grid_layout_find_collision (items, 3, &corner, 0), ==, -1);
  g_assert_cmpint (bs_grid_layout_find_collision (items, 3, &items[1], 1), ==, -1);
  g_assert_false (bs_grid_layout_has_overlap (items, 3));
  items[2].y = 3;
  g_assert_true (bs_grid_layout_has_overlap (items, 3));
}

static void
test_clamp (void)
{
  BsGridItem wide = ITEM (1, 10, 0, 30, 2);
  BsGridItem off_right = ITEM (2, 20, 0, 8, 2);
  BsGridItem empty = ITEM (3, -3, -2, 0, 0);
  BsGridItem row = { .id = 4, .x = 5, .y = 3, .w = 3, .h = 1, .is_row = TRUE };
  BsGridItem fine = ITEM (5, 18, 7, 6, 3);

  g_assert_true (bs_grid_item_clamp (&wide));
  assert_at (&wide, 0, 0, 24, 2);
  g_assert_true (bs_grid_item_clamp (&off_right));
  assert_at (&off_right, 16, 0, 8, 2);
  g_assert_true (bs_grid_item_clamp (&empty));
  assert_at (&empty, 0, 0, 1, 1);
  g_assert_true (bs_grid_item_clamp (&row));
  assert_at (&row, 0, 3, 24, 1);
  g_assert_false (bs_grid_item_clamp (&fine));
  assert_at (&fine, 18, 7, 6, 3);
}

static void
test_compact (void)
{
  /* A gap above everything, a gap between two stacked items, and one item that can only
   * rise until it meets the wide one above it. */
  BsGridItem items[] = {
    ITEM (1, 0, 5, 12, 4),
    ITEM (2, 12, 3, 12, 2),
    ITEM (3, 0, 20, 12, 3),
    ITEM (4, 6, 30, 18, 2),
  };

  bs_grid_layout_compact (items, G_N_ELEMENTS (items));
  assert_at (&items[0], 0, 0, 12, 4);
  assert_at (&items[1], 12, 0, 12, 2);
  assert_at (&items[2], 0, 4, 12, 3);
  assert_at (&items[3], 6, 7, 18, 2);
  g_assert_false (bs_grid_layout_has_overlap (items, G_N_ELEMENTS (items)));
  g_assert_cmpint (bs_grid_layout_bottom (items, G_N_ELEMENTS (items)), ==, 9);
}

static void
test_push_down (void)
{
  /* Drop a new 12 × 4 panel on top of the left one: the left one goes below it, the right
   * one stays where it is. */
  BsGridItem items[] = {
    ITEM (1, 0, 0, 12, 6),
    ITEM (2, 12, 0, 12, 6),
    ITEM (3, 0, 0, 1, 1),
  };

  g_assert_true (bs_grid_layout_place (items, 3, 2, 0, 0, 12, 4));
  assert_at (&items[2], 0, 0, 12, 4);
  assert_at (&items[0], 0, 4, 12, 6);
  assert_at (&items[1], 12, 0, 12, 6);
  g_assert_false (bs_grid_layout_place (items, 3, 3, 0, 0, 1, 1));
}

static void
test_push_down_cascade (void)
{
  /* A full-width panel dropped at the top pushes a column of three, each onto the next. */
  BsGridItem items[] = {
    ITEM (1, 0, 0, 8, 3),
    ITEM (2, 0, 3, 8, 3),
    ITEM (3, 4, 6, 8, 3),
    ITEM (4, 16, 0, 8, 2),
    ITEM (5, 0, 40, 24, 2),
  };

  g_assert_true (bs_grid_layout_place (items, 5, 4, 0, 0, 24, 2));
  assert_at (&items[4], 0, 0, 24, 2);
  assert_at (&items[0], 0, 2, 8, 3);
  assert_at (&items[1], 0, 5, 8, 3);
  assert_at (&items[2], 4, 8, 8, 3);
  assert_at (&items[3], 16, 2, 8, 2);
  g_assert_false (bs_grid_layout_has_overlap (items, 5));
}

static void
test_push_down_cascade_sideways (void)
{
  /* A narrow panel dropped on a wide one pushes it onto a panel beside the drop: that one
   * is pushed below the wide one (react-grid-layout's moveElement), not left to float up
   * past it. */
  BsGridItem items[] = {
    ITEM (1, 0, 0, 12, 2),
    ITEM (2, 6, 2, 6, 4),
    ITEM (3, 0, 0, 1, 1),
  };

  g_assert_true (bs_grid_layout_place (items, 3, 2, 0, 0, 6, 4));
  assert_at (&items[2], 0, 0, 6, 4);
  assert_at (&items[0], 0, 4, 12, 2);
  assert_at (&items[1], 6, 6, 6, 4);
}

static void
test_move_down_swaps (void)
{
  /* Dragging the top panel down half-way over the one below keeps the order (the top one
   * floats back up); once its top passes the other's bottom, they swap, as in Grafana. */
  BsGridItem items[] = {
    ITEM (1, 0, 0, 12, 4),
    ITEM (2, 0, 4, 12, 4),
  };

  g_assert_true (bs_grid_layout_place (items, 2, 0, 0, 6, 12, 4));
  assert_at (&items[0], 0, 0, 12, 4);
  assert_at (&items[1], 0, 4, 12, 4);
  g_assert_true (bs_grid_layout_place (items, 2, 0, 0, 8, 12, 4));
  assert_at (&items[1], 0, 0, 12, 4);
  assert_at (&items[0], 0, 4, 12, 4);
  /* Dragging it back up onto the other pushes that one down below it. */
  g_assert_true (bs_grid_layout_place (items, 2, 0, 0, 1, 12, 4));
  assert_at (&items[0], 0, 0, 12, 4);
  assert_at (&items[1], 0, 4, 12, 4);
}

static void
test_resize_pushes (void)
{
  BsGridItem items[] = {
    ITEM (1, 0, 0, 12, 4),
    ITEM (2, 12, 0, 12, 4),
    ITEM (3, 12, 4, 12, 4),
  };

  /* Widening the left one to the full width pushes both right ones below it. */
  g_assert_true (bs_grid_layout_place (items, 3, 0, 0, 0, 24, 4));
  assert_at (&items[0], 0, 0, 24, 4);
  assert_at (&items[1], 12, 4, 12, 4);
  assert_at (&items[2], 12, 8, 12, 4);
  /* And narrowing it back lets them rise again. */
  g_assert_true (bs_grid_layout_place (items, 3, 0, 0, 0, 12, 4));
  assert_at (&items[1], 12, 0, 12, 4);
  assert_at (&items[2], 12, 4, 12, 4);
}

static void
test_rows_keep_panels (void)
{
  BsGridItem items[] = {
    ROW (1, 0),
    ITEM (2, 0, 1, 12, 4),
    ROW (3, 5),
    ITEM (4, 0, 6, 8, 4),
    ITEM (5, 8, 6, 8, 4),
  };

  /* Making the first row's panel taller pushes the second row, and its panels with it. */
  g_assert_true (bs_grid_layout_place (items, 5, 1, 0, 1, 12, 8));
  assert_at (&items[0], 0, 0, 24, 1);
  assert_at (&items[1], 0, 1, 12, 8);
  assert_at (&items[2], 0, 9, 24, 1);
  assert_at (&items[3], 0, 10, 8, 4);
  assert_at (&items[4], 8, 10, 8, 4);
  /* Compaction never lifts a panel above the row it belongs to. */
  items[3].y = 30;
  bs_grid_layout_compact (items, 5);
  assert_at (&items[3], 0, 10, 8, 4);
  /* A row dropped onto a panel is kept full width, pushes the panel under it and rises to
   * the row above: that panel now belongs to the dropped row. */
  g_assert_true (bs_grid_layout_place (items, 5, 2, 7, 3, 5, 1));
  assert_at (&items[2], 0, 1, 24, 1);
  assert_at (&items[1], 0, 2, 12, 8);
  g_assert_cmpint (items[3].y, >, items[2].y);
  g_assert_false (bs_grid_layout_has_overlap (items, 5));
}

static gboolean
is_compact (const BsGridItem *items,
            gsize             n_items)
{
  g_autofree BsGridItem *copy = g_memdup2 (items, n_items * sizeof (BsGridItem));

  bs_grid_layout_compact (copy, n_items);
  return memcmp (copy, items, n_items * sizeof (BsGridItem)) == 0;
}

static void
check_invariants (const BsGridItem *items,
                  gsize             n_items,
                  guint             step)
{
  for (gsize i = 0; i < n_items; i++)
    {
      BsGridItem clamped = items[i];

      if (bs_grid_item_clamp (&clamped))
        g_error ("step %u: item %zu is outside the grid", step, i);
    }
  if (bs_grid_layout_has_overlap (items, n_items))
    g_error ("step %u: two items overlap", step);
  if (!is_compact (items, n_items))
    g_error ("step %u: compaction would close a gap", step);
  /* The same, checked independently: nothing can rise by one row. */
  for (gsize i = 0; i < n_items; i++)
    {
      BsGridItem raised = items[i];

      raised.y--;
      if (raised.y >= 0 && bs_grid_layout_find_collision (items, n_items, &raised, (gssize) i) < 0)
        g_error ("step %u: item %zu has a gap above it", step, i);
    }
}

static void
test_random_moves (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);

  for (guint layout = 0; layout < 200; layout++)
    {
      gsize n_items = g_rand_int_range (rand, 1, 25);
      g_autofree BsGridItem *items = g_new0 (BsGridItem, n_items);

      for (gsize i = 0; i < n_items; i++)
        {
          items[i].id = (gint64) i + 1;
          items[i].is_row = g_rand_int_range (rand, 0, 8) == 0;
          items[i].x = g_rand_int_range (rand, -2, 26);
          items[i].y = g_rand_int_range (rand, -2, 40);
          items[i].w = g_rand_int_range (rand, 0, 26);
          items[i].h = g_rand_int_range (rand, 0, 12);
        }
      bs_grid_layout_compact (items, n_items);
      check_invariants (items, n_items, 0);
      for (guint step = 1; step <= 30; step++)
        {
          gsize index = g_rand_int_range (rand, 0, (gint32) n_items);
          BsGridItem *item = &items[index];
          gboolean resize = g_rand_boolean (rand);

          g_assert_true (bs_grid_layout_place (items, n_items, index,
                                               resize ? item->x : g_rand_int_range (rand, -3, 27),
                                               resize ? item->y : g_rand_int_range (rand, -3, 60),
                                               resize ? g_rand_int_range (rand, 0, 26) : item->w,
                                               resize ? g_rand_int_range (rand, 0, 14) : item->h));
          check_invariants (items, n_items, step);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/dashboard-layout/collision", test_collision);
  g_test_add_func ("/bs/dashboard-layout/clamp", test_clamp);
  g_test_add_func ("/bs/dashboard-layout/compact", test_compact);
  g_test_add_func ("/bs/dashboard-layout/push-down", test_push_down);
  g_test_add_func ("/bs/dashboard-layout/push-down-cascade", test_push_down_cascade);
  g_test_add_func ("/bs/dashboard-layout/push-down-cascade-sideways", test_push_down_cascade_sideways);
  g_test_add_func ("/bs/dashboard-layout/move-down-swaps", test_move_down_swaps);
  g_test_add_func ("/bs/dashboard-layout/resize-pushes", test_resize_pushes);
  g_test_add_func ("/bs/dashboard-layout/rows-keep-panels", test_rows_keep_panels);
  g_test_add_func ("/bs/dashboard-layout/random-moves", test_random_moves);
  return g_test_run ();
}
