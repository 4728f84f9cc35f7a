#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <csv.h>
#include <string.h>

#include "bs-csv-sniffer.h"

/* How much libcsv grows a field's buffer by at a time. */
#define CSV_BLOCK_SIZE (64 * 1024)

/* Unix seconds are only believed between these (2001-09-09 and 2100-01-01): ten digits. */
#define UNIX_MIN G_GINT64_CONSTANT (1000000000)
#define UNIX_MAX G_GINT64_CONSTANT (4102444800)

/* Enough records to judge a delimiter without parsing the whole sample four times. */
#define DELIMITER_SAMPLE_RECORDS 200

typedef struct
{
  int      year;
  int      month;
  int      day;
  int      hour;
  int      minute;
  int      second;
  gboolean has_time;
  int      offset_minutes;
} DateParts;

gboolean
bs_csv_sniff_is_text (const char *sample,
                      gsize       len)
{
  return memchr (sample, '\0', len) == NULL;
}

BsCsvEncoding
bs_csv_sniff_encoding (const char *sample,
                       gsize       len,
                       gboolean    at_end)
{
  const char *end = NULL;

  if (len >= 3 && memcmp (sample, "\xEF\xBB\xBF", 3) == 0)
    return BS_CSV_ENCODING_UTF8_BOM;
  if (g_utf8_validate_len (sample, len, &end))
    return BS_CSV_ENCODING_UTF8;
  /* The sample may stop inside a character: that alone does not make it Latin-1. */
  if (!at_end && sample + len - end < 4 &&
      g_utf8_get_char_validated (end, sample + len - end) == (gunichar) -2)
    return BS_CSV_ENCODING_UTF8;
  return BS_CSV_ENCODING_LATIN1;
}

const char *
bs_csv_encoding_to_string (BsCsvEncoding encoding)
{
  switch (encoding)
    {
    case BS_CSV_ENCODING_UTF8:
      return "utf-8";
    case BS_CSV_ENCODING_UTF8_BOM:
      return "utf-8-bom";
    case BS_CSV_ENCODING_LATIN1:
    default:
      return "latin1";
    }
}

/* Windows-1252 in 0x80–0x9F; 0 where it has no character (then Latin-1's control code). */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

void
bs_csv_latin1_to_utf8 (const char *text,
                       gsize       len,
                       GString    *out)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

  while (p < end)
    {
      const guchar *run = p;

      while (p < end && *p < 0x80)
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (p < end)
        {
          gunichar c = *p;

          if (c < 0xA0 && cp1252_high[c - 0x80] != 0)
            c = cp1252_high[c - 0x80];
          g_string_append_unichar (out, c);
          p++;
        }
    }
}

typedef struct
{
  GPtrArray *records;
  GPtrArray *fields;
  guint      max_records;
} SampleState;

static void
sample_on_field (void  *data,
                 size_t len,
                 void  *user_data)
{
  SampleState *state = user_data;

  g_ptr_array_add (state->fields, g_strndup (data != NULL ? data : "", data != NULL ? len : 0));
}

static void
sample_on_record (int   c,
                  void *user_data)
{
  SampleState *state = user_data;

  if (state->records->len >= state->max_records)
    {
      g_ptr_array_set_size (state->fields, 0);
      return;
    }
  g_ptr_array_add (state->fields, NULL);
  g_ptr_array_add (state->records, g_ptr_array_free (state->fields, FALSE));
  state->fields = g_ptr_array_new_with_free_func (g_free);
}

GPtrArray *
bs_csv_sample_records (const char *sample,
                       gsize       len,
                       char        delimiter,
                       gboolean    at_end,
                       guint       max_records)
{
  struct csv_parser parser;
  SampleState state;

  g_return_val_if_fail (sample != NULL || len == 0, NULL);

  state.records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  state.fields = g_ptr_array_new_with_free_func (g_free);
  state.max_records = max_records;
  if (csv_init (&parser, CSV_EMPTY_IS_NULL | CSV_APPEND_NULL) != 0)
    g_error ("Out of memory for the CSV parser");
  csv_set_delim (&parser, (unsigned char) delimiter);
  /* libcsv grows a field's buffer by this much at a time: the default of 128 bytes makes
   * one long field cost a copy of itself per 128 bytes. */
  csv_set_blk_size (&parser, CSV_BLOCK_SIZE);
  csv_parse (&parser, sample, len, sample_on_field, sample_on_record, &state);
  if (at_end)
    csv_fini (&parser, sample_on_field, sample_on_record, &state);
  csv_free (&parser);
  g_ptr_array_unref (state.fields);
  return state.records;
}

