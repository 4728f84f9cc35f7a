#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "bs-alert-scan-cache.h"
#include "bs-alert-shared-scan-private.h"

#define BUSY_TIMEOUT_MS 5000

/* Past this age the rows are read again from scratch, so that rows corrected or deleted in
 * place (which no cheap check tells from an append) count as they are now. */
#define MAX_AGE_USEC (10 * 60 * G_USEC_PER_SEC)

/* As the shared scan's own limit: past this many distinct split values and filters, the
 * kept rows would be a copy of the table. */
#define MAX_KEYS 200000

/* The most digits a text time may have to be a key: 18 fit in a gint64, with room for the
 * bit that tells a longer text. */
#define MAX_DIGITS 18

/* The kept rows of one statement, and what is needed to bring them up to date. */
typedef struct
{
  BsScanRows  rows;
  GHashTable *key_index;     /* BsScanKey* → itself */
  char       *rowid;         /* the name the table answers its rowid by; NULL for a view */
  gint64      last_rowid;    /* the highest read */
  gint64      from_key;      /* rows before this time were not read, or dropped */
  gint        data_version;  /* of the connection when last read */
  gint64      read_at;       /* monotonic time of the last full read */
  gint64      refused_at;    /* of the last read that found rows it cannot keep */
  guint       run;           /* the last run that used it */
} Statement;

struct _BsAlertScanCache
{
  gatomicrefcount ref_count;
  GMutex          lock;
  char           *path;
  sqlite3        *db;
  dev_t           device;
  ino_t           inode;
  GHashTable     *statements;  /* shape key → Statement* */
  guint           run;
  guint           n_read;
};

/* Rows */

static guint
key_hash (gconstpointer data)
{
  return ((const BsScanKey *) data)->hash;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const BsScanKey *x = a;
  const BsScanKey *y = b;

  return x->filters == y->filters && bs_alert_scan_keys_equal (x->keys, y->keys, x->n_keys);
}

static void
scan_key_free (gpointer data)
{
  BsScanKey *key = data;

  for (guint i = 0; i < key->n_keys; i++)
    bs_alert_scan_cell_clear (&key->keys[i]);
  g_free (key->keys);
  g_free (key);
}

static Statement *
statement_new (void)
{
  Statement *statement = g_new0 (Statement, 1);

  statement->key_index = g_hash_table_new (key_hash, key_equal);
  statement->rows.keys = g_ptr_array_new_with_free_func (scan_key_free);
  statement->last_rowid = G_MININT64;
  return statement;
}

static void
statement_clear_rows (Statement *statement)
{
  BsScanRows *rows = &statement->rows;

  g_hash_table_remove_all (statement->key_index);
  g_ptr_array_set_size (rows->keys, 0);
  g_clear_pointer (&rows->times, g_free);
  g_clear_pointer (&rows->key_ids, g_free);
  g_clear_pointer (&rows->values, g_free);
  g_clear_pointer (&rows->types, g_free);
  rows->n_rows = rows->capacity = 0;
  g_clear_pointer (&rows->pattern, g_free);
  statement->last_rowid = G_MININT64;
}

static void
statement_free (Statement *statement)
{
  statement_clear_rows (statement);
  g_hash_table_unref (statement->key_index);
  g_ptr_array_unref (statement->rows.keys);
  g_free (statement->rowid);
  g_free (statement);
}

/* Time keys. SQLite compares text byte by byte: a text in the shape of the bounds (the same
 * characters, digits where they have digits) compares with them as the number its digits
 * make, and anything after that shape only makes it greater than a bound it equals. */

static gboolean
text_key (const char *pattern,
          const char *text,
          gsize       len,
          gint64     *key)
{
  gsize n = strlen (pattern);
  gint64 value = 0;

  if (len < n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      if (g_ascii_isdigit (pattern[i]))
        {
          if (!g_ascii_isdigit (text[i]))
            return FALSE;
          value = value * 10 + (text[i] - '0');
        }
      else if (text[i] != pattern[i])
        return FALSE;
    }
  *key = value * 2 + (len > n ? 1 : 0);
  return TRUE;
}

