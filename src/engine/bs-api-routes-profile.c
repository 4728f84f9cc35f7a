/* bs-api-routes-profile.c — the user's profile (persona, sub-persona, skill level) and the
 * onboarding events the Studio records while the user picks one.
 *
 * The profile lives in the preferences table under "profile.*" keys; onboarding events in
 * the events table beside the audit trail, told apart by the "onboarding." prefix of their
 * kind. Neither ever leaves the workspace.
 */
#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-private.h"
#include "bs-engine-change.h"
#include "bs-engine-json.h"
#include "bs-persona.h"

#define KEY_PERSONA       "profile.persona"
#define KEY_SUB_PERSONA   "profile.sub_persona"
#define KEY_SKILL_LEVEL   "profile.skill_level"
#define KEY_RECORD_EVENTS "profile.record_events"

#define DEFAULT_EVENT_LIMIT 100
#define MAX_EVENT_LIMIT     1000

typedef struct
{
  char     *persona;
  char     *sub_persona;
  char     *skill_level;
  gboolean  record_events;
} Profile;

static void
profile_clear (Profile *profile)
{
  g_clear_pointer (&profile->persona, g_free);
  g_clear_pointer (&profile->sub_persona, g_free);
  g_clear_pointer (&profile->skill_level, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Profile, profile_clear)

static const char * const profile_fields[] = {
  "persona", "sub_persona", "skill_level", "record_events", NULL,
};

static const char * const event_fields[] = {
  "kind", "persona", NULL,
};

/* sqlite3_stmt has no autoptr cleanup outside the core library's private header. */
static void
finalize_statement (sqlite3_stmt *stmt)
{
  sqlite3_finalize (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, finalize_statement)

static sqlite3_stmt *
prepare (BsStore     *store,
         const char  *sql,
         const char  *what_failed,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (bs_store_get_db (store), sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    return stmt;

  sqlite3_finalize (stmt);
  bs_store_set_error_from_sqlite (store, rc, what_failed, error);
  return NULL;
}

static gboolean
step_done (BsStore       *store,
           sqlite3_stmt  *stmt,
           const char    *what_failed,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return bs_store_set_error_from_sqlite (store, rc, what_failed, error);
}

/* A stored value that is no longer (or never was) valid reads as unset: the Studio then
 * asks again instead of showing a persona that does not exist. */
static gboolean
load_profile (BsStore  *store,
              Profile  *profile,
              GError  **error)
{
  g_autofree char *persona = NULL;
  g_autofree char *sub_persona = NULL;
  g_autofree char *skill_level = NULL;
  g_autofree char *record_events = NULL;
  GError *local_error = NULL;

  persona = bs_store_get_preference (store, KEY_PERSONA, &local_error);
  if (local_error == NULL)
    sub_persona = bs_store_get_preference (store, KEY_SUB_PERSONA, &local_error);
  if (local_error == NULL)
    skill_level = bs_store_get_preference (store, KEY_SKILL_LEVEL, &local_error);
  if (local_error == NULL)
    record_events = bs_store_get_preference (store, KEY_RECORD_EVENTS, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (bs_persona_is_valid (persona))
    profile->persona = g_steal_pointer (&persona);
  if (bs_persona_sub_persona_is_valid (profile->persona, sub_persona))
    profile->sub_persona = g_steal_pointer (&sub_persona);
  if (bs_skill_level_is_valid (skill_level))
    profile->skill_level = g_steal_pointer (&skill_level);
  profile->record_events = g_strcmp0 (record_events, "false") != 0;
  return TRUE;
}

static gboolean
delete_preference (BsStore     *store,
                   const char  *key,
                   GError     **error)
{
  g_autofree char *what = g_strdup_printf ("Could not clear the preference “%s”", key);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (store, "DELETE FROM preferences WHERE key = ?1", what, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, what, error);
}

static gboolean
store_preference (BsStore     *store,
                  const char  *key,
                  const char  *value,
                  GError     **error)
{
  if (value == NULL)
    return delete_preference (store, key, error);

  return bs_store_set_preference (store, key, value, error);
}

static JsonNode *
profile_to_json (const Profile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  bs_engine_json_add_string_or_null (builder, "persona", profile->persona);
  bs_engine_json_add_string_or_null (builder, "sub_persona", profile->sub_persona);
  bs_engine_json_add_string_or_null (builder, "skill_level", profile->skill_level);
  json_builder_set_member_name (builder, "record_events");
  json_builder_add_boolean_value (builder, profile->record_events);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
save_profile (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  const Profile *profile = user_data;

  if (!store_preference (store, KEY_PERSONA, profile->persona, error) ||
      !store_preference (store, KEY_SUB_PERSONA, profile->sub_persona, error) ||
      !store_preference (store, KEY_SKILL_LEVEL, profile->skill_level, error) ||
      !bs_store_set_preference (store, KEY_RECORD_EVENTS,
                                profile->record_events ? "true" : "false", error))
    return NULL;

  return profile_to_json (profile);
}

void
bs_api_routes_list_personas (BsApiRequest *request)
{
  g_autoptr(JsonNode) root = bs_persona_table_to_json ();

  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

void
bs_api_routes_get_profile (BsApiRequest *request)
{
  g_auto(Profile) profile = { NULL, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!load_profile (bs_api_request_get_store (request), &profile, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  root = profile_to_json (&profile);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

/* A misspelt field would otherwise be ignored and the caller would believe it was saved. */
static gboolean
check_fields (BsApiRequest       *request,
              const char * const *allowed)
{
  JsonObject *body = bs_api_request_get_body (request);
  g_autoptr(GList) members = json_object_get_members (body);
  g_autofree char *list = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_strv_contains (allowed, l->data))
        continue;

      list = g_strjoinv (", ", (char **) allowed);
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “%s” is not known here; the fields are %s",
                                    (const char *) l->data, list);
      return FALSE;
    }

  return TRUE;
}

/* Reads the member @name of the body: *out_present says whether it is there, *out_value
 * is its text or NULL for null. Answers 400 when it is neither a string nor null. */
static gboolean
read_nullable_string (BsApiRequest  *request,
                      const char    *name,
                      gboolean      *out_present,
                      const char   **out_value)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), name);

  *out_present = member != NULL;
  *out_value = NULL;
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “%s” must be a string or null", name);
      return FALSE;
    }

  *out_value = json_node_get_string (member);
  return TRUE;
}

/* A field whose value is one of a fixed set of ids. */
typedef struct
{
  const char *field;
  gboolean  (*is_valid) (const char *id);
  char     *(*list_ids) (void);
} Choice;

static const Choice persona_choice = { "persona", bs_persona_is_valid, bs_persona_list_ids };
static const Choice skill_level_choice = {
  "skill_level", bs_skill_level_is_valid, bs_skill_level_list_ids,
};
static const Choice event_kind_choice = {
  "kind", bs_persona_event_kind_is_valid, bs_persona_list_event_kinds,
};

/* Answers 400 listing the allowed ids when @value (NULL: none given) is not one of them. */
static gboolean
check_choice (BsApiRequest *request,
              const Choice *choice,
              const char   *value,
              gboolean      nullable)
{
  g_autofree char *allowed = NULL;

  if (value == NULL || choice->is_valid (value))
    return TRUE;

  allowed = choice->list_ids ();
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "The field “%s” must be one of %s%s, not “%s”",
                                choice->field, allowed, nullable ? " (or null)" : "", value);
  return FALSE;
}

/* Sets *@field from the body when the member is there (null clears it). */
static gboolean
update_choice (BsApiRequest  *request,
               const Choice  *choice,
               char         **field)
{
  const char *value;
  gboolean present;

  if (!read_nullable_string (request, choice->field, &present, &value))
    return FALSE;
  if (!present)
    return TRUE;
  if (!check_choice (request, choice, value, TRUE))
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
update_sub_persona (BsApiRequest *request,
                    Profile      *profile)
{
  g_autofree char *allowed = NULL;
  const char *value;
  gboolean present;

  if (!read_nullable_string (request, "sub_persona", &present, &value))
    return FALSE;

  /* A sub-persona only makes sense within its persona: one left over from the persona
   * the user just left (or cleared) is dropped. */
  if (!present || value == NULL)
    {
      if (present || !bs_persona_sub_persona_is_valid (profile->persona, profile->sub_persona))
        g_clear_pointer (&profile->sub_persona, g_free);
      return TRUE;
    }

  if (profile->persona == NULL)
    {
      allowed = bs_persona_list_ids ();
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “sub_persona” needs a persona; set “persona” "
                                    "too (one of %s)", allowed);
      return FALSE;
    }

  if (!bs_persona_sub_persona_is_valid (profile->persona, value))
    {
      allowed = bs_persona_list_sub_persona_ids (bs_persona_lookup (profile->persona));
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “sub_persona” must be one of %s (the "
                                    "sub-personas of %s) or null, not “%s”",
                                    allowed, profile->persona, value);
      return FALSE;
    }

  g_free (profile->sub_persona);
  profile->sub_persona = g_strdup (value);
  return TRUE;
}

static gboolean
update_record_events (BsApiRequest *request,
                      Profile      *profile)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request),
                                             "record_events");

  if (member == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “record_events” must be true or false");
      return FALSE;
    }

  profile->record_events = json_node_get_boolean (member);
  return TRUE;
}

