/* bs-alert-preview-pane.h — what a draft alert rule would do, on the real data: which series
 * would fire now and with what value, a chart of the last days with the threshold drawn and
 * the stretches when the rule would have fired shaded, and the backtest in one sentence
 * ("Over the last 7 days this rule would have fired 4 times, for a total of 6 hours").
 *
 * Each new rule cancels the request still running for the previous one and, after a pause
 * of BS_ALERT_PREVIEW_PANE_DEBOUNCE_MS (a person picking through a dropdown with the arrow keys
 * sends one request, not one a key), sends POST rules/preview. Nothing waits on the main
 * loop: the engine runs the preview on a worker.
 *
 * Signals: "started" when a request goes out, "finished" when its answer or error is on
 * show (a cancelled request gives neither).
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"
#include "bs-frame-chart.h"
#include "bs-frame-view.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_ALERT_PREVIEW_PANE_DEBOUNCE_MS 300

#define BS_TYPE_ALERT_PREVIEW_PANE (bs_alert_preview_pane_get_type ())
G_DECLARE_FINAL_TYPE (BsAlertPreviewPane, bs_alert_preview_pane, BS, ALERT_PREVIEW_PANE, GtkWidget)

/* @client may be NULL (set it later). */
GtkWidget    *bs_alert_preview_pane_new               (BsEngineClient     *client);
void          bs_alert_preview_pane_set_client        (BsAlertPreviewPane     *self,
                                                  BsEngineClient     *client);
/* Previews @rule (a rule's JSON as bs-alert-rule.h writes it; copied) after the pause.
 * NULL cancels what runs and shows @reason (or a hint to build a rule). */
void          bs_alert_preview_pane_set_rule          (BsAlertPreviewPane     *self,
                                                  JsonNode           *rule,
                                                  const char         *reason);
/* Runs the preview again now (no pause). */
void          bs_alert_preview_pane_refresh           (BsAlertPreviewPane     *self);
void          bs_alert_preview_pane_set_verbosity     (BsAlertPreviewPane     *self,
                                                  BsProfileVerbosity  verbosity);

/* TRUE from a new rule until its answer (or error) is shown. */
gboolean      bs_alert_preview_pane_get_busy          (BsAlertPreviewPane     *self);
/* The engine's preview answer on show (see ISSUE5 "Preview JSON"), or NULL. */
JsonObject   *bs_alert_preview_pane_get_result        (BsAlertPreviewPane     *self);
/* The error on show, in plain words, or NULL. */
const char   *bs_alert_preview_pane_get_error         (BsAlertPreviewPane     *self);
/* How many series would fire now (0 without a result). */
guint         bs_alert_preview_pane_get_n_firing      (BsAlertPreviewPane     *self);
/* The backtest in words, or why there is none; NULL without a result. */
const char   *bs_alert_preview_pane_get_backtest_text (BsAlertPreviewPane     *self);
BsFrameChart *bs_alert_preview_pane_get_chart         (BsAlertPreviewPane     *self);
/* The table of the series that would fire now: their labels, then the value. */
BsFrameView  *bs_alert_preview_pane_get_series_view   (BsAlertPreviewPane     *self);

G_END_DECLS
