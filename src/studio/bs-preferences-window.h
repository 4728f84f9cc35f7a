/* bs-preferences-window.h — the preferences: the style (follow the system, light, dark) and
 * which engine Business Studio is connected to, with a way to reconnect.
 */
#pragma once

#include <adwaita.h>

#include "bs-engine-launcher.h"

G_BEGIN_DECLS

#define BS_TYPE_PREFERENCES_WINDOW (bs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BsPreferencesWindow, bs_preferences_window, BS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *bs_preferences_window_new (GSettings        *settings,
                                      BsEngineLauncher *launcher);

G_END_DECLS
