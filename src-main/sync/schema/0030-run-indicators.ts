import type { PgMigration } from './migration';

/**
 * The indicators a run's strategy declared (local migration 0090): one row per indicator, its
 * values the compressed Float64 blob SQLite holds, written once with the run's series in the same
 * transaction (so, like trades, only for a run whose series row that push created) and removed
 * with them when the run becomes a tombstone. Runs pushed before this version have none.
 */
export const p0030RunIndicators: PgMigration = {
  version: 30,
  name: 'run-indicators',
  sql: (s) => `
    CREATE TABLE ${s}.run_indicators (
      run_id uuid NOT NULL REFERENCES ${s}.runs (id),
      seq integer NOT NULL CHECK (seq >= 0),
      name text NOT NULL,
      overlay boolean NOT NULL,
      color text,
      timeframe text,
      "values" bytea NOT NULL,
      PRIMARY KEY (run_id, seq)
    );
  `,
};
