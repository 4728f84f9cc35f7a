/* bs-progress-printer.h — progress of a long job on stderr: one line rewritten in place
 * on a terminal, one line per tenth otherwise (a log file or a pipe stays readable).
 * Updates may come from any thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BsProgressPrinter BsProgressPrinter;

/* @label: what is being done, e.g. "Generating the demo data". */
BsProgressPrinter *bs_progress_printer_new    (const char        *label);
void               bs_progress_printer_free   (BsProgressPrinter *self);
void               bs_progress_printer_update (BsProgressPrinter *self,
                                               guint64            done,
                                               guint64            total);
/* Ends the line rewritten in place, so that the next message starts on its own line. */
void               bs_progress_printer_finish (BsProgressPrinter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsProgressPrinter, bs_progress_printer_free)

G_END_DECLS
