import type { Migration } from './migration';

/**
 * User strategies. A run of a user strategy keeps the source it ran in its own row: its sha256
 * (`source_hash`, the hash its provenance records), the file it was read from (`source_file`) and
 * the text (`source_text`), all three NULL for a built-in's run. So a run can be shown and
 * reproduced after its file was edited, renamed or deleted, and the source travels with the run
 * wherever the run goes (an export, a teammate's copy through team sync, which carries a run's
 * columns). `strategy_checks` keeps the look-ahead check's result per source and engine version,
 * so a file is checked when it is saved or found changed, not at every start; it is a cache of
 * what a worker computed, not user data, and has no id of its own.
 */
export const m0080StrategySources: Migration = {
  version: 80,
  name: 'strategy-sources',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN source_hash TEXT;
      ALTER TABLE runs ADD COLUMN source_file TEXT;
      ALTER TABLE runs ADD COLUMN source_text TEXT;
      -- The source of a hash, for Reproduce and for the runs of a strategy.
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
