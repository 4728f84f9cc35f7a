#define G_LOG_DOMAIN "bs-engine-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <gio/gio.h>

#include "bs-csv-import.h"
#include "bs-engine-cli.h"
#include "bs-engine-data-sources.h"
#include "bs-engine.h"
#include "bs-store.h"

typedef struct
{
  gboolean           done;
  BsCsvImportReport *report;
  GError            *error;
} ImportRun;

static const char import_description[] =
  "Imports FILE into a table of the workspace's imports database (imports.db in the data\n"
  "directory) and adds it as a csv data source. The encoding (UTF-8, with or without a\n"
  "BOM, or Latin-1), the delimiter, the header row and the type of each column are\n"
  "guessed from the file. The table is named after the file (made unique); the data\n"
  "source is called NAME, or after the file.\n"
  "\n"
  "Rows that cannot be imported are left out and listed with their line numbers; the\n"
  "rest are imported. An interrupted import (Ctrl+C) leaves nothing behind.\n"
  "\n"
  "The workspace must exist: start the engine on it once. The command works on it\n"
  "directly, whether or not an engine is running there.\n"
  "\n"
  "Progress goes to stderr (one line rewritten in place on a terminal, one line per 10%\n"
  "otherwise), the report to stdout.\n"
  "\n"
  "Exit status:\n"
  "  0  the file was imported (some rows may have been rejected: see the report)\n"
  "  1  it could not be imported (no such file, not text, no workspace, interrupted, …)\n"
  "  2  wrong usage";

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImportRun *run = user_data;

  run->report = bs_csv_import_file_finish (result, &run->error);
  run->done = TRUE;
}

/* The progress line of bs-progress-printer.h, in bytes rather than rows: rewritten in
 * place on a terminal, one line per tenth otherwise. Updates come on the main thread. */
typedef struct
{
  const char *label;
  gboolean    in_place;
  gboolean    line_open;
  int         last_step;
} Progress;

static void
on_progress (guint64  bytes_read,
             guint64  bytes_total,
             gpointer user_data)
{
  Progress *progress = user_data;
  g_autofree char *read = NULL;
  g_autofree char *total = NULL;
  int percent;
  int step;

  percent = bytes_total > 0 ? (int) (MIN (bytes_read, bytes_total) * 100 / bytes_total) : 100;
  step = progress->in_place ? percent : percent / 10;
  if (step == progress->last_step)
    return;
  progress->last_step = step;

  read = g_format_size (bytes_read);
  total = g_format_size (bytes_total);
  if (progress->in_place)
    fprintf (stderr, "\r%s: %3d%% (%s of %s)  ", progress->label, percent, read, total);
  else
    fprintf (stderr, "%s: %d%% (%s of %s)\n", progress->label, step * 10, read, total);
  progress->line_open = progress->in_place;
  fflush (stderr);
}

static void
finish_progress (Progress *progress)
{
  if (progress->line_open)
    fputc ('\n', stderr);
  progress->line_open = FALSE;
}

static BsStore *
open_workspace (const char  *data_dir,
                GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "workspace.db", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "There is no workspace in %s yet; start the engine there once "
                   "(business-engine serve --data-dir %s) or name another with --data-dir",
                   data_dir, data_dir);
      return NULL;
    }

  return bs_store_open (path, error);
}

static void
print_report (BsCsvImportReport  *report,
              const BsDataSource *source)
{
  guint64 imported = bs_csv_import_report_get_rows_imported (report);
  guint64 rejected = bs_csv_import_report_get_rows_rejected (report);
  guint n_details = bs_csv_import_report_get_n_details (report);
  const char *delimiter = bs_engine_imports_delimiter_name (
    bs_csv_import_report_get_delimiter (report));

  printf ("Imported %" G_GUINT64_FORMAT " %s from %s into the table “%s” of %s.\n",
          imported, imported == 1 ? "row" : "rows", bs_data_source_get_file (source),
          bs_csv_import_report_get_table (report), bs_data_source_get_database (source));
  printf ("Data source %" G_GINT64_FORMAT ": “%s”.\n", source->id, source->name);
  printf ("Encoding %s, delimiter “%s”, %s.\n", bs_csv_import_report_get_encoding (report),
          delimiter != NULL ? delimiter : "?",
          bs_csv_import_report_get_has_header (report) ? "with a header row"
                                                       : "without a header row");

  printf ("Columns:\n");
  for (guint c = 0; c < bs_csv_import_report_get_n_columns (report); c++)
    {
      const char *header = bs_csv_import_report_get_column_header (report, c);

      printf ("  %s  %s", bs_csv_import_report_get_column_name (report, c),
              bs_csv_column_type_to_string (bs_csv_import_report_get_column_type (report, c)));
      if (header != NULL && g_strcmp0 (header, bs_csv_import_report_get_column_name (report, c)))
        printf ("  (header “%s”)", header);
      printf ("\n");
    }

  if (rejected == 0)
    {
      printf ("No rows were rejected.\n");
      return;
    }

  printf ("Rejected %" G_GUINT64_FORMAT " %s:\n", rejected, rejected == 1 ? "row" : "rows");
  for (guint i = 0; i < n_details; i++)
    {
      const char *reason = NULL;
      guint64 line = bs_csv_import_report_get_detail (report, i, &reason);

      printf ("  line %" G_GUINT64_FORMAT ": %s\n", line, reason != NULL ? reason : "");
    }
  if (rejected > n_details)
    printf ("  … and %" G_GUINT64_FORMAT " more\n", rejected - n_details);
}

