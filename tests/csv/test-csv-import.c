#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "bs-csv-import.h"
#include "bs-test-util.h"

/* Large enough to take several progress steps and chunks, small enough for ASan. */
#define LARGE_ROWS 1000000

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->dir = bs_test_make_tmp_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "imports.db", NULL);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  bs_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

static char *
write_csv (Fixture    *fixture,
           const char *name,
           const char *content,
           gssize      len)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, content, len, &error);
  g_assert_no_error (error);
  return path;
}

static sqlite3 *
open_db (Fixture *fixture)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  return db;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = open_db (fixture);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* The first value of @sql as text ("NULL" for NULL), so tests read like the data. */
static char *
query (Fixture    *fixture,
       const char *sql)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (sqlite3_column_type (stmt, 0) == SQLITE_NULL
                       ? "NULL" : (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

#define assert_query(fixture, sql, expected)              \
  G_STMT_START {                                          \
    g_autofree char *value_ = query (fixture, sql);       \
    g_assert_cmpstr (value_, ==, expected);               \
  } G_STMT_END

static GBytes *
db_bytes (Fixture *fixture)
{
  g_autofree char *content = NULL;
  gsize len = 0;

  if (!g_file_get_contents (fixture->db_path, &content, &len, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (g_steal_pointer (&content), len);
}

static void
seed_db (Fixture *fixture)
{
  exec_sql (fixture, "CREATE TABLE keep (id INTEGER PRIMARY KEY, name TEXT);"
                     "INSERT INTO keep (name) VALUES ('one'), ('two'), ('three');");
}

static void
assert_db_unchanged (Fixture *fixture,
                     GBytes  *before)
{
  g_autoptr(GBytes) after = db_bytes (fixture);

  g_assert_true (g_bytes_equal (before, after));
  assert_query (fixture, "SELECT group_concat(name) FROM sqlite_schema", "keep");
  assert_query (fixture, "SELECT group_concat(name) FROM keep", "one,two,three");
}

static BsCsvImportReport *
import_text (Fixture    *fixture,
             const char *name,
             const char *content,
             gssize      len,
             const char *table,
             GError    **error)
{
  g_autofree char *path = write_csv (fixture, name, content, len);

  return bs_csv_import_file (path, fixture->db_path, table, NULL, NULL, NULL, error);
}

static void
test_basic (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "Sales 2024.csv",
                        "id,sold on,Qty,Unit Price,note\n"
                        "1,2024-01-31,3,9.5,first\n"
                        "2,2024-02-01,,10,\"\"\n"
                        "3,2024-02-02,5,0.25,\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_csv_import_report_get_table (report), ==, "sales_2024");
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 3);
  g_assert_cmpuint (bs_csv_import_report_get_rows_rejected (report), ==, 0);
  g_assert_true (bs_csv_import_report_get_has_header (report));
  g_assert_cmpint (bs_csv_import_report_get_delimiter (report), ==, ',');
  g_assert_cmpstr (bs_csv_import_report_get_encoding (report), ==, "utf-8");
  g_assert_cmpuint (bs_csv_import_report_get_n_columns (report), ==, 5);
  g_assert_cmpstr (bs_csv_import_report_get_column_name (report, 1), ==, "sold_on");
  g_assert_cmpstr (bs_csv_import_report_get_column_header (report, 3), ==, "Unit Price");
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 0), ==, BS_CSV_COLUMN_INTEGER);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 1), ==, BS_CSV_COLUMN_DATE);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 2), ==, BS_CSV_COLUMN_INTEGER);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 3), ==, BS_CSV_COLUMN_REAL);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 4), ==, BS_CSV_COLUMN_TEXT);
  g_assert_nonnull (strstr (bs_csv_import_report_get_summary (report), "3 rows imported"));

  assert_query (fixture, "SELECT sql FROM sqlite_schema WHERE name = 'sales_2024'",
                "CREATE TABLE \"sales_2024\" (\"id\" INTEGER, \"sold_on\" TEXT, \"qty\" INTEGER,"
                " \"unit_price\" REAL, \"note\" TEXT)");
  assert_query (fixture, "SELECT typeof(qty) || ':' || typeof(unit_price) FROM sales_2024"
                         " WHERE id = 1", "integer:real");
  assert_query (fixture, "SELECT sum(qty) || '/' || sum(unit_price) FROM sales_2024", "8/19.75");
  /* Empty is NULL, except "" in a text column. */
  assert_query (fixture, "SELECT quote(qty) || quote(note) FROM sales_2024 WHERE id = 2",
                "NULL''");
  assert_query (fixture, "SELECT quote(note) FROM sales_2024 WHERE id = 3", "NULL");
  assert_query (fixture, "SELECT group_concat(name || '=' || header || '/' || type, ';')"
                         " FROM (SELECT * FROM bs_csv_columns WHERE table_name = 'sales_2024'"
                         " ORDER BY position)",
                "id=id/integer;sold_on=sold on/date;qty=Qty/integer;"
                "unit_price=Unit Price/real;note=note/text");
  /* No temporary table is left behind. */
  assert_query (fixture, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'bs_import_%'", "0");
}

