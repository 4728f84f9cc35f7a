/* bs-time-range-picker.h — the dashboard's time range and refresh, as a menu button in the
 * header bar that reads "Last 6 hours" and opens a list of Grafana's relative ranges (last
 * 15 minutes, 1 hour, 6 hours, 24 hours, 7 days, 30 days, today, this week) and the refresh
 * choices (off, 30 s, 1 min, 5 min, 15 min, 1 h), plus a "Refresh Now" button beside it.
 * A range the dashboard came with that is not in the list (from Grafana) is shown as it is
 * and kept until another is chosen.
 *
 * Properties "from", "to" (Grafana's strings, "now-6h" and "now") and "refresh" (NULL: off,
 * "1m", …). The picker also runs the refresh timer: ::refresh is emitted at each tick and
 * when "Refresh Now" is clicked; ::changed when a person picks a range or refresh.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BS_TYPE_TIME_RANGE_PICKER (bs_time_range_picker_get_type ())
G_DECLARE_FINAL_TYPE (BsTimeRangePicker, bs_time_range_picker, BS, TIME_RANGE_PICKER, GtkWidget)

GtkWidget  *bs_time_range_picker_new         (void);
/* Sets what is shown without emitting ::changed (a dashboard opened, an undo). */
void        bs_time_range_picker_set_range   (BsTimeRangePicker *self,
                                              const char        *from,
                                              const char        *to,
                                              const char        *refresh);
const char *bs_time_range_picker_get_from    (BsTimeRangePicker *self);
const char *bs_time_range_picker_get_to      (BsTimeRangePicker *self);
const char *bs_time_range_picker_get_refresh (BsTimeRangePicker *self);
/* "Last 6 hours", translated; the range as written when it is not one of ours. */
char       *bs_time_range_describe           (const char        *from,
                                              const char        *to);

/* Signals:
 *   ::changed
 *   ::refresh
 */

G_END_DECLS
