/* CSV imports through a real engine process: POST imports, polling, the report (rejected
 * rows with their line numbers, columns, delimiter, encoding), the csv data source it
 * adds, cancelling, files that cannot be imported, removing the source (its table goes
 * too), and `business-engine import` with its progress line. One engine serves every
 * test. */
#define G_LOG_DOMAIN "test-engine-imports"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bs-engine-test.h"
#include "bs-test-util.h"

#define POLL_TIMEOUT_SECONDS 120

static BsTestEngine *engine;
static char *editor_token;
static char *viewer_token;

/* More good rows than the import samples to guess the types, so that a word in the number
 * column after them is a rejected row rather than a text column. */
#define GOOD_ROWS       10500
#define EXTRA_LINE      (4 + GOOD_ROWS)
#define WORD_LINE       (5 + GOOD_ROWS)
#define IMPORTED_ROWS   (GOOD_ROWS + 2)

/* Semicolons, a quoted value over two lines (lines 2 and 3), the good rows, a row with a
 * value too many, a row with a word for a number, and one more good row. */
static GString *sales_csv;

static void
make_sales_csv (void)
{
  sales_csv = g_string_new ("id;product;units;sold_at\n");
  g_string_append (sales_csv, "1;\"Pears,\nripe\";7;2026-11-01 10:30:00\n");
  for (guint i = 0; i < GOOD_ROWS; i++)
    g_string_append_printf (sales_csv, "%u;Item %u;%u;2026-11-%02u %02u:%02u:00\n",
                            i + 2, i % 40, i % 17, 1 + i % 28, i % 24, i % 60);
  g_string_append (sales_csv, "20001;Plums;5;2026-11-02 09:00:00;extra\n");
  g_string_append (sales_csv, "20002;Dates;many;2026-11-03 12:00:00\n");
  g_string_append (sales_csv, "20003;Limes;4;2026-11-04 13:45:00\n");
}

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (engine->tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
imports_db_path (void)
{
  return g_build_filename (engine->data_dir, "imports.db", NULL);
}

/* Rows of @table in imports.db, or -1 if there is no such table. */
static gint64
count_imported_rows (const char *table)
{
  g_autofree char *path = imports_db_path ();
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 count = -1;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return -1;
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static BsTestResponse *
start_import (const char *csv_path,
              const char *name)
{
  g_autofree char *body = NULL;
  BsTestResponse *response;
  JsonObject *object;

  if (name != NULL)
    body = g_strdup_printf ("{\"path\":\"%s\",\"name\":\"%s\"}", csv_path, name);
  else
    body = g_strdup_printf ("{\"path\":\"%s\"}", csv_path);

  response = bs_test_engine_expect (engine, "POST", "imports", editor_token, body,
                                    SOUP_STATUS_ACCEPTED);
  object = bs_test_response_get_object (response);
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, csv_path);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_read"), ==, 0);
  return response;
}

/* Polls GET imports/{id} until the import has ended; returns its last state. */
static BsTestResponse *
wait_import (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("imports/%" G_GINT64_FORMAT, id);
  gint64 deadline = g_get_monotonic_time () + POLL_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  gint64 last_read = 0;

  while (g_get_monotonic_time () < deadline)
    {
      BsTestResponse *response = bs_test_engine_expect (engine, "GET", path, viewer_token,
                                                        NULL, SOUP_STATUS_OK);
      JsonObject *object = bs_test_response_get_object (response);
      gint64 read = json_object_get_int_member (object, "bytes_read");

      /* Progress only goes forward. */
      g_assert_cmpint (read, >=, last_read);
      g_assert_cmpint (read, <=, json_object_get_int_member (object, "bytes_total"));
      last_read = read;
      if (!g_str_equal (json_object_get_string_member (object, "state"), "running"))
        return response;

      bs_test_response_free (response);
      g_usleep (20 * 1000);
    }

  g_assert_not_reached ();
}

static BsTestResponse *
import_and_wait (const char *csv_path,
                 const char *name)
{
  g_autoptr(BsTestResponse) started = start_import (csv_path, name);

  return wait_import (json_object_get_int_member (bs_test_response_get_object (started), "id"));
}

static JsonObject *
find_event (BsTestResponse *events,
            const char     *kind,
            const char     *member,
            gint64          value)
{
  JsonArray *items = json_object_get_array_member (bs_test_response_get_object (events),
                                                   "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *event = json_array_get_object_element (items, i);
      JsonObject *detail = json_object_get_object_member (event, "detail");

      if (g_str_equal (json_object_get_string_member (event, "kind"), kind) &&
          !json_object_get_null_member (detail, member) &&
          json_object_get_int_member (detail, member) == value)
        return event;
    }
  return NULL;
}

static void
assert_report (JsonObject *report)
{
  JsonArray *rejected = json_object_get_array_member (report, "rejected");
  JsonArray *columns = json_object_get_array_member (report, "columns");
  const char *types[] = { "integer", "text", "integer", "datetime" };
  const char *names[] = { "id", "product", "units", "sold_at" };

  g_assert_cmpint (json_object_get_int_member (report, "rows_imported"), ==, IMPORTED_ROWS);
  g_assert_cmpint (json_object_get_int_member (report, "rows_rejected"), ==, 2);
  g_assert_cmpuint (json_array_get_length (rejected), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0),
                                               "line"), ==, EXTRA_LINE);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 1),
                                               "line"), ==, WORD_LINE);
  g_assert_nonnull (strstr (json_object_get_string_member (
    json_array_get_object_element (rejected, 1), "reason"), "units"));

  g_assert_cmpuint (json_array_get_length (columns), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_assert_cmpstr (json_object_get_string_member (column, "name"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (column, "header"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (column, "type"), ==, types[i]);
    }

  g_assert_cmpstr (json_object_get_string_member (report, "delimiter"), ==, ";");
  g_assert_cmpstr (json_object_get_string_member (report, "encoding"), ==, "utf-8");
  g_assert_true (json_object_get_boolean_member (report, "has_header"));
  g_assert_true (json_object_get_null_member (report, "error"));
}

static void
test_rejected_rows (void)
{
  g_autofree char *csv = write_file ("Sales November.csv", sales_csv->str, sales_csv->len);
  g_autofree char *db = imports_db_path ();
  g_autofree char *source_path = NULL;
  g_autofree char *schema_path = NULL;
  g_autoptr(BsTestResponse) started = NULL;
  g_autoptr(BsTestResponse) done = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) events = NULL;
  JsonObject *report;
  JsonObject *source;
  JsonArray *tables;
  gint64 id;
  gint64 source_id;

  started = start_import (csv, NULL);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (started),
                                                  "state"), ==, "running");
  g_assert_cmpint (json_object_get_int_member (bs_test_response_get_object (started),
                                               "bytes_total"), ==, sales_csv->len);
  id = json_object_get_int_member (bs_test_response_get_object (started), "id");

  done = wait_import (id);
  report = bs_test_response_get_object (done);
  g_assert_cmpstr (json_object_get_string_member (report, "state"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (report, "bytes_read"), ==, sales_csv->len);
  assert_report (report);

  /* The table is named after the file, as an identifier. */
  g_assert_cmpstr (json_object_get_string_member (report, "table"), ==, "sales_november");
  g_assert_cmpint (count_imported_rows ("sales_november"), ==, IMPORTED_ROWS);

  source = json_object_get_object_member (report, "source");
  source_id = json_object_get_int_member (source, "id");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "csv");
  g_assert_cmpstr (json_object_get_string_member (source, "name"), ==, "Sales November");
  g_assert_cmpstr (json_object_get_string_member (source, "database"), ==, db);
  g_assert_cmpstr (json_object_get_string_member (source, "table"), ==, "sales_november");
  g_assert_cmpstr (json_object_get_string_member (source, "file"), ==, csv);

  source_path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, source_id);
  response = bs_test_engine_expect (engine, "GET", source_path, viewer_token, NULL,
                                    SOUP_STATUS_OK);
  g_assert_true (json_node_equal (response->json, json_object_get_member (report, "source")));
  g_clear_pointer (&response, bs_test_response_free);

  /* Its schema shows the imported table alone, not the rest of imports.db. */
  schema_path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", source_id);
  response = bs_test_engine_expect (engine, "GET", schema_path, viewer_token, NULL,
                                    SOUP_STATUS_OK);
  tables = json_object_get_array_member (bs_test_response_get_object (response), "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tables, 0),
                                                  "name"), ==, "sales_november");
  g_clear_pointer (&response, bs_test_response_free);

  /* The list has it too, in the order it came. */
  response = bs_test_engine_expect (engine, "GET", "imports", viewer_token, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    bs_test_response_get_object (response), "items")), >=, 1);
  g_clear_pointer (&response, bs_test_response_free);

  events = bs_test_engine_expect (engine, "GET", "events?limit=100", engine->admin_token,
                                  NULL, SOUP_STATUS_OK);
  g_assert_nonnull (find_event (events, "import.finished", "source_id", source_id));
  g_assert_nonnull (find_event (events, "datasource.created", "id", source_id));

  /* Removing the source drops its table: the engine made it, no one else uses it. */
  response = bs_test_engine_expect (engine, "DELETE", source_path, editor_token, NULL,
                                    SOUP_STATUS_NO_CONTENT);
  g_assert_cmpint (count_imported_rows ("sales_november"), ==, -1);
}

