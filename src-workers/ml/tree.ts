import type { BinnedMatrix } from './binning';
import type { Random } from './random';

/**
 * The histogram tree, shared by gradient boosting and the random forest (after scikit-learn's
 * HistGradientBoosting: its `TreeGrower`, `HistogramBuilder` and `Splitter`). docs/ml.md#trees.
 *
 * A tree fits one gradient vector g and hessian vector h over the sampled training rows. Each
 * node owns a contiguous range of `partition` (its rows, ascending). Its histogram holds, per
 * feature and bin, the sums of g, of h and the row count; a split of feature f at bin b sends
 * bin ≤ b left, and its gain is the exact drop in the second-order loss approximation,
 *   gain = ½ [G_L² / (H_L + λ) + G_R² / (H_R + λ) − G² / (H + λ)],
 * with leaf value −G / (H + λ). Growth is best-first (leaf-wise): the open leaf whose best split
 * gains most is split next, until the tree has maxLeaves leaves or no leaf can split (depth,
 * minSamplesLeaf, minGain). Only the smaller child's histogram is built from its rows; the
 * larger one's is the parent's minus it (the parent's buffer is reused for it).
 */

export interface TreeSettings {
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly minSamplesLeaf: number;
  /** λ: L2 penalty on leaf values. */
  readonly l2: number;
  /** A split must gain more than this. */
  readonly minGain: number;
  /** Features tried at each node, drawn afresh from the tree's features (the forest's per-split sampling); ≥ their number tries all. */
  readonly featuresPerNode: number;
}

/** A grown tree: node 0 is the root; a leaf has feature −1. */
export interface Tree {
  readonly nodes: number;
  readonly feature: Int32Array;
  /** The split's bin: a row whose bin is ≤ it goes left. */
  readonly bin: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** A leaf's value −G / (H + λ) (before any shrinkage). */
  readonly value: Float64Array;
  /** A split's gain (0 at a leaf): the trees' gain importance sums these per feature. */
  readonly gain: Float64Array;
  /** Each node's rows are partition[start, end) of the builder that grew it, until it grows the next tree. */
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Below this hessian sum a child is refused (scikit-learn's min_hessian_to_split): its leaf value would be noise over nearly nothing. */
export const MIN_HESSIAN_LEAF = 1e-3;

/** Bins a feature can have (uint8), and so the histogram's stride per feature: [g, h, count] per bin. */
const MAX_BINS = 256;
const STRIDE = MAX_BINS * 3;

export class TreeBuilder {
  private readonly partition: Int32Array;
  private readonly scratch: Int32Array;
  private readonly freeHistograms: Float64Array[] = [];
  private readonly nodeFeatures: Int32Array;

  /**
   * @param data the training rows' bins.
   * @param binCounts bins per feature (its edges + 1).
   * @param capacity the most rows a sample holds.
   */
  constructor(
    private readonly data: BinnedMatrix,
    private readonly binCounts: Int32Array,
    private readonly settings: TreeSettings,
    capacity = data.rows,
  ) {
    this.partition = new Int32Array(capacity);
    this.scratch = new Int32Array(capacity);
    this.nodeFeatures = new Int32Array(data.features);
  }

  /**
   * Grows one tree on the rows of `sample` (ascending; a row may repeat, as in a bootstrap),
   * splitting only on `features` (ascending). `random` draws the features tried at each node.
   */
  grow(sample: Int32Array, g: Float64Array, h: Float64Array, features: Int32Array, random: Random): Tree {
    const { maxLeaves, maxDepth, minSamplesLeaf } = this.settings;
    const capacity = 2 * maxLeaves - 1;
    const nodes = new GrowingNodes(capacity);
    this.partition.set(sample);
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < sample.length; i++) {
      sumG += g[sample[i]];
      sumH += h[sample[i]];
    }
    let count = 1;
    nodes.open(0, 0, sample.length, 0, sumG, sumH, sample.length);
    const canSplit = (node: number) => nodes.depth[node] < maxDepth && nodes.count[node] >= 2 * minSamplesLeaf;
    const histograms: (Float64Array | null)[] = new Array(capacity).fill(null);
    const candidates: number[] = [];
    if (canSplit(0)) {
      histograms[0] = this.acquire();
      this.build(histograms[0], 0, sample.length, g, h, features);
      if (this.findSplit(nodes, 0, histograms[0], features, random)) candidates.push(0);
      else this.release(histograms, 0);
    }
    let leaves = 1;
    while (leaves < maxLeaves && candidates.length > 0) {
      // The candidate with the largest gain (the earliest node on a tie).
      let pick = 0;
      for (let k = 1; k < candidates.length; k++) if (nodes.bestGain[candidates[k]] > nodes.bestGain[candidates[pick]]) pick = k;
      const node = candidates[pick];
      candidates.splice(pick, 1);
      const [left, right] = this.split(nodes, node, count);
      count += 2;
      leaves++;
      const parentHistogram = histograms[node] as Float64Array;
      histograms[node] = null;
      if (!canSplit(left) && !canSplit(right)) {
        this.freeHistograms.push(parentHistogram);
        continue;
      }
      const small = nodes.count[left] <= nodes.count[right] ? left : right;
      const large = small === left ? right : left;
      histograms[small] = this.acquire();
      this.build(histograms[small], nodes.start[small], nodes.end[small], g, h, features);
      this.subtract(parentHistogram, histograms[small], features);
      histograms[large] = parentHistogram;
      for (const child of [left, right]) {
        if (canSplit(child) && this.findSplit(nodes, child, histograms[child] as Float64Array, features, random)) candidates.push(child);
        else this.release(histograms, child);
      }
    }
    for (const node of candidates) this.release(histograms, node);
    return nodes.toTree(count, this.settings.l2);
  }

  /** raw[row × stride + column] += factor × its leaf's value, for every row of the sample the tree was just grown on. */
  addLeafValues(tree: Tree, raw: Float64Array, stride: number, column: number, factor: number): void {
    for (let node = 0; node < tree.nodes; node++) {
      if (tree.feature[node] >= 0) continue;
      const add = factor * tree.value[node];
      for (let i = tree.start[node]; i < tree.end[node]; i++) raw[this.partition[i] * stride + column] += add;
    }
  }

  /** Sends the node's rows with bin ≤ the split's to the front of its range (stable), and opens its two children. */
  private split(nodes: GrowingNodes, node: number, count: number): [number, number] {
    const f = nodes.bestFeature[node];
    const b = nodes.bestBin[node];
    const { bins, features: p } = this.data;
    const start = nodes.start[node];
    const end = nodes.end[node];
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      const row = this.partition[i];
      if (bins[row * p + f] <= b) this.partition[l++] = row;
      else this.scratch[r++] = row;
    }
    this.partition.set(this.scratch.subarray(0, r), l);
    const left = count;
    const right = count + 1;
    const depth = nodes.depth[node] + 1;
    const gl = nodes.bestLeftG[node];
    const hl = nodes.bestLeftH[node];
    const cl = nodes.bestLeftCount[node];
    nodes.open(left, start, l, depth, gl, hl, cl);
    nodes.open(right, l, end, depth, nodes.sumG[node] - gl, nodes.sumH[node] - hl, nodes.count[node] - cl);
    nodes.setSplit(node, left, right);
    return [left, right];
  }

