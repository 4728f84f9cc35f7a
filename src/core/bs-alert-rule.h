/* bs-alert-rule.h — an alert rule: a query of the dropdown model, a condition on its value,
 * and how the engine evaluates it and whom it tells.
 *
 * The fields mirror Grafana's alert rules (see ../shared/grafana/CONTRACT.md §6.2, §9) so that
 * a rule means the same here and after it is synced: the pending period is Grafana's "for",
 * keep_firing its "keep_firing_for", no_data and on_error its noDataState and execErrState.
 *
 * JSON form (the engine's API; "id", "uid", "owner", "created_at" and "updated_at" are
 * given by the engine and ignored on input, except "uid", which a caller may choose):
 *   { "id": 3, "uid": "inventory-low-3f9a", "title": "Inventory low",
 *     "query": { …bs-query.h… },
 *     "condition": { "type": "below", "threshold": 100, "threshold2": null },
 *     "interval_seconds": 60, "for_seconds": 600, "keep_firing_seconds": 0,
 *     "repeat_interval_seconds": 14400,
 *     "no_data": "no-data", "on_error": "error",
 *     "labels": { "team": "ops" },
 *     "summary": "{{ $labels.product_id }} has {{ $value }} units left",
 *     "description": "",
 *     "contact_point_id": 2, "dashboard_uid": null, "panel_id": null,
 *     "visibility": "shared", "paused": false,
 *     "owner": { "token_id": 1, "name": "Local Studio" },
 *     "created_at": "2026-11-24T10:00:00Z", "updated_at": "2026-11-24T10:00:00Z" }
 * Defaults for missing members: condition threshold2 null, interval 60 s, for 0,
 * keep_firing 0, repeat 4 h, no_data "no-data", on_error "error", labels {}, summary and
 * description "", contact point null, no dashboard, visibility "personal", not paused.
 *
 * Condition types: "above" (value > t), "below" (value < t), "equal" (value == t),
 * "not-equal" (value != t), "within-range" (t < value < t2), "outside-range" (value < t or
 * value > t2); the ranges are exclusive, as Grafana's within_range/outside_range. NaN never
 * matches. Limits: title 1–190 characters; interval 10 s – 1 day; for, keep_firing 0 – 7 days;
 * repeat 1 min – 7 days; thresholds finite and, for the ranges, threshold < threshold2; label
 * names [A-Za-z_][A-Za-z0-9_]* not starting with "__", values ≤ 1024 bytes, ≤ 32 labels;
 * summary and description ≤ 4096 bytes; uid 1–40 of [A-Za-z0-9_-].
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-query.h"

G_BEGIN_DECLS

#define BS_ALERT_RULE_ERROR (bs_alert_rule_error_quark ())

typedef enum
{
  BS_ALERT_RULE_ERROR_INVALID,   /* the message names the field, e.g. "condition.threshold2" */
} BsAlertRuleError;

typedef enum
{
  BS_ALERT_CONDITION_ABOVE,
  BS_ALERT_CONDITION_BELOW,
  BS_ALERT_CONDITION_EQUAL,
  BS_ALERT_CONDITION_NOT_EQUAL,
  BS_ALERT_CONDITION_WITHIN_RANGE,
  BS_ALERT_CONDITION_OUTSIDE_RANGE,
} BsAlertCondition;

/* What a query that returns no rows means (Grafana's noDataState). */
typedef enum
{
  BS_ALERT_NO_DATA_NO_DATA,      /* "no-data": the state NoData */
  BS_ALERT_NO_DATA_NORMAL,       /* "normal" (Grafana's OK) */
  BS_ALERT_NO_DATA_ALERTING,     /* "alerting" */
  BS_ALERT_NO_DATA_KEEP_LAST,    /* "keep-last" */
} BsAlertNoData;

/* What a failed query means (Grafana's execErrState). */
typedef enum
{
  BS_ALERT_ON_ERROR_ERROR,       /* "error": the state Error */
  BS_ALERT_ON_ERROR_ALERTING,    /* "alerting" */
  BS_ALERT_ON_ERROR_KEEP_LAST,   /* "keep-last" */
} BsAlertOnError;

typedef enum
{
  BS_ALERT_VISIBILITY_PERSONAL,  /* only its owner (and editors, admins) see and change it */
  BS_ALERT_VISIBILITY_SHARED,
} BsAlertVisibility;

#define BS_ALERT_RULE_DEFAULT_INTERVAL        60
#define BS_ALERT_RULE_DEFAULT_REPEAT_INTERVAL (4 * 3600)

/* A plain value like BsQuery: copied whole, strings owned. */
typedef struct
{
  gint64             id;                 /* 0 until stored */
  char              *uid;                /* NULL until stored (the store makes one) */
  char              *title;
  BsQuery           *query;
  BsAlertCondition   condition;
  double             threshold;
  double             threshold2;         /* the ranges only; NAN otherwise */
  guint              interval_seconds;
  guint              for_seconds;
  guint              keep_firing_seconds;
  guint              repeat_interval_seconds;
  BsAlertNoData      no_data;
  BsAlertOnError     on_error;
  GHashTable        *labels;             /* char* → char*, never NULL */
  char              *summary;            /* templates (bs-alert-template.h), never NULL */
  char              *description;
  gint64             contact_point_id;   /* 0: none */
  char              *dashboard_uid;      /* NULL, or set together with panel_id */
  gint64             panel_id;
  gint64             owner_token_id;     /* 0: made by the engine itself (CLI) */
  char              *owner_name;
  BsAlertVisibility  visibility;
  gboolean           paused;
  GDateTime         *created_at;         /* NULL until stored */
  GDateTime         *updated_at;
} BsAlertRule;

#define BS_TYPE_ALERT_RULE (bs_alert_rule_get_type ())

GQuark         bs_alert_rule_error_quark (void);
GType          bs_alert_rule_get_type    (void) G_GNUC_CONST;

/* A rule with the defaults above; takes a copy of @query. */
BsAlertRule   *bs_alert_rule_new         (const char         *title,
                                          const BsQuery      *query,
                                          BsAlertCondition    condition,
                                          double              threshold);
BsAlertRule   *bs_alert_rule_copy        (const BsAlertRule  *self);
void           bs_alert_rule_free        (BsAlertRule        *self);

/* The limits in the comment at the top, and the query's own (bs_query_validate). */
gboolean       bs_alert_rule_validate    (const BsAlertRule  *self,
                                          GError            **error);

JsonNode      *bs_alert_rule_to_json     (const BsAlertRule  *self);
/* Validates too. Errors (BS_ALERT_RULE_ERROR_INVALID, or BS_QUERY_ERROR_INVALID for the
 * query, its field prefixed with "query.") name the field. */
BsAlertRule   *bs_alert_rule_from_json   (JsonNode           *node,
                                          GError            **error);

/* TRUE if @value meets the condition (NaN never does). */
gboolean       bs_alert_rule_matches     (const BsAlertRule  *self,
                                          double              value);

/* "When the sum of units for each product_id is below 100 for at least 10 minutes",
 * translated; built on bs_query_describe(). */
char          *bs_alert_rule_describe    (const BsAlertRule  *self);

const char    *bs_alert_condition_to_string   (BsAlertCondition   condition);
gboolean       bs_alert_condition_from_string (const char        *text,
                                               BsAlertCondition  *out);
const char    *bs_alert_no_data_to_string     (BsAlertNoData      no_data);
const char    *bs_alert_on_error_to_string    (BsAlertOnError     on_error);
const char    *bs_alert_visibility_to_string  (BsAlertVisibility  visibility);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAlertRule, bs_alert_rule_free)

G_END_DECLS
