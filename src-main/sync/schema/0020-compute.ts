import type { PgMigration } from './migration';

/**
 * Team compute. The queue itself is pg-boss's (schema `<schema>_queue`); these hold what it does
 * not: the bars a job needs, by content (uploaded once, read by every worker), the batches a
 * desktop sent, and one result per job of a batch, keyed by (batch, seq) so a job run twice (its
 * worker's lease ran out while it was still working) records one result.
 */
export const p0020Compute: PgMigration = {
  version: 20,
  name: 'compute',
  sql: (s) => `
    CREATE TABLE ${s}.bars (
      key text PRIMARY KEY,
      bar_count integer NOT NULL,
      timeframe_ms bigint NOT NULL,
      columns bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ${s}.batches (
      id uuid PRIMARY KEY,
      device_id uuid NOT NULL REFERENCES ${s}.devices (id),
      kind text NOT NULL,
      total integer NOT NULL CHECK (total > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ${s}.results (
      batch_id uuid NOT NULL REFERENCES ${s}.batches (id),
      seq integer NOT NULL,
      job_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('completed', 'failed')),
      output bytea,
      error jsonb,
      worker text NOT NULL,
      duration_ms double precision NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (batch_id, seq)
    );
  `,
};