void
bs_api_routes_set_profile (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_auto(Profile) profile = { NULL, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!check_fields (request, profile_fields))
    return;

  if (!load_profile (store, &profile, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  /* The persona first: the sub-persona is checked against the persona being set. */
  if (!update_choice (request, &persona_choice, &profile.persona) ||
      !update_sub_persona (request, &profile) ||
      !update_choice (request, &skill_level_choice, &profile.skill_level) ||
      !update_record_events (request, &profile))
    return;

  if (!bs_engine_change_commit (store, bs_api_request_get_actor (request), "profile.changed",
                                save_profile, &profile, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  root = profile_to_json (&profile);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
respond_recorded (BsApiRequest *request,
                  gboolean      recorded,
                  gint64        id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recorded");
  json_builder_add_boolean_value (builder, recorded);
  if (recorded)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, recorded ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, root);
}

static char *
event_detail (const char *persona)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  bs_engine_json_add_string_or_null (builder, "persona", persona);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return bs_engine_json_to_string (root, FALSE);
}

void
bs_api_routes_record_event (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_auto(Profile) profile = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  const char *kind;
  const char *persona;

  if (!check_fields (request, event_fields) ||
      !bs_api_request_get_string_field (request, "kind", TRUE, &kind) ||
      !check_choice (request, &event_kind_choice, kind, FALSE) ||
      !bs_api_request_get_string_field (request, "persona", FALSE, &persona) ||
      !check_choice (request, &persona_choice, persona, FALSE))
    return;

  if (!load_profile (store, &profile, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  /* The user turned recording off: the event is answered, not kept. */
  if (!profile.record_events)
    {
      respond_recorded (request, FALSE, 0);
      return;
    }

  detail = event_detail (persona);
  if (!bs_store_add_event (store, kind, bs_api_request_get_actor (request), detail, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  /* Handlers run one at a time on the main thread, so the last row is the one just added. */
  respond_recorded (request, TRUE, sqlite3_last_insert_rowid (bs_store_get_db (store)));
}

/* The route table gives one role per route, but reading events needs admin unless only
 * onboarding events are asked for. */
static gboolean
require_admin (BsApiRequest *request)
{
  BsRole role = bs_api_request_get_role (request);

  if (role >= BS_ROLE_ADMIN)
    return TRUE;

  bs_api_request_respond_error (request, SOUP_STATUS_FORBIDDEN,
                                "This needs the %s role; your token has the %s role",
                                bs_role_to_string (BS_ROLE_ADMIN), bs_role_to_string (role));
  return FALSE;
}

static gboolean
read_limit (BsApiRequest *request,
            guint        *out_limit)
{
  const char *text = bs_api_request_get_query (request, "limit");
  guint64 limit = DEFAULT_EVENT_LIMIT;

  if (text != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, MAX_EVENT_LIMIT, &limit, NULL))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The parameter “limit” must be a whole number from 1 to %d, "
                                    "not “%s”", MAX_EVENT_LIMIT, text);
      return FALSE;
    }

  *out_limit = (guint) limit;
  return TRUE;
}

static void
add_event (JsonBuilder   *builder,
           gconstpointer  item)
{
  const BsStoreEvent *event = item;
  JsonNode *detail = json_from_string (event->detail_json, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, event->id);
  bs_engine_json_add_time (builder, "at", event->at);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, event->kind);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, event->actor);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_value (builder, detail != NULL ? detail : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (builder);
}

static gboolean
is_onboarding_prefix (const char *prefix)
{
  return prefix != NULL && g_str_has_prefix (prefix, BS_PERSONA_EVENT_PREFIX);
}

void
bs_api_routes_read_events (BsApiRequest *request)
{
  const char *prefix = bs_api_request_get_query (request, "prefix");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  guint limit;

  if (!is_onboarding_prefix (prefix) && !require_admin (request))
    return;

  if (!read_limit (request, &limit))
    return;

  events = bs_store_list_events (bs_api_request_get_store (request), prefix, limit, &error);
  bs_api_request_respond_items (request, events, error, add_event);
}

typedef struct
{
  const char *prefix;
  gint64      deleted;
} ClearEvents;

static JsonNode *
clear_events (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  ClearEvents *clear = user_data;
  const char *what = "Could not clear the onboarding events";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (store, "DELETE FROM events WHERE substr (kind, 1, length (?1)) = ?1",
                        what, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, clear->prefix, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, what, error))
    return NULL;
  clear->deleted = sqlite3_changes (bs_store_get_db (store));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, clear->prefix);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_int_value (builder, clear->deleted);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
bs_api_routes_clear_events (BsApiRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  ClearEvents clear = { bs_api_request_get_query (request, "prefix"), 0 };

  /* The other events are the workspace's audit trail, which nobody may erase. */
  if (!is_onboarding_prefix (clear.prefix))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "Only onboarding events can be cleared: add "
                                    "“?prefix=%s” (the other events are the audit trail of "
                                    "the workspace)", BS_PERSONA_EVENT_PREFIX);
      return;
    }

  if (!bs_engine_change_commit (bs_api_request_get_store (request),
                                bs_api_request_get_actor (request), "events.cleared",
                                clear_events, &clear, &error))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_int_value (builder, clear.deleted);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}
