/* The designer's canvas and palette in a window under Xvfb, driven as a person does: real
 * pointer drags and key presses through the X server (xdotool), from the palette onto the
 * canvas, moving and resizing panels; every change then undone and redone through the
 * history. No engine: the panels are the canvas's own plain frames.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the window is also drawn to PNG files there.
 */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>

#include "bs-dashboard-canvas.h"
#include "bs-dashboard-history.h"
#include "bs-dashboard-palette.h"
#include "bs-panel-type.h"
#include "bs-studio-test-util.h"

enum
{
  ID_REVENUE = 1,
  ID_ORDERS,
  ID_SALES,
  ID_DETAILS,
  ID_NOTES,
};

typedef struct
{
  GtkWidget          *window;
  BsDashboardPalette *palette;
  BsDashboardCanvas  *canvas;
  BsDashboard        *dashboard;   /* what the canvas edits */
  BsDashboardHistory *history;
  GPtrArray          *states;      /* BsDashboard*: a copy after each edit */
  GPtrArray          *labels;      /* char*: each ::edited label */
  GArray             *added;       /* gint64 */
  GArray             *activated;   /* gint64 */
} Fixture;

static gboolean have_xdotool;

static BsDashboardPanel *
add_panel (BsDashboard *dashboard,
           gint64       id,
           const char  *type,
           const char  *title,
           int          x,
           int          y,
           int          w,
           int          h)
{
  BsDashboardPanel *panel = bs_dashboard_panel_new (id, type, title);

  panel->x = x;
  panel->y = y;
  panel->w = w;
  panel->h = h;
  g_ptr_array_add (dashboard->panels, panel);
  return panel;
}

/* Two stats across the top left, the top right free, a time series under them, then a row
 * with a text panel in it. Compact already, as Grafana keeps a layout. */
static BsDashboard *
sample_dashboard (void)
{
  BsDashboard *dashboard = bs_dashboard_new ("Sales");

  add_panel (dashboard, ID_REVENUE, "stat", "Revenue", 0, 0, 6, 4);
  add_panel (dashboard, ID_ORDERS, "stat", "Orders", 6, 0, 6, 4);
  add_panel (dashboard, ID_SALES, "timeseries", "Sales by day", 0, 4, 24, 8);
  add_panel (dashboard, ID_DETAILS, "row", "Details", 0, 12, 24, 1);
  add_panel (dashboard, ID_NOTES, "text", "Notes", 0, 13, 8, 6);
  return dashboard;
}

static void
on_edited (BsDashboardCanvas *canvas,
           const char        *label,
           Fixture           *fixture)
{
  g_assert_true (bs_dashboard_canvas_get_dashboard (canvas) == fixture->dashboard);
  g_ptr_array_add (fixture->labels, g_strdup (label));
  g_ptr_array_add (fixture->states, bs_dashboard_copy (fixture->dashboard));
  bs_dashboard_history_push (fixture->history, fixture->dashboard, label);
}

static void
on_panel_added (BsDashboardCanvas *canvas,
                gint64             id,
                Fixture           *fixture)
{
  g_array_append_val (fixture->added, id);
}

static void
on_panel_activated (BsDashboardCanvas *canvas,
                    gint64             id,
                    Fixture           *fixture)
{
  g_array_append_val (fixture->activated, id);
}

static gboolean
on_settled (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms: frames, X events, the other side of a drag and drop. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_settled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *palette = bs_dashboard_palette_new ();
  GtkWidget *canvas = bs_dashboard_canvas_new ();

  fixture->dashboard = sample_dashboard ();
  fixture->history = bs_dashboard_history_new (fixture->dashboard);
  fixture->states = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_dashboard_free);
  fixture->labels = g_ptr_array_new_with_free_func (g_free);
  fixture->added = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->activated = g_array_new (FALSE, FALSE, sizeof (gint64));

  fixture->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Dashboard canvas");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1240, 860);
  gtk_widget_set_size_request (palette, 280, -1);
  gtk_widget_set_margin_start (canvas, 12);
  gtk_widget_set_margin_end (canvas, 12);
  gtk_widget_set_margin_top (canvas, 12);
  gtk_widget_set_margin_bottom (canvas, 12);
  gtk_widget_set_hexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), canvas);
  gtk_box_append (GTK_BOX (box), palette);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);

  fixture->palette = BS_DASHBOARD_PALETTE (palette);
  fixture->canvas = BS_DASHBOARD_CANVAS (canvas);
  bs_dashboard_canvas_set_dashboard (fixture->canvas, fixture->dashboard);
  g_signal_connect (canvas, "edited", G_CALLBACK (on_edited), fixture);
  g_signal_connect (canvas, "panel-added", G_CALLBACK (on_panel_added), fixture);
  g_signal_connect (canvas, "panel-activated", G_CALLBACK (on_panel_activated), fixture);
  g_signal_connect_swapped (palette, "add-panel", G_CALLBACK (bs_dashboard_canvas_add_panel),
                            canvas);
  gtk_window_present (GTK_WINDOW (fixture->window));
  settle (400);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  settle (50);
  g_clear_object (&fixture->history);
  g_clear_pointer (&fixture->dashboard, bs_dashboard_free);
  g_clear_pointer (&fixture->states, g_ptr_array_unref);
  g_clear_pointer (&fixture->labels, g_ptr_array_unref);
  g_clear_pointer (&fixture->added, g_array_unref);
  g_clear_pointer (&fixture->activated, g_array_unref);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("BS_TEST_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  for (guint attempt = 0; node == NULL && attempt < 10; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        settle (100);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d × %d)", path, width, height);
}

static const BsDashboardPanel *
panel (Fixture *fixture,
       gint64   id)
{
  const BsDashboardPanel *found = bs_dashboard_find_panel (fixture->dashboard, id);

  if (found == NULL)
    g_error ("No panel %" G_GINT64_FORMAT " on the dashboard", id);
  return found;
}

static void
assert_at (Fixture *fixture,
           gint64   id,
           int      x,
           int      y,
           int      w,
           int      h)
{
  const BsDashboardPanel *found = panel (fixture, id);

  if (found->x != x || found->y != y || found->w != w || found->h != h)
    g_error ("panel %" G_GINT64_FORMAT " is at %d,%d %d×%d; expected %d,%d %d×%d", id,
             found->x, found->y, found->w, found->h, x, y, w, h);
}

static void
assert_no_overlap (Fixture *fixture)
{
  gsize n_items;
  g_autofree BsGridItem *items = bs_dashboard_get_grid_items (fixture->dashboard, &n_items);

  g_assert_false (bs_grid_layout_has_overlap (items, n_items));
}