static void
test_names_unique (void)
{
  g_autofree char *csv = write_file ("stock.csv", "sku,count\nA1,3\nB2,4\n", -1);
  g_autoptr(BsTestResponse) first = NULL;
  g_autoptr(BsTestResponse) second = NULL;
  g_autoptr(BsTestResponse) named = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *body = NULL;
  JsonObject *report;
  const char *message;

  first = import_and_wait (csv, NULL);
  second = import_and_wait (csv, NULL);
  named = import_and_wait (csv, "Warehouse stock");

  report = bs_test_response_get_object (first);
  g_assert_cmpstr (json_object_get_string_member (report, "table"), ==, "stock");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report,
                                                                                 "source"),
                                                  "name"), ==, "stock");
  report = bs_test_response_get_object (second);
  g_assert_cmpstr (json_object_get_string_member (report, "table"), ==, "stock_2");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report,
                                                                                 "source"),
                                                  "name"), ==, "stock (2)");
  report = bs_test_response_get_object (named);
  g_assert_cmpstr (json_object_get_string_member (report, "table"), ==, "stock_3");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report,
                                                                                 "source"),
                                                  "name"), ==, "Warehouse stock");
  g_assert_cmpint (count_imported_rows ("stock_3"), ==, 2);

  /* A name asked for that is taken is refused before any work. */
  body = g_strdup_printf ("{\"path\":\"%s\",\"name\":\"Warehouse stock\"}", csv);
  response = bs_test_engine_expect (engine, "POST", "imports", editor_token, body,
                                    SOUP_STATUS_BAD_REQUEST);
  message = bs_test_response_assert_error (response, "bad_request");
  g_assert_nonnull (strstr (message, "“name”"));
  g_assert_nonnull (strstr (message, "Warehouse stock"));
}

