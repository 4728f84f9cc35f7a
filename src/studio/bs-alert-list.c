#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-action-dialog.h"
#include "bs-alert-format.h"
#include "bs-alert-list.h"
#include "bs-alert-list-private.h"
#include "bs-contact-points-window.h"
#include "bs-explanation.h"
#include "bs-silence-dialog.h"

/* States change as the engine evaluates; a list on show follows them this often. */
#define REFRESH_INTERVAL_S 15

struct _BsAlertList
{
  GtkWidget         parent_instance;

  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  AdwStatusPage    *empty_page;
  BsExplanation    *explanation;
  GtkCheckButton   *pick_all_check;
  GtkDropDown      *state_dropdown;
  GtkDropDown      *label_dropdown;
  GtkDropDown      *owner_dropdown;
  GtkListBox       *list_box;
  AdwStatusPage    *no_match_page;
  GtkLabel         *count_label;
  GtkRevealer      *bulk_revealer;
  GtkLabel         *picked_label;
  GtkButton        *pause_button;
  GtkButton        *resume_button;
  GtkButton        *delete_button;

  BsEngineClient   *client;
  GCancellable     *cancellable;   /* the load under way */
  GCancellable     *actions;       /* bulk actions: only cancelled when the list goes */
  JsonNode         *rules;         /* the last answer of GET rules */
  GPtrArray        *rows;
  GHashTable       *picked;        /* gint64* ids */
  GPtrArray        *label_keys;    /* "name=value", parallel to the label dropdown after "any" */
  GPtrArray        *owner_keys;
  char             *state_filter;
  char             *label_filter;
  char             *owner_filter;
  char             *last_result;
  int              n_rules;
  guint            n_shown;
  guint            loading;
  guint            acting;         /* bulk actions under way */
  guint            refresh_id;
  gboolean         syncing;        /* dropdowns or check boxes set from code */
};

enum {
  RULE_ACTIVATED,
  NEW_RULE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsAlertList, bs_alert_list, GTK_TYPE_WIDGET)

/* The states a rule's status can have, in the order the state filter offers them. */
static const char * const state_keys[] = {
  "firing", "pending", "error", "no-data", "normal", "paused",
};

static gint64
rule_id (JsonObject *rule)
{
  return json_object_get_int_member_with_default (rule, "id", 0);
}

static const char *
rule_state (JsonObject *rule)
{
  return bs_alert_get_string (bs_alert_get_object (rule, "status"), "state");
}

static const char *
rule_owner (JsonObject *rule)
{
  return bs_alert_get_string (bs_alert_get_object (rule, "owner"), "name");
}

static gboolean
rule_paused (JsonObject *rule)
{
  return json_object_get_boolean_member_with_default (rule, "paused", FALSE);
}

static gboolean
rule_has_label (JsonObject *rule,
                const char *key)
{
  JsonObject *labels = bs_alert_get_object (rule, "labels");
  g_auto(GStrv) parts = g_strsplit (key, "=", 2);

  return labels != NULL && parts[0] != NULL && parts[1] != NULL &&
         g_strcmp0 (bs_alert_get_string (labels, parts[0]), parts[1]) == 0;
}

static gboolean
rule_matches (BsAlertList *self,
              JsonObject  *rule)
{
  if (self->state_filter != NULL && g_strcmp0 (rule_state (rule), self->state_filter) != 0)
    return FALSE;
  if (self->label_filter != NULL && !rule_has_label (rule, self->label_filter))
    return FALSE;
  if (self->owner_filter != NULL && g_strcmp0 (rule_owner (rule), self->owner_filter) != 0)
    return FALSE;
  return TRUE;
}

static JsonObject *
row_rule (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "bs-rule");
}

static gboolean
is_picked (BsAlertList *self,
           gint64       id)
{
  return g_hash_table_contains (self->picked, &id);
}

/* --- the bulk bar ---------------------------------------------------------------------- */

/* How many picked rules a pause (or a resume) would change. */
static guint
count_picked (BsAlertList *self,
              gboolean     paused)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      JsonObject *rule = row_rule (g_ptr_array_index (self->rows, i));

      if (is_picked (self, rule_id (rule)) && rule_paused (rule) == paused)
        n++;
    }

  return n;
}

