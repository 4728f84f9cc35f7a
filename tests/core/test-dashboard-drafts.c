/* Drafts of dashboards on a real folder: saved, listed newest first, replaced, discarded;
 * broken files skipped with a warning and kept; folders that cannot hold drafts give errors
 * that say so; cancelled calls write nothing. */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bs-dashboard-drafts.h"
#include "bs-test-util.h"

/* The drafts' warnings, kept instead of printed (g_test_expect_message () does not see
 * structured messages, which the core library writes). */
static GPtrArray *warnings;

static GLogWriterOutput
capture_warnings (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "bs-dashboard-drafts") == 0)
    {
      g_test_message ("Warned: %s", message);
      g_ptr_array_add (warnings, g_strdup (message));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct
{
  char              *root;
  char              *path;    /* root/nested/drafts: two levels that do not exist yet */
  BsDashboardDrafts *drafts;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;

  fixture->root = bs_test_make_tmp_dir ();
  fixture->path = g_build_filename (fixture->root, "nested", "drafts", NULL);
  folder = g_file_new_for_path (fixture->path);
  fixture->drafts = bs_dashboard_drafts_new (folder);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->drafts);
  /* A test may leave the folder read-only. */
  g_chmod (fixture->path, 0700);
  bs_test_remove_tree (fixture->root);
  g_free (fixture->root);
  g_free (fixture->path);
}

static BsDashboard *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "grafana-dashboards",
                                                 name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  BsDashboard *dashboard;

  json_parser_load_from_mapped_file (parser, path, &error);
  g_assert_no_error (error);
  dashboard = bs_dashboard_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_nonnull (dashboard->uid);
  return dashboard;
}

static BsDashboard *
small_dashboard (const char *uid,
                 const char *title)
{
  BsDashboard *dashboard = bs_dashboard_new (title);

  dashboard->uid = g_strdup (uid);
  return dashboard;
}

static gboolean
save (Fixture            *fixture,
      const BsDashboard  *dashboard,
      gint64              base_version,
      GCancellable       *cancellable,
      GError            **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  bs_dashboard_drafts_save_async (fixture->drafts, dashboard, base_version, cancellable,
                                  bs_test_store_result, &result);
  done = bs_test_wait_result (&result);
  return bs_dashboard_drafts_save_finish (fixture->drafts, done, error);
}

static GPtrArray *
list (Fixture       *fixture,
      GCancellable  *cancellable,
      GError       **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  bs_dashboard_drafts_list_async (fixture->drafts, cancellable, bs_test_store_result, &result);
  done = bs_test_wait_result (&result);
  return bs_dashboard_drafts_list_finish (fixture->drafts, done, error);
}

