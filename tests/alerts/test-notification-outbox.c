#define G_LOG_DOMAIN "test-notification-outbox"

#include "config.h"

#include <string.h>

#include "bs-notification-outbox.h"
#include "bs-test-util.h"

/* The notifications table as a queue, on a real workspace file (migrated to the latest
 * version): adding, due order, retry, delivered once, failed, silenced, the JSON form, and
 * what a crash in the middle of a delivery leaves behind. */

#define T0 G_GINT64_CONSTANT (1795514400000000)   /* 2026-11-24T10:00:00Z in µs */

static const char *PAYLOAD =
  "{\"kind\": \"firing\", \"status\": \"firing\", \"rule\": {\"id\": 1, \"uid\": \"r1\","
  " \"title\": \"Low stock\"}, \"alerts\": [{\"status\": \"firing\"}, {\"status\": \"firing\"}]}";

static gint64 rule_id;
static gint64 point_id;

/* A data source, a contact point and a rule for the foreign keys, by SQL: this test is
 * about the outbox, not about how rules are stored. */
static void
add_rule_and_point (BsStore *store)
{
  g_autoptr(GError) error = NULL;

  bs_store_exec (store,
                 "INSERT INTO data_sources (id, name, kind, location, created_at)"
                 " VALUES (7, 'Shop', 'sqlite', '/tmp/shop.db', '2026-11-24T09:00:00Z');"
                 "INSERT INTO contact_points (id, name, kind, created_at, updated_at)"
                 " VALUES (5, 'Ops', 'webhook', '2026-11-24T09:00:00Z', '2026-11-24T09:00:00Z');"
                 "INSERT INTO alert_rules (id, uid, title, definition, source_id, contact_point_id,"
                 " owner_name, visibility, interval_seconds, created_at, updated_at)"
                 " VALUES (3, 'r1', 'Low stock', '{}', 7, 5, 'ann', 'shared', 60,"
                 " '2026-11-24T09:00:00Z', '2026-11-24T09:00:00Z');",
                 &error);
  g_assert_no_error (error);
  rule_id = 3;
  point_id = 5;
}

static void
add (BsStore            *store,
     const char         *key,
     BsNotificationKind  kind,
     gboolean            silenced,
     gint64              now)
{
  BsAlertNotification notification = {
    .idempotency_key = (char *) key,
    .rule_id = rule_id,
    .contact_point_id = point_id,
    .kind = kind,
    .payload = json_from_string (PAYLOAD, NULL),
    .silenced = silenced,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_notification_outbox_add (store, &notification, now, &error));
  g_assert_no_error (error);
  json_node_unref (notification.payload);
}

static BsOutboxEntry *
get (BsStore    *store,
     const char *key)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = bs_notification_outbox_list (store, rule_id, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((BsOutboxEntry *) g_ptr_array_index (entries, i))->idempotency_key, key))
      return g_ptr_array_steal_index (entries, i);
  return NULL;
}

static gint64
get_id (BsStore    *store,
        const char *key)
{
  g_autoptr(BsOutboxEntry) entry = get (store, key);

  g_assert_nonnull (entry);
  return entry->id;
}

