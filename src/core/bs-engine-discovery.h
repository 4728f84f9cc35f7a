/* bs-engine-discovery.h — how the Studio finds the local engine.
 *
 * A running engine writes $XDG_RUNTIME_DIR/business-studio/engine.json (mode 0600) and
 * removes it when it stops:
 *
 *   { "url": "http://127.0.0.1:8737/", "pid": 4242, "version": "0.1.0",
 *     "data_dir": "/home/ann/.local/share/business-studio",
 *     "token_store": "keyring" | "file", "token_file": "/run/user/1000/business-studio/secrets",
 *     "token_key": "engine-token:/home/ann/.local/share/business-studio" }
 *
 * The token itself is never in this file: "token_store" says where to look it up with
 * bs-secret-store.h under "token_key".
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_ENGINE_DISCOVERY_ERROR (bs_engine_discovery_error_quark ())

typedef enum
{
  BS_ENGINE_DISCOVERY_ERROR_NOT_FOUND,  /* no discovery file: no engine is running */
  BS_ENGINE_DISCOVERY_ERROR_INVALID,    /* not JSON, or a field is missing or wrong */
  BS_ENGINE_DISCOVERY_ERROR_FILE,       /* the file cannot be read or written */
} BsEngineDiscoveryError;

typedef struct
{
  char    *url;
  GPid     pid;
  char    *version;
  char    *data_dir;
  char    *token_store;   /* "keyring" or "file" */
  char    *token_file;    /* nullable */
  char    *token_key;
} BsEngineDiscovery;

GQuark             bs_engine_discovery_error_quark (void);
BsEngineDiscovery *bs_engine_discovery_new         (void);
BsEngineDiscovery *bs_engine_discovery_copy        (const BsEngineDiscovery *discovery);
void               bs_engine_discovery_free        (BsEngineDiscovery  *discovery);
/* $XDG_RUNTIME_DIR/business-studio/engine.json (g_get_user_runtime_dir ()). */
char              *bs_engine_discovery_default_path (void);
/* Creates the folder (0700) if needed and replaces the file atomically, mode 0600. */
gboolean           bs_engine_discovery_write       (const BsEngineDiscovery *discovery,
                                                    const char         *path,
                                                    GError            **error);
BsEngineDiscovery *bs_engine_discovery_read        (const char         *path,
                                                    GError            **error);
/* Parses what the engine prints on stdout with --print-ready (the same JSON, one line). */
BsEngineDiscovery *bs_engine_discovery_parse       (const char         *json,
                                                    GError            **error);
char              *bs_engine_discovery_to_json     (const BsEngineDiscovery *discovery);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsEngineDiscovery, bs_engine_discovery_free)

G_END_DECLS
