/* bs-migrations.h — the numbered schema migrations of the workspace database.
 *
 * Versions start at 1 and never change once released: a new table or column is a new
 * migration appended at the end. Each one is tested from an empty file and from the
 * version before it (tests/core/test-migrations.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint       version;
  const char *description;
  const char *sql;
} BsMigration;

const BsMigration *bs_migrations_get            (guint *n_migrations);
guint              bs_migrations_latest_version (void);

G_END_DECLS
