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
  },  {
    5, "alert rules, their states and history, contact points, notifications, silences",
    /* INTEGER times are µs since the epoch (the scheduler compares them every second);
     * TEXT created_at/updated_at are ISO 8601 like the older tables. */
    "CREATE TABLE contact_points ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('slack', 'webhook', 'desktop')),"
    "  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (settings)),"
    "  send_resolved INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    /* definition: bs_alert_rule_to_json() minus id, uid, owner and timestamps. The foreign
     * keys keep a data source or a contact point from going while rules use it. */
    "CREATE TABLE alert_rules ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  definition TEXT NOT NULL CHECK (json_valid (definition)),"
    "  source_id INTEGER NOT NULL REFERENCES data_sources (id),"
    "  contact_point_id INTEGER REFERENCES contact_points (id),"
    "  owner_token_id INTEGER, owner_name TEXT NOT NULL,"
    "  visibility TEXT NOT NULL CHECK (visibility IN ('personal', 'shared')),"
    "  paused INTEGER NOT NULL DEFAULT 0,"
    "  interval_seconds INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    "  last_evaluated_at INTEGER, last_duration_ms REAL, last_error TEXT);"
    "CREATE TABLE alert_instances ("
    "  rule_id INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,"
    "  series_key TEXT NOT NULL, labels TEXT NOT NULL,"
    "  state TEXT NOT NULL, reason TEXT, value REAL, error TEXT,"
    "  started_at INTEGER NOT NULL, last_eval_at INTEGER NOT NULL,"
    "  missing_evals INTEGER NOT NULL DEFAULT 0, last_sent_at INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (rule_id, series_key)) WITHOUT ROWID;"
    "CREATE TABLE alert_history ("
    "  id INTEGER PRIMARY KEY,"
    "  rule_id INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL, series_key TEXT NOT NULL, labels TEXT NOT NULL,"
    "  from_state TEXT NOT NULL, to_state TEXT NOT NULL, reason TEXT, value REAL, error TEXT);"
    "CREATE INDEX alert_history_rule ON alert_history (rule_id, id);"
    /* The outbox keeps the rows of a deleted rule or contact point: nothing queued is lost. */
    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  rule_id INTEGER REFERENCES alert_rules (id) ON DELETE SET NULL,"
    "  contact_point_id INTEGER REFERENCES contact_points (id) ON DELETE SET NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('firing', 'resolved', 'repeat', 'test')),"
    "  payload TEXT NOT NULL CHECK (json_valid (payload)),"
    "  status TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK (status IN ('pending', 'delivered', 'failed', 'silenced')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, delivered_at INTEGER,"
    "  last_http_status INTEGER, last_error TEXT);"
    "CREATE INDEX notifications_due ON notifications (status, next_attempt_at);"
    "CREATE INDEX notifications_rule ON notifications (rule_id, id);"
    "CREATE TABLE silences ("
    "  id INTEGER PRIMARY KEY,"
    "  matchers TEXT NOT NULL CHECK (json_valid (matchers)),"
    "  starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL,"
    "  comment TEXT NOT NULL DEFAULT '', created_by TEXT NOT NULL, created_at INTEGER NOT NULL);"
  },
  {
    6, "dashboards and their versions",
    /* document: the Grafana dashboard JSON as saved, with its uid and version set to the
     * row's. Every save is also a row of dashboard_versions (the current one included), so
     * that restoring any version, the newest too, reads one table. panel_count is kept
     * here so that a list does not parse every document. */
    "CREATE TABLE dashboards ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  document TEXT NOT NULL CHECK (json_valid (document)),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  panel_count INTEGER NOT NULL DEFAULT 0,"
    "  owner_token_id INTEGER, owner_name TEXT NOT NULL,"
    "  published INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE dashboard_versions ("
    "  dashboard_id INTEGER NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  document TEXT NOT NULL CHECK (json_valid (document)),"
    "  saved_at TEXT NOT NULL, saved_by TEXT NOT NULL,"
    "  message TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (dashboard_id, version)) WITHOUT ROWID;"
  },
  {
    7, "client Grafana instances",
    /* The service-account token is not here: it lives in the secret store under
     * bs_grafana_instance_secret_key (). labels is a JSON object of strings. */
    "CREATE TABLE grafana_instances ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 190),"
    "  url TEXT NOT NULL,"
    "  org_id INTEGER NOT NULL DEFAULT 1 CHECK (org_id >= 1),"
    "  folder_uid TEXT, folder_title TEXT,"
    "  labels TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (labels)),"
    "  tls_skip_verify INTEGER NOT NULL DEFAULT 0,"
    "  ca_file TEXT,"
    "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
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