static void
update_bulk_bar (BsAlertList *self)
{
  guint n = g_hash_table_size (self->picked);
  guint to_pause = count_picked (self, FALSE);
  guint to_resume = count_picked (self, TRUE);
  g_autofree char *picked = NULL;
  g_autofree char *pause = NULL;
  g_autofree char *resume = NULL;
  g_autofree char *delete = NULL;

  picked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule selected",
                                         "%u rules selected", n), n);
  pause = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Pause %u Rule", "_Pause %u Rules",
                                        to_pause), to_pause);
  resume = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Resume %u Rule",
                                         "_Resume %u Rules", to_resume), to_resume);
  delete = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Delete %u Rule…",
                                         "_Delete %u Rules…", n), n);
  gtk_label_set_label (self->picked_label, picked);
  gtk_button_set_label (self->pause_button, pause);
  gtk_button_set_use_underline (self->pause_button, TRUE);
  gtk_button_set_label (self->resume_button, resume);
  gtk_button_set_use_underline (self->resume_button, TRUE);
  gtk_button_set_label (self->delete_button, delete);
  gtk_button_set_use_underline (self->delete_button, TRUE);
  /* A button that would change nothing is not offered at all. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->pause_button)), to_pause > 0);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->resume_button)),
                          to_resume > 0);
  gtk_revealer_set_reveal_child (self->bulk_revealer, n > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.pause-picked",
                                 to_pause > 0 && self->acting == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.resume-picked",
                                 to_resume > 0 && self->acting == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.delete-picked",
                                 n > 0 && self->acting == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.label-picked",
                                 n > 0 && self->acting == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alerts.contact-point-picked",
                                 n > 0 && self->acting == 0);

  self->syncing = TRUE;
  gtk_check_button_set_active (self->pick_all_check, n > 0 && n == self->n_shown);
  gtk_check_button_set_inconsistent (self->pick_all_check, n > 0 && n < self->n_shown);
  self->syncing = FALSE;
}

/* --- filters --------------------------------------------------------------------------- */

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  return rule_matches (user_data, row_rule (GTK_WIDGET (row)));
}

static void
update_count (BsAlertList *self)
{
  g_autofree char *text = NULL;

  if (self->n_shown == (guint) self->n_rules)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule", "%u rules",
                                         self->n_shown), self->n_shown);
  else
    /* Translators: “Showing 3 of 12 rules”. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %u of %d rule",
                                         "Showing %u of %d rules", self->n_rules),
                            self->n_shown, self->n_rules);
  gtk_label_set_label (self->count_label, text);
}

static void
apply_filters (BsAlertList *self)
{
  GHashTableIter iter;
  gpointer key;

  gtk_list_box_invalidate_filter (self->list_box);
  self->n_shown = 0;
  for (guint i = 0; i < self->rows->len; i++)
    if (rule_matches (self, row_rule (g_ptr_array_index (self->rows, i))))
      self->n_shown++;

  /* A rule out of sight is not acted on: what the bar counts is what is on show. */
  g_hash_table_iter_init (&iter, self->picked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      JsonObject *rule = bs_alert_list_get_rule (self, *(gint64 *) key);

      if (rule == NULL || !rule_matches (self, rule))
        g_hash_table_iter_remove (&iter);
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "bs-check");

      self->syncing = TRUE;
      gtk_check_button_set_active (check, is_picked (self, rule_id (row_rule (row))));
      self->syncing = FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->list_box), self->n_shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_page),
                          self->n_shown == 0 && self->n_rules > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pick_all_check), self->n_shown > 0);
  update_count (self);
  update_bulk_bar (self);
}

static GtkStringList *
options_model (const char *any,
               GPtrArray  *shown)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, any);
  for (guint i = 0; i < shown->len; i++)
    gtk_string_list_append (model, g_ptr_array_index (shown, i));

  return model;
}

static guint
key_position (GPtrArray  *keys,
              const char *key)
{
  guint index;

  if (key == NULL || !g_ptr_array_find_with_equal_func (keys, key, g_str_equal, &index))
    return 0;
  return index + 1;
}