static gboolean
pattern_usable (const char *pattern)
{
  guint digits = 0;

  for (const char *p = pattern; *p != '\0'; p++)
    digits += g_ascii_isdigit (*p) ? 1 : 0;
  return digits > 0 && digits <= MAX_DIGITS;
}

gboolean
bs_alert_scan_rows_time_key (const BsScanRows *rows,
                             GVariant         *bound,
                             gint64           *key)
{
  const char *text;

  if (rows->numeric_time)
    {
      if (!g_variant_is_of_type (bound, G_VARIANT_TYPE_INT64))
        return FALSE;
      *key = g_variant_get_int64 (bound);
      return TRUE;
    }
  if (!g_variant_is_of_type (bound, G_VARIANT_TYPE_STRING))
    return FALSE;
  text = g_variant_get_string (bound, NULL);
  return text_key (rows->pattern, text, strlen (text), key);
}

typedef enum
{
  TIME_KEPT,
  TIME_NEVER_IN_A_WINDOW,
  TIME_UNKNOWN,
} TimeRead;

/* The rows read all passed "time >= the widest start": a blob (greater than any text or
 * number) or, in a numeric column, a text can never be before the end of a window. */
static TimeRead
read_time (BsScanRows       *rows,
           sqlite3_stmt     *stmt,
           gint64           *key)
{
  int type = sqlite3_column_type (stmt, 0);
  double d;

  if (type == SQLITE_BLOB || (rows->numeric_time && type == SQLITE_TEXT))
    return TIME_NEVER_IN_A_WINDOW;
  if (!rows->numeric_time)
    {
      if (type != SQLITE_TEXT
          || !text_key (rows->pattern, (const char *) sqlite3_column_text (stmt, 0),
                        (gsize) sqlite3_column_bytes (stmt, 0), key))
        return TIME_UNKNOWN;
      /* Text after the shape orders against the bounds, not among such rows. */
      rows->times_ordered &= (*key % 2) == 0;
      return TIME_KEPT;
    }
  if (type == SQLITE_INTEGER)
    {
      *key = sqlite3_column_int64 (stmt, 0);
      return TIME_KEPT;
    }
  /* Against whole-number bounds, a real compares as its floor does. */
  d = floor (sqlite3_column_double (stmt, 0));
  if (type != SQLITE_FLOAT || !(d > -9.0e18 && d < 9.0e18))
    return TIME_UNKNOWN;
  *key = (gint64) d;
  rows->times_ordered &= d == sqlite3_column_double (stmt, 0);
  return TIME_KEPT;
}

void
bs_alert_scan_rows_value (const BsScanRows *rows,
                          guint             row,
                          guint             measure,
                          Cell             *cell)
{
  guint at = row * rows->n_measures + measure;
  gint64 bits = rows->values[at];

  memset (cell, 0, sizeof *cell);
  cell->type = rows->types[at];
  if (cell->type == SQLITE_INTEGER)
    {
      cell->i = bits;
      cell->d = (double) bits;
    }
  else if (cell->type == SQLITE_FLOAT)
    memcpy (&cell->d, &bits, sizeof cell->d);
}

/* The statement's key of the row's split values and filters, added when new; FALSE when
 * there would be too many. @cells: room for the keys. */
