/* bs-prometheus-fixture.h — a real Prometheus (Debian's package) for tests.
 *
 * The fixture writes 48 hours of history as OpenMetrics text, backfills it with
 * `promtool tsdb create-blocks-from openmetrics`, starts `prometheus` on a free loopback port
 * with that data (and a 1 s self-scrape, so that /api/v1/metadata has entries), and waits
 * for /-/ready and for the first self-scrape (Prometheus's own metrics and their metadata are
 * there when it returns). Freeing it stops the server (SIGTERM, then a wait) and removes the
 * directory.
 *
 * The history, one sample every BS_PROMETHEUS_FIXTURE_STEP seconds at whole minutes from
 * now − 48 h to now (the minute the fixture started), for every product p and region r:
 *   shop_inventory_units{product,region}   gauge   bs_prometheus_fixture_inventory (p, r, t)
 *   shop_units_sold_total{product,region}  counter bs_prometheus_fixture_units_sold (p, r, t)
 *   shop_margin_ratio{kind="nan"|"plus_inf"|"minus_inf"}  gauge  NaN, +Inf, -Inf
 * One region's value holds quotes and a backslash, so filters prove their escaping against
 * the real server.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_PROMETHEUS_FIXTURE_STEP      60
#define BS_PROMETHEUS_FIXTURE_HISTORY   (48 * 3600)
#define BS_PROMETHEUS_FIXTURE_N_PRODUCTS 3
#define BS_PROMETHEUS_FIXTURE_N_REGIONS  3

extern const char * const bs_prometheus_fixture_products[BS_PROMETHEUS_FIXTURE_N_PRODUCTS];
extern const char * const bs_prometheus_fixture_regions[BS_PROMETHEUS_FIXTURE_N_REGIONS];

/* The sample values at unix time @t (a whole minute): whole numbers, so that sums of them
 * are exact in a double. */
double        bs_prometheus_fixture_inventory    (guint product,
                                                  guint region,
                                                  gint64 t);
double        bs_prometheus_fixture_units_sold   (guint product,
                                                  guint region,
                                                  gint64 t);

typedef struct _BsPrometheusFixture BsPrometheusFixture;

/* G_IO_ERROR_NOT_FOUND when prometheus or promtool is not installed. */
BsPrometheusFixture *bs_prometheus_fixture_new       (GError             **error);
void                 bs_prometheus_fixture_free      (BsPrometheusFixture *self);

/* "http://127.0.0.1:PORT" */
const char          *bs_prometheus_fixture_get_url   (BsPrometheusFixture *self);
/* The newest sample's time (UTC): pass it as "now" to get results that do not drift. */
GDateTime           *bs_prometheus_fixture_get_now   (BsPrometheusFixture *self);
gint64               bs_prometheus_fixture_get_first_sample (BsPrometheusFixture *self);
gint64               bs_prometheus_fixture_get_last_sample  (BsPrometheusFixture *self);

/* For a test case: the one server of this test program, started on first use. NULL after
 * g_test_skip () when the binaries are absent; any other failure fails the test. */
BsPrometheusFixture *bs_prometheus_fixture_get_shared  (void);
/* After g_test_run (): stops the shared server, if it was started. */
void                 bs_prometheus_fixture_free_shared (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsPrometheusFixture, bs_prometheus_fixture_free)

G_END_DECLS
