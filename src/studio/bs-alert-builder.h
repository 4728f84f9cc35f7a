/* bs-alert-builder.h — an alert rule made from dropdowns, read as a sentence: "When [the
 * sum of units] [for each product] over [the last 15 minutes] is [below] [100], for at
 * least [10 minutes], notify [Ops Slack]". What to watch comes from an embedded
 * BsQueryBuilder (so its dropdowns are filled from the real schema); the condition, the
 * pending period, the check interval, the contact point, the name, labels, message and
 * who may see the rule are added below it. Only the thresholds are typed: they are read as
 * numbers in the person's locale ("1.234,5" in German; bs-alert-input.h), and a mistake is
 * said beside the entry. A live preview (BsAlertPreviewPane) follows every change.
 *
 * Suggestions of the person's persona (GET personas, kind "alert") that the demo data can
 * answer are offered as one-click starting points.
 *
 * Save sends POST rules (or PUT rules/{id} when editing) and emits "saved" with the rule's
 * id; the engine's refusals are shown in the builder. "cancelled" when Cancel is pressed;
 * "manage-contact-points" when the person asks to set up where notifications go.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "bs-alert-preview-pane.h"
#include "bs-engine-client.h"
#include "bs-profile.h"
#include "bs-query-builder.h"

G_BEGIN_DECLS

#define BS_TYPE_ALERT_BUILDER (bs_alert_builder_get_type ())
G_DECLARE_FINAL_TYPE (BsAlertBuilder, bs_alert_builder, BS, ALERT_BUILDER, GtkWidget)

/* @client may be NULL (set it later). */
GtkWidget      *bs_alert_builder_new              (BsEngineClient     *client);
void            bs_alert_builder_set_client       (BsAlertBuilder     *self,
                                                   BsEngineClient     *client);
void            bs_alert_builder_set_verbosity    (BsAlertBuilder     *self,
                                                   BsProfileVerbosity  verbosity);
/* The persona's suggestions (its "suggestions" array from GET personas, or NULL): those of
 * kind "alert" that can be built on the demo data are offered. */
void            bs_alert_builder_set_suggestions  (BsAlertBuilder     *self,
                                                   JsonArray          *suggestions);
/* The ids of the suggestions on offer, in order; free with g_strfreev (). */
char          **bs_alert_builder_dup_suggestion_ids (BsAlertBuilder   *self);
/* Starts from suggestion @id, as its button does; FALSE if it is not on offer. */
gboolean        bs_alert_builder_apply_suggestion (BsAlertBuilder     *self,
                                                   const char         *id);

/* Starts a new rule: the condition, timing, contact point and the rule's name, labels and
 * message back to their defaults. What to watch keeps the last choices, which is where the
 * next rule most often starts. */
void            bs_alert_builder_reset            (BsAlertBuilder     *self);
/* Loads rule @id (GET rules/{id}) to edit it; Save then changes it. */
void            bs_alert_builder_edit_rule        (BsAlertBuilder     *self,
                                                   gint64              id);
/* Reads the contact points again (after they were changed elsewhere). */
void            bs_alert_builder_refresh          (BsAlertBuilder     *self);
/* 0 for a new rule. */
gint64          bs_alert_builder_get_rule_id      (BsAlertBuilder     *self);

/* The draft rule's JSON as the dropdowns make it now, or NULL (and why in @reason when
 * not NULL) when they make none. */
JsonNode       *bs_alert_builder_dup_rule         (BsAlertBuilder     *self,
                                                   char              **reason);
/* The rule in words, as shown above the dropdowns; NULL without a rule. */
const char     *bs_alert_builder_get_sentence     (BsAlertBuilder     *self);
/* Saves (as the Save button does); "saved" follows, or the error is shown. */
void            bs_alert_builder_save             (BsAlertBuilder     *self);
/* The last save's error in plain words, or NULL. */
const char     *bs_alert_builder_get_save_error   (BsAlertBuilder     *self);
/* The threshold entry's complaint, or NULL when it reads as a number. */
const char     *bs_alert_builder_get_threshold_error (BsAlertBuilder  *self);
/* TRUE while contact points or the rule to edit are being read, or a save is out. */
gboolean        bs_alert_builder_get_busy         (BsAlertBuilder     *self);

BsQueryBuilder *bs_alert_builder_get_query_builder (BsAlertBuilder    *self);
BsAlertPreviewPane *bs_alert_builder_get_preview      (BsAlertBuilder     *self);

G_END_DECLS
