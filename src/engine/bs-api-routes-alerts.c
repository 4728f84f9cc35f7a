/* bs-api-routes-alerts.c — alert rules, their preview, history and notifications, and the
 * alerts (series that are not Normal).
 *
 * Who may do what: viewers see shared rules and their own personal ones, and create,
 * change, pause and delete only personal rules they own; editors and admins see and change
 * all. A rule the caller may not see answers 404 (its existence is not told), one they may
 * see but not change 403.
 */
#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-alert-preview.h"
#include "bs-alert-store.h"
#include "bs-api-routes-alerts-private.h"
#include "bs-api-routes-private.h"
#include "bs-api-secrets.h"
#include "bs-data-source.h"
#include "bs-engine-change.h"
#include "bs-engine-data-sources.h"
#include "bs-notification-outbox.h"
#include "bs-source-runner.h"

#define DEFAULT_HISTORY_LIMIT 100
#define MAX_HISTORY_LIMIT     1000

/* Who is asking */

gint64
bs_api_alerts_caller_token_id (BsApiRequest *request)
{
  const BsApiToken *token = bs_api_request_get_token (request);

  return token != NULL ? token->id : 0;
}

static gboolean
is_privileged (BsApiRequest *request)
{
  return bs_api_request_get_role (request) >= BS_ROLE_EDITOR;
}

static gboolean
may_see (BsApiRequest      *request,
         const BsAlertRule *rule,
         gint64             caller)
{
  return is_privileged (request) || rule->visibility == BS_ALERT_VISIBILITY_SHARED ||
         (caller != 0 && rule->owner_token_id == caller);
}

static gboolean
may_change (BsApiRequest      *request,
            const BsAlertRule *rule,
            gint64             caller)
{
  return is_privileged (request) ||
         (rule->visibility == BS_ALERT_VISIBILITY_PERSONAL && caller != 0 &&
          rule->owner_token_id == caller);
}

/* Errors */

/* The status of a failure of the alert modules. */
guint
bs_api_alerts_status_for_error (const GError *error)
{
  if (error->domain == BS_ALERT_RULE_ERROR || error->domain == BS_QUERY_ERROR ||
      error->domain == BS_ALERT_SILENCE_ERROR || error->domain == BS_CONTACT_POINT_ERROR)
    return SOUP_STATUS_BAD_REQUEST;
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
    return SOUP_STATUS_CONFLICT;
  return bs_api_status_for_error (error);
}

/* A failure of the engine itself is logged and worded by bs_api_request_respond_gerror ();
 * any other is the caller's, and its message says what to do. */
static void
respond_error_status (BsApiRequest *request,
                      guint         status,
                      const GError *error)
{
  if (status >= 500)
    bs_api_request_respond_gerror (request, error);
  else
    bs_api_request_respond_error (request, status, "%s", error->message);
}

void
bs_api_alerts_respond_gerror (BsApiRequest *request,
                              const GError *error)
{
  respond_error_status (request, bs_api_alerts_status_for_error (error), error);
}

/* Looking a rule up */

/* Answers 404 (also for a rule the caller may not see) and returns NULL. */
static BsAlertRule *
lookup_visible_rule (BsApiRequest *request,
                     gint64        id,
                     gint64        caller,
                     GError      **error)
{
  g_autoptr(BsAlertRule) rule = NULL;

  if (!(rule = bs_alert_store_get_rule (bs_api_request_get_store (request), id, error)))
    return NULL;
  if (!may_see (request, rule, caller))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                   "There is no alert rule with id %" G_GINT64_FORMAT " in this workspace", id);
      return NULL;
    }
  return g_steal_pointer (&rule);
}

static BsAlertRule *
lookup_rule_param (BsApiRequest *request,
                   gint64        caller)
{
  g_autoptr(GError) error = NULL;
  BsAlertRule *rule;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "alert rule", &id))
    return NULL;
  if (!(rule = lookup_visible_rule (request, id, caller, &error)))
    bs_api_alerts_respond_gerror (request, error);
  return rule;
}

/* Status of a rule from its series */

typedef struct
{
  guint firing;
  guint pending;
  guint series;
  guint errors;
  guint no_data;
} Counts;

static void
count_instance (Counts                *counts,
                const BsAlertInstance *instance)
{
  counts->series++;
  if (bs_alert_state_is_firing (instance->info.state))
    counts->firing++;
  else if (instance->info.state == BS_ALERT_STATE_PENDING)
    counts->pending++;
  else if (instance->info.state == BS_ALERT_STATE_ERROR)
    counts->errors++;
  else if (instance->info.state == BS_ALERT_STATE_NO_DATA)
    counts->no_data++;
}

