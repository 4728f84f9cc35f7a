#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "bs-add-source-dialog.h"
#include "bs-format.h"

/* How often a running import is asked how far it got. */
#define POLL_INTERVAL_MS 200
/* Enough to see what is wrong with a file; the engine keeps the full list. */
#define MAX_REJECTED_ROWS 200

struct _BsAddSourceDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkButton            *submit_button;
  GtkSpinner           *busy_spinner;
  GtkStack             *page_stack;
  AdwActionRow         *sqlite_file_row;
  AdwPreferencesRow    *sqlite_file_error;
  AdwEntryRow          *sqlite_name_row;
  AdwPreferencesRow    *sqlite_name_error;
  AdwActionRow         *csv_file_row;
  AdwPreferencesRow    *csv_file_error;
  AdwEntryRow          *csv_name_row;
  AdwPreferencesRow    *csv_name_error;
  AdwEntryRow          *prometheus_url_row;
  AdwPreferencesRow    *prometheus_url_error;
  AdwEntryRow          *prometheus_name_row;
  AdwPreferencesRow    *prometheus_name_error;
  AdwEntryRow          *grafana_url_row;
  AdwPreferencesRow    *grafana_url_error;
  AdwPasswordEntryRow  *grafana_token_row;
  AdwPreferencesRow    *grafana_token_error;
  AdwPreferencesGroup  *grafana_sources_group;
  GtkListBox           *grafana_list;
  AdwEntryRow          *grafana_name_row;
  AdwPreferencesRow    *grafana_source_error;
  AdwStatusPage        *import_status;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkButton            *cancel_import_button;
  GtkImage             *report_icon;
  GtkLabel             *report_title;
  GtkLabel             *report_details;
  GtkLabel             *rejected_heading;
  GtkListBox           *rejected_list;

  BsEngineClient       *client;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GFile                *file;
  char                 *error;
  gboolean             busy;
  gint64               added_id;      /* a remote source added but not yet seen answering */
  JsonNode             *grafana_items; /* the instance's data sources, once listed */
  GPtrArray            *grafana_checks;
  gint64               import_id;
  JsonNode             *import;
  guint                poll_id;
  gboolean             poll_in_flight;
};

enum {
  SOURCE_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsAddSourceDialog, bs_add_source_dialog, ADW_TYPE_WINDOW)

/* --- errors next to their fields ----------------------------------------------------------- */

/* The field an error row belongs to is the row just above it. */
static GtkWidget *
field_of (AdwPreferencesRow *error_row)
{
  return gtk_widget_get_prev_sibling (GTK_WIDGET (error_row));
}

static void
clear_errors (BsAddSourceDialog *self)
{
  AdwPreferencesRow *rows[] = {
    self->sqlite_file_error, self->sqlite_name_error, self->csv_file_error,
    self->csv_name_error, self->prometheus_url_error, self->prometheus_name_error,
    self->grafana_url_error, self->grafana_token_error, self->grafana_source_error,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *field = field_of (rows[i]);

      gtk_widget_set_visible (GTK_WIDGET (rows[i]), FALSE);
      if (field != NULL)
        gtk_widget_remove_css_class (field, "error");
    }
  g_clear_pointer (&self->error, g_free);
}

static void
show_error (BsAddSourceDialog *self,
            AdwPreferencesRow *row,
            const char        *message)
{
  GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *field = field_of (row);

  clear_errors (self);
  self->error = g_strdup (message);
  gtk_label_set_label (GTK_LABEL (label), message);
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
  /* Only an entry takes the error colour well; on a row with a button it tints the button. */
  if (ADW_IS_ENTRY_ROW (field))
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
}

/* --- pages and the header bar -------------------------------------------------------------- */

static const char *
page_title (const char *page)
{
  if (g_str_equal (page, "sqlite"))
    return _("SQLite Database File");
  if (g_str_equal (page, "csv") || g_str_equal (page, "import"))
    return _("Import a CSV File");
  if (g_str_equal (page, "report"))
    return _("Import Finished");
  if (g_str_equal (page, "prometheus"))
    return _("Prometheus Server");
  if (g_str_equal (page, "grafana"))
    return _("Grafana Data Source");

  return _("Add a Data Source");
}