static gboolean
intern_key (Statement    *statement,
            sqlite3_stmt *stmt,
            Cell         *cells,
            guint         n_keys,
            guint32      *id)
{
  BsScanKey probe = { cells, n_keys, 0, 0, 0 };
  BsScanKey *key;

  for (guint i = 0; i < n_keys; i++)
    bs_alert_scan_cell_read (&cells[i], stmt, (int) i + 1);
  probe.filters = sqlite3_column_int64 (stmt, (int) (n_keys + 1 + statement->rows.n_measures));
  probe.hash = bs_alert_scan_keys_hash (cells, n_keys) * 31 + (guint) probe.filters;
  key = g_hash_table_lookup (statement->key_index, &probe);
  if (key == NULL)
    {
      if (statement->rows.keys->len >= MAX_KEYS)
        return FALSE;
      key = g_new0 (BsScanKey, 1);
      *key = probe;
      key->id = statement->rows.keys->len;
      key->keys = g_new0 (Cell, MAX (n_keys, 1));
      for (guint i = 0; i < n_keys; i++)
        bs_alert_scan_cell_copy (&key->keys[i], &cells[i]);
      g_ptr_array_add (statement->rows.keys, key);
      g_hash_table_add (statement->key_index, key);
    }
  *id = key->id;
  return TRUE;
}

/* Room for one more row. The arrays grow by a quarter, not GArray's doubling: they hold
 * hundreds of thousands of rows, and half of them empty would be tens of megabytes. */
static void
resize_rows (BsScanRows *rows,
             guint       capacity)
{
  gsize n = MAX (rows->n_measures, 1);

  g_assert (capacity >= rows->n_rows);
  rows->capacity = capacity;
  rows->times = g_renew (gint64, rows->times, capacity);
  rows->key_ids = g_renew (guint32, rows->key_ids, capacity);
  rows->values = g_renew (gint64, rows->values, capacity * n);
  rows->types = g_renew (guint8, rows->types, capacity * n);
}

static void
reserve_row (BsScanRows *rows)
{
  if (rows->n_rows >= rows->capacity)
    resize_rows (rows, rows->capacity + rows->capacity / 4 + 4096);
}

/* Keeps a row: FALSE for a measure that is a text or a blob, which sum () would read as a
 * number and min () compare as text: those statements run in SQL. */
static gboolean
append_row (BsScanRows   *rows,
            sqlite3_stmt *stmt,
            guint         first_measure,
            gint64        time,
            guint32       key_id)
{
  guint at = rows->n_rows * rows->n_measures;

  reserve_row (rows);
  for (guint m = 0; m < rows->n_measures; m++)
    {
      int column = (int) (first_measure + m);
      int type = sqlite3_column_type (stmt, column);
      gint64 bits = 0;
      double d;

      if (type == SQLITE_TEXT || type == SQLITE_BLOB)
        return FALSE;
      if (type == SQLITE_INTEGER)
        bits = sqlite3_column_int64 (stmt, column);
      else if (type == SQLITE_FLOAT)
        {
          d = sqlite3_column_double (stmt, column);
          memcpy (&bits, &d, sizeof bits);
        }
      rows->values[at + m] = bits;
      rows->types[at + m] = (guint8) type;
    }
  rows->times[rows->n_rows] = time;
  rows->key_ids[rows->n_rows] = key_id;
  rows->n_rows++;
  return TRUE;
}

/* Reading */

static gint64
query_int (sqlite3    *db,
           const char *sql,
           gint64      otherwise)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = otherwise;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

typedef enum
{
  READ_DONE,
  READ_CANNOT_KEEP,
  READ_FAILED,
} ReadResult;

/* Reads the rows from the shape's start on; from a table, only those up to rowid @until,
 * and when @incremental only those after the last read. */
