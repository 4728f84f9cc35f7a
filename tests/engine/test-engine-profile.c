/* The persona routes of a real engine process: the persona table, the user's profile
 * (persona, sub-persona, skill level, whether onboarding events are recorded) and the
 * onboarding events, with a viewer token as the Studio of a viewer would use them. One
 * engine serves every test of this program; the tests run in order and share its state.
 */
#define G_LOG_DOMAIN "test-engine-profile"

#include "config.h"

#include <string.h>

#include "bs-engine-test.h"
#include "bs-persona.h"

#define ALL_PERSONAS "data-analyst, data-engineer, ml-engineer, executive, developer"

static BsTestEngine *engine;
static char *viewer;

static BsTestResponse *
put_profile (const char *body,
             guint       status)
{
  return bs_test_engine_expect (engine, "PUT", "users/me/preferences", viewer, body, status);
}

static void
assert_profile (JsonNode   *node,
                const char *persona,
                const char *sub_persona,
                const char *skill_level,
                gboolean    record_events)
{
  JsonObject *object;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "persona", NULL), ==,
                   persona);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "sub_persona", NULL), ==,
                   sub_persona);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "skill_level", NULL), ==,
                   skill_level);
  g_assert_true (json_object_has_member (object, "persona"));
  g_assert_true (json_object_has_member (object, "sub_persona"));
  g_assert_true (json_object_has_member (object, "skill_level"));
  g_assert_cmpint (json_object_get_boolean_member (object, "record_events"), ==, record_events);
}

static void
assert_stored_profile (const char *persona,
                       const char *sub_persona,
                       const char *skill_level,
                       gboolean    record_events)
{
  g_autoptr(BsTestResponse) response = NULL;

  response = bs_test_engine_expect (engine, "GET", "users/me/preferences", viewer, NULL,
                                    SOUP_STATUS_OK);
  assert_profile (response->json, persona, sub_persona, skill_level, record_events);
}

static void
set_profile (const char *body,
             const char *persona,
             const char *sub_persona,
             const char *skill_level,
             gboolean    record_events)
{
  g_autoptr(BsTestResponse) response = put_profile (body, SOUP_STATUS_OK);

  assert_profile (response->json, persona, sub_persona, skill_level, record_events);
  assert_stored_profile (persona, sub_persona, skill_level, record_events);
}

/* The items of GET @path, asserting 200. */
static JsonArray *
get_items (const char      *path,
           const char      *token,
           BsTestResponse **out_response)
{
  *out_response = bs_test_engine_expect (engine, "GET", path, token, NULL, SOUP_STATUS_OK);
  return json_object_get_array_member (bs_test_response_get_object (*out_response), "items");
}

static guint
count_onboarding_events (void)
{
  g_autoptr(BsTestResponse) response = NULL;

  return json_array_get_length (get_items ("events?prefix=onboarding.&limit=1000", viewer,
                                           &response));
}

static void
assert_bad_request (const char *method,
                    const char *path,
                    const char *body,
                    const char *expected)
{
  g_autoptr(BsTestResponse) response = NULL;
  const char *message;

  response = bs_test_engine_expect (engine, method, path, viewer, body,
                                    SOUP_STATUS_BAD_REQUEST);
  message = bs_test_response_assert_error (response, "bad_request");
  g_test_message ("%s %s %s: %s", method, path, body != NULL ? body : "", message);
  g_assert_nonnull (strstr (message, expected));
}

static void
assert_forbidden (const char *path,
                  const char *token,
                  const char *held)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *expected = g_strdup_printf ("This needs the admin role; your token has the "
                                               "%s role", held);

  response = bs_test_engine_expect (engine, "GET", path, token, NULL, SOUP_STATUS_FORBIDDEN);
  g_assert_cmpstr (bs_test_response_assert_error (response, "forbidden"), ==, expected);
}

static void
test_personas (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(JsonNode) table = bs_persona_table_to_json ();
  JsonArray *personas;

  response = bs_test_engine_expect (engine, "GET", "personas", viewer, NULL, SOUP_STATUS_OK);
  g_assert_true (json_node_equal (response->json, table));

  personas = json_object_get_array_member (bs_test_response_get_object (response), "personas");
  g_assert_cmpuint (json_array_get_length (personas), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *persona = json_array_get_object_element (personas, i);
      const char * const members[] = {
        "id", "name", "icon", "description", "capabilities", "recommended_for",
        "sub_personas", "default_workbench", "navigation", "chart_default", "suggestions",
        "next_steps",
      };

      g_assert_cmpuint (json_object_get_size (persona), ==, G_N_ELEMENTS (members));
      for (guint j = 0; j < G_N_ELEMENTS (members); j++)
        g_assert_true (json_object_has_member (persona, members[j]));
    }

  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (engine, "GET", "personas", NULL, NULL,
                                    SOUP_STATUS_UNAUTHORIZED);
}

