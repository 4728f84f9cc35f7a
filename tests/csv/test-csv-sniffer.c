#define G_LOG_DOMAIN "bs-test"

#include "config.h"

#include <string.h>

#include "bs-csv-sniffer.h"

static BsCsvEncoding
encoding_of (const char *text,
             gboolean    at_end)
{
  return bs_csv_sniff_encoding (text, strlen (text), at_end);
}

static void
test_encoding (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpint (encoding_of ("id,name\n1,plain\n", TRUE), ==, BS_CSV_ENCODING_UTF8);
  g_assert_cmpint (encoding_of ("id,name\n1,caf\xC3\xA9\n", TRUE), ==, BS_CSV_ENCODING_UTF8);
  g_assert_cmpint (encoding_of ("\xEF\xBB\xBFid,name\n", TRUE), ==, BS_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (encoding_of ("id,name\n1,caf\xE9\n", TRUE), ==, BS_CSV_ENCODING_LATIN1);
  /* A sample cut inside "é" is still UTF-8, unless that is really the end of the file. */
  g_assert_cmpint (encoding_of ("id,name\n1,caf\xC3", FALSE), ==, BS_CSV_ENCODING_UTF8);
  g_assert_cmpint (encoding_of ("id,name\n1,caf\xC3", TRUE), ==, BS_CSV_ENCODING_LATIN1);
  g_assert_cmpstr (bs_csv_encoding_to_string (BS_CSV_ENCODING_LATIN1), ==, "latin1");

  g_assert_true (bs_csv_sniff_is_text ("a,b\n", 4));
  g_assert_false (bs_csv_sniff_is_text ("a\0b\n", 4));

  bs_csv_latin1_to_utf8 ("Jos\xE9 \x80 \x93x\x94 Z\xFCrich", 17, out);
  g_assert_cmpstr (out->str, ==, "José € “x” Zürich");
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
}

static char
delimiter_of (const char *text)
{
  return bs_csv_sniff_delimiter (text, strlen (text), TRUE);
}

static void
test_delimiter (void)
{
  g_assert_cmpint (delimiter_of ("id,name,qty\n1,a,2\n2,b,3\n"), ==, ',');
  g_assert_cmpint (delimiter_of ("id;name;qty\n1;a;2\n2;b;3\n"), ==, ';');
  g_assert_cmpint (delimiter_of ("id\tname\tqty\n1\ta b\t2\n2\tc\t3\n"), ==, '\t');
  g_assert_cmpint (delimiter_of ("id|name|qty\n1|a|2\n2|b|3\n"), ==, '|');
  /* Decimal commas do not make a semicolon file look comma-separated. */
  g_assert_cmpint (delimiter_of ("name;price\nA;1,5\nB;22,75\nC;3\n"), ==, ';');
  /* A delimiter inside quotes does not count. */
  g_assert_cmpint (delimiter_of ("a;b\n\"x, y, z\";1\n\"u, v\";2\n"), ==, ';');
  g_assert_cmpint (delimiter_of ("name,note\nA,\"semi; colon; here\"\nB,\"x;y\"\n"), ==, ',');
  /* One column: nothing splits it, so the default. */
  g_assert_cmpint (delimiter_of ("name\nalpha\nbeta\n"), ==, ',');
}

static GPtrArray *
records_of (const char *text,
            char        delimiter)
{
  return bs_csv_sample_records (text, strlen (text), delimiter, TRUE, 1000);
}

static void
test_records (void)
{
  g_autoptr(GPtrArray) records = records_of ("a,\"b\nc\",\"say \"\"hi\"\"\"\n\n1,,3\n", ',');
  g_autoptr(GPtrArray) cut = NULL;
  char **first;
  char **second;

  g_assert_cmpuint (records->len, ==, 2);
  first = g_ptr_array_index (records, 0);
  second = g_ptr_array_index (records, 1);
  g_assert_cmpuint (g_strv_length (first), ==, 3);
  g_assert_cmpstr (first[1], ==, "b\nc");
  g_assert_cmpstr (first[2], ==, "say \"hi\"");
  g_assert_cmpstr (second[1], ==, "");
  g_assert_cmpuint (bs_csv_records_width (records), ==, 3);

  /* Not at the end: the last record may be cut off, so it is left out. */
  cut = bs_csv_sample_records ("a,b\nc,d\ne,f", 11, ',', FALSE, 1000);
  g_assert_cmpuint (cut->len, ==, 2);
}

static gboolean
header_of (const char *text,
           char        delimiter)
{
  g_autoptr(GPtrArray) records = records_of (text, delimiter);

  return bs_csv_sniff_header (records, delimiter);
}

static void
test_header (void)
{
  g_assert_true (header_of ("id,name,qty\n1,a,2\n2,b,3\n", ','));
  g_assert_false (header_of ("1,a,2\n2,b,3\n3,c,4\n", ','));
  g_assert_true (header_of ("day,amount\n2024-01-02,3.5\n2024-01-03,4\n", ','));
  g_assert_false (header_of ("2024-01-01,1.5\n2024-01-02,3.5\n", ','));
  /* Year columns: one name that does not fit is enough. */
  g_assert_true (header_of ("id,2024,2025\n1,10,20\n2,30,40\n", ','));
  /* All text: a first row of distinct words is a header; repeated words are data. */
  g_assert_true (header_of ("name,city\nAnna,Oslo\nBo,Lund\n", ','));
  g_assert_false (header_of ("yes,yes\nno,maybe\nno,yes\n", ','));
  /* A header and nothing else. */
  g_assert_true (header_of ("id,name,qty\n", ','));
  g_assert_false (header_of ("1,2,3\n", ','));
  /* Empty and duplicate names still make a header when the types tell. */
  g_assert_true (header_of ("\"; DROP TABLE x; --\",,dup,dup\n1,2,3,4\n5,6,7,8\n", ','));
}

static BsCsvColumnGuess
guess_of (const char *column,
          const char *name,
          char        delimiter)
{
  g_autoptr(GPtrArray) records = records_of (column, delimiter);
  const char *names[] = { name };
  BsCsvColumnGuess guess;

  bs_csv_guess_columns (records, 0, names, 1, delimiter, &guess);
  return guess;
}

#define assert_guess(column, name, delimiter, expected_type, expected_format) \
  G_STMT_START {                                                            \
    BsCsvColumnGuess g_ = guess_of (column, name, delimiter);               \
    g_assert_cmpint (g_.type, ==, expected_type);                           \
    g_assert_cmpint (g_.date_format, ==, expected_format);                  \
  } G_STMT_END

static void
test_types (void)
{
  BsCsvColumnGuess guess;

  assert_guess ("1\n-20\n+3\n\n", "qty", ',', BS_CSV_COLUMN_INTEGER, BS_CSV_DATE_NONE);
  /* Leading zeros are codes (zip, article), not numbers. */
  assert_guess ("007\n12\n", "code", ',', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);
  assert_guess ("9223372036854775808\n1\n", "big", ',', BS_CSV_COLUMN_REAL, BS_CSV_DATE_NONE);
  assert_guess ("1.5\n2\n-3e2\n.5\n", "price", ',', BS_CSV_COLUMN_REAL, BS_CSV_DATE_NONE);
  assert_guess ("1.5\nnan\n", "price", ',', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);

  guess = guess_of ("1,5\n22,75\n3\n", "price", ';');
  g_assert_cmpint (guess.type, ==, BS_CSV_COLUMN_REAL);
  g_assert_true (guess.decimal_comma);
  /* With a comma delimiter a "1,5" can only come quoted: it stays text. */
  guess = guess_of ("\"1,5\"\n\"2,5\"\n", "price", ',');
  g_assert_cmpint (guess.type, ==, BS_CSV_COLUMN_TEXT);
  /* Mixed points and commas are thousands separators or worse: text. */
  assert_guess ("1,5\n1.234,5\n", "price", ';', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);

  assert_guess ("2024-01-31\n2024-02-29\n", "day", ',', BS_CSV_COLUMN_DATE, BS_CSV_DATE_ISO);
  assert_guess ("2024-01-31T10:00:00Z\n2024-02-01 11:30\n", "at", ',',
                BS_CSV_COLUMN_DATETIME, BS_CSV_DATE_ISO);
  assert_guess ("2023-02-29\n", "day", ',', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);
  /* Day first or month first, decided by a value above 12. */
  assert_guess ("01/02/2024\n13/02/2024\n", "day", ',', BS_CSV_COLUMN_DATE, BS_CSV_DATE_DMY);
  assert_guess ("01/02/2024\n02/13/2024\n", "day", ',', BS_CSV_COLUMN_DATE, BS_CSV_DATE_MDY);
  assert_guess ("13/02/2024\n02/13/2024\n", "day", ',', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);
  /* Undecided: with dots it is day first; with slashes it would be a coin toss. */
  assert_guess ("01.02.2024\n03.04.2024\n", "day", ';', BS_CSV_COLUMN_DATE, BS_CSV_DATE_DMY);
  assert_guess ("01/02/2024\n03/04/2024\n", "day", ';', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);
  assert_guess ("1/13/2024 3:04 PM\n12/31/2024 11:59:59 AM\n", "when", ',',
                BS_CSV_COLUMN_DATETIME, BS_CSV_DATE_MDY);
  /* Unix seconds only where the header names a time. */
  assert_guess ("1700000000\n1700003600\n", "created_at", ',',
                BS_CSV_COLUMN_DATETIME, BS_CSV_DATE_UNIX);
  assert_guess ("1700000000\n1700003600\n", "amount", ',', BS_CSV_COLUMN_INTEGER, BS_CSV_DATE_NONE);
  assert_guess ("17\n1700003600\n", "timestamp", ',', BS_CSV_COLUMN_INTEGER, BS_CSV_DATE_NONE);
  assert_guess ("a\n1\n", "mixed", ',', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);
  assert_guess ("\n\n", "empty", ',', BS_CSV_COLUMN_TEXT, BS_CSV_DATE_NONE);
}

static void
assert_date (const char      *text,
             BsCsvDateFormat  format,
             BsCsvColumnType  type,
             const char      *expected)
{
  g_autofree char *date = bs_csv_parse_date (text, format, type);

  g_assert_cmpstr (date, ==, expected);
}

static void
test_parse (void)
{
  gint64 integer = 0;
  double real = 0;

  g_assert_true (bs_csv_parse_integer ("-9223372036854775808", &integer));
  g_assert_cmpint (integer, ==, G_MININT64);
  g_assert_true (bs_csv_parse_integer ("9223372036854775807", &integer));
  g_assert_cmpint (integer, ==, G_MAXINT64);
  g_assert_false (bs_csv_parse_integer ("9223372036854775808", &integer));
  g_assert_false (bs_csv_parse_integer ("12a", &integer));
  g_assert_false (bs_csv_parse_integer ("", &integer));
  g_assert_false (bs_csv_parse_integer ("-", &integer));

  g_assert_true (bs_csv_parse_real ("1e3", FALSE, &real));
  g_assert_cmpfloat (real, ==, 1000.0);
  g_assert_true (bs_csv_parse_real ("-2,25", TRUE, &real));
  g_assert_cmpfloat (real, ==, -2.25);
  g_assert_false (bs_csv_parse_real ("2,25", FALSE, &real));
  g_assert_false (bs_csv_parse_real ("2.25", TRUE, &real));
  g_assert_false (bs_csv_parse_real ("inf", FALSE, &real));
  g_assert_false (bs_csv_parse_real ("0x10", FALSE, &real));
  g_assert_false (bs_csv_parse_real (".", FALSE, &real));

  assert_date ("2024-02-29", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATE, "2024-02-29");
  assert_date ("2024/2/9", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATE, "2024-02-09");
  assert_date ("2024-02-29 10:00", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATE, NULL);
  assert_date ("2024-02-29", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATETIME, "2024-02-29 00:00:00");
  assert_date ("2024-03-01T01:30:15.250+02:00", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATETIME,
                "2024-02-29 23:30:15");
  assert_date ("2024-12-31T23:00:00-0130", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATETIME,
                "2025-01-01 00:30:00");
  assert_date ("2024-01-31T10:00:00Z", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATETIME,
                "2024-01-31 10:00:00");
  assert_date ("31/12/2024 11:30 PM", BS_CSV_DATE_DMY, BS_CSV_COLUMN_DATETIME,
                "2024-12-31 23:30:00");
  assert_date ("12/31/2024 12:05 AM", BS_CSV_DATE_MDY, BS_CSV_COLUMN_DATETIME,
                "2024-12-31 00:05:00");
  assert_date ("31.12.2024", BS_CSV_DATE_DMY, BS_CSV_COLUMN_DATE, "2024-12-31");
  assert_date ("31/12/2024", BS_CSV_DATE_MDY, BS_CSV_COLUMN_DATE, NULL);
  assert_date ("1700000000", BS_CSV_DATE_UNIX, BS_CSV_COLUMN_DATETIME, "2023-11-14 22:13:20");
  assert_date ("0", BS_CSV_DATE_UNIX, BS_CSV_COLUMN_DATETIME, "1970-01-01 00:00:00");
  assert_date ("2024-02-30", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATE, NULL);
  assert_date ("2024-01-31 25:00", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATETIME, NULL);
  assert_date ("2024-01-31 10:00 PM", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATETIME, NULL);
  assert_date ("yesterday", BS_CSV_DATE_ISO, BS_CSV_COLUMN_DATE, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bs/csv-sniffer/encoding", test_encoding);
  g_test_add_func ("/bs/csv-sniffer/delimiter", test_delimiter);
  g_test_add_func ("/bs/csv-sniffer/records", test_records);
  g_test_add_func ("/bs/csv-sniffer/header", test_header);
  g_test_add_func ("/bs/csv-sniffer/types", test_types);
  g_test_add_func ("/bs/csv-sniffer/parse", test_parse);

  return g_test_run ();
}
