#define G_LOG_DOMAIN "bs-engine-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <gio/gio.h>

#include "bs-engine-cli.h"

gboolean
bs_engine_cli_parse (const char           *command,
                     const char           *parameter,
                     const char           *summary,
                     const char           *description,
                     const GOptionEntry   *entries,
                     int                   max_arguments,
                     int                  *argc,
                     char               ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autofree char *full_name = g_strdup_printf ("%s %s", BS_ENGINE_PROGRAM, command);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (command != NULL, FALSE);

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  /* GOption writes the program name into the usage line: make it name the command. */
  g_set_prgname (full_name);
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname (prgname);

  if (!ok)
    bs_engine_cli_usage_error (command, "%s", error->message);
  else if (*argc - 1 > max_arguments)
    bs_engine_cli_usage_error (command, "Unexpected argument “%s”", (*argv)[max_arguments + 1]);
  return ok && *argc - 1 <= max_arguments;
}

void
bs_engine_cli_print_error (const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", BS_ENGINE_PROGRAM, message);
}

int
bs_engine_cli_usage_error (const char *command,
                           const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s %s: %s\nTry “%s %s --help” for the options.\n",
           BS_ENGINE_PROGRAM, command, message, BS_ENGINE_PROGRAM, command);
  return BS_EXIT_USAGE;
}

/* The process has one main loop, run by one command at a time. */
static guint sigint_id;
static guint sigterm_id;

static gboolean
on_sigint (gpointer user_data)
{
  g_message ("Interrupted (SIGINT); stopping");
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  g_message ("Asked to stop (SIGTERM); stopping");
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

void
bs_engine_cli_catch_signals (GCancellable *cancellable)
{
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (sigint_id == 0 && sigterm_id == 0);

  sigint_id = g_unix_signal_add (SIGINT, on_sigint, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, cancellable);
}

void
bs_engine_cli_run_until (gboolean *done)
{
  g_return_if_fail (done != NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);

  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);
}
