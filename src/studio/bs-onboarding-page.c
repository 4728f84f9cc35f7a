#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-next-step-row.h"
#include "bs-onboarding-page.h"
#include "bs-persona-card.h"

struct _BsOnboardingPage
{
  GtkWidget            parent_instance;

  GtkWidget           *content;
  AdwWindowTitle      *title;
  GtkButton           *back_button;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkFlowBox          *persona_grid;
  GtkImage            *details_icon;
  GtkLabel            *details_title;
  AdwComboRow         *sub_persona_row;
  AdwPreferencesGroup *skill_group;
  GtkButton           *skip_button;
  GtkButton           *continue_button;
  GtkLabel            *next_steps_description;
  AdwPreferencesGroup *steps_group;

  BsProfile           *profile;
  GCancellable        *cancellable;
  GHashTable          *hovered;       /* persona ids hovered during this visit of the grid */
  GPtrArray           *skill_checks;  /* GtkCheckButton, "skill-level" data */
  GPtrArray           *extra_rows;    /* rows added to the two groups */
  GStrv                sub_persona_ids;  /* [0] is "" for “not specified” */
};

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsOnboardingPage, bs_onboarding_page, GTK_TYPE_WIDGET)

#define EVENT_VIEW   "onboarding.persona.view"
#define EVENT_HOVER  "onboarding.persona.hover"
#define EVENT_SELECT "onboarding.persona.select"

static void
show_error (BsOnboardingPage *self,
            const GError     *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
set_busy (BsOnboardingPage *self,
          gboolean          busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
}

/* --- the persona grid -------------------------------------------------------------------- */

static void
card_entered_cb (GtkEventControllerMotion *motion,
                 double                    x,
                 double                    y,
                 BsOnboardingPage         *self)
{
  BsPersonaCard *card = BS_PERSONA_CARD (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion)));
  const char *id = bs_persona_card_get_persona_id (card);

  if (g_hash_table_add (self->hovered, g_strdup (id)))
    bs_profile_record_event (self->profile, EVENT_HOVER, id);
}

static void
fill_grid (BsOnboardingPage *self)
{
  JsonArray *personas = bs_profile_get_personas (self->profile);
  guint n = personas ? json_array_get_length (personas) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->persona_grid))) != NULL)
    gtk_flow_box_remove (self->persona_grid, child);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (personas, i);
      GtkEventController *motion;
      GtkWidget *card;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      card = bs_persona_card_new (json_node_get_object (node));
      motion = gtk_event_controller_motion_new ();
      g_signal_connect_object (motion, "enter", G_CALLBACK (card_entered_cb), self, 0);
      gtk_widget_add_controller (card, motion);
      gtk_flow_box_append (self->persona_grid, card);
    }
}

static void
show_grid (BsOnboardingPage *self)
{
  g_hash_table_remove_all (self->hovered);
  gtk_stack_set_visible_child_name (self->stack, "personas");
  bs_profile_record_event (self->profile, EVENT_VIEW, NULL);
  /* Through the grid, not straight to its first card: the grid's arrow keys move from
   * its cursor, which only focusing it this way sets. */
  gtk_widget_child_focus (GTK_WIDGET (self->persona_grid), GTK_DIR_TAB_FORWARD);
}

void
bs_onboarding_page_start (BsOnboardingPage *self)
{
  g_return_if_fail (BS_IS_ONBOARDING_PAGE (self));
  g_return_if_fail (self->profile != NULL);

  fill_grid (self);
  show_grid (self);
}

/* --- role and skill level ---------------------------------------------------------------- */

static void
remove_extra_rows (BsOnboardingPage *self)
{
  for (guint i = 0; i < self->extra_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->extra_rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "group"), row);
    }
  g_ptr_array_set_size (self->extra_rows, 0);
  g_ptr_array_set_size (self->skill_checks, 0);
}

static void
add_extra_row (BsOnboardingPage    *self,
               AdwPreferencesGroup *group,
               GtkWidget           *row)
{
  g_object_set_data (G_OBJECT (row), "group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->extra_rows, row);
}

static void
fill_sub_personas (BsOnboardingPage *self,
                   JsonObject       *persona)
{
  JsonNode *node = json_object_get_member (persona, "sub_personas");
  JsonArray *subs = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = subs ? json_array_get_length (subs) : 0;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  gtk_string_list_append (names, _("Not Specified"));
  g_strv_builder_add (ids, "");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *sub = json_array_get_object_element (subs, i);

      gtk_string_list_append (names, json_object_get_string_member_with_default (sub, "name", ""));
      g_strv_builder_add (ids, json_object_get_string_member_with_default (sub, "id", ""));
    }

  g_strfreev (self->sub_persona_ids);
  self->sub_persona_ids = g_strv_builder_end (ids);
  adw_combo_row_set_model (self->sub_persona_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->sub_persona_row, 0);
}

