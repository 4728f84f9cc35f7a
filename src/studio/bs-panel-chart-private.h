/* bs-panel-chart-private.h — what the panel chart shares with the file that reads its
 * panel and frame (bs-panel-chart-frame.c) and those that draw each kind
 * (bs-panel-chart-{timeseries,bar,stat,gauge,pie}.c). */
#pragma once

#include "bs-chart-frame.h"
#include "bs-panel-chart.h"

G_BEGIN_DECLS

#define BS_PANEL_CHART_GAP 6.0

typedef struct
{
  double  value;    /* -INFINITY for the base */
  char   *color;
} BsChartThreshold;

/* Colours and sizes for one drawing, from the style. */
typedef struct
{
  GdkRGBA  foreground;
  GdkRGBA  dim;        /* labels */
  GdkRGBA  grid;       /* gridlines */
  gboolean dark;
} BsChartStyle;

struct _BsPanelChart
{
  GtkWidget   parent_instance;

  BsPanelKind kind;
  char       *type;
  char       *unit;
  int         decimals;
  GArray     *thresholds;       /* BsChartThreshold, by value */
  gboolean    percent_thresholds;
  gboolean    show_legend;
  char       *fixed_color;      /* NULL: the palette */
  char       *color_mode;       /* a stat's: "value", "background", "none" */
  gboolean    sparkline;
  gboolean    donut;
  double      min, max;         /* fieldConfig.defaults' min and max; NAN when absent */
  double      line_width;
  double      fill_opacity;     /* 0 … 1 */
  char       *reducer;          /* options.reduceOptions.calcs[0]: "lastNotNull", "sum", … */
  gboolean    zero_fill;        /* a bucket missing between two is 0: a count or a sum */

  JsonObject *frame;
  char       *value_name;
  GPtrArray  *series;           /* BsChartSeries*, in the frame's order */
  gboolean    has_time;
  double      t_min, t_max;
  double      v_min, v_max;
  char       *summary;
};

/* The closest two times of a series: one bucket (INFINITY with fewer than two). */
double       bs_panel_chart_bucket_spacing  (BsChartSeries       *series);

/* Reading the panel's options (legend, colours, reduction, min and max) and the frame's
 * series (bs-panel-chart-frame.c). */
void         bs_panel_chart_read_options    (BsPanelChart        *self,
                                             JsonObject          *json);
void         bs_panel_chart_read_frame      (BsPanelChart        *self);

/* The colour of series @index: the panel's fixed colour, or Grafana's classic palette. */
void         bs_panel_chart_series_color    (BsPanelChart        *self,
                                             guint                index,
                                             const BsChartStyle  *style,
                                             GdkRGBA             *color);
/* The colour of the threshold step @value falls in; FALSE without thresholds. */
gboolean     bs_panel_chart_threshold_color (BsPanelChart        *self,
                                             double               value,
                                             double               low,
                                             double               high,
                                             const BsChartStyle  *style,
                                             GdkRGBA             *color);
/* A threshold step's value on the chart's scale (percentages of @low … @high). */
double       bs_panel_chart_threshold_value (BsPanelChart        *self,
                                             guint                index,
                                             double               low,
                                             double               high);
char        *bs_panel_chart_format          (BsPanelChart        *self,
                                             double               value);
char        *bs_panel_chart_format_time     (double               seconds);
/* The name to write over a single value: none when it only repeats the value column's. */
const char  *bs_panel_chart_caption         (BsPanelChart        *self,
                                             BsChartSeries       *series);
/* Series with a last value, largest first (bars, pies): a new array of borrowed series. */
GPtrArray   *bs_panel_chart_sorted_series   (BsPanelChart        *self);

/* A layout whose font is sized in pixels so that @text fills @width × @height. */
PangoLayout *bs_panel_chart_fitted_layout   (BsPanelChart        *self,
                                             const char          *text,
                                             double               width,
                                             double               height,
                                             gboolean             bold);
void         bs_panel_chart_draw_swatch     (GtkSnapshot         *snapshot,
                                             double               x,
                                             double               y,
                                             double               size,
                                             const GdkRGBA       *color);

/* Drawing each kind into @width × @height, and saying what it shows. */
void         bs_panel_chart_snapshot_timeseries (BsPanelChart       *self,
                                                 GtkSnapshot        *snapshot,
                                                 const BsChartStyle *style,
                                                 int                 width,
                                                 int                 height);
void         bs_panel_chart_snapshot_bar        (BsPanelChart       *self,
                                                 GtkSnapshot        *snapshot,
                                                 const BsChartStyle *style,
                                                 int                 width,
                                                 int                 height);
void         bs_panel_chart_snapshot_stat       (BsPanelChart       *self,
                                                 GtkSnapshot        *snapshot,
                                                 const BsChartStyle *style,
                                                 int                 width,
                                                 int                 height);
void         bs_panel_chart_snapshot_gauge      (BsPanelChart       *self,
                                                 GtkSnapshot        *snapshot,
                                                 const BsChartStyle *style,
                                                 int                 width,
                                                 int                 height);
void         bs_panel_chart_snapshot_pie        (BsPanelChart       *self,
                                                 GtkSnapshot        *snapshot,
                                                 const BsChartStyle *style,
                                                 int                 width,
                                                 int                 height);
char        *bs_panel_chart_describe_timeseries (BsPanelChart       *self);
char        *bs_panel_chart_describe_bar        (BsPanelChart       *self);
char        *bs_panel_chart_describe_stat       (BsPanelChart       *self);
char        *bs_panel_chart_describe_gauge      (BsPanelChart       *self);
char        *bs_panel_chart_describe_pie        (BsPanelChart       *self);
/* A tooltip for what is under the pointer: the values at the nearest time, or the bar. */
gboolean     bs_panel_chart_timeseries_tooltip  (BsPanelChart       *self,
                                                 double              x,
                                                 double              y,
                                                 GtkTooltip         *tooltip);
gboolean     bs_panel_chart_bar_tooltip         (BsPanelChart       *self,
                                                 double              x,
                                                 double              y,
                                                 GtkTooltip         *tooltip);
/* The gauge's scale: fieldConfig's min and max, or 0 and the highest threshold or value,
 * rounded up. */
void         bs_panel_chart_gauge_range         (BsPanelChart       *self,
                                                 double              value,
                                                 double             *low,
                                                 double             *high);

G_END_DECLS
