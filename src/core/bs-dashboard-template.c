#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "bs-dashboard-template.h"
#include "bs-dashboard-view-query.h"
#include "bs-panel-type.h"

/* Grafana's classic palette, written as Grafana writes a colour picked in its editor. */
#define GREEN  "#73BF69"
#define YELLOW "#F2CC0C"
#define ORANGE "#FF9830"
#define RED    "#F2495C"

/* Stats across the top: four of six columns fill the 24-column row. */
#define STAT_W 6
#define STAT_H 4

static const BsDashboardTemplate templates[] = {
  { "executive-kpis", N_("Executive KPIs"),
    N_("Revenue, orders and units of the last 24 hours, the average order, and the last "
       "30 days over time, by region and by category."),
    "bs-persona-briefcase-symbolic" },
  { "inventory-watch", N_("Inventory Watch"),
    N_("Stock on hand, empty and low shelves, and the level of the last 30 days."),
    "package-x-generic-symbolic" },
  { "sales-by-region", N_("Sales by Region"),
    N_("Revenue, units and stores of one region or all of them, over time and by store, "
       "channel and product."),
    "network-workgroup-symbolic" },
  { "data-freshness", N_("Data Freshness"),
    N_("Rows added to each table in the last hour, red when none came, and each hour of "
       "the last day."),
    "view-refresh-symbolic" },
};

static const char * const default_order[] = {
  "executive-kpis", "sales-by-region", "inventory-watch", "data-freshness", NULL,
};

typedef struct
{
  const char        *persona_id;
  const char * const order[G_N_ELEMENTS (templates) + 1];
} PersonaOrder;

/* What each persona (bs-persona.h) looks at first: a manager the business figures, those
 * who build pipelines or models whether the data keeps coming, an analyst the breakdowns. */
static const PersonaOrder persona_orders[] = {
  { "executive",
    { "executive-kpis", "sales-by-region", "inventory-watch", "data-freshness", NULL } },
  { "data-analyst",
    { "sales-by-region", "executive-kpis", "inventory-watch", "data-freshness", NULL } },
  { "data-engineer",
    { "data-freshness", "inventory-watch", "sales-by-region", "executive-kpis", NULL } },
  { "ml-engineer",
    { "data-freshness", "sales-by-region", "inventory-watch", "executive-kpis", NULL } },
  { "developer",
    { "data-freshness", "executive-kpis", "sales-by-region", "inventory-watch", NULL } },
};

const BsDashboardTemplate *
bs_dashboard_templates (guint *n_templates)
{
  if (n_templates != NULL)
    *n_templates = G_N_ELEMENTS (templates);
  return templates;
}

const BsDashboardTemplate *
bs_dashboard_template_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (templates); i++)
    if (g_str_equal (templates[i].id, id))
      return &templates[i];
  return NULL;
}

const char * const *
bs_dashboard_templates_for_persona (const char *persona_id)
{
  for (guint i = 0; persona_id != NULL && i < G_N_ELEMENTS (persona_orders); i++)
    if (g_str_equal (persona_orders[i].persona_id, persona_id))
      return persona_orders[i].order;
  return default_order;
}

/* Building panels */

typedef struct
{
  BsDashboard *dashboard;
  gint64       source_id;
} Builder;

static BsQuery *
query_new (Builder    *builder,
           const char *table)
{
  return bs_query_new (builder->source_id, table);
}

static BsQuery *
sum_of (Builder    *builder,
        const char *table,
        const char *column)
{
  BsQuery *query = query_new (builder, table);

  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, column);
  query->aggregation = BS_QUERY_AGGREGATION_SUM;
  return query;
}

static BsQuery *
with_time (BsQuery       *query,
           const char    *column,
           BsQueryRange   range,
           guint          count,
           BsQueryBucket  bucket)
{
  bs_query_set_time (query, column, range, count);
  query->bucket = bucket;
  return query;
}

static BsQuery *
split_by (BsQuery    *query,
          const char *column)
{
  bs_query_add_split (query, column);
  return query;
}

/* Adds a panel at @x, @y of @w × @h cells running @query (taken). @time_from is Grafana's
 * relative time override ("now/d", "30d") for a panel whose range is not the dashboard's,
 * so that Grafana shows the same range after the dashboard is published. */
