/* bs-alert-list.h — the engine's alert rules as a list: each rule's title, its sentence, its
 * state as a badge (colour, icon and word) and when it was last checked; filters by state,
 * label and owner; check boxes to pick rules and a bar that acts on the picked ones (pause,
 * resume, delete after asking, set or remove a label, choose the contact point, silence),
 * each button saying what it will do ("Pause 3 Rules"). An empty workspace gets a page that
 * explains rules and offers to make one.
 *
 * Signals: "rule-activated" (gint64 id) when a rule is opened; "new-rule" when the person
 * asks for a new rule (the page that embeds the list shows the builder).
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-engine-client.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_ALERT_LIST (bs_alert_list_get_type ())
G_DECLARE_FINAL_TYPE (BsAlertList, bs_alert_list, BS, ALERT_LIST, GtkWidget)

GtkWidget  *bs_alert_list_new              (BsEngineClient     *client);
void        bs_alert_list_set_client       (BsAlertList        *self,
                                            BsEngineClient     *client);
/* Loads the rules again (GET rules); the filters and the picked rules stay. */
void        bs_alert_list_refresh          (BsAlertList        *self);
void        bs_alert_list_set_verbosity    (BsAlertList        *self,
                                            BsProfileVerbosity  verbosity);

/* How many rules the engine has (-1 before they were loaded), and how many the filters
 * let through. */
int         bs_alert_list_get_n_rules      (BsAlertList        *self);
guint       bs_alert_list_get_n_shown      (BsAlertList        *self);
/* The id of the @index-th rule on show, or 0. */
gint64      bs_alert_list_get_shown_id     (BsAlertList        *self,
                                            guint               index);
/* The rule's JSON as GET rules gave it, or NULL. */
JsonObject *bs_alert_list_get_rule         (BsAlertList        *self,
                                            gint64              id);
/* TRUE while a request is under way (a load or a bulk action). */
gboolean    bs_alert_list_get_busy         (BsAlertList        *self);
/* "loading", "error", "empty", "rules" or "no-match". */
const char *bs_alert_list_get_page         (BsAlertList        *self);

/* Filters, as the dropdowns set them; NULL: any. @state is a rule status word ("firing",
 * "paused"…), @label "name=value", @owner an owner's name. */
void        bs_alert_list_set_filters      (BsAlertList        *self,
                                            const char         *state,
                                            const char         *label,
                                            const char         *owner);

/* Picking rules, as their check boxes do. */
void        bs_alert_list_set_picked       (BsAlertList        *self,
                                            gint64              id,
                                            gboolean            picked);
void        bs_alert_list_pick_all         (BsAlertList        *self,
                                            gboolean            picked);
guint       bs_alert_list_get_n_picked     (BsAlertList        *self);

/* The bulk actions on the picked rules, as the bar's buttons do: "pause", "resume". */
void        bs_alert_list_bulk             (BsAlertList        *self,
                                            const char         *action);
/* Asks first; returns the AdwMessageDialog asking (its "delete" response deletes). */
GtkWidget  *bs_alert_list_delete_picked    (BsAlertList        *self);
/* @value NULL removes the label @name. */
void        bs_alert_list_set_label_picked (BsAlertList        *self,
                                            const char         *name,
                                            const char         *value);
/* @contact_point_id 0: none. */
void        bs_alert_list_set_contact_point_picked (BsAlertList *self,
                                                    gint64       contact_point_id);
/* Opens the contact points window (the Contact Points button) and returns it. */
GtkWindow  *bs_alert_list_open_contact_points (BsAlertList     *self);
/* Opens the silences window (the Silences button), its first matcher set to the picked
 * rule when exactly one is picked, and returns it. */
GtkWindow  *bs_alert_list_open_silences    (BsAlertList        *self);
/* What the last bulk action reported, for people ("2 rules paused."), or NULL. */
const char *bs_alert_list_get_last_result  (BsAlertList        *self);

G_END_DECLS
