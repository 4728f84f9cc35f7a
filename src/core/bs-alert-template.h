/* bs-alert-template.h — the summary and description of a rule, with the value and the
 * series' labels put in. The syntax is the part of Grafana's (Go text/template) that people
 * use in these fields, so that a rule reads the same after it is synced:
 *
 *   {{ $value }}            the value, formatted with up to 6 significant digits ("no value"
 *                           when there is none)
 *   {{ $labels.NAME }}      a label of the alert (bs_alert_full_labels); "" when absent
 *   {{ humanize $value }}   1234567 → "1.235M"
 *
 * Spaces inside the braces are optional. Anything else between {{ and }} is kept as it is,
 * so a mistake shows in the message instead of losing it.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @value NAN: no value. */
char *bs_alert_template_render (const char *template_text,
                                JsonObject *labels,
                                double      value);

G_END_DECLS
