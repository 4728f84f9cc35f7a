#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-alert-shared-scan-private.h"

/* Cells */

void
bs_alert_scan_cell_clear (Cell *cell)
{
  g_clear_pointer (&cell->bytes, g_free);
  cell->type = SQLITE_NULL;
}

void
bs_alert_scan_cell_copy (Cell       *to,
                         const Cell *from)
{
  *to = *from;
  if (from->bytes != NULL)
    to->bytes = g_memdup2 (from->bytes, (gsize) from->len + 1);
}

/* Borrows the statement's bytes: valid until the next step. */
void
bs_alert_scan_cell_read (Cell         *cell,
                         sqlite3_stmt *stmt,
                         int           column)
{
  cell->type = sqlite3_column_type (stmt, column);
  cell->bytes = NULL;
  cell->len = 0;
  switch (cell->type)
    {
    case SQLITE_INTEGER:
      cell->i = sqlite3_column_int64 (stmt, column);
      cell->d = (double) cell->i;
      break;
    case SQLITE_FLOAT:
      cell->d = sqlite3_column_double (stmt, column);
      break;
    case SQLITE_TEXT:
      cell->bytes = (char *) sqlite3_column_text (stmt, column);
      cell->len = sqlite3_column_bytes (stmt, column);
      break;
    case SQLITE_BLOB:
      cell->bytes = (char *) sqlite3_column_blob (stmt, column);
      cell->len = sqlite3_column_bytes (stmt, column);
      break;
    default:
      break;
    }
}

static int
storage_rank (int type)
{
  switch (type)
    {
    case SQLITE_NULL:
      return 0;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      return 1;
    case SQLITE_TEXT:
      return 2;
    default:
      return 3;
    }
}

/* SQLite's order of values under the BINARY collation (sqlite3MemCompare): NULL, then
 * numbers by value, then text and blobs byte by byte. */
int
bs_alert_scan_cell_compare (const Cell *a,
                            const Cell *b)
{
  int rank_a = storage_rank (a->type);
  int rank_b = storage_rank (b->type);
  int n;

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  switch (rank_a)
    {
    case 0:
      return 0;
    case 1:
      if (a->type == SQLITE_INTEGER && b->type == SQLITE_INTEGER)
        return (a->i > b->i) - (a->i < b->i);
      return (a->d > b->d) - (a->d < b->d);
    default:
      n = memcmp (a->bytes, b->bytes, (size_t) MIN (a->len, b->len));
      if (n != 0 || a->len == b->len)
        return n;
      return a->len < b->len ? -1 : 1;
    }
}

/* FNV-1a, eight bytes at a time: keys are hashed once per row read. */
static guint
bytes_hash (const char *bytes,
            int         len)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);
  int i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, bytes + i, sizeof word);
      hash = (hash ^ word) * G_GUINT64_CONSTANT (1099511628211);
    }
  for (; i < len; i++)
    hash = (hash ^ (guchar) bytes[i]) * G_GUINT64_CONSTANT (1099511628211);
  return (guint) (hash ^ (hash >> 32));
}

guint
bs_alert_scan_cell_hash (const Cell *cell)
{
  guint hash = (guint) storage_rank (cell->type) * 16777619u;
  double d;

  switch (storage_rank (cell->type))
    {
    case 1:
      /* 1 and 1.0 are one group to SQLite, so numbers hash by value. */
      d = cell->d == 0 ? 0 : cell->d;
      return hash ^ g_double_hash (&d);
    case 2:
    case 3:
      return hash ^ bytes_hash (cell->bytes, cell->len);
    default:
      return hash;
    }
}

gboolean
bs_alert_scan_keys_equal (const Cell *a,
                          const Cell *b,
                          guint       n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    if (bs_alert_scan_cell_compare (&a[i], &b[i]) != 0)
      return FALSE;
  return TRUE;
}

guint
bs_alert_scan_keys_hash (const Cell *keys,
                         guint       n_keys)
{
  guint hash = 5381;

  for (guint i = 0; i < n_keys; i++)
    hash = hash * 33 + bs_alert_scan_cell_hash (&keys[i]);
  return hash;
}

