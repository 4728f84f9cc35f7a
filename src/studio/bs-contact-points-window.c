#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-action-dialog.h"
#include "bs-alert-format.h"
#include "bs-contact-points-window.h"

/* A test is followed this often, and for this long at most: a receiver that keeps failing
 * is retried by the engine for an hour, which nobody waits for in this window. */
#define TEST_POLL_MS 1000
#define TEST_FOLLOW_S 120

static const char * const kinds[] = { "slack", "webhook", "desktop" };

typedef struct
{
  BsContactPointsWindow *self;
  gint64                 point_id;
  gint64                 notification_id;
  char                  *text;
  gboolean               settled;
  gboolean               in_flight;
  guint                  poll_id;
  gint64                 started;
} TestState;

/* A request about one contact point. */
typedef struct
{
  BsContactPointsWindow *self;
  gint64                 point_id;
} PollData;

struct _BsContactPointsWindow
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *add_button;
  GtkButton           *save_button;
  GtkSpinner          *busy_spinner;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *list_group;
  AdwPreferencesGroup *form_group;
  AdwEntryRow         *name_row;
  AdwPreferencesRow   *name_error;
  AdwComboRow         *kind_row;
  AdwPasswordEntryRow *url_row;
  AdwPreferencesRow   *url_error;
  AdwEntryRow         *channel_row;
  GtkSwitch           *resolved_switch;

  BsEngineClient      *client;
  GCancellable        *cancellable;
  JsonNode            *points;       /* the last answer of GET contact-points */
  GPtrArray           *rows;
  GHashTable          *tests;        /* gint64* point id → TestState* */
  gint64              editing;       /* the id in the form; 0: a new one */
  gboolean            editing_has_url;
  char                *error;
  int                 n_points;
  guint               busy;
};

G_DEFINE_FINAL_TYPE (BsContactPointsWindow, bs_contact_points_window, ADW_TYPE_WINDOW)

static void refresh (BsContactPointsWindow *self);
static void show_points (BsContactPointsWindow *self);

static void
test_state_free (TestState *state)
{
  g_clear_handle_id (&state->poll_id, g_source_remove);
  g_free (state->text);
  g_free (state);
}

static void
set_busy (BsContactPointsWindow *self,
          gboolean               busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->busy_spinner, self->busy > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->busy == 0);
}

static JsonArray *
point_items (BsContactPointsWindow *self)
{
  return self->points != NULL ? bs_alert_get_array (json_node_get_object (self->points), "items")
                              : NULL;
}

static JsonObject *
find_point (BsContactPointsWindow *self,
            gint64                 id)
{
  JsonArray *items = point_items (self);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *point = json_array_get_object_element (items, i);

      if (point != NULL && json_object_get_int_member_with_default (point, "id", 0) == id)
        return point;
    }
  return NULL;
}

/* The engine's messages are about the fields; should one ever quote the address, it must
 * not reach a label. */
static char *
without_url (BsContactPointsWindow *self,
             const char            *message)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_auto(GStrv) parts = NULL;

  if (url == NULL || strlen (url) < 4 || strstr (message, url) == NULL)
    return g_strdup (message);
  parts = g_strsplit (message, url, -1);
  return g_strjoinv (_("(the address)"), parts);
}

/* --- pages ----------------------------------------------------------------------------- */

static void
update_header (BsContactPointsWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean form = g_strcmp0 (page, "edit") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), form);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), form);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), g_strcmp0 (page, "list") == 0);
  if (!form)
    adw_window_title_set_title (self->window_title, _("Contact Points"));
  else if (self->editing == 0)
    adw_window_title_set_title (self->window_title, _("New Contact Point"));
  else
    adw_window_title_set_title (self->window_title, _("Change Contact Point"));
}

static void
show_page (BsContactPointsWindow *self,
           const char            *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  update_header (self);
}

/* --- the form -------------------------------------------------------------------------- */

static void
clear_errors (BsContactPointsWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->url_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  g_clear_pointer (&self->error, g_free);
}

