/* bs-dashboard-drafts.h — autosaved drafts of the dashboards being edited, so that a crash
 * or a power cut loses nothing: one JSON file per dashboard in a folder (the Studio uses
 * $XDG_DATA_HOME/business-studio/drafts), written atomically (a temporary file renamed over
 * the old one), asynchronously and cancellably. A draft remembers the engine version it was
 * based on; saving the dashboard to the engine discards it.
 *
 * File: { "uid": …, "base_version": 3, "saved_at": "2026-11-24T10:00:00Z",
 *         "dashboard": <Grafana JSON> }. A file that is not such a draft (truncated by the
 * crash, edited by hand) is skipped by list with a warning naming the file, never deleted.
 */
#pragma once

#include <gio/gio.h>

#include "bs-dashboard.h"

G_BEGIN_DECLS

#define BS_DASHBOARD_DRAFTS_ERROR (bs_dashboard_drafts_error_quark ())

typedef enum
{
  BS_DASHBOARD_DRAFTS_ERROR_INVALID,  /* a draft file that cannot be read: says which and why */
} BsDashboardDraftsError;

typedef struct
{
  char         *uid;
  gint64        base_version;  /* 0: never saved to the engine */
  GDateTime    *saved_at;
  BsDashboard  *dashboard;
} BsDashboardDraft;

void                bs_dashboard_draft_free (BsDashboardDraft *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDashboardDraft, bs_dashboard_draft_free)

#define BS_TYPE_DASHBOARD_DRAFTS (bs_dashboard_drafts_get_type ())
G_DECLARE_FINAL_TYPE (BsDashboardDrafts, bs_dashboard_drafts, BS, DASHBOARD_DRAFTS, GObject)

GQuark              bs_dashboard_drafts_error_quark (void);

/* The folder is made when the first draft is saved. */
BsDashboardDrafts  *bs_dashboard_drafts_new          (GFile              *folder);
/* $XDG_DATA_HOME/business-studio/drafts */
BsDashboardDrafts  *bs_dashboard_drafts_new_default  (void);

/* Writes @dashboard (its uid must be set) as the draft of its uid. */
void                bs_dashboard_drafts_save_async   (BsDashboardDrafts   *self,
                                                      const BsDashboard   *dashboard,
                                                      gint64               base_version,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            bs_dashboard_drafts_save_finish  (BsDashboardDrafts   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* All drafts, newest first: a GPtrArray of BsDashboardDraft (free func set). */
void                bs_dashboard_drafts_list_async   (BsDashboardDrafts   *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray          *bs_dashboard_drafts_list_finish  (BsDashboardDrafts   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Removes the draft of @uid; no draft is not an error. */
void                bs_dashboard_drafts_discard_async  (BsDashboardDrafts   *self,
                                                        const char          *uid,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            bs_dashboard_drafts_discard_finish (BsDashboardDrafts   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
