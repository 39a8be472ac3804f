import { describe, expect, it } from 'vitest';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { decodeModel, encodeModel } from './blob';
import { fitLogit, fitRidge } from './linear';
import { classificationMetrics, regressionMetrics } from './metrics';
import { predict, sigmoid } from './model';
import { Random } from './random';
import { fit, type Set } from './train';

/** A config whose features are never computed here: `fit` gets the columns directly. */
const configOf = (algorithm: ModelConfigInput['algorithm'], target: ModelConfigInput['target'] = { kind: 'direction' }, seed = 1) =>
  modelConfigSchema.parse({ features: [{ kind: 'rsi' }], algorithm, target, seed });

/**
 * Separable synthetic data: five features uniform on [−1, 1]; the label depends on x0 and x1
 * only (with `noise` flipping labels at random). Classes 2: x0 + x1 > 0; 3: x0 + x1 below −0.4,
 * between, above 0.4; return: 0.01 × (x0 + 0.5 x1).
 */
function synthetic(rows: number, seed: number, kind: 'binary' | 'three' | 'return', noise = 0): Set {
  const random = new Random(seed);
  const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: rows }, () => 2 * random.next() - 1));
  const labels = Float64Array.from({ length: rows }, (_, r) => {
    const s = columns[0][r] + columns[1][r];
    if (kind === 'return') return 0.01 * (columns[0][r] + 0.5 * columns[1][r]) + noise * (random.next() - 0.5);
    const label = kind === 'binary' ? (s > 0 ? 1 : 0) : s < -0.4 ? 0 : s > 0.4 ? 2 : 1;
    return random.next() < noise ? (label + 1) % (kind === 'binary' ? 2 : 3) : label;
  });
  return { columns, labels };
}

const quiet = () => undefined;

describe('gradient boosting, worked by hand', () => {
  /*
   * Rows x = 1, 2, 3, 4 with labels 0, 0, 1, 1; λ = 0, learning rate 0.5, one round, 2 leaves.
   * The baseline is ln(ȳ / (1 − ȳ)) = ln 1 = 0, so p = σ(0) = ½ everywhere, g = p − y =
   * (½, ½, −½, −½), h = p(1 − p) = ¼. The split x ≤ 2 has gain ½ (1²/0.5 + 1²/0.5 − 0) = 2; its
   * leaves are −G/H = −1/0.5 = −2 and +2, times the learning rate: −1 and +1. So P(up) is
   * σ(−1) = 0.268941… for x ≤ 2 and σ(1) = 0.731058… above.
   */
  it('gives the baseline, gradients, split and shrunk leaf values of the formulas', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    const train = { columns: [x], labels: Float64Array.of(0, 0, 1, 1) };
    const config = configOf({ kind: 'gbdt', rounds: 1, learningRate: 0.5, maxLeaves: 2, minSamplesLeaf: 1, earlyStopping: 0 });
    const { model } = fit(train, train, config, 2, quiet);
    expect(model.kind).toBe('trees');
    if (model.kind !== 'trees') return;
    expect(Array.from(model.base)).toEqual([0]);
    expect(model.gain[0]).toBe(2);
    expect(model.threshold[0]).toBe(2.5);
    const p = predict(model, [x], 4);
    expect(Array.from(p.filter((_, i) => i % 2 === 1))).toEqual([sigmoid(-1), sigmoid(-1), sigmoid(1), sigmoid(1)]);
    expect(p[1]).toBeCloseTo(0.2689414213699951, 15);
  });
});