/* The layout as the grid functions make it when @id is placed at x, y, w × h. */
static BsGridItem *
expected_layout (Fixture *fixture,
                 gint64   id,
                 int      x,
                 int      y,
                 int      w,
                 int      h,
                 gsize   *n_items)
{
  BsGridItem *items = bs_dashboard_get_grid_items (fixture->dashboard, n_items);

  for (gsize i = 0; i < *n_items; i++)
    if (items[i].id == id)
      g_assert_true (bs_grid_layout_place (items, *n_items, i, x, y, w, h));
  return items;
}

static void
assert_layout (Fixture          *fixture,
               const BsGridItem *expected,
               gsize             n_items)
{
  for (gsize i = 0; i < n_items; i++)
    assert_at (fixture, expected[i].id, expected[i].x, expected[i].y, expected[i].w,
               expected[i].h);
}

/* The bounds each shown panel is drawn in follow the grid: columns share the width,
 * rows are 30 px with 8 px between. */
static void
assert_bounds_follow_grid (Fixture *fixture)
{
  double column, row;

  bs_dashboard_canvas_get_cell_size (fixture->canvas, &column, &row);
  g_assert_cmpfloat_with_epsilon (row, BS_DASHBOARD_CANVAS_ROW_HEIGHT + BS_DASHBOARD_CANVAS_GAP,
                                  0.001);
  g_assert_cmpfloat_with_epsilon (column * BS_GRID_COLUMNS,
                                  gtk_widget_get_width (GTK_WIDGET (fixture->canvas))
                                  + BS_DASHBOARD_CANVAS_GAP, 0.01);
  for (guint i = 0; i < fixture->dashboard->panels->len; i++)
    {
      const BsDashboardPanel *shown = g_ptr_array_index (fixture->dashboard->panels, i);
      graphene_rect_t bounds;

      g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, shown->id, &bounds));
      g_assert_cmpfloat (fabs (bounds.origin.x - shown->x * column), <=, 1.0);
      g_assert_cmpfloat (fabs (bounds.origin.y - shown->y * row), <=, 1.0);
      g_assert_cmpfloat (fabs (bounds.size.width - (shown->w * column - BS_DASHBOARD_CANVAS_GAP)),
                         <=, 1.0);
      g_assert_cmpfloat (fabs (bounds.size.height - (shown->h * row - BS_DASHBOARD_CANVAS_GAP)),
                         <=, 1.0);
      g_assert_true (gtk_widget_is_ancestor (bs_dashboard_canvas_get_panel_widget (fixture->canvas,
                                                                                  shown->id),
                                             GTK_WIDGET (fixture->canvas)));
    }
}

/* Applies a state of the history the way the designer does: a copy for the canvas. */
static void
show_state (Fixture           *fixture,
            const BsDashboard *state)
{
  BsDashboard *old = fixture->dashboard;

  g_assert_nonnull (state);
  fixture->dashboard = bs_dashboard_copy (state);
  bs_dashboard_canvas_set_dashboard (fixture->canvas, fixture->dashboard);
  bs_dashboard_free (old);
}

/* Undo every recorded edit, checking each earlier state exactly, then redo them all. */
static void
check_undo_redo (Fixture           *fixture,
                 const BsDashboard *initial)
{
  guint n_states = fixture->states->len;
  guint n_labels = fixture->labels->len;

  g_assert_cmpuint (n_states, >, 0);
  g_assert_true (bs_dashboard_history_is_dirty (fixture->history));
  for (guint k = n_states; k > 0; k--)
    {
      const BsDashboard *expected = k > 1 ? g_ptr_array_index (fixture->states, k - 2) : initial;

      g_assert_cmpstr (bs_dashboard_history_get_undo_label (fixture->history), ==,
                       g_ptr_array_index (fixture->labels, k - 1));
      show_state (fixture, bs_dashboard_history_undo (fixture->history));
      g_assert_true (bs_dashboard_equal (fixture->dashboard, expected));
      settle (30);
      assert_bounds_follow_grid (fixture);
    }
  g_assert_false (bs_dashboard_history_can_undo (fixture->history));
  g_assert_false (bs_dashboard_history_is_dirty (fixture->history));
  for (guint k = 0; k < n_states; k++)
    {
      show_state (fixture, bs_dashboard_history_redo (fixture->history));
      g_assert_true (bs_dashboard_equal (fixture->dashboard,
                                         g_ptr_array_index (fixture->states, k)));
    }
  g_assert_false (bs_dashboard_history_can_redo (fixture->history));
  /* Showing a state is not an edit. */
  g_assert_cmpuint (fixture->labels->len, ==, n_labels);
  settle (30);
  assert_bounds_follow_grid (fixture);
}

/* ---- without the pointer: layout, rows, the narrow layout, the edits' API ---- */

static void
test_layout (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *row = bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_DETAILS);
  graphene_rect_t bounds;

  assert_bounds_follow_grid (fixture);
  save_screenshot (fixture->window, "dashboard-canvas-1240.png");

  /* The row's header folds its panels away and back. */
  g_assert_true (GTK_IS_BUTTON (row));
  g_signal_emit_by_name (row, "clicked");
  settle (30);
  g_assert_true (panel (fixture, ID_DETAILS)->collapsed);
  g_assert_false (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_NOTES, &bounds));
  g_assert_null (bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_NOTES));
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 0), ==, "Collapse “Details”");
  save_screenshot (fixture->window, "dashboard-canvas-row-collapsed.png");
  g_signal_emit_by_name (row, "clicked");
  settle (30);
  g_assert_false (panel (fixture, ID_DETAILS)->collapsed);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_NOTES, &bounds));
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 1), ==, "Expand “Details”");
  /* The row header is the same widget all along. */
  g_assert_true (bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_DETAILS) == row);
  assert_bounds_follow_grid (fixture);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  double previous_bottom = -1;
  int width;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 700, 860);
  gtk_widget_set_size_request (GTK_WIDGET (fixture->palette), 200, -1);
  settle (300);
  width = gtk_widget_get_width (GTK_WIDGET (fixture->canvas));
  g_assert_cmpint (width, <, BS_DASHBOARD_CANVAS_NARROW_WIDTH);

  /* Full width, stacked in the order of the grid. */
  for (guint i = 0; i < fixture->dashboard->panels->len; i++)
    {
      const BsDashboardPanel *shown = g_ptr_array_index (fixture->dashboard->panels, i);
      graphene_rect_t bounds;

      g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, shown->id, &bounds));
      g_assert_cmpfloat (bounds.origin.x, ==, 0);
      g_assert_cmpfloat (fabs (bounds.size.width - width), <=, 1.0);
      g_assert_cmpfloat (bounds.origin.y, >, previous_bottom);
      previous_bottom = bounds.origin.y + bounds.size.height;
    }
  /* Editing by pointer is off. */
  g_assert_false (bs_dashboard_canvas_drag_begin (fixture->canvas, ID_SALES, 20, 10));
  save_screenshot (fixture->window, "dashboard-canvas-narrow.png");
}

