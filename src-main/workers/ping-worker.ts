import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import type { WorkerApi } from '../../src-shared/worker-api';
import { closableEndpoint } from '../../src-shared/rpc/endpoint';
import { resolveWorkerEntry, workerOptions } from './entry';

export interface WorkerHandle {
  readonly remote: Remote<WorkerApi>;
  terminate(): Promise<void>;
}

/**
 * Starts one compute worker behind comlink. If the thread dies, calls waiting on it reject with
 * WORKER_CRASHED at once instead of hanging (comlink alone would leave them pending).
 */
export function startWorker(): WorkerHandle {
  const entry = resolveWorkerEntry();
  const worker = new Worker(entry.file, workerOptions(entry));
  const endpoint = closableEndpoint(nodeEndpoint(worker));
  worker.on('error', (error) => endpoint.close('WORKER_CRASHED', `Worker crashed: ${error.message}`));
  worker.on('exit', (code) => endpoint.close('WORKER_CRASHED', `Worker exited with code ${code}`));
  return {
    remote: wrap<WorkerApi>(endpoint),
    async terminate() {
      endpoint.close('POOL_CLOSED', 'Worker stopped');
      await worker.terminate();
    },
  };
}