static const char *
status_state (const BsAlertRule *rule,
              const Counts      *counts)
{
  if (rule->paused)
    return "paused";
  if (counts->firing > 0)
    return "firing";
  if (counts->pending > 0)
    return "pending";
  if (counts->errors > 0)
    return "error";
  if (counts->no_data > 0)
    return "no-data";
  return "normal";
}

static void
add_usec_time (JsonObject *object,
               const char *member,
               gint64      usec)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (usec <= 0)
    {
      json_object_set_null_member (object, member);
      return;
    }
  time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  text = bs_store_format_iso8601 (time);
  json_object_set_string_member (object, member, text);
}

static JsonNode *
status_to_json (const BsAlertRule    *rule,
                const Counts         *counts,
                const BsAlertRuleRun *run)
{
  JsonObject *status = json_object_new ();

  json_object_set_string_member (status, "state", status_state (rule, counts));
  json_object_set_int_member (status, "firing", counts->firing);
  json_object_set_int_member (status, "pending", counts->pending);
  json_object_set_int_member (status, "series", counts->series);
  add_usec_time (status, "last_evaluated_at", run != NULL ? run->last_evaluated_at : 0);
  if (run != NULL)
    json_object_set_double_member (status, "last_duration_ms", run->last_duration_ms);
  else
    json_object_set_null_member (status, "last_duration_ms");
  if (run != NULL && run->last_error != NULL)
    json_object_set_string_member (status, "last_error", run->last_error);
  else
    json_object_set_null_member (status, "last_error");
  return json_node_init_object (json_node_alloc (), status);
}

static void
set_value_member (JsonObject *object,
                  const char *member,
                  double      value)
{
  if (isnan (value) || isinf (value))
    json_object_set_null_member (object, member);
  else
    json_object_set_double_member (object, member, value);
}

static JsonNode *
instance_to_json (const BsAlertInstance *instance)
{
  JsonObject *object = json_object_new ();
  const char *reason = bs_alert_reason_to_string (instance->info.reason);

  json_object_set_string_member (object, "series_key", instance->series_key);
  json_object_set_object_member (object, "labels", json_object_ref (instance->labels));
  json_object_set_string_member (object, "state",
                                 bs_alert_state_to_string (instance->info.state));
  if (reason != NULL)
    json_object_set_string_member (object, "reason", reason);
  else
    json_object_set_null_member (object, "reason");
  set_value_member (object, "value", instance->value);
  add_usec_time (object, "started_at", instance->info.started_at);
  add_usec_time (object, "last_eval_at", instance->info.last_eval_at);
  if (instance->error != NULL)
    json_object_set_string_member (object, "error", instance->error);
  else
    json_object_set_null_member (object, "error");
  return json_node_init_object (json_node_alloc (), object);
}

/* Everything the answers about rules need, read once per request. */
typedef struct
{
  GPtrArray  *instances;   /* BsAlertInstance* of every rule */
  GArray     *rule_ids;    /* parallel: the rule of each */
  GPtrArray  *runs;        /* BsAlertRuleRun* */
} RuleStates;