static const char *
submit_label (BsAddSourceDialog *self,
              const char        *page)
{
  if (g_str_equal (page, "csv"))
    return _("_Import");
  if (g_str_equal (page, "report"))
    return _("_Done");
  if (self->added_id != 0)
    return _("_Check Again");
  if (g_str_equal (page, "grafana") && self->grafana_items == NULL)
    return _("C_onnect");

  return _("_Add");
}

static void
update_header (BsAddSourceDialog *self)
{
  const char *page = bs_add_source_dialog_get_page (self);
  gboolean form = !g_str_equal (page, "kind") && !g_str_equal (page, "import") &&
                  !g_str_equal (page, "report");

  adw_window_title_set_title (self->window_title, page_title (page));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), form && self->added_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button),
                          form || g_str_equal (page, "report"));
  gtk_button_set_label (self->submit_button, submit_label (self, page));
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->busy);
  gtk_spinner_set_spinning (self->busy_spinner, self->busy);
}

static void
show_page (BsAddSourceDialog *self,
           const char        *page)
{
  gtk_stack_set_visible_child_name (self->page_stack, page);
  update_header (self);
}

static void
set_busy (BsAddSourceDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  update_header (self);
}

static void
request (BsAddSourceDialog   *self,
         const char          *method,
         const char          *path,
         JsonNode            *body,
         GAsyncReadyCallback  callback)
{
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, method, path, body, self->cancellable,
                                  callback, g_object_ref (self));
}

/* Finishes a request made with request (): NULL and FALSE when it was cancelled (the
 * window is going away), else the answer or @error. */
static gboolean
finish (BsAddSourceDialog  *self,
        GAsyncResult       *result,
        JsonNode          **root,
        GError            **error)
{
  GError *local_error = NULL;

  *root = bs_engine_client_request_finish (self->client, result, &local_error);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (local_error);
      return FALSE;
    }

  set_busy (self, FALSE);
  if (local_error == NULL && (*root == NULL || !JSON_NODE_HOLDS_OBJECT (*root)))
    g_set_error (&local_error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                 _("The engine’s answer could not be understood."));
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return TRUE;
}

static void
source_added (BsAddSourceDialog *self,
              JsonObject        *item)
{
  g_signal_emit (self, signals[SOURCE_ADDED], 0, item);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static JsonNode *
build_body (const char *first_member,
            ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *member = first_member;
  va_list args;

  va_start (args, first_member);
  json_builder_begin_object (builder);
  while (member != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          json_builder_set_member_name (builder, member);
          json_builder_add_string_value (builder, value);
        }
      member = va_arg (args, const char *);
    }
  json_builder_end_object (builder);
  va_end (args);

  return json_builder_get_root (builder);
}

/* --- files ----------------------------------------------------------------------------------- */

static gboolean
is_csv (BsAddSourceDialog *self)
{
  return g_str_equal (bs_add_source_dialog_get_page (self), "csv");
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     BsAddSourceDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    bs_add_source_dialog_set_file (self, file);
  g_clear_object (&self->chooser);
}

static GtkFileFilter *
file_filter (gboolean csv)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (csv)
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
      gtk_file_filter_add_suffix (filter, "csv");
      gtk_file_filter_add_suffix (filter, "tsv");
      gtk_file_filter_add_suffix (filter, "txt");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("SQLite databases"));
      gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
      gtk_file_filter_add_mime_type (filter, "application/x-sqlite3");
      gtk_file_filter_add_suffix (filter, "db");
      gtk_file_filter_add_suffix (filter, "sqlite");
      gtk_file_filter_add_suffix (filter, "sqlite3");
    }

  return filter;
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BsAddSourceDialog *self = BS_ADD_SOURCE_DIALOG (widget);
  gboolean csv = is_csv (self);
  g_autoptr(GtkFileFilter) filter = file_filter (csv);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  self->chooser = gtk_file_chooser_native_new (csv ? _("Choose a CSV File")
                                                   : _("Choose a Database File"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sqlite_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!finish (self, result, &root, &error))
    return;
  if (error != NULL)
    {
      show_error (self, self->sqlite_file_error, error->message);
      return;
    }

  source_added (self, json_node_get_object (root));
  gtk_window_close (GTK_WINDOW (self));
}

