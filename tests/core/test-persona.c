#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-persona.h"


typedef struct
{
  const char *id;
  const char *name;
  const char *default_workbench;
  const char *sub_personas[BS_PERSONA_N_SUB_PERSONAS][2];
} ExpectedPersona;

/* The issue's table, written out again so that the data table is checked against it and
 * not against itself. */
static const ExpectedPersona expected[] = {
  { "data-analyst", "Data Analyst", "dashboards",
    { { "business-analyst", "Business Analyst" },
      { "financial-analyst", "Financial Analyst" },
      { "marketing-analyst", "Marketing Analyst" } } },
  { "data-engineer", "Data Engineer", "data",
    { { "etl-engineer", "ETL Engineer" },
      { "data-platform-engineer", "Data Platform Engineer" },
      { "analytics-engineer", "Analytics Engineer" } } },
  { "ml-engineer", "ML Engineer", "models",
    { { "research-scientist", "Research Scientist" },
      { "mlops-engineer", "MLOps Engineer" },
      { "applied-ml", "Applied ML" } } },
  { "executive", "Executive", "home",
    { { "ceo-cto", "CEO/CTO" },
      { "vp-analytics", "VP Analytics" },
      { "department-head", "Department Head" } } },
  { "developer", "Developer", "automation",
    { { "backend-developer", "Backend Developer" },
      { "full-stack-developer", "Full-Stack Developer" },
      { "data-app-developer", "Data App Developer" } } },
};

static const char * const next_step_ids[] = {
  "demo-data", "import-file", "connect-prometheus", "connect-grafana", NULL,
};

static void
test_personas_match_issue (void)
{
  gsize n_personas;
  const BsPersona *personas = bs_persona_get_all (&n_personas);

  g_assert_cmpuint (n_personas, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < n_personas; i++)
    {
      g_assert_cmpstr (personas[i].id, ==, expected[i].id);
      g_assert_cmpstr (personas[i].name, ==, expected[i].name);
      g_assert_cmpstr (personas[i].default_workbench, ==, expected[i].default_workbench);
      g_assert_true (bs_persona_lookup (expected[i].id) == &personas[i]);
      for (guint j = 0; j < BS_PERSONA_N_SUB_PERSONAS; j++)
        {
          g_assert_cmpstr (personas[i].sub_personas[j].id, ==, expected[i].sub_personas[j][0]);
          g_assert_cmpstr (personas[i].sub_personas[j].name, ==,
                           expected[i].sub_personas[j][1]);
        }
    }
}

static void
assert_navigation_is_permutation (const BsPersona *persona)
{
  const char * const *workbenches = bs_persona_get_workbench_ids ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (g_strv_length ((char **) workbenches), ==, BS_N_WORKBENCHES);
  for (guint i = 0; i < BS_N_WORKBENCHES; i++)
    {
      g_assert_true (bs_persona_workbench_is_valid (persona->navigation[i]));
      g_assert_true (g_hash_table_add (seen, (gpointer) persona->navigation[i]));
    }

  /* Relevance order: the workbench a persona opens on is the first of its sidebar. */
  g_assert_cmpstr (persona->navigation[0], ==, persona->default_workbench);
}

static void
assert_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 3);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
assert_suggestions (const BsPersona *persona)
{
  guint n = bs_persona_count_suggestions (persona);
  gboolean has_alert = FALSE;
  gboolean has_panel = FALSE;

  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < n; i++)
    {
      const BsSuggestion *suggestion = &persona->suggestions[i];

      assert_text (suggestion->id);
      assert_text (suggestion->title);
      assert_text (suggestion->description);
      has_alert |= suggestion->kind == BS_SUGGESTION_ALERT;
      has_panel |= suggestion->kind == BS_SUGGESTION_PANEL;
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (persona->suggestions[j].id, !=, suggestion->id);
    }
  g_assert_true (has_alert);
  g_assert_true (has_panel);
}

static void
assert_next_steps (const BsPersona *persona)
{
  guint n = bs_persona_count_next_steps (persona);

  g_assert_cmpuint (n, ==, g_strv_length ((char **) next_step_ids));
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_strv_contains (next_step_ids, persona->next_steps[i].id));
      assert_text (persona->next_steps[i].title);
      assert_text (persona->next_steps[i].description);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (persona->next_steps[j].id, !=, persona->next_steps[i].id);
    }
}

