#define G_LOG_DOMAIN "bs-api-routes"

#include "config.h"

#include "bs-api-routes-private.h"
#include "bs-csv-import.h"
#include "bs-engine-data-sources.h"
#include "bs-engine-json.h"

#define MAX_NAME_LENGTH 100

/* CSV imports: each runs on a worker thread (bs_csv_import_file_async) and is polled with
 * GET imports/{id}. They write to one database, so they run one after the other; the
 * rest wait in line, "running" with nothing read yet. Reports are kept in memory for as
 * long as the engine runs. */

typedef enum
{
  IMPORT_RUNNING,
  IMPORT_DONE,
  IMPORT_FAILED,
  IMPORT_CANCELLED,
} ImportState;

static const char * const state_names[] = { "running", "done", "failed", "cancelled" };

typedef struct _Imports Imports;

typedef struct
{
  gatomicrefcount    ref_count;
  Imports           *owner;         /* NULL once the engine let go of its imports */
  gint64             id;
  char              *csv_path;
  char              *db_path;
  char              *name;          /* the source name asked for, or NULL */
  char              *actor;
  BsStore           *store;
  GCancellable      *cancellable;

  ImportState        state;
  guint64            bytes_read;
  guint64            bytes_total;
  BsCsvImportReport *report;
  BsDataSource      *source;
  char              *error;
} Import;

struct _Imports
{
  GHashTable *by_id;    /* gint64* -> Import* (a reference) */
  GQueue      waiting;  /* Import* (borrowed from by_id) */
  Import     *active;
  gint64      last_id;
};

static Import *
import_ref (Import *import)
{
  g_atomic_ref_count_inc (&import->ref_count);
  return import;
}

static void
import_unref (Import *import)
{
  if (!g_atomic_ref_count_dec (&import->ref_count))
    return;

  g_free (import->csv_path);
  g_free (import->db_path);
  g_free (import->name);
  g_free (import->actor);
  g_clear_object (&import->store);
  g_clear_object (&import->cancellable);
  g_clear_pointer (&import->report, bs_csv_import_report_free);
  g_clear_pointer (&import->source, bs_data_source_free);
  g_free (import->error);
  g_free (import);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_unref)

static void
imports_free (gpointer data)
{
  Imports *imports = data;
  GHashTableIter iter;
  gpointer value;

  /* The engine is going away: stop what runs; a finishing import only tidies up. */
  g_hash_table_iter_init (&iter, imports->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Import *import = value;

      import->owner = NULL;
      g_cancellable_cancel (import->cancellable);
    }

  g_queue_clear (&imports->waiting);
  g_hash_table_unref (imports->by_id);
  g_free (imports);
}

static Imports *
get_imports (BsApiRequest *request)
{
  GObject *server = G_OBJECT (bs_api_request_get_server (request));
  Imports *imports = g_object_get_data (server, "bs-api-imports");

  /* Kept on the server, so that they live and die with it. */
  if (imports == NULL)
    {
      imports = g_new0 (Imports, 1);
      imports->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                              (GDestroyNotify) import_unref);
      g_queue_init (&imports->waiting);
      g_object_set_data_full (server, "bs-api-imports", imports, imports_free);
    }
  return imports;
}

/* The answer */

static JsonNode *
import_to_json (Import *import)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, import->id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state_names[import->state]);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, import->csv_path);
  json_builder_set_member_name (builder, "bytes_read");
  json_builder_add_int_value (builder, (gint64) import->bytes_read);
  json_builder_set_member_name (builder, "bytes_total");
  json_builder_add_int_value (builder, (gint64) import->bytes_total);
  bs_engine_json_add_string_or_null (builder, "table", import->report != NULL
                                     ? bs_csv_import_report_get_table (import->report) : NULL);
  bs_engine_imports_add_report (builder, import->report);
  json_builder_set_member_name (builder, "source");
  if (import->source != NULL)
    json_builder_add_value (builder, bs_engine_data_source_to_json (import->source, FALSE));
  else
    json_builder_add_null_value (builder);
  bs_engine_json_add_string_or_null (builder, "error", import->error);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Running */

static void start_next (Imports *imports);

