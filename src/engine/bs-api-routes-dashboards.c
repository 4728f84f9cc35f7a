/* bs-api-routes-dashboards.c — dashboards, their versions, and who may read them.
 *
 * Who may do what: editors and admins create, change, publish, restore and delete any
 * dashboard. A viewer reads (and lists) only published dashboards: one that is not
 * published answers 404 to them, as another user's personal rule does, so its existence is
 * not told; changing a published one answers 403.
 *
 * A save names the version it was made from; when someone saved since, the answer is 409
 * and says which version is current, instead of overwriting their work.
 */
#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-dashboards-private.h"
#include "bs-dashboard-store.h"
#include "bs-engine-change.h"
#include "bs-engine-json.h"

/* Who is asking */

static gboolean
is_privileged (BsApiRequest *request)
{
  return bs_api_request_get_role (request) >= BS_ROLE_EDITOR;
}

static gboolean
may_read (BsApiRequest            *request,
          const BsDashboardRecord *record)
{
  return is_privileged (request) || record->published;
}

/* Errors */

static guint
status_for_error (const GError *error)
{
  if (error->domain == BS_DASHBOARD_STORE_ERROR)
    {
      switch (error->code)
        {
        case BS_DASHBOARD_STORE_ERROR_NOT_FOUND:
          return SOUP_STATUS_NOT_FOUND;
        case BS_DASHBOARD_STORE_ERROR_INVALID:
          return SOUP_STATUS_BAD_REQUEST;
        case BS_DASHBOARD_STORE_ERROR_CONFLICT:
          return SOUP_STATUS_CONFLICT;
        default:
          break;
        }
    }
  return bs_api_status_for_error (error);
}

/* A failure of the engine itself is logged and worded by bs_api_request_respond_gerror ();
 * any other is the caller's, and its message says what to do. */
static void
respond_error (BsApiRequest *request,
               const GError *error)
{
  guint status = status_for_error (error);

  if (status >= 500)
    bs_api_request_respond_gerror (request, error);
  else
    bs_api_request_respond_error (request, status, "%s", error->message);
}

/* Answers */

static void
add_document (JsonBuilder *builder,
              JsonNode    *document)
{
  if (document == NULL)
    return;
  json_builder_set_member_name (builder, "dashboard");
  json_builder_add_value (builder, json_node_copy (document));
}

/* Begins an object with @record's members and leaves it open for the caller's. */
static void
begin_record (JsonBuilder             *builder,
              const BsDashboardRecord *record)
{
  json_builder_begin_object (builder);
  bs_engine_json_add_string_or_null (builder, "uid", record->uid);
  bs_engine_json_add_string_or_null (builder, "title", record->title);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, record->version);
  json_builder_set_member_name (builder, "published");
  json_builder_add_boolean_value (builder, record->published);
  bs_engine_json_add_string_or_null (builder, "owner", record->owner_name);
  bs_engine_json_add_time (builder, "created_at", record->created_at);
  bs_engine_json_add_time (builder, "updated_at", record->updated_at);
  json_builder_set_member_name (builder, "panel_count");
  json_builder_add_int_value (builder, record->panel_count);
  add_document (builder, record->document);
}

/* A BsEngineJsonItemFunc for lists. */
static void
add_record (JsonBuilder   *builder,
            gconstpointer  record)
{
  begin_record (builder, record);
  json_builder_end_object (builder);
}

static void
add_version (JsonBuilder   *builder,
             gconstpointer  item)
{
  const BsDashboardVersion *version = item;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version->version);
  bs_engine_json_add_string_or_null (builder, "title", version->title);
  bs_engine_json_add_time (builder, "saved_at", version->saved_at);
  bs_engine_json_add_string_or_null (builder, "saved_by", version->saved_by);
  bs_engine_json_add_string_or_null (builder, "message", version->message);
  add_document (builder, version->document);
  json_builder_end_object (builder);
}

static void
respond_record (BsApiRequest            *request,
                guint                    status,
                const BsDashboardRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  begin_record (builder, record);
  /* So that the Studio opens it read-only for a viewer instead of failing at the save. */
  json_builder_set_member_name (builder, "can_edit");
  json_builder_add_boolean_value (builder, is_privileged (request));
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  bs_api_request_respond_json (request, status, node);
}

/* Answers 200 with @items (BsDashboardRecord* or BsDashboardVersion*) as @add_item writes
 * each. */
