import type { modelsSpec } from '../../src-shared/api/models';
import { ALGORITHMS, HYPERPARAMETERS } from '../../src-shared/ml/config';
import { FEATURE_CATALOG } from '../../src-shared/ml/features';
import { TRAINER_VERSION } from '../../src-workers/ml/version';
import { fingerprintFields } from '../models/fingerprint';
import { findByFingerprint, getModel, listModels, loadImportance, loadLineage } from '../models/repository';
import type { ModelService } from '../models/service';
import type { Db } from '../store/db';
import type { FeatureImpl } from './implement';

/** The `models` feature (src-shared/api/models.ts) over the model service and repository. */
export function modelsImpl(db: Db, models: ModelService): FeatureImpl<typeof modelsSpec> {
  return {
    features: () => ({ features: FEATURE_CATALOG, algorithms: ALGORITHMS, hyperparameters: HYPERPARAMETERS, trainerVersion: TRAINER_VERSION }),
    list: (filter) => listModels(db, filter),
    get: ({ id }) => getModel(db, id),
    importance: ({ id, by }) => loadImportance(db, id, by),
    lineage: ({ id }) => loadLineage(db, id),
    config: async (input) => {
      if ('request' in input) return models.identify(input.request);
      const model = getModel(db, input.id);
      const fields = fingerprintFields(model.config, { contentHash: model.datasetHash, symbol: model.symbol, timeframe: model.timeframe }, model.trainerVersion);
      const existing = findByFingerprint(db, model.fingerprint);
      return { fingerprint: model.fingerprint, fields, existing: existing ?? null };
    },
    train: (request) => models.train(request),
    trainBatch: ({ items }) => models.trainBatch(items),
    trainFromParent: (input) => models.trainFromParent(input),
    retrain: (input) => models.retrain(input),
    delete: async ({ id }) => ({ removed: await models.delete(id) }),
    deleteAll: async () => ({ removed: await models.deleteAll() }),
  };
}
