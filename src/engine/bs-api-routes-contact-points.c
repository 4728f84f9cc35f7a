/* bs-api-routes-contact-points.c — contact points (with "Send test") and silences.
 *
 * The URL of a Slack or webhook contact point is a secret: it goes to the secret store
 * under bs_contact_point_secret_key() BEFORE the row is written (so nothing is kept when
 * the keyring refuses it), and never into the database, an event or an answer, which say
 * "has_url" instead.
 */
#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include <string.h>

#include "bs-alert-store.h"
#include "bs-api-routes-alerts-private.h"
#include "bs-api-routes-private.h"
#include "bs-api-secrets.h"
#include "bs-engine-change.h"
#include "bs-notification-outbox.h"

/* Ids handed out to contact points whose URL is being stored, not yet in the table. The
 * handlers run on the main thread only. */
static GHashTable *reserved_ids;

static gint64
point_secret_id (gconstpointer item)
{
  const BsContactPoint *point = item;

  return bs_contact_point_kind_needs_url (point->kind) ? point->id : 0;
}

static JsonNode *
point_to_json (gconstpointer item,
               gboolean      has_url)
{
  return bs_contact_point_to_json (item, has_url);
}

/* The URL of a Slack or webhook point is its secret. */
static const BsApiSecretKind point_kind = {
  "contact point", "a URL", bs_contact_point_secret_key, point_secret_id, point_to_json,
};

static void
respond_point (BsApiRequest   *request,
               BsContactPoint *point,
               guint           status)
{
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                bs_contact_point_free);

  g_ptr_array_add (points, bs_contact_point_copy (point));
  bs_api_secrets_respond_items (request, &point_kind, points, TRUE, status);
}

/* GET contact-points, GET contact-points/{id} */

void
bs_api_routes_list_contact_points (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = NULL;

  if (!(points = bs_alert_store_list_contact_points (bs_api_request_get_store (request),
                                                     &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }
  bs_api_secrets_respond_items (request, &point_kind, points, FALSE, SOUP_STATUS_OK);
}

static BsContactPoint *
lookup_point (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  BsContactPoint *point;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "contact point", &id))
    return NULL;
  if (!(point = bs_alert_store_get_contact_point (bs_api_request_get_store (request), id,
                                                  &error)))
    bs_api_request_respond_gerror (request, error);
  return point;
}

void
bs_api_routes_get_contact_point (BsApiRequest *request)
{
  g_autoptr(BsContactPoint) point = lookup_point (request);

  if (point != NULL)
    respond_point (request, point, SOUP_STATUS_OK);
}

/* Changes with their events */

typedef enum
{
  POINT_INSERT,
  POINT_UPDATE,
  POINT_DELETE,
} PointChangeKind;

typedef struct
{
  PointChangeKind  kind;
  BsContactPoint  *point;
  gboolean         has_url;
} PointChange;

static JsonNode *
apply_point_change (BsStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  PointChange *change = user_data;
  gboolean ok = FALSE;

  switch (change->kind)
    {
    case POINT_INSERT:
      ok = bs_alert_store_insert_contact_point (store, change->point, error);
      break;
    case POINT_UPDATE:
      ok = bs_alert_store_update_contact_point (store, change->point, error);
      break;
    case POINT_DELETE:
      ok = bs_alert_store_delete_contact_point (store, change->point->id, error);
      break;
    default:
      g_assert_not_reached ();
    }
  /* The item as the API shows it: no URL, only whether there is one. */
  return ok ? bs_contact_point_to_json (change->point, change->has_url) : NULL;
}

static gboolean
commit_point_change (BsApiRequest     *request,
                     PointChangeKind   kind,
                     BsContactPoint   *point,
                     gboolean          has_url,
                     GError          **error)
{
  const char *events[] = { "contact_point.created", "contact_point.updated",
                           "contact_point.deleted" };
  PointChange change = { kind, point, has_url };

  return bs_engine_change_commit (bs_api_request_get_store (request),
                                  bs_api_request_get_actor (request), events[kind],
                                  apply_point_change, &change, error);
}

/* Reading the body */

