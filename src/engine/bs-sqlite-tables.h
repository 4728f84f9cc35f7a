/* bs-sqlite-tables.h — what a SQLite data source holds: its tables, their columns and row
 * counts, read from the file opened read-only.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BS_SQLITE_TABLES_ERROR (bs_sqlite_tables_error_quark ())

typedef enum
{
  BS_SQLITE_TABLES_ERROR_OPEN,   /* missing, unreadable, or not a database */
  BS_SQLITE_TABLES_ERROR_QUERY,
} BsSqliteTablesError;

GQuark    bs_sqlite_tables_error_quark (void);

/* {"items":[{"name":"sales","rows":123,"columns":[{"name":"id","type":"INTEGER"},…]},…]}
 * sorted by name, SQLite's own tables (sqlite_*) left out. */
JsonNode *bs_sqlite_tables_describe    (const char  *path,
                                        GError     **error);

G_END_DECLS
