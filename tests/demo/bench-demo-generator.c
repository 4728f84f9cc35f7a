#define G_LOG_DOMAIN "bs-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "bs-demo-generator.h"

/* Generates the demo dataset into a temporary folder and prints how fast it went.
 * Usage: bench-demo-generator [ROWS] (default 10,000,000). */
int
main (int   argc,
      char *argv[])
{
  guint64 rows = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 10000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bs-bench-demo-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(BsDemoGenerator) generator = NULL;
  g_autoptr(GTimer) timer = NULL;
  GStatBuf st;
  double seconds;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  path = g_build_filename (dir, "demo.db", NULL);
  generator = bs_demo_generator_new (BS_DEMO_DEFAULT_SEED, rows, NULL);

  timer = g_timer_new ();
  if (!bs_demo_generator_write (generator, path, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  seconds = g_timer_elapsed (timer, NULL);

  g_stat (path, &st);
  g_print ("rows: %" G_GUINT64_FORMAT "\nseconds: %.2f\nrows/s: %.0f\nfile MiB: %.1f\n",
           bs_demo_generator_get_rows_written (generator), seconds,
           (double)rows / seconds, (double)st.st_size / (1024.0 * 1024.0));

  g_unlink (path);
  g_rmdir (dir);
  return EXIT_SUCCESS;
}
