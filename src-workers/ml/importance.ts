import { predict, type Predictor } from './model';
import type { Random } from './random';

/**
 * Feature importance, two kinds (docs/ml.md#importance):
 * - gain: for trees, the sum of the gains of the splits on each feature over all trees; for the
 *   linear model, Σ_k |w_kf| on the standardized features. Both as shares of their total.
 * - permutation: on (a seeded sample of) the test rows, how much the loss rises when one
 *   feature's values are shuffled among the rows, breaking its link to the label; the mean over
 *   `repeats` shuffles. Near 0 or below: the model does not need the feature.
 */
export function gainImportance(model: Predictor, features: number): Float64Array {
  const totals = new Float64Array(features);
  if (model.kind === 'trees') {
    for (let node = 0; node < model.feature.length; node++) if (model.feature[node] >= 0) totals[model.feature[node]] += model.gain[node];
  } else {
    for (let k = 0; k < model.scores; k++) for (let f = 0; f < features; f++) totals[f] += Math.abs(model.weights[k * features + f]);
  }
  let sum = 0;
  for (let f = 0; f < features; f++) sum += totals[f];
  return sum > 0 ? totals.map((v) => v / sum) : totals;
}

/** The mean loss of predictions: log loss of the true class, or the squared error for one output. */
export function meanLoss(outputs: Float64Array, labels: Float64Array): number {
  const n = labels.length;
  const width = outputs.length / n;
  let sum = 0;
  for (let r = 0; r < n; r++) {
    if (width === 1) sum += (outputs[r] - labels[r]) ** 2;
    else sum -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, outputs[r * width + labels[r]])));
  }
  return sum / n;
}

export function permutationImportance(
  model: Predictor,
  columns: readonly Float64Array[],
  labels: Float64Array,
  repeats: number,
  random: Random,
  onFeature: (feature: number) => void,
): Float64Array {
  const n = labels.length;
  const baseline = meanLoss(predict(model, columns, n), labels);
  return Float64Array.from(columns, (values, f) => {
    onFeature(f);
    const shuffled = values.slice();
    const permuted = columns.map((c, k) => (k === f ? shuffled : c));
    let rise = 0;
    for (let repeat = 0; repeat < repeats; repeat++) {
      random.shuffle(shuffled);
      rise += meanLoss(predict(model, permuted, n), labels) - baseline;
    }
    return rise / repeats;
  });
}
