#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>

#include "bs-demo-generator.h"
#include "demo-test-util.h"

char *
demo_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bs-demo-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
demo_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

guint
demo_test_count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

char *
demo_test_generate (const char *dir,
                    const char *name,
                    guint64     seed,
                    guint64     rows,
                    const char *end_iso8601)
{
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(BsDemoGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (end_iso8601 != NULL)
    {
      end = g_date_time_new_from_iso8601 (end_iso8601, NULL);
      g_assert_nonnull (end);
    }
  generator = bs_demo_generator_new (seed, rows, end);
  g_assert_true (bs_demo_generator_write (generator, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bs_demo_generator_get_rows_written (generator), ==, rows);
  return path;
}

sqlite3 *
demo_test_open (const char *path)
{
  sqlite3 *db = NULL;

  /* Read-write, though the tests only read: the last read-write connection to close
   * removes the -wal and -shm files, which a read-only one leaves behind. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_value, sqlite3_value_free)

/* The first column of the first row of @sql, which must have one. */
static sqlite3_value *
query_value (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3_value *value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_value_dup (sqlite3_column_value (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

gint64
demo_test_int (sqlite3    *db,
               const char *sql)
{
  g_autoptr(sqlite3_value) value = query_value (db, sql);

  return sqlite3_value_int64 (value);
}

double
demo_test_double (sqlite3    *db,
                  const char *sql)
{
  g_autoptr(sqlite3_value) value = query_value (db, sql);

  return sqlite3_value_double (value);
}

char *
demo_test_text (sqlite3    *db,
                const char *sql)
{
  g_autoptr(sqlite3_value) value = query_value (db, sql);

  return g_strdup ((const char *)sqlite3_value_text (value));
}
