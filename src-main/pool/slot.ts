import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../src-shared/errors';
import { closableEndpoint, type ClosableEndpoint } from '../../src-shared/rpc/endpoint';
import { isProgressMessage, type ProgressMessage, type TaskWorkerApi, type TaskWorkerData } from '../../src-workers/tasks/protocol';
import { workerOptions, type WorkerEntry } from '../workers/entry';

export type SlotState = 'starting' | 'idle' | 'busy' | 'stopping';

export interface SlotEvents {
  onReady(slot: WorkerSlot): void;
  /** The thread is gone; `code` says why if the pool did not stop it itself. */
  onDeath(slot: WorkerSlot, code: ErrorCode, message: string): void;
  onProgress(slot: WorkerSlot, message: ProgressMessage): void;
}

export interface SlotConfig {
  readonly entry: WorkerEntry;
  readonly maxHeapMb: number;
  readonly progressIntervalMs: number;
}

/** One worker thread: its comlink remote, its cancel flag, and how it died. */
export class WorkerSlot {
  state: SlotState = 'starting';
  threadId: number;
  tasksRun = 0;
  heapUsed = 0;
  /** Set when the pool itself terminates the worker (recycle, timeout, cancel, shutdown). */
  stopReason: string | undefined;
  readonly remote: Remote<TaskWorkerApi>;
  readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private readonly endpoint: ClosableEndpoint;
  private dead = false;

  constructor(config: SlotConfig, events: SlotEvents) {
    const workerData: TaskWorkerData = {
      cancelFlag: this.cancelFlag.buffer as SharedArrayBuffer,
      progressIntervalMs: config.progressIntervalMs,
    };
    this.worker = new Worker(
      config.entry.file,
      workerOptions(config.entry, {
        workerData,
        resourceLimits: { maxOldGenerationSizeMb: config.maxHeapMb },
      }),
    );
    this.threadId = this.worker.threadId;
    this.endpoint = closableEndpoint(nodeEndpoint(this.worker));
    this.remote = wrap<TaskWorkerApi>(this.endpoint);
    const die = (code: ErrorCode, message: string) => {
      if (this.dead) return;
      this.dead = true;
      // Rejects the call in flight at once: comlink alone would leave it pending forever.
      this.endpoint.close(code, message);
      events.onDeath(this, code, message);
    };
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        die('WORKER_OUT_OF_MEMORY', `Worker ran out of memory (limit ${config.maxHeapMb} MB): ${error.message}`);
      } else {
        die('WORKER_CRASHED', `Worker crashed: ${error.message}`);
      }
    });
    this.worker.on('exit', (code) => die('WORKER_CRASHED', `Worker exited with code ${code}`));
    this.worker.on('message', (data: unknown) => {
      if (isProgressMessage(data)) events.onProgress(this, data);
    });
    this.remote.warmUp().then(
      (report) => {
        if (this.dead || this.state !== 'starting') return;
        this.heapUsed = report.heapUsed;
        this.state = 'idle';
        events.onReady(this);
      },
      () => {
        // The thread died while starting; onDeath has already run.
      },
    );
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Asks the task with this seq to stop at its next checkpoint. */
  requestCancel(seq: number): void {
    Atomics.store(this.cancelFlag, 0, seq);
  }

  /** Terminates the thread; its in-flight call rejects with `code`. */
  stop(reason: string, code: ErrorCode = 'POOL_CLOSED'): Promise<void> {
    this.stopReason ??= reason;
    this.state = 'stopping';
    if (!this.dead) this.endpoint.close(code, `Worker stopped: ${reason}`);
    return this.worker.terminate().then(() => undefined);
  }
}
