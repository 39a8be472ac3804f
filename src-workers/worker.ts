import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort, threadId } from 'node:worker_threads';
import type { WorkerApi } from '../src-shared/worker-api';
import { ENGINE_VERSION } from './engine/version';

/** The compute worker's entry: pure compute behind comlink; it never touches SQLite or the disk. */
const api: WorkerApi = {
  ping: () => ({ threadId, engineVersion: ENGINE_VERSION }),
};

if (!parentPort) throw new Error('src-workers/worker.ts must run in a worker thread');
expose(api, nodeEndpoint(parentPort));