guint
bs_csv_records_width (GPtrArray *records)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0;
  guint best_count = 0;

  for (guint i = 0; i < records->len; i++)
    {
      guint width = g_strv_length (g_ptr_array_index (records, i));
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (width))) + 1;

      g_hash_table_insert (counts, GUINT_TO_POINTER (width), GUINT_TO_POINTER (count));
      if (count > best_count || (count == best_count && width > best))
        {
          best = width;
          best_count = count;
        }
    }
  return best;
}

char
bs_csv_sniff_delimiter (const char *sample,
                        gsize       len,
                        gboolean    at_end)
{
  static const char candidates[] = { '\t', ';', '|', ',' };
  char best = ',';
  double best_score = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      g_autoptr(GPtrArray) records = bs_csv_sample_records (sample, len, candidates[c], at_end,
                                                            DELIMITER_SAMPLE_RECORDS);
      guint width = bs_csv_records_width (records);
      guint consistent = 0;
      double score;

      if (width < 2)
        continue;
      for (guint i = 0; i < records->len; i++)
        if (g_strv_length (g_ptr_array_index (records, i)) == width)
          consistent++;
      /* Consistency first; among equally consistent splits, more fields win. */
      score = (double) consistent / records->len * 1000.0 + MIN (width, 999) / 1000.0;
      if (score > best_score)
        {
          best = candidates[c];
          best_score = score;
        }
    }
  return best;
}

gboolean
bs_csv_parse_integer (const char *text,
                      gint64     *value)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 magnitude = 0;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = *p - '0';

      if (magnitude > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + digit;
    }
  if (*p != '\0')
    return FALSE;
  if (negative ? magnitude > (guint64) G_MAXINT64 + 1 : magnitude > G_MAXINT64)
    return FALSE;
  *value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  return TRUE;
}

/* The shape check g_ascii_strtod lacks: it also takes "nan", "inf", hex and spaces. */
static gboolean
real_shape (const char *text,
            char        separator)
{
  const char *p = text;
  guint digits = 0;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits++;
  if (*p == separator)
    for (p++; g_ascii_isdigit (*p); p++)
      digits++;
  if (digits == 0)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

gboolean
bs_csv_parse_real (const char *text,
                   gboolean    decimal_comma,
                   double     *value)
{
  char buffer[64];
  gsize len = strlen (text);

  if (len >= sizeof buffer || !real_shape (text, decimal_comma ? ',' : '.'))
    return FALSE;
  memcpy (buffer, text, len + 1);
  if (decimal_comma)
    {
      char *comma = strchr (buffer, ',');

      if (comma != NULL)
        *comma = '.';
    }
  *value = g_ascii_strtod (buffer, NULL);
  return TRUE;
}

static const char *
read_number (const char *p,
             guint       min_digits,
             guint       max_digits,
             int        *value)
{
  guint n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit (*p))
    {
      *value = *value * 10 + (*p++ - '0');
      n++;
    }
  return n >= min_digits && !g_ascii_isdigit (*p) ? p : NULL;
}

