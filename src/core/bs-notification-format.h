/* bs-notification-format.h — what a notification looks like where it arrives.
 *
 * The input is the payload of bs-alert-evaluation.h (kind, status, rule, evaluated_at,
 * alerts, dashboard_uid, panel_id). Every function copes with a payload that lacks members
 * (an older row, a test): it shows less, never fails.
 *
 * Slack: a Block Kit message — a header ("Firing: Low stock"), one section per alert with
 * its summary, labels and value (at most BS_NOTIFICATION_FORMAT_MAX_ALERTS; the rest are
 * counted in a last line, since Slack refuses more than 50 blocks), a context line with the
 * time of the evaluation, and a button to the dashboard when the payload names one and a
 * dashboard base URL is known. "text" holds the same in one line, for the phone's banner.
 *
 * Webhook: the payload itself plus "idempotency_key" (also sent as the Idempotency-Key
 * header), so a receiver that stores the body can de-duplicate without the headers.
 *
 * Desktop: a title and a short body for GNotification.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_NOTIFICATION_FORMAT_MAX_ALERTS 20

/* @dashboard_base_url: e.g. "https://grafana.example.com" (nullable); the button opens
 * "<base>/d/<dashboard_uid>" (with "?viewPanel=<panel_id>" when there is a panel). */
JsonNode *bs_notification_format_slack   (JsonNode    *payload,
                                          const char  *dashboard_base_url);
JsonNode *bs_notification_format_webhook (JsonNode    *payload,
                                          const char  *idempotency_key);
void      bs_notification_format_desktop (JsonNode    *payload,
                                          char       **out_title,
                                          char       **out_body);

G_END_DECLS
