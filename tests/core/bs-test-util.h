/* bs-test-util.h — small helpers shared by the core tests. */
#pragma once

#include <gio/gio.h>

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

G_END_DECLS
