/* The Profile page of Preferences against a real engine: changing the persona re-sorts the
 * sidebar at once, the skill level changes how much Home and Data explain, Home offers the
 * next steps that work, recording can be turned off, and the recorded events cleared.
 */
#define G_LOG_DOMAIN "bs-test-profile"

#include "config.h"

#include <adwaita.h>

#include "bs-add-source-dialog.h"
#include "bs-application.h"
#include "bs-data-page.h"
#include "bs-explanation.h"
#include "bs-home-page.h"
#include "bs-preferences-window.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestStudio studio;

static JsonArray *
fetch_events (JsonNode **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = bs_test_request (studio.engine->client, "GET", "events?prefix=onboarding.", NULL,
                           &error);
  g_assert_no_error (error);

  return json_object_get_array_member (json_node_get_object (*keep), "items");
}

static guint
n_events (void)
{
  g_autoptr(JsonNode) keep = NULL;

  return json_array_get_length (fetch_events (&keep));
}

static gboolean
has_events (gpointer user_data)
{
  return n_events () == GPOINTER_TO_UINT (user_data);
}

static GtkWindow *
open_preferences (void)
{
  GtkWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (studio.application), "preferences", NULL);
  preferences = bs_test_find_window (studio.application, BS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);

  return preferences;
}

/* Selects the item of @row_name whose text is @name. */
static void
select_item (GtkWindow  *preferences,
             const char *row_name,
             const char *name)
{
  AdwComboRow *row = bs_test_template_child (preferences, BS_TYPE_PREFERENCES_WINDOW, row_name);
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), name))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  const char *persona;
  const char *skill_level;
} Wanted;

static gboolean
profile_is (gpointer user_data)
{
  const Wanted *wanted = user_data;
  BsProfile *profile = bs_application_get_profile (studio.application);

  return g_strcmp0 (bs_profile_get_persona (profile), wanted->persona) == 0 &&
         g_strcmp0 (bs_profile_get_skill_level (profile), wanted->skill_level) == 0;
}

static const char *
sidebar_first (void)
{
  GtkListBox *list = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "sidebar_list");

  return gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
}

static char *
explanation_text (gpointer   page,
                  GType      type)
{
  return bs_explanation_dup_text (bs_test_template_child (page, type, "explanation"));
}

static guint
n_lines (const char *text)
{
  g_auto(GStrv) lines = text ? g_strsplit (text, "\n", -1) : NULL;

  return lines ? g_strv_length (lines) : 0;
}

static void
test_persona_and_skill_apply_at_once (void)
{
  BsHomePage *home = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_page");
  BsDataPage *data = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "data_page");
  AdwStatusPage *empty = bs_test_template_child (data, BS_TYPE_DATA_PAGE, "empty_page");
  GtkWindow *preferences = open_preferences ();
  Wanted engineer = { "data-engineer", NULL };
  Wanted beginner = { "data-engineer", "beginner" };
  Wanted advanced = { "executive", "advanced" };
  g_autofree char *text = NULL;

  /* Started as an executive: Home first. */
  g_assert_cmpstr (sidebar_first (), ==, "home");
  text = explanation_text (home, BS_TYPE_HOME_PAGE);
  g_assert_cmpuint (n_lines (text), ==, 1);
  g_clear_pointer (&text, g_free);

  select_item (preferences, "persona_row", "Data Engineer");
  g_assert_true (bs_test_wait_until (profile_is, &engineer, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (sidebar_first (), ==, "data");
  /* Alt+1 follows the sidebar, not a fixed workbench. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.show-position",
                                             "u", 0));
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "data");

  select_item (preferences, "skill_row", "Beginner");
  g_assert_true (bs_test_wait_until (profile_is, &beginner, BS_TEST_ENGINE_TIMEOUT_MS));
  text = explanation_text (home, BS_TYPE_HOME_PAGE);
  g_assert_cmpuint (n_lines (text), >=, 3);
  g_clear_pointer (&text, g_free);
  text = explanation_text (data, BS_TYPE_DATA_PAGE);
  g_assert_cmpuint (n_lines (text), >=, 3);
  g_clear_pointer (&text, g_free);
  g_assert_nonnull (adw_status_page_get_description (empty));

  select_item (preferences, "persona_row", "Executive");
  select_item (preferences, "skill_row", "Advanced");
  g_assert_true (bs_test_wait_until (profile_is, &advanced, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (sidebar_first (), ==, "home");
  g_assert_null (explanation_text (home, BS_TYPE_HOME_PAGE));
  g_assert_null (explanation_text (data, BS_TYPE_DATA_PAGE));
  g_assert_cmpstr (adw_status_page_get_description (empty), ==, "");

  gtk_window_destroy (preferences);
}

/* What the engine has at connection time applies, not only changes made here. */
static void
test_skill_level_read_at_start (void)
{
  BsHomePage *home = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_page");
  g_autofree char *text = NULL;

  bs_test_set_profile (studio.engine, "{\"persona\": \"executive\", \"skill_level\": \"beginner\"}");
  bs_window_reconnect (studio.window);
  g_assert_true (bs_test_wait_connected (studio.window));
  text = explanation_text (home, BS_TYPE_HOME_PAGE);
  g_assert_cmpuint (n_lines (text), >=, 3);
}

static BsAddSourceDialog *
find_add_source_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (BS_IS_ADD_SOURCE_DIALOG (window))
        return BS_ADD_SOURCE_DIALOG (window);
    }

  return NULL;
}

