/* bs-dashboard-private.h — JSON helpers shared by the dashboard and panel models. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json_node_copy only adds references to objects and arrays; the models keep and hand out
 * documents that callers may change, so they copy all the way down. */
JsonNode    *bs_dashboard_json_deep_copy   (JsonNode     *node);
JsonObject  *bs_dashboard_json_copy_object (JsonObject   *object);
/* The same with the member @skip set to null in its place (the caller writes it afresh). */
JsonObject  *bs_dashboard_json_copy_object_except (JsonObject *object,
                                                   const char *skip);

/* An optional whole number: *@out is untouched when the member is absent or null. FALSE
 * (with “@where has a @what that is not a whole number”) for anything else. */
gboolean     bs_dashboard_json_get_int     (JsonObject   *object,
                                            const char   *member,
                                            const char   *where,
                                            const char   *what,
                                            gint64       *out,
                                            GError      **error);
/* The same for a string; *@out is borrowed. */
gboolean     bs_dashboard_json_get_string  (JsonObject   *object,
                                            const char   *member,
                                            const char   *where,
                                            const char   *what,
                                            const char  **out,
                                            GError      **error);
/* The member's object, made (or replaced by an empty one) when it is not an object. */
JsonObject  *bs_dashboard_json_ensure_object (JsonObject *object,
                                              const char *member);
/* One of our data sources as a panel, target or variable names it in "datasource":
 * {"type": BS_DASHBOARD_DATASOURCE_TYPE, "uid": "<source_id>"}. */
JsonNode    *bs_dashboard_json_our_datasource    (gint64      source_id);
/* Whether @datasource (may be NULL) is of BS_DASHBOARD_DATASOURCE_TYPE. */
gboolean     bs_dashboard_json_is_our_datasource (JsonObject *datasource);
/* Sets BS_DASHBOARD_ERROR_INVALID with the message; returns FALSE for convenience. */
gboolean     bs_dashboard_invalid          (GError      **error,
                                            const char   *format,
                                            ...) G_GNUC_PRINTF (2, 3);
/* Adds the panels of @object's "panels" (a dashboard's, or with @row_name a collapsed
 * row's) to @panels; messages name each panel by its place. */
gboolean     bs_dashboard_panels_from_json (JsonObject   *object,
                                            const char   *row_name,
                                            GPtrArray    *panels,
                                            GError      **error);
/* The panels (BsDashboardPanel*) as a "panels" array. */
JsonArray   *bs_dashboard_panels_to_json   (GPtrArray    *panels);
/* Sets a number as Grafana writes it: a whole number as an integer. */
void         bs_dashboard_json_set_number  (JsonObject   *object,
                                            const char   *member,
                                            double        value);

G_END_DECLS