static BsDashboardPanel *
add_panel (Builder    *builder,
           const char *type,
           const char *title,
           const char *description,
           int         x,
           int         y,
           int         w,
           int         h,
           BsQuery    *query,
           const char *unit,
           const char *time_from)
{
  g_autoptr(BsQuery) owned = query;
  BsDashboardPanel *panel =
    bs_dashboard_panel_new (bs_dashboard_next_panel_id (builder->dashboard), type, title);

  panel->x = x;
  panel->y = y;
  panel->w = w;
  panel->h = h;
  panel->unit = g_strdup (unit);
  bs_dashboard_panel_set_query (panel, "A", owned);
  json_object_set_string_member (panel->json, "description", description);
  if (time_from != NULL)
    json_object_set_string_member (panel->json, "timeFrom", time_from);
  g_ptr_array_add (builder->dashboard->panels, panel);
  return panel;
}

static void
set_thresholds (BsDashboardPanel *panel,
                const char       *base_color,
                double            value,
                const char       *color)
{
  panel->has_thresholds = TRUE;
  panel->thresholds_mode = BS_DASHBOARD_THRESHOLDS_ABSOLUTE;
  bs_dashboard_panel_add_threshold (panel, -INFINITY, base_color);
  if (color != NULL)
    bs_dashboard_panel_add_threshold (panel, value, color);
}

static void
set_time (BsDashboard *dashboard,
          const char  *from,
          const char  *to)
{
  g_free (dashboard->time_from);
  dashboard->time_from = g_strdup (from);
  g_free (dashboard->time_to);
  dashboard->time_to = g_strdup (to);
}

/* Revenue of the last 30 days, one figure for each value of @column. */
static BsQuery *
revenue_30_days_by (Builder    *b,
                    const char *column)
{
  return split_by (with_time (sum_of (b, "sales_detail", "amount"), "sold_at",
                              BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE),
                   column);
}

/* A title names a time range only when the panel's range is the dashboard's, or pinned
 * by Grafana's override ("timeFrom"): a panel of its own range gets a title that stays
 * true whatever range the dashboard shows. */
static void
build_executive_kpis (Builder *b)
{
  BsDashboardPanel *panel;
  BsQuery *query;

  /* The last day's figures across the top: a rolling day, so that the dashboard is never
   * empty just after midnight. */
  set_time (b->dashboard, "now-24h", "now");

  panel = add_panel (b, "stat", _("Revenue, Last 24 Hours"),
                     _("What the shop has sold in the last 24 hours, in US dollars."),
                     0, 0, STAT_W, STAT_H,
                     with_time (sum_of (b, "sales", "amount"), "sold_at",
                                BS_QUERY_RANGE_LAST_HOURS, 24, BS_QUERY_BUCKET_NONE),
                     "currencyUSD", "24h");
  set_thresholds (panel, GREEN, NAN, NULL);

  query = with_time (query_new (b, "orders"), "placed_at", BS_QUERY_RANGE_LAST_HOURS, 24,
                     BS_QUERY_BUCKET_NONE);
  panel = add_panel (b, "stat", _("Orders, Last 24 Hours"),
                     _("Orders placed in the last 24 hours, in the stores and online."),
                     6, 0, STAT_W, STAT_H, query, "short", "24h");
  set_thresholds (panel, "#5794F2", NAN, NULL);

  query = with_time (query_new (b, "orders"), "placed_at", BS_QUERY_RANGE_LAST_DAYS, 7,
                     BS_QUERY_BUCKET_NONE);
  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "total");
  query->aggregation = BS_QUERY_AGGREGATION_AVERAGE;
  panel = add_panel (b, "stat", _("Average Order Value"),
                     _("The average total of one order."),
                     12, 0, STAT_W, STAT_H, query, "currencyUSD", "7d");
  panel->decimals = 2;
  set_thresholds (panel, "#B877D9", NAN, NULL);

  panel = add_panel (b, "stat", _("Units Sold, Last 24 Hours"),
                     _("Items sold in the last 24 hours."),
                     18, 0, STAT_W, STAT_H,
                     with_time (sum_of (b, "sales", "quantity"), "sold_at",
                                BS_QUERY_RANGE_LAST_HOURS, 24, BS_QUERY_BUCKET_NONE),
                     "short", "24h");
  set_thresholds (panel, ORANGE, NAN, NULL);

  add_panel (b, "timeseries", _("Revenue over Time"),
             _("Revenue of each day of the last 30 days."),
             0, 4, 16, 9,
             with_time (sum_of (b, "sales", "amount"), "sold_at", BS_QUERY_RANGE_LAST_DAYS, 30,
                        BS_QUERY_BUCKET_DAY),
             "currencyUSD", "30d");

  add_panel (b, "barchart", _("Revenue by Region"),
             _("Revenue of each region over the last 30 days."),
             16, 4, 8, 9,
             revenue_30_days_by (b, "region"), "currencyUSD", "30d");

  add_panel (b, "barchart", _("Top Categories"),
             _("Revenue of each product category over the last 30 days."),
             0, 13, 14, 9,
             revenue_30_days_by (b, "category"), "currencyUSD", "30d");

  add_panel (b, "piechart", _("Online and In Store"),
             _("How revenue splits between the stores and the online shop, last 30 days."),
             14, 13, 10, 9,
             revenue_30_days_by (b, "channel"), "currencyUSD", "30d");
}

