/* bs-studio-test-util.h — a real Business Engine process for the Studio's tests, and ways
 * to wait for asynchronous work on the main context.
 *
 * Every engine a test starts is killed when the test ends, also when an assertion aborts
 * it or meson's timeout stops it.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "bs-engine-client.h"
#include "bs-engine-discovery.h"

G_BEGIN_DECLS

#define BS_TEST_DEMO_ROWS "20000"
/* A first start generates the demo rows; give a slow, busy machine room. */
#define BS_TEST_ENGINE_TIMEOUT_MS (120 * 1000)

/* Call first in main(), before anything asks GLib for the runtime directory: makes a
 * temporary root with a private "run" directory and points XDG_RUNTIME_DIR at it, so that
 * the engines started here and the Studio find each other there and nowhere else.
 * Returns the root; remove it with bs_test_remove_tree (). */
char         *bs_test_init_runtime_dir (void);
void          bs_test_remove_tree      (const char    *path);
/* Call before gtk_test_init (): the tests draw with cairo (GSK_RENDERER=cairo), and GDK's
 * probe of Mesa's EGL leaks once at start-up, which AddressSanitizer reports from a module
 * it cannot name (so no suppression can match it). */
void          bs_test_disable_gl       (void);

/* Kills @pid (SIGKILL) if the test process ends abnormally before bs_test_forget_pid (). */
void          bs_test_kill_on_abort    (GPid           pid);
void          bs_test_forget_pid       (GPid           pid);
GPid          bs_test_subprocess_pid   (GSubprocess   *subprocess);
/* SIGTERM, then SIGKILL if it is still running after a few seconds. */
void          bs_test_stop_subprocess  (GSubprocess   *subprocess);

typedef struct
{
  char              *data_dir;
  GSubprocess       *process;
  BsEngineDiscovery *discovery;
  char              *token;
  BsEngineClient    *client;   /* with the admin token */
} BsTestEngine;

/* A loopback URL on which nothing listens: "http://127.0.0.1:<port>/". */
char         *bs_test_closed_url       (void);
/* A web server in this process on a loopback port picked by the system, with @callback
 * for every path; *@out_base_url is "http://127.0.0.1:<port>/". */
SoupServer   *bs_test_http_server_new  (SoupServerCallback  callback,
                                        gpointer            user_data,
                                        char              **out_base_url);
/* Writes a discovery file at @path naming an engine at @url whose token is kept under a
 * key nothing is stored under. */
void          bs_test_write_discovery  (const char    *path,
                                        const char    *url);

/* Starts $BUSINESS_ENGINE serve --port 0 --print-ready --demo-rows 20000 --data-dir
 * @data_dir, waits for its ready line and reads its admin token. */
BsTestEngine *bs_test_engine_start     (const char    *data_dir,
                                        GError       **error);
/* The same with @root/data as its data directory; a failure fails the test. */
BsTestEngine *bs_test_engine_start_in  (const char    *root);
void          bs_test_engine_stop      (BsTestEngine  *engine);

/* Runs the thread-default main context until @done (polled) is TRUE or @timeout_ms has
 * passed; returns whether it became TRUE. */
typedef gboolean (*BsTestCondition) (gpointer user_data);
gboolean      bs_test_wait_until       (BsTestCondition condition,
                                        gpointer        user_data,
                                        guint           timeout_ms);
/* A GAsyncReadyCallback that keeps the result in the GAsyncResult* at @user_data, and a
 * wait for it. */
void          bs_test_store_result     (GObject       *source,
                                        GAsyncResult  *result,
                                        gpointer       user_data);
GAsyncResult *bs_test_wait_result      (GAsyncResult **result);
/* One request, run to completion. */
JsonNode     *bs_test_request          (BsEngineClient *client,
                                        const char     *method,
                                        const char     *path,
                                        JsonNode       *body,
                                        GError        **error);

/* The id of the engine's demo data source; its absence fails the test. */
gint64        bs_test_find_demo_source (BsEngineClient *client);

G_END_DECLS