static void
show_field_error (BsContactPointsWindow *self,
                  AdwPreferencesRow     *row,
                  const char            *message)
{
  GtkWidget *field = gtk_widget_get_prev_sibling (GTK_WIDGET (row));
  g_autofree char *shown = without_url (self, message);

  clear_errors (self);
  self->error = g_strdup (shown);
  gtk_label_set_label (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), shown);
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
  gtk_widget_add_css_class (field, "error");
  gtk_widget_grab_focus (field);
}

static void
field_changed_cb (BsContactPointsWindow *self)
{
  if (self->error != NULL)
    clear_errors (self);
}

static const char *
kind_now (BsContactPointsWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < G_N_ELEMENTS (kinds) ? kinds[selected] : "slack";
}

static void
kind_changed_cb (BsContactPointsWindow *self)
{
  const char *kind = kind_now (self);
  gboolean needs_url = !g_str_equal (kind, "desktop");
  const char *description = NULL;
  const char *url_title;

  if (g_str_equal (kind, "slack"))
    description = _("In Slack, add the app “Incoming WebHooks” to the channel and paste the "
                    "address it gives (https://hooks.slack.com/…). Messages show the alerts "
                    "with their values.");
  else if (g_str_equal (kind, "webhook"))
    description = _("The engine sends each notification as JSON in a POST request, with an "
                    "Idempotency-Key header so that a repeat after a failure can be "
                    "recognised.");
  else
    description = _("A notification pops up on the computer the engine runs on. Use it when "
                    "the engine runs on your own computer.");
  if (self->editing != 0 && self->editing_has_url && needs_url)
    {
      g_autofree char *kept = NULL;

      /* Translators: the kind's description, then what happens to the stored address. */
      kept = g_strdup_printf (_("%s The address stored is kept secret and is not shown; it "
                                "stays as it is unless you type a new one."), description);
      adw_preferences_group_set_description (self->form_group, kept);
      url_title = _("New Webhook Address (Optional)");
    }
  else
    {
      adw_preferences_group_set_description (self->form_group, description);
      url_title = _("Webhook Address");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), url_title);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), needs_url);
  gtk_widget_set_visible (GTK_WIDGET (self->channel_row), g_str_equal (kind, "slack"));
  if (!needs_url)
    gtk_widget_set_visible (GTK_WIDGET (self->url_error), FALSE);
}

static void
fill_form (BsContactPointsWindow *self,
           JsonObject            *point)
{
  const char *kind = bs_alert_get_string (point, "kind");
  JsonObject *settings = bs_alert_get_object (point, "settings");

  clear_errors (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         point != NULL ? bs_alert_get_string (point, "name") ?: "" : "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->channel_row),
                         bs_alert_get_string (settings, "channel") ?: "");
  gtk_switch_set_active (self->resolved_switch,
                         point == NULL ||
                         json_object_get_boolean_member_with_default (point, "send_resolved",
                                                                      TRUE));
  adw_combo_row_set_selected (self->kind_row, 0);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
  /* The kind of a stored one stays: its address and its rules were made for it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), point == NULL);
  self->editing_has_url = point != NULL &&
                          json_object_get_boolean_member_with_default (point, "has_url", FALSE);
  kind_changed_cb (self);
}

static JsonNode *
form_body (BsContactPointsWindow *self,
           const char            *name,
           const char            *url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *kind = kind_now (self);
  const char *channel_text = gtk_editable_get_text (GTK_EDITABLE (self->channel_row));
  g_autofree char *channel = g_strstrip (g_strdup (channel_text));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  if (url != NULL && *url != '\0' && !g_str_equal (kind, "desktop"))
    {
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
    }
  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  if (g_str_equal (kind, "slack") && *channel != '\0')
    {
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, channel);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "send_resolved");
  json_builder_add_boolean_value (builder, gtk_switch_get_active (self->resolved_switch));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
check_url (BsContactPointsWindow *self,
           const char            *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (*url == '\0')
    {
      if (self->editing != 0 && self->editing_has_url)
        return TRUE;
      show_field_error (self, self->url_error,
                        g_str_equal (kind_now (self), "slack")
                        ? _("Paste the address Slack gave for the channel; it starts with "
                            "https://hooks.slack.com/.")
                        : _("Paste the address of the web service that should receive the "
                            "notifications; it starts with https:// or http://."));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      show_field_error (self, self->url_error,
                        _("This is not a web address. It starts with https:// or http://, "
                          "then the server’s name."));
      return FALSE;
    }

  return TRUE;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BsContactPointsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      /* The engine names the field it refuses. */
      show_field_error (self, strstr (error->message, "url") != NULL ||
                              strstr (error->message, "secret") != NULL ||
                              strstr (error->message, "keyring") != NULL
                              ? self->url_error : self->name_error,
                        error->message);
      return;
    }

  /* The address is with the engine now; it is not kept here, not even in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  refresh (self);
  show_page (self, "loading");
}

/* --- the list -------------------------------------------------------------------------- */

