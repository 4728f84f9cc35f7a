#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bs-engine-discovery.h"

G_DEFINE_QUARK (bs-engine-discovery-error-quark, bs_engine_discovery_error)

BsEngineDiscovery *
bs_engine_discovery_new (void)
{
  return g_new0 (BsEngineDiscovery, 1);
}

BsEngineDiscovery *
bs_engine_discovery_copy (const BsEngineDiscovery *discovery)
{
  BsEngineDiscovery *copy;

  g_return_val_if_fail (discovery != NULL, NULL);

  copy = bs_engine_discovery_new ();
  copy->url = g_strdup (discovery->url);
  copy->pid = discovery->pid;
  copy->version = g_strdup (discovery->version);
  copy->data_dir = g_strdup (discovery->data_dir);
  copy->token_store = g_strdup (discovery->token_store);
  copy->token_file = g_strdup (discovery->token_file);
  copy->token_key = g_strdup (discovery->token_key);
  return copy;
}

void
bs_engine_discovery_free (BsEngineDiscovery *discovery)
{
  if (discovery == NULL)
    return;

  g_free (discovery->url);
  g_free (discovery->version);
  g_free (discovery->data_dir);
  g_free (discovery->token_store);
  g_free (discovery->token_file);
  g_free (discovery->token_key);
  g_free (discovery);
}

char *
bs_engine_discovery_default_path (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "business-studio", "engine.json", NULL);
}

/* The same rules for what we write and what we read, so that a file we wrote always
 * reads back. @origin names the data in messages. */
static gboolean
discovery_check (const BsEngineDiscovery  *discovery,
                 const char               *origin,
                 GError                  **error)
{
  const char *problem = NULL;

  if (discovery->url == NULL ||
      !(g_str_has_prefix (discovery->url, "http://") ||
        g_str_has_prefix (discovery->url, "https://")))
    problem = "“url” must be an http:// or https:// address";
  else if (discovery->pid <= 0)
    problem = "“pid” must be a process id";
  else if (discovery->version == NULL)
    problem = "“version” is missing";
  else if (discovery->data_dir == NULL)
    problem = "“data_dir” is missing";
  else if (g_strcmp0 (discovery->token_store, "keyring") != 0 &&
           g_strcmp0 (discovery->token_store, "file") != 0)
    problem = "“token_store” must be “keyring” or “file”";
  else if (g_strcmp0 (discovery->token_store, "file") == 0 && discovery->token_file == NULL)
    problem = "“token_file” is missing although “token_store” is “file”";
  else if (discovery->token_key == NULL)
    problem = "“token_key” is missing";

  if (problem != NULL)
    {
      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID,
                   "%s is not usable: %s", origin, problem);
      return FALSE;
    }

  return TRUE;
}

char *
bs_engine_discovery_to_json (const BsEngineDiscovery *discovery)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (discovery != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, discovery->url);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, discovery->pid);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, discovery->version);
  json_builder_set_member_name (builder, "data_dir");
  json_builder_add_string_value (builder, discovery->data_dir);
  json_builder_set_member_name (builder, "token_store");
  json_builder_add_string_value (builder, discovery->token_store);
  json_builder_set_member_name (builder, "token_file");
  if (discovery->token_file != NULL)
    json_builder_add_string_value (builder, discovery->token_file);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "token_key");
  json_builder_add_string_value (builder, discovery->token_key);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
bs_engine_discovery_write (const BsEngineDiscovery  *discovery,
                           const char               *path,
                           GError                  **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (discovery != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!discovery_check (discovery, "The engine discovery data", error))
    return FALSE;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_FILE,
                   "Could not create the folder “%s” for the engine discovery file: %s",
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  json = bs_engine_discovery_to_json (discovery);
  contents = g_strconcat (json, "\n", NULL);
  /* A Studio may read the file at any moment: it must see the old file or the new one. */
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_FILE,
                   "Could not write the engine discovery file “%s”: %s",
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Reads member @name of @object as a string. A missing or null member gives NULL. */
static gboolean
read_string (JsonObject  *object,
             const char  *name,
             const char  *origin,
             char       **out_value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID,
                   "%s is not usable: “%s” must be a string", origin, name);
      return FALSE;
    }

  *out_value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_pid (JsonObject  *object,
          const char  *origin,
          GPid        *out_pid,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, "pid");

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) > G_MAXINT)
    {
      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID,
                   "%s is not usable: “pid” must be a process id", origin);
      return FALSE;
    }

  *out_pid = (GPid)json_node_get_int (node);
  return TRUE;
}

static BsEngineDiscovery *
parse_from (const char  *json,
            gssize       length,
            const char  *origin,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BsEngineDiscovery) discovery = bs_engine_discovery_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID,
                   "%s is not valid JSON: %s", origin, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_INVALID,
                   "%s is not usable: it is not a JSON object", origin);
      return NULL;
    }

  object = json_node_get_object (root);
  if (!read_string (object, "url", origin, &discovery->url, error) ||
      !read_pid (object, origin, &discovery->pid, error) ||
      !read_string (object, "version", origin, &discovery->version, error) ||
      !read_string (object, "data_dir", origin, &discovery->data_dir, error) ||
      !read_string (object, "token_store", origin, &discovery->token_store, error) ||
      !read_string (object, "token_file", origin, &discovery->token_file, error) ||
      !read_string (object, "token_key", origin, &discovery->token_key, error) ||
      !discovery_check (discovery, origin, error))
    return NULL;

  return g_steal_pointer (&discovery);
}

BsEngineDiscovery *
bs_engine_discovery_parse (const char  *json,
                           GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);

  return parse_from (json, -1, "The engine's ready message", error);
}

BsEngineDiscovery *
bs_engine_discovery_read (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_NOT_FOUND,
                     "No local engine is running (there is no %s)", path);
      else
        g_set_error (error, BS_ENGINE_DISCOVERY_ERROR, BS_ENGINE_DISCOVERY_ERROR_FILE,
                     "Could not read the engine discovery file: %s", local_error->message);
      return NULL;
    }

  origin = g_strdup_printf ("The engine discovery file “%s”", path);
  return parse_from (contents, (gssize)length, origin, error);
}