/* Rows of the inventory (one per product and store) with fewer than @units on the shelf;
 * inventory_detail names them, where the inventory table has ids. */
static BsQuery *
shelves_below (Builder *b,
               double   units)
{
  BsQuery *query = query_new (b, "inventory_detail");

  bs_query_add_filter_number (query, "units_on_hand", BS_QUERY_OPERATOR_LESS, units);
  return query;
}

static void
build_inventory_watch (Builder *b)
{
  BsDashboardPanel *panel;
  BsQuery *query;

  set_time (b->dashboard, "now-30d", "now");

  panel = add_panel (b, "stat", _("Units on Hand"),
                     _("Every item on the shelves of every store now."),
                     0, 0, STAT_W, STAT_H, sum_of (b, "inventory_detail", "units_on_hand"),
                     "short", NULL);
  set_thresholds (panel, GREEN, NAN, NULL);

  query = shelves_below (b, 1);
  panel = add_panel (b, "stat", _("Empty Shelves"),
                     _("Products out of stock in a store: red from the first one."),
                     6, 0, STAT_W, STAT_H, query, "none", NULL);
  set_thresholds (panel, GREEN, 1, RED);

  query = shelves_below (b, 10);
  panel = add_panel (b, "stat", _("Shelves Below 10 Units"),
                     _("Products with fewer than 10 units left in a store."),
                     12, 0, STAT_W, STAT_H, query, "none", NULL);
  set_thresholds (panel, GREEN, 1, YELLOW);
  bs_dashboard_panel_add_threshold (panel, 50, RED);

  query = shelves_below (b, 10);
  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "product");
  panel = add_panel (b, "stat", _("Products Running Low"),
                     _("Products with fewer than 10 units left in at least one store."),
                     18, 0, STAT_W, STAT_H, query, "none", NULL);
  set_thresholds (panel, GREEN, 1, ORANGE);

  add_panel (b, "timeseries", _("Units on Hand over Time"),
             _("Stock at the end of each day, all stores together."),
             0, 4, 16, 9,
             with_time (sum_of (b, "inventory_snapshots", "units_on_hand"), "day",
                        BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_DAY),
             "short", NULL);

  add_panel (b, "barchart", _("Units on Hand by Store"),
             _("Stock now in each store."),
             16, 4, 8, 9,
             split_by (sum_of (b, "inventory_detail", "units_on_hand"), "store"), "short", NULL);

  query = split_by (sum_of (b, "inventory_detail", "units_on_hand"), "product_name");
  bs_query_add_filter_number (query, "units_on_hand", BS_QUERY_OPERATOR_LESS, 10);
  add_panel (b, "barchart", _("Units Left of the Lowest Products"),
             _("For each product low somewhere, the units left on its low shelves."),
             0, 13, 10, 10, query, "short", NULL);

  query = split_by (split_by (sum_of (b, "inventory_detail", "units_on_hand"),
                              "product_name"),
                    "store");
  bs_query_add_filter_number (query, "units_on_hand", BS_QUERY_OPERATOR_LESS, 10);
  add_panel (b, "table", _("Lowest Shelves"),
             _("Each product and store with fewer than 10 units, and how many are left."),
             10, 13, 14, 10, query, "short", NULL);
}

static BsQuery *
in_region (BsQuery *query)
{
  bs_query_add_filter_text (query, "region", BS_QUERY_OPERATOR_EQUAL, "$region");
  return query;
}

static BsQuery *
region_revenue (Builder       *b,
                BsQueryRange   range,
                guint          count,
                BsQueryBucket  bucket)
{
  return in_region (with_time (sum_of (b, "sales_detail", "amount"), "sold_at", range, count,
                               bucket));
}

