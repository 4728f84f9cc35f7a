#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "bs-demo-simulation.h"

#define SECONDS_PER_DAY  86400
#define HOURS            24
#define CELLS            (BS_DEMO_N_STORES * HOURS)
#define STOCK_CELLS      (BS_DEMO_N_PRODUCTS * BS_DEMO_N_STORES)
#define MAX_LINES        8
/* One more than the largest draw: the last order of a day may take one extra line so that
 * the day's rows come out exact. */
#define LINES_CAPACITY   (MAX_LINES + 1)
#define PICK_TRIES       8

#define N_PROMOTIONS     30
/* How much a promotion multiplies a product's sales, per unit of discount (20% off: 2.2×). */
#define PROMOTION_LIFT   6.0

#define CANCEL_RATE      0.025
#define RETURN_RATE      0.018
#define RETURN_DAYS      3      /* an order is not returned before this many days */

/* Stock policy: reorder when cover falls below lead time + safety days; order up to a
 * further cycle of demand. Ordinary products keep a minimum shelf presence per store; the
 * products that run low are stocked lean so that they empty once deliveries stop. */
#define SAFETY_DAYS        3
#define CYCLE_DAYS         7
#define MIN_REORDER        20
#define MIN_CYCLE          25
#define LEAN_MIN_REORDER   2
#define LEAN_MIN_CYCLE     3
/* Deliveries of the products that run low stop early enough that a full shelf in every
 * store would be down to this many units in all at the expected pace; shelves that were
 * not full are empty by the end. */
#define LOW_STOCK_LEFT     48
#define MIN_STOP_DAYS      7
#define MAX_STOP_DAYS      45

/* Relative traffic by local hour: stores are shut at night and busiest at lunch and after
 * work; online orders never stop but follow the same rhythm, later in the evening. */
static const double in_store_hours[HOURS] = {
  0, 0, 0, 0, 0, 0, 0, 0.1, 0.4, 0.7, 0.9, 1.2, 1.6, 1.5, 1.0, 0.9, 1.0, 1.3, 1.5, 1.3, 0.9, 0.5,
  0.1, 0,
};
static const double online_hours[HOURS] = {
  0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.35, 0.5, 0.6, 0.7, 0.85, 1.1, 1.0, 0.8, 0.75, 0.8,
  0.95, 1.2, 1.4, 1.5, 1.3, 0.9, 0.45,
};

/* Lines per order (1 to MAX_LINES) and units per line (1 to 6), as cumulative shares. */
static const double in_store_lines[MAX_LINES] = {
  0.36, 0.63, 0.79, 0.89, 0.95, 0.98, 0.995, 1.0,
};
static const double online_lines[MAX_LINES] = {
  0.30, 0.58, 0.76, 0.87, 0.94, 0.975, 0.995, 1.0,
};
static const double line_quantities[6] = { 0.74, 0.91, 0.96, 0.98, 0.99, 1.0 };

#define N_DISCOUNTS 5
static const double promotion_discounts[N_DISCOUNTS] = { 0.10, 0.15, 0.20, 0.25, 0.30 };

typedef struct
{
  guint  product;
  guint  first_day;
  guint  last_day;
  double discount;
  double lift;
} Promotion;

typedef struct
{
  gint64  placed_at;
  guint32 seq;
  guint16 store;
  guint8  online;
  guint8  n_lines;
} PlannedOrder;

typedef struct
{
  BsDemoCatalog    *catalog;
  const BsDemoPlan *plan;
  BsDemoWriter     *writer;
  BsDemoRandom      random;
  gint64            start;
  gint64            first_day;     /* days since the epoch */
  guint             n_days;
  double           *weight;        /* n_days × CELLS, expected orders */
  double           *online;        /* n_days × CELLS, share of them online */
  guint64          *budget;        /* order rows per day */
  double            cell_cdf[CELLS];
  double            store_share[BS_DEMO_N_STORES];
  gint32            units[STOCK_CELLS];
  gint32            reorder_level[STOCK_CELLS];
  gint32            order_up_to[STOCK_CELLS];
  gint32            on_order[STOCK_CELLS];
  guint             arrival[STOCK_CELLS];
  guint8            lead_days[STOCK_CELLS];
  gint64            updated_at[STOCK_CELLS];
  guint             stop_day[BS_DEMO_N_PRODUCTS];
  Promotion         promotions[N_PROMOTIONS];
  double            discount[BS_DEMO_N_PRODUCTS];
  double            restock_boost[BS_DEMO_N_PRODUCTS];
  guint             active[N_PROMOTIONS];
  double            active_cdf[N_PROMOTIONS];
  guint             n_active;
  double            promotion_share;   /* of today's order lines */
  GArray           *planned;
  guint64           last_order_id;
} Simulation;

