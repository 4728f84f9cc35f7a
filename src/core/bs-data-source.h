/* bs-data-source.h — the data sources registered in a workspace (data_sources table).
 *
 * A data source is where rules and dashboards read from: a SQLite file, a CSV file
 * imported into a table of the engine's imports database, a Prometheus server or a Grafana
 * data-source proxy. What each kind needs lives in @settings (string values only):
 *
 *   sqlite      {"path"}
 *   csv         {"database", "table", "file"}   (file: the CSV it was imported from)
 *   prometheus  {"url"}
 *   grafana     {"url", "datasource_uid", "datasource_type"}
 *
 * Secrets (a Grafana token) are never settings: they live in the secret store under
 * bs_data_source_secret_key(). @location is kept for older callers: the SQLite file to open
 * (sqlite: path, csv: database) or the URL. Errors are BS_STORE_ERROR.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "bs-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  char       *name;
  char       *kind;        /* "sqlite", "csv", "prometheus" or "grafana" */
  char       *location;
  gboolean    is_demo;     /* the generated demo retail dataset */
  GDateTime  *created_at;
  JsonObject *settings;    /* never NULL; see the table above */
} BsDataSource;

#define BS_TYPE_DATA_SOURCE (bs_data_source_get_type ())

GType         bs_data_source_get_type   (void) G_GNUC_CONST;
BsDataSource *bs_data_source_copy       (const BsDataSource *source);
void          bs_data_source_free       (BsDataSource       *source);

/* TRUE if @kind is one of the kinds above. */
gboolean      bs_data_source_kind_is_valid (const char      *kind);

/* The kinds above, NULL-terminated, for messages and menus. */
const char * const *bs_data_source_kinds (void);

/* A setting as a string, or NULL if the source does not have it; the getters below name
 * the settings of the table at the top. */
const char   *bs_data_source_get_setting         (const BsDataSource *source,
                                                  const char         *key);
const char   *bs_data_source_get_path            (const BsDataSource *source);
const char   *bs_data_source_get_database        (const BsDataSource *source);
const char   *bs_data_source_get_table           (const BsDataSource *source);
const char   *bs_data_source_get_file            (const BsDataSource *source);
const char   *bs_data_source_get_url             (const BsDataSource *source);
const char   *bs_data_source_get_datasource_uid  (const BsDataSource *source);
const char   *bs_data_source_get_datasource_type (const BsDataSource *source);
/* The SQLite file the source reads: the path of a sqlite source, the database of a csv
 * source, NULL for the other kinds. */
const char   *bs_data_source_get_sqlite_file     (const BsDataSource *source);

/* The secret-store key of the source's secret: "datasource-<id>". */
char         *bs_data_source_secret_key (gint64              id);

/* Checks @settings for @kind: every key known to the kind, every value a non-empty string,
 * the keys the kind cannot do without present (sqlite: path; csv: database and table;
 * prometheus: url; grafana: url and datasource_uid). BS_STORE_ERROR_CONSTRAINT naming the
 * field otherwise. */
gboolean      bs_data_source_check_settings (const char     *kind,
                                             JsonObject     *settings,
                                             GError        **error);

/* BS_STORE_ERROR_CONSTRAINT if the name is empty or taken, or the kind unknown. @location
 * becomes the kind's main setting (path, file or url). */
BsDataSource *bs_data_source_add        (BsStore            *store,
                                         const char         *name,
                                         const char         *kind,
                                         const char         *location,
                                         gboolean            is_demo,
                                         GError            **error);
/* As bs_data_source_add(), with @settings checked by bs_data_source_check_settings(). */
BsDataSource *bs_data_source_add_with_settings (BsStore     *store,
                                                const char  *name,
                                                const char  *kind,
                                                JsonObject  *settings,
                                                gboolean     is_demo,
                                                GError     **error);
/* Renames (@name non-NULL) and/or replaces the settings (@settings non-NULL, checked for
 * the source's kind) in one statement. The updated source, or NULL with
 * BS_STORE_ERROR_NOT_FOUND or BS_STORE_ERROR_CONSTRAINT (empty or taken name). */
BsDataSource *bs_data_source_update     (BsStore            *store,
                                         gint64              id,
                                         const char         *name,
                                         JsonObject         *settings,
                                         GError            **error);
/* BS_STORE_ERROR_NOT_FOUND if there is no such source. */
gboolean      bs_data_source_remove     (BsStore            *store,
                                         gint64              id,
                                         GError            **error);
/* Array of BsDataSource*, by id. */
GPtrArray    *bs_data_source_list       (BsStore            *store,
                                         GError            **error);
/* BS_STORE_ERROR_NOT_FOUND if there is no such source. */
BsDataSource *bs_data_source_lookup     (BsStore            *store,
                                         gint64              id,
                                         GError            **error);
/* The demo source (the oldest if there are several), or NULL without an error if none. */
BsDataSource *bs_data_source_find_demo  (BsStore            *store,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsDataSource, bs_data_source_free)

G_END_DECLS
