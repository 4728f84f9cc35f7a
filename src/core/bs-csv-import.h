/* bs-csv-import.h — imports a CSV file into a table of a SQLite database.
 *
 * The encoding (UTF-8, UTF-8 with a BOM, otherwise Latin-1), the delimiter (comma,
 * semicolon, tab, pipe), the header row and the type of each column are guessed from a
 * sample. The table is built under a temporary name inside one transaction and renamed at
 * the end, so a failed or cancelled import leaves the database as it was. Rows that cannot
 * be imported are counted and reported with the physical line they start on: a row with
 * the wrong number of values (extra values that are all empty are accepted, for files whose
 * rows end with a delimiter), a value that does not fit the type its column was given from
 * the sample (the row is refused, never silently changed), or a quoted value that is never
 * closed. Empty values are stored as NULL, except "" (quoted) in a text column.
 *
 * Column names are made safe (ASCII letters, digits and '_', lower case, unique, never
 * rowid/oid); the original header texts are kept in bs_csv_columns (table_name, position,
 * name, header, type), with header NULL when the file had no header row. Dates are stored
 * as TEXT ("YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS" in UTC); times without an offset are
 * taken as UTC. See bs-csv-sniffer.h for how types and formats are guessed.
 *
 * An explicit table name that is already taken (by a table or a view, in any letter case)
 * is refused with BS_CSV_IMPORT_ERROR_EXISTS; with table NULL the name is derived from the
 * file name and made unique ("sales", "sales_2", …). Cancellation gives G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_CSV_IMPORT_ERROR (bs_csv_import_error_quark ())

typedef enum
{
  BS_CSV_IMPORT_ERROR_READ,
  BS_CSV_IMPORT_ERROR_EMPTY,
  BS_CSV_IMPORT_ERROR_NOT_TEXT,
  BS_CSV_IMPORT_ERROR_DATABASE,
  BS_CSV_IMPORT_ERROR_DISK_FULL,
  BS_CSV_IMPORT_ERROR_INVALID_NAME,
  BS_CSV_IMPORT_ERROR_EXISTS,      /* the table name asked for is taken */
  BS_CSV_IMPORT_ERROR_FORMAT,      /* too many columns, a quoted value never closed for 16 MiB */
} BsCsvImportError;

typedef enum
{
  BS_CSV_COLUMN_INTEGER,
  BS_CSV_COLUMN_REAL,
  BS_CSV_COLUMN_DATE,      /* stored as "YYYY-MM-DD" */
  BS_CSV_COLUMN_DATETIME,  /* stored in UTC as "YYYY-MM-DD HH:MM:SS" */
  BS_CSV_COLUMN_TEXT,
} BsCsvColumnType;

/* At most this many rejected rows are kept with their line and reason; all are counted. */
#define BS_CSV_IMPORT_MAX_DETAILS 100

/* Where the original header texts are kept, one row per imported column. */
#define BS_CSV_IMPORT_COLUMNS_TABLE "bs_csv_columns"

typedef struct _BsCsvImportReport BsCsvImportReport;

/* Called with the bytes of the file read so far, at least every 1% of @bytes_total. */
typedef void (*BsCsvProgressFunc) (guint64  bytes_read,
                                   guint64  bytes_total,
                                   gpointer user_data);

GQuark             bs_csv_import_error_quark             (void);

/* A safe table name (see above) made from any text, such as a file's base name. */
char              *bs_csv_import_table_name_for          (const char         *text);

/* @table: nullable, see above. @progress (nullable) is called in the calling thread. */
BsCsvImportReport *bs_csv_import_file                    (const char         *csv_path,
                                                          const char         *db_path,
                                                          const char         *table,
                                                          BsCsvProgressFunc   progress,
                                                          gpointer            progress_data,
                                                          GCancellable       *cancellable,
                                                          GError            **error);
/* Runs in a worker thread; @progress is called in the thread-default main context of the
 * caller, the last time before @callback. */
void               bs_csv_import_file_async              (const char         *csv_path,
                                                          const char         *db_path,
                                                          const char         *table,
                                                          BsCsvProgressFunc   progress,
                                                          gpointer            progress_data,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
BsCsvImportReport *bs_csv_import_file_finish             (GAsyncResult       *result,
                                                          GError            **error);

const char        *bs_csv_import_report_get_table        (BsCsvImportReport  *report);
const char        *bs_csv_import_report_get_summary      (BsCsvImportReport  *report);
guint64            bs_csv_import_report_get_rows_imported (BsCsvImportReport *report);
guint64            bs_csv_import_report_get_rows_rejected (BsCsvImportReport *report);
guint              bs_csv_import_report_get_n_details    (BsCsvImportReport  *report);
/* Returns the physical line (1-based) a rejected row starts on; @reason names the column. */
guint64            bs_csv_import_report_get_detail       (BsCsvImportReport  *report,
                                                          guint               index,
                                                          const char        **reason);
gboolean           bs_csv_import_report_get_has_header   (BsCsvImportReport  *report);
char               bs_csv_import_report_get_delimiter    (BsCsvImportReport  *report);
/* "utf-8", "utf-8-bom" or "latin1". */
const char        *bs_csv_import_report_get_encoding     (BsCsvImportReport  *report);
guint              bs_csv_import_report_get_n_columns    (BsCsvImportReport  *report);
/* "integer", "real", "date", "datetime" or "text". */
const char        *bs_csv_column_type_to_string          (BsCsvColumnType     type);
const char        *bs_csv_import_report_get_column_name  (BsCsvImportReport  *report,
                                                          guint               column);
/* NULL when the file had no header row. */
const char        *bs_csv_import_report_get_column_header (BsCsvImportReport *report,
                                                          guint               column);
BsCsvColumnType    bs_csv_import_report_get_column_type  (BsCsvImportReport  *report,
                                                          guint               column);
void               bs_csv_import_report_free             (BsCsvImportReport  *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCsvImportReport, bs_csv_import_report_free)

G_END_DECLS
