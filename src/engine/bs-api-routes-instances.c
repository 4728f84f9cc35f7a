#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-private.h"
#include "bs-api-secrets.h"
#include "bs-engine-change.h"
#include "bs-grafana-instance.h"
#include "bs-grafana-proxy.h"

/* The token of an instance is its secret; every instance may keep one. */

static gint64
instance_secret_id (gconstpointer item)
{
  return ((const BsGrafanaInstance *) item)->id;
}

static JsonNode *
instance_to_json (gconstpointer item,
                  gboolean      has_token)
{
  return bs_grafana_instance_to_json (item, has_token);
}

static const BsApiSecretKind instance_kind = {
  "Grafana instance", "a token", bs_grafana_instance_secret_key, instance_secret_id,
  instance_to_json,
};

static void
respond_instance (BsApiRequest      *request,
                  BsGrafanaInstance *instance,
                  guint              status)
{
  g_autoptr(GPtrArray) items = NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_grafana_instance_free);
  g_ptr_array_add (items, instance);
  bs_api_secrets_respond_items (request, &instance_kind, items, TRUE, status);
}

/* A taken name is a conflict with what exists, not a malformed request. */
static void
respond_store_error (BsApiRequest *request,
                     const GError *error)
{
  if (error->domain == BS_GRAFANA_INSTANCE_ERROR)
    bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  else if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT))
    bs_api_request_respond_error (request, SOUP_STATUS_CONFLICT, "%s", error->message);
  else
    bs_api_request_respond_gerror (request, error);
}

/* Answers 404 (or the store's failure) and returns NULL when there is no such instance. */
static BsGrafanaInstance *
lookup_instance (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  BsGrafanaInstance *instance;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "Grafana instance", &id))
    return NULL;
  if (!(instance = bs_grafana_instance_lookup (bs_api_request_get_store (request), id, &error)))
    bs_api_request_respond_gerror (request, error);
  return instance;
}

/* Every change and its audit event in one transaction */

typedef enum
{
  CHANGE_INSERT,
  CHANGE_UPDATE,
  CHANGE_DELETE,
} ChangeKind;

typedef struct
{
  ChangeKind         kind;
  BsGrafanaInstance *instance;
} RowChange;

static JsonNode *
apply_row_change (BsStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  RowChange *change = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean ok = FALSE;

  switch (change->kind)
    {
    case CHANGE_INSERT:
      ok = bs_grafana_instance_insert (store, change->instance, error);
      break;
    case CHANGE_UPDATE:
      ok = bs_grafana_instance_update (store, change->instance, error);
      break;
    case CHANGE_DELETE:
      ok = bs_grafana_instance_delete (store, change->instance->id, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return NULL;

  /* The event names the instance; its token is never part of it. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, change->instance->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, change->instance->name);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
commit_row_change (BsApiRequest       *request,
                   ChangeKind          kind,
                   BsGrafanaInstance  *instance,
                   GError            **error)
{
  const char *events[] = { "instance.created", "instance.updated", "instance.deleted" };
  RowChange change = { kind, instance };

  return bs_engine_change_commit (bs_api_request_get_store (request),
                                  bs_api_request_get_actor (request), events[kind],
                                  apply_row_change, &change, error);
}

/* GET instances, GET instances/{id} */

void
bs_api_routes_list_instances (BsApiRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = bs_grafana_instance_list (bs_api_request_get_store (request),
                                                         &error);

  if (items == NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return;
    }
  bs_api_secrets_respond_items (request, &instance_kind, items, FALSE, SOUP_STATUS_OK);
}

void
bs_api_routes_get_instance (BsApiRequest *request)
{
  BsGrafanaInstance *instance;

  if ((instance = lookup_instance (request)) != NULL)
    respond_instance (request, instance, SOUP_STATUS_OK);
}

/* Reading the body */

/* Applies the body to @instance; answers 400 naming the field and returns FALSE when it is
 * wrong, 503 when it brings a token and there is nowhere to keep it. */
static gboolean
read_body (BsApiRequest       *request,
           BsGrafanaInstance  *instance,
           const char        **out_token)
{
  g_autoptr(GError) error = NULL;

  if (!bs_grafana_instance_apply_json (instance, bs_api_request_get_body (request), out_token,
                                       &error))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
      return FALSE;
    }
  if (*out_token != NULL && bs_api_secrets_get (request) == NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                    "The engine has no secret store to keep the token in; "
                                    "restart it once the keyring is available, or with an "
                                    "explicit file store (--secrets-file)");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  BsApiRequest      *request;   /* deferred */
  BsGrafanaInstance *instance;
} Pending;

static void
pending_free (Pending *pending)
{
  bs_api_request_unref (pending->request);
  bs_grafana_instance_free (pending->instance);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static Pending *
pending_new (BsApiRequest      *request,
             BsGrafanaInstance *instance)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->request = bs_api_request_defer (request);
  pending->instance = instance;
  return pending;
}

/* POST instances */

static void
respond_created (gpointer user_data)
{
  Pending *pending = user_data;

  respond_instance (pending->request, g_steal_pointer (&pending->instance),
                    SOUP_STATUS_CREATED);
}

/* An instance whose token could not be kept is taken back, with whatever part of the token
 * may have been kept, since a later instance may get the same id. */
static void
take_back_instance (gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!commit_row_change (pending->request, CHANGE_DELETE, pending->instance, &error))
    g_warning ("Could not take back the Grafana instance %" G_GINT64_FORMAT " whose token "
               "could not be kept: %s", pending->instance->id, error->message);
  bs_api_secrets_forget (pending->request, &instance_kind, pending->instance->id);
}

void
bs_api_routes_create_instance (BsApiRequest *request)
{
  g_autoptr(BsGrafanaInstance) instance = bs_grafana_instance_new ();
  g_autoptr(GError) error = NULL;
  Pending *pending;
  const char *token;

  if (!read_body (request, instance, &token))
    return;
  if (!commit_row_change (request, CHANGE_INSERT, instance, &error))
    {
      respond_store_error (request, error);
      return;
    }

  if (token == NULL)
    {
      respond_instance (request, g_steal_pointer (&instance), SOUP_STATUS_CREATED);
      return;
    }
  pending = pending_new (request, g_steal_pointer (&instance));
  bs_api_secrets_store_then (request, &instance_kind, pending->instance->id,
                             pending->instance->name, token, "Could not keep the token",
                             respond_created, take_back_instance, pending,
                             (GDestroyNotify) pending_free);
}

/* PUT instances/{id} */

static void
apply_update (gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!commit_row_change (pending->request, CHANGE_UPDATE, pending->instance, &error))
    respond_store_error (pending->request, error);
  else
    respond_instance (pending->request, g_steal_pointer (&pending->instance), SOUP_STATUS_OK);
}