static void
test_profile_defaults (void)
{
  g_autoptr(BsTestResponse) response = NULL;

  assert_stored_profile (NULL, NULL, NULL, TRUE);
  response = bs_test_engine_expect (engine, "GET", "users/me/preferences", NULL, NULL,
                                    SOUP_STATUS_UNAUTHORIZED);
}

static void
test_profile_round_trip (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) events = NULL;
  JsonObject *items;
  JsonArray *changes;
  JsonObject *change;

  set_profile ("{\"persona\": \"executive\", \"sub_persona\": \"ceo-cto\", "
               "\"skill_level\": \"beginner\"}",
               "executive", "ceo-cto", "beginner", TRUE);

  /* Stored in the workspace preferences, where scripts can read it too. */
  response = bs_test_engine_expect (engine, "GET", "preferences", viewer, NULL, SOUP_STATUS_OK);
  items = json_object_get_object_member (bs_test_response_get_object (response), "items");
  g_assert_cmpstr (json_object_get_string_member (items, "profile.persona"), ==, "executive");
  g_assert_cmpstr (json_object_get_string_member (items, "profile.sub_persona"), ==, "ceo-cto");
  g_assert_cmpstr (json_object_get_string_member (items, "profile.skill_level"), ==, "beginner");

  /* A change that leaves a field out keeps it. */
  set_profile ("{\"skill_level\": \"advanced\"}", "executive", "ceo-cto", "advanced", TRUE);
  set_profile ("{\"persona\": \"executive\"}", "executive", "ceo-cto", "advanced", TRUE);

  /* A new persona drops a sub-persona that is not its own. */
  set_profile ("{\"persona\": \"developer\"}", "developer", NULL, "advanced", TRUE);
  set_profile ("{\"sub_persona\": \"backend-developer\"}",
               "developer", "backend-developer", "advanced", TRUE);
  set_profile ("{\"sub_persona\": null}", "developer", NULL, "advanced", TRUE);
  set_profile ("{\"sub_persona\": \"data-app-developer\", \"skill_level\": null}",
               "developer", "data-app-developer", NULL, TRUE);
  set_profile ("{\"persona\": null}", NULL, NULL, NULL, TRUE);
  set_profile ("{}", NULL, NULL, NULL, TRUE);
  set_profile ("{\"persona\": \"data-engineer\", \"sub_persona\": \"etl-engineer\", "
               "\"skill_level\": \"intermediate\"}",
               "data-engineer", "etl-engineer", "intermediate", TRUE);

  /* Each change is in the audit trail, by the viewer's token, with the new profile. */
  changes = get_items ("events?prefix=profile.&limit=1", engine->admin_token, &events);
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  change = json_array_get_object_element (changes, 0);
  g_assert_cmpstr (json_object_get_string_member (change, "kind"), ==, "profile.changed");
  g_assert_cmpstr (json_object_get_string_member (change, "actor"), ==, "studio-viewer");
  assert_profile (json_object_get_member (change, "detail"),
                  "data-engineer", "etl-engineer", "intermediate", TRUE);
}

static void
test_profile_bad_requests (void)
{
  const char *path = "users/me/preferences";

  set_profile ("{\"persona\": \"executive\", \"sub_persona\": \"vp-analytics\", "
               "\"skill_level\": \"beginner\"}",
               "executive", "vp-analytics", "beginner", TRUE);

  assert_bad_request ("PUT", path, "{\"persona\": \"cto\"}",
                      "The field “persona” must be one of " ALL_PERSONAS " (or null), not “cto”");
  assert_bad_request ("PUT", path, "{\"persona\": \"Executive\"}", ALL_PERSONAS);
  assert_bad_request ("PUT", path, "{\"skill_level\": \"expert\"}",
                      "must be one of beginner, intermediate, advanced (or null), not “expert”");
  assert_bad_request ("PUT", path, "{\"sub_persona\": \"backend-developer\"}",
                      "must be one of ceo-cto, vp-analytics, department-head (the sub-personas "
                      "of executive) or null, not “backend-developer”");
  assert_bad_request ("PUT", path, "{\"persona\": \"developer\", \"sub_persona\": \"ceo-cto\"}",
                      "backend-developer, full-stack-developer, data-app-developer");
  assert_bad_request ("PUT", path, "{\"persona\": null, \"sub_persona\": \"ceo-cto\"}",
                      "“sub_persona” needs a persona; set “persona” too (one of "
                      ALL_PERSONAS ")");
  assert_bad_request ("PUT", path, "{\"persona\": 5}", "“persona” must be a string or null");
  assert_bad_request ("PUT", path, "{\"skill_level\": [\"beginner\"]}",
                      "“skill_level” must be a string or null");
  assert_bad_request ("PUT", path, "{\"record_events\": \"no\"}",
                      "“record_events” must be true or false");
  assert_bad_request ("PUT", path, "{\"record_events\": null}", "“record_events”");
  assert_bad_request ("PUT", path, "{\"persona_id\": \"executive\"}",
                      "The field “persona_id” is not known here; the fields are persona, "
                      "sub_persona, skill_level, record_events");
  assert_bad_request ("PUT", path, "{\"persona\": ", "Malformed JSON");

  /* Nothing of a refused change was kept, not even its valid part. */
  assert_bad_request ("PUT", path, "{\"skill_level\": \"advanced\", \"persona\": \"boss\"}",
                      "“boss”");
  assert_stored_profile ("executive", "vp-analytics", "beginner", TRUE);
}

