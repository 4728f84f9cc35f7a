#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-number-format.h"
#include "bs-value-format.h"

#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212, not a hyphen */
#define MAX_DECIMALS 12
/* Beyond this, digits stop meaning anything: written with an exponent instead. */
#define HUGE_VALUE 1e15

static const BsValueUnit units[] = {
  { "none", N_("Number (1,234.5)"), BS_VALUE_UNIT_GROUP_COUNT },
  { "short", N_("Short number (1.2 K, 3.4 Mil)"), BS_VALUE_UNIT_GROUP_COUNT },
  { "currencyUSD", N_("US dollars ($)"), BS_VALUE_UNIT_GROUP_CURRENCY },
  { "currencyEUR", N_("Euros (€)"), BS_VALUE_UNIT_GROUP_CURRENCY },
  { "currencyGBP", N_("Pounds sterling (£)"), BS_VALUE_UNIT_GROUP_CURRENCY },
  { "percent", N_("Percent (0–100)"), BS_VALUE_UNIT_GROUP_PERCENT },
  { "percentunit", N_("Percent (0.0–1.0)"), BS_VALUE_UNIT_GROUP_PERCENT },
  { "bytes", N_("Bytes (KiB, MiB)"), BS_VALUE_UNIT_GROUP_BYTES },
  { "decbytes", N_("Bytes (kB, MB)"), BS_VALUE_UNIT_GROUP_BYTES },
  { "ms", N_("Milliseconds"), BS_VALUE_UNIT_GROUP_DURATION },
  { "s", N_("Seconds"), BS_VALUE_UNIT_GROUP_DURATION },
  { "m", N_("Minutes"), BS_VALUE_UNIT_GROUP_DURATION },
  { "h", N_("Hours"), BS_VALUE_UNIT_GROUP_DURATION },
  { "d", N_("Days"), BS_VALUE_UNIT_GROUP_DURATION },
};

const BsValueUnit *
bs_value_units (guint *n_units)
{
  if (n_units != NULL)
    *n_units = G_N_ELEMENTS (units);
  return units;
}

const BsValueUnit *
bs_value_unit_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (units); i++)
    if (strcmp (units[i].id, id) == 0)
      return &units[i];
  return NULL;
}

/* Numbers in the locale */

/* Grafana's "auto": fewer decimals the bigger the value, two significant digits for
 * fractions. */
static int
auto_decimals (double magnitude)
{
  if (magnitude == 0 || magnitude >= 100)
    return 0;
  if (magnitude >= 10)
    return 1;
  if (magnitude >= 1)
    return 2;
  return MIN (6, 1 - (int) floor (log10 (magnitude)));
}

/* The absolute value with @decimals (-1: automatic, trailing zeros dropped) digits,
 * grouped. */
static void
append_magnitude (GString *out,
                  double   magnitude,
                  int      decimals)
{
  gboolean automatic = decimals < 0;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];
  char format[16];
  g_autofree char *number = NULL;
  char *point;

  if (automatic)
    decimals = auto_decimals (magnitude);
  decimals = MIN (decimals, MAX_DECIMALS);
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  /* Halves away from zero, as people round (printf rounds 0.5 to even). */
  if (magnitude < 1e15 / pow (10, decimals))
    magnitude = round (magnitude * pow (10, decimals)) / pow (10, decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, magnitude);

  point = strchr (buffer, '.');
  if (point != NULL && automatic)
    {
      char *end = point + strlen (point);

      while (end > point + 1 && end[-1] == '0')
        *--end = '\0';
      if (end == point + 1)
        *point = '\0';
    }
  number = bs_number_format_localize (buffer);
  g_string_append (out, number);
}

/* "1.23e20": a value too big (or an axis too long) for digits to be read. */
static void
append_exponent (GString *out,
                 double   magnitude)
{
  int exponent = (int) floor (log10 (magnitude));
  double mantissa = magnitude / pow (10, exponent);

  if (round (mantissa * 100) >= 1000)
    {
      mantissa /= 10;
      exponent++;
    }
  append_magnitude (out, mantissa, -1);
  g_string_append_printf (out, "e%d", exponent);
}

/* Scaled units: "1.5 KiB", "$48.2K" (with one suffix, unscaled). The step is taken before
 * rounding, so 999,999 is written "1 Mil" rather than "1,000 K". */
static char *
format_scaled (double             value,
               int                decimals,
               double             base,
               const char *const *suffixes,
               guint              n_suffixes,
               const char        *prefix)
{
  double magnitude = fabs (value);
  guint k = 0;
  int used;
  GString *out;

  while (k + 1 < n_suffixes && magnitude >= base)
    {
      magnitude /= base;
      k++;
    }
  used = decimals < 0 ? auto_decimals (magnitude) : decimals;
  if (k + 1 < n_suffixes && round (magnitude * pow (10, used)) >= base * pow (10, used))
    {
      magnitude /= base;
      k++;
    }

  out = g_string_new (NULL);
  used = decimals < 0 ? auto_decimals (magnitude) : decimals;
  if (value < 0 && !bs_number_format_rounds_to_zero (magnitude, used))
    g_string_append (out, MINUS_SIGN);
  g_string_append (out, prefix);
  if (magnitude >= HUGE_VALUE)
    append_exponent (out, magnitude);
  else
    append_magnitude (out, magnitude, decimals);
  g_string_append (out, suffixes[k]);

  return g_string_free (out, FALSE);
}

