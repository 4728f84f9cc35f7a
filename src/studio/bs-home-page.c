#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bs-explanation.h"
#include "bs-format.h"
#include "bs-home-page.h"
#include "bs-kpi-card.h"
#include "bs-next-step-row.h"
#include "bs-sales-chart.h"
#include "bs-tile-grid.h"
#include "bs-workbench.h"

struct _BsHomePage
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *day_label;
  GtkLabel            *context_label;
  BsKpiCard           *sales_card;
  BsKpiCard           *orders_card;
  BsKpiCard           *average_card;
  BsKpiCard           *low_stock_card;
  BsSalesChart        *sales_chart;
  AdwPreferencesGroup *regions_group;
  AdwPreferencesGroup *low_stock_group;
  BsExplanation       *explanation;
  AdwPreferencesGroup *next_steps_group;

  BsEngineClient      *client;
  GCancellable        *cancellable;
  GPtrArray           *rows;   /* the rows added to the two groups, to remove them again */
  GPtrArray           *step_rows;
  char                *day;
};

enum {
  PROP_0,
  PROP_DAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void workbench_iface_init (BsWorkbenchInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsHomePage, bs_home_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BS_TYPE_WORKBENCH, workbench_iface_init))

/* The parts of GET home this page shows; the strings and arrays point into the JSON. */
typedef struct
{
  const char *day;
  gboolean    is_today;
  const char *currency;
  JsonObject *sales;
  JsonObject *orders;
  JsonObject *average_order;
  JsonObject *low_stock;
  JsonArray  *sales_by_day;
  JsonArray  *sales_by_region;
} Figures;

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static double
number_member (JsonObject *object,
               const char *name)
{
  return object ? json_object_get_double_member_with_default (object, name, 0) : 0;
}

static gboolean
figures_parse (JsonNode  *root,
               Figures   *figures,
               GError   **error)
{
  g_autoptr(GDateTime) day = NULL;
  JsonObject *home;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto incomplete;

  home = json_node_get_object (root);
  figures->day = json_object_get_string_member_with_default (home, "day", NULL);
  figures->is_today = json_object_get_boolean_member_with_default (home, "is_today", FALSE);
  figures->currency = json_object_get_string_member_with_default (home, "currency", "USD");
  figures->sales = object_member (home, "sales");
  figures->orders = object_member (home, "orders");
  figures->average_order = object_member (home, "average_order");
  figures->low_stock = object_member (home, "low_stock");
  figures->sales_by_day = array_member (home, "sales_by_day");
  figures->sales_by_region = array_member (home, "sales_by_region");

  day = bs_format_parse_day (figures->day);
  if (day != NULL &&
      figures->sales != NULL && figures->orders != NULL && figures->average_order != NULL &&
      figures->low_stock != NULL && figures->sales_by_day != NULL &&
      figures->sales_by_region != NULL)
    return TRUE;

incomplete:
  g_set_error_literal (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_PROTOCOL,
                       _("The engine sent figures this version of Business Studio does not "
                         "understand. Update Business Studio and the Business Engine together."));
  return FALSE;
}

