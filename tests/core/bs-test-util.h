/* bs-test-util.h — small helpers shared by the core tests. */
#pragma once

#include <gio/gio.h>

#include "bs-secret-store.h"
#include "bs-store.h"

G_BEGIN_DECLS

/* A new private temporary directory; remove it with bs_test_remove_tree (). */
char         *bs_test_make_tmp_dir   (void);
/* Removes @path and everything below it (it may not exist). */
void          bs_test_remove_tree    (const char    *path);
/* Waits, iterating the thread-default main context, until *@result is set by
 * bs_test_store_result (); returns it (owned by the caller). */
GAsyncResult *bs_test_wait_result    (GAsyncResult **result);
/* A GAsyncReadyCallback that keeps the result in the GAsyncResult* at @user_data. */
void          bs_test_store_result   (GObject       *source,
                                      GAsyncResult  *result,
                                      gpointer       user_data);
/* Whether @needle occurs in the bytes of @path. */
gboolean      bs_test_file_contains  (const char    *path,
                                      const char    *needle);

/* A fresh workspace in a temporary directory, for g_test_add (). */
typedef struct
{
  char    *dir;
  char    *path;
  BsStore *store;
} BsTestStoreFixture;

void          bs_test_store_fixture_set_up    (BsTestStoreFixture *fixture,
                                               gconstpointer       data);
void          bs_test_store_fixture_tear_down (BsTestStoreFixture *fixture,
                                               gconstpointer       data);

#define BS_TEST_ADD_STORE_TEST(path, func) \
  g_test_add (path, BsTestStoreFixture, NULL, bs_test_store_fixture_set_up, func, \
              bs_test_store_fixture_tear_down)

/* The secret store's calls, run to completion on the thread-default main context. */
gboolean       bs_test_secret_store   (BsSecretStore  *store,
                                       const char     *key,
                                       const char     *secret,
                                       GError        **error);
char          *bs_test_secret_lookup  (BsSecretStore  *store,
                                       const char     *key,
                                       GError        **error);
gboolean       bs_test_secret_clear   (BsSecretStore  *store,
                                       const char     *key,
                                       GError        **error);
BsSecretStore *bs_test_secret_probe   (const char     *fallback_file,
                                       guint           timeout_ms,
                                       GCancellable   *cancellable,
                                       GError        **error);
/* Runs the thread-default main context for @ms milliseconds, so that operations that were
 * cancelled or timed out can deliver their late callbacks. */
void           bs_test_spin           (guint           ms);

G_END_DECLS
