/* The rule list, the rule page and the silence window against a real engine: rules made
 * through the API (one of them personal to a viewer) are listed with their sentence and
 * state; the state, label and owner filters; bulk pause, resume, label and delete (after
 * confirming) change exactly the picked rules in the engine; the rule page shows a rule the
 * scheduler evaluates, pauses it and deletes it; a silence made from a rule matches it.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the widgets are drawn to PNG files there, wide and
 * narrow, for a person to look at.
 */
#define G_LOG_DOMAIN "bs-test-alert-list"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "bs-alert-format.h"
#include "bs-alert-list.h"
#include "bs-alert-rule-page.h"
#include "bs-contact-points-window.h"
#include "bs-silence-dialog.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

#define WAIT_MS 60000
/* The scheduler's first evaluation of a new rule, on a busy machine. */
#define EVALUATION_WAIT_MS 120000

static char *root;
static BsTestEngine *engine;
static gint64 demo_id;
static char *viewer_token;
static SoupServer *receiver;
static char *receiver_url;
static guint n_received;

/* The webhook the rule page's rule notifies: it takes everything. */
static void
on_webhook (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  n_received++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* --- the engine ------------------------------------------------------------------------ */

static JsonNode *
request (BsEngineClient *client,
         const char     *method,
         const char     *path,
         const char     *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json != NULL ? json_from_string (json, &error) : NULL;
  JsonNode *answer;

  g_assert_no_error (error);
  answer = bs_test_request (client, method, path, body, &error);
  g_assert_no_error (error);
  return answer;
}

/* A rule on the demo's sales: the number of sales over the last week, @condition 0. */
static gint64
make_rule (BsEngineClient *client,
           const char     *title,
           const char     *condition,
           const char     *team,
           const char     *visibility,
           gboolean        paused)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) answer = NULL;

  json = g_strdup_printf ("{\"title\": \"%s\", \"query\": {\"source\": %" G_GINT64_FORMAT ","
                          " \"table\": \"sales\", \"measure\": \"count-rows\","
                          " \"time\": {\"column\": \"sold_at\", \"range\": \"last-days\","
                          " \"count\": 7}},"
                          " \"condition\": {\"type\": \"%s\", \"threshold\": 0},"
                          " \"interval_seconds\": 10, \"labels\": {\"team\": \"%s\"},"
                          " \"visibility\": \"%s\", \"paused\": %s}",
                          title, demo_id, condition, team, visibility,
                          paused ? "true" : "false");
  answer = request (client, "POST", "rules", json);
  return json_object_get_int_member (json_node_get_object (answer), "id");
}

static JsonObject *
get_rule (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) answer = request (engine->client, "GET", path, NULL);

  return json_object_ref (json_node_get_object (answer));
}

static gboolean
rule_is_paused (gint64 id)
{
  g_autoptr(JsonObject) rule = get_rule (id);

  return json_object_get_boolean_member (rule, "paused");
}

static gboolean
rule_exists (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("rules/%" G_GINT64_FORMAT, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = bs_test_request (engine->client, "GET", path, NULL, &error);

  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND))
    return FALSE;
  g_assert_no_error (error);
  return TRUE;
}

static void
delete_all_rules (void)
{
  g_autoptr(JsonNode) answer = request (engine->client, "GET", "rules", NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (answer), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *rule = json_array_get_object_element (items, i);
      g_autofree char *path = g_strdup_printf ("rules/%" G_GINT64_FORMAT,
                                               json_object_get_int_member (rule, "id"));
      g_autoptr(JsonNode) gone = request (engine->client, "DELETE", path, NULL);
    }
}

/* --- the widgets ----------------------------------------------------------------------- */

static GtkWidget *
open_window (GtkWidget *child,
             int        width,
             int        height)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}


typedef struct
{
  BsAlertList *list;
  int          n_rules;
} ListWait;

static gboolean
list_settled (gpointer user_data)
{
  ListWait *wait = user_data;

  return !bs_alert_list_get_busy (wait->list) &&
         bs_alert_list_get_n_rules (wait->list) == wait->n_rules;
}

static void
wait_list (BsAlertList *list,
           int          n_rules)
{
  ListWait wait = { list, n_rules };

  g_assert_true (bs_test_wait_until (list_settled, &wait, WAIT_MS));
}