static void
clear_rows (BsHomePage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (row), "group");

      adw_preferences_group_remove (group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (BsHomePage          *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names come from the data and may contain “&” or “<”. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data (G_OBJECT (row), "group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);

  return row;
}

static GtkWidget *
suffix_label (const char *text,
              const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

static char *
previous_day_name (const Figures *figures)
{
  g_autoptr(GDateTime) day = bs_format_parse_day (figures->day);
  g_autoptr(GDateTime) before = g_date_time_add_days (day, -1);

  if (figures->is_today)
    return g_strdup (_("yesterday"));

  return g_date_time_format (before, "%A");
}

static void
show_day (BsHomePage    *self,
          JsonObject    *home,
          const Figures *figures)
{
  g_autofree char *day = bs_format_day (figures->day);
  g_autofree char *stores = NULL;
  g_autofree char *context = NULL;
  gint64 n_stores = json_object_get_int_member_with_default (home, "stores", 0);
  gint64 n_regions = json_object_get_int_member_with_default (home, "regions", 0);
  g_autofree char *stores_text = bs_format_count (n_stores);
  g_autofree char *regions_text = bs_format_count (n_regions);

  stores = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: “12 stores in 4 regions” */
                                         "%s store in %s regions", "%s stores in %s regions",
                                         n_stores),
                            stores_text, regions_text);

  if (figures->is_today)
    {
      gtk_label_set_label (self->day_label, _("Today"));
      /* Translators: the first %s is a day, “Tuesday 24 November”, the second
       * “12 stores in 4 regions”. */
      context = g_strdup_printf (_("%s so far, compared with yesterday at the same time. %s."),
                                 day, stores);
    }
  else
    {
      gtk_label_set_label (self->day_label, day);
      /* Translators: %s is “12 stores in 4 regions”. */
      context = g_strdup_printf (_("The latest day with sales, compared with the same hours of the day before. %s."),
                                 stores);
    }
  gtk_label_set_label (self->context_label, context);
}

static void
show_kpis (BsHomePage    *self,
           const Figures *figures)
{
  g_autofree char *previous = previous_day_name (figures);
  g_autofree char *sales = bs_format_money (number_member (figures->sales, "amount"),
                                            figures->currency);
  g_autofree char *orders = bs_format_count (number_member (figures->orders, "count"));
  g_autofree char *average = bs_format_money (number_member (figures->average_order, "amount"),
                                              figures->currency);
  gint64 low = number_member (figures->low_stock, "count");
  g_autofree char *low_text = bs_format_count (low);

  bs_kpi_card_set_value (self->sales_card, sales);
  bs_kpi_card_set_change (self->sales_card,
                          number_member (figures->sales, "amount"),
                          number_member (figures->sales, "previous"), previous);
  bs_kpi_card_set_value (self->orders_card, orders);
  bs_kpi_card_set_change (self->orders_card,
                          number_member (figures->orders, "count"),
                          number_member (figures->orders, "previous"), previous);
  bs_kpi_card_set_value (self->average_card, average);
  bs_kpi_card_set_change (self->average_card,
                          number_member (figures->average_order, "amount"),
                          number_member (figures->average_order, "previous"), previous);

  /* Stock has no figure for the day before: say what the number counts instead. */
  bs_kpi_card_set_value (self->low_stock_card, low_text);
  bs_kpi_card_set_detail (self->low_stock_card, _("Products running low, counted per store"));
}

static void
show_chart (BsHomePage    *self,
            const Figures *figures)
{
  guint n = json_array_get_length (figures->sales_by_day);
  g_autofree const char **days = g_new0 (const char *, n + 1);
  g_autofree double *amounts = g_new0 (double, n + 1);
  guint used = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (figures->sales_by_day, i);
      JsonObject *point = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *day = point ? json_object_get_string_member_with_default (point, "day", NULL)
                              : NULL;

      if (day == NULL)
        continue;
      days[used] = day;
      amounts[used] = number_member (point, "amount");
      used++;
    }

  bs_sales_chart_set_sales (self->sales_chart, days, amounts, used, figures->currency);
}

static void
show_regions (BsHomePage    *self,
              const Figures *figures)
{
  guint n = json_array_get_length (figures->sales_by_region);
  double total = 0;

  for (guint i = 0; i < n; i++)
    total += number_member (json_array_get_object_element (figures->sales_by_region, i), "amount");

  for (guint i = 0; i < n; i++)
    {
      JsonObject *region = json_array_get_object_element (figures->sales_by_region, i);
      double amount = number_member (region, "amount");
      double share = total > 0 ? amount / total : 0;
      g_autofree char *money = bs_format_money (amount, figures->currency);
      g_autofree char *percent = bs_format_percent (share);
      /* Translators: a region's share of the day's sales, “42.0% of sales”. */
      g_autofree char *subtitle = g_strdup_printf (_("%s of sales"), percent);
      GtkWidget *row;
      GtkWidget *bar;
      GtkWidget *label;

      row = add_row (self, self->regions_group,
                     json_object_get_string_member_with_default (region, "region", "?"),
                     subtitle);
      bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), share);
      gtk_widget_set_size_request (bar, 80, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      label = suffix_label (money, NULL);
      /* Room for the widest amount, so that the bars line up. */
      gtk_label_set_width_chars (GTK_LABEL (label), 11);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
}

