#define G_LOG_DOMAIN "test-engine-delivery"

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bs-alert-store.h"
#include "bs-contact-point.h"
#include "bs-engine-test.h"
#include "bs-notification-outbox.h"
#include "bs-notification-sender.h"
#include "bs-store-private.h"
#include "bs-test-util.h"

/* Delivery of the outbox: the sender in process against a SoupServer on port 0 (exact
 * answers: 200, 4xx, 429/503 with Retry-After, timeouts, refusals, a desktop service on the
 * test's private bus), then the real engine killed with SIGKILL during 1,000 deliveries to
 * tests/alerts/webhook-receiver.py. */

#define WAIT_SECONDS 20

static const char *FIRING_PAYLOAD =
  "{\"kind\": \"firing\", \"status\": \"firing\","
  " \"rule\": {\"id\": 1, \"uid\": \"low-stock\", \"title\": \"Low stock\","
  "            \"description\": \"When the sum of units is below 100\"},"
  " \"evaluated_at\": \"2026-11-24T10:00:00Z\","
  " \"alerts\": [{\"status\": \"firing\","
  "              \"labels\": {\"alertname\": \"Low stock\", \"rule_uid\": \"low-stock\","
  "                         \"product\": \"Widget\"},"
  "              \"annotations\": {\"summary\": \"Widget is low: 42\", \"description\": \"\"},"
  "              \"value\": 42.0, \"starts_at\": \"2026-11-24T09:50:00Z\", \"ends_at\": null}],"
  " \"dashboard_uid\": null, \"panel_id\": null}";

static const char *RESOLVED_PAYLOAD =
  "{\"kind\": \"resolved\", \"status\": \"resolved\","
  " \"rule\": {\"id\": 1, \"uid\": \"low-stock\", \"title\": \"Low stock\"},"
  " \"evaluated_at\": \"2026-11-24T11:00:00Z\","
  " \"alerts\": [{\"status\": \"resolved\", \"labels\": {\"product\": \"Widget\"},"
  "              \"annotations\": {\"summary\": \"Widget is fine again\"},"
  "              \"value\": 180.0, \"starts_at\": \"2026-11-24T09:50:00Z\","
  "              \"ends_at\": \"2026-11-24T11:00:00Z\"}],"
  " \"dashboard_uid\": null, \"panel_id\": null}";

/* --- an in-process receiver whose answers the test sets ------------------------------ */

typedef struct
{
  guint  status;
  char  *retry_after;
  char  *body;
  guint  pause_ms;        /* answer after this long; G_MAXUINT: never */
} Answer;

typedef struct
{
  char *path;
  char *key;
  char *content_type;
  char *body;
} Request;

typedef struct
{
  char                 *dir;
  BsStore              *store;
  BsSecretStore        *secrets;
  SoupServer           *server;
  char                 *base_url;
  GPtrArray            *requests;      /* Request* */
  GQueue                answers;       /* Answer*; empty: 200 */
  guint                 open_requests;
  guint                 max_open_requests;
  GPtrArray            *paused;        /* SoupServerMessage* never answered */
  BsNotificationSender *sender;
} Fixture;

static void
answer_free (Answer *answer)
{
  g_free (answer->retry_after);
  g_free (answer->body);
  g_free (answer);
}

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->key);
  g_free (request->content_type);
  g_free (request->body);
  g_free (request);
}

static void
push_answer (Fixture    *fixture,
             guint       status,
             const char *retry_after,
             const char *body,
             guint       pause_ms)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->status = status;
  answer->retry_after = g_strdup (retry_after);
  answer->body = g_strdup (body);
  answer->pause_ms = pause_ms;
  g_queue_push_tail (&fixture->answers, answer);
}

static void
set_answer (SoupServerMessage *msg,
            Answer            *answer)
{
  const char *body = answer->body != NULL ? answer->body : "{\"ok\": true}";

  soup_server_message_set_status (msg, answer->status, NULL);
  if (answer->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", answer->retry_after);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

typedef struct
{
  Fixture           *fixture;
  SoupServerMessage *msg;
  Answer            *answer;
} Paused;

static gboolean
on_unpause (gpointer user_data)
{
  Paused *paused = user_data;

  set_answer (paused->msg, paused->answer);
  soup_server_message_unpause (paused->msg);
  paused->fixture->open_requests--;
  answer_free (paused->answer);
  g_object_unref (paused->msg);
  g_free (paused);
  return G_SOURCE_REMOVE;
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  Request *request = g_new0 (Request, 1);
  Answer *answer = g_queue_pop_head (&fixture->answers);
  Paused *paused;

  request->path = g_strdup (path);
  request->key = g_strdup (soup_message_headers_get_one (headers, "Idempotency-Key"));
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  request->body = g_strndup (body->data, body->length);
  g_ptr_array_add (fixture->requests, request);

  if (answer == NULL)
    {
      answer = g_new0 (Answer, 1);
      answer->status = SOUP_STATUS_OK;
    }

  fixture->open_requests++;
  fixture->max_open_requests = MAX (fixture->max_open_requests, fixture->open_requests);
  if (answer->pause_ms == 0)
    {
      set_answer (msg, answer);
      answer_free (answer);
      fixture->open_requests--;
      return;
    }

  soup_server_message_pause (msg);
  if (answer->pause_ms == G_MAXUINT)
    {
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      answer_free (answer);
      return;
    }

  paused = g_new0 (Paused, 1);
  paused->fixture = fixture;
  paused->msg = g_object_ref (msg);
  paused->answer = answer;
  g_timeout_add (answer->pause_ms, on_unpause, paused);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *secrets = NULL;
  g_autoslist(GUri) uris = NULL;

  fixture->dir = bs_test_make_tmp_dir ();
  path = g_build_filename (fixture->dir, "workspace.db", NULL);
  fixture->store = bs_store_open (path, &error);
  g_assert_no_error (error);
  secrets = g_build_filename (fixture->dir, "secrets", "secrets", NULL);
  fixture->secrets = bs_secret_store_new_for_file (secrets);
  fixture->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&fixture->answers);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, on_request, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base_url = g_uri_to_string (uris->data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->sender != NULL)
    {
      bs_notification_sender_stop (fixture->sender);
      bs_test_spin (50);
      g_clear_object (&fixture->sender);
    }
  for (guint i = 0; i < fixture->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (fixture->paused, i));
  g_ptr_array_unref (fixture->paused);
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_queue_clear_full (&fixture->answers, (GDestroyNotify) answer_free);
  g_ptr_array_unref (fixture->requests);
  g_clear_object (&fixture->secrets);
  g_clear_object (&fixture->store);
  bs_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->base_url);
}

