/* bs-engine.h — the Business Engine service: the workspace store, the demo data, the
 * secret store holding the admin token, and the API server, started and stopped together.
 *
 * Starting, in order: checks the address, makes the data directory (0700), listens,
 * opens and migrates DATA_DIR/workspace.db, generates DATA_DIR/demo-retail.db on the
 * first start, picks the secret store (an explicit file, else the keyring, else a file
 * readable only by the user), makes sure a live admin "bootstrap" token exists whose
 * secret is in that store, and writes the discovery file. Stopping undoes the last step
 * and lets the answered requests finish first.
 */
#pragma once

#include <gio/gio.h>

#include "bs-engine-discovery.h"

G_BEGIN_DECLS

#define BS_ENGINE_ERROR (bs_engine_error_quark ())

typedef enum
{
  BS_ENGINE_ERROR_ADDRESS,      /* not an IP address, or a remote one not allowed */
  BS_ENGINE_ERROR_PORT_IN_USE,
  BS_ENGINE_ERROR_LISTEN,
  BS_ENGINE_ERROR_DATA_DIR,     /* cannot be created or written */
  BS_ENGINE_ERROR_SECRETS,      /* the admin token cannot be kept */
} BsEngineError;

#define BS_ENGINE_DEFAULT_ADDRESS "127.0.0.1"
#define BS_ENGINE_DEFAULT_PORT    8737

typedef struct
{
  const char *data_dir;       /* NULL: bs_engine_get_default_data_dir () */
  const char *address;        /* NULL: BS_ENGINE_DEFAULT_ADDRESS */
  guint       port;           /* 0: any free port */
  gboolean    allow_remote;   /* listen on an address other machines can reach */
  gboolean    no_demo;
  guint64     demo_rows;      /* 0: BS_DEMO_DEFAULT_ROWS */
  const char *secrets_file;   /* NULL: the keyring, or the fallback file */
} BsEngineOptions;

#define BS_TYPE_ENGINE (bs_engine_get_type ())
G_DECLARE_FINAL_TYPE (BsEngine, bs_engine, BS, ENGINE, GObject)

GQuark                   bs_engine_error_quark          (void);

/* g_get_user_data_dir ()/business-studio */
char                    *bs_engine_get_default_data_dir (void);
/* The name of the admin token's secret in the secret store for @data_dir (absolute). */
char                    *bs_engine_get_token_key        (const char           *data_dir);

BsEngine                *bs_engine_new                  (const BsEngineOptions *options);
const char              *bs_engine_get_data_dir         (BsEngine             *self);

void                     bs_engine_start_async          (BsEngine             *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean                 bs_engine_start_finish         (BsEngine             *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* What the discovery file says (valid once started). */
const BsEngineDiscovery *bs_engine_get_discovery        (BsEngine             *self);

void                     bs_engine_stop_async           (BsEngine             *self,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean                 bs_engine_stop_finish          (BsEngine             *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
