/* Axis ticks: examples a person would check by eye, then properties over many random
 * ranges (ticks inside the range, round steps, bounded counts, round local times across
 * daylight saving changes and half-hour zones). */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bs-chart-ticks.h"

#define RANDOM_CASES 4000

static char *
join_labels (BsChartTicks *ticks)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ticks->ticks->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_array_index (ticks->ticks, BsChartTick, i).label);
    }
  return g_string_free (out, FALSE);
}

static void
assert_linear (double      low,
               double      high,
               guint       max_ticks,
               const char *unit,
               const char *expected)
{
  g_autoptr(BsChartTicks) ticks = bs_chart_ticks_new_linear (low, high, max_ticks, unit, -1);
  g_autofree char *labels = join_labels (ticks);

  g_test_message ("%g … %g (%u, %s): %s", low, high, max_ticks, unit, labels);
  g_assert_cmpstr (labels, ==, expected);
}

static void
test_linear_examples (void)
{
  assert_linear (0, 1000, 5, "none", "0, 250, 500, 750, 1,000");
  assert_linear (0, 730, 5, "none", "0, 200, 400, 600, 800");
  assert_linear (12, 97, 6, "none", "0, 20, 40, 60, 80, 100");
  assert_linear (-3.2, 4.1, 6, "none", "−4, −2, 0, 2, 4, 6");
  assert_linear (0, 1, 5, "none", "0.00, 0.25, 0.50, 0.75, 1.00");
  assert_linear (0, 0.3, 4, "none", "0.0, 0.1, 0.2, 0.3");
  assert_linear (0, 1e6, 5, "currencyUSD", "$0, $250K, $500K, $750K, $1M");
  assert_linear (0, 1, 3, "percentunit", "0%, 50%, 100%");
  assert_linear (0, 4096, 5, "bytes", "0 B, 1 KiB, 2 KiB, 3 KiB, 4 KiB");
  assert_linear (100000, 102000, 5, "short", "100.0 K, 100.5 K, 101.0 K, 101.5 K, 102.0 K");
  /* One value: an axis from 0 to it; nothing at all: 0 to 1. */
  assert_linear (3, 3, 4, "none", "0, 1, 2, 3");
  assert_linear (-3, -3, 4, "none", "−3, −2, −1, 0");
  assert_linear (0, 0, 3, "none", "0.0, 0.5, 1.0");
  assert_linear (NAN, 5, 6, "none", "0, 1, 2, 3, 4, 5");
  assert_linear (INFINITY, NAN, 3, "none", "0.0, 0.5, 1.0");
  /* The largest doubles: an axis all the same, of a few ticks. */
  {
    g_autoptr(BsChartTicks) ticks = bs_chart_ticks_new_linear (-DBL_MAX, DBL_MAX, 5, "none", -1);

    g_assert_cmpuint (ticks->ticks->len, >=, 2);
    g_assert_cmpuint (ticks->ticks->len, <=, 5);
    g_assert_true (isfinite (ticks->low) && isfinite (ticks->high));
  }
  /* Ends in either order. */
  assert_linear (1000, 0, 5, "none", "0, 250, 500, 750, 1,000");
}

static gboolean
is_round_step (double step)
{
  double magnitude = pow (10, floor (log10 (step)));
  double residual = step / magnitude;
  const double round[] = { 1, 2, 2.5, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (round); i++)
    if (fabs (residual - round[i]) < 1e-9)
      return TRUE;
  return FALSE;
}

static double
random_magnitude (void)
{
  return pow (10, g_test_rand_double_range (-6, 12));
}