static void
record_finished (Import *import)
{
  g_autoptr(GError) error = NULL;

  if (!bs_engine_imports_record_finished (import->store, import->actor, import->id,
                                          state_names[import->state], import->csv_path,
                                          import->report, import->source, import->error,
                                          &error))
    g_warning ("Could not record the end of import %" G_GINT64_FORMAT ": %s",
               import->id, error->message);
}

static void
add_source (Import *import)
{
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  json_object_set_string_member (settings, "database", import->db_path);
  json_object_set_string_member (settings, "table",
                                 bs_csv_import_report_get_table (import->report));
  json_object_set_string_member (settings, "file", import->csv_path);

  /* The name was free when the import was asked for; if it has been taken since, the
   * imported rows are worth more than the name. */
  if (!(name = bs_engine_imports_pick_name (import->store, import->name, import->csv_path,
                                            &error)) ||
      !(import->source = bs_engine_data_source_create (import->store, import->actor, name,
                                                       "csv", settings, &error)))
    {
      import->state = IMPORT_FAILED;
      import->error = g_strdup_printf ("The rows were imported into the table “%s” of %s, "
                                       "but the data source could not be added: %s",
                                       bs_csv_import_report_get_table (import->report),
                                       import->db_path, error->message);
      return;
    }

  import->state = IMPORT_DONE;
}

static void
on_import_progress (guint64  bytes_read,
                    guint64  bytes_total,
                    gpointer user_data)
{
  Import *import = user_data;

  import->bytes_read = bytes_read;
  import->bytes_total = bytes_total;
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Import) import = user_data;
  g_autoptr(GError) error = NULL;

  import->report = bs_csv_import_file_finish (result, &error);
  if (import->report != NULL)
    add_source (import);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    import->state = IMPORT_CANCELLED;
  else
    {
      import->state = IMPORT_FAILED;
      import->error = g_strdup (error->message);
    }

  g_message ("Import %" G_GINT64_FORMAT " of %s: %s", import->id, import->csv_path,
             import->report != NULL ? bs_csv_import_report_get_summary (import->report)
                                    : state_names[import->state]);
  record_finished (import);

  if (import->owner != NULL)
    {
      import->owner->active = NULL;
      start_next (import->owner);
    }
}

static void
start_next (Imports *imports)
{
  Import *import;

  if (imports->active != NULL || !(import = g_queue_pop_head (&imports->waiting)))
    return;

  imports->active = import;
  bs_csv_import_file_async (import->csv_path, import->db_path, NULL, on_import_progress,
                            import, import->cancellable, on_import_done, import_ref (import));
}

/* POST imports */

static gboolean
check_import_fields (BsApiRequest *request)
{
  g_autoptr(GList) members = json_object_get_members (bs_api_request_get_body (request));

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_str_equal (l->data, "path") && !g_str_equal (l->data, "name"))
        {
          bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                        "An import has no field “%s”; it takes path and name",
                                        (const char *) l->data);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
describe_private_file (BsApiRequest *request,
                       const char   *path)
{
  BsApiServer *server = bs_api_request_get_server (request);
  BsSecretStore *secrets = bs_api_server_get_secret_store (server);

  /* Its rows would be there for every viewer to read: the secrets above all. */
  if (bs_engine_is_private_file (path, bs_api_server_get_data_dir (server),
                                 secrets != NULL ? bs_secret_store_get_file (secrets) : NULL))
    return g_strdup ("it is one of the engine's own private files");
  return NULL;
}

