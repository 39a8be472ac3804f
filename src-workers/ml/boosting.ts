import type { GbdtParams } from '../../src-shared/ml/config';
import type { BinnedMatrix } from './binning';
import type { PlacedTree } from './ensemble';
import type { Loss } from './losses';
import type { Random } from './random';
import { leafOfBinned, TreeBuilder, type Tree } from './tree';

/** The training and validation rows, binned with the training rows' edges. */
export interface BinnedSets {
  readonly train: BinnedMatrix;
  readonly trainLabels: Float64Array;
  readonly validation: BinnedMatrix;
  readonly validationLabels: Float64Array;
  /** Bins per feature (edges + 1). */
  readonly binCounts: Int32Array;
}

export interface BoostedTrees {
  readonly base: Float64Array;
  /** The kept rounds' trees, `loss.outputs` per round; leaf values before the learning rate. */
  readonly trees: readonly PlacedTree[];
  /** Rounds kept: the best validation round with early stopping, else every round. */
  readonly rounds: number;
  /** Validation loss after each round grown. */
  readonly validationLoss: readonly number[];
}

/**
 * Gradient boosting (docs/ml.md#gradient-boosting): from the loss's baseline, each round fits one
 * tree per score column to the gradients and hessians of the loss at the current scores, on a
 * sample of the rows (rowSubsample, without replacement) and the features (colSubsample, per
 * round), and adds learningRate × its leaf value to every row's score. After each round the
 * validation loss is measured; with early stopping, training stops after `earlyStopping` rounds
 * without a lower one and keeps the rounds up to the best.
 */
export function boost(
  sets: BinnedSets,
  params: GbdtParams,
  loss: Loss,
  random: Random,
  onRound: (round: number, validationLoss: number) => void,
): BoostedTrees {
  const { train, validation } = sets;
  const m = train.rows;
  const outputs = loss.outputs;
  const base = loss.baseline(sets.trainLabels);
  const raw = new Float64Array(m * outputs);
  const validationRaw = new Float64Array(validation.rows * outputs);
  for (let r = 0; r < m; r++) raw.set(base, r * outputs);
  for (let r = 0; r < validation.rows; r++) validationRaw.set(base, r * outputs);
  const g = Array.from({ length: outputs }, () => new Float64Array(m));
  const h = Array.from({ length: outputs }, () => new Float64Array(m));
  const builder = new TreeBuilder(train, sets.binCounts, {
    maxDepth: params.maxDepth,
    maxLeaves: params.maxLeaves,
    minSamplesLeaf: params.minSamplesLeaf,
    l2: params.l2,
    minGain: params.minGain,
    featuresPerNode: train.features,
  });
  const allRows = Int32Array.from({ length: m }, (_, r) => r);
  const allFeatures = Int32Array.from({ length: train.features }, (_, f) => f);
  const sampleSize = Math.max(1, Math.round(m * params.rowSubsample));
  const featureCount = Math.max(1, Math.round(train.features * params.colSubsample));

  const trees: PlacedTree[] = [];
  const validationLoss: number[] = [];
  let best = Infinity;
  let bestRound = 0;
  for (let round = 0; round < params.rounds; round++) {
    loss.gradients(raw, sets.trainLabels, g, h);
    const rows = sampleSize < m ? random.sample(m, sampleSize) : allRows;
    const features = featureCount < train.features ? random.sample(train.features, featureCount) : allFeatures;
    for (let k = 0; k < outputs; k++) {
      const tree = builder.grow(rows, g[k], h[k], features, random);
      trees.push({ tree, score: k });
      // Rows in the sample are in the tree's leaves already; the others are routed through it.
      if (rows === allRows) builder.addLeafValues(tree, raw, outputs, k, params.learningRate);
      else addLeaves(tree, train, raw, outputs, k, params.learningRate);
      addLeaves(tree, validation, validationRaw, outputs, k, params.learningRate);
    }
    const current = loss.mean(validationRaw, sets.validationLabels);
    validationLoss.push(current);
    if (current < best) {
      best = current;
      bestRound = round;
    }
    onRound(round, current);
    if (params.earlyStopping > 0 && round - bestRound >= params.earlyStopping) break;
  }
  const rounds = params.earlyStopping > 0 ? bestRound + 1 : validationLoss.length;
  return { base, trees: trees.slice(0, rounds * outputs), rounds, validationLoss };
}

/** raw[r × outputs + k] += rate × the tree's leaf value, for every row of the matrix. */
function addLeaves(tree: Tree, data: BinnedMatrix, raw: Float64Array, outputs: number, k: number, rate: number): void {
  for (let r = 0; r < data.rows; r++) raw[r * outputs + k] += rate * tree.value[leafOfBinned(tree, data, r)];
}
