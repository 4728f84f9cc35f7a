/* bs-application.h — Business Studio's application: its actions, its settings, the light
 * or dark style, and the launcher that finds (or starts) the local engine for its windows.
 */
#pragma once

#include <adwaita.h>

#include "bs-engine-launcher.h"

G_BEGIN_DECLS

#define BS_TYPE_APPLICATION (bs_application_get_type ())
G_DECLARE_FINAL_TYPE (BsApplication, bs_application, BS, APPLICATION, AdwApplication)

BsApplication    *bs_application_new          (void);
GSettings        *bs_application_get_settings (BsApplication *self);
BsEngineLauncher *bs_application_get_launcher (BsApplication *self);

G_END_DECLS