static gboolean
read_import_path (BsApiRequest  *request,
                  const char   **out_path,
                  guint64       *out_size)
{
  g_autofree char *why = NULL;

  if (!bs_api_request_get_string_field (request, "path", TRUE, out_path))
    return FALSE;

  if ((why = bs_engine_describe_unreadable_file (*out_path, out_size)) != NULL ||
      (why = describe_private_file (request, *out_path)) != NULL)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “path” must name a readable CSV file, and %s "
                                    "is not one: %s", *out_path, why);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_import_name (BsApiRequest  *request,
                  const char   **out_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *free_name = NULL;
  glong length;

  if (!bs_api_request_get_string_field (request, "name", FALSE, out_name))
    return FALSE;
  if (*out_name == NULL)
    return TRUE;

  length = g_utf8_strlen (*out_name, -1);
  if (length == 0 || length > MAX_NAME_LENGTH)
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “name” must be 1 to %d characters long",
                                    MAX_NAME_LENGTH);
      return FALSE;
    }

  /* Say so now rather than after a long import. */
  free_name = bs_engine_imports_pick_name (bs_api_request_get_store (request), *out_name,
                                           NULL, &error);
  if (free_name == NULL)
    {
      bs_api_request_respond_gerror (request, error);
      return FALSE;
    }
  if (!g_str_equal (free_name, *out_name))
    {
      bs_api_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                    "The field “name”: a data source called “%s” already "
                                    "exists; pick another name", *out_name);
      return FALSE;
    }
  return TRUE;
}

void
bs_api_routes_create_import (BsApiRequest *request)
{
  BsApiServer *server = bs_api_request_get_server (request);
  Imports *imports = get_imports (request);
  g_autoptr(JsonNode) root = NULL;
  const char *path = NULL;
  const char *name = NULL;
  guint64 size = 0;
  Import *import;

  if (!check_import_fields (request) ||
      !read_import_path (request, &path, &size) ||
      !read_import_name (request, &name))
    return;

  import = g_new0 (Import, 1);
  g_atomic_ref_count_init (&import->ref_count);
  import->owner = imports;
  import->id = ++imports->last_id;
  import->csv_path = g_strdup (path);
  import->db_path = bs_engine_imports_get_database (bs_api_server_get_data_dir (server));
  import->name = g_strdup (name);
  import->actor = g_strdup (bs_api_request_get_actor (request));
  import->store = g_object_ref (bs_api_request_get_store (request));
  import->cancellable = g_cancellable_new ();
  import->bytes_total = size;
  g_hash_table_insert (imports->by_id, &import->id, import);
  g_queue_push_tail (&imports->waiting, import);
  start_next (imports);

  root = import_to_json (import);
  bs_api_request_respond_json (request, SOUP_STATUS_ACCEPTED, root);
}

/* GET, DELETE imports/{id} */

static Import *
lookup_import (BsApiRequest *request)
{
  Imports *imports = get_imports (request);
  Import *import;
  gint64 id;

  if (!bs_api_request_get_id_param (request, "id", "import", &id))
    return NULL;

  if (!(import = g_hash_table_lookup (imports->by_id, &id)))
    bs_api_request_respond_error (request, SOUP_STATUS_NOT_FOUND,
                                  "There is no import with id %" G_GINT64_FORMAT " (imports are "
                                  "remembered until the engine stops)", id);
  return import;
}

void
bs_api_routes_get_import (BsApiRequest *request)
{
  g_autoptr(JsonNode) root = NULL;
  Import *import;

  if (!(import = lookup_import (request)))
    return;

  root = import_to_json (import);
  bs_api_request_respond_json (request, SOUP_STATUS_OK, root);
}

static void
add_import (JsonBuilder   *builder,
            gconstpointer  item)
{
  json_builder_add_value (builder, import_to_json ((Import *) item));
}

static gint
compare_imports (gconstpointer a,
                 gconstpointer b)
{
  gint64 id_a = (*(Import **) a)->id;
  gint64 id_b = (*(Import **) b)->id;

  return id_a < id_b ? -1 : id_a > id_b;
}

void
bs_api_routes_list_imports (BsApiRequest *request)
{
  Imports *imports = get_imports (request);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, imports->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (items, value);
  g_ptr_array_sort (items, compare_imports);

  bs_api_request_respond_items (request, items, NULL, add_import);
}

void
bs_api_routes_cancel_import (BsApiRequest *request)
{
  Imports *imports = get_imports (request);
  Import *import;

  if (!(import = lookup_import (request)))
    return;

  /* One still waiting in line never started: it ends here. A finished one stays as it
   * ended. */
  if (import->state == IMPORT_RUNNING && g_queue_remove (&imports->waiting, import))
    {
      import->state = IMPORT_CANCELLED;
      record_finished (import);
    }
  g_cancellable_cancel (import->cancellable);

  bs_api_request_respond_no_content (request);
}