static void
test_edits (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(BsDashboard) initial = bs_dashboard_copy (fixture->dashboard);
  gint64 added, copy;

  /* Unknown types are not added; x < 0 puts a panel under the others. */
  g_assert_cmpint (bs_dashboard_canvas_add_panel (fixture->canvas, "worldmap-panel", 0, 0), ==, 0);
  g_assert_cmpint (bs_dashboard_canvas_add_panel (fixture->canvas, "graph", 0, 0), ==, 0);
  added = bs_dashboard_canvas_add_panel (fixture->canvas, "piechart", -1, 0);
  g_assert_cmpint (added, ==, ID_NOTES + 1);
  g_assert_cmpuint (fixture->added->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->added, gint64, 0), ==, added);
  assert_at (fixture, added, 0, 19, 8, 8);
  g_assert_cmpstr (panel (fixture, added)->type, ==, "piechart");
  g_assert_cmpstr (panel (fixture, added)->title, ==, "Pie chart");
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 0), ==, "Add “Pie chart”");

  /* Placing pushes what it covers down. */
  g_assert_true (bs_dashboard_canvas_place_panel (fixture->canvas, ID_ORDERS, 6, 0, 18, 6));
  assert_at (fixture, ID_ORDERS, 6, 0, 18, 6);
  assert_at (fixture, ID_SALES, 0, 6, 24, 8);
  assert_no_overlap (fixture);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 1), ==, "Resize “Orders”");
  /* Placing where it is already is no edit. */
  g_assert_true (bs_dashboard_canvas_place_panel (fixture->canvas, ID_ORDERS, 6, 0, 18, 6));
  g_assert_cmpuint (fixture->labels->len, ==, 2);
  g_assert_false (bs_dashboard_canvas_place_panel (fixture->canvas, 999, 0, 0, 1, 1));

  /* A duplicate goes under a panel too wide to have it beside. */
  copy = bs_dashboard_canvas_duplicate_panel (fixture->canvas, ID_ORDERS);
  g_assert_cmpint (copy, ==, added + 1);
  assert_at (fixture, copy, 6, 6, 18, 6);
  g_assert_cmpstr (panel (fixture, copy)->title, ==, "Orders");
  g_assert_cmpint (bs_dashboard_canvas_duplicate_panel (fixture->canvas, ID_DETAILS), ==, 0);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 2), ==, "Duplicate “Orders”");
  assert_no_overlap (fixture);

  /* Deleting lets the panels below rise. */
  g_assert_true (bs_dashboard_canvas_delete_panel (fixture->canvas, copy));
  assert_at (fixture, ID_SALES, 0, 6, 24, 8);
  g_assert_false (bs_dashboard_canvas_delete_panel (fixture->canvas, copy));
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 3), ==, "Delete “Orders”");

  /* A panel moved under the row belongs to it (the document follows the grid) and folds
   * away with it. */
  g_assert_true (bs_dashboard_canvas_place_panel (fixture->canvas, ID_REVENUE, 16, 30, 6, 4));
  g_assert_cmpint (panel (fixture, ID_REVENUE)->y, >, panel (fixture, ID_DETAILS)->y);
  g_signal_emit_by_name (bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_DETAILS),
                         "clicked");
  g_assert_cmpuint (panel (fixture, ID_DETAILS)->panels->len, ==, 3);
  g_assert_null (bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_REVENUE));
  settle (30);
  assert_bounds_follow_grid (fixture);

  /* Not editable: none of the edits act. */
  bs_dashboard_canvas_set_editable (fixture->canvas, FALSE);
  g_assert_cmpint (bs_dashboard_canvas_add_panel (fixture->canvas, "stat", 0, 0), ==, 0);
  g_assert_false (bs_dashboard_canvas_place_panel (fixture->canvas, ID_ORDERS, 0, 0, 4, 4));
  g_assert_false (bs_dashboard_canvas_delete_panel (fixture->canvas, ID_ORDERS));
  g_assert_cmpint (bs_dashboard_canvas_duplicate_panel (fixture->canvas, ID_ORDERS), ==, 0);
  g_assert_false (bs_dashboard_canvas_drag_begin (fixture->canvas, ID_ORDERS, 10, 10));
  g_assert_cmpuint (fixture->labels->len, ==, 6);
  bs_dashboard_canvas_set_editable (fixture->canvas, TRUE);

  check_undo_redo (fixture, initial);
}

/* The benchmark's drag: the panel follows the offsets exactly, the others make room as
 * they will, and the dashboard changes only on release. */
static void
test_drag_api (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BsDashboard) before = bs_dashboard_copy (fixture->dashboard);
  graphene_rect_t start, moving, revenue;
  double column, row;

  bs_dashboard_canvas_get_cell_size (fixture->canvas, &column, &row);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_SALES, &start));
  g_assert_true (bs_dashboard_canvas_drag_begin (fixture->canvas, ID_SALES,
                                                 start.origin.x + 40, start.origin.y + 10));
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), ==, ID_SALES);
  g_assert_false (bs_dashboard_canvas_drag_begin (fixture->canvas, ID_ORDERS, 0, 0));
  for (int step = 1; step <= 10; step++)
    {
      bs_dashboard_canvas_drag_update (fixture->canvas, step * 4.0, -step * row * 0.45);
      settle (20);
      if (step == 5)
        save_screenshot (fixture->window, "dashboard-canvas-dragging.png");
    }
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_SALES, &moving));
  g_assert_cmpfloat (fabs (moving.origin.y - MAX (0, start.origin.y - 10 * row * 0.45)), <=, 1.0);
  /* Revenue made room under the landing cell (Sales at row 0). */
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_REVENUE, &revenue));
  g_assert_cmpfloat (revenue.origin.y, >=, 8 * row - 1);
  g_assert_true (bs_dashboard_equal (fixture->dashboard, before));
  /* Full width, it cannot go right. */
  g_assert_cmpfloat (moving.origin.x, ==, start.origin.x);

  /* Cancelled: nothing changed, everything back. */
  bs_dashboard_canvas_drag_end (fixture->canvas, FALSE);
  settle (30);
  g_assert_true (bs_dashboard_equal (fixture->dashboard, before));
  g_assert_cmpuint (fixture->labels->len, ==, 0);
  assert_bounds_follow_grid (fixture);

  /* Dropped: it snaps to the cell. */
  g_assert_true (bs_dashboard_canvas_drag_begin (fixture->canvas, ID_SALES, 40, 10));
  bs_dashboard_canvas_drag_update (fixture->canvas, 3, -4.4 * row);
  settle (20);
  bs_dashboard_canvas_drag_end (fixture->canvas, TRUE);
  settle (30);
  assert_at (fixture, ID_SALES, 0, 0, 24, 8);
  assert_at (fixture, ID_REVENUE, 0, 8, 6, 4);
  assert_no_overlap (fixture);
  g_assert_cmpuint (fixture->labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 0), ==, "Move “Sales by day”");
  assert_bounds_follow_grid (fixture);
}

