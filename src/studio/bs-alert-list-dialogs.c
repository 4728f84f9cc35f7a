#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-alert-format.h"
#include "bs-alert-list-private.h"

/* The questions the bulk bar asks before it labels the selected rules or gives them a
 * contact point. */

static gboolean
is_label_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (*name) || *name == '_') || g_str_has_prefix (name, "__"))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
label_fields_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "bs-name");
  GtkEditable *value = g_object_get_data (G_OBJECT (dialog), "bs-value");
  GtkLabel *hint = g_object_get_data (G_OBJECT (dialog), "bs-hint");
  const char *text = gtk_editable_get_text (name);
  gboolean valid = is_label_name (text);

  adw_message_dialog_set_response_enabled (dialog, "set",
                                           valid && *gtk_editable_get_text (value) != '\0');
  adw_message_dialog_set_response_enabled (dialog, "remove", valid);
  gtk_widget_set_visible (GTK_WIDGET (hint), *text != '\0' && !valid);
}

static void
label_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   BsAlertList      *self)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "bs-name");
  GtkEditable *value = g_object_get_data (G_OBJECT (dialog), "bs-value");
  g_autofree char *name_text = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  g_autofree char *value_text = g_strdup (gtk_editable_get_text (value));

  if (g_str_equal (response, "set"))
    bs_alert_list_set_label_picked (self, name_text, value_text);
  else if (g_str_equal (response, "remove"))
    bs_alert_list_set_label_picked (self, name_text, NULL);
}

static GtkWidget *
labelled_entry (const char *label,
                GtkWidget **out_entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), entry);
  *out_entry = entry;

  return box;
}

GtkWidget *
bs_alert_list_ask_label (BsAlertList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n = bs_alert_list_get_n_picked (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *name;
  GtkWidget *value;
  GtkWidget *hint = gtk_label_new (_("A label name is made of letters, digits and “_”, and "
                                     "starts with a letter or “_” but not with “__”."));

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Label %u Rule", "Label %u Rules",
                                          n), n);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Labels sort rules into groups, such as team = ops. They "
                                     "go with every notification, and silences can match "
                                     "them."));
  gtk_box_append (GTK_BOX (box), labelled_entry (_("_Name"), &name));
  gtk_box_append (GTK_BOX (box), labelled_entry (_("_Value"), &value));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "error");
  gtk_widget_set_visible (hint, FALSE);
  gtk_box_append (GTK_BOX (box), hint);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove Label"),
                                    "set", _("_Set Label"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "set", FALSE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "remove", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "bs-name", name);
  g_object_set_data (G_OBJECT (dialog), "bs-value", value);
  g_object_set_data (G_OBJECT (dialog), "bs-hint", hint);
  g_signal_connect (name, "changed", G_CALLBACK (label_fields_changed_cb), dialog);
  g_signal_connect (value, "changed", G_CALLBACK (label_fields_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (label_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
contact_points_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "bs-dropdown");
  JsonArray *items = NULL;
  gint64 none = 0;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("contact points"), &error);
  if (items == NULL)
    {
      adw_message_dialog_set_body (dialog, error->message);
      return;
    }

  gtk_string_list_append (names, _("No Contact Point (do not notify)"));
  g_array_append_val (ids, none);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *point = json_array_get_object_element (items, i);
      gint64 id = point != NULL ? json_object_get_int_member_with_default (point, "id", 0) : 0;

      if (id == 0)
        continue;
      gtk_string_list_append (names, bs_alert_get_string (point, "name"));
      g_array_append_val (ids, id);
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, ids->len > 1 ? 1 : 0);
  g_object_set_data_full (G_OBJECT (dialog), "bs-ids", g_steal_pointer (&ids),
                          (GDestroyNotify) g_array_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), TRUE);
  adw_message_dialog_set_response_enabled (dialog, "set", TRUE);
}

static void
contact_point_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           BsAlertList      *self)
{
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "bs-dropdown");
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "bs-ids");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (!g_str_equal (response, "set") || ids == NULL || selected >= ids->len)
    return;
  bs_alert_list_set_contact_point_picked (self, g_array_index (ids, gint64, selected));
}

GtkWidget *
bs_alert_list_ask_contact_point (BsAlertList    *self,
                                 BsEngineClient *client,
                                 GCancellable   *cancellable)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n = bs_alert_list_get_n_picked (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *dropdown = gtk_drop_down_new_from_strings ((const char *[]) { _("Loading…"), NULL });

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Where Should %u Rule Send Notifications?",
                                          "Where Should %u Rules Send Notifications?", n), n);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Notifications of the selected rules go to this contact "
                                     "point from now on."));
  gtk_widget_set_sensitive (dropdown, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Contact point"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "set", _("_Set Contact Point"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "set", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "bs-dropdown", dropdown);
  g_signal_connect_object (dialog, "response", G_CALLBACK (contact_point_response_cb), self, 0);
  bs_engine_client_request_async (client, "GET", "contact-points", NULL, cancellable,
                                  contact_points_cb, g_object_ref (dialog));
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

