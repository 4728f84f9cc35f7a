/* bs-alert-input.h — what a person types into the alert builder, read and written back:
 * thresholds as numbers in the person's locale, and labels as "name=value" pairs.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reads @text as a number the way the person's locale writes it (the decimal separator and
 * digit groups of LC_NUMERIC; spaces between digit groups, a typographic minus, and a point
 * for decimals where the locale does not group digits with one, are accepted too). FALSE if
 * it is not a finite number. */
gboolean    bs_alert_input_parse_number  (const char  *text,
                                          double      *out);
/* @value as a person would type it back in this locale, without digit groups ("2,5"). */
char       *bs_alert_input_format_number (double       value);

/* "team=ops, site=oslo" (commas, semicolons or new lines between pairs) as an object of
 * strings; NULL and a message naming the pair when one is not name=value with a name of
 * letters, digits and _ that starts with a letter or _ (and not with "__"). */
JsonObject *bs_alert_input_parse_labels  (const char  *text,
                                          char       **message);
/* The other way: "team=ops, site=oslo". */
char       *bs_alert_input_labels_text   (JsonObject  *labels);

G_END_DECLS
