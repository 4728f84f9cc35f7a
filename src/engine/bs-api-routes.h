/* bs-api-routes.h — the table of API v1 routes (see the API contract): which method and
 * path, which role, and which handler.
 */
#pragma once

#include "bs-api-server.h"

G_BEGIN_DECLS

const BsApiRoute *bs_api_routes_get (gsize *n_routes);

G_END_DECLS