/* Takes @step from Home and returns the page of the add-source dialog it opened. */
static char *
take_step_into_dialog (const char *step)
{
  BsAddSourceDialog *dialog;
  char *page;

  bs_window_set_workbench (studio.window, "home");
  g_assert_null (find_add_source_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.take-step", "s",
                                             step));
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "data");
  dialog = find_add_source_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (studio.window));
  page = g_strdup (bs_add_source_dialog_get_page (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  return page;
}

static void
test_home_offers_next_steps (void)
{
  BsHomePage *home = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_page");
  AdwPreferencesGroup *group = bs_test_template_child (home, BS_TYPE_HOME_PAGE,
                                                       "next_steps_group");
  g_autofree char *import_page = NULL;
  g_autofree char *prometheus_page = NULL;

  /* The demo data, a file and Prometheus; Grafana waits until publishing to it works. */
  g_assert_cmpuint (bs_home_page_get_n_next_steps (home), ==, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));

  bs_window_set_workbench (studio.window, "home");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (studio.window), "win.take-step", "s",
                                             "demo-data"));
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, "data");

  import_page = take_step_into_dialog ("import-file");
  g_assert_cmpstr (import_page, ==, "kind");
  prometheus_page = take_step_into_dialog ("connect-prometheus");
  g_assert_cmpstr (prometheus_page, ==, "prometheus");
}

static gboolean
recording_is (gpointer user_data)
{
  return bs_profile_get_record_events (bs_application_get_profile (studio.application)) ==
         GPOINTER_TO_INT (user_data);
}

static void
test_changes_are_recorded (void)
{
  GtkWindow *preferences = open_preferences ();
  Wanted analyst = { "data-analyst", NULL };
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *items;
  JsonObject *newest;

  bs_test_set_profile (studio.engine, "{\"skill_level\": null}");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) deleted = bs_test_request (studio.engine->client, "DELETE",
                                                   "events?prefix=onboarding.", NULL, &error);
    g_assert_no_error (error);
  }

  select_item (preferences, "persona_row", "Data Analyst");
  g_assert_true (bs_test_wait_until (profile_is, &analyst, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_true (bs_test_wait_until (has_events, GUINT_TO_POINTER (1), BS_TEST_ENGINE_TIMEOUT_MS));

  items = fetch_events (&keep);
  newest = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "kind"), ==,
                   "onboarding.persona.change");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (newest, "detail"),
                                                  "persona"), ==, "data-analyst");

  gtk_window_destroy (preferences);
}

static void
test_recording_off_records_nothing (void)
{
  GtkWindow *preferences = open_preferences ();
  GtkSwitch *record = bs_test_template_child (preferences, BS_TYPE_PREFERENCES_WINDOW,
                                              "record_switch");
  Wanted engineer = { "data-engineer", NULL };
  Wanted executive = { "executive", NULL };
  guint before = n_events ();

  g_assert_true (gtk_switch_get_active (record));
  gtk_switch_set_active (record, FALSE);
  g_assert_true (bs_test_wait_until (recording_is, GINT_TO_POINTER (FALSE),
                                     BS_TEST_ENGINE_TIMEOUT_MS));

  select_item (preferences, "persona_row", "Data Engineer");
  g_assert_true (bs_test_wait_until (profile_is, &engineer, BS_TEST_ENGINE_TIMEOUT_MS));
  select_item (preferences, "persona_row", "Executive");
  g_assert_true (bs_test_wait_until (profile_is, &executive, BS_TEST_ENGINE_TIMEOUT_MS));
  /* Whatever was on its way has arrived by the time two round trips have been made. */
  g_assert_cmpuint (n_events (), ==, before);
  g_assert_cmpuint (n_events (), ==, before);

  gtk_switch_set_active (record, TRUE);
  g_assert_true (bs_test_wait_until (recording_is, GINT_TO_POINTER (TRUE),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  gtk_window_destroy (preferences);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GListModel) toplevels = NULL;
  AdwMessageDialog *found = NULL;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        found = ADW_MESSAGE_DIALOG (window);
    }

  return found;
}

static void
test_clear_events (void)
{
  GtkWindow *preferences = open_preferences ();
  AdwMessageDialog *dialog;

  g_assert_cmpuint (n_events (), >, 0);

  /* Cancel keeps them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.clear-events", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (n_events (), >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.clear-events", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "clear");
  g_assert_true (bs_test_wait_until (has_events, GUINT_TO_POINTER (0), BS_TEST_ENGINE_TIMEOUT_MS));

  gtk_window_destroy (preferences);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bs_test_studio_start_as (&studio, &argc, &argv, TRUE, "executive");
  g_assert_true (bs_test_wait_connected (studio.window));

  g_test_add_func ("/bs/profile/persona-and-skill-apply-at-once",
                   test_persona_and_skill_apply_at_once);
  g_test_add_func ("/bs/profile/skill-level-read-at-start", test_skill_level_read_at_start);
  g_test_add_func ("/bs/profile/home-offers-next-steps", test_home_offers_next_steps);
  g_test_add_func ("/bs/profile/changes-are-recorded", test_changes_are_recorded);
  g_test_add_func ("/bs/profile/recording-off-records-nothing",
                   test_recording_off_records_nothing);
  g_test_add_func ("/bs/profile/clear-events", test_clear_events);

  status = g_test_run ();

  bs_test_studio_stop (&studio);

  return status;
}
