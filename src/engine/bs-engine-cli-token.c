#define G_LOG_DOMAIN "bs-engine-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bs-api-token.h"
#include "bs-engine-cli.h"
#include "bs-engine-json.h"
#include "bs-engine-tokens.h"
#include "bs-engine.h"
#include "bs-store.h"

static const char token_description[] =
  "Commands:\n"
  "  create --name NAME --role ROLE [--expires TIME]   make a token; prints its secret once\n"
  "  list [--json]                                     list the tokens (never their secrets)\n"
  "  revoke ID                                         stop a token from working\n"
  "\n"
  "Roles: viewer (read), editor (read and change settings), admin (also manage tokens).\n"
  "Each command takes --data-dir DIR (default $XDG_DATA_HOME/business-studio) and works\n"
  "on that workspace directly, whether or not an engine is running on it.\n"
  "\n"
  "Exit status:\n"
  "  0  done\n"
  "  1  failed (no workspace there, unknown token id, …)\n"
  "  2  wrong usage";

static const char data_dir_help[] =
  "Use the workspace in DIR (default $XDG_DATA_HOME/business-studio)";

static BsStore *
open_workspace (const char  *data_dir_option,
                GError     **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;

  if (data_dir_option != NULL)
    data_dir = g_canonicalize_filename (data_dir_option, NULL);
  else
    data_dir = bs_engine_get_default_data_dir ();

  path = g_build_filename (data_dir, "workspace.db", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "There is no workspace in %s yet; start the engine there once "
                   "(business-engine serve --data-dir %s) or name another with --data-dir",
                   data_dir, data_dir);
      return NULL;
    }

  return bs_store_open (path, error);
}

static char *
get_actor (void)
{
  return g_strdup_printf ("cli:%s", g_get_user_name ());
}

static int
fail (GError *error)
{
  bs_engine_cli_print_error ("%s", error->message);
  return BS_EXIT_FAILURE;
}

/* Returns BS_EXIT_OK, or BS_EXIT_USAGE after saying what is wrong. */
static int
check_create_options (BsEngineTokenSpec  *spec,
                      const char         *role,
                      const char         *expires,
                      GDateTime         **out_expires_at)
{
  const char *command = "token create";
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (spec->name == NULL || spec->name[0] == '\0')
    return bs_engine_cli_usage_error (command, "Name the token with --name NAME");
  if (role == NULL || !bs_role_from_string (role, &spec->role))
    return bs_engine_cli_usage_error (command, "--role must be viewer, editor or admin");
  if (expires == NULL)
    return BS_EXIT_OK;

  *out_expires_at = g_date_time_new_from_iso8601 (expires, utc);
  if (*out_expires_at == NULL)
    return bs_engine_cli_usage_error (command, "--expires must be an ISO 8601 time such as "
                                      "2030-01-31T12:00:00Z, not “%s”", expires);
  if (g_date_time_compare (*out_expires_at, now) <= 0)
    return bs_engine_cli_usage_error (command, "--expires %s is in the past", expires);

  spec->expires_at = *out_expires_at;
  return BS_EXIT_OK;
}

static int
token_create (int    argc,
              char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *actor = get_actor ();
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsEngineSecret) secret = NULL;
  BsEngineTokenSpec spec = { 0 };
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Call the token NAME (required)", "NAME" },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role,
      "Give it ROLE: viewer, editor or admin (required)", "ROLE" },
    { "expires", 'e', 0, G_OPTION_ARG_STRING, &expires,
      "Let it stop working at TIME (ISO 8601; default: never)", "TIME" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, data_dir_help, "DIR" },
    { NULL }
  };

  if (!bs_engine_cli_parse ("token create", NULL,
                            "Creates an API token and prints its secret, once, on stdout.",
                            token_description, entries, 0, &argc, &argv))
    return BS_EXIT_USAGE;
  spec.name = name;
  if (check_create_options (&spec, role, expires, &expires_at) != BS_EXIT_OK)
    return BS_EXIT_USAGE;

  if (!(store = open_workspace (data_dir, &error)) ||
      !(token = bs_engine_tokens_create (store, actor, &spec, &secret, &error)))
    return fail (error);

  fprintf (stderr, "Created the %s token “%s” (id %" G_GINT64_FORMAT "). Its secret is "
           "below; it is shown only this once.\n",
           bs_role_to_string (token->role), token->name, token->id);
  fprintf (stdout, "%s\n", secret);
  fflush (stdout);
  return BS_EXIT_OK;
}

static const char *
describe_state (const BsApiToken *token,
                GDateTime        *now)
{
  if (token->revoked_at != NULL)
    return "revoked";
  if (token->expires_at != NULL && g_date_time_compare (token->expires_at, now) <= 0)
    return "expired";
  return token->bootstrap ? "active (the Studio's)" : "active";
}

