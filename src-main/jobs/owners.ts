import { hostname } from 'node:os';
import type { Db } from '../store/db';
import { newId } from '../store/ids';

/**
 * A process that runs jobs. `id` is a token made at each start: a pid can be reused by a later
 * process, a token cannot, so a job names its owner by token and keeps the pid only to check it.
 */
export interface JobOwner {
  readonly id: string;
  readonly pid: number;
  readonly host: string;
}

export const newOwner = (): JobOwner => ({ id: newId(), pid: process.pid, host: hostname() });

/** Creates or renews this process's row with a lease running until `at + leaseMs`. */
export function holdLease(db: Db, owner: JobOwner, leaseMs: number, at: number): void {
  db.prepare(
    `INSERT INTO job_owners (id, pid, host, lease_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until, updated_at = excluded.updated_at`,
  ).run(owner.id, owner.pid, owner.host, at + leaseMs, at, at);
}

/** On a clean exit, once its jobs have finished: the row names nothing any more. */
export function releaseOwner(db: Db, ownerId: string): void {
  db.prepare('DELETE FROM job_owners WHERE id = ?').run(ownerId);
}

/**
 * Whether `pid` names a live process on this host. Only ever used to conclude that an owner is
 * gone: a live pid may be a different process that reused it (the lease catches that case).
 * EPERM means the process exists but belongs to another user.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
