import { z } from 'zod';
import type { ErrorValue } from '../errors';
import { method, returns } from './define';

/** queued → running → completed | failed | cancelled; a queued job may also fail or be cancelled. */
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly params: unknown;
  readonly status: JobStatus;
  /** 0…1. */
  readonly progress: number;
  readonly message: string;
  readonly error: ErrorValue | null;
  /** The id of what the job produced (a run, a dataset…), set in the same transaction as `completed`. */
  readonly resultRef: string | null;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

export interface WorkerMetrics {
  readonly threadId: number;
  readonly state: 'starting' | 'idle' | 'busy' | 'stopping';
  readonly tasksRun: number;
  /** V8 heap in use, as the worker reported after its last task. */
  readonly heapUsedBytes: number;
}

export interface PoolMetrics {
  readonly threads: number;
  readonly alive: number;
  readonly busy: number;
  readonly idle: number;
  readonly queueLength: number;
  readonly completed: number;
  /** Failed tasks by error code (CANCELLED and POOL_CLOSED included). */
  readonly failedByCode: Readonly<Record<string, number>>;
  readonly recycled: number;
  readonly replaced: number;
  /** Over the last 1,000 settled tasks that reached a worker. */
  readonly meanTaskMs: number;
  readonly p95TaskMs: number;
  readonly workers: readonly WorkerMetrics[];
}

const id = z.uuid();
/** The most jobs one `list` call returns. */
export const MAX_JOBS_LISTED = 1000;

export const jobsSpec = {
  list: method(
    z
      .object({
        status: z.enum(JOB_STATUSES).optional(),
        limit: z.number().int().min(1).max(MAX_JOBS_LISTED).default(100),
      })
      .strict(),
    returns<readonly Job[]>(),
  ),
  get: method(z.object({ id }).strict(), returns<Job>()),
  /** Resolves once the job has stopped (a running task stops at its next checkpoint or is terminated). */
  cancel: method(z.object({ id }).strict(), returns<Job>()),
  /** Queues a new job with the same kind and parameters as a failed or cancelled one. */
  retry: method(z.object({ id }).strict(), returns<Job>()),
  clearFinished: method(z.object({}).strict(), returns<{ readonly removed: number }>()),
  poolMetrics: method(z.object({}).strict(), returns<PoolMetrics>()),
};
