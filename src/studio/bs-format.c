#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "bs-format.h"
#include "bs-number-format.h"

#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212, not a hyphen */
#define NO_BREAK_SPACE "\xc2\xa0"

typedef struct
{
  const char *code;
  const char *symbol;
  int         decimals;
} Currency;

static const Currency currencies[] = {
  { "USD", "$", 2 },
  { "EUR", "€", 2 },
  { "GBP", "£", 2 },
  { "JPY", "¥", 0 },
};

static const char *
sign_of (double value,
         int    decimals)
{
  /* -0.001 shown with two decimals is 0.00, which has no sign. */
  if (value < 0 && !bs_number_format_rounds_to_zero (fabs (value), decimals))
    return MINUS_SIGN;
  return "";
}

char *
bs_format_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             value < 0 ? (guint64) -(value + 1) + 1
                                                       : (guint64) value);
  g_autofree char *grouped = bs_number_format_localize (digits);

  return g_strconcat (value < 0 ? MINUS_SIGN : "", grouped, NULL);
}

static const Currency *
find_currency (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (g_strcmp0 (currencies[i].code, code) == 0)
      return &currencies[i];

  return NULL;
}

static char *
join_money (double      amount,
            const char *number,
            const char *currency,
            int         decimals)
{
  const Currency *known = find_currency (currency);

  if (known != NULL)
    return g_strconcat (sign_of (amount, decimals), known->symbol, number, NULL);

  return g_strconcat (sign_of (amount, decimals), currency ? currency : "",
                      currency ? NO_BREAK_SPACE : "", number, NULL);
}

char *
bs_format_money (double      amount,
                 const char *currency)
{
  const Currency *known = find_currency (currency);
  int decimals = known ? known->decimals : 2;
  g_autofree char *number = bs_number_format_fixed (amount, decimals);

  return join_money (amount, number, currency, decimals);
}

char *
bs_format_money_compact (double      amount,
                         const char *currency)
{
  double magnitude = fabs (amount);
  g_autofree char *digits = NULL;
  g_autofree char *number = NULL;

  if (magnitude < 1000)
    return join_money (amount, (number = bs_number_format_fixed (amount, 0)), currency, 0);

  if (magnitude < 1e6)
    {
      digits = bs_number_format_fixed (magnitude / 1e3,
                                       magnitude < 1e4 && fmod (magnitude, 1e3) != 0);
      /* Translators: an amount in thousands, as on a chart axis: "45K". */
      number = g_strdup_printf (_("%sK"), digits);
    }
  else if (magnitude < 1e9)
    {
      digits = bs_number_format_fixed (magnitude / 1e6,
                                       magnitude < 1e7 && fmod (magnitude, 1e6) != 0);
      /* Translators: an amount in millions, as on a chart axis: "1.2M". */
      number = g_strdup_printf (_("%sM"), digits);
    }
  else
    {
      digits = bs_number_format_fixed (magnitude / 1e9, 1);
      /* Translators: an amount in billions, as on a chart axis: "1.2B". */
      number = g_strdup_printf (_("%sB"), digits);
    }

  return join_money (amount, number, currency, 0);
}

char *
bs_format_percent (double fraction)
{
  g_autofree char *number = bs_number_format_fixed (fraction * 100.0, 1);

  /* Translators: a percentage; %s is a number like "6.7". */
  return g_strdup_printf (_("%s%%"), number);
}

GDateTime *
bs_format_parse_day (const char *iso_day)
{
  int year, month, day;
  char end;
  g_autoptr(GTimeZone) local = NULL;

  if (iso_day == NULL ||
      sscanf (iso_day, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;

  local = g_time_zone_new_local ();
  return g_date_time_new (local, year, month, day, 12, 0, 0);
}

static char *
format_day_with (const char *iso_day,
                 const char *format)
{
  g_autoptr(GDateTime) day = bs_format_parse_day (iso_day);

  if (day == NULL)
    return NULL;

  return g_date_time_format (day, format);
}

char *
bs_format_day (const char *iso_day)
{
  /* Translators: a day as a title, see strftime(3): "Tuesday 24 November". */
  return format_day_with (iso_day, _("%A %-d %B"));
}

char *
bs_format_day_short (const char *iso_day)
{
  /* Translators: a short day, see strftime(3): "24 Nov". */
  return format_day_with (iso_day, _("%-d %b"));
}

char *
bs_format_weekday (const char *iso_day)
{
  return format_day_with (iso_day, "%A");
}