  /** The histogram of rows partition[start, end) for each of `features`: row by row, every feature's bin of the row. */
  private build(histogram: Float64Array, start: number, end: number, g: Float64Array, h: Float64Array, features: Int32Array): void {
    const { bins, features: p } = this.data;
    const { partition, binCounts } = this;
    const used = features.length;
    for (let k = 0; k < used; k++) histogram.fill(0, features[k] * STRIDE, features[k] * STRIDE + 3 * binCounts[features[k]]);
    for (let i = start; i < end; i++) {
      const row = partition[i];
      const gradient = g[row];
      const hessian = h[row];
      const offset = row * p;
      for (let k = 0; k < used; k++) {
        const f = features[k];
        const at = f * STRIDE + 3 * bins[offset + f];
        histogram[at] += gradient;
        histogram[at + 1] += hessian;
        histogram[at + 2] += 1;
      }
    }
  }

  /** parent −= child, over the features' bins: what is left is the sibling's histogram. */
  private subtract(parent: Float64Array, child: Float64Array, features: Int32Array): void {
    for (let k = 0; k < features.length; k++) {
      const base = features[k] * STRIDE;
      const end = base + 3 * this.binCounts[features[k]];
      for (let i = base; i < end; i++) parent[i] -= child[i];
    }
  }

  /** Finds the node's best split among the features tried there; false when none gains more than minGain. */
  private findSplit(nodes: GrowingNodes, node: number, histogram: Float64Array, features: Int32Array, random: Random): boolean {
    const { l2, minGain, minSamplesLeaf, featuresPerNode } = this.settings;
    const tried = this.triedFeatures(features, featuresPerNode, random);
    const G = nodes.sumG[node];
    const H = nodes.sumH[node];
    const C = nodes.count[node];
    const parentScore = (G * G) / (H + l2);
    let bestGain = minGain;
    let found = false;
    for (let k = 0; k < tried.length; k++) {
      const f = tried[k];
      const base = f * STRIDE;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < this.binCounts[f] - 1; b++) {
        gl += histogram[base + 3 * b];
        hl += histogram[base + 3 * b + 1];
        cl += histogram[base + 3 * b + 2];
        if (cl < minSamplesLeaf || hl < MIN_HESSIAN_LEAF) continue;
        const cr = C - cl;
        const hr = H - hl;
        if (cr < minSamplesLeaf) break;
        if (hr < MIN_HESSIAN_LEAF) continue;
        const gr = G - gl;
        const gain = 0.5 * ((gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          found = true;
          nodes.setBest(node, f, b, gain, gl, hl, cl);
        }
      }
    }
    return found;
  }

