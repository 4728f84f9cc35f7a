/* demo-test-util.h — helpers shared by the demo dataset tests. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The fixed end used where a test needs a known calendar: a Tuesday afternoon (UTC). */
#define DEMO_TEST_END "2026-03-10T15:30:00Z"

char     *demo_test_make_dir    (void);
/* Removes the files in @dir, then @dir itself. */
void      demo_test_remove_dir  (const char *dir);
guint     demo_test_count_files (const char *dir);
/* Generates into @dir/@name and returns the path; the test fails if the generator does. */
char     *demo_test_generate    (const char *dir,
                                 const char *name,
                                 guint64     seed,
                                 guint64     rows,
                                 const char *end_iso8601);
sqlite3  *demo_test_open        (const char *path);
gint64    demo_test_int         (sqlite3    *db,
                                 const char *sql);
double    demo_test_double      (sqlite3    *db,
                                 const char *sql);
char     *demo_test_text        (sqlite3    *db,
                                 const char *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

G_END_DECLS
