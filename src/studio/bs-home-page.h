/* bs-home-page.h — the Home workbench: the headline figures of the demo workspace
 * (GET /api/v1/home), for the latest day with sales.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_TYPE_HOME_PAGE (bs_home_page_get_type ())
G_DECLARE_FINAL_TYPE (BsHomePage, bs_home_page, BS, HOME_PAGE, GtkWidget)

GtkWidget  *bs_home_page_new              (void);
/* The day the figures on show are for ("YYYY-MM-DD"), NULL while there are none. */
const char *bs_home_page_get_day          (BsHomePage *self);
/* The persona's next steps that work (see bs_profile_get_next_steps ()); NULL or empty
 * hides them. */
void        bs_home_page_set_next_steps   (BsHomePage *self,
                                           JsonArray  *steps);
guint       bs_home_page_get_n_next_steps (BsHomePage *self);

G_END_DECLS
