#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bs-alert-format.h"
#include "bs-alert-preview-pane.h"
#include "bs-alert-rule.h"
#include "bs-format.h"
#include "bs-preview-status.h"

struct _BsAlertPreviewPane
{
  GtkWidget           parent_instance;

  GtkWidget          *content;
  GtkSpinner         *spinner;
  GtkLabel           *status_label;
  GtkStack           *stack;
  GtkLabel           *idle_label;
  GtkLabel           *error_label;
  GtkWidget          *result_box;
  GtkImage           *verdict_icon;
  GtkLabel           *verdict_label;
  GtkWidget          *chart_box;
  BsFrameChart       *chart;
  GtkLabel           *chart_caption;
  GtkLabel           *backtest_label;
  GtkLabel           *backtest_note;
  GtkWidget          *series_heading;
  BsFrameView        *series_view;

  BsEngineClient     *client;
  JsonNode           *rule;
  GCancellable       *cancellable;
  guint               debounce_id;
  JsonObject         *result;
  char               *error;
  char               *backtest_text;
  guint               n_firing;
  BsProfileVerbosity  verbosity;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_BUSY,
  N_PROPS
};

enum {
  STARTED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BsAlertPreviewPane, bs_alert_preview_pane, GTK_TYPE_WIDGET)

static void
set_busy (BsAlertPreviewPane *self,
          gboolean            busy)
{
  if (bs_preview_show_busy (GTK_WIDGET (self), self->spinner, self->result_box, busy))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
cancel_running (BsAlertPreviewPane *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
clear_result (BsAlertPreviewPane *self)
{
  g_clear_pointer (&self->result, json_object_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->backtest_text, g_free);
  self->n_firing = 0;
}

/* The engine names the field it refuses ("rule.condition.threshold"); say where it is. */
static char *
plain_error (const GError *error)
{
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE))
    return g_strdup_printf (_("The Business Engine did not answer, so there is no preview. "
                              "Check that it is running, then change the rule to try again. "
                              "(%s)"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_BAD_REQUEST))
    return g_strdup_printf (_("The engine cannot try this rule: %s"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_SERVER))
    return g_strdup_printf (_("The data source could not answer: %s"), error->message);
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    return g_strdup (_("This engine cannot preview alert rules; it may be an older version."));
  return g_strdup_printf (_("The preview failed: %s"), error->message);
}

static void
show_error (BsAlertPreviewPane *self,
            const char         *message)
{
  clear_result (self);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message);
  gtk_label_set_label (self->status_label, NULL);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Reading the answer */

static double
parse_time (JsonNode *node)
{
  g_autoptr(GDateTime) time = NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return INFINITY;
  time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  return time != NULL ? (double) g_date_time_to_unix (time) : INFINITY;
}

/* The rule's own labels (team=ops) are the same on every series: not worth a column. */
static gboolean
is_rule_label (BsAlertPreviewPane *self,
               const char         *name)
{
  JsonObject *rule = self->rule != NULL ? json_node_get_object (self->rule) : NULL;
  JsonObject *labels = bs_alert_get_object (rule, "labels");

  return (labels != NULL && json_object_has_member (labels, name)) ||
         g_str_has_prefix (name, "__");
}

static gboolean
series_wanted (JsonObject *item,
               gboolean    firing_only)
{
  return item != NULL &&
         (!firing_only || json_object_get_boolean_member_with_default (item, "fires", FALSE));
}

/* A frame of the first @max series (the engine ranks those firing, then those nearest to
 * firing, first), or only of the firing ones: one text column a label, then the value. */
