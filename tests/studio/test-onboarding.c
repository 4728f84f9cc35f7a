/* Onboarding against a real engine: for each persona, pick its card, go through the role
 * and skill level step (continuing or skipping), take the next step, then check which
 * workbench the window opens on, the order of the sidebar, how much Home explains, the
 * onboarding events the engine recorded, and the panels the Dashboards designer suggests
 * first (one added with the keyboard shows the demo's data). Then the whole of it with key
 * presses only, and a change of persona in Preferences, which the designer follows at once.
 */
#define G_LOG_DOMAIN "bs-test-onboarding"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "bs-application.h"
#include "bs-dashboard-canvas.h"
#include "bs-dashboard-editor.h"
#include "bs-dashboard-palette.h"
#include "bs-dashboard-panel-view.h"
#include "bs-dashboards-page.h"
#include "bs-explanation.h"
#include "bs-home-page.h"
#include "bs-onboarding-page.h"
#include "bs-persona-card.h"
#include "bs-persona.h"
#include "bs-preferences-window.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestStudio studio;
static const char * const available[] = { "home", "dashboards", "data", "alerts", NULL };

static JsonNode *
fetch (const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = bs_test_request (studio.engine->client, "GET", path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return node;
}

static JsonObject *
find_persona (JsonNode   *catalog,
              const char *id)
{
  JsonArray *personas = json_object_get_array_member (json_node_get_object (catalog), "personas");

  for (guint i = 0; i < json_array_get_length (personas); i++)
    {
      JsonObject *persona = json_array_get_object_element (personas, i);

      if (g_str_equal (json_object_get_string_member (persona, "id"), id))
        return persona;
    }
  g_assert_not_reached ();
}

/* What the engine's table says: the available workbenches in the persona's order, and the
 * one to open on. */
static char *
expected_order (JsonObject *persona,
                char      **first)
{
  JsonArray *navigation = json_object_get_array_member (persona, "navigation");
  const char *preferred = json_object_get_string_member (persona, "default_workbench");
  GString *order = g_string_new (NULL);

  *first = NULL;
  for (guint i = 0; i < json_array_get_length (navigation); i++)
    {
      const char *id = json_array_get_string_element (navigation, i);

      if (!g_strv_contains (available, id))
        continue;
      if (order->len > 0)
        g_string_append_c (order, ' ');
      g_string_append (order, id);
      if (*first == NULL)
        *first = g_strdup (id);
    }
  if (g_strv_contains (available, preferred))
    {
      g_free (*first);
      *first = g_strdup (preferred);
    }

  return g_string_free (order, FALSE);
}

static char *
sidebar_order (void)
{
  GtkWidget *list = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "sidebar_list");
  GString *order = g_string_new (NULL);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);

      if (row == NULL)
        break;
      if (order->len > 0)
        g_string_append_c (order, ' ');
      g_string_append (order, gtk_widget_get_name (GTK_WIDGET (row)));
    }

  return g_string_free (order, FALSE);
}

static BsOnboardingPage *
onboarding_page (void)
{
  return bs_test_template_child (studio.window, BS_TYPE_WINDOW, "onboarding_page");
}

static gboolean
on_step (gpointer user_data)
{
  return g_strcmp0 (bs_window_get_page (studio.window), "onboarding") == 0 &&
         g_strcmp0 (bs_onboarding_page_get_step (onboarding_page ()), user_data) == 0 &&
         gtk_widget_get_sensitive (bs_test_template_child (onboarding_page (),
                                                           BS_TYPE_ONBOARDING_PAGE, "stack"));
}

static gboolean
on_page (gpointer user_data)
{
  return g_strcmp0 (bs_window_get_page (studio.window), user_data) == 0;
}

/* Forgets the choice and the events, and connects again: the window shows onboarding, as
 * at a first start. */
