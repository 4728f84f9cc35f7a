/* bs-time-range-picker.c — the dashboard's time range and refresh. */
#define G_LOG_DOMAIN "bs-time-range-picker"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bs-time-range-picker.h"

/* Grafana's quick ranges that the query model can say (bs-dashboard-view-query.h); "to" is
 * Grafana's own for each: "Today" ends at the end of the day, not "now". */
static const struct
{
  const char *from;
  const char *to;
} ranges[] = {
  { "now-15m", "now" },
  { "now-1h", "now" },
  { "now-6h", "now" },
  { "now-24h", "now" },
  { "now-7d", "now" },
  { "now-30d", "now" },
  { "now/d", "now/d" },
  { "now/w", "now/w" },
};

/* "" is off: a GVariant string target cannot be NULL. */
static const char * const refreshes[] = { "", "30s", "1m", "5m", "15m", "1h" };

#define RANGE_SEPARATOR '|'

struct _BsTimeRangePicker
{
  GtkWidget            parent_instance;

  GtkWidget           *range_button;
  GtkLabel            *range_label;
  GtkWidget           *refresh_button;
  GtkLabel            *refresh_label;
  GSimpleActionGroup  *actions;

  char                *from;
  char                *to;
  char                *refresh;
  guint                timer_id;
};

G_DEFINE_FINAL_TYPE (BsTimeRangePicker, bs_time_range_picker, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FROM,
  PROP_TO,
  PROP_REFRESH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  REFRESH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Describing ranges and intervals */

/* "now-6h" → 6, 'h'; FALSE for anything else. */
static gboolean
parse_relative (const char *from,
                guint64    *count,
                char       *unit)
{
  char *end = NULL;

  if (!g_str_has_prefix (from, "now-") || !g_ascii_isdigit (from[4]))
    return FALSE;
  *count = g_ascii_strtoull (from + 4, &end, 10);
  if (*count == 0 || *count > G_MAXINT || end[0] == '\0' || end[1] != '\0')
    return FALSE;
  *unit = end[0];

  return strchr ("smhdwMy", *unit) != NULL;
}

static char *
describe_last (guint64 count,
               char    unit)
{
  gulong n = (gulong) count;

  switch (unit)
    {
    case 's':
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu second",
                                           "Last %lu seconds", n), n);
    case 'm':
      return n == 1 ? g_strdup (_("Last minute"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu minute",
                                                    "Last %lu minutes", n), n);
    case 'h':
      return n == 1 ? g_strdup (_("Last hour"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu hour",
                                                    "Last %lu hours", n), n);
    case 'd':
      return n == 1 ? g_strdup (_("Last day"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu day",
                                                    "Last %lu days", n), n);
    case 'w':
      return n == 1 ? g_strdup (_("Last week"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu week",
                                                    "Last %lu weeks", n), n);
    case 'M':
      return n == 1 ? g_strdup (_("Last month"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu month",
                                                    "Last %lu months", n), n);
    default:
      return n == 1 ? g_strdup (_("Last year"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %lu year",
                                                    "Last %lu years", n), n);
    }
}

char *
bs_time_range_describe (const char *from,
                        const char *to)
{
  guint64 count;
  char unit;

  g_return_val_if_fail (from != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);

  if (g_str_equal (to, "now") && parse_relative (from, &count, &unit))
    return describe_last (count, unit);
  if (g_str_equal (from, "now/d") && g_str_equal (to, "now/d"))
    return g_strdup (_("Today"));
  if (g_str_equal (from, "now/d") && g_str_equal (to, "now"))
    return g_strdup (_("Today so far"));
  if (g_str_equal (from, "now/w") && g_str_equal (to, "now/w"))
    return g_strdup (_("This week"));
  if (g_str_equal (from, "now/w") && g_str_equal (to, "now"))
    return g_strdup (_("This week so far"));

  /* TRANSLATORS: a time range as Grafana wrote it, e.g. "now-2d to now-1d". */
  return g_strdup_printf (_("%s to %s"), from, to);
}

/* The longest interval the timer takes: a refresh less often than weekly is no refresh. */
#define MAX_REFRESH_SECONDS (7 * 24 * 3600)

/* "1m" → 60; 0 for what is not an interval. */
static guint
refresh_seconds (const char *refresh)
{
  char *end = NULL;
  guint64 count;
  guint64 unit;

  if (refresh == NULL || !g_ascii_isdigit (refresh[0]))
    return 0;
  count = g_ascii_strtoull (refresh, &end, 10);
  if (count == 0 || count > MAX_REFRESH_SECONDS || end[0] == '\0' || end[1] != '\0')
    return 0;

  switch (end[0])
    {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return 0;
    }

  return count * unit <= MAX_REFRESH_SECONDS ? (guint) (count * unit) : 0;
}