static gboolean
list_idle (gpointer user_data)
{
  return !bs_alert_list_get_busy (user_data);
}

static void
wait_idle (BsAlertList *list)
{
  g_assert_true (bs_test_wait_until (list_idle, list, WAIT_MS));
}

static GtkWidget *
row_of (BsAlertList *list,
        gint64       id)
{
  GtkListBox *box = bs_test_template_child (list, BS_TYPE_ALERT_LIST, "list_box");

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      JsonObject *rule = g_object_get_data (G_OBJECT (row), "bs-rule");

      if (rule != NULL && json_object_get_int_member (rule, "id") == id)
        return row;
    }
  return NULL;
}

/* The words of the state badge in @row. */
static const char *
badge_word (GtkWidget *row)
{
  GtkWidget *found = NULL;
  GtkWidget *child = row;

  /* Depth first through the row to the box with the "alert-state" class. */
  while (child != NULL && found == NULL)
    {
      if (gtk_widget_has_css_class (child, "alert-state"))
        found = child;
      else if (gtk_widget_get_first_child (child) != NULL)
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != row && gtk_widget_get_next_sibling (child) == NULL)
            child = gtk_widget_get_parent (child);
          child = child == row ? NULL : gtk_widget_get_next_sibling (child);
        }
    }
  g_assert_nonnull (found);
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_last_child (found)));
}

static gboolean silence_loaded (gpointer user_data);

/* The toplevel window of @type, or NULL. */
static gpointer
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gboolean rule_new_cb_called;

static void
new_rule_cb (BsAlertList *list,
             gpointer     user_data)
{
  rule_new_cb_called = TRUE;
}

static void
count_cb (GObject *object,
          int     *counter)
{
  (*counter)++;
}

static void
count_id_cb (GObject *object,
             gint64   id,
             int     *counter)
{
  g_assert_cmpint (id, >, 0);
  (*counter)++;
}

/* --- tests ----------------------------------------------------------------------------- */

static char *
delivery_text (const char *json_format,
               ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (json_format);

  /* "DAY" stands for today, so that the times read as times of today. */
  g_string_replace (text, "DAY", day, 0);
  json = g_string_free (g_steal_pointer (&text), FALSE);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  return bs_alert_describe_delivery (json_node_get_object (node));
}

static void
test_delivery_words (void)
{
  g_autofree char *delivered = delivery_text (
    "{\"status\": \"delivered\", \"attempts\": 1, \"delivered_at\": \"DAYT10:42:10Z\","
    " \"last_http_status\": 200, \"last_error\": null}");
  g_autofree char *failed = delivery_text (
    "{\"status\": \"failed\", \"attempts\": 1, \"delivered_at\": null,"
    " \"last_http_status\": 404, \"last_error\": \"Not Found: no such hook\"}");
  g_autofree char *refused = delivery_text (
    "{\"status\": \"failed\", \"attempts\": 1, \"last_http_status\": null,"
    " \"last_error\": \"No session bus: desktop notifications cannot be shown\"}");
  g_autofree char *retrying = delivery_text (
    "{\"status\": \"pending\", \"attempts\": 2, \"next_attempt_at\": \"DAYT10:45:00Z\","
    " \"last_http_status\": 503, \"last_error\": \"Service Unavailable\"}");
  g_autofree char *waiting = delivery_text (
    "{\"status\": \"pending\", \"attempts\": 0, \"next_attempt_at\": \"DAYT10:45:00Z\"}");
  g_autofree char *silenced = delivery_text ("{\"status\": \"silenced\", \"attempts\": 0}");

  g_assert_cmpstr (delivered, ==, "Delivered 10:42");
  g_assert_cmpstr (failed, ==, "Failed: the server answered 404 Not Found");
  g_assert_cmpstr (refused, ==, "Failed: No session bus: desktop notifications cannot be shown");
  g_assert_cmpstr (retrying, ==, "Retrying at 10:45 (the server answered 503 Service Unavailable)");
  g_assert_cmpstr (waiting, ==, "Waiting to be sent");
  g_assert_cmpstr (silenced, ==, "Silenced: not sent");
}

