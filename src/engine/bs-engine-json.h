/* bs-engine-json.h — the JSON shapes the engine writes in more than one place (the API and
 * the command line), so that `token list --json` and GET tokens always agree.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-api-token.h"

G_BEGIN_DECLS

/* Adds @member as @value, or as null when @value is NULL. */
void      bs_engine_json_add_string_or_null (JsonBuilder *builder,
                                             const char  *member,
                                             const char  *value);
/* Adds @member as the time in the store's format ("2026-11-24T09:30:00Z"), or as null
 * when @time is NULL. */
void      bs_engine_json_add_time    (JsonBuilder      *builder,
                                      const char       *member,
                                      GDateTime        *time);
/* Begins an object with the public fields of @token and leaves it open, so that a caller
 * can add more members (the secret, once) before ending it. */
void      bs_engine_json_begin_token (JsonBuilder      *builder,
                                      const BsApiToken *token);
JsonNode *bs_engine_json_token       (const BsApiToken *token);

/* Adds one element of a list to @builder (as an object, usually). */
typedef void (*BsEngineJsonItemFunc) (JsonBuilder   *builder,
                                      gconstpointer  item);

/* {"items": [...]}, the shape of every list the API answers, with @add_item called for
 * each element of @items. */
JsonNode *bs_engine_json_items       (GPtrArray            *items,
                                      BsEngineJsonItemFunc  add_item);
/* Adds @token's public fields as an object (a BsEngineJsonItemFunc). */
void      bs_engine_json_add_token   (JsonBuilder      *builder,
                                      gconstpointer     token);
char     *bs_engine_json_to_string   (JsonNode         *node,
                                      gboolean          pretty);

G_END_DECLS