static void
add_low_stock_item (BsHomePage *self,
                    JsonObject *item)
{
  gint64 units = json_object_get_int_member_with_default (item, "units", 0);
  gint64 reorder = json_object_get_int_member_with_default (item, "reorder_level", 0);
  g_autofree char *units_text = bs_format_count (units);
  g_autofree char *reorder_text = bs_format_count (reorder);
  g_autofree char *subtitle = NULL;
  g_autofree char *stock = NULL;
  GtkWidget *row;

  /* Translators: a store and a product code, “Lyon Part-Dieu · SKU-00042”. */
  subtitle = g_strdup_printf (_("%s · %s"),
                              json_object_get_string_member_with_default (item, "store", "?"),
                              json_object_get_string_member_with_default (item, "sku", "?"));
  if (units <= 0)
    /* Translators: %s is a number of units. */
    stock = g_strdup_printf (_("None left, reorder at %s"), reorder_text);
  else
    stock = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: “3 units, reorder at 40”. */
                                          "%s unit, reorder at %s", "%s units, reorder at %s",
                                          units),
                             units_text, reorder_text);

  row = add_row (self, self->low_stock_group,
                 json_object_get_string_member_with_default (item, "product", "?"),
                 subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_label (stock, units <= 0 ? "error" : "warning"));
}

static void
show_low_stock (BsHomePage    *self,
                const Figures *figures)
{
  JsonArray *items = array_member (figures->low_stock, "items");
  gint64 count = number_member (figures->low_stock, "count");
  guint n = items ? json_array_get_length (items) : 0;
  g_autofree char *count_text = bs_format_count (count);
  g_autofree char *description = NULL;

  if (count == 0 || n == 0)
    {
      adw_preferences_group_set_description (self->low_stock_group, NULL);
      add_row (self, self->low_stock_group,
               _("Every product is above its reorder level"), NULL);
      return;
    }

  if ((gint64) n < count)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: “439 below their reorder level
                                                 * in a store. The 10 shown have …” */
                                                "%s below its reorder level in a store. The %u "
                                                "shown have the least stock left for their "
                                                "reorder level.",
                                                "%s below their reorder level in a store. The "
                                                "%u shown have the least stock left for their "
                                                "reorder level.",
                                                count),
                                   count_text, n);
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s below its reorder level in a store.",
                                                "%s below their reorder level in a store.",
                                                count),
                                   count_text);
  adw_preferences_group_set_description (self->low_stock_group, description);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        add_low_stock_item (self, json_node_get_object (node));
    }
}

