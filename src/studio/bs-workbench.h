/* bs-workbench.h — what the window needs from each of its workbenches (Home, Data, …):
 * the engine to talk to, a way to load again, how much to explain, and word when the
 * engine is gone.
 */
#pragma once

#include <gtk/gtk.h>

#include "bs-engine-client.h"
#include "bs-profile.h"

G_BEGIN_DECLS

#define BS_TYPE_WORKBENCH (bs_workbench_get_type ())
G_DECLARE_INTERFACE (BsWorkbench, bs_workbench, BS, WORKBENCH, GtkWidget)

struct _BsWorkbenchInterface
{
  GTypeInterface parent_iface;

  /* @client is NULL while the window is not connected. */
  void (*set_client)    (BsWorkbench        *self,
                         BsEngineClient     *client);
  void (*refresh)       (BsWorkbench        *self);
  /* How much the page explains, from the person's skill level; optional. */
  void (*set_verbosity) (BsWorkbench        *self,
                         BsProfileVerbosity  verbosity);
};

void bs_workbench_set_client    (BsWorkbench        *self,
                                 BsEngineClient     *client);
void bs_workbench_refresh       (BsWorkbench        *self);
void bs_workbench_set_verbosity (BsWorkbench        *self,
                                 BsProfileVerbosity  verbosity);
/* For implementations: the engine stopped answering (emits ::engine-lost). */
void bs_workbench_engine_lost   (BsWorkbench        *self,
                                 const GError       *error);

G_END_DECLS
