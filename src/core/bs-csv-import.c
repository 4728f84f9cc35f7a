#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "bs-csv-import.h"
#include "bs-csv-sniffer.h"

/* The sample the guesses are made from; it grows (up to the maximum) while it holds fewer
 * than two whole records, so a file of very long rows still gets a fair look. */
#define SAMPLE_BYTES (1024 * 1024)
#define SAMPLE_MAX_BYTES (16 * 1024 * 1024)
#define SAMPLE_RECORDS 10000

/* A record this long is nearly always a quote that is never closed, swallowing the rest of
 * the file: stop there instead of holding the whole file in memory. */
#define MAX_RECORD_BYTES (16 * 1024 * 1024)

#define CHUNK_MIN 256
#define CHUNK_MAX (64 * 1024)

/* libcsv's state between records (ROW_NOT_BEGUN and FIELD_BEGUN in libcsv.c); the struct is
 * public, and its state is the only way to know where a record began. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2

#define CSV_BLOCK_SIZE (64 * 1024)

#define MAX_NAME_LEN 63
#define SHOWN_VALUE_CHARS 40

typedef struct
{
  guint64 line;
  char   *reason;
} Detail;

struct _BsCsvImportReport
{
  char             *table;
  char             *summary;
  guint64           rows_imported;
  guint64           rows_rejected;
  GArray           *details;
  gboolean          has_header;
  char              delimiter;
  BsCsvEncoding     encoding;
  guint             n_columns;
  GPtrArray        *names;
  GPtrArray        *headers;
  BsCsvColumnGuess *guesses;
};

typedef struct
{
  char             *csv_path;
  char             *db_path;
  char             *table;
  BsCsvProgressFunc progress;
  gpointer          progress_data;
  GCancellable     *cancellable;

  char             *display;
  GInputStream     *stream;
  guint64           bytes_total;
  guint64           bytes_read;
  guint64           next_progress;
  gsize             chunk_size;
  GByteArray       *sample;
  gboolean          at_end;
  char              line_char;

  BsCsvImportReport *report;

  struct csv_parser parser;
  gboolean          parser_ready;
  GByteArray       *values;
  GArray           *offsets;
  guint64           line;
  guint64           record_line;
  gboolean          skip_header;
  gboolean          discard;
  GString          *converted;
  GString          *field_text;

  sqlite3          *db;
  sqlite3_stmt     *insert;
  char             *tmp_table;
  GError           *error;
} Import;

G_DEFINE_QUARK (bs-csv-import-error-quark, bs_csv_import_error)

/* Sets @error in this module's domain and returns FALSE, for one-line failures. */
static gboolean
fail (GError         **error,
      BsCsvImportError code,
      const char      *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError         **error,
      BsCsvImportError code,
      const char      *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (BS_CSV_IMPORT_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

static void
detail_clear (gpointer data)
{
  Detail *detail = data;

  g_free (detail->reason);
}

static BsCsvImportReport *
report_new (void)
{
  BsCsvImportReport *report = g_new0 (BsCsvImportReport, 1);

  report->details = g_array_new (FALSE, FALSE, sizeof (Detail));
  g_array_set_clear_func (report->details, detail_clear);
  report->names = g_ptr_array_new_with_free_func (g_free);
  report->headers = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
bs_csv_import_report_free (BsCsvImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->table);
  g_free (report->summary);
  g_array_unref (report->details);
  g_ptr_array_unref (report->names);
  g_ptr_array_unref (report->headers);
  g_free (report->guesses);
  g_free (report);
}

static void
import_free (Import *self)
{
  if (self->parser_ready)
    csv_free (&self->parser);
  g_clear_pointer (&self->insert, sqlite3_finalize);
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->csv_path);
  g_free (self->db_path);
  g_free (self->table);
  g_clear_object (&self->cancellable);
  g_free (self->display);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->sample, g_byte_array_unref);
  g_clear_pointer (&self->report, bs_csv_import_report_free);
  g_clear_pointer (&self->values, g_byte_array_unref);
  g_clear_pointer (&self->offsets, g_array_unref);
  if (self->converted != NULL)
    g_string_free (self->converted, TRUE);
  if (self->field_text != NULL)
    g_string_free (self->field_text, TRUE);
  g_free (self->tmp_table);
  g_clear_error (&self->error);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Import, import_free)

const char *
bs_csv_column_type_to_string (BsCsvColumnType type)
{
  switch (type)
    {
    case BS_CSV_COLUMN_INTEGER:
      return "integer";
    case BS_CSV_COLUMN_REAL:
      return "real";
    case BS_CSV_COLUMN_DATE:
      return "date";
    case BS_CSV_COLUMN_DATETIME:
      return "datetime";
    case BS_CSV_COLUMN_TEXT:
    default:
      return "text";
    }
}

