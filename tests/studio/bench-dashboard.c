/* The designer with a 50-panel dashboard on the 10M-row demo: the time to the first full
 * render (every panel's query answered by a real engine and drawn), the frame time while a
 * panel is dragged across the canvas (the target: a median at most 16 ms with the cairo
 * renderer), and the Studio's memory. It reports and never judges.
 *
 * The demo is the alert benchmark's (DEFAULT_ROWS fact rows, 10.05M sales), generated once
 * into $BS_BENCH_CACHE_DIR (default: the user cache dir/business-studio-bench) by the engine
 * and reused; the engine serving the Studio adds it as a SQLite source.
 *
 * Usage: bench-dashboard [ROWS]
 */
#define G_LOG_DOMAIN "bs-bench-dashboard"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "bs-dashboard-canvas.h"
#include "bs-dashboard-editor.h"
#include "bs-dashboard-panel-view.h"
#include "bs-dashboard-template.h"
#include "bs-demo-generator.h"
#include "bs-demo-writer.h"
#include "bs-studio-test-app.h"

#define DEFAULT_ROWS "14700000"
#define N_PANELS     50
#define DRAG_STEPS   120

static char *
demo_path (const char *rows)
{
  const char *dir = g_getenv ("BS_BENCH_CACHE_DIR");
  g_autofree char *default_dir = g_build_filename (g_get_user_cache_dir (),
                                                   "business-studio-bench", NULL);
  g_autofree char *name = g_strdup_printf ("demo-%u-%s.db", BS_DEMO_DEFAULT_SEED, rows);

  return g_build_filename (dir != NULL ? dir : default_dir, name, NULL);
}

/* The engine's own "demo" command writes it, as a person would. */
static void
ensure_demo (const char *path,
             const char *rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  const char *argv[] = { g_getenv ("BUSINESS_ENGINE"), "demo", "--rows", rows, "--out", path,
                         NULL };
  g_autoptr(GTimer) timer = g_timer_new ();
  int status;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Cached by an earlier version, perhaps without the views added since. */
      g_assert_true (bs_demo_add_views (path, &error));
      printf ("demo: %s (cached)\n", path);
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  printf ("demo: generating %s rows into %s …\n", rows, path);
  fflush (stdout);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  printf ("demo: generated in %.1f s\n", g_timer_elapsed (timer, NULL));
}

static gint64
add_source (BsEngineClient *client,
            const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "name", "Demo, 10M rows");
  json_object_set_string_member (object, "kind", "sqlite");
  json_object_set_string_member (object, "path", path);
  json_node_take_object (body, object);
  answer = bs_test_request (client, "POST", "datasources", body, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (answer), "id");
}

static void
add_variable (BsDashboard               *dashboard,
              const BsDashboardVariable *variable)
{
  for (guint i = 0; i < dashboard->variables->len; i++)
    {
      BsDashboardVariable *known = g_ptr_array_index (dashboard->variables, i);

      if (g_str_equal (known->name, variable->name))
        return;
    }
  g_ptr_array_add (dashboard->variables, bs_dashboard_variable_copy (variable));
}

/* 50 panels: the templates' panels, again and again, on the big source, one after the
 * other down the grid as they come. */
static BsDashboard *
fifty_panels (gint64 source_id)
{
  guint n_templates;
  const BsDashboardTemplate *templates = bs_dashboard_templates (&n_templates);
  BsDashboard *dashboard = bs_dashboard_new ("Fifty panels");
  int top = 0;

  g_free (dashboard->time_from);
  dashboard->time_from = g_strdup ("now-24h");
  for (guint t = 0; dashboard->panels->len < N_PANELS; t = (t + 1) % n_templates)
    {
      g_autoptr(BsDashboard) template = bs_dashboard_template_build (templates[t].id, source_id);
      int bottom = top;

      /* The panels' filters name the templates' variables ("region = $region"). */
      for (guint v = 0; v < template->variables->len; v++)
        add_variable (dashboard, g_ptr_array_index (template->variables, v));

      for (guint i = 0; i < template->panels->len && dashboard->panels->len < N_PANELS; i++)
        {
          BsDashboardPanel *panel = bs_dashboard_panel_copy (g_ptr_array_index (template->panels, i));

          if (bs_dashboard_panel_is_row (panel))
            {
              bs_dashboard_panel_free (panel);
              continue;
            }
          panel->id = dashboard->panels->len + 1;
          panel->y += top;
          bottom = MAX (bottom, panel->y + panel->h);
          g_ptr_array_add (dashboard->panels, panel);
        }
      top = bottom;
    }
  return dashboard;
}

/* --- frames ---------------------------------------------------------------------------- */

typedef struct
{
  gint64  before_paint;
  gint64  after_paint;
  guint   n_frames;
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->before_paint = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  frames->after_paint = g_get_monotonic_time ();
  frames->n_frames++;
}

