import { BarwiseError, toErrorValue, type ErrorValue } from '../../src-shared/errors';
import type { Job, JobStatus } from '../../src-shared/api/jobs';
import type { EventHub } from '../events';
import type { RunOptions, TaskProgress, WorkerPool } from '../pool/pool';
import type { Priority } from '../pool/options';
import type { Db } from '../store/db';
import {
  completeJob,
  deleteFinishedJobs,
  getJob,
  insertJob,
  listJobs,
  requireJob,
  transitionJob,
  updateProgress,
  type Clock,
} from './repository';
import { isFinished } from './state';

export interface JobContext<P> {
  readonly id: string;
  readonly params: P;
  /** Aborted when the user cancels the job or the app shuts down. */
  readonly signal: AbortSignal;
  /** Runs one task on the pool under this job's signal; its first start marks the job running. */
  runTask<R>(kind: string, payload: unknown, options?: Omit<RunOptions, 'signal'>): Promise<R>;
  /** The job's own progress (0…1), streamed to front ends and saved (throttled). */
  progress(fraction: number, message?: string): void;
  /** Marks the job running: for work done in main (an import reading a file), not on the pool. */
  running(): void;
}

/** What a job kind does: compute (on the pool) in `run`, then save in `persist`. */
export interface JobDefinition<P = unknown, R = unknown> {
  readonly kind: string;
  /** Validates and normalises parameters before the row is created (throw to refuse). */
  readonly parse?: (params: unknown) => P;
  run(ctx: JobContext<P>): Promise<R>;
  /**
   * Saves the result; runs inside the transaction that marks the job completed, so a result is
   * never half-written and never saved for a cancelled job. Returns the id of what it wrote.
   */
  persist?(db: Db, result: R, job: Job): string | null | undefined | void;
}

/** The common case: one pool task whose payload is the job's parameters. */
export function taskJob<P, R>(
  kind: string,
  options: { taskKind?: string; priority?: Priority; parse?: (params: unknown) => P; persist?: JobDefinition<P, R>['persist'] } = {},
): JobDefinition<P, R> {
  return {
    kind,
    parse: options.parse,
    persist: options.persist,
    run: (ctx) =>
      ctx.runTask<R>(options.taskKind ?? kind, ctx.params, {
        priority: options.priority,
        onProgress: (p: TaskProgress) => ctx.progress(p.fraction, p.message),
      }),
  };
}

export interface JobServiceDeps {
  readonly db: Db;
  readonly pool: WorkerPool;
  readonly events: EventHub;
  readonly now?: Clock;
  /** Minimum spacing of progress writes to SQLite per job (events are not throttled here). */
  readonly progressSaveMs?: number;
}

interface Active {
  readonly controller: AbortController;
  done: Promise<Job>;
  stopping: boolean;
}

/**
 * Creates a job row for every long operation, runs it on the pool with an AbortSignal, streams
 * its status and progress through the event hub, and records how it ended.
 */
export class JobService {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly active = new Map<string, Active>();
  private readonly now: Clock;
  private closing = false;

