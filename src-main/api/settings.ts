import { availableParallelism } from 'node:os';
import type { settingsSpec } from '../../src-shared/api/settings';
import { readSettings, writeSettings } from '../settings/repository';
import type { Db } from '../store/db';
import type { FeatureImpl } from './implement';

export function settingsImpl(db: Db, activeThreads: number): FeatureImpl<typeof settingsSpec> {
  const view = () => ({ settings: readSettings(db), cores: availableParallelism(), activeThreads });
  return {
    get: view,
    update: (patch) => {
      writeSettings(db, patch);
      return view();
    },
  };
}