static void
wait_frame (Frames *frames)
{
  guint seen = frames->n_frames;

  while (frames->n_frames == seen)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
all_loaded (BsDashboardCanvas *canvas,
            const BsDashboard *dashboard,
            guint             *n_ready)
{
  gboolean loaded = TRUE;

  *n_ready = 0;
  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      GtkWidget *view = bs_dashboard_canvas_get_panel_widget (canvas, panel->id);
      BsDashboardPanelViewState state = bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view));

      if (state == BS_DASHBOARD_PANEL_VIEW_LOADING)
        loaded = FALSE;
      else if (state == BS_DASHBOARD_PANEL_VIEW_READY)
        (*n_ready)++;
    }
  return loaded;
}

/* Which panels show no chart, and why: a demo generated hours ago has nothing in "the last
 * hour", which is an honest empty panel, not a failure. */
static void
print_not_ready (BsDashboardCanvas *canvas,
                 const BsDashboard *dashboard)
{
  for (guint i = 0; i < dashboard->panels->len; i++)
    {
      BsDashboardPanel *panel = g_ptr_array_index (dashboard->panels, i);
      BsDashboardPanelView *view =
        BS_DASHBOARD_PANEL_VIEW (bs_dashboard_canvas_get_panel_widget (canvas, panel->id));
      g_autofree char *message = NULL;

      if (bs_dashboard_panel_view_get_state (view) == BS_DASHBOARD_PANEL_VIEW_READY)
        continue;
      message = g_strdup (bs_dashboard_panel_view_get_message (view));
      g_strdelimit (message, "\n", ' ');
      printf ("  without data: “%s”: %s\n", panel->title, message);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_memory (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "VmRSS:") || g_str_has_prefix (lines[i], "VmHWM:"))
      printf ("studio memory: %s\n", lines[i]);
}

int
main (int   argc,
      char *argv[])
{
  const char *rows = argc > 1 ? argv[1] : DEFAULT_ROWS;
  g_autofree char *path = demo_path (rows);
  g_autofree char *root = NULL;
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDashboard) dashboard = NULL;
  BsTestEngine *engine;
  GtkWidget *window;
  BsDashboardEditor *editor;
  BsDashboardCanvas *canvas;
  GdkFrameClock *clock;
  Frames frames = { 0 };
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  graphene_rect_t bounds;
  double column, grid_row;
  gint64 started;
  guint n_ready = 0;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  data_home = g_dir_make_tmp ("bs-bench-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();

  ensure_demo (path, rows);
  engine = bs_test_engine_start_in (root);
  dashboard = fifty_panels (add_source (engine->client, path));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  editor = BS_DASHBOARD_EDITOR (bs_dashboard_editor_new ());
  bs_dashboard_editor_set_client (editor, engine->client);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (window);
  while (clock == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      clock = gtk_widget_get_frame_clock (window);
    }
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  canvas = BS_DASHBOARD_CANVAS (bs_dashboard_editor_get_canvas (editor));

  /* First full render: open, every query answered, and the frame after that drawn. */
  started = g_get_monotonic_time ();
  bs_dashboard_editor_open (editor, dashboard, 0, TRUE, FALSE, FALSE);
  while (!all_loaded (canvas, bs_dashboard_editor_get_dashboard (editor), &n_ready))
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_queue_draw (window);
  wait_frame (&frames);
  printf ("panels: %u (%u with data)\n", N_PANELS, n_ready);
  print_not_ready (canvas, bs_dashboard_editor_get_dashboard (editor));
  printf ("first full render: %.2f s\n", (g_get_monotonic_time () - started) / 1e6);
  print_memory ();

  /* Dragging the first panel across and down the canvas, a frame per pointer motion. */
  bs_dashboard_canvas_get_cell_size (canvas, &column, &grid_row);
  g_assert_true (bs_dashboard_canvas_get_panel_bounds (canvas, 1, &bounds));
  g_assert_true (bs_dashboard_canvas_drag_begin (canvas, 1, bounds.origin.x + 20,
                                                 bounds.origin.y + 10));
  wait_frame (&frames);
  for (guint step = 1; step <= DRAG_STEPS; step++)
    {
      gint64 motion = g_get_monotonic_time ();
      double ms;

      bs_dashboard_canvas_drag_update (canvas, column * 12 * step / DRAG_STEPS,
                                       grid_row * 40 * step / DRAG_STEPS);
      motion = g_get_monotonic_time () - motion;
      wait_frame (&frames);
      /* The motion's own work, and the frame's: update, layout and paint. */
      ms = (motion + frames.after_paint - frames.before_paint) / 1000.0;
      g_array_append_val (times, ms);
    }
  bs_dashboard_canvas_drag_end (canvas, TRUE);
  wait_frame (&frames);

  g_array_sort (times, compare_doubles);
  printf ("drag frames: %u, median %.1f ms, p95 %.1f ms, max %.1f ms (target: median ≤ 16 ms)\n",
          times->len, g_array_index (times, double, times->len / 2),
          g_array_index (times, double, times->len * 95 / 100),
          g_array_index (times, double, times->len - 1));
  print_memory ();

  gtk_window_destroy (GTK_WINDOW (window));
  bs_test_engine_stop (engine);
  bs_test_remove_tree (root);
  bs_test_remove_tree (data_home);
  return EXIT_SUCCESS;
}
