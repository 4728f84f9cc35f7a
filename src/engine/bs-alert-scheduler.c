#define G_LOG_DOMAIN "bs-scheduler"

#include "config.h"

#include "bs-alert-evaluation.h"
#include "bs-alert-scheduler.h"
#include "bs-alert-shared-scan.h"
#include "bs-alert-state-memory.h"
#include "bs-alert-store.h"
#include "bs-data-source.h"
#include "bs-engine-data-sources.h"
#include "bs-source-runner.h"
#include "bs-store.h"

#define TICK_MS   1000
#define N_WORKERS 2

/* A rule as the main thread schedules it. */
typedef struct
{
  BsAlertRule *rule;
  gint64       next_due;   /* µs since the epoch */
  gboolean     running;
} Slot;

typedef enum
{
  JOB_REFRESH,
  JOB_EVALUATE,
} JobKind;

typedef struct
{
  BsAlertScheduler *self;
  JobKind           kind;

  /* JOB_EVALUATE: one source (and table), the rules due, the time they are evaluated at */
  BsSourceSpec     *spec;
  GPtrArray        *rules;     /* BsAlertRule* */
  gint64            now;
  GPtrArray        *context;   /* BsAlertRule*: the table's other rules, for the shape */
  BsAlertScanCache *cache;

  /* JOB_REFRESH: what the workspace holds, when it changed */
  gboolean          changed;
  GPtrArray        *sources;   /* BsDataSource* */
  GPtrArray        *runs;      /* BsAlertRuleRun* */
} Job;

struct _BsAlertScheduler
{
  GObject        parent_instance;

  char          *workspace_path;
  char          *data_dir;
  BsSecretStore *secrets;

  /* Used by the workers only, one at a time. */
  BsStore       *store;
  GMutex         store_lock;
  BsAlertStateMemory *states;    /* what the last saved evaluations left, by rule */
  gint64         data_version;   /* -1: the rules were never read */
  char          *refresh_error;  /* the last failure to read them, said once */

  GThreadPool   *pool;
  GCancellable  *cancellable;
  GMainContext  *context;
  guint          tick_id;
  gboolean       refreshing;
  gboolean       stopped;

  GHashTable    *slots;          /* rule id → Slot* */
  GHashTable    *sources;        /* source id → BsDataSource* */
  GHashTable    *scan_caches;    /* table key → BsAlertScanCache* */
};

G_DEFINE_FINAL_TYPE (BsAlertScheduler, bs_alert_scheduler, G_TYPE_OBJECT)

static void
slot_free (Slot *slot)
{
  bs_alert_rule_free (slot->rule);
  g_free (slot);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->spec, bs_source_spec_free);
  g_clear_pointer (&job->rules, g_ptr_array_unref);
  g_clear_pointer (&job->context, g_ptr_array_unref);
  g_clear_pointer (&job->cache, bs_alert_scan_cache_unref);
  g_clear_pointer (&job->sources, g_ptr_array_unref);
  g_clear_pointer (&job->runs, g_ptr_array_unref);
  g_free (job);
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* The rules of one table of one source are evaluated together. */
static char *
table_key (const BsQuery *query)
{
  g_autofree char *table = g_utf8_casefold (query->table, -1);

  return g_strdup_printf ("%" G_GINT64_FORMAT "\n%s", query->source_id, table);
}

static gboolean
same_rule_id (gconstpointer a,
              gconstpointer b)
{
  return ((const BsAlertRule *) a)->id == ((const BsAlertRule *) b)->id;
}

