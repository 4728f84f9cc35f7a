#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-alert-state-memory.h"
#include "bs-alert-store.h"

struct _BsAlertStateMemory
{
  GMutex      lock;
  GHashTable *states;        /* rule id → GPtrArray of BsAlertInstance */
  gint64      data_version;
};

BsAlertStateMemory *
bs_alert_state_memory_new (void)
{
  BsAlertStateMemory *self = g_new0 (BsAlertStateMemory, 1);

  g_mutex_init (&self->lock);
  self->states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->data_version = -1;
  return self;
}

void
bs_alert_state_memory_free (BsAlertStateMemory *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->states);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
bs_alert_state_memory_check (BsAlertStateMemory *self,
                             gint64              data_version)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (data_version != self->data_version)
    {
      g_hash_table_remove_all (self->states);
      self->data_version = data_version;
    }
  g_mutex_unlock (&self->lock);
}

GPtrArray *
bs_alert_state_memory_get (BsAlertStateMemory  *self,
                           BsStore             *store,
                           gint64               rule_id,
                           GError             **error)
{
  GPtrArray *states;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  states = g_hash_table_lookup (self->states, &rule_id);
  if (states != NULL)
    g_ptr_array_ref (states);
  g_mutex_unlock (&self->lock);
  return states != NULL ? states : bs_alert_store_list_instances (store, rule_id, NULL, error);
}

void
bs_alert_state_memory_remember (BsAlertStateMemory *self,
                                BsAlertEvaluation  *evaluation)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (evaluation != NULL);

  /* Tens of thousands of series: their labels objects would be most of the memory, and
   * their keys hold the same. */
  for (guint i = 0; i < evaluation->instances->len; i++)
    g_clear_pointer (&((BsAlertInstance *) g_ptr_array_index (evaluation->instances, i))->labels,
                     json_object_unref);
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->states, g_memdup2 (&evaluation->rule_id, sizeof (gint64)),
                       g_ptr_array_ref (evaluation->instances));
  g_mutex_unlock (&self->lock);
}

void
bs_alert_state_memory_forget (BsAlertStateMemory *self,
                              gint64              rule_id)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->states, &rule_id);
  g_mutex_unlock (&self->lock);
}