static char *
describe_point (BsContactPointsWindow *self,
                JsonObject            *point)
{
  const char *kind = bs_alert_get_string (point, "kind");
  const char *channel = bs_alert_get_string (bs_alert_get_object (point, "settings"),
                                             "channel");
  gint64 id = json_object_get_int_member_with_default (point, "id", 0);
  TestState *test = g_hash_table_lookup (self->tests, &id);
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_strcmp0 (kind, "slack") == 0 && channel != NULL)
    /* Translators: “Slack · #ops”. */
    g_string_append_printf (text, _("Slack · %s"), channel);
  else if (g_strcmp0 (kind, "slack") == 0)
    g_string_append (text, _("Slack"));
  else if (g_strcmp0 (kind, "webhook") == 0)
    g_string_append (text, _("Web service (JSON)"));
  else
    g_string_append (text, _("Desktop notification on the engine’s computer"));

  if ((g_strcmp0 (kind, "slack") == 0 || g_strcmp0 (kind, "webhook") == 0) &&
      !json_object_get_boolean_member_with_default (point, "has_url", FALSE))
    g_string_append_printf (text, " · %s", _("no address stored: change it to add one"));
  if (test != NULL && test->text != NULL)
    g_string_append_printf (text, "\n%s", test->text);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
point_button_cb (GtkButton             *button,
                 BsContactPointsWindow *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "bs-id");
  const char *what = g_object_get_data (G_OBJECT (button), "bs-what");

  if (g_str_equal (what, "test"))
    bs_contact_points_window_send_test (self, id);
  else if (g_str_equal (what, "edit"))
    bs_contact_points_window_edit (self, id);
  else
    bs_contact_points_window_delete (self, id);
}

static GtkWidget *
point_button (BsContactPointsWindow *self,
              gint64                 id,
              const char            *what,
              const char            *icon,
              const char            *label,
              const char            *tooltip)
{
  GtkWidget *button = icon != NULL ? gtk_button_new_from_icon_name (icon)
                                   : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  if (icon != NULL)
    gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "bs-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (button), "bs-what", (gpointer) what);
  g_signal_connect (button, "clicked", G_CALLBACK (point_button_cb), self);

  return button;
}

static const char *
kind_icon (const char *kind)
{
  if (g_strcmp0 (kind, "desktop") == 0)
    return "computer-symbolic";
  if (g_strcmp0 (kind, "slack") == 0)
    return "system-users-symbolic";
  return "network-transmit-symbolic";
}

static GtkWidget *
point_row (BsContactPointsWindow *self,
           JsonObject            *point)
{
  GtkWidget *row = adw_action_row_new ();
  gint64 id = json_object_get_int_member_with_default (point, "id", 0);
  const char *name = bs_alert_get_string (point, "name");
  g_autofree char *subtitle = describe_point (self, point);
  g_autofree char *test_tip = g_strdup_printf (_("Send a test message to “%s”"), name);
  g_autofree char *edit_tip = g_strdup_printf (_("Change “%s”"), name);
  g_autofree char *delete_tip = g_strdup_printf (_("Delete “%s”"), name);
  GtkWidget *icon = bs_alert_icon_new (kind_icon (bs_alert_get_string (point, "kind")));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : "?");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             point_button (self, id, "test", NULL, _("Send _Test"), test_tip));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             point_button (self, id, "edit", "document-edit-symbolic", NULL,
                                           edit_tip));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             point_button (self, id, "delete", "user-trash-symbolic", NULL,
                                           delete_tip));
  g_object_set_data_full (G_OBJECT (row), "bs-id", g_memdup2 (&id, sizeof id), g_free);

  return row;
}

