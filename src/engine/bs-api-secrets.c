#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include <string.h>

#include "bs-api-secrets.h"
#include "bs-api-server.h"
#include "bs-engine-data-sources.h"

BsSecretStore *
bs_api_secrets_get (BsApiRequest *request)
{
  return bs_api_server_get_secret_store (bs_api_request_get_server (request));
}

void
bs_api_secrets_wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* Answering items with whether each keeps a secret */

typedef struct
{
  BsApiRequest          *request;      /* deferred */
  const BsApiSecretKind *kind;
  GPtrArray             *items;
  gboolean              *has_secret;
  guint                  next;
  gboolean               single;
  guint                  status;
} SecretCheck;

static void
secret_check_free (SecretCheck *check)
{
  bs_api_request_unref (check->request);
  g_ptr_array_unref (check->items);
  g_free (check->has_secret);
  g_free (check);
}

static void
respond_checked (SecretCheck *check)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;

  if (check->single)
    {
      root = check->kind->to_json (g_ptr_array_index (check->items, 0), check->has_secret[0]);
      bs_api_request_respond_json (check->request, check->status, root);
      return;
    }

  items = json_array_new ();
  for (guint i = 0; i < check->items->len; i++)
    json_array_add_element (items, check->kind->to_json (g_ptr_array_index (check->items, i),
                                                         check->has_secret[i]));
  root = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_array_member (json_node_get_object (root), "items", items);
  bs_api_request_respond_json (check->request, check->status, root);
}

static void check_next (SecretCheck *check);

static void
on_secret_checked (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SecretCheck *check = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = bs_secret_store_lookup_finish (BS_SECRET_STORE (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not tell whether %s %" G_GINT64_FORMAT " has %s: %s",
               check->kind->item,
               check->kind->secret_id (g_ptr_array_index (check->items, check->next)),
               check->kind->secret, error->message);
  check->has_secret[check->next] = secret != NULL;
  bs_api_secrets_wipe_free (secret);

  check->next++;
  check_next (check);
}

static void
check_next (SecretCheck *check)
{
  BsSecretStore *secrets = bs_api_secrets_get (check->request);
  GCancellable *cancellable = bs_api_request_get_cancellable (check->request);

  for (; check->next < check->items->len; check->next++)
    {
      gint64 id = check->kind->secret_id (g_ptr_array_index (check->items, check->next));
      g_autofree char *key = NULL;

      if (id == 0 || secrets == NULL || g_cancellable_is_cancelled (cancellable))
        continue;

      key = check->kind->secret_key (id);
      bs_secret_store_lookup_async (secrets, key, cancellable, on_secret_checked, check);
      return;
    }

  respond_checked (check);
  secret_check_free (check);
}

void
bs_api_secrets_respond_items (BsApiRequest          *request,
                              const BsApiSecretKind *kind,
                              GPtrArray             *items,
                              gboolean               single,
                              guint                  status)
{
  SecretCheck *check = g_new0 (SecretCheck, 1);

  check->request = bs_api_request_defer (request);
  check->kind = kind;
  check->items = g_ptr_array_ref (items);
  check->has_secret = g_new0 (gboolean, MAX (items->len, 1));
  check->single = single;
  check->status = status;
  check_next (check);
}

/* Keeping and forgetting a secret */

typedef struct
{
  BsApiRequest        *request;   /* deferred */
  const char          *failure;
  BsApiSecretStepFunc  then;
  BsApiSecretStepFunc  undo;
  gpointer             user_data;
  GDestroyNotify       destroy;
} SecretStep;

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SecretStep *step = user_data;
  g_autoptr(GError) error = NULL;

  if (bs_secret_store_store_finish (BS_SECRET_STORE (object), result, &error))
    step->then (step->user_data);
  else
    {
      if (step->undo != NULL)
        step->undo (step->user_data);
      bs_api_secrets_respond_error (step->request, BS_SECRET_STORE (object), step->failure,
                                    error);
    }
  if (step->destroy != NULL)
    step->destroy (step->user_data);
  bs_api_request_unref (step->request);
  g_free (step);
}