static void
submit_sqlite (BsAddSourceDialog *self)
{
  g_autofree char *name = entry_text (self->sqlite_name_row);
  g_autofree char *path = self->file != NULL ? g_file_get_path (self->file) : NULL;
  g_autoptr(JsonNode) body = NULL;

  if (path == NULL)
    {
      show_error (self, self->sqlite_file_error,
                  _("Choose the database file first: press Choose… and pick a file on this "
                    "computer."));
      return;
    }
  if (*name == '\0')
    {
      show_error (self, self->sqlite_name_error,
                  _("Give the source a name, so that you can tell it from the others."));
      return;
    }

  clear_errors (self);
  body = build_body ("name", name, "kind", "sqlite", "path", path, NULL);
  request (self, "POST", "datasources", body, sqlite_added_cb);
}

/* --- CSV imports ----------------------------------------------------------------------------- */

static void stop_polling (BsAddSourceDialog *self);

static void
show_progress (BsAddSourceDialog *self,
               JsonObject        *import)
{
  gint64 read = json_object_get_int_member_with_default (import, "bytes_read", 0);
  gint64 total = json_object_get_int_member_with_default (import, "bytes_total", 0);
  gint64 rows = json_object_get_int_member_with_default (import, "rows_imported", 0);
  g_autofree char *read_text = g_format_size (read);
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *rows_text = bs_format_count (rows);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 total > 0 ? CLAMP ((double) read / total, 0.0, 1.0) : 0.0);
  /* The engine may count the rows only at the end: “0 rows so far” would be untrue. */
  if (rows > 0)
    /* Translators: “12.1 MB of 48.0 MB read · 120,000 rows so far”. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s read · %s row so far",
                                         "%s of %s read · %s rows so far", rows),
                            read_text, total_text, rows_text);
  else
    /* Translators: “12.1 MB of 48.0 MB read”. */
    text = g_strdup_printf (_("%s of %s read"), read_text, total_text);
  gtk_label_set_label (self->progress_label, text);
}

static GtkWidget *
rejected_row (JsonObject *rejected)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Line %" PRId64),
                                            json_object_get_int_member_with_default (rejected,
                                                                                     "line",
                                                                                     0));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               json_object_get_string_member_with_default (rejected, "reason",
                                                                           ""));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  return row;
}

static const char *
describe_encoding (const char *encoding)
{
  g_autofree char *folded = g_ascii_strdown (encoding, -1);

  if (g_str_equal (folded, "utf-8") || g_str_equal (folded, "utf8"))
    return "UTF-8";
  if (g_str_has_prefix (folded, "utf-8") || g_str_has_prefix (folded, "utf8"))
    return _("UTF-8 (with a byte order mark)");
  if (g_str_equal (folded, "latin1") || g_str_equal (folded, "latin-1") ||
      g_str_equal (folded, "iso-8859-1"))
    return "Latin-1";

  return encoding;
}

static char *
describe_format (JsonObject *import,
                 JsonObject *source)
{
  const char *table = source != NULL
                      ? json_object_get_string_member_with_default (source, "table", NULL) : NULL;
  const char *delimiter = json_object_get_string_member_with_default (import, "delimiter", ",");
  const char *encoding = json_object_get_string_member_with_default (import, "encoding", "");
  gboolean header = json_object_get_boolean_member_with_default (import, "has_header", TRUE);
  /* Translators: the character that separates values in a CSV file, in quotes. */
  g_autofree char *shown_delimiter = g_str_equal (delimiter, "\t") ? g_strdup (_("tabs"))
                                     : g_strdup_printf (_("“%s”"), delimiter);
  g_autofree char *format = NULL;

  /* Translators: “Values separated by “;”, Latin-1 text, the first line used as column
   * names.” */
  format = g_strdup_printf (header ? _("Values separated by %s, %s text, the first line used "
                                       "as column names.")
                                   : _("Values separated by %s, %s text, no line of column "
                                       "names."),
                            shown_delimiter, describe_encoding (encoding));
  if (table == NULL)
    return g_steal_pointer (&format);

  /* Translators: the table the rows went into, then how the file was read. */
  return g_strdup_printf (_("Into the table “%s”. %s"), table, format);
}