static void
test_table_consistent (void)
{
  const char * const chart_types[] = { "stat", "timeseries", "table", NULL };
  gsize n_personas;
  const BsPersona *personas = bs_persona_get_all (&n_personas);

  for (gsize i = 0; i < n_personas; i++)
    {
      const BsPersona *persona = &personas[i];

      g_test_message ("Checking %s", persona->id);
      assert_text (persona->description);
      assert_text (persona->recommended_for);
      for (guint j = 0; j < BS_PERSONA_N_CAPABILITIES; j++)
        assert_text (persona->capabilities[j]);
      g_assert_true (g_strv_contains (chart_types, persona->chart_default));
      assert_navigation_is_permutation (persona);
      assert_suggestions (persona);
      assert_next_steps (persona);
    }
}

static const BsSuggestion *
find_suggestion (const char *persona_id,
                 const char *title)
{
  const BsPersona *persona = bs_persona_lookup (persona_id);

  for (guint i = 0; i < bs_persona_count_suggestions (persona); i++)
    if (g_str_equal (persona->suggestions[i].title, title))
      return &persona->suggestions[i];
  return NULL;
}

static void
test_issue_examples (void)
{
  const BsSuggestion *suggestion;

  suggestion = find_suggestion ("executive", "Revenue today below target");
  g_assert_nonnull (suggestion);
  g_assert_cmpint (suggestion->kind, ==, BS_SUGGESTION_ALERT);
  suggestion = find_suggestion ("data-engineer", "Table not updated in the last hour");
  g_assert_nonnull (suggestion);
  g_assert_cmpint (suggestion->kind, ==, BS_SUGGESTION_ALERT);
  g_assert_nonnull (find_suggestion ("data-analyst", "Daily sales in a region below an amount"));

  g_assert_cmpstr (bs_persona_lookup ("executive")->chart_default, ==, "stat");
  g_assert_cmpstr (bs_persona_lookup ("data-analyst")->chart_default, ==, "timeseries");
  g_assert_cmpstr (bs_persona_lookup ("data-engineer")->chart_default, ==, "table");
  g_assert_cmpstr (bs_persona_lookup ("ml-engineer")->chart_default, ==, "table");
}

/* The panels each persona is offered first in the designer, in order: each one a panel
 * the demo data can show (tests/core/test-dashboard-template.c runs them). */
static void
test_panel_suggestions (void)
{
  static const struct
  {
    const char *persona;
    const char *panels[3];
  } expected[] = {
    { "data-analyst", { "sales-over-time", "top-products", NULL } },
    { "data-engineer", { "rows-per-hour", "orders-per-hour-by-channel", NULL } },
    { "ml-engineer", { "input-volume", "average-order-value", NULL } },
    { "executive", { "revenue-today", "orders-today", NULL } },
    { "developer", { "rows-per-minute", "orders-by-status", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const BsPersona *persona = bs_persona_lookup (expected[i].persona);
      guint n_panels = 0;

      g_assert_nonnull (persona);
      for (guint j = 0; j < bs_persona_count_suggestions (persona); j++)
        if (persona->suggestions[j].kind == BS_SUGGESTION_PANEL)
          {
            g_assert_cmpuint (n_panels, <, 2);
            g_assert_cmpstr (persona->suggestions[j].id, ==, expected[i].panels[n_panels]);
            n_panels++;
          }
      g_assert_cmpuint (n_panels, ==, 2);
    }
}

/* The persona icons are the Studio's own, drawn for the issue's list (chart, pipeline,
 * brain, briefcase, code): each must exist in the source tree and be in the resource bundle
 * the Studio's icon theme reads. */
static void
test_icons_exist (void)
{
  g_autofree char *manifest = NULL;
  gsize n_personas;
  const BsPersona *personas = bs_persona_get_all (&n_personas);

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "src", "studio",
                                                           "business-studio.gresource.xml",
                                                           NULL),
                                      &manifest, NULL, NULL));
  for (gsize i = 0; i < n_personas; i++)
    {
      g_autofree char *file = g_strconcat (personas[i].icon, ".svg", NULL);
      g_autofree char *entry = g_strconcat ("icons/scalable/actions/", file, NULL);
      const char *path = g_test_get_filename (G_TEST_DIST, "..", "src", "studio", "icons",
                                              "scalable", "actions", file, NULL);

      g_test_message ("%s: %s", personas[i].id, personas[i].icon);
      g_assert_true (g_str_has_suffix (personas[i].icon, "-symbolic"));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_nonnull (strstr (manifest, entry));
    }
}

