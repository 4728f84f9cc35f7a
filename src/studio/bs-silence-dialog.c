#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-alert-format.h"
#include "bs-silence-dialog.h"

typedef struct
{
  guint       seconds;
  const char *text;
} Duration;

static const Duration durations[] = {
  { 3600, N_("1 hour") },
  { 2 * 3600, N_("2 hours") },
  { 4 * 3600, N_("4 hours") },
  { 8 * 3600, N_("8 hours") },
  { 86400, N_("1 day") },
  { 3 * 86400, N_("3 days") },
  { 7 * 86400, N_("1 week") },
};

/* One line of matchers: a label, "is" or "is not", a value. */
typedef struct
{
  GtkWidget   *row;
  GtkDropDown *label;
  GtkDropDown *op;
  GtkDropDown *value;
  GPtrArray   *label_keys;   /* what the label dropdown's items stand for */
  GPtrArray   *value_keys;
  char        *wanted_label; /* the choice to keep while the options change */
  char        *wanted_value;
} Matcher;

struct _BsSilenceDialog
{
  AdwWindow            parent_instance;

  GtkButton           *submit_button;
  GtkSpinner          *busy_spinner;
  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *matchers_group;
  AdwComboRow         *duration_row;
  AdwEntryRow         *comment_row;
  AdwPreferencesRow   *error_row;
  GtkLabel            *error_label;
  AdwPreferencesGroup *silences_group;

  BsEngineClient      *client;
  GCancellable        *cancellable;
  GPtrArray           *matchers;       /* Matcher* */
  GPtrArray           *silence_rows;
  GPtrArray           *label_names;    /* the labels offered, rule_uid and alertname first */
  GHashTable          *values;         /* label → GPtrArray of values */
  GHashTable          *rule_titles;    /* uid → title */
  char                *error;
  int                 n_silences;
  guint               busy;
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (BsSilenceDialog, bs_silence_dialog, ADW_TYPE_WINDOW)

static void
matcher_free (Matcher *matcher)
{
  g_clear_pointer (&matcher->label_keys, g_ptr_array_unref);
  g_clear_pointer (&matcher->value_keys, g_ptr_array_unref);
  g_free (matcher->wanted_label);
  g_free (matcher->wanted_value);
  g_free (matcher);
}

static void
set_busy (BsSilenceDialog *self,
          gboolean         busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->busy_spinner, self->busy > 0);
}

static void
show_error (BsSilenceDialog *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
}

static void
field_changed_cb (BsSilenceDialog *self)
{
  if (self->error != NULL)
    show_error (self, NULL);
}

/* --- what the dropdowns offer ---------------------------------------------------------- */

static const char *
label_title (const char *label)
{
  if (g_strcmp0 (label, "rule_uid") == 0)
    return _("Rule");
  if (g_strcmp0 (label, "alertname") == 0)
    return _("Rule title");
  return label;
}

static char *
value_title (BsSilenceDialog *self,
             const char      *label,
             const char      *value)
{
  const char *title = g_strcmp0 (label, "rule_uid") == 0
                      ? g_hash_table_lookup (self->rule_titles, value) : NULL;

  if (title != NULL)
    return g_strdup (title);
  return g_strdup (value);
}

static void
offer (BsSilenceDialog *self,
       const char      *label,
       const char      *value)
{
  GPtrArray *values;

  if (label == NULL || value == NULL)
    return;
  if (!g_ptr_array_find_with_equal_func (self->label_names, label, g_str_equal, NULL))
    g_ptr_array_add (self->label_names, g_strdup (label));
  values = g_hash_table_lookup (self->values, label);
  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->values, g_strdup (label), values);
    }
  if (!g_ptr_array_find_with_equal_func (values, value, g_str_equal, NULL))
    g_ptr_array_add (values, g_strdup (value));
}

static void
offer_labels (BsSilenceDialog *self,
              JsonObject      *labels)
{
  g_autoptr(GList) names = labels != NULL ? json_object_get_members (labels) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    offer (self, l->data, bs_alert_get_string (labels, l->data));
}

