/* bs-query.h — the dropdown query model: one structure that describes what a person picked.
 *
 * A query reads one table (SQLite) or metric (Prometheus) of one source, measures a column
 * (or counts rows, or counts distinct values), aggregates with one of a fixed list, splits by
 * up to two columns or labels, filters with a fixed list of operators, limits to a time range
 * relative to "now" and, for a time series, buckets by a fixed duration.
 *
 * Nothing here is SQL or PromQL: the renderers (bs-query-sql.h, bs-query-promql.h) check
 * every name against the real schema or grammar and never paste a value into query text.
 *
 * JSON form (what the engine's API takes and gives):
 *   { "source": 12, "table": "sales", "measure": "value", "column": "quantity",
 *     "aggregation": "sum", "split": ["product_id"],
 *     "filters": [ { "column": "channel", "operator": "=", "value": "online" } ],
 *     "time": { "column": "sold_at", "range": "last-hours", "count": 24 },
 *     "bucket": "hour" }
 * Only "table" is required; the rest default to: source 0, measure "count-rows",
 * aggregation "sum", no split, no filter, no time range, bucket "none".
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_QUERY_ERROR (bs_query_error_quark ())

typedef enum
{
  BS_QUERY_ERROR_INVALID,        /* the structure or its JSON is not a valid query */
  BS_QUERY_ERROR_UNKNOWN_TABLE,  /* no such table (or a metric name outside the grammar) */
  BS_QUERY_ERROR_UNKNOWN_COLUMN, /* no such column (or a label name outside the grammar) */
  BS_QUERY_ERROR_UNSUPPORTED,    /* valid, but the target language cannot express it */
  BS_QUERY_ERROR_EXECUTE,        /* the database refused or failed the rendered query */
} BsQueryError;

typedef enum
{
  BS_QUERY_MEASURE_VALUE,          /* the values of the measure column */
  BS_QUERY_MEASURE_COUNT_ROWS,     /* the number of rows; the aggregation does not apply */
  BS_QUERY_MEASURE_DISTINCT_COUNT, /* distinct values of the measure column; likewise */
} BsQueryMeasure;

typedef enum
{
  BS_QUERY_AGGREGATION_SUM,
  BS_QUERY_AGGREGATION_AVERAGE,
  BS_QUERY_AGGREGATION_MINIMUM,
  BS_QUERY_AGGREGATION_MAXIMUM,
  BS_QUERY_AGGREGATION_COUNT,
  BS_QUERY_AGGREGATION_LAST,     /* the value of the newest row; needs a time column */
  BS_QUERY_AGGREGATION_MEDIAN,
} BsQueryAggregation;

typedef enum
{
  BS_QUERY_OPERATOR_EQUAL,
  BS_QUERY_OPERATOR_NOT_EQUAL,
  BS_QUERY_OPERATOR_LESS,
  BS_QUERY_OPERATOR_LESS_OR_EQUAL,
  BS_QUERY_OPERATOR_GREATER,
  BS_QUERY_OPERATOR_GREATER_OR_EQUAL,
  BS_QUERY_OPERATOR_CONTAINS,
  BS_QUERY_OPERATOR_STARTS_WITH,
  BS_QUERY_OPERATOR_IS_EMPTY,      /* NULL or ''; takes no value */
  BS_QUERY_OPERATOR_IS_NOT_EMPTY,  /* neither NULL nor ''; takes no value */
} BsQueryOperator;

typedef enum
{
  BS_QUERY_RANGE_NONE,
  BS_QUERY_RANGE_LAST_MINUTES,
  BS_QUERY_RANGE_LAST_HOURS,
  BS_QUERY_RANGE_LAST_DAYS,
  BS_QUERY_RANGE_TODAY,            /* since local midnight */
  BS_QUERY_RANGE_THIS_WEEK,        /* since local Monday 00:00 */
} BsQueryRange;

typedef enum
{
  BS_QUERY_BUCKET_NONE,
  BS_QUERY_BUCKET_MINUTE,
  BS_QUERY_BUCKET_HOUR,
  BS_QUERY_BUCKET_DAY,
  BS_QUERY_BUCKET_WEEK,            /* weeks start on Monday */
} BsQueryBucket;

#define BS_QUERY_MAX_SPLITS 2

typedef struct
{
  char            *column;
  BsQueryOperator  op;
  gboolean         is_number;  /* which of text and number holds the value */
  char            *text;       /* NULL for the operators that take no value */
  double           number;
} BsQueryFilter;

/* A plain value: copied whole, compared by content, no signals. The query builder widget
 * owns one and hands copies to the renderers and worker threads, so a boxed struct with
 * public fields (like GdkRGBA) fits better than a GObject, whose identity and notification
 * nothing needs. Strings are owned; set them with g_free + g_strdup or the helpers below. */
typedef struct
{
  gint64              source_id;
  char               *table;           /* table or metric name */
  BsQueryMeasure      measure;
  char               *measure_column;  /* for VALUE and DISTINCT_COUNT */
  BsQueryAggregation  aggregation;
  char               *splits[BS_QUERY_MAX_SPLITS + 1]; /* NULL-terminated */
  GPtrArray          *filters;         /* of BsQueryFilter* */
  char               *time_column;     /* NULL: no time range and no bucket */
  BsQueryRange        range;
  guint               range_count;     /* N of the LAST_* ranges */
  BsQueryBucket       bucket;
} BsQuery;

#define BS_TYPE_QUERY (bs_query_get_type ())

GQuark         bs_query_error_quark   (void);
GType          bs_query_get_type      (void) G_GNUC_CONST;

BsQuery       *bs_query_new           (gint64              source_id,
                                       const char         *table);
BsQuery       *bs_query_copy          (const BsQuery      *self);
void           bs_query_free          (BsQuery            *self);

void           bs_query_set_measure   (BsQuery            *self,
                                       BsQueryMeasure      measure,
                                       const char         *column);
/* Returns FALSE (and changes nothing) when there are already BS_QUERY_MAX_SPLITS. */
gboolean       bs_query_add_split     (BsQuery            *self,
                                       const char         *column);
guint          bs_query_get_n_splits  (const BsQuery      *self);
void           bs_query_add_filter_text (BsQuery          *self,
                                       const char         *column,
                                       BsQueryOperator     op,
                                       const char         *value);
void           bs_query_add_filter_number (BsQuery        *self,
                                       const char         *column,
                                       BsQueryOperator     op,
                                       double              value);
void           bs_query_set_time      (BsQuery            *self,
                                       const char         *column,
                                       BsQueryRange        range,
                                       guint               count);

/* Whether a bucket without rows means 0 (a number of rows, or a sum or count of values)
 * rather than no value (an average, a minimum…). */
gboolean       bs_query_is_additive   (const BsQuery      *self);

/* Checks what does not depend on the target: required columns, counts, UTF-8 text. */
gboolean       bs_query_validate      (const BsQuery      *self,
                                       GError            **error);

JsonNode      *bs_query_to_json       (const BsQuery      *self);
/* Errors (BS_QUERY_ERROR_INVALID) name the field, e.g. "filters[1].operator". */
BsQuery       *bs_query_from_json     (JsonNode           *node,
                                       GError            **error);

/* "Sum of quantity for each product_id, over the last 24 hours", translated; names as the
 * schema spells them (what the dropdowns show). */
char          *bs_query_describe      (const BsQuery      *self);

const char    *bs_query_aggregation_to_string (BsQueryAggregation aggregation);
const char    *bs_query_operator_to_string    (BsQueryOperator    op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsQuery, bs_query_free)

G_END_DECLS