static void
build_sales_by_region (Builder *b)
{
  BsDashboardPanel *panel;
  BsQuery *query;

  /* Every panel follows the dashboard's range: none names one. */
  set_time (b->dashboard, "now-30d", "now");
  g_ptr_array_add (b->dashboard->variables,
                   bs_dashboard_variable_new_column ("region", _("Region"), b->source_id,
                                                     "sales_detail", "region"));

  panel = add_panel (b, "stat", _("Revenue"), _("What the region has sold."),
                     0, 0, STAT_W, STAT_H,
                     region_revenue (b, BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE),
                     "currencyUSD", NULL);
  set_thresholds (panel, GREEN, NAN, NULL);

  query = in_region (with_time (sum_of (b, "sales_detail", "quantity"), "sold_at",
                                BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE));
  panel = add_panel (b, "stat", _("Units Sold"), _("Items the region has sold."),
                     6, 0, STAT_W, STAT_H, query, "short", NULL);
  set_thresholds (panel, ORANGE, NAN, NULL);

  query = in_region (with_time (query_new (b, "sales_detail"), "sold_at",
                                BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE));
  bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "amount");
  query->aggregation = BS_QUERY_AGGREGATION_AVERAGE;
  panel = add_panel (b, "stat", _("Average Sale"),
                     _("The average amount of one line of an order."),
                     12, 0, STAT_W, STAT_H, query, "currencyUSD", NULL);
  panel->decimals = 2;
  set_thresholds (panel, "#5794F2", NAN, NULL);

  query = in_region (with_time (query_new (b, "sales_detail"), "sold_at",
                                BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE));
  bs_query_set_measure (query, BS_QUERY_MEASURE_DISTINCT_COUNT, "store");
  panel = add_panel (b, "stat", _("Stores Selling"),
                     _("Stores of the region that sold something."),
                     18, 0, STAT_W, STAT_H, query, "none", NULL);
  set_thresholds (panel, "#B877D9", NAN, NULL);

  add_panel (b, "timeseries", _("Revenue by Region over Time"),
             _("Revenue of each period, one line per region."),
             0, 4, 24, 9,
             split_by (region_revenue (b, BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_DAY),
                       "region"),
             "currencyUSD", NULL);

  add_panel (b, "barchart", _("Revenue by Store"), _("Revenue of each store."),
             0, 13, 12, 9,
             split_by (region_revenue (b, BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE),
                       "store"),
             "currencyUSD", NULL);

  add_panel (b, "piechart", _("Revenue by Channel"),
             _("How revenue splits between the stores and the online shop."),
             12, 13, 12, 9,
             split_by (region_revenue (b, BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE),
                       "channel"),
             "currencyUSD", NULL);

  add_panel (b, "table", _("Revenue by Product"),
             _("Revenue of each product; sort by a column's header."),
             0, 22, 24, 10,
             split_by (region_revenue (b, BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE),
                       "product_name"),
             "currencyUSD", NULL);
}

/* New rows of @table by @column: one total over the last hour (a stat, red at none), or
 * one count an hour over the last day (a time series). */
static BsQuery *
rows_added (Builder       *b,
            const char    *table,
            const char    *column,
            BsQueryRange   range,
            guint          count,
            BsQueryBucket  bucket)
{
  return with_time (query_new (b, table), column, range, count, bucket);
}

static void
add_freshness_stat (Builder    *b,
                    const char *title,
                    const char *description,
                    int         x,
                    BsQuery    *query)
{
  BsDashboardPanel *panel = add_panel (b, "stat", title, description, x, 0, STAT_W, STAT_H,
                                       query, "short", "1h");

  set_thresholds (panel, RED, 1, GREEN);
}

