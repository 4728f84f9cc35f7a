/* bs-engine-change.h — how every mutation of the workspace is made, whether it comes from
 * the API, the command line or the engine itself: the change and its audit event are
 * written in one transaction, committed before anyone is told it worked.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-store.h"

G_BEGIN_DECLS

/* Makes the change and returns the detail of its event (a JSON object), or NULL with
 * @error set. */
typedef JsonNode *(*BsEngineChangeFunc) (BsStore   *store,
                                         gpointer   user_data,
                                         GError   **error);

/* Runs @change inside a transaction, records the event @kind by @actor with the detail
 * @change returned, and commits. On failure nothing is kept. */
gboolean bs_engine_change_commit (BsStore             *store,
                                  const char          *actor,
                                  const char          *kind,
                                  BsEngineChangeFunc   change,
                                  gpointer             user_data,
                                  GError             **error);

G_END_DECLS
