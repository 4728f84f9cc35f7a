/* bs-alert-store.h — rules, their series' states and history, contact points and silences
 * in the workspace database (migration 5). Errors are BS_STORE_ERROR (NOT_FOUND for a
 * missing id, CONSTRAINT for a duplicate name or uid or a contact point still in use).
 *
 * Every call uses @store's one connection, so from one thread at a time: the API on the
 * main thread uses the engine's store; the scheduler opens its own (bs_store_open on the
 * same file; WAL lets them work side by side).
 *
 * A call that writes several rows does so in one transaction of its own, or, when it is
 * called inside one (the engine writes a change and its audit event together), as a
 * savepoint within it, so that a failure takes back only its own part.
 */
#pragma once

#include "bs-alert-evaluation.h"
#include "bs-alert-rule.h"
#include "bs-alert-silence.h"
#include "bs-contact-point.h"
#include "bs-store.h"

G_BEGIN_DECLS

/* What the scheduler keeps about a rule's last evaluation. */
typedef struct
{
  gint64   rule_id;
  gint64   last_evaluated_at;   /* µs; 0: never */
  double   last_duration_ms;
  char    *last_error;          /* NULL when the last query worked */
} BsAlertRuleRun;

void        bs_alert_rule_run_free          (BsAlertRuleRun *self);

/* --- rules -------------------------------------------------------------------------- */

/* Sets @rule's id, uid (a new one unless it has one), created_at and updated_at. The rule
 * must be valid. */
gboolean    bs_alert_store_insert_rule      (BsStore            *store,
                                             BsAlertRule        *rule,
                                             GError            **error);
/* Replaces the stored rule with @rule's id (owner and created_at are kept). When the query,
 * condition or thresholds changed, the series' states are forgotten (Grafana's "Updated"),
 * since they described another question. */
gboolean    bs_alert_store_update_rule      (BsStore            *store,
                                             BsAlertRule        *rule,
                                             GError            **error);
/* Deletes the rule with its states and history; its notifications stay in the outbox
 * (rule_id set to NULL) so that nothing queued is lost. */
gboolean    bs_alert_store_delete_rule      (BsStore            *store,
                                             gint64              id,
                                             GError            **error);
BsAlertRule *bs_alert_store_get_rule        (BsStore            *store,
                                             gint64              id,
                                             GError            **error);
BsAlertRule *bs_alert_store_get_rule_by_uid (BsStore            *store,
                                             const char         *uid,
                                             GError            **error);
/* BsAlertRule*, by id. */
GPtrArray  *bs_alert_store_list_rules       (BsStore            *store,
                                             GError            **error);
/* FALSE with CONSTRAINT, naming the rules, while rules read the data source: removing it
 * would fail on the foreign key anyway, but a Grafana source's token must not be cleared
 * first (DELETE datasources/{id} asks this before anything else and answers 409). */
gboolean    bs_alert_store_check_source_unused (BsStore         *store,
                                                gint64           source_id,
                                                const char      *source_name,
                                                GError         **error);
gboolean    bs_alert_store_set_paused       (BsStore            *store,
                                             gint64              id,
                                             gboolean            paused,
                                             GError            **error);
/* BsAlertRuleRun*, one per rule that ran at least once. */
GPtrArray  *bs_alert_store_list_runs        (BsStore            *store,
                                             GError            **error);

/* --- states and history ------------------------------------------------------------- */

/* BsAlertInstance* of one rule (@rule_id > 0) or of all (0), by rule and series key. The
 * rule id of each is in the parallel array @out_rule_ids (gint64) when it is not NULL. */
GPtrArray  *bs_alert_store_list_instances   (BsStore            *store,
                                             gint64              rule_id,
                                             GArray            **out_rule_ids,
                                             GError            **error);
/* In ONE transaction: replaces the rule's instances with @evaluation->instances, appends
 * its transitions to the history, adds its notifications to the outbox (status "pending",
 * or "silenced"), and records the run (time, duration, error). If the rule was deleted
 * meanwhile, nothing is written and TRUE is returned. */
gboolean    bs_alert_store_save_evaluation  (BsStore            *store,
                                             const BsAlertEvaluation *evaluation,
                                             GError            **error);
/* The history of a rule, newest first: JSON items
 *   {"id","at","series_key","labels":{…},"from","to","reason"|null,"value"|null,"error"|null}
 * @before_id > 0 pages back from there. */
JsonNode   *bs_alert_store_list_history     (BsStore            *store,
                                             gint64              rule_id,
                                             gint64              before_id,
                                             guint               limit,
                                             GError            **error);

/* --- contact points ----------------------------------------------------------------- */

/* Sets @point's id (@point->id when it is > 0: the API picks the id first so that the URL
 * is in the secret store under bs_contact_point_secret_key() before the row exists), and
 * its times. */
gboolean    bs_alert_store_insert_contact_point (BsStore         *store,
                                                 BsContactPoint  *point,
                                                 GError         **error);
gboolean    bs_alert_store_update_contact_point (BsStore         *store,
                                                 BsContactPoint  *point,
                                                 GError         **error);
/* Refused (CONSTRAINT, naming the rules) while rules send to it. */
gboolean    bs_alert_store_delete_contact_point (BsStore         *store,
                                                 gint64           id,
                                                 GError         **error);
BsContactPoint *bs_alert_store_get_contact_point (BsStore        *store,
                                                  gint64          id,
                                                  GError        **error);
GPtrArray  *bs_alert_store_list_contact_points  (BsStore         *store,
                                                 GError         **error);

/* --- silences ----------------------------------------------------------------------- */

gboolean    bs_alert_store_insert_silence   (BsStore            *store,
                                             BsAlertSilence     *silence,
                                             GError            **error);
gboolean    bs_alert_store_delete_silence   (BsStore            *store,
                                             gint64              id,
                                             GError            **error);
/* Ends a silence now (ends_at = @now) instead of deleting it, so the history keeps it. */
gboolean    bs_alert_store_expire_silence   (BsStore            *store,
                                             gint64              id,
                                             gint64              now,
                                             GError            **error);
/* BsAlertSilence*; @include_expired FALSE: the ones whose ends_at is after @now. */
GPtrArray  *bs_alert_store_list_silences    (BsStore            *store,
                                             gboolean            include_expired,
                                             gint64              now,
                                             GError            **error);

G_END_DECLS
