/* The instances routes of a real engine process, run through ../with-keyring.sh (a private
 * session bus with an unlocked gnome-keyring) so that tokens go where they go for a person:
 * adding, reading, changing and removing client Grafana instances, every validation error
 * naming its field, the token kept in the keyring and nowhere else (the database files,
 * the answers, the engine's log), and "test connection" against the Grafana test double
 * (../grafana/grafana-double.py) over HTTP and HTTPS. One engine serves every test. */
#define G_LOG_DOMAIN "test-engine-instances"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bs-engine-test.h"
#include "bs-grafana-instance.h"
#include "bs-test-util.h"

/* Long and unlikely, so that finding one anywhere means it leaked. */
#define TOKEN_A       "glsa_G1leakcheck_acme_Q7tZ9pWmV3xK8rN2bH5cJ4dF_6gL1sA0e"
#define TOKEN_A_NEW   "glsa_G1leakcheck_acme2_M4nB7vC2xZ9qW5eR8tY1uI3_oP6aS2d"
#define TOKEN_B       "glsa_G1leakcheck_bolt_Z8xC7vB6nM5aS4dF3gH2jK1l_Qw9Er8t"
#define TOKEN_NORIGHT "glsa_G1leakcheck_none_P0oI9uY8tR7eW6qA5sD4fG3h_Jk2Lz1x"
#define TOKEN_WRONG   "glsa_G1leakcheck_wrong_L5kJ4hG3fD2sA1qW0eR9tY8_uI7oP6a"

static const char * const all_tokens[] = {
  TOKEN_A, TOKEN_A_NEW, TOKEN_B, TOKEN_NORIGHT, TOKEN_WRONG, NULL
};

static BsTestEngine *engine;
static char *log_path;
static char *editor_token;
static char *viewer_token;

#define expect(...) bs_test_engine_expect (engine, __VA_ARGS__)

/* The Grafana test double, or any helper process, on loopback */

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *url;
  guint16      port;
} Server;

static void
server_stop (Server *self)
{
  g_subprocess_send_signal (self->process, SIGTERM);
  g_assert_true (g_subprocess_wait (self->process, NULL, NULL));
  g_object_unref (self->process);
  bs_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_stop)

/* Starts @argv (the engine's launcher: it dies with this test) and reads the port from the
 * first line of its stdout that has one. */
static Server *
server_spawn (char               *dir,
              const char         *scheme,
              const char * const *argv)
{
  Server *self = g_new0 (Server, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint64 port = 0;

  self->dir = dir;
  launcher = bs_test_engine_launcher (engine, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  self->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  /* "43210" from the double; "Serving HTTP on 127.0.0.1 port 43210 (…)" from http.server */
  if (strstr (line, " port ") != NULL)
    port = g_ascii_strtoull (strstr (line, " port ") + 6, NULL, 10);
  else
    port = g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  self->port = port;
  self->url = g_strdup_printf ("%s://127.0.0.1:%u/", scheme, self->port);
  return self;
}

/* A double whose org is @org_id “@org_name”; @tokens_json is the "tokens" array; @extra
 * more members of its state ("" for none, else starting with a comma); with @cert and @key
 * it serves HTTPS. */
static Server *
double_start_full (gint64      org_id,
                   const char *org_name,
                   const char *tokens_json,
                   const char *extra,
                   const char *cert,
                   const char *key)
{
  char *dir = bs_test_make_tmp_dir ();
  g_autofree char *state_path = g_build_filename (dir, "state.json", NULL);
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  const char *python = g_getenv ("GRAFANA_DOUBLE_PYTHON");
  const char *script = g_getenv ("GRAFANA_DOUBLE");
  const char *argv[] = { python, script, "--state", state_path, "--port", "0",
                         "--tls-cert", cert, "--tls-key", key, NULL };

  g_assert_nonnull (python);
  g_assert_nonnull (script);
  state = g_strdup_printf ("{\"version\": \"11.3.0\", \"org\": {\"id\": %" G_GINT64_FORMAT
                           ", \"name\": \"%s\"}, \"tokens\": %s%s}", org_id, org_name,
                           tokens_json, extra);
  g_assert_true (g_file_set_contents (state_path, state, -1, &error));
  if (cert == NULL)
    argv[6] = NULL;
  return server_spawn (dir, cert != NULL ? "https" : "http", argv);
}

static Server *
double_start (gint64      org_id,
              const char *org_name,
              const char *tokens_json,
              const char *cert,
              const char *key)
{
  return double_start_full (org_id, org_name, tokens_json, "", cert, key);
}

static gboolean
accept_any (SoupMessage          *message,
            GTlsCertificate      *certificate,
            GTlsCertificateFlags  errors,
            gpointer              user_data)
{
  return TRUE;
}

/* What the double recorded, with the hash of each token:
 * [{"method", "path", "authenticated", "token_sha256"}]. */
static JsonArray *
double_requests (Server *server)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->url, "_double/requests/tokens", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* The test reads its own double; the engine is what must verify certificates. */
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_any), NULL);
  soup_session_set_proxy_resolver (session, NULL);
  bytes = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), &error));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

