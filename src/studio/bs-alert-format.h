/* bs-alert-format.h — what the rule list, the rule page, the contact points and the silences
 * share: a rule's state as a badge (a colour, an icon and a word, never the colour alone),
 * times written for people, a delivery's status in words, a rule's sentence.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A badge for a state word of the API: a rule's status ("firing", "pending", "normal",
 * "no-data", "error", "paused") or a series' state ("alerting", "recovering", …); also
 * "unchecked" for a rule the engine has not evaluated yet (see bs_alert_rule_badge_state). */
GtkWidget  *bs_alert_badge_new                (const char *state);
void        bs_alert_badge_set_state          (GtkWidget  *badge,
                                               const char *state);
/* The badge state of a rule's JSON: its status, or "unchecked" when it is not paused and
 * was never evaluated (the engine says "normal" then, which would claim too much). */
const char *bs_alert_rule_badge_state         (JsonObject *rule);
/* The word the badge shows, translated ("Firing", "No Data"…). */
const char *bs_alert_state_word               (const char *state);
/* "NoData" → "there was no data", translated; an unknown reason as it is. */
const char *bs_alert_reason_words             (const char *reason);

/* An icon that only decorates (the words beside it say the same): hidden from screen
 * readers. */
GtkWidget  *bs_alert_icon_new                 (const char *icon_name);

/* An API time: ISO 8601 text or µs since the epoch; NULL for null or nonsense. */
GDateTime  *bs_alert_parse_time               (JsonNode   *node);
/* "10:42" today, "Yesterday 10:42", else "24 Nov, 10:42", in local time. */
char       *bs_alert_format_time              (GDateTime  *time);
/* The member @name of @object as bs_alert_format_time () writes it, or NULL. */
char       *bs_alert_format_member_time       (JsonObject *object,
                                               const char *name);
/* "5 minutes", "2 hours", "1 day" — a duration in seconds, rounded for reading. */
char       *bs_alert_format_duration          (gint64      seconds);

/* How an outbox entry (bs_outbox_entry_to_json) stands: "Delivered 10:42", "Failed: the
 * server answered 404 Not Found", "Retrying at 10:45", "Waiting to be sent", "Silenced:
 * not sent". */
char       *bs_alert_describe_delivery        (JsonObject *entry);
/* "emblem-ok-symbolic" and friends, for the same entry. */
const char *bs_alert_delivery_icon            (JsonObject *entry);

/* The rule's sentence ("When the sum of units … is below 100 …"), or NULL when the
 * rule's JSON cannot be read. */
char       *bs_alert_rule_sentence            (JsonObject *rule);
/* "product_id = 12, store = Oslo", or @empty when @labels has none. */
char       *bs_alert_format_labels            (JsonObject *labels,
                                               const char *empty);

/* Members that may be missing or null. */
const char *bs_alert_get_string               (JsonObject *object,
                                               const char *name);
JsonObject *bs_alert_get_object               (JsonObject *object,
                                               const char *name);
JsonArray  *bs_alert_get_array                (JsonObject *object,
                                               const char *name);

G_END_DECLS