static void
simulation_free (Simulation *sim)
{
  g_free (sim->weight);
  g_free (sim->online);
  g_free (sim->budget);
  g_clear_pointer (&sim->planned, g_array_unref);
  g_free (sim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Simulation, simulation_free)

static double
sum (const double *values,
     guint         n)
{
  double total = 0.0;

  for (guint i = 0; i < n; i++)
    total += values[i];
  return total;
}

/* Mean of a distribution over 1…n given as cumulative shares. */
static double
cumulative_mean (const double *cumulative,
                 guint         n)
{
  double mean = 0.0;

  for (guint i = 0; i < n; i++)
    mean += (double)(i + 1) * (cumulative[i] - (i > 0 ? cumulative[i - 1] : 0.0));
  return mean;
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : (a - b + 1) / b;
}

static gint64
day_start (const Simulation *sim,
           guint             day)
{
  return (sim->first_day + day) * SECONDS_PER_DAY;
}

/* The part of a UTC hour that lies inside the 90 days. */
static gboolean
hour_window (const Simulation *sim,
             guint             day,
             guint             hour,
             gint64           *low,
             gint64           *high)
{
  gint64 t0 = day_start (sim, day) + hour * 3600;

  *low = MAX (t0, sim->start);
  *high = MIN (t0 + 3600, sim->plan->end);
  return *low < *high;
}

static void
weigh_cell (Simulation   *sim,
            guint         day,
            guint         store_index,
            guint         hour,
            double        day_factor,
            const double *hour_totals)
{
  const BsDemoStore *store = &sim->catalog->stores[store_index];
  guint cell = day * CELLS + store_index * HOURS + hour;
  gint64 low, high, middle, local;
  double trend, in_store, online;
  guint local_hour, weekday;

  if (!hour_window (sim, day, hour, &low, &high))
    return;

  middle = day_start (sim, day) + hour * 3600 + 1800;
  local = middle + g_time_zone_get_offset (store->tz,
                                           g_time_zone_find_interval (store->tz,
                                                                      G_TIME_TYPE_UNIVERSAL,
                                                                      middle));
  local_hour = (guint)(floor_div (local, 3600) % HOURS);
  /* Day 0 of the epoch was a Thursday; weekday 0 is Monday. */
  weekday = (guint)((floor_div (local, SECONDS_PER_DAY) + 3) % 7);
  trend = 1.0 + day_factor * (double)(middle - sim->start) / (double)(sim->plan->end - sim->start);

  in_store = (1.0 - store->online_share) * in_store_hours[local_hour] / hour_totals[0];
  online = store->online_share * online_hours[local_hour] / hour_totals[1];
  sim->weight[cell] = store->size * store->weekday[weekday] * trend *
                      (double)(high - low) / 3600.0 * (in_store + online);
  sim->online[cell] = online / (in_store + online);
}

static void
weigh_days (Simulation *sim)
{
  double hour_totals[2] = { sum (in_store_hours, HOURS), sum (online_hours, HOURS) };
  BsDemoRandom random;
  double growth;

  bs_demo_random_init (&random, sim->plan->seed, BS_DEMO_STREAM_PATTERNS);
  growth = bs_demo_random_between (&random, 0.06, 0.15);

  for (guint day = 0; day < sim->n_days; day++)
    {
      for (guint s = 0; s < BS_DEMO_N_STORES; s++)
        {
          double noise = bs_demo_random_between (&random, 0.9, 1.1);

          for (guint hour = 0; hour < HOURS; hour++)
            {
              guint cell = day * CELLS + s * HOURS + hour;

              weigh_cell (sim, day, s, hour, growth, hour_totals);
              sim->weight[cell] *= noise;
              sim->store_share[s] += sim->weight[cell];
            }
        }
    }
}

/* Splits the order rows over the days by expected traffic, exactly. An order takes at least
 * two rows (itself and a line), so no day is left with a single row to fill. */
static void
plan_budgets (Simulation *sim)
{
  double total = sum (sim->weight, sim->n_days * CELLS);
  guint64 rows = sim->plan->order_rows;
  double running = 0.0;
  guint64 previous = 0;
  guint last_used = 0;

  for (guint day = 0; day < sim->n_days; day++)
    {
      guint64 target;

      running += sum (&sim->weight[day * CELLS], CELLS);
      target = day + 1 == sim->n_days ? rows : (guint64)llround ((double)rows * running / total);
      target = MAX (MIN (target, rows), previous);
      sim->budget[day] = target - previous;
      previous = target;
    }

  for (guint day = 0; day < sim->n_days; day++)
    {
      if (sim->budget[day] == 1 && day + 1 < sim->n_days)
        {
          sim->budget[day] = 0;
          sim->budget[day + 1]++;
        }
      if (sim->budget[day] >= 2)
        last_used = day;
    }
  if (sim->budget[sim->n_days - 1] == 1)
    {
      sim->budget[sim->n_days - 1] = 0;
      sim->budget[last_used]++;
    }

  for (guint s = 0; s < BS_DEMO_N_STORES; s++)
    sim->store_share[s] /= total;
}

/* Units a product is expected to sell in a store per day, from the row budget. */
static double
expected_units (const Simulation *sim,
                double            online_share)
{
  double lines = (1.0 - online_share) * cumulative_mean (in_store_lines, MAX_LINES) +
                 online_share * cumulative_mean (online_lines, MAX_LINES);
  double orders = (double)sim->plan->order_rows / (1.0 + lines);

  return orders * lines * cumulative_mean (line_quantities, G_N_ELEMENTS (line_quantities)) *
         (1.0 - CANCEL_RATE) / (double)sim->plan->days;
}

static void
stock_policy (const BsDemoProduct *product,
              double               daily,
              guint                lead_days,
              gint32              *reorder_level,
              gint32              *order_up_to)
{
  gint32 min_reorder = product->runs_low ? LEAN_MIN_REORDER : MIN_REORDER;
  gint32 min_cycle = product->runs_low ? LEAN_MIN_CYCLE : MIN_CYCLE;

  *reorder_level = MAX ((gint32)ceil (daily * (lead_days + SAFETY_DAYS)), min_reorder);
  *order_up_to = *reorder_level + MAX ((gint32)ceil (daily * CYCLE_DAYS), min_cycle);
}

/* The day deliveries stop for a product that runs low (G_MAXUINT: they never stop). */
static guint
stop_day (const Simulation *sim,
          guint             product,
          const double     *daily)
{
  double full = 0.0;
  double pace = 0.0;
  guint days;

  if (!sim->catalog->products[product].runs_low)
    return G_MAXUINT;

  for (guint s = 0; s < BS_DEMO_N_STORES; s++)
    {
      full += sim->order_up_to[product * BS_DEMO_N_STORES + s];
      pace += daily[s];
    }
  days = (guint)CLAMP (ceil ((full - LOW_STOCK_LEFT) / pace), MIN_STOP_DAYS, MAX_STOP_DAYS);
  return sim->n_days > days ? sim->n_days - days : 0;
}

static void
stock_product (Simulation   *sim,
               BsDemoRandom *random,
               guint         p,
               double        units_per_day)
{
  BsDemoProduct *product = &sim->catalog->products[p];
  double daily[BS_DEMO_N_STORES];
  gint32 average_level, unused;

  stock_policy (product, units_per_day * product->popularity / BS_DEMO_N_STORES,
                product->lead_days, &average_level, &unused);
  product->reorder_level = (guint)average_level;

  for (guint s = 0; s < BS_DEMO_N_STORES; s++)
    {
      guint cell = p * BS_DEMO_N_STORES + s;
      guint lead_days = product->lead_days + sim->catalog->stores[s].info->import_days;
      guint32 spread;

      daily[s] = units_per_day * product->popularity * sim->store_share[s];
      stock_policy (product, daily[s], lead_days, &sim->reorder_level[cell],
                    &sim->order_up_to[cell]);
      sim->lead_days[cell] = (guint8)lead_days;
      spread = (guint32)(sim->order_up_to[cell] - sim->reorder_level[cell] + 1);
      sim->units[cell] = sim->reorder_level[cell] + (gint32)bs_demo_random_below (random, spread);
      sim->updated_at[cell] = sim->start;
    }

  sim->stop_day[p] = stop_day (sim, p, daily);
}

static void
stock_stores (Simulation *sim)
{
  double online_share = 0.0;
  double units_per_day;
  BsDemoRandom random;

  for (guint i = 0; i < sim->n_days * CELLS; i++)
    online_share += sim->weight[i] * sim->online[i];
  online_share /= sum (sim->weight, sim->n_days * CELLS);
  units_per_day = expected_units (sim, online_share);

  bs_demo_random_init (&random, sim->plan->seed, BS_DEMO_STREAM_STOCK);
  for (guint p = 0; p < BS_DEMO_N_PRODUCTS; p++)
    stock_product (sim, &random, p, units_per_day);
}

static void
plan_promotions (Simulation *sim)
{
  BsDemoRandom random;

  bs_demo_random_init (&random, sim->plan->seed, BS_DEMO_STREAM_PROMOTIONS);
  for (guint i = 0; i < N_PROMOTIONS; i++)
    {
      Promotion *promotion = &sim->promotions[i];

      /* Promotions push products people already know, not the long tail. */
      promotion->product = sim->catalog->by_rank[bs_demo_random_below (&random, 300)];
      promotion->first_day = bs_demo_random_below (&random, sim->n_days);
      promotion->last_day = promotion->first_day + 2 + bs_demo_random_below (&random, 5);
      promotion->discount = promotion_discounts[bs_demo_random_below (&random, N_DISCOUNTS)];
      promotion->lift = 1.0 + PROMOTION_LIFT * promotion->discount;
    }
}

/* The promotions running today: their discounts, and the extra share of order lines they
 * draw, in proportion to each product's usual sales. */
static void
start_promotions (Simulation *sim,
                  guint       day)
{
  double extra = 0.0;

  sim->n_active = 0;
  for (guint p = 0; p < BS_DEMO_N_PRODUCTS; p++)
    sim->discount[p] = 0.0;
  for (guint i = 0; i < N_PROMOTIONS; i++)
    {
      const Promotion *promotion = &sim->promotions[i];

      if (day < promotion->first_day || day > promotion->last_day)
        continue;
      extra += sim->catalog->products[promotion->product].popularity * (promotion->lift - 1.0);
      sim->active[sim->n_active] = promotion->product;
      sim->active_cdf[sim->n_active++] = extra;
      sim->discount[promotion->product] = MAX (sim->discount[promotion->product],
                                               promotion->discount);
    }
  sim->promotion_share = extra / (1.0 + extra);
}

/* Stores know the promotion calendar: what they reorder today must carry them through a
 * promotion that starts before the delivery after next. */
static void
plan_restock_boost (Simulation *sim,
                    guint       day)
{
  for (guint p = 0; p < BS_DEMO_N_PRODUCTS; p++)
    sim->restock_boost[p] = 1.0;
  for (guint i = 0; i < N_PROMOTIONS; i++)
    {
      const Promotion *promotion = &sim->promotions[i];
      /* The longest lead time of the product, with the import day of far stores. */
      guint lead_days = sim->catalog->products[promotion->product].lead_days + 1;
      guint horizon = day + 1 + 2 * lead_days;

      if (promotion->last_day <= day || promotion->first_day > horizon)
        continue;
      sim->restock_boost[promotion->product] = MAX (sim->restock_boost[promotion->product],
                                                    promotion->lift);
    }
}

static void
start_day (Simulation *sim,
           guint       day)
{
  gint64 morning = MAX (day_start (sim, day), sim->start);

  for (guint cell = 0; cell < STOCK_CELLS; cell++)
    {
      if (sim->on_order[cell] == 0 || sim->arrival[cell] != day)
        continue;
      /* After the supplier stops, what was on its way does not come either. */
      if (day < sim->stop_day[cell / BS_DEMO_N_STORES])
        {
          sim->units[cell] += sim->on_order[cell];
          sim->updated_at[cell] = morning;
        }
      sim->on_order[cell] = 0;
    }

  start_promotions (sim, day);
}

static void
end_day (Simulation *sim,
         guint       day)
{
  plan_restock_boost (sim, day);

  for (guint cell = 0; cell < STOCK_CELLS; cell++)
    {
      guint product = cell / BS_DEMO_N_STORES;
      double boost = sim->restock_boost[product];

      if (sim->on_order[cell] > 0 || day >= sim->stop_day[product] ||
          sim->units[cell] >= (gint32)ceil (sim->reorder_level[cell] * boost))
        continue;
      sim->on_order[cell] = (gint32)ceil (sim->order_up_to[cell] * boost) - sim->units[cell];
      sim->arrival[cell] = day + sim->lead_days[cell];
    }
}

static int
compare_planned (gconstpointer a,
                 gconstpointer b)
{
  const PlannedOrder *x = a;
  const PlannedOrder *y = b;

  if (x->placed_at != y->placed_at)
    return x->placed_at < y->placed_at ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static guint
pick_cell (Simulation   *sim,
           const double *weight)
{
  guint low = bs_demo_random_pick (&sim->random, sim->cell_cdf, CELLS);

  /* Rounding can put u on the total itself, past the last cell with traffic. */
  while (weight[low] == 0.0 && low > 0)
    low--;
  return low;
}

/* Places the day's orders at random moments along its traffic curve; the order rows of
 * the day (orders + lines) add up to its budget exactly. */
static void
plan_orders (Simulation *sim,
             guint       day)
{
  const double *weight = &sim->weight[day * CELLS];
  guint64 remaining = sim->budget[day];
  double running = 0.0;

  g_array_set_size (sim->planned, 0);
  for (guint cell = 0; cell < CELLS; cell++)
    {
      running += weight[cell];
      sim->cell_cdf[cell] = running;
    }
  g_assert (remaining == 0 || running > 0.0);

  while (remaining >= 2)
    {
      guint cell = pick_cell (sim, weight);
      PlannedOrder order = { 0 };
      gint64 low, high;
      guint64 n_lines;

      hour_window (sim, day, cell % HOURS, &low, &high);
      order.placed_at = low + bs_demo_random_below (&sim->random, (guint32)(high - low));
      order.store = (guint16)(cell / HOURS);
      order.online = bs_demo_random_double (&sim->random) < sim->online[day * CELLS + cell];
      order.seq = sim->planned->len;
      n_lines = 1 + bs_demo_random_pick (&sim->random,
                                         order.online ? online_lines : in_store_lines,
                                         MAX_LINES);
      n_lines = MIN (n_lines, remaining - 1);
      if (remaining - 1 - n_lines == 1)
        n_lines++;
      order.n_lines = (guint8)n_lines;
      remaining -= 1 + n_lines;
      g_array_append_val (sim->planned, order);
    }

  g_array_sort (sim->planned, compare_planned);
}

static guint
pick_product (Simulation *sim)
{
  if (sim->n_active > 0 && bs_demo_random_double (&sim->random) < sim->promotion_share)
    return sim->active[bs_demo_random_pick (&sim->random, sim->active_cdf, sim->n_active)];
  return bs_demo_catalog_pick_product (sim->catalog, &sim->random);
}

static gboolean
in_lines (const BsDemoLine *lines,
          guint             n,
          guint             product)
{
  for (guint i = 0; i < n; i++)
    {
      if (lines[i].product == product)
        return TRUE;
    }
  return FALSE;
}

/* The most popular product not yet in the order: the fallback when every draw repeated. */
static guint
first_unused_product (const Simulation *sim,
                      const BsDemoLine *lines,
                      guint             n)
{
  for (guint rank = 0; rank < BS_DEMO_N_PRODUCTS; rank++)
    {
      if (!in_lines (lines, n, sim->catalog->by_rank[rank]))
        return sim->catalog->by_rank[rank];
    }
  g_assert_not_reached ();
}

/* Fills line @n with a product in stock at the store. Returns FALSE when none of the
 * products the customer came for is in stock: the order is then cancelled. */
static gboolean
choose_line (Simulation *sim,
             guint       store,
             BsDemoLine *lines,
             guint       n)
{
  BsDemoLine *line = &lines[n];
  guint quantity = 1 + bs_demo_random_pick (&sim->random, line_quantities,
                                            G_N_ELEMENTS (line_quantities));
  gboolean stocked = FALSE;
  guint product = 0;

  for (guint attempt = 0; attempt < PICK_TRIES && !stocked; attempt++)
    {
      product = pick_product (sim);
      if (in_lines (lines, n, product))
        continue;
      stocked = sim->units[product * BS_DEMO_N_STORES + store] > 0;
    }
  if (in_lines (lines, n, product))
    product = first_unused_product (sim, lines, n);
  if (stocked)
    quantity = MIN (quantity, (guint)sim->units[product * BS_DEMO_N_STORES + store]);

  line->product = product;
  line->quantity = quantity;
  line->unit_cents = llround ((double)sim->catalog->products[product].price_cents *
                              (1.0 - sim->discount[product]));
  line->amount_cents = line->unit_cents * quantity;
  return stocked;
}

static BsDemoStatus
draw_status (Simulation *sim,
             gint64      placed_at)
{
  double u = bs_demo_random_double (&sim->random);

  if (u < CANCEL_RATE)
    return BS_DEMO_STATUS_CANCELLED;
  if (u < CANCEL_RATE + RETURN_RATE &&
      placed_at < sim->plan->end - RETURN_DAYS * SECONDS_PER_DAY)
    return BS_DEMO_STATUS_RETURNED;
  return BS_DEMO_STATUS_COMPLETED;
}

static gboolean
process_order (Simulation          *sim,
               const PlannedOrder  *planned,
               GError             **error)
{
  BsDemoLine lines[LINES_CAPACITY];
  BsDemoOrder order = {
    .id = ++sim->last_order_id,
    .placed_at = planned->placed_at,
    .store = planned->store,
    .online = planned->online,
    .n_lines = planned->n_lines,
  };
  gboolean stocked = TRUE;

  order.status = draw_status (sim, order.placed_at);
  for (guint i = 0; i < order.n_lines; i++)
    {
      stocked &= choose_line (sim, order.store, lines, i);
      order.total_cents += lines[i].amount_cents;
    }
  if (!stocked)
    order.status = BS_DEMO_STATUS_CANCELLED;

  /* Returned goods go back to the supplier, not onto the shelf: only a cancellation leaves
   * the stock as it was. */
  if (order.status != BS_DEMO_STATUS_CANCELLED)
    {
      for (guint i = 0; i < order.n_lines; i++)
        {
          guint cell = lines[i].product * BS_DEMO_N_STORES + order.store;

          sim->units[cell] -= (gint32)lines[i].quantity;
          sim->updated_at[cell] = order.placed_at;
        }
    }

  return bs_demo_writer_add_order (sim->writer, &order, lines, error);
}

static gboolean
simulate_day (Simulation  *sim,
              guint        day,
              GError     **error)
{
  start_day (sim, day);
  plan_orders (sim, day);

  for (guint i = 0; i < sim->planned->len; i++)
    {
      if (!process_order (sim, &g_array_index (sim->planned, PlannedOrder, i), error))
        return FALSE;
    }

  if (day + sim->plan->snapshot_days >= sim->n_days &&
      !bs_demo_writer_add_snapshot (sim->writer, sim->first_day + day, sim->units, error))
    return FALSE;

  end_day (sim, day);
  return TRUE;
}

static Simulation *
simulation_new (BsDemoCatalog    *catalog,
                const BsDemoPlan *plan,
                BsDemoWriter     *writer)
{
  Simulation *sim = g_new0 (Simulation, 1);
  gint64 last_second = plan->end - 1;

  sim->catalog = catalog;
  sim->plan = plan;
  sim->writer = writer;
  sim->start = plan->end - (gint64)plan->days * SECONDS_PER_DAY;
  sim->first_day = floor_div (sim->start, SECONDS_PER_DAY);
  sim->n_days = (guint)(floor_div (last_second, SECONDS_PER_DAY) - sim->first_day + 1);
  sim->weight = g_new0 (double, sim->n_days * CELLS);
  sim->online = g_new0 (double, sim->n_days * CELLS);
  sim->budget = g_new0 (guint64, sim->n_days);
  sim->planned = g_array_new (FALSE, FALSE, sizeof (PlannedOrder));
  bs_demo_random_init (&sim->random, plan->seed, BS_DEMO_STREAM_ORDERS);
  return sim;
}

gboolean
bs_demo_simulation_run (BsDemoCatalog     *catalog,
                        const BsDemoPlan  *plan,
                        BsDemoWriter      *writer,
                        GError           **error)
{
  g_autoptr(Simulation) sim = simulation_new (catalog, plan, writer);
  BsDemoStock stock = { sim->units, sim->reorder_level, sim->updated_at };

  g_assert (plan->order_rows >= 2);
  g_assert (plan->snapshot_days <= sim->n_days);

  weigh_days (sim);
  plan_budgets (sim);
  stock_stores (sim);
  plan_promotions (sim);

  if (!bs_demo_writer_add_catalog (writer, catalog, error))
    return FALSE;

  for (guint day = 0; day < sim->n_days; day++)
    {
      if (!simulate_day (sim, day, error))
        return FALSE;
    }

  return bs_demo_writer_add_inventory (writer, &stock, error);
}