static void
show_points (BsContactPointsWindow *self)
{
  JsonArray *items = point_items (self);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *point = json_array_get_object_element (items, i);
      GtkWidget *row;

      if (point == NULL)
        continue;
      row = point_row (self, point);
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
  self->n_points = self->rows->len;

  if (!g_str_equal (bs_contact_points_window_get_page (self), "edit"))
    show_page (self, self->n_points > 0 ? "list" : "empty");
}

static void
update_point_row (BsContactPointsWindow *self,
                  gint64                 id)
{
  JsonObject *point = find_point (self, id);

  for (guint i = 0; point != NULL && i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      g_autofree char *subtitle = NULL;

      if (*(gint64 *) g_object_get_data (G_OBJECT (row), "bs-id") != id)
        continue;
      subtitle = describe_point (self, point);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
}

static void
points_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsContactPointsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL || bs_engine_client_get_items (root, _("contact points"), &error) == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return;
    }

  g_clear_pointer (&self->points, json_node_unref);
  self->points = g_steal_pointer (&root);
  show_points (self);
}

static void
refresh (BsContactPointsWindow *self)
{
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", "contact-points", NULL,
                                  self->cancellable, points_loaded_cb, g_object_ref (self));
}

/* --- tests ----------------------------------------------------------------------------- */

static void
set_test_text (TestState  *state,
               const char *text,
               gboolean    settled)
{
  g_free (state->text);
  state->text = g_strdup (text);
  state->settled = settled;
  update_point_row (state->self, state->point_id);
}

static void
show_test_entry (TestState  *state,
                 JsonObject *entry)
{
  const char *status = bs_alert_get_string (entry, "status");
  g_autofree char *delivery = bs_alert_describe_delivery (entry);
  g_autofree char *text = NULL;
  gboolean settled = g_strcmp0 (status, "delivered") == 0 || g_strcmp0 (status, "failed") == 0;

  /* Translators: the result of Send Test: “Test: Delivered 10:42”. */
  text = g_strdup_printf (_("Test: %s"), delivery);
  set_test_text (state, text, settled);
  if (settled)
    g_clear_handle_id (&state->poll_id, g_source_remove);
}

static void
test_polled (BsContactPointsWindow *self,
             gint64                 point_id,
             GAsyncResult          *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  TestState *state;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (self->client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  state = g_hash_table_lookup (self->tests, &point_id);
  if (state == NULL)
    return;
  state->in_flight = FALSE;
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("notifications"), &error);
  if (items == NULL)
    {
      g_debug ("Cannot follow the test of contact point %" G_GINT64_FORMAT ": %s", point_id,
               error->message);
      /* An engine without the route (older than this window) cannot say more; asking
       * again every second would not change that. */
      if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *when = bs_alert_format_time (now);
          g_autofree char *text = NULL;

          g_clear_handle_id (&state->poll_id, g_source_remove);
          /* Translators: Send Test on an engine that cannot report the delivery. */
          text = g_strdup_printf (_("Test handed to the engine at %s; it delivers it in the "
                                    "background"), when);
          set_test_text (state, text, FALSE);
        }
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      if (entry != NULL &&
          json_object_get_int_member_with_default (entry, "id", 0) == state->notification_id)
        {
          show_test_entry (state, entry);
          return;
        }
    }
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PollData *data = user_data;

  test_polled (data->self, data->point_id, result);
  g_object_unref (data->self);
  g_free (data);
}

static gboolean
poll_test (gpointer user_data)
{
  TestState *state = user_data;
  BsContactPointsWindow *self = state->self;
  g_autofree char *path = NULL;
  PollData *data;

  if (g_get_monotonic_time () - state->started > TEST_FOLLOW_S * G_USEC_PER_SEC)
    {
      state->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (state->in_flight)
    return G_SOURCE_CONTINUE;

  state->in_flight = TRUE;
  data = g_new (PollData, 1);
  data->self = g_object_ref (self);
  data->point_id = state->point_id;
  path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT "/notifications?limit=20",
                          state->point_id);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  poll_done_cb, data);
  return G_SOURCE_CONTINUE;
}

