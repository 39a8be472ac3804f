import type { PgMigration } from './migration';

/**
 * Synced records. Every record table has the same sync columns: `device_id` (who made it; only that
 * device changes it), `version` (that device's outbox sequence number of the change, so a stale or
 * replayed change never overwrites a newer one), `deleted` (a tombstone stays so other devices
 * learn of the delete), and `cursor`, assigned from one sequence at the end of each push under an
 * advisory lock so that cursor order is commit order and a puller never skips a row.
 *
 * A run's header is kept whole as `record` (the SQLite row, so columns added locally later travel
 * without a server migration) with the columns a leaderboard sorts on beside it; its trades are
 * rows (written by COPY, or multi-row inserts), its per-bar series the compressed blobs SQLite
 * holds (the chart overview and monthly returns SQLite keeps beside them are derived from these,
 * and are derived again by each puller rather than sent).
 * Trades have no foreign key: rows are written only with their run's series, in one transaction,
 * and a check per row would halve the insert rate.
 */
export const p0010Records: PgMigration = {
  version: 10,
  name: 'records',
  sql: (s) => `
    CREATE SEQUENCE ${s}.cursor_seq;
    CREATE TABLE ${s}.devices (
      id uuid PRIMARY KEY,
      user_name text NOT NULL,
      host text NOT NULL,
      app_version text NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ${s}.runs (
      id uuid PRIMARY KEY,
      device_id uuid NOT NULL REFERENCES ${s}.devices (id),
      version bigint NOT NULL,
      deleted boolean NOT NULL DEFAULT false,
      cursor bigint,
      record jsonb,
      name text,
      strategy_id text,
      dataset_hash text,
      symbol text,
      timeframe text,
      stats jsonb,
      created_at bigint,
      received_at timestamptz NOT NULL DEFAULT now(),
      CHECK (deleted OR record IS NOT NULL)
    );
    CREATE UNIQUE INDEX runs_by_cursor ON ${s}.runs (cursor);
    CREATE INDEX runs_by_strategy ON ${s}.runs (strategy_id) WHERE NOT deleted;
    CREATE TABLE ${s}.run_series (
      run_id uuid PRIMARY KEY REFERENCES ${s}.runs (id),
      time bytea NOT NULL,
      equity bytea NOT NULL,
      drawdown bytea NOT NULL,
      buy_hold bytea
    );
    CREATE TABLE ${s}.run_trades (
      run_id uuid NOT NULL,
      seq integer NOT NULL,
      side text NOT NULL,
      size double precision NOT NULL,
      entry_bar integer NOT NULL,
      entry_time bigint NOT NULL,
      entry_price double precision NOT NULL,
      exit_bar integer NOT NULL,
      exit_time bigint NOT NULL,
      exit_price double precision NOT NULL,
      pnl double precision NOT NULL,
      return_pct double precision NOT NULL,
      commission double precision NOT NULL,
      bars_held integer NOT NULL,
      duration_ms bigint NOT NULL,
      exit_reason text NOT NULL,
      PRIMARY KEY (run_id, seq)
    );
  `,
};
