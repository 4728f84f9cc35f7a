#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-profile.h"

struct _BsProfile
{
  GObject         parent_instance;

  BsEngineClient *client;
  JsonNode       *catalog;      /* GET personas */
  JsonObject     *preferences;  /* GET users/me/preferences */
  /* PUTs wait their turn: answers to concurrent ones could arrive in any order, and the
   * last to arrive would win whether or not the engine applied it last. */
  GQueue          updates;
  gboolean        updating;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsProfile, bs_profile, G_TYPE_OBJECT)

/* The next steps this build can carry out; connecting Grafana appears once publishing to
 * an instance works, since that is what its step promises. */
static const char * const working_steps[] = {
  "demo-data", "import-file", "connect-prometheus", NULL
};

static void
bs_profile_dispose (GObject *object)
{
  BsProfile *self = BS_PROFILE (object);

  g_clear_object (&self->client);
  g_queue_clear_full (&self->updates, g_object_unref);
  g_clear_pointer (&self->catalog, json_node_unref);
  g_clear_pointer (&self->preferences, json_object_unref);

  G_OBJECT_CLASS (bs_profile_parent_class)->dispose (object);
}

static void
bs_profile_class_init (BsProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_profile_dispose;

  /**
   * BsProfile::changed:
   *
   * The choices or the catalog changed: whatever follows them lays itself out again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bs_profile_init (BsProfile *self)
{
}

BsProfile *
bs_profile_new (void)
{
  return g_object_new (BS_TYPE_PROFILE, NULL);
}

/* --- loading ----------------------------------------------------------------------------- */

static gboolean
is_object_with_array (JsonNode   *node,
                      const char *member)
{
  JsonNode *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  array = json_object_get_member (json_node_get_object (node), member);

  return array != NULL && JSON_NODE_HOLDS_ARRAY (array);
}

static void
return_protocol_error (GTask      *task,
                       const char *what)
{
  g_task_return_new_error (task, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                           /* Translators: %s is “the personas” or “your profile”. */
                           _("The engine described %s in a way this version of Business "
                             "Studio does not understand. Update Business Studio and the "
                             "Business Engine together."),
                           what);
}

static void
preferences_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsProfile *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (root == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      return_protocol_error (task, _("your profile"));
      return;
    }

  g_clear_pointer (&self->preferences, json_object_unref);
  self->preferences = json_object_ref (json_node_get_object (root));
  self->catalog = g_task_get_task_data (task)
                  ? json_node_ref (g_task_get_task_data (task)) : NULL;
  g_signal_emit (self, signals[CHANGED], 0);
  g_task_return_boolean (task, TRUE);
}

static void
catalog_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    {
      /* An engine without personas: the Studio works as before, without onboarding. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!is_object_with_array (root, "personas") || !is_object_with_array (root, "skill_levels"))
    {
      return_protocol_error (task, _("the personas"));
      return;
    }

  g_task_set_task_data (task, json_node_ref (root), (GDestroyNotify) json_node_unref);
  bs_engine_client_request_async (BS_ENGINE_CLIENT (source), "GET", "users/me/preferences",
                                  NULL, g_task_get_cancellable (task),
                                  preferences_loaded_cb, g_object_ref (task));
}

void
bs_profile_load_async (BsProfile           *self,
                       BsEngineClient      *client,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BS_IS_PROFILE (self));
  g_return_if_fail (BS_IS_ENGINE_CLIENT (client));

  g_set_object (&self->client, client);
  g_clear_pointer (&self->catalog, json_node_unref);
  g_clear_pointer (&self->preferences, json_object_unref);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_profile_load_async);
  bs_engine_client_request_async (client, "GET", "personas", NULL, cancellable,
                                  catalog_loaded_cb, g_steal_pointer (&task));
}

gboolean
bs_profile_load_finish (BsProfile     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
bs_profile_is_available (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), FALSE);

  return self->catalog != NULL && self->preferences != NULL;
}

/* --- the choices ------------------------------------------------------------------------- */

static const char *
preference (BsProfile  *self,
            const char *name)
{
  JsonNode *node;

  if (self->preferences == NULL)
    return NULL;
  node = json_object_get_member (self->preferences, name);
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

const char *
bs_profile_get_persona (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  return preference (self, "persona");
}

const char *
bs_profile_get_sub_persona (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  return preference (self, "sub_persona");
}

const char *
bs_profile_get_skill_level (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  return preference (self, "skill_level");
}

gboolean
bs_profile_get_record_events (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), FALSE);

  if (self->preferences == NULL)
    return FALSE;

  return json_object_get_boolean_member_with_default (self->preferences, "record_events", TRUE);
}

