/* bs-dashboard.h — a Grafana dashboard (CONTRACT.md §10) as the designer edits it, imported
 * from and exported to Grafana's dashboard JSON.
 *
 * The model holds what the designer shows and changes: uid, title, tags, time range, refresh,
 * schemaVersion, the template variables and the panels (bs-dashboard-panel.h). The imported
 * document itself is kept in @json, so every member the model does not understand (links,
 * annotations, timepicker, __inputs, …) is written back untouched; a modelled member is
 * written only where it differs from what @json says. Import → export of an unedited
 * dashboard gives the same document, "schemaVersion" included: Grafana migrates an older
 * one on load as it would the original. A dashboard made here (bs_dashboard_new) has
 * BS_DASHBOARD_SCHEMA_VERSION.
 *
 * Defaults for missing members (Grafana's): uid NULL, tags [], time now-6h → now, refresh
 * off (NULL), schemaVersion 0, no variables, no panels. "title" is required.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-dashboard-layout.h"
#include "bs-dashboard-panel.h"

G_BEGIN_DECLS

/* What current Grafana writes (@grafana/schema 13.0.1, CONTRACT.md §10). */
#define BS_DASHBOARD_SCHEMA_VERSION 42

/* One entry of templating.list. */
typedef struct
{
  char        *name;     /* never NULL */
  char        *type;     /* "query", "custom", "datasource", …; never NULL */
  char        *label;    /* NULL when absent */
  char        *query;    /* the query text: "query" itself, or its "query" member when it is
                          * an object (Prometheus writes {"query": …, "refId": …}); NULL when
                          * absent */
  JsonNode    *current;  /* {"text": …, "value": …} as Grafana keeps it; NULL when absent */
  JsonObject  *json;     /* the variable as imported; never NULL */
} BsDashboardVariable;

typedef struct
{
  char       *uid;             /* NULL when absent */
  char       *title;           /* never NULL */
  GPtrArray  *tags;            /* char*, never NULL */
  char       *time_from;       /* as Grafana writes them: "now-6h", "now", or a time */
  char       *time_to;
  char       *refresh;         /* "30s", "1m", …; NULL when off */
  gint64      schema_version;  /* as imported */
  GPtrArray  *variables;       /* BsDashboardVariable*, in document order; never NULL */
  GPtrArray  *panels;          /* BsDashboardPanel*, top level, in document order; the
                                * panels of an expanded row follow it here, those of a
                                * collapsed one are in the row's own panels; never NULL */
  JsonObject *json;            /* the document as imported, its "panels" null (they are in
                                * @panels); never NULL */
} BsDashboard;

#define BS_TYPE_DASHBOARD (bs_dashboard_get_type ())

GType                 bs_dashboard_get_type          (void) G_GNUC_CONST;

BsDashboard          *bs_dashboard_new               (const char           *title);
BsDashboard          *bs_dashboard_copy              (const BsDashboard    *self);
/* The dashboard without its panels: what a panel's query needs of it (the time range, the
 * variables, Grafana's "__inputs"). */
BsDashboard          *bs_dashboard_copy_header       (const BsDashboard    *self);
void                  bs_dashboard_free              (BsDashboard          *self);

/* Errors are BS_DASHBOARD_ERROR_INVALID and say what is wrong and where
 * (“Panel 3 (“CPU”) has no gridPos”). */
BsDashboard          *bs_dashboard_from_json         (JsonNode             *node,
                                                      GError              **error);
JsonNode             *bs_dashboard_to_json           (const BsDashboard    *self);

/* TRUE if both export the same document. */
gboolean              bs_dashboard_equal             (const BsDashboard    *a,
                                                      const BsDashboard    *b);

/* The panel with @id, at the top level or inside a collapsed row; NULL if none. */
BsDashboardPanel     *bs_dashboard_find_panel        (const BsDashboard    *self,
                                                      gint64                id);
/* One more than the largest panel id (Grafana's ids are unique in a dashboard). */
gint64                bs_dashboard_next_panel_id     (const BsDashboard    *self);

/* The top-level panels as grid rectangles (bs-dashboard-layout.h), in document order, ids
 * the panels'; free with g_free. */
BsGridItem           *bs_dashboard_get_grid_items    (const BsDashboard    *self,
                                                      gsize                *n_items);
/* Moves and sizes each top-level panel as the item with its id says; items with no such
 * panel are ignored. */
void                  bs_dashboard_apply_grid_items  (BsDashboard          *self,
                                                      const BsGridItem     *items,
                                                      gsize                 n_items);

/* Collapses or expands a top-level row as Grafana does: collapsing moves the panels below
 * it (up to the next row) inside it and lets the rest rise; expanding puts them back after
 * it, below the row wherever it is now, and pushes the rest down. FALSE (and nothing
 * changes) if @row is not a top-level row of @self. */
gboolean              bs_dashboard_set_row_collapsed (BsDashboard          *self,
                                                      BsDashboardPanel     *row,
                                                      gboolean              collapsed);

BsDashboardVariable  *bs_dashboard_variable_new      (const char           *name,
                                                      const char           *type);
BsDashboardVariable  *bs_dashboard_variable_copy     (const BsDashboardVariable *self);
void                  bs_dashboard_variable_free     (BsDashboardVariable  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDashboard, bs_dashboard_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDashboardVariable, bs_dashboard_variable_free)

G_END_DECLS