static void
restart_onboarding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) deleted = NULL;

  bs_test_set_profile (studio.engine,
                       "{\"persona\": null, \"sub_persona\": null, \"skill_level\": null, "
                       "\"record_events\": true}");
  deleted = bs_test_request (studio.engine->client, "DELETE", "events?prefix=onboarding.", NULL,
                             &error);
  g_assert_no_error (error);

  bs_window_reconnect (studio.window);
  g_assert_true (bs_test_wait_until (on_step, "personas", BS_TEST_ENGINE_TIMEOUT_MS));
}

static BsPersonaCard *
find_card (const char *id)
{
  GtkWidget *grid = bs_test_template_child (onboarding_page (), BS_TYPE_ONBOARDING_PAGE,
                                            "persona_grid");

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (bs_persona_card_get_persona_id (BS_PERSONA_CARD (child)), id))
      return BS_PERSONA_CARD (child);

  g_assert_not_reached ();
}

static void
hover (BsPersonaCard *card)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (card));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        g_signal_emit_by_name (controller, "enter", 10.0, 10.0);
    }
  g_object_unref (controllers);
}

typedef struct
{
  const char *kind;
  const char *persona;
  guint       count;
} EventCount;

static guint
count_events (JsonArray  *items,
              const char *kind,
              const char *persona)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *event = json_array_get_object_element (items, i);
      JsonObject *detail = json_object_get_object_member (event, "detail");
      JsonNode *who = json_object_get_member (detail, "persona");

      if (g_str_equal (json_object_get_string_member (event, "kind"), kind) &&
          (persona == NULL || g_strcmp0 (json_node_get_string (who), persona) == 0))
        n++;
    }

  return n;
}

/* The events are sent without waiting for them: ask until they are all there. */
static void
assert_events (const EventCount *expected,
               guint             n_expected)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(JsonNode) events = fetch ("events?prefix=onboarding.");
      JsonArray *items = json_object_get_array_member (json_node_get_object (events), "items");
      gboolean all = TRUE;

      for (guint i = 0; i < n_expected; i++)
        {
          guint n = count_events (items, expected[i].kind, expected[i].persona);

          g_assert_cmpuint (n, <=, expected[i].count);
          all = all && n == expected[i].count;
        }
      if (all)
        return;
      g_usleep (20 * 1000);
    }

  g_assert_not_reached ();
}

static void
check_opened (const char *persona_id)
{
  g_autoptr(JsonNode) catalog = fetch ("personas");
  g_autofree char *first = NULL;
  g_autofree char *order = expected_order (find_persona (catalog, persona_id), &first);
  g_autofree char *sidebar = sidebar_order ();
  BsHomePage *home = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_page");

  g_assert_true (bs_test_wait_until (on_page, "workbenches", BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (bs_window_get_workbench (studio.window), ==, first);
  g_assert_cmpstr (sidebar, ==, order);
  /* Home offers the persona's next steps that work: the demo data, a file, Prometheus. */
  g_assert_cmpuint (bs_home_page_get_n_next_steps (home), ==, 3);
}

static void
test_grid_shows_personas (void)
{
  g_autoptr(JsonNode) catalog = fetch ("personas");
  JsonArray *personas = json_object_get_array_member (json_node_get_object (catalog), "personas");
  GtkIconTheme *icons = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  GtkWidget *grid;
  guint n = 0;

  restart_onboarding ();
  grid = bs_test_template_child (onboarding_page (), BS_TYPE_ONBOARDING_PAGE, "persona_grid");
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      JsonObject *persona = json_array_get_object_element (personas, n);

      g_assert_cmpstr (bs_persona_card_get_persona_id (BS_PERSONA_CARD (child)), ==,
                       json_object_get_string_member (persona, "id"));
      g_assert_cmpstr (bs_persona_card_get_name (BS_PERSONA_CARD (child)), ==,
                       json_object_get_string_member (persona, "name"));
      g_assert_true (gtk_widget_get_focusable (child));
      /* Our own icons, from the resource bundle: a missing one would draw as a broken image. */
      g_assert_true (gtk_icon_theme_has_icon (icons,
                                              json_object_get_string_member (persona, "icon")));
      n++;
    }
  g_assert_cmpuint (n, ==, json_array_get_length (personas));
  /* The keyboard starts on the first card. */
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (grid)));
}