/* " 13:45", "T13:45:07", "13:45:07.123", then "Z" or ±HH[:MM], or " AM"/" PM". */
static gboolean
read_time (const char *p,
           gboolean    allow_zone,
           gboolean    allow_ampm,
           DateParts  *parts)
{
  if (*p == '\0')
    return TRUE;
  if (*p != ' ' && !(allow_zone && *p == 'T'))
    return FALSE;
  p++;
  if ((p = read_number (p, 1, 2, &parts->hour)) == NULL || *p++ != ':' ||
      (p = read_number (p, 2, 2, &parts->minute)) == NULL)
    return FALSE;
  if (*p == ':' && (p = read_number (p + 1, 2, 2, &parts->second)) == NULL)
    return FALSE;
  if (*p == '.' || *p == ',')
    for (p++; g_ascii_isdigit (*p); p++)
      ;
  parts->has_time = TRUE;
  if (allow_ampm && (g_ascii_strcasecmp (p, " AM") == 0 || g_ascii_strcasecmp (p, " PM") == 0))
    {
      if (parts->hour < 1 || parts->hour > 12)
        return FALSE;
      parts->hour = parts->hour % 12 + (g_ascii_toupper (p[1]) == 'P' ? 12 : 0);
      p += 3;
    }
  else if (allow_zone && (*p == 'Z' || *p == 'z'))
    p++;
  else if (allow_zone && (*p == '+' || *p == '-'))
    {
      int sign = *p == '-' ? -1 : 1;
      int hours, minutes = 0;

      /* ±HH, ±HH:MM or ±HHMM: two digits at a time. */
      p++;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
        return FALSE;
      hours = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
      if (*p == ':')
        p++;
      if (g_ascii_isdigit (*p) && (p = read_number (p, 2, 2, &minutes)) == NULL)
        return FALSE;
      if (hours > 14 || minutes > 59)
        return FALSE;
      parts->offset_minutes = sign * (hours * 60 + minutes);
    }
  return *p == '\0' && parts->hour < 24 && parts->minute < 60 && parts->second < 61;
}

static gboolean
parts_valid (const DateParts *parts)
{
  return parts->year >= 1 && parts->year <= 9999 &&
         parts->month >= 1 && parts->month <= 12 && parts->day >= 1 &&
         parts->day <= g_date_get_days_in_month (parts->month, parts->year);
}

static gboolean
read_iso (const char *text,
          DateParts  *parts)
{
  const char *p = text;
  char separator;

  memset (parts, 0, sizeof *parts);
  if ((p = read_number (p, 4, 4, &parts->year)) == NULL || (*p != '-' && *p != '/'))
    return FALSE;
  separator = *p++;
  if ((p = read_number (p, 1, 2, &parts->month)) == NULL || *p++ != separator ||
      (p = read_number (p, 1, 2, &parts->day)) == NULL)
    return FALSE;
  return parts_valid (parts) && read_time (p, TRUE, FALSE, parts);
}

/* "a/b/YYYY" with '/', '.' or '-'; which of a and b is the day is the caller's choice. */
static gboolean
read_two_part (const char *text,
               int        *a,
               int        *b,
               char       *separator,
               DateParts  *parts)
{
  const char *p = text;

  memset (parts, 0, sizeof *parts);
  if ((p = read_number (p, 1, 2, a)) == NULL || (*p != '/' && *p != '.' && *p != '-'))
    return FALSE;
  *separator = *p++;
  if ((p = read_number (p, 1, 2, b)) == NULL || *p++ != *separator ||
      (p = read_number (p, 4, 4, &parts->year)) == NULL)
    return FALSE;
  return read_time (p, FALSE, TRUE, parts);
}

static gboolean
read_date (const char      *text,
           BsCsvDateFormat  format,
           DateParts       *parts)
{
  int a, b;
  char separator;

  switch (format)
    {
    case BS_CSV_DATE_ISO:
      return read_iso (text, parts);
    case BS_CSV_DATE_DMY:
    case BS_CSV_DATE_MDY:
      if (!read_two_part (text, &a, &b, &separator, parts))
        return FALSE;
      parts->day = format == BS_CSV_DATE_DMY ? a : b;
      parts->month = format == BS_CSV_DATE_DMY ? b : a;
      return parts_valid (parts);
    case BS_CSV_DATE_UNIX:
    case BS_CSV_DATE_NONE:
    default:
      return FALSE;
    }
}

/* Howard Hinnant's days-from-civil: proleptic Gregorian, day 0 = 1970-01-01. */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64     z,
                 DateParts *parts)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  parts->day = doy - (153 * mp + 2) / 5 + 1;
  parts->month = mp < 10 ? mp + 3 : mp - 9;
  parts->year = yoe + era * 400 + (parts->month <= 2);
}

static void
parts_from_unix (gint64     seconds,
                 DateParts *parts)
{
  gint64 days = seconds / 86400;
  gint64 rest = seconds % 86400;

  if (rest < 0)
    {
      rest += 86400;
      days--;
    }
  memset (parts, 0, sizeof *parts);
  civil_from_days (days, parts);
  parts->hour = rest / 3600;
  parts->minute = rest / 60 % 60;
  parts->second = rest % 60;
  parts->has_time = TRUE;
}

