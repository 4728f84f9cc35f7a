#define G_LOG_DOMAIN "bs-engine-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <gio/gio.h>

#include "bs-engine-cli.h"

GOptionContext *
bs_engine_cli_context_new (const char         *command,
                           const char         *parameter,
                           const char         *summary,
                           const char         *description,
                           const GOptionEntry *entries)
{
  GOptionContext *context;

  g_return_val_if_fail (command != NULL, NULL);

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  return context;
}

gboolean
bs_engine_cli_parse (GOptionContext   *context,
                     const char       *command,
                     int              *argc,
                     char           ***argv)
{
  g_autofree char *prgname = g_strdup (g_get_prgname ());
  g_autofree char *full_name = g_strdup_printf ("%s %s", PACKAGE_NAME, command);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* GOption writes the program name into the usage line: make it name the command. */
  g_set_prgname (full_name);
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname (prgname);

  if (!ok)
    bs_engine_cli_usage_error (command, "%s", error->message);
  return ok;
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

  fprintf (stderr, "%s: %s\n", PACKAGE_NAME, message);
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
           PACKAGE_NAME, command, message, PACKAGE_NAME, command);
  return BS_EXIT_USAGE;
}

static gboolean
on_signal (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_message ("Interrupted; stopping");
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

void
bs_engine_cli_run_until (gboolean     *done,
                         GCancellable *cancellable)
{
  guint sigint_id;
  guint sigterm_id;

  g_return_if_fail (done != NULL);
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  sigint_id = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
}