static void
test_dates_and_semicolons (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "dates.csv",
                        "day;when;created_at;price\n"
                        "31.01.2024;2024-01-31T10:00:00+01:00;1700000000;1,5\n"
                        "01.02.2024;2024-02-01 08:15;1700003600;22,75\n", -1, "dates", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_csv_import_report_get_delimiter (report), ==, ';');
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 0), ==, BS_CSV_COLUMN_DATE);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 1), ==, BS_CSV_COLUMN_DATETIME);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 2), ==, BS_CSV_COLUMN_DATETIME);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 3), ==, BS_CSV_COLUMN_REAL);
  assert_query (fixture, "SELECT group_concat(day || '|' || \"when\" || '|' || created_at || '|'"
                         " || price, ';') FROM dates",
                "2024-01-31|2024-01-31 09:00:00|2023-11-14 22:13:20|1.5;"
                "2024-02-01|2024-02-01 08:15:00|2023-11-14 23:13:20|22.75");
}

static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  const char *contents[] = { "", "\n\n  \n", "\xEF\xBB\xBF" };

  seed_db (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GBytes) before = db_bytes (fixture);
      g_autoptr(GError) error = NULL;
      g_autoptr(BsCsvImportReport) report = NULL;

      report = import_text (fixture, "nothing.csv", contents[i], -1, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_EMPTY);
      g_assert_nonnull (strstr (error->message, "nothing.csv"));
      g_assert_nonnull (strstr (error->message, "empty"));
      assert_db_unchanged (fixture, before);
    }
}

static void
test_header_only (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "header.csv", "id,name,amount", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bs_csv_import_report_get_has_header (report));
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 0);
  assert_query (fixture, "SELECT count(*) FROM header", "0");
  assert_query (fixture, "SELECT group_concat(name) FROM pragma_table_info('header')",
                "id,name,amount");
}

static void
test_short_header (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "short.csv", "id,name\n1,a,x\n2,b,y\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_n_columns (report), ==, 3);
  g_assert_cmpstr (bs_csv_import_report_get_column_name (report, 2), ==, "column_3");
  g_assert_cmpstr (bs_csv_import_report_get_column_header (report, 2), ==, "");
  assert_query (fixture, "SELECT group_concat(id || name || column_3) FROM short", "1ax,2by");
}

static void
assert_detail (BsCsvImportReport *report,
               guint              index,
               guint64            line,
               const char        *reason_part)
{
  const char *reason = NULL;

  g_assert_cmpuint (bs_csv_import_report_get_detail (report, index, &reason), ==, line);
  if (strstr (reason, reason_part) == NULL)
    g_error ("Reason “%s” does not mention “%s”", reason, reason_part);
}

static void
test_ragged (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "ragged.csv",
                        "id,city,zip\n"
                        "1,Oslo,0150\n"
                        "2,Lund\n"
                        "\n"
                        "3,Bergen,5003,extra\n"
                        "4,Turku,20100,\n"
                        "5,Tromsø,9008\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 3);
  g_assert_cmpuint (bs_csv_import_report_get_rows_rejected (report), ==, 2);
  g_assert_cmpuint (bs_csv_import_report_get_n_details (report), ==, 2);
  assert_detail (report, 0, 3, "zip");
  assert_detail (report, 1, 5, "extra");
  g_assert_nonnull (strstr (bs_csv_import_report_get_summary (report), "line 3"));
  /* A trailing delimiter with nothing after it is no reason to refuse a row. */
  assert_query (fixture, "SELECT group_concat(id || city || zip) FROM ragged",
                "1Oslo0150,4Turku20100,5Tromsø9008");
}

