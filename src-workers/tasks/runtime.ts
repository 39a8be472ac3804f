import { expose, transfer } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort, threadId, workerData, type TransferListItem } from 'node:worker_threads';
import { BarwiseError } from '../../src-shared/errors';
import { ENGINE_VERSION } from '../engine/version';
import { hardenRealm } from '../lockdown';
import { createTaskContext } from './context';
import type { TaskFailure, TaskOutcome, TaskWorkerApi, TaskWorkerData, WarmUpReport } from './protocol';
import { taskHandler, warmUpHooks } from './registry';

const transfers = new WeakMap<object, TransferListItem[]>();

/** Lets a handler hand back large ArrayBuffers by transfer instead of by copy. */
export function transferResult<T extends object>(value: T, list: TransferListItem[]): T {
  transfers.set(value, list);
  return value;
}

const heapUsed = () => getHeapStatistics().used_heap_size;

/** A thrown BarwiseError keeps its code (CANCELLED, INVALID_CONFIG…); anything else is TASK_FAILED. */
function describeFailure(error: unknown): TaskFailure {
  if (error instanceof BarwiseError) return { code: error.code, message: error.message, stack: error.stack };
  if (error instanceof Error) return { code: 'TASK_FAILED', message: error.message, stack: error.stack };
  return { code: 'TASK_FAILED', message: String(error) };
}

/**
 * Exposes the task API on this worker's parentPort. Task kinds must be registered before. The
 * realm's intrinsics are repaired when lockdown.ts is imported (the worker entry imports it first)
 * and frozen after the warm-up, before the first task.
 */
export function startTaskWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('a task worker must run in a worker thread');
  const data = workerData as Partial<TaskWorkerData> | undefined;
  if (!(data?.cancelFlag instanceof SharedArrayBuffer)) throw new Error('workerData.cancelFlag must be a SharedArrayBuffer');
  const cancelFlag = new Int32Array(data.cancelFlag);
  const progressIntervalMs = data.progressIntervalMs ?? 100;
  const shared = new Map<string, unknown>();
  let warmed: Promise<WarmUpReport> | undefined;
  // A rejection nobody handled during a task fails that task; by default Node would end the
  // worker, possibly while it runs the next task.
  const strays: unknown[] = [];
  process.on('unhandledRejection', (reason) => strays.push(reason));

  const runWarmUps = async (): Promise<WarmUpReport> => {
    const started = performance.now();
    for (const hook of warmUpHooks()) await hook();
    // Frozen only now, so the warm-up's element stores keep their fast path (lockdown.ts); every
    // task waits for this, so no task, and no user code, runs in a realm that is not frozen.
    hardenRealm();
    return { threadId, warmUpMs: performance.now() - started, heapUsed: heapUsed() };
  };

  const api: TaskWorkerApi = {
    ping: () => ({ threadId, engineVersion: ENGINE_VERSION }),
    warmUp: () => (warmed ??= runWarmUps()),
    async runTask(kind, payload, seq): Promise<TaskOutcome> {
      await api.warmUp();
      const handler = taskHandler(kind);
      if (!handler) {
        return { ok: false, error: { code: 'TASK_FAILED', message: `Unknown task kind "${kind}"` }, heapUsed: heapUsed() };
      }
      const ctx = createTaskContext({ seq, cancelFlag, progressIntervalMs, shared, post: (m) => port.postMessage(m) });
      strays.length = 0;
      let value: unknown;
      let failure: TaskFailure | undefined;
      try {
        value = await handler(payload, ctx);
      } catch (error) {
        failure = describeFailure(error);
      }
      // A task is over when its worker is idle: promise jobs it left behind (user strategy code
      // can leave an endless chain) run before the next turn of the event loop, and so do
      // unhandled rejections. An endless chain never lets this turn come, so the task runs into
      // its own timeout and its worker is replaced, instead of the next task hanging on it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!failure && strays.length > 0) {
        const { message } = describeFailure(strays[0]);
        failure = { code: 'TASK_FAILED', message: `A promise was rejected and never handled: ${message}` };
      }
      if (failure) return { ok: false, error: failure, heapUsed: heapUsed() };
      const outcome: TaskOutcome = { ok: true, value, heapUsed: heapUsed() };
      const list = typeof value === 'object' && value !== null ? transfers.get(value) : undefined;
      return list ? transfer(outcome, list) : outcome;
    },
    share(key, value) {
      shared.set(key, value);
    },
    unshare(key) {
      shared.delete(key);
    },
  };
  expose(api, nodeEndpoint(port));
}