static ReadResult
read_rows (BsAlertScanCache  *self,
           Statement         *statement,
           const BsScanShape *shape,
           gboolean           incremental,
           gint64             until)
{
  g_autoptr(GPtrArray) params = g_ptr_array_copy (shape->params, (GCopyFunc) g_variant_ref, NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree Cell *cells = g_new0 (Cell, MAX (shape->n_keys, 1));
  BsScanRows *rows = &statement->rows;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_ptr_array_set_free_func (params, (GDestroyNotify) g_variant_unref);
  g_string_printf (sql, "SELECT %s, %s", shape->time_column, shape->columns);
  g_ptr_array_add (params, g_variant_ref (shape->from));
  g_string_append_printf (sql, " FROM %s WHERE %s >= ?%u", shape->table, shape->time_column,
                          params->len);
  if (statement->rowid != NULL)
    {
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (until)));
      g_string_append_printf (sql, " AND %s <= ?%u", statement->rowid, params->len);
    }
  if (incremental)
    {
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (statement->last_rowid)));
      g_string_append_printf (sql, " AND %s > ?%u", statement->rowid, params->len);
    }

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_debug ("Could not read the rows to keep: %s", sqlite3_errmsg (self->db));
      return READ_FAILED;
    }
  bs_alert_scan_bind_params (stmt, params);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 time;
      guint32 id;
      TimeRead read = read_time (rows, stmt, &time);

      self->n_read++;
      if (read == TIME_NEVER_IN_A_WINDOW)
        continue;
      if (read == TIME_UNKNOWN || !intern_key (statement, stmt, cells, shape->n_keys, &id)
          || !append_row (rows, stmt, shape->n_keys + 1, time, id))
        {
          sqlite3_finalize (stmt);
          return READ_CANNOT_KEEP;
        }
    }
  if (rc != SQLITE_DONE)
    g_debug ("Could not read the rows to keep: %s", sqlite3_errmsg (self->db));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return READ_FAILED;
  statement->last_rowid = until;
  return READ_DONE;
}

/* Drops the rows before @from_key, once they are a quarter of all. */
static void
drop_old_rows (Statement *statement,
               gint64     from_key)
{
  BsScanRows *rows = &statement->rows;
  guint n = rows->n_rows;
  guint m = rows->n_measures;
  guint kept = 0;
  guint old = 0;

  statement->from_key = from_key;
  for (guint r = 0; r < n; r++)
    old += rows->times[r] < from_key;
  if (old == 0 || old < n / 4)
    return;
  for (guint r = 0; r < n; r++)
    {
      if (rows->times[r] < from_key)
        continue;
      rows->times[kept] = rows->times[r];
      rows->key_ids[kept] = rows->key_ids[r];
      memmove (&rows->values[kept * m], &rows->values[r * m], m * sizeof (gint64));
      memmove (&rows->types[kept * m], &rows->types[r * m], m);
      kept++;
    }
  rows->n_rows = kept;
  /* Let the room of the dropped rows go, but for a quarter to grow into. */
  resize_rows (rows, kept + kept / 4 + 1);
}

/* Sets up @statement for @shape's time column from its bounds; FALSE when they have no key. */
static gboolean
start_rows (Statement         *statement,
            const BsScanShape *shape)
{
  BsScanRows *rows = &statement->rows;

  statement_clear_rows (statement);
  rows->numeric_time = g_variant_is_of_type (shape->from, G_VARIANT_TYPE_INT64);
  if (!rows->numeric_time)
    {
      if (!g_variant_is_of_type (shape->from, G_VARIANT_TYPE_STRING))
        return FALSE;
      rows->pattern = g_variant_dup_string (shape->from, NULL);
      if (!pattern_usable (rows->pattern))
        return FALSE;
    }
  rows->n_measures = shape->n_measures;
  rows->times_ordered = TRUE;
  /* Read by rowid or by a time index, rows at the same time come in rowid order, and rows
   * added later are read after: the order they were added in. */
  rows->in_rowid_order = statement->rowid != NULL;
  return TRUE;
}

