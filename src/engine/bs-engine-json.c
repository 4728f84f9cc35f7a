#define G_LOG_DOMAIN "bs-engine-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-engine-json.h"

void
bs_engine_json_add_string_or_null (JsonBuilder *builder,
                                   const char  *member,
                                   const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (member != NULL);

  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
bs_engine_json_add_time (JsonBuilder *builder,
                         const char  *member,
                         GDateTime   *time)
{
  g_autofree char *text = time != NULL ? bs_store_format_iso8601 (time) : NULL;

  bs_engine_json_add_string_or_null (builder, member, text);
}

void
bs_engine_json_begin_token (JsonBuilder      *builder,
                            const BsApiToken *token)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (token != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, token->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, token->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, bs_role_to_string (token->role));
  json_builder_set_member_name (builder, "bootstrap");
  json_builder_add_boolean_value (builder, token->bootstrap);
  bs_engine_json_add_time (builder, "created_at", token->created_at);
  bs_engine_json_add_time (builder, "expires_at", token->expires_at);
  bs_engine_json_add_time (builder, "last_used_at", token->last_used_at);
  bs_engine_json_add_time (builder, "revoked_at", token->revoked_at);
}

void
bs_engine_json_add_token (JsonBuilder   *builder,
                          gconstpointer  token)
{
  bs_engine_json_begin_token (builder, token);
  json_builder_end_object (builder);
}

JsonNode *
bs_engine_json_token (const BsApiToken *token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (token != NULL, NULL);

  bs_engine_json_add_token (builder, token);
  return json_builder_get_root (builder);
}

JsonNode *
bs_engine_json_items (GPtrArray            *items,
                      BsEngineJsonItemFunc  add_item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (add_item != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* json-glib 1.6 writes a double whose shortest form has an exponent but no point, such as
 * 1e+17, as "1e+17.0", which is not JSON (fixed in later json-glib). Those values are
 * whole numbers: they become integers when they fit one and, beyond that, the text the
 * frame contract uses for numbers JSON cannot carry. */
static void
fix_unwritable_double (JsonNode *node)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double value = json_node_get_double (node);

  g_ascii_dtostr (text, sizeof text, value);
  if (strchr (text, '.') != NULL || strpbrk (text, "eE") == NULL)
    return;

  if (fabs (value) < 9e18 && value == floor (value))
    json_node_set_int (node, (gint64) value);
  else
    json_node_set_string (node, text);
}

static void
fix_unwritable_doubles (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          fix_unwritable_doubles (member);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          fix_unwritable_doubles (json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        fix_unwritable_double (node);
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

char *
bs_engine_json_to_string (JsonNode *node,
                          gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  fix_unwritable_doubles (node);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}