static void
rule_states_clear (RuleStates *states)
{
  g_clear_pointer (&states->instances, g_ptr_array_unref);
  g_clear_pointer (&states->rule_ids, g_array_unref);
  g_clear_pointer (&states->runs, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RuleStates, rule_states_clear)

static gboolean
read_states (BsStore     *store,
             gint64       rule_id,
             RuleStates  *states,
             GError     **error)
{
  states->instances = bs_alert_store_list_instances (store, rule_id, &states->rule_ids, error);
  if (states->instances == NULL)
    return FALSE;
  states->runs = bs_alert_store_list_runs (store, error);
  return states->runs != NULL;
}

static const BsAlertRuleRun *
find_run (const RuleStates *states,
          gint64            rule_id)
{
  for (guint i = 0; i < states->runs->len; i++)
    {
      const BsAlertRuleRun *run = g_ptr_array_index (states->runs, i);

      if (run->rule_id == rule_id)
        return run;
    }
  return NULL;
}

static JsonNode *
rule_to_json (const BsAlertRule *rule,
              const RuleStates  *states,
              gboolean           with_instances)
{
  JsonNode *node = bs_alert_rule_to_json (rule);
  JsonObject *object = json_node_get_object (node);
  JsonArray *instances = json_array_new ();
  Counts counts = { 0, };

  for (guint i = 0; i < states->instances->len; i++)
    {
      const BsAlertInstance *instance = g_ptr_array_index (states->instances, i);

      if (g_array_index (states->rule_ids, gint64, i) != rule->id)
        continue;
      count_instance (&counts, instance);
      if (with_instances)
        json_array_add_element (instances, instance_to_json (instance));
    }

  json_object_set_member (object, "status", status_to_json (rule, &counts,
                                                            find_run (states, rule->id)));
  if (with_instances)
    json_object_set_array_member (object, "instances", instances);
  else
    json_array_unref (instances);
  return node;
}

static void
respond_rule (BsApiRequest      *request,
              const BsAlertRule *rule,
              guint              status,
              gboolean           with_instances)
{
  g_auto(RuleStates) states = { NULL, };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_states (bs_api_request_get_store (request), rule->id, &states, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }
  node = rule_to_json (rule, &states, with_instances);
  bs_api_request_respond_json (request, status, node);
}

/* GET rules */

static gboolean
rule_has_label (const BsAlertRule *rule,
                const char        *filter)
{
  g_auto(GStrv) parts = g_strsplit (filter, "=", 2);
  const char *value;

  value = g_hash_table_lookup (rule->labels, parts[0]);
  if (value == NULL)
    return FALSE;
  return parts[1] == NULL || g_str_equal (value, parts[1]);
}

static gboolean
rule_is_listed (BsApiRequest      *request,
                const BsAlertRule *rule,
                JsonNode          *node,
                gint64             caller)
{
  const char *state = bs_api_request_get_query (request, "state");
  const char *label = bs_api_request_get_query (request, "label");
  const char *owner = bs_api_request_get_query (request, "owner");
  JsonObject *status;

  if (!may_see (request, rule, caller))
    return FALSE;
  if (label != NULL && !rule_has_label (rule, label))
    return FALSE;
  if (owner != NULL && g_strcmp0 (rule->owner_name, owner) != 0)
    return FALSE;
  status = json_object_get_object_member (json_node_get_object (node), "status");
  return state == NULL || g_str_equal (json_object_get_string_member (status, "state"), state);
}

static gint
compare_titles (gconstpointer a,
                gconstpointer b)
{
  JsonObject *rule_a = json_node_get_object (*(JsonNode **) a);
  JsonObject *rule_b = json_node_get_object (*(JsonNode **) b);
  g_autofree char *key_a = g_utf8_collate_key (json_object_get_string_member (rule_a, "title"),
                                               -1);
  g_autofree char *key_b = g_utf8_collate_key (json_object_get_string_member (rule_b, "title"),
                                               -1);
  gint order = strcmp (key_a, key_b);

  if (order != 0)
    return order;
  return json_object_get_int_member (rule_a, "id") < json_object_get_int_member (rule_b, "id")
         ? -1 : 1;
}

static gboolean
check_state_filter (BsApiRequest *request)
{
  const char * const states[] = { "firing", "pending", "normal", "no-data", "error", "paused",
                                  NULL };
  const char *state = bs_api_request_get_query (request, "state");

  if (state == NULL || g_strv_contains (states, state))
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "“state” must be one of firing, pending, normal, no-data, "
                                "error or paused, not “%s”", state);
  return FALSE;
}

