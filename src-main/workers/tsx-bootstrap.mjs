// Runs a TypeScript worker entry from the source tree (tests, `npm run cli`): Node 20 does not
// apply `--import tsx` from a Worker's execArgv to the worker's own entry, so register tsx here.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.barwiseEntry);