void
bs_api_routes_update_instance (BsApiRequest *request)
{
  g_autoptr(BsGrafanaInstance) instance = NULL;
  g_autoptr(Pending) pending = NULL;
  Pending *stored;
  const char *token;

  if (!(instance = lookup_instance (request)) ||
      !read_body (request, instance, &token))
    return;

  pending = pending_new (request, g_steal_pointer (&instance));
  /* The token first: if the secret store refuses it, nothing has changed. */
  if (token == NULL)
    {
      apply_update (pending);
      return;
    }
  stored = g_steal_pointer (&pending);
  bs_api_secrets_store_then (request, &instance_kind, stored->instance->id,
                             stored->instance->name, token,
                             "Could not keep the new token; nothing was changed",
                             apply_update, NULL, stored, (GDestroyNotify) pending_free);
}

/* DELETE instances/{id} */

static void
remove_row (Pending *pending)
{
  g_autoptr(GError) error = NULL;

  if (!commit_row_change (pending->request, CHANGE_DELETE, pending->instance, &error))
    respond_store_error (pending->request, error);
  else
    bs_api_request_respond_no_content (pending->request);
}

static void
on_token_cleared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_secret_store_clear_finish (BS_SECRET_STORE (object), result, &error))
    bs_api_secrets_respond_error (pending->request, BS_SECRET_STORE (object),
                                  "Could not remove the token, so the instance is kept",
                                  error);
  else
    remove_row (pending);
}

void
bs_api_routes_delete_instance (BsApiRequest *request)
{
  BsSecretStore *secrets = bs_api_secrets_get (request);
  g_autoptr(BsGrafanaInstance) instance = NULL;
  g_autoptr(Pending) pending = NULL;
  g_autofree char *key = NULL;

  if (!(instance = lookup_instance (request)))
    return;

  pending = pending_new (request, g_steal_pointer (&instance));
  /* The token goes first: an instance that is gone must not leave its token behind. */
  if (secrets != NULL)
    {
      key = bs_grafana_instance_secret_key (pending->instance->id);
      bs_secret_store_clear_async (secrets, key, bs_api_request_get_cancellable (request),
                                   on_token_cleared, g_steal_pointer (&pending));
      return;
    }
  remove_row (pending);
}

/* POST instances/{id}/test */

typedef struct
{
  char    *url;
  char    *token;
  char    *ca_file;
  gboolean skip_verify;
  gint64   org_id;
  gint64   elapsed_us;    /* written by the worker, read once it is done */
} Check;

static void
check_free (gpointer data)
{
  Check *check = data;

  g_free (check->url);
  bs_api_secrets_wipe_free (check->token);
  g_free (check->ca_file);
  g_free (check);
}

static JsonNode *
run_check (gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Check *check = data;
  BsGrafanaTls tls = { check->ca_file, check->skip_verify };
  gint64 start = g_get_monotonic_time ();
  JsonNode *result;

  result = bs_grafana_proxy_check_instance (check->url, check->token, &tls, cancellable,
                                            error);
  check->elapsed_us = g_get_monotonic_time () - start;
  return result;
}