/* ---- the palette ---- */

static void
on_add_panel (BsDashboardPalette *palette,
              const char         *type,
              GPtrArray          *types)
{
  g_ptr_array_add (types, g_strdup (type));
}

static void
test_palette (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  const BsPanelTypeInfo *infos;
  guint n_types;
  GtkWidget *row;

  infos = bs_panel_types (&n_types);
  g_assert_cmpuint (n_types, >=, 8);
  for (guint i = 0; i < n_types; i++)
    {
      row = bs_dashboard_palette_get_row (fixture->palette, infos[i].type);
      g_assert_true (GTK_IS_LIST_BOX_ROW (row));
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
    }
  g_assert_null (bs_dashboard_palette_get_row (fixture->palette, "graph"));

  g_signal_connect (fixture->palette, "add-panel", G_CALLBACK (on_add_panel), types);
  row = bs_dashboard_palette_get_row (fixture->palette, "gauge");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpuint (types->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (types, 0), ==, "gauge");
  /* The designer adds it (here through the fixture's connection) under the others. */
  g_assert_cmpuint (fixture->added->len, ==, 1);
  g_assert_cmpstr (panel (fixture, g_array_index (fixture->added, gint64, 0))->type, ==, "gauge");
}

/* What the row's drag source would drag. */
static GdkContentProvider *
drag_content (GtkWidget *row)
{
  GListModel *controllers = gtk_widget_observe_controllers (row);
  GdkContentProvider *content = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && content == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        g_signal_emit_by_name (controller, "prepare", 10.0, 10.0, &content);
    }
  g_object_unref (controllers);
  g_assert_nonnull (content);
  return content;
}

/* The persona's suggestions above the types, in its order; only panel suggestions; each
 * dragged as a suggestion, not a type, and activated into ::add-suggestion. */
static void
test_palette_suggestions (Fixture       *fixture,
                          gconstpointer  data)
{
  const char * const ids[] = {
    "revenue-today", "daily-sales-region-below", "no-such-panel", "orders-today", NULL,
  };
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GStrv) listed = NULL;
  graphene_point_t first, type_row;
  GtkWidget *row;

  listed = bs_dashboard_palette_dup_suggestions (fixture->palette);
  g_assert_cmpuint (g_strv_length (listed), ==, 0);
  g_clear_pointer (&listed, g_strfreev);

  bs_dashboard_palette_set_suggestions (fixture->palette, ids);
  listed = bs_dashboard_palette_dup_suggestions (fixture->palette);
  g_assert_cmpuint (g_strv_length (listed), ==, 2);
  g_assert_cmpstr (listed[0], ==, "revenue-today");
  g_assert_cmpstr (listed[1], ==, "orders-today");
  g_assert_null (bs_dashboard_palette_get_suggestion_row (fixture->palette,
                                                          "daily-sales-region-below"));
  row = bs_dashboard_palette_get_suggestion_row (fixture->palette, "revenue-today");
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_is_visible (row));
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (fixture->palette),
                                           &GRAPHENE_POINT_INIT (0, 0), &first));
  g_assert_true (gtk_widget_compute_point (bs_dashboard_palette_get_row (fixture->palette,
                                                                         "timeseries"),
                                           GTK_WIDGET (fixture->palette),
                                           &GRAPHENE_POINT_INIT (0, 0), &type_row));
  g_assert_cmpfloat (first.y, <, type_row.y);

  /* Dragged as a suggestion: the canvas's drop target, which takes strings, leaves it. */
  content = drag_content (row);
  formats = gdk_content_provider_ref_formats (content);
  g_assert_true (gdk_content_formats_contain_gtype (formats, BS_TYPE_DASHBOARD_SUGGESTION_ID));
  g_assert_false (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING));
  g_value_init (&value, BS_TYPE_DASHBOARD_SUGGESTION_ID);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_boxed (&value), ==, "revenue-today");

  g_signal_connect (fixture->palette, "add-suggestion", G_CALLBACK (on_add_panel), added);
  g_signal_connect (fixture->palette, "add-panel", G_CALLBACK (on_add_panel), types);
  row = bs_dashboard_palette_get_suggestion_row (fixture->palette, "orders-today");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (added, 0), ==, "orders-today");
  g_assert_cmpuint (types->len, ==, 0);

  /* No persona: no group. */
  bs_dashboard_palette_set_suggestions (fixture->palette, NULL);
  g_clear_pointer (&listed, g_strfreev);
  listed = bs_dashboard_palette_dup_suggestions (fixture->palette);
  g_assert_cmpuint (g_strv_length (listed), ==, 0);
  g_assert_null (bs_dashboard_palette_get_suggestion_row (fixture->palette, "revenue-today"));
}

/* ---- real pointer and keyboard through the X server ---- */

static void
xdotool (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static void
xdotool (const char *format,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *pending = NULL;
  g_autofree char *arguments = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) argv = NULL;
  va_list args;

  va_start (args, format);
  arguments = g_strdup_vprintf (format, args);
  va_end (args);
  command = g_strdup_printf ("xdotool %s", arguments);
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  /* Run while the main loop turns: the window must answer the X server meanwhile (a drag
   * and drop is a conversation between two windows of this very process). */
  process = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  g_assert_true (g_subprocess_wait_check_finish (process, result, &error));
  g_assert_no_error (error);
}

static gulong
window_xid (Fixture *fixture)
{
  return gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (fixture->window)));
}

