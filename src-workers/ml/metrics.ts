import type { CalibrationBin, ClassificationMetrics, ClassScores, RegressionMetrics } from '../../src-shared/ml/results';

/**
 * Metrics of predictions against labels (docs/ml.md#metrics). `probabilities` is row-major, one
 * row per label, one column per class; the predicted class is the most probable (the lowest
 * class on a tie).
 */

const EPSILON = 1e-15;
const CALIBRATION_BINS = 10;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function classificationMetrics(probabilities: Float64Array, labels: Float64Array, classNames: readonly string[]): ClassificationMetrics {
  const n = labels.length;
  const k = classNames.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  let logLoss = 0;
  for (let r = 0; r < n; r++) {
    let predicted = 0;
    for (let c = 1; c < k; c++) if (probabilities[r * k + c] > probabilities[r * k + predicted]) predicted = c;
    const actual = labels[r];
    confusion[actual][predicted]++;
    if (predicted === actual) correct++;
    logLoss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[r * k + actual])));
  }
  const perClass: ClassScores[] = classNames.map((_, c) => {
    let predictedAs = 0;
    let actually = 0;
    for (let a = 0; a < k; a++) predictedAs += confusion[a][c];
    for (let p = 0; p < k; p++) actually += confusion[c][p];
    const precision = ratio(confusion[c][c], predictedAs);
    const recall = ratio(confusion[c][c], actually);
    const f1 = precision === null || recall === null ? null : precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1 };
  });
  const aucs = classNames.map((_, c) => rocAuc(column(probabilities, k, c), labels.map((y) => (y === c ? 1 : 0))));
  const headline = k === 2 ? perClass[1] : macro(perClass);
  const up = k - 1;
  return {
    kind: 'classification',
    rows: n,
    classes: classNames,
    accuracy: n > 0 ? correct / n : 0,
    precision: headline.precision,
    recall: headline.recall,
    f1: headline.f1,
    perClass,
    rocAuc: k === 2 ? aucs[1] : aucs.some((a) => a === null) ? null : (aucs as number[]).reduce((a, b) => a + b, 0) / k,
    logLoss: n > 0 ? logLoss / n : 0,
    confusion,
    calibration: calibration(column(probabilities, k, up), labels.map((y) => (y === up ? 1 : 0))),
  };
}

function column(values: Float64Array, width: number, c: number): Float64Array {
  const out = new Float64Array(values.length / width);
  for (let r = 0; r < out.length; r++) out[r] = values[r * width + c];
  return out;
}

/** The unweighted mean of each score over the classes where it is defined (null if it is nowhere). */
function macro(scores: readonly ClassScores[]): ClassScores {
  const mean = (pick: (s: ClassScores) => number | null) => {
    const defined = scores.map(pick).filter((v): v is number => v !== null);
    return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  };
  return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) };
}

/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random positive scores above a
 * random negative, ties counting half (average ranks). Null without both positives and negatives.
 */
export function rocAuc(scores: Float64Array, positive: Float64Array): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (positive[order[t]] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Ten equal-width bins of the predicted probability: the mean prediction and the observed share of positives in each. */
export function calibration(predicted: Float64Array, positive: Float64Array): CalibrationBin[] {
  const rows = new Array<number>(CALIBRATION_BINS).fill(0);
  const sums = new Array<number>(CALIBRATION_BINS).fill(0);
  const hits = new Array<number>(CALIBRATION_BINS).fill(0);
  for (let r = 0; r < predicted.length; r++) {
    const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(predicted[r] * CALIBRATION_BINS));
    rows[bin]++;
    sums[bin] += predicted[r];
    hits[bin] += positive[r];
  }
  return rows.map((count, b) => ({
    lower: b / CALIBRATION_BINS,
    upper: (b + 1) / CALIBRATION_BINS,
    rows: count,
    meanPredicted: ratio(sums[b], count),
    observed: ratio(hits[b], count),
  }));
}

/** R², MAE, RMSE and directional accuracy of predicted against actual forward returns. */
export function regressionMetrics(predicted: Float64Array, actual: Float64Array): RegressionMetrics {
  const n = actual.length;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += actual[r];
  mean /= n;
  let residual = 0;
  let total = 0;
  let absolute = 0;
  let sameSign = 0;
  for (let r = 0; r < n; r++) {
    const error = actual[r] - predicted[r];
    residual += error * error;
    total += (actual[r] - mean) ** 2;
    absolute += Math.abs(error);
    if (Math.sign(predicted[r]) === Math.sign(actual[r])) sameSign++;
  }
  return {
    kind: 'regression',
    rows: n,
    r2: total > 0 ? 1 - residual / total : null,
    mae: absolute / n,
    rmse: Math.sqrt(residual / n),
    directionalAccuracy: sameSign / n,
  };
}
