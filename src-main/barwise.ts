import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { apiSpec, type BarwiseApi, type BarwiseClient } from '../src-shared/api';
import { createClient } from '../src-shared/api/client';
import { implement } from './api/implement';
import { systemImpl } from './api/system';
import { createEventHub, type EventHub } from './events';
import { DATABASE_FILE } from './paths';
import { openDatabase, type Db } from './store/db';
import { startWorker, type WorkerHandle } from './workers/ping-worker';

export interface BarwiseOptions {
  readonly dataDir: string;
  /** Worker threads; defaults to the core count. */
  readonly threads?: number;
  /** better-sqlite3 binary for this runtime's ABI (the Electron app passes its own build). */
  readonly nativeBinding?: string;
}

export interface Barwise {
  readonly dataDir: string;
  readonly db: Db;
  /** The API as transports expose it: validated input, `Result` values, never a throw. */
  readonly api: BarwiseApi;
  /** The same API for in-process callers (CLI, tests): resolves values, throws BarwiseError. */
  readonly client: BarwiseClient;
  /** Pushes progress and status to every connected front end. */
  readonly events: EventHub;
  close(): Promise<void>;
}

/** Everything behind the app, in plain Node: used by Electron, the browser shell, the CLI and tests. */
export function createBarwise(options: BarwiseOptions): Barwise {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const databaseFile = join(dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile, { nativeBinding: options.nativeBinding });
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), availableParallelism()));

  const events = createEventHub();
  let worker: WorkerHandle | undefined;
  const getWorker = () => (worker ??= startWorker());

  const api = implement(apiSpec, {
    system: systemImpl({ db, dataDir, databaseFile, threads, getWorker }),
  });

  return {
    dataDir,
    db,
    api,
    client: createClient(api),
    events,
    async close() {
      await worker?.terminate();
      worker = undefined;
      if (db.open) db.close();
    },
  };
}
