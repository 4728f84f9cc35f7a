/* query-test-util.h — helpers shared by the query tests. */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "bs-query-sql.h"
#include "demo-test-util.h"

G_BEGIN_DECLS

sqlite3   *query_test_create     (const char    *dir,
                                  const char    *name);
void       query_test_exec       (sqlite3       *db,
                                  const char    *sql);
/* Renders and runs @query at @now_iso (ISO 8601) in @tz (NULL: UTC); fails the test on error. */
JsonNode  *query_test_run        (sqlite3       *db,
                                  const BsQuery *query,
                                  const char    *now_iso,
                                  GTimeZone     *tz,
                                  guint          row_limit);
/* Renders and runs, returning NULL with @error set when either step fails. */
JsonNode  *query_test_try        (sqlite3       *db,
                                  const BsQuery *query,
                                  const char    *now_iso,
                                  GError       **error);
/* Checks the frame's rows against what @sql returns (same columns, same order). */
void       query_test_assert_rows (sqlite3      *db,
                                  JsonNode      *frame,
                                  const char    *sql);
guint      query_test_n_rows     (JsonNode      *frame);
JsonArray *query_test_row        (JsonNode      *frame,
                                  guint          i);
/* "name:type,name:type" of the frame's columns. */
char      *query_test_columns    (JsonNode      *frame);
char      *query_test_to_string  (JsonNode      *node);

G_END_DECLS
