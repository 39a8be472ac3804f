import { normalCdf, normalQuantile } from './normal';
import type { BlockMoments, ReturnMoments, VariantResult } from './results';
import { objectiveScore, type ObjectiveDirection } from './objective';

/**
 * How likely a search's best result is to be luck (docs/optimization.md, "Overfitting"):
 * - the probabilistic and deflated Sharpe ratios (Bailey & López de Prado, "The Deflated Sharpe
 *   Ratio", 2014): Sharpe ratios PER PERIOD (not annualized), skewness γ₃ and RAW kurtosis γ₄
 *   (3 for a normal distribution; passing excess kurtosis is the common bug);
 * - the probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV;
 *   Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", 2017).
 * Pure functions: main calls them on the stored variant results; they do not need a worker.
 */

/** The Euler–Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

/**
 * The expected maximum of N independent standard normals, by the paper's approximation
 * E[max] ≈ (1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)), γ the Euler–Mascheroni constant.
 */
export function expectedMaxOfNormals(n: number): number {
  if (!(n >= 1)) throw new RangeError(`the number of trials must be at least 1, got ${n}`);
  if (n === 1) return 0;
  return (1 - EULER_GAMMA) * normalQuantile(1 - 1 / n) + EULER_GAMMA * normalQuantile(1 - 1 / (n * Math.E));
}

export interface SharpeSample {
  /** Sharpe ratio per period: mean ÷ standard deviation of the period returns. */
  readonly sharpe: number;
  /** Number of period returns (T). */
  readonly periods: number;
  /** Skewness γ₃ of the returns. */
  readonly skewness: number;
  /** Raw kurtosis γ₄ of the returns (3 for a normal distribution). */
  readonly kurtosis: number;
}

/**
 * PSR(SR*) = Φ( (SR − SR*) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²) ): the probability that the
 * true Sharpe ratio exceeds SR*, given the observed one. NaN when the variance term is not positive.
 */
export function probabilisticSharpe(sample: SharpeSample, benchmark = 0): number {
  const { sharpe, periods, skewness, kurtosis } = sample;
  const variance = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(periods > 1) || !(variance > 0)) return NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(periods - 1)) / Math.sqrt(variance));
}

export interface DeflatedSharpe {
  /** SR₀ = √V[SR] · E[max of N standard normals]: the Sharpe ratio the best of N trials reaches by luck. */
  readonly benchmark: number;
  /** PSR(SR₀): the probability that the best trial's true Sharpe ratio exceeds SR₀. 1 − it is the chance the result is luck. */
  readonly probability: number;
}

/** DSR: the PSR of the best trial against SR₀, with N trials whose per-period Sharpe ratios have variance V[SR]. */
export function deflatedSharpe(best: SharpeSample, trials: number, sharpeVariance: number): DeflatedSharpe {
  if (!(sharpeVariance >= 0)) throw new RangeError(`the variance of the trials' Sharpe ratios must be ≥ 0, got ${sharpeVariance}`);
  const benchmark = Math.sqrt(sharpeVariance) * expectedMaxOfNormals(trials);
  return { benchmark, probability: probabilisticSharpe(best, benchmark) };
}

// ---------------------------------------------------------------------------------------------
// CSCV

/** How CSCV scores a variant on a set of blocks: the mean period return, or the per-period Sharpe ratio (mean ÷ sample std). */
export type CscvMetric = 'mean' | 'sharpe';

export interface CscvSplit {
  /** The blocks of the in-sample half (the rest is out-of-sample). */
  readonly inSample: readonly number[];
  /** The variant (column) with the best in-sample metric (the first, on a tie). */
  readonly best: number;
  /** Its rank out of sample, 1 = worst … N = best (ties share their average rank). */
  readonly rank: number;
  /** λ = ln(ω / (1 − ω)), ω = rank / (N + 1). */
  readonly logit: number;
}

export interface Pbo {
  /** The share of splits whose λ ≤ 0: the best in-sample variant ranks in the lower half out of sample. */
  readonly probability: number;
  readonly splits: readonly CscvSplit[];
  readonly blocks: number;
  readonly variants: number;
}

