#define G_LOG_DOMAIN "bs-notification-sender"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bs-alert-store.h"
#include "bs-contact-point.h"
#include "bs-notification-format.h"
#include "bs-notification-outbox.h"
#include "bs-notification-sender.h"

#define TICK_SECONDS               1
/* libsoup 3.2 names no 429. */
#define HTTP_TOO_MANY_REQUESTS     429
/* An absurd Retry-After (a year) must not park an entry for ever. */
#define RETRY_AFTER_MAX_USEC       (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

struct _BsNotificationSender
{
  GObject        parent_instance;

  BsStore       *store;
  BsSecretStore *secrets;
  SoupSession   *session;
  GCancellable  *cancellable;
  GHashTable    *in_flight;        /* gint64* entry id, owned */
  GApplication  *application;      /* for desktop notifications, made when first needed */
  guint          tick_id;
  guint          wake_id;
  gboolean       running;

  gint64         retry_base_usec;
  gint64         retry_max_usec;
  guint          timeout_seconds;
};

typedef struct
{
  BsNotificationSender *sender;
  BsOutboxEntry        *entry;
  BsContactPoint       *point;
  SoupMessage          *message;
  gboolean              listed_activatable;   /* desktop: the second look for a service */
} Delivery;

G_DEFINE_FINAL_TYPE (BsNotificationSender, bs_notification_sender, G_TYPE_OBJECT)

static void
bs_notification_sender_dispose (GObject *object)
{
  BsNotificationSender *self = (BsNotificationSender *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (bs_notification_sender_parent_class)->dispose (object);
}

static void
bs_notification_sender_finalize (GObject *object)
{
  BsNotificationSender *self = (BsNotificationSender *) object;

  g_clear_pointer (&self->in_flight, g_hash_table_unref);

  G_OBJECT_CLASS (bs_notification_sender_parent_class)->finalize (object);
}

static void
bs_notification_sender_class_init (BsNotificationSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_notification_sender_dispose;
  object_class->finalize = bs_notification_sender_finalize;
}

static void
bs_notification_sender_init (BsNotificationSender *self)
{
  self->in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static gint64
env_number (const char *name,
            gint64      fallback,
            gint64      scale)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    return fallback;
  return (gint64) value * scale;
}

BsNotificationSender *
bs_notification_sender_new (BsStore       *store,
                            BsSecretStore *secrets)
{
  BsNotificationSender *self;

  g_return_val_if_fail (BS_IS_STORE (store), NULL);
  g_return_val_if_fail (BS_IS_SECRET_STORE (secrets), NULL);

  self = g_object_new (BS_TYPE_NOTIFICATION_SENDER, NULL);
  self->store = g_object_ref (store);
  self->secrets = g_object_ref (secrets);
  self->retry_base_usec = env_number ("BS_SENDER_RETRY_BASE_MS",
                                      BS_NOTIFICATION_SENDER_RETRY_BASE_USEC, 1000);
  self->retry_max_usec = env_number ("BS_SENDER_RETRY_MAX_MS",
                                     BS_NOTIFICATION_SENDER_RETRY_MAX_USEC, 1000);
  self->timeout_seconds = env_number ("BS_SENDER_TIMEOUT_SECONDS",
                                      BS_NOTIFICATION_SENDER_TIMEOUT_SECONDS, 1);
  self->session = soup_session_new_with_options ("timeout", self->timeout_seconds,
                                                 "max-conns-per-host",
                                                 BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT,
                                                 "user-agent",
                                                 "business-engine/" PACKAGE_VERSION,
                                                 NULL);
  return self;
}

gint64
bs_notification_sender_backoff (guint  attempts,
                                gint64 base_usec,
                                gint64 max_usec,
                                double jitter)
{
  gint64 delay = base_usec;

  g_return_val_if_fail (base_usec > 0 && max_usec >= base_usec, 0);

  for (guint i = 1; i < attempts && delay < max_usec; i++)
    delay *= 2;
  delay = MIN (delay, max_usec);
  jitter = CLAMP (jitter, -1.0, 1.0);
  return (gint64) (delay * (1.0 + BS_NOTIFICATION_SENDER_JITTER * jitter));
}

gboolean
bs_notification_sender_parse_retry_after (const char *value,
                                          gint64      now,
                                          gint64     *out_delay_usec)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  g_return_val_if_fail (out_delay_usec != NULL, FALSE);

  if (value == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (value));
  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT32, &seconds, NULL))
    {
      *out_delay_usec = MIN ((gint64) seconds * G_USEC_PER_SEC, RETRY_AFTER_MAX_USEC);
      return TRUE;
    }

  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL)
    return FALSE;

  *out_delay_usec = CLAMP (g_date_time_to_unix (date) * G_USEC_PER_SEC - now,
                           0, RETRY_AFTER_MAX_USEC);
  return TRUE;
}

