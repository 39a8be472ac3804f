import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The optimizer's seeded randomness: pure-rand's xoroshiro128+ (a 128-bit state, so a million
 * draws of a Monte Carlo stay far from its period, unlike the 32-bit xorshift the test bars
 * use), with its unbiased integer and 53-bit float distributions. The same seed gives the same
 * draws on every machine and in every thread.
 */
export interface Random {
  /** Uniform in [0, 1), a multiple of 2⁻⁵³. */
  float(): number;
  /** Uniform whole number in [0, n). */
  below(n: number): number;
}

export function seededRandom(seed: number): Random {
  // pure-rand fills the 128-bit state from the 32-bit seed with few bits set, and the first draws
  // of such a state are close to 0 or 1: the seed is mixed first (splitmix32's finalizer).
  const rng = xoroshiro128plus(mix32(seed));
  return {
    float: () => uniformFloat64(rng),
    below: (n) => uniformInt(rng, 0, n - 1),
  };
}

/**
 * A stream for one purpose within a seeded job (run k of a Monte Carlo, round r of a Bayesian
 * search): its own generator from the seed and the stream's number mixed by splitmix32, so run k
 * draws the same numbers whichever task or thread computes it.
 */
export function streamRandom(seed: number, stream: number): Random {
  return seededRandom(mix32(seed) ^ Math.imul(stream + 1, 0x9e3779b9));
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** Fisher–Yates shuffle of `values` in place. */
export function shuffleInPlace<T>(values: T[] | Float64Array, random: Random): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}