static char *
format_plain (double      value,
              int         decimals,
              const char *suffix)
{
  return format_scaled (value, decimals, 1, &suffix, 1, "");
}

static char *
format_currency (double      value,
                 int         decimals,
                 const char *symbol)
{
  static const char *const suffixes[] = { "", "K", "M", "B", "T" };

  /* Amounts under a thousand keep their cents, as a price is written. */
  if (decimals < 0 && fabs (value) < 1000 && value != floor (value))
    decimals = 2;
  return format_scaled (value, decimals, 1000, suffixes, G_N_ELEMENTS (suffixes), symbol);
}

/* Durations */

typedef struct
{
  double      seconds;
  const char *symbol;
} DurationPart;

static const DurationPart duration_parts[] = {
  { 86400, "d" },
  { 3600, "h" },
  { 60, "min" },
  { 1, "s" },
};

/* Written as people say it: the two largest parts, "1 h 20 min", "3 d 5 h"; under a
 * minute in seconds, under a second in milliseconds, with @decimals. */
static char *
format_duration (double      seconds,
                 int         decimals,
                 const char *zero_symbol)
{
  double magnitude = fabs (seconds);
  guint first;
  double small, rounded, big;
  GString *out;

  if (magnitude == 0)
    return g_strdup_printf ("0 %s", zero_symbol);
  if (magnitude >= HUGE_VALUE)
    return format_plain (seconds, decimals, " s");
  if (magnitude < 1)
    return format_plain (seconds * 1000, decimals, " ms");
  if (magnitude < 60)
    return format_plain (seconds, decimals, " s");

  for (first = 0; magnitude < duration_parts[first].seconds; first++)
    ;
  small = duration_parts[first + 1].seconds;
  rounded = round (magnitude / small) * small;
  /* 59 min 59.6 s rounds up to a whole hour: start from the bigger part then. */
  if (first > 0 && rounded >= duration_parts[first - 1].seconds)
    {
      first--;
      small = duration_parts[first + 1].seconds;
      rounded = round (magnitude / small) * small;
    }
  big = floor (rounded / duration_parts[first].seconds);
  rounded -= big * duration_parts[first].seconds;

  out = g_string_new (seconds < 0 ? MINUS_SIGN : "");
  g_string_append_printf (out, "%.0f %s", big, duration_parts[first].symbol);
  if (rounded >= small)
    g_string_append_printf (out, " %.0f %s", rounded / small, duration_parts[first + 1].symbol);

  return g_string_free (out, FALSE);
}

char *
bs_value_format (double      value,
                 const char *unit,
                 int         decimals)
{
  static const char *const short_suffixes[] = {
    "", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept",
  };
  static const char *const iec_suffixes[] = {
    " B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB", " ZiB", " YiB",
  };
  static const char *const si_suffixes[] = {
    " B", " kB", " MB", " GB", " TB", " PB", " EB", " ZB", " YB",
  };

  if (isnan (value))
    return g_strdup ("—");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : MINUS_SIGN "∞");
  if (decimals < -1)
    decimals = -1;
  if (unit == NULL)
    unit = "short";

  if (strcmp (unit, "short") == 0)
    return format_scaled (value, decimals, 1000, short_suffixes,
                          G_N_ELEMENTS (short_suffixes), "");
  if (strcmp (unit, "currencyUSD") == 0)
    return format_currency (value, decimals, "$");
  if (strcmp (unit, "currencyEUR") == 0)
    return format_currency (value, decimals, "€");
  if (strcmp (unit, "currencyGBP") == 0)
    return format_currency (value, decimals, "£");
  if (strcmp (unit, "percent") == 0)
    return format_plain (value, decimals, "%");
  if (strcmp (unit, "percentunit") == 0)
    return format_plain (value * 100, decimals, "%");
  if (strcmp (unit, "bytes") == 0)
    return format_scaled (value, decimals, 1024, iec_suffixes, G_N_ELEMENTS (iec_suffixes), "");
  if (strcmp (unit, "decbytes") == 0)
    return format_scaled (value, decimals, 1000, si_suffixes, G_N_ELEMENTS (si_suffixes), "");
  if (strcmp (unit, "ms") == 0)
    return format_duration (value / 1000, decimals, "ms");
  if (strcmp (unit, "s") == 0)
    return format_duration (value, decimals, "s");
  if (strcmp (unit, "m") == 0)
    return format_duration (value * 60, decimals, "min");
  if (strcmp (unit, "h") == 0)
    return format_duration (value * 3600, decimals, "h");
  if (strcmp (unit, "d") == 0)
    return format_duration (value * 86400, decimals, "d");

  return format_plain (value, decimals, "");
}
