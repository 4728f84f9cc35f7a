/* Numbers in a panel's unit, as Grafana writes them, in the C locale (English grouping,
 * as the Studio's tables use there). */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>

#include "bs-value-format.h"

#define MINUS "\xe2\x88\x92"

static void
assert_format (double      value,
               const char *unit,
               int         decimals,
               const char *expected)
{
  g_autofree char *text = bs_value_format (value, unit, decimals);

  g_test_message ("%g in %s (%d): %s", value, unit != NULL ? unit : "(null)", decimals, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_units (void)
{
  guint n_units = 0;
  const BsValueUnit *units = bs_value_units (&n_units);
  gboolean seen[BS_VALUE_UNIT_GROUP_DURATION + 1] = { FALSE, };

  g_assert_cmpuint (n_units, >=, 14);
  for (guint i = 0; i < n_units; i++)
    {
      g_assert_true (bs_value_unit_lookup (units[i].id) == &units[i]);
      g_assert_true (units[i].name != NULL && units[i].name[0] != '\0');
      /* Grouped: a group's units are together, in the enum's order. */
      if (i > 0)
        g_assert_cmpint (units[i].group, >=, units[i - 1].group);
      seen[units[i].group] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    g_assert_true (seen[i]);
  g_assert_null (bs_value_unit_lookup ("kwatt"));
  g_assert_null (bs_value_unit_lookup (NULL));
  g_assert_cmpint (bs_value_unit_lookup ("currencyUSD")->group, ==,
                   BS_VALUE_UNIT_GROUP_CURRENCY);
}

/* What no unit changes: nothing, infinities, signs. */
static void
test_special (void)
{
  const char *const ids[] = {
    "none", "short", "currencyUSD", "percent", "percentunit", "bytes", "decbytes", "ms", "s",
    "m", "h", "d", "kwatt", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      assert_format (NAN, ids[i], -1, "—");
      assert_format (INFINITY, ids[i], 2, "∞");
      assert_format (-INFINITY, ids[i], -1, MINUS "∞");
    }
  /* -0.001 with two decimals is 0.00, which has no sign. */
  assert_format (-0.001, "none", 2, "0.00");
  assert_format (-0.0, "none", -1, "0");
}

static void
test_count (void)
{
  assert_format (0, "none", -1, "0");
  assert_format (1234567, "none", -1, "1,234,567");
  assert_format (-1234.5, "none", -1, MINUS "1,235");
  assert_format (1234.5, "none", 2, "1,234.50");
  assert_format (12.25, "none", -1, "12.3");
  assert_format (3.14159, "none", -1, "3.14");
  assert_format (0.012345, "none", -1, "0.012");
  assert_format (0.5, "none", 0, "1");
  assert_format (2.5, "none", 3, "2.500");
  assert_format (1e20, "none", -1, "1e20");
  assert_format (-2.5e18, "none", -1, MINUS "2.5e18");
  assert_format (DBL_MAX, "none", -1, "1.8e308");
  assert_format (-DBL_MAX, "bytes", -1, MINUS "1.49e284 YiB");
  assert_format (DBL_MAX, "ms", -1, "1.8e305 s");

  assert_format (0, "short", -1, "0");
  assert_format (12, "short", -1, "12");
  assert_format (1200, "short", -1, "1.2 K");
  assert_format (-1500, "short", -1, MINUS "1.5 K");
  assert_format (3.4e6, "short", -1, "3.4 Mil");
  assert_format (999999, "short", -1, "1 Mil");
  assert_format (2.5e9, "short", 2, "2.50 Bil");
  assert_format (1e20, "short", -1, "100 Quint");
  assert_format (5e30, "short", -1, "5,000,000 Sept");
  assert_format (1200, NULL, -1, "1.2 K");
  /* An id we do not know: the number and nothing after it, never an error. */
  assert_format (12.5, "kwatt", -1, "12.5");
  assert_format (1234, "", -1, "1,234");
}

static void
test_currency (void)
{
  assert_format (0, "currencyUSD", -1, "$0");
  assert_format (482.5, "currencyUSD", -1, "$482.50");
  assert_format (999, "currencyUSD", -1, "$999");
  assert_format (48211.5, "currencyUSD", -1, "$48.2K");
  assert_format (-1500, "currencyUSD", -1, MINUS "$1.5K");
  assert_format (1234567, "currencyUSD", 2, "$1.23M");
  assert_format (2.5e6, "currencyEUR", -1, "€2.5M");
  assert_format (1e13, "currencyGBP", -1, "£10T");
  assert_format (4.2e9, "currencyGBP", 0, "£4B");
  assert_format (3e18, "currencyUSD", -1, "$3,000,000T");
}

static void
test_percent (void)
{
  assert_format (42.5, "percent", -1, "42.5%");
  assert_format (42.5, "percent", 0, "43%");
  assert_format (0, "percent", -1, "0%");
  assert_format (-3, "percent", -1, MINUS "3%");
  assert_format (1234, "percent", -1, "1,234%");
  assert_format (0.425, "percentunit", -1, "42.5%");
  assert_format (1, "percentunit", -1, "100%");
  assert_format (0.00012, "percentunit", 3, "0.012%");
  assert_format (-0.5, "percentunit", 1, MINUS "50.0%");
}

static void
test_bytes (void)
{
  assert_format (0, "bytes", -1, "0 B");
  assert_format (512, "bytes", -1, "512 B");
  assert_format (1536, "bytes", -1, "1.5 KiB");
  assert_format (3.0 * 1024 * 1024 * 1024, "bytes", -1, "3 GiB");
  assert_format (-2048, "bytes", -1, MINUS "2 KiB");
  assert_format (1024.0 * 1024 * 1024 * 1024 * 1024 * 1024 * 1024 * 1024 * 4, "bytes", -1,
                 "4 YiB");
  assert_format (1500, "decbytes", -1, "1.5 kB");
  assert_format (2e9, "decbytes", 1, "2.0 GB");
  assert_format (999, "decbytes", -1, "999 B");
}

static void
test_duration (void)
{
  assert_format (4800, "s", -1, "1 h 20 min");
  assert_format (3600, "s", -1, "1 h");
  assert_format (3599.6, "s", -1, "1 h");
  assert_format (45, "s", -1, "45 s");
  assert_format (1.5, "s", -1, "1.5 s");
  assert_format (0.5, "s", -1, "500 ms");
  assert_format (90, "s", -1, "1 min 30 s");
  assert_format (-90, "s", -1, MINUS "1 min 30 s");
  assert_format (0, "s", -1, "0 s");
  assert_format (250, "ms", -1, "250 ms");
  assert_format (0.25, "ms", -1, "0.25 ms");
  assert_format (0, "ms", -1, "0 ms");
  assert_format (61000, "ms", -1, "1 min 1 s");
  assert_format (90, "m", -1, "1 h 30 min");
  assert_format (0, "m", -1, "0 min");
  assert_format (26, "h", -1, "1 d 2 h");
  assert_format (0.5, "h", -1, "30 min");
  assert_format (3, "d", -1, "3 d");
  assert_format (400.25, "d", -1, "400 d 6 h");
  assert_format (1.5, "s", 2, "1.50 s");
  assert_format (1e20, "s", -1, "1e20 s");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C");

  g_test_add_func ("/bs/value-format/units", test_units);
  g_test_add_func ("/bs/value-format/special", test_special);
  g_test_add_func ("/bs/value-format/count", test_count);
  g_test_add_func ("/bs/value-format/currency", test_currency);
  g_test_add_func ("/bs/value-format/percent", test_percent);
  g_test_add_func ("/bs/value-format/bytes", test_bytes);
  g_test_add_func ("/bs/value-format/duration", test_duration);

  return g_test_run ();
}
