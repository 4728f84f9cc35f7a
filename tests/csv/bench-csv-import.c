#define G_LOG_DOMAIN "bs-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bs-csv-import.h"

/* Writes a sales-like CSV (an integer id, a date-time, an integer, a real and a quoted text
 * with a comma inside) of @rows rows. */
static gboolean
write_csv (const char *path,
           guint64     rows)
{
  FILE *file = fopen (path, "w");

  if (file == NULL)
    return FALSE;
  fputs ("id,sold_at,store,quantity,amount,product\n", file);
  for (guint64 i = 1; i <= rows; i++)
    fprintf (file, "%" G_GUINT64_FORMAT ",2024-%02u-%02u %02u:%02u:%02u,%u,%u,%u.%02u,"
             "\"Product %u, size %c\"\n",
             i, (guint) (i % 12 + 1), (guint) (i % 28 + 1), (guint) (i % 24), (guint) (i % 60),
             (guint) (i * 7 % 60), (guint) (i % 40 + 1), (guint) (i * 7919 % 9 + 1),
             (guint) (i % 900), (guint) (i % 100), (guint) (i % 250), "SML"[i % 3]);
  return fclose (file) == 0;
}

/* Imports a generated CSV into a temporary database and prints how fast it went.
 * Usage: bench-csv-import [ROWS] (default 1,000,000). */
int
main (int   argc,
      char *argv[])
{
  guint64 rows = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bs-bench-csv-XXXXXX", &error);
  g_autofree char *csv_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(BsCsvImportReport) report = NULL;
  g_autoptr(GTimer) timer = NULL;
  GStatBuf csv_st, db_st;
  double seconds;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  csv_path = g_build_filename (dir, "sales.csv", NULL);
  db_path = g_build_filename (dir, "imports.db", NULL);
  if (!write_csv (csv_path, rows))
    {
      g_printerr ("Could not write %s\n", csv_path);
      return EXIT_FAILURE;
    }

  timer = g_timer_new ();
  report = bs_csv_import_file (csv_path, db_path, NULL, NULL, NULL, NULL, &error);
  seconds = g_timer_elapsed (timer, NULL);
  if (report == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_stat (csv_path, &csv_st);
  g_stat (db_path, &db_st);
  g_print ("rows: %" G_GUINT64_FORMAT "\nrejected: %" G_GUINT64_FORMAT "\nseconds: %.2f\n"
           "rows/s: %.0f\nMB/s: %.1f\ncsv MiB: %.1f\ndatabase MiB: %.1f\n",
           bs_csv_import_report_get_rows_imported (report),
           bs_csv_import_report_get_rows_rejected (report), seconds,
           (double) bs_csv_import_report_get_rows_imported (report) / seconds,
           (double) csv_st.st_size / seconds / 1e6,
           (double) csv_st.st_size / (1024.0 * 1024.0), (double) db_st.st_size / (1024.0 * 1024.0));

  g_unlink (csv_path);
  g_unlink (db_path);
  g_rmdir (dir);
  return bs_csv_import_report_get_rows_rejected (report) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