/* A self-signed certificate for 127.0.0.1 made with the openssl command in @dir, or FALSE
 * when openssl is not installed. */
static gboolean
make_certificate (const char  *dir,
                  const char  *name,
                  char       **out_cert,
                  char       **out_key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_strdup_printf ("%s/%s-cert.pem", dir, name);
  g_autofree char *key = g_strdup_printf ("%s/%s-key.pem", dir, name);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    return FALSE;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", key, "-out", cert, "-days", "2",
                              "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  *out_cert = g_steal_pointer (&cert);
  *out_key = g_steal_pointer (&key);
  return TRUE;
}

/* The engine */

static gint64
create_instance (const char *body)
{
  g_autoptr(BsTestResponse) response = expect ("POST", "instances", editor_token, body,
                                               SOUP_STATUS_CREATED);

  return json_object_get_int_member (bs_test_response_get_object (response), "id");
}

static void
delete_instance (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("instances/%" G_GINT64_FORMAT, id);
  g_autoptr(BsTestResponse) response = expect ("DELETE", path, editor_token, NULL,
                                               SOUP_STATUS_NO_CONTENT);
}

static char *
keyring_token (gint64 id)
{
  g_autoptr(BsSecretStore) keyring = bs_secret_store_new_for_keyring ();
  g_autofree char *key = bs_grafana_instance_secret_key (id);

  return bs_test_lookup_secret (keyring, key);
}

/* POST instances/{id}/test; asserts 200 and returns the answer. */
static BsTestResponse *
test_connection (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("instances/%" G_GINT64_FORMAT "/test", id);

  return expect ("POST", path, editor_token, NULL, SOUP_STATUS_OK);
}

/* Tests the instance made from @body; asserts the status "error" with @reason, and that the
 * message holds @words (may be NULL). */
static void
assert_test_fails (const char *body,
                   const char *reason,
                   const char *words)
{
  gint64 id = create_instance (body);
  g_autoptr(BsTestResponse) response = test_connection (id);
  JsonObject *object = bs_test_response_get_object (response);
  const char *message = json_object_get_string_member (object, "message");

  g_test_message ("%s: %s", reason, message);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, reason);
  g_assert_true (json_object_get_int_member (object, "elapsed_ms") >= 0);
  if (words != NULL)
    g_assert_nonnull (strstr (message, words));
  delete_instance (id);
}

static void
assert_test_ok (const char *body,
                const char *org_name)
{
  gint64 id = create_instance (body);
  g_autoptr(BsTestResponse) response = test_connection (id);
  JsonObject *object = bs_test_response_get_object (response);
  JsonObject *org = json_object_get_object_member (object, "org");

  g_test_message ("ok: %s", json_object_get_string_member (object, "message"));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "11.3.0");
  g_assert_cmpint (json_object_get_int_member (org, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (org, "name"), ==, org_name);
  delete_instance (id);
}

static guint assert_only_token (Server     *server,
                                const char *token);

/* CRUD */