static int
compare_rule_ids (gconstpointer a,
                  gconstpointer b)
{
  const BsAlertRule *x = *(BsAlertRule * const *) a;
  const BsAlertRule *y = *(BsAlertRule * const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* Workers */

/* PRAGMA data_version changes when another connection committed (the API, the sender),
 * never for this connection's own saves: a cheap way to know the rules may have changed. */
static gboolean
workspace_changed (BsAlertScheduler *self)
{
  gint64 version = bs_store_get_data_version (self->store);

  if (version == self->data_version && version != -1)
    return FALSE;
  self->data_version = version;
  return TRUE;
}

static void
refresh (BsAlertScheduler *self,
         Job              *job)
{
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->store_lock);
  if (workspace_changed (self))
    {
      job->rules = bs_alert_store_list_rules (self->store, &error);
      if (job->rules != NULL)
        job->runs = bs_alert_store_list_runs (self->store, &error);
      if (job->runs != NULL)
        job->sources = bs_data_source_list (self->store, &error);
      job->changed = job->sources != NULL;
      if (!job->changed)
        self->data_version = -1;   /* try again at the next tick */
    }
  /* Said once, not at every tick while it lasts. */
  if (error != NULL && g_strcmp0 (error->message, self->refresh_error) != 0)
    g_warning ("Could not read the alert rules: %s", error->message);
  g_free (self->refresh_error);
  self->refresh_error = error != NULL ? g_strdup (error->message) : NULL;
  g_mutex_unlock (&self->store_lock);
}

static GDateTime *
date_time_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_add (second, usec % G_USEC_PER_SEC);
}

static void
evaluate_rule (BsAlertScheduler  *self,
               const BsAlertRule *rule,
               BsAlertSharedScan *scan,
               guint              index,
               GPtrArray         *silences,
               gint64             now)
{
  g_autoptr(GError) query_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(BsAlertEvaluation) evaluation = NULL;

  frame = bs_alert_shared_scan_get_frame (scan, index, &query_error);
  g_mutex_lock (&self->store_lock);
  previous = bs_alert_state_memory_get (self->states, self->store, rule->id, &error);
  g_mutex_unlock (&self->store_lock);
  if (previous == NULL)
    {
      g_warning ("Could not read the states of the rule “%s”: %s", rule->title, error->message);
      return;
    }

  evaluation = bs_alert_evaluate (rule, previous, frame, query_error, silences, now);
  evaluation->duration_ms = bs_alert_shared_scan_get_elapsed_ms (scan, index);

  g_mutex_lock (&self->store_lock);
  if (bs_alert_store_save_evaluation (self->store, evaluation, &error))
    bs_alert_state_memory_remember (self->states, evaluation);
  else
    {
      bs_alert_state_memory_forget (self->states, rule->id);
      g_warning ("Could not save the evaluation of the rule “%s”: %s", rule->title,
                 error->message);
    }
  g_mutex_unlock (&self->store_lock);
}

static void
evaluate (BsAlertScheduler *self,
          Job              *job)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = date_time_from_usec (job->now);
  g_autoptr(BsAlertSharedScan) scan = bs_alert_shared_scan_new (job->spec, tz, now);
  g_autoptr(GPtrArray) silences = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_copy (job->rules, NULL, NULL);
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  /* Every rule of the table, in the same order each time, so that the statements and the
   * rows the cache keeps for them stay the same whichever are due. */
  g_ptr_array_set_free_func (all, NULL);
  g_ptr_array_extend (all, job->context, NULL, NULL);
  g_ptr_array_sort (all, compare_rule_ids);
  bs_alert_shared_scan_set_cache (scan, job->cache);
  for (guint i = 0; i < all->len; i++)
    {
      BsAlertRule *rule = g_ptr_array_index (all, i);

      if (g_ptr_array_find (job->rules, rule, NULL))
        {
          guint index = bs_alert_shared_scan_add (scan, rule->query);

          g_array_append_val (indexes, index);
        }
      else
        bs_alert_shared_scan_add_context (scan, rule->query);
    }
  g_ptr_array_sort (job->rules, compare_rule_ids);
  if (!bs_alert_shared_scan_run (scan, self->cancellable, &error))
    return;

  g_mutex_lock (&self->store_lock);
  /* States remembered hold only while no one else wrote to the workspace. */
  bs_alert_state_memory_check (self->states, bs_store_get_data_version (self->store));
  silences = bs_alert_store_list_silences (self->store, FALSE, job->now, &error);
  g_mutex_unlock (&self->store_lock);
  if (silences == NULL)
    {
      g_warning ("Could not read the silences: %s", error->message);
      return;
    }

  for (guint i = 0; i < job->rules->len && !g_cancellable_is_cancelled (self->cancellable); i++)
    evaluate_rule (self, g_ptr_array_index (job->rules, i), scan,
                   g_array_index (indexes, guint, i), silences, job->now);

  g_debug ("Evaluated %u rules of “%s” with %u statements in %.0f ms", job->rules->len,
           job->spec->name, bs_alert_shared_scan_get_n_statements (scan),
           (g_get_monotonic_time () - started) / 1000.0);
}

