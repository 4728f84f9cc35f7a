/* bs-grafana-frame.h — Grafana data frames (the wire JSON of POST /api/ds/query) as our frame.
 *
 * Grafana answers {"results": {"<refId>": {"frames": [...], "status"?, "error"?}}}. Each frame
 * is {"schema": {"fields": [{"name", "type", "typeInfo", "labels", "config"}]},
 *     "data": {"values": [[column 0], [column 1], …], "entities": [...], "enums": [...],
 *              "nanos": [...], "bases": [...], "factors": [...]}}:
 * column-major, with the rows where a number is NaN, +Inf, -Inf or undefined listed in
 * entities[field] because JSON cannot carry them.
 *
 * The result is the long frame of ISSUE4: a time column first (when any frame has a "time"
 * field: its first one, epoch milliseconds turned into ISO 8601 UTC strings ending in "Z"),
 * then one text column per label found on the numeric fields (sorted, "__name__" first) and
 * per text or boolean field, a "field" column naming the numeric field when a frame has
 * several, then "value". Every numeric field of every frame contributes its rows; rows are
 * sorted by time, then the label columns, then "field". "value" is "integer" when there are
 * numeric fields and all hold integers, "number" otherwise (NaN, +Inf, -Inf written as the strings
 * "NaN", "+Inf", "-Inf"; undefined as null).
 *
 * Errors: BS_GRAFANA_FRAME_ERROR_MALFORMED names the path of what is wrong, e.g.
 * "results.A.frames[0].data.values[1] has 3 values, but data.values[0] has 4";
 * BS_GRAFANA_FRAME_ERROR_QUERY carries Grafana's own message when it reports that the query
 * failed (an "error" or an error "status" in the result, as in 400 and 207 answers).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_GRAFANA_FRAME_ERROR (bs_grafana_frame_error_quark ())

typedef enum
{
  BS_GRAFANA_FRAME_ERROR_MALFORMED, /* the answer is not the wire format Grafana writes */
  BS_GRAFANA_FRAME_ERROR_QUERY,     /* Grafana (or the data source behind it) failed the query */
} BsGrafanaFrameError;

/* How the long frame is shaped; all fields zero gives the defaults described above. */
typedef struct
{
  const char         *time_column;   /* NULL: a "time" column when a frame has a time field;
                                      * otherwise a time column of this name, always */
  gboolean            no_time;       /* leave the time column out (an instant query's rows
                                      * all share one time) */
  gint64              time_shift_ms; /* added to every time value */
  const char * const *labels;        /* NULL: a column per label found; otherwise exactly these
                                      * label columns in this order (null where a series lacks
                                      * one), other labels dropped */
  guint               row_limit;     /* 0: all rows; otherwise at most this many, and
                                      * "truncated" says whether more existed */
} BsGrafanaFrameOptions;

GQuark     bs_grafana_frame_error_quark         (void);

/* @results is the "results" object of the answer; @ref_id names the query to decode.
 * Returns {"columns": [...], "rows": [...], "truncated": false}. */
JsonNode  *bs_grafana_frame_decode              (JsonNode                    *results,
                                                 const char                  *ref_id,
                                                 GError                     **error);
JsonNode  *bs_grafana_frame_decode_with_options (JsonNode                    *results,
                                                 const char                  *ref_id,
                                                 const BsGrafanaFrameOptions *options,
                                                 GError                     **error);

G_END_DECLS
