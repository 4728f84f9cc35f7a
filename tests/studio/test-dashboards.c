/* The Dashboards workbench as a person uses it, in the real Studio window against a real
 * engine with the demo data:
 *
 *   - templates build dashboards whose every panel draws real data (a panel with no pixels
 *     of its own fails the test), with screenshots when BS_TEST_SCREENSHOT_DIR is set;
 *   - a panel dragged from the palette with real pointer events (xdotool through the X
 *     server), moved, resized, undone, redone, saved and read back from the engine; the
 *     same through the keyboard alone;
 *   - every fixture dashboard from Grafana imports, lays out as its gridPos says, shows its
 *     PromQL panels as needing a data source, saves and reads back unchanged;
 *   - a viewer opens a published dashboard read-only;
 *   - "Create Alert From This Panel" opens the alert builder on the panel's query.
 */
#define G_LOG_DOMAIN "bs-test-dashboards"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>

#include "bs-alert-builder.h"
#include "bs-alerts-page.h"
#include "bs-dashboard-canvas.h"
#include "bs-dashboard-palette.h"
#include "bs-dashboard-panel-view.h"
#include "bs-dashboard-template.h"
#include "bs-dashboard-versions-dialog.h"
#include "bs-dashboard-view-query.h"
#include "bs-dashboards-page.h"
#include "bs-query-builder.h"
#include "bs-studio-test-app.h"
#include "bs-variable-bar.h"
#include "bs-variable-dialog.h"
#include "bs-workbench.h"

static BsTestStudio studio;

/* --- waiting ------------------------------------------------------------------------- */

static gboolean
past (gpointer user_data)
{
  return g_get_monotonic_time () > *(gint64 *) user_data;
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  bs_test_wait_until (past, &until, ms + 1000);
}

static BsDashboardsPage *
page (void)
{
  return bs_test_template_child (studio.window, BS_TYPE_WINDOW, "dashboards_page");
}

static BsDashboardEditor *
editor (void)
{
  return bs_dashboards_page_get_editor (page ());
}

static BsDashboardCanvas *
canvas (void)
{
  return BS_DASHBOARD_CANVAS (bs_dashboard_editor_get_canvas (editor ()));
}

static gboolean
panels_loaded (gpointer user_data)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());

  if (dashboard == NULL || (user_data != NULL && g_strcmp0 (dashboard->title, user_data) != 0))
    return FALSE;
  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      GtkWidget *view = bs_dashboard_canvas_get_panel_widget (canvas (), panel->id);

      if (bs_dashboard_panel_is_row (panel))
        continue;
      if (!BS_IS_DASHBOARD_PANEL_VIEW (view) ||
          bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)) ==
          BS_DASHBOARD_PANEL_VIEW_LOADING)
        return FALSE;
    }
  return TRUE;
}

static void
wait_panels_loaded (const char *title)
{
  g_assert_true (bs_test_wait_until (panels_loaded, (gpointer) title, BS_TEST_ENGINE_TIMEOUT_MS));
  /* One more frame, so that what was loaded is also drawn. */
  settle (300);
}

static gboolean
is_saved (gpointer user_data)
{
  return !bs_dashboard_editor_get_dirty (editor ()) && bs_dashboard_editor_get_version (editor ()) > 0;
}

static gboolean
has_version (gpointer user_data)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());

  return dashboard != NULL && g_strcmp0 (dashboard->uid, user_data) == 0 &&
         bs_dashboard_editor_get_version (editor ()) > 0 && !bs_dashboard_editor_get_dirty (editor ());
}

/* Opens @uid from the engine again, as a person coming back to it does. */
static BsDashboard *
reload (const char *uid)
{
  g_autoptr(BsDashboard) other = bs_dashboard_new ("Another dashboard");

  /* Something else on show first: the saved dashboard itself would pass the wait below
   * before the load answered, and the late answer would land in the next test. */
  bs_dashboard_editor_open (editor (), other, 0, TRUE, FALSE, FALSE);
  bs_dashboards_page_show_list (page ());
  settle (200);
  bs_dashboards_page_open (page (), uid);
  g_assert_true (bs_test_wait_until (has_version, (gpointer) uid, BS_TEST_ENGINE_TIMEOUT_MS));
  return bs_dashboard_copy (bs_dashboard_editor_get_dashboard (editor ()));
}

static void
assert_same_dashboard (const BsDashboard *actual,
                       const BsDashboard *expected)
{
  g_autoptr(JsonNode) a = bs_dashboard_to_json (actual);
  g_autoptr(JsonNode) b = bs_dashboard_to_json (expected);
  g_autofree char *a_text = NULL;
  g_autofree char *b_text = NULL;

  /* The engine writes Grafana's "version" (the server's count of saves) into what it keeps;
   * everything else comes back as it was saved. */
  json_object_remove_member (json_node_get_object (a), "version");
  json_object_remove_member (json_node_get_object (b), "version");
  a_text = json_to_string (a, FALSE);
  b_text = json_to_string (b, FALSE);

  g_assert_cmpstr (a_text, ==, b_text);
}

static void
show_dashboards (void)
{
  bs_window_set_workbench (studio.window, "dashboards");
  bs_dashboards_page_show_list (page ());
  settle (200);
}

