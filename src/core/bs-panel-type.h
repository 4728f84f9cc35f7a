/* bs-panel-type.h — the panel types the designer draws itself, one table for the palette,
 * the canvas, the panel editor and the templates.
 *
 * Grafana's type names map onto a kind: "timeseries" and the old "graph" are time series,
 * "barchart" and "bargauge" bars, "stat" and "singlestat" a stat, "gauge", "table",
 * "piechart", "text", "row". Every other type (a plugin) is BS_PANEL_KIND_OTHER: the canvas
 * shows it as a frame that names the plugin's type, and export writes it back untouched.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BS_PANEL_KIND_TIMESERIES,
  BS_PANEL_KIND_BAR,
  BS_PANEL_KIND_STAT,
  BS_PANEL_KIND_GAUGE,
  BS_PANEL_KIND_TABLE,
  BS_PANEL_KIND_PIE,
  BS_PANEL_KIND_TEXT,
  BS_PANEL_KIND_ROW,
  BS_PANEL_KIND_OTHER,
} BsPanelKind;

typedef struct
{
  BsPanelKind  kind;
  const char  *type;         /* the Grafana type new panels get: "timeseries", "barchart", … */
  const char  *name;         /* translatable (N_), e.g. "Time series"; use _() on it */
  const char  *description;  /* translatable (N_), one sentence for the palette */
  const char  *icon_name;    /* a symbolic icon in the Studio's resources or the theme */
  int          default_w;    /* the size a new panel of this type gets, in grid cells */
  int          default_h;
} BsPanelTypeInfo;

/* The types a person can add, in palette order (the seven kinds above ROW, then "row"). */
const BsPanelTypeInfo *bs_panel_types          (guint       *n_types);
/* The entry for a Grafana type (aliases included), or NULL for a type we do not draw. */
const BsPanelTypeInfo *bs_panel_type_lookup    (const char  *type);
BsPanelKind            bs_panel_kind_from_type (const char  *type);

G_END_DECLS
