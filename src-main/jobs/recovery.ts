import type { Job } from '../../src-shared/api/jobs';
import type { Db } from '../store/db';
import { processExists, type JobOwner } from './owners';
import { requireJob, type Clock } from './repository';

export interface RecoveryContext {
  /** This process: its own jobs are never judged here. */
  readonly self: JobOwner;
  /**
   * Whether a lapsed lease counts as a gone owner. Off at start-up and after a late heartbeat of
   * this process: when the machine wakes from sleep every lease has lapsed on the wall clock, and
   * the owners deserve one heartbeat to renew theirs (docs/jobs.md, "Ownership").
   */
  readonly judgeLeases: boolean;
  readonly now?: Clock;
  readonly processExists?: (pid: number) => boolean;
  /** Called for each job failed here, in the same transaction (JobDefinition.settled). */
  readonly settled?: (db: Db, job: Job) => void;
}

/** An owner of unfinished jobs, as recorded (all null but `owner_id` when its row is gone). */
export interface OwnerRow {
  readonly owner_id: string | null;
  readonly pid: number | null;
  readonly host: string | null;
  readonly lease_until: number | null;
}

const OWNERS_OF_UNFINISHED = `
  SELECT u.owner_id, o.pid, o.host, o.lease_until
  FROM (SELECT DISTINCT owner_id FROM jobs WHERE status IN ('queued', 'running')) u
  LEFT JOIN job_owners o ON o.id = u.owner_id`;

/**
 * Owner rows nothing refers to any more: they hold no unfinished job, and their lease has run out
 * or they were just found gone (`@gone`, a JSON array of owner ids).
 */
const DROPPABLE_OWNERS = `
  job_owners.id != @self AND (job_owners.lease_until < @at OR job_owners.id IN (SELECT value FROM json_each(@gone)))
  AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.owner_id = job_owners.id AND jobs.status IN ('queued', 'running'))`;

/**
 * Why an owner can no longer finish its jobs, or null while it may. The rules: no owner recorded
 * (rows from before ownership, or an owner row that is gone); the owner's pid is not running on
 * this host; or (when judging leases) its lease ran out without a heartbeat — a hung process, a
 * reused pid, or another host.
 */
export function orphanReason(row: OwnerRow, ctx: RecoveryContext, at: number): string | null {
  if (row.owner_id === ctx.self.id) return null;
  if (row.owner_id === null) return 'Left unfinished by an older Barwise that did not record which process ran it; it can never finish';
  if (row.pid === null || row.host === null || row.lease_until === null) {
    return 'The Barwise process that ran this job left no record of itself; it can never finish';
  }
  const sameHost = row.host === ctx.self.host;
  const who = `The Barwise process that ran this job (pid ${row.pid}${sameHost ? '' : ` on ${row.host}`})`;
  if (sameHost && !(ctx.processExists ?? processExists)(row.pid)) return `${who} is no longer running; it stopped before the job finished`;
  if (ctx.judgeLeases && row.lease_until < at) {
    return `${who} stopped responding: no heartbeat for ${Math.round((at - row.lease_until) / 1000)} s past its lease`;
  }
  return null;
}

/**
 * Marks `failed` (INTERRUPTED, saying why) every queued or running job whose owner is gone, and
 * removes owner rows that hold nothing. A quick read first, so the usual case takes no write lock;
 * then the same judgement again under the lock, so an owner that renewed meanwhile keeps its jobs.
 * Returns the jobs it failed (for events).
 */
export function recoverOrphanedJobs(db: Db, ctx: RecoveryContext): Job[] {
  const now = ctx.now ?? Date.now;
  const goneOwners = (at: number) =>
    (db.prepare(OWNERS_OF_UNFINISHED).all() as OwnerRow[]).flatMap((row) => {
      const reason = orphanReason(row, ctx, at);
      return reason === null ? [] : [{ ownerId: row.owner_id, reason }];
    });
  const droppable = db.prepare(`SELECT count(*) FROM job_owners WHERE ${DROPPABLE_OWNERS}`).pluck();
  const first = now();
  if (goneOwners(first).length === 0 && droppable.get({ self: ctx.self.id, at: first, gone: '[]' }) === 0) return [];
  return db
    .transaction(() => {
      const at = now();
      const ids = db.prepare(`SELECT id FROM jobs WHERE owner_id IS ? AND status IN ('queued', 'running')`).pluck();
      const fail = db.prepare(
        `UPDATE jobs SET status = 'failed', error_code = 'INTERRUPTED', error_message = ?, finished_at = ?, updated_at = ?
         WHERE owner_id IS ? AND status IN ('queued', 'running')`,
      );
      const failed: string[] = [];
      const gone = goneOwners(at);
      for (const { ownerId, reason } of gone) {
        failed.push(...(ids.all(ownerId) as string[]));
        fail.run(reason, at, at, ownerId);
      }
      const goneIds = JSON.stringify(gone.map((g) => g.ownerId).filter((id) => id !== null));
      db.prepare(`DELETE FROM job_owners WHERE ${DROPPABLE_OWNERS}`).run({ self: ctx.self.id, at, gone: goneIds });
      const jobs = failed.map((id) => requireJob(db, id));
      for (const job of jobs) ctx.settled?.(db, job);
      return jobs;
    })
    .immediate();
}