/* --- pixels ---------------------------------------------------------------------------- */

/* The canvas as it is drawn, into memory. */
static cairo_surface_t *
draw_canvas (void)
{
  GtkWidget *widget = GTK_WIDGET (canvas ());
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* How many different colours the rectangle has (counted up to 64), and the share of its
 * pixels that differ from the most common one (the background). */
static void
measure_region (cairo_surface_t *surface,
                const graphene_rect_t *rect,
                guint           *n_colours,
                double          *ink)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int x0 = MAX (0, (int) rect->origin.x), y0 = MAX (0, (int) rect->origin.y);
  int x1 = MIN (cairo_image_surface_get_width (surface), (int) (rect->origin.x + rect->size.width));
  int y1 = MIN (cairo_image_surface_get_height (surface), (int) (rect->origin.y + rect->size.height));
  guint total = 0, most = 0;
  GHashTableIter iter;
  gpointer value;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 pixel = ((const guint32 *) (data + y * stride))[x];
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (pixel)));

        g_hash_table_insert (counts, GUINT_TO_POINTER (pixel), GUINT_TO_POINTER (count + 1));
        total++;
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    most = MAX (most, GPOINTER_TO_UINT (value));

  *n_colours = g_hash_table_size (counts);
  *ink = total > 0 ? 1.0 - (double) most / total : 0;
}

/* Every panel of the dashboard on show has drawn something of its own below its title
 * bar: more than a flat colour and a few letters. */
static void
assert_panels_drawn (void)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());
  cairo_surface_t *surface = draw_canvas ();
  guint drawn = 0;

  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      GtkWidget *view = bs_dashboard_canvas_get_panel_widget (canvas (), panel->id);
      graphene_rect_t bounds;
      guint n_colours;
      double ink;

      if (bs_dashboard_panel_is_row (panel))
        continue;
      g_assert_cmpint (bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)), ==,
                       BS_DASHBOARD_PANEL_VIEW_READY);
      g_assert_true (bs_dashboard_canvas_get_panel_bounds (canvas (), panel->id, &bounds));
      /* The content, below the title bar. */
      bounds.origin.y += BS_DASHBOARD_CANVAS_HANDLE_HEIGHT;
      bounds.size.height -= BS_DASHBOARD_CANVAS_HANDLE_HEIGHT;
      measure_region (surface, &bounds, &n_colours, &ink);
      g_test_message ("panel “%s” (%s): %u colours, %.1f%% ink", panel->title, panel->type,
                      n_colours, ink * 100);
      g_assert_cmpuint (n_colours, >=, 8);
      g_assert_cmpfloat (ink, >, 0.01);
      drawn++;
    }
  g_assert_cmpuint (drawn, >=, 4);
  cairo_surface_destroy (surface);
}

/* --- templates ------------------------------------------------------------------------- */

static gboolean
template_used (gpointer user_data)
{
  return bs_dashboards_page_use_template (page (), user_data);
}

/* Opens template @id as soon as the page knows the demo source. */
static void
use_template (const char *id)
{
  g_assert_true (bs_test_wait_until (template_used, (gpointer) id, BS_TEST_ENGINE_TIMEOUT_MS));
}

static void
test_templates (gconstpointer data)
{
  const char *id = data;
  const BsDashboardTemplate *template = bs_dashboard_template_lookup (id);
  g_autofree char *name = g_strdup_printf ("dashboard-%s.png", id);

  g_assert_nonnull (template);
  show_dashboards ();
  use_template (id);
  wait_panels_loaded (NULL);
  g_assert_cmpstr (bs_dashboards_page_get_view (page ()), ==, "editor");
  assert_panels_drawn ();
  bs_test_save_screenshot (GTK_WIDGET (studio.window), name);
}

/* --- the pointer ----------------------------------------------------------------------- */

static void
run_xdotool (const char *arguments)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("xdotool %s", arguments);
  int status = 0;

  g_test_message ("%s", command);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static gulong
window_xid (void)
{
  return gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (studio.window)));
}

/* @x, @y in @widget's coordinates → the window's surface, where xdotool points. */
static void
to_surface (GtkWidget *widget,
            double     x,
            double     y,
            int       *out_x,
            int       *out_y)
{
  graphene_point_t point;
  double dx, dy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (studio.window),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (GTK_NATIVE (studio.window), &dx, &dy);
  *out_x = (int) (point.x + dx);
  *out_y = (int) (point.y + dy);
}

/* A press at (@x, @y) of @from, a move in steps and a release at (@to_x, @to_y) of @to.
 * One xdotool call per step with the main loop running between them: GTK (and XDND for a
 * drag from the palette) must see each motion as it comes, as from a hand. */
