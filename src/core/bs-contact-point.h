/* bs-contact-point.h — where a rule's notifications go.
 *
 * Kinds: "slack" (an incoming webhook; the message is Block Kit), "webhook" (an HTTP POST of
 * the notification's JSON) and "desktop" (a desktop notification through GNotification on
 * the computer the engine runs on). The URL of slack and webhook is a secret: it lives in the
 * secret store under bs_contact_point_secret_key(), never in the database, the logs, the
 * events or an API answer.
 *
 * JSON form (the engine's API):
 *   { "id": 2, "name": "Ops Slack", "kind": "slack",
 *     "settings": { "channel": "#ops" },          (no secrets: only what shows in lists)
 *     "url": "https://hooks.slack.com/…",         (input only; never in an answer)
 *     "has_url": true,                            (output only)
 *     "send_resolved": true,
 *     "created_at": "…", "updated_at": "…" }
 * Names are 1–190 characters and unique in the workspace. "url" is required for slack and
 * webhook when creating, and must be http:// or https:// with a host; desktop takes none.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_CONTACT_POINT_ERROR (bs_contact_point_error_quark ())

typedef enum
{
  BS_CONTACT_POINT_ERROR_INVALID,   /* names the field */
} BsContactPointError;

typedef struct
{
  gint64      id;
  char       *name;
  char       *kind;            /* "slack", "webhook" or "desktop" */
  JsonObject *settings;        /* never NULL; no secrets */
  gboolean    send_resolved;
  GDateTime  *created_at;      /* NULL until stored */
  GDateTime  *updated_at;
} BsContactPoint;

GQuark          bs_contact_point_error_quark   (void);
BsContactPoint *bs_contact_point_new           (const char           *name,
                                                const char           *kind);
BsContactPoint *bs_contact_point_copy          (const BsContactPoint *self);
void            bs_contact_point_free          (BsContactPoint       *self);
gboolean        bs_contact_point_kind_is_valid (const char           *kind);
/* TRUE for the kinds that need a URL (slack, webhook). */
gboolean        bs_contact_point_kind_needs_url (const char          *kind);
/* "contact-point-<id>" */
char           *bs_contact_point_secret_key    (gint64                id);
/* Why @url cannot be a webhook URL, or NULL when it can. */
char           *bs_contact_point_check_url     (const char           *url);
JsonNode       *bs_contact_point_to_json       (const BsContactPoint *self,
                                                gboolean              has_url);
/* @out_url (may be NULL) receives "url" when given. Validates the name and kind. */
BsContactPoint *bs_contact_point_from_json     (JsonNode             *node,
                                                char                **out_url,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsContactPoint, bs_contact_point_free)

G_END_DECLS
