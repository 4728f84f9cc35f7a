#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "bs-demo-catalog.h"
#include "bs-demo-generator.h"
#include "bs-demo-simulation.h"
#include "bs-demo-writer.h"

/* Bumped whenever the same seed, rows and end would give different content. */
#define GENERATOR_VERSION "1"

#define STOCK_ROWS_PER_DAY (BS_DEMO_N_PRODUCTS * BS_DEMO_N_STORES)

struct _BsDemoGenerator
{
  GObject             parent_instance;

  guint64             seed;
  guint64             rows;
  gint64              end;            /* seconds since the epoch, a whole minute */

  BsDemoProgressFunc  progress;
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;

  GMutex              mutex;          /* guards rows_written, read from other threads */
  guint64             rows_written;
};

G_DEFINE_QUARK (bs-demo-error-quark, bs_demo_error)
G_DEFINE_FINAL_TYPE (BsDemoGenerator, bs_demo_generator, G_TYPE_OBJECT)

static void
bs_demo_generator_finalize (GObject *object)
{
  BsDemoGenerator *self = BS_DEMO_GENERATOR (object);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (bs_demo_generator_parent_class)->finalize (object);
}

static void
bs_demo_generator_class_init (BsDemoGeneratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_demo_generator_finalize;
}

static void
bs_demo_generator_init (BsDemoGenerator *self)
{
  g_mutex_init (&self->mutex);
}

BsDemoGenerator *
bs_demo_generator_new (guint64    seed,
                       guint64    rows,
                       GDateTime *end)
{
  BsDemoGenerator *self = g_object_new (BS_TYPE_DEMO_GENERATOR, NULL);
  gint64 end_time = end != NULL ? g_date_time_to_unix (end) : g_get_real_time () / G_USEC_PER_SEC;

  self->seed = seed;
  self->rows = rows;
  self->end = end_time - (end_time % 60 + 60) % 60;
  return self;
}

