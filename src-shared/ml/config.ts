import { z } from 'zod';
import { EARLIEST_TIME, LATEST_TIME, paramValueSchema } from '../backtest';
import { TIMEFRAMES } from '../bars/timeframe';
import { utcTimeText } from '../format';
import { CATALOG_KINDS, featureColumns, featureKindInfo, type FeatureSpec } from './features';

/**
 * A model's whole configuration: what the app validates at the API and the CLI, what its
 * fingerprint hashes, and what the `ml.train` task trains (src-workers/tasks/ml-tasks.ts).
 * Everything that can change a trained model is in here; defaults are filled in by the schema,
 * so the parsed value is the canonical one. docs/ml.md explains each field.
 */

const finite = () => z.number().finite();
const integer = (min: number, max: number) => z.number().int().min(min).max(max);
const instant = () => finite().refine((t) => t >= EARLIEST_TIME && t <= LATEST_TIME, 'must be between 0001-01-01 and 9999-12-31 (UTC)');

/** One hyperparameter of an algorithm: its bounds and default (the schema below is built from these). */
export interface HyperparameterSpec {
  readonly type: 'int' | 'float';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The lower bound itself is refused (a learning rate of 0 learns nothing). */
  readonly minExclusive?: boolean;
  readonly description: string;
}

const hp = (type: 'int' | 'float', fallback: number, min: number, max: number, description: string, minExclusive = false): HyperparameterSpec => ({
  type,
  default: fallback,
  min,
  max,
  description,
  ...(minExclusive ? { minExclusive } : {}),
});

const MAX_BINS = hp('int', 255, 2, 256, 'histogram bins per feature (thresholds are quantiles of the training rows)');

/** Every algorithm's hyperparameters; `--param k=v` in the CLI and the Models form name these. */
export const HYPERPARAMETERS = {
  gbdt: {
    rounds: hp('int', 100, 1, 10_000, 'boosting rounds (trees per class)'),
    learningRate: hp('float', 0.1, 0, 1, 'shrinkage of each tree’s leaf values', true),
    maxDepth: hp('int', 6, 1, 32, 'deepest a leaf may be (the root is depth 0)'),
    maxLeaves: hp('int', 31, 2, 4096, 'leaves per tree; the tree grows best-first until it has them'),
    minSamplesLeaf: hp('int', 20, 1, 1_000_000, 'fewest training rows in a leaf'),
    l2: hp('float', 0, 0, 1_000_000, 'L2 penalty λ on leaf values'),
    minGain: hp('float', 0, 0, 1_000_000, 'smallest loss reduction a split must bring'),
    rowSubsample: hp('float', 1, 0, 1, 'fraction of training rows each tree sees (drawn without replacement)', true),
    colSubsample: hp('float', 1, 0, 1, 'fraction of features each tree may split on', true),
    maxBins: MAX_BINS,
    earlyStopping: hp('int', 10, 0, 10_000, 'stop after this many rounds without a better validation loss (0: never); the best round is kept'),
  },
  forest: {
    trees: hp('int', 100, 1, 5_000, 'trees (per class for three classes)'),
    maxDepth: hp('int', 12, 1, 64, 'deepest a leaf may be'),
    maxLeaves: hp('int', 1024, 2, 65_536, 'leaves per tree'),
    minSamplesLeaf: hp('int', 5, 1, 1_000_000, 'fewest training rows in a leaf (a row drawn twice counts twice)'),
    rowSubsample: hp('float', 1, 0, 1, 'rows drawn with replacement for each tree, as a fraction of the training rows', true),
    colSubsample: hp('float', 0, 0, 1, 'fraction of features tried at each split; 0 means √features'),
    maxBins: MAX_BINS,
  },
  logit: {
    l2: hp('float', 1, 0, 1_000_000, 'L2 penalty λ on the coefficients of the standardized features (not on the intercepts)'),
    maxIterations: hp('int', 100, 1, 1_000, 'Newton steps at most'),
    tolerance: hp('float', 1e-10, 1e-15, 1e-2, 'stop when the Newton decrement per row is below this'),
  },
} as const satisfies Record<string, Record<string, HyperparameterSpec>>;

export const ALGORITHMS = ['gbdt', 'forest', 'logit'] as const;
export type AlgorithmKind = (typeof ALGORITHMS)[number];

function hyperparameter(spec: HyperparameterSpec) {
  let schema = spec.type === 'int' ? z.number().int() : finite();
  schema = spec.minExclusive ? schema.gt(spec.min) : schema.min(spec.min);
  return schema.max(spec.max).default(spec.default);
}

function algorithmObject<K extends AlgorithmKind>(kind: K) {
  const specs = HYPERPARAMETERS[kind] as Record<string, HyperparameterSpec>;
  const shape = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, hyperparameter(spec)]));
  return z.object({ kind: z.literal(kind), ...shape }).strict();
}

