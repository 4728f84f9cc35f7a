/* bs-dashboard-drafts.c — autosaved drafts of dashboards, one JSON file each. */
#define G_LOG_DOMAIN "bs-dashboard-drafts"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bs-dashboard-drafts.h"

#define DRAFT_SUFFIX ".json"
#define LIST_BATCH 32

struct _BsDashboardDrafts
{
  GObject  parent_instance;
  GFile   *folder;
};

G_DEFINE_FINAL_TYPE (BsDashboardDrafts, bs_dashboard_drafts, G_TYPE_OBJECT)

G_DEFINE_QUARK (bs-dashboard-drafts-error-quark, bs_dashboard_drafts_error)

void
bs_dashboard_draft_free (BsDashboardDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->uid);
  g_clear_pointer (&draft->saved_at, g_date_time_unref);
  g_clear_pointer (&draft->dashboard, bs_dashboard_free);
  g_free (draft);
}

static void
bs_dashboard_drafts_finalize (GObject *object)
{
  BsDashboardDrafts *self = BS_DASHBOARD_DRAFTS (object);

  g_clear_object (&self->folder);

  G_OBJECT_CLASS (bs_dashboard_drafts_parent_class)->finalize (object);
}

static void
bs_dashboard_drafts_class_init (BsDashboardDraftsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_dashboard_drafts_finalize;
}

static void
bs_dashboard_drafts_init (BsDashboardDrafts *self)
{
}

BsDashboardDrafts *
bs_dashboard_drafts_new (GFile *folder)
{
  BsDashboardDrafts *self;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_object_new (BS_TYPE_DASHBOARD_DRAFTS, NULL);
  self->folder = g_object_ref (folder);

  return self;
}

BsDashboardDrafts *
bs_dashboard_drafts_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "business-studio",
                                            "drafts", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (path);

  return bs_dashboard_drafts_new (folder);
}

/* Grafana's uids are letters, digits, '-' and '_'; anything else (a '/', a "..") is written
 * as %XX so that a uid can never name a file outside the folder. */
static GFile *
draft_file (BsDashboardDrafts *self,
            const char        *uid)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = uid; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (name, *p);
      else
        g_string_append_printf (name, "%%%02X", (guint) (guchar) *p);
    }
  g_string_append (name, DRAFT_SUFFIX);

  return g_file_get_child (self->folder, name->str);
}

/* Saving */

typedef struct
{
  GFile  *file;
  GFile  *partial;   /* beside @file, renamed over it when complete */
  GBytes *contents;
  char   *title;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->partial);
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_free (data->title);
  g_free (data);
}

static GBytes *
draft_contents (const BsDashboard *dashboard,
                gint64             base_version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *saved_at = g_date_time_format_iso8601 (now);
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uid");
  json_builder_add_string_value (builder, dashboard->uid);
  json_builder_set_member_name (builder, "base_version");
  json_builder_add_int_value (builder, base_version);
  json_builder_set_member_name (builder, "saved_at");
  json_builder_add_string_value (builder, saved_at);
  json_builder_set_member_name (builder, "dashboard");
  json_builder_add_value (builder, bs_dashboard_to_json (dashboard));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  length = strlen (text);

  return g_bytes_new_take (text, length);
}

static void
save_failed (GTask  *task,
             GError *error)
{
  SaveData *data = g_task_get_task_data (task);

  if (data->partial != NULL)
    g_file_delete_async (data->partial, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, _("The draft of “%s” could not be saved: "), data->title);
  g_task_return_error (task, error);
}

static void
moved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (source), result, &error))
    save_failed (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      save_failed (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  g_file_move_async (data->partial, data->file, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     cancellable, NULL, NULL, moved_cb, g_steal_pointer (&task));
}

/* Written beside the draft under a name list never reads (".x.json.….partial") and renamed
 * over it when complete: GLib writes a new file in place, and a crash then must not leave
 * half a draft where the whole one was expected. */
static void
write_draft (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  g_autofree char *name = g_file_get_basename (data->file);
  /* Its own name for each save: two saves of one dashboard may overlap (an autosave while
   * the one before is still writing), and each must rename a whole file of its own. */
  g_autofree char *partial = g_strdup_printf (".%s.%08x.partial", name, g_random_int ());
  g_autoptr(GFile) folder = g_file_get_parent (data->file);
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data->contents, &size);

  data->partial = g_file_get_child (folder, partial);
  g_file_replace_contents_async (data->partial, bytes, size, NULL, FALSE,
                                 G_FILE_CREATE_PRIVATE, g_task_get_cancellable (task),
                                 written_cb, task);
}

