import { MONTE_CARLO_PERCENTILES, type Distribution, type FanChart, type Histogram, type MonteCarloMethod, type MonteCarloResult } from './montecarlo';
import type { MonteCarloBlocksPart } from './tasks';

/**
 * A Monte Carlo's simulations summed up: percentiles, histograms, the drawdown probability and the
 * fan chart. Pure: the `montecarlo.trades` task calls it, and main calls it to merge the parts of a
 * `montecarlo.blocks` run split over the pool.
 */

/**
 * The p-th percentile of ascending `sorted` by linear interpolation between the closest ranks
 * (numpy's default): position h = (N − 1)·p/100, value x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export const HISTOGRAM_BINS = 30;

export function histogram(sorted: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
  const n = sorted.length;
  if (n === 0) return { edges: [], counts: [] };
  const min = sorted[0];
  const max = sorted[n - 1];
  if (!(max > min)) return { edges: [min, max], counts: [n] };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((sorted[i] - min) / width))]++;
  return { edges, counts };
}

/** Percentiles, mean and histogram of `values` (NaN values, e.g. an undefined CAGR, left out). */
export function distribution(values: ArrayLike<number>, original: number | null): Distribution {
  const kept = Float64Array.from(Array.prototype.filter.call(values, (v: number) => Number.isFinite(v)) as number[]).sort();
  let sum = 0;
  for (let i = 0; i < kept.length; i++) sum += kept[i];
  return {
    percentiles: MONTE_CARLO_PERCENTILES.map((p) => percentile(kept, p)),
    mean: kept.length > 0 ? sum / kept.length : NaN,
    original,
    histogram: histogram(kept),
  };
}

export interface Simulations {
  readonly method: MonteCarloMethod;
  readonly seed: number;
  readonly finalEquity: ArrayLike<number>;
  readonly maxDrawdownPct: ArrayLike<number>;
  /** NaN where undefined; null when the run's duration is unknown. */
  readonly cagrPct: ArrayLike<number> | null;
  readonly original: { readonly finalEquity: number; readonly maxDrawdownPct: number; readonly cagrPct: number | null; readonly path: readonly number[] };
  readonly drawdownThresholdPct: number;
  /** Fan chart steps, and each simulation's equity at them (paths[run][step]). */
  readonly steps: readonly number[];
  readonly paths: readonly ArrayLike<number>[];
}

export function summarize(sim: Simulations): MonteCarloResult {
  const runs = sim.finalEquity.length;
  let deeper = 0;
  for (let i = 0; i < runs; i++) if (sim.maxDrawdownPct[i] > sim.drawdownThresholdPct) deeper++;
  return {
    method: sim.method,
    runs,
    seed: sim.seed,
    percentiles: [...MONTE_CARLO_PERCENTILES],
    finalEquity: distribution(sim.finalEquity, sim.original.finalEquity),
    maxDrawdownPct: distribution(sim.maxDrawdownPct, sim.original.maxDrawdownPct),
    cagrPct: sim.cagrPct === null ? null : distribution(sim.cagrPct, sim.original.cagrPct),
    drawdownThresholdPct: sim.drawdownThresholdPct,
    probabilityDrawdownBeyondThreshold: runs > 0 ? deeper / runs : NaN,
    fan: fanChart(sim.steps, sim.paths, sim.original.path),
  };
}

function fanChart(steps: readonly number[], paths: readonly ArrayLike<number>[], original: readonly number[]): FanChart {
  const column = new Float64Array(paths.length);
  const bands = MONTE_CARLO_PERCENTILES.map(() => new Array<number>(steps.length));
  for (let s = 0; s < steps.length; s++) {
    for (let r = 0; r < paths.length; r++) column[r] = paths[r][s];
    column.sort();
    MONTE_CARLO_PERCENTILES.forEach((p, k) => (bands[k][s] = percentile(column, p)));
  }
  return { steps: [...steps], bands, original: [...original] };
}

/** A blocks Monte Carlo from its parts (in any order; each run is seeded by its own number, so the split does not matter). */
export function mergeBlocksParts(parts: readonly MonteCarloBlocksPart[], rest: Omit<Simulations, 'finalEquity' | 'maxDrawdownPct' | 'cagrPct' | 'paths' | 'steps' | 'method'>): MonteCarloResult {
  const ordered = [...parts].sort((a, b) => a.from - b.from);
  const cagr = ordered.flatMap((p) => p.cagrPct.map((c) => (c === null ? NaN : c)));
  return summarize({
    ...rest,
    method: 'blocks',
    finalEquity: ordered.flatMap((p) => p.finalEquity),
    maxDrawdownPct: ordered.flatMap((p) => p.maxDrawdownPct),
    cagrPct: cagr,
    steps: ordered[0]?.steps ?? [],
    paths: ordered.flatMap((p) => p.paths),
  });
}
