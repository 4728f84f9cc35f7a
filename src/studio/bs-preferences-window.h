/* bs-preferences-window.h — the preferences: the style (follow the system, light, dark),
 * which engine Business Studio is connected to, with a way to reconnect, and the profile:
 * persona, role, skill level and the onboarding events, all applied at once.
 */
#pragma once

#include <adwaita.h>

#include "bs-engine-launcher.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_PREFERENCES_WINDOW (bs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BsPreferencesWindow, bs_preferences_window, BS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *bs_preferences_window_new (GSettings        *settings,
                                      BsEngineLauncher *launcher,
                                      BsProfile        *profile);

G_END_DECLS