static gboolean
discard (Fixture       *fixture,
         const char    *uid,
         GCancellable  *cancellable,
         GError       **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  bs_dashboard_drafts_discard_async (fixture->drafts, uid, cancellable, bs_test_store_result,
                                     &result);
  done = bs_test_wait_result (&result);
  return bs_dashboard_drafts_discard_finish (fixture->drafts, done, error);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpuint (info.st_mode & 0777, ==, mode);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_save_list_discard (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BsDashboard) real = load_fixture ("dotdc/k8s-system-coredns.json");
  g_autoptr(BsDashboard) odd = small_dashboard ("../escape/me", "Odd uid");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = g_build_filename (fixture->root, "nested", "escape", NULL);
  g_autofree char *real_file = NULL;
  BsDashboardDraft *draft;

  /* No folder yet: no drafts, not an error. */
  drafts = list (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_true (save (fixture, real, 3, NULL, &error));
  g_assert_no_error (error);
  assert_mode (fixture->path, 0700);
  real_file = g_strdup_printf ("%s/%s.json", fixture->path, real->uid);
  assert_mode (real_file, 0600);

  g_assert_true (save (fixture, odd, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->path), ==, 2);

  drafts = list (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (draft->uid, ==, "../escape/me");
  g_assert_cmpint (draft->base_version, ==, 0);
  g_assert_true (bs_dashboard_equal (draft->dashboard, odd));
  draft = g_ptr_array_index (drafts, 1);
  g_assert_cmpstr (draft->uid, ==, real->uid);
  g_assert_cmpint (draft->base_version, ==, 3);
  g_assert_true (bs_dashboard_equal (draft->dashboard, real));
  g_assert_nonnull (draft->saved_at);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* Saved again with a change: replaced, and now the newest. */
  g_free (real->title);
  real->title = g_strdup ("CoreDNS, edited on a train");
  g_assert_true (save (fixture, real, 4, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (fixture->path), ==, 2);
  drafts = list (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (draft->dashboard->title, ==, "CoreDNS, edited on a train");
  g_assert_cmpint (draft->base_version, ==, 4);
  g_assert_true (bs_dashboard_equal (draft->dashboard, real));
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* Discarded; a second discard of the same uid is no error. */
  g_assert_true (discard (fixture, real->uid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (discard (fixture, real->uid, NULL, &error));
  g_assert_no_error (error);
  drafts = list (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((BsDashboardDraft *) g_ptr_array_index (drafts, 0))->uid, ==,
                   "../escape/me");
}

/* Autosaves of one dashboard overlapping: each succeeds, and one whole draft is left. */
static void
test_overlapping_saves (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BsDashboard) first = small_dashboard ("kpis", "Executive KPIs");
  g_autoptr(BsDashboard) second = small_dashboard ("kpis", "Executive KPIs, renamed");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[2] = { NULL, NULL };
  const char *title;

  bs_dashboard_drafts_save_async (fixture->drafts, first, 1, NULL, bs_test_store_result,
                                  &results[0]);
  bs_dashboard_drafts_save_async (fixture->drafts, second, 1, NULL, bs_test_store_result,
                                  &results[1]);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) done = bs_test_wait_result (&results[i]);

      g_assert_true (bs_dashboard_drafts_save_finish (fixture->drafts, done, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (count_files (fixture->path), ==, 1);
  drafts = list (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  title = ((BsDashboardDraft *) g_ptr_array_index (drafts, 0))->dashboard->title;
  g_assert_true (g_str_equal (title, first->title) || g_str_equal (title, second->title));
}

static void
test_broken_file_skipped (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BsDashboard) real = load_fixture ("rfmoz/apache-full.json");
  g_autoptr(BsDashboard) other = small_dashboard ("other", "Other");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *real_file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *broken_file = g_build_filename (fixture->path, "broken.json", NULL);
  g_autofree char *no_dashboard = g_build_filename (fixture->path, "no-dashboard.json", NULL);
  g_autofree char *notes = g_build_filename (fixture->path, "notes.txt", NULL);
  gsize length;

  g_assert_true (save (fixture, real, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save (fixture, other, 1, NULL, &error));
  g_assert_no_error (error);

  /* What a crash in the middle of writing leaves: the first half of a draft. */
  real_file = g_strdup_printf ("%s/%s.json", fixture->path, real->uid);
  g_assert_true (g_file_get_contents (real_file, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (broken_file, contents, length / 2, NULL));
  g_assert_true (g_file_set_contents (no_dashboard,
                                      "{\"uid\": \"x\", \"saved_at\": \"2026-11-24T10:00:00Z\"}",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (notes, "not a draft", -1, NULL));

  g_ptr_array_set_size (warnings, 0);
  drafts = list (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_true (g_pattern_match_simple ("Skipped the draft “*/broken.json”*Parse error*",
                                         g_ptr_array_index (warnings, 0)));
  g_assert_true (g_pattern_match_simple ("Skipped the draft “*/no-dashboard.json”*"
                                         "has no dashboard",
                                         g_ptr_array_index (warnings, 1)));
  g_assert_cmpuint (drafts->len, ==, 2);

  /* Kept for a person to rescue by hand. */
  g_assert_true (g_file_test (broken_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (no_dashboard, G_FILE_TEST_IS_REGULAR));
}

static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BsDashboard) dashboard = small_dashboard ("sales", "Sales by region");
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->path, "sales.json", NULL);

  if (geteuid () == 0)
    {
      g_test_skip ("Root writes into read-only folders: run as another user");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);
  g_assert_cmpint (g_chmod (fixture->path, 0500), ==, 0);
  g_assert_false (save (fixture, dashboard, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“Sales by region”"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

/* Works as root too: a file where the folder should be. */
static void
test_folder_is_a_file (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BsDashboard) dashboard = small_dashboard ("sales", "Sales by region");
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nested = g_build_filename (fixture->root, "nested", NULL);

  g_assert_cmpint (g_mkdir (nested, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, "in the way", -1, NULL));

  g_assert_false (save (fixture, dashboard, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“Sales by region”"));
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);

  drafts = list (fixture, NULL, &error);
  g_assert_null (drafts);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_true (g_str_has_prefix (error->message, "The drafts could not be listed"));
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BsDashboard) dashboard = small_dashboard ("sales", "Sales by region");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->path, "sales.json", NULL);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;

  /* Cancelled while on its way: nothing written. */
  bs_dashboard_drafts_save_async (fixture->drafts, dashboard, 0, cancellable,
                                  bs_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  done = bs_test_wait_result (&result);
  g_assert_false (bs_dashboard_drafts_save_finish (fixture->drafts, done, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  g_assert_true (save (fixture, dashboard, 0, NULL, &error));
  g_assert_no_error (error);

  drafts = list (fixture, cancellable, &error);
  g_assert_null (drafts);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_false (discard (fixture, "sales", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  g_cancellable_reset (cancellable);
  drafts = list (fixture, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
}

static char *data_home;

/* The Studio's folder: $XDG_DATA_HOME/business-studio/drafts, made on the first save. */
static void
test_default_folder (void)
{
  g_autoptr(BsDashboardDrafts) drafts = bs_dashboard_drafts_new_default ();
  g_autoptr(BsDashboard) dashboard = small_dashboard ("kpis", "Executive KPIs");
  g_autofree char *file = g_build_filename (data_home, "business-studio", "drafts",
                                            "kpis.json", NULL);
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;

  bs_dashboard_drafts_save_async (drafts, dashboard, 0, NULL, bs_test_store_result, &result);
  done = bs_test_wait_result (&result);
  g_assert_true (bs_dashboard_drafts_save_finish (drafts, done, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything asks GLib for it: it keeps the first answer. */
  data_home = bs_test_make_tmp_dir ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  warnings = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_warnings, NULL, NULL);

  g_test_add ("/bs/dashboard-drafts/save-list-discard", Fixture, NULL, fixture_set_up,
              test_save_list_discard, fixture_tear_down);
  g_test_add ("/bs/dashboard-drafts/overlapping-saves", Fixture, NULL, fixture_set_up,
              test_overlapping_saves, fixture_tear_down);
  g_test_add ("/bs/dashboard-drafts/broken-file-skipped", Fixture, NULL, fixture_set_up,
              test_broken_file_skipped, fixture_tear_down);
  g_test_add ("/bs/dashboard-drafts/read-only-folder", Fixture, NULL, fixture_set_up,
              test_read_only_folder, fixture_tear_down);
  g_test_add ("/bs/dashboard-drafts/folder-is-a-file", Fixture, NULL, fixture_set_up,
              test_folder_is_a_file, fixture_tear_down);
  g_test_add ("/bs/dashboard-drafts/cancelled", Fixture, NULL, fixture_set_up,
              test_cancelled, fixture_tear_down);
  g_test_add_func ("/bs/dashboard-drafts/default-folder", test_default_folder);

  status = g_test_run ();
  bs_test_remove_tree (data_home);
  g_free (data_home);
  g_ptr_array_unref (warnings);

  return status;
}