static char *
describe_refresh (const char *refresh)
{
  guint seconds = refresh_seconds (refresh);

  if (seconds == 0)
    return g_strdup (_("Off"));
  if (seconds == 3600)
    return g_strdup (_("Every hour"));
  if (seconds % 3600 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u hour", "Every %u hours",
                                         seconds / 3600), seconds / 3600);
  if (seconds == 60)
    return g_strdup (_("Every minute"));
  if (seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u minute",
                                         "Every %u minutes", seconds / 60), seconds / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u second", "Every %u seconds",
                                       seconds), seconds);
}

static char *
range_target (const char *from,
              const char *to)
{
  return g_strdup_printf ("%s%c%s", from, RANGE_SEPARATOR, to);
}

/* Showing the state */

static void
update_timer (BsTimeRangePicker *self);

static void
update_display (BsTimeRangePicker *self)
{
  g_autofree char *range = bs_time_range_describe (self->from, self->to);
  g_autofree char *target = range_target (self->from, self->to);
  g_autofree char *refresh = describe_refresh (self->refresh);
  g_autofree char *refresh_tooltip = NULL;
  gboolean on = refresh_seconds (self->refresh) > 0;

  gtk_label_set_label (self->range_label, range);
  gtk_widget_set_tooltip_text (self->range_button, range);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->range_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, range, -1);

  /* The interval beside the button, as Grafana shows it: "1m". */
  gtk_label_set_label (self->refresh_label, on ? self->refresh : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_label), on);
  refresh_tooltip = on ? g_strdup_printf (_("Refresh Now (automatic: %s)"), refresh)
                       : g_strdup (_("Refresh Now"));
  gtk_widget_set_tooltip_text (self->refresh_button, refresh_tooltip);

  g_simple_action_set_state (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "range")),
    g_variant_new_string (target));
  g_simple_action_set_state (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "refresh")),
    g_variant_new_string (self->refresh != NULL ? self->refresh : ""));
}

static gboolean
timer_cb (gpointer user_data)
{
  BsTimeRangePicker *self = user_data;

  g_signal_emit (self, signals[REFRESH], 0);

  return G_SOURCE_CONTINUE;
}

/* Runs only while the picker is on screen: a dashboard nobody sees is not refreshed. */
static void
update_timer (BsTimeRangePicker *self)
{
  guint seconds = refresh_seconds (self->refresh);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (seconds > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->timer_id = g_timeout_add_seconds (seconds, timer_cb, self);
}

/* Replaces *@field by a copy of @value; TRUE when they differed. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* @refresh "" is off, as NULL. */
static gboolean
set_strings (BsTimeRangePicker *self,
             const char        *from,
             const char        *to,
             const char        *refresh)
{
  gboolean from_changed = set_string (&self->from, from);
  gboolean to_changed = set_string (&self->to, to);
  gboolean refresh_changed = set_string (&self->refresh,
                                         refresh != NULL && refresh[0] != '\0' ? refresh : NULL);

  if (refresh_changed)
    update_timer (self);
  update_display (self);

  if (from_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM]);
  if (to_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO]);
  if (refresh_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH]);

  return from_changed || to_changed || refresh_changed;
}

/* What a person picks */

static void
range_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  BsTimeRangePicker *self = user_data;
  const char *target = g_variant_get_string (parameter, NULL);
  const char *separator = strchr (target, RANGE_SEPARATOR);
  g_autofree char *from = NULL;

  if (separator == NULL || separator == target || separator[1] == '\0')
    {
      g_warning ("Ignored the time range “%s”: it is not “from|to”", target);
      return;
    }
  from = g_strndup (target, separator - target);
  if (set_strings (self, from, separator + 1, self->refresh))
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
refresh_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BsTimeRangePicker *self = user_data;
  const char *refresh = g_variant_get_string (parameter, NULL);

  if (set_strings (self, self->from, self->to, refresh))
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
refresh_now_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BsTimeRangePicker *self = user_data;

  g_signal_emit (self, signals[REFRESH], 0);
}

static GMenuModel *
build_menu (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) range_section = g_menu_new ();
  g_autoptr(GMenu) refresh_section = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autofree char *label = bs_time_range_describe (ranges[i].from, ranges[i].to);
      g_autofree char *target = range_target (ranges[i].from, ranges[i].to);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "picker.range", "s", target);
      g_menu_append_item (range_section, item);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refreshes); i++)
    {
      g_autofree char *label = describe_refresh (refreshes[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "picker.refresh", "s", refreshes[i]);
      g_menu_append_item (refresh_section, item);
    }
  g_menu_append_section (menu, _("Time Range"), G_MENU_MODEL (range_section));
  g_menu_append_section (menu, _("Refresh Automatically"), G_MENU_MODEL (refresh_section));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* The widget */

static void
build_range_button (BsTimeRangePicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("preferences-system-time-symbolic");
  g_autoptr(GMenuModel) menu = build_menu ();

  self->range_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->range_label));

  self->range_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->range_button), box);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (self->range_button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->range_button), menu);
  gtk_widget_set_parent (self->range_button, GTK_WIDGET (self));
}

