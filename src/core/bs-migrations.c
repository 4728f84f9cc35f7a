#define G_LOG_DOMAIN "bs-core"

#include "config.h"

#include "bs-migrations.h"

/* Released migrations are never edited: a change to the schema is a new entry at the end,
 * because a workspace that already ran version N will never run it again. */
static const BsMigration migrations[] = {
  {
    1, "workspace metadata, preferences and data sources",
    "CREATE TABLE meta ("
    "  key   TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    "CREATE TABLE preferences ("
    "  key        TEXT PRIMARY KEY CHECK (length (key) BETWEEN 1 AND 200),"
    "  value      TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE TABLE data_sources ("
    "  id         INTEGER PRIMARY KEY,"
    "  name       TEXT NOT NULL UNIQUE,"
    "  kind       TEXT NOT NULL CHECK (kind IN ('sqlite', 'csv', 'prometheus', 'grafana')),"
    "  location   TEXT NOT NULL,"
    "  is_demo    INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL"
    ");"
  },
  {
    2, "API tokens",
    "CREATE TABLE api_tokens ("
    "  id           INTEGER PRIMARY KEY,"
    "  name         TEXT NOT NULL,"
    "  role         TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),"
    "  secret_hash  TEXT NOT NULL UNIQUE,"
    "  bootstrap    INTEGER NOT NULL DEFAULT 0,"
    "  created_at   TEXT NOT NULL,"
    "  expires_at   TEXT,"
    "  last_used_at TEXT,"
    "  revoked_at   TEXT"
    ");"
  },
  {
    3, "audit events",
    "CREATE TABLE events ("
    "  id     INTEGER PRIMARY KEY,"
    "  at     TEXT NOT NULL,"
    "  kind   TEXT NOT NULL,"
    "  actor  TEXT NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (detail))"
    ");"
    "CREATE INDEX events_at ON events (at);"
  },
  {
    4, "data source settings",
    /* What used to be the one location becomes a key of the settings, so that a source
     * with several parts (a Grafana URL plus the data source behind it) fits one row. */
    "ALTER TABLE data_sources"
    "  ADD COLUMN settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (settings));"
    "UPDATE data_sources SET settings = json_object ('path', location) WHERE kind = 'sqlite';"
    "UPDATE data_sources SET settings = json_object ('file', location) WHERE kind = 'csv';"
    "UPDATE data_sources SET settings = json_object ('url', location)"
    "  WHERE kind IN ('prometheus', 'grafana');"
  },
};

const BsMigration *
bs_migrations_get (guint *n_migrations)
{
  if (n_migrations != NULL)
    *n_migrations = G_N_ELEMENTS (migrations);

  return migrations;
}

guint
bs_migrations_latest_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}
