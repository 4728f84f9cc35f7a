#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-panel-data.h"

/* One request to the engine and everyone waiting for its answer. A job is queued until a
 * slot is free, then running; it is found by its key (the method, path and body) in both
 * states, so a panel asking the same joins it instead of sending another. */
typedef struct
{
  BsPanelData  *self;         /* a reference while running: the answer needs it */
  char         *key;
  const char   *method;       /* static */
  char         *path;
  JsonNode     *body;         /* NULL for a GET */
  GPtrArray    *waiters;      /* of Waiter* */
  GCancellable *cancellable;  /* cancelled when no one waits any more */
  gboolean      running;
} Job;

typedef struct
{
  GTask  *task;
  gulong  handler;            /* on the caller's cancellable, 0 without one */
} Waiter;

struct _BsPanelData
{
  GObject         parent_instance;

  BsEngineClient *client;
  GMainContext   *context;    /* where the callers wait: cancellations are handled there */
  GHashTable     *jobs;       /* key → Job*, queued and running */
  GQueue          queue;      /* Job*, waiting for a slot, oldest first */
  guint           n_running;
  guint           n_requests;
  GSource        *sweep;      /* pending check of cancelled callers */
  GMutex          sweep_lock; /* a cancellable may be cancelled from any thread */
};

G_DEFINE_FINAL_TYPE (BsPanelData, bs_panel_data, G_TYPE_OBJECT)

static void pump (BsPanelData *self);

static void
waiter_free (Waiter *waiter)
{
  GCancellable *cancellable = g_task_get_cancellable (waiter->task);

  if (waiter->handler != 0)
    g_cancellable_disconnect (cancellable, waiter->handler);
  g_object_unref (waiter->task);
  g_free (waiter);
}

static void
job_free (Job *job)
{
  g_free (job->key);
  g_free (job->path);
  g_clear_pointer (&job->body, json_node_unref);
  g_ptr_array_unref (job->waiters);
  g_object_unref (job->cancellable);
  g_free (job);
}

/* Takes @job out of the table if it is still the one there for its key. */
static void
forget_job (BsPanelData *self,
            Job         *job)
{
  if (g_hash_table_lookup (self->jobs, job->key) == job)
    g_hash_table_remove (self->jobs, job->key);
}

/* Cancellation */

static gboolean
sweep_cb (gpointer user_data)
{
  BsPanelData *self = user_data;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->sweep_lock);
  g_clear_pointer (&self->sweep, g_source_unref);
  g_mutex_unlock (&self->sweep_lock);

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (jobs, value);
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      guint j = 0;

      while (j < job->waiters->len)
        {
          Waiter *waiter = g_ptr_array_index (job->waiters, j);
          g_autoptr(GTask) task = g_object_ref (waiter->task);

          if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
            {
              j++;
              continue;
            }
          g_ptr_array_remove_index (job->waiters, j);
          g_task_return_error_if_cancelled (task);
        }
      if (job->waiters->len > 0)
        continue;

      forget_job (self, job);
      if (job->running)
        g_cancellable_cancel (job->cancellable);
      else
        {
          g_queue_remove (&self->queue, job);
          job_free (job);
        }
    }
  return G_SOURCE_REMOVE;
}

/* May run in any thread, and inside g_cancellable_connect (): only schedules the sweep. */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  BsPanelData *self = user_data;

  g_mutex_lock (&self->sweep_lock);
  if (self->sweep == NULL)
    {
      self->sweep = g_idle_source_new ();
      g_source_set_priority (self->sweep, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->sweep, sweep_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (self->sweep, "[bs] panel data cancel");
      g_source_attach (self->sweep, self->context);
    }
  g_mutex_unlock (&self->sweep_lock);
}

/* Requests */

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(BsPanelData) self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error_literal (&error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                         _("The engine’s answer was not understood."));

  forget_job (self, job);
  self->n_running--;
  for (guint i = 0; i < job->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (job->waiters, i);

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        g_task_return_pointer (waiter->task, json_object_ref (json_node_get_object (root)),
                               (GDestroyNotify) json_object_unref);
    }
  job_free (job);
  pump (self);
}

static void
pump (BsPanelData *self)
{
  while (self->n_running < BS_PANEL_DATA_MAX_RUNNING && !g_queue_is_empty (&self->queue))
    {
      Job *job = g_queue_pop_head (&self->queue);

      job->running = TRUE;
      job->self = g_object_ref (self);
      self->n_running++;
      self->n_requests++;
      bs_engine_client_request_async (self->client, job->method, job->path, job->body,
                                      job->cancellable, answered_cb, job);
    }
}

