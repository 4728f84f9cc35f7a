/* bs-store-private.h — statement helpers shared by the modules that keep their rows in the
 * workspace database (bs-store.c, bs-data-source.c, bs-api-token.c). Not installed, not
 * for the engine or the Studio: they go through the typed functions.
 */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Prepares @sql; on failure sets @error as "@what_failed: <reason>". */
sqlite3_stmt *bs_store_prepare       (BsStore       *self,
                                      const char    *sql,
                                      const char    *what_failed,
                                      GError       **error);
/* A statement run very often (the alert scheduler's, for every rule of every cycle): kept
 * prepared by the store for its lifetime, and handed out reset, its values cleared. The
 * caller does not finalize it; g_autoptr(BsStoreCachedStmt) resets it when done, so that no
 * half-read statement keeps a read transaction open. */
typedef sqlite3_stmt BsStoreCachedStmt;

BsStoreCachedStmt *bs_store_prepare_cached (BsStore     *self,
                                            const char  *sql,
                                            const char  *what_failed,
                                            GError     **error);
void               bs_store_reset_cached   (BsStoreCachedStmt *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsStoreCachedStmt, bs_store_reset_cached)

/* Steps @stmt once. Returns FALSE with @error set on failure; otherwise TRUE and
 * *@has_row says whether a row is ready (FALSE: the statement is done). */
gboolean      bs_store_step          (BsStore       *self,
                                      sqlite3_stmt  *stmt,
                                      gboolean      *has_row,
                                      const char    *what_failed,
                                      GError       **error);
/* Runs a statement that returns no rows (INSERT, UPDATE, DELETE). */
gboolean      bs_store_step_done     (BsStore       *self,
                                      sqlite3_stmt  *stmt,
                                      const char    *what_failed,
                                      GError       **error);

/* A change that is one transaction alone and a savepoint @name inside a caller's (the engine
 * wraps a change and its audit event in one transaction). *@out_nested says which, for
 * bs_store_commit_part () and bs_store_rollback_part (). */
gboolean      bs_store_begin_part    (BsStore       *self,
                                      const char    *name,
                                      gboolean      *out_nested,
                                      GError       **error);
gboolean      bs_store_commit_part   (BsStore       *self,
                                      const char    *name,
                                      gboolean       nested,
                                      GError       **error);
/* Inside someone else's transaction only our part goes. */
void          bs_store_rollback_part (BsStore       *self,
                                      const char    *name,
                                      gboolean       nested);

/* Makes a new row value (a boxed struct) from the current row of a statement. */
typedef gpointer (*BsStoreRowFunc) (sqlite3_stmt *stmt);

/* Steps @stmt once. Returns FALSE on error; *@out_row is NULL if there was no row, else
 * what @row_func made of it. */
gboolean      bs_store_fetch_one     (BsStore        *self,
                                      sqlite3_stmt   *stmt,
                                      BsStoreRowFunc  row_func,
                                      gpointer       *out_row,
                                      const char     *what_failed,
                                      GError        **error);
/* Steps @stmt to the end; an array of what @row_func made of each row, freed with
 * @free_func, or NULL on error. */
GPtrArray    *bs_store_fetch_all     (BsStore        *self,
                                      sqlite3_stmt   *stmt,
                                      BsStoreRowFunc  row_func,
                                      GDestroyNotify  free_func,
                                      const char     *what_failed,
                                      GError        **error);

/* Prepares @sql (no parameters) and returns all its rows, made by @row_func. */
GPtrArray    *bs_store_query_all     (BsStore        *self,
                                      const char     *sql,
                                      BsStoreRowFunc  row_func,
                                      GDestroyNotify  free_func,
                                      const char     *what_failed,
                                      GError        **error);
/* Prepares @sql, binds @id to ?1 and returns the row @row_func makes of it, or
 * BS_STORE_ERROR_NOT_FOUND ("There is no @thing with id …"). */
gpointer      bs_store_query_by_id   (BsStore        *self,
                                      const char     *sql,
                                      gint64          id,
                                      BsStoreRowFunc  row_func,
                                      const char     *thing,
                                      GError        **error);

/* Binds a time as store text; NULL binds SQL NULL. */
void          bs_store_bind_time     (sqlite3_stmt  *stmt,
                                      int            index,
                                      GDateTime     *time);
void          bs_store_bind_now      (sqlite3_stmt  *stmt,
                                      int            index);
/* The column as a new string, NULL for SQL NULL. */
char         *bs_store_column_dup    (sqlite3_stmt  *stmt,
                                      int            column);
/* The column parsed as a store time, NULL for SQL NULL or text that is not a time. */
GDateTime    *bs_store_column_time   (sqlite3_stmt  *stmt,
                                      int            column);

G_END_DECLS