static void
expect_refused (const char *body,
                const char *token,
                guint       status,
                const char *part1,
                const char *part2)
{
  g_autoptr(BsTestResponse) response = NULL;
  const char *message;

  response = bs_test_engine_expect (engine, "POST", "imports", token, body, status);
  message = json_object_get_string_member (json_object_get_object_member (
    bs_test_response_get_object (response), "error"), "message");
  g_test_message ("%s: %s", body, message);
  if (part1 != NULL)
    g_assert_nonnull (strstr (message, part1));
  if (part2 != NULL)
    g_assert_nonnull (strstr (message, part2));
}

static void
test_refused (void)
{
  g_autofree char *missing = g_build_filename (engine->tmp_dir, "missing.csv", NULL);
  g_autofree char *link = NULL;
  g_autofree char *body = NULL;
  g_autoptr(BsTestResponse) response = NULL;

  body = g_strdup_printf ("{\"path\":\"%s\"}", missing);
  expect_refused (body, editor_token, SOUP_STATUS_BAD_REQUEST, missing, "no such file");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"path\":\"%s\"}", engine->tmp_dir);
  expect_refused (body, editor_token, SOUP_STATUS_BAD_REQUEST, "“path”", "folder");
  expect_refused ("{\"path\":\"sales.csv\"}", editor_token, SOUP_STATUS_BAD_REQUEST,
                  "“path”", "absolute");
  expect_refused ("{}", editor_token, SOUP_STATUS_BAD_REQUEST, "“path”", NULL);
  expect_refused ("{\"path\":\"/x.csv\",\"table\":\"t\"}", editor_token,
                  SOUP_STATUS_BAD_REQUEST, "“table”", NULL);
  expect_refused ("{\"path\":\"/x.csv\"}", viewer_token, SOUP_STATUS_FORBIDDEN, "editor",
                  NULL);

  /* The engine's secrets are never rows anyone could read, however they are named. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"path\":\"%s\"}", engine->discovery->token_file);
  expect_refused (body, editor_token, SOUP_STATUS_BAD_REQUEST, engine->discovery->token_file,
                  "private");
  link = g_build_filename (engine->tmp_dir, "innocent.csv", NULL);
  g_assert_cmpint (symlink (engine->discovery->token_file, link), ==, 0);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"path\":\"%s\"}", link);
  expect_refused (body, editor_token, SOUP_STATUS_BAD_REQUEST, link, "private");

  response = bs_test_engine_expect (engine, "GET", "imports/4711", viewer_token, NULL,
                                    SOUP_STATUS_NOT_FOUND);
  bs_test_response_assert_error (response, "not_found");
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (engine, "DELETE", "imports/4711", editor_token, NULL,
                                    SOUP_STATUS_NOT_FOUND);
}

/* A file that is there but cannot be imported fails in the report, adding nothing. */
static void
test_failed (void)
{
  g_autofree char *empty = write_file ("empty.csv", "", 0);
  g_autoptr(BsTestResponse) ended = NULL;
  JsonObject *report;
  guint n_sources;

  {
    g_autoptr(BsTestResponse) list = bs_test_engine_expect (engine, "GET", "datasources",
                                                            viewer_token, NULL, SOUP_STATUS_OK);
    n_sources = json_array_get_length (json_object_get_array_member (
      bs_test_response_get_object (list), "items"));
  }

  ended = import_and_wait (empty, NULL);
  report = bs_test_response_get_object (ended);
  g_assert_cmpstr (json_object_get_string_member (report, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "empty.csv"));
  g_assert_true (json_object_get_null_member (report, "source"));
  g_assert_cmpint (json_object_get_int_member (report, "rows_imported"), ==, 0);

  {
    g_autoptr(BsTestResponse) list = bs_test_engine_expect (engine, "GET", "datasources",
                                                            viewer_token, NULL, SOUP_STATUS_OK);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      bs_test_response_get_object (list), "items")), ==, n_sources);
  }
}

