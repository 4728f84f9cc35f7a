/* bs-api-server.h — the engine's HTTP front: a SoupServer answering the JSON API under
 * /api/v1/ from a table of routes.
 *
 * Before a handler runs the server has matched the route (404, 405 with Allow), checked
 * the bearer token and its role (401 with WWW-Authenticate, 403), refused bodies over
 * 1 MiB (413, decided from Content-Length as soon as the headers are read, so such a
 * body is never kept in memory) and parsed the JSON body (400 saying where it is
 * malformed). Handlers run on the main thread and answer before returning.
 */
#pragma once

#include <gio/gio.h>

#include "bs-api-request.h"
#include "bs-api-token.h"
#include "bs-store.h"

G_BEGIN_DECLS

#define BS_API_MAX_BODY_SIZE (1024 * 1024)

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
const char  *bs_api_server_get_data_dir       (BsApiServer         *self);
gint64       bs_api_server_get_uptime_seconds (BsApiServer         *self);

/* Stops taking new requests (they get 503), waits up to @timeout_ms for the ones being
 * answered, then closes every connection and the listening socket and lets go of the
 * workspace store. */
void         bs_api_server_shutdown_async     (BsApiServer         *self,
                                               guint                timeout_ms,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean     bs_api_server_shutdown_finish    (BsApiServer         *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
