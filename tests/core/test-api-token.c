#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-api-token.h"
#include "bs-test-util.h"

#define SECRET_LENGTH (4 + 43)

static BsApiToken *
create_token (BsStore    *store,
              const char *name,
              BsRole      role,
              GDateTime  *expires_at,
              gboolean    bootstrap,
              char      **out_secret)
{
  g_autoptr(GError) error = NULL;
  BsApiToken *token;

  token = bs_api_token_create (store, name, role, expires_at, bootstrap, out_secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_nonnull (*out_secret);
  return token;
}

/* Sets a column of a token to a time @seconds_ago before now, as if time had passed. */
static void
set_time_ago (BsStore    *store,
              gint64      id,
              const char *column,
              int         seconds_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -seconds_ago);
  g_autofree char *text = bs_store_format_iso8601 (then);
  g_autofree char *sql = g_strdup_printf ("UPDATE api_tokens SET %s = '%s' WHERE id = %"
                                          G_GINT64_FORMAT, column, text, id);
  g_autoptr(GError) error = NULL;

  bs_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
test_secret_format (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *secret = bs_api_token_generate_secret ();

      g_assert_true (g_str_has_prefix (secret, "bse_"));
      g_assert_cmpuint (strlen (secret), ==, SECRET_LENGTH);
      for (const char *c = secret + 4; *c != '\0'; c++)
        g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');
      g_assert_false (g_hash_table_contains (seen, secret));
      g_hash_table_add (seen, secret);
    }
}

static void
test_hash (void)
{
  g_autofree char *secret = bs_api_token_generate_secret ();
  g_autofree char *other = bs_api_token_generate_secret ();
  g_autofree char *hash = bs_api_token_hash_secret (secret);
  g_autofree char *again = bs_api_token_hash_secret (secret);
  g_autofree char *other_hash = bs_api_token_hash_secret (other);
  g_autofree char *known = bs_api_token_hash_secret ("abc");

  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_cmpstr (hash, !=, secret);
  g_assert_null (strstr (hash, secret + 4));
  g_assert_cmpstr (hash, ==, again);
  g_assert_cmpstr (hash, !=, other_hash);
  /* SHA-256 of "abc" (FIPS 180-2), so that it is the hash the header says. */
  g_assert_cmpstr (known, ==,
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_secret_not_stored (BsTestStoreFixture *fixture,
                        gconstpointer       data)
{
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean hash_found = FALSE;

  token = create_token (fixture->store, "ci", BS_ROLE_VIEWER, NULL, FALSE, &secret);
  hash = bs_api_token_hash_secret (secret);
  g_clear_object (&fixture->store);

  /* Every file SQLite wrote (the database, and a WAL if one is left). */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_test_message ("Searching %s", path);
      g_assert_false (bs_test_file_contains (path, secret));
      g_assert_false (bs_test_file_contains (path, secret + 4));
      hash_found |= bs_test_file_contains (path, hash);
    }

  /* The search works: the hash is there. */
  g_assert_true (hash_found);
}

static void
test_create_and_lookup (BsTestStoreFixture *fixture,
                        gconstpointer       data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next_week = g_date_time_add_days (now, 7);
  g_autofree char *secret = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(BsApiToken) found = NULL;
  g_autoptr(BsApiToken) copy = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->store, "deploy bot", BS_ROLE_EDITOR, next_week, FALSE, &secret);
  g_assert_cmpstr (token->name, ==, "deploy bot");
  g_assert_cmpint (token->role, ==, BS_ROLE_EDITOR);
  g_assert_false (token->bootstrap);
  g_assert_nonnull (token->created_at);
  g_assert_nonnull (token->expires_at);
  g_assert_cmpint (g_date_time_difference (token->expires_at, next_week), <, G_TIME_SPAN_SECOND);
  g_assert_null (token->last_used_at);
  g_assert_null (token->revoked_at);

  found = bs_api_token_lookup (fixture->store, token->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, token->name);
  copy = bs_api_token_copy (found);
  g_assert_cmpint (copy->id, ==, found->id);
  g_assert_true (g_date_time_equal (copy->expires_at, found->expires_at));

  g_assert_null (bs_api_token_lookup (fixture->store, 999, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

static void
test_bad_role (BsTestStoreFixture *fixture,
               gconstpointer       data)
{
  g_autofree char *secret = NULL;
  g_autoptr(GError) error = NULL;
  BsRole role = 0;

  g_assert_null (bs_api_token_create (fixture->store, "x", 7, NULL, FALSE, &secret, &error));
  g_assert_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_BAD_ROLE);
  g_assert_null (secret);

  for (BsRole r = BS_ROLE_VIEWER; r <= BS_ROLE_ADMIN; r++)
    {
      g_assert_true (bs_role_from_string (bs_role_to_string (r), &role));
      g_assert_cmpint (role, ==, r);
    }
  g_assert_cmpstr (bs_role_to_string (BS_ROLE_ADMIN), ==, "admin");
  g_assert_false (bs_role_from_string ("root", &role));
  g_assert_false (bs_role_from_string ("Admin", &role));
  g_assert_false (bs_role_from_string (NULL, &role));
  g_assert_cmpint (BS_ROLE_VIEWER, <, BS_ROLE_EDITOR);
  g_assert_cmpint (BS_ROLE_EDITOR, <, BS_ROLE_ADMIN);
}

static void
test_authenticate (BsTestStoreFixture *fixture,
                   gconstpointer       data)
{
  g_autofree char *secret = NULL;
  g_autofree char *other_secret = NULL;
  g_autofree char *unknown = bs_api_token_generate_secret ();
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(BsApiToken) other = NULL;
  g_autoptr(BsApiToken) authenticated = NULL;
  g_autoptr(GError) error = NULL;
  const char *malformed[] = { "", "bse_", "bse_short", "Bearer x", "bse_!!!" };

  token = create_token (fixture->store, "studio", BS_ROLE_ADMIN, NULL, TRUE, &secret);
  other = create_token (fixture->store, "ci", BS_ROLE_VIEWER, NULL, FALSE, &other_secret);

  authenticated = bs_api_token_authenticate (fixture->store, secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (authenticated->id, ==, token->id);
  g_assert_cmpint (authenticated->role, ==, BS_ROLE_ADMIN);
  g_assert_nonnull (authenticated->last_used_at);
  g_clear_pointer (&authenticated, bs_api_token_free);

  authenticated = bs_api_token_authenticate (fixture->store, other_secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (authenticated->id, ==, other->id);

  g_assert_null (bs_api_token_authenticate (fixture->store, unknown, &error));
  g_assert_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "This API token is not known to this engine");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_null (bs_api_token_authenticate (fixture->store, malformed[i], &error));
      g_assert_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* The hash itself is no key. */
  {
    g_autofree char *hash = bs_api_token_hash_secret (secret);

    g_assert_null (bs_api_token_authenticate (fixture->store, hash, &error));
    g_assert_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_INVALID);
  }
}

static void
test_expired (BsTestStoreFixture *fixture,
              gconstpointer       data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) an_hour_ago = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) in_an_hour = g_date_time_add_hours (now, 1);
  g_autofree char *old_secret = NULL;
  g_autofree char *fresh_secret = NULL;
  g_autoptr(BsApiToken) old = NULL;
  g_autoptr(BsApiToken) fresh = NULL;
  g_autoptr(BsApiToken) authenticated = NULL;
  g_autoptr(GError) error = NULL;

  old = create_token (fixture->store, "old", BS_ROLE_VIEWER, an_hour_ago, FALSE, &old_secret);
  fresh = create_token (fixture->store, "fresh", BS_ROLE_VIEWER, in_an_hour, FALSE,
                        &fresh_secret);

  g_assert_null (bs_api_token_authenticate (fixture->store, old_secret, &error));
  g_assert_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);

  authenticated = bs_api_token_authenticate (fixture->store, fresh_secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (authenticated->id, ==, fresh->id);
}