static void
test_crud (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;
  JsonObject *labels;
  gint64 id;

  response = expect ("POST", "instances", editor_token,
                     "{\"name\": \"Acme production\","
                     " \"url\": \"https://grafana.acme.example/grafana\","
                     " \"org_id\": 3, \"folder_uid\": \"bs-acme_1\","
                     " \"folder_title\": \"Business Studio\","
                     " \"labels\": {\"client\": \"acme\", \"tier\": \"gold\"}}",
                     SOUP_STATUS_CREATED);
  object = bs_test_response_get_object (response);
  id = json_object_get_int_member (object, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Acme production");
  g_assert_cmpstr (json_object_get_string_member (object, "url"), ==,
                   "https://grafana.acme.example/grafana");
  g_assert_cmpint (json_object_get_int_member (object, "org_id"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "folder_uid"), ==, "bs-acme_1");
  g_assert_cmpstr (json_object_get_string_member (object, "folder_title"), ==,
                   "Business Studio");
  labels = json_object_get_object_member (object, "labels");
  g_assert_cmpstr (json_object_get_string_member (labels, "tier"), ==, "gold");
  /* Verification is on unless turned off explicitly. */
  g_assert_false (json_object_get_boolean_member (object, "tls_skip_verify"));
  g_assert_true (json_object_get_null_member (object, "ca_file"));
  g_assert_false (json_object_get_boolean_member (object, "has_token"));
  g_assert_false (json_object_has_member (object, "token"));
  g_assert_nonnull (json_object_get_string_member (object, "created_at"));

  /* Viewers read; only editors change. */
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "instances", viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    bs_test_response_get_object (response), "items")), ==, 1);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("POST", "instances", viewer_token,
                     "{\"name\": \"Viewer's\", \"url\": \"http://127.0.0.1:1/\"}",
                     SOUP_STATUS_FORBIDDEN);

  /* A partial change keeps the rest; the org id defaults to 1 on a new one. */
  path = g_strdup_printf ("instances/%" G_GINT64_FORMAT, id);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, editor_token,
                     "{\"name\": \"Acme prod\", \"labels\": {\"client\": \"acme\"},"
                     " \"folder_title\": null}", SOUP_STATUS_OK);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Acme prod");
  g_assert_cmpint (json_object_get_int_member (object, "org_id"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "folder_uid"), ==, "bs-acme_1");
  g_assert_true (json_object_get_null_member (object, "folder_title"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "labels")),
                    ==, 1);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, viewer_token, "{\"name\": \"x\"}", SOUP_STATUS_FORBIDDEN);

  /* Names are unique. */
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("POST", "instances", editor_token,
                     "{\"name\": \"Bolt\", \"url\": \"http://127.0.0.1:1/\"}",
                     SOUP_STATUS_CREATED);
  g_assert_cmpint (json_object_get_int_member (bs_test_response_get_object (response),
                                               "org_id"), ==, 1);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"name\": \"Acme prod\", \"url\": \"http://127.0.0.1:1/\"}",
                               SOUP_STATUS_CONFLICT, "conflict", "Acme prod",
                               "already exists", NULL);
  bs_test_engine_expect_error (engine, "PUT", path, editor_token, "{\"name\": \"Bolt\"}",
                               SOUP_STATUS_CONFLICT, "conflict", "Bolt", NULL);
  delete_instance (json_object_get_int_member (bs_test_response_get_object (response), "id"));

  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (response),
                                                  "name"), ==, "Acme prod");
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", path, viewer_token, NULL, SOUP_STATUS_FORBIDDEN);
  delete_instance (id);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", path, viewer_token, NULL, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("DELETE", path, editor_token, NULL, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, editor_token, "{\"name\": \"x\"}", SOUP_STATUS_NOT_FOUND);
}

/* Validation: every refusal names its field */

typedef struct
{
  const char *fields;     /* the members after name and url */
  const char *words[3];   /* in the message */
} Invalid;