static GPtrArray *
due (BsStore *store,
     gint64   now,
     guint    limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = bs_notification_outbox_take_due (store, now, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static void
test_add (BsTestStoreFixture *fixture,
          gconstpointer       data)
{
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(BsOutboxEntry) silenced = NULL;
  g_autoptr(GPtrArray) list = NULL;

  add_rule_and_point (fixture->store);
  add (fixture->store, "r1:firing:1", BS_NOTIFICATION_FIRING, FALSE, T0);
  /* The same key again (a retried evaluation) changes nothing: the first row stays. */
  add (fixture->store, "r1:firing:1", BS_NOTIFICATION_RESOLVED, FALSE, T0 + 99);
  add (fixture->store, "r1:repeat:2", BS_NOTIFICATION_REPEAT, TRUE, T0 + 1);

  list = bs_notification_outbox_list (fixture->store, rule_id, 0, 10, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  entry = get (fixture->store, "r1:firing:1");
  g_assert_cmpint (entry->id, >, 0);
  g_assert_cmpint (entry->rule_id, ==, rule_id);
  g_assert_cmpint (entry->contact_point_id, ==, point_id);
  g_assert_cmpint (entry->kind, ==, BS_NOTIFICATION_FIRING);
  g_assert_cmpstr (entry->status, ==, "pending");
  g_assert_cmpuint (entry->attempts, ==, 0);
  g_assert_cmpint (entry->created_at, ==, T0);
  g_assert_cmpint (entry->next_attempt_at, ==, T0);
  g_assert_cmpint (entry->delivered_at, ==, 0);
  g_assert_cmpuint (entry->last_http_status, ==, 0);
  g_assert_null (entry->last_error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (entry->payload), "alerts")), ==, 2);

  silenced = get (fixture->store, "r1:repeat:2");
  g_assert_cmpstr (silenced->status, ==, "silenced");
  g_assert_cmpint (bs_notification_outbox_count_pending (fixture->store, NULL), ==, 1);
}

static void
test_due_order (BsTestStoreFixture *fixture,
                gconstpointer       data)
{
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) first_two = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  add_rule_and_point (fixture->store);
  g_assert_cmpint (bs_notification_outbox_next_due (fixture->store, &error), ==, 0);
  g_assert_no_error (error);

  add (fixture->store, "c", BS_NOTIFICATION_FIRING, FALSE, T0 + 30);
  add (fixture->store, "a", BS_NOTIFICATION_FIRING, FALSE, T0 + 10);
  add (fixture->store, "b", BS_NOTIFICATION_FIRING, FALSE, T0 + 20);
  add (fixture->store, "silent", BS_NOTIFICATION_FIRING, TRUE, T0);

  g_assert_cmpint (bs_notification_outbox_next_due (fixture->store, NULL), ==, T0 + 10);
  none = due (fixture->store, T0 + 9, 10);
  g_assert_cmpuint (none->len, ==, 0);
  first_two = due (fixture->store, T0 + 100, 2);
  g_assert_cmpuint (first_two->len, ==, 2);
  g_assert_cmpstr (((BsOutboxEntry *) first_two->pdata[0])->idempotency_key, ==, "a");
  g_assert_cmpstr (((BsOutboxEntry *) first_two->pdata[1])->idempotency_key, ==, "b");
  all = due (fixture->store, T0 + 20, 10);
  g_assert_cmpuint (all->len, ==, 2);   /* "c" is not due yet, "silent" never */
}

static void
test_retry (BsTestStoreFixture *fixture,
            gconstpointer       data)
{
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_message = g_strnfill (5000, 'e');
  g_autoptr(GString) invalid = g_string_new ("bad \xff\xfe bytes ");

  add_rule_and_point (fixture->store);
  add (fixture->store, "k", BS_NOTIFICATION_FIRING, FALSE, T0);
  g_assert_true (bs_notification_outbox_retry (fixture->store, get_id (fixture->store, "k"),
                                               503, "HTTP 503", T0 + 5000000, &error));
  g_assert_no_error (error);

  entry = get (fixture->store, "k");
  g_assert_cmpstr (entry->status, ==, "pending");
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_cmpint (entry->next_attempt_at, ==, T0 + 5000000);
  g_assert_cmpuint (entry->last_http_status, ==, 503);
  g_assert_cmpstr (entry->last_error, ==, "HTTP 503");
  g_assert_cmpint (bs_notification_outbox_next_due (fixture->store, NULL), ==, T0 + 5000000);
  later = due (fixture->store, T0 + 4999999, 10);
  g_assert_cmpuint (later->len, ==, 0);

  /* A receiver's long or broken answer is kept short and valid. */
  g_assert_true (bs_notification_outbox_retry (fixture->store, entry->id, 0, long_message,
                                               T0, NULL));
  g_clear_pointer (&entry, bs_outbox_entry_free);
  entry = get (fixture->store, "k");
  g_assert_cmpuint (entry->attempts, ==, 2);
  g_assert_cmpuint (entry->last_http_status, ==, 0);
  g_assert_cmpuint (strlen (entry->last_error), ==, 1000);

  g_string_append (invalid, long_message);
  g_assert_true (bs_notification_outbox_retry (fixture->store, entry->id, 500, invalid->str,
                                               T0, NULL));
  g_clear_pointer (&entry, bs_outbox_entry_free);
  entry = get (fixture->store, "k");
  g_assert_true (g_utf8_validate (entry->last_error, -1, NULL));
  g_assert_cmpuint (strlen (entry->last_error), <=, 1000);
}

