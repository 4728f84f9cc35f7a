/* bs-frame-chart.h — a small chart of a result frame, drawn with GtkSnapshot and cairo:
 *
 *   lines   a time column first, then splits, then "value" (long format): one line a
 *           series, a legend for up to BS_FRAME_CHART_MAX_SERIES of them;
 *   bars    splits and "value", no time: horizontal bars, largest first;
 *   number  a single value: written large.
 *
 * Colours follow the style (light or dark). For assistive technologies it is an image
 * whose label says what it shows in words.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_FRAME_CHART_MAX_SERIES 8

typedef enum
{
  BS_FRAME_CHART_KIND_NONE,     /* nothing a chart can show (no rows, or no numeric value) */
  BS_FRAME_CHART_KIND_NUMBER,
  BS_FRAME_CHART_KIND_BARS,
  BS_FRAME_CHART_KIND_LINES,
} BsFrameChartKind;

#define BS_TYPE_FRAME_CHART (bs_frame_chart_get_type ())
G_DECLARE_FINAL_TYPE (BsFrameChart, bs_frame_chart, BS, FRAME_CHART, GtkWidget)

GtkWidget        *bs_frame_chart_new         (void);
/* NULL clears. The frame is referenced, not copied. */
void              bs_frame_chart_set_frame   (BsFrameChart *self,
                                              JsonObject   *frame);
/* What the values are, in words ("Sum of quantity"), for the caption of a single number and
 * the description; NULL: the value column's name. Applies from the next set_frame (). */
void              bs_frame_chart_set_value_label (BsFrameChart *self,
                                                  const char   *label);
BsFrameChartKind  bs_frame_chart_get_kind    (BsFrameChart *self);
/* Lines: the number of series (all of them, also those left out of the drawing); bars:
 * the number of bars; number: 1. */
guint             bs_frame_chart_get_n_series (BsFrameChart *self);
/* What the chart says in words (its accessible label); never NULL. */
const char       *bs_frame_chart_get_summary (BsFrameChart *self);

/* A stretch of time to shade on a line chart (an alert firing): unix seconds; @end may be
 * INFINITY for one still going on. */
typedef struct
{
  double start;
  double end;
} BsFrameChartInterval;

/* Values to draw as dashed lines across a line or bar chart (an alert's thresholds): the
 * value axis stretches to show them. @n_values 0 clears. Copied. */
void              bs_frame_chart_set_thresholds (BsFrameChart               *self,
                                                 const double               *values,
                                                 guint                       n_values);
/* Stretches of time shaded behind the lines of a line chart, clipped to its time axis;
 * overlapping ones are joined into one. @n_intervals 0 clears. Copied. */
void              bs_frame_chart_set_intervals  (BsFrameChart               *self,
                                                 const BsFrameChartInterval *intervals,
                                                 guint                       n_intervals);
/* Which values to draw in the alert colour on a bar chart (the series an alert rule would
 * fire for); NULL: none. */
typedef gboolean (*BsFrameChartHighlightFunc) (double   value,
                                               gpointer user_data);
void              bs_frame_chart_set_highlight_func (BsFrameChart              *self,
                                                     BsFrameChartHighlightFunc  func,
                                                     gpointer                   user_data,
                                                     GDestroyNotify             destroy);
guint             bs_frame_chart_get_n_thresholds (BsFrameChart *self);
guint             bs_frame_chart_get_n_intervals  (BsFrameChart *self);

G_END_DECLS