/* Lower-case ASCII letters, digits and '_'; accents are transliterated ("Größe" → "grosse"). */
static char *
safe_identifier (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text != NULL ? text : "", "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && out->len < MAX_NAME_LEN; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

char *
bs_csv_import_table_name_for (const char *text)
{
  g_autofree char *name = safe_identifier (text);

  g_return_val_if_fail (text != NULL, NULL);

  if (name[0] == '\0')
    return g_strdup ("import");
  /* sqlite_ names are SQLite's own, bs_ ones are hidden from the schema browser. */
  if (g_ascii_isdigit (name[0]) || g_str_has_prefix (name, "sqlite_") ||
      g_str_has_prefix (name, "bs_"))
    return g_strdup_printf ("csv_%s", name);
  return g_steal_pointer (&name);
}

static gboolean
table_name_valid (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > MAX_NAME_LEN || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return g_ascii_strncasecmp (name, "sqlite_", 7) != 0 && g_ascii_strncasecmp (name, "bs_", 3) != 0;
}

/* Adds "_2", "_3"… until @name is not in @taken (compared without case, as SQLite does). */
static char *
make_unique (const char *name,
             GHashTable *taken)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  char *candidate;

  if (!g_hash_table_contains (taken, lower))
    {
      g_hash_table_add (taken, g_steal_pointer (&lower));
      return g_strdup (name);
    }
  for (guint n = 2;; n++)
    {
      g_autofree char *suffix = g_strdup_printf ("_%u", n);
      g_autofree char *base = g_strndup (name, MAX_NAME_LEN - strlen (suffix));

      candidate = g_strconcat (base, suffix, NULL);
      g_free (lower);
      lower = g_ascii_strdown (candidate, -1);
      if (!g_hash_table_contains (taken, lower))
        break;
      g_free (candidate);
    }
  g_hash_table_add (taken, g_steal_pointer (&lower));
  return candidate;
}

static void
name_columns (BsCsvImportReport *report,
              char             **header)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* These would hide SQLite's own row id. */
  g_hash_table_add (taken, g_strdup ("rowid"));
  g_hash_table_add (taken, g_strdup ("oid"));
  g_hash_table_add (taken, g_strdup ("_rowid_"));
  for (guint c = 0; c < report->n_columns; c++)
    {
      const char *text = header != NULL && header[c] != NULL ? header[c] : NULL;
      g_autofree char *safe = safe_identifier (text);
      g_autofree char *name = NULL;

      if (safe[0] == '\0')
        name = g_strdup_printf ("column_%u", c + 1);
      else if (g_ascii_isdigit (safe[0]))
        name = g_strdup_printf ("c_%s", safe);
      else
        name = g_steal_pointer (&safe);
      g_ptr_array_add (report->names, make_unique (name, taken));
      g_ptr_array_add (report->headers,
                       header != NULL ? g_strdup (text != NULL ? text : "") : NULL);
    }
}

/* How a column is named to a person: its header, or its name when there was none. */
static const char *
column_label (BsCsvImportReport *report,
              guint              column)
{
  const char *header = g_ptr_array_index (report->headers, column);

  return header != NULL && header[0] != '\0' ? header : g_ptr_array_index (report->names, column);
}

static char *
quote_identifier (const char *name)
{
  g_autoptr(GString) out = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
db_is_full (sqlite3 *db,
            int      rc)
{
  int system_errno = sqlite3_system_errno (db);

  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;
  return (rc & 0xff) == SQLITE_IOERR &&
         (system_errno == ENOSPC || system_errno == EFBIG || system_errno == EDQUOT);
}

static gboolean
db_fail (Import     *self,
         int         rc,
         GError    **error)
{
  g_autofree char *db_display = g_filename_display_name (self->db_path);

  if (db_is_full (self->db, rc))
    g_set_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_DISK_FULL,
                 _("There is not enough disk space to import “%s” into “%s”. Nothing was "
                   "imported; free some space and try again."),
                 self->display, db_display);
  else
    g_set_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_DATABASE,
                 _("Could not import “%s” into “%s”: %s"),
                 self->display, db_display, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
db_exec (Import     *self,
         const char *sql,
         GError    **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || db_fail (self, rc, error);
}

static gboolean
open_input (Import  *self,
            GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->csv_path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_read (file, self->cancellable, &local_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           self->cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_READ,
                     _("Could not read “%s”: %s"), self->display, local_error->message);
      return FALSE;
    }
  self->bytes_total = g_file_info_get_size (info);
  self->chunk_size = CLAMP (self->bytes_total / 128, CHUNK_MIN, CHUNK_MAX);
  self->stream = G_INPUT_STREAM (g_steal_pointer (&stream));
  return TRUE;
}