static void
test_type_mismatch_after_sample (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("id,qty,day\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  /* Beyond the 10,000 sampled records, so the types are already decided. */
  for (guint i = 1; i <= 12000; i++)
    {
      if (i == 11000)
        g_string_append (csv, "11000,lots,2024-01-01\n");
      else if (i == 11500)
        g_string_append (csv, "11500,4,2024-02-31\n");
      else
        g_string_append_printf (csv, "%u,%u,2024-01-%02u\n", i, i % 7, i % 28 + 1);
    }
  report = import_text (fixture, "typed.csv", csv->str, csv->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 1), ==, BS_CSV_COLUMN_INTEGER);
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 11998);
  g_assert_cmpuint (bs_csv_import_report_get_rows_rejected (report), ==, 2);
  assert_detail (report, 0, 11001, "column “qty”: “lots” is not a whole number");
  assert_detail (report, 1, 11501, "“day”");
}

static void
test_latin1 (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "latin1.csv",
                        "Nom;Ville;Prix \x80\n"
                        "Jos\xE9;Z\xFCrich;12\n"
                        "Fran\xE7oise;Gen\xE8ve;7\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_csv_import_report_get_encoding (report), ==, "latin1");
  g_assert_cmpint (bs_csv_import_report_get_delimiter (report), ==, ';');
  g_assert_cmpstr (bs_csv_import_report_get_column_header (report, 2), ==, "Prix €");
  assert_query (fixture, "SELECT group_concat(nom || '@' || ville, ';') FROM latin1",
                "José@Zürich;Françoise@Genève");
  assert_query (fixture, "SELECT hex(nom) FROM latin1 LIMIT 1", "4A6F73C3A9");
}

static void
test_bom (Fixture      *fixture,
          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "bom.csv", "\xEF\xBB\xBFid\tname\n1\tÅsa\n2\tÖrjan\n", -1, NULL,
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_csv_import_report_get_encoding (report), ==, "utf-8-bom");
  g_assert_cmpint (bs_csv_import_report_get_delimiter (report), ==, '\t');
  g_assert_cmpstr (bs_csv_import_report_get_column_header (report, 0), ==, "id");
  g_assert_cmpstr (bs_csv_import_report_get_column_name (report, 0), ==, "id");
  assert_query (fixture, "SELECT group_concat(id || name) FROM bom", "1Åsa,2Örjan");
}

static void
test_multiline (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "notes.csv",
                        "id,note,qty\n"                         /* line 1 */
                        "1,\"hello, world\",5\n"                /* 2 */
                        "2,\"line one\n"                        /* 3 */
                        "line two, with a comma\n"              /* 4 */
                        "\n"                                    /* 5 */
                        "line \"\"four\"\"\",6\n"               /* 6 */
                        "3,short\n"                             /* 7: rejected */
                        "4,\"a\n"                               /* 8: rejected */
                        "b\"\n"                                 /* 9 */
                        "5,plain,8\n"                           /* 10 */
                        "6,\"never closed,9\n"                  /* 11: rejected */
                        "7,more,10\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 3);
  g_assert_cmpuint (bs_csv_import_report_get_rows_rejected (report), ==, 3);
  assert_detail (report, 0, 7, "qty");
  assert_detail (report, 1, 8, "qty");
  assert_detail (report, 2, 11, "never closed");
  assert_query (fixture, "SELECT note FROM notes WHERE id = 2",
                "line one\nline two, with a comma\n\nline \"four\"");
  assert_query (fixture, "SELECT group_concat(id) FROM notes", "1,2,5");
}

static void
test_crlf (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "crlf.csv",
                        "id,name\r\n1,\"two\r\nlines\"\r\n2,b\r\n3\r\n4,d\r\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 3);
  assert_detail (report, 0, 5, "name");
  assert_query (fixture, "SELECT group_concat(name, '|') FROM crlf", "two\r\nlines|b|d");
  assert_query (fixture, "SELECT count(*) FROM crlf WHERE name LIKE '%' || char(13)", "0");
}

static void
test_cr_only (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  /* Old Mac line ends: lines are counted by CR. */
  report = import_text (fixture, "mac.csv", "id,name\r1,a\r2\r3,c\r", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 2);
  assert_detail (report, 0, 3, "name");
}