/* A contact point in the store, its URL (base + @path) in the secret store. */
static gint64
add_contact_point (Fixture    *fixture,
                   const char *name,
                   const char *kind,
                   const char *url,
                   gboolean    send_resolved)
{
  g_autoptr(BsContactPoint) point = bs_contact_point_new (name, kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  point->send_resolved = send_resolved;
  bs_alert_store_insert_contact_point (fixture->store, point, &error);
  g_assert_no_error (error);
  if (url != NULL)
    {
      key = bs_contact_point_secret_key (point->id);
      bs_test_secret_store (fixture->secrets, key, url, &error);
      g_assert_no_error (error);
    }
  return point->id;
}

static char *
hook_url (Fixture    *fixture,
          const char *path)
{
  return g_strdup_printf ("%s%s", fixture->base_url, path);
}

static void
add_entry (Fixture            *fixture,
           const char         *key,
           gint64              contact_point_id,
           BsNotificationKind  kind,
           const char         *payload)
{
  BsAlertNotification notification = {
    .idempotency_key = (char *) key,
    .contact_point_id = contact_point_id,
    .kind = kind,
    .payload = json_from_string (payload, NULL),
  };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (notification.payload);
  bs_notification_outbox_add (fixture->store, &notification, g_get_real_time (), &error);
  g_assert_no_error (error);
  json_node_unref (notification.payload);
}

static BsOutboxEntry *
find_entry (Fixture    *fixture,
            gint64      contact_point_id,
            const char *key)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = bs_notification_outbox_list (fixture->store, 0, contact_point_id, 10000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      BsOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->idempotency_key, key))
        return g_ptr_array_steal_index (entries, i);
    }
  g_assert_not_reached ();
}

static void
ensure_sender (Fixture *fixture)
{
  if (fixture->sender == NULL)
    {
      fixture->sender = bs_notification_sender_new (fixture->store, fixture->secrets);
      bs_notification_sender_start (fixture->sender);
    }
  bs_notification_sender_wake (fixture->sender);
}

/* Runs the sender until the entry has had @attempts attempts or is no longer pending. */
static BsOutboxEntry *
run_until_attempts (Fixture    *fixture,
                    gint64      contact_point_id,
                    const char *key,
                    guint       attempts)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  ensure_sender (fixture);
  while (g_get_monotonic_time () < deadline)
    {
      BsOutboxEntry *entry = find_entry (fixture, contact_point_id, key);

      if ((entry->attempts >= attempts || !g_str_equal (entry->status, "pending"))
          && bs_notification_sender_get_in_flight (fixture->sender) == 0)
        return entry;
      bs_outbox_entry_free (entry);
      bs_test_spin (10);
    }
  g_error ("The notification %s did not reach %u attempts in %d s", key, attempts,
           WAIT_SECONDS);
}

static void
make_due_now (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  bs_store_exec (fixture->store, "UPDATE notifications SET next_attempt_at = 0 "
                                 "WHERE status = 'pending'", &error);
  g_assert_no_error (error);
}

/* --- in process ------------------------------------------------------------------------ */

static void
test_webhook (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/T0KEN-webhook");
  gint64 point = add_contact_point (fixture, "Ops hook", "webhook", url, TRUE);
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(JsonNode) body = NULL;
  Request *request;
  JsonObject *object;

  add_entry (fixture, "low-stock:firing:1000", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  entry = run_until_attempts (fixture, point, "low-stock:firing:1000", 1);

  g_assert_cmpstr (entry->status, ==, "delivered");
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpuint (entry->last_http_status, ==, 200);
  g_assert_cmpint (entry->delivered_at, >, 0);
  g_assert_null (entry->last_error);

  g_assert_cmpuint (fixture->requests->len, ==, 1);
  request = g_ptr_array_index (fixture->requests, 0);
  g_assert_cmpstr (request->path, ==, "/hook/T0KEN-webhook");
  g_assert_cmpstr (request->key, ==, "low-stock:firing:1000");
  g_assert_cmpstr (request->content_type, ==, "application/json");
  body = json_from_string (request->body, NULL);
  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "idempotency_key"), ==,
                   "low-stock:firing:1000");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "firing");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "rule"),
                                                  "title"), ==, "Low stock");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "alerts")),
                    ==, 1);

  /* Delivered entries are not taken again. */
  bs_test_spin (1200);
  g_assert_cmpuint (fixture->requests->len, ==, 1);
}

static void
test_slack_resolved (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "services/T000/B000/XXXX");
  gint64 point = add_contact_point (fixture, "Ops Slack", "slack", url, TRUE);
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonArray *blocks;
  JsonObject *header;
  Request *request;

  add_entry (fixture, "low-stock:resolved:2000", point, BS_NOTIFICATION_RESOLVED,
             RESOLVED_PAYLOAD);
  entry = run_until_attempts (fixture, point, "low-stock:resolved:2000", 1);
  g_assert_cmpstr (entry->status, ==, "delivered");

  g_assert_cmpuint (fixture->requests->len, ==, 1);
  request = g_ptr_array_index (fixture->requests, 0);
  g_assert_cmpstr (request->key, ==, "low-stock:resolved:2000");
  body = json_from_string (request->body, NULL);
  blocks = json_object_get_array_member (json_node_get_object (body), "blocks");
  header = json_array_get_object_element (blocks, 0);
  g_assert_cmpstr (json_object_get_string_member (header, "type"), ==, "header");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (header,
                                                                                 "text"),
                                                  "text"), ==, "Resolved: Low stock");
  g_assert_nonnull (strstr (request->body, "Widget is fine again"));
}

