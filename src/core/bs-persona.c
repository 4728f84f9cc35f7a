#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-persona.h"

#define ALERT BS_SUGGESTION_ALERT
#define PANEL BS_SUGGESTION_PANEL

static const char * const workbench_ids[] = {
  "home", "dashboards", "alerts", "data", "models", "automation", "instances", NULL,
};

static const char * const event_kinds[] = {
  "onboarding.persona.view",
  "onboarding.persona.hover",
  "onboarding.persona.select",
  "onboarding.persona.change",
  NULL,
};

/* The one place that says what each persona changes; the Studio's widgets and the
 * engine's API both read it, never a copy of it. */
static const BsPersona personas[] = {
  {
    "data-analyst",
    N_("Data Analyst"),
    "bs-persona-chart-symbolic",
    N_("Explore data, build dashboards, track KPIs. Turn sales and orders into charts that "
       "answer the questions your team asks every week."),
    { N_("Build dashboards by dragging panels"),
      N_("Track KPIs against last week"),
      N_("Alerts on your own numbers") },
    N_("Recommended for business, financial and marketing analysts"),
    { { "business-analyst", N_("Business Analyst") },
      { "financial-analyst", N_("Financial Analyst") },
      { "marketing-analyst", N_("Marketing Analyst") } },
    "dashboards",
    { "dashboards", "home", "data", "alerts", "models", "automation", "instances" },
    "timeseries",
    { { "daily-sales-region-below", ALERT, N_("Daily sales in a region below an amount"),
        N_("Tells you when a region sells less than you expect on a day, for example APAC "
           "under $5,000.") },
      { "sales-over-time", PANEL, N_("Sales over time"),
        N_("A time series of revenue per day over the last 30 days, to see trends and "
           "weekly patterns.") },
      { "top-products", PANEL, N_("Top products by revenue"),
        N_("A table of each product's revenue over the last 30 days; sort it by revenue "
           "to see the top ones.") },
      { "kpi-below-last-week", ALERT, N_("A KPI fell below last week"),
        N_("Tells you when a key figure is lower than on the same day a week before.") } },
    { { "demo-data", N_("Explore the demo data"),
        N_("A retail shop with 90 days of sales, orders and stock, to explore on Home "
           "and in Data.") },
      { "import-file", N_("Import a spreadsheet or database file"),
        N_("Bring your own figures from a CSV or SQLite file.") },
      { "connect-grafana", N_("Connect a Grafana instance"),
        N_("Publish your dashboards where your team already looks.") },
      { "connect-prometheus", N_("Connect a Prometheus server"),
        N_("Chart live metrics from your servers with the same dropdowns as your sales.") } },
  },
  {
    "data-engineer",
    N_("Data Engineer"),
    "bs-persona-pipeline-symbolic",
    N_("Manage pipelines, monitor data quality. Know at once when a table stops being "
       "updated or its row count jumps."),
    { N_("Watch the freshness of every table"),
      N_("Alert on row counts and gaps"),
      N_("Browse sources and their columns") },
    N_("Recommended for ETL, data platform and analytics engineers"),
    { { "etl-engineer", N_("ETL Engineer") },
      { "data-platform-engineer", N_("Data Platform Engineer") },
      { "analytics-engineer", N_("Analytics Engineer") } },
    "data",
    { "data", "alerts", "automation", "instances", "dashboards", "home", "models" },
    "table",
    { { "table-not-updated", ALERT, N_("Table not updated in the last hour"),
        N_("Fires when the newest row of a table is more than an hour old.") },
      { "row-count-drop", ALERT, N_("Row count dropped sharply"),
        N_("Fires when a table has far fewer new rows than in the same hour yesterday.") },
      { "rows-per-hour", PANEL, N_("Rows loaded per hour"),
        N_("A time series of the rows added to the sales table in each hour of the last "
           "day, to spot a stalled or duplicated load.") },
      { "orders-per-hour-by-channel", PANEL, N_("New orders per hour by channel"),
        N_("A time series of the rows added to the orders table in each hour of the last "
           "day, one line per channel, to see which feed stopped.") } },
    { { "import-file", N_("Add a CSV or SQLite file"),
        N_("A SQLite file is read where it lies; a CSV is imported with its column types "
           "detected and bad lines reported.") },
      { "connect-prometheus", N_("Connect Prometheus"),
        N_("Browse your pipeline metrics and their labels, and preview them from "
           "dropdowns.") },
      { "demo-data", N_("Try the demo retail database"),
        N_("A SQLite file with 750,000 rows: see its tables, sizes and columns in Data.") },
      { "connect-grafana", N_("Connect Grafana"),
        N_("Provision rules and dashboards to an instance, with a plan before each "
           "change.") } },
  },
  {
    "ml-engineer",
    N_("ML Engineer"),
    "bs-persona-brain-symbolic",
    N_("Train models, deploy ML workloads. Watch the data your models learn from and the "
       "predictions they make."),
    { N_("Know when training data goes stale"),
      N_("Alert when predictions stop"),
      N_("Compare model figures over time") },
    N_("Recommended for research scientists, MLOps engineers and applied ML teams"),
    { { "research-scientist", N_("Research Scientist") },
      { "mlops-engineer", N_("MLOps Engineer") },
      { "applied-ml", N_("Applied ML") } },
    "models",
    { "models", "data", "dashboards", "alerts", "automation", "home", "instances" },
    "table",
    { { "training-data-stale", ALERT, N_("Training data not refreshed today"),
        N_("Fires when the table a model learns from has no new rows since midnight.") },
      { "prediction-volume-drop", ALERT, N_("Predictions per hour dropped"),
        N_("Fires when a model serves far fewer predictions than in the same hour "
           "yesterday.") },
      { "input-volume", PANEL, N_("Input volume over time"),
        N_("A time series of the rows added to the sales table each day of the last 30 "
           "days: the volume a model of sales learns from.") },
      { "average-order-value", PANEL, N_("Average order value over time"),
        N_("A time series of the average order total per day over the last 30 days, to "
           "see an input drift.") } },
    { { "import-file", N_("Add a CSV or SQLite file"),
        N_("Use a training set or a table of predictions as a data source.") },
      { "connect-prometheus", N_("Connect Prometheus"),
        N_("Bring in serving metrics such as latency and request counts.") },
      { "demo-data", N_("Try the demo retail database"),
        N_("90 days of sales per product and store, ready to explore.") },
      { "connect-grafana", N_("Connect Grafana"),
        N_("Send model alerts and dashboards to the instance your team runs.") } },
  },
  {
    "executive",
    N_("Executive"),
    "bs-persona-briefcase-symbolic",
    N_("High-level insights, strategic reports. See a few big numbers and whether anything "
       "needs your attention."),
    { N_("Key figures at a glance"),
      N_("Know when revenue misses its target"),
      N_("Share read-only dashboards") },
    N_("Recommended for CEOs, CTOs, VPs and department heads"),
    { { "ceo-cto", N_("CEO/CTO") },
      { "vp-analytics", N_("VP Analytics") },
      { "department-head", N_("Department Head") } },
    "home",
    { "home", "dashboards", "alerts", "instances", "data", "models", "automation" },
    "stat",
    { { "revenue-today-below-target", ALERT, N_("Revenue today below target"),
        N_("Tells you when today's revenue so far is behind the target you set.") },
      { "revenue-today", PANEL, N_("Revenue today"),
        N_("One big number: what the shop has sold since midnight, in US dollars.") },
      { "daily-sales-region-below", ALERT, N_("Daily sales in a region below an amount"),
        N_("Tells you when a region sells less than you expect on a day.") },
      { "orders-today", PANEL, N_("Orders today"),
        N_("One big number: how many orders came in since midnight.") } },
    { { "demo-data", N_("See the demo company"),
        N_("A sample shop with real-looking figures, so every screen shows something at "
           "once.") },
      { "connect-grafana", N_("Connect your Grafana"),
        N_("See the dashboards your analysts already built.") },
      { "import-file", N_("Open a spreadsheet"),
        N_("Load a CSV export from your finance or sales tool.") },
      { "connect-prometheus", N_("Connect Prometheus"),
        N_("Ask your technical team for its address to see service health.") } },
  },
  {
    "developer",
    N_("Developer"),
    "bs-persona-code-symbolic",
    N_("Build integrations, use APIs. Script everything the app does through the REST API "
       "and the command line."),
    { N_("Automate with the REST API"),
      N_("Script it from the command line"),
      N_("Run Grafana's PromQL dashboards here") },
    N_("Recommended for backend, full-stack and data app developers"),
    { { "backend-developer", N_("Backend Developer") },
      { "full-stack-developer", N_("Full-Stack Developer") },
      { "data-app-developer", N_("Data App Developer") } },
    "automation",
    { "automation", "instances", "data", "alerts", "dashboards", "models", "home" },
    /* Someone building an integration first checks the exact rows and values that
     * arrived; a table shows them as they are, where a chart would aggregate them. */
    "table",
    { { "integration-silent", ALERT, N_("Integration stopped sending data"),
        N_("Fires when a source table gets no new rows for 30 minutes.") },
      { "rows-per-minute", PANEL, N_("Rows arriving per minute"),
        N_("A time series of the rows added to the sales table in each minute of the last "
           "6 hours, to see whether an integration keeps sending.") },
      { "orders-by-status", PANEL, N_("Orders by channel and status"),
        N_("A table of the orders of the last 24 hours counted by channel and status, to "
           "check the values an integration sends.") },
      { "error-rate-high", ALERT, N_("Error rate above a threshold"),
        N_("Fires when the share of failed requests stays above a limit for 5 minutes.") } },
    { { "demo-data", N_("Use the demo workspace"),
        N_("Try the API and the CLI against a ready SQLite source.") },
      { "connect-prometheus", N_("Connect Prometheus"),
        N_("Browse metrics and labels, and see the PromQL behind each preview.") },
      { "connect-grafana", N_("Connect Grafana instances"),
        N_("Sync rules and dashboards to each client's instance with a plan and diff.") },
      { "import-file", N_("Add a CSV or SQLite file"),
        N_("Register a file as a source through the API or the Studio.") } },
  },
};

