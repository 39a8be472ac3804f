import { describe, expect, it } from 'vitest';
import { binColumns, binEdges, binOf } from './binning';
import { Random } from './random';
import { TreeBuilder, type TreeSettings } from './tree';

/** Two features over four rows: x = 1, 2, 3, 4 (bins 0…3), z = 1, 2, 1, 2 (bins 0, 1, 0, 1). */
const x = Float64Array.of(1, 2, 3, 4);
const z = Float64Array.of(1, 2, 1, 2);
const edges = [binEdges(x, 255), binEdges(z, 255)];
const data = binColumns([x, z], edges);
const binCounts = Int32Array.from(edges, (e) => e.length + 1);
const g = Float64Array.of(-2, -1, 1, 3);
const h = Float64Array.of(1, 1, 1, 1);
const allRows = Int32Array.of(0, 1, 2, 3);
const bothFeatures = Int32Array.of(0, 1);

const settings = (over: Partial<TreeSettings>): TreeSettings => ({ maxDepth: 10, maxLeaves: 2, minSamplesLeaf: 1, l2: 0, minGain: 0, featuresPerNode: 2, ...over });
const grow = (over: Partial<TreeSettings>, features = bothFeatures) => new TreeBuilder(data, binCounts, settings(over)).grow(allRows, g, h, features, new Random(1));

describe('binning', () => {
  it('cuts between distinct values, and a value is in bin b exactly when it is ≤ edge b', () => {
    expect(Array.from(edges[0])).toEqual([1.5, 2.5, 3.5]);
    expect(Array.from(edges[1])).toEqual([1.5]);
    expect(Array.from(data.bins)).toEqual([0, 0, 1, 1, 2, 0, 3, 1]); // row-major: (x, z) per row
    const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 100);
    const many = binEdges(values, 16);
    expect(many.length).toBeLessThanOrEqual(15);
    for (const v of values) for (let b = 0; b < many.length; b++) expect(binOf(many, v) <= b).toBe(v <= many[b]);
  });
});

