/* bs-alert-silence.h — a silence mutes the notifications of every alert whose labels match
 * all of its matchers, from starts_at to ends_at (Alertmanager's silences, without regular
 * expressions: "=" and "!=" only, which is what a person picks from dropdowns).
 *
 * JSON form (the engine's API; "id", "created_by" and "created_at" given by the engine):
 *   { "id": 4, "matchers": [ { "label": "rule_uid", "op": "=", "value": "inventory-low" } ],
 *     "starts_at": "2026-11-24T10:00:00Z", "ends_at": "2026-11-24T12:00:00Z",
 *     "comment": "Stock-take this morning", "created_by": "Local Studio",
 *     "created_at": "…", "state": "active"|"pending"|"expired" (output only) }
 * "starts_at" defaults to now. At least one matcher; label names as for rule labels plus
 * "alertname" and "rule_uid"; ends_at after starts_at and at most 1 year after it.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_ALERT_SILENCE_ERROR (bs_alert_silence_error_quark ())

typedef enum
{
  BS_ALERT_SILENCE_ERROR_INVALID,   /* names the field, e.g. "matchers[0].op" */
} BsAlertSilenceError;

typedef struct
{
  char     *label;
  gboolean  negative;               /* "!=" */
  char     *value;
} BsAlertMatcher;

typedef struct
{
  gint64      id;
  GPtrArray  *matchers;             /* BsAlertMatcher*, at least one */
  gint64      starts_at;            /* µs since the epoch */
  gint64      ends_at;
  char       *comment;              /* never NULL */
  char       *created_by;           /* NULL until stored */
  gint64      created_at;           /* 0 until stored */
} BsAlertSilence;

GQuark          bs_alert_silence_error_quark (void);

BsAlertSilence *bs_alert_silence_new         (gint64               starts_at,
                                              gint64               ends_at);
void            bs_alert_silence_add_matcher (BsAlertSilence      *self,
                                              const char          *label,
                                              gboolean             negative,
                                              const char          *value);
BsAlertSilence *bs_alert_silence_copy        (const BsAlertSilence *self);
void            bs_alert_silence_free        (BsAlertSilence      *self);

gboolean        bs_alert_silence_validate    (const BsAlertSilence *self,
                                              GError             **error);
JsonNode       *bs_alert_silence_to_json     (const BsAlertSilence *self,
                                              gint64               now);
/* @now fills a missing "starts_at". Validates too. */
BsAlertSilence *bs_alert_silence_from_json   (JsonNode            *node,
                                              gint64               now,
                                              GError             **error);

/* TRUE if @now is within the silence and every matcher matches @labels (a label that is
 * absent reads as ""). */
gboolean        bs_alert_silence_matches     (const BsAlertSilence *self,
                                              JsonObject          *labels,
                                              gint64               now);
/* "active", "pending" or "expired" at @now. */
const char     *bs_alert_silence_get_state   (const BsAlertSilence *self,
                                              gint64               now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertSilence, bs_alert_silence_free)

G_END_DECLS
