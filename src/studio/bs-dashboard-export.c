/* bs-dashboard-export.c — a dashboard as a PNG image or a PDF document.
 *
 * The PDF is one page the size of the dashboard (at 96 pixels to the inch), not A4 pages:
 * a dashboard is read as one picture, and cutting it across pages would split panels in
 * two; a reader that prints it scales the page to the paper, and being vector, it stays
 * sharp at any size.
 */
#define G_LOG_DOMAIN "bs-dashboard-export"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "bs-dashboard-export.h"

/* The heading above the dashboard, in pixels. */
#define MARGIN 24.0
#define HEADING_GAP 16.0
/* PDF points per CSS pixel: 72 points and 96 pixels to the inch. */
#define POINTS_PER_PIXEL 0.75
/* The largest page side readers accept (200 inches, Acrobat's limit); a taller dashboard
 * is drawn smaller to fit. */
#define MAX_PAGE_POINTS 14400.0
/* The largest image cairo makes. */
#define MAX_IMAGE_PIXELS 32767

G_DEFINE_QUARK (bs-dashboard-export-error-quark, bs_dashboard_export_error)

typedef struct
{
  PangoLayout *title;
  PangoLayout *subtitle;  /* the time range and the moment of export */
  GdkRGBA      foreground;
  GdkRGBA      background;
  double       height;    /* from the top of the page to the dashboard */
} Heading;

static void
heading_clear (Heading *heading)
{
  g_clear_object (&heading->title);
  g_clear_object (&heading->subtitle);
}

static char *
exported_on (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* TRANSLATORS: a date and time in strftime format, as in "24 Nov 2026, 10:05". */
  g_autofree char *when = g_date_time_format (now, _("%e %b %Y, %H:%M"));

  return g_strdup_printf (_("Exported on %s"), g_strstrip (when));
}

/* The colours of the theme the widget is drawn in, so that a dark dashboard is exported
 * dark and its text stays readable. */
static void
theme_colours (GtkWidget *widget,
               Heading   *heading)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, &heading->foreground);
  if (!gtk_style_context_lookup_color (context, "window_bg_color", &heading->background))
    gdk_rgba_parse (&heading->background, "#fafafa");
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
heading_init (Heading    *heading,
              GtkWidget  *widget,
              const char *title,
              const char *subtitle,
              double      width)
{
  g_autoptr(PangoAttrList) title_attributes = pango_attr_list_new ();
  g_autoptr(PangoAttrList) subtitle_attributes = pango_attr_list_new ();
  g_autofree char *when = exported_on ();
  g_autofree char *line = subtitle != NULL && subtitle[0] != '\0'
                          ? g_strdup_printf ("%s · %s", subtitle, when)
                          : g_strdup (when);
  int title_height, subtitle_height;

  theme_colours (widget, heading);

  pango_attr_list_insert (title_attributes, pango_attr_scale_new (1.6));
  pango_attr_list_insert (title_attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  heading->title = gtk_widget_create_pango_layout (widget, title);
  pango_layout_set_attributes (heading->title, title_attributes);

  pango_attr_list_insert (subtitle_attributes, pango_attr_scale_new (0.95));
  heading->subtitle = gtk_widget_create_pango_layout (widget, line);
  pango_layout_set_attributes (heading->subtitle, subtitle_attributes);

  /* A long title ends in "…" rather than running off the page. */
  for (PangoLayout **layout = &heading->title; layout <= &heading->subtitle; layout++)
    {
      pango_layout_set_width (*layout, (int) ((width - 2 * MARGIN) * PANGO_SCALE));
      pango_layout_set_ellipsize (*layout, PANGO_ELLIPSIZE_END);
    }

  pango_layout_get_pixel_size (heading->title, NULL, &title_height);
  pango_layout_get_pixel_size (heading->subtitle, NULL, &subtitle_height);
  heading->height = MARGIN + title_height + 4 + subtitle_height + HEADING_GAP;
}

static void
heading_draw (Heading *heading,
              cairo_t *cr,
              double   width,
              double   height)
{
  int title_height;

  gdk_cairo_set_source_rgba (cr, &heading->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, &heading->foreground);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, heading->title);
  pango_layout_get_pixel_size (heading->title, NULL, &title_height);

  cairo_set_source_rgba (cr, heading->foreground.red, heading->foreground.green,
                         heading->foreground.blue, heading->foreground.alpha * 0.65);
  cairo_move_to (cr, MARGIN, MARGIN + title_height + 4);
  pango_cairo_show_layout (cr, heading->subtitle);
  /* GSK draws text at the current point: left here, every label of the dashboard would be
   * drawn over the heading. */
  cairo_new_path (cr);
}

/* The widget's own drawing, all of it: a canvas in a scrolled window is allocated its full
 * size, so what is scrolled out of view is drawn too. NULL before its first frame. */