static JsonObject *
series_frame (BsAlertPreviewPane *self,
              JsonArray          *series,
              gboolean            firing_only,
              guint               max)
{
  guint n = series != NULL ? MIN (json_array_get_length (series), max) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonObject *frame = json_object_new ();
  JsonArray *columns = json_array_new ();
  JsonArray *rows = json_array_new ();
  JsonObject *value_column = json_object_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (series, i);
      JsonObject *labels = bs_alert_get_object (item, "labels");
      g_autoptr(GList) members = labels != NULL ? json_object_get_members (labels) : NULL;

      if (!series_wanted (item, firing_only))
        continue;
      for (GList *l = members; l != NULL; l = l->next)
        if (!is_rule_label (self, l->data) &&
            !g_ptr_array_find_with_equal_func (names, l->data, g_str_equal, NULL))
          g_ptr_array_add (names, g_strdup (l->data));
    }

  for (guint i = 0; i < names->len; i++)
    {
      JsonObject *column = json_object_new ();

      json_object_set_string_member (column, "name", g_ptr_array_index (names, i));
      json_object_set_string_member (column, "type", "text");
      json_array_add_object_element (columns, column);
    }
  json_object_set_string_member (value_column, "name", _("Value now"));
  json_object_set_string_member (value_column, "type", "number");
  json_array_add_object_element (columns, value_column);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (series, i);
      JsonObject *labels = bs_alert_get_object (item, "labels");
      JsonNode *value = item != NULL ? json_object_get_member (item, "value") : NULL;
      JsonArray *row;

      if (!series_wanted (item, firing_only))
        continue;
      row = json_array_new ();
      for (guint j = 0; j < names->len; j++)
        {
          JsonNode *label = labels != NULL ? json_object_get_member (labels,
                                                                     g_ptr_array_index (names, j))
                                           : NULL;

          if (label != NULL && JSON_NODE_HOLDS_VALUE (label))
            json_array_add_element (row, json_node_copy (label));
          else
            json_array_add_null_element (row);
        }
      json_array_add_element (row, value != NULL ? json_node_copy (value)
                                                 : json_node_new (JSON_NODE_NULL));
      json_array_add_array_element (rows, row);
    }

  json_object_set_array_member (frame, "columns", columns);
  json_object_set_array_member (frame, "rows", rows);
  return frame;
}

static double
rule_number (BsAlertPreviewPane *self,
             const char         *name)
{
  JsonObject *condition = bs_alert_get_object (json_node_get_object (self->rule), "condition");
  JsonNode *node = condition != NULL ? json_object_get_member (condition, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

static char *
format_hours (double seconds)
{
  double hours = seconds / 3600.0;
  g_autoptr(JsonNode) node = NULL;

  /* Whole hours read best; below ten, a tenth still says something. */
  hours = hours < 10 ? round (hours * 10) / 10 : round (hours);
  node = json_node_init_double (json_node_alloc (), hours);
  return bs_frame_format_value (node, "number");
}

static char *
describe_backtest (JsonObject *backtest)
{
  gint64 days = json_object_get_int_member_with_default (backtest, "days", 7);
  gint64 firings = json_object_get_int_member_with_default (backtest, "firings", 0);
  double seconds = json_object_get_double_member_with_default (backtest, "firing_seconds", 0);
  g_autofree char *hours = format_hours (seconds);
  g_autofree char *minutes = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *period = NULL;

  /* Translators: the start of "Over the last 7 days this rule would …". */
  period = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Over the last %d day",
                                         "Over the last %d days", days), (int) days);
  if (firings == 0)
    /* Translators: "%s" is "Over the last 7 days". */
    return g_strdup_printf (_("%s this rule would not have fired."), period);

  if (seconds < 3600)
    {
      int n = MAX (1, (int) round (seconds / 60));

      minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", n), n);
      /* Translators: "%s" is "Over the last 7 days"; then a count and a duration. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s this rule would have fired %d time, for a total "
                                           "of %s.",
                                           "%s this rule would have fired %d times, for a "
                                           "total of %s.", firings),
                              period, (int) firings, minutes);
    }

  /* Translators: a number of hours, "2.5 hours"; the form follows the number rounded up. */
  duration = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hour", "%s hours",
                                           (gulong) ceil (seconds / 3600.0)), hours);
  /* Translators: "%s" is "Over the last 7 days"; then a count and a duration. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s this rule would have fired %d time, for a total "
                                       "of %s.",
                                       "%s this rule would have fired %d times, for a "
                                       "total of %s.", firings),
                          period, (int) firings, duration);
}

static gboolean
rule_matches (double   value,
              gpointer user_data)
{
  return bs_alert_rule_matches (user_data, value);
}

/* The bars of the series that would fire in the alert colour, by the rule's own test. */
static void
highlight_firing (BsAlertPreviewPane *self)
{
  g_autoptr(GError) error = NULL;
  BsAlertRule *rule = bs_alert_rule_from_json (self->rule, &error);

  if (rule == NULL)
    g_debug ("No highlight: %s", error->message);
  if (rule != NULL)
    bs_frame_chart_set_highlight_func (self->chart, rule_matches, rule,
                                       (GDestroyNotify) bs_alert_rule_free);
  else
    bs_frame_chart_set_highlight_func (self->chart, NULL, NULL, NULL);
}