static gboolean job_done (gpointer data);

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  BsAlertScheduler *self = job->self;

  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      if (job->kind == JOB_REFRESH)
        refresh (self, job);
      else
        evaluate (self, job);
    }

  /* The main thread learns what ran: it holds a reference until then. */
  g_object_ref (self);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, job_done, job, NULL);
}

/* The main thread */

/* The rows kept for a table no rule reads any more (a job still running holds its own
 * reference). */
static void
forget_unused_caches (BsAlertScheduler *self)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_add (used, table_key (((Slot *) value)->rule->query));
  g_hash_table_iter_init (&iter, self->scan_caches);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (used, key))
      g_hash_table_iter_remove (&iter);
}

static void
apply_refresh (BsAlertScheduler *self,
               Job              *job)
{
  g_autoptr(GHashTable) last_run = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          NULL);
  g_autoptr(GHashTable) slots = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) slot_free);
  gint64 now = g_get_real_time ();

  g_hash_table_remove_all (self->sources);
  for (guint i = 0; i < job->sources->len; i++)
    {
      BsDataSource *source = g_ptr_array_index (job->sources, i);

      g_hash_table_insert (self->sources, id_key (source->id), bs_data_source_copy (source));
    }
  for (guint i = 0; i < job->runs->len; i++)
    {
      BsAlertRuleRun *run = g_ptr_array_index (job->runs, i);

      g_hash_table_insert (last_run, id_key (run->rule_id), run);
    }

  /* Rules that stay keep their place in time; new ones are due one interval after they
   * last ran (before a restart), or now. */
  for (guint i = 0; i < job->rules->len; i++)
    {
      BsAlertRule *rule = g_ptr_array_index (job->rules, i);
      Slot *old = g_hash_table_lookup (self->slots, &rule->id);
      BsAlertRuleRun *run = g_hash_table_lookup (last_run, &rule->id);
      Slot *slot = g_new0 (Slot, 1);

      slot->rule = bs_alert_rule_copy (rule);
      if (old != NULL)
        {
          slot->next_due = old->next_due;
          slot->running = old->running;
        }
      else if (run != NULL && run->last_evaluated_at > 0)
        slot->next_due = run->last_evaluated_at
                         + (gint64) rule->interval_seconds * G_USEC_PER_SEC;
      else
        slot->next_due = now;
      g_hash_table_insert (slots, id_key (rule->id), slot);
    }
  g_hash_table_unref (self->slots);
  self->slots = g_steal_pointer (&slots);
  forget_unused_caches (self);
  g_debug ("%u alert rules", job->rules->len);
}

static void
finish_evaluation (BsAlertScheduler *self,
                   Job              *job)
{
  for (guint i = 0; i < job->rules->len; i++)
    {
      BsAlertRule *rule = g_ptr_array_index (job->rules, i);
      Slot *slot = g_hash_table_lookup (self->slots, &rule->id);

      /* A rule deleted meanwhile has no slot any more. */
      if (slot == NULL)
        continue;
      slot->running = FALSE;
      slot->next_due = job->now + (gint64) slot->rule->interval_seconds * G_USEC_PER_SEC;
    }
}

