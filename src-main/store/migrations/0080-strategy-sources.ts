import type { Migration } from './migration';

/**
 * User strategies. A run of a user strategy keeps the source it ran: `strategy_sources` holds each
 * distinct text once, by its sha256 (the hash a run's provenance records), so a run can be shown
 * and reproduced after its file was edited, renamed or deleted; `runs.source_hash` names it (NULL
 * for a built-in). `strategy_checks` keeps the look-ahead check's result per source and engine
 * version, so a file is checked when it is saved or found changed, not at every start; it is a
 * cache of what a worker computed, not user data, and has no id of its own.
 */
export const m0080StrategySources: Migration = {
  version: 80,
  name: 'strategy-sources',
  up(db) {
    db.exec(`
      CREATE TABLE strategy_sources (
        id TEXT PRIMARY KEY,
        source_hash TEXT NOT NULL UNIQUE,
        file_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE runs ADD COLUMN source_hash TEXT REFERENCES strategy_sources(source_hash);
      CREATE INDEX runs_by_source ON runs (source_hash) WHERE source_hash IS NOT NULL;

      CREATE TABLE strategy_checks (
        source_hash TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        findings TEXT NOT NULL,
        checked_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (source_hash, engine_version)
      ) STRICT;
    `);
  },
};