static void
fill_skill_levels (BsOnboardingPage *self)
{
  JsonArray *levels = bs_profile_get_skill_levels (self->profile);
  guint n = levels ? json_array_get_length (levels) : 0;
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *level = json_array_get_object_element (levels, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      group = GTK_CHECK_BUTTON (check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), "skill-level",
                              g_strdup (json_object_get_string_member_with_default (level, "id", "")),
                              g_free);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     json_object_get_string_member_with_default (level, "name", ""));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   json_object_get_string_member_with_default (level, "description", ""));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (row, g_object_get_data (G_OBJECT (check), "skill-level"));
      add_extra_row (self, self->skill_group, row);
      g_ptr_array_add (self->skill_checks, check);
    }
}

static void
show_details (BsOnboardingPage *self)
{
  JsonObject *persona = bs_profile_find_persona (self->profile,
                                                 bs_profile_get_persona (self->profile));
  g_autofree char *title = NULL;

  g_return_if_fail (persona != NULL);

  remove_extra_rows (self);
  gtk_image_set_from_icon_name (self->details_icon,
                                json_object_get_string_member_with_default (persona, "icon", NULL));
  /* Translators: %s is a persona, “Data Analyst”. */
  title = g_strdup_printf (_("More About You as %s"),
                           json_object_get_string_member_with_default (persona, "name", ""));
  gtk_label_set_label (self->details_title, title);
  fill_sub_personas (self, persona);
  fill_skill_levels (self);

  gtk_stack_set_visible_child_name (self->stack, "details");
  gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
}

/* Ends a save begun with set_busy (); FALSE when it failed (and says why). */
static gboolean
finish_save (BsOnboardingPage *self,
             GObject          *source,
             GAsyncResult     *result)
{
  g_autoptr(GError) error = NULL;

  if (!bs_profile_update_finish (BS_PROFILE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FALSE;
      set_busy (self, FALSE);
      show_error (self, error);
      return FALSE;
    }

  set_busy (self, FALSE);
  return TRUE;
}

static void
persona_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsOnboardingPage) self = user_data;

  if (finish_save (self, source, result))
    show_details (self);
}

static void
persona_activated_cb (BsOnboardingPage *self,
                      GtkFlowBoxChild  *child)
{
  const char *id = bs_persona_card_get_persona_id (BS_PERSONA_CARD (child));
  g_autoptr(JsonObject) changes = json_object_new ();

  bs_profile_record_event (self->profile, EVENT_SELECT, id);

  /* Saved at once: someone who quits now has still made the choice that matters. A new
   * persona's roles are not the old one's, so the role is cleared with it. */
  json_object_set_string_member (changes, "persona", id);
  json_object_set_null_member (changes, "sub_persona");
  set_busy (self, TRUE);
  bs_profile_update_async (self->profile, changes, self->cancellable, persona_saved_cb,
                           g_object_ref (self));
}

/* --- next steps -------------------------------------------------------------------------- */

static void
show_next_steps (BsOnboardingPage *self)
{
  JsonObject *persona = bs_profile_find_persona (self->profile,
                                                 bs_profile_get_persona (self->profile));
  g_autoptr(JsonArray) steps = bs_profile_get_next_steps (self->profile);
  guint n = steps ? json_array_get_length (steps) : 0;
  g_autofree char *description = NULL;
  GtkWidget *first = NULL;

  remove_extra_rows (self);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = bs_next_step_row_new (json_array_get_object_element (steps, i),
                                             "onboarding.take-step");

      add_extra_row (self, self->steps_group, row);
      if (first == NULL)
        first = row;
    }

  /* Translators: %s is a persona, “Data Engineer”. */
  description = g_strdup_printf (_("Business Studio is now arranged for a %s. Choose how to "
                                   "start."),
                                 persona ? json_object_get_string_member_with_default (persona, "name", "")
                                         : "");
  gtk_label_set_label (self->next_steps_description, description);
  gtk_stack_set_visible_child_name (self->stack, "next-steps");
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
details_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsOnboardingPage) self = user_data;

  if (finish_save (self, source, result))
    show_next_steps (self);
}