/* --- one delivery ------------------------------------------------------------------- */

static Delivery *
delivery_new (BsNotificationSender *self,
              BsOutboxEntry        *entry)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->sender = g_object_ref (self);
  delivery->entry = entry;
  g_hash_table_add (self->in_flight, g_memdup2 (&entry->id, sizeof entry->id));
  return delivery;
}

/* Ends @delivery whatever came of it, and looks for more to send. */
static void
delivery_end (Delivery *delivery)
{
  BsNotificationSender *self = delivery->sender;

  g_hash_table_remove (self->in_flight, &delivery->entry->id);
  bs_notification_sender_wake (self);
  bs_outbox_entry_free (delivery->entry);
  g_clear_pointer (&delivery->point, bs_contact_point_free);
  g_clear_object (&delivery->message);
  g_object_unref (delivery->sender);
  g_free (delivery);
}

static const char *
point_name (Delivery *delivery)
{
  return delivery->point != NULL ? delivery->point->name : "?";
}

static void
log_store_error (Delivery *delivery,
                 GError   *error)
{
  /* The entry stays as it was: pending entries are sent again, so nothing is lost. */
  g_warning ("Notification %s: %s", delivery->entry->idempotency_key, error->message);
}

static void
mark_delivered (Delivery *delivery,
                guint     http_status)
{
  g_autoptr(GError) error = NULL;

  if (!bs_notification_outbox_delivered (delivery->sender->store, delivery->entry->id,
                                         http_status, g_get_real_time (), &error))
    log_store_error (delivery, error);
  else
    g_debug ("Delivered notification %s to the contact point “%s”",
             delivery->entry->idempotency_key, point_name (delivery));
  delivery_end (delivery);
}

static void
mark_failed (Delivery   *delivery,
             guint       http_status,
             const char *message)
{
  g_autoptr(GError) error = NULL;

  g_message ("Could not deliver the notification %s to the contact point “%s”, and will "
             "not try again: %s", delivery->entry->idempotency_key, point_name (delivery),
             message);
  if (!bs_notification_outbox_failed (delivery->sender->store, delivery->entry->id,
                                      http_status, message, &error))
    log_store_error (delivery, error);
  delivery_end (delivery);
}

/* @delay_usec < 0: the backoff for this attempt. */
static void
mark_retry (Delivery   *delivery,
            guint       http_status,
            const char *message,
            gint64      delay_usec)
{
  BsNotificationSender *self = delivery->sender;
  g_autoptr(GError) error = NULL;

  if (delay_usec < 0)
    delay_usec = bs_notification_sender_backoff (delivery->entry->attempts + 1,
                                                 self->retry_base_usec, self->retry_max_usec,
                                                 g_random_double_range (-1.0, 1.0));
  g_debug ("Notification %s to the contact point “%s”: %s; trying again in %.1f s",
           delivery->entry->idempotency_key, point_name (delivery), message,
           delay_usec / (double) G_USEC_PER_SEC);
  if (!bs_notification_outbox_retry (self->store, delivery->entry->id, http_status, message,
                                     g_get_real_time () + delay_usec, &error))
    log_store_error (delivery, error);
  delivery_end (delivery);
}