static gssize
read_some (Import  *self,
           guint8  *buffer,
           gsize    size,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize n = 0;

  if (!g_input_stream_read_all (self->stream, buffer, size, &n, self->cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_READ,
                     _("Could not read “%s”: %s"), self->display, local_error->message);
      return -1;
    }
  return n;
}

static gboolean
read_sample (Import  *self,
             gsize    upto,
             GError **error)
{
  gsize have = self->sample->len;
  gssize n;

  if (self->at_end || have >= upto)
    return TRUE;
  g_byte_array_set_size (self->sample, upto);
  n = read_some (self, self->sample->data + have, upto - have, error);
  if (n < 0)
    return FALSE;
  g_byte_array_set_size (self->sample, have + n);
  self->at_end = have + n < upto;
  return TRUE;
}

static gboolean
sniff (Import  *self,
       GError **error)
{
  BsCsvImportReport *report = self->report;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *data;
  gsize len;
  /* Borrowed from @records, padded with NULL to n_columns. */
  g_autofree char **header = NULL;

  for (gsize upto = SAMPLE_BYTES;; upto *= 2)
    {
      if (!read_sample (self, upto, error))
        return FALSE;
      data = (const char *) self->sample->data;
      len = self->sample->len;
      if (!bs_csv_sniff_is_text (data, len))
        return fail (error, BS_CSV_IMPORT_ERROR_NOT_TEXT,
                     _("“%s” is not a CSV file: it contains binary data."),
                     self->display);
      report->encoding = bs_csv_sniff_encoding (data, len, self->at_end);
      g_string_truncate (text, 0);
      if (report->encoding == BS_CSV_ENCODING_LATIN1)
        bs_csv_latin1_to_utf8 (data, len, text);
      else if (report->encoding == BS_CSV_ENCODING_UTF8_BOM)
        g_string_append_len (text, data + 3, len - 3);
      else
        g_string_append_len (text, data, len);
      /* Old Mac files end lines with CR alone; everything else has LF. */
      self->line_char = memchr (text->str, '\n', text->len) == NULL &&
                        memchr (text->str, '\r', text->len) != NULL ? '\r' : '\n';
      report->delimiter = bs_csv_sniff_delimiter (text->str, text->len, self->at_end);
      g_clear_pointer (&records, g_ptr_array_unref);
      records = bs_csv_sample_records (text->str, text->len, report->delimiter, self->at_end,
                                       SAMPLE_RECORDS);
      if (records->len >= 2 || self->at_end || upto >= SAMPLE_MAX_BYTES)
        break;
    }
  if (records->len == 0 && !self->at_end)
    return fail (error, BS_CSV_IMPORT_ERROR_FORMAT,
                 _("“%s”, line 1: the first row is longer than %u MB; is a closing "
                   "quote missing?"),
                 self->display, SAMPLE_MAX_BYTES / (1024 * 1024));
  if (records->len == 0)
    return fail (error, BS_CSV_IMPORT_ERROR_EMPTY,
                 _("“%s” is empty: there are no rows to import."), self->display);

  report->has_header = bs_csv_sniff_header (records, report->delimiter);
  /* Rows wider than their header still get every value, in columns named column_N. */
  report->n_columns = bs_csv_records_width (records);
  if (report->has_header)
    {
      char **first = g_ptr_array_index (records, 0);
      guint header_width = g_strv_length (first);

      report->n_columns = MAX (report->n_columns, header_width);
      header = g_new0 (char *, report->n_columns + 1);
      memcpy (header, first, header_width * sizeof (char *));
    }
  name_columns (report, header);
  report->guesses = g_new0 (BsCsvColumnGuess, report->n_columns);
  bs_csv_guess_columns (records, report->has_header ? 1 : 0, (const char *const *) header,
                        report->n_columns, report->delimiter, report->guesses);
  self->skip_header = report->has_header;
  return TRUE;
}

