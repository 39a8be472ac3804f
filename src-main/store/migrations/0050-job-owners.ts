import type { Migration } from './migration';

/**
 * Jobs are owned: several Barwise processes (the app, the browser shell, CLIs) share one data dir,
 * and a job may only be moved by the process that runs it. `job_owners` has one row per process
 * that holds jobs: its start token (`id`, new at every start, so a reused pid is a different
 * owner), its pid and host (a pid is only checked on its own host), and a lease it renews while it
 * has unfinished jobs. `jobs.owner_id` names the owner; it is not a foreign key because owner rows
 * are removed once they hold nothing, while the job keeps the name of the process that ran it.
 * Rows from before this version have no owner, which the recovery rules read as orphaned.
 * `cancel_requested` is how another process asks the owner to cancel (src-main/jobs/service.ts).
 */
export const m0050JobOwners: Migration = {
  version: 50,
  name: 'job-owners',
  up(db) {
    db.exec(`
      CREATE TABLE job_owners (
        id TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE jobs ADD COLUMN owner_id TEXT;
      ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1));
      -- An owner's unfinished jobs: failing them when it is gone, and whether an owner row still holds any.
      CREATE INDEX jobs_unfinished_by_owner ON jobs (owner_id) WHERE status IN ('queued', 'running');
    `);
  },
};