/** The smallest number of variants PBO is computed for (fewer make its ranks too coarse). */
export const PBO_MIN_VARIANTS = 16;

/**
 * Block moments of a T×N matrix of period returns (rows = time, columns = variants), in S blocks
 * of consecutive rows; T need not be a multiple of S (the first T mod S blocks get one row more).
 * Returns moments[variant][block].
 */
export function blockMomentsOfMatrix(matrix: readonly (readonly number[])[], blocks: number): BlockMoments[][] {
  const t = matrix.length;
  const n = t === 0 ? 0 : matrix[0].length;
  const bounds = blockBounds(t, blocks);
  return Array.from({ length: n }, (_, col) =>
    bounds.map(([from, to]) => {
      let sum = 0;
      let sumOfSquares = 0;
      for (let row = from; row < to; row++) {
        const x = matrix[row][col];
        sum += x;
        sumOfSquares += x * x;
      }
      return { count: to - from, sum, sumOfSquares };
    }),
  );
}

/** [from, to) of each of S blocks over T items: sizes differ by at most one, the larger first. */
export function blockBounds(t: number, blocks: number): [number, number][] {
  if (!Number.isInteger(blocks) || blocks < 1) throw new RangeError(`blocks must be a whole number ≥ 1, got ${blocks}`);
  const base = Math.floor(t / blocks);
  const extra = t - base * blocks;
  const out: [number, number][] = [];
  let from = 0;
  for (let b = 0; b < blocks; b++) {
    const to = from + base + (b < extra ? 1 : 0);
    out.push([from, to]);
    from = to;
  }
  return out;
}

/**
 * Merges S blocks into S' (S a multiple of S'): CSCV with 8 blocks from results kept in 16.
 */
export function mergeBlocks(moments: readonly BlockMoments[], into: number): BlockMoments[] {
  if (moments.length % into !== 0) throw new RangeError(`${moments.length} blocks cannot be merged into ${into}`);
  const size = moments.length / into;
  return Array.from({ length: into }, (_, b) => {
    let count = 0;
    let sum = 0;
    let sumOfSquares = 0;
    for (const m of moments.slice(b * size, (b + 1) * size)) {
      count += m.count;
      sum += m.sum;
      sumOfSquares += m.sumOfSquares;
    }
    return { count, sum, sumOfSquares };
  });
}

function metricOf(count: number, sum: number, sumOfSquares: number, metric: CscvMetric): number {
  if (count === 0) return NaN;
  const mean = sum / count;
  if (metric === 'mean') return mean;
  if (count < 2) return NaN;
  const variance = Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
  return variance > 0 ? mean / Math.sqrt(variance) : mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
}

