/* The Data workbench against a real engine: the demo source and whether it answers, adding
 * a SQLite file and a Prometheus address through the Add Source window, importing a CSV
 * file with a bad line (progress bar and report), paging through a table's rows, removing
 * a source after confirming.
 */
#define G_LOG_DOMAIN "bs-test-data-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sqlite3.h>

#include "bs-add-source-dialog.h"
#include "bs-data-page.h"
#include "bs-data-source-group.h"
#include "bs-data-table-pane.h"
#include "bs-frame-view.h"
#include "bs-prometheus-fixture.h"
#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-window.h"

static BsTestStudio studio;
static char *files_dir;

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

/* With BS_TEST_SCREENSHOTS=DIR, saves what @widget (a window) shows as DIR/NAME.png, for a
 * person to look at; the tests do not read them. */
static void
maybe_screenshot_after (gpointer    widget,
                        const char *name,
                        guint       settle_ms)
{
  const char *dir = g_getenv ("BS_TEST_SCREENSHOTS");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width;
  int height;

  if (dir == NULL)
    return;

  /* Let the answers arrive and the layout settle. */
  bs_test_wait_until (never, NULL, settle_ms);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  for (guint attempt = 0; node == NULL && attempt < 10; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        bs_test_wait_until (never, NULL, 100);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
maybe_screenshot (gpointer    widget,
                  const char *name)
{
  maybe_screenshot_after (widget, name, 1500);
}

static BsDataPage *
data_page (void)
{
  return bs_test_template_child (studio.window, BS_TYPE_WINDOW, "data_page");
}

static JsonNode *
fetch (const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = bs_test_request (studio.engine->client, "GET", path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return root;
}

static guint
count_sources (void)
{
  g_autoptr(JsonNode) root = fetch ("datasources");

  return json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                              "items"));
}

/* The id of the source called @name in GET datasources, or 0. */
static gint64
find_source (const char *name)
{
  g_autoptr(JsonNode) root = fetch ("datasources");
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "name"), name) == 0)
        return json_object_get_int_member (item, "id");
    }

  return 0;
}

static gint64
demo_id (void)
{
  g_autoptr(JsonNode) root = fetch ("datasources");
  JsonArray *items = json_object_get_array_member (json_node_get_object (root), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_boolean_member_with_default (item, "is_demo", FALSE))
        return json_object_get_int_member (item, "id");
    }
  g_assert_not_reached ();
}

static gboolean
has_n_sources (gpointer user_data)
{
  return bs_data_page_get_n_sources (data_page ()) == GPOINTER_TO_INT (user_data);
}

typedef struct
{
  gint64 id;
} GroupWait;

/* The group of the source is listed, has checked its health and loaded its schema. */
static gboolean
group_settled (gpointer user_data)
{
  GroupWait *wait = user_data;
  BsDataSourceGroup *group = bs_data_page_find_group (data_page (), wait->id);

  return group != NULL &&
         bs_data_source_group_get_status (group) != BS_SOURCE_STATUS_CHECKING &&
         (bs_data_source_group_get_n_tables (group) >= 0 ||
          bs_data_source_group_get_schema_error (group) != NULL ||
          bs_data_source_group_get_status (group) == BS_SOURCE_STATUS_ERROR);
}

static BsDataSourceGroup *
wait_for_group (gint64 id)
{
  GroupWait wait = { id };

  g_assert_true (bs_test_wait_until (group_settled, &wait, BS_TEST_ENGINE_TIMEOUT_MS));
  return bs_data_page_find_group (data_page (), id);
}

static guint
schema_n_tables (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/schema", id);
  g_autoptr(JsonNode) root = fetch (path);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                              "tables"));
}