static gboolean
resolve_table (Import  *self,
               GError **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *base = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (self->table != NULL && !table_name_valid (self->table))
    return fail (error, BS_CSV_IMPORT_ERROR_INVALID_NAME,
                 _("“%s” cannot be a table name: use up to %u letters, digits and "
                   "underscores, starting with a letter, and not starting with "
                   "“sqlite_” or “bs_”."), self->table, MAX_NAME_LEN);

  rc = sqlite3_prepare_v2 (self->db, "SELECT lower(name) FROM sqlite_schema", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_hash_table_add (taken, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (self, rc, error);

  if (self->table != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (self->table, -1);

      if (g_hash_table_contains (taken, lower))
        return fail (error, BS_CSV_IMPORT_ERROR_EXISTS,
                     _("A table called “%s” already exists; choose another name."),
                     self->table);
      self->report->table = g_strdup (self->table);
    }
  else
    {
      g_autofree char *basename = g_path_get_basename (self->csv_path);
      char *dot = strrchr (basename, '.');

      if (dot != NULL && dot != basename)
        *dot = '\0';
      base = bs_csv_import_table_name_for (basename);
      self->report->table = make_unique (base, taken);
    }
  self->tmp_table = g_strdup_printf ("bs_import_%08x%08x", g_random_int (), g_random_int ());
  return TRUE;
}

static gboolean
create_table (Import  *self,
              GError **error)
{
  BsCsvImportReport *report = self->report;
  g_autoptr(GString) sql = g_string_new ("CREATE TABLE ");
  g_autofree char *tmp = quote_identifier (self->tmp_table);
  int rc;

  g_string_append_printf (sql, "%s (", tmp);
  for (guint c = 0; c < report->n_columns; c++)
    {
      g_autofree char *name = quote_identifier (g_ptr_array_index (report->names, c));
      const char *declared = report->guesses[c].type == BS_CSV_COLUMN_INTEGER ? "INTEGER" :
                             report->guesses[c].type == BS_CSV_COLUMN_REAL ? "REAL" : "TEXT";

      g_string_append_printf (sql, "%s%s %s", c > 0 ? ", " : "", name, declared);
    }
  g_string_append (sql, ")");
  if (!db_exec (self, sql->str, error))
    return FALSE;

  g_string_printf (sql, "INSERT INTO %s VALUES (", tmp);
  for (guint c = 0; c < report->n_columns; c++)
    g_string_append (sql, c > 0 ? ", ?" : "?");
  g_string_append (sql, ")");
  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &self->insert, NULL);
  return rc == SQLITE_OK || db_fail (self, rc, error);
}

static gboolean
open_database (Import  *self,
               GError **error)
{
  int max_columns;
  int rc;

  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return db_fail (self, rc, error);
  sqlite3_busy_timeout (self->db, 10000);
  max_columns = sqlite3_limit (self->db, SQLITE_LIMIT_COLUMN, -1);
  if (self->report->n_columns > (guint) max_columns)
    return fail (error, BS_CSV_IMPORT_ERROR_FORMAT,
                 _("“%s” has %u columns; at most %d can be imported."),
                 self->display, self->report->n_columns, max_columns);
  /* A bigger page cache keeps a large import from writing the same pages again and again;
   * it is this connection's only, and bounded. */
  return db_exec (self, "PRAGMA cache_size = -32768", error) &&
         db_exec (self, "BEGIN IMMEDIATE", error) &&
         resolve_table (self, error) &&
         create_table (self, error);
}

static void
reject (Import     *self,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
reject (Import     *self,
        const char *format,
        ...)
{
  BsCsvImportReport *report = self->report;
  va_list args;
  Detail detail;

  report->rows_rejected++;
  if (report->details->len >= BS_CSV_IMPORT_MAX_DETAILS)
    return;
  va_start (args, format);
  detail.line = self->record_line;
  detail.reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (report->details, detail);
}

static char *
shown_value (const char *value)
{
  g_autofree char *start = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return g_strdup (_("(not valid text)"));
  if (g_utf8_strlen (value, -1) <= SHOWN_VALUE_CHARS)
    return g_strdup (value);
  start = g_utf8_substring (value, 0, SHOWN_VALUE_CHARS);
  return g_strconcat (start, "…", NULL);
}

static const char *
field_at (Import *self,
          guint   index)
{
  gint64 offset = g_array_index (self->offsets, gint64, index);

  return offset < 0 ? NULL : (const char *) self->values->data + offset;
}

static gboolean
check_width (Import *self)
{
  BsCsvImportReport *report = self->report;
  guint width = self->offsets->len;

  if (width < report->n_columns)
    {
      reject (self, _("%u values instead of %u: no value for column “%s”"),
              width, report->n_columns, column_label (report, width));
      return FALSE;
    }
  for (guint c = report->n_columns; c < width; c++)
    {
      const char *extra = field_at (self, c);

      if (extra != NULL && extra[0] != '\0')
        {
          g_autofree char *shown = shown_value (extra);

          reject (self, _("%u values instead of %u: “%s” after the last column “%s”"),
                  width, report->n_columns, shown, column_label (report, report->n_columns - 1));
          return FALSE;
        }
    }
  return TRUE;
}

static const char *
type_problem (const BsCsvColumnGuess *guess)
{
  switch (guess->type)
    {
    case BS_CSV_COLUMN_INTEGER:
      return _("is not a whole number");
    case BS_CSV_COLUMN_REAL:
      return guess->decimal_comma ? _("is not a number like 1,5") : _("is not a number like 1.5");
    case BS_CSV_COLUMN_DATE:
    case BS_CSV_COLUMN_DATETIME:
    default:
      switch (guess->date_format)
        {
        case BS_CSV_DATE_DMY:
          return _("is not a date like 31/01/2024 (day first)");
        case BS_CSV_DATE_MDY:
          return _("is not a date like 01/31/2024 (month first)");
        case BS_CSV_DATE_UNIX:
          return _("is not a time in seconds since 1970");
        case BS_CSV_DATE_ISO:
        case BS_CSV_DATE_NONE:
        default:
          return guess->type == BS_CSV_COLUMN_DATE ? _("is not a date like 2024-01-31")
                                                   : _("is not a time like 2024-01-31 13:45");
        }
    }
}

/* Binds one value; FALSE when it does not fit its column (the row is then rejected). */
static gboolean
bind_value (Import     *self,
            guint       column,
            const char *value)
{
  const BsCsvColumnGuess *guess = &self->report->guesses[column];
  int index = column + 1;
  gint64 integer;
  double real;
  char *date;

  if (value == NULL || (value[0] == '\0' && guess->type != BS_CSV_COLUMN_TEXT))
    {
      sqlite3_bind_null (self->insert, index);
      return TRUE;
    }
  if (guess->type == BS_CSV_COLUMN_TEXT && !g_utf8_validate (value, -1, NULL))
    {
      /* A file that looked like UTF-8 in the sample may still hold a Latin-1 value later. */
      g_string_truncate (self->field_text, 0);
      bs_csv_latin1_to_utf8 (value, strlen (value), self->field_text);
      sqlite3_bind_text64 (self->insert, index, self->field_text->str, self->field_text->len,
                           SQLITE_TRANSIENT, SQLITE_UTF8);
      return TRUE;
    }
  switch (guess->type)
    {
    case BS_CSV_COLUMN_INTEGER:
      if (!bs_csv_parse_integer (value, &integer))
        return FALSE;
      sqlite3_bind_int64 (self->insert, index, integer);
      return TRUE;
    case BS_CSV_COLUMN_REAL:
      if (!bs_csv_parse_real (value, guess->decimal_comma, &real))
        return FALSE;
      sqlite3_bind_double (self->insert, index, real);
      return TRUE;
    case BS_CSV_COLUMN_DATE:
    case BS_CSV_COLUMN_DATETIME:
      date = bs_csv_parse_date (value, guess->date_format, guess->type);
      if (date == NULL)
        return FALSE;
      sqlite3_bind_text64 (self->insert, index, date, strlen (date), g_free, SQLITE_UTF8);
      return TRUE;
    case BS_CSV_COLUMN_TEXT:
    default:
      /* The record buffer stays put until the row is stepped. */
      sqlite3_bind_text64 (self->insert, index, value, strlen (value), SQLITE_STATIC, SQLITE_UTF8);
      return TRUE;
    }
}

static void
insert_record (Import *self)
{
  BsCsvImportReport *report = self->report;
  int rc;

  if (!check_width (self))
    return;
  for (guint c = 0; c < report->n_columns; c++)
    {
      const char *value = field_at (self, c);

      if (!bind_value (self, c, value))
        {
          g_autofree char *shown = shown_value (value);

          reject (self, _("column “%s”: “%s” %s"), column_label (report, c), shown,
                  type_problem (&report->guesses[c]));
          sqlite3_clear_bindings (self->insert);
          return;
        }
    }
  rc = sqlite3_step (self->insert);
  sqlite3_reset (self->insert);
  if (rc != SQLITE_DONE)
    {
      db_fail (self, rc, &self->error);
      return;
    }
  report->rows_imported++;
}

static void
row_too_long (Import *self)
{
  g_set_error (&self->error, BS_CSV_IMPORT_ERROR, BS_CSV_IMPORT_ERROR_FORMAT,
               _("“%s”, line %lu: this row is longer than %u MB; is a closing quote missing?"),
               self->display, (gulong) self->record_line, MAX_RECORD_BYTES / (1024 * 1024));
}

static void
on_field (void  *data,
          size_t len,
          void  *user_data)
{
  Import *self = user_data;
  gint64 offset = -1;

  if (self->error != NULL || self->discard)
    return;
  if (self->record_line == 0)
    self->record_line = self->line;
  if (data != NULL)
    {
      offset = self->values->len;
      g_byte_array_append (self->values, data, len);
      g_byte_array_append (self->values, (const guint8 *) "", 1);
    }
  g_array_append_val (self->offsets, offset);
  if (self->values->len > MAX_RECORD_BYTES)
    row_too_long (self);
}

static void
on_record (int   c,
           void *user_data)
{
  Import *self = user_data;

  if (self->error != NULL || self->discard)
    return;
  if (self->skip_header)
    self->skip_header = FALSE;
  else
    insert_record (self);
  g_byte_array_set_size (self->values, 0);
  g_array_set_size (self->offsets, 0);
  self->record_line = 0;
}

static void
report_progress (Import *self)
{
  guint64 total = MAX (self->bytes_total, self->bytes_read);

  if (self->progress == NULL)
    return;
  if (self->bytes_read < self->next_progress && self->bytes_read < total)
    return;
  /* Twice per percent, so that no step of 1% is ever skipped. */
  self->next_progress = self->bytes_read + MAX (total / 200, 1);
  self->progress (self->bytes_read, total, self->progress_data);
}

/* Feeds libcsv one physical line at a time: between two calls the parser's state tells
 * whether a record has begun, which is how rows keep their true line numbers even after
 * values with line breaks inside quotes. */
static gboolean
feed_text (Import     *self,
           const char *text,
           gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end && self->error == NULL)
    {
      const char *eol = memchr (p, self->line_char, end - p);
      gsize n = eol != NULL ? (gsize) (eol - p + 1) : (gsize) (end - p);

      if (csv_parse (&self->parser, p, n, on_field, on_record, self) != n)
        g_error ("The CSV parser ran out of memory: %s", csv_strerror (csv_error (&self->parser)));
      if (self->record_line == 0 && self->parser.pstate != LIBCSV_ROW_NOT_BEGUN)
        self->record_line = self->line;
      if (eol != NULL)
        self->line++;
      if (self->error == NULL && csv_get_buffer_size (&self->parser) > MAX_RECORD_BYTES)
        row_too_long (self);
      /* Doubling, so that a long quoted value is copied a few times, not once per block. */
      csv_set_blk_size (&self->parser, MAX (CSV_BLOCK_SIZE, csv_get_buffer_size (&self->parser)));
      p += n;
    }
  return self->error == NULL;
}

static gboolean
feed_raw (Import       *self,
          const guint8 *data,
          gsize         len,
          GError      **error)
{
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  if (self->report->encoding == BS_CSV_ENCODING_LATIN1)
    {
      g_string_truncate (self->converted, 0);
      bs_csv_latin1_to_utf8 ((const char *) data, len, self->converted);
      ok = feed_text (self, self->converted->str, self->converted->len);
    }
  else
    ok = feed_text (self, (const char *) data, len);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  self->bytes_read += len;
  report_progress (self);
  return TRUE;
}

static gboolean
finish_parse (Import  *self,
              GError **error)
{
  if (self->parser.pstate == LIBCSV_FIELD_BEGUN && self->parser.quoted)
    {
      if (self->skip_header)
        return fail (error, BS_CSV_IMPORT_ERROR_FORMAT,
                     _("“%s”, line 1: a quoted column name is never closed."),
                     self->display);
      reject (self, _("a quoted value that starts in this row is never closed"));
      self->discard = TRUE;
    }
  csv_fini (&self->parser, on_field, on_record, self);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
stream_rows (Import  *self,
             GError **error)
{
  const guint8 *sample = self->sample->data;
  gsize sample_len = self->sample->len;
  g_autofree guint8 *buffer = NULL;

  if (csv_init (&self->parser, CSV_EMPTY_IS_NULL | CSV_APPEND_NULL) != 0)
    g_error ("Out of memory for the CSV parser");
  self->parser_ready = TRUE;
  csv_set_delim (&self->parser, (unsigned char) self->report->delimiter);
  /* libcsv grows a field's buffer by this much at a time: the default of 128 bytes makes
   * one long field cost a copy of itself per 128 bytes. */
  csv_set_blk_size (&self->parser, CSV_BLOCK_SIZE);
  self->line = 1;

  if (self->report->encoding == BS_CSV_ENCODING_UTF8_BOM)
    {
      self->bytes_read += 3;
      sample += 3;
      sample_len -= 3;
    }
  for (gsize done = 0; done < sample_len; done += self->chunk_size)
    if (!feed_raw (self, sample + done, MIN (self->chunk_size, sample_len - done), error))
      return FALSE;
  g_clear_pointer (&self->sample, g_byte_array_unref);

  buffer = g_malloc (self->chunk_size);
  while (!self->at_end)
    {
      gssize n = read_some (self, buffer, self->chunk_size, error);

      if (n < 0 || !feed_raw (self, buffer, n, error))
        return FALSE;
      self->at_end = (gsize) n < self->chunk_size;
    }
  return finish_parse (self, error);
}

static gboolean
commit (Import  *self,
        GError **error)
{
  BsCsvImportReport *report = self->report;
  g_autofree char *tmp = quote_identifier (self->tmp_table);
  g_autofree char *final = quote_identifier (report->table);
  g_autofree char *rename = g_strdup_printf ("ALTER TABLE %s RENAME TO %s", tmp, final);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_clear_pointer (&self->insert, sqlite3_finalize);
  if (!db_exec (self, rename, error) ||
      !db_exec (self, "CREATE TABLE IF NOT EXISTS " BS_CSV_IMPORT_COLUMNS_TABLE
                " (table_name TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,"
                " header TEXT, type TEXT NOT NULL, PRIMARY KEY (table_name, position))", error))
    return FALSE;

  rc = sqlite3_prepare_v2 (self->db, "DELETE FROM " BS_CSV_IMPORT_COLUMNS_TABLE
                           " WHERE table_name = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, report->table, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, "INSERT INTO " BS_CSV_IMPORT_COLUMNS_TABLE
                             " (table_name, position, name, header, type)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &stmt, NULL);
  for (guint c = 0; rc == SQLITE_OK && c < report->n_columns; c++)
    {
      sqlite3_bind_text (stmt, 1, report->table, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, c);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (report->names, c), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, g_ptr_array_index (report->headers, c), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, bs_csv_column_type_to_string (report->guesses[c].type), -1,
                         SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return db_fail (self, rc, error);
  /* The last look: after COMMIT, the import can no longer be undone. */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  return db_exec (self, "COMMIT", error);
}

static void
write_summary (Import *self)
{
  BsCsvImportReport *report = self->report;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *imported = g_strdup_printf ("%" G_GUINT64_FORMAT, report->rows_imported);
  g_autofree char *rejected = g_strdup_printf ("%" G_GUINT64_FORMAT, report->rows_rejected);

  g_string_printf (summary,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s row imported from “%s” into the table “%s”.",
                                "%s rows imported from “%s” into the table “%s”.",
                                (gulong) MIN (report->rows_imported, G_MAXULONG)),
                   imported, self->display, report->table);
  if (report->rows_rejected > 0)
    {
      const Detail *first = &g_array_index (report->details, Detail, 0);

      g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s row could not be imported; the first is on line "
                                           "%lu: %s.",
                                           "%s rows could not be imported; the first is on line "
                                           "%lu: %s.",
                                           (gulong) MIN (report->rows_rejected, G_MAXULONG)),
                              rejected, (gulong) first->line, first->reason);
    }
  report->summary = g_string_free (g_steal_pointer (&summary), FALSE);
}

static Import *
import_new (const char       *csv_path,
            const char       *db_path,
            const char       *table,
            BsCsvProgressFunc progress,
            gpointer          progress_data,
            GCancellable     *cancellable)
{
  Import *self = g_new0 (Import, 1);

  self->csv_path = g_strdup (csv_path);
  self->db_path = g_strdup (db_path);
  self->table = g_strdup (table);
  self->progress = progress;
  self->progress_data = progress_data;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->display = g_filename_display_name (csv_path);
  self->sample = g_byte_array_new ();
  self->report = report_new ();
  self->values = g_byte_array_new ();
  self->offsets = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->converted = g_string_new (NULL);
  self->field_text = g_string_new (NULL);
  return self;
}

static BsCsvImportReport *
import_run (Import  *self,
            GError **error)
{
  if (!open_input (self, error) ||
      !sniff (self, error) ||
      !open_database (self, error) ||
      !stream_rows (self, error) ||
      !commit (self, error))
    return NULL;
  write_summary (self);
  return g_steal_pointer (&self->report);
}

BsCsvImportReport *
bs_csv_import_file (const char        *csv_path,
                    const char        *db_path,
                    const char        *table,
                    BsCsvProgressFunc  progress,
                    gpointer           progress_data,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(Import) self = NULL;

  g_return_val_if_fail (csv_path != NULL, NULL);
  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = import_new (csv_path, db_path, table, progress, progress_data, cancellable);
  return import_run (self, error);
}

/* Carries progress from the worker to the caller's main context. Only the latest figures
 * matter, so at most one dispatch is queued at a time. */
typedef struct
{
  GMainContext     *context;
  BsCsvProgressFunc func;
  gpointer          data;
  GMutex            lock;
  guint64           bytes_read;
  guint64           bytes_total;
  gboolean          queued;
} ProgressRelay;

static void
relay_clear (ProgressRelay *relay)
{
  g_main_context_unref (relay->context);
  g_mutex_clear (&relay->lock);
}

static void
relay_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) relay_clear);
}

