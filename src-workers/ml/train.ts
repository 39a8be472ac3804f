import { BarwiseError } from '../../src-shared/errors';
import { trainingColumns, type ModelConfig } from '../../src-shared/ml/config';
import type { ModelMetrics } from '../../src-shared/ml/results';
import type { MlTrainResult, WindowRows } from '../tasks/ml-tasks';
import { binColumns, binEdges } from './binning';
import { encodeModel } from './blob';
import { boost } from './boosting';
import { toEnsemble } from './ensemble';
import { computeFeatures, type FeatureInputs } from './features';
import { growForest } from './forest';
import { gainImportance, permutationImportance } from './importance';
import { fitLogit, fitRidge } from './linear';
import { binaryLogLoss, softmaxLoss, squaredError } from './losses';
import { classificationMetrics, regressionMetrics } from './metrics';
import { predict, type Predictor } from './model';
import { Random } from './random';
import { splitRows } from './splits';
import { classCount, classNames, labels as labelsOf } from './targets';
import { TRAINER_VERSION } from './version';

/** Reports progress: the message starts with the phase (`preprocessing: `, `training: `, `evaluating: `). */
export type Progress = (fraction: number, message: string) => void;

/** Independent random streams of one seed: what training draws never shifts what importance draws. */
const TRAINING_STREAM = 0;
const IMPORTANCE_STREAM = 1;

/** Rows `rows` of each column, as new compact columns. */
function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

export interface Set {
  readonly columns: Float64Array[];
  readonly labels: Float64Array;
}

/**
 * Trains a model on `inputs.bars` as `config` says (docs/ml.md): features, labels, the
 * chronological split with purge and embargo, the algorithm, then metrics on validation and test,
 * importance, and the blob. Deterministic: the same bars and config give the same bytes.
 */
export function trainModel(inputs: FeatureInputs, config: ModelConfig, progress: Progress): MlTrainResult {
  const { bars } = inputs;
  progress(0, 'preprocessing: computing features');
  const names = trainingColumns(config);
  const computed = computeFeatures(inputs, config.features);
  const columns = names.map((name) => computed.get(name) as Float64Array);
  const labels = labelsOf(bars.close, config.target);
  const split = splitRows(bars, columns, labels, config.target.horizon, config.split);
  const setOf = (rows: Int32Array): Set => ({ columns: columns.map((c) => gather(c, rows)), labels: gather(labels, rows) });
  const train = setOf(split.train);
  const validation = setOf(split.validation);
  const test = setOf(split.test);
  const classes = classCount(config.target);
  if (config.target.kind === 'direction') checkClasses(train.labels, classNames(config.target));

  progress(0.1, `training: ${config.algorithm.kind} on ${split.train.length} rows × ${names.length} features`);
  const { model, iterations, validationLoss } = fit(train, validation, config, classes, progress);

  progress(0.9, 'evaluating: metrics');
  const metricsOf = (set: Set): ModelMetrics => {
    const outputs = predict(model, set.columns, set.labels.length);
    return config.target.kind === 'return' ? regressionMetrics(outputs, set.labels) : classificationMetrics(outputs, set.labels, classNames(config.target));
  };
  const metrics = { validation: metricsOf(validation), test: metricsOf(test) };

  progress(0.92, 'evaluating: importance');
  const random = new Random(config.seed, IMPORTANCE_STREAM);
  const sample = split.test.length > config.importance.maxRows ? random.sample(split.test.length, config.importance.maxRows) : null;
  const permutationSet = sample ? { columns: test.columns.map((c) => gather(c, sample)), labels: gather(test.labels, sample) } : test;
  const gain = gainImportance(model, names.length);
  const permutation = permutationImportance(model, permutationSet.columns, permutationSet.labels, config.importance.repeats, random, (f) =>
    progress(0.92 + (0.08 * f) / names.length, `evaluating: permutation importance of ${names[f]}`),
  );
  const importance = names.map((feature, f) => ({ feature, gain: gain[f], permutation: permutation[f] })).sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));

  const windowOf = (rows: Int32Array): WindowRows => ({
    rows: rows.length,
    from: rows.length > 0 ? bars.time[rows[0]] : null,
    to: rows.length > 0 ? bars.time[rows[rows.length - 1]] : null,
  });
  return {
    model: encodeModel({ trainerVersion: TRAINER_VERSION, config, columns: names, model }),
    metrics,
    importance,
    trainerVersion: TRAINER_VERSION,
    featureNames: names,
    rows: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    windows: { train: windowOf(split.train), validation: windowOf(split.validation), test: windowOf(split.test) },
    iterations,
    validationLoss,
  };
}