static void
print_cell (GString    *line,
            const char *text,
            guint       width)
{
  glong length = g_utf8_strlen (text, -1);

  g_string_append (line, text);
  for (glong i = length; i < (glong) width + 2; i++)
    g_string_append_c (line, ' ');
}

static void
print_time_cell (GString   *line,
                 GDateTime *time)
{
  g_autofree char *text = time != NULL ? bs_store_format_iso8601 (time) : g_strdup ("-");

  print_cell (line, text, 20);
}

static void
print_token_table (GPtrArray *tokens)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GString) line = g_string_new (NULL);
  guint name_width = 4;

  for (guint i = 0; i < tokens->len; i++)
    {
      const BsApiToken *token = g_ptr_array_index (tokens, i);

      name_width = MAX (name_width, (guint) g_utf8_strlen (token->name, -1));
    }

  g_string_append_printf (line, "%4s  ", "ID");
  print_cell (line, "NAME", name_width);
  g_string_append_printf (line, "%-8s%-22s%-22s%-22s%s",
                          "ROLE", "CREATED", "EXPIRES", "LAST USED", "STATE");
  fprintf (stdout, "%s\n", line->str);

  for (guint i = 0; i < tokens->len; i++)
    {
      const BsApiToken *token = g_ptr_array_index (tokens, i);

      g_string_printf (line, "%4" G_GINT64_FORMAT "  ", token->id);
      print_cell (line, token->name, name_width);
      print_cell (line, bs_role_to_string (token->role), 6);
      print_time_cell (line, token->created_at);
      print_time_cell (line, token->expires_at);
      print_time_cell (line, token->last_used_at);
      g_string_append (line, describe_state (token, now));
      fprintf (stdout, "%s\n", line->str);
    }
}

static void
print_token_json (GPtrArray *tokens)
{
  g_autoptr(JsonNode) root = bs_engine_json_items (tokens, bs_engine_json_add_token);
  g_autofree char *text = bs_engine_json_to_string (root, TRUE);

  fprintf (stdout, "%s\n", text);
}

static int
token_list (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      "Print JSON, as GET /api/v1/tokens answers", NULL },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, data_dir_help, "DIR" },
    { NULL }
  };

  if (!bs_engine_cli_parse ("token list", NULL,
                            "Lists the API tokens, revoked ones included. Secrets are never "
                            "shown.", token_description, entries, 0, &argc, &argv))
    return BS_EXIT_USAGE;

  if (!(store = open_workspace (data_dir, &error)) ||
      !(tokens = bs_api_token_list (store, &error)))
    return fail (error);

  if (json)
    print_token_json (tokens);
  else
    print_token_table (tokens);
  return BS_EXIT_OK;
}

static int
token_revoke (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *actor = get_actor ();
  g_autoptr(BsApiToken) token = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id;
  const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, data_dir_help, "DIR" },
    { NULL }
  };

  if (!bs_engine_cli_parse ("token revoke", "ID",
                            "Revokes the API token ID: it stops working at once.",
                            token_description, entries, 1, &argc, &argv))
    return BS_EXIT_USAGE;
  if (argc != 2)
    return bs_engine_cli_usage_error ("token revoke", "Give the id of one token to revoke "
                                      "(see “business-engine token list”)");
  if (!g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    return bs_engine_cli_usage_error ("token revoke", "“%s” is not a token id", argv[1]);

  if (!(store = open_workspace (data_dir, &error)) ||
      !(token = bs_api_token_lookup (store, (gint64) id, &error)) ||
      !bs_engine_tokens_revoke (store, actor, token, &error))
    return fail (error);

  fprintf (stderr, "Revoked the token “%s” (id %" G_GINT64_FORMAT ")\n", token->name, token->id);
  return BS_EXIT_OK;
}

static int
print_token_help (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  %s token COMMAND [OPTION…]\n"
           "\n"
           "Manages the API tokens of a workspace. Run “%s token COMMAND --help” for the\n"
           "options of a command.\n"
           "\n"
           "%s\n",
           BS_ENGINE_PROGRAM, BS_ENGINE_PROGRAM, token_description);
  return stream == stdout ? BS_EXIT_OK : BS_EXIT_USAGE;
}

int
bs_engine_cli_token (int    argc,
                     char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;

  if (command == NULL)
    return print_token_help (stderr);
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h"))
    return print_token_help (stdout);
  if (g_str_equal (command, "create"))
    return token_create (argc - 1, argv + 1);
  if (g_str_equal (command, "list"))
    return token_list (argc - 1, argv + 1);
  if (g_str_equal (command, "revoke"))
    return token_revoke (argc - 1, argv + 1);

  return bs_engine_cli_usage_error ("token", "Unknown command “%s”; the commands are create, "
                                    "list and revoke", command);
}
