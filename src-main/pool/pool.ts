import { performance } from 'node:perf_hooks';
import { BarwiseError, toErrorValue, type ErrorCode } from '../../src-shared/errors';
import type { PoolMetrics } from '../../src-shared/api/jobs';
import type { WorkerPing } from '../../src-shared/worker-api';
import type { TaskOutcome } from '../../src-workers/tasks/protocol';
import { resolveWorkerEntry } from '../workers/entry';
import { TaskStats } from './metrics';
import { checkInteger, resolvePoolOptions, timeoutFor, type PoolOptions, type Priority } from './options';
import { PriorityQueue } from './queue';
import { WorkerSlot } from './slot';

/*
 * Why not piscina or tinypool: each covers part of what Barwise needs, none all of it —
 *  - a task's failure code must say what happened to it (TASK_FAILED / WORKER_CRASHED /
 *    WORKER_OUT_OF_MEMORY / TASK_TIMEOUT / CANCELLED); both libraries report a crash, an OOM
 *    and an abort as generic errors of the pool;
 *  - cancellation is cooperative first: a shared Int32Array flag read with Atomics at the task's
 *    checkpoints, then termination after a grace period; both libraries only terminate;
 *  - recycling on the worker's heap after a task (both recycle on task count or idle time only);
 *  - the workers speak comlink (ping, warm-up, shared values), with in-flight calls rejected at
 *    once on a worker's death (closableEndpoint), and a warm-up hook before the first task.
 */

export interface TaskProgress {
  readonly fraction: number;
  readonly message: string;
}

export interface RunOptions {
  readonly priority?: Priority;
  readonly signal?: AbortSignal;
  /** Overrides the kind's timeout (and the user-code one); 0 = none. */
  readonly timeoutMs?: number;
  /**
   * The task runs a user's strategy code: its timeout is the user's time limit for strategy
   * code (`userCodeTimeoutMs`, the setting), not the kind's, and its TASK_TIMEOUT says so.
   */
  readonly userCode?: boolean;
  readonly onProgress?: (progress: TaskProgress) => void;
  /** Called when the task reaches a worker. */
  readonly onStart?: () => void;
}

/** A failed task: `code` says what happened; `taskStack` is the worker-side stack of a throw. */
export class TaskError extends BarwiseError {
  readonly taskStack: string | undefined;
  constructor(code: ErrorCode, message: string, taskStack?: string) {
    super(code, message);
    this.taskStack = taskStack;
  }
}

interface Task {
  readonly seq: number;
  readonly kind: string;
  readonly priority: Priority;
  readonly timeoutMs: number;
  readonly userCode: boolean;
  readonly options: RunOptions;
  readonly call: (slot: WorkerSlot, seq: number) => Promise<TaskOutcome>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: TaskError) => void;
  settled: boolean;
  slot?: WorkerSlot;
  startedAt?: number;
  cancelRequested: boolean;
  timers: NodeJS.Timeout[];
  detachAbort?: () => void;
}

const MAX_START_FAILURES = 3;

export class WorkerPool {
  readonly options: Readonly<PoolOptions>;
  /** Things the options resolution wants said (e.g. a capped thread count). */
  readonly notes: readonly string[];
  private readonly queue = new PriorityQueue<Task>();
  private readonly slots = new Set<WorkerSlot>();
  private readonly running = new Set<Task>();
  private readonly stats = new TaskStats();
  private readonly entry;
  private seq = 0;
  private closing = false;
  private startFailures = 0;
  /** Threads wanted so far; a dead or retired worker is replaced up to this many at once. */
  private highWater = 0;
  private readonly sharedValues = new Map<string, unknown>();
  private readonly stopping = new Set<Promise<void>>();
  private userCodeTimeoutMs: number;

  constructor(options: Partial<PoolOptions> = {}) {
    const resolved = resolvePoolOptions(options);
    this.options = resolved.options;
    this.notes = resolved.notes;
    this.entry = this.options.entry ?? resolveWorkerEntry();
    this.userCodeTimeoutMs = this.options.userCodeTimeoutMs;
  }

  get threads(): number {
    return this.options.threads;
  }

  /** Runs a registered task kind on a worker; rejects with a TaskError whose code says why. */
  run<R>(kind: string, payload: unknown, options: RunOptions = {}): Promise<R> {
    return this.enqueue<R>(kind, options, (slot, seq) => slot.remote.runTask(kind, payload, seq));
  }

