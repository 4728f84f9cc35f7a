/* bs-csv-sniffer.h — guesses how a CSV file is written from a sample of it (private to
 * the CSV import): encoding, delimiter, whether the first row is a header, and the type
 * of each column. Also parses single values the way the import stores them.
 *
 * Rules (also what the import promises):
 * - Encoding: a UTF-8 byte order mark, else valid UTF-8, else Latin-1 (bytes 0x80–0x9F
 *   read as Windows-1252, which is what such files nearly always are). A sample with NUL
 *   bytes is not text.
 * - Delimiter: the one of tab, semicolon, pipe and comma that splits the sampled records
 *   into the same number (>1) of fields most consistently; ties go in that order.
 * - Integer: [+-]digits that fit 64 bits, without a leading zero (so "007" stays text).
 *   Real: [+-]digits[.digits][e[+-]digits]. A decimal comma ("1,5") is accepted only
 *   when the delimiter is not a comma, no value of the column has a point and no value
 *   has more than one comma: "1,500" is then one and a half, never a thousand and five
 *   hundred — a semicolon-separated file with decimal commas is the common case.
 * - Dates: ISO (2024-01-31, 2024/01/31, with an optional time " 13:45[:07[.123]]" or
 *   "T13:45…", an optional "Z" or ±HH[:MM] offset, converted to UTC); day-first or
 *   month-first with '/', '.' or '-' and a four-digit year, an optional time and AM/PM.
 *   Day-first against month-first is decided from the sample: a first part above 12 means
 *   day-first, a second part above 12 means month-first; when the sample cannot tell,
 *   day-first (most of the world) unless the separator is '/' and no value shows day-first,
 *   where month-first would be just as likely: such a column stays text rather than risk
 *   swapping days and months. Unix seconds: whole numbers between 2001-09-09 and
 *   2100-01-01 in a column whose header names a time ("time", "date", "_at", "epoch",
 *   "timestamp", "created", "updated", "ts").
 */
#pragma once

#include <glib.h>

#include "bs-csv-import.h"

G_BEGIN_DECLS

typedef enum
{
  BS_CSV_ENCODING_UTF8,
  BS_CSV_ENCODING_UTF8_BOM,
  BS_CSV_ENCODING_LATIN1,
} BsCsvEncoding;

/* How a date column is written; decides how its values are read. */
typedef enum
{
  BS_CSV_DATE_NONE,
  BS_CSV_DATE_ISO,
  BS_CSV_DATE_DMY,
  BS_CSV_DATE_MDY,
  BS_CSV_DATE_UNIX,
} BsCsvDateFormat;

typedef struct
{
  BsCsvColumnType type;
  BsCsvDateFormat date_format;
  gboolean        decimal_comma;  /* BS_CSV_COLUMN_REAL written as "1,5" */
} BsCsvColumnGuess;

gboolean      bs_csv_sniff_is_text    (const char *sample,
                                       gsize       len);
BsCsvEncoding bs_csv_sniff_encoding   (const char *sample,
                                       gsize       len,
                                       gboolean    at_end);
const char   *bs_csv_encoding_to_string (BsCsvEncoding encoding);
/* Appends @len bytes of Latin-1 (0x80–0x9F as Windows-1252) to @out as UTF-8. */
void          bs_csv_latin1_to_utf8   (const char *text,
                                       gsize       len,
                                       GString    *out);
char          bs_csv_sniff_delimiter  (const char *sample,
                                       gsize       len,
                                       gboolean    at_end);
/* Records (each a GStrv; an empty field is "") parsed with libcsv exactly as the import
 * parses them. Unless @at_end, the last record, which may be cut off, is left out. */
GPtrArray    *bs_csv_sample_records   (const char *sample,
                                       gsize       len,
                                       char        delimiter,
                                       gboolean    at_end,
                                       guint       max_records);
/* The number of fields most records have. */
guint         bs_csv_records_width    (GPtrArray  *records);
gboolean      bs_csv_sniff_header     (GPtrArray  *records,
                                       char        delimiter);
/* @names (nullable, @n_columns entries) are the header texts; they only help to tell
 * unix seconds from plain numbers. */
void          bs_csv_guess_columns    (GPtrArray        *records,
                                       guint             first_data_row,
                                       const char *const *names,
                                       guint             n_columns,
                                       char              delimiter,
                                       BsCsvColumnGuess *guesses);

gboolean      bs_csv_parse_integer    (const char *text,
                                       gint64     *value);
gboolean      bs_csv_parse_real       (const char *text,
                                       gboolean    decimal_comma,
                                       double     *value);
/* Returns "YYYY-MM-DD" for BS_CSV_COLUMN_DATE (a value with a time of day is refused)
 * or "YYYY-MM-DD HH:MM:SS" in UTC for BS_CSV_COLUMN_DATETIME; NULL when @text is not a
 * date written in @format. */
char         *bs_csv_parse_date       (const char      *text,
                                       BsCsvDateFormat  format,
                                       BsCsvColumnType  type);

G_END_DECLS
