import type { DatasetDetail } from '../../src-shared/api/datasets';
import type { ModelIdentity, ModelOrigin, ParsedTrainRequest, TrainOutcome } from '../../src-shared/api/models';
import { formatTimeframe, parseTimeframe } from '../../src-shared/bars/resample';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import { trainingColumns, type ModelConfig } from '../../src-shared/ml/config';
import type { FeatureSpec } from '../../src-shared/ml/features';
import { TRAINER_VERSION } from '../../src-workers/ml/version';
import { findByHash, getDataset } from '../data/repository';
import type { JobService } from '../jobs/service';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { sourceHash } from '../strategies/compile';
import type { StrategyService } from '../strategies/service';
import { fingerprintFields, fingerprintOf } from './fingerprint';
import { TRAIN_JOB, type TrainJobParams } from './job';
import {
  deleteAllModels,
  deleteModel,
  findByFingerprint,
  getModel,
  getSummary,
  loadImportance,
  unfinishedModels,
} from './repository';
import { newerWindows } from './windows';

export interface ModelServiceDeps {
  readonly db: Db;
  readonly jobs: JobService;
  readonly strategies: StrategyService;
}

interface Lineage {
  readonly origin: ModelOrigin;
  readonly parent: TrainJobParams['parent'];
  /** The name the child gets when none is given. */
  readonly defaultName?: string;
}

const TRAINED: Lineage = { origin: 'trained', parent: null };

/** A training request, resolved and checked: the job's parameters, and the fields its fingerprint hashes. */
interface Prepared {
  readonly params: TrainJobParams;
  readonly identity: Omit<ModelIdentity, 'existing'>;
  readonly retrainAnyway: boolean;
}

const clip = (text: string) => (text.length <= 200 ? text : `${text.slice(0, 199)}…`);

/**
 * Models on the app side (docs/models.md): checks a training request, fingerprints it, returns the
 * model it names when one exists, and otherwise queues a `train` job; derives children (a parent's
 * top features) and retrains (a newer window); deletes models, cancelling their jobs first.
 */