void
bs_api_secrets_store_then (BsApiRequest          *request,
                           const BsApiSecretKind *kind,
                           gint64                 id,
                           const char            *name,
                           const char            *secret,
                           const char            *failure,
                           BsApiSecretStepFunc    then,
                           BsApiSecretStepFunc    undo,
                           gpointer               user_data,
                           GDestroyNotify         destroy)
{
  g_autofree char *key = kind->secret_key (id);
  g_autofree char *label = g_strdup_printf ("Business Studio %s “%s”", kind->item, name);
  SecretStep *step = g_new0 (SecretStep, 1);

  step->request = bs_api_request_defer (request);
  step->failure = failure;
  step->then = then;
  step->undo = undo;
  step->user_data = user_data;
  step->destroy = destroy;
  bs_secret_store_store_async (bs_api_secrets_get (request), key, label, secret,
                               bs_api_request_get_cancellable (request), on_secret_stored,
                               step);
}

void
bs_api_secrets_forget (BsApiRequest          *request,
                       const BsApiSecretKind *kind,
                       gint64                 id)
{
  g_autofree char *key = kind->secret_key (id);

  if (bs_api_secrets_get (request) != NULL)
    bs_secret_store_clear_async (bs_api_secrets_get (request), key, NULL, NULL, NULL);
}

void
bs_api_secrets_respond_error (BsApiRequest  *request,
                              BsSecretStore *secrets,
                              const char    *what,
                              const GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    bs_api_request_respond_gerror (request, error);
  else
    bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                  "%s in %s: %s", what, bs_secret_store_describe (secrets),
                                  error->message);
}

/* The spec of a data source, with its token */

typedef struct
{
  BsApiRequest        *request;   /* deferred */
  BsSourceSpec        *spec;
  BsApiSourceSpecFunc  ready;
  gpointer             user_data;
  GDestroyNotify       destroy;
} TokenRead;

static BsSourceSpec *
spec_from_source (BsApiRequest       *request,
                  const BsDataSource *source)
{
  const char *data_dir = bs_api_server_get_data_dir (bs_api_request_get_server (request));
  BsSourceSpec *spec = bs_source_spec_new (source->id, source->name, source->kind);

  spec->path = g_strdup (bs_data_source_get_sqlite_file (source));
  spec->table = g_strdup (bs_data_source_get_table (source));
  spec->url = g_strdup (bs_data_source_get_url (source));
  spec->datasource_uid = g_strdup (bs_data_source_get_datasource_uid (source));
  spec->datasource_type = g_strdup (bs_data_source_get_datasource_type (source));
  /* The engine made the demo file and the imports database, so it may index them; a
   * person's own SQLite file is only ever read. */
  spec->owned = source->is_demo || bs_engine_imports_owns_source (data_dir, source);
  return spec;
}

static void
on_token_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TokenRead *read = user_data;
  g_autoptr(BsApiRequest) request = read->request;
  g_autoptr(GError) error = NULL;

  read->spec->token = bs_secret_store_lookup_finish (BS_SECRET_STORE (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      bs_source_spec_free (read->spec);
      if (read->destroy != NULL)
        read->destroy (read->user_data);
      bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                    "Could not read the token of this Grafana data source "
                                    "from %s: %s",
                                    bs_secret_store_describe (BS_SECRET_STORE (object)),
                                    error->message);
    }
  else
    read->ready (request, read->spec, read->user_data);
  g_free (read);
}

void
bs_api_secrets_source_spec (BsApiRequest        *request,
                            const BsDataSource  *source,
                            BsApiSourceSpecFunc  ready,
                            gpointer             user_data,
                            GDestroyNotify       destroy)
{
  BsSecretStore *secrets = bs_api_secrets_get (request);
  g_autofree char *key = NULL;
  TokenRead *read;

  if (!g_str_equal (source->kind, "grafana"))
    {
      ready (request, spec_from_source (request, source), user_data);
      return;
    }
  if (secrets == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      bs_api_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                    "This engine has no secret store, so it cannot read the "
                                    "token of a Grafana data source");
      return;
    }

  read = g_new0 (TokenRead, 1);
  read->request = bs_api_request_defer (request);
  read->spec = spec_from_source (request, source);
  read->ready = ready;
  read->user_data = user_data;
  read->destroy = destroy;
  key = bs_data_source_secret_key (source->id);
  bs_secret_store_lookup_async (secrets, key, bs_api_request_get_cancellable (request),
                                on_token_read, read);
}
