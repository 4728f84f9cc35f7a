/* Exporting a real widget tree (labels and drawing areas, part of it scrolled out of view)
 * as PNG and PDF: the image decodes at the right size with the heading above the widgets
 * and their colours where they were drawn; the PDF is a PDF with a page; a file in a
 * missing folder gives an error and leaves nothing behind.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the exports are also written there for a person to
 * look at.
 */
#define G_LOG_DOMAIN "bs-test-dashboard-export"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bs-dashboard-export.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"

#define CONTENT_WIDTH 640
#define CONTENT_HEIGHT 1400
#define WINDOW_HEIGHT 400

/* Colours no theme uses, to find in the export. */
static const GdkRGBA top_colour = { 0.90, 0.10, 0.10, 1.0 };     /* red, in view */
static const GdkRGBA bottom_colour = { 0.10, 0.20, 0.90, 1.0 };  /* blue, scrolled away */

typedef struct
{
  GtkWidget *window;
  GtkWidget *content;   /* what is exported: taller than the window */
  guint      drawn;
  char      *dir;
} Fixture;

static void
draw_block (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  const GdkRGBA *colour = user_data;
  Fixture *fixture = g_object_get_data (G_OBJECT (area), "fixture");

  gdk_cairo_set_source_rgba (cr, colour);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  fixture->drawn++;
}

static GtkWidget *
block (Fixture       *fixture,
       const GdkRGBA *colour)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 120);
  g_object_set_data (G_OBJECT (area), "fixture", fixture);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_block, (gpointer) colour,
                                  NULL);
  return area;
}

static gboolean
was_drawn (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->drawn > 0 && gtk_widget_get_height (fixture->content) == CONTENT_HEIGHT;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *spacer = gtk_label_new ("A long gap, as between the rows of a dashboard");

  fixture->dir = g_dir_make_tmp ("bs-export-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);

  fixture->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (fixture->content, CONTENT_WIDTH, CONTENT_HEIGHT);
  gtk_box_append (GTK_BOX (fixture->content), gtk_label_new ("Revenue today"));
  gtk_box_append (GTK_BOX (fixture->content), block (fixture, &top_colour));
  gtk_widget_set_vexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (fixture->content), spacer);
  gtk_box_append (GTK_BOX (fixture->content), gtk_label_new ("Orders by region"));
  gtk_box_append (GTK_BOX (fixture->content), block (fixture, &bottom_colour));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), fixture->content);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), CONTENT_WIDTH + 40,
                               WINDOW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), scrolled);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (bs_test_wait_until (was_drawn, fixture, 10000));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  bs_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
keep_for_a_person (GBytes     *bytes,
                   const char *name)
{
  const char *dir = g_getenv ("BS_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_test_message ("Saved %s", path);
}

typedef struct
{
  guchar *pixels;
  int     width;
  int     height;
  gsize   stride;
} Image;

static void
image_decode (Image  *image,
              GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->stride = (gsize) image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->pixels, image->stride);
}

/* Within a step of @colour: the export is antialiased, the test colours are flat. */
static gboolean
image_has (const Image   *image,
           int            x,
           int            y,
           const GdkRGBA *colour)
{
  /* gdk_texture_download () gives cairo's order: B, G, R, A on a little-endian machine. */
  const guchar *pixel = image->pixels + (gsize) y * image->stride + (gsize) x * 4;
  const guint32 value = *(const guint32 *) pixel;
  int red = (value >> 16) & 0xff, green = (value >> 8) & 0xff, blue = value & 0xff;

  return ABS (red - (int) (colour->red * 255)) <= 3 &&
         ABS (green - (int) (colour->green * 255)) <= 3 &&
         ABS (blue - (int) (colour->blue * 255)) <= 3;
}

static guint
count_colours (const Image *image)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  for (int y = 0; y < image->height; y += 3)
    for (int x = 0; x < image->width; x += 3)
      {
        const guint32 value = *(const guint32 *) (image->pixels + (gsize) y * image->stride
                                                  + (gsize) x * 4);

        g_hash_table_add (colours, GUINT_TO_POINTER (value));
      }
  return g_hash_table_size (colours);
}