static void
test_validation (void)
{
  g_autofree char *long_name = g_strnfill (191, 'n');
  g_autofree char *long_uid = g_strnfill (41, 'u');
  g_autofree char *missing_ca = g_build_filename (engine->tmp_dir, "no-such-ca.pem", NULL);
  g_autofree char *not_pem = g_build_filename (engine->tmp_dir, "not-a-ca.pem", NULL);
  g_autoptr(GString) many = g_string_new ("\"labels\": {");
  char *bodies[6] = { NULL };
  const Invalid cases[] = {
    { "\"org_id\": 0", { "org_id", "at least 1" } },
    { "\"org_id\": \"2\"", { "org_id" } },
    { "\"org_id\": 1.5", { "org_id" } },
    { "\"folder_uid\": \"bad/uid\"", { "folder_uid", "letters, digits" } },
    { "\"folder_uid\": 7", { "folder_uid", "string" } },
    { "\"folder_title\": \"   \"", { "folder_title", "empty" } },
    { "\"labels\": [\"client\"]", { "labels", "object" } },
    { "\"labels\": {\"1client\": \"x\"}", { "labels", "1client" } },
    { "\"labels\": {\"cli-ent\": \"x\"}", { "labels", "cli-ent" } },
    { "\"labels\": {\"client\": 4}", { "labels.client", "string" } },
    { "\"tls_skip_verify\": \"yes\"", { "tls_skip_verify" } },
    { "\"ca_file\": \"relative.pem\"", { "ca_file", "absolute" } },
    { "\"token\": \"\"", { "token", "empty" } },
    { "\"token\": 12", { "token", "string" } },
    { "\"token\": \"glsa_two words\"", { "token", "spaces" } },
    { "\"password\": \"x\"", { "password", "no field" } },
  };

  g_assert_true (g_file_set_contents (not_pem, "this is not a certificate\n", -1, NULL));
  for (guint i = 0; i < 33; i++)
    g_string_append_printf (many, "%s\"l%u\": \"v\"", i > 0 ? ", " : "", i);
  g_string_append_c (many, '}');

  /* name and url */
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"url\": \"http://127.0.0.1:1/\"}", SOUP_STATUS_BAD_REQUEST,
                               "bad_request", "“name”", "required", NULL);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"name\": \" \", \"url\": \"http://127.0.0.1:1/\"}",
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "“name”", "empty",
                               NULL);
  bodies[0] = g_strdup_printf ("{\"name\": \"%s\", \"url\": \"http://127.0.0.1:1/\"}",
                               long_name);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token, bodies[0],
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "“name”", "190", NULL);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"name\": \"No URL\"}", SOUP_STATUS_BAD_REQUEST,
                               "bad_request", "“url”", "required", NULL);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"name\": \"FTP\", \"url\": \"ftp://grafana.example/\"}",
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "“url”", "https://",
                               NULL);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"name\": \"Creds\", \"url\": \"https://ann:pw@g.example/\"}",
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "“url”", "password",
                               NULL);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token,
                               "{\"name\": \"Query\", \"url\": \"https://g.example/?orgId=2\"}",
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "“url”", "query", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Case %u\", \"url\": "
                                               "\"http://127.0.0.1:1/\", %s}", i,
                                               cases[i].fields);
      g_autoptr(BsTestResponse) response = expect ("POST", "instances", editor_token, body,
                                                   SOUP_STATUS_BAD_REQUEST);
      const char *message = bs_test_response_assert_error (response, "bad_request");

      g_test_message ("%s → %s", cases[i].fields, message);
      for (guint w = 0; w < G_N_ELEMENTS (cases[i].words) && cases[i].words[w] != NULL; w++)
        g_assert_nonnull (strstr (message, cases[i].words[w]));
    }

  bodies[1] = g_strdup_printf ("{\"name\": \"Long uid\", \"url\": \"http://127.0.0.1:1/\","
                               " \"folder_uid\": \"%s\"}", long_uid);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token, bodies[1],
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "folder_uid", "40",
                               NULL);
  bodies[2] = g_strdup_printf ("{\"name\": \"Many\", \"url\": \"http://127.0.0.1:1/\", %s}",
                               many->str);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token, bodies[2],
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "labels", "32", NULL);
  /* A CA file that cannot be read is refused at save time, by name. */
  bodies[3] = g_strdup_printf ("{\"name\": \"CA\", \"url\": \"https://127.0.0.1:1/\","
                               " \"ca_file\": \"%s\"}", missing_ca);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token, bodies[3],
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "ca_file", missing_ca,
                               NULL);
  bodies[4] = g_strdup_printf ("{\"name\": \"CA\", \"url\": \"https://127.0.0.1:1/\","
                               " \"ca_file\": \"%s\"}", not_pem);
  bs_test_engine_expect_error (engine, "POST", "instances", editor_token, bodies[4],
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "ca_file", not_pem,
                               NULL);

  /* Nothing was added by any of them; a change is checked the same way. */
  {
    g_autoptr(BsTestResponse) response = expect ("GET", "instances", viewer_token, NULL,
                                                 SOUP_STATUS_OK);
    gint64 id;

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      bs_test_response_get_object (response), "items")), ==, 0);
    id = create_instance ("{\"name\": \"Valid\", \"url\": \"http://127.0.0.1:1/g\"}");
    bodies[5] = g_strdup_printf ("instances/%" G_GINT64_FORMAT, id);
    bs_test_engine_expect_error (engine, "PUT", bodies[5], editor_token, "{\"org_id\": -4}",
                                 SOUP_STATUS_BAD_REQUEST, "bad_request", "org_id", NULL);
    bs_test_engine_expect_error (engine, "PUT", bodies[5], editor_token, "{\"url\": null}",
                                 SOUP_STATUS_BAD_REQUEST, "bad_request", "url", NULL);
    delete_instance (id);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_free (bodies[i]);
}