static BsContactPoint *
parse_point (BsApiRequest  *request,
             JsonNode      *node,
             char         **out_url)
{
  g_autoptr(GError) error = NULL;
  BsContactPoint *point;

  if (!(point = bs_contact_point_from_json (node, out_url, &error)))
    bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  return point;
}

static gboolean
check_url_given (BsApiRequest         *request,
                 const BsContactPoint *point,
                 const char           *url,
                 gboolean              has_stored_url)
{
  if (!bs_contact_point_kind_needs_url (point->kind) || url != NULL || has_stored_url)
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                "The field “url” is required for a %s contact point: paste "
                                "the address its messages are posted to", point->kind);
  return FALSE;
}

static gboolean
check_secrets (BsApiRequest *request,
               const char   *url)
{
  if (url == NULL || bs_api_secrets_get (request) != NULL)
    return TRUE;
  bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                "The engine has no secret store to keep the URL in; restart "
                                "it once the keyring is available");
  return FALSE;
}

/* 409 before anything reaches the secret store, for a name that is taken. */
static gboolean
check_name_free (BsApiRequest         *request,
                 const BsContactPoint *point)
{
  g_autoptr(GPtrArray) points = NULL;
  g_autoptr(GError) error = NULL;

  if (!(points = bs_alert_store_list_contact_points (bs_api_request_get_store (request),
                                                     &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return FALSE;
    }
  for (guint i = 0; i < points->len; i++)
    {
      BsContactPoint *other = g_ptr_array_index (points, i);

      if (other->id != point->id && g_str_equal (other->name, point->name))
        {
          bs_api_request_respond_error (request, SOUP_STATUS_CONFLICT,
                                        "A contact point named “%s” already exists; pick "
                                        "another name", point->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Keeping the URL */

typedef struct
{
  BsApiRequest   *request;   /* deferred */
  BsContactPoint *point;     /* as it will be */
  gboolean        had_url;   /* update: the old kind kept a URL */
} UrlChange;

static void
url_change_free (UrlChange *change)
{
  if (reserved_ids != NULL)
    g_hash_table_remove (reserved_ids, &change->point->id);
  bs_api_request_unref (change->request);
  bs_contact_point_free (change->point);
  g_free (change);
}


static UrlChange *
url_change_new (BsApiRequest   *request,
                BsContactPoint *point)
{
  UrlChange *change = g_new0 (UrlChange, 1);

  change->request = bs_api_request_defer (request);
  change->point = point;
  return change;
}

/* POST contact-points */

/* The next id nobody has, counting the ones whose URL is being stored right now. */
static gboolean
reserve_id (BsApiRequest  *request,
            gint64        *out_id,
            GError       **error)
{
  g_autoptr(GPtrArray) points = NULL;
  GHashTableIter iter;
  gpointer key;
  gint64 id = 0;

  if (!(points = bs_alert_store_list_contact_points (bs_api_request_get_store (request),
                                                     error)))
    return FALSE;
  for (guint i = 0; i < points->len; i++)
    id = MAX (id, ((BsContactPoint *) g_ptr_array_index (points, i))->id);

  if (reserved_ids == NULL)
    reserved_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, reserved_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    id = MAX (id, *(gint64 *) key);

  *out_id = id + 1;
  g_hash_table_add (reserved_ids, g_memdup2 (out_id, sizeof (gint64)));
  return TRUE;
}

static void
insert_point (BsApiRequest   *request,
              BsContactPoint *point,
              gboolean        has_url)
{
  g_autoptr(GError) error = NULL;

  if (!commit_point_change (request, POINT_INSERT, point, has_url, &error))
    {
      /* The URL went first; with no row to use it, it goes too. */
      if (has_url)
        bs_api_secrets_forget (request, &point_kind, point->id);
      bs_api_alerts_respond_gerror (request, error);
      return;
    }
  respond_point (request, point, SOUP_STATUS_CREATED);
}

static void
insert_stored_point (gpointer user_data)
{
  UrlChange *change = user_data;

  insert_point (change->request, change->point, TRUE);
}

/* Whatever part of the URL may have been kept goes: a later point may get this id. */
static void
forget_stored_url (gpointer user_data)
{
  UrlChange *change = user_data;

  bs_api_secrets_forget (change->request, &point_kind, change->point->id);
}

void
bs_api_routes_create_contact_point (BsApiRequest *request)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (),
                                                    bs_api_request_get_body (request));
  g_autoptr(BsContactPoint) point = NULL;
  g_autoptr(GError) error = NULL;
  UrlChange *change;
  char *url = NULL;

  if (!(point = parse_point (request, body, &url)) ||
      !check_url_given (request, point, url, FALSE) ||
      !check_secrets (request, url) ||
      !check_name_free (request, point))
    {
      bs_api_secrets_wipe_free (url);
      return;
    }

  /* Every new point takes a reserved id, so that one without a URL cannot take the id of
   * one whose URL is being stored. */
  if (!reserve_id (request, &point->id, &error))
    {
      bs_api_secrets_wipe_free (url);
      bs_api_request_respond_gerror (request, error);
      return;
    }
  if (url == NULL)
    {
      insert_point (request, point, FALSE);
      g_hash_table_remove (reserved_ids, &point->id);
      return;
    }
  change = url_change_new (request, g_steal_pointer (&point));
  bs_api_secrets_store_then (request, &point_kind, change->point->id, change->point->name, url,
                             "Could not keep the URL, so the contact point was not added",
                             insert_stored_point, forget_stored_url, change,
                             (GDestroyNotify) url_change_free);
  bs_api_secrets_wipe_free (url);
}

/* PUT contact-points/{id} */

static void
apply_point_update (gpointer user_data)
{
  UrlChange *change = user_data;
  g_autoptr(GError) error = NULL;
  gboolean has_url = bs_contact_point_kind_needs_url (change->point->kind);

  if (!commit_point_change (change->request, POINT_UPDATE, change->point, has_url, &error))
    {
      bs_api_alerts_respond_gerror (change->request, error);
      return;
    }
  /* A point that no longer posts anywhere keeps no URL. */
  if (change->had_url && !has_url)
    bs_api_secrets_forget (change->request, &point_kind, change->point->id);
  respond_point (change->request, change->point, SOUP_STATUS_OK);
}

/* The stored point with the body's members over it: what a member leaves out stays. */
static JsonNode *
merge_body (BsApiRequest         *request,
            const BsContactPoint *old)
{
  JsonNode *merged = bs_contact_point_to_json (old, FALSE);
  JsonObject *object = json_node_get_object (merged);
  JsonObject *body = bs_api_request_get_body (request);
  g_autoptr(GList) members = json_object_get_members (body);
  const char *given[] = { "id", "has_url", "created_at", "updated_at" };

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    json_object_remove_member (object, given[i]);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (body, l->data)));
  return merged;
}

void
bs_api_routes_update_contact_point (BsApiRequest *request)
{
  g_autoptr(BsContactPoint) old = NULL;
  g_autoptr(BsContactPoint) point = NULL;
  g_autoptr(JsonNode) merged = NULL;
  UrlChange *change;
  gboolean had_url;
  char *url = NULL;

  if (!(old = lookup_point (request)))
    return;
  merged = merge_body (request, old);
  had_url = bs_contact_point_kind_needs_url (old->kind);
  if (!(point = parse_point (request, merged, &url)))
    return;
  point->id = old->id;
  if (!check_url_given (request, point, url, had_url) ||
      !check_secrets (request, url) ||
      !check_name_free (request, point))
    {
      bs_api_secrets_wipe_free (url);
      return;
    }

  change = url_change_new (request, g_steal_pointer (&point));
  change->had_url = had_url;
  /* The URL first: if the keyring refuses it, nothing has changed. */
  if (url != NULL)
    bs_api_secrets_store_then (request, &point_kind, change->point->id, change->point->name,
                               url, "Could not keep the new URL; nothing was changed",
                               apply_point_update, NULL, change,
                               (GDestroyNotify) url_change_free);
  else
    {
      apply_point_update (change);
      url_change_free (change);
    }
  bs_api_secrets_wipe_free (url);
}

/* DELETE contact-points/{id} */

void
bs_api_routes_delete_contact_point (BsApiRequest *request)
{
  g_autoptr(BsContactPoint) point = NULL;
  g_autoptr(GError) error = NULL;

  if (!(point = lookup_point (request)))
    return;

  /* The row first: a point still in use is refused and keeps its URL. */
  if (!commit_point_change (request, POINT_DELETE, point, FALSE, &error))
    {
      bs_api_alerts_respond_gerror (request, error);
      return;
    }
  if (bs_contact_point_kind_needs_url (point->kind))
    bs_api_secrets_forget (request, &point_kind, point->id);
  bs_api_request_respond_no_content (request);
}

/* POST contact-points/{id}/test */

static JsonNode *
test_payload (const BsContactPoint *point,
              GDateTime            *now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = bs_store_format_iso8601 (now);
  g_autofree char *description = NULL;

  description = g_strdup_printf ("A test from %s: if you read this, the contact point “%s” "
                                 "works.", PACKAGE_NAME, point->name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "test");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "firing");
  json_builder_set_member_name (builder, "rule");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "uid");
  json_builder_add_string_value (builder, "test");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Test notification");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "evaluated_at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "alerts");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "firing");
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alertname");
  json_builder_add_string_value (builder, "Test notification");
  json_builder_set_member_name (builder, "contact_point");
  json_builder_add_string_value (builder, point->name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "annotations");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "starts_at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "ends_at");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "dashboard_uid");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "panel_id");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static BsOutboxEntry *
