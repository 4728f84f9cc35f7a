#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-panel-type.h"

/* Sizes follow what Grafana gives a new panel of the kind, so that a dashboard made here
 * looks at home there: wide charts, small stats, a full-width row. */
static const BsPanelTypeInfo panel_types[] = {
  { BS_PANEL_KIND_TIMESERIES, "timeseries", N_("Time series"),
    N_("Lines over time, one for each series, with a legend."),
    "bs-panel-timeseries-symbolic", 12, 8 },
  { BS_PANEL_KIND_BAR, "barchart", N_("Bar chart"),
    N_("One bar for each name, largest first, with its value."),
    "bs-panel-bar-symbolic", 12, 8 },
  { BS_PANEL_KIND_STAT, "stat", N_("Stat"),
    N_("One big number, coloured by thresholds, with a sparkline."),
    "bs-panel-stat-symbolic", 6, 4 },
  { BS_PANEL_KIND_GAUGE, "gauge", N_("Gauge"),
    N_("A dial showing how far a value is towards its maximum."),
    "bs-panel-gauge-symbolic", 6, 6 },
  { BS_PANEL_KIND_TABLE, "table", N_("Table"),
    N_("The rows themselves, sortable by any column."),
    "bs-panel-table-symbolic", 12, 8 },
  { BS_PANEL_KIND_PIE, "piechart", N_("Pie chart"),
    N_("Slices showing each part’s share of the whole."),
    "bs-panel-pie-symbolic", 8, 8 },
  { BS_PANEL_KIND_TEXT, "text", N_("Text"),
    N_("Headings, notes and links written in Markdown."),
    "bs-panel-text-symbolic", 8, 6 },
  { BS_PANEL_KIND_ROW, "row", N_("Row"),
    N_("A heading that groups the panels under it and can fold them away."),
    "bs-panel-row-symbolic", 24, 1 },
};

/* Grafana's older or sibling types that we draw as one of our kinds. */
static const struct
{
  const char  *type;
  BsPanelKind  kind;
} aliases[] = {
  { "graph", BS_PANEL_KIND_TIMESERIES },
  { "bargauge", BS_PANEL_KIND_BAR },
  { "singlestat", BS_PANEL_KIND_STAT },
  { "table-old", BS_PANEL_KIND_TABLE },
  { "grafana-piechart-panel", BS_PANEL_KIND_PIE },
};

const BsPanelTypeInfo *
bs_panel_types (guint *n_types)
{
  if (n_types != NULL)
    *n_types = G_N_ELEMENTS (panel_types);
  return panel_types;
}

static const BsPanelTypeInfo *
info_for_kind (BsPanelKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (panel_types); i++)
    if (panel_types[i].kind == kind)
      return &panel_types[i];
  return NULL;
}

const BsPanelTypeInfo *
bs_panel_type_lookup (const char *type)
{
  if (type == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (panel_types); i++)
    if (g_strcmp0 (panel_types[i].type, type) == 0)
      return &panel_types[i];
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_strcmp0 (aliases[i].type, type) == 0)
      return info_for_kind (aliases[i].kind);

  return NULL;
}

BsPanelKind
bs_panel_kind_from_type (const char *type)
{
  const BsPanelTypeInfo *info = bs_panel_type_lookup (type);

  return info != NULL ? info->kind : BS_PANEL_KIND_OTHER;
}