static void
test_delivered_once (BsTestStoreFixture *fixture,
                     gconstpointer       data)
{
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  add_rule_and_point (fixture->store);
  add (fixture->store, "k", BS_NOTIFICATION_FIRING, FALSE, T0);
  id = get_id (fixture->store, "k");
  g_assert_true (bs_notification_outbox_retry (fixture->store, id, 500, "HTTP 500", T0, NULL));
  g_assert_true (bs_notification_outbox_delivered (fixture->store, id, 204, T0 + 7, &error));
  g_assert_no_error (error);

  entry = get (fixture->store, "k");
  g_assert_cmpstr (entry->status, ==, "delivered");
  g_assert_cmpuint (entry->attempts, ==, 2);
  g_assert_cmpint (entry->delivered_at, ==, T0 + 7);
  g_assert_cmpuint (entry->last_http_status, ==, 204);
  g_assert_null (entry->last_error);

  /* Marked once: a second answer for the same entry (a duplicate send) is refused. */
  g_assert_false (bs_notification_outbox_delivered (fixture->store, id, 200, T0 + 8, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bs_notification_outbox_retry (fixture->store, id, 500, "x", T0, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&entry, bs_outbox_entry_free);
  entry = get (fixture->store, "k");
  g_assert_cmpint (entry->delivered_at, ==, T0 + 7);
  g_assert_cmpuint (entry->attempts, ==, 2);

  after = due (fixture->store, G_MAXINT64, 10);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpint (bs_notification_outbox_next_due (fixture->store, NULL), ==, 0);

  g_assert_false (bs_notification_outbox_delivered (fixture->store, 999, 200, T0, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

static void
test_failed_and_silenced (BsTestStoreFixture *fixture,
                          gconstpointer       data)
{
  g_autoptr(BsOutboxEntry) failed = NULL;
  g_autoptr(BsOutboxEntry) silenced = NULL;
  g_autoptr(GError) error = NULL;

  add_rule_and_point (fixture->store);
  add (fixture->store, "gone", BS_NOTIFICATION_FIRING, FALSE, T0);
  add (fixture->store, "quiet", BS_NOTIFICATION_RESOLVED, FALSE, T0);
  g_assert_true (bs_notification_outbox_failed (fixture->store, get_id (fixture->store, "gone"),
                                                404, "HTTP 404 Not Found: no such hook",
                                                &error));
  g_assert_no_error (error);
  g_assert_true (bs_notification_outbox_silence (fixture->store,
                                                 get_id (fixture->store, "quiet"),
                                                 "Not sent: resolved messages are off",
                                                 &error));
  g_assert_no_error (error);

  failed = get (fixture->store, "gone");
  g_assert_cmpstr (failed->status, ==, "failed");
  g_assert_cmpuint (failed->attempts, ==, 1);
  g_assert_cmpuint (failed->last_http_status, ==, 404);
  g_assert_cmpstr (failed->last_error, ==, "HTTP 404 Not Found: no such hook");
  silenced = get (fixture->store, "quiet");
  g_assert_cmpstr (silenced->status, ==, "silenced");
  g_assert_cmpuint (silenced->attempts, ==, 0);
  g_assert_cmpint (bs_notification_outbox_count_pending (fixture->store, NULL), ==, 0);
}

static void
test_list (BsTestStoreFixture *fixture,
           gconstpointer       data)
{
  g_autoptr(GPtrArray) by_rule = NULL;
  g_autoptr(GPtrArray) by_point = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GError) error = NULL;

  add_rule_and_point (fixture->store);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);

      add (fixture->store, key, BS_NOTIFICATION_FIRING, FALSE, T0 + i);
    }

  by_rule = bs_notification_outbox_list (fixture->store, rule_id, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_rule->len, ==, 3);
  g_assert_cmpstr (((BsOutboxEntry *) by_rule->pdata[0])->idempotency_key, ==, "k4");
  g_assert_cmpstr (((BsOutboxEntry *) by_rule->pdata[2])->idempotency_key, ==, "k2");
  by_point = bs_notification_outbox_list (fixture->store, 0, point_id, 100, &error);
  g_assert_cmpuint (by_point->len, ==, 5);
  other = bs_notification_outbox_list (fixture->store, rule_id + 1, 0, 100, &error);
  g_assert_cmpuint (other->len, ==, 0);

  /* Deleting the rule keeps its queued notifications (rule_id becomes NULL). */
  bs_store_exec (fixture->store, "DELETE FROM alert_rules WHERE id = 3", &error);
  g_assert_no_error (error);
  g_clear_pointer (&by_point, g_ptr_array_unref);
  by_point = bs_notification_outbox_list (fixture->store, 0, point_id, 100, &error);
  g_assert_cmpuint (by_point->len, ==, 5);
  g_assert_cmpint (((BsOutboxEntry *) by_point->pdata[0])->rule_id, ==, 0);
  g_assert_cmpint (bs_notification_outbox_count_pending (fixture->store, NULL), ==, 5);
}

static void
test_json (BsTestStoreFixture *fixture,
           gconstpointer       data)
{
  g_autoptr(BsOutboxEntry) entry = NULL;
  g_autoptr(JsonNode) pending = NULL;
  g_autoptr(JsonNode) delivered = NULL;
  JsonObject *object;

  add_rule_and_point (fixture->store);
  add (fixture->store, "r1:firing:1", BS_NOTIFICATION_FIRING, FALSE, T0);
  entry = get (fixture->store, "r1:firing:1");
  pending = bs_outbox_entry_to_json (entry);
  object = json_node_get_object (pending);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, entry->id);
  g_assert_cmpstr (json_object_get_string_member (object, "idempotency_key"), ==,
                   "r1:firing:1");
  g_assert_cmpint (json_object_get_int_member (object, "rule_id"), ==, rule_id);
  g_assert_cmpint (json_object_get_int_member (object, "contact_point_id"), ==, point_id);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "firing");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (object, "attempts"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "created_at"), ==,
                   "2026-11-24T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "next_attempt_at"), ==,
                   "2026-11-24T10:00:00Z");
  g_assert_true (json_object_get_null_member (object, "delivered_at"));
  g_assert_true (json_object_get_null_member (object, "last_http_status"));
  g_assert_true (json_object_get_null_member (object, "last_error"));
  g_assert_cmpint (json_object_get_int_member (object, "alerts"), ==, 2);
  /* The payload itself is not in the list form. */
  g_assert_false (json_object_has_member (object, "payload"));
  g_assert_cmpuint (json_object_get_size (object), ==, 13);

  bs_notification_outbox_delivered (fixture->store, entry->id, 200, T0 + 61000000, NULL);
  g_clear_pointer (&entry, bs_outbox_entry_free);
  entry = get (fixture->store, "r1:firing:1");
  entry->rule_id = 0;   /* as after the rule was deleted */
  delivered = bs_outbox_entry_to_json (entry);
  object = json_node_get_object (delivered);
  g_assert_cmpstr (json_object_get_string_member (object, "delivered_at"), ==,
                   "2026-11-24T10:01:01Z");
  g_assert_cmpint (json_object_get_int_member (object, "last_http_status"), ==, 200);
  g_assert_true (json_object_get_null_member (object, "rule_id"));
}