/* Whether the rectangle holds something drawn on the page's background (text). */
static gboolean
image_has_ink (const Image *image,
               int          x0,
               int          y0,
               int          width,
               int          height)
{
  const guint32 background = *(const guint32 *) image->pixels;

  for (int y = MAX (y0, 0); y < MIN (y0 + height, image->height); y++)
    for (int x = MAX (x0, 0); x < MIN (x0 + width, image->width); x++)
      {
        const guint32 value = *(const guint32 *) (image->pixels + (gsize) y * image->stride
                                                  + (gsize) x * 4);

        for (int shift = 0; shift < 24; shift += 8)
          if (ABS ((int) ((value >> shift) & 0xff) - (int) ((background >> shift) & 0xff)) > 96)
            return TRUE;
      }
  return FALSE;
}

/* The labels of the content are drawn where they are, not over the heading. */
static void
check_labels (Fixture     *fixture,
              const Image *image,
              int          heading,
              int          scale)
{
  for (GtkWidget *child = gtk_widget_get_first_child (fixture->content); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!GTK_IS_LABEL (child))
        continue;
      g_assert_true (gtk_widget_compute_bounds (child, fixture->content, &bounds));
      g_assert_true (image_has_ink (image, (int) bounds.origin.x * scale,
                                    ((int) bounds.origin.y + heading) * scale,
                                    (int) bounds.size.width * scale,
                                    (int) bounds.size.height * scale));
    }
}

/* Where @widget is in the export: below the heading, which is what the export adds above
 * the content. */
static void
find_block (Fixture   *fixture,
            GtkWidget *widget,
            int        heading,
            int        scale,
            int       *x,
            int       *y)
{
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                 gtk_widget_get_height (widget) / 2.f);
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, fixture->content, &centre, &point));
  *x = (int) point.x * scale;
  *y = ((int) point.y + heading) * scale;
}

static void
check_png (Fixture *fixture,
           GBytes  *bytes,
           int      scale)
{
  Image image = { 0 };
  GtkWidget *top = gtk_widget_get_next_sibling (gtk_widget_get_first_child (fixture->content));
  GtkWidget *bottom = gtk_widget_get_last_child (fixture->content);
  int heading, x, y;

  image_decode (&image, bytes);
  g_test_message ("PNG at scale %d: %d × %d, %" G_GSIZE_FORMAT " bytes", scale, image.width,
                  image.height, g_bytes_get_size (bytes));
  g_assert_cmpint (image.width, ==, gtk_widget_get_width (fixture->content) * scale);
  /* The whole content, also what is scrolled out of view, under a heading. */
  g_assert_cmpint (image.height, >, (CONTENT_HEIGHT + 40) * scale);
  g_assert_cmpint (image.height, <, (CONTENT_HEIGHT + 200) * scale);
  heading = image.height / scale - CONTENT_HEIGHT;

  find_block (fixture, top, heading, scale, &x, &y);
  g_assert_true (image_has (&image, x, y, &top_colour));
  find_block (fixture, bottom, heading, scale, &x, &y);
  g_assert_true (image_has (&image, x, y, &bottom_colour));
  check_labels (fixture, &image, heading, scale);
  /* The heading is not the blocks' colour, and the page is not one flat colour. */
  g_assert_false (image_has (&image, 4, 4, &top_colour));
  g_assert_cmpuint (count_colours (&image), >, 4);

  g_free (image.pixels);
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) two = NULL;

  one = bs_dashboard_export_render (fixture->content, BS_DASHBOARD_EXPORT_PNG,
                                    "Revenue overview", "Last 7 days", 1, &error);
  g_assert_no_error (error);
  check_png (fixture, one, 1);
  keep_for_a_person (one, "dashboard-export-1x.png");

  two = bs_dashboard_export_render (fixture->content, BS_DASHBOARD_EXPORT_PNG,
                                    "Revenue overview", NULL, 2, &error);
  g_assert_no_error (error);
  check_png (fixture, two, 2);
  keep_for_a_person (two, "dashboard-export-2x.png");
}

