/* bs-engine-client.h — the Studio's (and the tests') asynchronous client of the engine's
 * REST API. Every call is cancellable; errors carry the engine's own message.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_ENGINE_CLIENT_ERROR (bs_engine_client_error_quark ())

typedef enum
{
  BS_ENGINE_CLIENT_ERROR_UNREACHABLE,   /* connection refused, timed out, DNS */
  BS_ENGINE_CLIENT_ERROR_UNAUTHORIZED,  /* 401 */
  BS_ENGINE_CLIENT_ERROR_FORBIDDEN,     /* 403 */
  BS_ENGINE_CLIENT_ERROR_NOT_FOUND,     /* 404 */
  BS_ENGINE_CLIENT_ERROR_BAD_REQUEST,   /* 400, 413, 422 */
  BS_ENGINE_CLIENT_ERROR_SERVER,        /* 5xx */
  BS_ENGINE_CLIENT_ERROR_PROTOCOL,      /* the answer was not the JSON we expect */
} BsEngineClientError;

#define BS_TYPE_ENGINE_CLIENT (bs_engine_client_get_type ())
G_DECLARE_FINAL_TYPE (BsEngineClient, bs_engine_client, BS, ENGINE_CLIENT, GObject)

GQuark          bs_engine_client_error_quark   (void);

/* @base_url like "http://127.0.0.1:8737/"; @token may be NULL (health only). */
BsEngineClient *bs_engine_client_new           (const char          *base_url,
                                                const char          *token);
const char     *bs_engine_client_get_base_url  (BsEngineClient      *self);
gboolean        bs_engine_client_has_token     (BsEngineClient      *self);

/* How long a request may wait for the engine, in seconds (default 60; 0: no limit).
 * The launcher uses a short one to probe an engine that may be gone. */
void            bs_engine_client_set_timeout   (BsEngineClient      *self,
                                                guint                seconds);

/* @path is relative to /api/v1/, e.g. "home" or "tokens/3". @body may be NULL. */
void            bs_engine_client_request_async (BsEngineClient      *self,
                                                const char          *method,
                                                const char          *path,
                                                JsonNode            *body,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Returns the decoded JSON body (NULL for 204). */
JsonNode       *bs_engine_client_request_finish (BsEngineClient     *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The "items" array of a list answer such as GET datasources ({"items": […]}), or NULL
 * and a PROTOCOL error that names @what ("data sources"). */
JsonArray      *bs_engine_client_get_items      (JsonNode           *root,
                                                const char         *what,
                                                GError            **error);

/* The id of the demo source among the items of GET datasources, or 0 when there is none
 * (the engine was started without it, or its sources could not be read: @sources NULL). */
gint64          bs_engine_client_find_demo_source (JsonArray        *sources);

G_END_DECLS
