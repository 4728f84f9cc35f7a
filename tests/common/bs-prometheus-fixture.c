#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "bs-prometheus-fixture.h"

#define READY_TIMEOUT_US   (60 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_US    (10 * G_USEC_PER_SEC)
#define POLL_US            (50 * 1000)
#define PORT_ATTEMPTS      5

const char * const bs_prometheus_fixture_products[BS_PROMETHEUS_FIXTURE_N_PRODUCTS] = {
  "apple", "bread", "cheese",
};

/* The last one is hostile on purpose: a filter on it must be escaped to match. */
const char * const bs_prometheus_fixture_regions[BS_PROMETHEUS_FIXTURE_N_REGIONS] = {
  "north", "south", "west \"old\" \\ town",
};

struct _BsPrometheusFixture
{
  char        *dir;
  char        *url;
  GSubprocess *process;
  gint64       first_sample;
  gint64       last_sample;
  GDateTime   *now;
};

double
bs_prometheus_fixture_inventory (guint  product,
                                 guint  region,
                                 gint64 t)
{
  gint64 minute = t / 60;

  return 100.0 * (product + 1) + 10.0 * region + (double) (minute % 37);
}

/* The counter starts at the epoch and grows by (product + 1) + region + (minute mod 5)
 * each minute, so it is a closed form of the minute number. */
double
bs_prometheus_fixture_units_sold (guint  product,
                                  guint  region,
                                  gint64 t)
{
  gint64 n = t / 60 + 1;   /* minutes 0 … t/60 */
  gint64 rest = n % 5;
  gint64 cycles = 10 * (n / 5) + rest * (rest - 1) / 2;

  return (double) (n * (product + 1 + region) + cycles);
}

static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_series (GString    *out,
               const char *name,
               guint       product,
               guint       region,
               gint64      first,
               gint64      last)
{
  gboolean counter = g_str_has_suffix (name, "_total");

  for (gint64 t = first; t <= last; t += BS_PROMETHEUS_FIXTURE_STEP)
    {
      double value = counter ? bs_prometheus_fixture_units_sold (product, region, t)
                             : bs_prometheus_fixture_inventory (product, region, t);

      g_string_append_printf (out, "%s{product=\"%s\",region=\"", name,
                              bs_prometheus_fixture_products[product]);
      append_label_value (out, bs_prometheus_fixture_regions[region]);
      g_string_append_printf (out, "\"} %.0f %" G_GINT64_FORMAT "\n", value, t);
    }
}

static char *
history_text (gint64 first,
              gint64 last)
{
  static const char * const kinds[][2] = {
    { "nan", "NaN" }, { "plus_inf", "+Inf" }, { "minus_inf", "-Inf" },
  };
  GString *out = g_string_new (NULL);

  g_string_append (out, "# HELP shop_inventory_units Units in stock.\n"
                        "# TYPE shop_inventory_units gauge\n");
  for (guint p = 0; p < BS_PROMETHEUS_FIXTURE_N_PRODUCTS; p++)
    for (guint r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
      append_series (out, "shop_inventory_units", p, r, first, last);

  g_string_append (out, "# HELP shop_units_sold Units sold.\n"
                        "# TYPE shop_units_sold counter\n");
  for (guint p = 0; p < BS_PROMETHEUS_FIXTURE_N_PRODUCTS; p++)
    for (guint r = 0; r < BS_PROMETHEUS_FIXTURE_N_REGIONS; r++)
      append_series (out, "shop_units_sold_total", p, r, first, last);

  g_string_append (out, "# TYPE shop_margin_ratio gauge\n");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (gint64 t = first; t <= last; t += BS_PROMETHEUS_FIXTURE_STEP)
      g_string_append_printf (out, "shop_margin_ratio{kind=\"%s\"} %s %" G_GINT64_FORMAT "\n",
                              kinds[k][0], kinds[k][1], t);

  g_string_append (out, "# EOF\n");
  return g_string_free (out, FALSE);
}

static gboolean
backfill (BsPrometheusFixture  *self,
          GError              **error)
{
  g_autofree char *history = history_text (self->first_sample, self->last_sample);
  g_autofree char *path = g_build_filename (self->dir, "history.om", NULL);
  g_autofree char *data = g_build_filename (self->dir, "data", NULL);
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) promtool = NULL;

  if (!g_file_set_contents (path, history, -1, error))
    return FALSE;
  promtool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               error, "promtool", "tsdb", "create-blocks-from", "openmetrics",
                               path, data, NULL);
  if (promtool == NULL || !g_subprocess_communicate_utf8 (promtool, NULL, NULL, &output, NULL,
                                                          error))
    return FALSE;
  if (!g_subprocess_get_successful (promtool))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "promtool could not backfill %s: %s",
                   path, output);
      return FALSE;
    }
  return TRUE;
}

