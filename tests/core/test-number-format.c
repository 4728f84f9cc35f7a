/* Numbers in the locale, as the Studio's figures and the dashboards' panels both write them:
 * grouping, decimals, rounding and the C locale's fallback to English grouping; another
 * locale's decimal mark and grouping when one is installed.
 */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bs-number-format.h"

static void
assert_fixed (double      value,
              int         decimals,
              const char *expected)
{
  g_autofree char *text = bs_number_format_fixed (value, decimals);

  g_test_message ("%.17g with %d decimals: %s", value, decimals, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_localized (const char *c_number,
                  const char *expected)
{
  g_autofree char *text = bs_number_format_localize (c_number);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_grouping (void)
{
  assert_fixed (0, 0, "0");
  assert_fixed (7, 0, "7");
  assert_fixed (999, 0, "999");
  assert_fixed (1000, 0, "1,000");
  assert_fixed (12345, 0, "12,345");
  assert_fixed (123456, 0, "123,456");
  assert_fixed (1234567.891, 3, "1,234,567.891");
  assert_fixed (1234567.891, 2, "1,234,567.89");
  /* The sign is the caller's: a magnitude is written. */
  assert_fixed (-1234567.891, 2, "1,234,567.89");
  assert_fixed (-0.0, 2, "0.00");
  assert_fixed (1e15, 0, "1,000,000,000,000,000");
  assert_fixed (-1e15, 2, "1,000,000,000,000,000.00");
  assert_fixed (999999999999999, 0, "999,999,999,999,999");

  assert_localized ("", "");
  assert_localized ("0", "0");
  assert_localized ("100", "100");
  assert_localized ("1000", "1,000");
  assert_localized ("9223372036854775808", "9,223,372,036,854,775,808");
  assert_localized ("1234567.5", "1,234,567.5");
  /* Decimals are never grouped. */
  assert_localized ("1.234567", "1.234567");
  assert_localized ("1234.", "1,234.");
}

static void
test_decimals (void)
{
  const char *const expected[] = {
    "1,235", "1,234.6", "1,234.57", "1,234.568", "1,234.5678", "1,234.56780", "1,234.567800",
  };

  for (int decimals = 0; decimals <= 6; decimals++)
    assert_fixed (1234.5678, decimals, expected[decimals]);
  for (int decimals = 0; decimals <= 6; decimals++)
    {
      g_autofree char *text = bs_number_format_fixed (0, decimals);
      const char *point = strchr (text, '.');

      g_assert_cmpint (point != NULL ? (int) strlen (point + 1) : 0, ==, decimals);
    }
  assert_fixed (0.1, 30, "0.100000000000000005551115123126");
}

static void
test_rounding (void)
{
  /* As printf rounds: the nearest, and an exact tie in binary to the even digit. */
  assert_fixed (0.125, 2, "0.12");
  assert_fixed (0.375, 2, "0.38");
  assert_fixed (2.5, 0, "2");
  assert_fixed (3.5, 0, "4");
  /* 1.005 is 1.00499999… as a double. */
  assert_fixed (1.005, 2, "1.00");
  /* A carry that makes a new group. */
  assert_fixed (999.999, 2, "1,000.00");
  assert_fixed (999999.5, 0, "1,000,000");
  assert_fixed (0.004, 2, "0.00");

  g_assert_true (bs_number_format_rounds_to_zero (0, 0));
  g_assert_true (bs_number_format_rounds_to_zero (0.4, 0));
  g_assert_false (bs_number_format_rounds_to_zero (0.5, 0));
  g_assert_true (bs_number_format_rounds_to_zero (0.004, 2));
  g_assert_false (bs_number_format_rounds_to_zero (0.006, 2));
  g_assert_false (bs_number_format_rounds_to_zero (0.004, 3));
  g_assert_false (bs_number_format_rounds_to_zero (1e15, 2));
  g_assert_false (bs_number_format_rounds_to_zero (INFINITY, 2));
  g_assert_false (bs_number_format_rounds_to_zero (NAN, 2));
}

/* Every digit printf writes, however long: a huge amount is never cut short. */
static void
assert_all_digits (double value,
                   int    decimals)
{
  g_autofree char *text = bs_number_format_fixed (value, decimals);
  g_autofree char *plain = g_strdup_printf ("%.*f", decimals, value);
  g_auto(GStrv) groups = g_strsplit (text, ",", -1);
  g_autofree char *joined = g_strjoinv ("", groups);

  g_assert_cmpstr (joined, ==, plain);
  for (guint i = 1; groups[i] != NULL; i++)
    g_assert_cmpint (strcspn (groups[i], "."), ==, 3);
}

static void
test_special (void)
{
  assert_fixed (NAN, 2, "nan");
  assert_fixed (-NAN, 0, "nan");
  assert_fixed (INFINITY, 2, "inf");
  assert_fixed (-INFINITY, 0, "inf");

  assert_all_digits (1e36, 2);
  assert_all_digits (1e100, 0);
  assert_all_digits (DBL_MAX, 2);
  assert_all_digits (DBL_MIN, 6);

  if (g_test_undefined ())
    {
      g_test_expect_message ("bs-core", G_LOG_LEVEL_CRITICAL, "*decimals*");
      g_assert_null (bs_number_format_fixed (1, -1));
      g_test_assert_expected_messages ();
      g_test_expect_message ("bs-core", G_LOG_LEVEL_CRITICAL, "*decimals*");
      g_assert_null (bs_number_format_fixed (1, 31));
      g_test_assert_expected_messages ();
      g_test_expect_message ("bs-core", G_LOG_LEVEL_CRITICAL, "*c_number*");
      g_assert_null (bs_number_format_localize (NULL));
      g_test_assert_expected_messages ();
    }
}

static gboolean
use_first_locale (const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (setlocale (LC_NUMERIC, names[i]) != NULL)
      {
        g_test_message ("LC_NUMERIC=%s", names[i]);
        return TRUE;
      }

  g_test_skip ("None of these locales is installed (see locale -a)");
  return FALSE;
}

/* A decimal comma, and whatever the locale groups with (a point in German, a narrow
 * no-break space in French). */
static void
test_locale_decimal_comma (void)
{
  const char *const names[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "es_ES.UTF-8", "es_ES.utf8",
    "it_IT.UTF-8", "it_IT.utf8", "nl_NL.UTF-8", "nl_NL.utf8", "pt_BR.UTF-8", "pt_BR.utf8",
    NULL,
  };
  const struct lconv *lc;
  g_autofree char *expected = NULL;

  if (!use_first_locale (names))
    return;

  lc = localeconv ();
  g_assert_cmpstr (lc->decimal_point, ==, ",");
  g_assert_cmpstr (lc->thousands_sep, !=, "");
  expected = g_strdup_printf ("1%s234%s567,89", lc->thousands_sep, lc->thousands_sep);
  assert_fixed (1234567.891, 2, expected);
  assert_fixed (0.5, 1, "0,5");
  assert_fixed (999, 3, "999,000");
  assert_localized ("12.25", "12,25");

  setlocale (LC_NUMERIC, "C");
}

/* Indian grouping: the last three digits, then pairs ("\3\2"). */
static void
test_locale_indian_grouping (void)
{
  const char *const names[] = { "en_IN.UTF-8", "en_IN.utf8", NULL };

  if (!use_first_locale (names))
    return;
  if (strcmp (localeconv ()->grouping, "\3\2") != 0)
    {
      setlocale (LC_NUMERIC, "C");
      g_test_skip ("This en_IN locale does not group in pairs after the first three digits");
      return;
    }

  assert_fixed (1234567, 0, "12,34,567");
  assert_fixed (123456789.5, 1, "12,34,56,789.5");
  assert_fixed (999, 0, "999");
  assert_fixed (1000, 0, "1,000");

  setlocale (LC_NUMERIC, "C");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C");

  g_test_add_func ("/bs/number-format/grouping", test_grouping);
  g_test_add_func ("/bs/number-format/decimals", test_decimals);
  g_test_add_func ("/bs/number-format/rounding", test_rounding);
  g_test_add_func ("/bs/number-format/special", test_special);
  g_test_add_func ("/bs/number-format/locale/decimal-comma", test_locale_decimal_comma);
  g_test_add_func ("/bs/number-format/locale/indian-grouping", test_locale_indian_grouping);

  return g_test_run ();
}
