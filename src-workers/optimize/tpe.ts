import type { ParamValues } from '../../src-shared/backtest';
import { objectiveScore } from '../../src-shared/optimize/objective';
import type { OptimizeProposal, OptimizeProposeTask } from '../../src-shared/optimize/tasks';
import type { TaskContext } from '../tasks/context';
import { sampleCodes } from './plan';
import { streamRandom, type Random } from './random';
import { buildSpace, type Space } from './space';

/**
 * The `optimize.propose` task kind: the next batch of a Bayesian search by a tree-structured
 * Parzen estimator (Bergstra et al., "Algorithms for Hyper-Parameter Optimization", 2011), the
 * method of hyperopt and Optuna's default sampler. Written here: no maintained npm package does
 * TPE (the one port found, `hyperparameters`, is unmaintained and draws from Math.random, so it
 * cannot be seeded), and the method is short. On the search's discrete space:
 *  1. the observations are split into the best γ(n) = min(⌈n/10⌉, 25) ("good") and the rest;
 *  2. per varied parameter, l(x) and g(x) are the densities of the good and the other values: a
 *     Gaussian kernel on the value's position for numbers (bandwidth by Scott's rule, at least
 *     (m − 1)/min(100, n + 1) positions, as Optuna floors it), counts for options, each mixed with one observation's worth of uniform prior;
 *  3. CANDIDATES combinations are drawn from l, and the allowed one not yet tried with the
 *     largest Σ log l(x) − log g(x) is proposed (the expected-improvement criterion of the paper).
 * Before INITIAL observations exist, or when no candidate is new, proposals are random.
 * Deterministic: its randomness is streamRandom(seed, round).
 */

export const CANDIDATES = 24;
/** Observations TPE needs before it models them (fewer: random proposals). */
export const MIN_OBSERVATIONS = 10;
/** The share of observations that are "good" (hyperopt's γ = 0.25), at most 25. */
export const GAMMA = 0.25;

export function proposeVariants(task: OptimizeProposeTask, ctx?: TaskContext): OptimizeProposal {
  const space = buildSpace(task);
  const random = streamRandom(task.seed, task.round);
  const observed: { digits: number[]; score: number }[] = [];
  const tried = new Set<number>();
  for (const o of task.history) {
    const digits = space.names.map((name, k) => space.values[k].indexOf(o.params[name] as never));
    if (digits.some((d) => d < 0)) continue;
    tried.add(space.codeOf(digits));
    observed.push({ digits, score: objectiveScore(o.objective, task.direction) });
  }
  if (observed.length < MIN_OBSERVATIONS) return { params: sampleCodes(space, task.count, random.below(2 ** 31), tried).map(space.paramsAt) };
  observed.sort((a, b) => b.score - a.score);
  const nGood = Math.max(1, Math.min(Math.ceil(GAMMA * observed.length), 25));
  const good = observed.slice(0, nGood);
  const bad = observed.slice(nGood);
  const numeric = space.values.map((values) => values.every((v) => typeof v === 'number'));
  const l = space.names.map((_, k) => density(good.map((o) => o.digits[k]), space.values[k].length, numeric[k]));
  const g = space.names.map((_, k) => density(bad.map((o) => o.digits[k]), space.values[k].length, numeric[k]));
  const proposals: ParamValues[] = [];
  for (let p = 0; p < task.count; p++) {
    ctx?.checkpoint(p / task.count, 'proposing');
    const code = bestCandidate(space, l, g, random, tried);
    const chosen = code ?? sampleCodes(space, 1, random.below(2 ** 31), tried)[0];
    if (chosen === undefined) break;
    tried.add(chosen);
    proposals.push(space.paramsAt(chosen));
  }
  return { params: proposals };
}

/** A probability per value index: kernels on the observed indices plus a uniform prior of one observation's weight. */
function density(indices: readonly number[], m: number, numeric: boolean): Float64Array {
  const p = new Float64Array(m).fill(1 / m);
  if (indices.length > 0) {
    if (numeric && m > 1) {
      const mean = indices.reduce((a, b) => a + b, 0) / indices.length;
      const sd = Math.sqrt(indices.reduce((a, b) => a + (b - mean) ** 2, 0) / indices.length) || (m - 1) / 2;
      // Scott's rule, floored as Optuna floors it (the range over min(100, n + 1)): narrower kernels
      // make the search creep around its first good values.
      const bandwidth = Math.max(0.5, 1.06 * sd * indices.length ** -0.2, (m - 1) / Math.min(100, indices.length + 1));
      for (const c of indices) {
        let total = 0;
        const kernel = new Float64Array(m);
        for (let d = 0; d < m; d++) total += kernel[d] = Math.exp(-(((d - c) / bandwidth) ** 2) / 2);
        for (let d = 0; d < m; d++) p[d] += kernel[d] / total;
      }
    } else {
      for (const c of indices) p[c] += 1;
    }
  }
  const sum = p.reduce((a, b) => a + b, 0);
  for (let d = 0; d < m; d++) p[d] /= sum;
  return p;
}

function drawIndex(p: Float64Array, random: Random): number {
  let u = random.float();
  for (let d = 0; d < p.length; d++) {
    u -= p[d];
    if (u < 0) return d;
  }
  return p.length - 1;
}

function bestCandidate(space: Space, l: readonly Float64Array[], g: readonly Float64Array[], random: Random, tried: ReadonlySet<number>): number | undefined {
  let best: number | undefined;
  let bestScore = -Infinity;
  for (let c = 0; c < CANDIDATES; c++) {
    const digits = l.map((p) => drawIndex(p, random));
    const code = space.codeOf(digits);
    if (tried.has(code) || !space.allowed(space.paramsAt(code))) continue;
    let score = 0;
    for (let k = 0; k < digits.length; k++) score += Math.log(l[k][digits[k]]) - Math.log(g[k][digits[k]]);
    if (score > bestScore) {
      bestScore = score;
      best = code;
    }
  }
  return best;
}
