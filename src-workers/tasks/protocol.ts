import type { ErrorCode } from '../../src-shared/errors';
import type { WorkerApi } from '../../src-shared/worker-api';

/**
 * The wire contract between the pool (src-main/pool) and a task worker. Main imports these as
 * types only. A task message carries a kind, ids and parameters; bulk data (bars) travels as
 * SharedArrayBuffers, which postMessage shares instead of copying.
 */
export interface TaskFailure {
  readonly code: ErrorCode;
  readonly message: string;
  readonly stack?: string;
}

/** Errors are values here: comlink would keep only message/name/stack of a thrown error. */
export type TaskOutcome<R = unknown> =
  | { readonly ok: true; readonly value: R; readonly heapUsed: number }
  | { readonly ok: false; readonly error: TaskFailure; readonly heapUsed: number };

export interface WarmUpReport {
  readonly threadId: number;
  readonly warmUpMs: number;
  readonly heapUsed: number;
}

export interface TaskWorkerApi extends WorkerApi {
  /** Runs every registered warm-up hook once (the pool calls it before the first task). */
  warmUp(): Promise<WarmUpReport>;
  /** `seq` identifies the task for the cancel flag and progress messages. */
  runTask(kind: string, payload: unknown, seq: number): Promise<TaskOutcome>;
  /** Keeps a value (e.g. SharedArrayBuffer-backed bars) for every later task on this worker. */
  share(key: string, value: unknown): void;
  unshare(key: string): void;
}

/** Posted on the worker's parentPort beside comlink's traffic (comlink ignores it: no `id`). */
export interface ProgressMessage {
  readonly barwiseProgress: true;
  readonly seq: number;
  readonly fraction: number;
  readonly message: string;
}

export interface TaskWorkerData {
  /** Int32Array(1) view: main stores the seq of the task to cancel; checkpoints compare. */
  readonly cancelFlag: SharedArrayBuffer;
  /** Minimum spacing of progress messages from one task (100 ms = at most 10 per second). */
  readonly progressIntervalMs: number;
}

export const isProgressMessage = (data: unknown): data is ProgressMessage =>
  typeof data === 'object' && data !== null && (data as { barwiseProgress?: unknown }).barwiseProgress === true;