static GtkListItemFactory *
ellipsizing_factory (void);

static void
fill_values (BsSilenceDialog *self,
             Matcher         *matcher)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GPtrArray *values = g_hash_table_lookup (self->values, matcher->wanted_label);
  guint selected = 0;

  g_ptr_array_set_size (matcher->value_keys, 0);
  for (guint i = 0; values != NULL && i < values->len; i++)
    g_ptr_array_add (matcher->value_keys, g_strdup (g_ptr_array_index (values, i)));
  if (matcher->wanted_value != NULL &&
      !g_ptr_array_find_with_equal_func (matcher->value_keys, matcher->wanted_value,
                                         g_str_equal, NULL))
    g_ptr_array_insert (matcher->value_keys, 0, g_strdup (matcher->wanted_value));

  for (guint i = 0; i < matcher->value_keys->len; i++)
    {
      g_autofree char *title = value_title (self, matcher->wanted_label,
                                            g_ptr_array_index (matcher->value_keys, i));

      gtk_string_list_append (model, title);
      if (g_strcmp0 (g_ptr_array_index (matcher->value_keys, i), matcher->wanted_value) == 0)
        selected = i;
    }
  if (matcher->value_keys->len == 0)
    gtk_string_list_append (model, _("No value known yet"));

  self->syncing = TRUE;
  gtk_drop_down_set_model (matcher->value, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (matcher->value, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (matcher->value), matcher->value_keys->len > 0);
  self->syncing = FALSE;
  if (matcher->value_keys->len > 0 && matcher->wanted_value == NULL)
    matcher->wanted_value = g_strdup (g_ptr_array_index (matcher->value_keys, 0));
}

static void
fill_matcher (BsSilenceDialog *self,
              Matcher         *matcher)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (matcher->label_keys, 0);
  for (guint i = 0; i < self->label_names->len; i++)
    g_ptr_array_add (matcher->label_keys, g_strdup (g_ptr_array_index (self->label_names, i)));
  if (matcher->wanted_label == NULL)
    matcher->wanted_label = g_strdup ("rule_uid");
  if (!g_ptr_array_find_with_equal_func (matcher->label_keys, matcher->wanted_label,
                                         g_str_equal, NULL))
    g_ptr_array_add (matcher->label_keys, g_strdup (matcher->wanted_label));

  for (guint i = 0; i < matcher->label_keys->len; i++)
    {
      gtk_string_list_append (model, label_title (g_ptr_array_index (matcher->label_keys, i)));
      if (g_str_equal (g_ptr_array_index (matcher->label_keys, i), matcher->wanted_label))
        selected = i;
    }

  self->syncing = TRUE;
  gtk_drop_down_set_model (matcher->label, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (matcher->label, selected);
  self->syncing = FALSE;
  fill_values (self, matcher);
}

static Matcher *
find_matcher (BsSilenceDialog *self,
              GtkDropDown     *dropdown)
{
  for (guint i = 0; i < self->matchers->len; i++)
    {
      Matcher *matcher = g_ptr_array_index (self->matchers, i);

      if (matcher->label == dropdown || matcher->value == dropdown || matcher->op == dropdown)
        return matcher;
    }
  return NULL;
}

static void
label_chosen_cb (GtkDropDown     *dropdown,
                 GParamSpec      *pspec,
                 BsSilenceDialog *self)
{
  Matcher *matcher = find_matcher (self, dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || matcher == NULL || selected >= matcher->label_keys->len)
    return;
  g_free (matcher->wanted_label);
  matcher->wanted_label = g_strdup (g_ptr_array_index (matcher->label_keys, selected));
  g_clear_pointer (&matcher->wanted_value, g_free);
  fill_values (self, matcher);
  field_changed_cb (self);
}

