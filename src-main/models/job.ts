import { z } from 'zod';
import { MODEL_ORIGINS } from '../../src-shared/api/models';
import { BarwiseError } from '../../src-shared/errors';
import { modelConfigSchema, type ModelConfig } from '../../src-shared/ml/config';
import type { StrategySource } from '../../src-shared/sdk/source';
import type { MlTrainResult, MlTrainTask } from '../../src-workers/tasks/ml-tasks';
import { describeZodError } from '../api/implement';
import type { DataService } from '../data/service';
import { getDataset } from '../data/repository';
import type { JobDefinition } from '../jobs/service';
import { compileOrThrow } from '../strategies/compile';
import { advanceModel, completeModel, insertModel, modelExists, requeueModel, settleModel } from './repository';
import { phaseOf } from './status';

export const TRAIN_JOB = 'train';

/**
 * A training job's parameters, as the model service builds them (src-main/models/service.ts) and
 * the job row keeps them: a retry from the Jobs page trains the same model again from them.
 */
export const trainJobParamsSchema = z
  .object({
    modelId: z.uuid(),
    name: z.string().min(1).max(200),
    datasetId: z.uuid(),
    /** The dataset's own timeframe, or the label it is resampled to. */
    timeframe: z.string().min(1).max(20),
    resample: z.boolean(),
    config: z.unknown(),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    trainerVersion: z.string().min(1),
    featureCount: z.number().int().min(1),
    origin: z.enum(MODEL_ORIGINS),
    parent: z.object({ id: z.uuid(), name: z.string(), fingerprint: z.string() }).strict().nullable(),
    /** The text of each user strategy an indicator feature names, as it was when training was asked for. */
    sources: z.record(z.string(), z.object({ fileName: z.string(), text: z.string() }).strict()).default({}),
  })
  .strict();

export type TrainJobParams = Omit<z.output<typeof trainJobParamsSchema>, 'config'> & { readonly config: ModelConfig };

export function parseTrainJobParams(raw: unknown): TrainJobParams {
  const parsed = trainJobParamsSchema.safeParse(raw);
  if (!parsed.success) throw new BarwiseError('VALIDATION_FAILED', describeZodError(parsed.error));
  const config = modelConfigSchema.safeParse(parsed.data.config);
  if (!config.success) throw new BarwiseError('INVALID_CONFIG', `config: ${describeZodError(config.error)}`);
  return { ...parsed.data, config: config.data };
}

/**
 * The `train` job: the dataset's bars from the shared cache (shared with the worker, not copied),
 * one `ml.train` task on the pool, and the model stored in the transaction that completes the
 * job. The model's row is written with the job's (queued), moved through its phases as the
 * trainer reports them, and told how the job ended if it did not complete (docs/models.md).
 */
export function trainJob(data: DataService): JobDefinition<TrainJobParams, MlTrainResult> {
  return {
    kind: TRAIN_JOB,
    parse: parseTrainJobParams,
    created(db, job, params) {
      if (modelExists(db, params.modelId)) {
        requeueModel(db, params.modelId, job.id);
        return;
      }
      const dataset = getDataset(db, params.datasetId);
      insertModel(db, {
        id: params.modelId,
        name: params.name,
        jobId: job.id,
        dataset: { id: dataset.id, name: dataset.name, contentHash: dataset.contentHash, symbol: dataset.symbol },
        timeframe: params.timeframe,
        config: params.config,
        featureCount: params.featureCount,
        fingerprint: params.fingerprint,
        trainerVersion: params.trainerVersion,
        origin: params.origin,
        parent: params.parent,
      });
    },
    async run(ctx) {
      const { modelId, datasetId, timeframe, resample, config, sources } = ctx.params;
      const bars = data.cache.getSharedBars(datasetId, resample ? timeframe : undefined);
      const strategies: Record<string, StrategySource> = {};
      for (const [id, source] of Object.entries(sources)) strategies[id] = compileOrThrow({ id, ...source });
      const task: MlTrainTask = { bars, config, ...(Object.keys(strategies).length > 0 ? { strategies } : {}) };
      const advance = (phase: 'preprocessing' | 'training' | 'evaluating') => advanceModel(data.db, modelId, ctx.id, phase);
      return ctx.runTask<MlTrainResult>('ml.train', task, {
        priority: 'normal',
        // An indicator of a user strategy runs the user's code: the user's time limit applies.
        userCode: Object.keys(strategies).length > 0,
        onStart: () => advance('preprocessing'),
        onProgress: (p) => {
          ctx.progress(p.fraction, p.message);
          const phase = phaseOf(p.message);
          if (phase) advance(phase);
        },
      });
    },
    persist(db, result, job) {
      const { modelId } = job.params as TrainJobParams;
      completeModel(db, modelId, job.id, result);
      return modelId;
    },
    settled(db, job) {
      settleModel(db, job.id, job.status === 'cancelled' ? 'cancelled' : 'failed', job.error);
    },
  };
}