describe('the trainers reach known accuracy on separable data', () => {
  const cases: [string, ModelConfigInput['algorithm'], number][] = [
    ['gbdt', { kind: 'gbdt', rounds: 200, learningRate: 0.2 }, 0.97],
    ['forest', { kind: 'forest', trees: 50 }, 0.95],
    ['logit', { kind: 'logit', l2: 0.01 }, 0.99],
  ];
  for (const [name, algorithm, accuracy] of cases) {
    it(`${name}: two classes ≥ ${accuracy}, three classes and the return too`, () => {
      const train = synthetic(4_000, 1, 'binary');
      const test = synthetic(2_000, 2, 'binary');
      const { model } = fit(train, synthetic(1_000, 3, 'binary'), configOf(algorithm), 2, quiet);
      const binary = classificationMetrics(predict(model, test.columns, 2_000), test.labels, ['not up', 'up']);
      expect(binary.accuracy).toBeGreaterThanOrEqual(accuracy);
      expect(binary.rocAuc).toBeGreaterThanOrEqual(0.99);

      const three = fit(synthetic(4_000, 4, 'three'), synthetic(1_000, 5, 'three'), configOf(algorithm, { kind: 'direction', classes: 3, deadZone: 0.01 }), 3, quiet);
      const threeTest = synthetic(2_000, 6, 'three');
      const metrics3 = classificationMetrics(predict(three.model, threeTest.columns, 2_000), threeTest.labels, ['down', 'flat', 'up']);
      // Three classes on a linear score: the logit's straight boundaries fit them; trees approximate the diagonals.
      expect(metrics3.accuracy).toBeGreaterThanOrEqual(accuracy - 0.05);

      const regression = fit(synthetic(4_000, 7, 'return'), synthetic(1_000, 8, 'return'), configOf(algorithm, { kind: 'return' }), 1, quiet);
      const returnTest = synthetic(2_000, 9, 'return');
      const r = regressionMetrics(predict(regression.model, returnTest.columns, 2_000), returnTest.labels);
      expect(r.r2).toBeGreaterThanOrEqual(name === 'logit' ? 0.999 : 0.95);
    });
  }

  it('gbdt stops early on validation and keeps the best round', () => {
    // Labels with 30% noise: the validation loss turns up after a while.
    const config = configOf({ kind: 'gbdt', rounds: 500, learningRate: 0.3, earlyStopping: 5, maxLeaves: 63, minSamplesLeaf: 2 });
    const fitted = fit(synthetic(2_000, 1, 'binary', 0.3), synthetic(1_000, 2, 'binary', 0.3), config, 2, quiet);
    const losses = fitted.validationLoss;
    expect(losses.length).toBeLessThan(500);
    expect(losses.length).toBe(fitted.iterations + 5);
    expect(Math.min(...losses)).toBe(losses[fitted.iterations - 1]);
  });
});

