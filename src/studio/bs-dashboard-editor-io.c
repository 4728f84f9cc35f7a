/* bs-dashboard-editor-io.c — the dashboard editor's saving, loading, publishing and
 * export: everything that waits for the engine or a file, all of it asynchronous and
 * cancelled when the editor goes away.
 */
#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-dashboard-editor-private.h"
#include "bs-dashboard-export.h"

/* --- saving ---------------------------------------------------------------------------- */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BsDashboardEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *message = NULL;
  JsonObject *object;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      /* The draft keeps the work; the message says why (a newer version, a bad document). */
      message = g_strdup_printf (_("Not saved: %s"),
                                 error != NULL ? error->message : _("the engine gave no answer"));
      bs_dashboard_editor_toast (self, message);
      bs_dashboard_editor_update_status (self);
      return;
    }

  object = json_node_get_object (answer);
  self->version = json_object_get_int_member_with_default (object, "version", self->version + 1);
  if (self->dashboard->uid == NULL && json_object_has_member (object, "uid"))
    self->dashboard->uid = g_strdup (json_object_get_string_member (object, "uid"));
  bs_dashboard_editor_mark_saved (self);
  bs_dashboard_drafts_discard_async (self->drafts, self->dashboard->uid, NULL, NULL, NULL);

  /* Versions are small numbers; %d keeps the message translatable (xgettext cannot read
   * G_GINT64_FORMAT). */
  message = g_strdup_printf (_("Saved as version %d"), (int) self->version);
  bs_dashboard_editor_toast (self, message);
  bs_dashboard_editor_emit_saved (self);
}

void
bs_dashboard_editor_save (BsDashboardEditor *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));

  if (self->dashboard == NULL || self->client == NULL || !self->can_edit || self->saving)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dashboard");
  json_builder_add_value (builder, bs_dashboard_to_json (self->dashboard));
  if (self->version > 0)
    {
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, self->version);
      path = g_strdup_printf ("dashboards/%s", self->dashboard->uid);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->saving = TRUE;
  bs_dashboard_editor_update_status (self);
  bs_engine_client_request_async (self->client, self->version > 0 ? "PUT" : "POST",
                                  path != NULL ? path : "dashboards", body, self->cancellable,
                                  saved_cb, g_object_ref (self));
}

/* --- loading --------------------------------------------------------------------------- */

static BsDashboard *
dashboard_of_answer (JsonNode  *answer,
                     GError   **error)
{
  JsonNode *document = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                       ? json_object_get_member (json_node_get_object (answer), "dashboard")
                       : NULL;

  if (document == NULL)
    {
      g_set_error_literal (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                           _("The engine’s answer has no dashboard in it"));
      return NULL;
    }
  return bs_dashboard_from_json (document, error);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsDashboardEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(BsDashboard) dashboard = NULL;
  JsonObject *object;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer != NULL)
    dashboard = dashboard_of_answer (answer, &error);
  if (dashboard == NULL)
    {
      bs_dashboard_editor_emit_load_failed (self, error->message);
      return;
    }

  object = json_node_get_object (answer);
  if (dashboard->uid == NULL)
    dashboard->uid = g_strdup (json_object_get_string_member_with_default (object, "uid", ""));
  bs_dashboard_editor_open (self, dashboard,
                            json_object_get_int_member_with_default (object, "version", 0),
                            json_object_get_boolean_member_with_default (object, "can_edit",
                                                                         FALSE),
                            json_object_get_boolean_member_with_default (object, "published",
                                                                         FALSE),
                            FALSE);
}

void
bs_dashboard_editor_load (BsDashboardEditor *self,
                          const char        *uid)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BS_IS_DASHBOARD_EDITOR (self));
  g_return_if_fail (uid != NULL);

  if (self->client == NULL)
    return;
  escaped = g_uri_escape_string (uid, NULL, FALSE);
  path = g_strdup_printf ("dashboards/%s", escaped);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  loaded_cb, g_object_ref (self));
}

/* --- publishing ------------------------------------------------------------------------ */

typedef struct
{
  BsDashboardEditor *self;
  gboolean           published;
} Publish;

static void
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree Publish *publish = user_data;
  g_autoptr(BsDashboardEditor) self = publish->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not change publishing: %s"),
                                                  error->message);

      bs_dashboard_editor_toast (self, message);
      return;
    }

  self->published = publish->published;
  g_simple_action_set_state (self->published_action, g_variant_new_boolean (self->published));
  bs_dashboard_editor_toast (self, self->published
                                   ? _("Published: people with the viewer role can open it")
                                   : _("No longer published"));
  bs_dashboard_editor_update_status (self);
}

void
bs_dashboard_editor_publish (BsDashboardEditor *self,
                             GVariant          *value)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *path = NULL;
  Publish *publish;

  if (self->client == NULL || self->dashboard == NULL || self->version == 0)
    return;

  publish = g_new0 (Publish, 1);
  publish->self = g_object_ref (self);
  publish->published = g_variant_get_boolean (value);
  json_node_take_object (body, json_object_new ());
  json_object_set_boolean_member (json_node_get_object (body), "published",
                                  publish->published);
  path = g_strdup_printf ("dashboards/%s/published", self->dashboard->uid);
  bs_engine_client_request_async (self->client, "PUT", path, body, self->cancellable,
                                  published_cb, publish);
}

/* --- export ---------------------------------------------------------------------------- */

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BsDashboardEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!bs_dashboard_export_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export: %s"), error->message);
    }
  bs_dashboard_editor_toast (self, message != NULL ? message : _("Exported"));
}

static void
json_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsDashboardEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export: %s"), error->message);
    }
  bs_dashboard_editor_toast (self, message != NULL ? message : _("Exported"));
}

static void
write_grafana_json (BsDashboardEditor *self,
                    GFile             *file)
{
  g_autoptr(JsonNode) document = bs_dashboard_to_json (self->dashboard);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  json_generator_set_root (generator, document);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       self->cancellable, json_written_cb,
                                       g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  BsDashboardEditor *self = user_data;
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->dashboard != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_str_equal (format, "json"))
    write_grafana_json (self, file);
  else if (file != NULL)
    {
      g_autofree char *subtitle = bs_time_range_describe (self->dashboard->time_from,
                                                          self->dashboard->time_to);

      bs_dashboard_export_async (GTK_WIDGET (self->canvas),
                                 g_str_equal (format, "pdf") ? BS_DASHBOARD_EXPORT_PDF
                                                             : BS_DASHBOARD_EXPORT_PNG,
                                 self->dashboard->title, subtitle, file, self->cancellable,
                                 exported_cb, g_object_ref (self));
    }
  g_clear_object (&self->chooser);
}

/* A file name from the title, without the characters file systems refuse. */
static char *
suggested_name (const char *title,
                const char *extension)
{
  g_autofree char *base = g_strdup (title);

  g_strdelimit (base, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s.%s", base, extension);
}

void
bs_dashboard_editor_export_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  BsDashboardEditor *self = BS_DASHBOARD_EDITOR (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (self->dashboard == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Dashboard"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               NULL);
  name = suggested_name (self->dashboard->title, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
