#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bs-chart-ticks.h"
#include "bs-value-format.h"

#define HOUR  3600.0
#define FIRST_TIME -62135596800.0   /* 0001-01-01 */
#define LAST_TIME  253402214400.0   /* 9999-12-31 */
#define DAY   86400.0
/* A value axis never gets more than this many ticks, whatever it is asked. */
#define MAX_LINEAR_TICKS 1000

static void
tick_clear (gpointer data)
{
  g_free (((BsChartTick *) data)->label);
}

static BsChartTicks *
ticks_new (void)
{
  BsChartTicks *self = g_new0 (BsChartTicks, 1);

  self->ticks = g_array_new (FALSE, FALSE, sizeof (BsChartTick));
  g_array_set_clear_func (self->ticks, tick_clear);
  return self;
}

void
bs_chart_ticks_free (BsChartTicks *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->ticks);
  g_free (self);
}

static void
add_tick (BsChartTicks *self,
          double        value,
          char         *label)
{
  BsChartTick tick = { value, label };

  g_array_append_val (self->ticks, tick);
}

/* Values */

double
bs_chart_nice_step (double span,
                    guint  max_intervals)
{
  double raw, magnitude, residual;

  if (!(span > 0) || !isfinite (span) || max_intervals == 0)
    return 1;

  raw = span / max_intervals;
  magnitude = pow (10, floor (log10 (raw)));
  residual = raw / magnitude;
  if (residual <= 1.0000001)
    return magnitude;
  if (residual <= 2.0000001)
    return 2 * magnitude;
  if (residual <= 2.5000001)
    return 2.5 * magnitude;
  if (residual <= 5.0000001)
    return 5 * magnitude;
  return 10 * magnitude;
}