static void
build_data_freshness (Builder *b)
{
  BsQuery *query;

  /* Whether rows are arriving now: the last hour, with the day for context below. */
  set_time (b->dashboard, "now-1h", "now");

  add_freshness_stat (b, _("Sales, Last Hour"),
                      _("Rows added to the sales table in the last hour."), 0,
                      rows_added (b, "sales", "sold_at", BS_QUERY_RANGE_LAST_HOURS, 1,
                                  BS_QUERY_BUCKET_NONE));
  add_freshness_stat (b, _("Orders, Last Hour"),
                      _("Rows added to the orders table in the last hour."), 6,
                      rows_added (b, "orders", "placed_at", BS_QUERY_RANGE_LAST_HOURS, 1,
                                  BS_QUERY_BUCKET_NONE));
  /* The stores shut at night, but the online shop keeps taking orders. */
  query = rows_added (b, "orders", "placed_at", BS_QUERY_RANGE_LAST_HOURS, 1,
                      BS_QUERY_BUCKET_NONE);
  bs_query_add_filter_text (query, "channel", BS_QUERY_OPERATOR_EQUAL, "online");
  add_freshness_stat (b, _("Online Orders, Last Hour"),
                      _("Online orders in the last hour, which come in day and night."), 12,
                      query);
  add_freshness_stat (b, _("Stock Updates, Last Hour"),
                      _("Rows of the inventory table updated in the last hour."), 18,
                      rows_added (b, "inventory", "updated_at", BS_QUERY_RANGE_LAST_HOURS, 1,
                                  BS_QUERY_BUCKET_NONE));

  add_panel (b, "timeseries", _("New Sales Rows"),
             _("New rows of the sales table in each hour of the last day."),
             0, 4, 12, 9,
             rows_added (b, "sales", "sold_at", BS_QUERY_RANGE_LAST_HOURS, 24,
                         BS_QUERY_BUCKET_HOUR),
             "short", "24h");
  add_panel (b, "timeseries", _("New Orders"),
             _("New rows of the orders table in each hour of the last day."),
             12, 4, 12, 9,
             rows_added (b, "orders", "placed_at", BS_QUERY_RANGE_LAST_HOURS, 24,
                         BS_QUERY_BUCKET_HOUR),
             "short", "24h");
  add_panel (b, "timeseries", _("Stock Updates"),
             _("Rows of the inventory table updated in each hour of the last day."),
             0, 13, 24, 9,
             rows_added (b, "inventory", "updated_at", BS_QUERY_RANGE_LAST_HOURS, 24,
                         BS_QUERY_BUCKET_HOUR),
             "short", "24h");
}

BsDashboard *
bs_dashboard_template_build (const char *id,
                             gint64      demo_source_id)
{
  const BsDashboardTemplate *template = bs_dashboard_template_lookup (id);
  g_autoptr(BsDashboard) dashboard = NULL;
  Builder builder;

  if (template == NULL)
    return NULL;

  dashboard = bs_dashboard_new (_(template->title));
  dashboard->uid = g_uuid_string_random ();
  g_ptr_array_add (dashboard->tags, g_strdup ("business-studio"));
  json_object_set_string_member (dashboard->json, "description", _(template->description));
  builder.dashboard = dashboard;
  builder.source_id = demo_source_id;

  if (g_str_equal (id, "executive-kpis"))
    build_executive_kpis (&builder);
  else if (g_str_equal (id, "inventory-watch"))
    build_inventory_watch (&builder);
  else if (g_str_equal (id, "sales-by-region"))
    build_sales_by_region (&builder);
  else
    build_data_freshness (&builder);

  return g_steal_pointer (&dashboard);
}

/* Suggested panels (bs-persona.h): one panel each. Each pins its range for Grafana
 * ("timeFrom") as well as in its query, so that its title and description stay true on
 * whatever dashboard it is added to, whatever range that dashboard shows. */

static BsDashboardPanel *
suggest (Builder    *b,
         const char *type,
         const char *title,
         const char *description,
         BsQuery    *query,
         const char *unit)
{
  const BsPanelTypeInfo *info = bs_panel_type_lookup (type);
  g_autofree char *time_from = NULL;

  /* Every suggestion has a range: today, or the last hours or days. */
  if (query->range == BS_QUERY_RANGE_TODAY)
    time_from = g_strdup ("now/d");
  else if (query->range == BS_QUERY_RANGE_LAST_HOURS)
    time_from = g_strdup_printf ("%uh", query->range_count);
  else
    time_from = g_strdup_printf ("%ud", query->range_count);
  return add_panel (b, type, title, description, 0, 0, info->default_w, info->default_h,
                    query, unit, time_from);
}