static gboolean
update_rows (BsAlertScanCache  *self,
             Statement         *statement,
             const BsScanShape *shape,
             int                data_version)
{
  BsScanRows *rows = &statement->rows;
  gint64 now = g_get_monotonic_time ();
  gint64 from_key;
  gint64 until = 0;
  gboolean fresh;
  ReadResult result;

  /* Rows that cannot be kept are not read again before the others would be: each attempt
   * costs a whole read on top of the statement itself. */
  if (statement->refused_at != 0 && now - statement->refused_at < MAX_AGE_USEC)
    return FALSE;
  fresh = statement->read_at != 0 && now - statement->read_at < MAX_AGE_USEC
          && bs_alert_scan_rows_time_key (rows, shape->from, &from_key)
          && from_key >= statement->from_key;
  if (fresh && data_version == statement->data_version)
    {
      drop_old_rows (statement, from_key);
      return TRUE;
    }
  if (statement->rowid != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT max(%s) FROM %s", statement->rowid,
                                              shape->table);

      until = query_int (self->db, sql, G_MININT64);
    }

  if (fresh && statement->rowid != NULL)
    result = read_rows (self, statement, shape, TRUE, until);
  else
    {
      if (!start_rows (statement, shape))
        return FALSE;
      statement->read_at = now;
      result = read_rows (self, statement, shape, FALSE, until);
      if (result == READ_DONE && !bs_alert_scan_rows_time_key (rows, shape->from, &from_key))
        result = READ_CANNOT_KEEP;
    }
  if (result != READ_DONE)
    {
      statement->read_at = 0;
      statement->refused_at = result == READ_CANNOT_KEEP ? now : 0;
      return FALSE;
    }
  statement->data_version = data_version;
  drop_old_rows (statement, from_key);
  return TRUE;
}

/* Public */

BsAlertScanCache *
bs_alert_scan_cache_new (void)
{
  BsAlertScanCache *self = g_new0 (BsAlertScanCache, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) statement_free);
  return self;
}

BsAlertScanCache *
bs_alert_scan_cache_ref (BsAlertScanCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bs_alert_scan_cache_unref (BsAlertScanCache *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->statements);
  sqlite3_close (self->db);
  g_free (self->path);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint
bs_alert_scan_cache_get_n_rows (BsAlertScanCache *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->statements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((Statement *) value)->rows.n_rows;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bs_alert_scan_cache_get_n_read (BsAlertScanCache *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_read;
}

static gboolean
same_file (BsAlertScanCache *self,
           const char       *path)
{
  struct stat info;

  return self->db != NULL && g_strcmp0 (self->path, path) == 0 && stat (path, &info) == 0
         && info.st_dev == self->device && info.st_ino == self->inode;
}

sqlite3 *
bs_alert_scan_cache_begin_run (BsAlertScanCache *self,
                               const char       *path)
{
  struct stat info;

  g_mutex_lock (&self->lock);
  self->run++;
  self->n_read = 0;
  if (same_file (self, path))
    return self->db;

  /* A new file (a CSV imported again is written beside and renamed): nothing kept holds. */
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  self->path = g_strdup (path);
  if (stat (path, &info) != 0
      /* One thread uses the connection at a time: no need for SQLite to lock it. */
      || sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                          NULL) != SQLITE_OK)
    {
      g_clear_pointer (&self->db, sqlite3_close);
      return NULL;
    }
  self->device = info.st_dev;
  self->inode = info.st_ino;
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return self->db;
}

void
bs_alert_scan_cache_end_run (BsAlertScanCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->statements);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Statement *) value)->run != self->run)
      g_hash_table_iter_remove (&iter);
  if (self->db != NULL)
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
  g_mutex_unlock (&self->lock);
}

const BsScanRows *
bs_alert_scan_cache_update (BsAlertScanCache  *self,
                            const BsScanShape *shape,
                            GCancellable      *cancellable)
{
  Statement *statement = g_hash_table_lookup (self->statements, shape->key);
  int data_version;

  if (self->db == NULL || g_cancellable_is_cancelled (cancellable))
    return NULL;
  if (statement == NULL)
    {
      statement = statement_new ();
      statement->rowid = bs_query_sql_rowid_name (self->db, shape->table_name);
      g_hash_table_insert (self->statements, g_strdup (shape->key), statement);
    }
  statement->run = self->run;

  /* One read transaction: the version and the rows read agree. */
  if (sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return NULL;
  data_version = (int) query_int (self->db, "PRAGMA data_version", -1);
  if (!update_rows (self, statement, shape, data_version))
    {
      statement_clear_rows (statement);
      statement->read_at = 0;
      sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return &statement->rows;
}