static gboolean
is_scaled_unit (const char *unit)
{
  static const char *const scaled[] = {
    "short", "currencyUSD", "currencyEUR", "currencyGBP", "bytes", "decbytes",
    "ms", "s", "m", "h", "d",
  };

  if (unit == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (scaled); i++)
    if (strcmp (unit, scaled[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The digits after the point that every tick of a step of @step needs, so that an axis
 * reads "0.0, 0.5, 1.0" and not "0, 0.5, 1". */
static int
step_decimals (double step)
{
  for (int d = 0; d < 10; d++)
    {
      double scaled = step * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-6 * scaled)
        return d;
    }
  return 10;
}

static int
label_decimals (double      step,
                const char *unit,
                int         decimals)
{
  if (decimals >= 0 || is_scaled_unit (unit))
    return decimals;
  if (g_strcmp0 (unit, "percentunit") == 0)
    step *= 100;
  return step < 1 ? step_decimals (step) : -1;
}

static void
ordered_range (double *low,
               double *high)
{
  double a = isfinite (*low) ? *low : (isfinite (*high) ? *high : 0);
  double b = isfinite (*high) ? *high : a;

  *low = MIN (a, b);
  *high = MAX (a, b);
  /* One value (or none) still needs an axis: from 0 to it. */
  if (*low == *high)
    {
      if (*low > 0)
        *low = 0;
      else if (*low < 0)
        *high = 0;
      else
        *high = 1;
    }
}

static void
add_linear_labels (BsChartTicks *self,
                   double        first,
                   guint         n,
                   const char   *unit,
                   int           decimals)
{
  for (guint i = 0; i < n; i++)
    {
      /* From the index, not by adding steps: no creeping error ("0.30000000000000004"). */
      double value = (first + i) * self->step;

      if (fabs (value) < self->step * 1e-9)
        value = 0;
      add_tick (self, value, bs_value_format (value, unit, decimals));
    }
}

static gboolean
labels_distinct (BsChartTicks *self)
{
  for (guint i = 1; i < self->ticks->len; i++)
    if (g_strcmp0 (g_array_index (self->ticks, BsChartTick, i - 1).label,
                   g_array_index (self->ticks, BsChartTick, i).label) == 0)
      return FALSE;
  return TRUE;
}

/* The round step at or above @raw. Bytes count in powers of 1024 once a step is that
 * long: 1, 2, 5 … 500 KiB, then 1 MiB, rather than 1,000 B or 2,000 KiB. */
static double
step_at_least (double      raw,
               const char *unit)
{
  double binary, step;

  if (g_strcmp0 (unit, "bytes") != 0 || !(raw >= 1024) || !isfinite (raw))
    return bs_chart_nice_step (raw, 1);

  binary = pow (1024, MIN (8, floor (log (raw) / log (1024))));
  step = bs_chart_nice_step (raw / binary, 1);
  if (step > 512 && binary < pow (1024, 8))
    return binary * 1024;
  return step * binary;
}

BsChartTicks *
bs_chart_ticks_new_linear (double      low,
                           double      high,
                           guint       max_ticks,
                           const char *unit,
                           int         decimals)
{
  BsChartTicks *self = ticks_new ();
  double step, first, last;
  int label_digits;
  guint n;

  max_ticks = CLAMP (max_ticks, 2, MAX_LINEAR_TICKS);
  ordered_range (&low, &high);
  /* Room for a step beyond each end without overflowing to infinity. */
  low = CLAMP (low, -1e300, 1e300);
  high = CLAMP (high, -1e300, 1e300);
  /* Ticks are whole steps: a range across zero holds one at 0 and needs one each side. */
  if (low < 0 && high > 0)
    max_ticks = MAX (max_ticks, 3);
  step = step_at_least ((high - low) / (max_ticks - 1), unit);
  /* Rounding the ends out can add a tick at each end: take the next step until they fit. */
  for (;;)
    {
      first = floor (low / step + 1e-9);
      last = ceil (high / step - 1e-9);
      /* The slack is for ends a rounding error past a step, not for real values. */
      if (first * step > low)
        first--;
      if (last * step < high)
        last++;
      if (last - first + 1 <= max_ticks)
        break;
      step = step_at_least (step * 1.000001, unit);
    }

  self->step = step;
  self->low = first * step;
  self->high = last * step;
  label_digits = label_decimals (step, unit, decimals);
  n = (guint) (last - first) + 1;
  add_linear_labels (self, first, n, unit, label_digits);
  /* A scaled unit can write neighbours alike ("100 K", "101 K", "101 K"): more digits
   * until every label is its own, unless the panel asked for a number of decimals. */
  for (int digits = 0; decimals < 0 && digits <= 6 && !labels_distinct (self); digits++)
    {
      g_array_set_size (self->ticks, 0);
      add_linear_labels (self, first, n, unit, digits);
    }
  /* "5300 d 11 h" twice, a few seconds apart: a duration written in parts cannot show so
   * fine a step, the bare number can. */
  if (!labels_distinct (self))
    {
      g_array_set_size (self->ticks, 0);
      add_linear_labels (self, first, n, "none", step < 1 ? step_decimals (step) : 0);
    }

  return self;
}

/* Times */

typedef enum
{
  UNIT_SECOND,
  UNIT_MINUTE,
  UNIT_HOUR,
  UNIT_DAY,
  UNIT_WEEK,
  UNIT_MONTH,
  UNIT_YEAR,
} TimeUnit;

typedef struct
{
  TimeUnit unit;
  int      count;
  double   shortest;  /* seconds: the shortest such step can be (days of 23 hours, February) */
} TimeStep;

static const TimeStep time_steps[] = {
  { UNIT_SECOND, 1, 1 }, { UNIT_SECOND, 5, 5 }, { UNIT_SECOND, 15, 15 },
  { UNIT_SECOND, 30, 30 },
  { UNIT_MINUTE, 1, 60 }, { UNIT_MINUTE, 5, 300 }, { UNIT_MINUTE, 15, 900 },
  { UNIT_MINUTE, 30, 1800 },
  { UNIT_HOUR, 1, HOUR }, { UNIT_HOUR, 3, 2 * HOUR }, { UNIT_HOUR, 6, 5 * HOUR },
  { UNIT_HOUR, 12, 11 * HOUR },
  { UNIT_DAY, 1, DAY - HOUR }, { UNIT_DAY, 2, 2 * DAY - HOUR },
  { UNIT_WEEK, 1, 7 * DAY - HOUR },
  { UNIT_MONTH, 1, 28 * DAY - HOUR }, { UNIT_MONTH, 3, 89 * DAY - HOUR },
  { UNIT_YEAR, 1, 365 * DAY - HOUR },
};

static double
usual_length (const TimeStep *step)
{
  switch (step->unit)
    {
    case UNIT_SECOND:
      return step->count;
    case UNIT_MINUTE:
      return step->count * 60.0;
    case UNIT_HOUR:
      return step->count * HOUR;
    case UNIT_DAY:
      return step->count * DAY;
    case UNIT_WEEK:
      return step->count * 7 * DAY;
    case UNIT_MONTH:
      return step->count * 30.44 * DAY;
    case UNIT_YEAR:
    default:
      return step->count * 365.25 * DAY;
    }
}

static double
unix_of (GDateTime *time)
{
  return g_date_time_to_unix (time) + g_date_time_get_microsecond (time) / 1e6;
}

static TimeStep
choose_step (double span,
             guint  max_ticks)
{
  TimeStep years = { UNIT_YEAR, 1, 365 * DAY - HOUR };

  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    if (floor (span / time_steps[i].shortest) + 1 <= max_ticks)
      return time_steps[i];

  /* 1, 2, 5, 10, 20, 50 … years. */
  while (floor (span / (years.count * (365 * DAY - HOUR))) + 1 > max_ticks)
    {
      int lead = years.count / (int) pow (10, floor (log10 (years.count)));

      years.count = lead == 2 ? years.count * 5 / 2 : years.count * 2;
    }
  years.shortest = years.count * (365 * DAY - HOUR);
  return years;
}

/* Steps under an hour fall on round unix times plus the zone's offset, which is a whole
 * number of quarter hours everywhere, so the ticks stay round in local time. */
static void
add_short_ticks (GArray         *times,
                 double          from,
                 double          to,
                 const TimeStep *step,
                 GTimeZone      *tz)
{
  double length = usual_length (step);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc ((gint64) floor (from));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (start, tz);
  double offset = g_date_time_get_utc_offset (local) / (double) G_USEC_PER_SEC;
  double first = ceil ((from + offset) / length - 1e-9) * length - offset;

  for (double n = 0; first + n * length <= to; n++)
    {
      double t = first + n * length;

      g_array_append_val (times, t);
    }
}

static gboolean
on_step (GDateTime      *day,
         const TimeStep *step)
{
  switch (step->unit)
    {
    case UNIT_DAY:
      return step->count == 1 || g_date_time_get_day_of_year (day) % step->count == 1;
    case UNIT_WEEK:
      return g_date_time_get_day_of_week (day) == 1;
    case UNIT_MONTH:
      return g_date_time_get_day_of_month (day) == 1 &&
             (g_date_time_get_month (day) - 1) % step->count == 0;
    case UNIT_YEAR:
      return g_date_time_get_day_of_year (day) == 1 &&
             g_date_time_get_year (day) % step->count == 0;
    case UNIT_HOUR:
      return TRUE;
    case UNIT_SECOND:
    case UNIT_MINUTE:
    default:
      g_assert_not_reached ();
    }
}

static void
add_time (GArray *times,
          double  t,
          double  from,
          double  to)
{
  /* A skipped or repeated hour (daylight saving) can give the same instant twice. */
  if (t < from || t > to ||
      (times->len > 0 && g_array_index (times, double, times->len - 1) >= t))
    return;
  g_array_append_val (times, t);
}

/* Hours and longer walk the local calendar day by day, so that they stay on round local
 * times across daylight saving changes. */
static void
add_calendar_ticks (GArray         *times,
                    double          from,
                    double          to,
                    const TimeStep *step,
                    GTimeZone      *tz)
{
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc ((gint64) floor (from));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (first, tz);
  g_autoptr(GDateTime) day = g_date_time_new (tz, g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);

  while (day != NULL && unix_of (day) <= to)
    {
      GDateTime *next;

      if (step->unit == UNIT_HOUR)
        for (int hour = 0; hour < 24; hour += step->count)
          {
            g_autoptr(GDateTime) at = g_date_time_new (tz, g_date_time_get_year (day),
                                                       g_date_time_get_month (day),
                                                       g_date_time_get_day_of_month (day),
                                                       hour, 0, 0);

            if (at != NULL)
              add_time (times, unix_of (at), from, to);
          }
      else if (on_step (day, step))
        add_time (times, unix_of (day), from, to);

      /* Whole months and years at a time once the step is that long: fewer days to walk. */
      if (step->unit == UNIT_YEAR && g_date_time_get_day_of_year (day) == 1)
        next = g_date_time_add_years (day, 1);
      else if (step->unit >= UNIT_MONTH)
        next = g_date_time_add_months (day, 1);
      else
        next = g_date_time_add_days (day, 1);
      g_clear_pointer (&day, g_date_time_unref);
      /* Months go from the first of one to the first of the next, whatever day we began. */
      if (next != NULL)
        day = g_date_time_new (tz, g_date_time_get_year (next), g_date_time_get_month (next),
                               step->unit >= UNIT_MONTH ? 1 : g_date_time_get_day_of_month (next),
                               0, 0, 0);
      g_clear_pointer (&next, g_date_time_unref);
    }
}

static char *
time_label (double          t,
            const TimeStep *step,
            GTimeZone      *tz,
            gboolean        first)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (t));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  gboolean midnight = g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0 &&
                      g_date_time_get_second (local) == 0;

  switch (step->unit)
    {
    case UNIT_SECOND:
      /* Translators: a time axis' label every few seconds, see g_date_time_format(). */
      return g_date_time_format (local, _("%H:%M:%S"));
    case UNIT_MINUTE:
    case UNIT_HOUR:
      /* Translators: a time axis' label at midnight when the others are times of day. */
      return g_date_time_format (local, midnight ? _("%-d %b") : _("%H:%M"));
    case UNIT_DAY:
    case UNIT_WEEK:
      /* Translators: a time axis' label, a day, see g_date_time_format(). */
      return g_date_time_format (local, _("%-d %b"));
    case UNIT_MONTH:
      /* Translators: a time axis' label, a month, and a month at a new year. */
      return g_date_time_format (local, first || g_date_time_get_month (local) == 1
                                        ? _("%b %Y") : _("%b"));
    case UNIT_YEAR:
    default:
      /* Translators: a time axis' label, a year. */
      return g_date_time_format (local, _("%Y"));
    }
}

BsChartTicks *
bs_chart_ticks_new_time (double     from,
                         double     to,
                         guint      max_ticks,
                         GTimeZone *tz)
{
  BsChartTicks *self = ticks_new ();
  g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local () : g_time_zone_ref (tz);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  TimeStep step;

  max_ticks = MAX (max_ticks, 2);
  if (!isfinite (from) || !isfinite (to))
    from = to = 0;
  /* GDateTime's years 1 to 9999. */
  from = CLAMP (from, FIRST_TIME, LAST_TIME);
  to = CLAMP (to, FIRST_TIME, LAST_TIME);
  self->low = MIN (from, to);
  self->high = MAX (from, to);
  step = choose_step (self->high - self->low, max_ticks);
  self->step = usual_length (&step);

  if (step.unit <= UNIT_MINUTE)
    add_short_ticks (times, self->low, self->high, &step, local);
  else
    add_calendar_ticks (times, self->low, self->high, &step, local);

  for (guint i = 0; i < times->len && i < max_ticks; i++)
    {
      double t = g_array_index (times, double, i);

      add_tick (self, t, time_label (t, &step, local, i == 0));
    }

  return self;
}
