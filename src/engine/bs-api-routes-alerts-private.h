/* bs-api-routes-alerts-private.h — what the alert routes (bs-api-routes-alerts.c) and the
 * contact point and silence routes (bs-api-routes-contact-points.c) share.
 */
#pragma once

#include "bs-api-request.h"

G_BEGIN_DECLS

/* The id of the caller's token, or 0 when it cannot be told (then the caller owns no
 * personal rule). */
gint64 bs_api_alerts_caller_token_id  (BsApiRequest  *request);

/* {"error": {"code": @code, "message": @message}} with @status; for the codes the
 * request module has no word for (409 "conflict"). */
void   bs_api_alerts_respond_error    (BsApiRequest  *request,
                                       guint          status,
                                       const char    *code,
                                       const char    *message);
/* The status and code of a failure of the alert modules: their validation errors are 400,
 * a broken uniqueness or a contact point in use 409. */
guint  bs_api_alerts_status_for_error (const GError  *error,
                                       const char   **out_code);
void   bs_api_alerts_respond_gerror   (BsApiRequest  *request,
                                       const GError  *error);

G_END_DECLS
