/* bs-api-server.h — the engine's HTTP front: a SoupServer answering the JSON API under
 * /api/v1/ from a table of routes.
 *
 * Before a handler runs the server has matched the route (404, 405 with Allow), checked
 * the bearer token and its role (401 with WWW-Authenticate, 403), refused bodies over
 * 1 MiB (413, decided from Content-Length as soon as the headers are read, so such a
 * body is never kept in memory) and parsed the JSON body (400 saying where it is
 * malformed). Handlers run on the main thread and either answer before returning or
 * take the request over with bs_api_request_defer() and answer later; slow work goes to
 * the server's worker threads (bs_api_request_run_in_thread()), never the main loop.
 */
#pragma once

#include <gio/gio.h>

#include "bs-api-request.h"
#include "bs-api-token.h"
#include "bs-secret-store.h"
#include "bs-store.h"

G_BEGIN_DECLS

#define BS_API_MAX_BODY_SIZE (1024 * 1024)

/* Queries are CPU- and disk-bound: a few at a time keep the machine responsive and the
 * rest wait their turn. */
#define BS_API_WORKER_THREADS 4

/* The role of a route that needs no token (only GET health). */
#define BS_API_PUBLIC ((BsRole) 0)

typedef void (*BsApiHandler) (BsApiRequest *request);

typedef struct
{
  const char   *method;
  const char   *path;        /* below /api/v1/; a "{name}" segment is a parameter */
  BsRole        role;        /* the least role the caller's token needs */
  gboolean      takes_body;  /* the request carries a JSON object */
  BsApiHandler  handler;
} BsApiRoute;

#define BS_TYPE_API_SERVER (bs_api_server_get_type ())
G_DECLARE_FINAL_TYPE (BsApiServer, bs_api_server, BS, API_SERVER, GObject)

/* @routes must outlive the server (a static table). */
BsApiServer *bs_api_server_new                (const BsApiRoute    *routes,
                                               gsize                n_routes);
/* Binds @address:@port (0: any free port). Requests are answered 503 until
 * bs_api_server_set_workspace() says the engine is ready. */
gboolean     bs_api_server_listen             (BsApiServer         *self,
                                               GInetAddress        *address,
                                               guint                port,
                                               GError             **error);
guint        bs_api_server_get_port           (BsApiServer         *self);
/* "http://127.0.0.1:8737/" (IPv6 addresses in brackets). */
char        *bs_api_server_get_url            (BsApiServer         *self);

void         bs_api_server_set_workspace      (BsApiServer         *self,
                                               BsStore             *store,
                                               const char          *data_dir);
BsStore     *bs_api_server_get_store          (BsApiServer         *self);
/* Where the secrets of data sources (Grafana tokens) are kept; NULL until set. */
void         bs_api_server_set_secret_store   (BsApiServer         *self,
                                               BsSecretStore       *secrets);
BsSecretStore *bs_api_server_get_secret_store (BsApiServer         *self);
const char  *bs_api_server_get_data_dir       (BsApiServer         *self);
gint64       bs_api_server_get_uptime_seconds (BsApiServer         *self);

/* Stops taking new requests (they get 503), cancels the work of deferred requests, waits
 * up to @timeout_ms for the ones being answered, then closes every connection and the
 * listening socket, waits for the deferred requests to be let go (their work was
 * cancelled, so this is short) and lets go of the workspace store. */
void         bs_api_server_shutdown_async     (BsApiServer         *self,
                                               guint                timeout_ms,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean     bs_api_server_shutdown_finish    (BsApiServer         *self,
                                               GAsyncResult        *result,
                                               GError             **error);

typedef void (*BsApiThreadFunc) (gpointer data);

/* For bs-api-request.c: runs @func (@data) on one of the BS_API_WORKER_THREADS threads. */
void         bs_api_server_run_in_thread      (BsApiServer         *self,
                                               BsApiThreadFunc      func,
                                               gpointer             data);
/* For bs-api-request.c: the deferred requests, which shutting down cancels and waits for.
 * The server holds no reference: a request removes itself when it is freed. */
void         bs_api_server_add_deferred       (BsApiServer         *self,
                                               BsApiRequest        *request);
void         bs_api_server_remove_deferred    (BsApiServer         *self,
                                               BsApiRequest        *request);

G_END_DECLS