/* The token: in the keyring, replaced, forgotten */

static void
test_token (void)
{
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;
  gint64 id;

  response = expect ("POST", "instances", editor_token,
                     "{\"name\": \"Keyed\", \"url\": \"http://127.0.0.1:1/\","
                     " \"token\": \"" TOKEN_A "\"}", SOUP_STATUS_CREATED);
  object = bs_test_response_get_object (response);
  id = json_object_get_int_member (object, "id");
  g_assert_true (json_object_get_boolean_member (object, "has_token"));
  g_assert_false (json_object_has_member (object, "token"));
  kept = keyring_token (id);
  g_assert_cmpstr (kept, ==, TOKEN_A);

  /* A change without a token keeps it; a new token replaces it. */
  path = g_strdup_printf ("instances/%" G_GINT64_FORMAT, id);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, editor_token, "{\"org_id\": 2}", SOUP_STATUS_OK);
  g_assert_true (json_object_get_boolean_member (bs_test_response_get_object (response),
                                                 "has_token"));
  g_clear_pointer (&kept, g_free);
  kept = keyring_token (id);
  g_assert_cmpstr (kept, ==, TOKEN_A);
  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("PUT", path, editor_token, "{\"token\": \"" TOKEN_A_NEW "\"}",
                     SOUP_STATUS_OK);
  g_clear_pointer (&kept, g_free);
  kept = keyring_token (id);
  g_assert_cmpstr (kept, ==, TOKEN_A_NEW);

  /* A refused change leaves the token as it was. */
  body = g_strdup ("{\"token\": \"" TOKEN_B "\", \"org_id\": 0}");
  bs_test_engine_expect_error (engine, "PUT", path, editor_token, body,
                               SOUP_STATUS_BAD_REQUEST, "bad_request", "org_id", NULL);
  g_clear_pointer (&kept, g_free);
  kept = keyring_token (id);
  g_assert_cmpstr (kept, ==, TOKEN_A_NEW);

  g_clear_pointer (&response, bs_test_response_free);
  response = expect ("GET", "instances", viewer_token, NULL, SOUP_STATUS_OK);
  object = json_array_get_object_element (json_object_get_array_member (
    bs_test_response_get_object (response), "items"), 0);
  g_assert_true (json_object_get_boolean_member (object, "has_token"));

  /* Deleting the instance forgets its token. */
  delete_instance (id);
  g_clear_pointer (&kept, g_free);
  kept = keyring_token (id);
  g_assert_null (kept);
}

/* Test connection */

static void
test_connection_plain (void)
{
  g_autoptr(Server) grafana = NULL;
  g_autoptr(Server) web = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  char *web_dir = bs_test_make_tmp_dir ();
  const char *web_argv[] = { g_getenv ("GRAFANA_DOUBLE_PYTHON"), "-u", "-m", "http.server",
                             "--bind", "127.0.0.1", "0", NULL };
  guint16 closed_port;

  grafana = double_start (1, "Acme", "[{\"token\": \"" TOKEN_A "\", \"role\": \"Admin\"},"
                          " {\"token\": \"" TOKEN_NORIGHT "\", \"role\": \"None\"}]",
                          NULL, NULL);

  body = g_strdup_printf ("{\"name\": \"Acme ok\", \"url\": \"%s\", \"token\": \"" TOKEN_A
                          "\"}", grafana->url);
  assert_test_ok (body, "Acme");
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Acme bad token\", \"url\": \"%s\", \"token\": \""
                          TOKEN_WRONG "\"}", grafana->url);
  assert_test_fails (body, "unauthorized", "did not accept the token");
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Acme no rights\", \"url\": \"%s\", \"token\": \""
                          TOKEN_NORIGHT "\"}", grafana->url);
  assert_test_fails (body, "forbidden", "permission");
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Acme org 2\", \"url\": \"%s\", \"org_id\": 2,"
                          " \"token\": \"" TOKEN_A "\"}", grafana->url);
  assert_test_fails (body, "wrong_org", "org id 2");
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Acme tokenless\", \"url\": \"%s\"}", grafana->url);
  assert_test_fails (body, "no_token", "token");

  /* A closed port: nothing listens there once the listener is gone. */
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Closed\", \"url\": \"http://127.0.0.1:%u/\","
                          " \"token\": \"" TOKEN_A "\"}", closed_port);
  assert_test_fails (body, "unreachable", "refused");

  /* A web server that is not Grafana: /api/health is a 404 page, not JSON. */
  web = server_spawn (web_dir, "http", web_argv);
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Not Grafana\", \"url\": \"%s\", \"token\": \"" TOKEN_A
                          "\"}", web->url);
  assert_test_fails (body, "not_grafana", "Grafana");
}