/* The drafts hold what a person is working on, so the folder is theirs alone; only a
 * folder made here gets that mode: one that exists keeps what its owner gave it. */
static void
make_folder_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  BsDashboardDrafts *self = source_object;
  g_autofree char *path = g_file_get_path (self->folder);

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The drafts folder must be a local folder"));
      return;
    }
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("The folder “%s” could not be made: %s"), path,
                               g_strerror (saved_errno));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
folder_made_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      save_failed (task, error);
      return;
    }
  write_draft (g_steal_pointer (&task));
}

void
bs_dashboard_drafts_save_async (BsDashboardDrafts   *self,
                                const BsDashboard   *dashboard,
                                gint64               base_version,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) folder_task = NULL;
  SaveData *data;

  g_return_if_fail (BS_IS_DASHBOARD_DRAFTS (self));
  g_return_if_fail (dashboard != NULL);
  g_return_if_fail (dashboard->uid != NULL && dashboard->uid[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_dashboard_drafts_save_async);
  /* The JSON is made now: the caller may change the dashboard while the file is written. */
  data = g_new0 (SaveData, 1);
  data->file = draft_file (self, dashboard->uid);
  data->contents = draft_contents (dashboard, base_version);
  data->title = g_strdup (dashboard->title);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  folder_task = g_task_new (self, cancellable, folder_made_cb, g_steal_pointer (&task));
  g_task_set_source_tag (folder_task, make_folder_thread);
  g_task_run_in_thread (folder_task, make_folder_thread);
}

gboolean
bs_dashboard_drafts_save_finish (BsDashboardDrafts  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_DRAFTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Listing */

typedef struct
{
  GFileEnumerator *enumerator;
  GPtrArray       *names;   /* char*: the files still to read */
  GPtrArray       *drafts;  /* BsDashboardDraft* */
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->enumerator);
  g_clear_pointer (&data->names, g_ptr_array_unref);
  g_clear_pointer (&data->drafts, g_ptr_array_unref);
  g_free (data);
}

static gboolean
draft_invalid (GError    **error,
               const char *what)
{
  g_set_error_literal (error, BS_DASHBOARD_DRAFTS_ERROR, BS_DASHBOARD_DRAFTS_ERROR_INVALID,
                       what);
  return FALSE;
}

static gboolean
read_draft_header (JsonObject        *object,
                   BsDashboardDraft  *draft,
                   GError           **error)
{
  JsonNode *uid = json_object_get_member (object, "uid");
  JsonNode *version = json_object_get_member (object, "base_version");
  JsonNode *saved_at = json_object_get_member (object, "saved_at");

  if (uid == NULL || json_node_get_value_type (uid) != G_TYPE_STRING)
    return draft_invalid (error, _("it has no “uid”"));
  if (version != NULL && json_node_get_value_type (version) != G_TYPE_INT64)
    return draft_invalid (error, _("its “base_version” is not a whole number"));
  if (saved_at == NULL || json_node_get_value_type (saved_at) != G_TYPE_STRING)
    return draft_invalid (error, _("it has no “saved_at” time"));

  draft->uid = g_strdup (json_node_get_string (uid));
  draft->base_version = version != NULL ? json_node_get_int (version) : 0;
  draft->saved_at = g_date_time_new_from_iso8601 (json_node_get_string (saved_at), NULL);
  if (draft->saved_at == NULL)
    return draft_invalid (error, _("its “saved_at” is not a time"));

  return TRUE;
}

static BsDashboardDraft *
parse_draft (const char  *text,
             gsize        length,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BsDashboardDraft) draft = g_new0 (BsDashboardDraft, 1);
  JsonNode *root;
  JsonNode *dashboard;

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      draft_invalid (error, _("it is not a JSON object"));
      return NULL;
    }
  if (!read_draft_header (json_node_get_object (root), draft, error))
    return NULL;
  dashboard = json_object_get_member (json_node_get_object (root), "dashboard");
  if (dashboard == NULL || !JSON_NODE_HOLDS_OBJECT (dashboard))
    {
      draft_invalid (error, _("it has no dashboard"));
      return NULL;
    }
  draft->dashboard = bs_dashboard_from_json (dashboard, error);
  if (draft->dashboard == NULL)
    return NULL;

  return g_steal_pointer (&draft);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const BsDashboardDraft *first = *(BsDashboardDraft * const *) a;
  const BsDashboardDraft *second = *(BsDashboardDraft * const *) b;

  return g_date_time_compare (second->saved_at, first->saved_at);
}

