/* bs-api-routes-alerts-private.h — what the alert routes (bs-api-routes-alerts.c) share
 * with the contact point and silence routes (bs-api-routes-contact-points.c) and with the
 * data source routes, which refuse to delete a source that rules read.
 */
#pragma once

#include "bs-api-request.h"

G_BEGIN_DECLS

/* The id of the caller's token, or 0 when it cannot be told (then the caller owns no
 * personal rule). */
gint64 bs_api_alerts_caller_token_id  (BsApiRequest  *request);

/* The status of a failure of the alert modules: their validation errors are 400, a broken
 * uniqueness or a contact point in use 409. */
guint  bs_api_alerts_status_for_error (const GError  *error);
/* Answers with that status and the error's message. */
void   bs_api_alerts_respond_gerror   (BsApiRequest  *request,
                                       const GError  *error);

G_END_DECLS