static void
test_latin1_after_sample (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("id,city\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  /* More than the 1 MiB sample of plain ASCII, then one Latin-1 value. */
  for (guint i = 1; i <= 150000; i++)
    g_string_append_printf (csv, "%u,Oslo\n", i);
  g_string_append (csv, "150001,Z\xFCrich\n");
  report = import_text (fixture, "late.csv", csv->str, csv->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_csv_import_report_get_encoding (report), ==, "utf-8");
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 150001);
  assert_query (fixture, "SELECT city FROM late WHERE id = 150001", "Zürich");
}

static void
test_unclosed_quote (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("id,note\n1,fine\n2,\"open\n");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  seed_db (fixture);
  before = db_bytes (fixture);
  /* A quote that swallows 17 MB stops the import instead of filling the memory. */
  while (csv->len < 17 * 1024 * 1024)
    g_string_append (csv, "3,another row that the open quote swallows\n");
  report = import_text (fixture, "open.csv", csv->str, csv->len, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "open.csv"));
  g_assert_nonnull (strstr (error->message, "line 3"));
  assert_db_unchanged (fixture, before);
}

typedef struct
{
  guint64       last_read;
  guint64       total;
  guint         calls;
  guint         max_step_permille;
  GCancellable *cancel_at_half;
  GThread      *thread;
} Progress;

static void
on_progress (guint64  bytes_read,
             guint64  bytes_total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_true (progress->thread == NULL || progress->thread == g_thread_self ());
  g_assert_cmpuint (bytes_read, >=, progress->last_read);
  g_assert_cmpuint (bytes_read, <=, bytes_total);
  progress->max_step_permille = MAX (progress->max_step_permille,
                                     (bytes_read - progress->last_read) * 1000 / bytes_total);
  progress->last_read = bytes_read;
  progress->total = bytes_total;
  progress->calls++;
  if (progress->cancel_at_half != NULL && bytes_read > bytes_total / 2)
    g_cancellable_cancel (progress->cancel_at_half);
}

/* Writes @rows rows and returns the sum of the qty column, the checksum to compare. */
static guint64
write_large (const char *path,
             guint       rows)
{
  FILE *file = fopen (path, "w");
  guint64 sum = 0;

  g_assert_nonnull (file);
  fputs ("id,sold_at,qty,price,product\n", file);
  for (guint i = 1; i <= rows; i++)
    {
      guint qty = (i * 7919u) % 97;

      sum += qty;
      fprintf (file, "%u,2024-%02u-%02u %02u:%02u:00,%u,%u.%02u,\"item %u\"\n", i, i % 12 + 1,
               i % 28 + 1, i % 24, i % 60, qty, i % 500, i % 100, i % 1000);
    }
  g_assert_cmpint (fclose (file), ==, 0);
  return sum;
}

static void
test_large (Fixture      *fixture,
            gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "large.csv", NULL);
  guint64 sum = write_large (path, LARGE_ROWS);
  g_autofree char *expected_sum = g_strdup_printf ("%" G_GUINT64_FORMAT, sum);
  g_autofree char *expected_count = g_strdup_printf ("%u", LARGE_ROWS);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  Progress progress = { 0 };
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  report = bs_csv_import_file (path, fixture->db_path, "large", on_progress, &progress, NULL,
                               &error);
  g_assert_no_error (error);
  g_test_message ("%u rows in %.2f s", LARGE_ROWS, g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, LARGE_ROWS);
  g_assert_cmpuint (bs_csv_import_report_get_rows_rejected (report), ==, 0);
  g_assert_cmpint (bs_csv_import_report_get_column_type (report, 1), ==, BS_CSV_COLUMN_DATETIME);
  assert_query (fixture, "SELECT count(*) FROM large", expected_count);
  assert_query (fixture, "SELECT sum(qty) FROM large", expected_sum);
  assert_query (fixture, "SELECT sold_at || '/' || product FROM large WHERE id = 999999",
                "2024-04-08 15:39:00/item 999");
  /* Progress reached the end, in steps of at most 1%. */
  g_assert_cmpuint (progress.last_read, ==, (guint64) st.st_size);
  g_assert_cmpuint (progress.total, ==, (guint64) st.st_size);
  g_assert_cmpuint (progress.max_step_permille, <=, 10);
  g_assert_cmpuint (progress.calls, >=, 100);
}