static const BsSkillLevelInfo skill_levels[] = {
  { BS_SKILL_LEVEL_BEGINNER, "beginner", N_("Beginner"),
    N_("No or basic SQL. Step-by-step explanations."), BS_VERBOSITY_STEP_BY_STEP },
  { BS_SKILL_LEVEL_INTERMEDIATE, "intermediate", N_("Intermediate"),
    N_("Comfortable with SQL. Balanced detail."), BS_VERBOSITY_BALANCED },
  { BS_SKILL_LEVEL_ADVANCED, "advanced", N_("Advanced"),
    N_("Expert. Minimal explanations."), BS_VERBOSITY_MINIMAL },
};

const char *
bs_persona_gettext (const char *msgid)
{
  g_return_val_if_fail (msgid != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

const BsPersona *
bs_persona_get_all (gsize *n_personas)
{
  g_return_val_if_fail (n_personas != NULL, NULL);

  *n_personas = G_N_ELEMENTS (personas);
  return personas;
}

const BsPersona *
bs_persona_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (personas); i++)
    if (g_str_equal (personas[i].id, id))
      return &personas[i];

  return NULL;
}

gboolean
bs_persona_is_valid (const char *id)
{
  return bs_persona_lookup (id) != NULL;
}

const BsSubPersona *
bs_persona_lookup_sub_persona (const BsPersona *persona,
                               const char      *sub_persona_id)
{
  g_return_val_if_fail (persona != NULL, NULL);

  if (sub_persona_id == NULL)
    return NULL;

  for (guint i = 0; i < BS_PERSONA_N_SUB_PERSONAS; i++)
    if (g_str_equal (persona->sub_personas[i].id, sub_persona_id))
      return &persona->sub_personas[i];

  return NULL;
}