static gboolean
relay_dispatch (gpointer user_data)
{
  ProgressRelay *relay = user_data;
  guint64 bytes_read, bytes_total;

  g_mutex_lock (&relay->lock);
  relay->queued = FALSE;
  bytes_read = relay->bytes_read;
  bytes_total = relay->bytes_total;
  g_mutex_unlock (&relay->lock);
  relay->func (bytes_read, bytes_total, relay->data);
  return G_SOURCE_REMOVE;
}

static void
relay_progress (guint64  bytes_read,
                guint64  bytes_total,
                gpointer user_data)
{
  ProgressRelay *relay = user_data;
  gboolean queue;

  g_mutex_lock (&relay->lock);
  relay->bytes_read = bytes_read;
  relay->bytes_total = bytes_total;
  queue = !relay->queued;
  relay->queued = TRUE;
  g_mutex_unlock (&relay->lock);
  /* An explicit source, not g_main_context_invoke (): that would call back right here in
   * the worker when the worker's default context is the caller's and it is free. */
  if (queue)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, relay_dispatch, g_atomic_rc_box_acquire (relay),
                             relay_release);
      g_source_set_static_name (source, "[bs] csv import progress");
      g_source_attach (source, relay->context);
      g_source_unref (source);
    }
}

static void
import_task_data_free (gpointer data)
{
  Import *self = data;
  ProgressRelay *relay = self->progress_data;

  if (relay != NULL)
    relay_release (relay);
  import_free (self);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Import *self = task_data;
  GError *error = NULL;
  BsCsvImportReport *report = import_run (self, &error);

  /* Closed here, in the worker, so the database is free when the callback runs. */
  g_clear_pointer (&self->insert, sqlite3_finalize);
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&self->db, sqlite3_close);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) bs_csv_import_report_free);
}