static void
test_revoke (BsTestStoreFixture *fixture,
             gconstpointer       data)
{
  g_autofree char *secret = NULL;
  g_autofree char *first_revoked_at = NULL;
  g_autofree char *second_revoked_at = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(BsApiToken) revoked = NULL;
  g_autoptr(BsApiToken) again = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->store, "laptop", BS_ROLE_EDITOR, NULL, FALSE, &secret);
  g_assert_true (bs_api_token_revoke (fixture->store, token->id, &error));
  g_assert_no_error (error);

  g_assert_null (bs_api_token_authenticate (fixture->store, secret, &error));
  g_assert_error (error, BS_API_TOKEN_ERROR, BS_API_TOKEN_ERROR_REVOKED);
  g_clear_error (&error);

  /* Revoking again keeps the first time. */
  set_time_ago (fixture->store, token->id, "revoked_at", 3600);
  revoked = bs_api_token_lookup (fixture->store, token->id, &error);
  first_revoked_at = bs_store_format_iso8601 (revoked->revoked_at);
  g_assert_true (bs_api_token_revoke (fixture->store, token->id, &error));
  again = bs_api_token_lookup (fixture->store, token->id, &error);
  g_assert_no_error (error);
  second_revoked_at = bs_store_format_iso8601 (again->revoked_at);
  g_assert_cmpstr (first_revoked_at, ==, second_revoked_at);

  g_assert_false (bs_api_token_revoke (fixture->store, 12345, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

static void
test_list (BsTestStoreFixture *fixture,
           gconstpointer       data)
{
  const char *names[] = { "first", "second", "third" };
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  gint64 second_id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *secret = NULL;
      g_autoptr(BsApiToken) token = create_token (fixture->store, names[i], BS_ROLE_VIEWER,
                                                  NULL, FALSE, &secret);
      if (i == 1)
        second_id = token->id;
    }
  bs_api_token_revoke (fixture->store, second_id, &error);
  g_assert_no_error (error);

  tokens = bs_api_token_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 3);
  for (guint i = 0; i < tokens->len; i++)
    {
      BsApiToken *token = g_ptr_array_index (tokens, i);

      g_assert_cmpstr (token->name, ==, names[G_N_ELEMENTS (names) - 1 - i]);
      g_assert_true ((token->revoked_at != NULL) == (token->id == second_id));
    }
}

