/* bs-persona.h — who the user is, and what that changes in the application.
 *
 * One static table, read by the engine (GET /api/v1/personas) and by the Studio alike, so
 * that both always agree: for each persona its card (name, icon, description, three
 * capabilities, "Recommended for"), its sub-personas, the workbench the main window opens
 * on, the order of the sidebar, the panel type a new panel starts as, the alerts and panels
 * offered first and the next steps shown after onboarding. Skill levels set how much help
 * text the builders and empty states show.
 *
 * Text members are untranslated message ids marked with N_(); show them through
 * bs_persona_gettext(). Ids are stable and are what the API and the store use.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_PERSONA_N_CAPABILITIES 3
#define BS_PERSONA_N_SUB_PERSONAS 3
#define BS_PERSONA_MAX_SUGGESTIONS 4
#define BS_PERSONA_MAX_NEXT_STEPS  4
#define BS_N_WORKBENCHES           7

/* The kinds of onboarding event the Studio records locally (POST /api/v1/events). */
#define BS_PERSONA_EVENT_PREFIX "onboarding."

typedef enum
{
  BS_SUGGESTION_ALERT,
  BS_SUGGESTION_PANEL,
} BsSuggestionKind;

typedef struct
{
  const char       *id;
  BsSuggestionKind  kind;
  const char       *title;
  const char       *description;
} BsSuggestion;

/* Ids: "demo-data", "import-file", "connect-prometheus", "connect-grafana". */
typedef struct
{
  const char *id;
  const char *title;
  const char *description;
} BsNextStep;

typedef struct
{
  const char *id;
  const char *name;
} BsSubPersona;

typedef struct
{
  const char   *id;
  const char   *name;
  const char   *icon;               /* a symbolic icon of the Adwaita theme */
  const char   *description;
  const char   *capabilities[BS_PERSONA_N_CAPABILITIES];
  const char   *recommended_for;
  BsSubPersona  sub_personas[BS_PERSONA_N_SUB_PERSONAS];
  const char   *default_workbench;  /* one of bs_persona_get_workbench_ids() */
  const char   *navigation[BS_N_WORKBENCHES];
  const char   *chart_default;      /* panel type: "stat", "timeseries" or "table" */
  BsSuggestion  suggestions[BS_PERSONA_MAX_SUGGESTIONS];  /* unused slots have a NULL id */
  BsNextStep    next_steps[BS_PERSONA_MAX_NEXT_STEPS];    /* unused slots have a NULL id */
} BsPersona;

typedef enum
{
  BS_SKILL_LEVEL_BEGINNER,
  BS_SKILL_LEVEL_INTERMEDIATE,
  BS_SKILL_LEVEL_ADVANCED,
} BsSkillLevel;

/* How much help text the builders and empty states show. */
typedef enum
{
  BS_VERBOSITY_STEP_BY_STEP,
  BS_VERBOSITY_BALANCED,
  BS_VERBOSITY_MINIMAL,
} BsVerbosity;

typedef struct
{
  BsSkillLevel  level;
  const char   *id;
  const char   *name;
  const char   *description;
  BsVerbosity   verbosity;
} BsSkillLevelInfo;

/* Translates a text member of the table (a message id marked with N_()). */
const char             *bs_persona_gettext              (const char          *msgid);

/* The five personas, in the order the onboarding grid shows them. */
const BsPersona        *bs_persona_get_all              (gsize               *n_personas);
/* NULL when @id is NULL or not a persona id. */
const BsPersona        *bs_persona_lookup               (const char          *id);
gboolean                bs_persona_is_valid             (const char          *id);
const BsSubPersona     *bs_persona_lookup_sub_persona   (const BsPersona     *persona,
                                                         const char          *sub_persona_id);
/* Whether @sub_persona_id is one of the sub-personas of the persona @persona_id. */
gboolean                bs_persona_sub_persona_is_valid (const char          *persona_id,
                                                         const char          *sub_persona_id);
guint                   bs_persona_count_suggestions    (const BsPersona     *persona);
guint                   bs_persona_count_next_steps     (const BsPersona     *persona);

/* The ids, comma-separated, for messages that list the allowed values:
 * "data-analyst, data-engineer, ml-engineer, executive, developer". */
char                   *bs_persona_list_ids             (void);
char                   *bs_persona_list_sub_persona_ids (const BsPersona     *persona);

/* The workbench the main window opens on for @persona_id: its default workbench when it
 * is in @available_ids, else the first of @available_ids in the persona's navigation
 * order. With no persona (NULL or unknown id) the order of bs_persona_get_workbench_ids()
 * is used. @available_ids is NULL-terminated; NULL means every workbench. Returns NULL
 * when none of @available_ids is a workbench. */
const char             *bs_persona_resolve_workbench    (const char          *persona_id,
                                                         const char * const  *available_ids);

/* The seven workbench ids, NULL-terminated, in the order used when no persona is chosen:
 * home, dashboards, alerts, data, models, automation, instances. */
const char * const     *bs_persona_get_workbench_ids    (void);
gboolean                bs_persona_workbench_is_valid   (const char          *id);

const BsSkillLevelInfo *bs_skill_level_get_all          (gsize               *n_levels);
gboolean                bs_skill_level_from_string      (const char          *id,
                                                         BsSkillLevel        *out_level);
const char             *bs_skill_level_to_string        (BsSkillLevel         level);
const BsSkillLevelInfo *bs_skill_level_lookup           (const char          *id);
gboolean                bs_skill_level_is_valid         (const char          *id);
char                   *bs_skill_level_list_ids         (void);
/* The verbosity for the skill level @id; BALANCED when none is chosen (NULL). */
BsVerbosity             bs_verbosity_for_skill_level    (const char          *id);
/* "step-by-step", "balanced" or "minimal". */
const char             *bs_verbosity_to_string          (BsVerbosity          verbosity);

/* "onboarding.persona.view", "…hover", "…select", "…change". */
const char * const     *bs_persona_get_event_kinds      (void);
gboolean                bs_persona_event_kind_is_valid  (const char          *kind);
char                   *bs_persona_list_event_kinds     (void);

/* The whole table, translated, as GET /api/v1/personas answers it:
 * {"personas": [...], "skill_levels": [...]}. */
JsonNode               *bs_persona_table_to_json        (void);

G_END_DECLS