/* A point of @widget in the X window's coordinates, for xdotool mousemove --window. */
static graphene_point_t
window_point (Fixture   *fixture,
              GtkWidget *widget,
              double     x,
              double     y)
{
  graphene_point_t point;
  double surface_x, surface_y;

  g_assert_true (gtk_widget_compute_point (widget, fixture->window, &GRAPHENE_POINT_INIT (x, y),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &surface_x, &surface_y);
  point.x += surface_x;
  point.y += surface_y;
  return point;
}

typedef void (*BeforeRelease) (Fixture *fixture);

/* Press at @from, move there in steps with pauses as a hand does, release at @to (after
 * calling @before_release, if any, with the button still down). */
static void
pointer_drag_checked (Fixture          *fixture,
                      graphene_point_t  from,
                      graphene_point_t  to,
                      BeforeRelease     before_release)
{
  const int steps = 12;
  gulong xid = window_xid (fixture);

  xdotool ("mousemove --window %lu %d %d", xid, (int) from.x, (int) from.y);
  settle (100);
  xdotool ("mousedown 1");
  settle (100);
  for (int step = 1; step <= steps; step++)
    {
      double t = (double) step / steps;

      xdotool ("mousemove --window %lu %d %d", xid, (int) round (from.x + (to.x - from.x) * t),
               (int) round (from.y + (to.y - from.y) * t));
      settle (50);
    }
  settle (200);
  if (before_release != NULL)
    before_release (fixture);
  xdotool ("mouseup 1");
  settle (300);
}

static void
pointer_drag (Fixture          *fixture,
              graphene_point_t  from,
              graphene_point_t  to)
{
  pointer_drag_checked (fixture, from, to, NULL);
}

static double
shown_y (Fixture *fixture,
         gint64   id)
{
  graphene_rect_t bounds;

  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, id, &bounds));
  return bounds.origin.y;
}

static BsDashboard *unchanged;

/* A panel type hovering over the free top right: the landing cell pushes the time series
 * down on the screen, the dashboard itself unchanged. */
static void
check_drop_hover (Fixture *fixture)
{
  double row;

  bs_dashboard_canvas_get_cell_size (fixture->canvas, NULL, &row);
  g_assert_cmpfloat (shown_y (fixture, ID_SALES), >, 4 * row + 1);
  g_assert_true (bs_dashboard_equal (fixture->dashboard, unchanged));
  save_screenshot (fixture->window, "dashboard-canvas-drop-hover.png");
}

/* Dragged by its handle: it follows the pointer, not snapped to a cell. */
static void
check_following (Fixture *fixture)
{
  const BsDashboardPanel *gauge = g_ptr_array_index (fixture->dashboard->panels, 2);
  double column, row;
  graphene_rect_t bounds;

  g_assert_cmpstr (gauge->type, ==, "gauge");
  bs_dashboard_canvas_get_cell_size (fixture->canvas, &column, &row);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, gauge->id, &bounds));
  g_assert_cmpfloat (fabs (bounds.origin.x - round (bounds.origin.x / column) * column), >, 2);
  g_assert_true (bs_dashboard_equal (fixture->dashboard, unchanged));
  save_screenshot (fixture->window, "dashboard-canvas-moving.png");
}

static graphene_point_t
canvas_cell_point (Fixture *fixture,
                   double   column,
                   double   row)
{
  double column_width, row_height;

  bs_dashboard_canvas_get_cell_size (fixture->canvas, &column_width, &row_height);
  return window_point (fixture, GTK_WIDGET (fixture->canvas), column * column_width,
                       row * row_height);
}

static void
press_escape (Fixture *fixture)
{
  graphene_rect_t bounds;

  /* Still dragging: Sales is drawn off its cell. */
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_SALES, &bounds));
  g_assert_cmpfloat (bounds.origin.y, <, panel (fixture, ID_SALES)->y * 38.0 - 19);
  xdotool ("key Escape");
  settle (100);
}

