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

static JsonObject *
parse_settings (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_settings_round_trip (BsTestStoreFixture *fixture,
                          gconstpointer       data)
{
  const struct
  {
    const char *name;
    const char *kind;
    const char *settings;
    const char *location;
  } cases[] = {
    { "Warehouse", "sqlite", "{\"path\":\"/data/warehouse.db\"}", "/data/warehouse.db" },
    { "Orders", "csv",
      "{\"database\":\"/d/imports.db\",\"table\":\"orders\",\"file\":\"/x/orders.csv\"}",
      "/d/imports.db" },
    { "Metrics", "prometheus", "{\"url\":\"http://127.0.0.1:9090/\"}", "http://127.0.0.1:9090/" },
    { "Ops Grafana", "grafana",
      "{\"url\":\"https://g.example/\",\"datasource_uid\":\"P1\","
      "\"datasource_type\":\"prometheus\"}",
      "https://g.example/" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) settings = parse_settings (cases[i].settings);
      g_autoptr(BsDataSource) added = NULL;
      g_autoptr(BsDataSource) found = NULL;
      g_autoptr(BsDataSource) copy = NULL;
      g_autoptr(JsonNode) expected = json_from_string (cases[i].settings, NULL);
      g_autoptr(JsonNode) actual = NULL;

      added = bs_data_source_add_with_settings (fixture->store, cases[i].name, cases[i].kind,
                                                settings, FALSE, &error);
      g_assert_no_error (error);
      found = bs_data_source_lookup (fixture->store, added->id, &error);
      g_assert_no_error (error);
      copy = bs_data_source_copy (found);
      actual = json_node_init_object (json_node_alloc (), copy->settings);
      g_assert_true (json_node_equal (expected, actual));
      g_assert_cmpstr (found->location, ==, cases[i].location);
    }

  {
    g_autoptr(GPtrArray) sources = bs_data_source_list (fixture->store, &error);
    BsDataSource *csv = g_ptr_array_index (sources, 1);
    BsDataSource *grafana = g_ptr_array_index (sources, 3);

    g_assert_cmpstr (bs_data_source_get_database (csv), ==, "/d/imports.db");
    g_assert_cmpstr (bs_data_source_get_table (csv), ==, "orders");
    g_assert_cmpstr (bs_data_source_get_file (csv), ==, "/x/orders.csv");
    g_assert_cmpstr (bs_data_source_get_sqlite_file (csv), ==, "/d/imports.db");
    g_assert_null (bs_data_source_get_path (csv));
    g_assert_cmpstr (bs_data_source_get_url (grafana), ==, "https://g.example/");
    g_assert_cmpstr (bs_data_source_get_datasource_uid (grafana), ==, "P1");
    g_assert_cmpstr (bs_data_source_get_datasource_type (grafana), ==, "prometheus");
    g_assert_null (bs_data_source_get_sqlite_file (grafana));
  }
}

static void
assert_settings_refused (BsTestStoreFixture *fixture,
                         const char         *kind,
                         const char         *settings_text,
                         const char         *field)
{
  g_autoptr(JsonObject) settings = parse_settings (settings_text);
  g_autoptr(GError) error = NULL;

  g_assert_null (bs_data_source_add_with_settings (fixture->store, "Refused", kind, settings,
                                                   FALSE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_settings_refused (BsTestStoreFixture *fixture,
                       gconstpointer       data)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  /* A secret has no place among the settings, whatever it is called. */
  assert_settings_refused (fixture, "grafana",
                           "{\"url\":\"https://g/\",\"datasource_uid\":\"a\",\"token\":\"glsa_x\"}",
                           "token");
  assert_settings_refused (fixture, "sqlite", "{}", "path");
  assert_settings_refused (fixture, "sqlite", "{\"path\":\"\"}", "path");
  assert_settings_refused (fixture, "sqlite", "{\"path\":7}", "path");
  assert_settings_refused (fixture, "sqlite", "{\"path\":\"/a.db\",\"url\":\"http://x/\"}",
                           "url");
  assert_settings_refused (fixture, "csv", "{\"database\":\"/d/imports.db\"}", "table");
  assert_settings_refused (fixture, "grafana", "{\"url\":\"https://g/\"}", "datasource_uid");
  assert_settings_refused (fixture, "oracle", "{}", "oracle");

  sources = bs_data_source_list (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 0);
}

static void
test_update (BsTestStoreFixture *fixture,
             gconstpointer       data)
{
  g_autoptr(JsonObject) settings = parse_settings ("{\"url\":\"http://127.0.0.1:9091/\"}");
  g_autoptr(JsonObject) wrong = parse_settings ("{\"path\":\"/a.db\"}");
  g_autoptr(BsDataSource) metrics = NULL;
  g_autoptr(BsDataSource) other = NULL;
  g_autoptr(BsDataSource) renamed = NULL;
  g_autoptr(BsDataSource) moved = NULL;
  g_autoptr(GError) error = NULL;

  metrics = bs_data_source_add (fixture->store, "Metrics", "prometheus",
                                "http://127.0.0.1:9090/", FALSE, &error);
  g_assert_no_error (error);
  other = bs_data_source_add (fixture->store, "Other", "sqlite", "/o.db", FALSE, &error);
  g_assert_no_error (error);

  renamed = bs_data_source_update (fixture->store, metrics->id, "Live metrics", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed->name, ==, "Live metrics");
  g_assert_cmpstr (bs_data_source_get_url (renamed), ==, "http://127.0.0.1:9090/");

  moved = bs_data_source_update (fixture->store, metrics->id, NULL, settings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved->name, ==, "Live metrics");
  g_assert_cmpstr (bs_data_source_get_url (moved), ==, "http://127.0.0.1:9091/");
  g_assert_cmpstr (moved->location, ==, "http://127.0.0.1:9091/");
  g_assert_true (g_date_time_equal (moved->created_at, metrics->created_at));

  g_assert_null (bs_data_source_update (fixture->store, metrics->id, "Other", NULL, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  g_assert_null (bs_data_source_update (fixture->store, metrics->id, "", NULL, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* The settings are checked against the source's own kind. */
  g_assert_null (bs_data_source_update (fixture->store, metrics->id, NULL, wrong, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "path"));
  g_clear_error (&error);

  g_assert_null (bs_data_source_update (fixture->store, 4711, "X", NULL, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

static void
test_remove (BsTestStoreFixture *fixture,
             gconstpointer       data)
{
  g_autoptr(BsDataSource) source = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  source = bs_data_source_add (fixture->store, "Gone soon", "sqlite", "/g.db", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (bs_data_source_remove (fixture->store, source->id, &error));
  g_assert_no_error (error);

  g_assert_false (bs_data_source_remove (fixture->store, source->id, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sources = bs_data_source_list (fixture->store, &error);
  g_assert_cmpuint (sources->len, ==, 0);

  key = bs_data_source_secret_key (42);
  g_assert_cmpstr (key, ==, "datasource-42");
  g_assert_true (g_strv_contains (bs_data_source_kinds (), "csv"));
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
  ADD ("settings-round-trip", test_settings_round_trip);
  ADD ("settings-refused", test_settings_refused);
  ADD ("update", test_update);
  ADD ("remove", test_remove);
#undef ADD

  return g_test_run ();
}
