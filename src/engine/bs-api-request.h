/* bs-api-request.h — one authenticated API call as a route handler sees it: the path
 * parameters, the parsed JSON body, the caller's token, and the ways to answer.
 *
 * Every answer is JSON. Errors have the shape the API contract fixes:
 *   {"error": {"code": "not_found", "message": "There is no token with id 7"}}
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bs-api-token.h"
#include "bs-engine-json.h"
#include "bs-store.h"

G_BEGIN_DECLS

typedef struct _BsApiServer  BsApiServer;
typedef struct _BsApiRequest BsApiRequest;

/* Answers @msg with @node serialized as the body. */
void          bs_api_respond_json             (SoupServerMessage *msg,
                                               guint              status,
                                               JsonNode          *node);
/* Answers @msg with the error body; the machine code is derived from @status. */
void          bs_api_respond_error            (SoupServerMessage *msg,
                                               guint              status,
                                               const char        *message);
/* The machine code of the error body for @status ("conflict" for 409). */
const char   *bs_api_error_code_for_status    (guint              status);
/* The HTTP status for a failure reported by the core library. */
guint         bs_api_status_for_error         (const GError      *error);

BsApiRequest *bs_api_request_new              (BsApiServer       *server,
                                               SoupServerMessage *msg,
                                               GHashTable        *query);
/* Main thread only: a request lives on the main loop, its work on worker threads. */
BsApiRequest *bs_api_request_ref              (BsApiRequest      *self);
void          bs_api_request_unref            (BsApiRequest      *self);

BsApiServer  *bs_api_request_get_server       (BsApiRequest      *self);
BsStore      *bs_api_request_get_store        (BsApiRequest      *self);

/* Takes ownership of @token. */
void          bs_api_request_set_token        (BsApiRequest      *self,
                                               BsApiToken        *token);
/* The caller's token, or NULL when the route needs none. */
const BsApiToken *bs_api_request_get_token    (BsApiRequest      *self);
/* The role of the caller's token (viewer when the route needs no token). */
BsRole        bs_api_request_get_role         (BsApiRequest      *self);
/* The name recorded as the author of events: the token's name. */
const char   *bs_api_request_get_actor        (BsApiRequest      *self);

/* A path parameter ("{id}" in the route), already percent-decoded. */
void          bs_api_request_set_param        (BsApiRequest      *self,
                                               const char        *name,
                                               const char        *value);
const char   *bs_api_request_get_param        (BsApiRequest      *self,
                                               const char        *name);
/* Parses the path parameter @name as a row id. When it is not one, answers 404 ("There
 * is no @what with id 'x'") and returns FALSE. */
gboolean      bs_api_request_get_id_param     (BsApiRequest      *self,
                                               const char        *name,
                                               const char        *what,
                                               gint64            *out_id);
/* A query string parameter, or NULL. */
const char   *bs_api_request_get_query        (BsApiRequest      *self,
                                               const char        *name);

/* Takes ownership of @body (a JSON object). */
void          bs_api_request_set_body         (BsApiRequest      *self,
                                               JsonNode          *body);
JsonObject   *bs_api_request_get_body         (BsApiRequest      *self);
/* Reads the string member @name of the body. A missing member is allowed when
 * @required is FALSE (then *out_value is NULL); a member of another type, or a
 * missing required one, answers 400 naming the field and returns FALSE. */
gboolean      bs_api_request_get_string_field (BsApiRequest      *self,
                                               const char        *name,
                                               gboolean           required,
                                               const char       **out_value);

void          bs_api_request_respond_json     (BsApiRequest      *self,
                                               guint              status,
                                               JsonNode          *node);
void          bs_api_request_respond_error    (BsApiRequest      *self,
                                               guint              status,
                                               const char        *format,
                                               ...) G_GNUC_PRINTF (3, 4);
/* Answers with the status bs_api_status_for_error() gives and the error's own message,
 * which the core library writes for a person. */
void          bs_api_request_respond_gerror   (BsApiRequest      *self,
                                               const GError      *error);
void          bs_api_request_respond_no_content (BsApiRequest    *self);
/* Answers 200 {"items": [...]} built from @items, or, when @items is NULL, the failure
 * in @error that kept the list from being read. */
void          bs_api_request_respond_items    (BsApiRequest         *self,
                                               GPtrArray            *items,
                                               const GError         *error,
                                               BsEngineJsonItemFunc  add_item);

/* Answering later.
 *
 * bs_api_request_defer() takes the request over: the message is paused, the handler returns
 * without answering, and the caller keeps the returned reference until it answers, from
 * the main thread, with any of the respond calls above. Calling it again gives another
 * reference to the same deferred request.
 *
 * The request is "open" until it is answered. When the client goes away (its connection
 * is closed) or the engine shuts down first, the request's cancellable is cancelled;
 * after the client went away the request is closed and answers are dropped, so nothing
 * is ever written to a message that is finished. Shutting down waits until every
 * deferred request has been answered or let go. */
BsApiRequest *bs_api_request_defer            (BsApiRequest      *self);
gboolean      bs_api_request_is_deferred      (BsApiRequest      *self);
gboolean      bs_api_request_is_open          (BsApiRequest      *self);
GCancellable *bs_api_request_get_cancellable  (BsApiRequest      *self);
/* Cancels the work of a deferred request (the engine is stopping); it stays open so
 * that it can still be answered. */
void          bs_api_request_cancel           (BsApiRequest      *self);

/* Runs on a worker thread with the request's cancellable; returns a JSON answer or sets
 * @error. */
typedef JsonNode *(*BsApiWorkFunc)     (gpointer       data,
                                        GCancellable  *cancellable,
                                        GError       **error);
/* Runs on the main thread when the work is done and the request is still open; exactly
 * one of @result and @error is set. */
typedef void      (*BsApiWorkDoneFunc) (BsApiRequest  *request,
                                        JsonNode      *result,
                                        const GError  *error,
                                        gpointer       data);

/* Defers @self and runs @func (@data) on one of the server's worker threads. Then, if the
 * request is still open: when the work was cancelled because the engine is stopping,
 * answers 503; otherwise calls @done, or, when @done is NULL, answers 200 with the result
 * or bs_api_request_respond_gerror() with the error. @destroy frees @data afterwards, on
 * the main thread. */
void          bs_api_request_run_in_thread    (BsApiRequest      *self,
                                               BsApiWorkFunc      func,
                                               BsApiWorkDoneFunc  done,
                                               gpointer           data,
                                               GDestroyNotify     destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsApiRequest, bs_api_request_unref)

G_END_DECLS