/* /api/health as Grafana answers it with its database failing, and with the version
 * hidden (anonymous.hide_version). */
static void
test_connection_health (void)
{
  const char *tokens = "[{\"token\": \"" TOKEN_A "\", \"role\": \"Admin\"}]";
  g_autoptr(Server) failing = double_start_full (1, "Acme", tokens,
                                                 ", \"database_failing\": true", NULL, NULL);
  g_autoptr(Server) hidden = double_start_full (1, "Acme", tokens, ", \"hide_version\": true",
                                                NULL, NULL);
  g_autoptr(BsTestResponse) response = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;
  gint64 id;

  body = g_strdup_printf ("{\"name\": \"Failing\", \"url\": \"%s\", \"token\": \"" TOKEN_A
                          "\"}", failing->url);
  assert_test_fails (body, "error", "database");
  /* It stopped at the health check: the token went nowhere. */
  g_assert_cmpuint (assert_only_token (failing, TOKEN_A), ==, 0);

  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Hidden\", \"url\": \"%s\", \"token\": \"" TOKEN_A
                          "\"}", hidden->url);
  id = create_instance (body);
  response = test_connection (id);
  object = bs_test_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_true (json_object_get_null_member (object, "version"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "org"),
                                               "id"), ==, 1);
  delete_instance (id);
}

static void
test_connection_tls (void)
{
  g_autoptr(Server) grafana = NULL;
  g_autofree char *dir = bs_test_make_tmp_dir ();
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_cert = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *body = NULL;

  if (!make_certificate (dir, "grafana", &cert, &key) ||
      !make_certificate (dir, "other", &other_cert, &other_key))
    {
      g_test_skip ("the openssl command is not installed");
      bs_test_remove_tree (dir);
      return;
    }
  grafana = double_start (1, "Secure", "[{\"token\": \"" TOKEN_A "\", \"role\": \"Admin\"}]",
                          cert, key);

  /* Self-signed and no CA file: refused, saying what to do. */
  body = g_strdup_printf ("{\"name\": \"TLS default\", \"url\": \"%s\", \"token\": \"" TOKEN_A
                          "\"}", grafana->url);
  assert_test_fails (body, "tls", "ca_file");
  /* Another CA: refused, naming the file. */
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"TLS other CA\", \"url\": \"%s\", \"ca_file\": \"%s\","
                          " \"token\": \"" TOKEN_A "\"}", grafana->url, other_cert);
  assert_test_fails (body, "tls", other_cert);
  /* Its own CA file: trusted. */
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"TLS with CA\", \"url\": \"%s\", \"ca_file\": \"%s\","
                          " \"token\": \"" TOKEN_A "\"}", grafana->url, cert);
  assert_test_ok (body, "Secure");
  /* Verification turned off, for this instance alone. */
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"TLS unchecked\", \"url\": \"%s\","
                          " \"tls_skip_verify\": true, \"token\": \"" TOKEN_A "\"}",
                          grafana->url);
  assert_test_ok (body, "Secure");
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"TLS default again\", \"url\": \"%s\", \"token\": \""
                          TOKEN_A "\"}", grafana->url);
  assert_test_fails (body, "tls", NULL);
  /* Only the two instances that trusted it sent their token (to /api/org); the others
   * stopped before anything but /api/health, which carries none. */
  g_assert_cmpuint (assert_only_token (grafana, TOKEN_A), ==, 2);

  g_clear_pointer (&grafana, server_stop);
  bs_test_remove_tree (dir);
}

