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
set_time_member (JsonObject *object,
                 const char *member,
                 GDateTime  *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    {
      json_object_set_null_member (object, member);
      return;
    }
  text = bs_store_format_iso8601 (time);
  json_object_set_string_member (object, member, text);
}

static JsonNode *
record_to_json (const BsDashboardRecord *record)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "uid", record->uid);
  json_object_set_string_member (object, "title", record->title);
  json_object_set_int_member (object, "version", record->version);
  json_object_set_boolean_member (object, "published", record->published);
  json_object_set_string_member (object, "owner", record->owner_name);
  set_time_member (object, "created_at", record->created_at);
  set_time_member (object, "updated_at", record->updated_at);
  json_object_set_int_member (object, "panel_count", record->panel_count);
  if (record->document != NULL)
    json_object_set_member (object, "dashboard", json_node_copy (record->document));
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
version_to_json (const BsDashboardVersion *version)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "version", version->version);
  if (version->title != NULL)
    json_object_set_string_member (object, "title", version->title);
  else
    json_object_set_null_member (object, "title");
  set_time_member (object, "saved_at", version->saved_at);
  json_object_set_string_member (object, "saved_by", version->saved_by);
  json_object_set_string_member (object, "message", version->message);
  if (version->document != NULL)
    json_object_set_member (object, "dashboard", json_node_copy (version->document));
  return json_node_init_object (json_node_alloc (), object);
}

static void
respond_record (BsApiRequest            *request,
                guint                    status,
                const BsDashboardRecord *record)
{
  g_autoptr(JsonNode) node = record_to_json (record);

  /* So that the Studio opens it read-only for a viewer instead of failing at the save. */
  json_object_set_boolean_member (json_node_get_object (node), "can_edit",
                                  is_privileged (request));
  bs_api_request_respond_json (request, status, node);
}

/* Answers 200 {"items": [...]} with what @to_json makes of each of @items. */
static void
respond_list (BsApiRequest  *request,
              GPtrArray     *items,
              JsonNode     *(*to_json) (gconstpointer item))
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  json_object_set_array_member (json_node_get_object (root), "items", array);
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

/* The optional string "message"; answers 400 and returns FALSE when it is not one. */
static gboolean
body_message (BsApiRequest  *request,
              const char   **out_message)
{
  return bs_api_request_get_string_field (request, "message", FALSE, out_message);
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

/* GET and POST dashboards */

static JsonNode *
summary_to_json (gconstpointer item)
{
  return record_to_json (item);
}

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
  respond_list (request, records, summary_to_json);
}

void
bs_api_routes_create_dashboard (BsApiRequest *request)
{
  const BsApiToken *token = bs_api_request_get_token (request);
  g_autoptr(BsDashboardRecord) record = NULL;
  Change change = { CHANGE_CREATE, };

  if (!(change.document = body_dashboard (request)) ||
      !body_message (request, &change.message))
    return;
  change.owner_token_id = token != NULL ? token->id : 0;
  if (!commit_change (request, &change))
    return;
  record = change.result;
  respond_record (request, SOUP_STATUS_CREATED, record);
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
  g_autoptr(BsDashboardRecord) record = NULL;
  Change change = { CHANGE_UPDATE, };

  if (!(old = lookup_changeable (request)) ||
      !(change.document = body_dashboard (request)) ||
      !body_version (request, &change.version) ||
      !body_message (request, &change.message))
    return;
  change.uid = old->uid;
  if (!commit_change (request, &change))
    return;
  record = change.result;
  respond_record (request, SOUP_STATUS_OK, record);
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
  g_autoptr(BsDashboardRecord) record = NULL;
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
  if (!commit_change (request, &change))
    return;
  record = change.result;
  respond_record (request, SOUP_STATUS_OK, record);
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

static JsonNode *
version_item_to_json (gconstpointer item)
{
  return version_to_json (item);
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
  respond_list (request, versions, version_item_to_json);
}

void
bs_api_routes_get_dashboard_version (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) record = lookup_readable (request);
  g_autoptr(BsDashboardVersion) version = NULL;
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
  node = version_to_json (version);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, node);
}

void
bs_api_routes_restore_dashboard_version (BsApiRequest *request)
{
  g_autoptr(BsDashboardRecord) old = lookup_changeable (request);
  g_autoptr(BsDashboardRecord) record = NULL;
  Change change = { CHANGE_RESTORE, };

  if (old == NULL || !version_param (request, old->uid, &change.version))
    return;
  change.uid = old->uid;
  if (!commit_change (request, &change))
    return;
  record = change.result;
  respond_record (request, SOUP_STATUS_OK, record);
}
