/* bs-dashboard-template.h — dashboards built in one click on the demo shop's data, one set
 * per persona: Executive KPIs, Inventory watch, Sales by region, Data freshness. Every panel
 * has a query of ours on the demo source that returns rows on a fresh demo workspace (the
 * tests run each one), so the dashboard shows real charts at once.
 */
#pragma once

#include "bs-dashboard.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;           /* "executive-kpis", "inventory-watch", "sales-by-region",
                             * "data-freshness" */
  const char *title;        /* translatable (N_) */
  const char *description;  /* translatable (N_), one sentence */
  const char *icon_name;
} BsDashboardTemplate;

const BsDashboardTemplate *bs_dashboard_templates           (guint        *n_templates);
const BsDashboardTemplate *bs_dashboard_template_lookup     (const char   *id);
/* The template ids in the order to offer them to a persona (bs-persona.h ids; NULL or an
 * unknown persona: the default order). NULL-terminated, static. */
const char * const        *bs_dashboard_templates_for_persona (const char *persona_id);

/* A new dashboard (title translated, a fresh uid, no version) from template @id on the
 * demo source @demo_source_id. NULL for an unknown id. */
BsDashboard               *bs_dashboard_template_build      (const char   *id,
                                                             gint64        demo_source_id);

/* The panel a persona's PANEL suggestion (bs-persona.h, e.g. "sales-over-time") adds: its
 * type, title, description, unit and a query of ours on the demo source @demo_source_id,
 * with its own time range, at the type's default size at 0, 0 (the caller places it and
 * gives it an id). NULL for an id that is not a panel suggestion. Free with
 * bs_dashboard_panel_free. */
BsDashboardPanel          *bs_dashboard_template_suggested_panel (const char *suggestion_id,
                                                                  gint64      demo_source_id);

G_END_DECLS