/* A word a program can switch on, beside the message a person reads. */
static const char *
reason_for_error (const GError *error)
{
  if (error->domain != BS_GRAFANA_PROXY_ERROR)
    return "error";
  switch (error->code)
    {
    case BS_GRAFANA_PROXY_ERROR_INVALID_URL:
    case BS_GRAFANA_PROXY_ERROR_UNREACHABLE:
      return "unreachable";
    case BS_GRAFANA_PROXY_ERROR_TIMEOUT:
      return "timeout";
    case BS_GRAFANA_PROXY_ERROR_TLS:
      return "tls";
    case BS_GRAFANA_PROXY_ERROR_UNAUTHORIZED:
      return "unauthorized";
    case BS_GRAFANA_PROXY_ERROR_FORBIDDEN:
      return "forbidden";
    case BS_GRAFANA_PROXY_ERROR_NOT_FOUND:
    case BS_GRAFANA_PROXY_ERROR_BAD_RESPONSE:
      return "not_grafana";
    default:
      return "error";
    }
}

static void
respond_check (BsApiRequest *request,
               const char   *reason,
               const char   *message,
               JsonNode     *result,
               gint64        elapsed_us)
{
  JsonObject *found = result != NULL ? json_node_get_object (result) : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, reason == NULL ? "ok" : "error");
  json_builder_set_member_name (builder, "reason");
  if (reason != NULL)
    json_builder_add_string_value (builder, reason);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "version");
  if (found != NULL)
    json_builder_add_value (builder, json_node_copy (json_object_get_member (found, "version")));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "org");
  if (found != NULL)
    json_builder_add_value (builder, json_node_copy (json_object_get_member (found, "org")));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_int_value (builder, elapsed_us / 1000);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
on_checked (BsApiRequest *request,
            JsonNode     *result,
            const GError *error,
            gpointer      data)
{
  Check *check = data;
  g_autofree char *message = NULL;
  JsonObject *org;
  gint64 org_id;

  if (error != NULL)
    {
      respond_check (request, reason_for_error (error), error->message, NULL,
                     check->elapsed_us);
      return;
    }

  org = json_object_get_object_member (json_node_get_object (result), "org");
  org_id = json_object_get_int_member (org, "id");
  if (org_id != check->org_id)
    {
      message = g_strdup_printf ("The token belongs to the organisation “%s” (id %"
                                 G_GINT64_FORMAT "), but this instance is set to org id %"
                                 G_GINT64_FORMAT ". Use a token of that organisation, or "
                                 "set org_id to %" G_GINT64_FORMAT ".",
                                 json_object_get_string_member_with_default (org, "name", ""),
                                 org_id, check->org_id, org_id);
      respond_check (request, "wrong_org", message, result, check->elapsed_us);
      return;
    }
  message = g_strdup_printf ("Connected: Grafana %s, organisation “%s”; the token is "
                             "accepted",
                             json_object_get_string_member_with_default (
                               json_node_get_object (result), "version", "(version hidden)"),
                             json_object_get_string_member_with_default (org, "name", ""));
  respond_check (request, NULL, message, result, check->elapsed_us);
}

typedef struct
{
  BsApiRequest *request;   /* deferred */
  Check        *check;
} TokenRead;

static void
on_token_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TokenRead *read = user_data;
  g_autoptr(BsApiRequest) request = read->request;
  Check *check = read->check;
  g_autoptr(GError) error = NULL;

  g_free (read);
  check->token = bs_secret_store_lookup_finish (BS_SECRET_STORE (object), result, &error);
  if (error != NULL)
    {
      check_free (check);
      bs_api_secrets_respond_error (request, BS_SECRET_STORE (object),
                                    "Could not read the token of this instance", error);
      return;
    }
  if (check->token == NULL)
    {
      check_free (check);
      respond_check (request, "no_token", "This instance has no token yet: add the "
                     "service-account token of its Grafana first", NULL, 0);
      return;
    }
  bs_api_request_run_in_thread (request, run_check, on_checked, check, check_free);
}

void
bs_api_routes_test_instance (BsApiRequest *request)
{
  BsSecretStore *secrets = bs_api_secrets_get (request);
  g_autoptr(BsGrafanaInstance) instance = NULL;
  g_autofree char *key = NULL;
  TokenRead *read;
  Check *check;

  if (!(instance = lookup_instance (request)))
    return;
  if (secrets == NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                    "This engine has no secret store, so it cannot read the "
                                    "token of a Grafana instance");
      return;
    }

  check = g_new0 (Check, 1);
  check->url = g_steal_pointer (&instance->url);
  check->ca_file = g_steal_pointer (&instance->ca_file);
  check->skip_verify = instance->tls_skip_verify;
  check->org_id = instance->org_id;
  read = g_new0 (TokenRead, 1);
  read->request = bs_api_request_defer (request);
  read->check = check;
  key = bs_grafana_instance_secret_key (instance->id);
  bs_secret_store_lookup_async (secrets, key, bs_api_request_get_cancellable (request),
                                on_token_read, read);
}