  /** The time limit of tasks that run user code, for tasks queued from now on (the setting changed). */
  setUserCodeTimeout(ms: number): void {
    this.userCodeTimeoutMs = checkInteger('userCodeTimeoutMs', ms, [0, 2 ** 31 - 1]);
  }

  get userCodeTimeout(): number {
    return this.userCodeTimeoutMs;
  }

  /** Round trip to a worker through the queue (interactive priority): the Health page's ping. */
  ping(): Promise<WorkerPing> {
    return this.enqueue<WorkerPing>('ping', { priority: 'interactive', timeoutMs: 10_000 }, async (slot) => ({
      ok: true,
      value: await slot.remote.ping(),
      heapUsed: slot.heapUsed,
    }));
  }

  /**
   * Gives every worker, present and future, a value its tasks read with `ctx.shared(key)`: e.g.
   * SharedArrayBuffer-backed bars, sent once per worker and shared (not copied) by postMessage.
   * A worker busy with a task receives it before its next task (its port is FIFO).
   */
  async share(key: string, value: unknown): Promise<void> {
    this.sharedValues.set(key, value);
    await Promise.all([...this.slots].map((slot) => slot.remote.share(key, value).catch(() => undefined)));
  }

  async unshare(key: string): Promise<void> {
    this.sharedValues.delete(key);
    await Promise.all([...this.slots].map((slot) => slot.remote.unshare(key).catch(() => undefined)));
  }

  private readonly durationObservers = new Set<(kind: string, ms: number) => void>();

  /** Tells `observer` the kind and run time of every task that reached a worker (for /metrics); returns the unsubscribe. */
  observeDurations(observer: (kind: string, ms: number) => void): () => void {
    this.durationObservers.add(observer);
    return () => this.durationObservers.delete(observer);
  }

  /** Starts every thread and waits until each has warmed up (otherwise threads start on demand). */
  async warm(): Promise<void> {
    this.fill(this.options.threads);
    await Promise.all(
      [...this.slots].map(
        (slot) =>
          new Promise<void>((resolve) => {
            const poll = () => (slot.state !== 'starting' || !slot.alive ? resolve() : setTimeout(poll, 5));
            poll();
          }),
      ),
    );
  }

  metrics(): PoolMetrics {
    const workers = [...this.slots].map((slot) => ({
      threadId: slot.threadId,
      state: slot.state,
      tasksRun: slot.tasksRun,
      heapUsedBytes: slot.heapUsed,
    }));
    return {
      threads: this.options.threads,
      alive: workers.length,
      busy: workers.filter((w) => w.state === 'busy').length,
      idle: workers.filter((w) => w.state === 'idle').length,
      queueLength: this.queue.length,
      completed: this.stats.completed,
      failedByCode: { ...this.stats.failedByCode },
      recycled: this.stats.recycled,
      replaced: this.stats.replaced,
      ...this.stats.durations(),
      workers,
    };
  }

  /**
   * Stops accepting tasks, refuses the queued ones (POOL_CLOSED), lets running tasks finish for
   * up to `timeoutMs`, then terminates every worker (tasks still running fail POOL_CLOSED).
   */
  async close(timeoutMs = this.options.closeTimeoutMs): Promise<void> {
    this.closing = true;
    for (const task of this.queue.drain()) this.settleFailure(task, 'POOL_CLOSED', 'The worker pool is shutting down');
    const drained = Promise.all([...this.running].map((task) => new Promise<void>((r) => this.onSettled(task, r))));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await this.destroy();
  }

  /** Terminates every worker at once; every task not yet settled fails POOL_CLOSED. */
  async destroy(): Promise<void> {
    this.closing = true;
    for (const task of this.queue.drain()) this.settleFailure(task, 'POOL_CLOSED', 'The worker pool was destroyed');
    for (const task of this.running) this.settleFailure(task, 'POOL_CLOSED', 'The worker pool was destroyed');
    for (const slot of this.slots) this.retire(slot, 'shutdown');
    await Promise.all(this.stopping);
  }

  // --- internals -------------------------------------------------------------------------------

