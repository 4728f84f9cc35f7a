#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-data-source.h"
#include "bs-test-util.h"

static void
test_add_and_lookup (BsTestStoreFixture *fixture,
                     gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDataSource) added = NULL;
  g_autoptr(BsDataSource) found = NULL;
  g_autoptr(BsDataSource) copy = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  added = bs_data_source_add (fixture->store, "Demo retail", "sqlite", "/data/demo.db", TRUE,
                              &error);
  g_assert_no_error (error);
  g_assert_cmpint (added->id, >, 0);
  g_assert_cmpstr (added->name, ==, "Demo retail");
  g_assert_cmpstr (added->kind, ==, "sqlite");
  g_assert_cmpstr (added->location, ==, "/data/demo.db");
  g_assert_true (added->is_demo);
  g_assert_nonnull (added->created_at);
  g_assert_cmpint (g_date_time_difference (now, added->created_at), <, 60 * G_TIME_SPAN_SECOND);

  found = bs_data_source_lookup (fixture->store, added->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, added->name);
  g_assert_true (g_date_time_equal (found->created_at, added->created_at));

  copy = bs_data_source_copy (found);
  g_assert_cmpint (copy->id, ==, found->id);
  g_assert_cmpstr (copy->location, ==, found->location);
  g_assert_true (copy->name != found->name);
}

static void
test_list (BsTestStoreFixture *fixture,
           gconstpointer       data)
{
  const char *names[] = { "Warehouse", "Prometheus", "Exports" };
  const char *kinds[] = { "sqlite", "prometheus", "csv" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  sources = bs_data_source_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 0);
  g_clear_pointer (&sources, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(BsDataSource) source = bs_data_source_add (fixture->store, names[i], kinds[i],
                                                           "somewhere", FALSE, &error);
      g_assert_no_error (error);
    }

  sources = bs_data_source_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 3);
  for (guint i = 0; i < sources->len; i++)
    {
      BsDataSource *source = g_ptr_array_index (sources, i);

      g_assert_cmpstr (source->name, ==, names[i]);
      g_assert_cmpstr (source->kind, ==, kinds[i]);
      g_assert_false (source->is_demo);
      if (i > 0)
        g_assert_cmpint (source->id, >,
                         ((BsDataSource *)g_ptr_array_index (sources, i - 1))->id);
    }
}

static void
test_refused (BsTestStoreFixture *fixture,
              gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDataSource) first = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  first = bs_data_source_add (fixture->store, "Sales", "csv", "/data/sales.csv", FALSE, &error);
  g_assert_no_error (error);

  g_assert_null (bs_data_source_add (fixture->store, "Sales", "sqlite", "/x.db", FALSE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "Sales"));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  g_assert_null (bs_data_source_add (fixture->store, "Ledger", "oracle", "db://", FALSE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "oracle"));
  g_clear_error (&error);

  g_assert_null (bs_data_source_add (fixture->store, "", "csv", "/x.csv", FALSE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  sources = bs_data_source_list (fixture->store, &error);
  g_assert_cmpuint (sources->len, ==, 1);

  g_assert_true (bs_data_source_kind_is_valid ("grafana"));
  g_assert_false (bs_data_source_kind_is_valid ("Grafana"));
  g_assert_false (bs_data_source_kind_is_valid (NULL));
}

static void
test_lookup_missing (BsTestStoreFixture *fixture,
                     gconstpointer       data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (bs_data_source_lookup (fixture->store, 4711, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "4711"));
}

static void
test_find_demo (BsTestStoreFixture *fixture,
                gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsDataSource) none = NULL;
  g_autoptr(BsDataSource) other = NULL;
  g_autoptr(BsDataSource) demo = NULL;
  g_autoptr(BsDataSource) found = NULL;

  none = bs_data_source_find_demo (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  other = bs_data_source_add (fixture->store, "Metrics", "prometheus",
                              "http://127.0.0.1:9090/", FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (bs_data_source_find_demo (fixture->store, &error));
  g_assert_no_error (error);

  demo = bs_data_source_add (fixture->store, "Demo retail", "sqlite", "/d/demo.db", TRUE,
                             &error);
  found = bs_data_source_find_demo (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, demo->id);
  g_assert_cmpstr (found->location, ==, "/d/demo.db");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) BS_TEST_ADD_STORE_TEST ("/bs/data-source/" path, func)
  ADD ("add-and-lookup", test_add_and_lookup);
  ADD ("list", test_list);
  ADD ("refused", test_refused);
  ADD ("lookup-missing", test_lookup_missing);
  ADD ("find-demo", test_find_demo);
#undef ADD

  return g_test_run ();
}
