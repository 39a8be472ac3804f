// First: the realm is locked down (SES) before any other module of the worker runs.
import './lockdown';
import './tasks/kinds';
import { startTaskWorker } from './tasks/runtime';

/**
 * The compute worker's entry: pure compute behind comlink (`ping`, `warmUp`, `runTask`,
 * `share`); it never touches SQLite or the disk. Task kinds are listed in tasks/kinds.ts.
 */
startTaskWorker();