static void
show_chart (BsAlertPreviewPane *self,
            JsonObject         *result,
            JsonArray          *series)
{
  JsonObject *chart = bs_alert_get_object (result, "chart");
  g_autoptr(JsonObject) nearest = NULL;
  JsonObject *backtest = bs_alert_get_object (result, "backtest");
  JsonArray *intervals = bs_alert_get_array (backtest, "intervals");
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (BsFrameChartInterval));
  double thresholds[2] = { rule_number (self, "threshold"), rule_number (self, "threshold2") };

  for (guint i = 0; intervals != NULL && i < json_array_get_length (intervals); i++)
    {
      JsonObject *interval = json_array_get_object_element (intervals, i);
      BsFrameChartInterval span;

      if (interval == NULL)
        continue;
      span.start = parse_time (json_object_get_member (interval, "start"));
      span.end = parse_time (json_object_get_member (interval, "end"));
      if (isfinite (span.start))
        g_array_append_val (spans, span);
    }

  /* Without a time column there is no history: the values now, as bars, still show how far
   * those nearest to it are from the threshold. */
  if (chart == NULL)
    nearest = series_frame (self, series, FALSE, BS_FRAME_CHART_MAX_SERIES);
  bs_frame_chart_set_frame (self->chart, chart != NULL ? chart : nearest);
  bs_frame_chart_set_thresholds (self->chart, thresholds, isnan (thresholds[1]) ? 1 : 2);
  highlight_firing (self);
  bs_frame_chart_set_intervals (self->chart, (BsFrameChartInterval *) spans->data, spans->len);
  gtk_widget_set_visible (self->chart_box,
                          bs_frame_chart_get_kind (self->chart) != BS_FRAME_CHART_KIND_NONE);

  if (self->verbosity == BS_PROFILE_VERBOSITY_MINIMAL)
    gtk_label_set_label (self->chart_caption, NULL);
  else if (chart != NULL && self->verbosity == BS_PROFILE_VERBOSITY_STEP_BY_STEP)
    gtk_label_set_label (self->chart_caption,
                         _("Each line is one of the series closest to firing, over the last 7 "
                           "days. The dashed line is the threshold you set; the shaded "
                           "stretches are when the rule would have fired."));
  else if (chart != NULL)
    gtk_label_set_label (self->chart_caption,
                         _("Last 7 days. Dashed: the threshold. Shaded: when it would have "
                           "fired."));
  else if (bs_frame_chart_get_kind (self->chart) == BS_FRAME_CHART_KIND_NUMBER)
    {
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), thresholds[0]);
      g_autofree char *threshold = bs_frame_format_value (node, "number");
      g_autofree char *caption = NULL;

      /* Translators: under a single figure; %s is the rule's threshold. */
      caption = g_strdup_printf (_("The value now. The rule compares it with %s."), threshold);
      gtk_label_set_label (self->chart_caption, caption);
    }
  else
    gtk_label_set_label (self->chart_caption,
                         _("The values now of those nearest to the threshold, which is the "
                           "dashed line."));
  gtk_widget_set_visible (GTK_WIDGET (self->chart_caption),
                          self->verbosity != BS_PROFILE_VERBOSITY_MINIMAL);
}

