/* Run through ../with-keyring.sh (a private session bus with an unlocked gnome-keyring):
 * the engine keeps its admin token in the keyring, not in a file. */
#define G_LOG_DOMAIN "test-engine-keyring"

#include "config.h"

#include "bs-engine-test.h"

static void
test_admin_token_in_keyring (void)
{
  g_autoptr(BsTestEngine) engine = bs_test_engine_new ();
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsSecretStore) keyring = bs_secret_store_new_for_keyring ();
  g_autofree char *runtime_file = NULL;
  g_autofree char *data_file = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *first_token = NULL;

  engine->use_session_bus = TRUE;
  bs_test_engine_start (engine, NULL);

  g_assert_cmpstr (engine->discovery->token_store, ==, "keyring");
  g_assert_null (engine->discovery->token_file);
  runtime_file = g_build_filename (engine->runtime_dir, "business-studio", "secrets", NULL);
  data_file = g_build_filename (engine->data_dir, "secrets", NULL);
  g_assert_false (g_file_test (runtime_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (data_file, G_FILE_TEST_EXISTS));

  /* What libsecret finds under the key the discovery names is a working admin token. */
  secret = bs_test_lookup_secret (keyring, engine->discovery->token_key);
  g_assert_nonnull (secret);
  g_assert_true (g_str_has_prefix (secret, "bse_"));
  response = bs_test_engine_expect (engine, "GET", "tokens", secret, NULL, SOUP_STATUS_OK);
  first_token = g_strdup (secret);
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);

  /* The next start finds it there and keeps it. */
  bs_test_engine_start (engine, NULL);
  g_assert_cmpstr (engine->admin_token, ==, first_token);
  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/engine-keyring/admin-token-in-keyring", test_admin_token_in_keyring);
  return g_test_run ();
}