gboolean
bs_persona_sub_persona_is_valid (const char *persona_id,
                                 const char *sub_persona_id)
{
  const BsPersona *persona = bs_persona_lookup (persona_id);

  return persona != NULL && bs_persona_lookup_sub_persona (persona, sub_persona_id) != NULL;
}

guint
bs_persona_count_suggestions (const BsPersona *persona)
{
  guint n = 0;

  g_return_val_if_fail (persona != NULL, 0);

  while (n < BS_PERSONA_MAX_SUGGESTIONS && persona->suggestions[n].id != NULL)
    n++;
  return n;
}

guint
bs_persona_count_next_steps (const BsPersona *persona)
{
  guint n = 0;

  g_return_val_if_fail (persona != NULL, 0);

  while (n < BS_PERSONA_MAX_NEXT_STEPS && persona->next_steps[n].id != NULL)
    n++;
  return n;
}

char *
bs_persona_list_ids (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (personas); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", personas[i].id);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
bs_persona_list_sub_persona_ids (const BsPersona *persona)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (persona != NULL, NULL);

  for (guint i = 0; i < BS_PERSONA_N_SUB_PERSONAS; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", persona->sub_personas[i].id);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char * const *
bs_persona_get_workbench_ids (void)
{
  return workbench_ids;
}

gboolean
bs_persona_workbench_is_valid (const char *id)
{
  return id != NULL && g_strv_contains (workbench_ids, id);
}

static gboolean
is_available (const char         *workbench_id,
              const char * const *available_ids)
{
  return available_ids == NULL || g_strv_contains (available_ids, workbench_id);
}

const char *
bs_persona_resolve_workbench (const char         *persona_id,
                              const char * const *available_ids)
{
  const BsPersona *persona = bs_persona_lookup (persona_id);
  const char * const *order = persona != NULL ? persona->navigation : workbench_ids;

  if (persona != NULL && is_available (persona->default_workbench, available_ids))
    return persona->default_workbench;

  for (guint i = 0; i < BS_N_WORKBENCHES; i++)
    if (is_available (order[i], available_ids))
      return order[i];

  return NULL;
}

const BsSkillLevelInfo *
bs_skill_level_get_all (gsize *n_levels)
{
  g_return_val_if_fail (n_levels != NULL, NULL);

  *n_levels = G_N_ELEMENTS (skill_levels);
  return skill_levels;
}

const BsSkillLevelInfo *
bs_skill_level_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (skill_levels); i++)
    if (g_str_equal (skill_levels[i].id, id))
      return &skill_levels[i];

  return NULL;
}