static void
drag (GtkWidget *from,
      double     x,
      double     y,
      GtkWidget *to,
      double     to_x,
      double     to_y)
{
  int sx, sy, ex, ey;
  g_autofree char *start = NULL;

  to_surface (from, x, y, &sx, &sy);
  to_surface (to, to_x, to_y, &ex, &ey);
  start = g_strdup_printf ("mousemove --window %lu %d %d", window_xid (), sx, sy);
  run_xdotool (start);
  settle (100);
  run_xdotool ("mousedown 1");
  settle (100);
  for (int step = 1; step <= 12; step++)
    {
      g_autofree char *move = g_strdup_printf ("mousemove --window %lu %d %d", window_xid (),
                                               sx + (ex - sx) * step / 12,
                                               sy + (ey - sy) * step / 12);

      run_xdotool (move);
      settle (50);
    }
  settle (200);
  run_xdotool ("mouseup 1");
  settle (400);
}

static gboolean
is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

static BsDashboardPanel *
only_panel (void)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());

  g_assert_cmpuint (dashboard->panels->len, >=, 1);
  return g_ptr_array_index (dashboard->panels, dashboard->panels->len - 1);
}

static void
new_dashboard (const char *title)
{
  BsDashboard *dashboard;
  g_autoptr(BsDashboard) copy = NULL;

  show_dashboards ();
  gtk_widget_activate_action (GTK_WIDGET (page ()), "dashboards.new", NULL);
  settle (300);
  g_assert_cmpstr (bs_dashboards_page_get_view (page ()), ==, "editor");
  copy = bs_dashboard_copy (bs_dashboard_editor_get_dashboard (editor ()));
  g_free (copy->title);
  copy->title = g_strdup (title);
  bs_dashboard_editor_open (editor (), copy, 0, TRUE, FALSE, FALSE);
  dashboard = (BsDashboard *) bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 0);
}

static void
assert_place (const BsDashboardPanel *panel,
              int                     x,
              int                     y,
              int                     w,
              int                     h)
{
  g_test_message ("panel %" G_GINT64_FORMAT " at %d,%d %d×%d", panel->id, panel->x, panel->y,
                  panel->w, panel->h);
  g_assert_cmpint (panel->x, ==, x);
  g_assert_cmpint (panel->y, ==, y);
  g_assert_cmpint (panel->w, ==, w);
  g_assert_cmpint (panel->h, ==, h);
}

static void
test_pointer (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *palette;
  GtkWidget *row;
  GtkWidget *view;
  graphene_rect_t bounds;
  double column, grid_row;
  BsDashboardPanel *panel;
  g_autoptr(BsDashboard) moved = NULL;
  g_autoptr(BsDashboard) resized = NULL;
  g_autoptr(BsDashboard) loaded = NULL;
  g_autofree char *uid = NULL;
  int x, y, w, h;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: install it to drag with the pointer");
      return;
    }

  gtk_window_present (GTK_WINDOW (studio.window));
  new_dashboard ("Dragged by the pointer");
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.close-sheet", NULL);
  palette = bs_dashboard_editor_get_palette (editor ());
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), TRUE);
  settle (500);

  /* From the palette onto the empty canvas, at column 6: it lands there, and rises to the
   * top since nothing is above it. */
  row = bs_dashboard_palette_get_row (BS_DASHBOARD_PALETTE (palette), "stat");
  g_assert_nonnull (row);
  g_assert_true (bs_test_wait_until (is_mapped, row, BS_TEST_ENGINE_TIMEOUT_MS));
  settle (300);
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboard-empty-palette.png");
  bs_dashboard_canvas_get_cell_size (canvas (), &column, &grid_row);
  drag (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
        GTK_WIDGET (canvas ()), column * 6 + 4, grid_row * 2 + 4);
  panel = only_panel ();
  g_assert_cmpstr (panel->type, ==, "stat");
  g_assert_cmpint (panel->x, ==, 6);
  g_assert_cmpint (panel->y, ==, 0);
  x = panel->x, y = panel->y, w = panel->w, h = panel->h;
  g_assert_true (bs_dashboard_editor_get_dirty (editor ()));
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboard-dropped-panel-editor.png");

  /* Close the panel editor the drop opened, and the palette: the canvas is wide again. */
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.close-sheet", NULL);
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), FALSE);
  settle (500);

  /* Move it by its title bar four columns left. */
  bs_dashboard_canvas_get_cell_size (canvas (), &column, &grid_row);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (canvas (), panel->id, &bounds));
  drag (GTK_WIDGET (canvas ()), bounds.origin.x + bounds.size.width / 2, bounds.origin.y + 10,
        GTK_WIDGET (canvas ()), bounds.origin.x + bounds.size.width / 2 - 4 * column,
        bounds.origin.y + 10);
  panel = only_panel ();
  assert_place (panel, x - 4, y, w, h);
  moved = bs_dashboard_copy (bs_dashboard_editor_get_dashboard (editor ()));

  /* Resize it by its corner: three columns wider, two rows taller. */
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (canvas (), panel->id, &bounds));
  drag (GTK_WIDGET (canvas ()), bounds.origin.x + bounds.size.width - 4,
        bounds.origin.y + bounds.size.height - 4, GTK_WIDGET (canvas ()),
        bounds.origin.x + bounds.size.width - 4 + 3 * column,
        bounds.origin.y + bounds.size.height - 4 + 2 * grid_row);
  panel = only_panel ();
  assert_place (panel, x - 4, y, w + 3, h + 2);
  resized = bs_dashboard_copy (bs_dashboard_editor_get_dashboard (editor ()));

  /* Undo and redo, with the keys a person presses. */
  view = bs_dashboard_canvas_get_panel_widget (canvas (), panel->id);
  gtk_widget_grab_focus (view);
  run_xdotool ("key ctrl+z");
  settle (300);
  g_assert_true (bs_dashboard_equal (bs_dashboard_editor_get_dashboard (editor ()), moved));
  run_xdotool ("key ctrl+shift+z");
  settle (300);
  g_assert_true (bs_dashboard_equal (bs_dashboard_editor_get_dashboard (editor ()), resized));

  /* Save, and read it back from the engine. */
  run_xdotool ("key ctrl+s");
  g_assert_true (bs_test_wait_until (is_saved, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  uid = g_strdup (bs_dashboard_editor_get_dashboard (editor ())->uid);
  loaded = reload (uid);
  assert_same_dashboard (loaded, resized);
}

static gboolean
panel_ready (gpointer user_data)
{
  GtkWidget *view = bs_dashboard_canvas_get_panel_widget (canvas (), *(gint64 *) user_data);

  return BS_IS_DASHBOARD_PANEL_VIEW (view) &&
         bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)) ==
         BS_DASHBOARD_PANEL_VIEW_READY;
}