void
bs_api_routes_list_rules (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  gint64 caller = bs_api_alerts_caller_token_id (request);
  g_auto(RuleStates) states = { NULL, };
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;

  if (!check_state_filter (request))
    return;
  if (!(rules = bs_alert_store_list_rules (store, &error)) ||
      !read_states (store, 0, &states, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  for (guint i = 0; i < rules->len; i++)
    {
      const BsAlertRule *rule = g_ptr_array_index (rules, i);
      JsonNode *node = rule_to_json (rule, &states, FALSE);

      if (rule_is_listed (request, rule, node, caller))
        g_ptr_array_add (nodes, node);
      else
        json_node_unref (node);
    }
  g_ptr_array_sort (nodes, compare_titles);

  items = json_array_new ();
  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (items, json_node_ref (g_ptr_array_index (nodes, i)));
  root = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_array_member (json_node_get_object (root), "items", items);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

void
bs_api_routes_get_rule (BsApiRequest *request)
{
  g_autoptr(BsAlertRule) rule = lookup_rule_param (request,
                                                   bs_api_alerts_caller_token_id (request));

  if (rule != NULL)
    respond_rule (request, rule, SOUP_STATUS_OK, TRUE);
}

/* Reading a rule from a body */

/* Answers 400 naming the field and returns NULL. @prefix ("rule.") goes before the field
 * the rule module named, for a rule nested in the body. */
static BsAlertRule *
parse_rule (BsApiRequest *request,
            JsonNode     *node,
            const char   *prefix)
{
  g_autoptr(GError) error = NULL;
  BsAlertRule *rule;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “%s” must be an alert rule (an object)",
                                    prefix != NULL ? "rule" : "body");
      return NULL;
    }
  if ((rule = bs_alert_rule_from_json (node, &error)) != NULL)
    return rule;

  /* The rule module names its fields "the field “…”"; nested in the body they are
   * "rule.…". */
  if (prefix != NULL && strstr (error->message, "field “") != NULL)
    {
      g_autoptr(GString) message = g_string_new (error->message);
      g_autofree char *with_prefix = g_strconcat ("field “", prefix, NULL);

      g_string_replace (message, "field “", with_prefix, 0);
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", message->str);
      return NULL;
    }
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  return NULL;
}

static JsonNode *
body_node (BsApiRequest *request)
{
  JsonObject *body = bs_api_request_get_body (request);

  if (body == NULL)
    return NULL;
  return json_node_init_object (json_node_alloc (), body);
}

/* A viewer's rule is personal: sharing it is an editor's decision. */
static gboolean
check_visibility (BsApiRequest      *request,
                  const BsAlertRule *rule)
{
  if (is_privileged (request) || rule->visibility == BS_ALERT_VISIBILITY_PERSONAL)
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_FORBIDDEN,
                                "The field “visibility” can be “shared” only with the editor "
                                "role; your token has the viewer role, so keep the rule "
                                "“personal”");
  return FALSE;
}

static gboolean
check_owner_known (BsApiRequest *request,
                   gint64        caller)
{
  if (is_privileged (request) || caller != 0)
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_FORBIDDEN,
                                "Several live tokens share this token's name and role, so "
                                "the engine cannot tell whose personal rule this is; give "
                                "each token a name of its own");
  return FALSE;
}

/* Events */

static JsonNode *
rule_event_detail (const BsAlertRule *rule)
{
  JsonObject *detail = json_object_new ();

  json_object_set_int_member (detail, "id", rule->id);
  json_object_set_string_member (detail, "uid", rule->uid);
  json_object_set_string_member (detail, "title", rule->title);
  json_object_set_string_member (detail, "visibility",
                                 bs_alert_visibility_to_string (rule->visibility));
  return json_node_init_object (json_node_alloc (), detail);
}

typedef enum
{
  RULE_INSERT,
  RULE_UPDATE,
  RULE_DELETE,
  RULE_PAUSE,
  RULE_RESUME,
} RuleChangeKind;

typedef struct
{
  RuleChangeKind  kind;
  BsAlertRule    *rule;
} RuleChange;

static JsonNode *
apply_rule_change (BsStore   *store,
                   gpointer   user_data,
                   GError   **error)
{
  RuleChange *change = user_data;
  gboolean ok = FALSE;

  switch (change->kind)
    {
    case RULE_INSERT:
      ok = bs_alert_store_insert_rule (store, change->rule, error);
      break;
    case RULE_UPDATE:
      ok = bs_alert_store_update_rule (store, change->rule, error);
      break;
    case RULE_DELETE:
      ok = bs_alert_store_delete_rule (store, change->rule->id, error);
      break;
    case RULE_PAUSE:
    case RULE_RESUME:
      change->rule->paused = change->kind == RULE_PAUSE;
      ok = bs_alert_store_set_paused (store, change->rule->id, change->rule->paused, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? rule_event_detail (change->rule) : NULL;
}

static gboolean
commit_rule_change (BsApiRequest    *request,
                    RuleChangeKind   kind,
                    BsAlertRule     *rule,
                    GError         **error)
{
  const char *events[] = { "rule.created", "rule.updated", "rule.deleted", "rule.paused",
                           "rule.resumed" };
  RuleChange change = { kind, rule };

  return bs_engine_change_commit (bs_api_request_get_store (request),
                                  bs_api_request_get_actor (request), events[kind],
                                  apply_rule_change, &change, error);
}

/* POST rules, PUT rules/{id}, DELETE rules/{id} */

/* The rule was found before the change, so a missing row now is what the rule points to
 * (query.source, contact_point_id, as the message says): the body's mistake. */
static guint
change_error_status (const GError *error)
{
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    return SOUP_STATUS_BAD_REQUEST;
  return bs_api_alerts_status_for_error (error);
}

static void
respond_change_error (BsApiRequest *request,
                      const GError *error)
{
  respond_error_status (request, change_error_status (error), error);
}

void
bs_api_routes_create_rule (BsApiRequest *request)
{
  gint64 caller = bs_api_alerts_caller_token_id (request);
  g_autoptr(JsonNode) body = body_node (request);
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(GError) error = NULL;

  if (!(rule = parse_rule (request, body, NULL)) ||
      !check_visibility (request, rule) ||
      !check_owner_known (request, caller))
    return;

  rule->owner_token_id = caller;
  g_free (rule->owner_name);
  rule->owner_name = g_strdup (bs_api_request_get_actor (request));
  if (!commit_rule_change (request, RULE_INSERT, rule, &error))
    {
      respond_change_error (request, error);
      return;
    }
  respond_rule (request, rule, SOUP_STATUS_CREATED, FALSE);
}

/* Answers and returns NULL unless the caller may see and change the rule {id}. */
static BsAlertRule *
lookup_changeable_rule (BsApiRequest *request,
                        gint64        caller)
{
  g_autoptr(BsAlertRule) rule = lookup_rule_param (request, caller);

  if (rule == NULL)
    return NULL;
  if (!may_change (request, rule, caller))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_FORBIDDEN,
                                    "This rule is shared: changing it needs the editor role; "
                                    "your token has the viewer role");
      return NULL;
    }
  return g_steal_pointer (&rule);
}