static guint16
free_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

#ifdef __linux__
/* A test that crashes must not leave its server running. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

static GSubprocess *
spawn_server (BsPrometheusFixture  *self,
              guint16               port,
              GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *config = g_build_filename (self->dir, "prometheus.yml", NULL);
  g_autofree char *log = g_build_filename (self->dir, "prometheus.log", NULL);
  g_autofree char *data = g_build_filename (self->dir, "data", NULL);
  g_autofree char *config_arg = g_strconcat ("--config.file=", config, NULL);
  g_autofree char *data_arg = g_strconcat ("--storage.tsdb.path=", data, NULL);
  g_autofree char *listen_arg = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);
  g_autofree char *text = NULL;

  /* The self-scrape fills /api/v1/metadata, which backfilled blocks never do. */
  text = g_strdup_printf ("global:\n"
                          "  scrape_interval: 1s\n"
                          "  evaluation_interval: 15s\n"
                          "scrape_configs:\n"
                          "  - job_name: prometheus\n"
                          "    static_configs:\n"
                          "      - targets: ['127.0.0.1:%u']\n", port);
  if (!g_file_set_contents (config, text, -1, error))
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  /* Keep the data inside the retention window: older blocks would be deleted at start. */
  return g_subprocess_launcher_spawn (launcher, error, "prometheus", config_arg, data_arg,
                                      "--storage.tsdb.retention.time=30d", listen_arg, NULL);
}