static void
test_bootstrap (BsTestStoreFixture *fixture,
                gconstpointer       data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *secret = NULL;
  g_autofree char *expired_secret = NULL;
  g_autofree char *plain_secret = NULL;
  g_autoptr(BsApiToken) plain = NULL;
  g_autoptr(BsApiToken) bootstrap = NULL;
  g_autoptr(BsApiToken) expired = NULL;
  g_autoptr(BsApiToken) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (bs_api_token_find_bootstrap (fixture->store, &error));
  g_assert_no_error (error);

  plain = create_token (fixture->store, "ci", BS_ROLE_ADMIN, NULL, FALSE, &plain_secret);
  g_assert_null (bs_api_token_find_bootstrap (fixture->store, &error));
  g_assert_no_error (error);

  bootstrap = create_token (fixture->store, "studio", BS_ROLE_ADMIN, NULL, TRUE, &secret);
  expired = create_token (fixture->store, "studio (old)", BS_ROLE_ADMIN, yesterday, TRUE,
                          &expired_secret);
  found = bs_api_token_find_bootstrap (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, bootstrap->id);
  g_assert_true (found->bootstrap);
  g_clear_pointer (&found, bs_api_token_free);

  bs_api_token_revoke (fixture->store, bootstrap->id, &error);
  g_assert_no_error (error);
  g_assert_null (bs_api_token_find_bootstrap (fixture->store, &error));
  g_assert_no_error (error);
}

static char *
stored_last_used_at (BsStore *store,
                     gint64   id)
{
  g_autoptr(BsApiToken) token = bs_api_token_lookup (store, id, NULL);

  return token->last_used_at != NULL ? bs_store_format_iso8601 (token->last_used_at) : NULL;
}

static void
test_last_used_at (BsTestStoreFixture *fixture,
                   gconstpointer       data)
{
  g_autofree char *secret = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *after_recent = NULL;
  g_autofree char *after_old = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(BsApiToken) used = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) stored = NULL;

  token = create_token (fixture->store, "ci", BS_ROLE_VIEWER, NULL, FALSE, &secret);
  g_assert_null (stored_last_used_at (fixture->store, token->id));

  used = bs_api_token_authenticate (fixture->store, secret, NULL);
  g_assert_nonnull (used);
  g_clear_pointer (&used, bs_api_token_free);
  after_old = stored_last_used_at (fixture->store, token->id);
  g_assert_nonnull (after_old);
  g_clear_pointer (&after_old, g_free);

  /* Used 30 seconds ago: within the minute, so not written again. */
  set_time_ago (fixture->store, token->id, "last_used_at", 30);
  recent = stored_last_used_at (fixture->store, token->id);
  used = bs_api_token_authenticate (fixture->store, secret, NULL);
  g_assert_nonnull (used);
  g_clear_pointer (&used, bs_api_token_free);
  after_recent = stored_last_used_at (fixture->store, token->id);
  g_assert_cmpstr (after_recent, ==, recent);

  /* Used two minutes ago: written again, now. */
  set_time_ago (fixture->store, token->id, "last_used_at", 120);
  used = bs_api_token_authenticate (fixture->store, secret, NULL);
  g_assert_nonnull (used);
  after_old = stored_last_used_at (fixture->store, token->id);
  stored = bs_store_parse_iso8601 (after_old);
  g_assert_cmpint (g_date_time_difference (stored, now), >=, -G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (stored, now), <, 60 * G_TIME_SPAN_SECOND);
  g_assert_true (g_date_time_equal (stored, used->last_used_at));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/api-token/secret-format", test_secret_format);
  g_test_add_func ("/bs/api-token/hash", test_hash);
#define ADD(path, func) BS_TEST_ADD_STORE_TEST ("/bs/api-token/" path, func)
  ADD ("secret-not-stored", test_secret_not_stored);
  ADD ("create-and-lookup", test_create_and_lookup);
  ADD ("bad-role", test_bad_role);
  ADD ("authenticate", test_authenticate);
  ADD ("expired", test_expired);
  ADD ("revoke", test_revoke);
  ADD ("list", test_list);
  ADD ("bootstrap", test_bootstrap);
  ADD ("last-used-at", test_last_used_at);
#undef ADD

  return g_test_run ();
}