static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "cancel.csv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;
  Progress progress = { 0 };

  seed_db (fixture);
  before = db_bytes (fixture);
  write_large (path, 200000);
  progress.cancel_at_half = cancellable;
  report = bs_csv_import_file (path, fixture->db_path, NULL, on_progress, &progress,
                               cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.last_read, <, progress.total);
  assert_db_unchanged (fixture, before);
}

typedef struct
{
  GAsyncResult *result;
  Progress      progress;
} AsyncState;

static void
test_async (Fixture      *fixture,
            gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "async.csv", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;
  AsyncState state = { 0 };
  GStatBuf st;

  write_large (path, 50000);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  state.progress.thread = g_thread_self ();
  bs_csv_import_file_async (path, fixture->db_path, NULL, on_progress, &state.progress, NULL,
                            bs_test_store_result, &state.result);
  result = bs_test_wait_result (&state.result);
  report = bs_csv_import_file_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_rows_imported (report), ==, 50000);
  g_assert_cmpstr (bs_csv_import_report_get_table (report), ==, "async");
  g_assert_cmpuint (state.progress.last_read, ==, (guint64) st.st_size);
  g_assert_cmpuint (state.progress.calls, >, 0);
  assert_query (fixture, "SELECT count(*) FROM async", "50000");
}

static void
test_async_cancel (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "async.csv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;
  AsyncState state = { 0 };

  seed_db (fixture);
  before = db_bytes (fixture);
  write_large (path, 200000);
  state.progress.thread = g_thread_self ();
  state.progress.cancel_at_half = cancellable;
  bs_csv_import_file_async (path, fixture->db_path, "cancelled", on_progress, &state.progress,
                            cancellable, bs_test_store_result, &state.result);
  result = bs_test_wait_result (&state.result);
  report = bs_csv_import_file_finish (result, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_db_unchanged (fixture, before);
}

static void
test_existing_table (Fixture      *fixture,
                     gconstpointer data)
{
  const char *csv = "id,name\n9,new\n";
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  seed_db (fixture);
  before = db_bytes (fixture);
  report = import_text (fixture, "keep.csv", csv, -1, "keep", &error);
  g_assert_null (report);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "keep"));
  g_clear_error (&error);
  report = import_text (fixture, "keep.csv", csv, -1, "KEEP", &error);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_EXISTS);
  g_clear_error (&error);
  assert_db_unchanged (fixture, before);

  /* Without a name, one is derived from the file name and made unique. */
  report = import_text (fixture, "keep.csv", csv, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_csv_import_report_get_table (report), ==, "keep_2");
  assert_query (fixture, "SELECT group_concat(name) FROM keep", "one,two,three");
  assert_query (fixture, "SELECT name FROM keep_2", "new");
}

static void
test_invalid_table_name (Fixture      *fixture,
                         gconstpointer data)
{
  const char *names[] = { "x; DROP TABLE keep", "", "sqlite_master", "bs_csv_columns",
                          "1abc", "\"q\"" };
  char *safe;

  seed_db (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsCsvImportReport) report = import_text (fixture, "t.csv", "a\n1\n", -1, names[i],
                                                          &error);

      g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_INVALID_NAME);
    }
  assert_query (fixture, "SELECT group_concat(name) FROM sqlite_schema", "keep");
  safe = bs_csv_import_table_name_for ("Sales (2024) — Q1");
  g_assert_cmpstr (safe, ==, "sales_2024_q1");
  g_free (safe);
  safe = bs_csv_import_table_name_for ("bs_secret");
  g_assert_cmpstr (safe, ==, "csv_bs_secret");
  g_free (safe);
  safe = bs_csv_import_table_name_for ("***");
  g_assert_cmpstr (safe, ==, "import");
  g_free (safe);
}

