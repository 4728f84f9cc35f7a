#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "bs-secret-store.h"
#include "bs-test-util.h"

/* Run through ../with-keyring.sh: a private bus and an unlocked gnome-keyring. */

/* The same schema as the store's, so that the test reads the keyring on its own. */
static const SecretSchema test_schema = {
  "org.businessstudio.Secret", SECRET_SCHEMA_NONE,
  {
    { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct
{
  char *dir;
  char *fallback;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = bs_test_make_tmp_dir ();
  fixture->fallback = g_build_filename (fixture->dir, "fallback", "secrets", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bs_test_remove_tree (fixture->dir);
  g_free (fixture->fallback);
  g_free (fixture->dir);
}

static BsSecretStore *
probe_keyring (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  BsSecretStore *store;

  store = bs_test_secret_probe (fixture->fallback, 5000, NULL, &error);
  g_assert_no_error (error);
  return store;
}

static void
test_probe_chooses_keyring (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(BsSecretStore) store = probe_keyring (fixture);

  g_assert_cmpint (bs_secret_store_get_backend (store), ==, BS_SECRET_BACKEND_KEYRING);
  g_assert_null (bs_secret_store_get_file (store));
  g_assert_null (bs_secret_store_get_fallback_reason (store));
  g_assert_cmpstr (bs_secret_store_describe (store), ==, "the keyring");
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *key = "engine-token:/home/ann/.local/share/business-studio";
  g_autoptr(BsSecretStore) store = probe_keyring (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;
  g_autofree char *in_keyring = NULL;
  g_autofree char *after_clear = NULL;
  g_autofree char *in_keyring_after_clear = NULL;

  missing = bs_test_secret_lookup (store, key, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (bs_test_secret_store (store, key, "bse_first", &error));
  g_assert_true (bs_test_secret_store (store, key, "bse_keyring", &error));
  g_assert_no_error (error);
  value = bs_test_secret_lookup (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "bse_keyring");

  /* It really is in the keyring, as libsecret itself sees it, and nowhere else. */
  in_keyring = secret_password_lookup_sync (&test_schema, NULL, &error, "key", key, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (in_keyring, ==, "bse_keyring");
  g_assert_false (g_file_test (fixture->fallback, G_FILE_TEST_EXISTS));

  g_assert_true (bs_test_secret_clear (store, key, &error));
  g_assert_no_error (error);
  after_clear = bs_test_secret_lookup (store, key, &error);
  g_assert_no_error (error);
  g_assert_null (after_clear);
  in_keyring_after_clear = secret_password_lookup_sync (&test_schema, NULL, &error,
                                                        "key", key, NULL);
  g_assert_no_error (error);
  g_assert_null (in_keyring_after_clear);

  g_assert_true (bs_test_secret_clear (store, "never-stored", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->fallback, G_FILE_TEST_EXISTS));
}

static void
test_keys_are_separate (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BsSecretStore) store = probe_keyring (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *acme = NULL;
  g_autofree char *globex = NULL;

  bs_test_secret_store (store, "grafana:acme", "glsa_acme", &error);
  bs_test_secret_store (store, "grafana:globex", "glsa_globex", &error);
  g_assert_no_error (error);
  acme = bs_test_secret_lookup (store, "grafana:acme", &error);
  globex = bs_test_secret_lookup (store, "grafana:globex", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (acme, ==, "glsa_acme");
  g_assert_cmpstr (globex, ==, "glsa_globex");
  bs_test_secret_clear (store, "grafana:acme", &error);
  bs_test_secret_clear (store, "grafana:globex", &error);
  g_assert_no_error (error);
}

static void
lock_default_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autolist(GDBusProxy) locked = NULL;
  GList objects = { NULL, NULL, NULL };

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  objects.data = collection;
  secret_service_lock_sync (service, &objects, NULL, (GList **)&locked, &error);
  g_assert_no_error (error);
  g_assert_nonnull (locked);
  g_assert_true (secret_collection_get_locked (collection));
}

/* Last: nothing here unlocks the keyring again without a prompt. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsSecretStore) refused = NULL;
  g_autoptr(BsSecretStore) fallback = NULL;
  gint64 start;

  lock_default_keyring ();

  start = g_get_monotonic_time ();
  refused = bs_test_secret_probe (NULL, 5000, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, BS_SECRET_STORE_ERROR, BS_SECRET_STORE_ERROR_LOCKED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_TIME_SPAN_SECOND);
  g_clear_error (&error);

  fallback = bs_test_secret_probe (fixture->fallback, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_secret_store_get_backend (fallback), ==, BS_SECRET_BACKEND_FILE);
  g_assert_nonnull (bs_secret_store_get_fallback_reason (fallback));
  g_test_message ("Fell back because: %s", bs_secret_store_get_fallback_reason (fallback));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("BS_TEST_PRIVATE_KEYRING") == NULL)
    {
      /* It locks the default keyring: never let it near a real one. */
      g_printerr ("test-secret-keyring must run through tests/with-keyring.sh\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add ("/bs/secret-keyring/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("probe-chooses-keyring", test_probe_chooses_keyring);
  ADD ("round-trip", test_round_trip);
  ADD ("keys-are-separate", test_keys_are_separate);
  ADD ("locked", test_locked);
#undef ADD

  return g_test_run ();
}