static void
test_pointer (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(BsDashboard) initial = bs_dashboard_copy (fixture->dashboard);
  const BsPanelTypeInfo *gauge = bs_panel_type_lookup ("gauge");
  GtkWidget *row;
  graphene_rect_t bounds;
  g_autofree BsGridItem *expected = NULL;
  gsize n_items;
  double column, row_height;
  gint64 id;
  int drop_x = 14;

  if (!have_xdotool)
    {
      g_test_skip ("xdotool is not installed: install it to drag with the pointer");
      return;
    }
  bs_dashboard_canvas_get_cell_size (fixture->canvas, &column, &row_height);

  /* From the palette onto the free top right: it lands there, and what it covers (the
   * time series under it) moves down. */
  row = bs_dashboard_palette_get_row (fixture->palette, "gauge");
  unchanged = initial;
  pointer_drag_checked (fixture,
                        window_point (fixture, row, 40, gtk_widget_get_height (row) / 2.0),
                        canvas_cell_point (fixture, drop_x + 0.4, 0.5), check_drop_hover);
  g_assert_cmpuint (fixture->added->len, ==, 1);
  id = g_array_index (fixture->added, gint64, 0);
  g_assert_cmpstr (panel (fixture, id)->type, ==, "gauge");
  assert_at (fixture, id, drop_x, 0, gauge->default_w, gauge->default_h);
  assert_at (fixture, ID_SALES, 0, gauge->default_h, 24, 8);
  assert_no_overlap (fixture);
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), ==, id);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 0), ==, "Add “Gauge”");
  assert_bounds_follow_grid (fixture);
  save_screenshot (fixture->window, "dashboard-canvas-dropped.png");

  /* Its handle, dragged to the left edge: it takes Revenue's place and pushes it down. */
  expected = expected_layout (fixture, id, 0, 0, gauge->default_w, gauge->default_h, &n_items);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, id, &bounds));
  unchanged = g_ptr_array_index (fixture->states, 0);
  pointer_drag_checked (fixture,
                        window_point (fixture, GTK_WIDGET (fixture->canvas), bounds.origin.x + 30,
                                      bounds.origin.y + 12),
                        window_point (fixture, GTK_WIDGET (fixture->canvas), 30 + column * 0.3,
                                      12 + row_height * 0.2),
                        check_following);
  g_assert_cmpuint (fixture->labels->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 1), ==, "Move “Gauge”");
  assert_at (fixture, id, 0, 0, gauge->default_w, gauge->default_h);
  assert_layout (fixture, expected, n_items);
  g_assert_cmpint (panel (fixture, ID_REVENUE)->y, >=, gauge->default_h);
  assert_no_overlap (fixture);
  g_clear_pointer (&expected, g_free);

  /* Its corner, dragged two columns right and two rows down: bigger, and Orders beside
   * it is pushed down. */
  expected = expected_layout (fixture, id, 0, 0, gauge->default_w + 2, gauge->default_h + 2,
                              &n_items);
  settle (50);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, id, &bounds));
  pointer_drag (fixture,
                window_point (fixture, GTK_WIDGET (fixture->canvas),
                              bounds.origin.x + bounds.size.width - 5,
                              bounds.origin.y + bounds.size.height - 5),
                window_point (fixture, GTK_WIDGET (fixture->canvas),
                              bounds.origin.x + bounds.size.width - 5 + 2 * column,
                              bounds.origin.y + bounds.size.height - 5 + 2 * row_height));
  g_assert_cmpuint (fixture->labels->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 2), ==, "Resize “Gauge”");
  assert_at (fixture, id, 0, 0, gauge->default_w + 2, gauge->default_h + 2);
  assert_layout (fixture, expected, n_items);
  g_assert_cmpint (panel (fixture, ID_ORDERS)->y, >=, gauge->default_h + 2);
  assert_no_overlap (fixture);
  assert_bounds_follow_grid (fixture);
  save_screenshot (fixture->window, "dashboard-canvas-resized.png");

  /* A type dragged over the canvas, pushing the others, and back out to the palette is
   * not added, and the others are back where they were. */
  {
    g_autoptr(BsDashboard) before_leave = bs_dashboard_copy (fixture->dashboard);
    GtkWidget *stat = bs_dashboard_palette_get_row (fixture->palette, "stat");
    graphene_point_t out = window_point (fixture, stat, 40, gtk_widget_get_height (stat) / 2.0);
    graphene_rect_t sales;

    g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_SALES, &sales));
    xdotool ("mousemove --window %lu %d %d", window_xid (fixture), (int) out.x, (int) out.y);
    settle (100);
    xdotool ("mousedown 1");
    settle (100);
    /* Ending on the left, under the panels there, so that it cannot rise above Sales. */
    for (double at = 18.5; at > 0; at -= 2)
      {
        graphene_point_t over = canvas_cell_point (fixture, at, panel (fixture, ID_SALES)->y + 0.5);

        xdotool ("mousemove --window %lu %d %d", window_xid (fixture), (int) over.x,
                 (int) over.y);
        settle (60);
      }
    g_assert_cmpfloat (shown_y (fixture, ID_SALES), >, sales.origin.y + 1);
    xdotool ("mousemove --window %lu %d %d", window_xid (fixture), (int) out.x, (int) out.y);
    settle (200);
    xdotool ("mouseup 1");
    settle (300);
    g_assert_cmpuint (fixture->added->len, ==, 1);
    g_assert_cmpuint (fixture->labels->len, ==, 3);
    g_assert_true (bs_dashboard_equal (fixture->dashboard, before_leave));
    g_assert_cmpfloat (shown_y (fixture, ID_SALES), ==, sales.origin.y);
  }

  /* Escape while dragging puts the panel back. */
  {
    g_autoptr(BsDashboard) before_escape = bs_dashboard_copy (fixture->dashboard);

    xdotool ("windowfocus --sync %lu", window_xid (fixture));
    g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_SALES, &bounds));
    pointer_drag_checked (fixture,
                          window_point (fixture, GTK_WIDGET (fixture->canvas),
                                        bounds.origin.x + 200, bounds.origin.y + 12),
                          window_point (fixture, GTK_WIDGET (fixture->canvas),
                                        bounds.origin.x + 200, 12),
                          press_escape);
    g_assert_cmpuint (fixture->labels->len, ==, 3);
    g_assert_true (bs_dashboard_equal (fixture->dashboard, before_escape));
    assert_bounds_follow_grid (fixture);
  }

  /* A press in the body of a panel is the panel's own: no drag. */
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_SALES, &bounds));
  pointer_drag (fixture,
                window_point (fixture, GTK_WIDGET (fixture->canvas), bounds.origin.x + 200,
                              bounds.origin.y + 120),
                window_point (fixture, GTK_WIDGET (fixture->canvas), bounds.origin.x + 200,
                              bounds.origin.y + 10));
  g_assert_cmpuint (fixture->labels->len, ==, 3);
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), ==, ID_SALES);

  check_undo_redo (fixture, initial);
}

/* The focus is on the panel itself (its holder on the canvas), not inside it. */
static gboolean
panel_has_focus (Fixture *fixture,
                 gint64   id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *widget = bs_dashboard_canvas_get_panel_widget (fixture->canvas, id);

  return focus != NULL && (focus == widget || focus == gtk_widget_get_parent (widget));
}

