/* bs-engine-test.h — runs the real, built business-engine (found through $BUSINESS_ENGINE)
 * in a temporary directory and talks HTTP to it, for the engine tests.
 *
 * Each engine gets DATA_DIR=<tmp>/data, XDG_RUNTIME_DIR=<tmp>/run (0700),
 * XDG_DATA_HOME=<tmp>/xdg-data and TZ=UTC. Unless the test asks for the session bus, the
 * bus is disabled so that the engine keeps its admin token in the fallback file. A
 * spawned engine is killed when the test process dies, even on a failed assertion.
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bs-engine-discovery.h"
#include "bs-secret-store.h"

G_BEGIN_DECLS

typedef struct
{
  char              *tmp_dir;
  char              *data_dir;
  char              *runtime_dir;
  gboolean           use_session_bus;   /* set before starting: keep DBUS_SESSION_BUS_ADDRESS */

  GSubprocess       *process;
  GDataInputStream  *stdout_lines;
  char              *ready_line;
  BsEngineDiscovery *discovery;
  char              *admin_token;
  SoupSession       *session;
  /* NULL, or every response body, appended in order: a test that sets it searches it for
   * secrets. Freed with the engine. */
  GString           *transcript;
} BsTestEngine;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;      /* NULL when the body is empty or not JSON */
} BsTestResponse;

BsTestEngine   *bs_test_engine_new              (void);
/* Kills the engine if it still runs and removes the temporary directory. */
void            bs_test_engine_free             (BsTestEngine  *self);

/* A launcher with the environment above; @flags as for g_subprocess_launcher_new (). */
GSubprocessLauncher *bs_test_engine_launcher    (BsTestEngine  *self,
                                                 GSubprocessFlags flags);
/* Runs `business-engine ARGS…` to its end; returns the exit status, stdout and stderr. */
int             bs_test_engine_run_command      (BsTestEngine  *self,
                                                 const char * const *args,
                                                 char         **out_stdout,
                                                 char         **out_stderr);

/* Starts `serve --port 0 --print-ready --demo-rows 20000 --data-dir DATA_DIR EXTRA…`,
 * waits for the ready line and reads the admin token from the secret store it names. */
void            bs_test_engine_start            (BsTestEngine  *self,
                                                 const char * const *extra_args);
/* The same, with @env ("NAME=value" strings, NULL-terminated; may be NULL) added to the
 * engine's environment and its stderr (the log) written to the file @stderr_path (NULL:
 * the test's stderr). Starting again after bs_test_engine_kill () reuses DATA_DIR. */
void            bs_test_engine_start_full       (BsTestEngine  *self,
                                                 const char * const *extra_args,
                                                 const char * const *env,
                                                 const char    *stderr_path);
/* Kills the engine with SIGKILL, as a crash (no clean-up at all), and waits for it. */
void            bs_test_engine_kill             (BsTestEngine  *self);
/* Sends SIGTERM and waits; returns the exit status. */
int             bs_test_engine_stop             (BsTestEngine  *self);
char           *bs_test_engine_get_discovery_path (BsTestEngine *self);

/* @path below /api/v1/ ("home"), or absolute ("/other"). @token and @body may be NULL. */
BsTestResponse *bs_test_engine_request          (BsTestEngine  *self,
                                                 const char    *method,
                                                 const char    *path,
                                                 const char    *token,
                                                 const char    *body);
/* Asserts the status and returns the response. */
BsTestResponse *bs_test_engine_expect           (BsTestEngine  *self,
                                                 const char    *method,
                                                 const char    *path,
                                                 const char    *token,
                                                 const char    *body,
                                                 guint          status);
/* Asserts the error @status with @code whose message contains every one of the strings
 * after @code (NULL-terminated). */
void            bs_test_engine_expect_error     (BsTestEngine  *self,
                                                 const char    *method,
                                                 const char    *path,
                                                 const char    *token,
                                                 const char    *body,
                                                 guint          status,
                                                 const char    *code,
                                                 ...) G_GNUC_NULL_TERMINATED;
/* Creates a token through the API with the admin token; returns its secret. */
char           *bs_test_engine_create_token     (BsTestEngine  *self,
                                                 const char    *name,
                                                 const char    *role,
                                                 gint64        *out_id);
/* Sends @request as raw bytes on a new connection and returns all that comes back until
 * the engine closes it. */
char           *bs_test_engine_raw_request      (BsTestEngine  *self,
                                                 const char    *request,
                                                 gsize          length);

JsonObject     *bs_test_response_get_object     (BsTestResponse *self);
/* Asserts the error body of the API contract with @code; returns its message. */
const char     *bs_test_response_assert_error   (BsTestResponse *self,
                                                 const char     *code);
void            bs_test_response_free           (BsTestResponse *self);

/* Asserts that @secret is nowhere the engine keeps or tells things: its databases in
 * DATA_DIR (with their journals), its log at @log_path (may be NULL) and the transcript
 * (when there is one). */
void            bs_test_engine_assert_secret_nowhere (BsTestEngine *self,
                                                      const char   *log_path,
                                                      const char   *secret);

/* Looks @key up in @store (iterating the main context); NULL if nothing is stored. */
char           *bs_test_lookup_secret           (BsSecretStore  *store,
                                                 const char     *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTestEngine, bs_test_engine_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTestResponse, bs_test_response_free)

G_END_DECLS