/* A sender that took an entry and died before marking it leaves the row pending and due:
 * the next engine on the same file takes it again, with the same key. */
static void
test_crash_leaves_pending (BsTestStoreFixture *fixture,
                           gconstpointer       data)
{
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(BsStore) reopened = NULL;
  g_autoptr(GError) error = NULL;

  add_rule_and_point (fixture->store);
  add (fixture->store, "r1:firing:1", BS_NOTIFICATION_FIRING, FALSE, T0);
  taken = due (fixture->store, T0, 10);
  g_assert_cmpuint (taken->len, ==, 1);
  g_clear_object (&fixture->store);

  reopened = bs_store_open (fixture->path, &error);
  g_assert_no_error (error);
  again = due (reopened, T0 + 1, 10);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (((BsOutboxEntry *) again->pdata[0])->idempotency_key, ==, "r1:firing:1");
  g_assert_cmpint (((BsOutboxEntry *) again->pdata[0])->id, ==,
                   ((BsOutboxEntry *) taken->pdata[0])->id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/add", test_add);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/due-order", test_due_order);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/retry", test_retry);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/delivered-once", test_delivered_once);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/failed-and-silenced",
                          test_failed_and_silenced);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/list", test_list);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/json", test_json);
  BS_TEST_ADD_STORE_TEST ("/bs/notification-outbox/crash-leaves-pending",
                          test_crash_leaves_pending);

  return g_test_run ();
}