static void
show_report (BsAddSourceDialog *self,
             JsonObject        *import)
{
  gint64 rows = json_object_get_int_member_with_default (import, "rows_imported", 0);
  gint64 rejected = json_object_get_int_member_with_default (import, "rows_rejected", 0);
  JsonNode *list_node = json_object_get_member (import, "rejected");
  JsonArray *list = list_node != NULL && JSON_NODE_HOLDS_ARRAY (list_node)
                    ? json_node_get_array (list_node) : NULL;
  JsonNode *source_node = json_object_get_member (import, "source");
  JsonObject *source = source_node != NULL && JSON_NODE_HOLDS_OBJECT (source_node)
                       ? json_node_get_object (source_node) : NULL;
  g_autofree char *rows_text = bs_format_count (rows);
  g_autofree char *rejected_text = bs_format_count (rejected);
  g_autofree char *title = NULL;
  g_autofree char *details = describe_format (import, source);
  g_autofree char *heading = NULL;
  guint n = list != NULL ? json_array_get_length (list) : 0;
  guint shown = 0;

  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Row Imported", "%s Rows Imported",
                                        rows),
                           rows_text);
  gtk_label_set_label (self->report_title, title);
  gtk_label_set_label (self->report_details, details);

  gtk_image_set_from_icon_name (self->report_icon, rejected > 0 ? "dialog-warning-symbolic"
                                                                : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->report_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->report_icon), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->report_icon), rejected > 0 ? "warning"
                                                                          : "success");

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s line could not be read and was left out:",
                                          "%s lines could not be read and were left out:",
                                          rejected),
                             rejected_text);
  gtk_label_set_label (self->rejected_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_heading), rejected > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_list), rejected > 0);
  for (guint i = 0; i < n && shown < MAX_REJECTED_ROWS; i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (entry == NULL)
        continue;
      gtk_list_box_append (self->rejected_list, rejected_row (entry));
      shown++;
    }
  if (rejected > shown)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more_count = bs_format_count (rejected - shown);
      g_autofree char *more = g_strdup_printf (_("And %s more"), more_count);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->rejected_list, row);
    }

  show_page (self, "report");
  if (source != NULL)
    source_added (self, source);
}

static void
import_ended (BsAddSourceDialog *self,
              const char        *message)
{
  stop_polling (self);
  self->import_id = 0;
  show_page (self, "csv");
  show_error (self, self->csv_file_error, message);
}

static void
poll_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BsAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *import;
  const char *state;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->poll_in_flight = FALSE;
  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error (&error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                 _("The engine did not say how far the import got."));
  if (error != NULL)
    {
      import_ended (self, error->message);
      return;
    }

  g_clear_pointer (&self->import, json_node_unref);
  self->import = g_steal_pointer (&root);
  import = json_node_get_object (self->import);
  state = json_object_get_string_member_with_default (import, "state", "");
  show_progress (self, import);

  if (g_str_equal (state, "done"))
    {
      stop_polling (self);
      self->import_id = 0;
      show_report (self, import);
    }
  else if (g_str_equal (state, "failed"))
    import_ended (self, json_object_get_string_member_with_default (import, "error",
                                                                    _("The import failed.")));
  else if (g_str_equal (state, "cancelled"))
    import_ended (self, _("The import was cancelled, and nothing was added."));
}

static gboolean
poll_tick (gpointer user_data)
{
  BsAddSourceDialog *self = user_data;
  g_autofree char *path = NULL;

  /* One question at a time: a slow answer must not pile requests up. */
  if (self->poll_in_flight)
    return G_SOURCE_CONTINUE;

  self->poll_in_flight = TRUE;
  path = g_strdup_printf ("imports/%" G_GINT64_FORMAT, self->import_id);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  poll_cb, g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

static void
stop_polling (BsAddSourceDialog *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_in_flight = FALSE;
}

static void
import_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;

  if (!finish (self, result, &root, &error))
    return;
  if (error != NULL)
    {
      show_error (self, self->csv_file_error, error->message);
      return;
    }

  self->import_id = json_object_get_int_member_with_default (json_node_get_object (root), "id",
                                                             0);
  g_clear_pointer (&self->import, json_node_unref);
  self->import = g_steal_pointer (&root);

  base = g_file_get_basename (self->file);
  /* Translators: “Importing sales.csv…”. */
  title = g_strdup_printf (_("Importing %s…"), base);
  adw_status_page_set_title (self->import_status, title);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_import_button), TRUE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list))) != NULL)
    gtk_list_box_remove (self->rejected_list, child);
  show_progress (self, json_node_get_object (self->import));
  show_page (self, "import");

  self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_tick, self);
}