static void
add_unique (GPtrArray  *keys,
            const char *key)
{
  if (key != NULL && !g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
    g_ptr_array_add (keys, g_strdup (key));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* The label and owner dropdowns offer what the rules have, plus a filter still set. */
static void
update_filter_options (BsAlertList *self)
{
  g_autoptr(GPtrArray) label_shown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) owner_shown = g_ptr_array_new ();
  g_autoptr(GtkStringList) labels = NULL;
  g_autoptr(GtkStringList) owners = NULL;

  g_ptr_array_set_size (self->label_keys, 0);
  g_ptr_array_set_size (self->owner_keys, 0);
  for (guint i = 0; i < self->rows->len; i++)
    {
      JsonObject *rule = row_rule (g_ptr_array_index (self->rows, i));
      JsonObject *rule_labels = bs_alert_get_object (rule, "labels");
      g_autoptr(GList) names = rule_labels != NULL ? json_object_get_members (rule_labels) : NULL;

      for (GList *l = names; l != NULL; l = l->next)
        {
          const char *value = bs_alert_get_string (rule_labels, l->data);
          g_autofree char *key = NULL;

          if (value == NULL)
            continue;
          key = g_strdup_printf ("%s=%s", (const char *) l->data, value);
          add_unique (self->label_keys, key);
        }
      add_unique (self->owner_keys, rule_owner (rule));
    }
  add_unique (self->label_keys, self->label_filter);
  add_unique (self->owner_keys, self->owner_filter);
  g_ptr_array_sort (self->label_keys, compare_strings);
  g_ptr_array_sort (self->owner_keys, compare_strings);

  for (guint i = 0; i < self->label_keys->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (self->label_keys, i), "=", 2);

      /* Translators: a label and its value in the label filter, “team = ops”. */
      g_ptr_array_add (label_shown, g_strdup_printf (_("%s = %s"), parts[0],
                                                     parts[1] != NULL ? parts[1] : ""));
    }
  for (guint i = 0; i < self->owner_keys->len; i++)
    g_ptr_array_add (owner_shown, g_ptr_array_index (self->owner_keys, i));

  labels = options_model (_("Any Label"), label_shown);
  owners = options_model (_("Any Owner"), owner_shown);
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->label_dropdown,
                              key_position (self->label_keys, self->label_filter));
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (owners));
  gtk_drop_down_set_selected (self->owner_dropdown,
                              key_position (self->owner_keys, self->owner_filter));
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  for (guint i = 0; i < G_N_ELEMENTS (state_keys); i++)
    if (g_strcmp0 (state_keys[i], self->state_filter) == 0)
      gtk_drop_down_set_selected (self->state_dropdown, i + 1);
  self->syncing = FALSE;
}

static char *
selected_key (GtkDropDown *dropdown,
              GPtrArray   *keys)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > keys->len)
    return NULL;
  return g_strdup (g_ptr_array_index (keys, selected - 1));
}

static void
filter_changed_cb (BsAlertList *self)
{
  guint state;

  if (self->syncing)
    return;

  state = gtk_drop_down_get_selected (self->state_dropdown);
  g_free (self->state_filter);
  self->state_filter = state > 0 && state <= G_N_ELEMENTS (state_keys)
                       ? g_strdup (state_keys[state - 1]) : NULL;
  g_free (self->label_filter);
  self->label_filter = selected_key (self->label_dropdown, self->label_keys);
  g_free (self->owner_filter);
  self->owner_filter = selected_key (self->owner_dropdown, self->owner_keys);
  apply_filters (self);
}

/* --- rows ------------------------------------------------------------------------------ */

static void
pick_toggled_cb (GtkCheckButton *check,
                 BsAlertList    *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (check), "bs-id");

  if (self->syncing)
    return;
  bs_alert_list_set_picked (self, id, gtk_check_button_get_active (check));
}

static void
pick_all_toggled_cb (BsAlertList *self)
{
  if (self->syncing)
    return;
  bs_alert_list_pick_all (self, gtk_check_button_get_active (self->pick_all_check));
}

static void
row_activated_cb (AdwActionRow *row,
                  BsAlertList  *self)
{
  g_signal_emit (self, signals[RULE_ACTIVATED], 0, rule_id (row_rule (GTK_WIDGET (row))));
}

static char *
describe_check (JsonObject *rule)
{
  JsonObject *status = bs_alert_get_object (rule, "status");
  const char *error = bs_alert_get_string (status, "last_error");
  g_autofree char *when = bs_alert_format_member_time (status, "last_evaluated_at");

  if (rule_paused (rule))
    return g_strdup (_("Not checked while paused"));
  if (error != NULL)
    /* Translators: “Checked 10:42: the table “stock” does not exist”. */
    return g_strdup_printf (_("Checked %s: %s"), when != NULL ? when : "", error);
  if (when == NULL)
    return g_strdup (_("Not checked yet"));
  /* Translators: when the engine last evaluated the rule, “Checked 10:42”. */
  return g_strdup_printf (_("Checked %s"), when);
}

