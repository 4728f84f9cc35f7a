/* bs-dashboard-versions-dialog.c — a dashboard's saved versions, and restoring one. */
#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-alert-format.h"
#include "bs-dashboard-versions-dialog.h"

struct _BsDashboardVersionsDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *group;
  GtkLabel            *error_label;
  GPtrArray           *rows;

  BsEngineClient      *client;
  GCancellable        *cancellable;
  char                *uid;
  gboolean             busy;
};

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsDashboardVersionsDialog, bs_dashboard_versions_dialog, ADW_TYPE_WINDOW)

static void
show_error (BsDashboardVersionsDialog *self,
            const char                *what,
            const GError              *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* --- restoring ----------------------------------------------------------------------------- */

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BsDashboardVersionsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      show_error (self, _("Could not restore the version"), error);
      return;
    }
  g_signal_emit (self, signals[RESTORED], 0,
                 json_object_get_int_member_with_default (json_node_get_object (answer),
                                                          "version", 0));
  gtk_window_destroy (GTK_WINDOW (self));
}

void
bs_dashboard_versions_dialog_restore (BsDashboardVersionsDialog *self,
                                      gint64                     version)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BS_IS_DASHBOARD_VERSIONS_DIALOG (self));

  if (self->busy)
    return;
  self->busy = TRUE;
  path = g_strdup_printf ("dashboards/%s/versions/%" G_GINT64_FORMAT "/restore", self->uid,
                          version);
  bs_engine_client_request_async (self->client, "POST", path, NULL, self->cancellable,
                                  restored_cb, g_object_ref (self));
}

static void
restore_clicked_cb (GtkButton                 *button,
                    BsDashboardVersionsDialog *self)
{
  bs_dashboard_versions_dialog_restore (self,
                                        GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button),
                                                                            "version")));
}

/* --- the list ------------------------------------------------------------------------------ */

static GtkWidget *
version_row (BsDashboardVersionsDialog *self,
             JsonObject                *item,
             gboolean                   current)
{
  gint64 version = json_object_get_int_member_with_default (item, "version", 0);
  g_autofree char *title = g_strdup_printf (_("Version %d"), (int) version);
  g_autofree char *when = bs_alert_format_member_time (item, "saved_at");
  const char *by = json_object_get_string_member_with_default (item, "saved_by", NULL);
  const char *message = json_object_get_string_member_with_default (item, "message", NULL);
  g_autofree char *saved = by != NULL ? g_strdup_printf (_("Saved %s by %s"), when, by)
                                      : g_strdup_printf (_("Saved %s"), when);
  g_autofree char *subtitle = message != NULL && *message != '\0'
                              ? g_strdup_printf ("%s · %s", saved, message) : g_strdup (saved);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *suffix;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (current)
    {
      suffix = gtk_label_new (_("Current"));
      gtk_widget_add_css_class (suffix, "dim-label");
    }
  else
    {
      g_autofree char *name = g_strdup_printf (_("Restore version %d"), (int) version);

      suffix = gtk_button_new_with_mnemonic (_("_Restore"));
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      g_object_set_data (G_OBJECT (suffix), "version", GINT_TO_POINTER ((int) version));
      g_signal_connect (suffix, "clicked", G_CALLBACK (restore_clicked_cb), self);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsDashboardVersionsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *items = NULL;

  answer = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer != NULL)
    items = bs_engine_client_get_items (answer, _("versions"), &error);
  if (items == NULL)
    {
      show_error (self, _("Could not read the versions"), error);
      return;
    }

  /* Newest first: the first is the current one. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      GtkWidget *row;

      if (item == NULL)
        continue;
      row = version_row (self, item, self->rows->len == 0);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

guint
bs_dashboard_versions_dialog_get_n_versions (BsDashboardVersionsDialog *self)
{
  g_return_val_if_fail (BS_IS_DASHBOARD_VERSIONS_DIALOG (self), 0);

  return self->rows->len;
}

/* --- building ------------------------------------------------------------------------------ */

BsDashboardVersionsDialog *
bs_dashboard_versions_dialog_new (GtkWindow      *parent,
                                  BsEngineClient *client,
                                  const char     *uid,
                                  gboolean        unsaved)
{
  BsDashboardVersionsDialog *self;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  self = g_object_new (BS_TYPE_DASHBOARD_VERSIONS_DIALOG,
                       "title", _("Saved Versions"),
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 480,
                       "default-height", 560,
                       NULL);
  self->client = g_object_ref (client);
  self->uid = g_strdup (uid);
  adw_preferences_group_set_description (self->group,
                                         unsaved
                                         ? _("Restoring one saves it again as the newest "
                                             "version; nothing is lost. Your unsaved changes "
                                             "stay in the draft.")
                                         : _("Restoring one saves it again as the newest "
                                             "version; nothing is lost."));
  escaped = g_uri_escape_string (uid, NULL, FALSE);
  path = g_strdup_printf ("dashboards/%s/versions", escaped);
  bs_engine_client_request_async (client, "GET", path, NULL, self->cancellable, listed_cb,
                                  g_object_ref (self));
  return self;
}

static void
bs_dashboard_versions_dialog_dispose (GObject *object)
{
  g_cancellable_cancel (BS_DASHBOARD_VERSIONS_DIALOG (object)->cancellable);

  G_OBJECT_CLASS (bs_dashboard_versions_dialog_parent_class)->dispose (object);
}

static void
bs_dashboard_versions_dialog_finalize (GObject *object)
{
  BsDashboardVersionsDialog *self = BS_DASHBOARD_VERSIONS_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->uid);

  G_OBJECT_CLASS (bs_dashboard_versions_dialog_parent_class)->finalize (object);
}

static void
bs_dashboard_versions_dialog_class_init (BsDashboardVersionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_dashboard_versions_dialog_dispose;
  object_class->finalize = bs_dashboard_versions_dialog_finalize;

  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_dashboard_versions_dialog_init (BsDashboardVersionsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (self->group, GTK_WIDGET (self->error_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->group);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}
