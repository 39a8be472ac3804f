import { BarwiseError, toErrorValue, type ErrorValue } from '../../src-shared/errors';
import type { Job, JobStatus } from '../../src-shared/api/jobs';
import type { EventHub } from '../events';
import type { RunOptions, TaskProgress, WorkerPool } from '../pool/pool';
import type { Priority } from '../pool/options';
import type { Db } from '../store/db';
import { resolveLease, type LeaseOptions } from './lease';
import { holdLease, newOwner, releaseOwner, type JobOwner } from './owners';
import { recoverOrphanedJobs } from './recovery';
import {
  completeJob,
  deleteFinishedJobs,
  getJob,
  insertJob,
  jobOwner,
  jobsToStop,
  listJobs,
  requestCancel,
  requireJob,
  tryTransitionJob,
  updateProgress,
  type Caller,
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
  /**
   * Runs inside the transaction that inserts the job row: for a job that makes a record of its
   * own (a model), to create that record with the job (throw to refuse the job: neither is written).
   */
  created?(db: Db, job: Job, params: P): void;
  /**
   * Runs inside the transaction that records the job failed or cancelled — by this process, or by
   * any process that finds the job's owner gone — to record the end on the job's own record too.
   * Must not throw.
   */
  settled?(db: Db, job: Job): void;
  /** The finished job's figures in a few words ("8,760 bars · 42 trades"), its message once completed (after persist). */
  summary?(result: R, job: Job): string | undefined;
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
  /** This process as the owner of its jobs; a new token by default. */
  readonly owner?: JobOwner;
  /** Heartbeat and lease lengths (src-main/jobs/lease.ts); tests shorten them. */
  readonly lease?: Partial<LeaseOptions>;
}

interface Active {
  readonly controller: AbortController;
  done: Promise<Job>;
  stopping: boolean;
}

/**
 * Creates a job row for every long operation, runs it on the pool with an AbortSignal, streams
 * its status and progress through the event hub, and records how it ended.
 *
 * Several processes may share the database: each job is owned by the process that created it,
 * only its owner moves it, and this process's heartbeat keeps its lease while it has jobs, acts
 * on cancels other processes ask for, and fails the jobs of owners found gone (docs/jobs.md).
 */
export class JobService {
  readonly owner: JobOwner;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly active = new Map<string, Active>();
  private readonly now: Clock;
  private readonly lease: LeaseOptions;
  private readonly caller: Caller;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastBeat = Number.NaN;
  private closing = false;

  constructor(private readonly deps: JobServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.owner = deps.owner ?? newOwner();
    this.lease = resolveLease(deps.lease);
    this.caller = { owner: this.owner.id, now: this.now };
  }

  /**
   * At start-up: fails the jobs of owners that are certainly gone (no owner recorded, or a pid no
   * longer running here), then starts the heartbeat. Lapsed leases are judged from the first
   * on-time heartbeat on. Returns the jobs it failed.
   */
  start(): Job[] {
    const recovered = recoverOrphanedJobs(this.deps.db, { self: this.owner, now: this.now, judgeLeases: false, settled: this.settle });
    for (const job of recovered) this.emitStatus(job);
    this.lastBeat = this.now();
    this.heartbeat ??= setInterval(() => this.beat(), this.lease.heartbeatMs);
    // The heartbeat alone never keeps a process alive.
    this.heartbeat.unref();
    return recovered;
  }