static void
mark_silenced (Delivery   *delivery,
               const char *reason)
{
  g_autoptr(GError) error = NULL;

  if (!bs_notification_outbox_silence (delivery->sender->store, delivery->entry->id,
                                       reason, &error))
    log_store_error (delivery, error);
  delivery_end (delivery);
}

/* --- HTTP --------------------------------------------------------------------------- */

static char *
body_excerpt (GBytes *body)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  g_autofree char *head = NULL;

  if (data == NULL || size == 0)
    return g_strdup ("(no body)");

  head = g_strndup (data, MIN (size, BS_NOTIFICATION_SENDER_BODY_EXCERPT));
  return g_utf8_make_valid (head, -1);
}

static gboolean
mentions_secret_part (const char *text,
                      GUri       *uri)
{
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);

  return (path != NULL && strlen (path) > 1 && strstr (text, path) != NULL) ||
         (query != NULL && query[0] != '\0' && strstr (text, query) != NULL);
}

/* Transport errors, told without the URL's path or query: there, a Slack webhook keeps its
 * secret. The host may be named; it is no secret and tells where to look. */
static char *
describe_transport_error (Delivery *delivery,
                          GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup_printf ("The receiver did not answer within %u s",
                            delivery->sender->timeout_seconds);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_strdup ("The receiver refused the connection");
  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup ("The receiver's host name could not be resolved");
  if (mentions_secret_part (error->message, soup_message_get_uri (delivery->message)))
    return g_strdup_printf ("Could not reach the receiver (%s error %d)",
                            g_quark_to_string (error->domain), error->code);
  return g_strdup_printf ("Could not reach the receiver: %s", error->message);
}

static void
on_response (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Delivery *delivery = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *message = NULL;
  const char *retry_after;
  gint64 delay = -1;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopping: the entry stays pending and goes again next time. */
      delivery_end (delivery);
      return;
    }
  if (error != NULL)
    {
      message = describe_transport_error (delivery, error);
      mark_retry (delivery, 0, message, -1);
      return;
    }

  status = soup_message_get_status (delivery->message);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      mark_delivered (delivery, status);
      return;
    }

  excerpt = body_excerpt (body);
  message = g_strdup_printf ("HTTP %u %s: %s", status,
                             soup_status_get_phrase (status) != NULL
                               ? soup_status_get_phrase (status) : "",
                             excerpt);
  if (status == HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      retry_after = soup_message_headers_get_one (
        soup_message_get_response_headers (delivery->message), "Retry-After");
      if (!bs_notification_sender_parse_retry_after (retry_after, g_get_real_time (), &delay))
        delay = -1;
      mark_retry (delivery, status, message, delay);
    }
  else if (status >= 400 && status < 500)
    mark_failed (delivery, status, message);
  else
    mark_retry (delivery, status, message, -1);
}

static const char *
dashboard_base_url (BsContactPoint *point)
{
  JsonNode *node = json_object_get_member (point->settings, "dashboard_url");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
post (Delivery   *delivery,
      const char *url)
{
  BsNotificationSender *self = delivery->sender;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;
  char *text;

  delivery->message = soup_message_new (SOUP_METHOD_POST, url);
  if (delivery->message == NULL)
    {
      mark_failed (delivery, 0, "The contact point's URL is not a web address; edit the "
                                "contact point and enter it again");
      return;
    }

  if (g_strcmp0 (delivery->point->kind, "slack") == 0)
    json = bs_notification_format_slack (delivery->entry->payload,
                                         dashboard_base_url (delivery->point));
  else
    json = bs_notification_format_webhook (delivery->entry->payload,
                                           delivery->entry->idempotency_key);
  text = json_to_string (json, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));

  headers = soup_message_get_request_headers (delivery->message);
  soup_message_headers_replace (headers, "Idempotency-Key", delivery->entry->idempotency_key);
  soup_message_set_request_body_from_bytes (delivery->message, "application/json", bytes);
  soup_session_send_and_read_async (self->session, delivery->message, G_PRIORITY_DEFAULT,
                                    self->cancellable, on_response, delivery);
}