void
bs_api_routes_update_rule (BsApiRequest *request)
{
  gint64 caller = bs_api_alerts_caller_token_id (request);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(BsAlertRule) old = NULL;
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(GError) error = NULL;

  if (!(old = lookup_changeable_rule (request, caller)))
    return;
  body = body_node (request);
  if (!(rule = parse_rule (request, body, NULL)) ||
      !check_visibility (request, rule))
    return;

  rule->id = old->id;
  if (!json_object_has_member (bs_api_request_get_body (request), "uid"))
    {
      g_free (rule->uid);
      rule->uid = g_strdup (old->uid);
    }
  if (!commit_rule_change (request, RULE_UPDATE, rule, &error))
    {
      respond_change_error (request, error);
      return;
    }
  respond_rule (request, rule, SOUP_STATUS_OK, FALSE);
}

void
bs_api_routes_delete_rule (BsApiRequest *request)
{
  gint64 caller = bs_api_alerts_caller_token_id (request);
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(GError) error = NULL;

  if (!(rule = lookup_changeable_rule (request, caller)))
    return;
  if (!commit_rule_change (request, RULE_DELETE, rule, &error))
    bs_api_alerts_respond_gerror (request, error);
  else
    bs_api_request_respond_no_content (request);
}

/* POST rules/bulk */

typedef enum
{
  BULK_PAUSE,
  BULK_RESUME,
  BULK_DELETE,
  BULK_SET_LABEL,
  BULK_REMOVE_LABEL,
  BULK_SET_CONTACT_POINT,
} BulkAction;

typedef struct
{
  BulkAction  action;
  char       *label_name;
  char       *label_value;
  gint64      contact_point_id;
  gint64      caller;
} Bulk;

static void
bulk_clear (Bulk *bulk)
{
  g_clear_pointer (&bulk->label_name, g_free);
  g_clear_pointer (&bulk->label_value, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bulk, bulk_clear)

static gboolean
read_bulk_action (BsApiRequest *request,
                  Bulk         *bulk)
{
  const char * const actions[] = { "pause", "resume", "delete", "set-label", "remove-label",
                                   "set-contact-point", NULL };
  const char *action;

  if (!bs_api_request_get_string_field (request, "action", TRUE, &action))
    return FALSE;
  for (guint i = 0; actions[i] != NULL; i++)
    if (g_str_equal (actions[i], action))
      {
        bulk->action = i;
        return TRUE;
      }
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "The field “action” must be one of pause, resume, delete, "
                                "set-label, remove-label or set-contact-point, not “%s”",
                                action);
  return FALSE;
}