static char *
describe_rule (JsonObject *rule)
{
  g_autofree char *sentence = bs_alert_rule_sentence (rule);
  g_autofree char *check = describe_check (rule);
  g_autofree char *labels = bs_alert_format_labels (bs_alert_get_object (rule, "labels"), NULL);
  g_autoptr(GString) text = g_string_new (sentence);
  JsonObject *status = bs_alert_get_object (rule, "status");
  gint64 firing = json_object_get_int_member_with_default (status, "firing", 0);

  if (text->len > 0)
    g_string_append_c (text, '\n');
  if (firing > 0 && !rule_paused (rule))
    {
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d series firing",
                                                 "%d series firing", firing), (int) firing);
      g_string_append (text, " · ");
    }
  g_string_append (text, check);
  if (labels != NULL)
    g_string_append_printf (text, " · %s", labels);
  if (g_strcmp0 (bs_alert_get_string (rule, "visibility"), "personal") == 0)
    {
      g_string_append (text, " · ");
      /* Translators: a rule only its owner (and editors) see, “Personal rule of Ann”. */
      g_string_append_printf (text, _("Personal rule of %s"),
                              rule_owner (rule) != NULL ? rule_owner (rule) : "?");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
rule_row (BsAlertList *self,
          JsonObject  *rule)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *arrow = bs_alert_icon_new ("go-next-symbolic");
  const char *title = bs_alert_get_string (rule, "title");
  g_autofree char *subtitle = describe_rule (rule);
  g_autofree char *pick_label = NULL;
  gint64 id = rule_id (rule);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "alert-rule-row");

  /* Translators: the check box that selects a rule, “Select “Low stock””. */
  pick_label = g_strdup_printf (_("Select “%s”"), title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pick_label, -1);
  gtk_widget_set_tooltip_text (check, _("Select to act on several rules at once"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_picked (self, id));
  g_object_set_data_full (G_OBJECT (check), "bs-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (pick_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             bs_alert_badge_new (bs_alert_rule_badge_state (rule)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  g_object_set_data_full (G_OBJECT (row), "bs-rule", json_object_ref (rule),
                          (GDestroyNotify) json_object_unref);
  g_object_set_data (G_OBJECT (row), "bs-check", check);
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);

  return row;
}

static void
clear_rows (BsAlertList *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list_box, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

/* The rule whose row (or check box, then @out_check) has the keyboard focus, or 0. */
static gint64
focused_rule (BsAlertList *self,
              gboolean    *out_check)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  *out_check = FALSE;
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_CHECK_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "bs-id"))
        *out_check = TRUE;
      if (g_object_get_data (G_OBJECT (widget), "bs-rule") != NULL)
        return rule_id (row_rule (widget));
      if (widget == GTK_WIDGET (self))
        break;
    }

  return 0;
}

static void
show_rules (BsAlertList *self,
            JsonArray   *items)
{
  guint n = json_array_get_length (items);
  gboolean focused_check;
  gint64 focused_id;
  double scroll = 0;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->list_box),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = NULL;

  /* A refresh every few seconds must not throw the reader back to the top. */
  if (scrolled != NULL)
    {
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      scroll = gtk_adjustment_get_value (adjustment);
    }

  focused_id = focused_rule (self, &focused_check);
  clear_rows (self);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *rule = json_array_get_object_element (items, i);
      GtkWidget *row;

      if (rule == NULL || rule_id (rule) == 0)
        continue;
      row = rule_row (self, rule);
      gtk_list_box_append (self->list_box, row);
      g_ptr_array_add (self->rows, row);
      /* Someone working with the keyboard stays where they were. */
      if (rule_id (rule) == focused_id)
        gtk_widget_grab_focus (focused_check ? g_object_get_data (G_OBJECT (row), "bs-check")
                                             : row);
    }

  self->n_rules = self->rows->len;
  update_filter_options (self);
  apply_filters (self);
  gtk_stack_set_visible_child_name (self->stack, self->n_rules > 0 ? "rules" : "empty");
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, scroll);
}

static void
set_loading (BsAlertList *self,
             gboolean     loading)
{
  if (loading)
    self->loading++;
  else if (self->loading > 0)
    self->loading--;
}

/* Only an action disables the bar: a refresh every few seconds must not make the buttons
 * flicker. */
static void
set_acting (BsAlertList *self,
            gboolean     acting)
{
  if (acting)
    self->acting++;
  else if (self->acting > 0)
    self->acting--;
  update_bulk_bar (self);
}

static void
rules_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsAlertList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (error == NULL)
    items = bs_engine_client_get_items (root, _("alert rules"), &error);
  if (items == NULL)
    {
      /* A list already on show stays; a passing failure of a refresh is not worth a page. */
      if (self->n_rules >= 0)
        {
          g_debug ("Could not refresh the alert rules: %s", error->message);
          return;
        }
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->rules, json_node_unref);
  self->rules = g_steal_pointer (&root);
  show_rules (self, items);
}

/* --- bulk actions ---------------------------------------------------------------------- */

typedef struct
{
  BsAlertList *self;
  char        *action;
  guint        n_asked;
} BulkData;

static void
bulk_data_free (BulkData *data)
{
  g_object_unref (data->self);
  g_free (data->action);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BulkData, bulk_data_free)

static char *
describe_done (const char *action,
               guint       n)
{
  if (g_str_equal (action, "pause"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule paused.",
                                         "%u rules paused.", n), n);
  if (g_str_equal (action, "resume"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule resumed.",
                                         "%u rules resumed.", n), n);
  if (g_str_equal (action, "delete"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule deleted.",
                                         "%u rules deleted.", n), n);
  if (g_str_equal (action, "set-contact-point"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u rule now notifies the chosen contact point.",
                                         "%u rules now notify the chosen contact point.", n),
                            n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule relabelled.",
                                       "%u rules relabelled.", n), n);
}

