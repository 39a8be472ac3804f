import { performance } from 'node:perf_hooks';
import type { systemSpec } from '../../src-shared/api/system';
import type { Db } from '../store/db';
import { schemaVersion } from '../store/db';
import { APP_VERSION } from '../version';
import type { WorkerPing } from '../../src-shared/worker-api';
import type { FeatureImpl } from './implement';

interface SystemDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly threads: number;
  /** Round trip to a compute worker through the pool. */
  readonly ping: () => Promise<WorkerPing>;
}

export function systemImpl(deps: SystemDeps): FeatureImpl<typeof systemSpec> {
  return {
    info: () => ({
      version: APP_VERSION,
      dataDir: deps.dataDir,
      databaseFile: deps.databaseFile,
      schemaVersion: schemaVersion(deps.db),
      sqliteVersion: (deps.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      workerCount: deps.threads,
      nodeVersion: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
    }),
    pingWorker: async () => {
      const started = performance.now();
      const pong = await deps.ping();
      return { ...pong, roundTripMs: performance.now() - started };
    },
  };
}