static void
test_resolve_workbench (void)
{
  const char * const all[] = {
    "home", "dashboards", "alerts", "data", "models", "automation", "instances", NULL,
  };
  const char * const foundation[] = { "home", "data", NULL };
  const char * const no_home[] = { "alerts", "instances", NULL };
  const char * const unknown[] = { "settings", NULL };
  const char * const empty[] = { NULL };

  g_assert_cmpstr (bs_persona_resolve_workbench ("data-analyst", all), ==, "dashboards");
  g_assert_cmpstr (bs_persona_resolve_workbench ("data-engineer", all), ==, "data");
  g_assert_cmpstr (bs_persona_resolve_workbench ("ml-engineer", NULL), ==, "models");
  g_assert_cmpstr (bs_persona_resolve_workbench ("executive", all), ==, "home");
  g_assert_cmpstr (bs_persona_resolve_workbench ("developer", all), ==, "automation");

  /* Only some workbenches exist yet: the first of them in the persona's order. */
  g_assert_cmpstr (bs_persona_resolve_workbench ("data-analyst", foundation), ==, "home");
  g_assert_cmpstr (bs_persona_resolve_workbench ("data-engineer", foundation), ==, "data");
  g_assert_cmpstr (bs_persona_resolve_workbench ("ml-engineer", foundation), ==, "data");
  g_assert_cmpstr (bs_persona_resolve_workbench ("executive", foundation), ==, "home");
  g_assert_cmpstr (bs_persona_resolve_workbench ("developer", foundation), ==, "data");
  g_assert_cmpstr (bs_persona_resolve_workbench ("developer", no_home), ==, "instances");
  g_assert_cmpstr (bs_persona_resolve_workbench ("executive", no_home), ==, "alerts");

  /* No persona chosen yet. */
  g_assert_cmpstr (bs_persona_resolve_workbench (NULL, all), ==, "home");
  g_assert_cmpstr (bs_persona_resolve_workbench ("nobody", no_home), ==, "alerts");

  g_assert_null (bs_persona_resolve_workbench ("executive", unknown));
  g_assert_null (bs_persona_resolve_workbench ("executive", empty));
}

static void
test_validation (void)
{
  BsSkillLevel level = BS_SKILL_LEVEL_ADVANCED;
  g_autofree char *ids = bs_persona_list_ids ();
  g_autofree char *sub_ids = bs_persona_list_sub_persona_ids (bs_persona_lookup ("executive"));
  g_autofree char *levels = bs_skill_level_list_ids ();
  g_autofree char *kinds = bs_persona_list_event_kinds ();

  g_assert_true (bs_persona_is_valid ("ml-engineer"));
  g_assert_false (bs_persona_is_valid ("ML Engineer"));
  g_assert_false (bs_persona_is_valid (""));
  g_assert_false (bs_persona_is_valid (NULL));

  g_assert_true (bs_persona_sub_persona_is_valid ("executive", "ceo-cto"));
  g_assert_false (bs_persona_sub_persona_is_valid ("developer", "ceo-cto"));
  g_assert_false (bs_persona_sub_persona_is_valid (NULL, "ceo-cto"));
  g_assert_false (bs_persona_sub_persona_is_valid ("executive", NULL));

  g_assert_true (bs_skill_level_from_string ("beginner", &level));
  g_assert_cmpint (level, ==, BS_SKILL_LEVEL_BEGINNER);
  g_assert_false (bs_skill_level_from_string ("expert", &level));
  g_assert_cmpint (level, ==, BS_SKILL_LEVEL_BEGINNER);
  g_assert_cmpstr (bs_skill_level_to_string (BS_SKILL_LEVEL_INTERMEDIATE), ==, "intermediate");

  g_assert_cmpint (bs_verbosity_for_skill_level ("beginner"), ==, BS_VERBOSITY_STEP_BY_STEP);
  g_assert_cmpint (bs_verbosity_for_skill_level ("intermediate"), ==, BS_VERBOSITY_BALANCED);
  g_assert_cmpint (bs_verbosity_for_skill_level ("advanced"), ==, BS_VERBOSITY_MINIMAL);
  g_assert_cmpint (bs_verbosity_for_skill_level (NULL), ==, BS_VERBOSITY_BALANCED);

  g_assert_true (bs_persona_event_kind_is_valid ("onboarding.persona.hover"));
  g_assert_false (bs_persona_event_kind_is_valid ("onboarding.persona"));
  g_assert_false (bs_persona_event_kind_is_valid ("token.created"));

  g_assert_cmpstr (ids, ==, "data-analyst, data-engineer, ml-engineer, executive, developer");
  g_assert_cmpstr (sub_ids, ==, "ceo-cto, vp-analytics, department-head");
  g_assert_cmpstr (levels, ==, "beginner, intermediate, advanced");
  g_assert_cmpstr (kinds, ==, "onboarding.persona.view, onboarding.persona.hover, "
                              "onboarding.persona.select, onboarding.persona.change");
}

