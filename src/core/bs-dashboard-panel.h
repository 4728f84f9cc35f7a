/* bs-dashboard-panel.h — one panel of a Grafana dashboard (CONTRACT.md §10), as the designer
 * edits it.
 *
 * The model holds what the designer shows and changes: id, type, title, gridPos, a row's
 * collapsed flag and hidden children, the data source and targets (kept as JSON: they are
 * plugin-specific), fieldConfig.defaults' unit, decimals and thresholds. Everything else
 * (options, overrides, transformations, links, plugin fields, unknown panel types) stays in
 * @json, the object as it was imported, and is written back untouched: export compares each
 * modelled field with what @json says and writes only the ones that changed.
 *
 * Our own query is a target of its own:
 *   { "refId": "A", "datasource": { "type": "business-studio", "uid": "12" },
 *     "businessStudioQuery": { …bs-query.h… } }
 * where "uid" is the data source's id in the engine.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-query.h"

G_BEGIN_DECLS

#define BS_DASHBOARD_ERROR (bs_dashboard_error_quark ())

typedef enum
{
  BS_DASHBOARD_ERROR_INVALID,  /* the message says what is wrong and where */
} BsDashboardError;

/* The datasource "type" of our own targets. */
#define BS_DASHBOARD_DATASOURCE_TYPE "business-studio"

typedef enum
{
  BS_DASHBOARD_THRESHOLDS_ABSOLUTE,
  BS_DASHBOARD_THRESHOLDS_PERCENTAGE,
} BsDashboardThresholdsMode;

typedef struct
{
  double  value;   /* -INFINITY for the base step (Grafana's null) */
  char   *color;   /* "green", "#EAB839", "rgba(…)" as Grafana writes it */
} BsDashboardThresholdStep;

typedef struct
{
  gint64                     id;
  char                      *type;        /* "timeseries", "stat", "row", … never NULL */
  char                      *title;       /* never NULL; "" when absent */
  int                        x;           /* gridPos, in grid cells (bs-dashboard-layout.h) */
  int                        y;
  int                        w;
  int                        h;
  gboolean                   collapsed;   /* rows only */
  GPtrArray                 *panels;      /* rows only: the children of a collapsed row
                                           * (BsDashboardPanel*); never NULL */
  JsonNode                  *datasource;  /* NULL when absent */
  JsonNode                  *targets;     /* an array, or NULL when absent */
  char                      *unit;        /* fieldConfig.defaults.unit; NULL when absent */
  int                        decimals;    /* -1 when absent (automatic) */
  gboolean                   has_thresholds;
  BsDashboardThresholdsMode  thresholds_mode;
  GArray                    *threshold_steps; /* of BsDashboardThresholdStep, never NULL */
  JsonObject                *json;        /* the panel as imported (a row's "panels"
                                           * null: they are in @panels); never NULL */
} BsDashboardPanel;

#define BS_TYPE_DASHBOARD_PANEL (bs_dashboard_panel_get_type ())

GQuark             bs_dashboard_error_quark       (void);
GType              bs_dashboard_panel_get_type    (void) G_GNUC_CONST;

/* A new panel at 0,0 of Grafana's default size (12 × 9), with an empty @json. */
BsDashboardPanel  *bs_dashboard_panel_new         (gint64                   id,
                                                   const char              *type,
                                                   const char              *title);
BsDashboardPanel  *bs_dashboard_panel_copy        (const BsDashboardPanel  *self);
void               bs_dashboard_panel_free        (BsDashboardPanel        *self);

gboolean           bs_dashboard_panel_is_row      (const BsDashboardPanel  *self);

/* Appends a step; keep them sorted by value, the first at -INFINITY. */
void               bs_dashboard_panel_add_threshold (BsDashboardPanel      *self,
                                                     double                 value,
                                                     const char            *color);

/* Reads one panel object. @where names it in errors when it has no id or title yet
 * (“Panel 4”); errors are BS_DASHBOARD_ERROR_INVALID and say which panel and member. */
BsDashboardPanel  *bs_dashboard_panel_from_json   (JsonNode                *node,
                                                   const char              *where,
                                                   GError                 **error);
JsonNode          *bs_dashboard_panel_to_json     (const BsDashboardPanel  *self);

/* Replaces the target with @ref_id (or adds one) by our own target for @query, and makes
 * the panel's data source ours too. */
void               bs_dashboard_panel_set_query   (BsDashboardPanel        *self,
                                                   const char              *ref_id,
                                                   const BsQuery           *query);
/* Our query in the target with @ref_id (NULL: the first of ours). NULL without an error
 * when the panel has none (a PromQL panel imported from Grafana, say); NULL with an error
 * when our target is there but malformed. */
BsQuery           *bs_dashboard_panel_get_query   (const BsDashboardPanel  *self,
                                                   const char              *ref_id,
                                                   GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDashboardPanel, bs_dashboard_panel_free)

G_END_DECLS