static void
submit_csv (BsAddSourceDialog *self)
{
  g_autofree char *name = entry_text (self->csv_name_row);
  g_autofree char *path = self->file != NULL ? g_file_get_path (self->file) : NULL;
  g_autoptr(JsonNode) body = NULL;

  if (path == NULL)
    {
      show_error (self, self->csv_file_error,
                  _("Choose the CSV file first: press Choose… and pick a file on this "
                    "computer."));
      return;
    }

  clear_errors (self);
  body = build_body ("path", path, "name", *name != '\0' ? name : NULL, NULL);
  request (self, "POST", "imports", body, import_started_cb);
}

static void
ignore_answer_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Cancelling an import: %s", error->message);
}

/* Not tied to the window's cancellable: the import must stop even when the window has
 * gone. The next poll (if the window is still there) sees the "cancelled" state. */
static void
cancel_import (BsAddSourceDialog *self)
{
  g_autofree char *path = NULL;

  if (self->import_id == 0)
    return;

  path = g_strdup_printf ("imports/%" G_GINT64_FORMAT, self->import_id);
  bs_engine_client_request_async (self->client, "DELETE", path, NULL, NULL,
                                  ignore_answer_cb, NULL);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BsAddSourceDialog *self = BS_ADD_SOURCE_DIALOG (widget);

  cancel_import (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_import_button), FALSE);
  gtk_label_set_label (self->progress_label, _("Cancelling…"));
}

/* --- remote sources: Prometheus and Grafana ------------------------------------------------ */

static AdwPreferencesRow *
remote_error_row (BsAddSourceDialog *self)
{
  return g_str_equal (bs_add_source_dialog_get_page (self), "grafana")
         ? self->grafana_source_error : self->prometheus_url_error;
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  JsonObject *health;

  if (!finish (self, result, &root, &error))
    return;
  health = error == NULL ? json_node_get_object (root) : NULL;
  if (health != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (health, "status", ""), "ok") == 0)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  message = g_strdup_printf (_("The source was added, but it does not answer: %s Correct the "
                               "details and press Check Again, or close this window to keep "
                               "it as it is."),
                             error != NULL ? error->message
                             : json_object_get_string_member_with_default (health, "message",
                                                                           ""));
  update_header (self);
  show_error (self, remote_error_row (self), message);
}

static void
check_health (BsAddSourceDialog *self)
{
  g_autofree char *path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/health",
                                           self->added_id);

  request (self, "GET", path, NULL, health_cb);
}

static void
remote_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *item;

  if (!finish (self, result, &root, &error))
    return;
  if (error != NULL)
    {
      gboolean grafana = g_str_equal (bs_add_source_dialog_get_page (self), "grafana");

      show_error (self, grafana ? self->grafana_source_error : self->prometheus_url_error,
                  error->message);
      return;
    }

  item = json_node_get_object (root);
  self->added_id = json_object_get_int_member_with_default (item, "id", 0);
  source_added (self, item);
  update_header (self);
  check_health (self);
}

static gboolean
check_url (BsAddSourceDialog *self,
           AdwPreferencesRow *error_row,
           const char        *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (*url == '\0')
    {
      show_error (self, error_row, _("Enter the server’s address, such as "
                                     "http://localhost:9090."));
      return FALSE;
    }
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      show_error (self, error_row, _("This is not a web address. It starts with http:// or "
                                     "https://, then the server’s name, as in "
                                     "http://localhost:9090."));
      return FALSE;
    }

  return TRUE;
}

static char *
default_name (const char *kind_name,
              const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  /* Translators: “Prometheus on metrics.example.com”. */
  return g_strdup_printf (_("%s on %s"), kind_name,
                          uri != NULL && g_uri_get_host (uri) ? g_uri_get_host (uri) : url);
}

