/* bs-profile.h — who the person using the Studio is, as the engine keeps it: their persona,
 * sub-persona and skill level (GET/PUT users/me/preferences), and what those mean for the
 * windows (GET personas): the order of the workbenches, the one to open on, how much the
 * pages explain, the next steps to offer. Also records the onboarding events.
 *
 * The persona table itself lives in the engine (src/core/bs-persona.c); the Studio only
 * reads it through the API, so both always agree.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-engine-client.h"

G_BEGIN_DECLS

/* How much the pages explain, from the skill level's "verbosity". */
typedef enum
{
  BS_PROFILE_VERBOSITY_STEP_BY_STEP,
  BS_PROFILE_VERBOSITY_BALANCED,
  BS_PROFILE_VERBOSITY_MINIMAL,
} BsProfileVerbosity;

#define BS_TYPE_PROFILE (bs_profile_get_type ())
G_DECLARE_FINAL_TYPE (BsProfile, bs_profile, BS, PROFILE, GObject)

BsProfile          *bs_profile_new                  (void);

/* Forgets what it knew and reads the catalog and the preferences from @client. Finishes
 * with TRUE when the engine has no profile (an engine older than personas): the Studio
 * then works without one, and bs_profile_is_available () says so. */
void                bs_profile_load_async           (BsProfile           *self,
                                                     BsEngineClient      *client,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bs_profile_load_finish          (BsProfile           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean            bs_profile_is_available         (BsProfile           *self);

/* The choices; NULL when not made. */
const char         *bs_profile_get_persona          (BsProfile           *self);
const char         *bs_profile_get_sub_persona      (BsProfile           *self);
const char         *bs_profile_get_skill_level      (BsProfile           *self);
gboolean            bs_profile_get_record_events    (BsProfile           *self);
BsProfileVerbosity  bs_profile_get_verbosity        (BsProfile           *self);

/* The catalog: arrays of objects as GET personas sends them. */
JsonArray          *bs_profile_get_personas         (BsProfile           *self);
JsonArray          *bs_profile_get_skill_levels     (BsProfile           *self);
JsonObject         *bs_profile_find_persona         (BsProfile           *self,
                                                     const char          *id);

/* Of @available (workbench names), those the persona ranks, most relevant first, then
 * the others in their given order. Free with g_strfreev (). */
char              **bs_profile_order_workbenches    (BsProfile           *self,
                                                     const char * const  *available);
/* The persona's default workbench if it is in @available, else the first of @available
 * in the persona's order; NULL without a persona. */
const char         *bs_profile_pick_workbench       (BsProfile           *self,
                                                     const char * const  *available);
/* The persona's next steps that this build can carry out (an array of objects with id,
 * title, description); NULL without a persona. Free with json_array_unref (). */
JsonArray          *bs_profile_get_next_steps       (BsProfile           *self);

/* PUT users/me/preferences with the members of @changes (persona, sub_persona,
 * skill_level: a string or null; record_events: a boolean). Emits ::changed on success. */
void                bs_profile_update_async         (BsProfile           *self,
                                                     JsonObject          *changes,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bs_profile_update_finish        (BsProfile           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* POST events {kind, persona}, unless recording is off. Nothing waits for it: a lost
 * event is not worth bothering anyone with, so a failure is only logged. */
void                bs_profile_record_event         (BsProfile           *self,
                                                     const char          *kind,
                                                     const char          *persona);
/* DELETE events?prefix=onboarding. */
void                bs_profile_clear_events_async   (BsProfile           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean            bs_profile_clear_events_finish  (BsProfile           *self,
                                                     GAsyncResult        *result,
                                                     gint64              *n_deleted,
                                                     GError             **error);

G_END_DECLS