static void
value_chosen_cb (GtkDropDown     *dropdown,
                 GParamSpec      *pspec,
                 BsSilenceDialog *self)
{
  Matcher *matcher = find_matcher (self, dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || matcher == NULL || selected >= matcher->value_keys->len)
    return;
  g_free (matcher->wanted_value);
  matcher->wanted_value = g_strdup (g_ptr_array_index (matcher->value_keys, selected));
  field_changed_cb (self);
}

static void
remove_matcher_cb (GtkButton       *button,
                   BsSilenceDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  for (guint i = 0; i < self->matchers->len; i++)
    {
      Matcher *matcher = g_ptr_array_index (self->matchers, i);

      if (matcher->row != row)
        continue;
      adw_preferences_group_remove (self->matchers_group, row);
      g_ptr_array_remove_index (self->matchers, i);
      break;
    }
  field_changed_cb (self);
}

/* Dropdowns in a row share its width: their buttons cut long names short, the popovers
 * show them whole. */
static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static GtkListItemFactory *
ellipsizing_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);
  return factory;
}

static GtkDropDown *
matcher_dropdown (const char *accessible_label)
{
  GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);
  g_autoptr(GtkListItemFactory) button = ellipsizing_factory ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  g_signal_connect (list, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (list, "bind", G_CALLBACK (bind_label_cb), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), button);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), list);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  return GTK_DROP_DOWN (dropdown);
}

/* --- silences in force ----------------------------------------------------------------- */

static char *
describe_matchers (BsSilenceDialog *self,
                   JsonArray       *matchers)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; matchers != NULL && i < json_array_get_length (matchers); i++)
    {
      JsonObject *matcher = json_array_get_object_element (matchers, i);
      const char *label = bs_alert_get_string (matcher, "label");
      g_autofree char *value = value_title (self, label, bs_alert_get_string (matcher,
                                                                              "value"));

      if (text->len > 0)
        /* Translators: between two matchers of a silence, “Rule is X and team is ops”. */
        g_string_append (text, _(" and "));
      if (g_strcmp0 (bs_alert_get_string (matcher, "op"), "!=") == 0)
        /* Translators: a matcher of a silence, “Rule is not Low stock”. */
        g_string_append_printf (text, _("%s is not %s"), label_title (label),
                                value != NULL ? value : "");
      else
        /* Translators: a matcher of a silence, “Rule is Low stock”. */
        g_string_append_printf (text, _("%s is %s"), label_title (label),
                                value != NULL ? value : "");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_silences (BsSilenceDialog *self)
{
  for (guint i = 0; i < self->silence_rows->len; i++)
    adw_preferences_group_remove (self->silences_group,
                                  g_ptr_array_index (self->silence_rows, i));
  g_ptr_array_set_size (self->silence_rows, 0);
}

static void
expire_clicked_cb (GtkButton       *button,
                   BsSilenceDialog *self)
{
  bs_silence_dialog_expire (self, *(gint64 *) g_object_get_data (G_OBJECT (button), "bs-id"));
}

static GtkWidget *
silence_row (BsSilenceDialog *self,
             JsonObject      *silence)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Expire"));
  gint64 id = json_object_get_int_member_with_default (silence, "id", 0);
  g_autofree char *title = describe_matchers (self, bs_alert_get_array (silence, "matchers"));
  g_autofree char *starts = bs_alert_format_member_time (silence, "starts_at");
  g_autofree char *ends = bs_alert_format_member_time (silence, "ends_at");
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  const char *comment = bs_alert_get_string (silence, "comment");
  const char *by = bs_alert_get_string (silence, "created_by");

  if (g_strcmp0 (bs_alert_get_string (silence, "state"), "pending") == 0)
    /* Translators: a silence to come, “From 14:00 until 16:00”. */
    when = g_strdup_printf (_("From %s until %s"), starts != NULL ? starts : "?",
                            ends != NULL ? ends : "?");
  else
    /* Translators: a silence running now, “Until 16:00”. */
    when = g_strdup_printf (_("Until %s"), ends != NULL ? ends : "?");
  /* Translators: when, why and by whom: “Until 16:00 · Stock-take · by Ann”. */
  subtitle = g_strdup_printf (_("%s · %s · by %s"), when,
                              comment != NULL && *comment != '\0' ? comment : _("no reason given"),
                              by != NULL ? by : "?");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("End this silence now"));
  g_object_set_data_full (G_OBJECT (button), "bs-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (expire_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
show_silences (BsSilenceDialog *self,
               JsonArray       *items)
{
  clear_silences (self);
  self->n_silences = 0;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *silence = json_array_get_object_element (items, i);
      GtkWidget *row;

      if (silence == NULL || g_strcmp0 (bs_alert_get_string (silence, "state"), "expired") == 0)
        continue;
      row = silence_row (self, silence);
      adw_preferences_group_add (self->silences_group, row);
      g_ptr_array_add (self->silence_rows, row);
      self->n_silences++;
    }

  if (self->n_silences == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No silence: every notification is sent"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->silences_group, row);
      g_ptr_array_add (self->silence_rows, row);
    }
}

