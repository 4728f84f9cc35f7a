#define G_LOG_DOMAIN "bs-engine-cli"

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>

#include "bs-demo-generator.h"
#include "bs-engine-cli.h"
#include "bs-engine.h"

typedef struct
{
  BsEngine     *engine;
  GCancellable *cancellable;   /* cancelled by SIGINT or SIGTERM */
  gboolean      print_ready;
  gboolean      started;
  gboolean      stopping;
  gboolean      done;
  int           exit_code;
} ServeState;

static const char serve_description[] =
  "Defaults:\n"
  "  --address 127.0.0.1   --port 8737   --demo-rows 750000\n"
  "  --data-dir $XDG_DATA_HOME/business-studio (~/.local/share/business-studio)\n"
  "\n"
  "Files:\n"
  "  DATA_DIR/workspace.db      the workspace database (SQLite, created 0700 with its folder)\n"
  "  DATA_DIR/demo-retail.db    the demo retail dataset, generated on the first start\n"
  "  $XDG_RUNTIME_DIR/business-studio/engine.json\n"
  "                             how the Studio finds this engine; removed when it stops\n"
  "  $XDG_RUNTIME_DIR/business-studio/secrets\n"
  "                             the admin token when no keyring answers (mode 0600);\n"
  "                             DATA_DIR/secrets when XDG_RUNTIME_DIR is not set\n"
  "\n"
  "The admin token (named “Local Studio”) is kept in the keyring when one answers, else\n"
  "in the secrets file; it is never printed. Make more tokens with “business-engine token”.\n"
  "\n"
  "Environment:\n"
  "  XDG_DATA_HOME             where the default data directory is\n"
  "  XDG_RUNTIME_DIR           where the discovery file and the fallback secrets file go\n"
  "  DBUS_SESSION_BUS_ADDRESS  the session bus on which the keyring (Secret Service) answers\n"
  "  G_MESSAGES_DEBUG=all      log every request on stderr\n"
  "\n"
  "SIGTERM and SIGINT stop the engine cleanly: what was answered is on disk.\n"
  "\n"
  "Exit status:\n"
  "  0  stopped cleanly\n"
  "  1  could not start or keep running (port in use, data directory not writable,\n"
  "     workspace written by a newer version, admin token cannot be kept, …)\n"
  "  2  wrong usage (unknown option, a non-loopback --address without --allow-remote)";

static void
print_ready_line (ServeState *state)
{
  const BsEngineDiscovery *discovery = bs_engine_get_discovery (state->engine);
  g_autofree char *json = bs_engine_discovery_to_json (discovery);

  /* Newlines in JSON are only ever whitespace (inside strings they are escaped), so this
   * keeps the document and makes it the one line a launcher reads. */
  g_strdelimit (json, "\r\n", ' ');
  fprintf (stdout, "%s\n", json);
  fflush (stdout);
}

static void
on_stopped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ServeState *state = user_data;

  bs_engine_stop_finish (BS_ENGINE (object), result, NULL);
  if (state->started)
    g_message ("Stopped");
  state->done = TRUE;
}

static void
stop_engine (ServeState *state)
{
  if (state->stopping)
    return;

  state->stopping = TRUE;
  bs_engine_stop_async (state->engine, on_stopped, state);
}

static void
on_stop_requested (GCancellable *cancellable,
                   gpointer      user_data)
{
  ServeState *state = user_data;

  /* Before the start has finished, the cancelled start ends in on_started. */
  if (state->started)
    stop_engine (state);
}

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ServeState *state = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_engine_start_finish (BS_ENGINE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Stopped before the engine was ready");
      else
        {
          bs_engine_cli_print_error ("%s", error->message);
          state->exit_code = g_error_matches (error, BS_ENGINE_ERROR, BS_ENGINE_ERROR_ADDRESS)
                             ? BS_EXIT_USAGE : BS_EXIT_FAILURE;
        }
      stop_engine (state);
      return;
    }

  state->started = TRUE;
  if (state->print_ready)
    print_ready_line (state);
  if (g_cancellable_is_cancelled (state->cancellable))
    stop_engine (state);
}

static gboolean
check_options (BsEngineOptions *options,
               int              port,
               gint64           demo_rows)
{
  if (port < 0 || port > G_MAXUINT16)
    {
      bs_engine_cli_usage_error ("serve", "--port must be from 0 (any free port) to 65535, "
                                 "not %d", port);
      return FALSE;
    }

  if (demo_rows < BS_DEMO_MIN_ROWS || demo_rows > BS_DEMO_MAX_ROWS)
    {
      bs_engine_cli_usage_error ("serve", "--demo-rows must be from %u to %u, not %"
                                 G_GINT64_FORMAT, BS_DEMO_MIN_ROWS, BS_DEMO_MAX_ROWS, demo_rows);
      return FALSE;
    }

  options->port = (guint) port;
  options->demo_rows = (guint64) demo_rows;
  return TRUE;
}

int
bs_engine_cli_serve (int    argc,
                     char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *address = NULL;
  g_autofree char *secrets_file = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BsEngine) engine = NULL;
  BsEngineOptions options = { 0 };
  ServeState state = { 0 };
  int port = BS_ENGINE_DEFAULT_PORT;
  gint64 demo_rows = BS_DEMO_DEFAULT_ROWS;
  gulong handler_id;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Listen on PORT (default 8737; 0: any free port)", "PORT" },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address,
      "Listen on ADDRESS (default 127.0.0.1)", "ADDRESS" },
    { "allow-remote", 0, 0, G_OPTION_ARG_NONE, &options.allow_remote,
      "Allow an ADDRESS other machines can reach", NULL },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Keep the workspace in DIR", "DIR" },
    { "demo-rows", 0, 0, G_OPTION_ARG_INT64, &demo_rows,
      "Fact rows in the demo dataset made at the first start (default 750000)", "N" },
    { "no-demo", 0, 0, G_OPTION_ARG_NONE, &options.no_demo,
      "Do not make the demo dataset", NULL },
    { "secrets-file", 0, 0, G_OPTION_ARG_FILENAME, &secrets_file,
      "Keep the admin token in FILE (mode 0600) instead of the keyring", "FILE" },
    { "print-ready", 0, 0, G_OPTION_ARG_NONE, &state.print_ready,
      "Once listening, print the discovery JSON as one line on stdout", NULL },
    { NULL }
  };

  if (!bs_engine_cli_parse ("serve", NULL,
                            "Runs the Business Engine: the JSON REST API under /api/v1/ that "
                            "Business Studio and scripts use.",
                            serve_description, entries, 0, &argc, &argv))
    return BS_EXIT_USAGE;
  if (!check_options (&options, port, demo_rows))
    return BS_EXIT_USAGE;

  options.data_dir = data_dir;
  options.address = address;
  options.secrets_file = secrets_file;
  engine = bs_engine_new (&options);

  state.engine = engine;
  state.cancellable = cancellable;
  handler_id = g_cancellable_connect (cancellable, G_CALLBACK (on_stop_requested), &state, NULL);
  bs_engine_cli_catch_signals (cancellable);
  bs_engine_start_async (engine, cancellable, on_started, &state);
  bs_engine_cli_run_until (&state.done);
  g_cancellable_disconnect (cancellable, handler_id);

  return state.exit_code;
}