static gboolean
job_done (gpointer data)
{
  Job *job = data;
  BsAlertScheduler *self = job->self;

  if (!self->stopped)
    {
      if (job->kind == JOB_REFRESH)
        {
          self->refreshing = FALSE;
          if (job->changed)
            apply_refresh (self, job);
        }
      else
        finish_evaluation (self, job);
    }
  job_free (job);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
push (BsAlertScheduler *self,
      Job              *job)
{
  g_autoptr(GError) error = NULL;

  if (!g_thread_pool_push (self->pool, job, &error))
    {
      /* Nothing ran: the rules come round again one interval later. */
      g_warning ("Could not start an alert evaluation: %s", error->message);
      g_object_ref (self);
      job_done (job);
    }
}

static BsSourceSpec *
spec_from_source (BsAlertScheduler   *self,
                  const BsDataSource *source)
{
  BsSourceSpec *spec = bs_source_spec_new (source->id, source->name, source->kind);

  spec->path = g_strdup (bs_data_source_get_sqlite_file (source));
  spec->table = g_strdup (bs_data_source_get_table (source));
  spec->url = g_strdup (bs_data_source_get_url (source));
  spec->datasource_uid = g_strdup (bs_data_source_get_datasource_uid (source));
  spec->datasource_type = g_strdup (bs_data_source_get_datasource_type (source));
  /* The engine made the demo file and the imports database, so it may index them. */
  spec->owned = source->is_demo || bs_engine_imports_owns_source (self->data_dir, source);
  return spec;
}

static void
on_token_looked_up (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Job *job = user_data;
  BsAlertScheduler *self = job->self;
  g_autoptr(GError) error = NULL;

  job->spec->token = bs_secret_store_lookup_finish (BS_SECRET_STORE (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the token of the data source “%s”: %s", job->spec->name,
               error->message);
  /* Without a token the queries fail, and the rules show that error. */
  if (self->stopped)
    {
      g_object_ref (self);
      job_done (job);
    }
  else
    push (self, job);
  g_object_unref (self);
}

static void
dispatch (BsAlertScheduler *self,
          Job              *job)
{
  g_autofree char *key = NULL;

  if (g_strcmp0 (job->spec->kind, "grafana") != 0 || self->secrets == NULL)
    {
      push (self, job);
      return;
    }
  key = bs_data_source_secret_key (job->spec->id);
  g_object_ref (self);
  bs_secret_store_lookup_async (self->secrets, key, self->cancellable, on_token_looked_up, job);
}

static BsAlertScanCache *
get_scan_cache (BsAlertScheduler *self,
                const char       *key)
{
  BsAlertScanCache *cache = g_hash_table_lookup (self->scan_caches, key);

  if (cache == NULL)
    {
      cache = bs_alert_scan_cache_new ();
      g_hash_table_insert (self->scan_caches, g_strdup (key), cache);
    }
  return cache;
}

/* The rules of each job's table that are not due, for the shape of its statements. */
static void
add_context (BsAlertScheduler *self,
             GHashTable       *groups)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;
      g_autofree char *key = NULL;
      Job *job;

      if (slot->rule->paused)
        continue;
      key = table_key (slot->rule->query);
      job = g_hash_table_lookup (groups, key);
      if (job != NULL && !g_ptr_array_find_with_equal_func (job->rules, slot->rule,
                                                            same_rule_id, NULL))
        g_ptr_array_add (job->context, bs_alert_rule_copy (slot->rule));
    }
}

/* The rules due now, grouped by source and table: each group is one job, so that the two
 * workers can scan two tables at once. */
static void
dispatch_due (BsAlertScheduler *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;
      const BsQuery *query = slot->rule->query;
      BsDataSource *source;
      char *key;
      Job *job;

      if (slot->rule->paused || slot->running || slot->next_due > now
          || (source = g_hash_table_lookup (self->sources, &query->source_id)) == NULL)
        continue;

      key = table_key (query);
      job = g_hash_table_lookup (groups, key);
      if (job == NULL)
        {
          job = g_new0 (Job, 1);
          job->self = self;
          job->kind = JOB_EVALUATE;
          job->spec = spec_from_source (self, source);
          job->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_rule_free);
          job->context = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_alert_rule_free);
          job->cache = bs_alert_scan_cache_ref (get_scan_cache (self, key));
          job->now = now;
          g_hash_table_insert (groups, key, job);
          g_ptr_array_add (keys, key);
        }
      else
        g_free (key);
      g_ptr_array_add (job->rules, bs_alert_rule_copy (slot->rule));
      slot->running = TRUE;
    }

  add_context (self, groups);
  for (guint i = 0; i < keys->len; i++)
    dispatch (self, g_hash_table_lookup (groups, g_ptr_array_index (keys, i)));
}

