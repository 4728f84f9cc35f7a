/* bs-alert-evaluation-private.h — how a result frame is read into series, shared by the
 * evaluation, the backtest and the preview so that all three see the same values. */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-alert-evaluation.h"

G_BEGIN_DECLS

/* One series of a frame: the row that counts for it (the newest one when there is a time
 * column). */
typedef struct
{
  char        *key;        /* bs_alert_series_key () of the labels */
  JsonObject  *labels;
  double       value;      /* NAN when the cell was null */
  gboolean     has_value;  /* FALSE: a null cell, NoData */
  gint64       time;       /* µs of the time column; G_MININT64 without one */
} BsAlertSeriesValue;

void         bs_alert_series_value_free (BsAlertSeriesValue *self);

/* BsAlertSeriesValue*, sorted by key; empty when the frame has no rows. The names of the
 * label columns, in the frame's order, go to @out_label_columns when it is not NULL. */
GPtrArray   *bs_alert_frame_read_series (JsonNode           *frame,
                                         GStrv              *out_label_columns);

/* Called with each row of a frame, which it then owns. */
typedef void (*BsAlertFrameRowFunc) (BsAlertSeriesValue *row,
                                     gpointer            user_data);

void         bs_alert_frame_foreach_row (JsonNode           *frame,
                                         BsAlertFrameRowFunc func,
                                         gpointer            user_data,
                                         GStrv              *out_label_columns);

/* A frame cell as a number: integers, doubles, the strings "NaN", "+Inf", "-Inf" and
 * numeric text; NAN for anything else, with *@out_ok FALSE for null. */
double       bs_alert_frame_cell_number (JsonNode           *cell,
                                         gboolean           *out_ok);
/* A time cell (ISO 8601 text, or unix seconds / milliseconds) in µs; FALSE if unreadable. */
gboolean     bs_alert_frame_cell_time   (JsonNode           *cell,
                                         gint64             *out_usec);

/* "2026-11-24T10:00:00Z" */
char        *bs_alert_format_time       (gint64              usec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertSeriesValue, bs_alert_series_value_free)

G_END_DECLS