static void
test_linear_properties (void)
{
  const char *const units[] = { "none", "short", "currencyUSD", "bytes", "percent", "s" };

  for (guint c = 0; c < RANDOM_CASES; c++)
    {
      double scale = random_magnitude ();
      double a = g_test_rand_double_range (-1, 1) * scale;
      double b = g_test_rand_bit () ? a + random_magnitude () * (g_test_rand_bit () ? 1 : -1)
                                     : g_test_rand_double_range (-1, 1) * scale;
      guint max_ticks = g_test_rand_int_range (2, 13);
      const char *unit = units[g_test_rand_int_range (0, G_N_ELEMENTS (units))];
      g_autoptr(BsChartTicks) ticks = bs_chart_ticks_new_linear (a, b, max_ticks, unit, -1);
      double low = MIN (a, b), high = MAX (a, b);
      guint n = ticks->ticks->len;

      /* Digits run out before steps that fine do: not a range a chart meets. */
      if (high - low < 1e-9 * MAX (fabs (low), fabs (high)))
        continue;
      /* Bytes may step in round numbers of KiB, MiB, …: round after dividing by 1024ⁿ. */
      if (strcmp (unit, "bytes") == 0 && ticks->step >= 1024 &&
          is_round_step (ticks->step / pow (1024, floor (log (ticks->step) / log (1024)))))
        ;
      else if (!is_round_step (ticks->step))
        g_error ("%g … %g in %s: a step of %g", low, high, unit, ticks->step);
      g_assert_cmpuint (n, >=, 2);
      g_assert_cmpuint (n, <=, low < 0 && high > 0 ? MAX (max_ticks, 3) : max_ticks);
      /* The axis holds every value, and not much more: less than a step each side. */
      g_assert_cmpfloat (ticks->low, <=, low);
      g_assert_cmpfloat (ticks->high, >=, high);
      g_assert_cmpfloat (ticks->low, >, low - ticks->step * 1.000001);
      g_assert_cmpfloat (ticks->high, <, high + ticks->step * 1.000001);
      for (guint i = 0; i < n; i++)
        {
          BsChartTick *tick = &g_array_index (ticks->ticks, BsChartTick, i);

          g_assert_cmpfloat (tick->value, >=, ticks->low - ticks->step * 1e-9);
          g_assert_cmpfloat (tick->value, <=, ticks->high + ticks->step * 1e-9);
          /* A whole number of steps from zero. */
          g_assert_cmpfloat (fabs (tick->value / ticks->step - round (tick->value / ticks->step)),
                             <, 1e-6);
          g_assert_true (tick->label != NULL && tick->label[0] != '\0');
          if (i > 0)
            {
              BsChartTick *before = &g_array_index (ticks->ticks, BsChartTick, i - 1);

              g_assert_cmpfloat (fabs (tick->value - before->value - ticks->step), <,
                                 MAX (ticks->step * 1e-6, fabs (tick->value) * 1e-12));
              if (strcmp (tick->label, before->label) == 0)
                g_error ("%g … %g in %s: two ticks say “%s”", low, high, unit, tick->label);
            }
        }
    }
}

static double
at (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static void
assert_time (const char *from,
             const char *to,
             guint       max_ticks,
             const char *zone,
             const char *expected)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(BsChartTicks) ticks = NULL;
  g_autofree char *labels = NULL;

  g_assert_nonnull (tz);
  ticks = bs_chart_ticks_new_time (at (from), at (to), max_ticks, tz);
  labels = join_labels (ticks);
  g_test_message ("%s … %s (%u, %s): %s", from, to, max_ticks, zone, labels);
  g_assert_cmpstr (labels, ==, expected);
}

static void
test_time_examples (void)
{
  assert_time ("2026-11-24T10:07:00Z", "2026-11-24T16:00:00Z", 7, "UTC",
               "11:00, 12:00, 13:00, 14:00, 15:00, 16:00");
  assert_time ("2026-11-24T10:07:00Z", "2026-11-24T11:00:00Z", 5, "UTC",
               "10:15, 10:30, 10:45, 11:00");
  /* The date at midnight, in local time. */
  assert_time ("2026-11-24T21:30:00Z", "2026-11-25T03:00:00Z", 7, "UTC",
               "22:00, 23:00, 25 Nov, 01:00, 02:00, 03:00");
  assert_time ("2026-11-24T21:30:00Z", "2026-11-25T03:00:00Z", 7, "Europe/Berlin",
               "23:00, 25 Nov, 01:00, 02:00, 03:00, 04:00");
  assert_time ("2026-11-20T00:00:00Z", "2026-11-25T00:00:00Z", 6, "UTC",
               "20 Nov, 21 Nov, 22 Nov, 23 Nov, 24 Nov, 25 Nov");
  assert_time ("2026-11-01T12:00:00Z", "2026-12-01T00:00:00Z", 6, "UTC",
               "2 Nov, 9 Nov, 16 Nov, 23 Nov, 30 Nov");
  assert_time ("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", 14, "UTC",
               "Jan 2026, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec");
  assert_time ("2026-02-10T00:00:00Z", "2027-02-10T00:00:00Z", 6, "UTC",
               "Apr 2026, Jul, Oct, Jan 2027");
  assert_time ("2010-06-01T00:00:00Z", "2026-06-01T00:00:00Z", 6, "UTC",
               "2015, 2020, 2025");
  assert_time ("2026-11-24T10:00:07Z", "2026-11-24T10:01:00Z", 5, "UTC",
               "10:00:15, 10:00:30, 10:00:45, 10:01:00");
  /* Half an hour off UTC: still on the local quarter hours. */
  assert_time ("2026-11-24T10:07:00Z", "2026-11-24T11:00:00Z", 5, "Asia/Kolkata",
               "15:45, 16:00, 16:15, 16:30");
  /* Six hours across the spring change in Berlin: still 00, 06, 12, 18 local. */
  assert_time ("2026-03-28T12:00:00Z", "2026-03-30T00:00:00Z", 8, "Europe/Berlin",
               "18:00, 29 Mar, 06:00, 12:00, 18:00, 30 Mar");
}

typedef struct
{
  const char *zone;
  GTimeZone  *tz;
} Zone;