typedef struct
{
  const char         *persona;
  const char         *skill_level;   /* NULL: skip the step */
  BsProfileVerbosity  verbosity;
} Onboarding;

static void
choose_skill_level (const char *id)
{
  AdwPreferencesGroup *group = bs_test_template_child (onboarding_page (),
                                                       BS_TYPE_ONBOARDING_PAGE, "skill_group");
  GtkWidget *row = NULL;

  /* The rows are named after their skill level; activating one checks its button. */
  for (GtkWidget *w = GTK_WIDGET (group); w != NULL;)
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (ADW_IS_ACTION_ROW (w) && g_str_equal (gtk_widget_get_name (w), id))
        {
          row = w;
          break;
        }
      while (next == NULL && w != GTK_WIDGET (group))
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
}

/* The names of @first and the rows after it, "demo-data,import-file". */
static char *
step_names (GtkWidget *first)
{
  GString *names = g_string_new (NULL);

  for (GtkWidget *row = first; row != NULL; row = gtk_widget_get_next_sibling (row))
    g_string_append_printf (names, "%s%s", names->len > 0 ? "," : "", gtk_widget_get_name (row));

  return g_string_free (names, FALSE);
}

/* The persona's next steps from the catalog, without Grafana, which this build cannot
 * publish to yet. */
static char *
working_steps (const char *persona_id)
{
  g_autoptr(JsonNode) catalog = fetch ("personas");
  JsonArray *steps = json_object_get_array_member (find_persona (catalog, persona_id),
                                                   "next_steps");
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (steps, i),
                                                      "id");

      if (!g_str_equal (id, "connect-grafana"))
        g_string_append_printf (names, "%s%s", names->len > 0 ? "," : "", id);
    }

  return g_string_free (names, FALSE);
}

static void run_xdotool (const char *arguments);
static void settle      (void);

static BsDashboardEditor *
editor (void)
{
  return bs_dashboards_page_get_editor (bs_test_template_child (studio.window, BS_TYPE_WINDOW,
                                                                "dashboards_page"));
}

static BsDashboardPalette *
palette (void)
{
  return BS_DASHBOARD_PALETTE (bs_dashboard_editor_get_palette (editor ()));
}

/* The persona's PANEL suggestions, in its order, joined by spaces. */
static char *
expected_suggestions (const char *persona_id)
{
  const BsPersona *persona = bs_persona_lookup (persona_id);
  GString *ids = g_string_new (NULL);

  g_assert_nonnull (persona);
  for (guint i = 0; i < bs_persona_count_suggestions (persona); i++)
    if (persona->suggestions[i].kind == BS_SUGGESTION_PANEL)
      g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", persona->suggestions[i].id);
  return g_string_free (ids, FALSE);
}

static gboolean
palette_suggests (gpointer user_data)
{
  g_auto(GStrv) listed = bs_dashboard_palette_dup_suggestions (palette ());
  g_autofree char *joined = g_strjoinv (" ", listed);

  return g_str_equal (joined, user_data);
}

static gboolean
panel_ready (gpointer user_data)
{
  GtkWidget *canvas = bs_dashboard_editor_get_canvas (editor ());
  GtkWidget *view = bs_dashboard_canvas_get_panel_widget (BS_DASHBOARD_CANVAS (canvas),
                                                          *(gint64 *) user_data);

  return BS_IS_DASHBOARD_PANEL_VIEW (view) &&
         bs_dashboard_panel_view_get_state (BS_DASHBOARD_PANEL_VIEW (view)) ==
         BS_DASHBOARD_PANEL_VIEW_READY;
}

