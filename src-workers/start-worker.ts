import './tasks/kinds';
import { startTaskWorker } from './tasks/runtime';

/**
 * The compute worker proper: pure compute behind comlink (`ping`, `warmUp`, `runTask`, `share`);
 * it never touches SQLite or the disk. Task kinds are listed in tasks/kinds.ts. Loaded by
 * worker.ts once the realm is locked down.
 */
startTaskWorker();