static void
on_url_looked_up (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Delivery *delivery = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;

  url = bs_secret_store_lookup_finish (BS_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      delivery_end (delivery);
      return;
    }
  if (error != NULL)
    {
      message = g_strdup_printf ("Could not read the contact point's URL from %s: %s",
                                 bs_secret_store_describe (delivery->sender->secrets),
                                 error->message);
      mark_retry (delivery, 0, message, -1);
      return;
    }
  if (url == NULL)
    {
      message = g_strdup_printf ("No URL is kept for the contact point “%s” in %s; edit it "
                                 "and enter its URL again", delivery->point->name,
                                 bs_secret_store_describe (delivery->sender->secrets));
      mark_failed (delivery, 0, message);
      return;
    }

  post (delivery, url);
}

/* --- desktop ------------------------------------------------------------------------ */

/* Without an address in the environment or a bus socket in the runtime directory, GLib
 * would try to autolaunch a bus on the X display, which leaves daemons behind. */
static gboolean
session_bus_configured (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *socket = NULL;

  if (address != NULL && address[0] != '\0')
    return TRUE;
  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

static GApplication *
ensure_application (BsNotificationSender *self)
{
  g_autoptr(GApplication) application = NULL;
  g_autoptr(GError) error = NULL;

  if (self->application != NULL)
    return self->application;
  if (!session_bus_configured ())
    return NULL;

  /* Not unique: engines of several data directories may share one desktop session. */
  application = g_application_new (ENGINE_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (application, NULL, &error))
    {
      g_debug ("Could not register on the session bus: %s", error->message);
      return NULL;
    }
  /* A non-unique application registers even when the bus cannot be reached. */
  if (g_application_get_dbus_connection (application) == NULL)
    return NULL;

  self->application = g_steal_pointer (&application);
  return self->application;
}

static gboolean
names_contain_notifications (GVariant *reply)
{
  g_autofree const char **names = NULL;

  g_variant_get (reply, "(^a&s)", &names);
  return g_strv_contains (names, "org.freedesktop.Notifications") ||
         g_strv_contains (names, "org.gtk.Notifications");
}

static void
show_desktop_notification (Delivery *delivery)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  bs_notification_format_desktop (delivery->entry->payload, &title, &body);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  if (delivery->entry->kind == BS_NOTIFICATION_FIRING)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* The key as the id: a notification sent again after a crash replaces the first. */
  g_application_send_notification (delivery->sender->application,
                                   delivery->entry->idempotency_key, notification);
  mark_delivered (delivery, 0);
}

static void list_names (Delivery *delivery, const char *method);

static void
on_names_listed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Delivery *delivery = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      delivery_end (delivery);
      return;
    }
  if (reply == NULL)
    {
      message = g_strdup_printf ("The desktop session's bus did not answer: %s",
                                 error->message);
      mark_retry (delivery, 0, message, -1);
      return;
    }

  if (names_contain_notifications (reply))
    {
      show_desktop_notification (delivery);
      return;
    }

  if (!delivery->listed_activatable)
    {
      list_names (delivery, "ListActivatableNames");
      return;
    }

  mark_retry (delivery, 0, "No notification service runs in the desktop session (nothing "
                           "owns org.freedesktop.Notifications); is someone logged in?", -1);
}

static void
list_names (Delivery   *delivery,
            const char *method)
{
  GDBusConnection *connection =
    g_application_get_dbus_connection (delivery->sender->application);

  delivery->listed_activatable = g_str_equal (method, "ListActivatableNames");
  g_dbus_connection_call (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", method, NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, delivery->sender->cancellable,
                          on_names_listed, delivery);
}

