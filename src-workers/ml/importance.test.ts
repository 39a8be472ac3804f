import { describe, expect, it } from 'vitest';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { gainImportance, meanLoss, permutationImportance } from './importance';
import { fitLogit } from './linear';
import { calibration } from './metrics';
import { predict, sigmoid } from './model';
import { Random } from './random';
import { fit, type Set } from './train';

const quiet = () => undefined;
const configOf = (algorithm: ModelConfigInput['algorithm']) => modelConfigSchema.parse({ features: [{ kind: 'rsi' }], algorithm });

/** Four features uniform on [−1, 1]; up when x0 > 0, with 5% of the labels flipped. Only x0 carries information. */
function oneInformative(rows: number, seed: number): Set {
  const random = new Random(seed);
  const columns = Array.from({ length: 4 }, () => Float64Array.from({ length: rows }, () => 2 * random.next() - 1));
  const labels = Float64Array.from({ length: rows }, (_, r) => ((columns[0][r] > 0) !== random.next() < 0.05 ? 1 : 0));
  return { columns, labels };
}

describe('feature importance', () => {
  const train = oneInformative(3_000, 1);
  const validation = oneInformative(1_000, 2);
  const test = oneInformative(2_000, 3);

  it('gbdt: the informative feature has the gain and the permutation importance; a feature the trees never split on has exactly 0 of both', () => {
    // Stumps: each of the 10 trees splits once, and x0 is always the best split.
    const { model } = fit(train, validation, configOf({ kind: 'gbdt', rounds: 10, maxDepth: 1, earlyStopping: 0 }), 2, quiet);
    const gain = gainImportance(model, 4);
    expect(Array.from(gain)).toEqual([1, 0, 0, 0]);
    const permutation = permutationImportance(model, test.columns, test.labels, 3, new Random(9), quiet);
    // Shuffling x0 takes the model from ~0.2 log loss to a coin's or worse.
    expect(permutation[0]).toBeGreaterThan(0.3);
    expect(Array.from(permutation.subarray(1))).toEqual([0, 0, 0]);
  });

  it('forest and deeper trees: the gain shares sum to 1 and rank the informative feature first', () => {
    for (const algorithm of [{ kind: 'gbdt', rounds: 30, earlyStopping: 0 }, { kind: 'forest', trees: 20 }] as const) {
      const { model } = fit(train, validation, configOf(algorithm), 2, quiet);
      const gain = gainImportance(model, 4);
      expect(gain.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(gain[0]).toBeGreaterThan(Math.max(gain[1], gain[2], gain[3]));
      const permutation = permutationImportance(model, test.columns, test.labels, 2, new Random(9), quiet);
      expect(permutation[0]).toBeGreaterThan(10 * Math.max(...permutation.subarray(1).map(Math.abs)));
    }
  });

  it('logit: the gain is |w| of the standardized features as shares', () => {
    const { model } = fitLogit(train.columns, train.labels, 2, { kind: 'logit', l2: 1, maxIterations: 100, tolerance: 1e-10 }, validation, quiet);
    const total = model.weights.reduce((a, w) => a + Math.abs(w), 0);
    expect(Array.from(gainImportance(model, 4))).toEqual(Array.from(model.weights, (w) => Math.abs(w) / total));
  });

  it('permutation importance is the mean rise in log loss over the shuffles, and the same for the same seed', () => {
    const { model } = fit(train, validation, configOf({ kind: 'gbdt', rounds: 20, earlyStopping: 0 }), 2, quiet);
    const repeats = 3;
    const figures = permutationImportance(model, test.columns, test.labels, repeats, new Random(5), quiet);
    expect(permutationImportance(model, test.columns, test.labels, repeats, new Random(5), quiet)).toEqual(figures);
    // Again by the formula: the shuffles draw from one stream, feature by feature, each shuffling the previous order.
    const logLoss = (columns: Float64Array[]) => {
      const p = predict(model, columns, test.labels.length);
      let sum = 0;
      test.labels.forEach((y, r) => (sum -= Math.log(p[2 * r + y])));
      return sum / test.labels.length;
    };
    const baseline = logLoss(test.columns);
    expect(meanLoss(predict(model, test.columns, test.labels.length), test.labels)).toBeCloseTo(baseline, 14);
    const random = new Random(5);
    test.columns.forEach((values, f) => {
      const shuffled = values.slice();
      let rise = 0;
      for (let i = 0; i < repeats; i++) rise += logLoss(test.columns.map((c, k) => (k === f ? random.shuffle(shuffled) : c))) - baseline;
      expect(figures[f]).toBeCloseTo(rise / repeats, 12);
    });
  });
});

describe('calibration curve', () => {
  /** P(up | x) = σ(2x), x uniform on [−2, 2]: labels drawn from known probabilities. */
  function logistic(rows: number, seed: number): Set {
    const random = new Random(seed);
    const x = Float64Array.from({ length: rows }, () => 4 * random.next() - 2);
    return { columns: [x], labels: x.map((v) => (random.next() < sigmoid(2 * v) ? 1 : 0)) };
  }

  it('of a well-specified logit lies on the diagonal; of an over-confident one it does not', () => {
    const train = logistic(20_000, 1);
    const test = logistic(20_000, 2);
    const { model } = fitLogit(train.columns, train.labels, 2, { kind: 'logit', l2: 0, maxIterations: 100, tolerance: 1e-12 }, test, quiet);
    const pUp = predict(model, test.columns, 20_000).filter((_, i) => i % 2 === 1);
    const curve = calibration(pUp, test.labels);
    expect(curve.reduce((n, bin) => n + bin.rows, 0)).toBe(20_000);
    for (const bin of curve) {
      // Every bin is populated (σ(±4) ≈ 0.018, 0.982), its mean prediction inside it, and its share of ups close to it.
      expect(bin.rows).toBeGreaterThan(500);
      expect(bin.meanPredicted).toBeGreaterThanOrEqual(bin.lower);
      expect(bin.meanPredicted).toBeLessThan(bin.upper);
      expect(Math.abs((bin.observed as number) - (bin.meanPredicted as number))).toBeLessThan(0.04);
    }
    // Pushing the same probabilities towards 0 and 1 (σ(3x) for σ(2x)) empties the middle bins and misses in the outer ones.
    const sharp = calibration(pUp.map((p) => sigmoid(1.5 * Math.log(p / (1 - p)))), test.labels);
    expect(sharp[0].rows).toBeGreaterThan(curve[0].rows);
    expect((sharp[0].observed as number) - (sharp[0].meanPredicted as number)).toBeGreaterThan(0.02);
    expect((sharp[9].meanPredicted as number) - (sharp[9].observed as number)).toBeGreaterThan(0.02);
  });
});