/* Where @needle is in @bytes, which hold NUL bytes (compressed streams). */
static const char *
find_bytes (GBytes     *bytes,
            gsize       from,
            const char *needle)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gsize length = strlen (needle);

  for (gsize i = from; i + length <= size; i++)
    if (memcmp (data + i, needle, length) == 0)
      return data + i;
  return NULL;
}

/* A dark dashboard exports dark, its text light: read as it was on screen. */
static void
test_dark (Fixture       *fixture,
           gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Image image = { 0 };
  guint32 corner;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  fixture->drawn = 0;
  gtk_widget_queue_draw (fixture->window);
  g_assert_true (bs_test_wait_until (was_drawn, fixture, 10000));
  bytes = bs_dashboard_export_render (fixture->content, BS_DASHBOARD_EXPORT_PNG,
                                      "Revenue overview", "Last 7 days", 1, &error);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_no_error (error);
  keep_for_a_person (bytes, "dashboard-export-dark.png");

  image_decode (&image, bytes);
  corner = *(const guint32 *) image.pixels;
  g_assert_cmpuint ((corner >> 16) & 0xff, <, 0x50);
  g_assert_cmpuint ((corner >> 8) & 0xff, <, 0x50);
  g_assert_cmpuint (corner & 0xff, <, 0x50);
  check_labels (fixture, &image, image.height - CONTENT_HEIGHT, 1);
  g_free (image.pixels);
}

