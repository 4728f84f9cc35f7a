/* bs-next-step-row.h — a row for one of the persona's next steps (an object of GET
 * personas' "next_steps"), that runs @action_name with the step's id when activated.
 * Shared by the end of onboarding and by Home.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GtkWidget *bs_next_step_row_new (JsonObject *step,
                                 const char *action_name);

G_END_DECLS