find_entry (BsStore     *store,
            gint64       point_id,
            const char  *key,
            GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  /* Newest first: the one just added is at the front unless a sender raced it in. */
  if (!(entries = bs_notification_outbox_list (store, 0, point_id, 10, error)))
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((BsOutboxEntry *) g_ptr_array_index (entries, i))->idempotency_key, key))
      return g_ptr_array_steal_index (entries, i);
  g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_QUERY,
               "The test notification “%s” was added but cannot be read back", key);
  return NULL;
}

static void
respond_test (BsApiRequest  *request,
              BsOutboxEntry *entry)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), json_object_new ());

  json_object_set_member (json_node_get_object (root), "notification",
                          bs_outbox_entry_to_json (entry));
  bs_api_request_respond_json (request, SOUP_STATUS_ACCEPTED, root);
}

static gboolean
record_test_event (BsApiRequest         *request,
                   const BsContactPoint *point,
                   const char           *key,
                   GError              **error)
{
  g_autoptr(JsonNode) detail = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *text = NULL;

  json_object_set_int_member (json_node_get_object (detail), "id", point->id);
  json_object_set_string_member (json_node_get_object (detail), "name", point->name);
  json_object_set_string_member (json_node_get_object (detail), "idempotency_key", key);
  text = json_to_string (detail, FALSE);
  return bs_store_add_event (bs_api_request_get_store (request), "contact_point.tested",
                             bs_api_request_get_actor (request), text, error);
}

