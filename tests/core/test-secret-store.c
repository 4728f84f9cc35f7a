#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bs-secret-store.h"
#include "bs-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  BsSecretStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bs_test_make_tmp_dir ();
  /* A folder that does not exist yet: the store creates it, private. */
  fixture->path = g_build_filename (fixture->dir, "private", "secrets", NULL);
  fixture->store = bs_secret_store_new_for_file (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  bs_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_file_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *odd_key = "engine-token:/home/ann/My Data [1]=#x\nz";
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;
  g_autofree char *odd_value = NULL;
  g_autofree char *cleared = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (bs_secret_store_get_backend (fixture->store), ==, BS_SECRET_BACKEND_FILE);
  g_assert_cmpstr (bs_secret_store_get_file (fixture->store), ==, fixture->path);
  g_assert_nonnull (strstr (bs_secret_store_describe (fixture->store), fixture->path));
  g_assert_null (bs_secret_store_get_fallback_reason (fixture->store));

  /* Nothing stored (no file at all yet): NULL, and no error. */
  missing = bs_test_secret_lookup (fixture->store, "engine-token", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (bs_test_secret_store (fixture->store, "engine-token", "bse_first", &error));
  g_assert_true (bs_test_secret_store (fixture->store, "engine-token", "bse_second", &error));
  g_assert_true (bs_test_secret_store (fixture->store, odd_key, "line one\nline = two ", &error));
  g_assert_no_error (error);
  assert_mode (fixture->path, 0600);
  assert_mode (dir, 0700);

  value = bs_test_secret_lookup (fixture->store, "engine-token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "bse_second");
  odd_value = bs_test_secret_lookup (fixture->store, odd_key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (odd_value, ==, "line one\nline = two ");
  g_assert_false (bs_test_file_contains (fixture->path, "bse_first"));

  g_assert_true (bs_test_secret_clear (fixture->store, "engine-token", &error));
  g_assert_no_error (error);
  cleared = bs_test_secret_lookup (fixture->store, "engine-token", &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
  g_assert_false (bs_test_file_contains (fixture->path, "bse_second"));
  assert_mode (fixture->path, 0600);

  /* Clearing what is not there is not an error. */
  g_assert_true (bs_test_secret_clear (fixture->store, "never-stored", &error));
  g_assert_no_error (error);
}

static void
test_file_insecure (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (bs_test_secret_store (fixture->store, "grafana:acme", "glsa_secret", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_file_get_contents (fixture->path, &before, NULL, NULL);

  value = bs_test_secret_lookup (fixture->store, "grafana:acme", &error);
  g_assert_null (value);
  g_assert_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_null (strstr (error->message, "glsa_secret"));
  g_clear_error (&error);

  /* Writing is refused too, and leaves the file as it was. */
  g_assert_false (bs_test_secret_store (fixture->store, "grafana:other", "glsa_other", &error));
  g_assert_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_INSECURE);
  g_file_get_contents (fixture->path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  assert_mode (fixture->path, 0644);
}

static void
test_file_damaged (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents_full (fixture->path, "this is [not a key file\n", -1,
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  value = bs_test_secret_lookup (fixture->store, "engine-token", &error);
  g_assert_null (value);
  g_assert_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, fixture->path));
}

typedef struct
{
  BsSecretStore *store;
  guint          pending;
  GError        *error;
} Batch;

static void
on_batch_stored (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Batch *batch = user_data;

  if (!bs_secret_store_store_finish (BS_SECRET_STORE (object), result, &batch->error))
    g_assert_no_error (batch->error);
  batch->pending--;
}

static void
test_file_concurrent (Fixture       *fixture,
                      gconstpointer  data)
{
  Batch batch = { fixture->store, 0, NULL };

  /* Each store reads, changes and writes the whole file: none may lose another's key. */
  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autofree char *secret = g_strdup_printf ("secret-%u", i);

      batch.pending++;
      bs_secret_store_store_async (fixture->store, key, "Batch", secret, NULL,
                                   on_batch_stored, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autofree char *expected = g_strdup_printf ("secret-%u", i);
      g_autoptr(GError) error = NULL;
      g_autofree char *value = bs_test_secret_lookup (fixture->store, key, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, expected);
    }
}

/* With DBUS_SESSION_BUS_ADDRESS=disabled: (set in main) no secret service can answer; run
 * on a private bus that can start no service (BS_TEST_EMPTY_BUS), the service is unknown. */
static void
test_keyring_unavailable (void)
{
  const char *expected = g_getenv ("BS_TEST_EMPTY_BUS") ? "org.freedesktop.secrets" : "disabled";
  g_autoptr(GError) error = NULL;
  g_autoptr(BsSecretStore) store = NULL;
  gint64 start = g_get_monotonic_time ();

  store = bs_test_secret_probe (NULL, 5000, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expected));
  /* It fails at once, not by running into the timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_TIME_SPAN_SECOND);
}

static void
test_keyring_fallback (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsSecretStore) store = NULL;
  g_autofree char *value = NULL;

  store = bs_test_secret_probe (fixture->path, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_secret_store_get_backend (store), ==, BS_SECRET_BACKEND_FILE);
  g_assert_cmpstr (bs_secret_store_get_file (store), ==, fixture->path);
  g_assert_nonnull (bs_secret_store_get_fallback_reason (store));

  g_assert_true (bs_test_secret_store (store, "engine-token", "bse_fallback", &error));
  value = bs_test_secret_lookup (store, "engine-token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "bse_fallback");
  assert_mode (fixture->path, 0600);
}

static void
test_probe_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsSecretStore) store = NULL;

  g_cancellable_cancel (cancellable);
  store = bs_test_secret_probe ("/nonexistent/secrets", 5000, cancellable, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Drops every method call addressed to us, like a secret service that hangs on a prompt. */
static GDBusMessage *
swallow_method_calls (GDBusConnection *connection,
                      GDBusMessage    *message,
                      gboolean         incoming,
                      gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }

  return message;
}

static void
hanging_service_child (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GDBusConnection) service = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsSecretStore) store = NULL;
  gint64 start;

  g_test_dbus_up (bus);
  service = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (service, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (service, swallow_method_calls, NULL, NULL);

  /* A fallback is no way out of a hang: the caller is told it timed out. */
  start = g_get_monotonic_time ();
  store = bs_test_secret_probe ("/nonexistent/secrets", 300, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "300 ms"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_TIME_SPAN_SECOND);

  /* Let the cancelled call come back before the bus goes away. */
  bs_test_spin (200);
  g_dbus_connection_close_sync (service, NULL, NULL);
  g_test_dbus_down (bus);
}

static void
test_probe_times_out (void)
{
  if (g_test_subprocess ())
    {
      hanging_service_child ();
      return;
    }

  /* In a child: it needs its own session bus, and a process keeps the first one it sees. */
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  /* No test here may reach a real keyring: the keyring has its own test. */
  if (g_getenv ("BS_TEST_EMPTY_BUS") == NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_unsetenv ("DISPLAY");

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/bs/secret-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("file/round-trip", test_file_round_trip);
  ADD ("file/insecure", test_file_insecure);
  ADD ("file/damaged", test_file_damaged);
  ADD ("file/concurrent", test_file_concurrent);
  ADD ("keyring/fallback", test_keyring_fallback);
#undef ADD
  g_test_add_func ("/bs/secret-store/keyring/unavailable", test_keyring_unavailable);
  g_test_add_func ("/bs/secret-store/probe/cancelled", test_probe_cancelled);
  g_test_add_func ("/bs/secret-store/probe/times-out", test_probe_times_out);

  return g_test_run ();
}