static void
build_refresh_button (BsTimeRangePicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  self->refresh_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->refresh_label), "numeric");
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("view-refresh-symbolic"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->refresh_label));

  self->refresh_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->refresh_button), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->refresh_button), "picker.refresh-now");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->refresh_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refresh Now"), -1);
  gtk_widget_set_parent (self->refresh_button, GTK_WIDGET (self));
}

static void
bs_time_range_picker_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bs_time_range_picker_parent_class)->map (widget);
  update_timer (BS_TIME_RANGE_PICKER (widget));
}

static void
bs_time_range_picker_unmap (GtkWidget *widget)
{
  BsTimeRangePicker *self = BS_TIME_RANGE_PICKER (widget);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  GTK_WIDGET_CLASS (bs_time_range_picker_parent_class)->unmap (widget);
}

static void
bs_time_range_picker_dispose (GObject *object)
{
  BsTimeRangePicker *self = BS_TIME_RANGE_PICKER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_pointer (&self->range_button, gtk_widget_unparent);
  g_clear_pointer (&self->refresh_button, gtk_widget_unparent);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (bs_time_range_picker_parent_class)->dispose (object);
}

static void
bs_time_range_picker_finalize (GObject *object)
{
  BsTimeRangePicker *self = BS_TIME_RANGE_PICKER (object);

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->refresh, g_free);

  G_OBJECT_CLASS (bs_time_range_picker_parent_class)->finalize (object);
}

static void
bs_time_range_picker_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BsTimeRangePicker *self = BS_TIME_RANGE_PICKER (object);

  switch (prop_id)
    {
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_REFRESH:
      g_value_set_string (value, self->refresh);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_time_range_picker_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BsTimeRangePicker *self = BS_TIME_RANGE_PICKER (object);
  const char *text = g_value_get_string (value);

  switch (prop_id)
    {
    case PROP_FROM:
      set_strings (self, text != NULL ? text : "now-6h", self->to, self->refresh);
      break;
    case PROP_TO:
      set_strings (self, self->from, text != NULL ? text : "now", self->refresh);
      break;
    case PROP_REFRESH:
      set_strings (self, self->from, self->to, text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_time_range_picker_class_init (BsTimeRangePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_time_range_picker_dispose;
  object_class->finalize = bs_time_range_picker_finalize;
  object_class->get_property = bs_time_range_picker_get_property;
  object_class->set_property = bs_time_range_picker_set_property;
  widget_class->map = bs_time_range_picker_map;
  widget_class->unmap = bs_time_range_picker_unmap;

  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, "now-6h",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] =
    g_param_spec_string ("to", NULL, NULL, "now",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH] =
    g_param_spec_string ("refresh", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REFRESH] = g_signal_new ("refresh", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timerangepicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_time_range_picker_init (BsTimeRangePicker *self)
{
  const GActionEntry entries[] = {
    { "range", range_activated, "s", "''", NULL, { 0 } },
    { "refresh", refresh_activated, "s", "''", NULL, { 0 } },
    { "refresh-now", refresh_now_activated, NULL, NULL, NULL, { 0 } },
  };

  self->from = g_strdup ("now-6h");
  self->to = g_strdup ("now");

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries,
                                   G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "picker", G_ACTION_GROUP (self->actions));

  /* Linked, as a split button: the range and the refresh belong together. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "linked");
  build_range_button (self);
  build_refresh_button (self);
  update_display (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Time range and refresh"), -1);
}

GtkWidget *
bs_time_range_picker_new (void)
{
  return g_object_new (BS_TYPE_TIME_RANGE_PICKER, NULL);
}

void
bs_time_range_picker_set_range (BsTimeRangePicker *self,
                                const char        *from,
                                const char        *to,
                                const char        *refresh)
{
  g_return_if_fail (BS_IS_TIME_RANGE_PICKER (self));
  g_return_if_fail (from != NULL);
  g_return_if_fail (to != NULL);

  set_strings (self, from, to, refresh);
}

const char *
bs_time_range_picker_get_from (BsTimeRangePicker *self)
{
  g_return_val_if_fail (BS_IS_TIME_RANGE_PICKER (self), NULL);

  return self->from;
}

const char *
bs_time_range_picker_get_to (BsTimeRangePicker *self)
{
  g_return_val_if_fail (BS_IS_TIME_RANGE_PICKER (self), NULL);

  return self->to;
}

const char *
bs_time_range_picker_get_refresh (BsTimeRangePicker *self)
{
  g_return_val_if_fail (BS_IS_TIME_RANGE_PICKER (self), NULL);

  return self->refresh;
}