static void
test_resolved_not_wanted (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/quiet");
  gint64 point = add_contact_point (fixture, "Firing only", "webhook", url, FALSE);
  g_autoptr(BsOutboxEntry) resolved = NULL;
  g_autoptr(BsOutboxEntry) firing = NULL;

  add_entry (fixture, "r:resolved:1", point, BS_NOTIFICATION_RESOLVED, RESOLVED_PAYLOAD);
  add_entry (fixture, "r:firing:2", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  firing = run_until_attempts (fixture, point, "r:firing:2", 1);
  resolved = run_until_attempts (fixture, point, "r:resolved:1", 1);

  g_assert_cmpstr (firing->status, ==, "delivered");
  g_assert_cmpstr (resolved->status, ==, "silenced");
  g_assert_cmpuint (resolved->attempts, ==, 0);
  g_assert_nonnull (strstr (resolved->last_error, "resolved"));
  g_assert_cmpuint (fixture->requests->len, ==, 1);
  g_assert_cmpstr (((Request *) g_ptr_array_index (fixture->requests, 0))->key, ==,
                   "r:firing:2");
}

static void
assert_backoff_bounds (gint64 delay,
                       gint64 nominal)
{
  g_assert_cmpint (delay, >=, (gint64) (nominal * 0.8) - 1);
  g_assert_cmpint (delay, <=, (gint64) (nominal * 1.2) + 1);
}

static void
test_backoff_function (void)
{
  const gint64 base = BS_NOTIFICATION_SENDER_RETRY_BASE_USEC;
  const gint64 max = BS_NOTIFICATION_SENDER_RETRY_MAX_USEC;
  const gint64 expected[] = { 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600 };
  gint64 low = G_MAXINT64;
  gint64 high = 0;

  for (guint attempts = 1; attempts <= G_N_ELEMENTS (expected); attempts++)
    {
      gint64 nominal = expected[attempts - 1] * G_USEC_PER_SEC;

      g_assert_cmpint (bs_notification_sender_backoff (attempts, base, max, 0.0), ==, nominal);
      g_assert_cmpint (bs_notification_sender_backoff (attempts, base, max, -1.0), ==,
                       nominal * 8 / 10);
      g_assert_cmpint (bs_notification_sender_backoff (attempts, base, max, 1.0), ==,
                       nominal * 12 / 10);
    }

  /* Far past the cap it stays at 1 h ± 20 %, and out-of-range jitter is clamped. */
  assert_backoff_bounds (bs_notification_sender_backoff (500, base, max, 0.3), max);
  g_assert_cmpint (bs_notification_sender_backoff (3, base, max, 7.0), ==,
                   20 * G_USEC_PER_SEC * 12 / 10);

  for (guint i = 0; i < 10000; i++)
    {
      gint64 delay = bs_notification_sender_backoff (2, base, max,
                                                     g_random_double_range (-1.0, 1.0));

      assert_backoff_bounds (delay, 10 * G_USEC_PER_SEC);
      low = MIN (low, delay);
      high = MAX (high, delay);
    }
  /* The jitter really spreads: 10,000 draws cover most of the ±2 s band. */
  g_assert_cmpint (low, <, (gint64) (8.4 * G_USEC_PER_SEC));
  g_assert_cmpint (high, >, (gint64) (11.6 * G_USEC_PER_SEC));
}

static void
assert_next_attempt (BsOutboxEntry *entry,
                     gint64         before,
                     gint64         after,
                     gint64         nominal)
{
  g_assert_cmpint (entry->next_attempt_at, >=, before + (gint64) (nominal * 0.8));
  g_assert_cmpint (entry->next_attempt_at, <=, after + (gint64) (nominal * 1.2));
}

static void
test_backoff (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/flaky");
  gint64 point = add_contact_point (fixture, "Flaky", "webhook", url, TRUE);
  g_autoptr(BsOutboxEntry) first = NULL;
  g_autoptr(BsOutboxEntry) second = NULL;
  g_autoptr(BsOutboxEntry) third = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 before;

  push_answer (fixture, 500, NULL, "{\"error\": \"down\"}", 0);
  push_answer (fixture, 502, NULL, NULL, 0);
  add_entry (fixture, "flaky:firing:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);

  before = g_get_real_time ();
  first = run_until_attempts (fixture, point, "flaky:firing:1", 1);
  g_assert_cmpstr (first->status, ==, "pending");
  g_assert_cmpuint (first->last_http_status, ==, 500);
  g_assert_nonnull (strstr (first->last_error, "HTTP 500"));
  assert_next_attempt (first, before, g_get_real_time (), 5 * G_USEC_PER_SEC);

  make_due_now (fixture);
  before = g_get_real_time ();
  second = run_until_attempts (fixture, point, "flaky:firing:1", 2);
  g_assert_cmpstr (second->status, ==, "pending");
  g_assert_cmpuint (second->last_http_status, ==, 502);
  assert_next_attempt (second, before, g_get_real_time (), 10 * G_USEC_PER_SEC);

  make_due_now (fixture);
  third = run_until_attempts (fixture, point, "flaky:firing:1", 3);
  g_assert_cmpstr (third->status, ==, "delivered");
  g_assert_cmpuint (third->attempts, ==, 3);
  g_assert_null (third->last_error);
  g_assert_cmpuint (fixture->requests->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((Request *) g_ptr_array_index (fixture->requests, i))->key, ==,
                     "flaky:firing:1");
}

static void
test_retry_after_parse (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 300);
  g_autoptr(GDateTime) earlier = g_date_time_add_seconds (now, -300);
  g_autofree char *later_text = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  g_autofree char *earlier_text = soup_date_time_to_string (earlier, SOUP_DATE_HTTP);
  gint64 now_usec = g_date_time_to_unix (now) * G_USEC_PER_SEC;
  gint64 delay = -1;

  g_assert_true (bs_notification_sender_parse_retry_after ("120", now_usec, &delay));
  g_assert_cmpint (delay, ==, 120 * G_USEC_PER_SEC);
  g_assert_true (bs_notification_sender_parse_retry_after (" 7 ", now_usec, &delay));
  g_assert_cmpint (delay, ==, 7 * G_USEC_PER_SEC);
  g_assert_true (bs_notification_sender_parse_retry_after ("0", now_usec, &delay));
  g_assert_cmpint (delay, ==, 0);
  g_assert_true (bs_notification_sender_parse_retry_after (later_text, now_usec, &delay));
  g_assert_cmpint (delay, ==, 300 * G_USEC_PER_SEC);
  g_assert_true (bs_notification_sender_parse_retry_after (earlier_text, now_usec, &delay));
  g_assert_cmpint (delay, ==, 0);
  /* A year is cut to a day. */
  g_assert_true (bs_notification_sender_parse_retry_after ("31536000", now_usec, &delay));
  g_assert_cmpint (delay, ==, G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);

  g_assert_false (bs_notification_sender_parse_retry_after (NULL, now_usec, &delay));
  g_assert_false (bs_notification_sender_parse_retry_after ("", now_usec, &delay));
  g_assert_false (bs_notification_sender_parse_retry_after ("soon", now_usec, &delay));
  g_assert_false (bs_notification_sender_parse_retry_after ("-5", now_usec, &delay));
  g_assert_false (bs_notification_sender_parse_retry_after ("1.5", now_usec, &delay));
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/busy");
  gint64 point = add_contact_point (fixture, "Busy", "webhook", url, TRUE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) date = g_date_time_add_seconds (now, 300);
  g_autofree char *date_text = soup_date_time_to_string (date, SOUP_DATE_HTTP);
  g_autoptr(BsOutboxEntry) seconds = NULL;
  g_autoptr(BsOutboxEntry) http_date = NULL;
  g_autoptr(BsOutboxEntry) without = NULL;
  gint64 before;

  push_answer (fixture, 429, "120", "{\"error\": \"slow down\"}", 0);
  add_entry (fixture, "busy:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  before = g_get_real_time ();
  seconds = run_until_attempts (fixture, point, "busy:1", 1);
  g_assert_cmpstr (seconds->status, ==, "pending");
  g_assert_cmpuint (seconds->last_http_status, ==, 429);
  g_assert_cmpint (seconds->next_attempt_at, >=, before + 120 * G_USEC_PER_SEC);
  g_assert_cmpint (seconds->next_attempt_at, <=, g_get_real_time () + 120 * G_USEC_PER_SEC);

  push_answer (fixture, 503, date_text, NULL, 0);
  add_entry (fixture, "busy:2", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  http_date = run_until_attempts (fixture, point, "busy:2", 1);
  g_assert_cmpuint (http_date->last_http_status, ==, 503);
  /* HTTP dates have whole seconds. */
  g_assert_cmpint (http_date->next_attempt_at, >=,
                   (g_date_time_to_unix (date) - 1) * G_USEC_PER_SEC);
  g_assert_cmpint (http_date->next_attempt_at, <=,
                   (g_date_time_to_unix (date) + 1) * G_USEC_PER_SEC);

  push_answer (fixture, 503, NULL, NULL, 0);
  add_entry (fixture, "busy:3", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  before = g_get_real_time ();
  without = run_until_attempts (fixture, point, "busy:3", 1);
  assert_next_attempt (without, before, g_get_real_time (), 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (fixture->requests->len, ==, 3);
}

static void
test_permanent (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/gone");
  gint64 point = add_contact_point (fixture, "Gone", "webhook", url, TRUE);
  g_autofree char *long_body = g_strnfill (500, 'x');
  g_autofree char *head = g_strnfill (200, 'x');
  g_autofree char *too_much = g_strnfill (201, 'x');
  g_autoptr(BsOutboxEntry) not_found = NULL;
  g_autoptr(BsOutboxEntry) unauthorized = NULL;

  push_answer (fixture, 404, NULL, long_body, 0);
  add_entry (fixture, "gone:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  not_found = run_until_attempts (fixture, point, "gone:1", 1);
  g_assert_cmpstr (not_found->status, ==, "failed");
  g_assert_cmpuint (not_found->attempts, ==, 1);
  g_assert_cmpuint (not_found->last_http_status, ==, 404);
  g_assert_true (g_str_has_prefix (not_found->last_error, "HTTP 404"));
  g_assert_nonnull (strstr (not_found->last_error, head));
  g_assert_null (strstr (not_found->last_error, too_much));
  g_assert_null (strstr (not_found->last_error, "hook/gone"));

  push_answer (fixture, 401, NULL, "{\"error\": \"invalid token\"}", 0);
  add_entry (fixture, "gone:2", point, BS_NOTIFICATION_TEST, FIRING_PAYLOAD);
  unauthorized = run_until_attempts (fixture, point, "gone:2", 1);
  g_assert_cmpstr (unauthorized->status, ==, "failed");
  g_assert_cmpuint (unauthorized->last_http_status, ==, 401);
  g_assert_nonnull (strstr (unauthorized->last_error, "invalid token"));

  /* Failed for good means never again. */
  make_due_now (fixture);
  bs_test_spin (1200);
  g_assert_cmpuint (fixture->requests->len, ==, 2);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 point;
  gint64 before;

  /* A port that was free a moment ago and is closed now: nobody listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/hook/S3CRET-refused",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  point = add_contact_point (fixture, "Nobody", "webhook", url, TRUE);
  add_entry (fixture, "refused:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  before = g_get_real_time ();
  entry = run_until_attempts (fixture, point, "refused:1", 1);
  g_assert_cmpstr (entry->status, ==, "pending");
  g_assert_cmpuint (entry->last_http_status, ==, 0);
  g_assert_cmpstr (entry->last_error, ==, "The receiver refused the connection");
  assert_next_attempt (entry, before, g_get_real_time (), 5 * G_USEC_PER_SEC);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/stall");
  gint64 point = add_contact_point (fixture, "Stalls", "webhook", url, TRUE);
  g_autoptr(BsOutboxEntry) entry = NULL;
  gint64 started;

  g_setenv ("BS_SENDER_TIMEOUT_SECONDS", "1", TRUE);
  ensure_sender (fixture);
  g_unsetenv ("BS_SENDER_TIMEOUT_SECONDS");

  push_answer (fixture, 200, NULL, NULL, G_MAXUINT);
  add_entry (fixture, "stall:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  started = g_get_monotonic_time ();
  entry = run_until_attempts (fixture, point, "stall:1", 1);
  g_assert_cmpstr (entry->status, ==, "pending");
  g_assert_cmpstr (entry->last_error, ==, "The receiver did not answer within 1 s");
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC - 100000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_no_url (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 point = add_contact_point (fixture, "Forgotten", "webhook", NULL, TRUE);
  g_autoptr(BsOutboxEntry) entry = NULL;

  add_entry (fixture, "no-url:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  entry = run_until_attempts (fixture, point, "no-url:1", 1);
  g_assert_cmpstr (entry->status, ==, "failed");
  g_assert_nonnull (strstr (entry->last_error, "No URL is kept for the contact point "
                                               "“Forgotten”"));
  g_assert_cmpuint (fixture->requests->len, ==, 0);
}

static void
test_in_flight_limit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/slow");
  gint64 point = add_contact_point (fixture, "Slow", "webhook", url, TRUE);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("slow:%u", i);

      push_answer (fixture, 200, NULL, NULL, 100);
      add_entry (fixture, key, point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
    }

  ensure_sender (fixture);
  while (bs_notification_outbox_count_pending (fixture->store, &error) > 0
         && g_get_monotonic_time () < deadline)
    bs_test_spin (10);
  g_assert_no_error (error);
  g_assert_cmpint (bs_notification_outbox_count_pending (fixture->store, NULL), ==, 0);
  g_assert_cmpuint (fixture->requests->len, ==, 20);
  /* Four at a time, and really four: 20 × 100 ms took several rounds, not 20. */
  g_assert_cmpuint (fixture->max_open_requests, ==, BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT);
}

static void
test_stop_keeps_pending (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url = hook_url (fixture, "hook/stop");
  gint64 point = add_contact_point (fixture, "Stop", "webhook", url, TRUE);
  g_autoptr(BsOutboxEntry) during = NULL;
  g_autoptr(BsOutboxEntry) after = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  push_answer (fixture, 200, NULL, NULL, G_MAXUINT);
  add_entry (fixture, "stop:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  ensure_sender (fixture);
  while (fixture->requests->len == 0 && g_get_monotonic_time () < deadline)
    bs_test_spin (10);
  g_assert_cmpuint (fixture->requests->len, ==, 1);

  /* Stopped while the request is out: the entry is untouched, so it is sent again. */
  bs_notification_sender_stop (fixture->sender);
  bs_test_spin (100);
  g_assert_cmpuint (bs_notification_sender_get_in_flight (fixture->sender), ==, 0);
  g_clear_object (&fixture->sender);
  during = find_entry (fixture, point, "stop:1");
  g_assert_cmpstr (during->status, ==, "pending");
  g_assert_cmpuint (during->attempts, ==, 0);

  after = run_until_attempts (fixture, point, "stop:1", 1);
  g_assert_cmpstr (after->status, ==, "delivered");
  g_assert_cmpuint (fixture->requests->len, ==, 2);
  g_assert_cmpstr (((Request *) g_ptr_array_index (fixture->requests, 1))->key, ==,
                   "stop:1");
}

static void
test_deleted_contact_point (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  BsAlertNotification notification = {
    .idempotency_key = (char *) "orphan:1",
    .kind = BS_NOTIFICATION_FIRING,
    .payload = json_from_string (FIRING_PAYLOAD, NULL),
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row = FALSE;

  bs_notification_outbox_add (fixture->store, &notification, g_get_real_time (), &error);
  g_assert_no_error (error);
  json_node_unref (notification.payload);

  ensure_sender (fixture);
  while (bs_notification_outbox_count_pending (fixture->store, NULL) > 0
         && g_get_monotonic_time () < deadline)
    bs_test_spin (10);

  stmt = bs_store_prepare (fixture->store, "SELECT status, last_error FROM notifications "
                                           "WHERE idempotency_key = 'orphan:1'", "test",
                           &error);
  g_assert_no_error (error);
  g_assert_true (bs_store_step (fixture->store, stmt, &has_row, "test", &error));
  g_assert_true (has_row);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "failed");
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 1),
                            "contact point was deleted"));
  g_assert_cmpuint (fixture->requests->len, ==, 0);
}

/* --- desktop ---------------------------------------------------------------------------- */

static void
desktop_no_bus_child (void)
{
  Fixture fixture = { 0 };
  g_autoptr(BsOutboxEntry) entry = NULL;
  gint64 point;

  fixture_set_up (&fixture, NULL);
  point = add_contact_point (&fixture, "My desktop", "desktop", NULL, TRUE);
  add_entry (&fixture, "desktop:nobus", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  entry = run_until_attempts (&fixture, point, "desktop:nobus", 1);
  g_assert_cmpstr (entry->status, ==, "failed");
  g_assert_nonnull (strstr (entry->last_error, "no desktop session bus"));
  fixture_tear_down (&fixture, NULL);
}

/* In a child process started without a bus: once a process has connected to the session
 * bus (GSettings, proxies), GLib keeps that connection whatever the environment says. */
static void
test_desktop_no_bus (void)
{
  g_autofree char *saved = NULL;

  if (g_test_subprocess ())
    {
      desktop_no_bus_child ();
      return;
    }

  saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (saved != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_test_trap_assert_passed ();
}

static const char NOTIFICATIONS_XML[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/></method>"
  "</interface></node>";

typedef struct
{
  GPtrArray *summaries;
  GPtrArray *bodies;
} FakeNotifications;

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *object_path,
                       const char            *interface_name,
                       const char            *method_name,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  FakeNotifications *fake = user_data;
  const char *summary;
  const char *body;

  if (g_str_equal (method_name, "Notify"))
    {
      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (fake->summaries, g_strdup (summary));
      g_ptr_array_add (fake->bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", fake->summaries->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "fake", "test", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
test_desktop (Fixture       *fixture,
              gconstpointer  data)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  FakeNotifications fake = { g_ptr_array_new_with_free_func (g_free),
                             g_ptr_array_new_with_free_func (g_free) };
  gint64 deadline;
  guint object_id;
  guint name_id;
  gint64 point;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      /* meson runs this test inside dbus-run-session; by hand, run it so too. */
      g_test_fail_printf ("This test needs a private session bus (dbus-run-session)");
      return;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (NOTIFICATIONS_XML, &error);
  g_assert_no_error (error);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                                 info->interfaces[0], &vtable, &fake, NULL,
                                                 &error);
  g_assert_no_error (error);
  name_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                          G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL,
                                          NULL);
  bs_test_spin (200);

  point = add_contact_point (fixture, "My desktop", "desktop", NULL, TRUE);
  add_entry (fixture, "desktop:1", point, BS_NOTIFICATION_FIRING, FIRING_PAYLOAD);
  entry = run_until_attempts (fixture, point, "desktop:1", 1);
  g_assert_cmpstr (entry->status, ==, "delivered");
  g_assert_null (entry->last_error);

  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (fake.summaries->len == 0 && g_get_monotonic_time () < deadline)
    bs_test_spin (10);
  g_assert_cmpuint (fake.summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fake.summaries, 0), ==, "Firing: Low stock");
  g_assert_cmpstr (g_ptr_array_index (fake.bodies, 0), ==, "Widget is low: 42");

  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (bus, object_id);
  g_ptr_array_unref (fake.summaries);
  g_ptr_array_unref (fake.bodies);
}

/* --- the real engine ---------------------------------------------------------------------- */

typedef struct
{
  GSubprocess      *process;
  char             *url;         /* http://127.0.0.1:PORT/ */
  SoupSession      *session;
} Receiver;

static void
receiver_free (Receiver *receiver)
{
  g_subprocess_force_exit (receiver->process);
  g_subprocess_wait (receiver->process, NULL, NULL);
  g_clear_object (&receiver->process);
  g_clear_object (&receiver->session);
  g_free (receiver->url);
  g_free (receiver);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Receiver, receiver_free)

/* Between fork and exec: the receiver must not outlive a test that aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static Receiver *
receiver_start (const char * const *options)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) argv = NULL;
  Receiver *receiver = g_new0 (Receiver, 1);

  g_assert_nonnull (python);
  g_strv_builder_add (builder, python);
  g_strv_builder_add (builder, g_test_get_filename (G_TEST_DIST, "alerts",
                                                    "webhook-receiver.py", NULL));
  g_strv_builder_addv (builder, (const char **) options);
  argv = g_strv_builder_end (builder);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  receiver->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv,
                                                    &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (receiver->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  receiver->url = g_strdup_printf ("http://127.0.0.1:%s/", line + 5);
  receiver->session = soup_session_new_with_options ("timeout", 30, NULL);
  return receiver;
}

static JsonNode *
receiver_get (Receiver *receiver)
{
  g_autofree char *url = g_strconcat (receiver->url, "received", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  body = soup_session_send_and_read (receiver->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return json_from_string (text, NULL);
}

static gint64
receiver_unique (Receiver *receiver)
{
  g_autoptr(JsonNode) summary = receiver_get (receiver);

  return json_object_get_int_member (json_node_get_object (summary), "unique");
}

static const char * const CRASH_ENV[] = {
  "BS_SENDER_RETRY_BASE_MS=200",
  "BS_SENDER_RETRY_MAX_MS=2000",
  "BS_SENDER_TIMEOUT_SECONDS=2",
  "G_MESSAGES_DEBUG=all",
  NULL,
};

static void
start_logged (BsTestEngine *engine,
              GPtrArray    *logs)
{
  g_autofree char *name = g_strdup_printf ("engine-%u.log", logs->len + 1);
  char *path = g_build_filename (engine->tmp_dir, name, NULL);

  g_ptr_array_add (logs, path);
  bs_test_engine_start_full (engine, NULL, CRASH_ENV, path);
}

static gint64
create_contact_point (BsTestEngine *engine,
                      const char   *url)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Crash receiver\", \"kind\": "
                                           "\"webhook\", \"url\": \"%s\"}", url);
  g_autoptr(BsTestResponse) response = NULL;

  response = bs_test_engine_expect (engine, "POST", "contact-points", engine->admin_token,
                                    body, SOUP_STATUS_CREATED);
  g_assert_false (json_object_has_member (bs_test_response_get_object (response), "url"));
  return json_object_get_int_member (bs_test_response_get_object (response), "id");
}

static void
send_tests (BsTestEngine *engine,
            gint64        point,
            guint         count,
            GHashTable   *keys)
{
  g_autofree char *path = g_strdup_printf ("contact-points/%" G_GINT64_FORMAT "/test", point);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BsTestResponse) response = NULL;
      JsonObject *notification;

      response = bs_test_engine_expect (engine, "POST", path, engine->admin_token, "{}",
                                        SOUP_STATUS_ACCEPTED);
      notification = json_object_get_object_member (bs_test_response_get_object (response),
                                                    "notification");
      g_assert_nonnull (notification);
      g_hash_table_add (keys, g_strdup (json_object_get_string_member (notification,
                                                                       "idempotency_key")));
    }
}

/* Waits until the receiver has @target keys, or @seconds pass; returns what it has. */
static gint64
wait_for_unique (Receiver *receiver,
                 gint64    target,
                 guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  gint64 unique = receiver_unique (receiver);

  while (unique < target && g_get_monotonic_time () < deadline)
    {
      g_usleep (20000);
      unique = receiver_unique (receiver);
    }
  return unique;
}

/* Test notifications the outbox still has to send or to mark, read from the running
 * engine's database (WAL lets a reader in beside it); -1 while it cannot be read. */
static gint64
count_pending (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "workspace.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 pending = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_busy_timeout (db, 1000) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM notifications WHERE kind = 'test'"
                              " AND status = 'pending'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    pending = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return pending;
}

/* Every key may have reached the receiver while some are still pending: sent before a
 * kill, answered, but not marked, they go out once more after the restart (the receiver
 * counts them once). Waits until the outbox has marked them all. */
static gboolean
wait_outbox_settled (const char *data_dir,
                     guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (count_pending (data_dir) != 0)
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (50000);
    }
  return TRUE;
}

static void
assert_outbox_delivered (const char *data_dir,
                         GHashTable *keys,
                         JsonNode   *summary,
                         guint      *out_attempts)
{
  g_autofree char *path = g_build_filename (data_dir, "workspace.db", NULL);
  g_autoptr(BsStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) accepted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonArray *keys_received;
  gboolean has_row;
  guint rows = 0;

  keys_received = json_object_get_array_member (json_node_get_object (summary), "accepted");
  for (guint i = 0; i < json_array_get_length (keys_received); i++)
    g_hash_table_add (accepted, (gpointer) json_array_get_string_element (keys_received, i));

  store = bs_store_open (path, &error);
  g_assert_no_error (error);
  stmt = bs_store_prepare (store, "SELECT idempotency_key, status, attempts, delivered_at "
                                  "FROM notifications WHERE kind = 'test'", "test", &error);
  g_assert_no_error (error);
  *out_attempts = 0;
  while (bs_store_step (store, stmt, &has_row, "test", &error) && has_row)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (g_hash_table_contains (keys, key));
      g_assert_true (g_hash_table_contains (accepted, key));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "delivered");
      g_assert_cmpint (sqlite3_column_int64 (stmt, 3), >, 0);
      *out_attempts += sqlite3_column_int (stmt, 2);
      rows++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, g_hash_table_size (keys));
}

static void
assert_logs_keep_secret (GPtrArray  *logs,
                         const char *secret)
{
  gboolean saw_debug = FALSE;

  for (guint i = 0; i < logs->len; i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (logs, i), &text, NULL, NULL));
      g_assert_null (strstr (text, secret));
      saw_debug |= strstr (text, "debug: Delivered notification") != NULL;
    }
  /* The logs really had the sender's debug lines in them. */
  g_assert_true (saw_debug);
}

