/* bs-alert-scheduler.h — evaluates every alert rule of the workspace at its interval.
 *
 * A tick each second on the main loop only decides what is due; the rule list is re-read
 * (on a worker) when another connection changed the workspace. The rules due together are
 * grouped by data source and table, and each group is evaluated on a pool of two worker
 * threads: one shared scan (bs-alert-shared-scan.h) answers all of its queries, then each
 * rule is evaluated (bs_alert_evaluate) and saved (bs_alert_store_save_evaluation) through
 * the scheduler's own connection to the workspace. Paused rules are skipped; a rule whose
 * evaluation still runs is not started again. A rule is next due one interval after its
 * last evaluation began, so a restarted engine carries on where it left off.
 *
 * The token of a Grafana source is read from the secret store on the main thread before
 * its group goes to a worker, as the query routes do.
 */
#pragma once

#include <glib-object.h>

#include "bs-secret-store.h"

G_BEGIN_DECLS

#define BS_TYPE_ALERT_SCHEDULER (bs_alert_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (BsAlertScheduler, bs_alert_scheduler, BS, ALERT_SCHEDULER, GObject)

/* @workspace_path: the workspace database; @data_dir: the engine's (it owns the demo and
 * the imports there, so it may index them); @secrets: where Grafana tokens are, or NULL. */
BsAlertScheduler *bs_alert_scheduler_new   (const char        *workspace_path,
                                            const char        *data_dir,
                                            BsSecretStore     *secrets);
/* Opens the scheduler's connection and starts ticking on the thread-default main context. */
gboolean          bs_alert_scheduler_start (BsAlertScheduler  *self,
                                            GError           **error);
/* Cancels what runs, waits for the workers to finish and closes the connection. */
void              bs_alert_scheduler_stop  (BsAlertScheduler  *self);

G_END_DECLS