type Hyper<K extends AlgorithmKind> = { readonly kind: K } & { readonly [P in keyof (typeof HYPERPARAMETERS)[K]]: number };
export type GbdtParams = Hyper<'gbdt'>;
export type ForestParams = Hyper<'forest'>;
export type LogitParams = Hyper<'logit'>;
export type AlgorithmConfig = GbdtParams | ForestParams | LogitParams;

/**
 * gbdt: histogram gradient-boosted trees; forest: a random forest of the same trees; logit: L2
 * logistic regression (softmax for three classes; ridge regression for the `return` target).
 */
export const algorithmSchema = z.discriminatedUnion('kind', [algorithmObject('gbdt'), algorithmObject('forest'), algorithmObject('logit')]) as unknown as z.ZodType<
  AlgorithmConfig,
  { kind: AlgorithmKind } & Record<string, unknown>
>;

const catalogFeatureSchema = z
  .object({
    kind: z.enum(CATALOG_KINDS),
    params: z.record(z.string(), finite()).default({}),
    timeframe: z.enum(TIMEFRAMES).optional(),
  })
  .strict()
  .superRefine((feature, ctx) => {
    const info = featureKindInfo(feature.kind);
    if (!info) return;
    for (const [name, value] of Object.entries(feature.params)) {
      const spec = info.params.find((p) => p.name === name);
      if (!spec) {
        const known = info.params.map((p) => p.name).join(', ') || 'none';
        ctx.addIssue({ code: 'custom', path: ['params', name], message: `${feature.kind} has no parameter '${name}' (parameters: ${known})` });
      } else if ((spec.type === 'int' && !Number.isInteger(value)) || value < spec.min || value > spec.max) {
        const what = spec.type === 'int' ? 'an integer' : 'a number';
        ctx.addIssue({ code: 'custom', path: ['params', name], message: `must be ${what} from ${spec.min} to ${spec.max}, got ${value}` });
      }
    }
    if (feature.timeframe !== undefined && !info.higherTimeframe) {
      ctx.addIssue({ code: 'custom', path: ['timeframe'], message: `${feature.kind} is a time feature: it has no higher timeframe` });
    }
    const fast = feature.params.fast ?? 12;
    const slow = feature.params.slow ?? 26;
    if (feature.kind === 'macd' && fast >= slow) {
      ctx.addIssue({ code: 'custom', path: ['params', 'fast'], message: `fast (${fast}) must be below slow (${slow})` });
    }
  })
  .transform((feature) => {
    const info = featureKindInfo(feature.kind);
    const params = Object.fromEntries((info?.params ?? []).map((p) => [p.name, feature.params[p.name] ?? p.default]));
    return { kind: feature.kind, params, ...(feature.timeframe === undefined ? {} : { timeframe: feature.timeframe }) };
  });

const indicatorFeatureSchema = z
  .object({
    kind: z.literal('indicator'),
    /** A built-in's id, or a user strategy's (its file's base name). */
    strategy: z.string().min(1).max(100),
    params: z.record(z.string(), paramValueSchema).default({}),
    /** The indicator's name in the run: the key `init` returned it under, or the name it was given. */
    name: z.string().min(1).max(100),
    sourceHash: z.string().min(1).max(200).optional(),
  })
  .strict();

export const featureSpecSchema = z.discriminatedUnion('kind', [catalogFeatureSchema, indicatorFeatureSchema]) as unknown as z.ZodType<FeatureSpec, unknown>;

export const targetSchema = z.discriminatedUnion('kind', [
  z
    .object({
      /** Whether close[t + horizon] is above close[t]: 2 classes (up / not up), or 3 with a dead zone (down / flat / up). */
      kind: z.literal('direction'),
      horizon: integer(1, 10_000).default(1),
      classes: z.union([z.literal(2), z.literal(3)]).default(2),
      /** With 3 classes: a forward return within ±deadZone (a fraction, 0.001 = 0.1%) is flat. */
      deadZone: finite().min(0).max(1).default(0),
    })
    .strict()
    .superRefine((target, ctx) => {
      if (target.classes === 3 && !(target.deadZone > 0)) ctx.addIssue({ code: 'custom', path: ['deadZone'], message: 'three classes need a dead zone above 0' });
      if (target.classes === 2 && target.deadZone !== 0) ctx.addIssue({ code: 'custom', path: ['deadZone'], message: 'a dead zone needs three classes (classes: 3)' });
    }),
  z
    .object({
      /** The forward return close[t + horizon] / close[t] − 1 itself (regression). */
      kind: z.literal('return'),
      horizon: integer(1, 10_000).default(1),
    })
    .strict(),
]);
export type TargetConfig = z.output<typeof targetSchema>;

const fraction = () => finite().gt(0).lt(1);

