import type { Migration } from './migration';

/**
 * Backtest runs. A run outlives its dataset: `dataset_id` is set NULL when the dataset is deleted,
 * and the dataset's name and content hash stay in the run (its provenance). Statistics are one
 * JSON object (sorted with json_extract); trades and per-bar series are compressed blobs in their
 * own tables so listing runs never reads them. `overview` (the whole run downsampled for a chart)
 * and `monthly` (monthly returns) are computed once when the run is stored, so opening a
 * million-bar run reads a few kilobytes instead of tens of megabytes.
 */
export const m0040Runs: Migration = {
  version: 40,
  name: 'runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
        dataset_name TEXT NOT NULL,
        dataset_hash TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        strategy_id TEXT NOT NULL,
        strategy_version TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        config TEXT NOT NULL,
        provenance TEXT NOT NULL,
        stats TEXT NOT NULL,
        result_hash TEXT NOT NULL,
        bar_count INTEGER NOT NULL,
        trade_count INTEGER NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX runs_by_created ON runs (created_at DESC);
      CREATE INDEX runs_by_dataset ON runs (dataset_id);
      CREATE INDEX runs_by_strategy ON runs (strategy_id);

      CREATE TABLE run_data (
        run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        time BLOB NOT NULL,
        equity BLOB NOT NULL,
        drawdown BLOB NOT NULL,
        buy_hold BLOB,
        trades BLOB NOT NULL,
        overview TEXT NOT NULL,
        monthly TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