/* Sums */

void
bs_alert_scan_sum_merge (Sum       *into,
                         const Sum *from)
{
  into->rsum += from->rsum;
  into->cnt += from->cnt;
  into->overflow |= from->overflow;
  into->approx |= from->approx | from->overflow;
  if (!into->approx && __builtin_add_overflow (into->isum, from->isum, &into->isum))
    into->approx = into->overflow = TRUE;
}

void
bs_alert_scan_best_offer (Cell       *best,
                          const Cell *value,
                          gboolean    maximum)
{
  int order;

  if (value->type == SQLITE_NULL)
    return;
  order = best->type == SQLITE_NULL ? (maximum ? -1 : 1) : bs_alert_scan_cell_compare (best, value);
  /* Like min () and max (), the first of equal values stays. */
  if ((maximum && order < 0) || (!maximum && order > 0))
    {
      bs_alert_scan_cell_clear (best);
      bs_alert_scan_cell_copy (best, value);
    }
}

/* What sum () does with a value: text or a blob that reads as a number counts as one. */
void
bs_alert_scan_read_number (Number       *number,
                           const Cell   *cell,
                           sqlite3_stmt *stmt,
                           int           column)
{
  sqlite3_value *value;

  number->type = cell->type;
  number->i = cell->i;
  number->d = cell->d;
  if (cell->type != SQLITE_TEXT && cell->type != SQLITE_BLOB)
    return;
  value = sqlite3_column_value (stmt, column);
  number->type = sqlite3_value_numeric_type (value);
  number->i = sqlite3_value_int64 (value);
  number->d = sqlite3_value_double (value);
}

void
bs_alert_scan_sum_add (Sum          *sum,
                       const Number *number)
{
  if (number->type == SQLITE_NULL)
    return;
  sum->cnt++;
  if (number->type == SQLITE_INTEGER)
    {
      sum->rsum += (double) number->i;
      if (!sum->approx && !sum->overflow
          && __builtin_add_overflow (sum->isum, number->i, &sum->isum))
        sum->approx = sum->overflow = TRUE;
    }
  else
    {
      sum->rsum += number->d;
      sum->approx = TRUE;
    }
}

void
bs_alert_scan_cell_to_json (JsonBuilder *builder,
                            const Cell  *cell,
                            const char  *type)
{
  switch (cell->type)
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, cell->i);
      break;
    case SQLITE_FLOAT:
      if (isnan (cell->d))
        json_builder_add_string_value (builder, "NaN");
      else if (isinf (cell->d))
        json_builder_add_string_value (builder, cell->d > 0 ? "+Inf" : "-Inf");
      else
        json_builder_add_double_value (builder, cell->d);
      break;
    case SQLITE_TEXT:
      {
        g_autofree char *valid = g_utf8_make_valid (cell->bytes, cell->len);
        g_autoptr(GDateTime) time = NULL;
        g_autofree char *iso = NULL;

        if (g_strcmp0 (type, "time") == 0 && (time = bs_query_sql_parse_time (valid)) != NULL)
          iso = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
        json_builder_add_string_value (builder, iso != NULL ? iso : valid);
      }
      break;
    case SQLITE_BLOB:
      {
        g_autofree char *encoded = g_base64_encode ((const guchar *) cell->bytes,
                                                    (gsize) cell->len);

        json_builder_add_string_value (builder, encoded);
      }
      break;
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

void
bs_alert_scan_bind_params (sqlite3_stmt *stmt,
                           GPtrArray    *params)
{
  for (guint i = 0; i < params->len; i++)
    {
      GVariant *value = g_ptr_array_index (params, i);

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, (int) i + 1, g_variant_get_int64 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        sqlite3_bind_double (stmt, (int) i + 1, g_variant_get_double (value));
      else
        sqlite3_bind_text (stmt, (int) i + 1, g_variant_get_string (value, NULL), -1,
                           SQLITE_STATIC);
    }
}
