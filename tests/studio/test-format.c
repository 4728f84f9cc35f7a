/* How the Studio writes numbers, money and days (in the C locale, which groups nothing by
 * itself: the English convention is used there).
 */
#define G_LOG_DOMAIN "bs-test-format"

#include "config.h"

#include <locale.h>

#include "bs-format.h"

static void
check (char       *got,
       const char *expected)
{
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static void
test_count (void)
{
  check (bs_format_count (0), "0");
  check (bs_format_count (999), "999");
  check (bs_format_count (1000), "1,000");
  check (bs_format_count (1422), "1,422");
  check (bs_format_count (750000), "750,000");
  check (bs_format_count (1234567), "1,234,567");
  check (bs_format_count (-1234), "−1,234");
  check (bs_format_count (G_MININT64), "−9,223,372,036,854,775,808");
}

static void
test_money (void)
{
  check (bs_format_money (48211.5, "USD"), "$48,211.50");
  check (bs_format_money (33.9, "USD"), "$33.90");
  check (bs_format_money (0.004, "USD"), "$0.00");
  check (bs_format_money (-0.004, "USD"), "$0.00");
  check (bs_format_money (-12.5, "EUR"), "−€12.50");
  check (bs_format_money (1999.996, "GBP"), "£2,000.00");
  check (bs_format_money (1500, "JPY"), "¥1,500");
  check (bs_format_money (1200, "CHF"), "CHF\xc2\xa0" "1,200.00");
}

static void
test_money_compact (void)
{
  check (bs_format_money_compact (0, "USD"), "$0");
  check (bs_format_money_compact (950, "USD"), "$950");
  check (bs_format_money_compact (4500, "USD"), "$4.5K");
  check (bs_format_money_compact (5000, "USD"), "$5K");
  check (bs_format_money_compact (45000, "USD"), "$45K");
  check (bs_format_money_compact (1200000, "USD"), "$1.2M");
  check (bs_format_money_compact (20000000, "USD"), "$20M");
}

static void
test_percent (void)
{
  check (bs_format_percent (0.0671), "6.7%");
  check (bs_format_percent (1), "100.0%");
  check (bs_format_percent (0), "0.0%");
}

static void
test_days (void)
{
  g_autoptr(GDateTime) day = NULL;

  check (bs_format_day ("2026-11-24"), "Tuesday 24 November");
  check (bs_format_day_short ("2026-11-03"), "3 Nov");
  check (bs_format_weekday ("2026-11-23"), "Monday");

  day = bs_format_parse_day ("2026-02-28");
  g_assert_nonnull (day);
  g_assert_cmpint (g_date_time_get_day_of_month (day), ==, 28);
  g_assert_null (bs_format_parse_day ("2026-02-30"));
  g_assert_null (bs_format_parse_day ("2026-11-24T10:00"));
  g_assert_null (bs_format_parse_day ("yesterday"));
  g_assert_null (bs_format_parse_day (NULL));
  g_assert_null (bs_format_day ("soon"));
}

int
main (int   argc,
      char *argv[])
{
  /* The expectations are English; only the C locale's separators are in play. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/format/count", test_count);
  g_test_add_func ("/bs/format/money", test_money);
  g_test_add_func ("/bs/format/money-compact", test_money_compact);
  g_test_add_func ("/bs/format/percent", test_percent);
  g_test_add_func ("/bs/format/days", test_days);

  return g_test_run ();
}
