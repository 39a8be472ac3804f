import type { presetsSpec } from '../../src-shared/api/presets';
import { exportPresets, importPresets, listPresets, removePreset, renamePreset, savePreset } from '../presets/repository';
import type { Db } from '../store/db';
import type { FeatureImpl } from './implement';

export function presetsImpl(db: Db): FeatureImpl<typeof presetsSpec> {
  return {
    list: ({ strategyId }) => listPresets(db, strategyId),
    save: ({ name, config }) => savePreset(db, name, config).preset,
    rename: ({ id, name }) => renamePreset(db, id, name),
    remove: ({ id }) => {
      removePreset(db, id);
      return { removed: true as const };
    },
    export: ({ strategyId }) => exportPresets(db, strategyId),
    import: ({ text }) => importPresets(db, text),
  };
}
