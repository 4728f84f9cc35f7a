#define G_LOG_DOMAIN "bs-studio-test"

#include "config.h"

#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

char *
bs_test_init_studio (int    *argc,
                     char ***argv)
{
  char *root = bs_test_init_runtime_dir ();

  bs_test_disable_gl ();
  gtk_test_init (argc, argv, NULL);

  return root;
}

void
bs_test_set_profile (BsTestEngine *engine,
                     const char   *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string (json, &error);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  answer = bs_test_request (engine->client, "PUT", "users/me/preferences", body, &error);
  g_assert_no_error (error);
}

void
bs_test_studio_start (BsTestStudio  *studio,
                      int           *argc,
                      char        ***argv,
                      gboolean       with_engine)
{
  bs_test_studio_start_as (studio, argc, argv, with_engine, "executive");
}

void
bs_test_studio_start_as (BsTestStudio  *studio,
                         int           *argc,
                         char        ***argv,
                         gboolean       with_engine,
                         const char    *persona)
{
  studio->root = bs_test_init_studio (argc, argv);

  if (with_engine)
    {
      studio->engine = bs_test_engine_start_in (studio->root);
      if (persona != NULL)
        {
          g_autofree char *json = g_strdup_printf ("{\"persona\": \"%s\"}", persona);

          bs_test_set_profile (studio->engine, json);
        }
    }
  else
    {
      g_autofree char *missing = g_build_filename (studio->root, "no-engine", NULL);

      g_setenv ("BUSINESS_ENGINE", missing, TRUE);
    }

  studio->application = bs_application_new ();
  studio->window = bs_test_open_window (studio->application);
}

void
bs_test_studio_stop (BsTestStudio *studio)
{
  if (studio->window != NULL)
    gtk_window_destroy (GTK_WINDOW (studio->window));
  studio->window = NULL;
  g_clear_object (&studio->application);
  g_clear_pointer (&studio->engine, bs_test_engine_stop);
  bs_test_remove_tree (studio->root);
  g_clear_pointer (&studio->root, g_free);
}

BsWindow *
bs_test_open_window (BsApplication *application)
{
  g_autoptr(GError) error = NULL;
  BsWindow *window;

  if (!g_application_get_is_registered (G_APPLICATION (application)))
    {
      g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
      g_assert_no_error (error);
    }
  g_application_activate (G_APPLICATION (application));
  window = BS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);

  return window;
}

static gboolean
shows_workbenches (gpointer user_data)
{
  return g_strcmp0 (bs_window_get_page (BS_WINDOW (user_data)), "workbenches") == 0;
}

gboolean
bs_test_wait_connected (BsWindow *window)
{
  return bs_test_wait_until (shows_workbenches, window, BS_TEST_ENGINE_TIMEOUT_MS);
}

gpointer
bs_test_template_child (gpointer    widget,
                        GType       type,
                        const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

GtkWindow *
bs_test_find_window (BsApplication *application,
                     GType          type)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

void
bs_test_save_screenshot (GtkWidget  *window,
                         const char *name)
{
  const char *dir = g_getenv ("BS_TEST_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  bs_test_wait_until (never, NULL, 700);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  /* A widget that has not drawn yet gives no node: wait for its first frame. */
  for (guint attempt = 0; node == NULL && attempt < 10; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        bs_test_wait_until (never, NULL, 100);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s (%d x %d)", path, width, height);
}