static void
show_figures (BsHomePage    *self,
              JsonNode      *root,
              const Figures *figures)
{
  g_autofree char *day = bs_format_day (figures->day);

  clear_rows (self);
  show_day (self, json_node_get_object (root), figures);
  show_kpis (self, figures);
  show_chart (self, figures);
  adw_preferences_group_set_description (self->regions_group, day);
  show_regions (self, figures);
  show_low_stock (self, figures);

  g_free (self->day);
  self->day = g_strdup (figures->day);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

static void
show_error (BsHomePage   *self,
            const GError *error)
{
  if (g_error_matches (error, BS_ENGINE_CLIENT_ERROR, BS_ENGINE_CLIENT_ERROR_UNREACHABLE))
    {
      bs_workbench_engine_lost (BS_WORKBENCH (self), error);
      return;
    }

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
home_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BsHomePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Figures figures = { 0 };

  root = bs_engine_client_request_finish (BS_ENGINE_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL && figures_parse (root, &figures, &error))
    show_figures (self, root, &figures);
  else
    show_error (self, error);
}

static void
bs_home_page_refresh (BsWorkbench *workbench)
{
  BsHomePage *self = BS_HOME_PAGE (workbench);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client == NULL)
    return;

  /* Figures already on show stay there until the new ones arrive. */
  if (self->day == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  bs_engine_client_request_async (self->client, "GET", "home", NULL, self->cancellable,
                                  home_loaded_cb, g_object_ref (self));
}

static void
bs_home_page_set_client (BsWorkbench    *workbench,
                         BsEngineClient *client)
{
  BsHomePage *self = BS_HOME_PAGE (workbench);

  if (!g_set_object (&self->client, client))
    return;

  g_clear_pointer (&self->day, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
  bs_home_page_refresh (workbench);
}

static void
bs_home_page_set_verbosity (BsWorkbench        *workbench,
                            BsProfileVerbosity  verbosity)
{
  bs_explanation_set_verbosity (BS_HOME_PAGE (workbench)->explanation, verbosity);
}

static void
workbench_iface_init (BsWorkbenchInterface *iface)
{
  iface->set_client = bs_home_page_set_client;
  iface->refresh = bs_home_page_refresh;
  iface->set_verbosity = bs_home_page_set_verbosity;
}

static void
explain (BsHomePage *self)
{
  const char *steps[] = {
    _("The four cards at the top are the day’s headline figures: Sales is the money taken, "
      "Orders the number of purchases, Average Order is sales divided by orders, and Below "
      "Reorder Level counts the products that are running low in a store."),
    _("Under each figure, the arrow and the percentage compare it with the same hours of the "
      "day before. Green means better, red means worse."),
    _("The chart shows the total sales of each of the last 14 days, so that you can see "
      "whether the day is a usual one."),
    _("Sales by Region splits the day’s sales between the regions. Lowest Stock lists the "
      "products to reorder first."),
    _("Press F5, or the round arrow at the top, to load the latest figures."),
    NULL
  };

  bs_explanation_set_texts (self->explanation,
                            _("The day’s headline figures, compared with the same hours of the "
                              "day before. Press F5 for the latest."),
                            _("How to Read This Page"),
                            steps);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bs_home_page_refresh (BS_WORKBENCH (widget));
}

static void
bs_home_page_dispose (GObject *object)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), BS_TYPE_HOME_PAGE);

  G_OBJECT_CLASS (bs_home_page_parent_class)->dispose (object);
}

static void
bs_home_page_finalize (GObject *object)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  g_clear_pointer (&self->day, g_free);

  G_OBJECT_CLASS (bs_home_page_parent_class)->finalize (object);
}

static void
bs_home_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_DAY:
      g_value_set_string (value, self->day);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_home_page_class_init (BsHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_home_page_dispose;
  object_class->finalize = bs_home_page_finalize;
  object_class->get_property = bs_home_page_get_property;

  properties[PROP_DAY] =
    g_param_spec_string ("day", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BS_TYPE_KPI_CARD);
  g_type_ensure (BS_TYPE_TILE_GRID);
  g_type_ensure (BS_TYPE_SALES_CHART);
  g_type_ensure (BS_TYPE_EXPLANATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bs-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, day_label);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, context_label);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, sales_card);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, orders_card);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, average_card);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, low_stock_card);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, sales_chart);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, regions_group);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, low_stock_group);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, explanation);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, next_steps_group);

  gtk_widget_class_install_action (widget_class, "home.refresh", NULL, refresh_action);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

static void
bs_home_page_init (BsHomePage *self)
{
  self->rows = g_ptr_array_new ();
  self->step_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  explain (self);
}

GtkWidget *
bs_home_page_new (void)
{
  return g_object_new (BS_TYPE_HOME_PAGE, NULL);
}

const char *
bs_home_page_get_day (BsHomePage *self)
{
  g_return_val_if_fail (BS_IS_HOME_PAGE (self), NULL);

  return self->day;
}

void
bs_home_page_set_next_steps (BsHomePage *self,
                             JsonArray  *steps)
{
  guint n;

  g_return_if_fail (BS_IS_HOME_PAGE (self));

  for (guint i = 0; i < self->step_rows->len; i++)
    adw_preferences_group_remove (self->next_steps_group, g_ptr_array_index (self->step_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);

  n = steps ? json_array_get_length (steps) : 0;
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = bs_next_step_row_new (json_array_get_object_element (steps, i),
                                             "win.take-step");

      adw_preferences_group_add (self->next_steps_group, row);
      g_ptr_array_add (self->step_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->next_steps_group), n > 0);
}

guint
bs_home_page_get_n_next_steps (BsHomePage *self)
{
  g_return_val_if_fail (BS_IS_HOME_PAGE (self), 0);

  return self->step_rows->len;
}