static void
test_lists_demo_with_status (void)
{
  guint n = count_sources ();
  gint64 id = demo_id ();
  BsDataSourceGroup *group;

  bs_window_set_workbench (studio.window, "data");
  g_assert_true (bs_test_wait_until (has_n_sources, GINT_TO_POINTER (n),
                                     BS_TEST_ENGINE_TIMEOUT_MS));

  group = wait_for_group (id);
  g_assert_cmpint (bs_data_source_group_get_status (group), ==, BS_SOURCE_STATUS_OK);
  g_assert_nonnull (bs_data_source_group_get_status_message (group));
  g_assert_cmpstr (bs_data_source_group_get_kind (group), ==, "sqlite");
  g_assert_cmpint (bs_data_source_group_get_n_tables (group), ==, schema_n_tables (id));
  g_assert_nonnull (bs_data_source_group_get_table (group, "sales"));
  maybe_screenshot (studio.window, "data-list");
}

/* --- the Add Source window ----------------------------------------------------------------- */

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* @user_data: a weak pointer to the dialog. */
static gboolean
closed_or_idle (gpointer user_data)
{
  gpointer dialog = *(gpointer *) user_data;

  return dialog == NULL || !bs_add_source_dialog_get_busy (dialog);
}

static void
write_sqlite_file (const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE visits (day TEXT, visitors INTEGER, spent REAL);"
                                 "INSERT INTO visits VALUES ('2026-11-01', 12, 40.5),"
                                 " ('2026-11-02', 7, 12.25), ('2026-11-03', 30, 99.0);",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);
}

static void
set_text (gpointer    dialog,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (bs_test_template_child (dialog, BS_TYPE_ADD_SOURCE_DIALOG, row), text);
}