const windowSchema = z
  .object({ from: instant(), to: instant() })
  .strict()
  .refine((w) => w.from <= w.to, { message: 'from must not be after to', path: ['from'] });

export const windowsSchema = z.discriminatedUnion('kind', [
  z
    .object({
      /** Consecutive shares of the rows where every feature is defined (within from/to when given). */
      kind: z.literal('fractions'),
      train: fraction().default(0.6),
      validation: fraction().default(0.2),
      test: fraction().default(0.2),
      from: instant().optional(),
      to: instant().optional(),
    })
    .strict()
    .superRefine((w, ctx) => {
      if (w.train + w.validation + w.test > 1 + 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['train'], message: `train + validation + test must be at most 1, got ${w.train + w.validation + w.test}` });
      }
      if (w.from !== undefined && w.to !== undefined && w.from > w.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
    }),
  z
    .object({
      /** Bar open times, inclusive; train before validation before test. */
      kind: z.literal('times'),
      train: windowSchema,
      validation: windowSchema,
      test: windowSchema,
    })
    .strict()
    .superRefine((w, ctx) => {
      if (w.train.to >= w.validation.from) {
        ctx.addIssue({ code: 'custom', path: ['validation', 'from'], message: `validation must start after train ends (${utcTimeText(w.train.to)} UTC)` });
      }
      if (w.validation.to >= w.test.from) {
        ctx.addIssue({ code: 'custom', path: ['test', 'from'], message: `test must start after validation ends (${utcTimeText(w.validation.to)} UTC)` });
      }
    }),
]);

export const splitSchema = z
  .object({
    windows: windowsSchema.default({ kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2 }),
    /**
     * Rows dropped at the start of validation and of test, after the purge (a row's label never
     * reaches past its own window): the gap that keeps serially correlated features apart.
     */
    embargo: integer(0, 1_000_000).default(0),
  })
  .strict();
export type SplitConfig = z.output<typeof splitSchema>;

export const importanceSchema = z
  .object({
    /** Shuffles of each feature in permutation importance (their mean is reported). */
    repeats: integer(1, 100).default(3),
    /** Test rows permutation importance looks at, at most (a seeded sample beyond). */
    maxRows: integer(100, 10_000_000).default(10_000),
  })
  .strict();

export const MAX_FEATURES = 256;

export const modelConfigSchema = z
  .object({
    features: z.array(featureSpecSchema).min(1).max(MAX_FEATURES),
    target: targetSchema.default({ kind: 'direction', horizon: 1, classes: 2, deadZone: 0 }),
    split: splitSchema.default({ windows: { kind: 'fractions', train: 0.6, validation: 0.2, test: 0.2 }, embargo: 0 }),
    algorithm: algorithmSchema.default(algorithmSchema.parse({ kind: 'gbdt' })),
    /** Seeds row and column sampling, bootstraps and permutation importance. */
    seed: integer(0, 2 ** 32 - 1).default(1),
    /** Column names (see featureColumns) to train on; the other columns are computed and dropped. */
    whitelist: z.array(z.string().min(1).max(400)).min(1).max(MAX_FEATURES * 2).optional(),
    importance: importanceSchema.default({ repeats: 3, maxRows: 10_000 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.features.forEach((feature, k) => {
      for (const column of featureColumns(feature)) {
        const earlier = seen.get(column);
        if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['features', k], message: `'${column}' is also feature ${earlier}` });
        seen.set(column, k);
      }
    });
    if (config.whitelist) {
      const listed = new Set<string>();
      config.whitelist.forEach((column, k) => {
        if (!seen.has(column)) ctx.addIssue({ code: 'custom', path: ['whitelist', k], message: `'${column}' is not a column of the features (${[...seen.keys()].join(', ')})` });
        if (listed.has(column)) ctx.addIssue({ code: 'custom', path: ['whitelist', k], message: `'${column}' is listed twice` });
        listed.add(column);
      });
    }
  });

export type ModelConfigInput = z.input<typeof modelConfigSchema>;
export type ModelConfig = z.output<typeof modelConfigSchema>;

/** The columns a config trains on, in the order the trainer uses: sorted by name, so the order features are listed in changes nothing. */
export function trainingColumns(config: Pick<ModelConfig, 'features' | 'whitelist'>): string[] {
  const all = config.features.flatMap(featureColumns);
  const kept = config.whitelist ? all.filter((column) => config.whitelist?.includes(column)) : all;
  return kept.sort();
}

/** The higher timeframes the catalog features of a config read (a strategy's own come from describing it). */
export function featureTimeframes(config: Pick<ModelConfig, 'features'>): string[] {
  const labels = config.features.flatMap((f) => (f.kind !== 'indicator' && f.timeframe !== undefined ? [f.timeframe] : []));
  return [...new Set(labels)].sort();
}