void
bs_csv_import_file_async (const char         *csv_path,
                          const char         *db_path,
                          const char         *table,
                          BsCsvProgressFunc   progress,
                          gpointer            progress_data,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ProgressRelay *relay = NULL;
  Import *self;

  g_return_if_fail (csv_path != NULL);
  g_return_if_fail (db_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (progress != NULL)
    {
      relay = g_atomic_rc_box_new0 (ProgressRelay);
      relay->context = g_main_context_ref_thread_default ();
      relay->func = progress;
      relay->data = progress_data;
      g_mutex_init (&relay->lock);
    }
  self = import_new (csv_path, db_path, table, relay != NULL ? relay_progress : NULL, relay,
                     cancellable);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_csv_import_file_async);
  g_task_set_name (task, "[bs] csv import");
  g_task_set_task_data (task, self, import_task_data_free);
  g_task_run_in_thread (task, import_thread);
}

BsCsvImportReport *
bs_csv_import_file_finish (GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bs_csv_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
bs_csv_import_report_get_table (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return report->table;
}

const char *
bs_csv_import_report_get_summary (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return report->summary;
}

guint64
bs_csv_import_report_get_rows_imported (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->rows_imported;
}

guint64
bs_csv_import_report_get_rows_rejected (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->rows_rejected;
}

guint
bs_csv_import_report_get_n_details (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->details->len;
}

guint64
bs_csv_import_report_get_detail (BsCsvImportReport *report,
                                 guint              index,
                                 const char       **reason)
{
  const Detail *detail;

  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (index < report->details->len, 0);

  detail = &g_array_index (report->details, Detail, index);
  if (reason != NULL)
    *reason = detail->reason;
  return detail->line;
}

gboolean
bs_csv_import_report_get_has_header (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);
  return report->has_header;
}

char
bs_csv_import_report_get_delimiter (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, ',');
  return report->delimiter;
}

const char *
bs_csv_import_report_get_encoding (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return bs_csv_encoding_to_string (report->encoding);
}

guint
bs_csv_import_report_get_n_columns (BsCsvImportReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->n_columns;
}

const char *
bs_csv_import_report_get_column_name (BsCsvImportReport *report,
                                      guint              column)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (column < report->n_columns, NULL);
  return g_ptr_array_index (report->names, column);
}

const char *
bs_csv_import_report_get_column_header (BsCsvImportReport *report,
                                        guint              column)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (column < report->n_columns, NULL);
  return g_ptr_array_index (report->headers, column);
}

BsCsvColumnType
bs_csv_import_report_get_column_type (BsCsvImportReport *report,
                                      guint              column)
{
  g_return_val_if_fail (report != NULL, BS_CSV_COLUMN_TEXT);
  g_return_val_if_fail (column < report->n_columns, BS_CSV_COLUMN_TEXT);
  return report->guesses[column].type;
}