#define CRASH_NOTIFICATIONS 1000
#define CRASH_KILLS         3

static void
test_crash (void)
{
  const char * const receiver_options[] = {
    "--fail-rate", "0.3", "--stall-rate", "0.01", "--stall-seconds", "4",
    "--status-429", "0.02", NULL,
  };
  g_autoptr(Receiver) receiver = receiver_start (receiver_options);
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *secret = g_strdup_printf ("S3CRET-%08x", g_random_int ());
  g_autofree char *url = g_strdup_printf ("%shook/%s", receiver->url, secret);
  g_autofree char *db_path = NULL;
  guint batch = CRASH_NOTIFICATIONS / (CRASH_KILLS + 1);
  gint64 started = g_get_monotonic_time ();
  JsonObject *result;
  guint attempts = 0;
  gint64 point;
  gint64 unique;

  start_logged (engine, logs);
  point = create_contact_point (engine, url);

  /* Each batch: queue it, let part of it go out, then kill the engine mid-delivery. */
  for (guint kill = 0; kill < CRASH_KILLS; kill++)
    {
      gint64 before = receiver_unique (receiver);

      send_tests (engine, point, batch, keys);
      unique = wait_for_unique (receiver, before + batch / 3, 60);
      g_assert_cmpint (unique, <, (gint64) g_hash_table_size (keys));
      bs_test_engine_kill (engine);
      g_test_message ("kill %u: %" G_GINT64_FORMAT " of %u keys received", kill + 1, unique,
                      g_hash_table_size (keys));
      start_logged (engine, logs);
    }
  send_tests (engine, point, CRASH_NOTIFICATIONS - CRASH_KILLS * batch, keys);
  g_assert_cmpuint (g_hash_table_size (keys), ==, CRASH_NOTIFICATIONS);

  unique = wait_for_unique (receiver, CRASH_NOTIFICATIONS, 240);
  g_assert_cmpint (unique, ==, CRASH_NOTIFICATIONS);
  g_assert_true (wait_outbox_settled (engine->data_dir, 240));
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);

  summary = receiver_get (receiver);
  result = json_node_get_object (summary);
  assert_outbox_delivered (engine->data_dir, keys, summary, &attempts);
  g_assert_cmpint (json_object_get_int_member (result, "unique"), ==, CRASH_NOTIFICATIONS);
  /* A key comes back after a 2xx only when a kill fell between the receiver's answer and
   * the outbox's mark: at most what was in flight at each kill. */
  g_assert_cmpint (json_object_get_int_member (result, "duplicates"), <=,
                   CRASH_KILLS * BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT);
  assert_logs_keep_secret (logs, secret);
  db_path = g_build_filename (engine->data_dir, "workspace.db", NULL);
  g_assert_false (bs_test_file_contains (db_path, secret));

  g_test_message ("crash test: %d notifications, %d kills, %" G_GINT64_FORMAT " requests, "
                  "%" G_GINT64_FORMAT " keys received, %" G_GINT64_FORMAT " received again "
                  "after a 2xx (de-duplicated), %" G_GINT64_FORMAT " stalled, %" G_GINT64_FORMAT
                  " answered 429, %u attempts recorded, %.1f s",
                  CRASH_NOTIFICATIONS, CRASH_KILLS,
                  json_object_get_int_member (result, "requests"),
                  json_object_get_int_member (result, "unique"),
                  json_object_get_int_member (result, "duplicates"),
                  json_object_get_int_member (result, "stalled"),
                  json_object_has_member (json_object_get_object_member (result, "statuses"),
                                          "429")
                    ? json_object_get_int_member (json_object_get_object_member (result,
                                                                                 "statuses"),
                                                  "429")
                    : 0,
                  attempts,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
}

