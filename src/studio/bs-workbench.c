#define G_LOG_DOMAIN "bs-studio"

#include "config.h"

#include "bs-workbench.h"

enum {
  ENGINE_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (BsWorkbench, bs_workbench, GTK_TYPE_WIDGET)

static void
bs_workbench_default_init (BsWorkbenchInterface *iface)
{
  /**
   * BsWorkbench::engine-lost:
   * @message: why, for a person
   *
   * The engine stopped answering: the window reconnects rather than every workbench
   * showing its own error.
   */
  signals[ENGINE_LOST] =
    g_signal_new ("engine-lost",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
bs_workbench_set_client (BsWorkbench    *self,
                         BsEngineClient *client)
{
  g_return_if_fail (BS_IS_WORKBENCH (self));
  g_return_if_fail (!client || BS_IS_ENGINE_CLIENT (client));

  BS_WORKBENCH_GET_IFACE (self)->set_client (self, client);
}

void
bs_workbench_refresh (BsWorkbench *self)
{
  g_return_if_fail (BS_IS_WORKBENCH (self));

  BS_WORKBENCH_GET_IFACE (self)->refresh (self);
}

void
bs_workbench_set_verbosity (BsWorkbench        *self,
                            BsProfileVerbosity  verbosity)
{
  g_return_if_fail (BS_IS_WORKBENCH (self));

  if (BS_WORKBENCH_GET_IFACE (self)->set_verbosity != NULL)
    BS_WORKBENCH_GET_IFACE (self)->set_verbosity (self, verbosity);
}

void
bs_workbench_engine_lost (BsWorkbench  *self,
                          const GError *error)
{
  g_return_if_fail (BS_IS_WORKBENCH (self));
  g_return_if_fail (error != NULL);

  g_signal_emit (self, signals[ENGINE_LOST], 0, error->message);
}