function checkClasses(labels: Float64Array, names: readonly string[]): void {
  const counts = new Array<number>(names.length).fill(0);
  for (let r = 0; r < labels.length; r++) counts[labels[r]]++;
  const missing = names.filter((_, c) => counts[c] === 0);
  if (missing.length > 0) {
    throw new BarwiseError('INVALID_CONFIG', `no training row is labelled ${missing.map((m) => `'${m}'`).join(' or ')}: a model cannot learn a class it never sees (change the horizon, the dead zone or the window)`);
  }
}

export interface Fitted {
  readonly model: Predictor;
  readonly iterations: number;
  readonly validationLoss: readonly number[];
}

export function fit(train: Set, validation: Set, config: ModelConfig, classes: number, progress: Progress): Fitted {
  const algorithm = config.algorithm;
  const random = new Random(config.seed, TRAINING_STREAM);
  const regression = config.target.kind === 'return';
  if (algorithm.kind === 'logit') {
    if (regression) return { model: fitRidge(train.columns, train.labels, algorithm), iterations: 1, validationLoss: [] };
    const fitted = fitLogit(train.columns, train.labels, classes, algorithm, validation, (step, loss) =>
      progress(0.1 + (0.8 * (step + 1)) / algorithm.maxIterations, `training: Newton step ${step + 1}, validation loss ${loss.toFixed(4)}`),
    );
    return { model: fitted.model, iterations: fitted.model.iterations, validationLoss: fitted.validationLoss };
  }
  const edges = train.columns.map((values) => binEdges(values, algorithm.maxBins));
  const binCounts = Int32Array.from(edges, (e) => e.length + 1);
  const trainBins = binColumns(train.columns, edges);
  if (algorithm.kind === 'gbdt') {
    const loss = regression ? squaredError : classes === 2 ? binaryLogLoss : softmaxLoss(classes);
    const sets = { train: trainBins, trainLabels: train.labels, validation: binColumns(validation.columns, edges), validationLabels: validation.labels, binCounts };
    const boosted = boost(sets, algorithm, loss, random, (round, validationLoss) =>
      progress(0.1 + (0.8 * (round + 1)) / algorithm.rounds, `training: round ${round + 1} of ${algorithm.rounds}, validation loss ${validationLoss.toFixed(4)}`),
    );
    const link = regression ? 'identity' : classes === 2 ? 'sigmoid' : 'softmax';
    const model = toEnsemble({ algorithm: 'gbdt', link, scores: loss.outputs, base: boosted.base, treeScale: 1, leafFactor: algorithm.learningRate, trees: boosted.trees, edges });
    return { model, iterations: boosted.rounds, validationLoss: boosted.validationLoss };
  }
  const scores = classes === 3 ? 3 : 1;
  const trees = growForest(trainBins, binCounts, train.labels, algorithm, scores, random, (t) =>
    progress(0.1 + (0.8 * (t + 1)) / algorithm.trees, `training: tree ${t + 1} of ${algorithm.trees}`),
  );
  const link = regression ? 'identity' : classes === 2 ? 'probability' : 'normalize';
  const model = toEnsemble({ algorithm: 'forest', link, scores, base: new Float64Array(scores), treeScale: 1 / algorithm.trees, leafFactor: 1, trees, edges });
  return { model, iterations: algorithm.trees, validationLoss: [] };
}