/* --- a rule that fires and resolves, end to end -------------------------------------------- */

#define RULE_INTERVAL_SECONDS 10

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
create_levels_source (BsTestEngine  *engine,
                      char         **out_path)
{
  g_autofree char *path = g_build_filename (engine->tmp_dir, "levels.db", NULL);
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) response = NULL;

  exec_sql (path, "CREATE TABLE levels (product TEXT NOT NULL, units INTEGER NOT NULL);"
                  "INSERT INTO levels VALUES ('A', 50), ('B', 400);");
  body = g_strdup_printf ("{\"name\": \"Levels\", \"kind\": \"sqlite\", \"path\": \"%s\"}",
                          path);
  response = bs_test_engine_expect (engine, "POST", "datasources", engine->admin_token, body,
                                    SOUP_STATUS_CREATED);
  *out_path = g_steal_pointer (&path);
  return json_object_get_int_member (bs_test_response_get_object (response), "id");
}

static gint64
create_low_units_rule (BsTestEngine *engine,
                       gint64        source_id,
                       gint64        point_id)
{
  g_autofree char *body = g_strdup_printf (
    "{\"title\": \"Units low\","
    " \"query\": {\"source\": %" G_GINT64_FORMAT ", \"table\": \"levels\", "
    "  \"measure\": \"value\", \"column\": \"units\", \"aggregation\": \"sum\", "
    "  \"split\": [\"product\"]},"
    " \"condition\": {\"type\": \"below\", \"threshold\": 100},"
    " \"interval_seconds\": %d, \"for_seconds\": 0, \"visibility\": \"shared\","
    " \"contact_point_id\": %" G_GINT64_FORMAT "}",
    source_id, RULE_INTERVAL_SECONDS, point_id);
  g_autoptr(BsTestResponse) response = NULL;

  response = bs_test_engine_expect (engine, "POST", "rules", engine->admin_token, body,
                                    SOUP_STATUS_CREATED);
  return json_object_get_int_member (bs_test_response_get_object (response), "id");
}

