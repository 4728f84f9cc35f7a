/* bs-window.h — the main window: a sidebar of workbenches beside the one on show, once the
 * engine is connected; a spinner page while connecting; a page that says what is wrong
 * when the engine cannot be reached.
 */
#pragma once

#include <adwaita.h>

#include "bs-application.h"

G_BEGIN_DECLS

#define BS_TYPE_WINDOW (bs_window_get_type ())
G_DECLARE_FINAL_TYPE (BsWindow, bs_window, BS, WINDOW, AdwApplicationWindow)

BsWindow   *bs_window_new                 (BsApplication *application);
/* "connecting", "error", "onboarding" or "workbenches". */
const char *bs_window_get_page            (BsWindow      *self);
/* "home" or "data". */
const char *bs_window_get_workbench       (BsWindow      *self);
void        bs_window_set_workbench       (BsWindow      *self,
                                           const char    *name);
/* What the error page says, NULL when it is not on show. */
const char *bs_window_get_error_message   (BsWindow      *self);
/* Looks for the engine again (the error page's Try Again, Preferences' Reconnect). */
void        bs_window_reconnect           (BsWindow      *self);
void        bs_window_add_toast           (BsWindow      *self,
                                           const char    *message);

G_END_DECLS