static Job *
job_new (const char *method,
         const char *path,
         JsonNode   *body,
         const char *key)
{
  Job *job = g_new0 (Job, 1);

  job->key = g_strdup (key);
  job->method = method;
  job->path = g_strdup (path);
  job->body = body != NULL ? json_node_ref (body) : NULL;
  job->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  job->cancellable = g_cancellable_new ();
  return job;
}

/* Sends @method @path with @body (may be NULL), or joins the same request already queued or
 * running; @source_tag tells the finish functions apart. The answer is a JsonObject. */
static void
request_async (BsPanelData         *self,
               const char          *method,
               const char          *path,
               JsonNode            *body,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autofree char *body_text = body != NULL ? json_to_string (body, FALSE) : NULL;
  g_autofree char *key = g_strdup_printf ("%s %s %s", method, path,
                                          body_text != NULL ? body_text : "");
  Waiter *waiter;
  Job *job;

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter->task, source_tag);

  job = g_hash_table_lookup (self->jobs, key);
  /* A job whose callers all left is being cancelled: it cannot serve a new one. */
  if (job != NULL && g_cancellable_is_cancelled (job->cancellable))
    {
      forget_job (self, job);
      job = NULL;
    }
  if (job == NULL)
    {
      job = job_new (method, path, body, key);
      g_hash_table_insert (self->jobs, job->key, job);
      g_queue_push_tail (&self->queue, job);
    }
  g_ptr_array_add (job->waiters, waiter);
  if (cancellable != NULL)
    waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                             self, NULL);
  pump (self);
}

void
bs_panel_data_run_async (BsPanelData         *self,
                         const BsQuery       *query,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (BS_IS_PANEL_DATA (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_value (builder, bs_query_to_json (query));
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, BS_PANEL_DATA_ROW_LIMIT);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  request_async (self, "POST", "query", body, bs_panel_data_run_async, cancellable, callback,
                 user_data);
}

JsonObject *
bs_panel_data_run_finish (BsPanelData   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BS_IS_PANEL_DATA (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Prometheus panels and variables */

G_DEFINE_QUARK (bs-panel-data-error-quark, bs_panel_data_error)

/* A run that first needs the Prometheus source: @then runs with its id once the sources are
 * read (a list shared by every panel asking at the same time), and takes its own references
 * to the task. The sources are read afresh for each run, so that a source added while a
 * dashboard is open is used at its next refresh. */
typedef void (*WithSourceFunc) (GTask *task,
                                gint64 source_id);

typedef struct
{
  GTask          *task;
  WithSourceFunc  then;
  char           *datasource;
} SourceLookup;

static void
sources_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SourceLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *items;
  gint64 id = 0;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  items = answer != NULL ? json_object_get_member (answer, "items") : NULL;
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    id = bs_promql_choose_source (json_node_get_array (items), lookup->datasource);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (id == 0)
    g_task_return_new_error (task, BS_PANEL_DATA_ERROR, BS_PANEL_DATA_ERROR_NO_SOURCE,
                             _("There is no Prometheus data source to run this on."));
  else
    lookup->then (task, id);
  g_free (lookup->datasource);
  g_free (lookup);
}

static void
with_source (BsPanelData    *self,
             GTask          *task,
             const char     *datasource,
             WithSourceFunc  then)
{
  SourceLookup *lookup = g_new0 (SourceLookup, 1);

  lookup->task = task;
  lookup->then = then;
  lookup->datasource = g_strdup (datasource);
  request_async (self, "GET", "datasources", NULL, with_source,
                 g_task_get_cancellable (task), sources_cb, lookup);
}

/* The targets of one panel, each a request of its own, merged when the last answers. */
typedef struct
{
  BsPromqlRequest *request;
  GPtrArray       *frames;    /* JsonObject*, one per target; NULL until it answers */
  guint            pending;
  GError          *error;     /* the first failure */
} PromqlRun;

typedef struct
{
  GTask *task;
  guint  index;
} TargetRun;

/* For a frame slot that may still be empty when a run fails. */
static void
frame_unref (gpointer frame)
{
  if (frame != NULL)
    json_object_unref (frame);
}

static void
promql_run_free (gpointer data)
{
  PromqlRun *run = data;

  bs_promql_request_free (run->request);
  g_ptr_array_unref (run->frames);
  g_clear_error (&run->error);
  g_free (run);
}

static void
target_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TargetRun *target = user_data;
  g_autoptr(GTask) task = target->task;
  PromqlRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonObject *frame;

  frame = g_task_propagate_pointer (G_TASK (result), &error);
  if (frame != NULL)
    g_ptr_array_index (run->frames, target->index) = frame;
  else if (run->error == NULL)
    run->error = g_steal_pointer (&error);
  g_free (target);

  if (--run->pending > 0)
    return;
  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    {
      JsonObject *merged = bs_promql_panel_frame (run->request, run->frames, &error);

      if (merged != NULL)
        g_task_return_pointer (task, merged, (GDestroyNotify) json_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
}

static void
run_targets (GTask  *task,
             gint64  source_id)
{
  BsPanelData *self = g_task_get_source_object (task);
  PromqlRun *run = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/promql",
                                           source_id);

  run->pending = run->request->targets->len;
  for (guint i = 0; i < run->request->targets->len; i++)
    {
      g_autoptr(JsonNode) body = bs_promql_request_body (run->request, i);
      TargetRun *target = g_new0 (TargetRun, 1);

      target->task = g_object_ref (task);
      target->index = i;
      request_async (self, "POST", path, body, run_targets, g_task_get_cancellable (task),
                     target_cb, target);
    }
}

void
bs_panel_data_run_promql_async (BsPanelData         *self,
                                BsPromqlRequest     *request,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  PromqlRun *run;
  GTask *task;

  g_return_if_fail (BS_IS_PANEL_DATA (self));
  g_return_if_fail (request != NULL && request->targets->len > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (PromqlRun, 1);
  run->request = request;
  run->frames = g_ptr_array_new_with_free_func (frame_unref);
  g_ptr_array_set_size (run->frames, request->targets->len);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_panel_data_run_promql_async);
  g_task_set_task_data (task, run, promql_run_free);
  with_source (self, task, request->datasource, run_targets);
}

typedef struct
{
  char *selector;
  char *label;
} LabelQuestion;

static void
label_question_free (gpointer data)
{
  LabelQuestion *question = data;

  g_free (question->selector);
  g_free (question->label);
  g_free (question);
}

static void
label_values_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *values;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  values = json_object_get_member (answer, "values");
  if (values == NULL || !JSON_NODE_HOLDS_ARRAY (values))
    g_task_return_new_error (task, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                             _("The engine’s answer was not understood."));
  else
    g_task_return_pointer (task, json_array_ref (json_node_get_array (values)),
                           (GDestroyNotify) json_array_unref);
}

static void
ask_label_values (GTask  *task,
                  gint64  source_id)
{
  BsPanelData *self = g_task_get_source_object (task);
  LabelQuestion *question = g_task_get_task_data (task);
  g_autofree char *label = g_uri_escape_string (question->label, NULL, FALSE);
  g_autofree char *selector = question->selector != NULL
                              ? g_uri_escape_string (question->selector, NULL, FALSE) : NULL;
  g_autofree char *path = NULL;

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/label-values?label=%s%s%s",
                          source_id, label, selector != NULL ? "&match=" : "",
                          selector != NULL ? selector : "");
  request_async (self, "GET", path, NULL, ask_label_values, g_task_get_cancellable (task),
                 label_values_cb, g_object_ref (task));
}

