/* bs-number-format.h — numbers written the way the locale (LC_NUMERIC) writes them: its digit
 * grouping and decimal mark, "1,234,567.89" or "1.234.567,89". The Studio's figures
 * (bs-format.h) and the dashboards' panels (bs-value-format.h) both write numbers through
 * these, so a figure reads the same in a table and on a panel.
 *
 * The C locale groups nothing; these group by thousands there all the same, with ","
 * (or "." where the decimal mark is ",").
 *
 * These write magnitudes: the sign is the caller's, since it goes before a currency symbol
 * ("−$12.50") and the caller picks which minus sign to write.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The absolute value of @value with exactly @decimals (0 to 30) decimals, rounded as printf
 * rounds (to the nearest; a tie in the binary value to even), grouped:
 * 1234567.891, 2 → "1,234,567.89". NAN is written "nan" and an infinity "inf", as printf
 * writes them, ungrouped. */
char     *bs_number_format_fixed          (double      value,
                                           int         decimals);
/* @c_number, written by printf in the C locale (digits, then optionally "." and more
 * digits), in the locale: "1234567.5" → "1,234,567.5", "1234567" → "1,234,567". */
char     *bs_number_format_localize       (const char *c_number);
/* Whether @magnitude (≥ 0) rounded to @decimals decimals is zero: −0.004 written with two
 * decimals is "0.00", and a minus sign before it would mislead. */
gboolean  bs_number_format_rounds_to_zero (double      magnitude,
                                           int         decimals);

G_END_DECLS