static guint
count_pages (GBytes *bytes)
{
  const char *data = g_bytes_get_data (bytes, NULL);
  gsize size = g_bytes_get_size (bytes);
  const char *found;
  gsize from = 0;
  guint pages = 0;

  /* "/Type /Page" but not "/Type /Pages". */
  while ((found = find_bytes (bytes, from, "/Type /Page")) != NULL)
    {
      from = found - data + strlen ("/Type /Page");
      if (from < size && data[from] != 's')
        pages++;
    }
  return pages;
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *media_box = g_strdup_printf ("/MediaBox [ 0 0 %g ",
                                                gtk_widget_get_width (fixture->content) * 0.75);
  gsize size;
  const char *text;

  pdf = bs_dashboard_export_render (fixture->content, BS_DASHBOARD_EXPORT_PDF,
                                    "Revenue overview", "Last 7 days", 1, &error);
  g_assert_no_error (error);
  keep_for_a_person (pdf, "dashboard-export.pdf");
  text = g_bytes_get_data (pdf, &size);
  g_test_message ("PDF: %" G_GSIZE_FORMAT " bytes", size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (text, "%PDF-", 5) == 0);
  g_assert_cmpuint (count_pages (pdf), ==, 1);
  g_assert_nonnull (find_bytes (pdf, 0, "/Title (Revenue overview)"));
  /* One page the size of the content, in points (3/4 of a pixel), heading included. */
  g_assert_nonnull (find_bytes (pdf, 0, media_box));
  g_assert_nonnull (find_bytes (pdf, size - 8, "%%EOF"));
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gboolean
export_to (Fixture                  *fixture,
           BsDashboardExportFormat   format,
           GFile                    *file,
           GError                  **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  bs_dashboard_export_async (fixture->content, format, "Revenue overview", "Last 7 days",
                             file, NULL, bs_test_store_result, &result);
  done = bs_test_wait_result (&result);
  return bs_dashboard_export_finish (done, error);
}

static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *png_path = g_build_filename (fixture->dir, "revenue.png", NULL);
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "revenue.pdf", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_autofree char *lost_path = g_build_filename (missing, "revenue.pdf", NULL);
  g_autoptr(GFile) png = g_file_new_for_path (png_path);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autoptr(GFile) lost = g_file_new_for_path (lost_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *text = NULL;
  gsize size;

  g_assert_true (export_to (fixture, BS_DASHBOARD_EXPORT_PNG, png, &error));
  g_assert_no_error (error);
  contents = g_file_load_bytes (png, NULL, NULL, &error);
  g_assert_no_error (error);
  /* A file for the screen is drawn at twice the size. */
  check_png (fixture, contents, 2);

  g_assert_true (export_to (fixture, BS_DASHBOARD_EXPORT_PDF, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &text, &size, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));

  /* Exported again over the first: replaced, nothing else left in the folder. */
  g_assert_true (export_to (fixture, BS_DASHBOARD_EXPORT_PDF, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);

  g_assert_false (export_to (fixture, BS_DASHBOARD_EXPORT_PDF, lost, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, lost_path));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

static gboolean
tall_drawn (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_height (widget) == 20000 &&
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "drawn")) > 0;
}

static void
draw_tall (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  gdk_cairo_set_source_rgba (cr, &bottom_colour);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  g_object_set_data (G_OBJECT (area), "drawn", GUINT_TO_POINTER (1));
}

/* Taller than an image can be at twice the size, and than a PDF page may be. */
static void
test_very_tall (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *area = gtk_drawing_area_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) pdf = NULL;
  Image image = { 0 };
  const char *box;
  double page_width, page_height;
  char *end;

  gtk_widget_set_size_request (area, 300, 20000);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_tall, NULL, NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), area);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (bs_test_wait_until (tall_drawn, area, 10000));

  /* Asked for twice the size, which cairo cannot make: the size itself. */
  png = bs_dashboard_export_render (area, BS_DASHBOARD_EXPORT_PNG, "Every store", NULL, 2,
                                    &error);
  g_assert_no_error (error);
  image_decode (&image, png);
  g_assert_cmpint (image.width, ==, gtk_widget_get_width (area));
  g_assert_cmpint (image.height, >, 20000);
  g_assert_true (image_has (&image, 150, image.height - 10, &bottom_colour));
  g_free (image.pixels);

  /* One page, drawn smaller to stay within what readers open. */
  pdf = bs_dashboard_export_render (area, BS_DASHBOARD_EXPORT_PDF, "Every store", NULL, 1,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_pages (pdf), ==, 1);
  box = find_bytes (pdf, 0, "/MediaBox [ 0 0 ");
  g_assert_nonnull (box);
  /* PDF numbers always have a '.', whatever the locale says. */
  page_width = g_ascii_strtod (box + strlen ("/MediaBox [ 0 0 "), &end);
  page_height = g_ascii_strtod (end, NULL);
  g_test_message ("Page: %g × %g points", page_width, page_height);
  g_assert_cmpfloat (page_height, <=, 14400);
  g_assert_cmpfloat (page_height, >, 14000);
  g_assert_cmpfloat (page_width, <, 300 * 0.75);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_not_shown (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("Never shown"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = bs_dashboard_export_render (label, BS_DASHBOARD_EXPORT_PNG, "Nothing", NULL, 1,
                                      &error);
  g_assert_null (bytes);
  g_assert_error (error, BS_DASHBOARD_EXPORT_ERROR, BS_DASHBOARD_EXPORT_ERROR_EMPTY);
  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = bs_test_init_studio (&argc, &argv);
  int status;

  adw_init ();
  g_test_add ("/bs/dashboard-export/png", Fixture, NULL, fixture_set_up, test_png,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-export/pdf", Fixture, NULL, fixture_set_up, test_pdf,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-export/dark", Fixture, NULL, fixture_set_up, test_dark,
              fixture_tear_down);
  g_test_add ("/bs/dashboard-export/files", Fixture, NULL, fixture_set_up, test_files,
              fixture_tear_down);
  g_test_add_func ("/bs/dashboard-export/very-tall", test_very_tall);
  g_test_add_func ("/bs/dashboard-export/not-shown", test_not_shown);

  status = g_test_run ();
  bs_test_remove_tree (root);

  return status;
}