static const char *
chosen_skill_level (BsOnboardingPage *self)
{
  for (guint i = 0; i < self->skill_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->skill_checks, i);

      if (gtk_check_button_get_active (check))
        return g_object_get_data (G_OBJECT (check), "skill-level");
    }

  return NULL;
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsOnboardingPage *self = BS_ONBOARDING_PAGE (widget);
  g_autoptr(JsonObject) changes = json_object_new ();
  guint sub = adw_combo_row_get_selected (self->sub_persona_row);
  const char *skill = chosen_skill_level (self);

  if (self->sub_persona_ids != NULL && sub != GTK_INVALID_LIST_POSITION &&
      sub < g_strv_length (self->sub_persona_ids) && sub > 0)
    json_object_set_string_member (changes, "sub_persona", self->sub_persona_ids[sub]);
  else
    json_object_set_null_member (changes, "sub_persona");
  if (skill != NULL)
    json_object_set_string_member (changes, "skill_level", skill);
  else
    json_object_set_null_member (changes, "skill_level");

  set_busy (self, TRUE);
  bs_profile_update_async (self->profile, changes, self->cancellable, details_saved_cb,
                           g_object_ref (self));
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_next_steps (BS_ONBOARDING_PAGE (widget));
}

static void
take_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[FINISHED], 0, g_variant_get_string (parameter, NULL));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsOnboardingPage *self = BS_ONBOARDING_PAGE (widget);

  if (g_str_equal (bs_onboarding_page_get_step (self), "next-steps"))
    show_details (self);
  else
    show_grid (self);
}

static void
step_changed_cb (BsOnboardingPage *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->stack);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), g_strcmp0 (step, "personas") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "onboarding.back",
                                 g_strcmp0 (step, "personas") != 0);
  if (g_strcmp0 (step, "details") == 0)
    adw_window_title_set_title (self->title, _("About You"));
  else if (g_strcmp0 (step, "next-steps") == 0)
    adw_window_title_set_title (self->title, _("Next Steps"));
  else
    adw_window_title_set_title (self->title, _("Welcome"));
}

/* --- life -------------------------------------------------------------------------------- */

static void
bs_onboarding_page_dispose (GObject *object)
{
  BsOnboardingPage *self = BS_ONBOARDING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->extra_rows, g_ptr_array_unref);
  g_clear_pointer (&self->skill_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ONBOARDING_PAGE);

  G_OBJECT_CLASS (bs_onboarding_page_parent_class)->dispose (object);
}

static void
bs_onboarding_page_finalize (GObject *object)
{
  BsOnboardingPage *self = BS_ONBOARDING_PAGE (object);

  g_clear_pointer (&self->hovered, g_hash_table_unref);
  g_clear_pointer (&self->sub_persona_ids, g_strfreev);

  G_OBJECT_CLASS (bs_onboarding_page_parent_class)->finalize (object);
}

static void
bs_onboarding_page_class_init (BsOnboardingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_onboarding_page_dispose;
  object_class->finalize = bs_onboarding_page_finalize;

  /**
   * BsOnboardingPage::finished:
   * @step: the id of the next step taken, such as "demo-data"
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-onboarding-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, content);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, title);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, persona_grid);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, details_icon);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, details_title);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, sub_persona_row);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, skill_group);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, skip_button);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, next_steps_description);
  gtk_widget_class_bind_template_child (widget_class, BsOnboardingPage, steps_group);
  gtk_widget_class_bind_template_callback (widget_class, persona_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_changed_cb);

  gtk_widget_class_install_action (widget_class, "onboarding.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "onboarding.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "onboarding.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "onboarding.take-step", "s",
                                   take_step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "onboarding.back", NULL);
  gtk_widget_class_set_css_name (widget_class, "onboardingpage");
}

static void
bs_onboarding_page_init (BsOnboardingPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->hovered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->skill_checks = g_ptr_array_new ();
  self->extra_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bs_onboarding_page_new (void)
{
  return g_object_new (BS_TYPE_ONBOARDING_PAGE, NULL);
}

void
bs_onboarding_page_set_profile (BsOnboardingPage *self,
                                BsProfile        *profile)
{
  g_return_if_fail (BS_IS_ONBOARDING_PAGE (self));
  g_return_if_fail (BS_IS_PROFILE (profile));

  g_set_object (&self->profile, profile);
}

const char *
bs_onboarding_page_get_step (BsOnboardingPage *self)
{
  g_return_val_if_fail (BS_IS_ONBOARDING_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
