/* bs-dashboard-export.h — a whole dashboard as a PNG image or a PDF document, for people
 * who only read: the canvas widget (all of it, also what is scrolled out of view) drawn with
 * cairo under a heading with the dashboard's title and time range.
 *
 * Drawing happens on the main thread (it reads widgets) into memory; the file is written
 * asynchronously and atomically (g_file_replace_contents_async), so a full disk leaves the
 * old file as it was and says so.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  BS_DASHBOARD_EXPORT_PNG,
  BS_DASHBOARD_EXPORT_PDF,
} BsDashboardExportFormat;

#define BS_DASHBOARD_EXPORT_ERROR (bs_dashboard_export_error_quark ())

typedef enum
{
  BS_DASHBOARD_EXPORT_ERROR_EMPTY,  /* the widget has no size yet: nothing to draw */
  BS_DASHBOARD_EXPORT_ERROR_DRAW,   /* cairo failed (out of memory): its message */
} BsDashboardExportError;

GQuark    bs_dashboard_export_error_quark (void);

/* Draws @widget under @title and @subtitle (the time range in words, may be NULL) at
 * @scale (1 or 2 for a PNG; ignored for a PDF, which is vector) into memory. */
GBytes   *bs_dashboard_export_render      (GtkWidget                *widget,
                                           BsDashboardExportFormat   format,
                                           const char               *title,
                                           const char               *subtitle,
                                           int                       scale,
                                           GError                  **error);

void      bs_dashboard_export_async       (GtkWidget                *widget,
                                           BsDashboardExportFormat   format,
                                           const char               *title,
                                           const char               *subtitle,
                                           GFile                    *file,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data);
gboolean  bs_dashboard_export_finish      (GAsyncResult             *result,
                                           GError                  **error);

G_END_DECLS