static char *
write_large_csv (const char *name,
                 guint       rows)
{
  g_autoptr(GString) text = g_string_sized_new (rows * 40);

  g_string_append (text, "id,region,amount,booked_at\n");
  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "%u,Region %u,%u.%02u,2026-11-%02u 10:%02u:00\n",
                            i, i % 7, i % 1000, i % 100, 1 + i % 28, i % 60);
  return write_file (name, text->str, text->len);
}

static void
test_cancel (void)
{
  g_autofree char *large = write_large_csv ("ledger large.csv", 1000000);
  g_autofree char *small = write_file ("queued.csv", "a,b\n1,2\n", -1);
  g_autofree char *large_path = NULL;
  g_autofree char *small_path = NULL;
  g_autoptr(BsTestResponse) running = NULL;
  g_autoptr(BsTestResponse) queued = NULL;
  g_autoptr(BsTestResponse) response = NULL;
  g_autoptr(BsTestResponse) ended = NULL;
  g_autoptr(BsTestResponse) after = NULL;
  JsonObject *report;

  running = start_import (large, NULL);
  queued = start_import (small, NULL);
  large_path = g_strdup_printf ("imports/%" G_GINT64_FORMAT, json_object_get_int_member (
    bs_test_response_get_object (running), "id"));
  small_path = g_strdup_printf ("imports/%" G_GINT64_FORMAT, json_object_get_int_member (
    bs_test_response_get_object (queued), "id"));

  /* The second waits for the first: cancelling it ends it at once. */
  response = bs_test_engine_expect (engine, "DELETE", small_path, editor_token, NULL,
                                    SOUP_STATUS_NO_CONTENT);
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (engine, "GET", small_path, viewer_token, NULL,
                                    SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (response),
                                                  "state"), ==, "cancelled");
  g_clear_pointer (&response, bs_test_response_free);

  response = bs_test_engine_expect (engine, "DELETE", large_path, editor_token, NULL,
                                    SOUP_STATUS_NO_CONTENT);
  ended = wait_import (json_object_get_int_member (bs_test_response_get_object (running),
                                                   "id"));
  report = bs_test_response_get_object (ended);
  g_assert_cmpstr (json_object_get_string_member (report, "state"), ==, "cancelled");
  g_assert_true (json_object_get_null_member (report, "source"));
  g_assert_true (json_object_get_null_member (report, "table"));
  g_assert_cmpint (count_imported_rows ("ledger_large"), ==, -1);

  /* Cancelling what has ended changes nothing; the line moves on. */
  g_clear_pointer (&response, bs_test_response_free);
  response = bs_test_engine_expect (engine, "DELETE", large_path, editor_token, NULL,
                                    SOUP_STATUS_NO_CONTENT);
  after = import_and_wait (small, NULL);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (after),
                                                  "state"), ==, "done");
}