void
bs_api_routes_test_contact_point (BsApiRequest *request)
{
  BsStore *store = bs_api_request_get_store (request);
  g_autoptr(BsContactPoint) point = NULL;
  g_autoptr(GDateTime) now_time = NULL;
  g_autoptr(GError) error = NULL;
  BsAlertNotification notification = { 0, };
  BsOutboxEntry *entry;
  gint64 now = g_get_real_time ();

  if (!(point = lookup_point (request)))
    return;

  now_time = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  notification.idempotency_key = g_strdup_printf ("test:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                  point->id, now);
  notification.contact_point_id = point->id;
  notification.kind = BS_NOTIFICATION_TEST;
  notification.payload = test_payload (point, now_time);

  if (!bs_notification_outbox_add (store, &notification, now, &error) ||
      !record_test_event (request, point, notification.idempotency_key, &error) ||
      !(entry = find_entry (store, point->id, notification.idempotency_key, &error)))
    bs_api_request_respond_gerror (request, error);
  else
    {
      respond_test (request, entry);
      bs_outbox_entry_free (entry);
    }
  g_free (notification.idempotency_key);
  json_node_unref (notification.payload);
}

/* Silences */

static void
respond_silences (BsApiRequest *request,
                  GPtrArray    *silences,
                  gint64        now)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < silences->len; i++)
    json_array_add_element (items, bs_alert_silence_to_json (g_ptr_array_index (silences, i),
                                                             now));
  json_object_set_array_member (json_node_get_object (root), "items", items);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

