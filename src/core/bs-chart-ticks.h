/* bs-chart-ticks.h — where a chart's axes put their ticks, and what the ticks say.
 *
 * Values: round steps (1, 2, 2.5 or 5 × 10ⁿ) on an axis that starts at a step at or below
 * the lowest value and ends at one at or above the highest, labelled in the panel's unit
 * (bs-value-format.h): "0, 250, 500, 750, 1,000", "$0, $250K, $500K".
 *
 * Times: round local times in @tz — every 1, 5, 15 or 30 seconds or minutes; 1, 3, 6 or
 * 12 hours; a day, two days, a week (Mondays), a month, a quarter, a year or several —
 * inside the range given (a time axis runs from the first time to the last, not to round
 * ends), labelled in the format that fits the step: "14:30:15", "14:30" (with the date,
 * "25 Nov", at midnight), "25 Nov", "Nov" ("Jan 2027" at a new year), "2027".
 *
 * Both give at most @max_ticks ticks (at least 2 are asked for; 3 for values either side
 * of zero, since ticks are whole steps from zero), so a caller picks that
 * from the room it has: the width of the plot over the width of a label and its gap.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double  value;   /* the value, or unix seconds */
  char   *label;
} BsChartTick;

typedef struct
{
  double  low;     /* values: the axis' round ends; times: the range as given */
  double  high;
  double  step;    /* values: the step; times: the step's usual length in seconds */
  GArray *ticks;   /* BsChartTick, increasing; never NULL */
} BsChartTicks;

/* The round step for @span split in at most @max_intervals parts: 1, 2, 2.5 or 5 × 10ⁿ. */
double        bs_chart_nice_step        (double        span,
                                         guint         max_intervals);

/* Ticks for values from @low to @high (in either order; NAN and infinite ends are left
 * out, an empty range becomes one that holds its value and 0). @decimals -1: as many as
 * the step needs. */
BsChartTicks *bs_chart_ticks_new_linear (double        low,
                                         double        high,
                                         guint         max_ticks,
                                         const char   *unit,
                                         int           decimals);
/* Ticks for unix times from @from to @to (held to the years 1 to 9999); @tz NULL is local
 * time. */
BsChartTicks *bs_chart_ticks_new_time   (double        from,
                                         double        to,
                                         guint         max_ticks,
                                         GTimeZone    *tz);
void          bs_chart_ticks_free       (BsChartTicks *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsChartTicks, bs_chart_ticks_free)

G_END_DECLS
