/* bs-engine-data-sources.h — what the API and the command line share about data sources:
 * their JSON item, their changes (each with its audit event), and the imports database
 * where CSV files become tables.
 *
 * Events: datasource.created, datasource.updated, datasource.deleted, import.finished. Their
 * detail is the item below without "has_token": no event ever holds a secret.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-csv-import.h"
#include "bs-data-source.h"
#include "bs-store.h"

G_BEGIN_DECLS

/* The file in the data directory that imported CSV tables live in (created on demand). */
#define BS_ENGINE_IMPORTS_FILE_NAME "imports.db"

/* {"id","name","kind","is_demo","created_at", the settings ("path", "url", "database",
 * "table", "file", "datasource_uid", "datasource_type" as the kind has them),
 * "has_token"}. */
JsonNode     *bs_engine_data_source_to_json   (const BsDataSource *source,
                                               gboolean            has_token);
/* The same object, left open in @builder so that a caller can add members. */
void          bs_engine_data_source_begin     (JsonBuilder        *builder,
                                               const BsDataSource *source);

BsDataSource *bs_engine_data_source_create    (BsStore            *store,
                                               const char         *actor,
                                               const char         *name,
                                               const char         *kind,
                                               JsonObject         *settings,
                                               GError            **error);
/* @name and @settings as for bs_data_source_update(); @changed names what changed
 * (e.g. "name", "url", "token"), for the event. */
BsDataSource *bs_engine_data_source_update    (BsStore            *store,
                                               const char         *actor,
                                               gint64              id,
                                               const char         *name,
                                               JsonObject         *settings,
                                               const char * const *changed,
                                               GError            **error);
gboolean      bs_engine_data_source_remove    (BsStore            *store,
                                               const char         *actor,
                                               const BsDataSource *source,
                                               GError            **error);

/* <data_dir>/imports.db */
char         *bs_engine_imports_get_database  (const char         *data_dir);
/* TRUE if @source is a csv source whose table lives in the imports database of
 * @data_dir, which the engine may therefore drop. */
gboolean      bs_engine_imports_owns_source   (const char         *data_dir,
                                               const BsDataSource *source);
/* @wanted when given, else the file name of @csv_path without its extension; with " (2)",
 * " (3)"… added while a data source has that name. */
char         *bs_engine_imports_pick_name     (BsStore            *store,
                                               const char         *wanted,
                                               const char         *csv_path,
                                               GError            **error);
/* Drops @table (and its header texts) from @db_path; a table that is not there is not an
 * error. Blocking: call it from a worker thread for a large table. */
gboolean      bs_engine_imports_drop_table    (const char         *db_path,
                                               const char         *table,
                                               GError            **error);
/* Adds "rows_imported", "rows_rejected", "rejected" [{"line","reason"}], "columns"
 * [{"name","header","type"}], "delimiter", "encoding", "has_header" for @report, or the
 * same members empty (null, 0, []) when @report is NULL. Column types are the CSV's
 * (bs_csv_column_type_to_string()): "integer", "real", "date", "datetime" or "text". */
void          bs_engine_imports_add_report    (JsonBuilder        *builder,
                                               BsCsvImportReport  *report);
/* The delimiter as text for people: ",", ";", "|" or "tab". */
const char   *bs_engine_imports_delimiter_name (char               delimiter);
/* Why @path is not a file the engine can read (not absolute, missing, a folder, not
 * readable), or NULL with *@out_size (may be NULL) set when it is one. */
char         *bs_engine_describe_unreadable_file (const char       *path,
                                                  guint64          *out_size);
/* TRUE if @path is one of the engine's own private files, whatever link leads to it: the
 * workspace database of @data_dir (API token hashes, the audit trail), @secrets_file
 * (may be NULL) or the file the engine keeps secrets in when no keyring answers.
 * Reading one as a data source would show it to every viewer. */
gboolean      bs_engine_is_private_file (const char       *path,
                                         const char       *data_dir,
                                         const char       *secrets_file);
/* Records import.finished: {"id" (null for 0),"state","file","rows_imported",
 * "rows_rejected","source_id","error"}. @report, @source and @message may be NULL. */
gboolean      bs_engine_imports_record_finished (BsStore            *store,
                                                 const char         *actor,
                                                 gint64              import_id,
                                                 const char         *state,
                                                 const char         *csv_path,
                                                 BsCsvImportReport  *report,
                                                 const BsDataSource *source,
                                                 const char         *message,
                                                 GError            **error);

G_END_DECLS
