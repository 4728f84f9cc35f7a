/* bs-engine-launcher.h — finds the local Business Engine, or starts one, and hands back a
 * client that holds its admin token.
 *
 * 1. The discovery file (bs-engine-discovery.h) names a running engine: if it answers
 *    GET /api/v1/health, its token is looked up where the file says it is kept.
 * 2. Otherwise the engine program is started as `business-engine serve --port 0
 *    --print-ready` and the launcher waits for the ready line on its standard output (a
 *    first start creates the demo workspace first, which can take a while). The program is
 *    $BUSINESS_ENGINE if set, else BINDIR/business-engine, else business-engine in PATH.
 *
 * An engine the launcher started is a service: it keeps running when the launcher (and the
 * Studio) go away. bs_engine_launcher_get_subprocess() lets tests stop it.
 *
 * Everything is asynchronous and cancellable; every failure is a GError that says what is
 * wrong and what to do about it.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bs-engine-client.h"
#include "bs-engine-discovery.h"

G_BEGIN_DECLS

#define BS_ENGINE_LAUNCHER_ERROR (bs_engine_launcher_error_quark ())

typedef enum
{
  BS_ENGINE_LAUNCHER_ERROR_NOT_FOUND,   /* no engine program to start */
  BS_ENGINE_LAUNCHER_ERROR_SPAWN,       /* the program could not be started */
  BS_ENGINE_LAUNCHER_ERROR_EXITED,      /* it stopped before it was ready */
  BS_ENGINE_LAUNCHER_ERROR_TIMED_OUT,   /* it did not become ready in time */
  BS_ENGINE_LAUNCHER_ERROR_PROTOCOL,    /* its ready line or its answers were not understood */
  BS_ENGINE_LAUNCHER_ERROR_TOKEN,       /* its admin token could not be read, or was refused */
} BsEngineLauncherError;

typedef enum
{
  BS_ENGINE_LAUNCHER_STATE_IDLE,
  BS_ENGINE_LAUNCHER_STATE_LOOKING,        /* reading the discovery file, asking that engine */
  BS_ENGINE_LAUNCHER_STATE_WAITING,        /* a running engine is still getting ready (503) */
  BS_ENGINE_LAUNCHER_STATE_STARTING,       /* the engine program was started */
  BS_ENGINE_LAUNCHER_STATE_PREPARING,      /* it has been getting ready for a few seconds:
                                            * a first start creates the demo workspace */
  BS_ENGINE_LAUNCHER_STATE_AUTHENTICATING, /* reading its admin token, trying it */
  BS_ENGINE_LAUNCHER_STATE_CONNECTED,
  BS_ENGINE_LAUNCHER_STATE_FAILED,
} BsEngineLauncherState;

#define BS_TYPE_ENGINE_LAUNCHER_STATE (bs_engine_launcher_state_get_type ())
GType bs_engine_launcher_state_get_type (void) G_GNUC_CONST;

#define BS_TYPE_ENGINE_LAUNCHER (bs_engine_launcher_get_type ())
G_DECLARE_FINAL_TYPE (BsEngineLauncher, bs_engine_launcher, BS, ENGINE_LAUNCHER, GObject)

GQuark                   bs_engine_launcher_error_quark          (void);

BsEngineLauncher        *bs_engine_launcher_new                  (void);

/* NULL: bs_engine_discovery_default_path (). */
void                     bs_engine_launcher_set_discovery_path   (BsEngineLauncher    *self,
                                                                  const char          *path);
const char              *bs_engine_launcher_get_discovery_path   (BsEngineLauncher    *self);
/* Arguments added after `serve --port 0 --print-ready` when an engine is started
 * (tests: "--data-dir", dir, "--demo-rows", "20000"). */
void                     bs_engine_launcher_set_extra_arguments  (BsEngineLauncher    *self,
                                                                  const char * const  *arguments);
/* How long a started engine may take to say it is ready (default 300 s). */
void                     bs_engine_launcher_set_ready_timeout    (BsEngineLauncher    *self,
                                                                  guint                seconds);

/* The program that would be started, or NULL and an error that lists where it looked. */
char                    *bs_engine_launcher_find_program         (GError             **error);

/* Fails with G_IO_ERROR_PENDING while another connection attempt is under way. */
void                     bs_engine_launcher_connect_async        (BsEngineLauncher    *self,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
BsEngineClient          *bs_engine_launcher_connect_finish       (BsEngineLauncher    *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);

BsEngineLauncherState    bs_engine_launcher_get_state            (BsEngineLauncher    *self);

/* What the last successful connection found; NULL before one. */
BsEngineClient          *bs_engine_launcher_get_client           (BsEngineLauncher    *self);
const BsEngineDiscovery *bs_engine_launcher_get_discovery        (BsEngineLauncher    *self);
/* The body of GET workspace, fetched to check the token. */
JsonObject              *bs_engine_launcher_get_workspace        (BsEngineLauncher    *self);
/* "the keyring" or "the file /run/user/1000/business-studio/secrets". */
const char              *bs_engine_launcher_get_token_location   (BsEngineLauncher    *self);
/* The engine this launcher started (it keeps running until someone stops it), or NULL
 * when it found one already running. */
GSubprocess             *bs_engine_launcher_get_subprocess       (BsEngineLauncher    *self);

G_END_DECLS
