/**
 * The trainers' only source of randomness: a seeded PRNG handed to whatever samples (rows,
 * columns, bootstraps, permutations), so a model is a function of its config and its seed.
 * mulberry32: 32 bits of state, fast, and good enough for sampling (it passes PractRand to
 * 2^32 outputs); its sequence is the same on every machine. Math.random is never used.
 */
export class Random {
  private state: number;

  /** `stream` separates independent uses of one seed (training, permutation importance). */
  constructor(seed: number, stream = 0) {
    // Mixing the stream in (splitmix32's finalizer) gives each stream an unrelated start.
    let s = (seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9);
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
    this.state = (s ^ (s >>> 16)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles `values` in place (Fisher–Yates). */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const v = values[i];
      values[i] = values[j];
      values[j] = v;
    }
    return values;
  }

  /** `k` distinct integers of [0, n), ascending (a partial Fisher–Yates, then sorted). */
  sample(n: number, k: number): Int32Array {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    const take = Math.min(k, n);
    for (let i = 0; i < take; i++) {
      const j = i + this.int(n - i);
      const v = all[i];
      all[i] = all[j];
      all[j] = v;
    }
    return all.slice(0, take).sort();
  }
}