static const char *
suggestion_title (const char *persona_id,
                  const char *suggestion_id)
{
  const BsPersona *persona = bs_persona_lookup (persona_id);

  for (guint i = 0; i < bs_persona_count_suggestions (persona); i++)
    if (g_str_equal (persona->suggestions[i].id, suggestion_id))
      return bs_persona_gettext (persona->suggestions[i].title);
  g_assert_not_reached ();
}

/* A step of "next steps" may open a dialog (adding a file): modal, it would take the keys
 * meant for the main window. */
static void
close_dialogs (void)
{
  GList *windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != (gpointer) studio.window && gtk_widget_get_visible (l->data) &&
        gtk_window_get_modal (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);
}

/* Return on @row, through the X server when xdotool is there, as a person presses it. */
static void
press_return (GtkWidget *row)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *focus = NULL;
  g_autofree char *key = NULL;
  gulong xid;

  gtk_window_present (GTK_WINDOW (studio.window));
  if (xdotool == NULL)
    {
      gtk_widget_grab_focus (row);
      gtk_widget_activate (row);
      return;
    }
  xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (studio.window)));
  focus = g_strdup_printf ("windowfocus --sync %lu", xid);
  run_xdotool (focus);
  settle ();
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_has_focus (row));
  key = g_strdup_printf ("key --window %lu Return", xid);
  run_xdotool (key);
  settle ();
}

/* In a new dashboard of the designer, the palette lists the persona's panel suggestions
 * first, in its order; Return on the first adds it below the others, with the demo's data,
 * and undo takes it away again (nothing is left to save). */
