import type { ForestParams } from '../../src-shared/ml/config';
import type { BinnedMatrix } from './binning';
import type { PlacedTree } from './ensemble';
import type { Random } from './random';
import { TreeBuilder } from './tree';

/**
 * A random forest on the histogram trees (docs/ml.md#random-forest): each tree is grown on a
 * bootstrap sample (rowSubsample × rows drawn with replacement), trying a fresh random subset of
 * the features at each split (colSubsample, √features by default), with g = −y and h = 1 and no
 * penalty: a split's gain is then half the drop in squared error and a leaf's value is the mean
 * label of its rows. For classes, y is 1 for the class and 0 otherwise, so a leaf holds the
 * class's share (Gini impurity is that squared error); three classes grow one tree per class on
 * each bootstrap sample. The forest's score is the mean over its trees.
 */
export function growForest(
  train: BinnedMatrix,
  binCounts: Int32Array,
  labels: Float64Array,
  params: ForestParams,
  /** 1 for the binary and return targets (y itself), 3 for three classes (one-hot). */
  scores: number,
  random: Random,
  onTree: (tree: number) => void,
): PlacedTree[] {
  const m = train.rows;
  const p = train.features;
  const featuresPerNode = params.colSubsample === 0 ? Math.max(1, Math.round(Math.sqrt(p))) : Math.max(1, Math.round(p * params.colSubsample));
  const sampleSize = Math.max(1, Math.round(m * params.rowSubsample));
  const builder = new TreeBuilder(
    train,
    binCounts,
    { maxDepth: params.maxDepth, maxLeaves: params.maxLeaves, minSamplesLeaf: params.minSamplesLeaf, l2: 0, minGain: 0, featuresPerNode },
    sampleSize,
  );
  const g = Array.from({ length: scores }, (_, k) => {
    const target = new Float64Array(m);
    for (let r = 0; r < m; r++) target[r] = -(scores === 1 ? labels[r] : labels[r] === k ? 1 : 0);
    return target;
  });
  const h = new Float64Array(m).fill(1);
  const allFeatures = Int32Array.from({ length: p }, (_, f) => f);
  const drawn = new Int32Array(m);
  const sample = new Int32Array(sampleSize);
  const trees: PlacedTree[] = [];
  for (let t = 0; t < params.trees; t++) {
    bootstrap(random, drawn, sample);
    for (let k = 0; k < scores; k++) trees.push({ tree: builder.grow(sample, g[k], h, allFeatures, random), score: k });
    onTree(t);
  }
  return trees;
}

/** Draws sample.length rows with replacement, written ascending (a row drawn twice appears twice). */
function bootstrap(random: Random, counts: Int32Array, sample: Int32Array): void {
  counts.fill(0);
  for (let i = 0; i < sample.length; i++) counts[random.int(counts.length)]++;
  let at = 0;
  for (let r = 0; r < counts.length; r++) for (let c = 0; c < counts[r]; c++) sample[at++] = r;
}
