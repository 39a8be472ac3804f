import type { Migration } from './migration';

/**
 * One row per long operation (import, backtest, sweep, training). The status CHECK mirrors the
 * state machine in src-main/jobs/state.ts; `result_ref` names what the job produced and is set in
 * the same transaction as `completed`.
 */
export const m0030Jobs: Migration = {
  version: 30,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        message TEXT NOT NULL DEFAULT '',
        error_code TEXT,
        error_message TEXT,
        result_ref TEXT,
        started_at INTEGER,
        finished_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      -- The Jobs page: newest first, optionally of one status; startup recovery: unfinished jobs.
      CREATE INDEX jobs_by_created ON jobs (created_at DESC);
      CREATE INDEX jobs_by_status ON jobs (status, created_at DESC);
    `);
  },
};