/* One of the persona's suggestions (the studio runs as a Data Analyst), dragged from the
 * palette with the pointer: it lands on the cell it is dropped on, as it is built on the
 * demo source, and shows the demo's data; undo takes it away in one step. */
static void
test_pointer_suggestion (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_auto(GStrv) listed = NULL;
  GtkWidget *palette;
  GtkWidget *row;
  const BsDashboard *dashboard;
  BsDashboardPanel *panel;
  double column, grid_row;
  gint64 id;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: install it to drag with the pointer");
      return;
    }

  gtk_window_present (GTK_WINDOW (studio.window));
  new_dashboard ("A suggestion dragged by the pointer");
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.close-sheet", NULL);
  palette = bs_dashboard_editor_get_palette (editor ());
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), TRUE);
  settle (500);

  listed = bs_dashboard_palette_dup_suggestions (BS_DASHBOARD_PALETTE (palette));
  g_assert_cmpuint (g_strv_length (listed), ==, 2);
  g_assert_cmpstr (listed[0], ==, "sales-over-time");
  g_assert_cmpstr (listed[1], ==, "top-products");
  row = bs_dashboard_palette_get_suggestion_row (BS_DASHBOARD_PALETTE (palette),
                                                 "sales-over-time");
  g_assert_nonnull (row);
  g_assert_true (bs_test_wait_until (is_mapped, row, BS_TEST_ENGINE_TIMEOUT_MS));
  settle (300);
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboard-palette-suggestions.png");

  bs_dashboard_canvas_get_cell_size (canvas (), &column, &grid_row);
  drag (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
        GTK_WIDGET (canvas ()), column * 5 + 4, grid_row * 3 + 4);
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 1);
  panel = only_panel ();
  g_assert_cmpstr (panel->title, ==, "Sales over time");
  g_assert_cmpstr (panel->type, ==, "timeseries");
  /* At the column it was dropped on; nothing above it, so it rises to the top. */
  g_assert_cmpint (panel->x, ==, 5);
  g_assert_cmpint (panel->y, ==, 0);
  g_assert_true (bs_dashboard_editor_get_dirty (editor ()));
  id = panel->id;
  g_assert_true (bs_test_wait_until (panel_ready, &id, BS_TEST_ENGINE_TIMEOUT_MS));
  settle (300);
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboard-dropped-suggestion.png");

  /* A second one, dropped below the first at column 0. */
  row = bs_dashboard_palette_get_suggestion_row (BS_DASHBOARD_PALETTE (palette),
                                                 "top-products");
  drag (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0,
        GTK_WIDGET (canvas ()), 4, grid_row * (panel->h + 1) + 4);
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 2);
  panel = only_panel ();
  g_assert_cmpstr (panel->title, ==, "Top products by revenue");
  g_assert_cmpstr (panel->type, ==, "table");
  g_assert_cmpint (panel->x, ==, 0);
  g_assert_cmpint (panel->y, ==,
                   ((BsDashboardPanel *) g_ptr_array_index (dashboard->panels, 0))->h);
  id = panel->id;
  g_assert_true (bs_test_wait_until (panel_ready, &id, BS_TEST_ENGINE_TIMEOUT_MS));

  /* Each drop is one step of the history. */
  bs_dashboard_editor_undo (editor ());
  g_assert_cmpuint (bs_dashboard_editor_get_dashboard (editor ())->panels->len, ==, 1);
  bs_dashboard_editor_undo (editor ());
  g_assert_cmpuint (bs_dashboard_editor_get_dashboard (editor ())->panels->len, ==, 0);
  bs_dashboard_editor_redo (editor ());
  g_assert_cmpuint (bs_dashboard_editor_get_dashboard (editor ())->panels->len, ==, 1);

  /* Saved, it leaves no draft behind for the tests that look at drafts. */
  bs_dashboard_editor_save (editor ());
  g_assert_true (bs_test_wait_until (is_saved, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), FALSE);
  settle (300);
}

/* --- the keyboard ---------------------------------------------------------------------- */

