import { availableParallelism } from 'node:os';
import type { settingsSpec } from '../../src-shared/api/settings';
import type { WorkerPool } from '../pool/pool';
import { readSettings, writeSettings } from '../settings/repository';
import type { Db } from '../store/db';
import type { FeatureImpl } from './implement';

/** The pool as settings see it: its thread count, and the time limit that applies at once. */
export type SettingsPool = Pick<WorkerPool, 'threads' | 'setUserCodeTimeout'>;

export function settingsImpl(db: Db, pool: SettingsPool): FeatureImpl<typeof settingsSpec> {
  const view = () => ({ settings: readSettings(db), cores: availableParallelism(), activeThreads: pool.threads });
  return {
    get: view,
    update: (patch) => {
      const settings = writeSettings(db, patch);
      pool.setUserCodeTimeout(settings.strategyTimeLimitSeconds * 1000);
      return view();
    },
  };
}
