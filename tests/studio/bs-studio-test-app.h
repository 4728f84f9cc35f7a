/* bs-studio-test-app.h — helpers for the tests that drive the Studio's own windows. */
#pragma once

#include <gtk/gtk.h>

#include "bs-application.h"
#include "bs-window.h"

G_BEGIN_DECLS

/* Call first in main(): a private runtime directory (bs_test_init_runtime_dir (), whose
 * root it returns), drawing without GL (bs_test_disable_gl ()), and gtk_test_init (). */
char     *bs_test_init_studio        (int           *argc,
                                      char        ***argv);
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

G_END_DECLS