void
bs_panel_data_label_values_async (BsPanelData         *self,
                                  const char          *datasource,
                                  const char          *selector,
                                  const char          *label,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  LabelQuestion *question;
  GTask *task;

  g_return_if_fail (BS_IS_PANEL_DATA (self));
  g_return_if_fail (label != NULL);

  question = g_new0 (LabelQuestion, 1);
  question->selector = g_strdup (selector);
  question->label = g_strdup (label);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_panel_data_label_values_async);
  g_task_set_task_data (task, question, label_question_free);
  with_source (self, task, datasource, ask_label_values);
}

JsonArray *
bs_panel_data_label_values_finish (BsPanelData   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
bs_panel_data_get_n_requests (BsPanelData *self)
{
  g_return_val_if_fail (BS_IS_PANEL_DATA (self), 0);

  return self->n_requests;
}

/* GObject */

static void
bs_panel_data_finalize (GObject *object)
{
  BsPanelData *self = BS_PANEL_DATA (object);

  /* Every job holds a task, and every task this object: none can be left here. */
  g_assert (g_hash_table_size (self->jobs) == 0);
  g_hash_table_unref (self->jobs);
  g_clear_object (&self->client);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->sweep_lock);

  G_OBJECT_CLASS (bs_panel_data_parent_class)->finalize (object);
}

static void
bs_panel_data_class_init (BsPanelDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_panel_data_finalize;
}

static void
bs_panel_data_init (BsPanelData *self)
{
  self->jobs = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->queue);
  g_mutex_init (&self->sweep_lock);
  self->context = g_main_context_ref_thread_default ();
}

BsPanelData *
bs_panel_data_new (BsEngineClient *client)
{
  BsPanelData *self;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);

  self = g_object_new (BS_TYPE_PANEL_DATA, NULL);
  self->client = g_object_ref (client);
  return self;
}