static void
show_failures (BsAlertList *self,
               GString     *failures,
               guint        n_failed)
{
  g_autofree char *heading = NULL;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Rule Was Not Changed",
                                          "%u Rules Were Not Changed", n_failed), n_failed);
  bs_action_dialog_show_failure (GTK_WIDGET (self), heading, failures->str);
}

static void
bulk_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BulkData) data = user_data;
  BsAlertList *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree char *done = NULL;
  JsonArray *results = NULL;
  guint n_ok = 0;
  guint n_failed = 0;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_acting (self, FALSE);

  if (error == NULL)
    results = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
              ? bs_alert_get_array (json_node_get_object (root), "results") : NULL;
  if (results == NULL)
    {
      n_failed = data->n_asked;
      g_string_append (failures,
                       error != NULL ? error->message
                                     : _("The engine’s answer could not be understood."));
    }

  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonObject *item = json_array_get_object_element (results, i);
      gint64 id = item != NULL ? json_object_get_int_member_with_default (item, "id", 0) : 0;
      JsonObject *rule = bs_alert_list_get_rule (self, id);
      JsonObject *problem = bs_alert_get_object (item, "error");

      if (item != NULL && json_object_get_boolean_member_with_default (item, "ok", FALSE))
        {
          n_ok++;
          if (g_str_equal (data->action, "delete"))
            g_hash_table_remove (self->picked, &id);
          continue;
        }
      n_failed++;
      /* Translators: a rule that a bulk action left alone and why: “Low stock: …”. */
      g_string_append_printf (failures, _("%s: %s\n"),
                              rule != NULL ? bs_alert_get_string (rule, "title") : "?",
                              problem != NULL ? bs_alert_get_string (problem, "message") : "");
    }

  done = describe_done (data->action, n_ok);
  g_free (self->last_result);
  self->last_result = g_strdup (done);
  if (n_ok > 0)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done));
  if (n_failed > 0)
    show_failures (self, failures, n_failed);

  bs_alert_list_refresh (self);
}

/* @ids: of the rules to act on; @extra adds members after "ids" and "action". */
static void
run_bulk (BsAlertList *self,
          const char  *action,
          GArray      *ids,
          const char  *label_name,
          const char  *label_value,
          gint64       contact_point_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  BulkData *data;

  if (self->client == NULL || ids->len == 0)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  if (label_name != NULL)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, label_name);
      if (label_value != NULL)
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, label_value);
        }
      json_builder_end_object (builder);
    }
  if (g_str_equal (action, "set-contact-point"))
    {
      json_builder_set_member_name (builder, "contact_point_id");
      if (contact_point_id > 0)
        json_builder_add_int_value (builder, contact_point_id);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  data = g_new0 (BulkData, 1);
  data->self = g_object_ref (self);
  data->action = g_strdup (action);
  data->n_asked = ids->len;
  set_acting (self, TRUE);
  bs_engine_client_request_async (self->client, "POST", "rules/bulk", body, self->actions,
                                  bulk_done_cb, data);
}

/* The picked rules, in the order shown; @paused: only those paused (TRUE), not paused
 * (FALSE), or either (-1). */
static GArray *
picked_ids (BsAlertList *self,
            int          paused)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < self->rows->len; i++)
    {
      JsonObject *rule = row_rule (g_ptr_array_index (self->rows, i));
      gint64 id = rule_id (rule);

      if (is_picked (self, id) && (paused < 0 || rule_paused (rule) == paused))
        g_array_append_val (ids, id);
    }

  return ids;
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    BsAlertList      *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "bs-ids");

  if (g_str_equal (response, "delete"))
    run_bulk (self, "delete", ids, NULL, NULL, 0);
}

/* --- actions --------------------------------------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bs_alert_list_refresh (BS_ALERT_LIST (widget));
}

static void
new_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[NEW_RULE], 0);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  bs_alert_list_set_filters (BS_ALERT_LIST (widget), NULL, NULL, NULL);
}

static void
bulk_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsAlertList *self = BS_ALERT_LIST (widget);

  if (g_str_equal (action_name, "alerts.pause-picked"))
    bs_alert_list_bulk (self, "pause");
  else if (g_str_equal (action_name, "alerts.resume-picked"))
    bs_alert_list_bulk (self, "resume");
  else if (g_str_equal (action_name, "alerts.delete-picked"))
    bs_alert_list_delete_picked (self);
  else if (g_str_equal (action_name, "alerts.label-picked"))
    bs_alert_list_ask_label (self);
  else if (g_str_equal (action_name, "alerts.contact-point-picked"))
    bs_alert_list_ask_contact_point (self, self->client, self->actions);
  else if (g_str_equal (action_name, "alerts.clear-picked"))
    bs_alert_list_pick_all (self, FALSE);
  else if (g_str_equal (action_name, "alerts.contact-points"))
    bs_alert_list_open_contact_points (self);
  else if (g_str_equal (action_name, "alerts.silences"))
    bs_alert_list_open_silences (self);
}

/* --- life ------------------------------------------------------------------------------ */