static void
show_verdict (BsAlertPreviewPane *self,
              gint64              firing,
              gint64              total)
{
  g_autofree char *text = NULL;

  if (total == 0)
    text = g_strdup (_("No data now: the query finds nothing to compare."));
  else if (firing == 0)
    text = g_strdup (total == 1 ? _("It would not fire now.")
                                : _("None would fire now."));
  else if (total == 1)
    text = g_strdup (_("It would fire now."));
  else
    /* Translators: "3 of 25 would fire now": series of an alert rule. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d would fire now.",
                                         "%d of %d would fire now.", firing),
                            (int) firing, (int) total);

  gtk_label_set_label (self->verdict_label, text);
  gtk_image_set_from_icon_name (self->verdict_icon, firing > 0 ? "dialog-warning-symbolic"
                                                               : "emblem-ok-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), firing > 0 ? "error" : "success");
}

static void
show_result (BsAlertPreviewPane *self,
             JsonObject         *result)
{
  JsonObject *now = bs_alert_get_object (result, "now");
  JsonArray *series = bs_alert_get_array (now, "series");
  JsonObject *backtest = bs_alert_get_object (result, "backtest");
  g_autoptr(JsonObject) firing = NULL;
  gint64 total = json_object_get_int_member_with_default (now, "total",
                                                         series != NULL
                                                         ? json_array_get_length (series) : 0);
  double elapsed = json_object_get_double_member_with_default (result, "elapsed_ms", 0);
  g_autofree char *elapsed_text = bs_preview_format_elapsed (elapsed);
  g_autofree char *status = NULL;
  const char *note;

  clear_result (self);
  self->result = json_object_ref (result);
  self->n_firing = json_object_get_int_member_with_default (now, "firing", 0);

  show_verdict (self, self->n_firing, total);
  show_chart (self, result, series);

  if (backtest != NULL)
    {
      self->backtest_text = describe_backtest (backtest);
      note = json_object_get_string_member_with_default (backtest, "note", NULL);
    }
  else
    {
      self->backtest_text =
        g_strdup (json_object_get_string_member_with_default (result, "backtest_unavailable",
                                                              _("There is no history to try "
                                                                "the rule on.")));
      note = NULL;
    }
  gtk_label_set_label (self->backtest_label, self->backtest_text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->backtest_label), "dim-label");
  if (backtest == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->backtest_label), "dim-label");
  gtk_label_set_label (self->backtest_note, note);
  gtk_widget_set_visible (GTK_WIDGET (self->backtest_note), note != NULL);

  firing = series_frame (self, series, TRUE, G_MAXUINT);
  bs_frame_view_set_frame (self->series_view, firing);
  gtk_widget_set_visible (self->series_heading, self->n_firing > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->series_view), self->n_firing > 0);

  /* Translators: how long the engine took to try the rule. */
  status = g_strdup_printf (_("%s ms"), elapsed_text);
  gtk_label_set_label (self->status_label, status);
  gtk_stack_set_visible_child_name (self->stack, "result");
}

/* Requests */

static void
preview_answered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BsAlertPreviewPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = plain_error (error);

      show_error (self, message);
    }
  else if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
           bs_alert_get_object (json_node_get_object (root), "now") == NULL)
    show_error (self, _("The preview failed: the engine’s answer was not understood."));
  else
    show_result (self, json_node_get_object (root));

  g_signal_emit (self, signals[FINISHED], 0);
}

static void
run_now (BsAlertPreviewPane *self)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;

  cancel_running (self);
  if (self->rule == NULL || self->client == NULL)
    {
      set_busy (self, FALSE);
      return;
    }

  body = json_object_new ();
  json_object_set_member (body, "rule", json_node_copy (self->rule));
  node = json_node_init_object (json_node_alloc (), body);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  bs_engine_client_request_async (self->client, "POST", "rules/preview", node,
                                  self->cancellable, preview_answered_cb, g_object_ref (self));
  g_signal_emit (self, signals[STARTED], 0);
}

static gboolean
debounce_cb (gpointer user_data)
{
  BsAlertPreviewPane *self = user_data;

  self->debounce_id = 0;
  run_now (self);

  return G_SOURCE_REMOVE;
}

/* Public API */

void
bs_alert_preview_pane_set_rule (BsAlertPreviewPane *self,
                                JsonNode           *rule,
                                const char         *reason)
{
  g_return_if_fail (BS_IS_ALERT_PREVIEW_PANE (self));
  g_return_if_fail (rule == NULL || JSON_NODE_HOLDS_OBJECT (rule));

  cancel_running (self);
  g_clear_pointer (&self->rule, json_node_unref);
  if (rule == NULL)
    {
      set_busy (self, FALSE);
      clear_result (self);
      gtk_label_set_label (self->status_label, NULL);
      gtk_label_set_label (self->idle_label,
                           reason != NULL ? reason
                                          : _("Choose what to watch and when to be told: the "
                                              "preview then shows what the rule would do."));
      gtk_stack_set_visible_child_name (self->stack, "idle");
      return;
    }

  self->rule = json_node_copy (rule);
  set_busy (self, TRUE);
  self->debounce_id = g_timeout_add (BS_ALERT_PREVIEW_PANE_DEBOUNCE_MS, debounce_cb, self);
}

