#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bs-number-format.h"

#define MAX_DECIMALS 30

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
      /* The C locale groups nothing, and a screen or a dashboard of six-figure amounts
       * needs grouping: use the English convention there, in the Studio's tables and the
       * panels alike. */
      separators.thousands = strcmp (separators.decimal, ",") == 0 ? "." : ",";
      separators.grouping = "\3";
    }

  return separators;
}

/* "1234567" → "1,234,567", following the locale's grouping rules: sizes from the right,
 * the last one repeated, CHAR_MAX (or a negative size) stops grouping. */
static void
append_grouped (GString          *out,
                const char       *digits,
                const Separators *separators)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *grouping = separators->grouping;
  gsize end = strlen (digits);
  gsize start = 0;
  int size = grouping[0];

  while (size > 0 && size != CHAR_MAX && end > (gsize) size)
    {
      end -= size;
      g_array_append_val (cuts, end);
      if (grouping[1] != '\0')
        size = *++grouping;
    }

  for (guint i = cuts->len; i > 0; i--)
    {
      gsize cut = g_array_index (cuts, gsize, i - 1);

      g_string_append_len (out, digits + start, cut - start);
      g_string_append (out, separators->thousands);
      start = cut;
    }
  g_string_append (out, digits + start);
}

char *
bs_number_format_localize (const char *c_number)
{
  Separators separators;
  const char *point;
  g_autofree char *integer = NULL;
  GString *out;

  g_return_val_if_fail (c_number != NULL, NULL);

  separators = locale_separators ();
  point = strchr (c_number, '.');
  integer = point != NULL ? g_strndup (c_number, point - c_number) : g_strdup (c_number);
  out = g_string_new (NULL);
  append_grouped (out, integer, &separators);
  if (point != NULL)
    {
      g_string_append (out, separators.decimal);
      g_string_append (out, point + 1);
    }

  return g_string_free (out, FALSE);
}

char *
bs_number_format_fixed (double value,
                        int    decimals)
{
  double magnitude = fabs (value);
  char format[8];
  g_autofree char *buffer = NULL;
  gsize size;

  g_return_val_if_fail (decimals >= 0 && decimals <= MAX_DECIMALS, NULL);

  if (isnan (magnitude))
    return g_strdup ("nan");
  if (isinf (magnitude))
    return g_strdup ("inf");

  /* Room for every digit of the biggest double, so that no amount is ever cut short. */
  size = DBL_MAX_10_EXP + 1 + 1 + decimals + 1;
  buffer = g_malloc (size);
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, size, format, magnitude);

  return bs_number_format_localize (buffer);
}

gboolean
bs_number_format_rounds_to_zero (double magnitude,
                                 int    decimals)
{
  g_return_val_if_fail (!(magnitude < 0), FALSE);
  g_return_val_if_fail (decimals >= 0, FALSE);

  return round (magnitude * pow (10, decimals)) == 0;
}