/* --- loading --------------------------------------------------------------------------- */

typedef enum
{
  LOAD_RULES,
  LOAD_ALERTS,
  LOAD_SILENCES,
} Load;

static void load (BsSilenceDialog *self,
                  Load             what,
                  const char      *path);

typedef struct
{
  BsSilenceDialog *self;
  Load             what;
} LoadData;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(BsSilenceDialog) self = data->self;
  Load what = data->what;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;

  g_free (data);
  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error == NULL)
    items = bs_engine_client_get_items (root, what == LOAD_SILENCES ? _("silences")
                                              : what == LOAD_RULES ? _("alert rules")
                                              : _("alerts"), &error);
  if (items == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (what == LOAD_SILENCES)
    {
      show_silences (self, items);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *uid = bs_alert_get_string (item, what == LOAD_RULES ? "uid" : "rule_uid");
      const char *title = bs_alert_get_string (item, "title");

      if (item == NULL)
        continue;
      if (uid != NULL && title != NULL)
        g_hash_table_replace (self->rule_titles, g_strdup (uid), g_strdup (title));
      offer (self, "rule_uid", uid);
      offer (self, "alertname", title);
      offer_labels (self, bs_alert_get_object (item, "labels"));
    }
  for (guint i = 0; i < self->matchers->len; i++)
    fill_matcher (self, g_ptr_array_index (self->matchers, i));
  /* The titles are known now: the silences read better with them. */
  if (what == LOAD_RULES && self->n_silences >= 0)
    load (self, LOAD_SILENCES, "silences");
}

static void
load (BsSilenceDialog *self,
      Load             what,
      const char      *path)
{
  LoadData *data = g_new (LoadData, 1);

  data->self = g_object_ref (self);
  data->what = what;
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", path, NULL, self->cancellable,
                                  loaded_cb, data);
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsSilenceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *until = NULL;
  g_autofree char *text = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    until = bs_alert_format_member_time (json_node_get_object (root), "ends_at");
  if (g_strcmp0 (bs_alert_get_string (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                                      ? json_node_get_object (root) : NULL, "state"),
                 "expired") == 0)
    text = g_strdup (_("Silence ended: notifications are sent again."));
  else
    /* Translators: “Silenced until 16:00.” */
    text = g_strdup_printf (_("Silenced until %s."), until != NULL ? until : "?");
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  load (self, LOAD_SILENCES, "silences");
}

/* --- actions and life ------------------------------------------------------------------ */

static void
dialog_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BsSilenceDialog *self = BS_SILENCE_DIALOG (widget);

  if (g_str_equal (action_name, "silence.submit"))
    bs_silence_dialog_submit (self);
  else if (g_str_equal (action_name, "silence.add-matcher"))
    bs_silence_dialog_add_matcher (self, NULL, FALSE, NULL);
}