static JsonArray *
catalog_array (BsProfile  *self,
               const char *name)
{
  if (self->catalog == NULL)
    return NULL;

  return json_object_get_array_member (json_node_get_object (self->catalog), name);
}

static JsonObject *
find_by_id (JsonArray  *array,
            const char *id)
{
  guint n = array ? json_array_get_length (array) : 0;

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (object != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "id", NULL), id) == 0)
        return object;
    }

  return NULL;
}

BsProfileVerbosity
bs_profile_get_verbosity (BsProfile *self)
{
  JsonObject *level;
  const char *verbosity;

  g_return_val_if_fail (BS_IS_PROFILE (self), BS_PROFILE_VERBOSITY_BALANCED);

  level = find_by_id (catalog_array (self, "skill_levels"), bs_profile_get_skill_level (self));
  verbosity = level ? json_object_get_string_member_with_default (level, "verbosity", NULL)
                    : NULL;

  if (g_strcmp0 (verbosity, "step-by-step") == 0)
    return BS_PROFILE_VERBOSITY_STEP_BY_STEP;
  if (g_strcmp0 (verbosity, "minimal") == 0)
    return BS_PROFILE_VERBOSITY_MINIMAL;

  return BS_PROFILE_VERBOSITY_BALANCED;
}

JsonArray *
bs_profile_get_personas (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  return catalog_array (self, "personas");
}

JsonArray *
bs_profile_get_skill_levels (BsProfile *self)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  return catalog_array (self, "skill_levels");
}

JsonObject *
bs_profile_find_persona (BsProfile  *self,
                         const char *id)
{
  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  return find_by_id (catalog_array (self, "personas"), id);
}

/* --- what the choices change ------------------------------------------------------------- */

static JsonArray *
persona_array (BsProfile  *self,
               const char *member)
{
  JsonObject *persona = bs_profile_find_persona (self, bs_profile_get_persona (self));
  JsonNode *node = persona ? json_object_get_member (persona, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char **
bs_profile_order_workbenches (BsProfile          *self,
                              const char * const *available)
{
  JsonArray *navigation;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  guint n;

  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);
  g_return_val_if_fail (available != NULL, NULL);

  navigation = persona_array (self, "navigation");
  n = navigation ? json_array_get_length (navigation) : 0;
  builder = g_strv_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      const char *id = json_array_get_string_element (navigation, i);

      if (id != NULL && g_strv_contains (available, id) &&
          !g_ptr_array_find_with_equal_func (added, id, g_str_equal, NULL))
        {
          g_strv_builder_add (builder, id);
          g_ptr_array_add (added, (gpointer) id);
        }
    }
  for (guint i = 0; available[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (added, available[i], g_str_equal, NULL))
      g_strv_builder_add (builder, available[i]);

  return g_strv_builder_end (builder);
}

const char *
bs_profile_pick_workbench (BsProfile          *self,
                           const char * const *available)
{
  JsonObject *persona;
  const char *preferred;
  g_auto(GStrv) ordered = NULL;

  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);
  g_return_val_if_fail (available != NULL, NULL);

  persona = bs_profile_find_persona (self, bs_profile_get_persona (self));
  if (persona == NULL)
    return NULL;

  preferred = json_object_get_string_member_with_default (persona, "default_workbench", NULL);
  for (guint i = 0; available[i] != NULL; i++)
    if (g_strcmp0 (available[i], preferred) == 0)
      return available[i];

  ordered = bs_profile_order_workbenches (self, available);
  for (guint i = 0; available[i] != NULL; i++)
    if (ordered[0] != NULL && g_str_equal (available[i], ordered[0]))
      return available[i];

  return NULL;
}