void
bs_alert_preview_pane_refresh (BsAlertPreviewPane *self)
{
  g_return_if_fail (BS_IS_ALERT_PREVIEW_PANE (self));

  run_now (self);
}

void
bs_alert_preview_pane_set_client (BsAlertPreviewPane *self,
                                  BsEngineClient     *client)
{
  g_return_if_fail (BS_IS_ALERT_PREVIEW_PANE (self));
  g_return_if_fail (client == NULL || BS_IS_ENGINE_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  if (self->rule != NULL)
    run_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

void
bs_alert_preview_pane_set_verbosity (BsAlertPreviewPane *self,
                                     BsProfileVerbosity  verbosity)
{
  g_autoptr(JsonObject) result = NULL;

  g_return_if_fail (BS_IS_ALERT_PREVIEW_PANE (self));

  self->verbosity = verbosity;
  if (self->result != NULL)
    {
      result = json_object_ref (self->result);
      show_result (self, result);
    }
}

gboolean
bs_alert_preview_pane_get_busy (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), FALSE);

  return self->debounce_id != 0 || self->cancellable != NULL;
}

JsonObject *
bs_alert_preview_pane_get_result (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), NULL);

  return self->result;
}

const char *
bs_alert_preview_pane_get_error (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), NULL);

  return self->error;
}

guint
bs_alert_preview_pane_get_n_firing (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), 0);

  return self->n_firing;
}

const char *
bs_alert_preview_pane_get_backtest_text (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), NULL);

  return self->backtest_text;
}

BsFrameChart *
bs_alert_preview_pane_get_chart (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), NULL);

  return self->chart;
}

BsFrameView *
bs_alert_preview_pane_get_series_view (BsAlertPreviewPane *self)
{
  g_return_val_if_fail (BS_IS_ALERT_PREVIEW_PANE (self), NULL);

  return self->series_view;
}

/* GObject */

static void
bs_alert_preview_pane_dispose (GObject *object)
{
  BsAlertPreviewPane *self = BS_ALERT_PREVIEW_PANE (object);

  cancel_running (self);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_ALERT_PREVIEW_PANE);

  G_OBJECT_CLASS (bs_alert_preview_pane_parent_class)->dispose (object);
}

static void
bs_alert_preview_pane_finalize (GObject *object)
{
  BsAlertPreviewPane *self = BS_ALERT_PREVIEW_PANE (object);

  clear_result (self);
  g_clear_pointer (&self->rule, json_node_unref);

  G_OBJECT_CLASS (bs_alert_preview_pane_parent_class)->finalize (object);
}

static void
bs_alert_preview_pane_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BsAlertPreviewPane *self = BS_ALERT_PREVIEW_PANE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, bs_alert_preview_pane_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_alert_preview_pane_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CLIENT:
      bs_alert_preview_pane_set_client (BS_ALERT_PREVIEW_PANE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_alert_preview_pane_class_init (BsAlertPreviewPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_alert_preview_pane_dispose;
  object_class->finalize = bs_alert_preview_pane_finalize;
  object_class->get_property = bs_alert_preview_pane_get_property;
  object_class->set_property = bs_alert_preview_pane_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BS_TYPE_ENGINE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BS_TYPE_FRAME_CHART);
  g_type_ensure (BS_TYPE_FRAME_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-alert-preview-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, content);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, stack);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, idle_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, result_box);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, chart_box);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, chart);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, chart_caption);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, backtest_label);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, backtest_note);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, series_heading);
  gtk_widget_class_bind_template_child (widget_class, BsAlertPreviewPane, series_view);

  gtk_widget_class_set_css_name (widget_class, "alertpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_alert_preview_pane_init (BsAlertPreviewPane *self)
{
  self->verbosity = BS_PROFILE_VERBOSITY_BALANCED;
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_frame_view_set_empty_text (self->series_view, _("Nothing Would Fire"),
                                _("No series meets the condition now."));
  bs_alert_preview_pane_set_rule (self, NULL, NULL);
}

GtkWidget *
bs_alert_preview_pane_new (BsEngineClient *client)
{
  return g_object_new (BS_TYPE_ALERT_PREVIEW_PANE, "client", client, NULL);
}