static GskRenderNode *
widget_node (GtkWidget *widget,
             int        width,
             int        height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
draw_page (cairo_t       *cr,
           Heading       *heading,
           GskRenderNode *node,
           double         width,
           double         height)
{
  heading_draw (heading, cr, width, height);
  cairo_save (cr);
  cairo_translate (cr, 0, heading->height);
  gsk_render_node_draw (node, cr);
  cairo_restore (cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, BS_DASHBOARD_EXPORT_ERROR, BS_DASHBOARD_EXPORT_ERROR_DRAW,
               _("The dashboard could not be drawn: %s"), cairo_status_to_string (status));
  return FALSE;
}

static GBytes *
render_png (Heading        *heading,
            GskRenderNode  *node,
            double          width,
            double          height,
            int             scale,
            GError        **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  /* A very tall dashboard: sharp at twice the size is worth less than having an image. */
  if (MAX (width, height) * scale > MAX_IMAGE_PIXELS)
    scale = 1;
  if (MAX (width, height) > MAX_IMAGE_PIXELS)
    {
      g_set_error (error, BS_DASHBOARD_EXPORT_ERROR, BS_DASHBOARD_EXPORT_ERROR_DRAW,
                   _("The dashboard is too large for an image (%.0f × %.0f pixels, at most "
                     "%d a side): export it as a PDF document instead."),
                   width, height, MAX_IMAGE_PIXELS);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * scale),
                                        (int) (height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  draw_page (cr, heading, node, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_destroy (surface);
  if (!check_cairo (status, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
render_pdf (Heading        *heading,
            GskRenderNode  *node,
            const char     *title,
            double          width,
            double          height,
            GError        **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  double points = MIN (POINTS_PER_PIXEL, MAX_PAGE_POINTS / MAX (width, height));

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width * points,
                                                 height * points);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME);
  cr = cairo_create (surface);
  cairo_scale (cr, points, points);
  draw_page (cr, heading, node, width, height);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  /* The document is written out when the surface finishes. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_cairo (status, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
bs_dashboard_export_render (GtkWidget                *widget,
                            BsDashboardExportFormat   format,
                            const char               *title,
                            const char               *subtitle,
                            int                       scale,
                            GError                  **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  Heading heading = { 0 };
  int width, height;
  GBytes *bytes;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (format == BS_DASHBOARD_EXPORT_PNG || format == BS_DASHBOARD_EXPORT_PDF,
                        NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (scale == 1 || scale == 2, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width > 0 && height > 0)
    node = widget_node (widget, width, height);
  if (node == NULL)
    {
      g_set_error_literal (error, BS_DASHBOARD_EXPORT_ERROR, BS_DASHBOARD_EXPORT_ERROR_EMPTY,
                           _("There is nothing to export yet: the dashboard has not been "
                             "shown. Open it, then export again."));
      return NULL;
    }

  heading_init (&heading, widget, title, subtitle, width);
  if (format == BS_DASHBOARD_EXPORT_PNG)
    bytes = render_png (&heading, node, width, heading.height + height, scale, error);
  else
    bytes = render_pdf (&heading, node, title, width, heading.height + height, error);
  heading_clear (&heading);

  return bytes;
}

typedef struct
{
  GFile *file;
  GFile *partial;  /* beside @file, renamed over it when complete */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->partial);
  g_free (data);
}

static void
export_failed (GTask  *task,
               GError *error)
{
  ExportData *data = g_task_get_task_data (task);

  /* Left behind by a failed write or rename: nothing a person should find. */
  g_file_delete_async (data->partial, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_file_get_parse_name (data->file);

      g_prefix_error (&error, _("The dashboard could not be saved as “%s”: "), name);
    }
  g_task_return_error (task, error);
}

static void
moved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_move_finish (G_FILE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    export_failed (task, error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      export_failed (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  g_file_move_async (data->partial, data->file, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     cancellable, NULL, NULL, moved_cb, g_steal_pointer (&task));
}

static GFile *
partial_file (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *partial = g_strdup_printf (".%s.%08x.partial", name, g_random_int ());

  return parent != NULL ? g_file_get_child (parent, partial) : NULL;
}

void
bs_dashboard_export_async (GtkWidget               *widget,
                           BsDashboardExportFormat  format,
                           const char              *title,
                           const char              *subtitle,
                           GFile                   *file,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  ExportData *data;
  GError *error = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_dashboard_export_async);
  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->partial = partial_file (file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  if (data->partial == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                               _("Choose a file to export the dashboard to, not a folder"));
      return;
    }

  /* An image for the screen: twice the pixels keep it sharp on a high-density display and
   * when zoomed. */
  bytes = bs_dashboard_export_render (widget, format, title, subtitle, 2, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Written beside @file and renamed over it when complete (GLib writes a new file in
   * place): a full disk leaves no half a document, and an older export stays as it was. */
  g_file_replace_contents_bytes_async (data->partial, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, written_cb, g_steal_pointer (&task));
}

gboolean
bs_dashboard_export_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