static void
test_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PollData *data = user_data;
  g_autoptr(BsContactPointsWindow) self = data->self;
  gint64 point_id = data->point_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry = NULL;
  TestState *state;

  g_free (data);
  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  state = g_hash_table_lookup (self->tests, &point_id);
  if (state == NULL)
    return;
  if (error == NULL && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    entry = bs_alert_get_object (json_node_get_object (root), "notification");
  if (entry == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: why Send Test did not even start. */
      text = g_strdup_printf (_("Test not sent: %s"),
                              error != NULL ? error->message
                                            : _("the engine’s answer could not be understood."));
      set_test_text (state, text, TRUE);
      return;
    }

  state->notification_id = json_object_get_int_member_with_default (entry, "id", 0);
  state->started = g_get_monotonic_time ();
  show_test_entry (state, entry);
  if (!state->settled && state->poll_id == 0)
    state->poll_id = g_timeout_add (TEST_POLL_MS, poll_test, state);
}

/* --- deleting -------------------------------------------------------------------------- */

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsContactPointsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  refresh (self);
  if (error == NULL ||
      g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    return;

  g_free (self->error);
  self->error = g_strdup (error->message);
  bs_action_dialog_show_failure (GTK_WIDGET (self), _("Could Not Delete the Contact Point"),
                                 error->message);
}

static void
delete_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    BsContactPointsWindow *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "bs-id");
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "delete"))
    return;

  g_hash_table_remove (self->tests, &id);
  path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT, id);
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "DELETE", path, NULL, self->cancellable,
                                  deleted_cb, g_object_ref (self));
}

/* --- actions and life ------------------------------------------------------------------ */

static void
window_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BsContactPointsWindow *self = BS_CONTACT_POINTS_WINDOW (widget);

  if (g_str_equal (action_name, "points.add"))
    bs_contact_points_window_edit (self, 0);
  else if (g_str_equal (action_name, "points.save"))
    bs_contact_points_window_save (self);
  else if (g_str_equal (action_name, "points.refresh"))
    {
      show_page (self, "loading");
      refresh (self);
    }
  else if (g_str_equal (action_name, "points.back"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
      clear_errors (self);
      show_page (self, self->n_points > 0 ? "list" : "empty");
    }
}

static gboolean
bs_contact_points_window_close_request (GtkWindow *window)
{
  BsContactPointsWindow *self = BS_CONTACT_POINTS_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->tests);

  return GTK_WINDOW_CLASS (bs_contact_points_window_parent_class)->close_request (window);
}

static void
bs_contact_points_window_dispose (GObject *object)
{
  BsContactPointsWindow *self = BS_CONTACT_POINTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->points, json_node_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->tests, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_CONTACT_POINTS_WINDOW);

  G_OBJECT_CLASS (bs_contact_points_window_parent_class)->dispose (object);
}

static void
bs_contact_points_window_finalize (GObject *object)
{
  g_clear_pointer (&BS_CONTACT_POINTS_WINDOW (object)->error, g_free);

  G_OBJECT_CLASS (bs_contact_points_window_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BsContactPointsWindow, name)

static void
bs_contact_points_window_class_init (BsContactPointsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  const char *actions[] = { "points.add", "points.save", "points.refresh", "points.back" };

  object_class->dispose = bs_contact_points_window_dispose;
  object_class->finalize = bs_contact_points_window_finalize;
  window_class->close_request = bs_contact_points_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-contact-points-window.ui");
  BIND (window_title);
  BIND (back_button);
  BIND (add_button);
  BIND (save_button);
  BIND (busy_spinner);
  BIND (stack);
  BIND (error_page);
  BIND (list_group);
  BIND (form_group);
  BIND (name_row);
  BIND (name_error);
  BIND (kind_row);
  BIND (url_row);
  BIND (url_error);
  BIND (channel_row);
  BIND (resolved_switch);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, window_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

#undef BIND

static void
bs_contact_points_window_init (BsContactPointsWindow *self)
{
  g_autoptr(GtkStringList) kind_names = NULL;

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->tests = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) test_state_free);
  self->n_points = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  kind_names = gtk_string_list_new ((const char *[]) {
    _("Slack channel"), _("Web service (webhook)"), _("Desktop notification"), NULL });
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  kind_changed_cb (self);
  update_header (self);
}