describe('histogram tree, worked by hand', () => {
  /*
   * G = Σg = 1, H = Σh = 4. With λ = 1 the parent's score G²/(H+λ) = 1/5 = 0.2, and
   * gain = ½ [G_L²/(H_L+λ) + G_R²/(H_R+λ) − 0.2]:
   *   x ≤ 1 (bin 0): L = {−2}: 4/2 = 2,        R = {−1, 1, 3}: 9/4 = 2.25 → ½ (4.25 − 0.2) = 2.025
   *   x ≤ 2 (bin 1): L = {−2, −1}: 9/3 = 3,    R = {1, 3}: 16/3        → ½ (8.3333 − 0.2) = 4.0667 ← best
   *   x ≤ 3 (bin 2): L = {−2, −1, 1}: 4/4 = 1, R = {3}: 9/2 = 4.5      → ½ (5.5 − 0.2) = 2.65
   *   z ≤ 1 (bin 0): L = {−2, 1}: 1/3,         R = {−1, 3}: 4/3        → ½ (1.6667 − 0.2) = 0.7333
   * Leaves: −G/(H+λ) = −(−3)/3 = 1 and −4/3.
   */
  it('splits where the gain is largest, with the gain and leaf values of the formulas', () => {
    const tree = grow({ l2: 1 });
    expect(tree.nodes).toBe(3);
    expect(tree.feature[0]).toBe(0);
    expect(tree.bin[0]).toBe(1);
    expect(tree.gain[0]).toBeCloseTo(0.5 * (3 + 16 / 3 - 0.2), 12);
    expect(tree.value[tree.left[0]]).toBeCloseTo(1, 12);
    expect(tree.value[tree.right[0]]).toBeCloseTo(-4 / 3, 12);
  });

  /*
   * λ = 0, up to 3 leaves. The root splits at x ≤ 2 again (gain ½ (9/2 + 16/2 − 1/4) = 6.125).
   * Then the children's best splits: left {−2, −1} at x ≤ 1: ½ (4/1 + 1/1 − 9/2) = 0.25; right
   * {1, 3} at x ≤ 3: ½ (1/1 + 9/1 − 16/2) = 1. Best-first growth splits the right child; the left
   * stays a leaf of value −(−3)/2 = 1.5; the right's leaves are −1 and −3.
   */
  it('grows best-first: the leaf whose split gains most is split next', () => {
    const tree = grow({ maxLeaves: 3 });
    expect(tree.gain[0]).toBeCloseTo(6.125, 12);
    const [left, right] = [tree.left[0], tree.right[0]];
    expect(tree.feature[left]).toBe(-1);
    expect(tree.value[left]).toBeCloseTo(1.5, 12);
    expect(tree.feature[right]).toBe(0);
    expect(tree.bin[right]).toBe(2);
    expect(tree.gain[right]).toBeCloseTo(1, 12);
    expect([tree.value[tree.left[right]], tree.value[tree.right[right]]]).toEqual([-1, -3]);
    // With a fourth leaf the left child splits too (gain 0.25).
    const four = grow({ maxLeaves: 4 });
    expect(four.gain[four.left[0]]).toBeCloseTo(0.25, 12);
  });

  it('respects maxDepth, minSamplesLeaf, minGain and the features it may use', () => {
    expect(grow({ maxLeaves: 4, maxDepth: 1 }).nodes).toBe(3);
    // Two rows per leaf at least: only x ≤ 2 and z ≤ 1 qualify.
    const two = grow({ maxLeaves: 4, minSamplesLeaf: 2 });
    expect(two.nodes).toBe(3);
    expect(two.bin[0]).toBe(1);
    expect(grow({ minGain: 6.2 }).nodes).toBe(1);
    // Only z: its one split, gain ½ (1/2 + 4/2 − 1/4) = 1.125.
    const onlyZ = grow({}, Int32Array.of(1));
    expect(onlyZ.feature[0]).toBe(1);
    expect(onlyZ.gain[0]).toBeCloseTo(1.125, 12);
    // A root with a single leaf has value −G/H = −1/4.
    expect(grow({ maxDepth: 0 }).value[0]).toBe(-0.25);
  });

  it('builds the larger child’s histogram by subtraction: the same tree as building every node from its rows', () => {
    // Against a brute-force grower on random data: every split and leaf agree.
    const random = new Random(5);
    const m = 500;
    const columns = Array.from({ length: 4 }, () => Float64Array.from({ length: m }, () => Math.round(random.next() * 40)));
    const gradients = Float64Array.from({ length: m }, () => random.next() - 0.5);
    for (let r = 0; r < m; r++) gradients[r] += columns[1][r] > 20 ? 1 : -1;
    const hessians = Float64Array.from({ length: m }, () => 0.1 + random.next());
    const e = columns.map((c) => binEdges(c, 32));
    const matrix = binColumns(columns, e);
    const counts = Int32Array.from(e, (v) => v.length + 1);
    const s = settings({ maxLeaves: 12, minSamplesLeaf: 5, l2: 0.5 });
    const rows = Int32Array.from({ length: m }, (_, r) => r);
    const tree = new TreeBuilder(matrix, counts, s).grow(rows, gradients, hessians, Int32Array.of(0, 1, 2, 3), new Random(1));
    // Brute force: each node's best split from its own rows.
    const check = (node: number, members: number[]) => {
      let G = 0;
      let H = 0;
      for (const r of members) {
        G += gradients[r];
        H += hessians[r];
      }
      if (tree.feature[node] < 0) {
        expect(tree.value[node]).toBeCloseTo(-G / (H + 0.5), 10);
        return;
      }
      const f = tree.feature[node];
      const b = tree.bin[node];
      const left = members.filter((r) => matrix.bins[r * 4 + f] <= b);
      const right = members.filter((r) => matrix.bins[r * 4 + f] > b);
      const score = (rs: number[]) => {
        const gs = rs.reduce((a, r) => a + gradients[r], 0);
        const hs = rs.reduce((a, r) => a + hessians[r], 0);
        return (gs * gs) / (hs + 0.5);
      };
      expect(tree.gain[node]).toBeCloseTo(0.5 * (score(left) + score(right) - score(members)), 9);
      check(tree.left[node], left);
      check(tree.right[node], right);
    };
    check(0, Array.from(rows));
    expect(tree.nodes).toBe(23);
  });
});