static gint64
parts_to_unix (const DateParts *parts)
{
  return days_from_civil (parts->year, parts->month, parts->day) * 86400 +
         parts->hour * 3600 + parts->minute * 60 + MIN (parts->second, 59) -
         (gint64) parts->offset_minutes * 60;
}

char *
bs_csv_parse_date (const char      *text,
                   BsCsvDateFormat  format,
                   BsCsvColumnType  type)
{
  DateParts parts;

  g_return_val_if_fail (text != NULL, NULL);

  if (format == BS_CSV_DATE_UNIX)
    {
      gint64 seconds;

      if (!bs_csv_parse_integer (text, &seconds) || seconds < 0 || seconds > UNIX_MAX * 10)
        return NULL;
      parts_from_unix (seconds, &parts);
    }
  else if (!read_date (text, format, &parts))
    return NULL;
  else if (parts.offset_minutes != 0)
    parts_from_unix (parts_to_unix (&parts), &parts);

  if (type == BS_CSV_COLUMN_DATE)
    {
      if (parts.has_time)
        return NULL;
      return g_strdup_printf ("%04d-%02d-%02d", parts.year, parts.month, parts.day);
    }
  if (type != BS_CSV_COLUMN_DATETIME)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d", parts.year, parts.month, parts.day,
                          parts.hour, parts.minute, MIN (parts.second, 59));
}

/* What one column's sampled values could be; each count is of non-empty values. */
typedef struct
{
  guint    values;
  guint    integers;
  guint    leading_zeros;
  guint    unix_range;
  guint    reals_point;
  guint    reals_comma;
  guint    with_point;
  guint    iso;
  guint    dmy;
  guint    mdy;
  guint    with_time;
  gboolean slash;
} ColumnStats;

static void
stats_add (ColumnStats *stats,
           const char  *value)
{
  gint64 integer;
  double real;
  DateParts parts;
  int a, b;
  char separator;

  stats->values++;
  if (bs_csv_parse_integer (value, &integer))
    {
      const char *digits = value + (value[0] == '+' || value[0] == '-');

      stats->integers++;
      if (digits[0] == '0' && digits[1] != '\0')
        stats->leading_zeros++;
      if (integer >= UNIX_MIN && integer < UNIX_MAX)
        stats->unix_range++;
    }
  if (bs_csv_parse_real (value, FALSE, &real))
    stats->reals_point++;
  if (bs_csv_parse_real (value, TRUE, &real))
    stats->reals_comma++;
  if (strchr (value, '.') != NULL)
    stats->with_point++;
  if (read_iso (value, &parts))
    {
      stats->iso++;
      stats->with_time += parts.has_time;
    }
  else if (read_two_part (value, &a, &b, &separator, &parts))
    {
      parts.day = a;
      parts.month = b;
      stats->dmy += parts_valid (&parts);
      parts.day = b;
      parts.month = a;
      stats->mdy += parts_valid (&parts);
      stats->with_time += parts.has_time;
      stats->slash |= separator == '/';
    }
}

static gboolean
name_says_time (const char *name)
{
  static const char * const words[] = {
    "time", "date", "epoch", "_at", "created", "updated", "modified",
  };
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return g_str_equal (lower, "ts") || g_str_has_suffix (lower, "_ts");
}

static BsCsvColumnGuess
decide (const ColumnStats *stats,
        const char        *name,
        char               delimiter)
{
  BsCsvColumnGuess guess = { BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE, FALSE };
  guint n = stats->values;

  if (n == 0)
    return guess;
  if (stats->integers == n && stats->leading_zeros == 0)
    {
      if (stats->unix_range == n && name_says_time (name))
        {
          guess.type = BS_CSV_COLUMN_DATETIME;
          guess.date_format = BS_CSV_DATE_UNIX;
        }
      else
        guess.type = BS_CSV_COLUMN_INTEGER;
    }
  else if (stats->reals_point == n && stats->leading_zeros == 0)
    guess.type = BS_CSV_COLUMN_REAL;
  else if (delimiter != ',' && stats->reals_comma == n && stats->with_point == 0 &&
           stats->leading_zeros == 0)
    {
      guess.type = BS_CSV_COLUMN_REAL;
      guess.decimal_comma = TRUE;
    }
  else if (stats->iso == n)
    guess.date_format = BS_CSV_DATE_ISO;
  else if (stats->dmy == n && (stats->mdy < n || !stats->slash))
    guess.date_format = BS_CSV_DATE_DMY;
  else if (stats->mdy == n && stats->dmy < n)
    guess.date_format = BS_CSV_DATE_MDY;

  if (guess.date_format != BS_CSV_DATE_NONE && guess.date_format != BS_CSV_DATE_UNIX)
    guess.type = stats->with_time > 0 ? BS_CSV_COLUMN_DATETIME : BS_CSV_COLUMN_DATE;
  return guess;
}