static void
test_skill_levels (void)
{
  gsize n_levels;
  const BsSkillLevelInfo *levels = bs_skill_level_get_all (&n_levels);

  g_assert_cmpuint (n_levels, ==, 3);
  g_assert_cmpstr (levels[0].name, ==, "Beginner");
  g_assert_cmpstr (levels[1].name, ==, "Intermediate");
  g_assert_cmpstr (levels[2].name, ==, "Advanced");
  g_assert_nonnull (strstr (levels[0].description, "SQL"));
  for (gsize i = 0; i < n_levels; i++)
    g_assert_true (bs_skill_level_lookup (levels[i].id) == &levels[i]);
}

static void
test_json (void)
{
  g_autoptr(JsonNode) root = bs_persona_table_to_json ();
  JsonObject *object = json_node_get_object (root);
  JsonArray *personas = json_object_get_array_member (object, "personas");
  JsonArray *levels = json_object_get_array_member (object, "skill_levels");
  JsonObject *executive;
  JsonObject *suggestion;

  g_assert_cmpuint (json_array_get_length (personas), ==, 5);
  executive = json_array_get_object_element (personas, 3);
  g_assert_cmpstr (json_object_get_string_member (executive, "id"), ==, "executive");
  g_assert_cmpstr (json_object_get_string_member (executive, "name"), ==, "Executive");
  g_assert_cmpstr (json_object_get_string_member (executive, "icon"), ==,
                   bs_persona_lookup ("executive")->icon);
  g_assert_cmpstr (json_object_get_string_member (executive, "default_workbench"), ==, "home");
  g_assert_cmpstr (json_object_get_string_member (executive, "chart_default"), ==, "stat");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (executive,
                                                                         "capabilities")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (executive,
                                                                         "navigation")), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (executive,
                                                                         "sub_personas")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (executive,
                                                                         "next_steps")), ==, 4);
  suggestion = json_array_get_object_element (json_object_get_array_member (executive,
                                                                            "suggestions"), 0);
  g_assert_cmpstr (json_object_get_string_member (suggestion, "kind"), ==, "alert");
  g_assert_cmpstr (json_object_get_string_member (suggestion, "title"), ==,
                   "Revenue today below target");

  g_assert_cmpuint (json_array_get_length (levels), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (levels, 0),
                                                  "verbosity"), ==, "step-by-step");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (levels, 2),
                                                  "verbosity"), ==, "minimal");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/persona/issue-table", test_personas_match_issue);
  g_test_add_func ("/bs/persona/consistent", test_table_consistent);
  g_test_add_func ("/bs/persona/issue-examples", test_issue_examples);
  g_test_add_func ("/bs/persona/panel-suggestions", test_panel_suggestions);
  g_test_add_func ("/bs/persona/icons", test_icons_exist);
  g_test_add_func ("/bs/persona/resolve-workbench", test_resolve_workbench);
  g_test_add_func ("/bs/persona/validation", test_validation);
  g_test_add_func ("/bs/persona/skill-levels", test_skill_levels);
  g_test_add_func ("/bs/persona/json", test_json);

  return g_test_run ();
}