static void
check_suggestions (const char *persona_id)
{
  g_autofree char *expected = expected_suggestions (persona_id);
  g_auto(GStrv) ids = g_strsplit (expected, " ", -1);
  BsDashboardsPage *page = bs_test_template_child (studio.window, BS_TYPE_WINDOW,
                                                   "dashboards_page");
  const BsDashboard *dashboard;
  BsDashboardPanel *panel;
  GtkWidget *row;
  gint64 id;

  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  close_dialogs ();
  bs_window_set_workbench (studio.window, "dashboards");
  gtk_widget_activate_action (GTK_WIDGET (page), "dashboards.new", NULL);
  settle ();
  g_assert_cmpstr (bs_dashboards_page_get_view (page), ==, "editor");
  g_assert_true (bs_test_wait_until (palette_suggests, expected, BS_TEST_ENGINE_TIMEOUT_MS));
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), TRUE);
  settle ();

  /* The suggestions come before the panel types. */
  row = bs_dashboard_palette_get_suggestion_row (palette (), ids[0]);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_nonnull (bs_dashboard_palette_get_suggestion_row (palette (), ids[1]));
  g_assert_null (bs_dashboard_palette_get_suggestion_row (palette (), "no-such-panel"));
  press_return (row);
  dashboard = bs_dashboard_editor_get_dashboard (editor ());
  g_assert_cmpuint (dashboard->panels->len, ==, 1);
  panel = g_ptr_array_index (dashboard->panels, 0);
  g_assert_cmpstr (panel->title, ==, suggestion_title (persona_id, ids[0]));
  id = panel->id;
  g_assert_true (bs_test_wait_until (panel_ready, &id, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_true (bs_dashboard_editor_get_dirty (editor ()));
  bs_dashboard_editor_undo (editor ());
  g_assert_cmpuint (bs_dashboard_editor_get_dashboard (editor ())->panels->len, ==, 0);
  g_assert_false (bs_dashboard_editor_get_dirty (editor ()));
  gtk_toggle_button_set_active (bs_test_template_child (editor (), BS_TYPE_DASHBOARD_EDITOR,
                                                        "palette_button"), FALSE);
  bs_dashboards_page_show_list (page);
}

static void
test_onboard (gconstpointer data)
{
  const Onboarding *onboarding = data;
  BsOnboardingPage *page;
  BsPersonaCard *card;
  AdwPreferencesGroup *steps;
  GtkWidget *step_row;
  g_autofree char *offered = NULL;
  g_autofree char *expected_steps = NULL;
  BsHomePage *home = bs_test_template_child (studio.window, BS_TYPE_WINDOW, "home_page");
  BsProfile *profile = bs_application_get_profile (studio.application);
  const EventCount expected[] = {
    { "onboarding.persona.view", NULL, 1 },
    { "onboarding.persona.hover", onboarding->persona, 1 },
    { "onboarding.persona.hover", NULL, 2 },
    { "onboarding.persona.select", onboarding->persona, 1 },
  };

  restart_onboarding ();
  page = onboarding_page ();
  card = find_card (onboarding->persona);

  /* Twice over the chosen card and once over the executive's: one hover event each. */
  hover (card);
  hover (card);
  hover (find_card (g_str_equal (onboarding->persona, "executive") ? "developer" : "executive"));

  gtk_widget_activate (GTK_WIDGET (card));
  g_assert_true (bs_test_wait_until (on_step, "details", BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (bs_profile_get_persona (profile), ==, onboarding->persona);

  if (onboarding->skill_level != NULL)
    {
      choose_skill_level (onboarding->skill_level);
      g_signal_emit_by_name (bs_test_template_child (page, BS_TYPE_ONBOARDING_PAGE,
                                                     "continue_button"), "clicked");
    }
  else
    {
      g_signal_emit_by_name (bs_test_template_child (page, BS_TYPE_ONBOARDING_PAGE,
                                                     "skip_button"), "clicked");
    }
  g_assert_true (bs_test_wait_until (on_step, "next-steps", BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (bs_profile_get_skill_level (profile), ==, onboarding->skill_level);

  /* Only the steps that work are offered, in the persona's order, the first focused. */
  steps = bs_test_template_child (page, BS_TYPE_ONBOARDING_PAGE, "steps_group");
  step_row = GTK_WIDGET (gtk_window_get_focus (GTK_WINDOW (studio.window)));
  g_assert_true (ADW_IS_ACTION_ROW (step_row));
  g_assert_true (gtk_widget_is_ancestor (step_row, GTK_WIDGET (steps)));
  offered = step_names (step_row);
  expected_steps = working_steps (onboarding->persona);
  g_assert_cmpstr (offered, ==, expected_steps);
  while (!g_str_equal (gtk_widget_get_name (step_row), "demo-data"))
    step_row = gtk_widget_get_next_sibling (step_row);
  gtk_widget_activate (step_row);

  check_opened (onboarding->persona);
  assert_events (expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (bs_explanation_get_verbosity (bs_test_template_child (home, BS_TYPE_HOME_PAGE,
                                                                         "explanation")),
                   ==, onboarding->verbosity);
  check_suggestions (onboarding->persona);
}

static void
run_xdotool (const char *arguments)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("xdotool %s", arguments);
  int status = 0;

  g_test_message ("%s", command);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static gboolean
idle (gpointer user_data)
{
  gint64 *until = user_data;

  return g_get_monotonic_time () > *until;
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  bs_test_wait_until (idle, &until, 1000);
}

/* Real key presses through the X server (XTEST), as a person at the keyboard. */
static void
test_keyboard_only (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *grid;
  GtkWidget *second;
  g_autofree char *focus = NULL;
  gulong xid;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: install it to type into the window");
      return;
    }

  restart_onboarding ();
  gtk_window_present (GTK_WINDOW (studio.window));
  settle ();
  xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (studio.window)));
  focus = g_strdup_printf ("windowfocus --sync %lu", xid);
  run_xdotool (focus);
  settle ();

  grid = bs_test_template_child (onboarding_page (), BS_TYPE_ONBOARDING_PAGE, "persona_grid");
  second = gtk_widget_get_next_sibling (gtk_widget_get_first_child (grid));

  /* The arrow keys move between the cards, and so does Tab; Return picks one. */
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (grid)));
  run_xdotool ("key Right");
  settle ();
  g_assert_true (gtk_widget_has_focus (second));
  run_xdotool ("key Left");
  settle ();
  g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (grid)));
  run_xdotool ("key Tab");
  settle ();
  g_assert_true (gtk_widget_has_focus (second));
  run_xdotool ("key Return");
  g_assert_true (bs_test_wait_until (on_step, "details", BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpstr (bs_profile_get_persona (bs_application_get_profile (studio.application)), ==,
                   bs_persona_card_get_persona_id (BS_PERSONA_CARD (second)));

  /* Continue has the focus; Return continues, Return again takes the first next step. */
  run_xdotool ("key Return");
  g_assert_true (bs_test_wait_until (on_step, "next-steps", BS_TEST_ENGINE_TIMEOUT_MS));
  settle ();
  run_xdotool ("key Return");
  check_opened (bs_persona_card_get_persona_id (BS_PERSONA_CARD (second)));
}

/* Changing the persona in Preferences changes the designer's suggestions at once. */
static void
test_preferences_change_suggestions (void)
{
  static const char * const personas[] = { "executive", "developer", "data-engineer" };
  GtkWindow *preferences;
  BsDashboardsPage *page = bs_test_template_child (studio.window, BS_TYPE_WINDOW,
                                                   "dashboards_page");

  close_dialogs ();
  bs_window_set_workbench (studio.window, "dashboards");
  gtk_widget_activate_action (GTK_WIDGET (page), "dashboards.new", NULL);
  settle ();
  g_action_group_activate_action (G_ACTION_GROUP (studio.application), "preferences", NULL);
  preferences = bs_test_find_window (studio.application, BS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);

  for (gsize i = 0; i < G_N_ELEMENTS (personas); i++)
    {
      g_autofree char *expected = expected_suggestions (personas[i]);
      AdwComboRow *row = bs_test_template_child (preferences, BS_TYPE_PREFERENCES_WINDOW,
                                                 "persona_row");
      GListModel *model = adw_combo_row_get_model (row);
      const char *name = bs_persona_gettext (bs_persona_lookup (personas[i])->name);
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (model) && !found; j++)
        {
          g_autoptr(GtkStringObject) item = g_list_model_get_item (model, j);

          found = g_str_equal (gtk_string_object_get_string (item), name);
          if (found)
            adw_combo_row_set_selected (row, j);
        }
      g_assert_true (found);
      g_assert_true (bs_test_wait_until (palette_suggests, expected,
                                         BS_TEST_ENGINE_TIMEOUT_MS));
    }
  gtk_window_destroy (preferences);
  bs_dashboards_page_show_list (page);
}