static void
assert_round_local (BsChartTicks *ticks,
                    double        t,
                    GTimeZone    *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  double step = ticks->step;

  g_assert_cmpfloat (t, ==, floor (t));
  if (step >= 60)
    g_assert_cmpint (g_date_time_get_second (local), ==, 0);
  else
    g_assert_cmpint (g_date_time_get_second (local) % (int) step, ==, 0);
  if (step >= 3600)
    g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
  else if (step >= 60)
    g_assert_cmpint (g_date_time_get_minute (local) % (int) (step / 60), ==, 0);
  if (step >= 86400)
    g_assert_cmpint (g_date_time_get_hour (local), ==, 0);
  else if (step >= 3600)
    g_assert_cmpint (g_date_time_get_hour (local) % (int) (step / 3600), ==, 0);
  if (step == 7 * 86400)
    g_assert_cmpint (g_date_time_get_day_of_week (local), ==, 1);
  if (step > 7 * 86400)
    g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 1);
  if (step > 100 * 86400)
    g_assert_cmpint (g_date_time_get_month (local) % 3, ==, 1);
}

static void
test_time_properties (void)
{
  Zone zones[] = {
    { "UTC", NULL }, { "Europe/Berlin", NULL }, { "America/New_York", NULL },
    { "Asia/Kolkata", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      zones[i].tz = g_time_zone_new_identifier (zones[i].zone);
      g_assert_nonnull (zones[i].tz);
    }

  for (guint c = 0; c < RANDOM_CASES; c++)
    {
      Zone *zone = &zones[g_test_rand_int_range (0, G_N_ELEMENTS (zones))];
      double from = floor (g_test_rand_double_range (at ("2020-01-01T00:00:00Z"),
                                                     at ("2030-01-01T00:00:00Z")));
      double span = floor (pow (10, g_test_rand_double_range (1, 8.8)));
      guint max_ticks = g_test_rand_int_range (2, 16);
      g_autoptr(BsChartTicks) ticks = bs_chart_ticks_new_time (from, from + span, max_ticks,
                                                               zone->tz);
      guint n = ticks->ticks->len;

      g_assert_cmpuint (n, <=, max_ticks);
      if (max_ticks >= 6)
        {
          if (n == 0)
            g_error ("%s: no tick from %.0f for %.0f s (%u at most)", zone->zone, from, span,
                     max_ticks);
        }
      for (guint i = 0; i < n; i++)
        {
          BsChartTick *tick = &g_array_index (ticks->ticks, BsChartTick, i);

          g_assert_cmpfloat (tick->value, >=, from);
          g_assert_cmpfloat (tick->value, <=, from + span);
          g_assert_true (tick->label != NULL && tick->label[0] != '\0');
          if (i > 0)
            g_assert_cmpfloat (tick->value, >, g_array_index (ticks->ticks, BsChartTick,
                                                              i - 1).value);
          /* Daylight saving skips midnight in a few zones, none of these. */
          assert_round_local (ticks, tick->value, zone->tz);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    g_time_zone_unref (zones[i].tz);
}

/* Times no calendar holds: no crash, and ticks inside what GDateTime can write. */
static void
test_time_extremes (void)
{
  const double ends[][2] = {
    { -1e300, 1e300 }, { 1e15, 1e16 }, { -1e15, 0 }, { NAN, 5 }, { 0, INFINITY }, { 7, 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autoptr(BsChartTicks) ticks = bs_chart_ticks_new_time (ends[i][0], ends[i][1], 8, NULL);

      g_assert_cmpuint (ticks->ticks->len, <=, 8);
      for (guint j = 0; j < ticks->ticks->len; j++)
        g_assert_nonnull (g_array_index (ticks->ticks, BsChartTick, j).label);
    }
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (bs_chart_nice_step (1000, 4), ==, 250);
  g_assert_cmpfloat (bs_chart_nice_step (1000, 5), ==, 200);
  g_assert_cmpfloat (bs_chart_nice_step (7, 4), ==, 2);
  g_assert_cmpfloat (bs_chart_nice_step (0.003, 3), ==, 0.001);
  g_assert_cmpfloat (bs_chart_nice_step (0, 4), ==, 1);
  g_assert_cmpfloat (bs_chart_nice_step (NAN, 4), ==, 1);
  g_assert_cmpfloat (bs_chart_nice_step (10, 0), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C");

  g_test_add_func ("/bs/chart-ticks/nice-step", test_nice_step);
  g_test_add_func ("/bs/chart-ticks/linear-examples", test_linear_examples);
  g_test_add_func ("/bs/chart-ticks/linear-properties", test_linear_properties);
  g_test_add_func ("/bs/chart-ticks/time-examples", test_time_examples);
  g_test_add_func ("/bs/chart-ticks/time-properties", test_time_properties);
  g_test_add_func ("/bs/chart-ticks/time-extremes", test_time_extremes);

  return g_test_run ();
}
