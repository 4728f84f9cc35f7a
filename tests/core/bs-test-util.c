#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bs-test-util.h"

char *
bs_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bs-core-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
bs_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* A test may leave a directory read-only on purpose. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          bs_test_remove_tree (child);
        }
    }

  if (g_remove (path) != 0 && errno != ENOENT)
    g_test_message ("Could not remove %s: %s", path, g_strerror (errno));
}

void
bs_test_store_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  g_assert_null (*out_result);
  *out_result = g_object_ref (result);
}

GAsyncResult *
bs_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (result);
}

gboolean
bs_test_file_contains (const char *path,
                       const char *needle)
{
  g_autofree char *contents = NULL;
  gsize needle_length = strlen (needle);
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* Database pages hold NUL bytes, so this cannot be a string search. */
  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (contents + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

void
bs_test_store_fixture_set_up (BsTestStoreFixture *fixture,
                              gconstpointer       data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = bs_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->dir, "workspace.db", NULL);
  fixture->store = bs_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

void
bs_test_store_fixture_tear_down (BsTestStoreFixture *fixture,
                                 gconstpointer       data)
{
  g_clear_object (&fixture->store);
  bs_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

gboolean
bs_test_secret_store (BsSecretStore  *store,
                      const char     *key,
                      const char     *secret,
                      GError        **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_secret_store_store_async (store, key, "Test secret", secret, NULL,
                               bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  return bs_secret_store_store_finish (store, result, error);
}

char *
bs_test_secret_lookup (BsSecretStore  *store,
                       const char     *key,
                       GError        **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_secret_store_lookup_async (store, key, NULL, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  return bs_secret_store_lookup_finish (store, result, error);
}

gboolean
bs_test_secret_clear (BsSecretStore  *store,
                      const char     *key,
                      GError        **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_secret_store_clear_async (store, key, NULL, bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  return bs_secret_store_clear_finish (store, result, error);
}

BsSecretStore *
bs_test_secret_probe (const char    *fallback_file,
                      guint          timeout_ms,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_secret_store_new_async (fallback_file, timeout_ms, cancellable,
                             bs_test_store_result, &pending);
  result = bs_test_wait_result (&pending);
  return bs_secret_store_new_finish (result, error);
}

static gboolean
on_spin_done (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
bs_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_spin_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