/* The body of the first request the receiver answered 200 whose key contains @kind_part. */
static JsonNode *
wait_for_delivery (Receiver   *receiver,
                   const char *kind_part)
{
  g_autofree char *url = g_strconcat (receiver->url, "requests", NULL);
  gint64 deadline = g_get_monotonic_time () + 4 * RULE_INTERVAL_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) bytes = soup_session_send_and_read (receiver->session, msg, NULL, NULL);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes));
      g_autoptr(JsonNode) requests = json_from_string (text, NULL);
      JsonArray *array = json_node_get_array (requests);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *request = json_array_get_object_element (array, i);
          const char *key = json_object_get_string_member_with_default (request, "key", "");

          if (json_object_get_int_member (request, "status") == 200
              && strstr (key, kind_part) != NULL)
            return json_from_string (json_object_get_string_member (request, "body"), NULL);
        }
      bs_test_spin (250);
    }
  g_error ("No %s notification reached the receiver", kind_part);
}

static const char *
first_alert_label (JsonNode   *body,
                   const char *label)
{
  JsonArray *alerts = json_object_get_array_member (json_node_get_object (body), "alerts");
  JsonObject *alert = json_array_get_object_element (alerts, 0);

  return json_object_get_string_member (json_object_get_object_member (alert, "labels"),
                                        label);
}

