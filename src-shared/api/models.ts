import { z } from 'zod';
import type { ErrorValue } from '../errors';
import { ALGORITHMS, HYPERPARAMETERS, MAX_FEATURES, modelConfigSchema, windowsSchema, type AlgorithmKind, type ModelConfig } from '../ml/config';
import type { FeatureKindInfo } from '../ml/features';
import type { FeatureImportance, ModelMetrics } from '../ml/results';
import { method, returns } from './define';
import { timeframeSchema } from './timeframe';

/**
 * The `models` feature (docs/models.md): classifiers and regressors trained on the feature
 * catalog (src-shared/ml), one training job each on the worker pool. A model is identified by the
 * fingerprint of its whole configuration: training a configuration again returns the model it
 * made unless `retrainAnyway` is asked. A model may descend from another (trained from its top
 * features, or retrained on a newer window): its lineage.
 */

/**
 * queued → preprocessing → training → evaluating → completed, or failed | cancelled from any
 * unfinished status. A model's own status, moved by its training job from the phases the
 * trainer reports; the job row keeps the generic queued → running → … of every job.
 */
export const MODEL_STATUSES = ['queued', 'preprocessing', 'training', 'evaluating', 'completed', 'failed', 'cancelled'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
export const FINISHED_MODEL_STATUSES: readonly ModelStatus[] = ['completed', 'failed', 'cancelled'];

/** How a model came to be: trained from a configuration, from a parent's features, or retrained on a newer window. */
export const MODEL_ORIGINS = ['trained', 'from-parent', 'retrained'] as const;
export type ModelOrigin = (typeof MODEL_ORIGINS)[number];

/** The test set's headline figures, flat so a list can sort by them; null where the target has no such figure. */
export interface KeyMetrics {
  readonly accuracy: number | null;
  readonly f1: number | null;
  readonly rocAuc: number | null;
  readonly logLoss: number | null;
  readonly r2: number | null;
  readonly mae: number | null;
  readonly directionalAccuracy: number | null;
}

export const KEY_METRICS = ['accuracy', 'f1', 'rocAuc', 'logLoss', 'r2', 'mae', 'directionalAccuracy'] as const satisfies readonly (keyof KeyMetrics)[];
export type KeyMetric = (typeof KEY_METRICS)[number];

/** The parent a model was derived from, as the child recorded it: kept when the parent is deleted. */
export interface ModelParent {
  /** null once the parent was deleted. */
  readonly id: string | null;
  readonly name: string;
  readonly fingerprint: string;
}

export interface ModelSummary {
  readonly id: string;
  readonly name: string;
  readonly status: ModelStatus;
  /** The training job (its progress streams as that job's events). */
  readonly jobId: string | null;
  /** null once the dataset was deleted; the model keeps its name and content hash. */
  readonly datasetId: string | null;
  readonly datasetName: string;
  readonly datasetHash: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly algorithm: AlgorithmKind;
  /** `direction:12`, `direction:12/3±0.002`, `return:5`. */
  readonly target: string;
  /** The columns it trains on (after the whitelist). */
  readonly featureCount: number;
  readonly fingerprint: string;
  readonly trainerVersion: string;
  readonly origin: ModelOrigin;
  readonly parent: ModelParent | null;
  /** On the test set; null until the model is completed. */
  readonly metrics: KeyMetrics | null;
  readonly error: ErrorValue | null;
  readonly createdAt: number;
  /** When its job started on a worker. */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** When each phase began (epoch ms), as the training job moved the model along. */
export interface PhaseTimes {
  readonly preprocessing?: number;
  readonly training?: number;
  readonly evaluating?: number;
}

/** A set's rows after the purge and the embargo, and the open times of its first and last bar (as `ml.train` reports them). */
export interface WindowRows {
  readonly rows: number;
  readonly from: number | null;
  readonly to: number | null;
}

/** What training reported besides metrics and importance (null until completed). */
export interface TrainingReport {
  readonly rows: { readonly train: number; readonly validation: number; readonly test: number };
  readonly windows: { readonly train: WindowRows; readonly validation: WindowRows; readonly test: WindowRows };
  /** Trees kept per class (gbdt, forest) or Newton steps (logit). */
  readonly iterations: number;
  readonly validationLoss: readonly number[];
  /** The columns trained on, in the model's order. */
  readonly featureNames: readonly string[];
}

export interface ModelDetail extends ModelSummary {
  readonly config: ModelConfig;
  readonly allMetrics: { readonly validation: ModelMetrics; readonly test: ModelMetrics } | null;
  readonly report: TrainingReport | null;
  readonly phases: PhaseTimes;
  /** Size of the stored model blob (0 until completed). */
  readonly blobBytes: number;
}

/** A model in its lineage tree: its children nested, oldest first. */
export interface LineageNode {
  readonly model: ModelSummary;
  readonly children: readonly LineageNode[];
}

/** The lineage a model belongs to: the tree from its oldest ancestor still present. */
export interface Lineage {
  readonly root: LineageNode;
  /** The root's own parent, when the root was derived from a model that has since been deleted. */
  readonly deletedAncestor: ModelParent | null;
}

/**
 * What a fingerprint hashes (docs/models.md#fingerprint): the dataset's content and labels, every
 * field of the parsed configuration (features sorted by name, the whitelist sorted, every
 * hyperparameter, the seed) and the trainer version.
 */
export interface FingerprintFields {
  readonly fingerprintVersion: number;
  readonly trainerVersion: string;
  readonly dataset: { readonly contentHash: string; readonly symbol: string; readonly timeframe: string };
  readonly config: unknown;
}

export interface ModelIdentity {
  /** sha256 (hex) of the canonical JSON of `fields`. */
  readonly fingerprint: string;
  readonly fields: FingerprintFields;
  /** A model that already has this fingerprint (completed or on its way), which training would return. */
  readonly existing: ModelSummary | null;
}

export interface TrainOutcome {
  readonly model: ModelSummary;
  /** True when the fingerprint existed and that model was returned instead of training again. */
  readonly existing: boolean;
}

/** The catalog and the algorithms, as the Models form and `barwise features` show them. */
export interface ModelCatalog {
  readonly features: readonly FeatureKindInfo[];
  readonly algorithms: readonly AlgorithmKind[];
  readonly hyperparameters: typeof HYPERPARAMETERS;
  readonly trainerVersion: string;
}

const id = z.uuid();
const name = z.string().trim().min(1).max(200);
/** Trains even when a model with the same fingerprint exists (a new model, with the same fingerprint). */
const retrainAnyway = z.boolean().default(false);

export const trainRequestSchema = z
  .object({
    datasetId: id,
    /** Resample the dataset first ('4h'); omitted = the dataset's own timeframe. */
    timeframe: timeframeSchema.optional(),
    config: modelConfigSchema,
    /** The model's name in the list; a descriptive default otherwise. */
    name: name.optional(),
    retrainAnyway,
  })
  .strict();
export type TrainRequest = z.input<typeof trainRequestSchema>;
export type ParsedTrainRequest = z.output<typeof trainRequestSchema>;

/** The most configurations one batch trains. */
export const MAX_BATCH = 64;
/** The most models one `list` call returns. */
export const MAX_MODELS_LISTED = 500;

export const MODEL_SORTS = ['createdAt', 'name', 'status', 'algorithm', ...KEY_METRICS] as const;

export const modelsSpec = {
  /** The feature catalog, the algorithms and their hyperparameters. */
  features: method(z.object({}).strict(), returns<ModelCatalog>()),
  list: method(
    z
      .object({
        status: z.enum(MODEL_STATUSES).optional(),
        algorithm: z.enum(ALGORITHMS).optional(),
        datasetId: id.optional(),
        /** Models of exactly this fingerprint (duplicates trained with `retrainAnyway`). */
        fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits').optional(),
        /** Part of the name, case-insensitive. */
        search: z.string().max(200).optional(),
        sort: z.enum(MODEL_SORTS).default('createdAt'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(MAX_MODELS_LISTED).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    returns<{ readonly models: readonly ModelSummary[]; readonly total: number }>(),
  ),
  get: method(z.object({ id }).strict(), returns<ModelDetail>()),
  /** Feature importance, most important first by `by` (gain, or permutation importance on the test set). */
  importance: method(
    z.object({ id, by: z.enum(['gain', 'permutation']).default('gain') }).strict(),
    returns<readonly FeatureImportance[]>(),
  ),
  /** The tree of models the model belongs to. */
  lineage: method(z.object({ id }).strict(), returns<Lineage>()),
  /** The fingerprint and the fields it hashes: of a stored model, or of a request before it is trained. */
  config: method(z.union([z.object({ id }).strict(), z.object({ request: trainRequestSchema }).strict()]), returns<ModelIdentity>()),
  /** Queues a training job, or returns the model that has this fingerprint already. */
  train: method(trainRequestSchema, returns<TrainOutcome>()),
  /** Several configurations as parallel jobs; all are checked before any is queued. */
  trainBatch: method(z.object({ items: z.array(trainRequestSchema).min(1).max(MAX_BATCH) }).strict(), returns<readonly TrainOutcome[]>()),
  /**
   * A child of a completed model: its configuration with a feature whitelist, either its top `topK`
   * columns by importance (`by`) or the columns given in `features`.
   */
  trainFromParent: method(
    z
      .object({
        id,
        topK: z.number().int().min(1).max(MAX_FEATURES * 2).optional(),
        features: z.array(z.string().min(1).max(400)).min(1).max(MAX_FEATURES * 2).optional(),
        by: z.enum(['gain', 'permutation']).default('gain'),
        name: name.optional(),
        retrainAnyway,
      })
      .strict()
      .refine((r) => (r.topK === undefined) !== (r.features === undefined), { message: 'give topK or features, not both and not neither', path: ['topK'] }),
    returns<TrainOutcome>(),
  ),
  /**
   * The same configuration on a newer window: the model's windows moved forward to end at the last
   * bar of `datasetId` (the model's dataset by default), or the `windows` given. A new model, whose
   * parent is this one.
   */
  retrain: method(
    z.object({ id, datasetId: id.optional(), windows: windowsSchema.optional(), name: name.optional(), retrainAnyway }).strict(),
    returns<TrainOutcome>(),
  ),
  /** Deletes a model with its importance rows; an unfinished one's job is cancelled first. */
  delete: method(z.object({ id }).strict(), returns<{ readonly removed: boolean }>()),
  /** Deletes every model (unfinished ones' jobs are cancelled first). */
  deleteAll: method(z.object({}).strict(), returns<{ readonly removed: number }>()),
};
