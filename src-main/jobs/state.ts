import type { JobStatus } from '../../src-shared/api/jobs';

/**
 * queued → running → completed | failed | cancelled. A queued job may also be cancelled (never
 * started) or failed (refused by the pool, interrupted by a quit). Finished states are final: a
 * retry is a new job.
 */
const NEXT: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ['running', 'failed', 'cancelled'],
  running: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export const canTransition = (from: JobStatus, to: JobStatus): boolean => NEXT[from].includes(to);

export const isFinished = (status: JobStatus): boolean => NEXT[status].length === 0;

/** Why a job cannot move from `from` to `to`, or null if it can. */
export function transitionRefusal(id: string, from: JobStatus, to: JobStatus): string | null {
  if (canTransition(from, to)) return null;
  return `Job ${id} cannot go from ${from} to ${to}: jobs move queued → running → completed | failed | cancelled`;
}
