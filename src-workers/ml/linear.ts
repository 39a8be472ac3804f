import type { LogitParams } from '../../src-shared/ml/config';
import { BarwiseError } from '../../src-shared/errors';
import { choleskySolve } from './cholesky';
import { predict, type LinearModel } from './model';

/**
 * L2-penalized logistic regression, multinomial for three classes, and ridge regression for the
 * return target (docs/ml.md#logistic-regression). Features are standardized with the training
 * rows' mean and population standard deviation (a constant feature keeps scale 1 and gets weight
 * 0). With scores s_k = b_k + w_k · z and P = softmax(s), the objective is
 *   Σ_rows −ln P(y) + (λ / 2) Σ_k |w_k|²
 * (scikit-learn's LogisticRegression with C = 1 / λ). Two classes have one score (s for up,
 * 0 for not up: the usual logistic regression); three have a score per class, with b_0 fixed at 0
 * (adding a constant to every b changes nothing) while all three w are penalized; with λ = 0, w_0
 * is fixed at 0 too (the same argument: nothing else would pin the w down). It is convex:
 * Newton's method with step halving finds its minimum; the step stops when the Newton decrement
 * per row, gᵀH⁻¹g / (2n), is below the tolerance.
 */

export interface LinearFit {
  readonly model: LinearModel;
  /** Validation loss after each Newton step (log loss; the mean squared error for ridge). */
  readonly validationLoss: readonly number[];
}

interface Standardized {
  readonly z: Float64Array[];
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

function standardize(columns: readonly Float64Array[]): Standardized {
  const p = columns.length;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  const z = columns.map((values, f) => {
    const n = values.length;
    let sum = 0;
    for (let r = 0; r < n; r++) sum += values[r];
    mean[f] = sum / n;
    let squares = 0;
    for (let r = 0; r < n; r++) squares += (values[r] - mean[f]) ** 2;
    const std = Math.sqrt(squares / n);
    scale[f] = std > 0 ? std : 1;
    return values.map((x) => (x - mean[f]) / scale[f]);
  });
  return { z, mean, scale };
}

/** Ridge regression: w = (ZᵀZ + λI)⁻¹ Zᵀ(y − ȳ), b = ȳ (Z is centered, so the intercept is the mean). */
export function fitRidge(columns: readonly Float64Array[], labels: Float64Array, params: LogitParams): LinearModel {
  const { z, mean, scale } = standardize(columns);
  const p = z.length;
  const n = labels.length;
  let yMean = 0;
  for (let r = 0; r < n; r++) yMean += labels[r];
  yMean /= n;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += z[i][r] * z[j][r];
      a[i * p + j] = a[j * p + i] = sum;
    }
    a[i * p + i] += params.l2;
    let sum = 0;
    for (let r = 0; r < n; r++) sum += z[i][r] * (labels[r] - yMean);
    b[i] = sum;
  }
  const weights = choleskySolve(a, b, p) ?? singular();
  return { kind: 'linear', link: 'identity', scores: 1, mean, scale, weights, intercepts: Float64Array.of(yMean), iterations: 1 };
}

function singular(): never {
  throw new BarwiseError('INVALID_CONFIG', 'the training features are collinear (or the classes are separable) and l2 is 0: set l2 above 0');
}

/**
 * The free parameters: for each score k with weights, p weights then (if it has one) its
 * intercept. Two classes: score 0 is class 'up' with weights and intercept. Three: each class has
 * weights; classes 1 and 2 have intercepts.
 */
interface Layout {
  readonly scores: number;
  readonly classes: number;
  readonly hasWeights: Uint8Array;
  /** The class whose probability score k drives (binary: class 1). */
  readonly scoreClass: Int32Array;
  readonly hasIntercept: Uint8Array;
  /** Offset of score k's parameters in θ. */
  readonly offset: Int32Array;
  readonly size: number;
}