static gboolean
is_ready (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
  g_autofree char *ready = g_strconcat (url, "/-/ready", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", ready);
  g_autoptr(GBytes) body = NULL;

  soup_session_set_proxy_resolver (session, NULL);
  body = soup_session_send_and_read (session, message, NULL, NULL);
  return body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK;
}

/* Whether the first self-scrape has landed, so that /api/v1/metadata has entries. */
static gboolean
has_scraped_itself (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
  g_autofree char *uri = g_strconcat (url, "/api/v1/metadata?metric=prometheus_build_info",
                                      NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  JsonNode *root;
  JsonNode *data;

  soup_session_set_proxy_resolver (session, NULL);
  body = soup_session_send_and_read (session, message, NULL, NULL);
  if (body == NULL || soup_message_get_status (message) != SOUP_STATUS_OK
      || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                      g_bytes_get_size (body), NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  data = json_object_get_member (json_node_get_object (root), "data");
  return data != NULL && JSON_NODE_HOLDS_OBJECT (data)
         && json_object_has_member (json_node_get_object (data), "prometheus_build_info");
}

static char *
read_log (BsPrometheusFixture *self)
{
  g_autofree char *path = g_build_filename (self->dir, "prometheus.log", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(no log)");
  return text;
}

/* TRUE when the server is ready; FALSE with *retry when the port was taken meanwhile. */
static gboolean
wait_ready (BsPrometheusFixture  *self,
            gboolean             *retry,
            GError              **error)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  gboolean ready = FALSE;

  *retry = FALSE;
  while (g_get_monotonic_time () < deadline)
    {
      /* GLib reaps the child on its worker thread; the identifier goes away then. */
      if (g_subprocess_get_identifier (self->process) == NULL)
        {
          g_autofree char *log = read_log (self);

          *retry = strstr (log, "address already in use") != NULL;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "prometheus exited before it was ready:\n%s", log);
          return FALSE;
        }
      if (!ready)
        ready = is_ready (self->url);
      if (ready && has_scraped_itself (self->url))
        return TRUE;
      g_usleep (POLL_US);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               ready ? "prometheus at %s had not scraped itself after %d s"
                     : "prometheus at %s was not ready after %d s",
               self->url, (int) (READY_TIMEOUT_US / G_USEC_PER_SEC));
  return FALSE;
}

static void
stop_server (BsPrometheusFixture *self)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_US;

  if (self->process == NULL)
    return;
  g_subprocess_send_signal (self->process, SIGTERM);
  while (g_subprocess_get_identifier (self->process) != NULL
         && g_get_monotonic_time () < deadline)
    g_usleep (POLL_US);
  if (g_subprocess_get_identifier (self->process) != NULL)
    {
      g_test_message ("prometheus ignored SIGTERM for %d s: killing it",
                      (int) (STOP_TIMEOUT_US / G_USEC_PER_SEC));
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  g_clear_object (&self->process);
}

static gboolean
start_server (BsPrometheusFixture  *self,
              GError              **error)
{
  for (guint attempt = 0; attempt < PORT_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean retry = FALSE;
      guint16 port = free_port (error);

      if (port == 0)
        return FALSE;
      g_clear_pointer (&self->url, g_free);
      self->url = g_strdup_printf ("http://127.0.0.1:%u", port);
      self->process = spawn_server (self, port, error);
      if (self->process == NULL)
        return FALSE;
      if (wait_ready (self, &retry, &local_error))
        return TRUE;
      stop_server (self);
      if (!retry)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_test_message ("port %u was taken before prometheus bound it; trying another", port);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
               "prometheus found no free port in %d attempts", PORT_ATTEMPTS);
  return FALSE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK)
      && g_file_test (path, G_FILE_TEST_IS_DIR)
      && (dir = g_dir_open (path, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  if (remove (path) != 0)
    g_test_message ("could not remove %s: %s", path, g_strerror (errno));
}

/* A test that aborts never frees its fixture (its server dies with it, see
 * die_with_parent ()): the next fixture removes such directories, which name their owner. */
static void
remove_stale_dirs (void)
{
  g_autoptr(GDir) tmp = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    {
      g_autofree char *dir = NULL;
      g_autofree char *owner_file = NULL;
      g_autofree char *owner = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, "bs-prometheus-"))
        continue;
      dir = g_build_filename (g_get_tmp_dir (), name, NULL);
      owner_file = g_build_filename (dir, "owner.pid", NULL);
      if (!g_file_get_contents (owner_file, &owner, NULL, NULL))
        continue;
      pid = g_ascii_strtoll (owner, NULL, 10);
      if (pid > 0 && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        remove_tree (dir);
    }
}

BsPrometheusFixture *
bs_prometheus_fixture_new (GError **error)
{
  g_autoptr(BsPrometheusFixture) self = NULL;
  g_autofree char *owner_file = NULL;
  g_autofree char *owner = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < 2; i++)
    {
      const char *program = i == 0 ? "prometheus" : "promtool";
      g_autofree char *path = g_find_program_in_path (program);

      if (path == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "%s is not installed (Debian package \"prometheus\"), so the tests "
                       "against a real Prometheus cannot run", program);
          return NULL;
        }
    }

  remove_stale_dirs ();
  self = g_new0 (BsPrometheusFixture, 1);
  self->dir = g_dir_make_tmp ("bs-prometheus-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  owner_file = g_build_filename (self->dir, "owner.pid", NULL);
  owner = g_strdup_printf ("%d\n", (int) getpid ());
  if (!g_file_set_contents (owner_file, owner, -1, error))
    return NULL;
  self->last_sample = now - now % 60;
  self->first_sample = self->last_sample - BS_PROMETHEUS_FIXTURE_HISTORY;
  self->now = g_date_time_new_from_unix_utc (self->last_sample);

  if (!backfill (self, error) || !start_server (self, error))
    return NULL;
  g_test_message ("prometheus ready at %s, data in %s", self->url, self->dir);
  return g_steal_pointer (&self);
}

void
bs_prometheus_fixture_free (BsPrometheusFixture *self)
{
  if (self == NULL)
    return;
  stop_server (self);
  if (self->dir != NULL)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self);
}

const char *
bs_prometheus_fixture_get_url (BsPrometheusFixture *self)
{
  return self->url;
}

GDateTime *
bs_prometheus_fixture_get_now (BsPrometheusFixture *self)
{
  return self->now;
}

gint64
bs_prometheus_fixture_get_first_sample (BsPrometheusFixture *self)
{
  return self->first_sample;
}

gint64
bs_prometheus_fixture_get_last_sample (BsPrometheusFixture *self)
{
  return self->last_sample;
}

static BsPrometheusFixture *shared_fixture;
static char *shared_skip_reason;

BsPrometheusFixture *
bs_prometheus_fixture_get_shared (void)
{
  g_autoptr(GError) error = NULL;

  if (shared_fixture == NULL && shared_skip_reason == NULL)
    {
      shared_fixture = bs_prometheus_fixture_new (&error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        shared_skip_reason = g_strdup (error->message);
      else
        g_assert_no_error (error);
    }
  if (shared_fixture == NULL)
    g_test_skip (shared_skip_reason);
  return shared_fixture;
}

void
bs_prometheus_fixture_free_shared (void)
{
  g_clear_pointer (&shared_fixture, bs_prometheus_fixture_free);
  g_clear_pointer (&shared_skip_reason, g_free);
}
