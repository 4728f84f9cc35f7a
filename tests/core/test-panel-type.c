/* The panel types: the palette's table, Grafana's names and aliases, and the icons. */
#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-panel-type.h"

static void
test_table (void)
{
  static const char *const palette_order[] = {
    "timeseries", "barchart", "stat", "gauge", "table", "piechart", "text", "row",
  };
  guint n_types = 0;
  const BsPanelTypeInfo *types = bs_panel_types (&n_types);

  g_assert_cmpuint (n_types, ==, G_N_ELEMENTS (palette_order));
  for (guint i = 0; i < n_types; i++)
    {
      g_assert_cmpstr (types[i].type, ==, palette_order[i]);
      /* The kinds come in the enum's order: the seven above ROW, then the row. */
      g_assert_cmpint (types[i].kind, ==, (BsPanelKind) i);
      g_assert_true (types[i].name != NULL && types[i].name[0] != '\0');
      g_assert_true (g_str_has_suffix (types[i].description, "."));
      g_assert_true (g_str_has_suffix (types[i].icon_name, "-symbolic"));
      /* It fits the 24-column grid and is big enough to hold something. */
      g_assert_cmpint (types[i].default_w, >=, 1);
      g_assert_cmpint (types[i].default_w, <=, 24);
      g_assert_cmpint (types[i].default_h, >=, 1);
      g_assert_true (bs_panel_type_lookup (types[i].type) == &types[i]);
      g_assert_cmpint (bs_panel_kind_from_type (types[i].type), ==, types[i].kind);
    }
  g_assert_cmpint (bs_panel_type_lookup ("row")->default_w, ==, 24);
  g_assert_cmpint (bs_panel_type_lookup ("stat")->default_w, <, 12);
}

static void
test_aliases (void)
{
  g_assert_cmpint (bs_panel_kind_from_type ("graph"), ==, BS_PANEL_KIND_TIMESERIES);
  g_assert_cmpint (bs_panel_kind_from_type ("bargauge"), ==, BS_PANEL_KIND_BAR);
  g_assert_cmpint (bs_panel_kind_from_type ("singlestat"), ==, BS_PANEL_KIND_STAT);
  g_assert_cmpint (bs_panel_kind_from_type ("table-old"), ==, BS_PANEL_KIND_TABLE);
  /* An alias answers with the entry of its kind, which names the current type. */
  g_assert_cmpstr (bs_panel_type_lookup ("graph")->type, ==, "timeseries");
  g_assert_cmpstr (bs_panel_type_lookup ("singlestat")->type, ==, "stat");
}

static void
test_others (void)
{
  const char *const others[] = {
    "grafana-worldmap-panel", "heatmap", "logs", "nodeGraph", "", "Timeseries", "stat ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_assert_null (bs_panel_type_lookup (others[i]));
      g_assert_cmpint (bs_panel_kind_from_type (others[i]), ==, BS_PANEL_KIND_OTHER);
    }
  g_assert_null (bs_panel_type_lookup (NULL));
  g_assert_cmpint (bs_panel_kind_from_type (NULL), ==, BS_PANEL_KIND_OTHER);
}

/* Every icon named is in the Studio's resources, as a file and in the manifest. */
static void
test_icons (void)
{
  g_autofree char *manifest = NULL;
  guint n_types;
  const BsPanelTypeInfo *types = bs_panel_types (&n_types);

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "src", "studio",
                                                           "business-studio.gresource.xml",
                                                           NULL),
                                      &manifest, NULL, NULL));
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *file = g_strconcat (types[i].icon_name, ".svg", NULL);
      g_autofree char *entry = g_strconcat ("icons/scalable/actions/", file, NULL);
      const char *path = g_test_get_filename (G_TEST_DIST, "..", "src", "studio", "icons",
                                              "scalable", "actions", file, NULL);
      g_autofree char *svg = NULL;

      g_test_message ("%s: %s", types[i].type, types[i].icon_name);
      g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
      g_assert_nonnull (strstr (svg, "width=\"16\""));
      g_assert_nonnull (strstr (manifest, entry));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/panel-type/table", test_table);
  g_test_add_func ("/bs/panel-type/aliases", test_aliases);
  g_test_add_func ("/bs/panel-type/others", test_others);
  g_test_add_func ("/bs/panel-type/icons", test_icons);

  return g_test_run ();
}