static void
save_remote (BsAddSourceDialog *self,
             JsonNode          *body)
{
  g_autofree char *path = NULL;

  clear_errors (self);
  if (self->added_id == 0)
    {
      request (self, "POST", "datasources", body, remote_saved_cb);
      return;
    }

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, self->added_id);
  request (self, "PUT", path, body, remote_saved_cb);
}

static void
submit_prometheus (BsAddSourceDialog *self)
{
  g_autofree char *url = entry_text (self->prometheus_url_row);
  g_autofree char *name = entry_text (self->prometheus_name_row);
  g_autoptr(JsonNode) body = NULL;

  if (!check_url (self, self->prometheus_url_error, url))
    return;
  if (*name == '\0')
    {
      g_free (name);
      name = default_name ("Prometheus", url);
    }

  body = build_body ("name", name, "kind", self->added_id == 0 ? "prometheus" : NULL,
                     "url", url, NULL);
  save_remote (self, body);
}

static JsonObject *
selected_grafana_source (BsAddSourceDialog *self)
{
  for (guint i = 0; self->grafana_checks != NULL && i < self->grafana_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->grafana_checks, i)))
      return g_object_get_data (g_ptr_array_index (self->grafana_checks, i), "bs-item");

  return NULL;
}

static GtkWidget *
grafana_source_row (BsAddSourceDialog *self,
                    JsonObject        *item,
                    GtkCheckButton   **group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  const char *type = json_object_get_string_member_with_default (item, "type", "");
  gboolean supported = g_str_equal (type, "prometheus");
  g_autofree char *subtitle = NULL;

  subtitle = supported ? g_strdup (type)
             /* Translators: a Grafana data source type, e.g. “loki”. */
             : g_strdup_printf (_("%s — not readable yet: only Prometheus data sources can be "
                                  "read through Grafana"), type);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member_with_default (item, "name", "?"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_sensitive (row, supported);
  g_object_set_data_full (G_OBJECT (check), "bs-item", json_object_ref (item),
                          (GDestroyNotify) json_object_unref);
  if (supported)
    {
      if (*group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), *group);
      else
        {
          *group = GTK_CHECK_BUTTON (check);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
        }
      g_ptr_array_add (self->grafana_checks, check);
    }

  return row;
}

static void
clear_grafana_sources (BsAddSourceDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grafana_list))) != NULL)
    gtk_list_box_remove (self->grafana_list, child);
  g_ptr_array_set_size (self->grafana_checks, 0);
  g_clear_pointer (&self->grafana_items, json_node_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->grafana_list), FALSE);
  adw_preferences_group_set_description (self->grafana_sources_group,
                                         _("Press Connect to list the data sources of this "
                                           "Grafana."));
}

static void
grafana_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GtkCheckButton *group = NULL;
  JsonArray *items = NULL;

  if (!finish (self, result, &root, &error))
    return;
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("Grafana data sources"), &error);
  if (items == NULL)
    {
      /* Grafana's refusals name the token; everything else is about reaching it. */
      show_error (self, strstr (error->message, "token") != NULL ? self->grafana_token_error
                                                                  : self->grafana_url_error,
                  error->message);
      return;
    }

  clear_grafana_sources (self);
  self->grafana_items = g_steal_pointer (&root);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (item != NULL)
        gtk_list_box_append (self->grafana_list, grafana_source_row (self, item, &group));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->grafana_list), json_array_get_length (items) > 0);
  adw_preferences_group_set_description (self->grafana_sources_group,
                                         _("Pick the one to read."));
  update_header (self);
  if (group == NULL)
    show_error (self, self->grafana_source_error,
                _("This Grafana has no Prometheus data source, the only kind Business Studio "
                  "can read through Grafana so far."));
}

