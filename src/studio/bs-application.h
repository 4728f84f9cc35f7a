/* bs-application.h — Business Studio's application: its actions, its settings, the light
 * or dark style, the launcher that finds (or starts) the local engine for its windows, and
 * the person's profile (persona, skill level) that shapes them.
 */
#pragma once

#include <adwaita.h>

#include "bs-engine-launcher.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_APPLICATION (bs_application_get_type ())
G_DECLARE_FINAL_TYPE (BsApplication, bs_application, BS, APPLICATION, AdwApplication)

BsApplication    *bs_application_new          (void);
GSettings        *bs_application_get_settings (BsApplication *self);
BsEngineLauncher *bs_application_get_launcher (BsApplication *self);
/* Who the person is; the main window loads it from the engine it connects to. */
BsProfile        *bs_application_get_profile  (BsApplication *self);

G_END_DECLS
