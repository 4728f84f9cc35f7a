#define G_LOG_DOMAIN "bs-engine-change"

#include "config.h"

#include "bs-engine-change.h"
#include "bs-engine-json.h"

gboolean
bs_engine_change_commit (BsStore             *store,
                         const char          *actor,
                         const char          *kind,
                         BsEngineChangeFunc   change,
                         gpointer             user_data,
                         GError             **error)
{
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *detail_json = NULL;

  g_return_val_if_fail (BS_IS_STORE (store), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  if (!bs_store_begin (store, error))
    return FALSE;

  if (!(detail = change (store, user_data, error)))
    goto failed;

  detail_json = bs_engine_json_to_string (detail, FALSE);
  if (!bs_store_add_event (store, kind, actor, detail_json, error) ||
      !bs_store_commit (store, error))
    goto failed;

  return TRUE;

failed:
  bs_store_rollback (store);
  return FALSE;
}