static void
key (const char *name)
{
  xdotool ("key --delay 60 %s", name);
  settle (150);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(BsDashboard) initial = bs_dashboard_copy (fixture->dashboard);
  const gint64 order[] = { ID_REVENUE, ID_ORDERS, ID_SALES, ID_DETAILS, ID_NOTES };
  g_autofree BsGridItem *expected = NULL;
  gsize n_items;
  gint64 copy;
  guint tabs = 0;

  if (!have_xdotool)
    {
      g_test_skip ("xdotool is not installed: install it to type into the window");
      return;
    }
  xdotool ("windowfocus --sync %lu", window_xid (fixture));
  settle (200);

  /* Tab goes through the palette's rows to the first panel, then the panels in the order
   * of the grid. */
  while (bs_dashboard_canvas_get_selected (fixture->canvas) == 0 && tabs++ < 30)
    key ("Tab");
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), ==, order[i]);
      g_assert_true (panel_has_focus (fixture, order[i]));
      key ("Tab");
    }
  key ("shift+Tab");
  key ("shift+Tab");
  key ("shift+Tab");
  key ("shift+Tab");
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), ==, ID_ORDERS);
  save_screenshot (fixture->window, "dashboard-canvas-keyboard.png");

  /* Arrows move it a cell, pushing what it covers. */
  expected = expected_layout (fixture, ID_ORDERS, 7, 0, 6, 4, &n_items);
  key ("Right");
  assert_layout (fixture, expected, n_items);
  g_clear_pointer (&expected, g_free);
  key ("Left");
  assert_at (fixture, ID_ORDERS, 6, 0, 6, 4);
  key ("Left");
  assert_at (fixture, ID_ORDERS, 5, 0, 6, 4);
  assert_at (fixture, ID_REVENUE, 0, 4, 6, 4);
  assert_no_overlap (fixture);
  key ("Up");
  assert_at (fixture, ID_ORDERS, 5, 0, 6, 4);
  /* Down takes it past the panel under it. */
  key ("Down");
  g_assert_cmpint (panel (fixture, ID_ORDERS)->y, >, 0);
  g_assert_cmpint (panel (fixture, ID_REVENUE)->y, ==, 0);
  assert_no_overlap (fixture);
  key ("Up");
  assert_at (fixture, ID_ORDERS, 5, 0, 6, 4);
  g_assert_true (panel_has_focus (fixture, ID_ORDERS));

  /* Shift+arrows resize it. */
  key ("shift+Right");
  key ("shift+Right");
  key ("shift+Down");
  assert_at (fixture, ID_ORDERS, 5, 0, 8, 5);
  key ("shift+Left");
  key ("shift+Up");
  assert_at (fixture, ID_ORDERS, 5, 0, 7, 4);
  assert_no_overlap (fixture);

  /* Ctrl+D duplicates it beside it and selects the copy; Delete removes the copy and the
   * focus goes on to the panel in its place. */
  key ("ctrl+d");
  copy = bs_dashboard_canvas_get_selected (fixture->canvas);
  g_assert_cmpint (copy, !=, ID_ORDERS);
  g_assert_cmpstr (panel (fixture, copy)->title, ==, "Orders");
  assert_at (fixture, copy, 12, 0, 7, 4);
  assert_no_overlap (fixture);
  key ("Delete");
  g_assert_null (bs_dashboard_find_panel (fixture->dashboard, copy));
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), !=, 0);
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), !=, copy);

  /* Enter opens the panel, also when not editable, where the other keys do nothing. */
  bs_dashboard_canvas_select_panel (fixture->canvas, ID_SALES);
  key ("Return");
  g_assert_cmpuint (fixture->activated->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->activated, gint64, 0), ==, ID_SALES);
  bs_dashboard_canvas_set_editable (fixture->canvas, FALSE);
  {
    guint edits = fixture->labels->len;

    key ("Right");
    key ("shift+Down");
    key ("ctrl+d");
    key ("Delete");
    g_assert_cmpuint (fixture->labels->len, ==, edits);
    key ("Return");
    g_assert_cmpuint (fixture->activated->len, ==, 2);
  }
  bs_dashboard_canvas_set_editable (fixture->canvas, TRUE);

  check_undo_redo (fixture, initial);
}

/* ---- panel widgets made by the caller, with a button in the handle ---- */

typedef struct
{
  guint creates;
  guint updates;
  guint clicks;
} PanelFuncs;

static void
on_menu_clicked (GtkButton  *button,
                 PanelFuncs *funcs)
{
  funcs->clicks++;
}

static GtkWidget *
create_panel (BsDashboardCanvas      *canvas,
              const BsDashboardPanel *shown,
              gpointer                user_data)
{
  PanelFuncs *funcs = user_data;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (shown->title);
  GtkWidget *menu = gtk_button_new_from_icon_name ("view-more-symbolic");

  funcs->creates++;
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_size_request (bar, -1, BS_DASHBOARD_CANVAS_HANDLE_HEIGHT);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_name (menu, "menu");
  g_signal_connect (menu, "clicked", G_CALLBACK (on_menu_clicked), funcs);
  gtk_box_append (GTK_BOX (bar), title);
  gtk_box_append (GTK_BOX (bar), menu);
  gtk_box_append (GTK_BOX (card), bar);
  g_object_set_data (G_OBJECT (card), "title", title);
  g_object_set_data (G_OBJECT (card), "menu", menu);
  return card;
}

static void
update_panel (BsDashboardCanvas      *canvas,
              GtkWidget              *widget,
              const BsDashboardPanel *shown,
              gpointer                user_data)
{
  PanelFuncs *funcs = user_data;

  funcs->updates++;
  gtk_label_set_text (g_object_get_data (G_OBJECT (widget), "title"), shown->title);
}

static void
test_panel_funcs (Fixture       *fixture,
                  gconstpointer  data)
{
  PanelFuncs funcs = { 0 };
  g_autoptr(BsDashboard) renamed = NULL;
  GtkWidget *revenue;
  GtkWidget *menu;
  graphene_rect_t bounds;
  graphene_point_t point;
  gulong xid;

  bs_dashboard_canvas_set_panel_funcs (fixture->canvas, create_panel, update_panel, &funcs, NULL);
  g_assert_cmpuint (funcs.creates, ==, 4);
  revenue = bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_REVENUE);
  g_assert_nonnull (g_object_get_data (G_OBJECT (revenue), "menu"));

  /* A new state (an undo, say) updates the widgets it has, by id, and makes none. */
  renamed = bs_dashboard_copy (fixture->dashboard);
  g_free (((BsDashboardPanel *) g_ptr_array_index (renamed->panels, 0))->title);
  ((BsDashboardPanel *) g_ptr_array_index (renamed->panels, 0))->title = g_strdup ("Takings");
  show_state (fixture, renamed);
  g_assert_cmpuint (funcs.creates, ==, 4);
  g_assert_cmpuint (funcs.updates, ==, 4);
  g_assert_true (bs_dashboard_canvas_get_panel_widget (fixture->canvas, ID_REVENUE) == revenue);
  g_assert_cmpstr (gtk_label_get_text (g_object_get_data (G_OBJECT (revenue), "title")), ==,
                   "Takings");
  settle (100);

  if (!have_xdotool)
    {
      g_test_skip ("xdotool is not installed: install it to click with the pointer");
      return;
    }
  xid = window_xid (fixture);

  /* The button in the handle gets its click: no drag, no edit. */
  menu = g_object_get_data (G_OBJECT (revenue), "menu");
  point = window_point (fixture, menu, gtk_widget_get_width (menu) / 2.0,
                        gtk_widget_get_height (menu) / 2.0);
  xdotool ("mousemove --window %lu %d %d", xid, (int) point.x, (int) point.y);
  settle (100);
  xdotool ("click 1");
  settle (400);
  g_assert_cmpuint (funcs.clicks, ==, 1);
  g_assert_cmpuint (fixture->labels->len, ==, 0);

  /* A double click in its body opens it. */
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, ID_REVENUE, &bounds));
  point = window_point (fixture, GTK_WIDGET (fixture->canvas), bounds.origin.x + 60,
                        bounds.origin.y + bounds.size.height / 2);
  xdotool ("mousemove --window %lu %d %d", xid, (int) point.x, (int) point.y);
  settle (100);
  xdotool ("click --repeat 2 --delay 80 1");
  settle (300);
  g_assert_cmpuint (fixture->activated->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->activated, gint64, 0), ==, ID_REVENUE);
  g_assert_cmpint (bs_dashboard_canvas_get_selected (fixture->canvas), ==, ID_REVENUE);

  /* Its title drags it. */
  pointer_drag (fixture,
                window_point (fixture, GTK_WIDGET (fixture->canvas), bounds.origin.x + 30,
                              bounds.origin.y + 14),
                canvas_cell_point (fixture, 18.4, 0.4));
  g_assert_cmpuint (fixture->labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->labels, 0), ==, "Move “Takings”");
  assert_at (fixture, ID_REVENUE, 18, 0, 6, 4);
  assert_no_overlap (fixture);
  g_assert_cmpuint (funcs.creates, ==, 4);
  save_screenshot (fixture->window, "dashboard-canvas-panel-funcs.png");
}