static void
respond_list (BsApiRequest         *request,
              GPtrArray            *items,
              BsEngineJsonItemFunc  add_item)
{
  g_autoptr(JsonNode) root = bs_engine_json_items (items, add_item);

  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

/* Looking a dashboard up */

static void
respond_not_found (BsApiRequest *request,
                   const char   *uid)
{
  bs_api_request_respond_error (request, SOUP_STATUS_NOT_FOUND,
                                "There is no dashboard with the uid “%s” in this workspace",
                                uid);
}

/* The dashboard {uid} if the caller may read it; otherwise answers (404 also for one the
 * caller may not read) and returns NULL. */
static BsDashboardRecord *
lookup_readable (BsApiRequest *request)
{
  const char *uid = bs_api_request_get_param (request, "uid");
  g_autoptr(BsDashboardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (!(record = bs_dashboard_store_get (bs_api_request_get_store (request), uid, &error)))
    {
      respond_error (request, error);
      return NULL;
    }
  if (!may_read (request, record))
    {
      respond_not_found (request, uid);
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* The same, and answers 403 unless the caller may change it. */
static BsDashboardRecord *
lookup_changeable (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) record = lookup_readable (request);

  if (record == NULL)
    return NULL;
  if (!is_privileged (request))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_FORBIDDEN,
                                    "The dashboard “%s” is published read-only: changing it "
                                    "needs the editor role; your token has the viewer role",
                                    record->uid);
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* Bodies */

/* The body's "dashboard" object, or answers 400 and returns NULL. */
static JsonNode *
body_dashboard (BsApiRequest *request)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), "dashboard");
  g_autoptr(GError) error = NULL;

  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “dashboard” must be the dashboard's Grafana "
                                    "JSON (an object)%s",
                                    member == NULL ? "; the body has none" : "");
      return NULL;
    }
  if (!bs_dashboard_store_validate (member, &error))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "In the field “dashboard”: %s", error->message);
      return NULL;
    }
  return member;
}

static gboolean
body_version (BsApiRequest *request,
              gint64       *out_version)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), "version");

  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64 && json_node_get_int (member) >= 1)
    {
      *out_version = json_node_get_int (member);
      return TRUE;
    }
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "The field “version” must be the version of the dashboard "
                                "you loaded (a whole number from 1), so that the engine can "
                                "tell whether someone else saved it since");
  return FALSE;
}

/* Changes, each with its audit event */

typedef enum
{
  CHANGE_CREATE,
  CHANGE_UPDATE,
  CHANGE_DELETE,
  CHANGE_RESTORE,
  CHANGE_PUBLISH,
  CHANGE_UNPUBLISH,
} ChangeKind;

typedef struct
{
  ChangeKind         kind;
  const char        *uid;
  JsonNode          *document;
  gint64             version;      /* the base of an update, the one to restore */
  gint64             owner_token_id;
  const char        *actor;
  const char        *message;
  BsDashboardRecord *result;       /* the dashboard after the change; NULL after delete */
} Change;

static JsonNode *
change_detail (const Change *change)
{
  JsonObject *detail = json_object_new ();

  json_object_set_string_member (detail, "uid",
                                 change->result != NULL ? change->result->uid : change->uid);
  if (change->result != NULL)
    {
      json_object_set_string_member (detail, "title", change->result->title);
      json_object_set_int_member (detail, "version", change->result->version);
    }
  if (change->kind == CHANGE_RESTORE)
    json_object_set_int_member (detail, "restored_version", change->version);
  return json_node_init_object (json_node_alloc (), detail);
}

static JsonNode *
apply_change (BsStore   *store,
              gpointer   user_data,
              GError   **error)
{
  Change *change = user_data;
  gboolean ok;

  switch (change->kind)
    {
    case CHANGE_CREATE:
      change->result = bs_dashboard_store_insert (store, change->document,
                                                  change->owner_token_id, change->actor,
                                                  change->message, error);
      ok = change->result != NULL;
      break;
    case CHANGE_UPDATE:
      change->result = bs_dashboard_store_update (store, change->uid, change->document,
                                                  change->version, change->actor,
                                                  change->message, error);
      ok = change->result != NULL;
      break;
    case CHANGE_DELETE:
      ok = bs_dashboard_store_delete (store, change->uid, error);
      break;
    case CHANGE_RESTORE:
      change->result = bs_dashboard_store_restore (store, change->uid, change->version,
                                                   change->actor, NULL, error);
      ok = change->result != NULL;
      break;
    case CHANGE_PUBLISH:
    case CHANGE_UNPUBLISH:
      change->result = bs_dashboard_store_set_published (store, change->uid,
                                                         change->kind == CHANGE_PUBLISH, error);
      ok = change->result != NULL;
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? change_detail (change) : NULL;
}

/* Makes @change with its event; answers the failure and returns FALSE. On success the
 * caller owns change->result. */
static gboolean
commit_change (BsApiRequest *request,
               Change       *change)
{
  const char *events[] = { "dashboard.created", "dashboard.updated", "dashboard.deleted",
                           "dashboard.restored", "dashboard.published",
                           "dashboard.unpublished" };
  g_autoptr(GError) error = NULL;

  change->actor = bs_api_request_get_actor (request);
  if (bs_engine_change_commit (bs_api_request_get_store (request), change->actor,
                               events[change->kind], apply_change, change, &error))
    return TRUE;
  /* The change was rolled back: what the store returned is not there. */
  g_clear_pointer (&change->result, bs_dashboard_record_free);
  respond_error (request, error);
  return FALSE;
}

/* Makes @change and answers @status with the dashboard as it is after it. */
static void
commit_and_respond (BsApiRequest *request,
                    Change       *change,
                    guint         status)
{
  g_autoptr(BsDashboardRecord) record = NULL;

  if (!commit_change (request, change))
    return;
  record = g_steal_pointer (&change->result);
  respond_record (request, status, record);
}

/* GET and POST dashboards */

void
bs_api_routes_list_dashboards (BsApiRequest *request)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  if (!(records = bs_dashboard_store_list (bs_api_request_get_store (request), &error)))
    {
      respond_error (request, error);
      return;
    }
  for (guint i = records->len; i > 0; i--)
    if (!may_read (request, g_ptr_array_index (records, i - 1)))
      g_ptr_array_remove_index (records, i - 1);
  respond_list (request, records, add_record);
}