static gboolean
bs_silence_dialog_close_request (GtkWindow *window)
{
  g_cancellable_cancel (BS_SILENCE_DIALOG (window)->cancellable);

  return GTK_WINDOW_CLASS (bs_silence_dialog_parent_class)->close_request (window);
}

static void
bs_silence_dialog_dispose (GObject *object)
{
  BsSilenceDialog *self = BS_SILENCE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->matchers, g_ptr_array_unref);
  g_clear_pointer (&self->silence_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_SILENCE_DIALOG);

  G_OBJECT_CLASS (bs_silence_dialog_parent_class)->dispose (object);
}

static void
bs_silence_dialog_finalize (GObject *object)
{
  BsSilenceDialog *self = BS_SILENCE_DIALOG (object);

  g_clear_pointer (&self->label_names, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->rule_titles, g_hash_table_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (bs_silence_dialog_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BsSilenceDialog, name)

static void
bs_silence_dialog_class_init (BsSilenceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bs_silence_dialog_dispose;
  object_class->finalize = bs_silence_dialog_finalize;
  window_class->close_request = bs_silence_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-silence-dialog.ui");
  BIND (submit_button);
  BIND (busy_spinner);
  BIND (toast_overlay);
  BIND (matchers_group);
  BIND (duration_row);
  BIND (comment_row);
  BIND (error_row);
  BIND (error_label);
  BIND (silences_group);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "silence.submit", NULL, dialog_action);
  gtk_widget_class_install_action (widget_class, "silence.add-matcher", NULL, dialog_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

#undef BIND

static void
bs_silence_dialog_init (BsSilenceDialog *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  self->cancellable = g_cancellable_new ();
  self->matchers = g_ptr_array_new_with_free_func ((GDestroyNotify) matcher_free);
  self->silence_rows = g_ptr_array_new ();
  self->label_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->label_names, g_strdup ("rule_uid"));
  g_ptr_array_add (self->label_names, g_strdup ("alertname"));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->rule_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->n_silences = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    gtk_string_list_append (choices, _(durations[i].text));
  adw_combo_row_set_model (self->duration_row, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (self->duration_row, 1);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->submit_button));
}

GtkWindow *
bs_silence_dialog_new (BsEngineClient *client,
                       GtkWindow      *parent,
                       const char     *rule_uid)
{
  BsSilenceDialog *self;

  g_return_val_if_fail (BS_IS_ENGINE_CLIENT (client), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (BS_TYPE_SILENCE_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  bs_silence_dialog_add_matcher (self, "rule_uid", FALSE, rule_uid);
  load (self, LOAD_RULES, "rules");
  load (self, LOAD_ALERTS, "alerts");
  load (self, LOAD_SILENCES, "silences");

  return GTK_WINDOW (self);
}

void
bs_silence_dialog_add_matcher (BsSilenceDialog *self,
                               const char      *label,
                               gboolean         negative,
                               const char      *value)
{
  Matcher *matcher;
  GtkWidget *box;
  GtkWidget *remove;
  g_autoptr(GtkStringList) ops = NULL;

  g_return_if_fail (BS_IS_SILENCE_DIALOG (self));

  matcher = g_new0 (Matcher, 1);
  matcher->label_keys = g_ptr_array_new_with_free_func (g_free);
  matcher->value_keys = g_ptr_array_new_with_free_func (g_free);
  matcher->wanted_label = g_strdup (label);
  matcher->wanted_value = g_strdup (value);
  matcher->label = matcher_dropdown (_("Label"));
  matcher->value = matcher_dropdown (_("Value"));
  ops = gtk_string_list_new ((const char *[]) { _("is"), _("is not"), NULL });
  matcher->op = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&ops)), NULL));
  gtk_widget_set_valign (GTK_WIDGET (matcher->op), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (matcher->op), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Is or is not"), -1);
  gtk_drop_down_set_selected (matcher->op, negative ? 1 : 0);
  gtk_widget_set_hexpand (GTK_WIDGET (matcher->label), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (matcher->value), TRUE);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this line"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this line"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_matcher_cb), self);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (matcher->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (matcher->op));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (matcher->value));
  gtk_box_append (GTK_BOX (box), remove);
  matcher->row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (matcher->row), FALSE);
  gtk_widget_set_focusable (matcher->row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (matcher->row), box);
  adw_preferences_group_add (self->matchers_group, matcher->row);
  g_ptr_array_add (self->matchers, matcher);

  fill_matcher (self, matcher);
  g_signal_connect (matcher->label, "notify::selected", G_CALLBACK (label_chosen_cb), self);
  g_signal_connect (matcher->value, "notify::selected", G_CALLBACK (value_chosen_cb), self);
}

