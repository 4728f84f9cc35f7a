/* bs-dashboard-store.h — dashboards in the workspace database (migration 6), kept as their
 * Grafana dashboard JSON documents, with every saved version.
 *
 * A document is checked here, not by the dashboard model: a JSON object whose "title" is
 * a non-empty string of at most 5000 characters, whose "uid" (optional: one is made when it
 * is absent or null) is 8 to 40 characters of [A-Za-z0-9_-], and whose "panels", when
 * present, is an array of objects. Everything else in it is kept as it came. The stored
 * document's "uid" and "version" members are set to the store's, so that an export says
 * which version it is.
 *
 * Versions are numbered from 1; each save (insert, update, restore) is a new version and
 * keeps all the earlier ones. An update names the version the caller last saw: if someone
 * saved since, it fails with CONFLICT instead of overwriting their work.
 *
 * Errors: BS_DASHBOARD_STORE_ERROR for what the caller can fix (a missing dashboard or
 * version, an invalid document, a stale version or a uid already taken), BS_STORE_ERROR
 * for SQLite's failures. Like the other stores, one thread at a time; a call nested in the
 * engine's change transaction works as a savepoint inside it.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-store.h"

G_BEGIN_DECLS

#define BS_DASHBOARD_STORE_ERROR (bs_dashboard_store_error_quark ())

typedef enum
{
  BS_DASHBOARD_STORE_ERROR_NOT_FOUND,   /* no dashboard with that uid, or no such version */
  BS_DASHBOARD_STORE_ERROR_INVALID,     /* the document breaks one of the rules above */
  BS_DASHBOARD_STORE_ERROR_CONFLICT,    /* a stale version, or a uid another dashboard has */
} BsDashboardStoreError;

/* The longest title Grafana accepts, in characters. */
#define BS_DASHBOARD_TITLE_MAX 5000

typedef struct
{
  gint64     id;
  char      *uid;
  char      *title;
  gint64     version;          /* the current one */
  gboolean   published;        /* readable by viewers */
  gint64     owner_token_id;   /* 0: unknown (made from the command line, or token gone) */
  char      *owner_name;
  GDateTime *created_at;
  GDateTime *updated_at;
  guint      panel_count;      /* panels that are not rows, those inside rows included */
  JsonNode  *document;         /* the Grafana JSON object; NULL in a list */
} BsDashboardRecord;

typedef struct
{
  gint64     version;
  char      *title;            /* the title the document had in this version */
  GDateTime *saved_at;
  char      *saved_by;
  char      *message;          /* "" when the save gave none */
  JsonNode  *document;         /* NULL in a list */
} BsDashboardVersion;

GQuark              bs_dashboard_store_error_quark   (void);

void                bs_dashboard_record_free         (BsDashboardRecord  *self);
void                bs_dashboard_version_free        (BsDashboardVersion *self);

/* Checks @document as described above. The message names the member at fault. */
gboolean            bs_dashboard_store_validate      (JsonNode           *document,
                                                      GError            **error);

/* Stores @document (not modified) as version 1 of a new dashboard owned by @owner_name
 * (@owner_token_id may be 0). A uid already used is CONFLICT. @message may be NULL. */
BsDashboardRecord  *bs_dashboard_store_insert        (BsStore            *store,
                                                      JsonNode           *document,
                                                      gint64              owner_token_id,
                                                      const char         *owner_name,
                                                      const char         *message,
                                                      GError            **error);
/* Saves @document as the next version of the dashboard @uid if its current version is
 * still @base_version; otherwise CONFLICT, naming the current version. A "uid" in
 * @document other than @uid is INVALID: a dashboard's uid does not change. */
BsDashboardRecord  *bs_dashboard_store_update        (BsStore            *store,
                                                      const char         *uid,
                                                      JsonNode           *document,
                                                      gint64              base_version,
                                                      const char         *saved_by,
                                                      const char         *message,
                                                      GError            **error);
BsDashboardRecord  *bs_dashboard_store_get           (BsStore            *store,
                                                      const char         *uid,
                                                      GError            **error);
/* BsDashboardRecord* without their documents, by title (then uid). */
GPtrArray          *bs_dashboard_store_list          (BsStore            *store,
                                                      GError            **error);
/* Deletes the dashboard and all its versions. */
gboolean            bs_dashboard_store_delete        (BsStore            *store,
                                                      const char         *uid,
                                                      GError            **error);
/* Published or not does not make a version: it is who may read, not what is shown. */
BsDashboardRecord  *bs_dashboard_store_set_published (BsStore            *store,
                                                      const char         *uid,
                                                      gboolean            published,
                                                      GError            **error);

/* BsDashboardVersion* without their documents, newest first. */
GPtrArray          *bs_dashboard_store_list_versions (BsStore            *store,
                                                      const char         *uid,
                                                      GError            **error);
BsDashboardVersion *bs_dashboard_store_get_version   (BsStore            *store,
                                                      const char         *uid,
                                                      gint64              version,
                                                      GError            **error);
/* Saves the document of @version as a new version (message "Restored version N" unless
 * @message is given). Nothing is lost, so it needs no base version. */
BsDashboardRecord  *bs_dashboard_store_restore       (BsStore            *store,
                                                      const char         *uid,
                                                      gint64              version,
                                                      const char         *saved_by,
                                                      const char         *message,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDashboardRecord, bs_dashboard_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDashboardVersion, bs_dashboard_version_free)

G_END_DECLS