static gboolean
refresh_tick (gpointer user_data)
{
  BsAlertList *self = user_data;

  if (self->acting == 0)
    bs_alert_list_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
bs_alert_list_map (GtkWidget *widget)
{
  BsAlertList *self = BS_ALERT_LIST (widget);

  GTK_WIDGET_CLASS (bs_alert_list_parent_class)->map (widget);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_INTERVAL_S, refresh_tick, self);
}

static void
bs_alert_list_unmap (GtkWidget *widget)
{
  BsAlertList *self = BS_ALERT_LIST (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (bs_alert_list_parent_class)->unmap (widget);
}

static void
explain (BsAlertList *self)
{
  const char *steps[] = {
    _("An alert rule watches a figure, such as the units left of each product, and tells "
      "you when it crosses a line you set."),
    _("The badge beside each rule says how it stands: Firing means the line is crossed now, "
      "Pending that it is crossed but not yet for long enough."),
    _("Open a rule to see which products or stores fire, what happened before and whether "
      "the notifications arrived."),
    _("Tick several rules to pause, resume, label or delete them together."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("The rules the engine checks. Open one to see its history."),
                            _("How to Use This Page"),
                            steps);
}

static void
bs_alert_list_dispose (GObject *object)
{
  BsAlertList *self = BS_ALERT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->actions);
  g_clear_object (&self->actions);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_pointer (&self->rules, json_node_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ALERT_LIST);

  G_OBJECT_CLASS (bs_alert_list_parent_class)->dispose (object);
}

static void
bs_alert_list_finalize (GObject *object)
{
  BsAlertList *self = BS_ALERT_LIST (object);

  g_clear_pointer (&self->picked, g_hash_table_unref);
  g_clear_pointer (&self->label_keys, g_ptr_array_unref);
  g_clear_pointer (&self->owner_keys, g_ptr_array_unref);
  g_clear_pointer (&self->state_filter, g_free);
  g_clear_pointer (&self->label_filter, g_free);
  g_clear_pointer (&self->owner_filter, g_free);
  g_clear_pointer (&self->last_result, g_free);

  G_OBJECT_CLASS (bs_alert_list_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BsAlertList, name)

static void
bs_alert_list_class_init (BsAlertListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *bulk_actions[] = {
    "alerts.pause-picked", "alerts.resume-picked", "alerts.delete-picked",
    "alerts.label-picked", "alerts.contact-point-picked", "alerts.clear-picked",
    "alerts.contact-points", "alerts.silences",
  };

  object_class->dispose = bs_alert_list_dispose;
  object_class->finalize = bs_alert_list_finalize;
  widget_class->map = bs_alert_list_map;
  widget_class->unmap = bs_alert_list_unmap;

  signals[RULE_ACTIVATED] =
    g_signal_new ("rule-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[NEW_RULE] =
    g_signal_new ("new-rule", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_EXPLANATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-alert-list.ui");
  BIND (toast_overlay);
  BIND (stack);
  BIND (error_page);
  BIND (empty_page);
  BIND (explanation);
  BIND (pick_all_check);
  BIND (state_dropdown);
  BIND (label_dropdown);
  BIND (owner_dropdown);
  BIND (list_box);
  BIND (no_match_page);
  BIND (count_label);
  BIND (bulk_revealer);
  BIND (picked_label);
  BIND (pause_button);
  BIND (resume_button);
  BIND (delete_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_all_toggled_cb);

  gtk_widget_class_install_action (widget_class, "alerts.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "alerts.new-rule", NULL, new_rule_action);
  gtk_widget_class_install_action (widget_class, "alerts.clear-filters", NULL,
                                   clear_filters_action);
  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    gtk_widget_class_install_action (widget_class, bulk_actions[i], NULL, bulk_action);
  gtk_widget_class_set_css_name (widget_class, "alertlist");
}

#undef BIND

static void
bs_alert_list_init (BsAlertList *self)
{
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

  self->rows = g_ptr_array_new ();
  self->picked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->label_keys = g_ptr_array_new_with_free_func (g_free);
  self->owner_keys = g_ptr_array_new_with_free_func (g_free);
  self->actions = g_cancellable_new ();
  self->n_rules = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (states, _("Any State"));
  for (guint i = 0; i < G_N_ELEMENTS (state_keys); i++)
    gtk_string_list_append (states, bs_alert_state_word (state_keys[i]));
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (states));
  self->syncing = FALSE;
  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);
  update_filter_options (self);
  explain (self);
  bs_alert_list_set_verbosity (self, BS_PROFILE_VERBOSITY_BALANCED);
  update_bulk_bar (self);
}

GtkWidget *
bs_alert_list_new (BsEngineClient *client)
{
  BsAlertList *self;

  g_return_val_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client), NULL);

  self = g_object_new (BS_TYPE_ALERT_LIST, NULL);
  bs_alert_list_set_client (self, client);

  return GTK_WIDGET (self);
}

void
bs_alert_list_set_client (BsAlertList    *self,
                          BsEngineClient *client)
{
  g_return_if_fail (BS_IS_ALERT_LIST (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  g_hash_table_remove_all (self->picked);
  clear_rows (self);
  self->n_rules = -1;
  bs_alert_list_refresh (self);
}

void
bs_alert_list_refresh (BsAlertList *self)
{
  g_return_if_fail (BS_IS_ALERT_LIST (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      set_loading (self, FALSE);
    }
  g_clear_object (&self->cancellable);
  if (self->client == NULL)
    return;

  if (self->n_rules < 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  bs_engine_client_request_async (self->client, "GET", "rules", NULL, self->cancellable,
                                  rules_loaded_cb, g_object_ref (self));
}

void
bs_alert_list_set_verbosity (BsAlertList        *self,
                             BsProfileVerbosity  verbosity)
{
  const char *empty = NULL;

  g_return_if_fail (BS_IS_ALERT_LIST (self));

  bs_explanation_set_verbosity (self->explanation, verbosity);
  if (verbosity == BS_PROFILE_VERBOSITY_STEP_BY_STEP)
    empty = _("An alert rule watches a figure of your data, such as the units left of each "
              "product, and tells you when it crosses a line you set: in Slack, by a web "
              "request or on this computer. Make one with a few choices; a preview shows "
              "what it would have done last week.");
  else if (verbosity == BS_PROFILE_VERBOSITY_BALANCED)
    empty = _("A rule tells you when a figure crosses a line, such as stock below 100 "
              "units.");
  adw_status_page_set_description (self->empty_page, empty);
}

int
bs_alert_list_get_n_rules (BsAlertList *self)
{
  g_return_val_if_fail (BS_IS_ALERT_LIST (self), -1);

  return self->n_rules;
}

guint
bs_alert_list_get_n_shown (BsAlertList *self)
{
  g_return_val_if_fail (BS_IS_ALERT_LIST (self), 0);

  return self->n_shown;
}

gint64
bs_alert_list_get_shown_id (BsAlertList *self,
                            guint        index)
{
  guint seen = 0;

  g_return_val_if_fail (BS_IS_ALERT_LIST (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    {
      JsonObject *rule = row_rule (g_ptr_array_index (self->rows, i));

      if (rule_matches (self, rule) && seen++ == index)
        return rule_id (rule);
    }

  return 0;
}

JsonObject *
bs_alert_list_get_rule (BsAlertList *self,
                        gint64       id)
{
  g_return_val_if_fail (BS_IS_ALERT_LIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      JsonObject *rule = row_rule (g_ptr_array_index (self->rows, i));

      if (rule_id (rule) == id)
        return rule;
    }

  return NULL;
}

gboolean
bs_alert_list_get_busy (BsAlertList *self)
{
  g_return_val_if_fail (BS_IS_ALERT_LIST (self), FALSE);

  return self->loading > 0 || self->acting > 0;
}

const char *
bs_alert_list_get_page (BsAlertList *self)
{
  const char *page;

  g_return_val_if_fail (BS_IS_ALERT_LIST (self), NULL);

  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "rules") == 0 && self->n_shown == 0)
    return "no-match";
  return page;
}

void
bs_alert_list_set_filters (BsAlertList *self,
                           const char  *state,
                           const char  *label,
                           const char  *owner)
{
  g_return_if_fail (BS_IS_ALERT_LIST (self));

  g_free (self->state_filter);
  self->state_filter = g_strdup (state);
  g_free (self->label_filter);
  self->label_filter = g_strdup (label);
  g_free (self->owner_filter);
  self->owner_filter = g_strdup (owner);
  update_filter_options (self);
  apply_filters (self);
}

void
bs_alert_list_set_picked (BsAlertList *self,
                          gint64       id,
                          gboolean     picked)
{
  JsonObject *rule;

  g_return_if_fail (BS_IS_ALERT_LIST (self));

  rule = bs_alert_list_get_rule (self, id);
  if (picked && rule != NULL && rule_matches (self, rule))
    g_hash_table_add (self->picked, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->picked, &id);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (rule_id (row_rule (row)) != id)
        continue;
      self->syncing = TRUE;
      gtk_check_button_set_active (g_object_get_data (G_OBJECT (row), "bs-check"),
                                   is_picked (self, id));
      self->syncing = FALSE;
    }
  update_bulk_bar (self);
}

void
bs_alert_list_pick_all (BsAlertList *self,
                        gboolean     picked)
{
  g_return_if_fail (BS_IS_ALERT_LIST (self));

  for (guint i = 0; i < self->rows->len; i++)
    bs_alert_list_set_picked (self, rule_id (row_rule (g_ptr_array_index (self->rows, i))),
                              picked);
}

guint
bs_alert_list_get_n_picked (BsAlertList *self)
{
  g_return_val_if_fail (BS_IS_ALERT_LIST (self), 0);

  return g_hash_table_size (self->picked);
}

void
bs_alert_list_bulk (BsAlertList *self,
                    const char  *action)
{
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (BS_IS_ALERT_LIST (self));
  g_return_if_fail (g_strcmp0 (action, "pause") == 0 || g_strcmp0 (action, "resume") == 0);

  ids = picked_ids (self, g_str_equal (action, "resume"));
  run_bulk (self, action, ids, NULL, NULL, 0);
}

GtkWidget *
bs_alert_list_delete_picked (BsAlertList *self)
{
  GtkWidget *dialog;
  GArray *ids;
  g_autofree char *heading = NULL;
  g_autofree char *button = NULL;
  g_autofree char *body = NULL;
  guint n;

  g_return_val_if_fail (BS_IS_ALERT_LIST (self), NULL);

  ids = picked_ids (self, -1);
  n = ids->len;
  if (n == 0)
    {
      g_array_unref (ids);
      return NULL;
    }

  if (n == 1)
    {
      JsonObject *rule = bs_alert_list_get_rule (self, g_array_index (ids, gint64, 0));

      heading = g_strdup_printf (_("Delete “%s”?"), bs_alert_get_string (rule, "title"));
    }
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Rule?",
                                            "Delete %u Rules?", n), n);
  body = g_strdup (g_dngettext (GETTEXT_PACKAGE,
                                "The rule’s history goes with it, and nobody is notified by "
                                "it any more. This cannot be undone.",
                                "Their history goes with them, and nobody is notified by "
                                "them any more. This cannot be undone.", n));
  button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Delete %u Rule", "_Delete %u Rules",
                                         n), n);
  dialog = bs_action_dialog_confirm (GTK_WIDGET (self), heading, body, "delete", button);
  g_object_set_data_full (G_OBJECT (dialog), "bs-ids", ids, (GDestroyNotify) g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);

  return dialog;
}

