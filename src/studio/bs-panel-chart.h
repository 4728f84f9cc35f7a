/* bs-panel-chart.h — a dashboard panel's chart drawn with GtkSnapshot and cairo, for the
 * kinds (bs-panel-type.h) that are charts:
 *
 *   TIMESERIES  a time column first, then split columns, then the value (long format, as
 *               the engine's frames are): one line per series with points when they are
 *               few, a legend, a time axis with ticks at round local times and a value axis
 *               with round ticks written in the panel's unit;
 *   BAR         split columns then the value, no time (or the last value of each series of
 *               a time frame): bars with their labels and values, largest first;
 *   STAT        one big number in the panel's unit and decimals, coloured by the panel's
 *               thresholds, with a sparkline when the frame has times;
 *   GAUGE       an arc from the minimum to the maximum (0 and the highest threshold or the
 *               value, rounded up) with the threshold bands around it and the value in it;
 *   PIE         one slice per series with a legend of names, values and percentages.
 *
 * Thresholds colour the stat's text and background, the gauge's arc, and draw as dashed
 * lines on time series and bars. Grafana's colour names ("green", "semi-dark-red",
 * "#EAB839", "rgba(…)") are read by bs_panel_chart_parse_color. Text and axes follow the
 * style (light or dark) and the scale factor. For assistive technologies the chart is an
 * image whose label says what it shows in words.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "bs-dashboard-panel.h"
#include "bs-panel-type.h"

G_BEGIN_DECLS

#define BS_TYPE_PANEL_CHART (bs_panel_chart_get_type ())
G_DECLARE_FINAL_TYPE (BsPanelChart, bs_panel_chart, BS, PANEL_CHART, GtkWidget)

GtkWidget   *bs_panel_chart_new         (void);
/* Takes the kind (from the type), unit, decimals, thresholds and the options the charts
 * read (legend shown, fixed colour) from @panel; copied. */
void         bs_panel_chart_set_panel   (BsPanelChart           *self,
                                         const BsDashboardPanel *panel);
/* The result frame to draw (referenced, not copied); NULL clears. */
void         bs_panel_chart_set_frame   (BsPanelChart           *self,
                                         JsonObject             *frame);
BsPanelKind  bs_panel_chart_get_kind    (BsPanelChart           *self);
/* The number of series (lines, bars or slices) drawn; 1 for a stat or gauge with a value,
 * 0 when the frame has nothing this kind can show. */
guint        bs_panel_chart_get_n_series (BsPanelChart          *self);
/* What the chart says in words (its accessible label); never NULL. */
const char  *bs_panel_chart_get_summary (BsPanelChart           *self);

/* Grafana's colour (a name of its palette, "#rrggbb", "rgb(…)", "rgba(…)") for the light
 * or dark style. FALSE, and @rgba unchanged, for text that is none of these. */
gboolean     bs_panel_chart_parse_color (const char             *color,
                                         gboolean                dark,
                                         GdkRGBA                *rgba);

G_END_DECLS