function layout(classes: number, p: number, l2: number): Layout {
  const scores = classes === 2 ? 1 : classes;
  const scoreClass = Int32Array.from({ length: scores }, (_, k) => (classes === 2 ? 1 : k));
  const hasIntercept = Uint8Array.from({ length: scores }, (_, k) => (classes === 2 || k > 0 ? 1 : 0));
  const hasWeights = Uint8Array.from({ length: scores }, (_, k) => (classes === 2 || k > 0 || l2 > 0 ? 1 : 0));
  const offset = new Int32Array(scores);
  let size = 0;
  for (let k = 0; k < scores; k++) {
    offset[k] = size;
    size += p * hasWeights[k] + hasIntercept[k];
  }
  return { scores, classes, hasWeights, scoreClass, hasIntercept, offset, size };
}

/** Class probabilities of one standardized row under θ, into `prob` (length classes). */
function probabilities(theta: Float64Array, shape: Layout, z: readonly Float64Array[], r: number, prob: Float64Array): void {
  const p = z.length;
  // Class scores: binary has class 0 fixed at 0.
  const s = prob;
  s.fill(0);
  for (let k = 0; k < shape.scores; k++) {
    const o = shape.offset[k];
    const weights = shape.hasWeights[k] ? p : 0;
    let sum = shape.hasIntercept[k] ? theta[o + weights] : 0;
    for (let f = 0; f < weights; f++) sum += theta[o + f] * z[f][r];
    s[shape.scoreClass[k]] = sum;
  }
  let max = -Infinity;
  for (let c = 0; c < shape.classes; c++) max = Math.max(max, s[c]);
  let total = 0;
  for (let c = 0; c < shape.classes; c++) total += (prob[c] = Math.exp(s[c] - max));
  for (let c = 0; c < shape.classes; c++) prob[c] /= total;
}

function objective(theta: Float64Array, shape: Layout, z: readonly Float64Array[], labels: Float64Array, l2: number): number {
  const p = z.length;
  const prob = new Float64Array(shape.classes);
  let sum = 0;
  for (let r = 0; r < labels.length; r++) {
    probabilities(theta, shape, z, r, prob);
    sum -= Math.log(Math.max(prob[labels[r]], 1e-300));
  }
  for (let k = 0; k < shape.scores; k++) if (shape.hasWeights[k]) for (let f = 0; f < p; f++) sum += 0.5 * l2 * theta[shape.offset[k] + f] ** 2;
  return sum;
}

/** Gradient and Hessian of the objective at θ. */
function derivatives(theta: Float64Array, shape: Layout, z: readonly Float64Array[], labels: Float64Array, l2: number): { gradient: Float64Array; hessian: Float64Array } {
  const p = z.length;
  const d = shape.size;
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const prob = new Float64Array(shape.classes);
  const x = new Float64Array(p + 1);
  for (let r = 0; r < labels.length; r++) {
    probabilities(theta, shape, z, r, prob);
    for (let f = 0; f < p; f++) x[f] = z[f][r];
    x[p] = 1;
    for (let k = 0; k < shape.scores; k++) {
      const ck = shape.scoreClass[k];
      const residual = prob[ck] - (labels[r] === ck ? 1 : 0);
      const ok = shape.offset[k];
      // Score k's inputs: the features (when it has weights) then the constant 1 (when it has an intercept).
      const fk = shape.hasWeights[k] ? 0 : p;
      const nk = p * shape.hasWeights[k] + shape.hasIntercept[k];
      for (let i = 0; i < nk; i++) gradient[ok + i] += residual * x[fk + i];
      for (let l = 0; l <= k; l++) {
        const cl = shape.scoreClass[l];
        // ∂²(−ln P_y) / ∂s_k ∂s_l = P_k (δ_kl − P_l)
        const weight = prob[ck] * ((k === l ? 1 : 0) - prob[cl]);
        const ol = shape.offset[l];
        const fl = shape.hasWeights[l] ? 0 : p;
        const nl = p * shape.hasWeights[l] + shape.hasIntercept[l];
        for (let i = 0; i < nk; i++) {
          const wi = weight * x[fk + i];
          const row = (ok + i) * d + ol;
          for (let j = 0; j < nl; j++) hessian[row + j] += wi * x[fl + j];
        }
      }
    }
  }
  for (let k = 0; k < shape.scores; k++) {
    for (let f = 0; f < p * shape.hasWeights[k]; f++) {
      const i = shape.offset[k] + f;
      gradient[i] += l2 * theta[i];
      hessian[i * d + i] += l2;
    }
  }
  // Only the blocks l ≤ k were summed (a diagonal block in full): mirror the blocks below the diagonal.
  const block = new Int32Array(d);
  for (let k = 0; k < shape.scores; k++) block.fill(k, shape.offset[k]);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (block[i] > block[j]) hessian[j * d + i] = hessian[i * d + j];
  return { gradient, hessian };
}

