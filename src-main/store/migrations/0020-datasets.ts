import type { Migration } from './migration';

/**
 * Datasets: one metadata row each, bars stored columnar in chunks (one Float64 little-endian blob
 * per column per chunk of up to 65,536 bars), never one row per bar. Chunks go with their dataset
 * (ON DELETE CASCADE). `content_hash` is unique: the same bars are never stored twice.
 */
export const m0020Datasets: Migration = {
  version: 20,
  name: 'datasets',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        timeframe_ms INTEGER NOT NULL CHECK (timeframe_ms > 0),
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        bar_count INTEGER NOT NULL CHECK (bar_count > 0),
        gap_count INTEGER NOT NULL,
        missing_bars INTEGER NOT NULL,
        source_file TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        synthetic INTEGER NOT NULL DEFAULT 0,
        report TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE dataset_chunks (
        id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        bar_count INTEGER NOT NULL,
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL,
        time BLOB NOT NULL,
        open BLOB NOT NULL,
        high BLOB NOT NULL,
        low BLOB NOT NULL,
        close BLOB NOT NULL,
        volume BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE UNIQUE INDEX dataset_chunks_by_dataset ON dataset_chunks (dataset_id, seq);
    `);
  },
};