static void
submit_grafana (BsAddSourceDialog *self)
{
  g_autofree char *url = entry_text (self->grafana_url_row);
  g_autofree char *name = entry_text (self->grafana_name_row);
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->grafana_token_row));
  g_autoptr(JsonNode) body = NULL;
  JsonObject *picked;

  if (!check_url (self, self->grafana_url_error, url))
    return;
  if (*token == '\0' && self->added_id == 0)
    {
      show_error (self, self->grafana_token_error,
                  _("Paste a service account token of this Grafana. An administrator makes "
                    "one under Administration › Service accounts, with the Viewer role."));
      return;
    }

  if (self->grafana_items == NULL && self->added_id == 0)
    {
      clear_errors (self);
      body = build_body ("url", url, "token", token, NULL);
      request (self, "POST", "grafana/datasources", body, grafana_listed_cb);
      return;
    }

  picked = selected_grafana_source (self);
  if (picked == NULL && self->added_id == 0)
    {
      show_error (self, self->grafana_source_error, _("Pick one of the data sources above."));
      return;
    }
  if (*name == '\0')
    {
      g_free (name);
      name = picked != NULL
             ? g_strdup (json_object_get_string_member_with_default (picked, "name", ""))
             : default_name ("Grafana", url);
    }

  if (self->added_id == 0)
    body = build_body ("name", name, "kind", "grafana", "url", url, "token", token,
                       "datasource_uid",
                       json_object_get_string_member_with_default (picked, "uid", ""),
                       "datasource_type",
                       json_object_get_string_member_with_default (picked, "type", ""),
                       NULL);
  else
    body = build_body ("name", name, "url", url, "token", *token != '\0' ? token : NULL, NULL);
  save_remote (self, body);
}

/* --- callbacks and actions ----------------------------------------------------------------- */

static void
field_changed_cb (BsAddSourceDialog *self,
                  GtkEditable       *field)
{
  if (self->error != NULL)
    clear_errors (self);

  /* Another address or token may well reach another set of data sources. */
  if ((field == GTK_EDITABLE (self->grafana_url_row) ||
       field == GTK_EDITABLE (self->grafana_token_row)) &&
      self->grafana_items != NULL && self->added_id == 0)
    {
      clear_grafana_sources (self);
      update_header (self);
    }
}

static void
kind_activated_cb (BsAddSourceDialog *self,
                   AdwActionRow      *row)
{
  bs_add_source_dialog_choose_kind (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (widget), NULL);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (widget));
}

static gboolean
bs_add_source_dialog_close_request (GtkWindow *window)
{
  BsAddSourceDialog *self = BS_ADD_SOURCE_DIALOG (window);

  cancel_import (self);
  stop_polling (self);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));

  return GTK_WINDOW_CLASS (bs_add_source_dialog_parent_class)->close_request (window);
}

static void
bs_add_source_dialog_dispose (GObject *object)
{
  BsAddSourceDialog *self = BS_ADD_SOURCE_DIALOG (object);

  stop_polling (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chooser);
  g_clear_object (&self->client);
  g_clear_object (&self->file);
  g_clear_pointer (&self->grafana_checks, g_ptr_array_unref);
  g_clear_pointer (&self->grafana_items, json_node_unref);
  g_clear_pointer (&self->import, json_node_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ADD_SOURCE_DIALOG);

  G_OBJECT_CLASS (bs_add_source_dialog_parent_class)->dispose (object);
}

static void
bs_add_source_dialog_finalize (GObject *object)
{
  BsAddSourceDialog *self = BS_ADD_SOURCE_DIALOG (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bs_add_source_dialog_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BsAddSourceDialog, name)

static void
bs_add_source_dialog_class_init (BsAddSourceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bs_add_source_dialog_dispose;
  object_class->finalize = bs_add_source_dialog_finalize;
  window_class->close_request = bs_add_source_dialog_close_request;

  signals[SOURCE_ADDED] =
    g_signal_new ("source-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-add-source-dialog.ui");
  BIND (window_title);
  BIND (back_button);
  BIND (submit_button);
  BIND (busy_spinner);
  BIND (page_stack);
  BIND (sqlite_file_row);
  BIND (sqlite_file_error);
  BIND (sqlite_name_row);
  BIND (sqlite_name_error);
  BIND (csv_file_row);
  BIND (csv_file_error);
  BIND (csv_name_row);
  BIND (csv_name_error);
  BIND (prometheus_url_row);
  BIND (prometheus_url_error);
  BIND (prometheus_name_row);
  BIND (prometheus_name_error);
  BIND (grafana_url_row);
  BIND (grafana_url_error);
  BIND (grafana_token_row);
  BIND (grafana_token_error);
  BIND (grafana_sources_group);
  BIND (grafana_list);
  BIND (grafana_name_row);
  BIND (grafana_source_error);
  BIND (import_status);
  BIND (progress_bar);
  BIND (progress_label);
  BIND (cancel_import_button);
  BIND (report_icon);
  BIND (report_title);
  BIND (report_details);
  BIND (rejected_heading);
  BIND (rejected_list);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_activated_cb);

  gtk_widget_class_install_action (widget_class, "add.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "add.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "add.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "add.cancel-import", NULL,
                                   cancel_import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

#undef BIND

static void
bs_add_source_dialog_init (BsAddSourceDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->grafana_checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter in any field does what the button in the header bar does. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->submit_button));
  update_header (self);
}

