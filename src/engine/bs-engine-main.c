#define G_LOG_DOMAIN "bs-engine"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include <glib.h>

#include "bs-engine-cli.h"

static const char help_text[] =
  "Usage:\n"
  "  " BS_ENGINE_PROGRAM " COMMAND [OPTION…]\n"
  "\n"
  "The Business Engine: the local service behind Business Studio. It keeps the workspace\n"
  "and answers a JSON REST API on 127.0.0.1, for the Studio and for scripts.\n"
  "\n"
  "Commands:\n"
  "  serve     Run the engine (the API under http://127.0.0.1:8737/api/v1/)\n"
  "  demo      Write the demo retail dataset to a SQLite file\n"
  "  token     Create, list and revoke API tokens\n"
  "  import    Import a CSV file as a data source\n"
  "\n"
  "Options:\n"
  "  -h, --help     Show this help\n"
  "  --version      Print the version\n"
  "\n"
  "Run “" BS_ENGINE_PROGRAM " COMMAND --help” for what a command does and its options.\n"
  "\n"
  "Exit status: 0 success, 1 failure (the message says why), 2 wrong usage.\n";

/* Logs are for the person at the terminal or in the journal: one plain line each on
 * stderr, stdout being kept for what a command outputs (e.g. serve --print-ready). */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  const char *message = NULL;
  const char *domain = NULL;
  const char *prefix = "";

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
      else if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
    }

  if (message == NULL || g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    prefix = "critical: ";
  else if (level & G_LOG_LEVEL_WARNING)
    prefix = "warning: ";
  else if (level & G_LOG_LEVEL_DEBUG)
    prefix = "debug: ";

  fprintf (stderr, "%s: %s%s\n", BS_ENGINE_PROGRAM, prefix, message);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

int
main (int    argc,
      char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  /* A launcher may read the ready line and go away: writing a log line to its closed
   * pipe must fail quietly, not kill the engine it meant to leave running. */
  signal (SIGPIPE, SIG_IGN);
  g_set_prgname (BS_ENGINE_PROGRAM);
  g_log_set_writer_func (write_log, NULL, NULL);

  command = argc > 1 ? argv[1] : NULL;
  if (command == NULL)
    {
      fputs (help_text, stderr);
      return BS_EXIT_USAGE;
    }

  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      fputs (help_text, stdout);
      return BS_EXIT_OK;
    }

  if (g_str_equal (command, "--version"))
    {
      printf ("%s %s\n", BS_ENGINE_PROGRAM, PACKAGE_VERSION);
      return BS_EXIT_OK;
    }

  if (g_str_equal (command, "serve"))
    return bs_engine_cli_serve (argc - 1, argv + 1);
  if (g_str_equal (command, "demo"))
    return bs_engine_cli_demo (argc - 1, argv + 1);
  if (g_str_equal (command, "token"))
    return bs_engine_cli_token (argc - 1, argv + 1);
  if (g_str_equal (command, "import"))
    return bs_engine_cli_import (argc - 1, argv + 1);

  fprintf (stderr, "%s: unknown command “%s”\nRun “%s --help” for the commands.\n",
           BS_ENGINE_PROGRAM, command, BS_ENGINE_PROGRAM);
  return BS_EXIT_USAGE;
}