/* Frame times while dragging a panel across 50, for the report: the work of one frame,
 * from before-paint to after-paint, on the cairo renderer. */
typedef struct
{
  gint64  started;
  GArray *durations;   /* double, ms */
} Frames;

static void
on_before_paint (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->started = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *frames)
{
  double ms = (g_get_monotonic_time () - frames->started) / 1000.0;

  if (frames->started != 0)
    g_array_append_val (frames->durations, ms);
  frames->started = 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : (da > db ? 1 : 0);
}

/* Fifty panels, four across: taller than the window. */
static void
show_fifty (Fixture *fixture)
{
  g_autoptr(BsDashboard) big = bs_dashboard_new ("Fifty");

  for (int i = 0; i < 50; i++)
    add_panel (big, i + 1, i % 3 == 0 ? "timeseries" : "stat", "Panel", (i % 4) * 6,
               (i / 4) * 5, 6, 5);
  show_state (fixture, big);
  settle (300);
}

static void
test_drag_frames (Fixture       *fixture,
                  gconstpointer  data)
{
  GdkFrameClock *clock;
  Frames frames = { 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  gulong before, after;
  double row;

  show_fifty (fixture);

  bs_dashboard_canvas_get_cell_size (fixture->canvas, NULL, &row);
  clock = gtk_widget_get_frame_clock (fixture->window);
  before = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &frames);
  after = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &frames);
  g_assert_true (bs_dashboard_canvas_drag_begin (fixture->canvas, 1, 20, 10));
  for (int step = 1; step <= 80; step++)
    {
      bs_dashboard_canvas_drag_update (fixture->canvas, step * 7.0, step * row * 0.2);
      settle (17);
    }
  bs_dashboard_canvas_drag_end (fixture->canvas, TRUE);
  settle (100);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);

  g_assert_cmpuint (frames.durations->len, >, 20);
  g_array_sort (frames.durations, compare_doubles);
  g_test_message ("Dragging across 50 panels: %u frames, median %.1f ms, 90th percentile %.1f ms",
                  frames.durations->len,
                  g_array_index (frames.durations, double, frames.durations->len / 2),
                  g_array_index (frames.durations, double, frames.durations->len * 9 / 10));
  g_assert_cmpuint (fixture->labels->len, ==, 1);
  assert_no_overlap (fixture);
  g_array_unref (frames.durations);
}

/* What the application loads from its resources: the panel types' icons and its style. */
static void
load_style (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_PATH "/icons");
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static GtkAdjustment *
vadjustment (Fixture *fixture)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (fixture->canvas),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static gboolean
scrolled_far (gpointer user_data)
{
  return gtk_adjustment_get_value (vadjustment (user_data)) > 400;
}

static void
wait_scrolled (Fixture *fixture)
{
  g_assert_true (bs_test_wait_until (scrolled_far, fixture, 10000));
  save_screenshot (fixture->window, "dashboard-canvas-autoscroll.png");
}

/* Held near the bottom of the scrolled window, a dragged panel scrolls it and goes down
 * with it. */
static void
test_autoscroll (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *scrolled;
  graphene_rect_t bounds;
  double row;

  if (!have_xdotool)
    {
      g_test_skip ("xdotool is not installed: install it to drag with the pointer");
      return;
    }
  show_fifty (fixture);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (fixture->canvas), GTK_TYPE_SCROLLED_WINDOW);
  bs_dashboard_canvas_get_cell_size (fixture->canvas, NULL, &row);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment (fixture)), ==, 0);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (fixture->canvas, 2, &bounds));
  pointer_drag_checked (fixture,
                        window_point (fixture, GTK_WIDGET (fixture->canvas), bounds.origin.x + 40,
                                      bounds.origin.y + 12),
                        window_point (fixture, scrolled, bounds.origin.x + 40,
                                      gtk_widget_get_height (scrolled) - 12),
                        wait_scrolled);
  g_assert_cmpuint (fixture->labels->len, ==, 1);
  /* Below the first screenful, where the pointer could not have taken it without
   * scrolling (the panels of its column rose by its height meanwhile). */
  g_assert_cmpint (panel (fixture, 2)->y * row, >, gtk_widget_get_height (scrolled));
  assert_no_overlap (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = bs_test_init_runtime_dir ();
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  int status;

  bs_test_disable_gl ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_style ();
  have_xdotool = xdotool_path != NULL;

  g_test_add ("/bs/dashboard-canvas/layout", Fixture, NULL, fixture_set_up, test_layout,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/narrow", Fixture, NULL, fixture_set_up, test_narrow,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/edits", Fixture, NULL, fixture_set_up, test_edits,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/drag-api", Fixture, NULL, fixture_set_up, test_drag_api,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/palette", Fixture, NULL, fixture_set_up, test_palette,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/palette-suggestions", Fixture, NULL, fixture_set_up,
              test_palette_suggestions, fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/pointer", Fixture, NULL, fixture_set_up, test_pointer,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/keyboard", Fixture, NULL, fixture_set_up, test_keyboard,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/panel-funcs", Fixture, NULL, fixture_set_up,
              test_panel_funcs, fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/autoscroll", Fixture, NULL, fixture_set_up, test_autoscroll,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-canvas/drag-frames", Fixture, NULL, fixture_set_up,
              test_drag_frames, fixture_tear_down);

  /* Without xdotool, the pointer and keyboard cases say they are skipped (TAP's
   * "ok # SKIP": meson reads an exit status of 77 as an error under TAP) and the rest runs. */
  status = g_test_run ();
  bs_test_remove_tree (root);
  return status;
}