void
bs_api_routes_create_dashboard (BsApiRequest *request)
{
  const BsApiToken *token = bs_api_request_get_token (request);
  Change change = { CHANGE_CREATE, };

  if (!(change.document = body_dashboard (request)) ||
      !bs_api_request_get_string_field (request, "message", FALSE, &change.message))
    return;
  change.owner_token_id = token != NULL ? token->id : 0;
  commit_and_respond (request, &change, SOUP_STATUS_CREATED);
}

/* GET, PUT and DELETE dashboards/{uid} */

void
bs_api_routes_get_dashboard (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) record = lookup_readable (request);

  if (record != NULL)
    respond_record (request, SOUP_STATUS_OK, record);
}

void
bs_api_routes_update_dashboard (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) old = NULL;
  Change change = { CHANGE_UPDATE, };

  if (!(old = lookup_changeable (request)) ||
      !(change.document = body_dashboard (request)) ||
      !body_version (request, &change.version) ||
      !bs_api_request_get_string_field (request, "message", FALSE, &change.message))
    return;
  change.uid = old->uid;
  commit_and_respond (request, &change, SOUP_STATUS_OK);
}

void
bs_api_routes_delete_dashboard (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) old = lookup_changeable (request);
  Change change = { CHANGE_DELETE, };

  if (old == NULL)
    return;
  change.uid = old->uid;
  if (commit_change (request, &change))
    bs_api_request_respond_no_content (request);
}

/* PUT dashboards/{uid}/published */

void
bs_api_routes_publish_dashboard (BsApiRequest *request)
{
  JsonNode *member = json_object_get_member (bs_api_request_get_body (request), "published");
  g_autoptr(BsDashboardRecord) old = NULL;
  Change change = { CHANGE_PUBLISH, };

  if (!(old = lookup_changeable (request)))
    return;
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_BOOLEAN)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “published” must be true (viewers may read "
                                    "the dashboard) or false (only editors may)");
      return;
    }
  change.kind = json_node_get_boolean (member) ? CHANGE_PUBLISH : CHANGE_UNPUBLISH;
  change.uid = old->uid;
  commit_and_respond (request, &change, SOUP_STATUS_OK);
}

/* Versions */

/* The path parameter {version}, or answers 404 and returns FALSE. */
static gboolean
version_param (BsApiRequest *request,
               const char   *uid,
               gint64       *out_version)
{
  const char *text = bs_api_request_get_param (request, "version");

  if (g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, out_version, NULL))
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_NOT_FOUND,
                                "The dashboard “%s” has no version “%s”; versions are "
                                "numbered from 1", uid, text);
  return FALSE;
}

void
bs_api_routes_list_dashboard_versions (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) record = lookup_readable (request);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  if (record == NULL)
    return;
  versions = bs_dashboard_store_list_versions (bs_api_request_get_store (request), record->uid,
                                               &error);
  if (versions == NULL)
    {
      respond_error (request, error);
      return;
    }
  respond_list (request, versions, add_version);
}

void
bs_api_routes_get_dashboard_version (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) record = lookup_readable (request);
  g_autoptr(BsDashboardVersion) version = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gint64 number = 0;

  if (record == NULL || !version_param (request, record->uid, &number))
    return;
  version = bs_dashboard_store_get_version (bs_api_request_get_store (request), record->uid,
                                            number, &error);
  if (version == NULL)
    {
      respond_error (request, error);
      return;
    }
  add_version (builder, version);
  node = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, node);
}

void
bs_api_routes_restore_dashboard_version (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) old = lookup_changeable (request);
  Change change = { CHANGE_RESTORE, };

  if (old == NULL || !version_param (request, old->uid, &change.version))
    return;
  change.uid = old->uid;
  commit_and_respond (request, &change, SOUP_STATUS_OK);
}
