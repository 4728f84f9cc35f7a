/* bs-studio-test-app.h — helpers for the tests that drive the Studio's own windows. */
#pragma once

#include <gtk/gtk.h>

#include "bs-application.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

G_BEGIN_DECLS

/* Call first in main(): a private runtime directory (bs_test_init_runtime_dir (), whose
 * root it returns), drawing without GL (bs_test_disable_gl ()), and gtk_test_init (). */
char     *bs_test_init_studio        (int           *argc,
                                      char        ***argv);
typedef struct
{
  char          *root;
  BsTestEngine  *engine;        /* NULL when started without one */
  BsApplication *application;
  BsWindow      *window;        /* a test that closes it sets this to NULL */
} BsTestStudio;

/* Call first in main(): bs_test_init_studio (), then a real engine (@with_engine) or
 * BUSINESS_ENGINE naming no program (so that no engine is started, which would keep
 * running, being a service), then the application and its main window. */
void      bs_test_studio_start       (BsTestStudio  *studio,
                                      int           *argc,
                                      char        ***argv,
                                      gboolean       with_engine);
/* The same, but with @persona chosen in the engine's workspace before the window opens
 * (NULL: none, so that the window shows onboarding). bs_test_studio_start () chooses
 * "executive", so that the window opens on the workbenches as before onboarding existed. */
void      bs_test_studio_start_as    (BsTestStudio  *studio,
                                      int           *argc,
                                      char        ***argv,
                                      gboolean       with_engine,
                                      const char    *persona);
/* PUT users/me/preferences with @json; fails the test on an error. */
void      bs_test_set_profile        (BsTestEngine  *engine,
                                      const char    *json);
/* Closes what is left, stops the engine, removes the temporary files. */
void      bs_test_studio_stop        (BsTestStudio  *studio);

/* Registers @application on the session bus (the first time) and activates it, as
 * launching it does; returns its main window. */
BsWindow *bs_test_open_window        (BsApplication *application);
/* Waits until @window is connected and shows its workbenches. */
gboolean  bs_test_wait_connected     (BsWindow      *window);
/* A template child of @widget's @type by its id; fails the test if there is none. */
gpointer  bs_test_template_child     (gpointer       widget,
                                      GType          type,
                                      const char    *name);
/* The first window of @application of @type, or NULL. */
GtkWindow *bs_test_find_window       (BsApplication *application,
                                      GType          type);

/* With BS_TEST_SCREENSHOT_DIR set, lets @window settle (a page's crossfade, an answer being
 * drawn) and saves it there as @name, a PNG; without it, does nothing. */
void      bs_test_save_screenshot    (GtkWidget     *window,
                                      const char    *name);

G_END_DECLS
