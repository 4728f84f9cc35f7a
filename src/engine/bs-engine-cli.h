/* bs-engine-cli.h — the commands of `business-engine` (serve, demo, token, import) and
 * what they share: option parsing that says what went wrong and how to get help, exit
 * codes.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_ENGINE_PROGRAM "business-engine"

/* Exit status of every command. */
#define BS_EXIT_OK      0
#define BS_EXIT_FAILURE 1   /* the command could not do its job; the message says why */
#define BS_EXIT_USAGE   2   /* wrong options or arguments */

/* Each takes the arguments after the command's name (argv[0] is the name). */
int             bs_engine_cli_serve       (int                  argc,
                                           char               **argv);
int             bs_engine_cli_demo        (int                  argc,
                                           char               **argv);
int             bs_engine_cli_token       (int                  argc,
                                           char               **argv);
int             bs_engine_cli_import      (int                  argc,
                                           char               **argv);

/* Parses the options of @command ("token create") described by @entries; the usage line
 * reads "business-engine @command [OPTION…] @parameter", and --help shows @summary and
 * @description. At most @max_arguments may follow the options. On a mistake, prints it
 * with a pointer to --help and returns FALSE. */
gboolean        bs_engine_cli_parse       (const char          *command,
                                           const char          *parameter,
                                           const char          *summary,
                                           const char          *description,
                                           const GOptionEntry  *entries,
                                           int                  max_arguments,
                                           int                 *argc,
                                           char              ***argv);
/* "business-engine: <message>" on stderr. */
void            bs_engine_cli_print_error (const char          *format,
                                           ...) G_GNUC_PRINTF (1, 2);
/* Prints @message for a usage mistake in @command and returns BS_EXIT_USAGE. */
int             bs_engine_cli_usage_error (const char          *command,
                                           const char          *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* From now on, SIGINT and SIGTERM cancel @cancellable instead of killing the process
 * (call it before starting anything that must be stopped cleanly). */
void            bs_engine_cli_catch_signals   (GCancellable        *cancellable);
/* Runs the main loop until @done is TRUE, then lets the signals act as usual again. */
void            bs_engine_cli_run_until       (gboolean            *done);

G_END_DECLS
