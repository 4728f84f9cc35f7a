/* bs-format.h — numbers, money and days as a person reads them, following the locale's
 * separators (LC_NUMERIC).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 1422 → "1,422" */
char *bs_format_count          (gint64      value);
/* 48211.5, "USD" → "$48,211.50"; an unknown code is written out: "CHF 1,200.00". */
char *bs_format_money          (double      amount,
                                const char *currency);
/* For chart axes: 45000 → "$45K", 1200000 → "$1.2M". */
char *bs_format_money_compact  (double      amount,
                                const char *currency);
/* 0.0671 → "6.7%" (no sign). */
char *bs_format_percent        (double      fraction);
/* "2026-11-24" → "Tuesday 24 November"; NULL if @iso_day is not a day. */
char *bs_format_day            (const char *iso_day);
/* "2026-11-24" → "24 Nov" */
char *bs_format_day_short      (const char *iso_day);
/* "2026-11-24" → "Tuesday" */
char *bs_format_weekday        (const char *iso_day);
/* Parses "YYYY-MM-DD" as a local day; NULL if it is not one. */
GDateTime *bs_format_parse_day (const char *iso_day);

G_END_DECLS