static void
test_cli (void)
{
  g_autofree char *csv = write_file ("Returns.csv", sales_csv->str, sales_csv->len);
  g_autofree char *imported = g_strdup_printf ("Imported %u rows", IMPORTED_ROWS);
  g_autofree char *extra_line = g_strdup_printf ("line %u: ", EXTRA_LINE);
  g_autofree char *word_line = g_strdup_printf ("line %u: ", WORD_LINE);
  g_autofree char *missing = g_build_filename (engine->tmp_dir, "nope.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *nowhere = g_build_filename (engine->tmp_dir, "no-workspace", NULL);
  g_autoptr(BsTestResponse) list = NULL;
  JsonArray *items;
  JsonObject *last;
  const char * const import_args[] = {
    "import", csv, "--name", "Returns 2026", "--data-dir", engine->data_dir, NULL
  };
  const char * const missing_args[] = {
    "import", missing, "--data-dir", engine->data_dir, NULL
  };
  const char * const taken_args[] = {
    "import", csv, "--name", "Returns 2026", "--data-dir", engine->data_dir, NULL
  };
  const char * const no_workspace_args[] = { "import", csv, "--data-dir", nowhere, NULL };
  const char * const usage_args[] = { "import", NULL };

  /* While the engine runs on the same workspace, as a person would do it. */
  g_assert_cmpint (bs_test_engine_run_command (engine, import_args, &out, &err), ==, 0);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_nonnull (strstr (err, "Importing Returns.csv: 100%"));
  g_assert_nonnull (strstr (out, imported));
  g_assert_nonnull (strstr (out, "“returns”"));
  g_assert_nonnull (strstr (out, "“Returns 2026”"));
  g_assert_nonnull (strstr (out, "Rejected 2 rows"));
  g_assert_nonnull (strstr (out, extra_line));
  g_assert_nonnull (strstr (out, word_line));
  g_assert_nonnull (strstr (out, "sold_at  datetime"));
  g_assert_cmpint (count_imported_rows ("returns"), ==, IMPORTED_ROWS);

  list = bs_test_engine_expect (engine, "GET", "datasources", viewer_token, NULL,
                                SOUP_STATUS_OK);
  items = json_object_get_array_member (bs_test_response_get_object (list), "items");
  last = json_array_get_object_element (items, json_array_get_length (items) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "name"), ==, "Returns 2026");
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "csv");
  g_assert_cmpstr (json_object_get_string_member (last, "table"), ==, "returns");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bs_test_engine_run_command (engine, missing_args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, missing));
  g_assert_nonnull (strstr (err, "no such file"));
  g_assert_cmpstr (out, ==, "");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bs_test_engine_run_command (engine, taken_args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bs_test_engine_run_command (engine, no_workspace_args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no workspace"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (bs_test_engine_run_command (engine, usage_args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--help"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  make_sales_csv ();
  engine = bs_test_engine_new ();
  bs_test_engine_start (engine, NULL);
  editor_token = bs_test_engine_create_token (engine, "e2-importer", "editor", NULL);
  viewer_token = bs_test_engine_create_token (engine, "e2-reader", "viewer", NULL);

  g_test_add_func ("/bs/engine/imports/rejected-rows", test_rejected_rows);
  g_test_add_func ("/bs/engine/imports/names-unique", test_names_unique);
  g_test_add_func ("/bs/engine/imports/refused", test_refused);
  g_test_add_func ("/bs/engine/imports/failed", test_failed);
  g_test_add_func ("/bs/engine/imports/cancel", test_cancel);
  g_test_add_func ("/bs/engine/imports/cli", test_cli);

  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  g_free (editor_token);
  g_free (viewer_token);
  g_string_free (sales_csv, TRUE);
  bs_test_engine_free (engine);
  return status;
}
