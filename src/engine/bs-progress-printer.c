#define G_LOG_DOMAIN "bs-progress-printer"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "bs-progress-printer.h"

struct _BsProgressPrinter
{
  GMutex    mutex;
  char     *label;
  gboolean  in_place;
  gboolean  line_open;
  int       last_step;    /* percent on a terminal, tenths otherwise; -1 before the first */
};

BsProgressPrinter *
bs_progress_printer_new (const char *label)
{
  BsProgressPrinter *self;

  g_return_val_if_fail (label != NULL, NULL);

  self = g_new0 (BsProgressPrinter, 1);
  g_mutex_init (&self->mutex);
  self->label = g_strdup (label);
  self->in_place = isatty (STDERR_FILENO);
  self->last_step = -1;
  return self;
}

void
bs_progress_printer_free (BsProgressPrinter *self)
{
  if (self == NULL)
    return;

  bs_progress_printer_finish (self);
  g_mutex_clear (&self->mutex);
  g_free (self->label);
  g_free (self);
}

void
bs_progress_printer_update (BsProgressPrinter *self,
                            guint64            done,
                            guint64            total)
{
  g_autoptr(GMutexLocker) locker = NULL;
  int percent;
  int step;

  g_return_if_fail (self != NULL);

  percent = total > 0 ? (int) (MIN (done, total) * 100 / total) : 100;
  step = self->in_place ? percent : percent / 10;

  locker = g_mutex_locker_new (&self->mutex);
  if (step == self->last_step)
    return;
  self->last_step = step;

  if (self->in_place)
    {
      fprintf (stderr, "\r%s: %3d%% (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " rows)",
               self->label, percent, done, total);
      self->line_open = TRUE;
    }
  else
    {
      fprintf (stderr, "%s: %d%% (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " rows)\n",
               self->label, step * 10, done, total);
    }
  fflush (stderr);
}

void
bs_progress_printer_finish (BsProgressPrinter *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (self != NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (self->line_open)
    {
      fputc ('\n', stderr);
      fflush (stderr);
      self->line_open = FALSE;
    }
}
