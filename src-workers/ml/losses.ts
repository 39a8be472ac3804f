import { sigmoid } from './model';

/**
 * The losses gradient boosting minimizes, with their gradients and hessians with respect to the
 * raw score F (scikit-learn's HalfBinomialLoss, HalfMultinomialLoss, HalfSquaredError):
 * - binary log loss: p = σ(F), g = p − y, h = p(1 − p); starts at F = ln(ȳ / (1 − ȳ));
 * - softmax (K classes): p = softmax(F), g_k = p_k − [y = k], h_k = p_k(1 − p_k); starts at F_k = ln(share of class k);
 * - squared error: g = F − y, h = 1; starts at F = ȳ.
 * Raw scores are row-major: F[r × outputs + k].
 */
export interface Loss {
  readonly outputs: number;
  baseline(labels: Float64Array): Float64Array;
  /** Writes g[k][r], h[k][r] for every row. */
  gradients(raw: Float64Array, labels: Float64Array, g: Float64Array[], h: Float64Array[]): void;
  /** Mean loss over the rows: log loss for the classifiers, the mean squared error for regression. */
  mean(raw: Float64Array, labels: Float64Array): number;
}

const EPSILON = 1e-15;
const clip = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p));

export const binaryLogLoss: Loss = {
  outputs: 1,
  baseline(labels) {
    let ones = 0;
    for (let r = 0; r < labels.length; r++) ones += labels[r];
    const p = clip(ones / labels.length);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, labels, g, h) {
    for (let r = 0; r < labels.length; r++) {
      const p = sigmoid(raw[r]);
      g[0][r] = p - labels[r];
      h[0][r] = p * (1 - p);
    }
  },
  mean(raw, labels) {
    let sum = 0;
    for (let r = 0; r < labels.length; r++) {
      const p = clip(sigmoid(raw[r]));
      sum -= labels[r] === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / labels.length;
  },
};

export function softmaxLoss(classes: number): Loss {
  const probabilities = (raw: Float64Array, r: number, out: Float64Array) => {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, raw[r * classes + k]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += (out[k] = Math.exp(raw[r * classes + k] - max));
    for (let k = 0; k < classes; k++) out[k] /= sum;
  };
  return {
    outputs: classes,
    baseline(labels) {
      const counts = new Float64Array(classes);
      for (let r = 0; r < labels.length; r++) counts[labels[r]]++;
      return counts.map((c) => Math.log(clip(c / labels.length)));
    },
    gradients(raw, labels, g, h) {
      const p = new Float64Array(classes);
      for (let r = 0; r < labels.length; r++) {
        probabilities(raw, r, p);
        for (let k = 0; k < classes; k++) {
          g[k][r] = p[k] - (labels[r] === k ? 1 : 0);
          h[k][r] = p[k] * (1 - p[k]);
        }
      }
    },
    mean(raw, labels) {
      const p = new Float64Array(classes);
      let sum = 0;
      for (let r = 0; r < labels.length; r++) {
        probabilities(raw, r, p);
        sum -= Math.log(clip(p[labels[r]]));
      }
      return sum / labels.length;
    },
  };
}

export const squaredError: Loss = {
  outputs: 1,
  baseline(labels) {
    let sum = 0;
    for (let r = 0; r < labels.length; r++) sum += labels[r];
    return Float64Array.of(sum / labels.length);
  },
  gradients(raw, labels, g, h) {
    for (let r = 0; r < labels.length; r++) {
      g[0][r] = raw[r] - labels[r];
      h[0][r] = 1;
    }
  },
  mean(raw, labels) {
    let sum = 0;
    for (let r = 0; r < labels.length; r++) sum += (raw[r] - labels[r]) ** 2;
    return sum / labels.length;
  },
};
