#define G_LOG_DOMAIN "bs-engine-cli"

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>

#include "bs-demo-generator.h"
#include "bs-engine-cli.h"
#include "bs-progress-printer.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} DemoRun;

static const char demo_description[] =
  "Writes the demo retail dataset (regions, stores, products, inventory, orders, sales over\n"
  "90 days) to a standalone SQLite file. The same seed, rows and end always give the same\n"
  "data. The file is written beside FILE and renamed into place, so an interrupted run\n"
  "leaves no half-written file.\n"
  "\n"
  "Defaults:\n"
  "  --rows 750000   --seed 20261124   --end: now, to the minute\n"
  "\n"
  "Progress goes to stderr: one line rewritten in place on a terminal, one line per 10%\n"
  "otherwise.\n"
  "\n"
  "Exit status:\n"
  "  0  the file was written\n"
  "  1  it could not be written\n"
  "  2  wrong usage";

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DemoRun *run = user_data;

  run->ok = bs_demo_generator_write_finish (BS_DEMO_GENERATOR (object), result, &run->error);
  run->done = TRUE;
}

static void
on_progress (guint64  rows_written,
             guint64  rows_total,
             gpointer user_data)
{
  bs_progress_printer_update (user_data, rows_written, rows_total);
}

/* "YYYY-MM-DD HH:MM" in UTC, or any ISO 8601 time (UTC when it names no zone). */
static GDateTime *
parse_end (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int year, month, day, hour, minute;
  char extra;

  if (sscanf (text, "%4d-%2d-%2d %2d:%2d%c", &year, &month, &day, &hour, &minute, &extra) == 5)
    return g_date_time_new (utc, year, month, day, hour, minute, 0);

  return g_date_time_new_from_iso8601 (text, utc);
}

static int
write_demo (BsDemoGenerator *generator,
            const char      *out)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BsProgressPrinter) progress = bs_progress_printer_new ("Generating the demo data");
  gint64 started = g_get_monotonic_time ();
  DemoRun run = { 0 };

  bs_demo_generator_set_progress_func (generator, on_progress, progress, NULL);
  bs_engine_cli_catch_signals (cancellable);
  bs_demo_generator_write_async (generator, out, cancellable, on_written, &run);
  bs_engine_cli_run_until (&run.done);
  bs_progress_printer_finish (progress);

  if (!run.ok)
    {
      bs_engine_cli_print_error ("%s", run.error->message);
      g_clear_error (&run.error);
      return BS_EXIT_FAILURE;
    }

  fprintf (stderr, "Wrote %" G_GUINT64_FORMAT " rows to %s in %.1f s\n",
           bs_demo_generator_get_rows_written (generator), out,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return BS_EXIT_OK;
}

int
bs_engine_cli_demo (int    argc,
                    char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *end_text = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(BsDemoGenerator) generator = NULL;
  gint64 rows = BS_DEMO_DEFAULT_ROWS;
  gint64 seed = BS_DEMO_DEFAULT_SEED;
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &rows,
      "Write N fact rows (snapshots, orders and sales; default 750000)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Write the SQLite database to FILE (required; replaced if it exists)", "FILE" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      "Generate from seed S (default 20261124)", "S" },
    { "end", 'e', 0, G_OPTION_ARG_STRING, &end_text,
      "End the 90 days at “YYYY-MM-DD HH:MM” UTC (default: now)", "TIME" },
    { NULL }
  };

  if (!bs_engine_cli_parse ("demo", NULL, "Writes the demo retail dataset to a SQLite file.",
                            demo_description, entries, 0, &argc, &argv))
    return BS_EXIT_USAGE;
  if (out == NULL)
    return bs_engine_cli_usage_error ("demo", "Say where to write the dataset with --out FILE");
  if (rows < BS_DEMO_MIN_ROWS || rows > BS_DEMO_MAX_ROWS)
    return bs_engine_cli_usage_error ("demo", "--rows must be from %u to %u, not %"
                                      G_GINT64_FORMAT, BS_DEMO_MIN_ROWS, BS_DEMO_MAX_ROWS, rows);
  if (seed < 0)
    return bs_engine_cli_usage_error ("demo", "--seed must not be negative");
  if (end_text != NULL && !(end = parse_end (end_text)))
    return bs_engine_cli_usage_error ("demo", "--end must be a time such as “2026-11-24 18:00”, "
                                      "not “%s”", end_text);

  generator = bs_demo_generator_new ((guint64) seed, (guint64) rows, end);
  return write_demo (generator, out);
}