static void
send_desktop (Delivery *delivery)
{
  if (ensure_application (delivery->sender) == NULL)
    {
      mark_failed (delivery, 0, "There is no desktop session bus to show a desktop "
                                "notification on: the engine runs outside a desktop "
                                "session (DBUS_SESSION_BUS_ADDRESS is not set or cannot be "
                                "reached); use a Slack or webhook contact point instead");
      return;
    }

  list_names (delivery, "ListNames");
}

/* --- taking due entries --------------------------------------------------------------- */

static void
begin_delivery (BsNotificationSender *self,
                BsOutboxEntry        *entry)
{
  Delivery *delivery = delivery_new (self, entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (entry->contact_point_id > 0)
    delivery->point = bs_alert_store_get_contact_point (self->store, entry->contact_point_id,
                                                        &error);
  if (delivery->point == NULL && error != NULL
      && !g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    {
      mark_retry (delivery, 0, error->message, -1);
      return;
    }
  if (delivery->point == NULL)
    {
      mark_failed (delivery, 0, "The contact point was deleted before this notification "
                                "could be sent");
      return;
    }

  if (entry->kind == BS_NOTIFICATION_RESOLVED && !delivery->point->send_resolved)
    {
      mark_silenced (delivery, "Not sent: the contact point does not send resolved messages");
      return;
    }

  if (!bs_contact_point_kind_needs_url (delivery->point->kind))
    {
      send_desktop (delivery);
      return;
    }

  key = bs_contact_point_secret_key (delivery->point->id);
  bs_secret_store_lookup_async (self->secrets, key, self->cancellable, on_url_looked_up,
                                delivery);
}

static void
pump (BsNotificationSender *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  guint in_flight = g_hash_table_size (self->in_flight);
  guint slots;

  if (!self->running || in_flight >= BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT)
    return;

  slots = BS_NOTIFICATION_SENDER_MAX_IN_FLIGHT - in_flight;
  /* Entries in flight are still pending and due: ask for enough to skip them. */
  due = bs_notification_outbox_take_due (self->store, g_get_real_time (), in_flight + slots,
                                         &error);
  if (due == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  for (guint i = 0; i < due->len && slots > 0; i++)
    {
      BsOutboxEntry *entry = g_ptr_array_index (due, i);

      if (g_hash_table_contains (self->in_flight, &entry->id))
        continue;

      /* Taken over by the delivery; the array frees the rest (its free function takes
       * NULL). */
      g_ptr_array_index (due, i) = NULL;
      slots--;
      begin_delivery (self, entry);
      if (!self->running)
        break;
    }

}

static gboolean
on_tick (gpointer user_data)
{
  pump (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_wake (gpointer user_data)
{
  BsNotificationSender *self = user_data;

  self->wake_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

void
bs_notification_sender_wake (BsNotificationSender *self)
{
  g_return_if_fail (BS_IS_NOTIFICATION_SENDER (self));

  /* From the main loop, not straight away: a delivery that ends inside begin_delivery ()
   * would otherwise start the next one from within the loop that started it. At the
   * default priority, so that a busy API does not starve deliveries. */
  if (self->running && self->wake_id == 0)
    self->wake_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_wake, self, NULL);
}

void
bs_notification_sender_start (BsNotificationSender *self)
{
  g_autoptr(GError) error = NULL;
  gint64 pending;

  g_return_if_fail (BS_IS_NOTIFICATION_SENDER (self));

  if (self->running)
    return;

  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick, self);

  pending = bs_notification_outbox_count_pending (self->store, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  else if (pending > 0)
    g_message ("%" G_GINT64_FORMAT " notifications wait to be sent", pending);
  bs_notification_sender_wake (self);
}

void
bs_notification_sender_stop (BsNotificationSender *self)
{
  g_return_if_fail (BS_IS_NOTIFICATION_SENDER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

guint
bs_notification_sender_get_in_flight (BsNotificationSender *self)
{
  g_return_val_if_fail (BS_IS_NOTIFICATION_SENDER (self), 0);

  return g_hash_table_size (self->in_flight);
}