describe('logistic regression against closed forms', () => {
  /*
   * One binary feature and no penalty: the maximum-likelihood model reproduces the share of ups
   * within each value of the feature exactly. x = 0: 3 ups in 10; x = 1: 8 ups in 10. So
   * P(up | 0) = 0.3 and P(up | 1) = 0.8, whatever the standardization.
   */
  it('two classes, λ = 0: P(up | x) is the share of ups at x', () => {
    const x = Float64Array.from({ length: 20 }, (_, r) => (r < 10 ? 0 : 1));
    const y = Float64Array.from({ length: 20 }, (_, r) => (r < 3 || (r >= 10 && r < 18) ? 1 : 0));
    const { model } = fitLogit([x], y, 2, { kind: 'logit', l2: 0, maxIterations: 100, tolerance: 1e-14 }, { columns: [x], labels: y }, quiet);
    const p = predict(model, [Float64Array.of(0, 1)], 2);
    expect(p[1]).toBeCloseTo(0.3, 12);
    expect(p[3]).toBeCloseTo(0.8, 12);
  });

  it('three classes, λ = 0: the class shares at each x', () => {
    // x = 0: classes 0, 1, 2 seen 2, 3, 5 times; x = 1: 6, 1, 3 times.
    const shares = [[2, 3, 5], [6, 1, 3]];
    const xs: number[] = [];
    const ys: number[] = [];
    shares.forEach((counts, x) => counts.forEach((count, c) => { for (let i = 0; i < count; i++) { xs.push(x); ys.push(c); } }));
    const x = Float64Array.from(xs);
    const y = Float64Array.from(ys);
    const { model } = fitLogit([x], y, 3, { kind: 'logit', l2: 0, maxIterations: 100, tolerance: 1e-14 }, { columns: [x], labels: y }, quiet);
    const p = predict(model, [Float64Array.of(0, 1)], 2);
    [0.2, 0.3, 0.5, 0.6, 0.1, 0.3].forEach((share, i) => expect(p[i]).toBeCloseTo(share, 10));
  });

  it('with λ > 0 the fit is the objective’s stationary point: Σ(p − y) z + λ w = 0 and Σ(p − y) = 0', () => {
    const data = synthetic(500, 11, 'binary', 0.2);
    const l2 = 3;
    const { model } = fitLogit(data.columns, data.labels, 2, { kind: 'logit', l2, maxIterations: 100, tolerance: 1e-14 }, data, quiet);
    const p = predict(model, data.columns, 500);
    const residual = Float64Array.from({ length: 500 }, (_, r) => p[2 * r + 1] - data.labels[r]);
    expect(Math.abs(residual.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    data.columns.forEach((values, f) => {
      let sum = 0;
      for (let r = 0; r < 500; r++) sum += residual[r] * ((values[r] - model.mean[f]) / model.scale[f]);
      expect(Math.abs(sum + l2 * model.weights[f])).toBeLessThan(1e-9);
    });
  });

  it('ridge with λ = 0 recovers an exact linear relation', () => {
    const data = synthetic(200, 12, 'binary');
    const y = Float64Array.from({ length: 200 }, (_, r) => 2 + 3 * data.columns[0][r] - 0.5 * data.columns[3][r]);
    const model = fitRidge(data.columns, y, { kind: 'logit', l2: 0, maxIterations: 1, tolerance: 1e-8 });
    const out = predict(model, data.columns, 200);
    for (let r = 0; r < 200; r++) expect(out[r]).toBeCloseTo(y[r], 10);
  });
});

describe('determinism and the blob', () => {
  const sampled = configOf({ kind: 'gbdt', rounds: 20, rowSubsample: 0.5, colSubsample: 0.6, earlyStopping: 0 }, { kind: 'direction' }, 7);
  const train = synthetic(1_500, 1, 'binary', 0.1);
  const validation = synthetic(500, 2, 'binary', 0.1);
  const bytes = (config: typeof sampled) => encodeModel({ trainerVersion: 't', config, columns: ['a', 'b', 'c', 'd', 'e'], model: fit(train, validation, config, 2, quiet).model });

  it('the same seed gives the same model byte for byte; another seed another model', () => {
    expect(bytes(sampled)).toEqual(bytes(sampled));
    expect(bytes({ ...sampled, seed: 8 })).not.toEqual(bytes(sampled));
    const forest = configOf({ kind: 'forest', trees: 10 }, { kind: 'direction' }, 3);
    expect(bytes(forest)).toEqual(bytes(forest));
    expect(bytes({ ...forest, seed: 4 })).not.toEqual(bytes(forest));
  });

  it('a decoded blob predicts bit for bit what the trained model did, for every algorithm and target', () => {
    const targets: [ModelConfigInput['target'], 'binary' | 'three' | 'return', number][] = [
      [{ kind: 'direction' }, 'binary', 2],
      [{ kind: 'direction', classes: 3, deadZone: 0.01 }, 'three', 3],
      [{ kind: 'return' }, 'return', 1],
    ];
    for (const algorithm of [{ kind: 'gbdt', rounds: 10 }, { kind: 'forest', trees: 5 }, { kind: 'logit' }] as const) {
      for (const [target, kind, classes] of targets) {
        const config = configOf(algorithm, target);
        const data = synthetic(600, 3, kind, 0.1);
        const { model } = fit(data, synthetic(200, 4, kind, 0.1), config, classes, quiet);
        const decoded = decodeModel(encodeModel({ trainerVersion: '1.0.0', config, columns: ['a', 'b', 'c', 'd', 'e'], model }));
        expect(decoded.config).toEqual(config);
        const fresh = synthetic(300, 5, kind);
        const before = predict(model, fresh.columns, 300);
        const after = predict(decoded.model, fresh.columns, 300);
        expect(after.every((v, i) => Object.is(v, before[i]))).toBe(true);
      }
    }
  });

  it('refuses what is not a blob, and a blob of a newer format', () => {
    expect(() => decodeModel(new Uint8Array(20))).toThrow('not a model blob this trainer reads: it does not start with BWML');
    const blob = bytes(sampled);
    new DataView(blob.buffer).setUint32(4, 99, true);
    expect(() => decodeModel(blob)).toThrowError(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('its format 99 is newer') }));
  });
});