void
bs_alert_list_set_label_picked (BsAlertList *self,
                                const char  *name,
                                const char  *value)
{
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (BS_IS_ALERT_LIST (self));
  g_return_if_fail (name != NULL);

  ids = picked_ids (self, -1);
  run_bulk (self, value != NULL ? "set-label" : "remove-label", ids, name, value, 0);
}

void
bs_alert_list_set_contact_point_picked (BsAlertList *self,
                                        gint64       contact_point_id)
{
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (BS_IS_ALERT_LIST (self));

  ids = picked_ids (self, -1);
  run_bulk (self, "set-contact-point", ids, NULL, NULL, contact_point_id);
}

static GtkWindow *
parent_window (BsAlertList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
window_closed_cb (BsAlertList *self)
{
  /* A contact point renamed or a silence made changes what the rows say. */
  bs_alert_list_refresh (self);
}

GtkWindow *
bs_alert_list_open_contact_points (BsAlertList *self)
{
  GtkWindow *window;

  g_return_val_if_fail (BS_IS_ALERT_LIST (self), NULL);

  if (self->client == NULL)
    return NULL;

  window = bs_contact_points_window_new (self->client, parent_window (self));
  g_signal_connect_object (window, "destroy", G_CALLBACK (window_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (window);
  return window;
}

GtkWindow *
bs_alert_list_open_silences (BsAlertList *self)
{
  g_autoptr(GArray) ids = NULL;
  JsonObject *rule = NULL;
  GtkWindow *window;

  g_return_val_if_fail (BS_IS_ALERT_LIST (self), NULL);

  if (self->client == NULL)
    return NULL;

  ids = picked_ids (self, -1);
  if (ids->len == 1)
    rule = bs_alert_list_get_rule (self, g_array_index (ids, gint64, 0));
  window = bs_silence_dialog_new (self->client, parent_window (self),
                                  rule != NULL ? bs_alert_get_string (rule, "uid") : NULL);
  g_signal_connect_object (window, "destroy", G_CALLBACK (window_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (window);
  return window;
}

const char *
bs_alert_list_get_last_result (BsAlertList *self)
{
  g_return_val_if_fail (BS_IS_ALERT_LIST (self), NULL);

  return self->last_result;
}