void
bs_csv_guess_columns (GPtrArray         *records,
                      guint              first_data_row,
                      const char *const *names,
                      guint              n_columns,
                      char               delimiter,
                      BsCsvColumnGuess  *guesses)
{
  g_autofree ColumnStats *stats = g_new0 (ColumnStats, n_columns);

  g_return_if_fail (records != NULL);
  g_return_if_fail (guesses != NULL || n_columns == 0);

  for (guint r = first_data_row; r < records->len; r++)
    {
      char **fields = g_ptr_array_index (records, r);

      for (guint c = 0; c < n_columns && fields[c] != NULL; c++)
        if (fields[c][0] != '\0')
          stats_add (&stats[c], fields[c]);
    }
  for (guint c = 0; c < n_columns; c++)
    guesses[c] = decide (&stats[c], names != NULL ? names[c] : NULL, delimiter);
}

static gboolean
value_fits (const char             *value,
            const BsCsvColumnGuess *guess)
{
  gint64 integer;
  double real;
  g_autofree char *date = NULL;

  switch (guess->type)
    {
    case BS_CSV_COLUMN_INTEGER:
      return bs_csv_parse_integer (value, &integer);
    case BS_CSV_COLUMN_REAL:
      return bs_csv_parse_real (value, guess->decimal_comma, &real);
    case BS_CSV_COLUMN_DATE:
    case BS_CSV_COLUMN_DATETIME:
      date = bs_csv_parse_date (value, guess->date_format, guess->type);
      return date != NULL;
    case BS_CSV_COLUMN_TEXT:
    default:
      return TRUE;
    }
}

static gboolean
looks_like_data (const char *value)
{
  ColumnStats stats = { 0 };

  stats_add (&stats, value);
  return stats.reals_point > 0 || stats.iso > 0 || stats.dmy > 0 || stats.mdy > 0;
}

/* A header is a first row whose values do not fit the types of the rows below it. When
 * every column is text, a first row without numbers or dates and without repeated names
 * is taken as a header: most files have one, and a wrong guess only costs one row that
 * shows up as the column names. */
gboolean
bs_csv_sniff_header (GPtrArray *records,
                     char       delimiter)
{
  char **first;
  guint width;
  g_autofree BsCsvColumnGuess *guesses = NULL;
  g_autoptr(GHashTable) seen = NULL;
  guint header_votes = 0;
  guint data_votes = 0;

  g_return_val_if_fail (records != NULL, FALSE);

  if (records->len == 0)
    return FALSE;
  first = g_ptr_array_index (records, 0);
  width = g_strv_length (first);
  guesses = g_new0 (BsCsvColumnGuess, width);
  bs_csv_guess_columns (records, 1, NULL, width, delimiter, guesses);
  for (guint c = 0; c < width; c++)
    {
      if (guesses[c].type == BS_CSV_COLUMN_TEXT || first[c][0] == '\0')
        continue;
      if (value_fits (first[c], &guesses[c]))
        data_votes++;
      else
        header_votes++;
    }
  /* One value that does not fit its column is enough: a header such as "id,2024,2025"
   * over whole numbers has more values that fit than not. */
  if (header_votes > 0 || data_votes > 0)
    return header_votes > 0;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < width; c++)
    {
      if (first[c][0] == '\0')
        continue;
      if (looks_like_data (first[c]) || !g_hash_table_add (seen, first[c]))
        return FALSE;
    }
  return g_hash_table_size (seen) > 0;
}
