/* The dashboard's time range picker: ranges described in words, a person's choice of range
 * and refresh through the picker's own menu (::changed), a range set by the program (no
 * ::changed), "Refresh Now", and the refresh timer ticking only while it is on screen.
 *
 * With BS_TEST_SCREENSHOT_DIR set, the picker and its open menu are drawn there.
 */
#define G_LOG_DOMAIN "bs-test-time-range-picker"

#include "config.h"

#include <adwaita.h>

#include "bs-studio-test-app.h"
#include "bs-studio-test-util.h"
#include "bs-time-range-picker.h"

static void
assert_describes (const char *from,
                  const char *to,
                  const char *expected)
{
  g_autofree char *words = bs_time_range_describe (from, to);

  g_assert_cmpstr (words, ==, expected);
}

static void
test_describe (void)
{
  assert_describes ("now-15m", "now", "Last 15 minutes");
  assert_describes ("now-1h", "now", "Last hour");
  assert_describes ("now-6h", "now", "Last 6 hours");
  assert_describes ("now-24h", "now", "Last 24 hours");
  assert_describes ("now-7d", "now", "Last 7 days");
  assert_describes ("now-30d", "now", "Last 30 days");
  assert_describes ("now-1m", "now", "Last minute");
  assert_describes ("now-2w", "now", "Last 2 weeks");
  assert_describes ("now-1y", "now", "Last year");
  assert_describes ("now-90s", "now", "Last 90 seconds");
  assert_describes ("now/d", "now/d", "Today");
  assert_describes ("now/d", "now", "Today so far");
  assert_describes ("now/w", "now/w", "This week");
  assert_describes ("now/w", "now", "This week so far");
  /* What is not one of ours is shown as Grafana wrote it. */
  assert_describes ("now-2d", "now-1d", "now-2d to now-1d");
  assert_describes ("now-0h", "now", "now-0h to now");
  assert_describes ("now-6x", "now", "now-6x to now");
  assert_describes ("now-", "now", "now- to now");
  assert_describes ("2026-11-01T00:00:00.000Z", "2026-11-24T00:00:00.000Z",
                    "2026-11-01T00:00:00.000Z to 2026-11-24T00:00:00.000Z");
}

typedef struct
{
  GtkWidget         *window;
  BsTimeRangePicker *picker;
  guint              changed;
  guint              refreshed;
  guint              from_notified;
} Fixture;

static void
changed_cb (BsTimeRangePicker *picker,
            Fixture           *fixture)
{
  fixture->changed++;
}

static void
refresh_cb (BsTimeRangePicker *picker,
            Fixture           *fixture)
{
  fixture->refreshed++;
}

static void
from_notified_cb (BsTimeRangePicker *picker,
                  GParamSpec        *pspec,
                  Fixture           *fixture)
{
  fixture->from_notified++;
}

static gboolean
is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *header = adw_header_bar_new ();

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 420);
  fixture->picker = BS_TIME_RANGE_PICKER (bs_time_range_picker_new ());
  g_signal_connect (fixture->picker, "changed", G_CALLBACK (changed_cb), fixture);
  g_signal_connect (fixture->picker, "refresh", G_CALLBACK (refresh_cb), fixture);
  g_signal_connect (fixture->picker, "notify::from", G_CALLBACK (from_notified_cb), fixture);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (fixture->picker));
  gtk_window_set_titlebar (GTK_WINDOW (fixture->window), header);
  gtk_window_set_child (GTK_WINDOW (fixture->window), adw_bin_new ());
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (bs_test_wait_until (is_mapped, fixture->picker, 10000));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fixture->picker, fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static GtkMenuButton *
range_button (Fixture *fixture)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->picker));

  g_assert_true (GTK_IS_MENU_BUTTON (child));
  return GTK_MENU_BUTTON (child);
}

static GtkButton *
refresh_button (Fixture *fixture)
{
  GtkWidget *child = gtk_widget_get_last_child (GTK_WIDGET (fixture->picker));

  g_assert_true (GTK_IS_BUTTON (child));
  return GTK_BUTTON (child);
}

/* The words on the range button, as a person reads them. */
static const char *
shown_range (Fixture *fixture)
{
  return gtk_widget_get_tooltip_text (GTK_WIDGET (range_button (fixture)));
}