static gint64
record_event (const char *body)
{
  g_autoptr(BsTestResponse) response = NULL;
  JsonObject *object;

  response = bs_test_engine_expect (engine, "POST", "events", viewer, body,
                                    SOUP_STATUS_CREATED);
  object = bs_test_response_get_object (response);
  g_assert_true (json_object_get_boolean_member (object, "recorded"));
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  return json_object_get_int_member (object, "id");
}

static void
test_events_record (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint before = count_onboarding_events ();
  gint64 view_id, select_id;
  JsonArray *items;
  JsonObject *event;
  JsonObject *detail;

  view_id = record_event ("{\"kind\": \"onboarding.persona.view\"}");
  record_event ("{\"kind\": \"onboarding.persona.hover\", \"persona\": \"ml-engineer\"}");
  select_id = record_event ("{\"kind\": \"onboarding.persona.select\", "
                            "\"persona\": \"executive\"}");
  record_event ("{\"kind\": \"onboarding.persona.change\", \"persona\": \"developer\"}");
  g_assert_cmpint (select_id, >, view_id);
  g_assert_cmpuint (count_onboarding_events (), ==, before + 4);

  /* Newest first; ?limit applies. */
  items = get_items ("events?prefix=onboarding.&limit=2", viewer, &response);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  event = json_array_get_object_element (items, 1);
  g_assert_cmpint (json_object_get_int_member (event, "id"), ==, select_id);
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "onboarding.persona.select");
  g_assert_cmpstr (json_object_get_string_member (event, "actor"), ==, "studio-viewer");
  detail = json_object_get_object_member (event, "detail");
  g_assert_cmpstr (json_object_get_string_member (detail, "persona"), ==, "executive");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (event, "at"), "Z"));
  g_clear_pointer (&response, bs_test_response_free);

  /* A narrower prefix reads one kind only. */
  items = get_items ("events?prefix=onboarding.persona.view", viewer, &response);
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "kind"), ==, "onboarding.persona.view");
  g_clear_pointer (&response, bs_test_response_free);

  assert_bad_request ("POST", "events", "{\"kind\": \"onboarding.persona.click\"}",
                      "The field “kind” must be one of onboarding.persona.view, "
                      "onboarding.persona.hover, onboarding.persona.select, "
                      "onboarding.persona.change, not “onboarding.persona.click”");
  assert_bad_request ("POST", "events", "{\"kind\": \"token.created\"}", "“token.created”");
  assert_bad_request ("POST", "events", "{\"persona\": \"executive\"}",
                      "The field “kind” is missing");
  assert_bad_request ("POST", "events",
                      "{\"kind\": \"onboarding.persona.select\", \"persona\": \"boss\"}",
                      "The field “persona” must be one of " ALL_PERSONAS ", not “boss”");
  assert_bad_request ("POST", "events",
                      "{\"kind\": \"onboarding.persona.select\", \"at\": \"2020-01-01\"}",
                      "“at” is not known");
  assert_bad_request ("GET", "events?prefix=onboarding.&limit=0", NULL, "“limit”");
  g_assert_cmpuint (count_onboarding_events (), ==, before + 4);
}