export class ModelService {
  constructor(private readonly deps: ModelServiceDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  /** The fingerprint and its fields for a request, and the model that has it already, if any. */
  async identify(request: ParsedTrainRequest): Promise<ModelIdentity> {
    const { identity } = await this.prepare(request, TRAINED);
    return { ...identity, existing: findByFingerprint(this.db, identity.fingerprint) ?? null };
  }

  async train(request: ParsedTrainRequest): Promise<TrainOutcome> {
    return this.submit(await this.prepare(request, TRAINED));
  }

  /** Checks every request first: one that is refused queues none of them. */
  async trainBatch(items: readonly ParsedTrainRequest[]): Promise<TrainOutcome[]> {
    const prepared: Prepared[] = [];
    for (const [k, item] of items.entries()) {
      try {
        prepared.push(await this.prepare(item, TRAINED));
      } catch (error) {
        const { code, message } = toErrorValue(error);
        throw new BarwiseError(code, `items.${k}: ${message}`);
      }
    }
    // One after another: a configuration given twice is trained once (the second finds the first).
    return prepared.map((p) => this.submit(p));
  }

  /**
   * A child of a completed model: its configuration with a whitelist of the parent's top `topK`
   * columns by importance, or of the columns given (each must be one the parent trained on).
   */
  async trainFromParent(input: {
    id: string;
    topK?: number;
    features?: readonly string[];
    by: 'gain' | 'permutation';
    name?: string;
    retrainAnyway: boolean;
  }): Promise<TrainOutcome> {
    const parent = this.completed(input.id, 'train a child from it');
    const trained = parent.report?.featureNames ?? [];
    let columns: string[];
    let what: string;
    if (input.topK !== undefined) {
      if (input.topK > trained.length) {
        throw new BarwiseError('VALIDATION_FAILED', `topK: ${input.topK} is more than the ${trained.length} columns ${parent.name} trained on`);
      }
      columns = loadImportance(this.db, parent.id, input.by)
        .slice(0, input.topK)
        .map((f) => f.feature);
      what = `top ${input.topK} by ${input.by}`;
    } else {
      const given = input.features ?? [];
      given.forEach((column, k) => {
        if (!trained.includes(column)) {
          throw new BarwiseError('VALIDATION_FAILED', `features.${k}: '${column}' is not a column ${parent.name} trained on (${trained.join(', ')})`);
        }
        if (given.indexOf(column) !== k) throw new BarwiseError('VALIDATION_FAILED', `features.${k}: '${column}' is listed twice`);
      });
      columns = [...given];
      what = `${columns.length} hand-picked feature${columns.length === 1 ? '' : 's'}`;
    }
    const dataset = this.datasetOf(parent);
    const config: ModelConfig = { ...parent.config, whitelist: columns };
    return this.submit(
      await this.prepare(
        { datasetId: dataset.id, ...this.timeframeOf(parent.timeframe, dataset), config, name: input.name, retrainAnyway: input.retrainAnyway },
        { origin: 'from-parent', parent: { id: parent.id, name: parent.name, fingerprint: parent.fingerprint }, defaultName: `${parent.name} › ${what}` },
      ),
    );
  }

  /**
   * The same configuration on a newer window: `windows` when given, otherwise the model's windows
   * moved forward to end at the last bar of the dataset (src-main/models/windows.ts).
   */
  async retrain(input: { id: string; datasetId?: string; windows?: ModelConfig['split']['windows']; name?: string; retrainAnyway: boolean }): Promise<TrainOutcome> {
    const parent = this.completed(input.id, 'retrain it');
    const dataset = input.datasetId === undefined ? this.datasetOf(parent) : getDataset(this.db, input.datasetId);
    const windows = input.windows ?? newerWindows(parent, this.parentDatasetSpan(parent), dataset);
    const config: ModelConfig = { ...parent.config, split: { ...parent.config.split, windows } };
    return this.submit(
      await this.prepare(
        { datasetId: dataset.id, ...this.timeframeOf(parent.timeframe, dataset), config, name: input.name, retrainAnyway: input.retrainAnyway },
        { origin: 'retrained', parent: { id: parent.id, name: parent.name, fingerprint: parent.fingerprint }, defaultName: `${parent.name} › retrained` },
      ),
    );
  }

  /** Deletes a model (its blob and importance rows go with it); an unfinished one's job is cancelled first. */
  async delete(id: string): Promise<boolean> {
    await this.cancelTraining(unfinishedModels(this.db, id));
    return deleteModel(this.db, id);
  }

  async deleteAll(): Promise<number> {
    await this.cancelTraining(unfinishedModels(this.db));
    return deleteAllModels(this.db);
  }

  private async cancelTraining(models: readonly { id: string; jobId: string | null }[]): Promise<void> {
    await Promise.all(
      models.map(async ({ jobId }) => {
        if (jobId === null) return;
        try {
          await this.deps.jobs.cancel(jobId);
        } catch (error) {
          // A job row cleared from the Jobs page has nothing left to stop.
          if (toErrorValue(error).code !== 'JOB_NOT_FOUND') throw error;
        }
      }),
    );
  }

  private completed(id: string, toDo: string) {
    const model = getModel(this.db, id);
    if (model.status !== 'completed') throw new BarwiseError('INVALID_CONFIG', `model ${model.name} is ${model.status}; only a completed model can ${toDo}`);
    return model;
  }

  /** A model's dataset: by its id, or, once deleted, a re-import of the same bars (found by content). */
  private datasetOf(model: { name: string; datasetId: string | null; datasetName: string; datasetHash: string }): DatasetDetail {
    if (model.datasetId !== null) return getDataset(this.db, model.datasetId);
    const again = findByHash(this.db, model.datasetHash);
    if (again) return getDataset(this.db, again.id);
    throw new BarwiseError(
      'DATASET_NOT_FOUND',
      `the dataset of model ${model.name} (${model.datasetName}, content ${model.datasetHash.slice(0, 12)}…) was deleted; re-import it, or give another dataset`,
    );
  }

  /** The first and last bar of the data the parent trained on, when that dataset is still here. */
  private parentDatasetSpan(parent: { datasetId: string | null; datasetHash: string }): { firstTime: number; lastTime: number } | null {
    const id = parent.datasetId ?? findByHash(this.db, parent.datasetHash)?.id;
    if (id === undefined) return null;
    const dataset = getDataset(this.db, id);
    return { firstTime: dataset.firstTime, lastTime: dataset.lastTime };
  }

  /** The request's `timeframe` for a model trained on `label`: none when that is the dataset's own. */
  private timeframeOf(label: string, dataset: DatasetDetail): { timeframe?: string } {
    return label === dataset.timeframe ? {} : { timeframe: label };
  }

  /**
   * Checks a request against what exists (the dataset, the timeframe, user strategies named by
   * indicator features) and builds the job's parameters and the fingerprint. A user strategy's
   * text is read now and pinned by its hash (in the configuration, so in the fingerprint too).
   */
  private async prepare(request: ParsedTrainRequest, lineage: Lineage): Promise<Prepared> {
    const dataset = getDataset(this.db, request.datasetId);
    let timeframe = dataset.timeframe;
    let resample = false;
    if (request.timeframe !== undefined) {
      const target = parseTimeframe(request.timeframe);
      const base = parseTimeframe(dataset.timeframe);
      if (target < base || target % base !== 0) {
        throw new BarwiseError('VALIDATION_FAILED', `timeframe: ${request.timeframe} is not a whole multiple of the dataset's ${dataset.timeframe} bars`);
      }
      timeframe = formatTimeframe(target);
      resample = target !== base;
    }
    const { config, sources } = await this.pinSources(request.config);
    const fields = fingerprintFields(config, { contentHash: dataset.contentHash, symbol: dataset.symbol, timeframe }, TRAINER_VERSION);
    const fingerprint = fingerprintOf(fields);
    const featureCount = trainingColumns(config).length;
    const name =
      request.name ?? lineage.defaultName ?? `${config.algorithm.kind} ${config.target.kind}:${config.target.horizon} · ${featureCount} feature${featureCount === 1 ? '' : 's'} · ${dataset.symbol} ${timeframe}`;
    return {
      params: {
        modelId: newId(),
        name: clip(name),
        datasetId: dataset.id,
        timeframe,
        resample,
        config,
        fingerprint,
        trainerVersion: TRAINER_VERSION,
        featureCount,
        origin: lineage.origin,
        parent: lineage.parent,
        sources,
      },
      identity: { fingerprint, fields },
      retrainAnyway: request.retrainAnyway,
    };
  }

  /** Indicator features of user strategies: each strategy's text read and its hash pinned in the feature. */
  private async pinSources(config: ModelConfig): Promise<{ config: ModelConfig; sources: TrainJobParams['sources'] }> {
    const sources: Record<string, { fileName: string; text: string }> = {};
    const features: FeatureSpec[] = [];
    for (const [k, feature] of config.features.entries()) {
      if (feature.kind !== 'indicator') {
        features.push(feature);
        continue;
      }
      const strategy = await this.deps.strategies.forRun(feature.strategy, feature.params);
      if (strategy.origin === 'builtin') {
        features.push(feature);
        continue;
      }
      const hash = sourceHash(strategy.text.text);
      if (feature.sourceHash !== undefined && feature.sourceHash !== hash) {
        throw new BarwiseError(
          'INVALID_CONFIG',
          `config.features.${k}: ${strategy.text.fileName} has changed since this configuration pinned it (${feature.sourceHash.slice(0, 12)}…, now ${hash.slice(0, 12)}…)`,
        );
      }
      sources[feature.strategy] = { fileName: strategy.text.fileName, text: strategy.text.text };
      features.push({ ...feature, sourceHash: hash });
    }
    return { config: { ...config, features }, sources };
  }

  private submit(prepared: Prepared): TrainOutcome {
    if (!prepared.retrainAnyway) {
      const existing = findByFingerprint(this.db, prepared.identity.fingerprint);
      if (existing) return { model: existing, existing: true };
    }
    this.deps.jobs.submit(TRAIN_JOB, prepared.params);
    return { model: getSummary(this.db, prepared.params.modelId), existing: false };
  }
}