/** Every way to choose k of 0 … s − 1, in lexicographic order ({0,1}, {0,2}, … for s = 4, k = 2). */
export function combinations(s: number, k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (start: number) => {
    if (pick.length === k) {
      out.push([...pick]);
      return;
    }
    for (let i = start; i <= s - (k - pick.length); i++) {
      pick.push(i);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  return out;
}

/** Ranks 1 … n of `values` ascending; ties get the average of the ranks they span (scipy's rankdata). */
function averageRank(values: readonly number[], index: number): number {
  const v = values[index];
  let below = 0;
  let equal = 0;
  for (const x of values) {
    if (x < v) below++;
    else if (x === v) equal++;
  }
  return below + (equal + 1) / 2;
}

/**
 * The probability of backtest overfitting by CSCV, from each variant's period returns in S
 * blocks (`moments[variant][block]`, S even): for every choice of S/2 blocks as the in-sample half
 * (C(S, S/2) splits), the variant n* best in sample is ranked among all variants on the other
 * half; λ = ln(ω/(1 − ω)) with ω = rank/(N + 1); PBO = the share of splits with λ ≤ 0.
 */
export function probabilityOfBacktestOverfitting(moments: readonly (readonly BlockMoments[])[], metric: CscvMetric = 'sharpe'): Pbo {
  const n = moments.length;
  const s = n === 0 ? 0 : moments[0].length;
  if (s < 2 || s % 2 !== 0) throw new RangeError(`CSCV needs an even number of blocks ≥ 2, got ${s}`);
  if (moments.some((m) => m.length !== s)) throw new RangeError('every variant needs the same number of blocks');
  const splits: CscvSplit[] = [];
  const inMetric = new Array<number>(n);
  const outMetric = new Array<number>(n);
  for (const inSample of combinations(s, s / 2)) {
    const chosen = new Set(inSample);
    for (let v = 0; v < n; v++) {
      let ci = 0, si = 0, qi = 0, co = 0, so = 0, qo = 0;
      for (let b = 0; b < s; b++) {
        const m = moments[v][b];
        if (chosen.has(b)) {
          ci += m.count;
          si += m.sum;
          qi += m.sumOfSquares;
        } else {
          co += m.count;
          so += m.sum;
          qo += m.sumOfSquares;
        }
      }
      inMetric[v] = metricOf(ci, si, qi, metric);
      outMetric[v] = metricOf(co, so, qo, metric);
    }
    let best = 0;
    for (let v = 1; v < n; v++) if (inMetric[v] > inMetric[best] || (inMetric[best] !== inMetric[best] && inMetric[v] === inMetric[v])) best = v;
    const rank = averageRank(outMetric, best);
    const omega = rank / (n + 1);
    splits.push({ inSample, best, rank, logit: Math.log(omega / (1 - omega)) });
  }
  const overfit = splits.filter((split) => split.logit <= 0).length;
  return { probability: overfit / splits.length, splits, blocks: s, variants: n };
}

// ---------------------------------------------------------------------------------------------
// A search's diagnostics

export interface SearchDiagnostics {
  /** Variants with a result (the trials N). */
  readonly trials: number;
  /** Index (in the search) of the best feasible variant by the objective. */
  readonly bestIndex: number | null;
  /** Its Sharpe ratio per period, and its period count. */
  readonly bestSharpe: number | null;
  readonly periods: number | null;
  /** Variance of the trials' per-period Sharpe ratios. */
  readonly sharpeVariance: number | null;
  readonly deflated: DeflatedSharpe | null;
  /** With at least PBO_MIN_VARIANTS variants: CSCV over their blocks. */
  readonly pbo: Pbo | null;
}

/** The per-period Sharpe ratio of a run's returns (null when undefined). */
export const sharpeOf = (r: ReturnMoments): number | null => (r.count >= 2 && r.std > 0 ? r.mean / r.std : null);

/**
 * The deflated Sharpe ratio of the best feasible variant (by the objective) and the PBO of the
 * search, from the stored variant results. `blocks`: CSCV's S (16, or 8 from results kept in 16).
 */
export function searchDiagnostics(results: readonly VariantResult[], direction: ObjectiveDirection, blocks = 16): SearchDiagnostics {
  const ran = results.filter((r) => r.error === undefined);
  let best: VariantResult | undefined;
  for (const r of ran) {
    if (!r.feasible) continue;
    if (best === undefined || objectiveScore(r.objective, direction) > objectiveScore(best.objective, direction)) best = r;
  }
  const sharpes = ran.map((r) => sharpeOf(r.returns)).filter((x): x is number => x !== null);
  const mean = sharpes.reduce((a, b) => a + b, 0) / (sharpes.length || 1);
  const sharpeVariance = sharpes.length >= 2 ? sharpes.reduce((a, x) => a + (x - mean) ** 2, 0) / (sharpes.length - 1) : null;
  const bestSharpe = best === undefined ? null : sharpeOf(best.returns);
  const deflated =
    best !== undefined && bestSharpe !== null && sharpeVariance !== null
      ? deflatedSharpe({ sharpe: bestSharpe, periods: best.returns.count, skewness: best.returns.skewness, kurtosis: best.returns.kurtosis }, ran.length, sharpeVariance)
      : null;
  const withBlocks = ran.filter((r) => r.blocks.length > 0 && r.blocks.length % blocks === 0);
  const pbo = withBlocks.length >= PBO_MIN_VARIANTS ? probabilityOfBacktestOverfitting(withBlocks.map((r) => mergeBlocks(r.blocks, blocks)), 'sharpe') : null;
  return { trials: ran.length, bestIndex: best?.index ?? null, bestSharpe, periods: best?.returns.count ?? null, sharpeVariance, deflated, pbo };
}