static void
press (const char *keys)
{
  g_autofree char *arguments = g_strdup_printf ("key --window %lu %s", window_xid (), keys);

  run_xdotool (arguments);
  settle (250);
}

static void
test_keyboard (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *palette;
  GtkWidget *row;
  BsDashboardPanel *panel;
  const BsDashboard *dashboard;
  g_autoptr(BsDashboard) before_delete = NULL;
  g_autoptr(BsDashboard) loaded = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *focus = NULL;
  gint64 first_id;
  int x, y, w, h;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: install it to type into the window");
      return;
    }

  gtk_window_present (GTK_WINDOW (studio.window));
  focus = g_strdup_printf ("windowfocus --sync %lu", window_xid ());
  run_xdotool (focus);
  new_dashboard ("Made with the keyboard");
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), TRUE);
  settle (500);

  /* Return on a palette row adds its panel. */
  palette = bs_dashboard_editor_get_palette (editor ());
  row = bs_dashboard_palette_get_row (BS_DASHBOARD_PALETTE (palette), "timeseries");
  gtk_widget_grab_focus (row);
  press ("Return");
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 1);
  panel = only_panel ();
  first_id = panel->id;
  g_assert_cmpstr (panel->type, ==, "timeseries");
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.close-sheet", NULL);
  settle (300);

  /* The panel has the focus: arrows move it, Shift+arrows resize it. */
  bs_dashboard_canvas_select_panel (canvas (), first_id);
  settle (200);
  panel = only_panel ();
  x = panel->x, y = panel->y, w = panel->w, h = panel->h;
  press ("Right Right");
  assert_place (only_panel (), x + 2, y, w, h);
  press ("shift+Right shift+Down shift+Down");
  assert_place (only_panel (), x + 2, y, w + 1, h + 2);
  press ("shift+Left");
  assert_place (only_panel (), x + 2, y, w, h + 2);

  /* Ctrl+D duplicates it; Delete removes the copy again. */
  press ("ctrl+d");
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 2);
  before_delete = bs_dashboard_copy (dashboard);
  g_assert_cmpint (bs_dashboard_canvas_get_selected (canvas ()), !=, first_id);
  press ("Delete");
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 1);
  g_assert_nonnull (bs_dashboard_find_panel (dashboard, first_id));

  /* Ctrl+Z brings the copy back, Ctrl+Shift+Z removes it again. */
  press ("ctrl+z");
  g_assert_true (bs_dashboard_equal (bs_dashboard_editor_get_dashboard (editor ()), before_delete));
  press ("ctrl+shift+z");
  g_assert_cmpuint (bs_dashboard_editor_get_dashboard (editor ())->panels->len, ==, 1);

  press ("ctrl+s");
  g_assert_true (bs_test_wait_until (is_saved, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  uid = g_strdup (bs_dashboard_editor_get_dashboard (editor ())->uid);
  {
    g_autoptr(BsDashboard) saved = bs_dashboard_copy (bs_dashboard_editor_get_dashboard (editor ()));

    loaded = reload (uid);
    assert_same_dashboard (loaded, saved);
  }
  assert_place (g_ptr_array_index (loaded->panels, 0), x + 2, y, w, h + 2);
}

/* --- Grafana's dashboards -------------------------------------------------------------- */

static const char *fixtures[] = {
  "dotdc/k8s-addons-prometheus.json",
  "dotdc/k8s-addons-trivy-operator.json",
  "dotdc/k8s-system-api-server.json",
  "dotdc/k8s-system-coredns.json",
  "dotdc/k8s-views-global.json",
  "dotdc/k8s-views-namespaces.json",
  "dotdc/k8s-views-nodes.json",
  "dotdc/k8s-views-pods.json",
  "rfmoz/apache-full.json",
  "rfmoz/node-exporter-full.json",
};

static gboolean
shows_title (gpointer user_data)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());

  return dashboard != NULL && g_str_equal (dashboard->title, user_data) &&
         g_str_equal (bs_dashboards_page_get_view (page ()), "editor");
}

/* Every panel of the dashboard on show has been given its place (a slow build needs more
 * than a frame for a large dashboard). */
static gboolean
laid_out (gpointer user_data)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());

  for (guint i = 0; dashboard != NULL && i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      graphene_rect_t bounds;

      if (!bs_dashboard_canvas_get_panel_bounds (canvas (), panel->id, &bounds) ||
          bounds.size.width <= 0)
        return FALSE;
    }
  return dashboard != NULL;
}

/* No panel waits for an answer any more: a PromQL panel first asks the engine for a
 * Prometheus source before it can say it needs one. */
static gboolean
panels_settled (gpointer user_data)
{
  const BsDashboard *dashboard = bs_dashboard_editor_get_dashboard (editor ());

  for (guint i = 0; dashboard != NULL && i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      GtkWidget *view = bs_dashboard_canvas_get_panel_widget (canvas (), panel->id);

      if (BS_IS_DASHBOARD_PANEL_VIEW (view) &&
          bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)) ==
          BS_DASHBOARD_PANEL_VIEW_LOADING)
        return FALSE;
    }
  return dashboard != NULL;
}