/* The menu's entries: each label with the action and target it runs. */
static char *
find_entry (GMenuModel *menu,
            const char *label,
            char      **action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *text = NULL;
          g_autoptr(GVariant) target = NULL;

          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &text);
          if (g_strcmp0 (text, label) != 0)
            continue;
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION,
                                                          "s", action));
          target = g_menu_model_get_item_attribute_value (section, j, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE_STRING);
          g_assert_nonnull (target);
          return g_variant_dup_string (target, NULL);
        }
    }

  g_error ("No “%s” in the picker’s menu", label);
}

/* As a person picks the entry of the menu that says @label. */
static void
pick (Fixture    *fixture,
      const char *label)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (range_button (fixture));
  g_autofree char *action = NULL;
  g_autofree char *target = find_entry (menu, label, &action);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (range_button (fixture)), action, "s",
                                             target));
}

static void
test_choose (Fixture       *fixture,
             gconstpointer  data)
{
  const char * const labels[] = {
    "Last 15 minutes", "Last hour", "Last 6 hours", "Last 24 hours", "Last 7 days",
    "Last 30 days", "Today", "This week", "Off", "Every 30 seconds", "Every minute",
    "Every 5 minutes", "Every 15 minutes", "Every hour",
  };
  GMenuModel *menu = gtk_menu_button_get_menu_model (range_button (fixture));

  /* Grafana's default until told otherwise. */
  g_assert_cmpstr (bs_time_range_picker_get_from (fixture->picker), ==, "now-6h");
  g_assert_cmpstr (bs_time_range_picker_get_to (fixture->picker), ==, "now");
  g_assert_null (bs_time_range_picker_get_refresh (fixture->picker));
  g_assert_cmpstr (shown_range (fixture), ==, "Last 6 hours");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *target = find_entry (menu, labels[i], &action);

      g_assert_true (g_str_has_prefix (action, "picker."));
    }

  /* A dashboard from Grafana with a range of its own: shown and kept, no ::changed. */
  bs_time_range_picker_set_range (fixture->picker, "now-2d", "now-1d", "10s");
  g_assert_cmpuint (fixture->changed, ==, 0);
  g_assert_cmpuint (fixture->from_notified, ==, 1);
  g_assert_cmpstr (shown_range (fixture), ==, "now-2d to now-1d");
  g_assert_cmpstr (bs_time_range_picker_get_refresh (fixture->picker), ==, "10s");
  bs_test_save_screenshot (fixture->window, "time-range-picker-grafana.png");

  pick (fixture, "Last 24 hours");
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpstr (bs_time_range_picker_get_from (fixture->picker), ==, "now-24h");
  g_assert_cmpstr (bs_time_range_picker_get_to (fixture->picker), ==, "now");
  g_assert_cmpstr (bs_time_range_picker_get_refresh (fixture->picker), ==, "10s");
  g_assert_cmpstr (shown_range (fixture), ==, "Last 24 hours");

  pick (fixture, "Today");
  g_assert_cmpuint (fixture->changed, ==, 2);
  g_assert_cmpstr (bs_time_range_picker_get_from (fixture->picker), ==, "now/d");
  g_assert_cmpstr (bs_time_range_picker_get_to (fixture->picker), ==, "now/d");

  /* The same again changes nothing. */
  pick (fixture, "Today");
  g_assert_cmpuint (fixture->changed, ==, 2);

  pick (fixture, "Every 5 minutes");
  g_assert_cmpuint (fixture->changed, ==, 3);
  g_assert_cmpstr (bs_time_range_picker_get_refresh (fixture->picker), ==, "5m");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (refresh_button (fixture))), ==,
                   "Refresh Now (automatic: Every 5 minutes)");
  bs_test_save_screenshot (fixture->window, "time-range-picker.png");

  pick (fixture, "Off");
  g_assert_cmpuint (fixture->changed, ==, 4);
  g_assert_null (bs_time_range_picker_get_refresh (fixture->picker));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (refresh_button (fixture))), ==,
                   "Refresh Now");

  /* "Refresh Now": ::refresh, not ::changed. */
  g_signal_emit_by_name (refresh_button (fixture), "clicked");
  g_assert_cmpuint (fixture->refreshed, ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 4);

  /* The menu, open, for a person to look at. */
  if (g_getenv ("BS_TEST_SCREENSHOT_DIR") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 640);
      GtkPopover *popover = gtk_menu_button_get_popover (range_button (fixture));

      gtk_menu_button_popup (range_button (fixture));
      /* A popover is a surface of its own: drawn apart from the window. */
      bs_test_save_screenshot (GTK_WIDGET (popover), "time-range-picker-open.png");
      gtk_menu_button_popdown (range_button (fixture));
    }
}