static void read_next (GTask *task);

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));
  BsDashboardDraft *draft = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &text, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* Removed between the listing and now (discarded elsewhere): simply not a draft. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Skipped the draft “%s”: %s", path, error->message);
    }
  else if ((draft = parse_draft (text, length, &error)) == NULL)
    g_warning ("Skipped the draft “%s”, which is kept as it is: %s", path, error->message);
  else
    g_ptr_array_add (data->drafts, draft);

  read_next (g_steal_pointer (&task));
}

/* One file at a time: a folder holds a handful of drafts, and this keeps at most one
 * dashboard's text in memory besides the parsed ones. */
static void
read_next (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  BsDashboardDrafts *self = g_task_get_source_object (task);
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  if (data->names->len == 0)
    {
      g_ptr_array_sort (data->drafts, compare_newest_first);
      g_task_return_pointer (task, g_steal_pointer (&data->drafts),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  name = g_ptr_array_steal_index (data->names, data->names->len - 1);
  file = g_file_get_child (self->folder, name);
  g_file_load_contents_async (file, g_task_get_cancellable (task), loaded_cb, task);
}

static int
compare_names_descending (gconstpointer a,
                          gconstpointer b)
{
  return strcmp (*(const char * const *) b, *(const char * const *) a);
}

static void next_files_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
enumerate_more (GTask *task)
{
  ListData *data = g_task_get_task_data (task);

  g_file_enumerator_next_files_async (data->enumerator, LIST_BATCH, G_PRIORITY_DEFAULT,
                                      g_task_get_cancellable (task), next_files_cb, task);
}

static void
next_files_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GList *infos;

  infos = g_file_enumerator_next_files_finish (G_FILE_ENUMERATOR (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (infos == NULL)
    {
      /* Read in the order of their names (from the end of the array), so that warnings
       * about broken files always come in the same order. */
      g_ptr_array_sort (data->names, compare_names_descending);
      read_next (task);
      return;
    }

  for (GList *l = infos; l != NULL; l = l->next)
    {
      GFileInfo *info = l->data;
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          g_str_has_suffix (name, DRAFT_SUFFIX) && name[0] != '.')
        g_ptr_array_add (data->names, g_strdup (name));
    }
  g_list_free_full (infos, g_object_unref);
  enumerate_more (task);
}

static void
enumerated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->enumerator = g_file_enumerate_children_finish (G_FILE (source), result, &error);
  if (data->enumerator != NULL)
    {
      enumerate_more (task);
      return;
    }

  /* No folder yet: nothing was ever saved, so there are no drafts. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      read_next (task);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, _("The drafts could not be listed: "));
  g_task_return_error (task, error);
  g_object_unref (task);
}

void
bs_dashboard_drafts_list_async (BsDashboardDrafts   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  ListData *data;

  g_return_if_fail (BS_IS_DASHBOARD_DRAFTS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_dashboard_drafts_list_async);
  data = g_new0 (ListData, 1);
  data->names = g_ptr_array_new_with_free_func (g_free);
  data->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_dashboard_draft_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  g_file_enumerate_children_async (self->folder,
                                   G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                   G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                                   enumerated_cb, task);
}

GPtrArray *
bs_dashboard_drafts_list_finish (BsDashboardDrafts  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_DRAFTS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Discarding */

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_delete_finish (G_FILE (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, _("The draft could not be removed: "));
  g_task_return_error (task, error);
}

void
bs_dashboard_drafts_discard_async (BsDashboardDrafts   *self,
                                   const char          *uid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GFile) file = NULL;
  GTask *task;

  g_return_if_fail (BS_IS_DASHBOARD_DRAFTS (self));
  g_return_if_fail (uid != NULL && uid[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_dashboard_drafts_discard_async);
  file = draft_file (self, uid);
  g_file_delete_async (file, G_PRIORITY_DEFAULT, cancellable, deleted_cb, task);
}

gboolean
bs_dashboard_drafts_discard_finish (BsDashboardDrafts  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_DRAFTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