static void
build_suggestion (Builder    *b,
                  const char *id)
{
  BsDashboardPanel *panel;
  BsQuery *query;

  if (g_str_equal (id, "sales-over-time"))
    suggest (b, "timeseries", _("Sales over time"),
             _("Revenue of each day of the last 30 days."),
             with_time (sum_of (b, "sales", "amount"), "sold_at", BS_QUERY_RANGE_LAST_DAYS, 30,
                        BS_QUERY_BUCKET_DAY),
             "currencyUSD");
  else if (g_str_equal (id, "top-products"))
    suggest (b, "table", _("Top products by revenue"),
             _("Revenue of each product over the last 30 days; sort by a column's header."),
             split_by (with_time (sum_of (b, "sales_detail", "amount"), "sold_at",
                                  BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_NONE),
                       "product_name"),
             "currencyUSD");
  else if (g_str_equal (id, "rows-per-hour"))
    suggest (b, "timeseries", _("Rows loaded per hour"),
             _("New rows of the sales table in each hour of the last day."),
             rows_added (b, "sales", "sold_at", BS_QUERY_RANGE_LAST_HOURS, 24,
                         BS_QUERY_BUCKET_HOUR),
             "short");
  else if (g_str_equal (id, "orders-per-hour-by-channel"))
    suggest (b, "timeseries", _("New orders per hour by channel"),
             _("New rows of the orders table in each hour of the last day, one line per "
               "channel."),
             split_by (rows_added (b, "orders", "placed_at", BS_QUERY_RANGE_LAST_HOURS, 24,
                                   BS_QUERY_BUCKET_HOUR),
                       "channel"),
             "short");
  else if (g_str_equal (id, "input-volume"))
    suggest (b, "timeseries", _("Input volume over time"),
             _("New rows of the sales table on each day of the last 30 days."),
             rows_added (b, "sales", "sold_at", BS_QUERY_RANGE_LAST_DAYS, 30, BS_QUERY_BUCKET_DAY),
             "short");
  else if (g_str_equal (id, "average-order-value"))
    {
      query = with_time (query_new (b, "orders"), "placed_at", BS_QUERY_RANGE_LAST_DAYS, 30,
                         BS_QUERY_BUCKET_DAY);
      bs_query_set_measure (query, BS_QUERY_MEASURE_VALUE, "total");
      query->aggregation = BS_QUERY_AGGREGATION_AVERAGE;
      panel = suggest (b, "timeseries", _("Average order value over time"),
                       _("The average total of one order, on each day of the last 30 days."),
                       query, "currencyUSD");
      panel->decimals = 2;
    }
  else if (g_str_equal (id, "revenue-today"))
    {
      panel = suggest (b, "stat", _("Revenue today"),
                       _("What the shop has sold since midnight, in US dollars."),
                       with_time (sum_of (b, "sales", "amount"), "sold_at", BS_QUERY_RANGE_TODAY,
                                  0, BS_QUERY_BUCKET_NONE),
                       "currencyUSD");
      set_thresholds (panel, GREEN, NAN, NULL);
    }
  else if (g_str_equal (id, "orders-today"))
    {
      panel = suggest (b, "stat", _("Orders today"),
                       _("Orders placed since midnight, in the stores and online."),
                       rows_added (b, "orders", "placed_at", BS_QUERY_RANGE_TODAY, 0,
                                   BS_QUERY_BUCKET_NONE),
                       "short");
      set_thresholds (panel, "#5794F2", NAN, NULL);
    }
  else if (g_str_equal (id, "rows-per-minute"))
    suggest (b, "timeseries", _("Rows arriving per minute"),
             _("New rows of the sales table in each minute of the last 6 hours."),
             rows_added (b, "sales", "sold_at", BS_QUERY_RANGE_LAST_HOURS, 6,
                         BS_QUERY_BUCKET_MINUTE),
             "short");
  else if (g_str_equal (id, "orders-by-status"))
    suggest (b, "table", _("Orders by channel and status"),
             _("Orders of the last 24 hours counted by channel and status."),
             split_by (split_by (rows_added (b, "orders", "placed_at",
                                             BS_QUERY_RANGE_LAST_HOURS, 24,
                                             BS_QUERY_BUCKET_NONE),
                                 "channel"),
                       "status"),
             "short");
}

BsDashboardPanel *
bs_dashboard_template_suggested_panel (const char *suggestion_id,
                                       gint64      demo_source_id)
{
  g_autoptr(BsDashboard) scratch = NULL;
  Builder builder;

  if (suggestion_id == NULL)
    return NULL;

  scratch = bs_dashboard_new ("");
  builder.dashboard = scratch;
  builder.source_id = demo_source_id;
  build_suggestion (&builder, suggestion_id);
  if (scratch->panels->len == 0)
    return NULL;
  return g_ptr_array_steal_index (scratch->panels, 0);
}
