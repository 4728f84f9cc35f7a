/* bs-contact-points-window.h — where alert notifications go: the list of contact points
 * (a Slack channel's incoming webhook, any web service that takes JSON, or a desktop
 * notification on the engine's computer), a form to add or change one, Delete after asking,
 * and Send Test on each, whose delivery is followed until it arrived or failed for good.
 *
 * A webhook address is a secret: it is typed into a password entry, sent to the engine
 * (which keeps it in the keyring) and never shown again, in no label, tooltip or title.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

#define BS_TYPE_CONTACT_POINTS_WINDOW (bs_contact_points_window_get_type ())
G_DECLARE_FINAL_TYPE (BsContactPointsWindow, bs_contact_points_window, BS,
                      CONTACT_POINTS_WINDOW, AdwWindow)

GtkWindow  *bs_contact_points_window_new             (BsEngineClient        *client,
                                                      GtkWindow             *parent);
/* "loading", "error", "empty", "list" or "edit". */
const char *bs_contact_points_window_get_page        (BsContactPointsWindow *self);
/* -1 before they were loaded. */
int         bs_contact_points_window_get_n_points    (BsContactPointsWindow *self);
/* The id of the contact point called @name, or 0. */
gint64      bs_contact_points_window_find            (BsContactPointsWindow *self,
                                                      const char            *name);
/* Opens the form, empty (@id 0) or for contact point @id. */
void        bs_contact_points_window_edit            (BsContactPointsWindow *self,
                                                      gint64                 id);
/* The form's Save button. */
void        bs_contact_points_window_save            (BsContactPointsWindow *self);
/* Send Test of contact point @id; its result is then followed. */
void        bs_contact_points_window_send_test       (BsContactPointsWindow *self,
                                                      gint64                 id);
/* What the list says of the last test of @id ("Test delivered 10:42", "Test failed: …"),
 * or NULL; and whether that test is settled (delivered or failed for good). */
const char *bs_contact_points_window_get_test_result (BsContactPointsWindow *self,
                                                      gint64                 id,
                                                      gboolean              *settled);
/* Asks first; returns the AdwMessageDialog asking (its "delete" response deletes). */
GtkWidget  *bs_contact_points_window_delete          (BsContactPointsWindow *self,
                                                      gint64                 id);
gboolean    bs_contact_points_window_get_busy        (BsContactPointsWindow *self);
/* The error on show (in the form or after a failed delete), or NULL. */
const char *bs_contact_points_window_get_error       (BsContactPointsWindow *self);

G_END_DECLS