gboolean
bs_skill_level_from_string (const char   *id,
                            BsSkillLevel *out_level)
{
  const BsSkillLevelInfo *info = bs_skill_level_lookup (id);

  if (info == NULL)
    return FALSE;

  if (out_level != NULL)
    *out_level = info->level;
  return TRUE;
}

const char *
bs_skill_level_to_string (BsSkillLevel level)
{
  for (gsize i = 0; i < G_N_ELEMENTS (skill_levels); i++)
    if (skill_levels[i].level == level)
      return skill_levels[i].id;

  g_return_val_if_reached (NULL);
}

gboolean
bs_skill_level_is_valid (const char *id)
{
  return bs_skill_level_lookup (id) != NULL;
}

char *
bs_skill_level_list_ids (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (skill_levels); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", skill_levels[i].id);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

BsVerbosity
bs_verbosity_for_skill_level (const char *id)
{
  const BsSkillLevelInfo *info = bs_skill_level_lookup (id);

  return info != NULL ? info->verbosity : BS_VERBOSITY_BALANCED;
}

const char *
bs_verbosity_to_string (BsVerbosity verbosity)
{
  switch (verbosity)
    {
    case BS_VERBOSITY_STEP_BY_STEP:
      return "step-by-step";
    case BS_VERBOSITY_BALANCED:
      return "balanced";
    case BS_VERBOSITY_MINIMAL:
      return "minimal";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char * const *
bs_persona_get_event_kinds (void)
{
  return event_kinds;
}

gboolean
bs_persona_event_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (event_kinds, kind);
}

char *
bs_persona_list_event_kinds (void)
{
  return g_strjoinv (", ", (char **) event_kinds);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *msgid)
{
  add_string (builder, member, bs_persona_gettext (msgid));
}

static void
add_sub_personas (JsonBuilder     *builder,
                  const BsPersona *persona)
{
  json_builder_set_member_name (builder, "sub_personas");
  json_builder_begin_array (builder);
  for (guint i = 0; i < BS_PERSONA_N_SUB_PERSONAS; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", persona->sub_personas[i].id);
      add_text (builder, "name", persona->sub_personas[i].name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_string_array (JsonBuilder        *builder,
                  const char         *member,
                  const char * const *values,
                  guint               n_values,
                  gboolean            translate)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_values; i++)
    json_builder_add_string_value (builder,
                                   translate ? bs_persona_gettext (values[i]) : values[i]);
  json_builder_end_array (builder);
}

static void
add_suggestions (JsonBuilder     *builder,
                 const BsPersona *persona)
{
  guint n = bs_persona_count_suggestions (persona);

  json_builder_set_member_name (builder, "suggestions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const BsSuggestion *suggestion = &persona->suggestions[i];

      json_builder_begin_object (builder);
      add_string (builder, "id", suggestion->id);
      add_string (builder, "kind", suggestion->kind == BS_SUGGESTION_ALERT ? "alert" : "panel");
      add_text (builder, "title", suggestion->title);
      add_text (builder, "description", suggestion->description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_next_steps (JsonBuilder     *builder,
                const BsPersona *persona)
{
  guint n = bs_persona_count_next_steps (persona);

  json_builder_set_member_name (builder, "next_steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", persona->next_steps[i].id);
      add_text (builder, "title", persona->next_steps[i].title);
      add_text (builder, "description", persona->next_steps[i].description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_persona (JsonBuilder     *builder,
             const BsPersona *persona)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", persona->id);
  add_text (builder, "name", persona->name);
  add_string (builder, "icon", persona->icon);
  add_text (builder, "description", persona->description);
  add_string_array (builder, "capabilities", persona->capabilities,
                    BS_PERSONA_N_CAPABILITIES, TRUE);
  add_text (builder, "recommended_for", persona->recommended_for);
  add_sub_personas (builder, persona);
  add_string (builder, "default_workbench", persona->default_workbench);
  add_string_array (builder, "navigation", persona->navigation, BS_N_WORKBENCHES, FALSE);
  add_string (builder, "chart_default", persona->chart_default);
  add_suggestions (builder, persona);
  add_next_steps (builder, persona);
  json_builder_end_object (builder);
}

static void
add_skill_level (JsonBuilder            *builder,
                 const BsSkillLevelInfo *info)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", info->id);
  add_text (builder, "name", info->name);
  add_text (builder, "description", info->description);
  add_string (builder, "verbosity", bs_verbosity_to_string (info->verbosity));
  json_builder_end_object (builder);
}

JsonNode *
bs_persona_table_to_json (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "personas");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (personas); i++)
    add_persona (builder, &personas[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "skill_levels");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (skill_levels); i++)
    add_skill_level (builder, &skill_levels[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
