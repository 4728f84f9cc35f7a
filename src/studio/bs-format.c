#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bs-format.h"

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

typedef struct
{
  const char *thousands;
  const char *decimal;
  const char *grouping;
} Separators;

static Separators
locale_separators (void)
{
  const struct lconv *lc = localeconv ();
  Separators separators;

  separators.decimal = lc->decimal_point != NULL && lc->decimal_point[0] != '\0'
                       ? lc->decimal_point : ".";
  if (lc->thousands_sep != NULL && lc->thousands_sep[0] != '\0' &&
      lc->grouping != NULL && lc->grouping[0] > 0 && lc->grouping[0] != CHAR_MAX)
    {
      separators.thousands = lc->thousands_sep;
      separators.grouping = lc->grouping;
    }
  else
    {
      /* The C locale groups nothing, and a screen of six-figure amounts needs grouping:
       * use the English convention there. */
      separators.thousands = strcmp (separators.decimal, ",") == 0 ? "." : ",";
      separators.grouping = "\3";
    }

  return separators;
}

/* "1234567" → "1,234,567", following the locale's grouping rules (a group size of
 * CHAR_MAX stops grouping, a 0 repeats the previous size). */
static char *
group_digits (const char       *digits,
              const Separators *separators)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const char *grouping = separators->grouping;
  gssize end = strlen (digits);
  int size = grouping[0];

  while (end > 0)
    {
      gssize start = (size == CHAR_MAX || size <= 0) ? 0 : MAX (0, end - size);

      g_ptr_array_add (groups, g_strndup (digits + start, end - start));
      end = start;
      if (grouping[0] != '\0' && grouping[1] != '\0')
        {
          grouping++;
          size = grouping[0];
        }
    }

  for (guint i = groups->len; i > 0; i--)
    {
      g_string_append (out, g_ptr_array_index (groups, i - 1));
      if (i > 1)
        g_string_append (out, separators->thousands);
    }

  return g_string_free (out, FALSE);
}

/* The absolute value with @decimals digits after the point, grouped. */
static char *
format_unsigned (double value,
                 int    decimals)
{
  Separators separators = locale_separators ();
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  g_autofree char *integer = NULL;
  g_autofree char *grouped = NULL;
  char *point;

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, fabs (value));

  point = strchr (buffer, '.');
  integer = point ? g_strndup (buffer, point - buffer) : g_strdup (buffer);
  grouped = group_digits (integer, &separators);

  if (point == NULL)
    return g_steal_pointer (&grouped);

  return g_strconcat (grouped, separators.decimal, point + 1, NULL);
}

static const char *
sign_of (double value,
         int    decimals)
{
  /* -0.001 shown with two decimals is 0.00, which has no sign. */
  return value < 0 && round (fabs (value) * pow (10, decimals)) > 0 ? MINUS_SIGN : "";
}

char *
bs_format_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             value < 0 ? (guint64) -(value + 1) + 1
                                                       : (guint64) value);
  Separators separators = locale_separators ();
  g_autofree char *grouped = group_digits (digits, &separators);

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
  g_autofree char *number = format_unsigned (amount, decimals);

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
    return join_money (amount, (number = format_unsigned (amount, 0)), currency, 0);

  if (magnitude < 1e6)
    {
      digits = format_unsigned (magnitude / 1e3, magnitude < 1e4 && fmod (magnitude, 1e3) != 0);
      /* Translators: an amount in thousands, as on a chart axis: "45K". */
      number = g_strdup_printf (_("%sK"), digits);
    }
  else if (magnitude < 1e9)
    {
      digits = format_unsigned (magnitude / 1e6, magnitude < 1e7 && fmod (magnitude, 1e6) != 0);
      /* Translators: an amount in millions, as on a chart axis: "1.2M". */
      number = g_strdup_printf (_("%sM"), digits);
    }
  else
    {
      digits = format_unsigned (magnitude / 1e9, 1);
      /* Translators: an amount in billions, as on a chart axis: "1.2B". */
      number = g_strdup_printf (_("%sB"), digits);
    }

  return join_money (amount, number, currency, 0);
}

char *
bs_format_percent (double fraction)
{
  g_autofree char *number = format_unsigned (fraction * 100.0, 1);

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
