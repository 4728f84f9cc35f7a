/* bs-value-format.h — numbers as a panel writes them, by Grafana unit id, so that a
 * dashboard reads the same here and in Grafana after it is synced.
 *
 * The units the panel editor offers (bs_value_units) are Grafana's ids:
 *   count:     "none", "short" (1.2K, 3.4 Mil)
 *   currency:  "currencyUSD", "currencyEUR", "currencyGBP"
 *   percent:   "percent" (0–100), "percentunit" (0–1)
 *   bytes:     "bytes" (IEC: KiB, MiB), "decbytes" (kB, MB)
 *   duration:  "ms", "s", "m", "h", "d" (written as "1 h 20 min")
 * Any other id is written as the number followed by nothing: never an error.
 *
 * Numbers use the user's locale (digit grouping and decimal mark). @decimals -1 picks a
 * sensible number of decimals for the size of the value (as Grafana's "auto").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BS_VALUE_UNIT_GROUP_COUNT,
  BS_VALUE_UNIT_GROUP_CURRENCY,
  BS_VALUE_UNIT_GROUP_PERCENT,
  BS_VALUE_UNIT_GROUP_BYTES,
  BS_VALUE_UNIT_GROUP_DURATION,
} BsValueUnitGroup;

typedef struct
{
  const char       *id;     /* Grafana's unit id */
  const char       *name;   /* translatable (N_): "US dollars ($)", "Percent (0–100)", … */
  BsValueUnitGroup  group;
} BsValueUnit;

/* The units offered, grouped, in menu order. */
const BsValueUnit *bs_value_units        (guint       *n_units);
const BsValueUnit *bs_value_unit_lookup  (const char  *id);

/* @unit NULL is "short". NAN gives "—"; ±INFINITY "∞" and "−∞". */
char              *bs_value_format       (double       value,
                                          const char  *unit,
                                          int          decimals);

G_END_DECLS