static void
test_rule_firing_and_resolved (void)
{
  const char * const no_options[] = { NULL };
  g_autoptr(Receiver) receiver = receiver_start (no_options);
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autofree char *url = g_strconcat (receiver->url, "hook/rule", NULL);
  g_autofree char *data_path = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) firing = NULL;
  g_autoptr(JsonNode) resolved = NULL;
  g_autoptr(BsTestResponse) list = NULL;
  g_autofree char *expected_prefix = NULL;
  JsonObject *firing_object;
  const char *uid;
  JsonArray *items;
  gint64 source;
  gint64 point;
  gint64 rule;

  bs_test_engine_start (engine, NULL);
  source = create_levels_source (engine, &data_path);
  point = create_contact_point (engine, url);
  rule = create_low_units_rule (engine, source, point);

  /* A is below 100 from the start: one firing message with A alone. */
  firing = wait_for_delivery (receiver, ":firing:");
  firing_object = json_node_get_object (firing);
  g_assert_cmpstr (json_object_get_string_member (firing_object, "status"), ==, "firing");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (firing_object,
                                                                         "alerts")), ==, 1);
  g_assert_cmpstr (first_alert_label (firing, "product"), ==, "A");
  g_assert_cmpstr (first_alert_label (firing, "alertname"), ==, "Units low");
  /* "<rule uid>:firing:<evaluated_at µs>", the contract's key. */
  uid = json_object_get_string_member (json_object_get_object_member (firing_object, "rule"),
                                       "uid");
  expected_prefix = g_strconcat (uid, ":firing:", NULL);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (firing_object,
                                                                  "idempotency_key"),
                                   expected_prefix));

  exec_sql (data_path, "UPDATE levels SET units = 150 WHERE product = 'A'");
  resolved = wait_for_delivery (receiver, ":resolved:");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (resolved), "status"),
                   ==, "resolved");
  g_assert_cmpstr (first_alert_label (resolved, "product"), ==, "A");

  /* The rule's page lists both, delivered, newest first. */
  bs_test_spin (500);
  path = g_strdup_printf ("rules/%" G_GINT64_FORMAT "/notifications", rule);
  list = bs_test_engine_expect (engine, "GET", path, engine->admin_token, NULL, SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "kind"), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1),
                                                  "kind"), ==, "firing");
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "status"), ==, "delivered");
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
}