JsonArray *
bs_profile_get_next_steps (BsProfile *self)
{
  JsonArray *steps;
  JsonArray *working;
  guint n;

  g_return_val_if_fail (BS_IS_PROFILE (self), NULL);

  steps = persona_array (self, "next_steps");
  if (steps == NULL)
    return NULL;

  working = json_array_new ();
  n = json_array_get_length (steps);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      JsonObject *step = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = step ? json_object_get_string_member_with_default (step, "id", NULL)
                            : NULL;

      if (id != NULL && g_strv_contains (working_steps, id))
        json_array_add_element (working, json_node_copy (node));
    }

  return working;
}

/* --- changing them ----------------------------------------------------------------------- */

static void send_next_update (BsProfile *self);

static void
updated_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(BsProfile) self = g_object_ref (g_task_get_source_object (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  self->updating = FALSE;
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return_protocol_error (task, _("your profile"));
  else
    {
      g_clear_pointer (&self->preferences, json_object_unref);
      self->preferences = json_object_ref (json_node_get_object (root));
      g_signal_emit (self, signals[CHANGED], 0);
      g_task_return_boolean (task, TRUE);
    }

  send_next_update (self);
}

static void
send_next_update (BsProfile *self)
{
  GTask *task;

  if (self->updating || (task = g_queue_pop_head (&self->updates)) == NULL)
    return;

  self->updating = TRUE;
  bs_engine_client_request_async (self->client, "PUT", "users/me/preferences",
                                  g_task_get_task_data (task), g_task_get_cancellable (task),
                                  updated_cb, task);
}

static GTask *
new_engine_task (BsProfile           *self,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->client == NULL)
    {
      g_task_return_new_error (task, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE,
                               _("Business Studio is not connected to the Business Engine."));
      g_clear_object (&task);
    }

  return task;
}

void
bs_profile_update_async (BsProfile           *self,
                         JsonObject          *changes,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (BS_IS_PROFILE (self));
  g_return_if_fail (changes != NULL);

  task = new_engine_task (self, bs_profile_update_async, cancellable, callback, user_data);
  if (task == NULL)
    return;

  body = json_node_init_object (json_node_alloc (), changes);
  g_task_set_task_data (task, g_steal_pointer (&body), (GDestroyNotify) json_node_unref);
  g_queue_push_tail (&self->updates, task);
  send_next_update (self);
}

gboolean
bs_profile_update_finish (BsProfile     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- events ------------------------------------------------------------------------------ */

static void
event_recorded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (error != NULL)
    g_message ("Could not record an onboarding event: %s", error->message);
}

void
bs_profile_record_event (BsProfile  *self,
                         const char *kind,
                         const char *persona)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (BS_IS_PROFILE (self));
  g_return_if_fail (kind != NULL);

  if (self->client == NULL || !bs_profile_get_record_events (self))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  if (persona != NULL)
    {
      json_builder_set_member_name (builder, "persona");
      json_builder_add_string_value (builder, persona);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  bs_engine_client_request_async (self->client, "POST", "events", body, NULL,
                                  event_recorded_cb, NULL);
}

static void
events_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 deleted = 0;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    deleted = json_object_get_int_member_with_default (json_node_get_object (root),
                                                       "deleted", 0);

  g_task_return_int (task, deleted);
}

void
bs_profile_clear_events_async (BsProfile           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (BS_IS_PROFILE (self));

  task = new_engine_task (self, bs_profile_clear_events_async, cancellable, callback,
                          user_data);
  if (task == NULL)
    return;

  bs_engine_client_request_async (self->client, "DELETE", "events?prefix=onboarding.", NULL,
                                  cancellable, events_cleared_cb, task);
}

gboolean
bs_profile_clear_events_finish (BsProfile     *self,
                                GAsyncResult  *result,
                                gint64        *n_deleted,
                                GError       **error)
{
  gint64 deleted;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  deleted = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (n_deleted != NULL)
    *n_deleted = deleted;

  return TRUE;
}
