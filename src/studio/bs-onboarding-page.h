/* bs-onboarding-page.h — the first start: a grid of personas to pick from, then the role and
 * skill level (both optional), then the next steps for that persona. Saves each choice
 * through the profile as it is made, and records the onboarding events. Emits ::finished
 * with the next step taken.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_ONBOARDING_PAGE (bs_onboarding_page_get_type ())
G_DECLARE_FINAL_TYPE (BsOnboardingPage, bs_onboarding_page, BS, ONBOARDING_PAGE, GtkWidget)

GtkWidget  *bs_onboarding_page_new         (void);
void        bs_onboarding_page_set_profile (BsOnboardingPage *self,
                                            BsProfile        *profile);
/* Shows the persona grid (from @profile's catalog) and records that it was seen. */
void        bs_onboarding_page_start       (BsOnboardingPage *self);
/* "personas", "details" or "next-steps". */
const char *bs_onboarding_page_get_step    (BsOnboardingPage *self);

G_END_DECLS