  private enqueue<R>(kind: string, options: RunOptions, call: Task['call']): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const fail = (code: ErrorCode, message: string) => {
        this.stats.recordFailure(code);
        reject(new TaskError(code, message));
      };
      if (this.closing) return fail('POOL_CLOSED', 'The worker pool is shut down');
      if (options.signal?.aborted) return fail('CANCELLED', `Task "${kind}" cancelled before it was queued`);
      if (this.queue.length >= this.options.maxQueue) {
        return fail('QUEUE_FULL', `The task queue is full (${this.options.maxQueue} waiting); try again when tasks finish`);
      }
      this.seq = (this.seq % 0x7ffffffe) + 1;
      const task: Task = {
        seq: this.seq,
        kind,
        priority: options.priority ?? 'normal',
        timeoutMs: options.timeoutMs ?? (options.userCode ? this.userCodeTimeoutMs : timeoutFor(this.options, kind)),
        userCode: options.userCode === true,
        options,
        call,
        resolve: resolve as (value: unknown) => void,
        reject,
        settled: false,
        cancelRequested: false,
        timers: [],
      };
      if (options.signal) {
        const onAbort = () => this.cancel(task);
        options.signal.addEventListener('abort', onAbort, { once: true });
        task.detachAbort = () => options.signal?.removeEventListener('abort', onAbort);
      }
      this.queue.push(task, task.priority);
      this.startFailures = Math.min(this.startFailures, MAX_START_FAILURES - 1);
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state !== 'idle') continue;
      const task = this.queue.shift();
      if (task) this.dispatch(slot, task);
    }
    let busy = 0;
    for (const slot of this.slots) if (slot.state === 'busy') busy++;
    this.fill(busy + this.queue.length);
  }

  /** Keeps the pool at its high-water size: a dead or retired worker is replaced at once. */
  private replenish(): void {
    this.fill(this.highWater);
    this.pump();
  }

  /** Starts threads until `demand` is covered, up to the thread count. */
  private fill(demand: number): void {
    if (this.closing || this.startFailures >= MAX_START_FAILURES) return;
    this.highWater = Math.max(this.highWater, Math.min(demand, this.options.threads));
    while (this.slots.size < this.highWater) {
      const slot = new WorkerSlot(
        { entry: this.entry, maxHeapMb: this.options.maxHeapMb, progressIntervalMs: this.options.progressIntervalMs },
        {
          onReady: () => {
            this.startFailures = 0;
            this.pump();
          },
          onDeath: (s, code, message) => this.onDeath(s, code, message),
          onProgress: (s, m) => {
            const task = [...this.running].find((t) => t.slot === s && t.seq === m.seq);
            if (task && !task.settled) this.safely(() => task.options.onProgress?.({ fraction: m.fraction, message: m.message }));
          },
        },
      );
      this.slots.add(slot);
      for (const [key, value] of this.sharedValues) slot.remote.share(key, value).catch(() => undefined);
    }
  }

  private dispatch(slot: WorkerSlot, task: Task): void {
    slot.state = 'busy';
    task.slot = slot;
    task.startedAt = performance.now();
    this.running.add(task);
    if (task.timeoutMs > 0) {
      task.timers.push(setTimeout(() => this.onTimeout(task), task.timeoutMs));
    }
    this.safely(() => task.options.onStart?.());
    task.call(slot, task.seq).then(
      (outcome) => this.onOutcome(slot, task, outcome),
      (error: unknown) => {
        // Usually the endpoint closed under the call (the worker died or was stopped) and the
        // task is settled already. Otherwise the worker is alive but could not answer, e.g. a
        // result that cannot be cloned: fail the task, free the worker.
        const { code, message } = toErrorValue(error);
        this.settleFailure(task, code === 'INTERNAL' ? 'TASK_FAILED' : code, message);
        if (slot.alive && slot.state === 'busy') {
          slot.state = 'idle';
          this.pump();
        }
      },
    );
  }

  private onOutcome(slot: WorkerSlot, task: Task, outcome: TaskOutcome): void {
    slot.tasksRun++;
    slot.heapUsed = outcome.heapUsed;
    if (task.cancelRequested) this.settleFailure(task, 'CANCELLED', `Task "${task.kind}" cancelled`);
    else if (outcome.ok) this.settleSuccess(task, outcome.value);
    else this.settleFailure(task, outcome.error.code, outcome.error.message, outcome.error.stack);
    if (slot.state !== 'busy') return;
    if (slot.tasksRun >= this.options.recycleAfterTasks) this.retire(slot, 'recycled');
    else if (slot.heapUsed > this.options.recycleHeapMb * 1024 * 1024) this.retire(slot, 'recycled');
    else slot.state = 'idle';
    this.pump();
  }

  private onTimeout(task: Task): void {
    if (task.settled) return;
    const slot = task.slot;
    this.settleFailure(
      task,
      'TASK_TIMEOUT',
      task.userCode
        ? `Strategy code ran past its time limit of ${limitText(task.timeoutMs)} (the "Time limit for strategy code" setting, under Settings → Compute) and was stopped`
        : `Task "${task.kind}" exceeded its ${task.timeoutMs} ms timeout`,
    );
    if (slot) this.retire(slot, 'timeout');
    this.pump();
  }

  private cancel(task: Task): void {
    if (task.settled) return;
    if (this.queue.remove(task)) {
      this.settleFailure(task, 'CANCELLED', `Task "${task.kind}" cancelled while queued`);
      return;
    }
    const slot = task.slot;
    if (!slot || task.cancelRequested) return;
    task.cancelRequested = true;
    slot.requestCancel(task.seq);
    task.timers.push(
      setTimeout(() => {
        if (task.settled) return;
        this.settleFailure(task, 'CANCELLED', `Task "${task.kind}" cancelled (worker terminated after ${this.options.cancelGraceMs} ms)`);
        this.retire(slot, 'cancel');
        this.pump();
      }, this.options.cancelGraceMs),
    );
  }

  private onDeath(slot: WorkerSlot, code: ErrorCode, message: string): void {
    const wasStarting = slot.state === 'starting';
    const stoppedByPool = slot.stopReason !== undefined;
    if (!this.slots.delete(slot) && stoppedByPool) return; // retired: counted and replaced already
    const task = [...this.running].find((t) => t.slot === slot);
    if (task) {
      const cancelled = task.cancelRequested;
      this.settleFailure(task, cancelled ? 'CANCELLED' : code, cancelled ? `Task "${task.kind}" cancelled` : message);
    }
    if (this.closing) return;
    this.stats.replaced++;
    if (wasStarting && ++this.startFailures >= MAX_START_FAILURES) {
      for (const queued of this.queue.drain()) {
        this.settleFailure(queued, 'WORKER_CRASHED', `Workers fail to start (${MAX_START_FAILURES} in a row): ${message}`);
      }
    }
    this.replenish();
  }

  /** Stops a worker the pool no longer wants; a replacement starts on demand. */
  private retire(slot: WorkerSlot, reason: 'recycled' | 'timeout' | 'cancel' | 'shutdown'): void {
    if (!this.slots.delete(slot)) return;
    if (reason === 'recycled') this.stats.recycled++;
    else if (reason !== 'shutdown') this.stats.replaced++;
    const code: ErrorCode = reason === 'timeout' ? 'TASK_TIMEOUT' : reason === 'cancel' ? 'CANCELLED' : 'POOL_CLOSED';
    const stopped = slot.stop(reason, code).catch(() => undefined);
    this.stopping.add(stopped);
    void stopped.then(() => this.stopping.delete(stopped));
    if (reason !== 'shutdown') this.fill(this.highWater);
  }

  private settleSuccess(task: Task, value: unknown): void {
    if (!this.finish(task)) return;
    this.stats.completed++;
    task.resolve(value);
  }

  private settleFailure(task: Task, code: ErrorCode, message: string, stack?: string): void {
    if (!this.finish(task)) return;
    this.stats.recordFailure(code);
    task.reject(new TaskError(code, message, stack));
  }

  private finish(task: Task): boolean {
    if (task.settled) return false;
    task.settled = true;
    for (const timer of task.timers) clearTimeout(timer);
    task.detachAbort?.();
    this.running.delete(task);
    if (task.startedAt !== undefined) {
      const ms = performance.now() - task.startedAt;
      this.stats.recordDuration(ms);
      for (const observer of this.durationObservers) observer(task.kind, ms);
    }
    for (const listener of this.settledListeners.get(task) ?? []) listener();
    this.settledListeners.delete(task);
    return true;
  }

  private readonly settledListeners = new Map<Task, (() => void)[]>();
  private onSettled(task: Task, listener: () => void): void {
    if (task.settled) return listener();
    this.settledListeners.set(task, [...(this.settledListeners.get(task) ?? []), listener]);
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      console.error('pool callback failed:', error);
    }
  }
}

/** 60000 → "60 s", 90500 → "90.5 s". */
const limitText = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

export function createPool(options: Partial<PoolOptions> = {}): WorkerPool {
  return new WorkerPool(options);
}