void
bs_demo_generator_set_progress_func (BsDemoGenerator    *self,
                                     BsDemoProgressFunc  func,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy)
{
  g_return_if_fail (BS_IS_DEMO_GENERATOR (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

guint64
bs_demo_generator_get_rows_written (BsDemoGenerator *self)
{
  guint64 rows;

  g_return_val_if_fail (BS_IS_DEMO_GENERATOR (self), 0);

  g_mutex_lock (&self->mutex);
  rows = self->rows_written;
  g_mutex_unlock (&self->mutex);
  return rows;
}

static void
set_rows_written (BsDemoGenerator *self,
                  guint64          rows)
{
  g_mutex_lock (&self->mutex);
  self->rows_written = rows;
  g_mutex_unlock (&self->mutex);
}

static void
on_writer_tick (guint64  rows_written,
                gpointer user_data)
{
  BsDemoGenerator *self = user_data;

  set_rows_written (self, rows_written);
  if (self->progress != NULL)
    self->progress (rows_written, self->rows, self->progress_data);
}

static gboolean
make_plan (BsDemoGenerator  *self,
           BsDemoPlan       *plan,
           GError          **error)
{
  if (self->rows < BS_DEMO_MIN_ROWS || self->rows > BS_DEMO_MAX_ROWS)
    {
      g_set_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_INVALID_ARGUMENT,
                   "The demo dataset needs between %u and %u rows; %" G_GUINT64_FORMAT
                   " were asked for.", BS_DEMO_MIN_ROWS, BS_DEMO_MAX_ROWS, self->rows);
      return FALSE;
    }

  plan->seed = self->seed;
  plan->end = self->end;
  plan->days = BS_DEMO_DAYS;
  plan->snapshot_days = (guint)MIN (self->rows / 2 / STOCK_ROWS_PER_DAY, BS_DEMO_DAYS);
  plan->order_rows = self->rows - (guint64)plan->snapshot_days * STOCK_ROWS_PER_DAY;
  return TRUE;
}

static char *
format_iso8601 (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
write_info (BsDemoGenerator      *self,
            BsDemoWriter         *writer,
            const BsDemoPlan     *plan,
            const BsDemoCatalog  *catalog,
            GError              **error)
{
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, self->seed);
  g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, self->rows);
  g_autofree char *end = format_iso8601 (self->end);
  g_autofree char *generated_at = format_iso8601 (g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *days = g_strdup_printf ("%u", plan->days);
  g_autofree char *snapshot_days = g_strdup_printf ("%u", plan->snapshot_days);
  g_auto(GStrv) skus = bs_demo_catalog_low_stock_skus (catalog);
  g_autofree char *low_stock = g_strjoinv (",", skus);
  const char * const keys[] = {
    "seed", "rows", "end", "generated_at", "generator_version", "days", "snapshot_days",
    "low_stock_skus", NULL,
  };
  const char * const values[] = {
    seed, rows, end, generated_at, GENERATOR_VERSION, days, snapshot_days, low_stock, NULL,
  };

  return bs_demo_writer_add_info (writer, keys, values, error);
}

static gboolean
write_file (BsDemoGenerator  *self,
            const BsDemoPlan *plan,
            const char       *temp_path,
            const char       *path,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autofree BsDemoCatalog *catalog = g_new0 (BsDemoCatalog, 1);
  g_autoptr(BsDemoWriter) writer = NULL;
  gboolean ok;

  writer = bs_demo_writer_open (temp_path, path, self->rows, cancellable, on_writer_tick, self,
                                error);
  if (writer == NULL)
    return FALSE;

  bs_demo_catalog_init (catalog, self->seed);
  ok = bs_demo_simulation_run (catalog, plan, writer, error) &&
       write_info (self, writer, plan, catalog, error) &&
       bs_demo_writer_finish (writer, error);
  set_rows_written (self, bs_demo_writer_get_rows (writer));
  bs_demo_catalog_clear (catalog);

  /* The plan fixes the row count; anything else is a bug in the generator. */
  g_assert (!ok || bs_demo_writer_get_rows (writer) == self->rows);
  return ok;
}

static void
remove_temp_files (const char *temp_path)
{
  static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (temp_path, suffixes[i], NULL);

      if (g_unlink (name) != 0 && errno != ENOENT)
        g_warning ("Could not remove the unfinished demo dataset “%s”: %s",
                   name, g_strerror (errno));
    }
}

static char *
create_temp_file (const char  *path,
                  GError     **error)
{
  g_autofree char *temp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  int fd = g_mkstemp (temp_path);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *folder = g_path_get_dirname (path);

      g_set_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_WRITE,
                   "Could not write the demo dataset “%s”: %s. Check that the folder “%s” "
                   "exists and can be written to.", path, g_strerror (saved_errno), folder);
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&temp_path);
}

static gboolean
move_into_place (const char  *temp_path,
                 const char  *path,
                 GError     **error)
{
  /* A write-ahead log left by a crashed reader of an older file would be replayed onto the
   * new one. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *stale = g_strconcat (path, i == 0 ? "-wal" : "-shm", NULL);

      g_unlink (stale);
    }

  if (g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BS_DEMO_ERROR, BS_DEMO_ERROR_WRITE,
                   "Could not move the demo dataset into place at “%s”: %s.",
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_demo_generator_write (BsDemoGenerator  *self,
                         const char       *path,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autofree char *temp_path = NULL;
  BsDemoPlan plan;

  g_return_val_if_fail (BS_IS_DEMO_GENERATOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  set_rows_written (self, 0);
  if (!make_plan (self, &plan, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  temp_path = create_temp_file (path, error);
  if (temp_path == NULL)
    return FALSE;

  if (!write_file (self, &plan, temp_path, path, cancellable, error) ||
      !move_into_place (temp_path, path, error))
    {
      remove_temp_files (temp_path);
      return FALSE;
    }
  return TRUE;
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (bs_demo_generator_write (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bs_demo_generator_write_async (BsDemoGenerator     *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BS_IS_DEMO_GENERATOR (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_demo_generator_write_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
bs_demo_generator_write_finish (BsDemoGenerator  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (BS_IS_DEMO_GENERATOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
