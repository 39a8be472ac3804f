import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { modelConfigSchema } from '../../src-shared/ml/config';
import { meanLoss, permutationImportance } from './importance';
import { classificationMetrics } from './metrics';
import { predict } from './model';
import { Random } from './random';
import { fit, type Set } from './train';

/**
 * The gradient boosting against an independent implementation: XGBoost (ml-xgboost 1.1.2, XGBoost
 * compiled to WebAssembly; a dev dependency, used here only) with the same settings on the same
 * fixed data: tree_method 'hist', depth 3 (8 leaves), η 0.3, 40 rounds, λ 1, no sampling. They
 * grow trees differently (level-wise against best-first, XGBoost's quantile sketch against our
 * bins), so the check is of outcomes: close accuracy, the same predicted class on nearly every
 * row, and the same features on top by permutation importance.
 */

/** x0 matters most, x1 half as much, x2 a little (through its square), x3 and x4 not at all; 10% of labels flipped. */
function dataset(rows: number, seed: number): Set {
  const random = new Random(seed);
  const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: rows }, () => 2 * random.next() - 1));
  const labels = Float64Array.from({ length: rows }, (_, r) => {
    const label = columns[0][r] + 0.5 * columns[1][r] + 0.3 * (columns[2][r] ** 2 - 1 / 3) > 0 ? 1 : 0;
    return random.next() < 0.1 ? 1 - label : label;
  });
  return { columns, labels };
}

const rowsOf = (set: Set): number[][] => Array.from(set.labels, (_, r) => set.columns.map((c) => c[r]));

describe('gbdt against XGBoost', () => {
  it('agrees in accuracy, in the class it predicts, and on the top features', async () => {
    const train = dataset(3_000, 1);
    const validation = dataset(1_000, 2);
    const test = dataset(3_000, 3);
    const config = modelConfigSchema.parse({
      features: [{ kind: 'rsi' }],
      algorithm: { kind: 'gbdt', rounds: 40, learningRate: 0.3, maxDepth: 3, maxLeaves: 8, minSamplesLeaf: 1, l2: 1, maxBins: 256, earlyStopping: 0 },
    });
    const { model } = fit(train, validation, config, 2, () => undefined);
    const ours = predict(model, test.columns, test.labels.length);

    // A CommonJS module whose export is a promise of the class (its WebAssembly loading).
    const XGBoost = await (createRequire(import.meta.url)('ml-xgboost') as typeof import('ml-xgboost').default);
    const booster = new XGBoost({ booster: 'gbtree', objective: 'binary:logistic', tree_method: 'hist', max_bin: 256, max_depth: 3, eta: 0.3, lambda: 1, min_child_weight: 0, subsample: 1, colsample_bytree: 1, iterations: 40, silent: 1 });
    let theirs: Float64Array;
    let theirPermutation: Float64Array;
    try {
      booster.train(rowsOf(train), Array.from(train.labels));
      const asOutputs = (set: Set) => Float64Array.from(booster.predict(rowsOf(set)).flatMap((p) => [1 - p, p]));
      theirs = asOutputs(test);
      // Permutation importance of their model, computed by our function through their predictions.
      const baseline = meanLoss(theirs, test.labels);
      const random = new Random(9);
      theirPermutation = Float64Array.from(test.columns, (values, f) => {
        const shuffled = random.shuffle(values.slice());
        return meanLoss(asOutputs({ columns: test.columns.map((c, k) => (k === f ? shuffled : c)), labels: test.labels }), test.labels) - baseline;
      });
    } finally {
      booster.free();
    }

    const ourMetrics = classificationMetrics(ours, test.labels, ['not up', 'up']);
    const theirMetrics = classificationMetrics(theirs, test.labels, ['not up', 'up']);
    // The Bayes rate here is 0.9 (10% of labels flipped).
    expect(ourMetrics.accuracy).toBeGreaterThan(0.85);
    expect(Math.abs(ourMetrics.accuracy - theirMetrics.accuracy)).toBeLessThan(0.02);
    expect(Math.abs((ourMetrics.rocAuc ?? 0) - (theirMetrics.rocAuc ?? 0))).toBeLessThan(0.02);
    let same = 0;
    for (let r = 0; r < test.labels.length; r++) if (ours[2 * r + 1] > 0.5 === theirs[2 * r + 1] > 0.5) same++;
    expect(same / test.labels.length).toBeGreaterThan(0.95);

    const ourPermutation = permutationImportance(model, test.columns, test.labels, 1, new Random(9), () => undefined);
    const ranking = (importance: Float64Array) => Array.from(importance.keys()).sort((a, b) => importance[b] - importance[a]);
    expect(ranking(ourPermutation).slice(0, 3)).toEqual([0, 1, 2]);
    expect(ranking(theirPermutation).slice(0, 3)).toEqual([0, 1, 2]);
  });
});

/**
 * The random forest against XGBoost's random forest mode (one round of `num_parallel_tree` trees,
 * η 1, rows subsampled per tree, columns per level): the same fixed data. XGBoost's trees fit
 * Newton steps of the log loss from P = ½ and sample rows without replacement, ours fit class
 * shares on bootstraps, so again the check is of outcomes: close accuracy and the same predicted
 * class on nearly every row.
 */
describe('forest against XGBoost', () => {
  it('agrees in accuracy and in the class it predicts', async () => {
    const train = dataset(3_000, 1);
    const test = dataset(3_000, 3);
    const config = modelConfigSchema.parse({
      features: [{ kind: 'rsi' }],
      algorithm: { kind: 'forest', trees: 50, maxDepth: 8, maxLeaves: 256, minSamplesLeaf: 5, colSubsample: 0.4, maxBins: 256 },
    });
    const { model } = fit(train, dataset(500, 2), config, 2, () => undefined);
    const ours = predict(model, test.columns, test.labels.length);

    const XGBoost = await (createRequire(import.meta.url)('ml-xgboost') as typeof import('ml-xgboost').default);
    const booster = new XGBoost({
      booster: 'gbtree', objective: 'binary:logistic', tree_method: 'hist', max_bin: 256, num_parallel_tree: 50, max_depth: 8, eta: 1, lambda: 1,
      min_child_weight: 1, subsample: 0.632, colsample_bylevel: 0.4, iterations: 1, seed: 1, silent: 1,
    });
    let theirs: Float64Array;
    try {
      booster.train(rowsOf(train), Array.from(train.labels));
      theirs = Float64Array.from(booster.predict(rowsOf(test)).flatMap((p) => [1 - p, p]));
    } finally {
      booster.free();
    }
    const ourMetrics = classificationMetrics(ours, test.labels, ['not up', 'up']);
    const theirMetrics = classificationMetrics(theirs, test.labels, ['not up', 'up']);
    // Measured: accuracy 0.872 against 0.873, AUC 0.898 both, the same class on 98.6% of rows.
    // (One XGBoost tree instead of 50 gives 0.851, AUC 0.881, 94.5%: these bounds tell them apart.)
    expect(ourMetrics.accuracy).toBeGreaterThan(0.85);
    expect(Math.abs(ourMetrics.accuracy - theirMetrics.accuracy)).toBeLessThan(0.015);
    expect(Math.abs((ourMetrics.rocAuc ?? 0) - (theirMetrics.rocAuc ?? 0))).toBeLessThan(0.01);
    let same = 0;
    for (let r = 0; r < test.labels.length; r++) if (ours[2 * r + 1] > 0.5 === theirs[2 * r + 1] > 0.5) same++;
    expect(same / test.labels.length).toBeGreaterThan(0.96);
  });
});