  /** All of `features`, or `perNode` of them drawn without replacement (ascending, so ties break the same way). */
  private triedFeatures(features: Int32Array, perNode: number, random: Random): Int32Array {
    if (perNode >= features.length) return features;
    const pool = this.nodeFeatures.subarray(0, features.length);
    pool.set(features);
    for (let i = 0; i < perNode; i++) {
      const j = i + random.int(features.length - i);
      const v = pool[i];
      pool[i] = pool[j];
      pool[j] = v;
    }
    return pool.subarray(0, perNode).sort();
  }

  private acquire(): Float64Array {
    return this.freeHistograms.pop() ?? new Float64Array(this.data.features * STRIDE);
  }

  private release(histograms: (Float64Array | null)[], node: number): void {
    const histogram = histograms[node];
    if (histogram) this.freeHistograms.push(histogram);
    histograms[node] = null;
  }
}

/** The nodes of a tree while it grows: ranges, sums, and each open leaf's best split. */
class GrowingNodes {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly depth: Int32Array;
  readonly sumG: Float64Array;
  readonly sumH: Float64Array;
  readonly count: Float64Array;
  readonly bestFeature: Int32Array;
  readonly bestBin: Int32Array;
  readonly bestGain: Float64Array;
  readonly bestLeftG: Float64Array;
  readonly bestLeftH: Float64Array;
  readonly bestLeftCount: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;

  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.sumG = new Float64Array(capacity);
    this.sumH = new Float64Array(capacity);
    this.count = new Float64Array(capacity);
    this.bestFeature = new Int32Array(capacity).fill(-1);
    this.bestBin = new Int32Array(capacity);
    this.bestGain = new Float64Array(capacity);
    this.bestLeftG = new Float64Array(capacity);
    this.bestLeftH = new Float64Array(capacity);
    this.bestLeftCount = new Float64Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
  }

  open(node: number, start: number, end: number, depth: number, sumG: number, sumH: number, count: number): void {
    this.start[node] = start;
    this.end[node] = end;
    this.depth[node] = depth;
    this.sumG[node] = sumG;
    this.sumH[node] = sumH;
    this.count[node] = count;
  }

  setBest(node: number, feature: number, bin: number, gain: number, gl: number, hl: number, cl: number): void {
    this.bestFeature[node] = feature;
    this.bestBin[node] = bin;
    this.bestGain[node] = gain;
    this.bestLeftG[node] = gl;
    this.bestLeftH[node] = hl;
    this.bestLeftCount[node] = cl;
  }

  setSplit(node: number, left: number, right: number): void {
    this.left[node] = left;
    this.right[node] = right;
  }

  /** The first `count` nodes as a Tree: split nodes keep their best split, the rest are leaves. */
  toTree(count: number, l2: number): Tree {
    const tree = {
      nodes: count,
      feature: new Int32Array(count).fill(-1),
      bin: new Int32Array(count),
      left: new Int32Array(count).fill(-1),
      right: new Int32Array(count).fill(-1),
      value: new Float64Array(count),
      gain: new Float64Array(count),
      start: this.start.slice(0, count),
      end: this.end.slice(0, count),
    };
    for (let node = 0; node < count; node++) {
      if (this.left[node] >= 0) {
        tree.feature[node] = this.bestFeature[node];
        tree.bin[node] = this.bestBin[node];
        tree.left[node] = this.left[node];
        tree.right[node] = this.right[node];
        tree.gain[node] = this.bestGain[node];
      } else {
        const denominator = this.sumH[node] + l2;
        tree.value[node] = denominator > 0 ? -this.sumG[node] / denominator : 0;
      }
    }
    return tree;
  }
}

/** The leaf a row of a binned matrix falls in. */
export function leafOfBinned(tree: Tree, data: BinnedMatrix, row: number): number {
  const { bins, features } = data;
  let node = 0;
  while (tree.feature[node] >= 0) node = bins[row * features + tree.feature[node]] <= tree.bin[node] ? tree.left[node] : tree.right[node];
  return node;
}