  constructor(private readonly deps: JobServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  register<P, R>(definition: JobDefinition<P, R>): void {
    if (this.definitions.has(definition.kind)) throw new Error(`job kind "${definition.kind}" is already registered`);
    this.definitions.set(definition.kind, definition as JobDefinition);
  }

  /** Creates the job row (queued) and starts it; resolves with the row as created. */
  submit(kind: string, params: unknown): Job {
    if (this.closing) throw new BarwiseError('POOL_CLOSED', 'Barwise is shutting down; no new jobs');
    const definition = this.definitions.get(kind);
    if (!definition) throw new BarwiseError('NOT_FOUND', `No job kind "${kind}"`);
    const parsed = definition.parse ? definition.parse(params) : params;
    const job = insertJob(this.deps.db, kind, parsed, this.now);
    this.emitStatus(job);
    const active: Active = { controller: new AbortController(), done: Promise.resolve(job), stopping: false };
    this.active.set(job.id, active);
    active.done = this.execute(job, definition, parsed, active);
    return job;
  }

  get(id: string): Job {
    return requireJob(this.deps.db, id);
  }

  list(filter: { status?: JobStatus; limit?: number } = {}): Job[] {
    return listJobs(this.deps.db, filter);
  }

  /** Resolves with the job once it has finished. */
  async wait(id: string): Promise<Job> {
    const active = this.active.get(id);
    return active ? active.done : this.get(id);
  }

  /** Stops a queued or running job and resolves once it has stopped; a finished job is returned as is. */
  async cancel(id: string): Promise<Job> {
    const job = this.get(id);
    if (isFinished(job.status)) return job;
    const active = this.active.get(id);
    if (!active) return this.finish(id, 'cancelled', { code: 'CANCELLED', message: 'Cancelled' });
    active.controller.abort();
    return active.done;
  }

  /** A new job with the kind and parameters of a failed or cancelled one. */
  retry(id: string): Job {
    const job = this.get(id);
    if (job.status !== 'failed' && job.status !== 'cancelled') {
      throw new BarwiseError('INVALID_TRANSITION', `Job ${id} is ${job.status}; only a failed or cancelled job can be retried`);
    }
    return this.submit(job.kind, job.params);
  }

  clearFinished(): number {
    return deleteFinishedJobs(this.deps.db);
  }

  /**
   * Refuses new jobs. Jobs still running end when the caller closes the pool: their tasks fail
   * POOL_CLOSED and the jobs are recorded failed with INTERRUPTED. Then await `idle()`.
   */
  stopAccepting(): void {
    this.closing = true;
    for (const active of this.active.values()) active.stopping = true;
  }

  /** Resolves once every active job has finished and been recorded. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  private async execute(job: Job, definition: JobDefinition, params: unknown, active: Active): Promise<Job> {
    const { db } = this.deps;
    const { signal } = active.controller;
    let lastSave = -Infinity;
    const markRunning = () => {
      if (getJob(db, job.id)?.status === 'queued') this.emitStatus(transitionJob(db, job.id, 'running', {}, this.now));
    };
    const ctx: JobContext<unknown> = {
      id: job.id,
      params,
      signal,
      runTask: <R>(kind: string, payload: unknown, options: Omit<RunOptions, 'signal'> = {}) =>
        this.deps.pool.run<R>(kind, payload, {
          ...options,
          signal,
          onStart: () => {
            markRunning();
            options.onStart?.();
          },
        }),
      running: markRunning,
      progress: (fraction, message = '') => {
        if (signal.aborted) return;
        this.deps.events.emit({ topic: 'progress', id: job.id, fraction, message });
        const at = this.now();
        if (at - lastSave >= (this.deps.progressSaveMs ?? 1000)) {
          lastSave = at;
          updateProgress(db, job.id, fraction, message, this.now);
        }
      },
    };
    try {
      const result = await definition.run(ctx);
      if (signal.aborted) throw new BarwiseError('CANCELLED', 'Cancelled');
      markRunning();
      const done = completeJob(db, job.id, (tx) => definition.persist?.(tx, result, getJob(tx, job.id) ?? job), this.now);
      this.emitStatus(done);
      return done;
    } catch (error) {
      const value = toErrorValue(error);
      if (signal.aborted || value.code === 'CANCELLED') {
        return this.finish(job.id, 'cancelled', { code: 'CANCELLED', message: 'Cancelled' });
      }
      if (value.code === 'POOL_CLOSED' && (active.stopping || this.closing)) {
        return this.finish(job.id, 'failed', { code: 'INTERRUPTED', message: 'Barwise shut down before this job finished' });
      }
      return this.finish(job.id, 'failed', value);
    } finally {
      this.active.delete(job.id);
    }
  }

  private finish(id: string, to: 'failed' | 'cancelled', error: ErrorValue): Job {
    const job = transitionJob(this.deps.db, id, to, { error }, this.now);
    this.emitStatus(job);
    return job;
  }

  private emitStatus(job: Job): void {
    this.deps.events.emit({
      topic: 'job',
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: job.progress,
      error: job.error,
    });
  }
}