guint
bs_silence_dialog_get_n_matchers (BsSilenceDialog *self)
{
  g_return_val_if_fail (BS_IS_SILENCE_DIALOG (self), 0);

  return self->matchers->len;
}

void
bs_silence_dialog_set_duration (BsSilenceDialog *self,
                                guint            seconds)
{
  g_return_if_fail (BS_IS_SILENCE_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    if (durations[i].seconds == seconds)
      adw_combo_row_set_selected (self->duration_row, i);
}

void
bs_silence_dialog_set_comment (BsSilenceDialog *self,
                               const char      *comment)
{
  g_return_if_fail (BS_IS_SILENCE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), comment != NULL ? comment : "");
}

JsonNode *
bs_silence_dialog_build (BsSilenceDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends = NULL;
  g_autofree char *ends_text = NULL;
  g_autofree char *comment = NULL;
  guint duration;

  g_return_val_if_fail (BS_IS_SILENCE_DIALOG (self), NULL);

  duration = adw_combo_row_get_selected (self->duration_row);
  if (duration >= G_N_ELEMENTS (durations))
    duration = 0;
  ends = g_date_time_add_seconds (now, durations[duration].seconds);
  ends_text = g_date_time_format_iso8601 (ends);
  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "matchers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->matchers->len; i++)
    {
      Matcher *matcher = g_ptr_array_index (self->matchers, i);

      if (matcher->wanted_label == NULL || matcher->wanted_value == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, matcher->wanted_label);
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder,
                                     gtk_drop_down_get_selected (matcher->op) == 1 ? "!=" : "=");
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, matcher->wanted_value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "ends_at");
  json_builder_add_string_value (builder, ends_text);
  json_builder_set_member_name (builder, "comment");
  json_builder_add_string_value (builder, comment);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
bs_silence_dialog_submit (BsSilenceDialog *self)
{
  g_autoptr(JsonNode) body = NULL;
  JsonArray *matchers;

  g_return_if_fail (BS_IS_SILENCE_DIALOG (self));

  body = bs_silence_dialog_build (self);
  matchers = json_object_get_array_member (json_node_get_object (body), "matchers");
  if (json_array_get_length (matchers) == 0)
    {
      show_error (self, _("Add at least one line that says which alerts to mute, such as "
                          "Rule is Low stock."));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "POST", "silences", body, self->cancellable,
                                  changed_cb, g_object_ref (self));
}

void
bs_silence_dialog_expire (BsSilenceDialog *self,
                          gint64           id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BS_IS_SILENCE_DIALOG (self));

  path = g_strdup_printf ("silences/%" G_GINT64_FORMAT, id);
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "DELETE", path, NULL, self->cancellable,
                                  changed_cb, g_object_ref (self));
}

int
bs_silence_dialog_get_n_silences (BsSilenceDialog *self)
{
  g_return_val_if_fail (BS_IS_SILENCE_DIALOG (self), -1);

  return self->n_silences;
}

gboolean
bs_silence_dialog_get_busy (BsSilenceDialog *self)
{
  g_return_val_if_fail (BS_IS_SILENCE_DIALOG (self), FALSE);

  return self->busy > 0;
}

const char *
bs_silence_dialog_get_error (BsSilenceDialog *self)
{
  g_return_val_if_fail (BS_IS_SILENCE_DIALOG (self), NULL);

  return self->error;
}