static void
test_events_disabled (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  guint before = count_onboarding_events ();
  JsonObject *object;

  set_profile ("{\"record_events\": false}", "executive", "vp-analytics", "beginner", FALSE);

  response = bs_test_engine_expect (engine, "POST", "events", viewer,
                                    "{\"kind\": \"onboarding.persona.change\", "
                                    "\"persona\": \"developer\"}", SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_false (json_object_get_boolean_member (object, "recorded"));
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_cmpuint (count_onboarding_events (), ==, before);

  /* Still checked while off, so that a broken client is noticed either way. */
  assert_bad_request ("POST", "events", "{\"kind\": \"onboarding.other\"}", "“kind”");

  set_profile ("{\"record_events\": true}", "executive", "vp-analytics", "beginner", TRUE);
  record_event ("{\"kind\": \"onboarding.persona.view\"}");
  g_assert_cmpuint (count_onboarding_events (), ==, before + 1);
}

static void
test_events_clear (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) audit = NULL;
  guint before = count_onboarding_events ();
  JsonArray *items;

  g_assert_cmpuint (before, >, 0);
  assert_bad_request ("DELETE", "events", NULL, "Only onboarding events can be cleared");
  assert_bad_request ("DELETE", "events?prefix=token.", NULL, "?prefix=onboarding.");
  assert_bad_request ("DELETE", "events?prefix=", NULL, "?prefix=onboarding.");
  g_assert_cmpuint (count_onboarding_events (), ==, before);

  response = bs_test_engine_expect (engine, "DELETE", "events?prefix=onboarding.", viewer, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (bs_test_response_get_object (response),
                                               "deleted"), ==, before);
  g_assert_cmpuint (count_onboarding_events (), ==, 0);
  g_clear_pointer (&response, bs_test_response_free);

  response = bs_test_engine_expect (engine, "DELETE", "events?prefix=onboarding.", viewer, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (bs_test_response_get_object (response),
                                               "deleted"), ==, 0);

  /* The audit trail stays, and says who cleared what. */
  items = get_items ("events?limit=1000", engine->admin_token, &audit);
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_false (g_str_has_prefix (json_object_get_string_member (
                      json_array_get_object_element (items, i), "kind"), "onboarding."));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "kind"), ==, "events.cleared");
}

static void
test_events_roles (void)
{
  g_autofree char *editor = bs_test_engine_create_token (engine, "profile-editor", "editor",
                                                         NULL);
  g_autoptr(BsTestResponse) response = NULL;
  JsonArray *items;

  assert_forbidden ("events", viewer, "viewer");
  assert_forbidden ("events?limit=5", viewer, "viewer");
  assert_forbidden ("events?prefix=token.", viewer, "viewer");
  assert_forbidden ("events?prefix=", viewer, "viewer");
  assert_forbidden ("events?prefix=onboarding", viewer, "viewer");
  assert_forbidden ("events", editor, "editor");

  items = get_items ("events?prefix=profile.", engine->admin_token, &response);
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "kind"), ==, "profile.changed");
  g_clear_pointer (&response, bs_test_response_free);

  /* A prefix is literal text, not a LIKE pattern. */
  items = get_items ("events?prefix=profile%25", engine->admin_token, &response);
  g_assert_cmpuint (json_array_get_length (items), ==, 0);
  g_clear_pointer (&response, bs_test_response_free);

  response = bs_test_engine_expect (engine, "GET", "events?prefix=onboarding.", NULL, NULL,
                                    SOUP_STATUS_UNAUTHORIZED);
}

static void
test_persists_across_restart (void)
{
  gint64 id;

  set_profile ("{\"persona\": \"ml-engineer\", \"sub_persona\": \"mlops-engineer\", "
               "\"skill_level\": \"intermediate\", \"record_events\": false}",
               "ml-engineer", "mlops-engineer", "intermediate", FALSE);
  set_profile ("{\"record_events\": true}", "ml-engineer", "mlops-engineer", "intermediate",
               TRUE);
  id = record_event ("{\"kind\": \"onboarding.persona.select\", \"persona\": \"ml-engineer\"}");

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  bs_test_engine_start (engine, NULL);

  assert_stored_profile ("ml-engineer", "mlops-engineer", "intermediate", TRUE);
  g_assert_cmpuint (count_onboarding_events (), ==, 1);
  g_assert_cmpint (record_event ("{\"kind\": \"onboarding.persona.view\"}"), >, id);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  engine = bs_test_engine_new ();
  bs_test_engine_start (engine, NULL);
  viewer = bs_test_engine_create_token (engine, "studio-viewer", "viewer", NULL);

  g_test_add_func ("/bs/engine-profile/personas", test_personas);
  g_test_add_func ("/bs/engine-profile/profile-defaults", test_profile_defaults);
  g_test_add_func ("/bs/engine-profile/profile-round-trip", test_profile_round_trip);
  g_test_add_func ("/bs/engine-profile/profile-bad-requests", test_profile_bad_requests);
  g_test_add_func ("/bs/engine-profile/events-record", test_events_record);
  g_test_add_func ("/bs/engine-profile/events-disabled", test_events_disabled);
  g_test_add_func ("/bs/engine-profile/events-clear", test_events_clear);
  g_test_add_func ("/bs/engine-profile/events-roles", test_events_roles);
  g_test_add_func ("/bs/engine-profile/persists-across-restart", test_persists_across_restart);

  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  bs_test_engine_free (engine);
  g_free (viewer);
  return status;
}