/** The fitted logistic regression on `columns` (one per feature, training rows) with labels 0…classes − 1. */
export function fitLogit(
  columns: readonly Float64Array[],
  labels: Float64Array,
  classes: number,
  params: LogitParams,
  validation: { columns: readonly Float64Array[]; labels: Float64Array },
  onStep: (step: number, validationLoss: number) => void,
): LinearFit {
  const { z, mean, scale } = standardize(columns);
  const p = z.length;
  const n = labels.length;
  const shape = layout(classes, p, params.l2);
  let theta = new Float64Array(shape.size);
  let current = objective(theta, shape, z, labels, params.l2);
  const validationLoss: number[] = [];
  let iterations = 0;
  for (let step = 0; step < params.maxIterations; step++) {
    const { gradient, hessian } = derivatives(theta, shape, z, labels, params.l2);
    const direction = choleskySolve(hessian, gradient, shape.size) ?? singular();
    let decrement = 0;
    for (let i = 0; i < shape.size; i++) decrement += gradient[i] * direction[i];
    // Step halving: a full Newton step can overshoot far from the minimum.
    let t = 1;
    let next = theta;
    let value = current;
    for (let halvings = 0; halvings < 50; halvings++) {
      const candidate = theta.map((v, i) => v - t * direction[i]);
      const candidateValue = objective(candidate, shape, z, labels, params.l2);
      if (candidateValue <= current) {
        next = candidate;
        value = candidateValue;
        break;
      }
      t /= 2;
    }
    theta = next;
    current = value;
    iterations = step + 1;
    const model = toModel(theta, shape, mean, scale, iterations);
    const loss = validationLogLoss(model, validation.columns, validation.labels);
    validationLoss.push(loss);
    onStep(step, loss);
    if (decrement / (2 * n) < params.tolerance) break;
  }
  return { model: toModel(theta, shape, mean, scale, iterations), validationLoss };
}

function toModel(theta: Float64Array, shape: Layout, mean: Float64Array, scale: Float64Array, iterations: number): LinearModel {
  const p = mean.length;
  const weights = new Float64Array(shape.scores * p);
  const intercepts = new Float64Array(shape.scores);
  for (let k = 0; k < shape.scores; k++) {
    const own = p * shape.hasWeights[k];
    weights.set(theta.subarray(shape.offset[k], shape.offset[k] + own), k * p);
    intercepts[k] = shape.hasIntercept[k] ? theta[shape.offset[k] + own] : 0;
  }
  return { kind: 'linear', link: shape.classes === 2 ? 'sigmoid' : 'softmax', scores: shape.scores, mean, scale, weights, intercepts, iterations };
}

function validationLogLoss(model: LinearModel, columns: readonly Float64Array[], labels: Float64Array): number {
  const n = labels.length;
  const out = predict(model, columns, n);
  const width = out.length / Math.max(n, 1);
  let sum = 0;
  for (let r = 0; r < n; r++) sum -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, out[r * width + labels[r]])));
  return sum / n;
}
