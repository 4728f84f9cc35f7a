/* bs-chart-frame.h — what the two charts of a result frame share: the frame chart of the
 * query and alert previews (bs-frame-chart.c) and the dashboard's panel chart
 * (bs-panel-chart*.c). Reading the frame's columns and cells, a row's split columns as a
 * series name, the series themselves, and text drawn in the widget's font.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;     /* the row's split columns; "" for the only series of a frame without */
  GArray *times;    /* double, unix seconds; empty without a time column */
  GArray *values;   /* double, finite */
  double  total;    /* of absolute values (the frame chart draws bigger series first) */
  double  last;     /* the value a panel shows for it (its reduction), NAN for none */
} BsChartSeries;

void         bs_chart_series_free     (gpointer             series);
/* The series called @name in @list, added (empty) when new; @by_name indexes @list by name
 * and borrows the names. */
BsChartSeries *bs_chart_series_find   (GPtrArray           *list,
                                       GHashTable          *by_name,
                                       const char          *name);

/* The element @index of @array, NULL when out of range (a row shorter than its columns). */
JsonNode    *bs_chart_frame_cell      (JsonArray           *array,
                                       int                  index);
/* A string member ("name", "type") of column @index, or NULL. */
const char  *bs_chart_frame_column    (JsonArray           *columns,
                                       guint                index,
                                       const char          *member);
/* A string cell's text (or any string member), NULL for anything else. */
const char  *bs_chart_frame_string    (JsonNode            *node);
/* A number cell's value; FALSE for anything else, and for infinities and NaN. */
gboolean     bs_chart_frame_number    (JsonNode            *node,
                                       double              *out);
/* A time written as the engine writes it (ISO 8601, in UTC unless it says otherwise; a
 * space may stand for the "T"), in unix seconds. */
gboolean     bs_chart_frame_time      (const char          *text,
                                       double              *out);
/* The cells @first … @last - 1 of @row but @skip (G_MAXUINT: none), as the frame view
 * writes them, joined by " · ": the name of the series the row belongs to. */
char        *bs_chart_frame_row_key   (JsonArray           *columns,
                                       JsonArray           *row,
                                       guint                first,
                                       guint                last,
                                       guint                skip);

/* Whether @foreground is light, that is the style dark. */
gboolean     bs_chart_is_dark         (const GdkRGBA       *foreground);
/* A layout of @text in @widget's font at @scale, with tabular digits (numbers line up). */
PangoLayout *bs_chart_layout          (GtkWidget           *widget,
                                       const char          *text,
                                       double               scale);
void         bs_chart_draw_layout     (GtkSnapshot         *snapshot,
                                       PangoLayout         *layout,
                                       double               x,
                                       double               y,
                                       const GdkRGBA       *color);

G_END_DECLS