/* Each top-level panel is drawn where its gridPos says, in proportion. */
static void
assert_layout_faithful (const BsDashboard *dashboard)
{
  double column, grid_row;

  bs_dashboard_canvas_get_cell_size (canvas (), &column, &grid_row);
  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      graphene_rect_t bounds;

      g_assert_true (bs_dashboard_canvas_get_panel_bounds (canvas (), panel->id, &bounds));
      g_assert_cmpfloat_with_epsilon (bounds.origin.x, panel->x * column, column / 2 + 1);
      g_assert_cmpfloat_with_epsilon (bounds.origin.y, panel->y * grid_row, grid_row / 2 + 1);
      g_assert_cmpfloat_with_epsilon (bounds.size.width, panel->w * column,
                                      BS_DASHBOARD_CANVAS_GAP + 2);
      if (!bs_dashboard_panel_is_row (panel))
        g_assert_cmpfloat_with_epsilon (bounds.size.height, panel->h * grid_row,
                                        BS_DASHBOARD_CANVAS_GAP + 2);
    }
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "grafana-dashboards",
                                                 name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDashboard) original = NULL;
  g_autoptr(BsDashboard) loaded = NULL;
  guint needs_source = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  original = bs_dashboard_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);

  show_dashboards ();
  bs_dashboards_page_import (page (), file);
  g_assert_true (bs_test_wait_until (shows_title, original->title, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_true (bs_test_wait_until (laid_out, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  settle (300);
  g_assert_true (bs_dashboard_editor_get_dirty (editor ()));
  assert_layout_faithful (bs_dashboard_editor_get_dashboard (editor ()));

  /* Panels that ask Prometheus say so, and nothing crashes. */
  g_assert_true (bs_test_wait_until (panels_settled, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  for (guint i = 0; i < original->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (original->panels, i);
      GtkWidget *view = bs_dashboard_canvas_get_panel_widget (canvas (), panel->id);

      if (BS_IS_DASHBOARD_PANEL_VIEW (view) &&
          bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)) ==
          BS_DASHBOARD_PANEL_VIEW_NEEDS_SOURCE)
        {
          g_assert_nonnull (bs_dashboard_panel_view_get_message (BS_DASHBOARD_PANEL_VIEW (view)));
          needs_source++;
        }
    }
  g_test_message ("%s: %u panels need a data source", name, needs_source);
  {
    g_autofree char *base = g_path_get_basename (name);
    g_autofree char *shot = g_strdup_printf ("dashboard-fixture-%s.png", base);

    bs_test_save_screenshot (GTK_WIDGET (studio.window), shot);
  }
  g_assert_cmpuint (needs_source, >, 0);

  /* Saved and read back, it exports as it imported. */
  bs_dashboard_editor_save (editor ());
  g_assert_true (bs_test_wait_until (is_saved, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  loaded = reload (original->uid);
  assert_same_dashboard (loaded, original);
}

/* --- drafts ---------------------------------------------------------------------------- */

static gboolean
drafts_shown (gpointer user_data)
{
  return gtk_widget_get_visible (bs_test_template_child (page (), BS_TYPE_DASHBOARDS_PAGE,
                                                         "drafts_group"));
}

/* The first widget of @type under @root whose title (a row) or label (a button) is @text. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          const char *shown = ADW_IS_PREFERENCES_ROW (child)
                              ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child))
                              : GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                              : NULL;

          if (g_strcmp0 (shown, text) == 0)
            return child;
        }
      found = find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A change is kept as a draft within seconds; the list offers it, and restoring it gives
 * the same dashboard, still unsaved. */
static void
test_draft_restored (void)
{
  g_autoptr(BsDashboard) edited = NULL;
  g_autoptr(BsDashboard) other = bs_dashboard_new ("Other");
  BsDashboard *dashboard;
  GtkWidget *row, *button;
  gint64 until;

  new_dashboard ("Kept as a draft");
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.new-panel", NULL);
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.close-sheet", NULL);
  dashboard = (BsDashboard *) bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 1);
  /* The persona's chart default: a data analyst starts with a time series. */
  g_assert_cmpstr (only_panel ()->type, ==, "timeseries");
  edited = bs_dashboard_copy (dashboard);

  /* The autosave waits two seconds after the last change. */
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  bs_test_wait_until (past, &until, 5000);

  bs_dashboards_page_show_list (page ());
  g_assert_true (bs_test_wait_until (drafts_shown, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboards-drafts.png");

  /* Open something else, then restore the draft with its row's button. */
  bs_dashboard_editor_open (editor (), other, 0, TRUE, FALSE, FALSE);
  row = find_widget (bs_test_template_child (page (), BS_TYPE_DASHBOARDS_PAGE, "drafts_group"),
                     ADW_TYPE_ACTION_ROW, "Kept as a draft");
  g_assert_nonnull (row);
  button = find_widget (row, GTK_TYPE_BUTTON, _("_Restore"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  settle (300);
  g_assert_cmpstr (bs_dashboards_page_get_view (page ()), ==, "editor");
  g_assert_true (bs_dashboard_equal (bs_dashboard_editor_get_dashboard (editor ()), edited));
  g_assert_true (bs_dashboard_editor_get_dirty (editor ()));
}

/* --- variables ------------------------------------------------------------------------- */

/* The shown window of @type (a dialog the workbench opened), or NULL. */
static gpointer
find_shown_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours to free */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static BsVariableDialog *
variable_dialog (void)
{
  return find_shown_window (BS_TYPE_VARIABLE_DIALOG);
}

static gboolean
dialog_ready (gpointer user_data)
{
  return variable_dialog () != NULL && bs_variable_dialog_get_ready (variable_dialog ());
}

/* A variable added in the dialog becomes a dropdown above the panels, refuses a bad or
 * taken name, and undoes like any change. */
static void
test_variables (void)
{
  gint64 demo_id = bs_test_find_demo_source (studio.engine->client);
  GtkWidget *bar = bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR, "variable_bar");
  const BsDashboard *dashboard;
  BsVariableDialog *dialog;
  gint64 source_id;
  const char *table, *column;

  new_dashboard ("With a variable");
  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.variables", NULL);
  g_assert_true (bs_test_wait_until (dialog_ready, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  dialog = variable_dialog ();

  bs_variable_dialog_set_form (dialog, "1st", NULL, demo_id, "sales_detail", "region");
  g_assert_true (bs_test_wait_until (dialog_ready, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_false (bs_variable_dialog_add (dialog));
  bs_variable_dialog_set_form (dialog, "region", "Region", demo_id, "sales_detail", "region");
  g_assert_true (bs_test_wait_until (dialog_ready, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  settle (200);
  g_assert_true (bs_variable_dialog_add (dialog));
  bs_test_save_screenshot (GTK_WIDGET (dialog), "dashboard-variables.png");
  bs_variable_dialog_set_form (dialog, "region", NULL, demo_id, "sales_detail", "region");
  g_assert_false (bs_variable_dialog_add (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->variables->len, ==, 1);
  g_assert_true (bs_dashboard_variable_get_column (g_ptr_array_index (dashboard->variables, 0),
                                                   &source_id, &table, &column));
  g_assert_cmpint (source_id, ==, demo_id);
  g_assert_cmpstr (table, ==, "sales_detail");
  g_assert_cmpstr (column, ==, "region");
  g_assert_nonnull (bs_variable_bar_get_dropdown (BS_VARIABLE_BAR (bar), "region"));
  g_assert_true (bs_dashboard_editor_get_dirty (editor ()));

  bs_dashboard_editor_undo (editor ());
  g_assert_cmpuint (bs_dashboard_editor_get_dashboard (editor ())->variables->len, ==, 0);
  g_assert_null (bs_variable_bar_get_dropdown (BS_VARIABLE_BAR (bar), "region"));
}

/* --- versions -------------------------------------------------------------------------- */

static BsDashboardVersionsDialog *
versions_dialog (void)
{
  return find_shown_window (BS_TYPE_DASHBOARD_VERSIONS_DIALOG);
}

static gboolean
versions_listed (gpointer user_data)
{
  return versions_dialog () != NULL &&
         bs_dashboard_versions_dialog_get_n_versions (versions_dialog ()) == GPOINTER_TO_UINT (user_data);
}

static gboolean
at_version (gpointer user_data)
{
  return bs_dashboard_editor_get_version (editor ()) == GPOINTER_TO_INT (user_data) &&
         !bs_dashboard_editor_get_dirty (editor ());
}

/* Two saves make two versions; restoring the first saves it again as the third. */
static void
test_versions (void)
{
  BsDashboard *dashboard;

  new_dashboard ("First title");
  bs_dashboard_editor_save (editor ());
  g_assert_true (bs_test_wait_until (is_saved, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  dashboard = (BsDashboard *) bs_dashboard_editor_get_dashboard (editor ());
  gtk_editable_set_text (GTK_EDITABLE (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                               "title_label")), "Second title");
  gtk_editable_label_stop_editing (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                           "title_label"), TRUE);
  g_object_notify (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR, "title_label"),
                   "editing");
  g_assert_cmpstr (dashboard->title, ==, "Second title");
  bs_dashboard_editor_save (editor ());
  g_assert_true (bs_test_wait_until (at_version, GINT_TO_POINTER (2), BS_TEST_ENGINE_TIMEOUT_MS));

  gtk_widget_activate_action (GTK_WIDGET (editor ()), "editor.versions", NULL);
  g_assert_true (bs_test_wait_until (versions_listed, GUINT_TO_POINTER (2),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  bs_test_save_screenshot (GTK_WIDGET (versions_dialog ()), "dashboard-versions.png");
  bs_dashboard_versions_dialog_restore (versions_dialog (), 1);
  g_assert_true (bs_test_wait_until (at_version, GINT_TO_POINTER (3), BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (bs_dashboard_editor_get_dashboard (editor ())->title, ==, "First title");
  g_assert_null (versions_dialog ());
}

/* --- viewers and alerts ---------------------------------------------------------------- */

static gboolean
opened_read_only (gpointer user_data)
{
  return has_version (user_data) && !bs_dashboard_editor_get_can_edit (editor ());
}

static void
test_viewer_read_only (void)
{
  g_autoptr(JsonNode) token = NULL;
  g_autoptr(BsEngineClient) viewer = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) publish = json_from_string ("{\"published\": true}", NULL);
  g_autoptr(JsonNode) reader = json_from_string ("{\"name\": \"Reader\", \"role\": \"viewer\"}",
                                                 NULL);
  BsEngineClient *admin = studio.engine->client;

  show_dashboards ();
  use_template ("executive-kpis");
  bs_dashboard_editor_save (editor ());
  g_assert_true (bs_test_wait_until (is_saved, NULL, BS_TEST_ENGINE_TIMEOUT_MS));
  uid = g_strdup (bs_dashboard_editor_get_dashboard (editor ())->uid);
  path = g_strdup_printf ("dashboards/%s/published", uid);
  answer = bs_test_request (admin, "PUT", path, publish, NULL);
  g_assert_nonnull (answer);
  token = bs_test_request (admin, "POST", "tokens", reader, NULL);
  g_assert_nonnull (token);
  viewer = bs_engine_client_new (bs_engine_client_get_base_url (admin),
                                 json_object_get_string_member (json_node_get_object (token), "token"));
  bs_workbench_set_client (BS_WORKBENCH (page ()), viewer);
  bs_dashboards_page_open (page (), uid);
  g_assert_true (bs_test_wait_until (opened_read_only, uid, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_false (bs_dashboard_canvas_get_editable (canvas ()));
  g_assert_false (gtk_widget_get_visible (bs_test_template_child (editor (),
                                                                 BS_TYPE_DASHBOARD_EDITOR,
                                                                 "save_button")));
  wait_panels_loaded (NULL);
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboard-viewer.png");

  bs_workbench_set_client (BS_WORKBENCH (page ()), admin);
}

static void
test_create_alert (void)
{
  const BsDashboard *dashboard;
  BsDashboardPanel *panel = NULL;
  GtkWidget *view;
  BsAlertsPage *alerts;
  const BsQuery *query;

  show_dashboards ();
  use_template ("inventory-watch");
  wait_panels_loaded (NULL);
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  for (guint i = 0; panel == NULL && i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *candidate = g_ptr_array_index (dashboard->panels, i);
      g_autoptr(BsQuery) own = bs_dashboard_panel_get_query (candidate, NULL, NULL);

      if (own != NULL)
        panel = candidate;
    }
  g_assert_nonnull (panel);
  view = bs_dashboard_canvas_get_panel_widget (canvas (), panel->id);
  gtk_widget_activate_action (view, "panel.create-alert", NULL);
  settle (300);

  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "alerts");
  alerts = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "alerts_page");
  g_assert_cmpstr (bs_alerts_page_get_view (alerts), ==, "builder");
  query = NULL;
  for (guint attempt = 0; query == NULL && attempt < 100; attempt++)
    {
      query = bs_query_builder_get_query (
        bs_alert_builder_get_query_builder (bs_alerts_page_get_builder (alerts)));
      if (query == NULL)
        settle (100);
    }
  g_assert_nonnull (query);
  bs_test_save_screenshot (GTK_WIDGET (studio.window), "dashboard-create-alert.png");
  {
    g_autoptr(BsQuery) own = bs_dashboard_panel_get_query (panel, NULL, NULL);

    g_assert_cmpstr (query->table, ==, own->table);
    g_assert_cmpint (query->source_id, ==, own->source_id);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  /* Drafts go to $XDG_DATA_HOME: never the person's own. Set before GLib reads it. */
  data_home = g_dir_make_tmp ("bs-dashboards-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  bs_test_studio_start_as (&studio, &argc, &argv, TRUE, "data-analyst");
  g_assert_true (bs_test_wait_connected (studio.window));
  /* The side sheets slide in: without animations they are where they end at once, so a
   * pointer aimed at a palette row finds it there, however slow the build (ASan). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (studio.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (studio.window));

  g_test_add_data_func ("/bs/dashboards/template/executive-kpis", "executive-kpis", test_templates);
  g_test_add_data_func ("/bs/dashboards/template/inventory-watch", "inventory-watch",
                        test_templates);
  g_test_add_data_func ("/bs/dashboards/template/sales-by-region", "sales-by-region",
                        test_templates);
  g_test_add_data_func ("/bs/dashboards/template/data-freshness", "data-freshness",
                        test_templates);
  g_test_add_func ("/bs/dashboards/pointer", test_pointer);
  g_test_add_func ("/bs/dashboards/pointer-suggestion", test_pointer_suggestion);
  g_test_add_func ("/bs/dashboards/keyboard", test_keyboard);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/bs/dashboards/fixture/%s", fixtures[i]);

      g_test_add_data_func (test_path, fixtures[i], test_fixture);
    }
  g_test_add_func ("/bs/dashboards/draft-restored", test_draft_restored);
  g_test_add_func ("/bs/dashboards/variables", test_variables);
  g_test_add_func ("/bs/dashboards/versions", test_versions);
  g_test_add_func ("/bs/dashboards/viewer-read-only", test_viewer_read_only);
  g_test_add_func ("/bs/dashboards/create-alert", test_create_alert);

  status = g_test_run ();
  bs_test_studio_stop (&studio);
  bs_test_remove_tree (data_home);
  return status;
}