static gboolean
read_bulk_label (BsApiRequest *request,
                 Bulk         *bulk)
{
  JsonNode *node = json_object_get_member (bs_api_request_get_body (request), "label");
  JsonObject *label;
  JsonNode *name;
  JsonNode *value;

  if (bulk->action != BULK_SET_LABEL && bulk->action != BULK_REMOVE_LABEL)
    return TRUE;
  label = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  name = label != NULL ? json_object_get_member (label, "name") : NULL;
  value = label != NULL ? json_object_get_member (label, "value") : NULL;
  if (name == NULL || json_node_get_value_type (name) != G_TYPE_STRING)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “label.name” must be the name of a label");
      return FALSE;
    }
  if (bulk->action == BULK_SET_LABEL &&
      (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “label.value” must be a string");
      return FALSE;
    }
  bulk->label_name = g_strdup (json_node_get_string (name));
  bulk->label_value = value != NULL && json_node_get_value_type (value) == G_TYPE_STRING
                      ? g_strdup (json_node_get_string (value)) : NULL;
  return TRUE;
}

static gboolean
read_whole_number (JsonNode *node,
                   gint64   *out_value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_value = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_bulk_contact_point (BsApiRequest *request,
                         Bulk         *bulk)
{
  JsonNode *node = json_object_get_member (bs_api_request_get_body (request),
                                           "contact_point_id");

  if (bulk->action != BULK_SET_CONTACT_POINT)
    return TRUE;
  /* null takes the contact point away: the rules keep their states but tell nobody. */
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!read_whole_number (node, &bulk->contact_point_id) || bulk->contact_point_id < 1)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “contact_point_id” must be the id of a contact "
                                    "point, or null for none");
      return FALSE;
    }
  return TRUE;
}

static JsonArray *
read_bulk_ids (BsApiRequest *request)
{
  JsonNode *node = json_object_get_member (bs_api_request_get_body (request), "ids");
  JsonArray *ids = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                : NULL;
  gint64 id;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    if (!read_whole_number (json_array_get_element (ids, i), &id) || id < 1)
      {
        bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                      "The field “ids[%u]” must be the id of a rule", i);
        return NULL;
      }
  if (ids == NULL || json_array_get_length (ids) == 0)
    bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                  "The field “ids” must be a list of rule ids, at least one");
  return ids != NULL && json_array_get_length (ids) > 0 ? ids : NULL;
}

/* Makes one rule's change in its own transaction. */
static gboolean
apply_bulk (BsApiRequest *request,
            const Bulk   *bulk,
            BsAlertRule  *rule,
            GError      **error)
{
  switch (bulk->action)
    {
    case BULK_PAUSE:
      return commit_rule_change (request, RULE_PAUSE, rule, error);
    case BULK_RESUME:
      return commit_rule_change (request, RULE_RESUME, rule, error);
    case BULK_DELETE:
      return commit_rule_change (request, RULE_DELETE, rule, error);
    case BULK_SET_LABEL:
      g_hash_table_replace (rule->labels, g_strdup (bulk->label_name),
                            g_strdup (bulk->label_value));
      break;
    case BULK_REMOVE_LABEL:
      g_hash_table_remove (rule->labels, bulk->label_name);
      break;
    case BULK_SET_CONTACT_POINT:
      rule->contact_point_id = bulk->contact_point_id;
      break;
    default:
      g_assert_not_reached ();
    }
  return bs_alert_rule_validate (rule, error) &&
         commit_rule_change (request, RULE_UPDATE, rule, error);
}