static const Onboarding onboardings[] = {
  { "data-analyst", "beginner", BS_PROFILE_VERBOSITY_STEP_BY_STEP },
  { "data-engineer", NULL, BS_PROFILE_VERBOSITY_BALANCED },
  { "ml-engineer", "advanced", BS_PROFILE_VERBOSITY_MINIMAL },
  { "executive", "intermediate", BS_PROFILE_VERBOSITY_BALANCED },
  { "developer", NULL, BS_PROFILE_VERBOSITY_BALANCED },
};

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* The designer keeps drafts in $XDG_DATA_HOME: never the person's own. */
  data_home = g_dir_make_tmp ("bs-onboarding-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bs_test_studio_start_as (&studio, &argc, &argv, TRUE, NULL);
  g_assert_true (bs_test_wait_until (on_page, "onboarding", BS_TEST_ENGINE_TIMEOUT_MS));

  g_test_add_func ("/bs/onboarding/grid-shows-personas", test_grid_shows_personas);
  for (guint i = 0; i < G_N_ELEMENTS (onboardings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bs/onboarding/persona/%s",
                                               onboardings[i].persona);

      g_test_add_data_func (path, &onboardings[i], test_onboard);
    }
  g_test_add_func ("/bs/onboarding/keyboard-only", test_keyboard_only);
  g_test_add_func ("/bs/onboarding/preferences-change-suggestions",
                   test_preferences_change_suggestions);

  status = g_test_run ();

  bs_test_studio_stop (&studio);
  bs_test_remove_tree (data_home);

  return status;
}