static void
test_hostile_headers (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;
  const char *names[] = { "drop_table_x", "say_hi", "column_3", "dup", "dup_2", "dup_3",
                          "rowid_2", "c_123abc", "grosse", "column_10" };

  exec_sql (fixture, "CREATE TABLE x (a INTEGER); INSERT INTO x VALUES (42);");
  report = import_text (fixture, "hostile.csv",
                        "\"; DROP TABLE x; --\",\"say \"\"hi\"\"\",,dup,dup,DUP,rowid,123abc,"
                        "Größe,\"\"\n"
                        "1,2,3,4,5,6,7,8,9,10\n", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bs_csv_import_report_get_has_header (report));
  g_assert_cmpuint (bs_csv_import_report_get_n_columns (report), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (bs_csv_import_report_get_column_name (report, i), ==, names[i]);
  assert_query (fixture, "SELECT a FROM x", "42");
  assert_query (fixture, "SELECT header FROM bs_csv_columns WHERE table_name = 'hostile'"
                         " AND position = 0", "; DROP TABLE x; --");
  assert_query (fixture, "SELECT header FROM bs_csv_columns WHERE table_name = 'hostile'"
                         " AND position = 1", "say \"hi\"");
  assert_query (fixture, "SELECT drop_table_x + say_hi + column_10 FROM hostile", "13");
}

static char *
wide_csv (guint columns)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  for (guint c = 0; c < columns; c++)
    g_string_append_printf (csv, "%sColumn %u", c > 0 ? "," : "", c % 1000);
  g_string_append_c (csv, '\n');
  for (guint r = 0; r < 3; r++)
    {
      for (guint c = 0; c < columns; c++)
        g_string_append_printf (csv, "%s%u", c > 0 ? "," : "", r * columns + c);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (g_steal_pointer (&csv), FALSE);
}

static void
test_wide (Fixture      *fixture,
           gconstpointer data)
{
  g_autofree char *csv = wide_csv (2000);
  g_autofree char *too_wide = wide_csv (2001);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = import_text (fixture, "wide.csv", csv, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_csv_import_report_get_n_columns (report), ==, 2000);
  g_assert_cmpstr (bs_csv_import_report_get_column_name (report, 1999), ==, "column_999_2");
  assert_query (fixture, "SELECT count(*) FROM pragma_table_info('wide')", "2000");
  assert_query (fixture, "SELECT sum(column_999_2) FROM wide", "11997");

  g_clear_pointer (&report, bs_csv_import_report_free);
  report = import_text (fixture, "wider.csv", too_wide, -1, NULL, &error);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "2001"));
  assert_query (fixture, "SELECT count(*) FROM sqlite_schema WHERE name = 'wider'", "0");
}

static void
test_unreadable (Fixture      *fixture,
                 gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  g_autofree char *not_db = g_build_filename (fixture->dir, "not-a-database.db", NULL);
  g_autofree char *csv = write_csv (fixture, "fine.csv", "a,b\n1,2\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  report = bs_csv_import_file (missing, fixture->db_path, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  g_clear_error (&error);

  report = import_text (fixture, "binary.csv", "a,b\n1,\0\0\0\n", 10, NULL, &error);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_NOT_TEXT);
  g_assert_nonnull (strstr (error->message, "binary.csv"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (not_db, "this is a text file, not SQLite, and it is long "
                                      "enough to have a header that SQLite will check", -1,
                                      NULL));
  report = bs_csv_import_file (csv, not_db, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "not-a-database.db"));
}

/* A VFS around the default one that refuses to grow the main database file beyond
 * full_limit bytes with SQLITE_FULL, exactly what SQLite reports when the disk is full. */
typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  gboolean      main_db;
} FullFile;

static sqlite3_vfs full_vfs;
static sqlite3_vfs *real_vfs;
static sqlite3_io_methods full_methods;
static sqlite3_int64 full_limit;

static int
full_close (sqlite3_file *file)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xClose (self->real);
}

static int
full_read (sqlite3_file  *file,
           void          *buffer,
           int            amount,
           sqlite3_int64  offset)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xRead (self->real, buffer, amount, offset);
}

static int
full_write (sqlite3_file  *file,
            const void    *buffer,
            int            amount,
            sqlite3_int64  offset)
{
  FullFile *self = (FullFile *) file;

  if (self->main_db && offset + amount > full_limit)
    return SQLITE_FULL;
  return self->real->pMethods->xWrite (self->real, buffer, amount, offset);
}

static int
full_truncate (sqlite3_file  *file,
               sqlite3_int64  size)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xTruncate (self->real, size);
}

static int
full_sync (sqlite3_file *file,
           int           flags)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xSync (self->real, flags);
}

static int
full_file_size (sqlite3_file  *file,
                sqlite3_int64 *size)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xFileSize (self->real, size);
}

