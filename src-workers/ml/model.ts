/**
 * A trained model as `ml.predict` and the blob hold it (blob.ts): typed arrays and a few scalars,
 * no training state. Both kinds compute raw scores per row, which a link turns into outputs:
 * - 'sigmoid': one score → P(up) = 1 / (1 + e^−s); outputs [1 − P, P];
 * - 'softmax': one score per class → e^{s_k} / Σ e^{s_j};
 * - 'probability': one score that is already P(up) (a forest's mean of leaf shares), clipped to [0, 1];
 * - 'normalize': one score per class that is already a share (a forest's), divided by their sum;
 * - 'identity': the score is the predicted forward return.
 */
export type Link = 'sigmoid' | 'softmax' | 'probability' | 'normalize' | 'identity';

/** Trees over raw feature values: a row goes left at a node when x[feature] ≤ threshold. */
export interface TreeEnsemble {
  readonly kind: 'trees';
  readonly algorithm: 'gbdt' | 'forest';
  readonly link: Link;
  /** Score columns (1, or the class count for softmax / normalize). */
  readonly scores: number;
  /** The starting score of each column (gbdt's baseline; 0 for the forest). */
  readonly base: Float64Array;
  /** Each tree's leaf values are multiplied by this (the forest's 1 / trees per column; 1 for gbdt, whose values carry the learning rate). */
  readonly treeScale: number;
  /** Tree t's nodes are [treeStart[t], treeStart[t + 1]); its children are indices within it. */
  readonly treeStart: Int32Array;
  /** The score column tree t adds to. */
  readonly treeScore: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** The split's gain at each node (0 at a leaf): the gain importance. */
  readonly gain: Float64Array;
}

/** A linear model on standardized features, z = (x − mean) / scale: score_k = intercept_k + Σ_f weight[k × features + f] × z_f. */
export interface LinearModel {
  readonly kind: 'linear';
  readonly link: Link;
  readonly scores: number;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly weights: Float64Array;
  readonly intercepts: Float64Array;
  /** Newton steps taken. */
  readonly iterations: number;
}

export type Predictor = TreeEnsemble | LinearModel;

/** Outputs per row: the class count (2 or 3) for a classifier, 1 for the return target. */
export function outputWidth(model: Predictor): number {
  switch (model.link) {
    case 'sigmoid':
    case 'probability':
      return 2;
    case 'softmax':
    case 'normalize':
      return model.scores;
    case 'identity':
      return 1;
  }
}

/**
 * The model's outputs for rows 0…n − 1 of `columns` (one Float64Array per feature, in the
 * model's order): row r's outputs at out[r × width … r × width + width − 1]. A row with a NaN
 * feature gets NaN outputs.
 */
export function predict(model: Predictor, columns: readonly Float64Array[], n: number): Float64Array {
  const width = outputWidth(model);
  const out = new Float64Array(n * width);
  const score = new Float64Array(model.scores);
  for (let r = 0; r < n; r++) {
    let defined = true;
    for (let f = 0; f < columns.length; f++) {
      if (Number.isNaN(columns[f][r])) {
        defined = false;
        break;
      }
    }
    if (!defined) {
      out.fill(NaN, r * width, r * width + width);
      continue;
    }
    if (model.kind === 'trees') treeScores(model, columns, r, score);
    else linearScores(model, columns, r, score);
    applyLink(model.link, score, out, r * width);
  }
  return out;
}

function treeScores(model: TreeEnsemble, columns: readonly Float64Array[], r: number, score: Float64Array): void {
  const { treeStart, treeScore, feature, threshold, left, right, value } = model;
  score.set(model.base);
  const trees = treeScore.length;
  for (let t = 0; t < trees; t++) {
    const offset = treeStart[t];
    let node = 0;
    while (feature[offset + node] >= 0) {
      node = columns[feature[offset + node]][r] <= threshold[offset + node] ? left[offset + node] : right[offset + node];
    }
    score[treeScore[t]] += model.treeScale * value[offset + node];
  }
}

function linearScores(model: LinearModel, columns: readonly Float64Array[], r: number, score: Float64Array): void {
  const p = columns.length;
  for (let k = 0; k < model.scores; k++) {
    let s = model.intercepts[k];
    for (let f = 0; f < p; f++) s += model.weights[k * p + f] * ((columns[f][r] - model.mean[f]) / model.scale[f]);
    score[k] = s;
  }
}

export const sigmoid = (s: number): number => 1 / (1 + Math.exp(-s));

/** Writes the outputs of one row's scores at out[at…]. */
export function applyLink(link: Link, score: Float64Array, out: Float64Array, at: number): void {
  switch (link) {
    case 'sigmoid': {
      const p = sigmoid(score[0]);
      out[at] = 1 - p;
      out[at + 1] = p;
      return;
    }
    case 'probability': {
      const p = Math.min(1, Math.max(0, score[0]));
      out[at] = 1 - p;
      out[at + 1] = p;
      return;
    }
    case 'softmax': {
      let max = -Infinity;
      for (let k = 0; k < score.length; k++) max = Math.max(max, score[k]);
      let sum = 0;
      for (let k = 0; k < score.length; k++) sum += (out[at + k] = Math.exp(score[k] - max));
      for (let k = 0; k < score.length; k++) out[at + k] /= sum;
      return;
    }
    case 'normalize': {
      let sum = 0;
      for (let k = 0; k < score.length; k++) sum += Math.max(0, score[k]);
      for (let k = 0; k < score.length; k++) out[at + k] = sum > 0 ? Math.max(0, score[k]) / sum : 1 / score.length;
      return;
    }
    case 'identity':
      out[at] = score[0];
  }
}