static void
add_bulk_result (JsonBuilder *builder,
                 gint64       id,
                 const char  *code,
                 const char  *message)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, code == NULL);
  if (code != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
bulk_one (BsApiRequest *request,
          const Bulk   *bulk,
          gint64        id,
          JsonBuilder  *builder)
{
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = NULL;
  const char *code = NULL;

  if (!(rule = lookup_visible_rule (request, id, bulk->caller, &error)))
    {
      code = bs_api_error_code_for_status (bs_api_alerts_status_for_error (error));
      add_bulk_result (builder, id, code, error->message);
      return;
    }
  if (!may_change (request, rule, bulk->caller))
    {
      refusal = g_strdup_printf ("The rule “%s” is shared: changing it needs the editor role; "
                                 "your token has the viewer role", rule->title);
      add_bulk_result (builder, id, "forbidden", refusal);
      return;
    }
  if (!apply_bulk (request, bulk, rule, &error))
    {
      code = bs_api_error_code_for_status (change_error_status (error));
      add_bulk_result (builder, id, code, error->message);
      return;
    }
  add_bulk_result (builder, id, NULL, NULL);
}

void
bs_api_routes_bulk_rules (BsApiRequest *request)
{
  g_auto(Bulk) bulk = { 0, };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *ids;

  if (!read_bulk_action (request, &bulk) ||
      !read_bulk_label (request, &bulk) ||
      !read_bulk_contact_point (request, &bulk) ||
      !(ids = read_bulk_ids (request)))
    return;

  bulk.caller = bs_api_alerts_caller_token_id (request);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (ids); i++)
    bulk_one (request, &bulk, json_array_get_int_element (ids, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

/* POST rules/preview */

typedef struct
{
  BsSourceSpec *spec;
  BsAlertRule  *rule;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  bs_source_spec_free (job->spec);
  bs_alert_rule_free (job->rule);
  g_free (job);
}

/* A failure of Prometheus or Grafana is theirs (502); of a local file, the engine's. */
static gboolean
is_remote (const BsSourceSpec *spec)
{
  return g_strcmp0 (spec->kind, "prometheus") == 0 || g_strcmp0 (spec->kind, "grafana") == 0;
}

static JsonNode *
run_preview (gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  PreviewJob *job = data;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return bs_alert_preview_run (job->spec, job->rule, tz, now, cancellable, error);
}

static void
preview_done (BsApiRequest *request,
              JsonNode     *result,
              const GError *error,
              gpointer      data)
{
  if (error == NULL)
    bs_api_request_respond_json (request, SOUP_STATUS_OK, result);
  else if (error->domain == BS_QUERY_ERROR && error->code != BS_QUERY_ERROR_EXECUTE)
    bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  else if (error->domain == BS_SOURCE_RUNNER_ERROR)
    bs_api_request_respond_error (request, error->code == BS_SOURCE_RUNNER_ERROR_OPEN
                                           ? SOUP_STATUS_SERVICE_UNAVAILABLE
                                           : SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           is_remote (((PreviewJob *) data)->spec))
    bs_api_request_respond_error (request, SOUP_STATUS_BAD_GATEWAY, "%s", error->message);
  else
    bs_api_request_respond_gerror (request, error);
}

static void
on_preview_spec_ready (BsApiRequest *request,
                       BsSourceSpec *spec,
                       gpointer      user_data)
{
  PreviewJob *job = user_data;

  job->spec = spec;
  bs_api_request_run_in_thread (request, run_preview, preview_done, job, preview_job_free);
}

void
bs_api_routes_preview_rule (BsApiRequest *request)
{
  JsonObject *body = bs_api_request_get_body (request);
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(GError) error = NULL;
  PreviewJob *job;

  if (!(rule = parse_rule (request, json_object_get_member (body, "rule"), "rule.")))
    return;
  if (!(source = bs_data_source_lookup (bs_api_request_get_store (request),
                                        rule->query->source_id, &error)))
    {
      if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
        bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                      "The field “rule.query.source” must be the id of a "
                                      "data source; there is none with id %" G_GINT64_FORMAT,
                                      rule->query->source_id);
      else
        bs_api_request_respond_gerror (request, error);
      return;
    }

  job = g_new0 (PreviewJob, 1);
  job->rule = g_steal_pointer (&rule);
  bs_api_secrets_source_spec (request, source, on_preview_spec_ready, job, preview_job_free);
}

/* GET rules/{id}/history, GET rules/{id}/notifications */

static gboolean
read_limit (BsApiRequest *request,
            guint         fallback,
            guint         max,
            guint        *out_limit)
{
  const char *text = bs_api_request_get_query (request, "limit");
  guint64 value = fallback;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“limit” must be a whole number from 1 to %u", max);
      return FALSE;
    }
  *out_limit = value;
  return TRUE;
}

void
bs_api_routes_rule_history (BsApiRequest *request)
{
  const char *before_text = bs_api_request_get_query (request, "before");
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before = 0;
  guint limit;

  if (!(rule = lookup_rule_param (request, bs_api_alerts_caller_token_id (request))) ||
      !read_limit (request, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT, &limit))
    return;
  if (before_text != NULL &&
      !g_ascii_string_to_unsigned (before_text, 10, 1, G_MAXINT64, &before, NULL))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“before” must be the id of a history entry");
      return;
    }

  history = bs_alert_store_list_history (bs_api_request_get_store (request), rule->id,
                                         (gint64) before, limit, &error);
  if (history == NULL)
    bs_api_request_respond_gerror (request, error);
  else
    bs_api_request_respond_json (request, SOUP_STATUS_OK, history);
}

static void
add_outbox_entry (JsonBuilder   *builder,
                  gconstpointer  item)
{
  json_builder_add_value (builder, bs_outbox_entry_to_json (item));
}