static gboolean
on_tick (gpointer user_data)
{
  BsAlertScheduler *self = user_data;

  if (!self->refreshing)
    {
      Job *job = g_new0 (Job, 1);

      job->self = self;
      job->kind = JOB_REFRESH;
      self->refreshing = TRUE;
      push (self, job);
    }
  dispatch_due (self);
  return G_SOURCE_CONTINUE;
}

/* The object */

static void
bs_alert_scheduler_dispose (GObject *object)
{
  BsAlertScheduler *self = (BsAlertScheduler *) object;

  bs_alert_scheduler_stop (self);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (bs_alert_scheduler_parent_class)->dispose (object);
}

static void
bs_alert_scheduler_finalize (GObject *object)
{
  BsAlertScheduler *self = (BsAlertScheduler *) object;

  g_free (self->workspace_path);
  g_free (self->data_dir);
  g_free (self->refresh_error);
  g_clear_pointer (&self->slots, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->scan_caches, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->store_lock);
  g_clear_pointer (&self->states, bs_alert_state_memory_free);

  G_OBJECT_CLASS (bs_alert_scheduler_parent_class)->finalize (object);
}

static void
bs_alert_scheduler_class_init (BsAlertSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_alert_scheduler_dispose;
  object_class->finalize = bs_alert_scheduler_finalize;
}

static void
bs_alert_scheduler_init (BsAlertScheduler *self)
{
  g_mutex_init (&self->store_lock);
  self->states = bs_alert_state_memory_new ();
  self->data_version = -1;
  self->cancellable = g_cancellable_new ();
  self->slots = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) slot_free);
  self->sources = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) bs_data_source_free);
  self->scan_caches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) bs_alert_scan_cache_unref);
}

BsAlertScheduler *
bs_alert_scheduler_new (const char    *workspace_path,
                        const char    *data_dir,
                        BsSecretStore *secrets)
{
  BsAlertScheduler *self;

  g_return_val_if_fail (workspace_path != NULL, NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (secrets == NULL || BS_IS_SECRET_STORE (secrets), NULL);

  self = g_object_new (BS_TYPE_ALERT_SCHEDULER, NULL);
  self->workspace_path = g_strdup (workspace_path);
  self->data_dir = g_strdup (data_dir);
  self->secrets = secrets != NULL ? g_object_ref (secrets) : NULL;
  return self;
}

gboolean
bs_alert_scheduler_start (BsAlertScheduler  *self,
                          GError           **error)
{
  g_return_val_if_fail (BS_IS_ALERT_SCHEDULER (self), FALSE);
  g_return_val_if_fail (self->pool == NULL && !self->stopped, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((self->store = bs_store_open (self->workspace_path, error)) == NULL)
    return FALSE;
  self->pool = g_thread_pool_new_full (run_job, self, (GDestroyNotify) job_free, N_WORKERS,
                                       FALSE, error);
  if (self->pool == NULL)
    {
      g_clear_object (&self->store);
      return FALSE;
    }
  self->context = g_main_context_ref_thread_default ();
  self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  on_tick (self);
  return TRUE;
}

void
bs_alert_scheduler_stop (BsAlertScheduler *self)
{
  g_return_if_fail (BS_IS_ALERT_SCHEDULER (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  /* Waits for the evaluations under way (a cancelled scan stops within a few thousand
   * SQLite steps); those not yet begun are dropped. */
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), TRUE, TRUE);
  g_mutex_lock (&self->store_lock);
  g_clear_object (&self->store);
  g_mutex_unlock (&self->store_lock);
}