void
bs_api_routes_list_silences (BsApiRequest *request)
{
  const char *include = bs_api_request_get_query (request, "include_expired");
  g_autoptr(GPtrArray) silences = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  if (include != NULL && !g_str_equal (include, "true") && !g_str_equal (include, "false"))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "“include_expired” must be true or false, not “%s”",
                                    include);
      return;
    }
  silences = bs_alert_store_list_silences (bs_api_request_get_store (request),
                                           g_strcmp0 (include, "true") == 0, now, &error);
  if (silences == NULL)
    bs_api_request_respond_gerror (request, error);
  else
    respond_silences (request, silences, now);
}

typedef struct
{
  BsAlertSilence *silence;
  gint64          now;
  gboolean        expire;
} SilenceChange;

static JsonNode *
apply_silence_change (BsStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  SilenceChange *change = user_data;

  if (change->expire)
    {
      if (!bs_alert_store_expire_silence (store, change->silence->id, change->now, error))
        return NULL;
      change->silence->ends_at = MIN (change->silence->ends_at, change->now);
      change->silence->starts_at = MIN (change->silence->starts_at, change->now);
    }
  else if (!bs_alert_store_insert_silence (store, change->silence, error))
    return NULL;
  return bs_alert_silence_to_json (change->silence, change->now);
}

/* Commits @change with its event and answers @status with the silence as it is now. */
static void
commit_silence_change (BsApiRequest  *request,
                       SilenceChange *change,
                       guint          status)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (!bs_engine_change_commit (bs_api_request_get_store (request),
                                bs_api_request_get_actor (request),
                                change->expire ? "silence.expired" : "silence.created",
                                apply_silence_change, change, &error))
    {
      bs_api_alerts_respond_gerror (request, error);
      return;
    }
  answer = bs_alert_silence_to_json (change->silence, change->now);
  bs_api_request_respond_json (request, status, answer);
}

void
bs_api_routes_create_silence (BsApiRequest *request)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (),
                                                    bs_api_request_get_body (request));
  g_autoptr(BsAlertSilence) silence = NULL;
  g_autoptr(GError) error = NULL;
  SilenceChange change = { NULL, g_get_real_time (), FALSE };

  if (!(silence = bs_alert_silence_from_json (body, change.now, &error)))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return;
    }
  g_free (silence->created_by);
  silence->created_by = g_strdup (bs_api_request_get_actor (request));
  change.silence = silence;
  commit_silence_change (request, &change, SOUP_STATUS_CREATED);
}

static BsAlertSilence *
lookup_silence (BsApiRequest *request,
                gint64        now)
{
  g_autoptr(GPtrArray) silences = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "silence", &id))
    return NULL;
  if (!(silences = bs_alert_store_list_silences (bs_api_request_get_store (request), TRUE, now,
                                                 &error)))
    {
      bs_api_request_respond_gerror (request, error);
      return NULL;
    }
  for (guint i = 0; i < silences->len; i++)
    if (((BsAlertSilence *) g_ptr_array_index (silences, i))->id == id)
      return g_ptr_array_steal_index (silences, i);
  bs_api_request_respond_error (request, SOUP_STATUS_NOT_FOUND,
                                "There is no silence with id %" G_GINT64_FORMAT
                                " in this workspace", id);
  return NULL;
}

void
bs_api_routes_expire_silence (BsApiRequest *request)
{
  g_autoptr(BsAlertSilence) silence = NULL;
  SilenceChange change = { NULL, g_get_real_time (), TRUE };

  if (!(silence = lookup_silence (request, change.now)))
    return;
  change.silence = silence;
  commit_silence_change (request, &change, SOUP_STATUS_OK);
}
