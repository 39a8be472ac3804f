import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type PgBoss from 'pg-boss';
import { toErrorValue, type ErrorValue } from '../../src-shared/errors';
import type { WorkerPool } from '../pool/pool';
import type { TeamPool } from '../sync/pool';
import { BarsCache } from './bars';
import { TEAM_JOB_KINDS, type TeamJobData, type TeamJobKind } from './kinds';
import { DEFAULT_QUEUE_TIMING, openQueue, queueName, type QueueTiming } from './queue';

export interface TeamWorkerOptions {
  readonly pool: TeamPool;
  readonly workerPool: WorkerPool;
  readonly kinds?: readonly TeamJobKind[];
  readonly timing?: Partial<QueueTiming>;
  /** Jobs claimed at once: one chunk. Defaults to 4 per thread. */
  readonly chunkSize?: number;
  /** Chunks in flight, so the threads keep working while a finished chunk's results are written. */
  readonly lanes?: number;
  /** Pause when the queue is empty. */
  readonly pollMs?: number;
  /** The name results record (host:pid by default). */
  readonly name?: string;
  /** Told when a job ends (for metrics). */
  readonly onJob?: (kind: string, outcome: 'completed' | 'failed' | 'retried', seconds: number) => void;
  readonly log?: (line: string) => void;
}

export interface TeamWorkerFigures {
  readonly claimed: number;
  readonly completed: number;
  readonly failed: number;
  readonly retried: number;
  readonly inFlight: number;
  /** The last error talking to the server (null once a chunk went through again). */
  readonly lastError: ErrorValue | null;
}

interface Outcome {
  readonly job: PgBoss.JobWithMetadata<TeamJobData>;
  readonly status: 'completed' | 'failed' | 'retry';
  readonly output?: Buffer;
  readonly error?: ErrorValue;
  readonly ms: number;
}

/**
 * A headless worker's claim-and-run loop (`barwise worker`, and a desktop that helps its own
 * batch): claims a chunk of jobs (pg-boss `fetch`, `FOR UPDATE SKIP LOCKED`: each job to one
 * claimer), runs them on its thread pool, writes their results keyed by (batch, seq) with
 * `ON CONFLICT DO NOTHING`, then marks them completed. If this process dies mid-chunk, its jobs
 * stay claimed until their lease lapses; the maintenance then returns them to the queue and
 * another worker runs them, and a result already written by the first run is kept as is.
 */
export class TeamWorker {
  readonly name: string;
  private readonly kinds: readonly TeamJobKind[];
  private readonly timing: QueueTiming;
  private readonly bars: BarsCache;
  private boss: PgBoss | undefined;
  private stopping = false;
  private lanes: Promise<void>[] = [];
  private figures = { claimed: 0, completed: 0, failed: 0, retried: 0, inFlight: 0 };
  private lastError: ErrorValue | null = null;

  constructor(private readonly options: TeamWorkerOptions) {
    this.kinds = options.kinds ?? TEAM_JOB_KINDS;
    this.timing = { ...DEFAULT_QUEUE_TIMING, ...options.timing };
    this.name = options.name ?? `${hostname()}:${process.pid}`;
    this.bars = new BarsCache(options.pool);
  }

  async start(): Promise<void> {
    const log = this.options.log ?? ((line: string) => console.warn(line));
    this.boss = await openQueue(this.options.pool, this.kinds.map((k) => k.kind), this.timing, (error) => {
      // Once stopping, the pool closes under pg-boss's last maintenance tick: not worth a line.
      if (!this.stopping) log(`barwise worker: queue maintenance: ${error.message}`);
    });
    for (let lane = 0; lane < (this.options.lanes ?? 2); lane++) this.lanes.push(this.lane());
  }

  status(): TeamWorkerFigures {
    return { ...this.figures, lastError: this.lastError };
  }

  private get chunkSize(): number {
    return this.options.chunkSize ?? Math.max(1, this.options.workerPool.threads * 4);
  }