static void
add_fixture_test (const char *path,
                  void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/delivery/backoff-bounds", test_backoff_function);
  g_test_add_func ("/bs/delivery/retry-after-parse", test_retry_after_parse);
  add_fixture_test ("/bs/delivery/webhook", test_webhook);
  add_fixture_test ("/bs/delivery/slack-resolved", test_slack_resolved);
  add_fixture_test ("/bs/delivery/resolved-not-wanted", test_resolved_not_wanted);
  add_fixture_test ("/bs/delivery/backoff", test_backoff);
  add_fixture_test ("/bs/delivery/retry-after", test_retry_after);
  add_fixture_test ("/bs/delivery/permanent", test_permanent);
  add_fixture_test ("/bs/delivery/refused", test_refused);
  add_fixture_test ("/bs/delivery/timeout", test_timeout);
  add_fixture_test ("/bs/delivery/no-url", test_no_url);
  add_fixture_test ("/bs/delivery/in-flight-limit", test_in_flight_limit);
  add_fixture_test ("/bs/delivery/stop-keeps-pending", test_stop_keeps_pending);
  add_fixture_test ("/bs/delivery/deleted-contact-point", test_deleted_contact_point);
  g_test_add_func ("/bs/delivery/desktop-no-bus", test_desktop_no_bus);
  add_fixture_test ("/bs/delivery/desktop", test_desktop);
  g_test_add_func ("/bs/delivery/rule-firing-and-resolved", test_rule_firing_and_resolved);
  g_test_add_func ("/bs/delivery/crash", test_crash);

  return g_test_run ();
}
