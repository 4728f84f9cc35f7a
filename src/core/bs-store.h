/* bs-store.h — the workspace database: one SQLite file per engine.
 *
 * Opening a store turns on WAL and foreign keys and applies every pending numbered
 * migration (bs-migrations.h) in one transaction each. A file whose schema is newer than
 * this build knows is refused rather than touched.
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define BS_STORE_ERROR (bs_store_error_quark ())

typedef enum
{
  BS_STORE_ERROR_OPEN,        /* the file cannot be opened or is not a database */
  BS_STORE_ERROR_TOO_NEW,     /* written by a newer version; we do not downgrade */
  BS_STORE_ERROR_MIGRATION,   /* a migration failed; the file is left at the last good version */
  BS_STORE_ERROR_QUERY,       /* any other SQLite failure */
  BS_STORE_ERROR_NOT_FOUND,   /* a row that was asked for does not exist */
  BS_STORE_ERROR_CONSTRAINT,  /* a uniqueness or foreign key rule was broken */
  BS_STORE_ERROR_FULL,        /* the disk or the database is full */
  BS_STORE_ERROR_BUSY,        /* another process holds the lock for too long */
  BS_STORE_ERROR_READ_ONLY,   /* the file or its directory is not writable */
} BsStoreError;

#define BS_TYPE_STORE (bs_store_get_type ())
G_DECLARE_FINAL_TYPE (BsStore, bs_store, BS, STORE, GObject)

GQuark      bs_store_error_quark          (void);

/* Opens (creating if needed) and migrates to the latest version. */
BsStore    *bs_store_open                 (const char  *path,
                                           GError     **error);
/* Opens and migrates only up to @target_version (tests of each migration step). */
BsStore    *bs_store_open_at_version      (const char  *path,
                                           guint        target_version,
                                           GError     **error);
const char *bs_store_get_path             (BsStore     *self);
guint       bs_store_get_schema_version   (BsStore     *self);
/* The connection, for modules that run their own prepared statements. Owned by @self;
 * use it only from the thread that uses @self. */
sqlite3    *bs_store_get_db               (BsStore     *self);
/* SQLite's PRAGMA data_version: it changes when another connection commits. -1 on error. */
gint64        bs_store_get_data_version (BsStore   *self);

gboolean    bs_store_exec                 (BsStore     *self,
                                           const char  *sql,
                                           GError     **error);
gboolean    bs_store_begin                (BsStore     *self,
                                           GError     **error);
gboolean    bs_store_commit               (BsStore     *self,
                                           GError     **error);
void        bs_store_rollback             (BsStore     *self);

/* Sets @error from the connection's last failure with a message a person can act on,
 * e.g. "Could not save the preference: the disk is full". Returns FALSE for convenience. */
gboolean    bs_store_set_error_from_sqlite (BsStore    *self,
                                            int         sqlite_rc,
                                            const char *what_failed,
                                            GError    **error);

/* Preferences: a small key/value table shared by the Studio and scripts. Getting one that
 * was never set gives NULL without an error; a key is 1 to 200 characters. */
char       *bs_store_get_preference       (BsStore     *self,
                                           const char  *key,
                                           GError     **error);
gboolean    bs_store_set_preference       (BsStore     *self,
                                           const char  *key,
                                           const char  *value,
                                           GError     **error);
/* key (char*) -> value (char*) */
GHashTable *bs_store_list_preferences     (BsStore     *self,
                                           GError     **error);

/* Workspace metadata (meta table): e.g. "created_at" (set when the workspace is created),
 * "demo_path". Getting a missing key gives NULL. */
char       *bs_store_get_meta             (BsStore     *self,
                                           const char  *key);
gboolean    bs_store_set_meta             (BsStore     *self,
                                           const char  *key,
                                           const char  *value,
                                           GError     **error);

/* Appends to the events table (an audit trail: who changed what). @detail_json may be
 * NULL for "{}"; it must be valid JSON (BS_STORE_ERROR_CONSTRAINT otherwise). */
gboolean    bs_store_add_event            (BsStore     *self,
                                           const char  *kind,
                                           const char  *actor,
                                           const char  *detail_json,
                                           GError     **error);

typedef struct
{
  gint64     id;
  GDateTime *at;
  char      *kind;
  char      *actor;
  char      *detail_json;
} BsStoreEvent;

#define BS_TYPE_STORE_EVENT (bs_store_event_get_type ())

GType         bs_store_event_get_type     (void) G_GNUC_CONST;
BsStoreEvent *bs_store_event_copy         (const BsStoreEvent *event);
void          bs_store_event_free         (BsStoreEvent       *event);

/* Array of BsStoreEvent*, newest first, at most @limit (0: all), only those whose kind
 * starts with @kind_prefix (matched literally; NULL: all). */
GPtrArray   *bs_store_list_events         (BsStore     *self,
                                           const char  *kind_prefix,
                                           guint        limit,
                                           GError     **error);

/* Times in the store are ISO 8601 UTC text with a "Z", to the second
 * (2026-11-24T13:05:00Z), so that text order is time order. */
char        *bs_store_now_iso8601         (void);
char        *bs_store_format_iso8601      (GDateTime   *time);
/* Accepts any ISO 8601 time; one without a zone is taken as UTC. NULL if @text is not one. */
GDateTime   *bs_store_parse_iso8601       (const char  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsStoreEvent, bs_store_event_free)

G_END_DECLS