static int
full_lock (sqlite3_file *file,
           int           lock)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xLock (self->real, lock);
}

static int
full_unlock (sqlite3_file *file,
             int           lock)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xUnlock (self->real, lock);
}

static int
full_check_reserved_lock (sqlite3_file *file,
                          int          *out)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xCheckReservedLock (self->real, out);
}

static int
full_file_control (sqlite3_file *file,
                   int           op,
                   void         *arg)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
full_sector_size (sqlite3_file *file)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xSectorSize (self->real);
}

static int
full_device_characteristics (sqlite3_file *file)
{
  FullFile *self = (FullFile *) file;

  return self->real->pMethods->xDeviceCharacteristics (self->real);
}

static int
full_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  FullFile *self = (FullFile *) file;
  int rc;

  self->real = (sqlite3_file *) (self + 1);
  self->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  self->base.pMethods = self->real->pMethods != NULL ? &full_methods : NULL;
  return rc;
}

static void
full_vfs_install (sqlite3_int64 limit)
{
  real_vfs = sqlite3_vfs_find (NULL);
  full_vfs = *real_vfs;
  full_vfs.zName = "bs-test-full";
  full_vfs.szOsFile = sizeof (FullFile) + real_vfs->szOsFile;
  full_vfs.xOpen = full_open;
  /* Version 1: no shared memory or memory mapping, which a rollback journal does not need. */
  full_methods = (sqlite3_io_methods) {
    1, full_close, full_read, full_write, full_truncate, full_sync, full_file_size,
    full_lock, full_unlock, full_check_reserved_lock, full_file_control, full_sector_size,
    full_device_characteristics,
  };
  full_limit = limit;
  g_assert_cmpint (sqlite3_vfs_register (&full_vfs, 1), ==, SQLITE_OK);
}

static void
full_vfs_remove (void)
{
  sqlite3_vfs_unregister (&full_vfs);
  g_assert_cmpint (sqlite3_vfs_register (real_vfs, 1), ==, SQLITE_OK);
}

static void
test_disk_full (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "full.csv", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;

  seed_db (fixture);
  before = db_bytes (fixture);
  write_large (path, 100000);
  full_vfs_install (g_bytes_get_size (before) + 256 * 1024);
  report = bs_csv_import_file (path, fixture->db_path, NULL, NULL, NULL, NULL, &error);
  full_vfs_remove ();

  g_assert_null (report);
  g_assert_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "full.csv"));
  g_assert_nonnull (strstr (error->message, "disk space"));
  assert_db_unchanged (fixture, before);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/bs/csv-import/basic", test_basic);
  ADD ("/bs/csv-import/dates-and-semicolons", test_dates_and_semicolons);
  ADD ("/bs/csv-import/empty", test_empty);
  ADD ("/bs/csv-import/header-only", test_header_only);
  ADD ("/bs/csv-import/short-header", test_short_header);
  ADD ("/bs/csv-import/ragged", test_ragged);
  ADD ("/bs/csv-import/type-mismatch-after-sample", test_type_mismatch_after_sample);
  ADD ("/bs/csv-import/latin1", test_latin1);
  ADD ("/bs/csv-import/bom", test_bom);
  ADD ("/bs/csv-import/multiline", test_multiline);
  ADD ("/bs/csv-import/crlf", test_crlf);
  ADD ("/bs/csv-import/cr-only", test_cr_only);
  ADD ("/bs/csv-import/latin1-after-sample", test_latin1_after_sample);
  ADD ("/bs/csv-import/unclosed-quote", test_unclosed_quote);
  ADD ("/bs/csv-import/large", test_large);
  ADD ("/bs/csv-import/cancel", test_cancel);
  ADD ("/bs/csv-import/async", test_async);
  ADD ("/bs/csv-import/async-cancel", test_async_cancel);
  ADD ("/bs/csv-import/existing-table", test_existing_table);
  ADD ("/bs/csv-import/invalid-table-name", test_invalid_table_name);
  ADD ("/bs/csv-import/hostile-headers", test_hostile_headers);
  ADD ("/bs/csv-import/wide", test_wide);
  ADD ("/bs/csv-import/unreadable", test_unreadable);
  ADD ("/bs/csv-import/disk-full", test_disk_full);

  return g_test_run ();
}