  private async lane(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1_000;
    while (!this.stopping) {
      let worked = false;
      try {
        for (const kind of this.kinds) {
          if (this.stopping) break;
          worked = (await this.chunk(kind)) || worked;
        }
        this.lastError = null;
      } catch (error) {
        // The server is unreachable or restarting: the claimed jobs' leases bring them back.
        this.lastError = toErrorValue(error);
        worked = false;
      }
      if (!worked && !this.stopping) await new Promise((resolve) => setTimeout(resolve, pollMs).unref());
    }
  }

  /** Claims and runs one chunk of `kind`; false when the queue had none. */
  private async chunk(kind: TeamJobKind): Promise<boolean> {
    const boss = this.boss;
    if (!boss) return false;
    const name = queueName(kind.kind);
    const jobs = await boss.fetch<TeamJobData>(name, { batchSize: this.chunkSize, includeMetadata: true });
    if (jobs.length === 0) return false;
    this.figures.claimed += jobs.length;
    this.figures.inFlight += jobs.length;
    try {
      const outcomes = await Promise.all(jobs.map((job) => this.runOne(kind, job)));
      await this.record(kind, name, outcomes);
    } finally {
      this.figures.inFlight -= jobs.length;
    }
    return true;
  }

  private async runOne(kind: TeamJobKind, job: PgBoss.JobWithMetadata<TeamJobData>): Promise<Outcome> {
    const started = performance.now();
    try {
      const output = kind.encode(await kind.run(job.data, { workerPool: this.options.workerPool, bars: (key) => this.bars.get(key) }));
      return { job, status: 'completed', output, ms: performance.now() - started };
    } catch (error) {
      // A job that failed its last try is recorded failed; otherwise pg-boss retries it.
      const last = job.retryCount >= job.retryLimit;
      return { job, status: last ? 'failed' : 'retry', error: toErrorValue(error), ms: performance.now() - started };
    }
  }

  /** Results first (idempotent), then the queue's states: a crash between the two only repeats work. */
  private async record(kind: TeamJobKind, name: string, outcomes: readonly Outcome[]): Promise<void> {
    const boss = this.boss as PgBoss;
    const s = this.options.pool.schema;
    const final = outcomes.filter((o) => o.status !== 'retry');
    if (final.length > 0) {
      await this.options.pool.query(
        `INSERT INTO ${s}.results (batch_id, seq, job_id, status, output, error, worker, duration_ms)
         SELECT x.batch_id, x.seq, x.job_id, x.status, x.output, x.error, $8, x.duration_ms
         FROM unnest($1::uuid[], $2::int4[], $3::uuid[], $4::text[], $5::bytea[], $6::jsonb[], $7::float8[])
           AS x(batch_id, seq, job_id, status, output, error, duration_ms)
         ON CONFLICT (batch_id, seq) DO NOTHING`,
        [
          final.map((o) => o.job.data.batchId),
          final.map((o) => o.job.data.seq),
          final.map((o) => o.job.id),
          final.map((o) => o.status),
          final.map((o) => o.output ?? null),
          final.map((o) => (o.error ? JSON.stringify(o.error) : null)),
          final.map((o) => o.ms),
          this.name,
        ],
      );
    }
    const completed = outcomes.filter((o) => o.status === 'completed').map((o) => o.job.id);
    if (completed.length > 0) await boss.complete(name, completed);
    for (const o of outcomes.filter((x) => x.status !== 'completed')) await boss.fail(name, o.job.id, { ...o.error });
    for (const o of outcomes) {
      const outcome = o.status === 'retry' ? 'retried' : o.status;
      this.figures[outcome]++;
      this.options.onJob?.(kind.kind, outcome, o.ms / 1000);
    }
  }

  /** Stops claiming; waits for the chunks in flight to be recorded (up to `graceMs`), then closes the queue. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    await Promise.race([Promise.allSettled(this.lanes), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    await this.boss?.stop({ graceful: false, wait: true, close: false }).catch(() => undefined);
  }
}
