import { availableParallelism } from 'node:os';
import type { WorkerEntry } from '../workers/entry';

export const PRIORITIES = ['interactive', 'normal', 'batch'] as const;
/** `interactive` (a single backtest the user waits for) runs ahead of `batch` (sweep chunks). */
export type Priority = (typeof PRIORITIES)[number];

export interface PoolOptions {
  /** Worker threads; capped at the core count. */
  readonly threads: number;
  /** Tasks waiting beyond this are refused with QUEUE_FULL. */
  readonly maxQueue: number;
  /** Timeout of a task whose kind has none in `kindTimeoutsMs`; 0 = none. */
  readonly taskTimeoutMs: number;
  readonly kindTimeoutsMs: Readonly<Record<string, number>>;
  /**
   * Timeout of a task run with `userCode: true` (it runs a user's strategy code, which may loop
   * forever): the user's "time limit for strategy code" setting; 0 = none. `setUserCodeTimeout`
   * changes it for tasks queued afterwards.
   */
  readonly userCodeTimeoutMs: number;
  /** A worker is replaced after this many tasks. */
  readonly recycleAfterTasks: number;
  /** …or when its V8 heap after a task exceeds this. */
  readonly recycleHeapMb: number;
  /** Per-worker old-generation limit (`resourceLimits`): a task beyond it fails WORKER_OUT_OF_MEMORY. */
  readonly maxHeapMb: number;
  /** How long a cancelled running task has to reach a checkpoint before its worker is terminated. */
  readonly cancelGraceMs: number;
  /** How long `close()` lets running tasks finish before terminating them. */
  readonly closeTimeoutMs: number;
  /** Minimum spacing of one task's progress messages (100 ms = ≤ 10 per second). */
  readonly progressIntervalMs: number;
  /** The worker code to run; tests pass a fixture entry with faulty task kinds. */
  readonly entry?: WorkerEntry;
}

export const DEFAULT_POOL_OPTIONS: Readonly<PoolOptions> = Object.freeze({
  threads: availableParallelism(),
  maxQueue: 100_000,
  taskTimeoutMs: 30 * 60_000,
  kindTimeoutsMs: Object.freeze({ calibrate: 60_000 }),
  userCodeTimeoutMs: 60_000,
  recycleAfterTasks: 100,
  recycleHeapMb: 512,
  maxHeapMb: 4096,
  cancelGraceMs: 2_000,
  closeTimeoutMs: 10_000,
  progressIntervalMs: 100,
});

export interface ResolvedPoolOptions {
  readonly options: Readonly<PoolOptions>;
  /** Things worth telling the user, e.g. that a thread count was capped. */
  readonly notes: readonly string[];
}

const INTEGER_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  threads: [1, 1024],
  maxQueue: [1, 10_000_000],
  taskTimeoutMs: [0, 2 ** 31 - 1],
  userCodeTimeoutMs: [0, 2 ** 31 - 1],
  recycleAfterTasks: [1, 2 ** 31 - 1],
  recycleHeapMb: [1, 1 << 20],
  maxHeapMb: [16, 1 << 20],
  cancelGraceMs: [0, 2 ** 31 - 1],
  closeTimeoutMs: [0, 2 ** 31 - 1],
  progressIntervalMs: [0, 60_000],
};

export function checkInteger(field: string, value: unknown, [min, max]: readonly [number, number]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`pool option ${field} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/**
 * Defaults + the caller's options, each validated (the message names the field). A thread count
 * above the core count is capped, and the cap is reported in `notes` rather than hidden.
 */
export function resolvePoolOptions(
  input: Partial<PoolOptions> = {},
  cores: number = availableParallelism(),
): ResolvedPoolOptions {
  const known = new Set([...Object.keys(DEFAULT_POOL_OPTIONS), 'entry']);
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  if (unknown.length) throw new RangeError(`unknown pool option(s): ${unknown.join(', ')}`);
  const merged: Record<string, unknown> = { ...DEFAULT_POOL_OPTIONS, threads: cores };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) merged[key] = value;
  for (const [field, bounds] of Object.entries(INTEGER_BOUNDS)) checkInteger(field, merged[field], bounds);
  const kindTimeouts = merged.kindTimeoutsMs;
  if (typeof kindTimeouts !== 'object' || kindTimeouts === null) {
    throw new RangeError('pool option kindTimeoutsMs must be an object of kind → milliseconds');
  }
  for (const [kind, ms] of Object.entries(kindTimeouts)) checkInteger(`kindTimeoutsMs.${kind}`, ms, [0, 2 ** 31 - 1]);
  const notes: string[] = [];
  if ((merged.threads as number) > cores) {
    notes.push(`${merged.threads as number} worker threads requested; capped at the ${cores} cores of this machine`);
    merged.threads = cores;
  }
  return { options: Object.freeze(merged) as unknown as PoolOptions, notes };
}

export function timeoutFor(options: PoolOptions, kind: string): number {
  return options.kindTimeoutsMs[kind] ?? options.taskTimeoutMs;
}