  /**
   * After `idle()`: stops the heartbeat and gives up this process's owner row. If the row cannot
   * be removed (the database is busy past its timeout), it stays behind, holding nothing, and
   * another process removes it once its lease has run out.
   */
  release(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    try {
      if (this.deps.db.open) releaseOwner(this.deps.db, this.owner.id);
    } catch (error) {
      console.warn(`barwise: could not release the job owner row: ${toErrorValue(error).message}`);
    }
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
    const { db } = this.deps;
    const job = db
      .transaction(() => {
        holdLease(db, this.owner, this.lease.leaseMs, this.now());
        const row = insertJob(db, kind, parsed, this.caller);
        definition.created?.(db, row, parsed);
        return row;
      })
      .immediate();
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

  /**
   * Stops a queued or running job and resolves once it has stopped; a finished job is returned as
   * is. A job of another process is stopped by that process: this one asks and waits for its row
   * to finish (within a heartbeat of the owner, or once the owner is found gone).
   */
  async cancel(id: string): Promise<Job> {
    const job = this.get(id);
    if (isFinished(job.status)) return job;
    const active = this.active.get(id);
    if (active) {
      active.controller.abort();
      return active.done;
    }
    const { db } = this.deps;
    if (jobOwner(db, id) === this.owner.id) return this.finish(job, 'cancelled', { code: 'CANCELLED', message: 'Cancelled' });
    requestCancel(db, id, this.now);
    const poll = Math.min(100, this.lease.heartbeatMs);
    for (;;) {
      // An owner found gone meanwhile will not answer: its jobs fail here and now.
      for (const failed of recoverOrphanedJobs(db, { self: this.owner, now: this.now, judgeLeases: false, settled: this.settle })) this.emitStatus(failed);
      const current = this.get(id);
      if (isFinished(current.status) || this.closing) return current;
      await new Promise((resolve) => setTimeout(resolve, poll));
    }
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

  /**
   * Every heartbeat: renew the lease while holding jobs, stop the jobs other processes asked to
   * cancel or have taken over, and fail the jobs of owners found gone. Leases are judged only when
   * this beat came on time: a late one means this process (or the whole machine) was stalled or
   * asleep, and the others have not had their chance to renew yet. Errors (a database busy past its
   * timeout) wait for the next beat: the lease spans many.
   */
  private beat(): void {
    const { db } = this.deps;
    if (!db.open) return;
    const at = this.now();
    const onTime = at >= this.lastBeat && at - this.lastBeat <= 2 * this.lease.heartbeatMs;
    this.lastBeat = at;
    try {
      if (this.active.size > 0) {
        holdLease(db, this.owner, this.lease.leaseMs, at);
        for (const id of jobsToStop(db, [...this.active.keys()])) this.active.get(id)?.controller.abort();
      }
      for (const job of recoverOrphanedJobs(db, { self: this.owner, now: this.now, judgeLeases: onTime, settled: this.settle })) this.emitStatus(job);
    } catch (error) {
      console.warn(`barwise: job heartbeat: ${toErrorValue(error).message} (retrying at the next beat)`);
    }
  }

  private async execute(job: Job, definition: JobDefinition, params: unknown, active: Active): Promise<Job> {
    const { db } = this.deps;
    const { signal } = active.controller;
    let lastSave = -Infinity;
    const markRunning = () => {
      const { job: row, moved } = tryTransitionJob(db, job.id, 'running', this.caller);
      if (moved) this.emitStatus(row);
      // Finished by another process, which found this one gone: stop working on it.
      else if (isFinished(row.status)) active.controller.abort();
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
          updateProgress(db, job.id, fraction, message, this.caller);
        }
      },
    };
    try {
      const result = await definition.run(ctx);
      if (signal.aborted) throw new BarwiseError('CANCELLED', 'Cancelled');
      markRunning();
      const done = completeJob(
        db,
        job.id,
        (tx) => definition.persist?.(tx, result, getJob(tx, job.id) ?? job),
        this.caller,
        () => definition.summary?.(result, job),
      );
      this.emitStatus(done);
      return done;
    } catch (error) {
      const value = toErrorValue(error);
      if (signal.aborted || value.code === 'CANCELLED') {
        return this.finish(job, 'cancelled', { code: 'CANCELLED', message: 'Cancelled' });
      }
      if (value.code === 'POOL_CLOSED' && (active.stopping || this.closing)) {
        return this.finish(job, 'failed', { code: 'INTERRUPTED', message: 'Barwise shut down before this job finished' });
      }
      return this.finish(job, 'failed', value);
    } finally {
      this.active.delete(job.id);
    }
  }

  /**
   * Records how a job ended and tells the front ends, and never throws: every job gets a final
   * event. When the row has already finished (another process found this one gone and failed the
   * job), the row as it is is the outcome; when it cannot be read at all (removed by another
   * process, or the database is failing), the outcome known here is reported.
   */
  private finish(job: Job, to: 'failed' | 'cancelled', error: ErrorValue): Job {
    let final: Job;
    const { db } = this.deps;
    try {
      final = db
        .transaction(() => {
          const { job: row, moved } = tryTransitionJob(db, job.id, to, this.caller, { error });
          if (moved) this.settle(db, row);
          return row;
        })
        .immediate();
    } catch {
      const at = this.now();
      final = { ...job, status: to, error, finishedAt: at, updatedAt: at };
    }
    this.emitStatus(final);
    return final;
  }

  /** A failed or cancelled job's own record told (JobDefinition.settled), in the caller's transaction. */
  private readonly settle = (db: Db, job: Job): void => {
    this.definitions.get(job.kind)?.settled?.(db, job);
  };

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