GtkWidget *
bs_add_source_dialog_new (BsEngineClient *client)
{
  BsAddSourceDialog *self;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);

  self = g_object_new (BS_TYPE_ADD_SOURCE_DIALOG, NULL);
  self->client = g_object_ref (client);

  return GTK_WIDGET (self);
}

void
bs_add_source_dialog_choose_kind (BsAddSourceDialog *self,
                                  const char        *kind)
{
  static const char * const kinds[] = { "sqlite", "csv", "prometheus", "grafana", NULL };

  g_return_if_fail (BS_IS_ADD_SOURCE_DIALOG (self));
  g_return_if_fail (kind == NULL || g_strv_contains (kinds, kind));

  clear_errors (self);
  self->added_id = 0;
  g_clear_object (&self->file);
  adw_action_row_set_subtitle (self->sqlite_file_row, _("No file chosen"));
  adw_action_row_set_subtitle (self->csv_file_row, _("No file chosen"));
  show_page (self, kind != NULL ? kind : "kind");
}

void
bs_add_source_dialog_set_file (BsAddSourceDialog *self,
                               GFile             *file)
{
  gboolean csv;
  g_autofree char *shown = NULL;

  g_return_if_fail (BS_IS_ADD_SOURCE_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  csv = is_csv (self);
  g_set_object (&self->file, file);
  shown = g_file_get_path (file);
  if (shown == NULL)
    shown = g_file_get_uri (file);
  adw_action_row_set_subtitle (csv ? self->csv_file_row : self->sqlite_file_row, shown);
  clear_errors (self);

  if (!g_file_is_native (file))
    {
      show_error (self, csv ? self->csv_file_error : self->sqlite_file_error,
                  _("The engine can only read files on this computer. Copy the file to a "
                    "folder here first."));
      g_clear_object (&self->file);
      return;
    }

  if (!csv && *gtk_editable_get_text (GTK_EDITABLE (self->sqlite_name_row)) == '\0')
    {
      g_autofree char *base = g_file_get_basename (file);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      gtk_editable_set_text (GTK_EDITABLE (self->sqlite_name_row), base);
    }
}

void
bs_add_source_dialog_submit (BsAddSourceDialog *self)
{
  const char *page;

  g_return_if_fail (BS_IS_ADD_SOURCE_DIALOG (self));

  if (self->busy)
    return;

  page = bs_add_source_dialog_get_page (self);
  if (g_str_equal (page, "sqlite"))
    submit_sqlite (self);
  else if (g_str_equal (page, "csv"))
    submit_csv (self);
  else if (g_str_equal (page, "prometheus"))
    submit_prometheus (self);
  else if (g_str_equal (page, "grafana"))
    submit_grafana (self);
  else if (g_str_equal (page, "report"))
    gtk_window_close (GTK_WINDOW (self));
}

const char *
bs_add_source_dialog_get_page (BsAddSourceDialog *self)
{
  g_return_val_if_fail (BS_IS_ADD_SOURCE_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->page_stack);
}

gboolean
bs_add_source_dialog_get_busy (BsAddSourceDialog *self)
{
  g_return_val_if_fail (BS_IS_ADD_SOURCE_DIALOG (self), FALSE);

  return self->busy || self->poll_id != 0;
}

const char *
bs_add_source_dialog_get_error (BsAddSourceDialog *self)
{
  g_return_val_if_fail (BS_IS_ADD_SOURCE_DIALOG (self), NULL);

  return self->error;
}

JsonObject *
bs_add_source_dialog_get_import (BsAddSourceDialog *self)
{
  g_return_val_if_fail (BS_IS_ADD_SOURCE_DIALOG (self), NULL);

  return self->import != NULL ? json_node_get_object (self->import) : NULL;
}