static void
test_empty (void)
{
  GtkWidget *list = bs_alert_list_new (engine->client);
  GtkWidget *window = open_window (list, 1180, 780);

  delete_all_rules ();
  bs_alert_list_set_verbosity (BS_ALERT_LIST (list), BS_PROFILE_VERBOSITY_STEP_BY_STEP);
  wait_list (BS_ALERT_LIST (list), 0);
  g_assert_cmpstr (bs_alert_list_get_page (BS_ALERT_LIST (list)), ==, "empty");

  g_signal_connect (list, "new-rule", G_CALLBACK (new_rule_cb), NULL);
  rule_new_cb_called = FALSE;
  g_assert_true (gtk_widget_activate_action (list, "alerts.new-rule", NULL));
  g_assert_true (rule_new_cb_called);
  bs_test_save_screenshot (window, "alert-list-empty-1180.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
list_failed (gpointer user_data)
{
  return g_strcmp0 (bs_alert_list_get_page (user_data), "error") == 0;
}

/* An engine that does not answer: a page that says so and offers to try again. */
static void
test_engine_gone (void)
{
  g_autofree char *url = bs_test_closed_url ();
  g_autoptr(BsEngineClient) gone = bs_engine_client_new (url, "no-token");
  GtkWidget *list = bs_alert_list_new (gone);
  GtkWidget *window = open_window (list, 1180, 780);
  AdwStatusPage *page;

  g_assert_true (bs_test_wait_until (list_failed, list, WAIT_MS));
  page = bs_test_template_child (list, BS_TYPE_ALERT_LIST, "error_page");
  g_test_message ("Error page: %s", adw_status_page_get_description (page));
  g_assert_nonnull (adw_status_page_get_description (page));
  g_assert_cmpint (bs_alert_list_get_n_rules (BS_ALERT_LIST (list)), ==, -1);
  g_assert_true (gtk_widget_activate_action (list, "alerts.refresh", NULL));
  g_assert_true (bs_test_wait_until (list_failed, list, WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gint64 low;        /* "Low sales": below 0, never fires */
  gint64 busy;       /* "Busy week": above 0, fires */
  gint64 returns;    /* "Returns watch": paused */
  gint64 personal;   /* "Ann's watch": a viewer's personal rule */
} Rules;

static void
make_rules (Rules *rules)
{
  g_autoptr(BsEngineClient) viewer = bs_engine_client_new (
    bs_engine_client_get_base_url (engine->client), viewer_token);

  delete_all_rules ();
  rules->low = make_rule (engine->client, "Low sales", "below", "ops", "shared", FALSE);
  rules->busy = make_rule (engine->client, "Busy week", "above", "sales", "shared", FALSE);
  rules->returns = make_rule (engine->client, "Returns watch", "above", "ops", "shared", TRUE);
  rules->personal = make_rule (viewer, "Ann’s watch", "below", "sales", "personal", FALSE);
}

static void
test_lists_and_filters (void)
{
  Rules rules;
  GtkWidget *list;
  GtkWidget *window;
  GtkDropDown *state_dropdown;
  GtkWidget *row;
  const char *subtitle;
  int activated = 0;
  BsSilenceDialog *silence;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *matcher;

  make_rules (&rules);
  list = bs_alert_list_new (engine->client);
  window = open_window (list, 1180, 780);
  wait_list (BS_ALERT_LIST (list), 4);
  g_assert_cmpstr (bs_alert_list_get_page (BS_ALERT_LIST (list)), ==, "rules");
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 4);

  /* By title, as the engine sorts them. */
  g_assert_cmpint (bs_alert_list_get_shown_id (BS_ALERT_LIST (list), 0), ==, rules.personal);
  g_assert_cmpint (bs_alert_list_get_shown_id (BS_ALERT_LIST (list), 1), ==, rules.busy);
  g_assert_cmpint (bs_alert_list_get_shown_id (BS_ALERT_LIST (list), 2), ==, rules.low);
  g_assert_cmpint (bs_alert_list_get_shown_id (BS_ALERT_LIST (list), 3), ==, rules.returns);

  /* Each row: the sentence of the rule, and a badge with a word as well as a colour. */
  row = row_of (BS_ALERT_LIST (list), rules.low);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("Row of Low sales: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "below 0"));
  g_assert_nonnull (strstr (subtitle, "team = ops"));
  g_assert_cmpstr (badge_word (row_of (BS_ALERT_LIST (list), rules.returns)), ==, "Paused");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                              row_of (BS_ALERT_LIST (list), rules.personal))),
                            "Personal rule of Ann"));

  g_signal_connect (list, "rule-activated", G_CALLBACK (count_id_cb), &activated);
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpint (activated, ==, 1);

  /* The state filter, through its dropdown: the paused rule only. */
  state_dropdown = bs_test_template_child (list, BS_TYPE_ALERT_LIST, "state_dropdown");
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (state_dropdown));
       i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (
        gtk_drop_down_get_model (state_dropdown), i);

      if (g_str_equal (gtk_string_object_get_string (item), "Paused"))
        gtk_drop_down_set_selected (state_dropdown, i);
    }
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 1);
  g_assert_cmpint (bs_alert_list_get_shown_id (BS_ALERT_LIST (list), 0), ==, rules.returns);

  /* By label, by owner, and together. */
  bs_alert_list_set_filters (BS_ALERT_LIST (list), NULL, "team=ops", NULL);
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 2);
  bs_alert_list_set_filters (BS_ALERT_LIST (list), NULL, NULL, "Ann");
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 1);
  g_assert_cmpint (bs_alert_list_get_shown_id (BS_ALERT_LIST (list), 0), ==, rules.personal);
  bs_alert_list_set_filters (BS_ALERT_LIST (list), "paused", "team=sales", NULL);
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 0);
  g_assert_cmpstr (bs_alert_list_get_page (BS_ALERT_LIST (list)), ==, "no-match");
  bs_test_save_screenshot (window, "alert-list-no-match-1180.png");
  g_assert_true (gtk_widget_activate_action (list, "alerts.clear-filters", NULL));
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 4);

  /* The Silences button, with one rule picked, starts from that rule. */
  bs_alert_list_set_picked (BS_ALERT_LIST (list), rules.low, TRUE);
  g_assert_true (gtk_widget_activate_action (list, "alerts.silences", NULL));
  silence = BS_SILENCE_DIALOG (find_toplevel (BS_TYPE_SILENCE_DIALOG));
  g_assert_true (bs_test_wait_until (silence_loaded, silence, WAIT_MS));
  body = bs_silence_dialog_build (silence);
  matcher = json_array_get_object_element (json_object_get_array_member (
    json_node_get_object (body), "matchers"), 0);
  g_assert_cmpstr (json_object_get_string_member (matcher, "label"), ==, "rule_uid");
  g_assert_cmpstr (json_object_get_string_member (matcher, "value"), ==,
                   json_object_get_string_member (bs_alert_list_get_rule (BS_ALERT_LIST (list),
                                                                          rules.low), "uid"));
  gtk_window_destroy (GTK_WINDOW (silence));
  g_assert_nonnull (bs_alert_list_open_contact_points (BS_ALERT_LIST (list)));
  gtk_window_destroy (GTK_WINDOW (find_toplevel (BS_TYPE_CONTACT_POINTS_WINDOW)));
  bs_alert_list_pick_all (BS_ALERT_LIST (list), FALSE);

  /* A refresh keeps the filters. */
  bs_alert_list_set_filters (BS_ALERT_LIST (list), NULL, "team=ops", NULL);
  bs_alert_list_refresh (BS_ALERT_LIST (list));
  wait_list (BS_ALERT_LIST (list), 4);
  g_assert_cmpuint (bs_alert_list_get_n_shown (BS_ALERT_LIST (list)), ==, 2);

  /* A refresh rebuilds the rows; the keyboard focus stays on the same rule. */
  gtk_widget_grab_focus (row_of (BS_ALERT_LIST (list), rules.low));
  bs_alert_list_refresh (BS_ALERT_LIST (list));
  wait_list (BS_ALERT_LIST (list), 4);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == row_of (BS_ALERT_LIST (list),
                                                                   rules.low));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bulk (void)
{
  Rules rules;
  BsAlertList *list;
  GtkWidget *window;
  GtkButton *pause_button;
  GtkButton *resume_button;
  GtkWidget *dialog;
  g_autoptr(JsonObject) labelled = NULL;
  g_autoptr(JsonObject) untouched = NULL;
  g_autoptr(JsonNode) point = NULL;
  g_autofree char *json = NULL;
  gint64 point_id;

  make_rules (&rules);
  list = BS_ALERT_LIST (bs_alert_list_new (engine->client));
  window = open_window (GTK_WIDGET (list), 1180, 780);
  wait_list (list, 4);
  pause_button = bs_test_template_child (list, BS_TYPE_ALERT_LIST, "pause_button");
  resume_button = bs_test_template_child (list, BS_TYPE_ALERT_LIST, "resume_button");

  /* Two running rules and the paused one: the bar says what each button changes. */
  bs_alert_list_set_picked (list, rules.low, TRUE);
  bs_alert_list_set_picked (list, rules.busy, TRUE);
  bs_alert_list_set_picked (list, rules.returns, TRUE);
  g_assert_cmpuint (bs_alert_list_get_n_picked (list), ==, 3);
  g_assert_cmpstr (gtk_button_get_label (pause_button), ==, "_Pause 2 Rules");
  g_assert_cmpstr (gtk_button_get_label (resume_button), ==, "_Resume 1 Rule");
  bs_test_save_screenshot (window, "alert-list-bulk-1180.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "alerts.pause-picked", NULL));
  wait_idle (list);
  g_assert_true (rule_is_paused (rules.low));
  g_assert_true (rule_is_paused (rules.busy));
  g_assert_false (rule_is_paused (rules.personal));
  g_assert_cmpstr (bs_alert_list_get_last_result (list), ==, "2 rules paused.");
  g_assert_cmpstr (badge_word (row_of (list, rules.low)), ==, "Paused");
  /* All three picked ones are paused now: only resuming is offered. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (pause_button))));
  g_assert_cmpstr (gtk_button_get_label (resume_button), ==, "_Resume 3 Rules");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "alerts.resume-picked", NULL));
  wait_idle (list);
  g_assert_false (rule_is_paused (rules.low));
  g_assert_false (rule_is_paused (rules.busy));
  g_assert_false (rule_is_paused (rules.returns));

  /* A label on two of them. */
  bs_alert_list_pick_all (list, FALSE);
  bs_alert_list_set_picked (list, rules.low, TRUE);
  bs_alert_list_set_picked (list, rules.personal, TRUE);
  bs_alert_list_set_label_picked (list, "region", "emea");
  wait_idle (list);
  labelled = get_rule (rules.personal);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (labelled,
                                                                                 "labels"),
                                                  "region"), ==, "emea");
  untouched = get_rule (rules.busy);
  g_assert_false (json_object_has_member (json_object_get_object_member (untouched, "labels"),
                                          "region"));

  /* A contact point for two of them, and none for one of those again. */
  json = g_strdup_printf ("{\"name\": \"Bulk hook\", \"kind\": \"webhook\", \"url\": \"%s\"}",
                          receiver_url);
  point = request (engine->client, "POST", "contact-points", json);
  point_id = json_object_get_int_member (json_node_get_object (point), "id");
  bs_alert_list_set_contact_point_picked (list, point_id);
  wait_idle (list);
  g_clear_pointer (&labelled, json_object_unref);
  labelled = get_rule (rules.low);
  g_assert_cmpint (json_object_get_int_member (labelled, "contact_point_id"), ==, point_id);
  g_clear_pointer (&labelled, json_object_unref);
  labelled = get_rule (rules.personal);
  g_assert_cmpint (json_object_get_int_member (labelled, "contact_point_id"), ==, point_id);
  bs_alert_list_set_picked (list, rules.personal, FALSE);
  bs_alert_list_set_contact_point_picked (list, 0);
  wait_idle (list);
  g_clear_pointer (&labelled, json_object_unref);
  labelled = get_rule (rules.low);
  g_assert_true (json_object_get_null_member (labelled, "contact_point_id"));
  g_clear_pointer (&labelled, json_object_unref);
  labelled = get_rule (rules.personal);
  g_assert_cmpint (json_object_get_int_member (labelled, "contact_point_id"), ==, point_id);

  /* Delete asks first; cancelling deletes nothing. */
  bs_alert_list_pick_all (list, FALSE);
  bs_alert_list_set_picked (list, rules.low, TRUE);
  bs_alert_list_set_picked (list, rules.returns, TRUE);
  dialog = bs_alert_list_delete_picked (list);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Delete 2 Rules?");
  bs_test_save_screenshot (dialog, "alert-list-delete-confirm.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_idle (list);
  g_assert_true (rule_exists (rules.low));

  dialog = bs_alert_list_delete_picked (list);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  wait_list (list, 2);
  g_assert_false (rule_exists (rules.low));
  g_assert_false (rule_exists (rules.returns));
  g_assert_true (rule_exists (rules.busy));
  g_assert_cmpuint (bs_alert_list_get_n_picked (list), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  BsAlertList *list;
  gint64       id;
} FiringWait;

/* Refreshes the list until rule @id is firing. */
static gboolean
rule_fires (gpointer user_data)
{
  FiringWait *wait = user_data;
  JsonObject *rule;

  bs_alert_list_refresh (wait->list);
  wait_idle (wait->list);
  rule = bs_alert_list_get_rule (wait->list, wait->id);
  return rule != NULL &&
         g_strcmp0 (bs_alert_rule_badge_state (rule), "firing") == 0;
}

static void
test_screenshots (void)
{
  FiringWait wait;
  Rules rules;
  BsAlertList *list;
  GtkWidget *window;

  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Only draws for a person to look at (set BS_TEST_SCREENSHOT_DIR)");
      return;
    }

  make_rules (&rules);
  list = BS_ALERT_LIST (bs_alert_list_new (engine->client));
  bs_alert_list_set_verbosity (list, BS_PROFILE_VERBOSITY_STEP_BY_STEP);
  window = open_window (GTK_WIDGET (list), 1180, 780);
  wait_list (list, 4);
  /* As a person sees it: once the engine checked the rules. */
  wait.list = list;
  wait.id = rules.busy;
  g_assert_true (bs_test_wait_until (rule_fires, &wait, EVALUATION_WAIT_MS));
  bs_test_save_screenshot (window, "alert-list-1180.png");
  bs_alert_list_set_picked (list, rules.busy, TRUE);
  bs_alert_list_set_picked (list, rules.returns, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 780);
  bs_test_save_screenshot (window, "alert-list-400.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);
  bs_test_save_screenshot (window, "alert-list-dark-1180.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the rule page --------------------------------------------------------------------- */

static gboolean
page_idle (gpointer user_data)
{
  return !bs_alert_rule_page_get_busy (user_data) &&
         bs_alert_rule_page_get_rule (user_data) != NULL;
}

static gboolean
page_has_history (gpointer user_data)
{
  BsAlertRulePage *page = user_data;
  const char *delivery;

  bs_alert_rule_page_refresh (page);
  bs_test_wait_until (page_idle, page, WAIT_MS);
  delivery = bs_alert_rule_page_get_delivery_text (page, 0);
  return bs_alert_rule_page_get_n_history (page) > 0 &&
         bs_alert_rule_page_get_n_series (page) > 0 &&
         delivery != NULL && g_str_has_prefix (delivery, "Delivered ");
}

/* The scrolled window on show inside @widget (a stack's hidden pages have their own). */
static GtkWidget *
find_mapped_scrolled (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = find_mapped_scrolled (widget);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  bs_test_wait_until (never, NULL, 300);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static gboolean
silence_loaded (gpointer user_data)
{
  return !bs_silence_dialog_get_busy (user_data) &&
         bs_silence_dialog_get_n_silences (user_data) >= 0;
}

static gboolean
silence_listed (gpointer user_data)
{
  return !bs_silence_dialog_get_busy (user_data) &&
         bs_silence_dialog_get_n_silences (user_data) == 1;
}

static gboolean
silence_gone (gpointer user_data)
{
  return !bs_silence_dialog_get_busy (user_data) &&
         bs_silence_dialog_get_n_silences (user_data) == 0;
}

static gboolean
counter_is_one (gpointer user_data)
{
  return *(int *) user_data == 1;
}

static void
rule_deleted_cb (BsAlertRulePage *page,
                 gint64           id,
                 gint64          *out_id)
{
  *out_id = id;
}

static void
test_rule_page (void)
{
  Rules rules;
  BsAlertRulePage *page;
  GtkWidget *window;
  GtkWindow *silence;
  JsonObject *rule;
  int back = 0;
  int edit = 0;
  gint64 deleted = 0;
  g_autoptr(JsonNode) silences = NULL;
  g_autoptr(JsonNode) point = NULL;
  g_autoptr(JsonNode) bulk = NULL;
  g_autofree char *json = NULL;
  JsonArray *items;
  JsonArray *matchers;
  JsonObject *item;
  JsonObject *matcher;
  GtkWidget *dialog;

  make_rules (&rules);
  /* It tells a webhook, so that the page has deliveries to show. */
  json = g_strdup_printf ("{\"name\": \"Sales hook\", \"kind\": \"webhook\", \"url\": \"%s\"}",
                          receiver_url);
  point = request (engine->client, "POST", "contact-points", json);
  g_free (json);
  json = g_strdup_printf ("{\"ids\": [%" G_GINT64_FORMAT "], \"action\": \"set-contact-point\","
                          " \"contact_point_id\": %" G_GINT64_FORMAT "}", rules.busy,
                          json_object_get_int_member (json_node_get_object (point), "id"));
  bulk = request (engine->client, "POST", "rules/bulk", json);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (bulk), "results"), 0), "ok"));

  page = BS_ALERT_RULE_PAGE (bs_alert_rule_page_new (engine->client));
  bs_alert_rule_page_set_verbosity (page, BS_PROFILE_VERBOSITY_STEP_BY_STEP);
  window = open_window (GTK_WIDGET (page), 1180, 780);
  bs_alert_rule_page_set_rule (page, rules.busy);
  g_assert_true (bs_test_wait_until (page_idle, page, WAIT_MS));
  rule = bs_alert_rule_page_get_rule (page);
  g_assert_cmpstr (json_object_get_string_member (rule, "title"), ==, "Busy week");
  g_assert_nonnull (strstr (gtk_label_get_label (bs_test_template_child (page,
                                                                         BS_TYPE_ALERT_RULE_PAGE,
                                                                         "sentence_label")),
                            "above 0"));

  /* The scheduler evaluates it: a series starts firing (no "for"), the change is in the
   * history, and the webhook got the notification, which the page says in words. */
  g_assert_true (bs_test_wait_until (page_has_history, page, EVALUATION_WAIT_MS));
  rule = bs_alert_rule_page_get_rule (page);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (rule,
                                                                                 "status"),
                                                  "state"), ==, "firing");
  g_assert_cmpint (bs_alert_rule_page_get_n_notifications (page), >=, 1);
  g_assert_cmpuint (n_received, >=, 1);
  g_test_message ("Delivery: %s", bs_alert_rule_page_get_delivery_text (page, 0));
  g_assert_cmpstr (adw_action_row_get_subtitle (bs_test_template_child (page,
                                                                        BS_TYPE_ALERT_RULE_PAGE,
                                                                        "contact_row")), ==,
                   "Sales hook");
  bs_test_save_screenshot (window, "alert-rule-page-1180.png");
  scroll_to_end (GTK_WIDGET (page));
  bs_test_save_screenshot (window, "alert-rule-page-history-1180.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 780);
  bs_test_save_screenshot (window, "alert-rule-page-400.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);

  g_signal_connect (page, "back", G_CALLBACK (count_cb), &back);
  g_signal_connect (page, "edit-rule", G_CALLBACK (count_id_cb), &edit);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "rule.edit", NULL));
  g_assert_cmpint (edit, ==, 1);

  /* Pause, then resume, from the page. */
  bs_alert_rule_page_toggle_paused (page);
  g_assert_true (bs_test_wait_until (page_idle, page, WAIT_MS));
  g_assert_true (rule_is_paused (rules.busy));
  g_assert_true (json_object_get_boolean_member (bs_alert_rule_page_get_rule (page), "paused"));
  bs_alert_rule_page_toggle_paused (page);
  g_assert_true (bs_test_wait_until (page_idle, page, WAIT_MS));
  g_assert_false (rule_is_paused (rules.busy));

  /* A silence for this rule, from the page: its matcher is the rule's uid. */
  silence = bs_alert_rule_page_silence (page);
  g_assert_nonnull (silence);
  g_assert_true (bs_test_wait_until (silence_loaded, silence, WAIT_MS));
  g_assert_null (bs_silence_dialog_get_error (BS_SILENCE_DIALOG (silence)));
  g_assert_cmpint (bs_silence_dialog_get_n_silences (BS_SILENCE_DIALOG (silence)), ==, 0);
  g_assert_cmpuint (bs_silence_dialog_get_n_matchers (BS_SILENCE_DIALOG (silence)), ==, 1);
  bs_silence_dialog_set_duration (BS_SILENCE_DIALOG (silence), 3600);
  bs_silence_dialog_set_comment (BS_SILENCE_DIALOG (silence), "Stock-take");
  bs_silence_dialog_submit (BS_SILENCE_DIALOG (silence));
  g_assert_true (bs_test_wait_until (silence_listed, silence, WAIT_MS));
  g_assert_null (bs_silence_dialog_get_error (BS_SILENCE_DIALOG (silence)));
  bs_test_save_screenshot (GTK_WIDGET (silence), "silence-dialog.png");
  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") != NULL)
    {
      bs_silence_dialog_add_matcher (BS_SILENCE_DIALOG (silence), "team", TRUE, "sales");
      gtk_window_set_default_size (silence, 360, 640);
      bs_test_save_screenshot (GTK_WIDGET (silence), "silence-dialog-360.png");
      gtk_window_set_default_size (silence, 600, 640);
    }

  silences = request (engine->client, "GET", "silences", NULL);
  items = json_object_get_array_member (json_node_get_object (silences), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "comment"), ==, "Stock-take");
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "active");
  matchers = json_object_get_array_member (item, "matchers");
  g_assert_cmpuint (json_array_get_length (matchers), ==, 1);
  matcher = json_array_get_object_element (matchers, 0);
  g_assert_cmpstr (json_object_get_string_member (matcher, "label"), ==, "rule_uid");
  g_assert_cmpstr (json_object_get_string_member (matcher, "op"), ==, "=");
  g_assert_cmpstr (json_object_get_string_member (matcher, "value"), ==,
                   json_object_get_string_member (bs_alert_rule_page_get_rule (page), "uid"));

  /* Expire ends it now: it leaves the list, the engine keeps it as expired. */
  bs_silence_dialog_expire (BS_SILENCE_DIALOG (silence),
                            json_object_get_int_member (item, "id"));
  g_assert_true (bs_test_wait_until (silence_gone, silence, WAIT_MS));
  g_clear_pointer (&silences, json_node_unref);
  silences = request (engine->client, "GET", "silences?include_expired=true", NULL);
  items = json_object_get_array_member (json_node_get_object (silences), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "state"), ==, "expired");
  gtk_window_destroy (silence);

  /* Delete asks, then goes back. */
  g_signal_connect (page, "rule-deleted", G_CALLBACK (rule_deleted_cb), &deleted);
  dialog = bs_alert_rule_page_delete (page);
  g_assert_nonnull (dialog);
  bs_test_save_screenshot (dialog, "alert-rule-delete-confirm.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  g_assert_true (bs_test_wait_until (counter_is_one, &back, WAIT_MS));
  g_assert_cmpint (deleted, ==, rules.busy);
  g_assert_false (rule_exists (rules.busy));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonNode) token = NULL;
  g_autofree char *base = NULL;
  int status;

  g_setenv ("TZ", "UTC", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/bs/alert-format/delivery-words", test_delivery_words);
  g_test_add_func ("/bs/alert-list/empty", test_empty);
  g_test_add_func ("/bs/alert-list/engine-gone", test_engine_gone);
  g_test_add_func ("/bs/alert-list/lists-and-filters", test_lists_and_filters);
  g_test_add_func ("/bs/alert-list/bulk", test_bulk);
  g_test_add_func ("/bs/alert-list/screenshots", test_screenshots);
  g_test_add_func ("/bs/alert-rule-page/evaluated", test_rule_page);

  receiver = bs_test_http_server_new (on_webhook, NULL, &base);
  receiver_url = g_strconcat (base, "hook", NULL);

  engine = bs_test_engine_start_in (root);
  demo_id = bs_test_find_demo_source (engine->client);
  token = request (engine->client, "POST", "tokens", "{\"name\": \"Ann\", \"role\": \"viewer\"}");
  viewer_token = g_strdup (json_object_get_string_member (json_node_get_object (token),
                                                          "token"));
  status = g_test_run ();

  bs_test_engine_stop (engine);
  soup_server_disconnect (receiver);
  g_clear_object (&receiver);
  g_free (receiver_url);
  bs_test_remove_tree (root);
  g_free (root);
  g_free (viewer_token);

  return status;
}