GtkWindow *
bs_contact_points_window_new (BsEngineClient *client,
                              GtkWindow      *parent)
{
  BsContactPointsWindow *self;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (BS_TYPE_CONTACT_POINTS_WINDOW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  refresh (self);

  return GTK_WINDOW (self);
}

const char *
bs_contact_points_window_get_page (BsContactPointsWindow *self)
{
  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

int
bs_contact_points_window_get_n_points (BsContactPointsWindow *self)
{
  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), -1);

  return self->n_points;
}

gint64
bs_contact_points_window_find (BsContactPointsWindow *self,
                               const char            *name)
{
  JsonArray *items;

  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), 0);

  items = point_items (self);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *point = json_array_get_object_element (items, i);

      if (point != NULL && g_strcmp0 (bs_alert_get_string (point, "name"), name) == 0)
        return json_object_get_int_member_with_default (point, "id", 0);
    }
  return 0;
}

void
bs_contact_points_window_edit (BsContactPointsWindow *self,
                               gint64                 id)
{
  JsonObject *point;

  g_return_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self));

  point = id != 0 ? find_point (self, id) : NULL;
  self->editing = point != NULL ? id : 0;
  fill_form (self, point);
  show_page (self, "edit");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

void
bs_contact_points_window_save (BsContactPointsWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *url;

  g_return_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self));

  if (self->busy > 0)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  if (*name == '\0')
    {
      show_field_error (self, self->name_error,
                        _("Give it a name that says where messages go, such as “Ops Slack”."));
      return;
    }
  if (!g_str_equal (kind_now (self), "desktop") && !check_url (self, url))
    return;

  clear_errors (self);
  body = form_body (self, name, url);
  set_busy (self, TRUE);
  if (self->editing == 0)
    bs_engine_client_request_async (self->client, "POST", "contact-points", body,
                                    self->cancellable, saved_cb, g_object_ref (self));
  else
    {
      path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT, self->editing);
      bs_engine_client_request_async (self->client, "PUT", path, body, self->cancellable,
                                      saved_cb, g_object_ref (self));
    }
}

void
bs_contact_points_window_send_test (BsContactPointsWindow *self,
                                    gint64                 id)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;
  TestState *state;
  PollData *data;
  gint64 *key;

  g_return_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self));

  state = g_new0 (TestState, 1);
  state->self = self;
  state->point_id = id;
  state->text = g_strdup (_("Test: sending…"));
  key = g_memdup2 (&id, sizeof id);
  g_hash_table_replace (self->tests, key, state);
  update_point_row (self, id);

  data = g_new (PollData, 1);
  data->self = g_object_ref (self);
  data->point_id = id;
  path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT "/test", id);
  set_busy (self, TRUE);
  /* The route takes no fields; an empty object suits an engine that reads a body anyway. */
  body = json_node_init_object (json_node_alloc (), json_object_new ());
  bs_engine_client_request_async (self->client, "POST", path, body, self->cancellable,
                                  test_sent_cb, data);
}

const char *
bs_contact_points_window_get_test_result (BsContactPointsWindow *self,
                                          gint64                 id,
                                          gboolean              *settled)
{
  TestState *state;

  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), NULL);

  state = g_hash_table_lookup (self->tests, &id);
  if (settled != NULL)
    *settled = state != NULL && state->settled;
  return state != NULL ? state->text : NULL;
}

GtkWidget *
bs_contact_points_window_delete (BsContactPointsWindow *self,
                                 gint64                 id)
{
  JsonObject *point;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), NULL);

  point = find_point (self, id);
  if (point == NULL)
    return NULL;

  heading = g_strdup_printf (_("Delete “%s”?"), bs_alert_get_string (point, "name"));
  dialog = bs_action_dialog_confirm (GTK_WIDGET (self), heading,
                                     _("Rules cannot send to it any more. A contact point "
                                       "that rules still use cannot be deleted: choose "
                                       "another one for them first."),
                                     "delete", _("_Delete"));
  g_object_set_data_full (G_OBJECT (dialog), "bs-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);

  return dialog;
}

gboolean
bs_contact_points_window_get_busy (BsContactPointsWindow *self)
{
  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), FALSE);

  return self->busy > 0;
}

const char *
bs_contact_points_window_get_error (BsContactPointsWindow *self)
{
  g_return_val_if_fail (BS_IS_CONTACT_POINTS_WINDOW (self), NULL);

  return self->error;
}