/* Asserts that every request @server recorded carried @token (the one of its client) or,
 * for /api/health, none; returns how many /api/org calls it saw. */
static guint
assert_only_token (Server     *server,
                   const char *token)
{
  g_autoptr(JsonArray) requests = double_requests (server);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  guint org_calls = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *path = json_object_get_string_member (request, "path");

      if (g_str_equal (path, "/api/health"))
        g_assert_true (json_object_get_null_member (request, "token_sha256"));
      else
        g_assert_cmpstr (json_object_get_string_member (request, "token_sha256"), ==, digest);
      if (g_str_equal (path, "/api/org"))
        org_calls++;
    }
  return org_calls;
}

static void
test_two_instances_own_tokens (void)
{
  g_autoptr(Server) acme = NULL;
  g_autoptr(Server) bolt = NULL;
  g_autofree char *body = NULL;
  /* Each double would accept the other's token too: only the records can tell. */
  const char *tokens = "[{\"token\": \"" TOKEN_A "\", \"role\": \"Admin\"},"
                       " {\"token\": \"" TOKEN_B "\", \"role\": \"Admin\"}]";
  gint64 acme_id;
  gint64 bolt_id;

  acme = double_start (1, "Acme", tokens, NULL, NULL);
  bolt = double_start (1, "Bolt", tokens, NULL, NULL);
  body = g_strdup_printf ("{\"name\": \"Acme\", \"url\": \"%s\", \"token\": \"" TOKEN_A "\"}",
                          acme->url);
  acme_id = create_instance (body);
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Bolt\", \"url\": \"%s\", \"token\": \"" TOKEN_B "\"}",
                          bolt->url);
  bolt_id = create_instance (body);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(BsTestResponse) first = test_connection (acme_id);
      g_autoptr(BsTestResponse) second = test_connection (bolt_id);

      g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (first),
                                                      "status"), ==, "ok");
      g_assert_cmpstr (json_object_get_string_member (bs_test_response_get_object (second),
                                                      "status"), ==, "ok");
    }
  g_assert_cmpuint (assert_only_token (acme, TOKEN_A), ==, 2);
  g_assert_cmpuint (assert_only_token (bolt, TOKEN_B), ==, 2);
  delete_instance (acme_id);
  delete_instance (bolt_id);
}

/* Last: the tokens every test used are in no file, answer or log line. */
static void
test_tokens_nowhere (void)
{
  for (guint i = 0; all_tokens[i] != NULL; i++)
    bs_test_engine_assert_secret_nowhere (engine, log_path, all_tokens[i]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("BS_TEST_PRIVATE_KEYRING") == NULL)
    {
      g_test_message ("run through tests/with-keyring.sh: it changes the keyring");
      return 77;
    }

  engine = bs_test_engine_new ();
  engine->use_session_bus = TRUE;
  engine->transcript = g_string_new (NULL);
  log_path = g_build_filename (engine->tmp_dir, "engine.log", NULL);
  bs_test_engine_start_full (engine, (const char * const[]) { "--no-demo", NULL }, NULL,
                             log_path);
  g_assert_cmpstr (engine->discovery->token_store, ==, "keyring");
  editor_token = bs_test_engine_create_token (engine, "editor", "editor", NULL);
  viewer_token = bs_test_engine_create_token (engine, "viewer", "viewer", NULL);

  g_test_add_func ("/bs/engine-instances/crud", test_crud);
  g_test_add_func ("/bs/engine-instances/validation", test_validation);
  g_test_add_func ("/bs/engine-instances/token", test_token);
  g_test_add_func ("/bs/engine-instances/test-connection", test_connection_plain);
  g_test_add_func ("/bs/engine-instances/test-connection-health", test_connection_health);
  g_test_add_func ("/bs/engine-instances/test-connection-tls", test_connection_tls);
  g_test_add_func ("/bs/engine-instances/own-tokens", test_two_instances_own_tokens);
  g_test_add_func ("/bs/engine-instances/tokens-nowhere", test_tokens_nowhere);
  status = g_test_run ();

  g_assert_cmpint (bs_test_engine_stop (engine), ==, 0);
  test_tokens_nowhere ();
  bs_test_engine_free (engine);
  g_free (log_path);
  g_free (editor_token);
  g_free (viewer_token);
  return status;
}