static void
test_adds_sqlite_file (void)
{
  g_autofree char *path = g_build_filename (files_dir, "shop visits.db", NULL);
  g_autofree char *not_db = g_build_filename (files_dir, "notes.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) not_db_file = g_file_new_for_path (not_db);
  guint n = count_sources ();
  GtkWidget *dialog;
  BsDataSourceGroup *group;
  GtkEditable *name_row;
  gint64 id;

  write_sqlite_file (path);
  g_assert_true (g_file_set_contents (not_db, "these are notes, not a database\n", -1, NULL));

  bs_window_set_workbench (studio.window, "data");
  dialog = bs_data_page_add_source (data_page ());
  g_assert_true (BS_IS_ADD_SOURCE_DIALOG (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (bs_add_source_dialog_get_page (BS_ADD_SOURCE_DIALOG (dialog)), ==, "kind");
  maybe_screenshot (dialog, "add-kind");
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "sqlite");

  /* Without a file, the form says so under the file field and sends nothing. */
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_nonnull (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (bs_test_template_child (dialog,
                                                                 BS_TYPE_ADD_SOURCE_DIALOG,
                                                                 "sqlite_file_error")));

  /* The file chooser is bypassed: its response calls bs_add_source_dialog_set_file (), and
   * so does this. A file that is no database gets the engine's refusal under the field. */
  bs_add_source_dialog_set_file (BS_ADD_SOURCE_DIALOG (dialog), not_db_file);
  g_assert_null (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (bs_test_wait_until (closed_or_idle, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_nonnull (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_test_message ("a file that is no database: %s",
                  bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_cmpstr (bs_add_source_dialog_get_page (BS_ADD_SOURCE_DIALOG (dialog)), ==, "sqlite");
  maybe_screenshot (dialog, "add-sqlite-error");
  g_assert_cmpuint (count_sources (), ==, n);

  /* The name is taken from the file until the person types another. */
  bs_add_source_dialog_set_file (BS_ADD_SOURCE_DIALOG (dialog), file);
  name_row = bs_test_template_child (dialog, BS_TYPE_ADD_SOURCE_DIALOG, "sqlite_name_row");
  g_assert_cmpstr (gtk_editable_get_text (name_row), ==, "notes");
  gtk_editable_set_text (name_row, "");
  bs_add_source_dialog_set_file (BS_ADD_SOURCE_DIALOG (dialog), file);
  g_assert_cmpstr (gtk_editable_get_text (name_row), ==, "shop visits");
  set_text (dialog, "sqlite_name_row", "Shop visits");

  g_assert_true (gtk_widget_activate_action (dialog, "add.submit", NULL));
  g_assert_true (bs_test_wait_until (pointer_cleared, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));

  id = find_source ("Shop visits");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (count_sources (), ==, n + 1);
  g_assert_true (bs_test_wait_until (has_n_sources, GINT_TO_POINTER (n + 1),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  group = wait_for_group (id);
  g_assert_cmpint (bs_data_source_group_get_status (group), ==, BS_SOURCE_STATUS_OK);
  g_assert_cmpint (bs_data_source_group_get_n_tables (group), ==, 1);
  g_assert_nonnull (bs_data_source_group_get_table (group, "visits"));
}

/* --- rows ---------------------------------------------------------------------------------- */

static gboolean
rows_loaded (gpointer user_data)
{
  BsDataTablePane *pane = user_data;

  return !bs_data_table_pane_get_loading (pane);
}

static void
test_previews_rows (void)
{
  BsDataTablePane *pane = bs_data_page_get_table_pane (data_page ());
  BsFrameView *view = bs_data_table_pane_get_frame_view (pane);
  gint64 visits = find_source ("Shop visits");
  gint64 demo = demo_id ();
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autofree char *first = NULL;
  g_autofree char *expected = NULL;
  JsonArray *first_row;
  JsonObject *first_column;
  JsonObject *frame;

  g_assert_cmpint (visits, >, 0);
  wait_for_group (visits);
  wait_for_group (demo);

  /* A small table: all its rows at once, nothing more to load. */
  g_assert_true (bs_data_page_open_table (data_page (), visits, "visits"));
  g_assert_cmpstr (bs_data_table_pane_get_table (pane), ==, "visits");
  g_assert_true (bs_test_wait_until (rows_loaded, pane, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_null (bs_data_table_pane_get_error (pane));
  g_assert_cmpuint (bs_frame_view_get_n_rows (view), ==, 3);
  g_assert_cmpuint (bs_frame_view_get_n_columns (view), ==, 3);
  first = bs_frame_view_dup_cell_text (view, 0, 1);
  g_assert_cmpstr (first, ==, "12");
  g_assert_false (bs_data_table_pane_load_more (pane));

  /* The demo sales: a page at a time, the same rows the engine gives. */
  g_assert_true (bs_data_page_open_table (data_page (), demo, "sales"));
  g_assert_true (bs_test_wait_until (rows_loaded, pane, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpuint (bs_frame_view_get_n_rows (view), ==, BS_DATA_TABLE_PANE_PAGE_SIZE);
  g_assert_true (bs_data_table_pane_load_more (pane));
  g_assert_true (bs_test_wait_until (rows_loaded, pane, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpuint (bs_frame_view_get_n_rows (view), ==, 2 * BS_DATA_TABLE_PANE_PAGE_SIZE);
  maybe_screenshot (studio.window, "table-rows");

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT "/tables/sales/rows?limit=1&offset=%d",
                          demo, BS_DATA_TABLE_PANE_PAGE_SIZE);
  rows = fetch (path);
  frame = json_node_get_object (rows);
  first_row = json_array_get_array_element (json_object_get_array_member (frame, "rows"), 0);
  first_column = json_array_get_object_element (json_object_get_array_member (frame, "columns"),
                                                0);
  g_clear_pointer (&first, g_free);
  first = bs_frame_view_dup_cell_text (view, BS_DATA_TABLE_PANE_PAGE_SIZE, 0);
  expected = bs_frame_format_value (json_array_get_element (first_row, 0),
                                    json_object_get_string_member (first_column, "type"));
  g_assert_cmpstr (first, ==, expected);

  /* Summarize is built only when first shown. */
  g_assert_null (bs_data_table_pane_get_builder (pane));
}

static gboolean
builder_on_table (gpointer user_data)
{
  BsQueryBuilder *builder = user_data;

  return g_strcmp0 (bs_query_builder_get_table (builder), "sales") == 0;
}

static void
test_summarizes_table (void)
{
  BsDataTablePane *pane = bs_data_page_get_table_pane (data_page ());
  GtkStack *views = bs_test_template_child (pane, BS_TYPE_DATA_TABLE_PANE, "view_stack");
  gint64 demo = demo_id ();
  BsQueryBuilder *builder;

  bs_window_set_workbench (studio.window, "data");
  g_assert_true (bs_test_wait_until (has_n_sources, GINT_TO_POINTER (count_sources ()),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  wait_for_group (demo);
  g_assert_true (bs_data_page_open_table (data_page (), demo, "sales"));
  gtk_stack_set_visible_child_name (views, "summarize");
  builder = bs_data_table_pane_get_builder (pane);
  g_assert_nonnull (builder);
  g_assert_nonnull (bs_data_table_pane_get_preview (pane));
  g_assert_true (bs_test_wait_until (builder_on_table, builder, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpint (bs_query_builder_get_source_id (builder), ==, demo);
  maybe_screenshot (studio.window, "table-summarize");

  /* Another table of the same source: the builder follows. */
  g_assert_true (bs_data_page_open_table (data_page (), demo, "orders"));
  g_assert_true (bs_data_table_pane_get_builder (pane) == builder);
  gtk_stack_set_visible_child_name (views, "rows");
}

/* --- CSV ----------------------------------------------------------------------------------- */

static void
fraction_changed_cb (GtkProgressBar *bar,
                     GParamSpec     *pspec,
                     GArray         *fractions)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  g_array_append_val (fractions, fraction);
}

static gboolean
import_ended (gpointer user_data)
{
  BsAddSourceDialog *dialog = user_data;
  const char *page = bs_add_source_dialog_get_page (dialog);

  /* The import ended: in its report, or back on the form with an error. */
  return !bs_add_source_dialog_get_busy (dialog) && g_strcmp0 (page, "import") != 0;
}

static char *
write_csv (const char *name,
           guint       n_rows)
{
  g_autoptr(GString) text = g_string_new ("order_id,product,amount\n");
  char *path = g_build_filename (files_dir, name, NULL);

  for (guint i = 1; i <= n_rows; i++)
    {
      /* Line 5 (the header is line 1) has a value missing. */
      if (i == 4)
        g_string_append (text, "4,pear\n");
      else
        g_string_append_printf (text, "%u,product %u,%u.%02u\n", i, i % 17, i % 300, i % 100);
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  return path;
}

static void
test_imports_csv_with_bad_line (void)
{
  g_autofree char *path = write_csv ("autumn orders.csv", 60000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = count_sources ();
  GtkWidget *dialog = bs_data_page_add_source (data_page ());
  GtkProgressBar *bar = bs_test_template_child (dialog, BS_TYPE_ADD_SOURCE_DIALOG,
                                                "progress_bar");
  GtkListBox *rejected = bs_test_template_child (dialog, BS_TYPE_ADD_SOURCE_DIALOG,
                                                 "rejected_list");
  GtkWidget *row;
  JsonObject *import;
  JsonObject *source;
  gint64 id;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_changed_cb), fractions);
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "csv");
  /* As the file chooser's response would. */
  bs_add_source_dialog_set_file (BS_ADD_SOURCE_DIALOG (dialog), file);
  set_text (dialog, "csv_name_row", "Autumn orders");
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));

  g_assert_true (bs_test_wait_until (import_ended, dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_null (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_cmpstr (bs_add_source_dialog_get_page (BS_ADD_SOURCE_DIALOG (dialog)), ==, "report");

  /* The bar went forward only, and ended full. */
  g_assert_cmpuint (fractions->len, >, 0);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=,
                       g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 1.0);
  g_test_message ("the progress bar showed %u fractions", fractions->len);

  import = bs_add_source_dialog_get_import (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (import, "rows_imported"), ==, 59999);
  g_assert_cmpint (json_object_get_int_member (import, "rows_rejected"), ==, 1);

  /* The report names the line left out and why. */
  row = gtk_widget_get_first_child (GTK_WIDGET (rejected));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Line 5");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  g_test_message ("line 5 was left out: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_null (gtk_widget_get_next_sibling (row));
  maybe_screenshot (dialog, "csv-report");

  source = json_object_get_object_member (import, "source");
  id = json_object_get_int_member (source, "id");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "csv");

  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_null (dialog);
  g_assert_true (bs_test_wait_until (has_n_sources, GINT_TO_POINTER (n + 1),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpint (bs_data_source_group_get_n_tables (wait_for_group (id)), ==, 1);
}

static gboolean
importing (gpointer user_data)
{
  return g_strcmp0 (bs_add_source_dialog_get_page (user_data), "import") == 0;
}

static void
test_cancels_import (void)
{
  g_autofree char *path = write_csv ("big orders.csv", 2000000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n = count_sources ();
  GtkWidget *dialog = bs_data_page_add_source (data_page ());
  JsonObject *import;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "csv");
  bs_add_source_dialog_set_file (BS_ADD_SOURCE_DIALOG (dialog), file);
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (bs_test_wait_until (importing, dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  /* Quickly: the import must still be running when it is cancelled. */
  maybe_screenshot_after (dialog, "csv-progress", 300);

  g_assert_true (gtk_widget_activate_action (dialog, "add.cancel-import", NULL));
  g_assert_true (bs_test_wait_until (import_ended, dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  import = bs_add_source_dialog_get_import (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_cmpstr (json_object_get_string_member (import, "state"), ==, "cancelled");
  g_assert_cmpstr (bs_add_source_dialog_get_page (BS_ADD_SOURCE_DIALOG (dialog)), ==, "csv");
  g_assert_nonnull (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_cmpuint (count_sources (), ==, n);

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (dialog);
}

/* --- Prometheus, with nothing answering ---------------------------------------------------- */

static void
test_adds_prometheus_that_does_not_answer (void)
{
  g_autofree char *url = bs_test_closed_url ();
  guint n = count_sources ();
  GtkWidget *dialog = bs_data_page_add_source (data_page ());
  BsDataSourceGroup *group;
  gint64 id;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "prometheus");

  set_text (dialog, "prometheus_url_row", "localhost:9090");
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_nonnull (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (bs_test_template_child (dialog,
                                                                 BS_TYPE_ADD_SOURCE_DIALOG,
                                                                 "prometheus_url_error")));
  g_assert_cmpuint (count_sources (), ==, n);

  /* Added, then checked: nothing listens there, and the window says so under the URL. */
  set_text (dialog, "prometheus_url_row", url);
  set_text (dialog, "prometheus_name_row", "Nowhere");
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (bs_test_wait_until (closed_or_idle, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_nonnull (dialog);
  g_assert_nonnull (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_test_message ("%s", bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (bs_test_template_child (dialog,
                                                                 BS_TYPE_ADD_SOURCE_DIALOG,
                                                                 "prometheus_url_error")));
  id = find_source ("Nowhere");
  g_assert_cmpint (id, >, 0);
  maybe_screenshot (dialog, "prometheus-error");

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (dialog);
  g_assert_true (bs_test_wait_until (has_n_sources, GINT_TO_POINTER (n + 1),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  group = wait_for_group (id);
  g_assert_cmpint (bs_data_source_group_get_status (group), ==, BS_SOURCE_STATUS_ERROR);
  g_assert_nonnull (bs_data_source_group_get_status_message (group));
  g_assert_true (bs_data_source_group_has_metrics (group));
  maybe_screenshot (studio.window, "data-list-sources");
}

/* --- Grafana, through the test double ----------------------------------------------------- */

static GSubprocess *
start_grafana_double (const char  *prometheus_url,
                      char       **url)
{
  const char *script = BS_GRAFANA_DOUBLE;
  g_autofree char *state = g_build_filename (files_dir, "grafana-state.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port = NULL;
  GSubprocess *process;
  g_autofree char *json = g_strdup_printf (
    "{\"tokens\": [{\"token\": \"glsa_studio_test\", \"role\": \"Admin\"}],"
    " \"datasources\": ["
    "  {\"uid\": \"prom-main\", \"name\": \"Shop metrics\", \"type\": \"prometheus\","
    "   \"url\": \"%s\"},"
    "  {\"uid\": \"logs\", \"name\": \"Shop logs\", \"type\": \"loki\"}]}",
    prometheus_url);

  g_assert_true (g_file_set_contents (state, json, -1, NULL));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3",
                              script, "--state", state, "--port", "0", NULL);
  g_assert_no_error (error);
  bs_test_kill_on_abort (bs_test_subprocess_pid (process));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  port = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  *url = g_strdup_printf ("http://127.0.0.1:%s", g_strstrip (port));

  return process;
}

static guint
count_rows (GtkListBox *list,
            gboolean    sensitive)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_sensitive (row) == sensitive)
      n++;

  return n;
}

static void
test_adds_grafana_source (void)
{
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) grafana = NULL;
  BsPrometheusFixture *prometheus;
  guint n = count_sources ();
  GtkWidget *dialog;
  GtkListBox *list;
  g_autoptr(JsonNode) item = NULL;
  g_autofree char *path = NULL;
  BsDataSourceGroup *group;
  JsonObject *source;
  gint64 id;

  /* Behind the double, a real Prometheus, so that the metrics come through the proxy. */
  prometheus = bs_prometheus_fixture_get_shared ();
  if (prometheus == NULL)
    return;
  grafana = start_grafana_double (bs_prometheus_fixture_get_url (prometheus), &url);
  dialog = bs_data_page_add_source (data_page ());
  list = bs_test_template_child (dialog, BS_TYPE_ADD_SOURCE_DIALOG, "grafana_list");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "grafana");

  /* No token: said under the token field, nothing sent. */
  set_text (dialog, "grafana_url_row", url);
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (bs_test_template_child (dialog,
                                                                 BS_TYPE_ADD_SOURCE_DIALOG,
                                                                 "grafana_token_error")));

  /* A token Grafana does not know: its refusal is shown, and nothing is listed. */
  set_text (dialog, "grafana_token_row", "glsa_wrong");
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (bs_test_wait_until (closed_or_idle, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_nonnull (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_test_message ("a wrong token: %s",
                  bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list)));

  /* The right one lists the instance's data sources; only Prometheus can be picked. */
  set_text (dialog, "grafana_token_row", "glsa_studio_test");
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (bs_test_wait_until (closed_or_idle, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_null (bs_add_source_dialog_get_error (BS_ADD_SOURCE_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  g_assert_cmpuint (count_rows (list, TRUE), ==, 1);
  g_assert_cmpuint (count_rows (list, FALSE), ==, 1);
  maybe_screenshot (dialog, "grafana-pick");

  /* Added with the picked data source's name, then checked. */
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  g_assert_true (bs_test_wait_until (closed_or_idle, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));
  id = find_source ("Shop metrics");
  g_assert_cmpint (id, >, 0);
  g_assert_null (dialog);

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  item = fetch (path);
  source = json_node_get_object (item);
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "grafana");
  g_assert_cmpstr (json_object_get_string_member (source, "datasource_uid"), ==, "prom-main");
  g_assert_true (json_object_get_boolean_member (source, "has_token"));

  g_assert_true (bs_test_wait_until (has_n_sources, GINT_TO_POINTER (n + 1),
                                     BS_TEST_ENGINE_TIMEOUT_MS));
  group = wait_for_group (id);
  g_assert_true (bs_data_source_group_has_metrics (group));
  g_assert_cmpint (bs_data_source_group_get_status (group), ==, BS_SOURCE_STATUS_OK);
  g_assert_null (bs_data_source_group_get_schema_error (group));
  g_assert_nonnull (bs_data_source_group_get_table (group, "shop_units_sold_total"));

  bs_test_stop_subprocess (grafana);
  bs_test_forget_pid (bs_test_subprocess_pid (grafana));
}

/* --- removing ------------------------------------------------------------------------------ */

static gboolean
group_gone (gpointer user_data)
{
  return bs_data_page_find_group (data_page (), *(gint64 *) user_data) == NULL;
}

static GMenuModel *
menu_of (gint64 id)
{
  BsDataSourceGroup *group = bs_data_page_find_group (data_page (), id);
  GtkMenuButton *button;

  g_assert_nonnull (group);
  button = bs_test_template_child (group, BS_TYPE_DATA_SOURCE_GROUP, "menu_button");
  return gtk_menu_button_get_menu_model (button);
}

static void
test_removes_source (void)
{
  gint64 id = find_source ("Shop visits");
  guint n = count_sources ();
  GtkWidget *dialog;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *db_path = g_build_filename (files_dir, "shop visits.db", NULL);

  g_assert_cmpint (id, >, 0);
  g_assert_true (bs_data_page_open_table (data_page (), id, "visits"));

  /* Cancelling keeps it. */
  dialog = bs_data_page_remove_source (data_page (), id);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpuint (count_sources (), ==, n);

  dialog = bs_data_page_remove_source (data_page (), id);
  maybe_screenshot (dialog, "remove-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  g_assert_true (bs_test_wait_until (group_gone, &id, BS_TEST_ENGINE_TIMEOUT_MS));
  g_assert_cmpint (bs_data_page_get_n_sources (data_page ()), ==, n - 1);
  /* The table on show went with it. */
  g_assert_null (bs_data_table_pane_get_table (bs_data_page_get_table_pane (data_page ())));

  path = g_strdup_printf ("datasources/%" G_GINT64_FORMAT, id);
  root = bs_test_request (studio.engine->client, "GET", path, NULL, &error);
  g_assert_error (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_NOT_FOUND);
  /* The file itself is untouched. */
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  /* The demo shop offers no Remove: it feeds Home. */
  g_assert_cmpint (g_menu_model_get_n_items (menu_of (demo_id ())), ==, 1);
  g_assert_cmpint (g_menu_model_get_n_items (menu_of (find_source ("Nowhere"))), ==, 2);
}

/* --- Prometheus, the real one --------------------------------------------------------------- */

static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
} RowWait;

static gboolean
row_shown (gpointer user_data)
{
  RowWait *wait = user_data;

  return find_row (wait->root, ADW_TYPE_ACTION_ROW, wait->title) != NULL;
}

static gboolean
metric_listed_alone (gpointer user_data)
{
  GtkWidget *group = user_data;

  return find_row (group, ADW_TYPE_EXPANDER_ROW, "shop_inventory_units") != NULL &&
         find_row (group, ADW_TYPE_EXPANDER_ROW, "shop_units_sold_total") == NULL;
}

static void
test_browses_prometheus_metrics (void)
{
  BsPrometheusFixture *prometheus = bs_prometheus_fixture_get_shared ();
  BsDataTablePane *pane = bs_data_page_get_table_pane (data_page ());
  GtkWidget *dialog;
  GtkWidget *metric;
  BsDataSourceGroup *group;
  RowWait wait;
  gint64 id;

  if (prometheus == NULL)
    return;

  bs_window_set_workbench (studio.window, "data");
  dialog = bs_data_page_add_source (data_page ());
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bs_add_source_dialog_choose_kind (BS_ADD_SOURCE_DIALOG (dialog), "prometheus");
  set_text (dialog, "prometheus_url_row", bs_prometheus_fixture_get_url (prometheus));
  bs_add_source_dialog_submit (BS_ADD_SOURCE_DIALOG (dialog));
  /* It answers, so the window closes by itself. */
  g_assert_true (bs_test_wait_until (pointer_cleared, &dialog, BS_TEST_ENGINE_TIMEOUT_MS));

  id = find_source ("Prometheus on 127.0.0.1");
  g_assert_cmpint (id, >, 0);
  group = wait_for_group (id);
  g_assert_cmpint (bs_data_source_group_get_status (group), ==, BS_SOURCE_STATUS_OK);
  g_assert_cmpint (bs_data_source_group_get_n_tables (group), >, 0);
  g_assert_nonnull (bs_data_source_group_get_table (group, "shop_inventory_units"));

  /* Found by a part of its name among Prometheus's own metrics; its labels are read when
   * it is expanded. */
  gtk_editable_set_text (bs_test_template_child (group, BS_TYPE_DATA_SOURCE_GROUP,
                                                 "search_entry"), "inventory");
  g_assert_true (bs_test_wait_until (metric_listed_alone, group, BS_TEST_ENGINE_TIMEOUT_MS));
  metric = find_row (GTK_WIDGET (group), ADW_TYPE_EXPANDER_ROW, "shop_inventory_units");
  g_assert_nonnull (metric);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (metric), TRUE);
  wait.root = metric;
  wait.title = "region";
  g_assert_true (bs_test_wait_until (row_shown, &wait, BS_TEST_ENGINE_TIMEOUT_MS));
  wait.title = "product";
  g_assert_true (row_shown (&wait));
  maybe_screenshot (studio.window, "prometheus-metrics");

  /* A metric has no rows to page through: it opens on Summarize. */
  g_assert_true (bs_data_page_open_table (data_page (), id, "shop_inventory_units"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (bs_test_template_child (pane,
                                                                            BS_TYPE_DATA_TABLE_PANE,
                                                                            "view_stack")),
                   ==, "summarize");
  g_assert_false (gtk_widget_get_visible (bs_test_template_child (pane, BS_TYPE_DATA_TABLE_PANE,
                                                                  "view_switcher")));
  g_assert_nonnull (bs_data_table_pane_get_builder (pane));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bs_test_studio_start (&studio, &argc, &argv, TRUE);
  files_dir = g_build_filename (studio.root, "files", NULL);
  g_assert_cmpint (g_mkdir_with_parents (files_dir, 0700), ==, 0);
  g_assert_true (bs_test_wait_connected (studio.window));
  if (g_getenv ("BS_TEST_WINDOW_SIZE") != NULL)
    {
      int width = 0;
      int height = 0;

      g_assert_cmpint (sscanf (g_getenv ("BS_TEST_WINDOW_SIZE"), "%dx%d", &width, &height), ==, 2);
      gtk_window_set_default_size (GTK_WINDOW (studio.window), width, height);
    }

  g_test_add_func ("/bs/data-page/lists-demo-with-status", test_lists_demo_with_status);
  g_test_add_func ("/bs/data-page/adds-sqlite-file", test_adds_sqlite_file);
  g_test_add_func ("/bs/data-page/previews-rows", test_previews_rows);
  g_test_add_func ("/bs/data-page/imports-csv-with-bad-line", test_imports_csv_with_bad_line);
  g_test_add_func ("/bs/data-page/cancels-import", test_cancels_import);
  g_test_add_func ("/bs/data-page/adds-prometheus-that-does-not-answer",
                   test_adds_prometheus_that_does_not_answer);
  g_test_add_func ("/bs/data-page/adds-grafana-source", test_adds_grafana_source);
  g_test_add_func ("/bs/data-page/removes-source", test_removes_source);
  g_test_add_func ("/bs/data-page/summarizes-table", test_summarizes_table);
  g_test_add_func ("/bs/data-page/browses-prometheus-metrics", test_browses_prometheus_metrics);

  status = g_test_run ();

  bs_prometheus_fixture_free_shared ();
  g_free (files_dir);
  bs_test_studio_stop (&studio);

  return status;
}