static gboolean
refreshed_twice (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->refreshed >= 2;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

static void
test_timer (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 start;
  guint ticks;

  /* Grafana allows intervals the menu does not list; one second keeps the test short. */
  bs_time_range_picker_set_range (fixture->picker, "now-15m", "now", "1s");
  start = g_get_monotonic_time ();
  g_assert_true (bs_test_wait_until (refreshed_twice, fixture, 5000));
  g_test_message ("Two ticks in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1500 * 1000);
  g_assert_cmpuint (fixture->changed, ==, 0);

  /* Out of sight: no refreshing. */
  gtk_widget_set_visible (fixture->window, FALSE);
  ticks = fixture->refreshed;
  bs_test_wait_until (never, NULL, 2200);
  g_assert_cmpuint (fixture->refreshed, ==, ticks);

  /* Back on screen: ticking again. */
  gtk_widget_set_visible (fixture->window, TRUE);
  fixture->refreshed = 0;
  g_assert_true (bs_test_wait_until (refreshed_twice, fixture, 5000));

  /* Turned off: silent. */
  pick (fixture, "Off");
  ticks = fixture->refreshed;
  bs_test_wait_until (never, NULL, 2200);
  g_assert_cmpuint (fixture->refreshed, ==, ticks);
}

static void
test_properties (void)
{
  const struct
  {
    const char *refresh;
    const char *tooltip;
  } intervals[] = {
    { "5s", "Refresh Now (automatic: Every 5 seconds)" },
    { "200s", "Refresh Now (automatic: Every 200 seconds)" },
    { "120s", "Refresh Now (automatic: Every 2 minutes)" },
    { "2h", "Refresh Now (automatic: Every 2 hours)" },
    { "1d", "Refresh Now (automatic: Every 24 hours)" },
    /* Not something a timer runs: kept, but off. */
    { "8d", "Refresh Now" },
    { "99999999999d", "Refresh Now" },
    { "1x", "Refresh Now" },
  };
  GtkWidget *picker = g_object_ref_sink (bs_time_range_picker_new ());
  g_autofree char *from = NULL;
  g_autofree char *refresh = NULL;

  g_object_set (picker, "from", "now-7d", "refresh", "1m", NULL);
  g_object_get (picker, "from", &from, "refresh", &refresh, NULL);
  g_assert_cmpstr (from, ==, "now-7d");
  g_assert_cmpstr (refresh, ==, "1m");
  g_object_set (picker, "refresh", "", NULL);
  g_assert_null (bs_time_range_picker_get_refresh (BS_TIME_RANGE_PICKER (picker)));

  /* Intervals from Grafana that the menu does not list, said in words on the button. */
  for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
    {
      GtkWidget *button = gtk_widget_get_last_child (picker);

      bs_time_range_picker_set_range (BS_TIME_RANGE_PICKER (picker), "now-1h", "now",
                                      intervals[i].refresh);
      g_assert_cmpstr (bs_time_range_picker_get_refresh (BS_TIME_RANGE_PICKER (picker)), ==,
                       intervals[i].refresh);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, intervals[i].tooltip);
    }
  g_object_unref (picker);
}

/* The Studio's own style sheet, which AdwApplication loads for the real windows. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  int status;

  /* The words are checked as written, untranslated. */
  g_setenv ("LANGUAGE", "C", TRUE);
  root = bs_test_init_studio (&argc, &argv);
  adw_init ();
  load_style ();

  g_test_add_func ("/bs/time-range-picker/describe", test_describe);
  g_test_add_func ("/bs/time-range-picker/properties", test_properties);
  g_test_add ("/bs/time-range-picker/choose", Fixture, NULL, fixture_set_up, test_choose,
              fixture_tear_down);
  g_test_add ("/bs/time-range-picker/timer", Fixture, NULL, fixture_set_up, test_timer,
              fixture_tear_down);

  status = g_test_run ();
  bs_test_remove_tree (root);

  return status;
}
