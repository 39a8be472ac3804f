import type { Migration } from './migration';

/**
 * The indicators a run's strategy declared with `I(...)`, one row each in declaration order
 * (`seq`): how the price chart labels and places it (`name`, `overlay` on the price or a pane of
 * its own, an optional `color`, the higher `timeframe` it was computed on) and its values, one per
 * bar of the run, as a compressed Float64 blob like the run's other series (NaN in the warm-up).
 * `overview` is the whole run downsampled once when the run is stored (JSON: the shared time axis
 * and this indicator's values on it, null for NaN), so opening a million-bar run's price chart
 * reads kilobytes, not the tens of megabytes of every indicator's blob.
 * Rows go with their run (cascade), and a run never gains or loses indicators after it is stored,
 * so a run's row and its indicators are written in one transaction and never updated.
 */
export const m0090RunIndicators: Migration = {
  version: 90,
  name: 'run-indicators',
  up(db) {
    db.exec(`
      CREATE TABLE run_indicators (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        overlay INTEGER NOT NULL CHECK (overlay IN (0, 1)),
        color TEXT,
        timeframe TEXT,
        "values" BLOB NOT NULL,
        overview TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) STRICT;
    `);
  },
};
