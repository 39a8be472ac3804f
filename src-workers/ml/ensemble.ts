import type { Link, TreeEnsemble } from './model';
import type { Tree } from './tree';

/** One grown tree with the score column it adds to and the factor on its leaf values (gbdt's learning rate). */
export interface PlacedTree {
  readonly tree: Tree;
  readonly score: number;
}

/**
 * The trees as one TreeEnsemble over raw values: each split's bin b of feature f becomes the
 * threshold edges[f][b] (bin ≤ b exactly when x ≤ edges[f][b], binning.ts), each leaf value is
 * multiplied by `leafFactor`.
 */
export function toEnsemble(options: {
  algorithm: 'gbdt' | 'forest';
  link: Link;
  scores: number;
  base: Float64Array;
  treeScale: number;
  leafFactor: number;
  trees: readonly PlacedTree[];
  edges: readonly Float64Array[];
}): TreeEnsemble {
  const { trees, edges } = options;
  const total = trees.reduce((sum, t) => sum + t.tree.nodes, 0);
  const ensemble = {
    kind: 'trees' as const,
    algorithm: options.algorithm,
    link: options.link,
    scores: options.scores,
    base: options.base,
    treeScale: options.treeScale,
    treeStart: new Int32Array(trees.length + 1),
    treeScore: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    gain: new Float64Array(total),
  };
  let offset = 0;
  trees.forEach(({ tree, score }, t) => {
    ensemble.treeStart[t] = offset;
    ensemble.treeScore[t] = score;
    for (let node = 0; node < tree.nodes; node++) {
      const f = tree.feature[node];
      ensemble.feature[offset + node] = f;
      ensemble.left[offset + node] = tree.left[node];
      ensemble.right[offset + node] = tree.right[node];
      ensemble.gain[offset + node] = tree.gain[node];
      if (f >= 0) ensemble.threshold[offset + node] = edges[f][tree.bin[node]];
      else ensemble.value[offset + node] = tree.value[node] * options.leafFactor;
    }
    offset += tree.nodes;
  });
  ensemble.treeStart[trees.length] = offset;
  return ensemble;
}
