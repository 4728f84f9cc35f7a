/* bs-silence-dialog.h — the window that mutes notifications for a while: matchers picked
 * from dropdowns (a label, "is" or "is not", a value the rules and alerts have), a
 * duration and a comment, POST silences; and the silences in force or to come, each with
 * Expire (DELETE silences/{id}, which ends it now).
 *
 * Opened from a rule, the first matcher is "rule_uid is <that rule>". Every request is
 * cancelled when the window closes.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

#define BS_TYPE_SILENCE_DIALOG (bs_silence_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsSilenceDialog, bs_silence_dialog, BS, SILENCE_DIALOG, AdwWindow)

/* @rule_uid: the rule to silence, or NULL to pick matchers freely. */
GtkWindow  *bs_silence_dialog_new            (BsEngineClient  *client,
                                              GtkWindow       *parent,
                                              const char      *rule_uid);
/* Adds a matcher row (the Add Matcher button); @label, @value may be NULL. */
void        bs_silence_dialog_add_matcher    (BsSilenceDialog *self,
                                              const char      *label,
                                              gboolean         negative,
                                              const char      *value);
guint       bs_silence_dialog_get_n_matchers (BsSilenceDialog *self);
/* How long the new silence lasts, in seconds (one of the dropdown's choices). */
void        bs_silence_dialog_set_duration   (BsSilenceDialog *self,
                                              guint            seconds);
void        bs_silence_dialog_set_comment    (BsSilenceDialog *self,
                                              const char      *comment);
/* The matchers, duration and comment as the Silence button would send them. */
JsonNode   *bs_silence_dialog_build          (BsSilenceDialog *self);
/* What the Silence button does. */
void        bs_silence_dialog_submit         (BsSilenceDialog *self);
/* Ends silence @id now, as its Expire button does. */
void        bs_silence_dialog_expire         (BsSilenceDialog *self,
                                              gint64           id);
/* The silences listed (active and pending); -1 while loading. */
int         bs_silence_dialog_get_n_silences (BsSilenceDialog *self);
gboolean    bs_silence_dialog_get_busy       (BsSilenceDialog *self);
/* The error on show, or NULL. */
const char *bs_silence_dialog_get_error      (BsSilenceDialog *self);

G_END_DECLS