static void
record_end (BsStore            *store,
            const char         *actor,
            const char         *state,
            const char         *csv_path,
            BsCsvImportReport  *report,
            const BsDataSource *source,
            const char         *message)
{
  g_autoptr(GError) error = NULL;

  if (!bs_engine_imports_record_finished (store, actor, 0, state, csv_path, report, source,
                                          message, &error))
    g_warning ("Could not record the end of the import: %s", error->message);
}

/* Imports @csv_path into @db_path; the report, or NULL after saying why not, with
 * *@out_state "failed" or "cancelled". */
static BsCsvImportReport *
run_import (const char  *csv_path,
            const char  *db_path,
            const char **out_state)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *base = g_path_get_basename (csv_path);
  g_autofree char *label = g_strdup_printf ("Importing %s", base);
  Progress progress = { label, isatty (STDERR_FILENO), FALSE, -1 };
  ImportRun run = { 0 };

  bs_engine_cli_catch_signals (cancellable);
  bs_csv_import_file_async (csv_path, db_path, NULL, on_progress, &progress, cancellable,
                            on_imported, &run);
  bs_engine_cli_run_until (&run.done);
  finish_progress (&progress);

  if (run.report == NULL)
    {
      *out_state = "failed";
      if (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          *out_state = "cancelled";
          bs_engine_cli_print_error ("The import of %s was interrupted; nothing was imported",
                                     csv_path);
        }
      else
        bs_engine_cli_print_error ("Could not import %s: %s", csv_path, run.error->message);
    }
  g_clear_error (&run.error);
  return run.report;
}

static int
import_file (BsStore    *store,
             const char *data_dir,
             const char *csv_path,
             const char *name)
{
  g_autofree char *actor = g_strdup_printf ("cli:%s", g_get_user_name ());
  g_autofree char *db_path = bs_engine_imports_get_database (data_dir);
  g_autoptr(BsCsvImportReport) report = NULL;
  g_autoptr(JsonObject) settings = json_object_new ();
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;

  if (!(report = run_import (csv_path, db_path, &state)))
    {
      record_end (store, actor, state, csv_path, NULL, NULL, NULL);
      return BS_EXIT_FAILURE;
    }

  json_object_set_string_member (settings, "database", db_path);
  json_object_set_string_member (settings, "table", bs_csv_import_report_get_table (report));
  json_object_set_string_member (settings, "file", csv_path);
  if (!(source = bs_engine_data_source_create (store, actor, name, "csv", settings, &error)))
    {
      bs_engine_cli_print_error ("The rows were imported into the table “%s” of %s, but the "
                                 "data source could not be added: %s",
                                 bs_csv_import_report_get_table (report), db_path,
                                 error->message);
      record_end (store, actor, "failed", csv_path, report, NULL, error->message);
      return BS_EXIT_FAILURE;
    }

  record_end (store, actor, "done", csv_path, report, source, NULL);
  print_report (report, source);
  return BS_EXIT_OK;
}

int
bs_engine_cli_import (int    argc,
                      char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *data_dir_option = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *why = NULL;
  g_autofree char *source_name = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      "Call the data source NAME (default: the file name without its extension)", "NAME" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir_option,
      "Use the workspace in DIR (default $XDG_DATA_HOME/business-studio)", "DIR" },
    { NULL }
  };

  if (!bs_engine_cli_parse ("import", "FILE.csv", "Imports a CSV file as a data source.",
                            import_description, entries, 1, &argc, &argv))
    return BS_EXIT_USAGE;
  if (argc < 2)
    return bs_engine_cli_usage_error ("import", "Name the CSV file to import");
  if (name != NULL && (name[0] == '\0' || g_utf8_strlen (name, -1) > 100))
    return bs_engine_cli_usage_error ("import", "--name must be 1 to 100 characters long");

  csv_path = g_canonicalize_filename (argv[1], NULL);
  if ((why = bs_engine_describe_unreadable_file (csv_path, NULL)) != NULL)
    {
      bs_engine_cli_print_error ("Cannot import %s: %s", csv_path, why);
      return BS_EXIT_FAILURE;
    }

  data_dir = data_dir_option != NULL ? g_canonicalize_filename (data_dir_option, NULL)
                                     : bs_engine_get_default_data_dir ();
  if (!(store = open_workspace (data_dir, &error)) ||
      !(source_name = bs_engine_imports_pick_name (store, name, csv_path, &error)))
    {
      bs_engine_cli_print_error ("%s", error->message);
      return BS_EXIT_FAILURE;
    }

  /* Say so before the work rather than after it. */
  if (name != NULL && !g_str_equal (name, source_name))
    {
      bs_engine_cli_print_error ("A data source called “%s” already exists; pick another "
                                 "name with --name", name);
      return BS_EXIT_FAILURE;
    }

  return import_file (store, data_dir, csv_path, source_name);
}