void
bs_api_routes_rule_notifications (BsApiRequest *request)
{
  g_autoptr(BsAlertRule) rule = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint limit;

  if (!(rule = lookup_rule_param (request, bs_api_alerts_caller_token_id (request))) ||
      !read_limit (request, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT, &limit))
    return;

  entries = bs_notification_outbox_list (bs_api_request_get_store (request), rule->id, 0,
                                         limit, &error);
  bs_api_request_respond_items (request, entries, error, add_outbox_entry);
}

/* GET contact-points/{id}/notifications: what was sent there, "Send Test" included. */
void
bs_api_routes_contact_point_notifications (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(BsContactPoint) point = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  guint limit;

  if (!bs_api_request_get_id_param (request, "id", "contact point", &id) ||
      !read_limit (request, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT, &limit))
    return;
  if (!(point = bs_alert_store_get_contact_point (store, id, &error)))
    {
      bs_api_alerts_respond_gerror (request, error);
      return;
    }

  entries = bs_notification_outbox_list (store, 0, point->id, limit, &error);
  bs_api_request_respond_items (request, entries, error, add_outbox_entry);
}

/* GET alerts */

static gboolean
is_silenced (GPtrArray  *silences,
             JsonObject *labels,
             gint64      now)
{
  for (guint i = 0; i < silences->len; i++)
    if (bs_alert_silence_matches (g_ptr_array_index (silences, i), labels, now))
      return TRUE;
  return FALSE;
}

static JsonNode *
alert_to_json (const BsAlertRule     *rule,
               const BsAlertInstance *instance,
               GPtrArray             *silences,
               gint64                 now)
{
  g_autoptr(JsonObject) labels = bs_alert_full_labels (rule, instance->labels);
  JsonNode *node = instance_to_json (instance);
  JsonObject *object = json_node_get_object (node);

  json_object_set_int_member (object, "rule_id", rule->id);
  json_object_set_string_member (object, "rule_uid", rule->uid);
  json_object_set_string_member (object, "title", rule->title);
  json_object_set_object_member (object, "labels", json_object_ref (labels));
  json_object_set_boolean_member (object, "silenced", is_silenced (silences, labels, now));
  return node;
}

static const BsAlertRule *
find_rule (GPtrArray *rules,
           gint64     id)
{
  for (guint i = 0; i < rules->len; i++)
    if (((const BsAlertRule *) g_ptr_array_index (rules, i))->id == id)
      return g_ptr_array_index (rules, i);
  return NULL;
}

/* "firing" is Alerting and Recovering, as in the rules' status; the other words are the
 * series' own states. */
static gboolean
check_alert_state (BsApiRequest *request,
                   const char  **out_state)
{
  const char * const states[] = { "firing", "pending", "alerting", "recovering", "no-data",
                                  "error", NULL };

  *out_state = bs_api_request_get_query (request, "state");
  if (*out_state == NULL || g_strv_contains (states, *out_state))
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "“state” must be one of firing, pending, alerting, recovering, "
                                "no-data or error, not “%s”", *out_state);
  return FALSE;
}

static gboolean
state_is_wanted (BsAlertState  state,
                 const char   *wanted)
{
  if (state == BS_ALERT_STATE_NORMAL)
    return FALSE;
  if (wanted == NULL)
    return TRUE;
  if (g_str_equal (wanted, "firing"))
    return bs_alert_state_is_firing (state);
  return g_str_equal (bs_alert_state_to_string (state), wanted);
}

void
bs_api_routes_list_alerts (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  gint64 caller = bs_api_alerts_caller_token_id (request);
  gint64 now = g_get_real_time ();
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) silences = NULL;
  g_auto(RuleStates) states = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *wanted;
  JsonArray *items;

  if (!check_alert_state (request, &wanted))
    return;
  if (!(rules = bs_alert_store_list_rules (store, &error)) ||
      !(silences = bs_alert_store_list_silences (store, FALSE, now, &error)) ||
      !read_states (store, 0, &states, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  items = json_array_new ();
  for (guint i = 0; i < states.instances->len; i++)
    {
      const BsAlertInstance *instance = g_ptr_array_index (states.instances, i);
      const BsAlertRule *rule = find_rule (rules, g_array_index (states.rule_ids, gint64, i));

      if (rule == NULL || !may_see (request, rule, caller) ||
          !state_is_wanted (instance->info.state, wanted))
        continue;
      json_array_add_element (items, alert_to_json (rule, instance, silences, now));
    }
  root = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_array_member (json_node_get_object (root), "items", items);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}
